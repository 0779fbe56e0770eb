"""The labels of a page's own tab sets (`tab_labels`): what `template.label_page` keeps as body wherever repetition or
position would call a line template.

A tab set shows one of several panels at a time, each chosen by its label: "npm" / "Yarn" over the install command,
"Native" / "React" / "Angular" / "Cypress" over a code sample per framework (Docusaurus' `<Tabs>`), "Unix/macOS" /
"Windows" (Sphinx's tabs). Such labels are short, and a documentation site repeats them on many pages, often before
the article's first long paragraph: by text and position they look like a site's frame labels, which on other sites
they are (a footer built as tabs, "CONTACT CDC" / "ABOUT CDC" on every CDC page; a news site's "Most read" / "Most
shared" box). What tells the two apart is in the HTML: the page's own tab set holds the article's text in its panels
(the extracted lines hold a line of it that is no link's label), and its labels are extracted lines too; a frame's
panels hold links to other pages, or are not in the extracted text at all. Tab sets are read as their generators
write them:

* the WAI-ARIA tabs pattern: `role="tab"` elements (in a `role="tablist"`), each naming its panel by `aria-controls`
  (or Bootstrap's `data-target` / `href="#id"`), or, without that, the `role="tabpanel"` elements of the tab set in
  the tabs' order (Docusaurus' `ul.tabs`: the panels follow the list, in the element that holds both);
* Material for MkDocs (pymdownx.tabbed): a `.tabbed-set`'s `.tabbed-labels` labels over its `.tabbed-block` panels,
  in order (the older layout: each `label` followed by its `.tabbed-content`);
* sphinx-inline-tabs (`.tab-set`: `label.tab-label` then its `.tab-content`) and sphinx-design (`.sd-tab-set`:
  `label.sd-tab-label` then its `.sd-tab-content`).
"""
from __future__ import annotations

import re

from audit.ingest.ownlines import title_words

_MARKERS_RE = re.compile(r"role\s*=\s*[\"']?tab\b|tabbed-set|tab-set", re.I)
_ID_RE = re.compile(r"#([^\s#]+)$")


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el, apart: str = "") -> str:
    return " ".join(apart.join(el.itertext()).split())


def _role(el) -> str:
    return (el.get("role") or "").strip().lower()


def _aria_sets(root) -> list[tuple[object, object]]:
    """(tab, panel) pairs of the WAI-ARIA tabs pattern; panel None when the tab names none and none is found."""
    roles = root.xpath("//*[@role]")
    tabs = [el for el in roles if _role(el) == "tab"]
    if not tabs:
        return []
    all_panels = [el for el in roles if _role(el) == "tabpanel"]
    ids: dict[str, object] = {}
    pairs: list[tuple[object, object]] = []
    unnamed: dict[object, list] = {}  # tab list -> its tabs that name no panel, in order
    for tab in tabs:
        targets = (tab.get("aria-controls") or "").split()
        ref = tab.get("data-target") or tab.get("data-bs-target") or tab.get("href") or ""
        if not targets and (m := _ID_RE.search(ref.strip())):
            targets = [m.group(1)]
        if targets:
            if not ids:
                ids = {el.get("id"): el for el in root.xpath("//*[@id]")}
            pairs.extend((tab, ids.get(t)) for t in targets)
            continue
        tablist = next((a for a in tab.iterancestors() if _role(a) == "tablist"), tab.getparent())
        unnamed.setdefault(tablist, []).append(tab)
    for tablist, its_tabs in unnamed.items():
        # the panels of the nearest element that holds the tab list and panels outside it (Docusaurus' tabs container)
        outside = [el for el in all_panels if tablist not in el.iterancestors()]
        panels: list = []
        for holder in tablist.iterancestors() if outside and tablist is not None else ():
            panels = [el for el in outside if holder in el.iterancestors()]
            if panels:
                break
        pairs.extend((tab, panels[k] if k < len(panels) else None) for k, tab in enumerate(its_tabs))
    return pairs


def _label_sets(root) -> list[tuple[object, object]]:
    """(label, panel) pairs of the CSS tab sets (`label` elements for radio inputs) of Material, sphinx-inline-tabs
    and sphinx-design."""
    pairs: list[tuple[object, object]] = []
    for tab_set in root.iter("div"):
        cls = _classes(tab_set)
        if "tabbed-set" in cls:
            labels = [lab for box in tab_set if isinstance(box.tag, str) and "tabbed-labels" in _classes(box)
                      for lab in box.iter("label")]
            if labels:
                blocks = [b for box in tab_set if isinstance(box.tag, str) and "tabbed-content" in _classes(box)
                          for b in box if isinstance(b.tag, str) and "tabbed-block" in _classes(b)]
                pairs.extend((lab, blocks[k] if k < len(blocks) else None) for k, lab in enumerate(labels))
                continue
            content = "tabbed-content"
        elif "tab-set" in cls:
            content = "tab-content"
        elif "sd-tab-set" in cls:
            content = "sd-tab-content"
        else:
            continue
        for lab in tab_set:
            if isinstance(lab.tag, str) and lab.tag.lower() == "label":
                nxt = lab.getnext()
                while nxt is not None and not (isinstance(nxt.tag, str) and (nxt.tag.lower() == "label"
                                                                           or content in _classes(nxt))):
                    nxt = nxt.getnext()
                pairs.append((lab, nxt if nxt is not None and content in _classes(nxt) else None))
    return pairs


def tab_labels(tree, html: str, lines: list[str], link_labels: frozenset[str]) -> frozenset[str]:
    """The words (`ownlines.title_words`) of the labels of the page's own tab sets: tabs whose label is one of the
    extracted `lines` and whose panel holds an extracted line that is neither a link's label (`link_labels`) nor a
    tab's label (see module doc). `tree`: the page as `trafilatura.load_html` parsed it, prepared (read, never
    changed), or None; `html`: its source, searched first for a tab set's marks."""
    if tree is None or not _MARKERS_RE.search(html):
        return frozenset()
    pairs = _aria_sets(tree) + _label_sets(tree)
    if not pairs:
        return frozenset()
    shown = {words for line in lines if (words := title_words(line))}
    labels = {words for tab, _ in pairs if (words := title_words(_text(tab))) in shown}
    own_lines = [f" {w} " for w in shown if w not in link_labels and w not in labels]
    found = set()
    for tab, panel in pairs:
        words = title_words(_text(tab))
        if words in labels and panel is not None:
            held = f" {title_words(_text(panel, apart=' '))} "
            if any(line in held for line in own_lines):
                found.add(words)
    return frozenset(found)


def keep_tab_labels(blocks: list, tab_labels: frozenset[str], patterns: list[str]) -> None:
    """`template.label_page`'s last word on a tab's label: a block that repetition or position labelled template
    (no pattern: a skip link stays one) and that is the label of one of the page's own tab sets (`tab_labels`) is
    body ("npm" / "Yarn" on 32 of Testing Library's 117 pages, before the first long paragraph)."""
    for i, b in enumerate(blocks):
        if b.label != "body" and not patterns[i] and b.words and title_words(b.text) in tab_labels:
            b.label, b.reason = "body", "a tab label of the page's own tab set"
