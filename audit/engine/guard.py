"""Bounded work per page: a time budget, text spaCy can tokenize in linear time, paragraphs within spaCy's length
limit, HTML nesting a parser accepts.

- `PageBudget`: seconds a page may take across its steps (`[run] max_page_seconds`); `check(step)` raises
  `OverBudget` once it is spent, and the pipeline marks the page `skipped` with that reason. Checked between steps
  and between the spaCy documents of a page, so a page stops within one step of its budget (the guards below keep
  each step linear in the page's length).
- `for_spacy(text)`: spaCy's tokenizer is quadratic on a long run of punctuation or emoji without spaces (spaCy
  issues #1768, #4362: 15 KB of `"` take 20 s, 150 KB over 5 minutes). Every run of more than `MAX_SYMBOL_RUN`
  characters that are neither letters, digits nor spaces keeps its first `MAX_SYMBOL_RUN` characters and the rest
  becomes spaces, and a token longer than `MAX_TOKEN_CHARS` gets a space every `MAX_TOKEN_CHARS` characters. Same
  length, so every character offset into the block's text stays valid: sentence texts are still cut from the
  original text.
- `pieces(text, limit)`: a paragraph longer than spaCy's `max_length` (1,000,000 characters) is cut into pieces at
  sentence ends (else at a space) and the pieces' documents joined (`Doc.from_docs`): pages up to `[load]
  max_page_bytes` (5 MB) are audited, never refused.
- `flatten_deep_html(html)`: lxml's HTML parser stops at 255 levels of nesting (the page then has "no main content");
  tags nested deeper than `MAX_HTML_DEPTH` are dropped, their text kept.
"""
from __future__ import annotations

import re
import time

from audit.ingest._segment import tags_deeper_than
from audit.engine._wordrows import symbol_run_over, word_over

MAX_SYMBOL_RUN = 32
MAX_TOKEN_CHARS = 1000
PIECE_CHARS = 100_000  # paragraphs longer than this are tokenized in pieces (well under spaCy's 1,000,000)
MAX_HTML_DEPTH = 200


class OverBudget(Exception):
    """A page spent its time budget; the message is the skip reason."""


class PageBudget:
    def __init__(self, seconds: float, spent: float = 0.0) -> None:
        self.seconds = seconds
        self.start = time.perf_counter() - spent

    @property
    def spent(self) -> float:
        return time.perf_counter() - self.start

    def check(self, step: str) -> None:
        spent = self.spent
        if spent > self.seconds:
            raise OverBudget(f"over the time budget: {spent:.1f} s > {self.seconds:g} s ([run] max_page_seconds) "
                             f"at {step}")


_SYMBOL_RUN_RE = re.compile(r"(?:[^\w\s]|_){%d,}" % (MAX_SYMBOL_RUN + 1))
_LONG_TOKEN_RE = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))


def for_spacy(text: str) -> str:
    """`text` with runs spaCy tokenizes in quadratic time defused, same length (see the module docstring)."""
    if len(text) <= MAX_SYMBOL_RUN or not word_over(text, MAX_SYMBOL_RUN):
        return text  # (most texts: no word is long enough to hold a risky run)
    if symbol_run_over(text, MAX_SYMBOL_RUN):  # (the expressions run only where they change something: compiled tests)
        text = _SYMBOL_RUN_RE.sub(lambda m: m.group(0)[:MAX_SYMBOL_RUN] + " " * (len(m.group(0)) - MAX_SYMBOL_RUN), text)
    if len(text) > MAX_TOKEN_CHARS and word_over(text, MAX_TOKEN_CHARS):
        text = _LONG_TOKEN_RE.sub(_space_every, text)
    return text


def _space_every(m: re.Match) -> str:
    """Every (MAX_TOKEN_CHARS + 1)-th character of a long token a space, the length kept (a token of exactly
    k * (MAX_TOKEN_CHARS + 1) characters ends in that space)."""
    s = m.group(0)
    return " ".join(s[i:i + MAX_TOKEN_CHARS] for i in range(0, len(s), MAX_TOKEN_CHARS + 1)).ljust(len(s))


_SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*\s")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans covering `text` in order, each at most `limit` characters, cut after a sentence end
    where there is one in the second half of the piece, else after a space, else anywhere."""
    out, start, n = [], 0, len(text)
    while n - start > limit:
        window = text[start + limit // 2:start + limit]
        cut = -1
        for m in _SENTENCE_END_RE.finditer(window):
            cut = m.end()
        if cut < 0:
            space = window.rfind(" ")
            cut = space + 1 if space >= 0 else len(window)
        end = start + limit // 2 + cut
        out.append((start, end))
        start = end
    out.append((start, n))
    return out


_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


# `_TAG_RE`'s tags, found without its lazy `[^>]*?(/?)>` (which tries "/>" at every character of a tag): the same
# matches, the text between the name and ">" as group 3, ending in "/" exactly when `_TAG_RE`'s group 3 is "/". The
# definition of the tags `html_depth_exceeds` walks (compiled: `audit.ingest._segment.tags_deeper_than`).
_TAG_ATTRS_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b([^>]*)>")


def html_depth_exceeds(html: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """Deep nesting, by a cheap upper bound: over the tags of `_TAG_ATTRS_RE` in order, a closing tag takes a level
    off, an opening tag neither self-closing ("/>") nor void (`VOID`) adds one; True once the depth passes `limit`.
    One pass in C (`_segment.tags_deeper_than`)."""
    return tags_deeper_than(html, limit, VOID)


def flatten_deep_html(html: str, limit: int = MAX_HTML_DEPTH) -> str:
    """`html` without the tags nested deeper than `limit` (their text kept); linear in the length."""
    depth = 0
    out, last = [], 0
    for m in _TAG_RE.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            drop = depth > limit
            depth = max(depth - 1, 0)
        elif self_closing or name in VOID:
            drop = depth >= limit
        else:
            depth += 1
            drop = depth > limit
        if drop:
            out.append(html[last:m.start()])
            last = m.end()
    out.append(html[last:])
    return "".join(out)


# ------------------------------------------------------------------ pattern rules: checked once, with a time guard

PATTERN_PROBE_CHARS = 40  # catastrophic backtracking ("^(a+)+$") shows within 40 repeated characters
PATTERN_SECONDS = 5.0
_PROBE_SCRIPT = r"""
import json, re, sys
items = json.loads(sys.stdin.read())
for name, rx in items:
    print(name, flush=True)
    p = re.compile(rx, re.IGNORECASE | re.MULTILINE)
    chars = sorted({c for c in rx if c.isalnum()} | set("a1 .-"))
    for c in chars:
        for probe in (c * %d + "\x00", (c + "b") * %d + "\x00", " ".join([c * 4] * %d) + "!"):
            p.search(probe)
print("", flush=True)
""" % (PATTERN_PROBE_CHARS, PATTERN_PROBE_CHARS // 2, PATTERN_PROBE_CHARS // 4)
_CHECKED: set = set()


def check_patterns(patterns: dict[str, str], seconds: float = PATTERN_SECONDS) -> None:
    """Refuse (`ConfigError`, one line naming it) a pattern rule that backtracks catastrophically: every pattern is
    tried on short adversarial inputs made of its own characters in a separate interpreter, killed after
    `seconds` (Python's `re` cannot be interrupted). Once per process per set of patterns; the shipped patterns are
    known to pass and are not re-checked."""
    import json
    import subprocess
    import sys

    from audit.config import DEFAULT_PATTERNS, ConfigError

    items = tuple((n, rx) for n, rx in patterns.items() if DEFAULT_PATTERNS.get(n) != rx)
    if not items or items in _CHECKED:
        return
    try:
        proc = subprocess.run([sys.executable, "-I", "-c", _PROBE_SCRIPT], input=json.dumps(items),
                              capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        names = out.split()
        slow = names[-1] if names else items[0][0]
        raise ConfigError(f"[boilerplate] pattern {slow!r} takes over {seconds:g} s on a {PATTERN_PROBE_CHARS}-"
                          "character input (catastrophic backtracking, e.g. nested repeats like (a+)+): rewrite it"
                          ) from None
    if proc.returncode != 0:
        raise ConfigError(f"[boilerplate] patterns could not be checked: {proc.stderr.strip().splitlines()[-1:]}")
    _CHECKED.add(items)
