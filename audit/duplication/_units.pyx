# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""A page's passage units (`passage_units`), compiled: one loop per page instead of a Python call per unit or token.

- `lemma_runs`: the sorted unique non-zero content lemma ids of each sentence span of a page (the per-token ids
  from the `WordTable` column `duplication.lemma`), as one array of runs;
- `span_lemma_runs`: those runs of a page's units, given as their Docs and (start, end) token spans;
- `lemma_ids`: that column for a batch of new words: each word's hashed content lemma (0 = not a content word);
- `sentence_rows`: the rows of a page's sentence units in its `PageUnits.table`, from the units' columns.
"""
from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from libc.stdint cimport int32_t, int64_t
from libc.stdlib cimport qsort

import numpy as np


cdef int _compare(const void *a, const void *b) noexcept nogil:
    cdef int64_t x = (<const int64_t *>a)[0], y = (<const int64_t *>b)[0]
    return (x > y) - (x < y)


cdef inline void _sort(int64_t *values, Py_ssize_t n) noexcept:
    """`values[:n]` ascending: an insertion sort for a sentence's few values, else qsort."""
    cdef Py_ssize_t i, j
    cdef int64_t x
    if n > 24:
        qsort(values, n, sizeof(int64_t), _compare)
        return
    for i in range(1, n):
        x = values[i]
        j = i - 1
        while j >= 0 and values[j] > x:
            values[j + 1] = values[j]
            j -= 1
        values[j + 1] = x


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
            _sort(buf, kept)
            e = kept
            kept = 1
            for j in range(1, e):
                if buf[j] != buf[kept - 1]:
                    buf[kept] = buf[j]
                    kept += 1
        used += kept
        run_ends[k] = used
    return (values_arr[:used].copy() if used < total else values_arr), run_ends_arr


def span_lemma_runs(const int64_t[::1] ids, list unit_docs, list spans, dict doc_start):
    """`lemma_runs` of the units' spans: unit k's tokens `spans[k]` = (start, end) in its Doc `unit_docs[k]`, whose
    tokens start at `doc_start[id(doc)]` in `ids` (a None Doc: an empty span). No array per page but the result."""
    cdef Py_ssize_t k, n = len(unit_docs)
    cdef int64_t base = 0
    starts_arr = np.zeros(n, dtype=np.int64)
    ends_arr = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] starts = starts_arr
    cdef int64_t[::1] ends = ends_arr
    cdef object last = None
    for k in range(n):
        doc = unit_docs[k]
        if doc is None:
            continue
        if doc is not last:
            base = doc_start[id(doc)]
            last = doc
        span = spans[k]
        starts[k] = base + <int64_t>span[0]
        ends[k] = base + <int64_t>span[1]
    return lemma_runs(ids, starts_arr, ends_arr)


def lemma_ids(list texts, const unsigned char[::1] flags, object[:] lemmas, dict cache, new_hash):
    """For each word, `new_hash(lemma)` (read from `cache` when there) of its lookup lemma (`lemmas`: the lemma of its
    lower-cased text, None: that text itself; the `nlp.WordTable` fact "lemma") if it is a content word by its
    Lexeme's flags (`flags`, the fact "flags": no FLAG_PUNCT, FLAG_SPACE or FLAG_STOP bit) with a letter or digit,
    else 0; int64 (`passage_units._content_lemma` on a Lexeme; a character is a letter or digit exactly when one
    of its lower-case characters is: the text is checked, not its lower case)."""
    cdef Py_ssize_t i, n = len(texts)
    cdef PyObject *found
    cdef str text
    cdef Py_UCS4 ch
    cdef bint alnum
    out_arr = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] out = out_arr
    for i in range(n):
        if flags[i] & 7:  # (FLAG_PUNCT | FLAG_SPACE | FLAG_STOP)
            continue
        text = texts[i]
        alnum = False
        for ch in text:
            if ch.isalnum():
                alnum = True
                break
        if not alnum:
            continue
        lemma = lemmas[i]
        if lemma is None:
            lemma = text.lower()
        elif not lemma:
            continue
        found = PyDict_GetItem(cache, lemma)
        out[i] = new_hash(lemma) if found is NULL else <object>found
    return out_arr


def sentence_rows(int32_t[:, ::1] table, list blocks, list line_starts, list line_ends, list words, list texts,
                  const int64_t[::1] lemma_ends):
    """Rows 0..n-1 of `table` (n: the number of units, int32, six columns: `passage_units.T_*`) = (block, line
    start, line end, words, lemma end, the end of the unit's text in the texts joined) of each unit: `table[:n,
    T_BLOCK] = blocks` ... `table[:n, T_LEMMA_END] = lemma_ends`, `table[:n, T_END] = np.cumsum([len(t) for t in
    texts])` in one loop (the lemma and text ends wrap to int32 as numpy's assignment of an int64 array does)."""
    cdef Py_ssize_t k, n = len(texts)
    cdef int64_t end = 0
    if not (len(blocks) == len(line_starts) == len(line_ends) == len(words) == lemma_ends.shape[0] == n) \
            or table.shape[0] < n or table.shape[1] != 6:
        raise ValueError("sentence_rows: columns of different lengths")
    for k in range(n):
        end += len(<str?>texts[k])
        table[k, 0] = blocks[k]
        table[k, 1] = line_starts[k]
        table[k, 2] = line_ends[k]
        table[k, 3] = words[k]
        table[k, 4] = <int32_t>lemma_ends[k]
        table[k, 5] = <int32_t>end
