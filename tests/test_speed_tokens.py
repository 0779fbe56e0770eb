"""Issue 14: the compiled per-page passes (`audit/duplication/_hashing.pyx`, `_units.pyx`) against the definitions they replace,
on real text (the seed pages and the Clough & Stevenson answers under tests/fixtures/real_sites/clough)."""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from audit.config import Settings
from audit.duplication import _hashing, _units
from audit.duplication import passage_units as P
from audit.duplication import shingles as S
from audit.ingest.segment import normalise
from audit.nlp import WordTable, lemma_table, load_nlp, sentence_rule, word_table

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/fixtures/real_sites/clough").glob("*.txt"))


def _texts() -> list[str]:
    assert len(REAL) >= 14
    return [p.read_bytes().decode("cp1252", errors="replace") if p.parent.name == "clough" else
            p.read_text(encoding="utf-8") for p in REAL]


def test_the_module_is_compiled():
    """One path: the hashing is the Cython extension built by the install, not a Python stand-in."""
    assert Path(_hashing.__file__).suffix in (".so", ".pyd") and Path(_units.__file__).suffix in (".so", ".pyd")
    assert isinstance(S._WORDS, _hashing.WordHashes) and P.lemma_runs is _units.lemma_runs


def _reference(texts: list[str], size: int) -> tuple[list[int], str]:
    """The definition: the page's words `normalise("\\n".join(texts)).split()`, each word's blake2b (hashlib, 8 bytes,
    little-endian, 63 bits), Python's tuple hash of every window (one window of all the words for a short page),
    sorted unique; the body hash: blake2b of the words joined by spaces."""
    words = normalise("\n".join(texts)).split()
    ids = [int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little") & S.MASK63
           for w in words]
    if len(ids) < size:
        shingles = {hash(tuple(ids)) & S.MASK63} if ids else set()
    else:
        shingles = {hash(tuple(ids[i:i + size])) & S.MASK63 for i in range(len(ids) - size + 1)}
    body = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest() if words else ""
    return sorted(shingles), body


@pytest.mark.parametrize("size", [1, 2, 5, 7])
def test_page_shingles_are_pythons_tuple_hash_on_real_text(size):
    """Every window of a real page's normalised words (its lines as blocks): `hash(tuple(stable_hash(w) ...)) &
    MASK63`, sorted unique, and the body hash, as the definition gives them: with the words' table as the run leaves
    it, and with a new table (cold, then warm) and one of 16 words (emptied again and again)."""
    tables = [S._WORDS, _hashing.WordHashes(), _hashing.WordHashes(16)]
    rng = random.Random(3)  # (and 3,000 made-up words: the table grows past its first 1,024 words)
    made_up = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 14)))
                       for _ in range(3000))
    for text in _texts() + ["Caf\u00e9 na\u00efve \ufb01nal \uff17 Stra\u00dfe " * 3, "x" * 300 + " abcdefghi abcdefgh",
                            made_up]:
        texts = text.splitlines()
        expected, body = _reference(texts, size)
        for table in tables + tables[1:2]:
            got, digest = table.page(S.norm_bytes(texts), size)
            assert got.dtype.name == "int64" and got.tolist() == expected
            assert digest.to_bytes(8, "little").hex() == body
        assert S.page_shingles(texts, size)[0].tolist() == expected and S.page_shingles(texts, size)[1] == body
    assert len(tables[2]) <= 16 and len(tables[1]) > 3000
    assert S.page_shingles([], size)[0].size == 0


def test_numbered_words_are_the_split_words_numbered_on_real_text():
    """`WordHashes(numbered=True).numbers` and the passage scorer's `_words` on the normalised sentences of real
    pages (accented and folded characters included): each text's words are `norm.split()`, equal words have equal
    numbers and different words different ones (numbered in order of first sight), the negations' ids name them."""
    import numpy as np

    from audit.duplication import passage_scoring as PS
    from audit.duplication.passage_texts import NEGATIONS

    norms = [S.norm_text(line) for text in _texts() for line in text.splitlines()]
    norms += ["", "caf\u00e9 na\u00efve " * 3, "not " + "x" * 300 + " never t", S.norm_text("Stra\u00dfe \ufb01nal")]
    assert any(not n.isascii() for n in norms) and "" in norms and len(norms) > 250

    class Norms:  # (what `_words` reads of `Texts`)
        def norms(self, texts):
            return [norms[x] for x in texts.tolist()]

    words = [w for n in norms for w in n.split()]
    first = {w: k for k, w in enumerate(dict.fromkeys(words))}
    table = _hashing.WordHashes(numbered=True)
    data = " ".join(norms).encode("utf-8")
    ends = np.cumsum([len(n.encode("utf-8")) + 1 for n in norms])
    ids, lens = table.numbers(data, ends)
    assert ids.tolist() == [first[w] for w in words] and lens.tolist() == [len(n.split()) for n in norms]
    assert len(table) == len(first) and table.numbered
    for batch in (7, 20_000):  # (texts normalised a batch at a time: one numbering)
        ids, lens, n_words, neg_ids = PS._words(Norms(), np.arange(len(norms)), batch)
        assert lens.tolist() == [len(n.split()) for n in norms] and ids.dtype == np.int32
        name = {}
        for w, i in zip(words, ids.tolist()):
            assert name.setdefault(i, w) == w  # equal numbers: equal words
        assert len(name) == len(first) and n_words >= len(first) and max(ids.tolist()) < n_words
        negated = {name[i] for i in neg_ids if i in name}
        assert negated == NEGATIONS & set(words) and {"not", "never", "t"} <= negated
    with pytest.raises(ValueError):
        _hashing.WordHashes().numbers(data, ends)


