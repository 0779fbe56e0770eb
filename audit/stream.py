"""Streaming run for large corpora: the blocks and sentences tables never sit in the main process.

`pipeline.run` takes this path from `run.stream_min_pages` pages on. The steps are the same as in memory
(`audit.pipeline`), done per *chunk* of pages (sources in page-id order, `chunk_pages` pages each) inside the workers:

    load_chunk     sources -> pages + blocks, pickled to the spill folder; back to the main process: each page's
                   metadata and the 64-bit hashes of its normalised block texts
    strip          main process: pages per block hash (numpy), the repetition threshold
    analyse_chunk  the chunk's blocks read back, labelled (`boilerplate.label_page` with the hashed counts),
                   analysed (`pipeline.analyse_body`); the chunk's rows of blocks.csv and sentences.csv formatted as
                   CSV right there (the writers' work, done in parallel) and spilled with the chunk's frames, as
                   are the measures' per-page tables (difficult_words, plain_language, terms, jargon) and their
                   per-chunk corpus data (`spill_chunk`: duplication); back to the main process: page metadata and
                   counts, the measures' small per-page results, the numbers `rewrite_rank` orders
    measure        corpus jobs that read the chunks' data (`corpus_job_streamed`) run in a spawned process and may
                   write their big tables as parts too (`spill_frame`, `Spill.adopt`: passages)
    write          each streamed table = header + the parts in order (+ for sentences, the `rewrite_rank` column
                   the corpus step computed); the other tables as in memory

Files are byte-identical to the in-memory path's (tests check it). `Audit.blocks` / `Audit.sentences` stay available:
read back from the spilled frames on first use (memory: the whole table, as in memory). The spill folder is private
(`tempfile.mkdtemp`, named with the run id, holding the run marker `audit.publish.RunMark`) and removed with the
Audit or at exit; a killed run's folder is removed by the next streaming run (its marker's lock is free).
"""
from __future__ import annotations

import atexit
import gc
import hashlib
import os
import pickle
import shutil
import tempfile
import weakref
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, BinaryIO, Callable

import numpy as np
import pandas as pd

from . import boilerplate
from .engine import Part, Table, release_memory, spill_frame, worker_init
from .results import BLOCK_COLUMNS, PackedExtras, PageResult, Units, add_block_rows, page_stats

RANK_COLUMN = "rewrite_rank"


