"""Readability's page columns through the run's store: made in the workers chunk by chunk, read back as arrays.

    chunk_page_rows  worker, once per chunk (`Measure.chunk_data`, after the page tables are made): each audited
                     page's columns (`measure.page_row`, made by its `per_page`) into
                     `<store>/<chunk>.readability.npz`, one array per column (`audit.engine.chunk_arrays`: texts as
                     string columns, booleans as int8 codes); the pages' readability results are then dropped (the
                     main process never holds them)
    per_corpus       main process: the chunks' arrays read one at a time, joined per column, set on the pages
                     frame by page id; `rewrite_rank` from the rows each chunk kept (`measure.rewrite_ranks_of`)

The page columns equal those a per-page loop over `measure.page_values` gives (`pd.to_numeric` over the whole column:
int64 when every page's value is an integer, else float64; `boolean` with NA; text with "" for none).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from audit.engine import chunk_arrays
from audit.readability.measure import KEY, PAGE_COLUMNS, page_row, rewrite_ranks, rewrite_ranks_of
BOOL_COLUMNS = ("meets_target", "smog_reliable")
TEXT_COLUMNS = ("why", "readability_note", "readability_flags", "passive_method")
_NONE = -1  # a boolean column's missing value (None) in its int8 codes


def _numeric(values: list) -> np.ndarray:
    """One chunk's values of a numeric column: int64 when all are integers, else float64 (`pd.to_numeric`'s rule, so
    that the chunks joined give the dtype the whole column would). Python ints and floats (the common case) go
    straight into their array; any other value (None, a bool, a numpy scalar, text) through `pd.to_numeric`."""
    kinds = set(map(type, values))
    try:
        if kinds == {int}:
            return np.array(values, dtype=np.int64)
        if kinds and kinds <= {int, float}:
            return np.array(values, dtype=np.float64)
    except OverflowError:  # (an integer beyond int64: pandas' rule)
        pass
    return pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").to_numpy()


def _code(v: Any) -> int:
    return _NONE if v is None or (isinstance(v, float) and v != v) else int(bool(v))


def chunk_page_rows(prefix: Path, pages: list[tuple[str, dict]], settings: Any) -> None:
    """Worker: the chunk's audited pages' readability columns into the store, one array per column (no Python object
    per page but the texts); each page's `extras['readability']` is removed."""
    ids, rows = [], []
    for page_id, extras in pages:
        ex = extras.pop(KEY, None)
        if ex is not None:
            ids.append(page_id)
            rows.append(page_row(ex))
    if not ids:
        return
    cols: dict[str, np.ndarray] = {}
    texts: dict[str, list[str]] = {"page_id": ids}
    for col, values in zip(PAGE_COLUMNS, zip(*rows)):  # (a tuple of the pages' values per column)
        if col in BOOL_COLUMNS:
            cols[col] = np.array([_code(v) for v in values], dtype=np.int8)
        elif col in TEXT_COLUMNS:
            texts[col] = [v if isinstance(v, str) else "" for v in values]
        else:
            cols[col] = _numeric(values)
    chunk_arrays.write(prefix, cols, texts)


def _read_chunks(audit: Any) -> dict[str, np.ndarray]:
    """Every chunk's columns joined (chunks in page order), each chunk file removed once read."""
    from audit.engine.store import JOB_CHUNKS

    parts: dict[str, list[np.ndarray]] = {}
    for part in audit.spill.parts:
        path = chunk_arrays.path_of(audit.spill.path(part.chunk, KEY))
        if part.chunk >= JOB_CHUNKS or not path.exists():
            continue
        with chunk_arrays.ChunkArrays(path) as f:
            for col in f.array_names:
                parts.setdefault(col, []).append(f[col])
            for col in f.string_names:
                parts.setdefault(col, []).append(np.array(f.strings(col), dtype=object))
        path.unlink()
    return {col: np.concatenate(arrays) for col, arrays in parts.items()}


def page_columns(audit: Any) -> None:
    """Set readability's page columns on `audit.pages` from the chunks' arrays. A page id with no audited page gets the
    note of its first page ("not graded: page skipped", or "not measured" for an audited page without results)."""
    cols = _read_chunks(audit)
    pages = audit.pages
    n = len(pages)
    if not n:  # (no page at all: the columns' empty dtypes as a per-page loop makes them)
        for col in PAGE_COLUMNS:
            if col in BOOL_COLUMNS:
                pages[col] = pd.array([], dtype="boolean")
            elif col in TEXT_COLUMNS:
                pages[col] = []
            else:
                pages[col] = pd.to_numeric(pd.Series([], index=pages.index, dtype="object"), errors="coerce")
        return
    ids = cols.get("page_id", np.zeros(0, dtype=object))
    last = pd.Series(np.arange(len(ids), dtype=np.int64), index=pd.Index(ids, dtype=object))
    last = last[~last.index.duplicated(keep="last")]  # (two audited files with one page id: the later one's row)
    at = last.reindex(pages["page_id"].to_numpy(dtype=object)).to_numpy(dtype=float)
    found = ~np.isnan(at)
    take = at[found].astype(np.int64)
    missing = ~found
    notes = None
    if missing.any():
        first = pages.drop_duplicates("page_id", keep="first")
        status = pd.Series(first["status"].to_numpy(dtype=object), index=pd.Index(first["page_id"], dtype=object))
        st = status.reindex(pages["page_id"].to_numpy(dtype=object)[missing]).tolist()
        notes = np.array(["not measured" if s == "ok" else f"not graded: page {s}" for s in st], dtype=object)
    for col in PAGE_COLUMNS:
        values = cols.get(col)
        if col in BOOL_COLUMNS:
            codes = np.full(n, _NONE, dtype=np.int8)
            if values is not None:
                codes[found] = values[take]
            pages[col] = pd.arrays.BooleanArray(codes == 1, codes == _NONE)
        elif col in TEXT_COLUMNS:
            text = np.full(n, "", dtype=object)
            if values is not None:
                text[found] = values[take]
            if col == "readability_note" and notes is not None:
                text[missing] = notes
            pages[col] = text
        elif missing.any() or values is None:
            number = np.full(n, np.nan)
            if values is not None:
                number[found] = values[take]
            pages[col] = pd.Series(number, index=pages.index)
        else:
            pages[col] = pd.Series(values[take], index=pages.index)
    audit.pages = pages


def per_corpus(audit: Any, results: list, settings: Any, job: Any = None) -> None:
    """Readability's corpus step: the page columns (from the store, not from the pages' results) and `rewrite_rank`."""
    page_columns(audit)
    if audit.streamed("sentences"):  # ranks by global sentence row, joined to the rows when written
        audit.spill.sentence_extra["rewrite_rank"] = rewrite_ranks_of(audit.spill.kept(KEY))
    else:
        audit.sentences["rewrite_rank"] = rewrite_ranks(audit.sentences)
