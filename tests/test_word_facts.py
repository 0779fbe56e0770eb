"""Issue 14: the shared word facts of `nlp.WordTable` ("flags", "lemma": computed once per new word from its Lexeme,
`_doctokens.lexeme_facts`) equal their definitions on real words; the columns that read them (the sentence rule's
codes, "duplication.lemma", "terms.key", "terms.word") equal theirs (`tests/test_speed_terms_page.py`); and each
measure's columns use only the facts its registry entry requires (the engine declares those, nothing is probed)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from audit.config import Settings
from audit.engine import measures
from audit.engine.pipeline import UNIT_FACTS, analyse_body, load_and_segment
from audit.ingest.load import Source
from audit.nlp import FLAG_PUNCT, FLAG_SPACE, FLAG_STOP, WordTable, lemma_table, load_nlp, sentence_rule, word_table
from audit.terms import discovery as D
from audit.terms.glossary import token_key

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/fixtures/real_sites/clough").glob("*.txt"))


def _words() -> list[str]:
    """The distinct tokens of the seed pages and some real answers, every 25th word of WordNet's base-form lists (as
    written and capitalised), and words for every branch (symbols, curly apostrophes, capitals, plurals, spaCy
    symbol names, spaces)."""
    nlp = load_nlp("")
    texts = [p.read_bytes().decode("cp1252", errors="replace") for p in PAGES]
    extra = ["Bell’s", "’s", "s’", "nerves’", "Nerves’", "Spasms", "PALSIES", "palsies", "spasms", "ʼs",
             "Bellʼs", "dogʼs", "\n", "  ", "punct", "NOUN", "nsubj", "—", "...", "²", "Ⅻ", "x²", "١٢",
             "e.g.", "n't", "THE", "İstanbul", "ΟΔΥΣΣΕΥΣ", "Straße", "running", "ran", "geese", "Geese",
             "(s)", "(es)", "(S)", "(s"]
    wordnet = sorted(set().union(*D._pos_lists().values()))[::25]
    return list(dict.fromkeys([t.text for text in texts for t in nlp.make_doc(text)] + extra
                              + [w for word in wordnet for w in (word, word.capitalize())]))


def _table(texts: list[str]) -> WordTable:
    vocab = load_nlp("").vocab
    table = WordTable()
    table.declare(WordTable.FACTS)
    table.rows(np.array([vocab.strings.add(t) for t in texts], dtype=np.uint64), vocab)
    return table


def test_facts_equal_the_lexeme_flags_and_the_lookup_lemma():
    """"flags": the Lexeme's is_punct, is_space, is_stop as bits; "lemma": the lookup table's entry for the
    lower-cased text (`table.get(text.lower())`), None where there is none (found by the Lexeme's LOWER id, also for
    a word spelled like one of spaCy's symbols); a fact declared after the rows exist (`declare`) gives the same."""
    texts = _words()
    assert len(texts) > 5000
    vocab, lemmas = load_nlp("").vocab, lemma_table("")
    table = _table(texts)
    flags, got = table.columns["flags"].tolist(), table.columns["lemma"].tolist()
    for text, f, lemma in zip(texts, flags, got):
        lex = vocab[text]
        assert f == FLAG_PUNCT * lex.is_punct + FLAG_SPACE * lex.is_space + FLAG_STOP * lex.is_stop, text
        assert lemma == lemmas.get(text.lower(), None), text
    assert sum(x is not None for x in got) > 500 and sum(x is None for x in got) > 3000
    assert {f for f in flags} >= {0, FLAG_PUNCT, FLAG_STOP, FLAG_SPACE}
    late = WordTable()
    late.rows(np.array([vocab.strings.add(t) for t in texts], dtype=np.uint64), vocab)
    late.declare(("lemma",))
    assert late.columns["lemma"].tolist() == got and "flags" not in late.columns
    with pytest.raises(ValueError, match="unknown word fact"):
        late.declare(("lower",))


def test_the_columns_that_read_the_facts_equal_their_definitions():
    """The sentence rule's codes (sentence-final character, punctuation by the Lexeme, word) and terms' keys
    (`token_key`, curly apostrophes and symbol names included) from the facts; a column must declare the
    columns it uses."""
    texts = _words()
    table = _table(texts)
    rule = sentence_rule("")
    vocab = load_nlp("").vocab
    codes = table.column(rule.name, rule._codes, np.int8, ("flags",)).tolist()
    assert codes == [1 if t in rule.punct_chars else 2 if vocab[t].is_punct else 0 for t in texts]
    assert table.column(*D.KEY_COLUMN).tolist() == [token_key(t) for t in texts]
    fresh = _table(texts)
    with pytest.raises(ValueError, match="not declared"):
        fresh.column(*D.WORD_COLUMN)  # ("terms.key" first)


@pytest.fixture
def empty_word_table():
    """The process's word table emptied, no column or fact declared; afterwards emptied again with its columns as
    they were (a new generation each time: no Doc's record of an older one is read)."""
    table = word_table()
    makers = table.makers
    table.makers = {}
    table.clear()
    yield table
    table.makers = makers
    table.clear()


@pytest.mark.parametrize("name", [m.name for m in measures.registered()])
def test_each_measure_uses_only_the_word_facts_it_requires(name, monkeypatch, empty_word_table):
    """With only one measure registered, the pages analysed declare on the word table exactly the facts the units
    and that measure require: no column of the measure used a fact its registry entry does not name."""
    measure = {m.name: m for m in measures.registered()}[name]
    monkeypatch.setattr(measures, "_REGISTRY", {name: measure})
    settings = Settings()
    for path in PAGES[:4]:
        result = load_and_segment(Source(path=path, page_id=path.stem, display=path.name), settings)
        assert analyse_body(result, settings).page.status == "ok"
    facts = [n for n in empty_word_table.makers if n in WordTable.FACTS]
    assert facts == list(measures.word_facts(UNIT_FACTS))
    assert len(empty_word_table.texts) > 500 and len(empty_word_table.makers) > len(facts)
