"""A list item's text that wraps goes on in its next lines (stop 35), as a paragraph's hard wrap does
(`segment._continues`): a Markdown list, a plain-text post, the extractor's line of an HTML `<li>` whose source text
has a line break. Before, the item was one block and its wrapped lines another, the item's sentence cut in two.

Real text: the Python Packaging User Guide's "Package Formats" page as built (`tests/fixtures/sphinx/`, CC BY-SA 3.0)
and a 20 Newsgroups post (talk.politics.guns 53306, public research data: Lang 1995, as in `tests/fixtures/README.md`);
the compiled segmenter and its definition give the same blocks."""
from __future__ import annotations

from pathlib import Path

from audit.config import Settings
from audit.ingest.load import load_page
from audit.ingest.segment import _segment_lines, segment_lines
from audit.ingest.sources import Source

SEG = Settings().segment
FORMATS = Path(__file__).parent / "fixtures" / "sphinx" / "pypug-package-formats.html"
POST = ["evidence and testimony regarding: ", "", "(1)   Unfair or unequal treatment of political minorities;", "",
        "(2)   Physical assaults on volunteers, candidates, or", "      members of minority parties;", "",
        "(5)   Taxpayer subsidies of Democratic and Republican",
        "      candidates that are denied or not available to third", "      parties;"]


def _both(lines: list[str], markdown: bool = True):
    compiled = [(b.line_start, b.line_end, b.kind, b.text, b.breaks) for b in segment_lines(lines, SEG, markdown)]
    assert compiled == [(b.line_start, b.line_end, b.kind, b.text, b.breaks)
                        for b in _segment_lines(lines, SEG, markdown)]
    return [(start, end, kind, text) for start, end, kind, text, _breaks in compiled]


def test_an_html_list_items_wrapped_text_is_one_item():
    page = load_page(Source(FORMATS, FORMATS.stem, FORMATS.name), Settings().load)
    items = [(s, e, t) for s, e, kind, t in _both(page.lines, page.markdown) if kind == "list_item" and e > s]
    assert ("The egg format was introduced by Setuptools in 2004, whereas the wheel format was introduced by PEP 427 "
            "in 2012.") in [t for _s, _e, t in items]
    assert len(items) == 3  # (the page's three items whose source text has a line break)
    assert not [t for _s, _e, t in items if not t[:1].isupper() and not t.startswith("(")]


def test_a_plain_text_posts_numbered_items_keep_their_wrapped_lines():
    blocks = _both(POST, markdown=False)
    assert blocks[1:] == [
        (3, 3, "list_item", "Unfair or unequal treatment of political minorities;"),
        (5, 6, "list_item", "Physical assaults on volunteers, candidates, or members of minority parties;"),
        (8, 10, "list_item", "Taxpayer subsidies of Democratic and Republican candidates that are denied or not "
                             "available to third parties;")]


def test_an_item_that_ends_its_sentence_ends_there_and_a_heading_or_bullet_starts_anew():
    lines = ["- Rest helps.", "Stress makes it worse.", "- Caffeine and", "# Causes", "- Fatigue", "- Dry eyes",
             "1. Nox. You can install or upgrade", "nox using pip:"]
    assert _both(lines) == [
        (1, 1, "list_item", "Rest helps."), (2, 2, "paragraph", "Stress makes it worse."),
        (3, 3, "list_item", "Caffeine and"), (4, 4, "heading", "Causes"), (5, 5, "list_item", "Fatigue"),
        (6, 6, "list_item", "Dry eyes"), (7, 8, "list_item", "Nox. You can install or upgrade nox using pip:")]
