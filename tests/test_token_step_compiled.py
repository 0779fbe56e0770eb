"""Issue 14: the shared token step's compiled passes equal their definitions on real text — `_doctokens.unit_rows`
(a page's units cut from its blocks: `engine.units.sentence_units`' loop), `_wordrows.sentence_codes` (the sentence
rule's column) and terms' flags column (`discovery._flags_column`, for the seed glossary's gate): real newsgroup
posts (multi-line paragraphs: lines by `Block.line_of`), the seed pages and the Clough answers."""
from __future__ import annotations

from itertools import compress
from pathlib import Path

import numpy as np
import pytest

from audit.config import Settings
from audit.engine import guard
from audit.engine._doctokens import FLAG_PUNCT, token_chars, unit_rows
from audit.engine._wordrows import sentence_codes
from audit.engine.pipeline import PROSE_KINDS, _docs, load_and_segment
from audit.engine.units import ONE_UNIT
from audit.ingest.sources import Source
from audit.nlp import WordTable, docs_tokens, forget_page, load_nlp, sentence_rule
from audit.terms import discovery as D
from audit.terms.glossary_runs import compiled_glossary

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "benchmarks/_corpora/newsgroups-2k"
FIXTURES = ROOT / "tests/fixtures"
# the seeds, the Clough answers and every real page under the fixtures (1,563 distinct words: what a fresh clone, as
# CI's, has), and every 40th newsgroups-2k post where the benchmark corpus is built
PAGES = (sorted((ROOT / "corpus").glob("*.txt")) + sorted((FIXTURES / "real_sites/clough").glob("*.txt"))
         + sorted(p for d in ("real_sites", "site_text", "site", "pypug") for p in (FIXTURES / d).rglob("*")
                  if p.is_file() and p.suffix in (".html", ".txt", ".md") and p.parent.name != "clough")
         + (sorted(f for f in NEWS.rglob("*") if f.is_file())[::40] if NEWS.is_dir() else []))


def _bodies():
    settings, nlp = Settings(), load_nlp("")
    for path in PAGES:
        result = load_and_segment(Source(path=path, page_id=path.stem, display=path.name), settings)
        if result.page.status != "ok":
            continue
        body = [b for b in result.blocks if b.kind in PROSE_KINDS]
        yield body, _docs(nlp, body, settings)


def _defined_rows(body, docs, starts_of):
    """`unit_rows`' definition (the loop `sentence_units` ran in Python)."""
    out = []
    for block, doc, starts in zip(body, docs, starts_of):
        text = block.text
        chars = [0, *token_chars(doc, starts[1:])]
        for start, end, a, b in zip(starts, starts[1:] + [len(doc)], chars, chars[1:] + [len(text)]):
            raw = text[a:b]
            unit = raw.strip()
            if unit:
                line = block.line_of(a + len(raw) - len(raw.lstrip())) if block.breaks else block.line_start
                out.append((block.block, line, block.kind, unit, (start, end), id(doc)))
    return out


def test_unit_rows_equal_their_definition_on_real_pages():
    rule = sentence_rule("")
    units = with_breaks = 0
    for body, docs in _bodies():
        docs_tokens(docs)
        try:
            by_rule = [b.kind not in ONE_UNIT and len(b.text) <= guard.PIECE_CHARS for b in body]
            ruled = iter(rule.starts_of(list(compress(docs, by_rule))))
            starts = [next(ruled) if ok else [0] if b.kind in ONE_UNIT else [s.start for s in d.sents]
                      for b, d, ok in zip(body, docs, by_rule)]
            cols = [], [], [], [], [], []
            unit_rows(body, docs, starts, *cols)
            got = [(*row[:5], id(row[5])) for row in zip(*cols)]
            assert got == _defined_rows(body, docs, starts)
        finally:
            forget_page()
        units += len(got)
        with_breaks += sum(1 for b in body if b.breaks)
    assert units > 200 and with_breaks >= 5
    assert not NEWS.is_dir() or units > 1000 and with_breaks > 200  # (1,467 and 290 with every 40th post)
    # (whitespace only between and around units; a Doc with no tokens gives none)
    nlp = load_nlp("")
    doc = nlp.make_doc("  A b.\u2003 C?\n ")
    block = type("B", (), {"block": 3, "line_start": 7, "kind": "paragraph", "text": doc.text, "breaks": (5,)})()
    cols = [], [], [], [], [], []
    unit_rows([block, block], [doc, nlp.make_doc("")], [[0, 3], []], *cols)
    assert list(zip(*cols[:5])) == [(3, 7, "paragraph", "A b.", (0, 3)), (3, 8, "paragraph", "C?", (3, len(doc)))]


def test_sentence_codes_and_flags_column_equal_their_definitions_on_real_words():
    nlp = load_nlp("")
    texts = [t.text for body, docs in _bodies() for d in docs for t in d]
    texts = list(dict.fromkeys(texts + ["(", "-", "'s", "’s", "n't", "!", "?", "。", "..."]))
    assert len(texts) > (4000 if NEWS.is_dir() else 1500)
    table = WordTable()
    table.declare(("flags", "lemma"))
    table.rows(np.array([nlp.vocab.strings.add(t) for t in texts], dtype=np.uint64), nlp.vocab)
    flags = table.columns["flags"]
    stops = sentence_rule("").punct_chars
    assert sentence_codes(texts, flags, stops, FLAG_PUNCT).tolist() == [
        1 if t in stops else 2 if f & FLAG_PUNCT else 0 for t, f in zip(texts, flags.tolist())]
    keys = table.column(*D.KEY_COLUMN)
    gate = compiled_glossary(str(ROOT / "audit/data/glossary.yml")).gate
    gate_keys, gate_texts, part, insertion, predicative, coordinator, last = gate
    want = [(t in D._JOINERS) | (t == "(") << 1 | (k in gate_keys) << 2 | (t in gate_texts) << 3
            | (k in part) << 4 | (k in insertion) << 5 | (k in predicative) << 6 | (k in coordinator) << 7
            | (k in last) << 8 for t, k in zip(texts, keys.tolist())]
    got = table.column(*D._flags_column(gate))
    assert got.dtype == np.uint16 and got.tolist() == want
    assert len({w for w in want}) >= 6 and sum(w >> 2 & 1 for w in want) > 50
