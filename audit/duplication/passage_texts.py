"""Passage units, corpus side: every page's units column-wise (`Columns`) and the corpus's distinct texts
(`Texts`: units with the same normalised text, their members, lemma columns and IDF), as arrays (see `passages`)."""
from __future__ import annotations

import math
from itertools import chain, count
from typing import Any

import numpy as np
import pandas as pd

from audit.duplication.passage_units import T_LEMMA_END, PageUnits
from audit.duplication.shingles import unique_ints

# Words that turn a statement around ("doesn't" is normalised to "doesn t"): two sentences that share their content
# words but not their polarity are not a paraphrase of each other
NEGATIONS = frozenset({"not", "no", "never", "none", "nor", "neither", "cannot", "rarely", "seldom", "hardly",
                       "without", "t"})


class Distinct:
    """One distinct text, as `score_pair` reads it (the corpus side keeps texts column-wise in `Texts`)."""
    __slots__ = ("key", "is_list", "norm", "lemmas", "items", "weight", "trigrams", "_negated")

    def __init__(self, key, is_list, norm, lemmas, items):
        # lemmas: the unit's sorted unique tuple (a frozenset per text costs ~1 KB; `lset()` builds it when needed)
        self.key, self.is_list, self.norm, self.lemmas, self.items = key, is_list, norm, lemmas, items
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


class Columns:
    """The units of all pages, column-wise (pages in page-id order): what `Texts` reads. Units per page
    (`counts`), sentence units per page (`n_sentences`), the pages' `PageUnits.table` rows concatenated (`table`),
    lemma ids (`lemmas`, `lemma_counts` per page) and list parts (`parts`, `parts_counts` per page). Page texts come
    from `text_of(pages)` (page indexes, ascending) -> their texts: the pages' strings in memory, or read from the
    chunk files of a streamed run, a chunk at a time. `lemma_values`: the lemmas are int32 codes into these sorted
    hashes (a streamed run), not hashes."""

    def __init__(self, n_sentences: np.ndarray, counts: np.ndarray, table: np.ndarray, lemma_counts: np.ndarray,
                 lemmas: np.ndarray, parts_counts: np.ndarray, parts: np.ndarray, text_of,
                 lemma_values: np.ndarray | None = None):
        self.n_sentences = np.asarray(n_sentences, dtype=np.int64)
        self.counts = np.asarray(counts, dtype=np.int64)
        self.table, self.lemmas, self.parts = table, lemmas, parts
        self.offsets = np.r_[0, np.cumsum(self.counts)].astype(np.int64)
        self.lemma_offsets = np.r_[0, np.cumsum(np.asarray(lemma_counts, dtype=np.int64))].astype(np.int64)
        self.parts_offsets = np.r_[0, np.cumsum(np.asarray(parts_counts, dtype=np.int64))].astype(np.int64)
        self.text_of = text_of
        self.lemma_values = lemma_values  # None: `lemmas` are hashes; else int32 codes into these sorted hashes
        self.unit_hash: np.ndarray | None = None  # a streamed run's unit hashes, until `Texts` groups the units

    @classmethod
    def of_pages(cls, units: list[PageUnits]) -> "Columns":
        n = len(units)
        return cls(np.fromiter((pu.n_sentences for pu in units), dtype=np.int64, count=n),
                   np.fromiter(map(len, units), dtype=np.int64, count=n),
                   np.concatenate([pu.table for pu in units]) if units else np.zeros((0, 6), dtype=np.int32),
                   np.fromiter((len(pu.lemmas) for pu in units), dtype=np.int64, count=n),
                   np.concatenate([pu.lemmas for pu in units]) if units else np.zeros(0, dtype=np.int64),
                   np.fromiter((len(pu.parts) for pu in units), dtype=np.int64, count=n),
                   np.concatenate([pu.parts for pu in units]) if units else np.zeros(0, dtype=np.int32),
                   lambda pages: [units[p].text for p in pages])

    def __len__(self) -> int:
        return len(self.counts)

    def page(self, p: int, text: str = "") -> PageUnits:
        """Page `p`'s units (views into the columns; `text`: its text when the caller needs it)."""
        o, lo, po = self.offsets, self.lemma_offsets, self.parts_offsets
        lemmas = self.lemmas[lo[p]:lo[p + 1]] if self.lemmas is not None else np.zeros(0, dtype=np.int64)
        return PageUnits(int(self.n_sentences[p]), text, self.table[o[p]:o[p + 1]], lemmas, self.parts[po[p]:po[p + 1]])

    def pages_with_text(self, pages):
        """(p, PageUnits with its text) for the page indexes `pages` (ascending, unique)."""
        pages = [int(p) for p in pages]
        return zip(pages, (self.page(p, text) for p, text in zip(pages, self.text_of(pages))))


