"""Mention recall on real vocabulary (issue 19, #19d): adjective <-> noun derivations from WordNet, the Mondo-linked
synonyms `audit glossary suggest` proposes by MeSH / OMIM id, and proposals that would give a concept another
concept's form left out."""
from __future__ import annotations

from audit.terms.derivation import derivations
from audit.terms.forms import derived_forms
from audit.terms.glossary_file import parse_glossary
from audit.terms.synonyms import SHIPPED_VOCABULARIES, load_vocabulary, suggest
from tests.test_term_forms import _page  # one helper: every match on a one-block-per-paragraph page


def test_derivations_of_the_same_stem_only():
    assert ("C9-deficient", "derivation", False) in derivations("C9 deficiency")
    assert ("chromosome abnormalities", "derivation", False) in derivations("chromosomal abnormalities")
    assert ("muscular weakness", "derivation", False) in derivations("muscle weakness")
    assert ("hematological malignancy", "derivation", False) in derivations("hematologic malignancy")
    # WordNet relates "renal" to "kidney" and "adrenal" to "kidney": another stem is not a derivation
    assert derivations("renal failure") == []
    assert all("antitumor" not in f for f, _, _ in derived_forms("Brain Tumors"))
    # a derivation of the name's own words only, never of a form derived from it
    assert not [f for f, why, _ in derived_forms("Affordable coverage (as it relates to APTC)") if "derivation" in why]


def test_derived_adjective_matches_with_its_reason():
    glossary = ("concepts:\n  - {name: C9 deficiency, category: d}\n"
                "  - {name: chromosomal abnormalities, category: d}\n")
    found = _page("Two C9-deficient patients had chromosome abnormalities.", glossary)
    assert found == [("C9 deficiency", "C9-deficient", False, "derivation"),
                     ("chromosomal abnormalities", "chromosome abnormalities", False, "derivation")]


def test_mondo_synonyms_by_mesh_id_with_licence():
    vocabulary = load_vocabulary()
    assert len(SHIPPED_VOCABULARIES) == 4 and "Mondo" in vocabulary.source
    mondo = load_vocabulary(SHIPPED_VOCABULARIES[2])
    assert "CC BY 4.0" in mondo.source and len(mondo.entries) > 13000
    assert sum(1 for x in mondo.xrefs if any(i.startswith("MESH:") for i in x)) > 7900
    glossary = parse_glossary("concepts:\n  - {name: BN, category: d, case_sensitive: true, id: D001943}\n")
    found = {s["name"]: [v.casefold() for v in s["suggested_variants"] if isinstance(v, str)]
             for s in suggest(glossary, vocabulary)}
    assert {"breast tumor", "breast neoplasm", "neoplasm of the breast"} <= set(found["BN"])  # by the MeSH id


def test_a_proposal_deriving_another_concepts_form_is_left_out():
    vocabulary = load_vocabulary()
    glossary = parse_glossary("concepts:\n  - {name: Denys-Drash syndrome, category: d, id: D030321}\n"
                              "  - {name: Wilms tumor, category: d, id: D009396}\n"
                              "  - {name: Alzheimer disease, category: d, id: D000544}\n")
    found = {s["name"]: s["suggested_variants"] for s in suggest(glossary, vocabulary)}
    assert "Drash syndrome" in found["Denys-Drash syndrome"]
    # "Wilms tumor and pseudohermaphroditism" would also give Denys-Drash syndrome the form "Wilms tumor"
    assert "Wilms tumor and pseudohermaphroditism" not in found["Denys-Drash syndrome"]
    # "Early-onset, autosomal dominant Alzheimer disease" would give the lone qualifier "early-onset"
    assert "Early-onset, autosomal dominant Alzheimer disease" not in found["Alzheimer disease"]
    assert "Alzheimer dementia" in found["Alzheimer disease"]
    assert "Familial Alzheimer disease" not in found["Alzheimer disease"]  # a subtype: the name matches inside it
