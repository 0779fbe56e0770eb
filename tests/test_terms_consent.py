"""Term coverage, stop 25 (issue 19, twelfth round): a glossary that accepts the shipped vocabularies' synonyms
(`synonyms:` per concept or for the whole glossary: all, or some of mondo, do, medquad, mesh) matches them as its concepts'
variants, each with its reason ("synonym from MONDO:0002492") in terms.csv's `how`; a glossary that says nothing gets
none of them. Sentences from the BioCreative V CDR corpus's development abstracts (PubMed)."""
from __future__ import annotations

import pandas as pd
import pytest

import audit
from audit.terms.glossary_file import GlossaryError, Form, parse_glossary
from audit.terms.synonyms import load_vocabulary, suggest

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

KIDNEY = ("concepts:\n  - {name: acute kidney injury, category: d%s}\n"
          "  - {name: diabetic kidney disease, category: d}\n  - {name: coronary vasospasm, category: d}\n")
TEXT = ("Although suprofen has been associated with the development of acute renal failure in greater than 100 "
        "subjects, the mechanism of damage remains unclear.\n\n"
        "Here, we report our findings demonstrating a protective role of Nrf2 against diabetic nephropathy.\n\n"
        "Myocardial ischemia due to coronary artery spasm during dobutamine stress echocardiography.")


def test_the_glossary_says_which_vocabularies_it_accepts():
    assert [c.synonyms for c in parse_glossary(KIDNEY % "").concepts] == [(), (), ()]
    g = parse_glossary("synonyms: all\n" + KIDNEY % ", synonyms: [MONDO, do]")
    assert [c.synonyms for c in g.concepts] == [("mondo", "do"), ("mondo", "do", "medquad", "mesh"),
                                                ("mondo", "do", "medquad", "mesh")]
    g = parse_glossary("synonyms: medquad\n" + KIDNEY % ", synonyms: false")
    assert [c.synonyms for c in g.concepts] == [(), ("medquad",), ("medquad",)]
    assert "synonyms" not in g.concepts[0].extra
    with pytest.raises(GlossaryError, match=r"line 2: concept 'acute kidney injury': `synonyms` must be"):
        parse_glossary(KIDNEY % ", synonyms: [umls]")
    with pytest.raises(GlossaryError, match=r"line 1: the glossary: `synonyms` must be"):
        parse_glossary("synonyms: 3\n" + KIDNEY % "")


def test_no_synonym_is_applied_without_the_glossary_saying_so():
    # (stop 40) only what the rules derive from the names themselves: WordNet's one-word name of an organ's disease
    assert _page(TEXT, KIDNEY % "") == [("diabetic kidney disease", "diabetic nephropathy", False, "one-word name")]
    # ... but `audit glossary suggest` proposes them
    found = {s["name"]: s["suggested_variants"] for s in suggest(parse_glossary(KIDNEY % ""), load_vocabulary())}
    assert "Acute Renal Failure" in found["acute kidney injury"]
    assert "Diabetic Nephropathy" in found["diabetic kidney disease"]


def test_accepted_synonyms_match_with_their_source():
    found = _page(TEXT, "synonyms: [mondo]\n" + KIDNEY % "")
    assert found == [("acute kidney injury", "acute renal failure", False, "synonym from MONDO:0002492"),
                     ("diabetic kidney disease", "diabetic nephropathy", False, "synonym from MONDO:0005016"),
                     ("coronary vasospasm", "coronary artery spasm", False, "synonym from MONDO:0005356")]
    # per concept: the one that says false keeps its own forms only
    found = _page(TEXT, "synonyms: all\n" + KIDNEY.replace("coronary vasospasm, category: d",
                                                           "coronary vasospasm, category: d, synonyms: false") % "")
    assert [c for c, *_ in found] == ["acute kidney injury", "diabetic kidney disease"]
    # a vocabulary not accepted gives nothing: MedQuAD lists none of these (the names' own forms stay: stop 40)
    assert _page(TEXT, "synonyms: medquad\n" + KIDNEY % "") == [
        ("diabetic kidney disease", "diabetic nephropathy", False, "one-word name")]


def test_a_synonym_two_concepts_would_take_is_left_out():
    """Mondo lists "chronic renal failure" under *chronic kidney disease* and under *chronic renal failure
    syndrome*: the matcher refuses a form two concepts share, so neither accepts it (the glossary never fails)."""
    from audit.nlp import load_nlp
    from audit.terms.glossary import CompiledGlossary

    g = parse_glossary("synonyms: all\nconcepts:\n  - {name: chronic kidney disease, category: d, id: D007676}\n"
                       "  - {name: chronic renal failure syndrome, category: d, id: D051436}\n")
    forms = {c.name: c.forms for c in CompiledGlossary(g, load_nlp("")).glossary.concepts}
    assert Form("chronic renal disease", False, "synonym from DOID:784") in forms["chronic kidney disease"]
    assert all(f.term.casefold() != "chronic renal failure" for fs in forms.values() for f in fs)


def test_terms_csv_gives_the_synonyms_source(tmp_path):
    corpus = tmp_path / "site"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Suprofen\n\n" + TEXT + "\n", encoding="utf-8")
    g = tmp_path / "g.yml"
    g.write_text("synonyms: [mondo]\n" + KIDNEY % "", encoding="utf-8")
    a = audit.run(corpus, audit.load_settings(None).replace(terms={"glossary": str(g)}), progress=False)
    t = a.tables["terms"].set_index("concept")
    assert t.loc["acute kidney injury", "how"] == "synonym from MONDO:0002492"
    assert t.loc["acute kidney injury", "match"] == "full"
    assert isinstance(t, pd.DataFrame) and len(t) == 3


