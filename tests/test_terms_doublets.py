"""Term coverage, stop 38 (issue 19): a body part's procedure named by a noun or its nominalisation of one synset
(`noun doublet`, `audit.terms.doublets`), from the shipped table `audit/data/noun-doublets-wordnet.tsv` (WordNet
3.0), on MedlinePlus's own words (MedQuAD `abachaa/MedQuAD@577bd37b`, CC BY 4.0: the page *Kidney Transplantation*
opens "A kidney transplant is an operation that places a healthy kidney in your body")."""
from __future__ import annotations

from pathlib import Path

from audit.terms.doublets import noun_doublets
from audit.terms.forms import derived_forms

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("A kidney transplant is an operation that places a healthy kidney in your body. The transplanted kidney "
        "takes over the work of the two kidneys that failed, so you no longer need dialysis.")


def test_the_doublet_table_holds_acts_processes_and_states_only():
    rows = {tuple(line.split("\t")) for line in (ROOT / "audit" / "data" / "noun-doublets-wordnet.tsv").read_text(
        encoding="utf-8").splitlines() if not line.startswith("#")}
    assert {("transplant", "transplantation"), ("infarct", "infarction"), ("ulcer", "ulceration")} <= rows
    assert not rows & {("product", "production"), ("project", "projection"), ("champ", "champion")}


def test_a_body_parts_procedure_is_written_with_either_noun():
    assert noun_doublets("Kidney Transplantation") == [("Kidney Transplant", "noun doublet", False)]
    assert noun_doublets("Skin Ulcerations") == [("Skin Ulcers", "noun doublet", False)]
    assert noun_doublets("Organ Transplant") == [("Organ Transplantation", "noun doublet", False)]
    assert noun_doublets("Insulin Production") == [] and noun_doublets("Transplantation") == []
    assert ("Kidney Transplant", "noun doublet", False) in derived_forms("Kidney Transplantation")


def test_the_page_names_its_title_by_the_short_noun():
    found = _page(PAGE, "concepts:\n  - {name: Kidney Transplantation, category: t}\n"
                        "  - {name: Dialysis, category: t}\n")
    assert ("Kidney Transplantation", "kidney transplant", False, "noun doublet") in found
