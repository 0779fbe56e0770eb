"""The load stage's cheaper paths (issue 14) give what the paths they replace gave.

* `htmltext.title_and_url`: a page's title and URL as `trafilatura.extract_metadata` finds them, without its
  author, date, site-name, tag and licence searches — on every real HTML page of the fixtures and on the ways a
  page states its title and URL (meta tags, OpenGraph, JSON-LD, canonical links, entities).
* block keys hashed once per block when the page is loaded (`chunks.block_hashes`): the corpus counts looked up
  by hash (`HashCounts.lookup`) are the counts of the normalised texts, and give the same labels.
* `discover` builds page ids and displays from strings: as pathlib's `relative_to` and `with_suffix("")`.
"""
from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from trafilatura import extract_metadata

from audit.config import Settings
from audit.engine import chunks
from audit.engine.pipeline import load_and_segment
from audit.engine.results import PageResult
from audit.ingest.htmltext import title_and_url
from audit.ingest.load import Source, discover, load_page
from audit.ingest.segment import Block
from audit.ingest.template import _repeated_in_page, block_keys, distinct_articles, label_page, note_copies

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


def test_hashed_counts_and_labels_as_from_the_texts(tmp_path):
    """Real pages (HealthCare.gov's frame around its articles, CDC's journal, Clough's copied answers): every block's
    counts from the hashes are the counts of its normalised text, and label it the same."""
    settings = Settings()
    sources, _ = discover([FIXTURES / "real_sites"], settings.load)
    ok = [r for r in (load_and_segment(s, settings) for s in sources) if r.page.status == "ok"]
    hashes = [np.frombuffer(r.keys, dtype=np.uint64) for r in ok]
    assert len(ok) >= 15 and all(len(h) == len(r.blocks) for h, r in zip(hashes, ok))
    light = [PageResult(r.page, keys=np.unique(h[h != 0]), copy_key=r.copy_key) for h, r in zip(hashes, ok)]
    stripped = chunks.strip(str(tmp_path), light, settings)
    counts, raw = stripped.counts()
    assert counts.hashes is raw.hashes and len(counts.counts) == len(raw.counts) == len(raw.hashes)
    want, want_raw = Counter(), Counter()
    for i in distinct_articles([r.copy_key for r in ok]):
        want.update(block_keys(ok[i].blocks))
    for r in ok:
        want_raw.update(block_keys(r.blocks))
    repeated = 0
    for r in ok:
        got = counts.lookup(r.keys)
        assert got == [want.get(b.key, 0) for b in r.blocks]
        assert raw.lookup(r.keys) == [want_raw.get(b.key, 0) for b in r.blocks]
        assert counts.lookup_with(raw, r.keys) == (got, raw.lookup(r.keys))  # (one search: the hashes are shared)
        assert [counts.get(b.key) for b in r.blocks] == got
        repeated += sum(n >= 2 for n in got)
        hashed, texts = r.blocks, copy.deepcopy(r.blocks)
        label_page(hashed, counts, stripped.threshold, stripped.n_ok, settings.boilerplate, r.patterns, repeats=got,
                   hashes=r.keys)
        note_copies(hashed, raw, stripped.n_raw, repeats=raw.lookup(r.keys))
        label_page(texts, want, stripped.threshold, stripped.n_ok, settings.boilerplate)
        note_copies(texts, want_raw, stripped.n_raw)
        assert [(b.label, b.reason) for b in hashed] == [(b.label, b.reason) for b in texts]
    assert repeated >= 20  # (the site frame's blocks: the counts are not all zero)


def test_blocks_repeated_in_a_page_found_through_their_hashes():
    """`label_page`'s "repeated within the page" compares only the blocks whose key hash another block of the page
    shares: the same blocks as comparing every block's text, on real pages (HealthCare.gov, CDC, copied answers) and
    on texts that differ only in whitespace (the same) or only in their digits (the same key, not the same text)."""
    settings = Settings()
    sources, _ = discover([FIXTURES / "real_sites", FIXTURES / "site"], settings.load)
    ok = [r for r in (load_and_segment(s, settings) for s in sources) if r.page.status == "ok"]
    assert len(ok) >= 20
    for r in ok:
        assert _repeated_in_page(r.blocks, r.keys) == _repeated_in_page(r.blocks)
    texts = ["The 2021 survey of adults.", "A line", "The  2021\tsurvey of adults.", "The 2022 survey of adults.",
             "...", "a line", "A line ", "...", "The 2021 survey of adults."]
    blocks = [Block(i, i + 1, i + 1, "paragraph", t) for i, t in enumerate(texts)]
    want = [-1, -1, 0, -1, -1, -1, 1, -1, 0]
    assert _repeated_in_page(blocks) == want
    assert _repeated_in_page(blocks, chunks.block_hashes(blocks)) == want


def test_discover_names_as_pathlib(tmp_path):
    names = ["x.txt", "a.b/c.d.md", "sub/t..txt", "sub/UP.TXT", "sub/deep/page.html", ".txt", "sub/.draft.md",
             "sub/e.txt.", "sub/noext", ".hidden/inside.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    for given in (tmp_path, tmp_path / "sub", Path(str(tmp_path) + "/")):
        sources, skipped = discover([given], Settings().load)
        files = sorted(p for p in Path(given).rglob("*") if p.is_file() and ".hidden" not in p.parts
                       and p.name.lower().endswith((".txt", ".md", ".markdown", ".html", ".htm")))
        want = sorted((p.relative_to(given).with_suffix("").as_posix(), p.relative_to(given).as_posix())
                      for p in files)
        got = sorted([(s.page_id, s.display) for s in sources] + [(p.page_id, p.source) for p in skipped])
        assert got == want
        assert all(s.path == Path(given) / s.display for s in sources)
    sources, skipped = discover([tmp_path], Settings().load)
    assert ("a.b/c.d", "a.b/c.d.md") in [(s.page_id, s.display) for s in sources]
    assert sorted(p.page_id for p in skipped) == [".txt", "sub/.draft"]
