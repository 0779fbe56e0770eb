"""The report and audit.xlsx at scale keep the large tables in the store: passages, terms, jargon, plain-language
hits and difficult words are read chunk by chunk (`audit.present.rows.ByPage`, `rows.rows` with only the columns
needed), the passages a window of page chunks at a time or a batch of rows at a time (`rows.batches`, `rows.take`),
so `Audit.tables` does not keep them whole after a report. What is read is what the whole tables give: the report's
bytes are the same whether the tables are still in the store or were read into memory first."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.present import assess
from audit.present import rows as rows_mod
from audit.present.groups import ranked_passages
from audit.present.report import write_report

from .conftest import generated_site

STREAM = {"workers": 2, "parallel_min_pages": 1}
LARGE = ("passages", "terms", "jargon", "plain_language", "difficult_words")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return generated_site(tmp_path_factory.mktemp("site") / "site", pages=60, seed=5)


def _run(site):
    return audit.run(site, Settings().replace(run=STREAM), progress=False)


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_report_leaves_the_large_tables_in_the_store(site, tmp_path):
    a = _run(site)
    large = [n for n in LARGE if n in a.tables]
    assert "passages" in large and rows_mod.count(a, "passages") > 0
    assert all(a.streamed(n) for n in large)
    write_report(a, tmp_path / "streamed")
    assert [n for n in large if not a.streamed(n)] == []  # (the old report kept passages, terms, jargon, ... whole)
    for n in list(a.tables):  # every table read into memory: the report's whole-table paths
        a.tables[n]
    assert not any(a.streamed(n) for n in large)
    write_report(a, tmp_path / "whole")
    streamed, whole = _files(tmp_path / "streamed"), _files(tmp_path / "whole")
    assert len(streamed) == 61 and streamed == whole


@pytest.mark.parametrize("windows", [1, 3, 1000])
def test_passages_by_window_are_the_whole_tables_sides(site, windows, monkeypatch):
    a = _run(site)
    monkeypatch.setattr(assess, "PASSAGE_WINDOWS", windows)
    index = assess.PageIndex(a)
    assert index._passages.streamed
    chunks = rows_mod.page_chunks(a)
    ids = sorted(chunks, key=lambda pid: (chunks[pid], pid))
    got = {pid: index.passages(pid) for pid in ids}
    assert a.streamed("passages")
    whole = assess._Passages.__new__(assess._Passages)
    whole.streamed = False
    whole._rows(a.spill.frame("passages"))
    assert got == {pid: whole.of(pid) for pid in ids}
    assert sum(len(v) for v in got.values()) == 2 * rows_mod.count(a, "passages")
    assert index.passages("no such page") == []


def test_batches_and_take_are_the_whole_table(site, monkeypatch):
    a = _run(site)
    for name in [n for n in LARGE if n in a.tables]:
        whole = a.spill.frame(name)
        got = list(rows_mod.batches(a, name, size=2048))
        assert sum(len(b) for b in got) == len(whole)
        pd.testing.assert_frame_equal(pd.concat(got), whole)
        cols = list(whole.columns[:2])
        pd.testing.assert_frame_equal(pd.concat(rows_mod.batches(a, name, cols)), whole[cols])
        at = np.array(sorted({0, len(whole) // 2, len(whole) - 1}))
        pd.testing.assert_frame_equal(rows_mod.take(a, name, at), whole.iloc[at])
        assert a.streamed(name)


def test_ranked_passages_top_n_reads_only_the_top_rows(site):
    a = _run(site)
    top = ranked_passages(a, n=7)
    assert a.streamed("passages") and len(top) == 7
    a.tables["passages"]  # now in memory: the whole-table ranking
    whole = ranked_passages(a)
    assert len(whole) == rows_mod.count(a, "passages") > 7
    pd.testing.assert_frame_equal(top, whole.head(7))
    assert top["words"].is_monotonic_decreasing
