"""Readers' comments on a single HTML page: the comment section the extractor kept inside the article's span.

A news or blog page ends its article, then shows its readers' comments and the form to add one. trafilatura (the
audit's extractor, `include_comments=False`) removes a comment section it recognises by its element's id or class
(`trafilatura.xpaths.REMOVE_COMMENTS_XPATH`: an id or class that *starts* with "comment", "disqus_thread",
"dsq-comments", "article-comments", "post-comments"); where the page's markup puts the comments elsewhere (in the
article's own container, in elements without such names, a TypePad "Comments" heading over "Posted by:" lines), they
are kept, and as paragraphs of prose they anchor the article span (`template.label_page`) and stay body. Readers of
main content drop them by two structural facts, both used here:

* the heading that opens the section: `COUNT_HEADING_RE`, a count of the comments ("46 Comments on “...”", "One
  Response to “...”": WordPress's `comments_number` strings "No Comments" / "One Response" / "% Responses"), the
  comment form's title (`FORM_HEADING_RE`, "Leave a Reply": WordPress's `comment_form`; "Post a Comment": Blogger,
  Movable Type) when no article paragraph follows it (an API's documentation of that call has its own), and
  "Comments" alone (`BARE_COMMENTS_RE`) only over a comment's byline ("Posted by: NAME at DATE", the `byline`
  pattern), as "Comments" is also an article's own section (plainlanguage.gov's model preamble of a proposed rule).
  `comments_start` finds it after the article's first anchor; from it on, every block is the comment section.
* the element's id or class: Mozilla Readability's `unlikelyCandidates` drops any element whose class or id *contains*
  "comment", "disqus", "replies" (Readability.js, `REGEXPS.unlikelyCandidates`, Apache-2.0; trafilatura's
  `_COMMENTS_ID` leaves out "commentary"), WordPress names its form `id="respond"` and its list `class="commentlist"`.
  `comment_lines` returns the words (`ownlines.title_words`) of the extracted lines that lie in such an element
  (`COMMENT_NAME_RE`; not `html`/`body`, a heading or a link; not named content too, Readability's
  `okMaybeItsACandidate` words: "comment-content" is one comment's text, judged by its section; a state of the post
  such as WordPress's "comments-open" is no section) holding at most `COMMENT_MAX_SHARE` of the extraction's words
  (more is the article around it), and nowhere else on the page (a comment that quotes the article repeats the
  article's line, which stays the article's).

`template.label_page` labels such blocks after the article's last anchor template, reason "comments: ..."; they never
anchor the article. `BoilerplateSettings.comment_sections` (True) turns both off. Measured on the twelve extraction
sets (benchmarks/sites/README.md, stop 39): dragnet F1 0.9165 -> 0.9190 (19 pages up, none down), the other eleven
unchanged page by page.
"""
from __future__ import annotations

import re

from audit.ingest.furniture import region_lines

# An id or class naming a comment section (see the module doc): "comment" but not "commentary" (trafilatura's
# `_COMMENTS_ID`: an article of commentary), Disqus's thread and embed, WordPress's form ("respond"), replies.
COMMENT_NAME_RE = re.compile(r"comment(?!ary)|disqus|(?:^|[\s_-])dsq[_-]|(?:^|\s)respond(?:\s|$)|(?:^|[\s_-])replies",
                             re.I)
# ... unless it names its element content too (Readability.js `okMaybeItsACandidate`, as `htmltext._MAYBE_RE`)
_MAYBE_RE = re.compile(r"article|body|column|content|main", re.I)
# Names that say the page's comments are open or closed, or count them: a state of the post, never a section
# (WordPress's `comments-open`, `comment-status-open`; a link "comments-link" to the section from the byline is
# a section's own line)
_STATE_RE = re.compile(r"comments?-(?:open|closed)|(?:no|has)-comments?|comment-status", re.I)
# A comment section holds at most this share of the extraction's words: more is the page's article around it
COMMENT_MAX_SHARE = 0.5
COMMENTS_REASON = "comments: after the article, in its comment section (an element whose id or class names comments)"
HEADING_REASON = "comments: after the article, under the heading that opens its comment section"

# A heading that opens a comment section whatever follows it: a count of comments or responses ("46 Comments on
# “...”", "One Response to “...”", "0 comments": WordPress's `comments_number`, "No Comments" / "One Response" /
# "% Responses"), or "Responses to ..."
COUNT_HEADING_RE = re.compile(r"^(?:(?:\d+|no|one)\s+(?:comments?|responses?|replies|thoughts)\b|responses\s+to\b)",
                              re.I)
# The comment form's title, the whole heading ("Leave a Reply": WordPress's `comment_form`; "Post a Comment":
# Blogger's and Movable Type's): it opens the section only when no article paragraph follows it (only the form
# does; "Post a comment" over an API's documentation of that call is the article's own section)
FORM_HEADING_RE = re.compile(r"^(?:leave|post|add|write)\s+a\s+(?:comment|reply|response)[.!:]?$", re.I)
# "Comments" alone opens the section only when a comment's byline follows it (a `byline` pattern hit, "Posted by:
# NAME at DATE", Movable Type's and TypePad's): "Comments" is also an article's own section (a proposed rule's
# "Comments" on how to send them, plainlanguage.gov's model preamble)
BARE_COMMENTS_RE = re.compile(r"^(?:reader\s+|user\s+)?comments(?:\s*\(\d+\))?:?$", re.I)


def comments_start(blocks, anchors: list[int], patterns: list[str]) -> int | None:
    """The index of the heading after the article's first anchor (`anchors`: the indexes of the article paragraphs)
    that opens the page's comment section, or None: a count (`COUNT_HEADING_RE`), the form's title
    (`FORM_HEADING_RE`) with no anchor after it, or "Comments" (`BARE_COMMENTS_RE`) over a later block that is a
    byline pattern hit (`patterns[j]`). From there on, the page's blocks are its readers' comments."""
    for i in range(anchors[0] + 1, len(blocks)):
        b = blocks[i]
        if b.kind != "heading" or patterns[i]:
            continue
        text = b.text.strip()
        if COUNT_HEADING_RE.search(text) or FORM_HEADING_RE.search(text) and anchors[-1] < i \
                or BARE_COMMENTS_RE.search(text) and any(p.startswith("byline") for p in patterns[i + 1:]):
            return i
    return None
_NOT_SECTIONS = frozenset({"html", "body", "a", "h1", "h2", "h3", "h4", "h5", "h6"})


def _comment_section(node) -> bool:
    if not isinstance(node.tag, str) or node.tag.lower() in _NOT_SECTIONS:
        return False
    for name in (node.get("id") or "", node.get("class") or ""):
        name = _STATE_RE.sub(" ", name)
        if COMMENT_NAME_RE.search(name) and not _MAYBE_RE.search(name):
            return True
    return False


def comment_lines(tree, lines: list[str]) -> frozenset[str]:
    """The words (`title_words`) of the extracted `lines` that are text of a comment section of the page (`tree`,
    as `trafilatura.load_html` parsed it; read, never changed; module doc) and nowhere else in it (a comment that
    quotes the article repeats the article's own line, which stays the article's); empty for none
    (`furniture.region_lines`, the same reading for the page's frame regions)."""
    return region_lines(tree, lines, _named_section, COMMENT_MAX_SHARE)


def _named_section(node) -> bool:
    return bool(node.get("id") or node.get("class")) and _comment_section(node)
