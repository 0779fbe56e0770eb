"""A block's partial matches (issue 19): where the parts of `audit.terms.parts` stand in a block's tokens.

`partial_matches` finds them outside the full matches (or over shorter full ones it keeps as `alt`), leaves out a
name's core right after another adjective, and takes a class-caused core with its cause named ("levodopa-induced
dyskinesias": `_cause_named`) as a match that names its concept; `resolve_partials` then decides per page which
concept each part stands for. (Moved from `parts.py`, stop 23, and `resolve_partials` stop 33: that module was at
the size limit.)
"""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.agent_parts import species_named
from audit.terms.head_parts import modified
from audit.terms.keys import token_key
from audit.terms.parts import ADJECTIVE_ENDING, CAUSE_CLASSES, disease_words, distinctive
from audit.terms.shared_topics import SHARED_TOPIC, page_counts, pick
from audit.terms.short_forms import read_alone
from audit.terms.variants import claim


def _adjective(keys, i: int) -> bool:
    """keys[i] is an adjective: its ending says so, a participle only in a hyphenated word ("Y-linked"; not
    "reported", a verb)."""
    key = keys[i]
    return key.isalpha() and key not in STOP_WORDS and bool(ADJECTIVE_ENDING.search(key)) \
        and (not key.endswith("ed") or (i >= 1 and keys[i - 1] == "-"))


# (stop 24) words that name a treatment as the cause: "therapy-induced dyskinesias" (of *drug-induced dyskinesia*)
TREATMENTS = CAUSE_CLASSES | {"therapy", "treatment"}


def _cause(keys, texts, i: int) -> bool:
    """The token at `i` names a cause by itself: a rare word (a drug's name: "levodopa", "reserpine"), one in
    capitals ("METH", "AZT") or a treatment (`TREATMENTS`: "therapy-induced"; not "stress-induced")."""
    text = texts[i]
    return distinctive(keys[i]) or (len(text) >= 2 and text.isalpha() and text.isupper()) or keys[i] in TREATMENTS


def _side(key: str) -> bool:
    """(stop 24) An adjective that says on which side, not which kind: "contralateral dyskinesias" are the
    dyskinesias of the name, "tardive dyskinesia" another kind."""
    return key.endswith("lateral")


# (stop 24) the second word of a hyphenated adjective made of a mention: "stroke-like episodes", "stroke-prone rats",
# "constipation-predominant IBS" name the disease (BC5CDR marks it); a full form there matches already
COMPOUND_ENDS = frozenset({"like", "prone", "predominant", "induced"})
_COORDINATORS = frozenset({"and", "or", ","})
# (stop 38) a demonstrative before a rare head (`audit.terms.rare_heads`) points back to a thing the page named before
# ("This dystrophy" on a corneal dystrophy's page): the head there is that thing's, not the glossary's one name
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


# (stop 26) prefixes of time and negation: a disease word alone after one still names its disease ("pre-nephrotic
# stage", "non-hypertensive patients"); not "anti-" (a drug against it: "anti-rheumatic drugs")
WORD_PREFIXES = frozenset({"pre", "post", "non"})


# (stop 39) a prefix that says its word's thing is promoted or caused: a one-word name after it and its hyphen is still
# that name ("pro-inflammatory genes", "pro-inflammatory stimuli": *inflammatory*, as BioRED marks them). Of the
# prefixes of attitude (Quirk et al. 1985, Appendix I) "pro-" is "for"; not "anti-", "counter-" ("against": stop 26,
# "anti-rheumatic drugs") nor a negative prefix ("non-smoker"), nor after another word ("hemi-facial spasm")
PROMOTING_PREFIXES = frozenset({"pro"})


def inside_word(keys, texts, ws, s: int, e: int) -> bool:
    """A full match at s:e starts inside a hyphenated word ("facial spasm" in "hemi-facial spasm"), other than a
    one-word name after a prefix of `PROMOTING_PREFIXES` at a word's start ("pro-inflammatory")."""
    return s >= 2 and texts[s - 1] == "-" and not ws[s - 1] and not ws[s - 2] and not (
        e - s == 1 and keys[s - 2] in PROMOTING_PREFIXES and (s == 2 or bool(ws[s - 3])))


def _prefixed(keys, ws, s: int, e: int) -> bool:
    """(stop 26) The part at s:e is one disease word (`audit.terms.parts.disease_words`: "nephrotic", "hypertensive")
    after a prefix of `WORD_PREFIXES` and its hyphen, the prefix a word's start: "pre-nephrotic". A name after a
    prefix is no part ("non-Hodgkin lymphoma" is no *Hodgkin lymphoma*: a full form, which never starts there)."""
    return e - s == 1 and s >= 2 and keys[s - 2] in WORD_PREFIXES and (s == 2 or bool(ws[s - 3])) \
        and keys[s] in disease_words()


