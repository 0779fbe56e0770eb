"""terms.csv and jargon.csv are page tables (rows formatted by the workers of a streaming run, from texts the
worker resolved), the corpus step never reads sentence texts from the pages' units, the per-page results kept in
the main process are compact, and term_overlap's vectorised top-k equals the plain per-row loop it replaced."""
from __future__ import annotations

import math
import pickle

import numpy as np
from scipy import sparse
import pandas as pd
import pytest

import audit
from audit.terms import candidates
from audit.terms import discovery
from audit.terms import term_overlap
from audit.terms import measure as terms
from audit.config import Settings

from .conftest import CORPUS, generated_site

STREAM = {"workers": 2, "parallel_min_pages": 1}  # worker processes, the corpus job in its own process (#15)
MEMORY = {"workers": 1}  # this process alone


# ------------------------------------------------------------------ the reference: term_overlap before numpy

def reference_overlap(page_ids, hits_by_page, names, ts) -> pd.DataFrame:
    """`term_overlap._overlap` as it was (one argpartition and a Python loop per row): the rows the fast one must equal."""
    ids = [p for p in page_ids if hits_by_page.get(p)]
    if len(ids) < 2:
        return pd.DataFrame(columns=term_overlap.OVERLAP_COLUMNS)
    col = {n: i for i, n in enumerate(names)}
    w = np.zeros((len(ids), len(names)), dtype=np.float32)
    for r, p in enumerate(ids):
        for name, (count, *_rest) in hits_by_page[p].items():
            w[r, col[name]] = 1 + math.log(count)
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    w /= np.where(norms == 0, 1, norms)
    ranked = [term_overlap._main_concepts(hits_by_page[p], ts.overlap_main_concepts) for p in ids]
    mains = [set(r) for r in ranked]
    primary = [r[0] for r in ranked]
    k = max(1, min(ts.overlap_max_partners, len(ids) - 1))
    pairs: dict[tuple[int, int], float] = {}
    step = 1024
    rows, wt = sparse.csr_matrix(w), np.ascontiguousarray(w.T)  # (the scores as the audit computes them: below)
    for lo in range(0, len(ids), step):
        sims = term_overlap._similarities(rows[lo:lo + step], wt)
        for r in range(sims.shape[0]):
            i = lo + r
            row = sims[r]
            row[i] = -1
            top = np.argpartition(-row, k - 1)[:k] if k < len(row) else np.arange(len(row))
            for j in top:
                j = int(j)
                score = float(row[j])
                if score < ts.overlap_min_score or j == i:
                    continue
                if len(mains[i] & mains[j]) < ts.overlap_min_shared and primary[i] != primary[j]:
                    continue
                pairs[(min(i, j), max(i, j))] = score
    rows = []
    for (i, j), score in pairs.items():
        a, b = ids[i], ids[j]
        shared = set(hits_by_page[a]) & set(hits_by_page[b])
        ordered = sorted(shared, key=lambda n: (n not in mains[i] or n not in mains[j],
                                                -(hits_by_page[a][n][0] + hits_by_page[b][n][0]), n))
        rows.append({"page_a": a, "page_b": b, "score": round(score, 4), "primary_a": primary[i],
                     "primary_b": primary[j], "shared_main": len(mains[i] & mains[j]), "shared": len(shared),
                     "shared_concepts": "; ".join(ordered)})
    rows.sort(key=lambda r: (-r["score"], r["page_a"], r["page_b"]))
    return pd.DataFrame(rows, columns=term_overlap.OVERLAP_COLUMNS)


def _synthetic_hits(n_pages: int, seed: int, names: list[str], copies: int = 0) -> dict[str, dict]:
    """Random pages' hits over `names` ({page: {concept: (count, first block, first sentence)}}); the first
    `copies` pages share one profile (scores that tie at every place, including the k-th)."""
    rng = np.random.default_rng(seed)
    out = {}
    for p in range(n_pages):
        rs = np.random.default_rng(seed * 7919) if p < copies else rng
        topic = int(rs.integers(0, 5)) * 10  # (pages of one topic draw from 16 concepts: similar profiles)
        chosen = topic + rs.choice(16, size=int(rs.integers(1, 12)), replace=False)
        out[f"p{p:05d}"] = {names[c]: (int(rs.integers(1, 12)), int(rs.integers(0, 9)), int(rs.integers(-1, 30)))
                            for c in chosen}
    return out


