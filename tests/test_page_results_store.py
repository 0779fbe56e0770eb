"""What the main process holds per page until the corpus steps (issue #15 item 3, #14's 100k pages < 2 GB): the pages'
columns, and per page only the packed results a corpus step still reads, read as one slotted `HeldPage` per page
(`HeldPages`: three lists, each page's `HeldPage` made when read).
Readability's page columns are made in the workers into the store (`audit.readability.corpus`) and duplication's
per-page data is in the store too: their corpus steps read no page's results."""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest

import audit
from audit.engine import measures
from audit.engine.results import PAGE_COLUMNS, HeldPage, HeldPages, PageResult, PageRows
from audit.ingest.load import Page
from audit.readability.measure import PAGE_COLUMNS as READABILITY_COLUMNS

from .conftest import CORPUS


class _Forbidden(Mapping):
    """A page's extras that fail the test on any read."""

    def __getitem__(self, key):
        raise AssertionError(f"a corpus step read the page's extras[{key!r}]")

    def __iter__(self):
        raise AssertionError("a corpus step iterated the page's extras")

    def __len__(self):
        raise AssertionError("a corpus step measured the page's extras")

    def __contains__(self, key):
        raise AssertionError(f"a corpus step looked for extras[{key!r}]")


def _with_forbidden_extras(monkeypatch, name: str, seen: list) -> None:
    registered = measures._REGISTRY[name]

    def step(audit_, results, settings, job=None):
        seen.extend(results)
        blind = [HeldPage(r.page.page_id, r.page.status, _Forbidden()) for r in results]
        return registered.corpus_step(audit_, blind, settings, job)

    monkeypatch.setitem(measures._REGISTRY, name, dataclasses.replace(registered, corpus_step=step))


@pytest.mark.parametrize("name", ["readability", "duplication"])
def test_the_corpus_step_reads_no_page_results(monkeypatch, seed_audit, name):
    """The readability (duplication) corpus step gets pages whose extras fail on any read, and gives the same pages
    frame and tables: it reads the store, never a page's results; and no page carries its results any more."""
    seen: list = []
    _with_forbidden_extras(monkeypatch, name, seen)
    got = audit.run(CORPUS)
    pd.testing.assert_frame_equal(got.pages, seed_audit.pages)
    for table in ("difficult_words", "plain_language", "pairs", "passages"):
        pd.testing.assert_frame_equal(got.tables[table], seed_audit.tables[table])
    assert len(seen) == 3 and all(type(r) is HeldPage for r in seen)
    assert not any(key in r.extras for r in seen for key in ("readability", "duplication"))
    graded = got.pages["grade"]
    assert graded.notna().all() and graded.tolist() == seed_audit.pages["grade"].tolist()


def test_held_pages_are_slotted_and_pages_frame_is_sorted():
    """`PageRows` keeps each page's values in columns; `sorted` gives the pages frame in (page_id, source) order
    and the held pages (`HeldPages`: one slotted `HeldPage` per page as read; no `__dict__`, no blocks, units or
    stats)."""
    rows = PageRows()
    rows.add(PageResult(Page("b", "b.txt"), extras={"terms": {"hits": {}}}, stats={
        "blocks": 2, "words": 10, "all_words": 20, "sentences": 1, "template_words": 10, "table_words": 0,
        "references_words": 0, "caption_words": 0, "code_words": 0}, timings={"analyse.terms": 0.5}))
    rows.add(PageResult(Page("a", "a.txt", status="skipped", reason="empty file")))
    rows.add(PageResult(Page("a", "a.md"), timings={"analyse.terms": 0.25}))
    assert rows.timings == {"analyse.terms": 0.75}
    joined = PageRows.join([rows])
    frame, held = joined.sorted()
    assert len(held) == 3 and [h.page_id for h in held[1:]] == ["a", "b"] and held[-1].page_id == "b"
    assert list(frame.columns) == PAGE_COLUMNS
    assert frame["source"].tolist() == ["a.md", "a.txt", "b.txt"]
    assert frame["template_share"].iloc[2] == 0.5 and math.isnan(frame["template_share"].iloc[0])
    assert frame["words"].dtype == np.int64
    assert [(h.page.page_id, h.page.status) for h in held] == [("a", "ok"), ("a", "skipped"), ("b", "ok")]
    assert not hasattr(held[0], "__dict__") and not hasattr(held[0], "units")
    assert held[2].extras["terms"] == {"hits": {}} and len(held[0].extras) == 0
    # no object per page held: three lists in that order, each `HeldPage` made when read
    assert type(held) is HeldPages and len(held) == 3 and held.ids == ["a", "a", "b"]
    assert held.status == ["ok", "skipped", "ok"] and held.extras[0] is held.extras[1]  # (both `NO_EXTRAS`)
    assert [h.page_id for h in held[1:]] == ["a", "b"] and held[-1].page_id == "b"


def test_readability_columns_keep_the_dtypes_of_a_per_page_loop(tmp_path):
    """Made chunk by chunk, the columns have the dtypes one pass over every page would give: int64 when every page's
    value is an integer; float64 once a page has none (a skipped page), with that page's note."""
    body = ("Facial twitching is an involuntary movement of the muscles of the face. It is often harmless and goes "
            "away on its own within a few days. Stress, tiredness and too much coffee can make it worse. See a doctor "
            "when the twitching spreads to other parts of the face or lasts for weeks.\n")
    for k in range(3):
        (tmp_path / f"p{k}.txt").write_text(body * (k + 1), encoding="utf-8")
    pages = audit.run(tmp_path).pages
    for col in ("hard_sentences", "formula_words", "longest_section_words", "difficult_words"):
        assert pages[col].dtype == np.int64, col
    assert str(pages["meets_target"].dtype) == "boolean" and pages["readability_note"].tolist() == ["", "", ""]
    (tmp_path / "z_empty.txt").write_text("")
    pages = audit.run(tmp_path).pages.set_index("page_id")
    for col in ("hard_sentences", "formula_words", "longest_section_words", "difficult_words"):
        assert pages[col].dtype == np.float64, col
        assert math.isnan(pages.loc["z_empty", col]) and pages.loc["p2", col] >= pages.loc["p0", col]
    assert pages.loc["z_empty", "readability_note"] == "not graded: page skipped"
    assert pd.isna(pages.loc["z_empty", "meets_target"]) and not pd.isna(pages.loc["p0", "meets_target"])


def test_no_readability_files_are_left_in_the_store(tmp_path):
    """The corpus step removes each chunk's readability file once read (the store keeps the tables only)."""
    a = audit.run(CORPUS)
    assert not list(a.spill.dir.glob("*.readability.*"))
    assert set(READABILITY_COLUMNS) <= set(a.pages.columns)
