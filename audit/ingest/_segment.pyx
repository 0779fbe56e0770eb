# cython: language_level=3, boundscheck=False, wraparound=False
"""The load stage's per-character loops, compiled (`audit.ingest.segment`, `.load`, `audit.engine.guard`; the template
evidence's are `_template`).

- `count_words`: whitespace-separated tokens holding at least one letter or digit — textstat's notion of a word, the
  pure definition `sum(1 for tok in text.split() if any(c.isalnum() for c in tok))` (`str.split`'s whitespace is
  `str.isspace`; `[^\\W_]` in a regex is `str.isalnum`), one pass over the characters for any text, ASCII or not;
- `fold_words`: `segment.normalise`'s folding after NFKC and casefold (`segment._fold`, the definition: digits "0",
  `re.sub(r"[^\\w\\s]|_", " ", ...)`, whitespace runs one space, stripped), in one pass: all of it for an ASCII
  text (NFKC leaves ASCII as it is, casefold is lower);
- `tags_deeper_than`: `guard.html_depth_exceeds`' walk over the tags its regex `guard._TAG_ATTRS_RE` finds (the
  regex's matches found by hand, its `\\b` after the tag name included: see the function);
- `plain_text`, `continues`: `segment._plain_text` and `segment._continues`, asked of nearly every line;
- `english_counts`: `load.english_share`'s words (`load._WORD_RE`) and stop words, in one pass over ASCII lines;
- `count_controls`: `len(load._CONTROL_RE.findall(text[:limit]))`.

`tests/test_load_speed_paths.py` (and `tests/test_segment_rules.py` for `english_counts`) checks each against its
definition on real pages and random text.

Indices do not wrap around here (`wraparound=False`): every index is at least 0 — a read before position i is
guarded by `i > 0` (`raw[i - 1]`, `p - 1` with p > j >= 1), the last item of a list is `x[len(x) - 1]`; a test checks
that no subscript is a negative number.
"""
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


# ------------------------------------------------------------------ `load.english_share`'s word counts

cdef inline bint _letter(unsigned char c):
    return 97 <= (c | 32) <= 122


# The ASCII stop words of a set given to `english_counts`, each packed into a number (`_code`), in an open-addressing
# table of `_SLOTS` numbers (0: empty): a word is looked up by its code, no string made of it. One table a set, made
# once (`_stop_tables`: immutable bytes, whatever thread reads them).
cdef enum:
    _SLOTS = 1024  # (a power of 2, at least twice as many as stop words)
cdef dict _stop_tables = {}


cdef inline unsigned long long _code(const unsigned char *s, Py_ssize_t n):
    """Up to 8 bytes as one number (little-endian): distinct for distinct words (no byte of a word is 0)."""
    cdef unsigned long long code = 0
    cdef Py_ssize_t k
    for k in range(n):
        code |= (<unsigned long long>s[k]) << (8 * k)
    return code


cdef inline Py_ssize_t _slot(unsigned long long code):
    return <Py_ssize_t>((code * 0x9E3779B97F4A7C15ULL) >> 54)  # (the top 10 bits: 1024 slots)


cdef bytes _stop_table(frozenset stopwords):
    """The table of the ASCII ones of `stopwords` (a word of other characters is never found in an ASCII line), at
    most 8 characters each."""
    cdef bytes table = _stop_tables.get(stopwords)
    if table is not None:
        return table
    cdef bytearray made = bytearray(8 * _SLOTS)
    cdef unsigned long long *slots = <unsigned long long *><unsigned char *>made
    cdef Py_ssize_t i, count = 0
    cdef unsigned long long code
    cdef bytes word
    for w in stopwords:
        if not w or not w.isascii():
            continue
        if len(w) > 8 or count >= _SLOTS // 2:
            raise ValueError("english_counts: more than 512 stop words, or one of more than 8 characters")
        word = w.encode("ascii")
        code = _code(word, len(word))
        i = _slot(code)
        while slots[i] and slots[i] != code:
            i = (i + 1) & (_SLOTS - 1)
        slots[i] = code
        count += 1
    table = bytes(made)
    _stop_tables[stopwords] = table
    return table


cdef inline bint _is_stopword(const unsigned long long *slots, unsigned long long code):
    cdef Py_ssize_t i = _slot(code)
    while slots[i]:
        if slots[i] == code:
            return True
        i = (i + 1) & (_SLOTS - 1)
    return False


def english_counts(list lines, Py_ssize_t max_words, frozenset stopwords, Py_ssize_t longest, object words_of):
    """(seen, n, stop) of `load.english_share`: the words of the lines read (`seen`; reading stops after the line
    that brings `n` to `max_words`), the first `max_words` of them (`n`) and how many of those are in `stopwords`
    (lower-cased; none longer than `longest` characters, at most 8). A word is what `load._WORD_RE` finds: in an
    ASCII line, a run of letters A-Z a-z, with an apostrophe and a second run joined to it, counted here in one
    pass (no list; a word looked up by its letters' code, `_stop_table`); another line's words come from
    `words_of(line)` (the regex)."""
    cdef Py_ssize_t seen = 0, n = 0, stop = 0, i, j, k, size
    cdef const unsigned char *s
    cdef unsigned char buf[8]
    cdef str line
    cdef list words
    if longest > 8:
        raise ValueError("stop words of more than 8 characters")
    cdef bytes table = _stop_table(stopwords)
    cdef const unsigned long long *slots = <const unsigned long long *><const char *>table
    for line in lines:
        if line.isascii():
            s = <const unsigned char *>PyUnicode_DATA(line)
            size = len(line)
            i = 0
            while i < size:
                if not _letter(s[i]):
                    i += 1
                    continue
                j = i + 1
                while j < size and _letter(s[j]):
                    j += 1
                if j + 1 < size and s[j] == 39 and _letter(s[j + 1]):  # "'" and a second run
                    j += 2
                    while j < size and _letter(s[j]):
                        j += 1
                seen += 1
                if n < max_words:
                    n += 1
                    if j - i <= longest:
                        for k in range(i, j):
                            buf[k - i] = s[k] | 32 if 65 <= s[k] <= 90 else s[k]
                        if _is_stopword(slots, _code(buf, j - i)):
                            stop += 1
                i = j
        else:
            words = words_of(line)
            seen += len(words)
            words = words[:max_words - n]
            stop += sum([1 for w in words if w.lower() in stopwords])
            n += len(words)
        if n >= max_words:
            break
    return seen, n, stop