@pytest.fixture(scope="module")
def names() -> list[str]:
    from audit.terms.glossary_file import glossary_path, load_glossary

    return [c.name for c in load_glossary(glossary_path("")).concepts]


@pytest.mark.parametrize("n_pages,copies,partners,min_score", [(40, 0, 5, 0.5), (1500, 0, 5, 0.5),
                                                               (2600, 300, 5, 0.5), (2600, 300, 3, 0.3),
                                                               (1200, 0, 40, 0.0)])
def test_overlap_equals_the_per_row_loop_on_synthetic_pages(names, n_pages, copies, partners, min_score):
    """More than one block of 1,024 rows, a column sample smaller than the row, ties at the k-th place (copied
    profiles), a minimum score float32 cannot hold (0.3), many partners."""
    hits = _synthetic_hits(n_pages, n_pages + copies, names, copies)
    ts = Settings().terms.__class__(**{**Settings().terms.__dict__, "overlap_max_partners": partners,
                                       "overlap_min_score": min_score})
    fast = term_overlap._overlap(list(hits), hits, names, ts)
    pd.testing.assert_frame_equal(fast, reference_overlap(list(hits), hits, names, ts))
    assert len(fast) > 0
    compact = {p: term_overlap.PageHits.from_dict(h) for p, h in hits.items()}  # (as a streaming run keeps them)
    pd.testing.assert_frame_equal(term_overlap._overlap(list(hits), compact, names, ts), fast)


def test_overlap_fallback_for_rows_with_very_many_candidates(names, monkeypatch):
    hits = _synthetic_hits(1300, 3, names, copies=200)
    ts = Settings().terms
    monkeypatch.setattr(term_overlap, "_CANDIDATES_MAX", 8)  # every row: argpartition on the whole row
    pd.testing.assert_frame_equal(term_overlap._overlap(list(hits), hits, names, ts),
                                  reference_overlap(list(hits), hits, names, ts))


def _profiles(hits: dict[str, dict], names: list[str]) -> np.ndarray:
    """The pages' concept profiles as `overlap_table` builds them (1 + ln count, rows of norm 1), float32."""
    col = {n: i for i, n in enumerate(names)}
    w = np.zeros((len(hits), len(names)), dtype=np.float32)
    for r, page in enumerate(hits.values()):
        for name, (count, *_rest) in page.items():
            w[r, col[name]] = 1 + math.log(count)
    return w / np.where((norms := np.linalg.norm(w, axis=1, keepdims=True)) == 0, 1, norms)


