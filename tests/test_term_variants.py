"""Term variants read in the text (issue 19, second round): insertion and predicative variants (FASTR-style),
abbreviations defined on the page (Schwartz & Hearst), coordination spellings, eponym possessives, interchangeable
generic heads, weak parts that need the page to name their concept, and Disease Ontology synonyms found by id."""
from __future__ import annotations

from audit.terms.discovery import Tokens
from audit.terms.forms import derived_forms
from audit.terms.parts import partial_parts
from audit.terms.glossary import CompiledGlossary
from audit.terms.glossary_file import parse_glossary
from audit.nlp import load_nlp
from audit.terms.page_mentions import definitions, resolve_page
from audit.terms.synonyms import SHIPPED_VOCABULARIES, concept_ids, load_vocabulary, suggest


def _page(text: str, glossary_text: str) -> list[tuple[str, str, bool, str]]:
    """(concept, text, partial, how) of every match on a one-block-per-paragraph page, as `audit run` counts them."""
    nlp = load_nlp("")
    glossary = parse_glossary(glossary_text)
    cg = CompiledGlossary(glossary, nlp)
    docs = [nlp.make_doc(p) for p in text.split("\n\n")]
    tokens = [Tokens(d) for d in docs]
    found = resolve_page(cg, [cg.match(d, tokens=t, partial=True) for d, t in zip(docs, tokens)], tokens)
    return [(glossary.concepts[m.concept].name, d[m.start:m.end].text, m.partial, m.how)
            for d, ms in zip(docs, found) for m in ms]


HEALTH = ("concepts:\n  - {name: Pre-Existing Condition, category: g}\n  - {name: Lifetime Limit, category: g}\n"
          "  - {name: Affordable coverage (as it relates to APTC), category: g}\n  - {name: Coverage, category: g}\n"
          "  - {name: Employer Shared Responsibility Payment, category: g}\n")


def test_a_modifier_inserted_in_a_name_is_the_concept():
    found = _page("Plans cover pre-existing medical conditions. Lifetime dollar limits are banned.", HEALTH)
    assert ("Pre-Existing Condition", "pre-existing medical conditions", False, "modifier inserted") in found
    assert ("Lifetime Limit", "Lifetime dollar limits", False, "modifier inserted") in found
    # a stop word or a second word is no insertion
    assert _page("Lifetime of limits. Lifetime high dollar limits.", HEALTH) == []


def test_an_adjective_said_of_its_head_is_the_concept():
    found = _page("As long as the coverage you offer is considered \"affordable\", employees stay.", HEALTH)
    assert ("Affordable coverage (as it relates to APTC)", "affordable", False, "predicative") in found
    assert ("Coverage", "coverage", False, "name") in found
    # not across a sentence, not without a copula
    assert [f for f in _page("We offer coverage. It is affordable.", HEALTH) if f[0].startswith("Affordable")] == []
    assert [f for f in _page("Coverage is something affordable.", HEALTH) if f[0].startswith("Affordable")] == []


def test_a_weak_part_counts_only_where_the_page_names_its_concept():
    assert partial_parts(("employer", "shared", "responsibility", "payment"), weak=True) >= {
        ("employer", "shared", "responsibility")}
    assert partial_parts(("employer", "shared", "responsibility", "payment")) == set()  # "employer" is common
    alone = "You are not subject to the Employer Shared Responsibility parts of the law."
    assert _page(alone, HEALTH) == []
    found = _page(alone + "\n\nYou may have to make an Employer Shared Responsibility Payment.", HEALTH)
    assert found == [("Employer Shared Responsibility Payment", "Employer Shared Responsibility", True,
                      "partial: employer shared responsibility"),
                     ("Employer Shared Responsibility Payment", "Employer Shared Responsibility Payment", False, "name")]


PYPUG = ("concepts:\n  - {name: Python Package Index (PyPI), category: term}\n"
         "  - {name: Python Packaging Authority (PyPA), category: term}\n  - {name: Package Index, category: term}\n")


