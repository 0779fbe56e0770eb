# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The passage candidates' counting loops, compiled (`passage_candidates.candidate_pairs`; its plain-Python definition
is `tests/test_duplication_memory3.py::_reference`):

- `key_groups`: the texts holding each lemma-pair key, grouped by a dense counter per first lemma (two passes: sizes,
  then owners, in ascending text order; no sort of the keys);
- `pair_hits`: the shared-key counts of text pairs, one text at a time (the product's upper triangle only).
"""
from libc.stdint cimport int32_t, int64_t

import numpy as np


ctypedef fused index_t:
    int32_t
    int64_t


def pair_hits(const index_t[::1] t_ptr, const index_t[::1] t_keys, const index_t[::1] bounds,
              const index_t[::1] owners, Py_ssize_t n_texts, int64_t min_hits):
    """The candidate pairs of `passage_candidates.candidate_pairs` from its two incidences: text i's keys
    (`t_keys[t_ptr[i]:t_ptr[i + 1]]`: the keys holding i among their first owners) and each key's owners
    (`owners[bounds[g]:bounds[g + 1]]`). hits(i, j) = the number of (key of i, owner j of that key) with j > i;
    returns the pairs (i, j) with hits >= min_hits, int64 arrays, by i then by j's first hit: the upper triangle of
    the sparse product (text x first-window key) x (key x text), one row at a time in a dense counter (the product's
    entries below the diagonal are never counted)."""
    cdef Py_ssize_t i, k, o, m, lo, n_touched, n_out = 0, cap = 1 << 16
    cdef index_t g, j
    counts_arr = np.zeros(max(n_texts, 1), dtype=np.int64)
    touched_arr = np.empty(max(n_texts, 1), dtype=np.int64)
    cdef int64_t[::1] counts = counts_arr
    cdef int64_t[::1] touched = touched_arr
    out_i_arr = np.empty(cap, dtype=np.int64)
    out_j_arr = np.empty(cap, dtype=np.int64)
    cdef int64_t[::1] out_i = out_i_arr
    cdef int64_t[::1] out_j = out_j_arr
    for i in range(n_texts):
        n_touched = 0
        for k in range(t_ptr[i], t_ptr[i + 1]):
            g = t_keys[k]
            for o in range(bounds[g], bounds[g + 1]):
                j = owners[o]
                if j <= i:
                    continue
                if counts[j] == 0:
                    touched[n_touched] = j
                    n_touched += 1
                counts[j] += 1
        for m in range(n_touched):
            j = touched[m]
            if counts[j] >= min_hits:
                if n_out == cap:
                    cap *= 2
                    out_i_arr = np.resize(out_i_arr, cap)
                    out_j_arr = np.resize(out_j_arr, cap)
                    out_i = out_i_arr
                    out_j = out_j_arr
                out_i[n_out] = i
                out_j[n_out] = j
                n_out += 1
            counts[j] = 0
    return out_i_arr[:n_out].copy(), out_j_arr[:n_out].copy()


def key_groups(const index_t[::1] flat, const int64_t[::1] ends, const index_t[::1] text_of,
               const index_t[::1] by_lemma, const int64_t[::1] occ_start, Py_ssize_t n_values, int64_t cap):
    """The lemma-pair keys of `passage_candidates.candidate_pairs`, grouped: the occurrence of lemma a at position
    r of a text t (`flat[ends[t - 1]:ends[t]]`, its lemmas ascending; `text_of[r]` = t) makes the keys (a, b) of the
    text's later lemmas b; a key's owners are the texts making it, ascending (`by_lemma`: the occurrences of each
    lemma a, `by_lemma[occ_start[a]:occ_start[a + 1]]`, by position). Returns (owners of the keys held by 2 to `cap` owners,
    concatenated; their sizes, int32; the number of keys held by more than `cap`), keys by a, then by the first use
    of b among a's occurrences. Two passes over the keys (sizes, then owners), a dense counter per lemma a: no sort."""
    cdef Py_ssize_t a, o, lo, q, m, n_touched, p
    cdef Py_ssize_t n_owners = 0, n_groups = 0, capped = 0, at = 0, g = 0, passes
    cdef index_t b
    counts_arr = np.zeros(max(n_values, 1), dtype=np.int64)
    touched_arr = np.empty(max(n_values, 1), dtype=np.int64)
    cdef int64_t[::1] counts = counts_arr
    cdef int64_t[::1] touched = touched_arr
    owners_arr = np.empty(0, dtype=np.int32 if index_t is int32_t else np.int64)
    sizes_arr = np.empty(0, dtype=np.int32)
    cdef index_t[::1] owners
    cdef int32_t[::1] sizes
    for passes in range(2):
        if passes == 1:
            owners_arr = np.empty(n_owners, dtype=np.int32 if index_t is int32_t else np.int64)
            sizes_arr = np.empty(n_groups, dtype=np.int32)
            owners = owners_arr
            sizes = sizes_arr
            at = 0
            g = 0
        for a in range(n_values):
            n_touched = 0
            for o in range(occ_start[a], occ_start[a + 1]):
                p = by_lemma[o]
                lo = text_of[p]
                for q in range(p + 1, ends[lo]):
                    b = flat[q]
                    if counts[b] == 0:
                        touched[n_touched] = b
                        n_touched += 1
                    counts[b] += 1
            if passes == 0:
                for m in range(n_touched):
                    b = <index_t>touched[m]
                    if counts[b] > cap:
                        capped += 1
                    elif counts[b] >= 2:
                        n_owners += counts[b]
                        n_groups += 1
                    counts[b] = 0
                continue
            # the kept keys' slots (in first-use order), then their owners in occurrence order (ascending texts)
            for m in range(n_touched):
                b = <index_t>touched[m]
                if 2 <= counts[b] <= cap:
                    sizes[g] = <int32_t>counts[b]
                    g += 1
                    counts[b] = -(at + 1)  # (a kept key's next slot, negated, + 1)
                    at += sizes[g - 1]
                else:
                    counts[b] = 0
            for o in range(occ_start[a], occ_start[a + 1]):
                p = by_lemma[o]
                lo = text_of[p]
                for q in range(p + 1, ends[lo]):
                    b = flat[q]
                    if counts[b] < 0:
                        owners[-counts[b] - 1] = <index_t>lo
                        counts[b] -= 1
            for m in range(n_touched):
                counts[touched[m]] = 0
    return owners_arr, sizes_arr, capped
