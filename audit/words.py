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
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from .counts import easy_words, syllables

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PLAIN_WORDS = DATA / "plain_words.csv"


_LEMMAS = {"table": None}  # spaCy's lookup table (the default pipeline's lemmatizer), set by `use_lemma_table`


def use_lemma_table(table) -> None:
    """Use this lemma lookup table (a spaCy `Table`, or None: rely on the token's lemma and the suffix rules)."""
    if table is not _LEMMAS["table"]:
        _LEMMAS["table"] = table
        classify.cache_clear()


def lookup_lemma(lower: str) -> str:
    table = _LEMMAS["table"]
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


@lru_cache(maxsize=None)
def classify(lower: str, spacy_lemma: str, min_syllables: int) -> tuple[bool, str]:
    """(difficult, lemma) of a lower-cased alphabetic word."""
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


def scan_text(text: str, kind: str, plain: "PlainWords", min_syllables: int, skip_names: bool):
    """`scan_span` for untagged text, without spaCy tokens (fast path for the default pipeline): words are runs of
    letters, clitics ("’s", "n't") cut off as spaCy's tokenizer does; a name is a capitalised word that does not
    start its unit (headings excepted). Also returns the text's words lower-cased (for the passive rules).
    Words never span whitespace, so the work is cached per whitespace token."""
    difficult, terms, lowers = [], [], []
    tcache = plain.token_cache(min_syllables)
    names = skip_names and kind != "heading"
    bigrams = plain.phrase_bigrams
    previous, phrase, started = "", False, False
    for token in text.split():
        entry = tcache.get(token)
        if entry is None:
            entry = _scan_token(token, plain, min_syllables)
            if len(tcache) < 500_000:
                tcache[token] = entry
        if not entry[0]:
            continue
        lowers.extend(entry[0])
        for lower, pair, term, upper, j in entry[1]:
            if not phrase and (previous, lower) in bigrams:
                phrase = True
            previous = lower
            if term:
                terms.append(term)
            if pair is not None and not (names and upper and (started or j > 0)):
                difficult.append(pair)
        started = True
    if phrase:
        terms.extend(plain.phrases(text))
    return difficult, terms, lowers


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
        # a phrase's first word also maps difficult words to it ("indicative" -> "indicative of")
        self.first_word = {}
        for t in sorted(self.entries):
            if " " in t:
                self.first_word.setdefault(t.split()[0], t)
        phrases = sorted((t for t in self.entries if " " in t), key=len, reverse=True)
        self.phrase_bigrams = frozenset(tuple(p.split()[:2]) for p in phrases)
        self.phrase_re = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b") if phrases else None

    def word_cache(self, min_syllables: int) -> dict[str, tuple[bool, str, str]]:
        """Per-word (difficult, lemma, table term) results, valid for the current lemma table."""
        table = _LEMMAS["table"]
        if self._cache[0] is not table:
            self._cache = (table, {})
        return self._cache[1].setdefault(min_syllables, {})

    def token_cache(self, min_syllables: int) -> dict[str, tuple]:
        """Per whitespace-token `scan_text` results, valid for the current lemma table."""
        self.word_cache(min_syllables)  # resets both caches when the lemma table changed
        return self._cache[1].setdefault(("tokens", min_syllables), {})

    @lru_cache(maxsize=4096)
    def alternative_cached(self, lemma: str, forms: tuple[str, ...]) -> str:
        return self.alternative_for(lemma, forms)

    @property
    def by_lemma(self) -> dict[str, str]:
        """Single-word entries that are base forms ("utilize", not "individuals"): they also match by lemma."""
        table = _LEMMAS["table"]
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
        by_form = [f"{f} → {self.entries[f]}" for f in sorted(forms) if f in self.surface]
        if by_form:
            return "; ".join(by_form)
        phrases = sorted({p for p in (self.first_word.get(f) for f in [lemma, *sorted(forms)]) if p})
        return "; ".join(f"{p} → {self.entries[p]}" for p in phrases)

    def phrases(self, text: str) -> list[str]:
        if self.phrase_re is None:
            return []
        return self.phrase_re.findall(" ".join(text.lower().replace("’", "'").split()))


@lru_cache(maxsize=4)
def plain_words(path: str = "") -> PlainWords:
    return PlainWords(path)
