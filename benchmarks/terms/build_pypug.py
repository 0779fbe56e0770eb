"""The `pypug-glossary` development set (stop 33): the Python Packaging User Guide (packaging.python.org, a Sphinx
site), whose guides and glossary link to glossary entries with Sphinx's `:term:` role — a fourth set of "real pages
whose mentions are marked by their own authors", built after the matcher's rules and looked at by nobody who made
them.

- **The site** is built as its readers get it: `sphinx-build -b html` over the pinned commit's `source/`, with the
  theme and extensions its `requirements.txt` pins (Furo, sphinx-inline-tabs, sphinx-toolbox, …), installed in a
  throwaway venv **outside the project** (`--sphinx-build PATH`; Sphinx is a build tool of this benchmark, not a
  dependency of `audit`). Offline and reproducible: intersphinx is left out of the extensions (`-D extensions=…`),
  so no other project's inventory is fetched; a reference into another project's documentation renders as the
  text its author wrote (the same as when the inventories cannot be reached).
- **Glossary**: the built `glossary.html` (one `.. glossary::` directive, rendered `<dl class="glossary">`), imported
  with `audit glossary import` — the user's path, a one-page glossary: 51 terms in 46 definitions; several `<dt>`s of
  one `<dd>` are one concept, the first its name, the others its variants (*Wheel Format* / *Wheel*).
- **Pages**: each glossary definition (`<dd>`) is a page (as `letsencrypt-glossary`'s: the text written about one
  concept, which links to others; its own term is not on it), and every other page whose article links to a
  glossary entry, its text being Furo's main content element (`<article role="main">`) as readers see it: the
  title and headings, paragraphs, lists, tables, admonitions with their title ("Note"), every tab of a tab set with
  its label (a reader switches tabs; all are on the page), collapsed `<details>` and code blocks (readers see them);
  not the theme's chrome (navigation, sidebar, footer, "Edit this page"), nor the "¶" permalink after every
  heading. The general index (`genindex.html`: every term as an index entry) and the search page are no articles.
- **Gold**: every link to a glossary entry (`glossary.html#term-…`, `#term-…` on the glossary page): the linked text
  is a mention of the entry's concept (a variant's anchor, `#term-Wheel`, is its concept's). Links inside code: none
  at this commit (counted). A definition linking to its own entry: kept as gold (the author marked it), counted in
  the note. Links to the glossary page with no entry, or to an anchor that is no entry (`#index-0`): page text only,
  counted.

    .venv/bin/python benchmarks/terms/build.py --only pypug-glossary --sphinx-build /tmp/pypug-sphinx/bin/sphinx-build
"""
from __future__ import annotations

import hashlib
import io
import posixpath
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from build_sources import Repo, _write_set, marked_text, page_text

# conf.py's extensions less sphinx.ext.intersphinx (offline, reproducible: see the docstring)
EXTENSIONS = ("pug_sphinx_extensions,sphinx.ext.extlinks,sphinx.ext.todo,sphinx_inline_tabs,sphinx_copybutton,"
              "sphinx_toolbox.collapse,sphinx-jsonschema")
_BLOCK = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "th", "td", "div",
                    "ul", "ol", "table", "dl", "dt", "dd", "figcaption", "caption", "section", "aside", "details",
                    "summary", "label", "figure"})
_SKIP = frozenset({"script", "style", "noscript", "template", "input", "button"})
MISSING = ("pypug-glossary: needs Sphinx with the guide's pinned theme and extensions, in a venv outside the "
           "project: python3 -m venv /tmp/pypug-sphinx && git --git-dir={git} show {commit}:requirements.txt "
           "> /tmp/pypug-req.txt && /tmp/pypug-sphinx/bin/pip install -r /tmp/pypug-req.txt; then "
           "--sphinx-build /tmp/pypug-sphinx/bin/sphinx-build")


def sphinx_build_path(given: str | None, repo: Repo) -> str:
    """The sphinx-build to run (given, else on PATH), or exit with one line saying how to get it."""
    found = given if given and Path(given).is_file() else (None if given else shutil.which("sphinx-build"))
    if not found:
        sys.exit(MISSING.format(git=repo.git_dir, commit=repo.commit))
    return found


