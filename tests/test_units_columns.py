"""Issue 14: a page's sentence units built by column (`engine.units.sentence_units`: `results.Units`, no dict per
unit) with their sentences as (start, end) token ints (no spaCy `Span` per unit), the sentence rule applied to a
page's paragraphs at once (`SentenceRule.starts_of`) and their token records made in one batch (`nlp.docs_tokens`):
the same units, texts and sentence bounds as spaCy's sentencizer gives, on real pages (the seed pages and the
Clough & Stevenson answers under tests/fixtures/real_sites/clough)."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.config import Settings
from audit.engine import guard
from audit.engine.pipeline import analyse_body, load_and_segment
from audit.engine.results import Unit, Units
from audit.ingest.load import Source
from audit.ingest.segment import PROSE_KINDS
from audit.nlp import load_nlp, sentence_rule

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/fixtures/real_sites/clough").glob("*.txt"))


def _analysed(path: Path, spy: list | None = None):
    """One real page through the per-page steps, every block body (as if the strip step kept them all)."""
    settings = Settings()
    result = load_and_segment(Source(path=path, page_id=path.stem, display=path.name), settings)
    assert result.page.status == "ok", result.page.reason
    for b in result.blocks:
        b.label = "body"
    body = [b for b in result.blocks if b.kind in PROSE_KINDS]
    if spy is None:
        return body, analyse_body(result, settings)
    from audit.duplication import measure as D

    original = D.P.page_units

    def keep(body_, units, ds, table=None, docs=None):  # the units as the measures see them (with `_span`, `_doc`)
        spy.extend((u["block"], u["_span"], u["_doc"], u["text"]) for u in units)
        return original(body_, units, ds, table, docs)

    D.P.page_units = keep
    try:
        return body, analyse_body(result, settings)
    finally:
        D.P.page_units = original


def _sentencizer_units(body) -> list[tuple[int, tuple[int, int], str]]:
    """The units by the definition: a heading / list item / other block whole, a paragraph split by spaCy's
    sentencizer (`nlp(text).sents`, the default pipeline's only component); each unit's text from its first
    character to the next unit's, stripped; empty ones dropped."""
    nlp = load_nlp("")
    out = []
    for b in body:
        doc = nlp(guard.for_spacy(b.text))
        sents = [doc[:]] if b.kind in ("heading", "list_item", "other") else list(doc.sents)
        ends = [s.start_char for s in sents[1:]] + [len(b.text)]
        for s, end in zip(sents, ends):
            text = b.text[s.start_char:end].strip()
            if text:
                out.append((b.block, (s.start, s.end), text))
    return out


@pytest.mark.parametrize("path", REAL[:3] + REAL[3::4], ids=lambda p: p.name)
def test_units_are_the_sentencizer_units_on_real_pages(path):
    seen: list = []
    body, result = _analysed(path, seen)
    want = _sentencizer_units(body)
    assert len(want) >= 3
    assert [(b, span, text) for b, span, _, text in seen] == want
    for b, (start, end), doc, text in seen:  # the (start, end) ints are the unit's tokens in its block's Doc
        assert doc[start:end].text.strip() == text.strip() or text.startswith(doc[start:end].text.strip())
    units = result.units
    assert isinstance(units, Units) and len(units) == len(want)
    assert [u["text"] for u in units] == [t for _, _, t in want]
    assert [u["sentence"] for u in units] == list(range(len(want)))
    assert not any(k.startswith("_") for k in units.columns)  # the measures' inputs are dropped


def test_seed_page_units_real_values():
    path = ROOT / "corpus" / sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[0]
    _, result = _analysed(path)
    units = result.units
    cols = list(units.columns)
    assert cols[:7] == ["page_id", "block", "line", "sentence", "kind", "text", "words"]
    assert "grade" in cols and "in_formulas" in cols  # readability's columns, written through the unit views
    first = units[0]
    assert first["page_id"] == path.stem and first["line"] == 1 and first["text"] == "Skip to main content"
    assert first["words"] == 4 and first["kind"] == units.columns["kind"][0]
    twitch = [u for u in units if u["text"].startswith("Facial twitching, also known as facial spasms")]
    assert len(twitch) == 1 and twitch[0]["kind"] == "paragraph" and twitch[0]["words"] == 22
    assert twitch[0]["line"] == 5 and twitch[0]["block"] == 3 and twitch[0]["sentence"] == 3
    assert all(len(c) == len(units) for c in units.columns.values())


def test_unit_views_read_and_write_their_row():
    units = Units({"text": ["a b", "c"], "words": [2, 1]}, 2)
    u = units[-1]
    assert isinstance(u, Unit) and u["text"] == "c" and u.get("words") == 1 and u.get("grade", 7) == 7
    assert "text" in u and "grade" not in u
    u["grade"] = 3.5  # a new column, None for the other units until set
    assert units.columns["grade"] == [None, 3.5]
    units[0]["grade"] = 1.0
    assert [v["grade"] for v in units] == [1.0, 3.5]
    assert dict(units[0]) == {"text": "a b", "words": 2, "grade": 1.0}
    assert units.rows() == [{"text": "a b", "words": 2, "grade": 1.0}, {"text": "c", "words": 1, "grade": 3.5}]
    units.columns["_span"] = [(0, 2), (0, 1)]
    units.drop_private()
    assert list(units.columns) == ["text", "words", "grade"]
    with pytest.raises(IndexError):
        units[2]


def test_starts_of_a_page_equals_each_doc_alone_and_the_sentencizer():
    """The rule over many Docs at once (a page's paragraphs) gives each Doc's starts, with empty Docs, Docs
    without a sentence end, punctuation-only Docs and sentence ends at a Doc's end in between."""
    nlp, rule = load_nlp(""), sentence_rule("")
    texts = ["", "No stop here", "It works. Does it? Yes!", "...", "Ends with a stop.", "", "!! ?? Next one. (Yes.)",
             "Dr. Smith arrived approx. at noon. He left."]
    for path in REAL[3:8]:
        texts += [p for p in path.read_bytes().decode("cp1252", errors="replace").split("\n") if p.strip()]
    docs = [nlp.make_doc(guard.for_spacy(t)) for t in texts]
    got = rule.starts_of(docs)
    assert got == [rule.starts(d) for d in docs]
    want = [[s.start for s in nlp(d.text).sents] for d in docs]
    assert got == want
    assert got[:4] == [[], [0], [0, 3, 6], [0]]
    assert sum(map(len, got)) > 40
    assert rule.starts_of([]) == []


def test_a_pages_token_records_in_one_batch_equal_each_docs_own():
    """`docs_tokens` (a page's Docs, one `WordTable` batch) gives each Doc the record it gets alone: the same
    ORTH ids, spaces, and rows of the same words, numbered in order of first use across the page."""
    from spacy.attrs import ORTH, SPACY

    from audit.nlp import DocTokens, WordTable, doc_tokens, docs_tokens, forget_page, page_tokens, word_table

    nlp = load_nlp("")
    path = REAL[4]
    texts = ["", *[p for p in path.read_bytes().decode("cp1252", errors="replace").split("\n") if p.strip()], "a"]
    docs = [nlp.make_doc(t) for t in texts]
    page = docs_tokens(docs)
    table = word_table()
    alone = WordTable()
    rows, space, starts, _ = page_tokens(docs)  # (the page's record itself)
    assert rows is page.row and space is page.space and starts == page.starts
    for k, doc in enumerate(docs):
        record = doc_tokens(doc)  # (made by the batch: views of the page's record, none kept in the Doc)
        assert record.generation == table.generation and not doc.user_data
        assert record.row.tolist() == rows[starts[k]:starts[k + 1]].tolist()
        mine = DocTokens(doc, alone)
        ids = doc.to_array([ORTH, SPACY]).reshape(-1, 2)
        assert table.ids.take(record.row).tolist() == alone.ids.take(mine.row).tolist() == ids[:, 0].tolist()
        assert record.space.tolist() == mine.space.tolist() == [t.whitespace_ == " " for t in doc]
        assert [table.texts[r] for r in record.row] == [alone.texts[r] for r in mine.row] == [t.text for t in doc]
    words = [t.text for d in docs for t in d]
    assert alone.texts == list(dict.fromkeys(words)) and len(alone.texts) > 100
    forget_page()
    assert doc_tokens(docs[1]).row.tolist() == rows[starts[1]:starts[2]].tolist()  # (made alone: the same rows)
