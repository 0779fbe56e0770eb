"""Markdown inline syntax removed line by line (`strip_markdown_inline`), so the formulas see the words a reader sees.

Split out of `audit.ingest.load`, which re-exports it: Markdown pages and trafilatura's Markdown output of HTML pages both
go through it. `clean_extraction` first removes what trafilatura's Markdown output keeps of inline HTML
(`clean_inline`): `<sup>`/`<sub>` (superscript and subscript digits and signs become the Unicode characters, so
"R<sup>2</sup>" reads "R²" and "10<sup>3</sup>" "10³"; other content is kept as text), `<br>`, any other tag, and
character entities (`&amp;` `&nbsp;` `&#8211;`), but not the page's own text: trafilatura writes a "<" of the text
escaped (`Google "\\<noun>.js"`, `URI_ENCODE( \\<storage\\_root> )`) and the text of code as it is (a fenced block of
HTML source, `` `<head>` ``), so a tag after a backslash, in a code span or in a fenced code block is text, kept.
Line count unchanged.
"""
from __future__ import annotations

import html as html_lib
import re

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_RULE_RE = re.compile(r"^\s*([-*_=#])(?:\s*\1){2,}\s*$")
# what the segmenter reads at the line start (indent, `#` heading, `-` `*` `+` `1.` `1)` bullet): kept as is
_LINE_PREFIX_RE = re.compile(r"^\s*(?:#{1,6}(?=\s|$)|(?:[*+\-]|\d{1,9}[.)])(?=\s))?\s*")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[(?!\^)((?:[^\[\]\\]|\\.)+)\]:\s*(?:<[^<>\n]*>|\S+)"
                         r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*$")
# a definition whose destination is on the next line (CommonMark allows it; prettier wraps long ones so:
# "[opentelemetry operator]:" over "  https://github.com/open-telemetry/opentelemetry-operator")
_REF_LABEL_RE = re.compile(r"^\s{0,3}\[(?!\^)((?:[^\[\]\\]|\\.)+)\]:\s*$")
_REF_DEST_RE = re.compile(r"^\s*(?:<[^<>\n]*>|[^\s\[\]]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*$")
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

_SUP = str.maketrans("0123456789+-−=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀ")
_SUB = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_SUP_RE = re.compile(r"(?<!\\)<sup\b[^>]*>(.*?)</sup\s*>", re.I | re.S)
_SUB_RE = re.compile(r"(?<!\\)<sub\b[^>]*>(.*?)</sub\s*>", re.I | re.S)
_BR_RE = re.compile(r"(?<!\\)<br\s*/?>", re.I)
_TAG_RE = re.compile(r"(?<!\\)</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?\s*/?>")  # (after a backslash: text, "\<noun>")
_EMPHASIS_MARKS_RE = re.compile(r"\*{1,3}|_{1,3}")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _script(table: dict, m: re.Match) -> str:
    inner = _EMPHASIS_MARKS_RE.sub("", _TAG_RE.sub("", m.group(1))).strip()
    converted = inner.translate(table)
    if inner and all(ord(c) > 0x7F for c in converted if not c.isspace()):
        return converted.replace(" ", "")
    return inner  # letters (a footnote "a", "st" of "1st"): kept as plain text


def _clean_html(text: str) -> str:
    if "<" in text:
        text = _SUP_RE.sub(lambda m: _script(_SUP, m), text)
        text = _SUB_RE.sub(lambda m: _script(_SUB, m), text)
        text = _BR_RE.sub(" ", text)
        text = _TAG_RE.sub("", text)
    if "&" in text and _ENTITY_RE.search(text):
        text = html_lib.unescape(text).replace("\u00a0", " ")
    return text


def clean_inline(line: str) -> str:
    """`line` without inline HTML tags or entities (superscript/subscript digits kept as ² ₂), but for the text of
    its code spans and a tag escaped by a backslash (text of the page)."""
    if "`" not in line or not ("<" in line or "&" in line):
        return _clean_html(line)
    parts, at = [], 0
    for m in _CODE_RE.finditer(line):
        parts += [_clean_html(line[at:m.start()]), m.group(0)]
        at = m.end()
    return "".join(parts) + _clean_html(line[at:])


