"""Other names a concept's own definition gives it (issue 19, stop 34): forms read from the glossary's `plain` (or
`definition`).

Editors' definitions often say the names readers use: HealthCare.gov's *Formulary* ends "Also called a drug list.",
its *Health Reimbursement Account (HRA)* "Health Reimbursement Accounts are sometimes called Health Reimbursement
Arrangements."; the CNCF glossary's *Vertical Scaling* starts "Vertical scaling, also known as "scaling up and
down", is …". A form is read when the definition gives **the concept itself** another name — the subject of the
naming verb (`audit.terms.jargon.NAMED_AS`: "called", "known as", "referred to as", "termed"; and "referred to with /
by the (single) word(s) / term / name", after up to three adverbs such as "also", "sometimes", "more commonly") is:

- `elided` — nothing: the sentence is the naming alone ("Also called a drug list.", "Sometimes called prior
  authorization, prior approval or precertification.");
- `pronoun` — "It", "This", "They" or "These" with "is / are / may be …" opening one of the definition's first two
  sentences, the naming alone after it ("This may be called "eligible expense," "payment allowance" or "negotiated
  rate."" in *Allowed Amount*, whose first sentence is the definition itself);
- `subject` — a form of the concept's name (its own forms and the forms `audit.terms.forms` derives, folded as the
  matcher folds them) opening the sentence, before "is / are / may be …" ("Health Reimbursement Accounts are
  sometimes called …") or an apposition after a comma, a dash or a parenthesis ("Vertical scaling, also known as …,
  is", "A (digital) certificate — also often referred to as a public key certificate, or SSL certificate — is");
- `parenthesis` — a form of the name right before a parenthesis that names it ("a coverage gap (called a "donut
  hole")" would name *Coverage gap*), anywhere in the definition;
- `quoted part` — the naming verb, up to three words, then a quoted part of the concept's own name ("… is referred
  to as running on "bare metal."" in *Bare Metal Machine*): the editor uses the part as the name.

The named list is split at commas and "or" ("X, Y or Z"); a quoted name is one name ("scaling up and down"); a
list of quoted names ends where a clause begins after them (""package" or "distribution", but this guide …");
articles and quotes are dropped. An unquoted name of more than six words or with a function word ("running on …")
is not a name, and a list with one such item is not read at all. Not read: a naming whose subject is anything else — "Each
activity taken by a service is referred to as an event" (*Event Streaming*), "a virtual computer, referred to as a
VM" (*Host*), "Data from previous interactions is referred to as state" (*Stateless Apps*), "End-Stage Renal Disease
(…, sometimes called ESRD)" (*Medicare*).

A form read so is the concept's (`Form.reason` = `REASON`, terms.csv's `how`), unless another concept has it as its
own (name, variant or a form read from its definition: *Formulary* "Also called a drug list." and *Drug List* "Also
called a formulary." name each other, and neither takes the other's name) or two definitions name it. The matcher
reads it as it reads the glossary's own forms (case, plurals, apostrophes, hyphens folded: "health reimbursement
arrangement" for "Health Reimbursement Arrangements") but derives nothing from it
(`audit.terms.form_sequences.derived_sequences`): the definition gives the name as the site writes it, not a title
whose qualifiers, word order, heads or parts the rules of `audit.terms.forms` would read (from "prior approval" the
derivation rule would make "priority approval").

Where: at compile time (`CompiledGlossary`), from the concept's `definition` — the source's whole definition, which
`audit glossary import` keeps when it runs past its first paragraph (*Distribution Package*'s second paragraph in
the Python Packaging User Guide: "A distribution package is more commonly referred to with the single words
"package" or "distribution", but …"; stop 35) — else from `plain`; the names are not written into the YAML: the
rule reads every glossary that has definitions, written by hand or imported, and a definition edited later is read
again. Seen and vetoed by the user: `audit glossary check` lists every form read, taken or not and why, with its
sentence; `definition_names: false` on a concept (or at the glossary's top) refuses them (write the right ones as
`variants:`). `audit glossary suggest` is about the shipped vocabularies and does not list them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.jargon import NAMED_AS

REASON = "named in its definition"
MAX_WORDS = 6  # an unquoted name of more words is a phrase, not a name
_ADVERBS = (r"(?:(?:also|sometimes|often|more|most|commonly|generally|usually|frequently|typically|simply)\s+)"
            r"{0,3}")
# the naming verbs: the jargon check's (`NAMED_AS`) and "referred to with / by the (single) word(s) / term / name"
# (the Python Packaging User Guide's *Distribution Package*: "… is more commonly referred to with the single words
# "package" or "distribution", but …")
_NAMING = (r"(?:" + NAMED_AS + r"|referred\s+to\s+(?:with|by)\s+(?:the\s+)?(?:single\s+|one\s+)?"
           r"(?:words?|terms?|names?))")
_TRIGGER = re.compile(r"\b" + _ADVERBS + _NAMING + r"\s+", re.I)
_BE = r"(?:is|are|was|were|(?:may|can|might|could)\s+(?:also\s+)?be)"
_PRONOUN = re.compile(r"(?:it|this|they|these)\s+" + _BE, re.I)
_COPULA = re.compile(r"(?:(?:a|an|the)\s+)?(.+?)\s+" + _BE, re.I)
_APPOSITION = re.compile(r"(?:(?:a|an|the)\s+)?(.+?)\s*(,|—|–|--|\s-)", re.I)
_MAIN_VERB = re.compile(r",\s+(?:is|are|was|were|has|have|can|may|will|refers?|means?)\b", re.I)
_QUOTES = "\"“”‘’'"
_QUOTED = re.compile(r"[\"“‘']([^\"“”‘’]{1,80}?)[,.]?[\"”’']")
_QUOTED_AFTER = re.compile(r"(?:[\w-]+\s+){0,3}[\"“‘]([^\"“”‘’]{2,60}?)[,.]?[\"”’]")
_SPLIT = re.compile(r"\s*,\s*(?:or\s+)?|\s+or\s+", re.I)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_SENTENCE = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z])")
_CLAUSE = re.compile(r"\s*[,;]\s+(?:but|and|although|though|while|whereas|so|yet|which|as)\b", re.I)
_SEPARATORS = re.compile(r"^[\s,;.]*(?:(?:or|and|and/or)\b)?[\s,;.]*$", re.I)
_FUNCTION = STOP_WORDS - {"of", "for", "and"}


@dataclass(frozen=True)
class Reading:
    concept: int  # index into the glossary's concepts
    form: str  # the name as read (articles and quotes dropped)
    rule: str  # elided, pronoun, subject, parenthesis, quoted part
    sentence: str
    taken: bool = False
    why_not: str = ""  # "" when taken; else the concept that has it, or "named by two definitions"


def sentences(plain: str) -> list[str]:
    """The definition's sentences (a full stop, "!" or "?" before a capital; a paragraph ends one)."""
    out = []
    for para in plain.split("\n\n"):
        start = 0
        for m in _SENTENCE.finditer(para):
            out.append(para[start:m.end()].strip())
            start = m.end()
        out.append(para[start:].strip())
    return [s for s in out if s]


