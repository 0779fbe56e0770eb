"""Build the table of words the open vocabularies write in lower case (`audit/data/lower-words-vocabulary.txt.gz`,
shipped), which `audit.terms.forms._possessive` reads: a capitalised word of a name is a person's name (an eponym:
"Alzheimer disease" is also written "Alzheimer's disease") only if the vocabularies do not write it in lower case.
A title capitalises a name's first word ("Hemophilia type B", "Alopecia totalis", "Atrial septal defect"): those
words are rare in general English, as names are, but the vocabularies write them in lower case inside other names
("acquired hemophilia", "androgenetic alopecia", "left atrial enlargement"), never "Alzheimer" (0 lower case / 13
capitalised), "Parkinson" (0 / 40), "Fanconi" (2 / 18).

A word is listed when, in the names and exact synonyms of the three shipped vocabularies of exact synonyms
(`audit/data/synonyms-mondo.tsv.gz`, `synonyms-do.tsv.gz`, `synonyms-medquad.tsv.gz`), after a term's first word,
it is written in lower case more often than capitalised (each hyphen part a word; letters only, 3+), and it is rare
in general English (log-probability below -14 in `audit/data/word-logprob-en.tsv.gz`, as `forms.eponym` asks: a
common word is never taken for a name anyway).

Output: gzip'd UTF-8, one word a line (sorted), after two `#` header lines (the sources with their sha256; the
column). Same input -> byte-identical file (gzip mtime 0).

    .venv/bin/python benchmarks/terms/build_lower_words.py
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "audit" / "data" / "lower-words-vocabulary.txt.gz"


def lower_words(entries, logprobs: dict[str, float]) -> list[str]:
    """The rare words [(name, synonyms)] write in lower case more often than capitalised, after a term's first word."""
    low: Counter = Counter()
    cap: Counter = Counter()
    for name, syns in entries:
        for term in (name, *syns):
            for word in term.split()[1:]:
                for part in word.split("-"):
                    if len(part) < 3 or not part.isalpha():
                        continue
                    if part.islower():
                        low[part] += 1
                    elif part[0].isupper() and part[1:].islower():
                        cap[part.lower()] += 1
    return sorted(w for w, n in low.items() if n > cap[w] and logprobs.get(w, -99.0) < -14)


def main(argv: list[str] | None = None) -> int:
    from audit.terms.parts import word_logprobs
    from audit.terms.synonyms import EXACT_VOCABULARIES, exact_entries

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    words = lower_words(exact_entries(), word_logprobs())  # the shipped exact-synonym vocabularies
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in EXACT_VOCABULARIES)
    text = (f"# words rare in English that the vocabularies write in lower case more often than capitalised, after a "
            f"term's first word (build_lower_words.py): {sources}\n# word\n" + "".join(f"{w}\n" for w in words))
    args.out.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{args.out.name}: {len(words)} words; sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
