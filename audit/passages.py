"""Shared passages between pages: sentences (and whole lists) that one page copies or rewrites from another.

Units (per page, in the worker): every body sentence unit (headings and list items are one unit each), plus every
*list passage*: a run of two or more consecutive list items together with the sentence that introduces them (the last
sentence of the paragraph just before the list). A list passage lets a bullet list meet the sentence that
enumerates the same items in prose.

Each unit has its text and its *content lemmas*: lower-cased lookup lemmas of the words that are not stop words,
punctuation or symbols, hashed to ints. A page's units are held compactly (`PageUnits`: the sentence texts as one
string, one int32 table of blocks / lines / words / offsets, the lemma ids as one int64 array; a list passage's text
and items and every unit's normalised text are derived from these where needed), because the main process holds them
for every page of the site until the corpus stage.

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
   vectorised (sparse row products over text x lemma, item x lemma and text x word-trigram matrices; the few
   paraphrase decisions within 1e-9 of a threshold or a rounding boundary are made by `score_pair`, so kinds and
   scores are exactly those of `score_pair`):

   - `reformatted_list`: a list passage against a sentence, where at least `list_min_item_share` of the list's items
     are found (every content lemma of the item) in the sentence; score = that share;
   - `near_verbatim`: at least `near_verbatim_min` of the shorter unit's word trigrams (surface words, stop words
     included) occur in the other; score = the trigram Dice of the two (2 x shared / (trigrams of a + of b)), so a
     short line found inside a long sentence is listed but scores low, never 1.0;
   - `paraphrase`: weighted lemma overlap (IDF-weighted Dice) >= `passage_min_score` with at least
     `passage_min_shared_lemmas` shared content lemmas, and the shared lemmas carry at least `paraphrase_min_cover`
     of each unit's weight (both sentences say the same thing, not one topic word list inside a longer sentence);

   (`exact` scores 1.0.) Thresholds were set on the seeds: the three gold passages have a trigram share of 0.64
   (scored 0.62 as trigram Dice), 1.0 (items) and 0.72 (Dice, cover 0.65); the best-scoring pair that is not a shared passage has Dice 0.37, cover 0.34.

4. a match between list passages / sentences hides the matches of their parts for the same page pair (one row for
   the list, not one per bullet).

The corpus side keeps the units and the distinct texts column-wise (`_Texts`: numpy arrays over the corpus's units,
texts and their member units; unit texts are read from the pages' `PageUnits` for the passage rows only) and works on
arrays of unit / text / member / match indexes throughout; Python loops remain only where few items go through
them (rare score re-checks, page pairs with a list passage, matches between two texts on many pages).

Rows for one match between groups of many pages are expanded to all cross-page pairs up to
`passage_max_rows_per_match`; above that each page is paired with the group's first page (a star), so the table stays
linear in the corpus size. `duplicate_share` never depends on that cap.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from itertools import chain, count, repeat
from typing import Any

from spacy.attrs import ORTH

import numpy as np
import pandas as pd

from .shingles import norm_slices, norm_text, stable_hash, unique_ints

PASSAGE_COLUMNS = ["page_a", "block_a", "text_a", "page_b", "block_b", "text_b", "score", "kind",
                   "lines_a", "lines_b"]
KINDS = ("exact", "near_verbatim", "reformatted_list", "paraphrase")

# Words that turn a statement around ("doesn't" is normalised to "doesn t"): two sentences that share their content
# words but not their polarity are not a paraphrase of each other
NEGATIONS = frozenset({"not", "no", "never", "none", "nor", "neither", "cannot", "rarely", "seldom", "hardly",
                       "without", "t"})

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


def _token_lemma_ids(doc, table) -> list[int]:
    """The hashed content lemma of every token of `doc` (0 = not a content word), from its token ids (no Token
    objects) and the per-word cache of `content_lemma_ids`."""
    cache = _LEMMA_IDS.setdefault(id(table), {})
    if len(cache) > 500_000:
        cache.clear()
    orths = doc.to_array(ORTH).tolist() if len(doc) else []
    ids = list(map(cache.get, orths))
    if None in ids:
        for t, orth in enumerate(orths):
            if ids[t] is None:
                v = cache.get(orth)
                if v is None:
                    lemma = _content_lemma(doc.vocab[orth], table)  # a Lexeme: the same lexical flags as its tokens
                    v = cache[orth] = stable_hash(lemma) if lemma else 0
                ids[t] = v
    return ids


def _span_lemmas(spans: list, table) -> list[tuple[int, ...]]:
    """Sorted unique content lemma ids of each span (None: no lemmas); token ids read once per doc."""
    doc_ids: dict[int, list[int]] = {}  # id(doc) -> content lemma id per token
    out = []
    for span in spans:
        if span is None:
            out.append(())
            continue
        ids = doc_ids.get(id(span.doc))
        if ids is None:
            ids = doc_ids[id(span.doc)] = _token_lemma_ids(span.doc, table)
        found = set(ids[span.start:span.end])
        found.discard(0)
        out.append(tuple(sorted(found)))
    return out


# PageUnits.table columns (int32, one row per unit)
T_BLOCK, T_LINE_START, T_LINE_END, T_WORDS, T_LEMMA_END, T_END = range(6)
_NO_INTRO = -1


class PageUnits:
    """The passage units of one page, compact: one string and three arrays, no Python object per unit (the main
    process holds this for every page of the site until the corpus stage). Units are the page's sentence units, by
    sentence index (unit k = sentence k), then its list passages.

    - `text` (str): the sentence units' texts, concatenated (sentence k: `text[end[k - 1]:end[k]]`);
    - `table` (int32, one row per unit, columns T_*): first block, line_start, line_end (of the unit's blocks),
      words (a list passage: the sum over its parts), lemma_end, end. `lemma_end`: the end of the unit's lemmas in
      `lemmas`; `end`: a sentence's end in `text`, a list passage's end in `parts`;
    - `lemmas` (int64): the sorted unique content lemma ids of every unit, concatenated (a list passage: the union
      over its parts);
    - `parts` (int32): for every list passage its introducing sentence (-1: none), then its item sentences.

    Derived, not stored: a list passage's text (the introducing sentence, then its items joined by "; "), every
    unit's normalised text (`norm_text`), a list passage's item lemmas (its item sentences' lemmas).
    """

    __slots__ = ("n_sentences", "text", "table", "lemmas", "parts")

    def __init__(self, n_sentences: int, text: str, table: np.ndarray, lemmas: np.ndarray, parts: np.ndarray):
        self.n_sentences, self.text, self.table, self.lemmas, self.parts = n_sentences, text, table, lemmas, parts

    def __reduce__(self):
        return PageUnits, (self.n_sentences, self.text, self.table, self.lemmas, self.parts)

    def __len__(self) -> int:
        return len(self.table)

    @classmethod
    def pack(cls, sentences: list[tuple[int, int, int, int, str, tuple[int, ...]]],
             lists: list[tuple[int, list[int]]] = ()) -> "PageUnits":
        """sentences: (block, line_start, line_end, words, text, sorted unique lemma ids) of each sentence unit, by
        sentence index; lists: (introducing sentence or -1, item sentences) of each list passage."""
        rows = []
        text_end = lemma_end = 0
        for block, line_start, line_end, words, text, lemmas in sentences:
            text_end += len(text)
            lemma_end += len(lemmas)
            rows.append((block, line_start, line_end, words, lemma_end, text_end))
        parts: list[int] = []
        list_lemmas = []
        for intro, items in lists:
            members = ([intro] if intro != _NO_INTRO else []) + list(items)
            lemmas = sorted(set().union(*(sentences[m][5] for m in members)))
            list_lemmas.append(lemmas)
            lemma_end += len(lemmas)
            parts.append(intro)
            parts.extend(items)
            first, last = sentences[members[0]], sentences[items[-1]]
            rows.append((first[0], first[1], last[2], sum(sentences[m][3] for m in members), lemma_end, len(parts)))
        return cls(len(sentences), "".join(s[4] for s in sentences),
                   np.array(rows, dtype=np.int32).reshape(len(rows), 6),
                   np.fromiter(chain(chain.from_iterable(s[5] for s in sentences), chain.from_iterable(list_lemmas)),
                               dtype=np.int64, count=lemma_end),
                   np.array(parts, dtype=np.int32))

    def sentence_words(self) -> np.ndarray:
        """Words of each sentence unit, by sentence index."""
        return self.table[:self.n_sentences, T_WORDS]

    def is_list(self, k: int) -> bool:
        return k >= self.n_sentences

    def _start(self, k: int) -> int:
        return int(self.table[k - 1, T_END]) if k and k != self.n_sentences else 0

    def list_parts(self, k: int) -> tuple[int, list[int]]:
        """(introducing sentence or -1, item sentences) of list passage `k`."""
        p = self.parts[self._start(k):int(self.table[k, T_END])].tolist()
        return p[0], p[1:]

    def members(self, k: int) -> tuple[int, ...]:
        """The sentence indexes unit `k` is made of."""
        if k < self.n_sentences:
            return (k,)
        intro, items = self.list_parts(k)
        return tuple(([intro] if intro != _NO_INTRO else []) + items)

    def lemma_ids(self, k: int) -> tuple[int, ...]:
        return tuple(self.lemmas[int(self.table[k - 1, T_LEMMA_END]) if k else 0:int(self.table[k, T_LEMMA_END])]
                     .tolist())

    def unit_text(self, k: int) -> str:
        """The text of unit `k` (a list passage: its introducing sentence, then its items joined by "; ")."""
        if k < self.n_sentences:
            return self.text[self._start(k):int(self.table[k, T_END])]
        return self._texts([k])[0]

    def _texts(self, units: list[int]) -> list[str]:
        """The texts of `units` (sentence ends read once)."""
        ns, text = self.n_sentences, self.text
        ends = self.table[:, T_END].tolist()
        starts = [0] + ends[:max(ns - 1, 0)] + [0] + ends[ns:-1]  # a list passage's start and end in `parts`
        out = []
        parts = None
        for k in units:
            if k < ns:
                out.append(text[starts[k]:ends[k]])
                continue
            if parts is None:
                parts = self.parts.tolist()
            intro, items = parts[starts[k]], parts[starts[k] + 1:ends[k]]
            items_text = "; ".join(text[starts[i]:ends[i]].rstrip(";,.") for i in items)
            out.append(f"{text[starts[intro]:ends[intro]]} {items_text}" if intro != _NO_INTRO else items_text)
        return out

    def norms(self, units: list[int]) -> list[str]:
        """The normalised texts (`norm_text`) of `units`, sorted (sentences sliced from the page's text normalised
        once; list passages composed, then normalised)."""
        ns = self.n_sentences
        ends = self.table[:ns, T_END].tolist()
        starts = [0] + ends[:-1]
        n = bisect_left(units, ns)  # sentences first
        out = norm_slices(self.text, [(starts[k], ends[k]) for k in units[:n]])
        if n < len(units):
            out.extend(map(norm_text, self._texts(units[n:])))
        return out


def page_units(body, units: list[dict], settings, table=None) -> PageUnits:
    """The passage units of one page (`units`: its sentence units, `units[k]['sentence'] == k`)."""
    blocks = {b.block: b for b in body}
    spans = [u.get("_span") for u in units]
    if table is None:  # a trained pipeline's lemma depends on the context
        lemma_sets = [_ids(content_lemma_ids(span, table)) if span is not None else () for span in spans]
    else:
        lemma_sets = _span_lemmas(spans, table)
    sentences = []
    for u, lem in zip(units, lemma_sets):
        b = blocks[u["block"]]
        sentences.append((b.block, b.line_start, b.line_end, u["words"], u["text"], lem))
    # list passages: consecutive list items + the sentence introducing them
    last_sentence_of_block = {u["block"]: u["sentence"] for u in units}
    runs: list[list[dict]] = []
    for u in units:
        if u["kind"] != "list_item":
            continue
        if runs and u["block"] == runs[-1][-1]["block"] + 1:
            runs[-1].append(u)
        else:
            runs.append([u])
    lists = []
    for run in runs:
        if len(run) < 2:
            continue
        intro = _NO_INTRO
        prev = blocks.get(run[0]["block"] - 1)
        if prev is not None and prev.kind == "paragraph" and prev.block in last_sentence_of_block:
            intro = last_sentence_of_block[prev.block]
        lists.append((intro, [u["sentence"] for u in run]))
    return PageUnits.pack(sentences, lists)


def _ids(lemma_ids: list[int]) -> tuple[int, ...]:
    return tuple(sorted(set(lemma_ids)))


# ---------------------------------------------------------------- corpus side

KIND_CODES = {k: c for c, k in enumerate(KINDS)}
EXACT, NEAR_VERBATIM, REFORMATTED_LIST, PARAPHRASE = range(4)
_MARGIN = 1e-9  # vectorised paraphrase sums may differ from score_pair's in the last bits: closer calls are re-checked


class _Distinct:
    """One distinct text, as `score_pair` reads it (the corpus side keeps texts column-wise in `_Texts`)."""
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


def score_pair(a: _Distinct, b: _Distinct, idf: dict[int, float], settings) -> tuple[str, float] | None:
    """(kind, score) when the two distinct texts are a shared passage, else None (the reference for the vectorised
    `_score_candidates`)."""
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
    if verbatim >= settings.near_verbatim_min:  # found by the shorter unit's share; scored on both (trigram Dice)
        return "near_verbatim", round(2 * len(ta & tb) / (len(ta) + len(tb)), 4)
    if (dice >= settings.passage_min_score and min(cover_a, cover_b) >= settings.paraphrase_min_cover
            and a.negated() == b.negated()):  # "X is the usual treatment" vs "X rarely helps": same words, opposite
        return "paraphrase", round(dice, 4)
    return None


class _Columns:
    """The units of all pages, column-wise (pages in page-id order): what `_Texts` reads. Units per page
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
        self.unit_hash: np.ndarray | None = None  # a streamed run's unit hashes, until `_Texts` groups the units

    @classmethod
    def of_pages(cls, units: list[PageUnits]) -> "_Columns":
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


class _Texts:
    """The distinct texts of the corpus, column-wise: units with the same (is list, normalised text) are one text,
    numbered in order of their first unit; the first unit gives its lemmas and items. Members (the units holding a
    text) are grouped by text, in (page, unit) order: text t owns members `mem_start[t]:mem_start[t + 1]`.

    Units are numbered over the corpus ("flat" indexes: page p owns `offsets[p]:offsets[p + 1]`); their blocks,
    lines, lemma counts and lemma positions are arrays over flat indexes (`table`, `n_lem`, `lem_start`, into
    `all_lemmas`); texts are read from the pages' `PageUnits` only for the rows of the passage table."""

    def __init__(self, data: "_Columns | list[tuple[str, PageUnits]]", min_lemmas: int,
                 hashes: np.ndarray | None = None):
        """`hashes`: a 64-bit hash of every unit's normalised text (a streamed run: computed in the workers), used
        instead of the texts to group the units (no normalised text is kept then: `norms` makes them when asked)."""
        if not isinstance(data, _Columns):
            data = _Columns.of_pages([pu for _, pu in data])
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
        n_sentences = data.n_sentences
        local = np.arange(n_units, dtype=np.int64) - self.offsets[page_of]
        self.unit_is_list = local >= n_sentences[page_of]
        del local
        lem_end = self.table[:, T_LEMMA_END].astype(np.int64)
        lem_start = np.zeros(n_units, dtype=np.int64)
        lem_start[1:] = lem_end[:-1]
        lem_start[self.offsets[:-1][counts > 0]] = 0  # each page's lemmas start at 0
        self.n_lem = n_lem = (lem_end - lem_start).astype(np.int32)
        del lem_end
        self.lem_start = data.lemma_offsets[page_of] + lem_start
        del lem_start
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
            mem_pos = order[_segments(starts[g], text_sizes)]
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
        at = _segments(self.lem_start[self.first_unit], self.lens)
        if self.lemma_values is None:
            hashes = self.all_lemmas[at]
            del at
            codes, uniq = pd.factorize(hashes)  # hashing, not sorting, the many lemmas; then number them in hash order
            del hashes
            rank = np.empty(len(uniq), dtype=np.int64)
            rank[np.argsort(uniq)] = np.arange(len(uniq))
            self.vocab, self.cols = np.sort(uniq), rank[codes]
            del codes, rank
        else:  # lemma codes into sorted hashes: the texts' columns are their codes' ranks
            codes = self.all_lemmas[at]
            del at
            used = unique_ints(codes)
            self.vocab = self.lemma_values[used]
            self.cols = np.searchsorted(used, codes).astype(np.uint16 if len(used) <= 1 << 16 else np.int32)
            del codes, used
        df = np.bincount(self.cols, minlength=len(self.vocab))
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
            return n, self.lemma_hashes(_segments(self.lem_start[units], n))
        at = np.searchsorted(self.item_flat, units)
        if len(units) and not (at < len(self.item_flat)).all() or not (self.item_flat[at] == units).all():
            raise KeyError("lemmas of a unit that is not an item of a list text")
        n = np.diff(self.item_lem_start)[at]
        return n, self.item_lemmas[_segments(self.item_lem_start[at], n)]

    def _weights(self) -> np.ndarray:
        """sum(idf over the text's lemmas) or 1.0, vectorised: equal to `score_pair`'s weights up to the summation
        order (last bits; `distinct` gives the exact weight)."""
        w = np.bincount(np.repeat(np.arange(self.n), self.lens), weights=self.idf[self.cols], minlength=self.n)
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

    def distinct(self, t: int) -> _Distinct:
        """Text `t` as `score_pair` reads it."""
        norm = self.norm[t] if self.norm is not None else self.norms(np.array([t]))[0]
        d = _Distinct((bool(self.is_list[t]), norm), bool(self.is_list[t]), norm, self.lemmas(t), self.items(t))
        idf = self.idf_dict()
        d.weight = sum(idf[x] for x in d.lset()) or 1.0  # in the set's order, as always
        return d


def find_passages(pages: list[tuple[str, PageUnits]], settings) -> tuple[pd.DataFrame, dict[str, set[int]], dict]:
    """Shared passages across `pages` ([(page_id, units)], sorted by page_id).

    Returns the passage table, for each page the sentence indexes inside passages shared with another page, and
    counters (candidates scored, keys capped, ...).
    """
    t = _Texts(pages, settings.passage_min_shared_lemmas)
    mi, mj, mkind, mscore, shared, stats = _matches(t, settings)
    table = _table(t, pages, mi, mj, mkind, mscore, settings.passage_max_rows_per_match)
    return table, {pages[p][0]: s for p, s in shared.items()}, stats


def _matches(t: _Texts, settings, shared_sets: bool = True):
    """The kept matches (mi, mj, kind codes, scores), the shared sentences (per page index: a set, or with
    `shared_sets` False the (page, sentence) arrays) and the counters."""
    cand_i, cand_j, capped = _candidate_pairs(t.lens, t.cols, len(t.vocab), settings.passage_max_key_df,
                                              settings.passage_key_window, settings.passage_min_key_hits)
    n_candidates = len(cand_i)
    exact = np.flatnonzero(t.n_pages > 1)  # exact: one text on several pages
    si, sj, skind, sscore = _score_candidates(t, cand_i, cand_j, settings)
    del cand_i, cand_j
    mi, mj = np.r_[exact, si], np.r_[exact, sj]
    mkind = np.r_[np.full(len(exact), EXACT, dtype=np.int64), skind]
    mscore = [1.0] * len(exact) + sscore

    shared = _shared_sentences(t, mi, mj) if shared_sets else _shared_arrays(t, mi, mj)
    keep = _keep_best(mi, mj, np.array(mscore, dtype=np.float64), settings.passage_max_matches_per_text)
    mi, mj, mkind, mscore = mi[keep], mj[keep], mkind[keep], [mscore[m] for m in keep.tolist()]
    stats = {"distinct_units": t.n, "candidates": n_candidates, "capped_keys": capped, "matches": len(mi)}
    return mi, mj, mkind, mscore, shared, stats


def find_passages_streamed(data: _Columns, hashes: np.ndarray | None, ids: list[str], settings, write_slice,
                           slice_rows: int = 100_000, trim=lambda: None) -> tuple[dict[str, float], dict]:
    """`find_passages` over column-wise page data (`ids` sorted) with precomputed unit hashes, for a streamed run:
    the table goes to `write_slice(k, frame)` in slices of `slice_rows` rows (the same rows, order and dtypes);
    returns `duplicate_share` per page id (before exact copies) and the counters (with `passages` and
    `passages_by_kind`)."""
    if hashes is not None:
        data.unit_hash = hashes
        del hashes
    t = _Texts(data, settings.passage_min_shared_lemmas)
    trim()
    mi, mj, mkind, mscore, (spage, ssent), stats = _matches(t, settings, shared_sets=False)
    trim()
    # duplicate share: words of the shared sentences / words of the page's sentences
    sent_words = t.table[:, T_WORDS].astype(np.int64)
    is_sentence = ~t.unit_is_list
    total = np.bincount(t.page_of[is_sentence], weights=sent_words[is_sentence], minlength=len(ids))
    inside = np.bincount(spage, weights=sent_words[t.offsets[spage] + ssent], minlength=len(ids))
    dup = {pid: (round(int(i) / int(n), 4) if n else 0.0) for pid, i, n in zip(ids, inside.tolist(), total.tolist())}
    del spage, ssent, sent_words, is_sentence
    rows = _rows(t, ids, mi, mj, settings.passage_max_rows_per_match)
    trim()
    by_kind = {k: 0 for k in KINDS}
    n_rows = 0
    if rows is not None:
        n_rows = len(rows["pa"])
        counts = np.bincount(mkind[rows["match"]], minlength=len(KINDS))
        by_kind = {k: int(counts[c]) for c, k in enumerate(KINDS)}
        score = np.array(mscore, dtype=np.float64)
        for k, lo in enumerate(range(0, n_rows, slice_rows)):
            write_slice(k, _frame(t, ids, rows, mkind, score, lo, min(lo + slice_rows, n_rows)))
    stats = {**stats, "passages": n_rows, "passages_by_kind": by_kind}
    return dup, stats


def _shared_sentences(t: _Texts, mi: np.ndarray, mj: np.ndarray) -> dict[int, set[int]]:
    flat, page = _inside(t, mi, mj)
    return _by_page(t, flat, page)


def _inside(t: _Texts, mi: np.ndarray, mj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def _by_page(t: _Texts, flat: np.ndarray, page: np.ndarray):
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


def _shared_arrays(t: _Texts, mi: np.ndarray, mj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_shared_sentences` as unique (page, sentence index) arrays, vectorised (list passages: their sentences)."""
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
        pos = _segments(d.parts_offsets[lp] + start, n)
        members = d.parts[pos].astype(np.int64)
        owner = np.repeat(lp, n)
        real = members != _NO_INTRO
        sp.append(owner[real]), ss.append(members[real])
    page, sent = np.concatenate(sp), np.concatenate(ss)
    if not len(page):
        return page, sent
    code = np.unique(page * (int(sent.max()) + 1) + sent)
    width = int(sent.max()) + 1
    return code // width, code % width


def _keep_best(mi: np.ndarray, mj: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
    """Rows stay linear in the corpus: a match is listed when it is among the `limit` best matches (score, then text
    order) of one of its two texts. A sentence rewritten on hundreds of pages yields its best matches, not all pairs
    of its variants; exact groups are always kept (their rows are capped by `_table`). Returns the kept match
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


def _candidate_pairs(lens: np.ndarray, flat: np.ndarray, n_vocab: int, cap: int, window: int = 8,
                     min_hits: int = 1, max_products: int = 4_000_000, batch_keys: int = 1 << 21
                     ) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs (i < j, two sorted int64 arrays, unique) of texts sharing at least `min_hits` unordered pairs of
    content lemmas, each held by at most `cap` texts (`lens`: lemmas per text, `flat`: their columns, concatenated).
    Keys are computed with numpy: one (key, text) row per lemma pair of each text; hits per pair come from a sparse
    product of text x key incidences. A key held by more than `window` texts pairs each of them with the key's
    first `window` texts only (a sentence rewritten on hundreds of pages
    meets its first variants, not all of them: linear work, and rows are capped anyway). Two texts sharing 4 content
    lemmas share 6 lemma pairs: with `min_hits` up to 6 every pair that can score (`passage_min_shared_lemmas` = 4)
    is proposed unless its keys are too common."""
    empty = np.zeros(0, dtype=np.int64)
    n_texts = len(lens)
    v = max(n_vocab, 1)
    shift = max(n_texts - 1, 1).bit_length()
    packed = (v * v) < 2 ** (62 - shift)  # key << shift | owner in one int64: one sort, owners sorted per key
    lens = np.asarray(lens, dtype=np.int64)
    offsets = np.r_[0, np.cumsum(lens)]
    flat = np.asarray(flat)
    idx = np.int32 if len(flat) < 2 ** 31 and n_texts < 2 ** 31 else np.int64
    flat = flat.astype(idx, copy=False)
    if len(flat) > 1:  # each text's lemma columns ascending (they are: sorted lemma ids, numbered in order)
        not_up = np.flatnonzero(np.diff(flat) <= 0) + 1
        if not np.isin(not_up, offsets).all():
            row = np.repeat(np.arange(n_texts, dtype=idx), lens)
            flat = flat[np.lexsort((flat, row))]
            del row
        del not_up
    flat = flat.astype(idx, copy=False)
    # keys are generated in key order, a batch of first lemmas at a time (memory: one batch of keys, never all):
    # the occurrence of lemma a at position r of a text of L lemmas makes the keys (a, b) for its L - 1 - r
    # later (greater) lemmas b
    ends = offsets[1:]

    def rest_of(occ: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(text, number of later lemmas) of the occurrences `occ`."""
        text = np.searchsorted(ends, occ, side="right")
        return text, ends[text] - 1 - occ

    by_lemma = np.argsort(flat, kind="stable").astype(idx)  # occurrences by lemma, then by text
    per_lemma = np.zeros(v, dtype=np.int64)
    for s0 in range(0, len(flat), 1 << 20):
        occ = np.arange(s0, min(s0 + (1 << 20), len(flat)), dtype=np.int64)
        per_lemma += np.bincount(flat[occ], weights=rest_of(occ)[1], minlength=v).astype(np.int64)
    occ_start = np.r_[0, np.cumsum(np.bincount(flat, minlength=v))]
    total = int(per_lemma.sum())
    if not total:
        return empty, empty, 0
    cum = np.cumsum(per_lemma)
    del per_lemma
    cuts = np.searchsorted(cum, np.arange(1, -(-total // batch_keys)) * batch_keys) + 1
    bounds_a = unique_ints(np.r_[0, np.minimum(cuts, v), v]).tolist()
    own_type = np.int32 if n_texts < 2 ** 31 else np.int64
    kept_owners, kept_sizes = [], []
    capped = 0
    mask = np.int64((1 << shift) - 1)
    for a0, a1 in zip(bounds_a[:-1], bounds_a[1:]):
        occ = by_lemma[occ_start[a0]:occ_start[a1]].astype(np.int64)
        text, n_b = rest_of(occ)
        src = _segments(occ + 1, n_b)
        keys = np.repeat(flat[occ].astype(np.int64), n_b) * v + flat[src]
        del src
        owner = np.repeat(text, n_b)
        del occ, n_b, text
        if not len(keys):
            continue
        if packed:
            keys <<= shift
            keys |= owner
            del owner
            keys.sort()
            owners = (keys & mask).astype(own_type)
            keys >>= shift
        else:
            order = np.lexsort((owner, keys))
            keys, owners = keys[order], owner[order].astype(own_type)
            del order, owner
        starts = np.r_[0, np.flatnonzero(keys[1:] != keys[:-1]) + 1]
        sizes = np.diff(np.r_[starts, len(keys)])
        del keys, starts
        capped += int((sizes > cap).sum())
        ok = (sizes >= 2) & (sizes <= cap)
        kept_owners.append(owners[np.repeat(ok, sizes)])  # the owners of the groups that propose candidates
        kept_sizes.append(sizes[ok])
        del owners, sizes, ok
    del by_lemma, flat
    owners = np.concatenate(kept_owners) if kept_owners else np.zeros(0, dtype=own_type)
    g_sizes = np.concatenate(kept_sizes) if kept_sizes else empty
    del kept_owners, kept_sizes
    if not len(g_sizes):
        return empty, empty, capped
    # hits(i, j), i < j = keys holding j whose first `window` texts include i (owners are sorted within a key):
    # (first-window incidence)^T x (key incidence), in row chunks
    from scipy import sparse

    bounds = np.r_[0, np.cumsum(g_sizes)]
    keys_x_texts = sparse.csr_matrix((np.ones(len(owners), dtype=np.int32), owners, bounds),
                                     shape=(len(g_sizes), n_texts))
    n_first = np.minimum(g_sizes, window)
    first = owners[_segments(bounds[:-1], n_first)]
    del owners
    texts_x_first = sparse.csr_matrix((np.ones(len(first), dtype=np.int32), first, np.r_[0, np.cumsum(n_first)]),
                                      shape=(len(g_sizes), n_texts)).T.tocsr()
    del first
    out_i, out_j = [], []
    products = int((n_first * g_sizes).sum())
    del n_first, g_sizes
    step = -(-n_texts // -(-products // max_products))  # about `max_products` products per chunk (memory)
    for r0 in range(0, n_texts, step):
        c = (texts_x_first[r0:r0 + step] @ keys_x_texts).tocsr()
        at = np.flatnonzero(c.data >= min_hits)
        rows = np.searchsorted(c.indptr, at, side="right") - 1 + r0
        cols = c.indices[at].astype(np.int64)
        out_i.append(rows[cols > rows])
        out_j.append(cols[cols > rows])
        del c, at
    i, j = np.concatenate(out_i), np.concatenate(out_j)
    order = np.lexsort((j, i))
    return i[order], j[order], capped


def _words(t: _Texts, texts: np.ndarray, batch: int = 20_000) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Word ids (int32) of the normalised texts `texts` (concatenated), words per text, and the word -> id map;
    texts normalised `batch` at a time (a streamed run keeps no normalised text)."""
    index: dict[str, int] = {}
    flat_parts, len_parts = [], []
    texts = np.asarray(texts, dtype=np.int64)
    for s0 in range(0, len(texts), batch):
        norms = t.norms(texts[s0:s0 + batch])
        joined = " ".join(norms)
        words = joined.split()
        if " ".join(words) == joined:  # every text single-spaced, no other white space: words = spaces + 1
            lens = np.fromiter(map(str.count, norms, repeat(" ")), dtype=np.int64, count=len(norms)) + 1
        else:
            split = [n.split() for n in norms]
            lens = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        del norms, joined
        for w in dict.fromkeys(words):
            if w not in index:
                index[w] = len(index)
        flat_parts.append(np.fromiter(map(index.__getitem__, words), dtype=np.int32, count=len(words)))
        len_parts.append(lens)
        del words
    if not flat_parts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64), index
    return np.concatenate(flat_parts), np.concatenate(len_parts), index


def _trigram_matrix(flat: np.ndarray, lens: np.ndarray, n_words: int):
    """Texts x word trigrams (binary CSR; the `tri()` sets, numbered) from the texts' word ids."""
    from scipy import sparse

    n = len(lens)
    v = np.int64(max(n_words, 1) + 1)
    owner = np.repeat(np.arange(n, dtype=np.int64), lens)
    rows, codes = [], []
    if len(flat) >= 3:
        pos = np.flatnonzero(owner[:-2] == owner[2:])
        rows.append(owner[pos])
        codes.append((flat[pos] * v + flat[pos + 1]) * v + flat[pos + 2])
    short = np.flatnonzero(lens < 3)  # a text of 0-2 words is one "trigram" of all its words (v - 1: no word)
    if len(short):
        at = np.r_[0, np.cumsum(lens)][short]
        padded = np.r_[flat, v - 1, v - 1]
        one = np.where(lens[short] >= 1, padded[at], v - 1)
        two = np.where(lens[short] == 2, padded[at + 1], v - 1)
        rows.append(short)
        codes.append(-1 - (one * v + two))
    r, c = np.concatenate(rows), np.concatenate(codes)
    _, cols = np.unique(c, return_inverse=True)
    m = sparse.csr_matrix((np.ones(len(r), dtype=np.int32), (r, cols)), shape=(n, int(cols.max()) + 1))
    m.sum_duplicates()
    m.data[:] = 1
    return m


def _score_candidates(t: _Texts, ci: np.ndarray, cj: np.ndarray, settings, chunk: int = 200_000
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """`score_pair` over all candidate pairs, vectorised (sparse row products in chunks): the same decisions and
    scores, as (i, j, kind code, score) sorted by (i, j). Paraphrase sums of IDF weights may differ from
    `score_pair`'s in the last bits (another summation order): decisions and scores within `_MARGIN` of a threshold
    or of a rounding boundary are made by `score_pair` itself."""
    empty = np.zeros(0, dtype=np.int64)
    if not len(ci):
        return empty, empty, empty, []
    single = np.where(t.n_pages == 1, t.first_page, -1)
    keep = ~((single[ci] >= 0) & (single[ci] == single[cj]))  # both only on the same single page
    ci, cj = ci[keep], cj[keep]
    if not len(ci):
        return empty, empty, empty, []
    lem = t.lemma_matrix()
    min_shared = settings.passage_min_shared_lemmas
    ok_parts, w_parts = [], []
    for s in range(0, len(ci), chunk):  # shared content lemmas (count and IDF weight) of every pair
        prod = lem[ci[s:s + chunk]].multiply(lem[cj[s:s + chunk]]).tocsr()
        n_shared = np.diff(prod.indptr)
        rows = np.repeat(np.arange(len(n_shared)), n_shared)
        w_parts.append(np.bincount(rows, weights=t.idf[prod.indices], minlength=len(n_shared)))
        ok_parts.append(n_shared >= min_shared)
    ok = np.concatenate(ok_parts)
    ci, cj, w_shared = ci[ok], cj[ok], np.concatenate(w_parts)[ok]
    mixed = t.is_list[ci] != t.is_list[cj]
    out = [(empty, empty, empty, np.zeros(0))]
    if mixed.any():
        out.append(_score_lists(t, lem, ci[mixed], cj[mixed], settings))
    ci, cj, w_shared = ci[~mixed], cj[~mixed], w_shared[~mixed]
    if len(ci):
        out.append(_score_sentences(t, ci, cj, w_shared, settings, chunk))
    i = np.concatenate([o[0] for o in out])
    j = np.concatenate([o[1] for o in out])
    kind = np.concatenate([o[2] for o in out])
    score = np.concatenate([o[3] for o in out])
    order = np.lexsort((j, i))
    return i[order], j[order], kind[order], [round(x, 4) for x in score[order].tolist()]


def _score_lists(t: _Texts, lem, ci: np.ndarray, cj: np.ndarray, settings):
    """Pairs of a list passage and a sentence: `reformatted_list` when enough of the list's items are found (every
    content lemma of the item) in the sentence. Returns (i, j, kind, unrounded score) of the matches."""
    from scipy import sparse

    lst = np.where(t.is_list[ci], ci, cj)
    other = np.where(t.is_list[ci], cj, ci)
    lists = unique_ints(lst)
    item_units = [t.item_units(x) for x in lists.tolist()]  # flat indexes of each list's item sentences
    n_items = np.zeros(t.n, dtype=np.int64)
    n_items[lists] = list(map(len, item_units))
    item_start = np.zeros(t.n, dtype=np.int64)
    item_start[lists] = np.r_[0, np.cumsum(n_items[lists])][:-1]
    items = np.fromiter(chain.from_iterable(item_units), dtype=np.int64, count=int(n_items.sum()))
    item_len, hashes = t.unit_lemmas(items)
    cols = np.minimum(np.searchsorted(t.vocab, hashes), max(len(t.vocab) - 1, 0))
    unknown = np.bincount(np.repeat(np.arange(len(items)), item_len), weights=t.vocab[cols] != hashes,
                          minlength=len(items)) > 0  # a lemma no text has: the item is found nowhere
    im = sparse.csr_matrix((np.ones(len(cols), dtype=np.int32), cols, np.r_[0, np.cumsum(item_len)]),
                           shape=(len(items), lem.shape[1]))
    # one row per (pair, item of its list): is every lemma of the item in the other text?
    per_pair = n_items[lst]
    pair_of = np.repeat(np.arange(len(lst)), per_pair)
    item_of = np.repeat(item_start[lst] - np.r_[0, np.cumsum(per_pair)][:-1], per_pair) + np.arange(len(pair_of))
    inter = np.diff(im[item_of].multiply(lem[other[pair_of]]).tocsr().indptr)
    hit = (item_len[item_of] > 0) & (inter == item_len[item_of]) & ~unknown[item_of]
    found = np.bincount(pair_of[hit], minlength=len(lst))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = found / per_pair
    yes = (per_pair >= 2) & (found >= 2) & (share >= settings.list_min_item_share)
    return ci[yes], cj[yes], np.full(int(yes.sum()), REFORMATTED_LIST, dtype=np.int64), share[yes]


def _score_sentences(t: _Texts, ci: np.ndarray, cj: np.ndarray, w_shared: np.ndarray, settings, chunk: int):
    """Pairs of two sentences (or two lists): `near_verbatim` on shared word trigrams, else `paraphrase` on the
    IDF-weighted lemma overlap. Returns (i, j, kind, unrounded score) of the matches."""
    used = unique_ints(np.r_[ci, cj])  # word ids of these texts only
    row_of = np.full(t.n, -1, dtype=np.int64)
    row_of[used] = np.arange(len(used))
    words, lens, index = _words(t, used)
    word_start = np.r_[0, np.cumsum(lens)][:-1]
    neg_ids = [index[w] for w in NEGATIONS if w in index]
    is_neg = np.zeros(len(index) + 1, dtype=bool)
    is_neg[neg_ids] = True
    neg_seen = np.r_[0, np.cumsum(is_neg[words], dtype=np.int64)]
    negated = (neg_seen[word_start + lens] - neg_seen[word_start]) > 0
    del neg_seen
    ta, tb = row_of[ci], row_of[cj]
    del row_of
    inter = np.zeros(len(ci), dtype=np.int64)
    tri_a, tri_b = np.zeros(len(ci), dtype=np.int64), np.zeros(len(ci), dtype=np.int64)
    step = max(chunk // 4, 1)
    for s in range(0, len(ci), step):  # word trigrams of the chunk's texts only
        a, b = ta[s:s + step], tb[s:s + step]
        rows, local = np.unique(np.r_[a, b], return_inverse=True)
        local = local.ravel()
        tri = _trigram_matrix(words[_segments(word_start[rows], lens[rows])].astype(np.int64), lens[rows], len(index))
        tri_n = np.diff(tri.indptr)
        la, lb = local[:len(a)], local[len(a):]
        inter[s:s + len(a)] = np.diff(tri[la].multiply(tri[lb]).tocsr().indptr)
        tri_a[s:s + len(a)], tri_b[s:s + len(a)] = tri_n[la], tri_n[lb]
        del tri, rows, local
    del words
    verbatim = inter / np.minimum(tri_a, tri_b)
    nv = verbatim >= settings.near_verbatim_min
    wa, wb = t.weight[ci], t.weight[cj]
    dice = 2 * w_shared / (wa + wb)
    cover = np.minimum(w_shared / wa, w_shared / wb)
    min_score, min_cover = settings.passage_min_score, settings.paraphrase_min_cover
    same_polarity = negated[ta] == negated[tb]
    yes = ~nv & same_polarity & (dice >= min_score + _MARGIN) & (cover >= min_cover + _MARGIN)
    maybe = ~nv & same_polarity & ~yes & (dice >= min_score - _MARGIN) & (cover >= min_cover - _MARGIN)
    x = dice * 1e4
    maybe |= yes & (np.abs(x - np.floor(x) - 0.5) < 1e-6)  # round(dice, 4) could go either way
    yes &= ~maybe
    i = [ci[nv], ci[yes]]
    j = [cj[nv], cj[yes]]
    kind = [np.full(int(nv.sum()), NEAR_VERBATIM, dtype=np.int64), np.full(int(yes.sum()), PARAPHRASE, dtype=np.int64)]
    score = [(2 * inter / (tri_a + tri_b))[nv], dice[yes]]  # near verbatim: trigram Dice (a line in a long sentence
    # is found, but does not score 1.0)
    if maybe.any():  # the exact decision and score
        idf = t.idf_dict()
        rows = []
        for a, b in zip(ci[maybe].tolist(), cj[maybe].tolist()):
            found = score_pair(t.distinct(a), t.distinct(b), idf, settings)
            if found:
                rows.append((a, b, KIND_CODES[found[0]], found[1]))
        if rows:
            a, b, k, sc = map(np.array, zip(*rows))
            i.append(a.astype(np.int64)), j.append(b.astype(np.int64)), kind.append(k.astype(np.int64))
            score.append(sc.astype(np.float64))  # already rounded: rounding again keeps it
    return np.concatenate(i), np.concatenate(j), np.concatenate(kind), np.concatenate(score)


def _table(t: _Texts, pages, mi, mj, mkind, mscore: list[float], limit: int) -> pd.DataFrame:
    """The passage rows of the kept matches (see `_expand`), without rows subsumed by another row of the same page
    pair, sorted by page_a, page_b, block_a, block_b (then unit)."""
    ids = [pid for pid, _ in pages]
    rows = _rows(t, ids, mi, mj, limit)
    if rows is None:
        return _empty_table()
    return _frame(t, ids, rows, mkind, np.array(mscore, dtype=np.float64), 0, len(rows["pa"]))


def _empty_table() -> pd.DataFrame:
    empty = pd.DataFrame([], columns=PASSAGE_COLUMNS + ["_unit_a", "_unit_b"])
    return empty.drop(columns=["_unit_a", "_unit_b"]).reset_index(drop=True)


def _rows(t: _Texts, ids: list[str], mi, mj, limit: int) -> dict[str, np.ndarray] | None:
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


def _frame(t: _Texts, ids: list[str], rows: dict[str, np.ndarray], mkind: np.ndarray, mscore: np.ndarray,
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


def _expand(t: _Texts, mi: np.ndarray, mj: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
    local = _segments(np.zeros(len(cross), dtype=np.int64), n)
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
    xs.append(start_a[m]), ys.append(_segments(start_a[star] + 1, n)), ms.append(m)
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


def _segments(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The ranges starts[k] .. starts[k] + lens[k] - 1, concatenated."""
    return np.repeat(starts - np.r_[0, np.cumsum(lens)][:-1], lens) + np.arange(int(lens.sum()))


def _lines(span: tuple[int, int]) -> str:
    s, e = span
    return str(s) if s == e else f"{s}-{e}"


def _not_subsumed(t: _Texts, fa, fb, pa, pb, ua, ub) -> np.ndarray:
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


def _n_members(t: _Texts, flat: np.ndarray) -> np.ndarray:
    """The number of sentences each unit of `flat` is made of (1 for a sentence unit)."""
    out = np.ones(len(flat), dtype=np.int64)
    lists = np.flatnonzero(t.unit_is_list[flat])
    out[lists] = [len(t.members(f)) for f in flat[lists].tolist()]
    return out
