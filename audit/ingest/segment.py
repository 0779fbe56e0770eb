"""Segment a page's lines into blocks: heading, paragraph, list_item, other — each with its 1-based line span.

Rules (plain text and Markdown alike): blank lines separate blocks; a bullet (`•`, `-`, `*`, `1.`, `a)`) or a
Markdown heading (`#`) always starts its own block; a line that ends a sentence ends its block; a line that stops
mid-sentence continues on the next when it is long or the next line starts in lower case (a hard wrap, see
`_continues`); so does a list item's text (stop 35: an item whose text wraps in the page's source — a Markdown list,
a plain-text post, the extractor's line of an HTML `<li>` whose source text has a line break — is one list item,
not the item and a paragraph cut mid-sentence). A heading never merges into a neighbour, a list item never into the
line before it. A fenced code block (a run of three or more
backticks or tildes) is one `code` block, in Markdown (`.md`, and the extractor's Markdown of an HTML page) only: a
plain-text page has no fences, and its line of tildes is a rule (`_classify_plain`).

Quoted lines — an e-mail or Usenet reply's "> ", ">>", "> > ", "|> " and a Markdown blockquote's "> " — are segmented
as the text they quote (`quote_prefix`): the markers and the space after them are set aside and the rules above apply
to what follows, so a quoted paragraph's wrapped lines join, a quoted blank line (">") separates blocks, a quoted
table is a table and a quoted bullet a list item; each block keeps its lines' numbers in the file and its text has no
markers. A change of quote depth ends the open block (">>" then ">" are two speakers, a reply's own line after a
quote is the replier's): there are no lazy continuation lines (CommonMark 0.31.2 §5.1 lets an unmarked line go on
a quoted paragraph; here it starts a block of its own). A fence opened inside a quote closes where the quote ends
(§5.1: the container closes its fenced code block); inside a fence opened outside any quote, "> " is code.
Whether a block was quoted is not recorded (a block's kind and text are those of the text it quotes).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from audit.config import SegmentSettings
from audit.ingest import _blocks, _kinds, _segment
# the kinds that are not prose (`kinds`), read from here too
from audit.ingest.kinds import (_CITATION_RE, _KIND_TESTS, NON_PROSE_KINDS, NOTE_RE, PROSE_KINDS,  # noqa: F401
                                REFERENCES_HEADING_RE, assign_kinds, is_citation)

BULLET_RE = re.compile(r"^\s*(?:[•◦▪▫●○■□‣⁃∙·*+\-–—]|\d{1,3}[.)]|\(\d{1,2}\)|\(?[a-z]\)(?=\s))\s+(?=\S)")
# An ATX heading (CommonMark 0.31.2 §4.2): 1-6 "#" after at most 3 spaces, followed by spaces and its text or by
# the end of the line ("#" alone is an empty heading; "#5", "#hashtag" are text); a closing run of "#" dropped.
# No text: group 2 None or "".
MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?)\s*#*)?\s*$")
# What a reader does not see: whitespace and Unicode's default-ignorable code points (DerivedCoreProperties.txt,
# Default_Ignorable_Code_Point: zero-width space and joiners, soft hyphen, direction marks, word joiner,
# variation selectors, tags ...) except the four Hangul fillers, which `str.isalpha` calls letters (a line starting
# with one is plain text, `_plain_text`). A line of only these is blank (a blog's empty paragraph, "\u200b").
_INVISIBLE_RE = re.compile("[\\s\u00ad\u034f\u061c\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
                           "\ufe00-\ufe0f\ufeff\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
                           "\U000e0000-\U000e0fff]*")
TERMINAL = ".!?:;,…\"”’)]»"
SENTENCE_END = ".!?…"
WORD_RE = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(slots=True)
class Block:
    """One block of a page. Slotted: a chunk's blocks are read back from the store by the thousand and live through
    the chunk's analysis, and an instance without a `__dict__` is one object for the garbage collector, not two."""

    block: int  # 0-based index within the page
    line_start: int  # 1-based, inclusive
    line_end: int
    kind: str  # heading | paragraph | list_item | other
    text: str  # the block's text, bullet / '#' markers removed, lines joined with a space
    label: str = "body"  # body | boilerplate (set by the boilerplate stage)
    reason: str = ""
    # where lines 2.. of a multi-line paragraph start in `text` (character offsets): `line_of` maps a position
    # in the text (a sentence's start) back to its line in the file
    breaks: tuple[int, ...] = field(default=(), repr=False, compare=False)
    # `words` and `key`, computed once per text: (text, value), so editing `text` recomputes them (not in repr or
    # equality; `forget_key` drops the key when it is no longer needed)
    _words: tuple[str, int] | None = field(default=None, init=False, repr=False, compare=False)
    _key: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def line_of(self, char: int) -> int:
        """The 1-based file line holding character `char` of `text`."""
        if not self.breaks:
            return self.line_start
        return self.line_start + bisect_right(self.breaks, char)

    @property
    def words(self) -> int:
        cached = self._words
        if cached is not None and cached[0] is self.text:
            return cached[1]
        n = count_words(self.text)
        self._words = (self.text, n)
        return n

    @property
    def key(self) -> str:
        """`normalise(text)`: the key for 'the same block on another page'."""
        cached = self._key
        if cached is not None and cached[0] is self.text:
            return cached[1]
        k = normalise(self.text)
        self._key = (self.text, k)
        return k

    def forget_key(self) -> None:
        """Drop the cached `key` (memory: the analysis of a chunk no longer needs it)."""
        self._key = None

    # Pickled as one flat tuple: the default state of a slotted object is a (None, {slot: value}) pair, two more
    # objects per block that a chunk's pickling keeps alive (its memo) and the garbage collector then promotes.
    def __getstate__(self) -> tuple:
        return (self.block, self.line_start, self.line_end, self.kind, self.text, self.label, self.reason,
                self.breaks, self._words, self._key)

    def __setstate__(self, state: tuple) -> None:
        (self.block, self.line_start, self.line_end, self.kind, self.text, self.label, self.reason, self.breaks,
         self._words, self._key) = state


