"""Stop 38: a list of links after a single page's article (related, popular, promotional lists) is template, by
link density (`audit/ingest/linklists.py`), on a real page with no other page of its site beside it: an `aeb` page
(Live Science, tests/fixtures/link_lists/, source and licence in tests/fixtures/README.md)."""
from __future__ import annotations

import shutil
from pathlib import Path

import trafilatura

import audit
from audit.config import Settings
from audit.ingest.linklists import link_items
from audit.ingest.load import load_page
from audit.ingest.ownlines import title_words
from audit.ingest.sources import Source

PAGE = Path(__file__).parent / "fixtures" / "link_lists" / "aeb-3c5bf8db-livescience-simulation.html"
RELATED = ["15 Amazing Images of Stars", "11 Fascinating Facts About Our Milky Way Galaxy",
           "The 11 Biggest Unanswered Questions About Dark Matter"]


def test_the_list_of_links_after_the_article_is_template_with_its_reason(tmp_path):
    shutil.copy(PAGE, tmp_path / PAGE.name)
    b = audit.run(tmp_path).blocks
    items = b[b.kind == "list_item"]
    assert items.text.tolist() == RELATED
    assert set(items.label) == {"boilerplate"}
    assert set(items.reason) == {"after the article: a list of links"}
    body = b[b.label == "body"]
    # the article's paragraphs stay, the one with an inline link ("Supernova explosions ...") among them, and so does
    # the credit line under the list, which the gold holds
    assert body.text.str.startswith("As their galaxies continued to flatten").any()
    assert body.text.iloc[-2].startswith('"There\'s a huge road ahead of us now')
    assert body.text.iloc[-1] == "Originally published on Live Science."
    assert len(body[body.kind == "paragraph"]) == 12


def test_link_items_are_the_items_of_a_list_each_of_whose_items_is_mostly_link_text():
    page = load_page(Source(PAGE, PAGE.stem, PAGE.name), Settings().load)
    assert page.status == "ok", page.reason
    assert page.link_items == frozenset(map(title_words, RELATED))
    # the list's links lead to the page's own site (livescience.com, its canonical address): a list of its articles;
    # on a page of another site they would be a list of sources elsewhere, kept
    tree = trafilatura.load_html(PAGE.read_text(encoding="utf-8"))
    assert link_items(tree, page.lines, "https://www.livescience.com/x.html") == page.link_items
    assert link_items(tree, page.lines, "https://www.space.com/x.html") == frozenset()
    # (stop 40) a subdomain of the site, or the site a subdomain's page belongs to, is the page's own site too
    assert link_items(tree, page.lines, "https://science.livescience.com/x.html") == page.link_items
    assert link_items(tree, page.lines, "https://livescience.com.example.org/x.html") == frozenset()
    # the same lines without the page's links: no list of links
    tree = trafilatura.load_html(PAGE.read_text(encoding="utf-8").replace("<a href=", "<span data-href="))
    assert link_items(tree, page.lines) == frozenset()
