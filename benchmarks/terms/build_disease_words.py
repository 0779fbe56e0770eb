"""Build the disease-word table `audit.terms.parts` reads (`audit/data/disease-words-vocabulary.tsv`, shipped).

A disease name made of one adjective and a generic head ("hypertensive disorder", "ischemic disease", "nephrotic
syndrome") is written on pages as the adjective alone ("hypertensive patients", "the ischemic core"), but only when
the adjective names the disease itself — "hypertensive" is "having hypertension" — not when it names a part of the
body or a process ("neuromuscular disease", "metabolic disease", "peroxisomal disease": "neuromuscular blocking
agents" is no disease). Which adjectives name a disease is read from the shipped open vocabularies, never from a
benchmark's strings: one vocabulary entry (its label and its exact synonyms: `audit/data/synonyms-mondo.tsv.gz`,
`synonyms-do.tsv.gz`, `synonyms-medquad.tsv.gz`) lists both "<adjective> <generic head>" and a one-word name of the
adjective's stem ("hypertensive disorder" = "hypertension", "thrombotic disease" = "thrombosis", "ischemic disease"
= "ischemia"): the two words share their first 5+ letters and differ by a suffix (4 letters at most of the
adjective's, 3 of the noun's), the noun no generic head itself ("syndromic" / "syndrome").

Output: UTF-8 TSV `word<TAB>one-word name` (sorted), after two `#` header lines (the sources with their sha256; the
columns). Same input -> byte-identical file.

Words that name a disease by themselves get the same row, as their own name: one entry lists "<words> <generic
head>" and the words alone ("hearing loss disorder" = "hearing loss": stop 22). A noun likewise: one entry lists
"<noun> <generic head>" and "<noun>" alone ("stroke disorder" = "stroke", "constipation disorder" = "constipation"; not written in capitals in
the source, 4+ letters: not an abbreviation such as "ARTS syndrome" = "ARTS") — "stroke" is rare in no English
corpus, but it is the disease's own name less the generic head a vocabulary's label adds.

(stop 26) An adjective whose entry lists no one-word name ("hypotensive disorder", Mondo's label of MeSH's
*Hypotension*, has no synonym) gets the row of the noun its ending makes when the table's own rows attest that
ending's swap twice or more ("-ive" / "-ion": hypertensive / hypertension, depressive / depression; "-tic" /
"-sis": thrombotic / thrombosis, nephrotic / nephrosis, neurotic / neurosis) and WordNet's first sense of that noun
is a state (noun.state: "hypotension", "psychosis", "myotonia"; not "metabolism", a process, "retina", a body part,
"psychiatry", a field — "psychiatric disorder" keeps no row): the vocabularies write "<adjective> <generic head>",
the rows say how such an adjective's noun is spelled, WordNet that the noun names a condition. Needs WordNet 3.0 as
Debian packages it (`apt-get install wordnet-base`: /usr/share/wordnet; WordNet 3.0 licence).

    .venv/bin/python benchmarks/terms/build_disease_words.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "audit" / "data" / "disease-words-vocabulary.tsv"
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
NOTICE = "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved."


def _same_stem(adjective: str, noun: str) -> bool:
    k = 0
    while k < min(len(adjective), len(noun)) and adjective[k] == noun[k]:
        k += 1
    return k >= 5 and len(adjective) - k <= 4 and len(noun) - k <= 3 and adjective != noun


def disease_adjectives(entries) -> set[tuple[str, str]]:
    """{(word, one-word name)} over entries [(name, synonyms)]: one entry lists "<adjective> <generic head>" and the
    one-word name of the adjective's stem, or "<noun> <generic head>" and the noun alone (then the name is the noun)."""
    from audit.terms.parts import ADJECTIVE_ENDING
    from audit.terms.variants import GENERIC_HEADS

    out: set[tuple[str, str]] = set()
    for name, syns in entries:
        names = [tuple(_WORD.findall(n.lower())) for n in (name, *syns)]
        ones = {n[0] for n in names if len(n) == 1 and n[0].isalpha()}
        lower = {n.lower() for n in (name, *syns) if len(n.split()) == 1 and not n.isupper() and len(n) >= 4}
        for n in names:
            if len(n) != 2 or n[1] not in GENERIC_HEADS or not n[0].isalpha():
                continue
            if ADJECTIVE_ENDING.search(n[0]):
                out.update((n[0], one) for one in ones if _same_stem(n[0], one) and one not in GENERIC_HEADS)
            if n[0] in lower and n[0] not in GENERIC_HEADS:  # the noun alone ("stroke disorder" = "stroke")
                out.add((n[0], n[0]))
        # (stop 22) words alone: "<words> <generic head>" and "<words>" in one entry ("hearing loss disorder" =
        # "hearing loss"; not "bone marrow disorder": no entry lists "bone marrow" alone)
        many = {" ".join(n) for n, raw in zip(names, (name, *syns)) if len(n) >= 2 and not raw.isupper()}
        for n in names:
            if len(n) >= 3 and n[-1] in GENERIC_HEADS and n[-2] not in GENERIC_HEADS and " ".join(n[:-1]) in many:
                out.add((" ".join(n[:-1]),) * 2)
    return out


