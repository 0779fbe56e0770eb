"""Term coverage, stop 40 (issue 19): an infection named by its agent (`audit.terms.agent_parts`) and an organ's
adjective written as its noun with the patients' "problems" (`audit.terms.organs`).

Real text, verbatim: MedlinePlus health-topic pages as MedQuAD holds them (`abachaa/MedQuAD`, 4_MPlus_Health_Topics_QA,
CC BY 4.0: the pages *Salmonella Infections*, *Staphylococcal Infections*, *Listeria Infections*, *Pancreatic
Diseases*, *Ovarian Disorders*, opening sentences, some left out between), their titles as the glossary (`audit
glossary import` of a site's pages names its concepts so)."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.terms.agent_parts import agent_words, microbes
from audit.terms.derivation import derived_nouns
from audit.terms.forms import derived_forms

from .test_term_heads import _script
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

TITLES = ("concepts:\n  - {name: Salmonella Infections, category: d}\n  - {name: Staphylococcal Infections, category: d}\n"
          "  - {name: Listeria Infections, category: d}\n  - {name: Kidney Infections, category: d}\n"
          "  - {name: Pancreatic Diseases, category: d}\n  - {name: Ovarian Disorders, category: d}\n"
          "  - {name: Foodborne Illness, category: d}\n")
SALMONELLA = ("Salmonella is the name of a group of bacteria. In the United States, it is a common cause of foodborne "
              "illness. If Salmonella gets into the bloodstream, it can be serious.")
STAPH = ("Staph is short for Staphylococcus, a type of bacteria. There are over 30 types, but Staphylococcus aureus "
         "causes most staph infections (pronounced \"staff infections\"), including - Skin infections - Pneumonia")
LISTERIA = ("Listeriosis is a foodborne illness caused by Listeria monocytogenes, bacteria found in soil and water. "
            "Listeria is unlike many other germs because it can grow even in the cold temperature of the refrigerator.")
KIDNEY = "Your kidneys filter wastes from your blood. A kidney stone can block the flow of urine."
PANCREAS = ("The pancreas is a gland behind your stomach and in front of your spine. Problems with the pancreas can "
            "lead to many health problems.")
OVARY = ("The ovaries are a pair of organs that women have. Problems with the ovaries include - Ovarian cancer - "
         "Ovarian cysts and polycystic ovary syndrome")


def test_an_infection_is_named_by_its_agent_on_its_page():
    found = _page(SALMONELLA, TITLES)
    assert [m for m in found if m[0] == "Salmonella Infections"] == [
        ("Salmonella Infections", "Salmonella", True, "partial: agent: salmonella")] * 2
    assert ("Foodborne Illness", "foodborne illness", False, "name") in found
    staph = [m[1:] for m in _page(STAPH, TITLES) if m[0] == "Staphylococcal Infections"]
    # the adjective's noun and its clipped name (WordNet's synset), not "Staphylococcus aureus"'s species alone
    assert ("Staph", True, "partial: agent: staph") in staph and ("Staphylococcus", True,
                                                                 "partial: agent: staphylococcus") in staph
    listeria = [m[1:] for m in _page(LISTERIA, TITLES) if m[0] == "Listeria Infections"]
    assert listeria[0] == ("Listeriosis", True, "partial: agent: listeriosis")  # the genus's "-osis" disease noun
    assert ("Listeria", True, "partial: agent: listeria") in listeria


def test_an_organ_is_no_agent():
    # *Kidney Infections*: the kidney is a body part, not what causes the infection
    assert agent_words("kidney") == () and agent_words("ear") == ()
    assert [m for m in _page(KIDNEY, TITLES) if m[0] == "Kidney Infections"] == []
    assert agent_words("staphylococcal") == ("staphylococcus", "staph")
    # a class of microorganisms names no one infection: "bacteria" is not *Bacterial Infections* on a page about one
    assert agent_words("bacterial") == () and agent_words("viral") == ()


def test_an_organs_adjective_is_written_as_its_noun_with_problems():
    assert ("Pancreas problems", "organ's disorder", False) in derived_forms("Pancreatic Diseases")
    assert ("problems with the Ovary", "organ's disorder + word order", False) in derived_forms("Ovarian Disorders")
    assert [m for m in _page(PANCREAS, TITLES) if m[0] == "Pancreatic Diseases"] == [
        ("Pancreatic Diseases", "Problems with the pancreas", False, "organ's disorder + word order")]
    assert ("Ovarian Disorders", "Problems with the ovaries", False, "organ's disorder + word order") \
        in _page(OVARY, TITLES)
    # the noun of the adjective's own stem only ("renal" / "kidney" is `relational adjective`'s, where vocabularies
    # support it), and a thing or a body part ("nasal" / "nasality" is neither)
    assert derived_nouns("renal") == () and derived_nouns("Testicular") == ("Testicle", "Testis")
    assert not any("nasality problems" in f.casefold() for f, _, _ in derived_forms("Nasal Disorders"))


def test_the_microbes_table_is_wordnets_and_rebuilds_byte_identical(tmp_path):
    """`audit/data/microbes-wordnet.tsv` is what `benchmarks/terms/build_microbes.py` writes from Debian's WordNet 3.0
    (the hyponyms of microorganism by first sense that are no class of another, and their -osis / -iasis nouns), not a
    list fitted to titles."""
    table = Path(__file__).resolve().parents[1] / "audit" / "data" / "microbes-wordnet.tsv"
    text = table.read_text(encoding="utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text
    rows = [r for r in text.splitlines() if not r.startswith("#")]
    assert rows == sorted(rows) and len(rows) == 163
    table_map = microbes()
    assert table_map["listeria"] == "listeriosis" and table_map["salmonella"] == "salmonellosis"
    assert table_map["staphylococcus"] == "" and "cytomegalovirus" in table_map
    # the disease first; an organ; the root; classes of others listed
    assert not {"chlamydia", "kidney", "microorganism", "bacteria", "bacterium", "virus", "coccus"} & set(table_map)
    if not Path("/usr/share/wordnet/index.noun").is_file():
        pytest.skip("Debian's wordnet-base is not installed")
    out = tmp_path / "microbes.tsv"
    assert _script("build_microbes").main(["--out", str(out)]) == 0
    assert out.read_bytes() == table.read_bytes()
