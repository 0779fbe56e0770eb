"""`audit glossary import`: a site's own glossary as the audit's glossary (YAML, see `audit.terms.glossary`).

Input, any mix of:

- glossary pages, one concept per page (`.md`, `.markdown`, `.mdx`, `.html`, `.htm`, `.txt`, `.rst`; a folder is read
  recursively, files in path order): the page's title is the concept's name — front matter `title:` (Jekyll, Hugo), else the
  first heading (`# …`, `<h1>`), else `<title>`, else (`.txt`) the first line — and its first paragraph of body
  text is `plain` (the whole body text, when longer, is `definition`: read for the other names it gives the
  concept, `audit.terms.definition_names`); the other names front matter `aka` gives (Kubernetes' glossary and the
  Docsy sites that copy it: *Horizontal Pod Autoscaler*, `aka: [HPA]`) are its variants;
- a one-page glossary: a page that holds many terms with their definitions (a definition list `<dl>`, or one
  heading per term followed by its text on a page titled as a glossary): one concept per term, several terms of one
  definition its name and variants (`audit.terms.glossary_page` says how such a page is recognised);
- a Sphinx site's glossary from its source (`.rst`, `.rest`: a `.. glossary::` directive, read as `audit run` reads
  reStructuredText; `audit.terms.glossary_rst`);
- a CSV of two columns, name and plain explanation (a header row such as `term,definition` or `name,plain` is
  recognised and skipped; more columns are ignored).

Pages as a static-site generator reads them (stop 32, the CNCF Cloud Native Glossary, a Hugo site): front matter
keys in any case (`Title:`: Hugo reads keys case-insensitively); a draft (front matter `draft: true`: Hugo builds
drafts only when asked) is left out with a line; and in a folder read, a section's list page
(Hugo's `_index.md`: the page that introduces the folder's pages, not an entry) is left out with a line — given by
name it is read (a one-page glossary can be one).

A name that is an abbreviation ("CHIP": one token, 2-6 capital letters) is imported `case_sensitive: true` (a
variant so, `{term: KGS, case_sensitive: true}`; an abbreviation name's other variants `case_sensitive: false`). Names repeated (case-insensitively) or whose forms would match
another concept's (e.g. "Co-payment" and "Copayment") are kept once, the first; each one left out is reported; so
is a variant that would match another concept's name or variant. The YAML written is what `audit run
--glossary` reads: every concept with `name`, `category` (`--category`, default "term") and `plain`, and
`definition` where the source's definition runs past its first paragraph (its paragraphs, blank lines apart:
the Python Packaging User Guide's *Distribution Package* says in its second one that it is "more commonly referred
to with the single words "package" or "distribution"").
"""
from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import yaml

from audit.ingest.frontmatter import split_front_matter
from audit.ingest.load import GENERATED_ONLY
from audit.ingest.mdinline import strip_markdown_inline
from audit.ingest.mdsource import source_lines
from audit.terms.glossary_rst import RST_SUFFIXES, rst_entries, rst_page

PAGE_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm", ".txt") + RST_SUFFIXES
_MARKDOWN = (".md", ".markdown", ".mdx")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S | re.I)
_P = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_CODE_ELEMENT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)  # (HealthCare.gov's pages end in a <script>)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_HEADER_WORDS = {"name", "term", "concept", "word", "title", "plain", "definition", "meaning", "description",
                 "explanation", "glossary"}


class ImportError_(ValueError):
    """A glossary source that cannot be read; the message names the file and the problem."""


def _clean(text: str) -> str:
    text = html.unescape(_TAG.sub(" ", _LIQUID.sub(" ", text)))
    text = _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", text))
    return " ".join(text.split())


def _inline_stripped(body: str) -> str:
    """A Markdown page's body read as `audit run` reads it: a site generator's markup as the site shows it
    (`source_lines`: comments, shortcode and Liquid tags, attribute lists out) and inline syntax
    (`strip_markdown_inline`): links their text, reference links (`[attribute spec][attribute]`) resolved against
    the page's definitions, which become blank lines (OpenTelemetry's glossary keeps them at the end of the page:
    not its last entry's text); line for line, so line numbers stay."""
    return "\n".join(strip_markdown_inline(source_lines(body.split("\n"))))


