"""The CNCF Cloud Native Glossary (stop 32): `audit glossary import` over a Hugo site's concept pages, the
`cncf-glossary` set's builder (`benchmarks/terms/build_cncf.py`) and the part-word counts
(`benchmarks/terms/part_words.py`), on six of the site's own pages (`tests/fixtures/cncf-glossary/en/`, verbatim,
CC BY 4.0); no corpus or mirror needed."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "benchmarks" / "terms"
EN = ROOT / "tests" / "fixtures" / "cncf-glossary" / "en"


def _terms_module(name: str):
    spec = importlib.util.spec_from_file_location("build", TERMS / "build.py")  # (puts its folder on sys.path)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert str(TERMS) in sys.path
    return importlib.import_module(name)


def test_import_reads_a_hugo_folder_as_the_site_shows_it():
    """`Title:` (Hugo's keys have no case) is the name; the draft and the section's list page `_index.md` are left
    out with a line each; the indented front matter of "Stateless Apps" is read."""
    from audit.terms.glossary_import import import_glossary

    skipped: list[str] = []
    concepts = import_glossary([EN], skipped=skipped)
    assert [c["name"] for c in concepts] == ["Autoscaling", "Containers", "Serverless", "Stateless Apps"]
    serverless = next(c for c in concepts if c["name"] == "Serverless")
    assert serverless["plain"].startswith("Serverless Computing abstracts servers away from the user.")
    assert len(skipped) == 2
    assert "_index.md: a section's list page" in skipped[0] and "give it by name" in skipped[0]
    assert "firewall.md: a draft (front matter `draft: true`)" in skipped[1]


def test_import_reads_a_list_page_given_by_name():
    """Given by name, `_index.md` is read as any page (here a one-page glossary of its three sections)."""
    from audit.terms.glossary_import import import_glossary

    concepts = import_glossary([EN / "_index.md"])
    assert [c["name"] for c in concepts] == ["Contributing", "Acknowledgements", "License"]


def test_imported_glossary_is_what_audit_run_reads():
    from audit.nlp import load_nlp
    from audit.terms.glossary import CompiledGlossary
    from audit.terms.glossary_file import parse_glossary
    from audit.terms.glossary_import import import_glossary, to_yaml

    glossary = parse_glossary(to_yaml(import_glossary([EN])), name="cncf.yml")
    cg = CompiledGlossary(glossary, load_nlp(""))
    doc = load_nlp("").make_doc("Stateless apps run in containers.")
    assert sorted(glossary.concepts[m.concept].name for m in cg.match(doc)) == ["Containers", "Stateless Apps"]


SLUGS = {"scalability": "Scalability", "virtualization": "Virtualization", "containerization": "Containerization",
         "horizontal-scaling": "Horizontal Scaling", "vertical-scaling": "Vertical Scaling",
         "abstraction": "Abstraction", "runtime": "Runtime", "virtual-machine": "Virtual Machine"}


def _render(page: str, title: str):
    build_cncf = _terms_module("build_cncf")
    from audit.terms.glossary_import import _front_matter

    body = _front_matter((EN / page).read_text(encoding="utf-8"))[1]
    return build_cncf.render(title, body, SLUGS)


def test_a_concept_page_gives_its_text_and_the_linked_mentions():
    """The title, the body as rendered (headings and the "Related terms" list are text; the sign-language shortcode
    is not), each link to a concept's page a gold span on that text."""
    text, spans, others = _render("auto-scaling.md", "Autoscaling")
    assert text.startswith("Autoscaling\n\nAutoscaling is the ability of a system to scale automatically,")
    assert text.endswith("Related terms\n\nHorizontal Scaling\n\nVertical Scaling") and "{{" not in text
    assert [(text[s:e], c, related) for s, e, c, related in spans] == [
        ("scale", "Scalability", False), ("virtualizing", "Virtualization", False),
        ("containerizing", "Containerization", False),
        ("Horizontal Scaling", "Horizontal Scaling", True), ("Vertical Scaling", "Vertical Scaling", True)]
    assert others == []


def test_links_to_pages_that_are_no_concept_are_text_only():
    """Serverless links to three pages the mapping does not hold (here: left out of `SLUGS`, as a draft would be):
    their text stays, no gold."""
    text, spans, others = _render("serverless.md", "Serverless")
    assert [(text[s:e], c) for s, e, c, _ in spans] == [("abstracts", "Abstraction"), ("runtimes", "Runtime"),
                                                         ("Scaling", "Scalability"), ("VMs", "Virtual Machine")]
    assert others == ["/infrastructure-as-a-service/", "/cloud-computing/", "/function-as-a-service/"]
    assert "In traditional Infrastructure-as-a-Service (IaaS) cloud computing models" in text


def test_hrefs_name_a_page_slug():
    build_cncf = _terms_module("build_cncf")
    assert build_cncf.slug_of_href("/container/") == "container"
    assert build_cncf.slug_of_href("https://glossary.cncf.io/containerization/") == "containerization"
    assert build_cncf.slug_of_href("/container/#problem") == "container"
    assert build_cncf.slug_of_href("#problem") == ""
    assert build_cncf.slug_of_href("https://landscape.cncf.io/") is None
    assert build_cncf.slug_of_href("/images/homepage/kubecon.jpg") is None


@pytest.fixture
def tiny_set(tmp_path):
    """A set folder of two of the site's pages, as `build_cncf` writes one (glossary imported, gold from links)."""
    from audit.terms.glossary_import import import_glossary, to_yaml

    concepts = [{"name": n, "category": "glossary"} for n in ("Horizontal Scaling", "Vertical Scaling",
                                                             "Scalability", "Stateful Apps")]
    concepts += import_glossary([EN / "auto-scaling.md", EN / "stateless-apps.md"])
    (tmp_path / "glossary.yml").write_text(to_yaml(concepts), encoding="utf-8")
    (tmp_path / "pages").mkdir()
    gold = []
    slugs = {**SLUGS, "stateful-apps": "Stateful Apps"}
    build_cncf = _terms_module("build_cncf")
    from audit.terms.glossary_import import _front_matter

    for page, title in (("auto-scaling", "Autoscaling"), ("stateless-apps", "Stateless Apps")):
        body = _front_matter((EN / f"{page}.md").read_text(encoding="utf-8"))[1]
        text, spans, _ = build_cncf.render(title, body, slugs)
        (tmp_path / "pages" / f"{page}.txt").write_text(text + "\n", encoding="utf-8")
        gold += [{"page": page, "start": s, "end": e, "text": text[s:e], "concepts": [c]} for s, e, c, _ in spans]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return tmp_path


def test_part_words_count_lone_words_by_link(tiny_set):
    """"stateful" of *Stateful Apps*: once lone inside the link "stateful applications" to its concept, and in the
    sentence "these apps are state*less*" no more; "scaling" of *Horizontal Scaling* and *Vertical Scaling*: inside
    their names (the Related terms list), and lone, unlinked, in "scaling back"."""
    part_words = _terms_module("part_words")
    r = part_words.count_set(tiny_set)
    rows = {(x["word"], x["concept"]): x for x in r["rows"]}
    stateful = rows[("stateful", "Stateful Apps")]
    assert stateful["occurrences"] == 1 and stateful["lone, linked to its concept"] == 1
    scaling = rows[("scaling", "Horizontal Scaling")]
    assert scaling["in a name"] == 2 and scaling["lone, unlinked"] == 1 and not scaling.get("lone, linked to another")
    assert rows[("scaling", "Vertical Scaling")]["names holding it"] == 2
    assert part_words.precision(stateful) == "1.000 (1/1)"



def test_part_words_read_an_everyday_word_by_what_the_page_names(tiny_set):
    """(stop 32) The restricted rules: "apps" in "these apps are stateless" (page *Stateless Apps*) is an everyday
    word of two names (*Stateless Apps*, *Stateful Apps*); the page names the first in full at its start and the
    second ("stateful applications") in its last sentence — so the rule "exactly one of its concepts named before the
    word" reads it as *Stateless Apps* (unlinked: not judged), the same rule "anywhere on the page" reads nothing, and
    no rule of one name only fires ("apps" is in two)."""
    part_words = _terms_module("part_words")
    named = part_words.count_set(tiny_set)["named"]
    before, anywhere = part_words.NAMED[4], part_words.NAMED[3]
    assert named[before]["lone, unlinked"] == 1
    assert dict(named[before]["(unlinked)"]) == {("app", "Stateless Apps", False): 1}
    assert not named[anywhere]["(unlinked)"] and not named[anywhere]["(examples)"]
    assert all(not named[rule]["(unlinked)"] and not named[rule]["(examples)"] for rule in part_words.NAMED[:3])
    assert part_words.precision(named[before]) == "–"
