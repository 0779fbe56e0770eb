# cython: language_level=3, boundscheck=False, wraparound=False
"""A page's template evidence, compiled (`audit.ingest.template`): what the load step computes of each page's blocks
for the boilerplate stage.

- `pattern_needs`: the default pattern rules' needs (`frame_patterns._NEEDS`, the definition) of an ASCII text as a
  bit mask: a text that meets none of a rule's needs is not searched by its regex;
- `page_evidence`: the blocks' key hashes (`chunks.block_hashes`), the page's copy key (`template.copy_key`) and the
  pattern rule hit by each block (`template.pattern_hits`) in one pass over the blocks (`template.page_evidence`).

`tests/test_load_speed_paths.py` checks each against its definition on real pages and random text.

Indices do not wrap around here (`wraparound=False`): every index is at least 0 (`raw[i - 1]` is guarded by `i`); a
test checks that no subscript is a negative number.
"""
from hashlib import blake2b

from libc.string cimport memcpy, strlen
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ

from audit.ingest._segment cimport count_words


# ASCII as `template._SPACES` maps it: every whitespace character (`str.isspace`) a space, the rest unchanged
cdef unsigned char SPACED[128]
for _c in range(128):
    SPACED[_c] = 32 if chr(_c).isspace() else _c

# `template.NEED_BITS`: the bit of each default rule in `pattern_needs`' answer
SKIP_LINK, PHONE, FAX, ADDRESS, HOURS, BYLINE, FOOTER_CALL, COPYRIGHT, DATE_LINE = range(9)


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


cdef bint _street_at(const unsigned char *raw, Py_ssize_t n, Py_ssize_t i):
    """One of `_STREETS` starts at i, a whole word (`_at_word`)."""
    cdef bytes w
    for w in _STREETS:
        if _at_word(raw, n, i, w):
            return True
    return False


cdef bint _phone_word(const unsigned char *low, Py_ssize_t n, Py_ssize_t i):
    """`template._PHONE_WORD` matches at i (after the start or a space): "phone", "telephone", "tel" or "call", then
    spaces and ":"."""
    cdef Py_ssize_t j
    if _at(low, n, i, b"phone"):
        j = i + 5
    elif _at(low, n, i, b"telephone"):
        j = i + 9
    elif _at(low, n, i, b"tel"):
        j = i + 3
    elif _at(low, n, i, b"call"):
        j = i + 4
    else:
        return False
    while j < n and low[j] == 32:
        j += 1
    return j < n and low[j] == 58


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


cdef inline bint _digits(const unsigned char *raw, Py_ssize_t i, Py_ssize_t j):
    """raw[i:j] are digits."""
    cdef Py_ssize_t k
    for k in range(i, j):
        if not 48 <= raw[k] <= 57:
            return False
    return True


cdef bint _phone_tail(const unsigned char *raw, Py_ssize_t n):
    """`template._PHONE_TAIL` is found in `raw`: three digits, a "-", "." or space, four digits (at i), after three
    digits and a "-", "." or space, or after three digits in brackets and spaces."""
    cdef Py_ssize_t i, j
    for i in range(n - 7):
        if raw[i + 3] in b"-. " and _digits(raw, i, i + 3) and _digits(raw, i + 4, i + 8):
            if i >= 4 and raw[i - 1] in b"-. " and _digits(raw, i - 4, i - 1):
                return True
            j = i - 1
            while j >= 0 and raw[j] == 32:
                j -= 1
            if j >= 4 and raw[j] == 41 and raw[j - 4] == 40 and _digits(raw, j - 3, j):  # "(ddd)"
                return True
    return False


cdef enum:
    _SHORT = 512  # (characters: most texts asked are short, at most `pattern_max_words` words)


