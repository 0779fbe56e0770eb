"""The curated plain-language table (`audit/data/plain_words.csv`): difficult words and phrases with plainer
alternatives, matched by surface form, by lemma, or as a phrase; the per-token records are built in `words`."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from audit.readability.words import LEMMAS, TokenTable, lookup_lemma

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_PLAIN_WORDS = DATA / "plain_words.csv"
ALTERNATIVES_MAX = 100_000  # (lemma, forms) alternatives remembered per table (`PlainWords.alternative_cached`)


class PlainWords:
    """The curated plain-language table: `match_word(lower, lemma)` and `phrases(text)`."""

    def __init__(self, path: str | Path = ""):
        path = Path(path) if path else DEFAULT_PLAIN_WORDS
        self.entries: dict[str, str] = {}
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                term = " ".join(row["term"].lower().split())
                if term and row.get("alternative", "").strip():
                    self.entries[term] = row["alternative"].strip()
        self.surface = {t: t for t in self.entries if " " not in t}
        self._by_lemma: tuple = (object(), {})
        self._cache: tuple = (object(), {})
        self._alternatives: tuple = (object(), {})  # (lemma table, {(lemma, forms): alternative})
        # a phrase's first word also maps difficult words to it ("indicative" -> "indicative of")
        self.first_word = {}
        for t in sorted(self.entries):
            if " " in t:
                self.first_word.setdefault(t.split()[0], t)
        phrases = sorted((t for t in self.entries if " " in t), key=len, reverse=True)
        self.phrase_bigrams = frozenset(tuple(p.split()[:2]) for p in phrases)
        # A phrase's first two bigrams as tables of phrase bits (`phrase_bits`): `first_bits[i, j]` / `second_bits[i,
        # j]`, the phrases whose first / second bigram is the i-th start word and j-th end word (1-based; 0 = none).
        # The page walk (`_page`) calls `phrases` for a unit only where one phrase has both its bigrams across the
        # unit's whitespace tokens (a phrase's words are whole tokens but its first and last: "in the event" needs
        # "in the" and "the event"); `two_word_bits`: the two-word phrases, which have no second bigram.
        seconds = {tuple(p.split()[1:3]): None for p in phrases if len(p.split()) > 2}
        self._starts = {w: i for i, w in enumerate(sorted({a for a, _ in [*self.phrase_bigrams, *seconds]}), 1)}
        self._ends = {w: j for j, w in enumerate(sorted({b for _, b in [*self.phrase_bigrams, *seconds]}), 1)}
        self.bigram_start_index, self.bigram_end_index = self._starts, self._ends  # (read by `_tokens`)
        shape = (len(self._starts) + 1, len(self._ends) + 1)
        self.first_bits, self.second_bits = np.zeros(shape, dtype=np.uint64), np.zeros(shape, dtype=np.uint64)
        self.two_word_bits = 0
        for p, bit in zip(phrases, phrase_bits(len(phrases))):
            words = p.split()
            self.first_bits[self._starts[words[0]], self._ends[words[1]]] |= bit
            if len(words) > 2:
                self.second_bits[self._starts[words[1]], self._ends[words[2]]] |= bit
            else:
                self.two_word_bits |= int(bit)
        self.phrase_re = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b") if phrases else None
        self._phrases = tuple(phrases)

    def bigram_ends(self, words: tuple[str, ...]) -> tuple[int, int, int]:
        """(last word's index as a bigram start, first word's as a bigram end, whether there are words) of a
        token's words, for `first_bits` and `second_bits`."""
        if not words:
            return 0, 0, 0
        return self._starts.get(words[-1], 0), self._ends.get(words[0], 0), 1

    def word_cache(self, min_syllables: int) -> dict[str, tuple[bool, str, str]]:
        """Per-word (difficult, lemma, table term) results, valid for the current lemma table."""
        table = LEMMAS["table"]
        if self._cache[0] is not table:
            self._cache = (table, {})
        return self._cache[1].setdefault(min_syllables, {})

    def token_table(self, min_syllables: int) -> TokenTable:
        """The whitespace tokens' records and facts (`TokenTable`), valid for the current lemma table."""
        cache = self._cache[1] if self._cache[0] is LEMMAS["table"] else None
        table = cache.get(("tokens", min_syllables)) if cache is not None else None
        if table is None:
            self.word_cache(min_syllables)  # resets both caches when the lemma table changed
            table = self._cache[1][("tokens", min_syllables)] = TokenTable(self, min_syllables)
        return table

    def alternative_cached(self, lemma: str, forms: tuple[str, ...]) -> str:
        """`alternative_for`, remembered per (lemma, forms) for the current lemma table (a dict of tuples of strings,
        which the garbage collector stops walking; an `lru_cache` keeps a list per entry, walked at every full
        collection). Emptied when it holds `ALTERNATIVES_MAX` entries."""
        table = LEMMAS["table"]
        if self._alternatives[0] is not table:
            self._alternatives = (table, {})
        cache = self._alternatives[1]
        key = (lemma, forms)
        out = cache.get(key)
        if out is None:
            if len(cache) >= ALTERNATIVES_MAX:
                cache.clear()
            out = cache[key] = self.alternative_for(lemma, forms)
        return out

    @property
    def by_lemma(self) -> dict[str, str]:
        """Single-word entries that are base forms ("utilize", not "individuals"): they also match by lemma."""
        table = LEMMAS["table"]
        if self._by_lemma[0] is not table:
            self._by_lemma = (table, {t: t for t in self.surface if lookup_lemma(t) == t})
        return self._by_lemma[1]

    def match_word(self, lower: str, lemma: str) -> str:
        """The table entry for a single word ("" when none)."""
        return self.surface.get(lower) or self.by_lemma.get(lemma) or ""

    def alternative_for(self, lemma: str, forms) -> str:
        """'alternative' text for a difficult word (a lemma seen as `forms`): the lemma's own entry, else the entries
        of its surface forms ("individuals → people"), else a phrase starting with it ("indicative of → a sign of")."""
        if lemma in self.by_lemma:
            return self.entries[lemma]
        first_word, surface = self.first_word, self.surface
        if lemma not in first_word and not any(f in surface or f in first_word for f in forms):
            return ""  # (most difficult words: no entry of any kind)
        by_form = [f"{f} → {self.entries[f]}" for f in sorted(forms) if f in self.surface]
        if by_form:
            return "; ".join(by_form)
        phrases = sorted({p for p in (self.first_word.get(f) for f in [lemma, *sorted(forms)]) if p})
        return "; ".join(f"{p} → {self.entries[p]}" for p in phrases)

    def phrases(self, text: str) -> list[str]:
        if self.phrase_re is None:
            return []
        text = " ".join(text.lower().replace("’", "'").split())
        if not any(map(text.__contains__, self._phrases)):  # a match needs one of them as a substring
            return []
        return self.phrase_re.findall(text)


def phrase_bits(n: int) -> list[np.uint64]:
    """A bit for each of `n` phrases (`PlainWords.first_bits`): the i-th phrase's is bit i % 64 (phrases sharing a
    bit only make the page walk's test pass more often: it then calls `phrases`, which decides)."""
    return [np.uint64(1 << (i % 64)) for i in range(n)]


@lru_cache(maxsize=4)
def plain_words(path: str = "") -> PlainWords:
    return PlainWords(path)
