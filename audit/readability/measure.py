"""Readability an editor can act on: textstat's formulas on correctly segmented article text, a health-literacy
target, and the sentences that push a page over it.

**Units.** The pipeline hands us the page's sentence units: every heading and every list item is one unit (never
glued to a neighbour), paragraphs are split into spaCy sentences; site template never reaches us.

**Counting once.** Each unit is counted once in the worker (`audit.readability.counts`: textstat 0.7.13's own word, syllable,
letter, character and easy-word definitions, from one cached record per distinct whitespace token that the
difficult words and the passive rules share: `audit.readability.words.TokenTable`; the units' sums and columns in
one compiled walk over the page, `audit.readability._page`); page counts are sums, and the eight formulas
(`audit.readability.formulas`) run on the sums. They equal textstat's functions on the same units joined as text, each unit
ending in a full stop — `tests/test_readability.py` proves it on the seeds.

**Decisions.**

- *Headings* are reported in `sentences.csv` (kind `heading`, words, syllables) but by default are **not** counted in
  the formulas (`[readability] headings_in_formulas = false`): a heading is not a sentence, and counting two-word
  headings as sentences would make every page look easier. Either way a heading never lengthens a sentence.
- *List items* and other body fragments **are** sentences (a bullet is read as a unit). textstat's regex would drop
  units of <= 2 words as sentences (`min_sentence_words = 3` reproduces that); we count them (default 1).
- `grade` = the mean of the grade-level formulas in `grade_formulas` (default Flesch–Kincaid, Gunning Fog, SMOG,
  Coleman–Liau, ARI, Linsear Write — Flesch reading ease and the Dale–Chall score are not grades), rounded to one
  decimal. SMOG stays in the mean below 30 sentences (it is the health-literacy standard), and `smog_reliable`
  says whether the page has the 30 sentences SMOG needs (McLaughlin 1969).
- `meets_target` = `grade <= target_grade` (default 8, NIH/CDC; 6 is AMA's strict setting). `why` names the
  grade formulas over target and the hardest sentences (by per-sentence grade, `sentence` index in sentences.csv).
- Per-sentence `grade` = Flesch–Kincaid of the sentence alone (NaN for headings not in the formulas); `hard` /
  `very_hard` when it is above `hard_sentence_grade` / `very_hard_sentence_grade` (very_hard implies hard) and the
  sentence has at least `hard_sentence_min_words` words (Hemingway's rule: short sentences are never hard).
  `long` / `very_long`: more than 20 / 30 words.
- `reading_time_min` = body words (headings included) / 238 wpm (Brysbaert 2019, silent reading of non-fiction).
- `long_sentence_share`, `passive_share`: shares of the formula sentences; `longest_paragraph_words` (paragraph
  blocks) and `longest_section_words` (body words between two headings; Yoast limits 150 and 300).
- Passive voice: `audit.readability.passive` (rules by default, the parser when a trained pipeline is loaded).
- Difficult words: per occurrence, lemma-aware (`words`), with plain-language alternatives (`plain`); the Dale–Chall
  *score* keeps textstat's definition (inflections count as difficult) so that it equals textstat's.
- Pages that cannot be graded (no body, only headings, not English or no language identified —
  `audit.ingest.language` —, < `min_words` formula words) get NaN and a `readability_note`.
"""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from audit.readability._page import page_units
from audit.readability.counts import Counts, LinsearCounts
from audit.readability.formulas import ALL_FORMULAS, SHORT_NAMES, all_scores
from audit.readability.lexicon import LEMMAS
from audit.readability.limits import style_limits, within_target
from audit.readability.passive import resolve_method
from audit.readability.plain import plain_words
from audit.readability.words import use_lemma_table

KEY = "readability"
NAN = float("nan")

PAGE_COLUMNS = (*ALL_FORMULAS, "grade", "target_grade", "meets_target", "why", "smog_reliable", "readability_note",
                "formula_sentences", "formula_words", "syllables", "reading_time_min", "long_sentence_share",
                "passive_share", "hard_sentences", "very_hard_sentences", "difficult_words",
                "longest_paragraph_words", "longest_section_words", "readability_flags", "passive_method")


def _excerpt(text: str, words: int = 8) -> str:
    """The first `words` whitespace tokens of `text`, and "…" when more follow (`text.split()` cut after them: the
    hardest units of a page are its longest)."""
    parts = text.split(None, words)  # (the first `words` tokens, then the rest, if any, as one)
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _longest(body) -> tuple[int, int]:
    """The most words of a paragraph block, and the most body words between two headings (text before the first
    heading is a section too), in one pass."""
    paragraph = longest = current = 0
    for b in body:
        kind = b.kind
        if kind == "heading":
            current = 0
            continue
        words = b.words
        current += words
        if current > longest:
            longest = current
        if kind == "paragraph" and words > paragraph:
            paragraph = words
    return paragraph, longest


