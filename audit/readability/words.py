"""Difficult words (per occurrence, lemma-aware) and plain-language alternatives.

A word is *difficult* when it is alphabetic, has at least `difficult_word_min_syllables` syllables (textstat's
`difficult_words` default, 2), and neither the word, its lemma nor a regular inflection of it is on the Dale–Chall
easy-word list (textstat's copy). Unlike textstat (issues #73, #150), "returned" and "giants" are easy because
"return" and "giant" are. Lemmas come from the spaCy token (a trained pipeline's rule lemmatizer) or, since the
lookup lemmatizer is case-sensitive, from the default pipeline's lookup table on the lower-cased word; a few
suffix rules (-s, -es, -ies, -ed, -ing, -er, -est, -ly) catch what the table misses. The syllable minimum applies to
the word and its lemma ("twitching" is an inflection of one-syllable "twitch": not difficult). Proper names are not
difficult words (Dale–Chall's rule): a token tagged PROPN, or — without a tagger — a capitalised word that does not
start its unit (headings excepted, they are title case); "Multiple Sclerosis" written in capitals mid-sentence is
therefore missed (known limit of the default pipeline).

Plain-language alternatives come from `audit/data/plain_words.csv` (or `[readability] plain_words`): single words
match by surface form, or by lemma when the table lists a base form; phrases ("in order to", "indicative of")
match on the lower-cased text.

In the worker, a unit is never scanned word by word: words never span whitespace, so each distinct whitespace
token gets one record (`token_facts`, kept in a `TokenTable`) holding everything the readability measure needs
from it — textstat's counts, difficult-word pairs, plain-table terms, lower-cased words for the passive rules —
and a page's per-unit sums, columns and difficult words are one compiled walk over its tokens' rows
(`audit.readability._page`). The records and rows of a page's new tokens are made by one compiled pass
(`audit.readability._tokens.records_of`, Cython), which also holds the difficult-word test (`classify`) and the
per-token scan (`token_facts`, `_scan_token`).
"""
from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

# the per-token records and the difficult-word test, compiled (`_tokens`: one pass per new whitespace token;
# `SYLLABLES`, `TERMS`, `_EDGE_PUNCTUATION`, `_scan_token`, `classify` and `token_facts` used from here by the tests)
from audit.readability._tokens import (DIFFICULT_FIRST, DIFFICULT_LOWER, DIFFICULT_UPPER, FACTS, PAIRS, ROW,
                                       SYLLABLES, TERMS, _EDGE_PUNCTUATION, _scan_token, classify, clear_classified,
                                       records_of, token_facts)
from audit.readability.lexicon import LEMMAS, lookup_lemma

if TYPE_CHECKING:
    from audit.readability.plain import PlainWords


def use_lemma_table(table) -> None:
    """Use this lemma lookup table (a spaCy `Table`, or None: rely on the token's lemma and the suffix rules)."""
    if table is not LEMMAS["table"]:
        LEMMAS["table"] = table
        clear_classified()


_row = itemgetter(ROW)


