"""The parts of a concept's multi-word forms that may stand for it: partial mentions (issue 19).

`partial_parts` gives the parts of a multi-word form that may stand for the whole ("grandfathered" for
"Grandfathered Health Plan", "vasculitis" for "Vasculitis Syndromes of …"): order-kept word subsets that keep
the name's first word when it is distinctive — rare in general English (spaCy's word-probability table), not a
stop word or a generic head ("disorder", "syndrome"). Never a subset without the first word: "injury" is a
broader concept than "facial nerve injury" — but where WordNet gives a two-word name's head alone as the same thing
("browser" of *Web Browser*: `audit.terms.head_parts`, stop 36). A part that names a thing, not a condition
(`names_a_thing`: "leukocyte" of *leukocyte disorder*, "X-linked" of *X-linked disease*, "thymus" of *thymus cancer*)
is a weak part: it counts only where the page also names the concept in full. A qualifier first ("hereditary", "familial":
`qualifiers`, stop 19) is no distinctive word: the name less its generic heads is a part that names the concept
(`naming_part`), the rest without its qualifiers a weak part, each with its coordination's spellings
(`coordinated_spellings`: "breast and ovarian cancer"), and the qualifier before a part of the rest is a part
("chronic hepatitis C" of *chronic hepatitis C virus infection*, stop 23). A word that names a disease by itself
(`disease_words`, stop 21) stands for itself and a generic head ("hypertensive" of *hypertensive disorder*; the name
is also written as its noun, "hypertension": `disease_nouns`, stop 26); a cause
first ("drug-induced") qualifies a name, and a class cause is named on a page by the cause itself
("levodopa-induced dyskinesias": `audit.terms.part_matches`); a class-caused core of a rare word is a part proper
("akathisia" of *drug-induced akathisia*, stop 23). A part that ends in a one-letter designator is also written at a
sentence's end and with the letter before its word ("hepatitis C.", "type B hepatitis": `designator_spellings`,
stop 24). A weak part that drops the head of a name written with its own abbreviation ("Python Package Index
(PyPI)", "High Deductible Health Plan (HDHP)") is no part (stop 33, `drops_head`, `abbreviated`): such a name is a
proper name, shortened to its abbreviation, and its words before the head name a thing of their own ("Python
packages", "a very high deductible"). Whether a part counts on a page is decided per page
(`audit.terms.part_matches.resolve_partials`); the matcher's tables are `part_table`, a block's partial matches
`audit.terms.part_matches.partial_matches`.
"""
from __future__ import annotations

import gzip
import itertools
import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.head_parts import head_part
from audit.terms.jargon import is_abbreviation
from audit.terms.variants import GENERIC_HEADS
from audit.terms.word_lists import word_set

ADJECTIVE_ENDING = re.compile(r"(?:al|ic|ive|ous|able|ible|ary|ory|ful|less|ed|ar|ant|ent|ile)$", re.I)
_CODE = re.compile(r"\d+[a-z]?|[ivx]+|[a-z]")  # a type designator after a name's first word ("B", "2", "ii")

# a part's first word must be rarer than this in general English (spaCy's lexeme_prob table: log-probability); a
# part of one word, rarer still ("grandfathered" -14.2, "vasculitis" -18.1; not "neurological" -13.5, "abnormal"
# -12.7, "affordable" -11.7)
RARE_LOGPROB = -13.0
RARE_LOGPROB_ONE_WORD = -14.0

WORD_PROBS = Path(__file__).resolve().parents[1] / "data" / "word-logprob-en.tsv.gz"
ARY_NOUNS = Path(__file__).resolve().parents[1] / "data" / "ary-nouns-wordnet.txt"


@lru_cache(maxsize=1)
def _ary_nouns() -> frozenset[str]:  # (`benchmarks/terms/build_ary_nouns.py`; empty without the list)
    return word_set(ARY_NOUNS)


