"""Build the head-noun synonym table `audit.terms.heads` reads (`audit/data/heads-vocabulary.tsv`, shipped).

Editors and vocabularies name one disease with different head nouns: "breast neoplasm", "breast tumor", "breast
cancer"; "Fabry disease", "Fabry disorder". Which heads are interchangeable is read from the shipped open
vocabularies, never from a benchmark's strings: every pair of names one vocabulary entry lists as exact synonyms
(its label and its synonyms: `audit/data/synonyms-mondo.tsv.gz`, `synonyms-do.tsv.gz`, `synonyms-medquad.tsv.gz`)
that differ only in their last word (words folded as the matcher folds them: `audit.terms.glossary.token_key`)
supports that pair of heads, once per distinct rest of the name ("breast", "malignant heart", ...). A head may be two
words (stop 17): names that differ in their last two words against one or two ("bacterial infectious disease" =
"bacterial infection": the heads "infectious disease" / "infection"; the two-word heads' last words differ, and their
first words too when both have two). The table lists each pair of heads (alphabetical, no stop word, letters only)
with its support, pairs of support 5 or more; `audit.terms.heads` uses the pairs at or above its own threshold.

Output: UTF-8 TSV `head<TAB>head<TAB>support`, sorted by support then heads, after two `#` header lines (the sources
with their sha256; the columns). Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_heads.py
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "audit" / "data" / "heads-vocabulary.tsv"
MIN_WRITTEN = 5
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def head_pairs(entries) -> dict[tuple[str, str], set[tuple[str, ...]]]:
    """{(head, head): {the rest of the names they head}} over entries [(name, synonyms)]; a head of one or two words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from audit.terms.glossary import token_key

    support: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for name, syns in entries:
        names = {tuple(token_key(w) for w in _WORD.findall(n.lower())) for n in (name, *syns)}
        names = sorted(n for n in names if len(n) >= 2)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                for na, nb in ((1, 1), (2, 1), (1, 2), (2, 2)):  # the heads' lengths in words
                    rest, ha, hb = a[:-na], a[-na:], b[-nb:]
                    if not rest or rest != b[:-nb] or ha[-1] == hb[-1] or (na == nb == 2 and ha[0] == hb[0]):
                        continue
                    if any(w in STOP_WORDS or not w.isalpha() for w in ha + hb):
                        continue
                    x, y = sorted((" ".join(ha), " ".join(hb)))
                    support.setdefault((x, y), set()).add(rest)
    return support


def main(argv: list[str] | None = None) -> int:
    from audit.terms.synonyms import EXACT_VOCABULARIES, exact_entries

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    entries = exact_entries()  # the shipped vocabularies of exact synonyms together
    support = head_pairs(entries)
    rows = sorted(((len(v), x, y) for (x, y), v in support.items() if len(v) >= MIN_WRITTEN),
                  key=lambda r: (-r[0], r[1], r[2]))
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in EXACT_VOCABULARIES)
    text = (f"# head nouns the shipped vocabularies list as exact synonyms of one name (build_heads.py): {sources}\n"
            "# head<TAB>head<TAB>support (distinct names the two heads head in a vocabulary's synonym pair)\n"
            + "".join(f"{x}\t{y}\t{n}\n" for n, x, y in rows))
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out.name}: {len(rows)} head pairs of support >= {MIN_WRITTEN}; sha256 "
          f"{hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
