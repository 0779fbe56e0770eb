"""The site frame's line patterns (`BoilerplateSettings.patterns`: phone, address, hours, copyright, ...) searched in
a page's blocks, fast: each default rule's necessary condition over the text's bytes first (`_NEEDS`, computed in one
compiled pass by `_template.pattern_needs`), the regexes only where it is met, memoised per text. Used by
`audit.ingest.template` (`pattern_hits`, `page_evidence`). (Moved out of `template.py`, stop 38: that module was at
the size limit.)
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from audit.config import DEFAULT_PATTERNS, BoilerplateSettings
from audit.ingest import _template


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name, re.compile(rx, re.IGNORECASE | re.MULTILINE)) for name, rx in patterns)


def compiled_patterns(settings: BoilerplateSettings) -> tuple[tuple[str, re.Pattern], ...]:
    return _compiled(_pattern_items(settings))


def _pattern_items(settings: BoilerplateSettings) -> tuple[tuple[str, str], ...]:
    return tuple({**settings.patterns, **settings.extra_patterns}.items())


# What the default rules' regexes need in an ASCII text (keyed by the regex itself, so a rule renamed or a user's
# copy keeps it and a changed regex loses it): a necessary condition, cheaper than the search, over the text's bytes
# `raw` with every whitespace character as b" " (`_SPACES`), their lower case `low` and the count of digits. In
# ASCII text IGNORECASE folds nothing but A-Z (the non-ASCII equivalences, "ſ" for "s", "K" for "k", need non-ASCII
# text, which is always searched). Most blocks meet none: the searches were most of the load stage's pattern cost.
_DAYS = (b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun")
# (`phone`'s `(?:\(\d{3}\)\s*|\b\d{3}[-.\s])\d{3}[-.\s]\d{4}`)
_PHONE_TAIL = re.compile(rb"(?:\([0-9]{3}\) *|[0-9]{3}[-. ])[0-9]{3}[-. ][0-9]{4}")
_STREET_WORD = re.compile(  # (`address`' street types after `\s+`, then `\b`)
    rb" (?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Suite|Floor)(?![A-Za-z0-9_])")
_STATE_ZIP = re.compile(rb", *[A-Z]{2} +[0-9]{5}")  # (`address`' `,\s*[A-Z]{2}\s+\d{5}`)
_PHONE_WORD = re.compile(rb"(?:^| )(?:phone|telephone|tel|call) *:")  # (`phone`'s `^\s*(phone|tel|...)\s*:`)
_NEEDS: dict[str, Callable[[bytes, bytes, int], bool]] = {
    DEFAULT_PATTERNS["skip_link"]: lambda low, raw, digits: b"skip to" in low,
    # ten digits: three in brackets or before a "-", "." or space, then three, a "-", "." or space and four ("(212)
    # 371-3223", "212-371-3223"); or "phone:" / "tel:" / "telephone:" / "call:" at the start of a line (of the text,
    # or after a line break: a space in `low`)
    DEFAULT_PATTERNS["phone"]: lambda low, raw, digits: digits >= 10 and _PHONE_TAIL.search(raw) is not None
    or b":" in low and _PHONE_WORD.search(low) is not None,
    DEFAULT_PATTERNS["fax"]: lambda low, raw, digits: b"fax" in low,
    # case-sensitive: a number, then (words and) a street type, a whole word after a space; "City, ST 12345"; "Suite 4"
    DEFAULT_PATTERNS["address"]: lambda low, raw, digits: digits > 0 and (
        b"0 " in raw.translate(_ZEROS) and _STREET_WORD.search(raw) is not None
        or digits >= 5 and _STATE_ZIP.search(raw) is not None or b"Suite" in raw),
    # a dash or " to " or "thr" (through, thru) between two days or two times ("9 am - 5 pm", "8 a.m. to 8 p.m.":
    # two digits, "am", "pm", "a.m" or "p.m"), or "times" / "hours" (a line opening "Office hours", "Hours:")
    DEFAULT_PATTERNS["hours"]: lambda low, raw, digits: b"times" in low or b"hours" in low or (
        b"-" in low or b" to " in low or b"thr" in low) and (
        digits >= 2 and (b"am" in low or b"pm" in low or b"a.m" in low or b"p.m" in low)
        or any(d in low for d in _DAYS)),
    DEFAULT_PATTERNS["byline"]: lambda low, raw, digits: b"posted" in low or b"written" in low or b"published" in low,
    # the date line's label: "update" (updated, last-update), "modified", "reviewed", "revised" or "changed"
    DEFAULT_PATTERNS["date_line"]: lambda low, raw, digits: b"update" in low or b"modified" in low
    or b"reviewed" in low or b"revised" in low or b"changed" in low,
    DEFAULT_PATTERNS["footer_call"]: lambda low, raw, digits: b"if you are interested" in low,
    DEFAULT_PATTERNS["copyright"]: lambda low, raw, digits: b"(c)" in low or b"copyright" in low
    or b"all rights reserved" in low,
}
_DIGITS = b"0123456789"
_ZEROS = bytes(48 if 48 <= c <= 57 else c for c in range(256))  # (every digit -> b"0")
_SPACES = bytes(32 if chr(c).isspace() else c for c in range(256))  # (ASCII whitespace as `\s` reads it -> b" ")


# The bit of each default rule in `_template.pattern_needs`' mask: its `_NEEDS` computed in one compiled pass (the
# lambdas above are the definition, `tests/test_load_speed_paths.py` compares both on real and random text).
NEED_BITS: dict[str, int] = {DEFAULT_PATTERNS[name]: getattr(_template, name.upper()) for name in (
    "skip_link", "phone", "fax", "address", "hours", "byline", "footer_call", "copyright", "date_line")}


@lru_cache(maxsize=8)
def _first_hit(patterns: tuple[tuple[str, str], ...]):
    """A function text -> name of the first pattern found in it (or ""): an ASCII text is searched only by the rules
    whose `_NEEDS` it meets, and the searches are memoised per text (template lines: phone, address, hours recur on
    every page)."""
    compiled = _compiled(patterns)
    bits = tuple(NEED_BITS.get(rx, -1) for _, rx in patterns)
    rules = tuple(zip([name for name, _ in compiled], [rx.search for _, rx in compiled], bits))
    always = any(b < 0 for b in bits)  # a rule without needs (a user's own): every text is searched by it
    needs = _template.pattern_needs

    @lru_cache(maxsize=1 << 14)
    def searched(text: str, mask: int) -> str:
        """The first rule found in `text` among those whose needs `mask` meets (-1: all) and those without needs."""
        for name, search, bit in rules:
            if (bit < 0 or mask >> bit & 1) and search(text):
                return name
        return ""

    def first_hit(text: str) -> str:
        if text.isascii():
            mask = needs(text)
            return searched(text, mask) if mask or always else ""  # (most texts: no need met, nothing memoised)
        return searched(text, -1)

    return first_hit
