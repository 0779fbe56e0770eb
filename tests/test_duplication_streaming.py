"""Duplication in a streamed run: the workers spill each chunk's duplication data as arrays (`spill_chunk`), the
corpus job reads them back (`corpus_job_streamed`, in a process of its own) and writes the passage table in slices;
pairs, passages, page columns and the summary are those of the in-memory run."""
from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import audit
from audit.duplication import measure as D
from audit.duplication import passages as P
from audit.duplication import shingles as S
from audit.config import Settings
from audit.duplication.passage_texts import Texts
from audit.duplication.passage_units import T_LEMMA_END
from audit.engine.chunk_arrays import ChunkArrays
from audit.engine.store import read_parquet, table_part

from .conftest import CORPUS, generated_site

STREAM = {"workers": 2, "parallel_min_pages": 1}  # worker processes, the corpus job in its own process (#15)
MEMORY = {"workers": 1}  # this process alone
TWO = {"workers": 2, "parallel_min_pages": 1}


def _same_duplication(memory, streamed) -> None:
    assert streamed.streamed("passages")  # the job's slices, not read back for the summary or the page columns
    assert streamed.summary["duplication"] == memory.summary["duplication"]
    pd.testing.assert_frame_equal(streamed.tables["pairs"].reset_index(drop=True),
                                  memory.tables["pairs"].reset_index(drop=True))
    pd.testing.assert_frame_equal(streamed.pages[D.PAGE_COLUMNS], memory.pages[D.PAGE_COLUMNS])
    pd.testing.assert_frame_equal(streamed.tables["passages"].reset_index(drop=True),
                                  memory.tables["passages"].reset_index(drop=True))


def _written(a, folder: Path, name: str) -> bytes:
    a.write(folder)
    return (folder / name).read_bytes()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return generated_site(tmp_path_factory.mktemp("dup-site") / "site", pages=150, seed=7)


def test_seeds_streamed_same_passages_pairs_and_page_columns(tmp_path):
    memory = audit.run(CORPUS, Settings().replace(run=MEMORY))
    streamed = audit.run(CORPUS, Settings().replace(run=STREAM))
    assert len(memory.tables["passages"]) > 0
    assert _written(streamed, tmp_path / "s", "passages.csv") == _written(memory, tmp_path / "m", "passages.csv")
    _same_duplication(memory, streamed)


@pytest.mark.parametrize("workers", [1, 2])
def test_generated_site_streamed_same_files(site, tmp_path, workers):
    """Two workers: the job runs in a spawned process; one worker: `per_corpus` runs it in-process. Exact pairs."""
    run = {"workers": workers, "parallel_min_pages": 1}
    memory = audit.run(site, Settings().replace(run={**run, **MEMORY}))
    streamed = audit.run(site, Settings().replace(run={**run, **STREAM}))
    assert streamed.api["duplication_stats"]["passages"] == len(memory.tables["passages"]) > 100
    for name in ("passages.csv", "pairs.csv", "pages.csv"):
        assert _written(streamed, tmp_path / "s", name) == _written(memory, tmp_path / "m", name), name
    _same_duplication(memory, streamed)


def test_generated_site_streamed_lsh_pairs_and_many_slices(site, tmp_path, monkeypatch):
    """LSH pairs (MinHash values chunk by chunk, exact re-checks of the candidate pages only) and a passage table
    written in many slices that join into the in-memory file."""
    monkeypatch.setattr(D, "PASSAGE_SLICE_ROWS", 37)
    settings = {"duplication": {"exact_pairs_max_pages": 10}}
    memory = audit.run(site, Settings().replace(run={**TWO, **MEMORY}, **settings))
    streamed = audit.run(site, Settings().replace(run={"workers": 1, **STREAM}, **settings))
    assert memory.summary["duplication"]["pair_method"] == streamed.summary["duplication"]["pair_method"] == "lsh"
    parts = [p for p in streamed.spill.parts if p.rows("passages")]
    assert len(parts) > 5
    assert _written(streamed, tmp_path / "s", "passages.csv") == _written(memory, tmp_path / "m", "passages.csv")
    _same_duplication(memory, streamed)


