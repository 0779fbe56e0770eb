"""Stop 31: numbered notes without a "References" heading ("[1] “Let’s Encrypt” Trademark Registration Application"
under a blog post, "[2] _New York Times_" under a Usenet post) are references, not headings or prose: a note whose
number the page cites before it ("... CA-related services [1][2][3].", "... arrested [1]."). A line that opens with a
bracketed number the page does not cite (a table of contents, a phone number's area code) is what it was.

A page's date line ("Last updated: Dec 27, 2021 | See all Documentation", "Last-modified: 1993/4/15") is metadata, not
the page's text: the pattern rule `date_line` labels it template, like a byline, wherever it stands.

The pages are cut from letsencrypt.org (tests/fixtures/site_notes/, source and licence in tests/fixtures/README.md);
the Usenet posts are checked where the benchmark corpora are built (skipped in CI)."""
from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest

from audit.config import Settings
from audit.ingest import _kinds, segment
from audit.ingest.load import load_page
from audit.ingest.segment import Block, segment_lines
from audit.ingest.sources import Source
from audit.ingest.frame_patterns import _first_hit, _pattern_items
from audit.ingest.template import label_page, repeat_threshold

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "site_notes"
CORPORA = ROOT / "benchmarks" / "_corpora"
NOTES = ["“Let’s Encrypt” Trademark Registration Application",
         "“Let’s Encrypt With Comodo” Trademark Registration Application",
         "“Comodo Let’s Encrypt” Trademark Registration Application"]


def _blocks_of(path: Path) -> tuple[list[Block], object]:
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert page.status == "ok", page.reason
    return segment_lines(page.lines, Settings().segment, page.markdown), page


def test_a_blog_posts_numbered_notes_are_references_and_stay_in_its_body():
    blocks, page = _blocks_of(FIXTURES / "letsencrypt__2016__06__23__defending-our-brand.html")
    notes = [b for b in blocks if b.text.startswith("[")]
    assert [(b.kind, b.text) for b in notes] == [("references", f"[{n}] {t}") for n, t in zip((1, 2, 3), NOTES)]
    cites = next(b for b in blocks if "[1][2][3]" in b.text)  # the paragraph that cites them stays prose
    assert cites.kind == "paragraph" and cites.text.startswith("Some months ago, it came to our attention")
    # labelled in a site of 110 pages where every block is the page's own: after the article, kept as its references
    # (as headings they were "position: footer, no sentence": dropped)
    settings = Settings()
    label_page(blocks, Counter({b.key: 1 for b in blocks}), repeat_threshold(110, settings.boilerplate), 110,
               settings.boilerplate, title=page.title)
    assert [(b.label, b.reason) for b in notes] == [("body", "references after the article")] * 3
    assert not any(b.text.startswith("[") for b in blocks if b.kind in segment.PROSE_KINDS)


def test_a_bracketed_number_the_page_does_not_cite_is_no_note():
    def kinds(texts: list[tuple[str, str]]) -> list[str]:
        blocks = [Block(i, i + 1, i + 1, kind, text) for i, (kind, text) in enumerate(texts)]
        compiled = [copy.copy(b) for b in blocks]
        segment.assign_kinds(blocks)
        _kinds.assign_kinds(compiled, *segment._KIND_TESTS)
        assert [b.kind for b in compiled] == [b.kind for b in blocks]
        return [b.kind for b in blocks]

    prose = ("paragraph", "Money laundering continues to be Panama's main industry. In fact, it is bigger now than "
                          "before Noriega was arrested [1].")
    assert kinds([prose, ("heading", "[1] IRS Criminal Investigations Divison")]) == ["paragraph", "references"]
    assert kinds([prose, ("paragraph", "[1] IRS Criminal Investigations Divison, 1992.")])[1] == "references"
    # cited nowhere before it: a table of contents ("[1]" opens its own entry), or only after it
    assert kinds([("heading", "[1] What is JPEG?"), ("heading", "[2] Why use JPEG?"),
                  ("heading", "[1] What is JPEG?")]) == ["heading"] * 3
    assert kinds([("heading", "[1] IRS Criminal Investigations Divison"), prose]) == ["heading", "paragraph"]
    # a number, "=" or "[" after the bracket: an area code, a table's legend, a row of column numbers
    assert kinds([prose, ("heading", "[1] 427-2375"), ("paragraph", "[1] = Year."),
                  ("other", "[1]   [2]   [3]")]) == ["paragraph", "heading", "paragraph", "other"]
    # a note heading inside a reference list neither ends it nor opens one
    assert kinds([prose, ("heading", "Sources"), ("heading", "[1] IRS Criminal Investigations Divison"),
                  ("paragraph", "Drugs in America, by Vincent Bugliosi")]) == [
        "paragraph", "heading", "references", "references"]


