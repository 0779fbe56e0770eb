"""What the loader works on: a `Source` (one input file, or one response of a web archive) and the `Page` it becomes.
Below `audit.ingest.load` and `audit.ingest.warc`, which both build them, so neither imports the other in a cycle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Source:
    """One input file and the page id it maps to; or one HTML response of a web archive (`audit.ingest.warc`)."""

    path: Path
    page_id: str
    display: str  # path as shown in tables: relative to the folder given, or the file name; a page's URL
    url: str = ""  # the page's URL (web archive pages)
    record: int = -1  # offset of the page's response record in the WARC file `path`; -1: `path` is the page
    charset: str = ""  # the charset its HTTP Content-Type declared
    size: int = 0  # bytes of the source (the file's size; a web archive page's HTTP body): how chunks are cut


@dataclass
class Page:
    page_id: str
    source: str
    status: str = "ok"  # ok | skipped
    reason: str = ""
    title: str = ""
    url: str = ""
    encoding: str = ""
    lines: list[str] = field(default_factory=list)  # text lines; for HTML, lines of the extracted main content
    # the lines are Markdown (a .md file, or what the extractor made of an HTML page), False for a plain-text file:
    # `segment.segment_lines` opens code fences in Markdown only
    markdown: bool = True
    # a static site's Markdown source page (`.md`, `.markdown`, `.mdx` opening with front matter; not an extractor's
    # lines of an HTML page): its paragraphs run to a blank line or the next block, as CommonMark reads them
    # (`segment.segment_lines`), its line breaks inside a paragraph being the writer's wrapping (prettier's, one
    # sentence per line)
    commonmark: bool = False
    # an HTML page (a file or a web archive's response): its lines are what the main-content extractor kept, the
    # site's frame left out; and the words (`template.title_words`) of its lines that are only the label of a link
    # to another page (`htmltext.link_labels`): `template.label_page` keeps the page's own short lines after its
    # article on an HTML page, up to the first such label
    html: bool = False
    link_labels: frozenset = frozenset()
    # an HTML page's words (`template.title_words`) of the labels of its own tab sets (`tabsets.tab_labels`: tabs
    # whose panels hold the page's extracted text): `template.label_page` keeps such a label as body ("npm" / "Yarn"
    # over the install command on a third of a documentation site's pages)
    tab_labels: frozenset = frozenset()
    # an HTML page's words of its extracted list items that are mostly link text (`linklists.link_items`): after
    # the article, related and popular lists of other pages, template (`template.label_page`)
    link_items: frozenset = frozenset()
    # an HTML page's words of its extracted lines that lie in its readers' comment section (`comments.comment_lines`):
    # after the article, template (`template.label_page`)
    comment_lines: frozenset = frozenset()
    # an HTML page's words of its extracted lines that only its frame regions hold (`furniture.frame_lines`: a
    # sidebar, a form, a feed line): after the article, template (`template.label_page`)
    frame_lines: frozenset = frozenset()
    # the page's `h1` elements and the title its extraction dropped (`audit.ingest.titleslot.page_h1s`): where each
    # sits and whether it shows the page's title (the strip step finds the site's title slots from them); the
    # dropped one as (its path hash, its text, the index of the first line the page shows after it), () for none,
    # put back when its path is a title slot
    h1s: bytes = b""
    dropped_title: tuple = ()
    # the share of its first words that are common English function words (`language.english_share`; None: too few
    # words to tell), the primary language subtag its HTML declares (`language.declared_language`, "" for none), and
    # the note of a page that is not English or has no language (`language.language_note`; "" for an English page):
    # such a page is audited but not graded
    english_share: float | None = None
    declared_language: str = ""
    language_note: str = ""

    def not_english(self) -> bool:
        """The page may not be English, or no language was identified in it (`audit.ingest.language`, decided when
        it was loaded, by the `[load]` settings): not graded, no difficult words nor candidate terms (English word
        lists and n-grams); its words, duplication and glossary terms are measured."""
        return bool(self.language_note)

    def skip(self, reason: str) -> "Page":
        self.status, self.reason, self.lines = "skipped", reason, []
        return self
