"""Build the relational-adjective table `audit.terms.derivation` reads (`audit/data/pertainyms-vocabulary.tsv`, shipped).

Editors write an organ's adjective for its noun and back: "renal failure" / "kidney failure", "hepatic failure" /
"liver failure", "cardiac failure" / "heart failure", "pulmonary embolism" / "lung embolism". The two words share
no stem, so `derivations`' same-stem rule does not pair them. A pair is taken when two sources agree:

- **WordNet 3.0** links the adjective to the noun (a pertainym, "renal: of or relating to the kidneys", or a
  derivation link): the shipped `audit/data/derivations-wordnet.tsv.gz` (`build_derivations.py`), pairs whose words
  do not share a stem only (the same-stem ones are derivations already);
- **the shipped disease vocabularies** (Mondo, the Disease Ontology, MedQuAD: `audit/data/synonyms-*.tsv.gz`) list
  a name with the adjective and the same name with the noun, the rest of the words equal (folded as the matcher
  folds them: `audit.terms.glossary.token_key`), as exact synonyms of one entry ("renal cancer" = "kidney cancer").
  Support: the number of distinct entries (diseases) that do so.

WordNet alone would pair "adrenal" with "kidney" (a pertainym: "near the kidneys"), "hearty" with "heart", "nosy"
with "nose"; the vocabularies never write one for the other. The vocabularies alone would pair words that one
disease happens to name both ways ("colorectal" / "colon": only the names of hereditary non-polyposis colorectal
cancer). The table lists every pair of support 1 or more (adjective, noun, support), sorted by support; the
reader uses the pairs at or above its threshold (`audit.terms.derivation.MIN_SUPPORT`).

Output: UTF-8 TSV `adjective<TAB>noun<TAB>support` after two `#` header lines (the sources with their sha256; the
columns). Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_pertainyms.py
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "audit" / "data" / "pertainyms-vocabulary.tsv"
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def wordnet_pairs(path: Path) -> set[tuple[str, str]]:
    """(adjective, noun) pairs of the shipped WordNet table whose words share no stem."""
    from audit.terms.derivation import _same_stem

    out = set()
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        a, n = line.split("\t")
        if not _same_stem(a, n):
            out.add((a, n))
    return out


def support(entries, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], set[int]]:
    """{(adjective, noun): {entries that list two names differing only in that word, one with each}}."""
    from audit.terms.glossary import token_key

    out: dict[tuple[str, str], set[int]] = {}
    for ei, (name, syns) in enumerate(entries):
        names = sorted({tuple(token_key(w) for w in _WORD.findall(n.lower())) for n in (name, *syns)})
        names = [n for n in names if len(n) >= 2]
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if len(a) != len(b):
                    continue
                diff = [k for k in range(len(a)) if a[k] != b[k]]
                if len(diff) != 1:
                    continue
                x, y = a[diff[0]], b[diff[0]]
                for adj, noun in ((x, y), (y, x)):
                    if (adj, noun) in pairs:
                        out.setdefault((adj, noun), set()).add(ei)
    return out


def main(argv: list[str] | None = None) -> int:
    from audit.terms.derivation import TABLE
    from audit.terms.synonyms import EXACT_VOCABULARIES, exact_entries

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    entries = exact_entries()  # the shipped vocabularies of exact synonyms together
    counts = support(entries, wordnet_pairs(TABLE))
    rows = sorted(((len(v), a, n) for (a, n), v in counts.items()), key=lambda r: (-r[0], r[1], r[2]))
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}"
                        for p in (TABLE, *EXACT_VOCABULARIES))
    text = (f"# relational adjectives: WordNet 3.0 pairs (no shared stem) the shipped vocabularies write for one "
            f"another in one entry's names (build_pertainyms.py): {sources}\n"
            "# adjective<TAB>noun<TAB>support (distinct vocabulary entries listing a name with each)\n"
            + "".join(f"{a}\t{n}\t{k}\n" for k, a, n in rows))
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out.name}: {len(rows)} pairs; sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
