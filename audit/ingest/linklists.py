"""Lists of links after a page's article: related, popular and promotional lists on a single HTML page.

A news or blog page ends its article, then often shows lists of other articles ("Related posts", "Most popular",
"You might also like", a network's "Sites we love"): lists whose items are mostly the text of links to other pages.
The cross-page evidence (`template`) finds them when the site's other pages are in the corpus; a single page (an
audit of a few pages of many sites) has only the page itself. The structural fact every boilerplate extractor uses
for it is link density — the share of a block's text that is link text: Readability.js (`_cleanConditionally`,
`_getLinkDensity`: a list is removed when its link density exceeds 0.2 with little content weight, 0.5 otherwise),
jusText (`max_link_density` 0.2: a block above it is "bad"), Boilerpipe (Kohlschütter et al., WSDM 2010: link
density separates navigation and teasers from article text). Here it is measured per list item, and the list
judged whole, as Readability judges a `ul`/`ol`: a list of at least two items, each of whose link text (`<a href>`
to another page, not a "#place" in this page) is at least `LINK_ITEM_MIN_DENSITY` of its words, every link to one
site, the page's own (a relative address, or the host of the page's canonical `url`), is a list of links: a site's
list of its own articles. A list of sources on several sites ("Further reading": a documentation page's resources,
each a linked title and its publisher) has the same density and is the article's own: it is kept.
`template.label_page` labels such an item template when it comes after the article's last anchor
(inside the article a post's own list of links, its sources, stays as it is; so does a list the page's own line
announces, "Other deals:", as `htmltext.announced_lists` reads it), and so the heading right above a run of them
("Related"): the reason says "after the article: a list of links".
"""
from __future__ import annotations

import re

from audit.ingest.ownlines import title_words

# An item is a link item when at least this share of its words is link text (Readability.js's `_cleanConditionally`
# removes a list whose link density is above 0.5 whatever its weight: "mostly links")
LINK_ITEM_MIN_DENSITY = 0.5
_WORD_RE = re.compile(r"\w+")


def _host(url: str) -> str:
    """The host of an absolute address ("http://www.example.com/a" -> "example.com"), "" for a relative one."""
    m = _HOST_RE.match(url.strip())
    return m.group(1).lower().removeprefix("www.") if m else ""


_HOST_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//([^/?#:]+)", re.I)


def _links(node) -> list:
    """`node`'s `<a href>` elements that lead to another page (not a "#place" in this page)."""
    return [a for a in node.iter("a") if (href := a.get("href")) is not None and not href.lstrip().startswith("#")]


def _link_item(li) -> bool:
    """An `li` whose link text is at least `LINK_ITEM_MIN_DENSITY` of its words."""
    total = len(_WORD_RE.findall(li.text_content()))
    return bool(total) and sum(len(_WORD_RE.findall(a.text_content())) for a in _links(li)) >= \
        LINK_ITEM_MIN_DENSITY * total


def _one_site(lis, own: str) -> bool:
    """Every link of the items `lis` leads to one site, the page's own (`own`, its host, "" when the page does not
    say its address): a relative address is the page's own site."""
    hosts = {_site(_host(a.get("href")), own) for li in lis for a in _links(li)}
    return len(hosts) == 1 and (not own or hosts == {own})


def _site(host: str, own: str) -> str:
    """`host` as a site: the page's own (`own`) for a relative address ("") and for a subdomain of the page's host
    or the host it is a subdomain of ("blog.example.com" on a page of "example.com", and the other way round: one
    site's parts, as the DNS delegates them)."""
    if not host or own and (host.endswith("." + own) or own.endswith("." + host)):
        return own
    return host


def link_items(tree, lines: list[str], url: str = "") -> frozenset[str]:
    """The words (`ownlines.title_words`) of the extracted list items (`lines` starting "- ", "* " or "1. ") that
    are items of a list of links of the page (`tree`, as `trafilatura.load_html` parsed it; read, never changed): a
    `ul` or `ol` of at least two items, each a link item, its link text at least `LINK_ITEM_MIN_DENSITY` of its
    words (module doc; a list of references, where some items are a source's name with no link, is not), all its
    links to one site, the page's own (relative, or to the host of the page's `url` when it has one: a site's list
    of its own articles, not a list of sources on several sites); empty for none."""
    items = {words for line in lines if _ITEM_RE.match(line) and (words := title_words(_ITEM_RE.sub("", line)))}
    if tree is None or not items:
        return frozenset()
    own = _host(url)
    found = set()
    for lst in tree.iter("ul", "ol"):
        lis = [li for li in lst if li.tag == "li"]
        words = [title_words(li.text_content()) for li in lis]
        if len(lis) >= 2 and any(w in items for w in words) and all(map(_link_item, lis)) and _one_site(lis, own):
            found.update(w for w in words if w in items)
    return frozenset(found)


_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


def link_list_after(blocks, i: int, last: int, items: frozenset[str]) -> str:
    """The reason block `i` (after the article's last anchor `last`) is part of a list of links after the article,
    or "": a list item among `items` (`link_items`), or a heading right above such an item. A list the page's own
    line announces (the line before its run of items ends in ":", "Other deals:") is the article's: not these."""
    if not items or i <= last:
        return ""
    b = blocks[i]
    if b.kind == "list_item" and title_words(b.text) in items:
        j = i - 1
        while j > last and blocks[j].kind == "list_item":
            j -= 1
        if blocks[j].kind != "heading" and blocks[j].text.rstrip().endswith(":"):
            return ""
        return "after the article: a list of links"
    if b.kind == "heading" and i + 1 < len(blocks) and blocks[i + 1].kind == "list_item" \
            and title_words(blocks[i + 1].text) in items:
        return "after the article: the heading of a list of links"
    return ""
