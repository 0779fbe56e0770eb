"""Term coverage, stop 26 (issue 19): a name of an adjective that names a disease and a generic head ("hypertensive
disorder", "hypotensive disorder") is also written as the adjective's noun ("hypertension", "hypotension": reason
`disease noun`), and the adjective alone is a partial mention ("hypotensive"); the noun of an adjective no entry
pairs with one is spelled as the table's rows spell theirs, when WordNet calls it a state. The sentences are from
the BioCreative V CDR corpus's development abstracts (PubMed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.terms.forms import derived_forms
from audit.terms.parts import disease_nouns, disease_words

from .test_term_heads import _script  # (a benchmarks/terms script as a module)
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

GLOSSARY = ("concepts:\n  - {name: hypotensive disorder, category: d}\n  - {name: hypertensive disorder, category: d}\n"
            "  - {name: psychiatric disorder, category: d}\n  - {name: thrombotic disease, category: d}\n")
WORDNET = Path("/usr/share/wordnet")


def test_an_adjective_before_a_generic_head_is_written_as_its_noun():
    assert ("hypertension", "disease noun", False) in derived_forms("hypertensive disorder")
    assert ("hypotension", "disease noun", False) in derived_forms("hypotensive disorder")
    assert {"neoplasia", "neoplasm"} <= set(disease_nouns()["neoplastic"])
    # a field, not a disease: no noun ("psychiatry"), and an adjective before a specific head keeps its head
    assert not [f for f, why, _ in derived_forms("psychiatric disorder") if why == "disease noun"]
    assert not [f for f, why, _ in derived_forms("hypertensive retinopathy") if why == "disease noun"]


def test_the_noun_and_the_adjective_alone_are_mentions():
    found = _page("Mice subjected to hypotensive episodes showed a significant decrease in latency time.\n\n"
                  "Seventeen patients without hypotension served as a control group.\n\n"
                  "Increased risk of myocardial infarction, stroke, hypertension and heart failure.", GLOSSARY)
    assert ("hypotensive disorder", "hypotensive", True, "partial: hypotensive") in found
    assert ("hypotensive disorder", "hypotension", False, "disease noun") in found
    assert ("hypertensive disorder", "hypertension", False, "disease noun") in found
    # "psychiatric" names a field (WordNet: psychiatry): no mention of *psychiatric disorder* alone
    assert _page("The patient was admitted to a psychiatric hospital.", GLOSSARY) == []
    assert _page("She had a history of psychiatric disorders.", GLOSSARY) == [
        ("psychiatric disorder", "psychiatric disorders", False, "name")]


def test_the_shipped_table_gives_the_derived_nouns():
    words, nouns = disease_words(), disease_nouns()
    assert {"hypotensive", "psychotic", "myotonic"} <= words
    assert nouns["hypotensive"] == ("hypotension",) and nouns["psychotic"] == ("psychosis",)
    assert not {"psychiatric", "metabolic", "retinal", "mitochondrial", "degenerative"} & words


@pytest.mark.skipif(not (WORDNET / "data.noun").is_file(), reason="needs Debian's wordnet-base")
def test_a_derived_noun_is_spelled_as_two_rows_spell_theirs_and_is_a_state():
    build = _script("build_disease_words")
    states = build.wordnet_states(WORDNET)
    assert {"hypotension", "psychosis", "hypertension"} <= states
    assert not {"psychiatry", "metabolism", "retina"} & states  # a field, a process, a body part
    rows = {("hypertensive", "hypertension"), ("depressive", "depression"), ("thrombotic", "thrombosis")}
    entries = [("hypotensive disorder", ()), ("psychiatric disorder", ("mental disorder",)),
               ("retinal disease", ()), ("psychotic disorder", ()), ("metabolic disease", ())]
    # "-ive" / "-ion" is attested twice ("hypotension"); "-tic" / "-sis" once only here (no "psychosis")
    assert build.derived_adjectives(entries, rows, states) == {("hypotensive", "hypotension")}
    rows.add(("nephrotic", "nephrosis"))
    assert build.derived_adjectives(entries, rows, states) == {("hypotensive", "hypotension"),
                                                               ("psychotic", "psychosis")}


def test_a_disease_word_after_a_prefix_of_time_or_negation():
    glossary = GLOSSARY + ("  - {name: nephrotic syndrome, category: d}\n  - {name: rheumatic disorder, category: d}\n"
                           "  - {name: Hodgkin lymphoma, category: d}\n")
    found = _page("The experiment was divided into two stages: pre-nephrotic stage (day 1-5) and nephrotic stage.\n\n"
                  "Also 46 new referral non-hypertensive chronically physically ill out-patients.", glossary)
    assert [(c, t, p) for c, t, p, _ in found] == [("nephrotic syndrome", "nephrotic", True),
                                                    ("nephrotic syndrome", "nephrotic", True),
                                                    ("hypertensive disorder", "hypertensive", True)]
    # "anti-" names a drug against it; a name after a prefix is another disease ("non-Hodgkin lymphoma")
    assert _page("Disease modifying anti-rheumatic drugs were given.", glossary) == []
    assert _page("A patient with non-Hodgkin lymphoma.", glossary) == []
