"""Clean text from HTML: a page's own visible text when the extractor finds (almost) nothing, and what the extractor
should read of a page (`prepare`). (The inline HTML trafilatura's Markdown output keeps is removed by
`audit.ingest.mdinline.clean_extraction`.)

* `visible_lines` is the page's visible text as Markdown-like lines (`#` headings, `-` list items, `|` table rows,
  paragraphs, a `pre` as a fenced code block and inline code as a code span: `docwidgets`), without scripts, styles,
  forms and the page frame: a table of contents column (`pagetoc`), `nav`, `header`, `footer` and `aside` elements
  (a `header` or `footer` in an `article`, `section` or `main` is that part's own, kept), elements whose ARIA role
  is a frame landmark (`navigation`, `banner`, `contentinfo`, `complementary`, `menu`, `menubar`, `search`), and
  elements whose class or id names them frame by Mozilla Readability's `unlikelyCandidates` rule (header, footer,
  menu, sidebar, banner, breadcrumbs, social, related, pagination ...) unless it also names them content
  (`okMaybeItsACandidate`: article, body, column, content, main).
  It is used when trafilatura's main-content extraction returns nothing or a few words: an HTML fragment with no
  page around it (`<p>One answer.</p>`), or a one-sentence glossary page whose definition is too short for the
  extractor's scoring. What this adds of the site frame is then removed by the cross-page evidence (repetition).
"""
from __future__ import annotations

import re

from audit.ingest.docwidgets import INLINE_CODE, code_block_lines, code_span, inline_text, tab_panel
from audit.ingest.footnotes import may_have_notes, notes_as_text
from audit.ingest.pagetoc import toc_columns

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
# (a link's class names what it opens, a popup or a modal, not itself: only these hide an `<a>`)
_HIDDEN_LINK_CLASS_RE = re.compile(r"(?:^|\s)(?:hidden|hide|nodisplay|d-none|sr-only|visually-hidden|"
                                   r"screen-reader-text)(?:\s|$)", re.I)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(node) -> bool:
    """Not shown to a reader: `hidden`, `aria-hidden`, display:none, or a class that hides it (nodisplay, d-none,
    sr-only, modal ...); a tab set's panel is shown when its tab is chosen (`docwidgets.tab_panel`)."""
    if node.get("hidden") is not None and not tab_panel(node) or node.get("aria-hidden") == "true":
        return True
    cls, style = node.get("class"), node.get("style")
    classes = _HIDDEN_LINK_CLASS_RE if node.tag == "a" else _HIDDEN_CLASS_RE
    return bool(cls and classes.search(cls) or style and _HIDDEN_STYLE_RE.search(style))


