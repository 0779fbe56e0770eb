"""Build the table of one-word disease names of the open vocabularies (`audit/data/one-word-names-vocabulary.tsv.gz`,
shipped), which `audit.terms.rare_heads` reads: a name's rare head alone ("myeloma" of *plasma cell myeloma*) stands
for the name only where no vocabulary names that word as a disease of its own — "colitis", "hypertension",
"neuropathy" are entries of their own (broader than *ulcerative colitis*, *pulmonary hypertension*), "myeloma" is an
exact synonym of *plasma cell myeloma* itself, "hemiparesis" no entry's name at all.

A word is listed when it is the name or an exact synonym of an entry of the three shipped vocabularies of exact
synonyms (`audit/data/synonyms-mondo.tsv.gz`, `synonyms-do.tsv.gz`, `synonyms-medquad.tsv.gz`; not MeSH's, whose
entry terms lump narrower terms under a descriptor: "Hemiparesis" under *Paresis*), written in letters (a hyphen
inside allowed), rare in general English (log-probability below -14 in `audit/data/word-logprob-en.tsv.gz`, the
threshold of a one-word part, `audit.terms.parts.RARE_LOGPROB_ONE_WORD`: only such a head is ever read alone), with
the multi-word terms of the entries that list it (lower case, hyphens as spaces), sorted.

Output: gzip'd UTF-8, `word<TAB>term|term|...` a line (sorted), after two `#` header lines (the sources with their
sha256; the columns). Same input -> byte-identical file (gzip mtime 0).

    .venv/bin/python benchmarks/terms/build_one_word_names.py
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "audit" / "data" / "one-word-names-vocabulary.tsv.gz"
RARE = -14.0  # (audit.terms.parts.RARE_LOGPROB_ONE_WORD)


def plain(term: str) -> str:
    """A term as the table writes it: lower case, hyphens as spaces, one space between words."""
    return " ".join(term.lower().replace("-", " ").split())


def one_word_names(entries, logprobs: dict[str, float]) -> dict[str, set[str]]:
    """{rare one-word name: the multi-word terms of the entries [(name, synonyms)] that list it}."""
    out: dict[str, set[str]] = {}
    for name, syns in entries:
        terms = (name, *syns)
        for term in terms:
            word = term.lower()
            if " " in word or not word.replace("-", "").isalpha() or len(word) < 4 or logprobs.get(word, -99.0) >= RARE:
                continue
            out.setdefault(word, set()).update(plain(t) for t in terms if " " in plain(t))
    return out


def main(argv: list[str] | None = None) -> int:
    from audit.terms.parts import word_logprobs
    from audit.terms.synonyms import EXACT_VOCABULARIES, exact_entries

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    names = one_word_names(exact_entries(), word_logprobs())
    sources = ", ".join(f"{p.name} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in EXACT_VOCABULARIES)
    text = (f"# one-word disease names rare in English and the multi-word terms of the entries that list them "
            f"(build_one_word_names.py): {sources}\n# word<TAB>term|term|...\n"
            + "".join(f"{w}\t{'|'.join(sorted(names[w]))}\n" for w in sorted(names)))
    args.out.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{args.out.name}: {len(names)} words; sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
