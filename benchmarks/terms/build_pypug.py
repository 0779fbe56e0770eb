"""The `pypug-glossary` development set (stop 33): the Python Packaging User Guide (packaging.python.org, a Sphinx
site), whose guides and glossary link to glossary entries with Sphinx's `:term:` role — a fourth set of "real pages
whose mentions are marked by their own authors", built after the matcher's rules and looked at by nobody who made
them. Built by the Sphinx glossary sites' builder (`build_sphinx.py`, which says how pages and gold are read) with
the site's own configuration:

- **The site** is built as its readers get it: `sphinx-build -b html` over the pinned commit's `source/`, with the
  theme and extensions its `requirements.txt` pins (Furo, sphinx-inline-tabs, sphinx-toolbox, …), installed in a
  throwaway venv **outside the project** (`--sphinx-build PATH`). Offline and reproducible: intersphinx is left out
  of the extensions (`-D extensions=…`).
- **Glossary**: the built `glossary.html`, imported with `audit glossary import`: 51 terms in 46 definitions.
- **Pages**: each glossary definition (`<dd>`), and every other page whose article (Furo's `<article role="main">`)
  links to a glossary entry.
- **Gold**: every link to a glossary entry (`glossary.html#term-…`): the linked text is a mention of the entry's
  concept (a variant's anchor, `#term-Wheel`, is its concept's).

    .venv/bin/python benchmarks/terms/build.py --only pypug-glossary --sphinx-build /tmp/pypug-sphinx/bin/sphinx-build
"""
from __future__ import annotations

from pathlib import Path

from build_sources import Repo
from build_sphinx import SphinxSite, _target, build_glossary_set, glossary_entries, linked_text  # noqa: F401
from build_sphinx import build_site as _build_site, sphinx_build_path  # noqa: F401  (benchmarks/sites' pypug_site.py)

# conf.py's extensions less sphinx.ext.intersphinx (offline, reproducible: see build_sphinx.py)
EXTENSIONS = ("pug_sphinx_extensions,sphinx.ext.extlinks,sphinx.ext.todo,sphinx_inline_tabs,sphinx_copybutton,"
              "sphinx_toolbox.collapse,sphinx-jsonschema")
PYPUG = SphinxSite("pypug-glossary", "pypug", "source", extensions=EXTENSIONS, main=("article", "role", "main"),
                   theme="Furo")


def build_site(repo: Repo, sphinx_build: str, dest: Path) -> str:
    """The guide at `repo.commit` built to HTML in `dest`; -> the Sphinx version line."""
    return _build_site(PYPUG, repo, sphinx_build, dest)


def build_pypug(mirrors: Path, out: Path, sphinx_build: str | None = None) -> dict:
    return build_glossary_set(PYPUG, mirrors, out, sphinx_build)
