"""An infection named by its agent: the microorganism alone stands for *<Agent> Infection(s)* (issue 19; stop 40).

Medicine names an infection after what causes it, and a page about one writes the agent more than the name: the
MedlinePlus page *Salmonella Infections* says "Salmonella is the name of a group of bacteria … If Salmonella gets
into the bloodstream, it can be serious"; *Staphylococcal Infections* says "Staph is short for Staphylococcus … staph
infections"; *Listeria Infections* says "Listeriosis is a foodborne illness caused by Listeria". The rules of
`audit.terms.parts` make such an agent only a weak part (it names a thing, an organism: `names_a_thing`), counted
where the page also names the concept in full — which such pages never do. Here a name of two words, a modifier and
the head "infection(s)", whose modifier is a microorganism or its adjective (the noun of one stem WordNet derives it
from: "staphylococcal" -> "staphylococcus": `audit.terms.derivation.derived_nouns`) takes as a part proper of its
one concept:

- the agent's noun ("salmonella", "staphylococcus", "cytomegalovirus");
- its clipped name where WordNet's synset gives one (`audit.terms.derivation.clippings`: "staph", "strep");
- the disease noun medicine forms from the genus with "-osis" / "-iasis", where WordNet has it ("listeriosis",
  "salmonellosis", "giardiasis").

"Microorganism" is WordNet's: a lemma whose first noun sense is a hyponym of `microorganism`
that is no class of another listed (`audit/data/microbes-wordnet.tsv`, 163 lemmas, 10 with a disease noun, built by
`benchmarks/terms/build_microbes.py` from Debian's wordnet-base), not a list of any site's titles: "bacteria",
"virus" name a kind of agents, and *Bacterial Infections* is no one infection. Not an organ's infection ("Kidney Infection",
"Ear Infections": a body part is no agent) nor a name of more words ("Group B Strep Infection" has its own parts). A
part no other concept's forms hold, nor any concept has as a full form, as `audit.terms.modifier_parts`' parts.
Matched as a **partial match** (terms.csv's `how`: `partial: agent: salmonella`), resolved per page as any part of
one concept (`audit.terms.part_matches.resolve_partials`). Not before a species' epithet (`species_named`: a lower-case
word rare in English after the genus): "Streptococcus pneumoniae", "Staphylococcus aureus" name the organism, as a
list of pathogens does ("The most common pathogens were Haemophilus influenzae, Streptococcus pneumoniae, …", a
BC5CDR abstract whose annotators mark no infection there), not the infection.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from audit.terms.derivation import clippings, derived_nouns
from audit.terms.keys import token_key
from audit.terms.part_tables import new_part
from audit.terms.parts import RARE_LOGPROB_ONE_WORD, word_logprobs

MICROBES = Path(__file__).resolve().parents[1] / "data" / "microbes-wordnet.tsv"
INFECTION = "infection"  # the head key of a name an agent names ("Infections" folds to it)


@lru_cache(maxsize=1)
def microbes() -> dict[str, str]:
    """{microorganism lemma: its -osis / -iasis disease noun, or ""} of the shipped table; empty without it."""
    if not MICROBES.is_file():
        return {}
    out = {}
    for line in MICROBES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lemma, disease = (line.split("\t") + [""])[:2]
            out[lemma] = disease
    return out


def agent_words(modifier: str) -> tuple[str, ...]:
    """The words that name the agent a modifier of "infection" names — the microorganism (the modifier itself or
    the noun its adjective is derived from), its clipped name, its disease noun — or () when it names none."""
    table = microbes()
    nouns = [modifier] if modifier in table else [n for n in derived_nouns(modifier) if n in table]
    out: list[str] = []
    for noun in nouns:
        out += [noun] + [form for form, _, _ in clippings(noun) if " " not in form] + [table[noun]] * bool(table[noun])
    return tuple(dict.fromkeys(out))


def agent_parts(written: list[tuple[tuple[str, ...], int]], full: dict[tuple[str, ...], int]) -> dict[str, int]:
    """{agent key: its concept} of the glossary's names as written (`written`: [(key sequence, concept)]) of two
    keys, a modifier and "infection", whose modifier names a microorganism (`agent_words`); an agent word that no
    other concept's forms (`written` and the full and derived forms `full`: {key sequence: concept}) hold, nor any
    concept has as a full form."""
    found: dict[str, set[int]] = {}
    for seq, ci in written:
        if len(seq) == 2 and seq[1] == INFECTION and seq[0].isalpha():
            for word in agent_words(seq[0]):
                found.setdefault(token_key(word), set()).add(ci)
    if not found:
        return {}
    holders: dict[str, set[int]] = {k: set() for k in found}
    for seq, ci in list(written) + list(full.items()):
        for k in seq:
            if k in holders:
                holders[k].add(ci)
    return {k: next(iter(cis)) for k, cis in found.items()
            if len(cis) == 1 and holders[k] <= cis and (k,) not in full}


def species_named(texts, s: int) -> bool:
    """The agent at `s` (a block's token texts) is a genus before its species' epithet: the next word lower case,
    letters only, and rare in English (`audit.terms.parts.RARE_LOGPROB_ONE_WORD`: "aureus", "pneumoniae",
    "monocytogenes"; not "gets", "infections")."""
    nxt = texts[s + 1] if s + 1 < len(texts) else ""
    return nxt.isalpha() and nxt.islower() and word_logprobs().get(nxt, -99.0) < RARE_LOGPROB_ONE_WORD


def add_agents(written: list[tuple[tuple[str, ...], int]], full: dict[tuple[str, ...], int], index: dict,
               concepts: list, weak: list, naming: list, core: list) -> frozenset[str]:
    """The agents of the names `written` (`agent_parts`) added to the matcher's part tables (`audit.terms.parts.
    part_table`'s `index`, `concepts`, `weak`, `naming`, `core`, extended in place), each a part proper of its one
    concept: a weak part of that concept alone becomes one, a part of other concepts stays theirs. Returns the agent
    keys added."""
    added = set()
    for word, ci in sorted(agent_parts(written, full).items()):
        pi = index.get((word,))
        if pi is not None and (concepts[pi] != (ci,) or not weak[pi]):
            continue
        index[(word,)] = new_part(concepts, weak, naming, core, (ci,))
        added.add(word)
    return frozenset(added)
