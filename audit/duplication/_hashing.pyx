# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Duplication's per-page hashing, compiled: one loop per page instead of a Python call per word or per span.

- `WordHashes.page`: the sorted unique hashed shingles of a page's normalised words (UTF-8 bytes), `hash(tuple(
  stable_hash(w) for w in window)) & MASK63` (CPython's tuple hash, which is not salted for ints: the same values as
  `hash()` in every process), and the hash of its words joined by spaces; each word's `stable_hash` read from a table
  keyed by the word's bytes (C arrays: no Python string per word) and computed only for a word not in it;
- `blake2b_63`: `shingles.stable_hash`'s value for a new word, hashlib's `blake2b(digest_size=8)` in C (RFC 7693);
- `blake2b_64s`: that digest of each of a list of texts, unmasked, as a uint64 array (a streamed run's unit hashes,
  `measure.spill_chunk`);
- `blake2b_joined`: that digest of the words of each slice of an ASCII text joined by spaces (a unit's normalised
  text, `shingles.norm_hashes`);
- `WordHashes.numbers`: the words of many texts numbered (the passage scorer's word trigrams).

A page's lemma runs and unit rows: `_units.pyx`.
"""
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.string cimport memcmp, memcpy, memset
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc

import numpy as np

# CPython's tuple hash (Objects/tupleobject.c, 64-bit xxHash-style constants) and int hash (mod 2**61 - 1)
cdef uint64_t XX1 = 11400714785074694791ULL
cdef uint64_t XX2 = 14029467366897019727ULL
cdef uint64_t XX5 = 2870177450012600261ULL
cdef uint64_t M61 = (1ULL << 61) - 1
cdef uint64_t MASK63 = (1ULL << 63) - 1


cdef _windows(const uint64_t *lanes, Py_ssize_t n, Py_ssize_t size):
    """`hash(tuple(window)) & MASK63` of every window of `size` of the first `n` lanes (each `hash(int)` of a word's
    stable hash), int64, in order: CPython's tuple hash (`hash(tuple(ids[i:i + size])) & MASK63`). `0 < size <= n`."""
    cdef Py_ssize_t i, t, m = n - size + 1
    cdef uint64_t acc
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


def blake2b_joined(bytes data, const int64_t[::1] starts, const int64_t[::1] ends):
    """For each slice `data[starts[k]:ends[k]]`, the blake2b (8 bytes, little-endian, as `blake2b_64s`) of its words
    (split at `str.split()`'s ASCII whitespace) joined by one space, as a uint64 array: `blake2b_64s([" ".join(
    data[s:e].decode().split()) for s, e in ...])` of ASCII `data` without a Python string per slice."""
    cdef const unsigned char *p = <const unsigned char *>PyBytes_AS_STRING(data)
    cdef Py_ssize_t k, i, e, used, n = PyBytes_GET_SIZE(data), count = starts.shape[0]
    cdef unsigned char *joined = <unsigned char *>malloc(n + 1)
    out_arr = np.empty(count, dtype=np.uint64)
    cdef uint64_t[::1] out = out_arr
    if joined is NULL:
        raise MemoryError()
    try:
        for k in range(count):
            i, e, used = max(starts[k], 0), min(ends[k], n), 0
            while i < e:
                while i < e and _is_space(p[i]):
                    i += 1
                if i == e:
                    break
                if used:
                    joined[used] = 32
                    used += 1
                while i < e and not _is_space(p[i]):
                    joined[used] = p[i]
                    used += 1
                    i += 1
            out[k] = _blake2b_64(joined, used)
    finally:
        free(joined)
    return out_arr


# ---------------------------------------------------------------- a page's words, keyed by their bytes

cdef struct _Word:  # one slot of the table (32 bytes: one cache line holds two)
    uint64_t key  # FNV-1a of the word's bytes, never 0 (0 = an empty slot)
    uint64_t value  # its stable hash (blake2b_63)
    uint32_t length
    uint32_t offset  # a word of more than 8 bytes: its bytes in the arena
    unsigned char short[8]  # a word of up to 8 bytes: its bytes


cdef inline bint _is_space(unsigned char c) noexcept nogil:
    """`str.split()`'s ASCII whitespace: \\t \\n \\v \\f \\r, \\x1c-\\x1f and the space (no byte of a multi-byte UTF-8
    character is one)."""
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


cdef class WordHashes:
    """The stable hash (`blake2b_63`) of every word seen, keyed by the word's UTF-8 bytes in one C array (open
    addressing, at most half full; a word of up to 8 bytes held in its slot, a longer one in an arena): a page's words
    are hashed without a Python string per word, one probe (mostly one cache line) per word. Emptied when it holds
    `limit` words (the values never depend on what it holds). `numbered`: a word's value is its number instead (the
    words seen before it), never emptied (`numbers`)."""

    cdef _Word *slots
    cdef Py_ssize_t n_words, mask
    cdef unsigned char *arena
    cdef Py_ssize_t arena_used, arena_cap
    cdef readonly Py_ssize_t limit
    cdef readonly bint numbered

    def __cinit__(self, Py_ssize_t limit=200_000, bint numbered=False):
        self.limit = (<Py_ssize_t>1) << 62 if numbered else max(limit, 16)
        self.numbered = numbered
        self.slots = NULL
        self.arena = NULL
        self._reset()

    def __dealloc__(self):
        free(self.slots)
        free(self.arena)

    def __len__(self):
        return self.n_words

    cdef void _reset(self) except *:
        free(self.slots)
        free(self.arena)
        self.mask = 2047
        self.slots = <_Word *>calloc(self.mask + 1, sizeof(_Word))
        self.arena_cap = 1 << 14
        self.arena = <unsigned char *>malloc(self.arena_cap)
        if self.slots is NULL or self.arena is NULL:
            raise MemoryError()
        self.n_words = 0
        self.arena_used = 0

    cdef void _grow(self) except *:
        """Twice the slots, the words placed again."""
        cdef Py_ssize_t old = self.mask + 1, i, s, mask = 2 * old - 1
        cdef _Word *slots = <_Word *>calloc(2 * old, sizeof(_Word))
        if slots is NULL:
            raise MemoryError()
        for i in range(old):
            if self.slots[i].key != 0:
                s = <Py_ssize_t>(self.slots[i].key & <uint64_t>mask)
                while slots[s].key != 0:
                    s = (s + 1) & mask
                slots[s] = self.slots[i]
        free(self.slots)
        self.slots, self.mask = slots, mask

    cdef uint64_t _hash(self, const unsigned char *w, Py_ssize_t n) except? 0:
        """The stable hash of the word `w[:n]`, from the table or computed (blake2b) and added."""
        cdef uint64_t key = 14695981039346656037ULL
        cdef Py_ssize_t i, s
        cdef _Word *e
        cdef const unsigned char *held
        cdef unsigned char *arena
        for i in range(n):
            key = (key ^ w[i]) * 1099511628211ULL
        key ^= key >> 29
        if key == 0:
            key = 1
        s = <Py_ssize_t>(key & <uint64_t>self.mask)
        while True:
            e = &self.slots[s]
            if e.key == 0:
                break
            if e.key == key and e.length == n:
                held = &e.short[0] if n <= 8 else self.arena + e.offset
                if memcmp(held, w, n) == 0:
                    return e.value
            s = (s + 1) & self.mask
        if self.n_words >= self.limit:
            self._reset()
            return self._hash(w, n)
        if 2 * (self.n_words + 1) > self.mask + 1:
            self._grow()
            return self._hash(w, n)
        if n <= 8:
            memcpy(e.short, w, n)
        else:
            if self.arena_used + n > self.arena_cap:
                arena = <unsigned char *>realloc(self.arena, max(2 * self.arena_cap, self.arena_used + n))
                if arena is NULL:
                    raise MemoryError()
                self.arena = arena
                self.arena_cap = max(2 * self.arena_cap, self.arena_used + n)
            memcpy(self.arena + self.arena_used, w, n)
            e.offset = <uint32_t>self.arena_used
            self.arena_used += n
        e.key, e.length = key, <uint32_t>n
        e.value = <uint64_t>self.n_words if self.numbered else _blake2b_64(w, n) & MASK63
        self.n_words += 1
        return e.value

    def numbers(self, bytes data, const int64_t[::1] ends):
        """A `numbered` table: the numbers of the words of each text `data[ends[k - 1]:ends[k]]` (UTF-8; words split at
        `str.split()`'s ASCII whitespace; `ends` ascending), concatenated, int32, and each text's number of words."""
        cdef const unsigned char *p = <const unsigned char *>PyBytes_AS_STRING(data)
        cdef Py_ssize_t k, e, start, i = 0, used = 0, n = PyBytes_GET_SIZE(data)
        if not self.numbered:
            raise ValueError("WordHashes.numbers: a table made with numbered=True")
        ids_arr = np.empty(n // 2 + 1, dtype=np.int32)  # (a word per two bytes at most)
        lens_arr = np.zeros(ends.shape[0], dtype=np.int64)
        cdef int32_t[::1] ids = ids_arr
        cdef int64_t[::1] lens = lens_arr
        for k in range(ends.shape[0]):
            e = min(ends[k], n)
            while i < e:
                while i < e and _is_space(p[i]):
                    i += 1
                if i == e:
                    break
                start = i
                while i < e and not _is_space(p[i]):
                    i += 1
                ids[used] = <int32_t>self._hash(p + start, i - start)
                used += 1
                lens[k] += 1
        return ids_arr[:used].copy(), lens_arr

    def page(self, bytes data, Py_ssize_t size):
        """(shingles, digest) of the words of `data` (UTF-8; words separated by `str.split()`'s whitespace):
        `shingles` = the sorted unique `hash(tuple(blake2b_63(w) for w in window)) & MASK63` of every window of `size`
        words (one window of all the words when there are fewer, none for no words), int64;
        `digest` = `int.from_bytes(hashlib.blake2b(b" ".join(words), digest_size=8).digest(), "little")` (0 for no
        words)."""
        cdef const unsigned char *p = <const unsigned char *>PyBytes_AS_STRING(data)
        cdef Py_ssize_t n = PyBytes_GET_SIZE(data), i = 0, start, count = 0, used = 0, kept
        cdef uint64_t digest = 0
        cdef uint64_t *lanes = <uint64_t *>malloc((n // 2 + 1) * sizeof(uint64_t))  # (a word per two bytes at most)
        cdef unsigned char *joined = <unsigned char *>malloc(n + 1)
        try:
            if lanes is NULL or joined is NULL:
                raise MemoryError()
            while i < n:
                while i < n and _is_space(p[i]):
                    i += 1
                if i == n:
                    break
                start = i
                while i < n and not _is_space(p[i]):
                    i += 1
                lanes[count] = self._hash(p + start, i - start) % M61  # hash(int) of a non-negative int
                count += 1
                if used:
                    joined[used] = 32
                    used += 1
                memcpy(joined + used, p + start, i - start)
                used += i - start
            if count == 0:
                return np.zeros(0, dtype=np.int64), 0
            digest = _blake2b_64(joined, used)
            out_arr = _windows(lanes, count, min(max(size, 1), count))
        finally:
            free(lanes)
            free(joined)
        count = out_arr.shape[0]
        if count > 1:
            out_arr.sort()  # (numpy's sort: vectorised, well ahead of qsort's call per comparison)
        cdef int64_t[::1] view = out_arr
        if count > 1:
            kept = 1
            for i in range(1, count):
                if view[i] != view[kept - 1]:
                    view[kept] = view[i]
                    kept += 1
            if kept < count:
                out_arr = out_arr[:kept].copy()
        return out_arr, digest
