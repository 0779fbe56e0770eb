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

# what a tab set's markup holds, as generators write it (`tab-set` in `sd-tab-set` too): searched in the page's
# source before its tree
_ARIA_MARKS, _CLASS_MARKS = ('role="tab"', "role='tab'"), ("tab-set", "tabbed-set")
_ID_RE = re.compile(r"#([^\s#]+)$")


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el, apart: str = "") -> str:
    return " ".join(apart.join(el.itertext()).split())


def _line_of(candidates: set[str]) -> re.Pattern:
    """A search for a line whose words (`title_words`, of the case-folded text) are one of the `candidates`: the
    words and nothing between them but what is not a word ("- **npm**", "npm")."""
    gap = r"[^\w\n]"
    return re.compile("|".join(f"^{gap}*" + f"{gap}+".join(map(re.escape, words.split())) + f"{gap}*$"
                               for words in sorted(candidates)), re.M)


def _role(el) -> str:
    return (el.get("role") or "").strip().lower()


def _aria_sets(root, tabs: list) -> list[tuple[object, object]]:
    """(tab, panel) pairs of the WAI-ARIA tabs pattern for the `tabs` (`role="tab"`) of `root`; panel None when the
    tab names none and none is found."""
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
    all_panels = root.xpath("//*[@role='tabpanel']") if unnamed else []
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


def _label_sets(tab_sets: list, shown: set[str]) -> list[tuple[object, object]]:
    """(label, panel) pairs of the CSS tab sets (`label` elements for radio inputs) of Material, sphinx-inline-tabs
    and sphinx-design among the `div` elements `tab_sets`, for the labels whose words are `shown`."""
    pairs: list[tuple[object, object]] = []
    for tab_set in tab_sets:
        cls = _classes(tab_set)
        if "tabbed-set" in cls:
            labels = [lab for box in tab_set if isinstance(box.tag, str) and "tabbed-labels" in _classes(box)
                      for lab in box.iter("label")]
            if labels:
                blocks = [b for box in tab_set if isinstance(box.tag, str) and "tabbed-content" in _classes(box)
                          for b in box if isinstance(b.tag, str) and "tabbed-block" in _classes(b)]
                pairs.extend((lab, blocks[k] if k < len(blocks) else None) for k, lab in enumerate(labels)
                             if title_words(_text(lab)) in shown)
                continue
            content = "tabbed-content"
        elif "tab-set" in cls:
            content = "tab-content"
        elif "sd-tab-set" in cls:
            content = "sd-tab-content"
        else:
            continue
        for lab in tab_set:
            if isinstance(lab.tag, str) and lab.tag.lower() == "label" and title_words(_text(lab)) in shown:
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
    if tree is None:
        return frozenset()
    tabs = tree.xpath("//*[@role='tab']") if any(mark in html for mark in _ARIA_MARKS) else []
    tab_sets = tree.xpath("//div[contains(@class, 'tab-set') or contains(@class, 'tabbed-set')]") if any(
        mark in html for mark in _CLASS_MARKS) else []
    # Is any label an extracted line (its words those of a line)? One search of the lines' text, before their words
    # are read.
    candidates = {words for el in [*tabs, *(lab for ts in tab_sets for lab in ts.iter("label"))]
                  if (words := title_words(_text(el)))}
    if not candidates or not _line_of(candidates).search("\n".join(lines).casefold()):
        return frozenset()
    shown = {words for line in lines if (words := title_words(line))}
    tabs = [el for el in tabs if title_words(_text(el)) in shown]
    pairs = (_aria_sets(tree, tabs) if tabs else []) + _label_sets(tab_sets, shown)
    if not pairs:
        return frozenset()
    labels = {title_words(_text(tab)) for tab, _ in pairs}
    own_lines = [f" {w} " for w in shown if w not in link_labels and w not in labels]
    found = set()
    for tab, panel in pairs:
        words = title_words(_text(tab))
        if panel is not None and words not in found:
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
