# cython: language_level=3, boundscheck=False, wraparound=False
"""`segment.segment_lines`' pass over a page's lines, compiled: `segment(...)` is `segment._segment_lines` (the
definition, in Python) up to `assign_kinds`, which the caller runs after it.

The module does not wrap indices around (`wraparound=False`): an index is never negative here (the last item of a
list is `x[len(x) - 1]`, a scan backwards tests its bound before it reads), `tests/test_load_speed_paths.py` checks
that no index in the load stage's compiled modules is a negative number.

What it adds to the definition's loop, besides typed counters: a line's quote markers (`segment.quote_prefix`) are
read in place (`_quote_prefix`: a line that starts with a letter is read no further); a block of one line
(`segment._one_line_block`: its text single-spaced, its words, its kind by `segment._kind_of_line`) and a paragraph of
several lines (its text, words and line breaks) are each made in one pass over the characters, with no list of
words in between; and each `Block` is made by setting its slots (`Block.__init__`'s fields, `_words` the text and
its words, as `segment._block` does), not through the dataclass's `__init__`. `tests/test_load_speed_paths.py` checks
that the blocks are those of the definition (every slot, as pickled) on real pages and random lines.
"""
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.unicode cimport (PyUnicode_1BYTE_KIND, PyUnicode_4BYTE_KIND, PyUnicode_DATA, PyUnicode_FromKindAndData,
                              PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ)

from audit.ingest._segment cimport continues, count_words, plain_text

from audit.ingest._chars cimport char_class as _what  # (1 letter or digit, 2 whitespace, 0 else)


cdef inline bint _terminal(Py_UCS4 ch):
    """`ch` in `segment.TERMINAL` (".!?:;,…" and the closers)."""
    return (ch == u"." or ch == u"!" or ch == u"?" or ch == u":" or ch == u";" or ch == u"," or ch == u"…"
            or _closer(ch))


cdef inline bint _closer(Py_UCS4 ch):
    """`ch` in `segment.CLOSERS`."""
    return ch == u'"' or ch == u"”" or ch == u"’" or ch == u")" or ch == u"]" or ch == u"»"


cdef inline bint _sentence_end(Py_UCS4 ch):
    """`ch` in `segment.SENTENCE_END`."""
    return ch == u"." or ch == u"!" or ch == u"?" or ch == u"…"


