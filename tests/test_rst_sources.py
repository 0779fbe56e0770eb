"""A Sphinx site's reStructuredText sources (`.rst`) read as the site shows them (stop 37, `audit/ingest/rstsource.py`):
titles, lists, tables, code, admonitions, roles and links as their text, line numbers the file's. Real pages,
verbatim: the Python Packaging User Guide (`pypa/packaging.python.org`, CC BY-SA 3.0) and Sphinx's own documentation
(`sphinx-doc/sphinx`, BSD-2-Clause); licences in tests/fixtures/README.md."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from audit.config import Settings
from audit.ingest.load import DIRECTIVES_ONLY, GENERATED_ONLY, discover, load_page, not_a_page
from audit.ingest.rstsource import rst_lines
from audit.ingest.segment import segment_lines
from audit.ingest.template import label_page
from audit.ingest.sources import Source

from .labelled import loaded_page

FIX = Path(__file__).parent / "fixtures" / "rst-sources"
VERSION = FIX / "pypug" / "single-source-version.rst"
EASY = FIX / "pypug" / "pip-vs-easy-install.rst"
VENV = FIX / "pypug" / "installing-using-pip-head.rst"
GLOSSARY = FIX / "sphinx" / "glossary.rst"
BASICS = FIX / "sphinx" / "basics-head.rst"


_load = loaded_page  # (the page as `audit run` loads it, asserted ok)


def _file(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _at(path: Path, page, text: str) -> tuple[int, str]:
    """(the 0-based number of the file's line `text`, what the page shows there)."""
    k = _file(path).index(text)
    return k, page.lines[k]


def test_an_rst_page_is_found_and_its_lines_are_the_files():
    page = _load(VERSION)
    lines = _file(VERSION)
    assert len(page.lines) == len(lines) and page.commonmark and page.markdown
    assert page.title == "Single-sourcing the Project Version"
    assert lines[2:5] == ["=" * 35, "Single-sourcing the Project Version", "=" * 35]
    assert page.lines[:5] == ["", "", "", "# Single-sourcing the Project Version", ""]  # the label, the adornment
    assert page.lines[6:8] == ["Page Status: Complete", "Last Reviewed: 2024-10-07"]  # a field list
    assert page.lines[9:14] == [
        "Many Python distribution packages publish a single",  # :term:`distribution packages <Distribution Package>`
        "Python import package where it is desired that the runtime",
        "__version__ attribute on the import package report the same version specifier",
        "as importlib.metadata.version() reports for the distribution package",  # :func: gets its ()
        "(as described in runtime-version-access)."]  # a :ref: to another page: its label
    assert _at(VERSION, page, "2) The version can be hard-coded into the :file:`pyproject.toml` file -- and the "
                              "build system can copy it")[1].startswith("1. The version can be hard-coded into the "
                                                                        "pyproject.toml file")
    assert _at(VERSION, page, "Build System Version Handling")[1] == "## Build System Version Handling"
    assert _at(VERSION, page, "* `Flit <https://flit.pypa.io/en/stable/>`_")[1] == "- Flit"
    assert _at(VERSION, page, "  -  `setuptools_scm <https://setuptools-scm.readthedocs.io/en/latest/>`_")[1] \
        == "- setuptools_scm"


def test_a_grid_table_a_link_over_two_lines_and_the_targets():
    page = _load(EASY)
    k, row = _at(EASY, page, "|Installs from :term:`Wheels   |Yes" + " " * 35 + "|No" + " " * 29 + "|")
    assert row == "| Installs from Wheels | Yes | No |" and page.lines[k + 1] == "| --- |"  # the cell's two lines
    assert _at(EASY, page, "|:pep:`438`" + " " * 20 + "|Yes" + " " * 35 + "|No" + " " * 29 + "|")[1] \
        == "| PEP 438 Support | Yes | No |"
    k, line = _at(EASY, page, ':ref:`pip` came later in 2008, as an alternative to :ref:`easy_install <easy_install>`,'
                              ' although still')
    assert line == "pip came later in 2008, as an alternative to easy_install, although still"
    # `:term:`sdists <Source Distribution (or\n"sdist")>`` wraps: the line its target ended on takes the word before
    # it (stop 38; it started with "), and", the punctuation after the role)
    assert page.lines[k + 3:k + 5] == ["rather simply as 'flat' packages from", "sdists), and introducing the idea "
                                       "of Requirements"]
    assert _at(EASY, page, ".. _deprecated: https://setuptools.readthedocs.io/en/latest/history.html#v42-0-0")[1] == ""
    assert not any("`" in line or ":ref:" in line for line in page.lines)
    blocks = segment_lines(page.lines, Settings().segment, page.markdown, page.commonmark)
    assert [b.kind for b in blocks if "Installs from Wheels" in b.text] == ["table"]


def test_admonitions_tabs_and_code_blocks():
    page = _load(VENV)
    k, line = _at(VENV, page, ".. note:: This guide applies to supported versions of Python, currently 3.8")
    assert (line, page.lines[k + 1]) == ("Note: This guide applies to supported versions of Python, currently 3.8",
                                         "and higher.")
    k, line = _at(VENV, page, ".. important::")
    assert line == "Important:"  # its text on the next line: one paragraph
    assert _at(VENV, page, ".. tip::")[1] == "Tip:"  # (its text on the next line)
    assert _at(VENV, page, ".. tab:: Unix/macOS")[1] == "Unix/macOS"  # the tab's label
    k, line = _at(VENV, page, "    .. code-block:: bash")
    assert page.lines[k:k + 4] == ["```", "", "        python3 -m venv .venv", "```"]
    blocks = segment_lines(page.lines, Settings().segment, page.markdown, page.commonmark)
    code = [b for b in blocks if "venv .venv" in b.text]
    assert [b.kind for b in code] == ["code", "code"]
    para = next(b for b in blocks if b.line_start == _file(VENV).index(".. important::") + 1)
    assert para.kind == "paragraph" and para.text.startswith("Important: This guide has the prerequisite")


def test_a_glossary_and_literal_blocks_of_sphinx_docs():
    page = _load(GLOSSARY)
    assert page.title == "Glossary"
    assert _at(GLOSSARY, page, "   builder")[1] == "#### builder"  # a term: a heading of its own
    assert _at(GLOSSARY, page, "      A class (inheriting from :class:`~sphinx.builders.Builder`) that takes")[1] \
        == "A class (inheriting from Builder) that takes"
    k, line = _at(GLOSSARY, page, "      .. code-block:: rst")
    assert line == "```" and page.lines[k + 2] == "         .. directive-name:: argument ..."
    page = _load(BASICS)
    k, line = _at(BASICS, page, "lists; they can also be autonumbered using a ``#`` sign::")
    assert line == "lists; they can also be autonumbered using a # sign:"  # `::` shown as ":"
    assert page.lines[k + 1] == "```" and page.lines[k + 2] == "   * This is a bulleted list."  # code, as written
    assert _at(BASICS, page, ".. seealso::")[1] == "See also"  # (a blank line after it)
    assert _at(BASICS, page, ".. highlight:: rst")[1] == ""
    blocks = segment_lines(page.lines, Settings().segment, page.markdown, page.commonmark)
    assert not any(b.kind != "code" and (b.text.endswith("::") or ":duref:" in b.text) for b in blocks)
    # ``::`` is a literal: the text shows it
    assert any(b.text == "The handling of the :: marker is smart:" for b in blocks)


def test_rst_lines_keep_the_line_count_on_every_fixture():
    for path in sorted(FIX.rglob("*.rst")):
        lines = _file(path)
        out, title = rst_lines(lines)
        assert len(out) == len(lines) and title, path.name


def test_a_sphinx_site_folder_is_audited(tmp_path):
    import audit

    site = tmp_path / "doc"
    (site / "discussions").mkdir(parents=True)
    for path in (VERSION, EASY):
        shutil.copy(path, site / "discussions" / path.name)
    (site / "fragment.rst").write_text(".. toctree::\n   :maxdepth: 2\n\n   discussions/pip-vs-easy-install\n",
                                       encoding="utf-8")
    (site / "broken.rst").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    sources, skipped = discover([site], Settings().load)
    assert [s.page_id for s in sources] == ["broken", "discussions/pip-vs-easy-install",
                                            "discussions/single-source-version", "fragment"]
    result = audit.run([site], Settings())
    status = dict(zip(result.pages["page_id"], result.pages["status"]))
    reasons = dict(zip(result.pages["page_id"], result.pages["reason"]))
    assert status["discussions/single-source-version"] == "ok" and status["discussions/pip-vs-easy-install"] == "ok"
    assert reasons["broken"] == "binary file (contains NUL bytes)"
    # a `toctree` page: no text of its own, said as reStructuredText's (no front matter there), and not a page
    assert reasons["fragment"] == DIRECTIVES_ONLY != GENERATED_ONLY and not_a_page(reasons["fragment"])
    blocks = result.blocks
    rows = [(p, s) for p, s, t in zip(blocks["page_id"], blocks["line_start"], blocks["text"])
            if t.startswith("Alternatively, a project's chosen build system")]
    assert rows == [("discussions/single-source-version", _file(VERSION).index(
        "Alternatively, a project's chosen build system may offer a way to define a single") + 1)]


@pytest.mark.parametrize("suffix", [".rst", ".rest"])
def test_too_large_rst_is_skipped_with_its_reason(tmp_path, suffix):
    big = tmp_path / f"huge{suffix}"
    big.write_text("Title\n=====\n\n" + "A sentence of text.\n" * 400_000, encoding="utf-8")
    page = load_page(Source(big, "huge", big.name, size=big.stat().st_size), Settings().load)
    assert page.status == "skipped" and page.reason.startswith("too large:")


def test_a_ref_to_a_section_of_the_page_shows_its_title():
    """`:ref:`label`` with no title shows the title of the section the label stands over (Sphinx): on the page
    itself the reader knows it, before or after the reference; a label of another page stays as written."""
    path = FIX / "pypug" / "pylock-toml-tool.rst"
    page = _load(path)
    assert page.title == "[packages.tool]"
    assert _at(path, page, "- Similar usage as that of the :ref:`pylock-tool` table from the")[1] \
        == "- Similar usage as that of the [tool] table from the"  # (a section further down)
    assert _at(path, page, "- See :ref:`pylock-packages-tool`.")[1] == "- See [packages.tool]."
    assert _at(path, page, "``[tool]``")[1] == "## [tool]"
    assert _at(path, page, "  :ref:`pyproject-toml-spec`, but at the package version level instead")[1] \
        == "pyproject-toml-spec, but at the package version level instead"


def test_a_link_that_wraps_leaves_no_blank_line_in_its_paragraph():
    """(stop 38) "`distutils-sig mailing list\n<https://…>`_\nand …": the link shows fewer words than its two lines
    held; the target's line would be blank — the paragraph cut in two blocks, its sentence too — so it takes the
    last word of the line before. The line count stays the file's."""
    path = FIX / "pypug" / "glossary.rst"
    page = _load(path)
    k = next(i for i, line in enumerate(_file(path)) if line.strip() == "`distutils-sig mailing list")
    assert page.lines[k - 1:k + 3] == ["GitHub, and discuss issues on the", "distutils-sig mailing", "list",
                                       "and the Python Discourse forum."]
    assert len(page.lines) == len(_file(path))
    blocks = segment_lines(page.lines, Settings().segment, page.markdown, page.commonmark)
    para = [b for b in blocks if "distutils-sig" in b.text]
    assert len(para) == 1 and para[0].text.endswith("host projects on GitHub, and discuss issues on the "
                                                    "distutils-sig mailing list and the Python Discourse forum.")


@pytest.mark.parametrize("name, framed", [
    # (the blocks the frame rules drop when the page is not read as a source: its opening lines before the first
    # long paragraph by position, and every line naming `copyright` by the footer pattern)
    ("cpp-domain-head.rst", [("boilerplate", "position: header, short line", "Added in version 1.0."),
                             ("boilerplate", "position: header, short line",
                              "The C++ domain (name cpp) supports documenting C++ projects.")]),
    ("configuration-project.rst", [("boilerplate", "position: header, no sentence", "project"),
                                   ("boilerplate", "pattern: copyright", "copyright = 'YYYY'")]),
])
def test_a_source_page_has_no_site_frame(name, framed):
    """(stop 38) A site's source file (`Page.commonmark`: reStructuredText, Markdown with front matter) holds no site
    frame — the theme's header, menus and footer are in its layouts — so no block of it is template by position or
    by a frame pattern: Sphinx's own docs lost 78 blocks by position (a page's first sentence, "Patch by Tim Hoffmann.")
    and 11 by the copyright pattern (the `copyright` setting's examples)."""
    settings = Settings()
    page = _load(FIX / "sphinx" / name)
    assert page.commonmark

    def labels(source: bool) -> dict[str, tuple[str, str]]:
        blocks = segment_lines(page.lines, settings.segment, page.markdown, page.commonmark)
        label_page(blocks, Counter(), 2, 10, settings.boilerplate, source=source)
        return {b.text: (b.label, b.reason) for b in blocks}

    as_frame, as_source = labels(False), labels(True)
    for label, reason, text in framed:
        assert as_frame[text] == (label, reason)
    assert {label for label, _ in as_source.values()} == {"body"}
    assert as_source["The C++ domain (name cpp) supports documenting C++ projects." if "cpp" in name
                     else "copyright = 'YYYY'"] == ("body", "article body")


def test_a_sphinx_folder_keeps_every_block_of_its_sources(tmp_path):
    """The run passes the page's being a source to the labels (`chunks.analyse_chunk`): every block of the four Sphinx
    excerpts is body, the glossary's repeated definition lines too."""
    for path in (FIX / "sphinx").glob("*.rst"):
        shutil.copy(path, tmp_path / path.name)
    from audit.engine.pipeline import run

    blocks = run(tmp_path).blocks
    assert set(blocks["label"]) == {"body"} and len(blocks) > 60
    row = blocks[blocks["text"] == "copyright = 'YYYY'"].iloc[0]
    assert (row["page_id"], row["reason"]) == ("configuration-project", "article body")
