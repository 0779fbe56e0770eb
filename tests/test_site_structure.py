"""Stop 30: where the audit kept less of plainlanguage.gov than trafilatura alone (F1 0.968 vs 0.979), on pages cut
from that site (tests/fixtures/site_structure/, sources and licences in tests/fixtures/README.md).

* an accordion's section headers are `<button>`s, which the extractor removes with their text: they are headings;
* a heading inside a list item is written by the extractor's Markdown into the item's line ("- #### Before Timely
  preparation ..."): it is split off where the page's own heading ends;
* a list item whose text starts on a new line of the source comes out as a bare "- " and a loose line: joined;
* a heading that shows the page's title (its `<title>`) is the page's, however many index pages list that title;
* a heading other pages share ("Sources") after the article, over text of the page's own, is the article's;
* list items a few pages share (an index lists its children's titles) are copied content, not the site frame.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from audit.config import Settings
from audit.ingest.htmltext import bare_bullets, list_item_headings, prepare
from audit.ingest.load import load_page
from audit.ingest.segment import segment_lines
from audit.ingest.sources import Source
from audit.ingest.template import label_page, repeat_threshold, title_keys

FIXTURES = Path(__file__).parent / "fixtures" / "site_structure"
N_PAGES = 187  # the plainlanguage.gov build these pages come from (benchmarks/sites)


def _page(name: str):
    path = FIXTURES / f"{name}.html"
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert page.status == "ok", page.reason
    return page


def _labelled(name: str, shared: dict[str, int], title: str | None = None):
    """The page's blocks labelled as in a corpus of `N_PAGES` pages where the texts of `shared` are on that many
    pages (the others on this page only); `title`: the page's own unless given."""
    page = _page(name)
    settings = Settings()
    blocks = segment_lines(page.lines, settings.segment)
    counts = Counter({b.key: shared.get(b.text, 1) for b in blocks})
    label_page(blocks, counts, repeat_threshold(N_PAGES, settings.boilerplate), N_PAGES, settings.boilerplate,
               title=page.title if title is None else title)
    return blocks


def _by_text(blocks, text: str):
    return next(b for b in blocks if b.text == text)


def test_an_accordions_button_headers_are_its_sections_headings():
    html = (FIXTURES / "law__agency-programs.html").read_text(encoding="utf-8")
    assert '<h3 class="usa-accordion-button" aria-expanded="false" aria-controls="a1">' in prepare(html)
    lines = [line for line in _page("law__agency-programs").lines if line.strip()]
    # each agency's name (its section's button) over its section, where the extractor had dropped every name
    assert lines[2:7] == ["### Advisory Council on Historic Preservation", "#### Senior official",
                          "  - Shayla Shrieves Hatlestad, Senior Writer-Editor",
                          "### Agency for Healthcare Research and Quality", "### Centers for Disease Control and Prevention"]
    assert lines[7:13] == ["### Centers for Medicare & Medicaid Services", "#### Plain language resources",
                           "#### Senior official", "  - Mary Wallace, Deputy Director, Office of Communications",
                           "#### Contact", "  - Erin Gordon, Cate Kortzeborn"]
    # the site menu's disclosure buttons (in the header's <nav>) are still the frame: not in the page's text
    assert not any(line.lstrip("#- ") in ("Law and requirements", "Examples", "Menu") for line in lines)


def test_a_heading_inside_a_list_item_is_its_own_line():
    lines = [line for line in _page("examples__awards__award-6").lines if line.strip()]
    before = lines.index("#### Before")
    assert lines[before + 1].startswith("Timely preparation, including structural and non-structural mitigation")
    assert lines[before + 2:] == ["#### After", "Severe winter weather can be extremely dangerous. Consider these "
                                  "safety tips to protect your property and yourself."]
    assert not any("####" in line[1:] for line in lines)  # no marker left inside a line's text
    blocks = segment_lines(lines, Settings().segment)
    assert [b.kind for b in blocks[-4:]] == ["heading", "paragraph", "heading", "paragraph"]


def test_list_item_headings_split_only_at_the_pages_headings():
    html = "<ul><li><h3>Agency</h3><h4>Contact</h4><ul><li>Amy Kort</li></ul></li><li>Press # 5 to hear it</li></ul>"
    lines = ["- ### Agency #### Contact", "  - Amy Kort", "- Press # 5 to hear it", "- # Unknown heading text"]
    assert list_item_headings(html, lines) == ["### Agency", "#### Contact", "  - Amy Kort", "- Press # 5 to hear it",
                                               "- # Unknown heading text"]


