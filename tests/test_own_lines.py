"""An HTML page's own short lines after its article are body; a plain-text page's are not.

After the last article paragraph, a short line without a full stop that no other page has ("When adding a point" over
"also, and, in addition, besides, what is more, similarly, further" on plainlanguage.gov) was dropped as "position:
footer, no sentence". On an HTML page the main-content extractor has already left the site's frame out, so such a
line is the page's own, up to the first line outside a list that is only the label of a link to another page
(related articles and their teasers: `htmltext.link_labels`, which leaves out in-page links, "#December", and links
whose text is their web address). A plain-text page has no extractor before it: a line no other page has under a
Usenet post is its sign-off or signature, and stays template. Stop 32: a link label that is the page's lone last line
(a report's "Download Legal Transparency Report ..." link, the home page's "Join the community") is the page's own
too, and so, before the article, is a unique short line that ends a sentence ("We are still clueless." under a
phrase it translates): `audit.ingest.ownlines`.

The page is cut from plainlanguage.gov (tests/fixtures/own_lines/), the transparency report from letsencrypt.org
(tests/fixtures/title_slot/), sources and licences in tests/fixtures/README.md; the Usenet post is checked where the
benchmark corpora are built (skipped in CI)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from audit.config import Settings
from audit.ingest.htmltext import link_labels
from audit.ingest.load import load_page
from audit.ingest.ownlines import own_lines_end, title_words
from audit.ingest.segment import segment_lines
from audit.ingest.sources import Source
from audit.ingest.template import label_page, repeat_threshold

from .labelled import labelled_page

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
NEWSGROUPS = ROOT / "benchmarks" / "_corpora" / "newsgroups-2k"
OWN = "after the article, a line of the page's own (HTML: no other page has it)"
FOOTER = "position: footer, no sentence"
BEFORE = "before the article, a line of the page's own (HTML: no other page has it)"


_labelled = labelled_page


def test_an_html_pages_own_short_lines_after_its_article_are_body():
    blocks, page = _labelled(FIXTURES / "own_lines" / "plainlanguage__guidelines__organize__use-transition-words.html",
                             187)
    assert page.html
    words = [b for b in blocks if b.text.startswith(("also, and, in addition", "first, second, third"))]
    assert [b.text for b in words] == ["also, and, in addition, besides, what is more, similarly, further",
                                       "first, second, third, fourth, then, next, finally"]
    assert [(b.label, b.reason) for b in words] == [("body", OWN)] * 2
    # the headings over them are body too, as headings of article text after the article
    adding = next(b for b in blocks if b.text == "When adding a point")
    assert (adding.label, adding.reason) == ("body", "heading of article text after the main article")
    assert sum(b.reason == OWN for b in blocks) == 7  # the seven kinds of transition words
    # read as a page with no extractor before it (plain text, Markdown), the same lines are the footer's
    blocks, _ = _labelled(FIXTURES / "own_lines" / "plainlanguage__guidelines__organize__use-transition-words.html",
                          187, html=False)
    assert [(b.label, b.reason) for b in blocks if b.text.startswith("also, and, in addition")] == [("boilerplate",
                                                                                                      FOOTER)]


def test_a_lone_link_label_that_is_the_pages_last_line_is_the_pages_own():
    # the report's own download link under its article (letsencrypt.org): the page's last line, on its own
    path = FIXTURES / "title_slot" / "letsencrypt" / "2015__07__01__legal-transparency-report.html"
    blocks, page = _labelled(path, 110)
    assert page.html and "download legal transparency report january 2015 june 2015" in page.link_labels
    last = blocks[-1]
    assert last.text == "Download Legal Transparency Report, January 2015 - June 2015"
    assert (last.label, last.reason) == ("body", OWN)
    # plainlanguage.gov's home page ends with its "Join the community" link under "Join the Plain Language Community"
    blocks, page = _labelled(FIXTURES / "own_lines" / "plainlanguage__index.html", 187)
    assert blocks[-1].text == "Join the community" and "join the community" in page.link_labels
    assert (blocks[-1].label, blocks[-1].reason) == ("body", OWN)
    blocks, _ = _labelled(FIXTURES / "own_lines" / "plainlanguage__index.html", 187, html=False)
    assert (blocks[-1].label, blocks[-1].reason) == ("boilerplate", FOOTER)


def test_a_link_label_followed_by_more_lines_stays_template():
    # the same report followed by the next report's link (a run of links to other pages, as related articles are):
    # the page's own lines end at the first link; neither link is the page's lone last line
    path = FIXTURES / "title_slot" / "letsencrypt" / "2015__07__01__legal-transparency-report.html"
    settings = Settings()
    page = load_page(Source(path, path.stem, path.name), settings.load)
    nxt = "Download Legal Transparency Report, July 2015 - December 2015"
    blocks = segment_lines([*page.lines, "", nxt], settings.segment, page.markdown)
    labels = page.link_labels | {title_words(nxt)}
    label_page(blocks, Counter({b.key: 1 for b in blocks}), repeat_threshold(110, settings.boilerplate), 110,
               settings.boilerplate, title=page.title, html=True, link_labels=labels)
    assert [(b.text, b.label, b.reason) for b in blocks[-2:]] == [
        ("Download Legal Transparency Report, January 2015 - June 2015", "boilerplate", FOOTER),
        (nxt, "boilerplate", FOOTER)]
    last = len(blocks) - 3  # (the article's last anchor: the report's last paragraph)
    assert blocks[last].reason == "article body"
    assert own_lines_end(blocks, last, labels) == len(blocks) - 2
    assert own_lines_end(blocks[:-1], last, labels) == len(blocks) - 1  # (the lone last link: no end)


def test_an_html_pages_own_short_sentences_before_its_article_are_body():
    # "Technical Terms in Plain English" (plainlanguage.gov): a list of phrases, each over its short translation; the
    # first long sentence anchors the article, so the short ones above it were "position: header, short line"
    path = FIXTURES / "own_lines" / "plainlanguage__resources__humor__technical-terms-in-plain-english.html"
    blocks, page = _labelled(path, 187)
    assert page.html
    short = ["We are still clueless.", "We know who to blame.", "It works only so so, but looks very hi-tech."]
    assert [(b.text, b.label, b.reason) for b in blocks if b.reason == BEFORE] == [(t, "body", BEFORE) for t in short]
    assert all(b.label == "body" for b in blocks)
    # with no extractor before it (plain text, Markdown), a short line above the article is the header's
    blocks, _ = _labelled(path, 187, html=False)
    assert [(b.text, b.label, b.reason) for b in blocks if b.text in short] == [
        (t, "boilerplate", "position: header, short line") for t in short]
    # a line that is only the label of a link to another page (a tag, a section's name) is not the page's own
    settings = Settings()
    page = load_page(Source(path, path.stem, path.name), settings.load)
    blocks = segment_lines(page.lines, settings.segment, page.markdown)
    label_page(blocks, Counter({b.key: 1 for b in blocks}), repeat_threshold(187, settings.boilerplate), 187,
               settings.boilerplate, title=page.title, html=True,
               link_labels=page.link_labels | {title_words(short[1])})
    assert [(b.text, b.label, b.reason) for b in blocks if b.text in short] == [
        (short[0], "body", BEFORE), (short[1], "boilerplate", "position: header, short line"),
        (short[2], "body", BEFORE)]


def test_link_labels_leave_out_in_page_links_and_web_addresses():
    # the journal's month index (cdc.gov, Preventing Chronic Disease 2024) and a glossary page's source (HealthCare.gov)
    html = ('<html><body><ul><li class="list-group-item"><a href="#December">December</a></li>'
            '<li class="list-group-item"><a href="#November">November</a></li></ul>'
            '<p>Learn more about the <a href="http://www.ada.gov/pubs/ada.htm">http://www.ada.gov/pubs/ada.htm</a></p>'
            '<p><a href="https://www.cdc.gov/pcd/issues/2024/24_0184.htm">A Community-Engaged Approach</a></p>'
            '<p><a href="/documents/ISRG-Legal-Transparency-Report-July-1-2015.pdf">Download Legal Transparency '
            'Report, January 2015 - June 2015</a></p></body></html>')
    lines = ["- December", "- November", "Learn more about the http://www.ada.gov/pubs/ada.htm",
             "http://www.ada.gov/pubs/ada.htm", "A Community-Engaged Approach",
             "Download Legal Transparency Report, January 2015 - June 2015"]
    assert link_labels(html, lines) == frozenset({"a community engaged approach",
                                                  "download legal transparency report january 2015 june 2015"})
    # only the labels the extraction shows as a line of their own
    assert link_labels(html, lines[:4]) == frozenset()


@pytest.mark.skipif(not (NEWSGROUPS / "comp.graphics" / "38762.txt").exists(), reason="benchmark corpora not built")
def test_a_usenet_posts_sign_off_stays_template():
    path = NEWSGROUPS / "comp.graphics" / "38762.txt"
    blocks, page = _labelled(path, 2000)
    assert not page.html and page.link_labels == frozenset()
    sign_off = [b for b in blocks if b.text in ("Take care,", "Bram")]
    assert [(b.text, b.label, b.reason) for b in sign_off] == [("Take care,", "boilerplate", FOOTER),
                                                               ("Bram", "boilerplate", FOOTER)]