def _front_matter(text: str) -> tuple[dict, str]:
    """(keys, body) of a page's text: its front matter read as `audit run` reads it (`audit.ingest.frontmatter`)."""
    return split_front_matter(text.replace("\r\n", "\n"))


def unpublished(path: Path) -> str:
    """Why the site does not publish the page at `path` ('' when it does): front matter `draft: true` (Hugo builds
    drafts only when asked). (Jekyll's `published: false` is not read: HealthCare.gov's release marks 17 of its
    glossary pages so, 3 of them English, and its development set keeps them.)"""
    if path.suffix.lower() not in (".md", ".markdown", ".mdx", ".html", ".htm"):
        return ""
    try:
        meta, _ = _front_matter(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ""  # (read_page says why)
    if meta.get("draft") is True:
        return "a draft (front matter `draft: true`): the site does not publish it"
    return ""


def _front_matter_only(path: Path) -> bool:
    """The page is front matter and nothing else (`audit run` skips it as no page of the site: a redirect stub, a
    search or section page its layout fills from its keys)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    meta, body = _front_matter(text)
    return body != text and not body.strip()


def paragraphs_markdown(body: str) -> list[str]:
    """The paragraphs of body text of a Markdown page or section, as plain text (headings, comments, tables, code
    blocks, scripts and styles left out; a quotation's ">" dropped)."""
    out, fenced = [], False
    for block in re.split(r"\n\s*\n", _CODE_ELEMENT.sub("", body)):
        lines = [ln for ln in block.strip().splitlines() if ln.strip()]
        if not lines:
            continue
        fences = sum(1 for ln in lines if ln.lstrip().startswith(("```", "~~~")))
        was_fenced, fenced = fenced, fenced ^ (fences % 2 == 1)
        if was_fenced or fences or _MD_HEADING.match(lines[0]) or lines[0].lstrip().startswith(("<!--", "|")):
            continue
        text = _clean(" ".join(re.sub(r"^\s{0,3}(?:>\s?)+", "", ln) for ln in lines))  # (a quotation's ">")
        if text:
            out.append(text)
    return out


def read_page(path: Path) -> tuple[str, list[str]]:
    """(name, paragraphs of its definition) of one glossary page ('' / [] for what it lacks): the first paragraph
    is `plain`."""
    name, paras, _ = read_entry(path)
    return name, paras


def aka_names(meta: dict | None, title: str) -> tuple[str, ...]:
    """The other names a page's front matter gives its concept: `aka` ("also known as": the Kubernetes glossary's
    key, copied by the Docsy sites that reuse its layout — *Horizontal Pod Autoscaler*, `aka: [HPA]`), a list or
    one string; empty entries and the title itself left out. (Hugo's `aliases` are the page's old URLs, not names.)"""
    value = (meta or {}).get("aka")
    names: list[str] = []
    for v in value if isinstance(value, list) else [value]:
        v = _clean(str(v)) if isinstance(v, (str, int, float)) else ""
        if v and v.casefold() != title.casefold() and v.casefold() not in {n.casefold() for n in names}:
            names.append(v)
    return tuple(names)


def read_entry(path: Path) -> tuple[str, list[str], tuple[str, ...]]:
    """(name, paragraphs of its definition, other names from its front matter: `aka_names`) of one glossary page."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{path}: not UTF-8 text ({exc})") from None
    if path.suffix.lower() in RST_SUFFIXES:
        return (*rst_page(path, text), ())
    meta, body = _front_matter(text)
    title = _clean(str(meta.get("title") or "")) if meta else ""
    if path.suffix.lower() in (".html", ".htm"):
        m = _H1.search(body) or _TITLE.search(body)
        if not title and m:
            title = _clean(m.group(1))
        paras = [t for t in (_clean(p.group(1)) for p in _P.finditer(body[m.end():] if m and m.re is _H1 else body))
                 if t]
        if not paras and not _P.search(body):  # Markdown-ish HTML (a Jekyll page without <p>): its text
            paras = paragraphs_markdown(_TAG.sub("", body))
        return title, paras, aka_names(meta, title)
    if not title:
        m = _MD_HEADING.search(body)
        if m and not body[:m.start()].strip():
            title, body = _clean(m.group(1)), body[m.end():]
        elif path.suffix.lower() == ".txt":
            first, _, rest = body.strip().partition("\n")
            title, body = _clean(first), rest
    else:
        m = _MD_HEADING.search(body)
        if m and not body[:m.start()].strip() and _clean(m.group(1)).casefold() == title.casefold():
            body = body[m.end():]  # the title repeated as the first heading
    paras = paragraphs_markdown(_inline_stripped(body) if path.suffix.lower() in _MARKDOWN else body)
    return title, paras, aka_names(meta, title)


def read_csv(path: Path) -> list[tuple[str, str, int]]:
    """(name, plain, line) of every row of a two-column CSV (a header row is skipped)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{path}: not UTF-8 text ({exc})") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for n, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [" ".join(c.split()) for c in row]
        if not cells or not cells[0]:
            continue
        if n == 1 and cells[0].casefold() in _HEADER_WORDS \
                and (len(cells) < 2 or cells[1].casefold() in _HEADER_WORDS):
            continue
        rows.append((cells[0], cells[1] if len(cells) > 1 else "", n))
    return rows


def _sources(paths, skipped: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES + (".csv",)
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            for f in found:
                if f.stem == "_index" and f.suffix.lower() != ".csv":
                    skipped.append(f"{f}: a section's list page (Hugo's `_index`: it introduces the folder's pages); "
                                   f"give it by name to read it")
                else:
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            raise ImportError_(f"{p}: no such file or folder")
    return files


def one_page(path: Path, skipped: list[str]) -> tuple[str, list] | None:
    """(shape, entries) when `path` is a one-page glossary (`audit.terms.glossary_page`), else None."""
    from audit.terms.glossary_page import html_entries, markdown_entries

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{path}: not UTF-8 text ({exc})") from None
    if path.suffix.lower() in RST_SUFFIXES:  # (a Sphinx `glossary` directive: `glossary_rst`)
        return rst_entries(path, text, skipped)
    meta, body = _front_matter(text)
    if path.suffix.lower() in (".html", ".htm"):
        return html_entries(path, body, skipped)
    title = _clean(str(meta.get("title") or "")) if meta else ""
    first_line = text[:len(text) - len(body)].count("\n") + 1
    if path.suffix.lower() in _MARKDOWN:
        body = _inline_stripped(body)
    return markdown_entries(path, body, title, skipped, paragraphs_markdown, first_line)


def import_glossary(paths, category: str = "term", skipped: list[str] | None = None,
                    read_as: list[str] | None = None) -> list[dict]:
    """The concepts of glossary pages, one-page glossaries and CSV files, as mappings (name, category, plain), first
    of each name kept. `skipped` (a list) receives one line per entry left out and why; `read_as`, one line per page
    read as a one-page glossary (its shape and how many entries)."""
    skipped = [] if skipped is None else skipped
    entries: list[tuple[str, list[str], str, tuple[str, ...]]] = []  # (name, paragraphs, where, variants)
    for f in _sources(paths, skipped):
        if f.suffix.lower() == ".csv":
            entries += [(name, [plain] if plain else [], f"{f.name} line {line}", ())
                        for name, plain, line in read_csv(f)]
            continue
        why = unpublished(f)
        if why:
            skipped.append(f"{f}: {why}")
            continue
        found = one_page(f, skipped)
        if found is not None:
            shape, page_entries = found
            if read_as is not None:
                read_as.append(f"{f}: a one-page glossary ({shape}): {len(page_entries)} entries")
                read_as += [f"{e.where}: {v!r} as a variant of {e.name!r} (terms of one definition)"
                            for e in page_entries for v in e.variants]
            entries += [(e.name, list(e.paragraphs), e.where, e.variants) for e in page_entries]
            continue
        name, paras, aka = read_entry(f)
        if not name:
            skipped.append(f"{f}: no title (front matter `title:`, a first heading, or <title>)")
            continue
        if not paras and _front_matter_only(f):  # (CNCF's search page: `layout: search`, no entry)
            skipped.append(f"{f}: {GENERATED_ONLY}")
            continue
        if aka and read_as is not None:
            read_as += [f"{f.name}: {v!r} as a variant of {name!r} (front matter `aka`)" for v in aka]
        entries.append((name, paras, f.name, aka))
    concepts: list[dict] = []
    seen: dict[str, str] = {}
    for name, paras, where, variants in entries:
        key = name.casefold()
        if key in seen:
            skipped.append(f"{where}: {name!r} repeats {seen[key]}")
            continue
        seen[key] = f"{name!r} ({where})"
        concept = {"name": name, "category": category}
        if is_abbreviation_name(name):
            concept["case_sensitive"] = True  # "CHIP", "UCR": not "chip"
        if variants:  # (a string variant takes the concept's case: an abbreviation name's other names say not)
            concept["variants"] = [{"term": v, "case_sensitive": True} if is_abbreviation_name(v) else
                                   {"term": v, "case_sensitive": False} if concept.get("case_sensitive") else v
                                   for v in variants]
        if paras:
            concept["plain"] = paras[0]
        if len(paras) > 1:  # (the whole definition, read for the other names it gives the concept)
            concept["definition"] = "\n\n".join(paras)
        concepts.append(concept)
    return drop_colliding(concepts, skipped)


def is_abbreviation_name(name: str) -> bool:
    """A name that is an abbreviation: one token of 2-6 letters (digits and hyphens allowed), all capitals ("CHIP",
    "A-T", "HNPCC"): imported as `case_sensitive`, so "was" is not "WAS" (Wiskott-Aldrich syndrome)."""
    letters = [ch for ch in name if ch.isalpha()]
    return (" " not in name.strip() and 2 <= len(letters) <= 6 and all(ch.isupper() for ch in letters)
            and all(ch.isalnum() or ch == "-" for ch in name.strip()))


def drop_colliding(concepts: list[dict], skipped: list[str]) -> list[dict]:
    """Concepts whose name matches an earlier concept's (folded: "Co-payment" = "Copayment") are left out; so is a
    variant that matches another concept's name or variant."""
    if not concepts:
        return concepts
    from audit.terms.glossary import _form_key_sequences
    from audit.nlp import load_nlp

    nlp = load_nlp("")
    owner: dict[tuple[str, ...], str] = {}

    def sequences(term: str):
        return _form_key_sequences([t.text for t in nlp.make_doc(term) if not t.is_space])

    kept = []
    for c in concepts:
        seqs = sequences(c["name"])
        clash = next((owner[s] for s in seqs if s in owner), None)
        if clash is not None:
            skipped.append(f"{c['name']!r}: matches the same words as {clash!r}")
            continue
        variants = []
        for v in c.get("variants", ()):
            vseqs = sequences(v["term"] if isinstance(v, dict) else v)
            clash = next((owner[s] for s in vseqs if s in owner and owner[s] != c["name"]), None)
            if clash is not None:
                skipped.append(f"{v!r}, a variant of {c['name']!r}: matches the same words as {clash!r}")
                continue
            variants.append(v)
            seqs = seqs | vseqs
        if "variants" in c:
            c = {**c, "variants": variants} if variants else {k: x for k, x in c.items() if k != "variants"}
        for s in seqs:
            owner[s] = c["name"]
        kept.append(c)
    return kept


def to_yaml(concepts: list[dict], source: str = "") -> str:
    """The glossary YAML of `concepts` (what `audit.terms.glossary_file.parse_glossary` reads)."""
    head = "# Glossary imported by `audit glossary import`" + (f" from {source}" if source else "") + "\n"
    body = yaml.dump({"concepts": concepts}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return head + body


class _Dumper(yaml.SafeDumper):
    """`yaml.SafeDumper` writing a text of several paragraphs (a `definition`) folded (`>`): its lines wrapped, its
    paragraphs a blank line apart, as a person would write it."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style=">" if "\n" in text else None))


def _write(text: str, out: str | None) -> str:
    """Write to `out` (never overwriting a file) or stdout; '' or the error line."""
    import sys

    if not out:
        sys.stdout.write(text)
        return ""
    path = Path(out)
    if path.exists():
        return f"{path} exists; choose another --out (a glossary is never overwritten)"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        return f"cannot write {path}: {exc}"
    return ""


def _warn_overlaps(glossary) -> int:
    """One warning line on stderr per pair of concepts the matcher reads as one thing (`glossary_check`)."""
    import sys

    from audit.nlp import load_nlp
    from audit.terms.glossary_check import overlaps

    found = overlaps(glossary, load_nlp(""))
    for o in found:
        print(f"audit: warning: {o.line()}", file=sys.stderr)
    return len(found)


def glossary_main(args) -> int:
    """`audit glossary import|suggest|check` (exit 0, or 2 with one line on stderr)."""
    import sys

    from audit.config import ConfigError

    try:
        if args.glossary_command == "import":
            skipped: list[str] = []
            read_as: list[str] = []
            concepts = import_glossary(args.paths, category=args.category, skipped=skipped, read_as=read_as)
            for line in read_as:
                print(f"audit: read {line}", file=sys.stderr)
            for line in skipped:
                print(f"audit: warning: left out {line}", file=sys.stderr)
            if not concepts:
                print("audit: error: no glossary entry found (pages need a title; a CSV, rows of name, plain)",
                      file=sys.stderr)
                return 2
            text = to_yaml(concepts, source=", ".join(map(str, args.paths)))
            from audit.terms.glossary import CompiledGlossary
            from audit.terms.glossary_file import parse_glossary
            from audit.nlp import load_nlp

            imported = parse_glossary(text, name=args.out or "<import>")
            CompiledGlossary(imported, load_nlp(""))  # what `audit run` does
            _warn_overlaps(imported)
            err = _write(text, args.out)
            if not err:
                print(f"imported {len(concepts)} concept(s)" + (f" to {args.out}" if args.out else ""),
                      file=sys.stderr)
        elif args.glossary_command == "check":
            from audit.terms.glossary_file import load_glossary

            glossary = load_glossary(args.glossary)
            found = _warn_overlaps(glossary)
            from audit.nlp import load_nlp
            from audit.terms.definition_names import check_lines
            from audit.terms.glossary import _form_key_sequences

            nlp = load_nlp("")
            tokenize = lambda text: [t.text for t in nlp.make_doc(text) if not t.is_space]  # noqa: E731
            for line in check_lines(glossary, tokenize, _form_key_sequences):  # (names read from definitions)
                print(f"audit: note: {line}", file=sys.stderr)
            from audit.terms import short_forms
            from audit.terms.glossary import CompiledGlossary

            # (stop 37) the short forms the definitions write, read from the glossary as the matcher compiles it
            for line in short_forms.check_lines(CompiledGlossary(glossary, nlp).glossary, tokenize):
                print(f"audit: note: {line}", file=sys.stderr)
            print(f"checked {len(glossary)} concept(s): {found} pair(s) the matcher reads as one thing",
                  file=sys.stderr)
            err = ""
        else:
            from audit.terms.glossary_file import load_glossary
            from audit.terms.synonyms import load_vocabulary, suggest, to_yaml as suggestions_yaml

            glossary = load_glossary(args.glossary)
            vocabulary = load_vocabulary(args.vocabulary)
            found = suggest(glossary, vocabulary)
            err = _write(suggestions_yaml(found, vocabulary, Path(glossary.path).name), args.out)
            if not err:
                print(f"suggestions for {len(found)} of {len(glossary)} concept(s); nothing applied",
                      file=sys.stderr)
    except (ImportError_, ConfigError, OSError) as exc:
        print(f"audit: error: {exc}", file=sys.stderr)
        return 2
    if err:
        print(f"audit: error: {err}", file=sys.stderr)
        return 2
    return 0
