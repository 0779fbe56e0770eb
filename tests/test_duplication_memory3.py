"""The duplication job's candidate index in less memory (#14/#15): the occurrence sort as a counting sort a batch
at a time, the transposed first-window matrix built directly; the same candidate pairs."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import numpy as np
import pytest

from audit.duplication.passage_candidates import _by_value, candidate_pairs


def _reference(texts: list[list[int]], cap: int, window: int, min_hits: int) -> set[tuple[int, int]]:
    owners = defaultdict(list)
    for t, lemmas in enumerate(texts):
        for key in combinations(sorted(set(lemmas)), 2):
            owners[key].append(t)
    hits: dict[tuple[int, int], int] = defaultdict(int)
    for group in owners.values():
        if not 2 <= len(group) <= cap:
            continue
        for i in group[:window]:
            for j in group:
                if i < j:
                    hits[i, j] += 1
    return {p for p, h in hits.items() if h >= min_hits}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("window,min_hits", [(8, 1), (2, 1), (3, 2)])
def test_candidate_pairs_are_the_definitions(seed, window, min_hits):
    rng = np.random.default_rng(seed)
    vocab = 30
    texts = [sorted(set(rng.integers(0, vocab, int(rng.integers(0, 7))).tolist())) for _ in range(300)]
    lens = np.array([len(t) for t in texts])
    flat = np.array([x for t in texts for x in t], dtype=np.int32)
    i, j, _ = candidate_pairs(lens, flat, vocab, 40, window, min_hits)
    assert (np.diff(i) >= 0).all()
    assert set(zip(i.tolist(), j.tolist())) == _reference(texts, 40, window, min_hits)
    assert len(set(zip(i.tolist(), j.tolist()))) == len(i)


@pytest.mark.parametrize("n,values,batch", [(0, 5, 7), (1, 1, 7), (1000, 3, 7), (20_000, 50, 333),
                                            (20_000, 20_000, 4096), (5_000, 2 ** 31 - 1, 100)])
def test_counting_sort_in_batches_is_a_stable_argsort(n, values, batch):
    x = np.random.default_rng(n).integers(0, values, n).astype(np.int32 if values < 2 ** 31 else np.int64)
    want = np.argsort(x, kind="stable")
    np.testing.assert_array_equal(_by_value(x, values, batch=batch), want)
    if values < 1 << 20:
        starts = np.r_[0, np.cumsum(np.bincount(x, minlength=values))]
        got = _by_value(x, values, starts, lambda pos: (pos * 3).astype(np.int32), batch=batch)
        assert got.dtype == np.int32
        np.testing.assert_array_equal(got, want * 3)
