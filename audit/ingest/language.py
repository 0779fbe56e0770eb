"""Is a page English? The readability formulas, word lists and passive rules read English, so a page in another
language is audited (words, duplication, glossary terms) but not graded, and its note says why.

The evidence, as measured on real labelled pages (`benchmarks/language.py`, README "Pages not graded"):

1. the share of the page's first words that are common English function words (`english_share`): English prose has
   ~40 %, other languages a few %. At or above `[load] language_check_below_share` the page is English and nothing
   else runs (most pages: the identifier's cost is spent on the few others);
2. the language CLD2 identifies in the page's text (`identify`, pycld2): decides when it names a language. On
   4,179 labelled pages it called no English page foreign and missed no foreign one, where the share alone called
   33 English pages of short items (tables, sale lists, before-and-after examples, tables of contents) foreign;
3. the page's own declaration (`<html lang>`, a `content-language` meta: `declared_language`), when CLD2 names no
   language (too little text, tables): declarations lie on real pages (7 of the 1,186 declared pages of the labelled
   sets: German and Lorem ipsum pages declaring English, English pages declaring German), so they come after the text;
4. neither says: below `[load] min_english_stopword_share` the page is "no language identified" (uuencoded data, a
   table of scores: no prose to grade), not graded either and not called foreign; else English.
"""
from __future__ import annotations

import re

from audit.ingest import _segment

# The most frequent English function words: ~40 % of the words of English prose, a few % of other languages'.
ENGLISH_STOPWORDS = frozenset("""
a about after all also an and any are as at be because been but by can could did do does for from had has have he
her his how i if in into is it its just may me more most my no not now of on one only or other our out over she so
some such than that the their them then there these they this those through to too up us very was we were what
when where which while who will with would you your
""".split())
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LONGEST_STOPWORD = max(map(len, ENGLISH_STOPWORDS))

# The text CLD2 reads: the page's first characters, about the 3,000 words the share reads
IDENTIFY_CHARS = 20_000
# Code points CLD2 refuses as "invalid UTF-8" (C0 and C1 controls but tab and newline, surrogates, noncharacters):
# read as spaces (a Windows-1252 quote mis-decoded as U+0092 would otherwise stop the identification)
_CLD2_REFUSES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                           + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(17)) + "]")
# CLD2's names that are not plain English names of a language
_NAMES = {"ChineseT": "Chinese", "NORWEGIAN_N": "Norwegian Nynorsk", "LAOTHIAN": "Lao", "SISWANT": "Swati"}


def english_share(lines: list[str], max_words: int = 3000, min_words: int = 20) -> float | None:
    """Share of a page's first `max_words` words (`_WORD_RE`) that are common English function words (None: fewer
    than `min_words` words). Counted in one compiled pass over the ASCII lines (`_segment.english_counts`; the regex
    for the others), reading no further than the line that reaches `max_words`."""
    seen, n, stop = _segment.english_counts(lines, max_words, ENGLISH_STOPWORDS, _LONGEST_STOPWORD, _WORD_RE.findall)
    if seen < min_words:
        return None
    return stop / n


def _name(cld2_name: str) -> str:
    name = _NAMES.get(cld2_name, cld2_name.removeprefix("X_"))
    return " ".join(w.capitalize() for w in name.split("_")) if name.isupper() or "_" in name else name


def identify(lines: list[str]) -> tuple[str, str]:
    """(code, name) of the language CLD2 finds most of in the page's first `IDENTIFY_CHARS` characters, ("un", "")
    when it names none (too little text, tables, encoded data). Deterministic, offline (the model is compiled in)."""
    import pycld2

    text, size = [], 0
    for line in lines:
        text.append(line)
        size += len(line) + 1
        if size >= IDENTIFY_CHARS:
            break
    try:
        _, _, found = pycld2.detect(_CLD2_REFUSES.sub(" ", "\n".join(text)), isPlainText=True)
    except pycld2.error:  # (a code point `_CLD2_REFUSES` does not know of: nothing identified)
        return "un", ""
    name, code = found[0][0], found[0][1]
    return (code, _name(name)) if code != "un" else ("un", "")


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code CLD2 knows ("es": "Spanish"), else the code."""
    import pycld2

    names = {c: n for n, c in pycld2.LANGUAGES}
    return _name(names[code]) if code in names else code


def declared_language(root) -> str:
    """The primary language subtag (lower case) the HTML page declares: its `<html lang>` (the HTML standard's
    first), else a `<meta http-equiv="content-language">`; "" for none or one not well-formed (BCP 47: 2-3
    letters, "en-US" -> "en")."""
    if root is None or not isinstance(root.tag, str):
        return ""
    values = [root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")] if root.tag == "html" else []
    values += [m.get("content") for m in root.iter("meta")
               if (m.get("http-equiv") or "").strip().lower() == "content-language"]
    for value in values:
        if value and value.strip():
            primary = re.split(r"[-_,\s]", value.strip(), maxsplit=1)[0].lower()
            return primary if 2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha() else ""
    return ""


def language_note(lines: list[str], declared: str, settings) -> tuple[float | None, str]:
    """(`english_share`, the note of a page that is not graded: "" for an English page) by the evidence of the
    module's docstring; `declared`: `declared_language`'s subtag, "" for none; `settings`: `[load]`."""
    share = english_share(lines)
    if share is None or share >= settings.language_check_below_share:
        return share, ""
    code, name = identify(lines)
    if code == "en":
        return share, ""
    words = f"{share:.1%} common English words"
    if code != "un":
        return share, f"may not be English: identified as {name} ({code}), {words}"
    if declared and declared != "en":
        return share, f"may not be English: declared {language_name(declared)} ({declared}), {words}"
    if not declared and share < settings.min_english_stopword_share:
        return share, f"no language identified: {words} (< {settings.min_english_stopword_share:.0%}), no prose to grade"
    return share, ""
