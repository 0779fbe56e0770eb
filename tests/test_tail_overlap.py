"""#14 wall time, the run's tail: duplication's two corpus jobs run side by side in the engine's job processes, and
the main process joins the sentences' Parquet parts with their corpus columns ahead of the export while it waits
for them (`parquet.prepare_sentences`). The files stay the same bytes whichever parts were joined ahead."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import audit
from audit.config import Settings
from audit.duplication import measure as D
from audit.terms import measure as T
from audit.engine import measures
from audit.engine.executors import Engine
from audit.engine.parquet import PREPARED, prepare_sentences

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)
ONE = {"workers": 1}
LOCAL = {"workers": 2, "parallel_min_pages": 1}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("plain") / "out"
    with audit.run(REAL, Settings().replace(run=ONE), progress=False) as a:
        assert len([p for p in a.spill.parts if p.rows("sentences")]) == 3  # three chunks of sentences
        assert a.prepared is None  # (jobs inline: nothing to wait for, nothing joined ahead)
        a.write(out)
    return _files(out)


@pytest.mark.parametrize("ahead", ["all", "first", "stale"])
def test_sentences_joined_ahead_are_written_as_the_same_bytes(ahead, reference, tmp_path):
    with audit.run(REAL, Settings().replace(run=ONE), progress=False) as a:
        calls = []

        def stop() -> bool:
            calls.append(1)
            return ahead == "first" and len(calls) > 2  # (one check before the parts, one per part)

        prepare_sentences(a, stop)
        assert sorted(a.prepared.files) == ([0, 1, 2] if ahead != "first" else [0])
        files = [f for _, f in a.prepared.files.values()]
        assert all(f.parent == a.spill.dir / PREPARED and f.exists() for f in files)
        if ahead == "stale":  # corpus columns set again after the join: the export joins them itself
            a.spill.sentence_extra["rewrite_rank"] = a.spill.sentence_extra["rewrite_rank"].copy()
        a.write(tmp_path / "out")
        assert a.prepared is None and not (a.spill.dir / PREPARED).exists()
        assert _files(tmp_path / "out") == reference
        assert a.sentences["rewrite_rank"].notna().any()  # (the store still reads back with its corpus columns)


def test_worker_processes_write_the_same_files(reference, tmp_path):
    """Jobs in their processes, the main process joining sentences while it waits: the same bytes."""
    with audit.run(REAL, Settings().replace(run=LOCAL), progress=False) as a:
        stats = a.api["duplication_stats"]
        assert set(stats["seconds"]) == {"pairs", "passages"} and stats["job_peak_rss_mb"] > 0
        a.write(tmp_path / "out")
    got = _files(tmp_path / "out")
    for files in (got, reference := dict(reference)):  # summary.json echoes the [run] settings: the rest is equal
        summary = json.loads(files.pop("summary.json"))
        files["summary.json"] = {k: v for k, v in summary.items() if k != "settings"}
    assert got == reference


def _meet(folder: str, me: str, other: str) -> bool:
    """Leave a mark, then wait (≤ 60 s) for the other job's: True only if both ran at the same time."""
    Path(folder, me).touch()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Path(folder, other).exists():
            return True
        time.sleep(0.02)
    return False


def test_corpus_jobs_run_side_by_side(tmp_path):
    n_jobs = sum(len(m.corpus_jobs) for m in measures.registered())
    by_name = {m.name: m for m in measures.registered()}
    assert n_jobs == 3 and by_name["duplication"].corpus_jobs == (D.passages_job, D.pairs_job)
    assert by_name["terms"].corpus_jobs == (T.corpus_job,)
    with Engine(Settings().replace(run=LOCAL), 100, jobs=n_jobs) as engine:
        first, second = engine.submit(_meet, str(tmp_path), "a", "b"), engine.submit(_meet, str(tmp_path), "b", "a")
        assert first.result() and second.result()


def test_the_two_jobs_are_the_whole_job(tmp_path, monkeypatch):
    """`corpus_job_streamed` (both jobs in this process) equals the two jobs' results joined."""
    settings = Settings().replace(run=ONE)
    kept = {}
    found = D._chunk_files

    def keep(spill_dir, chunks):  # the chunk files the run's jobs read, copied for the test
        out = found(spill_dir, chunks)
        for path in out:
            (tmp_path / Path(path).name).write_bytes(Path(path).read_bytes())
        kept["chunks"] = list(chunks)
        return out

    monkeypatch.setattr(D, "_chunk_files", keep)
    audit.run(REAL, settings, progress=False).close()
    monkeypatch.setattr(D, "_chunk_files", found)
    whole = D.corpus_job_streamed(str(tmp_path), kept["chunks"], settings)
    parts = D.joined([D.passages_job(str(tmp_path), kept["chunks"], settings),
                      D.pairs_job(str(tmp_path), kept["chunks"], settings)])
    assert set(whole) == set(parts) == {"pairs", "method", "passage_parts", "duplicate_share", "stats", "seconds",
                                        "peak_rss_mb"}
    assert set(whole["seconds"]) == {"pairs", "passages"}
    assert whole["pairs"].equals(parts["pairs"]) and whole["duplicate_share"] == parts["duplicate_share"]
    assert whole["stats"] == parts["stats"] and whole["method"] == parts["method"]
    assert len(whole["duplicate_share"]) >= 15
