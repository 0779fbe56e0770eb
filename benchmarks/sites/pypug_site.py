"""The `pypug` site (`build.py --sites pypug`): the Python Packaging User Guide (packaging.python.org) as Sphinx
builds it, a documentation site (Sphinx and the Furo theme), the same build as the terms set `pypug-glossary`.

The site is built by `benchmarks/terms/build_pypug.py`'s `build_site` (imported, not copied: the pinned commit,
Sphinx and the theme from the guide's own requirements pins in a throwaway venv outside the project, intersphinx
left out so the build is offline and reproducible).

- **Pages**: every built article page (`<article role="main">`). Left out, each listed with its reason in the
  manifest (`left_out`): the general index (`genindex`) and the search page (generated, no article), redirect stubs
  (a `<meta http-equiv="refresh">` page that sends the reader elsewhere) and include files built as pages (no title
  of their own: Sphinx titles them "<no title>"; `shared/build-backend-tabs`, a fragment other pages include).
- **Gold**: the text of Furo's article element as readers see it (`sources.element_text`, the plainlanguage and
  readability rule: one line per block element): the title and headings, paragraphs, lists, tables (cells of a row on
  one line), code blocks (one line per line of code), admonitions with their title ("Note", "Warning"), field
  lists ("Page Status: ...", "Last Reviewed: ..."), the labels and content of every tab of a tab set (all on the
  page); not the "¶" permalink Sphinx appends to every heading (`a.headerlink`), which is a link mark, not text
  (the audit drops it too). Nothing else is removed: Furo's chrome (navigation, sidebar, "Edit this page", footer)
  is outside the article.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from sources import Site, element_text

TERMS = Path(__file__).resolve().parents[1] / "terms"
PYPUG = {
    "repo": "pypa/packaging.python.org",
    "commit": "ab4994857826246587d993862fd4097e36568080",
    "licence": "CC BY-SA 3.0 (the repository README.rst's License section; no LICENSE file; Python Packaging "
               "Authority)",
    "what": "the Python Packaging User Guide (packaging.python.org), a documentation site built with Sphinx and "
            "the Furo theme from the guide's requirements pins (the terms set pypug-glossary's build): every "
            "built article page (not the general index, search page, redirect stubs or include files)",
    "gold": "the text of Furo's article element (article role=main) as readers see it, one line per block "
            "element: headings, paragraphs, lists, tables, code blocks, admonitions with their title, field "
            "lists, every tab of a tab set; not the heading permalinks (the pilcrow)",
}


def _left_out(rel: str, raw: bytes, article) -> str | None:
    """Why a built page is no article page, or None."""
    if rel in ("genindex.html", "search.html"):
        return "generated page, no article (general index / search)"
    if b'http-equiv="refresh"' in raw:
        return "redirect stub (meta refresh)"
    if article is None:
        return "no article element"
    if b"<title>&lt;no title&gt;" in raw:
        return "include file built as a page (no title of its own)"
    return None


def build_pypug(meta: dict, mirrors: Path, sphinx_build: str | None) -> None:
    from lxml import html as lxml_html

    sys.path.insert(0, str(TERMS))
    from build_pypug import build_site, sphinx_build_path  # the terms set's builder: one build of the site
    from build_sources import Repo as TermsRepo

    repo = TermsRepo(mirrors, "pypug")
    if not repo.commit.startswith(meta["commit"]):
        sys.exit(f"pypug: SITES commit {meta['commit']} is not the terms set's {repo.commit}")
    sphinx_build = sphinx_build_path(sphinx_build, repo)
    site = Site("pypug", meta)
    parser = lxml_html.HTMLParser(encoding="utf-8")
    left_out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "html"
        version = build_site(repo, sphinx_build, built)
        for path in sorted(built.rglob("*.html")):
            rel = path.relative_to(built).as_posix()
            if rel.startswith("_"):  # (_static, _sources: the theme's files and the sources, no pages)
                continue
            raw = path.read_bytes()
            doc = lxml_html.document_fromstring(raw, parser=parser)
            article = next((el for el in doc.iter("article") if el.get("role") == "main"), None)
            why = _left_out(rel, raw, article)
            if why:
                left_out[rel[:-len(".html")]] = why
                continue
            page_id = rel[:-len(".html")].replace("/", "__")
            site.page(f"{page_id}.html", raw)
            for link in article.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
                link.drop_tree()
            site.gold(page_id, element_text(article))
    site.finish(repo, built_with=f"{version}, Furo (the guide's requirements.txt pins)", left_out=left_out)
