"""The load stage's shorter paths (issue 14, stop 21) give what the paths they replace gave, on real pages.

* An HTML page is parsed once, by trafilatura's parser, and prepared in place (`htmltext.prepare_tree`): the
  extractor and the title read that tree, where they read `prepare(html)` as a string before (each parsing it).
* `guard.html_depth_exceeds` finds the tags `guard._TAG_RE` finds, with the same self-closing verdict.
* `segment_lines` calls a line "text" without `_classify` (`segment._plain_text`) only where `_classify` says so.
* The light results carry each page's distinct block hashes as bytes (`chunks.distinct_hashes`).
"""
from __future__ import annotations

import dataclasses

from array import array
from pathlib import Path

import pytest
import trafilatura

from audit.config import Settings
from audit.engine import chunks
from audit.engine.guard import _TAG_ATTRS_RE, _TAG_RE, flatten_deep_html, html_depth_exceeds
from audit.engine.pipeline import load_and_segment
from audit.ingest.htmltext import prepare, prepare_tree, title_and_url
from audit.ingest.load import discover, load_page
from audit.ingest.segment import _classify, _plain_text

FIXTURES = Path(__file__).parent / "fixtures"
REAL_HTML = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".html", ".htm"))
EXTRACT = dict(output_format="markdown", include_formatting=True, include_comments=False, include_tables=True,
               include_images=False, favor_recall=True)

# Pages written to probe the parsers' edges: fragments, an XML declaration (lxml refuses a str declaring its
# encoding), a comment between an intro and its list, hidden elements, table notes, a page with no body.
EDGES = {
    "fragment": "<p>One answer.</p>",
    "two fragments": "<p>One answer.</p><p>Another answer, longer than the first.</p>",
    "xml declaration": '<?xml version="1.0" encoding="utf-8"?><html><body><p>' + "Words of a page. " * 20
                       + "</p></body></html>",
    "xml declaration, hidden": '<?xml version="1.0" encoding="utf-8"?><html><body><div class="hidden">Hidden '
                               'words.</div><p>' + "Words of a page. " * 20 + "</p></body></html>",
    "comment and list": "<html><body><p>" + "A sentence of the article itself. " * 6 + "</p><p>Read these "
                        "resources that we used to write this guide:</p><!-- links --><ul><li><a href='/a'>One</a>"
                        "</li><li><a href='/b'>Two</a></li></ul></body></html>",
    "hidden": "<html><head><title>T</title></head><body><div class='sr-only'>Skip</div><div style='display:none'>"
              "Gone</div><main><p>" + "Visible text of the article. " * 10 + "</p><p hidden>Hidden.</p></main>"
              "</body></html>",
    "table notes": "<html><body><p>" + "A sentence before the table. " * 8 + "</p><table><tr><td>1</td><td>2</td>"
                   "</tr></table><p class='caption'>a Weighted percentages.</p></body></html>",
    "head only": "<html><head><title>Only a title</title></head></html>",
    "broken": "<html><body><div><p>Unclosed <b>bold " + "text of a sentence. " * 10 + "</div></html>",
}


def _before(html: str):
    """The path this replaces: `prepare(html)` as a string, parsed by the extractor and again for the title."""
    html = prepare(html)
    return trafilatura.extract(html, **EXTRACT), title_and_url(html)


def _now(html: str):
    tree = None if html[:100].lstrip().lower().startswith("<?xml") else trafilatura.load_html(html)
    if tree is None:
        return _before(html)
    prepare_tree(html, tree)
    return trafilatura.extract(tree, **EXTRACT), title_and_url(tree)


def test_real_pages_are_there():
    assert len(REAL_HTML) >= 19


@pytest.mark.parametrize("path", REAL_HTML, ids=lambda p: p.name)
def test_one_parse_as_the_prepared_string_on_real_pages(path):
    html = path.read_text(encoding="utf-8")
    text, title = _now(html)
    assert (text, title) == _before(html)
    if "<body" in html:  # (a whole page: a real extraction, not two empty ones)
        assert text and len(text.split()) > 20


@pytest.mark.parametrize("case", sorted(EDGES))
def test_one_parse_as_the_prepared_string_on_edges(case, tmp_path):
    html = EDGES[case]
    assert _now(html) == _before(html)
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    page = load_page(*discover([tmp_path / "p.html"], Settings().load)[0], Settings().load)
    if case == "xml declaration, hidden":  # (its parser refuses it: `prepare` leaves it as it is, as before)
        assert prepare(html) is html and any("Hidden words" in line for line in page.lines)
    if case == "comment and list":  # the intro's list after a comment: not put back, as before (a comment is no list)
        assert page.status == "ok" and not any(line.startswith("- ") for line in page.lines)


def test_real_page_prepared_in_place():
    """A real CDC page: its screen-reader labels leave the tree, its table notes are renamed, title as before."""
    html = (FIXTURES / "real_sites/journal/24_0229_excerpt.html").read_text(encoding="utf-8")
    tree = trafilatura.load_html(html)
    before = len(tree.xpath("//*"))
    prepare_tree(html, tree)
    assert len(tree.xpath("//*")) <= before
    assert title_and_url(tree)[0].startswith("Telemedicine Use Among Adults")


