"""Term coverage: which glossary concepts each page mentions, gaps, overlapping pages, new terms, unexplained jargon.

Worker (`per_page`): the glossary's matcher (built once per process, `audit.glossary.compiled_glossary`) runs on
every body block's tokens (`audit.discovery.Tokens`, read once per block); only body blocks are seen, so site
template never counts. Stored per page in `result.extras["terms"]` (small and picklable):

- `hits`: {concept: (count, first block, first sentence unit)};
- `jargon`: first uses of technical concepts: [(concept, block, sentence, explained, how)];
- `candidates`: discovery candidates, a compact `audit.discovery.PageCandidates` (`as_dict()`: {key: [count, first
  sentence, {surface: count}, name-like uses, checkable uses]});
- `texts`: {sentence unit: text} of the sentences terms.csv and jargon.csv cite (resolved in the worker).

terms.csv and jargon.csv are page tables (`PAGE_TABLES`, `page_table_rows`, `page_tables`, as readability's): a
streaming run's workers format them chunk by chunk and `drop_page_table_data` then keeps only what the corpus step
needs (the hits, compact as `PageHits`, and the page's jargon counts). In the main process `absorb` shares one copy
of each of their strings across pages. No sentence text is read from the pages' units there: the discovered terms'
examples are looked up at the end (`Audit.sentence_texts`).

Main process (`per_corpus`):

- `terms.csv` — concept, category, page_id, count, first_block, first_text (the sentence of the first mention);
- `term_gaps.csv` — gap (`not covered` | `one page only` | `few in category`), category, concept, page_id, pages,
  detail;
- `term_overlap.csv` — page pairs whose main concepts coincide (keyword cannibalisation): page_a, page_b, score
  (cosine of the pages' concept profiles), primary_a/primary_b (each page's most mentioned concept), shared_main
  (main concepts in common), shared and shared_concepts (all concepts in common, main ones first);
- `term_candidates.csv` — discovered terms the glossary lacks, ranked, with an example sentence and a glossary line;
- `jargon.csv` — first use of every technical concept per page, explained or not, how, and the sentence;
- page columns: concepts_covered, term_mentions, concepts_<category>, jargon_unexplained;
- `audit.api`: `coverage` (concept x page counts), `coverage_by_category` (page x category concepts covered),
  `category_share` (share of each category's concepts a page covers), `term_overlap`, `term_gaps`
  (dict of lists), `glossary` (the loaded `Glossary`).
"""
from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_right
from typing import Any

import numpy as np
import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from . import discovery, jargon
from .glossary import GlossaryError, compiled_glossary, glossary_path, load_glossary, token_key  # noqa: F401 (re-export)
from .variants import resolve_page

TERMS_COLUMNS = ["concept", "category", "page_id", "count", "first_block", "first_line", "first_text", "match",
                 "partial_count", "how"]
GAP_COLUMNS = ["gap", "category", "concept", "page_id", "pages", "detail"]
OVERLAP_COLUMNS = ["page_a", "page_b", "score", "primary_a", "primary_b", "shared_main", "shared", "shared_concepts"]
CANDIDATE_COLUMNS = ["rank", "term", "count", "pages", "score", "variants", "example_page", "example_text",
                     "glossary_entry"]
JARGON_COLUMNS = ["page_id", "concept", "category", "block", "line", "sentence", "explained", "how", "text"]

_PLAIN: dict[int, list[frozenset[str]]] = {}


def _plain_keys(cg) -> list[frozenset[str]]:
    """Per concept: the content-word keys of its `plain` text, minus the concept's own words."""
    cached = _PLAIN.get(id(cg))
    if cached is None:
        cached = []
        for concept in cg.glossary.concepts:
            own = {token_key(w) for f in concept.forms for w in f.term.replace("-", " ").split()}
            words = [w.strip(".,;:()'\"’") for w in concept.plain.replace("-", " ").split()]
            keys = {token_key(w) for w in words if w and w.lower() not in STOP_WORDS and w.isalpha()}
            cached.append(frozenset(keys - own - set(STOP_WORDS)))
        _PLAIN[id(cg)] = cached
    return cached


# ------------------------------------------------------------------ worker

