# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Duplication's per-page hashing, compiled: one loop per page instead of a Python call per word or per span.

- `shingle_hashes`: the hashed shingles of a page's words, `hash(tuple(stable_hash(w) for w in window)) & MASK63`
  (CPython's tuple hash, which is not salted for ints: the same values as `hash()` in every process), each word's
  `stable_hash` read from its cache (a dict) and computed by `new_hash` only for a word not in it;
- `lemma_runs`: the sorted unique non-zero content lemma ids of each sentence span of a page (the per-token ids
  from the `WordTable` column `duplication.lemma`), as one array of runs;
- `lemma_ids`: that column for a batch of new words: each word's hashed content lemma (0 = not a content word).
"""
from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport qsort

import numpy as np

# CPython's tuple hash (Objects/tupleobject.c, 64-bit xxHash-style constants) and int hash (mod 2**61 - 1)
cdef uint64_t XX1 = 11400714785074694791ULL
cdef uint64_t XX2 = 14029467366897019727ULL
cdef uint64_t XX5 = 2870177450012600261ULL
cdef uint64_t M61 = (1ULL << 61) - 1
cdef uint64_t MASK63 = (1ULL << 63) - 1


def shingle_hashes(list words, dict cache, new_hash, Py_ssize_t size):
    """`hash(tuple(stable_hash(w) for w in words[i:i + size])) & MASK63` for every window (int64, in order; one
    window of all the words when there are fewer than `size`; none for no words). `cache`: word -> stable hash;
    `new_hash(word)` for a word not in it."""
    cdef Py_ssize_t n = len(words), i, t, m
    cdef PyObject *found
    cdef uint64_t acc
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if size > n:
        size = n
    if size < 1:
        size = 1
    lanes_arr = np.empty(n, dtype=np.uint64)
    cdef uint64_t[::1] lanes = lanes_arr
    for i in range(n):
        word = words[i]
        found = PyDict_GetItem(cache, word)
        value = new_hash(word) if found is NULL else <object>found
        lanes[i] = (<uint64_t>value) % M61  # hash(int) of a non-negative int
    m = n - size + 1
    out_arr = np.empty(m, dtype=np.int64)
    cdef int64_t[::1] out = out_arr
    for i in range(m):
        acc = XX5
        for t in range(size):
            acc += lanes[i + t] * XX2
            acc = (acc << 31) | (acc >> 33)
            acc *= XX1
        acc += (<uint64_t>size) ^ (XX5 ^ 3527539ULL)
        if acc == 0xFFFFFFFFFFFFFFFFULL:  # hash() never returns -1
            acc = 1546275796ULL
        out[i] = <int64_t>(acc & MASK63)
    return out_arr


cdef int _compare(const void *a, const void *b) noexcept nogil:
    cdef int64_t x = (<const int64_t *>a)[0], y = (<const int64_t *>b)[0]
    return (x > y) - (x < y)


def lemma_runs(const int64_t[::1] ids, const int64_t[::1] starts, const int64_t[::1] ends):
    """For each span `starts[k]:ends[k]` of `ids` (a page's Docs' per-token ids, concatenated), the sorted unique
    non-zero values in it (0 = not a content word), all spans' runs concatenated: (values, run ends), int64 (span
    k's values: `values[run_ends[k - 1]:run_ends[k]]`). One call per page."""
    cdef Py_ssize_t k, j, s, e, used, kept, total = 0, spans = starts.shape[0]
    for k in range(spans):
        if ends[k] > starts[k]:
            total += ends[k] - starts[k]
    values_arr = np.empty(total, dtype=np.int64)
    run_ends_arr = np.empty(spans, dtype=np.int64)
    cdef int64_t[::1] values = values_arr
    cdef int64_t[::1] run_ends = run_ends_arr
    cdef int64_t *buf
    used = 0
    for k in range(spans):
        s, e = starts[k], ends[k]
        buf = &values[used] if total else NULL
        kept = 0
        for j in range(s, e):
            if ids[j] != 0:
                buf[kept] = ids[j]
                kept += 1
        if kept > 1:
            qsort(buf, kept, sizeof(int64_t), _compare)
            e = kept
            kept = 1
            for j in range(1, e):
                if buf[j] != buf[kept - 1]:
                    buf[kept] = buf[j]
                    kept += 1
        used += kept
        run_ends[k] = used
    return (values_arr[:used].copy() if used < total else values_arr), run_ends_arr


def lemma_ids(list texts, vocab, table, dict cache, new_hash):
    """For each text, `new_hash(lemma)` (read from `cache` when there) of its lower-cased lookup lemma
    (`table.get(lower, lower)`) if it is a content word by its lexeme's flags (`vocab[text]`: not punctuation, space
    or a stop word, with a letter or digit), else 0; int64 (`passage_units._content_lemma` on a Lexeme)."""
    cdef Py_ssize_t i, n = len(texts)
    cdef PyObject *found
    cdef str low
    cdef Py_UCS4 ch
    cdef bint alnum
    out_arr = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] out = out_arr
    for i in range(n):
        lex = vocab[texts[i]]  # a Lexeme: the same lexical flags as its tokens
        if lex.is_punct or lex.is_space or lex.is_stop:
            continue
        low = lex.lower_
        alnum = False
        for ch in low:
            if ch.isalnum():
                alnum = True
                break
        if not alnum:
            continue
        lemma = table.get(low, low)
        if not lemma:
            continue
        found = PyDict_GetItem(cache, lemma)
        out[i] = new_hash(lemma) if found is NULL else <object>found
    return out_arr
