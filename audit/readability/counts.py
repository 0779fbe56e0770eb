"""Count a sentence unit once, with textstat's own primitives and definitions, so formulas can run on sums.

textstat (0.7.13, through `audit.readability.offline.textstat_offline()`) recounts the whole text for every formula and splits
sentences with a regex. We count each sentence unit once instead and sum per page; the formulas in
`audit.readability.formulas` then reproduce textstat's results exactly on the same segmented text (`tests/test_readability.py`
feeds textstat the units joined, each ending in a full stop, and compares — on the seeds and on random text — and
checks every syllable count against textstat's `count_syllables`).

The primitives below are textstat's, line for line (its regexes, its CMUdict-then-Pyphen syllable rule, its easy-word
file), but the module does not import textstat at run time: `import textstat` imports NLTK (~2.5 s in every worker
process) and `cmudict.dict()` takes ~2 s to build phone lists we only need to count. Reading the same `cmudict`
file for syllable counts takes ~0.05 s (compiled: `_syllables.cmu_syllables`).

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

The word lists live in `audit.readability.lexicon` (CMUdict's syllables in `_syllables`); the per-word and per-token
counting (`list_words`: textstat's two regex substitutions and split in one pass over the characters,
`count_syllables`, `word_stats`, `token_counts`, and the hyphenation search: Liang's algorithm over Pyphen's patterns
in C arrays) is compiled (`audit.readability._syllables`) and runs once per distinct whitespace token of the corpus
(`audit.readability.words.TokenTable`), not per occurrence or per formula.
"""
from __future__ import annotations

from dataclasses import dataclass

# (the word lists, textstat's `list_words` and the compiled counting, used from here by the rest of the package)
from audit.readability._syllables import (COUNT_FIELDS, cmu_syllables, count_syllables, hyphen_points, hyphenator,
                                          list_words, token_counts, word_stats)
from audit.readability.lexicon import LANG, easy_words

LINSEAR_WORDS = 100  # textstat.linsear_write_formula default (strict_upper=True): only the first 100 words


def _hyphenation():
    """Pyphen's patterns for `LANG` as the compiled search's trie (built once per process; the engine's preload)."""
    return hyphenator()


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
