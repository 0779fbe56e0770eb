"""#14, the terms corpus job: the ranking scores in Python only the keys that can reach the top
(`candidate_tally.scored_keys`: keys in the order of a numpy upper bound of their score, until the bound falls below
the top-th score). The ranked keys, scores and order are those of scoring every key (the definition, below), on the
totals of real pages and of the seeds, for any `top` and `min_count`."""
from __future__ import annotations

import dataclasses
import heapq
import math
from pathlib import Path

import numpy as np
import pytest

import audit
from audit.config import Settings
from audit.terms import candidate_tally

from .conftest import CORPUS

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)


def _definition(index, totals, glossary_keys, min_count, top):
    """Every kept key scored (C-value x spread, `audit.terms.candidates`), then the top ones: the ranking as it was."""
    keys = list(index)
    freq, spread = {}, {}
    for i, (f, pages, named, checked) in enumerate(totals[:len(keys)].tolist()):
        if f >= min_count and keys[i] not in glossary_keys and not (checked and named * 2 > checked):
            freq[keys[i]], spread[keys[i]] = f, pages
    nested_sum, nested_n = {}, {}
    for key in freq:
        words = key.split(" ")
        if len(words) < 3:
            continue
        for sub in {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)} - {key}:
            if sub in freq:
                nested_sum[sub] = nested_sum.get(sub, 0) + freq[key]
                nested_n[sub] = nested_n.get(sub, 0) + 1
    scored = []
    for key, f in freq.items():
        c = math.log2(key.count(" ") + 1) * (f - nested_sum[key] / nested_n[key] if key in nested_n else f)
        if c > 0:
            scored.append((-round(c * (1 + math.log2(spread[key])), 4), -f, key))
    return heapq.nsmallest(top, scored) if top else sorted(scored)


@pytest.fixture(scope="module")
def real_totals():
    """The ranking's inputs (each key's row, the totals: every key, `discovery_min_count` 1) of two audits: 19 real
    pages, the seeds."""
    settings = Settings()
    settings = dataclasses.replace(settings, terms=dataclasses.replace(settings.terms, discovery_min_count=1))
    seen = []
    scored_keys = candidate_tally.scored_keys

    def spy(index, totals, *args):
        seen.append((dict(index), totals[:len(index)].copy()))
        return scored_keys(index, totals, *args)

    candidate_tally.scored_keys = spy
    try:
        for path in (REAL, CORPUS):
            audit.run(path, settings, progress=False)
    finally:
        candidate_tally.scored_keys = scored_keys
    return seen


@pytest.mark.parametrize("min_count,top", [(2, 30), (2, 1), (1, 5), (1, 50), (3, 10), (2, 0), (1, 0)])
def test_scoring_the_keys_that_can_reach_the_top_is_scoring_every_key(real_totals, min_count, top):
    assert len(real_totals) == 2 and len(real_totals[0][0]) > 300 and len(real_totals[1][0]) > 10, [len(i) for i, _ in real_totals]
    for index, totals in real_totals:
        keys = list(index)
        glossary = set(keys[::7])
        want = _definition(index, totals, glossary, min_count, top)
        assert want and candidate_tally.scored_keys(index, totals, glossary, min_count, top) == want


def test_only_keys_that_can_reach_the_top_are_scored(real_totals, monkeypatch):
    """With a small `top`, most keys are never scored in Python (the bound stops the scoring early)."""
    calls = []
    log2 = math.log2
    monkeypatch.setattr(candidate_tally.math, "log2", lambda x: calls.append(x) or log2(x))
    index, totals = max(real_totals, key=lambda t: len(t[0]))
    candidate_tally.scored_keys(index, totals, set(), 1, 5)
    scorable = int(((totals[:, 0] >= 1) & (np.fromiter((k.count(" ") for k in index), int) > 0)).sum())
    assert scorable > 250 and 0 < len(calls) // 2 <= 128  # (two log2 calls per scored key; batches of 64)