@pytest.mark.parametrize("n_pages,widen", [(2601, 1), (1500, 3), (700, 5)])
def test_similarities_are_the_sums_in_concept_order(names, n_pages, widen):
    """(stop 38) Every score is one float32 sum over the row's concepts in column order, a product then an addition
    each — the same bits whatever the block of rows (256, the last ones short, 255, a single row) and on every machine
    (a dense sgemm's kernel, chosen by the CPU, ordered and fused them its own way: this test's per-row reference
    differed from the tiled product in 6 tests on an AVX2 machine). The shipped glossary's 66 concepts, and 198 and
    330 (profiles of pages that mention copies of the concepts)."""
    from scipy import sparse

    wide = [f"{n} {c}" for c in range(widen) for n in names]
    hits = {p: {f"{name} {c}": v for c in range(widen) for i, (name, v) in enumerate(h.items())
                if (i + r) % (c + 1) == 0} for r, (p, h) in enumerate(_synthetic_hits(n_pages, n_pages, names).items())}
    w = _profiles(hits, wide)
    rows, wt = sparse.csr_matrix(w), np.ascontiguousarray(w.T)
    for lo, size in [(0, 256), (256, 256), (7, 255), (n_pages - 1, 256), (n_pages - 100, 256)]:
        got = term_overlap._similarities(rows[lo:lo + size], wt)
        assert got.dtype == np.float32 and got.shape == (min(size, n_pages - lo), n_pages)
        for r in (0, got.shape[0] // 2, got.shape[0] - 1):
            want = np.zeros(n_pages, dtype=np.float32)
            for c in np.flatnonzero(w[lo + r]):  # (the row's concepts in column order)
                want += w[lo + r, c] * wt[c]  # (float32: a product, then an addition)
            assert np.array_equal(got[r].view(np.int32), want.view(np.int32)), (n_pages, widen, lo, r)
        assert np.array_equal(got, term_overlap._similarities(rows[lo:lo + size], wt))  # (and again)
    assert np.abs(rows[:256] @ wt - w[:256] @ w.T).max() < 1e-5  # (the cosines a dense product gives, to rounding)
    assert (w @ w.T).max() > 0.99  # (pages with similar profiles: scores near 1, as in a real site)


def test_nonzero_equals_numpy():
    rng = np.random.default_rng(1)
    for shape in ((3, 5), (17, 1001), (64, 64), (1, 7)):
        mask = rng.random(shape) > 0.97
        got, want = term_overlap._nonzero(mask), np.nonzero(mask)
        assert all(np.array_equal(g, w_) for g, w_ in zip(got, want))


# ------------------------------------------------------------------ page tables, in memory and streamed

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return generated_site(tmp_path_factory.mktemp("terms-site") / "site", pages=120, seed=5)


@pytest.fixture(scope="module")
def seed_runs():
    return audit.run(CORPUS, Settings().replace(run=MEMORY)), audit.run(CORPUS, Settings().replace(run=STREAM))


def test_seed_terms_and_jargon_rows_equal_in_memory_and_streamed(seed_runs, tmp_path):
    memory, streamed = seed_runs
    # the streaming run's corpus step neither built nor read back the two tables (the workers wrote them)
    assert streamed.streamed("terms") and streamed.streamed("jargon")
    assert streamed.summary["terms"] == memory.summary["terms"]
    assert streamed.summary["terms"]["jargon_first_uses"] == len(memory.tables["jargon"]) > 0
    assert streamed.summary["terms"]["jargon_unexplained"] == int((~memory.tables["jargon"]["explained"]).sum())
    pd.testing.assert_frame_equal(streamed.pages, memory.pages)
    for name in ("terms", "jargon", "term_candidates", "term_overlap", "term_gaps"):
        pd.testing.assert_frame_equal(streamed.tables[name].reset_index(drop=True),
                                      memory.tables[name].reset_index(drop=True), check_dtype=name != "jargon")
    memory.write(tmp_path / "m")
    streamed.write(tmp_path / "s")
    for name in ("terms.csv", "jargon.csv", "term_candidates.csv", "term_overlap.csv", "pages.csv"):
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "m" / name).read_bytes(), name
    t = memory.tables["terms"]
    assert (t["first_text"] != "").all() and (memory.tables["jargon"]["text"] != "").all()
    assert (memory.tables["term_candidates"]["example_text"] != "").all()


def test_generated_site_streamed_by_two_workers_same_term_files(site, tmp_path):
    """Many chunks (8 pages each): per-chunk sorting of terms and jargon gives the rows of one global sort."""
    par = {"workers": 2, "parallel_min_pages": 1}
    memory = audit.run(site, Settings().replace(run={**par, **MEMORY}))
    streamed = audit.run(site, Settings().replace(run={**par, **STREAM}))
    assert len(streamed.spill.parts) >= 8 and streamed.streamed("terms")
    memory.write(tmp_path / "m")
    streamed.write(tmp_path / "s")
    for name in ("terms.csv", "jargon.csv", "term_candidates.csv", "term_overlap.csv", "term_gaps.csv", "pages.csv"):
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "m" / name).read_bytes(), name
    assert memory.summary["terms"] == streamed.summary["terms"]
    assert len(memory.tables["terms"]) > 500 and len(memory.tables["term_overlap"]) > 10


def test_the_corpus_step_reads_no_unit_texts(site, monkeypatch):
    """terms.per_corpus gets the pages' results without their units: the same tables (sentence texts come with the
    extras, or from `Audit.sentence_texts` for the discovered terms' examples)."""
    settings = Settings().replace(run=MEMORY)
    want = audit.run(site, settings)
    original = terms.per_corpus

    def without_units(a, results, s, job=None):
        for r in results:
            assert not getattr(r, "units", None)  # (the main process keeps no page's units: `HeldPage`)
        return original(a, results, s, job)

    monkeypatch.setattr(terms, "per_corpus", without_units)
    got = audit.run(site, settings)
    for name in ("terms", "jargon", "term_candidates", "term_overlap"):
        pd.testing.assert_frame_equal(got.tables[name], want.tables[name])
    assert (got.tables["term_candidates"]["example_text"] != "").all()