cpdef int pattern_needs(str text) except -1:
    """The default pattern rules' needs (`frame_patterns._NEEDS`, the definition) met by the ASCII `text`, as a bit
    mask (bit `SKIP_LINK` ... `DATE_LINE` set when that rule's need is met). One pass over the characters makes `raw`
    (whitespace as spaces), `low` (its lower case) and counts the digits; a second finds, at each position, the
    needs' words that start there (by their first character); the needs are then those words' logic."""
    cdef Py_ssize_t n = len(text), i, digits = 0, lead = 0
    cdef unsigned char on_stack[2 * _SHORT]  # (`raw` and `low` of a short text: no allocation)
    cdef bytearray rawb
    cdef unsigned char *raw = on_stack
    cdef unsigned char *low
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    cdef unsigned char r, c
    cdef bint digit_space = False, skip_to = False, colon = False, phone_word = False, fax = False, street = False
    cdef bint state_zip = False, suite = False, times_hours = False, dash = False, am_pm = False, day = False
    cdef bint byline = False, interested = False, copyright = False, to_word = False, date_label = False
    cdef int mask = 0
    if n > _SHORT:
        rawb = bytearray(2 * n)
        raw = rawb
    low = raw + n
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
    phone_word = _phone_word(low, n, lead)
    for i in range(n):
        c = low[i]
        if c == 32:
            if i and 48 <= raw[i - 1] <= 57:
                digit_space = True
            phone_word = phone_word or _phone_word(low, n, i + 1)
            to_word = to_word or _at(low, n, i, b" to ")
            if not street and i + 1 < n and raw[i + 1] in b"SARBLDF":
                street = _street_at(raw, n, i)
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
            to_word = to_word or _at(low, n, i, b"thr")
        elif c == 104:  # h
            times_hours = times_hours or _at(low, n, i, b"hours")
        elif c == 97:  # a
            am_pm = am_pm or _at(low, n, i, b"am") or _at(low, n, i, b"a.m")
            copyright = copyright or _at(low, n, i, b"all rights reserved")
        elif c == 112:  # p
            am_pm = am_pm or _at(low, n, i, b"pm") or _at(low, n, i, b"p.m")
            byline = byline or _at(low, n, i, b"posted") or _at(low, n, i, b"published")
        elif c == 109:  # m
            day = day or _at(low, n, i, b"mon")
            date_label = date_label or _at(low, n, i, b"modified")
        elif c == 117:  # u
            date_label = date_label or _at(low, n, i, b"update")
        elif c == 114:  # r
            date_label = date_label or _at(low, n, i, b"reviewed") or _at(low, n, i, b"revised")
        elif c == 119:  # w
            day = day or _at(low, n, i, b"wed")
            byline = byline or _at(low, n, i, b"written")
        elif c == 105:  # i
            interested = interested or _at(low, n, i, b"if you are interested")
        elif c == 99:  # c
            copyright = copyright or _at(low, n, i, b"copyright")
            date_label = date_label or _at(low, n, i, b"changed")
    if skip_to:
        mask |= 1 << SKIP_LINK
    if digits >= 10 and _phone_tail(raw, n) or colon and phone_word:
        mask |= 1 << PHONE
    if fax:
        mask |= 1 << FAX
    if digits > 0 and (digit_space and street or digits >= 5 and state_zip or suite):
        mask |= 1 << ADDRESS
    if times_hours or (dash or to_word) and (digits >= 2 and am_pm or day):
        mask |= 1 << HOURS
    if byline:
        mask |= 1 << BYLINE
    if interested:
        mask |= 1 << FOOTER_CALL
    if copyright:
        mask |= 1 << COPYRIGHT
    if date_label:
        mask |= 1 << DATE_LINE
    return mask



# ------------------------------------------------------------------ a page's evidence in one pass over its blocks

cdef inline bint _ends_sentence(str text):
    """`segment.ends_sentence(text)`: `text.rstrip("\\"”’)]» ")` ends in ".", "!", "?" or "…"."""
    cdef Py_ssize_t j = len(text) - 1
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    while j >= 0:
        ch = PyUnicode_READ(kind, data, j)
        if not (ch == u" " or ch == u'"' or ch == u"”" or ch == u"’" or ch == u")" or ch == u"]" or ch == u"»"):
            return ch == u"." or ch == u"!" or ch == u"?" or ch == u"…"
        j -= 1
    return False


