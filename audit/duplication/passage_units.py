"""Passage units, worker side: a page's sentence units and list passages with their content lemmas, held compactly
(`PageUnits`) because the main process keeps them for every page until the corpus stage (see `passages`)."""
from __future__ import annotations

from bisect import bisect_left
from itertools import chain
from typing import Any

import numpy as np

from audit.duplication._hashing import lemma_ids, lemma_sets
from audit.duplication.shingles import _HASHES, norm_slices, norm_text, stable_hash


def lemma_table(settings) -> Any:
    """The default pipeline's lemma lookup table (None for a trained pipeline: use token.lemma_)."""
    from audit.nlp import lemma_table as table

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


def _lemma_id_column(texts: list[str]) -> np.ndarray:
    """The `WordTable` column `duplication.lemma`: each word's hashed content lemma (0 = not a content word), by
    the default pipeline's lexical flags and lookup table (a lookup lemma depends on the word only): what
    `_content_lemma` gives a token of the word, in one compiled loop (`_hashing.lemma_ids`)."""
    from audit.nlp import lemma_table as table_of, load_nlp

    return lemma_ids(texts, load_nlp("").vocab, table_of(""), _HASHES, stable_hash)


def _span_lemmas(spans: list) -> list[tuple[int, ...]]:
    """Sorted unique content lemma ids of each span ((doc, start, end); None: no lemmas), default pipeline: per
    document one `take` of the `duplication.lemma` column on the Doc's shared token record (`nlp.doc_tokens`), then
    one compiled loop over its spans (`_hashing.lemma_sets`)."""
    from audit.nlp import doc_tokens, word_table

    out: list[tuple[int, ...]] = [()] * len(spans)
    by_doc: dict[int, tuple[Any, list[int], list[int], list[int]]] = {}  # id(doc) -> (doc, spans, starts, ends)
    for k, span in enumerate(spans):
        if span is None:
            continue
        doc, start, end = span
        entry = by_doc.get(id(doc))
        if entry is None:
            entry = by_doc[id(doc)] = (doc, [], [], [])
        entry[1].append(k)
        entry[2].append(start)
        entry[3].append(end)
    table = word_table()
    for doc, ks, starts, ends in by_doc.values():
        rows = doc_tokens(doc).row  # (first: it adds the document's new words to the table)
        ids = table.column("duplication.lemma", _lemma_id_column, np.int64).take(rows)
        for k, lemmas in zip(ks, lemma_sets(ids, starts, ends)):
            out[k] = lemmas
    return out


# PageUnits.table columns (int32, one row per unit)
T_BLOCK, T_LINE_START, T_LINE_END, T_WORDS, T_LEMMA_END, T_END = range(6)
NO_INTRO = -1


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
            members = ([intro] if intro != NO_INTRO else []) + list(items)
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


def page_units(body, units: list[dict], settings, table=None) -> PageUnits:
    """The passage units of one page (`units`: its sentence units, `units[k]['sentence'] == k`)."""
    blocks = {b.block: b for b in body}
    spans = [(u["_doc"], *u["_span"]) if "_span" in u else None for u in units]  # (doc, start, end)
    if table is None:  # a trained pipeline's lemma depends on the context
        unit_lemmas = [_ids([stable_hash(x) for x in content_lemmas(span[0][span[1]:span[2]], None)])
                       if span is not None else () for span in spans]
    else:
        unit_lemmas = _span_lemmas(spans)
    sentences = []
    for u, lem in zip(units, unit_lemmas):
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
        intro = NO_INTRO
        prev = blocks.get(run[0]["block"] - 1)
        if prev is not None and prev.kind == "paragraph" and prev.block in last_sentence_of_block:
            intro = last_sentence_of_block[prev.block]
        lists.append((intro, [u["sentence"] for u in run]))
    return PageUnits.pack(sentences, lists)


def _ids(lemma_ids: list[int]) -> tuple[int, ...]:
    return tuple(sorted(set(lemma_ids)))
