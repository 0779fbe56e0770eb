"""Candidate pairs of distinct texts for the passage scorer: an inverted index on unordered pairs of content lemmas,
near-linear in the corpus (see `passages`, step 2)."""
from __future__ import annotations

import numpy as np

from audit.duplication._candidates import first_by_text, key_groups, pair_hits, texts_by_value


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
        if not distinct:  # (a caller's texts: each text's lemmas as a sorted set)
            row = np.repeat(np.arange(n_texts, dtype=idx), lens)
            order = np.lexsort((flat, row))
            flat, row = flat[order], row[order]
            keep = np.r_[True, (flat[1:] != flat[:-1]) | (row[1:] != row[:-1])]
            flat, lens = flat[keep], np.bincount(row[keep], minlength=n_texts).astype(np.int64)
            offsets = np.r_[0, np.cumsum(lens)]
            del row, order, keep
        del not_up
    # the keys, grouped by a compiled loop (`_candidates.key_groups`): lemma a in a text makes the keys (a, b) for the
    # text's greater lemmas b; each key's owners ascending
    ends = offsets[1:].astype(np.int64)
    per_value = np.zeros(v, dtype=np.int64)
    for s0 in range(0, len(flat), 1 << 22):  # (bincount reads its input as int64: a batch at a time)
        per_value += np.bincount(flat[s0:s0 + (1 << 22)], minlength=v)
    occ_start = np.r_[0, np.cumsum(per_value)].astype(np.int64)
    del per_value
    by_lemma = texts_by_value(flat, ends, occ_start)  # each lemma's texts, ascending
    owners, g_sizes, capped = key_groups(flat, ends, by_lemma, occ_start, v, cap)
    del by_lemma, flat
    if not len(g_sizes):
        return empty, empty, capped
    # hits(i, j), i < j = keys holding j whose first `window` texts include i (owners are sorted within a key):
    # the upper triangle of (first-window incidence)^T x (key incidence), one text's row at a time
    # (`_candidates.pair_hits`; its entries below the diagonal are never counted), the transpose (text x key) made
    # by a counting sort (`_candidates.first_by_text`)
    ptr = np.int32 if len(owners) < 2 ** 31 and len(g_sizes) < 2 ** 31 and n_texts < 2 ** 31 else np.int64
    bounds = np.zeros(len(g_sizes) + 1, dtype=ptr)
    np.cumsum(g_sizes, out=bounds[1:])
    del g_sizes
    owners = owners.astype(ptr, copy=False)  # (one index width for the compiled loops)
    t_ptr, t_keys = first_by_text(owners, bounds, window, n_texts)
    i, j = pair_hits(t_ptr, t_keys, bounds, owners, n_texts, min_hits)
    del t_ptr, t_keys, bounds, owners
    order = np.lexsort((j, i))
    return i[order], j[order], capped

