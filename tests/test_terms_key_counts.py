"""The candidate ranking's first pass counts keys by hash, batch by batch (`candidate_tally.KeyCounts`), and the
ranking then counts by string only the keys that may reach `discovery_min_count`: the rows are the same as counting
every key, for any batch size and even when keys share a hash."""
from __future__ import annotations

import random

import numpy as np
import pytest

from audit.terms import candidate_tally, candidates
from audit.terms.candidate_tally import KeyCounts, key_hashes

WORDS = ["facial", "nerve", "palsy", "muscle", "bell", "new", "york", "quality", "of", "life", "twitch", "spasm",
         "graft", "repair", "scan", "therapy", "brow", "lift", "smile", "eye"]


def _pages(n_pages: int, seed: int) -> list[tuple[str, candidates.PageCandidates]]:
    """Pages of random candidates (Zipf-like: a few keys on many pages, many once), with surface forms, name-like and
    checkable uses."""
    rng = random.Random(seed)
    pages = []
    for p in range(n_pages):
        cands: dict[str, list] = {}
        for _ in range(rng.randint(0, 12)):
            n = rng.choice([2, 2, 2, 3, 4])
            words = [WORDS[min(int(rng.paretovariate(0.8)) - 1, len(WORDS) - 1)] if rng.random() < 0.7
                     else f"w{rng.randint(0, 5000)}" for _ in range(n)]
            key = " ".join(words)
            count = rng.choice([1, 1, 1, 2, 3])
            forms = {key: count} if rng.random() < 0.6 else {key.title(): count - 1, key: 1} if count > 1 \
                else {key.upper(): 1}
            prose = rng.randint(0, count)
            named = rng.randint(0, prose)
            if key in cands:
                continue
            cands[key] = [count, rng.randint(0, 40), forms, named, prose]
        pages.append((f"p{p:05d}", candidates.PageCandidates.from_dict(cands)))
    return pages


def _totals(pages) -> dict[str, int]:
    out: dict[str, int] = {}
    for _p, c in pages:
        for key, n in zip(c.keys, c.stats[0::4]):
            out[key] = out.get(key, 0) + n
    return out


@pytest.mark.parametrize("batch_entries", [1, 7, 100, 1 << 17])
def test_wanted_are_the_keys_used_min_count_times(batch_entries):
    pages = _pages(400, seed=3)
    counts = KeyCounts(2, batch_entries=batch_entries)
    for _p, c in pages:
        counts.add(c.keys, c.stats)
    totals = _totals(pages)
    want = sorted(key_hashes([k for k, n in totals.items() if n >= 2]).tolist())
    assert counts.wanted().tolist() == want
    assert 0 < len(want) < len(totals)  # (the pages have keys used once and keys used more)
    if batch_entries < 100:
        assert counts.runs == []  # all runs merged into the answer


def test_threshold_one_wants_every_key():
    counts = KeyCounts(1)
    for _p, c in _pages(20, seed=1):
        counts.add(c.keys, c.stats)
    assert counts.wanted() is None and not counts.counting


@pytest.mark.parametrize("min_count,top", [(2, 30), (3, 0), (2, 5)])
def test_rank_of_wanted_keys_equals_rank_of_all(min_count, top):
    pages = _pages(600, seed=11)
    gkeys = {"facial nerve", "bell palsy"}
    counts = KeyCounts(min_count, batch_entries=50)
    for _p, c in pages:
        counts.add(c.keys, c.stats)
    full = candidates.rank(pages, gkeys, min_count, top)
    assert len(full) >= 5
    assert candidates.rank(pages, gkeys, min_count, top, counts.wanted()) == full


def test_keys_sharing_a_hash_rank_the_same(monkeypatch):
    """Hashes that collide (here: 7 hash values for every key) only add counts: every key that reaches the
    threshold is still counted, exactly, by its string."""
    pages = _pages(300, seed=5)
    full = candidates.rank(pages, set(), 2, 0)

    def few_hashes(keys):
        return np.fromiter((len(k) % 7 for k in keys), np.int64, len(keys))

    monkeypatch.setattr(candidate_tally, "key_hashes", few_hashes)
    counts = KeyCounts(2, batch_entries=30)
    for _p, c in pages:
        counts.add(c.keys, c.stats)
    wanted = counts.wanted()
    assert len(wanted) == 7
    assert candidates.rank(pages, set(), 2, 0, wanted) == full
    assert candidates.rank(pages, set(), 2, 0, wanted[:1]) != full  # (a wanted set that misses keys would differ)


def test_nothing_wanted_ranks_nothing():
    pages = _pages(50, seed=2)
    assert candidates.rank(pages, set(), 2, 30, np.zeros(0, np.int64)) == []
