"""Clean text from HTML: inline markup left in extracted text, and a page's own visible text when the extractor
finds (almost) nothing.

* `clean_inline` removes what trafilatura's Markdown output keeps of inline HTML: `<sup>`/`<sub>` (superscript
  and subscript digits and signs become the Unicode characters, so "R<sup>2</sup>" reads "R²" and "10<sup>3</sup>"
  "10³"; other content is kept as text), `<br>`, any other tag, and character entities (`&amp;` `&nbsp;` `&#8211;`).
  Line count unchanged.
* `visible_lines` is the page's visible text as Markdown-like lines (`#` headings, `-` list items, `|` table rows,
  paragraphs), without scripts, styles, forms and the page frame: `nav`, `header`, `footer` and `aside` elements,
  elements whose ARIA role is a frame landmark (`navigation`, `banner`, `contentinfo`, `complementary`, `menu`,
  `menubar`, `search`), and elements whose class or id names them frame by Mozilla Readability's
  `unlikelyCandidates` rule (header, footer, menu, sidebar, banner, breadcrumbs, social, related, pagination ...)
  unless it also names them content (`okMaybeItsACandidate`: article, body, column, content, main).
  It is used when trafilatura's main-content extraction returns nothing or a few words: an HTML fragment with no
  page around it (`<p>One answer.</p>`), or a one-sentence glossary page whose definition is too short for the
  extractor's scoring. What this adds of the site frame is then removed by the cross-page evidence (repetition).
"""
from __future__ import annotations

import html as html_lib
import re

_SUP = str.maketrans("0123456789+-−=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀ")
_SUB = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_SUP_RE = re.compile(r"<sup\b[^>]*>(.*?)</sup\s*>", re.I | re.S)
_SUB_RE = re.compile(r"<sub\b[^>]*>(.*?)</sub\s*>", re.I | re.S)
_BR_RE = re.compile(r"<br\s*/?>", re.I)
_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?\s*/?>")
_EMPHASIS_MARKS_RE = re.compile(r"\*{1,3}|_{1,3}")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _script(table: dict, m: re.Match) -> str:
    inner = _EMPHASIS_MARKS_RE.sub("", _TAG_RE.sub("", m.group(1))).strip()
    converted = inner.translate(table)
    if inner and all(ord(c) > 0x7F for c in converted if not c.isspace()):
        return converted.replace(" ", "")
    return inner  # letters (a footnote "a", "st" of "1st"): kept as plain text


def clean_inline(line: str) -> str:
    """`line` without inline HTML tags or entities (superscript/subscript digits kept as ² ₂)."""
    if "<" in line:
        line = _SUP_RE.sub(lambda m: _script(_SUP, m), line)
        line = _SUB_RE.sub(lambda m: _script(_SUB, m), line)
        line = _BR_RE.sub(" ", line)
        line = _TAG_RE.sub("", line)
    if "&" in line and _ENTITY_RE.search(line):
        line = html_lib.unescape(line).replace("\u00a0", " ")
    return line


_SKIP = {"script", "style", "noscript", "template", "svg", "form", "button", "select", "option", "textarea", "nav",
         "header", "footer", "aside", "head", "iframe", "object"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "pre", "figure", "figcaption", "caption", "dl",
           "dt", "dd", "ul", "ol", "table", "thead", "tbody", "tfoot", "body", "hr", "address", "center", "details",
           "summary"}


_FRAME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search"}
# Mozilla Readability (Readability.js, REGEXPS.unlikelyCandidates / okMaybeItsACandidate), Apache-2.0
_UNLIKELY_RE = re.compile(r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|"
                          r"header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|"
                          r"supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", re.I)
_MAYBE_RE = re.compile(r"and|article|body|column|content|main|mathml|shadow", re.I)


def _frame(node) -> bool:
    """The page frame by its ARIA role or, as Readability judges it, by its class and id (see module doc)."""
    if (node.get("role") or "").strip().lower() in _FRAME_ROLES:
        return True
    names = f"{node.get('class') or ''} {node.get('id') or ''}"
    return bool(names.strip()) and node.tag.lower() not in ("body", "a", "html") \
        and bool(_UNLIKELY_RE.search(names)) and not _MAYBE_RE.search(names)


_HIDDEN_CLASS_RE = re.compile(r"(?:^|\s)(?:hidden|hide|nodisplay|d-none|sr-only|visually-hidden|screen-reader-text|"
                              r"modal|popup|cookie\S*)(?:\s|$)", re.I)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(node) -> bool:
    """Not shown to a reader: `hidden`, `aria-hidden`, display:none, or a class that hides it (nodisplay, d-none,
    sr-only, modal ...)."""
    if node.get("hidden") is not None or node.get("aria-hidden") == "true":
        return True
    cls, style = node.get("class"), node.get("style")
    return bool(cls and _HIDDEN_CLASS_RE.search(cls) or style and _HIDDEN_STYLE_RE.search(style))


def visible_lines(html: str) -> list[str]:
    """The visible text of an HTML page or fragment as Markdown-like lines (see module doc)."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        return []
    lines: list[str] = []
    current: list[str] = []

    def flush(prefix: str = "") -> None:
        text = " ".join("".join(current).split())
        current.clear()
        if text:
            lines.append(prefix + text)

    def inline_text(node) -> str:
        return " ".join(t for t in node.itertext() if t)

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if not tag or tag in _SKIP or _hidden(node) or _frame(node):
            if node.tail:
                current.append(node.tail)
            return
        if tag in _HEADINGS:
            flush()
            current.append(inline_text(node))
            flush("#" * int(tag[1]) + " ")
        elif tag == "li":
            flush()
            current.append(inline_text(node) if not node.xpath(".//ul|.//ol|.//p|.//div") else "")
            if current[-1]:
                flush("- ")
            else:
                current.clear()
                for child in node:
                    walk(child)
                flush()
        elif tag == "tr":
            flush()
            cells = [" ".join(inline_text(c).split()) for c in node if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            if any(cells):
                lines.append("| " + " | ".join(cells) + " |")
        elif tag == "br":
            flush()
        elif tag in _BLOCKS:
            flush()
            if node.text:
                current.append(node.text)
            for child in node:
                walk(child)
            flush()
        else:
            if node.text:
                current.append(node.text)
            for child in node:
                walk(child)
        if node.tail:
            current.append(node.tail)

    walk(root)
    flush()
    out: list[str] = []
    for line in lines:  # blank lines between blocks (not between table rows): each is its own block
        if out and not (line.startswith("| ") and out[-1].startswith("| ")):
            out.append("")
        out.append(line)
    return out


def without_hidden(html: str) -> str:
    """`html` without the elements a reader never sees (`_hidden`: a subscription confirmation in a `nodisplay`
    div, screen-reader-only labels, `display:none` blocks): the extractor reads markup, not CSS, and would keep
    them. Unchanged (the same string) when there are none or the markup does not parse."""
    if "hid" not in html and "display" not in html and "sr-only" not in html and "modal" not in html \
            and "popup" not in html and "cookie" not in html and "d-none" not in html:
        return html
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        return html
    hidden = [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() not in ("html", "body", "head")
              and _hidden(el)]
    if not hidden:
        return html
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()
    return lxml_html.tostring(root, encoding="unicode")