def _runs(values, ends) -> list[tuple[int, ...]]:
    ends = ends.tolist()
    return [tuple(values[a:b].tolist()) for a, b in zip([0] + ends[:-1], ends)]


def test_lemma_runs_sorted_unique_nonzero():
    rng = random.Random(14)
    import numpy as np

    for _ in range(200):
        n = rng.randint(0, 60)
        ids = np.array([rng.choice([0, 0, 3, 7, 2 ** 62 + 5, rng.randint(1, 2 ** 63 - 1)]) for _ in range(n)],
                       dtype=np.int64)
        cuts = sorted(rng.randint(0, n) for _ in range(rng.randint(0, 6)))
        starts, ends = [0, *cuts], [*cuts, n]
        if rng.random() < 0.3:  # spans in any order, empty, repeated
            starts, ends = starts[::-1] + [n // 2], ends[::-1] + [n // 2]
        got = _runs(*_units.lemma_runs(ids, np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)))
        assert got == [tuple(sorted(set(ids[s:e].tolist()) - {0})) for s, e in zip(starts, ends)]


def _reference_lemmas(span, table) -> tuple[int, ...]:
    """The definition: hashed lower-case lookup lemmas of the span's content words, per token (`content_lemmas`)."""
    return tuple(sorted({S.stable_hash(x) for x in P.content_lemmas(span, table)}))


@pytest.mark.parametrize("limit", [None, 300])
def test_span_lemmas_equal_the_per_token_definition_on_real_text(limit, monkeypatch):
    """Each sentence's content lemma ids from the shared token record and the compiled loop equal the per-token
    definition, also when the process's WordTable is emptied between documents (a small LIMIT)."""
    if limit is not None:
        monkeypatch.setattr(WordTable, "LIMIT", limit)
        word_table().clear()
    nlp, rule, table = load_nlp(""), sentence_rule(""), lemma_table("")
    checked = nonempty = 0
    for text in _texts():
        spans = []
        for paragraph in filter(None, (p.strip() for p in text.split("\n\n"))):
            doc = nlp.make_doc(paragraph)
            spans.extend(doc[s:e] for s, e in rule.sentences(doc))
        spans.insert(1, None)  # a unit without a span keeps no lemmas
        got = _runs(*P._span_lemmas([s.doc if s is not None else None for s in spans],
                                    [(s.start, s.end) if s is not None else None for s in spans]))
        assert got[1] == ()
        for span, lemmas in zip(spans, got):
            if span is None:
                continue
            assert lemmas == _reference_lemmas(span, table), span.text
            checked += 1
            nonempty += bool(lemmas)
    assert checked > 200 and nonempty > 150


def test_page_units_of_a_real_page_unchanged_by_the_table_path():
    """A whole page through the pipeline: `page_units` lemma ids equal the per-token definition, sentence by
    sentence."""
    from audit.engine.pipeline import analyse_body, load_and_segment
    from audit.ingest.load import Source

    settings = Settings()
    path = REAL[0]
    result = load_and_segment(Source(path=path, page_id="p", display=path.name), settings)
    for b in result.blocks:
        b.label = "body"
    spans: list = []
    original = P.page_units

    def spy(body, units, ds, table=None, docs=None):
        spans.extend(u["_doc"][slice(*u["_span"])] for u in units)
        return original(body, units, ds, table, docs)

    from audit.duplication import measure as D

    D.P.page_units = spy
    try:
        out = analyse_body(result, settings)
    finally:
        D.P.page_units = original
    pu = D.page_units(out.extras["duplication"])
    assert len(spans) == pu.n_sentences > 10
    for k, span in enumerate(spans):
        assert pu.lemma_ids(k) == _reference_lemmas(span, lemma_table(""))
