"""The first pass of the candidate ranking, streamed: which candidate keys can reach `discovery_min_count`.

On real vocabulary most discovered n-grams occur once in the whole corpus (site-1000-s7: 63,244 distinct keys, 3,820
of them used twice or more). Counting every key by its string in `Counter`s held ~300 bytes a key in the main
process, ~21 KB a page. `KeyCounts` counts them by the hash of their string instead, in numpy arrays (16 bytes a
distinct key): each batch of pages is summed (`np.unique` + `np.bincount`) into a sorted run, and runs of similar
size are merged as they come (as a binary counter: O(n log n) in all, never more than the distinct keys held).
`wanted()` then gives the hashes of the keys used at least `min_count` times; `candidates.rank` counts exactly,
by string, only the keys whose hash is wanted. Two keys sharing a hash only add their counts, so every key that
reaches `min_count` is wanted (a superset): the ranking is the same as counting every key by its string.

Hashes are pandas' `hash_array` of the keys (SipHash with a fixed key: the same in every process, so the workers
hash their chunk's keys into the store, `audit.terms.chunk_data`, and the main process counts the hashes alone).

The scoring of the counted keys (`scored_keys`, what `candidates.rank_rows` ranks) scores in Python only the keys
whose score's upper bound (numpy, every key at once) can still reach the top (newsgroups-20k: 88,624 keys, scoring
0.35-0.42 -> 0.14 CPU-s).
"""
from __future__ import annotations

import heapq
import math
from itertools import repeat

import numpy as np
import pandas as pd


def key_hashes(keys) -> np.ndarray:
    """The hash of each key (int64, the same in every process), in order."""
    if not len(keys):
        return np.zeros(0, np.int64)
    return pd.util.hash_array(np.asarray(keys, dtype=object), categorize=False).view(np.int64)


