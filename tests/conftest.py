"""Shared fixtures: the project root, the seed corpus and one audit of it (computed once per test session)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = Path(__file__).resolve().parent / "fixtures" / "seeds-gold.json"
SEED_IDS = ("000_d90088967b95a8cd", "001_6eaccdd1c394f88b", "002_e5de504b53d9a51c")


def generated_site(out: Path, pages: int, seed: int) -> Path:
    """A seeded site corpus from the benchmarks' generator (`benchmarks/generate.py`), 150-400 words a page."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate.generate(out, pages=pages, seed=seed, words_min=150, words_max=400)
    return out


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_audit():
    import audit

    return audit.run(CORPUS)


# ------------------------------------------------------------------ no test leaves a process behind (issue #18)

def _proc_table() -> dict[int, dict]:
    """Live processes from /proc: pid -> ppid, session id, start time (clock ticks after boot), argv[0]."""
    import os

    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                argv0 = fh.read().split(b"\0")[0].decode("utf-8", "replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        if fields[0] in ("Z", "X"):  # zombies are dead (not yet reaped), not orphans
            continue
        table[int(name)] = {"ppid": int(fields[1]), "sid": int(fields[3]), "start": int(fields[19]), "argv0": argv0}
    return table


def leftover_processes(since: int) -> list[str]:
    """Processes this test session left: descendants of this process, and processes of this interpreter's
    executable in this session started after `since` that lost their parent (re-parented orphans). An orphan is
    re-parented to init or to a subreaper among its former ancestors — ours too — so a process whose parent is
    anything else (another command run beside the tests from the same shell session) is not one of ours."""
    import os
    import sys

    table = _proc_table()
    me, sid = os.getpid(), os.getsid(0)
    mine = {me}
    grew = True
    while grew:  # the descendants of this process
        grew = False
        for pid, p in table.items():
            if pid not in mine and p["ppid"] in mine:
                mine.add(pid)
                grew = True
    ancestors, pid = set(), me
    while pid in table and pid not in ancestors:
        ancestors.add(pid)
        pid = table[pid]["ppid"]
    out = []
    for pid, p in table.items():
        if pid == me or pid in ancestors:
            continue
        orphan = (p["sid"] == sid and p["start"] >= since and p["argv0"] == sys.executable
                  and p["ppid"] not in mine and (p["ppid"] in ancestors or p["ppid"] <= 1))
        if pid in mine or orphan:
            out.append(f"pid {pid} (parent {p['ppid']}): {p['argv0']}")
    return out


@pytest.fixture(scope="session", autouse=True)
def no_orphan_processes():
    """Fails the session when a test left a process alive (a worker of a killed run, a server, a kernel): checked
    once at the end, after a grace period for processes that are exiting."""
    import os
    import sys
    import time

    if not os.path.isdir("/proc/self"):
        yield
        return
    with open("/proc/self/stat", "rb") as fh:
        stat = fh.read().decode()
    since = int(stat[stat.rindex(")") + 2:].split()[19])
    yield
    deadline = time.monotonic() + 15
    left = leftover_processes(since)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = leftover_processes(since)
    if left:
        print("processes left behind by the test session:\n  " + "\n  ".join(left), file=sys.stderr)
    assert not left, f"{len(left)} process(es) left behind by the tests: {left}"
