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


def token_key(text: str) -> str:
    """The case-insensitive matching key of one token: lower case, straight apostrophe, plural folded to singular.

    Only words ending in "s" are folded (spasms -> spasm, palsies -> palsy, Bells -> bell): folding every lemma would
    merge "imaging" with "image" or "better" with "well".
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
        else:
            key = t
        if len(_KEYS) < 500_000:
            _KEYS[text] = key
    return key


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
