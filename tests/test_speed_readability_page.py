"""Issue 14: readability's per-page step is compiled (`audit/readability/_page.pyx`, Cython): one walk over a page's
units and their token rows sets every sentence column and the page's sums. On real pages (the seeds, the real-site
fixtures, HealthCare.gov's glossary) each unit's columns must be what textstat's primitives (`count_unit`), the
Flesch–Kincaid sentence grade, the documented flag thresholds, the word-by-word difficult-word scan and the passive
rules give for that unit alone, and each page's formulas what textstat gives on its formula units joined."""
from __future__ import annotations

import importlib.machinery
import math
import tomllib
from collections import Counter
from pathlib import Path

import pytest

import audit
from audit.config import Settings
from audit.readability.counts import count_unit, formula_text
from audit.readability.offline import textstat_offline
from audit.readability.passive import passive_rules
from audit.readability.plain import plain_words
from .conftest import CORPUS, ROOT
from .test_readability import _scan_word_by_word

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL = [CORPUS, FIXTURES / "real_sites" / "journal", FIXTURES / "real_sites" / "healthcare",
        FIXTURES / "real_sites" / "clough", FIXTURES / "healthcare-gov", FIXTURES / "site_text",
        FIXTURES / "site" / "pcd"]
# textstat's sentence rule (units of <= 2 words are no sentences), so that the page scores equal textstat's own
STRICT = {"min_sentence_words": 3, "min_words": 1}


@pytest.fixture(scope="module")
def real_audits():
    return [audit.run(path, Settings().replace(readability=STRICT)) for path in REAL]


def _not_english(a) -> set[str]:
    """The pages that may not be English, or have no language identified (`audit.ingest.language`): not graded."""
    note = a.pages["readability_note"].fillna("").astype(str)
    return set(a.pages.loc[note.str.startswith(("may not be English", "no language identified")), "page_id"])


def test_the_page_step_is_compiled_and_listed_for_the_build():
    """`audit.readability._page` is an extension module built from its .pyx (no pure-Python copy beside it), and
    `pyproject.toml` lists it, so a fresh install compiles it; `per_page` calls it."""
    from audit.readability import _page, measure

    assert _page.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    assert not (ROOT / "audit" / "readability" / "_page.py").exists()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    modules = {m["name"]: m["sources"] for m in config["tool"]["setuptools"]["ext-modules"]}
    assert modules["audit.readability._page"] == ["audit/readability/_page.pyx"]
    assert measure.page_units is _page.page_units


def test_unit_columns_equal_the_reference_rules_on_real_pages(real_audits):
    """Every unit of the real pages: textstat's counts of the unit alone (the full stop `formula_text` adds counted
    as a character), the Flesch–Kincaid grade of the unit as one sentence, the long / hard flags by their settings,
    the difficult words of the word-by-word scan, the passive rule's phrase."""
    rs = Settings().readability
    plain = plain_words()
    checked = flagged = passive = 0
    for a in real_audits:
        for row in a.sentences.itertuples():
            if row.page_id in _not_english(a):  # (not graded, no English rules: `test_not_english.py`)
                assert math.isnan(row.grade) and not (row.hard or row.very_hard or row.passive)
                continue
            c, _ = count_unit(row.text)
            assert (row.words, row.syllables, row.polysyllables, row.letters, row.chars, row.long_words) == \
                (c.words, c.syllables, c.polysyllables, c.letters, c.chars, c.long_words), row.text
            in_formulas = c.words > 0 and row.kind != "heading"
            assert bool(row.in_formulas) is in_formulas
            if in_formulas:
                grade = round(0.39 * c.words + 11.8 * c.syllables / c.words - 15.59, 1)
                assert row.grade == grade, row.text
                eligible = c.words >= rs.hard_sentence_min_words
                assert bool(row.hard) is (eligible and grade > rs.hard_sentence_grade)
                assert bool(row.very_hard) is (eligible and grade > rs.very_hard_sentence_grade)
                assert bool(row.long) is (c.words > rs.long_sentence_words)
                assert bool(row.very_long) is (c.words > rs.very_long_sentence_words)
                flagged += bool(row.hard or row.long)
            else:
                assert math.isnan(row.grade) and not (row.hard or row.very_hard or row.long or row.very_long)
            hard, _, _ = _scan_word_by_word(row.text, row.kind, plain, rs.difficult_word_min_syllables, True)
            assert row.difficult_words == len(hard), row.text
            phrase = row.passive_phrase if isinstance(row.passive_phrase, str) else ""
            assert phrase == passive_rules(row.text) and bool(row.passive) is bool(phrase), row.text
            passive += bool(phrase)
            checked += 1
    assert checked > 700 and flagged > 50 and passive > 20


