"""Jargon check (PEMAT: "medical terms are defined"): is the first use of a technical concept on a page explained?

The first use counts as explained in place when, in the sentence of the first use or the next sentence unit
(a heading's first use is explained by the text under it):

- a definition follows a mention: "X is a / an …" (also "X is a type / kind / form of …", "X is the medical
  term for …", "X is when …", "X is defined as / called / known as / characterized by …"), "X refers to …",
  "X means …", "X describes …", "X, which is a …";
- a gloss follows it: "X, also known as Y", "X, also called Y", "X, or Y,", "X – a …", "X, a …", or "X (Y)" where
  Y is plain words: not an abbreviation or acronym of X (nor X one of Y: "EMG (electromyography)"), not a single
  capitalised or all-caps token ("(EMG)", "(Botox)") and not a title in capitals;
- a gloss precedes it: "Y, known as X", "Y, called X", "Y (X)" (Y again plain words, not an abbreviation);
- or the sentence pair shares key words with the concept's `plain` explanation (at least `jargon_min_plain_words`
  of its content words; the concept's own words and very general words such as "nerve" or "disease" do not
  count).

Not definitions: "X is the best / most …", "X is caused by …", "X is how …", "X is what …", "X is one of …",
"X is used / common / …", "X involves the …".
"""
from __future__ import annotations

import re

# the verbs that give a thing another name ("X, also known as Y", "Y, called X"): shared with
# `audit.terms.definition_names`, which reads them in a glossary's own definitions
NAMED_AS = r"(?:known\s+as|called|referred\s+to\s+as|termed)"
# what may follow "X is / are" (or "X, which is") for a definition
_DEFINES = (r"(?:(?:usually|often|typically|also|simply|basically|essentially|actually)\s+)?"
            r"(?:an?\s+(?!(?:lot|few|little|bit|number|great\s+deal|good\s+idea)\b)[\w-]"
            r"|the\s+(?:[\w-]+\s+){0,2}?(?:term|name|word)\s+(?:for|used)\b"
            r"|when\b|known\s+as\b|called\b|termed\b|defined\s+as\b|described\s+as\b|characteri[sz]ed\s+by\b)")

