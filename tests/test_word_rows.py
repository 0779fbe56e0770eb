"""Issue 14 (speed on real text), stop 21: the `nlp.WordTable`'s compiled index from ORTH ids to rows
(`engine._wordrows.RowIndex`) gives every id the row a dict would, across growth and `clear`, on the ids of real
text (the seeds and the real-site fixtures, raw HTML) — and the table's rows of a page equal the order of first use."""
from __future__ import annotations

import numpy as np

from .test_word_table import _docs


def _ids() -> np.ndarray:
    return np.array([t.orth for doc in _docs() for t in doc], dtype=np.uint64)


def test_row_index_equals_a_dict_on_real_ids():
    from audit.engine._wordrows import RowIndex

    ids = _ids()
    index, rows_of = RowIndex(), {}
    for lo in range(0, len(ids), 997):  # (batches: the index grows many times)
        batch = ids[lo:lo + 997]
        expect = np.array([rows_of.get(i, -1) for i in batch.tolist()], dtype=np.intp)
        assert index.lookup(batch).tolist() == expect.tolist()
        new = list(dict.fromkeys(i for i in batch.tolist() if i not in rows_of))
        rows_of.update(zip(new, range(len(rows_of), len(rows_of) + len(new))))
        rows, added = index.rows_of(batch)  # (the new ids get the next rows, in order of first use)
        assert added.tolist() == new and len(index) == len(rows_of)
        assert rows.tolist() == [rows_of[i] for i in batch.tolist()] == index.lookup(batch).tolist()
    assert len(rows_of) > 2_000  # many real distinct tokens
    everything = np.array(list(rows_of), dtype=np.uint64)
    assert index.lookup(everything).tolist() == list(range(len(rows_of)))
    assert index.lookup(np.array([0, 1, 2**64 - 1], dtype=np.uint64)).tolist() == [-1, -1, -1]  # (no such token)
    index.clear()
    assert len(index) == 0 and (index.lookup(everything) == -1).all()


def test_table_rows_are_the_order_of_first_use():
    from audit.nlp import WordTable, load_nlp

    vocab = load_nlp("").vocab
    strings = vocab.strings
    ids = _ids()
    table = WordTable()
    rows = table.rows(ids, vocab)
    assert table.texts == [strings[i] for i in dict.fromkeys(ids.tolist())]
    assert [table.texts[r] for r in rows.tolist()] == [strings[i] for i in ids.tolist()]
    again = table.rows(ids[::-1].copy(), vocab)  # (all known: no new rows)
    assert again.tolist() == rows[::-1].tolist() and len(table.texts) == len(set(ids.tolist()))


def test_blake2b_63_equals_hashlib_on_real_words():
    """`shingles.stable_hash`'s compiled blake2b (new words' hashes reach the outputs: shingles, lemma ids) equals
    hashlib's on every real token text, on odd lengths around the 128-byte block and on non-ASCII text; so does
    `blake2b_64s` (a streamed run's unit hashes: the 64-bit digests of a list of texts) on the same texts."""
    import hashlib

    from audit.duplication._hashing import blake2b_63, blake2b_64s

    def reference(text: str) -> int:
        return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") & ((1 << 63) - 1)

    words = {t.text for doc in _docs() for t in doc}
    odd = ["", "é" * 64, "x" * 127, "x" * 128, "x" * 129, "y" * 256, "z" * 257, "日本語の文", "🙂" * 70]
    assert len(words) > 2_000
    texts = [*sorted(words), *odd]
    for text in texts:
        assert blake2b_63(text) == reference(text), text
    full = [int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little") for t in texts]
    assert blake2b_64s(texts).tolist() == full and max(full) >= 1 << 63  # (the top bit kept)
    assert blake2b_64s([]).dtype == np.uint64