def _section_part(node, tag: str) -> bool:
    """A `header` or `footer` inside an `article`, `section` or `main` element is that part's own (HTML-AAM maps it
    to no landmark: it is not the page's banner or content info): "Get to know the features ..." under a section's
    `<h1>`."""
    return tag in ("header", "footer") and any(
        isinstance(a.tag, str) and a.tag.lower() in ("article", "section", "main") for a in node.iterancestors())


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
    toc = toc_columns(root) if 'href="#' in html or "href='#" in html else set()  # (the page's contents column)

    def flush(prefix: str = "") -> None:
        text = " ".join("".join(current).split())
        current.clear()
        if text:
            lines.append(prefix + text)

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if not tag or tag in _SKIP and not _section_part(node, tag) or _hidden(node) or _frame(node) or node in toc:
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
        elif tag in INLINE_CODE:  # (a code span, "`<img>`": `docwidgets.code_span`)
            current.append(code_span(node))
        elif tag == "pre":  # (a fenced code block, one entry: `docwidgets.code_block_lines`)
            flush()
            if code := code_block_lines(node):
                lines.append("\n".join(code))
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
        out.extend(line.split("\n"))
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
      screen-reader-only labels, `display:none` blocks; not a tab set's panel that the `hidden` attribute hides until
      its tab is chosen: `docwidgets.tab_panel`): the extractor reads markup, not CSS, and would keep them;
    * a table's caption-class notes (`_table_note`) are no longer named "caption": trafilatura drops every
      caption-class element as an image caption when images are not extracted (its `DISCARD_IMAGE_ELEMENTS`),
      which takes a table's footnotes with it. Image captions are still dropped;
    * a disclosure button (`_disclosure`: an accordion's section header, `<button aria-expanded aria-controls="a1">`
      over the panel `id="a1"` it opens) is text: a `<span>` inside a heading (WAI-ARIA's accordion pattern,
      `<h3><button>`), else an `<h3>` (the heading that pattern puts around it; as a `<p>` or `<span>` the extractor
      drops it as the first child of a list item). trafilatura removes every `<button>` with its text, which leaves
      an accordion's sections without their headings (an agency list without the agencies' names);
    * without a heading's permalink (`_PERMALINKS`: Sphinx's and MkDocs' "¶", a theme's "#" or "§" after a heading or
      a glossary term, a link to the heading's own anchor with no word in it): it is no text of the heading;
    * a document's footnotes (`footnotes.notes_as_text`: an `aside` whose role is `doc-footnote`) are not an aside.
    """
    hides, notes, buttons, links = _prepare_needs(html)
    if not hides and not notes and not buttons and not links and not may_have_notes(html):
        return html
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        return html
    changed = _prepare_root(root, hides, notes, buttons, links, may_have_notes(html))
    return lxml_html.tostring(root, encoding="unicode") if changed else html


def prepare_tree(html: str, tree) -> None:
    """`prepare`'s changes made in place in `tree`, the page `html` as trafilatura parses it (`trafilatura.load_html`):
    the extractor and `title_and_url` then read that one tree instead of parsing `prepare(html)` again (the same
    result on every real page of the corpora: `tests/test_load_parse_once.py`)."""
    hides, notes, buttons, links = _prepare_needs(html)
    if hides or notes or buttons or links or may_have_notes(html):
        _prepare_root(tree, hides, notes, buttons, links, may_have_notes(html))


def _prepare_needs(html: str) -> tuple[bool, bool, bool, bool]:
    """(hidden elements may be there, table notes, disclosure buttons, permalinks): words `prepare` looks for before
    parsing."""
    lowered = html.lower()
    hides = any(w in lowered for w in ("hid", "display", "sr-only", "modal", "popup", "cookie", "d-none"))
    notes = "caption" in lowered and "<table" in lowered
    buttons = "<button" in lowered and "aria-controls" in lowered and "aria-expanded" in lowered
    return hides, notes, buttons, 'href="#' in html or "href='#" in html


# (stop 33) a link to a place on the page inside a heading, a glossary term or a caption: a permalink when it has no
# letter or digit (Sphinx's `<a class="headerlink" href="#term-Wheel">¶</a>`, a Hugo theme's "#")
_PERMALINKS = ("//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::dt or self::caption"
               " or self::figcaption]//a[starts-with(@href, '#')]")
_ALNUM_RE = re.compile(r"[^\W_]")


def _disclosure(button, panels: dict) -> bool:
    """A button that shows and hides a section of the page (WAI-ARIA's disclosure and accordion patterns): it says
    whether its panel is expanded (`aria-expanded`) and names the panel (`aria-controls`), an element of the page
    (`panels`: the elements by id) that holds text. Its label is the heading of that section. (A menu toggle in the
    page frame is one too: the frame rules and the cross-page evidence judge its text, as any other line of the
    frame.)"""
    return button.get("aria-expanded") is not None and any(
        (panel := panels.get(target)) is not None and any(t.strip() for t in panel.itertext())
        for target in (button.get("aria-controls") or "").split())


_NEVER_HIDDEN = ("html", "body", "head", "svg")  # (`_prepare_root`: what the hidden-element rule never removes)


def _prepare_root(root, hides: bool, notes: bool, buttons: bool = False, links: bool = False,
                  footnotes: bool = False) -> bool:
    """`prepare`'s changes to the parsed page `root`, in place; True when it changed."""
    changed = notes_as_text(root) if footnotes else False
    if hides:
        # (the elements with an attribute `_hidden` reads, in document order: as `root.iter()`'s elements that pass)
        # An `svg` is a drawing, never text: the extractor and `visible_lines` leave every one out themselves, so a
        # hidden one is left for them. Dropped here, a theme's hidden icon sprite (`<svg style="display: none">`, the
        # first element of every Furo page's body) changed the extractor's recall fallback on a page of a few lines:
        # it returned the article, "Back to top", then the article again and dropped its list of child pages.
        hidden = [el for el in root.xpath("descendant-or-self::*[@hidden or @aria-hidden or @class or @style]")
                  if el.tag.lower() not in _NEVER_HIDDEN and _hidden(el)]
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
    for el in root.xpath(_PERMALINKS) if links else ():
        if not _ALNUM_RE.search(el.text_content()) and el.getparent() is not None:
            el.drop_tree()  # (its tail stays)
            changed = True
    found = root.xpath("//button[@aria-controls][@aria-expanded]") if buttons else []
    if found:
        panels = {el.get("id"): el for el in root.xpath("//*[@id]")}
        for el in found:
            if _disclosure(el, panels) and el.text_content().strip():
                in_heading = any(a.tag in _HEADINGS for a in el.iterancestors() if isinstance(a.tag, str))
                el.tag = "span" if in_heading else "h3"
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


_WEB_ADDRESS_RE = re.compile(r"(?:https?://|www\.)\S+$", re.I)


def link_labels(html, lines: list[str]) -> frozenset[str]:
    """The words (`template.title_words`) of the extracted `lines` that are only the label of a link to another page:
    the text of an `<a href>` element, unless its address is a place in the page itself ("#December": the page's own
    table of contents) or its text is a web address ("http://amzn.to/2iJFhRj": the page shows the address itself,
    as text of its own). A line after the article that is only such a label is navigation (related articles and
    their teasers), what every boilerplate extractor's link density counts (`template.label_page`). `html`: a
    string, or the page as `trafilatura.load_html` parsed it (read, never changed)."""
    from trafilatura import load_html

    from audit.ingest.ownlines import title_words

    shown = {words for line in lines if (words := title_words(line))}
    tree = load_html(html) if shown else None
    if tree is None:
        return frozenset()
    labels = set()
    for a in tree.iter("a"):
        href = a.get("href")
        if href is None or href.lstrip().startswith("#"):
            continue
        text = " ".join(a.text_content().split())
        if text and not _WEB_ADDRESS_RE.match(text) and (words := title_words(text)) in shown:
            labels.add(words)
    return frozenset(labels)


_ITEM_RE = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+)(.*)$")
_INLINE_HEADING_RE = re.compile(r"(?:^|\s+)(#{1,6})\s+")