def clean_extraction(lines: list[str]) -> list[str]:
    """trafilatura's Markdown output of an HTML page as text: `clean_inline` on every line outside a fenced code
    block (whose lines are the page's code as it shows it), then `strip_markdown_inline`. An inline code with a line
    break, written as a fence at the end of a line (`_INLINE_FENCE_RE`), is text: its fences go, its lines stay."""
    cleaned: list[str] = []
    fence = ""
    closing = -1  # the line of an inline code's closing fence (`_inline_code_end`)
    for i, line in enumerate(lines):
        if i <= closing:  # the code's own lines, as it shows them; its closing fence, a line break
            cleaned.append("" if i == closing else line)
            continue
        fence, code = _fence_state(fence, line)
        if code:
            cleaned.append(line)
        elif (closing := _inline_code_end(lines, i)) > i:
            cleaned.append(clean_inline(line[:_INLINE_FENCE_RE.search(line).start(1)].rstrip()))
        else:
            cleaned.append(clean_inline(line))
    return strip_markdown_inline(cleaned)


# text, then a run of backticks that ends the line: trafilatura's Markdown for a `<code>` element whose text holds a
# line break, opened after the text before it ("... or ```" / 'version =' / '"1.0"' / "```" / "."), where a fence
# opens a line of its own. The segmenter took its closing fence for an opening one and read the rest of the page
# inverted (prose as code, code as text): the code's lines are kept as text lines of the sentence it is in.
_INLINE_FENCE_RE = re.compile(r"\S\s*(`{3,})\s*$")


def _inline_code_end(lines: list[str], i: int) -> int:
    """The line of the fence that closes an inline code opened at the end of line `i` (`_INLINE_FENCE_RE`), or -1."""
    m = _INLINE_FENCE_RE.search(lines[i]) if lines[i].rstrip().endswith("```") else None
    if m is None:
        return -1
    for j in range(i + 1, len(lines)):
        close = _FENCE_RE.match(lines[j])
        if close:
            return j if close.group(1) == m.group(1) and not lines[j][close.end():].strip() else -1
    return -1


def _fence_state(fence: str, line: str) -> tuple[str, bool]:
    """(the fence open after `line`, given `fence` open before it; whether the line is a code fence or inside a
    fenced code block). A block closes at a fence of its character, at least as long."""
    m = _FENCE_RE.match(line)
    if fence:
        return ("" if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) else fence), True
    return (m.group(1), True) if m else ("", False)


def _fenced(lines: list[str]):
    """Each line with whether it is a code fence or inside a fenced code block (`_fence_state`)."""
    fence = ""
    for line in lines:
        fence, code = _fence_state(fence, line)
        yield line, code


def strip_markdown_inline(lines: list[str]) -> list[str]:
    """Markdown inline syntax removed line by line, so the formulas see the words a reader sees: links become their
    text, images and bare autolinks go, `**` `*` `_` `~~` and code backticks go, backslash escapes are undone,
    reference definitions (`[1]: https://...`) become blank lines. Only within-line edits: the line count and every
    line number stay, and the line start (heading `#`, bullet `-` `*` `1.`, `***` rule) is kept as is. Fenced code
    blocks are left alone."""
    labels = {m.group(1).strip().casefold() for line in lines if (m := _REF_DEF_RE.match(line))}
    split = _split_definitions(lines)  # (first lines of the definitions written over two lines)
    labels |= {_REF_LABEL_RE.match(lines[i]).group(1).strip().casefold() for i in split}
    out: list[str] = []
    for i, (line, code) in enumerate(_fenced(lines)):
        if code:
            out.append(line)
            continue
        if _REF_DEF_RE.match(line) or i in split or i - 1 in split:
            out.append("")
            continue
        out.append(_strip_inline(line, labels))
    return out


def _split_definitions(lines: list[str]) -> set[int]:
    """The indexes of the lines `[label]:` whose destination (a URL, and an optional title) is the next line, outside
    code fences."""
    if not any("]:" in line for line in lines):
        return set()
    found: set[int] = set()
    previous = None  # (index, line) of the last line outside a fence
    for i, (line, code) in enumerate(_fenced(lines)):
        if code:
            previous = None
            continue
        if previous is not None and _REF_DEST_RE.match(line) and line.strip() and _REF_LABEL_RE.match(previous[1]):
            found.add(previous[0])
        previous = (i, line)
    return found


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
