"""Issue 13 (i13b): the page's visible text when the extractor finds (almost) nothing, and HTML fragments.

Real cases from the HealthCare.gov build (`benchmarks/sites`): a glossary stub whose whole text is "See <a>Health
Plan Categories</a>", which the extractor's fallback split into "See" / "Health Plan Categories" among menu labels;
a question page that is an HTML fragment (a `<ul>` include) of which the extractor kept the first item only.
"""
from __future__ import annotations

from pathlib import Path

from audit.ingest.htmltext import visible_lines
from audit.ingest.load import Source, load_page
from audit.config import Settings

FRAME = """<div role="navigation"><a href="/">Home</a> <a href="/learn">Learn</a></div>
<div class="site-header"><a href="/">Get Insurance</a></div>
<div id="sidebar-menu"><ul><li>Topics</li></ul></div>
<div class="page-footer">Privacy Policy | Accessibility</div>"""


def _page(tmp_path, name: str, html: str):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return load_page(Source(path=path, page_id=path.stem, display=name), Settings().load)


def test_visible_text_leaves_out_the_frame_by_role_and_class_and_keeps_links_in_their_line():
    lines = [l for l in visible_lines(f"<html><body>{FRAME}<div class='main-content'><h2>Bronze Health Plan</h2>"
                                      "<p>See <a href='/x'>Health Plan Categories</a></p></div></body></html>") if l]
    assert lines == ["## Bronze Health Plan", "See Health Plan Categories"]


def test_a_page_whose_only_text_is_a_cross_reference_keeps_it_on_one_line(tmp_path):
    page = _page(tmp_path, "bronze.html", f"<html><head><title>Bronze</title></head><body>{FRAME}"
                 "<div class='content'><p>See <a href='/x'>Health Plan Categories</a></p></div>"
                 "<div class='popup'>Take Our Survey!</div></body></html>")
    assert page.status == "ok"
    assert "See Health Plan Categories" in page.lines
    assert not any(l.strip() in ("See", "Health Plan Categories", "Home", "Privacy Policy | Accessibility")
                   for l in page.lines)


def test_an_html_fragment_keeps_all_of_its_text():
    path = Path(__file__).parent / "fixtures" / "real_sites" / "healthcare_fragment" / "questions__families-with-children.html"
    page = load_page(Source(path=path, page_id=path.stem, display=path.name), Settings().load)
    assert page.status == "ok"
    lines = [l for l in page.lines if l.strip()]
    assert len(lines) == 4 and all(l.startswith("- ") for l in lines)
    assert lines[0].startswith("- New coverage options: You may be able to cover your child, teen, or young adult")
    assert lines[-1].startswith("- Get the latest information: Sign up for email or text updates")
