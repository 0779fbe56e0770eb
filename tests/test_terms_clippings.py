"""Term coverage, stop 32 (issue 19): clippings, a process name's verb, and two part defects, on the CNCF Cloud
Native Glossary's own pages (`tests/fixtures/cncf-glossary/`, verbatim, CC BY 4.0) and two of letsencrypt.org's
glossary definitions (`tests/fixtures/letsencrypt/glossary-cross-signing.md`, verbatim, MPL 2.0):

- a clipped word and its full word are one word (`clipping`: "Cloud Native Apps" / "cloud native applications"),
  from the shipped table `audit/data/clippings-wordnet.tsv` (WordNet 3.0's synsets; "app" by hand, cited);
- a one-word process name ("Containerization") is also written as its verb ("containerizing"), a name ending in a
  gerund ("Cross Signing") as its participle ("cross signed") (`word family`);
- a part written in a plural spaCy's lemma table does not fold ("microservices") also stands for its singular;
- an "-ary" word WordNet knows mostly as a noun ("canary") is no adjective: it may be a one-word part."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from audit.terms.derivation import clippings, word_family
from audit.terms.forms import derived_forms
from audit.terms.keys import unfolded_singular
from audit.terms.parts import adjective_ending

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "cncf-glossary" / "pages"
EN = ROOT / "tests" / "fixtures" / "cncf-glossary" / "en"
LE = ROOT / "tests" / "fixtures" / "letsencrypt" / "glossary-cross-signing.md"


def _glossary(*names: str) -> str:
    return "concepts:\n" + "".join(f"  - {{name: {n}, category: t}}\n" for n in names)


def _text(path: Path) -> str:
    """A page's Markdown body (front matter dropped), its links' text kept: "[canary](/canary-deployment/)"."""
    import re

    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)


def test_the_clipping_table_holds_unambiguous_clippings_only():
    rows = [line.split("\t") for line in (ROOT / "audit" / "data" / "clippings-wordnet.tsv").read_text(
        encoding="utf-8").splitlines() if not line.startswith("#")]
    pairs = {(s, lg) for s, lg, _, _ in rows}
    both = {(s, lg) for s, lg, ways, _ in rows if ways == "both"}
    assert ("flu", "influenza") in both and ("exam", "examination") not in both and ("app", "application") not in both
    assert {("lab", "laboratory"), ("info", "information"), ("exam", "examination"), ("flu", "influenza"),
            ("gym", "gymnasium"), ("polio", "poliomyelitis")} <= pairs
    assert ("app", "application") in pairs and dict(((s, lg), src) for s, lg, _, src in rows)[
        ("app", "application")].startswith("by hand: Merriam-Webster")  # (WordNet 3.0 has no "app")
    shorts = {s for s, _ in pairs}
    assert not shorts & {"vet", "cap", "back", "net", "spit", "phone", "pro"}  # (ambiguous, a compound, a suffix)


def test_the_build_rule_tells_a_clipping_from_a_compound_or_a_suffix():
    terms = ROOT / "benchmarks" / "terms"
    if str(terms) not in sys.path:  # (the builder imports its sibling `wordnet_tables`, as when run as a script)
        sys.path.insert(0, str(terms))
    spec = importlib.util.spec_from_file_location("build_clippings", terms / "build_clippings.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    probs = {"bone": -9.0, "oratory": -14.5}
    assert build.clipping("lab", "laboratory", probs) and build.clipping("flu", "influenza", probs)
    assert not build.clipping("back", "backbone", probs)  # (a compound: "bone" is a word)
    assert not build.clipping("spit", "spitting", probs) and not build.clipping("hernia", "herniation", probs)
    assert not build.clipping("phone", "telephone", probs)  # (the end of a word: a compound's head)


def test_a_clipped_word_is_written_in_full_and_back():
    assert ("Cloud Native Applications", "clipping", False) in derived_forms("Cloud Native Apps")
    assert clippings("Influenza") == [("Flu", "clipping", False)]
    assert clippings("Lab Tests") == [("Laboratory Tests", "clipping", False)]
    assert clippings("Veterinarian") == []  # ("vet" is also a veteran)
    # the long word clipped only where the two mean the same: "exam" is no doctor's examination
    assert clippings("physical examination") == [] and clippings("Laboratory Tests") == []
    # derived no further ("Laboratorytests"); a form of another step is clipped too ("Tests of Lab" -> "… Laboratory")
    assert [f for f, why, _ in derived_forms("Lab Tests") if why.startswith("clipping")] == ["Laboratory Tests"]
    assert ("Tests of Laboratory", "word order + clipping", False) in derived_forms("Lab Tests")


def test_cloud_native_applications_are_cloud_native_apps_on_the_sites_page():
    found = _page(_text(PAGES / "cloud-native-apps.md"), _glossary("Cloud Native Apps", "Cloud Computing"))
    apps = [(t, how) for c, t, partial, how in found if c == "Cloud Native Apps"]
    assert apps[:2] == [("Cloud native applications", "clipping"), ("Cloud native applications", "clipping")]


def test_a_process_name_is_written_as_its_verb():
    assert [f for f, _, _ in word_family("Containerization")][:4] == [
        "containerize", "containerized", "containerizing", "containerizes"]
    assert word_family("Scalability") == [] and word_family("Reliability") == []  # (an adjective names nothing)
    found = _page(_text(EN / "auto-scaling.md"), _glossary("Containerization", "Virtualization", "Autoscaling"))
    verbs = {(c, t.lower(), how) for c, t, _, how in found if how == "word family"}
    assert verbs == {("Containerization", "containerizing", "word family"),
                     ("Virtualization", "virtualizing", "word family")}


def test_a_gerund_name_is_written_as_its_participle():
    assert word_family("Cross Signing") == [("Cross signed", "word family", False), ("Cross signs", "word family",
                                                                                      False)]
    found = _page(_text(LE), _glossary("Cross Signing", "Root certificate", "Certificate Authority (CA)"))
    assert [(c, t) for c, t, _, _ in found if c == "Cross Signing"] == [
        ("Cross Signing", "cross signed"), ("Cross Signing", "cross-signed")]


def test_a_part_in_an_unfolded_plural_stands_for_its_singular():
    assert unfolded_singular("microservices") == "microservice"
    assert unfolded_singular("services") is None  # (the lemma table folds it)
    assert unfolded_singular("sclerosis") is None and unfolded_singular("process") is None
    found = _page(_text(PAGES / "loosely-coupled-architecture.md"),
                  _glossary("Microservices Architecture", "Loosely Coupled Architecture"))
    assert ("Microservices Architecture", "microservice", True, "partial: microservice") in found


def test_a_noun_ending_in_ary_may_stand_for_its_name():
    assert not adjective_ending("canary") and not adjective_ending("library")
    assert adjective_ending("coronary") and adjective_ending("pulmonary") and adjective_ending("primary")
    found = _page(_text(PAGES / "continuous-delivery.md"),
                  _glossary("Canary Deployment", "Blue Green Deployment", "Continuous Delivery (CD)"))
    assert [(c, t, p) for c, t, p, _ in found if c == "Canary Deployment"] == [("Canary Deployment", "canary", True)]
