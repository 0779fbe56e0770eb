"""A title's topic that is another title, decided per page by the title's facet (issue 19, stop 39).

A glossary imported from a site's page titles (`audit glossary import`) has a general title and titles that narrow it
by a facet: MedlinePlus's *Heart Diseases* and *Heart Disease in Women*, *Obesity* and *Obesity in Children*, *Mental
Health* and *Child Mental Health* (`audit.terms.titles.audience_dropped`). The narrow title's page writes its topic
("heart disease", "mental health") and its facet in its own sentences ("1 in 4 women dies from heart disease",
"mental illnesses in children"), rarely the title itself; the topic is the general title's own form, so until now it
always counted for the general title and the narrow page never found its own. Stop 38's `audit.terms.shared_topics`
decides a topic several titles *derive* alike; this decides a topic one title *owns* and others derive by dropping
their facet (`audit.terms.form_sequences.derived_sequences`, `general`).

On a page that names the general title, by its own forms, and none of the narrow titles in full, the general title's
mentions stand for the narrow title whose telling facet words (`shared_topics.facet`: its words besides the topic,
less stop words; only the words no other narrow title of the topic has; a facet written as a sentence is no
evidence) are each written on the page at least `FACET_SHARE` times as often as the topic is named, and at least
`FACET_MIN` times — the page is about the topic *in* that facet, not the topic with a passing word of it — when
exactly one title scores highest. The
general title's own page names its topic more than any facet (a passing "in women"), and keeps its mentions. Words
are counted folded to their lemma (`audit.nlp._lookup_table`: "children" on the page is the facet "child", "women"
the facet "woman"). Every such match is reported partial, its `how` "partial: shared topic: heart disease (facet on
the page: woman)".
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from audit.terms.keys import token_key
from audit.terms.part_tables import new_part
from audit.terms.shared_topics import SHARED_TOPIC, facet, page_counts
from audit.terms.titles import without_lead

# a facet word must be written at least this many times per mention of the topic (the least frequent word counts):
# the page is about the topic in that facet (Heart Disease in Women: "women" 5 times, "heart disease" 5)
FACET_SHARE = 1.0
# and at least this many times: a facet word written once is a passing word ("a child" on a page about homelessness
# that names mental health once)
FACET_MIN = 2


def _lemma(key: str) -> str:
    from audit.nlp import _lookup_table

    lemma = _lookup_table().get(key, key)
    return lemma if isinstance(lemma, str) and lemma.isalpha() else key


def add_general(general: dict, names: list[str], tokenize, concepts: list, weak: list, naming: list, core: list
                ) -> dict[int, tuple[tuple[int, int, frozenset[str] | None], ...]]:
    """The narrow titles of each general title (`general`: {general concept: {narrow concept: the folded topic
    sequences}}, from `derived_sequences`) as {general: ((part index, narrow concept, its telling facet words folded to
    their lemma, or None: its facet is a sentence), ...)}; each narrow title gets a part of its own in the matcher's
    part tables (extended in place; no sequence: a match is given it here only), so its matches are partial."""
    out: dict[int, tuple[tuple[int, int, frozenset[str] | None], ...]] = {}
    for g, narrow in sorted(general.items()):
        facets = {}
        for ci, seqs in sorted(narrow.items()):
            topic = {k for seq in seqs for k in seq}
            words = facet(tuple(token_key(t) for t in tokenize(without_lead(names[ci]))), topic)
            facets[ci] = None if words is None else frozenset(map(_lemma, words))
        rows = []
        for ci, words in facets.items():
            others = [w for c, w in facets.items() if c != ci and w is not None]
            pi = new_part(concepts, weak, naming, core, (ci,))
            rows.append((pi, ci, None if words is None else words - frozenset().union(*others)))
        out[g] = tuple(rows)
    return out


def decide(cg, blocks: list, tokens: list | None) -> list:
    """One page's resolved matches (per block) with a general title's mentions given to the narrow title whose facet
    the page is about (module docstring). New lists where a match moves."""
    if not cg.facets:
        return blocks
    n = Counter(m.concept for ms in blocks for m in ms)
    moves = {}
    counts = None
    for g in sorted(c for c in n if c in cg.facets):
        rows = [(pi, ci, words) for pi, ci, words in cg.facets[g] if words and not n[ci]]
        if not rows:
            continue
        if counts is None:
            counts = Counter()
            for k, c in page_counts(tokens).items():
                counts[_lemma(k)] += c
        scores = {(pi, ci, words): min(counts[w] for w in words) for pi, ci, words in rows}
        best = max(scores.values())
        top = [r for r, s in scores.items() if s == best]
        if best >= max(FACET_MIN, FACET_SHARE * n[g]) and len(top) == 1:
            moves[g] = top[0]
    if not moves:
        return blocks
    out = []
    for ms in blocks:
        if not any(m.concept in moves for m in ms):
            out.append(ms)
            continue
        kept = []
        for m in ms:
            if m.concept in moves:
                pi, ci, words = moves[m.concept]
                topic = cg.names[m.concept].casefold()
                m = replace(m, concept=ci, part=pi, alt=(), how=f"{SHARED_TOPIC}{topic} (facet on the page: "
                            f"{' '.join(sorted(words))})")
            kept.append(m)
        out.append(kept)
    return out