def build_site(repo: Repo, sphinx_build: str, dest: Path) -> str:
    """The guide at `repo.commit` built to HTML in `dest`; -> the Sphinx version line."""
    src = dest.parent / "src"
    data = repo._git("archive", "--format=tar", repo.commit)
    repo.read[f"(git archive {repo.commit[:8]})"] = hashlib.sha256(data).hexdigest()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(src, filter="data")
    version = subprocess.run([sphinx_build, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    done = subprocess.run([sphinx_build, "-b", "html", "-q", "-D", f"extensions={EXTENSIONS}", "source", str(dest)],
                          cwd=src, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"pypug-glossary: sphinx-build failed ({version}):\n{done.stderr[-2000:]}")
    return version


def _target(page: str, href: str) -> str | None:
    """The glossary anchor a link names ('term-Wheel'), '' for the glossary page with no term or another anchor of
    it, None for a link elsewhere. `page`: the linking page's path in the built site ('guides/x.html')."""
    if "://" in href or href.startswith(("mailto:", "//")):
        return None
    path, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if path != "glossary.html":
        return None
    return fragment if fragment.startswith("term-") else ""


def linked_text(el, page: str, concept_of: dict[str, str], targets: list, counts: Counter) -> str:
    """The visible text of `el`, blocks separated by `_SEP`, each link to a glossary entry between `_OPEN` and
    `_CLOSE` ((concept, anchor, inside code) appended to `targets`, in order); other links to the glossary page are
    counted in `counts`."""

    def visit(node, tag: str, code: bool):
        if tag in _SKIP or (tag == "a" and "headerlink" in node.get("class", "").split()):
            return None
        code = code or tag in ("pre", "code")
        concept = None
        if tag == "a":
            anchor = _target(page, node.get("href", ""))
            if anchor:
                concept = concept_of.get(anchor)
                if concept is None:
                    counts["to an anchor that is no entry"] += 1
            elif anchor == "":
                counts["to the glossary page, no entry"] += 1
            if concept:
                targets.append((concept, anchor, code or any(c.tag in ("code", "pre") for c in node.iter())))
        return code, bool(concept)

    return marked_text(el, _BLOCK, visit)


def glossary_entries(doc) -> list[tuple[list[str], str, object]]:
    """([anchor of each <dt>], the first <dt>'s text as the importer reads it, the <dd>) of the glossary page's
    definition list, in order."""
    out: list[tuple[list[str], str, object]] = []
    anchors: list[str] = []
    first = ""
    for dl in doc.iter("dl"):
        if "glossary" not in dl.get("class", "").split():
            continue
        for item in dl:
            if item.tag == "dt":
                if not anchors:
                    for a in item.iter("a"):
                        if "headerlink" in a.get("class", "").split():
                            a.drop_tree()
                    first = " ".join(item.text_content().split())
                anchors.append(item.get("id"))
            elif item.tag == "dd":
                out.append((anchors, first, item))
                anchors = []
    return out


def build_pypug(mirrors: Path, out: Path, sphinx_build: str | None = None) -> dict:
    from lxml import html as lxml_html

    from audit.terms.glossary_import import import_glossary, to_yaml

    repo = Repo(mirrors, "pypug")
    sphinx_build = sphinx_build_path(sphinx_build, repo)
    parser = lxml_html.HTMLParser(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "html"
        version = build_site(repo, sphinx_build, built)
        glossary_page = built / "glossary.html"
        skipped: list[str] = []
        read_as: list[str] = []
        concepts = import_glossary([glossary_page], category="term", skipped=skipped, read_as=read_as)
        glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: source/glossary.rst, built "
                                                 f"({version.split()[-1] if version else 'Sphinx'}, Furo)")
        names = {c["name"] for c in concepts}
        entries = glossary_entries(lxml_html.document_fromstring(glossary_page.read_bytes(), parser=parser))
        concept_of = {anchor: name for anchors, name, _ in entries for anchor in anchors}
        unnamed = sorted({n for n in concept_of.values() if n not in names})
        if unnamed:
            sys.exit(f"pypug-glossary: entries the import did not keep: {unnamed}")
        pages: dict[str, str] = {}
        gold: list[dict] = []
        counts: Counter = Counter()

        def add(page: str, raw: str, targets: list, own: str = "") -> None:
            text, spans = page_text(raw, targets)
            pages[page] = text + "\n"
            for s, e, (concept, anchor, code) in spans:
                g = {"page": page, "start": s, "end": e, "text": text[s:e], "concepts": [concept]}
                if code:
                    g["code"] = True
                if concept == own:
                    g["self"] = True
                    counts["a definition linking to its own entry (kept)"] += 1
                gold.append(g)

        for anchors, name, dd in entries:
            targets: list = []
            add(f"glossary__{anchors[0][len('term-'):]}", linked_text(dd, "glossary.html", concept_of, targets,
                                                                       counts), targets, own=name)
        for path in sorted(built.rglob("*.html")):
            rel = path.relative_to(built).as_posix()
            if rel in ("glossary.html", "genindex.html", "search.html") or rel.startswith("_"):
                continue
            raw_html = path.read_text(encoding="utf-8")
            if "glossary.html#term-" not in raw_html:
                continue
            doc = lxml_html.document_fromstring(path.read_bytes(), parser=parser)
            article = next((el for el in doc.iter("article") if el.get("role") == "main"), None)
            if article is None:
                continue
            targets = []
            raw = linked_text(article, rel, concept_of, targets, counts)
            if targets:
                add(rel[:-len(".html")].replace("/", "__"), raw, targets)
    code = sum(1 for g in gold if g.get("code"))
    note = (f"{len(names)} glossary concepts from {sum(len(a) for a, _, _ in entries)} terms in {len(entries)} "
            f"definitions (imported from the built page; variants: {sum(len(a) - 1 for a, _, _ in entries)}; left "
            f"out: {len(skipped)}); built with {version}; gold: {len(gold)} links to an entry "
            f"({sum(1 for g in gold if g['page'].startswith('glossary__'))} from a definition, {code} inside code); "
            + (", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no other link to the glossary page in "
               "an article"))
    return _write_set(out, "pypug-glossary", pages, glossary_yaml, gold, [repo], note)
