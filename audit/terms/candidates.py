"""New-term candidates: the n-grams of each page (in the worker) and their ranking across the corpus (main process).

The words they are made of (`Tokens`, word records, which words may start or end a term) are `audit.terms.discovery`.

Ranking (main process): C-value (Frantzi et al. 2000: frequency, discounted by the frequency of the longer
candidates a term is nested in, times log2 of its length) multiplied by document spread (1 + log2 of the number
of pages using it). Terms seen fewer than `discovery_min_count` times, already in the glossary, or written like a
name (every word capitalised mid-sentence in most of their prose uses: "New York") are dropped. Each ranked term's
example is its first use, as (page, sentence index): the caller looks the texts up (`Audit.sentence_texts`).
"""
from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict
from itertools import repeat
from bisect import bisect_right
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from audit.engine.results import Units
from audit.terms import candidate_tally
from audit.terms._scan import ngram_tally, ngrams, page_records, tally
from audit.terms.candidate_tally import CandidateRows, wanted_mask
from audit.terms.discovery import (
    JOINS,
    _GAP,
    _MATCHED_DETERMINER,
    Tokens,
    _edge_ok,
    _marked,
    _overlaps,
    _words,
)


def _ngrams(recs: list[tuple], max_words: int, firsts=(0,)) -> list[tuple[int, str, str, bool]]:
    """(unit, key, surface, name_like) of the n-grams of 2..max_words words in `_words` records ending with `_GAP`,
    in order. `firsts`: the index of each unit's first record (the units in order; one unit by default); unit: the
    n-gram's unit (by its first word); name_like: every word is capitalised and the n-gram does not start its unit.
    An n-gram starts at a word that may start a term followed by one that does not end every n-gram; a stop word, a
    glossary match or punctuation ends it and every longer one. Compiled: `_scan.ngrams`."""
    return ngrams(recs if recs.__class__ is list else list(recs), max_words, firsts)


def unit_candidates(tok: Tokens, start: int, end: int, matched, max_words: int,
                    chunks: list[tuple[int, int]] | None = None, words: list[tuple] | None = None):
    """Yield (key, surface, name_like) for the candidate terms of one sentence unit (tokens [start, end) of its block);
    name_like: every word capitalised and not at the start of the unit ("At New York Facial Paralysis, we").

    `matched`: glossary match ranges [(start, end)] or their token set; `chunks`: noun-chunk token ranges of the unit
    (trained pipeline); None = statistical n-grams. `words`: the block's `_marked` records, when the caller has them."""
    if chunks is not None:
        for c_start, c_end in chunks:
            bounds: list[int] = []
            recs = _words(tok, c_start, c_end, bounds=bounds)
            bounds.append(c_end)
            lo = hi = k = 0  # the longest clean run (the first of them)
            while k < len(recs):
                m = k
                while m < len(recs) and recs[m] is not _GAP:
                    m += 1
                if m - k > hi - lo:
                    lo, hi = k, m
                k = m + 1
            while lo < hi and not _edge_ok(recs[lo][0], recs[lo][1]):
                lo += 1
            while lo < hi and (not _edge_ok(recs[hi - 1][0], recs[hi - 1][1])
                               or recs[hi - 1][0].endswith(("'", "’", "'s", "’s", "'S", "’S"))):
                hi -= 1
            if 2 <= hi - lo <= max_words and not _overlaps(matched, bounds[lo], bounds[hi]):
                run = recs[lo:hi]
                yield (" ".join(w[1] for w in run), " ".join(w[0] for w in run),
                       bounds[lo] > start and all(w[2] for w in run))
        return
    taken = matched if isinstance(matched, (set, frozenset)) else (
        {t for s_, e_ in matched for t in range(s_, e_)} if matched else ())
    if words is None:
        words = _marked(tok.words, taken)
    for _u, key, surface, name_like in _ngrams([*_words(tok, start, end, words, taken), _GAP], max_words):
        yield key, surface, name_like


def _packed(stats: list[int]) -> array:
    """Non-negative ints as an array of the smallest type that holds them all (1, 2, 4 or 8 bytes an int); bytes
    made in one C pass when they fit in one byte (`array("B", list)` parses each int as a call's argument)."""
    top = max(stats, default=0)
    if top < 1 << 8:
        return array("B", bytes(stats))
    return array("H" if top < 1 << 16 else "i" if top < 1 << 31 else "q", stats)


