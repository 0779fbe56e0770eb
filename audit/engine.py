"""The chunk engine's primitives, shared by the drivers (`audit.pipeline`, `audit.stream`) and the measures' corpus
jobs (`audit.duplication`): what one chunk's analysis leaves in the spill folder (`Part`, its `Table`s, written by
`spill_frame`), the forked workers' initialiser and the heap trim. Imports nothing of the package at module level,
so a measure can use it without importing the driver that runs the measure (no import cycle).
"""
from __future__ import annotations

import gc
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass
class Table:
    """One table's part from one chunk: rows, columns and dtypes (chunks join when these agree)."""

    rows: int = 0
    columns: tuple[str, ...] = ()
    dtypes: tuple[str, ...] = ()
    lines_ok: bool = True  # one CSV line per row (no line break inside a field)


@dataclass
class Part:
    """What one chunk's analysis left in the spill folder."""

    chunk: int
    tables: dict[str, Table] = field(default_factory=dict)  # blocks, sentences, the measures' page tables
    candidates: pd.DataFrame | None = None  # rows `rewrite_rank` orders, indexed by row within the chunk
    blocks_body: int = 0
    blocks_boilerplate: int = 0
    pages: list[str] = field(default_factory=list)  # page ids of the chunk's pages, in order (sentence look-ups)

    def rows(self, name: str) -> int:
        t = self.tables.get(name)
        return t.rows if t else 0


JOB_CHUNKS = 1_000_000  # chunk numbers of the parts corpus jobs write (`spill_frame`): after every page chunk


def spill_frame(folder: str | Path, part: Part, name: str, frame: pd.DataFrame) -> None:
    """Part `part` of table `name` into the spill folder (from any process): its CSV lines (formatted as
    `output.write_csv` does, without the BOM and header) and the frame itself (pickled, for `Audit.<table>` read back);
    recorded in `part.tables`."""
    from .tables import csv_rows, stable_frame

    if not len(frame):
        return
    stable = stable_frame(frame, name)
    text = csv_rows(stable, header=False)
    base = Path(folder) / f"{part.chunk:06d}.{name}"
    with open(f"{base}.csv", "wb") as fh:
        fh.write(text.encode("utf-8"))
    with open(f"{base}.pkl", "wb") as fh:
        pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
    part.tables[name] = Table(len(frame), tuple(stable.columns), tuple(str(t) for t in stable.dtypes),
                              text.count("\n") == len(frame))


_LIBC: Any = None


def release_memory() -> None:
    """Hand the heap's free memory back to the system (glibc's `malloc_trim`; nothing elsewhere): what a chunk's
    transient buffers freed would otherwise stay in this process's resident memory, under what arrives next."""
    global _LIBC
    if _LIBC is None:
        try:
            import ctypes

            _LIBC = ctypes.CDLL("libc.so.6")
            _LIBC.malloc_trim  # noqa: B018 - glibc only
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)


def worker_init() -> None:
    """In each forked worker: what it inherited from the parent (pipeline, tables, page data) is never garbage, so
    move it out of the collector's sight (`gc.freeze`): collections then scan only the worker's own objects. And a
    watchdog: the worker exits when its parent dies (kill -9, SIGTERM), instead of waiting on its task pipe forever
    (the worker holds both ends of it, so it never sees end-of-file)."""
    gc.freeze()
    exit_with_parent()


WATCHDOG_SECONDS = 0.5


def exit_with_parent() -> None:
    """Start a daemon thread in this (child) process that ends the process once its parent is gone: the parent
    process id changes when the parent dies (re-parented to init or a subreaper, in any PID namespace)."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_SECONDS)
            if os.getppid() != parent:
                os._exit(1)  # the parent is gone: nobody will read the results; exit without cleanup handlers

    threading.Thread(target=watch, name="audit-parent-watchdog", daemon=True).start()
