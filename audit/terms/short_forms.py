"""Short forms a site's own glossary writes: a two-word name less the glossary's class word (issue 19, stop 37).

A glossary about one kind of thing names most of its concepts with that kind's word — letsencrypt.org's glossary
has *Certificate* and 20 of its 75 names hold "certificate": *Root certificate*, *Intermediate certificate*,
*Certificate chain*, *Certificate issuer* — and its editors, writing about certificates, drop the word: "A
certificate signed by a root or another intermediate … Intermediates are included in certificate chains", "Note:
the chain is not always unique", "most fields are defined by extensions", "the issuer of the certificate", "the
Issuer is the same as the Subject". The partial rule of `audit.terms.parts` reads neither shape ("root" is a common
word; "chain" drops the name's first word), and neither may be read without evidence: "root", "chain", "policy"
are everyday words (stop 36 tried dropping the word without it and read "The policies an organization uses" as
*Certificate Policy*, and *Blood* + *Blood Clots* as "blood to clot").

**The rule.** The glossary's *class word* (`class_word`) is the word in the most of its names, in at least
`CLASS_SHARE` of them (one word: a tie is no class). A name of two words, one of them the class word, gives the
other word as a short form (`ShortForm`: "root" of *Root certificate*, "chain" of *Certificate chain*) when the
glossary's own definitions write that word **alone as a noun** in `MIN_DEFINITIONS` definitions or more (`_alone`):
after a determiner or in the plural, standing alone (`stands_alone`: no content word after it that makes a compound
of it — "the root program", "issuer URI"; a participle is none, "extensions marked"; with a capital after a
determiner, a term: "with its Subject equal to its Issuer"), not inside the name itself ("root certificates", "the
certificate's Subject"). Not a short form: a word that is any concept's own form ("certificate"), a word two such
names give, a stop word, a word that names a thing by WordNet or a body part (`audit.terms.parts.names_a_thing`,
`audit.terms.organs.organ_words`: "breast" of *Breast cancer* never, though a definition says "the breast"). A word
of the other names is no obstacle: "root" is in *Root Program* too, but only *Root certificate* is "root" + the
class word. Read on letsencrypt.org's glossary: "root", "intermediate", "chain", "extension", "issuer", "subject";
not "policy" (one definition: *Root Program*'s "The policies an organization uses", no certificate policy), "leaf"
(one), "store" (never alone).

A short form is a **partial match** (terms.csv's `how`: `partial: short form: root`), counted wherever a page
writes it, as a part of one concept is (`audit.terms.part_matches`), where it stands alone (`read_alone`: not "a
trusted root list", "the issuer URI", "DST Root CA X3" — a word in capitals after it — nor a singular after a
preposition, "by extension"). A modifier before it is no obstacle, unlike a WordNet head's
(`audit.terms.head_parts.modified`): in a glossary of certificates "the OCSP Must-Staple extension", "the entire
chain" are a certificate's extension and chain.

Where: at compile time (`CompiledGlossary`), from the definitions as they stand; a glossary without definitions (the
MedQuAD and NCBI sets' names-only glossaries), or whose class word is shared by fewer names, reads none. Seen and
vetoed by the user: `audit glossary check` lists every short form read, with its evidence (`check_lines`);
`definition_names: false` on the concept (or at the glossary's top) refuses them, as it refuses the names a
definition gives (`audit.terms.definition_names`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.keys import token_key
from audit.terms.organs import organ_words
from audit.terms.part_tables import new_part
from audit.terms.parts import names_a_thing

REASON = "short form"
CLASS_SHARE = 0.2  # the class word is in this share of the glossary's names at least ("certificate": 20 of 75)
MIN_DEFINITIONS = 2  # a short form is written alone in this many of the glossary's definitions at least
# words that make the next word a noun: "a root", "another intermediate", "its Subject"
DETERMINERS = frozenset({"a", "an", "the", "another", "this", "that", "these", "those", "each", "every", "its",
                         "their", "one", "any", "some", "no", "which", "whose", "our", "your", "his", "her"})


@dataclass(frozen=True)
class ShortForm:
    concept: int  # index into the glossary's concepts
    key: str  # the short form's key ("root")
    kind: str  # "modifier" (the class word was the name's head) or "head" (it was the modifier)
    evidence: tuple[tuple[int, str], ...]  # (concept whose definition writes it, the sentence's words around it)


def _name_keys(name: str, tokenize) -> tuple[str, ...]:
    """The folded keys of a name before any parenthesis ("leaf certificate" of "Leaf certificate (end-entity
    certificate)")."""
    out = []
    for t in tokenize(name):
        if t in "([":
            break
        out.append(token_key(t))
    return tuple(out)


def class_word(names: list[tuple[str, ...]]) -> str | None:
    """The word (a key) in the most names, when it is in `CLASS_SHARE` of them at least and no other word is in as
    many; None otherwise."""
    counts = Counter(k for keys in names for k in set(keys) if k.isalpha() and k not in STOP_WORDS)
    top = counts.most_common(2)
    if not top or top[0][1] < CLASS_SHARE * len(names) or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


# a singular short form right after one of these, with no determiner, is an idiom or a mass noun ("by extension")
PREPOSITIONS = frozenset({"by", "in", "at", "on", "from", "to", "of", "for", "with", "into", "without", "under"})


def compounded(keys, texts, e: int) -> bool:
    """The word before `e` is a modifier of the word at `e`: a content word follows it ("the root list", "issuer
    URI", "extension mechanism": another thing than the short form's concept), or a word in capitals ("DST Root CA
    X3": "ca" is one of spaCy's stop words, for "ca n't"); not a participle ("extensions marked “critical”",
    "roots included in": a word in "-ed", not "-eed")."""
    if e >= len(keys) or not keys[e][:1].isalnum():
        return False
    if keys[e] in STOP_WORDS:
        return len(texts[e]) >= 2 and texts[e].isupper()
    return not (keys[e].endswith("ed") and not keys[e].endswith("eed") and len(keys[e]) >= 4)