def test_a_weak_part_that_drops_the_head_of_an_abbreviated_name_is_no_part():
    """(stop 33) The Python Packaging User Guide (`pypug-glossary`, its flow page and installing tutorial): "Python
    packages" is the packages, not *Python Package Index (PyPI)*, though the page names the index in full; a name
    written with its own abbreviation is a proper name, shortened to the abbreviation."""
    from audit.terms.parts import abbreviated, drops_head

    assert abbreviated(("python", "package", "index", "(", "pypi", ")"))
    assert abbreviated(("exclusive", "provider", "organization", "(", "epo", ")", "plan"))
    assert not abbreviated(("high", "risk", "pool", "plan", "(", "state", ")"))  # (no initials: a qualifier)
    assert drops_head(("python", "package"), ("python", "package", "index"))
    assert not drops_head(("catastrophic", "plan"), ("catastrophic", "health", "plan"))
    assert drops_head(("employer", "shared", "responsibility"), ("employer", "shared", "responsibility", "payment"))
    full = ("The document aims to outline the flow involved in publishing/distributing a distribution package, "
            "usually to the Python Package Index (PyPI).")
    found = _page(full + "\n\nA pure Python package typically needs only one \u201cgeneric\u201d wheel.\n\n"
                  "This section covers the basics of how to install Python packages. The Python packaging landscape "
                  "consists of many different tools, maintained by the Python Packaging Authority (PyPA).", PYPUG)
    assert [f for f in found if f[2]] == []  # (before stop 33: "Python package", "Python packages", "Python
    assert {(f[0], f[1]) for f in found} == {  # packaging", each a partial of the concept named in full)
        ("Python Package Index (PyPI)", "Python Package Index (PyPI)"),
        ("Python Packaging Authority (PyPA)", "Python Packaging Authority (PyPA)")}


def test_a_very_high_deductible_is_no_high_deductible_health_plan():
    """HealthCare.gov (`healthcare-gov`, "What are the different types of health insurance?"): "a very high
    deductible" is a deductible, not *High Deductible Health Plan (HDHP)* named in full on the page; the page's other
    matches as before (the plural name, a modifier inserted in *Catastrophic Health Plan*)."""
    glossary = ("concepts:\n  - {name: High Deductible Health Plan (HDHP), category: g}\n"
                "  - {name: Catastrophic Health Plan, category: g}\n  - {name: Deductible, category: g}\n")
    text = ("High Deductible Health Plans typically feature lower premiums and higher deductibles than traditional "
            "insurance plans.\n\nA catastrophic health insurance plan covers essential health benefits but has a "
            "very high deductible.")
    found = _page(text, glossary)
    assert ("High Deductible Health Plan (HDHP)", "High Deductible Health Plans", False, "qualifier dropped") in found
    assert ("Deductible", "deductible", False, "name") in found  # (before stop 33: "high deductible", a partial HDHP)
    assert ("Catastrophic Health Plan", "catastrophic health insurance plan", False, "modifier inserted") in found
    assert not [f for f in found if f[2]]


def test_abbreviations_defined_on_the_page_schwartz_hearst():
    nlp = load_nlp("")
    texts = [t.text for t in nlp.make_doc("Patients with atrial fibrillation (AF) and heart rate variability (HRV).")]
    got = [(short, " ".join(texts[s:e])) for short, s, e in definitions(texts)]
    assert got == [("AF", "atrial fibrillation"), ("HRV", "heart rate variability")]
    # the short form's letters in the long form's words, in order (as Schwartz & Hearst: "myotonic dystrophy (DM)",
    # from the Latin "dystrophia myotonica", is no pair)
    assert definitions([t.text for t in nlp.make_doc("It is myotonic dystrophy (DM).")]) == []
    assert definitions([t.text for t in nlp.make_doc("The test (see below) is new (2019).")]) == []
    glossary = ("concepts:\n  - {name: atrial fibrillation, category: d}\n"
                "  - {name: HRA, category: d, case_sensitive: true}\n")
    text = ("Atrial fibrillation (AF) is common.\n\nIn AF the heart beats fast; af is not it.\n\n"
            "Use a health reimbursement arrangement (HRA). A health reimbursement arrangement pays.")
    assert _page(text, glossary) == [
        ("atrial fibrillation", "Atrial fibrillation", False, "name"),
        ("atrial fibrillation", "AF", False, "abbreviation defined on the page"),
        ("atrial fibrillation", "AF", False, "abbreviation defined on the page"),
        ("HRA", "health reimbursement arrangement", False, "expansion defined on the page"),
        ("HRA", "HRA", False, "name"),
        ("HRA", "health reimbursement arrangement", False, "expansion defined on the page")]
    assert _page("In AF the heart beats fast.", glossary) == []  # not defined on this page


