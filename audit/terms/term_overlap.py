"""Term overlap between pages (keyword cannibalisation) and the compact per-page hits it is computed from.

- `PageHits`: one page's glossary hits, compact (the worker keeps them from the page tables to the chunk's store
  file, `audit.terms.chunk_data`);
- `overlap_table`: term_overlap.csv — page pairs whose main concepts coincide: concept profiles (1 + ln count), cosine,
  each page's most similar partners (`_top_partners`, numpy over blocks of rows; their scores
  `_similarities`, a sparse product), from every hit as numpy columns
  (the corpus step reads them from the store; `_overlap` gives it pages' hits as `_hit_arrays` columns).

Split from `audit.terms.measure` (whose corpus step calls `overlap_table`).
"""
from __future__ import annotations

import math
import sys
from array import array

import numpy as np
import pandas as pd

from audit.terms import candidates

OVERLAP_COLUMNS = ["page_a", "page_b", "score", "primary_a", "primary_b", "shared_main", "shared", "shared_concepts"]


class PageHits:
    """One page's glossary hits, compact (a streaming run keeps them for every page until the corpus step): `names`
    (the concepts, in first-mention order) and `stats` (3 ints per
    concept: count, first block, first sentence unit + 1; `candidates._packed`). Reads like the {concept: (count,
    first block, first sentence)} dict it replaces (`items`, iteration, `len`, `[concept]`)."""

    __slots__ = ("names", "stats")

    def __init__(self, names: tuple[str, ...], stats) -> None:
        self.names, self.stats = names, stats

    @classmethod
    def from_dict(cls, hits: dict[str, tuple[int, int, int]]) -> "PageHits":
        stats = []
        for count, block, sentence in hits.values():
            stats += (count, block, sentence + 1)  # (sentence -1: a match outside every unit)
        return cls(tuple(hits), candidates._packed(stats))

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


def _hit_arrays(pages: list, col: dict[str, int]) -> tuple[np.ndarray, ...]:
    """Every (page, concept) hit of `pages` (their hits: dicts or `PageHits`) as numpy columns: page row, concept
    column (`col`), count, first block, first sentence (int64; row and column intp)."""
    rows, sizes, cols, stats = [], [], [], []
    for r, hits in enumerate(pages):
        if not len(hits):
            continue
        if isinstance(hits, PageHits):
            st = np.frombuffer(hits.stats, dtype=np.dtype(hits.stats.typecode)).astype(np.int64).reshape(-1, 3)
            st[:, 2] -= 1
        else:
            st = np.array(list(hits.values()), dtype=np.int64).reshape(-1, 3)
        stats.append(st)
        cols.append(np.fromiter(map(col.__getitem__, hits), dtype=np.intp, count=len(hits)))
        rows.append(r)
        sizes.append(len(hits))
    if not stats:
        empty = np.zeros(0, dtype=np.int64)
        return empty.astype(np.intp), empty.astype(np.intp), empty, empty, empty
    st = np.concatenate(stats)
    del stats
    hp = np.repeat(np.asarray(rows, dtype=np.intp), sizes)
    return hp, np.concatenate(cols), st[:, 0].copy(), st[:, 1].copy(), st[:, 2].copy()


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


def _similarities(a, wt: np.ndarray) -> np.ndarray:
    """The cosines of the rows `a` (a block of the profiles, a `scipy.sparse` CSR matrix: each row's concepts in
    column order) with every page (`wt`: the profiles transposed, concepts x pages, C-contiguous float32), float32:
    each score one sum over the row's concepts in column order, a product then an addition per concept
    (sparsetools' `csr_matvecs`: per row, `y += value * wt[concept]` over the row's entries). The same bits on every
    machine and for any block of rows (stop 38): a dense `a @ w.T` goes to OpenBLAS's sgemm, whose kernel — chosen at
    run time by the CPU (AVX-512 or AVX2), the tile and the rows left over — orders and fuses each dot product its
    own way, so a score could differ in its last bit between machines, blocks or tiles, and with it the partners a
    tie at the k-th place keeps. A page mentions a few concepts: the sparse product also does less work (20,000
    pages x 66 concepts, blocks of 256 rows: 0.8 CPU-s against 1.5 for sgemm)."""
    return a @ wt


