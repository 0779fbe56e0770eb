"""Build the table of an organ's one-word disease names `audit.terms.organ_diseases` reads
(`audit/data/organ-disease-names-wordnet.tsv`, shipped; stop 40, issue 19).

Medicine names an organ's disease with one word made of combining forms ("nephropathy": Greek *nephros*, kidney, and
*-pathy*, disease) or with the organ's word and a generic head ("kidney disease", "renal disorder"). WordNet 3.0 puts
such names in one synset: {kidney disease, renal disorder, nephropathy, nephrosis}, {brain disorder, encephalopathy,
brain disease}, {cardiopathy, heart disease}. A pair (one word, two words) is taken from a synset of WordNet's
noun.state (diseases and conditions) where

- the one word is a noun of that one synset only (monosemous: "depression", also a hollow and an economic slump, is
  not paired with "depressive disorder"; "disturbance" not with "mental disorder");
- the two words are a body part's word and a generic head: the first a noun with a sense in WordNet's noun.body
  ("kidney", "brain", "heart", "gland"), or an adjective the shipped WordNet derivation table
  (`audit/data/derivations-wordnet.tsv.gz`) relates to such nouns only ("renal" / kidney, "glandular" / gland; not
  "mental", which relates to the mind as well as to the chin's *mentum*); the second "disease" or "disorder". Not
  "contagious disease" / "contagion", "endemic disease" / "endemic", "wasting disease" / "consumption", "kissing
  disease" / "mononucleosis": no body part in the name.

Output: UTF-8 TSV `one word<TAB>two words` sorted, after two `#` header lines (the source with its sha256 and
WordNet's notice; the columns). Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_organ_disease_names.py   # needs Debian's wordnet-base
"""
from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from wordnet_tables import NOTICE, arguments, write  # noqa: E402

OUT = ROOT / "audit" / "data" / "organ-disease-names-wordnet.tsv"
BODY, STATE = "08", "26"  # WordNet's lexicographer files noun.body, noun.state (lexnames)
HEADS = ("disease", "disorder")


def synsets(data_noun: str) -> list[tuple[str, list[str]]]:
    """(lexicographer file, lower-case lemmas with spaces) of every noun synset."""
    out = []
    for line in data_noun.splitlines():
        if line.startswith(" ") or not line.strip():
            continue
        f = line.split(" ")
        out.append((f[1], [f[4 + 2 * i].lower().replace("_", " ") for i in range(int(f[3], 16))]))
    return out


def pairs(data_noun: str, derivations: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(one word, two words) of noun.state synsets, under the conditions of the module's docstring."""
    all_synsets = synsets(data_noun)
    senses: dict[str, int] = {}
    body: set[str] = set()
    for lex, lemmas in all_synsets:
        for lemma in set(lemmas):
            senses[lemma] = senses.get(lemma, 0) + 1
            if lex == BODY:
                body.add(lemma)
    out = set()
    for lex, lemmas in all_synsets:
        if lex != STATE:
            continue
        ones = [w for w in lemmas if w.isalpha() and senses[w] == 1]
        twos = [t for t in lemmas if len(t.split()) == 2 and t.split()[1] in HEADS and t.split()[0].isalpha()
                and (t.split()[0] in body or derivations.get(t.split()[0], {""}) <= body)]
        out.update((o, t) for o in ones for t in twos)
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    from audit.terms.derivation import TABLE

    args = arguments(__doc__, OUT, "data.noun", argv)
    derivations: dict[str, set[str]] = {}
    for line in gzip.decompress(TABLE.read_bytes()).decode("utf-8").splitlines():
        if not line.startswith("#") and "\t" in line:
            a, n = line.split("\t")
            derivations.setdefault(a, set()).add(n)
    rows = pairs((args.wordnet / "data.noun").read_text(encoding="utf-8"), derivations)
    text = (f"# an organ's one-word disease names (build_organ_disease_names.py): WordNet 3.0 noun.state synsets; "
            f"{NOTICE} {TABLE.name} sha256 {hashlib.sha256(TABLE.read_bytes()).hexdigest()}\n"
            "# one word<TAB>two words (a body part's word and a generic head)\n"
            + "".join(f"{o}\t{t}\n" for o, t in rows))
    write(args, text.encode("utf-8"), ("data.noun",), f"{len(rows)} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
