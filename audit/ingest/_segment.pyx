# cython: language_level=3, boundscheck=False, wraparound=False
"""The load stage's per-character loops, compiled (`audit.ingest.segment`, `audit.engine.guard`).

- `count_words`: whitespace-separated tokens holding at least one letter or digit — textstat's notion of a word, the
  pure definition `sum(1 for tok in text.split() if any(c.isalnum() for c in tok))` (`str.split`'s whitespace is
  `str.isspace`; `[^\\W_]` in a regex is `str.isalnum`), one pass over the characters for any text, ASCII or not;
- `paragraph`: a multi-line paragraph's text, words and line breaks: `" ".join(" ".join(line.split()) for line in
  lines)`, its `count_words`, and where lines 2.. start in it;
- `fold_words`: `segment.normalise`'s folding after NFKC and casefold (`segment._fold`, the definition: digits "0",
  `re.sub(r"[^\\w\\s]|_", " ", ...)`, whitespace runs one space, stripped), in one pass: all of it for an ASCII
  text (NFKC leaves ASCII as it is, casefold is lower);
- `tags_deeper_than`: `guard.html_depth_exceeds`' walk over the tags its regex `guard._TAG_ATTRS_RE` finds (the
  regex's matches found by hand, its `\\b` after the tag name included: see the function).

`tests/test_load_speed_paths.py` checks each against its definition on real pages and random text.
"""
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.unicode cimport (PyUnicode_1BYTE_KIND, PyUnicode_4BYTE_KIND, PyUnicode_DATA, PyUnicode_FindChar,
                              PyUnicode_FromKindAndData, PyUnicode_KIND, PyUnicode_READ)

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


cdef inline bint _word(Py_UCS4 ch):
    """A word character of `re`'s `\\b` in a str pattern: `ch.isalnum() or ch == "_"`."""
    if ch < 128:
        return ASCII[ch] == 1 or ch == 95
    return ch.isalnum()


def fold_words(str text):
    """The words of `text` single-spaced, each decimal digit "0" and each ASCII capital in lower case: a character
    that is neither a digit nor alphanumeric (`str.isalnum`) separates words ("_" too). `segment.normalise` of
    an ASCII text; of any text once NFKC-normalised and casefolded (see the module's doc)."""
    cdef Py_ssize_t i, n = len(text), k = 0
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    cdef bint gap = False  # a separator since the last character written
    cdef Py_UCS4 *wide = NULL
    cdef unsigned char *narrow = NULL
    cdef bytearray out = bytearray(n if kind == PyUnicode_1BYTE_KIND else 4 * n)
    if kind == PyUnicode_1BYTE_KIND:
        narrow = out
    else:
        wide = <Py_UCS4 *><unsigned char *>out
    for i in range(n):
        ch = PyUnicode_READ(kind, data, i)
        if ch < 128:
            if ASCII[ch] != 1:
                gap = True
                continue
            if ch <= 57:  # (a digit)
                ch = 48
            elif ch <= 90:  # (a capital)
                ch = <Py_UCS4>(<unsigned int>ch + 32)
        elif ch.isdecimal():
            ch = 48
        elif not ch.isalnum():
            gap = True
            continue
        if gap and k:
            if narrow:
                narrow[k] = 32
            else:
                wide[k] = 32
            k += 1
        gap = False
        if narrow:
            narrow[k] = <unsigned char>ch
        else:
            wide[k] = ch
        k += 1
    if narrow:
        return PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, narrow, k)
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, wide, k)


def tags_deeper_than(str html, Py_ssize_t limit, frozenset void_names):
    """`guard.html_depth_exceeds(html, limit)`: walking the tags of `guard._TAG_ATTRS_RE`
    (`<(/?)([A-Za-z][A-Za-z0-9:-]*)\\b([^>]*)>`, matches left to right, none overlapping), a closing tag takes one
    level off the depth, an opening one that does not end in "/" and whose name, lower-cased, is not in
    `void_names` adds one; True as soon as the depth passes `limit`.

    The regex's match at a "<", found by hand: an optional "/", a letter, then the longest run of name characters
    ([A-Za-z0-9:-]) that `\\b` lets end — the regex gives the run back one character at a time until the boundary
    holds between its last character and the next (one a word character, `_word`, the other not, or the end of
    the text after a word character); no such end, no match here — then everything up to the first ">" (none
    there: no match, and no later "<" can match either)."""
    cdef Py_ssize_t n = len(html), i = 0, j, k, p, q, depth = 0
    cdef unsigned int kind = PyUnicode_KIND(html)
    cdef void *data = PyUnicode_DATA(html)
    cdef Py_UCS4 ch
    cdef bint closing
    while True:
        i = PyUnicode_FindChar(html, 60, i, n, 1)  # "<"
        if i < 0:
            break
        j = i + 1
        closing = j < n and PyUnicode_READ(kind, data, j) == 47  # "/"
        if closing:
            j += 1
        if j >= n:
            break
        ch = PyUnicode_READ(kind, data, j)
        if not (65 <= ch <= 90 or 97 <= ch <= 122):
            i += 1
            continue
        k = j + 1
        while k < n:
            ch = PyUnicode_READ(kind, data, k)
            if 65 <= ch <= 90 or 97 <= ch <= 122 or 48 <= ch <= 57 or ch == 58 or ch == 45:
                k += 1
            else:
                break
        p = k  # the name is html[j:p], p the largest end in (j, k] where \b holds
        while p > j:
            if (_word(PyUnicode_READ(kind, data, p - 1)) != _word(PyUnicode_READ(kind, data, p))) if p < n \
                    else _word(PyUnicode_READ(kind, data, p - 1)):
                break
            p -= 1
        if p == j:
            i += 1
            continue
        q = PyUnicode_FindChar(html, 62, p, n, 1)  # ">"
        if q < 0:
            break
        if closing:
            depth -= 1
        elif not (q > p and PyUnicode_READ(kind, data, q - 1) == 47) and html[j:p].lower() not in void_names:
            depth += 1
            if depth > limit:
                return True
        i = q + 1
    return False
