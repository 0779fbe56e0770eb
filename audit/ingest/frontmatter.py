"""A static site's front matter: the block of keys that opens a source page of Jekyll, Hugo, Eleventy, Docusaurus,
MkDocs, Pandoc ... (`---` YAML `---` or `...`; Hugo's `+++` TOML `+++`).

It is the page's settings, not its text: `audit run` reads the page's title (`title:`), its language (`lang:` /
`language:`, as an HTML page's `<html lang>`) and whether it is a draft from it, and blanks its lines so that the
line numbers of the text stay the file's; `audit glossary import` takes a concept's name from `title:`.

Read as the generators read it (Jekyll's `YAML_FRONT_MATTER_REGEXP`, Hugo's front matter formats): the first line of
the file (blank lines before it allowed: HealthCare.gov's "Network Plan" page has one) is `---` or `+++`, and the
block ends at the next line that is `---` / `...` (YAML) or `+++` (TOML). The block is front matter when it parses
as a mapping of keys (or is empty); when it does not parse, when its first line is a key (`title: Premium: what it
covers` is a YAML error Jekyll reports and still strips). Otherwise — a Markdown page that opens with a rule, then
prose, then another rule — the lines are the page's text.
"""
from __future__ import annotations

import re
import tomllib

import yaml

_YAML_KEY = re.compile(r"^[A-Za-z_][\w.-]*\s*:")
_TOML_KEY = re.compile(r"""^(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=|^\[""")
_TOML_TITLE = re.compile(r"^title\s*=\s*[\"'](.*?)[\"']\s*$", re.M | re.I)
_TOML_DRAFT = re.compile(r"^draft\s*=\s*true\s*$", re.M | re.I)


def front_matter(lines: list[str]) -> tuple[dict, int]:
    """(keys, n): the front matter's keys (lower-cased: Hugo reads `Title:` as `title:`) and the number of lines
    it spans from the top of `lines` (blank lines before it and both delimiters included); ({}, 0) for none. Keys
    that cannot be read are {} with `problem` saying why (`read_front_matter`)."""
    meta, n, _ = read_front_matter(lines)
    return meta, n


def read_front_matter(lines: list[str]) -> tuple[dict, int, str]:
    """`front_matter`'s (keys, n) and the problem of a block that is front matter but does not parse, or that starts
    after blank lines (read here, shown as text by Jekyll: HealthCare.gov's "Network Plan"); "" for none: one line
    for the page's load note, its line numbers the file's."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines):
        return {}, 0, ""
    opener = lines[i].rstrip()
    if opener not in ("---", "+++"):
        return {}, 0, ""
    closers = ("---", "...") if opener == "---" else ("+++",)
    end = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip() in closers), None)
    if end is None:
        return {}, 0, ""
    head = lines[i + 1:end]
    meta, problem = _read_toml(head, i + 2) if opener == "+++" else _read_yaml(head, i + 2)
    if meta is None:
        return {}, 0, ""
    if i and not problem:  # read, but a generator may not: Jekyll wants `---` on the file's first line
        problem = (f"it starts after {i} blank line(s): Jekyll reads front matter only from the first line and shows "
                   "these keys as text")
    return {str(k).lower(): v for k, v in meta.items()}, end + 1, problem


def _first_line(head: list[str]) -> str:
    return next((line for line in head if line.strip() and not line.lstrip().startswith("#")), "")


def _read_yaml(head: list[str], first: int) -> tuple[dict | None, str]:
    """(keys, problem) of a YAML block whose first line is the file's line `first`; (None, "") when it is no
    front matter."""
    try:
        meta = yaml.safe_load("\n".join(head))
    except yaml.YAMLError as exc:
        if not _YAML_KEY.match(_first_line(head)):
            return None, ""
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {first + mark.line}" if mark is not None else ""
        return {}, f"YAML: {getattr(exc, 'problem', None) or 'not well-formed'}{where}"
    except (ValueError, TypeError, RecursionError) as exc:  # a constructor's ("date: 2013-02-30"), a nesting's
        if not _YAML_KEY.match(_first_line(head)):
            return None, ""
        return {}, f"YAML: {exc.__class__.__name__}: {exc}"
    if meta is None:
        return {}, ""
    return (meta, "") if isinstance(meta, dict) else (None, "")


def _read_toml(head: list[str], first: int) -> tuple[dict | None, str]:
    text = "\n".join(head)
    try:
        return tomllib.loads(text), ""
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        if not (_TOML_KEY.match(_first_line(head)) or not _first_line(head)):
            return None, ""
        meta: dict = {}
        if t := _TOML_TITLE.search(text):  # (what a generator would still show of a block it cannot parse)
            meta["title"] = t.group(1)
        if _TOML_DRAFT.search(text):
            meta["draft"] = True
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = str(exc).split(" (at line")[0] if isinstance(exc, tomllib.TOMLDecodeError) else "nested too deeply"
        where = f" at line {first + int(found.group(1)) - 1}" if found else ""
        return meta, f"TOML: {message}{where}"


def split_front_matter(text: str) -> tuple[dict, str]:
    """(keys, the text after the front matter) of a page's whole text; ({}, text) when it has none."""
    lines = text.split("\n")
    meta, n = front_matter(lines)
    return (meta, "\n".join(lines[n:])) if n else ({}, text)


def title(meta: dict) -> str:
    """The page's title its front matter gives (`title:`, one line), "" for none."""
    value = meta.get("title")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def language(meta: dict) -> str:
    """The primary language subtag the front matter declares (`lang:`, else `language:`; "en-US" -> "en"), "" for
    none or one not well-formed (as `audit.ingest.language.declared_language` reads `<html lang>`)."""
    for key in ("lang", "language"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            primary = re.split(r"[-_,\s]", value.strip(), maxsplit=1)[0].lower()
            return primary if 2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha() else ""
    return ""


def draft(meta: dict) -> bool:
    """The front matter marks the page a draft (`draft: true`: Hugo, Eleventy and Docusaurus leave it out of the
    site unless asked)."""
    return meta.get("draft") is True
