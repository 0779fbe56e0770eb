"""The store of a run: each chunk's tables, written once as Parquet by the worker that made them
(`<store>/<table>/part-<chunk>.parquet`, DuckDB's writer), and what the main process knows of them (`Part`s).
Writing a table's CSV file joins the chunks' CSV lines; `Audit.blocks` / `Audit.sentences` / a measure's page tables
are read back from the Parquet parts on first use (`Tables`); the output's `store/` is these parts
(`audit.engine.parquet.export_store`).

Where the store lives:
- a run with an output folder (`audit run ... --out OUT`): `store/` inside the output's staging folder
  (`audit.engine.publish.Staging`), so the corpus-sized tables are never anywhere else; its working files (the chunks'
  CSV lines, the strip counts, the measures' chunk data) sit at its top level and are removed when the output is
  written, its table folders become the output's `store/`;
- otherwise (a notebook, `audit.run()`): a private folder (`tempfile.mkdtemp`, named with the run id, holding the run
  marker `audit.engine.publish.RunMark`), removed with the Audit or at exit; a killed run's folder is removed by the
  next run (its marker's lock is free).
Workers (local processes or Dask workers) write into it by path, so Dask workers must see the same filesystem as the
process that runs the audit. Each process keeps one DuckDB connection of its own (`_duckdb`: opened on first use
after the fork, never inherited), one thread, insertion order kept: a part's bytes depend on its rows only.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

import numpy as np
import pandas as pd


@dataclass
class Table:
    """One table's part from one chunk: rows, columns and dtypes (chunks join when these agree)."""

    rows: int = 0
    columns: tuple[str, ...] = ()
    dtypes: tuple[str, ...] = ()


@dataclass
class Part:
    """What one chunk's analysis left in the store."""

    chunk: int
    tables: dict[str, Table] = field(default_factory=dict)  # blocks, sentences, the measures' page tables
    rows_kept: dict[str, Any] = field(default_factory=dict)  # measure -> its `chunk_rows` of the chunk's sentences
    blocks_body: int = 0
    blocks_boilerplate: int = 0
    pages: list[str] = field(default_factory=list)  # page ids of the chunk's pages, in order (sentence look-ups)

    def rows(self, name: str) -> int:
        t = self.tables.get(name)
        return t.rows if t else 0


JOB_CHUNKS = 1_000_000  # chunk numbers of the parts corpus jobs write (`spill_frame`): after every page chunk


def part_name(chunk: int) -> str:
    """A table's part from chunk `chunk` (the glob `*.parquet` reads a table's parts in row order)."""
    return f"part-{chunk:06d}.parquet"


def table_part(folder: str | Path, chunk: int, name: str) -> Path:
    return Path(folder) / name / part_name(chunk)


_CONNECTION: dict[tuple[int, int | None], Any] = {}  # (process id, thread id) -> that thread's DuckDB cursor
_CONNECTING = threading.Lock()


def _duckdb() -> Any:
    """This thread's DuckDB connection: a cursor of this process's one in-memory database (one thread, insertion
    order kept), opened on first use. A forked worker opens its own and never touches (nor frees) one it inherited;
    the threads of a Dask worker have a cursor each (a DuckDB connection serves one call at a time)."""
    pid = os.getpid()
    con = _CONNECTION.get((pid, threading.get_ident()))
    if con is None:
        import duckdb

        with _CONNECTING:
            base = _CONNECTION.get((pid, None))
            if base is None:
                base = _CONNECTION[(pid, None)] = duckdb.connect(config={"threads": 1,
                                                                          "preserve_insertion_order": True})
            con = _CONNECTION[(pid, threading.get_ident())] = base.cursor()
    return con


