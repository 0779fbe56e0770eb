"""What makes a line outside a page's article its own: the page's title, and on an HTML page its unique lines.

`template.label_page` judges the lines before the article's first anchor and after its last one by position; these
are the page-local facts it asks about them:

* `title_words` / `title_keys`: a heading shows the page's title when its words are the page's `<title>` or a part
  of it between separators ("plainlanguage.gov | No Gobbledygook Award 6");
* `own_lines_end`: on an HTML page the main-content extractor has already left the site's frame out, and repetition
  has judged every line other pages share, so a unique line after the article is the page's own, up to the first
  line outside a list that is only the label of a link to another page (`Page.link_labels`: related articles from
  there on) — unless that link is the page's very last line, on its own (a report's "Download Legal Transparency
  Report, July 2015 - December 2015" under the article, "Join the community" under a home page's text: the
  article's own last line, which a run of teasers never is), and does not end in ":" (a call that announces what
  follows, "Subscribe to 9to5Mac on YouTube for more Apple news:", whose target the extractor dropped);
* `own_line_before`: before the article, a unique line of an HTML page is the page's own unless it is only a link's
  label: the frame's lines are left out by the extractor or shared by other pages, and what is left above the
  article's first anchor is its own ("We are still clueless." between two list items, "It depends." over a question's
  answer, a byline "by Rose Grotsky", a model form's "[Insert billing code or docket number]"); a tag or a section
  name that links elsewhere is not;
* `own_heading_again`: after an HTML page's article, a heading the page printed before as its own is the heading of
  another of its sections ("Contact" in each agency's section of an accordion, a table of contents' "ORIGINAL
  RESEARCH 12 December 2024" over each article of that day), not the frame printed twice (whose first copy is
  template too): body, where a line printed twice is otherwise template.

A plain-text or Markdown page has no extractor before it: there a unique short line around a post is its header or
signature (a name, an address, "-- "), template; these rules are for HTML pages only.
"""
from __future__ import annotations

import re

from audit.ingest.segment import Block, is_citation

# What separates a page's title from the site's name in its `<title>` ("plainlanguage.gov | Award 6", "Award 6 - GSA")
_TITLE_SEPARATOR_RE = re.compile(r"\s+(?:[|\-–—·•»]|::)\s+")
_TITLE_WORD_RE = re.compile(r"\w+")


def title_words(text: str) -> str:
    """`text`'s words, case folded, one space apart: how a heading is compared with the page's title (digits are
    kept: "Award 6" is not "Award 7", which the repetition key folds together)."""
    return " ".join(_TITLE_WORD_RE.findall(text.casefold()))


def title_keys(title: str) -> frozenset[str]:
    """The texts (`title_words`) a heading of the page has when it shows the page's title: the whole title and
    each part of it between separators (" | ", " - ", " – ", " — ", " · ", " • ", " » ", " :: "); empty for none."""
    if not title or not title.strip():
        return frozenset()
    return frozenset(k for part in [title, *_TITLE_SEPARATOR_RE.split(title)] if (k := title_words(part)))


def own_lines_end(blocks: list[Block], last: int, link_labels: frozenset[str]) -> int:
    """The index of the first block after the article's last anchor `last` that is a link label outside a list (the
    page's own lines end there), or `len(blocks)` when there is none or it is the page's lone last line."""
    end = next((i for i in range(last + 1, len(blocks)) if blocks[i].kind != "list_item"
                and blocks[i].words and title_words(blocks[i].text) in link_labels), len(blocks))
    if end < len(blocks) and not blocks[end].text.rstrip().endswith(":") \
            and not any(b.words for b in blocks[end + 1:]):
        return len(blocks)
    return end


def own_line_before(block: Block, link_labels: frozenset[str]) -> bool:
    """A unique line before an HTML page's article (not repeated, no pattern: `label_page` asked first) is the
    page's own unless it is only the label of a link to another page (a tag, a section's name) or a citation."""
    return block.words > 0 and title_words(block.text) not in link_labels and not is_citation(block.text)


def own_heading_again(blocks: list[Block], i: int, first_seen: int, last: int | None) -> bool:
    """After an HTML page's article, a heading the page already showed (at `first_seen`) as its own body text is the
    heading of another of its sections ("Contact" and "Plain language resources" in each agency's section of an
    accordion), not a frame printed twice: its first copy would be template too."""
    return (last is not None and i > last and blocks[i].kind == "heading" and first_seen > last
            and blocks[first_seen].label == "body")
