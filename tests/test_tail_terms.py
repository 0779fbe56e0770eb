"""#14, the serial tail: the terms corpus step ranks the candidates from whole chunks of rows (`rank_rows`: totals
summed with numpy, the second pass reading the ranked keys alone) instead of one object per page and four `Counter`
updates per page. The rows are those of the ranking's definition (C-value × spread over per-key totals, counted
here the plain way, page by page), for any split of the pages into chunks, and the gaps the API gives are the
table's rows."""
from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict

import numpy as np
import pytest

import audit
from audit.terms import candidates
from audit.terms.candidate_tally import KeyCounts

from .conftest import CORPUS
from .test_terms_key_counts import _pages


def _reference(pages, glossary_keys, min_count, top):
    """The ranking as defined (module docstring of `audit.terms.candidates`), counted page by page with Counters."""
    freq, spread, named, checked = Counter(), Counter(), Counter(), Counter()
    for _p, c in pages:
        for i, key in enumerate(c.keys):
            st = c.stats[4 * i:4 * i + 4]
            freq[key] += st[0]
            spread[key] += 1
            named[key] += st[2]
            checked[key] += st[3]
    keep = {k for k, f in freq.items() if f >= min_count and k not in glossary_keys
            and not (checked[k] and named[k] * 2 > checked[k])}
    nested_sum, nested_n = Counter(), Counter()
    for key in keep:
        words = key.split(" ")
        for sub in {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)} - {key}:
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
    surfaces, example = defaultdict(Counter), {}
    for page_id, c in pages:
        for i, key in enumerate(c.keys):
            forms = c.surfaces[i]
            surfaces[key].update({forms: c.stats[4 * i]} if isinstance(forms, str) else dict(forms))
            example.setdefault(key, (page_id, c.stats[4 * i + 1]))
    out = []
    for r, (neg, _f, key) in enumerate(scored, start=1):
        forms = sorted(surfaces[key].items(), key=lambda x: (-x[1], x[0]))
        out.append((r, forms[0][0], key, freq[key], spread[key], -neg, "; ".join(sorted(s for s, _ in forms[1:])),
                    example[key]))
    return out


def _rows(ranked):
    return [(r["rank"], r["term"], r["key"], r["count"], r["pages"], r["score"], r["variants"], r["example_sentence"])
            for r in ranked]


@pytest.mark.parametrize("chunk_pages", [1, 37, 10_000])
@pytest.mark.parametrize("min_count,top", [(2, 30), (1, 0), (3, 0)])
def test_ranking_from_chunks_of_rows_is_the_definition(chunk_pages, min_count, top):
    pages = _pages(400, seed=11)
    glossary = {pages[0][1].keys[0]} if pages[0][1].keys else set()
    counts = KeyCounts(min_count, batch_entries=50)
    for _p, c in pages:
        counts.add(c.keys, c.stats)
    chunks = [pages[i:i + chunk_pages] for i in range(0, len(pages), chunk_pages)]
    reads = []

    def read(hashes, forms):
        reads.append(forms)
        for chunk in chunks:
            rows = candidates.rows_of_pages(chunk, hashes)
            if not forms:
                rows.forms = None
            yield rows

    got = candidates.rank_rows(read, glossary, min_count, top, counts.wanted())
    want = _reference(pages, glossary, min_count, top)
    assert want and _rows(got) == want
    assert all(type(r["count"]) is int and type(r["example_sentence"][1]) is int for r in got)
    assert reads == [False, True]  # totals without the surface forms; then the ranked keys' forms
    assert candidates.rank(pages, glossary, min_count, top) == got


def test_the_second_pass_reads_only_the_ranked_keys():
    pages = _pages(300, seed=3)
    asked = []

    def read(hashes, forms):
        asked.append(None if hashes is None else len(hashes))
        return [candidates.rows_of_pages(pages, hashes)]

    got = candidates.rank_rows(read, set(), 2, 5)
    assert len(got) == 5 and asked == [None, 5]


def test_gaps_few_in_category_are_the_table_rows():
    seeds = audit.run(CORPUS, progress=False)
    gaps = seeds.tables["term_gaps"]
    few = gaps[gaps["gap"] == "few in category"]
    assert len(few)
    assert seeds.api["term_gaps"]["few_in_category"] == few[["page_id", "category", "pages"]].to_dict(
        "records")
    assert list(gaps["gap"].drop_duplicates()) == [g for g in ("not covered", "one page only", "few in category")
                                                    if g in set(gaps["gap"])]
    assert all(d.startswith("covers ") and d.endswith(" concepts") for d in few["detail"])
    assert np.issubdtype(gaps["pages"].dtype, np.integer)