def item_heading_line(line: str) -> bool:
    """The line is a list item holding a Markdown heading marker ("- #### Before ...")."""
    m = _ITEM_RE.match(line)
    return m is not None and _INLINE_HEADING_RE.search(m.group(2)) is not None


def list_item_headings(html, lines: list[str]) -> list[str]:
    """`lines` (an extraction of `html`, the page as a string or parsed, as Markdown) with the headings that sit
    inside list items on lines of their own. trafilatura writes a list item's content on one line, its headings
    included: `<li><h4>Before</h4><p>Timely preparation ...</p></li>` becomes "- #### Before Timely preparation ..."
    and an accordion section "- ### Agency #### Senior official", a heading run into its text or into the next
    heading. Such a line is split where the page's own headings inside list items (`li h1`-`h6`, their words) end:
    "#### Before" then the item's text "Timely preparation ..." (an item that holds a heading is a section, its text
    a paragraph under it; text before its first heading stays a list item). A marker that opens no heading of the
    page ("C # 5") stays text; lines that hold none are unchanged."""
    if not any(map(item_heading_line, lines)):
        return lines
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fromstring(html) if isinstance(html, str) else html
    except (ParserError, ValueError):
        return lines
    headings = {w for h in root.xpath("//li//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")
                if (w := _words(h.text_content()))}
    if not headings:
        return lines
    out: list[str] = []
    for line in lines:
        split = _split_item_headings(line, headings) if item_heading_line(line) else None
        out.extend(split or [line])
    return out


def _split_item_headings(line: str, headings: set[tuple[str, ...]]) -> list[str] | None:
    """`line`, a list item, as its text before the first heading (a list item), each heading, and each heading's
    following text (a line of text); None when a marker in it opens no heading of `headings`."""
    bullet, rest = _ITEM_RE.match(line).groups()
    parts = _INLINE_HEADING_RE.split(rest)  # [text before, marks, text, marks, text, ...]
    out = [bullet + parts[0].strip()] if parts[0].strip() else []
    for marks, text in zip(parts[1::2], parts[2::2]):
        spans = [m.end() for m in _WORDS_RE.finditer(text)]
        words = _words(text)
        n = next((k for k in range(len(words), 0, -1) if words[:k] in headings), 0)
        if not n:
            return None
        end = spans[n - 1]
        while end < len(text) and not text[end].isspace():  # the heading's closing punctuation ("?", "*")
            end += 1
        out.append(f"{marks} {text[:end].strip()}")
        if text[end:].strip():  # the item is a section: its heading, then its text
            out.append(text[end:].strip())
    return out


_BARE_BULLET_RE = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)]))[ \t]+$")  # (the marker and its space, as written)
_BLOCK_START_RE = re.compile(r"^(?:[-*+]\s|\d{1,9}[.)]\s|#{1,6}(?:\s|$)|\||>|```|~~~)")


def bare_bullets(lines: list[str]) -> list[str]:
    """`lines` (trafilatura's Markdown) with each list item whose text it wrote on the next line joined to its
    marker: an item whose text starts on a new line in the page's source (`<li>\\n  <a>Complex and Abstract
    Words</a>`) comes out as a bare "- " and then "    Complex and Abstract Words", an empty item and a loose line of
    text. Joined only when the very next line holds text that opens no block of its own (no bullet, heading, table
    row, quote or fence); an empty item before a blank line stays as it is, and so does a line without the space the
    extractor writes after a marker ("2019." alone is text, not an item)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _BARE_BULLET_RE.match(lines[i])
        nxt = lines[i + 1].strip() if m and i + 1 < len(lines) else ""
        if nxt and not _BLOCK_START_RE.match(nxt):
            out.append(f"{m.group(1)} {nxt}")
            i += 2
        else:
            out.append(lines[i])
            i += 1
    return out
