"""Audit history (issue #15, item 4; `audit.history.store`, `audit.history.compare`): every `audit run` recorded in an embedded DuckDB database; `audit history` lists
the runs, `audit compare` shows what changed between two. The outputs stay byte-identical with history on."""
from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pandas as pd
import pytest

from audit.history import store as history
from audit.history.compare import compare
from audit.cli import main
from audit.config import ConfigError, load_settings
from audit.present.gate import evaluate

from .conftest import CORPUS

PAGE = "000_d90088967b95a8cd"
# The hardest sentence of the first seed page (grade 22.3, 35 words), replaced by a short one naming Botox
SENTENCE = ("At New York Facial Paralysis, our team of experts specializes in diagnosing and treating facial paralysis "
            "and related conditions, using advanced diagnostic techniques and innovative treatments to restore facial "
            "function and improve quality of life.")
EDITED = "Our team can treat it with Botox."


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(CORPUS, folder)
    return folder


def _edit_one_sentence(site: Path) -> None:
    page = site / f"{PAGE}.txt"
    text = page.read_text(encoding="utf-8")
    assert text.count(SENTENCE) == 1
    page.write_text(text.replace(SENTENCE, EDITED), encoding="utf-8")


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in frame.itertuples(index=False)]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_compare_reports_exactly_the_one_edited_sentence(site, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["run", str(site), "--out", str(out), "-q"]) == 0
    _edit_one_sentence(site)
    assert main(["run", str(site), "--out", str(out), "-q"]) == 0
    db = tmp_path / "audit-history.duckdb"  # the default place: beside the output folder
    assert db.is_file() and not (out / "audit-history.duckdb").exists()

    c = compare(db)  # default: the last two runs
    assert (c.a["run_id"], c.b["run_id"]) == ("r1", "r2")
    assert c.a["settings_hash"] == c.b["settings_hash"] and c.a["tool_version"] == c.b["tool_version"]
    assert c.a["corpus_fingerprint"] != c.b["corpus_fingerprint"]
    assert _rows(c.easier) == [(PAGE, 15.5, 14.9, -0.6)]  # the hardest sentence went: the page got easier
    assert _rows(c.changed) == [(PAGE,)]
    assert _rows(c.concepts_gained) == [(PAGE, "treatment", "botulinum toxin", 1)]  # "Botox" is a variant
    assert _rows(c.concepts_lost) == [(PAGE, "diagnostic", "diagnostic testing", 1)]  # "diagnostic techniques"
    for name in ("harder", "added", "removed", "status", "pairs_new", "pairs_resolved", "groups_new",
                 "groups_resolved", "checks"):
        assert getattr(c, name).empty, name  # nothing else changed

    capsys.readouterr()
    assert main(["compare", "r1", "r2", "--history", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["easier"] == [{"page_id": PAGE, "grade_a": 15.5, "grade_b": 14.9, "change": -0.6}]
    assert data["concepts_gained"] == [{"page_id": PAGE, "category": "treatment", "concept": "botulinum toxin",
                                        "mentions": 1}]
    assert [k for k in data if isinstance(data[k], list) and data[k]] == ["changed", "concepts_gained",
                                                                         "concepts_lost", "easier"]
    assert main(["compare", "--history", str(db)]) == 0
    text = capsys.readouterr().out
    assert "differs: corpus; same: settings, tool version" in text
    assert f"pages easier (grade down by more than 0.1): 1\n    {PAGE}  15.50 -> 14.90  (-0.60)" in text
    assert "harder" not in text and "checks" not in text
    # a larger epsilon hides the grade change; the reverse comparison reports the opposite change
    assert compare(db, epsilon=1.0).easier.empty
    back = compare(db, "r2", "r1")
    assert _rows(back.harder) == [(PAGE, 14.9, 15.5, 0.6)] and _rows(back.concepts_lost) == [
        (PAGE, "treatment", "botulinum toxin", 1)]


def test_compare_reports_new_and_resolved_duplicates_and_changed_checks(site, tmp_path):
    out, db = tmp_path / "reports", tmp_path / "h.duckdb"
    assert main(["run", str(site), "--out", str(out), "--history", str(db), "-q"]) == 0
    copy = site / "copy.txt"  # a near-duplicate page: the first seed page again
    shutil.copy(site / f"{PAGE}.txt", copy)
    assert main(["run", str(site), "--out", str(out), "--history", str(db), "-q"]) == 0
    copy.unlink()
    assert main(["run", str(site), "--out", str(out), "--history", str(db), "-q"]) == 0
    c = compare(db, "r1", "r2")
    assert _rows(c.added) == [("copy", "ok")] and c.removed.empty and c.changed.empty
    assert _rows(c.pairs_new) == [(PAGE, "copy", 1.0)] if PAGE < "copy" else [("copy", PAGE, 1.0)]
    assert _rows(c.groups_new) == [(" ".join(sorted([PAGE, "copy"])),)]
    assert _rows(c.checks) == [
        ("duplicate_share", "duplicate share", "pass", "fail",
         "2 page(s) with more than 50% of the body duplicated elsewhere (highest: 100%)"),
        ("near_duplicates", "near-duplicate pairs", "pass", "fail", "1 pair(s) at similarity >= 0.9 (allowed: 0)")]
    assert c.concepts_gained.empty  # the added page's concepts are not "gained" by a page in both runs
    r = compare(db, "r2", "r3")
    assert _rows(r.removed) == [("copy", "ok")]
    assert len(r.pairs_resolved) == 1 and len(r.groups_resolved) == 1 and list(r.checks["status_b"]) == ["pass"] * 2


def test_history_lists_runs_with_stable_ids_and_digests(site, tmp_path, capsys):
    out = tmp_path / "reports"
    for _ in range(2):
        assert main(["run", str(site), "--out", str(out), "-q"]) == 0
    assert main(["report", str(site), "--out", str(out), "-q", "--target-grade", "6"]) == 0
    runs = history.runs(tmp_path / "audit-history.duckdb")
    assert list(runs["run"]) == ["r1", "r2", "r3"]
    assert list(runs["command"]) == ["run", "run", "report"]
    assert list(runs["pages"]) == [3, 3, 3] and list(runs["audited"]) == [3, 3, 3]
    assert list(runs["mean_grade"]) == [12.4, 12.4, 12.4]
    # same corpus + settings + tool: the same digest; another target grade: other settings, another digest
    assert runs.loc[0, "digest"] == runs.loc[1, "digest"] != runs.loc[2, "digest"]
    assert runs.loc[0, "settings"] == runs.loc[1, "settings"] != runs.loc[2, "settings"]
    assert runs["corpus"].nunique() == 1 and runs["digest"].str.len().eq(10).all()
    capsys.readouterr()
    assert main(["history", "--history", str(tmp_path / "audit-history.duckdb"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["run"] for r in listed] == ["r1", "r2", "r3"] and listed[0]["gate_passed"] is False
    c = compare(tmp_path / "audit-history.duckdb", "1", "r2")  # a bare number names a run too
    assert all(getattr(c, n).empty for n in c.frames)


def test_outputs_stay_byte_identical_with_history_on(site, tmp_path):
    outs = [tmp_path / name for name in ("a", "b", "c")]
    assert main(["run", str(site), "--out", str(outs[0]), "-q", "--no-history"]) == 0
    assert not (tmp_path / "audit-history.duckdb").exists()  # --no-history records nothing
    for out in outs[1:]:
        assert main(["run", str(site), "--out", str(out), "-q"]) == 0
    first = _files(outs[0])
    assert "pages.csv" in first and not any(name.endswith(".duckdb") for name in first)
    assert _files(outs[1]) == first and _files(outs[2]) == first
    assert list(history.runs(tmp_path / "audit-history.duckdb")["run"]) == ["r1", "r2"]


def _record_at_once(args) -> str:
    audit, paths, db, barrier = args
    barrier.wait()
    return history.record(audit, paths, db)


def test_concurrent_runs_append_without_losing_one(seed_audit, tmp_path):
    db = tmp_path / "h.duckdb"
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager, ctx.Pool(4) as pool:  # (the manager's process ends with the block)
        barrier = manager.Barrier(4)
        ids = pool.map(_record_at_once, [(seed_audit, [str(CORPUS)], db, barrier)] * 4)
    assert sorted(ids) == ["r1", "r2", "r3", "r4"]
    con = history.connect(db, read_only=True)
    try:
        per_run = con.execute("SELECT run_id, count(*) FROM run_pages GROUP BY run_id ORDER BY run_id").fetchall()
        checks = con.execute("SELECT count(*) FROM run_checks").fetchone()[0]
    finally:
        con.close()
    n_checks = len(evaluate(seed_audit).checks)  # the gate's checks of one run
    assert per_run == [("r1", 3), ("r2", 3), ("r3", 3), ("r4", 3)] and checks == 4 * n_checks == 4 * 5


def test_the_history_never_goes_into_the_corpus(site, tmp_path, capsys):
    inside = site / "h.duckdb"
    assert main(["run", str(site), "--out", str(tmp_path / "o"), "--history", str(inside), "-q"]) == 2
    assert "inside the corpus folder" in capsys.readouterr().err and not inside.exists()
    assert not (tmp_path / "o").exists()  # refused before the run
    # the default place (beside --out) would be the folder of an input file: the run goes on, unrecorded
    page = site / f"{PAGE}.txt"
    assert main(["run", str(page), "--out", str(site / "reports"), "-q"]) == 0
    assert "not recorded" in capsys.readouterr().err
    assert not (site / "audit-history.duckdb").exists() and (site / "reports" / "pages.csv").is_file()


def test_history_settings_and_errors(site, tmp_path, capsys):
    config = tmp_path / "conf" / "audit.toml"
    config.parent.mkdir()
    config.write_text('[history]\npath = "runs/h.duckdb"\ngrade_epsilon = 0.5\n', encoding="utf-8")
    settings = load_settings(config)
    assert settings.history.path == str(config.parent / "runs" / "h.duckdb")  # relative to the config's folder
    assert main(["run", str(site), "--out", str(tmp_path / "o"), "--config", str(config), "-q"]) == 0
    assert (config.parent / "runs" / "h.duckdb").is_file()
    config.write_text("[history]\nenabled = false\n", encoding="utf-8")
    assert history.resolve_path(load_settings(config), out_dir=tmp_path / "o") is None
    assert history.resolve_path(load_settings(config), "x.duckdb", tmp_path / "o") == Path("x.duckdb")  # --history
    with pytest.raises(SystemExit):
        main(["run", str(site), "--out", str(tmp_path / "o"), "--history", "x.duckdb", "--no-history"])
    config.write_text("[history]\ngrade_epsilon = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="grade_epsilon"):
        load_settings(config)
    db = config.parent / "runs" / "h.duckdb"
    capsys.readouterr()
    assert main(["compare", "--history", str(db)]) == 2
    assert "comparing needs two recorded runs; the history has 1" in capsys.readouterr().err
    assert main(["compare", "r1", "r9", "--history", str(db)]) == 2
    assert "no run 'r9' in the history (runs: r1)" in capsys.readouterr().err
    assert main(["history", "--history", str(tmp_path / "none.duckdb")]) == 2
    assert "no history database at" in capsys.readouterr().err

    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(history.HistoryError, match="not an audit history"):
        history.runs(other)
