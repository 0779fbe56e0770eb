"""A list item a page prints more than once, alone, is a field of the page's own list, not its frame printed twice.

`template.label_page` calls a block outside the article that repeats an earlier block of the same page template
("repeated within the page"): an extractor that returns a passage twice, a menu printed in the header and again in
the footer. Both are runs: the second copy repeats the first block after block. A documentation page's field lists
are not: a specification lists each field's properties as items of its own list ("Type: string", "Required?: no",
"Inspiration: VCS URLs" under each of 63 fields of the Python Packaging User Guide's pylock.toml page; "Home page",
"vcs command", "vcs field" under each version-control system of its Direct URL page), each item between values of
the page's own ("The URL to the source tree.", "https://subversion.apache.org/") or fields in another combination.
So on an HTML page (its extractor has left the frame out) a list item that repeats an earlier block on its own —
neither the block before it nor the one after it is a copy of its original's neighbour — is left to the other rules
(repetition across pages, position), which keep a list item of the page's own after its article as body.
"""
from __future__ import annotations

from audit.ingest.segment import Block


def lone_repeats(blocks: list[Block], again: list[int], html: bool) -> list[bool]:
    """For each block: True for a list item of an HTML page that repeats an earlier block of the page (`again[i]`:
    that block's index, -1 for none) not as part of a repeated run: the block before it repeats a block that is not
    followed by one with its text, and the block after it a block not preceded by one."""
    lone = [False] * len(blocks)
    if not html:
        return lone
    last = len(blocks) - 1

    def same(k: int, i: int) -> bool:
        return 0 <= k <= last and " ".join(blocks[k].text.split()) == " ".join(blocks[i].text.split())

    for i, j in enumerate(again):
        if j < 0 or blocks[i].kind != "list_item":
            continue
        # (`again` names a text's first block: a run's copy of a line the page printed twice before, "git" as the
        # command and as the field, points to the first; so the original's neighbour is compared by text)
        run = (i > 0 and again[i - 1] >= 0 and same(again[i - 1] + 1, i)) or (
            i < last and again[i + 1] >= 0 and same(again[i + 1] - 1, i))
        lone[i] = not run
    return lone
