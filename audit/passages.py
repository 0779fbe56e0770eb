"""Shared passages between pages: sentences (and whole lists) that one page copies or rewrites from another.

Units (per page, in the worker): every body sentence unit (headings and list items are one unit each), plus every
*list passage*: a run of two or more consecutive list items together with the sentence that introduces them (the last
sentence of the paragraph just before the list). A list passage lets a bullet list meet the sentence that
enumerates the same items in prose.

Each unit keeps its normalised text (surface words) and its *content lemmas*: lower-cased lookup lemmas of the words
that are not stop words, punctuation or symbols, hashed to ints.

Matching (main process, near-linear):

1. units with the same normalised text are grouped (one *distinct text* per group); a group on two or more pages is
   an `exact` shared passage;
2. candidate pairs of distinct texts come from an inverted index on unordered pairs of content lemmas (keys shared
   by more than `passage_max_key_df` distinct texts are too common to propose candidates; a key shared by more than
   `passage_key_window` texts pairs them with its first `passage_key_window` texts only) — never from all pairs;
3. each candidate is scored on content lemmas with IDF weights (topic words shared by every page weigh little):

   - `reformatted_list`: a list passage against a sentence, where at least `list_min_item_share` of the list's items
     are found (every content lemma of the item) in the sentence; score = that share;
   - `near_verbatim`: at least `near_verbatim_min` of the shorter unit's word trigrams (surface words, stop words
     included) occur in the other; score = that share;
   - `paraphrase`: weighted lemma overlap (IDF-weighted Dice) >= `passage_min_score` with at least
     `passage_min_shared_lemmas` shared content lemmas, and the shared lemmas carry at least `paraphrase_min_cover`
     of each unit's weight (both sentences say the same thing, not one topic word list inside a longer sentence);

   (`exact` scores 1.0.) Thresholds were set on the seeds: the three gold passages score 0.64 (trigrams), 1.0
   (items) and 0.72 (Dice, cover 0.65); the best-scoring pair that is not a shared passage has Dice 0.37, cover 0.34.

4. a match between list passages / sentences hides the matches of their parts for the same page pair (one row for
   the list, not one per bullet).

Rows for one match between groups of many pages are expanded to all cross-page pairs up to
`passage_max_rows_per_match`; above that each page is paired with the group's first page (a star), so the table stays
linear in the corpus size. `duplicate_share` never depends on that cap.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from .segment import normalise
from .shingles import stable_hash

PASSAGE_COLUMNS = ["page_a", "block_a", "text_a", "page_b", "block_b", "text_b", "score", "kind",
                   "lines_a", "lines_b"]
KINDS = ("exact", "near_verbatim", "reformatted_list", "paraphrase")

# unit tuple layout (picklable, no spaCy objects)
U_KIND, U_BLOCK, U_LINES, U_TEXT, U_NORM, U_WORDS, U_LEMMAS, U_ITEMS, U_MEMBERS = range(9)


# ---------------------------------------------------------------- worker side

def lemma_table(settings) -> Any:
    """The lookup lemmatizer's table of the default pipeline (None for a trained pipeline: use token.lemma_)."""
    from .nlp import load_nlp

    nlp = load_nlp(settings.segment.spacy_model)
    if "lemmatizer" not in nlp.pipe_names:
        return None
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_lookup"):
        return None
    return lookups.get_table("lemma_lookup")


def content_lemmas(span, table) -> list[str]:
    """Lower-cased lemmas of the content words of `span` (the lookup table is case-sensitive: look up lower case)."""
    out = []
    for tok in span:
        lemma = _content_lemma(tok, table)
        if lemma:
            out.append(lemma)
    return out


def _content_lemma(tok, table) -> str:
    if tok.is_punct or tok.is_space or tok.is_stop:
        return ""
    low = tok.lower_
    if not any(ch.isalnum() for ch in low):
        return ""
    if table is not None:
        return table.get(low, low)
    return tok.lemma_.lower() or low


_LEMMA_IDS: dict[int, dict[int, int]] = {}  # id(lookup table) -> token orth -> hashed lemma (0 = not a content word)


def content_lemma_ids(span, table) -> list[int]:
    """`content_lemmas` hashed to ints; with the lookup table (lemma = f(word)) cached per word."""
    if table is None:  # a trained pipeline's lemma depends on the context
        return [stable_hash(x) for x in content_lemmas(span, table)]
    cache = _LEMMA_IDS.setdefault(id(table), {})
    if len(cache) > 500_000:
        cache.clear()
    out = []
    for tok in span:
        v = cache.get(tok.orth)
        if v is None:
            lemma = _content_lemma(tok, table)
            v = cache[tok.orth] = stable_hash(lemma) if lemma else 0
        if v:
            out.append(v)
    return out


