"""Term coverage as editors write (issue 19): forms derived from a concept's name with their reasons, partial mentions
with evidence (reported as partial), `audit glossary import` on a real site's glossary, `audit glossary suggest`."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.cli import main as cli_main
from audit.terms.forms import derived_forms
from audit.terms.parts import partial_parts
from audit.terms.part_matches import resolve_partials
from audit.terms.glossary import CompiledGlossary
from audit.terms.glossary_file import load_glossary, parse_glossary
from audit.terms.glossary_import import import_glossary, read_page, to_yaml
from audit.nlp import load_nlp
from audit.terms.synonyms import load_vocabulary, suggest

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "healthcare-gov"


def _forms(name: str) -> dict[str, str]:
    return {form.casefold(): reason for form, reason, _exact in derived_forms(name)}


def _page(text: str, glossary_text: str) -> list[tuple[str, str, bool, str]]:
    """(concept, text, partial, how) of every match on a one-block-per-paragraph page, partials resolved."""
    nlp = load_nlp("")
    glossary = parse_glossary(glossary_text)
    cg = CompiledGlossary(glossary, nlp)
    docs = [nlp.make_doc(p) for p in text.split("\n\n")]
    found = resolve_partials(cg, [cg.match(d, partial=True) for d in docs])
    return [(glossary.concepts[m.concept].name, d[m.start:m.end].text, m.partial, m.how)
            for d, ms in zip(docs, found) for m in ms]


# ------------------------------------------------------------------ derived forms

def test_forms_from_the_issue_with_reasons():
    assert _forms("Affordable coverage (as it relates to APTC)")["affordable coverage"] == "qualifier dropped"
    assert _forms("Out-of-pocket maximum/limit") == {"out-of-pocket maximum": "slash alternative",
                                                     "out-of-pocket limit": "slash alternative"}
    brain = _forms("Brain and Spinal Tumors")
    assert brain["brain tumors"] == brain["spinal tumors"] == "coordination"
    assert _forms("Swallowing Disorders")["disorders of swallowing"] == "word order"
    assert _forms("Disorders of Swallowing")["swallowing disorders"] == "word order"
    assert _forms("Aicardi-Goutieres Syndrome Disorder") == {"aicardi-goutieres syndrome": "redundant head"}
    vasc = _forms("Vasculitis Syndromes of the Central and Peripheral Nervous Systems")
    assert vasc["vasculitis syndromes of the central nervous systems"] == "coordination"
    assert vasc["vasculitis syndromes of the peripheral nervous systems"] == "coordination"
    assert _forms("Copayment") == {"co-payment": "joined spelling"}
    assert _forms("health care")["healthcare"] == "joined spelling"
    assert _forms("Colitis, Ulcerative")["ulcerative colitis"] == "inverted order"
    assert _forms("tumor") == {"tumour": "spelling"} and _forms("leukemia") == {"leukaemia": "spelling"}


def test_abbreviations_are_exact_case_and_lone_common_conjuncts_are_not_forms():
    assert ("ALS", "abbreviation", True) in derived_forms("Amyotrophic Lateral Sclerosis (ALS)")
    ucr = derived_forms("UCR (Usual, Customary, and Reasonable)")
    assert ("UCR", "qualifier dropped", True) in ucr
    assert ("Usual, Customary, and Reasonable", "expansion", False) in ucr
    # "stroke" alone is not "Atrial Fibrillation and Stroke"; "coverage" alone not "Summary of Benefits and Coverage"
    assert _forms("Atrial Fibrillation and Stroke") == {"atrial fibrillation": "coordination"}
    assert "coverage" not in _forms("Summary of Benefits and Coverage")
    assert _forms("Summary of Benefits and Coverage")["summary of coverage"] == "coordination"
    assert derived_forms("Bell's palsy") == ()  # possessives, plurals, hyphens: folded by the matcher itself


def test_derived_forms_match_with_their_reason():
    glossary = ("concepts:\n  - {name: Brain and Spinal Tumors, category: c}\n"
                "  - {name: Swallowing Disorders, category: c}\n"
                "  - {name: Out-of-pocket maximum/limit, category: c}\n"
                "  - {name: Affordable coverage (as it relates to APTC), category: c}\n")
    found = _page("Most brain tumors and spinal tumours are rare. Disorders of swallowing follow.\n\n"
                  "Your out-of-pocket limit and affordable coverage.", glossary)
    assert found == [("Brain and Spinal Tumors", "brain tumors", False, "coordination"),
                     ("Brain and Spinal Tumors", "spinal tumours", False, "spelling + coordination"),
                     ("Swallowing Disorders", "Disorders of swallowing", False, "word order"),
                     ("Out-of-pocket maximum/limit", "out-of-pocket limit", False, "slash alternative"),
                     ("Affordable coverage (as it relates to APTC)", "affordable coverage", False,
                      "qualifier dropped")]


def test_own_forms_win_and_shared_derived_forms_go_to_the_closest_or_none():
    # "brain tumors" is another concept's own name: "Brain and Spinal Tumors" does not take it
    glossary = ("concepts:\n  - {name: Brain and Spinal Tumors, category: c}\n  - {name: brain tumor, category: c}\n"
                "  - {name: Lung and Spinal Cancer, category: c}\n  - {name: Spinal and Lung Cancer, category: c}\n")
    found = _page("A brain tumor, a spinal tumour, and lung cancer.", glossary)
    # "lung cancer": two concepts derive it in one step each (coordination): no one's. "spinal tumour" is two steps
    # from "Brain and Spinal Tumors" (coordination, spelling) and three from the others (coordination, head synonym
    # "cancer" -> "tumor", spelling: `audit.terms.heads`): the closer derivation takes it (stop 30)
    assert found == [("brain tumor", "brain tumor", False, "name"),
                     ("Brain and Spinal Tumors", "spinal tumour", False, "spelling + coordination")]
    # BioRED's development set: "lung cancer" is one head synonym from *lung neoplasm*, two from *lung adenocarcinoma*
    glossary = "concepts:\n  - {name: lung neoplasm, category: d}\n  - {name: lung adenocarcinoma, category: d}\n"
    assert _page("Lung cancer is the leading cause of cancer death.", glossary) == [
        ("lung neoplasm", "Lung cancer", False, "head synonym")]


# ------------------------------------------------------------------ partial mentions

GRANDFATHERED = ("concepts:\n  - {name: Grandfathered Health Plan, category: plan}\n"
                 "  - {name: Qualified Health Plan, category: plan}\n  - {name: Plan, category: plan}\n"
                 "  - {name: facial nerve injury, category: cause}\n")


def test_partial_parts_keep_the_distinctive_first_word():
    assert partial_parts(("grandfathered", "health", "plan")) == {("grandfathered",), ("grandfathered", "health"),
                                                                 ("grandfathered", "plan")}
    assert partial_parts(("vasculitis", "syndrome", "of", "the", "central", "nervous", "system")) \
        == {("vasculitis",), ("vasculitis", "syndrome")}
    assert partial_parts(("facial", "nerve", "injury")) == set()  # "facial" is common; "injury" never alone
    assert partial_parts(("twitching", "of", "the", "face")) == set()  # its first word is its head
    assert partial_parts(("qualified", "health", "plan")) == set()


def test_partial_mentions_are_reported_as_partial():
    found = _page("These rights apply to grandfathered plans. A plan may be grandfathered. An injury heals. "
                  "Grandfathered means old.", GRANDFATHERED)
    assert found == [("Grandfathered Health Plan", "grandfathered plans", True, "partial: grandfathered plan"),
                     ("Plan", "plan", False, "name"),
                     ("Grandfathered Health Plan", "grandfathered", True, "partial: predicative"),  # plan ... be
                     ("Grandfathered Health Plan", "Grandfathered", True, "partial: grandfathered")]


def test_an_ambiguous_part_needs_the_page_to_name_its_concept():
    glossary = ("concepts:\n  - {name: Vasculitis Syndromes of the Central Nervous System, category: c}\n"
                "  - {name: Vasculitis Syndromes of the Peripheral Nervous System, category: c}\n")
    assert _page("Vasculitis is an inflammation of blood vessels.", glossary) == []  # two concepts: no evidence
    found = _page("Vasculitis syndromes of the peripheral nervous system are rare.\n\nVasculitis is an inflammation.",
                  glossary)
    assert [(c, t, p) for c, t, p, _h in found] == [
        ("Vasculitis Syndromes of the Peripheral Nervous System", "Vasculitis syndromes of the peripheral nervous "
         "system", False),
        ("Vasculitis Syndromes of the Peripheral Nervous System", "Vasculitis", True)]


def test_terms_csv_marks_partial_matches(tmp_path):
    corpus = tmp_path / "site"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Grandfathered plans\n\nThese rights do not apply to grandfathered plans, and a "
                                  "grandfathered plan keeps its rules.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Qualified health plans\n\nA qualified health plan meets the rules. Your grandfathered "
                                  "health plan may differ.\n", encoding="utf-8")
    g = tmp_path / "g.yml"
    g.write_text(GRANDFATHERED, encoding="utf-8")
    a = audit.run(corpus, audit.load_settings(None).replace(terms={"glossary": str(g)}), progress=False)
    t = a.tables["terms"].set_index(["page_id", "concept"])
    row = t.loc[("a", "Grandfathered Health Plan")]
    assert (row["count"], row["match"], row["partial_count"]) == (3, "partial", 3)
    assert row["how"] == "partial"
    row = t.loc[("b", "Grandfathered Health Plan")]
    assert (row["count"], row["match"], row["partial_count"], row["how"]) == (1, "full", 0, "name")
    assert int(a.pages.set_index("page_id").loc["a", "concepts_covered"]) == 1  # a partial mention covers it


def test_seed_tables_are_unchanged():
    """On the seeds no derived form or part matches: every row is a full match by a name or variant (the counts
    of tests/test_terms.py stand), but for two coordinations in the text (stop 18: "facial nerve injury or
    paralysis", "Facial twitching, or spasm")."""
    t = audit.run(ROOT / "corpus", progress=False).tables["terms"]
    assert set(t["match"]) == {"full"} and set(t["partial_count"]) == {0}
    assert set(t["how"]) == {"name", "variant", "name; variant", "name; coordination in the text",
                             "name; variant; coordination in the text"}
    coordinated = t[t["how"].str.contains("coordination")].set_index("page_id")["concept"].to_dict()
    assert coordinated == {"000_d90088967b95a8cd": "facial paralysis", "001_6eaccdd1c394f88b": "facial twitching"}


# ------------------------------------------------------------------ import and suggest

def test_import_reads_real_glossary_pages_and_csv():
    name, paras = read_page(FIX / "glossary" / "0100-01-01-affordable-coverage.md")
    assert name == "Affordable coverage (as it relates to APTC)" and len(paras) == 1
    assert paras[0].startswith("Employer coverage is considered affordable if the employee’s share")
    name, paras = read_page(FIX / "glossary" / "0100-01-01-grandfathered.md")
    assert (name, paras) == ("Grandfathered", ["As used in connection with the Affordable Care Act: Exempt from "
                                               "certain provisions of this law."])  # the <script> line is not text
    skipped: list[str] = []
    concepts = import_glossary([FIX / "glossary", FIX / "glossary.csv"], skipped=skipped)
    names = [c["name"] for c in concepts]
    assert len(names) == 8 and "Out-of-pocket maximum/limit" in names and "Federally Recognized Tribe" in names
    # the CSV's four rows name the pages' concepts again ("Co-payment": the same words as the page "Copayment")
    assert len(skipped) == 4 and sum("repeats" in s for s in skipped) == 3
    assert "'Co-payment': matches the same words as 'Copayment'" in skipped
    g = parse_glossary(to_yaml(concepts))
    assert len(g) == 8 and all(c.category == "term" and c.plain for c in g.concepts)


def test_front_matter_after_blank_lines(tmp_path):
    """HealthCare.gov's "Network Plan" glossary page starts with a blank line before its front matter."""
    page = tmp_path / "network-plan.md"
    page.write_text("\n---\nlang: en\ntitle: 'Network Plan'\n---\nA health plan that contracts with doctors.\n",
                    encoding="utf-8")
    assert read_page(page) == ("Network Plan", ["A health plan that contracts with doctors."])


def test_cli_import_then_run_accepts_the_glossary(tmp_path, capsys):
    out = tmp_path / "glossary.yml"
    assert cli_main(["glossary", "import", str(FIX / "glossary"), "-o", str(out)]) == 0
    assert cli_main(["glossary", "import", str(FIX / "glossary"), "-o", str(out)]) == 2  # never overwritten
    assert "exists" in capsys.readouterr().err
    csv_out = tmp_path / "from-csv.yml"
    assert cli_main(["glossary", "import", str(FIX / "glossary.csv"), "-o", str(csv_out), "--category", "cost"]) == 0
    assert [c.name for c in load_glossary(csv_out).concepts] == ["Premium", "Co-payment", "Grandfathered Health Plan",
                                                                "Out-of-pocket maximum/limit"]
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(FIX / "article-rights-and-protections.md", site / "rights.md")
    report = tmp_path / "out"
    assert cli_main(["run", str(site), "--glossary", str(out), "--out", str(report), "-q"]) == 0
    terms = pd.read_csv(report / "terms.csv").set_index(["page_id", "concept"])
    row = terms.loc[("rights", "Grandfathered Health Plan")]
    # the editors write "grandfathered plans", "grandfathered": partial mentions, the glossary names it in full
    assert row["match"] == "partial" and row["partial_count"] == row["count"] >= 3
    assert ("rights", "Copayment") in terms.index  # "copayments"
    assert cli_main(["glossary", "import", str(tmp_path / "missing")]) == 2


def test_suggest_offline_from_the_shipped_vocabulary(tmp_path):
    vocabulary = load_vocabulary()
    assert len(vocabulary.entries) > 3000 and "CC BY 4.0" in vocabulary.source
    found = {s["name"]: s for s in suggest(load_glossary(), vocabulary)}
    assert "Tourette disorder" in found["Tourette syndrome"]["suggested_variants"]
    assert "disseminated sclerosis" in found["multiple sclerosis"]["suggested_variants"]
    assert all("prolidase deficiency" not in s["suggested_variants"] for s in found.values())  # "PD" is ambiguous
    before = (ROOT / "audit" / "data" / "glossary.yml").read_bytes()
    out = tmp_path / "suggest.yml"
    assert cli_main(["glossary", "suggest", "-o", str(out)]) == 0
    assert "Tourette disorder" in out.read_text(encoding="utf-8")
    assert (ROOT / "audit" / "data" / "glossary.yml").read_bytes() == before  # never applied


def test_abbreviation_names_are_imported_exact_case(tmp_path):
    from audit.terms.glossary_import import is_abbreviation_name

    assert is_abbreviation_name("CHIP") and is_abbreviation_name("A-T") and is_abbreviation_name("HNPCC")
    assert not is_abbreviation_name("Premium") and not is_abbreviation_name("UCR (Usual, Customary)")
    csv = tmp_path / "g.csv"
    csv.write_text("name,plain\nCHIP,Children's Health Insurance Program\nPremium,What you pay\n", encoding="utf-8")
    g = parse_glossary(to_yaml(import_glossary([csv])))
    assert [(c.name, c.case_sensitive) for c in g.concepts] == [("CHIP", True), ("Premium", False)]


def test_a_longer_name_joins_its_last_two_words_in_lower_case():
    """(stop 40) "structured data type" is also written "structured datatype" (NumPy's `doc/source/dev/alignment.rst`,
    BSD-3-Clause, links "Creating structured datatypes with fields aligned like in a C-struct." to its glossary's
    *structured data type*); capitalised or one-letter words join nothing ("type B"), and the joined form is derived
    no further: "Osteopenia and sparse hair" gives no lone "osteopenia" (a coordination of the joined form)."""
    assert _forms("structured data type")["structured datatype"] == "joined spelling"
    assert not any(r == "joined spelling" for r in _forms("Brachydactyly type B").values())
    assert not any(r == "joined spelling" for r in _forms("Cockayne syndrome type II").values())
    assert "osteopenia" not in _forms("Osteopenia and sparse hair")
    assert _forms("Osteopenia and sparse hair")["osteopenia and sparsehair"] == "joined spelling"
    nlp = load_nlp("")
    cg = CompiledGlossary(parse_glossary("concepts:\n- name: structured data type\n  category: term\n"), nlp)
    doc = nlp.make_doc("Creating structured datatypes with fields aligned like in a C-struct.")
    assert [(doc[m.start:m.end].text, m.part) for m in cg.match(doc, partial=True)] == [("structured datatypes", -1)]
