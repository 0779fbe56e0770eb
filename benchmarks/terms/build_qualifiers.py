"""Build the qualifier table `audit.terms.parts` reads (`audit/data/qualifiers-vocabulary.tsv`, shipped).

A disease name often starts with a qualifier that says how the disease arises or runs, not which disease it is:
"*hereditary* breast ovarian cancer syndrome", "*familial* pancreatic carcinoma", "*congenital* hypothyroidism".
Such a first word is not the distinctive part of the name (a page's "familial breast cancer" is no mention of
*familial pancreatic carcinoma*); the rest of the name is. Which words are qualifiers is read from the shipped open
vocabularies, never from a benchmark's strings: every pair of names one vocabulary entry lists as exact synonyms
(its label and its synonyms: `audit/data/synonyms-mondo.tsv.gz`, `synonyms-do.tsv.gz`, `synonyms-medquad.tsv.gz`)
where one is the other with one word more at the front ("familial hypercholesterolemia" = "hypercholesterolemia")
supports that word, once per distinct rest of the name (words folded as the matcher folds them:
`audit.terms.glossary.token_key`). The table lists each such first word (no stop word; letters and hyphens) with its
support, words of support 5 or more; `audit.terms.parts` uses the words at or above its own threshold.

Which qualifiers a page may write for one another (stop 19: "inherited breast/ovarian cancer" names *hereditary breast
ovarian cancer syndrome* as "hereditary breast/ovarian cancer" does) comes from Princeton WordNet 3.0 as Debian
packages it (`apt-get install wordnet-base`, /usr/share/wordnet; WordNet 3.0 licence, its notice kept in the
table's header): the adjective synsets holding two or more words of the qualifier table, one line each, their
one-word lemmas (`audit/data/qualifier-synonyms-wordnet.tsv`): "familial, genetic, hereditary, inherited,
transmissible, transmitted"; "congenital, inborn, innate". `audit.terms.parts.qualifier_synonyms` uses a synset
when two of its words are qualifiers at its threshold (the vocabularies then confirm the sense WordNet groups).

Output: UTF-8 TSV `word<TAB>support`, sorted by support then word, after two `#` header lines (the sources with
their sha256; the columns). Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_qualifiers.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "audit" / "data" / "qualifiers-vocabulary.tsv"
SYNONYMS = ROOT / "audit" / "data" / "qualifier-synonyms-wordnet.tsv"
NOTICE = "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved."
MIN_WRITTEN = 5
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def dropped_first_words(entries) -> dict[str, set[tuple[str, ...]]]:
    """{word: {the rest of the names it qualifies}} over entries [(name, synonyms)]: the word one exact synonym has
    before the whole of another."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from audit.terms.glossary import token_key

    support: dict[str, set[tuple[str, ...]]] = {}
    for name, syns in entries:
        names = {tuple(token_key(w) for w in _WORD.findall(n.lower())) for n in (name, *syns)}
        for a in names:
            if len(a) >= 2 and a[1:] in names:
                word = a[0]
                if word not in STOP_WORDS and word.replace("-", "").isalpha():
                    support.setdefault(word, set()).add(a[1:])
    return support


def synsets(wordnet: Path, words: set[str]) -> list[list[str]]:
    """WordNet's adjective synsets with two or more of `words`: their one-word lemmas, sorted (synsets in file
    order)."""
    out = []
    for line in (wordnet / "data.adj").read_text(encoding="latin-1").splitlines():
        if not line or line.startswith(" "):
            continue
        f = line.split(" | ")[0].split()
        lemmas = sorted({f[4 + 2 * i].lower().split("(")[0] for i in range(int(f[3], 16))})
        lemmas = [w for w in lemmas if w.replace("-", "").isalpha()]
        if len(words.intersection(lemmas)) >= 2:
            out.append(lemmas)
    return out


def main(argv: list[str] | None = None) -> int:
    from audit.terms.synonyms import EXACT_VOCABULARIES, exact_entries

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--synonyms-out", type=Path, default=SYNONYMS)
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = ap.parse_args(argv)
    if not (args.wordnet / "data.adj").is_file():
        print(f"build_qualifiers: no WordNet at {args.wordnet} (apt-get install wordnet-base)", file=sys.stderr)
        return 2
    support = dropped_first_words(exact_entries())  # the shipped exact-synonym vocabularies
    rows = sorted(((len(v), w) for w, v in support.items() if len(v) >= MIN_WRITTEN), key=lambda r: (-r[0], r[1]))
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in EXACT_VOCABULARIES)
    text = (f"# first words the shipped vocabularies drop from a name in an exact synonym (build_qualifiers.py): "
            f"{sources}\n"
            "# word<TAB>support (distinct names a vocabulary lists with and without the word in front)\n"
            + "".join(f"{w}\t{n}\n" for n, w in rows))
    args.out.write_text(text, encoding="utf-8")
    groups = synsets(args.wordnet, {w for _, w in rows})
    digest = hashlib.sha256((args.wordnet / "data.adj").read_bytes()).hexdigest()[:16]
    syn_text = ("# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): adjective synsets with two or more words of "
                f"{OUT.name} (build_qualifiers.py; data.adj sha256 {digest})\n"
                f"# WordNet 3.0 licence: {NOTICE}\n# lemma<TAB>lemma<TAB>... (one synset a line)\n"
                + "".join("\t".join(g) + "\n" for g in groups))
    args.synonyms_out.write_text(syn_text, encoding="utf-8")
    print(f"{args.out.name}: {len(rows)} words of support >= {MIN_WRITTEN}; sha256 "
          f"{hashlib.sha256(text.encode()).hexdigest()}; {args.synonyms_out.name}: {len(groups)} synsets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
