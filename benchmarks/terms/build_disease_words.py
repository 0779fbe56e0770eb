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

    .venv/bin/python benchmarks/terms/build_disease_words.py
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


def main(argv: list[str] | None = None) -> int:
    from audit.terms.synonyms import SHIPPED_VOCABULARIES, load_vocabulary

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    pairs = sorted(disease_adjectives(load_vocabulary().entries))  # the shipped vocabularies together
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in SHIPPED_VOCABULARIES)
    text = (f"# words that name a disease: one vocabulary entry lists '<word> <generic head>' and the one-word name of "
            f"its stem or the word alone, or '<words> <generic head>' and the words alone (build_disease_words.py): "
            f"{sources}\n# word<TAB>one-word name\n" + "".join(f"{a}\t{n}\n" for a, n in pairs))
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out.name}: {len(pairs)} pairs; sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
