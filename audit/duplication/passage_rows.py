"""From matches to results (see `passages`, step 4): the pages' sentences inside shared passages, the matches kept
per text, and the passage table's rows (member pairs expanded up to a cap, rows subsumed by a list dropped)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from audit.duplication.passage_scoring import KINDS
from audit.duplication.passage_texts import Texts, segments
from audit.duplication.passage_units import NO_INTRO, T_BLOCK, T_END, T_LINE_END, T_LINE_START
from audit.duplication.shingles import unique_ints

PASSAGE_COLUMNS = ["page_a", "block_a", "text_a", "page_b", "block_b", "text_b", "score", "kind",
                   "lines_a", "lines_b"]


def shared_sentences(t: Texts, mi: np.ndarray, mj: np.ndarray) -> dict[int, set[int]]:
    flat, page = _inside(t, mi, mj)
    return _by_page(t, flat, page)


def _inside(t: Texts, mi: np.ndarray, mj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per page: the sentence indexes of its units whose text has a match on another page (from every match,
    independent of the row caps). A member on page p is shared when the text's partners (all pages of every
    matching text; a text on several pages is its own partner) include a page other than p."""
    d, o = np.r_[mi, mj], np.r_[mj, mi]
    big = np.iinfo(np.int64).max
    lo = np.full(t.n, big, dtype=np.int64)
    hi = np.full(t.n, -1, dtype=np.int64)
    multi = np.zeros(t.n, dtype=bool)
    np.minimum.at(lo, d, t.first_page[o])
    np.maximum.at(hi, d, t.first_page[o])
    np.logical_or.at(multi, d, t.n_pages[o] > 1)
    multi |= lo != hi  # partners on two pages or more
    has = np.repeat(lo < big, np.diff(t.mem_start))
    mem_text = np.repeat(np.arange(t.n), np.diff(t.mem_start))
    inside = has & (np.repeat(multi, np.diff(t.mem_start)) | (t.mem_page != lo[mem_text]))
    return t.mem_flat[inside], t.mem_page[inside]


def _by_page(t: Texts, flat: np.ndarray, page: np.ndarray):
    flat, page = flat.astype(np.int64), page.astype(np.int64)
    by_page = np.argsort(page, kind="stable")
    flat, page = flat[by_page], page[by_page]
    is_list = t.unit_is_list[flat]
    sentence = np.where(is_list, -1, flat - t.offsets[page]).tolist()  # a sentence unit: its page's sentence index
    starts = np.flatnonzero(np.r_[True, page[1:] != page[:-1]]) if len(page) else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], len(page)]
    out = {p: set(sentence[s:e]) for p, s, e in zip(page[starts].tolist(), starts.tolist(), ends.tolist())}
    for q in np.flatnonzero(is_list).tolist():  # a list passage: its sentences
        p = int(page[q])
        out[p].discard(-1)
        out[p].update(t.members(int(flat[q])))
    return out


