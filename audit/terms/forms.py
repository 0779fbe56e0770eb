"""Forms derived from a concept's name, as editors write it, each with its reason (issue 19).

A glossary names a concept as a title ("Affordable coverage (as it relates to APTC)", "Out-of-pocket
maximum/limit", "Brain and Spinal Tumors", "Swallowing Disorders"); pages say "affordable coverage", "out-of-pocket
maximum", "brain tumors", "disorders of swallowing". `derived_forms` turns one name into the forms it also stands
for, each with the reason it was derived (kept for terms.csv's `how` column):

- `qualifier dropped` — a parenthetical ("… (as it relates to APTC)") or a comma qualifier that reads as a
  clause ("…, as it relates to …", or more than three words after the comma);
- `abbreviation` / `expansion` — "Amyotrophic Lateral Sclerosis (ALS)": "ALS" (exact case); "UCR (Usual,
  Customary, and Reasonable)": "Usual, Customary, and Reasonable";
- `inverted order` / `comma dropped` — an index-style name "Colitis, Ulcerative" (up to three words after the
  comma): "ulcerative colitis"; "Noonan syndrome, type 2": "Noonan syndrome type 2";
- `slash alternative` — "maximum/limit": one form per alternative ("A / B" with spaces: the whole sides);
- `coordination` — a shared head distributed ("Brain and Spinal Tumors": "brain tumors", "spinal tumors";
  "… of the Central and Peripheral Nervous Systems": both systems); when nothing follows the second conjunct, each
  side ("Atrial Fibrillation and Stroke": "atrial fibrillation", "stroke"); and the other ways of writing a shared
  head's coordination ("breast/ovarian cancer", "breast-ovarian cancer", "breast and/or ovarian cancer");
- `redundant head` — the last of two generic heads dropped ("Aicardi-Goutieres Syndrome Disorder");
- `generic head` — "X disease" = "X disorder" (interchangeable heads of disease names);
- `code` — "complement component 9 deficiency": "C9 deficiency" (`audit.terms.derivation.code_forms`);
- `head synonym` — "breast neoplasm" = "breast tumor" / "breast cancer": heads the open vocabularies interchange
  (`audit.terms.heads`);
- `word order` — "Swallowing Disorders" = "disorders of swallowing" (= "disorders of the swallowing"), and back;
- `spelling` — American and British medical spellings ("tumor" / "tumour", "leukemia" / "leukaemia",
  "hemochromatosis" / "haemochromatosis");
- `possessive` — an eponym before a head also written with a possessive ("Alzheimer disease": "Alzheimer's
  disease", which the matcher folds to "Alzheimers disease" too);
- `joined spelling` — two words joined ("health care": "healthcare"), a prefix hyphenated ("copayment":
  "co-payment").

Inflection of every word, case, apostrophes, possessives and hyphen/space variants are folded by the matcher
itself (`audit.terms.glossary.token_key`, `_form_key_sequences`); a derived form that another concept's own form (or
another concept's derived form) also gives is not used (see `audit.terms.glossary.CompiledGlossary`).

`partial_parts` gives the parts of a multi-word form that may stand for the whole ("grandfathered" for
"Grandfathered Health Plan", "vasculitis" for "Vasculitis Syndromes of …"): order-kept word subsets that keep
the name's first word when it is distinctive — rare in general English (spaCy's word-probability table), not a
stop word or a generic head ("disorder", "syndrome"). Never a subset without the first word: "injury" is a
broader concept than "facial nerve injury". Whether a part counts on a page is decided per page
(`resolve_partials`).
"""
from __future__ import annotations

import gzip
import itertools
import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.derivation import code_forms, derivations, type_word
from audit.terms.heads import REASON as HEAD_SYNONYM, head_synonyms
from audit.terms.jargon import is_abbreviation
from audit.terms.variants import GENERIC_HEADS, claim

_CLAUSE_WORDS = frozenset({"as", "for", "in", "when", "which", "that", "if", "such", "including", "see", "e.g.",
                           "i.e.", "not", "with", "without", "where", "who", "by", "from", "to", "of", "on"})
_COORD = frozenset({"and", "or", "&"})
PREFIXES = ("co", "pre", "re", "non", "anti", "post", "sub", "multi", "semi", "inter", "intra", "over", "under")
MAX_FORMS = 48  # derived forms per name at most (a name of many slashes and conjunctions stays bounded)
_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(.*)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _is_abbreviation(short: str, long: str) -> bool:
    """`short` abbreviates `long`: all capitals in the source, and `jargon.is_abbreviation` (2-8 letters, the first
    letters of `long`'s words in order)."""
    return short.replace(".", "").isupper() and is_abbreviation(short, long)