def adjective_ending(key: str) -> bool:  # (stop 32) ends like "colorectal", "pulmonary"; no "-ary" noun ("canary")
    return bool(ADJECTIVE_ENDING.search(key)) and key not in _ary_nouns()


@lru_cache(maxsize=1)
def word_logprobs() -> dict[str, float]:
    """English word log-probabilities from spaCy's `lexeme_prob` table (spacy-lookups-data), the words of
    log-probability -15 or more (`benchmarks/terms/build_word_probs.py`; a word not listed is rarer)."""
    try:
        text = gzip.decompress(WORD_PROBS.read_bytes()).decode("utf-8")
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, prob = line.partition("\t")
            out[word] = float(prob)
    return out


def distinctive(key: str, threshold: float = RARE_LOGPROB) -> bool:
    """A word that can stand for a multi-word name: 4+ letters, not a stop word or a generic head, and rare in
    general English (log-probability below `threshold` in spaCy's table, or absent from it)."""
    if len(key) < 4 or key in STOP_WORDS or key in GENERIC_HEADS or not key.replace("-", "").isalpha():
        return False
    probs = word_logprobs()
    return bool(probs) and probs.get(key, -99.0) < threshold


def _units(keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words of a key sequence, a hyphenated compound as one unit ("out - of - pocket")."""
    units: list[list[str]] = []
    join = False
    for k in keys:
        if k == "-":
            join = bool(units)
            if units:
                units[-1].append(k)
            continue
        if join:
            units[-1].append(k)
        else:
            units.append([k])
        join = False
    return [tuple(u) for u in units]


def _unit_distinctive(unit: tuple[str, ...], threshold: float) -> bool:
    if len(unit) == 1:
        return distinctive(unit[0], threshold)
    # a hyphenated compound ("out-of-pocket", "pre-existing") is as distinctive as its rarest part
    return any(distinctive(k, threshold) for k in unit if k != "-") or word_logprobs().get("".join(unit), -99.0) < threshold


QUALIFIERS = Path(__file__).resolve().parents[1] / "data" / "qualifiers-vocabulary.tsv"
MIN_QUALIFIER_SUPPORT = 20  # names a vocabulary lists with and without the word in front, at least


@lru_cache(maxsize=1)
def qualifiers() -> frozenset[str]:
    """The first words the shipped vocabularies drop from a disease name in an exact synonym, in 20+ names
    ("hereditary", "familial", "congenital", "acute", "x-linked", ...: `benchmarks/terms/build_qualifiers.py`): they
    say how a disease arises or runs, not which disease it is. Empty without the table."""
    try:
        text = QUALIFIERS.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return frozenset(word for word, n in rows if int(n) >= MIN_QUALIFIER_SUPPORT)


QUALIFIER_SYNONYMS = Path(__file__).resolve().parents[1] / "data" / "qualifier-synonyms-wordnet.tsv"


@lru_cache(maxsize=1)
def _qualifier_synsets() -> dict[str, tuple[str, ...]]:
    """{word: the other words of its WordNet synset} of the synsets two of whose words are `qualifiers`."""
    try:
        text = QUALIFIER_SYNONYMS.read_text(encoding="utf-8")
    except OSError:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            group = line.split("\t")
            if len(qualifiers().intersection(group)) >= 2:
                for w in group:
                    out.setdefault(w, tuple(x for x in group if x != w))
    return out


def qualifier_synonyms(word: str) -> tuple[str, ...]:
    """The qualifiers a page may write for `word`: its WordNet synset's other words, for a synset two of whose words
    the vocabularies drop from 20+ names each ("hereditary" -> "familial", "genetic", "inherited", "transmissible",
    "transmitted"; not "congenital" -> "inborn": 8 names)."""
    return _qualifier_synsets().get(word, ())


DISEASE_WORDS = Path(__file__).resolve().parents[1] / "data" / "disease-words-vocabulary.tsv"


@lru_cache(maxsize=1)
def disease_words() -> frozenset[str]:
    """Words that name a disease by themselves (stop 21): one entry of the shipped vocabularies lists "<word>
    <generic head>" and either the one-word name of the word's stem ("hypertensive disorder" = "hypertension",
    "thrombotic disease" = "thrombosis": an adjective that names the disease, not a part of the body or a process
    such as "neuromuscular", "metabolic") or the word alone ("stroke disorder" = "stroke": a noun however common in
    English; `benchmarks/terms/build_disease_words.py`). Empty without the table."""
    try:
        text = DISEASE_WORDS.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def disease_nouns() -> dict[str, tuple[str, ...]]:
    """(stop 26) {adjective: the one-word disease names of its stem} of `disease_words`' adjectives ("hypertensive":
    "hypertension", "hypotensive": "hypotension", "neoplastic": "neoplasia", "neoplasm"): a name of the adjective
    and generic heads is also written as the noun (`audit.terms.forms._disease_noun`). Empty without the table."""
    try:
        text = DISEASE_WORDS.read_text(encoding="utf-8")
    except OSError:
        return {}
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, noun = line.partition("\t")
            if noun != word:
                out.setdefault(word, []).append(noun)
    return {k: tuple(v) for k, v in out.items()}


def _qualifier(unit: tuple[str, ...]) -> bool:
    """A qualifier (`qualifiers`), or a cause written before the disease ("drug-induced", "heparin-induced": stop 21):
    either says how a disease arises, not which disease it is."""
    return "".join(unit) in qualifiers() or (len(unit) >= 3 and unit[-2:] == ("-", "induced"))


# a cause named as a class ("*drug*-induced dyskinesia"): a page names the cause itself ("levodopa-induced
# dyskinesias", "psychosis induced by bromocriptine")
CAUSE_CLASSES = frozenset({"drug", "medication", "substance", "chemical", "chemically", "toxin"})


def _class_cause(unit: tuple[str, ...]) -> bool:
    return len(unit) == 3 and unit[1:] == ("-", "induced") and unit[0] in CAUSE_CLASSES


def _flat(units) -> tuple[str, ...]:
    return tuple(k for u in units for k in u)


THINGS = Path(__file__).resolve().parents[1] / "data" / "things-wordnet.tsv.gz"


@lru_cache(maxsize=1)
def _things() -> frozenset[str]:
    """WordNet's lemmas that name a thing, not a condition (`benchmarks/terms/build_things.py`: every sense a body
    part or cell, a substance, an organism, or a relational adjective); empty without the table."""
    return word_set(THINGS)


def names_a_thing(part: tuple[str, ...]) -> bool:
    """The part (folded keys, "-" a key of its own) names a thing or is a relational adjective, as WordNet has it:
    "leukocyte", "thymus", "spinal cord", "lipid", "ovarian", "x-linked" — not the condition a name made with it
    names ("leukocyte disorder", "X-linked disease")."""
    return " ".join(part).replace(" - ", "-") in _things()


def sentence_end(seq: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """(stop 24) A key sequence ending in a one-letter designator also as it ends a sentence: spaCy keeps a single
    letter and its full stop one token ("chronic hepatitis C." -> "C."), so "hepatitis c" is also "hepatitis c."."""
    last = seq[-1] if len(seq) >= 2 else ""
    return (seq[:-1] + (last + ".",),) if len(last) == 1 and last.isalpha() else ()


def designator_spellings(part: tuple[str, ...]) -> set[tuple[str, ...]]:
    """(stop 24) Other ways a part ending in a one-letter designator is written: at a sentence's end
    (`sentence_end`), and the letter before the word as a type ("type B hepatitis" for "hepatitis B" of *hepatitis B
    virus infection*) when the word names no thing ("vitamin D" is no "type D vitamin": `names_a_thing`)."""
    out = set(sentence_end(part))
    if out and len(part) == 2 and part[0].isalpha() and not names_a_thing(part[:1]):
        out.add(("type", part[1], part[0]))
    return out


def partial_parts(keys: tuple[str, ...], max_words: int = 6, weak: bool = False) -> set[tuple[str, ...]]:
    """The parts of a multi-word key sequence that may stand for it (`_parts`), a part that names a thing
    (`names_a_thing`, stop 17) among the weak ones: it counts only where the page names the concept in full."""
    strong = _parts(keys, max_words) | head_part(keys)  # (stop 36: "browser" of *Web Browser*, `head_parts`)
    if weak:
        return _parts(keys, max_words, weak=True) | {part for part in strong if names_a_thing(part)}
    return {part for part in strong if not names_a_thing(part)}


def _compound_end(units) -> int:
    """How many of a name's units (`_units`) make its compound: those before its first function word or symbol."""
    return next((i for i, u in enumerate(units)
                 if len(u) == 1 and (u[0] in STOP_WORDS or not u[0].replace("'", "").isalpha())), len(units))


