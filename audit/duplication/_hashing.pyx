# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Duplication's per-page hashing, compiled: one loop per page instead of a Python call per word or per span.

- `shingle_hashes`: the hashed shingles of a page's words, `hash(tuple(stable_hash(w) for w in window)) & MASK63`
  (CPython's tuple hash, which is not salted for ints: the same values as `hash()` in every process), each word's
  `stable_hash` read from its cache (a dict) and computed by `new_hash` only for a word not in it;
- `lemma_runs`: the sorted unique non-zero content lemma ids of each sentence span of a page (the per-token ids
  from the `WordTable` column `duplication.lemma`), as one array of runs;
- `lemma_ids`: that column for a batch of new words: each word's hashed content lemma (0 = not a content word);
- `blake2b_63`: `shingles.stable_hash`'s value for a new word, hashlib's `blake2b(digest_size=8)` in C (RFC 7693);
- `blake2b_64s`: that digest of each of a list of texts, unmasked, as a uint64 array (a streamed run's unit hashes,
  `measure.spill_chunk`);
- `pair_hits`: the passage candidates' shared-key counts, one text at a time (`passage_candidates.candidate_pairs`).
"""
from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.string cimport memcpy, memset
from libc.stdint cimport int32_t, int64_t, uint64_t
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


# BLAKE2b (RFC 7693), unkeyed, 8-byte digest: the first 8 bytes of the state, little-endian
cdef uint64_t[8] IV = [0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
                       0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL]
cdef unsigned char[12][16] SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3]]


cdef inline uint64_t _rotr(uint64_t x, int n) noexcept nogil:
    return (x >> n) | (x << (64 - n))


cdef inline void _g(uint64_t *v, int a, int b, int c, int d, uint64_t x, uint64_t y) noexcept nogil:
    v[a] = v[a] + v[b] + x
    v[d] = _rotr(v[d] ^ v[a], 32)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 24)
    v[a] = v[a] + v[b] + y
    v[d] = _rotr(v[d] ^ v[a], 16)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 63)


cdef void _compress(uint64_t *h, const unsigned char *block, uint64_t t, bint last) noexcept nogil:
    cdef uint64_t v[16]
    cdef uint64_t m[16]
    cdef int i, j
    cdef const unsigned char *s
    for i in range(16):  # (little-endian words, whatever the machine)
        m[i] = 0
        for j in range(8):
            m[i] |= (<uint64_t>block[8 * i + j]) << (8 * j)
    for i in range(8):
        v[i] = h[i]
        v[i + 8] = IV[i]
    v[12] ^= t  # (messages under 2**64 bytes: the counter's high word stays 0)
    if last:
        v[14] = ~v[14]
    for i in range(12):
        s = SIGMA[i]
        _g(v, 0, 4, 8, 12, m[s[0]], m[s[1]])
        _g(v, 1, 5, 9, 13, m[s[2]], m[s[3]])
        _g(v, 2, 6, 10, 14, m[s[4]], m[s[5]])
        _g(v, 3, 7, 11, 15, m[s[6]], m[s[7]])
        _g(v, 0, 5, 10, 15, m[s[8]], m[s[9]])
        _g(v, 1, 6, 11, 12, m[s[10]], m[s[11]])
        _g(v, 2, 7, 8, 13, m[s[12]], m[s[13]])
        _g(v, 3, 4, 9, 14, m[s[14]], m[s[15]])
    for i in range(8):
        h[i] ^= v[i] ^ v[i + 8]


cdef uint64_t _blake2b_64(const unsigned char *data, Py_ssize_t n) noexcept nogil:
    """`int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")`."""
    cdef uint64_t h[8]
    cdef unsigned char block[128]
    cdef Py_ssize_t done = 0
    cdef int i
    for i in range(8):
        h[i] = IV[i]
    h[0] ^= 0x01010000ULL ^ 8ULL  # (parameter block: digest length 8, no key, fanout and depth 1)
    while n - done > 128:
        _compress(h, data + done, <uint64_t>(done + 128), False)
        done += 128
    memset(block, 0, 128)
    if n > done:
        memcpy(block, data + done, n - done)
    _compress(h, block, <uint64_t>n, True)
    return h[0]


def blake2b_63(str text):
    """`int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") & MASK63`
    (`shingles.stable_hash` of a new word)."""
    cdef Py_ssize_t n
    cdef const char *data = PyUnicode_AsUTF8AndSize(text, &n)
    return _blake2b_64(<const unsigned char *>data, n) & MASK63


def blake2b_64s(list texts):
    """`[int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little") for t in texts]` as a
    uint64 array."""
    cdef Py_ssize_t i, n, k = len(texts)
    cdef const char *data
    out_arr = np.empty(k, dtype=np.uint64)
    cdef uint64_t[::1] out = out_arr
    for i in range(k):
        data = PyUnicode_AsUTF8AndSize(<str?>texts[i], &n)
        out[i] = _blake2b_64(<const unsigned char *>data, n)
    return out_arr


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
    r of a text t (`flat[ends[t - 1]:ends[t]]`, its lemmas ascending; `text_of[r]` = t) makes the keys (a, b) of the text's later lemmas
    b; a key's owners are the texts making it, ascending (`by_lemma`: the occurrences of each lemma a,
    `by_lemma[occ_start[a]:occ_start[a + 1]]`, by position). Returns (owners of the keys held by 2 to `cap` owners,
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