# ---------------------------------------------------------------- per page (worker)

def _lookup_table(model: str):
    """The default pipeline's lemma lookup table (None for a trained pipeline, whose rule lemmatizer sets
    `token.lemma_`)."""
    return _nlp()[0](model)


@lru_cache(maxsize=1)
def _nlp() -> tuple:
    """`audit.nlp`'s `lemma_table` and `page_tokens`, imported once (not at module level: `audit.nlp` imports spaCy;
    an import statement per page costs more than the page's other Python work)."""
    from audit.nlp import lemma_table, page_tokens

    return lemma_table, page_tokens


def _group_difficult(difficult: dict[str, dict[str, int]], plain) -> list[tuple]:
    """[(lemma, 'form; form', count, alternative), ...] from {lemma: {word: occurrences}}."""
    out = []
    alternative = plain.alternative_cached
    for lemma in sorted(difficult):
        forms = difficult[lemma]
        if len(forms) == 1:  # one form (most lemmas)
            (form, n), = forms.items()
            out.append((lemma, form, n, alternative(lemma, (form,))))
        else:
            names = tuple(sorted(forms))
            out.append((lemma, "; ".join(names), sum(forms.values()), alternative(lemma, names)))
    return out


def _tagged(docs, model: str) -> bool:
    """Whether the page's docs (from `load_nlp(model)`) carry POS tags: never when the pipeline has no component
    but the sentencizer (the default; saves a walk over every token), else when one of them does."""
    if not docs or _sentencizer_only(model):
        return False
    return any(d.has_annotation("POS") for d in docs if len(d))


@lru_cache(maxsize=4)
def _sentencizer_only(model: str) -> bool:
    """Whether `load_nlp(model)` has no component but the sentencizer (once per process and model)."""
    from audit.nlp import load_nlp

    return set(load_nlp(model).pipe_names) <= {"sentencizer"}


def per_page(result, body, docs, units, settings) -> None:
    """Count each unit once — one record per whitespace token of the page (`audit.readability.words.TokenTable`), the
    units' sums and columns in one compiled walk over the page (`audit.readability._page.page_units`) — and leave the
    page's results in `result.extras['readability']`: its page columns (`page_values`) and its rows of the page
    tables (`page_table_rows`), as one flat tuple. The walk reads the units' whitespace tokens from the spaCy step's
    token rows (`audit.nlp.page_tokens`), and splits a unit's text only where its Doc cannot map it."""
    rs = settings.readability
    model = settings.segment.spacy_model
    lemma_table, page_tokens = _nlp()
    use_lemma_table(lemma_table(model))
    method = resolve_method(rs.passive_method, docs, not _sentencizer_only(model))
    tagged = _tagged(docs, model)
    spans = tagged or method == "parser"  # the units' spaCy spans are read
    plain = plain_words(rs.plain_words)
    table = plain.token_table(rs.difficult_word_min_syllables)
    unit_spans = [u["_doc"][slice(*u["_span"])] for u in units] if spans else None  # (Spans: a tagged pipeline's)
    tokens = lemmas = None
    if docs and "_doc" in units.columns:  # the units' whitespace tokens read from the spaCy step's token rows
        tokens = page_tokens(docs)
        if LEMMAS["table"] is lemma_table(""):  # their words' entries in it, read once per word (`requires`)
            lemmas = tokens[3].columns["lemma"]
    (columns, sums, formula_units, n_sentences, n_stops, formula_tokens, linsear, all_words, n_headings, n_long,
     n_passive, n_hard, n_very_hard, candidates, single, shared, term_sentences, term_lines) = page_units(
        table, units.columns, plain, rs, tagged, method == "parser", unit_spans, docs, tokens, lemmas)
    if result.page.not_english():  # no English word lists, rules, grades (`audit.ingest.language`)
        single, shared, term_sentences, term_lines, candidates = [], {}, {}, {}, []
        n_passive = n_hard = n_very_hard = 0
        n = len(columns["grade"])
        columns.update(difficult_words=[0] * n, grade=[NAN] * n, hard=[False] * n, very_hard=[False] * n,
                       passive=[False] * n, passive_phrase=[""] * n)
    if len(units):  # (a page without units gets no columns, as the sentences table of no rows has none)
        units.add_columns(columns)
    hard_min = rs.hard_sentence_min_words
    eligible = [x for x in candidates if x[2] >= hard_min] or candidates
    # hardest first; ties in page order (a stable sort, and `candidates` are in sentence order)
    hardest = sorted(eligible, key=itemgetter(0), reverse=True)[:max(0, rs.why_sentences)]
    difficult_rows = sorted(single + _group_difficult(shared, plain), key=itemgetter(0))  # by lemma (each once)
    longest_paragraph, longest_section = _longest(body)
    values = page_values(_page_counts(sums, n_sentences, formula_tokens, n_stops),
                         LinsearCounts(*linsear),  # (`counts.linsear_counts` of the formula units, counted by the walk)
                         formula_units, all_words, len(units), n_headings, n_long, n_passive, n_hard, n_very_hard,
                         sum([x[2] for x in difficult_rows]), longest_paragraph, longest_section, method,
                         [(g, s, w, _excerpt(t)) for g, s, w, t in hardest], settings, result.page.language_note)
    # One flat tuple of atoms (`page_table_rows` reads it): the collector untracks it at its first collection, so
    # nothing the page leaves here reaches its oldest generation, though the chunk keeps it to its end (a dict of
    # tuples of tuples did: a dict is untracked only by a full collection, and a fresh tuple holding fresh tuples
    # survives its first collection tracked).
    entries = plain.entries
    flat = [*values, len(difficult_rows)]
    for row in difficult_rows:
        flat += row
    for term in sorted(term_sentences):
        where = term_sentences[term]
        flat += (term, entries[term], len(where), "; ".join(map(str, where)),
                 "; ".join(map(str, dict.fromkeys(term_lines[term]))))  # (each line once)
    result.extras[KEY] = tuple(flat)


