"""#15 item 3, the command line: `audit run --out OUT` makes the run's store inside the output's staging folder, so
the workers' Parquet parts are written once, where they are published (`OUT/store/`): no private folder is made, no
part is copied, no working file is left, and the store is byte for byte the one `Audit.write` copies after
`audit.run()` (the notebook path)."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

import audit
from audit.cli import main as cli_main
from audit.config import Settings
from audit.engine import parquet, store

from .conftest import CORPUS

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_audit_run_writes_the_store_once_in_the_output(tmp_path, monkeypatch):
    def no_private_folder(*args, **kwargs):
        raise AssertionError("audit run --out made a private store folder")

    def no_copy(*args, **kwargs):
        raise AssertionError("audit run --out copied a part")

    monkeypatch.setattr(store, "remove_stale_spills", no_private_folder)  # (first step of a private folder)
    monkeypatch.setattr(parquet.shutil, "copyfile", no_copy)
    out = tmp_path / "site" / "out"
    assert cli_main(["run", str(REAL), "--out", str(out), "--workers", "2", "--no-history", "-q"]) == 0
    monkeypatch.undo()

    published = out / "store"
    blocks = sorted(p.name for p in (published / "blocks").iterdir())
    assert blocks == ["part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]  # the workers' parts
    # no working file (the chunks' CSV lines, strip counts, chunk data) and no staging folder left
    assert all(p.suffix == ".parquet" and p.parent.parent == published for p in published.rglob("*") if p.is_file())
    assert sorted(os.listdir(out.parent)) == ["out"]
    con = duckdb.connect()
    n = con.sql(f"SELECT count(*) FROM '{published}/sentences/*.parquet' WHERE rewrite_rank IS NOT NULL")
    n = n.fetchall()[0][0]
    con.close()
    assert n > 0

    # the notebook path (a private store, copied by `Audit.write`) gives the same bytes
    run = audit.run(REAL, Settings().replace(run={"workers": 2}), progress=False)
    run.write(tmp_path / "nb")
    assert _files(tmp_path / "nb" / "store") == _files(published)
    assert (tmp_path / "nb" / "sentences.csv").read_bytes() == (out / "sentences.csv").read_bytes()


def test_a_failed_run_leaves_nothing_beside_the_output(tmp_path, monkeypatch):
    """The store lives in the staging folder: a run that fails while writing removes it with the staging folder,
    and the previous output stays as it was."""
    out = tmp_path / "out"
    assert cli_main(["run", str(REAL), "--out", str(out), "--no-history", "-q"]) == 0
    before = _files(out)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parquet, "write_parquet", broken)  # (the pages' part, written at the end)
    assert cli_main(["run", str(REAL), "--out", str(out), "--no-history", "-q"]) == 2
    assert sorted(os.listdir(tmp_path)) == ["out"] and _files(out) == before


def test_the_history_reads_the_published_store(tmp_path):
    """After publishing, the run's tables are read from `OUT/store/` (the history's snapshot reads the terms
    table, a chunked table, from the store)."""
    out = tmp_path / "out"
    history = tmp_path / "history.duckdb"
    assert cli_main(["run", str(CORPUS), "--out", str(out), "--history", str(history), "-q"]) == 0
    con = duckdb.connect(str(history), read_only=True)
    concepts = con.sql("SELECT count(*) FROM run_concepts").fetchall()[0][0]
    con.close()
    assert concepts == len((out / "terms.csv").read_text(encoding="utf-8-sig").splitlines()) - 1 > 0
