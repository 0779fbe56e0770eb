"""The link sets of Sphinx sites with a `.. glossary::` (stops 33 and 40): a site's pages whose authors link to its
glossary with Sphinx's `:term:` role — "real pages whose mentions are marked by their own authors" (issue 19,
item 5). One builder for every such site; a site is a `SphinxSite` (where its documentation and glossary are, how it
is built). `pypug-glossary` (`build_pypug.py`) is built with the site's own configuration; `numpy-glossary`,
`ansible-glossary` and `sphinx-glossary` (stop 40, held out) with a plain one (`PLAIN_CONF`, below).

- **The site** is built to HTML as its readers get it, with `sphinx-build -b html` in a venv **outside the project**
  (`--sphinx-build PATH`; Sphinx is a build tool of this benchmark, not a dependency of `audit`), offline and
  reproducible: no intersphinx (no other project's inventory is fetched; a reference into another project's
  documentation renders as the text its author wrote, as when the inventories cannot be reached).
  - *Own configuration* (`extensions` given): the site's `conf.py`, theme and extensions, less intersphinx
    (`-D extensions=…`): the Python Packaging User Guide, whose requirements the venv holds.
  - *Plain configuration* (`extensions` None): a site whose own build needs its own package, extensions or theme
    (numpy: numpydoc, matplotlib's plot directive, an importable numpy; Ansible: antsibull's extension; Sphinx's
    own docs: the Sphinx version they document) is built from the same source tree with a plain `conf.py` instead
    of its own (`-c`): Sphinx's `basic` theme, no extension, the site's root document, and every role or directive
    Sphinx does not know rendered as its text (a role as the text it shows — the title of `title <target>` —, a
    directive as its arguments — a described object's name, as `.. confval:: project` shows it — over its content
    read as reStructuredText; its options as no text). What is lost is generated content (autodoc's API pages, plots), not the prose authors wrote.
- **Glossary**: the built glossary page (one `.. glossary::` directive, rendered `<dl class="glossary">`),
  imported with `audit glossary import` — the user's path, a one-page glossary; several `<dt>`s of one `<dd>` are one
  concept, the first its name, the others its variants.
- **Pages**: each glossary definition (`<dd>`) is a page (the text written about one concept, which links to
  others; its own term is not on it), and every other page whose main content links to a glossary entry, its text
  being the theme's main element (`SphinxSite.main`) as readers see it: title and headings, paragraphs, lists,
  tables, admonitions with their title, tabs with their label, `<details>` and code blocks; not the theme's chrome,
  nor the "¶" permalink after every heading. The general index and the search page are no articles.
- **Gold**: every link to a glossary entry (`…/glossary.html#term-…`, `#term-…` on the glossary page): the linked
  text is a mention of the entry's concept (a variant's anchor is its concept's). Links inside code are flagged
  `code`; a definition linking to its own entry is kept as gold, flagged `self`; links to the glossary page with no
  entry, to an anchor that is no entry, or to an entry the import left out are page text only — each counted in the
  manifest's note.
"""
from __future__ import annotations

import ast
import hashlib
import io
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from build_sources import Repo, _write_set, marked_text, page_text

_BLOCK = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "th", "td", "div",
                    "ul", "ol", "table", "dl", "dt", "dd", "figcaption", "caption", "section", "aside", "details",
                    "summary", "label", "figure"})
_SKIP = frozenset({"script", "style", "noscript", "template", "input", "button"})
MISSING = ("{name}: needs Sphinx in a venv outside the project: python3 -m venv /tmp/pypug-sphinx && "
           "git --git-dir={git} show {commit}:requirements.txt > /tmp/pypug-req.txt && "
           "/tmp/pypug-sphinx/bin/pip install -r /tmp/pypug-req.txt (the Python Packaging User Guide's pins: Sphinx "
           "7.2.6, Furo, …); then --sphinx-build /tmp/pypug-sphinx/bin/sphinx-build")
_MERGED = re.compile(r"""^('.*'|".*"): matches the same words as ('.*'|".*")$""")  # (`drop_colliding`'s line)
NOT_PAGES = ("genindex.html", "search.html")  # (the general index: every term as an entry, no mention in text)


@dataclass(frozen=True)
class SphinxSite:
    """A Sphinx site whose glossary the `:term:` links name. `source`: the documentation's source folder in the
    repository; `glossary`: the glossary's document name; `extensions`: the site's own configuration with these
    extensions (None: the plain configuration); `main`: (tag, attribute, value) of the theme's main content
    element; `theme`: the theme's name as the glossary's `source` line says it; `archive`: the repository folder
    read (None: the whole repository); `epilog`: the site's `rst_epilog`, copied from its `conf.py` (its
    substitutions are text authors write); `root`: the root document the plain configuration names."""
    name: str
    key: str
    source: str
    glossary: str = "glossary"
    extensions: str | None = None
    main: tuple[str, str, str] = ("div", "role", "main")
    theme: str = "a plain conf.py"
    archive: str | None = None
    epilog: str = ""
    root: str = "index"

    @property
    def glossary_html(self) -> str:
        return f"{self.glossary}.html"


