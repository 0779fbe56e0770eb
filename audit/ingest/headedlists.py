"""A list of entries under a heading, which the extractor dropped for its short links, put back under its heading.

trafilatura drops a short list (under 100 characters, 300 when it is its parent's last element) whose links are
nearly all short (four in five under 10 characters, `htmlprocessing.link_density_test`): a menu of labels. A
changelog's entries are such lists too: "Use ParamSpec for run_in_threadpool #2375." and "Add UploadFile.__repr__
#2360." under "Added", each entry a sentence of its own with its pull request's number as the link (Starlette's
release notes, built by MkDocs: 11 of their 168 lists came out as a heading with nothing under it). A menu's
items are their links; an entry's words are mostly outside its link. So, on an HTML page, a list of which the
extraction kept no item, right after a heading the extraction kept with nothing under it (the next line is a
heading, or there is none), whose every item holds at least `min_words` words outside its links and which holds a
link (the evidence the extractor went by), is put back under that heading, one line per item as the extractor
writes a list, inline code between backticks. Headings are matched in page order (a changelog repeats "Fixed" in
every release). The Python Packaging User Guide's changelog (Sphinx) lost its entries the same way ("Marked all PEP
numbers with the :pep: role. (PR #629)"). `min_words` is `[load] headed_list_min_words` (2: a menu item has none
outside its link, an entry a clause), as `htmltext.announced_lists`' words of a list's intro are
`announced_list_min_words`.
"""
from __future__ import annotations

import re

from audit.ingest.docwidgets import code_span

_HEADING_LINE_RE = re.compile(r"^\s*#{1,6}\s+\S")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WORDS_RE = re.compile(r"\w+")
_SQUEEZE_RE = re.compile(r"[\s*_`\\]+")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORDS_RE.findall(text))


def _squeezed(text: str) -> str:
    return _SQUEEZE_RE.sub("", text).casefold()


def _heading_lines(lines: list[str]) -> list[int]:
    """Indices of the Markdown heading lines (`#`), not counting lines inside a fenced code block ("# a comment")."""
    out: list[int] = []
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE_RE.match(line):
            fenced = not fenced
        elif not fenced and _HEADING_LINE_RE.match(line):
            out.append(i)
    return out


def empty_sections(lines: list[str]) -> list[int]:
    """Indices of the heading lines (Markdown `#`, outside code blocks) with nothing under them: the next non-blank
    line is a heading, or there is none."""
    headings = set(_heading_lines(lines))
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    return [i for k, i in enumerate(nonblank)
            if i in headings and (k + 1 == len(nonblank) or nonblank[k + 1] in headings)]


def _own_words(item) -> int:
    """The words of a list item outside its links."""
    link_words = sum(len(_WORDS_RE.findall(a.text_content())) for a in item.iter("a"))
    return len(_WORDS_RE.findall(item.text_content())) - link_words


def headed_lists(root, lines: list[str], min_words: int = 2) -> list[str]:
    """`lines` (an extraction of the page `root`, parsed) with the dropped entry lists of its empty sections put back
    (module docstring); unchanged when there is none."""
    empty = empty_sections(lines)
    if not empty:
        return lines
    kept = _squeezed("".join(_BULLET_RE.sub("", line) for line in lines))
    headings: list[tuple[tuple[str, ...], list[str] | None]] = []  # every heading of the page, in page order
    for h in root.iter(*_HEADING_TAGS):
        headings.append((_words(h.text_content()), _dropped_entries(h, kept, min_words)))
    if not any(items for _, items in headings):
        return lines
    empty_set = set(empty)
    put: dict[int, list[str]] = {}
    k = 0
    for i in _heading_lines(lines):
        words = _words(lines[i])
        at = next((j for j in range(k, len(headings)) if headings[j][0] == words), None)
        if at is None:  # (a heading line the page does not have word for word: the alignment stays where it is)
            continue
        k = at + 1
        if i in empty_set and headings[at][1]:
            put[i] = headings[at][1]
    if not put:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i in put:
            out.extend(["", *(f"- {t}" for t in put[i])])
    return out


def _dropped_entries(h, kept: str, min_words: int) -> list[str] | None:
    """The items of the list right after heading `h` when it is a list of entries the extraction dropped (none of
    its items kept, a link in it, every item `min_words` words or more outside its links), else None."""
    nxt = h.getnext()
    if nxt is None or not isinstance(nxt.tag, str) or nxt.tag.lower() not in ("ul", "ol") or (h.tail or "").strip():
        return None
    items = list(nxt.iterchildren("li"))
    texts = [" ".join(li.text_content().split()) for li in items]
    if not items or not all(texts) or next(nxt.iter("a"), None) is None \
            or any(_own_words(li) < min_words for li in items) or any(_squeezed(t) in kept for t in texts):
        return None
    return [_item_line(li) for li in items]


def _item_line(li) -> str:
    """A list item's text as the extractor writes it in Markdown: inline code as a code span (so that
    "TestClient.__enter__" stays code, not emphasis: `docwidgets.code_span`, the one definition of it), its text
    nodes joined as they stand (not by spaces, as `docwidgets.inline_text` joins the visible text's), whitespace
    collapsed."""
    parts: list[str] = []

    def walk(el) -> None:
        if isinstance(el.tag, str) and el.tag.lower() == "code":
            parts.append(code_span(el))
        else:
            if isinstance(el.tag, str) and el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
        if el.tail and el is not li:
            parts.append(el.tail)

    walk(li)
    return " ".join("".join(parts).split())