def test_page_entry_gives_the_rows_and_is_never_tracked(seed_runs):
    """A page's terms data (`chunk_data.page_entry`) holds its rows of terms.csv and jargon.csv with the sentences they
    cite, and is plain values only: the garbage collector untracks it at its first collection (it is kept to the
    chunk's end; a dict, list or object in it would reach the collector's oldest generation for every page)."""
    import gc

    from audit.nlp import load_nlp
    from audit.engine.pipeline import analyse_body, load_and_segment
    from audit.ingest.load import discover
    from audit.terms import chunk_data

    settings = Settings()
    sources, _ = discover([CORPUS], settings.load)
    r = load_and_segment(sources[0], settings)
    for b in r.blocks:
        b.label = "body"
    load_nlp("")
    r = analyse_body(r, settings)
    ex = r.extras["terms"]
    texts = [u["text"] for u in r.units]
    rows = terms.page_table_rows(r.page.page_id, ex, settings)
    assert set(rows) == set(terms.PAGE_TABLES) and rows["terms"] and rows["jargon"]
    hits = chunk_data.page_hits(ex)
    assert [row[0] for row in rows["terms"]] == list(hits) and len(hits) > 5
    for row in rows["terms"]:
        row = dict(zip(terms.TERMS_COLUMNS, row))
        count, block, sentence = hits[row["concept"]]
        assert row["page_id"] == r.page.page_id and (row["count"], row["first_block"]) == (count, block)
        assert row["first_text"] == (texts[sentence] if sentence >= 0 else "")
    for row in rows["jargon"]:
        row = dict(zip(terms.JARGON_COLUMNS, row))
        assert row["text"] == texts[row["sentence"]]
    assert chunk_data.page_jargon(ex) == (len(rows["jargon"]), sum(not row[6] for row in rows["jargon"]))
    assert len(chunk_data.page_candidates(ex)) > 10
    del r
    gc.collect()
    assert not gc.is_tracked(ex)


def test_page_hits_read_like_the_dict():
    hits = {"synkinesis": (3, 0, -1), "Bell's palsy": (300, 2, 7), "botox": (1, 70000, 2)}
    ph = term_overlap.PageHits.from_dict(hits)
    assert len(ph) == 3 and list(ph) == list(hits) and ph.items() == list(hits.items())
    assert ph["Bell's palsy"] == (300, 2, 7) and "botox" in ph and "x" not in ph
    col = {name: i for i, name in enumerate(hits)}
    for page in (ph, hits):  # (the corpus step's columns read the same from a PageHits as from the dict)
        rows, cols, *stats = term_overlap._hit_arrays([page], col)
        assert rows.tolist() == [0, 0, 0] and cols.tolist() == [0, 1, 2]
        assert [c.tolist() for c in stats] == [list(c) for c in zip(*hits.values())]
    assert pickle.loads(pickle.dumps(ph)).as_dict() == hits
    assert _deep_size(ph) < _deep_size(hits) / 2


def _deep_size(obj) -> int:
    """Bytes of an object and what it holds, strings excepted (concept names are shared across pages)."""
    import sys

    if isinstance(obj, str):
        return 0
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        return size + sum(_deep_size(k) + _deep_size(v) for k, v in obj.items())
    if isinstance(obj, (tuple, list)):
        return size + sum(_deep_size(x) for x in obj)
    if isinstance(obj, term_overlap.PageHits):
        return size + _deep_size(obj.names) + sys.getsizeof(obj.stats)
    return size


def test_rank_gives_example_sentences_not_texts():
    cands = {"facial nerve": [3, 4, {"facial nerve": 3}, 0, 3], "nerve damage": [2, 1, {"nerve damage": 2}, 0, 2]}
    rows = candidates.rank([("a", cands), ("b", {"facial nerve": [1, 0, {"Facial Nerve": 1}, 0, 0]})], set(), 2, 0)
    by_term = {r["key"]: r for r in rows}
    assert by_term["facial nerve"]["example_sentence"] == ("a", 4) and by_term["facial nerve"]["example_page"] == "a"
    assert by_term["nerve damage"]["example_sentence"] == ("a", 1)
    assert all(r["example_text"] == "" for r in rows)