def _page_counts(sums: list[int], sentences: int, tokens: int, stops: int) -> Counts:
    """The page's `Counts` from the sums of its formula units' facts (`stops`: full stops `formula_text` adds, one
    character each)."""
    words, syll, poly, letters, chars, long_, dc, cx = sums[:8]
    chars += stops
    if words:
        sentences = max(1, sentences)  # textstat: a non-empty text has at least one sentence
    return Counts(sentences, words, tokens, syll, poly, letters, chars, long_, dc, cx)


# ---------------------------------------------------------------- per chunk (worker; `audit.readability.corpus`)

def _note(words: int, units: int, headings: int, rs, language: str = "") -> str:
    if units == 0:
        return "no body text"
    if words == 0 and headings:
        return "only headings (headings are not counted in the formulas)"
    if words == 0:
        return "no words in the body"
    if language:  # (the formulas count English words and sentences: `audit.ingest.language`)
        return language
    if words < rs.min_words:
        return f"too short to grade: {words} words (< {rs.min_words})"
    return ""


def _why(scores: dict[str, float], grade: float, smog_reliable: bool, sentences: int, hardest, rs) -> str:
    target = rs.target_grade
    over = [f for f in rs.grade_formulas if scores[f] > target]
    parts = []
    names = []
    for f in over:
        label = f"{SHORT_NAMES[f]} {scores[f]:.1f}"
        if f == "smog_index" and not smog_reliable:
            label += f" (unreliable: {sentences} sentences < {rs.smog_min_sentences})"
        names.append(label)
    if grade > target:
        parts.append(f"grade {grade:.1f} > target {target:g}")
        parts.append(f"over target: {', '.join(names)}" if names else "no single formula over target")
        hard = [h for h in hardest if h[0] > target]
        if hard:
            parts.append("hardest sentences: " + "; ".join(f"#{s} (grade {g:.1f}, {w} words) \"{t}\""
                                                         for g, s, w, t in hard))
    else:
        parts.append(f"grade {grade:.1f} <= target {target:g}")
        if names:
            parts.append(f"still over target: {', '.join(names)}")
    return "; ".join(parts)


_FLAG_TEXT = {"long_sentences": lambda v, b: f"long sentences {v:.0%} > {b:.0%}", "passive": lambda v, b:
              f"passive {v:.0%} > {b:.0%}", "paragraphs": lambda v, b: f"paragraph of {v} words > {b}"}


def _flags(row: dict[str, Any], settings) -> str:
    """The style limits the page goes over (their amber bounds, which the page assessments use too:
    `audit.readability.limits`), as text."""
    out = [_FLAG_TEXT[a.name](row[a.column], a.amber) for a in style_limits(settings) if a.over(row[a.column])]
    rs = settings.readability
    if row["longest_section_words"] > rs.section_max_words:
        out.append(f"section of {row['longest_section_words']} words > {rs.section_max_words}")
    return "; ".join(out)


