"""Issue 14: readability reads a unit's whitespace tokens from the spaCy step's token rows (`audit.nlp.page_tokens`:
runs of tokens with no whitespace between them; a word's record row kept in an array by its `WordTable` row) instead
of splitting the unit's text and looking every token up — and splits the text only where the Doc cannot map it (no
Doc; `guard.for_spacy` turned characters into spaces). On real pages and odd text, every output of the page walk
must equal what the split text gives, and the sentence columns textstat's counts of the unit alone."""
from __future__ import annotations

import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.engine import guard
from audit.readability import measure
from audit.readability.counts import count_unit
from audit.readability.lexicon import LEMMAS
from audit.readability.plain import plain_words
from audit.readability.words import TokenTable

from .conftest import CORPUS, ROOT

ONE = {"run": {"workers": 1}}  # (pages walked in this process: the comparison's counts are kept)
REAL = [CORPUS, ROOT / "tests" / "fixtures" / "real_sites" / "journal",
        ROOT / "tests" / "fixtures" / "real_sites" / "healthcare", ROOT / "tests" / "fixtures" / "real_sites" / "clough",
        ROOT / "tests" / "fixtures" / "healthcare-gov", ROOT / "tests" / "fixtures" / "site_text",
        ROOT / "tests" / "fixtures" / "site" / "pcd", ROOT / "tests" / "fixtures" / "pypug"]
# whitespace spaCy makes SPACE tokens of, or a trailing space; punctuation glued to words; what the guard rewrites
ODD = {
    "spaces.txt": "Two  spaces and\ttabs\t\there.\n\nA line\nbreak and a\u00a0no-break space, (words) in “quotes”.\n\n"
                  "It's don't e-mail U.S. 3.5% $4.95 1992 -- well-known... (see: Fig. 2) end.\n",
    "guarded.txt": "A run of marks " + "!" * 45 + " then words follow here.\n\nShort " + "?" * 40 + "x tail text.\n\n"
                   "A long token " + "ab" * 700 + " after it more words.\n\nEmoji " + "🙂" * 40 + " and text.\n",
    "glued.txt": "Words,glued;together:with(punctuation)and[brackets]here. Next sentence!Another one?Yes.\n\n"
                 "\"Quoted,\" she said, 'again'. ...Ellipsis... and -- dashes -- everywhere; fine.\n",
}


def _compare_paths(monkeypatch) -> dict:
    """Run every page's walk twice — from the token rows (as the pipeline does) and from the split text — and
    assert the outputs are equal; returns counts of pages and units compared."""
    original = measure.page_units
    seen = {"pages": 0, "units": 0}

    def both(table, columns, plain, rs, tagged, parser, spans, docs=None, tokens=None, lemmas=None):
        got = original(table, columns, plain, rs, tagged, parser, spans, docs, tokens, lemmas)
        want = original(table, columns, plain, rs, tagged, parser, spans, None, None)
        assert got == want, columns["text"][:3]
        if tokens is not None:
            seen["pages"] += 1
            seen["units"] += len(columns["text"])
        return got

    monkeypatch.setattr(measure, "page_units", both)
    return seen


def test_token_rows_equal_the_split_text_on_real_pages(monkeypatch):
    """Seeds and real-site fixtures (HTML: tables, entities, citations; plain text): the walk from the token rows
    gives the split text's outputs on every page, and the rows were read (words' record rows known)."""
    seen = _compare_paths(monkeypatch)
    for path in REAL:
        audit.run(path, Settings().replace(**ONE))
    assert seen["pages"] > 35 and seen["units"] > 700, seen
    rs = Settings().readability
    table = plain_words(rs.plain_words).token_table(rs.difficult_word_min_syllables)
    assert (table.word_row >= 0).sum() > 2000, (table.word_row >= 0).sum()


