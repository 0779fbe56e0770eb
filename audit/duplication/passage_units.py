"""Passage units, worker side: a page's sentence units and list passages with their content lemmas, held compactly
(`PageUnits`) because the analyse worker keeps them for every page of a chunk until the chunk's end (see `passages`;
the page's extras hold their fields, `PageUnits.fields()`: `duplication.measure.per_page`)."""
from __future__ import annotations

from bisect import bisect_left
from itertools import chain, compress
from typing import Any

import numpy as np

from audit.duplication._hashing import blake2b_64s
from audit.duplication._units import lemma_ids, lemma_runs, sentence_rows, span_lemma_runs
from audit.duplication.shingles import _HASHES, norm_hashes, norm_slices, norm_text, stable_hash


_LEMMA_TABLES: dict[str, Any] = {}  # spaCy model -> `nlp.lemma_table(model)` (asked once per page: read once)


def lemma_table(settings) -> Any:
    """The default pipeline's lemma lookup table (None for a trained pipeline: use token.lemma_)."""
    model = settings.segment.spacy_model
    if model not in _LEMMA_TABLES:
        from audit.nlp import lemma_table as table

        _LEMMA_TABLES[model] = table(model)
    return _LEMMA_TABLES[model]


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


def _lemma_id_column(texts: list[str], flags: np.ndarray, lemmas: np.ndarray) -> np.ndarray:
    """The `WordTable` column `duplication.lemma`: each word's hashed content lemma (0 = not a content word), by
    the default pipeline's lexical flags and lookup lemma (a lookup lemma depends on the word only: the table's
    shared facts "flags" and "lemma"): what `_content_lemma` gives a token of the word, in one compiled loop
    (`_units.lemma_ids`)."""
    return lemma_ids(texts, flags, lemmas, _HASHES, stable_hash)


LEMMA_COLUMN = ("duplication.lemma", _lemma_id_column, np.int64, ("flags", "lemma"))  # (`WordTable.column`'s arguments)