class PageCandidates:
    """One page's candidates, as read back from the chunks' files (`chunk_data.ChunkCandidates`) and as `rank` takes
    them (a page keeps its `page_parts` until its chunk's file is written, no object): `keys` (strings), `stats` (4
    ints per key: count, first sentence index, name-like uses, checkable uses; an array of the smallest int type
    that holds them, see `_packed`) and `surfaces` (per key: its one surface form, used `count` times, or a tuple of
    (surface, uses) pairs; a surface equal to its key is the key's own string object, so it is pickled once)."""

    __slots__ = ("keys", "stats", "surfaces")

    def __init__(self, keys: tuple[str, ...], stats: array, surfaces: tuple) -> None:
        self.keys, self.stats, self.surfaces = keys, stats, surfaces

    @classmethod
    def from_dict(cls, cands: dict[str, list]) -> "PageCandidates":
        intern = sys.intern
        keys, surfaces, stats = [], [], []
        for key, (count, first, forms, named, checked) in cands.items():
            keys.append(intern(key))
            stats.extend((count, first, named, checked))
            if len(forms) == 1:
                surfaces.append(intern(next(iter(forms))))
            else:
                surfaces.append(tuple((intern(f), n) for f, n in forms.items()))
        return cls(tuple(keys), _packed(stats), tuple(surfaces))

    def __len__(self) -> int:
        return len(self.keys)

    def parts(self) -> tuple[tuple[str, ...], bytes, tuple[int, ...], tuple[str, ...], tuple[int, ...]]:
        """As `page_parts` gives them (the inverse of `of_parts`)."""
        return (self.keys, array("q", self.stats).tobytes(), *_surface_rows(self.keys, self.surfaces, self.stats))

    @classmethod
    def of_parts(cls, keys: tuple[str, ...], stats: bytes, rows: tuple[int, ...], texts: tuple[str, ...],
                 uses: tuple[int, ...]) -> "PageCandidates":
        """The candidates of their `parts()` (a surface differing from its key as a (surface, uses) pair)."""
        forms: list[Any] = list(keys)
        for i, text, n in zip(rows, texts, uses):
            forms[i] = (forms[i] if forms[i].__class__ is tuple else ()) + ((text, n),)
        return cls(tuple(keys), _packed(array("q", stats).tolist()), tuple(forms))

    def as_dict(self) -> dict[str, list]:
        """The `page_candidates` dict form: {key: [count, first sentence, {surface: count}, name-like, checkable]}."""
        st = self.stats
        return {k: [st[4 * i], st[4 * i + 1], {s: st[4 * i]} if isinstance(s, str) else dict(s), st[4 * i + 2],
                    st[4 * i + 3]] for i, (k, s) in enumerate(zip(self.keys, self.surfaces))}


def _block_records(tok: Tokens, spans: tuple[tuple[int, int], ...], matched: list[tuple[int, int]] | None,
                   recs: list[tuple], firsts: list[int]) -> None:
    """Append the word records of one block's units (token ranges `spans`) to `recs`, each unit ended by a `_GAP`,
    and each unit's first record to `firsts` (a page's blocks into one list: one `_ngrams` call per page). The
    definition of the compiled `_scan.page_records`, which does this for a page's blocks."""
    words = tok.words
    taken: set[int] | tuple = ()
    if matched:  # the words of glossary matches marked (as `_marked` does)
        taken = {t for s_, e_ in matched for t in range(s_, e_)}
        words = list(words)
        for t in taken:
            words[t] = _MATCHED_DETERMINER if words[t][6] else _GAP
    if len(spans) == 1 and not tok.joins:  # (a heading or list item: its records are one slice)
        start, end = spans[0]
        firsts.append(len(recs))
        recs += words[start:end]
        recs.append(_GAP)
        return
    for start, end in spans:
        firsts.append(len(recs))
        recs += _words(tok, start, end, words, taken)
        recs.append(_GAP)


def _block_ngrams(tok: Tokens, spans: tuple[tuple[int, int], ...], matched: list[tuple[int, int]] | None,
                  max_words: int) -> list[tuple[int, str, str, bool]]:
    """(unit, key, surface, name_like) of the statistical candidates of one block's units (token ranges `spans`)."""
    recs: list[tuple] = []
    firsts: list[int] = []
    _block_records(tok, spans, matched, recs, firsts)
    return _ngrams(recs, max_words, firsts)


