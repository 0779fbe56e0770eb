"""A reStructuredText glossary for `audit glossary import` (stop 37): a Sphinx site's `glossary.rst` read from its
repository, as the built page's import reads it (`audit.terms.glossary_page`).

The page is read through `audit run`'s own reader (`audit.ingest.rstsource.rst_lines`, `rstinline`): roles, links
and substitutions as the text they show, code blocks, comments and directives' options out, one line for each line
of the file. Then:

- a `.. glossary::` directive (Sphinx's, any number on the page): each term (a line at the directive content's own
  indent) over its indented definition is a concept; several terms on consecutive lines before one definition are
  one concept, the first its name and the others its variants (as Sphinx's HTML writes them: several `<dt>` of one
  `<dd>`; the Python Packaging User Guide's *License Expression* / *SPDX Expression*); a term's classifier
  (`term : classifier`) is not part of it; with the `:sorted:` option the entries come in the order Sphinx sorts
  them (its first term, lower case, Unicode NFD); a comment (`..`) among the terms is left out, as Sphinx leaves it;
- a page without one: its headings (`rstsource` writes section titles as Markdown headings) on a page that says it
  is a glossary, each followed by its text, as a Markdown one-page glossary (`glossary_page.markdown_entries`);
  else one concept's page, its title the name (`rst_page`).

A definition's paragraphs (`paragraphs_rst`) are its text blocks a blank line apart, as Sphinx's `<p>`s: a list
item a paragraph of its own, code blocks, tables and headings out; the first is `plain`. A `:ref:` to a section of
another page shows that section's title when the page is in a Sphinx project (a `conf.py` in its folder or above:
`site_labels` reads the project's pages), as the built page does; outside one, its label. What the built page shows
and the import does not: Sphinx's SmartQuotes in the definitions' text (“package”, source’s: the names have
them, `smart_quotes`), a `:doc:` link's target page's title (its path here), an intersphinx link's target.
(The Python Packaging User Guide's glossary, stop 37: its 46 concepts from 51 terms, names, variants and order as
its built page's import gives them; 38 of their 46 `plain`s the same, 8 by their quotes only.)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from audit.ingest.rstsource import rst_labels, rst_lines
from audit.terms.glossary_page import Entry, markdown_entries

RST_SUFFIXES = (".rst", ".rest")
_GLOSSARY_RE = re.compile(r"^(\s*)\.\.[ \t]+glossary::[ \t]*$")
_OPTION_RE = re.compile(r"^\s+:[\w.-]+:(?:[ \t]|$)")
_ITEM_RE = re.compile(r"^(?:- |1\. )")  # a list item as `rst_lines` writes it
_HEADING_RE = re.compile(r"^#{1,6} ")
_CLASSIFIER_RE = re.compile(r" +: +")
_CLOSING = ",.;:!?)]"  # a line that starts so went on from the line before (a role's text that wrapped)
_OPENERS = "([{<-–—/"  # (before a quote that opens)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def site_labels(path: Path) -> dict[str, str]:
    """The section labels of the Sphinx project that holds the page at `path` (its folder or the nearest one above
    with a `conf.py`): every `.rst` / `.rest` page's `.. _label:` with the title of the section it stands over, so
    that a `:ref:` to another page shows that title as the built page does (*Egg*'s "see What about eggs?"); {}
    outside a project."""
    root = next((d for d in path.resolve().parents if (d / "conf.py").is_file()), None)
    return _project_labels(root) if root is not None else {}


@lru_cache(maxsize=4)
def _project_labels(root: Path) -> dict[str, str]:
    """`site_labels` of the project at `root`, read once for all the pages of one import."""
    labels: dict[str, str] = {}
    for f in sorted(f for f in root.rglob("*") if f.suffix.lower() in RST_SUFFIXES and f.is_file()
                    and not any(part.startswith((".", "_")) for part in f.relative_to(root).parts[:-1])):
        try:
            text = f.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # (a page that cannot be read gives no titles)
        for label, title in rst_labels(text.replace("\r\n", "\n").split("\n")).items():
            labels.setdefault(label, title)
    return labels


def read_rst(text: str, labels: dict[str, str] | None = None) -> tuple[list[str], list[str], str]:
    """(the file's lines, the lines as the site shows them, the page's title) of a page's text; `labels`, its
    project's (`site_labels`)."""
    lines = text.replace("\r\n", "\n").split("\n")
    shown, title = rst_lines(lines, labels)
    return [ln.expandtabs(8) for ln in lines], shown, title


def paragraphs_rst(text: str, source: list[str] | None = None) -> list[str]:
    """The paragraphs of shown reStructuredText (`rst_lines`' lines joined), as plain text: blocks a blank line
    apart, a list item one of its own; code blocks, tables and headings left out. With the file's `source` lines
    (as many), a line the reader left empty within a paragraph (the rest of a link whose text wrapped: `mailing
    list` / `<https://...>`_`) does not end it, and a line that goes on from a role whose text wrapped (the line
    before holds an odd number of backquotes: `:term:`packages <Import`) joins the line before without a space
    when it starts with closing punctuation (the "," the reader leaves there)."""
    out: list[str] = []
    current: list[tuple[str, bool]] = []  # (line, it goes on from a role that wrapped)
    fenced = False

    def close() -> None:
        if current:
            joined = current[0][0]
            for line, rest in current[1:]:
                joined += line if rest and line[0] in _CLOSING and not joined[-1:].isspace() else " " + line
            out.append(" ".join(joined.split()))
            current.clear()

    for k, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped.startswith("```"):
            close()
            fenced = not fenced
            continue
        if not stripped and not fenced and source is not None and source[k].strip():
            continue  # (within a paragraph)
        if fenced or not stripped or stripped.startswith("|") or _HEADING_RE.match(stripped):
            close()
            continue
        if _ITEM_RE.match(stripped):
            close()
            stripped = _ITEM_RE.sub("", stripped)
        current.append((stripped, k > 0 and source is not None and source[k - 1].count("`") % 2 == 1))
    close()
    return [p for p in out if p]


def _term(shown: str) -> str:
    """A term as Sphinx's HTML shows it: the shown line less a heading mark (`rstsource` makes a term right over its
    definition a definition list's term) and its classifier, its quotes curled (`smart_quotes`)."""
    return smart_quotes(_CLASSIFIER_RE.split(" ".join(_HEADING_RE.sub("", shown.strip()).split()), maxsplit=1)[0])


def smart_quotes(text: str) -> str:
    """`text`'s straight quotes as Sphinx's SmartQuotes transform (on by default in an HTML build) writes them in
    English: one that opens (at the start, after a space, an opening bracket or a dash) “ ‘, else ” ’ (an apostrophe
    too). For a glossary's terms only, so that a name is the one its built page gives (the Python Packaging User
    Guide's *Source Distribution (or “sdist”)*); a definition's text keeps the source's quotes, as `audit run`
    reads the source pages (its literals, read by then, would take curled quotes too)."""
    if '"' not in text and "'" not in text:
        return text
    out = []
    for k, ch in enumerate(text):
        if ch in "\"'":
            before = text[k - 1] if k else " "
            after = text[k + 1] if k + 1 < len(text) else " "
            opening = (before.isspace() or before in _OPENERS) and not after.isspace()
            ch = ("“" if opening else "”") if ch == '"' else ("‘" if opening else "’")
        out.append(ch)
    return "".join(out)


def glossary_entries(path: Path, source: list[str], shown: list[str], skipped: list[str]) -> list[Entry] | None:
    """The entries of the page's `glossary` directives (None when it has none)."""
    found = False
    entries: list[Entry] = []
    i, n = 0, len(source)
    while i < n:
        m = _GLOSSARY_RE.match(source[i])
        if not m:
            i += 1
            continue
        found = True
        ind, j, is_sorted = len(m.group(1)), i + 1, False
        while j < n and _OPTION_RE.match(source[j]) and _indent(source[j]) > ind:
            is_sorted = is_sorted or source[j].strip().startswith(":sorted:")
            j += 1
        end = j
        while end < n and (not source[end].strip() or _indent(source[end]) > ind):
            end += 1
        items = _items(source, j, end)
        if is_sorted:
            items.sort(key=lambda item: unicodedata.normalize("NFD", _term(shown[item[0][0]]).lower()))
        for terms, body in items:
            names = [t for t in (_term(shown[k]) for k in terms) if t]
            where = f"{path.name} line {terms[0] + 1}"
            paras = tuple(paragraphs_rst("\n".join(shown[k] for k in body), [source[k] for k in body]))
            if not names:
                skipped.append(f"{where}: a definition whose term is empty")
            elif not paras:
                skipped.append(f"{where}: {names[0]!r} has no definition after it")
            else:
                variants = tuple(dict.fromkeys(v for v in names[1:] if v.casefold() != names[0].casefold()))
                entries.append(Entry(names[0], paras, f"{path.name} entry {len(entries) + 1} (line {terms[0] + 1})",
                                     variants))
        i = end
    return entries if found else None


def _items(source: list[str], start: int, end: int) -> list[tuple[list[int], list[int]]]:
    """(term lines, definition lines) of a glossary directive's content (lines `start`..`end`), as Sphinx's
    `Glossary.run` groups them: a line at the content's indent is a term (one right after a term, another of the
    same definition), a line indented more is definition; a comment at the terms' indent, and what it holds, out."""
    content = [k for k in range(start, end) if source[k].strip()]
    if not content:
        return []
    base = _indent(source[content[0]])
    items: list[tuple[list[int], list[int]]] = []
    in_definition, in_comment = True, False
    for k in range(start, end):
        line = source[k]
        if not line.strip():
            if in_definition and items:
                items[-1][1].append(k)
            continue
        if _indent(line) <= base:
            in_comment = line.strip().startswith("..")
            if in_comment:
                continue
            if in_definition or not items:
                items.append(([k], []))
                in_definition = False
            else:
                items[-1][0].append(k)
        elif not in_comment and items:
            in_definition = True
            items[-1][1].append(k)
    return items


def rst_entries(path: Path, text: str, skipped: list[str]) -> tuple[str, list[Entry]] | None:
    """(shape, entries) of a reStructuredText one-page glossary at `path` whose text is `text` (a `glossary`
    directive, or headings each followed by text on a page that says it is a glossary), or None."""
    source, shown, title = read_rst(text, site_labels(path))
    entries = glossary_entries(path, source, shown, skipped)
    if entries is not None:
        return "Sphinx glossary directive", entries
    return markdown_entries(path, "\n".join(shown), title, skipped, paragraphs_rst)


def rst_page(path: Path, text: str) -> tuple[str, list[str]]:
    """(name, paragraphs of its definition) of a reStructuredText page of one concept (at `path`, its text `text`):
    its title, then its text."""
    source, shown, title = read_rst(text, site_labels(path))
    first = next((k for k, line in enumerate(shown) if _HEADING_RE.match(line)), -1)
    return title, paragraphs_rst("\n".join(shown[first + 1:]), source[first + 1:])
