"""`audit check` is recorded in the history like `audit run` / `audit report` (#15): the gate's verdict, its checks
and the page figures, so `audit compare` shows what changed between two CI runs."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from audit.history import store as history
from audit.cli import main
from audit.history.compare import compare

from .conftest import CORPUS


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(CORPUS, folder)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_is_recorded_with_its_verdict_and_checks(site, tmp_path, capsys):
    db = tmp_path / "h.duckdb"
    before = _files(site)
    # the seeds are above grade 8: the gate fails (exit 1), and the failing run is recorded all the same
    assert main(["check", str(site), "--history", str(db), "--json"]) == 1
    out = capsys.readouterr()
    verdict = json.loads(out.out)  # stdout stays the verdict's JSON; the "recorded" line goes to stderr
    assert "recorded as run r1 in " in out.err
    runs = history.runs(db)
    assert list(runs["run"]) == ["r1"] and list(runs["command"]) == ["check"]
    assert list(runs["gate_passed"]) == [False] and list(runs["pages"]) == [3] and list(runs["audited"]) == [3]
    assert list(runs["mean_grade"]) == [12.4]  # the same page figures as `audit run` records
    con = history.connect(db, read_only=True)
    try:
        checks = con.execute("SELECT name, status, message FROM run_checks WHERE run_id = 'r1' "
                             "ORDER BY name").fetchall()
    finally:
        con.close()
    assert checks == sorted((c["name"], c["status"], c["message"]) for c in verdict["checks"])
    assert ("readability", "fail", "3 of 3 page(s) above grade 8 (allowed: 0)") in checks
    assert _files(site) == before  # the corpus is never written

    # a second check after a copy was added: `audit compare` reports the new page, the new pair and the checks
    shutil.copy(site / "000_d90088967b95a8cd.txt", site / "copy.txt")
    assert main(["check", str(site), "--history", str(db), "-q"]) == 1
    assert capsys.readouterr().err == ""  # -q: nothing but the exit code
    c = compare(db)
    assert (c.a["command"], c.b["command"]) == ("check", "check")
    assert list(c.added["page_id"]) == ["copy"] and len(c.pairs_new) == 1
    assert sorted(c.checks["name"]) == ["duplicate_share", "near_duplicates"]


def test_check_records_in_the_current_folder_by_default(site, tmp_path, monkeypatch, capsys):
    work = tmp_path / "ci"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["check", str(site), "--target-grade", "20"]) == 0
    assert "recorded as run r1 in audit-history.duckdb" in capsys.readouterr().err
    assert list(history.runs(work / "audit-history.duckdb")["gate_passed"]) == [True]
    assert main(["history"]) == 0  # `audit history` reads the same default place
    assert "check" in capsys.readouterr().out
    # --no-history records nothing
    assert main(["check", str(site), "--target-grade", "20", "--no-history"]) == 0
    assert len(history.runs(work / "audit-history.duckdb")) == 1


def test_check_never_writes_the_history_into_the_corpus(site, capsys, monkeypatch):
    # an explicit path inside the corpus: refused before the audit (exit 2)
    assert main(["check", str(site), "--history", str(site / "h.duckdb")]) == 2
    assert "inside the corpus folder" in capsys.readouterr().err and not (site / "h.duckdb").exists()
    # the default place (the current folder) is the corpus: a warning, the verdict as usual, nothing written
    before = _files(site)
    monkeypatch.chdir(site)
    assert main(["check", ".", "--target-grade", "20"]) == 0
    err = capsys.readouterr().err
    assert "this run is not recorded" in err
    assert _files(site) == before