# ------------------------------------------------------------------ form junk (stop 24's note)

def test_no_possessive_of_a_word_the_vocabularies_write_in_lower_case():
    from audit.terms.forms import derived_forms, lower_words

    words = lower_words()
    assert {"hemophilia", "alopecia", "atrial", "anemia", "amyotrophic"} <= words
    assert not {"alzheimer", "parkinson", "fanconi", "prinzmetal", "hodgkin", "angelman", "asperger"} & words

    def possessives(name: str) -> list[str]:
        return [f for f, why, _ in derived_forms(name) if why.endswith("possessive")]

    assert possessives("Hemophilia B") == [] and possessives("Alopecia totalis") == []
    assert possessives("Atrial septal defect") == []
    assert possessives("Prinzmetal angina") == ["Prinzmetal's angina"]
    assert possessives("non-Hodgkin lymphoma") == ["non-Hodgkin's lymphoma"]
    assert possessives("Alzheimer disease") == ["Alzheimer's disease", "Alzheimer's disorder"]


def test_the_lower_words_table_is_rebuilt_byte_identical(tmp_path):
    from audit.terms.forms import LOWER_WORDS

    from .test_term_heads import _script  # (a benchmarks/terms script as a module)

    out = tmp_path / "lower.txt.gz"
    assert _script("build_lower_words").main(["--out", str(out)]) == 0
    assert out.read_bytes() == LOWER_WORDS.read_bytes()
    assert _script("build_lower_words").lower_words(
        [("Hemophilia B", ("acquired hemophilia", "Factor IX deficiency")), ("Alzheimer disease", ("Familial Alzheimer "
          "disease",))], {}) == ["deficiency", "disease", "hemophilia"]  # (not a first word, nor "Alzheimer")


def test_combining_form_splits_start_a_word():
    from audit.terms.forms import derived_forms

    def splits(name: str) -> list[str]:
        return [f for f, why, _ in derived_forms(name) if why == "combining form"]

    assert splits("venous thromboembolism") == ["venous thrombo-embolism"]  # (not "thro-mboembolism")
    assert splits("meningoencephalitis") == ["meningo-encephalitis"]
    assert splits("hepatic venoocclusive disease") == ["hepatic veno-occlusive disease"]
    found = _page("Two patients developed venous thrombo-embolism after surgery.",
                  "concepts:\n  - {name: venous thromboembolism, category: d}\n")
    assert found == [("venous thromboembolism", "venous thrombo-embolism", False, "combining form")]


# ------------------------------------------------------------------ once per process (stop 26)

def test_worker_processes_inherit_a_consenting_glossary(tmp_path, monkeypatch):
    """A glossary that accepts the vocabularies' synonyms reads them (~2-3 s) and compiles once, in the main
    process before the analyse workers fork (the engine's preload): the workers that match the pages inherit it,
    and no page reads a vocabulary or compiles the glossary again."""
    import os

    from audit.terms import glossary as glossary_module
    from audit.terms import glossary_runs, measure, synonyms

    log = tmp_path / "events.log"

    def note(event: str) -> None:  # (appended by whichever process does it: the workers are forked)
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{event} {os.getpid()}\n")

    read, init, compiled = synonyms._read, glossary_module.CompiledGlossary.__init__, measure.run_glossary
    check = glossary_runs.compiled_glossary
    g = tmp_path / "g.yml"

    def spy_read(path):
        note("read")
        return read(path)

    def spy_init(self, glossary, nlp, derive=True):
        if str(glossary.path) == str(g):
            note("compile")
        init(self, glossary, nlp, derive)

    def spy_compiled(setting, model=""):
        note("page")
        return compiled(setting, model)

    def spy_check(setting, model=""):
        note("check")
        return check(setting, model)

    monkeypatch.setattr(synonyms, "_SHIPPED", [])  # (as in a new process: nothing read yet)
    monkeypatch.setattr(synonyms, "_read", spy_read)
    monkeypatch.setattr(glossary_module.CompiledGlossary, "__init__", spy_init)
    monkeypatch.setattr(measure, "run_glossary", spy_compiled)
    monkeypatch.setattr(glossary_runs, "compiled_glossary", spy_check)
    corpus = tmp_path / "site"
    corpus.mkdir()
    for k in range(16):  # (two chunks of 8 pages: `audit.engine.chunks.chunks_of`)
        (corpus / f"p{k:02d}.txt").write_text(f"Report {k}\n\n" + TEXT + "\n", encoding="utf-8")
    g.write_text("synonyms: all\n" + KIDNEY % "", encoding="utf-8")
    settings = audit.load_settings(None).replace(terms={"glossary": str(g)},
                                                 run={"workers": 2, "parallel_min_pages": 1})
    a = audit.run(corpus, settings, progress=False)
    assert (a.tables["terms"]["how"] == "synonym from MONDO:0002492").sum() == 16  # (every page: the synonyms apply)
    events = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    here = str(os.getpid())
    workers = {pid for event, pid in events if event == "page"} - {here}
    assert workers  # the pages were matched in forked workers ...
    assert [e for e in events if e[0] == "compile"] == [["compile", here]]  # ... with the glossary compiled once, here
    assert [e for e in events if e[0] == "check"] == [["check", here]]  # (and its file looked at once: no page does)
    assert [e for e in events if e[0] == "read"] == [["read", here]] * len(synonyms.SHIPPED_VOCABULARIES)