# A page's blocks as the load step stores them (`chunks.load_chunk`): one column a slot (`_SLOTS`), made and read
# by compiled loops (`_blocks.pack_blocks`, `_blocks.unpack_blocks`). Pickled one by one, each block costs a
# `__getstate__` call, a tuple and a reduce to write and a `__setstate__` call to read.
_SLOTS = ("block", "line_start", "line_end", "kind", "text", "label", "reason", "breaks", "_words", "_key")


def pack_blocks(blocks: list[Block]) -> tuple:
    """`blocks` as one list per slot, in `_SLOTS` order, but a block's `_words` cached for its own text (the same
    object) is kept as its count alone (`unpack_blocks` pairs it with the text again); any other `_words` as it is.
    `tests/test_load_speed_paths.py` checks that the blocks read back are those pickled whole, every slot."""
    return _blocks.pack_blocks(blocks if type(blocks) is list else list(blocks))


def unpack_blocks(columns: tuple) -> list[Block]:
    """The blocks `pack_blocks` packed: each slot from its column (`_words` = (text, count) for a count)."""
    return _blocks.unpack_blocks(columns, Block)


# count_words(text): whitespace-separated tokens holding at least one letter or digit (textstat's notion of a word),
# `sum(1 for tok in text.split() if WORD_RE.search(tok))`, compiled: one pass over the characters (`_segment`).
count_words = _segment.count_words


_DIGIT_RE = re.compile(r"\d")
_PUNCT_RE = re.compile(r"[^\w\s]|_")


def normalise(text: str) -> str:
    """Fold case, digits (to 0), punctuation and whitespace: the key for 'the same block on another page'. The
    definition is `_fold`; after its NFKC and casefold (none needed for ASCII text) the rest is one compiled pass."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).casefold()
    return _segment.fold_words(text)


def _fold(text: str) -> str:
    """`normalise`, the definition: NFKC, casefold, every digit 0, every character that is neither a word character
    nor whitespace (and "_") a space, whitespace runs one space, stripped."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIGIT_RE.sub("0", text.casefold())
    text = _PUNCT_RE.sub(" ", text)
    return " ".join(text.split())


_SENTENCE_ENDS = tuple(SENTENCE_END)
_TERMINALS = tuple(TERMINAL)


def ends_sentence(text: str) -> bool:
    return text.rstrip("\"”’)]» ").endswith(_SENTENCE_ENDS)


def _kind_of_line(text: str, heading_max_words: int, n_words: int) -> str:
    """The kind of a block of one line; `n_words` = count_words(text)."""
    stripped = text.strip()
    first = WORD_RE.search(stripped)  # the first letter or digit ([^\W_] is str.isalnum)
    if first is None:
        return "other"
    first = first.group()
    if n_words <= heading_max_words and not stripped.endswith(_TERMINALS) and (first.isupper() or first.isdigit()):
        return "heading"
    if not ends_sentence(stripped) and first.islower():
        return "other"  # a fragment such as image alt text or a caption
    return "paragraph"


