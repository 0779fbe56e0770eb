"""The Python Packaging User Guide (stop 33): `audit glossary import` of a Sphinx glossary page (`<dl
class="glossary">`, a "¶" permalink after every term, several terms of one definition) and the `pypug-glossary`
set's builder (`benchmarks/terms/build_pypug.py`), on the site's own built pages (`tests/fixtures/pypug/`, CC BY-SA
3.0); no Sphinx, corpus or mirror needed."""
from __future__ import annotations

from pathlib import Path

from .test_terms_cncf import _terms_module  # (a benchmarks/terms module, as build.py imports it)

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "benchmarks" / "terms"
PYPUG = ROOT / "tests" / "fixtures" / "pypug"
NAMES = ["Build Backend", "Distribution Package", "Import Package", "Known Good Set (KGS)", "License Expression",
         "Python Package Index (PyPI)", "setup.py", "Source Distribution (or “sdist”)", "Wheel Format", "Wheel Project"]


def _build_pypug():
    return _terms_module("build_pypug")


def _doc(path: Path):
    from lxml import html as lxml_html

    return lxml_html.document_fromstring(path.read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))


def test_sphinx_glossary_is_one_concept_per_definition():
    """The names as the site shows them, without the "¶" permalink Sphinx appends to each term; the second term of
    a definition is its concept's variant, reported ("Wheel" of *Wheel Format*: the site's most linked term)."""
    from audit.terms.glossary_import import import_glossary

    skipped: list[str] = []
    read_as: list[str] = []
    concepts = import_glossary([PYPUG / "glossary.html"], skipped=skipped, read_as=read_as)
    assert [c["name"] for c in concepts] == NAMES
    assert skipped == []  # (Furo's navigation and search are lists and forms, not definition lists)
    by_name = {c["name"]: c for c in concepts}
    assert by_name["Wheel Format"]["variants"] == ["Wheel"]
    assert by_name["License Expression"]["variants"] == ["SPDX Expression"]
    assert by_name["setup.py"]["variants"] == ["setup.cfg"]
    assert "variants" not in by_name["Wheel Project"]
    assert by_name["Wheel Format"]["plain"].startswith("The standard Built Distribution format originally introduced")
    assert read_as[0].endswith("a one-page glossary (definition list): 10 entries")
    assert read_as[1:] == [
        "glossary.html entry 5 (line 401): 'SPDX Expression' as a variant of 'License Expression' (terms of one "
        "definition)",
        "glossary.html entry 7 (line 413): 'setup.cfg' as a variant of 'setup.py' (terms of one definition)",
        "glossary.html entry 9 (line 422): 'Wheel' as a variant of 'Wheel Format' (terms of one definition)"]


def test_imported_sphinx_glossary_matches_a_variant_as_its_concept(tmp_path):
    """What `audit run` reads: "wheels" is *Wheel Format* (its variant "Wheel", plural folded), "SPDX expression"
    *License Expression*; a variant abbreviation is exact case ("KGS" inserted as a second term: not "kgs")."""
    from audit.nlp import load_nlp
    from audit.terms.glossary import CompiledGlossary
    from audit.terms.glossary_file import parse_glossary
    from audit.terms.glossary_import import import_glossary, to_yaml

    nlp = load_nlp("")
    cg = CompiledGlossary(parse_glossary(to_yaml(import_glossary([PYPUG / "glossary.html"]))), nlp)
    doc = nlp.make_doc("Build wheels for your project and give its license as an SPDX expression.")
    assert sorted(cg.names[m.concept] for m in cg.match(doc)) == ["License Expression", "Wheel Format"]

    page = (PYPUG / "glossary.html").read_text(encoding="utf-8")
    marker = '<dt id="term-Known-Good-Set-KGS">Known Good Set (KGS)<a class="headerlink"'
    assert page.count(marker) == 1
    end = page.index("</dt>", page.index(marker)) + len("</dt>")
    doubled = page[:end] + '<dt id="term-KGS">KGS</dt>' + page[end:]
    path = tmp_path / "glossary.html"
    path.write_text(doubled, encoding="utf-8")
    kgs = next(c for c in import_glossary([path]) if c["name"] == "Known Good Set (KGS)")
    assert kgs["variants"] == [{"term": "KGS", "case_sensitive": True}]
    # the abbreviation first: the name is exact case, its other name not
    start = page.index(marker)
    path.write_text(page[:start] + '<dt id="term-KGS">KGS</dt>' + page[start:], encoding="utf-8")
    kgs = next(c for c in import_glossary([path]) if c["name"] == "KGS")
    assert kgs["case_sensitive"] is True
    assert kgs["variants"] == [{"term": "Known Good Set (KGS)", "case_sensitive": False}]
    cg = CompiledGlossary(parse_glossary(to_yaml(import_glossary([path]))), nlp)
    doc = nlp.make_doc("Pin a known good set of packages.")
    assert [cg.names[m.concept] for m in cg.match(doc)] == ["KGS"]


