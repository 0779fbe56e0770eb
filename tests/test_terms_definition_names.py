"""Issue 19, stop 34: the other names a concept's own definition gives it (`audit.terms.definition_names`), read from
real glossaries imported with `audit glossary import`: HealthCare.gov's glossary pages (Public Domain Mark 1.0) and
the CNCF Cloud Native Glossary's concept pages (CC BY 4.0), verbatim in `tests/fixtures/definition-names/` (see
`tests/fixtures/README.md`)."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.cli import main as cli_main
from audit.nlp import load_nlp
from audit.terms.definition_names import REASON, readings
from audit.terms.glossary import _form_key_sequences
from audit.terms.glossary_file import GlossaryError, parse_glossary
from audit.terms.glossary_import import import_glossary, to_yaml

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

FIXTURES = Path(__file__).parent / "fixtures" / "definition-names"
PYPUG = Path(__file__).parent / "fixtures" / "pypug" / "glossary.html"


def _imported(folder: str) -> str:
    return to_yaml(import_glossary([FIXTURES / folder]))


def _read(glossary_text: str) -> list[tuple[str, str, str, bool, str]]:
    nlp = load_nlp("")
    glossary = parse_glossary(glossary_text)
    tokenize = lambda text: [t.text for t in nlp.make_doc(text) if not t.is_space]  # noqa: E731
    return [(glossary.concepts[r.concept].name, r.form, r.rule, r.taken, r.why_not)
            for r in readings(glossary, tokenize, _form_key_sequences)]


def test_healthcare_gov_definitions_name_their_concepts():
    """Every name HealthCare.gov's definitions give their own concept, and no other: *Medicare*'s "End-Stage Renal
    Disease (…, sometimes called ESRD)" names another thing, *Employer Shared Responsibility Payment*'s "a tax
    payment called the ESRP" is said of "a tax payment"; a name another concept has is not taken (*Formulary* and
    *Drug List* name each other: one thing, two concepts), nor one two definitions give (the donut hole pages)."""
    assert _read(_imported("healthcare-gov")) == [
        ("Allowed Amount", "eligible expense", "pronoun", True, ""),
        ("Allowed Amount", "payment allowance", "pronoun", True, ""),
        ("Allowed Amount", "negotiated rate", "pronoun", True, ""),
        ("Donut Hole, Medicare Prescription Drug", "donut hole", "quoted part", False, "two definitions name it"),
        ("Flexible Benefits Plan", "Cafeteria plan", "elided", True, ""),
        ("Flexible Benefits Plan", "IRS 125 Plan", "elided", True, ""),
        ("Formulary", "drug list", "elided", False, "'Drug List' has it"),
        ("Health Reimbursement Account (HRA)", "Health Reimbursement Arrangements", "subject", True, ""),
        ("Medicare Prescription Drug Donut Hole", "donut hole", "quoted part", False, "two definitions name it"),
        ("Preauthorization", "prior authorization", "elided", False, "'Prior Authorization' has it"),
        ("Preauthorization", "prior approval", "elided", True, ""),
        ("Preauthorization", "precertification", "elided", True, ""),
        ("Advanced Premium Tax Credit", "premium tax credit", "elided", False, "'Premium Tax Credit' has it"),
        ("Drug List", "formulary", "elided", False, "'Formulary' has it"),
    ]


def test_cncf_definitions_name_their_concepts_not_what_they_describe():
    """The CNCF glossary's namings of the concept itself (its name, or a form of it, the subject: "Vertical scaling,
    also known as …", "Cloud native technologies, also referred to as …", "A (digital) certificate — also often
    referred to as …, or …"; a quoted part of its name: "running on "bare metal.""), and none of the namings of
    something else: "Each activity taken by a service is referred to as an event" (*Event Streaming*), "a virtual
    computer, referred to as a VM" (*Host*, *Nodes*), "a physical computer, sometimes called a server"
    (*Virtualization*)."""
    assert _read(_imported("cncf")) == [
        ("Bare Metal Machine", "bare metal", "quoted part", True, ""),
        ("Cloud Native Technology", "cloud native stack", "subject", True, ""),
        ("Digital Certificate", "public key certificate", "subject", True, ""),
        ("Digital Certificate", "SSL certificate", "subject", True, ""),
        ("Vertical Scaling", "scaling up and down", "subject", True, ""),
    ]


def test_the_matcher_counts_a_name_read_from_the_definition_with_its_reason():
    """HealthCare.gov's *Health Reimbursement Account (HRA)* in its own words, and the CNCF's *Bare Metal Machine*:
    the names match as the concept, terms.csv's `how` says why; "prior authorization" stays *Prior Authorization*'s."""
    text = ("Health Reimbursement Accounts are sometimes called Health Reimbursement Arrangements.\n\n"
            "Installing an operating system and running applications directly on that physical hardware, without "
            "virtualization, is referred to as running on “bare metal.”\n\n"
            "Sometimes called prior authorization, prior approval or precertification.")
    glossary = _imported("healthcare-gov") + _imported("cncf").split("concepts:\n", 1)[1]
    found = _page(text, glossary)
    assert ("Health Reimbursement Account (HRA)", "Health Reimbursement Arrangements", False, REASON) in found
    assert ("Bare Metal Machine", "bare metal", False, REASON) in found
    assert ("Prior Authorization", "prior authorization", False, "name") in found
    assert ("Preauthorization", "prior approval", False, REASON) in found
    assert ("Preauthorization", "precertification", False, REASON) in found
    # folded as the glossary's own forms are (plural, hyphen), derived no further (no "priority approval", the
    # derivation rule's adjective -> noun, nor "approval of prior", its word order)
    assert _page("A health reimbursement arrangement; prior-approvals.", glossary) == [
        ("Health Reimbursement Account (HRA)", "health reimbursement arrangement", False, REASON),
        ("Preauthorization", "prior-approvals", False, REASON)]
    assert _page("A priority approval. The approval of prior plans.", glossary) == []


def test_a_glossary_can_refuse_the_names_its_definitions_give(tmp_path, capsys):
    """`definition_names: false` on a concept or at the top: its definition's names are not its forms; `audit
    glossary check` lists every name read, taken or not."""
    glossary = _imported("healthcare-gov")
    refused = glossary.replace("- name: Flexible Benefits Plan\n", "- name: Flexible Benefits Plan\n"
                                                                   "  definition_names: false\n")
    assert [r[:2] for r in _read(refused) if r[0] == "Flexible Benefits Plan"] == []
    assert _page("A Cafeteria plan.", refused) == []
    assert _page("A Cafeteria plan.", glossary) == [("Flexible Benefits Plan", "Cafeteria plan", False, REASON)]
    assert _read("definition_names: false\n" + glossary) == []
    with pytest.raises(GlossaryError, match="`definition_names` must be true or false"):
        parse_glossary("concepts:\n  - {name: A, category: b, definition_names: maybe}\n")
    path = tmp_path / "glossary.yml"
    path.write_text(glossary, encoding="utf-8")
    assert cli_main(["glossary", "check", "--glossary", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert ("audit: note: 'Flexible Benefits Plan' is also 'Cafeteria plan': named in its definition ('Also known as "
            "a Cafeteria plan or IRS 125 Plan.'); if it is not, say `definition_names: false` on the concept (and "
            "list its right names as variants)") in err
    assert ("audit: note: 'Formulary': its definition names 'drug list' ('Also called a drug list.'), not taken: "
            "'Drug List' has it (if the two are one thing, merge them)") in err
    assert err[-1] == "checked 13 concept(s): 0 pair(s) the matcher reads as one thing"


def test_a_sphinx_glossary_keeps_its_whole_definition_and_its_second_paragraph_names_the_concept():
    """(stop 35) The Python Packaging User Guide's glossary (`tests/fixtures/pypug/glossary.html`, CC BY-SA 3.0):
    `plain` is a definition's first paragraph, `definition` the whole (paragraphs apart) when it runs past it; the
    second paragraph of *Distribution Package* names it "distribution" ("… is more commonly referred to with the
    single words "package" or "distribution", but this guide may use …": the list ends where the clause begins),
    while "package", which *Import Package*'s definition gives its concept too, is taken by neither."""
    concepts = {c["name"]: c for c in import_glossary([PYPUG])}
    dist = concepts["Distribution Package"]
    assert dist["plain"] == ("A versioned archive file that contains Python packages, modules, and other resource "
                             "files that are used to distribute a Release. The archive file is what an end-user will "
                             "download from the internet and install.")
    assert dist["definition"].startswith(dist["plain"] + "\n\nA distribution package is more commonly referred to "
                                         "with the single words “package” or “distribution”, but")
    assert dist["definition"].count("\n\n") == 1
    assert "definition" not in concepts["Wheel Project"]  # (a definition of one paragraph: `plain` is all of it)
    text = to_yaml(list(concepts.values()))
    assert _read(text) == [
        ("Distribution Package", "package", "subject", False, "two definitions name it"),
        ("Distribution Package", "distribution", "subject", True, ""),
        ("Import Package", "package", "subject", False, "two definitions name it"),
    ]
    # what `audit run` counts: "distributions" is *Distribution Package*, with its reason; "packages" is no concept
    assert _page("Upload your distributions and packages to the index.", text) == [
        ("Distribution Package", "distributions", False, REASON)]
    # the same glossary without the whole definitions (`plain` only) names nothing: the naming is in paragraph two
    plain_only = to_yaml([{k: v for k, v in c.items() if k != "definition"} for c in concepts.values()])
    assert _read(plain_only) == []


def test_a_definition_is_read_paragraph_by_paragraph():
    """A paragraph ends a sentence (a heading or a list item has no full stop): "… Distribution" then "A distribution
    package is more commonly called a "dist"." is two sentences, the second read with its subject."""
    text = ("concepts:\n- name: Distribution Package\n  category: term\n  plain: Packages\n"
            "  definition: \"Packages\\n\\nA distribution package is more commonly called a \\\"dist\\\".\"\n")
    assert _read(text) == [("Distribution Package", "dist", "subject", True, "")]
    joined = text.replace("\\n\\n", " ")
    assert _read(joined) == []