@pytest.mark.parametrize("path", REAL_HTML, ids=lambda p: p.name)
def test_depth_tags_as_the_tag_pattern(path):
    html = path.read_text(encoding="utf-8")
    want = [(m.start(), m.end(), m.group(1), m.group(2), m.group(3)) for m in _TAG_RE.finditer(html)]
    got = [(m.start(), m.end(), m.group(1), m.group(2), "/" if m.group(3).endswith("/") else "")
           for m in _TAG_ATTRS_RE.finditer(html)]
    assert got == want and len(got) > 1


@pytest.mark.parametrize("html", ["<br/>", "<a-/>", "<br- >", "<a href=x/>", "<a href='/'>", "</a/>", "<p>x</p>",
                                  "<img src=a.png />", "<x:y/>", "<a\n/>", "< a>", "<a"])
def test_depth_tags_as_the_tag_pattern_on_edges(html):
    want = [(m.span(), m.group(1), m.group(2), m.group(3)) for m in _TAG_RE.finditer(html)]
    got = [(m.span(), m.group(1), m.group(2), "/" if m.group(3).endswith("/") else "")
           for m in _TAG_ATTRS_RE.finditer(html)]
    assert got == want


def test_depth_exceeds():
    deep = "<div>" * 201 + "text" + "</div>" * 201
    assert html_depth_exceeds(deep) and not html_depth_exceeds("<div>" * 200 + "</div>" * 200)
    assert not html_depth_exceeds("<br/>" * 500 + "<img src=x>" * 500 + "<p/>" * 500)
    assert not html_depth_exceeds(flatten_deep_html(deep))
    assert sum(len(_TAG_RE.findall(p.read_text(encoding="utf-8"))) for p in REAL_HTML) > 5000  # (real tags)
    for path in REAL_HTML:
        assert not html_depth_exceeds(path.read_text(encoding="utf-8"))


def _real_lines() -> list[str]:
    settings = Settings()
    lines = []
    for folder in (FIXTURES, Path(__file__).parents[1] / "corpus"):
        sources, _ = discover([folder], settings.load)
        for src in sources:
            page = load_page(src, settings.load)
            lines.extend(page.lines)
    return lines


def test_plain_text_lines_as_classify():
    lines = _real_lines()
    edges = ["a) item", "A) item", "ab) x", "> quoted", ">> twice", "word|cell|cell", "a\tb\tc", "Über alles",
             "Über\u00a0alles", "\ufeffText", "é) x", "x", ">", "Text # not a heading", "Z)", " indented",
             "    Indented four", "  > quoted", "  a) item", "   - item", "   # Heading", "  1. item", "   ```js", "  a#b",
             "   ---", "  Ünder", " a)", " ab) x", "  word | cell"]
    plain = [line for line in lines + edges if line and _plain_text(line)]
    assert len(plain) > 300
    for line in plain:
        assert _classify(line) == ("text", line, 0), line
    assert not any(_plain_text(x) for x in ("a) item", "word|cell|cell", "a\tb", "Über\u00a0alles", "- item",
                                            "# Heading", "1. item", "  a) item", "   - item", "   # Heading",
                                            "  1. item", "   ```js", "   ---", " a)", "  word | cell", "   "))
    assert all(_plain_text(x) for x in (" indented", "    Indented four", "  > quoted", "  a#b", " ab) x"))


def test_distinct_hashes_of_real_pages():
    settings = Settings()
    sources, _ = discover([FIXTURES / "real_sites"], settings.load)
    ok = [r for r in (load_and_segment(s, settings) for s in sources) if r.page.status == "ok"]
    assert len(ok) >= 15
    for r in ok:
        hashes = array("Q", r.keys)
        assert len(hashes) == len(r.blocks)
        # `block_hashes` (the digests joined): each block's `key_hash`, 0 without a key
        assert list(hashes) == [chunks.key_hash(b.key) if b.key else 0 for b in r.blocks]
        assert sorted(array("Q", chunks.distinct_hashes(r.keys))) == sorted(set(hashes) - {0})
    counts = chunks.HashCounts.of([chunks.distinct_hashes(r.keys) for r in ok])
    assert int(counts.counts.sum()) == sum(len(set(array("Q", r.keys)) - {0}) for r in ok)
    assert chunks.HashCounts.of([]).hashes.size == 0


def test_hidden_elements_as_every_element_read():
    """`prepare` asks `_hidden` only of the elements with an attribute it reads: the same elements, in order."""
    from lxml import html as lxml_html

    from audit.ingest.htmltext import _hidden

    found = 0
    for path in REAL_HTML + [None]:
        root = lxml_html.fromstring(EDGES["hidden"] if path is None else path.read_text(encoding="utf-8"))
        every = [el for el in root.iter() if isinstance(el.tag, str)
                 and el.tag.lower() not in ("html", "body", "head") and _hidden(el)]
        some = [el for el in root.xpath("descendant-or-self::*[@hidden or @aria-hidden or @class or @style]")
                if el.tag.lower() not in ("html", "body", "head") and _hidden(el)]
        assert some == every
        found += len(every)
    assert found >= 20


