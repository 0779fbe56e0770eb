"""Issue 19, stop 22: our own errors on the BC5CDR development sets — a plural spaCy's lemma table does not fold
("torsades de pointes" written "torsade de pointes"), a possessive after a final "s" ("Graves' disease"), and a
part's possessive ("Fanconi's syndrome" of *Fanconi renotubular syndrome*). Sentences from the sets' PubMed
abstracts (public domain)."""
from __future__ import annotations

from audit.terms.forms import derived_forms

from .test_term_forms import _page as page_matches


def _page(text: str, names: list[str]) -> list[tuple[str, str, bool, str]]:
    """(concept, text, partial, how) of every match, the glossary being one concept per name."""
    return page_matches(text, "concepts:\n" + "".join(f"  - {{name: \"{n}\", category: c}}\n" for n in names))


def test_a_plural_the_lemma_table_does_not_fold_is_also_written_singular():
    forms = {f: why for f, why, _ in derived_forms("torsades de pointes")}
    assert forms["torsade de pointes"] == "singular"
    assert {f: why for f, why, _ in derived_forms("hypothalamic hamartomas")}["hypothalamic hamartoma"] == "singular"
    # Latin and Greek singulars and common words keep their "s": nothing else is derived from them
    for name in ("tetanus", "pertussis", "exophthalmos", "acanthosis nigricans", "dental caries", "scabies",
                 "measles"):
        assert not any(why == "singular" for _f, why, _ in derived_forms(name)), name
    found = _page("OBJECTIVE: To present a case of fluconazole-associated torsade de pointes (TDP) and discuss "
                  "fluconazole's role in causing TDP.", ["torsades de pointes"])
    assert found[0] == ("torsades de pointes", "torsade de pointes", False, "singular")


def test_a_possessive_after_a_final_s_is_an_apostrophe():
    text = "We report a girl with Turner syndrome and Graves' disease who presented with palpable purpuric lesions."
    assert ("Graves disease", "Graves' disease", False, "name") in _page(text, ["Graves disease", "Turner syndrome"])
    # and a name written with it stands for the words without it
    assert _page("Graves disease and Graves' disease", ["Graves' disease"]) == [
        ("Graves' disease", "Graves disease", False, "name"), ("Graves' disease", "Graves' disease", False, "name")]
    assert _page("the patients' disease", ["patients disease"]) == []  # a lower-case word: no possessive added


def test_a_part_that_starts_with_an_eponym_keeps_its_possessive():
    text = ("Two subsets of patients were identified from this latter group: the first included four patients (5% "
            "of the total population) who developed major toxicity resulting in Fanconi's syndrome (TDFS).")
    assert _page(text, ["Fanconi renotubular syndrome"]) == [
        ("Fanconi renotubular syndrome", "Fanconi's syndrome", True, "partial: fanconi 's syndrome")]


def test_an_eponym_before_any_noun_or_after_a_hyphen_keeps_its_possessive():
    assert ("Prinzmetal's angina", "possessive", False) in derived_forms("Prinzmetal angina")
    assert ("non-Hodgkin's lymphoma", "possessive", False) in derived_forms("non-Hodgkin lymphoma")
    assert not any(why == "possessive" for _f, why, _ in derived_forms("Brain Tumors"))  # "Brain": a common word


def test_a_name_less_its_generic_head_that_a_vocabulary_gives_alone_is_a_part():
    text = ("Cisplatin-induced hearing loss was assessed by audiometry.\n\n"
            "Bone marrow was examined in every patient.")
    found = _page(text, ["hearing loss disorder", "bone marrow disorder"])
    assert found == [("hearing loss disorder", "hearing loss", True, "partial: hearing loss")]
