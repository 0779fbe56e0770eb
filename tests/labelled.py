"""One page of a site, loaded (`loaded_page`), or loaded, segmented and labelled as `audit run` labels it
(`labelled_page`): shared by the tests of the loader and the template rules on real pages."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from audit.config import Settings
from audit.ingest.load import load_page
from audit.ingest.segment import Block, segment_lines
from audit.ingest.sources import Source
from audit.ingest.template import label_page, repeat_threshold


def loaded_page(path: Path):
    """The page as `audit run` loads it with default settings (asserted `ok`)."""
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert page.status == "ok", page.reason
    return page


def labelled_page(path: Path, n_pages: int, html: bool | None = None,
                  extra: list[Block] | None = None) -> tuple[list[Block], object]:
    """The page's blocks (and `extra` blocks after them) labelled in a site of `n_pages` pages where every block is
    the page's own, and the page (`html`: as the loader says, unless given)."""
    settings = Settings()
    page = load_page(Source(path, path.stem, path.name), settings.load)
    assert page.status == "ok", page.reason
    blocks = segment_lines(page.lines, settings.segment, page.markdown, page.commonmark) + list(extra or [])
    label_page(blocks, Counter({b.key: 1 for b in blocks}), repeat_threshold(n_pages, settings.boilerplate), n_pages,
               settings.boilerplate, title=page.title, html=page.html if html is None else html,
               link_labels=page.link_labels, tab_labels=page.tab_labels)
    return blocks, page
