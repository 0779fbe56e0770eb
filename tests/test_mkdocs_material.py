"""A documentation site built by MkDocs with the Material theme: what the audit keeps of its pages.

Two pages of Starlette's documentation as `benchmarks/sites/build.py --sites starlette` builds them (MkDocs 1.6.1,
mkdocs-material 9.6.15; tests/fixtures/mkdocs/, source and licence in tests/fixtures/README.md). The Test Client page
(verbatim) has the theme's whole frame (header with the site name and search box, the left navigation, the
right-hand table of contents, the footer), admonitions and the API reference mkdocstrings renders. The release notes
(the frame verbatim, the article and its tables of contents trimmed to the releases since 0.41.2) are a changelog:
under each release, "Added" / "Changed" / "Fixed" over a list of entries, each ending in its pull request's number,
a short link, which is why the extractor dropped some of those lists (`audit.ingest.headedlists`).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from audit.ingest.headedlists import empty_sections, headed_lists
from audit.ingest.htmltext import prepare_tree

from .labelled import labelled_page

FIXTURES = Path(__file__).parent / "fixtures" / "mkdocs"
TESTCLIENT = FIXTURES / "starlette-testclient.html"
RELEASES = FIXTURES / "starlette-release-notes.html"


def _blocks(path: Path):
    return labelled_page(path, 25)  # (the starlette site: 25 pages)


def test_a_material_page_keeps_its_article_and_none_of_the_theme_frame():
    blocks, page = _blocks(TESTCLIENT)
    assert page.title == "Test Client"
    texts = [b.text for b in blocks]
    assert texts[0] == "Test Client" and blocks[0].kind == "heading"
    # the theme's frame: navigation labels, the table of contents' title, search, footer — none of it is a block
    frame = ("Table of contents", "Type to start searching", "Made with", "Material for MkDocs", "Skip to content",
             "Third Party Packages", "Release Notes", "Sponsorship")
    assert not [t for t in texts if t.startswith(frame)]
    # admonitions keep their title over their text ("Note", twice on this page)
    notes = [i for i, t in enumerate(texts) if t == "Note"]
    assert len(notes) == 2 and texts[notes[1] + 1].startswith("The params argument is not supported by websocket_connect.")
    # the API reference's signature (mkdocstrings) is code; the page's own list of websocket methods is list items
    assert blocks[3].kind == "code" and blocks[3].text.startswith("TestClient(")
    assert sum(b.kind == "list_item" for b in blocks) == 8
    assert Counter(b.kind for b in blocks) == {"paragraph": 29, "heading": 13, "code": 10, "list_item": 8}
    assert all(b.label == "body" for b in blocks)


def _extraction(path: Path) -> tuple[object, list[str]]:
    html = path.read_text(encoding="utf-8")
    tree = trafilatura.load_html(html)
    prepare_tree(html, tree)
    text = trafilatura.extract(tree, output_format="markdown", include_formatting=True, include_comments=False,
                               include_tables=True, include_images=False, favor_recall=True)
    return tree, text.split("\n")


def test_a_changelogs_entries_the_extractor_dropped_are_put_back_under_their_heading():
    tree, lines = _extraction(RELEASES)
    # the extractor's Markdown: headings with nothing under them, a release's over its first section heading, and
    # "#### Fixed" of 0.47.1 over the next release, its entries dropped
    empty = [lines[i] for i in empty_sections(lines)]
    assert len(empty) == 19 and empty[:5] == ["# Release Notes", "## 0.47.3 (August 24, 2025)",
                                              "## 0.47.2 (July 20, 2025)", "## 0.47.1 (June 21, 2025)", "#### Fixed"]
    out = headed_lists(tree, lines)
    added = [line for line in out if line not in lines]
    assert added == ["- Use `Self` in `TestClient.__enter__` #2951.",
                     "- Allow async exception handlers to type-check #2949.",
                     "- Add `client` parameter to `TestClient` #2810.",
                     "- Add `max_part_size` parameter to `Request.form()` #2815."]
    # each right under its own heading: 0.47.1's "Fixed", 0.44.0's "Added" (not the first "Fixed" / "Added")
    at = out.index(added[0])
    assert [line for line in out[at - 4:at] if line] == ["## 0.47.1 (June 21, 2025)", "#### Fixed"]
    at = out.index(added[2])
    assert [line for line in out[at - 4:at] if line] == ["## 0.44.0 (December 28, 2024)", "#### Added"]

    # through the loader: the entries are list items of the page's body, inline code kept as code
    blocks, _ = _blocks(RELEASES)
    entry = next(i for i, b in enumerate(blocks) if b.text.startswith("Use Self in TestClient"))
    assert blocks[entry].text == "Use Self in TestClient.__enter__ #2951."
    assert (blocks[entry].kind, blocks[entry].label) == ("list_item", "body")
    assert blocks[entry - 1].text == "Fixed" and blocks[entry - 2].text == "0.47.1 (June 21, 2025)"
    assert any(b.text == "Add max_part_size parameter to Request.form() #2815." for b in blocks)


def test_a_list_of_links_under_an_empty_heading_stays_out():
    # the same page with every entry written as one link (a menu of labels: no words of the item's own outside
    # its link): the extractor drops those lists too, and they stay out
    root = lxml_html.fromstring(RELEASES.read_bytes())
    for li in root.xpath("//article//li"):
        text = " ".join(li.text_content().split())
        for child in list(li):
            li.remove(child)
        li.text = None
        link = lxml_html.Element("a", href="#")
        link.text = text
        li.append(link)
    html = lxml_html.tostring(root, encoding="unicode")
    tree = trafilatura.load_html(html)
    prepare_tree(html, tree)
    lines = trafilatura.extract(tree, output_format="markdown", include_formatting=True, include_comments=False,
                                include_tables=True, include_images=False, favor_recall=True).split("\n")
    assert empty_sections(lines)
    assert headed_lists(tree, lines) == lines


def test_a_comment_line_in_a_code_block_is_no_heading():
    # the Test Client page's last example opens with three comment lines ("# if you're using pytest, ...", "#
    # @pytest.mark.anyio ...", "# or install and configure pytest-asyncio ..."): inside the code block they are code,
    # not three empty sections
    tree, lines = _extraction(TESTCLIENT)
    assert "# @pytest.mark.anyio  # using https://github.com/agronholm/anyio" in lines
    assert [lines[i] for i in empty_sections(lines)] == ["# Test Client", "## API Reference"]
    assert headed_lists(tree, lines) == lines


def test_the_entry_words_are_the_load_setting():
    """`[load] headed_list_min_words` (stop 36: a tunable in the settings, not a fixed default): at 2 the release
    notes' dropped entries come back through the loader; asked for more words outside the links than the entries
    hold ("Allow async exception handlers to type-check #2949." has 6), they stay out."""
    from audit.config import Settings
    from audit.ingest.load import load_page
    from audit.ingest.sources import Source

    def entries(settings) -> list[str]:
        page = load_page(Source(RELEASES, RELEASES.stem, RELEASES.name), settings.load)
        return [line for line in page.lines if line.endswith(("#2951.", "#2949.", "#2810.", "#2815."))]

    assert Settings().load.headed_list_min_words == 2
    assert entries(Settings()) == ["- Use Self in TestClient.__enter__ #2951.",
                                   "- Allow async exception handlers to type-check #2949.",
                                   "- Add client parameter to TestClient #2810.",
                                   "- Add max_part_size parameter to Request.form() #2815."]
    assert entries(Settings().replace(load={"headed_list_min_words": 20})) == []