def key_hash(key: str) -> int:
    """64-bit hash of a normalised block text, the same in every process and run (blake2b)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def key_hashes(keys) -> np.ndarray:
    return np.unique(np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys)))


class HashCounts:
    """`Counter.get` over block-text hashes: pages per normalised block text, from sorted unique hashes and counts."""

    __slots__ = ("hashes", "counts")

    def __init__(self, page_hashes: list[np.ndarray]):
        allh = np.concatenate(page_hashes) if page_hashes else np.zeros(0, dtype=np.uint64)
        self.hashes, self.counts = np.unique(allh, return_counts=True)

    def get(self, key: str, default: int = 0) -> int:
        if not key or not len(self.hashes):
            return default
        h = np.uint64(key_hash(key))
        i = int(np.searchsorted(self.hashes, h))
        if i < len(self.hashes) and self.hashes[i] == h:
            return int(self.counts[i])
        return default


SPILL_PREFIX = "audit-spill-"


def remove_stale_spills(root: str | None = None) -> list[str]:
    """Remove spill folders left by runs that were killed: folders carrying the tool's run marker whose lock no
    live run holds (`audit.publish.is_stale`; never judged by a process-id number, which another PID namespace
    sharing the temp folder may reuse). Returns what was removed."""
    from .publish import remove_stale

    return [str(p) for p in remove_stale(Path(root or tempfile.gettempdir()), SPILL_PREFIX)]


def _cleanup(folder: str, owner: int, mark: Any) -> None:
    if os.getpid() == owner:  # never from a forked worker
        shutil.rmtree(folder, ignore_errors=True)
        mark.release()


class Spill:
    """The private folder holding the chunks' files, and what the main process knows of them."""

    def __init__(self) -> None:
        from .publish import RUN_ID, RunMark

        remove_stale_spills()
        self.dir = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{RUN_ID}-"))
        try:
            mark = RunMark(self.dir)  # held until the folder is removed: a live run's spill is never "stale"
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise
        self._finalizer = weakref.finalize(self, _cleanup, str(self.dir), os.getpid(), mark)
        atexit.register(self._finalizer)
        self.parts: list[Part] = []  # in chunk (= row) order
        self.empty: dict[str, list[str]] = {}  # table -> its columns when no chunk has a row
        self.sentence_extra: dict[str, pd.Series] = {}  # corpus-computed sentence columns by global row number
        self.view: Any = None  # the `pipeline.SpillTables` reading the measures' tables back (set by the pipeline)

    def path(self, chunk: int, name: str) -> Path:
        return self.dir / f"{chunk:06d}.{name}"

    def page_tables(self) -> list[str]:
        """The measures' tables streamed (besides blocks and sentences)."""
        return [n for n in self.empty if n not in ("blocks", "sentences")]

    def adopt(self, name: str, parts: list[Part], columns: list[str]) -> None:
        """Register table `name`, written by a corpus job in `parts` (`spill_frame`, chunk numbers from
        `JOB_CHUNKS`, in row order): `Audit.tables[name]` reads it back on first use, writing joins the parts."""
        self.parts.extend(parts)
        self.empty[name] = list(columns)
        if self.view is not None:
            self.view.stream(name)

    def sentence_texts(self, keys: list[tuple[str, int]]) -> list[str]:
        """The texts of sentences (page_id, sentence index on the page); "" when there is none. Reads only the
        chunks holding those pages."""
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
            with open(self.path(p.chunk, "sentences.pkl"), "rb") as fh:
                frame = pickle.load(fh)
            for pid, k, text in zip(frame["page_id"].tolist(), frame["sentence"].tolist(), frame["text"].tolist()):
                if (pid, k) in ks:
                    found[(pid, k)] = text
        return [found.get((pid, int(k)), "") for pid, k in keys]

    # ------------------------------------------------------------ corpus side
    def candidates(self) -> pd.DataFrame:
        """The chunks' `rewrite_rank` candidates, indexed by global sentence row."""
        frames, offset = [], 0
        for p in self.parts:
            if p.candidates is not None and len(p.candidates):
                c = p.candidates.copy()
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
        """Every chunk's part of `name` has the same columns and dtypes and one line per row: the parts join."""
        filled = self._filled(name)
        return all(t.lines_ok and t.columns == filled[0].columns and t.dtypes == filled[0].dtypes for t in filled)

    # ------------------------------------------------------------ frames (read back on demand)
    def frame(self, name: str) -> pd.DataFrame:
        frames = []
        for p in self.parts:
            if p.rows(name):
                with open(self.path(p.chunk, f"{name}.pkl"), "rb") as fh:
                    frames.append(pickle.load(fh))
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
        offset = 0
        for p in self.parts:
            n = p.rows(name)
            if not n:
                continue
            with open(self.path(p.chunk, f"{name}.pkl"), "rb") as fh:
                frame = pickle.load(fh).reset_index(drop=True)
            if name == "sentences":
                for col, values in self.sentence_extra.items():
                    values = values if isinstance(values, pd.Series) else pd.Series(values)
                    frame[col] = values.reindex(pd.RangeIndex(offset, offset + n)).reset_index(drop=True)
            offset += n
            yield frame

    # ------------------------------------------------------------ writing
    def write(self, name: str, fh: BinaryIO) -> None:
        """Table `name` as CSV (`audit.tables`): the BOM and header, then every part in order (for sentences, with
        the corpus columns such as rewrite_rank put in front of each line: they lead the table's reading order).
        Parts that do not join (dtypes differ between chunks) are read back and written as one frame, as the
        in-memory path would."""
        from .tables import BOM, ordered_columns, stable_frame, write_csv_to

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
            lines = data.split(b"\n")[:-1]
            cols = [values[c].formatted(offset, n) for c in extra]
            fh.write(b"".join(b",".join(vals) + b"," + line + b"\n" for line, *vals in zip(lines, *cols)))
            offset += n


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


# ---------------------------------------------------------------- worker side

@dataclass
class _State:
    """What forked workers read from the parent's memory."""

    spill: Spill
    settings: Any
    sources: list = field(default_factory=list)
    counts: HashCounts | None = None  # pages per block text, copies of one page counted once
    raw_counts: HashCounts | None = None  # pages per block text, every page (for the "duplicated content" note)
    threshold: int = 0
    n_ok: int = 0  # distinct articles (copies of one page counted once)
    n_raw: int = 0
    chunks: list[range] = field(default_factory=list)
    load: Callable[[Any, Any], Any] | None = None  # the per-page steps (`pipeline._guarded_load`, `_guarded_analyse`)
    analyse: Callable[[Any, Any], Any] | None = None


_STATE: _State | None = None