def per_page(result, body, docs, units, settings) -> None:
    ts = settings.terms
    cg = compiled_glossary(ts.glossary, settings.segment.spacy_model)
    names, technical = cg.names, cg.technical
    # per block: its units' first tokens, ends and sentence indices (units are in text order)
    spans_by_block: dict[int, tuple[list[int], list[int], list[int]]] = {}
    for unit in units:
        span = unit["_span"]
        entry = spans_by_block.get(unit["block"])
        if entry is None:
            entry = spans_by_block[unit["block"]] = ([], [], [])
        entry[0].append(span.start)
        entry[1].append(span.end)
        entry[2].append(unit["sentence"])

    hits: dict[str, list[int]] = {}
    occurrences: dict[int, list[tuple[int, Any, int, int]]] = {}  # concept -> [(unit, doc, s, e)]
    matched_by_block: dict[int, list[tuple[int, int]]] = {}
    tokens: dict[int, discovery.Tokens] = {}
    block_text: dict[int, str] = {}
    no_spans = ((), (), ())
    seen_how: dict[str, list] = {}  # concept -> [partial mentions, {form reason: None} in order of first use]
    page_found = []
    for block, doc in zip(body, docs):
        b = block.block
        tok = tokens[b] = discovery.tokens_of(doc, block.text)
        block_text[b] = block.text  # = doc.text (the Doc was made from it), without a token walk
        memo = tok.memo
        if memo is None:
            found = cg.match(doc, tokens=tok, partial=True)
        else:  # (a shared block's matches are remembered)
            found = memo.get(cg)
            if found is None:
                found = memo[cg] = cg.match(doc, tokens=tok, partial=True)
        page_found.append(found)
    for block, doc, found in zip(body, docs, resolve_page(cg, page_found, [tokens[b.block] for b in body])):
        b = block.block
        if not found:
            continue
        matched_by_block[b] = [(m.start, m.end) for m in found]
        starts, ends, sentences = spans_by_block.get(b, no_spans)
        for m in found:
            k = bisect_right(starts, m.start) - 1  # the unit of the match's first token (-1: none)
            sentence = sentences[k] if k >= 0 and m.start < ends[k] else -1
            ci = m.concept
            name = names[ci]
            entry = hits.get(name)
            if entry is None:
                hits[name] = [1, b, sentence]
                seen_how[name] = [0, {}]
            else:
                entry[0] += 1
            forms = seen_how[name]
            forms[0] += m.part >= 0
            forms[1][m.how.split(": ")[0] if m.part >= 0 else m.how] = None
            if technical[ci]:
                occ = occurrences.get(ci)
                if occ is None:
                    occurrences[ci] = [(sentence, doc, m.start, m.end)]
                else:
                    occ.append((sentence, doc, m.start, m.end))

    # jargon: is the first use of each technical concept explained in place?
    checks = []
    plain = _plain_keys(cg) if occurrences else []
    unit_by_index = {u["sentence"]: u for u in units}
    content: dict[int, set[str]] = {}  # unit -> its content-word keys
    for ci, occ in occurrences.items():
        first_unit = occ[0][0]
        window = (first_unit, first_unit + 1) if first_unit >= 0 else ()
        how = ""
        for sentence, odoc, s, e in occ:
            if sentence not in window:
                if sentence > first_unit + 1:
                    break  # occurrences are in text order
                continue
            unit = unit_by_index[sentence]
            span, text = unit["_span"], block_text[unit["block"]]
            before = text[span.start_char:odoc[s].idx]
            end_char = odoc[e - 1].idx + len(odoc[e - 1].text)
            after = text[end_char:span.end_char]
            how = jargon.definition_pattern(before, after, text[odoc[s].idx:end_char])
            if how:
                break
        if not how:
            context: set[str] = set()
            for sentence in window:
                if sentence in unit_by_index:
                    keys = content.get(sentence)
                    if keys is None:
                        unit = unit_by_index[sentence]
                        span = unit["_span"]
                        keys = content[sentence] = tokens[unit["block"]].content_keys(span.start, span.end)
                    context |= keys
            shared = jargon.plain_overlap(plain[ci], context, ts.jargon_min_plain_words)
            if shared:
                how = "plain words: " + ", ".join(shared)
        first_block = hits[names[ci]][1]
        checks.append((names[ci], first_block, first_unit, bool(how), how))

    trained = bool(docs) and docs[0].has_annotation("DEP")
    cands = discovery.page_candidates(units, tokens, matched_by_block, ts.discovery_max_words, trained)
    # the sentences terms.csv and jargon.csv cite (resolved here: the rows never need the page's units)
    n_units = len(units)
    texts: dict[int, str] = {}
    lines: dict[tuple[int, int], int] = {}  # (block, sentence) -> the file line of the sentence (else the block's)
    block_line = {b.block: b.line_start for b in body}
    for block, sentence in [(entry[1], entry[2]) for entry in hits.values()] + [(c[1], c[2]) for c in checks]:
        if 0 <= sentence < n_units:
            if sentence not in texts:
                texts[sentence] = units[sentence]["text"]
            lines[(block, sentence)] = units[sentence]["line"]
        else:
            lines[(block, sentence)] = block_line.get(block, 0)
    result.extras["terms"] = {"hits": {name: tuple(entry) for name, entry in hits.items()}, "jargon": checks,
                              "candidates": cands, "texts": texts, "lines": lines,
                              "how": {name: (partial, "; ".join(reasons)) for name, (partial, reasons) in seen_how.items()}}


