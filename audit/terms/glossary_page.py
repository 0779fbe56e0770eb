"""One-page glossaries for `audit glossary import` (issue 19): a page that holds many terms with their definitions.

Many sites keep their glossary on one page. A page is read as one when it holds at least `MIN_ENTRIES` term /
definition pairs in one of these shapes (else it is one concept's page, `glossary_import.read_page`):

- a **definition list** (HTML `<dl>`: each `<dt>` term followed by its `<dd>` definition). Several `<dt>`s in a row
  before one `<dd>` are one concept: the first is its name, the others its variants (the HTML standard's reading: a
  name-value group with several names, "color" / "colour"; Sphinx's glossary writes a term's other names so —
  the Python Packaging User Guide's *Wheel Format* / *Wheel*, *License Expression* / *SPDX Expression*; stop 33:
  until then the others were left out, and the site's most linked term, *Wheel*, with them). Each is reported
  (`import_glossary`'s `read_as`), so a user who reads two things there (*setup.py* / *setup.cfg*) can split them.
  When the page marks a list as its glossary (`<dl class="glossary">`: Sphinx's `.. glossary::` directive), only
  such lists are read: the page's other definition lists are no entries (the Ansible glossary's closing "See also"
  list of four links, a field list; stop 40: until then imported as concepts, "Frequently Asked Questions" one);
- **headings** of one level, each followed by its text (HTML `<h2>`…, Markdown `## Term`, GitBook's `GLOSSARY.md`),
  on a page that says it is a glossary (its title, first heading or file name holds one of `GLOSSARY_WORDS`: headings
  with paragraphs are also how an article is written, so the shape alone does not decide).

A term is written as the page shows it ("Authority Information Access (AIA)", "ACME (Automatic Certificate
Management Environment)": the matcher derives the abbreviation and the long form from the parenthesis, as for a
page title), less a permalink mark a generator appends to it (a link within the page whose text is only "¶", "#",
"§" or "🔗": Sphinx's `<a class="headerlink">¶</a>` after every term and heading); the definition's paragraphs are
kept, its first is `plain`. A term with no definition after it, or a definition with
no term, is left out with one line saying where.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

MIN_ENTRIES = 3  # term / definition pairs a page must hold to be read as a one-page glossary
GLOSSARY_WORDS = ("glossary", "glossaire", "lexicon", "definitions", "terminology")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ANCHOR_MARKS = "¶#§🔗 \t"  # permalink marks generators append to a heading


@dataclass(frozen=True)
class Entry:
    name: str
    paragraphs: tuple[str, ...]  # the definition's, as plain text: the first is `plain`
    where: str  # "glossary.html entry 3 (line 40)"
    variants: tuple[str, ...] = ()  # the other <dt>s of the same definition

    @property
    def plain(self) -> str:
        return self.paragraphs[0] if self.paragraphs else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def says_glossary(*texts: str) -> bool:
    """Whether a title, heading or file name says the page is a glossary (`GLOSSARY_WORDS`)."""
    return any(word in t.casefold() for t in texts for word in GLOSSARY_WORDS)


# ------------------------------------------------------------------ HTML

def _text(el) -> str:
    return _squash(el.text_content())


def _paragraphs(el) -> tuple[str, ...]:
    """The paragraphs of a definition element: its `<p>`s (else its whole text as one)."""
    paras = tuple(t for t in map(_text, el.iter("p")) if t)
    return paras or ((_text(el),) if _text(el) else ())


def _dl_entries(doc, where: str, skipped: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    lists = list(doc.iter("dl"))
    marked = [dl for dl in lists if "glossary" in (dl.get("class") or "").split()]
    for dl in marked or lists:  # (a list the page marks as its glossary is the glossary: stop 40)
        items = [c for child in dl for c in (child if child.tag == "div" else [child]) if c.tag in ("dt", "dd")]
        terms: list = []
        defined = False
        for item in items:
            if item.tag == "dt":
                if defined:
                    terms, defined = [], False
                terms.append(item)
                continue
            if defined:
                continue  # a second <dd> of the same term: the first is its definition
            if not terms:
                skipped.append(f"{where} line {item.sourceline}: a definition with no term before it "
                               f"({_text(item)[:60]!r})")
                continue
            defined = True
            names = [n for n in map(_text, terms) if n]
            name, paras = (names[0] if names else ""), _paragraphs(item)
            variants = tuple(dict.fromkeys(n for n in names[1:] if n.casefold() != name.casefold()))
            if not name:
                skipped.append(f"{where} line {item.sourceline}: a definition whose term is empty")
            elif not paras:
                skipped.append(f"{where} line {terms[0].sourceline}: {name!r} has an empty definition")
            else:
                entries.append(Entry(name, paras, f"{where} entry {len(entries) + 1} (line {terms[0].sourceline})",
                                     variants))
        if terms and not defined:
            for t in terms:
                skipped.append(f"{where} line {t.sourceline}: {_text(t)!r} has no definition after it")
    return entries


def _heading_sections(doc) -> list[tuple[int, str, tuple[str, ...], int]]:
    """(level, heading text, its paragraphs, line) of every heading, in document order."""
    sections: list[list] = []
    for el in doc.iter(*_HEADING_TAGS, "p"):
        if el.tag in _HEADING_TAGS:
            sections.append([int(el.tag[1]), _text(el).rstrip(_ANCHOR_MARKS), [], el.sourceline])
        elif sections and _text(el):
            sections[-1][2].append(_text(el))
    return [(lv, name, tuple(paras), line) for lv, name, paras, line in sections]


def html_entries(path: Path, text: str, skipped: list[str]) -> tuple[str, list[Entry]] | None:
    """(shape, entries) of a one-page HTML glossary, or None when the page holds fewer than `MIN_ENTRIES` pairs."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        doc = lxml_html.document_fromstring(text.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (ParserError, ValueError):
        return None
    for el in list(doc.iter("script", "style", "noscript", "template")):
        el.drop_tree()
    for a in list(doc.iter("a")):
        if (a.get("href") or "").startswith("#") and _text(a) and not _text(a).strip(_ANCHOR_MARKS):
            a.drop_tree()  # a permalink mark ("¶"), not the term's words
    where = path.name
    lines: list[str] = []
    entries = _dl_entries(doc, where, lines)
    if len(entries) >= MIN_ENTRIES:
        skipped += lines
        return "definition list", entries
    title = next((_text(t) for t in doc.iter("title")), "")
    sections = _heading_sections(doc)
    first = sections[0][1] if sections else ""
    if not says_glossary(title, first, path.stem):
        return None
    return _heading_entries(sections, where, skipped)


