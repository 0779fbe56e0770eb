"""Passive voice per sentence: a rule for the default pipeline, the dependency parse when a trained one is loaded.

`method` (setting `[readability] passive_method`):

- ``"rules"`` — a form of *be* or *get* (``is``, ``are``, ``was``, ``were``, ``be``, ``been``, ``being``, ``am``,
  ``it's``/``that's``/... and ``get``, ``gets``, ``got``, ``gotten``, ``getting``), then up to three adverbs
  (``-ly`` words, ``not``, ``also``, ``often``, ...), then a past participle: a word ending in ``-ed`` (minus a short
  list of non-verbs such as *need*, *hundred*) or one of ~170 irregular participles (*known*, *done*, *given*,
  *made*, *shown*, ...). So "Diagnostic imaging may be performed ...", "Botulinum toxin is also used ...", "is known
  as", "it's caused by" are passive; "is important", "is something" are not.
- ``"parser"`` — spaCy's dependency labels: a sentence is passive when a token is ``auxpass``, ``nsubjpass`` or
  ``csubjpass`` (en_core_web_sm's ClearNLP labels). Needs a trained pipeline (`[segment] spacy_model`).
- ``"auto"`` (default) — the parser when the docs carry a dependency parse (a trained pipeline is configured),
  else the rules.

Known limit of the rules: an adjectival participle after *be* ("is interested in", "are concerned about", "is
tired", "is located") reads as passive; the parser separates most of these (it tags them as adjectives). Passive
without *be*/*get* ("the drug, given daily, ...") is not flagged by the rules.
"""
from __future__ import annotations

import re

METHODS = ("auto", "rules", "parser")

BE_FORMS = frozenset("""
am is are was were be been being isn't aren't wasn't weren't ain't
it's that's what's there's here's he's she's who's which's where's this's
they're we're you're
get gets got gotten getting
""".split())

ADVERBS = frozenset("""
not n't never also often usually always then typically rarely seldom still already sometimes commonly generally
frequently mostly largely further even just only so too very now thus therefore first once ever really simply
probably possibly perhaps certainly currently normally previously recently easily widely well badly best better
all both either most more less least
""".split())

IRREGULAR_PARTICIPLES = frozenset("""
arisen awoken borne born beaten become begun bent bet bid bitten bled blown broken bred brought built burnt burst
bought cast caught chosen clung come cost crept cut dealt dug done drawn dreamt drunk driven eaten fallen fed felt
fought found fled flung flown forbidden forecast foregone foreseen forgotten forgiven forsaken frozen gotten given
gone ground grown hung had heard hidden hit held hurt kept knelt known laid led leant leapt learnt left lent let
lain lit lost made meant met mistaken misunderstood overcome overdone overtaken overthrown paid proven put quit read
rid ridden rung risen run said sawn seen sought sold sent set sewn shaken shed shone shod shot shown shrunk shut
sung sunk sat slain slept slid slung slit smelt sown spoken sped spelt spent spilt spun spat split spoilt spread
sprung stood stolen stuck stung stunk strewn stridden struck strung striven sworn swept swollen swum swung taken
taught torn told thought thrown thrust trodden understood undergone undertaken undone upheld upset woken worn woven
wed wept won wound withdrawn withheld withstood written
""".split())

# Words ending in -ed that are not past participles.
NOT_PARTICIPLES = frozenset("""
need seed feed speed indeed greed breed steed weed deed bleed creed tweed sled hundred naked sacred wicked kindred
rugged ragged jagged crooked beloved wretched hatred embed
""".split())

_WORD_RE = re.compile(r"[a-z]+(?:['’][a-z]+)*")


def _is_participle(word: str) -> bool:
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) > 3 and word.endswith("ed") and word not in NOT_PARTICIPLES


def _is_adverb(word: str) -> bool:
    return word in ADVERBS or (word.endswith("ly") and len(word) > 4)


class _WordTest(dict):
    """word -> test(word), remembered (a dict lookup instead of a call per word); emptied at `LIMIT` words."""

    LIMIT = 100_000

    def __init__(self, test):
        super().__init__()
        self.test = test

    def __missing__(self, word: str) -> bool:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = self.test(word)
        return value


_ADVERB, _PARTICIPLE = _WordTest(_is_adverb), _WordTest(_is_participle)


def passive_rules(text: str, words: list[str] | None = None) -> str:
    """The first passive phrase of `text` by the rules ("" when none), e.g. "may be performed" -> "be performed".
    `words`: the text's words already lower-cased, with "'" for "’" (saves a regex pass)."""
    if words is None:
        words = _WORD_RE.findall(text.lower().replace("’", "'"))
    elif BE_FORMS.isdisjoint(words):
        return ""
    n = len(words)
    for i, w in enumerate(words):
        if w not in BE_FORMS:
            continue
        j = i + 1
        while j < n and j <= i + 3 and _ADVERB[words[j]]:  # up to three adverbs
            j += 1
        if j < n and words[j] == "being":  # "is being treated"
            j += 1
        if j < n and _PARTICIPLE[words[j]]:
            return " ".join(words[i:j + 1])
    return ""


PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass", "csubjpass"})


def passive_parser(span) -> str:
    """The passive phrase of a parsed spaCy span ("" when none): the passive auxiliary and its verb."""
    for tok in span:
        if tok.dep_ in PASSIVE_DEPS:
            verb = tok.head
            aux = [t for t in verb.children if t.dep_ == "auxpass"]
            first = aux[0] if aux else tok
            if first.i < verb.i:
                return span.doc[first.i:verb.i + 1].text.lower()
            return verb.text.lower()
    return ""


def resolve_method(method: str, docs, parses: bool = True) -> str:
    """The method actually used on these docs: "parser" needs a dependency parse (at least one non-empty Doc, and
    every non-empty Doc parsed), else "rules" (a page of empty Docs only has no parse). `parses`: whether the
    pipeline that made them has a component that can parse; without one no non-empty Doc is parsed, and none is
    asked (`has_annotation` walks every token of a Doc without a parse)."""
    if method not in METHODS:
        raise ValueError(f"[readability] passive_method must be one of {', '.join(METHODS)}, got {method!r}")
    if method == "rules" or not parses:
        return "rules"
    non_empty = [d for d in docs if len(d)]
    return "parser" if non_empty and all(d.has_annotation("DEP") for d in non_empty) else "rules"


def passive_phrase(span, method: str) -> str:
    return passive_parser(span) if method == "parser" else passive_rules(span.text)
