"""Term coverage, stop 19 (issue 19): a name's first word that only qualifies it ("hereditary", "familial": the
words the shipped vocabularies drop from names in exact synonyms) is not its distinctive part; the name less its
qualifiers and generic heads is a partial mention, with the coordination its words stand for ("breast and ovarian
cancer" of *hereditary breast ovarian cancer syndrome*) counted only where the page names the concept by its
qualified name. The sentences are from NCBI-disease's development abstracts (PubMed, public domain)."""
from __future__ import annotations

from audit.terms.parts import QUALIFIERS, naming_part, partial_parts, qualifiers

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


def test_the_table_is_rebuilt_byte_identical(tmp_path):
    out = tmp_path / "qualifiers.tsv"
    assert _script("build_qualifiers").main(["--out", str(out)]) == 0
    assert out.read_bytes() == QUALIFIERS.read_bytes()


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