def _overlap(page_ids: list[str], hits_by_page: dict[str, dict], names: list[str], ts) -> pd.DataFrame:
    """`overlap_table` of pages' hits given as dicts or `PageHits` ({page_id: hits})."""
    col = {name: i for i, name in enumerate(names)}
    return overlap_table(page_ids, _hit_arrays([hits_by_page.get(p) or {} for p in page_ids], col), names, ts)


def overlap_table(page_ids: list[str], hits: tuple[np.ndarray, ...], names: list[str], ts) -> pd.DataFrame:
    """Page pairs targeting the same topics: concept profiles (1 + ln count per concept) with a cosine of at least
    `overlap_min_score`, sharing their primary (most mentioned) concept or at least `overlap_min_shared` of their
    `overlap_main_concepts` main concepts. Bounded on large sites: each page keeps its `overlap_max_partners` most
    similar partners (computed in blocks of rows, so memory stays at 256 x pages; numpy over whole blocks: see
    `_top_partners`). `hits`: every (page, concept) hit as numpy columns (`_hit_arrays`): page row in `page_ids`,
    concept column in `names`, count, first block, first sentence; each page's hits together, pages in order."""
    hp, hc, hn, hb, hs = hits
    has = np.bincount(hp, minlength=len(page_ids)) > 0  # (pages without hits take no part)
    ids = [page_ids[i] for i in np.flatnonzero(has).tolist()]
    if len(ids) < 2:
        return pd.DataFrame(columns=OVERLAP_COLUMNS)
    if len(ids) < len(page_ids):
        hp = (np.cumsum(has) - 1)[hp]
    n, m = len(ids), len(names)
    name_rank = np.empty(m, dtype=np.int64)
    name_rank[sorted(range(m), key=names.__getitem__)] = np.arange(m)
    logs = {c: 1 + math.log(c) for c in set(hn.tolist())}
    w = np.zeros((n, m), dtype=np.float32)
    w[hp, hc] = np.asarray([logs[c] for c in hn.tolist()], dtype=np.float64)  # (as assigning each float)
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    w /= np.where(norms == 0, 1, norms)
    count_type = np.int32 if len(hn) == 0 or int(hn.max()) < 2 ** 31 else np.int64  # (read as int64 below)
    counts = np.zeros((n, m), dtype=count_type)
    counts[hp, hc] = hn
    # main concepts (`_main_concepts`): most mentioned first, then first block, first sentence, name
    order = np.lexsort((name_rank[hc], hs, hb, -hn, hp))
    del hs, hb
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
    from scipy import sparse  # (here: most runs have no overlap to compute, and the import costs)

    rows, wt = sparse.csr_matrix(w), np.ascontiguousarray(w.T)  # (`_similarities`: exact sums, in column order)
    del w
    for lo in range(0, n, step):
        sims = _similarities(rows[lo:lo + step], wt)
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
    ok = (j != i) & (s.astype(np.float64) >= ts.overlap_min_score)
    i, j, s = i[ok], j[ok], s[ok]
    ok = primary[i] == primary[j]
    for lo in range(0, len(i), 65536):  # (in slices: pairs x concepts arrays)
        ok[lo:lo + 65536] |= (main[i[lo:lo + 65536]] & main[j[lo:lo + 65536]]).sum(axis=1) >= ts.overlap_min_shared
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
        ca, cb = counts[pa].astype(np.int64), counts[pb].astype(np.int64)
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
    frame = {}
    for c in OVERLAP_COLUMNS:  # (each column reordered, then its unordered list dropped: one list at a time)
        v = out.pop(c)
        frame[c] = [v[x] for x in order]
        del v
    return pd.DataFrame(frame, columns=OVERLAP_COLUMNS)
