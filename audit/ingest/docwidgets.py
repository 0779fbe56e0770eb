"""Two widgets of documentation pages that the HTML rules of `audit.ingest.htmltext` read as the page's text.

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
"""
from __future__ import annotations

_NOT_TEXT = {"script", "style", "noscript", "template", "svg", "button"}


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