def page_units(body, units: list[dict], settings, table=None) -> list[tuple]:
    """The passage units of one page as compact tuples (see U_* indexes)."""
    blocks = {b.block: b for b in body}
    out: list[tuple] = []
    lemmas_of: dict[int, list[int]] = {}
    last_sentence_of_block: dict[int, int] = {}
    for u in units:
        span = u.get("_span")
        lem = content_lemma_ids(span, table) if span is not None else []
        lemmas_of[u["sentence"]] = lem
        last_sentence_of_block[u["block"]] = u["sentence"]
        b = blocks[u["block"]]
        kind = "sentence" if u["kind"] == "paragraph" else u["kind"]
        out.append((kind, (u["block"], u["block"]), (b.line_start, b.line_end), u["text"], normalise(u["text"]),
                    u["words"], _ids(lem), (), (u["sentence"],)))
    # list passages: consecutive list items + the sentence introducing them
    by_sentence = {u["sentence"]: u for u in units}
    item_units = [u for u in units if u["kind"] == "list_item"]
    runs: list[list[dict]] = []
    for u in item_units:
        if runs and u["block"] == runs[-1][-1]["block"] + 1:
            runs[-1].append(u)
        else:
            runs.append([u])
    for run in runs:
        if len(run) < 2:
            continue
        first_block = run[0]["block"]
        intro = None
        prev = blocks.get(first_block - 1)
        if prev is not None and prev.kind == "paragraph" and prev.block in last_sentence_of_block:
            intro = by_sentence[last_sentence_of_block[prev.block]]
        parts = ([intro] if intro else []) + run
        items_text = "; ".join(u["text"].rstrip(";,.") for u in run)
        text = f"{intro['text']} {items_text}" if intro else items_text
        lemmas = [lem for p in parts for lem in lemmas_of[p["sentence"]]]
        start_block = intro["block"] if intro else first_block
        out.append(("list", (start_block, run[-1]["block"]),
                    (blocks[start_block].line_start, blocks[run[-1]["block"]].line_end), text, normalise(text),
                    sum(p["words"] for p in parts), _ids(lemmas),
                    tuple(_ids(lemmas_of[u["sentence"]]) for u in run), tuple(p["sentence"] for p in parts)))
    return out


def _ids(lemma_ids: list[int]) -> tuple[int, ...]:
    return tuple(sorted(set(lemma_ids)))


# ---------------------------------------------------------------- corpus side

class _Distinct:
    __slots__ = ("key", "is_list", "norm", "lemmas", "items", "members", "pages", "weight", "trigrams")

    def __init__(self, key, is_list, norm, lemmas, items):
        self.key, self.is_list, self.norm, self.lemmas, self.items = key, is_list, norm, frozenset(lemmas), items
        self.members: list[tuple[int, int]] = []  # (page index, unit index)
        self.pages: set[int] = set()
        self.weight = 0.0
        self.trigrams = None

    def tri(self) -> set:
        if self.trigrams is None:
            w = self.norm.split()
            self.trigrams = {tuple(w[i:i + 3]) for i in range(len(w) - 2)} or {tuple(w)}
        return self.trigrams


def score_pair(a: _Distinct, b: _Distinct, idf: dict[int, float], settings) -> tuple[str, float] | None:
    """(kind, score) when the two distinct texts are a shared passage, else None."""
    shared = a.lemmas & b.lemmas
    if len(shared) < settings.passage_min_shared_lemmas:
        return None
    w_shared = sum(idf[x] for x in shared)
    cover_a, cover_b = w_shared / a.weight, w_shared / b.weight
    dice = 2 * w_shared / (a.weight + b.weight)
    if a.is_list != b.is_list:
        lst, other = (a, b) if a.is_list else (b, a)
        found = sum(1 for item in lst.items if item and set(item) <= other.lemmas)
        share = found / len(lst.items)
        if len(lst.items) >= 2 and found >= 2 and share >= settings.list_min_item_share:
            return "reformatted_list", round(share, 4)
        return None
    ta, tb = a.tri(), b.tri()
    verbatim = len(ta & tb) / min(len(ta), len(tb))
    if verbatim >= settings.near_verbatim_min:
        return "near_verbatim", round(verbatim, 4)
    if (dice >= settings.passage_min_score and min(cover_a, cover_b) >= settings.paraphrase_min_cover):
        return "paraphrase", round(dice, 4)
    return None