def _names(region: str) -> list[str]:
    """The names of a naming's list ("a drug list", "prior authorization, prior approval or precertification",
    "“eligible expense,” “payment allowance" or "negotiated rate."") ([]: not a list of names)."""
    region = _ARTICLE.sub("", region.strip().rstrip(".;:!? ").strip())
    if region[:1] in _QUOTES:
        quoted = list(_QUOTED.finditer(region))
        if not quoted:
            return []
        gaps = [region[a.end():b.start()] for a, b in zip(quoted, quoted[1:])] + [region[quoted[-1].end():]]
        for k, gap in enumerate(gaps):
            if not _SEPARATORS.match(gap):
                if not _CLAUSE.match(gap):
                    return []
                quoted = quoted[:k + 1]  # the list ends where a clause begins (""package" or "distribution", but")
                break
        names = [" ".join(q.group(1).strip(" ,.").split()) for q in quoted]
        return names if all(names) else []
    names = []
    for item in _SPLIT.split(region):
        item = _ARTICLE.sub("", item.strip().strip(_QUOTES).strip())
        words = item.split()
        if not words or len(words) > MAX_WORDS or any(w.casefold() in _FUNCTION for w in words) \
                or not any(ch.isalpha() for ch in item) or any(ch in item for ch in "()[];:"):
            return []
        names.append(" ".join(words))
    return names


def _region(rest: str, opener: str) -> str | None:
    """The named list after an apposition's naming verb: up to the closing parenthesis or dash, or (a comma) up to
    the sentence's main verb ("Cloud native technologies, also referred to as the cloud native stack, are …")."""
    if opener == "(":
        end = rest.find(")")
    elif opener == ",":
        m = _MAIN_VERB.search(rest)
        end = m.start() if m else -1
    else:
        end = rest.find(opener.strip())
    return rest[:end] if end >= 0 else None


def read_names(plain: str, is_form, is_part) -> list[tuple[str, str, str]]:
    """(name, rule, sentence) of every other name the definition `plain` gives its concept. `is_form(text)`: the
    text is a form of the concept's name; `is_part(text)`: a part of its own name (see the module docstring)."""
    out: list[tuple[str, str, str]] = []
    for si, sentence in enumerate(sentences(plain)):
        for m in _TRIGGER.finditer(sentence):
            pre, rest = sentence[:m.start()].rstrip(), sentence[m.end():]
            names, rule = [], ""
            if not pre:
                names, rule = _names(rest), "elided"
            elif si <= 1 and _PRONOUN.fullmatch(pre):
                names, rule = _names(rest), "pronoun"
            else:
                cop = _COPULA.fullmatch(pre)
                app = _APPOSITION.fullmatch(pre)
                if cop and is_form(cop.group(1)):
                    names, rule = _names(rest), "subject"
                elif app and is_form(app.group(1)):
                    region = _region(rest, app.group(2))
                    names, rule = (_names(region), "subject") if region is not None else ([], "")
                elif pre.endswith("("):
                    words = pre[:-1].split()
                    if any(is_form(" ".join(words[-k:])) for k in range(1, min(len(words), 8) + 1)):
                        region = _region(rest, "(")
                        names, rule = (_names(region), "parenthesis") if region is not None else ([], "")
            if not names:
                q = _QUOTED_AFTER.match(rest)
                if q and is_part(q.group(1)):
                    names, rule = [" ".join(q.group(1).split())], "quoted part"
            out += [(name, rule, sentence) for name in names]
    return out


