"""(stop 33) A heading's permalink is no text of the heading: Sphinx writes `<a class="headerlink"
href="#discussions">¶</a>` after every heading and glossary term (and MkDocs "¶", Hugo themes "#"); on the Python
Packaging User Guide every heading read "Discussions¶" before. Real page: `tests/fixtures/sphinx/pypug-discussions.html`,
packaging.python.org's `discussions/index.html` as Sphinx 7.2.6 builds it (CC BY-SA 3.0; tests/fixtures/README.md)."""
from __future__ import annotations

from pathlib import Path

from audit.config import LoadSettings
from audit.ingest.htmltext import prepare
from audit.ingest.load import load_page
from audit.ingest.sources import Source

PAGE = Path(__file__).parent / "fixtures" / "sphinx" / "pypug-discussions.html"


def test_a_sphinx_heading_is_read_without_its_permalink():
    page = load_page(Source(PAGE, "discussions", "discussions/index.html", size=PAGE.stat().st_size), LoadSettings())
    assert page.status == "ok" and "# Discussions" in page.lines
    assert not [line for line in page.lines if "¶" in line]


def test_only_a_link_to_the_page_with_no_word_in_a_heading_is_a_permalink():
    html = ('<html><body><main><h2>Fees<a class="headerlink" href="#fees">¶</a></h2><p>See <a href="#x">¶</a> 3 '
            'and <a href="/fees">#</a>.</p><h3><a href="#sec-2">Section 2</a> <a href="#top">#</a> tail</h3>'
            '<dl><dt id="t">Wheel<a href="#t">§</a></dt><dd>A built package.</dd></dl></main></body></html>')
    out = prepare(html)
    assert "<h2>Fees</h2>" in out and '<a href="#x">¶</a>' in out and '<a href="/fees">#</a>' in out
    assert '<h3><a href="#sec-2">Section 2</a>  tail</h3>' in out and '<dt id="t">Wheel</dt>' in out