def test_glossary_definitions_give_the_linked_mentions():
    """Each definition of the built glossary page is a page; each `:term:` link in it is a gold span of the
    entry's concept, a variant's anchor its concept's (`#term-Wheel` -> *Wheel Format*)."""
    b = _build_pypug()
    from build_sources import page_text

    entries = b.glossary_entries(_doc(PYPUG / "glossary.html"))
    assert [(anchors, name) for anchors, name, _ in entries][-2:] == [
        (["term-Wheel-Format", "term-Wheel"], "Wheel Format"), (["term-Wheel-Project"], "Wheel Project")]
    concept_of = {a: name for anchors, name, _ in entries for a in anchors}
    for anchor in ("term-Project-Source-Tree", "term-Built-Distribution", "term-Build-Frontend"):
        concept_of[anchor] = anchor  # (entries the fixture left out)
    from collections import Counter

    counts: Counter = Counter()
    targets: list = []
    dd = entries[0][2]  # Build Backend
    text, spans = page_text(b.linked_text(dd, "glossary.html", concept_of, targets, counts), targets)
    assert text.startswith("A library that takes a source tree and builds a source distribution or built")
    assert [(text[s:e], c, code) for s, e, (c, _, code) in spans] == [
        ("source tree", "term-Project-Source-Tree", False),
        ("source distribution", "Source Distribution (or “sdist”)", False),
        ("built distribution", "term-Built-Distribution", False), ("frontend", "term-Build-Frontend", False)]
    assert text.endswith("Examples of build backends are flit’s flit-core, hatch’s hatchling, Maturin, meson-python, "
                         "scikit-build-core, and Setuptools.")
    targets = []
    wheel_project = entries[-1][2]
    text, spans = page_text(b.linked_text(wheel_project, "glossary.html", concept_of, targets, counts), targets)
    assert [(text[s:e], c) for s, e, (c, _, _) in spans] == [("Wheel Format", "Wheel Format")]
    assert not counts


def test_an_article_is_the_text_readers_see():
    """A guide's `<article>` as built: title and headings without their "¶", the admonition's title, every tab with
    its label, code blocks; the link to the glossary entry from `../glossary.html#term-…`."""
    from collections import Counter

    b = _build_pypug()
    from build_sources import page_text

    article = next(el for el in _doc(PYPUG / "using-testpypi-article.html").iter("article"))
    targets: list = []
    counts: Counter = Counter()
    concept_of = {"term-Python-Package-Index-PyPI": "Python Package Index (PyPI)"}
    text, spans = page_text(b.linked_text(article, "guides/using-testpypi.html", concept_of, targets, counts),
                            targets)
    assert text.startswith("Using TestPyPI\n\nTestPyPI is a separate instance of the Python Package Index (PyPI) "
                           "that allows you to try out the distribution tools")
    assert "¶" not in text
    assert "\n\nNote\n\nThe database for TestPyPI may be periodically pruned" in text
    assert ("Unix/macOS\n\npython3 -m pip install --index-url https://test.pypi.org/simple/ your-package\n\n"
            "Windows\n\npy -m pip install --index-url https://test.pypi.org/simple/ your-package") in text
    assert [(text[s:e], c) for s, e, (c, _, _) in spans] == [
        ("Python Package Index (PyPI)", "Python Package Index (PyPI)")]
    assert not counts


def test_hrefs_name_a_glossary_entry():
    b = _build_pypug()
    assert b._target("guides/using-testpypi.html", "../glossary.html#term-Wheel") == "term-Wheel"
    assert b._target("overview.html", "glossary.html#term-Wheel") == "term-Wheel"
    assert b._target("glossary.html", "#term-Wheel") == "term-Wheel"
    assert b._target("specifications/build-details/index.html", "../../glossary.html#term-Wheel") == "term-Wheel"
    assert b._target("guides/x.html", "../glossary.html") == ""
    assert b._target("genindex.html", "glossary.html#index-0") == ""
    assert b._target("guides/x.html", "#term-Wheel") is None  # (an anchor of the guide itself)
    assert b._target("guides/x.html", "https://packaging.python.org/en/latest/glossary/#term-Wheel") is None
    assert b._target("guides/x.html", "../key_projects.html#pip") is None
