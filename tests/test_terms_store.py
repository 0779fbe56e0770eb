"""The terms measure's per-chunk data goes to the run's store (`audit.terms.chunk_data`): the pages' results keep
none of it, and the corpus step, reading the store chunk by chunk without the pages' results, gives the tables the
per-page data gives (coverage, gaps' input, overlap, candidates, jargon counts)."""
from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.engine import measures
from audit.terms import candidates
from audit.terms import chunk_data
from audit.terms import discovery
from audit.terms import measure as terms
from audit.terms import term_overlap
from audit.terms.candidate_tally import KeyCounts, key_hashes

from .conftest import ROOT, generated_site

ONE = {"workers": 1}  # this process alone: what per_page made can be recorded
TWO = {"workers": 2, "parallel_min_pages": 1}  # worker processes, many chunks


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return generated_site(tmp_path_factory.mktemp("terms-store") / "site", pages=120, seed=11)


def _recorded(monkeypatch, site, corpus_results):
    """A run (one process) recording each page's terms data as `per_page` made it and the results the corpus step
    was given; the corpus step is given `corpus_results(results)` instead of the results."""
    made: dict[str, dict] = {}
    seen: dict[str, list] = {}
    registered = measures._REGISTRY[terms.KEY]

    def recording_per_page(result, body, docs, units, settings):
        registered.per_page(result, body, docs, units, settings)
        made[result.page.page_id] = copy.deepcopy(result.extras[terms.KEY])

    def corpus_step(audit_, results, settings, job=None):
        seen["results"] = list(results)
        return registered.corpus_step(audit_, corpus_results(results), settings, job)

    monkeypatch.setitem(measures._REGISTRY, terms.KEY, dataclasses.replace(
        registered, per_page=recording_per_page, corpus_step=corpus_step))
    return audit.run(site, Settings().replace(run=ONE)), made, seen["results"]


def test_pages_keep_no_terms_data_and_the_corpus_step_needs_no_results(monkeypatch, site):
    """The results reaching the corpus step carry no terms extras, and the step gives the same tables with no
    results at all (it reads the store); the tables equal those computed from the per-page data itself."""
    a, made, results = _recorded(monkeypatch, site, lambda results: [])
    ok = [r for r in results if r.page.status == "ok"]
    assert len(ok) == len(made) >= 100
    assert all(terms.KEY not in r.extras for r in results)
    files = chunk_data.chunk_paths(a.spill)
    assert files and not any(p.exists() for p in files)  # (removed by the corpus step once read)

    # the reference: the per-page data, as per_page made it
    ts = a.settings.terms
    names = list(a.api["coverage"].index)
    page_ids = sorted(made)
    hits = {p: chunk_data.page_hits(made[p]) for p in page_ids}
    want = np.zeros((len(names), len(page_ids)), dtype=np.int64)
    for j, p in enumerate(page_ids):
        for name, (count, _block, _sentence) in hits[p].items():
            want[names.index(name), j] = count
    assert list(a.api["coverage"].columns) == page_ids
    np.testing.assert_array_equal(a.api["coverage"].to_numpy(), want)
    assert want.sum() > 1000
    pd.testing.assert_frame_equal(a.tables["term_overlap"], term_overlap._overlap(page_ids, hits, names, ts))
    assert len(a.tables["term_overlap"]) > 10
    pages = [(p, chunk_data.page_candidates(made[p])) for p in page_ids]
    gkeys = {discovery.phrase_key(f.term) for c in a.api["glossary"].concepts for f in c.forms}
    rows = candidates.rank(pages, gkeys, ts.discovery_min_count, ts.discovery_top)
    got = a.tables["term_candidates"]
    assert len(got) == len(rows) > 20
    for col in ("rank", "term", "count", "pages", "score", "variants", "example_page", "glossary_entry"):
        assert got[col].tolist() == [r[col] for r in rows], col
    assert (got["example_text"] != "").all()
    checks = {p: chunk_data.page_rows(made[p])[1] for p in page_ids}  # (the page's rows of jargon.csv)
    assert sum(map(len, checks.values())) > 10
    assert a.api["jargon_counts"] == {"first_uses": sum(map(len, checks.values())),
                                      "unexplained": sum(not c[5] for p in page_ids for c in checks[p])}
    unexplained = {p: sum(not c[5] for c in checks[p]) for p in page_ids}
    assert {p: chunk_data.page_jargon(made[p]) for p in page_ids} == {p: (len(checks[p]), unexplained[p])
                                                                     for p in page_ids}
    assert a.pages.set_index("page_id")["jargon_unexplained"].to_dict() == unexplained


def test_worker_processes_give_the_same_term_tables(site, tmp_path):
    one = audit.run(site, Settings().replace(run=ONE))
    two = audit.run(site, Settings().replace(run=TWO))
    assert len(two.spill.parts) >= 8
    for name in ("terms", "jargon", "term_gaps", "term_overlap", "term_candidates"):
        pd.testing.assert_frame_equal(two.tables[name], one.tables[name])
    pd.testing.assert_frame_equal(two.api["coverage"], one.api["coverage"])
    pd.testing.assert_frame_equal(two.pages, one.pages)


