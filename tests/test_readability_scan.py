"""Issue 14: readability's scan of a whitespace token that is not a word of letters ("don't", "e.g.", "well-known",
"1990s", "it’s") is compiled (`audit/readability/_tokens.pyx`, `_scan`: one pass over the characters). Its definition
is the regex scan below (the words `re.findall` finds, the clitic `re.sub` cuts off); the compiled pass must give the
same words, lower-cased words, difficult pairs, terms, capitals and positions on every token of real text and on
random strings made to hit the edges (apostrophes, digits, "_", letters `re` counts as word characters but Python
does not call alphabetic, long s and the other case-folding look-alikes)."""
from __future__ import annotations

import random
import re
import sys

import pytest

from .conftest import CORPUS, ROOT

# the definition (`_scan`'s docstring): `re`'s letters ([^\W\d_]), an apostrophe only between two of them
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
CLITIC_RE = re.compile(r"(?:n['’]t|['’](?:s|re|ve|ll|d|m))$", re.IGNORECASE)


def reference_scan(token: str, plain, min_syllables: int) -> tuple:
    """`_scan_token` by the regexes: (lower-cased words, ((lower, pair or None, term, capitalised, index), ...))."""
    from audit.readability.words import classify

    lowers, words = [], []
    for j, raw in enumerate(WORD_RE.findall(token)):
        raw = raw.replace("’", "'")
        lowers.append(raw.lower())
        word = CLITIC_RE.sub("", raw)
        if not word:
            continue
        lower = word.lower()
        difficult, lemma = classify(lower, "", min_syllables)
        words.append((lower, (lower, lemma) if difficult else None, plain.match_word(lower, lemma),
                      word[0].isupper(), j))
    return tuple(lowers), tuple(words)


def mismatches(tokens, min_syllables: int = 2) -> list[str]:
    """The tokens whose compiled scan differs from `reference_scan` (the default lemma table in use)."""
    from audit.readability.measure import _lookup_table
    from audit.readability.plain import plain_words
    from audit.readability.words import _scan_token, use_lemma_table

    use_lemma_table(_lookup_table(""))
    plain = plain_words()
    return [t for t in tokens if _scan_token(t, plain, min_syllables) != reference_scan(t, plain, min_syllables)]


def _real_tokens() -> list[str]:
    """The distinct whitespace tokens of the seeds and the real-site fixtures that are not a word of letters alone
    (those never reach the scan), and the benchmark generator's real vocabulary."""
    paths = [p for p in sorted(CORPUS.glob("*")) if p.is_file()]
    fixtures = ROOT / "tests" / "fixtures"
    for sub in ("real_sites", "site_text", "healthcare-gov", "pypug"):
        paths += [p for p in sorted((fixtures / sub).rglob("*")) if p.suffix in (".txt", ".md", ".html")]
    tokens = {t for p in paths for t in p.read_text(encoding="utf-8", errors="replace").split()}
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    vocabulary, _ = generate.real_vocabulary()
    return sorted(t for t in tokens | set(vocabulary) if not t.isalpha())


# characters around the edges of the definition: ASCII letters of the clitics in both cases, apostrophes straight and
# curly, "_", digits (ASCII, Arabic-Indic, superscript two: a word character but no decimal digit), fractions and
# Roman numerals (`re` letters), long s and Kelvin sign (case-folding look-alikes), dotted I, sharp s, ligatures,
# a combining accent (no word character), dashes, quotes and brackets
EDGE = ("ntsdmrevlNTSDMREVLaxIK'’'’'’_0179٣²½Ⅻſ\u212aİıßﬁé\u0301-–—.,;:!?\"“”()[]/&%$#@*+=<>~`^|\\ ")


def _random_tokens(n: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        size = rng.randint(1, 12)
        out.append("".join(rng.choice(EDGE) for _ in range(size)))
    return out


def test_the_compiled_scan_equals_the_regexes_on_real_tokens():
    tokens = _real_tokens()
    assert len(tokens) > 2000
    assert sum("'" in t or "’" in t for t in tokens) > 100  # clitics ("don't", "it’s") are there
    assert mismatches(tokens) == []
    assert mismatches(tokens[::7], min_syllables=3) == []


def test_the_compiled_scan_equals_the_regexes_on_random_strings():
    tokens = _random_tokens(60_000)
    assert mismatches(tokens) == []


@pytest.mark.parametrize("token,lowers,kept", [
    ("don't", ("don't",), ("do",)),
    ("DON'T", ("don't",), ("do",)),
    ("it’s", ("it's",), ("it",)),
    ("n't", ("n't",), ()),  # the whole word is a clitic: no word, but a lower-cased word for the passive rules
    ("rock'n'roll", ("rock'n'roll",), ("rock'n'roll",)),
    ("o'clock,", ("o'clock",), ("o'clock",)),
    ("they're/we've", ("they're", "we've"), ("they", "we")),
    ("BOSſ'ſ", ("bosſ'ſ",), ("bosſ",)),  # long s is an "s" to re.IGNORECASE
    ("x2y", ("x", "y"), ("x", "y")),  # a digit ends a word
    ("a_b", ("a", "b"), ("a", "b")),  # so does "_"
    ("x²y", ("x²y",), ("x²y",)),  # superscript two: a word character, no decimal digit
    ("'quoted'", ("quoted",), ("quoted",)),  # an apostrophe not between letters stays out
    ("well--known", ("well", "known"), ("well", "known")),
    ("1992", (), ()),
])
def test_scan_by_hand(token, lowers, kept):
    from audit.readability.plain import plain_words
    from audit.readability.words import _scan_token

    got_lowers, words = _scan_token(token, plain_words(), 2)
    assert got_lowers == lowers and tuple(w[0] for w in words) == kept
    assert mismatches([token]) == []
