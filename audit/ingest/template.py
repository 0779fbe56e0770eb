"""Strip site template across the corpus: label every block body or boilerplate, with the reason.

Three kinds of evidence, all order-independent (a page's labels depend on the set of pages, never their order):

1. repetition — a block whose normalised text occurs on at least `min_pages` pages (and `min_page_share` of them)
   is template outside the article span; inside it (any kind: paragraph, list intro, list item, heading) it is
   duplicated content, kept as body for the duplication report, unless it is *site-wide*: on more than
   `sitewide_share` of the pages of a corpus of at least `sitewide_min_pages` pages (a call to action or disclaimer
   between article paragraphs on every page), which stays template even inside the article. Outside it, blocks a
   few pages share (at most `copied_max_share` of them) are copied content, not frame, when they are prose, tables,
   references or list items; a heading that shows the page's own title (`Page.title`) is the page's, and a heading
   over text (or code) of the page's own is the article's structure (before the article: shared by a few pages;
   after it: not site-wide);
2. patterns — phone/fax numbers, addresses, opening hours, skip links, bylines, date lines, footer calls (config,
   extensible);
3. position — the article span runs from the first to the last *anchor* (a non-template paragraph of at least
   `anchor_min_words` words that ends a sentence); short non-sentence lines before or after it are template, but
   list items and the line introducing them (ending in ":"), or introducing a code block, are kept as body on either
   side of it, and so, on an HTML page (its extractor left the frame out), are the lines after it that no other page
   has, up to the first one outside a list that is only a link's label (`Page.link_labels`: related articles from
   there on) unless that link is the page's lone last line, and the lines before it that no other page has, links'
   labels aside (`ownlines`); a list of links after it is template (`linklists`). The span grows over adjacent
   paragraphs copied from a few other pages (not on every page of a small corpus, nor on half the pages of a larger
   one, nor site-wide), and a page whose every paragraph is copied is anchored by those paragraphs (site-wide ones
   excepted): copied article text is duplicated content, kept as body, never template. The labels of an HTML page's
   own tab sets are body wherever they sit (`tabsets`).
"""
from __future__ import annotations

import math
import sys
from array import array
from collections import Counter
from functools import lru_cache
from audit.config import BoilerplateSettings
from audit.ingest import _template
from audit.ingest.frame_patterns import NEED_BITS, _first_hit, _pattern_items, compiled_patterns  # noqa: F401
from audit.ingest.comments import COMMENTS_REASON, HEADING_REASON, comments_start
from audit.ingest.furniture import FRAME_REASON
from audit.ingest.fieldlines import lone_repeats
from audit.ingest.linklists import link_list_after
from audit.ingest.ownlines import own_heading_again, own_line_before, own_lines_end, title_keys, title_words
from audit.ingest.segment import NON_PROSE_KINDS, Block, count_words, ends_sentence, is_citation, normalise
from audit.ingest.tabsets import keep_tab_labels

BODY, TEMPLATE = "body", "boilerplate"


def repeat_threshold(n_pages: int, settings: BoilerplateSettings) -> int:
    return max(settings.min_pages, math.ceil(settings.min_page_share * n_pages))


def block_keys(blocks: list[Block]) -> set[str]:
    """The distinct normalised block texts of one page (what the corpus counts)."""
    return {k for k in (b.key for b in blocks) if k}


def count_keys(pages_blocks: dict[str, list[Block]]) -> Counter:
    counts: Counter = Counter()
    for blocks in pages_blocks.values():
        counts.update(block_keys(blocks))
    return counts


def label_corpus(pages_blocks: dict[str, list[Block]], settings: BoilerplateSettings, key_counts: Counter | None = None) -> None:
    """Label every block of every page in place (`label`, `reason`)."""
    n_pages = len(pages_blocks)
    counts = key_counts if key_counts is not None else count_keys(pages_blocks)
    threshold = repeat_threshold(n_pages, settings)
    for blocks in pages_blocks.values():
        label_page(blocks, counts, threshold, n_pages, settings)


def _prose_sentence(text: str, words: int) -> bool:
    """A pattern (phone, address) inside a sentence of prose that ends like one: not a standalone template line."""
    return ends_sentence(text) and reads_as_prose(text, words)


_STOPWORDS = frozenset("""a an and are as at be by can for from has have if in into is it its may not of on or our
that the their they this to was we were will with you your""".split())


