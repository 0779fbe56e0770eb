"""Candidate pairs of distinct texts for the passage scorer: an inverted index on unordered pairs of content lemmas,
near-linear in the corpus (see `passages`, step 2)."""
from __future__ import annotations

import numpy as np

from audit.duplication._candidates import key_groups, pair_hits
from audit.duplication.passage_texts import segments


def candidate_pairs(lens: np.ndarray, flat: np.ndarray, n_vocab: int, cap: int, window: int = 8,
                    min_hits: int = 1) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs (i < j, two sorted int64 arrays, unique) of texts sharing at least `min_hits` unordered pairs of
    content lemmas, each held by at most `cap` texts (`lens`: lemmas per text, `flat`: their columns, concatenated).
    Keys are grouped by a compiled loop (`_candidates.key_groups`: one (key, text) entry per lemma pair of each text,
    each key's texts ascending, no sort); hits per pair are counted by another, one text at a time
    (`_candidates.pair_hits`: the upper triangle of the product of the text x key incidences). A key held by more than
    `window` texts pairs each of them with the key's first `window` texts only (a sentence rewritten on hundreds of
    pages meets its first variants, not all of them: linear work, and rows are capped anyway). Two texts sharing 4
    content lemmas share 6 lemma pairs: with `min_hits` up to 6 every pair that can score
    (`passage_min_shared_lemmas` = 4) is proposed unless its keys are too common. The definition, in plain Python:
    `tests/test_duplication_memory3.py::_reference`."""
    empty = np.zeros(0, dtype=np.int64)
    n_texts = len(lens)
    v = max(n_vocab, 1)
    lens = np.asarray(lens, dtype=np.int64)
    offsets = np.r_[0, np.cumsum(lens)]
    flat = np.asarray(flat)
    idx = np.int32 if len(flat) < 2 ** 31 and n_texts < 2 ** 31 else np.int64
    flat = flat.astype(idx, copy=False)
    distinct = True
    if len(flat) > 1:  # each text's lemma columns ascending (they are: sorted lemma ids, numbered in order)
        last = len(flat) - 1  # (np.diff's copy a batch at a time)
        not_up = np.concatenate([np.flatnonzero(flat[s + 1:min(s + (1 << 22), last) + 1]
                                                <= flat[s:min(s + (1 << 22), last)]) + (s + 1)
                                 for s in range(0, last, 1 << 22)])
        distinct = bool(np.isin(not_up, offsets).all())  # strictly ascending: distinct lemmas in every text
        if not distinct:
            row = np.repeat(np.arange(n_texts, dtype=idx), lens)
            flat = flat[np.lexsort((flat, row))]
            del row
        del not_up
    flat = flat.astype(idx, copy=False)
    # the keys, grouped by a compiled loop (`_candidates.key_groups`): the occurrence of lemma a at position r of a text
    # of L lemmas makes the keys (a, b) for its L - 1 - r later (greater) lemmas b; each key's owners ascending
    ends = offsets[1:].astype(np.int64)
    per_value = np.zeros(v, dtype=np.int64)
    for s0 in range(0, len(flat), 1 << 22):  # (bincount reads its input as int64: a batch at a time)
        per_value += np.bincount(flat[s0:s0 + (1 << 22)], minlength=v)
    occ_start = np.r_[0, np.cumsum(per_value)].astype(np.int64)
    del per_value
    by_lemma = _by_value(flat, v, occ_start).astype(idx, copy=False)  # occurrences by lemma, then by text
    text_of = np.repeat(np.arange(n_texts, dtype=idx), lens)  # each occurrence's text
    owners, g_sizes, capped = key_groups(flat, ends, text_of, by_lemma, occ_start, v, cap)
    del by_lemma, flat, text_of
    if not len(g_sizes):
        return empty, empty, capped
    # hits(i, j), i < j = keys holding j whose first `window` texts include i (owners are sorted within a key):
    # the upper triangle of (first-window incidence)^T x (key incidence), one text's row at a time
    # (`_candidates.pair_hits`; its entries below the diagonal are never counted)
    ptr = np.int32 if len(owners) < 2 ** 31 else np.int64
    bounds = np.zeros(len(g_sizes) + 1, dtype=ptr)
    np.cumsum(g_sizes, out=bounds[1:])
    n_first = np.minimum(g_sizes, window).astype(np.int32)
    del g_sizes
    # its transpose (text x key) built directly from `owners`: the first `window` owners of a batch of keys at a
    # time (never all of them copied), each text's keys ascending
    t_ptr, t_keys, _ = _first_by_text(owners, bounds, n_first, n_texts, ptr)
    del n_first
    arrays = (t_ptr, t_keys, bounds, owners)
    if any(x.dtype != np.int32 for x in arrays):  # (one index width for the compiled loop)
        arrays = tuple(x.astype(np.int64, copy=False) for x in arrays)
    del t_ptr, t_keys, bounds, owners
    i, j = pair_hits(*arrays, n_texts, min_hits)
    del arrays
    order = np.lexsort((j, i))
    return i[order], j[order], capped


def _first_by_text(owners: np.ndarray, bounds: np.ndarray, n_first: np.ndarray, n_texts: int, ptr_type,
                   batch: int = 1 << 19) -> tuple[np.ndarray, np.ndarray, int]:
    """The first-window incidence transposed, as CSR arrays: `t_ptr` (per text) and `t_keys` (the keys holding the
    text among their first `n_first[key]` owners, ascending), and the most keys of one text. Key `g` owns
    `owners[bounds[g]:bounds[g + 1]]`. A counting sort over the keys' first owners, read from `owners` about
    `batch` entries at a time in key order: besides the result, memory for one batch."""
    n_groups = len(n_first)
    step = max(1, batch // max(int(n_first.max()) if n_groups else 1, 1))

    def first_owners(g0: int, g1: int) -> np.ndarray:
        return owners[segments(bounds[g0:g1].astype(np.int64), n_first[g0:g1].astype(np.int64))]

    per_text = np.zeros(n_texts, dtype=np.int64)
    for g0 in range(0, n_groups, step):
        per_text += np.bincount(first_owners(g0, min(g0 + step, n_groups)), minlength=n_texts)
    t_ptr = np.zeros(n_texts + 1, dtype=ptr_type)
    np.cumsum(per_text, out=t_ptr[1:])
    most = int(per_text.max()) if n_texts else 0
    del per_text
    t_keys = np.empty(int(t_ptr[-1]), dtype=np.int32 if n_groups < 2 ** 31 else np.int64)
    cursor = t_ptr[:-1].astype(np.int64)  # each text's next slot
    bits = max(n_groups - 1, 1).bit_length()
    fits = max(n_texts - 1, 1).bit_length() + bits <= 62
    for g0 in range(0, n_groups, step):
        g1 = min(g0 + step, n_groups)
        text = first_owners(g0, g1).astype(np.int64)
        key = np.repeat(np.arange(g0, g1, dtype=np.int64), n_first[g0:g1])
        if fits:  # (text, key) packed in one int64: one sort
            text <<= bits
            text |= key
            text.sort()
            key = text & np.int64((1 << bits) - 1)
            text >>= bits
        else:
            order = np.lexsort((key, text))
            text, key = text[order], key[order]
            del order
        first = np.r_[0, np.flatnonzero(text[1:] != text[:-1]) + 1] if len(text) else np.zeros(0, dtype=np.int64)
        size = np.diff(np.r_[first, len(text)])
        dest = np.arange(len(text), dtype=np.int64)
        dest += np.repeat(cursor[text[first]] - first, size)
        cursor[text[first]] += size
        t_keys[dest] = key
        del text, key, first, size, dest
    return t_ptr, t_keys, most


def _by_value(values: np.ndarray, n_values: int, starts: np.ndarray | None = None, payload=None,
              batch: int = 1 << 19) -> np.ndarray:
    """`np.argsort(values, kind="stable")` of non-negative ints below `n_values` (or, with `payload`, `payload` of
    those positions: a function of an int64 array of positions), by a counting sort: `starts` (int64, n_values + 1)
    is where each value's run begins in the result (None: counted here). One batch of `values` at a time is sorted (value and position
    packed in an int64) and written into its runs' next slots: besides the result (int32 where positions fit),
    memory for one batch."""
    n = len(values)
    if payload is None:
        out = np.empty(n, dtype=np.int32 if n < 2 ** 31 else np.int64)
    else:
        out = None
    if starts is None and payload is None and n_values > 4 * n + (1 << 20):  # (few values over a wide range)
        return np.argsort(values, kind="stable")
    if starts is None:
        cursor = np.zeros(max(n_values, 1), dtype=np.int64)
        for s in range(0, n, batch):
            cursor += np.bincount(values[s:s + batch], minlength=len(cursor))
        cursor = np.r_[0, np.cumsum(cursor)[:-1]]
    else:
        cursor = np.asarray(starts[:-1], dtype=np.int64).copy()
    bits = max(n - 1, 1).bit_length()
    fits = max(n_values - 1, 1).bit_length() + bits <= 62
    low = np.int64((1 << bits) - 1)
    for s in range(0, n, batch):
        e = min(s + batch, n)
        if fits:
            packed = values[s:e].astype(np.int64)
            packed <<= bits
            packed |= np.arange(s, e, dtype=np.int64)
            packed.sort()
            value = packed >> bits
            packed &= low
            pos = packed
            del packed
        else:
            order = np.argsort(values[s:e], kind="stable")
            value = values[s:e][order].astype(np.int64)
            pos = order + s
            del order
        first = np.r_[0, np.flatnonzero(value[1:] != value[:-1]) + 1]
        size = np.diff(np.r_[first, e - s])
        dest = np.arange(e - s, dtype=np.int64)
        dest += np.repeat(cursor[value[first]] - first, size)
        cursor[value[first]] += size
        got = pos if payload is None else payload(pos)
        if out is None:
            out = np.empty(n, dtype=got.dtype)
        out[dest] = got
        del value, pos, first, size, dest, got
    if out is None:
        out = np.empty(0, dtype=np.int32) if payload is None else payload(np.zeros(0, dtype=np.int64))
    return out
