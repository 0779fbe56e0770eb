"""Term coverage, stop 40 (issue 19): an organ's disease named with one word of combining forms or with the organ's
word ("diabetic nephropathy" for *diabetic kidney disease*), the pairs WordNet 3.0 puts in one disease synset."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.terms.forms import NO_PARTS, derived_forms
from audit.terms.organ_diseases import REASON, TABLE, organ_disease_names

from .test_term_heads import _script  # (a benchmarks/terms script as a module)
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ORGANS = ("concepts:\n  - {name: diabetic kidney disease, category: d}\n  - {name: kidney disorder, category: d}\n"
          "  - {name: toxic encephalopathy, category: d}\n")


def test_the_table_holds_wordnets_one_word_names_of_an_organs_disease():
    rows = {tuple(line.split("\t")) for line in TABLE.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")}
    assert {("nephropathy", "kidney disease"), ("nephropathy", "renal disorder"), ("encephalopathy", "brain disorder"),
            ("cardiopathy", "heart disease")} <= rows
    ones = {one for one, _ in rows}
    assert "nephrosis" not in ones and "depression" not in ones  # (nouns of more than one synset)
    assert "psychopathy" not in ones and "folie" not in ones  # ("mental" relates to the mind as well as the chin)
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in TABLE.read_text(encoding="utf-8")


def test_the_table_is_rebuilt_byte_identical(tmp_path):
    if not Path("/usr/share/wordnet/data.noun").is_file():
        pytest.skip("Debian's wordnet-base is not installed")
    out = tmp_path / "organ-diseases.tsv"
    assert _script("build_organ_disease_names").main(["--out", str(out)]) == 0
    assert out.read_bytes() == TABLE.read_bytes()


def test_a_name_is_written_with_the_one_word_or_the_two():
    assert organ_disease_names("diabetic kidney disease") == [("diabetic nephropathy", REASON, False)]
    assert organ_disease_names("Chronic Kidney Diseases") == [("Chronic Nephropathy", REASON, False)]
    assert organ_disease_names("kidney disease") == organ_disease_names("nephropathy") == []  # (the head alone)
    assert organ_disease_names("toxic encephalopathy") == [("toxic brain disease", REASON, False),
                                                           ("toxic brain disorder", REASON, False)]
    assert organ_disease_names("disease of the kidney") == []  # (`word order`'s)
    assert organ_disease_names("leukoencephalopathy") == []  # (a word of its own)
    forms = {f: why for f, why, _ in derived_forms("chronic kidney disorder")}
    assert forms["chronic nephropathy"] == f"generic head + {REASON}" and "nephropathy" not in forms
    assert REASON in NO_PARTS


def test_abstracts_that_write_the_one_word_mention_the_concept():
    # BC5CDR's abstracts (bc5cdr-dev, PubMed; annotated with MeSH's *Diabetic Nephropathies* and *Kidney Diseases*)
    assert _page("Here, we report a protective role of Nrf2 against diabetic nephropathy.", ORGANS) == [
        ("diabetic kidney disease", "diabetic nephropathy", False, REASON)]
    # a subtype's own name is no mention of the broad class (MeSH's *Glomerulonephritis, IGA* there)
    assert _page("Two patients had IgA nephropathy.", ORGANS) == []