def drops_head(part: tuple[str, ...], keys: tuple[str, ...]) -> bool:
    """(stop 33) The part leaves out the head of the name it is a part of (`keys`): its last word is not the last of
    the name's compound less its generic heads ("python package" of *Python Package Index*; not "catastrophic plan"
    of *Catastrophic Health Plan*, nor "breast ovarian cancer" of *… cancer syndrome*)."""
    units = _units(tuple(keys))
    units = units[:_compound_end(units)]
    return bool(units) and part[-1] != units[_without_heads(units) - 1][-1]


def abbreviated(keys: tuple[str, ...]) -> bool:
    """(stop 33) The name writes its own abbreviation in a parenthesis after the words it stands for ("python
    package index ( pypi )", "exclusive provider organization ( epo ) plan"; not "high risk pool plan ( state )")."""
    for i in range(1, len(keys) - 2):
        if keys[i] == "(" and keys[i + 2] == ")" and keys[i + 1].isalpha() \
                and is_abbreviation(keys[i + 1], " ".join(k for k in keys[:i] if k.isalpha())):
            return True
    return False


def _parts(keys: tuple[str, ...], max_words: int = 6, weak: bool = False) -> set[tuple[str, ...]]:
    """The parts of a multi-word key sequence that may stand for it. Only the compound before any function word
    counts ("vasculitis syndromes" of "vasculitis syndromes of the …"; nothing of "twitching of the face", whose
    first word is its head), when it has 2+ words (a hyphenated compound is one word): its order-kept word subsets
    that keep its first word (the most specific modifier: dropping it names a broader concept — "injury" is not
    "facial nerve injury"), that word being distinctive (`RARE_LOGPROB`; `RARE_LOGPROB_ONE_WORD` for a part of one
    word). `weak`: instead, the parts of 2+ words of a compound of 3+ words whose first word is not distinctive
    ("employer shared responsibility" of "Employer Shared Responsibility Payment"), and the hyphenated adjective of
    a name of it and generic heads ("obsessive-compulsive" of *obsessive-compulsive disorder*, stop 27): they count
    only where the page also names the concept in full (`part_matches.resolve_partials`); `part_table` leaves out
    those that drop the head of a name with its own abbreviation (stop 33). A "deficiency" stays (stop 16): "VLCAD",
    "complement components" of "VLCAD deficiency", "complement component 9 deficiency" name what is lacking, not the
    disorder."""
    units = _units(tuple(keys))
    n_all = len(units)
    cut = _compound_end(units)
    lack, units = units[-1:] == [("deficiency",)], units[:cut]  # (what is lacking: see above)
    n = len(units)
    if n < 2 or n > max_words or (lack and cut < n_all):
        return set()
    qualified = _qualifier(units[0])  # (stop 19: a qualifier is no distinctive first word)
    heads = _without_heads(units)  # (the name less its generic heads: units[:heads])
    # (stop 21) a word that names a disease by itself (`disease_words`) and the name's generic heads: the word alone
    # stands for the name ("hypertensive" of *hypertensive disorder*, "stroke" of *stroke disorder*)
    alone = heads == 1 and len(units[0]) == 1 and units[0][0] in disease_words()
    strong = not qualified and (alone or _unit_distinctive(units[0], RARE_LOGPROB))
    if weak:
        out: set[tuple[str, ...]] = set()
        if qualified:  # the core: the name less its leading qualifiers and its generic heads
            first = next((i for i in range(heads) if not _qualifier(units[i])), heads)
            core = units[first:heads]
            if len(core) >= 2 or (core and _unit_distinctive(core[0], RARE_LOGPROB_ONE_WORD)
                                  and not ADJECTIVE_ENDING.search(core[0][-1])):
                out.add(_flat(core))
        # (stop 27) a name of one hyphenated adjective and generic heads ("obsessive-compulsive disorder"): the
        # adjective with another head ("obsessive-compulsive symptoms") on a page that names the concept
        if heads == 1 and n >= 2 and len(units[0]) >= 3 and not qualified and ADJECTIVE_ENDING.search(units[0][-1]):
            out.add(units[0])
        if strong or n < 3 or units[0][0] in STOP_WORDS or units[0][0] in GENERIC_HEADS:
            return out
        return out | {units[0] + tuple(k for p in rest for k in units[p])
                      for r in range(1, n - 1) for rest in itertools.combinations(range(1, n), r)}
    if qualified:  # the name less its generic heads ("hereditary breast ovarian cancer"), the compound of a longer name
        out = {_flat(units[:heads])} if heads < n and not all(map(_qualifier, units[:heads])) else set()
        if n < n_all:
            out.add(_flat(units))
        # (stop 23) the qualifier before a part of the rest of the name: "chronic hepatitis C" of *chronic hepatitis C
        # virus infection* ("hepatitis C" of *hepatitis C virus infection*)
        out |= {units[0] + part for part in _parts(_flat(units[1:n]), max_words)}
        # (stop 23) a class cause's core that starts with a rare word ("akathisia" of *drug-induced akathisia*) is a
        # part proper, not only a weak core: the glossary's one concept of that disease ("stress-induced
        # dyskinesia", "tardive dyskinesia": another adjective first, still not: `part_matches.partial_matches`)
        core = units[1:heads]
        if _class_cause(units[0]) and core and _unit_distinctive(
                core[0], RARE_LOGPROB_ONE_WORD if len(core) == 1 else RARE_LOGPROB) \
                and not ADJECTIVE_ENDING.search(core[0][-1]):
            out.add(_flat(core))
        return out
    if not strong:
        # (stop 22) a name less only its generic heads that the vocabularies give as a disease's name by itself
        # (`disease_words`: "hearing loss" of *hearing loss disorder*, "cluster headache" of *… syndrome*; not "bone
        # marrow" of *bone marrow disorder*): a part however common its first word
        named = " ".join("".join(u) for u in units[:heads])
        return {_flat(units[:heads])} if 2 <= heads < n and named in disease_words() else set()
    # a part of one word: rarer still, not a derived adjective ("colorectal", "hemolytic", "infantile": an
    # adjective alone names nothing; "grandfathered" does), and the words it drops are not specific themselves
    # ("grandfathered [health plan]", "vasculitis [syndromes]"; not "microsatellite [instability]")
    # (stop 17) nor a hyphenated adjective ("drug-induced", "x-linked", "age-related": the ending of an adjective or
    # participle), and a code right after the first word stays ("hepatitis" is no mention of *hepatitis B virus
    # infection*)
    first = units[0]
    # (stop 19) a name less only its generic heads needs its first word no rarer than any part's: "migraine" of
    # *migraine disorder* (-13.3) — the vocabularies drop a trailing "syndrome", "disease", "disorder" from names
    one_word = ((alone or _unit_distinctive(first, RARE_LOGPROB if heads == 1 else RARE_LOGPROB_ONE_WORD))
                and not (len(first) == 1 and adjective_ending(first[0]) and not first[0].endswith("ed")
                         and not alone)
                and not (len(first) > 1 and ADJECTIVE_ENDING.search(first[-1]))
                and not any(_unit_distinctive(u, RARE_LOGPROB) for u in units[1:]))
    code = len(units[1]) == 1 and bool(_CODE.fullmatch(units[1][0]))
    out: set[tuple[str, ...]] = set()
    for r in range(0, n - 1):
        for rest in itertools.combinations(range(1, n), r):
            if (not rest and not one_word) or (lack and n - 1 not in rest) or (code and 1 not in rest):
                continue
            out.add(units[0] + tuple(k for p in rest for k in units[p]))
    if n < n_all:
        out.add(tuple(k for u in units for k in u))  # the compound itself ("vasculitis syndromes") of a longer name
    return out


