"""A name whose head is an activity, written as the people who practise it (issue 19; stop 40): "site reliability
engineers (SREs)" for *Site Reliability Engineering* (the CNCF glossary's *Security Chaos Engineering* page links
the words to that concept), "agile software developers" for *Agile Software Development*.

English names the agent of an activity by the agent noun of the activity's verb ("engineering" / "to engineer" /
"an engineer"; "development" / "to develop" / "a developer"); a compound's modifier narrows both alike, so "site
reliability engineers" are the practitioners of exactly *Site Reliability Engineering* — what editors link to the
practice. The pairs are WordNet's (`audit/data/agent-nouns-wordnet.tsv`, built by
`benchmarks/terms/build_agent_nouns.py`: a `noun.act` nominalisation in "-ing", "-ion", "-ment", its verb, and the
verb's `noun.person` agent in "-er" / "-or" or the verb itself; WordNet 3.0 licence, Princeton University).

Only a name of two or more plain words (no function word, no parenthesis): a one-word activity is a practice, its
agent a profession ("Nursing" / "nurses", "Engineering" / "engineers" are two concepts a page may tell apart); the
modifier is what makes the pair one concept. And only a noun before the head (no adjective by its ending,
`audit.terms.parts.adjective_ending`): a noun modifier of an activity is what the activity acts on, and its agent
acts on it too ("site reliability" is what site reliability engineers engineer, "containers" what a container
orchestrator orchestrates); an adjective says how the act is done and is not said of its agent — "physical
examination" is no "physical examiner", "involuntary movement" no "involuntary mover" (the argument a deverbal
compound's head inherits: Selkirk 1982, *The Syntax of Words*; Lieber 2004, *Morphology and Lexical Semantics*). The form (reason `agent noun`, `AGENT_NOUN`) replaces the head by its
agent and keeps the modifier as written; the matcher folds its plural ("engineers"). Like a derivation it is
derived no further and makes no part (`audit.terms.forms.NO_PARTS`): "reliability engineers" alone is no mention.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

TABLE = Path(__file__).resolve().parents[1] / "data" / "agent-nouns-wordnet.tsv"
AGENT_NOUN = "agent noun"


@lru_cache(maxsize=1)
def agent_table() -> dict[str, tuple[str, ...]]:
    """{activity noun: its agent nouns} ("engineering": ("engineer",)); empty when the table is missing."""
    try:
        text = TABLE.read_text(encoding="utf-8")
    except OSError:
        return {}
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            activity, agent = line.split("\t")
            out.setdefault(activity, []).append(agent)
    return {k: tuple(v) for k, v in out.items()}


def agent_nouns(term: str) -> list[tuple[str, str, bool]]:
    """The name of 2+ plain words, a noun before its head (an activity of `agent_table`), written as the head's agent
    nouns: "Site Reliability Engineering" -> "Site Reliability Engineer"."""
    from audit.terms.parts import adjective_ending

    words = term.split()
    if len(words) < 2 or not all(w.isalpha() and w.casefold() not in STOP_WORDS for w in words) \
            or adjective_ending(words[-2].casefold()):
        return []
    head = words[-1]
    agents = agent_table().get(head.casefold(), ())
    cap = head[:1].isupper() and head[1:].islower()
    return [(" ".join(words[:-1] + [a.capitalize() if cap else a]), AGENT_NOUN, False) for a in agents]
