# cython: language_level=3, boundscheck=False, wraparound=False
"""The load stage's per-character loops, compiled (`audit.ingest.segment`, `.template`, `.load`, `audit.engine.guard`).

- `count_words`: whitespace-separated tokens holding at least one letter or digit — textstat's notion of a word, the
  pure definition `sum(1 for tok in text.split() if any(c.isalnum() for c in tok))` (`str.split`'s whitespace is
  `str.isspace`; `[^\\W_]` in a regex is `str.isalnum`), one pass over the characters for any text, ASCII or not;
- `fold_words`: `segment.normalise`'s folding after NFKC and casefold (`segment._fold`, the definition: digits "0",
  `re.sub(r"[^\\w\\s]|_", " ", ...)`, whitespace runs one space, stripped), in one pass: all of it for an ASCII
  text (NFKC leaves ASCII as it is, casefold is lower);
- `tags_deeper_than`: `guard.html_depth_exceeds`' walk over the tags its regex `guard._TAG_ATTRS_RE` finds (the
  regex's matches found by hand, its `\\b` after the tag name included: see the function);
- `plain_text`, `continues`: `segment._plain_text` and `segment._continues`, asked of nearly every line;
- `pattern_needs`: the default pattern rules' needs (`template._NEEDS`) of an ASCII text as a bit mask;
- `english_counts`: `load.english_share`'s words (`load._WORD_RE`) and stop words, in one pass over ASCII lines;
- `count_controls`: `len(load._CONTROL_RE.findall(text[:limit]))`.

`tests/test_load_speed_paths.py` (and `tests/test_segment_rules.py` for `english_counts`) checks each against its
definition on real pages and random text.

Indices do not wrap around here (`wraparound=False`): every index is at least 0 — a read before position i is
guarded by `i > 0` (`raw[i - 1]`, `p - 1` with p > j >= 1), the last item of a list is `x[len(x) - 1]`; a test checks
that no subscript is a negative number.
"""
from libc.string cimport strlen
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


# ------------------------------------------------------------------ the default pattern rules' needs

# ASCII as `template._SPACES` maps it: every whitespace character (`str.isspace`) a space, the rest unchanged
cdef unsigned char SPACED[128]
for _c in range(128):
    SPACED[_c] = 32 if chr(_c).isspace() else _c

# `template.NEED_BITS`: the bit of each default rule in `pattern_needs`' answer
SKIP_LINK, PHONE, FAX, ADDRESS, HOURS, BYLINE, FOOTER_CALL, COPYRIGHT = range(8)


cdef inline bint _at(const unsigned char *s, Py_ssize_t n, Py_ssize_t i, const char *w):
    """s[i:n] starts with `w` (NUL-terminated)."""
    cdef Py_ssize_t j = 0
    while w[j]:
        if i + j >= n or s[i + j] != <unsigned char>w[j]:
            return False
        j += 1
    return True


cdef tuple _STREETS = (b" Street", b" St", b" Suite", b" Avenue", b" Ave", b" Road", b" Rd", b" Boulevard", b" Blvd",
                       b" Lane", b" Ln", b" Drive", b" Dr", b" Floor")  # (`template._STREET_WORD`)


cdef inline bint _at_word(const unsigned char *s, Py_ssize_t n, Py_ssize_t i, const char *w):
    """s[i:n] starts with `w` (`_at`), a whole word: no letter, digit or "_" right after it."""
    cdef Py_ssize_t j = i + <Py_ssize_t>strlen(w)
    return _at(s, n, i, w) and (j == n or not (48 <= s[j] <= 57 or 97 <= (s[j] | 32) <= 122 or s[j] == 95))


cdef bint _state_zip(const unsigned char *raw, Py_ssize_t n, Py_ssize_t i):
    """`template._STATE_ZIP` matches at i (a ","): spaces, two capitals, a space or more, five digits."""
    cdef Py_ssize_t j = i + 1, k
    while j < n and raw[j] == 32:
        j += 1
    if j + 2 >= n or not (65 <= raw[j] <= 90 and 65 <= raw[j + 1] <= 90 and raw[j + 2] == 32):
        return False
    j += 2
    while j < n and raw[j] == 32:
        j += 1
    return j + 5 <= n and all(48 <= raw[k] <= 57 for k in range(j, j + 5))


cdef bint _phone_tail(const unsigned char *raw, Py_ssize_t n):
    """`template._PHONE_TAIL` is found in `raw`: three digits, a "-", "." or space, four digits."""
    cdef Py_ssize_t i, k
    for i in range(n - 7):
        if raw[i + 3] in b"-. " and all(48 <= raw[k] <= 57 for k in range(i, i + 8) if k != i + 3):
            return True
    return False


