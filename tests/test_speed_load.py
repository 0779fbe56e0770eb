"""The load stage's cheaper paths (issue 14) give what the paths they replace gave.

* `htmltext.title_and_url`: a page's title and URL as `trafilatura.extract_metadata` finds them, without its
  author, date, site-name, tag and licence searches — on every real HTML page of the fixtures and on the ways a
  page states its title and URL (meta tags, OpenGraph, JSON-LD, canonical links, entities).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura import extract_metadata

from audit.config import Settings
from audit.ingest.htmltext import title_and_url
from audit.ingest.load import Source, load_page

FIXTURES = Path(__file__).parent / "fixtures"
REAL_HTML = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".html", ".htm"))


def _reference(html: str) -> tuple[str, str]:
    meta = extract_metadata(html)
    return (meta.title or "").strip(), (meta.url or "").strip()


def test_real_pages_are_there():
    assert len(REAL_HTML) >= 19


@pytest.mark.parametrize("path", REAL_HTML, ids=lambda p: p.name)
def test_title_and_url_as_extract_metadata_on_real_pages(path):
    html = path.read_text(encoding="utf-8")
    assert title_and_url(html) == _reference(html)


def test_real_titles():
    journal = (FIXTURES / "real_sites/journal/24_0229_excerpt.html").read_text(encoding="utf-8")
    assert title_and_url(journal) == ("Telemedicine Use Among Adults With and Without Diagnosed Prediabetes or "
                                      "Diabetes, National Health Interview Survey, United States, 2021 and 2022", "")
    page = load_page(Source(FIXTURES / "site/pcd/issues/2024/24_0332.htm", "24_0332", "24_0332.htm"),
                     Settings().load)
    assert page.status == "ok"
    assert page.title == "Mapping Geographic Access to Illinois Birthing Hospitals, 2016–2023"


_HEAD_BODY = "<p>{}</p>".format(" ".join(["Real sentences of an article about health plans and their costs."] * 8))
STATED = {
    "og": '<meta property="og:title" content="Open &amp; Graph  title"><meta property="og:url" '
          'content="https://example.org/a/page">',
    "canonical": '<title>Plans | Example Site</title><link rel="canonical" href="https://example.org/plans/">',
    "relative canonical": '<meta name="twitter:site" content="x"><meta property="og:image" '
                          'content="https://cdn.example.org/i.png"><link rel="canonical" href="/relative/path">',
    "json-ld": '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article", '
               '"headline": "Headline from JSON-LD", "url": "https://example.org/json", '
               '"author": {"@type": "Person", "name": "Ann Example"}}</script>',
    "broken json-ld": '<script type="application/ld+json">{"headline": "Half a JSON", </script>',
    "meta name": '<meta name="title" content="  A title\n with a line break "><meta name="author" content="Solo">',
    "h1 only": "",
    "nothing": "",
}


@pytest.mark.parametrize("case", sorted(STATED))
def test_title_and_url_as_extract_metadata_on_stated_titles(case):
    body = {"h1 only": "<h1>The only heading</h1>", "nothing": ""}.get(case, "<h1>One</h1><h1>Two</h1>")
    html = f"<html><head>{STATED[case]}</head><body>{body}{_HEAD_BODY}</body></html>"
    assert title_and_url(html) == _reference(html)
    if case == "json-ld":
        assert title_and_url(html)[0] == "Headline from JSON-LD"  # (JSON-LD over the h1s)
