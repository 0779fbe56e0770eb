# cython: language_level=3, boundscheck=False, wraparound=False
"""`kinds.assign_kinds` (the definition), compiled: a page's blocks that are not prose marked in place, each regex
asked only of the texts that can match it. `tests/test_load_evidence.py` checks that it marks the kinds of the
definition on real pages and random blocks.

The module does not wrap indices around (`wraparound=False`): an index is never negative here (a scan backwards
tests its bound before it reads); `tests/test_load_speed_paths.py` checks that no index is a negative number.
"""
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_Find, PyUnicode_FindChar, PyUnicode_KIND, PyUnicode_READ

from audit.ingest._chars cimport char_class as _what  # (1 letter or digit, 2 whitespace, 0 else)


cdef inline Py_ssize_t _first_non_space(str text):
    """The position of `text`'s first character that is not whitespace (`str.isspace`, as `\\s` reads it); its
    length when there is none."""
    cdef Py_ssize_t i = 0, n = len(text)
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    while i < n and _what(PyUnicode_READ(kind, data, i)) == 2:
        i += 1
    return i


cdef inline bint _may_start(str text, const char *firsts):
    """False when a case-insensitive regex anchored at the start after `\\s*` cannot match `text` because its first
    character that is not whitespace is an ASCII character whose lower case is not one of `firsts` (the first
    characters of the regex's words), or there is none. A character beyond ASCII may match a letter under
    IGNORECASE ("ſ" an "s"): True."""
    cdef Py_ssize_t i = _first_non_space(text), j = 0
    cdef Py_UCS4 ch
    if i == len(text):
        return False
    ch = PyUnicode_READ(PyUnicode_KIND(text), PyUnicode_DATA(text), i)
    if ch >= 128:
        return True
    if 65 <= ch <= 90:
        ch = <Py_UCS4>(<unsigned int>ch + 32)
    while firsts[j]:
        if ch == <unsigned char>firsts[j]:
            return True
        j += 1
    return False


cdef inline bint _name_char(Py_UCS4 ch):
    """`[\\w'’-]` of a str regex: a letter or digit (`str.isalnum`), "_", "'", "’" or "-"."""
    return _what(ch) == 1 or ch == u"_" or ch == u"'" or ch == u"’" or ch == u"-"


cdef bint _may_start_citation(str text):
    """False when `kinds._CITATION_START_RE` (author lists) cannot match: both its alternatives start with a name
    `[A-Z][\\w'’-]+`, which ends where the run of name characters ends (what follows it, " " or ",", is none), then
    either " " and a capital A-Z, or ", ", a capital and "."."""
    cdef Py_ssize_t n = len(text), j = 1
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    if n < 4 or not (65 <= PyUnicode_READ(kind, data, 0) <= 90) or not _name_char(PyUnicode_READ(kind, data, 1)):
        return False
    while j < n and _name_char(PyUnicode_READ(kind, data, j)):
        j += 1
    if j + 1 >= n:
        return False
    ch = PyUnicode_READ(kind, data, j)
    if ch == u" ":
        return 65 <= PyUnicode_READ(kind, data, j + 1) <= 90
    return (ch == u"," and j + 3 < n and PyUnicode_READ(kind, data, j + 1) == u" "
            and 65 <= PyUnicode_READ(kind, data, j + 2) <= 90 and PyUnicode_READ(kind, data, j + 3) == u".")


cdef bint _may_cite_anywhere(str text):
    """False when `kinds._CITATION_ANYWHERE_RE` cannot be found in `text`: its journal reference needs a ";" and,
    after any whitespace, a digit (`\\d`: a decimal digit); its DOIs "doi" and, after any whitespace, ":" (or
    "doi.org/"); its PubMed id "PMID"."""
    cdef Py_ssize_t n = len(text), i = 0
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    while True:
        i = PyUnicode_FindChar(text, 59, i, n, 1)  # ";"
        if i < 0:
            break
        i += 1
        while i < n and _what(PyUnicode_READ(kind, data, i)) == 2:
            i += 1
        if i < n:
            ch = PyUnicode_READ(kind, data, i)
            if 48 <= ch <= 57 or ch >= 128 and ch.isdecimal():
                return True
    i = 0
    while True:
        i = PyUnicode_Find(text, u"doi", i, n, 1)
        if i < 0:
            break
        i += 3
        while i < n and _what(PyUnicode_READ(kind, data, i)) == 2:
            i += 1
        if i < n and (PyUnicode_READ(kind, data, i) == u":" or PyUnicode_READ(kind, data, i) == u"."):
            return True
    return u"PMID" in text


