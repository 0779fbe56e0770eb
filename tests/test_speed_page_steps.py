"""Issue 14: duplication's and terms' per-page steps read a page at once — the body words normalised in one call
(`shingles.norm_bytes`), the passage units built by column with one compiled lemma pass per page
(`passage_units.page_units`, `PageUnits.of_columns`, `_units.lemma_runs`) — and give what the per-block and
per-unit definitions give, on real pages (the seed pages, the Clough & Stevenson answers and healthcare.gov pages
under tests/fixtures/real_sites and tests/fixtures/site_text)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from audit.config import Settings
from audit.duplication import measure as D
from audit.duplication import passage_units as P
from audit.duplication import shingles as S
from audit.engine.pipeline import analyse_body, load_and_segment
from audit.ingest.load import Source
from audit.ingest.segment import normalise
from audit.nlp import lemma_table

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests/fixtures/real_sites"
PAGES = (sorted((ROOT / "corpus").glob("*.txt")) + sorted((FIXTURES / "clough").glob("*.txt"))[:4]
         + sorted((FIXTURES / "healthcare").glob("*.html"))
         + [FIXTURES / "healthcare_fragment/questions__families-with-children.html",  # (pages with list passages)
            ROOT / "tests/fixtures/site_text/contentguide/our-style__capitalization.html"])


def _blocks(path: Path) -> list:
    result = load_and_segment(Source(path=path, page_id=path.stem, display=path.name), Settings())
    assert result.page.status == "ok", result.page.reason
    return result


def test_body_words_of_a_page_are_its_blocks_words():
    """The page's block texts normalised in one call (joined by a line break, `norm_bytes`) give each block's
    normalised words in order, on real pages (non-ASCII ones too) and on blocks that start or end with characters NFKC
    composes or decomposes (a combining accent, a ligature, a full-width digit); its shingles and body hash are those
    of these words."""
    pages = [[b.text for b in _blocks(p).blocks] for p in PAGES]
    pages.append(["Caf\u0065", "\u0301 au lait", "\ufb01nal \uff17 days", "na\u00efve\u2028line", "", "\u0308"])
    pages.append(["plain ascii", "d\u00e9j\u00e0 vu", "ASCII AGAIN 42"])
    non_ascii = 0
    for texts in pages:
        words = [w for t in texts for w in normalise(t).split()]
        assert S.norm_bytes(texts).decode("utf-8").split() == words
        assert S.page_shingles(texts, 3)[1] == S.page_shingles([" ".join(words)], 3)[1] != ""
        assert S.page_shingles(texts, 3)[0].tolist() == S.page_shingles([" ".join(words)], 3)[0].tolist()
        non_ascii += not all(t.isascii() for t in texts)
    assert non_ascii >= 3
    assert S.norm_bytes([]).split() == [] and S.norm_bytes(["", " "]).split() == []


def _reference_units(body, units) -> P.PageUnits:
    """The definition, unit by unit: each sentence unit's block lines, words, text and content lemmas (per token,
    `content_lemmas`), and each run of list items in consecutive blocks (two or more) as a list passage introduced
    by the last sentence of a paragraph block right before it."""
    blocks = {b.block: b for b in body}
    table = lemma_table("")
    sentences = []
    for u in units:
        b = blocks[u["block"]]
        span = u["_doc"][slice(*u["_span"])]
        lemmas = tuple(sorted({S.stable_hash(x) for x in P.content_lemmas(span, table)}))
        sentences.append((b.block, b.line_start, b.line_end, u["words"], u["text"], lemmas))
    last_of_block = {u["block"]: u["sentence"] for u in units}
    runs: list[list] = []
    for u in units:
        if u["kind"] == "list_item":
            if runs and u["block"] == runs[-1][-1]["block"] + 1:
                runs[-1].append(u)
            else:
                runs.append([u])
    lists = []
    for run in runs:
        if len(run) >= 2:
            prev = blocks.get(run[0]["block"] - 1)
            intro = last_of_block[prev.block] if (prev is not None and prev.kind == "paragraph"
                                                  and prev.block in last_of_block) else P.NO_INTRO
            lists.append((intro, [u["sentence"] for u in run]))
    return P.PageUnits.pack(sentences, lists)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_units_by_column_equal_the_unit_by_unit_definition(path, monkeypatch):
    result = _blocks(path)
    for b in result.blocks:
        b.label = "body"
    seen = []

    def spy(body, units, ds, table=None, docs=None):
        out = original(body, units, ds, table, docs)
        seen.append((_reference_units(body, units), out))
        return out

    original = P.page_units
    monkeypatch.setattr(D.P, "page_units", spy)
    analyse_body(result, Settings())
    ((want, got),) = seen
    assert got.n_sentences == want.n_sentences >= 2
    for name in ("table", "lemmas", "parts"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), name
    assert got.text == want.text
    assert sum(len(got.lemma_ids(k)) for k in range(len(got))) >= 5


def test_some_real_page_has_list_passages():
    """(The parametrised pages above include list passages, so the column path's list branch is compared too.)"""
    found = 0
    for path in PAGES:
        result = _blocks(path)
        for b in result.blocks:
            b.label = "body"
        out = analyse_body(result, Settings())
        pu = D.page_units(out.extras["duplication"])
        found += len(pu) - pu.n_sentences
    assert found >= 3


def test_page_units_of_an_empty_page():
    pu = P.PageUnits.pack([])
    assert pu.table.shape == (0, 6) and pu.table.dtype == np.int32
    assert pu.lemmas.dtype == np.int64 and pu.lemmas.size == 0 and pu.parts.dtype == np.int32
