"""The glossary's matcher: token keys (case, apostrophes, plurals folded), the compiled glossary and its matches.

Matching (see `CompiledGlossary.match`): forms and text are compared token by token after folding case, curly and
straight apostrophes, plural inflections ("spasms" = "spasm", via spaCy's lemma lookup table), the possessive ("Bell's
palsy" = "Bell’s Palsy" = "Bells palsy" = "Bell palsy") and hyphen/space variants ("hemi-facial spasm" = "hemifacial
spasm" = "hemi facial spasm"; "facial nerve" = "facial-nerve"). Case-sensitive forms match the exact text. Overlapping
matches resolve to the longest ("facial nerve injury" over "facial nerve"), then to a name in its capitals ("source
Distribution Package": `part_matches.in_capitals`). Each form also stands for the forms `audit.terms.forms` derives
from it (qualifiers dropped, slash alternatives, coordination, word order, spellings; a derived form never takes
another concept's own form), and `match(..., partial=True)` also gives the partial matches (distinctive parts of
multi-word forms) that `audit.terms.page_mentions.resolve_page` settles per page; every match keeps the reason of its
form (`Match.how`).

The glossary file (format, loading, errors) is `audit.terms.glossary_file`.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from audit.terms._scan import walk
from audit.terms.definition_names import definition_names
from audit.terms.form_sequences import derived_sequences
from audit.terms.forms import EPONYM_HEADS, eponym
from audit.terms.head_parts import head_part
from audit.terms.agent_parts import add_agents
from audit.terms.modifier_parts import add_modifiers
from audit.terms.rare_heads import add_heads, unique_heads
from audit.terms.shared_topics import add_topics
from audit.terms.title_facets import add_general
from audit.terms.short_forms import add_parts, short_forms
from audit.terms.part_matches import capitals, in_capitals, inside_word, partial_matches
from audit.terms.organs import organ_words
from audit.terms.parts import designator_spellings, names_a_thing, part_table, sentence_end, word_logprobs
from audit.terms.synonyms import consented
from audit.terms.glossary_file import Glossary, GlossaryError
from audit.terms.keys import (  # noqa: F401 (re-exported: the matcher's keys)
    APOSTROPHES, _lemma_table, exact_sequences, token_key, unfolded_singular)
from audit.terms.variants import COORDINATORS, coordinated_last, coordinations, insertions, predicatives, variant_tables


# ------------------------------------------------------------------ normalisation shared by patterns and text

def _form_key_sequences(tokens: list[str]) -> set[tuple[str, ...]]:
    """All token-key sequences one form stands for (possessive and hyphen variants)."""
    keys = [token_key(t) for t in tokens]
    out: set[tuple[str, ...]] = set()

    def possessive(seq: list[str]) -> list[list[str]]:
        variants = [seq]
        for i, k in enumerate(seq):
            if k == "'s" and i > 0:
                new = []
                for v in variants:
                    j = v.index("'s") if "'s" in v else -1
                    if j <= 0:
                        new.append(v)
                        continue
                    new.append(v[:j] + v[j + 1:])  # Bell palsy
                    new.append(v[:j - 1] + [token_key(v[j - 1] + "s")] + v[j + 1:])  # Bells palsy
                    new.append(v)  # Bell 's palsy
                variants = new
        return variants

    bases = [keys]
    for i, t in enumerate(tokens[:-1]):
        # (stop 22) a name's possessive after a final "s" is an apostrophe alone ("Graves' disease": Graves ' disease):
        # a form that writes it also stands without it, and a capitalised word in "s" before a head with it
        if keys[i + 1] == "'" and tokens[i].lower().endswith("s") and i + 2 < len(keys):
            bases.append(keys[:i + 1] + keys[i + 2:])
        elif len(t) > 2 and t[0].isupper() and t[1:].isalpha() and t[1:].islower() and t.endswith("s") \
                and keys[i + 1] in EPONYM_HEADS:
            bases.append(keys[:i + 1] + ["'"] + keys[i + 1:])
    for seq in (v for base in bases for v in possessive(base)):
        gaps = [i for i in range(1, len(seq)) if seq[i] != "-" and seq[i - 1] != "-"]
        hyphens = [i for i, k in enumerate(seq) if k == "-" and 0 < i < len(seq) - 1]
        base = tuple(seq)
        out.add(base)
        # a written hyphen may also be joined ("hemifacial") or a space ("hemi facial")
        for choice in itertools.product(("-", "", " "), repeat=min(len(hyphens), 3)):
            if not hyphens:
                break
            words: list[str] = []
            i = 0
            while i < len(seq):
                if i in hyphens[:3]:
                    how = choice[hyphens.index(i)]
                    if how == "":
                        words[-1] = token_key(words[-1] + seq[i + 1])
                        i += 2
                        continue
                    if how == " ":
                        i += 1
                        continue
                words.append(seq[i])
                i += 1
            out.add(tuple(words))
        # a space may also be written as a hyphen ("facial-nerve"): spaCy splits it into word - word; in a name of
        # five words or more one hyphen at a time (stop 39: "Camurati-Engelmann disease type II")
        if gaps and all(k.isalpha() for k in seq):
            for mask in itertools.islice(itertools.product((False, True), repeat=len(gaps)), 1, None) \
                    if len(gaps) <= 3 else ([i == j for i in range(len(gaps))] for j in range(len(gaps))):
                words = []
                for i, k in enumerate(seq):
                    if i in gaps and mask[gaps.index(i)]:
                        words.append("-")
                    words.append(k)
                out.add(tuple(words))
    out |= {e for s in out for e in sentence_end(s)}
    return {s for s in out if s}


def _prefixes(seqs: dict[tuple[str, ...], int]) -> dict[tuple[str, ...], int]:
    """Every prefix of the sequences -> the concept of the sequence it is (-1: only a prefix of longer ones)."""
    out: dict[tuple[str, ...], int] = {}
    for seq in seqs:
        for n in range(1, len(seq)):
            out.setdefault(seq[:n], -1)
    out.update(seqs)
    return out


def _walk(tokens, prefixes: dict[tuple[str, ...], int], firsts: dict[str, int]) -> list[tuple[int, int, int]]:
    """(start, end, concept) of every sequence of `prefixes` in `tokens` (a tuple of keys or texts); `firsts`: the
    one-token prefixes by their token (`prefixes[(token,)]`). One dict lookup per token, then one per longer prefix
    from a token that starts one; compiled: `_scan.walk`."""
    return walk(tokens, prefixes, firsts)


def _leaves_out_another(name: tuple[str, ...], part_words: set[str], key: str) -> bool:
    """The name (keys) leaves out of the part a thing or body part other than `key`, and `key` is not the initials
    of a run of the words it leaves out (`CompiledGlossary._replaces`)."""
    runs, run = [], []
    for w in name + ("",):
        if w and w not in part_words:
            run.append(w)
        elif run:
            runs.append(run)
            run = []
    if any("".join(w[0] for w in r) == key for r in runs if len(r) >= 2):
        return False
    return any(w != key and (names_a_thing((w,)) or w in organ_words()) for r in runs for w in r)


# A word's flags (bits; `discovery._flags_column`, `_words.page_tokens`): a joiner ("-", a clitic: may join the word
# before it), "(", and membership of the glossary's word sets (`CompiledGlossary.gate`, in this order): a key the
# folded forms, parts, variants or coordinations may start with (`gate_keys`), a text an exact form starts with
# (`gate_texts`), a key of a part, the first key of an insertion variant, a key of a predicative, a coordinator,
# the last key of a coordinated name. A block's flags OR-ed say which of `match`'s tests can find anything there.
JOINER, PAREN, GATE_KEY, GATE_TEXT = 1, 2, 4, 8
PART_KEY, INSERTION_KEY, PREDICATIVE_KEY, COORDINATOR, COORDINATED_LAST = 16, 32, 64, 128, 256
WORD_FLAGS = (JOINER, PAREN, GATE_KEY, GATE_TEXT, PART_KEY, INSERTION_KEY, PREDICATIVE_KEY, COORDINATOR,
              COORDINATED_LAST)

@dataclass(slots=True)
class Match:
    concept: int  # index into Glossary.concepts (-1: a partial match not yet resolved, see `part`)
    start: int  # token offsets in the block's Doc
    end: int
    how: str = ""  # the form's reason: "name", "variant", a derived form's (`audit.terms.forms`), "partial: ..."
    part: int = -1  # a partial match: index into `CompiledGlossary.part_concepts` (the concepts the part may name)
    alt: tuple = ()  # a partial match over shorter full ones: those, if the part is not resolved
    names: bool = False  # a partial match that names its concept on the page ("levodopa-induced dyskinesias")

    @property
    def partial(self) -> bool:
        return self.part >= 0


class CompiledGlossary:
    """A glossary plus its spaCy PhraseMatchers, built once per process for one vocab."""

    def __init__(self, glossary: Glossary, nlp, derive: bool = True) -> None:
        """`derive`: also the forms derived from the concepts' forms and their parts (`audit.terms.forms`; False: the
        glossary's own forms only, as before issue 19 — for comparison in `benchmarks/terms/score.py`)."""
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        tokenize = lambda text: [t.text for t in nlp.make_doc(text) if not t.is_space]  # noqa: E731
        if derive:  # (the names the concepts' definitions give them, then the synonyms the glossary accepts from the
            # shipped vocabularies, as their variants: the glossary's own words first)
            glossary = consented(definition_names(glossary, tokenize, _form_key_sequences), tokenize,
                                 _form_key_sequences)
        self.glossary = glossary
        self.derive = derive
        self.names = [c.name for c in glossary.concepts]
        self.technical = [c.technical for c in glossary.concepts]
        self.vocab = nlp.vocab
        self._Doc = Doc
        # (`match` uses the dicts `_folded` and `_exact` below instead of these matchers: the same matches)
        self.folded = PhraseMatcher(nlp.vocab, attr="ORTH")  # on a Doc of token keys
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")  # on the text itself
        self.label_to_concept: dict[int, int] = {}
        self.keys: dict[tuple[str, ...], int] = {}  # folded key sequence -> concept (for discovery)
        self._by_word: dict[str, tuple[tuple[str, ...], ...]] | None = None  # (see `by_word`)
        owner: dict[tuple, int] = {}
        exact_seqs: dict[tuple[str, ...], int] = {}  # exact token sequence -> concept
        self._how_folded: dict[tuple[str, ...], str] = {}  # sequence -> its form's reason ("name", "variant", ...)
        self._own_reasons: set[str] = set()  # the reasons of the glossary's own forms (not derived by `forms`)
        self._how_exact: dict[tuple[str, ...], str] = {}
        own_seqs: dict[tuple[int, int], list[tuple[str, tuple[str, ...]]]] = {}  # (concept, form) -> its sequences
        self._capitalised: dict[tuple[str, ...], int] = {}  # a form's texts written in capitals -> its concept
        for ci, concept in enumerate(glossary.concepts):
            label = nlp.vocab.strings.add(f"concept:{ci}")
            self.label_to_concept[label] = ci
            folded_docs, exact_docs = [], []
            for form in concept.forms:
                tokens = [t.text for t in nlp.make_doc(form.term) if not t.is_space]
                if in_capitals(tokens):
                    self._capitalised.setdefault(tuple(tokens), ci)  # (see `match`'s order)
                if form.case_sensitive:
                    variants = exact_sequences(tokens)  # (and "MRIs", "EMGs")
                    kind = "exact"
                else:
                    variants = _form_key_sequences(tokens)
                    kind = "folded"
                for seq in sorted(variants):
                    prev = owner.get((kind, seq))
                    if prev is not None and prev != ci:
                        other = glossary.concepts[prev]
                        raise GlossaryError(
                            f"{Path(glossary.path).name} line {concept.line}: concept {concept.name!r}: form "
                            f"{form.term!r} also matches concept {other.name!r} (line {other.line}); "
                            "a form may belong to one concept only")
                    if prev is not None:
                        continue
                    owner[(kind, seq)] = ci
                    own_seqs.setdefault((ci, concept.forms.index(form)), []).append((kind, seq))
                    doc = Doc(nlp.vocab, words=list(seq))
                    (exact_docs if kind == "exact" else folded_docs).append(doc)
                    if kind == "folded":
                        self.keys[seq] = ci
                    else:
                        exact_seqs[seq] = ci
            if folded_docs:
                self.folded.add(f"concept:{ci}", folded_docs)
            if exact_docs:
                self.exact.add(f"concept:{ci}", exact_docs)
            for fi, form in enumerate(concept.forms):  # the reason of each own form, for terms.csv
                for kind, seq in own_seqs.get((ci, fi), ()):
                    how_map = self._how_folded if kind == "folded" else self._how_exact
                    how_map.setdefault(seq, form.reason or ("name" if fi == 0 else "variant"))
                    self._own_reasons.add(how_map[seq])
        if derive:
            self._add_derived(glossary, nlp, owner, exact_seqs)
        else:
            self.part_concepts, self._part, self._part_first, self._part_set = [], {}, {}, frozenset()
            self.part_weak, self.part_naming, self._part_core, self._capitals = [], [], [], frozenset()
            self._heads = self._short = self._rare = self._mods = self._agents = frozenset()
            self._ins, self._ins_first, self._ins_lasts, self._pred, self.topics, self.facets = {}, {}, [], {}, {}, {}
            self._variant_set = self._coord_lasts = frozenset()
        # both matchers as dicts of every prefix of their sequences -> concept (-1: a prefix only), for the keys and
        # for the texts (a Python lookup on a block's tokens costs less than running a PhraseMatcher)
        self._folded = _prefixes(self.keys)
        self._exact = _prefixes(exact_seqs)
        self._folded_first = {k[0]: ci for k, ci in self._folded.items() if len(k) == 1}  # (see `_walk`)
        self._exact_first = {k[0]: ci for k, ci in self._exact.items() if len(k) == 1}
        # `match` finds nothing in a block with no key in `gate_keys` and no text in `gate_texts`: the keys without
        # which no folded form, part, variant or coordination can start (most blocks have none of them, one test then
        # stands for those four) and the first texts of the exact forms
        self.gate_texts = frozenset(self._exact_first)
        self.gate_keys = frozenset(self._folded_first) | self._part_set | self._variant_set | self._coord_lasts
        # the word sets of `WORD_FLAGS` after the first two (joiner, "("): a word's text in the second, its key in
        # the others; a block's words' flags OR-ed tell `match` which of its tests can find anything there
        self.gate = (self.gate_keys, self.gate_texts, self._part_set, frozenset(self._ins_first),
                     frozenset(self._pred), COORDINATORS, self._coord_lasts)

    def block_flags(self, keys, texts) -> int:
        """The OR of a block's words' `WORD_FLAGS` for the glossary's `gate` (its keys and texts; the joiner and "("
        bits left out): the definition of what `discovery.page_tokens` computes from the word table's column of
        each word's flags (`discovery._flags_column`)."""
        text_set, key_set = frozenset(texts), frozenset(keys)
        flags = 0
        for bit, words in zip(WORD_FLAGS[2:], self.gate):
            if not words.isdisjoint(text_set if bit == GATE_TEXT else key_set):
                flags |= bit
        return flags

    def _add_derived(self, glossary: Glossary, nlp, owner: dict[tuple, int],
                     exact_seqs: dict[tuple[str, ...], int]) -> None:
        """The derived forms and partial parts of `audit.terms.forms` added to the matcher's tables."""
        tokenize = lambda text: [t.text for t in nlp.make_doc(text) if not t.is_space]  # noqa: E731
        tied, owned = {}, {}  # forms tied titles derive (stop 38: `shared_topics`), topics other titles own (stop 39)
        folded, exact, written = derived_sequences(glossary.concepts, tokenize, _form_key_sequences, owner, tied, owned)
        for seq, (ci, reason) in folded.items():
            owner[("folded", seq)] = ci
            self.keys[seq] = ci
            self._how_folded[seq] = reason
        for seq, (ci, reason) in exact.items():
            owner[("exact", seq)] = ci
            exact_seqs[seq] = ci
            self._how_exact[seq] = reason
        written_keys = [(tuple(token_key(t) for t in tokenize(text)), ci) for text, ci in written]
        self._written: dict[int, list[tuple[str, ...]]] = {}  # concept -> its written forms' keys (`_replaces`)
        for seq, ci in written_keys:
            self._written.setdefault(ci, []).append(seq)
        # (stop 22) a part that starts with an eponym before a head is also written with its possessive, as the
        # name is (`audit.terms.forms._possessive`): "Fanconi's syndrome" of *Fanconi renotubular syndrome*
        eponyms = {token_key(w) for text, _ in written for w in text.split() if eponym(w)}

        def possessives(part: tuple[str, ...]) -> set[tuple[str, ...]]:
            # (stop 32) "microservice" of the part "microservices"; not a word of the table ("Robert" of *Roberts
            # syndrome*: a person's name, no singular)
            singular = unfolded_singular(part[-1])
            out = {part[:-1] + (singular,)} if singular and singular not in word_logprobs() else set()
            if len(part) < 2 or part[0] not in eponyms or part[1] not in EPONYM_HEADS:
                return out | designator_spellings(part)  # (stop 24: "hepatitis c.", "type b hepatitis")
            return out | {(part[0], "'s") + part[1:], (token_key(part[0] + "s"),) + part[1:]}

        part_index, self.part_concepts, self.part_weak, self.part_naming, self._part_core = part_table(
            written_keys, self.keys, possessives)
        # (stop 33) the words the glossary writes in capitals ("MELAS"): a part's word the text writes in capitals
        # and the glossary does not is another word, an acronym ("MIME" of "S/MIME" is no *mime therapy*)
        self._capitals = frozenset(token_key(w) for text, _ in written for w in tokenize(text) if capitals(w))
        self._heads = frozenset(k for seq, _ in written_keys for (k,) in head_part(seq))  # (stop 36: `head_parts`)
        # (stop 37) the short forms the glossary's own definitions write ("root" of *Root certificate*: `short_forms`)
        self._short = add_parts(short_forms(glossary, tokenize), part_index, self.keys, self.part_concepts,
                                self.part_weak, self.part_naming, self._part_core)
        # (stop 38) a rare head no other concept's forms hold ("myeloma" of *plasma cell myeloma*: `rare_heads`)
        self._rare = add_heads(unique_heads(written_keys, self.keys), part_index, self.keys, self.part_concepts,
                               self.part_weak, self.part_naming, self._part_core)
        tables = (self.part_concepts, self.part_weak, self.part_naming, self._part_core)  # (extended in place)
        self._mods = add_modifiers(written_keys, self.keys, part_index, *tables)  # (stop 39: `modifier_parts`)
        self._agents = add_agents(written_keys, self.keys, part_index, *tables)  # (stop 40: `agent_parts`)
        self._agent_parts = {(k,) for k in self._agents}
        self.topics = add_topics(tied, self.names, tokenize, part_index, self.keys, *tables)
        self.facets = add_general(owned, self.names, tokenize, *tables)
        self._part = _prefixes(part_index)
        self._part_first = {k[0]: v for k, v in self._part.items() if len(k) == 1}
        self._part_set = frozenset(self._part_first)
        ins, self._pred = variant_tables(self.keys, {p: i for p, i in part_index.items()
                                                     if p not in self._mods and p not in self._agent_parts})
        self._ins_lasts = list(ins.values())
        self._ins = _prefixes(dict(zip(ins, range(len(ins)))))
        self._ins_first = {k[0]: v for k, v in self._ins.items() if len(k) == 1}
        self._variant_set = frozenset(self._ins_first) | frozenset(self._pred)  # (one test per block for both)
        # the last words of the multi-word forms: a block with a coordinator and one of them may coordinate one
        self._coord_lasts = frozenset(seq[-1] for seq in self.keys if len(seq) >= 2 and coordinated_last(seq[-1]))

    def _replaces(self, key: str, part: tuple[str, ...], pi: int) -> bool:
        """`key`, inserted in the part `part` of the concepts `part_concepts[pi]`, replaces a word of their names:
        it names a thing (`names_a_thing`), or (stop 35) it is a body part by its first sense (`organ_words`:
        "eye", "breast", "artery") and every name the part comes from has another thing or body part the part leaves
        out — "Diabetic eye disease" is no *Diabetic Heart Disease* (part "diabetic disease"), "metastatic breast
        cancer" no *Metastatic Squamous Neck Cancer with Occult Primary*, "pulmonary artery stenosis" no *Pulmonary
        vein stenosis*. Not when the name leaves out no body part ("optic nerve atrophy" of *optic atrophy type 1*)
        or the word is the initials of the words it leaves out ("primary CNS lymphoma" of *Primary central nervous
        system lymphoma*)."""
        if names_a_thing((key,)):
            return True
        if key not in organ_words():
            return False
        words = set(part)
        for ci in self.part_concepts[pi]:
            names = [seq for seq in self._written.get(ci, ()) if words <= set(seq)]
            if not names or not all(_leaves_out_another(seq, words, key) for seq in names):
                return False
        return True

    def by_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """{word key: the full key sequences with it} (built on first use: a page defining an abbreviation)."""
        if self._by_word is None:
            index: dict[str, list[tuple[str, ...]]] = {}
            for seq in self.keys:
                for k in dict.fromkeys(seq):
                    index.setdefault(k, []).append(seq)
            self._by_word = {k: tuple(v) for k, v in index.items()}
        return self._by_word

    def _known(self, seq: tuple[str, ...]) -> bool:
        """`seq` is a full form or a part itself (an insertion variant then gives way)."""
        return self._folded.get(seq, -1) >= 0 or self._part.get(seq, -1) >= 0

    def match(self, doc, keys: list[str] | None = None, tokens=None, partial: bool = False,
              flags: int | None = None) -> list[Match]:
        """Concept matches in `doc`, longest first on overlaps, in text order. `keys`: the tokens' `token_key`s
        when the caller has them already; `tokens`: an `audit.terms.discovery.Tokens` of the doc (its keys, texts, ws).
        `partial`: also the unresolved partial matches outside the full ones (see `resolve_partials`). `flags`: the
        block's `block_flags` when the caller has them (`discovery.page_tokens`)."""
        if len(doc) == 0:
            return []
        if tokens is not None:
            keys, texts = tokens.keys, tokens.texts
        else:
            keys = tuple(token_key(t.text) for t in doc) if keys is None else tuple(keys)
            texts = tuple(t.text for t in doc)
        if flags is None:
            flags = self.block_flags(keys, texts)
        gated = not flags & GATE_KEY  # (then no folded form, part, variant or coordination)
        found = [] if gated else _walk(keys, self._folded, self._folded_first)
        if flags & GATE_TEXT:
            found += _walk(texts, self._exact, self._exact_first)
        want_partial = want_ins = want_pred = want_coord = False
        if not gated:
            want_partial = partial and flags & PART_KEY != 0
            want_ins, want_pred = flags & INSERTION_KEY != 0, flags & PREDICATIVE_KEY != 0
            want_coord = flags & COORDINATOR != 0 and flags & COORDINATED_LAST != 0
        if not found and not want_partial and not want_ins and not want_pred and not want_coord:
            return []
        ws = tokens.ws if tokens is not None else [t.whitespace_ for t in doc]
        if len(found) > 1:  # longest first; of one length, a name written in its capitals (stop 39), then leftmost
            found.sort(key=lambda x: (-(x[1] - x[0]), self._capitalised.get(texts[x[0]:x[1]]) != x[2], x[0], x[2]))
        kept = []
        taken: list[tuple[int, int]] = []  # the kept matches' token ranges
        how_f, how_x = self._how_folded, self._how_exact
        for s, e, ci in found:
            if taken and any(s < te and ts < e for ts, te in taken):
                continue
            if inside_word(keys, texts, ws, s, e):
                continue  # starts inside a hyphenated word: "facial spasm" in "hemi-facial spasm"
            seq = tuple(keys[s:e])
            how = how_f.get(seq, "") if self._folded.get(seq) == ci else how_x.get(tuple(texts[s:e]), "")
            if how not in self._own_reasons and any(texts[i] == "-" and (ws[i - 1] or ws[i]) for i in range(s + 1, e - 1)):
                continue  # (stop 35) a dash between words is no hyphen of a derived form: "the ear - Trouble
                #   sleeping" (a list run on) is no "ear trouble"; a name written so is ("Ataxia - hypogonadism - …")
            taken.append((s, e))
            kept.append(Match(ci, s, e, how))
        if want_coord:
            kept += coordinations(keys, self._folded, self._coord_lasts, kept, Match)
        if want_ins:
            kept += insertions(_walk(keys, self._ins, self._ins_first), keys, self._ins_lasts, kept, Match, partial,
                               self._known, self._replaces, texts, word_logprobs())
        if want_partial:
            kept += partial_matches(_walk(keys, self._part, self._part_first), keys, texts, ws, kept, Match,
                                    self._part_core, self._capitals, self._heads | self._rare, self._short,
                                    self._rare, self._mods, self._agents)
        if want_pred:
            kept += predicatives(keys, texts, self._pred, kept, Match, partial)
        if len(kept) > 1:
            kept.sort(key=attrgetter("start"))
        return kept
