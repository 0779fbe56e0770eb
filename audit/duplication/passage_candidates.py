"""Candidate pairs of distinct texts for the passage scorer: an inverted index on unordered pairs of content lemmas,
near-linear in the corpus (see `passages`, step 2)."""
from __future__ import annotations

import numpy as np

from audit.duplication.passage_texts import segments
from audit.duplication.shingles import unique_ints


def candidate_pairs(lens: np.ndarray, flat: np.ndarray, n_vocab: int, cap: int, window: int = 8,
                    min_hits: int = 1, max_products: int = 1_000_000, batch_keys: int = 1 << 21
                    ) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs (i < j, two sorted int64 arrays, unique) of texts sharing at least `min_hits` unordered pairs of
    content lemmas, each held by at most `cap` texts (`lens`: lemmas per text, `flat`: their columns, concatenated).
    Keys are computed with numpy: one (key, text) row per lemma pair of each text; hits per pair come from a sparse
    product of text x key incidences. A key held by more than `window` texts pairs each of them with the key's
    first `window` texts only (a sentence rewritten on hundreds of pages
    meets its first variants, not all of them: linear work, and rows are capped anyway). Two texts sharing 4 content
    lemmas share 6 lemma pairs: with `min_hits` up to 6 every pair that can score (`passage_min_shared_lemmas` = 4)
    is proposed unless its keys are too common."""
    empty = np.zeros(0, dtype=np.int64)
    n_texts = len(lens)
    v = max(n_vocab, 1)
    shift = max(n_texts - 1, 1).bit_length()
    packed = (v * v) < 2 ** (62 - shift)  # key << shift | owner in one int64: one sort, owners sorted per key
    lens = np.asarray(lens, dtype=np.int64)
    offsets = np.r_[0, np.cumsum(lens)]
    flat = np.asarray(flat)
    idx = np.int32 if len(flat) < 2 ** 31 and n_texts < 2 ** 31 else np.int64
    flat = flat.astype(idx, copy=False)
    if len(flat) > 1:  # each text's lemma columns ascending (they are: sorted lemma ids, numbered in order)
        not_up = np.flatnonzero(np.diff(flat) <= 0) + 1
        if not np.isin(not_up, offsets).all():
            row = np.repeat(np.arange(n_texts, dtype=idx), lens)
            flat = flat[np.lexsort((flat, row))]
            del row
        del not_up
    flat = flat.astype(idx, copy=False)
    # keys are generated in key order, a batch of first lemmas at a time (memory: one batch of keys, never all):
    # the occurrence of lemma a at position r of a text of L lemmas makes the keys (a, b) for its L - 1 - r
    # later (greater) lemmas b
    ends = offsets[1:]

    def rest_of(occ: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(text, number of later lemmas) of the occurrences `occ`."""
        text = np.searchsorted(ends, occ, side="right")
        return text, ends[text] - 1 - occ

    by_lemma = _by_value(flat, v).astype(idx, copy=False)  # occurrences by lemma, then by text
    per_lemma = np.zeros(v, dtype=np.int64)
    for s0 in range(0, len(flat), 1 << 20):
        occ = np.arange(s0, min(s0 + (1 << 20), len(flat)), dtype=np.int64)
        per_lemma += np.bincount(flat[occ], weights=rest_of(occ)[1], minlength=v).astype(np.int64)
    per_value = np.zeros(v, dtype=np.int64)
    for s0 in range(0, len(flat), 1 << 22):  # (bincount reads its input as int64: a batch at a time)
        per_value += np.bincount(flat[s0:s0 + (1 << 22)], minlength=v)
    occ_start = np.r_[0, np.cumsum(per_value)]
    del per_value
    total = int(per_lemma.sum())
    if not total:
        return empty, empty, 0
    cum = np.cumsum(per_lemma)
    del per_lemma
    cuts = np.searchsorted(cum, np.arange(1, -(-total // batch_keys)) * batch_keys) + 1
    bounds_a = unique_ints(np.r_[0, np.minimum(cuts, v), v]).tolist()
    own_type = np.int32 if n_texts < 2 ** 31 else np.int64
    kept_owners, kept_sizes = [], []
    capped = 0
    mask = np.int64((1 << shift) - 1)
    for a0, a1 in zip(bounds_a[:-1], bounds_a[1:]):
        occ = by_lemma[occ_start[a0]:occ_start[a1]].astype(np.int64)
        text, n_b = rest_of(occ)
        src = segments(occ + 1, n_b)
        keys = np.repeat(flat[occ].astype(np.int64), n_b) * v + flat[src]
        del src
        owner = np.repeat(text, n_b)
        del occ, n_b, text
        if not len(keys):
            continue
        if packed:
            keys <<= shift
            keys |= owner
            del owner
            keys.sort()
            owners = (keys & mask).astype(own_type)
            keys >>= shift
        else:
            order = np.lexsort((owner, keys))
            keys, owners = keys[order], owner[order].astype(own_type)
            del order, owner
        starts = np.r_[0, np.flatnonzero(keys[1:] != keys[:-1]) + 1]
        sizes = np.diff(np.r_[starts, len(keys)])
        del keys, starts
        capped += int((sizes > cap).sum())
        ok = (sizes >= 2) & (sizes <= cap)
        kept_owners.append(owners[np.repeat(ok, sizes)])  # the owners of the groups that propose candidates
        kept_sizes.append(sizes[ok].astype(np.int32))  # (sizes <= cap)
        del owners, sizes, ok
    del by_lemma, flat
    owners = np.empty(sum(map(len, kept_owners)), dtype=own_type)  # (filled batch by batch: never held twice)
    at = 0
    while kept_owners:
        x = kept_owners.pop(0)
        owners[at:at + len(x)] = x
        at += len(x)
        del x
    g_sizes = np.concatenate(kept_sizes) if kept_sizes else np.zeros(0, dtype=np.int32)
    del kept_sizes
    if not len(g_sizes):
        return empty, empty, capped
    # hits(i, j), i < j = keys holding j whose first `window` texts include i (owners are sorted within a key):
    # (first-window incidence)^T x (key incidence), in row chunks
    from scipy import sparse

    ptr = np.int32 if len(owners) < 2 ** 31 else np.int64
    bounds = np.zeros(len(g_sizes) + 1, dtype=ptr)
    np.cumsum(g_sizes, out=bounds[1:])
    keys_x_texts = sparse.csr_matrix((np.ones(len(owners), dtype=np.int32), owners, bounds),
                                     shape=(len(g_sizes), n_texts))
    n_first = np.minimum(g_sizes, window)
    big = np.flatnonzero(g_sizes > window)  # keys whose owners past the first `window` are not in `first`
    if len(big):
        keep = np.ones(len(owners), dtype=bool)
        keep[segments(bounds[big].astype(np.int64) + window, (g_sizes[big] - window).astype(np.int64))] = False
        first = owners[keep]
        del keep
    else:
        first = owners
    del owners, big
    first_ptr = np.zeros(len(g_sizes) + 1, dtype=ptr)
    np.cumsum(n_first, out=first_ptr[1:])
    texts_x_first = sparse.csr_matrix((np.ones(len(first), dtype=np.int32), first, first_ptr),
                                      shape=(len(g_sizes), n_texts)).T.tocsr()
    del first, first_ptr
    out_i, out_j = [], []
    products = sum(int((n_first[s:s + (1 << 22)].astype(np.int64) * g_sizes[s:s + (1 << 22)]).sum())
                   for s in range(0, len(g_sizes), 1 << 22))
    del n_first, g_sizes, bounds
    step = -(-n_texts // -(-products // max_products))  # about `max_products` products per chunk (memory)
    for r0 in range(0, n_texts, step):
        c = (texts_x_first[r0:r0 + step] @ keys_x_texts).tocsr()
        at = np.flatnonzero(c.data >= min_hits)
        rows = np.searchsorted(c.indptr, at, side="right") - 1 + r0
        cols = c.indices[at].astype(np.int64)
        out_i.append(rows[cols > rows])
        out_j.append(cols[cols > rows])
        del c, at
    i, j = np.concatenate(out_i), np.concatenate(out_j)
    order = np.lexsort((j, i))
    return i[order], j[order], capped


def _by_value(values: np.ndarray, n_values: int) -> np.ndarray:
    """`np.argsort(values, kind="stable")` of non-negative ints below `n_values`: one in-place sort of (value,
    position) packed in an int64 (8 bytes an item where argsort needs about 24), positions as int32 where they fit."""
    n = len(values)
    if n >= 2 ** 31 or n_values >= 2 ** 31:
        return np.argsort(values, kind="stable")
    packed = values.astype(np.int64)
    packed <<= 32
    for s in range(0, n, 1 << 22):  # (positions a batch at a time: no second array of n int64)
        packed[s:s + (1 << 22)] |= np.arange(s, min(s + (1 << 22), n), dtype=np.int64)
    packed.sort()
    return packed.view(np.int32)[0::2].copy() if np.little_endian else (packed & 0xFFFFFFFF).astype(np.int32)
