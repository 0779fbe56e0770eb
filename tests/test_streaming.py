"""The one chunked path writes the same files whatever the executor and chunking (this process alone, or worker
processes over many chunks), keeps `Audit.blocks` / `Audit.sentences` usable, and cleans up its store."""
from __future__ import annotations

import gc
import os
import shutil
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.engine.parquet import PREPARED

from .conftest import CORPUS, ROOT, SEED_IDS, generated_site

STREAM = {"workers": 2, "parallel_min_pages": 1}  # worker processes
MEMORY = {"workers": 1}  # this process alone


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _same_store(a: Path, b: Path) -> None:
    """The Parquet store (`store/<table>/part-*.parquet`, a part per chunk: other chunking, other parts) holds the
    same rows."""
    import duckdb

    tables = sorted(p.name for p in (a / "store").iterdir())
    assert tables == sorted(p.name for p in (b / "store").iterdir())
    con = duckdb.connect()
    for name in tables:
        rows = [con.sql(f"SELECT * FROM '{f}/store/{name}/*.parquet'").fetchall() for f in (a, b)]
        assert rows[0] == rows[1], name
    con.close()


def _same_outputs(a: Path, b: Path) -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    _same_store(a, b)
    for name in fa:
        if name == ".audit-output.json":  # what was written: the store's parts are listed by chunk
            ja, jb = (json.loads(f[name]) for f in (fa, fb))
            for j in (ja, jb):
                j["files"] = {k: v for k, v in j["files"].items() if not k.startswith("store/")}
            assert ja == jb
        elif name == "summary.json":  # the settings differ in workers / parallel_min_pages only
            ja, jb = json.loads(fa[name]), json.loads(fb[name])
            for j in (ja, jb):
                j["settings"]["run"].pop("workers")
                j["settings"]["run"].pop("parallel_min_pages")
            assert ja == jb
        else:
            assert fa[name] == fb[name], name


@pytest.fixture(scope="module")
def seed_runs():
    memory = audit.run(CORPUS, Settings().replace(run=MEMORY))
    streamed = audit.run(CORPUS, Settings().replace(run=STREAM))
    return memory, streamed


def test_seeds_streamed_write_the_same_files(seed_runs, tmp_path):
    memory, streamed = seed_runs
    assert streamed.streamed("blocks") and streamed.streamed("sentences")
    memory.write(tmp_path / "memory")
    streamed.write(tmp_path / "stream")
    assert streamed.streamed("sentences")  # writing joined the parts: nothing was read back into memory
    _same_outputs(tmp_path / "memory", tmp_path / "stream")
    blocks = pd.read_csv(tmp_path / "stream" / "blocks.csv", keep_default_na=False)
    assert len(blocks) == 71 and (blocks["label"] == "boilerplate").sum() == 41
    sentences = pd.read_csv(tmp_path / "stream" / "sentences.csv", keep_default_na=False)
    assert list(sentences.columns[:3]) == ["rewrite_rank", "page_id", "line"] and len(sentences) == 68
    first = sentences[sentences["rewrite_rank"] == "1"].iloc[0]
    assert first["page_id"] == SEED_IDS[0] and first["words"] == 35


def test_streamed_frames_read_back_equal_the_in_memory_ones(seed_runs):
    memory, streamed = seed_runs
    pd.testing.assert_frame_equal(streamed.blocks.reset_index(drop=True), memory.blocks.reset_index(drop=True))
    pd.testing.assert_frame_equal(streamed.sentences.reset_index(drop=True), memory.sentences.reset_index(drop=True))
    pd.testing.assert_frame_equal(streamed.pages, memory.pages)
    assert streamed.summary["blocks"] == memory.summary["blocks"] == {"total": 71, "body": 30, "boilerplate": 41}
    assert streamed.summary["sentences"] == memory.summary["sentences"] == 68


def test_the_spill_folder_is_private_and_removed_with_the_audit():
    a = audit.run(CORPUS, Settings().replace(run=STREAM))
    folder = a.spill.dir
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != ".audit-run")  # (the run marker)
    assert (folder / ".audit-run").is_file()
    assert names and not [n for n in names if "load" in n]  # the load chunks are gone once analysed
    assert {n.split(".", 1)[1] for n in names} == {"blocks.csv", "sentences.csv", "difficult_words.csv",
                                                    "plain_language.csv", "terms.csv", "jargon.csv",
                                                    "passages.csv",  # (the duplication job's part)
                                                    "hashes.npy", "raw.npy", "distinct.npy"}  # (the strip counts)
    tables = {p.name for p in folder.iterdir() if p.is_dir()}  # each table's Parquet parts (audit.engine.store)
    tables.discard(PREPARED)  # (sentences' parts joined for the export while the run waited for its corpus jobs)
    assert tables == {"blocks", "sentences", "difficult_words", "plain_language", "terms", "jargon", "passages"}
    assert all(p.name.startswith("part-") and p.suffix == ".parquet" for t in tables for p in (folder / t).iterdir())
    del a
    gc.collect()
    assert not folder.exists()


