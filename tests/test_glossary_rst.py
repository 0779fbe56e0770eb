"""`audit glossary import` of a Sphinx glossary from its reStructuredText source (stop 37, `audit.terms.glossary_rst`):
the Python Packaging User Guide's `source/glossary.rst` (`tests/fixtures/rst-sources/pypug/glossary.rst`, CC BY-SA
3.0) against the import of the page Sphinx builds from it (`tests/fixtures/pypug/glossary.html`), and Sphinx's own
`doc/glossary.rst`; no Sphinx, corpus or mirror needed."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from audit.cli import main as cli_main
from audit.terms.glossary_import import import_glossary

FIX = Path(__file__).resolve().parent / "fixtures"
PYPUG_RST = FIX / "rst-sources" / "pypug" / "glossary.rst"
SPHINX_RST = FIX / "rst-sources" / "sphinx" / "glossary.rst"


def _straight(text: str) -> str:
    """Sphinx's SmartQuotes undone ("“sdist”" -> '"sdist"'): the source has the straight ones."""
    return (text or "").translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"}))


def test_source_glossary_gives_the_built_pages_concepts():
    """46 concepts from 51 terms, in the page's order; terms sharing a definition one concept, the others its variants
    (*Wheel Format* / *Wheel*); the built page's entries (10 of them kept in the fixture) have the same names and
    variants, and the same `plain` where it holds no link to another page's section (`:ref:`setuptools`` shows
    "Setuptools", that section's title, only in the build)."""
    skipped: list[str] = []
    read_as: list[str] = []
    concepts = import_glossary([PYPUG_RST], skipped=skipped, read_as=read_as)
    assert len(concepts) == 46 and sum(1 + len(c.get("variants", ())) for c in concepts) == 51
    assert read_as[0].endswith("a one-page glossary (Sphinx glossary directive): 46 entries")
    assert skipped == []
    by_name = {c["name"]: c for c in concepts}
    assert by_name["Wheel Format"]["variants"] == ["Wheel"]
    assert by_name["License Expression"]["variants"] == ["SPDX Expression"]
    assert by_name["setup.py"]["variants"] == ["setup.cfg"]
    assert [c["name"] for c in concepts][:3] == ["Binary Distribution", "Build Backend", "Build Frontend"]
    # roles as the text they show; a link whose text wraps (`distutils-sig mailing list` / `<https://...>`_`) keeps
    # its paragraph whole; a role that wraps leaves no space before the "," after it
    assert by_name["Binary Distribution"]["plain"] == \
        "A specific kind of Built Distribution that contains compiled extensions."
    assert by_name["Python Packaging Authority (PyPA)"]["plain"].endswith(
        "discuss issues on the distutils-sig mailing list and the Python Discourse forum.")
    assert "definition" not in by_name["Python Packaging Authority (PyPA)"]
    assert by_name["Distribution Package"]["plain"].startswith(
        "A versioned archive file that contains Python packages, modules, and other resource files")
    assert by_name["Distribution Package"]["definition"].split("\n\n")[1].startswith(
        'A distribution package is more commonly referred to with the single words "package" or "distribution"')
    built = import_glossary([FIX / "pypug" / "glossary.html"])
    assert len(built) == 10
    same_plain = []
    for b in built:
        s = by_name[b["name"]]  # ("Source Distribution (or “sdist”)": a term's quotes curled, as Sphinx does)
        assert s.get("variants") == b.get("variants"), b["name"]
        if _straight(b["plain"]) == s["plain"]:
            same_plain.append(b["name"])
    assert len(same_plain) == 7 and "setup.py" not in same_plain  # ("distutils and Setuptools": a :ref:)


def test_sphinx_own_glossary_and_its_sorted_option(tmp_path):
    """Sphinx's `doc/glossary.rst`: terms right over their definitions, a code block inside one (left out of its
    paragraphs), *master document* / *root document* one concept; with `:sorted:` in Sphinx's order."""
    read_as: list[str] = []
    concepts = import_glossary([SPHINX_RST], read_as=read_as)
    names = [c["name"] for c in concepts]
    assert names[:4] == ["builder", "configuration directory", "directive", "document name"]
    assert len(names) == 13 and read_as[1].endswith("'root document' as a variant of 'master document' "
                                                    "(terms of one definition)")
    directive = next(c for c in concepts if c["name"] == "directive")
    assert directive["definition"].split("\n\n") == [directive["plain"], "See rst-directives for more information."]
    assert directive["plain"].endswith("The basic directive syntax looks like this:")
    text = SPHINX_RST.read_text(encoding="utf-8").replace(".. glossary::\n", ".. glossary::\n   :sorted:\n", 1)
    (tmp_path / "glossary.rst").write_text(text, encoding="utf-8")
    resorted = [c["name"] for c in import_glossary([tmp_path])]  # (a folder holding it)
    assert resorted == sorted(names, key=str.lower) and resorted != names


def test_a_ref_to_another_pages_section_shows_its_title_in_a_sphinx_project(tmp_path):
    """*Built Distribution* says "See :ref:`package-formats` for more information.": its built page shows that
    section's title, "Package Formats" (`discussions/package-formats.rst`, labelled so); from the source it does too
    when the glossary is in its Sphinx project (a `conf.py` above it), else the label."""
    def plain(concepts):
        return next(c["plain"] for c in concepts if c["name"] == "Built Distribution")

    assert plain(import_glossary([PYPUG_RST])).endswith("See package-formats for more information.")
    project = tmp_path / "source"
    (project / "discussions").mkdir(parents=True)
    (project / "conf.py").write_text("project = 'Python Packaging User Guide'\n", encoding="utf-8")
    (project / "glossary.rst").write_bytes(PYPUG_RST.read_bytes())
    (project / "discussions" / "package-formats.rst").write_bytes(
        (FIX / "rst-sources" / "pypug" / "package-formats-head.rst").read_bytes())
    concepts = import_glossary([project / "glossary.rst"])
    assert plain(concepts).endswith("See Package Formats for more information.")
    wheel = next(c["plain"] for c in concepts if c["name"] == "Wheel Format")
    assert "See Package Formats for more information." in wheel


def test_cli_imports_an_rst_glossary_and_run_accepts_it(tmp_path, capsys):
    out = tmp_path / "pypug.yml"
    assert cli_main(["glossary", "import", str(PYPUG_RST), "-o", str(out)]) == 0
    assert "imported 46 concept(s)" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "- name: Source Distribution (or “sdist”)\n" in text
    site = tmp_path / "site"
    site.mkdir()
    for name in ("single-source-version.rst", "pip-vs-easy-install.rst"):
        (site / name).write_text((FIX / "rst-sources" / "pypug" / name).read_text(encoding="utf-8"),
                                 encoding="utf-8")
    report = tmp_path / "report"
    assert cli_main(["run", str(site), "--glossary", str(out), "--out", str(report), "-q"]) == 0
    terms = pd.read_csv(report / "terms.csv").set_index(["page_id", "concept"])
    assert terms.loc[("pip-vs-easy-install", "Egg"), "count"] == 2  # "as Eggs or from Eggs"
    assert terms.loc[("single-source-version", "Distribution Package"), "count"] == 3
    assert terms.loc[("pip-vs-easy-install", "Source Distribution (or “sdist”)"), "count"] == 1  # "sdists"