_ROW_VALUES = itemgetter(*PAGE_COLUMNS)  # (a page row's values in column order)
N_PAGE = len(PAGE_COLUMNS)  # the page's values lead its results (`per_page`), in this order
_DIFFICULT = 4  # the atoms of a difficult_words row but its page id: word, forms, count, alternative
_PLAIN = 5  # of a plain_language row: term, alternative, count, sentences, lines


def page_values(c: Counts, lw: LinsearCounts, n: int, all_words: int, units: int, headings: int, long_: int,
                passive: int, hard: int, very_hard: int, difficult: int, longest_paragraph: int,
                longest_section: int, method: str, hardest: list[tuple], settings,
                language: str = "") -> tuple:
    """The page columns (`PAGE_COLUMNS`, in order) from one page's counts: `c`, `lw` those of its formula units,
    `n` how many they are; `difficult`: occurrences of difficult words; `hardest`: (grade, sentence, words,
    excerpt) of the hardest sentences, hardest first; `language`: the page's `language_note` (a page that may
    not be English, or has no language, is not graded: `audit.ingest.language`)."""
    rs = settings.readability
    row: dict[str, Any] = {
        "target_grade": rs.target_grade, "formula_sentences": c.sentences, "formula_words": c.words,
        "syllables": c.syllables, "reading_time_min": round(all_words / rs.words_per_minute, 2),
        "long_sentence_share": long_ / n if n else NAN, "passive_share": passive / n if n else NAN,
        "hard_sentences": hard, "very_hard_sentences": very_hard, "difficult_words": difficult,
        "longest_paragraph_words": longest_paragraph, "longest_section_words": longest_section,
        "passive_method": method,
    }
    note = _note(c.words, units, headings, rs, language)
    if language:
        row["passive_share"] = NAN  # (the passive rules read English)
    row["readability_note"] = note
    row["readability_flags"] = _flags(row, settings) if n else ""
    if note:
        row.update({f: NAN for f in ALL_FORMULAS})
        row.update(grade=NAN, meets_target=None, smog_reliable=None, why=f"not graded: {note}")
        return _ROW_VALUES(row)
    scores = all_scores(c, lw)
    grade = round(sum(scores[f] for f in rs.grade_formulas) / len(rs.grade_formulas), 1)
    smog_reliable = c.sentences >= rs.smog_min_sentences
    row.update(scores)
    row.update(grade=grade, meets_target=within_target(grade, rs.target_grade), smog_reliable=smog_reliable,
               why=_why(scores, grade, smog_reliable, c.sentences, hardest, rs))
    return _ROW_VALUES(row)


def page_row(ex: tuple) -> tuple:
    """The page columns' values (`PAGE_COLUMNS` order) of one page's results (`result.extras['readability']`)."""
    return ex[:N_PAGE]


# Severity of a sentence's flags for `rewrite_rank` (each flag outweighs all lighter ones together)
FLAG_WEIGHTS = {"very_hard": 16, "hard": 8, "very_long": 4, "long": 2, "passive": 1}


def rewrite_ranks(sentences: pd.DataFrame) -> pd.Series:
    """`rewrite_rank` of `sentences.csv`: 1 = the site's first sentence to rewrite. Paragraph sentences with at least
    one flag, ordered by the severity of their flags (`FLAG_WEIGHTS`), then grade, then length (ties: page, order);
    empty for the others, so that a short bullet with a high formula grade never comes before a long hard sentence."""
    ranks = pd.Series(pd.NA, index=sentences.index, dtype="Int64")
    flags = [f for f in FLAG_WEIGHTS if f in sentences.columns]
    if not len(sentences) or not flags or "kind" not in sentences.columns:
        return ranks
    severity = sum(sentences[f].fillna(False).astype(bool).astype(int) * FLAG_WEIGHTS[f] for f in flags)
    todo = sentences.assign(_severity=severity)[(sentences["kind"] == "paragraph") & (severity > 0)]
    todo = todo.sort_values(["_severity", "grade", "words", "page_id", "sentence"],
                            ascending=[False, False, False, True, True], kind="mergesort")
    ranks.loc[todo.index] = range(1, len(todo) + 1)
    return ranks


