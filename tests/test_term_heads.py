"""Head-noun synonyms read from the open vocabularies (`audit.terms.heads`) and the NCBI-disease benchmark's naming of
its concepts by the vocabularies' labels (`benchmarks/terms/build.py`): issue 19, stop 15."""
from __future__ import annotations

import collections
import importlib.util
from pathlib import Path

from audit.terms.forms import derived_forms
from audit.terms.heads import MIN_SUPPORT, TABLE, head_partners, head_synonyms
from tests.test_term_forms import _page

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "terms" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_table_pairs_heads_the_vocabularies_interchange():
    partners = head_partners()
    assert {"tumor", "cancer"} <= set(partners["neoplasm"]) and "carcinoma" in partners["cancer"]
    assert "syndrome" in partners["disease"]
    support = {tuple(line.split("\t")[:2]): int(line.split("\t")[2])
               for line in TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}
    assert support[("neoplasm", "tumor")] >= 200 and support[("disease", "fever")] < MIN_SUPPORT
    assert "fever" not in partners.get("disease", ())  # (too few names pair them)


def test_the_table_is_rebuilt_byte_identical(tmp_path):
    out = tmp_path / "heads.tsv"
    assert _script("build_heads").main(["--out", str(out)]) == 0
    assert out.read_bytes() == TABLE.read_bytes()


def test_head_pairs_count_distinct_names_per_pair():
    pairs = _script("build_heads").head_pairs([("breast neoplasm", ("breast tumor", "Breast tumours", "tumor")),
                                               ("lung neoplasm", ("lung tumor", "neoplasm of the lung")),
                                               ("Fabry disease", ("Fabry's disease", "Fabry of disease"))])
    assert pairs[("neoplasm", "tumor")] == {("breast",), ("lung",)}
    assert pairs[("neoplasm", "tumour")] == {("breast",)} and ("of", "disease") not in pairs


def test_head_synonyms_swap_specific_heads_twice_at_most_and_never_generic_ones():
    forms = {f.casefold(): why for f, why, _ in derived_forms("breast neoplasm")}
    assert forms["breast tumor"] == forms["breast cancer"] == "head synonym"
    assert forms["cancer of the breast"] == "head synonym + word order"
    assert forms["breast carcinoma"] == "head synonym + head synonym"  # (neoplasm / carcinoma: 9 names only)
    assert "breast adenocarcinoma" not in forms  # (a third swap)
    assert [f for f, _, _ in head_synonyms("breast carcinomas")] == ["breast cancer", "breast adenocarcinoma"]
    assert head_synonyms("Fabry disease") == head_synonyms("Kniest dysplasia") == []  # no generic head swapped
    assert "Cushing syndrome" not in {f for f, _, _ in derived_forms("Cushing disease")}
    assert head_synonyms("neoplasm") == head_synonyms("tumor of the breast") == []  # one word; head first


def test_a_head_synonym_matches_with_its_reason_and_never_takes_another_concepts_name():
    glossary = "concepts:\n  - {name: breast neoplasm, category: d}\n  - {name: prostate cancer, category: d}\n"
    found = _page("Breast cancer and prostate carcinoma; a breast tumour.", glossary)
    assert found == [("breast neoplasm", "Breast cancer", False, "head synonym"),
                     ("prostate cancer", "prostate carcinoma", False, "head synonym"),
                     ("breast neoplasm", "breast tumour", False, "head synonym")]
    both = glossary + "  - {name: breast cancer, category: d}\n"
    assert _page("Breast cancer.", both) == [("breast cancer", "Breast cancer", False, "name")]


def test_ncbi_ids_are_named_by_the_vocabularies_label():
    build = _script("build")
    surfaces = {"D001943": collections.Counter({"breast cancer": 73}),  # Mondo: breast neoplasm
                "D005600": collections.Counter({"fragile X syndrome": 13}),  # one Mondo disease with OMIM:300624
                "OMIM:300624": collections.Counter({"FMR1 deficiency": 1}),
                "D011125": collections.Counter({"APC": 96, "FAP": 39}),  # not in Mondo's table: the DO's label
                "D005334": collections.Counter({"fever": 6})}  # in neither table: its most frequent mention
    named = build.name_ncbi_ids(surfaces)
    assert named == {"D001943": "breast neoplasm", "D005600": "fragile X syndrome",
                     "OMIM:300624": "fragile X syndrome", "D011125": "familial adenomatous polyposis",
                     "D005334": "fever"}
    assert build.name_ncbi_ids(surfaces, "mention") == {"D001943": "breast cancer", "D005600": "fragile X syndrome",
                                                        "OMIM:300624": "FMR1 deficiency", "D011125": "APC",
                                                        "D005334": "fever"}


def test_codes_of_a_names_modifier_words():
    from audit.terms.derivation import code_forms

    assert code_forms("complement component 9 deficiency") == [("CC9 deficiency", "code", False),
                                                                ("C9 deficiency", "code", False)]
    assert code_forms("Glucose-6-Phosphate Dehydrogenase Deficiency") == [("G6PD Deficiency", "code", False)]
    assert code_forms("cholesterol-ester transfer protein deficiency") == [("CETP deficiency", "code", False)]
    assert code_forms("Gilles de la Tourette syndrome") == []  # an eponym with particles
    assert code_forms("immune system disorder") == []  # ("IS": a code of 2 letters and no number is too short)
    assert code_forms("autosomal dominant congenital disorder of the eye") == []  # a stop word
    assert code_forms("breast neoplasm") == code_forms("Aicardi-Goutieres Syndrome Disorder") == []
    glossary = "concepts:\n  - {name: complement component 9 deficiency, category: d}\n"
    assert _page("C9 deficiency; a complete deficiency of C9.", glossary) == [
        ("complement component 9 deficiency", "C9 deficiency", False, "code"),
        ("complement component 9 deficiency", "deficiency of C9", False, "code + word order")]