def readings(glossary, tokenize, key_sequences) -> list[Reading]:
    """Every name the glossary's definitions give their concepts (`read_names`), in glossary order, each taken or
    not: not when the concept has it already (then not listed), when another concept has it as its own (or reads
    it from its definition too), or when the concept says `definition_names: false` (then not read).
    `tokenize(text)` -> token texts; `key_sequences(tokens)` -> the folded key sequences a form stands for
    (`audit.terms.glossary._form_key_sequences`)."""
    from audit.terms.forms import derived_forms

    def seqs(text: str) -> set[tuple[str, ...]]:
        return key_sequences(tokenize(text))

    # (a definition with no naming verb is not read further: most glossaries, the shipped one among them, have none)
    named = [ci for ci, c in enumerate(glossary.concepts)
             if c.definition_names and _TRIGGER.search(c.definition or c.plain)]
    if not named:
        return []
    owner: dict[tuple[str, ...], int] = {}
    for ci, c in enumerate(glossary.concepts):
        for f in c.forms:
            for s in seqs(f.term) if not f.case_sensitive else {tuple(tokenize(f.term))}:
                owner.setdefault(s, ci)
    found: list[tuple[int, str, str, str, set]] = []
    for ci in named:
        c = glossary.concepts[ci]
        own: set[tuple[str, ...]] = set()
        for f in c.forms:
            own |= seqs(f.term) | {tuple(tokenize(f.term))}
            own |= {s for text, _why, exact in derived_forms(f.term) if not exact for s in seqs(text)}
        words = [s for s in own if all(k.replace("-", "").isalnum() for k in s)]

        def is_form(text: str) -> bool:
            tokens = [t for t in tokenize(text) if t not in "()"]
            return bool(tokens) and not key_sequences(tokens).isdisjoint(own)

        def is_part(text: str) -> bool:
            for part in key_sequences(tokenize(text)):
                n = len(part)
                if any(n >= 2 and any(s[i:i + n] == part for i in range(len(s) - n + 1)) for s in words):
                    return True
            return False

        for name, rule, sentence in read_names(c.definition or c.plain, is_form, is_part):
            name_seqs = seqs(name)
            if not name_seqs or not name_seqs.isdisjoint(own):
                continue  # (a form the concept has already)
            found.append((ci, name, rule, sentence, name_seqs))
    by_name: dict[str, set[int]] = {}
    for ci, name, *_ in found:
        by_name.setdefault(name.casefold(), set()).add(ci)
    out, seen = [], set()
    for ci, name, rule, sentence, name_seqs in found:
        if (ci, name.casefold()) in seen:
            continue
        seen.add((ci, name.casefold()))
        others = sorted({owner[s] for s in name_seqs if owner.get(s, ci) != ci})
        if others:
            why = f"{glossary.concepts[others[0]].name!r} has it"
        elif len(by_name[name.casefold()]) > 1:
            why = "two definitions name it"
        else:
            why = ""
        out.append(Reading(ci, name, rule, sentence, not why, why))
    return out


def definition_names(glossary, tokenize, key_sequences):
    """The glossary with the names its definitions give their concepts (`readings`, those taken) added to their forms
    (`Form.reason` = `REASON`; case-sensitive as the concept is). A glossary whose definitions give none is returned
    as it is."""
    from dataclasses import replace

    from audit.terms.glossary_file import Form

    added: dict[int, list] = {}
    for r in readings(glossary, tokenize, key_sequences):
        if r.taken:
            added.setdefault(r.concept, []).append(Form(r.form, glossary.concepts[r.concept].case_sensitive, REASON))
    if not added:
        return glossary
    return replace(glossary, concepts=tuple(replace(c, forms=c.forms + tuple(added.get(ci, ())))
                                            for ci, c in enumerate(glossary.concepts)))


def check_lines(glossary, tokenize, key_sequences) -> list[str]:
    """`audit glossary check`'s lines on the names read from definitions: one per name, taken or not and why
    (`tokenize`, `key_sequences`: as for `readings`)."""
    out = []
    for r in readings(glossary, tokenize, key_sequences):
        name = glossary.concepts[r.concept].name
        if r.taken:
            out.append(f"{name!r} is also {r.form!r}: {REASON} ({r.sentence!r}); if it is not, say "
                       "`definition_names: false` on the concept (and list its right names as variants)")
        else:
            out.append(f"{name!r}: its definition names {r.form!r} ({r.sentence!r}), not taken: {r.why_not}"
                       + (" (if the two are one thing, merge them)" if r.why_not.endswith("has it") else ""))
    return out