# ------------------------------------------------------------------ corpus

def absorb(extras: dict[str, Any]) -> None:
    """Main process, as each page's results arrive from a worker: share one copy of every string (concept names,
    jargon `how`, candidate keys and surfaces) across pages instead of one copy per page."""
    ex = extras.get("terms")
    if ex is None:
        return
    intern = sys.intern
    hits = ex.get("hits")
    if isinstance(hits, dict):
        ex["hits"] = {intern(name): entry for name, entry in hits.items()}
    elif isinstance(hits, PageHits):
        hits.names = tuple(map(intern, hits.names))
    checks = ex.get("jargon")
    if checks:
        ex["jargon"] = [(intern(name), block, sentence, explained, intern(how))
                        for name, block, sentence, explained, how in checks]
    if isinstance(ex.get("candidates"), discovery.PageCandidates):
        ex["candidates"].interned()


class PageHits:
    """One page's glossary hits, compact (a streaming run keeps them for every page until the corpus step): `names`
    (the concepts, in first-mention order; interned in the main process by `absorb`) and `stats` (3 ints per
    concept: count, first block, first sentence unit + 1; `discovery._packed`). Reads like the {concept: (count,
    first block, first sentence)} dict it replaces (`items`, iteration, `len`, `[concept]`)."""

    __slots__ = ("names", "stats")

    def __init__(self, names: tuple[str, ...], stats) -> None:
        self.names, self.stats = names, stats

    @classmethod
    def from_dict(cls, hits: dict[str, tuple[int, int, int]]) -> "PageHits":
        stats = []
        for count, block, sentence in hits.values():
            stats += (count, block, sentence + 1)  # (sentence -1: a match outside every unit)
        return cls(tuple(hits), discovery._packed(stats))

    def __reduce__(self):
        return _page_hits, (self.names, self.stats.typecode, self.stats.tobytes())

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self):
        return iter(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __getitem__(self, name: str) -> tuple[int, int, int]:
        i = 3 * self.names.index(name)
        st = self.stats
        return st[i], st[i + 1], st[i + 2] - 1

    def keys(self):
        return self.names

    def items(self):
        st = self.stats
        return [(name, (st[3 * i], st[3 * i + 1], st[3 * i + 2] - 1)) for i, name in enumerate(self.names)]

    def counts(self):
        return self.stats[0::3]

    def as_dict(self) -> dict[str, tuple[int, int, int]]:
        return dict(self.items())


def _page_hits(names: tuple[str, ...], typecode: str, data: bytes) -> PageHits:
    """(Unpickling a `PageHits`.)"""
    stats = array(typecode)
    stats.frombytes(data)
    return PageHits(tuple(map(sys.intern, names)), stats)  # (one copy of each concept name across pages)


def _hit_counts(hits) -> list[int]:
    """A page's hit counts, in the order of its concepts (`hits`: a dict or `PageHits`)."""
    if isinstance(hits, PageHits):
        return list(hits.counts())
    return [entry[0] for entry in hits.values()]


def _hit_columns(hits) -> tuple[Any, Any, Any]:
    """A page's hits as three columns in the order of its concepts: counts, first blocks, first sentences."""
    if isinstance(hits, PageHits):
        st = hits.stats
        return st[0::3], st[1::3], [x - 1 for x in st[2::3]]
    if not hits:
        return (), (), ()
    return tuple(zip(*hits.values()))


def _main_concepts(hits: dict[str, list[int]], n: int) -> list[str]:
    order = sorted(hits.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[1][2], kv[0]))
    return [name for name, _ in order[:n]]


