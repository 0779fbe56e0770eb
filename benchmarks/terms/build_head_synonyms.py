"""Build the table of two-word names whose head alone is the same thing (`audit/data/head-synonyms-wordnet.tsv`,
shipped): "web browser" / "browser", "infectious mononucleosis" / "mononucleosis", "dental caries" / "caries".

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (notice kept in the table's header). A row is a two-word, lower-case noun lemma and its second
word (the head) where

- both are lemmas of one noun synset: WordNet says the head alone names the compound ("browser, web browser: a
  program used to view HTML documents");
- the head is a noun only (no verb, adjective or adverb lemma: not "scan", "murmur", "cold") and has one noun sense,
  or two of different kinds (WordNet's lexicographer files): "browser" is a program (noun.communication) or a casual
  viewer (noun.person), which a page's topic tells apart; not "dystrophy" (muscular dystrophy, or a degenerative
  disorder of nutrition: two disorders, noun.state, so "nail dystrophy" and "this dystrophy" on a page about the
  cornea would read as *Muscular Dystrophy*), nor "transfusion" (two acts), "movement" (11 senses, of *Bowel
  Movement*), "home" (9, of *Nursing Homes*).

A glossary's two-word name found in the table makes its head a partial part of the concept
(`audit.terms.head_parts`, issue 19: an elliptical mention).

Output: UTF-8 TSV, sorted, `compound<TAB>head<TAB>head's noun senses`, after `#` header lines. Same input ->
byte-identical file.

    .venv/bin/python benchmarks/terms/build_head_synonyms.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

from pathlib import Path

from wordnet_tables import NOTICE, arguments, write

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "head-synonyms-wordnet.tsv"
POS = ("noun", "verb", "adj", "adv")
MAX_SENSES = 2


def _senses(wordnet: Path) -> dict[str, dict[str, list[str]]]:
    """{lemma: {pos: its synsets' offsets}} over the four index files."""
    out: dict[str, dict[str, list[str]]] = {}
    for pos in POS:
        for line in (wordnet / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line and not line.startswith(" "):
                f = line.split()
                n_synsets, n_ptrs = int(f[2]), int(f[3])
                out.setdefault(f[0], {})[pos] = f[6 + n_ptrs: 6 + n_ptrs + n_synsets]
    return out


def rows(wordnet: Path) -> list[tuple[str, str, int]]:
    senses = _senses(wordnet)
    synsets = []  # (offset, lexicographer file, words)
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split(" | ")[0].split()
            synsets.append((f[0], f[1], [f[4 + 2 * i].split("(")[0] for i in range(int(f[3], 16))]))
    kind = {offset: lexfile for offset, lexfile, _ in synsets}
    out = set()
    for _, _, words in synsets:
        for w in words:
            parts = w.split("_")
            if len(parts) != 2 or not w.islower() or parts[1] not in words:
                continue
            head = senses.get(parts[1], {})
            if set(head) != {"noun"} or len(head["noun"]) > MAX_SENSES:
                continue
            kinds = [kind[o] for o in head["noun"]]
            if len(set(kinds)) == len(kinds):  # (one sense, or two of different kinds)
                out.add((" ".join(parts), parts[1], len(kinds)))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "data.noun", argv)
    table = rows(args.wordnet)
    text = ("# two-word noun lemmas and their head, one synset: Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37);"
            f" the head a noun only, one sense or {MAX_SENSES} of different kinds (benchmarks/terms/build_head_synonyms.py)\n"
            f"# WordNet 3.0 licence: {NOTICE}\n"
            "# compound<TAB>head<TAB>the head's noun senses\n"
            + "".join(f"{c}\t{h}\t{n}\n" for c, h, n in table))
    write(args, text.encode("utf-8"), tuple(f"index.{p}" for p in POS) + ("data.noun",), f"{len(table)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