def find_passages(pages: list[tuple[str, list[tuple]]], settings) -> tuple[pd.DataFrame, dict[str, set[int]], dict]:
    """Shared passages across `pages` ([(page_id, units)], sorted by page_id).

    Returns the passage table, for each page the sentence indexes inside passages shared with another page, and
    counters (candidates scored, keys capped, ...).
    """
    distinct: dict[tuple, _Distinct] = {}
    for p, (_, units) in enumerate(pages):
        for k, u in enumerate(units):
            if len(u[U_LEMMAS]) < settings.passage_min_shared_lemmas:
                continue
            key = (u[U_KIND] == "list", u[U_NORM])
            d = distinct.get(key)
            if d is None:
                d = distinct[key] = _Distinct(key, u[U_KIND] == "list", u[U_NORM], u[U_LEMMAS], u[U_ITEMS])
            d.members.append((p, k))
            d.pages.add(p)
    ds = sorted(distinct.values(), key=lambda d: d.members[0])
    n = len(ds)
    df: dict[int, int] = defaultdict(int)
    for d in ds:
        for x in d.lemmas:
            df[x] += 1
    idf = {x: math.log((n + 1) / (c + 0.5)) for x, c in df.items()}
    for d in ds:
        d.weight = sum(idf[x] for x in d.lemmas) or 1.0

    candidates, capped = _candidate_pairs(ds, settings.passage_max_key_df, settings.passage_key_window)

    matches: list[tuple[int, int, str, float]] = []
    for i in range(n):  # exact: one text on several pages
        if len(ds[i].pages) > 1:
            matches.append((i, i, "exact", 1.0))
    for i, j in candidates:
        a, b = ds[i], ds[j]
        if len(a.pages) == 1 and a.pages == b.pages:
            continue  # both only on the same single page
        found = score_pair(a, b, idf, settings)
        if found:
            matches.append((i, j, found[0], found[1]))

    # per page: sentence indexes shared with another page (from every match, independent of the caps below)
    partner_pages: list[set[int]] = [set() for _ in range(n)]  # up to 2 pages of a text's partners: enough to decide
    for i, j, _, _ in matches:
        for d, other in ((i, j), (j, i)):
            got = partner_pages[d]
            if len(got) < 2:
                for q in other_pages_sample(ds[other].pages):
                    got.add(q)
                    if len(got) == 2:
                        break
    shared: dict[int, set[int]] = defaultdict(set)
    for d, got in zip(ds, partner_pages):
        if not got:
            continue
        for p, k in d.members:
            if len(got) > 1 or p not in got:
                shared[p].update(pages[p][1][k][U_MEMBERS])

    matches = _keep_best(matches, n, settings.passage_max_matches_per_text)
    rows = _expand(matches, ds, pages, settings)
    rows = _drop_subsumed(rows, pages)
    table = pd.DataFrame(rows, columns=PASSAGE_COLUMNS + ["_unit_a", "_unit_b"])
    table = table.sort_values(["page_a", "page_b", "block_a", "block_b", "_unit_a", "_unit_b"], kind="mergesort")
    table = table.drop(columns=["_unit_a", "_unit_b"]).reset_index(drop=True)
    stats = {"distinct_units": n, "candidates": len(candidates), "capped_keys": capped, "matches": len(matches)}
    return table, {pages[p][0]: s for p, s in shared.items()}, stats


def other_pages_sample(pages_set: set[int]) -> list[int]:
    """Two of a text's pages (the smallest), all a partner needs to know whether it is shared with another page."""
    return sorted(pages_set)[:2] if len(pages_set) <= 64 else sorted(heapq.nsmallest(2, pages_set))


def _keep_best(matches: list[tuple[int, int, str, float]], n: int, limit: int) -> list[tuple[int, int, str, float]]:
    """Rows stay linear in the corpus: a match is listed when it is among the `limit` best matches (score, then text
    order) of one of its two texts. A sentence rewritten on hundreds of pages yields its best matches, not all pairs
    of its variants; exact groups are always kept (their rows are capped by `_expand`)."""
    per: list[list[tuple[float, int, int]]] = [[] for _ in range(n)]
    for m, (i, j, _, score) in enumerate(matches):
        if i != j:
            per[i].append((-score, j, m))
            per[j].append((-score, i, m))
    keep = {m for m, (i, j, _, _) in enumerate(matches) if i == j}
    for lst in per:
        if len(lst) > limit:
            lst.sort()
        keep.update(m for _, _, m in lst[:limit])
    return [matches[m] for m in sorted(keep)]


