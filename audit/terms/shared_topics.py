"""Titles that share a topic (issue 19, stop 38): a derived form several concepts derive alike, decided per page.

A glossary imported from a site's page titles (`audit glossary import`) names several pages after one topic: NIDDK's
*Kidney Stones in Adults*, *Kidney Stones in Children* and *What I need to know about Kidney Stones* all derive
"kidney stones" (their qualifier and series' lead dropped: `audit.terms.forms`, `audit.terms.titles`), and
`audit.terms.form_sequences.derived_sequences` gives a form that ties to none of them. Said alone, the topic cannot
tell which title it stands for; the page around it can. Each title's *facet* is what its name says besides the topic
and the series' lead, less stop words: "adult", "child"; the words that tell the tied titles apart are the facet
words no other tied title has. A facet written as a sentence ("Kidney Failure: Eat Right to Feel Right on
Hemodialysis", "... : What to Expect", "Prevent diabetes problems: Keep your eyes healthy") is no evidence: its words
("eat", "feel", "expect") are ones any page on the topic writes (read on NIDDK: every kidney-failure page then went to
*Eat Right*). So the tied form is a part (`audit.terms.parts.part_table`) of the tied concepts, and on a page (`pick`):

1. a tied concept the page names in full takes it, as any part (`audit.terms.part_matches.resolve_partials`);
2. else the title whose telling words are all on the page, the most often (the least frequent of them counts: every
   word of the facet is evidence), when exactly one title scores highest;
3. else the one tied title with no facet of its own (the topic itself: *What I need to know about Kidney Stones*, a
   series' lead only), when there is one: a page that says the topic and none of the facets is about the topic in
   general (NIDDK's page on kidney stones in adults never says "adult": it goes there too, a miss);
4. else none (the form stays ambiguous there, as before).

Every such match is reported partial, its `how` "partial: shared topic: <the topic's words>" with the facet words the
page uses, so the user sees why ("partial: shared topic: kidney stone (facet on the page: adult)").

(stop 39) A topic one title derives by dropping its audience (`audit.terms.titles.audience_dropped`: "behavior
disorders" of *Child Behavior Disorders*) is such a part too, of that one title, weak: rule 2 only (the page writes
the audience). A topic another title owns is `audit.terms.title_facets`.
"""
from __future__ import annotations

from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.keys import token_key
from audit.terms.part_tables import new_part
from audit.terms.titles import AUDIENCE, TITLE_PART, without_lead

SHARED_TOPIC = "partial: shared topic: "
# the reasons of `audit.terms.forms` that drop a title's words besides its topic: a part of a title (its section, its
# subtitle, a series' lead: `audit.terms.titles`) and a qualifier (a population after "in"/"for", a parenthesis). A
# form tied by other derivations (a vocabulary name's subtype or code dropped: GARD's *Noonan syndrome 1* ... *4*,
# *Tietz syndrome* / *Tietze syndrome*) is a name several things share, not a topic: it stays dropped.
FACET_REASONS = (TITLE_PART, "qualifier dropped", AUDIENCE)  # (stop 39: an audience, `titles.audience_dropped`)
# the small words a facet that is a name's qualifier may have: a population after "in"/"for" ("Kidney Stones in
# Adults"), "of" and "and" in a name ("Heart and Blood Vessels")
FACET_JOINERS = frozenset({"in", "for", "of", "and"})


def facet_dropped(why: str) -> bool:
    """A derivation (its reason, "title part + word order") that starts by dropping a title's facet."""
    return why.startswith(FACET_REASONS)


def facet(name_keys: tuple[str, ...], topic: set[str]) -> frozenset[str] | None:
    """The words of a name besides its topic (alphabetic keys, not stop words), or None when they are a sentence,
    not a name's qualifier: a stop word besides `FACET_JOINERS` ("Eat Right to Feel Right on Hemodialysis", "What
    to Expect", "Keep your eyes healthy" — common words any page on the topic writes, no evidence of which title)."""
    rest = [k for k in name_keys if k.isalpha() and k not in topic]
    if any(k in STOP_WORDS and k not in FACET_JOINERS for k in rest):
        return None
    return frozenset(k for k in rest if k not in STOP_WORDS)


def add_topics(tied: dict, names: list[str], tokenize, index: dict, full: dict, concepts: list, weak: list,
               naming: list, core: list) -> dict[int, tuple[tuple[int, frozenset[str] | None], ...]]:
    """The tied derived forms (`tied`: {folded key sequence: the tied concepts}, from `derived_sequences`) added to the
    matcher's part tables (`audit.terms.parts.part_table`'s `index`, `concepts`, `weak`, `naming`, `core`, extended
    in place) as parts proper of the tied concepts — not a sequence that is a full form (`full`) or a part of other
    concepts already (then it stays theirs; a part of the same concepts, weak or not, becomes the topic's, decided
    per page the same way). One part per set of tied concepts; its topic words are the keys of every sequence of the
    set. Returns {part index: ((concept, its telling facet words, or None: its facet is a sentence), ...)} (module
    docstring)."""
    groups: dict[tuple[int, ...], list[tuple[str, ...]]] = {}
    for seq, cis in sorted(tied.items()):
        if seq not in full and (seq not in index or set(concepts[index[seq]]) == set(cis)):
            groups.setdefault(cis, []).append(seq)
    out: dict[int, tuple[tuple[int, frozenset[str] | None], ...]] = {}
    for cis, seqs in groups.items():
        topic = {k for seq in seqs for k in seq}
        facets = {ci: facet(tuple(token_key(t) for t in tokenize(without_lead(names[ci]))), topic) for ci in cis}
        telling = tuple((ci, None if facets[ci] is None else facets[ci] - frozenset().union(
            *(facets[c] for c in cis if c != ci and facets[c] is not None))) for ci in cis)
        # (stop 39: one title's topic without its audience is weak: decided by `pick` only)
        pi = new_part(concepts, weak, naming, core, cis, is_weak=len(cis) == 1)
        for seq in seqs:
            index[seq] = pi
        out[pi] = telling
    return out


def pick(telling: tuple[tuple[int, frozenset[str] | None], ...], counts: Counter) -> tuple[int, tuple[str, ...]]:
    """(The concept a shared topic stands for on a page whose word keys are counted in `counts`, the facet words
    that decided it), or (-1, ()): rules 2-4 of the module docstring."""
    scores = {ci: min(counts[w] for w in words) for ci, words in telling if words}
    best = max(scores.values(), default=0)
    if best > 0:
        top = [ci for ci, score in scores.items() if score == best]
        if len(top) == 1:
            return top[0], tuple(sorted(dict(telling)[top[0]]))
        return -1, ()
    general = [ci for ci, words in telling if words is not None and not words]
    return (general[0], ()) if len(general) == 1 else (-1, ())


def page_counts(tokens: list | None) -> Counter:
    """The page's word keys counted (`tokens`: its blocks' `audit.terms.discovery.Tokens`; none: an empty count)."""
    counts: Counter = Counter()
    for tok in tokens or ():
        counts.update(tok.keys)
    return counts
