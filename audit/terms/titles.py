"""Names written as a site titles its pages (issue 19): the forms a title stands for (`title part`).

A glossary imported from a site's page titles (`audit glossary import`) names its concepts as the pages are titled,
and the pages then say the topic, not the title:

- parts joined by a spaced dash, a double hyphen, an en/em dash or a semicolon ("Parasites - Scabies",
  "Cancer--Living with Cancer", "Granulomatous Amebic Encephalitis; Keratitis"; stop 31);
- a title and its subtitle after a colon ("Pyelonephritis: Kidney Infection", "Prostate Enlargement: Benign
  Prostatic Hyperplasia"; stop 32): the title, and a subtitle that is a name (its words no stop words but "of":
  not "What to Expect", "Keep your eyes healthy", "A Guide for American Indians");
- a series' lead before the topic ("What I need to know about Gas", "Understanding Medical Research", "Coping with
  Disasters"; stop 32): the topic, whole (a one-word topic too: it is the name, not a part of it);
- a title of two things ("Medicare and Continuing Care", "Alcohol Use and Older Adults"; stop 32): its first, when
  it is a name of its own and not a modifier waiting for the head the two share (not "Breast" of "Breast and Ovarian
  Cancer", "Central" of "... of the Central and Peripheral Nervous Systems", "Acute" of "Acute and Chronic
  Hepatitis"); only in a title, every word but the small ones capitalised (not "Albinism and deafness").

Each part stands for the concept when it can name it alone (two or more words, or one distinctive word:
`audit.terms.parts.distinctive`), and only when every part starts with a capital: a sentence-case name that joins
its words with dashes names one thing ("Ataxia - hypogonadism - choroidal dystrophy"). A part several concepts share
(the section every page of a site carries: "Parasites", "Kidney Failure", "Prevent diabetes problems") is derived by
each of them and so names none (`audit.terms.form_sequences.derived_sequences` drops ties). Of the glossary's own
name only: not a derived form's parts, not a vocabulary's synonym ("Chediak - Steinbrinck anomaly" is a name).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.parts import ADJECTIVE_ENDING, distinctive, qualifiers
from audit.terms.word_lists import word_set

TITLE_PART = "title part"
AUDIENCE = "audience dropped"  # (stop 39) a person noun before a title's topic: `audience_dropped`
AUDIENCES = Path(__file__).resolve().parents[1] / "data" / "audiences-wordnet.txt"
# a title's parts: a spaced dash, a double hyphen, an unspaced en/em dash, a semicolon
_TITLE_SEP = re.compile(r"\s+[-\u2013\u2014]+\s+|\s*--\s*|\s*[\u2013\u2014]\s*|\s*;\s*")
_SUBTITLE = re.compile(r":\s+(?=\S)")
# a series' lead before the topic ("What I need to know about", "Facts About", "Living with", "A Guide to")
_LEAD = re.compile(r"^(?:what (?:i|you|we) (?:need|should|want) to know about|(?:facts|questions and answers|"
                   r"all|learn|information) about|understanding|living with|coping with|(?:an? )?(?:overview|"
                   r"introduction) (?:of|to)|(?:your |an? |the )?guide to)\s+(?=[A-Z])", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _norm(text: str) -> str:
    return " ".join(text.replace(" ,", ",").split()).strip(" ,;:")


def _top_level_split(term: str, sep: re.Pattern) -> list[str]:
    """`term` split at `sep` outside parentheses ("der(22)t(11;22) syndrome" is one part)."""
    parts, start = [], 0
    for m in sep.finditer(term):
        if term.count("(", 0, m.start()) == term.count(")", 0, m.start()):
            parts.append(_norm(term[start:m.start()]))
            start = m.end()
    return parts + [_norm(term[start:])]


def _alone(part: str) -> bool:
    """A part that can name the concept alone: two or more words, or one distinctive word."""
    return bool(_WORD.search(part)) and (len(part.split()) > 1 or distinctive(part.casefold()))


def _a_name(part: str) -> bool:
    """A subtitle that is a name: its words no stop words but "of", no digits ("Kidney Infection"; not "What to
    Expect", "Type 1 and Type 2")."""
    words = [w.casefold() for w in re.findall(r"\w+", part)]
    return all(w == "of" or (w not in STOP_WORDS and not any(ch.isdigit() for ch in w)) for w in words)


def _topic(part: str) -> str:
    """`part` without a series' lead ("What I need to know about Living with Kidney Failure" -> "Kidney Failure")."""
    while (m := _LEAD.match(part)) is not None:
        part = part[m.end():]
    return part


def without_lead(term: str) -> str:
    """A title without its series' lead ("What I need to know about Kidney Stones" -> "Kidney Stones"; stop 38:
    `audit.terms.shared_topics` reads a title's facet from the words left)."""
    return _topic(term)


def _first_of_two(term: str) -> list[str]:
    """The first of a title's two things joined by "and" (module docstring), or nothing."""
    words = term.split()
    idx = [i for i, w in enumerate(words) if w.casefold() in ("and", "&")]
    if len(idx) != 1 or "," in term or not 0 < idx[0] < len(words) - 2:
        return []  # (one "and", two words or more after it: one word after it is the other case of coordination)
    left = words[:idx[0]]
    if not all(w[:1].isupper() for w in words if w.casefold() not in STOP_WORDS) or \
            not all(w.isalpha() and w.casefold() not in STOP_WORDS for w in left):
        return []
    a = left[-1].casefold()
    if ADJECTIVE_ENDING.search(a) or (len(left) == 1 and (not distinctive(a) or a in qualifiers())):
        return []
    return [" ".join(left)]


def title_parts(term: str) -> list[tuple[str, str, bool]]:
    """(form, `TITLE_PART`, False) for each part of a title `term` that can name its concept (module docstring)."""
    out: list[str] = []
    parts = _top_level_split(term, _TITLE_SEP)
    if len(parts) >= 2 and all(p[:1].isupper() for p in parts):
        out += [p for p in parts if _alone(p)]
    title, *subtitles = _top_level_split(term, _SUBTITLE)
    if subtitles and title[:1].isupper() and all(s[:1].isupper() for s in subtitles):
        out += [p for p in [title, *subtitles] if _a_name(p) and _alone(p)]
    out += _first_of_two(term)
    topic = _topic(title)  # (of the title before a subtitle: "Your Guide to Diabetes: Type 1 and Type 2")
    if topic != title and _WORD.search(topic):  # (the whole topic: "Gas" is the name, not a part of it)
        out.append(topic)
    return [(p, TITLE_PART, False) for p in dict.fromkeys(out)]


@lru_cache(maxsize=1)
def audiences() -> frozenset[str]:
    """Nouns whose commonest sense names a person or a time of life ("child", "teen", "toddler", "woman", "veteran";
    "childhood", "adulthood"; WordNet 3.0's noun.person and the kinds of time_of_life:
    `benchmarks/terms/build_audiences.py`)."""
    return word_set(AUDIENCES)


def audience_dropped(term: str) -> list[tuple[str, str, bool]]:
    """(stop 39) A title that names its audience by a person noun before its topic ("Child Behavior Disorders",
    "Teen Mental Health", "Toddler Nutrition": MedlinePlus's health topics; "Adult Soft Tissue Sarcoma", "Childhood
    Soft Tissue Sarcoma": cancer.gov's, for a time of life) stands for the topic ("behavior disorders"): the page
    writes the topic and says its audience in its own words ("your child"). A title only (every word capitalised,
    letters only, no stop word), the audience first (`audiences`, its plural or singular: "Seniors", "Women"; not one
    ending as an adjective does, `parts.ADJECTIVE_ENDING`: "Diabetic Heart Disease" is a disease's name, its
    "diabetic" a modifier), two words or more after it (one word after it is a compound of its own: "Child Abuse",
    "Patient Safety"). `audit.terms.shared_topics` reads the audience as the title's facet."""
    from audit.nlp import _lookup_table

    words = term.split()
    if len(words) < 3 or not all(w.isalpha() and w[:1].isupper() and w.casefold() not in STOP_WORDS for w in words):
        return []
    first = words[0].casefold()
    if ADJECTIVE_ENDING.search(first):
        return []  # (a noun that is also an adjective modifies the topic: "Diabetic Heart Disease")
    lemma = _lookup_table().get(first, first)
    if (lemma if isinstance(lemma, str) else first) not in audiences() and first not in audiences():
        return []
    return [(" ".join(words[1:]), AUDIENCE, False)]
