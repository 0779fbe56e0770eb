"""The `starlette` site (`build.py --sites starlette --mkdocs PATH`): Starlette's documentation (starlette.io) as
MkDocs builds it with the Material theme, a documentation site of the commonest generator the set lacked.

The site is built from the pinned commit by `mkdocs build` of a venv outside the project with the versions the
repository's `requirements.txt` pins (MkDocs is a build tool of this benchmark, not a dependency of `audit`, as
Sphinx is for `pypug`). The one part of its `mkdocs.yml` that needs the network is left out: mkdocstrings' import of
Python's `objects.inv` (cross-references into docs.python.org: without it, those names are code, not links). The
theme's features are the site's own (content tabs, admonitions, collapsible blocks, code copy, a left navigation,
navigation sections, a right-hand table of contents, a search box, a footer); the two API reference sections
mkdocstrings renders from the package's docstrings (`applications`, `testclient`) are built as the site does.

- **Pages**: every built page with Material's article element (`article.md-content__inner`). Left out, each listed
  with its reason in the manifest (`left_out`): the 404 page (generated) and files the theme's override folder copies
  into the site (no article).
- **Gold**: the text of the article element as readers see it (`sources.element_text`, the pypug rule: one line per
  block element): the title Material shows as the `h1`, headings, paragraphs, lists, tables (cells of a row on one
  line), code blocks (one line per line of code), admonitions and collapsible blocks with their title, every tab of
  a content tab set with its label (all in the page), the API reference's signatures and parameter tables. Not in
  it: the heading permalinks (`a.headerlink`, "¶"; this site does not turn them on) and Material's page action
  buttons (`a.md-content__button`: "Edit this page" / "View source" icons; off here as well) — link marks and page
  chrome, not the author's text.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sources import Repo, Site, element_text

STARLETTE = {
    "repo": "encode/starlette",
    "commit": "cb8f84f5284dc301ca7a31eb732b9e140769dd48",
    "licence": "BSD 3-Clause (the repository's LICENSE.md; Encode OSS Ltd.)",
    "what": "Starlette's documentation (starlette.io), a documentation site built with MkDocs 1.6.1 and "
            "mkdocs-material 9.6.15 (the repository's requirements.txt pins; mkdocstrings' objects.inv import left "
            "out, offline): every built page (not the 404 page)",
    "gold": "the text of Material's article element (article.md-content__inner) as readers see it, one line per "
            "block element: the title shown as the h1, headings, paragraphs, lists, tables, code blocks, "
            "admonitions and collapsible blocks with their title, every tab of a content tab set with its label, "
            "the API reference; not heading permalinks or the page action buttons",
}
# The documentation tooling `requirements.txt` pins at the commit (the rest of that file is the package's own).
PINS = ("mkdocs==1.6.1", "mkdocs-material==9.6.15", "mkdocstrings-python==1.16.12", "black==25.1.0")
MISSING = ("starlette: needs MkDocs with the repository's pinned theme and plugins, in a venv outside the project: "
           "python3 -m venv /tmp/starlette-mkdocs && /tmp/starlette-mkdocs/bin/pip install " + " ".join(PINS)
           + "; then --mkdocs /tmp/starlette-mkdocs/bin/mkdocs")
# Block-like elements `sources.element_text` does not know: a content tab's label, a collapsible block's title.
AS_LINES = ("label", "summary", "details")


def mkdocs_path(given: str | None) -> str:
    """The mkdocs to run (given, else on PATH), or exit with one line saying how to get it."""
    found = given if given and Path(given).is_file() else (None if given else shutil.which("mkdocs"))
    if not found:
        sys.exit(MISSING)
    return found


def offline_config(config: str) -> str:
    """`mkdocs.yml` without mkdocstrings' `import:` of remote inventories (the only part of the build that needs the
    network): the `import:` key and its list items are dropped, nothing else."""
    lines, out, skip = config.splitlines(keepends=True), [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skip is not None and line.strip() and (indent > skip or line.lstrip().startswith("- ") and indent == skip):
            continue
        skip = None
        if line.strip() == "import:":
            skip = indent
            continue
        out.append(line)
    return "".join(out)


def article_text(article) -> str:
    """The gold text of Material's article element (modified in place)."""
    for el in article.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")'
                            ' or contains(concat(" ", @class, " "), " md-content__button ")]'):
        el.drop_tree()
    for el in article.iter(*AS_LINES):
        el.tag = "div"
    return element_text(article)


def build_starlette(meta: dict, mirrors: Path, mkdocs: str | None) -> None:
    from lxml import html as lxml_html

    mkdocs = mkdocs_path(mkdocs)
    repo = Repo(meta["repo"], meta["commit"], mirrors)
    site = Site("starlette", meta)
    parser = lxml_html.HTMLParser(encoding="utf-8")
    left_out: dict[str, str] = {}
    version = subprocess.run([mkdocs, "--version"], check=True, capture_output=True, text=True).stdout.split(" from ")[0]
    with tempfile.TemporaryDirectory() as tmp:
        src, built = Path(tmp) / "src", Path(tmp) / "site"
        src.mkdir()
        repo.archive(src)
        config = src / "mkdocs.yml"
        config.write_text(offline_config(config.read_text(encoding="utf-8")), encoding="utf-8")
        done = subprocess.run([mkdocs, "build", "-q", "-f", str(config), "-d", str(built)], capture_output=True,
                              text=True)
        if done.returncode != 0:
            sys.exit(f"starlette: mkdocs build failed ({version}):\n{done.stderr[-2000:]}")
        for path in sorted(built.rglob("*.html")):
            rel = path.relative_to(built).as_posix()
            page_id = rel[:-len(".html")]
            page_id = page_id[:-len("/index")] if page_id.endswith("/index") else page_id
            raw = path.read_bytes()
            doc = lxml_html.document_fromstring(raw, parser=parser)
            article = next(iter(doc.xpath('//article[contains(concat(" ", @class, " "), " md-content__inner ")]')),
                           None)
            if rel == "404.html":
                left_out[page_id] = "generated page (404 - Not found)"
                continue
            if article is None:
                left_out[page_id] = "no article element (a theme override file copied into the site)"
                continue
            page_id = page_id.replace("/", "__")
            site.page(f"{page_id}.html", raw)
            site.gold(page_id, article_text(article))
    site.finish(repo, built_with=f"{version} (the repository's requirements.txt pins)", tools=_versions(mkdocs),
                left_out=left_out)


def _versions(mkdocs: str) -> dict[str, str]:
    """The versions of the build's packages in the venv of `mkdocs` (the pinned ones and what they pulled in)."""
    names = ["mkdocs", "mkdocs-material", "mkdocstrings", "mkdocstrings-python", "griffe", "pymdown-extensions",
             "Markdown", "Pygments"]
    code = "import importlib.metadata as m, sys; print('\\n'.join(m.version(n) for n in sys.argv[1:]))"
    python = Path(mkdocs).with_name("python")
    out = subprocess.run([str(python), "-c", code, *names], check=True, capture_output=True, text=True).stdout.split()
    return dict(zip(names, out))