def test_a_bare_bullet_and_its_loose_line_are_one_item():
    lines = [line for line in _page("resources__articles").lines if line.strip()]
    assert lines[:6] == ["# Articles", "- Arguments in Favor of Plain Language", "- Complex and Abstract Words",
                         "  - Author: Nick Wright", "- Keep It Jargon Free", "  - Author: Nick Wright"]
    # an empty item before a blank line, or before a line that opens a block of its own, stays as it is
    assert bare_bullets(["- ", "    ", "    TOPICS"]) == ["- ", "    ", "    TOPICS"]
    assert bare_bullets(["- ", "  - nested"]) == ["- ", "  - nested"]
    assert bare_bullets(["1. ", "   First step"]) == ["1. First step"]
    assert bare_bullets(["2019.", "A year of plain writing."]) == ["2019.", "A year of plain writing."]


def test_the_heading_that_shows_the_pages_title_is_body():
    page = _page("examples__awards__award-6")
    assert page.title == "plainlanguage.gov | No Gobbledygook Award 6"
    assert title_keys(page.title) == {"plainlanguage gov no gobbledygook award 6", "plainlanguage gov",
                                      "no gobbledygook award 6"}
    # the build: "No Gobbledygook Award 6" folds to "... Award 0" as the titles of the awards 1-9 do (9 pages); the
    # press release's dateline is on the 13 award pages
    shared = {"No Gobbledygook Award 6": 9, "The White House": 13, "Office of the Vice President": 13}
    blocks = _labelled("examples__awards__award-6", shared)
    title = _by_text(blocks, "No Gobbledygook Award 6")
    assert title.label == "body" and title.reason == "the page's title; also on 9/187 pages"
    assert _by_text(blocks, "The White House").label == "boilerplate"  # repeated, and not the title
    # without the page's title, or under another award's, the same heading is template, as before; a title heading
    # on most pages is the frame's
    assert _by_text(_labelled("examples__awards__award-6", shared, title=""), "No Gobbledygook Award 6").label \
        == "boilerplate"
    assert _by_text(_labelled("examples__awards__award-6", shared, title="plainlanguage.gov | No Gobbledygook Award 7"),
                    "No Gobbledygook Award 6").label == "boilerplate"
    sitewide = _labelled("examples__awards__award-6", {**shared, "No Gobbledygook Award 6": 150})
    assert _by_text(sitewide, "No Gobbledygook Award 6").label == "boilerplate"


def test_a_shared_heading_after_the_article_over_its_own_text_is_body():
    # "Sources" heads the sources list on 33 of the 187 pages; the first source is cited on 9 pages
    shared = {"Sources": 33, "Garner, Bryan A., Legal Writing in Plain English, 2001, University of Chicago Press, "
              "Chicago, pp. 93-96.": 9}
    blocks = _labelled("guidelines__audience", shared)
    sources = _by_text(blocks, "Sources")
    assert sources.label == "body"
    assert sources.reason == "heading of article text after the main article; on 33/187 pages"
    assert blocks[-1].text == "Securities and Exchange Commission, Plain English Handbook, 1998, Washington, DC, p. 9."
    assert blocks[-1].label == "body"
    # on more than half of the pages it is site-wide: still template
    assert _by_text(_labelled("guidelines__audience", {**shared, "Sources": 120}), "Sources").label == "boilerplate"


def test_list_items_a_few_pages_share_are_copied_not_frame():
    # each article's title is on the index and on its own page (2 of 187), an author's name on up to 4
    shared = {"Arguments in Favor of Plain Language": 2, "Complex and Abstract Words": 2, "Keep It Jargon Free": 2,
              "Author: Nick Wright": 4}
    blocks = _labelled("resources__articles", shared)
    item = _by_text(blocks, "Keep It Jargon Free")
    assert item.kind == "list_item" and item.label == "body"
    assert item.reason == "copied: also on 2/187 pages (duplicated content)"
    # the same items on a fifth of the pages (more than `copied_max_share`) are a menu of the site frame
    menu = _labelled("resources__articles", {k: 40 for k in shared})
    assert _by_text(menu, "Keep It Jargon Free").label == "boilerplate"