def _candidate_pairs(ds: list[_Distinct], cap: int, window: int = 8) -> tuple[list[tuple[int, int]], int]:
    """Pairs of distinct texts sharing an unordered pair of content lemmas held by at most `cap` distinct texts
    (sorted, unique). Keys are computed with numpy: one (key, text) row per lemma pair of each text. A key held by
    more than `window` texts pairs each of them with the key's first `window` texts only (a sentence rewritten on
    hundreds of pages meets its first variants, not all of them: linear work, and rows are capped anyway)."""
    vocab: dict[int, int] = {}
    keys_parts, owner_parts = [], []
    tri_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # per text length
    for lemmas in (d.lemmas for d in ds):
        for x in lemmas:
            vocab.setdefault(x, len(vocab))
    v = max(len(vocab), 1)
    for i, d in enumerate(ds):
        n = len(d.lemmas)
        if n < 2:
            continue
        arr = np.sort(np.fromiter((vocab[x] for x in d.lemmas), dtype=np.int64, count=n))
        if n not in tri_cache:
            tri_cache[n] = np.triu_indices(n, k=1)
        a, b = tri_cache[n]
        keys_parts.append(arr[a] * v + arr[b])
        owner_parts.append(np.full(len(a), i, dtype=np.int64))
    if not keys_parts:
        return [], 0
    keys = np.concatenate(keys_parts)
    owners = np.concatenate(owner_parts)
    order = np.argsort(keys, kind="stable")
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    capped = int((sizes > cap).sum())
    codes = []
    n_ds = len(ds)
    ok = (sizes >= 2) & (sizes <= cap)
    g_starts, g_sizes = starts[ok], sizes[ok]
    for size in np.unique(g_sizes):  # all keys of one size at once
        size = int(size)
        a, b = np.triu_indices(size, k=1)
        if size > window:  # only pairs with one of the first `window` texts of the key: O(size * window)
            a, b = a[a < window], b[a < window]
        ids = owners[g_starts[g_sizes == size][:, None] + np.arange(size)]
        codes.append((ids[:, a] * n_ds + ids[:, b]).ravel())
    if not codes:
        return [], capped
    uniq = np.unique(np.concatenate(codes))
    return [(int(c // n_ds), int(c % n_ds)) for c in uniq], capped


def _expand(matches, ds, pages, settings) -> list[dict]:
    limit = settings.passage_max_rows_per_match
    rows: list[dict] = []
    for i, j, kind, score in matches:
        a, b = ds[i], ds[j]
        if i == j:
            m = len(a.members)
            if m * (m - 1) // 2 <= limit:
                pairs = [(x, y) for x, y in combinations(a.members, 2) if x[0] != y[0]]
            else:  # star around the first page holding the text
                first = a.members[0]
                pairs = [(first, y) for y in a.members[1:] if y[0] != first[0]]
        elif len(a.members) * len(b.members) <= limit:
            pairs = [(x, y) for x in a.members for y in b.members if x[0] != y[0]]
        else:  # each page holding one text paired with the first page holding the other; a text on more than
            # `limit` pages is represented by its first page (its other pages are in its own `exact` rows)
            ra = a.members if len(a.members) <= limit else a.members[:1]
            rb = b.members if len(b.members) <= limit else b.members[:1]
            pairs = sorted({(a.members[0], y) for y in rb if y[0] != a.members[0][0]}
                           | {(x, b.members[0]) for x in ra if x[0] != b.members[0][0]})
        for x, y in pairs:
            if x[0] > y[0]:
                x, y = y, x
            ua, ub = pages[x[0]][1][x[1]], pages[y[0]][1][y[1]]
            rows.append({"page_a": pages[x[0]][0], "block_a": ua[U_BLOCK][0], "text_a": ua[U_TEXT],
                         "page_b": pages[y[0]][0], "block_b": ub[U_BLOCK][0], "text_b": ub[U_TEXT],
                         "score": score, "kind": kind, "lines_a": _lines(ua), "lines_b": _lines(ub),
                         "_unit_a": x[1], "_unit_b": y[1], "_pa": x[0], "_pb": y[0]})
    return rows


def _lines(u: tuple) -> str:
    s, e = u[U_LINES]
    return str(s) if s == e else f"{s}-{e}"


def _drop_subsumed(rows: list[dict], pages) -> list[dict]:
    """Drop a row whose two units are parts of the two units of another row of the same page pair."""
    by_pair: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for r in rows:
        by_pair[(r["_pa"], r["_pb"])].append(r)
    keep: list[dict] = []
    for (pa, pb), rs in by_pair.items():
        covers = []
        for r in rs:
            ma = set(pages[pa][1][r["_unit_a"]][U_MEMBERS])
            mb = set(pages[pb][1][r["_unit_b"]][U_MEMBERS])
            covers.append((ma, mb))
        seen = set()
        for r, (ma, mb) in zip(rs, covers):
            key = (r["_unit_a"], r["_unit_b"])
            if key in seen:
                continue
            inside = any((ma <= oa and mb <= ob) and (ma, mb) != (oa, ob) for oa, ob in covers)
            if not inside:
                seen.add(key)
                keep.append(r)
    for r in keep:
        r.pop("_pa"), r.pop("_pb")
    return keep