_SEPARATORS = (("and",), ("or",), ("and/or",), ("/",), ("-",))


def coordinated_spellings(seq: tuple[str, ...], full: dict[tuple[str, ...], int], ci: int) -> set[tuple[str, ...]]:
    """A part's two modifiers side by side that each make another concept's form with the words after them, written
    as the coordination they are (stop 19): "breast ovarian cancer" (of *hereditary breast ovarian cancer syndrome*;
    "breast cancer" and "ovarian cancer" are forms of other concepts) -> "breast and ovarian cancer", "breast or
    ovarian cancer", "breast and/or ovarian cancer", "breast/ovarian cancer", "breast-ovarian cancer"."""
    out: set[tuple[str, ...]] = set()
    for i in range(len(seq) - 2):
        a, b, head = seq[i], seq[i + 1], seq[i + 2:]
        if not (a.isalpha() and b.isalpha()) or a in STOP_WORDS or b in STOP_WORDS:
            continue
        ca, cb = full.get((a,) + head, -1), full.get((b,) + head, -1)
        if ca < 0 or cb < 0 or ca == cb or ci in (ca, cb):
            continue
        out.update(seq[:i] + (a,) + sep + (b,) + head for sep in _SEPARATORS)
    return out


def _without_heads(units) -> int:
    """How many of a name's units are left without its trailing generic heads ("syndrome", "disease"; one unit at
    least): the name less them is `units[:_without_heads(units)]`."""
    heads = len(units)
    while heads > 1 and len(units[heads - 1]) == 1 and units[heads - 1][0] in GENERIC_HEADS:
        heads -= 1
    return heads


