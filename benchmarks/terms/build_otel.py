"""The `otel-glossary` development set (stop 36): the OpenTelemetry glossary (opentelemetry.io, a Hugo site with the
Docsy theme), whose definitions link to each other — a fifth set of "real pages whose mentions are marked by their
own authors" beside `healthcare-gov`, `letsencrypt-glossary`, `cncf-glossary` and `pypug-glossary`, and the first
added after the rules of issue 19 were written (not read while they were).

- **Glossary**: the site's English glossary page (`content/en/docs/concepts/glossary.md`: one `###` heading per term,
  its definition under it) imported from its Markdown source with `audit glossary import` — the user's path: a
  one-page glossary. The names are the headings as the site shows them; no variant written by us.
- **Pages**: each definition (the Markdown under a term's heading, up to the next heading) is a page, rendered as the
  site renders it to text: markdown-it-py (CommonMark + tables) with the page's reference definitions (which end
  the page) appended, its visible text block by block. Plus every other English page (`content/en/**.md`) that
  links to a glossary entry (`/docs/concepts/glossary/#…`): its title (front matter) and body, Hugo shortcodes
  removed (as `build_cncf`).
- **Gold**: every link an editor made from a definition (or page) to a glossary entry (`[Metadata](#metadata)`):
  the linked text is a mention of the linked entry's concept. The entry of an anchor is the heading whose id Hugo
  (Goldmark) gives it: lower case, spaces as "-", other punctuation dropped. A definition never links to itself.

    .venv/bin/python benchmarks/terms/build.py --only otel-glossary
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from build_sources import _SEP, Repo, _write_set, marked_text, page_text

CONTENT = "content/en"
GLOSSARY = "content/en/docs/concepts/glossary.md"
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_GLOSSARY_HREF = re.compile(r"^(/docs/concepts/glossary/?)?#([\w-]+)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:")
_BLOCK = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "div", "ul", "ol",
                    "table", "dl", "dt", "dd", "figcaption"})


def heading_id(text: str) -> str:
    """The id Hugo's Markdown renderer (Goldmark, `autoHeadingIDType: github`) gives a heading."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def sections(markdown: str) -> tuple[list[tuple[str, str]], str]:
    """([(heading text, the Markdown under it)] of the `###` sections, the page's reference definitions)."""
    found: list[list] = []
    refs: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m:
            found.append([m.group(1), m.group(2), []])
        elif _REF_DEF.match(line) and not fenced:
            refs.append(line)
        elif refs and line.startswith(" ") and line.strip() and not fenced:  # a definition's wrapped URL
            refs[-1] += " " + line.strip()
        elif found:
            found[-1][2].append(line)
    return [(text, "\n".join(lines)) for level, text, lines in found if level == "###"], "\n".join(refs)


def render(markdown: str, refs: str, concept_of: dict[str, str], targets: list, in_glossary: bool) -> str:
    """The visible text of a Markdown text (its reference definitions `refs` appended), blocks separated by `_SEP`,
    links to a glossary entry marked (their concept appended to `targets`, in order); an anchor alone (`#metadata`)
    is a glossary entry `in_glossary` only (elsewhere it names a heading of its own page)."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(
        _SHORTCODE.sub("", markdown) + "\n\n" + refs + "\n")
    root = lxml_html.fromstring(f"<div>{rendered}</div>")

    def visit(node, tag: str, state):
        if tag in ("script", "style", "noscript", "template"):
            return None
        if tag == "a":
            m = _GLOSSARY_HREF.match(node.get("href", ""))
            if m and (m.group(1) or in_glossary):
                targets.append(concept_of.get(m.group(2)) or f"#{m.group(2)}")
                return state, True
        return state, False

    return marked_text(root, _BLOCK, visit)


def build_otel(mirrors: Path, out: Path) -> dict:
    from audit.terms.glossary_import import _front_matter, import_glossary, to_yaml

    repo = Repo(mirrors, "otel")
    source = repo.text(GLOSSARY)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "glossary.md"
        page.write_text(source, encoding="utf-8")
        skipped: list[str] = []
        concepts = import_glossary([page], category="glossary", skipped=skipped)
    names = [c["name"] for c in concepts]
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {GLOSSARY}")
    meta, body = _front_matter(source)
    entries, refs = sections(body)
    concept_of = {heading_id(text): text for text, _ in entries if text in names}
    pages: dict[str, str] = {}
    gold: list[dict] = []
    unknown: list[str] = []

    def add(page_id: str, raw: str, targets: list) -> None:
        text, spans = page_text(raw, targets)
        pages[page_id] = text + "\n"
        for s, e, concept in spans:
            if concept in names:
                gold.append({"page": page_id, "start": s, "end": e, "text": text[s:e], "concepts": [concept]})
            else:
                unknown.append(f"{page_id}: {text[s:e]!r} -> {concept}")

    for text, markdown in entries:
        if text in names:
            targets: list = []
            add(f"glossary__{heading_id(text)}", render(markdown, refs, concept_of, targets, True), targets)
    for page_id, meta, page_body in repo.marked_pages(CONTENT, "/docs/concepts/glossary/#", skip=(GLOSSARY,)):
        targets = []
        title = " ".join(str(meta.get("title") or "").split())
        raw = title + _SEP + render(page_body, "", concept_of, targets, False)  # (its reference definitions in its body)
        add(page_id, raw, targets)
    note = (f"{len(names)} glossary concepts (imported from the Markdown page; left out: {len(skipped)}); "
            f"links to an anchor that is no entry: {len(unknown)}"
            + (f" ({'; '.join(unknown[:5])})" if unknown else ""))
    return _write_set(out, "otel-glossary", pages, glossary_yaml, gold, [repo], note)