def _norm(text: str) -> str:
    return " ".join(text.replace(" ,", ",").split()).strip(" ,;:")


def _parenthetical(term: str) -> list[tuple[str, str, bool]]:
    m = _PAREN.match(term)
    if not m:
        return []
    pre, inner, post = m.group(1), _norm(m.group(2)), m.group(3)
    outer = _norm(f"{pre} {post}")
    out = []
    if outer and _WORD.search(outer):
        out.append((outer, "qualifier dropped", outer.isupper() and len(outer.split()) == 1))  # "UCR": exact
        if _is_abbreviation(inner, outer):
            out.append((inner, "abbreviation", True))
        elif _is_abbreviation(outer, inner):
            out.append((inner, "expansion", False))
    return out


def _comma(term: str) -> list[tuple[str, str, bool]]:
    if "," not in term:
        return []
    head, _, tail = term.partition(",")
    head, tail = _norm(head), _norm(tail)
    words = tail.split()
    if not head or not words:
        return []
    if any(w.casefold() in _COORD for w in words) or "," in tail:
        return []  # a list ("Usual, Customary, and Reasonable"), not a qualifier
    if words[0].casefold() in _CLAUSE_WORDS or len(words) > 3:
        return [(head, "qualifier dropped", False)]
    return [(f"{tail} {head}", "inverted order", False), (f"{head} {tail}", "comma dropped", False)]


def _slash(term: str) -> list[tuple[str, str, bool]]:
    if " / " in term:
        return [(_norm(side), "slash alternative", False) for side in term.split(" / ") if _norm(side)]
    m = re.search(r"(\S+)/(\S+)", term)
    if not m or "://" in term:
        return []
    pre, post = term[:m.start()], term[m.end():]
    alts = m.group(0).split("/")
    return [(_norm(f"{pre}{alt}{post}"), "slash alternative", False) for alt in alts if alt]


