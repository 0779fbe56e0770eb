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

from itertools import accumulate, chain
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

# the per-token records and the difficult-word test, compiled (`_tokens`: one pass per new whitespace token)
from audit.readability._tokens import (BIGRAMS, DIFFICULT_FIRST, DIFFICULT_LOWER, DIFFICULT_UPPER, FACTS, LOWERS,
                                       N_BE, N_LOWER, N_TERMS, N_UPPER, PAIRS, ROW, SYLLABLES, TERMS,
                                       _EDGE_PUNCTUATION, _letters_facts, _scan_token, classify, clear_classified,
                                       records_of, token_facts)
from audit.readability.lexicon import LEMMAS, lookup_lemma

if TYPE_CHECKING:
    from audit.readability.plain import PlainWords


def use_lemma_table(table) -> None:
    """Use this lemma lookup table (a spaCy `Table`, or None: rely on the token's lemma and the suffix rules)."""
    if table is not LEMMAS["table"]:
        LEMMAS["table"] = table
        clear_classified()


_row, _lowers, _terms, _difficult_upper = (itemgetter(i) for i in (ROW, LOWERS, TERMS, DIFFICULT_UPPER))


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
        self.facts = np.zeros((1024, len(FACTS)), dtype=np.int64)
        # last word as a bigram start, first word as a bigram end, has words; first non-capitalised difficult pair
        # (-1: none), more of them (rare: "well-known"-like tokens)
        self.links = np.zeros((1024, 5), dtype=np.intp)
        self.pair_ids: dict[tuple[str, str], int] = {}
        self.pairs: list[tuple[str, str]] = []  # (word, lemma) by pair id
        self.single_rows: list[tuple | None] = []  # (lemma, word, alternative) by pair id, once needed
        self.lemma_ids: dict[str, int] = {}
        self.pair_lemma = np.zeros(1024, dtype=np.intp)  # lemma id by pair id
        # a page's occurrences by pair id and its pairs by lemma id (`_page.difficult_words`' counters: all zero
        # between its calls; as long as `pair_lemma`, lemma ids being no more than pair ids)
        self.pair_count, self.lemma_count = np.zeros(1024, dtype=np.intp), np.zeros(1024, dtype=np.intp)
        self.epoch = getattr(self, "epoch", -1) + 1  # (how many times emptied: the page walk checks it)
        if not hasattr(self, "word_kind"):
            self.word_generation = -1
            self.word_kind, self.word_len, self.word_row = (np.zeros(0, dtype=t) for t in (np.int8, np.intp, np.intp))
        self.word_row[:] = -1  # (the rows of the records are gone)

    def word_arrays(self, words) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per word of `words` (the process's `audit.nlp.WordTable`, by its row), what the page walk (`_page`) reads
        instead of splitting a unit's text and looking its tokens up: the word's kind (0 = not known yet, then
        `_page`'s space / punctuation / letters / other), its length, and the row here of its record as a whole
        whitespace token (-1: not known yet). Grown with `words`; emptied when `words` is (a new generation) and,
        for the rows, when this table is."""
        if words.generation != self.word_generation:
            self.word_generation = words.generation
            self.word_kind, self.word_len, self.word_row = (np.zeros(0, dtype=t) for t in (np.int8, np.intp, np.intp))
        n = len(words.texts)
        if n > len(self.word_kind):
            size = max(n, len(self.word_kind) * 3 // 2, 1024)
            used = len(self.word_kind)
            kind, length, row = np.zeros(size, np.int8), np.zeros(size, np.intp), np.full(size, -1, np.intp)
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

    def unit_sums(self, rows: np.ndarray, lengths: list[int], chars: list[int]) -> np.ndarray:
        """`FACTS` summed per unit (one row per unit): `rows` are the page's tokens (`rows`), `lengths` the number
        of tokens of each unit, in order, `chars` the characters of each unit's tokens (a token's characters are
        its length: the table's rows leave them out, so that "word," and "word" share a row)."""
        facts = self.facts.take(rows, axis=0)
        if lengths and min(lengths) > 0:
            sums = np.add.reduceat(facts, list(accumulate(lengths[:-1], initial=0)), axis=0)
        else:
            running = np.zeros((len(rows) + 1, len(FACTS)), dtype=np.int64)  # (a unit without tokens)
            np.cumsum(facts, axis=0, dtype=np.int64, out=running[1:])
            counts = np.asarray(lengths, dtype=np.intp)
            ends = np.cumsum(counts)
            sums = running[ends] - running[ends - counts]
        sums[:, FACTS.index("chars")] = chars
        return sums

    def bigram_units(self, rows: np.ndarray, lengths: list[int]) -> set[int]:
        """The units (indices) with a phrase bigram across two tokens: the last word of a token and the first of the
        next token that has words (the unit's word sequence skips tokens without words)."""
        links = self.links.take(rows, axis=0)
        keep = links[:, 2].nonzero()[0]
        unit = np.arange(len(lengths)).repeat(lengths).take(keep)
        links = links.take(keep, axis=0)
        across = self.plain.bigram_table[links[:-1, 0], links[1:, 1]] & (unit[:-1] == unit[1:])
        return set(unit[:-1][across].tolist())

    def pair_id(self, pair: tuple[str, str]) -> int:
        """The number of a difficult (word, lemma) pair."""
        pid = self.pair_ids.get(pair)
        if pid is None:
            pid = self.pair_ids[pair] = len(self.pairs)
            self.pairs.append(pair)
            self.single_rows.append(None)
            if pid == len(self.pair_lemma):
                self.pair_lemma, self.pair_count, self.lemma_count = (
                    np.concatenate([a, np.zeros_like(a)]) for a in (self.pair_lemma, self.pair_count, self.lemma_count))
            self.pair_lemma[pid] = self.lemma_ids.setdefault(pair[1], len(self.lemma_ids))
        return pid

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


def token_records(tokens: list[str], plain: "PlainWords", min_syllables: int) -> list[tuple]:
    """`token_facts` records of each token, cached per token (valid for the current lemma table)."""
    return plain.token_table(min_syllables).records_of(tokens)


def scan_records(records: list[tuple], facts: list[int], bigram: bool, text: str, kind: str, plain: "PlainWords",
                 skip_names: bool):
    """`scan_text` on a unit's token records (`facts`: the sums of their `FACTS`; `bigram`: whether its words hold
    a phrase bigram), for a caller that counts the non-capitalised difficult words itself
    (`TokenTable.difficult_words`): (difficult occurrences, [(word, lemma) of the capitalised ones kept],
    [plain-table terms found], the unit's words lower-cased — or None when none is a form of *be*/*get*, so the
    passive rules have nothing to find)."""
    n_lower, n_terms, n_be, n_upper = facts[N_LOWER], facts[N_TERMS], facts[N_BE], facts[N_UPPER]
    upper: list | tuple = ()
    if not n_upper:
        pass
    elif skip_names and kind != "heading":  # a capitalised word is a name unless it starts the unit
        for rec in records:
            if rec[LOWERS]:  # the first token with words (those before it have no difficult words)
                upper = rec[DIFFICULT_FIRST]
                break
    else:
        upper = list(chain.from_iterable(map(_difficult_upper, records)))
    terms = list(chain.from_iterable(map(_terms, records))) if n_terms else []
    if bigram:  # a phrase may follow
        terms.extend(plain.phrases(text))
    lowers = list(chain.from_iterable(map(_lowers, records))) if n_be else None
    return n_lower + len(upper), upper, terms, lowers


def scan_text(text: str, kind: str, plain: "PlainWords", min_syllables: int, skip_names: bool):
    """`scan_span` for untagged text, without spaCy tokens (fast path for the default pipeline): words are runs of
    letters, clitics ("’s", "n't") cut off as spaCy's tokenizer does; a name is a capitalised word that does not
    start its unit (headings excepted). Also returns the text's words lower-cased (for the passive rules).
    Words never span whitespace, so the work is cached per whitespace token (`token_records`)."""
    tokens = text.split()
    table = plain.token_table(min_syllables)
    records = [table.named(r) for r in table.records_of(tokens)]
    names = skip_names and kind != "heading"
    difficult, started = [], False
    for rec in records:
        if not rec[LOWERS]:
            continue
        difficult += [pair for pair, upper, j in rec[PAIRS] if not (names and upper and (started or j > 0))]
        started = True
    rows = table.rows(records)
    facts = table.unit_sums(rows, [len(tokens)], [len("".join(tokens))])[0].tolist()
    bigram = facts[BIGRAMS] > 0 or bool(table.bigram_units(rows, [len(tokens)]))
    _, _, terms, _ = scan_records(records, facts, bigram, text, kind, plain, skip_names)
    return difficult, terms, list(chain.from_iterable(map(_lowers, records)))


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
