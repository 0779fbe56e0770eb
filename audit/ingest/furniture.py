"""Page furniture on a single HTML page: the lines the extractor kept from the page's frame regions after its article.

A news or blog page ends its article, then shows furniture around and under it: a sidebar's "About me" paragraph
and newsletter box, a feed line ("Subscribe to: Post Comments (Atom)"), a trackback notice, a "« Previous | Main |
Next »" line, a comment or sign-up form ("Mail (will not be published) (required)", "Notify me of followup
comments"), a disclaimer in a sidebar module. None of it is a list of links (`linklists`), so the position rules keep
it when it ends a sentence ("after the article, but article text"). trafilatura removes most of the frame by its
markup; what it keeps of it (in `favor_recall` mode, or where its class vocabulary misses the name) still sits in an
element that says it is frame, by the structural facts readers of main content use:

* the element's ARIA landmark role (`navigation`, `banner`, `contentinfo`, `complementary`, `menu`, `search`: WAI-ARIA
  1.2) or its HTML element (`nav`, `aside`, `form`; a `header` or `footer` that is not a part of an `article`,
  `section` or `main`: HTML-AAM maps only the page's own to a landmark), as `htmltext.visible_lines` leaves them out;
* its class or id, Mozilla Readability's `unlikelyCandidates` vocabulary ("sidebar", "footer", "rss", "social",
  "related", "sponsor", "menu", "pager" ...: Readability.js `REGEXPS.unlikelyCandidates`, Apache-2.0) unless it names
  content too (`okMaybeItsACandidate`: "article", "body", "column", "content", "main"), `htmltext._frame`'s rule;
  not the id of a document section (a `section` element, or one of class "section"), its heading's slug in the
  documentation generators (Sphinx's `<section id="extras">` under a specification's "[extras]" table: pypug lost
  0.013 F1 on that page without this).

`frame_lines` returns the words (`ownlines.title_words`) of the extracted lines that lie in such an element and
nowhere else on the page (a sidebar's "Recent posts" may repeat the article's own title, which stays the article's),
when the element holds at most `FRAME_MAX_SHARE` of the extraction's words (more is the article's own container: an
ASP.NET page wraps the whole page in one `form`, a theme names its article column "extra"). `template.label_page`
labels such a line after the article's last anchor template, reason `FRAME_REASON`; it never anchors the article.
`BoilerplateSettings.frame_regions` (True) turns it off. `region_lines` is the reading both this module and
`comments.comment_lines` (readers' comments, by the element's comment vocabulary) use. Measured on the twelve
extraction sets: benchmarks/sites/README.md, stop 40.
"""
from __future__ import annotations

from audit.ingest.htmltext import _FRAME_ROLES, _MAYBE_RE, _SKIP, _UNLIKELY_RE, _frame, _section_part
from audit.ingest.ownlines import title_words

# A frame region holds at most this share of the extraction's words: more is the page's article around it
FRAME_MAX_SHARE = 0.5
FRAME_REASON = "after the article: page furniture (an element whose role, tag, id or class names the page frame)"
# The HTML elements that are the page's frame (landmarks: `nav`, `aside`; a `form` is input, never an article's
# text; `header` and `footer` unless a part of an article, section or main element: `htmltext._section_part`)
_FRAME_TAGS = frozenset({"nav", "aside", "form", "header", "footer"}) & _SKIP
# Class and id names judge regions (containers), never these (`htmltext._NOT_REGIONS`)
_NOT_REGIONS = frozenset({"html", "body", "a", "h1", "h2", "h3", "h4", "h5", "h6"})


def frame_region(node) -> bool:
    """`node` is a region of the page frame (module doc): by its tag, its ARIA role, or its class or id."""
    if not isinstance(node.tag, str):
        return False
    tag = node.tag.lower()
    if tag in _NOT_REGIONS:
        return False
    if tag in _FRAME_TAGS:
        return not _section_part(node, tag)
    if node.get("id") and (tag == "section" or "section" in (node.get("class") or "").split()):
        # a document section's id is its heading's slug (Sphinx: `<section id="extras">` under "[extras]" in a
        # specification, `<div class="section" id="...">` before Sphinx 4): it names the section's subject, not its
        # role; its role and class still do
        return (node.get("role") or "").strip().lower() in _FRAME_ROLES or _frame_name(node.get("class") or "")
    return _frame(node)


def _frame_name(names: str) -> bool:
    """A class or id name of Readability's unlikely-candidates vocabulary that names no content (`htmltext._frame`)."""
    return bool(names.strip()) and bool(_UNLIKELY_RE.search(names)) and not _MAYBE_RE.search(names)


def frame_lines(tree, lines: list[str]) -> frozenset[str]:
    """The words (`title_words`) of the extracted `lines` that are text of a frame region of the page (`tree`, as
    `trafilatura.load_html` parsed it; read, never changed) and nowhere else in it; empty for none (module doc)."""
    return region_lines(tree, lines, frame_region, FRAME_MAX_SHARE)


def region_lines(tree, lines: list[str], is_region, max_share: float) -> frozenset[str]:
    """The words (`title_words`) of the extracted `lines` that lie in an element of `tree` for which `is_region`
    holds (the outermost such element judges its inner ones), one holding at most `max_share` of the lines' words
    (more is the article around it), and that the page's text outside every such element does not hold too (a
    region that quotes the article, a comment or a sidebar's list of posts, repeats the article's line, which stays
    the article's); empty for none."""
    if tree is None or not lines:
        return frozenset()
    regions = [n for n in tree.iter() if is_region(n)]
    if not regions:
        return frozenset()
    words = {w for line in lines if (w := title_words(line))}
    total = sum(len(w.split()) for w in words) or 1
    found: set[str] = set()
    kept: list = []
    for node in regions:
        if any(a in kept for a in node.iterancestors()):  # (the outermost region judges its inner ones)
            continue
        text = f" {title_words(node.text_content())} "
        inside = {w for w in words if f" {w} " in text}
        if sum(len(w.split()) for w in inside) > max_share * total:
            continue  # the article is inside it: not such a region
        kept.append(node)
        found |= inside
    if not found:
        return frozenset()
    return frozenset(found - _words_outside(tree, kept, found))


def _words_outside(tree, regions: list, candidates: set[str]) -> set[str]:
    """The `candidates` that the page's text outside `regions` holds too (the regions cut out of a copy)."""
    from copy import deepcopy

    marks = {id(n) for n in regions}
    positions = [i for i, n in enumerate(tree.iter()) if id(n) in marks]
    nodes = list(deepcopy(tree).iter())  # (the copy's nodes in the same document order)
    cut = [nodes[i] for i in positions]
    for n in cut:
        parent = n.getparent()
        if parent is None:
            continue
        if n.tail:  # (the text after the region is outside it)
            prev = n.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + " " + n.tail
            else:
                parent.text = (parent.text or "") + " " + n.tail
        parent.remove(n)
    text = f" {title_words(nodes[0].text_content())} "  # (nodes[0]: the copy's root)
    return {w for w in candidates if f" {w} " in text}