class Texts:
    """The distinct texts of the corpus, column-wise: units with the same (is list, normalised text) are one text,
    numbered in order of their first unit; the first unit gives its lemmas and items. Members (the units holding a
    text) are grouped by text, in (page, unit) order: text t owns members `mem_start[t]:mem_start[t + 1]`.

    Units are numbered over the corpus ("flat" indexes: page p owns `offsets[p]:offsets[p + 1]`); their blocks,
    lines, lemma counts and lemma positions are arrays over flat indexes (`table`, `n_lem`, `lem_start`, into
    `all_lemmas`); texts are read from the pages' `PageUnits` only for the rows of the passage table."""

    def __init__(self, data: "Columns | list[tuple[str, PageUnits]]", min_lemmas: int,
                 hashes: np.ndarray | None = None):
        """`hashes`: a 64-bit hash of every unit's normalised text (a streamed run: computed in the workers), used
        instead of the texts to group the units (no normalised text is kept then: `norms` makes them when asked)."""
        if not isinstance(data, Columns):
            data = Columns.of_pages([pu for _, pu in data])
        self.data = data
        if hashes is None and data.unit_hash is not None:
            hashes, data.unit_hash = data.unit_hash, None  # (not kept: grouped here)
        counts = data.counts
        self.offsets = data.offsets
        n_units = int(self.offsets[-1])
        small = n_units < 2 ** 31 and len(counts) < 2 ** 31
        idx = np.int32 if small else np.int64  # unit-sized index arrays: int32 where they fit
        self.page_of = page_of = np.repeat(np.arange(len(counts), dtype=idx), counts)
        self.table = data.table
        # a page's units: its sentence units, then its list passages (bool and int32 per unit, no int64 temporary)
        n_sent = np.minimum(data.n_sentences, counts)
        self.unit_is_list = np.repeat(np.tile(np.array([False, True]), len(counts)),
                                      np.column_stack([n_sent, counts - n_sent]).ravel())
        del n_sent
        lem_end = self.table[:, T_LEMMA_END]
        self.n_lem = n_lem = lem_end.astype(np.int32)
        n_lem[1:] -= lem_end[:-1]
        n_lem[self.offsets[:-1][counts > 0]] = lem_end[self.offsets[:-1][counts > 0]]  # each page's lemmas from 0
        del lem_end
        lem_type = np.int32 if int(data.lemma_offsets[-1]) < 2 ** 31 else np.int64
        self.lem_start = data.lemma_offsets.astype(lem_type)[page_of]
        self.lem_start += self.table[:, T_LEMMA_END]
        self.lem_start -= n_lem
        self.all_lemmas = data.lemmas
        self.lemma_values = data.lemma_values  # None: `all_lemmas` are the lemma hashes, else codes into these
        ok = np.flatnonzero(n_lem >= min_lemmas)
        unit_is_list = self.unit_is_list[ok]
        if hashes is None:
            norms = self._norms(ok)
            keys: list[Any] = list(norms)
            for q in np.flatnonzero(unit_is_list).tolist():
                keys[q] = (keys[q],)  # a list passage never equals a sentence with the same words
            seen: dict[Any, int] = {}  # key -> position of its first unit (setdefault in C: no Python loop)
            first_pos = np.fromiter(map(seen.setdefault, keys, count()), dtype=np.int64, count=len(keys))
            del keys, seen
            is_first = first_pos == np.arange(len(first_pos))
            firsts = np.flatnonzero(is_first)  # texts numbered by their first unit
            text_of = (np.cumsum(is_first) - 1)[first_pos]
            del first_pos, is_first
            mem_pos = np.argsort(text_of, kind="stable")
            text_sizes = np.bincount(text_of, minlength=len(firsts))
            del text_of
        else:  # equal (is list, hash) = one text; groups numbered by their first unit, members in unit order
            norms = None
            h = np.asarray(hashes)[ok]
            hashes = None  # (grouped here, not kept)
            order = np.lexsort((h, unit_is_list))  # stable: positions ascending within a group
            hs = h[order]
            del h
            new = hs[1:] != hs[:-1]
            del hs
            ls = unit_is_list[order]
            new |= ls[1:] != ls[:-1]
            del ls
            starts = np.flatnonzero(np.r_[True, new]) if len(order) else np.zeros(0, dtype=np.int64)
            del new
            sizes = np.diff(np.r_[starts, len(order)])
            first_pos = order[starts]
            g = np.argsort(first_pos, kind="stable")
            firsts = first_pos[g]
            del first_pos
            text_sizes = sizes[g]
            mem_pos = order[segments(starts[g], text_sizes)]
            del order, starts, sizes, g
        self.n = n = len(firsts)
        self.mem_flat = ok[mem_pos].astype(idx)  # flat unit index of each member
        del mem_pos
        self.mem_page = page_of[self.mem_flat]
        self.mem_start = np.r_[0, np.cumsum(text_sizes)].astype(np.int64)
        del text_sizes
        new_page = np.ones(len(self.mem_flat), dtype=bool)
        new_page[1:] = self.mem_page[1:] != self.mem_page[:-1]
        new_page[self.mem_start[:-1]] = True
        self.n_pages = np.add.reduceat(new_page, self.mem_start[:-1], dtype=np.int64) if n \
            else np.zeros(0, dtype=np.int64)
        del new_page
        self.first_page = self.mem_page[self.mem_start[:-1]]
        self.first_unit = ok[firsts]  # flat index of each text's first unit
        self.is_list = unit_is_list[firsts]
        self.norm = list(map(norms.__getitem__, firsts.tolist())) if norms is not None else None
        del norms, ok, unit_is_list, firsts
        # lemmas: hash -> column (sorted hashes), columns per text, IDF per column, weight per text
        self.lens = n_lem[self.first_unit].astype(np.int64)
        if self.lemma_values is None:
            hashes = self.all_lemmas[segments(self.lem_start[self.first_unit], self.lens)]
            codes, uniq = pd.factorize(hashes)  # hashing, not sorting, the many lemmas; then number them in hash order
            del hashes
            rank = np.empty(len(uniq), dtype=np.int64)
            rank[np.argsort(uniq)] = np.arange(len(uniq))
            self.vocab, self.cols = np.sort(uniq), rank[codes]
            del codes, rank
        else:  # lemma codes into sorted hashes: the texts' columns are their codes' ranks (in batches of lemmas)
            codes = np.empty(int(self.lens.sum()), dtype=self.all_lemmas.dtype)
            present = np.zeros(len(self.lemma_values), dtype=bool)
            for (t0, t1), (s, e) in _batches(self.lens):
                codes[s:e] = self.all_lemmas[segments(self.lem_start[self.first_unit[t0:t1]], self.lens[t0:t1])]
                present[codes[s:e]] = True
            used = np.flatnonzero(present)
            self.vocab = self.lemma_values[used]
            rank = (np.cumsum(present) - 1).astype(np.uint16 if len(used) <= 1 << 16 else np.int32)
            del present, used
            self.cols = np.empty(len(codes), dtype=rank.dtype)
            for _, (s, e) in _batches(self.lens):
                self.cols[s:e] = rank[codes[s:e]]
            del codes, rank
        df = np.zeros(len(self.vocab), dtype=np.int64)
        for _, (s, e) in _batches(self.lens):
            df += np.bincount(self.cols[s:e], minlength=len(self.vocab))
        self.idf = np.array([math.log((n + 1) / (c + 0.5)) for c in df.tolist()], dtype=np.float64)
        self.weight = self._weights()
        self._idf_dict: dict[int, float] | None = None
        self._members: dict[int, tuple[int, ...]] = {}  # flat unit -> its sentences (list passages, when asked)
        self.item_flat: np.ndarray | None = None
        if self.lemma_values is not None:
            self._compact_lemmas()

    def _compact_lemmas(self) -> None:
        """A streamed run: a text's lemmas are its columns (`cols`), so the units' lemma arrays go; only the item
        units of the list texts keep theirs (hashes; `unit_lemmas`)."""
        self.text_lem_start = np.r_[0, np.cumsum(self.lens)].astype(np.int64)
        lists = np.flatnonzero(self.is_list).tolist()
        items = unique_ints(np.fromiter(chain.from_iterable(self.item_units(x) for x in lists), dtype=np.int64))
        n, hashes = self.unit_lemmas(items)
        self.item_flat, self.item_lem_start, self.item_lemmas = items, np.r_[0, np.cumsum(n)].astype(np.int64), hashes
        self.all_lemmas = self.lem_start = self.n_lem = None
        self.data.lemmas = None

    def unit_lemmas(self, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(number of lemmas of each unit, their lemma hashes concatenated) of the flat units `units` (after
        `_compact_lemmas`: item units of list texts only)."""
        units = np.asarray(units, dtype=np.int64)
        if self.item_flat is None:
            n = self.n_lem[units].astype(np.int64)
            return n, self.lemma_hashes(segments(self.lem_start[units], n))
        at = np.searchsorted(self.item_flat, units)
        if len(units) and not (at < len(self.item_flat)).all() or not (self.item_flat[at] == units).all():
            raise KeyError("lemmas of a unit that is not an item of a list text")
        n = np.diff(self.item_lem_start)[at]
        return n, self.item_lemmas[segments(self.item_lem_start[at], n)]

    def _weights(self) -> np.ndarray:
        """sum(idf over the text's lemmas) or 1.0, vectorised: equal to `score_pair`'s weights up to the summation
        order (last bits; `distinct` gives the exact weight)."""
        w = np.zeros(self.n, dtype=np.float64)
        for (t0, t1), (s, e) in _batches(self.lens):  # (a text's sum in one batch, in the same order)
            w[t0:t1] = np.bincount(np.repeat(np.arange(t1 - t0), self.lens[t0:t1]), weights=self.idf[self.cols[s:e]],
                                   minlength=t1 - t0)
        w[w == 0] = 1.0
        return w

    def idf_dict(self) -> dict[int, float]:
        """Lemma hash -> IDF (as `score_pair` reads it; built once)."""
        if self._idf_dict is None:
            self._idf_dict = dict(zip(self.vocab.tolist(), self.idf.tolist()))
        return self._idf_dict

    def lemma_matrix(self):
        """Texts x lemma columns (binary CSR, sorted columns)."""
        from scipy import sparse

        indptr = np.r_[0, np.cumsum(self.lens)]
        return sparse.csr_matrix((np.ones(len(self.cols), dtype=np.int32), self.cols, indptr),
                                 shape=(self.n, max(len(self.vocab), 1)))

    def _norms(self, flat: np.ndarray) -> list[str]:
        """The normalised texts of the units `flat` (sorted flat indexes), page by page."""
        out: list[str] = []
        bounds = np.searchsorted(flat, self.offsets).tolist()
        pages = [p for p, (s, e) in enumerate(zip(bounds[:-1], bounds[1:])) if s < e]
        for p, pu in self.data.pages_with_text(pages):
            out.extend(pu.norms((flat[bounds[p]:bounds[p + 1]] - self.offsets[p]).tolist()))
        return out

    def norms(self, texts: np.ndarray) -> list[str]:
        """The normalised texts of the texts `texts` (kept ones, or made from their first units' pages)."""
        if self.norm is not None:
            return [self.norm[x] for x in np.asarray(texts).tolist()]
        flat = self.first_unit[np.asarray(texts, dtype=np.int64)]
        uniq, inverse = np.unique(flat, return_inverse=True)
        made = self._norms(uniq)
        return list(map(made.__getitem__, inverse.ravel().tolist()))

    def _local(self, f: int) -> tuple[PageUnits, int]:
        p = int(self.page_of[f])
        return self.data.page(p), f - int(self.offsets[p])

    def unit_texts(self, flat: np.ndarray) -> list[str]:
        """The texts of the units `flat` (each distinct unit's text made once: sentence units sliced from their
        page's text, list passages composed; page texts read page by page)."""
        uniq, inverse = np.unique(flat, return_inverse=True)
        page = self.page_of[uniq]
        local = uniq - self.offsets[page]
        bounds = np.r_[0, np.flatnonzero(page[1:] != page[:-1]) + 1, len(uniq)]
        made: list[str] = []
        for (p, pu), s, e in zip(self.data.pages_with_text(page[bounds[:-1]].tolist()), bounds[:-1].tolist(),
                                 bounds[1:].tolist()):
            made.extend(pu._texts(local[s:e].tolist()))
        return list(map(made.__getitem__, inverse.ravel().tolist()))

    def members(self, f: int) -> tuple[int, ...]:
        """The sentence indexes (on its page) unit `f` is made of."""
        found = self._members.get(f)
        if found is None:
            pu, k = self._local(f)
            found = self._members[f] = pu.members(k)
        return found

    def item_units(self, t: int) -> list[int]:
        """The flat indexes of the item sentences of list text `t` (its first unit's)."""
        f = int(self.first_unit[t])
        pu, k = self._local(f)
        base = f - k
        return [base + i for i in pu.list_parts(k)[1]]

    def lemmas(self, t: int) -> tuple[int, ...]:
        """The sorted unique lemma ids of text `t`."""
        if self.item_flat is not None:  # its columns (ascending, as the hashes)
            s, e = int(self.text_lem_start[t]), int(self.text_lem_start[t + 1])
            return tuple(self.vocab[self.cols[s:e]].tolist())
        return self._unit_lemmas(int(self.first_unit[t]))

    def _unit_lemmas(self, f: int) -> tuple[int, ...]:
        return tuple(self.unit_lemmas(np.array([f], dtype=np.int64))[1].tolist())

    def lemma_hashes(self, at: np.ndarray) -> np.ndarray:
        """The lemma hashes at positions `at` of `all_lemmas`."""
        found = self.all_lemmas[at]
        return found if self.lemma_values is None else self.lemma_values[found]

    def items(self, t: int) -> tuple[tuple[int, ...], ...]:
        """The lemma ids of each item of list text `t` (() for a sentence)."""
        if not self.is_list[t]:
            return ()
        return tuple(self._unit_lemmas(f) for f in self.item_units(t))

    def distinct(self, t: int) -> Distinct:
        """Text `t` as `score_pair` reads it."""
        norm = self.norm[t] if self.norm is not None else self.norms(np.array([t]))[0]
        d = Distinct((bool(self.is_list[t]), norm), bool(self.is_list[t]), norm, self.lemmas(t), self.items(t))
        idf = self.idf_dict()
        d.weight = sum(idf[x] for x in d.lset()) or 1.0  # in the set's order, as always
        return d


LEMMA_BATCH = 1 << 22  # the corpus's text lemmas are gathered, ranked and summed this many at a time (memory)


def _batches(lens: np.ndarray, size: int | None = None):
    """((first text, end text), (first lemma, end lemma)) of consecutive texts holding about `size` lemmas (a text
    is never split; `lens`: lemmas per text)."""
    size = size or LEMMA_BATCH
    ends = np.cumsum(lens)
    t0 = 0
    while t0 < len(lens):
        start = int(ends[t0 - 1]) if t0 else 0
        t1 = max(int(np.searchsorted(ends, start + size, side="right")), t0 + 1)
        yield (t0, t1), (start, int(ends[t1 - 1]))
        t0 = t1


def segments(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The ranges starts[k] .. starts[k] + lens[k] - 1, concatenated."""
    return np.repeat(starts - np.r_[0, np.cumsum(lens)][:-1], lens) + np.arange(int(lens.sum()))
