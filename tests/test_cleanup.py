"""What the tool creates, it removes, also when it is killed: `benchmarks/bench.py`'s child (its own session, with
the audit's workers) dies with bench.py; the staging folder of a killed `audit run --out` is removed by the next run
of any output; an `Audit` closed removes its private store (the notebooks close theirs, so nbval, which kills the
kernel, leaves nothing)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from .conftest import ROOT


def _children(pid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    stat = fh.read().decode("utf-8", "replace")
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                out.append(int(name))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("utf-8", "replace")
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] not in ("Z", "X")


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_bench_child_dies_with_bench(tmp_path, signum):
    """bench.py runs each measurement in a child of its own session (`_spawn`): killed (`timeout`'s SIGTERM, or
    SIGKILL), bench.py leaves no child running."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "The facial nerve controls the muscles of the face. Damage to it can cause weakness on one side. " * 30
    for k in range(2000):  # (a textstat loop of minutes)
        (corpus / f"p{k:04d}.txt").write_text(text, encoding="utf-8")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import bench; "
            "bench._spawn(['textstat', sys.argv[2]], 600)")
    parent = subprocess.Popen([sys.executable, "-c", code, str(ROOT / "benchmarks"), str(corpus)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    child = None
    try:
        assert _wait(lambda: bool(_children(parent.pid)), 60), "bench.py started no child"
        (child,) = _children(parent.pid)
        time.sleep(1.0)  # (the child is importing: its watchdog starts first thing)
        parent.send_signal(signum)
        parent.wait(30)
        assert _wait(lambda: not _alive(child), 10), "bench.py's child outlived it"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if child is not None and _alive(child):
            os.killpg(child, signal.SIGKILL)


_KILLED_RUN = """
import os, signal, sys
from audit.engine import publish
stage = publish.Staging(sys.argv[1])
(stage.folder / "store").mkdir()
print(stage.folder, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # (killed mid-run: no handler runs)
"""


def _killed_staging(tmp_path, out, env) -> "Path":
    from pathlib import Path

    proc = subprocess.run([sys.executable, "-c", _KILLED_RUN, str(out)], env=env, capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    folder = Path(proc.stdout.strip())
    assert folder.is_dir() and folder.parent == out.parent and (folder / "store").is_dir()
    return folder


@pytest.mark.parametrize("next_run", ["another output", "a private store"])
def test_a_killed_runs_staging_folder_goes_with_the_next_run_of_any_output(tmp_path, monkeypatch, next_run):
    """`audit run --out A` killed leaves `.A.audit-….tmp` (holding the store) beside A: the next run into another
    output B, or the next in-memory run (its temp-folder cleanup), removes it, and the pointer to it."""
    import tempfile

    import audit
    from audit.engine import publish

    from .conftest import CORPUS

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    folder = _killed_staging(tmp_path, tmp_path / "a" / "out", {**os.environ, "TMPDIR": str(temp)})
    assert [p.name.startswith(publish.STAGING_POINTER) for p in temp.iterdir()] == [True]
    if next_run == "another output":
        with publish.Staging(tmp_path / "b" / "out"):
            assert not folder.exists()
    else:
        audit.run(CORPUS).close()
        assert not folder.exists()
    assert sorted(os.listdir(tmp_path / "a")) == [] and list(temp.iterdir()) == []


def test_a_live_runs_staging_folder_is_kept(tmp_path, monkeypatch):
    import tempfile

    from audit.engine import publish, store

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with publish.Staging(tmp_path / "out") as stage:
        assert store.remove_stale_spills() == [] and stage.folder.is_dir()
        (pointer,) = [p for p in tmp_path.iterdir() if p.name.startswith(publish.STAGING_POINTER)]
    assert not stage.folder.exists() and not pointer.exists()  # (closed: both removed)


def test_a_closed_audit_removes_its_private_store(tmp_path, monkeypatch):
    import tempfile

    import audit

    from .conftest import CORPUS

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with audit.run(CORPUS) as a:
        folder = a.spill.dir
        assert folder.parent == tmp_path and len(a.sentences)
    assert not folder.exists() and list(tmp_path.iterdir()) == []


def test_a_closed_audit_says_so_in_one_line_when_read(tmp_path, monkeypatch):
    """A table still in the store when the Audit was closed: one clear error, not DuckDB's missing-file message."""
    import tempfile

    import pytest

    import audit
    from audit.engine.store import StoreClosed

    from .conftest import CORPUS

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    a = audit.run(CORPUS)
    a.close()
    with pytest.raises(StoreClosed, match=r"this audit was closed \(Audit.close\(\) removed its store\)"):
        a.sentences


def test_a_notebook_under_nbval_leaves_no_store_folder(tmp_path):
    """nbval kills the kernel at the end (no exit handler runs): the notebook closes its Audit in its last cell, so
    its private store folder is gone before that."""
    temp = tmp_path / "temp"
    temp.mkdir()
    notebook = ROOT / "notebooks" / "03-duplication.ipynb"
    proc = subprocess.run([sys.executable, "-m", "pytest", str(notebook), "--nbval", "--nbval-sanitize-with",
                           str(ROOT / "notebooks" / "sanitize.cfg"), "-p", "no:cacheprovider", "-q"],
                          cwd=ROOT, env={**os.environ, "TMPDIR": str(temp)}, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert not [p.name for p in temp.iterdir() if p.name.startswith("audit-")]