# ASCII as `_segment.fold_words` folds it: a letter in lower case, a digit "0", anything else 0 (a separator)
cdef unsigned char FOLDED[128]
for _c in range(128):
    FOLDED[_c] = (48 if chr(_c).isdigit() else ord(chr(_c).lower())) if chr(_c).isalnum() else 0


cdef bytes _ascii_key(str text):
    """`fold_words(text).encode()` of an ASCII `text` (`segment.normalise`: its words single-spaced, lower case,
    digits "0"), made as bytes in one pass."""
    cdef Py_ssize_t n = len(text), i, k = 0
    cdef const unsigned char *s = <const unsigned char *>PyUnicode_DATA(text)
    cdef unsigned char on_stack[_SHORT]
    cdef bytearray made
    cdef unsigned char *out = on_stack
    cdef unsigned char c
    cdef bint gap = False
    if n > _SHORT:
        made = bytearray(n)
        out = made
    for i in range(n):
        c = FOLDED[s[i]]
        if not c:
            gap = True
            continue
        if gap and k:
            out[k] = 32
            k += 1
        gap = False
        out[k] = c
        k += 1
    return PyBytes_FromStringAndSize(<char *>out, k)


def page_evidence(list blocks, Py_ssize_t anchor_min_words, Py_ssize_t pattern_max_words, object first_hit,
                  bint search_all, object prose_sentence, object normalise):
    """(hashes, copy key, hits) of a page's `blocks` (`template.page_evidence`, with the settings' `anchor_min_words`
    and `pattern_max_words`; `first_hit` is `template._first_hit` of the settings' rules, `search_all` True when a
    rule has no needs, `prose_sentence` is `template._prose_sentence`, `normalise` is `segment.normalise`):

    - hashes: each block's key (`Block.key`: `normalise(text)`; of an ASCII text, `_ascii_key`) as the first 8
      bytes of its blake2b digest (`chunks.key_hash`, little-endian), 8 zero bytes for a block without a key;
    - copy key: the blake2b key (`template.copy_key`) of the sorted distinct keys of the paragraphs of at least
      `anchor_min_words` words that end a sentence, joined by NUL (their UTF-8 bytes sorted: the order of the texts,
      as UTF-8 keeps the order of code points), 0 for fewer than two;
    - hits: the pattern rule (or "") each block hits (`template.pattern_hits`), `first_hit` asked only of a block of
      at most `pattern_max_words` words whose text meets a rule's needs (`pattern_needs`; any non-ASCII text).

    Each block's word count is cached as `Block.words` caches it; no block keeps a key (`Block.forget_key`)."""
    cdef Py_ssize_t n = PyList_GET_SIZE(blocks), i, words
    cdef bytearray hashes = bytearray(8 * n)
    cdef unsigned char *out = hashes
    cdef list hits = [""] * n
    cdef set article = set()
    cdef bytes key, digest
    cdef str text, hit
    cdef object b, w
    for i in range(n):
        b = <object>PyList_GET_ITEM(blocks, i)
        text = b.text
        w = b._words
        if type(w) is tuple and len(<tuple>w) == 2 and (<tuple>w)[0] is text:
            words = (<tuple>w)[1]
        else:
            words = count_words(text)
            b._words = (text, words)
        b._key = None
        key = _ascii_key(text) if text.isascii() else (<str>normalise(text)).encode("utf-8")
        if key:
            digest = blake2b(key, digest_size=8).digest()
            memcpy(out + 8 * i, <const char *>digest, 8)
            if words >= anchor_min_words and b.kind == "paragraph" and _ends_sentence(text):
                article.add(key)
        if words <= pattern_max_words and (search_all or not text.isascii() or pattern_needs(text)):
            hit = first_hit(text)
            if hit and not prose_sentence(text, words):
                hits[i] = hit
    copy_key = 0
    if len(article) >= 2:
        copy_key = int.from_bytes(blake2b(b"\x00".join(sorted(article)), digest_size=8).digest(), "little") or 1
    return bytes(hashes), copy_key, hits
