# cython: language_level=3, boundscheck=False, wraparound=False
"""Segmentation's per-character loops, compiled (`audit.ingest.segment`).

- `count_words`: whitespace-separated tokens holding at least one letter or digit — textstat's notion of a word, the
  pure definition `sum(1 for tok in text.split() if any(c.isalnum() for c in tok))` (`str.split`'s whitespace is
  `str.isspace`; `[^\\W_]` in a regex is `str.isalnum`), one pass over the characters for any text, ASCII or not;
- `paragraph`: a multi-line paragraph's text, words and line breaks: `" ".join(" ".join(line.split()) for line in
  lines)`, its `count_words`, and where lines 2.. start in it.

`tests/test_load_speed_paths.py` checks both against those definitions on real pages and random text.
"""
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE

# ASCII: 1 letter or digit, 2 whitespace (as str.isalnum / str.isspace), 0 else
cdef unsigned char ASCII[128]
for _c in range(128):
    ASCII[_c] = 1 if chr(_c).isalnum() else 2 if chr(_c).isspace() else 0


cpdef Py_ssize_t count_words(str text):
    """Whitespace-separated tokens of `text` holding at least one letter or digit (see the module's doc)."""
    cdef Py_ssize_t count = 0
    cdef bint counted = False  # the current token has been counted (it holds a letter or digit)
    cdef Py_UCS4 ch
    cdef unsigned char what
    for ch in text:
        if ch < 128:
            what = ASCII[ch]
        elif ch.isspace():
            what = 2
        elif ch.isalnum():
            what = 1
        else:
            what = 0
        if what == 2:
            counted = False
        elif what == 1 and not counted:
            count += 1
            counted = True
    return count


def paragraph(list lines):
    """(text, words, breaks) of a paragraph of two or more lines, each with a non-space character (see the module's
    doc): `text` the lines' words single-spaced, `words` its `count_words`, `breaks` the offsets in `text` where
    lines 2.. start."""
    cdef Py_ssize_t i, n = PyList_GET_SIZE(lines), at = 0
    cdef list pieces = []
    cdef list starts = []
    cdef str piece
    for i in range(n):
        piece = " ".join((<str>PyList_GET_ITEM(lines, i)).split())
        if i:
            starts.append(at)
        pieces.append(piece)
        at += len(piece) + 1
    text = " ".join(pieces)
    return text, count_words(text), tuple(starts)