def test_sentence_texts_are_read_back_from_the_chunks_as_in_memory(seed_runs):
    memory = seed_runs[0]
    streamed = audit.run(CORPUS, Settings().replace(run=STREAM))  # (the fixture's tables may have been read back)
    keys = [("000_d90088967b95a8cd", 0), ("001_6eaccdd1c394f88b", 3), ("002_e5de504b53d9a51c", 15),
            ("002_e5de504b53d9a51c", 16), ("nope", 0)]
    texts = streamed.sentence_texts(keys)
    assert texts == memory.sentence_texts(keys)
    assert all(texts[:3]) and texts[3:] == ["", ""]
    assert streamed.streamed("sentences")  # looked up without reading the table back


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return generated_site(tmp_path_factory.mktemp("site") / "site", pages=120, seed=5)


def test_a_generated_site_streamed_by_two_workers_writes_the_same_files(site, tmp_path):
    """Two workers, many chunks (8 pages each at 120 pages): chunk order, hashed repetition counts and the
    corpus-wide rewrite_rank must all come out as in memory."""
    memory = audit.run(site, Settings().replace(run=MEMORY))
    streamed = audit.run(site, Settings().replace(run=STREAM))
    assert len(streamed.spill.parts) >= 8
    memory.write(tmp_path / "memory")
    streamed.write(tmp_path / "stream")
    _same_outputs(tmp_path / "memory", tmp_path / "stream")
    assert (memory.blocks["label"] == "boilerplate").sum() > 0
    assert memory.sentences["rewrite_rank"].notna().sum() > 100


def test_bad_input_streamed_every_page_ok_or_skipped_as_in_memory(tmp_path):
    from .test_bad_input import make_bad_corpus

    root = tmp_path / "bad"
    make_bad_corpus(root)
    memory = audit.run(root, Settings().replace(run=MEMORY))
    streamed = audit.run(root, Settings().replace(run=STREAM))
    assert set(streamed.pages["status"]) <= {"ok", "skipped"}
    pd.testing.assert_frame_equal(streamed.pages, memory.pages)
    memory.write(tmp_path / "memory")
    streamed.write(tmp_path / "stream")
    _same_outputs(tmp_path / "memory", tmp_path / "stream")


def test_an_empty_corpus_streams_the_same_empty_tables(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "empty.txt").write_text("")
    memory = audit.run(tmp_path / "corpus", Settings().replace(run=MEMORY))
    streamed = audit.run(tmp_path / "corpus", Settings().replace(run=STREAM))
    memory.write(tmp_path / "memory")
    streamed.write(tmp_path / "stream")
    _same_outputs(tmp_path / "memory", tmp_path / "stream")


def test_the_report_of_a_streamed_run_is_the_same(seed_runs, tmp_path):
    from audit.present.report import write_report

    memory, streamed = seed_runs
    assert write_report(streamed, tmp_path / "s").read_bytes() == write_report(memory, tmp_path / "m").read_bytes()


def test_a_killed_runs_spill_folder_is_removed_by_the_next_run(tmp_path, monkeypatch):
    """Stale = carries the tool's run marker and no live process holds its lock (a killed run); a live run's folder
    and a folder without the marker (even one named like a dead process's) are kept. The temp folder is the test's
    own: in a shared one another process's run may be the one that removes the stale folder (it holds the lock
    while it checks, and this run then leaves the folder to it)."""
    import os
    import subprocess
    import tempfile

    from audit.engine import store as stream
    from audit.engine.publish import RunMark

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    made = subprocess.run([sys.executable, "-c", "import os, tempfile; from audit.engine.publish import RunMark; "
                           f"d = tempfile.mkdtemp(prefix={stream.SPILL_PREFIX!r}); RunMark(__import__('pathlib')"
                           ".Path(d)); print(d); os._exit(0)"], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "TMPDIR": str(root)})
    stale = Path(made.stdout.strip())
    assert stale.parent == root
    (stale / "sub").mkdir(parents=True)
    (stale / "000000.blocks.csv").write_text("x")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    unmarked = root / f"{stream.SPILL_PREFIX}{int(dead.stdout)}-abc123"  # not ours by marker: never removed
    unmarked.mkdir()
    mine = Path(tempfile.mkdtemp(prefix=stream.SPILL_PREFIX))  # a live run's: kept
    mark = RunMark(mine)
    try:
        audit.run(CORPUS, Settings().replace(run=STREAM))
        assert not stale.exists() and mine.is_dir() and unmarked.is_dir()
    finally:
        mark.release()
        for folder in (mine, stale, unmarked):
            shutil.rmtree(folder, ignore_errors=True)
