"""Build `audit/data/word-logprob-en.tsv.gz` (shipped): the English words `audit.terms.forms` needs to tell common from
rare — every lower-case word of spaCy's `lexeme_prob` table (package spacy-lookups-data 1.0.5, MIT licence) with a
log-probability of at least -15, and that log-probability (2 decimals). Loading spaCy's whole table (1 M entries,
7 MB gzip'd JSON) takes 10-30 s per process; this subset (the only words whose probability `audit.terms.forms` compares:
its thresholds are -13, -14 and -15; a word not listed is rarer) loads in a fraction of a second.

    .venv/bin/python benchmarks/terms/build_word_probs.py
"""
from __future__ import annotations

import gzip
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import spacy_lookups_data

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "word-logprob-en.tsv.gz"
FLOOR = -15.0


def main() -> int:
    src = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    probs = json.loads(gzip.decompress(src.read_bytes()))
    rows = sorted((w, p) for w, p in probs.items()
                  if p >= FLOOR and w == w.lower() and w.replace("-", "").replace("'", "").isalpha())
    head = (f"# spacy-lookups-data {version('spacy-lookups-data')} en_lexeme_prob (MIT licence), words with "
            f"log-probability >= {FLOOR}; sha256 of the source {hashlib.sha256(src.read_bytes()).hexdigest()}\n")
    data = head + "".join(f"{w}\t{p:.2f}\n" for w, p in rows)
    OUT.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
    print(f"{OUT.name}: {len(rows)} words, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