_CANDIDATES_MAX = 4096  # candidate entries per row beyond which `_top_partners` asks `np.argpartition` directly


def _top_partners(sims: np.ndarray, lo: int, k: int, sample: np.ndarray, floor: np.float32) -> tuple[np.ndarray, ...]:
    """Rows (lo + r), partners and scores of each row's `k` most similar columns in `sims` (diagonal already -1),
    exactly as `np.argpartition(-row, k - 1)[:k]` selects them — except that those of score < `floor` may be left
    out (a caller drops them anyway). Each row's k-th largest value is at least the k-th largest of its
    `sample` columns (`bound`), so only entries >= max(bound, floor) are candidates; among them the top k is read
    off directly unless entries tie at the k-th place (or a row has very many candidates): then argpartition on
    the whole row decides, as before."""
    b = sims.shape[0]
    sub = sims[:, sample]
    bound = np.partition(sub, sub.shape[1] - k, axis=1)[:, sub.shape[1] - k]
    thr = np.maximum(bound, floor)
    found = [_nonzero(sims[r:r + 64] >= thr[r:r + 64, None]) for r in range(0, b, 64)]  # (64 rows: in cache)
    rr = np.concatenate([f[0] + r for f, r in zip(found, range(0, b, 64))])
    cc = np.concatenate([f[1] for f in found])
    vals = sims[rr, cc]
    cnt = np.bincount(rr, minlength=b)
    big = cnt >= k  # rows with fewer candidates: all of them are in the top k (every other entry is smaller)
    fallback = cnt > _CANDIDATES_MAX
    keep = np.ones(len(rr), dtype=bool)
    if big.any():
        small = big & ~fallback
        use = small[rr]
        r_u, v_u = rr[use], vals[use]
        width = max(k, int(cnt[small].max()) if small.any() else 1)
        table = np.full((b, width), np.inf, dtype=sims.dtype)  # per row: its candidates, negated (+inf: none)
        table[r_u, _positions(rr, cnt)[use]] = -v_u
        kth = -np.partition(table, k - 1, axis=1)[:, k - 1]  # the k-th largest candidate (= the row's k-th largest)
        ue = kth[rr]
        n_above = np.bincount(rr[use & (vals > ue)], minlength=b)
        n_equal = np.bincount(rr[use & (vals == ue)], minlength=b)
        fallback |= small & (n_equal != k - n_above)  # ties at the k-th place: argpartition's choice
        keep = ~big[rr] | (vals >= ue)
    keep &= ~fallback[rr]
    rows, cols, scores = [rr[keep] + lo], [cc[keep]], [vals[keep]]
    for r in np.nonzero(fallback)[0].tolist():
        row = sims[r]
        top = np.argpartition(-row, k - 1)[:k]
        rows.append(np.full(len(top), lo + r))
        cols.append(top)
        scores.append(row[top])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)


