"""reStructuredText inline markup (`inline_text`, `inline_runs`) as the text a Sphinx page shows, for
`audit.ingest.rstsource` (its module docstring lists what becomes of each construct). `names` is the page's reader:
its `substitutions` (`|name|` -> the text of its `replace::`) and `labels` (`.. _label:` -> the title of the section
it stands over, for a `:ref:` without a title).
"""
from __future__ import annotations

import re

# inline markup (the specification's "Inline markup recognition rules", simplified: a start-string after the line
# start, whitespace or an opening punctuation mark, an end-string before whitespace, punctuation or the line end)
_START = r"(?<![\w\\])"
_END = r"(?![\w])"
_INLINE_RE = re.compile(
    r"(?P<literal>" + _START + r"``(?P<literal_text>\S(?:[\s\S]*?\S)??)``" + _END + ")"
    r"|(?P<role>" + _START + r"(?::(?P<role_name>[\w.+-]+(?::[\w.+-]+)*):)?`(?P<role_text>(?:[^`\\]|\\.)+)`"
    r"(?::(?P<suffix_role>[\w.+-]+(?::[\w.+-]+)*):|(?P<link>__?))?" + _END + ")"
    r"|(?P<target>" + _START + r"_`(?P<target_text>[^`]+)`)"
    r"|(?P<strong>" + _START + r"\*\*(?P<strong_text>\S(?:[\s\S]*?\S)??)\*\*" + _END + ")"
    r"|(?P<emphasis>" + _START + r"\*(?P<emphasis_text>[^\s*](?:[^*]*?[^\s*\\])??)\*" + _END + ")"
    r"|(?P<subst>" + _START + r"\|(?P<subst_name>[^|\s](?:[^|]*?[^|\s])??)\|(?:__?)?" + _END + ")"
    r"|(?P<note>[ \t]?\[(?:#[\w.-]*|\*|\d+|[A-Za-z][\w.-]*)\]_" + _END + ")"
    r"|(?P<ref>(?<![\w\\`])(?P<ref_text>[A-Za-z0-9](?:[\w.+-]*[A-Za-z0-9])?)__?(?![\w`]))"
    r"|(?P<escape>\\(?P<escaped>[\s\S]))"
)
_TITLE_TARGET_RE = re.compile(r"^([\s\S]*?)\s*<([^<>]*)>$")
_FUNC_ROLES = ("func", "meth")


def inline_text(text: str, names) -> str:
    """`text` (a line, or lines joined by "\\n") with its inline markup as the text it shows: as many lines."""
    return _INLINE_RE.sub(lambda m: _inline(m, names), text) if _has_markup(text) else text


def _has_markup(text: str) -> bool:
    return any(c in text for c in "`*|_\\[")


def _inline(m: re.Match, names) -> str:
    """What the inline markup `m` shows, with as many line breaks as it spans (a link's text may wrap)."""
    shown = _shown(m, names)
    breaks = m.group(0).count("\n") - shown.count("\n")
    return shown + "\n" * breaks if breaks >= 0 else " ".join(shown.split("\n", -breaks))


def _shown(m: re.Match, names) -> str:
    kind = m.lastgroup
    if kind == "literal":
        return m.group("literal_text")
    if kind == "strong":
        return inline_text(m.group("strong_text"), names)
    if kind == "emphasis":
        return inline_text(m.group("emphasis_text"), names)
    if kind == "target":
        return m.group("target_text")
    if kind == "subst":
        name = m.group("subst_name")
        return names.substitutions.get(name, name)
    if kind == "note":
        return ""
    if kind == "ref":
        return m.group("ref_text")
    if kind == "escape":
        c = m.group("escaped")
        return "" if c in " \t" else "\n" if c == "\n" else c
    return _role(m, names)


