# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The `nlp.WordTable`'s index from spaCy ORTH ids to its rows, compiled: one probe per token in a C loop over a
page's ids, instead of one Python dict lookup per token.

`RowIndex` is an open-addressing hash table (linear probing) of uint64 keys (ORTH ids: 64-bit hashes of the token
texts) to int64 rows; a slot is empty when its row is -1. Rows are never removed one by one (`clear` empties it)."""
from cpython.set cimport PyAnySet_Check, PySet_Contains
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE
from libc.stdint cimport int64_t, uint64_t

import numpy as np

cdef uint64_t MIX = 0x9E3779B97F4A7C15ULL  # (Fibonacci hashing: the high bits of key * MIX pick the slot)


cdef class RowIndex:
    """ORTH id -> row. `rows_of(ids)`: each id's row, the ids not held yet given the next rows (`len()`, `len() + 1`,
    ... in order of first use) on the way; `lookup(ids)`: each id's row (-1: not held), nothing added; `len()`: the
    number of ids held."""

    cdef uint64_t[::1] keys
    cdef int64_t[::1] rows
    cdef int shift
    cdef Py_ssize_t used

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self._allocate(1 << 12)

    cdef void _allocate(self, Py_ssize_t slots):
        cdef int bits = 0
        while (<Py_ssize_t>1 << bits) < slots:
            bits += 1
        self.keys = np.zeros(slots, dtype=np.uint64)
        self.rows = np.full(slots, -1, dtype=np.int64)
        self.shift = 64 - bits
        self.used = 0

    def __len__(self) -> int:
        return self.used

    cdef inline Py_ssize_t _slot(self, uint64_t key) noexcept:
        """The slot holding `key`, or the empty slot where it would go."""
        cdef Py_ssize_t mask = self.keys.shape[0] - 1
        cdef Py_ssize_t i = <Py_ssize_t>((key * MIX) >> self.shift)
        while self.rows[i] >= 0 and self.keys[i] != key:
            i = (i + 1) & mask
        return i

    def lookup(self, const uint64_t[::1] ids):
        """The row of each id (int64; -1 where the id is not in the index)."""
        cdef Py_ssize_t k, n = ids.shape[0]
        out_arr = np.empty(n, dtype=np.intp)
        cdef Py_ssize_t[::1] out = out_arr
        for k in range(n):
            out[k] = self.rows[self._slot(ids[k])]
        return out_arr

    def rows_of(self, const uint64_t[::1] ids):
        """The row of each id, the ids not in the index added on the way: each new id (in order of first use) gets
        the next row (`len()`, `len() + 1`, ...). Returns (rows (intp), the new ids (uint64, in that order)): what
        `lookup`, then `add` of the missing ids' first uses, then `lookup` again give, in one pass."""
        cdef Py_ssize_t k, i, n = ids.shape[0], fresh = 0
        cdef uint64_t key
        out_arr = np.empty(n, dtype=np.intp)
        new_arr = np.empty(n, dtype=np.uint64)
        cdef Py_ssize_t[::1] out = out_arr
        cdef uint64_t[::1] new = new_arr
        for k in range(n):
            key = ids[k]
            i = self._slot(key)
            if self.rows[i] < 0:
                if 2 * (self.used + 1) > self.keys.shape[0]:  # (at most half full: short probe runs)
                    self._grow(2 * (self.used + 1))
                    i = self._slot(key)
                self.keys[i] = key
                self.rows[i] = self.used
                self.used += 1
                new[fresh] = key
                fresh += 1
            out[k] = self.rows[i]
        return out_arr, new_arr[:fresh]

    cdef void _grow(self, Py_ssize_t need):
        cdef uint64_t[::1] old_keys = self.keys
        cdef int64_t[::1] old_rows = self.rows
        cdef Py_ssize_t j, i, slots = self.keys.shape[0], used = self.used
        while slots < need:
            slots *= 2
        self._allocate(slots)
        for j in range(old_keys.shape[0]):
            if old_rows[j] >= 0:
                i = self._slot(old_keys[j])
                self.keys[i] = old_keys[j]
                self.rows[i] = old_rows[j]
        self.used = used


def sentence_starts(const signed char[::1] codes, const Py_ssize_t[::1] rows, list firsts, list ends):
    """`nlp.SentenceRule.starts_of` in one pass over a page's Docs: their tokens' rows (`rows`: the page's token
    record's rows, `nlp.PageTokens.row`; Doc k's tokens are `rows[firsts[k]:ends[k]]`) and each row's code in the
    rule (`codes`: 0 a word, 1 a sentence-final character, 2 other punctuation). Per Doc, the index of each sentence's
    first token: its first token, and every word whose last token before it in the Doc that is not punctuation is a
    sentence-final character (none for an empty Doc)."""
    cdef Py_ssize_t j, a, n
    cdef signed char c, last
    cdef list out = [], starts
    for k in range(len(firsts)):
        a = firsts[k]
        n = <Py_ssize_t>ends[k] - a
        if n == 0:
            out.append([])
            continue
        starts = [0]
        last = -1  # (no token yet that is not punctuation)
        for j in range(n):
            c = codes[rows[a + j]]
            if c == 2:
                continue
            if c == 0 and last == 1:
                starts.append(j)
            last = c
        out.append(starts)
    return out


def word_over(str text, Py_ssize_t limit):
    """Whether a whitespace-separated word of `text` (one of `text.split()`) is longer than `limit` characters:
    `max(map(len, text.split()), default=0) > limit` (`guard.for_spacy`'s test of every text spaCy tokenizes) in one
    pass over the characters, no string per word (whitespace: `str.isspace`, what `str.split` splits on)."""
    cdef Py_ssize_t run = 0
    cdef Py_UCS4 ch
    for ch in text:
        if Py_UNICODE_ISSPACE(ch):
            run = 0
        else:
            run += 1
            if run > limit:
                return True
    return False


def symbol_run_over(str text, Py_ssize_t limit):
    """Whether `text` holds a run of more than `limit` characters that are symbols: neither letters, digits nor
    whitespace, or "_" (`guard._SYMBOL_RUN_RE`'s `(?:[^\\w\\s]|_)`: `re`'s `\\w` of a str is `str.isalnum()` or "_",
    its `\\s` `str.isspace()`), i.e. whether `guard.for_spacy` changes it, in one pass over the characters (the
    regular expression's search tries every position)."""
    cdef Py_ssize_t run = 0
    cdef Py_UCS4 ch
    for ch in text:
        if ch == u'_' or not (Py_UNICODE_ISALNUM(ch) or Py_UNICODE_ISSPACE(ch)):
            run += 1
            if run > limit:
                return True
        else:
            run = 0
    return False


def sentence_codes(list texts, const unsigned char[::1] flags, stops, unsigned char punct):
    """`nlp.SentenceRule`'s code of each word (the column `sentence_starts` reads), in one compiled pass: 1 (a
    sentence-final character) for a text in `stops` (a set), else 2 (punctuation) where its "flags" fact has the bit
    `punct`, else 0 (a word); int8. Definition: `[1 if t in stops else 2 if f & punct else 0 for t, f in zip(texts,
    flags)]`."""
    cdef Py_ssize_t k, n = len(texts)
    if not PyAnySet_Check(stops):
        raise TypeError(f"sentence_codes: stops must be a set, not {type(stops).__name__}")
    out_arr = np.zeros(n, dtype=np.int8)
    cdef signed char[::1] out = out_arr
    for k in range(n):
        if PySet_Contains(stops, texts[k]):
            out[k] = 1
        elif flags[k] & punct:
            out[k] = 2
    return out_arr

