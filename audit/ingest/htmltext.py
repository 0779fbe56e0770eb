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


# Class and id names judge regions (containers), never these: a heading's class names its style ("header2",
# "section-header"), a link's its target
_NOT_REGIONS = frozenset({"body", "a", "html", "h1", "h2", "h3", "h4", "h5", "h6"})


def _frame(node) -> bool:
    """The page frame by its ARIA role or, as Readability judges it, by its class and id (see module doc)."""
    if (node.get("role") or "").strip().lower() in _FRAME_ROLES:
        return True
    names = f"{node.get('class') or ''} {node.get('id') or ''}"
    return bool(names.strip()) and node.tag.lower() not in _NOT_REGIONS \
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


_MEDIA = "img|picture|video|audio|figure|iframe|object|embed"
_TABLE_NEIGHBOUR = f".//table[not(ancestor::{' or ancestor::'.join(_MEDIA.split('|'))})]"


def _caption_class(node) -> bool:
    return "caption" in f"{node.get('class') or ''} {node.get('id') or ''}".lower()


def _table_note(node) -> bool:
    """A caption-class element (`p.caption`, `div.table-caption`) that belongs to a table, not to an image: no
    media inside it, and its nearest element sibling before or after it (other caption-class siblings skipped: a
    run of notes) is a table or a wrapper holding a table and no image. Journals print a table's title and its
    footnotes ("a Weighted percentages.", "Abbreviations: ...") this way."""
    if node.xpath(".//img|.//picture|.//video|.//figure|.//svg"):
        return False
    for step in (lambda n: n.getprevious(), lambda n: n.getnext()):
        near = step(node)
        while near is not None and (not isinstance(near.tag, str) or _caption_class(near)):
            near = step(near)
        if near is not None and isinstance(near.tag, str) and not near.xpath(f".//{' | .//'.join(_MEDIA.split('|'))}") \
                and (near.tag.lower() == "table" or near.xpath(".//table")):
            return True
    return False


def prepare(html: str) -> str:
    """`html` as the extractor should read it (unchanged, the same string, when nothing applies or the markup does
    not parse):

    * without the elements a reader never sees (`_hidden`: a subscription confirmation in a `nodisplay` div,
      screen-reader-only labels, `display:none` blocks): the extractor reads markup, not CSS, and would keep them;
    * a table's caption-class notes (`_table_note`) are no longer named "caption": trafilatura drops every
      caption-class element as an image caption when images are not extracted (its `DISCARD_IMAGE_ELEMENTS`),
      which takes a table's footnotes with it. Image captions are still dropped.
    """
    hides, notes = _prepare_needs(html)
    if not hides and not notes:
        return html
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        return html
    changed = _prepare_root(root, hides, notes)
    return lxml_html.tostring(root, encoding="unicode") if changed else html


def prepare_tree(html: str, tree) -> None:
    """`prepare`'s changes made in place in `tree`, the page `html` as trafilatura parses it (`trafilatura.load_html`):
    the extractor and `title_and_url` then read that one tree instead of parsing `prepare(html)` again (the same
    result on every real page of the corpora: `tests/test_load_parse_once.py`)."""
    hides, notes = _prepare_needs(html)
    if hides or notes:
        _prepare_root(tree, hides, notes)


def _prepare_needs(html: str) -> tuple[bool, bool]:
    """(hidden elements may be there, table notes may be there): words `prepare` looks for before parsing."""
    lowered = html.lower()
    hides = any(w in lowered for w in ("hid", "display", "sr-only", "modal", "popup", "cookie", "d-none"))
    notes = "caption" in lowered and "<table" in lowered
    return hides, notes


