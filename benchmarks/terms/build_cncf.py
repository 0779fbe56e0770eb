"""The `cncf-glossary` development set (stop 32): the CNCF Cloud Native Glossary (glossary.cncf.io, a Hugo site),
whose definitions link to each other — a third set of "real pages whose mentions are marked by their own authors"
beside `healthcare-gov` and `letsencrypt-glossary`, and the first large non-medical one.

- **Glossary**: the site's English concept pages (`content/en/*.md`, one Markdown page per concept, front matter
  `title` = the name as the site titles it), imported with `audit glossary import` over the folder — the user's path.
  The importer leaves out what the site does not show as a concept: the section's list page `_index.md` (the
  glossary's home page), the 8 drafts (`draft: true`, "Deprecated": Hugo does not publish them) and `search.md` (the
  search results layout: no text). `_TEMPLATE.md` ("Definition Template", the contributors' template, which Hugo
  does publish at /_template/) is not copied to the folder imported: a user would leave it out the same way. The
  sub-folders `contribute/`, `contributor-ladder/`, `style-guide/` are the project's pages, not concepts (not read).
- **Pages**: each concept's Markdown body (front matter removed) rendered as the site renders it, to text: Hugo
  shortcodes removed (`{{% sign-language-section ID %}}`: a video and the layout's boilerplate), the body rendered by
  markdown-it-py (CommonMark + tables) and its visible text taken block by block (blocks joined by blank lines), the
  title first (the layout shows it as the page's `<h1>`). The section headings ("Problem it addresses", "How it
  helps", "Related terms") and list items are page text: readers see them.
- **Gold**: every link from a concept's page to another concept's page (`[containerized](/containerization/)`,
  `https://glossary.cncf.io/containerization/`): the linked text is a mention of the target concept, mapped by the
  target's slug (the file name: no page sets `slug` or `url`). The "Related terms" lists are such links too (the
  concept's name as a list item; `related` in gold.jsonl says so). Links to a page that is no concept (`/contribute/`,
  a draft), links to other sites and anchors within a page are page text, not gold (counted in the manifest's
  note); no page links to itself.

    .venv/bin/python benchmarks/terms/build.py --only cncf-glossary   # needs the mirror github:cncf/glossary
"""
from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

from build_sources import _SEP, Repo, _write_set, marked_text, page_text

CONTENT = "content/en"
TEMPLATE = "_TEMPLATE.md"
SITE = "https://glossary.cncf.io"
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_BLOCK = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "div", "ul", "ol",
                    "table", "dl", "dt", "dd", "figcaption"})


def slug_of_href(href: str) -> str | None:
    """The page slug an internal link names ('/container/', '/container', 'https://glossary.cncf.io/container/'),
    '' for an anchor within the page ('#…'), None for another site or a file."""
    href = href.strip()
    if href.startswith(SITE):
        href = href[len(SITE):] or "/"
    if href.startswith("#"):
        return ""
    if not href.startswith("/") or href.startswith("//"):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0].strip("/")
    return None if "/" in path or "." in path else path


def linked_text(el, concept_of_slug: dict[str, str], targets: list, others: list[str], related=None) -> str:
    """The visible text of `el`, blocks separated by `_SEP`, each link to a concept's page between `_OPEN` and
    `_CLOSE` ((the concept, whether the link is inside the element `related`) appended to `targets`, in order);
    every other link's target appended to `others`."""

    def visit(node, tag: str, inside: bool):
        if tag in ("script", "style", "noscript", "template"):
            return None
        inside = inside or node is related
        concept = None
        if tag == "a":
            slug = slug_of_href(node.get("href", ""))
            concept = concept_of_slug.get(slug) if slug else None
            if concept is None:
                others.append(node.get("href", ""))
            else:
                targets.append((concept, inside))
        return inside, bool(concept)

    return marked_text(el, _BLOCK, visit)


def render(title: str, body: str, concept_of_slug: dict[str, str]) -> tuple[str, list, list[str]]:
    """(page text, [(start, end, concept, related)], other links' targets) of one concept page's Markdown body."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(_SHORTCODE.sub("", body))
    root = lxml_html.fromstring(f"<div>{rendered}</div>")
    related = None  # the "Related terms" heading's list: links marked `related`
    for h in root.iter("h2", "h3"):
        if " ".join(h.text_content().split()).casefold() == "related terms":
            related = h.getnext()
    targets: list = []
    others: list[str] = []
    raw = linked_text(root, concept_of_slug, targets, others, related)
    text, spans = page_text(title + _SEP + raw, targets)
    return text, [(s, e, t, rel) for s, e, (t, rel) in spans], others


def build_cncf(mirrors: Path, out: Path) -> dict:
    from audit.terms.glossary_import import _front_matter, import_glossary, read_page, to_yaml

    repo = Repo(mirrors, "cncf")
    files = [p for p in repo.files(CONTENT) if p.count("/") == 2 and p.endswith(".md")]  # (not the sub-folders)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "en"
        folder.mkdir()
        for path in files:
            if Path(path).name != TEMPLATE:
                (folder / Path(path).name).write_text(repo.text(path), encoding="utf-8")
        skipped: list[str] = []
        concepts = import_glossary([folder], category="glossary", skipped=skipped)
        names = {c["name"] for c in concepts}
        concept_of_slug: dict[str, str] = {}
        bodies: dict[str, tuple[str, str]] = {}
        for f in sorted(folder.iterdir()):
            name, _ = read_page(f)
            if name in names:
                concept_of_slug[f.stem.lower()] = name
                bodies[f.stem] = (name, _front_matter(f.read_text(encoding="utf-8"))[1])
        skipped = [line.replace(str(folder) + "/", "") for line in skipped]
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {CONTENT}/*.md (English; "
                                             f"{TEMPLATE} not copied)")
    pages: dict[str, str] = {}
    gold: list[dict] = []
    other_links: list[str] = []
    for slug, (name, body) in sorted(bodies.items()):
        text, spans, others = render(name, body, concept_of_slug)
        pages[slug] = text + "\n"
        other_links += others
        for s, e, concept, related in spans:
            g = {"page": slug, "start": s, "end": e, "text": text[s:e], "concepts": [concept]}
            if related:
                g["related"] = True
            gold.append(g)
    kinds = {"to another site": sum(1 for h in other_links if slug_of_href(h) is None),
             "anchors": sum(1 for h in other_links if slug_of_href(h) == ""),
             "to a page that is no concept": sum(1 for h in other_links if slug_of_href(h))}
    self_links = sum(1 for g in gold if concept_of_slug.get(g["page"]) == g["concepts"][0])
    why = Counter("a draft" if "a draft" in line else "a section's list page" if "list page" in line else
                  "no title" if "no title" in line else "no text of its own" if "no text of its own" in line else "other"
                  for line in skipped)
    note = (f"{len(names)} glossary concepts, imported from {len(files) - 1} pages ({TEMPLATE} not copied; left out "
            f"by the import: " + ", ".join(f"{k} {v}" for k, v in sorted(why.items())) + f"); gold: {len(gold)} "
            f"links to a concept's page ({sum(1 for g in gold if g.get('related'))} in a 'Related terms' list, "
            f"{self_links} to the page itself); other links, page text only: "
            + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    return _write_set(out, "cncf-glossary", pages, glossary_yaml, gold, [repo], note)
