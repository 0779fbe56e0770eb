"""The matcher's tables of derived forms (issue 19): every concept's derived forms (`audit.terms.forms`) as folded and
exact token sequences, a sequence two concepts derive given to the closer one, the plurals spaCy's lemma table would
not fold; used by `audit.terms.glossary.CompiledGlossary`."""
from __future__ import annotations

from audit.terms.definition_names import REASON as DEFINITION_NAME
from audit.terms.forms import NO_PARTS, derived_forms
from audit.terms.shared_topics import facet_dropped
from audit.terms.titles import AUDIENCE, TITLE_PART
from audit.terms.keys import exact_sequences, unfolded_plural, unfolded_singular
from audit.terms.organ_diseases import REASON as ONE_WORD

PLURAL = "plural"
SINGULAR = "singular"


def _add_plurals(derived: dict, owner: dict) -> None:
    """(stop 31) Every folded sequence, own or derived, also with its last word's regular plural where spaCy's lemma
    table would not fold the text's plural to it (`keys.unfolded_plural`: "precertificates" for *Precertificate*), or
    (stop 38) a plural last word with its regular singular the table would not fold to it (`keys.unfolded_singular`:
    "syscall" for *Syscalls*, "plugin" for *Plugins*, "namespace" for *Namespaces*: a glossary of a technical site
    names its concepts in the plural), one step more than its source; never a sequence a concept owns."""
    plurals: dict[tuple, dict[int, tuple[int, str]]] = {}
    sources = [(seq, {ci: (0, "")}) for (kind, seq), ci in owner.items() if kind == "folded"]
    sources += [(seq, by_concept) for (kind, seq), by_concept in derived.items() if kind == "folded"]
    for seq, by_concept in sources:
        plural = unfolded_plural(seq[-1])
        other, what = (plural, PLURAL) if plural is not None else (unfolded_singular(seq[-1]), SINGULAR)
        if other is None or ("folded", seq[:-1] + (other,)) in owner:
            continue
        into = plurals.setdefault(("folded", seq[:-1] + (other,)), {})
        for ci, (steps, why) in by_concept.items():
            if steps + 1 < into.get(ci, (steps + 2,))[0]:
                into[ci] = (steps + 1, f"{why} + {what}" if why else what)
    for key, by_concept in plurals.items():
        into = derived.setdefault(key, {})
        for ci, (steps, why) in by_concept.items():
            if steps < into.get(ci, (steps + 1,))[0]:
                into[ci] = (steps, why)


def derived_sequences(concepts, tokenize, key_sequences, owner, tied: dict | None = None,
                      general: dict | None = None) -> tuple[dict, dict, list[tuple[str, int]]]:
    """The derived forms of every concept's folded forms as matcher sequences: folded {key sequence: (concept,
    reason)}, exact {token sequence: (concept, reason)} (abbreviations), and every form as written (own and
    derived, folded ones: [(text, concept)], for `part_table`) — not a vocabulary's synonym the glossary accepts
    (`Form.accepted`, stop 30) nor a name read from the concept's definition (stop 34): a partial part stands for a
    concept when the glossary's own name has it; a vocabulary writes long names whose parts name other things
    ("proximal tubular" of MeSH's *Proximal Renal Tubular Dysfunction*, an entry term of Fanconi syndrome). A name
    read from a definition (`audit.terms.definition_names`) derives nothing: the matcher folds it as it is.
    `tokenize(text)` -> token texts; `key_sequences(tokens)` -> the folded key sequences a form stands for; `owner`:
    {(kind, sequence): concept} of the own forms, which a derived sequence never takes. A sequence two concepts
    derive goes to the one that derives it in fewer steps (stop 30: "lung cancer" is one head synonym from *lung
    neoplasm*, two from *lung adenocarcinoma*; a step more from an accepted synonym than from the glossary's own
    form), and is dropped when they tie (ambiguous) — then, when each tied concept derives it by dropping its
    title's facet (`audit.terms.shared_topics.facet_dropped`: "Kidney Stones in Adults", "... in Children"), in
    `tied` when given ({folded sequence: the tied concepts}), left to each page (stop 38); so is (stop 39) a form
    derived by dropping a title's audience (`audit.terms.titles.audience_dropped`), one concept's too: "behavior
    disorders" of *Child Behavior Disorders* names the title only on a page that writes its audience. A form a title
    derives by
    dropping its facet that is another concept's own form ("heart disease" of *Heart Disease in Women*, the own form
    of *Heart Diseases*) stays that concept's, and goes in `general` when given ({that concept: {the title: its
    folded sequences}}), for `audit.terms.title_facets` to decide per page (stop 39)."""
    derived: dict[tuple, dict[int, tuple[int, str]]] = {}  # (kind, sequence) -> {concept: (steps, reason)}
    written: list[tuple[str, int]] = []
    for ci, concept in enumerate(concepts):
        for form in concept.forms:
            if form.case_sensitive:
                continue
            own = form.own  # (an accepted synonym or a name read from a definition makes no partial parts: see the
            #   docstring)
            if own:
                written.append((form.term, ci))
            if form.reason == DEFINITION_NAME:
                continue  # (a definition's name is written as the site writes it: folded only, derived no further)
            for text, reason, exact in derived_forms(form.term):
                if not own and (reason.startswith((TITLE_PART, AUDIENCE)) or ONE_WORD in reason):
                    continue  # (a vocabulary's synonym is a name, not a title: `audit.terms.titles`; its one-word
                    #   names are the vocabulary's own: stop 40, `audit.terms.organ_diseases`)
                tokens = tokenize(text)
                if own and not exact and not any(r in reason for r in NO_PARTS):  # (a derived word: no part)
                    written.append((text, ci))
                kind = "exact" if exact else "folded"
                steps = reason.count(" + ") + 1 + (not own)
                for seq in (exact_sequences(tokens) if exact else key_sequences(tokens)):
                    if (kind, seq) in owner and general is not None and own and kind == "folded" \
                            and owner[(kind, seq)] != ci and facet_dropped(reason):
                        general.setdefault(owner[(kind, seq)], {}).setdefault(ci, set()).add(seq)
                    if (kind, seq) not in owner:
                        by_concept = derived.setdefault((kind, seq), {})
                        if steps < by_concept.get(ci, (steps + 1,))[0]:
                            # (a derived form of an accepted synonym keeps its source: "synonym from X + generic head")
                            by_concept[ci] = (steps, f"{form.reason} + {reason}" if form.reason else reason)
    _add_plurals(derived, owner)
    folded: dict[tuple[str, ...], tuple[int, str]] = {}
    exact_out: dict[tuple[str, ...], tuple[int, str]] = {}
    for (kind, seq), by_concept in sorted(derived.items()):
        fewest = min(steps for steps, _ in by_concept.values())
        closest = [(ci, why) for ci, (steps, why) in by_concept.items() if steps == fewest]
        audience = tied is not None and kind == "folded" and all(why.startswith(AUDIENCE) for _, why in closest)
        if len(closest) == 1 and not audience:
            (folded if kind == "folded" else exact_out)[seq] = closest[0]
        elif tied is not None and kind == "folded" and all(facet_dropped(why) for _, why in closest):
            tied[seq] = tuple(sorted(ci for ci, _ in closest))
    return folded, exact_out, written
