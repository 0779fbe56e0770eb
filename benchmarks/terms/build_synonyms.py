"""Build the synonym vocabulary `audit glossary suggest` reads (`audit/data/synonyms-medquad.tsv.gz`, shipped).

Source: MedQuAD (abachaa/MedQuAD, pinned below; CC BY 4.0 — Ben Abacha & Demner-Fushman, "A Question-Entailment
Approach to Question Answering", BMC Bioinformatics 2019): the `Focus` of each GARD (rare diseases) and GHR
(Genetics Home Reference) document with its `Synonyms`, which NIH's editors list as the disorder's other names.

Output: gzip'd UTF-8 TSV, sorted, one concept a line: `name<TAB>synonym|synonym|...`, after two `#` header lines
(source with commit, licence). Same input -> byte-identical file (gzip mtime 0).

    .venv/bin/python benchmarks/terms/build_synonyms.py [--mirrors /work/.mirror]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "terms"))

from build import Repo, SOURCES  # noqa: E402

OUT = ROOT / "audit" / "data" / "synonyms-medquad.tsv.gz"
FOLDERS = ("2_GARD_QA", "3_GHR_QA")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    repo = Repo(args.mirrors, "medquad")
    entries: dict[str, dict[str, None]] = {}
    for folder in FOLDERS:
        for path in repo.files(folder):
            if not path.endswith(".xml"):
                continue
            root = ET.fromstring(repo.text(path))
            focus = " ".join((root.findtext("Focus") or "").split())
            if not focus:
                continue
            syns = entries.setdefault(focus, {})
            for s in root.iter("Synonym"):
                text = " ".join((s.text or "").replace("|", "/").replace("\t", " ").split())
                if text and text.casefold() != focus.casefold():
                    syns[text] = None
    lines = [f"# MedQuAD {repo.commit} ({', '.join(FOLDERS)}): Focus -> Synonyms; {SOURCES['medquad']['licence']}\n",
             "# name<TAB>synonym|synonym|...\n"]
    lines += [f"{name}\t{'|'.join(syns)}\n" for name, syns in sorted(entries.items(), key=lambda kv: kv[0].casefold())
              if syns]
    data = "".join(lines).encode("utf-8")
    args.out.write_bytes(gzip.compress(data, mtime=0))
    print(f"{args.out.name}: {len(lines) - 2} concepts with synonyms, {sum(len(s) for s in entries.values())} "
          f"synonyms; {len(args.out.read_bytes())} bytes; sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
