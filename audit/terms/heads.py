"""Head-noun synonyms of a disease name, as the open vocabularies list them (issue 19).

Pages name one disease with different head nouns: a glossary's "breast neoplasm" is written "breast cancer" or
"breast tumor". Which heads are interchangeable is never a hand list: `audit/data/heads-vocabulary.tsv` (built by
`benchmarks/terms/build_heads.py` from the shipped synonym tables: Mondo, the Disease Ontology, MedQuAD) counts, per
pair of heads, the distinct names whose two spellings with these heads one vocabulary entry lists as exact synonyms
("breast neoplasm" = "breast tumor", "malignant heart neoplasm" = "malignant heart tumor", ...). A pair counts when
at least `MIN_SUPPORT` names support it (tumor = neoplasm: 270; cancer = carcinoma: 56), so a head that one
vocabulary happens to pair once ("angioma" / "hemangioma": 9) is not taken. A head may be two words (stop 17: the
vocabularies list "infection" / "infectious disease" under 20 names: "bacterial infection" = "bacterial infectious
disease").

Only specific heads are swapped, for specific heads: a generic head ("disease", "syndrome":
`audit.terms.variants.GENERIC_HEADS`) carries a distinction the vocabularies' eponyms hide ("Cushing disease" is one
cause of "Cushing syndrome", "Parkinson syndrome" is not Parkinson's disease; "Kniest syndrome" is "Kniest
dysplasia" but "Down syndrome" is no dysplasia), so "disease" / "disorder" stays `audit.terms.forms`' one generic
swap. A name's head is swapped twice at most ("breast neoplasm" -> "breast cancer" -> "breast carcinoma": the
vocabularies pair neoplasm / cancer 60 times, cancer / carcinoma 56, neoplasm / carcinoma directly only 9), only in
a name of 2+ words whose word before the head is no stop word or generic head; each derived form keeps its reason
("head synonym") for terms.csv's `how`, and a form another concept owns is never taken
(`audit.terms.glossary.CompiledGlossary`).

The same table also holds pairs where one head is the other with a word after it: "diabetes" / "diabetes mellitus"
(11 names: "type 2 diabetes" = "type 2 diabetes mellitus", "gestational diabetes" = "gestational diabetes mellitus",
...), "thyroid" / "thyroid gland" (11), "cervix" / "cervix uterus" (9), "pituitary" / "pituitary gland" (6). There the
vocabularies drop a trailing specifier — a Latin epithet ("mellitus", "uteri") or an organ's class noun ("gland") —
and keep the same thing (stop 39, issue 19): `dropped_word` writes a name with that word left out, wherever the two
words stand in it ("diabetes mellitus" -> "diabetes", "type 2 diabetes mellitus" -> "type 2 diabetes", "thyroid
gland disorder" -> "thyroid disorder"), reason "specifier dropped". Not a dropped generic head ("cancer" /
"cancer syndrome", "deficiency" / "deficiency disease": the generic heads carry the distinctions above) nor a dropped
qualifier (`audit.terms.parts.qualifiers`: "neoplasm" / "neoplasm malignant"; the leading qualifiers stay parts), and
only pairs of `MIN_DROP_SUPPORT` names: a drop leaves a form of the name's own words (no word is put in), so a
vocabulary's habit seen in five names or more is taken, where a head swap (another word) needs twenty. A word such pairs
never drop stays: "insipidus" ("diabetes insipidus" is never "diabetes" in the vocabularies), "pectoris"
("angina" / "angina pectoris": fewer than five names). Such a form makes no part (`audit.terms.forms.NO_PARTS`): its
parts are the name's. Nor in a name that coordinates ("and", "or", a comma, a slash: it lists several things, and
a coordination's side is derived from it): "diabetes mellitus" of *Muscular atrophy ataxia retinitis pigmentosa and
diabetes mellitus* is one feature the syndrome's name lists, and "diabetes" alone read as the syndrome took three
GARD pages about other disorders (stop 39). The two names are one thing, so `audit glossary check` warns a glossary
that holds both (`audit.terms.glossary_check.SAME_THING`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

TABLE = Path(__file__).resolve().parents[1] / "data" / "heads-vocabulary.tsv"
MIN_SUPPORT = 20  # names a vocabulary lists under both heads, at least
REASON = "head synonym"
MIN_DROP_SUPPORT = 5  # names a vocabulary lists with and without a head's trailing word, at least (the table's floor)
DROP_REASON = "specifier dropped"
_COORDINATING = frozenset({"and", "or", "&", "and/or", "nor"})


@lru_cache(maxsize=1)
def head_partners() -> dict[str, tuple[str, ...]]:
    """{head: the heads interchangeable with it} (both ways), from the shipped table; {} without it."""
    return pairs_both_ways(TABLE, lambda row: int(row[2]) >= MIN_SUPPORT)


def pairs_both_ways(path: Path, keep=lambda row: True) -> dict[str, tuple[str, ...]]:
    """{word: its partners} from a shipped table of pairs (tab-separated rows: a, b, any more columns; "#" lines are
    comments) whose rows `keep` accepts, each pair both ways; {} without the table (also `audit.terms.doublets`')."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        row = line.split("\t")
        if keep(row):
            out.setdefault(row[0], []).append(row[1])
            out.setdefault(row[1], []).append(row[0])
    return {k: tuple(v) for k, v in out.items()}


def _singular(word: str, before: str = "") -> str:
    """The table's key of a head ("tumours" -> "tumour", "neoplasms" -> "neoplasm", "carcinomata" stays); `before`:
    the first word of a two-word head ("infectious" of "infectious diseases" -> "infectious disease")."""
    partners = head_partners()
    for cut, add in ((0, ""), (1, ""), (2, ""), (3, "y")):
        key = word[:-cut] + add if cut else word
        if f"{before} {key}".lstrip() in partners and (not cut or word.endswith(("s", "es", "ies")[cut - 1])):
            return key
    return word


def head_synonyms(term: str) -> list[tuple[str, str, bool]]:
    """"breast neoplasm" -> "breast tumor", "breast cancer" (the heads the vocabularies interchange with its head);
    a head of two words first ("bacterial infectious disease" -> "bacterial infection", and back)."""
    from audit.terms.variants import GENERIC_HEADS

    words = term.split()
    if len(words) < 2 or not words[-1].isalpha():
        return []
    partners = head_partners()
    n = 1
    if len(words) >= 3 and words[-2].isalpha():  # a two-word head the table lists ("infectious disease")
        two = f"{words[-2].lower()} {_singular(words[-1].lower(), words[-2].lower())}"
        n = 2 if two in partners else 1
    before = words[-1 - n].casefold()
    if before in STOP_WORDS or before in GENERIC_HEADS or not any(ch.isalnum() for ch in before):
        return []
    head = two if n == 2 else _singular(words[-1].lower())
    if head in GENERIC_HEADS:  # ("Cushing disease" is one cause of "Cushing syndrome": `_generic_head` swaps
        return []              # disease / disorder only)
    cap = words[-1][:1].isupper()
    return [(" ".join(words[:-n] + [w.capitalize() if cap else w for w in p.split()]), REASON, False)
            for p in partners.get(head, ()) if p not in GENERIC_HEADS]


@lru_cache(maxsize=1)
def dropped_words() -> dict[str, frozenset[str]]:
    """{word: the words the vocabularies drop after it} from the table's pairs "X" / "X Y" of `MIN_DROP_SUPPORT`
    names or more, Y neither a generic head nor a qualifier ({"diabetes": {"mellitus"}, "thyroid": {"gland"}, ...})."""
    from audit.terms.parts import qualifiers
    from audit.terms.variants import GENERIC_HEADS

    out: dict[str, set[str]] = {}
    for head, partners in pairs_both_ways(TABLE, lambda row: int(row[2]) >= MIN_DROP_SUPPORT).items():
        for p in partners:
            rest = p.split()
            if len(rest) == 2 and rest[0] == head and rest[1].isalpha() and rest[1] not in GENERIC_HEADS \
                    and rest[1] not in qualifiers():
                out.setdefault(head, set()).add(rest[1])
    return {k: frozenset(v) for k, v in out.items()}


def dropped_word(term: str) -> list[tuple[str, str, bool]]:
    """"type 2 diabetes mellitus" -> "type 2 diabetes", "thyroid gland disorder" -> "thyroid disorder": a word the
    vocabularies drop after the word before it (`dropped_words`), left out; one form per such pair in the name."""
    words = term.split()
    if any(w.casefold() in _COORDINATING or "," in w or "/" in w for w in words):
        return []  # (a name that lists several things: see the module's docstring)
    drops = dropped_words()
    return [(" ".join(words[:i + 1] + words[i + 2:]), DROP_REASON, False)
            for i in range(len(words) - 1)
            if words[i + 1].casefold() in drops.get(words[i].casefold(), ())]
