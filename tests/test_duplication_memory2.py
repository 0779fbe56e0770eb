"""Duplication's corpus job in bounded memory, second round (#14/#15, 100k pages < 2 GB): `Texts` builds its per-unit
arrays as bool / int32 and gathers, ranks and sums the texts' lemmas a batch at a time; the candidate index sorts
and counts lemma occurrences without a second corpus-sized int64 array. Same arrays and tables as before."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.duplication import passage_texts as PT
from audit.duplication._candidates import texts_by_value
from audit.duplication.passage_texts import Columns, Texts, _batches
from audit.duplication.passage_units import NO_INTRO, T_END, T_LEMMA_END

from .conftest import generated_site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return generated_site(tmp_path_factory.mktemp("dup-mem2") / "site", pages=80, seed=11)


@pytest.mark.parametrize("size", [1, 3, 10, 1 << 22])
def test_batches_cover_every_text_once_and_never_split_one(size):
    lens = np.array([0, 4, 0, 0, 7, 1, 12, 0, 3, 3, 0], dtype=np.int64)
    ends = np.cumsum(lens)
    got = list(_batches(lens, size))
    texts = [t for (t0, t1), _ in got for t in range(t0, t1)]
    assert texts == list(range(len(lens)))
    for (t0, t1), (s, e) in got:
        assert s == (int(ends[t0 - 1]) if t0 else 0) and e == int(ends[t1 - 1])
        assert e - s <= size or t1 - t0 == 1  # only a single text may exceed a batch
    assert list(_batches(np.zeros(0, dtype=np.int64), size)) == []


def _columns(seed: int, pages: int = 300, vocab: int = 5_000, values: bool = True) -> Columns:
    """Random page units (sentences, then list passages; some units with too few lemmas), lemmas as codes into
    sorted hashes (a streamed run's columns) or as the hashes themselves."""
    rng = np.random.default_rng(seed)
    n_sent = rng.integers(0, 30, pages)
    counts = n_sent + (n_sent >= 2) * rng.integers(0, 4, pages)
    tables, lemmas, parts_counts = [], [], []
    hashes = np.sort(rng.choice(2 ** 62, vocab, replace=False)).astype(np.int64)
    for ns, c in zip(n_sent.tolist(), counts.tolist()):
        n_lem = rng.integers(0, 12, c)
        table = np.zeros((c, 6), dtype=np.int32)
        table[:, T_LEMMA_END] = np.cumsum(n_lem)
        table[ns:, T_END] = 3 * np.arange(1, c - ns + 1)  # each list passage: no intro, items 0 and 1
        tables.append(table)
        parts_counts.append(3 * (c - ns))
        for k in n_lem.tolist():
            lemmas.append(np.sort(rng.choice(vocab, k, replace=False)))
    lem_counts = np.array([int(t[-1, T_LEMMA_END]) if len(t) else 0 for t in tables], dtype=np.int64)
    codes = np.concatenate(lemmas).astype(np.int32)
    cols = Columns(n_sent, counts, np.concatenate(tables), lem_counts,
                   codes if values else hashes[codes], np.array(parts_counts, dtype=np.int64),
                   np.tile(np.array([NO_INTRO, 0, 1], dtype=np.int32), sum(parts_counts) // 3),
                   lambda ps: [""] * len(ps), hashes if values else None)
    n_units = int(counts.sum())
    cols.unit_hash = rng.integers(0, 2_000, n_units).astype(np.uint64)  # many units share a text
    return cols


def _reference_units(data: Columns):
    """The per-unit arrays as the unbatched int64 formulas made them (ec2eb83)."""
    counts, offsets = data.counts, data.offsets
    n_units = int(offsets[-1])
    page_of = np.repeat(np.arange(len(counts)), counts)
    local = np.arange(n_units, dtype=np.int64) - offsets[page_of]
    is_list = local >= data.n_sentences[page_of]
    lem_end = data.table[:, T_LEMMA_END].astype(np.int64)
    lem_start = np.zeros(n_units, dtype=np.int64)
    lem_start[1:] = lem_end[:-1]
    lem_start[offsets[:-1][counts > 0]] = 0
    return is_list, (lem_end - lem_start).astype(np.int32), data.lemma_offsets[page_of] + lem_start


@pytest.mark.parametrize("values", [True, False])
def test_texts_unit_arrays_and_lemma_columns_in_batches_are_the_unbatched_ones(values, monkeypatch):
    whole = Texts(_columns(3, values=values), 4)
    is_list, n_lem, lem_start = _reference_units(_columns(3, values=values))
    assert whole.unit_is_list.dtype == bool and whole.page_of.dtype == np.int32
    np.testing.assert_array_equal(whole.unit_is_list, is_list)
    if not values:  # (a streamed run's Texts drops them once its texts' lemmas are columns)
        np.testing.assert_array_equal(whole.n_lem, n_lem)
        np.testing.assert_array_equal(whole.lem_start, lem_start)
        assert whole.lem_start.dtype == np.int32
    monkeypatch.setattr(PT, "LEMMA_BATCH", 7)  # a few texts a batch
    small = Texts(_columns(3, values=values), 4)
    assert whole.n > 100 and len(whole.cols) > 1_000
    for name in ("mem_flat", "mem_start", "first_unit", "is_list", "n_pages", "lens", "cols", "vocab", "idf",
                 "weight", "unit_is_list"):
        a, b = getattr(small, name), getattr(whole, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b, err_msg=name)
    # the weights are exactly `bincount`'s over all texts at once (the same sums in the same order)
    w = np.bincount(np.repeat(np.arange(whole.n), whole.lens), weights=whole.idf[whole.cols], minlength=whole.n)
    w[w == 0] = 1.0
    assert whole.weight.tobytes() == w.tobytes()


def test_texts_holds_no_int64_copy_of_the_texts_lemmas(monkeypatch):
    """Building `Texts` on a streamed run's columns never allocates an int64 array over all the texts' lemmas
    (ec2eb83 made three at once: positions, their repeat and arange; then searchsorted's ranks and the weights'
    repeat). Measured: ec2eb83 27.7 bytes a lemma at the peak, now 15.9."""
    monkeypatch.setattr(PT, "LEMMA_BATCH", 20_000)
    data = _columns(5, pages=3_000, vocab=20_000)
    data.unit_hash = np.arange(int(data.offsets[-1]), dtype=np.uint64)  # every unit its own text
    n_lemmas = len(data.lemmas)
    assert n_lemmas > 200_000
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        t = Texts(data, 4)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert len(t.cols) > 0.8 * n_lemmas
    # what stays (columns, members, per-unit arrays), the grouping's temporaries and one batch's
    assert peak < 20 * n_lemmas, (peak / n_lemmas)


def test_lemma_batches_same_passage_table(site, monkeypatch):
    settings = Settings().replace(run={"workers": 1})
    whole = audit.run(site, settings)
    assert len(whole.tables["passages"]) > 0
    monkeypatch.setattr(PT, "LEMMA_BATCH", 5)
    batched = audit.run(site, settings)
    pd.testing.assert_frame_equal(batched.tables["passages"].reset_index(drop=True),
                                  whole.tables["passages"].reset_index(drop=True))
    pd.testing.assert_frame_equal(batched.pages, whole.pages)


def test_counting_sort_of_many_positions_is_a_stable_argsort():
    n = (1 << 22) + 12_345
    x = np.random.default_rng(1).integers(0, 3_000, n).astype(np.int32)
    starts = np.r_[0, np.cumsum(np.bincount(x, minlength=3_000))].astype(np.int64)
    lens = np.full(n // 9 + 1, 9)
    lens[-1] = n - 9 * (n // 9)
    np.testing.assert_array_equal(texts_by_value(x, np.cumsum(lens), starts),
                                  np.repeat(np.arange(len(lens)), lens)[np.argsort(x, kind="stable")])