cdef class _Page:
    """One page's segmentation: the blocks made so far and the open paragraph (its lines, from line `start` on)."""
    cdef list blocks, para
    cdef Py_ssize_t start, heading_max_words, item_words
    cdef object block_type, new
    cdef bint item  # the open paragraph is a list item (its first line the item's text, `item_words` its words)

    cdef void add(self, Py_ssize_t start, Py_ssize_t end, str kind, str text, Py_ssize_t words,
                  tuple breaks) except *:
        """Append a block (`segment._block`: `Block(len(blocks), start, end, kind, text, breaks=breaks)`, its word
        count cached)."""
        b = self.new(self.block_type)
        b.block = PyList_GET_SIZE(self.blocks)
        b.line_start = start
        b.line_end = end
        b.kind = kind
        b.text = text
        b.label = "body"
        b.reason = ""
        b.breaks = breaks
        b._words = (text, words)
        b._key = None
        self.blocks.append(b)

    cdef void flush(self) except *:
        """Close the open paragraph: one line is a block of its kind (`segment._one_line_block`), more a paragraph
        (or "other" without a word)."""
        cdef Py_ssize_t n = PyList_GET_SIZE(self.para)
        if not n:
            return
        if n == 1 and self.item:
            self.add(self.start, self.start, "list_item" if self.item_words else "other",
                     <str>PyList_GET_ITEM(self.para, 0), self.item_words, ())
        elif n == 1:
            self.one_line(<str>PyList_GET_ITEM(self.para, 0))
        else:
            self.paragraph(n)
        del self.para[:]
        self.item = False

    cdef void one_line(self, str line) except *:
        """`segment._one_line_block(line, heading_max_words)` as a block: the line's words single-spaced (the line
        itself when it already is), their count, and its kind (`segment._kind_of_line` of the line)."""
        cdef Py_ssize_t n = len(line), i, k = 0, words = 0, first_at = -1, last = -1, j
        cdef unsigned int kind = PyUnicode_KIND(line)
        cdef void *data = PyUnicode_DATA(line)
        cdef Py_UCS4 ch, first = 0
        cdef unsigned char what
        cdef bint gap = False, counted = False, changed = False
        cdef bytearray out = bytearray(n if kind == PyUnicode_1BYTE_KIND else 4 * n)
        cdef unsigned char *narrow = out
        cdef Py_UCS4 *wide = <Py_UCS4 *>narrow
        cdef str text, block_kind
        for i in range(n):
            ch = PyUnicode_READ(kind, data, i)
            what = _what(ch)
            if what == 2:
                if ch != 32 or gap or not k:
                    changed = True
                gap = True
                counted = False
                continue
            if what == 1:
                if first_at < 0:
                    first_at, first = i, ch
                if not counted:
                    words += 1
                    counted = True
            if gap and k:
                if kind == PyUnicode_1BYTE_KIND:
                    narrow[k] = 32
                else:
                    wide[k] = 32
                k += 1
            gap = False
            if kind == PyUnicode_1BYTE_KIND:
                narrow[k] = <unsigned char>ch
            else:
                wide[k] = ch
            k += 1
            last = i
        if gap:
            changed = True
        if not changed:
            text = line
        elif kind == PyUnicode_1BYTE_KIND:
            text = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, narrow, k)
        else:
            text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, wide, k)
        # the kind (`segment._kind_of_line`): `last` is the line's last non-space character (`line.strip()`'s end)
        if first_at < 0:
            block_kind = "other"
        elif words <= self.heading_max_words and not _terminal(PyUnicode_READ(kind, data, last)) \
                and (first.isupper() or first.isdigit()):
            block_kind = "heading"
        else:
            # `segment.ends_sentence(line.strip())`: closers and spaces stripped from the end, then .!?…
            j = last
            while j >= 0:
                ch = PyUnicode_READ(kind, data, j)
                if not (_closer(ch) or ch == 32):
                    break
                j -= 1
            if not (j >= 0 and _sentence_end(PyUnicode_READ(kind, data, j))) and first.islower():
                block_kind = "other"  # a fragment such as image alt text or a caption
            else:
                block_kind = "paragraph"
        self.add(self.start, self.start, block_kind, text, words, ())

    cdef void paragraph(self, Py_ssize_t lines) except *:
        """A paragraph of two or more lines (`segment._segment_lines`' flush: the lines' words single-spaced, joined
        by a space; its words; where lines 2.. start in the text); "other" without a word."""
        cdef Py_ssize_t total = 0, i, k = 0, words = 0
        cdef bint wide = False
        cdef str line
        cdef list starts = []
        for i in range(lines):
            line = <str>PyList_GET_ITEM(self.para, i)
            total += len(line) + 1
            if PyUnicode_KIND(line) != PyUnicode_1BYTE_KIND:
                wide = True
        cdef bytearray out = bytearray(4 * total if wide else total)
        cdef unsigned char *buf = out
        for i in range(lines):
            if i:  # " ".join(pieces): a space, then where line i starts
                if wide:
                    (<Py_UCS4 *>buf)[k] = 32
                else:
                    buf[k] = 32
                k += 1
                starts.append(k)
            k = _put_words(<str>PyList_GET_ITEM(self.para, i), buf, wide, k, &words)
        text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND if wide else PyUnicode_1BYTE_KIND, buf, k)
        self.add(self.start, self.start + lines - 1, ("list_item" if self.item else "paragraph") if words else "other",
                 text, words, tuple(starts))


cdef Py_ssize_t _put_words(str line, unsigned char *buf, bint wide, Py_ssize_t k, Py_ssize_t *words):
    """Write `" ".join(line.split())` into `buf` (UCS4 when `wide`, else one byte a character: `line` then holds
    none wider) from position `k` on, add its words (`count_words`) to `words`; the position after it."""
    cdef Py_ssize_t n = len(line), i, begin = k
    cdef unsigned int kind = PyUnicode_KIND(line)
    cdef void *data = PyUnicode_DATA(line)
    cdef const unsigned char *narrow = <const unsigned char *>data
    cdef Py_UCS4 ch
    cdef unsigned char what
    cdef bint gap = False, counted = False
    if not wide:  # (one byte a character in and out)
        for i in range(n):
            ch = narrow[i]
            what = _what(ch)
            if what == 2:
                gap = True
                counted = False
                continue
            if what == 1 and not counted:
                words[0] += 1
                counted = True
            if gap and k > begin:
                buf[k] = 32
                k += 1
            gap = False
            buf[k] = <unsigned char>ch
            k += 1
        return k
    for i in range(n):
        ch = PyUnicode_READ(kind, data, i)
        what = _what(ch)
        if what == 2:
            gap = True
            counted = False
            continue
        if what == 1 and not counted:
            words[0] += 1
            counted = True
        if gap and k > begin:
            (<Py_UCS4 *>buf)[k] = 32
            k += 1
        gap = False
        (<Py_UCS4 *>buf)[k] = ch
        k += 1
    return k


