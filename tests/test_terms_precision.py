"""Term coverage, stop 16 (issue 19): the synonyms `audit glossary suggest` leaves out because they match more than
the concept, the parts a "deficiency" never loses, and a type designator written before the name."""
from __future__ import annotations

from audit.terms.glossary_file import parse_glossary
from audit.terms.synonyms import load_vocabulary, suggest

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them


def _suggested(glossary_text: str) -> dict[str, list[str]]:
    found = suggest(parse_glossary(glossary_text), load_vocabulary())
    return {s["name"]: [v["term"] if isinstance(v, dict) else v for v in s["suggested_variants"]] for s in found}


def test_suggest_leaves_out_synonyms_that_match_more_than_the_concept():
    found = _suggested("concepts:\n"
                       "  - {name: ataxia telangiectasia, category: d, id: D001260}\n"
                       "  - {name: G6PD deficiency, category: d, id: D005955}\n"
                       "  - {name: diabetes mellitus, category: d, id: D003920}\n"
                       "  - {name: familial pancreatic carcinoma, category: d, id: OMIM:260350}\n"
                       "  - {name: disease, category: d, id: D004194}\n"
                       "  - {name: renal cell carcinoma, category: d, id: D002292}\n")
    at = found["ataxia telangiectasia"]
    assert "A-T" in at and "louis-bar syndrome" in {v.casefold() for v in at}  # kept: a marked abbreviation, another name
    assert "ATM" not in at  # the gene: no name of the entry has an M but in "syndrome"
    g6pd = found["G6PD deficiency"]
    assert "G6PD" not in g6pd  # the enzyme, not its deficiency
    assert any("glucose" in v.casefold() for v in g6pd)  # its long form stays
    assert "DM" not in found.get("diabetes mellitus", [])  # two letters: myotonic dystrophy too
    assert not {"pancreatic carcinoma", "pancreatic cancer"} & {v.casefold() for v in
                                                                found.get("familial pancreatic carcinoma", [])}
    assert not {"disorder", "condition", "conditions"} & {v.casefold() for v in found.get("disease", [])}
    rcc = [v.casefold() for v in found["renal cell carcinoma"]]
    assert "clear cell carcinoma of kidney" in rcc  # another name of a kind of it, in other words
    assert not [v for v in rcc if "renal cell carcinoma" in v]  # subtypes ("sporadic papillary ..."): the name matches


def test_a_deficiency_is_never_named_by_what_is_lacking():
    glossary = ("concepts:\n  - {name: VLCAD deficiency, category: d}\n"
                "  - {name: complement component 9 deficiency, category: d}\n  - {name: SUNCT Headache, category: d}\n")
    assert _page("VLCAD activity and complement components were measured.", glossary) == []
    found = _page("Two VLCAD-deficient patients had C9 deficiency. SUNCT is rare.", glossary)
    assert [(c, t, p) for c, t, p, _ in found] == [("VLCAD deficiency", "VLCAD-deficient", False),
                                                  ("complement component 9 deficiency", "C9 deficiency", False),
                                                  ("SUNCT Headache", "SUNCT", True)]


def test_a_type_designator_before_the_name_and_in_other_numerals():
    glossary = ("concepts:\n  - {name: von Willebrand disease 2, category: d}\n"
                "  - {name: atelosteogenesis type II, category: d}\n  - {name: Vitamin D, category: d}\n")
    found = _page("Two patients with type IID von Willebrand disease. Atelosteogenesis type 2 is rare.\n\n"
                  "Type 2 von Willebrand disease. Type D vitamin.", glossary)
    assert [(c, t, how) for c, t, _, how in found] == [
        ("von Willebrand disease 2", "type IID von Willebrand disease", "subtype"),
        ("atelosteogenesis type II", "Atelosteogenesis type 2", "type word"),
        ("von Willebrand disease 2", "Type 2 von Willebrand disease", "type word")]


def test_a_definition_inside_a_concepts_name_counts_on_its_page():
    glossary = ("concepts:\n  - {name: Ornithine transcarbamylase deficiency, category: d}\n"
                "  - {name: G6PD deficiency, category: d}\n")
    found = _page("Ornithine transcarbamylase (OTC) deficiency is rare. OTC deficiency is X-linked.\n\n"
                  "Red-cell glucose-6-phosphate dehydrogenase (G6PD) deficiency. Glucose-6-phosphate dehydrogenase "
                  "deficiency is common.", glossary)
    assert [(c, t, how) for c, t, _, how in found] == [
        ("Ornithine transcarbamylase deficiency", "Ornithine transcarbamylase (OTC) deficiency",
         "definition inside the name"),
        ("Ornithine transcarbamylase deficiency", "OTC deficiency", "abbreviation defined on the page"),
        ("G6PD deficiency", "glucose-6-phosphate dehydrogenase (G6PD) deficiency", "definition inside the name"),
        ("G6PD deficiency", "Glucose-6-phosphate dehydrogenase deficiency", "expansion defined on the page")]
    # without the definition on the page, neither: "OTC" is also a drug sold over the counter
    assert _page("OTC deficiency. Glucose-6-phosphate dehydrogenase deficiency.", glossary) == []


def test_a_titles_first_capital_is_no_eponym_for_a_code():
    from audit.terms.derivation import code_forms

    assert code_forms("Glucose-6-phosphate dehydrogenase deficiency") == [("G6PD deficiency", "code", False)]
    assert code_forms("Gilles de la Tourette syndrome") == []  # (capitals and lower case after the first word)