def test_page_tables_equal_the_word_by_word_scan_on_real_pages(real_audits):
    """difficult_words.csv and plain_language.csv of the real pages = the word-by-word scan of their units, per
    page (the page walk counts the non-capitalised difficult words from the token rows, the others per unit)."""
    plain = plain_words()
    n_words = n_terms = 0
    for a in real_audits:
        difficult, terms = Counter(), Counter()
        for row in a.sentences.itertuples():
            if row.page_id in _not_english(a):  # (no English word lists: `test_not_english.py`)
                continue
            hard, found, _ = _scan_word_by_word(row.text, row.kind, plain, 2, True)
            difficult.update((row.page_id, lemma, word) for word, lemma in hard)
            terms.update((row.page_id, t) for t in found)
        by_lemma = Counter()
        for (pid, lemma, _), n in difficult.items():
            by_lemma[pid, lemma] += n
        dw = a.tables["difficult_words"]
        assert {(r.page_id, r.word): r.count for r in dw.itertuples()} == dict(by_lemma)
        for r in dw.itertuples():
            forms = sorted(w for (pid, lemma, w) in difficult if pid == r.page_id and lemma == r.word)
            assert r.forms == "; ".join(forms) and r.alternative == plain.alternative_for(r.word, tuple(forms))
        pl = a.tables["plain_language"]
        assert {(r.page_id, r.term): r.count for r in pl.itertuples()} == dict(terms)
        n_words, n_terms = n_words + len(dw), n_terms + len(pl)
    assert n_words > 300 and n_terms > 10


def test_page_scores_equal_textstat_on_real_pages(real_audits):
    """Each graded real page's eight formulas = textstat's on its formula units joined, each ending a sentence
    (where textstat's sentence regex finds the units: not where it splits a unit at "e.g." or "Dr.")."""
    ts = textstat_offline()
    graded = 0
    for a in real_audits:
        sentences = a.sentences
        for page in a.pages[a.pages["grade"].notna()].itertuples():
            units = sentences[(sentences["page_id"] == page.page_id) & sentences["in_formulas"].astype(bool)]
            text = " ".join(formula_text(t) for t in units.text)
            if ts.sentence_count(text) != page.formula_sentences:
                continue
            for name in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
                         "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
                         "linsear_write_formula"):
                assert getattr(page, name) == pytest.approx(getattr(ts, name)(text), abs=1e-9), (page.page_id, name)
            graded += 1
    assert graded > 20


def test_the_page_step_writes_its_columns_whole():
    """`per_page` reads a page's `Units` by column and adds its 14 columns in one step (no write per unit): on units
    rebuilt from the seeds' sentences table, page by page, they equal that table's values, in its column order."""
    from audit.engine.results import Units
    from audit.readability import measure
    from audit.readability._page import COLUMNS

    real = audit.run(CORPUS).sentences
    keys = ["text", "kind", "sentence", "line"]
    assert [c for c in real.columns if c in COLUMNS] == list(COLUMNS)

    from audit.ingest.sources import Page

    class Result:  # (a `PageResult`'s parts the step reads: its page, its extras)
        def __init__(self):
            self.page, self.extras = Page("p", "p"), {}

    settings = Settings()
    for page_id, rows in real.groupby("page_id", sort=False):
        units = Units({k: rows[k].tolist() for k in keys}, len(rows))
        result = Result()
        measure.per_page(result, [], [], units, settings)
        assert list(units.columns) == keys + list(COLUMNS)
        for name in COLUMNS:
            want = rows[name].tolist()
            got = units.columns[name]
            assert all(g == w or (g != g and w != w) for g, w in zip(got, want)), (page_id, name)
        values = dict(zip(measure.PAGE_COLUMNS, measure.page_row(result.extras["readability"])))
        assert values["formula_words"] > 100 and values["grade"] > 0
    empty = Units({k: [] for k in keys}, 0)
    measure.per_page(Result(), [], [], empty, settings)
    assert list(empty.columns) == keys  # a page without units gets no columns


@pytest.mark.parametrize("settings", [{}, STRICT])
def test_linsear_counts_of_the_walk_equal_the_definition_on_real_pages(settings):
    """The page walk counts Linsear Write's easy and hard words and sentences of the first 100 words itself; on every
    graded real page they give the score `counts.linsear_counts` (the definition: textstat's `strict_upper` rule)
    gives on the page's formula units, their words' syllables by `count_unit`."""
    from audit.readability.counts import linsear_counts
    from audit.readability.formulas import linsear_write_formula

    min_sentence = Settings().replace(readability=settings).readability.min_sentence_words
    pages = cut = 0
    for path in REAL:
        a = audit.run(path, Settings().replace(readability=settings))
        sentences = a.sentences
        for page in a.pages[a.pages["grade"].notna()].itertuples():
            units = sentences[(sentences["page_id"] == page.page_id) & sentences["in_formulas"].astype(bool)]
            counted = [count_unit(t) for t in units.text]
            lw = linsear_counts([(s, c.tokens, c.words >= min_sentence) for c, s in counted], min_sentence)
            assert page.linsear_write_formula == linsear_write_formula(lw), page.page_id
            pages += 1
            cut += sum(c.words for c, _ in counted) > 100
    assert pages > 30 and cut > 20
