"""The analyse chunk's plumbing (`audit.engine.chunks.analyse_chunk` and the steps around the per-page one): what it
keeps per page and the chunk steps' shortcuts give the same values as the plain rules, on real pages."""
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.engine import pipeline
from audit.engine.results import PageRows, page_stats
from audit.ingest.load import discover
from audit.readability import corpus as readability_corpus

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # real pages (sources and licences: fixtures/README.md)
SEEDS = Path(__file__).resolve().parents[1] / "corpus"


def _plain_numeric(values: list) -> np.ndarray:
    return pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").to_numpy()


@pytest.mark.parametrize("values", [
    [1, 2, 3], [1, 2.5], [float("nan"), 1], [None, 1], [True, 1], [np.float64(1.5), 2], [2 ** 70, 1], [],
    ["x", 1], [1.0], [None], [-(2 ** 63), 2 ** 63 - 1],
])
def test_readability_numeric_column_is_pandas_rule(values):
    got, want = readability_corpus._numeric(values), _plain_numeric(values)
    assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True)


def test_readability_numeric_columns_on_real_pages(monkeypatch):
    """Every numeric page column of a real audit (19 real pages and the seeds) through the shortcut and through
    `pd.to_numeric`: the same dtype and values."""
    fast, seen = readability_corpus._numeric, []

    def both(values):
        got, want = fast(values), _plain_numeric(values)
        assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True), values[:5]
        seen.append(str(got.dtype))
        return got

    monkeypatch.setattr(readability_corpus, "_numeric", both)
    for corpus in (REAL, SEEDS):
        a = audit.run(corpus, progress=False)
        a.close()
    assert {"int64", "float64"} <= set(seen)


def test_page_rows_added_as_pages_come_equal_whole_pages():
    """`PageRows.add_page` + `add_extras` (what a chunk does while its pages are analysed) give the columns and
    packed results `PageRows.add` gives for the whole `PageResult`."""
    settings = Settings()
    sources, _ = discover([SEEDS, REAL], settings.load)
    loaded = [pipeline._guarded_load(src, settings) for src in sources]
    for r in loaded:
        r.extras = {"m": {"page": r.page.page_id, "blocks": len(r.blocks)}}
        r.timings = {"analyse.m": 0.5}
    whole, parts = PageRows(), PageRows()
    for r in loaded:
        whole.add(r)
    for r in loaded:
        parts.add_page(r.page, page_stats(r.blocks, len(r.units)), r.timings)
    for r in loaded:
        parts.add_extras(r.extras)
    assert len(whole) == len(parts) == len(loaded) > 20
    assert whole.columns == parts.columns
    assert [dict(e) for e in whole.extras] == [dict(e) for e in parts.extras]
    assert whole.timings == parts.timings == {"analyse.m": 0.5 * len(loaded)}