def rank_candidates(sentences: pd.DataFrame) -> pd.DataFrame:
    """The rows `rewrite_ranks` orders (paragraph sentences with a flag), as numbers only: `_severity`, grade and
    words, indexed by row. A streaming run keeps these for every chunk instead of the sentences table; its rows are
    in (page_id, sentence) order, so the row number stands for `rewrite_ranks`' last two sort keys
    (`rewrite_ranks_of`)."""
    flags = [f for f in FLAG_WEIGHTS if f in sentences.columns]
    if not len(sentences) or not flags or "kind" not in sentences.columns:
        return pd.DataFrame({"_severity": pd.Series(dtype="int8")})
    severity = sum(sentences[f].fillna(False).astype(bool).astype(int) * FLAG_WEIGHTS[f] for f in flags)
    mask = (sentences["kind"] == "paragraph") & (severity > 0)
    out = pd.DataFrame({"_severity": severity[mask].astype("int8")})
    for col in ("grade", "words"):
        if col in sentences.columns:
            out[col] = sentences.loc[mask, col]
    return out


def rewrite_ranks_of(candidates: pd.DataFrame) -> pd.Series:
    """`rewrite_rank` of the rows `rank_candidates` kept (indexed by global row, in (page_id, sentence) order):
    the same order as `rewrite_ranks` on the whole table. Only those rows: the others have no rank."""
    if not len(candidates):
        return pd.Series([], dtype="Int64")
    keys = ["_severity"] + [c for c in ("grade", "words") if c in candidates.columns]
    todo = candidates.sort_values(keys, ascending=False, kind="mergesort")  # stable: ties in row order
    return pd.Series(np.arange(1, len(todo) + 1), index=todo.index, dtype="Int64")


PAGE_TABLES = {"difficult_words": ["page_id", "word", "forms", "count", "alternative"],
               "plain_language": ["page_id", "term", "alternative", "count", "sentences", "lines"]}


def page_table_rows(page_id: str, ex: tuple, settings) -> dict[str, list[tuple]]:
    """One page's rows of difficult_words.csv and plain_language.csv, as tuples in `PAGE_TABLES` column order (tables
    made of per-page rows only: a streaming run formats them in the workers, chunk by chunk), from its results
    (`per_page`: after the page's values, the number of its difficult_words rows, then their atoms, then those of
    its plain_language rows)."""
    start = N_PAGE + 1
    stop = start + _DIFFICULT * ex[N_PAGE]
    return {"difficult_words": [(page_id, *ex[i:i + _DIFFICULT]) for i in range(start, stop, _DIFFICULT)],
            "plain_language": [(page_id, *ex[i:i + _PLAIN]) for i in range(stop, len(ex), _PLAIN)]}


def _in_table_order(rows: list[tuple]) -> list[tuple]:
    """`rows` by page, then most frequent first, then word (columns 0, 3 and 1 of both tables); rows equal in all
    three keep their order: three stable sorts, the last key first (Python's sort keeps ties in order, `reverse`
    included; no key tuple per row; a page's rows come sorted by word already, runs the sort merges in one pass)."""
    rows = sorted(rows, key=itemgetter(1))
    rows.sort(key=itemgetter(3), reverse=True)
    rows.sort(key=itemgetter(0))
    return rows


def page_tables(rows: dict[str, list[tuple]]) -> dict[str, pd.DataFrame]:
    """The tables from pages' rows (`page_table_rows`), sorted as pandas' stable sort by page id, count (most first)
    and word sorts them (`_in_table_order`), before the frame is made (one frame per table and chunk, no frame
    sorted and re-indexed)."""
    return {name: pd.DataFrame(_in_table_order(rows[name]), columns=PAGE_TABLES[name])
            for name in ("difficult_words", "plain_language")}


def summary(audit, settings) -> dict:
    rs = settings.readability
    pages = audit.pages
    if "grade" not in pages.columns:
        return {}
    graded = pages[pages["grade"].notna()]
    methods = sorted({m for m in pages.get("passive_method", pd.Series(dtype=str)) if m})
    out: dict[str, Any] = {
        "target_grade": rs.target_grade,
        "grade_formulas": list(rs.grade_formulas),
        "headings_in_formulas": rs.headings_in_formulas,
        "pages_graded": int(len(graded)),
        "pages_not_graded": [{"page_id": r.page_id, "note": r.readability_note}
                             for r in pages[pages["grade"].isna()].itertuples()],
        "pages_meeting_target": int(graded["meets_target"].fillna(False).astype(bool).sum()),
        "pages_over_target": sorted(graded.loc[~graded["meets_target"].fillna(False).astype(bool), "page_id"]),
        "mean_grade": round(float(graded["grade"].mean()), 1) if len(graded) else None,
        "median_grade": round(float(graded["grade"].median()), 1) if len(graded) else None,
        "passive_method": methods,
    }
    if rs.passive_method == "parser" and methods != ["parser"]:
        out["passive_note"] = "passive_method = parser needs a trained spaCy pipeline ([segment] spacy_model); " \
                              "pages without a dependency parse used the rules"
    return {KEY: out}