def unpunctuated_prose(text: str, words: int, min_words: int = 12) -> bool:
    """A sentence that lost its final period (a lead paragraph, a definition): at least `min_words` words, starting
    with a capital, not ending like a label (":"), with function words as in running text. Image alt text starts in
    lower case ("woman with sun spotted face ...")."""
    stripped = text.strip()
    if words < min_words or not stripped[:1].isupper() or stripped.endswith(":"):
        return False
    tokens = [t.strip(".,;:!?()\"“”’'").lower() for t in stripped.split()]
    return sum(1 for t in tokens if t in _STOPWORDS) >= max(3, words // 6)


def reads_as_prose(text: str, words: int | None = None, min_words: int = 8) -> bool:
    """A sentence of prose, not a template line: at least `min_words` words, a full stop at the end or inside, and
    function words ("the", "you", "of" ...) among them, as in running text — "If you are covered by a job-based plan,
    contact it at 1-866-444-3272." or a definition "... (See Special Enrollment Period)", never "Phone: (212)
    434-4050", "Monday - Friday: 8:30 AM - 5:00 PM" or a run of link labels."""
    n = count_words(text) if words is None else words
    if n < min_words:
        return False
    body = text.rstrip("\"”’)]» ")
    if not (body.endswith((".", "!", "?")) or ". " in text or "? " in text):
        return False
    tokens = [t.strip(".,;:!?()\"“”’'").lower() for t in text.split()]
    return sum(1 for t in tokens if t in _STOPWORDS) >= max(2, n // 8)


def _is_article_text(block: Block, settings: BoilerplateSettings) -> bool:
    return block.kind == "paragraph" and block.words >= settings.anchor_min_words and ends_sentence(block.text)


@lru_cache(maxsize=8)
def _searches_all(patterns: tuple[tuple[str, str], ...]) -> bool:
    """A rule of `patterns` has no needs (a user's own): `_first_hit` searches every text with it."""
    return any(NEED_BITS.get(rx, -1) < 0 for _, rx in patterns)


def page_evidence(blocks: list[Block], settings: BoilerplateSettings) -> tuple[bytes, int, list[str]]:
    """(`chunks.block_hashes(blocks)`, `copy_key(blocks, settings)`, `pattern_hits(blocks, settings)`), the page-local
    evidence the load step keeps of a page, in one compiled pass over its blocks (`_template.page_evidence`); no
    block keeps its key (`Block.forget_key`: the hashes stand for the texts). Tests compare it with the three."""
    items = _pattern_items(settings)
    hashes, key, hits = _template.page_evidence(
        blocks if type(blocks) is list else list(blocks), settings.anchor_min_words, settings.pattern_max_words,
        _first_hit(items), _searches_all(items), _prose_sentence, normalise)
    if sys.byteorder != "little":  # (as `chunks.block_hashes`: each digest a uint64 in the machine's order)
        swapped = array("Q", hashes)
        swapped.byteswap()
        hashes = swapped.tobytes()
    return hashes, key, hits


def pattern_hits(blocks: list[Block], settings: BoilerplateSettings) -> list[str]:
    """The pattern rule (name or "") hit by each block: page-local evidence, computed in the per-page workers."""
    first_hit, max_words = _first_hit(_pattern_items(settings)), settings.pattern_max_words
    # (a rule's hit first: most blocks have none, and then whether the block is a sentence of prose does not matter)
    return [hit if b.words <= max_words and (hit := first_hit(b.text)) and not _prose_sentence(b.text, b.words)
            else "" for b in blocks]


def _repeated_in_page(blocks: list[Block], hashes: bytes | None = None) -> list[int]:
    """For each block, the first earlier block of the page with the same text (whitespace runs as one space; "2021
    survey" and "2022 survey" differ), or -1; blocks without words never repeat. With the blocks' key hashes
    (`hashes`, uint64 bytes: `normalise` folds whitespace runs, so the same text has the same key), only blocks
    whose hash another block of the page shares (or, with words, 0: no key) are compared by text."""
    again = [-1] * len(blocks)
    which: range | list[int] = range(len(blocks))
    if hashes is not None and len(hashes) == 8 * len(blocks):
        hs = memoryview(hashes).cast("Q").tolist()
        zeros = hs.count(0)
        if len(set(hs)) + max(zeros - 1, 0) == len(hs):  # (most pages: no two blocks share a key)
            which = [i for i, h in enumerate(hs) if not h and blocks[i].words] if zeros else []
            if not which:
                return again
        else:
            counted = Counter(hs)
            which = [i for i, h in enumerate(hs) if (counted[h] > 1 if h else blocks[i].words)]
    seen: dict[str, int] = {}
    for i in which:
        b = blocks[i]
        k = " ".join(b.text.split()) if b.words else ""
        if k in seen:
            again[i] = seen[k]
        elif k:
            seen[k] = i
    return again


def label_page(blocks: list[Block], counts: Counter, threshold: int, n_pages: int, settings: BoilerplateSettings,
               patterns: list[str] | None = None, repeats: list[int] | None = None,
               hashes: bytes | None = None, title: str = "", html: bool = False,
               link_labels: frozenset[str] = frozenset(), tab_labels: frozenset[str] = frozenset(),
               link_items: frozenset[str] = frozenset(), source: bool = False,
               comment_lines: frozenset[str] = frozenset(), frame_lines: frozenset[str] = frozenset()) -> None:
    """Label one page's blocks; `patterns` = `pattern_hits(blocks, settings)` and `repeats` = the `counts` of each
    block's key when already computed; `hashes` = the blocks' key hashes (`chunks.block_hashes`), when known;
    `title` = the page's title (`Page.title`, its `<title>` or OpenGraph title), "" for none; `html`: the blocks
    are what an HTML page's main-content extractor kept (`Page.html`), with the words of the page's link labels
    (`Page.link_labels`), its tab sets' labels (`Page.tab_labels`: body), link list items (`Page.link_items`) and
    the lines of its comment section (`Page.comment_lines`: after the article, template, `comments`) and of its
    frame regions (`Page.frame_lines`: the same, `furniture`)."""
    if patterns is None or len(patterns) != len(blocks):
        patterns = pattern_hits(blocks, settings)
    if repeats is None or len(repeats) != len(blocks):
        repeats = [counts.get(b.key, 0) for b in blocks]
    repeated = [r >= threshold for r in repeats]
    sitewide_pages = settings.sitewide_share * n_pages if n_pages >= settings.sitewide_min_pages else math.inf
    sitewide = [r > sitewide_pages for r in repeats]
    # The same block twice on one page (an extractor that returns a passage twice, a frame printed twice): the
    # later copy never anchors the article, and outside the article it is template (inside, a recipe's repeated
    # steps or a pull quote stay body), unless it is a list item of an HTML page printed again on its own, not in a
    # run: a field of the page's own list ("Type: string" under each field of a specification, `fieldlines`).
    again = _repeated_in_page(blocks, hashes)
    lone = lone_repeats(blocks, again, html) if html and any(a >= 0 for a in again) else None
    # Readers' comments (`comments`): they never anchor the article; after it, they are template
    comment = [bool(comment_lines) and settings.comment_sections and title_words(b.text) in comment_lines
               for b in blocks]
    # ... nor does page furniture (`furniture`: a line only the page frame's regions hold, a sidebar, a form)
    frame = [bool(frame_lines) and settings.frame_regions and title_words(b.text) in frame_lines for b in blocks]
    anchors = [i for i, b in enumerate(blocks) if not patterns[i] and not repeated[i] and again[i] < 0
               and not comment[i] and not frame[i] and _is_article_text(b, settings)]
    # ... nor do the blocks under the heading that opens the comment section ("46 Comments on ...", "Leave a Reply")
    opens = comments_start(blocks, anchors, patterns) if anchors and settings.comment_sections else None
    if opens is not None:
        anchors = [i for i in anchors if i < opens]
    if not anchors:
        # Every article paragraph of this page also appears on other pages (a copied page): its repeated article
        # text, not nothing, spans the article, so the copy keeps a body for the duplication report. Site-wide
        # paragraphs are not article text of this page: a page with nothing else has no article.
        anchors = [i for i, b in enumerate(blocks)
                   if not patterns[i] and not sitewide[i] and again[i] < 0 and _is_article_text(b, settings)]
    first, last = (anchors[0], anchors[-1]) if anchors else (None, None)
    if source and blocks:
        # (stop 38) a site's source file (`Page.commonmark`: Markdown with front matter, reStructuredText) holds no
        # site frame — the theme's header, menus and footer live in its layouts — so all of it is the article: no
        # header or footer by position ("The C++ domain (name cpp) supports documenting C++ projects." opening a
        # Sphinx page), a block again within the page is the author's ("Bugs fixed" over each release of a changelog,
        # a page of lists only too)
        first, last = 0, len(blocks) - 1
        patterns = [""] * len(blocks)
    if first is not None:
        # A paragraph copied from (or into) a few other pages, right at the start or end of the article, is
        # duplicated content, not template: the span grows over such adjacent article paragraphs. A paragraph on
        # every page (small corpora) or on half the pages or more (10+ pages: a site-wide disclaimer) stays template.
        limit = n_pages if n_pages < 10 else 0.5 * n_pages

        def copied_article_text(i: int) -> bool:
            return (not patterns[i] and repeated[i] and repeats[i] < limit and not sitewide[i]
                    and _is_article_text(blocks[i], settings))

        def grow(edge: int, step: int) -> int:
            i = edge + step  # headings, lists and their intros are crossed only if copied text lies beyond
            while 0 <= i < len(blocks) and not patterns[i]:
                if copied_article_text(i):
                    edge = i
                elif blocks[i].kind not in ("heading", "list_item") and not blocks[i].text.endswith(":"):
                    break  # (headings, list items and list intros such as "Causes include:" are crossed)
                i += step
            return edge

        first, last = grow(first, -1), grow(last, 1)

    def intro(i: int) -> str:
        """"list" for a line ending in ":" right before a list item ("Key facts:", "Causes include:"): it introduces
        the list; "code" for one right before a code block ("You can install SOCKS support using pip:" on HTTPX's
        documentation): it introduces the code sample — a site's frame introduces neither; else ""."""
        if (blocks[i].kind in ("paragraph", "other") and blocks[i].text.endswith(":") and i + 1 < len(blocks)
                and blocks[i + 1].kind in ("list_item", "code")):
            return "list" if blocks[i + 1].kind == "list_item" else "code"
        return ""

    copy_limit = max(threshold, settings.copied_max_share * n_pages) if n_pages >= 10 else 0  # 2 pages: a copy

    def own_prose(i: int) -> bool:
        """Text of this page's own that reads as prose (a definition without a final period, a one-sentence
        page): the position rule never removes it."""
        b = blocks[i]
        return b.kind in ("paragraph", "other") and (reads_as_prose(b.text, b.words) or unpunctuated_prose(b.text, b.words))

    def section_heading(i: int) -> bool:
        """A heading (or a short line ending in "?" or ":") right above a paragraph, list or code block of the page's
        own ("Source archive:" over its JSON sample, "Will find the div:" over the call)."""
        b = blocks[i]
        if not (b.kind == "heading" or b.kind in ("paragraph", "other") and b.words <= settings.section_heading_max_words
                and b.text.rstrip().endswith(("?", ":"))):
            return False
        j = i + 1
        return (j < len(blocks) and blocks[j].kind in ("paragraph", "list_item", "code") and blocks[j].words > 0
                and not repeated[j] and not patterns[j] and again[j] < 0)

    titles = title_keys(title) if title else frozenset()

    def title_heading(i: int) -> bool:
        """A heading before the article that shows the page's own title ("No Gobbledygook Award 6" under the
        `<title>` "plainlanguage.gov | No Gobbledygook Award 6"): other pages may repeat it (an index page lists its
        children by title; digits fold, so "Award 6" counts as "Award 7"), but here it names this page."""
        return (bool(titles) and blocks[i].kind == "heading" and (first is None or i < first)
                and title_words(blocks[i].text) in titles)

    # On an HTML page the extractor has left the site's frame out: a line after the article that no other page has
    # (not a citation the kind rules read as a heading) is the page's own, up to the first line outside a list that
    # is only the label of a link to another page (related articles from there on; a lone link that is the page's
    # last line is its own: `ownlines.own_lines_end`). A plain-text or Markdown page has no extractor before it:
    # such a line under a post is its signature (name, address, "-- "), template.
    own_until = own_lines_end(blocks, last, link_labels) if html and last is not None else len(blocks)

    def question_heading(i: int) -> bool:
        """"What is already known on this topic?" right above the page's own answer."""
        return blocks[i].kind != "heading" and blocks[i].text.rstrip().endswith("?") and section_heading(i)

    for i, b in enumerate(blocks):
        if patterns[i]:
            b.label, b.reason = TEMPLATE, f"pattern: {patterns[i]}"
        elif last is not None and i > last and (comment[i] or opens is not None and i >= opens):
            b.label, b.reason = TEMPLATE, COMMENTS_REASON if comment[i] else HEADING_REASON
        elif again[i] >= 0 and (first is None or not first <= i <= last) and b.kind not in NON_PROSE_KINDS \
                and not (lone and lone[i]):
            as_block = blocks[again[i]].block
            if html and own_heading_again(blocks, i, again[i], last):  # (a section's heading: "Contact" in each)
                b.label, b.reason = BODY, f"after the article, the page's own heading again (as block {as_block})"
            else:
                b.label, b.reason = TEMPLATE, f"repeated within the page (as block {as_block})"
        elif repeated[i] and not sitewide[i] and repeats[i] <= copy_limit and b.kind != "heading" \
                and (first is None or not first <= i <= last) \
                and (b.kind in NON_PROSE_KINDS or b.kind == "list_item" or reads_as_prose(b.text, b.words)
                     or unpunctuated_prose(b.text, b.words)):
            # Copied, not frame: prose (or a table, a reference, a list item: an index page lists its children's
            # titles, each also on its own page) that a few pages share, on at most `copied_max_share` of the pages,
            # is one page copying another wherever it sits; the site frame (its menus too) repeats on many pages. It
            # stays body so the duplication measures see it.
            b.label, b.reason = BODY, f"copied: also on {repeats[i]}/{n_pages} pages (duplicated content)"
        elif repeated[i]:
            # Inside the article a copied block of any kind (list intros such as "Causes include:" too) is
            # duplicated content; only a site-wide one is template there. Outside it, repetition is template.
            inside = first is not None and first <= i <= last
            if inside and not sitewide[i]:
                b.label, b.reason = BODY, f"article body; also on {repeats[i]}/{n_pages} pages (duplicated content)"
            elif section_heading(i) and (inside or b.text.rstrip().endswith("?") or repeats[i] <= copy_limit):
                # a section heading many pages share ("Methods" inside the article, a question heading such as "What
                # is already known on this topic?" anywhere) over text of the page's own: the article's structure.
                # (Outside the article, a repeated line over the article's first paragraph is the frame's nav.)
                b.label, b.reason = BODY, f"section heading over text of the page's own; on {repeats[i]}/{n_pages} pages"
            elif not sitewide[i] and title_heading(i):
                b.label, b.reason = BODY, f"the page's title; also on {repeats[i]}/{n_pages} pages"
            elif inside:
                b.label, b.reason = TEMPLATE, f"repeated on {repeats[i]}/{n_pages} pages (site-wide, inside the article)"
            else:
                where = "" if first is None else " outside the article"
                b.label, b.reason = TEMPLATE, f"repeated on {repeats[i]}/{n_pages} pages{where}"
        elif last is not None and i > last and frame[i]:  # (after the repetition rules: a site's frame is theirs)
            b.label, b.reason = TEMPLATE, FRAME_REASON
        elif first is None:
            b.label, b.reason = BODY, "no article paragraph found; kept"
        elif b.kind in NON_PROSE_KINDS:
            where = "before" if i < first else "after" if i > last else "in"
            b.label, b.reason = BODY, f"{b.kind} {where} the article"
        elif (i < first or i > last) and ((own := own_prose(i)) or question_heading(i)):
            b.label, b.reason = BODY, ("before" if i < first else "after") + " the article, but " + (
                "prose of its own" if own else "a question heading over text of its own")
        elif i < first:
            # Lists before the article are kept like lists after it; other short lines (alt text, captions) are not.
            if b.kind == "heading":
                b.label, b.reason = BODY, "heading before the article"
            elif b.kind == "list_item":
                b.label, b.reason = BODY, "list item before the article"
            elif intro(i):
                b.label, b.reason = BODY, f"{intro(i)} intro before the article"
            elif html and own_line_before(b, link_labels):
                b.label, b.reason = BODY, "before the article, a line of the page's own (HTML: no other page has it)"
            else:
                b.label, b.reason = TEMPLATE, "position: header, " + ("no sentence" if not ends_sentence(b.text) else "short line")
        elif i > last:
            if links := link_list_after(blocks, i, last, link_items):
                b.label, b.reason = TEMPLATE, links
            elif b.kind in ("paragraph", "list_item") and ends_sentence(b.text) or b.kind == "list_item":
                b.label, b.reason = BODY, "after the article, but article text"
            elif intro(i):
                b.label, b.reason = BODY, f"{intro(i)} intro after the article"
            elif i < own_until and b.words and html and not is_citation(b.text):
                b.label, b.reason = BODY, "after the article, a line of the page's own (HTML: no other page has it)"
            else:
                b.label, b.reason = TEMPLATE, "position: footer, no sentence"
        else:
            b.label, b.reason = BODY, "article body"
    if tab_labels:
        keep_tab_labels(blocks, tab_labels, patterns)
    # A heading after the article is body only when it introduces body text that follows it. A heading other pages
    # share ("Sources", "After" over the page's own list or paragraph; "Contact" in each section of an accordion, as
    # often as the page has sections) is body too over text of the page's own or copied from a few pages (at most
    # `copy_limit`), unless it is site-wide.
    if last is not None:
        for i in range(len(blocks) - 1, last, -1):
            b = blocks[i]
            if b.kind == "heading" and not patterns[i] and not sitewide[i]:
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if nxt is not None and nxt.label == BODY and nxt.kind != "heading" and (
                        not repeated[i] or repeats[i + 1] <= copy_limit and not patterns[i + 1]):
                    b.label, b.reason = BODY, "heading of article text after the main article" + (
                        f"; on {repeats[i]}/{n_pages} pages" if repeated[i] else "")
    # A page with text of its own never ends with zero body words: its unique blocks are kept.
    # If it has none, or only its heading ("Bronze Health Plan" over "See Health Plan Categories", a line four pages
    # share), the blocks it shares with a few other pages only (not the frame) are its text.
    if not any(b.label == BODY and b.words for b in blocks):
        for i, b in enumerate(blocks):
            if b.words and not patterns[i] and not repeated[i]:
                b.label, b.reason = BODY, "kept: the page's only text of its own"
    if not any(b.label == BODY and b.words and b.kind != "heading" for b in blocks) and copy_limit:
        for i, b in enumerate(blocks):
            if b.label != BODY and b.words and not patterns[i] and not sitewide[i] and repeats[i] <= copy_limit:
                b.label, b.reason = BODY, f"kept: the page's only text, also on {repeats[i]}/{n_pages} pages (copied)"


# ------------------------------------------------------------------ copies of one page are not site template
# (issue #18, kept apart from the labelling rules above.) Repetition is evidence of a site frame only when the
# repeated blocks sit beside *different* articles. Pages whose article paragraphs are the same set of texts are copies
# of one page (a page republished with another heading, 300 identical pages): for the repetition counts they are one
# page, so their shared article text is never "repeated on most pages" and stays body, where the duplication measures
# see it; the frame around them still counts once per distinct article, and is template as before.

def copy_key(blocks: list[Block], settings: BoilerplateSettings) -> int:
    """A 64-bit key of the set of a page's article paragraphs (paragraphs of at least `anchor_min_words` words that
    end a sentence); 0 when it has fewer than two (too little to call two pages copies of each other)."""
    import hashlib

    min_words = settings.anchor_min_words  # (`_is_article_text`, inline)
    keys = sorted({key for b in blocks if b.kind == "paragraph" and b.words >= min_words and ends_sentence(b.text)
                   and (key := b.key)})
    if len(keys) < 2:
        return 0
    digest = hashlib.blake2b("\x00".join(keys).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


def distinct_articles(copy_keys: list[int]) -> list[int]:
    """Indexes of the pages that count for repetition: every page with no copy key, and the first page of each
    group sharing one (the groups' order does not matter: every copy in a group has the same blocks counted)."""
    seen: set[int] = set()
    keep = []
    for i, k in enumerate(copy_keys):
        if k and k in seen:
            continue
        seen.add(k)
        keep.append(i)
    return keep


def note_copies(blocks: list[Block], raw_counts, n_pages: int, repeats: list[int] | None = None) -> None:
    """Body blocks not repeated across distinct articles but present on copies of this page: say so in the reason.
    `repeats`: the `raw_counts` of each block's key, when already computed."""
    for i, b in enumerate(blocks):
        if b.label == BODY and b.reason == "article body":
            n = repeats[i] if repeats is not None else raw_counts.get(b.key, 0)
            if n >= 2:
                b.reason = f"article body; also on {n}/{n_pages} pages (duplicated content)"
