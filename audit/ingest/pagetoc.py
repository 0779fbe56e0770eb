"""A page's table of contents column (`toc_columns`), which the page's visible text (`htmltext.visible_lines`) leaves
out as it leaves out the rest of the page frame.

A table of contents is a list of links to the page's own headings: every item of the list (and of the lists nested
in its items) is one link and nothing else, to a place on the page (`href="#fragment"`) that is a heading (an `h1`-
`h6` with that id, or an element whose first child element is one: Sphinx's `<section id>`). Generators write it the
same way (Docusaurus' `div.theme-doc-toc-desktop`, Sphinx's and MkDocs' "On this page", Hugo's `.TableOfContents`).

Where it stands tells a column beside the article from a contents list in it. A column (Docusaurus' right-hand
column) comes after the article in the page's order, so every heading it links to is before it; a contents list in
the article (an author's "In this article", a wiki's or blog's contents box) comes before the sections it lists,
and it is the article's text (the gold of the public extraction benchmarks keeps it: Readability's test pages
`mercurial`, `toc-missing`, `topicseed-1`, plainlanguage.gov's "Use transition words"). On the real-site set the two
never meet: all 77 Docusaurus columns of `testinglibrary` are after every heading they list (and outside the `article`
that holds them), all 12 in-article lists (7 of `testinglibrary`'s pages, 5 on other sites) before theirs.
"""
from __future__ import annotations

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def toc_columns(root) -> set:
    """The lists (`ul`, `ol` elements) of `root` that are a table of contents column: links to the page's own
    headings only, each heading before the list in the page's order (see module doc)."""
    targets: dict[str, object] = {}
    order: dict[object, int] = {}
    found = set()
    for lst in root.iter("ul", "ol"):
        parent = lst.getparent()
        if parent is not None and isinstance(parent.tag, str) and parent.tag.lower() == "li":
            continue  # (a nested list: judged with the list that holds it)
        links = _toc_links(lst)
        if not links:
            continue
        if not targets:
            targets = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
        heads = [targets.get(href[1:]) for href in links]
        if all(h is not None and _heading(h) for h in heads):
            order = order or {el: i for i, el in enumerate(root.iter())}
            if all(order[h] < order[lst] for h in heads):
                found.add(lst)
    return found


def _toc_links(lst) -> list[str]:
    """The `href`s of the list's links when each of its items holds one link to a place on the page and nothing
    else (nested lists of the same kind aside); [] otherwise."""
    links: list[str] = []
    for li in lst:
        if not isinstance(li.tag, str):
            continue
        if li.tag.lower() != "li" or (li.text or "").strip():
            return []
        anchors = 0
        for child in li:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if (child.tail or "").strip():
                return []
            if tag == "a" and (child.get("href") or "").startswith("#") and len(child.get("href")) > 1:
                anchors += 1
                links.append(child.get("href"))
            elif tag in ("ul", "ol"):
                nested = _toc_links(child)
                if not nested:
                    return []
                links += nested
            elif tag:
                return []
        if anchors != 1:
            return []
    return links


def _heading(el) -> bool:
    if el.tag.lower() in _HEADINGS:
        return True
    first = next((c for c in el if isinstance(c.tag, str)), None)
    return first is not None and first.tag.lower() in _HEADINGS
