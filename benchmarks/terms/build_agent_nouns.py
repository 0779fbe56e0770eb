"""Build the table of activity nouns and the agent nouns of their verbs (`audit/data/agent-nouns-wordnet.tsv`,
shipped): "engineering" -> "engineer", "development" -> "developer", "management" -> "manager". A name whose head is
such an activity ("Site Reliability Engineering") is also written as the people who practise it ("site reliability
engineers (SREs)", the CNCF glossary's *Security Chaos Engineering* page, linked to *Site Reliability Engineering*):
`audit.terms.agents`, stop 40.

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (notice kept in the table's header). A pair is listed when

- the activity is a one-word noun of WordNet's lexicographer file `noun.act` (04: acts and actions) ending in "-ing",
  "-ion" or "-ment" (a nominalisation: Quirk et al. 1985, *A Comprehensive Grammar of the English Language*, App.
  I.34-35), linked word to word (`+`, derivationally related form) to a verb,
- the agent is a one-word noun of `noun.person` (18) that the verb's same word links to (`+`), spelt as the verb
  (zero derivation: "engineer") or the verb's stem and an agent suffix "-er" / "-or" / "-r" ("developer",
  "manager", "administrator"); not a patient in "-ee" ("testee", "employee"), not another word ("smoke" -> "smoker"
  is one, "nurse" -> "nurse" too),
- and the activity's stem is the verb's (the activity is the verb's own nominalisation: "engineer|ing",
  "develop|ment", "administrat|ion"; not "nursing" -> "nurse" of another sense by a link between unrelated words).

Output: UTF-8 TSV, sorted, `activity<TAB>agent`, after `#` header lines. Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_agent_nouns.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wordnet_tables import NOTICE, arguments, synsets, write  # noqa: E402  (the WordNet builders' shared parts)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "agent-nouns-wordnet.tsv"
ACT, PERSON = 4, 18  # lexicographer files noun.act, noun.person
ACTIVITY_ENDINGS = ("ing", "ion", "ment")


def _stem(verb: str) -> str:
    return verb[:-1] if verb.endswith("e") else verb


def agent(verb: str, noun: str) -> bool:
    """`noun` is the verb's agent by its spelling: the verb itself, or its stem and "-er" / "-or" / "-r"."""
    stem = _stem(verb)
    return noun == verb or noun in (stem + "er", stem + "or", verb + "r", verb + "er", verb + "or",
                                    verb + verb[-1] + "er")


def activity(verb: str, noun: str) -> bool:
    """`noun` is the verb's nominalisation: the verb's stem and "-ing", "-ion", "-ment" (and their usual joints)."""
    stem = _stem(verb)
    return noun.endswith(ACTIVITY_ENDINGS) and (noun.startswith(stem) and len(noun) - len(stem) <= 5)


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "data.noun", argv)
    noun, verb = synsets(args.wordnet / "data.noun"), synsets(args.wordnet / "data.verb")
    pairs: set[tuple[str, str]] = set()
    for lex, words, ptrs in noun.values():
        if lex != ACT:
            continue
        for sym, off, pos, src, tgt in ptrs:
            if sym != "+" or pos != "v" or not src or not tgt or off not in verb:
                continue
            act, v = words[src - 1], verb[off][1][tgt - 1]
            if not (act.isalpha() and v.isalpha() and act.isascii() and activity(v, act)):
                continue
            for sym2, off2, pos2, src2, tgt2 in verb[off][2]:
                if sym2 == "+" and pos2 == "n" and src2 == tgt and tgt2 and off2 in noun and noun[off2][0] == PERSON:
                    who = noun[off2][1][tgt2 - 1]
                    if who.isalpha() and who != act and agent(v, who):
                        pairs.add((act, who))
    lines = ["# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): activity nouns (noun.act, -ing/-ion/-ment) and "
             "the agent nouns (noun.person) of their verbs\n", f"# WordNet 3.0 licence: {NOTICE}\n",
             "# activity<TAB>agent\n"]
    out = "".join(lines + [f"{a}\t{p}\n" for a, p in sorted(pairs)]).encode("utf-8")
    write(args, out, ("data.noun", "data.verb"), f"{len(pairs)} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
