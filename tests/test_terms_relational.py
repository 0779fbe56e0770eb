"""Term coverage, stop 18 (issue 19): an organ's relational adjective for its noun ("renal failure" / *kidney
failure*) where WordNet links the words and the shipped vocabularies write one for the other; the benchmark's second
recall column (shared word, read one way)."""
from __future__ import annotations

import json

from audit.terms.derivation import MIN_SUPPORT, RELATIONAL, RELATIONAL_REASON, relational_adjectives
from audit.terms.forms import derived_forms

from .test_term_heads import _script  # (a benchmarks/terms script as a module)
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ORGANS = ("concepts:\n  - {name: kidney failure, category: d}\n  - {name: acute liver failure, category: d}\n"
          "  - {name: heart disease, category: d}\n  - {name: lung neoplasm, category: d}\n"
          "  - {name: colon cancer, category: d}\n")


def _pairs() -> dict[tuple[str, str], int]:
    return {(a, n): int(k) for line in RELATIONAL.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#") for a, n, k in [line.split("\t")]}


def test_the_table_holds_pairs_both_sources_support():
    pairs = _pairs()
    assert pairs[("renal", "kidney")] >= 20 and pairs[("pulmonary", "lung")] >= 15
    assert min(pairs[p] for p in (("hepatic", "liver"), ("cardiac", "heart"), ("gastric", "stomach"))) >= MIN_SUPPORT
    # WordNet alone pairs these; no vocabulary writes one for the other
    assert not {("adrenal", "kidney"), ("hearty", "heart"), ("nosy", "nose"), ("brainy", "brain")} & set(pairs)
    # one disease's names only (hereditary non-polyposis colorectal / colon cancer): listed, below the threshold
    assert pairs[("colorectal", "colon")] < MIN_SUPPORT
    # same-stem pairs are `derivations`' own ("colonic" / "colon"), not this table's
    assert ("colonic", "colon") not in pairs


def test_the_table_is_rebuilt_byte_identical(tmp_path):
    out = tmp_path / "pertainyms.tsv"
    assert _script("build_pertainyms").main(["--out", str(out)]) == 0
    assert out.read_bytes() == RELATIONAL.read_bytes()


def test_support_counts_distinct_entries_with_a_name_each_way():
    support = _script("build_pertainyms").support(
        [("kidney cancer", ("renal cancer", "renal carcinoma", "kidney carcinoma")),  # one entry, two names: 1
         ("acute kidney failure", ("acute renal failure",)),
         ("heart attack", ("hearty attack",)),  # not a WordNet pair given here
         ("renal colic", ("kidney stone",))],  # the rest of the name differs: no support
        {("renal", "kidney")})
    assert {k: len(v) for k, v in support.items()} == {("renal", "kidney"): 2}


def test_a_modifier_is_written_as_its_relational_adjective_and_back():
    assert relational_adjectives("kidney failure") == [("renal failure", RELATIONAL_REASON, False)]
    assert relational_adjectives("Acute Liver Failure") == [("Acute Hepatic Failure", RELATIONAL_REASON, False)]
    assert relational_adjectives("renal cancer") == [("kidney cancer", RELATIONAL_REASON, False)]
    # the head keeps its word; a name with a stop word before its head is left alone
    assert relational_adjectives("heart") == relational_adjectives("disease of the heart") == []
    assert relational_adjectives("failure of the kidney") == []
    # below the support threshold: no form
    assert relational_adjectives("colorectal cancer") == []
    forms = {f: why for f, why, _ in derived_forms("kidney neoplasm")}
    assert forms["renal neoplasm"] == RELATIONAL_REASON and forms["renal tumor"] == "head synonym + relational adjective"
    # an adjective put for its noun is derived no further (no "disease of the cardiac", no "Pulmonary's tumor")
    assert "disease of the cardiac" not in {f for f, _, _ in derived_forms("heart disease")}
    assert not any("'s" in f for f, _, _ in derived_forms("Lung Cancer"))
    # the noun put for an adjective is (word order of a noun modifier)
    assert "cancer of the kidney" in {f for f, _, _ in derived_forms("renal cancer")}


def test_pages_that_write_the_adjective_or_the_noun_mention_the_concept():
    how = RELATIONAL_REASON
    assert _page("Patients developed renal failure.", ORGANS) == [("kidney failure", "renal failure", False, how)]
    assert _page("A case of acute hepatic failure.", ORGANS) == [
        ("acute liver failure", "acute hepatic failure", False, how)]
    assert _page("Cardiac disease and pulmonary tumours.", ORGANS) == [
        ("heart disease", "Cardiac disease", False, how),
        ("lung neoplasm", "pulmonary tumours", False, "head synonym + relational adjective")]
    # not a relational adjective of the table, or not before the head
    assert _page("Adrenal failure. Colorectal cancer. Failure of the renal graft.", ORGANS) == []


def test_the_second_recall_column_reads_only_mentions_named_one_way(tmp_path):
    """score.py's `recall, shared word read one way`: shared-word gold mentions minus those whose shared words are
    generic heads only, and those whose words the set's own annotation gives another id elsewhere."""
    folder = tmp_path / "toy"
    (folder / "pages").mkdir(parents=True)
    text = ("Hereditary disease runs in families. Breast tumour and breast tumour again. Kidney failure.\n")
    (folder / "pages" / "p1.txt").write_text(text, encoding="utf-8")
    (folder / "glossary.yml").write_text(
        "concepts:\n  - {name: autosomal dominant disease, category: d}\n  - {name: breast cancer, category: d}\n"
        "  - {name: hereditary breast cancer syndrome, category: d}\n  - {name: kidney failure, category: d}\n",
        encoding="utf-8")

    def gold(span, concept, ids):
        start = text.index(span[0], span[1])
        return {"page": "p1", "start": start, "end": start + len(span[0]), "text": span[0], "concepts": [concept],
                "ids": ids}

    rows = [gold(("Hereditary disease", 0), "autosomal dominant disease", ["D1"]),  # only "disease" shared
            gold(("Breast tumour", 0), "breast cancer", ["D2"]),
            gold(("breast tumour", 50), "hereditary breast cancer syndrome", ["D3"]),  # the same words, another id
            gold(("Kidney failure", 0), "kidney failure", ["D4"])]
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    audit = _script("score").score_set(folder)["audit"]
    assert (audit["gold_shared"], audit["found_shared"]) == (4, 2)  # the first "breast tumour" and kidney failure
    assert (audit["gold_one"], audit["found_one"]) == (1, 1)  # kidney failure only
