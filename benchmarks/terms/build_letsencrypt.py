"""The `letsencrypt-glossary` development set (stop 31): letsencrypt.org's own glossary, whose definitions link to
each other, as a second set of "real pages whose mentions are marked by their own authors" beside `healthcare-gov`.

- **Glossary**: the site's English glossary page (`content/en/docs/glossary.md`: one Hugo shortcode
  `{{% def id="AIA" name="Authority Information Access" abbr="AIA" %}} … {{% /def %}}` per concept), built with
  Debian's hugo as `benchmarks/sites/build.py` builds the site (English only, no `static/`), and imported from the
  built HTML page with `audit glossary import` — the user's path: a one-page glossary, here a definition list
  (`<dt>Authority Information Access (AIA)</dt><dd>…</dd>`). The names are the `<dt>` texts as the site shows them
  (the name, and the abbreviation in parentheses where the site gives one; "ACME (Automatic Certificate Management
  Environment)" where the site puts the abbreviation first): no variant written by us.
- **Pages**: each definition (`<dd>`) is a page: the text an editor wrote for one concept, as the site renders it.
  Plus every other English page that links to a glossary entry (`/docs/glossary/#def-…`): one at this commit.
- **Gold**: every link an editor made from a definition (or page) to a glossary entry (`[user agents](#def-user-agent)`):
  the linked text is a mention of the linked entry's concept. A definition never links to itself.

The commit is the one the sites benchmark builds (`d7de4d81`, March 2023: it builds with Debian's hugo 0.111). At
that commit the glossary's two shortcodes declare the legacy shortcode version 1 (`$_hugo_config`), which Hugo
0.111 renders as an empty page (the site was built with Hugo 0.89 then); the site's own fix ("Fix #1840. Restore
glossary page rendering", `7a25b431`, February 2025) replaced the two shortcodes, and renders the glossary as a
definition list. The build takes those two files from that commit, nothing else.

    .venv/bin/python benchmarks/terms/build.py --only letsencrypt-glossary
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_sources import _CLOSE, _OPEN, _SEP, Repo, _write_set, page_text

from benchmarks.sites.sources import letsencrypt_english_source  # (the same English site the sites benchmark builds)

SHORTCODES = ("layouts/shortcodes/def.html", "layouts/shortcodes/renderglossary.html")
_GLOSSARY_HREF = re.compile(r"^(?:/docs/glossary/?|/glossary/?)?#def-(.+)$")
_BLOCK = frozenset({"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "div",
                    "ul", "ol", "table", "figcaption"})


def _build_site(repo: Repo, fix: Repo, dest: Path) -> None:
    """The English site at `repo.commit`, its glossary shortcodes from `fix.commit`, built with Debian's hugo."""
    if shutil.which("hugo") is None:
        sys.exit("letsencrypt-glossary: needs Debian's hugo (apt-get install hugo)")
    src = dest.parent / "src"
    src.mkdir()
    data = repo._git("archive", "--format=tar", repo.commit, "--", ".", ":!static")
    repo.read[f"(git archive {repo.commit[:8]}, static/ left out)"] = hashlib.sha256(data).hexdigest()
    letsencrypt_english_source(data, src)
    for path in SHORTCODES:
        (src / path).write_text(fix.text(path), encoding="utf-8")
    subprocess.run(["hugo", "--quiet", "--source", str(src), "--destination", str(dest)], check=True)


def _linked_text(el, targets: list[str]) -> str:
    """The visible text of `el`, blocks separated by `_SEP`, each link to a glossary entry between `_OPEN` and
    `_CLOSE` (its entry id appended to `targets`, in order)."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template") or not tag:
            parts.append(node.tail or "")
            return
        block = tag in _BLOCK
        link = _GLOSSARY_HREF.match(node.get("href", "")) if tag == "a" else None
        parts.append(_SEP if block else "")
        if link:
            targets.append(link.group(1))
            parts.append(_OPEN)
        parts.append(node.text or "")
        for child in node:
            walk(child)
        if link:
            parts.append(_CLOSE)
        parts.append(_SEP if block else "")
        parts.append(node.tail or "")

    walk(el)
    parts[-1] = ""  # (the element's own tail is not its text)
    return "".join(parts)


def build_letsencrypt(mirrors: Path, out: Path) -> dict:
    from lxml import html as lxml_html

    from audit.terms.glossary_import import import_glossary, to_yaml

    repo, fix = Repo(mirrors, "letsencrypt"), Repo(mirrors, "letsencrypt-fix")
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "public"
        _build_site(repo, fix, built)
        glossary_page = built / "docs" / "glossary" / "index.html"
        skipped: list[str] = []
        concepts = import_glossary([glossary_page], category="glossary", skipped=skipped)
        glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: content/en/docs/glossary.md, "
                                                 f"built (shortcodes of {fix.commit[:12]})")
        names = {c["name"] for c in concepts}
        doc = lxml_html.document_fromstring(glossary_page.read_bytes(),
                                            parser=lxml_html.HTMLParser(encoding="utf-8"))
        concept_of: dict[str, str] = {}  # entry id -> concept name (the <dt> text, as the importer reads it)
        definitions: list[tuple[str, object]] = []
        dt_id = ""
        for item in doc.iter("dt", "dd"):
            if item.tag == "dt":
                dfn = next(item.iter("dfn"))
                dt_id = dfn.get("id")[len("def-"):]
                concept_of[dt_id] = " ".join(item.text_content().split())
            else:
                definitions.append((dt_id, item))
        pages: dict[str, str] = {}
        gold: list[dict] = []
        unknown: list[str] = []

        def add(page: str, raw: str, targets: list[str]) -> None:
            text, spans = page_text(raw, targets)
            pages[page] = text + "\n"
            for s, e, target in spans:
                concept = concept_of.get(target)
                if concept in names:
                    gold.append({"page": page, "start": s, "end": e, "text": text[s:e], "concepts": [concept]})
                else:
                    unknown.append(f"{page}: {text[s:e]!r} -> #def-{target}")

        for entry_id, dd in definitions:
            targets: list[str] = []
            add(f"glossary__{entry_id}", _linked_text(dd, targets), targets)
        for page_file in sorted(built.rglob("index.html")):
            rel = page_file.parent.relative_to(built).as_posix()
            raw_html = page_file.read_text(encoding="utf-8")
            if rel == "docs/glossary" or not re.search(r'href="(?:/docs)?/glossary/?#def-', raw_html):
                continue
            page_doc = lxml_html.document_fromstring(page_file.read_bytes(),
                                                     parser=lxml_html.HTMLParser(encoding="utf-8"))
            title = " ".join(next(page_doc.iter("h1")).text_content().split())
            content = next(el for el in page_doc.iter("div") if el.get("class") == "page-content")
            for dated in [p for p in content.iter("p") if next(p.iter("time"), None) is not None]:
                dated.drop_tree()  # the layout's "Last updated: … | See all Documentation" line
            targets = []
            add(rel.replace("/", "__"), title + _SEP + _linked_text(content, targets), targets)
    note = (f"{len(names)} glossary concepts (imported from the built page; left out: {len(skipped)}); "
            f"links to an entry the glossary does not keep: {len(unknown)}")
    return _write_set(out, "letsencrypt-glossary", pages, glossary_yaml, gold, [repo, fix], note)
