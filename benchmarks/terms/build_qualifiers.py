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

Output: UTF-8 TSV `word<TAB>support`, sorted by support then word, after two `#` header lines (the sources with
their sha256; the columns). Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_qualifiers.py
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


def main(argv: list[str] | None = None) -> int:
    from audit.terms.synonyms import SHIPPED_VOCABULARIES, load_vocabulary

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    support = dropped_first_words(load_vocabulary().entries)  # the shipped vocabularies together
    rows = sorted(((len(v), w) for w, v in support.items() if len(v) >= MIN_WRITTEN), key=lambda r: (-r[0], r[1]))
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in SHIPPED_VOCABULARIES)
    text = (f"# first words the shipped vocabularies drop from a name in an exact synonym (build_qualifiers.py): "
            f"{sources}\n"
            "# word<TAB>support (distinct names a vocabulary lists with and without the word in front)\n"
            + "".join(f"{w}\t{n}\n" for n, w in rows))
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out.name}: {len(rows)} words of support >= {MIN_WRITTEN}; sha256 "
          f"{hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
