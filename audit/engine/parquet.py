"""The output folder's store: every table of the run as Parquet, `store/<table>/part-NNNNNN.parquet` in row order.

- A chunked table (blocks, sentences, the measures' page tables, passages) is the run's own parts, written once by
  the workers (`audit.engine.store.spill_frame`): one part per chunk, named by chunk number (`part-<chunk>.parquet`;
  a chunk without rows has none; a corpus job's parts are numbered from `store.JOB_CHUNKS`). When the run's store
  already is the output's (`audit run --out`: it was made in the output's staging folder) the parts stay where they
  are; otherwise (`Audit.write` after `audit.run()`) they are copied, file by file. Only the sentences' parts are
  written again: with the corpus columns computed after the chunks (rewrite_rank), joined by row number in DuckDB.
  Those joins can be made ahead (`prepare_sentences`: while the main process waits for a corpus job) into a
  working folder of the run's store; the export then moves them into place (the same bytes).
- A table held in memory (pages, pairs, the terms corpus tables) is one part, `part-000000.parquet`.
- Each part keeps the frame's real dtypes (integers, floats at full precision, booleans, text); the CSV files are
  the same frames, rounded and made spreadsheet-safe (`audit.present.tables.stable_frame`).
- DuckDB: one connection per process (`audit.engine.store._duckdb`, one thread, insertion order kept); the process
  that writes the output closes its own before `export_store` returns, so no DuckDB thread is alive when a later run
  forks its workers. The files hold DuckDB's version string, no time and no path: re-runs give the same bytes.

Query it with DuckDB: `duckdb.sql("SELECT * FROM 'OUT/store/blocks/*.parquet'")`.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from audit.engine.store import Spill, _duckdb, close_duckdb, literal, part_name, write_parquet

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

STORE = "store"  # the output folder's store: STORE/<table>/part-NNNNNN.parquet
PREPARED = "sentences.prepared"  # the run's store's working folder of sentences' parts joined ahead


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})


class _Extra:
    """The sentences' corpus columns (`Spill.sentence_extra`: Series by global row, rows without a value missing) as
    one frame sorted by row (`audit_row`), sliced per part."""

    def __init__(self, spill: Spill):
        extra = pd.DataFrame({col: values if isinstance(values, pd.Series) else pd.Series(values)
                              for col, values in spill.sentence_extra.items()})  # (rows: the union of their rows)
        self.names = list(extra.columns)
        extra = extra.sort_index().rename_axis("audit_row").reset_index()
        extra["audit_row"] = extra["audit_row"].astype("int64")
        self.frame, self.rows = extra, extra["audit_row"].to_numpy()

    def write(self, src: Path, dest: Path, offset: int, n: int) -> None:
        """Sentences part `src` (global rows `offset` to `offset + n`) with the corpus columns appended (NULL where a
        row has no value), into `dest` (may be `src`: written beside it, then renamed)."""
        lo, hi = np.searchsorted(self.rows, [offset, offset + n])
        con = _duckdb()
        cols = ", ".join('e."' + c.replace('"', '""') + '"' for c in self.names)
        tmp = dest.with_name(dest.name + ".tmp")
        con.register("audit_extra", self.frame.iloc[lo:hi])
        try:
            con.execute(f"COPY (SELECT s.* EXCLUDE (file_row_number), {cols} "
                        f"FROM read_parquet({literal(src)}, file_row_number = true) s "
                        f"LEFT JOIN audit_extra e ON e.audit_row = s.file_row_number + {int(offset)} "
                        f"ORDER BY s.file_row_number) TO {literal(tmp)} (FORMAT parquet)")
        finally:
            con.unregister("audit_extra")
        tmp.replace(dest)


class Prepared:
    """Sentences' parts with their corpus columns joined ahead (`prepare_sentences`): chunk -> (first global row,
    file). Good only while the corpus columns are the very ones joined (`Spill.sentence_extra`, by identity)."""

    def __init__(self, spill: Spill):
        self.extra = dict(spill.sentence_extra)  # (held: the identities compared stay those of these objects)
        self.files: dict[int, tuple[int, Path]] = {}

    def take(self, spill: Spill, chunk: int, offset: int) -> Path | None:
        """The joined file of `chunk`'s part (rows from `offset`), if it was made with the current corpus columns."""
        got = self.files.pop(chunk, None)
        same = (len(self.extra) == len(spill.sentence_extra)
                and all(spill.sentence_extra.get(k) is v for k, v in self.extra.items()))
        if got is None or not same or got[0] != offset or not got[1].exists():
            return None
        return got[1]


