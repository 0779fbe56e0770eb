"""#15 item 3: the store is the output. `Audit.write` leaves every table as Parquet in `OUT/store/<table>/
part-NNNNNN.parquet` (a chunked table one part per chunk, named by chunk number, as the workers wrote it; a table held
in memory one part), the frames the CSV files are made of: DuckDB reads them back as the CSV files' rows, re-runs
give the same bytes, no copy is left beside the output, and a DuckDB connection open in the process that runs the
audit does not hang its forked workers (which write Parquet with connections of their own)."""
from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

import audit
from audit.config import Settings
from audit.present.tables import BOM, csv_rows, stable_frame

from .conftest import ROOT

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)
CHUNKED = {"workers": 2, "parallel_min_pages": 1}  # worker processes, 3 chunks of the 19 pages


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """One audit of the 19 real pages in worker processes (several chunks), written."""
    out = tmp_path_factory.mktemp("store") / "out"
    run = audit.run(REAL, Settings().replace(run=CHUNKED), progress=False)
    run.write(out)
    return run, out


def test_duckdb_reads_the_store_back_as_the_csv_files(real):
    run, out = real
    tables = sorted(p.stem for p in out.glob("*.csv"))
    assert {"pages", "blocks", "sentences", "passages", "terms", "difficult_words", "pairs"} <= set(tables)
    assert sorted(p.name for p in (out / "store").iterdir()) == tables
    chunks = [p.chunk for p in run.spill.parts if p.rows("blocks")]
    assert chunks == [0, 1, 2]  # one part per chunk, named by chunk number
    assert [p.name for p in sorted((out / "store" / "blocks").iterdir())] == [f"part-{c:06d}.parquet" for c in chunks]
    con = duckdb.connect()
    for name in tables:
        frame = con.sql(f"SELECT * FROM '{out}/store/{name}/*.parquet'").df()
        assert BOM + csv_rows(stable_frame(frame, name)).encode("utf-8") == (out / f"{name}.csv").read_bytes(), name
    n_body = con.sql(f"SELECT count(*) FROM '{out}/store/blocks/*.parquet' WHERE label = 'body'").fetchall()[0][0]
    assert n_body == run.summary["blocks"]["body"] > 0
    con.close()


def test_a_table_in_several_parts_reads_back_in_row_order(tmp_path):
    """Three chunks (three parts; a chunk without rows of a table has no part of it); the glob reads them back in
    row order, the sentences' parts with their corpus column (rewrite_rank)."""
    run = audit.run(REAL, Settings().replace(run=CHUNKED), progress=False)
    run.write(tmp_path / "out")
    con = duckdb.connect()
    for name in ("sentences", "blocks", "difficult_words", "plain_language"):
        chunks = [p.chunk for p in run.spill.parts if p.rows(name)]
        parts = sorted((tmp_path / "out" / "store" / name).iterdir())
        assert [p.name for p in parts] == [f"part-{c:06d}.parquet" for c in chunks] and len(parts) == 3, name
        frame = con.sql(f"SELECT * FROM '{tmp_path}/out/store/{name}/*.parquet'").df()
        csv = (tmp_path / "out" / f"{name}.csv").read_bytes()
        assert BOM + csv_rows(stable_frame(frame, name)).encode("utf-8") == csv, name
    con.close()


def test_store_parts_keep_the_real_dtypes(real):
    run, out = real
    con = duckdb.connect()
    kinds = {r[0]: r[1] for r in con.sql(f"DESCRIBE SELECT * FROM '{out}/store/sentences/*.parquet'").fetchall()}
    assert kinds["grade"] == "DOUBLE" and kinds["hard"] == "BOOLEAN" and kinds["words"] == "BIGINT"
    assert kinds["rewrite_rank"] == "BIGINT" and kinds["text"] == "VARCHAR"
    stored = con.sql(f"SELECT grade, rewrite_rank FROM '{out}/store/sentences/*.parquet'").df()
    sentences = run.sentences
    assert stored["grade"].tolist() == pytest.approx(sentences["grade"].tolist(), nan_ok=True, abs=0)  # unrounded
    assert stored["rewrite_rank"].notna().sum() == sentences["rewrite_rank"].notna().sum() > 0
    pages = con.sql(f"SELECT meets_target, grade FROM '{out}/store/pages/*.parquet'").df()
    assert str(pages["meets_target"].dtype) == "boolean"
    assert pages["grade"].tolist() == pytest.approx(run.pages["grade"].tolist(), nan_ok=True, abs=0)
    con.close()