def _post(corpus: str, post: str) -> list[Block]:
    path = CORPORA / corpus / f"{post}.txt"
    if not path.exists():
        pytest.skip(f"benchmark corpus {corpus} not built")
    return _blocks_of(path)[0]


def test_a_usenet_posts_sources_are_references():
    """newsgroups-2k: the one post whose numbered sources read as headings, under "Sources (from the book ...):"."""
    blocks = _post("newsgroups-2k", "talk.politics.misc/179070")
    assert [(b.kind, b.text) for b in blocks if b.text.startswith("[")] == [
        ("references", "[1] IRS Criminal Investigations Divison"), ("references", "[2] _New York Times_"),
        ("references", "[3] U.S. State Department")]
    # the area code of an advert's phone number stays what it was
    assert [b.kind for b in _post("newsgroups-2k", "rec.motorcycles/104610") if b.text == "[213] 427-2375"] == ["heading"]


def test_a_faqs_table_of_contents_is_no_reference_list():
    blocks = _post("newsgroups-20k", "comp.graphics/39638")
    toc = [b for b in blocks if b.text.startswith("[1]") or b.text.startswith("[14]")]
    assert toc and all(b.kind != "references" for b in toc)


def test_a_docs_pages_date_line_is_template_and_its_text_body():
    """The extractor drops the `<time>` element's text: "Last updated: | See all Documentation" is what is left of
    the line (on 19 documentation pages of the site); its gold leaves it out, as the gold of every site does for a
    page's date line, but for one page whose own text holds it."""
    blocks, page = _blocks_of(FIXTURES / "letsencrypt__docs__account-id.html")
    settings = Settings()
    label_page(blocks, Counter({b.key: 1 for b in blocks}), repeat_threshold(110, settings.boilerplate), 110,
               settings.boilerplate, title=page.title)
    assert [(b.kind, b.label, b.reason) for b in blocks if "Last updated" in b.text] == [
        ("heading", "boilerplate", "pattern: date_line")]
    # (the title, in a banner above the page's content, is dropped by the extractor: benchmarks/sites/README.md)
    body = " ".join(b.text for b in blocks if b.label == "body")
    assert body.startswith("When reporting issues it can be useful to provide your Let’s Encrypt account ID.")
    assert body.endswith("in the response to each POST your ACME client makes.") and "updated" not in body


@pytest.mark.parametrize("text,hit", [
    ("Last updated: Jun 29, 2022 | See all Documentation", True), ("Last updated: | See all Documentation", True),
    ("Page last reviewed: May 3, 2023", True), ("Last-modified: 1993/4/15", True),
    ("Last-modified: $Date: 93/04/01 14:39:23 $", True), ("Last-update: Sun, 7 Mar 93 21:00:00 -0500", True),
    ("UPDATED: Tue., Nov. 19, 2019", True), ("Updated at 1:23 p.m.", True), ("Updated 28.04.1993", True),
    ("Last Updated : Nov 20, 2019 01:41 PM IST | Source: Moneycontrol.com", True), ("Updated", True),
    # text: a sentence or a heading that goes on past the date, another word after the label
    ("Updated prices from last post.", False), ("Update, June 24 2016", False), ("Updated the FAQ", False),
    ("Revised 1990 edition. Includes 6 full length exams", False), ("Last updated in July, while", False),
    ("Reviewed by Dr. Smith", False), ("The entry-level model was last updated in July.", False),
    ("Updated " + "1 " * 40 + "x", False),
])
def test_the_date_line_rule(text, hit):
    assert (_first_hit(_pattern_items(Settings().boilerplate))(text) == "date_line") is hit


def test_a_usenet_faqs_last_modified_line_is_template(tmp_path):
    path = CORPORA / "newsgroups-2k" / "sci.crypt" / "15243.txt"
    if not path.exists():
        pytest.skip("benchmark corpus newsgroups-2k not built")
    blocks, page = _blocks_of(path)
    settings = Settings()
    label_page(blocks, Counter({b.key: 1 for b in blocks}), repeat_threshold(2000, settings.boilerplate), 2000,
               settings.boilerplate, title=page.title)
    assert [(b.text, b.label) for b in blocks if b.text.startswith("Last-modified")] == [
        ("Last-modified: 1993/4/15", "boilerplate")]
