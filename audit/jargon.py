"""Jargon check (PEMAT: "medical terms are defined"): is the first use of a technical concept on a page explained?

The first use counts as explained in place when, in the sentence of the first use or the next sentence unit
(a heading's first use is explained by the text under it):

- a definition follows a mention: "X is a / an / the / when …", "X refers to …", "X means …", "X describes …",
  "X is defined as …", "X, which is …", "X is characterized by …";
- a gloss follows it: "X, also known as Y", "X, also called Y", "X, or Y,", "X (Y)", "X – a …", "X, a …";
- a gloss precedes it: "Y, known as X", "Y, called X", "Y (X)";
- or the sentence pair shares key words with the concept's `plain` explanation (at least `jargon_min_plain_words`
  of its content words; the concept's own words and very general words such as "nerve" or "disease" do not
  count).
"""
from __future__ import annotations

import re

AFTER = (
    ("is a", re.compile(r"^\W{0,3}(?:is|are|was|were)\s+(?:a|an|the|when|what|how|one|known|called|caused|"
                        r"characteri[sz]ed|defined|described|usually\s+an?|often\s+an?|typically\s+an?)\b", re.I)),
    ("refers to", re.compile(r"^\W{0,3}(?:refers?\s+to|means?|describes?|denotes?|involves?\s+the)\b", re.I)),
    ("also known as", re.compile(r"^\s*[,(–—-]?\s*(?:also\s+|sometimes\s+|often\s+)?(?:known\s+as|called|"
                                 r"referred\s+to\s+as|termed|or\s+simply)\b", re.I)),
    ("which is", re.compile(r"^\s*,\s*which\s+(?:is|are|means|refers)\b", re.I)),
    ("or", re.compile(r"^\s*,\s*or\s+[^,]{1,60},\s+(?!or\b|and\b)", re.I)),
    ("parenthesis", re.compile(r"^\s*\(\s*\w", re.I)),
    ("apposition", re.compile(r"^\s*(?:,|–|—|\s-)\s*(?:a|an)\s+(?:[\w-]+\s+){1,4}?(?:that|which|where|who|in\s+which|"
                              r"caused|characteri[sz]ed|marked|affecting|of)\b", re.I)),
)
BEFORE = (
    ("known as", re.compile(r"(?:known\s+as|called|referred\s+to\s+as|termed)\s*$", re.I)),
    ("parenthesis", re.compile(r"\w[^()]{2,}\(\s*$", re.I)),
)


def definition_pattern(before: str, after: str) -> str:
    """The name of the definition pattern around one mention ('' when none)."""
    for name, rx in AFTER:
        if rx.search(after):
            return name
    for name, rx in BEFORE:
        if rx.search(before):
            return name
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
