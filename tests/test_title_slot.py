"""Stop 31: the page's title in a theme's banner above the article, which the extractor drops
(`audit.ingest.titleslot`), on real pages (tests/fixtures/title_slot/, sources and licences in
tests/fixtures/README.md): letsencrypt.org shows its documentation and other pages' titles in a "hero" banner
(`<div class="hero slim"><div class="container"><h1>`), its posts' titles in the post's own header, which the
extractor keeps; plainlanguage.gov's extraction of one guideline keeps the site banner's line above the title it
drops. The title comes back only where the site shows that it is the theme's title slot: the same element path
holding each page's own title on more than `title_slot_min_share` of the pages.
"""
from __future__ import annotations

from array import array
from pathlib import Path

from lxml import html as lxml_html

import audit
from audit.config import Settings
from audit.ingest.load import load_page
from audit.ingest.sources import Source
from audit.ingest.titleslot import page_h1s, title_slots

FIXTURES = Path(__file__).parent / "fixtures" / "title_slot"
LETSENCRYPT = FIXTURES / "letsencrypt"


def _page(path: Path):
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert page.status == "ok", page.reason
    return page


def _blocks(paths, page_id: str, settings: Settings | None = None):
    with audit.run(paths, settings or Settings(), progress=False) as a:
        blocks = a.blocks
    return blocks[blocks.page_id == page_id].reset_index(drop=True)


def test_a_banners_title_the_extractor_dropped_is_found_with_its_place():
    about = _page(LETSENCRYPT / "about.html")
    assert about.title == "About Let's Encrypt"
    assert not any("About Let's Encrypt" in line for line in about.lines)  # (the extractor kept the container only)
    path, text_hash = array("Q", about.h1s)  # (one h1: its path's hash, its words' as they show the title)
    assert about.dropped_title == (path, "About Let's Encrypt", 0) and text_hash
    # the hero's h1 sits at the same element path on the other pages of the theme, each with its own title
    contact, post = _page(LETSENCRYPT / "contact.html"), _page(LETSENCRYPT / "2015__07__01__legal-transparency-report.html")
    assert contact.dropped_title == (path, "Contact", 0) and array("Q", contact.h1s)[0] == path
    # a post's title sits in the post's own header, which the extractor keeps: nothing dropped, another path
    assert post.dropped_title == () and array("Q", post.h1s)[0] != path and array("Q", post.h1s)[1]
    assert post.lines[0] == "# ISRG Legal Transparency Report, January 2015 - June 2015"
    # a sentence that uses the title's words is not the title: "Staging Environment" is dropped all the same
    staging = _page(LETSENCRYPT / "docs__staging-environment.html")
    assert any("testing against our staging environment before" in line for line in staging.lines)
    assert staging.dropped_title == (path, "Staging Environment", 0)


def test_the_sites_title_slot_puts_the_title_back_as_the_articles_heading():
    blocks = _blocks([LETSENCRYPT], "about")
    first = blocks.iloc[0]
    assert (first.text, first.kind, first.label, first.line_start) == ("About Let's Encrypt", "heading", "body", 1)
    # the extraction's own blocks follow, two lines down (as if it had held "# About Let's Encrypt" and a blank line)
    assert blocks.iloc[1].line_start == 3 and blocks.block.tolist() == list(range(len(blocks)))
    assert blocks.iloc[1].text.startswith("Let’s Encrypt is a free, automated, and open certificate authority")
    post = _blocks([LETSENCRYPT], "2015__07__01__legal-transparency-report")
    assert (post.text == "ISRG Legal Transparency Report, January 2015 - June 2015").sum() == 1  # (kept once, as it was)


def test_a_lone_page_has_no_site_to_show_a_title_slot():
    blocks = _blocks([LETSENCRYPT / "about.html"], "about")
    assert "About Let's Encrypt" not in set(blocks.text) and blocks.iloc[0].line_start == 1
    # and [boilerplate] title_slot_min_share = 1.0 turns the rule off on the site too
    off = _blocks([LETSENCRYPT], "about", Settings().replace(boilerplate={"title_slot_min_share": 1.0}))
    assert "About Let's Encrypt" not in set(off.text) and off.text.tolist() == blocks.text.tolist()


def test_the_title_goes_back_where_the_page_shows_it_below_a_banner_line_the_extractor_kept():
    page = _page(FIXTURES / "plainlanguage" / "guidelines__conversational.html")
    assert page.lines[0] == "An official website of the United States government"  # (the site banner's line)
    assert page.dropped_title[1:] == ("Keep it conversational", 2)
    # four more pages of the theme (tests/fixtures/site_structure) show their titles at the same path
    blocks = _blocks([FIXTURES / "plainlanguage", FIXTURES.parent / "site_structure"], "guidelines__conversational")
    assert blocks.text.tolist()[:3] == ["An official website of the United States government", "Keep it conversational",
                                        "Verbs are the fuel of writing. They give your sentences power and direction. "
                                        "They enliven your writing and make it more interesting."]
    assert blocks.iloc[1].label == "body" and blocks.iloc[1].kind == "heading" and blocks.iloc[1].line_start == 3


def test_a_title_slot_holds_each_pages_own_title_on_a_share_of_the_site():
    pages = [_page(p) for p in sorted(LETSENCRYPT.glob("*.html"))]
    hero = array("Q", pages[-1].h1s)[0]
    assert title_slots([p.h1s for p in pages], 5, 0.1) == {hero}
    assert title_slots([p.h1s for p in pages], 5, 0.8) == set()  # (4 of 5 pages: not more than 0.8 of them)
    assert title_slots([p.h1s for p in pages[:2]], 2, 0.1) == set()  # (one page with it: a lone page)
    # a logo's h1 showing the site's name, a part of every page's <title>, is the same text everywhere: chrome
    logo = page_h1s(lxml_html.fromstring("<html><body><h1 class='logo'>Let's Encrypt</h1></body></html>"),
                    "About Let's Encrypt - Let's Encrypt", [])[0]
    assert array("Q", logo)[1] and title_slots([logo] * 4, 4, 0.1) == set()
