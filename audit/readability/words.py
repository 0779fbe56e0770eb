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
and a page's per-unit sums are a few numpy passes over its tokens' rows.
"""
from __future__ import annotations

import re
import sys
from itertools import accumulate, chain, filterfalse
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

from audit.readability.counts import COUNT_FIELDS, easy_words, syllables, token_counts, word_stats
from audit.readability.passive import BE_FORMS

if TYPE_CHECKING:
    from audit.readability.plain import PlainWords


LEMMAS = {"table": None}  # spaCy's lookup table (the default pipeline's lemmatizer), set by `use_lemma_table`


def use_lemma_table(table) -> None:
    """Use this lemma lookup table (a spaCy `Table`, or None: rely on the token's lemma and the suffix rules)."""
    if table is not LEMMAS["table"]:
        LEMMAS["table"] = table
        _CLASSIFIED.clear()


def lookup_lemma(lower: str) -> str:
    table = LEMMAS["table"]
    return table.get(lower, lower) if table is not None else lower


def _inflection_bases(w: str) -> list[str]:
    out = []
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 3:
        out.append(w[:-2])
    if w.endswith("s") and len(w) > 2:
        out.append(w[:-1])
    for suf in ("ed", "er", "est", "ing"):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            stem = w[:-len(suf)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # stopped -> stop
            if stem.endswith("i"):
                out.append(stem[:-1] + "y")  # happier -> happy
    if w.endswith("ied") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("ly") and len(w) > 4:
        out.append(w[:-2])
        if w.endswith("ily"):
            out.append(w[:-3] + "y")
    return out


# classify's results by (lower, spacy_lemma, min_syllables): a dict of tuples of strings and ints, which the garbage
# collector stops tracking (an `lru_cache` of several arguments keeps one tracked list per entry)
_CLASSIFIED: dict[tuple[str, str, int], tuple[bool, str]] = {}


def classify(lower: str, spacy_lemma: str, min_syllables: int) -> tuple[bool, str]:
    """(difficult, lemma) of a lower-cased alphabetic word (cached, valid for the current lemma table)."""
    key = (lower, spacy_lemma, min_syllables)
    out = _CLASSIFIED.get(key)
    if out is None:
        out = _CLASSIFIED[key] = _classify(lower, spacy_lemma, min_syllables)
    return out


def _classify(lower: str, spacy_lemma: str, min_syllables: int) -> tuple[bool, str]:
    lemma = spacy_lemma if spacy_lemma and spacy_lemma != lower else lookup_lemma(lower)
    easy = easy_words()
    if lower in easy or lemma in easy or syllables(lower) < min_syllables or syllables(lemma) < min_syllables:
        return False, lemma
    if any(base in easy for base in _inflection_bases(lower)):
        return False, lemma
    return True, lemma


_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CLITIC_RE = re.compile(r"(?:n['’]t|['’](?:s|re|ve|ll|d|m))$", re.IGNORECASE)


def _scan_token(token: str, plain: "PlainWords", min_syllables: int) -> tuple[tuple[str, ...], tuple]:
    """What `scan_text` needs from one whitespace token (words never span whitespace): its words lower-cased (for
    the passive rules) and, per word left after cutting clitics, (lower, (lower, lemma) if difficult else None,
    table term, capitalised, index of the word in the token)."""
    cache = plain.word_cache(min_syllables)
    lowers, words = [], []
    for j, raw in enumerate(_WORD_RE.findall(token)):
        if "’" in raw:
            raw = raw.replace("’", "'")
        lowers.append(raw.lower())
        word = _CLITIC_RE.sub("", raw) if "'" in raw else raw
        if not word:
            continue
        lower = word.lower()
        info = cache.get(lower)
        if info is None:
            is_difficult, lemma = classify(lower, "", min_syllables)
            info = cache[lower] = (is_difficult, lemma, plain.match_word(lower, lemma))
        words.append((lower, (lower, info[1]) if info[0] else None, info[2], word[0].isupper(), j))
    return tuple(lowers), tuple(words)


# One record per whitespace token (`token_facts`): everything a unit needs from the token, so the readability
# counts, the difficult words, the plain-table terms and the passive rules share one lookup per token.
ROW, SYLLABLES, LOWERS, TERMS, PAIRS, DIFFICULT_LOWER, DIFFICULT_UPPER, DIFFICULT_FIRST = range(8)
_INTP = np.dtype(np.intp)
_row, _lowers, _terms, _difficult_upper = (itemgetter(i) for i in (ROW, LOWERS, TERMS, DIFFICULT_UPPER))
# A token's additive facts, one row of `TokenTable.facts`: textstat's `COUNT_FIELDS`, then counts that tell which
# lists a unit needs at all: non-capitalised difficult words, plain-table terms, forms of be/get, capitalised
# difficult words, phrase bigrams inside the token ("well-known"-like tokens hold several words).
FACTS = (*COUNT_FIELDS, "difficult_lower", "terms", "be", "difficult_upper", "bigrams")
N_LOWER, N_TERMS, N_BE, N_UPPER, BIGRAMS = map(FACTS.index, ("difficult_lower", "terms", "be", "difficult_upper",
                                                         "bigrams"))


def token_facts(token: str, plain: "PlainWords", min_syllables: int) -> tuple[tuple, tuple[int, ...]]:
    """(record, facts) of one whitespace token. The record, by the field names above: ROW, set by `TokenTable`;
    syllables per word; its words lower-cased (passive rules); the plain-table terms of its words (clitics cut);
    its difficult words as (pair, capitalised, index in the token) with pair = (word, lemma), and their pairs: the
    non-capitalised ones, the capitalised ones, and the capitalised ones still kept when the token starts its unit
    (a capitalised first word is no name there). The facts: `FACTS`, then (`TokenTable.links`) its last and first
    word (clitics cut) as bigram ends and whether it has such words."""
    if token.isalpha():  # most tokens: one word, letters only (what the regexes below would find: the token)
        return _letters_facts(token, plain, min_syllables)
    core = token.strip(_EDGE_PUNCTUATION)
    if core.isalpha():  # "word," "(word)": the same word, and the punctuation counts as characters only
        record, facts = _letters_facts(core, plain, min_syllables)
        return record, (*facts[:_CHARS], len(token), *facts[_CHARS + 1:])
    lowers, words = _scan_token(token, plain, min_syllables)
    counts, sylls = token_counts(token)
    if len(words) == 1 and len(lowers) == 1:  # most tokens: one word (the same tuples, fewer passes)
        kept = (words[0][0],)
        _, pair, term, up, _ = words[0]
        terms = (term,) if term else ()
        if pair is None:
            pairs = lower = upper = first = ()
        else:
            pairs = ((pair, up, 0),)
            lower, upper = ((), (pair,)) if up else ((pair,), ())
            first = upper
        facts = (*counts, len(lower), len(terms), int(lowers[0] in BE_FORMS), len(upper), 0,
                 *plain.bigram_ends(kept))
        return (-1, sylls, lowers, terms, pairs, lower, upper, first), facts
    pairs = tuple((pair, upper, j) for _, pair, _, upper, j in words if pair is not None)
    terms = tuple(w[2] for w in words if w[2])
    lower = tuple(p for p, upper, _ in pairs if not upper)
    upper = tuple(p for p, up, _ in pairs if up)
    kept = tuple(w[0] for w in words)
    bigrams = sum(pair in plain.phrase_bigrams for pair in zip(kept, kept[1:]))
    facts = (*counts, len(lower), len(terms), sum(w in BE_FORMS for w in lowers), len(upper), bigrams,
             *plain.bigram_ends(kept))
    record = (-1, sylls, lowers, terms, pairs, lower, upper,
              tuple(p for p, up, j in pairs if up and j == 0))
    return record, facts


# ASCII punctuation but the apostrophe and the underscore: around a word of letters, `_WORD_RE` finds the word alone
# and `list_words` removes it all, so such a token holds the word's facts but for its characters
_EDGE_PUNCTUATION = "".join(c for c in map(chr, range(33, 127)) if not c.isalnum() and c not in "'_")
_CHARS = COUNT_FIELDS.index("chars")


def _letters_facts(token: str, plain: "PlainWords", min_syllables: int) -> tuple[tuple, tuple[int, ...]]:
    """`token_facts` of a token of letters only: one word, no clitic, no punctuation (`_WORD_RE` and `list_words`
    find the token itself), so its record and counts come straight from the word's cached facts."""
    lower = token.lower()
    cache = plain.word_cache(min_syllables)
    info = cache.get(lower)
    if info is None:
        is_difficult, lemma = classify(lower, "", min_syllables)
        info = cache[lower] = (is_difficult, lemma, plain.match_word(lower, lemma))
    syll, poly, long_, dc_difficult, complex_, letters = word_stats(token)
    term = info[2]
    terms = (term,) if term else ()
    lowers = (lower,)
    if info[0]:
        pair = (lower, info[1])
        up = token[0].isupper()
        pairs = ((pair, up, 0),)
        lower_pairs, upper = ((), (pair,)) if up else ((pair,), ())
    else:
        pairs = lower_pairs = upper = ()
    facts = (1, syll, int(poly), letters, len(token), int(long_), int(dc_difficult), int(complex_),
             len(lower_pairs), len(terms), int(lower in BE_FORMS), len(upper), 0, *plain.bigram_ends(lowers))
    return (-1, (syll,), lowers, terms, pairs, lower_pairs, upper, upper), facts


class TokenTable:
    """The tokens seen, for one plain-words table and syllable minimum (and the current lemma table): the record of
    each (`token_facts`, by token) and its facts as a row of `facts` and of `links` (numpy), so that the sums over
    a page's units, the phrase bigrams across tokens and the count of difficult words take a few numpy passes.
    `record[ROW]` is that row as the bytes of one `np.intp` (a page's rows are then one `bytes.join`). Difficult
    (word, lemma) pairs are numbered too (`pair_id`). Emptied when it holds more than `LIMIT` tokens (memory at
    100k pages)."""

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
        self.lemma_flag = np.zeros(1024, dtype=bool)  # scratch, by lemma id (all False between calls)

    def records_of(self, tokens: list[str]) -> list[tuple]:
        """The record of each token (computed once per token; the new tokens' facts stored in one numpy step)."""
        try:
            return list(map(self.by_token.__getitem__, tokens))
        except KeyError:  # a token not seen yet
            pass
        if len(self.records) > self.LIMIT or len(self.by_token) > 2 * self.LIMIT:
            self.clear()
        start = len(self.records)
        facts: list[tuple] = []
        links: list[tuple] = []
        # the new tokens in order of first use (as a walk over the tokens would add them), found without a Python
        # step per token: most of a real page's tokens are known even when some are not
        for token in filterfalse(self.by_token.__contains__, dict.fromkeys(tokens)):
            self._add(token, facts, links)
        self._store(start, facts, links)
        return list(map(self.by_token.__getitem__, tokens))

    def _add(self, token: str, facts: list[tuple], links: list[tuple]) -> tuple:
        """The new token's record; a new row's `facts` and `links` are appended to the lists (`_store`). A word of
        letters in ASCII punctuation ("word,", "(word)") shares the word's record and row: `token_facts` gives
        it the word's, but for its characters, which are no column of the table (`unit_sums` takes them)."""
        core = token if token.isalpha() else token.strip(_EDGE_PUNCTUATION)
        if core.isalpha():
            record = self.letters.get(core)
            if record is None:
                record = self.letters[core] = self._new_row(*_letters_facts(core, self.plain, self.min_syllables),
                                                            facts, links)
        else:
            record = self._new_row(*token_facts(token, self.plain, self.min_syllables), facts, links)
        self.by_token[token] = record
        return record

    def _new_row(self, record: tuple, token_facts_: tuple, facts: list[tuple], links: list[tuple]) -> tuple:
        row = len(self.records)
        facts.append((*token_facts_[:_CHARS], 0, *token_facts_[_CHARS + 1:len(FACTS)]))
        lower = record[DIFFICULT_LOWER]
        links.append((*token_facts_[len(FACTS):], self.pair_id(lower[0]) if lower else -1, len(lower) > 1))
        record = (row.to_bytes(_INTP.itemsize, sys.byteorder, signed=True), *record[1:])  # = np.intp(row).tobytes()
        self.records.append(record)
        return record

    def _store(self, start: int, facts: list[tuple], links: list[tuple]) -> None:
        """Rows `start`, `start + 1`, ... of `facts` and `links` (the arrays doubled as needed)."""
        if not facts:
            return
        end = start + len(facts)
        while end > len(self.facts):
            self.facts = np.concatenate([self.facts, np.zeros_like(self.facts)])
            self.links = np.concatenate([self.links, np.zeros_like(self.links)])
        self.facts[start:end] = facts
        self.links[start:end] = links

    def rows(self, records: list[tuple]) -> np.ndarray:
        """The `facts` row of each record."""
        return np.frombuffer(b"".join(map(_row, records)), dtype=_INTP)

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
        sums[:, _CHARS] = chars
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
                self.pair_lemma = np.concatenate([self.pair_lemma, np.zeros_like(self.pair_lemma)])
            lid = self.lemma_ids.setdefault(pair[1], len(self.lemma_ids))
            if lid == len(self.lemma_flag):
                self.lemma_flag = np.concatenate([self.lemma_flag, np.zeros_like(self.lemma_flag)])
            self.pair_lemma[pid] = lid
        return pid

    def _single_row(self, pid: int) -> tuple[str, str, str]:
        word, lemma = self.pairs[pid]
        row = self.single_rows[pid] = (lemma, word, self.plain.alternative_cached(lemma, (word,)))
        return row

    def difficult_words(self, rows: np.ndarray, more: list[tuple[str, str]]):
        """The page's difficult words: the non-capitalised ones of the tokens at `rows` (they always count, see
        `scan_records`) and the (word, lemma) pairs `more`, counted per pair: ([(lemma, word, occurrences,
        alternative)] of the lemmas seen in one form, {lemma: {word: occurrences}} of those seen in several)."""
        first, several = self.links.take(rows, axis=0)[:, 3:].T  # (take on the whole array: a column slice is
        # not contiguous, and `take` would copy all of it first)
        ids = first[first >= 0]
        extra = [self.pair_id(p) for p in more]
        if several.any():  # tokens with more than one (rare): their second, third, ...
            records = self.records
            extra += [self.pair_id(p) for row in rows[several > 0].tolist() for p in records[row][DIFFICULT_LOWER][1:]]
        if extra:
            ids = np.concatenate([ids, np.asarray(extra, dtype=np.intp)])
        ids, counts = _counted(ids)
        lemmas = self.pair_lemma.take(ids)
        ordered = np.sort(lemmas)
        repeated = ordered[1:][ordered[1:] == ordered[:-1]]  # lemmas of more than one of the pairs
        shared: dict[str, dict[str, int]] = {}
        if len(repeated):  # grouped by the caller
            flag = self.lemma_flag
            flag[repeated] = True
            in_shared = flag.take(lemmas)
            flag[repeated] = False
            for pid, n in zip(ids[in_shared].tolist(), counts[in_shared].tolist()):
                word, lemma = self.pairs[pid]
                shared.setdefault(lemma, {})[word] = n
            ids, counts = ids[~in_shared], counts[~in_shared]
        single_rows = self.single_rows
        single = [single_rows[pid] or self._single_row(pid) for pid in ids.tolist()]
        return [(lemma, word, n, alt) for (lemma, word, alt), n in zip(single, counts.tolist())], shared


def _counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_counts=True)` for a 1-d int array, without its Python-level overhead."""
    values = np.sort(values)
    edges = np.empty(len(values) + 1, dtype=bool)
    edges[0] = edges[-1] = True
    np.not_equal(values[1:], values[:-1], out=edges[1:-1])
    starts = edges.nonzero()[0]
    return values[starts[:-1]], starts[1:] - starts[:-1]


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
    records = table.records_of(tokens)
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
