"""A name's modifier of two words or more alone, the glossary's only one (issue 19, point 2; stop 39).

Editors shorten a name made of a class noun and its modifier to the modifier once the class is clear: "tightly
coupled" for *Tightly Coupled Architecture*, "Modern eBPF" for *Modern eBPF Probe*, "loosely coupled systems" for
*Loosely Coupled Architecture*. The partial rule of `audit.terms.parts` makes such a
modifier only a weak part (a compound of 3+ words whose first word is not rare), counted where the page names the
concept in full — and the pages that shorten a name are nearly always another concept's page, which names it once,
by its short form (stop 32). Stop 32 also measured why a *single* everyday word of a name may not stand for it
alone ("application", "system", "trust": wrong more often than right). A modifier of two words or more that one
name of the glossary holds is another matter: the words together are as specific as the name, the issue's rule 2
("the part is unique to one concept in the glossary").

The part (`modifier_parts`): the name less its head — the last word of a name that is one compound (no function
word, no parenthesis; a hyphenated word one word: "event-driven") of three words or more — when

- the head is an everyday word (log-probability -13 or more in spaCy's table: `audit.terms.parts.RARE_LOGPROB`:
  "architecture", "probe"), the class the modifier narrows; a rare head ("hemiparesis") is itself the specific word
  (`audit.terms.rare_heads`), a generic head ("syndrome", "deficiency": `audit.terms.variants.GENERIC_HEADS`) has
  its own rules in `audit.terms.parts`, and a type code ("IA") is no head;
- the modifier is **no noun phrase of its own**: its last word is rare (`RARE_LOGPROB`: "Modern eBPF") or an
  adjective or participle by its ending (`audit.terms.parts.adjective_ending`: "tightly coupled", "self-signed"),
  or (stop 40) its two words are a compound adjective of WordNet that names no person or thing ("blue green" of
  *Blue Green Deployment*: "blue-green" is an adjective; "African-American" also a person: `compound_adjective`),
  and no noun of action ("-ment", "-tion", "-ing": `audit.terms.rare_heads.ACTION_NOUN`; "open enrollment" of
  *Open Enrollment Period*, whose "-ent" ending the adjective test reads). An everyday noun last makes the
  modifier a name of another thing: "weight loss" of *Weight Loss Surgery*, "medical device" of *Medical Device
  Safety*, "indoor air" of *Indoor Air Pollution*, "prescription drug" of *Prescription and Illicit Drug Abuse*
  (MedlinePlus and NIHSeniorHealth titles: 76 readings of a first version, nearly all wrong) — and so the
  CNCF editors' "blue-green" is not read (the ending test is a spelling's: "bare metal" passes by its "-al");
- the modifier starts with no qualifier (`audit.terms.parts.qualifiers`: "acute", "familial" say how a disease
  runs, and the qualified names have their own parts), names no thing by WordNet (`names_a_thing`: "spinal cord"
  of *spinal cord injury* is the organ), does not end in a relational adjective (the same table: "decreased
  cardiac" of *decreased cardiac output* needs a noun after it — "decreased cardiac fatty-acid oxidation", three
  wrong readings on `bc5cdr-dev` of a first version), has no body part in it (`audit.terms.organs.organ_words`:
  "male breast" of *male breast cancer* is the body) nor a type code ("type iv": a subtype's designator), and is
  no concept's full form and in no other concept's forms ("cloud native" of four names is no one's; "kernel module"
  is a concept of its own);
- the name writes no abbreviation of its own (`audit.terms.parts.abbreviated`, stop 33: "Python Package Index
  (PyPI)" is a proper name, and "Python package" a thing of its own).

Its hyphenated spelling is the same part: a compound modifier before a noun is written with hyphens ("tightly-coupled
services"; *The Chicago Manual of Style*, 17th ed., 7.81). Matched as a **partial
match** of its one concept (terms.csv's `how`: `partial: modifier: tightly coupled`), resolved per page as any part
of one concept (`audit.terms.part_matches.resolve_partials`); a full match inside it ("eBPF" in "Modern eBPF") is
kept as its `alt`, as for every part. The insertion and predicative variants (`audit.terms.variants`) do not read
these parts (`CompiledGlossary._add_derived`): a word inserted in a modifier is no name ("total allowed costs" is no
*Total Cost Estimate*).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from audit.terms.organs import organ_words
from audit.terms.part_tables import new_part
from audit.terms.parts import _CODE, RARE_LOGPROB, _compound_end, _qualifier, _units, abbreviated, adjective_ending, \
    distinctive, names_a_thing
from audit.terms.rare_heads import ACTION_NOUN
from audit.terms.variants import GENERIC_HEADS
from audit.terms.word_lists import word_set

MIN_WORDS = 2  # words of the modifier at least (a hyphenated compound counts its words): one word is stop 32's


def _modifier(seq: tuple[str, ...]) -> tuple[str, ...] | None:
    """The name less its head (keys, "-" a key of its own), when the name is one compound of three words or more
    whose head is an everyday word and whose modifier has `MIN_WORDS` words; else None."""
    units = _units(seq)
    if len(units) < 2 or _compound_end(units) < len(units) or len(units[-1]) != 1:
        return None
    head, modifier = units[-1][0], units[:-1]
    words = [k for u in modifier for k in u if k != "-"]
    if len(words) < MIN_WORDS or not head.isalpha() or head in GENERIC_HEADS or distinctive(head, RARE_LOGPROB) \
            or _qualifier(modifier[0]):
        return None
    part = tuple(k for u in modifier for k in u)
    last = words[-1]  # (rare, or an adjective or participle by its ending; no noun of action)
    specific = (distinctive(last, RARE_LOGPROB) or adjective_ending(last) or compound_adjective(words)) \
        and not ACTION_NOUN.search(last)
    if not specific or names_a_thing(part) or names_a_thing((last,)) \
            or any(_CODE.fullmatch(k) or k in organ_words() for k in words + [head]):
        return None
    return part


COMPOUND_ADJECTIVES = Path(__file__).resolve().parents[1] / "data" / "compound-adjectives-wordnet.txt"


@lru_cache(maxsize=1)
def compound_adjectives() -> frozenset[str]:
    return word_set(COMPOUND_ADJECTIVES)


def compound_adjective(words: list[str]) -> bool:
    """(stop 40) The modifier's two words are, joined by a hyphen, an adjective of WordNet that names no person or
    thing ("blue-green", "open-source", "long-term": `benchmarks/terms/build_compound_adjectives.py`): an adjective,
    no noun phrase of its own, though its last word is an everyday one without an adjective's ending ("green")."""
    return len(words) == 2 and "-".join(words) in compound_adjectives()


