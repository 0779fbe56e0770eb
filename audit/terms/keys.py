"""Token keys: the case-insensitive matching key of one token (lower case, straight apostrophe, plural folded to
singular), shared by the glossary's matcher (`audit.terms.glossary`, which re-exports them) and by the modules below it
(`audit.terms.synonyms`)."""
from __future__ import annotations

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


_TABLE: list = []  # (the table, once read: this is asked once per batch of new words, `discovery._key_column`)


def _lemma_table():
    """spaCy's lemma lookup table (`audit.nlp.lemma_table`), for folding plurals whatever the pipeline."""
    if not _TABLE:
        from audit.nlp import _lookup_table

        _TABLE.append(_lookup_table())
    return _TABLE[0]


_KEYS: dict[str, str] = {}

# (stop 38) The Latin and Greek plurals English keeps, which end in no "s" (Quirk et al., *A Comprehensive Grammar of
# the English Language*, 1985, §5.90-5.99; the Oxford English Dictionary's "classical plurals"): -us -> -i ("emboli",
# "thrombi", "fungi", "calculi"), -ma -> -mata ("carcinomata"), -on -> -a ("ganglia", "mitochondria"). The plurals in
# "-es" ("metastases", "stenoses", "diagnoses") end in "s" and are folded already. Not -a -> -ae ("vertebrae"): "-ae"
# is also the Latin genitive singular, which binomial names use for a disease's agent ("Streptococcus pneumoniae",
# "Vibrio cholerae", "Neisseria gonorrhoeae": the bacterium; spaCy's table lemmatises them to "pneumonia", "cholera",
# "gonorrhoea", so BC5CDR's "S. pneumoniae" read as *pneumonia*). Not -um -> -a ("data", "media", "bacteria"):
# "media" is also the plural of the everyday "medium", so a page's "medium" would become a glossary's *Media*.
CLASSICAL_ENDINGS = ("i", "ata", "a")
_CLASSICAL = (("i", "us"), ("ata", "a"), ("a", "on"))


def token_key(text: str) -> str:
    """The case-insensitive matching key of one token: lower case, straight apostrophe, plural folded to singular.

    Only words ending in "s" are folded (spasms -> spasm, palsies -> palsy, Bells -> bell): folding every lemma would
    merge "imaging" with "image" or "better" with "well"; and (stop 38) the Latin and Greek plurals without "s" whose
    lemma is their classical singular ("emboli" -> embolus: `classical_singular`).
    """
    key = _KEYS.get(text)
    if key is None:
        t = text.translate(APOSTROPHES).lower()
        if t.isspace() or not t:
            key = "_sp_"
        elif t == "'s" or t == "s'":
            key = "'s"
        elif len(t) > 3 and t.endswith("s") and t.isalpha():
            lemma = _lemma_table().get(t, t)
            key = lemma if isinstance(lemma, str) and lemma and lemma.isalpha() else t
        elif len(t) > 4 and t.endswith(CLASSICAL_ENDINGS) and t.isalpha():
            key = classical_singular(t, _lemma_table().get(t))
        else:
            key = t
        if len(_KEYS) < 500_000:
            _KEYS[text] = key
    return key


def classical_singular(t: str, lemma) -> str:
    """(stop 38) The singular of a Latin or Greek plural without "s" (`_CLASSICAL`; `t` in lower case), where its
    lemma in spaCy's lemma table (`lemma`, None when it has none) is exactly that singular ("emboli" -> "embolus",
    "carcinomata" -> "carcinoma", "ganglia" -> "ganglion"); any other word as it is (the table's other lemmas are
    another word's: "criteria" -> "criterium", "data" -> "datum", never folded)."""
    if isinstance(lemma, str) and len(t) > 4 and t.isalpha():
        for plural, singular in _CLASSICAL:
            if t.endswith(plural) and lemma == t[:len(t) - len(plural)] + singular:
                return lemma
    return t


def exact_sequences(tokens: list[str]) -> set[tuple[str, ...]]:
    """The token sequences a case-sensitive form matches: itself, and an abbreviation of capitals alone also with a
    plural "s" ("MRI": "MRIs"; "SCT": "SCTs", stop 31 for the abbreviations a name's parenthesis gives)."""
    seqs = {tuple(tokens)}
    if len(tokens) == 1 and tokens[0].isupper() and tokens[0].isalpha():
        seqs.add((tokens[0] + "s",))
    return seqs


def unfolded_plural(key: str) -> str | None:
    """(stop 31) The regular plural of a key that `token_key` would leave as it is — a word spaCy's lemma table does
    not know ("precertificates", "pseudohermaphroditisms"): so a form's last word also stands for it; None when the
    table folds the plural already, or for a key that is no plain word of 3+ letters."""
    if len(key) < 3 or not key.isalpha() or key.endswith("s"):
        return None
    if key.endswith("y") and key[-2] not in "aeiou":
        plural = key[:-1] + "ies"
    elif key.endswith(("x", "z", "ch", "sh")):
        plural = key + "es"
    else:
        plural = key + "s"
    return plural if token_key(plural) == plural else None


def unfolded_singular(key: str) -> str | None:
    """(stop 32) The singular of a regular plural that `token_key` leaves as it is ("microservices" -> "microservice":
    not in spaCy's lemma table), the inverse of `unfolded_plural`: so a part written in the plural also stands for its
    singular ("It is a microservice." for the part "microservices" of *Microservices Architecture*); None for a key
    the table folds ("services") or that ends in "-is", "-us", "-os", "-as" or "-ss" ("sclerosis", "process"). A Latin
    or Greek singular in "-es" gives a word no page writes ("diabetes" -> "diabete"), which finds nothing; the part
    table (`audit.terms.glossary`) also leaves out a singular that is a word of its own ("Roberts" -> "Robert")."""
    if len(key) < 5 or not key.isalpha() or not key.endswith("s") or key[-2] in "aiosu":
        return None  # (the Latin and Greek singulars in "-is", "-us", "-os", "-as": "sclerosis", "tetanus"; "-ss")
    for singular in (key[:-3] + "y", key[:-2], key[:-1]):
        if unfolded_plural(singular) == key:
            return singular
    return None
