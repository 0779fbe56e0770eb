"""Widgets of documentation pages that the HTML rules of `audit.ingest.htmltext` read as the page's text.

* **A tab's panel is shown when its tab is chosen** (`tab_panel`). The WAI-ARIA tabs pattern marks each panel of a
  tab set `role="tabpanel"` and hides all but the chosen one with the `hidden` attribute until the reader picks its
  tab (Docusaurus' `<Tabs>`: the npm / Yarn install commands, a code sample per framework). Such a panel is the page's
  text like the chosen one, not an element the reader never sees: the hidden-element rule (`htmltext._hidden`) leaves
  it, as it leaves an accordion's panel (`htmltext._disclosure`). A panel hidden by a class or a style is left to that
  rule (a news page's "Most read" box).
* **A `pre` element is a code block** (`code_block_lines`). Its text, a line per line with the indentation kept, is
  written as a fenced block (the Markdown trafilatura writes for it), so that the page's visible text
  (`htmltext.visible_lines`, read when the extraction holds little prose: a page of code samples) keeps the code as
  code: its `<div>` and `<input />` are code, not markup to clean, and its lines one block. Inside it the class-name
  frame rule does not judge: a syntax highlighter's `<span class="token comment">` is a code comment, not a comments
  section (Readability leaves every element with a `code` ancestor to the article as well). Highlighters that end
  each line with a `<br>` (prism-react-renderer) have their line breaks kept.
* **An inline `code` element is a code span** (`code_span`, `inline_text`): "the element (normally an
  `<code>&lt;img&gt;</code>`)" is written "`` `<img>` ``" in the visible text, as trafilatura's Markdown writes it, so
  that the inline-HTML cleaning (`mdinline.clean_inline`) keeps "<img>" as the page's text instead of removing it as a
  tag ("normally an ) that has"). The same for `kbd`, `samp` and `tt`, code a reader sees as such.
"""
from __future__ import annotations

import re

_NOT_TEXT = {"script", "style", "noscript", "template", "svg", "button"}
INLINE_CODE = frozenset({"code", "kbd", "samp", "tt"})
_TICKS_RE = re.compile(r"`+")


def tab_panel(node) -> bool:
    """A panel of a tab set (`role="tabpanel"`): its `hidden` attribute hides it only until its tab is chosen."""
    return (node.get("role") or "").strip().lower() == "tabpanel"


def code_block_lines(pre) -> list[str]:
    """The fenced code block of a `pre` element: "```", its lines (indentation kept, empty lines at its ends left
    out), "```"; no line when it holds no text."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _NOT_TEXT:
            pass
        elif tag == "br":
            parts.append("\n")
        else:
            if node.text and tag:
                parts.append(node.text)
            for child in node:
                walk(child)
        if node.tail and node is not pre:
            parts.append(node.tail)

    walk(pre)
    lines = [line.rstrip() for line in "".join(parts).replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return ["```", *lines, "```"] if lines else []


def code_span(node) -> str:
    """The Markdown code span of an inline code element: its text between backticks, one more than the longest run
    of backticks in it (padded by a space when it starts or ends with one: CommonMark 0.31.2 §6.1); "" when empty."""
    text = " ".join("".join(node.itertext()).split())
    if not text:
        return ""
    ticks = "`" * (1 + max((len(m) for m in _TICKS_RE.findall(text)), default=0))
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def inline_text(node) -> str:
    """The text of `node` (a heading, a list item, a table cell), its text nodes joined by spaces, an inline code
    element inside it as one code span (`code_span`)."""
    if not any(isinstance(el.tag, str) and el.tag.lower() in INLINE_CODE for el in node.iterdescendants()):
        return " ".join(t for t in node.itertext() if t)
    parts: list[str] = []

    def walk(el) -> None:
        if isinstance(el.tag, str) and el.tag.lower() in INLINE_CODE and el is not node:
            parts.append(code_span(el))
        else:
            parts.append(el.text if isinstance(el.tag, str) else "")
            for child in el:
                walk(child)
        if el is not node:
            parts.append(el.tail)

    walk(node)
    return " ".join(t for t in parts if t)
