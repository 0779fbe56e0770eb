"""The `falco-glossary` development set (stop 38): the Falco website's glossary (falco.org, a Hugo site with the Docsy
theme and Kubernetes' glossary layout), whose pages mark mentions with the glossary's tooltip shortcode — a sixth set
of "real pages whose mentions are marked by their own authors", added after issue 19's rules were written (a
held-out check of how they generalise, not a set they were read against).

- **Glossary**: the glossary's concept pages (`content/en/docs/reference/glossary/*.md`, one Markdown page per
  concept in the Kubernetes style: front matter `title` = the name as the site shows it, `id`, `aka`,
  `short_description`; the body is the definition, its summary before `<!--more-->`), imported with `audit glossary
  import` over the folder — the user's path. The folder's `index.md` (the glossary page: front matter only, its
  layout lists the entries) is left out by the import itself. (Every `aka:` of this glossary is empty.)
- **Pages**: each concept's page (title, then its body: the glossary page shows an entry as its title, its summary
  and the rest of its body), and every other English page (`content/en/**.md`) that holds a tooltip (its
  front matter title, then its body), rendered as the site renders them to text: the tooltip shortcode as the text it
  shows, other Hugo shortcodes' tags removed (a paired shortcode's inner text kept, as `build_cncf` / `build_otel`),
  the body rendered by markdown-it-py (CommonMark + tables), its visible text block by block; a heading's
  attributes (`{#id}`) are not text (the site's Goldmark reads them).
- **Gold**: every tooltip, `{{< glossary_tooltip text="kernel module" term_id="kernel-module-driver" >}}`: the text
  it shows is a mention of the concept whose page is `<term_id>.md` (the shortcode finds the entry by file name:
  `layouts/shortcodes/glossary_tooltip.html`, `$glossary_items.GetMatch (printf "%s.md" $id)`); without `text=` the
  shortcode shows the concept's title, which is then the mention.

    .venv/bin/python benchmarks/terms/build.py --only falco-glossary   # needs the mirror
                                                                       #   github:falcosecurity/falco-website
"""
from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

from build_sources import _SEP, Repo, _write_set, marked_text, page_text

CONTENT = "content/en"
GLOSSARY = "content/en/docs/reference/glossary"
# Kubernetes' tooltip shortcode (kubernetes/website `layouts/shortcodes/glossary_tooltip.html`, copied by Falco):
# named parameters `text` (optional) and `term_id`, in either order, quoted
TOOLTIP = re.compile(r"\{\{<\s*glossary_tooltip\s+((?:\w+\s*=\s*(?:\"[^\"]*\"|'[^']*')\s*)+)>\}\}")
_PARAM = re.compile(r"(\w+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
# a heading's attributes (`## Modern eBPF {#docker-privileged-modern-ebpf}`: the site's config.toml sets Goldmark's
# `parser.attribute = true`, so Hugo reads them as the heading's id / class, not text)
_HEADING_ATTRIBUTES = re.compile(r"^(\s{0,3}#{1,6}\s.*?)\s*\{[#.][^{}]*\}[ \t]*$", re.M)
_TERM_HREF = "#term-"
_BLOCK = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "div", "ul", "ol",
                    "table", "dl", "dt", "dd", "figcaption"})


def tooltips(markdown: str, title_of: dict[str, str]) -> tuple[str, list[str]]:
    """`markdown` with every tooltip shortcode as the link the site renders (`<a href="#term-ID">text</a>`: its
    `text`, else the concept's title `title_of[term_id]`), and the term ids in text order."""
    ids: list[str] = []

    def link(m: re.Match) -> str:
        params = {k: a if a or not b else b for k, a, b in _PARAM.findall(m.group(1))}
        term = params.get("term_id", "")
        ids.append(term)
        shown = params.get("text") or title_of.get(term, term)
        return f'<a class="glossary-tooltip" href="{_TERM_HREF}{html.escape(term)}">{html.escape(shown)}</a>'

    return TOOLTIP.sub(link, markdown), ids


def render(title: str, body: str, title_of: dict[str, str]) -> tuple[str, list[str]]:
    """(raw text: the title and the body's visible text, blocks separated by `_SEP`, each tooltip between the link
    markers; the tooltips' term ids in text order) of one page's Markdown body."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    marked = _HEADING_ATTRIBUTES.sub(r"\1", tooltips(body, title_of)[0])
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(_SHORTCODE.sub("", marked))
    root = lxml_html.fromstring(f"<div>{rendered}</div>")
    ids: list[str] = []

    def visit(node, tag: str, state):
        if tag in ("script", "style", "noscript", "template"):
            return None
        href = node.get("href", "") if tag == "a" else ""
        if href.startswith(_TERM_HREF) and "glossary-tooltip" in node.get("class", ""):
            ids.append(href[len(_TERM_HREF):])
            return state, True
        return state, False

    return title + _SEP + marked_text(root, _BLOCK, visit), ids


def build_falco(mirrors: Path, out: Path) -> dict:
    from audit.terms.glossary_import import _front_matter, import_glossary, read_page, to_yaml

    repo = Repo(mirrors, "falco")
    entries = [p for p in repo.files(GLOSSARY) if p.endswith(".md") and p.count("/") == GLOSSARY.count("/") + 1]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "glossary"
        folder.mkdir()
        for path in entries:
            (folder / Path(path).name).write_text(repo.text(path), encoding="utf-8")
        skipped: list[str] = []
        concepts = import_glossary([folder], category="glossary", skipped=skipped)
        names = {c["name"] for c in concepts}
        title_of: dict[str, str] = {}  # term_id (the file's stem) -> the concept's name
        bodies: dict[str, tuple[str, str]] = {}
        for f in sorted(folder.iterdir()):
            name, _ = read_page(f)
            if name in names:
                title_of[f.stem] = name
                bodies[f"glossary__{f.stem}"] = (name, _front_matter(f.read_text(encoding="utf-8"))[1])
        skipped = [line.replace(str(folder) + "/", "") for line in skipped]
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {GLOSSARY}/*.md (English)")
    for page_id, meta, body in repo.marked_pages(CONTENT, "glossary_tooltip", skip=entries):
        bodies[page_id] = (" ".join(str(meta.get("title") or "").split()), body)
    pages: dict[str, str] = {}
    gold: list[dict] = []
    unknown: list[str] = []
    for page_id, (title, body) in sorted(bodies.items()):
        raw, ids = render(title, body, title_of)
        text, spans = page_text(raw, ids)
        pages[page_id] = text + "\n"
        for s, e, term in spans:
            if term in title_of:
                gold.append({"page": page_id, "start": s, "end": e, "text": text[s:e], "concepts": [title_of[term]]})
            else:
                unknown.append(f"{page_id}: {text[s:e]!r} -> {term}")
    in_glossary = sum(1 for g in gold if g["page"].startswith("glossary__"))
    note = (f"{len(names)} glossary concepts, imported from {len(entries)} pages (left out by the import: "
            f"{'; '.join(skipped) or 'none'}); gold: {len(gold)} tooltips ({in_glossary} on the glossary's own "
            f"pages, {len(gold) - in_glossary} on {len(pages) - len(title_of)} other pages); tooltips to no concept: "
            f"{len(unknown)}" + (f" ({'; '.join(unknown[:5])})" if unknown else ""))
    return _write_set(out, "falco-glossary", pages, glossary_yaml, gold, [repo], note)
