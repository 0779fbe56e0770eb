"""A disorder of an organ or system, written with a word for that organ's disorder (issue 19; `organ's disorder`).

"kidney disorder" is also written "kidney dysfunction", "renal damage", "cardiovascular toxicity", "renal
impairment" (not "injury": "kidney injury" is a narrower disease of its own), and, as patient pages say it, "kidney
problems" (stop 24; the plural head too since stop 31: "Kidney Diseases"). The words before the head must name the
organ or system:

- a thing by every sense WordNet gives it (`audit.terms.parts.names_a_thing`: "kidney", "cardiovascular", "central
  nervous system"), or
- (stop 34) one word whose **first** noun sense in WordNet — its commonest — is a body part (`organ_words`,
  `audit/data/organs-wordnet.txt`, `benchmarks/terms/build_things.py`): "breast", "elbow", "foot", "hand", "jaw",
  "neck", "shoulder", "stomach", "throat", "nail" have other senses too (a verb, a pipe's elbow, a unit of length),
  so the thing test leaves them out, but a title "Stomach Disorders" or "Elbow Injuries and Disorders" names the
  body part: MedlinePlus's pages about them say "stomach problems", "elbow problems" — so such a word takes
  "problems" only, the patient pages' word (measured: with every word above, BC5CDR's abstracts read "liver
  toxicity", "hepatic damage" as *liver disorder* 13 times, 2 right by the set's ids: its annotators give them
  drug-induced liver injury). Not "heel" (first sense: a shoe's), "cell", "system".

Such a form makes no part (`audit.terms.forms.NO_PARTS`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from audit.terms.parts import names_a_thing
from audit.terms.word_lists import word_set

ORGANS = Path(__file__).resolve().parents[1] / "data" / "organs-wordnet.txt"
ORGAN_REASON = "organ's disorder"
PATIENT_HEADS = ("problems", "trouble")  # the patient pages' words ("kidney problems", "heart trouble"; stop 35)
_ORGAN_HEADS = ("dysfunction", "damage", "toxicity", "impairment") + PATIENT_HEADS
_DISORDER_HEADS = ("disorder", "disease", "disorders", "diseases")


@lru_cache(maxsize=1)
def organ_words() -> frozenset[str]:
    """WordNet's one-word lemmas whose first noun sense is a body part (`noun.body`); empty without the table."""
    return word_set(ORGANS)


def organ_head(term: str) -> list[tuple[str, str, bool]]:
    """(form, `ORGAN_REASON`, False) for "<organ> disorder(s)" / "<organ> disease(s)" (module docstring): every
    word for the organ's disorder after a thing, "problems" only after a body part by its first sense."""
    words = term.split()
    if len(words) < 2 or words[-1].casefold() not in _DISORDER_HEADS:
        return []
    organ = tuple(w.casefold() for w in words[:-1])
    heads = _ORGAN_HEADS if names_a_thing(organ) else PATIENT_HEADS if len(organ) == 1 and organ[0] in organ_words() \
        else ()
    return [(" ".join(words[:-1] + [h]), ORGAN_REASON, False) for h in heads]
