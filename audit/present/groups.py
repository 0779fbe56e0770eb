"""Duplicates for readers: near-duplicate pages as groups, and shared passages ranked by the words they cover.

A group is a connected set of near-duplicate pairs (`views.near_duplicate_pairs`: the gate's definition): six city
copies of one page are one group of six, not fifteen pair rows. For each group: the body text every member carries
(what they share) and, per member, the body blocks not on every other member (what differs).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from audit.present import views
from audit.present.rows import _in_store, batches, rows as table_rows, take

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


SORT = ["words", "score", "page_a", "page_b", "block_a", "block_b"]
ASCENDING = [False, False, True, True, True, True]


def _words(a, b) -> pd.Series:
    """The words a passage covers: the shorter side's (counted text by text: no list of every passage's words)."""
    return pd.Series([min(len(str(x).split()), len(str(y).split())) for x, y in zip(a, b)], index=a.index,
                     dtype="int64")


def ranked_passages(audit: "Audit", n: int | None = None) -> pd.DataFrame | None:
    """Shared passages ranked by the words they cover (the shorter side's words), then score, then pages; the first
    `n` only when given. A passages table still in the store is ranked on its keys read a batch at a time, and only
    the first `n` rows are then read whole (`rows.take`): the table is never held."""
    if "passages" not in audit.tables:
        return None
    if n is None or not _in_store(audit, "passages"):
        df = audit.tables.get("passages")
        out = df.copy()
        out["words"] = _words(out["text_a"], out["text_b"])
        out = out.sort_values(SORT, ascending=ASCENDING, kind="mergesort").reset_index(drop=True)
        return out if n is None else out.head(n)
    keys = []
    for b in batches(audit, "passages", ["page_a", "block_a", "text_a", "page_b", "block_b", "text_b", "score"]):
        k = b.drop(columns=["text_a", "text_b"])
        k["words"] = _words(b["text_a"], b["text_b"])
        keys.append(k)
    if not keys:
        return audit.tables.get("passages").assign(words=pd.Series(dtype="int64"))
    order = pd.concat(keys).sort_values(SORT, ascending=ASCENDING, kind="mergesort").head(n)
    top = take(audit, "passages", np.sort(order.index.to_numpy()))
    top["words"] = order["words"]
    return top.loc[order.index].reset_index(drop=True)
