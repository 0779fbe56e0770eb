"""`audit glossary suggest`: variants for a glossary's concepts from a real vocabulary — proposed, never applied.

The shipped vocabulary (`audit/data/synonyms-medquad.tsv.gz`, 132 kB, offline) holds the other names NIH's editors
list for 3,386 disorders in GARD and Genetics Home Reference, taken from MedQuAD (CC BY 4.0; built by
`benchmarks/terms/build_synonyms.py` from a pinned commit). Another vocabulary in the same format (gzip'd or plain
TSV: `name<TAB>synonym|synonym|…`, `#` lines ignored) can be given with `--vocabulary FILE`.

A concept matches a vocabulary entry when one of its forms (abbreviations such as "PD" aside: ambiguous), or a form
derived from them (`audit.forms`), folds
(case, apostrophes, plurals, hyphens: `audit.glossary.token_key`) to the entry's name or one of its synonyms; the
suggestions are the entry's other names that the concept does not have yet and that no other concept of the
glossary already matches. The output is YAML for a person to read and copy from: the glossary is never changed.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import yaml

SHIPPED_VOCABULARY = Path(__file__).resolve().parent / "data" / "synonyms-medquad.tsv.gz"


@dataclass(frozen=True)
class Vocabulary:
    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (name, synonyms)
    source: str


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    path = Path(path) if path else SHIPPED_VOCABULARY
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8-sig")
    entries, source = [], ""
    for line in text.splitlines():
        if line.startswith("#"):
            source = source or line.lstrip("# ").strip()
            continue
        name, _, syns = line.partition("\t")
        name = " ".join(name.split())
        if name:
            entries.append((name, tuple(s for s in (" ".join(x.split()) for x in syns.split("|")) if s)))
    return Vocabulary(tuple(entries), source or path.name)


def _abbreviation(term: str) -> bool:
    """A short all-capital term ("PD", "MS", "BEB"): ambiguous across vocabularies, never used to match."""
    letters = [ch for ch in term if ch.isalpha()]
    return len(letters) <= 6 and sum(ch.isupper() for ch in letters) >= max(2, len(letters) - 1)


def _key(text: str, nlp) -> tuple[str, ...]:
    from .glossary import token_key

    return tuple(k for k in (token_key(t.text) for t in nlp.make_doc(text.replace("-", " "))) if k != "_sp_")


def suggest(glossary, vocabulary: Vocabulary) -> list[dict]:
    """Per concept with suggestions: {name, matched (the vocabulary name it matched), suggested_variants}."""
    from .forms import derived_forms
    from .nlp import load_nlp

    nlp = load_nlp("")
    index: dict[tuple[str, ...], list[int]] = {}
    for ei, (name, syns) in enumerate(vocabulary.entries):
        for term in (name,) + syns:
            if not _abbreviation(term):  # ("PD": Parkinson disease or prolidase deficiency?)
                index.setdefault(_key(term, nlp), []).append(ei)
    owned: dict[tuple[str, ...], str] = {}  # every key a glossary concept already has -> the concept
    for c in glossary.concepts:
        for f in c.forms:
            owned.setdefault(_key(f.term, nlp), c.name)
    out = []
    for c in glossary.concepts:
        terms = [f.term for f in c.forms if not f.case_sensitive and not _abbreviation(f.term)]
        terms += [t for t in terms for t, _why, exact in derived_forms(t) if not exact]
        hits: list[int] = []
        for term in terms:
            for ei in index.get(_key(term, nlp), ()):
                if ei not in hits:
                    hits.append(ei)
        proposals: dict[str, None] = {}
        for ei in hits:
            name, syns = vocabulary.entries[ei]
            for s in (name,) + syns:
                if _key(s, nlp) not in owned and s.casefold() not in (p.casefold() for p in proposals):
                    proposals[s] = None
        if proposals:
            out.append({"name": c.name, "matched": [vocabulary.entries[ei][0] for ei in hits],
                        "suggested_variants": list(proposals)})
    return out


def to_yaml(suggestions: list[dict], vocabulary: Vocabulary, glossary_name: str) -> str:
    head = (f"# Variants suggested for {glossary_name} from {vocabulary.source}.\n"
            "# Nothing here is applied: copy to a concept's `variants:` the names that mean it on your site.\n")
    if not suggestions:
        return head + "suggestions: []\n"
    return head + yaml.safe_dump({"suggestions": suggestions}, sort_keys=False, allow_unicode=True, width=100)
