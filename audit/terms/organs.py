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

(stop 40) An organ's relational adjective before the head ("Pancreatic Diseases", "Ovarian Disorders", "Tracheal
Disorders") also stands for the patients' words with the noun it relates to ("pancreas problems", and by `word order`
"problems with the pancreas": MedlinePlus's pages on those titles say "Problems with the pancreas can lead to",
"Problems with the ovaries include", "Problems with the trachea include"). The noun is the adjective's WordNet
derivation of one stem (`audit.terms.derivation.derived_nouns`: "pancreatic" / "pancreas", "ovarian" / "ovary", not
"renal" / "kidney", which `relational adjective` reads where the vocabularies support it) and a thing or a body part
by the tests above; "problems" and "trouble" only, as for a body part by its first sense.

Such a form makes no part (`audit.terms.forms.NO_PARTS`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from audit.terms.derivation import derived_nouns
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
    word for the organ's disorder after a thing, "problems" only after a body part by its first sense; an organ's
    adjective also as its noun with "problems" / "trouble" (stop 40)."""
    words = term.split()
    if len(words) < 2 or words[-1].casefold() not in _DISORDER_HEADS:
        return []
    organ = tuple(w.casefold() for w in words[:-1])
    heads = _ORGAN_HEADS if names_a_thing(organ) else PATIENT_HEADS if len(organ) == 1 and organ[0] in organ_words() \
        else ()
    out = [(" ".join(words[:-1] + [h]), ORGAN_REASON, False) for h in heads]
    if len(organ) == 1:  # (stop 40) "Pancreatic Diseases" -> "pancreas problems" (module docstring)
        out += [(f"{noun} {h}", ORGAN_REASON, False) for noun in derived_nouns(words[0])
                if names_a_thing((noun.casefold(),)) or noun.casefold() in organ_words() for h in PATIENT_HEADS]
    return out
