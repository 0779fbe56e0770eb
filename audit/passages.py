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
   `passage_key_window` texts pairs them with its first `passage_key_window` texts only), and only pairs sharing at
   least `passage_min_key_hits` such keys are candidates (4 shared content lemmas = 6 shared lemma pairs, so every
   pair that can score is proposed unless its keys are too common) — never from all pairs; on a topical site with a
   shared vocabulary this keeps the candidates near-linear (1k generated pages: 0.4 M candidates instead of 5.8 M);
3. each candidate is scored on content lemmas with IDF weights (topic words shared by every page weigh little),
   vectorised (sparse row products over text x lemma and text x word-trigram matrices; paraphrase decisions are
   re-checked with `score_pair`, so kinds and scores are exactly those of `score_pair`):

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

from spacy.attrs import ORTH

import numpy as np
import pandas as pd

from .segment import normalise
from .shingles import stable_hash

PASSAGE_COLUMNS = ["page_a", "block_a", "text_a", "page_b", "block_b", "text_b", "score", "kind",
                   "lines_a", "lines_b"]
KINDS = ("exact", "near_verbatim", "reformatted_list", "paraphrase")

# Words that turn a statement around ("doesn't" is normalised to "doesn t"): two sentences that share their content
# words but not their polarity are not a paraphrase of each other
NEGATIONS = frozenset({"not", "no", "never", "none", "nor", "neither", "cannot", "rarely", "seldom", "hardly",
                       "without", "t"})

# unit tuple layout (picklable, no spaCy objects)
U_KIND, U_BLOCK, U_LINES, U_TEXT, U_NORM, U_WORDS, U_LEMMAS, U_ITEMS, U_MEMBERS = range(9)


# ---------------------------------------------------------------- worker side

def lemma_table(settings) -> Any:
    """The default pipeline's lemma lookup table (None for a trained pipeline: use token.lemma_)."""
    from .nlp import lemma_table as table

    return table(settings.segment.spacy_model)


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


def content_lemma_ids(span, table, orths: list[int] | None = None) -> list[int]:
    """`content_lemmas` hashed to ints; with the lookup table (lemma = f(word)) cached per word. `orths`: the span's
    token ids (`doc.to_array(ORTH)` sliced), so that no spaCy Token object is made."""
    if table is None:  # a trained pipeline's lemma depends on the context
        return [stable_hash(x) for x in content_lemmas(span, table)]
    cache = _LEMMA_IDS.setdefault(id(table), {})
    if len(cache) > 500_000:
        cache.clear()
    if orths is None:
        orths = [tok.orth for tok in span]
    out = []
    get = cache.get
    for orth in orths:
        v = get(orth)
        if v is None:
            lemma = _content_lemma(span.doc.vocab[orth], table)  # a Lexeme: the same lexical flags as its tokens
            v = cache[orth] = stable_hash(lemma) if lemma else 0
        if v:
            out.append(v)
    return out


def page_units(body, units: list[dict], settings, table=None) -> list[tuple]:
    """The passage units of one page as compact tuples (see U_* indexes)."""
    blocks = {b.block: b for b in body}
    out: list[tuple] = []
    lemmas_of: dict[int, list[int]] = {}
    last_sentence_of_block: dict[int, int] = {}
    doc_orths: dict[int, list[int]] = {}  # id(doc) -> its token ids, read once per block
    for u in units:
        span = u.get("_span")
        if span is None:
            lem = []
        elif table is None:
            lem = content_lemma_ids(span, table)
        else:
            orths = doc_orths.get(id(span.doc))
            if orths is None:
                orths = doc_orths[id(span.doc)] = span.doc.to_array(ORTH).tolist() if len(span.doc) else []
            lem = content_lemma_ids(span, table, orths[span.start:span.end])
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
    __slots__ = ("key", "is_list", "norm", "lemmas", "items", "members", "pages", "weight", "trigrams", "_negated")

    def __init__(self, key, is_list, norm, lemmas, items):
        # lemmas: the unit's sorted unique tuple (a frozenset per text costs ~1 KB; `lset()` builds it when needed)
        self.key, self.is_list, self.norm, self.lemmas, self.items = key, is_list, norm, lemmas, items
        self.members: list[tuple[int, int]] = []  # (page index, unit index)
        self.pages: set[int] = set()
        self.weight = 0.0
        self.trigrams = None
        self._negated = None

    def negated(self) -> bool:
        """Whether the text says "not" in some way (not, never, rarely, no, n't ...): a paraphrase keeps polarity."""
        if self._negated is None:
            self._negated = not NEGATIONS.isdisjoint(self.norm.split())
        return self._negated

    def lset(self) -> frozenset:
        return frozenset(self.lemmas)

    def tri(self) -> set:
        if self.trigrams is None:
            w = self.norm.split()
            self.trigrams = {tuple(w[i:i + 3]) for i in range(len(w) - 2)} or {tuple(w)}
        return self.trigrams