AFTER = (
    ("is a", re.compile(r"^\W{0,3}(?:is|are|was|were)\s+" + _DEFINES, re.I)),
    ("refers to", re.compile(r"^\W{0,3}(?:refers?\s+to|means?|describes?|denotes?)\b", re.I)),
    ("also known as", re.compile(r"^\s*[,(–—-]?\s*(?:also\s+|sometimes\s+|often\s+)?(?:" + NAMED_AS[3:-1]
                                 + r"|or\s+simply)\b", re.I)),
    ("which is", re.compile(r"^\s*,\s*which\s+(?:(?:is|are)\s+" + _DEFINES + r"|means\b|refers\s+to\b)", re.I)),
    ("or", re.compile(r"^\s*,\s*or\s+[^,]{1,60},\s+(?!or\b|and\b)", re.I)),
    ("apposition", re.compile(r"^\s*(?:,|–|—|\s-)\s*(?:a|an)\s+(?:[\w-]+\s+){1,4}?(?:that|which|where|who|in\s+which|"
                              r"caused|characteri[sz]ed|marked|affecting|of)\b", re.I)),
)
# all of AFTER as one regex (they are all anchored at the start): its first alternative that matches is the first of
# AFTER that matches, named by its group "g<index>" (one search instead of one per pattern)
assert all(rx.pattern.startswith("^") and rx.flags & re.I and not rx.groups for _name, rx in AFTER)
_AFTER_ANY = re.compile("|".join(f"(?P<g{k}>{rx.pattern[1:]})" for k, (_name, rx) in enumerate(AFTER)), re.I)
PAREN_AFTER = re.compile(r"^\s*\(\s*([^()]{1,120}?)\s*\)")
BEFORE = (
    ("known as", re.compile(NAMED_AS + r"\s*$", re.I)),
)
_BEFORE_ENDS = ("as", "called", "termed")  # how every BEFORE match ends (casefolded, before trailing space)
PAREN_BEFORE = re.compile(r"(\w[^()]{2,}?)\s*\(\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def is_abbreviation(short: str, long: str) -> bool:
    """Whether `short` could abbreviate `long`: 2-8 letters, the same first letter, and its letters in order among
    those of `long` ("EMG" / "electromyography", "MVD" / "microvascular decompression", "Botox" / "botulinum
    toxin")."""
    s, l_ = _letters(short), _letters(long)
    if not 2 <= len(s) <= 8 or len(s) >= len(l_) or s[0] != l_[0]:
        return False
    pos = 0
    for ch in s:
        pos = l_.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word.isupper()


def plain_gloss(gloss: str, term: str = "") -> bool:
    """Whether bracketed (or bracketing) text is a plain-words gloss of `term`: not an abbreviation or acronym of it
    (nor `term` one of the gloss), not a single capitalised or all-caps token, not a title in capitals."""
    words = _WORD.findall(gloss)
    if not words or all(_capitalised(w) for w in words):
        return False  # "(EMG)", "(Botox)", "(2019)", "(Botulinum Toxin Type A)"
    if term:
        if gloss.strip().casefold() == term.strip().casefold():
            return False
        compact = " ".join(words)
        if len(words) == 1 and (is_abbreviation(compact, term) or is_abbreviation(term, compact)):
            return False  # "(emg)"; "EMG (electromyography)"
    return True


def definition_pattern(before: str, after: str, term: str = "") -> str:
    """The name of the definition pattern around one mention ('' when none). `before` / `after`: the text of the
    sentence before and after the mention; `term`: the mention itself (for "X (Y)": Y must not merely abbreviate
    X)."""
    m = _AFTER_ANY.match(after)
    if m:
        return AFTER[int(m.lastgroup[1:])][0]  # (= the first of AFTER whose search succeeds)
    m = PAREN_AFTER.search(after)
    if m and plain_gloss(m.group(1), term):
        return "parenthesis"
    tail = before.rstrip()[-6:].casefold()  # (a cheap test first: searching `before` costs more)
    if tail.endswith(_BEFORE_ENDS):
        for name, rx in BEFORE:
            if rx.search(before):
                return name
    m = PAREN_BEFORE.search(before) if tail.endswith("(") else None  # (the search alone is quadratic)
    if m:
        words = _WORD.findall(m.group(1))
        # Y is the words just before the bracket: not an all-caps token or an abbreviation of X, not one capitalised
        # word alone ("Botox (botulinum toxin)")
        last = words[-1] if words else ""
        abbreviation = bool(term) and (is_abbreviation(last, term) or is_abbreviation(term, last))
        if words and not last.isupper() and not abbreviation and not (len(words) == 1 and _capitalised(last)):
            return "parenthesis"
    return ""


# Words too general to show that a term was explained (the site is about nerves, muscles and the face).
GENERAL = frozenset({
    "disease", "disorder", "condition", "muscle", "nerve", "face", "facial", "brain", "body", "cause", "causing",
    "caused", "causes", "symptom", "problem", "people", "person", "part", "side", "system", "treatment", "medicine",
    "test", "doctor", "make", "help", "usually", "often", "common", "small", "health", "movement", "abnormal",
})


def plain_overlap(plain_keys: frozenset[str], context_keys: set[str], min_words: int = 2) -> list[str]:
    """The plain-explanation words found in the context, when there are enough of them ([] otherwise)."""
    keys = plain_keys - GENERAL
    if not keys:
        return []
    shared = sorted(keys & context_keys)
    return shared if len(shared) >= min(min_words, len(keys)) else []


def long_form(short: str, words: list[str]) -> int:
    """Schwartz & Hearst's long form of `short` in `words` (the words before the parenthesis): the number of words
    it takes from the end (0: none). Each of the short form's letters and digits, from the last, is found right to
    left in the words; its first one must start a word."""
    s = [ch.lower() for ch in short if ch.isalnum()]
    text = " ".join(w.lower() for w in words)
    si, li = len(s) - 1, len(text) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (text[li] != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return 0
        si -= 1
        li -= 1
    return text[li + 1:].count(" ") + 1
