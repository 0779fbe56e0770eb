"""Stop 38 (issue 19): forms the matcher should already fold — the Latin and Greek plurals without "s"
(`audit.terms.keys.classical_singular`) and the British "ae"/"oe" spellings of the ae/oe list
(`audit.terms.spellings`); real sentences from the sets' pages (BC5CDR abstracts, MedQuAD GARD)."""
from __future__ import annotations

from audit.nlp import load_nlp
from audit.terms.discovery import Tokens
from audit.terms.glossary import token_key
from audit.terms.spellings import spelling_forms

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them


def _matches(text: str, names: list[str]) -> list[tuple[str, str, str]]:
    """(concept, matched text, how) of every match in one block, as `audit run` reads it (`Tokens`: the compiled
    key column)."""
    glossary = "concepts:\n" + "".join(f"  - name: {n}\n    category: disease\n" for n in names)
    return [(concept, words, how) for concept, words, _, how in _page(text, glossary)]


def test_classical_plurals_fold_to_the_singular_the_lemma_table_gives():
    assert [token_key(w) for w in ("emboli", "thrombi", "fungi", "calculi", "carcinomata", "ganglia")] == \
        ["embolus", "thrombus", "fungus", "calculus", "carcinoma", "ganglion"]
    # the plurals in "-es" were folded already; "-um" -> "-a" is not folded ("media" would read as "medium"), nor
    # "-a" -> "-ae" (also the genitive of a binomial name), nor a word whose table lemma is not the classical singular
    assert [token_key(w) for w in ("metastases", "stenoses", "media", "bacteria", "vertebrae", "pneumoniae",
                                   "criteria", "area")] == \
        ["metastasis", "stenosis", "media", "bacteria", "vertebrae", "pneumoniae", "criteria", "area"]
    # bc5cdr-dev pmid4090988, and pmid9564988's "Streptococcus pneumoniae" (the bacterium, not *pneumonia*); the
    # compiled key column folds as `token_key` does
    text = ("Additionally, 20 to 25% of paracetamol-treated rats developed hyperplasia of the bladder epithelium, "
            "which was not coincident with the presence of bladder calculi. Haemophilus influenzae, Streptococcus "
            "pneumoniae, Staphylococcus aureus")
    assert "calculus" in Tokens(load_nlp("").make_doc(text)).keys
    assert _matches(text, ["Bladder calculus", "pneumonia"]) == [("Bladder calculus", "bladder calculi", "name")]


def test_british_ae_oe_spellings_of_the_list():
    # bc5cdr-dev pmid871943: BC5CDR marks "apnoea" as MeSH D001049, which its glossary names "apnea"
    text = "Fifteen patients demonstrating unexpected prolonged apnoea lasting several hours after succinylcholine"
    assert _matches(text, ["apnea"]) == [("apnea", "apnoea", "spelling")]
    assert spelling_forms("dyspnea") == [("dyspnoea", "spelling", False)]
    assert [f for f, _, _ in spelling_forms("celiac disease") + spelling_forms("Fetal alcohol syndrome")
            + spelling_forms("lymphedema") + spelling_forms("Lymphoedema")] == \
        ["coeliac disease", "foetal alcohol syndrome", "lymphoedema", "lymphedema"]
    # "angioedema" is written so in both spellings; "fetch" is no "fetus"
    assert spelling_forms("angioedema") == [] and spelling_forms("fetch request") == []
