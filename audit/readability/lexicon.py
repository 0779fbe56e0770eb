"""The word lists and patterns the readability counts read: textstat's Dale–Chall easy words, Pyphen's
hyphenation patterns and the lemma lookup table in use (CMUdict's syllables and textstat's `list_words` are read
by the compiled counting itself: `audit.readability._syllables.cmu_syllables`, `list_words`).

Loaded once per process (the engine's preload step loads them before the workers fork). The per-token pass that
uses them is compiled (`audit.readability._syllables`, `_tokens`); `audit.readability.counts` documents the definitions.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

LANG = "en_US"  # textstat's default language


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