def _prepare_root(root, hides: bool, notes: bool) -> bool:
    """`prepare`'s changes to the parsed page `root`, in place; True when it changed."""
    changed = False
    if hides:
        # (the elements with an attribute `_hidden` reads, in document order: as `root.iter()`'s elements that pass)
        hidden = [el for el in root.xpath("descendant-or-self::*[@hidden or @aria-hidden or @class or @style]")
                  if el.tag.lower() not in ("html", "body", "head") and _hidden(el)]
        for el in hidden:
            if el.getparent() is not None:
                el.drop_tree()
                changed = True
    if notes:
        for el in root.xpath("//*[self::p or self::div or self::span or self::section]"
                             "[contains(translate(@class, 'CAPTION', 'caption'), 'caption')"
                             " or contains(translate(@id, 'CAPTION', 'caption'), 'caption')]"):
            if _table_note(el):
                for attr in ("class", "id"):
                    if el.get(attr) and "caption" in el.get(attr).lower():
                        el.set(attr, re.sub("caption", "table-note", el.get(attr), flags=re.I))
                changed = True
    return changed


_WORDS_RE = re.compile(r"\w+")
_LIST_TAGS = ("ul", "ol")


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORDS_RE.findall(text))


_SQUEEZE_RE = re.compile(r"[\s*_`\\]+")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


def _squeezed(text: str) -> str:
    """`text` casefolded without whitespace and Markdown emphasis marks: an item is found in an extraction that ran
    a list together on one line ("...in nowAssess what...")."""
    return _SQUEEZE_RE.sub("", text).casefold()


def announced_lists(html: str, lines: list[str], min_words: int = 6) -> list[str]:
    """`lines` (an extraction of `html`) with the lists its own sentences announce put back: a line of prose ending
    in ":" ("As we created this guide, we also referred to these resources:", at least `min_words` words) whose
    element in the page is followed right away by a list (`ul`, `ol`) of which the extraction kept no item (an
    extractor may also return a list run together on one line: compared without spaces). The
    extractor drops such lists by their link density (a list of resources is all links); the article's own sentence
    introducing it says it is the article's. "Read more:" and other short labels are not prose: lists after them
    stay out. Unchanged when there is no such line."""
    intros = {i: w for i, line in enumerate(lines)
              if line.rstrip().endswith(":") and len(w := _words(line)) >= min_words}
    if not intros:
        return lines
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        return lines
    kept = _squeezed("".join(_BULLET_RE.sub("", line) for line in lines))
    wanted = set(intros.values())
    found: dict[tuple[str, ...], list[str]] = {}
    for el in root.iter("p", "div", "span", "h2", "h3", "h4", "h5", "h6", "strong", "b"):
        nxt = el.getnext()
        if nxt is None or not isinstance(nxt.tag, str) or nxt.tag.lower() not in _LIST_TAGS or (el.tail or "").strip():
            continue
        words = _words(el.text_content())
        if words not in wanted or words in found:
            continue
        items = [" ".join(li.text_content().split()) for li in nxt.iterchildren("li")]
        items = [t for t in items if t]
        if items and not any(_squeezed(t) in kept for t in items):
            found[words] = items
    if not found:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        items = found.pop(intros.get(i, ()), None)
        if items:
            out.extend(["", *(f"- {t}" for t in items), ""])
    return out


def title_and_url(html) -> tuple[str, str]:
    """The page's title and URL exactly as `trafilatura.extract_metadata(html)` gives them (`.title`, `.url`,
    stripped; "" for none), without the rest of its work: its author, date (htmldate), site name, categories,
    tags and licence searches are most of its cost (on healthcare.gov's pages as much CPU as the main-content
    extraction itself) and the audit keeps none of them. The same steps, in its order, up to the URL: meta tags
    (OpenGraph first), JSON-LD overriding them, then the title and canonical-link fallbacks, then its `clean_and_trim`
    of what it found. `html`: a string, or the page as `trafilatura.load_html` parsed it (read, never changed).
    (trafilatura is pinned; `tests/test_speed_load.py` compares both on real pages.)"""
    from trafilatura import load_html
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
    from trafilatura.settings import Document

    tree = load_html(html)
    if tree is None:
        return "", ""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:  # (as extract_metadata: JSON-LD reads the author it left)
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - bugs in trafilatura's JSON-LD reader: extract_metadata goes on without it
        pass
    found = Document()
    found.title = metadata.title or extract_title(tree)
    found.url = metadata.url or extract_url(tree)
    found.clean_and_trim()
    return (found.title or "").strip(), (found.url or "").strip()