def test_block_counts_looked_up_by_group_equal_page_by_page():
    """`chunks._with_counts` (the pages of a chunk looked up LOOKUP_PAGES at a time) gives each page the counts its
    own look-up gives and its block hashes, pages in order, a page not ok none; each page is unpickled only at its
    turn (the next one still a pickle) and every pickle is released."""
    import pickle

    import numpy as np

    from audit.engine import chunks

    settings = Settings()
    sources, _ = discover([SEEDS, REAL], settings.load)
    loaded = [pipeline._guarded_load(src, settings) for src in sources] * 3  # (more than one group)
    loaded[5].page.skip("test")
    ok = [r for r in loaded if r.page.status == "ok"]
    counts = chunks.HashCounts.of([np.frombuffer(r.keys, dtype=np.uint64) for r in ok])
    raw = chunks.HashCounts.of([np.frombuffer(r.keys, dtype=np.uint64) for r in ok[::2]])
    assert len(loaded) > chunks.LOOKUP_PAGES and (counts.counts > 1).any()
    pickled = [(r.keys if r.page.status == "ok" else b"", pickle.dumps(r)) for r in loaded]  # (as `load_chunk`)
    got = []
    for r, repeats, raw_repeats in chunks._with_counts(pickled, counts, raw):
        got.append((r, repeats, raw_repeats))
        if len(got) < len(loaded):  # (the next page not unpickled yet)
            assert isinstance(pickled[len(got)], tuple)
    assert pickled == [None] * len(loaded)
    assert [r.page.page_id for r, _, _ in got] == [r.page.page_id for r in loaded]
    assert [r.keys for r, _, _ in got] == [r.keys if r.page.status == "ok" else b"" for r in loaded]
    for r, (_, repeats, raw_repeats) in zip(loaded, got):
        if r.page.status != "ok":
            assert repeats == raw_repeats == []
            continue
        assert repeats == counts.lookup(r.keys) and raw_repeats == raw.lookup(r.keys)
        assert len(repeats) == len(r.blocks)
    # the two counts on one array of hashes (`raw`'s pages are some of `counts`'): the same counts, one search
    both = raw.aligned(counts.hashes)
    assert both.hashes is counts.hashes
    for r, (_, repeats, raw_repeats) in zip(loaded, got):
        if r.page.status == "ok":
            assert counts.lookup_with(both, r.keys) == (repeats, raw_repeats)
    few = chunks.HashCounts(np.array([3, 9], dtype=np.uint64), np.array([2, 1]))
    assert few.aligned(np.array([1, 3, 5, 9], dtype=np.uint64)).counts.tolist() == [0, 2, 0, 1]
    for lacking in ([1, 3, 5], [1, 5, 9], [10, 11]):
        with pytest.raises(ValueError):
            few.aligned(np.array(lacking, dtype=np.uint64))


@pytest.mark.parametrize("values", [
    [1, 2, 3], [1, 2.5], [float("nan"), 1.0], [None, 1], [True, 1], [True, False], [True, None], [np.int64(1), 2],
    [2 ** 70, 1], [2 ** 63, 1], [], ["x", 1], ["x", None], ["x", float("nan")], [1.0], [None], [-(2 ** 63), 2 ** 63 - 1],
])
def test_a_chunk_frame_is_pandas_frame(values):
    """`frame_of` (a chunk's blocks and sentences from their columns: numeric lists straight into arrays) gives the
    frame `pd.DataFrame` gives, dtype included, on every kind of column."""
    from audit.engine.results import frame_of

    cols = {"a": values, "b": list(range(len(values)))}
    pd.testing.assert_frame_equal(frame_of(cols), pd.DataFrame(cols), check_exact=True)


def _typed_plain(values: list):
    """`_columns.typed_array`'s definition (its docstring): the set of the values' types, then numpy's array."""
    kinds = set(map(type, values))
    dtype = {int: np.int64, float: np.float64, bool: np.bool_}.get(kinds.pop()) if len(kinds) == 1 else None
    if dtype is None:
        return None
    try:
        return np.array(values, dtype=dtype)
    except OverflowError:
        return None


@pytest.mark.parametrize("values", [
    [1, 2, 3], [1, 2.5], [2.5, 1], [float("nan"), 1.0], [float("inf"), -0.0], [None, 1], [1, None], [True, 1],
    [1, True], [True, False], [False], [True, None], [True, 1.0], [np.int64(1), 2], [2, np.int64(1)],
    [np.float64(1.5)], [np.bool_(True), True], [2 ** 70, 1], [1, 2 ** 63], [-(2 ** 63) - 1], [],
    ["x", 1], [1, "x"], [1.0], [None], [-(2 ** 63), 2 ** 63 - 1, 0], [0] * 1000 + [None], [0.5] * 999 + [1],
])
def test_typed_array_is_its_definition(values):
    """The compiled column check (`_columns.typed_array`, what `frame_of` puts into arrays) gives the array (dtype
    and values) or the None of its plain definition, on every kind of column."""
    from audit.engine._columns import typed_array

    got, want = typed_array(values), _typed_plain(values)
    assert (got is None) == (want is None)
    if want is not None:
        assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True)
        assert np.signbit(got).tolist() == np.signbit(want).tolist() if got.dtype.kind == "f" else True


