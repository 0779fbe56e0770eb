"""Build the noun doublets the term forms read (`audit/data/noun-doublets-wordnet.tsv`, shipped): a noun and its
suffixed nominalisation that WordNet puts in one synset — "transplant" / "transplantation", "infarct" /
"infarction", "ulcer" / "ulceration" (stop 38, issue 19).

A site that titles its pages with a controlled vocabulary's headings writes the long noun ("Kidney Transplantation",
MeSH's heading and MedlinePlus's page title); its pages say "a kidney transplant". A doublet is no clipping (the
remainder is a suffix: `build_clippings.py` leaves such pairs out on purpose) and no adjective/noun derivation
(`build_derivations.py`): two nouns of one meaning and one stem.

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (notice kept in the table's header). A pair is two one-word, lower-case nouns of one synset
where the long one is the short one (4+ letters) and a nominalising suffix (`SUFFIXES`: "-ation", "-ition", "-ion",
"-ment" — the English deverbal noun suffixes, Quirk et al. 1985, *A Comprehensive Grammar of the English Language*,
App. I.34-I.35), and the synset they share an act, a process or a state (`LEXFILES`: WordNet's noun.act,
noun.process, noun.state — the procedure or lesion a heading names; not noun.artifact's "production" / "product",
"projection" / "project"). The table is the whole class; which pairs a name may use is the reader's rule
(`audit.terms.doublets`).

Output: UTF-8 TSV, sorted, `short<TAB>long`, after `#` header lines. Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_doublets.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import sys
from pathlib import Path

from wordnet_tables import NOTICE, arguments, write

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "noun-doublets-wordnet.tsv"
SUFFIXES = ("ation", "ition", "ion", "ment")
LEXFILES = ("04", "22", "26")  # WordNet's lexicographer files noun.act, noun.process, noun.state
MIN_STEM = 4  # letters of the short noun at least ("champ" / "champion" is kept by WordNet; "ion" alone is not)


def doublets(wordnet: Path) -> list[tuple[str, str]]:
    """(short, long) nouns of one synset in `wordnet`'s data.noun, the long one the short one and a suffix."""
    pairs: set[tuple[str, str]] = set()
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if not line or line.startswith(" "):
            continue
        f = line.split()
        if f[1] not in LEXFILES:
            continue
        words = {f[4 + 2 * i] for i in range(int(f[3], 16))}
        words = {w for w in words if w.isalpha() and w.islower()}
        pairs |= {(a, b) for a in words for b in words
                  if len(a) >= MIN_STEM and b.startswith(a) and b[len(a):] in SUFFIXES}
    return sorted(pairs)


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "data.noun", argv)
    rows = doublets(args.wordnet)
    head = ("# a noun and its suffixed nominalisation, one synset of an act, a process or a state: Princeton WordNet 3.0 (Debian wordnet-base "
            "1:3.0-37; benchmarks/terms/build_doublets.py)\n"
            f"# WordNet 3.0 licence: {NOTICE}\n# short<TAB>long\n")
    data = (head + "".join(f"{a}\t{b}\n" for a, b in rows)).encode("utf-8")
    write(args, data, ("data.noun",), f"{len(rows)} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