def test_near_duplicate_pages_streamed(tmp_path):
    """A copied page and a lightly edited copy: pair rows, exact-copy duplicate_share 1.0 and most_similar_page."""
    site = tmp_path / "site"
    generated_site(site, pages=40, seed=3)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    text = files[0].read_text(encoding="utf-8")
    suffix = files[0].suffix
    (site / f"zz-copy{suffix}").write_text(text, encoding="utf-8")
    words = text.split(" ")
    words[len(words) // 2] = "changed"
    (site / f"zz-edit{suffix}").write_text(" ".join(words), encoding="utf-8")
    memory = audit.run(site, Settings().replace(run=MEMORY))
    streamed = audit.run(site, Settings().replace(run=STREAM))
    assert memory.summary["duplication"]["exact_duplicate_pairs"] >= 1
    assert (memory.pages["duplicate_share"] == 1.0).sum() >= 2
    assert _written(streamed, tmp_path / "s", "pairs.csv") == _written(memory, tmp_path / "m", "pairs.csv")
    _same_duplication(memory, streamed)


def _recorded_page_data(monkeypatch) -> dict:
    """Each page's duplication data as its per-page step made it (before the chunk step writes it into the store
    and empties it), recorded by a wrapper registered in the measure's place (one worker: this process)."""
    import dataclasses
    from types import SimpleNamespace

    from audit.engine import measures

    made: dict = {}
    registered = measures._REGISTRY[D.KEY]

    def recording(result, body, docs, units, settings):
        registered.per_page(result, body, docs, units, settings)
        made[result.page.page_id] = SimpleNamespace(page=result.page, extras={D.KEY: dict(result.extras[D.KEY])})

    monkeypatch.setitem(measures._REGISTRY, D.KEY, dataclasses.replace(registered, per_page=recording))
    return made


def test_spilled_chunk_holds_arrays_only_and_extras_are_reduced(site, tmp_path, monkeypatch):
    made = _recorded_page_data(monkeypatch)
    settings = Settings().replace(run={"workers": 1, **MEMORY})
    memory = audit.run(site, settings)
    results = [made[pid] for pid in sorted(made)]
    ok = [r for r in results if r.page.status == "ok" and D.KEY in r.extras]
    chunks = []
    for c, start in enumerate(range(0, len(ok), 64)):
        pages = [(r.page.page_id, copy.deepcopy(r.extras)) for r in ok[start:start + 64]]
        D.spill_chunk(tmp_path / f"{c:06d}.{D.KEY}", pages, settings)
        assert all(ex[D.KEY] == {} for _, ex in pages)  # emptied in place
        chunks.append(c)
        with ChunkArrays(tmp_path / f"{c:06d}.{D.KEY}{D.SPILL_SUFFIX}") as z, \
                np.load(tmp_path / f"{c:06d}.{D.KEY}{D.SPILL_SUFFIX}", allow_pickle=False) as raw:  # no object arrays
            kinds = {k: raw[k].dtype.kind for k in raw.files}
            n_units = len(z["table"])
            assert z["table"].dtype == np.int32 and z["unit_hash"].dtype == np.uint64 and len(z["unit_hash"]) == n_units
            assert kinds["text"] == kinds["ids"] == "u" and "text" in z.string_names  # (strings: `chunk_arrays`)
    assert set(kinds.values()) <= {"i", "u"}
    out = D.corpus_job_streamed(str(tmp_path), chunks, settings)
    # the reference: the in-memory pair and passage finders on the pages' data as the per-page step made it
    ds = settings.duplication
    ref_pairs, method = S.page_pairs([S.PageSignature(r.page.page_id, r.extras[D.KEY]["shingles"],
                                                      r.extras[D.KEY]["body_hash"]) for r in ok],
                                     ds.near_duplicate_threshold, ds.exact_pairs_max_pages, ds.minhash_permutations,
                                     ds.minhash_seed, ds.lsh_threshold, "auto", ds.all_pairs_max_pages)
    ref_passages, _, _ = P.find_passages([(r.page.page_id, D.page_units(r.extras[D.KEY])) for r in ok], ds)
    assert out["method"] == method == "exact" and len(ref_passages) > 100
    frames = [read_parquet(table_part(tmp_path, p.chunk, "passages")) for p in out["passage_parts"]]
    pd.testing.assert_frame_equal(pd.concat(frames, ignore_index=True), ref_passages.reset_index(drop=True))
    pd.testing.assert_frame_equal(out["pairs"], ref_pairs)
    assert out["stats"]["passages"] == len(ref_passages)
    # the same tables as the audit's own run (other chunks: 18 pages each)
    pd.testing.assert_frame_equal(out["pairs"].reset_index(drop=True), memory.tables["pairs"].reset_index(drop=True))
    pd.testing.assert_frame_equal(ref_passages.reset_index(drop=True), memory.tables["passages"].reset_index(drop=True))
    assert out["duplicate_share"] == memory.pages.set_index("page_id")["duplicate_share"].dropna().to_dict()
    for p in out["passage_parts"]:  # each slice: the table's dtypes
        frame = read_parquet(table_part(tmp_path, p.chunk, "passages"))
        assert str(frame["score"].dtype) == "float64" and str(frame["block_a"].dtype) == "int64"


def test_chunks_out_of_page_order_are_an_error(site, tmp_path, monkeypatch):
    """The engine's chunks hold their pages in page-id order; chunk files that do not are refused, not mis-read."""
    made = _recorded_page_data(monkeypatch)
    settings = Settings().replace(run=MEMORY)
    audit.run(site, settings)
    ok = [(pid, {D.KEY: dict(made[pid].extras[D.KEY])}) for pid in sorted(made)]
    D.spill_chunk(tmp_path / f"{0:06d}.{D.KEY}", ok[20:40], settings)
    D.spill_chunk(tmp_path / f"{1:06d}.{D.KEY}", ok[:20], settings)
    with pytest.raises(ValueError, match="page-id order"):
        D.corpus_job_streamed(str(tmp_path), [0, 1], settings)


def test_hash_grouping_equals_text_grouping(monkeypatch):
    """`_Texts` grouping units by their normalised-text hashes numbers texts and members as grouping by text."""
    made = _recorded_page_data(monkeypatch)
    settings = Settings().replace(run=MEMORY)
    a = audit.run(CORPUS, settings)
    assert a.summary["duplication"]["passages"] > 0
    results = list(made.values())
    pages = sorted(((r.page.page_id, D.page_units(r.extras[D.KEY])) for r in results if D.KEY in r.extras),
                   key=lambda x: x[0])
    min_lemmas = settings.duplication.passage_min_shared_lemmas
    by_text = Texts(pages, min_lemmas)
    hashes = []
    for _, pu in pages:
        n_lem = np.diff(np.r_[0, pu.table[:, T_LEMMA_END].astype(np.int64)])
        ok = np.flatnonzero(n_lem >= min_lemmas).tolist()
        h = np.zeros(len(pu), dtype=np.uint64)
        h[ok] = [int.from_bytes(hashlib.blake2b(x.encode("utf-8"), digest_size=8).digest(), "little")
                 for x in pu.norms(ok)]  # (what `spill_chunk` stores, compiled: `_hashing.blake2b_64s`)
        hashes.append(h)
    by_hash = Texts(pages, min_lemmas, np.concatenate(hashes))
    for name in ("mem_flat", "mem_start", "first_unit", "is_list", "n_pages", "cols", "vocab"):
        np.testing.assert_array_equal(getattr(by_hash, name), getattr(by_text, name), err_msg=name)
    assert by_hash.norm is None and by_hash.norms(np.arange(by_hash.n)) == by_text.norm


@pytest.mark.parametrize("folder", [CORPUS, Path(__file__).parent / "fixtures" / "real_sites" / "clough"],
                         ids=["seeds", "clough"])
def test_unit_hashes_of_a_chunk_are_the_hashes_of_each_units_normalised_text(folder, monkeypatch):
    """`passage_units.unit_hashes` (a chunk's ASCII pages' sentences hashed at once, compiled; the others page by
    page) equals hashlib's blake2b of each unit's normalised text (`PageUnits.norms`), 0 below the lemma floor, on
    real pages: ASCII and non-ASCII pages in one chunk, list passages included."""
    from audit.duplication.passage_units import unit_hashes

    made = _recorded_page_data(monkeypatch)
    settings = Settings().replace(run=MEMORY)
    audit.run(folder, settings)
    pages = [D.page_units(made[pid].extras[D.KEY]) for pid in sorted(made) if D.KEY in made[pid].extras]
    min_lemmas = settings.duplication.passage_min_shared_lemmas
    want = []
    for pu in pages:
        n_lem = np.diff(np.r_[0, pu.table[:, T_LEMMA_END].astype(np.int64)])
        ok = np.flatnonzero(n_lem >= min_lemmas).tolist()
        h = np.zeros(len(pu), dtype=np.uint64)
        h[ok] = [int.from_bytes(hashlib.blake2b(x.encode("utf-8"), digest_size=8).digest(), "little")
                 for x in pu.norms(ok)]
        want.append(h)
    got = unit_hashes(pages, min_lemmas)
    np.testing.assert_array_equal(got, np.concatenate(want))
    ascii_pages = sum(pu.text.isascii() for pu in pages)
    assert 0 < ascii_pages < len(pages) or folder == CORPUS
    assert (got != 0).sum() > 20
    if folder == CORPUS:
        assert any(len(pu) > pu.n_sentences for pu in pages)  # list passages
    assert unit_hashes([], min_lemmas).size == 0
