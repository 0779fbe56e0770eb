"""Spelling variants of a name's words (issue 19), steps of `audit.terms.forms.derived_forms`: American and British
medical spellings ("tumor" / "tumour", "hemolytic-uremic" / "haemolytic-uraemic") and a long word hyphenated after a
combining form ("thromboembolism" / "thrombo-embolism"); two words joined ("health care" / "healthcare")."""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

# American <-> British medical spellings, per word (both ways): tumor/tumour, leukemia/leukaemia, anemia/anaemia,
# hemorrhage/haemorrhage, esophagus/oesophagus (esophageal/oesophageal), edema/oedema, pediatric/paediatric,
# diarrhea/diarrhoea, anesthesia/anaesthesia
_SPELLINGS = ((r"(?<=[a-z])or$", "our", r"(?<=[a-z])our$", "or", ("tum", "hum", "behavi", "col", "lab", "vap")),
              (r"(?<!a)emia$", "aemia", r"aemia$", "emia", ()), (r"(?<!a)emic$", "aemic", r"aemic$", "emic", ()),
              (r"^hem", "haem", r"^haem", "hem", ()),
              (r"^esophag", "oesophag", r"^oesophag", "esophag", ()), (r"^edem", "oedem", r"^oedem", "edem", ()),
              (r"^pedi", "paedi", r"^paedi", "pedi", ()), (r"rrhea$", "rrhoea", r"rrhoea$", "rrhea", ()),
              (r"^anesth", "anaesth", r"^anaesth", "anesth", ()), (r"^estrog", "oestrog", r"^oestrog", "estrog", ()),
              (r"^orthoped", "orthopaed", r"^orthopaed", "orthoped", ()),
              (r"^ischem", "ischaem", r"^ischaem", "ischem", ()),
              # (stop 38) the other ae/oe words of the same list (the Oxford English Dictionary's British spellings of
              # Greek and Latin "ae"/"oe", which American spelling writes "e": Webster's 1828 reform; Wikipedia,
              # "American and British English spelling differences", section "ae and oe"): dyspnoea, apnoea, foetus,
              # coeliac, gynaecology, caesarean, faeces, aetiology; "oedema" after a consonant inside a word
              # ("lymphoedema"; "angioedema" is both)
              (r"(?<=[a-z])pnea$", "pnoea", r"(?<=[a-z])pnoea$", "pnea", ()), (r"^fet", "foet", r"^foet", "fet",
                                                                               ("fetus", "fetal", "foetus", "foetal")),
              (r"^celiac", "coeliac", r"^coeliac", "celiac", ()), (r"^gynec", "gynaec", r"^gynaec", "gynec", ()),
              (r"^cesarean", "caesarean", r"^caesarean", "cesarean", ()),
              (r"^fec", "faec", r"^faec", "fec", ("feces", "fecal", "faeces", "faecal")),
              (r"^etiolog", "aetiolog", r"^aetiolog", "etiolog", ()),
              (r"(?<=[b-df-hj-np-tv-z])edema$", "oedema", r"(?<=[b-df-hj-np-tv-z])oedema$", "edema", ()))


def spelling_forms(term: str) -> list[tuple[str, str, bool]]:
    """Each word's (each hyphen part's: "haemolytic-uraemic") other spelling, one change a form (a form with two
    changes is derived from one with one)."""
    words = term.split()
    out = []
    for i, w in enumerate(words):
        hyphen_parts = w.split("-")
        for h, part in enumerate(hyphen_parts):
            low = part.lower().rstrip("s") if len(part) > 4 and part.lower().endswith("ors") else part.lower()
            for a, a_to, b, b_to, stems in _SPELLINGS:
                for rx, to in ((a, a_to), (b, b_to)):
                    if stems and not low.startswith(stems):
                        continue
                    new = re.sub(rx, to, low)
                    if new != low and new.isalpha():
                        word = "-".join(hyphen_parts[:h] + [new] + hyphen_parts[h + 1:])
                        out.append((" ".join(words[:i] + [word] + words[i + 1:]), "spelling", False))
    return out


