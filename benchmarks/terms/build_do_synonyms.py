"""Build the Disease Ontology synonym table `audit glossary suggest` reads (`audit/data/synonyms-do.tsv.gz`, shipped).

Source: the Human Disease Ontology (DiseaseOntology/HumanDiseaseOntology, pinned below; CC0 1.0 — Schriml et al.,
"The Human Disease Ontology 2022 update", Nucleic Acids Research 50(D1)): every term of the ontology's published
subset files (`src/ontology/subsets/*.obo`: the rare-disease, cancer, infectious-disease, NCI Thesaurus and model-
organism slims, 7,900 of its ~11,000 terms; the full `doid.obo` is too large for the mirror), its name, its EXACT
synonyms (not the RELATED / NARROW / BROAD ones: those name other concepts), its MeSH and OMIM cross-references
and its DOID — so a glossary concept that carries such an id (`id: D014842`, `mesh: D014842`) finds its entry
even when its name is an abbreviation. Obsolete terms are left out.

Output: gzip'd UTF-8 TSV, sorted, one term a line: `name<TAB>synonym|synonym|...<TAB>xref|xref|...`, after two `#`
header lines (source with commit, licence). Same input -> byte-identical file (gzip mtime 0).

    .venv/bin/python benchmarks/terms/build_do_synonyms.py [--mirrors /work/.mirror]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "synonyms-do.tsv.gz"
REPO = "DiseaseOntology/HumanDiseaseOntology"
COMMIT = "9fbefd6651b79526165453395d06c8fd4bfe4247"
LICENCE = "CC0 1.0 Universal (LICENSE)"
FOLDER = "src/ontology/subsets"
XREFS = ("MESH:", "OMIM:", "MIM:")
_SYN = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" EXACT')


def git(git_dir: Path, *args: str) -> bytes:
    """`git --git-dir=GIT_DIR ARGS...`'s output (a bare mirror read with `show`, `ls-tree`)."""
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout


def table_args(doc: str, out: Path, argv: list[str] | None) -> argparse.Namespace:
    """The synonym-table builders' command line: `--mirrors` (the folder of bare mirrors), `--out` (the table)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=out)
    return ap.parse_args(argv)


def parse_obo(text: str, terms: dict[str, dict]) -> None:
    """Add the [Term] stanzas of an OBO file to `terms` ({id: {name, synonyms, xrefs, obsolete}})."""
    for stanza in text.split("\n\n"):
        lines = stanza.strip().splitlines()
        if not lines or lines[0] != "[Term]":
            continue
        tid = next((ln[4:].strip() for ln in lines if ln.startswith("id: ")), "")
        if not tid.startswith("DOID:"):
            continue
        t = terms.setdefault(tid, {"name": "", "synonyms": {}, "xrefs": {}, "obsolete": False})
        for ln in lines[1:]:
            if ln.startswith("name: "):
                t["name"] = " ".join(ln[6:].split())
            elif ln.startswith("is_obsolete: true"):
                t["obsolete"] = True
            elif (m := _SYN.match(ln)):
                syn = " ".join(m.group(1).replace('\\"', '"').replace("|", "/").replace("\t", " ").split())
                if syn:
                    t["synonyms"][syn] = None
            elif ln.startswith("xref: ") and ln[6:].startswith(XREFS):
                x = ln[6:].split()[0].replace("MIM:", "OMIM:").replace("OOMIM:", "OMIM:")
                t["xrefs"][x] = None


def mirror(mirrors: Path, repo: str) -> Path:
    """The bare git mirror of `repo` under `mirrors` (the search tool's `fetch`), or one clear line and exit."""
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    if not git_dir.is_dir():
        raise SystemExit(f"build: no mirror of {repo} at {git_dir} (fetch github:{repo})")
    return git_dir


def write_synonym_table(path: Path, rows: list[tuple[str, list[str], list[str]]], source: str, manifest: dict) -> bytes:
    """The synonym table `audit.terms.synonyms` reads, written byte-stably (sorted rows, gzip mtime 0): two `#`
    header lines (source with commit and licence; the columns), then `name<TAB>synonym|...<TAB>xref|...` a line.
    Prints `manifest` with the written file's sha256 added; returns the bytes written."""
    rows = sorted(rows, key=lambda r: (r[0].casefold(), r[0], r[2]))
    lines = [f"# {source}\n", "# name<TAB>synonym|synonym|...<TAB>xref|xref|...\n"]
    lines += [f"{name}\t{'|'.join(syns)}\t{'|'.join(xrefs)}\n" for name, syns, xrefs in rows]
    out = gzip.compress("".join(lines).encode("utf-8"), mtime=0)
    path.write_bytes(out)
    print(json.dumps({**manifest, "written": {path.name: hashlib.sha256(out).hexdigest()}}, indent=1))
    return out


def main(argv: list[str] | None = None) -> int:
    args = table_args(__doc__, OUT, argv)
    git_dir = mirror(args.mirrors, REPO)
    paths = sorted(p for p in git(git_dir, "ls-tree", "-r", "--name-only", COMMIT, "--", FOLDER).decode().split("\n")
                   if p.endswith(".obo"))
    terms: dict[str, dict] = {}
    read = {}
    for path in paths:
        data = git(git_dir, "show", f"{COMMIT}:{path}")
        read[path] = hashlib.sha256(data).hexdigest()
        parse_obo(data.decode("utf-8"), terms)
    rows = []
    for tid, t in terms.items():
        if t["obsolete"] or not t["name"]:
            continue
        syns = [s for s in t["synonyms"] if s.casefold() != t["name"].casefold()]
        if syns or t["xrefs"]:
            rows.append((t["name"], syns, sorted(t["xrefs"]) + [tid]))
    out = write_synonym_table(args.out, rows, f"Human Disease Ontology {REPO}@{COMMIT} ({FOLDER}/*.obo): name, EXACT "
                              f"synonyms, xrefs; {LICENCE}", {"repository": REPO, "commit": COMMIT, "licence": LICENCE,
                                                              "read": read})
    print(f"{args.out.name}: {len(rows)} terms, {sum(len(r[1]) for r in rows)} synonyms, "
          f"{sum(1 for r in rows if any(x.startswith('MESH:') for x in r[2]))} with a MeSH id; {len(out)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
