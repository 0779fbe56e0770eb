"""A page's sentence units, built by column (`audit.engine.results.Units`) from its body blocks and their spaCy Docs
(`pipeline.analyse_body`): what every measure's per-page step reads.

A unit is a sentence of a paragraph, or a whole heading / list item / other block (they never merge with, or split
into, sentences). Its text runs from its first token to the next unit's first token, stripped (only whitespace in
between, or what `guard.for_spacy` turned into spaces for spaCy: the original characters are kept). Columns:
page_id, block, line (of the file, where the text starts), sentence (index on the page), kind, text, words
(`segment.count_words`), and the measures' private inputs `_span`, the unit's (start, end) tokens in its block's
Doc (ints: no spaCy `Span` per unit), and `_doc`, that Doc (dropped before the units become sentence rows).
"""
from __future__ import annotations

from itertools import compress

from audit.engine import guard
from audit.engine._doctokens import unit_rows
from audit.engine.results import Units
from audit.ingest.segment import PROSE_KINDS, Block, count_words

ONE_UNIT = ("heading", "list_item", "other")  # block kinds that are one unit each (never split into sentences)


def prose_body(blocks: list[Block]) -> list[Block]:
    """The blocks a page's analysis reads: its body blocks of the prose kinds (tables, reference lists, captions and
    code are body but never sentences: readability, passages)."""
    return [b for b in blocks if b.label == "body" and b.kind in PROSE_KINDS]


def sentence_units(page_id: str, body: list[Block], docs: list, rule) -> Units:
    """The units of `body` (its blocks' Docs in `docs`). Paragraphs get their sentences from `rule` (the default
    pipeline's `nlp.SentenceRule`, all of the page's paragraphs at once; their Docs are only tokenized), but a
    paragraph tokenized in pieces and a trained pipeline's paragraphs from `doc.sents` (`rule` None)."""
    by_rule = [rule is not None and b.kind not in ONE_UNIT and len(b.text) <= guard.PIECE_CHARS for b in body]
    ruled = iter(rule.starts_of(list(compress(docs, by_rule))) if rule is not None else ())
    starts = [next(ruled) if ok else [0] if block.kind in ONE_UNIT else [sent.start for sent in doc.sents]
              for block, doc, ok in zip(body, docs, by_rule)]
    blocks, lines, kinds, texts, spans, unit_docs = [], [], [], [], [], []
    unit_rows(body, docs, starts, blocks, lines, kinds, texts, spans, unit_docs)  # (each block cut at its starts)
    n_units = len(texts)
    return Units({"page_id": [page_id] * n_units, "block": blocks, "line": lines, "sentence": list(range(n_units)),
                  "kind": kinds, "text": texts, "words": list(map(count_words, texts)), "_span": spans,
                  "_doc": unit_docs}, n_units)
