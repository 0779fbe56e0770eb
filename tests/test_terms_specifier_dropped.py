"""A trailing specifier the open vocabularies drop after a word ("diabetes" / "diabetes mellitus", "thyroid" /
"thyroid gland"), left out of a glossary name as a full form (`audit.terms.heads.dropped_word`): issue 19, stop 39."""
from __future__ import annotations

from audit.nlp import load_nlp
from audit.terms.forms import derived_forms
from audit.terms.glossary_check import overlaps
from audit.terms.glossary_file import parse_glossary
from audit.terms.heads import DROP_REASON, MIN_DROP_SUPPORT, MIN_SUPPORT, TABLE, dropped_word, dropped_words
from tests.test_term_forms import _page


def _support() -> dict[tuple[str, str], int]:
    return {tuple(line.split("\t")[:2]): int(line.split("\t")[2])
            for line in TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}


def test_the_pairs_come_from_the_shipped_head_table_below_the_swap_threshold():
    drops = dropped_words()
    assert drops["diabetes"] == {"mellitus"} and drops["thyroid"] == {"gland"} and drops["pituitary"] == {"gland"}
    support = _support()
    assert MIN_DROP_SUPPORT <= support[("diabetes", "diabetes mellitus")] < MIN_SUPPORT
    # a generic head or a qualifier the vocabularies drop is no specifier ("cancer syndrome" is no "cancer")
    assert support[("cancer", "cancer syndrome")] >= MIN_DROP_SUPPORT and "syndrome" not in drops.get("cancer", ())
    assert support[("neoplasm", "neoplasm malignant")] >= MIN_DROP_SUPPORT and "neoplasm" not in drops
    assert "deficiency" not in drops
    assert "insipidus" not in drops.get("diabetes", ()) and "angina" not in drops  # (no pair, or under 5 names)


def test_the_specifier_is_dropped_wherever_the_pair_stands_in_a_name_of_one_thing():
    forms = {f.casefold(): why for f, why, _ in derived_forms("type 2 diabetes mellitus")}
    assert forms["type 2 diabetes"] == DROP_REASON and forms["type ii diabetes"] == f"{DROP_REASON} + type word"
    assert [f for f, _, _ in dropped_word("Thyroid gland disorder")] == ["Thyroid disorder"]
    assert dropped_word("diabetes mellitus") == [("diabetes", DROP_REASON, False)]
    assert dropped_word("diabetes insipidus") == dropped_word("angina pectoris") == []
    # a name that lists several things: its side "diabetes mellitus" is one feature, not the syndrome
    name = "Muscular atrophy ataxia retinitis pigmentosa and diabetes mellitus"
    assert dropped_word(name) == [] and "diabetes" not in {f.casefold() for f, _, _ in derived_forms(name)}
    assert dropped_word("Renal tubulopathy, diabetes mellitus, and cerebellar ataxia") == []


def test_a_page_that_says_diabetes_names_diabetes_mellitus_not_diabetes_insipidus():
    glossary = ("concepts:\n  - {name: diabetes mellitus, category: d}\n  - {name: diabetes insipidus, category: d}\n"
                "  - {name: type 2 diabetes mellitus, category: d}\n")
    # (BC5CDR pmid10539815, BioRED pmid17395743: the annotators give both the ids the glossary names)
    found = _page("History of hypertension, diabetes, and use of antiplatelet therapy. Nephrogenic diabetes "
                  "insipidus is rare. PVT1 may contribute to ESRD susceptibility in type 2 diabetes.", glossary)
    assert found == [("diabetes mellitus", "diabetes", False, DROP_REASON),
                     ("diabetes insipidus", "diabetes insipidus", False, "name"),
                     ("type 2 diabetes mellitus", "type 2 diabetes", False, DROP_REASON)]


def test_glossary_check_reads_a_name_and_its_dropped_specifier_as_one_thing():
    """The vocabularies list the two as exact synonyms: two concepts "diabetes" and "diabetes mellitus" split one
    thing's mentions, so `audit glossary check` warns; *diabetes insipidus* is no pair."""
    glossary = parse_glossary("concepts:\n  - {name: diabetes mellitus, category: d}\n"
                              "  - {name: diabetes, category: d}\n  - {name: diabetes insipidus, category: d}\n")
    assert [(o.concept, o.other, o.form, o.reason) for o in overlaps(glossary, load_nlp(""))] == [
        ("diabetes mellitus", "diabetes", "diabetes", DROP_REASON)]
