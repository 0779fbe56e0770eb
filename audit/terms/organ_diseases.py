"""An organ's disease named with one word of combining forms or with the organ's word: "diabetic kidney disease" =
"diabetic nephropathy", "brain disorder" = "encephalopathy" (stop 40, issue 19).

Medicine names an organ's disease in two ways: Greek combining forms in one word (*nephros*, kidney, + *-pathy*,
disease: "nephropathy"; *enkephalos*, brain: "encephalopathy"; *kardia*, heart: "cardiopathy") or the organ's word
and a generic head ("kidney disease", "renal disorder"). BC5CDR's abstracts write "diabetic nephropathy" ten times
for the glossary's *diabetic kidney disease* (Mondo's label). Which words are so paired is never a hand list:
`audit/data/organ-disease-names-wordnet.tsv` (built by `benchmarks/terms/build_organ_disease_names.py`) holds the
pairs WordNet 3.0 puts in one disease synset (noun.state), the one word a noun of that synset only and the two words a
body part's word and "disease" / "disorder" ({kidney disease, renal disorder, nephropathy, nephrosis}: "nephropathy"
with "kidney disease" and "renal disorder"; not "nephrosis", a noun of two synsets).

`organ_disease_names` writes a name ending in the two words with the one word, and a name ending in the one word
with the two words ("chronic kidney diseases" -> "chronic nephropathy" too: the table's heads are singular), reason
`one-word name`; such a form is derived no further and makes no part (`audit.terms.forms.NO_PARTS`), and a form
another concept owns is not used (`audit.terms.glossary.CompiledGlossary`). Not after a stop word ("disease of the
kidney" is `word order`'s).
Only with a modifier the name keeps before them ("diabetic", "toxic"): the one word alone is the head of its
subtypes' own names, "IgA nephropathy", "chronic allograft nephropathy", "Wernicke's encephalopathy", which a bare
"nephropathy" form of *kidney disorder* read as the broad class (a first version: 5 wrong "Wernicke's encephalopathy"
on `bc5cdr-dev` beside 14 right bare readings, 2 wrong on `bc5cdr-sample` beside 9 right; stop 40). From the
glossary's own names only, not from a vocabulary's synonyms it accepts (`audit.terms.form_sequences`): a vocabulary
lists the one-word names it means ("nephropathy" of the Disease Ontology's *kidney disease*), and one it does not
list for an entry ("chronic nephropathy" of Mondo's *chronic kidney disease*) is no name of that entry's.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

TABLE = Path(__file__).resolve().parents[1] / "data" / "organ-disease-names-wordnet.tsv"
REASON = "one-word name"


@lru_cache(maxsize=1)
def _pairs() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(one word -> its two-word names, two words -> their one-word names) of the table; empty without it."""
    try:
        text = TABLE.read_text(encoding="utf-8")
    except OSError:
        return {}, {}
    ones: dict[str, list[str]] = {}
    twos: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            one, two = line.split("\t")
            ones.setdefault(one, []).append(two)
            twos.setdefault(two, []).append(one)
    return {k: tuple(v) for k, v in ones.items()}, {k: tuple(v) for k, v in twos.items()}


def _case(new: str, old: str) -> str:
    return new.capitalize() if old[:1].isupper() else new


def organ_disease_names(term: str) -> list[tuple[str, str, bool]]:
    """"diabetic kidney disease" -> "diabetic nephropathy", "Chronic Kidney Diseases" -> "Chronic Nephropathy", "toxic
    encephalopathy" -> "toxic brain disease", "toxic brain disorder"; not "kidney disorder" -> "nephropathy"."""
    words = term.split()
    if len(words) < 2 or any(w.casefold() in STOP_WORDS for w in words[-2:]):
        return []  # (a name of its head alone: see the module's docstring)
    ones, twos = _pairs()
    last = words[-1].casefold()
    out = [(" ".join(words[:-1] + [_case(t.split()[0], words[-1]), t.split()[1]]), REASON, False)
           for t in ones.get(last, ())]
    if len(words) >= 3:
        head = last[:-1] if last.endswith("s") and last[:-1] in ("disease", "disorder") else last
        for one in twos.get(f"{words[-2].casefold()} {head}", ()):
            out.append((" ".join(words[:-2] + [_case(one, words[-2])]), REASON, False))
    return out