def test_the_pages_short_form_in_a_name_is_one_mention_and_decides_what_it_stands_for():
    """Stop 32, real excerpts (MedQuAD, CC BY 4.0: MedlinePlus *Gastrointestinal Bleeding*, GARD *Iridocorneal
    endothelial syndrome*): a name with the page's short form in it is one mention, over the shorter match inside
    it ("GI bleeding", not "bleeding"), and the page's definition decides what "ICE" stands for there (not the
    initials of *Ichthyosis cheek eyebrow syndrome*); written-out words keep the text's own matches."""
    glossary = ("concepts:\n  - {name: Gastrointestinal Bleeding, category: d}\n  - {name: Bleeding, category: d}\n"
                "  - {name: Iridocorneal endothelial syndrome, category: d}\n"
                "  - {name: Ichthyosis cheek eyebrow syndrome, category: d}\n")
    text = ("Your digestive or gastrointestinal (GI) tract includes the esophagus, stomach, small intestine, large "
            "intestine or colon, rectum, and anus.\n\nThere are many possible causes of GI bleeding, including "
            "hemorrhoids, peptic ulcers, tears or inflammation in the esophagus.\n\nIridocorneal endothelial (ICE) "
            "syndrome describes a group of eye diseases.\n\nICE syndrome, is more common in women than men.")
    assert _page(text, glossary) == [
        ("Gastrointestinal Bleeding", "GI bleeding", False, "abbreviation defined on the page"),
        ("Iridocorneal endothelial syndrome", "Iridocorneal endothelial (ICE) syndrome", False,
         "definition inside the name"),
        ("Iridocorneal endothelial syndrome", "ICE syndrome", False, "abbreviation defined on the page")]
    # no definition on the page: the glossary's own readings
    assert _page("There are many possible causes of GI bleeding.\n\nICE syndrome is rare.", glossary) == [
        ("Bleeding", "bleeding", False, "name"), ("Ichthyosis cheek eyebrow syndrome", "ICE syndrome", False, "code")]


def test_coordination_possessive_and_generic_head_forms():
    forms = {f.casefold(): why for f, why, _ in derived_forms("breast and ovarian cancer")}
    assert {k: forms[k] for k in ("breast/ovarian cancer", "breast-ovarian cancer", "breast and/or ovarian cancer",
                                  "breast or ovarian cancer")} == dict.fromkeys(
        ("breast/ovarian cancer", "breast-ovarian cancer", "breast and/or ovarian cancer", "breast or ovarian cancer"),
        "coordination")
    assert ("Alzheimer's disease", "possessive", False) in derived_forms("Alzheimer disease")
    assert not [f for f in derived_forms("Brain and Spinal Tumors") if "possessive" in f[1]]  # common words
    assert ("rheumatic disease", "generic head", False) in derived_forms("rheumatic disorder")
    assert not [f for f in derived_forms("disease") if f[1] == "generic head"]
    glossary = "concepts:\n  - {name: breast and ovarian cancer, category: d}\n  - {name: Alzheimer disease, category: d}\n"
    found = _page("Hereditary breast/ovarian cancer and Alzheimers disease.", glossary)
    assert [(c, t, how) for c, t, _, how in found] == [
        ("breast and ovarian cancer", "breast/ovarian cancer", "coordination"),
        ("Alzheimer disease", "Alzheimers disease", "possessive")]


def test_disease_ontology_synonyms_by_id_and_name():
    vocabulary = load_vocabulary()
    assert len(SHIPPED_VOCABULARIES) == 4 and "CC0" in vocabulary.source and "CC BY 4.0" in vocabulary.source
    assert len(vocabulary.xrefs) == len(vocabulary.entries) and sum(1 for x in vocabulary.xrefs if x) > 6000
    glossary = parse_glossary("concepts:\n  - {name: VWD, category: d, case_sensitive: true, id: D014842}\n"
                              "  - {name: C5 deficiency, category: d, id: OMIM:609536}\n"
                              "  - {name: Alzheimer disease, category: d}\n")
    assert concept_ids(glossary.concepts[0]) == {"MESH:D014842"}
    found = {s["name"]: s["suggested_variants"] for s in suggest(glossary, vocabulary)}
    assert "von Willebrand disease" in found["VWD"]  # by its MeSH id: the name "VWD" matches nothing
    assert "complement component 5 deficiency" in found["C5 deficiency"]  # by its OMIM id
    assert "Alzheimers dementia" in found["Alzheimer disease"]  # by name
    assert all(not isinstance(v, str) or not v.isupper() for vs in found.values() for v in vs)  # abbreviations: exact


