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
from audit.engine._doctokens import token_chars
from audit.engine.results import Units
from audit.ingest.segment import Block, count_words

ONE_UNIT = ("heading", "list_item", "other")  # block kinds that are one unit each (never split into sentences)


def sentence_units(page_id: str, body: list[Block], docs: list, rule) -> Units:
    """The units of `body` (its blocks' Docs in `docs`). Paragraphs get their sentences from `rule` (the default
    pipeline's `nlp.SentenceRule`, all of the page's paragraphs at once; their Docs are only tokenized), but a
    paragraph tokenized in pieces and a trained pipeline's paragraphs from `doc.sents` (`rule` None)."""
    by_rule = [rule is not None and b.kind not in ONE_UNIT and len(b.text) <= guard.PIECE_CHARS for b in body]
    ruled = iter(rule.starts_of(list(compress(docs, by_rule))) if rule is not None else ())
    blocks, lines, kinds, texts, spans, unit_docs = [], [], [], [], [], []
    for block, doc, ok in zip(body, docs, by_rule):
        n = len(doc)
        if ok:
            starts = next(ruled)
        elif block.kind in ONE_UNIT:
            starts = [0]
        else:
            starts = [sent.start for sent in doc.sents]
        text = block.text
        if len(starts) == 1:  # (one unit, the block's whole text: most headings, list items and short paragraphs)
            unit = text.strip()
            if unit:
                blocks.append(block.block)
                lines.append(block.line_of(len(text) - len(text.lstrip())) if block.breaks else block.line_start)
                kinds.append(block.kind)
                texts.append(unit)
                spans.append((starts[0], n))
                unit_docs.append(doc)
            continue
        chars = [0, *token_chars(doc, starts[1:])]  # (spaCy's `Span.start_char`: `doc[k].idx`)
        for start, end, a, b in zip(starts, starts[1:] + [n], chars, chars[1:] + [len(text)]):
            raw = text[a:b]
            unit = raw.strip()
            if not unit:
                continue
            blocks.append(block.block)
            lines.append(block.line_of(a + len(raw) - len(raw.lstrip())) if block.breaks else block.line_start)
            kinds.append(block.kind)
            texts.append(unit)
            spans.append((start, end))
            unit_docs.append(doc)
    n_units = len(texts)
    return Units({"page_id": [page_id] * n_units, "block": blocks, "line": lines, "sentence": list(range(n_units)),
                  "kind": kinds, "text": texts, "words": list(map(count_words, texts)), "_span": spans,
                  "_doc": unit_docs}, n_units)