def naming_part(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """The part of a name that starts with a qualifier (`qualifiers`) that still names the concept: the name less
    its generic heads ("hereditary breast ovarian cancer" of *hereditary breast ovarian cancer syndrome*); None
    when there is none (no qualifier first, no generic head last, or only qualifiers left)."""
    units = _units(tuple(keys))
    if len(units) < 2 or not _qualifier(units[0]):
        return None
    heads = _without_heads(units)
    if heads == len(units) or all(map(_qualifier, units[:heads])):
        return None
    return _flat(units[:heads])


def core_part(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """The core of a name that starts with a qualifier: the name less its leading qualifiers and generic heads
    ("breast ovarian cancer" of *hereditary breast ovarian cancer syndrome*), when `_parts` makes it a weak part."""
    units = _units(tuple(keys))
    if len(units) < 2 or not _qualifier(units[0]):
        return None
    heads = _without_heads(units)
    first = next((i for i in range(heads) if not _qualifier(units[i])), heads)
    core = _flat(units[first:heads])
    return core if core and core in _parts(keys, weak=True) else None


def part_table(written: list[tuple[tuple[str, ...], int]], full: dict[tuple[str, ...], int], spellings=None):
    """({part: index into the concept tuples}, [concept tuples], [weak: bool per tuple]) of the parts of each form
    as written (`written`: [(key sequence, concept)]; not of its hyphen/space variants: "twitching of-the-face" is
    no compound), each with its coordinated spellings (`coordinated_spellings`). A part that is a full form of any
    concept (`full`: {key sequence: concept}) is not a part, nor (stop 33) a weak part that drops the head
    (`drops_head`) of a name written with its own abbreviation (`abbreviated`). A weak part (`partial_parts(...,
    weak=True)`) that is also a part proper is a part proper, of the concepts of both (resolved per page among
    them). Also
    ([naming: bool per tuple]): the tuple's parts are a `naming_part` (or it with its first word's
    `qualifier_synonyms`: parts proper too), so a page that writes one names the concept for its weak parts; and
    ([core: 0/1/2 per tuple]) they are a weak `core_part` (2: of a name whose cause is a class, "drug-induced": see
    `partial_matches`). `spellings(part)`: other key sequences the part is written as (stop 22: an eponym's
    possessive, "Fanconi's syndrome" of *Fanconi renotubular syndrome*), parts of the same concepts."""
    parts: dict[tuple[str, ...], set[int]] = {}
    weak: dict[tuple[str, ...], set[int]] = {}
    naming: set[tuple[str, ...]] = set()
    cores: set[tuple[str, ...]] = set()
    caused: set[tuple[str, ...]] = set()  # (stop 21) the cores of names whose cause is a class ("drug-induced")
    abbreviated_names = {ci for seq, ci in written if abbreviated(seq)}  # (stop 33)
    for seq, ci in written:
        if len(seq) >= 2 and full.get(seq) == ci:
            core = core_part(seq)
            if core is not None:
                cores.update({core} | coordinated_spellings(core, full, ci))
                if _class_cause(_units(seq)[0]):
                    caused.add(core)
            named = naming_part(seq)
            if named is not None:  # (with its qualifier's synonyms: "inherited breast/ovarian cancer")
                q = len(_units(named)[0])
                for word in (named[:q],) + tuple((w,) for w in qualifier_synonyms("".join(named[:q]))):
                    names = {word + named[q:]} | coordinated_spellings(word + named[q:], full, ci)
                    naming.update(names)
                    if word != named[:q]:
                        for x in names:
                            parts.setdefault(x, set()).add(ci)
            for table, is_weak in ((parts, False), (weak, True)):
                for part in partial_parts(seq, weak=is_weak):
                    if is_weak and ci in abbreviated_names and drops_head(part, seq):
                        continue  # (stop 33: "python package" of *Python Package Index (PyPI)*)
                    extra = spellings(part) if spellings else set()
                    for p in {part} | coordinated_spellings(part, full, ci) | extra:
                        table.setdefault(p, set()).add(ci)
    for part, cis in parts.items():
        cis.update(weak.get(part, ()))
    table: dict[tuple[tuple[int, ...], bool, bool, int], int] = {}
    concepts: list[tuple[int, ...]] = []
    flags: list[tuple[bool, bool, int]] = []
    index: dict[tuple[str, ...], int] = {}
    for is_weak, source in ((False, parts), (True, weak)):
        for part, cis in sorted(source.items()):
            if part in full or part in index:
                continue
            cs = tuple(sorted(cis))
            core = (2 if part in caused else 1) if part in cores and (is_weak or part in caused) else 0
            key = (cs, is_weak, part in naming and not is_weak, core)
            if key not in table:
                table[key] = len(concepts)
                concepts.append(cs)
                flags.append(key[1:])
            index[part] = table[key]
    weak_flags, naming_flags, core_flags = ([f[i] for f in flags] for i in range(3))
    return index, concepts, weak_flags, naming_flags, core_flags  # (core: 0 no, 1 a core, 2 a class-caused core)