def pattern_needs(str text):
    """The default pattern rules' needs (`template._NEEDS`, the definition) met by the ASCII `text`, as a bit mask
    (bit `SKIP_LINK` ... `COPYRIGHT` set when that rule's need is met). One pass over the characters makes `raw`
    (whitespace as spaces), `low` (its lower case) and counts the digits; a second finds, at each position, the
    needs' words that start there (by their first character); the needs are then those words' logic."""
    cdef Py_ssize_t n = len(text), i, digits = 0, lead = 0
    cdef bytearray rawb = bytearray(n), lowb = bytearray(n)
    cdef unsigned char *raw = rawb
    cdef unsigned char *low = lowb
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    cdef unsigned char r, c
    cdef bint digit_space = False, skip_to = False, colon = False, phone_word = False, fax = False, street = False
    cdef bint state_zip = False, suite = False, times_hours = False, dash = False, am_pm = False, day = False
    cdef bint byline = False, interested = False, copyright = False
    cdef int mask = 0
    for i in range(n):
        ch = PyUnicode_READ(kind, data, i)
        if ch >= 128:
            raise ValueError("pattern_needs reads ASCII text only")
        r = SPACED[ch]
        raw[i] = r
        low[i] = r + 32 if 65 <= r <= 90 else r
        if 48 <= r <= 57:
            digits += 1
    while lead < n and low[lead] == 32:
        lead += 1
    phone_word = _at(low, n, lead, b"phone") or _at(low, n, lead, b"tel") or _at(low, n, lead, b"call")
    for i in range(n):
        c = low[i]
        if c == 32:
            if i and 48 <= raw[i - 1] <= 57:
                digit_space = True
            if _at(low, n, i, b" phone") or _at(low, n, i, b" tel") or _at(low, n, i, b" call"):
                phone_word = True
            if not street and i + 1 < n and raw[i + 1] in b"SARBLDF":
                street = any(_at_word(raw, n, i, w) for w in _STREETS)
        elif c == 58:  # ":"
            colon = True
        elif c == 45:  # "-"
            dash = True
        elif c == 44:  # ","
            state_zip = state_zip or digits >= 5 and _state_zip(raw, n, i)
        elif c == 40:  # "("
            copyright = copyright or _at(low, n, i, b"(c)")
        elif c == 115:  # s
            skip_to = skip_to or _at(low, n, i, b"skip to")
            day = day or _at(low, n, i, b"sat") or _at(low, n, i, b"sun")
            suite = suite or raw[i] == 83 and _at(raw, n, i, b"Suite")
        elif c == 102:  # f
            fax = fax or _at(low, n, i, b"fax")
            day = day or _at(low, n, i, b"fri")
        elif c == 116:  # t
            times_hours = times_hours or _at(low, n, i, b"times")
            day = day or _at(low, n, i, b"tue") or _at(low, n, i, b"thu")
        elif c == 104:  # h
            times_hours = times_hours or _at(low, n, i, b"hours")
        elif c == 97:  # a
            am_pm = am_pm or _at(low, n, i, b"am")
            copyright = copyright or _at(low, n, i, b"all rights reserved")
        elif c == 112:  # p
            am_pm = am_pm or _at(low, n, i, b"pm")
            byline = byline or _at(low, n, i, b"posted") or _at(low, n, i, b"published")
        elif c == 109:  # m
            day = day or _at(low, n, i, b"mon")
        elif c == 119:  # w
            day = day or _at(low, n, i, b"wed")
            byline = byline or _at(low, n, i, b"written")
        elif c == 105:  # i
            interested = interested or _at(low, n, i, b"if you are interested")
        elif c == 99:  # c
            copyright = copyright or _at(low, n, i, b"copyright")
    if skip_to:
        mask |= 1 << SKIP_LINK
    if digits >= 10 and _phone_tail(raw, n) or colon and phone_word:
        mask |= 1 << PHONE
    if fax:
        mask |= 1 << FAX
    if digits > 0 and (digit_space and street or digits >= 5 and state_zip or suite):
        mask |= 1 << ADDRESS
    if times_hours or dash and (digits >= 2 and am_pm or day):
        mask |= 1 << HOURS
    if byline:
        mask |= 1 << BYLINE
    if interested:
        mask |= 1 << FOOTER_CALL
    if copyright:
        mask |= 1 << COPYRIGHT
    return mask


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
cdef tuple _ENDS = tuple(SENTENCE_END)
cdef tuple _CLOSERS = tuple(CLOSERS)
cdef str _CLOSING = CLOSERS + " "  # what `segment.ends_sentence` strips before the end


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


cpdef bint continues(str previous, str line, Py_ssize_t wrap_min_chars) except -1:
    """`segment._continues(previous, line, settings)` (the definition, with `settings.wrap_min_chars`): `previous`
    is a hard-wrapped line whose sentence goes on in `line`."""
    cdef str prev = previous.rstrip()
    cdef str nxt = line.lstrip()
    cdef Py_UCS4 first
    cdef bint lower
    cdef list parts
    if not prev or not nxt:
        return False
    first = nxt[0]
    if (<object>prev).endswith(_WRAP):
        parts = prev.rsplit(None, 1)
        if parts[len(parts) - 1] in _WRAP:  # (its last word; no negative index: the module does not wrap around)
            return first.isalnum()
    if (<object>prev.rstrip(_CLOSING)).endswith(_ENDS):
        return False
    lower = first.islower()
    if prev.endswith(u":"):
        return lower
    if len(prev) >= wrap_min_chars:
        return True
    return lower and not (<object>prev).endswith(_CLOSERS)