def close_duckdb() -> None:
    """Close this thread's connection, and the process's base connection once no other live thread holds a cursor:
    the process that runs the audit calls it before its workers fork (a new `Spill`) and after writing the output,
    so no DuckDB call of ours is under way when a process is forked. A cursor another live thread holds stays open —
    a Dask worker thread of this process may be running a corpus job with it (a busy cursor refuses to close)."""
    pid = os.getpid()
    alive = {t.ident for t in threading.enumerate()} - {threading.get_ident()}
    with _CONNECTING:
        mine = [k for k in _CONNECTION if k[0] == pid and k[1] is not None]
        for key in mine:
            if key[1] not in alive:  # this thread's, or a finished thread's
                _CONNECTION.pop(key).close()
        if not any(k[0] == pid and k[1] is not None for k in _CONNECTION) and (pid, None) in _CONNECTION:
            _CONNECTION.pop((pid, None)).close()


def literal(path: str | Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """`frame`'s columns (not its index) as one Parquet file, its real dtypes kept: DuckDB's COPY of the frame, read
    by its name in this function (DuckDB's replacement scan of a pandas DataFrame): one statement, no relation bound
    first (`from_df(frame).to_parquet` binds the frame's relation, then the COPY again: ~20 % more per file), no view
    registered and dropped per file; the same bytes."""
    _duckdb().execute(f"COPY (FROM frame) TO {literal(path)} (FORMAT parquet)")


def read_parquet(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    what = ", ".join('"' + c.replace('"', '""') + '"' for c in columns) if columns else "*"
    return _duckdb().sql(f"SELECT {what} FROM read_parquet({literal(path)})").df()


def spill_frame(folder: str | Path, part: Part, name: str, frame: pd.DataFrame) -> None:
    """Part `part` of table `name` into the store (from any process): its CSV lines (`tables.stable_csv`: the bytes
    `output.write_csv` writes, without the BOM and header, and the written columns and dtypes; a working file) and
    the frame itself as Parquet (`<folder>/<name>/part-<chunk>.parquet`, read back by `Audit.<table>`, the output's
    store); recorded in `part.tables`."""
    from audit.present.tables import stable_csv

    if not len(frame):
        return
    columns, dtypes, data = stable_csv(frame, name, header=False)
    with open(Path(folder) / f"{part.chunk:06d}.{name}.csv", "wb") as fh:
        fh.write(data)
    path = table_part(folder, part.chunk, name)
    path.parent.mkdir(exist_ok=True)
    write_parquet(frame, path)
    part.tables[name] = Table(len(frame), tuple(columns), tuple(dtypes))


SPILL_PREFIX = "audit-spill-"


def remove_stale_spills(root: str | None = None) -> list[str]:
    """Remove spill folders left by runs that were killed: folders carrying the tool's run marker whose lock no
    live run holds (`audit.engine.publish.is_stale`; never judged by a process-id number, which another PID namespace
    sharing the temp folder may reuse), and the staging folders of killed `--out` runs the temp folder points at
    (`publish.remove_stale_staging`). Returns what was removed."""
    from audit.engine.publish import remove_stale, remove_stale_staging

    root = Path(root or tempfile.gettempdir())
    return [str(p) for p in remove_stale(root, SPILL_PREFIX) + remove_stale_staging(root)]


def _cleanup(folder: str, owner: int, mark: Any) -> None:
    if os.getpid() == owner:  # never from a forked worker
        shutil.rmtree(folder, ignore_errors=True)
        mark.release()


class StoreClosed(RuntimeError):
    """A table read from the store of an `Audit` after `Audit.close()` removed it."""


class Spill:
    """The folder holding the chunks' files, and what the main process knows of them."""

    def __init__(self, folder: str | Path | None = None) -> None:
        """`folder`: where the store goes (a new folder inside the output's staging folder, whose owner removes it
        on failure); by default a private temp folder removed with the Spill."""
        from audit.engine.publish import RUN_ID, RunMark

        close_duckdb()  # (the workers are forked next)
        import duckdb  # noqa: F401 - the module, not a connection: every process forked next (corpus jobs, load and
        # analyse workers) inherits it instead of importing it again (~0.05 CPU-s a process); it starts no thread
        self._finalizer = None
        if folder is not None:
            self.dir = Path(folder)
            self.dir.mkdir()
        else:
            remove_stale_spills()
            self.dir = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{RUN_ID}-"))
            try:
                mark = RunMark(self.dir)  # held until the folder is removed: a live run's spill is never "stale"
            except BaseException:
                shutil.rmtree(self.dir, ignore_errors=True)
                raise
            self._finalizer = weakref.finalize(self, _cleanup, str(self.dir), os.getpid(), mark)
            atexit.register(self._finalizer)
        self.closed = False  # a private store removed by `close` (read again: `StoreClosed`)
        self.parts: list[Part] = []  # in chunk (= row) order
        self.empty: dict[str, list[str]] = {}  # table -> its columns when no chunk has a row
        self.sentence_extra: dict[str, pd.Series] = {}  # corpus-computed sentence columns by global row number

    def close(self) -> None:
        """Remove a private store folder now (what `Audit.close` does; a notebook's kernel killed by nbval runs no
        exit handler); a store inside an output folder is the output's and stays."""
        if self._finalizer is not None:
            self.closed = True
            self._finalizer()

    @property
    def private(self) -> bool:
        """True for a private temp folder (removed with the Spill), False for a store inside an output folder."""
        return self._finalizer is not None

    def path(self, chunk: int, name: str) -> Path:
        """A chunk's working file (`<chunk>.<name>`)."""
        return self.dir / f"{chunk:06d}.{name}"

    def part_path(self, chunk: int, name: str) -> Path:
        """A chunk's part of table `name` (Parquet); `StoreClosed` once `close` removed a private store."""
        if self.closed:
            raise StoreClosed("this audit was closed (Audit.close() removed its store): read its tables before "
                              "closing it, or run the audit again")
        return table_part(self.dir, chunk, name)

    def published(self, folder: str | Path) -> None:
        """The store (inside the output's staging folder) is now the output's `store/` at `folder`: read from
        there."""
        self.dir = Path(folder)

    def page_tables(self) -> list[str]:
        """The measures' tables streamed (besides blocks and sentences)."""
        return [n for n in self.empty if n not in ("blocks", "sentences")]

    def adopt(self, name: str, parts: list[Part], columns: list[str]) -> None:
        """Register table `name`, written by a corpus job in `parts` (`spill_frame`, chunk numbers from
        `JOB_CHUNKS`, in row order): `Audit.tables[name]` reads it back on first use, writing joins the parts."""
        self.parts.extend(parts)
        self.empty[name] = list(columns)

    def sentence_texts(self, keys: list[tuple[str, int]]) -> list[str]:
        """The texts of sentences (page_id, sentence index on the page); "" when there is none. Reads only the
        chunks holding those pages, and of each only those pages' rows (filtered in DuckDB's scan)."""
        where: dict[str, int] = {}
        for i, p in enumerate(self.parts):
            for pid in p.pages:
                where.setdefault(pid, i)
        wanted: dict[int, set] = {}
        for pid, k in keys:
            if pid in where:
                wanted.setdefault(where[pid], set()).add((pid, k))
        found: dict[tuple[str, int], str] = {}
        for i, ks in wanted.items():
            p = self.parts[i]
            if not p.rows("sentences"):
                continue
            # (only the wanted pages' rows leave DuckDB: the filter runs in its scan, no text of the part's other
            # rows becomes a Python object — at newsgroups-20k 30 examples are spread over every part)
            for pid, k, text in _duckdb().execute(
                    f"SELECT page_id, sentence, text FROM read_parquet({literal(self.part_path(p.chunk, 'sentences'))})"
                    " WHERE list_contains($pages, page_id)",
                    {"pages": sorted({pid for pid, _ in ks})}).fetchall():
                if (pid, k) in ks:
                    found[(pid, k)] = text
        return [found.get((pid, int(k)), "") for pid, k in keys]

    # ------------------------------------------------------------ corpus side
    def kept(self, measure: str) -> pd.DataFrame:
        """What measure `measure`'s `chunk_rows` kept of each chunk's sentences, indexed by global sentence row."""
        frames, offset = [], 0
        for p in self.parts:
            rows = p.rows_kept.get(measure)
            if rows is not None and len(rows):
                c = rows.copy()
                c.index = c.index + offset
                frames.append(c)
            offset += p.rows("sentences")
        return pd.concat(frames) if frames else pd.DataFrame()

    def rows(self, name: str) -> int:
        return sum(p.rows(name) for p in self.parts)

    def _filled(self, name: str) -> list[Table]:
        return [p.tables[name] for p in self.parts if p.rows(name)]

    def columns(self, name: str) -> list[str]:
        filled = self._filled(name)
        return list(filled[0].columns) if filled else list(self.empty.get(name, []))

    def uniform(self, name: str) -> bool:
        """Every chunk's part of `name` has the same columns and dtypes: the parts' CSV lines join into the whole
        table's (a field's line breaks are quoted, as pandas writes them: `csv_rows`)."""
        filled = self._filled(name)
        return all(t.columns == filled[0].columns and t.dtypes == filled[0].dtypes for t in filled)

    # ------------------------------------------------------------ frames (read back on demand)
    def frame(self, name: str) -> pd.DataFrame:
        frames = []
        for p in self.parts:
            if p.rows(name):
                frames.append(self._part(p, name))
        if not frames:
            out = pd.DataFrame([], columns=self.empty.get(name, []))
        else:
            out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
        if name == "sentences":
            for col, values in self.sentence_extra.items():
                out[col] = values.reindex(out.index) if isinstance(values, pd.Series) else values
        return out

    def frames(self, name: str):
        """Table `name` part by part, in row order (what `frame` concatenates; for sentences with the corpus
        columns such as rewrite_rank): writers that stream a large table never hold it whole."""
        for _, frame in self.part_frames(name):
            yield frame.reset_index(drop=True)

    def part_frames(self, name: str):
        """(part, its rows of table `name`) in row order, each frame indexed by global row number (the index `frame`
        gives those rows; for sentences with the corpus columns such as rewrite_rank): one part in memory at a time."""
        offset = 0
        for p in self.parts:
            n = p.rows(name)
            if not n:
                continue
            yield p, self.read_part(p, name, offset)
            offset += n

    def read_part(self, part: Part, name: str, offset: int) -> pd.DataFrame:
        """Part `part` of table `name`, indexed by global row number from `offset` (for sentences with the corpus
        columns such as rewrite_rank)."""
        frame = self._part(part, name)
        frame.index = pd.RangeIndex(offset, offset + part.rows(name))
        if name == "sentences":
            for col, values in self.sentence_extra.items():
                values = values if isinstance(values, pd.Series) else pd.Series(values)
                frame[col] = values.reindex(frame.index)
        return frame

    def _part(self, part: Part, name: str) -> pd.DataFrame:
        frame = read_parquet(self.part_path(part.chunk, name))
        if name == "sentences":  # (the output's parts carry the corpus columns too: as read, they are set again)
            frame = frame.drop(columns=[c for c in self.sentence_extra if c in frame.columns])
        return frame

    # ------------------------------------------------------------ writing
    def write(self, name: str, fh: BinaryIO) -> None:
        """Table `name` as CSV (`audit.present.tables`): the BOM and header, then every part in order (for sentences, with
        the corpus columns such as rewrite_rank put in front of each line: they lead the table's reading order).
        Parts that do not join (dtypes differ between chunks) are read back and written as one frame, as the
        in-memory path would."""
        from audit.present._csv import prefixed_rows
        from audit.present.tables import BOM, ordered_columns, stable_frame, write_csv_to

        extra = list(self.sentence_extra) if name == "sentences" else []
        columns = self.columns(name)  # (the parts' columns as written: reading order, private ones dropped)
        if not self.rows(name) or not self.uniform(name) or ordered_columns(extra + columns, name) != extra + columns:
            return write_csv_to(fh, stable_frame(self.frame(name), name))
        header = extra + columns
        fh.write(BOM + (",".join(_quote(c) for c in header) + "\n").encode("utf-8"))
        values = {c: _Sparse(self.sentence_extra[c]) for c in extra}
        offset = 0
        for p in self.parts:
            n = p.rows(name)
            if not n:
                continue
            with open(self.path(p.chunk, f"{name}.csv"), "rb") as part:
                if not extra:
                    shutil.copyfileobj(part, fh, 1 << 20)
                    continue
                data = part.read()
            try:  # (each row with the corpus columns' cells in front: `prefixed_rows`, compiled; `csv_records` splits
                # the rows as it does)
                fh.write(prefixed_rows([values[c].formatted(offset, n) for c in extra], data, n))
            except ValueError as exc:
                raise ValueError(f"store: part {p.chunk} of {name}: {exc}") from None
            offset += n


def csv_records(data: bytes) -> list[bytes]:
    """The rows of CSV text `data` (each ending in b"\n", as `csv_rows` writes them) without their line ends: a
    b"\n" ends a row only outside quotes, i.e. after an even number of b'"' in the row so far (a quote inside a
    quoted field is doubled, so the count stays even across it). The definition of how `Spill.write` splits a part
    (`audit.present._csv.prefixed_rows`, compiled; `tests/test_tail_write.py` checks they agree)."""
    out: list[bytes] = []
    pending: list[bytes] = []
    quotes = 0
    for piece in data.split(b"\n")[:-1]:
        pending.append(piece)
        quotes += piece.count(b'"')
        if quotes % 2 == 0:
            out.append(b"\n".join(pending))
            pending, quotes = [], 0
    if pending:
        raise ValueError("CSV text ends inside a quoted field")
    return out


def _quote(name: str) -> str:
    return f'"{name}"' if any(ch in name for ch in ',"\n\r') else name


class _Sparse:
    """A corpus sentence column (a Series by global row; rows it lacks are blank) formatted as pandas writes it,
    part by part: nullable integers, blank for missing."""

    def __init__(self, values: pd.Series):
        values = values if isinstance(values, pd.Series) else pd.Series(values)
        values = values[values.notna()].sort_index()
        self.rows = values.index.to_numpy(np.int64)
        self.text = [str(v).encode() for v in values.astype(object).tolist()]

    def formatted(self, offset: int, n: int) -> list[bytes]:
        out = [b""] * n
        s, e = np.searchsorted(self.rows, [offset, offset + n])
        for i, v in zip((self.rows[s:e] - offset).tolist(), self.text[s:e]):
            out[i] = v
        return out


class Tables(MutableMapping):
    """`Audit.tables`: the run's tables by name, in the order they were added. A table still in the store (a chunked
    table: blocks, sentences, the measures' page tables, passages) is read back on first access; `streamed(name)`
    says whether it still is."""

    def __init__(self, store: "Spill | None" = None, names: list[str] = ()) -> None:
        self.store = store
        self._frames: dict[str, pd.DataFrame | None] = {name: None for name in names}
        self._pending = set(names)

    def streamed(self, name: str) -> bool:
        return name in self._pending

    def stream(self, name: str) -> None:
        """Table `name` is (now) in the store: read back on first use."""
        self._frames[name] = None
        self._pending.add(name)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._pending:
            self._frames[name] = self.store.frame(name)
            self._pending.discard(name)
        return self._frames[name]

    def __setitem__(self, name: str, value: pd.DataFrame) -> None:
        self._pending.discard(name)
        self._frames[name] = value

    def __delitem__(self, name: str) -> None:
        self._pending.discard(name)
        del self._frames[name]

    def __contains__(self, name: object) -> bool:  # (without reading a table still in the store)
        return name in self._frames

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)
