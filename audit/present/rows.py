"""The report's reads of the large chunked tables (blocks, sentences): only the rows and columns a part of the report
needs, read from the run's store one chunk at a time (`audit.engine.store.Spill.part_frames`), so the main process
never holds the whole table (at 100k pages the sentences table alone is gigabytes). A table already in memory (an
Audit made by hand, or one read back before) is filtered as it is. The rows keep the whole table's index and order.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

Where = Callable[[pd.DataFrame], "pd.Series | None"]


def _in_store(audit: "Audit", name: str) -> bool:
    return audit.streamed(name)


def _whole(audit: "Audit", name: str) -> pd.DataFrame:
    return getattr(audit, name) if name in ("blocks", "sentences") else audit.tables[name]


def _pick(frame: pd.DataFrame, where: Where | None, columns: Iterable[str] | None) -> pd.DataFrame:
    if where is not None:
        mask = where(frame)
        if mask is not None:
            frame = frame[mask]
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    return frame


def columns(audit: "Audit", name: str) -> list[str]:
    """The columns `audit.<name>` has (read from the first chunk when the table is still in the store)."""
    if not _in_store(audit, name):
        return list(_whole(audit, name).columns)
    for _, frame in audit.spill.part_frames(name):
        return list(frame.columns)
    return list(audit.spill.empty.get(name, []))


def rows(audit: "Audit", name: str, where: Where | None = None,
         cols: Iterable[str] | None = None) -> pd.DataFrame:
    """`audit.<name>[where][cols]`, as the whole table would give it (same rows, order, index and dtypes), read
    chunk by chunk when the table is still in the store. `where(frame)` returns a boolean mask (or None: every row)."""
    cols = None if cols is None else list(cols)
    if not _in_store(audit, name):
        return _pick(_whole(audit, name), where, cols)
    parts = [_pick(frame, where, cols) for _, frame in audit.spill.part_frames(name)]
    if not parts:
        return _pick(_whole(audit, name), where, cols)
    # every part kept (empty ones too): the joined dtypes are the whole table's
    return pd.concat(parts) if len(parts) > 1 else parts[0]


class ByPage:
    """Table `name`'s rows of one page at a time (`get(page_id)` -> frame or None), as `df.groupby("page_id")` of
    the whole table gives them; `lists(page_id, cols)` gives the same rows as plain lists, one per column (the page
    views' reads: no pandas object per page). Streamed tables are read one chunk at a time (the chunk holding the
    page; pages asked for in chunk order, see `order`, read each chunk once). Each chunk is indexed once (page id ->
    row positions); its columns become lists once, when first asked for."""

    def __init__(self, audit: "Audit", name: str):
        self.audit, self.name = audit, name
        self.where: dict[str, int] = {}
        self._chunk = PageRows(None)
        self._part: int | None = None
        self.streamed = (_in_store(audit, name) and audit.spill.uniform(name)
                         and all(p.pages for p in audit.spill.parts if p.rows(name)))
        if self.streamed:
            for i, p in enumerate(audit.spill.parts):
                if p.rows(name):
                    for pid in p.pages:
                        self.where.setdefault(str(pid), i)
        else:  # (a table the run did not make: no rows for any page)
            have = name in ("blocks", "sentences") or name in audit.tables
            self._chunk = PageRows(_whole(audit, name) if have else None)

    def order(self, page_id: str) -> tuple[int, str]:
        """Sort key: pages in the order of the chunks holding them."""
        return (self.where.get(page_id, -1), page_id)

    def _load(self, page_id: str) -> "PageRows | None":
        if not self.streamed:
            return self._chunk
        i = self.where.get(page_id)
        if i is None:
            return None
        if i != self._part:
            self._chunk, self._part = PageRows(None), None  # drop the previous chunk before reading the next
            frame = _read_part(self.audit.spill, self.audit.spill.parts[i], self.name, i)
            self._chunk, self._part = PageRows(frame), i
        return self._chunk

    def get(self, page_id: str) -> pd.DataFrame | None:
        chunk = self._load(page_id)
        return None if chunk is None else chunk.frame_of(page_id)

    def lists(self, page_id: str, cols: Iterable[str]) -> dict[str, list] | None:
        """The page's rows as {column: values in row order} (`tolist` values, as `itertuples` gives them), for the
        columns of `cols` the table has; None when the page has no row."""
        chunk = self._load(page_id)
        return None if chunk is None else chunk.lists_of(page_id, cols)


class PageRows:
    """One frame (a chunk of a streamed table, or a whole table) indexed once by page id: the row positions of each
    page (`groupby(key).indices`, rows in table order); column lists are made on demand, once per column."""

    def __init__(self, frame: pd.DataFrame | None, key: str = "page_id"):
        self.frame = frame
        self.pos: dict[str, np.ndarray] = {}
        self._lists: dict[str, list] = {}
        if frame is not None and not frame.empty and key in frame.columns:
            self.pos = {str(k): v for k, v in frame.groupby(key, sort=False).indices.items()}

    def frame_of(self, page_id: str) -> pd.DataFrame | None:
        pos = self.pos.get(page_id)
        return None if pos is None else self.frame.iloc[pos]

    def lists_of(self, page_id: str, cols: Iterable[str]) -> dict[str, list] | None:
        pos = self.pos.get(page_id)
        if pos is None:
            return None
        out = {}
        for c in cols:
            if c in self.frame.columns:
                if c not in self._lists:
                    self._lists[c] = self.frame[c].tolist()
                values = self._lists[c]
                out[c] = [values[i] for i in pos.tolist()]
        return out


def _read_part(spill, part, name: str, index: int) -> pd.DataFrame:
    """One part of table `name` with its global row numbers (and, for sentences, the corpus columns)."""
    return spill.read_part(part, name, sum(p.rows(name) for p in spill.parts[:index]))


def first_ranks(audit: "Audit", n: int, col: str = "rewrite_rank") -> Where:
    """A `where` keeping the rows that can be among the `n` lowest `col` (`sentences.csv`'s rewrite_rank): ranked
    rows at or under the n-th lowest rank (a superset of `s[s[col].notna()].sort_values(col).head(n)`'s rows)."""
    ranks = audit.spill.sentence_extra.get(col) if _in_store(audit, "sentences") else None
    limit = None
    if ranks is not None:
        ranks = (ranks if isinstance(ranks, pd.Series) else pd.Series(ranks)).dropna()
        limit = ranks.nsmallest(n).max() if len(ranks) else None

    def where(s: pd.DataFrame) -> pd.Series:
        ranked = s[col].notna()
        return ranked if limit is None else ranked & (s[col] <= limit)
    return where


def count(audit: "Audit", name: str) -> int:
    """How many rows `audit.<name>` has (without reading a table still in the store)."""
    return audit.spill.rows(name) if _in_store(audit, name) else len(_whole(audit, name))


BATCH_ROWS = 50_000  # rows of a table read at a time by `batches` (DuckDB hands them over in 2,048-row vectors)


def batches(audit: "Audit", name: str, cols: Iterable[str] | None = None,
            size: int | None = None) -> Iterator[pd.DataFrame]:
    """Table `name` (columns `cols` of it) in row order, a batch of at most ~`size` rows at a time, each indexed by
    global row number: what `rows(audit, name, cols=cols)` would give, never held whole. A table still in the store
    is streamed from its Parquet parts by DuckDB (a corpus job's table, such as passages, is one part however large);
    one in memory is sliced. The sentences' corpus columns (rewrite_rank) are not added: read those with `rows`."""
    cols = None if cols is None else list(cols)
    size = size or BATCH_ROWS
    if not _in_store(audit, name):
        whole = _pick(_whole(audit, name), None, cols)
        for start in range(0, len(whole), size):
            yield whole.iloc[start:start + size]
        return
    from audit.engine.store import _duckdb, literal

    spill, offset = audit.spill, 0
    vectors = max(1, size // 2048)
    con = _duckdb().cursor()  # (its own: other reads between two batches do not end this one's result)
    try:
        for p in spill.parts:
            n = p.rows(name)
            if not n:
                continue
            what = ", ".join('"' + c.replace('"', '""') + '"' for c in cols) if cols else "*"
            result = con.execute(f"SELECT {what} FROM read_parquet({literal(spill.part_path(p.chunk, name))})")
            start = offset
            while True:
                frame = result.fetch_df_chunk(vectors)
                if not len(frame):
                    break
                frame.index = pd.RangeIndex(start, start + len(frame))
                start += len(frame)
                yield frame
            offset += n
    finally:
        con.close()


def take(audit: "Audit", name: str, positions: np.ndarray) -> pd.DataFrame:
    """The rows of table `name` at global row numbers `positions` (ascending), every column, indexed by those
    numbers: a few rows of a large table without reading it whole (DuckDB reads the parts holding them)."""
    positions = np.asarray(positions, dtype=np.int64)
    if not _in_store(audit, name):
        return _whole(audit, name).iloc[positions]
    from audit.engine.store import _duckdb, literal

    spill, offset, frames = audit.spill, 0, []
    con = _duckdb()
    for p in spill.parts:
        n = p.rows(name)
        if not n:
            continue
        s, e = np.searchsorted(positions, [offset, offset + n])
        if e > s:
            wanted = pd.DataFrame({"audit_row": positions[s:e] - offset})
            con.register("audit_rows", wanted)
            try:
                frame = con.execute(
                    f"SELECT * EXCLUDE (file_row_number) FROM read_parquet("
                    f"{literal(spill.part_path(p.chunk, name))}, file_row_number = true) "
                    "WHERE file_row_number IN (SELECT audit_row FROM audit_rows) ORDER BY file_row_number").df()
            finally:
                con.unregister("audit_rows")
            frame.index = pd.Index(positions[s:e])
            frames.append(frame)
        offset += n
    if not frames:
        return pd.DataFrame(columns=columns(audit, name))
    return pd.concat(frames) if len(frames) > 1 else frames[0]


def page_chunks(audit: "Audit") -> dict[str, int]:
    """Page id -> the position (in the store's parts) of the chunk that holds the page; empty for an Audit whose
    tables are in memory. Pages rendered in this order read each chunk of every chunked table once."""
    spill = getattr(audit, "spill", None)
    out: dict[str, int] = {}
    for i, p in enumerate(spill.parts if spill is not None else ()):
        for pid in p.pages:
            out.setdefault(str(pid), i)
    return out