def test_words_classified_with_the_spacy_steps_lemma_equal_the_lookup():
    """A new word of letters read from the token rows is classified with its lemma table entry as the spaCy step
    read it (`nlp.WordTable`'s "lemma"): on the real pages, every word's (difficult, lemma) the audit cached equals
    `classify`'s own lookup (a cache of its own), and the rows did carry the words' entries."""
    from audit.nlp import lemma_table
    from audit.readability.measure import _lookup_table
    from audit.readability.words import classify, use_lemma_table

    use_lemma_table(_lookup_table(""))
    plain_words.cache_clear()  # (a fresh word cache: filled by the runs below only)
    calls = []
    original = measure.page_units

    def spy(*args):
        calls.append(args[-1] is not None and len(args[-1]) > 0)
        return original(*args)

    for path in REAL:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(measure, "page_units", spy)
            audit.run(path, Settings().replace(**ONE))
    assert sum(calls) > 35
    assert LEMMAS["table"] is lemma_table("")
    cache = plain_words(Settings().readability.plain_words).word_cache(2)
    assert len(cache) > 2500
    changed = 0
    for word, (difficult, lemma, _) in cache.items():
        assert (difficult, lemma) == classify(word, "", 2), word
        changed += lemma != word
    assert changed > 250  # (words whose lemma is another word: "studies" -> "study")


def test_odd_whitespace_and_guarded_text(tmp_path, monkeypatch):
    """SPACE tokens, tabs, no-break spaces, punctuation glued to words, and text the guard rewrote for spaCy (a run
    of 45 "!" keeps 32, a 1,400-character token gets spaces): outputs equal the split text's, and each unit's
    columns equal textstat's counts of the unit alone (the guard's spaces never reach the counts)."""
    for name, text in ODD.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert guard.for_spacy(ODD["guarded.txt"]) != ODD["guarded.txt"]
    seen = _compare_paths(monkeypatch)
    result = audit.run(tmp_path, Settings().replace(readability={"min_words": 1}, **ONE))
    assert seen["pages"] == 3
    rows = result.sentences
    assert len(rows) >= 12
    for row in rows.itertuples():
        c, _ = count_unit(row.text)
        assert (row.words, row.syllables, row.polysyllables, row.letters, row.long_words) == \
            (c.words, c.syllables, c.polysyllables, c.letters, c.long_words), row.text
        assert row.chars == c.chars, row.text
    # the guard's spaces cut sentences in the run (units are cut from the original text: their tokens differ)
    guarded = [t for t in rows["text"] if "!" * 12 in t or "?" * 12 in t or "ab" * 100 in t]
    assert len(guarded) >= 4 and any(len(t.split()) != len(guard.for_spacy(t).split()) for t in guarded)


def test_tables_emptied_mid_run_change_nothing(monkeypatch):
    """With the readability token table emptied every few pages (`TokenTable.LIMIT`) and the spaCy step's word
    table too (`WordTable.LIMIT`: a new generation, every word's row renumbered), the seeds' and a real site's
    sentences and pages are what a run with the usual limits gives (the walk starts a page again when its table
    was emptied under it)."""
    from audit.nlp import WordTable

    paths = [CORPUS, ROOT / "tests" / "fixtures" / "real_sites" / "healthcare"]
    want = [audit.run(p, Settings().replace(**ONE)) for p in paths]
    plain_words.cache_clear()
    monkeypatch.setattr(TokenTable, "LIMIT", 60)
    monkeypatch.setattr(WordTable, "LIMIT", 400)
    got = [audit.run(p, Settings().replace(**ONE)) for p in paths]
    plain_words.cache_clear()
    for g, w in zip(got, want):
        assert g.sentences.equals(w.sentences)
        cols = [c for c in w.pages.columns if c in measure.PAGE_COLUMNS]
        assert len(cols) > 20
        pd.testing.assert_frame_equal(g.pages[cols], w.pages[cols])


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "word", " lead and trail ", "a\u00a0b\u2003c"])
def test_split_counts_of_small_texts(text, tmp_path):
    """Texts that are empty or only whitespace give no units; others count as textstat's split does."""
    (tmp_path / "page.txt").write_text(f"Intro words here.\n\n{text}\n", encoding="utf-8")
    rows = audit.run(tmp_path).sentences
    for row in rows.itertuples():
        c, _ = count_unit(row.text)
        assert (row.words, row.chars) == (c.words, c.chars), row.text
