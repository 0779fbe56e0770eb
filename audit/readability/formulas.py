"""The eight readability formulas as small pure functions of counts (textacy style).

Each takes the additive counts of `audit.readability.counts` and returns exactly what textstat 0.7.13 returns for the same text
(including its 0.0 for degenerate input and its deviations from the original papers, noted below), so our page
scores are textstat's on correctly segmented text. `tests/test_readability.py` checks the equality.
"""
from __future__ import annotations

import math
from functools import lru_cache

from audit.readability.counts import Counts, LinsearCounts

# The grade-level formulas (US school grade); Flesch reading ease (0-100, higher = easier) and the Dale–Chall score
# (its own 4.9-10 band scale) are not grades and never enter the headline `grade`.
GRADE_FORMULAS = ("flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                  "automated_readability_index", "linsear_write_formula")
ALL_FORMULAS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula")
SHORT_NAMES = {"flesch_reading_ease": "FRE", "flesch_kincaid_grade": "FK", "gunning_fog": "Fog", "smog_index": "SMOG",
               "coleman_liau_index": "CLI", "automated_readability_index": "ARI",
               "dale_chall_readability_score": "Dale-Chall", "linsear_write_formula": "Linsear"}


def _per(a: float, b: float) -> float:
    return a / b if b else 0.0


def flesch_reading_ease(c: Counts) -> float:
    """Flesch Reading Ease, 0-100 (can leave that range); *higher = easier* (60-70 plain English).

    206.835 - 1.015 * words/sentences - 84.6 * syllables/words. Flesch (1948), "A new readability yardstick",
    J. Applied Psychology 32:221-233."""
    wps, spw = _per(c.words, c.sentences), _per(c.syllables, c.words)
    if wps == 0 or spw == 0:
        return 0.0
    return 206.835 - 1.015 * wps - 84.6 * spw


def flesch_kincaid_grade(c: Counts) -> float:
    """Flesch–Kincaid grade level; *higher = harder* (US school grade).

    0.39 * words/sentences + 11.8 * syllables/words - 15.59. Kincaid et al. (1975), Research Branch Report 8-75,
    Naval Technical Training Command."""
    wps, spw = _per(c.words, c.sentences), _per(c.syllables, c.words)
    if wps == 0 or spw == 0:
        return 0.0
    return 0.39 * wps + 11.8 * spw - 15.59


def gunning_fog(c: Counts) -> float:
    """Gunning Fog index; *higher = harder* (years of schooling).

    0.4 * (words/sentences + 100 * complex/words), complex = not on the Dale–Chall easy list and >= 3 syllables
    (textstat's definition; Gunning's original excludes proper names, compounds and -ed/-es endings).
    Gunning (1952), The Technique of Clear Writing."""
    if c.words == 0:
        return 0.0
    return 0.4 * (_per(c.words, c.sentences) + 100 * c.complex_words / c.words)


def smog_index(c: Counts) -> float:
    """SMOG grade; *higher = harder*. Needs 30 sentences to be valid (see `smog_reliable`).

    1.043 * sqrt(30 * polysyllables/sentences) + 3.1291. McLaughlin (1969), "SMOG grading — a new readability
    formula", J. Reading 12(8):639-646."""
    if c.sentences == 0:
        return 0.0
    return 1.043 * math.sqrt(30 * c.polysyllables / c.sentences) + 3.1291


def coleman_liau_index(c: Counts) -> float:
    """Coleman–Liau index; *higher = harder* (US grade).

    0.058 * L - 0.296 * S - 15.8, L = letters per 100 words, S = sentences per 100 words (textstat's constants).
    Coleman & Liau (1975), J. Applied Psychology 60(2):283-284."""
    letters, sentences = 100 * _per(c.letters, c.words), 100 * _per(c.sentences, c.words)
    if letters == 0 or sentences == 0:
        return 0.0
    return 0.058 * letters - 0.296 * sentences - 15.8


def automated_readability_index(c: Counts) -> float:
    """Automated Readability Index; *higher = harder* (US grade). Hemingway's grade.

    4.71 * chars/tokens + 0.5 * words/sentences - 21.43 (textstat counts every non-space character, punctuation
    included, over whitespace tokens). Smith & Senter (1967), AMRL-TR-66-220."""
    cpw, wps = _per(c.chars, c.tokens), _per(c.words, c.sentences)
    if cpw == 0 or wps == 0:
        return 0.0
    return 4.71 * cpw + 0.5 * wps - 21.43


def dale_chall_readability_score(c: Counts) -> float:
    """New Dale–Chall score; *higher = harder* (<= 4.9 grade 4 and below ... >= 10 college graduate).

    0.1579 * %difficult + 0.0496 * words/sentences, + 3.6365 when more than 5 % of words are difficult; difficult =
    not on the easy list, per occurrence, inflections *not* recognised (textstat's definition, kept for equality;
    the difficult-words listing uses lemmas). Dale & Chall (1948); Chall & Dale (1995)."""
    if c.words == 0:
        return 0.0
    pct = 100 * c.dale_chall_difficult / c.words
    score = 0.1579 * pct + 0.0496 * _per(c.words, c.sentences)
    return score + 3.6365 if pct > 5 else score


def linsear_write_formula(lw: LinsearCounts) -> float:
    """Linsear Write; *higher = harder* (US grade). On the first 100 words (textstat's default `strict_upper`).

    r = (easy + 3 * hard) / sentences; r - 2 when r <= 20; halved. Klare (1974-75), Reading Research Quarterly."""
    if lw.sentences == 0:
        return 0.0
    r = (lw.easy + 3 * lw.hard) / lw.sentences
    if r <= 20:
        r -= 2
    return r / 2


def all_scores(c: Counts, lw: LinsearCounts) -> dict[str, float]:
    """The eight textstat formulas by textstat's names."""
    return {
        "flesch_reading_ease": flesch_reading_ease(c),
        "flesch_kincaid_grade": flesch_kincaid_grade(c),
        "gunning_fog": gunning_fog(c),
        "smog_index": smog_index(c),
        "coleman_liau_index": coleman_liau_index(c),
        "automated_readability_index": automated_readability_index(c),
        "dale_chall_readability_score": dale_chall_readability_score(c),
        "linsear_write_formula": linsear_write_formula(lw),
    }


@lru_cache(maxsize=None)
def rounded_sentence_grade(words: int, syllables: int) -> float:
    """`sentence_grade` rounded to one decimal, once per (words, syllables) pair (`round` is costly for floats)."""
    return round(sentence_grade(words, syllables), 1)


def sentence_grade(words: int, syllables: int) -> float:
    """Grade of one sentence alone: Flesch–Kincaid with one sentence (0.39 * words + 11.8 * syllables/words -
    15.59); *higher = harder*. NaN for a unit without words."""
    if words == 0:
        return float("nan")
    return 0.39 * words + 11.8 * syllables / words - 15.59
