"""Markdown inline syntax removed line by line (`strip_markdown_inline`), so the formulas see the words a reader sees.

Split out of `audit.ingest.load`, which re-exports it: Markdown pages and trafilatura's Markdown output of HTML pages both
go through it.
"""
from __future__ import annotations

import re

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_RULE_RE = re.compile(r"^\s*([-*_=#])(?:\s*\1){2,}\s*$")
# what the segmenter reads at the line start (indent, `#` heading, `-` `*` `+` `1.` `1)` bullet): kept as is
_LINE_PREFIX_RE = re.compile(r"^\s*(?:#{1,6}(?=\s|$)|(?:[*+\-]|\d{1,9}[.)])(?=\s))?\s*")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[(?!\^)((?:[^\[\]\\]|\\.)+)\]:\s*(?:<[^<>\n]*>|\S+)"
                         r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*$")
_CODE_RE = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK_TEXT = r"\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
_INLINE_LINK_RE = re.compile(r"(!?)" + _LINK_TEXT + r"\(\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)"
                             r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
_REF_LINK_RE = re.compile(r"(!?)" + _LINK_TEXT + r"\[((?:[^\[\]\\]|\\.)*)\]")
_SHORTCUT_RE = re.compile(r"(!?)" + _LINK_TEXT + r"(?![(\[:])")
_AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)>")
# innermost first (the content holds no delimiter: linear time on any line); nesting is undone by repeating
_EMPHASIS_RES = (
    re.compile(r"(?<![*\\])(\*{1,3})(?![\s*])([^*]+?)(?<![\s*\\])\1(?!\*)"),  # *em* **strong** ***both***
    re.compile(r"(?<![\w\\])(_{1,3})(?![\s_])([^_]+?)(?<![\s_\\])\1(?!\w)"),  # _em_ __strong__, not snake_case
    re.compile(r"(?<![~\\])(~~)(?![\s~])([^~]+?)(?<![\s~\\])~~(?!~)"),  # ~~strikethrough~~
)
_EMPHASIS_MARKS = tuple(zip("*_~", _EMPHASIS_RES))  # (each pattern with the character it needs)
_TOKEN_RE = re.compile("\ue000(\\d+)\ue001")


def strip_markdown_inline(lines: list[str]) -> list[str]:
    """Markdown inline syntax removed line by line, so the formulas see the words a reader sees: links become their
    text, images and bare autolinks go, `**` `*` `_` `~~` and code backticks go, backslash escapes are undone,
    reference definitions (`[1]: https://...`) become blank lines. Only within-line edits: the line count and every
    line number stay, and the line start (heading `#`, bullet `-` `*` `1.`, `***` rule) is kept as is. Fenced code
    blocks are left alone."""
    labels = {m.group(1).strip().casefold() for line in lines if (m := _REF_DEF_RE.match(line))}
    out: list[str] = []
    fence = ""
    for line in lines:
        m = _FENCE_RE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            out.append(line)
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        if _REF_DEF_RE.match(line):
            out.append("")
            continue
        out.append(_strip_inline(line, labels))
    return out


def _strip_inline(line: str, labels: set[str]) -> str:
    if not any(c in line for c in "*_`[]<\\~") or _RULE_RE.match(line) or "\ue000" in line or "\ue001" in line:
        return line
    prefix = _LINE_PREFIX_RE.match(line).group(0)
    rest = line[len(prefix):]
    kept: list[str] = []  # code span contents and escaped characters: literal text, never parsed further

    def keep(text: str) -> str:
        kept.append(text)
        return f"\ue000{len(kept) - 1}\ue001"

    def code(m: re.Match) -> str:
        body = m.group(2)
        if len(body) > 1 and body[0] == body[-1] == " " and body.strip():
            body = body[1:-1]
        return keep(body)

    def ref_link(m: re.Match) -> str:
        label = (m.group(3) or m.group(2)).strip().casefold()
        if not m.group(3) and label not in labels:  # `[text][]` is a link only when `text` is defined
            return m.group(0)
        return "" if m.group(1) else m.group(2)

    def shortcut(m: re.Match) -> str:
        if m.group(2).strip().casefold() not in labels:
            return m.group(0)  # [brackets] in prose
        return "" if m.group(1) else m.group(2)

    # (each pattern only where the character it starts with is: a pattern that cannot match leaves the text as it is)
    if "`" in rest:
        rest = _CODE_RE.sub(code, rest)
    if "\\" in rest:
        rest = _ESCAPE_RE.sub(lambda m: keep(m.group(1)), rest)
    for _ in range(5):  # a linked image `[![alt](img.png)](url)`: the link first, then the image it held
        if "[" not in rest:
            break
        new = _INLINE_LINK_RE.sub(lambda m: "" if m.group(1) else m.group(2), rest)
        new = _REF_LINK_RE.sub(ref_link, new)
        if labels:
            new = _SHORTCUT_RE.sub(shortcut, new)
        if new == rest:
            break
        rest = new
    if "<" in rest:
        rest = _AUTOLINK_RE.sub("", rest)
    for _ in range(5):  # nested: **bold with *em* inside**
        new = rest
        for mark, pattern in _EMPHASIS_MARKS:
            if mark in new:
                new = pattern.sub(r"\2", new)
        if new == rest:
            break
        rest = new
    if kept:  # kept texts hold no tokens (lines with U+E000/U+E001 are left alone): one pass restores all
        rest = _TOKEN_RE.sub(lambda m: kept[int(m.group(1))], rest)
    return prefix + rest
