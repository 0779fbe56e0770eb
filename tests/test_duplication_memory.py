"""Duplication's corpus job in bounded memory: the exact re-checks of LSH candidates read their pages' shingles a
batch at a time, and the candidate keys are ordered by one packed sort; the tables are those of the unbatched run."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.duplication import shingles as S
from audit.duplication._candidates import texts_by_value

from .conftest import generated_site


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """A generated site of 60 pages plus 6 edited copies of its pages (near-duplicate pairs for LSH to find)."""
    site = generated_site(tmp_path_factory.mktemp("dup-mem") / "site", pages=60, seed=5)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    for k, f in enumerate(files[:6]):
        words = f.read_text(encoding="utf-8").split(" ")
        words[len(words) // 3] = f"edited{k}"
        (site / f"zz-copy-{k}{f.suffix}").write_text(" ".join(words), encoding="utf-8")
    return site


def test_lsh_rechecks_in_batches_same_pairs(copies, monkeypatch):
    settings = Settings().replace(run={"workers": 1}, duplication={"exact_pairs_max_pages": 10})
    whole = audit.run(copies, settings)
    pairs = whole.tables["pairs"]
    assert whole.summary["duplication"]["pair_method"] == "lsh"
    assert len(pairs) >= 6 and pairs["near_duplicate"].sum() >= 6
    monkeypatch.setattr(S, "RECHECK_BATCH", 2)  # every batch reads only its 2 pairs' pages
    batched = audit.run(copies, settings)
    pd.testing.assert_frame_equal(batched.tables["pairs"].reset_index(drop=True), pairs.reset_index(drop=True))
    pd.testing.assert_frame_equal(batched.pages, whole.pages)


@pytest.mark.parametrize("n, values", [(0, 5), (1, 1), (5_000, 3), (200_000, 70_000)])
def test_packed_sort_is_a_stable_argsort(n, values):
    rng = np.random.default_rng(n)
    x = rng.integers(0, values, n).astype(np.int32)
    lens = np.diff(np.r_[0, np.sort(rng.integers(0, n + 1, n // 7)), n])  # texts of any length, empty ones too
    got = texts_by_value(x, np.cumsum(lens), np.r_[0, np.cumsum(np.bincount(x, minlength=values))].astype(np.int64))
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, np.repeat(np.arange(len(lens)), lens)[np.argsort(x, kind="stable")])
