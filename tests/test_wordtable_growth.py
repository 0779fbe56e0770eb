"""Issue 14 (CPU on real text): the per-word tables a worker keeps grow at a cost per new word, not per word seen,
and keep few objects for the garbage collector to walk.

- `nlp.WordTable` columns grow in chunks (capacity ×1.5): adding a document's new words does not copy the column,
  its values still equal the column's function, and views handed out earlier stay valid.
- `readability.words.TokenTable.records_of` finds a page's new tokens without a walk over every token, and numbers
  them in order of first use, as the walk did.
- Long-lived caches hold tuples of strings (which the collector stops tracking), not lists or keys holding objects:
  terms' shared short-block `Tokens`, their memo, and the plain-language alternatives.
Real text: the seeds and the real-site fixtures; speed is measured in benchmarks (RESULTS.md), not here."""
from __future__ import annotations

import gc

import numpy as np

from .conftest import CORPUS, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "real_sites"


def _paragraphs() -> list[str]:
    files = [p for p in sorted(CORPUS.glob("*")) if p.is_file()] + sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    out = []
    for path in files:
        out += [p for p in path.read_text(encoding="utf-8", errors="replace").split("\n\n") if p.strip()]
    return out


def test_columns_grow_in_chunks_and_equal_their_function():
    """Many documents with new words: the column's array is re-allocated O(log n) times (not once per document),
    every value equals the function of its word, and a view taken before a growth still holds its rows."""
    from audit.engine import guard
    from audit.nlp import DocTokens, WordTable, load_nlp

    nlp = load_nlp("")
    table = WordTable()
    length = table.column("length", lambda texts: [len(t) for t in texts], np.int32)
    arrays, grew, first_view, docs = set(), 0, None, 0
    for text in (line for p in _paragraphs() for line in p.split("\n") if line.strip()):
        doc = nlp.make_doc(guard.for_spacy(text))
        before = len(table.texts)
        record = DocTokens(doc, table)
        docs += len(table.texts) > before
        array = table._arrays["length"]
        if id(array) not in arrays:
            arrays.add(id(array))
            grew += 1
        column = table.column("length", None, np.int32)
        assert len(column) == len(table.texts) and column.base is array  # a view of the used rows
        assert column.take(record.row).tolist() == [len(t.text) for t in doc]
        if first_view is None and len(table.texts) > 100:
            first_view = (column, [len(t) for t in table.texts[:len(column)]])
    n = len(table.texts)
    assert n > 2_000 and docs > 100  # many real distinct words, in many documents
    assert grew <= 2 + int(np.log(n / 1024) / np.log(1.5)) + 1  # ×1.5 growth from 1,024 rows
    assert table.column("length", None, np.int32).tolist() == [len(t) for t in table.texts]
    view, values = first_view
    assert view.tolist() == values  # earlier views keep their rows
    assert len(length) == 0  # (the column declared empty stays an empty view)


def test_records_are_numbered_in_order_of_first_use():
    """`TokenTable.records_of` = the walk over every token it replaced: the same record per token and new tokens'
    rows in order of first use, whichever of a page's tokens are known already."""
    from audit.readability.plain import plain_words
    from audit.readability.words import ROW, TokenTable

    plain = plain_words("")
    walked, fast = TokenTable(plain, 2), TokenTable(plain, 2)
    order: dict[str, int] = {}
    for text in _paragraphs():
        tokens = text.split()
        for t in tokens:  # the reference: a walk adding each token on first sight
            if t not in walked.by_token:
                walked.records_of([t])
        records = fast.records_of(tokens)
        assert records == [walked.by_token[t] for t in tokens]
        for t in tokens:
            order.setdefault(t, len(order))
    rows = {t: int.from_bytes(fast.by_token[t][ROW], "little", signed=True) for t in order}
    assert len(rows) > 2_000
    assert list(dict.fromkeys(rows.values())) == sorted(set(rows.values()))  # rows in order of first use
    assert np.array_equal(fast.facts[:len(fast.records)], walked.facts[:len(walked.records)])


def test_shared_tokens_keep_few_tracked_objects(monkeypatch):
    """Short blocks' shared `Tokens`: keyed by their text per vocab (no key object holding the vocab per entry), an
    empty `joins` and the memo of a block without n-grams are no lists, and after a collection their tuples are no
    longer tracked by the garbage collector."""
    from audit.nlp import load_nlp
    from audit.terms import discovery
    from audit.engine.results import Units
    from audit.terms.candidates import page_candidates

    nlp = load_nlp("")
    monkeypatch.setattr(discovery, "_SHARED", {})  # (no text seen by other tests)
    monkeypatch.setattr(discovery, "_SEEN", {})
    texts = [t for p in _paragraphs() for t in p.split("\n") if 0 < len(nlp.make_doc(t)) <= discovery.SHARED_MAX_TOKENS]
    texts = list(dict.fromkeys(texts))[:400]
    assert len(texts) > 100
    for text in texts:
        doc = nlp.make_doc(text)
        assert discovery.tokens_of(doc, text).memo is None  # (a text seen once is not kept)
        tok = discovery.tokens_of(doc, text)
        assert tok is discovery.tokens_of(doc, text)  # shared from its second sighting
        spans = Units({"block": [0], "sentence": [0], "kind": ["heading"], "_span": [(0, len(doc))], "_doc": [doc]},
                      1) if doc else Units({k: [] for k in ("block", "sentence", "kind", "_span", "_doc")}, 0)
        page_candidates(spans, {0: tok}, {}, 4, False)
    shared = discovery._SHARED[nlp.vocab]
    assert all(isinstance(k, str) for k in shared)
    gc.collect()
    gc.collect()  # (a tuple of tuples: the inner ones first)
    for text in texts:
        tok = shared[text]
        if not tok.joins:
            assert tok.joins == ()
        for key, found in tok.memo.items():
            if isinstance(key, tuple):  # n-grams (glossary matches, by glossary, stay lists of match objects)
                assert isinstance(found, tuple) and not gc.is_tracked(found)
            elif not found:
                assert found == ()
        assert not gc.is_tracked(tok.texts) and not gc.is_tracked(tok.words)


def test_alternatives_cached_in_a_dict_equal_the_function():
    """`PlainWords.alternative_cached` = `alternative_for`, remembered in a dict of tuples of strings (no list per
    entry as an `lru_cache` keeps), bounded by `ALTERNATIVES_MAX`."""
    from audit.readability import plain as plain_module
    from audit.readability.plain import PlainWords

    plain = PlainWords()
    words = sorted(plain.entries)[:300] + ["individuals", "indicative", "utilise", "zzz"]
    cases = [(w, (w,)) for w in words] + [(w, (w, w + "s")) for w in words[:50]]
    for lemma, forms in cases:
        assert plain.alternative_cached(lemma, forms) == plain.alternative_for(lemma, forms)
    assert any(plain.alternative_cached(lemma, forms) for lemma, forms in cases)
    cache = plain._alternatives[1]
    gc.collect()
    gc.collect()  # (a tuple of tuples: the inner ones first)
    assert len(cache) == len(set(cases)) and not any(gc.is_tracked(k) for k in cache)
    limit = plain_module.ALTERNATIVES_MAX
    plain_module.ALTERNATIVES_MAX = 10
    try:
        small = PlainWords()
        for lemma, forms in cases:
            assert small.alternative_cached(lemma, forms) == plain.alternative_for(lemma, forms)
        assert 0 < len(small._alternatives[1]) <= 10
    finally:
        plain_module.ALTERNATIVES_MAX = limit
