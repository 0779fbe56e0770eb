# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The passage candidates' counting loops, compiled (`passage_candidates.candidate_pairs`; its plain-Python definition
is `tests/test_duplication_memory3.py::_reference`):

- `texts_by_value`: the texts holding each lemma, ascending (a counting sort);
- `key_groups`: the texts holding each lemma-pair key, one first lemma at a time (its occurrences' keys counted in a
  dense counter, then, while they are in cache, the kept keys' owners written in ascending text order; no sort);
- `first_by_text`: the keys of each text among whose first owners it is (a counting sort: the incidence transposed);
- `pair_hits`: the shared-key counts of text pairs, one text at a time (the product's upper triangle only).
"""
from libc.stdint cimport int32_t, int64_t

import numpy as np


ctypedef fused index_t:
    int32_t
    int64_t


def key_groups(const index_t[::1] flat, const int64_t[::1] ends, const index_t[::1] by_lemma,
               const int64_t[::1] occ_start, Py_ssize_t n_values, int64_t cap):
    """The lemma-pair keys of `passage_candidates.candidate_pairs`, grouped: lemma a in a text t (`flat[ends[t - 1]:
    ends[t]]`, its lemmas strictly ascending) makes the keys (a, b) of the text's greater lemmas b; a key's owners
    are the texts making it, ascending (`by_lemma`: the texts holding each lemma a, ascending, `by_lemma[occ_start[
    a]:occ_start[a + 1]]`: `texts_by_value`). Returns (owners of the keys held by 2 to `cap` owners, concatenated;
    their sizes, int32; the number of keys held by more than `cap`), keys by a, then by the first use of b among a's
    texts. One lemma a at a time, in a dense counter: its keys counted, then (while a's texts are in cache) the kept
    keys' owners written into their slots; no sort. The output is allocated once at a bound (`_owner_bound`) and
    written from its start: only the pages written become resident (no growth, no copy: the owners and sizes
    returned are views of it). A text whose lemmas are not strictly ascending: ValueError."""
    cdef Py_ssize_t a, o, q, m, n_touched, s, e
    cdef Py_ssize_t n_owners = 0, n_groups = 0, capped = 0, g_cap, o_cap
    cdef index_t b, c, t
    counts_arr = np.zeros(max(n_values, 1), dtype=np.int32 if index_t is int32_t else np.int64)
    touched_arr = np.empty(max(n_values, 1), dtype=counts_arr.dtype)
    cdef index_t[::1] counts = counts_arr
    cdef index_t[::1] touched = touched_arr
    o_cap = _owner_bound(flat, ends, occ_start)
    g_cap = o_cap // 2  # (a kept key has two owners or more)
    owners_arr = np.empty(max(o_cap, 1), dtype=counts_arr.dtype)
    sizes_arr = np.empty(max(g_cap, 1), dtype=np.int32)
    cdef index_t[::1] owners = owners_arr
    cdef int32_t[::1] sizes = sizes_arr
    cdef Py_ssize_t block, most = 0
    for a in range(n_values):
        most = max(most, occ_start[a + 1] - occ_start[a])
    at_arr = np.empty(max(most, 1), dtype=np.int64)  # (a's position in each of its texts, found once)
    cdef int64_t[::1] at = at_arr
    for a in range(n_values):
        if occ_start[a + 1] - occ_start[a] < 2:  # (a lemma of one text: its keys have one owner)
            continue
        n_touched = 0
        for o in range(occ_start[a], occ_start[a + 1]):
            t = by_lemma[o]
            q = ends[t - 1] if t else 0
            e = ends[t]
            while flat[q] != a:  # (a is in the text: its position, then the greater lemmas)
                q += 1
            at[o - occ_start[a]] = q
            for q in range(q + 1, e):
                b = flat[q]
                if counts[b] == 0:
                    touched[n_touched] = b
                    n_touched += 1
                counts[b] += 1
        block = 0
        for m in range(n_touched):  # the kept keys: sizes, and slots in a's block (in first-use order)
            b = touched[m]
            c = counts[b]
            if c > cap:
                capped += 1
                counts[b] = 0
            elif c >= 2:
                if n_groups == g_cap:
                    raise AssertionError("key_groups: more keys than their bound")
                sizes[n_groups] = <int32_t>c
                n_groups += 1
                counts[b] = <index_t>(-(block + 1))  # (a kept key's next slot in a's block, negated, + 1)
                block += c
            else:
                counts[b] = 0
        if block == 0:
            continue
        if n_owners + block > o_cap:
            raise AssertionError("key_groups: more owners than their bound")
        for o in range(occ_start[a], occ_start[a + 1]):
            t = by_lemma[o]
            e = ends[t]
            for q in range(at[o - occ_start[a]] + 1, e):
                b = flat[q]
                if counts[b] < 0:
                    owners[n_owners - counts[b] - 1] = t
                    counts[b] -= 1
        for m in range(n_touched):
            counts[touched[m]] = 0
        n_owners += block
    return owners_arr[:n_owners], sizes_arr[:n_groups], capped


cdef int64_t _owner_bound(const index_t[::1] flat, const int64_t[::1] ends, const int64_t[::1] occ_start) except -1:
    """The most owners `key_groups` can write: an owner is written once for a lemma of a text held by two texts or
    more and a greater lemma of the same text; a kept key's lemma b is also held by two texts (two owners), so only
    such lemmas count: a text with m of them writes at most m (m - 1) / 2 owners. ValueError if a text's lemmas are
    not strictly ascending."""
    cdef Py_ssize_t t, q, s = 0, e
    cdef int64_t m, bound = 0
    for t in range(len(ends)):
        e = ends[t]
        m = 0
        for q in range(s, e):
            if q > s and flat[q] <= flat[q - 1]:
                raise ValueError("key_groups: a text's lemmas are not strictly ascending")
            if occ_start[flat[q] + 1] - occ_start[flat[q]] >= 2:
                bound += m
                m += 1
        s = e
    return bound


def first_by_text(const index_t[::1] owners, const index_t[::1] bounds, int64_t window, Py_ssize_t n_texts):
    """The first-window incidence transposed: text i's keys (ascending) are `t_keys[t_ptr[i]:t_ptr[i + 1]]`, the
    keys g holding i among their first `window` owners (`owners[bounds[g]:bounds[g + 1]]`). A counting sort."""
    cdef Py_ssize_t g, o, e, n_groups = len(bounds) - 1, i
    t_ptr_arr = np.zeros(n_texts + 1, dtype=np.int32 if index_t is int32_t else np.int64)
    cdef index_t[::1] t_ptr = t_ptr_arr
    for g in range(n_groups):
        e = min(bounds[g] + window, bounds[g + 1])
        for o in range(bounds[g], e):
            t_ptr[owners[o] + 1] += 1
    for i in range(n_texts):
        t_ptr[i + 1] += t_ptr[i]
    t_keys_arr = np.empty(t_ptr[n_texts], dtype=t_ptr_arr.dtype)
    cursor_arr = t_ptr_arr[:n_texts].copy()
    cdef index_t[::1] t_keys = t_keys_arr
    cdef index_t[::1] cursor = cursor_arr
    cdef index_t t
    for g in range(n_groups):
        e = min(bounds[g] + window, bounds[g + 1])
        for o in range(bounds[g], e):
            t = owners[o]
            t_keys[cursor[t]] = <index_t>g
            cursor[t] += 1
    return t_ptr_arr, t_keys_arr


def texts_by_value(const index_t[::1] values, const int64_t[::1] ends, const int64_t[::1] starts):
    """The texts holding each value, ascending (a text's values: `values[ends[t - 1]:ends[t]]`): value v's texts are
    `out[starts[v]:starts[v + 1]]` (`starts`: the cumulative counts), `np.repeat(np.arange(len(ends)), lens)[
    np.argsort(values, kind="stable")]` without the text of every position. A counting sort."""
    cdef Py_ssize_t p, t, s = 0, e
    cdef index_t v
    out_arr = np.empty(len(values), dtype=np.int32 if index_t is int32_t else np.int64)
    cursor_arr = np.asarray(starts[:len(starts) - 1]).copy()
    cdef index_t[::1] out = out_arr
    cdef int64_t[::1] cursor = cursor_arr
    for t in range(len(ends)):
        e = ends[t]
        for p in range(s, e):
            v = values[p]
            out[cursor[v]] = <index_t>t
            cursor[v] += 1
        s = e
    return out_arr


def pair_hits(const index_t[::1] t_ptr, const index_t[::1] t_keys, const index_t[::1] bounds,
              const index_t[::1] owners, Py_ssize_t n_texts, int64_t min_hits):
    """The candidate pairs of `passage_candidates.candidate_pairs` from its two incidences: text i's keys
    (`t_keys[t_ptr[i]:t_ptr[i + 1]]`: the keys holding i among their first owners) and each key's owners
    (`owners[bounds[g]:bounds[g + 1]]`, ascending). hits(i, j) = the number of (key of i, owner j of that key) with
    j > i; returns the pairs (i, j) with hits >= min_hits, int64 arrays, by i then by j's first hit: the upper
    triangle of the sparse product (text x first-window key) x (key x text), one row at a time in a dense counter
    (each key's owners read from the one after i: the entries below the diagonal are never visited)."""
    cdef Py_ssize_t i, k, o, m, lo, e, n_touched, n_out = 0, cap = 1 << 16
    cdef index_t g, j
    counts_arr = np.zeros(max(n_texts, 1), dtype=np.int32)
    touched_arr = np.empty(max(n_texts, 1), dtype=np.int32 if index_t is int32_t else np.int64)
    cdef int32_t[::1] counts = counts_arr
    cdef index_t[::1] touched = touched_arr
    out_i_arr = np.empty(cap, dtype=np.int64)
    out_j_arr = np.empty(cap, dtype=np.int64)
    cdef int64_t[::1] out_i = out_i_arr
    cdef int64_t[::1] out_j = out_j_arr
    for i in range(n_texts):
        n_touched = 0
        for k in range(t_ptr[i], t_ptr[i + 1]):
            g = t_keys[k]
            lo = bounds[g]
            e = bounds[g + 1]
            while lo < e and owners[lo] <= i:  # (owners ascending: those after i)
                lo += 1
            for o in range(lo, e):
                j = owners[o]
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