def page_parts(units: Units, tokens: dict[int, Tokens], matched_by_block: dict[int, list[tuple[int, int]]],
               max_words: int, trained: bool) -> tuple[tuple[str, ...], bytes, tuple[int, ...], tuple[str, ...],
                                                       tuple[int, ...]]:
    """The candidates of one page (`units`: its sentence units, an `engine.results.Units`), each key's count, first
    sentence index, name-like uses and checkable uses (counted in paragraphs only: headings are Title Case anyway)
    and surface forms, as a page keeps them (`chunk_data.page_entry`: plain values, never tracked by the garbage
    collector once it has seen them): the keys (in order of first use), their stats (4 int64 a key, as bytes) and
    the surface forms that differ from their key (each one's key index, text and uses; `PageCandidates.of_parts`)."""
    index: dict[str, int] = {}  # key -> its position in `keys`
    keys: list[str] = []
    stats: list[int] = []  # 4 per key (see `PageCandidates`)
    forms: list = []  # per key: its surface while it has one (the key object itself when equal), else {surface: uses}

    def add(found: list, sentence_of, prose_of) -> None:
        """Count (unit, key, surface, name_like) candidates; unit indexes `sentence_of` and `prose_of` (compiled:
        `_scan.tally`)."""
        tally(found, sentence_of, prose_of, index, keys, stats, forms)

    cols = units.columns  # (read by column: the units of a block are consecutive)
    spans_col, sentence_col, kind_col = cols["_span"], cols["sentence"], cols["kind"]
    unit_blocks = cols["block"]
    if trained:
        k = 0
        while k < len(unit_blocks):
            block = unit_blocks[k]
            first, k = k, bisect_right(unit_blocks, block, k)  # the block's units: [first, k)
            tok = tokens[block]
            matched = matched_by_block.get(block, [])
            doc = cols["_doc"][first]
            for u in range(first, k):
                span = doc[slice(*spans_col[u])]
                try:
                    chunks = [(c.start, c.end) for c in span.noun_chunks]
                except (ValueError, NotImplementedError):
                    chunks = []
                add([(0, key, surface, name_like) for key, surface, name_like
                     in unit_candidates(tok, span.start, span.end, matched, max_words, chunks)],
                    (sentence_col[u],), (kind_col[u] == "paragraph",))
        recs: list[tuple] = []
    else:  # statistical n-grams: the records of the page's units in one list (`_block_records` block by block, each
        # unit ended by a _GAP; `firsts`: each unit's first record; compiled), the n-grams found once per page (below)
        recs, firsts = page_records(unit_blocks, spans_col, tokens, matched_by_block, JOINS, _GAP)
    if recs:  # (`add(_ngrams(recs, max_words, firsts), ...)` in one compiled loop)
        ngram_tally(recs, max_words, firsts, sentence_col, [kind == "paragraph" for kind in kind_col], index, keys,
                    stats, forms)
    return (tuple(keys), array("q", stats).tobytes(), *_surface_rows(keys, forms, stats))


def page_candidates(units: Units, tokens: dict[int, Tokens], matched_by_block: dict[int, list[tuple[int, int]]],
                    max_words: int, trained: bool) -> PageCandidates:
    """The candidates of one page (`page_parts`) as a `PageCandidates` ({key: [count, first sentence index, {surface:
    count}, name-like uses, checkable uses]} as `as_dict()`)."""
    return PageCandidates.of_parts(*page_parts(units, tokens, matched_by_block, max_words, trained))


def _surface_rows(keys: Sequence[str], forms: Sequence[Any], stats: Sequence[int]
                  ) -> tuple[tuple[int, ...], tuple[str, ...], tuple[int, ...]]:
    """The surface forms that differ from their key (`forms`: per key the key object itself, another string, used as
    often as the key, or {surface: uses} / (surface, uses) pairs): each one's key index, text and uses."""
    rows: list[int] = []
    texts: list[str] = []
    uses: list[int] = []
    for i in [i for i, (k, f) in enumerate(zip(keys, forms)) if f is not k]:  # (mostly the key object itself)
        f = forms[i]
        if f.__class__ is str:
            if f != keys[i]:
                rows.append(i)
                texts.append(f)
                uses.append(stats[4 * i])
        else:
            for form, n in (f.items() if f.__class__ is dict else f):
                rows.append(i)
                texts.append(form)
                uses.append(n)
    return tuple(rows), tuple(texts), tuple(uses)


def _compact(pages: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, PageCandidates]]:
    for p, c in pages:
        yield p, c if isinstance(c, PageCandidates) else PageCandidates.from_dict(c)


def rank(pages: Iterable[tuple[str, PageCandidates | dict[str, list]]], glossary_keys: set[str], min_count: int,
         top: int, wanted: np.ndarray | None = None) -> list[dict]:
    """Rank the candidates of `pages`: (page_id, page_candidates(...)) in page order (a list, or an iterable yielding
    the pages anew each time it is iterated); `rank_rows` over them, all pages as one `CandidateRows`."""
    return rank_rows(lambda hashes, forms: [rows_of_pages(pages, hashes)], glossary_keys, min_count, top, wanted)