def shared_arrays(t: Texts, mi: np.ndarray, mj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`shared_sentences` as unique (page, sentence index) arrays, vectorised (list passages: their sentences)."""
    flat, page = _inside(t, mi, mj)
    flat, page = flat.astype(np.int64), page.astype(np.int64)
    is_list = t.unit_is_list[flat]
    local = flat - t.offsets[page]
    sp, ss = [page[~is_list]], [local[~is_list]]
    lists = np.flatnonzero(is_list)
    if len(lists):
        d = t.data
        lp, lk = page[lists], local[lists]
        ns = d.n_sentences[lp]
        # list passage k (k >= ns) of page p: parts[start:end] in the page's parts, start = end of the previous one
        end = t.table[d.offsets[lp] + lk, T_END].astype(np.int64)
        start = np.where(lk == ns, 0, t.table[d.offsets[lp] + lk - 1, T_END].astype(np.int64))
        n = end - start
        pos = segments(d.parts_offsets[lp] + start, n)
        members = d.parts[pos].astype(np.int64)
        owner = np.repeat(lp, n)
        real = members != NO_INTRO
        sp.append(owner[real]), ss.append(members[real])
    page, sent = np.concatenate(sp), np.concatenate(ss)
    if not len(page):
        return page, sent
    code = np.unique(page * (int(sent.max()) + 1) + sent)
    width = int(sent.max()) + 1
    return code // width, code % width


def keep_best(mi: np.ndarray, mj: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
    """Rows stay linear in the corpus: a match is listed when it is among the `limit` best matches (score, then text
    order) of one of its two texts. A sentence rewritten on hundreds of pages yields its best matches, not all pairs
    of its variants; exact groups are always kept (their rows are capped by `passage_table`). Returns the kept match
    indexes, in order."""
    pair = np.flatnonzero(mi != mj)
    text, other = np.r_[mi[pair], mj[pair]], np.r_[mj[pair], mi[pair]]
    m = np.r_[pair, pair]
    order = np.lexsort((m, other, -score[m], text))  # per text: best score, then the other text, first
    text = text[order]
    starts = np.flatnonzero(np.r_[True, text[1:] != text[:-1]]) if len(text) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(text)) - np.repeat(starts, np.diff(np.r_[starts, len(text)]))
    keep = np.zeros(len(mi), dtype=bool)
    keep[mi == mj] = True
    keep[m[order][rank < limit]] = True
    return np.flatnonzero(keep)


def passage_table(t: Texts, pages, mi, mj, mkind, mscore: list[float], limit: int) -> pd.DataFrame:
    """The passage rows of the kept matches (see `_expand`), without rows subsumed by another row of the same page
    pair, sorted by page_a, page_b, block_a, block_b (then unit)."""
    ids = [pid for pid, _ in pages]
    rows = table_rows(t, ids, mi, mj, limit)
    if rows is None:
        return _empty_table()
    return table_frame(t, ids, rows, mkind, np.array(mscore, dtype=np.float64), 0, len(rows["pa"]))


def _empty_table() -> pd.DataFrame:
    empty = pd.DataFrame([], columns=PASSAGE_COLUMNS + ["_unit_a", "_unit_b"])
    return empty.drop(columns=["_unit_a", "_unit_b"]).reset_index(drop=True)


def table_rows(t: Texts, ids: list[str], mi, mj, limit: int) -> dict[str, np.ndarray] | None:
    """The passage rows as arrays (pages, blocks, units, match index), in table order; None: no row."""
    x, y, match = _expand(t, mi, mj, limit)
    if not len(x):
        return None
    swap = t.mem_page[x] > t.mem_page[y]
    x, y = np.where(swap, y, x), np.where(swap, x, y)
    del swap
    fa, fb = t.mem_flat[x].astype(np.int64), t.mem_flat[y].astype(np.int64)
    pa, pb = t.mem_page[x].astype(np.int64), t.mem_page[y].astype(np.int64)
    del x, y
    ua, ub = fa - t.offsets[pa], fb - t.offsets[pb]
    block_a, block_b = t.table[fa, T_BLOCK].astype(np.int64), t.table[fb, T_BLOCK].astype(np.int64)
    rank = np.unique(np.array(ids, dtype=object), return_inverse=True)[1].ravel()  # page_id order
    order = np.lexsort((ub, ua, block_b, block_a, rank[pb], rank[pa]))
    pa, pb, ua, ub, match, block_a, block_b, fa, fb = (v[order] for v in (pa, pb, ua, ub, match, block_a, block_b,
                                                                         fa, fb))
    del order
    keep = _not_subsumed(t, fa, fb, pa, pb, ua, ub)
    del ua, ub
    out = {"pa": pa, "pb": pb, "match": match, "block_a": block_a, "block_b": block_b, "fa": fa, "fb": fb}
    for k, v in out.items():  # int32 where the values fit (the frame is made int64 again, slice by slice)
        v = v[keep] if not keep.all() else v
        out[k] = v.astype(np.int32) if not len(v) or (v.min() >= -2 ** 31 and v.max() < 2 ** 31) else v
    return out


def table_frame(t: Texts, ids: list[str], rows: dict[str, np.ndarray], mkind: np.ndarray, mscore: np.ndarray,
                lo: int, hi: int) -> pd.DataFrame:
    """Rows `lo:hi` of the passage table (texts read for these rows only)."""
    pa, pb, match, block_a, block_b, fa, fb = (rows[k][lo:hi].astype(np.int64) for k in (
        "pa", "pb", "match", "block_a", "block_b", "fa", "fb"))
    lines_a = list(zip(t.table[fa, T_LINE_START].tolist(), t.table[fa, T_LINE_END].tolist()))
    lines_b = list(zip(t.table[fb, T_LINE_START].tolist(), t.table[fb, T_LINE_END].tolist()))
    label = {se: _lines(se) for se in set(lines_a) | set(lines_b)}
    texts = t.unit_texts(np.r_[fa, fb])
    return pd.DataFrame({
        "page_a": list(map(ids.__getitem__, pa.tolist())), "block_a": block_a,
        "text_a": texts[:len(fa)],
        "page_b": list(map(ids.__getitem__, pb.tolist())), "block_b": block_b,
        "text_b": texts[len(fa):],
        "score": mscore[match],
        "kind": list(map(KINDS.__getitem__, mkind[match].tolist())),
        "lines_a": list(map(label.__getitem__, lines_a)), "lines_b": list(map(label.__getitem__, lines_b)),
    }, columns=PASSAGE_COLUMNS)


def _expand(t: Texts, mi: np.ndarray, mj: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The member pairs (x, y, match index) of each match, on two different pages. Up to `limit` pairs per match:
    all cross-page pairs; above, a star: each page holding one text paired with the first page holding the other
    (a text on more than `limit` pages is represented by its first page: its other pages are in its own `exact`
    rows); an exact group pairs its first member with the others."""
    size = np.diff(t.mem_start)
    na, nb = size[mi], size[mj]
    start_a, start_b = t.mem_start[mi], t.mem_start[mj]
    xs, ys, ms = [], [], []
    # two texts, all cross pairs
    cross = np.flatnonzero((mi != mj) & (na * nb <= limit))
    n = (na * nb)[cross]
    local = segments(np.zeros(len(cross), dtype=np.int64), n)
    m = np.repeat(cross, n)
    xs.append(start_a[m] + local // nb[m]), ys.append(start_b[m] + local % nb[m]), ms.append(m)
    # one text on a few pages: all pairs of its members
    small = (mi == mj) & (na * (na - 1) // 2 <= limit)
    for k in unique_ints(na[small]).tolist():
        a, b = np.triu_indices(k, k=1)
        group = np.flatnonzero(small & (na == k))
        xs.append((start_a[group][:, None] + a).ravel()), ys.append((start_a[group][:, None] + b).ravel())
        ms.append(np.repeat(group, len(a)))
    # one text on many pages: a star around its first member
    star = np.flatnonzero((mi == mj) & ~small)
    n = na[star] - 1
    m = np.repeat(star, n)
    xs.append(start_a[m]), ys.append(segments(start_a[star] + 1, n)), ms.append(m)
    # two texts, too many pairs: stars around each text's first member
    big = np.flatnonzero((mi != mj) & (na * nb > limit))
    for g in big.tolist():
        a0, b0 = int(start_a[g]), int(start_b[g])
        ra = np.arange(a0 + 1, a0 + na[g]) if na[g] <= limit else np.zeros(0, dtype=np.int64)
        rb = np.arange(b0, b0 + nb[g]) if nb[g] <= limit else np.array([b0])
        xs.append(np.r_[np.full(len(rb), a0), ra]), ys.append(np.r_[rb, np.full(len(ra), b0)])
        ms.append(np.full(len(rb) + len(ra), g))
    x, y, m = np.concatenate(xs), np.concatenate(ys), np.concatenate(ms)
    diff = t.mem_page[x] != t.mem_page[y]
    return x[diff], y[diff], m[diff]


def _lines(span: tuple[int, int]) -> str:
    s, e = span
    return str(s) if s == e else f"{s}-{e}"


def _not_subsumed(t: Texts, fa, fb, pa, pb, ua, ub) -> np.ndarray:
    """Rows (sorted by page pair; units `fa`, `fb`) to keep: not a repeat of a unit pair, and not a row whose two
    units are parts of the two units of another row of the same page pair (only page pairs with a multi-sentence
    unit can have one)."""
    n = len(fa)
    keep = np.ones(n, dtype=bool)
    keep[1:] = ~((pa[1:] == pa[:-1]) & (pb[1:] == pb[:-1]) & (ua[1:] == ua[:-1]) & (ub[1:] == ub[:-1]))
    n_a, n_b = _n_members(t, fa), _n_members(t, fb)
    group = np.cumsum(np.r_[True, (pa[1:] != pa[:-1]) | (pb[1:] != pb[:-1])]) - 1
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.r_[starts[1:], n]
    for g in unique_ints(group[(n_a > 1) | (n_b > 1)]).tolist():
        rows = [r for r in range(int(starts[g]), int(ends[g])) if keep[r]]
        covers = [(set(t.members(int(fa[r]))), set(t.members(int(fb[r])))) for r in rows]
        for r, (ma, mb) in zip(rows, covers):
            if any((ma <= oa and mb <= ob) and (ma, mb) != (oa, ob) for oa, ob in covers):
                keep[r] = False
    return keep


def _n_members(t: Texts, flat: np.ndarray) -> np.ndarray:
    """The number of sentences each unit of `flat` is made of (1 for a sentence unit)."""
    out = np.ones(len(flat), dtype=np.int64)
    lists = np.flatnonzero(t.unit_is_list[flat])
    out[lists] = [len(t.members(f)) for f in flat[lists].tolist()]
    return out