def _summed(hashes: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct hashes (sorted) and the sum of their counts."""
    distinct, inverse = np.unique(hashes, return_inverse=True)
    return distinct, np.bincount(inverse, weights=counts, minlength=len(distinct)).astype(np.int64)


class KeyCounts:
    """Uses of the pages' candidate keys, by hash, added page by page (`add`) and summed batch by batch."""

    def __init__(self, min_count: int, batch_entries: int = 1 << 17) -> None:
        self.min_count = min_count
        self.batch_entries = batch_entries
        self._hashes: list[np.ndarray] = []  # the batch being gathered
        self._counts: list[np.ndarray] = []
        self._n = 0
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []  # summed runs (distinct sorted hashes, counts)

    @property
    def counting(self) -> bool:
        """Whether counting can leave keys out (a threshold of 1 or less wants every key)."""
        return self.min_count > 1

    def add(self, keys, stats) -> None:
        """Count one page's candidates: their `keys` and `stats` (an `array.array`, 4 ints per key, the first its
        uses on the page: `candidates.PageCandidates`)."""
        if not self.counting or not keys:
            return
        self.add_hashes(key_hashes(keys), np.frombuffer(stats, dtype=np.dtype(stats.typecode))[0::4])

    def add_hashes(self, hashes: np.ndarray, counts: np.ndarray) -> None:
        """Count keys given by their hashes (`key_hashes`) and uses."""
        if not self.counting or not len(hashes):
            return
        self._hashes.append(hashes)
        self._counts.append(counts)
        self._n += len(hashes)
        if self._n >= self.batch_entries:
            self._flush()

    def _flush(self) -> None:
        if not self._hashes:
            return
        run = _summed(np.concatenate(self._hashes), np.concatenate(self._counts))
        self._hashes, self._counts, self._n = [], [], 0
        self.runs.append(run)
        while len(self.runs) >= 2 and 2 * len(self.runs[-1][0]) >= len(self.runs[-2][0]):
            self._merge_last()

    def _merge_last(self) -> None:
        (h2, c2), (h1, c1) = self.runs.pop(), self.runs.pop()
        self.runs.append(_summed(np.concatenate([h1, h2]), np.concatenate([c1, c2])))

    def wanted(self) -> np.ndarray | None:
        """The sorted hashes of the keys used at least `min_count` times (with any key sharing one of those hashes);
        None: every key (a threshold of 1 or less)."""
        if not self.counting:
            return None
        self._flush()
        while len(self.runs) >= 2:
            self._merge_last()
        if not self.runs:
            return np.zeros(0, np.int64)
        hashes, counts = self.runs.pop()
        return hashes[counts >= self.min_count]


def wanted_mask(wanted: np.ndarray, keys) -> np.ndarray:
    """Per key: whether its hash is in `wanted` (sorted)."""
    h = key_hashes(keys)
    if not len(wanted):
        return np.zeros(len(h), bool)
    return wanted.take(np.searchsorted(wanted, h), mode="clip") == h


class CandidateRows:
    """The candidates of a run of pages (in page order), one row per (page, key) — what the ranking reads of a
    chunk at once (`chunk_data.ChunkCandidates.rows`) instead of one object per page: `page_ids`, `page` (each row's
    page, an index into `page_ids`), `keys`, `stats` ((rows, 4) int64: uses, first sentence index, name-like uses,
    checkable uses) and `forms` (per row: its one surface form, or ((surface, uses), ...); None when not read)."""

    __slots__ = ("page_ids", "page", "keys", "stats", "forms")

    def __init__(self, page_ids: list[str], page: np.ndarray, keys: list[str], stats: np.ndarray,
                 forms: list | None) -> None:
        self.page_ids, self.page, self.keys, self.stats, self.forms = page_ids, page, keys, stats, forms

    def __len__(self) -> int:
        return len(self.keys)


def scored_keys(index: dict[str, int], totals: np.ndarray, glossary_keys: set[str], min_count: int,
                top: int) -> list[tuple[float, int, str]]:
    """The ranking's `top` keys (0: all) from their totals (`totals[index[key]]`: uses, pages, name-like uses,
    checkable uses), best first, as (-score, -uses, key): C-value times spread (`candidates` module docstring),
    `round(log2(words) * (uses - mean uses of the kept keys it is nested in) * (1 + log2(pages)), 4)`, for the keys
    used at least `min_count` times, not in `glossary_keys`, not written like a name, with a positive C-value.

    Only keys that can reach the top are scored in Python: nesting only lowers a C-value, so
    `log2(words) * uses * (1 + log2(pages))` (numpy, every kept key at once) bounds each score; keys are scored in
    the order of that bound until the next bound is below the `top`-th score (less a margin for the rounding to 4
    places and numpy's log2): the same keys, scores and order as scoring every key."""
    keys = list(index)
    uses, pages, named, checked = (totals[:len(keys), c] for c in range(4))
    ok = (uses >= min_count) & ~((checked > 0) & (named * 2 > checked))  # (names: "New York", a clinic's name)
    for g in glossary_keys:
        if g in index:
            ok[index[g]] = False
    rows = np.flatnonzero(ok)
    kept = [keys[i] for i in rows.tolist()]
    freq = dict(zip(kept, uses[rows].tolist()))
    spread = dict(zip(kept, pages[rows].tolist()))
    words = np.fromiter(map(str.count, kept, repeat(" ")), dtype=np.int64, count=len(kept)) + 1
    # C-value: discount a term by the longer candidates it is nested in
    nested_sum: dict[str, int] = {}
    nested_n: dict[str, int] = {}
    for x in np.flatnonzero(words >= 3).tolist():
        key = kept[x]
        w = key.split(" ")
        for sub in {" ".join(w[i:j]) for i in range(len(w)) for j in range(i + 2, len(w) + 1)} - {key}:
            if sub in freq:
                nested_sum[sub] = nested_sum.get(sub, 0) + freq[key]
                nested_n[sub] = nested_n.get(sub, 0) + 1

    def score(key: str) -> tuple[float, int, str] | None:
        f = freq[key]
        n = nested_n.get(key)
        c = math.log2(key.count(" ") + 1) * (f - nested_sum[key] / n if n else f)
        return (-round(c * (1 + math.log2(spread[key])), 4), -f, key) if c > 0 else None

    bound = np.log2(words) * uses[rows] * (1 + np.log2(pages[rows]))
    order = [x for x in np.argsort(-bound, kind="stable").tolist() if bound[x] > 0]  # (one word: never scored)
    scored: list[tuple[float, int, str]] = []
    batch = max(4 * top, 64)
    for lo in range(0, len(order), batch):
        scored += filter(None, map(score, map(kept.__getitem__, order[lo:lo + batch])))
        if top and len(scored) >= top and lo + batch < len(order):
            scored = heapq.nsmallest(top, scored)
            worst = -scored[-1][0]
            if bound[order[lo + batch]] < worst - 1e-3 - 1e-9 * worst:
                break
    return heapq.nsmallest(top, scored) if top else sorted(scored)
