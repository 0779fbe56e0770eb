"""#14, fewer objects for the garbage collector and fewer passes per token (stop 17): a slotted `Block` pickled as one
flat tuple, terms' `Tokens` read from `nlp.WordTable` object columns, and short blocks' `Tokens` shared from their
second sighting only. Each keeps the values it had: these tests compare them with the plain way of computing them."""
from __future__ import annotations

import gc
import pickle

import numpy as np

from audit.ingest.segment import Block, segment_lines
from audit.config import SegmentSettings
from audit.nlp import WordTable, load_nlp, word_table
from audit.terms import discovery
from audit.terms.glossary import token_key

TEXT = """# Bell’s palsy

Bell’s palsy is a facial nerve disorder; the patients' quality of life improves after hemi-facial spasm repair.
It is
wrapped over two lines and ends here.

- a list item
- another list item
"""


def _blocks() -> list[Block]:
    blocks = segment_lines(TEXT.splitlines(), SegmentSettings())
    for b in blocks:
        b.key  # (cached, as the load step does for the strip step's hashes)
    return blocks


def test_block_is_slotted_and_round_trips_through_pickle_with_its_caches():
    blocks = _blocks()
    assert len(blocks) >= 4 and not hasattr(blocks[0], "__dict__")
    wrapped = next(b for b in blocks if b.breaks)
    back = pickle.loads(pickle.dumps(blocks, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == blocks
    for a, b in zip(blocks, back):
        assert (b.breaks, b.label, b.reason, b.words, b.key) == (a.breaks, a.label, a.reason, a.words, a.key)
        assert b._words == a._words and b._key == a._key  # (the caches travel: no recount in the analyse step)
    assert back[blocks.index(wrapped)].line_of(len(wrapped.text) - 1) == wrapped.line_end
    b = back[1]
    b.forget_key()
    assert b._key is None and b.key == blocks[1].key
    b.text = "Edited text, two more words"
    assert b.words == 5 and b.key != blocks[1].key  # (a cache is keyed on the text it was made from)


def test_unpickled_blocks_are_one_tracked_object_each():
    """A chunk's blocks read back from the store: one object per block for the collector (no `__dict__`, and the
    pickled state is one flat tuple, not a (None, {slot: value}) pair per block)."""
    blocks = _blocks() * 500
    data = pickle.dumps(blocks, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"__dict__" not in data
    gc.collect()
    before = len(gc.get_objects())
    back = pickle.loads(data)
    gc.collect()
    gc.collect()  # (tuples of tuples: the inner ones first)
    assert len(gc.get_objects()) - before <= len(back) + 2  # the blocks and their list
    assert back[3] == blocks[3]


def test_object_columns_keep_tuples_whole_and_grow_with_new_words():
    table = WordTable()
    words = table.column("test.word", lambda texts: [(t, len(t)) for t in texts], object)
    assert words.shape == (0,)
    nlp = load_nlp("")
    doc = nlp.make_doc("one two three two one four")
    rows = table.rows(doc.to_array("ORTH").tolist(), nlp.vocab)
    col = table.columns["test.word"]
    assert col.dtype == object and col.shape == (4,)
    assert col.take(rows).tolist() == [(t.text, len(t.text)) for t in doc]
    doc2 = nlp.make_doc(" ".join(f"w{i}" for i in range(3000)))
    rows2 = table.rows(doc2.to_array("ORTH").tolist(), nlp.vocab)
    assert table.columns["test.word"].take(rows2).tolist() == [(t.text, len(t.text)) for t in doc2]
    assert table.columns["test.word"].take(rows).tolist() == [(t.text, len(t.text)) for t in doc]


def test_tokens_from_word_table_equal_a_token_walk_across_generations(monkeypatch):
    nlp = load_nlp("")
    texts = ["Bell’s palsy and hemi-facial spasm: the nerve’s repair.", "Call 555-0100 (approx. 2 hours); it's fine.",
             "Patients' quality-of-life scores improved."]
    table = word_table()
    for round_ in range(2):
        for text in texts:
            doc = nlp.make_doc(text)
            tok = discovery.Tokens(doc)
            assert tok.texts == tuple(t.text for t in doc)
            assert tok.keys == tuple(token_key(t.text) for t in doc)
            assert tok.words == tuple(discovery._word_record(t.text, token_key(t.text)) if t.text.isalpha()
                                      else discovery._GAP for t in doc)
            if tok.ws is not None:
                assert tok.ws == [int(bool(t.whitespace_)) for t in doc]
        monkeypatch.setattr(table, "LIMIT", 0)  # the next document empties the table (a new generation)
    assert isinstance(table.columns["terms.word"], np.ndarray)


def test_short_block_tokens_are_shared_from_their_second_sighting(monkeypatch):
    monkeypatch.setattr(discovery, "_SHARED", {})
    monkeypatch.setattr(discovery, "_SEEN", {})
    nlp = load_nlp("")
    text = "Contact us"
    doc = nlp.make_doc(text)
    first = discovery.tokens_of(doc, text)
    assert first.memo is None and text not in discovery._SHARED[nlp.vocab]  # once: nothing kept
    second = discovery.tokens_of(nlp.make_doc(text), text)
    assert second.memo == {} and discovery.tokens_of(doc, text) is second  # twice: shared from now on
    assert (first.texts, first.keys, first.words, first.joins) == (second.texts, second.keys, second.words,
                                                                   second.joins)
    long_text = " ".join(["word"] * (discovery.SHARED_MAX_TOKENS + 1))
    long_doc = nlp.make_doc(long_text)
    assert discovery.tokens_of(long_doc, long_text) is not discovery.tokens_of(long_doc, long_text)  # never kept
