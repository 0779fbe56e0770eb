"""The corpus's discovered-term counts in arrays: one pass over the pages' candidates, ranked at the end.

`candidates.rank` read every page's candidates twice (counts, then surfaces and examples of the chosen terms) and
counted them in four `Counter`s, one Python operation per (page, candidate) entry. `CandidateTally` reads each page
once: pages are buffered in batches, each batch's keys are numbered with `pandas.factorize` (one hash per entry, in
C) and a dict of the corpus's distinct keys (one operation per new key), and the four counts are summed with
`numpy.bincount`. Each term's first use (the example) is the first row of its id; its surface forms are summed per
(key id, surface id) pair (a surface equal to its key, the usual case, is id -1 and needs no lookup). `rank` then
applies the unchanged scoring of `candidates.rank` (same thresholds, C-value, spread, tie order) to the terms that
pass the count threshold, so its rows are the same.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter
from itertools import compress, count, repeat
from operator import ne
from typing import Any

import numpy as np
import pandas as pd

_SHIFT = np.int64(1 << 32)  # pair code = key id * 2**32 + surface id + 1


class CandidateTally:
    """Counts of the pages' candidates (`candidates.PageCandidates`-like: `keys`, `stats` (4 ints per key: count,
    first sentence, name-like uses, checkable uses), `surfaces`), added in page order with `add`."""

    def __init__(self, batch_pages: int = 1024) -> None:
        self.batch_pages = batch_pages
        self.ids: dict[str, int] = {}  # key -> id, in order of first use
        self.surface_ids: dict[str, int] = {}  # surface (other than its key) -> id
        self.page_ids: list[str] = []
        self.freq = np.zeros(0, np.int64)
        self.spread = np.zeros(0, np.int64)
        self.named = np.zeros(0, np.int64)
        self.checked = np.zeros(0, np.int64)
        self.first_page = np.zeros(0, np.int64)  # the page (index) and sentence of each key's first use
        self.first_sentence = np.zeros(0, np.int64)
        self.pairs: list[tuple[np.ndarray, np.ndarray]] = []  # per batch: (pair codes, uses), summed per pair
        self._keys: list[str] = []
        self._surfaces: list[Any] = []
        self._stats: list[np.ndarray] = []
        self._rows_page: list[int] = []  # per buffered page: its entries

    def add(self, page_id: str, cands) -> None:
        self.page_ids.append(page_id)
        n = len(cands.keys)
        self._rows_page.append(n)
        if n:
            self._keys += cands.keys
            self._surfaces += cands.surfaces
            self._stats.append(np.asarray(cands.stats, dtype=np.int64))
        if len(self._rows_page) >= self.batch_pages:
            self._flush()

    def _grow(self, n: int) -> None:
        extra = n - len(self.freq)
        if extra > 0:
            z = np.zeros(max(extra, len(self.freq) // 2), np.int64)
            for name in ("freq", "spread", "named", "checked", "first_page", "first_sentence"):
                setattr(self, name, np.concatenate([getattr(self, name), z]))

    def _flush(self) -> None:
        n_pages = len(self._rows_page)
        if not self._keys:
            self._rows_page = []
            return
        first_page_index = len(self.page_ids) - n_pages
        page_of = np.repeat(np.arange(first_page_index, first_page_index + n_pages), self._rows_page)
        stats = np.concatenate(self._stats).reshape(-1, 4)
        codes, uniques = pd.factorize(np.asarray(self._keys, dtype=object))
        ids = self.ids
        n0 = len(ids)
        gid_of = _numbered(ids, uniques.tolist())
        self._grow(len(ids))
        g = gid_of[codes]
        size = len(self.freq)
        self.freq += np.bincount(g, weights=stats[:, 0], minlength=size).astype(np.int64)
        self.spread += np.bincount(g, minlength=size)
        self.named += np.bincount(g, weights=stats[:, 2], minlength=size).astype(np.int64)
        self.checked += np.bincount(g, weights=stats[:, 3], minlength=size).astype(np.int64)
        # first uses of the keys new in this batch (rows are in page order)
        _, first_row = np.unique(codes, return_index=True)
        new = gid_of >= n0
        rows = first_row[new]
        self.first_page[gid_of[new]] = page_of[rows]
        self.first_sentence[gid_of[new]] = stats[rows, 1]
        # surface forms: (key id, surface id) pairs with their uses
        surfaces, keys = self._surfaces, self._keys
        single = np.fromiter(map(isinstance, surfaces, repeat(str)), bool, len(surfaces))
        other = np.fromiter(map(ne, surfaces, keys), bool, len(keys)) & single  # (a tuple never equals a str)
        sid = np.full(len(keys), -1, np.int64)
        if other.any():
            s_codes, s_uniques = pd.factorize(np.asarray(list(compress(surfaces, other.tolist())), dtype=object))
            sid[other] = _numbered(self.surface_ids, s_uniques.tolist())[s_codes]
        pair_codes = [g[single] * _SHIFT + (sid[single] + 1)]
        uses = [stats[single, 0]]
        multi = np.flatnonzero(~single)
        if len(multi):
            sids = self.surface_ids
            mg, ms, mn = [], [], []
            for row in multi.tolist():
                key, forms = keys[row], surfaces[row]
                for form, count in forms:
                    mg.append(g[row])
                    ms.append(-1 if form == key else sids.setdefault(form, len(sids)))
                    mn.append(count)
            pair_codes.append(np.asarray(mg, np.int64) * _SHIFT + (np.asarray(ms, np.int64) + 1))
            uses.append(np.asarray(mn, np.int64))
        self.pairs.append(_summed(np.concatenate(pair_codes), np.concatenate(uses)))
        self._keys, self._surfaces, self._stats, self._rows_page = [], [], [], []

    def rank(self, glossary_keys: set[str], min_count: int, top: int) -> list[dict]:
        """The rows of `candidates.rank` (see there): ranked terms with their forms, counts and first use."""
        self._flush()
        n = len(self.ids)
        freq, spread = self.freq[:n], self.spread[:n]
        named, checked = self.named[:n], self.checked[:n]
        # names (capitalised mid-sentence in most prose uses: "New York", a clinic's name) are not glossary terms
        cand = np.flatnonzero((freq >= min_count) & ~((checked > 0) & (named * 2 > checked)))
        key_list = list(self.ids)
        fq: dict[str, int] = {}
        sp: dict[str, int] = {}
        for i, f, s in zip(cand.tolist(), freq[cand].tolist(), spread[cand].tolist()):
            key = key_list[i]
            if key not in glossary_keys:
                fq[key] = f
                sp[key] = s
        keep = fq
        # C-value: discount a term by the longer candidates it is nested in
        nested_sum: Counter = Counter()
        nested_n: Counter = Counter()
        for key in keep:
            words = key.split(" ")
            if len(words) < 3:
                continue
            subs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)} - {key}
            for sub in subs:
                if sub in keep:
                    nested_sum[sub] += fq[key]
                    nested_n[sub] += 1
        scored = []
        for key in keep:
            f = fq[key]
            c = math.log2(key.count(" ") + 1) * (f - nested_sum[key] / nested_n[key] if nested_n[key] else f)
            if c > 0:
                scored.append((-round(c * (1 + math.log2(sp[key])), 4), -f, key))
        scored = heapq.nsmallest(top, scored) if top else sorted(scored)
        chosen = np.asarray([self.ids[key] for *_, key in scored], dtype=np.int64)
        surfaces: dict[str, Counter] = {key: Counter() for *_, key in scored}
        if len(chosen) and self.pairs:
            codes = np.concatenate([p[0] for p in self.pairs])
            uses = np.concatenate([p[1] for p in self.pairs])
            want = np.isin(codes // _SHIFT, chosen)
            codes, uses = _summed(codes[want], uses[want])
            by_id = list(self.surface_ids)
            for code, count in zip(codes.tolist(), uses.tolist()):
                gid, s = divmod(code, 1 << 32)
                key = key_list[gid]
                surfaces[key][key if s == 0 else by_id[s - 1]] += count
        rows = []
        for rank_, (neg_score, _neg_f, key) in enumerate(scored, start=1):
            forms = sorted(surfaces[key].items(), key=lambda x: (-x[1], x[0]))
            term = forms[0][0]
            others = sorted(s for s, _ in forms[1:])
            variants = ", ".join(others)
            gid = self.ids[key]
            example = (self.page_ids[int(self.first_page[gid])], int(self.first_sentence[gid]))
            rows.append({"rank": rank_, "term": term, "key": key, "count": fq[key], "pages": sp[key],
                         "score": -neg_score, "variants": "; ".join(others), "example_page": example[0],
                         "example_sentence": example, "example_text": "",
                         "glossary_entry": (f"- {{name: {term}, category: TODO, variants: [{variants}]}}" if variants
                                            else f"- {{name: {term}, category: TODO}}")})
        return rows


def _numbered(ids: dict[str, int], items: list[str]) -> np.ndarray:
    """The ids of `items` (distinct strings), numbering the new ones in order after the known ones (C-level maps, no Python
    step per item)."""
    got = np.fromiter(map(ids.get, items, repeat(-1)), np.int64, len(items))
    new = got < 0
    if new.any():
        n0 = len(ids)
        fresh = list(compress(items, new.tolist()))
        ids.update(zip(fresh, count(n0)))
        got[new] = np.arange(n0, n0 + len(fresh))
    return got


def _summed(codes: np.ndarray, uses: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct codes and the sum of their uses."""
    if not len(codes):
        return codes, uses
    distinct, inverse = np.unique(codes, return_inverse=True)
    return distinct, np.bincount(inverse, weights=uses, minlength=len(distinct)).astype(np.int64)
