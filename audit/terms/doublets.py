"""A body part's procedure or lesion named by a noun or its nominalisation of one meaning (issue 19; `noun doublet`,
stop 38).

A site that titles its pages with a controlled vocabulary's headings writes the long noun ("Kidney
Transplantation", "Heart Transplantation", "Pancreas Transplantation": MeSH's headings, MedlinePlus's page titles);
its pages say "a kidney transplant", "a heart transplant". WordNet 3.0 puts such a noun and its suffixed
nominalisation in one synset ("transplant" / "transplantation", "infarct" / "infarction", "ulcer" / "ulceration":
`audit/data/noun-doublets-wordnet.tsv`, `benchmarks/terms/build_doublets.py`).

The table keeps synsets of an act, a process or a state only ("production" / "product" share an artifact's
synset: "insulin production" is no "insulin product"), and one synset is still one sense of several ("movement",
"measurement"). So the name's head is swapped only after a body part or organ — a word WordNet knows as a thing
by every sense (`audit.terms.parts.names_a_thing`: "heart", "kidney") or by its first sense a body part
(`audit.terms.organs.organ_words`: "organ", "skin", "pancreas") — where the procedure or
lesion is the one sense the modifier leaves: "Kidney Transplantation" -> "kidney transplant", "Skin Ulceration" ->
"skin ulcer", and back ("Heart Transplant" -> "heart transplantation"). A plural head stays plural. Such a form
makes no part and is derived no further (`audit.terms.forms`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from audit.terms.heads import pairs_both_ways
from audit.terms.organs import organ_words
from audit.terms.parts import names_a_thing

TABLE = Path(__file__).resolve().parents[1] / "data" / "noun-doublets-wordnet.tsv"
DOUBLET = "noun doublet"


@lru_cache(maxsize=1)
def _partners() -> dict[str, tuple[str, ...]]:
    """{noun: its doublets} both ways, from the shipped table; empty without it."""
    return pairs_both_ways(TABLE)


def noun_doublets(term: str) -> list[tuple[str, str, bool]]:
    """(form, `DOUBLET`, False) for a two-word name "<body part> <noun>" whose noun has a doublet (module
    docstring): "Kidney Transplantation" -> "Kidney transplant"."""
    words = term.split()
    if len(words) != 2 or not all(w.isalpha() for w in words):
        return []
    organ = words[0].casefold()
    if organ not in organ_words() and not names_a_thing((organ,)):
        return []
    head = words[1].casefold()
    partners, plural = _partners().get(head, ()), False
    if not partners and head.endswith("s"):
        partners, plural = _partners().get(head[:-1], ()), True
    case = (lambda w: w.capitalize()) if words[1][:1].isupper() else (lambda w: w)
    return [(f"{words[0]} {case(p + 's' if plural else p)}", DOUBLET, False) for p in partners]
