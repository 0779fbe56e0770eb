"""Term coverage, stop 17 (issue 19): coordination in the text, two-word heads from the vocabularies, and the parts
that name a thing rather than a condition."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from audit.terms.heads import TABLE, head_partners, head_synonyms
from audit.terms.parts import THINGS, names_a_thing, partial_parts

from .test_term_heads import _script  # (a benchmarks/terms script as a module)
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

CANCERS = ("concepts:\n  - {name: breast neoplasm, category: d}\n  - {name: prostate cancer, category: d}\n"
           "  - {name: skin neoplasm, category: d}\n  - {name: type 1 diabetes, category: d}\n"
           "  - {name: type 2 diabetes, category: d}\n  - {name: diabetes, category: d}\n"
           "  - {name: complement component 7 deficiency, category: d}\n  - {name: C6 deficiency, category: d}\n"
           "  - {name: X-linked ichthyosis, category: d}\n  - {name: ovarian cancer, category: d}\n")


def test_each_conjunct_of_a_coordination_in_the_text_counts_for_its_concept():
    how = "coordination in the text"
    # a shared head after the conjuncts, the derived forms of the concept included ("prostatic cancer", "skin cancer")
    assert _page("Carriers had prostatic, pancreas, skin, and lung cancer.", CANCERS) == [
        ("prostate cancer", "prostatic", False, how), ("skin neoplasm", "skin", False, how)]
    assert _page("Both breast and ovarian cancers were seen.", CANCERS) == [
        ("breast neoplasm", "breast", False, how), ("ovarian cancer", "ovarian cancers", False, "name")]
    # shared words on both sides: each side keeps its part of the span (and "2 diabetes" takes over "diabetes")
    assert _page("People with type 1 and 2 diabetes.", CANCERS) == [
        ("type 1 diabetes", "type 1", False, how), ("type 2 diabetes", "2 diabetes", False, how)]
    # a shared head before the conjuncts, a code's forms, a suspended hyphen
    assert ("complement component 7 deficiency", "C7", False, how) in _page("Deficiencies of C6 and C7.", CANCERS)
    assert ("C6 deficiency", "C6", False, how) in _page("C6 and C7 deficiencies are rare.", CANCERS)
    assert _page("X- and Y-linked ichthyosis.", CANCERS) == [("X-linked ichthyosis", "X-", False, how)]


def test_a_coordination_names_only_forms_the_glossary_has_and_whole_phrases():
    assert _page("Smoking and lung cancer.", CANCERS) == []  # no "smoking cancer"
    # the last conjunct must end the phrase when nothing follows to share: "tumour DNA" is no ovarian tumour
    found = _page("ovarian cancer and tumour DNA", CANCERS)
    assert found == [("ovarian cancer", "ovarian cancer", False, "name")]
    # the text writing the form whole is the matcher's own match, not a coordination
    assert _page("breast neoplasm and skin neoplasm", CANCERS) == [
        ("breast neoplasm", "breast neoplasm", False, "name"), ("skin neoplasm", "skin neoplasm", False, "name")]
    assert _page("breast, and", CANCERS) == _page("and breast", CANCERS) == []
    # words shared before the conjuncts: by codes, which cannot stand alone, or (stop 18) by words that can, when
    # each conjunct makes a form with them (the seed pages' "facial nerve injury or paralysis"); a head coordinated
    # before "of" is not read ("weakness or paralysis of the facial muscles")
    faces = ("concepts:\n  - {name: facial nerve disorder, category: d}\n  - {name: facial paralysis, category: d}\n"
             "  - {name: facial nerve injury, category: d}\n  - {name: facial nerve paralysis, category: d}\n")
    assert _page("It is linked to the facial nerve and brain disorders.", faces) == []
    assert [f[1] for f in _page("Weakness or paralysis of the facial muscles.", faces)] == []
    assert _page("After facial nerve injury or paralysis.", faces) == [
        ("facial nerve injury", "facial nerve injury", False, "name"),
        ("facial nerve paralysis", "paralysis", False, "coordination in the text")]
    # one conjunct without a form under the shared words: none is read ("facial nerve injury or stroke")
    assert [f[1] for f in _page("After facial nerve injury or stroke.", faces)] == ["facial nerve injury"]


def test_two_word_heads_the_vocabularies_pair_under_enough_names():
    partners = head_partners()
    assert "infection" in partners["infectious disease"] and "infectious disease" in partners["infection"]
    assert "deafness" not in partners.get("hearing loss", ())  # 13 names: below the support rule's 20
    assert head_synonyms("bacterial infectious disease") == [("bacterial infection", "head synonym", False)]
    assert head_synonyms("Bacterial Infections") == [("Bacterial Infectious Disease", "head synonym", False)]
    assert head_synonyms("infectious disease") == []  # nothing before the head
    found = _page("It comes with recurrent bacterial infections.",
                  "concepts:\n  - {name: bacterial infectious disease, category: d}\n")
    assert found == [("bacterial infectious disease", "bacterial infections", False, "head synonym")]
    pairs = _script("build_heads").head_pairs([("bacterial infectious disease", ("bacterial infection",)),
                                               ("viral infectious disease", ("viral infection", "viral infections"))])
    assert {k: len(v) for k, v in pairs.items()} == {("infection", "infectious disease"): 2}
    assert "infection\tinfectious disease\t" in TABLE.read_text(encoding="utf-8")


def test_a_part_that_names_a_thing_counts_only_beside_the_full_name():
    for part in [("leukocyte",), ("thymus",), ("spinal", "cord"), ("ovarian",), ("x", "-", "linked"), ("lipid",)]:
        assert names_a_thing(part), part
    for part in [("vasculitis",), ("grandfathered",), ("autoimmune",), ("breast",)]:
        assert not names_a_thing(part), part  # a condition; a state's adjective; a verb too
    keys = ("leukocyte", "disorder")
    assert partial_parts(keys) == set() and partial_parts(keys, weak=True) == {("leukocyte",)}
    assert ("vasculitis",) in partial_parts(("vasculitis", "syndrome", "of", "the", "nervous", "system"))
    glossary = "concepts:\n  - {name: leukocyte disorder, category: d}\n  - {name: X-linked disease, category: d}\n"
    assert _page("Leukocytes were counted in X-linked families.", glossary) == []
    found = _page("A leukocyte disorder.\n\nLeukocytes were counted.", glossary)
    assert [f[:3] for f in found] == [("leukocyte disorder", "leukocyte disorder", False),
                                      ("leukocyte disorder", "Leukocytes", True)]


def test_the_things_table_is_wordnets_and_rebuilds_byte_identical(tmp_path):
    text = gzip.decompress(THINGS.read_bytes()).decode("utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text
    words = [w for w in text.splitlines() if not w.startswith("#")]
    assert words == sorted(words) and {"leukocyte", "ovarian", "spinal cord"} <= set(words)
    if not Path("/usr/share/wordnet/index.noun").is_file():
        pytest.skip("Debian's wordnet-base is not installed")
    out = tmp_path / "things.tsv.gz"
    assert _script("build_things").main(["--out", str(out)]) == 0
    assert out.read_bytes() == THINGS.read_bytes()


def test_rules_from_the_second_development_set_bc5cdr():
    from audit.terms.derivation import code_forms, type_word
    from audit.terms.forms import derived_forms

    # British spellings inside a hyphenated name, and of the -emic adjectives
    forms = {f: why for f, why, _ in derived_forms("hemolytic-uremic syndrome")}
    assert forms["haemolytic-uraemic syndrome"] == "spelling + spelling"
    # a name that starts with its type designator, in the other numerals; eponyms joined by hyphens as a code
    assert type_word("type 2 diabetes mellitus") == [("type II diabetes mellitus", "type word", False)]
    assert code_forms("Wolff-Parkinson-White syndrome") == [("WPW syndrome", "code", False)]
    assert code_forms("Guillain-Barre syndrome") == []  # two letters: too short a code
    # a part never drops a code after the first word, never is a hyphenated adjective alone
    assert ("hepatitis",) not in partial_parts(("hepatitis", "b", "virus", "infection"))
    assert ("hepatitis", "b") in partial_parts(("hepatitis", "b", "virus", "infection"))
    assert ("drug", "-", "induced") not in partial_parts(("drug", "-", "induced", "liver", "injury"))
    # a word that names a thing, inserted in a part where the name had another, replaces it: no insertion
    glossary = "concepts:\n  - {name: acute liver failure, category: d}\n  - {name: kidney failure, category: d}\n"
    assert _page("He developed acute pancreas failure.", glossary) == []
    # (stop 18: "renal" is kidney's relational adjective, "hepatic" liver's: each the concept its noun names)
    assert _page("He developed acute renal failure.", glossary) == [
        ("kidney failure", "renal failure", False, "relational adjective")]
    assert _page("He developed acute hepatic failure.", glossary) == [
        ("acute liver failure", "acute hepatic failure", False, "relational adjective")]
    # (stop 19: "acute" is a qualifier, no distinctive word: "acute failure" is a part only where the page names the
    # concept)
    assert _page("He developed acute fulminant failure.", glossary) == []
    found = _page("Acute liver failure was seen.\n\nHe developed acute fulminant failure.", glossary)
    assert found[1:] == [("acute liver failure", "acute fulminant failure", True, "partial: modifier inserted")]