def _span_lemmas(unit_docs: list, spans: list, docs: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique content lemma ids of each unit (its Doc `unit_docs[k]` and (start, end) tokens `spans[k]` in it;
    a None Doc: no lemmas), default pipeline, as one array of runs and each unit's run end (`_units.lemma_runs`:
    unit k's ids are `ids[ends[k - 1]:ends[k]]`): one `take` of the `duplication.lemma` column on the token rows of
    the page's Docs (`docs`, in order; None: the units' Docs) read at once (`nlp.page_tokens`), then one compiled
    loop over all the units' spans."""
    from audit.nlp import page_tokens

    if docs is None:
        docs = list({id(d): d for d in unit_docs if d is not None}.values())
    if not docs:
        n = len(unit_docs)
        return lemma_runs(np.zeros(0, dtype=np.int64), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    rows, _, doc_starts, table = page_tokens(docs)  # (first: it adds the documents' new words to the table)
    return span_lemma_runs(table.column(*LEMMA_COLUMN).take(rows), unit_docs, spans,
                           {id(d): s for d, s in zip(docs, doc_starts)})


# PageUnits.table columns (int32, one row per unit)
T_BLOCK, T_LINE_START, T_LINE_END, T_WORDS, T_LEMMA_END, T_END = range(6)
NO_INTRO = -1


class PageUnits:
    """The passage units of one page, compact: one string and three arrays, no Python object per unit (the analyse
    worker keeps them for every page of a chunk until the chunk's end, as `fields()`). Units are the page's sentence units, by
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

    def fields(self) -> dict:
        """Its five fields by name (`__slots__`): a dict the garbage collector does not track (an int, a str and
        three int arrays: none of them tracked), so a page's units kept until its chunk's end in this form never
        reach the collector's oldest generation (a `PageUnits`, as any instance of a Python class, is tracked)."""
        return {"n_sentences": self.n_sentences, "text": self.text, "table": self.table, "lemmas": self.lemmas,
                "parts": self.parts}

    @classmethod
    def of_fields(cls, fields: dict) -> "PageUnits":
        """The `PageUnits` of `fields()` (extra keys ignored)."""
        return cls(fields["n_sentences"], fields["text"], fields["table"], fields["lemmas"], fields["parts"])

    def __len__(self) -> int:
        return len(self.table)

    @classmethod
    def pack(cls, sentences: list[tuple[int, int, int, int, str, tuple[int, ...]]],
             lists: list[tuple[int, list[int]]] = ()) -> "PageUnits":
        """sentences: (block, line_start, line_end, words, text, sorted unique lemma ids) of each sentence unit, by
        sentence index; lists: (introducing sentence or -1, item sentences) of each list passage."""
        columns = list(zip(*sentences)) or [()] * 6
        lemmas = np.fromiter(chain.from_iterable(columns[5]), dtype=np.int64)
        return cls.of_columns(*columns[:5], lemmas, np.cumsum([len(x) for x in columns[5]], dtype=np.int64), lists)

    @classmethod
    def of_columns(cls, blocks, line_starts, line_ends, words, texts: list[str], lemmas: np.ndarray,
                   lemma_ends: np.ndarray, lists: list[tuple[int, list[int]]] = ()) -> "PageUnits":
        """The sentence units by column (block, line_start, line_end, words, text: one value per sentence), their
        sorted unique lemma ids as one array of runs (`lemmas`; sentence k's: `lemmas[lemma_ends[k - 1]:
        lemma_ends[k]]`), and (introducing sentence or -1, item sentences) of each list passage."""
        ns = len(texts)
        table = np.empty((ns + len(lists), 6), dtype=np.int32)
        # = table[:ns, T_BLOCK] = blocks ... table[:ns, T_END] = np.cumsum(text lengths), one compiled loop
        sentence_rows(table, list(blocks), list(line_starts), list(line_ends), list(words), list(texts),
                      np.ascontiguousarray(lemma_ends, dtype=np.int64))
        if not lists:
            return cls(ns, "".join(texts), table, lemmas, np.zeros(0, dtype=np.int32))
        ends = lemma_ends.tolist()
        lemma_end = ends[-1] if ends else 0
        parts: list[int] = []
        list_lemmas = []
        for row, (intro, items) in enumerate(lists, ns):
            members = ([intro] if intro != NO_INTRO else []) + list(items)
            union = np.unique(np.concatenate([lemmas[ends[m - 1] if m else 0:ends[m]] for m in members]))
            list_lemmas.append(union)
            lemma_end += len(union)
            parts.append(intro)
            parts.extend(items)
            first, last = members[0], items[-1]
            table[row] = (blocks[first], line_starts[first], line_ends[last], sum(words[m] for m in members),
                          lemma_end, len(parts))
        return cls(ns, "".join(texts), table, np.concatenate([lemmas, *list_lemmas]).astype(np.int64, copy=False),
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
        return tuple(([intro] if intro != NO_INTRO else []) + items)

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
            out.append(f"{text[starts[intro]:ends[intro]]} {items_text}" if intro != NO_INTRO else items_text)
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

    def norm_hashes(self, units: np.ndarray) -> np.ndarray:
        """`_hashing.blake2b_64s(self.norms(units))`, uint64 (sentences hashed from the page's text normalised once:
        `shingles.norm_hashes`; list passages composed, normalised, then hashed)."""
        ns = self.n_sentences
        units = np.asarray(units, dtype=np.int64)
        n = int(np.searchsorted(units, ns))  # sentences first
        sent = units[:n]
        ends = self.table[:ns, T_END].astype(np.int64)
        out = np.empty(len(units), dtype=np.uint64)
        out[:n] = norm_hashes(self.text, np.where(sent > 0, ends[sent - 1], 0), ends[sent])
        if n < len(units):
            out[n:] = blake2b_64s(list(map(norm_text, self._texts(units[n:].tolist()))))
        return out


def unit_hashes(pages: list[PageUnits], min_lemmas: int) -> np.ndarray:
    """The units of `pages`, concatenated: the 64-bit hash of each unit's normalised text (`blake2b_64s(pu.norms(
    units))`) where the unit has at least `min_lemmas` content lemmas, else 0; uint64. The sentence units of the
    ASCII pages are hashed at once (their texts joined and translated once, one compiled loop: `shingles.norm_hashes`),
    the others page by page (`PageUnits.norm_hashes`)."""
    counts = np.fromiter(map(len, pages), dtype=np.int64, count=len(pages))
    n = int(counts.sum())
    out = np.zeros(n, dtype=np.uint64)
    if not n:
        return out
    table = np.concatenate([pu.table for pu in pages])
    first = np.r_[0, np.cumsum(counts)[:-1]]  # each page's first unit
    local = np.arange(n, dtype=np.int64) - np.repeat(first, counts)
    lem_end = table[:, T_LEMMA_END].astype(np.int64)
    prev = np.r_[0, lem_end[:-1]]
    prev[local == 0] = 0  # (each page's lemmas from 0)
    ok = lem_end - prev >= min_lemmas
    ascii_page = np.fromiter((pu.text.isascii() for pu in pages), dtype=bool, count=len(pages))
    n_sent = np.fromiter((pu.n_sentences for pu in pages), dtype=np.int64, count=len(pages))
    fast = ok & np.repeat(ascii_page, counts) & (local < np.repeat(n_sent, counts))
    if fast.any():  # ASCII pages' sentences: their texts' bounds in the pages' texts joined
        chars = np.fromiter((len(pu.text) if a else 0 for pu, a in zip(pages, ascii_page)), dtype=np.int64,
                            count=len(pages))
        base = np.repeat(np.cumsum(chars) - chars, counts)
        end = table[:, T_END].astype(np.int64)
        start = np.r_[0, end[:-1]]
        start[local == 0] = 0
        text = "".join([pu.text for pu, a in zip(pages, ascii_page) if a])
        out[fast] = norm_hashes(text, (base + start)[fast], (base + end)[fast])
    rest = np.flatnonzero(ok & ~fast)  # list passages, sentences of other pages
    if len(rest):
        page = np.repeat(np.arange(len(pages)), counts)[rest]
        bounds = np.r_[0, np.flatnonzero(page[1:] != page[:-1]) + 1, len(rest)]
        for s, e in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            out[rest[s:e]] = pages[int(page[s])].norm_hashes(local[rest[s:e]])
    return out


def page_units(body, units, settings, table=None, docs: list | None = None) -> PageUnits:
    """The passage units of one page (`units`: its sentence units, an `engine.results.Units`, `sentence` k = unit k;
    `docs`: its body blocks' Docs, when given), read by column."""
    cols = units.columns
    n = len(units)
    unit_blocks, kinds = cols["block"], cols["kind"]
    line_start = {b.block: b.line_start for b in body}
    line_end = {b.block: b.line_end for b in body}
    unit_docs, spans = (cols["_doc"], cols["_span"]) if "_span" in cols else ([None] * n, [None] * n)
    if table is None:  # a trained pipeline's lemma depends on the context
        unit_lemmas = [_ids([stable_hash(x) for x in content_lemmas(doc[span[0]:span[1]], None)])
                       if doc is not None else () for doc, span in zip(unit_docs, spans)]
        lemmas = np.fromiter(chain.from_iterable(unit_lemmas), dtype=np.int64)
        lemma_ends = np.cumsum([len(x) for x in unit_lemmas], dtype=np.int64)
    else:
        lemmas, lemma_ends = _span_lemmas(unit_docs, spans, docs)
    # list passages: consecutive list items + the sentence introducing them
    lists = []
    if "list_item" in kinds:
        last_sentence_of_block = dict(zip(unit_blocks, range(n)))
        runs: list[list[int]] = []  # runs of list items in consecutive blocks (sentence indexes)
        for k in compress(range(n), map("list_item".__eq__, kinds)):
            if runs and unit_blocks[k] == unit_blocks[runs[-1][-1]] + 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        blocks = {b.block: b for b in body}
        for run in runs:
            if len(run) < 2:
                continue
            intro = NO_INTRO
            prev = blocks.get(unit_blocks[run[0]] - 1)
            if prev is not None and prev.kind == "paragraph" and prev.block in last_sentence_of_block:
                intro = last_sentence_of_block[prev.block]
            lists.append((intro, run))
    return PageUnits.of_columns(unit_blocks, [line_start[b] for b in unit_blocks], [line_end[b] for b in unit_blocks],
                                cols["words"], cols["text"], lemmas, lemma_ends, lists)


def _ids(lemma_ids: list[int]) -> tuple[int, ...]:
    return tuple(sorted(set(lemma_ids)))
