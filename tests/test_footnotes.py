"""A document's footnotes (an `aside` whose DPUB-ARIA role is `doc-footnote`) are the article's text.

The Python Packaging User Guide's "Package Formats" page (a Sphinx page, tests/fixtures/sphinx/, source and licence in
tests/fixtures/README.md) ends with two footnotes its sentences point to; docutils writes them as
`<aside class="footnote" role="doc-footnote">` in an `<aside class="footnote-list">`, and the extractor dropped them
with every `aside` (`audit.ingest.footnotes`)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import html as lxml_html

from audit.ingest.footnotes import may_have_notes, notes_as_text
from audit.ingest.htmltext import visible_lines

from .labelled import labelled_page

PAGE = Path(__file__).parent / "fixtures" / "sphinx" / "pypug-package-formats.html"
NOTES = ["This format is email-based. Although this would be unlikely to be chosen today, backwards compatibility",
         "Circumstantially, in some cases, wheels can be used as an importable runtime format, although this is not"]


def test_the_footnotes_of_a_sphinx_page_are_body_text():
    blocks, _page = labelled_page(PAGE, 89)
    notes = [b for b in blocks if b.text.startswith(tuple(NOTES))]
    assert [(b.kind, b.label) for b in notes] == [("paragraph", "body")] * 2
    assert notes[1].text.endswith("although this is not officially supported at this time.")


def test_only_note_asides_and_their_list_become_text():
    html = PAGE.read_text(encoding="utf-8")
    assert may_have_notes(html) and not may_have_notes("<aside class='sidebar-drawer'>Menu</aside>")
    root = lxml_html.fromstring(html)
    asides = Counter((a.get("class"), a.get("role")) for a in root.iter("aside"))
    assert asides == {("sidebar-drawer", None): 1, ("toc-drawer", None): 1, ("footnote-list brackets", None): 1,
                      ("footnote brackets", "doc-footnote"): 2}
    assert notes_as_text(root)
    # the notes and their list are divs now; the theme's sidebars stay asides (frame)
    assert sorted(a.get("class") for a in root.iter("aside")) == ["sidebar-drawer", "toc-drawer"]
    assert any(line.startswith(NOTES[1]) for line in visible_lines(lxml_html.tostring(root, encoding="unicode")))
