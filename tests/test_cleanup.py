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