def test_load_chunk_sends_back_loaded_pages(tmp_path):
    """A chunk of real pages (and one the loader skips): each comes back as one small `Loaded` (pickled as the pool
    sends it) with the page's distinct hashes and copy key; its full result is in the store."""
    import pickle

    from audit.engine.pipeline import _guarded_load

    settings = Settings()
    (tmp_path / "empty.txt").write_bytes(b"")
    sources = discover([FIXTURES / "real_sites" / "healthcare"], settings.load)[0]
    sources += discover([tmp_path / "empty.txt"], settings.load)[0]
    light = pickle.loads(pickle.dumps(chunks.load_chunk(_guarded_load, settings, str(tmp_path), 0, sources)))
    assert [type(r) for r in light] == [chunks.Loaded] * len(sources) and len(sources) >= 6
    with open(tmp_path / "000000.load.pkl", "rb") as fh:
        stored = pickle.load(fh)  # (block hashes, the page's pickle) per page
    full = [pickle.loads(b) for _, b in stored]
    for r, f, (keys, _), src in zip(light, full, stored, sources):
        assert (r.page.page_id, r.page.status) == (f.page.page_id, f.page.status) == (src.page_id, f.page.status)
        assert r.copy_key == f.copy_key and f.keys == b""  # (the hashes beside the pickle, not in it)
        if f.page.status == "ok":
            assert keys == chunks.block_hashes(f.blocks) and len(keys) == 8 * len(f.blocks)
            assert r.keys == chunks.distinct_hashes(keys) and len(r.keys) >= 8
        else:
            assert r.keys == b"" and f.page.reason == "empty file"
    ok = [r for r in light if r.page.status == "ok"]
    # (sent back and kept as columns, `chunks.LoadedChunk`: a `Loaded` made per page when read)
    assert type(light) is chunks.LoadedChunk and light[-1].page_id == sources[-1].page_id and len(light[1:3]) == 2
    audited = chunks.LoadedChunk.audited([light, light])
    assert [pickle.dumps(r) for r in audited] == [pickle.dumps(r) for r in ok + ok]
    stripped = chunks.strip(str(tmp_path), ok, settings)
    (tmp_path / "columns").mkdir()
    assert chunks.strip(str(tmp_path / "columns"), chunks.LoadedChunk.audited([light]), settings) == \
        dataclasses.replace(stripped, store=str(tmp_path / "columns"))
    for name in ("hashes", "raw", "distinct"):
        assert (tmp_path / "columns" / f"strip.{name}.npy").read_bytes() == (tmp_path / f"strip.{name}.npy").read_bytes()
    counts, _ = stripped.counts()
    assert stripped.n_raw == len(ok) == len(sources) - 1 and counts.counts.max() >= 2  # (the site frame repeats)


def test_a_load_task_carries_its_sources_as_columns(tmp_path, monkeypatch):
    """A load task's sources (`chunks.SourceColumns`: a list per field, paths as text) come back, pickled as the pool
    sends them, as the `Source`s they were, relative paths made absolute as `Path.absolute` makes them; a chunk
    loaded from them gives the pages the `Source`s give."""
    import pickle
    from dataclasses import replace

    from audit.engine.pipeline import _guarded_load

    settings = Settings()
    sources = discover([FIXTURES / "real_sites" / "healthcare"], settings.load)[0]
    sources.append(replace(sources[0], path=Path("relative/page.html"), url="https://example.org/x", record=7,
                           charset="latin-1", size=12))
    packed = pickle.loads(pickle.dumps(chunks.SourceColumns(sources), protocol=pickle.HIGHEST_PROTOCOL))
    assert len(packed) == len(sources) and list(packed) == sources
    monkeypatch.chdir(tmp_path)
    absolute = list(pickle.loads(pickle.dumps(chunks.SourceColumns(sources, absolute=True))))
    assert absolute == [replace(s, path=s.path.absolute()) for s in sources]
    assert absolute[-1].path == tmp_path / "relative/page.html" and absolute[0].path == sources[0].path.absolute()
    monkeypatch.undo()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    got = chunks.load_chunk(_guarded_load, settings, str(tmp_path / "a"), 0, chunks.SourceColumns(sources[:-1]))
    want = chunks.load_chunk(_guarded_load, settings, str(tmp_path / "b"), 0, sources[:-1])
    assert [pickle.dumps(r) for r in got] == [pickle.dumps(r) for r in want]
    stored = []
    for name in ("a", "b"):
        with open(tmp_path / name / "000000.load.pkl", "rb") as fh:
            pages = [(keys, pickle.loads(data)) for keys, data in pickle.load(fh)]
        for _, r in pages:
            r.spent = 0.0  # (the page's time so far: the clock's)
        stored.append([(keys, pickle.dumps(r)) for keys, r in pages])
    assert stored[0] == stored[1] and len(stored[0]) == len(sources) - 1