def test_audit_write_copies_the_parts_and_leaves_no_working_file(tmp_path):
    """`audit.run()` without an output folder keeps its store in a private folder (removed with the Audit);
    `Audit.write` copies its parts into the output, no working file (CSV lines, strip counts, chunk data) with
    them."""
    run = audit.run(REAL, Settings().replace(run=CHUNKED), progress=False)
    spill = run.spill.dir
    run.write(tmp_path / "out")
    store = tmp_path / "out" / "store"
    chunked = [n for n in ("blocks", "sentences", "difficult_words", "plain_language", "terms", "jargon", "passages")
               if run.streamed(n)]
    assert {"blocks", "sentences", "passages"} <= set(chunked)
    for name in chunked:  # the run's parts, copied (the sentences' with their rewrite_rank column)
        parts = sorted(p.name for p in (spill / name).glob("*.parquet"))  # (none: the table has no rows)
        assert parts == sorted(p.name for p in (store / name).iterdir()) or not parts, name
        same = [(spill / name / n).read_bytes() == (store / name / n).read_bytes() for n in parts]
        assert all(same) if name != "sentences" else not any(same), name
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file() and p.suffix not in
                (".csv", ".json", ".parquet", ".xlsx")]
    del run
    gc.collect()
    assert not spill.exists()  # the run's working files go with the Audit
    written = sorted(store.rglob("*.parquet"))
    assert len(written) >= 12 and all(p.stat().st_size for p in written)


def test_empty_tables_have_their_columns(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("", encoding="utf-8")  # skipped: empty
    run = audit.run(tmp_path / "corpus", progress=False)
    run.write(tmp_path / "out")
    con = duckdb.connect()
    blocks = con.sql(f"SELECT * FROM '{tmp_path}/out/store/blocks/*.parquet'").df()
    assert len(blocks) == 0 and list(blocks.columns) == list(run.spill.columns("blocks"))
    con.close()


def _store_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "store").rglob("*")) if p.is_file()}


def test_two_runs_write_byte_identical_store_files(real, tmp_path):
    _, first = real
    again = audit.run(REAL, Settings().replace(run=CHUNKED), progress=False)
    again.write(tmp_path / "again")
    one = audit.run(REAL, Settings().replace(run={"workers": 1}), progress=False)  # this process alone
    one.write(tmp_path / "one")
    a, b = _store_files(first), _store_files(tmp_path / "again")
    assert len(a) >= 12 and a == b
    assert _store_files(tmp_path / "one") == a  # the same chunks, the same files, whichever process ran them
    for raw in a.values():
        assert str(tmp_path).encode() not in raw and str(first).encode() not in raw  # no path in the files


FORK_SCRIPT = textwrap.dedent("""
    import sys
    import duckdb
    import audit
    from audit.config import Settings

    corpus, out = sys.argv[1], sys.argv[2]
    settings = Settings().replace(run={"workers": 2, "parallel_min_pages": 1})
    audit.run(corpus, settings, progress=False).write(out + "/one")
    assert duckdb.sql("SELECT 1").fetchall() == [(1,)]  # the default connection stays open, as in a notebook
    con = duckdb.connect()
    n = con.sql(f"SELECT count(*) FROM '{out}/one/store/blocks/*.parquet'").fetchall()[0][0]
    audit.run(corpus, settings, progress=False).write(out + "/two")  # workers forked with DuckDB open
    n2 = con.sql(f"SELECT count(*) FROM '{out}/two/store/blocks/*.parquet'").fetchall()[0][0]
    print(n, n2)
""")


def test_runs_with_a_duckdb_connection_open_finish(tmp_path):
    """Two runs in one process with DuckDB connections open in between (a notebook's `duckdb.sql`, a read of the
    store): the second run's forked workers and job process finish (they never use DuckDB)."""
    done = subprocess.run([sys.executable, "-c", FORK_SCRIPT, str(REAL), str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    n, n2 = map(int, done.stdout.split())
    assert n == n2 > 0
    assert _store_files(tmp_path / "one") == _store_files(tmp_path / "two")


def test_closing_leaves_another_live_threads_cursor_open():
    """A corpus job on a Dask worker thread of this process (`LocalCluster(processes=False)`) holds a DuckDB cursor
    of its own while the main thread closes its connections: that cursor stays open and usable (closing it
    mid-call raised "connection is busy"); once the thread has ended, closing takes it and the base connection."""
    import threading

    from audit.engine import store

    got, go, done = threading.Event(), threading.Event(), []

    def job():
        con = store._duckdb()
        got.set()
        go.wait(30)
        done.append(con.sql("SELECT 41 + 1").fetchall()[0][0])

    worker = threading.Thread(target=job)
    worker.start()
    got.wait(30)
    store._duckdb()  # the main thread's own cursor
    store.close_duckdb()
    go.set()
    worker.join(30)
    assert done == [42]
    pid = __import__("os").getpid()
    assert {k[1] for k in store._CONNECTION if k[0] == pid} == {worker.ident, None}  # the main thread's went
    store.close_duckdb()  # the worker has ended: its cursor and the base go
    assert [k for k in store._CONNECTION if k[0] == pid] == []


SPILL_SCRIPT = textwrap.dedent("""
    import os, sys
    from audit.engine import store
    assert "duckdb" not in sys.modules
    threads = len(os.listdir("/proc/self/task"))
    spill = store.Spill()
    print("duckdb" in sys.modules, len(os.listdir("/proc/self/task")) - threads, len(store._CONNECTION))
    spill.close()
""")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts the process's threads in /proc")
def test_a_new_store_imports_duckdb_for_the_workers_without_a_thread_or_connection():
    """`Spill()` runs just before the workers fork: it imports the duckdb module (each forked process that writes
    Parquet inherits it instead of importing it) and opens no connection and starts no thread, so forking stays safe."""
    done = subprocess.run([sys.executable, "-c", SPILL_SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "0", "0"]