def rows_of_pages(pages: Iterable[tuple[str, PageCandidates | dict[str, list]]],
                  wanted: np.ndarray | None) -> CandidateRows:
    """The pages' candidates as one `CandidateRows`, only the keys whose hash is in `wanted` (None: every key)."""
    ids: list[str] = []
    page: list[int] = []
    keys: list[str] = []
    stats: list[int] = []
    forms: list[Any] = []
    for page_id, cands in _compact(pages):
        page += [len(ids)] * len(cands.keys)
        ids.append(page_id)
        keys += cands.keys
        stats += cands.stats
        forms += cands.surfaces
    st = np.asarray(stats, dtype=np.int64).reshape(-1, 4)
    if wanted is None:
        return CandidateRows(ids, np.asarray(page, dtype=np.int64), keys, st, forms)
    sel = np.flatnonzero(wanted_mask(wanted, keys))
    return CandidateRows(ids, np.asarray(page, dtype=np.int64)[sel], [keys[i] for i in sel.tolist()], st[sel],
                         [forms[i] for i in sel.tolist()])


def rank_rows(read: Callable[[np.ndarray | None, bool], Iterable[CandidateRows]], glossary_keys: set[str],
              min_count: int, top: int, wanted: np.ndarray | None = None) -> list[dict]:
    """Rank the corpus's candidates, read as `CandidateRows` (`read(hashes, forms)`: the rows of the keys whose hash
    is in `hashes`, sorted, or of every key for None, in page order; their surface forms decoded when `forms`), in two
    passes: the keys' totals (uses, pages, name-like and checkable uses), summed a run of rows at a time with numpy;
    then the surface forms and first use of the ranked keys alone. top 0 = all. Each row's example is the first use
    of its term: `example_page` and `example_sentence` (page_id, sentence index on the page), for the caller to look
    its text up (`Audit.sentence_texts`); `example_text` is left empty.

    `wanted`: the sorted hashes of the keys that may reach `min_count` (`candidate_tally.KeyCounts.wanted`, a
    first pass over the pages): only those keys are counted by their strings (memory: most keys occur once);
    None = every key."""
    index: dict[str, int] = {}  # key -> its row in `totals`
    totals = np.zeros((1024, 4), dtype=np.int64)  # per key: uses, pages, name-like uses, checkable uses
    for chunk in read(wanted, False):
        if not len(chunk):
            continue
        codes, distinct = pd.factorize(np.asarray(chunk.keys, dtype=object))
        # each distinct key's row: the known ones looked up, the new ones numbered on (in order of first use)
        at = np.fromiter(map(index.get, distinct.tolist(), repeat(-1)), dtype=np.int64, count=len(distinct))
        new = np.flatnonzero(at < 0)
        at[new] = np.arange(len(index), len(index) + len(new))
        index.update(zip(distinct[new].tolist(), at[new].tolist()))
        if len(index) > len(totals):
            totals = np.concatenate([totals, np.zeros((max(len(index), 2 * len(totals)) - len(totals), 4), np.int64)])
        st, n = chunk.stats, len(distinct)
        totals[at] += np.stack([np.bincount(codes, weights=st[:, 0], minlength=n), np.bincount(codes, minlength=n),
                                np.bincount(codes, weights=st[:, 2], minlength=n),
                                np.bincount(codes, weights=st[:, 3], minlength=n)], axis=1).astype(np.int64)
    scored = candidate_tally.scored_keys(index, totals, glossary_keys, min_count, top)
    chosen = {key for *_, key in scored}
    surfaces: dict[str, Counter] = defaultdict(Counter)
    example: dict[str, tuple[str, int]] = {}
    for chunk in (read(np.sort(candidate_tally.key_hashes(sorted(chosen))), True) if chosen else ()):
        page, ids, uses = chunk.page.tolist(), chunk.page_ids, chunk.stats[:, :2].tolist()
        for i, key in enumerate(chunk.keys):
            if key not in chosen:  # (a key sharing a chosen key's hash)
                continue
            forms = chunk.forms[i]
            if isinstance(forms, str):
                surfaces[key][forms] += uses[i][0]
            else:
                surfaces[key].update(dict(forms))
            if key not in example:
                example[key] = (ids[page[i]], uses[i][1])
    rows = []
    for rank_, (neg_score, neg_f, key) in enumerate(scored, start=1):
        forms = sorted(surfaces[key].items(), key=lambda x: (-x[1], x[0]))
        term = forms[0][0]
        others = sorted(s for s, _ in forms[1:])
        variants = ", ".join(others)
        rows.append({"rank": rank_, "term": term, "key": key, "count": -neg_f, "pages": int(totals[index[key], 1]),
                     "score": -neg_score, "variants": "; ".join(others), "example_page": example[key][0],
                     "example_sentence": example[key], "example_text": "",
                     "glossary_entry": (f"- {{name: {term}, category: TODO, variants: [{variants}]}}" if variants
                                        else f"- {{name: {term}, category: TODO}}")})
    return rows
