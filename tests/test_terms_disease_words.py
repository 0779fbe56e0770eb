"""Term coverage, stop 21 (issue 19), drug-induced disease text (BC5CDR): a word that names a disease by itself
stands for a name made of it and a generic head ("hypertensive" of *hypertensive disorder*, "stroke" of *stroke
disorder*: the words the shipped vocabularies give as a disease's one-word name), and a name whose cause is a class
("drug-induced dyskinesia") is named where the page names the cause ("levodopa-induced dyskinesias"). The sentences
are from the BioCreative V CDR corpus's development abstracts (PubMed)."""
from __future__ import annotations

from audit.terms.parts import DISEASE_WORDS, disease_words

from .test_term_heads import _script  # (a benchmarks/terms script as a module)
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

WORDS = ("concepts:\n  - {name: hypertensive disorder, category: d}\n  - {name: ischemic disease, category: d}\n"
         "  - {name: neuromuscular disease, category: d}\n  - {name: stroke disorder, category: d}\n"
         "  - {name: sleep disorder, category: d}\n")
CAUSED = ("concepts:\n  - {name: drug-induced dyskinesia, category: d}\n"
          "  - {name: drug-induced liver injury, category: d}\n  - {name: drug-induced akathisia, category: d}\n"
          "  - {name: Heparin-induced thrombocytopenia, category: d}\n")


def test_the_disease_words_are_the_vocabularies_one_word_names():
    words = disease_words()
    # adjectives one entry lists beside the one-word name of their stem, nouns beside themselves
    assert {"hypertensive", "ischemic", "thrombotic", "nephrotic", "depressive", "stroke", "constipation"} <= words
    # a part of the body or a process is no disease ("neuromuscular disease", "metabolic disease"), nor "sleep"
    assert not {"neuromuscular", "metabolic", "peroxisomal", "sleep", "syndromic"} & words


def test_the_table_is_rebuilt_byte_identical(tmp_path):
    out = tmp_path / "words.tsv"
    assert _script("build_disease_words").main(["--out", str(out)]) == 0
    assert out.read_bytes() == DISEASE_WORDS.read_bytes()


def test_the_pairs_come_from_one_entry():
    pairs = _script("build_disease_words").disease_adjectives(
        [("hypertensive disorder", ("hypertension", "HT")), ("stroke disorder", ("stroke",)),
         ("ARTS syndrome", ("ARTS",)), ("neuromuscular disease", ("neuromuscular disorder",)),
         ("parasitic disease", ("parasitemia",))])  # (a noun of another suffix: no stem of the adjective)
    assert pairs == {("hypertensive", "hypertension"), ("stroke", "stroke")}


def test_a_disease_word_alone_is_a_partial_mention():
    found = _page("Studies in conscious spontaneously hypertensive rats. In the ischemic core, there was no "
                  "difference.\n\nIncreased risk of myocardial infarction, stroke, hypertension and heart failure.",
                  WORDS)
    assert ("hypertensive disorder", "hypertensive", True, "partial: hypertensive") in found
    assert ("ischemic disease", "ischemic", True, "partial: ischemic") in found
    assert ("stroke disorder", "stroke", True, "partial: stroke") in found
    # an adjective of a part of the body, a common word the vocabularies never give alone: nothing
    assert _page("Neuromuscular blocking agents were given. Sleep was normal.", WORDS) == []


def test_a_class_caused_name_is_named_by_its_cause():
    found = _page("Worsening of levodopa-induced dyskinesias by motor and mental tasks.\n\nA significant "
                  "aggravation of the dyskinesia score was observed.", CAUSED)
    assert [(c, t, p) for c, t, p, _ in found] == [
        ("drug-induced dyskinesia", "levodopa-induced dyskinesias", True),
        ("drug-induced dyskinesia", "dyskinesia", True)]  # (the page names it by its cause: the core counts)
    assert found[0][3] == "partial: cause named: levodopa - induced dyskinesia"
    found = _page("Postpartum liver injury induced by bromocriptine. The liver injury resolved.", CAUSED)
    assert [t for c, t, p, _ in found if c == "drug-induced liver injury"] == ["liver injury induced by bromocriptine",
                                                                              "liver injury"]


def test_no_cause_named_no_mention():
    # a core after a cause in common English ("stress"), or a core of common words without its cause ("liver
    # injury"): no mention of the drug-induced disease (a rare core alone is one since stop 23:
    # `test_terms_unique_parts.py`)
    assert _page("Stress-induced dyskinesia was seen.", CAUSED) == []
    assert _page("The liver injury resolved.", CAUSED) == []
    # a named cause is no class: "aspirin-induced thrombocytopenia" is no heparin-induced one
    assert _page("Aspirin-induced thrombocytopenia was reported.", CAUSED) == []
    assert [t for _, t, _, _ in _page("Heparin-induced thrombocytopenia, then thrombocytopenia.", CAUSED)] == [
        "Heparin-induced thrombocytopenia", "thrombocytopenia"]