def hyphenated(part: tuple[str, ...]) -> tuple[str, ...]:
    """The part's words joined by hyphens ("blue green" -> "blue - green"; one already joined stays)."""
    out: list[str] = []
    for k in part:
        if out and k != "-" and out[-1] != "-":
            out.append("-")
        out.append(k)
    return tuple(out)


def modifier_parts(written: list[tuple[tuple[str, ...], int]], full: dict[tuple[str, ...], int]) \
        -> dict[tuple[str, ...], int]:
    """{part: its concept} of the glossary's names as written (`written`: [(key sequence, concept)]) whose modifier
    (`_modifier`) no other concept's forms (`written` and the full and derived forms `full`: {key sequence:
    concept}) hold, nor any concept has as a full form; each with its hyphenated spelling."""
    abbreviations = {ci for seq, ci in written if abbreviated(seq)}
    found: dict[tuple[str, ...], set[int]] = {}
    for seq, ci in written:
        part = _modifier(seq)
        if part is not None and ci not in abbreviations:
            found.setdefault(part, set()).add(ci)
    out: dict[tuple[str, ...], int] = {}
    plain = {p: tuple(k for k in p if k != "-") for p in found}
    holders: dict[tuple[str, ...], set[int]] = {p: set() for p in found}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for p, pw in plain.items():
        by_first.setdefault(pw[0], []).append(p)
    for seq, ci in list(written) + list(full.items()):
        words = tuple(k for k in seq if k != "-")
        for i, w in enumerate(words):
            for p in by_first.get(w, ()):
                if words[i:i + len(plain[p])] == plain[p]:
                    holders[p].add(ci)
    for part, cis in found.items():
        if len(cis) == 1 and holders[part] == cis and part not in full and plain[part] not in full:
            (ci,) = cis
            for p in (part, hyphenated(part), plain[part]):
                if p not in full:
                    out[p] = ci
    return out


def add_modifiers(written: list[tuple[tuple[str, ...], int]], full: dict[tuple[str, ...], int], index: dict,
                  concepts: list, weak: list, naming: list, core: list) -> frozenset[tuple[str, ...]]:
    """The modifiers of the names `written` (`modifier_parts`) added to the matcher's part tables
    (`audit.terms.parts.part_table`'s `index`, `concepts`, `weak`, `naming`, `core`, extended in place), each a
    part proper of its one concept: a weak part of that concept alone becomes one (it was counted only beside the
    full name), a part of other concepts stays theirs. Returns the parts added."""
    added = set()
    for part, ci in sorted(modifier_parts(written, full).items()):
        pi = index.get(part)
        if pi is not None and (concepts[pi] != (ci,) or not weak[pi]):
            continue
        index[part] = new_part(concepts, weak, naming, core, (ci,))
        added.add(part)
    return frozenset(added)