def stands_alone(keys, texts, i: int) -> bool:
    """The word at `i` makes no compound with the word after it (`compounded`), or it is written with a capital
    after a determiner and before a word without one, as a term ("with its Subject equal to its Issuer"; not "the
    Subject Alternative Names")."""
    if not compounded(keys, texts, i + 1):
        return True
    return i >= 2 and keys[i - 1] in DETERMINERS and texts[i][:1].isupper() and not texts[i + 1][:1].isupper()


def read_alone(keys, texts, i: int) -> bool:
    """A page's short form at `i` is read as its concept: it stands alone (`stands_alone`) and is no singular in lower
    case right after a preposition ("by extension, the hardware server")."""
    bare = i >= 1 and keys[i - 1] in PREPOSITIONS and texts[i] == keys[i]
    return not bare and stands_alone(keys, texts, i)


def _alone(keys, texts, i: int, name: tuple[str, ...], kind: str) -> bool:
    """The word at `i` is written alone as a noun: after a determiner or in the plural, standing alone
    (`stands_alone`: "issuer URI" is another thing), and not inside the name it stands for ("root certificates",
    "the certificate's Subject")."""
    prev = keys[i - 1] if i else ""
    nxt = keys[i + 1] if i + 1 < len(keys) else ""
    if kind == "modifier" and nxt == name[1]:
        return False
    if kind == "head" and (prev == name[0] or (prev == "'s" and i >= 2 and keys[i - 2] == name[0])):
        return False
    if nxt == "-" or prev == "-":
        return False
    return (prev in DETERMINERS or texts[i].lower() != keys[i]) and stands_alone(keys, texts, i)


def _quote(text: str, words) -> str:
    """The words as the definition writes them (its spacing), for `check_lines`."""
    m = re.search(r"\s*".join(map(re.escape, words)), text)
    return " ".join(m.group(0).split()) if m else " ".join(words)


def short_forms(glossary, tokenize) -> list[ShortForm]:
    """Every short form the glossary's definitions attest (see the module docstring), in glossary order, for the
    concepts that do not say `definition_names: false`. `tokenize(text)` -> token texts."""
    concepts = glossary.concepts
    if not any(c.definition or c.plain for c in concepts):
        return []
    names = [_name_keys(c.name, tokenize) for c in concepts]
    word = class_word(names)
    if word is None:
        return []
    own = {keys for c in concepts if not c.case_sensitive for f in c.forms
           for keys in [tuple(token_key(t) for t in tokenize(f.term))]}
    own |= {(k,) for keys in names if len(keys) == 1 for k in keys}
    candidates: dict[str, list[tuple[int, str]]] = {}
    for ci, keys in enumerate(names):
        if len(keys) == 2 and word in keys and keys[0] != keys[1]:
            short = keys[1] if keys[0] == word else keys[0]
            candidates.setdefault(short, []).append((ci, "modifier" if keys[1] == word else "head"))
    out: list[ShortForm] = []
    texts_keys = None
    for short, found in candidates.items():
        if len(found) != 1 or (short,) in own or not short.isalpha() or len(short) < 3 or short in STOP_WORDS \
                or names_a_thing((short,)) or short in organ_words():
            continue
        ci, kind = found[0]
        if not concepts[ci].definition_names:
            continue
        if texts_keys is None:
            texts_keys = []
            for c in concepts:
                texts = tuple(tokenize(c.definition or c.plain or ""))
                texts_keys.append((texts, tuple(token_key(t) for t in texts)))
        evidence = []
        for dj, (texts, keys) in enumerate(texts_keys):
            for i, k in enumerate(keys):
                if k == short and _alone(keys, texts, i, names[ci], kind):
                    evidence.append((dj, _quote(concepts[dj].definition or concepts[dj].plain,
                                                texts[max(0, i - 5):i + 4])))
                    break
        if len(evidence) >= MIN_DEFINITIONS:
            out.append(ShortForm(ci, short, kind, tuple(evidence)))
    return sorted(out, key=lambda s: (s.concept, s.key))


def check_lines(glossary, tokenize) -> list[str]:
    """`audit glossary check`'s lines on the short forms read from the definitions: one per short form, with where
    the definitions write it."""
    out = []
    for s in short_forms(glossary, tokenize):
        where = "; ".join(f"{glossary.concepts[dj].name!r}: '… {text} …'" for dj, text in s.evidence[:3])
        more = f" and {len(s.evidence) - 3} more" if len(s.evidence) > 3 else ""
        out.append(f"{glossary.concepts[s.concept].name!r} is also {s.key!r} alone (a {REASON}, a partial match): "
                   f"the glossary's definitions write it so ({where}{more}); if it is not, say "
                   "`definition_names: false` on the concept")
    return out


def add_parts(forms: list[ShortForm], index: dict, full: dict, concepts: list, weak: list, naming: list,
              core: list) -> frozenset[str]:
    """The short forms added to the matcher's part tables (`audit.terms.parts.part_table`'s `index`, `concepts`,
    `weak`, `naming`, `core`, extended in place), each a part proper of its one concept — not one that is a full
    form (`full`) or a part already (of other concepts: then it stays theirs). Returns the short forms' keys."""
    keys = set()
    for s in forms:
        part = (s.key,)
        if part in full or part in index:
            continue
        index[part] = new_part(concepts, weak, naming, core, (s.concept,))
        keys.add(s.key)
    return frozenset(keys)
