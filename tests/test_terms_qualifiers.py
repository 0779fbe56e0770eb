"""Term coverage, stop 19 (issue 19): a name's first word that only qualifies it ("hereditary", "familial": the
words the shipped vocabularies drop from names in exact synonyms) is not its distinctive part; the name less its
qualifiers and generic heads is a partial mention, with the coordination its words stand for ("breast and ovarian
cancer" of *hereditary breast ovarian cancer syndrome*) counted only where the page names the concept by its
qualified name. The sentences are from NCBI-disease's development abstracts (PubMed, public domain)."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.terms.parts import QUALIFIER_SYNONYMS, QUALIFIERS, naming_part, partial_parts, qualifier_synonyms, \
    qualifiers

from .test_term_heads import _script  # (a benchmarks/terms script as a module)
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

BRCA = ("concepts:\n  - {name: breast neoplasm, category: d}\n  - {name: ovarian cancer, category: d}\n"
        "  - {name: familial pancreatic carcinoma, category: d}\n"
        "  - {name: hereditary breast ovarian cancer syndrome, category: d}\n")


def test_the_qualifiers_are_the_first_words_the_vocabularies_drop():
    words = qualifiers()
    assert {"hereditary", "familial", "congenital", "x-linked"} <= words
    # sites and kinds of disease are no qualifiers, nor words below the threshold
    assert not {"breast", "pancreatic", "cancer", "inherited", "syndrome"} & words


def test_the_tables_are_rebuilt_byte_identical(tmp_path):
    if not Path("/usr/share/wordnet/data.adj").is_file():
        pytest.skip("Debian's wordnet-base is not installed")
    out, syn = tmp_path / "qualifiers.tsv", tmp_path / "synonyms.tsv"
    assert _script("build_qualifiers").main(["--out", str(out), "--synonyms-out", str(syn)]) == 0
    assert out.read_bytes() == QUALIFIERS.read_bytes()
    assert syn.read_bytes() == QUALIFIER_SYNONYMS.read_bytes()


def test_qualifiers_of_one_sense_stand_for_one_another():
    # WordNet's synset of "hereditary", two of whose words the vocabularies drop from 20+ names each
    assert set(qualifier_synonyms("hereditary")) == {"familial", "genetic", "inherited", "transmissible",
                                                      "transmitted"}
    assert "hereditary" in qualifier_synonyms("inherited")
    # "inborn" is dropped from 8 names only: WordNet's synset alone does not decide
    assert qualifier_synonyms("congenital") == () and qualifier_synonyms("acute") == ()


def test_support_counts_distinct_names_a_word_is_dropped_from():
    support = _script("build_qualifiers").dropped_first_words(
        [("familial hypercholesterolemia", ("hypercholesterolemia", "familial hypercholesterolaemia")),
         ("familial mediterranean fever", ("mediterranean fever", "the mediterranean fever")),
         ("breast carcinoma", ("carcinoma of breast",))])  # no name is another with a word in front
    assert {k: len(v) for k, v in support.items()} == {"familial": 2}


def test_a_qualifier_first_is_no_distinctive_part():
    keys = ("familial", "pancreatic", "carcinoma")
    assert partial_parts(keys) == set()  # (before: "familial carcinoma", "familial pancreatic", ...)
    assert ("pancreatic", "carcinoma") in partial_parts(keys, weak=True)  # the core, where the page names it
    assert naming_part(("hereditary", "breast", "ovarian", "cancer", "syndrome")) == \
        ("hereditary", "breast", "ovarian", "cancer")
    assert naming_part(("hereditary", "disease")) is None  # only a qualifier left
    assert naming_part(("familial", "pancreatic", "carcinoma")) is None  # no generic head to drop


def test_familial_breast_cancer_is_breast_cancer():
    # (stop 18 read it as *familial pancreatic carcinoma*: "familial [breast] tumour", a part with a word inserted)
    found = _page("Mutations in BRCA1 account for approximately 45% of familial breast cancer and 90% of inherited "
                  "breast/ovarian cancer.", BRCA)
    assert ("breast neoplasm", "breast cancer", False, "head synonym") in found
    assert not [f for f in found if f[0] == "familial pancreatic carcinoma"]


def test_the_coordination_counts_for_the_syndrome_where_the_page_names_it():
    found = _page("Founding BRCA1 mutations in hereditary breast and ovarian cancer in southern Sweden.\n\n"
                  "Nine different germ-line mutations in the BRCA1 breast and ovarian cancer susceptibility gene "
                  "were identified.", BRCA)
    syndrome = [f for f in found if f[0] == "hereditary breast ovarian cancer syndrome"]
    assert [(f[1], f[2]) for f in syndrome] == [("hereditary breast and ovarian cancer", True),
                                                 ("breast and ovarian cancer", True)]
    assert not [f for f in found if f[0] in ("breast neoplasm", "ovarian cancer")]  # (one reading per span)


def test_the_coordination_alone_names_both_cancers():
    found = _page("The rates were higher among women from families with a history of both breast and ovarian "
                  "cancer.", BRCA)
    assert sorted((f[0], f[1], f[2]) for f in found) == [("breast neoplasm", "breast", False),
                                                          ("ovarian cancer", "ovarian cancer", False)]


def test_another_qualifier_of_one_sense_names_the_syndrome():
    found = _page("A population-based series of 54 male breast cancer cases were analyzed for germ-line mutations in "
                  "the inherited breast/ovarian cancer genes, BRCA1 and BRCA2. Nine (17%) of the patients had a "
                  "family history of breast and/or ovarian cancer in at least one first-degree relative.", BRCA)
    syndrome = [(f[1], f[2]) for f in found if f[0] == "hereditary breast ovarian cancer syndrome"]
    assert syndrome == [("inherited breast/ovarian cancer", True), ("breast and/or ovarian cancer", True)]


def test_a_name_less_its_generic_head():
    glossary = "concepts:\n  - {name: migraine disorder, category: d}\n  - {name: movement disorder, category: d}\n"
    found = _page("Migraine (20%) was not an uncommon cause of cranial neuropathy. Movement was normal.", glossary)
    assert found == [("migraine disorder", "Migraine", True, "partial: migraine")]


def test_the_core_after_another_adjective_is_that_kind_of_the_disease():
    found = _page("An exception is BRCA1, which contributes to a significant fraction of familial breast and ovarian "
                  "cancer, but undergoes mutation at very low rates in sporadic breast and ovarian cancers. A further "
                  "seven patients reported breast/ovarian cancer in a second-degree relative.", BRCA)
    syndrome = [(f[1], f[2]) for f in found if f[0] == "hereditary breast ovarian cancer syndrome"]
    # ("familial": a qualifier of the name's sense; "sporadic" another kind; "reported" a verb, not a qualifier)
    assert syndrome == [("familial breast and ovarian cancer", True), ("breast/ovarian cancer", True)]
    assert [f[1] for f in found if f[0] == "breast neoplasm"] == ["breast"]
    assert [f[1] for f in found if f[0] == "ovarian cancer"] == ["ovarian cancers"]