def test_a_name_inserted_is_no_modifier_an_abbreviation_or_an_english_word_is():
    """Stop 35, real sentences (MedQuAD, CC BY 4.0: Genetics Home Reference *Alport syndrome*, NINDS *Krabbe
    Disease*, MedlinePlus *Kawasaki Disease*, whose list items run together; HealthCare.gov, public domain): a
    capitalised word that is no English word, after a word without a capital, is a name of its own — "autosomal
    dominant Alport syndrome" is *Alport syndrome*, not a kind of *autosomal dominant hyper-IgE syndrome*; an
    English word ("federally recognized Indian tribe") or an abbreviation (GARD's "lactate dehydrogenase B
    deficiency"; "A" is a function word, never inserted) is inserted."""
    glossary = ("concepts:\n  - {name: Alport syndrome, category: d}\n"
                "  - {name: autosomal dominant hyper-IgE syndrome, category: d}\n"
                "  - {name: autosomal recessive hyper-IgE syndrome, category: d}\n"
                "  - {name: autosomal dominant hypocalcemia, category: d}\n"
                "  - {name: Krabbe Disease, category: d}\n  - {name: Infantile Refsum Disease, category: d}\n"
                "  - {name: Eye Diseases, category: d}\n  - {name: Kawasaki Disease, category: d}\n"
                "  - {name: Federally Recognized Tribe, category: g}\n"
                "  - {name: Lactate dehydrogenase deficiency, category: d}\n")
    text = ("It remains unclear why some individuals with one mutation in the COL4A3 or COL4A4 gene have autosomal "
            "dominant Alport syndrome and others have thin basement membrane nephropathy.\n\n"
            "Results of a very small clinical trial of children with infantile Krabbe disease found that children "
            "who received umbilical cord blood stem cells from unrelated donors prior to symptom onset developed "
            "with little neurological impairment.\n\n"
            "- Red, swollen palms of the hands and soles of the feet - Redness of the eyes Kawasaki disease can't be "
            "passed from one child to another.\n\n"
            "What if I'm a descendant but not a member of a federally recognized Indian tribe?\n\n"
            "There are two types of lactate dehydrogenase deficiency: lactate dehydrogenase A deficiency (sometimes "
            "called glycogen storage disease XI) and lactate dehydrogenase B deficiency.")
    assert _page(text, glossary) == [
        ("Alport syndrome", "Alport syndrome", False, "name"),
        ("Krabbe Disease", "Krabbe disease", False, "name"),
        ("Kawasaki Disease", "Kawasaki disease", False, "name"),
        ("Federally Recognized Tribe", "federally recognized Indian tribe", False, "modifier inserted"),
        ("Lactate dehydrogenase deficiency", "lactate dehydrogenase deficiency", False, "name"),
        ("Lactate dehydrogenase deficiency", "lactate dehydrogenase B deficiency", False, "modifier inserted")]


def test_a_body_part_inserted_where_the_name_has_another_replaces_it():
    """Stop 35, real sentences (MedQuAD, CC BY 4.0: cancer.gov *Breast Cancer*, Genetics Home Reference *DCMA
    syndrome*, GARD *Primary central nervous system lymphoma*): a body part inserted in a part of a name that leaves
    out another body part replaces it — "metastatic breast cancer" is *Breast Cancer*, not *Metastatic Squamous
    Neck Cancer with Occult Primary* (part "metastatic cancer"); it is inserted where the name leaves out none
    ("optic nerve atrophy" of *optic atrophy type 1*) or abbreviates the words it leaves out ("primary CNS
    lymphoma")."""
    glossary = ("concepts:\n  - {name: Breast Cancer, category: d}\n"
                "  - {name: Metastatic Squamous Neck Cancer with Occult Primary, category: d}\n"
                "  - {name: optic atrophy type 1, category: d}\n"
                "  - {name: Primary central nervous system lymphoma, category: d}\n")
    text = ("The disease is metastatic breast cancer, not bone cancer.\n\n"
            "Other common features of DCMA syndrome include … the degeneration of nerve cells that carry visual "
            "information from the eyes to the brain (optic nerve atrophy), which can lead to vision loss.\n\n"
            "Primary central nervous system lymphoma (primary CNS lymphoma) is a rare form of non-Hodgkin lymphoma.")
    assert _page(text, glossary) == [
        ("Breast Cancer", "breast cancer", False, "name"),
        ("optic atrophy type 1", "optic nerve atrophy", True, "partial: modifier inserted"),
        ("Primary central nervous system lymphoma", "Primary central nervous system lymphoma", False, "name"),
        ("Primary central nervous system lymphoma", "primary CNS lymphoma", True, "partial: modifier inserted")]