def load_chunk(chunk: int) -> list:
    """Load and segment one chunk's sources; spill the full results, return the light ones."""
    st = _STATE
    full = [st.load(st.sources[i], st.settings) for i in st.chunks[chunk]]
    with open(st.spill.path(chunk, "load.pkl"), "wb") as fh:
        pickle.dump(full, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return [PageResult(r.page, keys=key_hashes(r.keys) if r.page.status == "ok" else np.zeros(0, np.uint64),
                       copy_key=r.copy_key) for r in full]


def analyse_chunk(chunk: int) -> tuple[list, Part]:
    """Label, analyse and tabulate one chunk; the table rows go to the spill folder."""
    from . import measures

    st = _STATE
    path = st.spill.path(chunk, "load.pkl")
    with open(path, "rb") as fh:
        full = pickle.load(fh)
    path.unlink()
    bs = st.settings.boilerplate
    light = []
    bcols: dict[str, list] = {c: [] for c in BLOCK_COLUMNS}
    unit_cols: dict[str, list] = {}
    unit_rows: list[dict] = []
    columnar = True
    tabled = [m for m in measures.MODULES if hasattr(m, "page_tables")]  # measures with per-page tables
    table_rows: dict[str, list] = {name: [] for m in tabled for name in m.PAGE_TABLES}
    for r in full:
        if r.page.status == "ok":
            boilerplate.label_page(r.blocks, st.counts, st.threshold, st.n_ok, bs, patterns=r.patterns)
            boilerplate.note_copies(r.blocks, st.raw_counts, st.n_raw)
            r.patterns = []
            for b in r.blocks:
                b.__dict__.pop("_key", None)
            a = st.analyse(r, st.settings)
            units = a.units
        else:
            a, units = r, []
        out = PageResult(a.page, extras=a.extras, timings=a.timings, stats=page_stats(r.blocks, len(units)))
        for m in tabled:
            ex = a.extras.get(m.KEY)
            if ex is not None:
                for name, rows in m.page_table_rows(a.page.page_id, ex, st.settings).items():
                    table_rows[name] += rows
                m.drop_page_table_data(ex)
        add_block_rows(bcols, a.page.page_id, r.blocks)
        if len(units):
            if columnar and isinstance(units, Units) and (not unit_cols or tuple(units.columns) == tuple(unit_cols)):
                if not unit_cols:
                    unit_cols = {k: [] for k in units.columns}
                for k, v in units.columns.items():
                    unit_cols[k].extend(v)
            else:  # mixed columns (should not happen): rows
                if columnar:
                    columnar = False
                    unit_rows = [dict(zip(unit_cols, row)) for row in zip(*unit_cols.values())]
                    unit_cols = {}
                unit_rows.extend(units)
        light.append(out)  # (no units: the main process reads sentence texts back with `Spill.sentence_texts`)
    part = Part(chunk, pages=[r.page.page_id for r in full if r.page.status == "ok"])
    audited = [(a.page.page_id, a.extras) for a in light if a.page.status == "ok"]
    for m in measures.MODULES:  # measures keeping their per-page corpus data on disk, chunk by chunk
        if hasattr(m, "spill_chunk"):
            m.spill_chunk(st.spill.path(chunk, m.KEY), audited, st.settings)
    for a in light:  # what stays in the main process: a few objects per page
        a.extras = PackedExtras.pack(a.extras)
        a.keys = a.blocks = a.patterns = a.units = ()  # type: ignore[assignment]
    blocks = pd.DataFrame(bcols, columns=BLOCK_COLUMNS)
    if len(blocks):
        labels = blocks["label"]
        part.blocks_body, part.blocks_boilerplate = int((labels == "body").sum()), int((labels == "boilerplate").sum())
    _spill(st.spill, part, "blocks", blocks)
    del bcols, blocks
    sentences = pd.DataFrame(unit_cols) if columnar else pd.DataFrame(unit_rows)
    del unit_cols, unit_rows
    _spill(st.spill, part, "sentences", sentences)
    if len(sentences) and any(m.__name__.endswith(".readability") for m in measures.MODULES):
        from .readability import rank_candidates

        part.candidates = rank_candidates(sentences)
    del sentences
    for m in tabled:
        for name, frame in m.page_tables({n: table_rows[n] for n in m.PAGE_TABLES}).items():
            _spill(st.spill, part, name, frame)
    return light, part


def _spill(spill: Spill, part: Part, name: str, frame: pd.DataFrame) -> None:
    spill_frame(spill.dir, part, name, frame)


# ---------------------------------------------------------------- orchestration

def chunks_of(n: int, workers: int) -> list[range]:
    size = max(8, min(256, n // (workers * 8) or 1))
    return [range(i, min(i + size, n)) for i in range(0, n, size)]


def map_chunks(fn: Callable[[int], Any], n_chunks: int, workers: int, progress: Callable[[int], None] | None,
               sizes: list[int], started: Callable[[], None] | None = None) -> list:
    """`[fn(k) for k in range(n_chunks)]`, in forked workers (reading `_STATE`) when `workers` > 1."""
    out = []
    if workers == 1 or n_chunks == 1:
        if started:
            started()
        for k in range(n_chunks):
            out.append(fn(k))
            if progress:
                progress(sizes[k])
        return out
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=worker_init) as pool:
        results = pool.map(fn, range(n_chunks))
        if started:
            started()
        for k, res in enumerate(results):
            out.append(res)
            gc.freeze()  # what arrived stays to the end of the run: later collections need not scan it again
            release_memory()
            if progress:
                progress(sizes[k])
    return out
