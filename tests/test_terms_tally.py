"""`CandidateTally` (the corpus's discovered-term counts in arrays) gives exactly the rows of the former two-pass
Counter ranking (kept here as the oracle), whatever the batch size."""
from __future__ import annotations

import heapq
import math
import random
from collections import Counter, defaultdict

import pytest

from audit.terms import candidates
from audit.terms.candidate_tally import CandidateTally


def _oracle(pages, glossary_keys, min_count, top):
    """`candidates.rank` as it was before the tally (af82ec9): two passes, four Counters."""
    freq, spread, named, checked = Counter(), Counter(), Counter(), Counter()
    for _page_id, cands in pages:
        st = cands.stats
        freq.update(dict(zip(cands.keys, st[0::4])))
        spread.update(cands.keys)
        for key, n in zip(cands.keys, st[2::4]):
            if n:
                named[key] += n
        checked.update(dict(zip(cands.keys, st[3::4])))
    keep = {k for k, f in freq.items() if f >= min_count and k not in glossary_keys
            and not (checked[k] and named[k] * 2 > checked[k])}
    nested_sum, nested_n = Counter(), Counter()
    for key in keep:
        words = key.split(" ")
        if len(words) < 3:
            continue
        subs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)} - {key}
        for sub in subs:
            if sub in keep:
                nested_sum[sub] += freq[key]
                nested_n[sub] += 1
    scored = []
    for key in keep:
        f = freq[key]
        c = math.log2(key.count(" ") + 1) * (f - nested_sum[key] / nested_n[key] if nested_n[key] else f)
        if c > 0:
            scored.append((-round(c * (1 + math.log2(spread[key])), 4), -f, key))
    scored = heapq.nsmallest(top, scored) if top else sorted(scored)
    chosen = {key for *_, key in scored}
    surfaces, example = defaultdict(Counter), {}
    for page_id, cands in pages:
        st = cands.stats
        for i, key in enumerate(cands.keys):
            if key not in chosen:
                continue
            forms = cands.surfaces[i]
            if isinstance(forms, str):
                surfaces[key][forms] += st[4 * i]
            else:
                surfaces[key].update(dict(forms))
            example.setdefault(key, (page_id, st[4 * i + 1]))
    rows = []
    for rank_, (neg_score, _neg_f, key) in enumerate(scored, start=1):
        forms = sorted(surfaces[key].items(), key=lambda x: (-x[1], x[0]))
        term, others = forms[0][0], sorted(s for s, _ in forms[1:])
        variants = ", ".join(others)
        rows.append({"rank": rank_, "term": term, "key": key, "count": freq[key], "pages": spread[key],
                     "score": -neg_score, "variants": "; ".join(others), "example_page": example[key][0],
                     "example_sentence": example[key], "example_text": "",
                     "glossary_entry": (f"- {{name: {term}, category: TODO, variants: [{variants}]}}" if variants
                                        else f"- {{name: {term}, category: TODO}}")})
    return rows


WORDS = ["facial", "nerve", "palsy", "bell", "muscle", "weakness", "of", "life", "quality", "new", "york", "spasm"]


def _pages(n_pages: int, seed: int):
    rng = random.Random(seed)
    pages = []
    for p in range(n_pages):
        cands = {}
        for _ in range(rng.randint(0, 12)):
            n = rng.choice([2, 2, 3, 4])
            key = " ".join(rng.choice(WORDS) for _ in range(n))
            count = rng.randint(1, 4)
            forms = {key: count} if rng.random() < 0.6 else {key.title(): count}
            if rng.random() < 0.2:  # a second surface form on the page
                forms[key.upper()] = rng.randint(1, 3)
                count += forms[key.upper()]
            checked = rng.randint(0, count)
            cands[key] = [count, rng.randint(0, 40), forms, rng.randint(0, checked), checked]
        pages.append((f"page-{p:04d}", candidates.PageCandidates.from_dict(cands)))
    return pages


@pytest.mark.parametrize("batch", [1, 7, 1024])
@pytest.mark.parametrize("top", [0, 5])
def test_tally_equals_the_two_pass_ranking(batch: int, top: int) -> None:
    pages = _pages(120, seed=batch + top)
    gkeys = {"facial nerve", "bell palsy"}
    want = _oracle(pages, gkeys, 2, top)
    tally = CandidateTally(batch_pages=batch)
    for p, c in pages:
        tally.add(p, c)
    got = tally.rank(gkeys, 2, top)
    assert got == want
    assert len(want) == top if top else len(want) > 5
    assert any(row["variants"] for row in want)  # surface forms were merged across pages
    assert candidates.rank(pages, gkeys, 2, top) == want  # (the module function reads the pages once)


def test_tally_of_no_candidates() -> None:
    tally = CandidateTally()
    tally.add("a", candidates.PageCandidates.from_dict({}))
    assert tally.rank(set(), 1, 10) == []
