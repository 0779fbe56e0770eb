"""The Sphinx glossary sites' builder (`benchmarks/terms/build_sphinx.py`, stop 40: `numpy-glossary`,
`ansible-glossary`, `sphinx-glossary` and `pypug-glossary`) and `audit glossary import` of a Sphinx glossary page
built with the plain configuration (the `basic` theme), on Sphinx's own documentation as the builder builds it
(`tests/fixtures/sphinx-glossary/`, BSD-2-Clause: © the Sphinx team); no Sphinx, corpus or mirror needed."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .test_terms_pypug import _doc  # (a built page parsed as the import parses it)
from .test_terms_cncf import _terms_module  # (a benchmarks/terms module, as build.py imports it)

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "benchmarks" / "terms"
FIX = ROOT / "tests" / "fixtures" / "sphinx-glossary"
NAMES = ["builder", "configuration directory", "directive", "document name", "domain", "environment", "extension",
         "master document", "object", "RemoveInSphinxXXXWarning", "role", "source directory", "reStructuredText"]


def _build_sphinx():
    return _terms_module("build_sphinx")


def test_the_glossary_page_gives_one_concept_per_definition():
    """13 definitions, 14 terms: *master document* / *root document* are one definition (the second its variant)."""
    from audit.terms.glossary_import import import_glossary

    skipped: list[str] = []
    concepts = import_glossary([FIX / "glossary.html"], skipped=skipped)
    assert [c["name"] for c in concepts] == NAMES
    assert skipped == []
    master = next(c for c in concepts if c["name"] == "master document")
    assert master["variants"] == ["root document"]
    entries = _build_sphinx().glossary_entries(_doc(FIX / "glossary.html"))
    assert [(anchors, name) for anchors, name, _ in entries][7] == (
        ["term-master-document", "term-root-document"], "master document")


def test_only_the_list_marked_glossary_is_read(tmp_path):
    """A Sphinx glossary page's other definition lists are no entries: the Ansible glossary closes with a "See also"
    list of links (`<dl class="simple">` in an admonition), which was imported as concepts until stop 40."""
    from audit.terms.glossary_import import import_glossary

    page = (FIX / "glossary.html").read_text(encoding="utf-8")
    see_also = ('<div class="admonition seealso"><p class="admonition-title">See also</p><dl class="simple">'
                + "".join(f"<dt><a href='x.html'>{t}</a></dt><dd><p>{d}</p></dd>" for t, d in (
                    ("Frequently Asked Questions", "Frequently asked questions"),
                    ("Working with playbooks", "An introduction to playbooks"),
                    ("Communication", "Got questions? Need help?"))) + "</dl></div>")
    end = page.index("</dl>", page.index('<dl class="glossary">')) + len("</dl>")
    path = tmp_path / "glossary.html"
    path.write_text(page[:end] + see_also + page[end:], encoding="utf-8")
    assert [c["name"] for c in import_glossary([path])] == NAMES
    # unmarked, every definition list is read (a page with no marked list: as before)
    path.write_text((page[:end] + see_also + page[end:]).replace('<dl class="glossary">', "<dl>"), encoding="utf-8")
    assert [c["name"] for c in import_glossary([path])] == NAMES + [
        "Frequently Asked Questions", "Working with playbooks", "Communication"]


def test_a_definition_and_an_article_give_the_linked_mentions():
    """Each link to an entry is a gold span of its concept, a variant's anchor its concept's (`#term-root-document`
    -> *master document*); the article is the basic theme's `<div class="body" role="main">`, its headings without
    their "¶"; links elsewhere are page text."""
    b = _build_sphinx()
    from build_sources import page_text

    entries = b.glossary_entries(_doc(FIX / "glossary.html"))
    concept_of = {a: name for anchors, name, _ in entries for a in anchors}
    counts: Counter = Counter()
    targets: list = []
    extension = next(dd for anchors, _, dd in entries if anchors == ["term-extension"])
    text, spans = page_text(b.linked_text(extension, "glossary.html", concept_of, targets, counts), targets)
    assert text == ("A custom role, directive or other aspect of Sphinx that allows users to modify any aspect of the "
                    "build process within Sphinx.\n\nFor more information, refer to Extensions.")
    assert [(text[s:e], c) for s, e, (c, _, _) in spans] == [("role", "role"), ("directive", "directive")]

    main = next(el for el in _doc(FIX / "getting-started.html").iter("div") if el.get("role") == "main")
    targets = []
    text, spans = page_text(b.linked_text(main, "tutorial/getting-started.html", concept_of, targets, counts),
                            targets)
    assert text.startswith("Getting started\n\nSetting up your project and development environment\n\nIn a new "
                           "directory, create a file called")
    assert "¶" not in text
    assert [(text[s:e], c, anchor) for s, e, (c, anchor, _) in spans] == [
        ("root document", "master document", "term-root-document")]
    assert text[spans[0][0] - 4:spans[0][1] + 15] == "The root document of the project"
    assert not counts


def test_hrefs_and_merged_entries():
    b = _build_sphinx()
    ansible = "reference_appendices/glossary.html"
    assert b._target("dev_guide/x.html", "../reference_appendices/glossary.html#term-Playbooks", ansible) \
        == "term-Playbooks"
    assert b._target("reference_appendices/glossary.html", "#term-Tasks", ansible) == "term-Tasks"
    assert b._target("dev_guide/x.html", "../glossary.html#term-Playbooks", ansible) is None
    assert b._target("tutorial/getting-started.html", "../glossary.html#term-root-document") == "term-root-document"
    # `drop_colliding`'s line for an entry whose words are an earlier entry's: its links are that concept's
    from audit.terms.glossary_import import drop_colliding

    skipped: list[str] = []
    kept = drop_colliding([{"name": "Task", "category": "term"}, {"name": "Tasks", "category": "term"},
                           {"name": "Tags", "category": "term"}], skipped)
    assert [c["name"] for c in kept] == ["Task", "Tags"]
    assert b.merged_names(skipped) == {"Tasks": "Task"}
    assert b.merged_names(["'x' has no definition after it"]) == {}


def test_the_plain_configuration_is_python():
    """The generated conf.py compiles, with the site's root document and epilog filled in."""
    b = _build_sphinx()
    site = b.HELD_OUT["ansible-glossary"]
    conf = b.PLAIN_CONF.format(root=site.root, epilog=site.epilog)
    compile(conf, "conf.py", "exec")
    assert "root_doc = 'ansible_index'" in conf and "|br| raw:: html" in conf
    assert [s.glossary_html for s in b.HELD_OUT.values()] == [
        "glossary.html", "reference_appendices/glossary.html", "glossary.html"]