COMBINING = "combining form"


def combining_forms(term: str) -> list[tuple[str, str, bool]]:
    """(stop 24) A long word joined after a combining form in "-o" also written with a hyphen there
    ("thromboembolism": "thrombo-embolism"; the vocabularies write "veno-occlusive", "cardio-renal",
    "meningo-encephalitis" beside the joined words): every "o" with 4+ letters before it and 5+ after, in a word of
    9+ letters, where the rest can start a word (stop 25: a vowel, one consonant, or an onset cluster before its
    first vowel, `_ONSET`: not "thro-mboembolism", "malfo-rmation", splits no page writes). (stop 40) A word of
    everyday English (in spaCy's word table, `audit.terms.parts.word_logprobs`: "deployment", "autoimmune") is split
    only where the rest is such a word too ("auto-immune"; not "Deplo-yment" of *Blue Green Deployment*): the medical
    compounds the rule is for are rarer than the table ("thromboembolism", "meningoencephalitis"), and keep every
    split."""
    from audit.terms.parts import word_logprobs

    words = term.split()
    out = []
    english = word_logprobs()
    for i, w in enumerate(words):
        if len(w) >= 9 and w.isalpha():
            common = w.lower() in english
            out += [(" ".join(words[:i] + [f"{w[:k]}-{w[k:]}"] + words[i + 1:]), COMBINING, False)
                    for k in range(4, len(w) - 4) if w[k - 1] in "oO" and _onset(w[k:].lower())
                    and (not common or w[k:].lower() in english)]
    return out


_VOWELS = frozenset("aeiouy")
# (the consonant clusters that start English and Greek-derived medical words: "sclerosis", "phthalmia", "chromo")
_ONSET = frozenset("bl br cl cr dr fl fr gl gr kl kr pl pr tr th ph ch sh rh ps pt pn sp st sc sk sl sm sn sw tw "
                   "gn kn mn scl scr spl spr str squ chr chl phr phl thr sph sch phth".split())


def _onset(rest: str) -> bool:
    """`rest` can start a word: a vowel, one consonant, or a cluster of `_ONSET`, before its first vowel."""
    k = 0
    while k < len(rest) and rest[k] not in _VOWELS:
        k += 1
    return k <= 1 or rest[:k] in _ONSET


JOINED = "joined spelling"
PREFIXES = ("co", "pre", "re", "non", "anti", "post", "sub", "multi", "semi", "inter", "intra", "over", "under")


def joined_spelling(term: str) -> list[tuple[str, str, bool]]:
    """Two words written joined ("health care": "healthcare"; a longer name's last two lower-case words,
    "structured data type": "structured datatype", stop 40) and a prefix hyphenated ("copayment": "co-payment")."""
    from audit.terms.parts import word_logprobs
    words = term.split()
    last = words[-2:]  # (a longer name's last two words in lower case too, not "type B"; derived no further: stop 40)
    if len(words) >= 2 and (len(words) == 2 or all(w.islower() and len(w) >= 3 for w in last)) \
            and all(w.isalpha() for w in last) and not any(w.casefold() in STOP_WORDS for w in last) \
            and len(last[0]) + len(last[1]) <= 10:  # "health care": "healthcare" (not "braintumors")
        return [(" ".join(words[:-2] + [last[0] + last[1].lower()]), JOINED, False)]
    if len(words) == 1 and words[0].isalpha():
        w = words[0]
        for p in PREFIXES:  # (the rest must be an English word: "co-payment", not "co-verage")
            if w.lower().startswith(p) and len(w) - len(p) >= 4 and word_logprobs().get(w[len(p):].lower(), -99.0) > -15:
                return [(f"{w[:len(p)]}-{w[len(p):]}", JOINED, False)]
    return []