# ------------------------------------------------------------------ Markdown

def markdown_entries(path: Path, body: str, title: str, skipped: list[str], paragraphs,
                     first_line: int = 1) -> tuple[str, list[Entry]] | None:
    """(shape, entries) of a one-page Markdown glossary (headings each followed by text), or None.
    `paragraphs` turns a section's Markdown into its paragraphs of plain text; `first_line` is the file's line
    number of the body's first line (after front matter)."""
    sections: list[list] = []
    fenced = False
    for n, line in enumerate(body.splitlines(), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
        m = None if fenced else _MD_HEADING.match(line)
        if m:
            name = _squash(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2)))).rstrip(_ANCHOR_MARKS)
            sections.append([len(m.group(1)), name, [], n])
        elif sections:
            sections[-1][2].append(line)
    if not sections or not says_glossary(title, sections[0][1], path.stem):
        return None
    return _heading_entries([(lv, name, tuple(paragraphs("\n".join(lines))), n) for lv, name, lines, n in sections],
                            path.name, skipped)


# ------------------------------------------------------------------ headings (both)

def _heading_entries(sections, where: str, skipped: list[str]) -> tuple[str, list[Entry]] | None:
    """The entries of the heading level whose headings most often have text after them (at least `MIN_ENTRIES`);
    that level's headings with no text are left out, one line each."""
    counts: dict[int, int] = {}
    for level, name, paras, _ in sections:
        if name and paras:
            counts[level] = counts.get(level, 0) + 1
    if not counts:
        return None
    level = max(sorted(counts), key=lambda lv: counts[lv])
    if counts[level] < MIN_ENTRIES:
        return None
    entries: list[Entry] = []
    for lv, name, paras, line in sections:
        if lv != level or not name:
            continue
        if not paras:
            skipped.append(f"{where} line {line}: {name!r} has no definition after it")
            continue
        entries.append(Entry(name, paras, f"{where} entry {len(entries) + 1} (line {line})"))
    return f"headings (h{level}) each followed by text", entries
