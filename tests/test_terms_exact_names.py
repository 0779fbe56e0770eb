"""Stop 39 (issue 19): a concept's exact name, or a form the rules derive, that the matcher missed — each cause with
the real sentence of the set that showed it (Python Packaging User Guide, BioRED, MedQuAD GARD)."""
from __future__ import annotations

from audit.terms.derivation import type_word
from audit.terms.forms import _possessive
from audit.terms.part_matches import in_capitals

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them


def _matches(text: str, names: list[str]) -> list[tuple[str, str, str]]:
    """(concept, matched text, how) of every match in one block, as `audit run` reads it."""
    glossary = "concepts:\n" + "".join(f"  - name: {n!r}\n    category: term\n" for n in names)
    return [(concept, words, how) for concept, words, _, how in _page(text, glossary)]


def test_a_name_written_in_its_capitals_wins_a_tie_of_one_length():
    # pypug-glossary, page `overview`: the editors link "Distribution Package"; "source Distribution" (the same
    # length, to its left) was taken first
    text = ("Python's native packaging is mostly built for distributing reusable code, called libraries, between "
            "developers. You can piggyback tools, or CLI applications, on top of Python's library packaging, using "
            "technologies like setuptools entry_points. Libraries are building blocks, not complete applications. "
            "For distributing applications, there's a whole new world of technologies out there. A source "
            "Distribution Package, or sdist for short")
    names = ["Distribution Package", "Source Distribution (or \"sdist\")"]
    assert ("Distribution Package", "Distribution Package", "name") in _matches(text, names)
    assert ("Source Distribution (or \"sdist\")", "source Distribution", "qualifier dropped") \
        not in _matches(text, names)
    # written in lower case, the leftmost of the two is kept as before
    assert [c for c, _, _ in _matches("a source distribution package", names)][0].startswith("Source")
    assert in_capitals(["Distribution", "Package"]) and not in_capitals(["Service"]) \
        and not in_capitals(["source", "distribution"])


def test_a_one_word_name_after_pro_and_its_hyphen():
    # biored-dev pmid17397547: BioRED marks "inflammatory" of "pro-inflammatory" as *inflammatory* (D007249)
    text = ("Moreover, the inflammatory response to intravesical instillation of known pro-inflammatory stimuli "
            "such as E. coli lipopolysaccharide (LPS), substance P (SP), and antigen was strongly dependent on "
            "PAR1 expression.")
    assert [t for _, t, _ in _matches(text, ["inflammatory"])] == ["inflammatory", "inflammatory"]
    # not after a prefix that negates or opposes, nor inside a word after another word
    assert _matches("non-inflammatory and anti-inflammatory drugs", ["inflammatory"]) == []
    assert _matches("patients with hemi-facial spasm", ["facial spasm"]) == []
    # a name of two words after "pro-" is no match either ("non-Hodgkin lymphoma" is another disease)
    assert _matches("a pro-facial spasm", ["facial spasm"]) == []


def test_an_eponym_written_with_its_possessive_s_and_no_apostrophe():
    # biored-dev pmid16152606: the text says "Hodgkin lymphoma", the glossary names *Hodgkins lymphoma*
    text = ("Germline mutations in the NBS1 gene predispose to sporadic lymphoid malignancies, including Hodgkin "
            "lymphoma.")
    assert _matches(text, ["Hodgkins lymphoma"]) == [("Hodgkins lymphoma", "Hodgkin lymphoma", "possessive")]
    # not when the word without its "s" is an English word ("Graves disease": no "Grave's disease")
    assert _possessive("Graves disease") == []
    assert ("Wilm's tumor", "possessive", False) in _possessive("Wilms tumor")


def test_a_type_designator_after_a_comma():
    # medquad-gard 0002934: the page names its disorder "Human T-cell leukemia virus, type 1"
    text = ("What are the signs and symptoms of human T-cell leukemia virus, type 1? Human T-cell leukemia virus, "
            "type 1 (HTLV-1) generally causes no signs or symptoms.")
    names = ["Human T-cell leukemia virus type 1", "Human T-cell leukemia virus type 2"]
    assert [(c, how) for c, _, how in _matches(text, names)] == \
        [("Human T-cell leukemia virus type 1", "type word")] * 2
    assert ("Noonan syndrome, type 2", "type word", False) in type_word("Noonan syndrome type 2")


def test_a_hyphen_between_two_words_of_a_long_name():
    # medquad-gard 0000915: "Camurati-Engelmann disease type II" for *Camurati Engelmann disease, type 2* (five
    # words: until now only names of four words or fewer were also read with a hyphen between words)
    text = "These cases are referred to as Camurati-Engelmann disease type II. Treatment for Camurati-Engelmann disease"
    names = ["Camurati Engelmann disease, type 2", "Camurati-Engelmann disease"]
    assert [(c, t) for c, t, _ in _matches(text, names)] == [
        ("Camurati Engelmann disease, type 2", "Camurati-Engelmann disease type II"),
        ("Camurati-Engelmann disease", "Camurati-Engelmann disease")]


def test_a_space_after_a_slash_breaks_no_word():
    # medquad-cancergov 0000013_3_4: the title "Myelodysplastic/ Myeloproliferative Neoplasm, Unclassifiable" (the
    # tokenizer keeps "Myelodysplastic/" as one token), the page "Myelodysplastic/myeloproliferative neoplasm"
    text = ("Key Points - Myelodysplastic/myeloproliferative neoplasm, unclassifiable, is a disease that has features "
            "of both myelodysplastic and myeloproliferative diseases")
    assert _matches(text, ["Myelodysplastic/ Myeloproliferative Neoplasm, Unclassifiable"]) == [
        ("Myelodysplastic/ Myeloproliferative Neoplasm, Unclassifiable",
         "Myelodysplastic/myeloproliferative neoplasm, unclassifiable", "slash alternative")]