# the plain configuration (see the docstring); `{root}`, `{epilog}` filled per site
PLAIN_CONF = '''"""A plain configuration (benchmarks/terms/build_sphinx.py): no extension, the basic theme; every role or
directive Sphinx does not know rendered as its text."""
from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles
from docutils.utils import unescape
from sphinx.util.nodes import split_explicit_title

project = "glossary"
root_doc = {root!r}
html_theme = "basic"
exclude_patterns = ["_build"]
rst_epilog = {epilog!r}


def as_text(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.inline(rawtext, split_explicit_title(unescape(text))[1])], []


class AnyOption(dict):
    def __missing__(self, key):
        return directives.unchanged


class AsContent(Directive):
    has_content = True
    optional_arguments = 99
    final_argument_whitespace = True
    option_spec = AnyOption(name=directives.unchanged)

    def run(self):
        node = nodes.container()
        if self.arguments:
            node += nodes.paragraph(text=" ".join(self.arguments))
        self.state.nested_parse(self.content, self.content_offset, node)
        return node.children


_role, _directive = roles.role, directives.directive


def role(name, language, lineno, reporter):
    found, messages = _role(name, language, lineno, reporter)
    return (found, messages) if found is not None else (as_text, [])


def directive(name, language, document):
    found, messages = _directive(name, language, document)
    return (found, messages) if found is not None else (AsContent, [])


roles.role, directives.directive = role, directive
'''


def sphinx_build_path(given: str | None, repo: Repo, name: str = "pypug-glossary") -> str:
    """The sphinx-build to run (given, else on PATH), or exit with one line saying how to get it."""
    found = given if given and Path(given).is_file() else (None if given else shutil.which("sphinx-build"))
    if not found:
        sys.exit(MISSING.format(name=name, git=repo.git_dir, commit=repo.commit))
    return found