def score_pair(a: _Distinct, b: _Distinct, idf: dict[int, float], settings) -> tuple[str, float] | None:
    """(kind, score) when the two distinct texts are a shared passage, else None."""
    a_set, b_set = a.lset(), b.lset()
    shared = a_set & b_set
    if len(shared) < settings.passage_min_shared_lemmas:
        return None
    w_shared = sum(idf[x] for x in shared)
    cover_a, cover_b = w_shared / a.weight, w_shared / b.weight
    dice = 2 * w_shared / (a.weight + b.weight)
    if a.is_list != b.is_list:
        lst, other = (a, b) if a.is_list else (b, a)
        other_set = b_set if lst is a else a_set
        found = sum(1 for item in lst.items if item and set(item) <= other_set)
        share = found / len(lst.items)
        if len(lst.items) >= 2 and found >= 2 and share >= settings.list_min_item_share:
            return "reformatted_list", round(share, 4)
        return None
    ta, tb = a.tri(), b.tri()
    verbatim = len(ta & tb) / min(len(ta), len(tb))
    if verbatim >= settings.near_verbatim_min:
        return "near_verbatim", round(verbatim, 4)
    if (dice >= settings.passage_min_score and min(cover_a, cover_b) >= settings.paraphrase_min_cover
            and a.negated() == b.negated()):  # "X is the usual treatment" vs "X rarely helps": same words, opposite
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
        d.weight = sum(idf[x] for x in d.lset()) or 1.0

    lemma_arrays = _lemma_arrays(ds)
    cand_i, cand_j, capped = _candidate_pairs(ds, settings.passage_max_key_df, settings.passage_key_window,
                                              settings.passage_min_key_hits, lemma_arrays)
    n_candidates = len(cand_i)

    matches: list[tuple[int, int, str, float]] = []
    for i in range(n):  # exact: one text on several pages
        if len(ds[i].pages) > 1:
            matches.append((i, i, "exact", 1.0))
    matches.extend(_score_candidates(ds, cand_i, cand_j, idf, settings, lemma_arrays))
    del cand_i, cand_j, lemma_arrays

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
    stats = {"distinct_units": n, "candidates": n_candidates, "capped_keys": capped, "matches": len(matches)}
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


def _lemma_arrays(ds: list[_Distinct]) -> tuple[dict[int, int], np.ndarray, np.ndarray]:
    """Lemma hash -> column (first seen first), lemmas per text, and all texts' lemma columns concatenated."""
    vocab: dict[int, int] = {}
    lens = np.fromiter((len(d.lemmas) for d in ds), dtype=np.int64, count=len(ds))
    flat = np.fromiter((vocab.setdefault(x, len(vocab)) for d in ds for x in d.lemmas), dtype=np.int64,
                       count=int(lens.sum()))
    return vocab, lens, flat


