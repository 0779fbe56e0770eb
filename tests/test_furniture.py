"""Stop 40 (s40d): page furniture after a single page's article is template, reason "after the article: page
furniture ..." (`audit/ingest/furniture.py`): the extracted lines that only an element of the page frame holds — a
landmark element (`nav`, `aside`, a `form`, the page's own `header`/`footer`), an ARIA landmark role, or a class or id
of Readability's unlikely-candidates vocabulary ("sidebar") — in a region of at most half the extraction's words.
The page (tests/fixtures/furniture/, hand-written in the shape of a WordPress classic theme: a `div#content` that holds
the post and the `div#sidebar`, whose "About" paragraph and sign-up `form` end in sentences) is what an extractor
that keeps the content container returns (`LINES`: the dragnet pages where trafilatura did, AGPL-3.0, are not quoted
here)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import trafilatura

from audit.config import BoilerplateSettings, Settings
from audit.ingest.furniture import FRAME_REASON, frame_lines
from audit.ingest.ownlines import title_words
from audit.ingest.segment import segment_lines
from audit.ingest.template import label_page, repeat_threshold

from .test_comments import ARTICLE  # (the same post: a WordPress theme's article, our words)

PAGE = Path(__file__).parent / "fixtures" / "furniture" / "wordpress-sidebar-furniture.html"
ABOUT = "Health Notes is written by two benefits counsellors who answer readers' questions about health plans every week."
SIGN_UP = "Get a weekly email with new posts, plan deadlines and answers to the questions our readers send us."
LINES = ["## Open Enrollment in Full Swing", *ARTICLE, "« Choosing a doctor Dental plans »", "## About this blog", ABOUT,
         SIGN_UP, "## Recent Posts", "- Dental plans", "- Choosing a doctor"]


def _tree(html: str | None = None):
    return trafilatura.load_html(html or PAGE.read_text(encoding="utf-8"))


def _labelled(settings: Settings, furniture: frozenset[str]):
    blocks = segment_lines(LINES, settings.segment, True, False)
    label_page(blocks, Counter({b.key: 1 for b in blocks}), repeat_threshold(1, settings.boilerplate), 1,
               settings.boilerplate, html=True, frame_lines=furniture)
    return {b.text: (b.label, b.reason) for b in blocks}


def test_the_lines_only_the_sidebar_and_the_form_hold_are_furniture():
    # the sidebar (`id="sidebar"`, Readability's vocabulary) holds its heading, its paragraph, the form and the list;
    # the article's lines and the post navigation (`class="navigation"`, not in that vocabulary) are not furniture,
    # nor are the list's two titles, which that navigation (outside the sidebar) holds too
    assert frame_lines(_tree(), LINES) == frozenset(map(title_words, ["About this blog", ABOUT, SIGN_UP, "Recent Posts"]))


def test_furniture_after_the_article_is_template_with_its_reason_and_never_anchors_it():
    furniture = frame_lines(_tree(), LINES)
    labels = _labelled(Settings(), furniture)
    # (the list of recent posts stays, with its heading: its titles are the post navigation's too, no furniture)
    assert [t for t, (label, _) in labels.items() if label == "body"] == [
        "Open Enrollment in Full Swing", *ARTICLE, "« Choosing a doctor Dental plans »", "Recent Posts", "Dental plans",
        "Choosing a doctor"]
    assert labels[ABOUT] == labels[SIGN_UP] == labels["About this blog"] == ("boilerplate", FRAME_REASON)
    # the setting turns it off: the sidebar's sentences anchor the article again and are its body
    off = _labelled(Settings(boilerplate=BoilerplateSettings(frame_regions=False)), furniture)
    assert off[ABOUT][0] == off[SIGN_UP][0] == "body"


def test_a_region_that_holds_the_article_or_a_line_the_page_holds_elsewhere_is_not_furniture():
    html = PAGE.read_text(encoding="utf-8")
    # an ASP.NET page wraps the whole page in one form: more than half of the extraction's words, the article's own
    aspnet = html.replace('<div id="page">', '<form id="aspnetForm" method="post"><div id="page">').replace(
        "</body>", "</form></body>")
    assert title_words(ARTICLE[0]) not in frame_lines(_tree(aspnet), LINES)
    assert title_words(ABOUT) in frame_lines(_tree(aspnet), LINES)  # (the sidebar inside it still is)
    # a sidebar line the article holds too (its "Recent Posts" naming the post itself) stays the article's
    quoted = html.replace("<li><a href=\"/2012/11/dental-plans/\">Dental plans</a></li>",
                          f"<li><a href=\"/2012/11/open/\">{ARTICLE[0]}</a></li>")
    assert title_words(ARTICLE[0]) not in frame_lines(_tree(quoted), LINES)
