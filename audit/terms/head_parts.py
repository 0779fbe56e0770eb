"""A two-word name's head alone, where WordNet says it names the same thing (issue 19: an elliptical mention).

Editors shorten a two-word name to its head once the context is clear: "the browser" for *Web Browser*,
"mononucleosis" for *Infectious Mononucleosis*. The partial rule of `audit.terms.parts` never drops a name's first
word ("injury" is broader than "facial nerve injury"), and a head alone is in general a broader thing. The
exception is read from WordNet (`audit/data/head-synonyms-wordnet.tsv`, built by
`benchmarks/terms/build_head_synonyms.py`): the compound and its head are lemmas of one synset ("browser, web
browser"), the head is a noun only, of one sense or two of different kinds ("browser": a program or a casual
viewer; not "dystrophy": two disorders). Then the head is a part of the concept's name
(a partial match, reported as such; not where it is another concept's own form, nor a thing by WordNet:
`audit.terms.parts.partial_parts`), read only where no modifier of its own stands before it (`modified`: "nail
dystrophy" is another dystrophy; `audit.terms.part_matches.partial_matches`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

HEAD_SYNONYMS = Path(__file__).resolve().parents[1] / "data" / "head-synonyms-wordnet.tsv"


@lru_cache(maxsize=1)
def head_synonyms() -> frozenset[tuple[str, str]]:
    """{(modifier, head)} of the WordNet compounds whose head alone is a lemma of the same synset; empty without the
    table."""
    try:
        text = HEAD_SYNONYMS.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    rows = (line.split("\t")[0].split() for line in text.splitlines() if line and not line.startswith("#"))
    return frozenset((row[0], row[1]) for row in rows if len(row) == 2)


def head_part(keys: tuple[str, ...]) -> set[tuple[str, ...]]:
    """{(head,)} when the folded key sequence is a two-word name WordNet gives its head alone as a synonym ("web
    browser" -> "browser"); else empty."""
    if len(keys) == 2 and (keys[0], keys[1]) in head_synonyms():
        return {keys[1:]}
    return set()


def modified(keys, texts, ws, s: int) -> bool:
    """The token at `s` has a modifier of its own: the word right before it is a content word (not a stop word:
    "the", "most", "some", "a user's" stay) or joins it with a hyphen — "nail dystrophy", "myotonic dystrophy",
    "rod-cone dystrophy" are other dystrophies than *muscular dystrophy*, so a head part is no mention there."""
    if s == 0:
        return False
    if texts[s - 1] == "-" and s >= 2 and not ws[s - 1] and not ws[s - 2]:
        return True
    return any(c.isalpha() for c in texts[s - 1]) and keys[s - 1] not in STOP_WORDS