cdef inline Py_ssize_t _quote_prefix(str line, Py_ssize_t most, Py_ssize_t *start) noexcept:
    """`segment.quote_prefix(line, most)`: the depth returned, where the quoted text starts in `start` (a line whose
    first character is no space, tab, ">" or "|" is read no further: most lines)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line), depth = 0, at = 0, i
    cdef unsigned int kind = PyUnicode_KIND(line)
    cdef void *data = PyUnicode_DATA(line)
    cdef Py_UCS4 ch = PyUnicode_READ(kind, data, 0) if n else 0
    start[0] = 0
    if not (ch == 62 or ch == 124 or ch == 32 or ch == 9):  # (">", "|", a space, a tab)
        return 0
    while depth != most:
        i = at
        while i < n and (PyUnicode_READ(kind, data, i) == 32 or PyUnicode_READ(kind, data, i) == 9):
            i += 1
        if i >= n:
            break
        ch = PyUnicode_READ(kind, data, i)
        if ch == 62:  # ">"
            i += 1
        elif ch == 124 and i + 1 < n and PyUnicode_READ(kind, data, i + 1) == 62:  # "|>"
            i += 2
        else:
            break
        depth += 1
        at = i
    if depth and at < n and (PyUnicode_READ(kind, data, at) == 32 or PyUnicode_READ(kind, data, at) == 9):
        at += 1
    start[0] = at
    return depth


def segment(list lines, Py_ssize_t heading_max_words, Py_ssize_t wrap_min_chars, object classify,
            object classify_memo, Py_ssize_t memo_chars, object fence_match, object block_type, bint commonmark=False):
    """The blocks of a page's `lines` (`segment._segment_lines` before its `assign_kinds`): a line that is not plain
    text is classified by `classify` (`segment._classify`), by `classify_memo` (its memo) when it has at most
    `memo_chars` characters; `fence_match` is `segment.FENCE_RE.match`, `block_type` is `segment.Block`;
    `commonmark`: a Markdown source file, whose paragraph goes on to the next blank line or block."""
    cdef _Page page = _Page()
    page.blocks, page.para, page.start, page.heading_max_words = [], [], 0, heading_max_words
    page.item, page.item_words = False, 0
    page.block_type, page.new = block_type, block_type.__new__
    cdef list table = []  # the rows of an open table (cells joined by " | "), from line `table_start` on
    cdef Py_ssize_t table_start = 0, table_end = 0, code_start = 0, number, n_lines = PyList_GET_SIZE(lines), words
    cdef Py_ssize_t depth = 0, fence_depth = 0, d, at  # quote depths: the open blocks', the open fence's lines'
    cdef str fence = ""  # an open fenced code block: its fence and lines
    cdef list code = []
    cdef str line, what, text
    cdef object n
    for number in range(1, n_lines + 1):
        line = <str>PyList_GET_ITEM(lines, number - 1)
        if fence and fence_depth:  # a fence in a quote: a line quoted as deep is code, a line less deep ends it
            d = _quote_prefix(line, fence_depth, &at)
            if d < fence_depth:
                text = "\n".join(code).strip("\n")
                if text:
                    page.add(code_start, number - 1, "code", text, count_words(text), ())
                fence = ""
                code = []
            elif at:
                line = line[at:]
        if fence:  # inside a fenced code block: every line is code, up to the closing fence
            m = fence_match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                text = "\n".join(code).strip("\n")
                if text:  # (an empty code block makes no block)
                    page.add(code_start, number, "code", text, count_words(text), ())  # fences and lines between
                fence = ""
                code = []
            else:
                code.append(line.rstrip())
            continue
        d = _quote_prefix(line, -1, &at)
        if d != depth:  # a change of quote depth ends the open blocks
            page.flush()
            _flush_table(page, table, table_start, table_end)
            table = []
            table_end = 0
            depth = d
        if at:
            line = line[at:]
        if not line:
            what, text, n = "blank", "", 0
        elif plain_text(line):
            what, text, n = "text", line, 0
        else:
            what, text, n = (classify_memo if len(line) <= memo_chars else classify)(line)
        if what == "table_row" or what == "table_sep":
            page.flush()
            if not table:
                table_start = number
            if text:
                table.append(text)
            table_end = number
            continue
        if table_end:  # a table ends at its first line that is not a row
            _flush_table(page, table, table_start, table_end)
            table = []
            table_end = 0
        if what == "text":
            if PyList_GET_SIZE(page.para) and not commonmark and not continues(
                    <str>PyList_GET_ITEM(page.para, PyList_GET_SIZE(page.para) - 1), text, wrap_min_chars):
                page.flush()
            if not PyList_GET_SIZE(page.para):
                page.start = number
            page.para.append(text)
            continue
        page.flush()
        if what == "fence":
            fence, code_start, fence_depth = text, number, depth
        elif what == "list_item":  # (stop 35) opens a paragraph its wrapped lines go on in (`continues`)
            page.start, page.item, page.item_words = number, True, n
            page.para.append(text)
        elif what == "heading":
            page.add(number, number, what if n else "other", text, n, ())
    page.flush()
    _flush_table(page, table, table_start, table_end)
    if fence:  # an unclosed fence runs to the end of the page
        text = "\n".join(code).strip("\n")
        if text:
            page.add(code_start, n_lines, "code", text, count_words(text), ())
    return page.blocks


cdef void _flush_table(_Page page, list table, Py_ssize_t table_start, Py_ssize_t table_end) except *:
    """Close an open table (`segment._segment_lines`' `flush_table`)."""
    cdef str text
    cdef Py_ssize_t words
    if table:
        text = "\n".join(table)
        words = count_words(text)  # rows of punctuation only (":\t:") are no table of words: kept as "other"
        page.add(table_start, table_end, "table" if words else "other", text, words, ())
    elif table_end:  # separator rows only (`|---|`): no cell text
        page.add(table_start, table_end, "other", "", 0, ())


# ------------------------------------------------------------------ a page's blocks as columns (`segment.pack_blocks`)

def pack_blocks(list blocks):
    """`segment.pack_blocks`: one list per slot of `blocks` (`segment._SLOTS` order), a `_words` cached for the
    block's own text as its count alone."""
    cdef Py_ssize_t n = PyList_GET_SIZE(blocks), i
    cdef list block = [None] * n, start = [None] * n, end = [None] * n, kind = [None] * n, text = [None] * n
    cdef list label = [None] * n, reason = [None] * n, breaks = [None] * n, words = [None] * n, key = [None] * n
    cdef object b, t, w
    for i in range(n):
        b = <object>PyList_GET_ITEM(blocks, i)
        block[i] = b.block
        start[i] = b.line_start
        end[i] = b.line_end
        kind[i] = b.kind
        t = b.text
        text[i] = t
        label[i] = b.label
        reason[i] = b.reason
        breaks[i] = b.breaks
        w = b._words
        words[i] = (<tuple>w)[1] if type(w) is tuple and len(<tuple>w) == 2 and (<tuple>w)[0] is t else w
        key[i] = b._key
    return (block, start, end, kind, text, label, reason, breaks, words, key)


def unpack_blocks(tuple columns, object block_type):
    """`segment.unpack_blocks`: the `block_type` objects (`segment.Block`) of `pack_blocks`' columns."""
    cdef list block = columns[0], start = columns[1], end = columns[2], kind = columns[3], text = columns[4]
    cdef list label = columns[5], reason = columns[6], breaks = columns[7], words = columns[8], key = columns[9]
    cdef Py_ssize_t n = PyList_GET_SIZE(text), i
    cdef list out = [None] * n
    cdef object new = block_type.__new__, b, t, w
    for i in range(n):
        b = new(block_type)
        b.block = block[i]
        b.line_start = start[i]
        b.line_end = end[i]
        b.kind = kind[i]
        t = text[i]
        b.text = t
        b.label = label[i]
        b.reason = reason[i]
        b.breaks = breaks[i]
        w = words[i]
        b._words = (t, w) if type(w) is int else w
        b._key = key[i]
        out[i] = b
    return out