def _candidate_pairs(ds: list[_Distinct], cap: int, window: int = 8,
                     min_hits: int = 1, lemma_arrays=None) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs (i < j, two sorted int64 arrays, unique) of distinct texts sharing at least `min_hits` unordered pairs of
    content lemmas, each held by at most `cap` distinct texts. Keys are computed with numpy: one (key, text) row per
    lemma pair of each text. A key held by more than `window` texts pairs each of them with the key's first `window`
    texts only (a sentence rewritten on hundreds of pages meets its first variants, not all of them: linear work, and
    rows are capped anyway). Two texts sharing 4 content lemmas share 6 lemma pairs: with `min_hits` up to 6 every
    pair that can score (`passage_min_shared_lemmas` = 4) is proposed unless its keys are too common."""
    empty = np.zeros(0, dtype=np.int64)
    vocab, lens, flat = lemma_arrays or _lemma_arrays(ds)
    v = max(len(vocab), 1)
    n_all = np.int64(len(ds))
    combined = v * v * len(ds) < 2 ** 62  # key * n + owner in one int64: one sort, half the memory
    keys_parts, owner_parts = [], []
    offsets = np.r_[0, np.cumsum(lens)]
    for m in np.unique(lens):  # all texts with m lemmas at once
        m = int(m)
        if m < 2:
            continue
        texts = np.flatnonzero(lens == m)
        arr = np.sort(flat[offsets[texts][:, None] + np.arange(m)], axis=1)
        a, b = np.triu_indices(m, k=1)
        k = arr[:, a] * v + arr[:, b]
        del arr
        if combined:
            k *= n_all
            k += texts[:, None]
            keys_parts.append(k.ravel())
        else:
            keys_parts.append(k.ravel())
            owner_parts.append(np.repeat(texts, len(a)).astype(np.int32))
        del k
    if not keys_parts:
        return empty, empty, 0
    del flat
    if combined:
        both = np.concatenate(keys_parts)
        del keys_parts
        both.sort()
        owners = (both % n_all).astype(np.int32)
        both //= n_all
        keys = both
        del both
    else:
        keys = np.concatenate(keys_parts)
        owners = np.concatenate(owner_parts)
        del keys_parts, owner_parts
        order = np.lexsort((owners, keys))
        keys, owners = keys[order], owners[order]
        del order
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    del keys
    capped = int((sizes > cap).sum())
    ok = (sizes >= 2) & (sizes <= cap)
    g_starts, g_sizes = starts[ok], sizes[ok]
    n_ds = np.int64(len(ds))
    codes = []
    for size in np.unique(g_sizes):  # all keys of one size at once
        size = int(size)
        a, b = np.triu_indices(size, k=1)
        if size > window:  # only pairs with one of the first `window` texts of the key: O(size * window)
            a, b = a[a < window], b[a < window]
        ids = owners[g_starts[g_sizes == size][:, None] + np.arange(size)].astype(np.int64)
        codes.append((ids[:, a] * n_ds + ids[:, b]).ravel())
    del owners
    if not codes:
        return empty, empty, capped
    allc = np.concatenate(codes)
    del codes
    allc.sort()
    first = np.flatnonzero(np.r_[True, allc[1:] != allc[:-1]])
    hits = np.diff(np.r_[first, len(allc)])
    uniq = allc[first[hits >= min_hits]]
    del allc, first, hits
    return uniq // n_ds, uniq % n_ds, capped


def _trigram_matrix(ds: list[_Distinct]):
    """Texts x word trigrams (binary CSR; the `tri()` sets, numbered): built for the whole corpus with numpy."""
    from scipy import sparse

    words: dict[str, int] = {}
    split = [d.norm.split() for d in ds]
    lens = np.fromiter((len(w) for w in split), dtype=np.int64, count=len(ds))
    flat = np.fromiter((words.setdefault(w, len(words)) for ws in split for w in ws), dtype=np.int64,
                       count=int(lens.sum()))
    del split
    v = np.int64(max(len(words), 1) + 1)
    owner = np.repeat(np.arange(len(ds), dtype=np.int64), lens)
    rows, codes = [], []
    if len(flat) >= 3:
        same = (owner[:-2] == owner[2:])
        pos = np.flatnonzero(same)
        rows.append(owner[pos])
        codes.append((flat[pos] * v + flat[pos + 1]) * v + flat[pos + 2])
    short = np.flatnonzero((lens > 0) & (lens < 3))  # a text of 1-2 words is one "trigram" of all its words
    if len(short):
        offs = np.r_[0, np.cumsum(lens)]
        rows.append(short)
        codes.append(np.array([-1 - (flat[offs[t]] * v + (flat[offs[t] + 1] if lens[t] == 2 else v - 1))
                               for t in short], dtype=np.int64))
    if not rows:
        return sparse.csr_matrix((len(ds), 1), dtype=np.int32)
    r, c = np.concatenate(rows), np.concatenate(codes)
    _, cols = np.unique(c, return_inverse=True)
    m = sparse.csr_matrix((np.ones(len(r), dtype=np.int32), (r, cols)), shape=(len(ds), int(cols.max()) + 1))
    m.sum_duplicates()
    m.data[:] = 1
    return m


def _score_candidates(ds: list[_Distinct], ci: np.ndarray, cj: np.ndarray, idf: dict[int, float], settings,
                      lemma_arrays=None, chunk: int = 200_000) -> list[tuple[int, int, str, float]]:
    """`score_pair` over all candidate pairs, vectorised (sparse row products in chunks); the same decisions and
    scores. Pairs of a list passage and a sentence go through `score_pair` itself (few)."""
    from scipy import sparse

    n = len(ds)
    if not len(ci):
        return []
    single = np.fromiter((next(iter(d.pages)) if len(d.pages) == 1 else -1 for d in ds), dtype=np.int64, count=n)
    keep = ~((single[ci] >= 0) & (single[ci] == single[cj]))  # both only on the same single page
    ci, cj = ci[keep], cj[keep]
    is_list = np.fromiter((d.is_list for d in ds), dtype=bool, count=n)
    mixed = is_list[ci] != is_list[cj]
    out: list[tuple[int, int, str, float]] = []
    found: dict[tuple[int, int], tuple[str, float]] = {}
    for i, j in zip(ci[mixed].tolist(), cj[mixed].tolist()):
        f = score_pair(ds[i], ds[j], idf, settings)
        if f:
            found[(i, j)] = f
    ci, cj = ci[~mixed], cj[~mixed]
    if len(ci):
        vocab, lens, cols = lemma_arrays or _lemma_arrays(ds)
        inv = {c: x for x, c in vocab.items()}
        w = np.array([idf[inv[c]] for c in range(len(vocab))], dtype=np.float64)
        rows = np.repeat(np.arange(n), lens)
        lem = sparse.csr_matrix((np.ones(len(cols), dtype=np.int32), (rows, cols)), shape=(n, max(len(vocab), 1)))
        del rows, cols
        weight = np.fromiter((d.weight for d in ds), dtype=np.float64, count=n)
        min_shared = settings.passage_min_shared_lemmas
        parts = []
        for s in range(0, len(ci), chunk):  # pairs sharing enough content lemmas (score_pair's first test)
            a, b = ci[s:s + chunk], cj[s:s + chunk]
            shared = np.diff(lem[a].multiply(lem[b]).tocsr().indptr)
            parts.append(shared >= min_shared)
        ok = np.concatenate(parts)
        ci, cj = ci[ok], cj[ok]
        used = np.unique(np.r_[ci, cj])  # word trigrams of these texts only
        row_of = np.full(n, -1, dtype=np.int64)
        row_of[used] = np.arange(len(used))
        tri = _trigram_matrix([ds[t] for t in used.tolist()])
        tri_n = np.diff(tri.indptr)
        for s in range(0, len(ci), chunk):
            a, b = ci[s:s + chunk], cj[s:s + chunk]
            prod = lem[a].multiply(lem[b]).tocsr()
            if not len(a):
                continue
            w_shared = np.asarray(prod.multiply(w[None, :]).sum(axis=1)).ravel() if prod.nnz else np.zeros(len(a))
            # same summation order as score_pair (sum over the shared set) is not guaranteed: recompute the few
            # borderline paraphrase decisions exactly below
            ta, tb = row_of[a], row_of[b]
            inter = np.asarray(tri[ta].multiply(tri[tb]).sum(axis=1)).ravel()
            verbatim = inter / np.minimum(tri_n[ta], tri_n[tb])
            nv = verbatim >= settings.near_verbatim_min
            wa, wb = weight[a], weight[b]
            dice = 2 * w_shared / (wa + wb)
            cover = np.minimum(w_shared / wa, w_shared / wb)
            eps = 1e-9
            para = ~nv & (dice >= settings.passage_min_score - eps) & (cover >= settings.paraphrase_min_cover - eps)
            for i, j, sc in zip(a[nv].tolist(), b[nv].tolist(), verbatim[nv].tolist()):
                found[(i, j)] = ("near_verbatim", round(sc, 4))
            for i, j in zip(a[para].tolist(), b[para].tolist()):
                f = score_pair(ds[i], ds[j], idf, settings)  # exact float decision and score, as before
                if f:
                    found[(i, j)] = f
    for (i, j) in sorted(found):
        kind, score = found[(i, j)]
        out.append((i, j, kind, score))
    return out


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