def _pages():
    hits = {"Bell’s palsy": (3, 0, -1), "synkinesis": (1, 4, 7)}
    cands = {"facial nerve": [3, 4, {"facial nerve": 2, "Facial Nerve": 1}, 1, 3],
             "nerve damage": [2, 1, {"nerve damage": 2}, 0, 2],
             "café au lait": [1, 0, {"Café au lait": 1}, 0, 1]}
    second = {"nerve damage": [1, 9, {"Nerve damage": 1}, 0, 0]}
    return [
        ("a/one", {terms.KEY: chunk_data.page_entry(hits, (2, 1), candidates.PageCandidates.from_dict(cands).parts())}),
        ("a/two", {terms.KEY: chunk_data.page_entry({}, (1, 0), candidates.PageCandidates.from_dict({}).parts())}),
        ("b/ünï", {terms.KEY: chunk_data.page_entry({"synkinesis": (2, 1, 0)}, (0, 0),
                                                    candidates.PageCandidates.from_dict(second).parts())}),
        ("c", {"readability": {}}),  # (a page without terms data: not written)
    ], cands, second


def test_chunk_file_round_trip(tmp_path):
    pages, cands, second = _pages()
    chunk_data.write_chunk(tmp_path / "000000.terms", pages, Settings())
    assert all(terms.KEY not in extras for _p, extras in pages) and pages[3][1] == {"readability": {}}
    path = chunk_data.path_of(tmp_path / "000000.terms")
    with np.load(path, allow_pickle=False) as f:  # (arrays only: no pickle)
        assert all(f[k].dtype != object and f[k].dtype.kind in "iuf" for k in f.files)
    (chunk,) = chunk_data.read_chunks([path])
    assert chunk.page_ids == ["a/one", "a/two", "b/ünï"]
    assert chunk.jargon.tolist() == [[2, 1], [1, 0], [0, 0]]
    assert [chunk.concepts[c] for c in chunk.hit_concept] == ["Bell’s palsy", "synkinesis", "synkinesis"]
    assert chunk.hit_page.tolist() == [0, 0, 2]
    assert chunk.hit_stats.tolist() == [[3, 0, -1], [1, 4, 7], [2, 1, 0]]
    keys = ["facial nerve", "nerve damage", "café au lait", "nerve damage"]
    assert chunk.cand_hash.tolist() == key_hashes(keys).tolist() and chunk.cand_counts.tolist() == [3, 2, 1, 1]

    back = [(p, c.as_dict()) for p, c in chunk_data.ChunkCandidates([path], None)]
    assert back == [("a/one", cands), ("b/ünï", second)]
    wanted = np.sort(key_hashes(["nerve damage"]))
    back = [(p, c.as_dict()) for p, c in chunk_data.ChunkCandidates([path], wanted)]
    assert back == [("a/one", {"nerve damage": cands["nerve damage"]}), ("b/ünï", second)]
    assert list(chunk_data.ChunkCandidates([path], np.zeros(0, np.int64))) == []


def test_ranking_from_chunks_equals_ranking_from_pages(tmp_path):
    """The corpus step's two passes (hashes counted, then the wanted keys' pages ranked) give the rows of
    `candidates.rank` over the pages' candidates, across chunk files."""
    from .test_terms_key_counts import _pages as random_pages

    pages = random_pages(300, seed=9)
    paths = []
    for k in range(0, 300, 64):
        prefix = tmp_path / f"{k:06d}.terms"
        chunk_data.write_chunk(prefix, [(p, {terms.KEY: chunk_data.page_entry({}, (0, 0), c.parts())})
                                        for p, c in pages[k:k + 64]], Settings())
        paths.append(chunk_data.path_of(prefix))
    for min_count, top in ((2, 0), (3, 25), (1, 10)):
        counts = KeyCounts(min_count, batch_entries=100)
        for chunk in chunk_data.read_chunks(paths):
            counts.add_hashes(chunk.cand_hash, chunk.cand_counts)
        got = candidates.rank(chunk_data.ChunkCandidates(paths, counts.wanted()), set(), min_count, top)
        assert got == candidates.rank(pages, set(), min_count, top) and got


def test_key_hashes_are_the_same_in_every_process():
    """The workers hash their keys into the store and the main process compares hashes: never Python's `hash`
    (salted per process)."""
    import subprocess
    import sys

    code = "from audit.terms.candidate_tally import key_hashes; print(key_hashes(['facial nerve', 'café']).tolist())"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}).stdout for seed in ("1", "2")}
    assert len(outs) == 1 and outs.pop().strip() == str(key_hashes(["facial nerve", "café"]).tolist())
