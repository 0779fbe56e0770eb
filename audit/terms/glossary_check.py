"""`audit glossary check`: concepts of one glossary that the matcher's rules read as one thing (stop 28, issue 19).

A form the matcher derives from one concept's name ("coronary artery disorder" from *coronary artery disease*: the
generic heads "disease" and "disorder" are interchangeable in disease names, `audit.terms.forms`) that is another
concept's own name or variant is refused (a derived form never takes another concept's own words), so each of the two
concepts is counted only where the page writes its own words — which of the two a writer picks is chance, and the
audit splits one thing's mentions between two concepts. The check names every such pair with the rule that joins
them, so the user can merge them (one concept, the other name a `variants:` entry) or say why both stay.

    overlaps(glossary, nlp) -> [Overlap(concept, other, form, reason)]
"""
from __future__ import annotations

from dataclasses import dataclass

# the derivations that say "the same thing, other words" (`audit.terms.forms`, `.derivation`, `.heads`); the others
# (a qualifier, a parenthesis or a comma's tail dropped, a slash alternative, a coordination, a code) can name
# something broader or another thing, where two concepts are expected
SAME_THING = ("generic head", "redundant head", "head synonym", "relational adjective", "organ's disorder",
              "spelling", "joined spelling", "possessive", "word order", "agent after with", "singular", "derivation",
              "type word", "clipping", "specifier dropped", "one-word name")


@dataclass(frozen=True)
class Overlap:
    concept: str  # the concept whose name derives the form
    other: str  # the concept that lists the form as its own
    form: str  # the derived form, as derived
    reason: str  # the derivation's reason ("generic head")

    def line(self) -> str:
        return (f"{self.concept!r} and {self.other!r} look like one concept: {self.concept!r} written with a "
                f"{self.reason} is {self.form!r}, which {self.other!r} lists as its own, so the matcher counts "
                f"each only where a page writes its own words; merge them (one name a variant of the other) or "
                f"keep one")


def _same_thing(reason: str) -> bool:
    return all(any(step.startswith(s) for s in SAME_THING) for step in reason.split(" + "))


def overlaps(glossary, nlp) -> list[Overlap]:
    """Every pair (concept, other) where a form derived from the concept's name by rules that keep the meaning
    (`SAME_THING`) is the other concept's own name or variant, in glossary order, one line a pair."""
    from audit.terms.forms import derived_forms
    from audit.terms.glossary import _form_key_sequences

    def seqs(text: str) -> set[tuple[str, ...]]:
        return _form_key_sequences([t.text for t in nlp.make_doc(text) if not t.is_space])

    owner: dict[tuple[str, ...], int] = {}
    for ci, c in enumerate(glossary.concepts):
        for f in c.forms:
            if not f.case_sensitive:
                for s in seqs(f.term):
                    owner.setdefault(s, ci)
    found: dict[tuple[int, int], Overlap] = {}
    for ci, c in enumerate(glossary.concepts):
        if c.case_sensitive:
            continue
        for text, reason, exact in derived_forms(c.name):
            if exact or not _same_thing(reason):
                continue
            for s in seqs(text):
                oi = owner.get(s, ci)
                pair = (min(ci, oi), max(ci, oi))
                if oi != ci and pair not in found:
                    found[pair] = Overlap(c.name, glossary.concepts[oi].name, text, reason)
    return [found[k] for k in sorted(found)]