def _role(m: re.Match, names) -> str:
    """What an interpreted text (a role) or a hyperlink reference shows."""
    name = (m.group("role_name") or m.group("suffix_role") or "").lower()
    text = m.group("role_text").replace("\\", "")
    short = name.rsplit(":", 1)[-1]
    explicit = _TITLE_TARGET_RE.match(text) if "<" in text and text.rstrip().endswith(">") else None
    if explicit and (explicit.group(1).strip() or m.group("link")):
        shown = explicit.group(1).strip() or explicit.group(2)
        return shown if short not in ("abbr",) else shown
    if m.group("link"):
        return text
    if short == "abbr":
        return re.sub(r"\s*\([^()]*\)\s*$", "", text)
    if short in ("pep", "rfc"):
        return f"{short.upper()} {text.split('#')[0]}"
    if short == "menuselection":
        return text.replace("-->", "‣")
    if short == "guilabel":
        return re.sub(r"&(.)", r"\1", text).replace("&&", "&")
    if short in ("samp", "file"):
        return re.sub(r"(?<!\\)[{}]", "", text)
    if short == "ref":
        return names.labels.get(" ".join(text.split()).lower(), text)  # (a label's words as Sphinx reads them)
    if short in ("math", "kbd", "command", "program", "envvar", "option", "dfn", "code", "literal", "sub", "sup",
                 "term", "doc", "download", "keyword", "token", "mimetype", "newsgroup", "makevar", "regexp",
                 "emphasis", "strong", "title-reference", "t", "title") or not name:
        return text
    # an object (`:py:func:`, `:class:`, `:c:macro:`): `!` shows it as written, `~` its last part; a function `()`
    shown = text.lstrip("!")
    if shown.startswith("~"):
        shown = shown[1:].rsplit(".", 1)[-1]
    if short in _FUNC_ROLES and not shown.endswith(")"):
        shown += "()"
    return shown


def inline_runs(out: list[str], prose: list[bool], names) -> None:
    """Inline markup read in place over each run of lines of `out` that `prose` marks (a link's text may wrap): the
    same number of lines."""
    i, n = 0, len(out)
    while i < n:
        if not prose[i] or not out[i].strip():
            i += 1
            continue
        j = i
        while j < n and prose[j] and out[j].strip():
            j += 1
        block = "\n".join(out[i:j])
        if _has_markup(block):
            text = _INLINE_RE.sub(lambda m: _inline(m, names), block)
            parts = text.split("\n")
            if len(parts) == j - i:
                out[i:j] = _rejoined(parts)
        i = j


# what a line may not start with when the markup before it wrapped: the punctuation after a link's or role's end
# ("," / ")." / "." then a space; not ":private-members:" or "./build", text of its own)
_CLOSING_RE = re.compile(r"[,.;:)\]!?]+(?:\s|$)")


def _rejoined(parts: list[str]) -> list[str]:
    """A paragraph's lines after its inline markup was read, none left empty and none starting with the punctuation
    after a wrapped link or role (stop 38). A link or role that wraps ("lists `several distributions\n
    <https://scipy.org/install/>`_\nthat provide …", ":ref:`name normalization specification\n<name-normalization>`).")
    shows fewer words than its lines held: the line its target stood on would be empty — a blank line, which ends the
    paragraph (two blocks, a sentence cut in two) — or start with the "," or ")." after it. Such a line takes the
    last word of the line before it (a line of one word keeps it and gives the next line's first word instead): the
    same lines, each word near where the source has it, the line numbers the file's."""
    if all(p.strip() and not _CLOSING_RE.match(p.lstrip()) for p in parts[1:]) and parts[0].strip():
        return parts
    words = [p.split() for p in parts]
    for k in range(len(words)):
        if words[k] and not _CLOSING_RE.match(words[k][0]):
            continue
        if k and len(words[k - 1]) >= 2:
            if words[k]:  # (the punctuation is glued to the word it follows: "GitHub, and")
                words[k][0] = words[k - 1].pop() + words[k][0]
            else:
                words[k].append(words[k - 1].pop())
        elif not words[k] and k + 1 < len(words) and len(words[k + 1]) >= 2:
            words[k].append(words[k + 1].pop(0))
    indents = [p[:len(p) - len(p.lstrip())] for p in parts]
    return [ind + " ".join(w) if w else "" for ind, w in zip(indents, words)]
