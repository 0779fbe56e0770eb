"""Build the Mondo-linked synonym table `audit glossary suggest` reads (`audit/data/synonyms-mondo.tsv.gz`, shipped).

Source: the Mondo Disease Ontology repository (monarch-initiative/mondo, pinned below; CC BY 4.0 — Vasilevsky et
al., "Mondo: Unifying diseases for the world, by the world", medRxiv 2022). Mondo's full `mondo-edit.obo` is too
large for the mirror, so the table is assembled from what the repository keeps in git:

- Mondo's curated exact mappings (`src/ontology/mappings/mondo_exactmatch_{mesh,omim,doid,ncit,orphanet}.sssom.tsv`):
  each Mondo disease, its label (Mondo's, CC BY 4.0) and the MeSH, OMIM, DOID, NCIt and Orphanet ids that mean
  exactly the same disease (`skos:exactMatch`, manually curated);
- the source ontologies Mondo was built from, as copied into the repository (`src/ontology/sources/*.json.gz`,
  OBO Graphs): the Human Disease Ontology 2018-07-05 (CC0 1.0), the NCI Thesaurus disease branch 2018-06-08
  (CC BY 4.0) and Orphanet's ORDO 2.6 (CC BY 4.0) — each term's label and EXACT synonyms (not related / broad /
  narrow ones, which name other concepts).

Every Mondo disease with a MeSH or OMIM id gets one row: its Mondo label, the pooled labels and exact synonyms of
its exactly-matched DOID / NCIt / Orphanet terms, and its ids (MeSH, OMIM, MONDO, DOID) — so a glossary concept
that carries a MeSH or OMIM id finds its entry whatever its name. OMIM's own names are never copied (OMIM's licence
does not allow it): an OMIM id is only a cross-reference. Terms whose label or synonym is marked obsolete are left
out.

Output: gzip'd UTF-8 TSV, sorted, one disease a line: `name<TAB>synonym|synonym|...<TAB>xref|xref|...`, after two
`#` header lines (source with commit, licence). Same input -> byte-identical file (gzip mtime 0).

    .venv/bin/python benchmarks/terms/build_mondo_synonyms.py [--mirrors /work/.mirror]
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_do_synonyms import git, mirror, table_args, write_synonym_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "synonyms-mondo.tsv.gz"
REPO = "monarch-initiative/mondo"
COMMIT = "fad2512b4845f483fc1268cdf0bf7a8ef43697cb"
LICENCE = ("CC BY 4.0 (Mondo, LICENSE; NCI Thesaurus; Orphanet ORDO), CC0 1.0 (Human Disease Ontology) — "
           "attribution: Mondo Disease Ontology, monarch-initiative/mondo")
MAPPINGS = {"MESH": "mesh", "OMIM": "omim", "DOID": "doid", "NCIT": "ncit", "ORPHANET": "orphanet"}
SOURCES = {"DOID": "doid-2018-07-05", "NCIT": "ncit-disease-2018-06-08", "ORPHANET": "ordo-2_6-2018-07-12"}
_OBSOLETE = re.compile(r"\bobsolete\b|\bdeprecated\b", re.I)


def _clean(text: str) -> str:
    return " ".join(text.replace("|", "/").replace("\t", " ").split())


def _curie(iri: str) -> str:
    """'http://purl.obolibrary.org/obo/DOID_8718' -> 'DOID:8718'; Orphanet's IRI -> 'ORPHANET:124'."""
    tail = iri.rsplit("/", 1)[-1]
    if tail.startswith("Orphanet_"):
        return "ORPHANET:" + tail[9:]
    prefix, _, local = tail.partition("_")
    return f"{prefix.upper()}:{local}"


def read_graph(data: bytes) -> dict[str, tuple[str, list[str]]]:
    """OBO Graphs JSON -> {CURIE: (label, [exact synonyms])}; deprecated terms left out."""
    out = {}
    for node in json.loads(gzip.decompress(data))["graphs"][0]["nodes"]:
        meta = node.get("meta") or {}
        label = _clean(node.get("lbl") or "")
        if node.get("type") != "CLASS" or meta.get("deprecated") or not label or _OBSOLETE.search(label):
            continue
        syns = [_clean(s["val"]) for s in meta.get("synonyms") or () if s.get("pred") == "hasExactSynonym"]
        out[_curie(node["id"])] = (label, [s for s in syns if s and not _OBSOLETE.search(s)])
    return out


def read_mapping(text: str) -> list[tuple[str, str, str]]:
    """SSSOM TSV -> [(MONDO id, Mondo label, object CURIE)] of its exact matches."""
    rows, header = [], None
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        r = dict(zip(header, cells))
        if r.get("predicate_id") == "skos:exactMatch" and r.get("subject_id", "").startswith("MONDO:"):
            prefix, _, local = r["object_id"].partition(":")
            rows.append((r["subject_id"], _clean(r.get("subject_label", "")), f"{prefix.upper()}:{local}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = table_args(__doc__, OUT, argv)
    git_dir = mirror(args.mirrors, REPO)
    read: dict[str, str] = {}

    def show(path: str) -> bytes:
        data = git(git_dir, "show", f"{COMMIT}:{path}")
        read[path] = hashlib.sha256(data).hexdigest()
        return data

    label: dict[str, str] = {}
    xrefs: dict[str, dict[str, None]] = {}
    for prefix, name in MAPPINGS.items():
        path = f"src/ontology/mappings/mondo_exactmatch_{name}.sssom.tsv"
        for mondo, mlabel, obj in read_mapping(show(path).decode("utf-8")):
            if obj.split(":")[0] != prefix:
                continue
            label.setdefault(mondo, mlabel)
            xrefs.setdefault(mondo, {})[obj] = None
    terms: dict[str, tuple[str, list[str]]] = {}
    for prefix, stem in SOURCES.items():
        terms.update(read_graph(show(f"src/ontology/sources/{stem}.json.gz")))
    rows = []
    for mondo, ids in xrefs.items():
        if not any(x.startswith(("MESH:", "OMIM:")) for x in ids) or not label.get(mondo) \
                or _OBSOLETE.search(label[mondo]):
            continue
        names: dict[str, str] = {}  # casefolded -> first spelling
        for x in ids:
            if x.split(":")[0] in SOURCES and x in terms:
                lbl, syns = terms[x]
                for s in [lbl] + syns:
                    names.setdefault(s.casefold(), s)
        names.pop(label[mondo].casefold(), None)
        kept = sorted(x for x in ids if x.startswith(("MESH:", "OMIM:", "DOID:")))
        rows.append((label[mondo], sorted(names.values(), key=lambda s: (s.casefold(), s)), kept + [mondo]))
    out = write_synonym_table(args.out, rows, f"Mondo {REPO}@{COMMIT} (exact mappings + DO / NCIt / ORDO exact "
                              f"synonyms); {LICENCE}", {"repository": REPO, "commit": COMMIT, "licence": LICENCE,
                                                        "read": read})
    print(f"{args.out.name}: {len(rows)} diseases, {sum(len(r[1]) for r in rows)} synonyms, "
          f"{sum(1 for r in rows if any(x.startswith('MESH:') for x in r[2]))} with a MeSH id, "
          f"{sum(1 for r in rows if any(x.startswith('OMIM:') for x in r[2]))} with an OMIM id; {len(out)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