class TokenTable:
    """The tokens seen, for one plain-words table and syllable minimum (and the current lemma table): the record of
    each (`token_facts`, by token) and its facts as a row of `facts` and of `links` (numpy), so that the sums over
    a page's units, the phrase bigrams across tokens and the count of difficult words read arrays (`_page`).
    `record[ROW]` is that row as the bytes of one `np.intp` (a page's rows are then one `bytes.join`). Difficult
    (word, lemma) pairs are numbered too (`pair_id`): a record here holds their numbers (`named` gives the pairs).
    Emptied when it holds more than `LIMIT` tokens (memory at 100k pages)."""

    LIMIT = 500_000

    def __init__(self, plain: "PlainWords", min_syllables: int):
        self.plain, self.min_syllables = plain, min_syllables
        self.clear()

    def clear(self) -> None:
        self.by_token: dict[str, tuple] = {}
        self.records: list[tuple] = []
        self.letters: dict[str, tuple] = {}  # the record of a word of letters, by word ("word", "word," share it)
        self.facts = np.zeros((1024, len(FACTS)), dtype=np.int32)
        # last word as a bigram start, first word as a bigram end, has words; first non-capitalised difficult pair
        # (-1: none), more of them (rare: "well-known"-like tokens)
        self.links = np.zeros((1024, 5), dtype=np.int32)
        self.pair_ids: dict[tuple[str, str], int] = {}
        self.pairs: list[tuple[str, str]] = []  # (word, lemma) by pair id
        self.single_rows: list[tuple | None] = []  # (lemma, word, alternative) by pair id, once needed
        self.lemma_ids: dict[str, int] = {}
        # lemma id by pair id, for the first `lemmas_numbered` pairs (`number_lemmas`: the page walk numbers the new
        # pairs' lemmas once per page, in pair order)
        self.pair_lemma = np.zeros(1024, dtype=np.intp)
        self.lemmas_numbered = 0
        # a page's occurrences by pair id and its pairs by lemma id (`_page.difficult_words`' counters: all zero
        # between its calls; as long as `pair_lemma`, lemma ids being no more than pair ids)
        self.pair_count, self.lemma_count = np.zeros(1024, dtype=np.intp), np.zeros(1024, dtype=np.intp)
        self.epoch = getattr(self, "epoch", -1) + 1  # (how many times emptied: the page walk checks it)
        if not hasattr(self, "word_kind"):
            self.word_generation = -1
            self.word_kind, self.word_len, self.word_row = (np.zeros(0, dtype=t) for t in (np.int8, np.int32, np.int32))
        self.word_row[:] = -1  # (the rows of the records are gone)

    def word_arrays(self, words) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per word of `words` (the process's `audit.nlp.WordTable`, by its row), what the page walk (`_page`) reads
        instead of splitting a unit's text and looking its tokens up: the word's kind (0 = not known yet, then
        `_page`'s space / punctuation / letters / other), its length, and the row here of its record as a whole
        whitespace token (-1: not known yet). Grown with `words`; emptied when `words` is (a new generation) and,
        for the rows, when this table is."""
        if words.generation != self.word_generation:
            self.word_generation = words.generation
            self.word_kind, self.word_len, self.word_row = (np.zeros(0, dtype=t) for t in (np.int8, np.int32, np.int32))
        n = len(words.texts)
        if n > len(self.word_kind):
            size = max(n, len(self.word_kind) * 3 // 2, 1024)
            used = len(self.word_kind)
            kind, length, row = np.zeros(size, np.int8), np.zeros(size, np.int32), np.full(size, -1, np.int32)
            kind[:used], length[:used], row[:used] = self.word_kind, self.word_len, self.word_row
            self.word_kind, self.word_len, self.word_row = kind, length, row
        return self.word_kind, self.word_len, self.word_row

    def records_of(self, tokens: list[str]) -> list[tuple]:
        """The record of each token (computed once per token, by the compiled pass: `_tokens.records_of`)."""
        return records_of(self, tokens)

    def _reserve(self, rows: int) -> None:
        """Room for `rows` rows in `facts` and `links` (the arrays doubled as needed)."""
        while rows > len(self.facts):
            self.facts = np.concatenate([self.facts, np.zeros_like(self.facts)])
            self.links = np.concatenate([self.links, np.zeros_like(self.links)])

    def rows(self, records: list[tuple]) -> np.ndarray:
        """The `facts` row of each record."""
        return np.frombuffer(b"".join(map(_row, records)), dtype=np.intp)

    def pair_id(self, pair: tuple[str, str]) -> int:
        """The number of a difficult (word, lemma) pair (the records' own: `_tokens._pair_id`, compiled)."""
        pid = self.pair_ids.get(pair)
        if pid is None:
            pid = self.pair_ids[pair] = len(self.pairs)
            self.pairs.append(pair)
            self.single_rows.append(None)
        return pid

    def number_lemmas(self) -> None:
        """`pair_lemma` of the pairs numbered since the last call: the id of each one's lemma (`lemma_ids`, in order
        of first use), the arrays doubled as needed."""
        n, done = len(self.pairs), self.lemmas_numbered
        while n > len(self.pair_lemma):
            self.pair_lemma, self.pair_count, self.lemma_count = (
                np.concatenate([a, np.zeros_like(a)]) for a in (self.pair_lemma, self.pair_count, self.lemma_count))
        ids = self.lemma_ids
        self.pair_lemma[done:n] = [ids.setdefault(lemma, len(ids)) for _, lemma in self.pairs[done:n]]
        self.lemmas_numbered = n

    def named(self, record: tuple) -> tuple:
        """A record of this table as `token_facts` gives it: its pair ids (`_tokens._numbered`) as (word, lemma)
        pairs, `PAIRS` as ((pair, capitalised, index in the token), ...)."""
        pairs, flat = self.pairs, record[PAIRS]
        return (*record[:PAIRS], tuple([(pairs[flat[i]], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)]),
                *(tuple([pairs[p] for p in record[f]]) for f in (DIFFICULT_LOWER, DIFFICULT_UPPER, DIFFICULT_FIRST)))

    def _single_row(self, pid: int) -> tuple[str, str, str]:
        word, lemma = self.pairs[pid]
        row = self.single_rows[pid] = (lemma, word, self.plain.alternative_cached(lemma, (word,)))
        return row


def scan_span(span, kind: str, plain: "PlainWords", min_syllables: int, skip_names: bool, tagged: bool):
    """One pass over a span's tokens: ([(word, lemma) of difficult occurrences], [plain-table terms found])."""
    difficult, terms = [], []
    for i, tok in enumerate(span):
        if not tok.is_alpha:
            continue
        lower = tok.lower_
        difficult_word, lemma = classify(lower, tok.lemma_.lower() if tagged else "", min_syllables)
        term = plain.match_word(lower, lemma)
        if term:
            terms.append(term)
        if not difficult_word:
            continue
        if skip_names:
            if tagged:
                if tok.pos_ == "PROPN":
                    continue
            elif i > 0 and kind != "heading" and tok.text[:1].isupper():
                continue
        difficult.append((lower, lemma))
    terms.extend(plain.phrases(span.text))
    return difficult, terms
