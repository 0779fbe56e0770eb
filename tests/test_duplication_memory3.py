"""The duplication job's candidate index in less memory (#14/#15) and time: the occurrence sort and the transposed
first-window matrix as compiled counting sorts, each lemma's keys grouped in one visit; the same candidate pairs."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import numpy as np
import pytest

from audit.duplication._candidates import first_by_text, key_groups, pair_hits, texts_by_value
from audit.duplication.passage_candidates import candidate_pairs


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


@pytest.mark.parametrize("n,values", [(0, 5), (1, 1), (1000, 3), (20_000, 50), (20_000, 20_000), (5_000, 2 ** 20)])
@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_counting_sort_gives_each_values_texts(n, values, dtype):
    rng = np.random.default_rng(n)
    x = rng.integers(0, values, n).astype(dtype)
    lens = np.diff(np.r_[0, np.sort(rng.integers(0, n + 1, n // 5)), n])  # texts of any length, empty ones too
    starts = np.r_[0, np.cumsum(np.bincount(x, minlength=values))].astype(np.int64)
    got = texts_by_value(x, np.cumsum(lens), starts)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, np.repeat(np.arange(len(lens)), lens)[np.argsort(x, kind="stable")])


def test_the_compiled_loops_give_the_same_with_64_bit_indexes():
    rng = np.random.default_rng(5)
    texts = [sorted(set(rng.integers(0, 40, int(rng.integers(0, 9))).tolist())) for _ in range(400)]
    lens = np.array([len(t) for t in texts], dtype=np.int64)
    got = []
    for dtype in (np.int32, np.int64):
        flat = np.array([x for t in texts for x in t], dtype=dtype)
        starts = np.r_[0, np.cumsum(np.bincount(flat, minlength=40))].astype(np.int64)
        ends = np.cumsum(lens)
        owners, sizes, capped = key_groups(flat, ends, texts_by_value(flat, ends, starts), starts, 40, 6)
        bounds = np.r_[0, np.cumsum(sizes)].astype(dtype)
        owners = owners.astype(dtype)
        t_ptr, t_keys = first_by_text(owners, bounds, 3, len(texts))
        got.append((owners.tolist(), sizes.tolist(), capped, *(x.tolist() for x in pair_hits(t_ptr, t_keys, bounds,
                                                                                             owners, len(texts), 2))))
    assert got[0] == got[1]
    assert got[0][2] > 0 and len(got[0][3]) > 0  # some keys capped, some pairs found


def _key_groups_reference(texts: list[list[int]], n_values: int, cap: int):
    """`key_groups` in plain Python: for each lemma a (ascending), its texts in order, each making the keys (a, b) of
    its greater lemmas b; keys of 2 to `cap` owners, by a then by first use; owners in order."""
    holders = defaultdict(list)
    for t, lemmas in enumerate(texts):
        for a in lemmas:
            holders[a].append(t)
    owners, sizes, capped = [], [], 0
    for a in range(n_values):
        if len(holders[a]) < 2:
            continue
        keys: dict[int, list[int]] = {}
        for t in holders[a]:
            for b in texts[t]:
                if b > a:
                    keys.setdefault(b, []).append(t)
        for group in keys.values():
            if len(group) > cap:
                capped += 1
            elif len(group) >= 2:
                owners += group
                sizes.append(len(group))
    return owners, sizes, capped


def test_key_groups_is_its_definition_and_writes_within_its_bound():
    """The owners array is allocated once at a bound on what `key_groups` writes (no growth, no copy); texts whose
    lemmas are not strictly ascending are refused (`candidate_pairs` makes each text's lemmas a sorted set first)."""
    rng = np.random.default_rng(7)
    texts = [sorted(set(rng.integers(0, 60, int(rng.integers(0, 12))).tolist())) for _ in range(500)]
    lens = np.array([len(t) for t in texts], dtype=np.int64)
    flat = np.array([x for t in texts for x in t], dtype=np.int32)
    starts = np.r_[0, np.cumsum(np.bincount(flat, minlength=60))].astype(np.int64)
    ends = np.cumsum(lens)
    owners, sizes, capped = key_groups(flat, ends, texts_by_value(flat, ends, starts), starts, 60, 9)
    want = _key_groups_reference(texts, 60, 9)
    assert (owners.tolist(), sizes.tolist(), capped) == want
    assert len(want[0]) > 1000 and want[2] > 0
    assert owners.base is not None and sizes.base is not None  # views of the arrays allocated at the bound
    texts[0] = [3, 3, 5]  # a repeated lemma
    lens[0] = 3
    flat = np.array([x for t in texts for x in t], dtype=np.int32)
    starts = np.r_[0, np.cumsum(np.bincount(flat, minlength=60))].astype(np.int64)
    ends = np.cumsum(lens)
    with pytest.raises(ValueError, match="strictly ascending"):
        key_groups(flat, ends, texts_by_value(flat, ends, starts), starts, 60, 9)


def test_candidate_pairs_of_texts_with_repeated_or_unsorted_lemmas_are_those_of_their_sets():
    rng = np.random.default_rng(11)
    texts = [rng.integers(0, 25, int(rng.integers(0, 9))).tolist() for _ in range(300)]
    assert any(len(set(t)) < len(t) for t in texts) and any(t != sorted(t) for t in texts)
    lens = np.array([len(t) for t in texts])
    flat = np.array([x for t in texts for x in t], dtype=np.int64)
    i, j, _ = candidate_pairs(lens, flat, 25, 40, 3, 2)
    assert set(zip(i.tolist(), j.tolist())) == _reference(texts, 40, 3, 2)
    assert len(i) > 100