cpdef Py_ssize_t count_controls(str text, Py_ssize_t limit):
    """`len(load._CONTROL_RE.findall(text[:limit]))`: the C0 control characters other than \\t \\n \\v \\f \\r
    (U+0000-U+0008, U+000E-U+001F) among the first `limit` characters."""
    cdef Py_ssize_t i, n = min(len(text), limit), count = 0
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    for i in range(n):
        ch = PyUnicode_READ(kind, data, i)
        if ch < 9 or 14 <= ch < 32:
            count += 1
    return count


# ------------------------------------------------------------------ `segment_lines`' per-line tests

# (`segment.WRAP_ABBREVIATIONS`, `segment.CLOSERS`, `segment.SENTENCE_END`: a test checks they are the same)
WRAP_ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "e.g.", "i.e.", "vs.")
CLOSERS = "\"”’)]»"
SENTENCE_END = ".!?…"
cdef tuple _WRAP = WRAP_ABBREVIATIONS


cpdef bint plain_text(str line) except -1:
    """`segment._plain_text(line)` (the definition): a line starting, after any spaces, with a letter (not an "a)"
    item) or ">", with no "|", tab, no-break space or byte-order mark."""
    cdef Py_ssize_t n = len(line), i = 0
    cdef unsigned int kind = PyUnicode_KIND(line)
    cdef void *data = PyUnicode_DATA(line)
    cdef Py_UCS4 c
    while i < n and PyUnicode_READ(kind, data, i) == 32:
        i += 1
    if i == n:
        return False
    c = PyUnicode_READ(kind, data, i)
    if not (c == u">" or c.isalpha() and not (i + 1 < n and PyUnicode_READ(kind, data, i + 1) == 41)):  # ")"
        return False
    if PyUnicode_FindChar(line, 124, 0, n, 1) >= 0 or PyUnicode_FindChar(line, 9, 0, n, 1) >= 0:  # "|", tab
        return False
    return line.isascii() or u"\u00a0" not in line and u"\ufeff" not in line


cdef inline bint _space(Py_UCS4 ch):
    """`str.isspace` (what `str.strip()` and `str.split()` take for whitespace)."""
    return ASCII[ch] == 2 if ch < 128 else ch.isspace()


cdef bint _wrap_word(unsigned int kind, void *data, Py_ssize_t start, Py_ssize_t end):
    """The characters [start, end) of a text are one of `WRAP_ABBREVIATIONS`."""
    cdef Py_ssize_t k
    cdef str w
    for w in _WRAP:
        if len(w) != end - start:
            continue
        for k in range(end - start):
            if PyUnicode_READ(kind, data, start + k) != <Py_UCS4>w[k]:
                break
        else:
            return True
    return False


cpdef bint continues(str previous, str line, Py_ssize_t wrap_min_chars) except -1:
    """`segment._continues(previous, line, settings)` (the definition, with `settings.wrap_min_chars`): `previous`
    is a hard-wrapped line whose sentence goes on in `line`. Read in place: `prev` is `previous[:end]` (its
    trailing whitespace off), `line`'s first character that is not whitespace is `first`; no string is made."""
    cdef unsigned int pk = PyUnicode_KIND(previous), lk = PyUnicode_KIND(line)
    cdef void *pd = PyUnicode_DATA(previous)
    cdef void *ld = PyUnicode_DATA(line)
    cdef Py_ssize_t end = len(previous), i = 0, n = len(line), j
    cdef Py_UCS4 first, last, ch
    cdef bint lower
    while end > 0 and _space(PyUnicode_READ(pk, pd, end - 1)):
        end -= 1
    while i < n and _space(PyUnicode_READ(lk, ld, i)):
        i += 1
    if end == 0 or i == n:
        return False
    first = PyUnicode_READ(lk, ld, i)
    last = PyUnicode_READ(pk, pd, end - 1)
    if last == u".":  # its last word (after the last whitespace) a wrap abbreviation ("Dr.")?
        j = end - 1
        while j > 0 and not _space(PyUnicode_READ(pk, pd, j - 1)):
            j -= 1
        if _wrap_word(pk, pd, j, end):
            return first.isalnum()
    j = end - 1  # `ends_sentence(prev)`: closers and spaces stripped from the end, then .!?…
    while j >= 0:
        ch = PyUnicode_READ(pk, pd, j)
        if not (ch == u" " or ch == u'"' or ch == u"”" or ch == u"’" or ch == u")" or ch == u"]" or ch == u"»"):
            break
        j -= 1
    if j >= 0:
        ch = PyUnicode_READ(pk, pd, j)
        if ch == u"." or ch == u"!" or ch == u"?" or ch == u"…":
            return False
    lower = first.islower()
    if last == u":":
        return lower
    if end >= wrap_min_chars:
        return True
    return lower and not (last == u'"' or last == u"”" or last == u"’" or last == u")" or last == u"]" or last == u"»")
