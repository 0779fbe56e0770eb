"""Build the table of words that name a thing, not a condition (`audit/data/things-wordnet.tsv.gz`, shipped).

A partial mention counts for a multi-word concept when its part is distinctive ("vasculitis" for *Vasculitis
Syndromes of ...*, "grandfathered" for *Grandfathered Health Plan*). A part that names a thing — a cell, an organ, a
substance, an organism — or that is a relational adjective ("of the ovary", "X-linked") does not name the condition:
"leukocytes" is no mention of *leukocyte disorder*, "X-linked" none of *X-linked disease*, "thymus" none of *thymus
cancer*. `audit.terms.parts` counts such a part only where the page also names its concept in full (a weak part).

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (use, copy, modify and distribute for any purpose, with Princeton's copyright notice, kept in the
table's header). A lemma (a word or a collocation: "spinal cord") is listed when every sense WordNet gives it, in
every part of speech, is in one of the lexicographer files `THINGS` (noun.body, noun.substance, noun.animal,
noun.plant; adj.pert, the relational adjectives, when every noun they pertain to is in one of the others): "leukocyte"
(noun.body only), "lipid" (noun.substance), "ovarian" (of the ovary), "lymphoid", "x-linked" (adj.pert); not "breast"
(also a verb), "vasculitis" (noun.state), "autoimmune" (of autoimmunity, a state), "cancer". Letters, spaces and
hyphens only, 4+ characters, lower case.

Output: gzip'd UTF-8, one lemma a line, sorted, after `#` header lines (source, licence, notice). Same input ->
byte-identical file (gzip mtime 0).

Also (stop 34) `audit/data/organs-wordnet.txt` (plain UTF-8, the same header kind): one-word lemmas whose *first*
noun sense (WordNet's commonest; index.noun lists a lemma's senses by frequency) is in noun.body — "elbow", "breast",
"stomach", "throat", which have other senses too — for `audit.terms.organs` ("Elbow Disorders" -> "elbow problems").

    .venv/bin/python benchmarks/terms/build_things.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wordnet_tables import NOTICE, file_sums  # noqa: E402  (the WordNet builders' shared parts)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "things-wordnet.tsv.gz"
ORGANS_OUT = ROOT / "audit" / "data" / "organs-wordnet.txt"
NOUN_BODY = 8
# WordNet's lexicographer file numbers (lexnames): adj.pert, noun.animal, noun.body, noun.plant, noun.substance
THINGS = {1: "adj.pert", 5: "noun.animal", 8: "noun.body", 20: "noun.plant", 27: "noun.substance"}
ADJ_PERT = 1
POS = ("noun", "adj", "verb", "adv")


def things(wordnet: Path) -> list[str]:
    """The lemmas all of whose senses are in `THINGS`."""
    lexfile: dict[tuple[str, str], int] = {}
    pertains: dict[str, list[tuple[str, str]]] = {}  # adjective synset -> the synsets its pertainym pointers name
    for pos in POS:
        for line in (wordnet / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line and not line.startswith(" "):
                f = line.split(" | ")[0].split()
                lexfile[(pos, f[0])] = int(f[1])
                if pos == "adj":
                    k = 4 + 2 * int(f[3], 16)
                    pertains[f[0]] = [(f[k + 2 + 4 * j], f[k + 3 + 4 * j]) for j in range(int(f[k]))
                                      if f[k + 1 + 4 * j] == "\\"]
    # a relational adjective is a thing's when what it pertains to is ("ovarian": ovary; not "autoimmune":
    # autoimmunity, a state)
    for off, targets in pertains.items():
        if lexfile[("adj", off)] == ADJ_PERT and not all(
                pos == "n" and lexfile[("noun", t)] in THINGS for t, pos in targets):
            lexfile[("adj", off)] = -1
    senses: dict[str, list[int]] = {}
    for pos in POS:
        for line in (wordnet / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            f = line.split()
            n = int(f[2])
            senses.setdefault(f[0], []).extend(lexfile[(pos, off)] for off in f[-n:])
    out = set()
    for lemma, files in senses.items():
        word = lemma.replace("_", " ").lower()
        if all(x in THINGS for x in files) and len(word) >= 4 and word.replace(" ", "").replace("-", "").isalpha():
            out.add(word)
    return sorted(out)


def organs(wordnet: Path) -> list[str]:
    """One-word lemmas (letters only, 3+) whose first noun sense is in noun.body."""
    lexfile: dict[str, int] = {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split(" | ")[0].split()
            lexfile[f[0]] = int(f[1])
    out = []
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split()
        if lexfile[f[-int(f[2])]] == NOUN_BODY and f[0].isalpha() and len(f[0]) >= 3:
            out.append(f[0].lower())
    return sorted(set(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not (args.wordnet / "index.noun").is_file():
        print(f"build_things: no WordNet at {args.wordnet} (apt-get install wordnet-base)", file=sys.stderr)
        return 2
    words = things(args.wordnet)
    files = file_sums(args.wordnet, ("index.noun", "index.adj", "data.noun", "data.adj"))
    text = ("# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): lemmas whose every sense is in "
            f"{', '.join(THINGS.values())} (adj.pert: of a noun of the others; {files})\n"
            f"# WordNet 3.0 licence: {NOTICE}\n# lemma\n" + "".join(f"{w}\n" for w in words))
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    args.out.write_bytes(data)
    print(f"{args.out.name}: {len(words)} lemmas, {len(data)} bytes; sha256 {hashlib.sha256(data).hexdigest()}")
    body = organs(args.wordnet)
    noun_files = file_sums(args.wordnet, ("index.noun", "data.noun"))
    text = ("# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): one-word lemmas whose first noun sense is in "
            f"noun.body ({noun_files})\n# WordNet 3.0 licence: {NOTICE}\n# lemma\n" + "".join(f"{w}\n" for w in body))
    ORGANS_OUT.write_text(text, encoding="utf-8")
    print(f"{ORGANS_OUT.name}: {len(body)} lemmas, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