def _nonzero(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.nonzero(mask)` of a 2-D C-contiguous boolean array with few True entries, faster: the array read as
    64-bit words (8 entries each), then only the non-zero words' entries looked at."""
    flat = mask.reshape(-1)
    n = len(flat) // 8 * 8
    words = np.flatnonzero(flat[:n].view(np.uint64))
    idx = (words[:, None] * 8 + np.arange(8)).reshape(-1)
    idx = idx[flat[idx]]
    if n < len(flat):
        idx = np.concatenate([idx, np.flatnonzero(flat[n:]) + n])
    return np.divmod(idx, mask.shape[1])


def _positions(rr: np.ndarray, cnt: np.ndarray) -> np.ndarray:
    """Each entry's place within its row (`rr` sorted, `cnt` entries per row)."""
    starts = np.cumsum(cnt) - cnt
    return np.arange(len(rr)) - starts[rr]


def _overlap(page_ids: list[str], hits_by_page: dict[str, dict], names: list[str], ts) -> pd.DataFrame:
    """Page pairs targeting the same topics: concept profiles (1 + ln count per concept) with a cosine of at least
    `overlap_min_score`, sharing their primary (most mentioned) concept or at least `overlap_min_shared` of their
    `overlap_main_concepts` main concepts. Bounded on large sites: each page keeps its `overlap_max_partners` most
    similar partners (computed in blocks of rows, so memory stays at 256 x pages; numpy over whole blocks: see
    `_top_partners`)."""
    ids = [p for p in page_ids if hits_by_page.get(p)]
    if len(ids) < 2:
        return pd.DataFrame(columns=OVERLAP_COLUMNS)
    n, m = len(ids), len(names)
    col = {name: i for i, name in enumerate(names)}
    name_rank = np.empty(m, dtype=np.int64)
    name_rank[sorted(range(m), key=names.__getitem__)] = np.arange(m)
    # every (page, concept) hit: row, concept, count, first block, first sentence
    hp: list[int] = []
    hc: list[int] = []
    hn: list[int] = []
    hb: list[int] = []
    hs: list[int] = []
    for r, p in enumerate(ids):
        hits = hits_by_page[p]
        count_, block_, sentence_ = _hit_columns(hits)
        hp += [r] * len(count_)
        hc += map(col.__getitem__, hits)
        hn += count_
        hb += block_
        hs += sentence_
    hp, hc, hn = np.asarray(hp, dtype=np.intp), np.asarray(hc, dtype=np.intp), np.asarray(hn, dtype=np.int64)
    logs = {c: 1 + math.log(c) for c in set(hn.tolist())}
    w = np.zeros((n, m), dtype=np.float32)
    w[hp, hc] = np.asarray([logs[c] for c in hn.tolist()], dtype=np.float64)  # (as assigning each float)
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    w /= np.where(norms == 0, 1, norms)
    counts = np.zeros((n, m), dtype=np.int64)
    counts[hp, hc] = hn
    # main concepts (`_main_concepts`): most mentioned first, then first block, first sentence, name
    order = np.lexsort((name_rank[hc], np.asarray(hs, dtype=np.int64), np.asarray(hb, dtype=np.int64), -hn, hp))
    place = _positions(hp[order], np.bincount(hp, minlength=n))
    main = np.zeros((n, m), dtype=bool)
    first = order[place < ts.overlap_main_concepts]
    main[hp[first], hc[first]] = True
    primary = np.empty(n, dtype=np.intp)
    top1 = order[place == 0]
    primary[hp[top1]] = hc[top1]

    k = max(1, min(ts.overlap_max_partners, n - 1))
    floor = np.float32(ts.overlap_min_score)
    if float(floor) > ts.overlap_min_score:  # every float32 score >= the setting is >= floor
        floor = np.nextafter(floor, np.float32(-np.inf))
    sample = np.unique(np.linspace(0, n - 1, min(n, 1024)).astype(np.intp))
    found_i, found_j, found_s = [], [], []
    step = 256  # (rows x pages float32: 100 MB at 100k pages)
    for lo in range(0, n, step):
        sims = w[lo:lo + step] @ w.T
        b = sims.shape[0]
        sims[np.arange(b), lo + np.arange(b)] = -1
        if k < n:
            i, j, s = _top_partners(sims, lo, k, sample, floor)
        else:
            i, j = np.repeat(np.arange(b) + lo, n), np.tile(np.arange(n), b)
            s = sims.ravel()
        found_i.append(i)
        found_j.append(j)
        found_s.append(s)
        del sims
    i, j, s = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)
    shared_main = (main[i] & main[j]).sum(axis=1)
    ok = (j != i) & (s.astype(np.float64) >= ts.overlap_min_score)
    ok &= (shared_main >= ts.overlap_min_shared) | (primary[i] == primary[j])
    i, j, s = i[ok], j[ok], s[ok]
    # each pair once, with the score of the last row that kept it (rows in order, as a dict would keep it)
    a, b_ = np.minimum(i, j), np.maximum(i, j)
    key = a.astype(np.int64) * n + b_
    last = np.lexsort((i, key))
    last = last[np.append(key[last][1:] != key[last][:-1], True)] if len(last) else last
    a, b_, s = a[last], b_[last], s[last]
    out: dict[str, list] = {c: [] for c in OVERLAP_COLUMNS}  # columns, not a dict per row (memory at scale)
    labels = np.asarray(names, dtype=object)
    for lo in range(0, len(a), 8192):  # (in slices: pairs x concepts arrays)
        pa, pb = a[lo:lo + 8192], b_[lo:lo + 8192]
        ca, cb = counts[pa], counts[pb]
        both = (ca > 0) & (cb > 0)
        mains_both = main[pa] & main[pb]
        total = ca + cb
        # shared concepts: main ones (of both pages) first, then most mentioned, then by name; the others last
        rank_key = (~mains_both).astype(np.int64) * (1 << 50) + (int(total.max(initial=0)) - total) * m + name_rank
        rank_key[~both] = np.iinfo(np.int64).max
        ordered = np.argsort(rank_key, axis=1)
        n_shared = both.sum(axis=1).tolist()
        out["page_a"] += map(ids.__getitem__, pa.tolist())
        out["page_b"] += map(ids.__getitem__, pb.tolist())
        out["score"] += [round(x, 4) for x in s[lo:lo + 8192].tolist()]
        out["primary_a"] += map(names.__getitem__, primary[pa].tolist())
        out["primary_b"] += map(names.__getitem__, primary[pb].tolist())
        out["shared_main"] += mains_both.sum(axis=1).tolist()
        out["shared"] += n_shared
        out["shared_concepts"] += ["; ".join(labels[ordered[x, :k_]].tolist()) for x, k_ in enumerate(n_shared)]
    # by score (rounded), then page_a, page_b: ids are in page order, so their positions sort as the ids do
    rank_of = np.empty(n, dtype=np.int64)
    rank_of[sorted(range(n), key=ids.__getitem__)] = np.arange(n)
    order = np.lexsort((rank_of[b_], rank_of[a], -np.asarray(out["score"], dtype=np.float64))).tolist()
    return pd.DataFrame({c: [v[x] for x in order] for c, v in out.items()}, columns=OVERLAP_COLUMNS)


KEY = "terms"
PAGE_TABLES = {"terms": TERMS_COLUMNS, "jargon": JARGON_COLUMNS}
_CATEGORY: dict[int, dict[str, str]] = {}


def _categories(cg) -> dict[str, str]:
    cached = _CATEGORY.get(id(cg))
    if cached is None:
        cached = _CATEGORY[id(cg)] = {c.name: c.category for c in cg.glossary.concepts}
    return cached


def _page_rows(page_id: str, ex: dict[str, Any], category: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    texts, lines = ex.get("texts", {}), ex.get("lines", {})
    forms_how = ex.get("how", {})  # concept -> (partial mentions, the reasons of the forms seen)
    return {
        "terms": [{"concept": name, "category": category.get(name, ""), "page_id": page_id, "count": count,
                   "first_block": block, "first_line": lines.get((block, sentence), 0),
                   "first_text": texts.get(sentence, ""),
                   "match": "partial" if forms_how.get(name, (0, ""))[0] == count else "full",
                   "partial_count": forms_how.get(name, (0, ""))[0], "how": forms_how.get(name, (0, ""))[1]}
                  for name, (count, block, sentence) in ex["hits"].items()],
        "jargon": [{"page_id": page_id, "concept": name, "category": category.get(name, ""), "block": block,
                    "line": lines.get((block, sentence), 0), "sentence": sentence, "explained": explained,
                    "how": how, "text": texts.get(sentence, "")}
                   for name, block, sentence, explained, how in ex["jargon"]],
    }


def page_table_rows(page_id: str, ex: dict[str, Any], settings) -> dict[str, list[dict[str, Any]]]:
    """One page's rows of terms.csv and jargon.csv (tables made of per-page rows only: a streaming run formats them
    in the workers, chunk by chunk). The sentences they cite come with the page's results (`texts`)."""
    cg = compiled_glossary(settings.terms.glossary, settings.segment.spacy_model)
    return _page_rows(page_id, ex, _categories(cg))


def drop_page_table_data(ex: dict[str, Any]) -> None:
    """What only `page_table_rows` reads, released once the rows are made (streaming: memory). The corpus step
    keeps the hits (compact: `PageHits`) and, of the jargon checks, the page's counts."""
    checks = ex.get("jargon") or []
    ex["jargon_uses"] = len(checks)
    ex["jargon_unexplained"] = sum(1 for check in checks if not check[3])
    ex["jargon"] = []
    ex.pop("texts", None)
    ex.pop("how", None)
    ex.pop("lines", None)
    if isinstance(ex.get("hits"), dict):
        ex["hits"] = PageHits.from_dict(ex["hits"])


def _jargon_counts(ex: dict[str, Any]) -> tuple[int, int]:
    """A page's jargon first uses and unexplained ones (from its checks, or what `drop_page_table_data` kept)."""
    if "jargon_uses" in ex:
        return ex["jargon_uses"], ex["jargon_unexplained"]
    checks = ex["jargon"]
    return len(checks), sum(1 for check in checks if not check[3])


def page_tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pd.DataFrame]:
    """The tables from pages' rows (in page order, each page once): terms by page, most mentioned first, then first
    block and concept; jargon by page, sentence and concept. (Sorting a run of whole pages gives the rows of the
    sort of all pages: page ids are unique and ascending.)"""
    terms = pd.DataFrame(rows["terms"], columns=TERMS_COLUMNS)
    if len(terms):
        terms = terms.sort_values(["page_id", "count", "first_block", "concept"], ascending=[True, False, True, True],
                                  kind="stable").reset_index(drop=True)
    jtable = pd.DataFrame(rows["jargon"], columns=JARGON_COLUMNS)
    if len(jtable):
        jtable = jtable.sort_values(["page_id", "sentence", "concept"], kind="stable").reset_index(drop=True)
    return {"terms": terms, "jargon": jtable}


class _Candidates:
    """(page_id, candidates) of the pages, read from their results anew on every pass (`discovery.rank` makes
    two): a streaming run's results are unpickled on access, and need not all be in memory at once."""

    def __init__(self, ok: list) -> None:
        self.ok = ok

    def __iter__(self):
        return ((r.page.page_id, r.extras["terms"]["candidates"]) for r in self.ok)


def per_corpus(audit, results, settings) -> None:
    ts = settings.terms
    glossary = load_glossary(glossary_path(ts.glossary))
    concepts = glossary.concepts
    category = {c.name: c.category for c in concepts}
    names = [c.name for c in concepts]
    categories = glossary.categories
    ok = [r for r in results if r.page.status == "ok" and "terms" in r.extras]
    page_ids = [r.page.page_id for r in ok]
    hits_by_page = {r.page.page_id: r.extras["terms"]["hits"] for r in ok}

    tables = None
    if not audit.streamed("terms"):  # (a streaming run's workers wrote terms and jargon, chunk by chunk)
        rows: dict[str, list] = {"terms": [], "jargon": []}
        for r in ok:
            page = _page_rows(r.page.page_id, r.extras["terms"], category)
            rows["terms"] += page["terms"]
            rows["jargon"] += page["jargon"]
        tables = page_tables(rows)
        del rows
        audit.tables["terms"] = tables["terms"]

    row_of = {n: i for i, n in enumerate(names)}
    counts = np.zeros((len(names), len(page_ids)), dtype=np.int64)
    ci: list[int] = []
    pj: list[int] = []
    cn: list[int] = []
    for j, p in enumerate(page_ids):
        hits = hits_by_page[p]
        ci += [row_of[name] for name in hits]
        pj += [j] * len(hits)
        cn += _hit_counts(hits)
    counts[np.asarray(ci, dtype=np.intp), np.asarray(pj, dtype=np.intp)] = cn
    del ci, pj, cn
    coverage = pd.DataFrame(counts, index=pd.Index(names, name="concept"), columns=pd.Index(page_ids, name="page_id"))
    covered = coverage > 0
    by_category = pd.DataFrame({cat: covered[[category[n] == cat for n in names]].sum(axis=0) for cat in categories},
                               index=pd.Index(page_ids, name="page_id"), columns=categories).astype("int64")
    per_cat_total = pd.Series({cat: sum(1 for n in names if category[n] == cat) for cat in categories})
    share = by_category / per_cat_total if len(by_category) else by_category.astype(float)

    # gaps
    n_pages = covered.sum(axis=1)
    gap_rows = []
    for c in concepts:
        if n_pages.get(c.name, 0) == 0:
            gap_rows.append({"gap": "not covered", "category": c.category, "concept": c.name, "page_id": "",
                             "pages": 0, "detail": "no page mentions it"})
    for c in concepts:
        if n_pages.get(c.name, 0) == 1:
            p = page_ids[int(np.argmax(counts[row_of[c.name]] > 0))]
            gap_rows.append({"gap": "one page only", "category": c.category, "concept": c.name, "page_id": p,
                             "pages": 1, "detail": f"only {p} mentions it ({int(coverage.loc[c.name, p])}x)"})
    few = by_category.to_numpy()
    for i, j in zip(*np.nonzero(few <= ts.few_concepts_per_category)):
        p, cat, k = page_ids[i], categories[j], int(few[i, j])
        gap_rows.append({"gap": "few in category", "category": cat, "concept": "", "page_id": p,
                         "pages": k, "detail": f"covers {k} of {int(per_cat_total[cat])} {cat} concepts"})
    gaps = pd.DataFrame(gap_rows, columns=GAP_COLUMNS)
    audit.tables["term_gaps"] = gaps

    overlap = _overlap(page_ids, hits_by_page, names, ts)
    audit.tables["term_overlap"] = overlap

    # discovery
    # (an n-gram overlapping a glossary match is never a candidate; this also drops exact-case forms seen in
    # another case, e.g. "mri scan", without loading a pipeline in the main process)
    gkeys = {discovery.phrase_key(f.term) for c in concepts for f in c.forms}
    cands = discovery.rank(_Candidates(ok), gkeys, ts.discovery_min_count, ts.discovery_top)
    for row, text in zip(cands, audit.sentence_texts([row["example_sentence"] for row in cands])):
        row["example_text"] = text
    audit.tables["term_candidates"] = pd.DataFrame(cands, columns=CANDIDATE_COLUMNS)

    # jargon
    if tables is not None:
        audit.tables["jargon"] = tables["jargon"]
    unexplained: dict[str, int] = {}
    first_uses = n_unexplained = 0
    for r in ok:
        uses, bad = _jargon_counts(r.extras["terms"])
        unexplained[r.page.page_id] = bad
        first_uses += uses
        n_unexplained += bad

    # page columns (skipped pages NaN)
    pages = audit.pages
    n_cov = covered.sum(axis=0)
    mentions = coverage.sum(axis=0)
    pages["concepts_covered"] = pages["page_id"].map(n_cov.to_dict())
    pages["term_mentions"] = pages["page_id"].map(mentions.to_dict())
    for cat in categories:
        pages[f"concepts_{cat}"] = pages["page_id"].map(by_category[cat].to_dict())
    pages["jargon_unexplained"] = pages["page_id"].map(unexplained)

    audit.api["glossary"] = glossary
    audit.api["coverage"] = coverage
    audit.api["coverage_by_category"] = by_category
    audit.api["category_share"] = share
    audit.api["term_overlap"] = overlap
    audit.api["term_gaps"] = {
        "not_covered": gaps.loc[gaps["gap"] == "not covered", "concept"].tolist(),
        "one_page_only": gaps.loc[gaps["gap"] == "one page only", "concept"].tolist(),
        "few_in_category": gaps.loc[gaps["gap"] == "few in category", ["page_id", "category", "pages"]]
        .to_dict("records"),
    }
    audit.api["jargon_counts"] = {"first_uses": first_uses, "unexplained": n_unexplained}


def summary(audit, settings) -> dict:
    glossary = audit.api.get("glossary")
    if glossary is None:
        return {}
    coverage = audit.api["coverage"]
    gaps = audit.api["term_gaps"]
    jc = audit.api.get("jargon_counts")
    if jc is None:  # (an Audit whose corpus step predates the counts: from the table)
        jt = audit.tables.get("jargon", pd.DataFrame(columns=JARGON_COLUMNS))
        jc = {"first_uses": int(len(jt)),
              "unexplained": int((~jt["explained"].astype(bool)).sum()) if len(jt) else 0}
    cands = audit.tables.get("term_candidates", pd.DataFrame(columns=CANDIDATE_COLUMNS))
    per_page = (coverage > 0).sum(axis=0)
    return {"terms": {
        "glossary": (glossary_path(settings.terms.glossary).name if settings.terms.glossary
                     else "audit/data/glossary.yml"),
        "glossary_sha256": glossary.sha256,
        "concepts": len(glossary),
        "concepts_covered": int(((coverage > 0).sum(axis=1) > 0).sum()),
        "not_covered": len(gaps["not_covered"]),
        "one_page_only": len(gaps["one_page_only"]),
        "mentions": int(coverage.values.sum()),
        "concepts_per_page_mean": round(float(per_page.mean()), 4) if len(per_page) else None,
        "overlap_pairs": int(len(audit.api["term_overlap"])),
        "jargon_first_uses": int(jc["first_uses"]),
        "jargon_unexplained": int(jc["unexplained"]),
        "top_candidates": cands["term"].head(10).tolist(),
    }}
