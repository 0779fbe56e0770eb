"""Adjective <-> noun derivations of a name's words, from WordNet (`audit/data/derivations-wordnet.tsv.gz`, built by
`benchmarks/terms/build_derivations.py`; WordNet 3.0 licence, Princeton University).

Editors write a concept's modifier as the noun or as its adjective ("chromosome abnormalities" / "chromosomal
abnormalities", "kidney failure" / "renal failure"), and a "<X> <noun>" name as "<X>-<adjective>" ("C9 deficiency" ->
"C9-deficient"). Every pair comes from WordNet's pertainym and derivation links, never from a list of a corpus's
strings; each derived form keeps its reason ("derivation") for the report.

An organ's adjective and its noun share no stem ("renal" / "kidney", "hepatic" / "liver", "cardiac" / "heart"):
`relational_adjectives` swaps them where WordNet links the two words AND the shipped disease vocabularies write one
for the other in the names of at least `MIN_SUPPORT` diseases (`audit/data/pertainyms-vocabulary.tsv`, built by
`benchmarks/terms/build_pertainyms.py`); reason `relational adjective`.

A clipped word and its full word are one word ("Cloud Native Apps" / "cloud native applications", "Influenza" /
"flu", "Lab Tests" -> "laboratory tests"): `clippings` writes a name's word as its partner in
`audit/data/clippings-wordnet.tsv` (built by `benchmarks/terms/build_clippings.py` from WordNet 3.0's synsets: an
unambiguous clipping only; "app", which WordNet lacks, by hand, cited); reason `clipping` (stop 32). A one-word
process name is also written as its verb, a name ending in a gerund as its participle (`word_family`, reason `word
family`: "containerized" for *Containerization*, "cross-signed" for *Cross Signing*); not a property's adjective
("scalable" for *Scalability*: an adjective alone names nothing).
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.parts import names_a_thing

TABLE = Path(__file__).resolve().parents[1] / "data" / "derivations-wordnet.tsv.gz"
MAX_PER_WORD = 3  # partners of one word at most ("muscular": muscle, muscularity)
RELATIONAL = Path(__file__).resolve().parents[1] / "data" / "pertainyms-vocabulary.tsv"
MIN_SUPPORT = 3  # diseases whose names a vocabulary writes both ways, at least (not one disease's list of names)
RELATIONAL_REASON = "relational adjective"
CLIPPINGS = Path(__file__).resolve().parents[1] / "data" / "clippings-wordnet.tsv"
CLIPPING = "clipping"


def _same_stem(adjective: str, noun: str) -> bool:
    """The two words share a stem of 4+ letters and differ by a suffix only (at most 5 letters of the adjective's,
    4 of the noun's): "chromosom|al" / "chromosom|e", "deficien|t" / "deficien|cy", "musc|ular" / "musc|le"; not
    "colo|rectal" / "colo|n" or "anti|tumor" / "tumor"."""
    k = 0
    while k < min(len(adjective), len(noun)) and adjective[k] == noun[k]:
        k += 1
    return k >= 4 and len(adjective) - k <= 5 and len(noun) - k <= 4


@lru_cache(maxsize=1)
def _pairs() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(adjective -> nouns, noun -> adjectives) of the same stem ("chromosomal" / "chromosome", "deficient" /
    "deficiency")."""
    to_noun: dict[str, list[str]] = {}
    to_adj: dict[str, list[str]] = {}
    for line in gzip.decompress(TABLE.read_bytes()).decode("utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        a, n = line.split("\t")
        if not _same_stem(a, n):
            continue  # a relation, not a derivation of the same stem ("renal" / "kidney", "colorectal" / "colon")
        to_noun.setdefault(a, []).append(n)
        to_adj.setdefault(n, []).append(a)
    return ({k: tuple(v[:MAX_PER_WORD]) for k, v in to_noun.items()},
            {k: tuple(v[:MAX_PER_WORD]) for k, v in to_adj.items()})


def derived_nouns(adjective: str) -> tuple[str, ...]:
    """The nouns of one stem WordNet derives `adjective` from, cased as it is ("pancreatic" -> ("pancreas",),
    "Testicular" -> ("Testicle", "Testis")); () for a word with none ("renal")."""
    return tuple(_case(n, adjective) for n in _pairs()[0].get(adjective.lower(), ()))


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and not word.endswith("ss") \
        else word


def _case(new: str, old: str) -> str:
    return new.capitalize() if old[:1].isupper() and old[1:].islower() else new


# (stop 40) an adjective's noun of quality: "blue" / "blueness", "agile" / "agility", "immune" / "immunity"
QUALITY_NOUN = re.compile(r"(?:ness|ity)$")


def derivations(term: str) -> list[tuple[str, str, bool]]:
    """Forms of a 2–3 word name (no stop word) with one word's adjective / noun partner: a modifier either way
    ("chromosomal abnormalities" <-> "chromosome abnormalities"), or the other adjective of its noun ending -ic /
    -ical ("hematologic" <-> "hematological"); the head noun of a two-word name as "<first>-<adjective>" and
    "<first> <adjective>" ("C9 deficiency" -> "C9-deficient"). (stop 40) Not a modifier as the noun of its quality
    (`QUALITY_NOUN`, "-ness", "-ity"): a modifier that says what a thing pertains to is the same as its noun
    ("chromosomal" / "chromosome"), one that says a quality of it is not ("agile software" is no "agility software";
    "Blueness Green Deployment", "Immunity deficiency" name nothing)."""
    words = term.split()
    if not 2 <= len(words) <= 3 or any(w.lower() in STOP_WORDS for w in words):
        return []  # (not a coordination, a clause or a long title: "Atrial Fibrillation and Stroke")
    to_noun, to_adj = _pairs()
    out = []
    for i, w in enumerate(words[:-1]):
        low = w.lower()
        if low in STOP_WORDS or not low.isalpha():
            continue
        siblings = tuple(a for n in to_noun.get(low, ()) for a in to_adj.get(n, ()) if a in (low + "al", low[:-2]))
        for new in to_noun.get(low, ()) + to_adj.get(low, ()) + siblings:  # ("hematologic" / "hematological")
            if new in to_noun.get(low, ()) and QUALITY_NOUN.search(new):
                continue  # (stop 40) "Blueness Green Deployment", "Agility Software Development"
            out.append((" ".join(words[:i] + [_case(new, w)] + words[i + 1:]), "derivation", False))
    head = _singular(words[-1].lower())
    if len(words) == 2 and words[0].lower() not in STOP_WORDS:
        for new in to_adj.get(head, ()):
            out += [(f"{words[0]}-{new}", "derivation", False), (f"{words[0]} {new}", "derivation", False)]
    return out


@lru_cache(maxsize=1)
def _relational() -> tuple[dict[str, str], frozenset[str]]:
    """({word: its partner} both ways: "renal" <-> "kidney"; the adjectives), the pairs of support `MIN_SUPPORT` or
    more."""
    partner: dict[str, str] = {}
    adjectives = []
    for line in RELATIONAL.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        a, n, k = line.split("\t")
        if int(k) >= MIN_SUPPORT:
            partner[a], partner[n] = n, a
            adjectives.append(a)
    return partner, frozenset(adjectives)


def has_relational_adjective(form: str) -> bool:
    """`form` has an adjective of the table ("renal failure"): such a form is derived no further (no "disease of the
    cardiac", no "Pulmonary's tumor")."""
    adjectives = _relational()[1]
    return any(w.lower() in adjectives for w in form.split())


def relational_adjectives(term: str) -> list[tuple[str, str, bool]]:
    """A modifier (any word before the name's last; the head keeps its word) written as its relational adjective or
    as the noun it relates to: "kidney failure" <-> "renal failure", "acute liver failure" -> "acute hepatic
    failure", "heart disease" -> "cardiac disease". One word a form; a name with a stop word before its last word is
    left alone ("failure of the kidney": "kidney" is no modifier there)."""
    words = term.split()
    if len(words) < 2 or any(w.casefold() in STOP_WORDS for w in words[:-1]):
        return []
    partner = _relational()[0]
    out = []
    for i, w in enumerate(words[:-1]):
        new = partner.get(w.lower())
        if new:
            out.append((" ".join(words[:i] + [_case(new, w)] + words[i + 1:]), RELATIONAL_REASON, False))
    return out


@lru_cache(maxsize=1)
def _clipping_pairs() -> dict[str, tuple[str, ...]]:
    """{word: its full or clipped partners}: the short word to the long ("app" -> ("application",)); the long word to
    the short only where the two have the same senses ("influenza" -> ("flu",); not "examination" -> "exam": a
    doctor's examination is no exam)."""
    out: dict[str, list[str]] = {}
    for line in CLIPPINGS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        short, long, ways = line.split("\t")[:3]
        out.setdefault(short, []).append(long)
        if ways == "both":
            out.setdefault(long, []).append(short)
    return {k: tuple(v) for k, v in out.items()}


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in tuple("aeiou") else \
        word + "es" if word.endswith(("s", "x", "z", "ch", "sh")) else word + "s"


def clippings(term: str) -> list[tuple[str, str, bool]]:
    """(stop 32) A word of the name written as the word it was clipped from, or as its clipping where the two mean the
    same (`_clipping_pairs`), one word a form: "Cloud Native Apps" -> "Cloud Native Applications", "Lab Tests" ->
    "Laboratory Tests", "Influenza" -> "Flu" (not "Laboratory Tests" -> "Lab Tests": a laboratory is also a place
    that resembles one); a plural stays plural ("Apps" -> "Applications"). Words joined by a hyphen are left
    alone."""
    pairs = _clipping_pairs()
    words = term.split()
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if not low.isalpha():
            continue
        partners, plural = pairs.get(low, ()), False
        if not partners and low.endswith("s"):  # a regular plural of a word of the table ("apps", "laboratories")
            stems = [st for st in (low[:-3] + "y", low[:-2], low[:-1]) if st in pairs and _plural(st) == low]
            partners, plural = (pairs[stems[0]], True) if stems else ((), False)
        for new in partners:
            new = _plural(new) if plural else new
            out.append((" ".join(words[:i] + [_case(new, w)] + words[i + 1:]), CLIPPING, False))
    return out


WORD_FAMILY = "word family"
_PROCESS = re.compile(r"(.{3,})i[sz]ation")  # ("containerization": "containerize")


def word_family(term: str) -> list[tuple[str, str, bool]]:
    """(stop 32) A one-word process name in "-ization" / "-isation" also written as its verb ("Containerization" ->
    "containerize", "containerized", "containerizing", the "-ise" spellings too); a two-word name ending in a gerund
    as its participle and third person, the verb from spaCy's lemma table ("Cross Signing" -> "Cross signed", "Cross
    signs"; the matcher folds hyphen and space: "cross-signed")."""
    words = term.split()
    if len(words) == 2 and words[1].lower().endswith("ing") and all(w.isalpha() for w in words):
        from audit.nlp import _lookup_table  # a gerund's verb: "Cross Signing" -> "cross-signed", "Self Healing" ->

        verb = _lookup_table().get(words[1].lower(), "")  # "self-heals"
        if isinstance(verb, str) and verb.isalpha() and verb != words[1].lower():
            done = verb + ("d" if verb.endswith("e") else "ed")
            return [(f"{words[0]} {v}", WORD_FAMILY, False) for v in (done, verb + "s")]
    if len(words) != 1 or not words[0].isalpha():
        return []
    low = words[0].lower()
    m = _PROCESS.fullmatch(low)
    endings = ("ize", "ized", "izing", "izes", "ise", "ised", "ising", "ises")
    return [(m.group(1) + e, WORD_FAMILY, False) for e in endings] if m else []


_DESIGNATOR = re.compile(r"(?:\d+[A-Za-z]?|[IVX]+[A-Da-d]?|[A-D])")  # "1B", "2", "IIA", "IV", "C"


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_SUBTYPES = "ABCD"


def _numeral(designator: str) -> str:
    """The same designator in the other numerals ("2" <-> "II", "1B" <-> "IB"), or "" (1-10 only)."""
    m = re.fullmatch(r"(\d+|[IVX]+)([A-Da-d]?)", designator)
    if not m:
        return ""
    num, sub = m.groups()
    if num.isdigit():
        return f"{_ROMAN[int(num) - 1]}{sub}" if 1 <= int(num) <= 10 else ""
    return f"{_ROMAN.index(num) + 1}{sub}" if num in _ROMAN else ""


def type_word(term: str) -> list[tuple[str, str, bool]]:
    """A name ending in a type designator with or without the word "type" ("achondrogenesis 1B" <-> "achondrogenesis
    type 1B", "von Willebrand disease type 3" -> "von Willebrand disease 3"): the same subtype either way; the
    designator in the other numerals ("type 2" <-> "type II") and before the name ("type 2 von Willebrand disease");
    there, a subtype letter after a bare number ("type IID von Willebrand disease": reason `subtype`, a mention of a
    subtype counted for its type). A name that starts with its designator, in the other numerals ("type 2 diabetes
    mellitus" <-> "type II diabetes mellitus", stop 17). A name ending in "type" and its designator also with a comma
    before them, as an index or a catalogue of disorders writes it (stop 39: GARD's "Human T-cell leukemia virus, type
    1" for *Human T-cell leukemia virus type 1*; the inverse of `comma dropped`)."""
    words = term.split()
    if len(words) >= 3 and words[0].casefold() == "type" and _numeral(words[1]):  # "type 2 diabetes mellitus" ->
        return [(" ".join(words[:1] + [_numeral(words[1])] + words[2:]), "type word", False)]  # "type II ..."
    if len(words) < 2 or not _DESIGNATOR.fullmatch(words[-1]):
        return []
    typed = len(words) >= 3 and words[-2].casefold() == "type"
    if not typed and not (words[-2].isalpha() and words[-2].casefold() not in STOP_WORDS and (
            len(words[-1]) > 1 or words[-1].isdigit() or (len(words) == 2 and not names_a_thing((words[0].lower(),))))):
        return []  # (not "Vitamin D": a letter after a word that names a thing; "Hemophilia B" is "type B hemophilia")
    rest, designator = words[:-2] if typed else words[:-1], words[-1]
    out = [(" ".join(rest + [designator] if typed else rest + ["type", designator]), "type word", False)]
    if typed and rest[-1].isalpha():  # (stop 39) as an index writes it: "Human T-cell leukemia virus, type 1"
        out.append((" ".join(rest) + ", type " + designator, "type word", False))
    other = _numeral(designator)
    if other:
        out.append((" ".join(words[:-1] + [other]), "type word", False))
    for d in filter(None, (designator, other)):
        out.append((" ".join(["type", d] + rest), "type word", False))
        if d[-1:].isalnum() and not d[-1:].isalpha() or d in _ROMAN:
            out += [(" ".join(["type", d + x] + rest), "subtype", False) for x in _SUBTYPES]
    return out


_NUMBER = re.compile(r"\d+|[IVX]+")


def code_forms(term: str) -> list[tuple[str, str, bool]]:
    """The code a name's modifier words are written as, before a generic head: the initials of the words and of
    their hyphen parts, numbers whole ("glucose-6-phosphate dehydrogenase deficiency" -> "G6PD deficiency",
    "cholesterol-ester transfer protein deficiency" -> "CETP deficiency"), and a modifier ending in a number as its
    first initial and the number ("complement component 9 deficiency" -> "C9 deficiency"); a name of two words whose
    first joins three or more by hyphens ("Wolff-Parkinson-White syndrome" -> "WPW syndrome"). A code of 3+ characters,
    or with a number; never from a name with a stop word ("disorder of the eye") or of capitalised and lower-case
    words after the first ("Gilles de la Tourette syndrome"; a title's first word in capitals is no eponym:
    "Glucose-6-phosphate dehydrogenase deficiency" -> "G6PD deficiency")."""
    from audit.terms.variants import GENERIC_HEADS

    words = term.split()
    chain = len(words) == 2 and words[0].count("-") >= 2  # eponyms joined: "Wolff-Parkinson-White syndrome" -> WPW
    if not (3 <= len(words) <= 6 or chain) or words[-1].casefold() not in GENERIC_HEADS \
            or any(w.casefold() in STOP_WORDS for w in words) or words[-2].casefold() in GENERIC_HEADS:
        return []
    if len({w[:1].isupper() for w in words[1:-1] if w[:1].isalpha()}) > 1:  # (a first word in sentence case)
        return []  # (an eponym with particles: "Gilles de la Tourette syndrome" is no "GDLT")
    parts = [p for w in words[:-1] for p in w.split("-") if p]
    if not all(p.isalpha() or _NUMBER.fullmatch(p) for p in parts) or not parts[0].isalpha():
        return []
    codes = ["".join(p if _NUMBER.fullmatch(p) else p[0].upper() for p in parts)]
    if _NUMBER.fullmatch(parts[-1]) and len(parts) >= 3:
        codes.append(parts[0][0].upper() + parts[-1])
    return [(f"{code} {words[-1]}", "code", False) for code in dict.fromkeys(codes)
            if len(code) >= 3 or any(ch.isdigit() for ch in code)]