def prepare_sentences(audit: "Audit", stop: Callable[[], bool]) -> None:
    """The sentences' parts with their corpus columns joined (what `export_store` writes), part by part until
    `stop()` says the main process has other work again, into the run's store (`PREPARED`); `audit.prepared` says
    which. For the time the main process waits for a corpus job: the export then moves them into place."""
    spill = audit.spill
    if not spill.sentence_extra or not audit.streamed("sentences") or stop():
        return
    prepared = audit.prepared = Prepared(spill)
    folder = spill.dir / PREPARED
    folder.mkdir(exist_ok=True)
    extra = _Extra(spill)
    offset = 0
    try:
        for p in spill.parts:
            n = p.rows("sentences")
            if not n:
                continue
            if stop():
                break
            dest = folder / part_name(p.chunk)
            extra.write(spill.part_path(p.chunk, "sentences"), dest, offset, n)
            prepared.files[p.chunk] = (offset, dest)
            offset += n
    finally:
        close_duckdb()  # (no DuckDB thread of ours alive when a later run forks)


def export_store(audit: "Audit", out_dir: Path) -> list[Path]:
    """Every table of `audit` into `out_dir/store/` (see the module docstring); returns the files written."""
    spill = audit.spill
    root = Path(out_dir) / STORE
    here = spill.dir.resolve() == root.resolve() if root.exists() else False  # the run's store is the output's
    names = ["pages", "blocks", "sentences", *audit.tables]
    written: list[Path] = []
    try:
        if here:
            for entry in list(spill.dir.iterdir()):  # the working files go; the tables' folders stay
                if entry.name == PREPARED:  # (read below, then removed)
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    if entry.name not in names:
                        shutil.rmtree(entry)
                else:
                    entry.unlink()
        for name in names:
            folder = root / name
            if not audit.streamed(name):  # a table held in memory: one part
                if folder.is_dir():
                    shutil.rmtree(folder)
                folder.mkdir(parents=True)
                frame = (audit.pages if name == "pages" else
                         audit.core[name] if name in ("blocks", "sentences") else audit.tables[name])
                write_parquet(frame, folder / part_name(0))
                written.append(folder / part_name(0))
                continue
            folder.mkdir(parents=True, exist_ok=True)
            offset, parts = 0, 0
            joined = name == "sentences" and bool(spill.sentence_extra)
            extra = None
            for p in spill.parts:
                n = p.rows(name)
                if not n:
                    continue
                src, dest = spill.part_path(p.chunk, name), folder / part_name(p.chunk)
                ready = audit.prepared.take(spill, p.chunk, offset) if joined and audit.prepared else None
                if ready is not None:  # joined ahead: the same bytes
                    shutil.move(ready, dest)
                elif joined:
                    extra = extra or _Extra(spill)
                    extra.write(src, dest, offset, n)
                elif not here:
                    shutil.copyfile(src, dest)
                written.append(dest)
                offset += n
                parts += 1
            if not parts:  # a chunked table without rows: its columns
                write_parquet(_empty(spill.columns(name)), folder / part_name(0))
                written.append(folder / part_name(0))
    finally:
        close_duckdb()
        audit.prepared = None
        if not spill.closed:
            shutil.rmtree(spill.dir / PREPARED, ignore_errors=True)
    return written
