"""Duplicates for readers: near-duplicate pages as groups, and shared passages ranked by the words they cover.

A group is a connected set of near-duplicate pairs (`views.near_duplicate_pairs`: the gate's definition): six city
copies of one page are one group of six, not fifteen pair rows. For each group: the body text every member carries
(what they share) and, per member, the body blocks not on every other member (what differs).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from audit.present import views
from audit.present.rows import rows as table_rows

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", str(text).casefold()).strip()


def duplicate_groups(audit: "Audit") -> list[dict] | None:
    """Groups of near-duplicate pages, largest first: members (sorted), shared words and blocks, what differs per
    member (its blocks found on not every member, in page order). None when duplication was not measured."""
    nd = views.near_duplicate_pairs(audit)
    if nd is None:
        return None
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in zip(nd["page_a"].astype(str), nd["page_b"].astype(str)):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for x in parent:
        members.setdefault(find(x), []).append(x)
    grouped = list(parent)  # only the grouped pages' body blocks, read chunk by chunk
    body = table_rows(audit, "blocks", lambda b: (b["label"] == "body") & b["page_id"].isin(grouped),
                      ["page_id", "label", "text", "words", "line_start"])
    out = []
    for ids in members.values():
        ids = sorted(ids)
        b = body[body["page_id"].isin(ids)]
        keys = {pid: [(_norm(t), t, int(w), int(line)) for t, w, line in
                      zip(g["text"], g["words"], g["line_start"])] for pid, g in b.groupby("page_id")}
        sets = [{k for k, *_ in keys.get(pid, [])} for pid in ids]
        common = set.intersection(*sets) if sets else set()
        first = keys.get(ids[0], [])
        shared = [(t, w) for k, t, w, _ in first if k in common]
        differs = {pid: [(line, t) for k, t, _, line in keys.get(pid, []) if k not in common] for pid in ids}
        out.append({"pages": ids, "shared_words": sum(w for _, w in shared), "shared_blocks": len(shared),
                    "shared_examples": [t for t, _ in shared[:3]], "differs": differs})
    out.sort(key=lambda g: (-len(g["pages"]), g["pages"]))
    return out


def ranked_passages(audit: "Audit") -> pd.DataFrame | None:
    """Shared passages ranked by the words they cover (the shorter side's words), then score, then pages."""
    df = audit.tables.get("passages")
    if df is None:
        return None
    out = df.copy()
    # words counted text by text (no list of every passage's words held at once)
    out["words"] = pd.Series([min(len(str(a).split()), len(str(b).split())) for a, b in
                              zip(out["text_a"], out["text_b"])], index=out.index, dtype="int64")
    return out.sort_values(["words", "score", "page_a", "page_b", "block_a", "block_b"],
                           ascending=[False, False, True, True, True, True], kind="mergesort").reset_index(drop=True)