MIN_SWAPS = 2  # rows of the table that attest an adjective ending's swap for a noun ending, at least
NOUN_STATE = 26  # WordNet's lexicographer file noun.state


def wordnet_states(wordnet: Path) -> frozenset[str]:
    """The nouns whose first (most frequent) WordNet sense is in noun.state: a condition ("hypotension", "psychosis")."""
    lexfile: dict[str, int] = {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split(None, 2)
            lexfile[f[0]] = int(f[1])
    out = set()
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split()
            offsets = f[6 + int(f[3]):]
            if offsets and lexfile.get(offsets[0]) == NOUN_STATE:
                out.add(f[0])
    return frozenset(out)


def _swap(adjective: str, noun: str) -> tuple[str, str]:
    """The endings that differ: ("hypertensive", "hypertension") -> ("ve", "on")."""
    k = 0
    while k < min(len(adjective), len(noun)) and adjective[k] == noun[k]:
        k += 1
    return adjective[k:], noun[k:]


def derived_adjectives(entries, pairs: set[tuple[str, str]], states: frozenset[str]) -> set[tuple[str, str]]:
    """(stop 26) {(adjective, noun)} of the adjectives the vocabularies write before a generic head ("hypotensive
    disorder") that have no row in `pairs`: the noun an ending swap attested by `MIN_SWAPS` rows of `pairs` makes, when
    WordNet's first sense of it is a state (`states`)."""
    from collections import Counter

    from audit.terms.parts import ADJECTIVE_ENDING
    from audit.terms.variants import GENERIC_HEADS

    swaps = Counter(_swap(a, n) for a, n in pairs if a != n)
    swaps = [s for s, k in sorted(swaps.items()) if k >= MIN_SWAPS and s[0]]
    known = {a for a, _ in pairs}
    out: set[tuple[str, str]] = set()
    for name, syns in entries:
        for n in (tuple(_WORD.findall(x.lower())) for x in (name, *syns)):
            if len(n) != 2 or n[1] not in GENERIC_HEADS or not n[0].isalpha() or n[0] in known \
                    or not ADJECTIVE_ENDING.search(n[0]):
                continue
            for end, to in swaps:
                noun = n[0][:len(n[0]) - len(end)] + to
                if n[0].endswith(end) and _same_stem(n[0], noun) and noun in states and noun not in GENERIC_HEADS:
                    out.add((n[0], noun))
    return out


def main(argv: list[str] | None = None) -> int:
    from audit.terms.synonyms import EXACT_VOCABULARIES, exact_entries

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = ap.parse_args(argv)
    if not (args.wordnet / "data.noun").is_file():
        print(f"build_disease_words: no WordNet at {args.wordnet} (apt-get install wordnet-base)", file=sys.stderr)
        return 2
    entries = exact_entries()  # the shipped vocabularies of exact synonyms together
    found = disease_adjectives(entries)
    pairs = sorted(found | derived_adjectives(entries, found, wordnet_states(args.wordnet)))
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in EXACT_VOCABULARIES)
    text = (f"# words that name a disease: one vocabulary entry lists '<word> <generic head>' and the one-word name of "
            f"its stem or the word alone, or '<words> <generic head>' and the words alone, or an adjective before a "
            f"generic head and its noun, spelled as two or more rows spell it and a state in WordNet 3.0 "
            f"(build_disease_words.py): {sources}; {NOTICE}\n# word<TAB>one-word name\n" + "".join(f"{a}\t{n}\n" for a, n in pairs))
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out.name}: {len(pairs)} pairs; sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