cdef bint _is_note(list blocks, Py_ssize_t i, str text, object note) except -1:
    """`kinds._is_note(blocks, i)` (`text` is block i's): `note` (`kinds.NOTE_RE.match`) runs only on a text whose
    first character that is not a space is "[", and the earlier blocks are searched for "[1]" from their second
    character on."""
    cdef Py_ssize_t at = _first_non_space(text), j
    cdef str marker, earlier
    if at == len(text) or PyUnicode_READ(PyUnicode_KIND(text), PyUnicode_DATA(text), at) != u"[":
        return False
    m = note(text)
    if m is None:
        return False
    marker = "[" + m.group(1) + "]"
    for j in range(i):
        earlier = (<object>PyList_GET_ITEM(blocks, j)).text
        if PyUnicode_Find(earlier, marker, 1, len(earlier), 1) >= 0:
            return True
    return False


def assign_kinds(list blocks, object references_heading, object caption, object citation_start,
                 object citation_anywhere, object bare_caption, object table_note, object note):
    """`kinds.assign_kinds(blocks)` (the definition), in place: the regexes' `match` (`search` for
    `citation_anywhere`) are `kinds.REFERENCES_HEADING_RE`, `CAPTION_RE`, `_CITATION_START_RE`,
    `_CITATION_ANYWHERE_RE`, `_BARE_CAPTION_RE`, `_TABLE_NOTE_RE`, `NOTE_RE`. A regex runs only on a text that can
    match it: a references heading or a caption needs its first character that is not a space to start one of its
    words (or a number) or to lie beyond ASCII (`_may_start`), an author list a name and an initial
    (`_may_start_citation`), the other citations a ";" and a number, "doi:" or "PMID" (`_may_cite_anywhere`), a
    numbered note a "[" (`_is_note`)."""
    cdef bint in_references = False
    cdef Py_ssize_t i, j, n = PyList_GET_SIZE(blocks)
    cdef str kind, text, before
    cdef object b, prev
    for i in range(n):
        b = <object>PyList_GET_ITEM(blocks, i)
        kind = b.kind
        if kind == "heading":
            text = b.text
            if _is_note(blocks, i, text, note):
                b.kind = "references"
                continue
            in_references = _may_start(text, b"0123456789rbwlcsefn") and references_heading(text) is not None
            if _may_start(text, b"ftecmbas") and caption(text) is not None:
                b.kind = "caption"
            continue
        if not (kind == "paragraph" or kind == "list_item" or kind == "other"):
            continue
        text = b.text
        if in_references or _may_start_citation(text) and citation_start(text) is not None \
                or _may_cite_anywhere(text) and citation_anywhere(text) is not None or _is_note(blocks, i, text, note):
            b.kind = "references"
        elif _may_start(text, b"ftecmbas") and caption(text) is not None:
            b.kind = "caption"
        elif i:
            prev = <object>PyList_GET_ITEM(blocks, i - 1)
            before = prev.kind
            if before == "caption" and kind == "paragraph" and caption(prev.text) is not None \
                    and bare_caption(prev.text) is not None:
                b.kind = "caption"  # "Figure 1." and then its text
            elif (before == "table" or before == "caption") and before != kind and table_note(text) is not None:
                if before == "table":
                    b.kind = "caption"
                else:  # (`kinds._after_table`: the run of captions before block i follows a table)
                    j = i - 1
                    while j > 0 and (<object>PyList_GET_ITEM(blocks, j)).kind == "caption":
                        j -= 1
                    if (<object>PyList_GET_ITEM(blocks, j)).kind == "table":
                        b.kind = "caption"
