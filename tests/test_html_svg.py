"""A hidden `svg` is left for the extractor: it is a drawing, never text, and the extractor drops it itself.

Every page of a Furo site (the Python Packaging User Guide, built by Sphinx: tests/fixtures/sphinx/, source and
licence in tests/fixtures/README.md) opens its body with the theme's icon sprite, `<svg style="display: none">`.
The hidden-element rule removed it before extraction, and on a page of a few lines trafilatura's recall fallback then
returned the article twice, "Back to top" between the copies, without the page's list of child pages (the
specifications' index: 8 of its 35 lines). Left in place, the page reads as its readers see it."""
from __future__ import annotations

from pathlib import Path

import trafilatura

from audit.config import Settings
from audit.ingest.htmltext import prepare_tree
from audit.ingest.load import load_page
from audit.ingest.sources import Source

PAGE = Path(__file__).parent / "fixtures" / "sphinx" / "pypug-specifications-index.html"
CHILDREN = ["Names and normalization", "Core metadata specifications", "Version specifiers", "Dependency specifiers",
            "pyproject.toml specification", "Dependency Groups", "Inline script metadata", "Platform compatibility tags",
            "Well-known Project URLs in Metadata", "glob patterns", "License Expression", "Recording installed projects",
            "Entry points specification", "Recording the Direct URL Origin of installed distributions",
            "Direct URL Data Structure", "Python Virtual Environments", "Externally Managed Environments",
            "Source distribution format", "Binary distribution format", "The .pypirc file", "Simple repository API",
            "File Yanking", "Index hosted attestations", "Project Status Markers", "build-details.json",
            "pylock.toml Specification", "PyPA schemas"]


def test_the_hidden_svg_sprite_stays_and_other_hidden_elements_go():
    html = PAGE.read_text(encoding="utf-8")
    tree = trafilatura.load_html(html)
    sprite = next(tree.iter("svg"))
    assert sprite.get("style") == "display: none;" and sprite.getparent().tag == "body"
    hidden_labels = len(tree.xpath('//*[@class="visually-hidden"]'))
    assert hidden_labels > 0
    prepare_tree(html, tree)
    assert sprite.getparent() is not None  # left for the extractor
    assert tree.xpath('//*[@class="visually-hidden"]') == []  # ("Toggle site navigation sidebar" ...: gone)


def test_a_short_sphinx_index_page_is_read_once_with_its_child_pages():
    page = load_page(Source(PAGE, PAGE.stem, PAGE.name), Settings().load)
    assert page.status == "ok", page.reason
    lines = [line for line in page.lines if line.strip()]
    assert lines.count("# PyPA specifications") == 1
    assert sum(line.startswith("This is a list of currently active interoperability") for line in lines) == 1
    assert [line[2:] for line in lines if line.startswith("- ")] == CHILDREN