def _cause_named(keys, texts, ws, s: int, e: int) -> tuple[int, int] | None:
    """The span of "<cause>-induced <core>" or "<core> induced by <cause>" around a core at s:e, the cause named by
    itself (`_cause`); None otherwise. (stop 23) Adjectives may stand between the cause and the core, coordinated
    or not: "reserpine-induced orofacial dyskinesia", "levodopa-induced ballistic and choreic dyskinesia"."""
    a = s
    while a >= 4 and keys[a - 1] != "induced" and (_adjective(keys, a - 1) or (
            keys[a - 1] in _COORDINATORS and a < s and _adjective(keys, a - 2))):
        a -= 1
    if a >= 3 and keys[a - 1] == "induced" and texts[a - 2] == "-" and not ws[a - 3] and not ws[a - 2] \
            and _cause(keys, texts, a - 3):
        start = a - 3
        while start >= 2 and texts[start - 1] == "-" and not ws[start - 1] and not ws[start - 2]:
            start -= 2  # "L-dopa-induced"
        return start, e
    if e + 2 < len(keys) and keys[e] == "induced" and keys[e + 1] == "by" and _cause(keys, texts, e + 2):
        return s, e + 3
    return None


def capitals(text: str) -> bool:
    """A word written in capitals: an acronym ("MIME", "MELAS"), two letters or more."""
    return len(text) >= 2 and text.isalpha() and text.isupper()


def in_capitals(tokens) -> bool:
    """(stop 39) A name written with a capital after its first letter ("Distribution Package"): where a page writes it
    so, of two overlapping matches of one length it is the one the editor wrote as the glossary's name ("a source
    Distribution Package": *Distribution Package*, not *Source Distribution*). A capital inside a sentence is how
    English marks a proper or a defined term (The Chicago Manual of Style, 17th ed., ch. 8, "Names and Terms"), so
    the words written so are one term; a name in lower case, or with one capital at its start, says nothing of where
    a term begins."""
    written = "".join(tokens)[1:]
    return written != written.lower()


def _acronym_for_word(texts, s: int, e: int, glossary_capitals: frozenset) -> bool:
    """(stop 33) A part's token at s:e is written in capitals in a block that is not (a heading in capitals writes
    every word so), where the glossary writes that word otherwise: another word, an acronym ("MIME" of "S/MIME" for
    the part "mime" of *mime therapy*)."""
    for i in range(s, e):
        if capitals(texts[i]) and token_key(texts[i]) not in glossary_capitals:
            return any(t.islower() for t in texts)  # (`str.islower`: it has cased letters, all lower case)
    return False


def partial_matches(found: list[tuple[int, int, int]], keys, texts, ws, kept: list, match_class,
                    core: list[int] | None = None, glossary_capitals: frozenset = frozenset(),
                    heads: frozenset = frozenset(), short: frozenset = frozenset(),
                    rare: frozenset = frozenset(), modifiers: frozenset = frozenset(),
                    agents: frozenset = frozenset()) -> list:
    """Partial matches of a block (`found`: (start, end, part index) of every part sequence in its keys), longest
    first, outside the full matches `kept` — or over full matches strictly inside them ("grandfathered plans" over
    the concepts "Grandfathered" and "Plan"), which they keep as `alt` and remove from `kept`. A name's core (`core`:
    a flag per part index) right after another adjective is that adjective's kind of the disease, not the name's:
    "sporadic breast and ovarian cancers", "X- and Y-linked ichthyosis" (stop 19) — except a class-caused core
    (`core` 2) after or before its cause named (`_cause_named`: "levodopa-induced dyskinesias"), a match over the
    cause too that names its concept (`names`; otherwise it is a core as any other). A one-word part that is a
    name's head (`heads`: `audit.terms.head_parts`, "browser" of *Web Browser*) after a modifier of its own is
    another thing ("nail dystrophy"; stop 36). A short form the glossary's definitions write (`short`:
    `audit.terms.short_forms`, "root" of *Root certificate*; stop 37) is read where it stands alone (`read_alone`:
    not "the root list", "issuer URI", "by extension"), its `how` "partial: short form: root"; a rare head (`rare`:
    `audit.terms.rare_heads`, "myeloma" of *plasma cell myeloma*; stop 38, in `heads` too) "partial: rare head:
    myeloma"; a name's modifier (`modifiers`: `audit.terms.modifier_parts`, "tightly coupled" of *Tightly Coupled
    Architecture*; stop 39) "partial: modifier: tightly coupled"; an infection's agent (`agents`:
    `audit.terms.agent_parts`, "salmonella" of *Salmonella Infections*; stop 40) "partial: agent: salmonella".
    Unresolved (concept -1):
    `resolve_partials` decides per page."""
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0], x[2]))
    out: list = []
    for s, e, pi in found:
        if core is not None and core[pi] == 2:  # (stop 21) a class-caused core with its cause named
            span = _cause_named(keys, texts, ws, s, e)
            if span is not None:
                inside = claim(span[0], span[1], out, kept)
                if inside is not None:
                    out.append(match_class(-1, span[0], span[1], "partial: cause named: " + " ".join(
                        keys[span[0]:span[1]]), pi, tuple(inside), True))
                continue
        if core is not None and core[pi] and s and _adjective(keys, s - 1) and not _side(keys[s - 1]):
            continue
        if s >= 2 and texts[s - 1] == "-" and not ws[s - 1] and not ws[s - 2] and not _prefixed(keys, ws, s, e):
            continue  # starts inside a hyphenated word (not a disease word after a prefix: `_prefixed`)
        if e < len(texts) and texts[e] == "-" and not ws[e - 1] and not (
                e + 1 < len(keys) and not ws[e] and keys[e + 1] in COMPOUND_ENDS):
            continue  # ends inside a hyphenated word: "grandfathered-in" (not "stroke-like": `COMPOUND_ENDS`)
        if _acronym_for_word(texts, s, e, glossary_capitals):
            continue
        if e - s == 1 and keys[s] in heads and modified(keys, texts, ws, s):
            continue
        if e - s == 1 and keys[s] in rare and s and keys[s - 1] in DEMONSTRATIVES:
            continue  # (stop 38) "This dystrophy": an anaphor of a thing the page named before, not the name's
        if e - s == 1 and keys[s] in agents and species_named(texts, s):
            continue  # (stop 40) "Streptococcus pneumoniae": the organism, not the infection
        is_short = e - s == 1 and keys[s] in short
        if is_short and not read_alone(keys, texts, s):
            continue
        inside = claim(s, e, out, kept)
        if inside is not None:
            label = "partial: short form: " if is_short else "partial: rare head: " if e - s == 1 and keys[s] in rare \
                else "partial: modifier: " if tuple(keys[s:e]) in modifiers \
                else "partial: agent: " if e - s == 1 and keys[s] in agents else "partial: "
            out.append(match_class(-1, s, e, label + " ".join(keys[s:e]), pi, tuple(inside)))
    return out


