"""100,000 pages under 2 GB (#14/#15): the steps that peaked at 100k, in less memory, give the same results."""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from audit.duplication._candidates import first_by_text
from audit.duplication.passage_candidates import candidate_pairs


@pytest.mark.parametrize("n_lemmas", [256, 257, 300])
def test_candidate_hits_never_overflow_their_type(n_lemmas):
    # two texts with the same n lemmas share C(n, 2) keys: 32,640 (int16 holds it), 32,896 and 44,850 (it does not)
    lens = np.array([n_lemmas, n_lemmas, 3])
    flat = np.r_[np.arange(n_lemmas), np.arange(n_lemmas), [0, 1, 2]].astype(np.int32)
    shared = n_lemmas * (n_lemmas - 1) // 2
    i, j, capped = candidate_pairs(lens, flat, n_lemmas, 200, 8, shared)
    assert (i.tolist(), j.tolist(), capped) == ([0], [1], 0)
    i, j, _ = candidate_pairs(lens, flat, n_lemmas, 200, 8, shared + 1)
    assert not len(i)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("window", [1, 3, 8])
def test_first_window_transposed_is_the_definition(seed, window):
    rng = np.random.default_rng(seed)
    n_texts = 50
    groups = [np.unique(rng.integers(0, n_texts, int(rng.integers(1, 12)))) for _ in range(400)]
    owners = np.concatenate(groups).astype(np.int32)
    bounds = np.r_[0, np.cumsum([len(g) for g in groups])].astype(np.int32)
    t_ptr, t_keys = first_by_text(owners, bounds, window, n_texts)
    want = [[k for k, g in enumerate(groups) if t in g[:window].tolist()] for t in range(n_texts)]
    assert [t_keys[t_ptr[t]:t_ptr[t + 1]].tolist() for t in range(n_texts)] == want


def test_candidate_pairs_with_repeated_lemmas_count_every_key():
    # a text listing a lemma twice (not what the audit makes, but accepted): counted as before, in int32
    texts = [[1, 2, 2, 3], [1, 2, 3], [2, 3, 4]]
    lens = np.array([len(t) for t in texts])
    flat = np.array([x for t in texts for x in t], dtype=np.int32)
    hits = {}
    for a, b in combinations(range(3), 2):
        keys_a = [k for k in combinations(texts[a], 2)]
        keys_b = set(combinations(texts[b], 2))
        hits[a, b] = sum(1 for k in keys_a if k in keys_b)
    i, j, _ = candidate_pairs(lens, flat, 5, 200, 8, 1)
    assert set(zip(i.tolist(), j.tolist())) == {p for p, h in hits.items() if h >= 1}
