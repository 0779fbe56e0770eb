"""Build the list of "-ary" words that are nouns (`audit/data/ary-nouns-wordnet.txt`, shipped): "canary", "library",
"dictionary" end like the adjectives "primary", "pulmonary", "coronary" (`audit.terms.parts.ADJECTIVE_ENDING`), but
name a thing; a rare one may stand for a multi-word name as its one-word part ("canary" of *Canary Deployment*,
stop 32), an adjective alone names nothing.

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (notice kept in the list's header). A word is listed when it ends in "-ary" and WordNet gives it
more noun senses than adjective senses ("canary": 4 nouns, 1 adjective, the colour; "library": 5, none) — not
"coronary", "pituitary", "capillary" (as many adjective senses as noun senses: the adjective first), "primary",
"summary".

Output: UTF-8, one lower-case word a line, sorted, after `#` header lines. Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_ary_nouns.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import sys
from pathlib import Path

from wordnet_tables import NOTICE, arguments, write

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "ary-nouns-wordnet.txt"


def _sense_counts(path: Path) -> dict[str, int]:
    """{lemma: number of senses} of one index file (one-word lemmas)."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split()
            out[f[0]] = int(f[2])
    return out


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "index.noun", argv)
    nouns, adjectives = _sense_counts(args.wordnet / "index.noun"), _sense_counts(args.wordnet / "index.adj")
    words = sorted(w for w, n in nouns.items() if w.endswith("ary") and w.isalpha() and n > adjectives.get(w, 0))
    lines = ["# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): words ending in -ary with more noun senses than"
             " adjective senses\n", f"# WordNet 3.0 licence: {NOTICE}\n", "# word\n"]
    out = "".join(lines + [f"{w}\n" for w in words]).encode("utf-8")
    write(args, out, ("index.noun", "index.adj"), f"{len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
