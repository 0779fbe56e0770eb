"""Build the adjective <-> noun derivation table the term forms read (`audit/data/derivations-wordnet.tsv.gz`, shipped).

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (use, copy, modify and distribute for any purpose, with Princeton's copyright notice, kept in the
table's header; "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved."). Every pair of one-word
lemmas that WordNet links as an adjective and the noun it derives from or relates to: a pertainym (`\\`:
"chromosomal" -> "chromosome", "hematological" -> "hematology") or a derivationally related form (`+`: "deficient" <->
"deficiency"), word to word (a pointer's source/target numbers), lower-case letters only.

Output: gzip'd UTF-8 TSV, sorted, `adjective<TAB>noun`, after `#` header lines (source, licence, notice). Same input
-> byte-identical file (gzip mtime 0).

    .venv/bin/python benchmarks/terms/build_derivations.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

from wordnet_tables import NOTICE, arguments, synsets, write

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "derivations-wordnet.tsv.gz"


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "data.adj", argv)
    adj, noun = synsets(args.wordnet / "data.adj"), synsets(args.wordnet / "data.noun")
    pairs: set[tuple[str, str]] = set()
    for _, words, ptrs in adj.values():
        for sym, off, pos, src, tgt in ptrs:
            if sym not in ("\\", "+") or pos != "n" or not src or not tgt or off not in noun:
                continue
            a, n = words[src - 1], noun[off][1][tgt - 1]
            a = a.split("(")[0]  # ("deficient(p)": a syntactic marker)
            if a.isalpha() and n.isalpha() and a.isascii() and n.isascii() and a != n and len(a) > 3 and len(n) > 3:
                pairs.add((a, n))
    lines = ["# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): adjective <-> noun (pertainyms, derivations)\n",
             f"# WordNet 3.0 licence: {NOTICE}\n", "# adjective<TAB>noun\n"]
    lines += [f"{a}\t{n}\n" for a, n in sorted(pairs)]
    out = gzip.compress("".join(lines).encode("utf-8"), mtime=0)
    write(args, out, ("data.adj", "data.noun"), f"{len(pairs)} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
