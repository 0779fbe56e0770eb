"""The output folder's store: every table of the run as Parquet, `store/<table>/part-NNNNNN.parquet` in row order,
written once, at `Audit.write`, by DuckDB (the engine the history already uses).

- A chunked table still in the run's store (blocks, sentences, the measures' page tables, passages) is read chunk by
  chunk as the workers left it (`audit.engine.store.Spill.part_frames`: the sentences with their corpus columns
  such as rewrite_rank), consecutive chunks joined into parts of at least `PART_ROWS` rows: one part in memory at a
  time, never the whole table. A table held in memory (pages, pairs, the terms corpus tables) is one part.
- Each part keeps the frame's real dtypes (integers, floats at full precision, booleans, text); the CSV files are
  the same frames, rounded and made spreadsheet-safe (`audit.present.tables.stable_frame`).
- DuckDB runs only here, in the process that writes the output, on a connection of its own (one thread, insertion
  order kept), closed before `export_store` returns; the workers never import it. The files hold DuckDB's version
  string, no time and no path: re-runs give the same bytes.

Query it with DuckDB: `duckdb.sql("SELECT * FROM 'OUT/store/blocks/*.parquet'")`.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import pandas as pd

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

STORE = "store"  # the output folder's store: STORE/<table>/part-NNNNNN.parquet
# A chunked table's consecutive chunks are joined into parts of at least this many rows: a file costs DuckDB ~2 ms
# (newsgroups-2k: 98 parts of one chunk each, 0.41 CPU-s; 23 parts, 0.24 CPU-s), a small table is one part, and a
# part in memory stays small (+18 MB over the write on newsgroups-2k; 122,880 rows: +37 MB, no faster).
PART_ROWS = 8192


def part_name(k: int) -> str:
    return f"part-{k:06d}.parquet"


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _copy(con: Any, frame: pd.DataFrame, path: Path) -> None:
    """`frame`'s columns (not its index) as one Parquet file."""
    con.register("audit_part", frame)
    try:
        con.execute(f"COPY audit_part TO {_literal(path)} (FORMAT parquet)")
    finally:
        con.unregister("audit_part")


def _batched(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Consecutive chunks' frames joined into parts of at least `PART_ROWS` rows (the last one fewer)."""
    batch: list[pd.DataFrame] = []
    rows = 0
    for frame in frames:
        batch.append(frame)
        rows += len(frame)
        if rows >= PART_ROWS:
            yield _joined(batch)
            batch, rows = [], 0
    if batch:
        yield _joined(batch)


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})


def export_store(audit: "Audit", out_dir: Path) -> list[Path]:
    """Every table of `audit` into `out_dir/store/` (see the module docstring); returns the files written."""
    import duckdb

    spill = audit.spill
    root = Path(out_dir) / STORE
    written: list[Path] = []
    con = duckdb.connect(config={"threads": 1, "preserve_insertion_order": True})
    try:
        for name in ["pages", "blocks", "sentences", *audit.tables]:
            folder = root / name
            folder.mkdir(parents=True)
            if audit.streamed(name):
                frames = _batched(frame for _, frame in spill.part_frames(name))
            else:
                frames = iter([audit.pages if name == "pages" else
                               audit.core[name] if name in ("blocks", "sentences") else audit.tables[name]])
            k = -1
            for k, frame in enumerate(frames):
                _copy(con, frame, folder / part_name(k))
                written.append(folder / part_name(k))
            if k < 0:  # a chunked table without rows: its columns
                _copy(con, _empty(spill.columns(name)), folder / part_name(0))
                written.append(folder / part_name(0))
    finally:
        con.close()
    return written
