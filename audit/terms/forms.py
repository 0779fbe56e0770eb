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
- `disease noun` — "hypertensive disorder" = "hypertension", "hypotensive disorder" = "hypotension" (an adjective
  that names a disease, before generic heads, written as its noun; stop 26);
- `organ's disorder` — "kidney disorder" = "kidney dysfunction", "renal damage", "cardiovascular toxicity" (a
  disorder named by an organ or system, written with a word for that organ's disorder; stop 24);
- `combining form` — "thromboembolism" = "thrombo-embolism" (a long word hyphenated after a combining form in "-o";
  stop 24);
- `code` — "complement component 9 deficiency": "C9 deficiency" (`audit.terms.derivation.code_forms`);
- `head synonym` — "breast neoplasm" = "breast tumor" / "breast cancer": heads the open vocabularies interchange
  (`audit.terms.heads`);
- `relational adjective` — "kidney failure" = "renal failure", "liver failure" = "hepatic failure": a modifier as
  the adjective WordNet relates to it, where the open vocabularies write one for the other
  (`audit.terms.derivation.relational_adjectives`);
- `specifier dropped` / `one-word name` — "type 2 diabetes mellitus": "type 2 diabetes" (`audit.terms.heads`);
  "diabetic kidney disease": "diabetic nephropathy" (an organ's disease in one word: `audit.terms.organ_diseases`);
- `word order` — "Swallowing Disorders" = "disorders of swallowing" (= "disorders of the swallowing"), and back; a
  body part's problems also with it, as patient pages say it ("Tongue problems" = "problems with the tongue",
  "problems with your tongue"; stop 35);
- `spelling` — American and British medical spellings ("tumor" / "tumour", "leukemia" / "leukaemia",
  "hemochromatosis" / "haemochromatosis"), each hyphen part too ("hemolytic-uremic" / "haemolytic-uraemic");
- `possessive` — an eponym before a head (or any word in lower case, or after a prefix: stop 22) also written with
  a possessive ("Alzheimer disease": "Alzheimer's disease", which the matcher folds to "Alzheimers disease" too;
  "Prinzmetal's angina", "non-Hodgkin's lymphoma");
- `singular` — a plural spaCy's lemma table does not fold also without its "s" ("torsades de pointes": "torsade de
  pointes"; stop 22);
- `joined spelling` — two words joined ("health care": "healthcare"; a longer name's last two words in lower
  case, "structured data type": "structured datatype", derived no further — "Osteopenia and sparsehair" is no
  coordination to expand —, stop 40), a prefix hyphenated ("copayment": "co-payment"); no part (the name's are);
- `title part` — a name written as a site titles its pages: its parts joined by dashes or semicolons ("Parasites -
  Scabies": "scabies"; stop 31), a title and its subtitle ("Pyelonephritis: Kidney Infection"), a series' lead
  before the topic ("What I need to know about Gas": "gas"; stop 32) (`audit.terms.titles`);
- `clipping` — a clipped word and the word it was clipped from ("Cloud Native Apps": "cloud native applications";
  "Influenza": "flu"; stop 32: `audit.terms.derivation.clippings`); derived no further, and no part;
- `noun doublet` — a body part's procedure or lesion as a noun of one meaning and stem ("Kidney Transplantation":
  "kidney transplant"; stop 38: `audit.terms.doublets`); derived no further, and no part;
- `word family` — a one-word process name's verb ("Containerization": "containerized", "containerizing") and a name
  ending in a gerund as its participle ("Cross Signing": "cross-signed"; stop 32: `audit.terms.derivation.word_family`);
  derived no further, and no part;
- `agent noun` — an activity's practitioners ("Site Reliability Engineering": "site reliability engineers"; stop 40:
  `audit.terms.agents`); derived no further, and no part;
- `alternative name` — "(also known as Chagas Disease)", a nickname in quotes ('Pubic "Crab" Lice': "crab lice"),
  a parenthesis naming the same head otherwise ("H1N1 Flu (Swine Flu)": "swine flu"; stop 34);
- a population after "in" / "for" — "Asthma in Children": "children with asthma" (`word order`); "Quitting Smoking
  for Older Adults": "quitting smoking" (`qualifier dropped`).

A form's last word also stands for its regular plural where spaCy's lemma table would not fold it ("precertificates":
`plural`, `audit.terms.form_sequences`).

Inflection of every word, case, apostrophes, possessives and hyphen/space variants are folded by the matcher
itself (`audit.terms.glossary.token_key`, `_form_key_sequences`); a derived form that another concept's own form (or
another concept's derived form) also gives is not used (see `audit.terms.glossary.CompiledGlossary`).

The parts of a multi-word form that may stand for the whole ("grandfathered" for "Grandfathered Health Plan") are
`audit.terms.parts`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.agents import AGENT_NOUN, agent_nouns
from audit.terms.doublets import DOUBLET, noun_doublets
from audit.terms.derivation import CLIPPING, RELATIONAL_REASON, WORD_FAMILY, clippings, code_forms, derivations, \
    has_relational_adjective, relational_adjectives, type_word, word_family
from audit.terms.heads import DROP_REASON, REASON as HEAD_SYNONYM, dropped_word, head_partners, head_synonyms
from audit.terms.jargon import is_abbreviation
from audit.terms.organ_diseases import REASON as ONE_WORD, organ_disease_names
from audit.terms.organs import ORGAN_REASON, PATIENT_HEADS, organ_head
from audit.terms.parts import ADJECTIVE_ENDING, adjective_ending, disease_nouns, distinctive, qualifiers, \
    word_logprobs
from audit.terms.spellings import COMBINING, JOINED, combining_forms, joined_spelling, spelling_forms
from audit.terms.titles import AUDIENCE, audience_dropped, title_parts
from audit.terms.variants import GENERIC_HEADS
from audit.terms.word_lists import word_set

_CLAUSE_WORDS = frozenset({"as", "for", "in", "when", "which", "that", "if", "such", "including", "see", "e.g.",
                           "i.e.", "not", "with", "without", "where", "who", "by", "from", "to", "of", "on"})
_COORD = frozenset({"and", "or", "&"})
MAX_FORMS = 48  # derived forms per name at most (a name of many slashes and conjunctions stays bounded)
_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(.*)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _is_abbreviation(short: str, long: str) -> bool:
    """`short` abbreviates `long`: all capitals in the source, or a capital first and one more ("PyPI", "IoT":
    stop 33), and `jargon.is_abbreviation` (2-8 letters, the first letters of `long`'s words in order)."""
    letters = short.replace(".", "")
    capitals = letters.isupper() or (letters[:1].isupper() and sum(c.isupper() for c in letters) >= 2)
    return capitals and is_abbreviation(short, long)


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


_ALTERNATIVE = re.compile(r"^(?:(?:also|sometimes|often|formerly)\s+)?(?:known\s+as|called|named)\s+(.+)$|"
                          r"^(?:aka|a\.k\.a\.|formerly|or)\s+(.+)$", re.IGNORECASE)
ALTERNATIVE = "alternative name"
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def _alternative(term: str) -> list[tuple[str, str, bool]]:
    """(stop 31) A parenthesis that gives the concept's other name ("American Trypanosomiasis (also known as Chagas
    Disease)", "(or X)", "(formerly X)"): that name. A parenthesis without such words is a qualifier
    (`_parenthetical`): "(hereditary or acquired)" is no other name; one that names the same head is
    (`_same_head_name`)."""
    m = _PAREN.match(term)
    alt = _ALTERNATIVE.match(_norm(m.group(2))) if m else None
    if not alt:
        return [(_norm(m.group(2)), ALTERNATIVE, False)] if m and _same_head_name(m) else []
    other = _norm(alt.group(1) or alt.group(2))
    if len(other) > 2 and other[0] in _QUOTES and other[-1] in _QUOTES:  # ('(or "sdist")': stop 33)
        other = _norm(other[1:-1])
    return [(other, ALTERNATIVE, False)] if other and _WORD.search(other) else []


def _same_head_name(m: re.Match) -> bool:
    """(stop 34) A parenthesis that is another name of the same thing: two or more words, no stop word, the outer
    name's head (its last word) as its own, and none of the outer name's modifiers ("H1N1 Flu (Swine Flu)", "Leaf
    certificate (end-entity certificate)", "Pancreatic Neuroendocrine Tumors (Islet Cell Tumors)", "Rider
    (exclusionary rider)"); on the 18 development sets' glossaries these four are all the names it takes. Not a
    qualifier ("(hereditary or acquired)", "(as it relates to APTC)", "(Recreational)")."""
    inner, outer = _norm(m.group(2)).split(), _norm(f"{m.group(1)} {m.group(3)}").split()
    if len(inner) < 2 or not outer or any(w.casefold() in STOP_WORDS or not _WORD.fullmatch(w) for w in inner):
        return False
    key = lambda w: w.casefold().removesuffix("s")  # noqa: E731  (a plural head: "Tumors" / "Tumor")
    return key(inner[-1]) == key(outer[-1]) and not {key(w) for w in inner[:-1]} & {key(w) for w in outer[:-1]}


_QUOTED = re.compile(r'^(.*?)\s*["\u201c\u201d]([^"\u201c\u201d]+)["\u201c\u201d]\s*(.*)$')


def _quoted(term: str) -> list[tuple[str, str, bool]]:
    """(stop 31) A nickname in quotes inside a name ('Pubic "Crab" Lice') is another modifier of the same head: the
    name without it ("pubic lice") and the nickname in place of the words before it ("crab lice")."""
    m = _QUOTED.match(term)
    if not m or not _WORD.search(m.group(2)) or not _WORD.search(m.group(3)):
        return []
    before, nick, after = _norm(m.group(1)), _norm(m.group(2)), _norm(m.group(3))
    forms = [_norm(f"{before} {after}")] if before else []
    return [(f, ALTERNATIVE, False) for f in forms + [_norm(f"{nick} {after}")]]


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
    if re.search(r"\w/ \w", term):  # (stop 39) a space after a slash alone breaks no word ("Myelodysplastic/
        return [(re.sub(r"(\w)/ (\w)", r"\1/\2", term), "slash alternative", False)]  # Myeloproliferative")
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
    # right side shares what precedes it ("Summary of Benefits and Coverage" -> "summary of coverage"); a generic
    # head alone shares the modifiers before the first head ("Ankle Injuries and Disorders" -> "ankle disorders")
    if right[0].casefold() in GENERIC_HEADS and len(left) >= 2 and right[0].isalpha() \
            and not any(w.casefold() in STOP_WORDS or not w.isalpha() for w in left):
        return [(" ".join(left), "coordination", False), (" ".join(left[:-1] + right), "coordination", False)]
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
EPONYM_HEADS = GENERIC_HEADS | {"palsy", "sign", "ataxia", "dystrophy", "anomaly", "lymphoma", "sarcoma", "tumor",
                                 "tumour", "phenomenon", "neuralgia", "contracture"}


def eponym(word: str) -> bool:
    """A capitalised word rare in general English (log-probability below -14): a person's name ("Alzheimer",
    "Fanconi")."""
    return len(word) > 2 and word[0].isupper() and word[1:].isalpha() and word[1:].islower() \
        and word_logprobs().get(word.lower(), -99.0) < -14


LOWER_WORDS = Path(__file__).resolve().parents[1] / "data" / "lower-words-vocabulary.txt.gz"


@lru_cache(maxsize=1)
def lower_words() -> frozenset[str]:
    """Words rare in English that the open vocabularies write in lower case inside names ("hemophilia", "alopecia",
    "atrial"): a title's capital, not a person's name (`benchmarks/terms/build_lower_words.py`)."""
    return word_set(LOWER_WORDS)


def _possessive(term: str) -> list[tuple[str, str, bool]]:
    """An eponym before a head, or before any word in lower case (stop 22: "Prinzmetal angina": "Prinzmetal's
    angina"), also written with its possessive; an eponym after a prefix too ("non-Hodgkin lymphoma":
    "non-Hodgkin's lymphoma"; not "Aicardi-Goutieres syndrome", two names); a name written with its possessive's
    "s" and no apostrophe as the name without it ("Hodgkins lymphoma": "Hodgkin lymphoma"). Not a word the
    vocabularies write in lower case (stop 25: "Hemophilia type B", "Alopecia totalis": no page writes
    "Hemophilia's type B")."""
    words = term.split()
    out = []
    for i, w in enumerate(words[:-1]):
        nxt = words[i + 1]
        name = w.rsplit("-", 1)[-1] if "-" in w and w.rsplit("-", 1)[0].islower() else w
        # (a noun in lower case after it: the capital is the name's own, not a title's — "Atrial Fibrillation")
        if (nxt.casefold() in EPONYM_HEADS or (nxt.isalpha() and nxt.islower() and nxt not in STOP_WORDS)) \
                and eponym(name) and name.lower() not in lower_words():
            out.append((" ".join(words[:i] + [w + "'s"] + words[i + 1:]), "possessive", False))
            if name.endswith("s") and name[-2] not in "siu" and name == w and eponym(name[:-1]):
                # (stop 39) the possessive's "s" without its apostrophe ("Hodgkins lymphoma"): the name is the word
                #   without it when that is a name too ("Hodgkin lymphoma"; not "Graves": "grave" is a word)
                out.append((" ".join(words[:i] + [w[:-1] + "'s"] + words[i + 1:]), "possessive", False))
    if not out and _owner_first(words):
        out.append((" ".join([words[0] + "'s"] + words[1:]), "possessive", False))
    return out


def _owner_first(words: list[str]) -> bool:
    """(stop 34) A compound whose first noun owns what the rest names is also written with that noun's possessive:
    "a Project's source tree" (*Project Source Tree*), "a certificate's Subject" (*Certificate subject*), "toddler's
    health", "Medicare's prescription drug coverage". Not a disease's name (its head a generic or disease head: "Brain
    Tumors", "Lung Cancer"; no page writes "brain's tumors"), not after an adjective ("Atrial septal defect"), not
    before a letter or a rare word ("Hemophilia B", "Alopecia totalis")."""
    if not 2 <= len(words) <= 4 or not all(w.isalpha() and len(w) >= 3 and w.casefold() not in STOP_WORDS
                                           for w in words):
        return False
    folded = [w.casefold() for w in words]
    head = folded[-1]
    return not ADJECTIVE_ENDING.search(folded[0]) and head not in EPONYM_HEADS and head.removesuffix("s") not in \
        EPONYM_HEADS and not head_partners().get(head) and not head_partners().get(head.removesuffix("s")) and \
        all(word_logprobs().get(w, -99.0) > COMMON_LOGPROB for w in folded[1:])


def _singular(term: str) -> list[tuple[str, str, bool]]:
    """(stop 22) A word of the name that looks plural and that spaCy's lemma table does not fold, also written
    without its "s" ("torsades de pointes": "torsade de pointes", "hamartomas": "hamartoma"; the matcher folds only
    the plurals the table knows): lower case, 5+ letters, ending in "-as" or "-es" but not "-ies" (a plural of a
    word ending in a vowel; not the Latin and Greek singulars "tetanus", "pertussis", "exophthalmos", "nigricans",
    "caries", "scabies"), and the word without its "s" no common English word (log-probability -14 or rarer)."""
    from audit.nlp import _lookup_table

    words = term.split()
    out = []
    for i, w in enumerate(words):
        if len(w) >= 5 and w.isalpha() and w.islower() and w.endswith(("as", "es")) and not w.endswith("ies") \
                and w not in _lookup_table() and word_logprobs().get(w[:-1], -99.0) < -14:
            out.append((" ".join(words[:i] + [w[:-1]] + words[i + 1:]), "singular", False))
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


DISEASE_NOUN = "disease noun"


def _disease_noun(term: str) -> list[tuple[str, str, bool]]:
    """(stop 26) A name of one adjective that names a disease and generic heads ("hypertensive disorder",
    "hypotensive disorder", "thrombotic disease") is also written as the adjective's noun, the disease's one-word name
    ("hypertension", "hypotension", "thrombosis": `audit.terms.parts.disease_nouns`, the shipped vocabularies' and
    WordNet's evidence). Such a form makes no part."""
    words = term.split()
    if len(words) < 2 or not all(w.casefold() in GENERIC_HEADS for w in words[1:]):
        return []
    return [(noun, DISEASE_NOUN, False) for noun in disease_nouns().get(words[0].casefold(), ())]


def _redundant_head(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    if len(words) >= 3 and words[-1].casefold() in GENERIC_HEADS and words[-2].casefold() in GENERIC_HEADS:
        return [(" ".join(words[:-1]), "redundant head", False)]
    return []


def _plain_word(w: str) -> bool:
    return w.isalpha() and w.casefold() not in STOP_WORDS


_AGENTS = ("virus", "viruses", "bacteria", "bacterium")
AGENT_REASON = "agent after with"


def _word_order(term: str) -> list[tuple[str, str, bool]]:
    return _name_order(term) + _infection_order(term)


def _infection_order(term: str) -> list[tuple[str, str, bool]]:
    """(stop 28) An infection named by its agent (a virus, bacteria, or an abbreviation) also has the agent after
    "with" / "by", a qualifier first staying first: "chronic hepatitis C virus infection" -> "chronic infection with
    hepatitis C virus", "HIV infection" -> "infection with HIV"; not "urinary tract infection" (a site). Such a form
    makes no part ("chronic infection" is no mention of the hepatitis)."""
    words = term.split()
    folded = [w.casefold() for w in words]
    q = 1 if folded and folded[0] in qualifiers() else 0
    agent = words[q:-1]
    if len(words) < 2 or folded[-1] not in ("infection", "infections") or not agent or not (
            agent[-1].casefold() in _AGENTS or (len(agent) == 1 and re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", agent[0]))):
        return []
    return [(" ".join(words[:q] + [words[-1], p] + agent), AGENT_REASON, False) for p in ("with", "by")]


COMMON_LOGPROB = -14.5  # (a common English word: "children" -9.0, "adolescents" -14.4; not "vitro" -14.8, "situ")


def _population(words: list[str]) -> bool:
    """(stop 31) Words after "in" or "for" that name a population: common English words (`COMMON_LOGPROB`), the last
    a plural spaCy's lemma table folds ("children", "older adults", "women"; not "taste" of "change in taste", "pregnancy",
    the Latin of "carcinoma in situ")."""
    from audit.nlp import _lookup_table

    return bool(words) and all(word_logprobs().get(w, -99.0) > COMMON_LOGPROB for w in words) and \
        _lookup_table().get(words[-1], words[-1]) != words[-1]


def _population_qualifier(term: str) -> list[tuple[str, str, bool]]:
    """(stop 31) A population after "in" or "for" is a qualifier ("Quitting Smoking for Older Adults", "Asthma in
    Children"): the name stands without it ("quitting smoking"; "asthma", unless the glossary has *Asthma*, whose own
    form it then is)."""
    words = term.split()
    folded = [w.casefold() for w in words]
    cut = [i for i, w in enumerate(folded) if w in ("in", "for")]
    if len(cut) != 1 or not 0 < cut[0] < len(words) - 1 or len(words) > 7 \
            or not all(_plain_word(w) for i, w in enumerate(words) if i != cut[0]) \
            or not _population(folded[cut[0] + 1:]):
        return []
    return [(" ".join(words[:cut[0]]), "qualifier dropped", False)]


def _name_order(term: str) -> list[tuple[str, str, bool]]:
    words = term.split()
    folded = [w.casefold() for w in words]
    if "in" in folded[1:-1] and folded.count("in") == 1 and len(words) <= 6 and all(map(_plain_word, (
            w for w in words if w.casefold() != "in"))) and _population(folded[folded.index("in") + 1:]):
        # (stop 31) a population after "in": "Asthma in Children" -> "children with asthma"; (stop 34) children's
        # is childhood's: "Cancer in Children" -> "childhood cancer"
        i = folded.index("in")
        out = [(" ".join(words[i + 1:] + ["with"] + words[:i]), "word order", False)]
        if folded[i + 1:] == ["children"]:
            out.append((" ".join(["childhood"] + words[:i]), "word order", False))
        return out
    if 2 <= len(words) <= 3 and folded[-1] in PATIENT_HEADS and all(map(_plain_word, words)) \
            and not adjective_ending(words[-2].casefold()):  # (stop 35) "Tongue problems" -> "problems with the tongue"
        a, b = " ".join(words[:-1]), words[-1]
        return [(f"{b} of {a}", "word order", False), (f"{b} of the {a}", "word order", False)] \
            * (len(words) == 2 and folded[-1] == "problems") \
            + [(f"{b} with the {a}", "word order", False), (f"{b} with your {a}", "word order", False)]
    if len(words) == 2 and all(map(_plain_word, words)) and not ADJECTIVE_ENDING.search(words[0]):  # "Swallowing Disorders" -> "disorders of swallowing"
        a, b = words
        return [(f"{b} of {a}", "word order", False), (f"{b} of the {a}", "word order", False)]
    if len(words) == 2 and _plain_word(words[1]) and re.fullmatch(r"[A-Za-z]+\d+[A-Za-z]?", words[0]):
        return [(f"{words[1]} of {words[0]}", "word order", False)]  # a code: "C9 deficiency" -> "deficiency of C9"
    if 3 <= len(words) <= 4 and folded[1] == "of" and _plain_word(words[0]) and _plain_word(words[-1]) \
            and (len(words) == 3 or folded[2] == "the"):  # "Disorders of (the) Swallowing" -> "swallowing disorders"
        return [(f"{words[-1]} {words[0]}", "word order", False)]
    return []


STEPS = (spelling_forms, title_parts, audience_dropped, _parenthetical, _alternative, _quoted, _comma,
         _population_qualifier, _slash, _coordination, _redundant_head, _word_order, joined_spelling, _possessive, _generic_head,
         dropped_word,
         head_synonyms, relational_adjectives, type_word, code_forms, _singular, organ_head, _disease_noun,
         clippings, word_family, noun_doublets, organ_disease_names, combining_forms, derivations, agent_nouns)
NO_PARTS = ("derivation", RELATIONAL_REASON, COMBINING, ORGAN_REASON, DISEASE_NOUN, AGENT_REASON, CLIPPING,
            WORD_FAMILY, DOUBLET, DROP_REASON, AUDIENCE, AGENT_NOUN, JOINED, ONE_WORD)  # (their forms make no parts)
NAME_ONLY = 3  # the last steps derive from the name's own words only (and their forms are derived no further)


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
            for step in STEPS[:-NAME_ONLY] if why else STEPS:  # (a derivation of the name's own words only)
                if (step is head_synonyms and why.count(HEAD_SYNONYM) >= 2) or (
                        step in (title_parts, audience_dropped) and why):
                    continue  # (two head swaps at most: neoplasm -> cancer -> carcinoma; a title's parts: the name's)
                for form, reason, cs in step(text):
                    key = form.casefold()
                    if not form or key in seen or not _WORD.search(form):
                        continue
                    seen.add(key)
                    item = (form, f"{why} + {reason}" if why else reason, cs)
                    out.append(item)
                    if reason not in ("derivation", COMBINING, CLIPPING, WORD_FAMILY, DOUBLET, AGENT_NOUN, ONE_WORD) \
                            and not (reason == RELATIONAL_REASON and has_relational_adjective(form)) and not (
                            reason == JOINED and " " in form):  # (a longer name's: stop 40)
                        nxt.append(item)  # (a derivation, a clipping, an adjective put for its noun: derived no further)
        frontier = nxt
    return tuple(out[:MAX_FORMS])