def test_chunk_frames_of_a_real_audit_are_pandas_frames(monkeypatch):
    """The blocks and sentences of every chunk of a real audit (19 real pages, the seeds) through `frame_of` and
    through `pd.DataFrame`: the same frames."""
    from audit.engine import chunks, results

    seen = []

    from audit.engine._columns import typed_array

    def both(columns):
        for values in columns.values():  # (each column: the compiled check is its definition)
            got, want = typed_array(list(values)), _typed_plain(list(values))
            assert (got is None) == (want is None) and (want is None or np.array_equal(got, want, equal_nan=True))
        got = results.frame_of(columns)
        pd.testing.assert_frame_equal(got, pd.DataFrame(columns), check_exact=True)
        seen.append(len(got))
        return got

    monkeypatch.setattr(chunks, "frame_of", both)
    settings = Settings()
    settings = dataclasses.replace(settings, run=dataclasses.replace(settings.run, workers=1))  # (chunks run here)
    for corpus in (REAL, SEEDS):
        audit.run(corpus, settings, progress=False).close()
    assert len(seen) >= 8 and sum(seen) > 400  # (blocks and sentences of every chunk: 419 rows)


def test_chunk_extras_read_and_written_as_the_pages_dicts():
    """`results.ChunkExtras` (a chunk's pages' measure results, one list per measure, no dict per page): real pages'
    results as their analysis made them, in page order; each page's `PageExtras` read and written as a copy of its
    dict is (get, pop, set, delete, iterate), the writes landing in the chunk's lists; the audited pages alone; a
    page without results and a measure first met on a later page."""
    import pickle

    from audit.engine.results import ChunkExtras, PageExtras

    settings = Settings()
    sources, _ = discover([REAL], settings.load)
    pages = [pipeline._guarded_analyse(pipeline._guarded_load(src, settings), settings) for src in sources]
    assert len(pages) > 10 and all(set(p.extras) == {"readability", "duplication", "terms"} for p in pages)
    pages[3].page.skip("test")
    pages[3].extras = {}
    pages[7].extras = {**pages[7].extras, "later": {"x": 1}}
    kept = ChunkExtras()
    for p in pages:
        kept.add(p.page.page_id, p.page.status == "ok", p.extras)
    dicts = [dict(p.extras) for p in pages]
    assert len(kept) == len(pages) and set(kept.columns) == {"readability", "duplication", "terms", "later"}
    assert all(len(column) == len(pages) for column in kept.columns.values())
    for i, d in enumerate(dicts):
        assert pickle.dumps(kept.extras(i)) == pickle.dumps(d)  # (the same values, in the same order)
    view = kept.pages()
    assert [pid for pid, _ in view] == [p.page.page_id for p in pages] == [view[i][0] for i in range(len(view))]
    audited = kept.pages(audited=True)
    assert [pid for pid, _ in audited] == [p.page.page_id for p in pages if p.page.status == "ok"]
    assert len(audited) == len(pages) - 1 and [pid for pid, _ in audited[1:3]] == [p.page.page_id for p in pages[1:3]]
    for (pid, ex), d in zip(view, dicts):
        assert isinstance(ex, PageExtras) and list(ex) == list(d) and len(ex) == len(d)
        assert ("terms" in ex) == ("terms" in d) and ex.get("later") == d.get("later") and ex.get("none", 5) == 5
        if "readability" in d:
            assert ex["readability"] is d["readability"]
            assert ex.pop("readability") is d.pop("readability") and "readability" not in ex
            assert ex.pop("readability", None) is None
            with pytest.raises(KeyError):
                del ex["readability"]
        ex["added"] = pid
        d["added"] = pid
        if "duplication" in d:
            del ex["duplication"], d["duplication"]
    for i, d in enumerate(dicts):  # (the writes are the chunk's)
        assert list(kept.extras(i)) == list(d) and kept.extras(i)["added"] == pages[i].page.page_id
    assert kept.extras(3) == {"added": pages[3].page.page_id} and "later" in kept.extras(7)
    assert "later" not in kept.extras(6) and "later" not in kept.extras(8)