def _classify(line: str, fences: bool = True) -> tuple[str, str, int]:
    """(what, text, words) of one line on its own: what is blank | rule | heading (`#`) | fence | list_item |
    table_row | table_sep | text; text is a heading's or item's text (markers removed, whitespace collapsed), a
    fence's run of backticks or tildes, or, for text, the line itself. A line of only invisible characters
    (`_INVISIBLE_RE`: "\u200b") is blank, and so is a `#` heading with no visible text ("#", "#   ", "## ##",
    "## \u200b"): like a blank line it ends the block before it and makes none. Without `fences` (a plain-text
    page, `_classify_plain`) no line opens a code block: a line of tildes is a rule ("~~~~~~", a Usenet signature's
    separator), like "-----", and "~~~ Je me souviens ~~~" is text."""
    if not line.isascii():
        line = line.replace("\u00a0", " ").replace("\ufeff", "")
        if _INVISIBLE_RE.fullmatch(line):
            return "blank", "", 0
    if not line or line.isspace():
        return "blank", "", 0
    md = MD_HEADING_RE.match(line) if "#" in line[:4] else None  # `#` within the first 4 characters
    if md:
        text = " ".join((md.group(2) or "").split())
        if not text or not text.isascii() and _INVISIBLE_RE.fullmatch(text):  # no heading, no block
            return "blank", "", 0
        return "heading", text, count_words(text)
    if _is_horizontal_rule(line, _RULE_CHARS if fences else _PLAIN_RULE_CHARS):
        return "rule", "", 0
    if fences and ("`" in line[:4] or "~" in line[:4]):
        fence = FENCE_RE.match(line)
        if fence:
            return "fence", fence.group(1), 0
    bullet = BULLET_RE.match(line)
    if bullet:
        text = " ".join(line[bullet.end():].split())
        return "list_item", text, count_words(text)
    if "|" in line or "\t" in line:
        row = _table_row(line)
        if row is not None:
            return ("table_row", row, count_words(row)) if row else ("table_sep", "", 0)
    return "text", line, 0


FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_row(line: str) -> str | None:
    """A table row's cells joined by " | " ("" for a Markdown separator row `|---|---|`), or None when `line` is not
    a table row: a Markdown/pipe row (starts with "|", two or more "|") or a plain-text row of two or more
    tab-separated cells of at most 12 words each."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if _TABLE_SEP_RE.match(stripped):
            return ""
        cells = [c.strip() for c in stripped.strip("|").split("|")]
    elif "\t" in stripped:
        cells = [c.strip() for c in stripped.split("\t")]
        if sum(1 for c in cells if c) < 2 or any(count_words(c) > 12 for c in cells):
            return None  # one cell, or a tab inside prose ("1.<TAB>Longer documents are ...")
    else:
        return None
    return " | ".join(" ".join(c.split()) for c in cells if c)


def _plain_text(line: str) -> bool:
    """A line `_classify` calls "text" (itself), known without it: one starting, after any spaces, with a letter (not
    an "a)" item) or a quote mark ">" (no heading, rule, fence or bullet starts so), with no "|" or tab (no table
    row) and no no-break space or byte-order mark (which `_classify` replaces). Most lines of prose."""
    rest = line.lstrip(" ")
    c = rest[:1]
    return (c == ">" or c.isalpha() and rest[1:2] != ")") and "|" not in line and "\t" not in line \
        and (line.isascii() or "\u00a0" not in line and "\ufeff" not in line)


def _one_line_block(line: str, heading_max_words: int) -> tuple[str, str, int]:
    """(kind, text, words) of a block of one text line."""
    text = " ".join(line.split())
    n = count_words(text)
    return _kind_of_line(line, heading_max_words, n), text, n


# Short lines that are not plain text are memoised: template lines (skip link, phone, address, footer), headings and
# list items recur on every page of a site.
_MEMO_CHARS = 300
_classify_memo = lru_cache(maxsize=1 << 14)(_classify)


def _classify_plain(line: str) -> tuple[str, str, int]:
    """`_classify(line)` for a plain-text page (not Markdown, not the extractor's Markdown of an HTML page): no code
    fences. A `.txt` file is no Markdown document: "~~~~" under a Usenet post is its signature's rule, and a fence
    opened there would swallow the rest of the page as code."""
    return _classify(line, False)


_classify_plain_memo = lru_cache(maxsize=1 << 12)(_classify_plain)


def _classify_line(line: str, markdown: bool = True) -> tuple[str, str, int]:
    """`_classify(line)` (`_classify_plain` unless `markdown`), memoised for a line of up to `_MEMO_CHARS`
    characters."""
    if markdown:
        return (_classify_memo if len(line) <= _MEMO_CHARS else _classify)(line)
    return (_classify_plain_memo if len(line) <= _MEMO_CHARS else _classify_plain)(line)


def quote_prefix(line: str, most: int = -1) -> tuple[int, int]:
    """(depth, start): the quote markers that open `line` — each some spaces or tabs then ">" or "|>" — up to `most`
    of them (all of them when `most` is negative), and where the quoted text starts (after the last marker and one
    space or tab: ">", a tab, ">" is a quote of a quote, as mail programs write it);
    (0, 0) for a line that quotes nothing. `_blocks.segment` reads them the same way (`_blocks._quote_prefix`)."""
    depth = start = 0
    n = len(line)
    while depth != most:
        i = start
        while i < n and (line[i] == " " or line[i] == "\t"):
            i += 1
        if i < n and line[i] == ">":
            i += 1
        elif i + 1 < n and line[i] == "|" and line[i + 1] == ">":
            i += 2
        else:
            break
        depth, start = depth + 1, i
    if depth and start < n and (line[start] == " " or line[start] == "\t"):
        start += 1
    return depth, start


def _block(blocks: list[Block], start: int, end: int, kind: str, text: str, n_words: int,
           breaks: tuple[int, ...] = ()) -> None:
    """Append a block, its word count cached (see `Block.words`)."""
    block = Block(len(blocks), start, end, kind, text, breaks=breaks)
    block._words = (text, n_words)
    blocks.append(block)


def segment_lines(lines: list[str], settings: SegmentSettings, markdown: bool = True,
                  commonmark: bool = False) -> list[Block]:
    """The blocks of a page's lines (the rules: the module's doc), their kinds that are not prose marked
    (`assign_kinds`); `markdown` False for a plain-text page (`Page.markdown`: no code fences, `_classify_plain`);
    `commonmark` True for a Markdown source file (`Page.commonmark`): a paragraph's lines go on to a blank line or the
    next block as CommonMark reads them (§4.8), not by the hard-wrap test (`_continues`), which is for text whose
    line breaks may end a paragraph (plain text, an extractor's lines).
    `_segment_lines` is the definition; this is its loop compiled (`_blocks.segment`), which builds the blocks in one
    pass over the lines, and `assign_kinds` compiled (`_kinds.assign_kinds`: its regexes run only on the texts
    that can match them); tests compare both on real pages."""
    classify, memo = (_classify, _classify_memo) if markdown else (_classify_plain, _classify_plain_memo)
    blocks = _blocks.segment(lines if type(lines) is list else list(lines), settings.heading_max_words,
                             settings.wrap_min_chars, classify, memo, _MEMO_CHARS, FENCE_RE.match, Block, commonmark)
    if blocks:
        _kinds.assign_kinds(blocks, *_KIND_TESTS)
    return blocks


def _segment_lines(lines: list[str], settings: SegmentSettings, markdown: bool = True,
                   commonmark: bool = False) -> list[Block]:
    """`segment_lines`, the definition (in Python)."""
    blocks: list[Block] = []
    para: list[str] = []  # the lines of an open paragraph, from line number `start` on
    start = 0
    item: list = []  # (words,) when the open paragraph is a list item (its first line the item's text)
    heading_max_words, wrap_min_chars = settings.heading_max_words, settings.wrap_min_chars
    # `_plain_text` and `_continues` (the definitions), compiled: asked of nearly every line of prose
    plain_text, continues = _segment.plain_text, _segment.continues

    def flush() -> None:
        if not para:
            return
        breaks: tuple[int, ...] = ()
        if len(para) == 1 and item:
            text, n = para[0], item[0]
            kind = "list_item" if n else "other"
        elif len(para) == 1:
            line = para[0]
            kind, text, n = _one_line_block(line, heading_max_words)
        else:
            pieces = [" ".join(line.split()) for line in para]
            text = " ".join(pieces)
            breaks = tuple(accumulate(len(piece) + 1 for piece in pieces[:-1]))  # where lines 2.. start in text
            n = count_words(text)
            kind = ("list_item" if item else "paragraph") if n else "other"  # a word <=> a letter or digit somewhere
        _block(blocks, start, start + len(para) - 1, kind, text, n, breaks)
        para.clear()
        item.clear()

    table: list[str] = []  # the rows of an open table (cells joined by " | "), from line `table_start` on
    table_start = table_end = 0
    fence, code, code_start = "", [], 0  # an open fenced code block: its fence and lines
    fence_depth = 0  # the quote depth of the open fence's lines
    depth = 0  # the quote depth of the open blocks (`quote_prefix`)

    def flush_table() -> None:
        nonlocal table_end
        if table:
            text = "\n".join(table)
            words = count_words(text)  # rows of punctuation only (":\t:") are no table of words: kept as "other"
            _block(blocks, table_start, table_end, "table" if words else "other", text, words)
            table.clear()
        elif table_end:  # separator rows only (`|---|`): no cell text
            _block(blocks, table_start, table_end, "other", "", 0)
        table_end = 0

    for number, line in enumerate(lines, start=1):
        if fence and fence_depth:  # a fence in a quote: a line quoted as deep is code, a line less deep ends it
            d, at = quote_prefix(line, fence_depth)
            if d < fence_depth:
                text = "\n".join(code).strip("\n")
                if text:
                    _block(blocks, code_start, number - 1, "code", text, count_words(text))
                fence = ""
                code.clear()
            else:
                line = line[at:]
        if fence:  # inside a fenced code block: every line is code, up to the closing fence
            m = FENCE_RE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                text = "\n".join(code).strip("\n")
                if text:  # (an empty code block, its lines blank or none, makes no block: nothing to read)
                    _block(blocks, code_start, number, "code", text, count_words(text))  # fences and lines between
                fence = ""
                code.clear()
            else:
                code.append(line.rstrip())
            continue
        d, at = quote_prefix(line)
        if d != depth:  # a change of quote depth ends the open blocks
            flush()
            flush_table()
            depth = d
        if at:
            line = line[at:]
        if not line:
            what, text, n = "blank", "", 0
        elif plain_text(line):
            what, text, n = "text", line, 0
        else:
            what, text, n = _classify_line(line, markdown)
        if what == "table_row" or what == "table_sep":
            flush()
            if not table:
                table_start = number
            if text:
                table.append(text)
            table_end = number
            continue
        if table_end:  # a table ends at its first line that is not a row
            flush_table()
        if what == "text":
            if para and not commonmark and not continues(para[-1], text, wrap_min_chars):
                flush()
            if not para:
                start = number
            para.append(text)
            continue
        flush()
        if what == "fence":
            fence, code_start, fence_depth = text, number, depth
        elif what == "list_item":  # (stop 35) opens a paragraph its wrapped lines go on in (`continues`)
            start = number
            para.append(text)
            item.append(n)
        elif what == "heading":
            _block(blocks, number, number, what if n else "other", text, n)
    flush()
    flush_table()
    if fence:  # an unclosed fence runs to the end of the page
        text = "\n".join(code).strip("\n")
        if text:
            _block(blocks, code_start, len(lines), "code", text, count_words(text))
    if blocks:
        assign_kinds(blocks)
    return blocks


_RULE_CHARS = "-*_=#"
_PLAIN_RULE_CHARS = _RULE_CHARS + "~"  # (in Markdown a line of tildes is a code fence)


def _is_horizontal_rule(line: str, chars: str = _RULE_CHARS) -> bool:
    s = line.replace(" ", "")
    return len(s) >= 3 and s[0] in chars and not s.strip(s[0])  # one character repeated


# A line ending in one of these abbreviations does not end its sentence when the next line goes on ("Dr." / "Patel").
WRAP_ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "e.g.", "i.e.", "vs.")
CLOSERS = "\"”’)]»"
_CLOSERS = tuple(CLOSERS)


def _continues(previous: str, line: str, settings: SegmentSettings) -> bool:
    """True when `previous` is a hard-wrapped line whose sentence goes on in `line`.

    A line that ends a sentence (.!?… before closing quotes or brackets) ends its block, unless it ends in a title
    or Latin abbreviation ("Dr.", "e.g.") and `line` starts with a letter or digit. Any other line continues when it
    is long (`wrap_min_chars`: near a wrap width) or `line` starts in lower case — except that a line ending in ":"
    only continues into a lower-case line (an intro before a capitalised line stands alone), and a short line closed
    by a bracket or quote, such as a phone line "(212) 371-3223 (FACE)", does not run into a caption below it.
    (Blank lines, bullets and `#` headings separate blocks before this is asked.)"""
    prev = previous.rstrip()
    nxt = line.lstrip()
    if not prev or not nxt:
        return False
    if prev.endswith(WRAP_ABBREVIATIONS) and prev.rsplit(None, 1)[-1] in WRAP_ABBREVIATIONS:
        return nxt[0].isalnum()
    if ends_sentence(prev):
        return False
    lower = nxt[0].islower()
    if prev.endswith(":"):
        return lower
    if len(prev) >= settings.wrap_min_chars:
        return True
    return lower and not prev.endswith(_CLOSERS)