def _coordination(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    idx = [i for i, w in enumerate(words) if w.casefold() in _COORD]
    if len(idx) != 1 or "," in term:
        return []
    i = idx[0]
    left, right = words[:i], words[i + 1:]
    if not left or not right:
        return []
    if len(right) >= 2:  # a shared head: "Brain and Spinal Tumors", "the Central and Peripheral Nervous Systems"
        prefix, a, b, head = left[:-1], left[-1], right[0], right[1:]
        if a.casefold() in STOP_WORDS or b.casefold() in STOP_WORDS:
            return []
        out = [(" ".join(prefix + [a] + head), "coordination", False),
               (" ".join(prefix + [b] + head), "coordination", False)]
        # and the other ways of writing the coordination: "breast/ovarian cancer", "breast-ovarian cancer",
        # "breast and/or ovarian cancer", "breast or ovarian cancer"
        if a.isalpha() and b.isalpha():
            out += [(" ".join(prefix + [f"{a}{sep}{b}"] + head), "coordination", False) for sep in ("/", "-")]
            out += [(" ".join(prefix + [a, conj, b] + head), "coordination", False)
                    for conj in ("and/or", "or" if words[i].casefold() == "and" else "and")]
        return out
    # nothing after the second conjunct: "Atrial Fibrillation and Stroke" -> each side; after a preposition the
    # right side shares what precedes it ("Summary of Benefits and Coverage" -> "summary of coverage")
    cut = max((k for k, w in enumerate(left) if w.casefold() in STOP_WORDS), default=-1)
    if cut >= 0:
        right = left[:cut + 1] + right
        left_alone = left[cut + 1:]
        if not left_alone:
            return []
    sides = (left, right)
    # a one-word side names the concept alone only when it is distinctive ("stroke" is not "atrial fibrillation
    # and stroke")
    return [(" ".join(side), "coordination", False) for side in sides
            if len(side) > 1 or distinctive(side[0].casefold())]


# an eponym (a capitalised word rare in general English: a name) before one of these heads is also written with a
# possessive ("Alzheimer disease": "Alzheimer's disease", "Alzheimers disease"; not "Brain Tumors")
_EPONYM_HEADS = GENERIC_HEADS | {"palsy", "sign", "ataxia", "dystrophy", "anomaly", "lymphoma", "sarcoma", "tumor",
                                 "tumour", "phenomenon", "neuralgia", "contracture"}


def _possessive(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    out = []
    for i, w in enumerate(words[:-1]):
        if len(w) > 2 and w[0].isupper() and w[1:].isalpha() and w[1:].islower() \
                and words[i + 1].casefold() in _EPONYM_HEADS and _probs().get(w.lower(), -99.0) < -14:
            out.append((" ".join(words[:i] + [w + "'s"] + words[i + 1:]), "possessive", False))
    return out


_HEAD_SWAP = {"disease": "disorder", "diseases": "disorders", "disorder": "disease", "disorders": "diseases"}


def _generic_head(term: str) -> list[tuple[str, str, bool]]:
    """"X disease" = "X disorder" (the two generic heads are used interchangeably in disease names: "rheumatic
    disorder", "rheumatic diseases"); a name of 2+ words only ("disease" alone is not "disorder")."""
    words = term.split()
    if len(words) >= 2 and words[-1].casefold() in _HEAD_SWAP and words[-2].isalpha() \
            and words[-2].casefold() not in STOP_WORDS and words[-2].casefold() not in GENERIC_HEADS:
        new = _HEAD_SWAP[words[-1].casefold()]
        return [(" ".join(words[:-1] + [new.capitalize() if words[-1][0].isupper() else new]), "generic head", False)]
    return []


def _redundant_head(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    if len(words) >= 3 and words[-1].casefold() in GENERIC_HEADS and words[-2].casefold() in GENERIC_HEADS:
        return [(" ".join(words[:-1]), "redundant head", False)]
    return []


def _plain_word(w: str) -> bool:
    return w.isalpha() and w.casefold() not in STOP_WORDS


_ADJECTIVE = re.compile(r"(?:al|ic|ive|ous|able|ible|ary|ory|ful|less|ed|ar|ant|ent|ile)$", re.I)


def _word_order(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    if len(words) == 2 and all(map(_plain_word, words)) and not _ADJECTIVE.search(words[0]):  # "Swallowing Disorders" -> "disorders of swallowing"
        a, b = words
        return [(f"{b} of {a}", "word order", False), (f"{b} of the {a}", "word order", False)]
    if len(words) == 2 and _plain_word(words[1]) and re.fullmatch(r"[A-Za-z]+\d+[A-Za-z]?", words[0]):
        return [(f"{words[1]} of {words[0]}", "word order", False)]  # a code: "C9 deficiency" -> "deficiency of C9"
    folded = [w.casefold() for w in words]
    if 3 <= len(words) <= 4 and folded[1] == "of" and _plain_word(words[0]) and _plain_word(words[-1]) \
            and (len(words) == 3 or folded[2] == "the"):  # "Disorders of (the) Swallowing" -> "swallowing disorders"
        return [(f"{words[-1]} {words[0]}", "word order", False)]
    return []


def _joined(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    if len(words) == 2 and all(w.isalpha() for w in words) and not any(w.casefold() in STOP_WORDS for w in words) \
            and len(words[0]) + len(words[1]) <= 10:  # "health care": "healthcare" (not "braintumors")
        return [(words[0] + words[1].lower(), "joined spelling", False)]
    if len(words) == 1 and words[0].isalpha():
        w = words[0]
        for p in PREFIXES:  # (the rest must be an English word: "co-payment", not "co-verage")
            if w.lower().startswith(p) and len(w) - len(p) >= 4 and _probs().get(w[len(p):].lower(), -99.0) > -15:
                return [(f"{w[:len(p)]}-{w[len(p):]}", "joined spelling", False)]
    return []


# American <-> British medical spellings, per word (both ways): tumor/tumour, leukemia/leukaemia, hemorrhage/
# haemorrhage, esophagus/oesophagus, edema/oedema, pediatric/paediatric, diarrhea/diarrhoea, anesthesia/anaesthesia
_SPELLINGS = ((r"(?<=[a-z])or$", "our", r"(?<=[a-z])our$", "or", ("tum", "hum", "behavi", "col", "lab", "vap")),
              (r"(?<!a)emia$", "aemia", r"aemia$", "emia", ()), (r"^hem", "haem", r"^haem", "hem", ()),
              (r"^esophag", "oesophag", r"^oesophag", "esophag", ()), (r"^edem", "oedem", r"^oedem", "edem", ()),
              (r"^pedi", "paedi", r"^paedi", "pedi", ()), (r"rrhea$", "rrhoea", r"rrhoea$", "rrhea", ()),
              (r"^anesth", "anaesth", r"^anaesth", "anesth", ()), (r"^estrog", "oestrog", r"^oestrog", "estrog", ()),
              (r"^orthoped", "orthopaed", r"^orthopaed", "orthoped", ()), (r"^ischem", "ischaem", r"^ischaem", "ischem", ()))


def _spelling(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    out = []
    for i, w in enumerate(words):
        low = w.lower().rstrip("s") if len(w) > 4 and w.lower().endswith("ors") else w.lower()
        for a, a_to, b, b_to, stems in _SPELLINGS:
            for rx, to in ((a, a_to), (b, b_to)):
                if stems and not low.startswith(stems):
                    continue
                new = re.sub(rx, to, low)
                if new != low and new.isalpha():
                    out.append((" ".join(words[:i] + [new] + words[i + 1:]), "spelling", False))
    return out


STEPS = (_spelling, _parenthetical, _comma, _slash, _coordination, _redundant_head, _word_order, _joined, _possessive, _generic_head,
         head_synonyms, type_word, code_forms, derivations)


@lru_cache(maxsize=65536)
def derived_forms(term: str) -> tuple[tuple[str, str, bool], ...]:
    """(form, reason, case_sensitive) of every form derived from `term` (not `term` itself), in derivation order;
    a form derived in several steps has its reasons joined with " + " ("qualifier dropped + word order")."""
    term = _norm(term)
    seen = {term.casefold()}
    out: list[tuple[str, str, bool]] = []
    frontier = [(term, "", False)]
    while frontier and len(out) < MAX_FORMS:
        nxt = []
        for text, why, exact in frontier:
            if exact:
                continue  # an abbreviation is a form as it is
            for step in STEPS[:-1] if why else STEPS:  # (a derivation of the name's own words only)
                if step is head_synonyms and why.count(HEAD_SYNONYM) >= 2:
                    continue  # (two head swaps at most: neoplasm -> cancer -> carcinoma)
                for form, reason, cs in step(text):
                    key = form.casefold()
                    if not form or key in seen or not _WORD.search(form):
                        continue
                    seen.add(key)
                    item = (form, f"{why} + {reason}" if why else reason, cs)
                    out.append(item)
                    if reason != "derivation":  # (a derivation is derived no further)
                        nxt.append(item)
        frontier = nxt
    return tuple(out[:MAX_FORMS])


# a part's first word must be rarer than this in general English (spaCy's lexeme_prob table: log-probability); a
# part of one word, rarer still ("grandfathered" -14.2, "vasculitis" -18.1; not "neurological" -13.5, "abnormal"
# -12.7, "affordable" -11.7)
RARE_LOGPROB = -13.0
RARE_LOGPROB_ONE_WORD = -14.0

WORD_PROBS = Path(__file__).resolve().parents[1] / "data" / "word-logprob-en.tsv.gz"


@lru_cache(maxsize=1)
def _probs() -> dict[str, float]:
    """English word log-probabilities from spaCy's `lexeme_prob` table (spacy-lookups-data), the words of
    log-probability -15 or more (`benchmarks/terms/build_word_probs.py`; a word not listed is rarer)."""
    try:
        text = gzip.decompress(WORD_PROBS.read_bytes()).decode("utf-8")
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, prob = line.partition("\t")
            out[word] = float(prob)
    return out


def distinctive(key: str, threshold: float = RARE_LOGPROB) -> bool:
    """A word that can stand for a multi-word name: 4+ letters, not a stop word or a generic head, and rare in
    general English (log-probability below `threshold` in spaCy's table, or absent from it)."""
    if len(key) < 4 or key in STOP_WORDS or key in GENERIC_HEADS or not key.replace("-", "").isalpha():
        return False
    probs = _probs()
    return bool(probs) and probs.get(key, -99.0) < threshold


def _units(keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words of a key sequence, a hyphenated compound as one unit ("out - of - pocket")."""
    units: list[list[str]] = []
    join = False
    for k in keys:
        if k == "-":
            join = bool(units)
            if units:
                units[-1].append(k)
            continue
        if join:
            units[-1].append(k)
        else:
            units.append([k])
        join = False
    return [tuple(u) for u in units]


def _unit_distinctive(unit: tuple[str, ...], threshold: float) -> bool:
    if len(unit) == 1:
        return distinctive(unit[0], threshold)
    # a hyphenated compound ("out-of-pocket", "pre-existing") is as distinctive as its rarest part
    return any(distinctive(k, threshold) for k in unit if k != "-") or _probs().get("".join(unit), -99.0) < threshold


def partial_parts(keys: tuple[str, ...], max_words: int = 6, weak: bool = False) -> set[tuple[str, ...]]:
    """The parts of a multi-word key sequence that may stand for it. Only the compound before any function word
    counts ("vasculitis syndromes" of "vasculitis syndromes of the …"; nothing of "twitching of the face", whose
    first word is its head), when it has 2+ words (a hyphenated compound is one word): its order-kept word subsets
    that keep its first word (the most specific modifier: dropping it names a broader concept — "injury" is not
    "facial nerve injury"), that word being distinctive (`RARE_LOGPROB`; `RARE_LOGPROB_ONE_WORD` for a part of one
    word). `weak`: instead, the parts of 2+ words of a compound of 3+ words whose first word is not distinctive
    ("employer shared responsibility" of "Employer Shared Responsibility Payment"): they count only where the page
    also names the concept in full (`resolve_partials`). A "deficiency" stays (stop 16): "VLCAD", "complement
    components" of "VLCAD deficiency", "complement component 9 deficiency" name what is lacking, not the disorder."""
    units = _units(tuple(keys))
    n_all = len(units)
    cut = next((i for i, u in enumerate(units) if len(u) == 1 and (u[0] in STOP_WORDS
                                                                   or not u[0].replace("'", "").isalpha())), n_all)
    lack, units = units[-1:] == [("deficiency",)], units[:cut]  # (what is lacking: see above)
    n = len(units)
    if n < 2 or n > max_words or (lack and cut < n_all):
        return set()
    strong = _unit_distinctive(units[0], RARE_LOGPROB)
    if weak:
        if strong or n < 3 or units[0][0] in STOP_WORDS or units[0][0] in GENERIC_HEADS:
            return set()
        return {units[0] + tuple(k for p in rest for k in units[p])
                for r in range(1, n - 1) for rest in itertools.combinations(range(1, n), r)}
    if not strong:
        return set()
    # a part of one word: rarer still, not a derived adjective ("colorectal", "hemolytic", "infantile": an
    # adjective alone names nothing; "grandfathered" does), and the words it drops are not specific themselves
    # ("grandfathered [health plan]", "vasculitis [syndromes]"; not "microsatellite [instability]")
    first = units[0]
    one_word = (_unit_distinctive(first, RARE_LOGPROB_ONE_WORD)
                and not (len(first) == 1 and _ADJECTIVE.search(first[0]) and not first[0].endswith("ed"))
                and not any(_unit_distinctive(u, RARE_LOGPROB) for u in units[1:]))
    out: set[tuple[str, ...]] = set()
    for r in range(0, n - 1):
        for rest in itertools.combinations(range(1, n), r):
            if (not rest and not one_word) or (lack and n - 1 not in rest):
                continue
            out.add(units[0] + tuple(k for p in rest for k in units[p]))
    if n < n_all:
        out.add(tuple(k for u in units for k in u))  # the compound itself ("vasculitis syndromes") of a longer name
    return out


# ------------------------------------------------------------------ tables for the matcher (audit.terms.glossary)

def derived_sequences(concepts, tokenize, key_sequences, owner) -> tuple[dict, dict, list[tuple[str, int]]]:
    """The derived forms of every concept's folded forms as matcher sequences: folded {key sequence: (concept,
    reason)}, exact {token sequence: (concept, reason)} (abbreviations), and every form as written (own and
    derived, folded ones: [(text, concept)], for `part_table`). `tokenize(text)` -> token texts; `key_sequences
    (tokens)` -> the folded key sequences a form stands for; `owner`: {(kind, sequence): concept} of the own forms,
    which a derived sequence never takes. A sequence two concepts derive is dropped (ambiguous)."""
    derived: dict[tuple, set[int]] = {}
    why: dict[tuple, str] = {}
    written: list[tuple[str, int]] = []
    for ci, concept in enumerate(concepts):
        for form in concept.forms:
            if form.case_sensitive:
                continue
            written.append((form.term, ci))
            for text, reason, exact in derived_forms(form.term):
                tokens = tokenize(text)
                if not exact and "derivation" not in reason:  # (a derived word makes no part of its own)
                    written.append((text, ci))
                kind = "exact" if exact else "folded"
                for seq in ({tuple(tokens)} if exact else key_sequences(tokens)):
                    if (kind, seq) not in owner:
                        derived.setdefault((kind, seq), set()).add(ci)
                        why.setdefault((kind, seq), reason)
    folded: dict[tuple[str, ...], tuple[int, str]] = {}
    exact_out: dict[tuple[str, ...], tuple[int, str]] = {}
    for (kind, seq), cis in sorted(derived.items()):
        if len(cis) == 1:
            (folded if kind == "folded" else exact_out)[seq] = (next(iter(cis)), why[(kind, seq)])
    return folded, exact_out, written


def part_table(written: list[tuple[tuple[str, ...], int]], full: dict[tuple[str, ...], int]):
    """({part: index into the concept tuples}, [concept tuples], [weak: bool per tuple]) of the parts of each form
    as written (`written`: [(key sequence, concept)]; not of its hyphen/space variants: "twitching of-the-face" is
    no compound). A part that is a full form of any concept (`full`: {key sequence: concept}) is not a part. A weak
    part (`partial_parts(..., weak=True)`) that is also a part proper is a part proper."""
    parts: dict[tuple[str, ...], set[int]] = {}
    weak: dict[tuple[str, ...], set[int]] = {}
    for seq, ci in written:
        if len(seq) >= 2 and full.get(seq) == ci:
            for part in partial_parts(seq):
                parts.setdefault(part, set()).add(ci)
            for part in partial_parts(seq, weak=True):
                weak.setdefault(part, set()).add(ci)
    table: dict[tuple[tuple[int, ...], bool], int] = {}
    concepts: list[tuple[int, ...]] = []
    weak_flags: list[bool] = []
    index: dict[tuple[str, ...], int] = {}
    for is_weak, source in ((False, parts), (True, weak)):
        for part, cis in sorted(source.items()):
            if part in full or part in index:
                continue
            cs = tuple(sorted(cis))
            if (cs, is_weak) not in table:
                table[(cs, is_weak)] = len(concepts)
                concepts.append(cs)
                weak_flags.append(is_weak)
            index[part] = table[(cs, is_weak)]
    return index, concepts, weak_flags


def resolve_partials(cg, blocks: list) -> list:
    """One page's matches (per block, from `CompiledGlossary.match(..., partial=True)`) with each partial match
    resolved: its part counts for a concept the page also names in full (when exactly one of the concepts the part
    may name is named in full on the page), or for the only concept of the glossary whose forms contain it (not a
    weak part: that counts only where the page names its concept in full);
    otherwise it is dropped (and the full matches it covered, `alt`, stand). New match objects (a block's matches
    may be shared between pages)."""
    from dataclasses import replace

    full = {m.concept for ms in blocks for m in ms if m.part < 0} | {a.concept for ms in blocks for m in ms
                                                                     for a in m.alt}
    out = []
    for ms in blocks:
        if not any(m.part >= 0 for m in ms):
            out.append(ms)
            continue
        kept = []
        for m in ms:
            if m.part < 0:
                kept.append(m)
                continue
            cands = cg.part_concepts[m.part]
            named = [c for c in cands if c in full]
            ci = named[0] if len(named) == 1 else -1
            if ci < 0 and len(cands) == 1 and not named and not cg.part_weak[m.part]:
                ci = cands[0]
            if ci >= 0:
                kept.append(replace(m, concept=ci, alt=()))
            else:
                kept += m.alt
        out.append(kept)
    return out


def partial_matches(found: list[tuple[int, int, int]], keys, texts, ws, kept: list, match_class) -> list:
    """Partial matches of a block (`found`: (start, end, part index) of every part sequence in its keys), longest
    first, outside the full matches `kept` — or over full matches strictly inside them ("grandfathered plans" over
    the concepts "Grandfathered" and "Plan"), which they keep as `alt` and remove from `kept`. Unresolved (concept
    -1): `resolve_partials` decides per page."""
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0], x[2]))
    out: list = []
    for s, e, pi in found:
        if s >= 2 and texts[s - 1] == "-" and not ws[s - 1] and not ws[s - 2]:
            continue  # starts inside a hyphenated word
        if e < len(texts) and texts[e] == "-" and not ws[e - 1]:
            continue  # ends inside a hyphenated word: "grandfathered-in"
        inside = claim(s, e, out, kept)
        if inside is not None:
            out.append(match_class(-1, s, e, "partial: " + " ".join(keys[s:e]), pi, tuple(inside)))
    return out
