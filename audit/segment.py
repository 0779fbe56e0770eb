"""Segment a page's lines into blocks: heading, paragraph, list_item, other — each with its 1-based line span.

Rules (plain text and Markdown alike): blank lines separate blocks; a bullet (`•`, `-`, `*`, `1.`, `a)`) or a
Markdown heading (`#`) always starts its own block; a line that ends a sentence ends its block; a line that stops
mid-sentence continues on the next when it is long or the next line starts in lower case (a hard wrap, see
`_continues`). A heading or list item never merges into a neighbour.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .config import SegmentSettings

BULLET_RE = re.compile(r"^\s*(?:[•◦▪▫●○■□‣⁃∙·*+\-–—]|\d{1,3}[.)]|\(\d{1,2}\)|\(?[a-z]\)(?=\s))\s+(?=\S)")
MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
TERMINAL = ".!?:;,…\"”’)]»"
SENTENCE_END = ".!?…"
WORD_RE = re.compile(r"[^\W_]", re.UNICODE)


@dataclass
class Block:
    block: int  # 0-based index within the page
    line_start: int  # 1-based, inclusive
    line_end: int
    kind: str  # heading | paragraph | list_item | other
    text: str  # the block's text, bullet / '#' markers removed, lines joined with a space
    label: str = "body"  # body | boilerplate (set by the boilerplate stage)
    reason: str = ""

    # `words` and `key` are computed once per text and cached in the instance dict (not dataclass fields: they
    # never show in repr, equality or asdict); the cache is keyed on the text, so editing `text` recomputes them.
    @property
    def words(self) -> int:
        cached = self.__dict__.get("_words")
        if cached is not None and cached[0] is self.text:
            return cached[1]
        n = count_words(self.text)
        self.__dict__["_words"] = (self.text, n)
        return n

    @property
    def key(self) -> str:
        """`normalise(text)`: the key for 'the same block on another page'."""
        cached = self.__dict__.get("_key")
        if cached is not None and cached[0] is self.text:
            return cached[1]
        k = normalise(self.text)
        self.__dict__["_key"] = (self.text, k)
        return k


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding at least one letter or digit (textstat's notion of a word)."""
    # tok.isalnum() is the fast path (no regex) for plain words; it implies a match of WORD_RE
    return sum(1 for tok in text.split() if tok.isalnum() or WORD_RE.search(tok))


_DIGIT_RE = re.compile(r"\d")
_PUNCT_RE = re.compile(r"[^\w\s]|_")


def normalise(text: str) -> str:
    """Fold case, digits (to 0), punctuation and whitespace: the key for 'the same block on another page'."""
    if not text.isascii():  # NFKC leaves ASCII unchanged
        text = unicodedata.normalize("NFKC", text)
    text = _DIGIT_RE.sub("0", text.casefold())
    text = _PUNCT_RE.sub(" ", text)
    return " ".join(text.split())


def ends_sentence(text: str) -> bool:
    return text.rstrip("\"”’)]» ").endswith(tuple(SENTENCE_END))


def _kind_of_line(text: str, settings: SegmentSettings) -> str:
    stripped = text.strip()
    if not WORD_RE.search(stripped):
        return "other"
    n_words = count_words(stripped)
    first = next((ch for ch in stripped if ch.isalnum()), "")
    if n_words <= settings.heading_max_words and not stripped.endswith(tuple(TERMINAL)) and (first.isupper() or first.isdigit()):
        return "heading"
    if not ends_sentence(stripped) and first.islower():
        return "other"  # a fragment such as image alt text or a caption
    return "paragraph"


def segment_lines(lines: list[str], settings: SegmentSettings) -> list[Block]:
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []  # (line number, text) of an open paragraph

    def flush() -> None:
        if not current:
            return
        text = " ".join(t.strip() for _, t in current)
        kind = _kind_of_line(text, settings) if len(current) == 1 else ("paragraph" if WORD_RE.search(text) else "other")
        blocks.append(Block(len(blocks), current[0][0], current[-1][0], kind, " ".join(text.split())))
        current.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.replace("\u00a0", " ").replace("\ufeff", "")
        if not line.strip():
            flush()
            continue
        md = MD_HEADING_RE.match(line)
        bullet = BULLET_RE.match(line)
        if md:
            flush()
            title = md.group(2).strip()
            blocks.append(Block(len(blocks), number, number, "heading" if WORD_RE.search(title) else "other",
                                " ".join(title.split())))
            continue
        if bullet and not _is_horizontal_rule(line):
            flush()
            item = line[bullet.end():].strip()
            blocks.append(Block(len(blocks), number, number, "list_item" if WORD_RE.search(item) else "other",
                                " ".join(item.split())))
            continue
        if _is_horizontal_rule(line):
            flush()
            continue
        if current and not _continues(current[-1][1], line, settings):
            flush()
        current.append((number, line))
    flush()
    return blocks


def _is_horizontal_rule(line: str) -> bool:
    s = line.replace(" ", "")
    return len(s) >= 3 and len(set(s)) == 1 and s[0] in "-*_=#"


# A line ending in one of these abbreviations does not end its sentence when the next line goes on ("Dr." / "Patel").
WRAP_ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "e.g.", "i.e.", "vs.")
CLOSERS = "\"”’)]»"


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
    if prev.split()[-1] in WRAP_ABBREVIATIONS:
        return nxt[0].isalnum()
    if ends_sentence(prev):
        return False
    lower = nxt[0].islower()
    if prev.endswith(":"):
        return lower
    if len(prev) >= settings.wrap_min_chars:
        return True
    return lower and not prev.endswith(tuple(CLOSERS))
