"""The theme's title slot: a page's own title shown in a banner above the article, which the extractor drops.

Many themes show the page's title as an `h1` in a banner (a "hero") above the article's container
(`<div class="hero"><div class="container"><h1>About Let's Encrypt</h1></div></div>`); the extractor keeps the
container and drops the banner, so the article loses its own heading. One page alone does not say whether such an
`h1` is the article's title or chrome (a single news page's headline is not in every benchmark's article text), so
the decision rests on cross-page evidence, the site's own:

* per page (`page_h1s`, in the load step): where each `h1` of the page sits (its element path: tag and classes of
  each ancestor, the `html` and `body` classes left out, which name the page in many themes) and whether it shows
  the page's own title (its `<title>` or a part of it, `template.title_keys`); and the first such `h1` the
  extraction dropped (no extracted heading holds its words, no line is just them), and which extracted lines the
  page shows before it;
* over the corpus (`title_slots`, in the strip step): a path is the theme's title slot when its `h1` shows the
  page's own title on more than `title_slot_min_share` of the audited pages (and on 2 at least: a lone page has
  no site), on most of the pages that have it, and with texts that differ from page to page (a site name in a logo's
  `h1` matches a part of every title, but it is the same text on every page: chrome);
* per page again (`put_back`, in the analyse step, before labelling): a page whose dropped `h1` sits in a title slot
  gets it back as a heading where the page shows it (first, unless the extractor kept lines from above it, such
  as a banner's "An official website of the United States government"), which the labelling then judges as any
  other block.

A corpus of single pages from different sites (a benchmark of news pages) has no path shared by a tenth of its
pages: nothing is put back there.
"""
from __future__ import annotations

import hashlib
from array import array

from audit.ingest.segment import Block
from audit.ingest.template import title_keys, title_words


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") or 1


def slot_path(el) -> str:
    """`el`'s element path: tag and sorted classes of it and each ancestor, root first (`html` and `body` without
    their classes)."""
    parts = []
    for node in (el, *el.iterancestors()):
        if isinstance(node.tag, str):
            tag = node.tag.lower()
            classes = "" if tag in ("html", "body") else ".".join(sorted((node.get("class") or "").split()))
            parts.append(f"{tag}.{classes}" if classes else tag)
    return ">".join(reversed(parts))


def page_h1s(root, title: str, lines: list[str]) -> tuple[bytes, tuple]:
    """(each `h1` of the page `root` with text, as two 64-bit hashes, the bytes of a uint64 array (no object per h1
    for the main process to keep until the strip step): its `slot_path`'s, and its words' when they show the page's
    `title`, else 0; the first `h1` showing the title that no line of `lines`, the extraction, holds, as (its path
    hash, its text, `shown_after(h1, lines)`), or () for none)."""
    keys = title_keys(title)
    found = array("Q")
    dropped: tuple = ()
    for h1 in root.iter("h1"):
        shown = " ".join(h1.text_content().split())
        if not shown:
            continue
        path = _hash(slot_path(h1))
        words = title_words(shown)
        own = words in keys
        found.extend((path, _hash(words) if own else 0))
        if own and not dropped and not _holds(lines, words):
            dropped = (path, shown, shown_after(h1, lines))
    return found.tobytes(), dropped


def _holds(lines: list[str], words: str) -> bool:
    """The extraction `lines` holds the title `words` (`title_words`): a heading that holds them (a title the
    extractor kept, "# About Let's Encrypt", or one with more words, "# FAQ: General Questions"), or a line of exactly
    those words. A sentence that uses them ("Let's Encrypt provides rate limits to ensure ..." on the page "Rate
    Limits") is not the title."""
    target = f" {words} "
    return any(target in f" {title_words(line)} " for line in lines if line.startswith("#")) \
        or any(title_words(line) == words for line in lines if not line.startswith("#"))


def shown_after(el, lines: list[str]) -> int:
    """The index in `lines` (an extraction of the page holding `el`) of the first line with text the page does not
    show before `el`: the extraction's leading lines whose words all come before `el` in the document (the page's
    banner, kept by the extractor above its title) stay before it."""
    before = f" {title_words(' '.join(el.xpath('preceding::text()[not(ancestor::script or ancestor::style)]')))} "
    for i, line in enumerate(lines):
        if line.strip() and f" {title_words(line)} " not in before:
            return i
    return len(lines)


def title_slots(pages_h1s, n_pages: int, min_share: float) -> frozenset[int]:
    """The path hashes of the corpus's title slots (see module doc) from each audited page's `page_h1s` evidence
    (`pages_h1s`, its bytes a page) over `n_pages` audited pages."""
    having: dict[int, int] = {}
    showing: dict[int, int] = {}
    texts: dict[int, set[int]] = {}
    for data in pages_h1s:
        if not data:
            continue
        flat = array("Q", data)
        h1s = list(zip(flat[::2], flat[1::2]))
        for path in {p for p, _ in h1s}:
            having[path] = having.get(path, 0) + 1
        for path in {p for p, t in h1s if t}:
            showing[path] = showing.get(path, 0) + 1
        for path, text in h1s:
            if text:
                texts.setdefault(path, set()).add(text)
    return frozenset(p for p, n in showing.items()
                     if n >= 2 and n > min_share * n_pages and 2 * n > having[p] and 2 * len(texts[p]) > n)


def put_back(blocks: list[Block], text: str, line: int) -> int:
    """`text`, the page's dropped title, put back into `blocks` (in place) as a heading where the page shows it: on
    line `line` + 1, before the blocks from that line on, which move one block and two lines down (as if the
    extraction had held "# text" and a blank line there; after a block that runs over that line). Returns the new
    block's index."""
    line = max([line, *(b.line_end for b in blocks if b.line_start <= line)])
    at = 0
    for b in blocks:
        if b.line_start > line:
            b.block += 1
            b.line_start += 2
            b.line_end += 2
        else:
            at += 1
    blocks.insert(at, Block(at, line + 1, line + 1, "heading", text))
    return at