def build_site(site: SphinxSite, repo: Repo, sphinx_build: str, dest: Path) -> str:
    """The site at `repo.commit` built to HTML in `dest`; -> the Sphinx version line."""
    src = dest.parent / "src"
    data = repo._git("archive", "--format=tar", repo.commit, *([site.archive] if site.archive else []))
    repo.read[f"(git archive {repo.commit[:8]}{' ' + site.archive if site.archive else ''})"] = \
        hashlib.sha256(data).hexdigest()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(src, filter="data")
    version = subprocess.run([sphinx_build, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    if site.extensions is not None:
        options = ["-D", f"extensions={site.extensions}"]
    else:
        conf = dest.parent / "conf"
        conf.mkdir()
        (conf / "conf.py").write_text(PLAIN_CONF.format(root=site.root, epilog=site.epilog), encoding="utf-8")
        options = ["-c", str(conf)]
    done = subprocess.run([sphinx_build, "-b", "html", "-q", *options, site.source, str(dest)],
                          cwd=src, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{site.name}: sphinx-build failed ({version}):\n{done.stderr[-2000:]}")
    return version


def _target(page: str, href: str, glossary: str = "glossary.html") -> str | None:
    """The glossary anchor a link names ('term-Wheel'), '' for the glossary page with no term or another anchor of
    it, None for a link elsewhere. `page`: the linking page's path in the built site ('guides/x.html');
    `glossary`: the glossary page's."""
    if "://" in href or href.startswith(("mailto:", "//")):
        return None
    path, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if path != glossary:
        return None
    return fragment if fragment.startswith("term-") else ""


def linked_text(el, page: str, concept_of: dict[str, str], targets: list, counts: Counter,
                glossary: str = "glossary.html") -> str:
    """The visible text of `el`, blocks separated by `_SEP`, each link to a glossary entry between `_OPEN` and
    `_CLOSE` ((concept, anchor, inside code) appended to `targets`, in order); other links to the glossary page are
    counted in `counts`. `concept_of`: an entry's anchor -> its concept (None: an entry the import left out)."""

    def visit(node, tag: str, code: bool):
        if tag in _SKIP or (tag == "a" and "headerlink" in node.get("class", "").split()):
            return None
        code = code or tag in ("pre", "code")
        concept = None
        if tag == "a":
            anchor = _target(page, node.get("href", ""), glossary)
            if anchor:
                concept = concept_of.get(anchor)
                if anchor not in concept_of:
                    counts["to an anchor that is no entry"] += 1
                elif concept is None:
                    counts["to an entry the import left out"] += 1
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


def merged_names(skipped: list[str]) -> dict[str, str]:
    """An entry the import left out because its name is an earlier concept's words (`drop_colliding`: "Tasks" after
    "Task", plurals folded) -> that concept: a link to it is a mention of the one concept the import made of both
    (as `healthcare-gov`'s two pages of *Deductible*)."""
    out = {}
    for line in skipped:
        m = _MERGED.match(line)
        if m:
            out[ast.literal_eval(m.group(1))] = ast.literal_eval(m.group(2))
    return out


def build_glossary_set(site: SphinxSite, mirrors: Path, out: Path, sphinx_build: str | None = None) -> dict:
    """Build `site` and write its set (pages, glossary, gold, manifest) under `out / site.name`."""
    from lxml import html as lxml_html

    from audit.terms.glossary_import import import_glossary, to_yaml

    repo = Repo(mirrors, site.key)
    sphinx_build = sphinx_build_path(sphinx_build, repo, site.name)
    parser = lxml_html.HTMLParser(encoding="utf-8")
    tag, attribute, value = site.main
    glossary_html = site.glossary_html
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "html"
        version = build_site(site, repo, sphinx_build, built)
        glossary_page = built / glossary_html
        skipped: list[str] = []
        read_as: list[str] = []
        concepts = import_glossary([glossary_page], category="term", skipped=skipped, read_as=read_as)
        glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {site.source}/{site.glossary}.rst"
                                                 f", built ({version.split()[-1] if version else 'Sphinx'}, "
                                                 f"{site.theme})")
        names = {c["name"] for c in concepts}
        entries = glossary_entries(lxml_html.document_fromstring(glossary_page.read_bytes(), parser=parser))
        merged = merged_names(skipped)
        concept_of = {anchor: (name if name in names else merged.get(name)) for anchors, name, _ in entries
                      for anchor in anchors}
        renamed = {anchor for anchors, name, _ in entries if name not in names and name in merged
                   for anchor in anchors}
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
                if anchor in renamed:
                    counts["to an entry the import merged with another of the same words (its concept)"] += 1
                if concept == own:
                    g["self"] = True
                    counts["a definition linking to its own entry (kept)"] += 1
                gold.append(g)

        for anchors, name, dd in entries:
            targets: list = []
            add(f"glossary__{anchors[0][len('term-'):]}", linked_text(dd, glossary_html, concept_of, targets,
                                                                       counts, glossary_html), targets, own=name)
        marker = f"{posixpath.basename(glossary_html)}#term-"
        for path in sorted(built.rglob("*.html")):
            rel = path.relative_to(built).as_posix()
            if rel == glossary_html or rel in NOT_PAGES or rel.startswith("_"):
                continue
            raw_html = path.read_text(encoding="utf-8")
            if marker not in raw_html:
                continue
            doc = lxml_html.document_fromstring(path.read_bytes(), parser=parser)
            article = next((el for el in doc.iter(tag) if el.get(attribute) == value), None)
            if article is None:
                continue
            targets = []
            raw = linked_text(article, rel, concept_of, targets, counts, glossary_html)
            if targets:
                add(rel[:-len(".html")].replace("/", "__"), raw, targets)
    code = sum(1 for g in gold if g.get("code"))
    note = (f"{len(names)} glossary concepts from {sum(len(a) for a, _, _ in entries)} terms in {len(entries)} "
            f"definitions (imported from the built page; variants: {sum(len(a) - 1 for a, _, _ in entries)}; left "
            f"out: {len(skipped)}); built with {version}; gold: {len(gold)} links to an entry "
            f"({sum(1 for g in gold if g['page'].startswith('glossary__'))} from a definition, {code} inside code); "
            + (", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no other link to the glossary page in "
               "an article"))
    return _write_set(out, site.name, pages, glossary_yaml, gold, [repo], note)


# stop 40: three sites held out from the rules, built with the plain configuration (see the docstring)
HELD_OUT = {
    "numpy-glossary": SphinxSite("numpy-glossary", "numpy", "doc/source", archive="doc/source"),
    "ansible-glossary": SphinxSite(
        "ansible-glossary", "ansible", "docs/docsite/rst", glossary="reference_appendices/glossary",
        archive="docs/docsite/rst", root="ansible_index",  # (the Ansible package's docs: its Makefile's index)
        epilog="\n.. |br| raw:: html\n\n   <br>\n.. |_| unicode:: 0xA0\n    :trim:\n"),  # (conf.py's rst_epilog)
    "sphinx-glossary": SphinxSite("sphinx-glossary", "sphinx", "doc", archive="doc"),
}