def _pick(cg, part: int, full: set[int], names: bool = False) -> int:
    """The concept a part stands for on a page that names the concepts `full` in full, or -1 (`names`: the match
    names its part's only concept itself, weak or not)."""
    cands = cg.part_concepts[part]
    if names and len(cands) == 1:
        return cands[0]
    named = [c for c in cands if c in full]
    if len(named) == 1:
        return named[0]
    return cands[0] if len(cands) == 1 and not named and not cg.part_weak[part] else -1


def resolve_partials(cg, blocks: list, tokens: list | None = None) -> list:
    """One page's matches (per block, from `CompiledGlossary.match(..., partial=True)`) with each partial match
    resolved: its part counts for a concept the page also names in full (when exactly one of the concepts the part
    may name is named in full on the page), or for the only concept of the glossary whose forms contain it (not a
    weak part: that counts only where the page names its concept in full);
    otherwise it is dropped (and the full matches it covered, `alt`, stand) — but (stop 38) a topic tied titles
    share (`cg.topics`) goes to the title whose facet the page's words (`tokens`: the blocks' `Tokens`) name
    (`audit.terms.shared_topics.pick`). New match objects (a block's matches may be shared between pages)."""
    from dataclasses import replace

    full = {m.concept for ms in blocks for m in ms if m.part < 0} | {a.concept for ms in blocks for m in ms
                                                                     for a in m.alt}
    # (stop 19) a concept named on the page by its name less generic heads (`naming_part`) is named there for its
    # weak parts too: "hereditary breast and ovarian cancer", then "breast and ovarian cancer"
    # (stop 21) and a class-caused core after its cause named ("levodopa-induced dyskinesias": `partial_matches`)
    full |= {ci for ms in blocks for m in ms if m.part >= 0 and (cg.part_naming[m.part] or m.names)
             for ci in [_pick(cg, m.part, full, m.names)] if ci >= 0}
    out = []
    counts = None  # (the page's word keys counted, on a page with a shared topic only)
    for ms in blocks:
        if not any(m.part >= 0 for m in ms):
            out.append(ms)
            continue
        kept = []
        for m in ms:
            if m.part < 0:
                kept.append(m)
                continue
            ci = _pick(cg, m.part, full, m.names)
            if ci < 0 and m.part in cg.topics:
                counts = page_counts(tokens) if counts is None else counts
                ci, facet = pick(cg.topics[m.part], counts)
                if ci >= 0:
                    on_page = f" (facet on the page: {' '.join(facet)})" if facet else " (the general title)"
                    kept.append(replace(m, concept=ci, alt=(), how=SHARED_TOPIC + m.how[len("partial: "):] + on_page))
                    continue
            if ci >= 0:
                kept.append(replace(m, concept=ci, alt=()))
            else:
                kept += m.alt
        out.append(kept)
    return out
