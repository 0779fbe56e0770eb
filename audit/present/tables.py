"""The tables as an editor reads them in a spreadsheet: column order, rounding, encoding — in one place.

Every CSV file and every sheet of `audit.xlsx` goes through `stable_frame(df, name)`:

- **Column order** (`COLUMN_ORDER`): what an editor reads first comes first (page, title, URL, grade, whether it
  meets the target, why; then duplication, jargon, the detail figures; the technical columns last). Columns a table
  has that the order does not name keep their relative order after the named ones; private columns (leading
  underscore) are dropped.
- **Rounding** (`figure_kind`, `DECIMALS`): one rule per kind of figure, as the report shows it — grades and
  reading-ease scores, and minutes, 1 decimal; shares (0–1) 2 decimals (a whole percent); similarities 3 decimals
  (so a pair just under a 0.9 threshold rarely prints as 0.9); other decimals 2; counts stay whole numbers (a count
  column that is float only because unaudited pages have none is written as a nullable integer).
- **Safe cells**: a text cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading quote
  (`audit.safe`, OWASP's rule against CSV injection).
- **Text**: UTF-8 with a byte-order mark (`BOM`), so Excel on Windows reads "Bell’s" as written; '\\n' line ends;
  floats printed as rounded (no trailing zeros: 15.5, 0.22).

The in-memory writer (`audit.engine.output`, through `write_csv_to`) and the workers' parts (`audit.engine.store.spill_frame`)
both format with `csv_bytes` (a compiled writer of the bytes pandas' `to_csv` writes), so their files are byte-identical.
"""
from __future__ import annotations

from typing import BinaryIO

import numpy as np
import pandas as pd

from audit.safe import spreadsheet_frame

BOM = "\ufeff".encode("utf-8")

# Table name -> its columns in reading order (columns not named here follow, in the order the table has them).
COLUMN_ORDER: dict[str, tuple[str, ...]] = {
    "pages": (
        "page_id", "title", "url", "grade", "meets_target", "target_grade", "why", "readability_note",
        "readability_flags", "duplicate_share", "most_similar_page", "max_similarity", "jargon_unexplained",
        "concepts_covered", "term_mentions", "concepts_*", "words", "reading_time_min", "sentences", "long_sentence_share",
        "passive_share", "hard_sentences", "very_hard_sentences", "difficult_words", "longest_paragraph_words",
        "longest_section_words", "template_share", "table_words", "references_words", "caption_words", "code_words",
        "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
        "smog_index", "smog_reliable", "coleman_liau_index", "automated_readability_index",
        "dale_chall_readability_score", "linsear_write_formula", "status", "reason", "source", "encoding", "blocks",
        "formula_sentences", "formula_words", "syllables", "passive_method",
    ),
    # rewrite_rank first: sort by column A for the sentences to rewrite first (a streaming run prepends it too)
    "sentences": (
        "rewrite_rank", "page_id", "line", "sentence", "kind", "text", "grade", "words", "long", "very_long", "hard",
        "very_hard", "passive", "passive_phrase", "difficult_words", "block", "in_formulas", "syllables",
        "polysyllables", "letters", "chars", "long_words",
    ),
    "blocks": ("page_id", "line_start", "line_end", "kind", "label", "reason", "words", "text", "block"),
    "pairs": ("page_a", "page_b", "jaccard", "near_duplicate", "exact_duplicate", "containment_a", "containment_b",
              "shared_shingles"),
    "passages": ("page_a", "lines_a", "text_a", "page_b", "lines_b", "text_b", "kind", "score", "block_a",
                 "block_b"),
    "terms": ("page_id", "concept", "category", "count", "first_line", "first_text", "first_block"),
    "jargon": ("page_id", "line", "concept", "category", "explained", "how", "text", "block", "sentence"),
    "difficult_words": ("page_id", "word", "alternative", "count", "forms"),
    "plain_language": ("page_id", "term", "alternative", "count", "lines", "sentences"),
}

# Rounding: one rule per kind of figure.
DECIMALS = {"grade": 1, "minutes": 1, "share": 2, "similarity": 3, "decimal": 2}
GRADE_COLUMNS = frozenset({
    "grade", "target_grade", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
    "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula",
    "mean_grade", "median_grade", "over_by"})
SIMILARITY_COLUMNS = frozenset({"jaccard", "containment_a", "containment_b", "max_similarity", "similarity"})


def figure_kind(column: str, table: str | None = None) -> str:
    """The kind of figure a float column holds: grade | minutes | share | similarity | decimal."""
    c = str(column)
    if c in GRADE_COLUMNS:
        return "grade"
    if c.endswith("_min") or c.endswith("_minutes"):
        return "minutes"
    if c.endswith("share") or c.startswith("share_"):
        return "share"
    if c in SIMILARITY_COLUMNS or (c == "score" and table in ("passages", "term_overlap", "pairs")):
        return "similarity"
    return "decimal"


def ordered_columns(columns, name: str | None) -> list[str]:
    """`columns` (private ones dropped) in the reading order of table `name` (an entry ending in `*` stands for the
    columns starting with what precedes it, in their own order)."""
    cols = [c for c in columns if not str(c).startswith("_")]
    first: list = []
    for entry in COLUMN_ORDER.get(name or "", ()):
        if entry.endswith("*"):
            first += [c for c in cols if str(c).startswith(entry[:-1]) and c not in first]
        elif entry in cols and entry not in first:
            first.append(entry)
    return first + [c for c in cols if c not in first]


def round_frame(df: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """Floats rounded by kind of figure (`figure_kind`); a float column of whole numbers that is not a measured
    figure (a count, float only because some rows have none) becomes a nullable integer. Returns a new frame (pandas' copy-on-write: `df`'s data is shared, never written, until a column is replaced)."""
    out = df.copy(deep=False)
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_float_dtype(s.dtype):
            out[c] = _rounded(s, c, name)
    return out


def _rounded(s: pd.Series, column: object, table: str | None) -> pd.Series | np.ndarray:
    """A float column as `round_frame` writes it: float64 values rounded by kind of figure, or the column as a
    nullable integer ("Int64") when it is a `decimal` of whole numbers (a count)."""
    kind = figure_kind(column, table)
    values = s.to_numpy(dtype=np.float64, na_value=np.nan)
    if kind == "decimal":
        finite = values[~np.isnan(values)]
        if np.isfinite(finite).all() and (finite == np.round(finite)).all():
            return s.astype("Int64")
    return np.round(values, DECIMALS[kind])


def stable_frame(df: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """The frame as written: columns in reading order (private ones dropped), figures rounded by kind, text cells
    safe to open in a spreadsheet (`audit.safe.spreadsheet_frame`)."""
    return spreadsheet_frame(round_frame(df[ordered_columns(df.columns, name)], name))


def csv_rows(frame: pd.DataFrame, header: bool = True) -> str:
    """A stable frame (`stable_frame`) as CSV text: '\\n' line ends, floats as rounded (`csv_bytes`, decoded)."""
    return csv_bytes(frame, header).decode("utf-8")


def csv_bytes(frame: pd.DataFrame, header: bool = True) -> bytes:
    """A stable frame as the UTF-8 bytes of its CSV text, the bytes pandas' `to_csv(index=False, lineterminator="\\n")`
    writes: each column made ready as pandas makes it for its writer (missing values blank, floats as numpy prints
    them, other cells as objects), the rows written by a compiled loop (`audit.present._csv`: int64 and bool columns
    formatted in C, texts quoted as Python's `csv.writer` quotes them). Datetime, period, interval and sparse columns
    (no table of the audit has one) are refused."""
    from audit.present._csv import csv_rows as rows

    kinds, columns = [], []
    for j in range(frame.shape[1]):
        kind, values = _csv_column(frame.iloc[:, j])
        kinds.append(kind)
        columns.append(values)
    head = rows([2] * len(kinds), [[str(c)] for c in frame.columns], 1) if header else b""
    return head + rows(kinds, columns, len(frame))


def stable_csv(df: pd.DataFrame, name: str | None = None,
               header: bool = True) -> tuple[list[str], list[str], bytes]:
    """(columns, dtypes, bytes) of `stable_frame(df, name)` and its `csv_bytes`, in one pass over `df`'s columns
    without building the stable frame (a store part's CSV lines: `audit.engine.store.spill_frame`): each column
    taken once, rounded (`_rounded`), its texts made safe (`audit.safe.spreadsheet_cell` on the cells
    `formula_cells` finds) in the list the writer then reads. `tests/test_csv_writer.py` checks it against
    `csv_bytes(stable_frame(df, name))` on real tables and on every kind of cell."""
    from audit.present._csv import csv_rows as rows, formula_cells
    from audit.safe import FORMULA_CHARS, spreadsheet_cell, spreadsheet_frame

    columns = ordered_columns(df.columns, name)
    kinds, cells, dtypes = [], [], []
    for c in columns:
        s = df[c]
        dtype = s.dtype
        if pd.api.types.is_float_dtype(dtype):
            values = _rounded(s, c, name)
            if isinstance(values, np.ndarray):
                kind, out, dtype = FLOAT, values, values.dtype
            else:
                (kind, out), dtype = _csv_column(values), values.dtype
        elif _nan_texts(dtype):  # (texts: what `spreadsheet_frame` scans; the column's own array, read in place)
            out = _text_cells(s)
            risky = formula_cells(out, FORMULA_CHARS)
            if risky:
                out = out.copy()  # (the frame's array is never written)
                for i in risky:
                    out[i] = spreadsheet_cell(out[i])
            kind = TEXTS
        elif dtype == object or isinstance(dtype, pd.StringDtype):  # (other texts)
            out = s.to_numpy(dtype=object, na_value="").tolist()
            for i in formula_cells(out, FORMULA_CHARS):
                out[i] = spreadsheet_cell(out[i])
            kind = CELLS
        elif isinstance(dtype, np.dtype) and dtype.kind in "biu":  # (numbers, booleans: `spreadsheet_frame` keeps them)
            kind, out = _csv_column(s)
        else:  # (any other dtype as `spreadsheet_frame` makes it)
            s = spreadsheet_frame(s.to_frame())[c]
            (kind, out), dtype = _csv_column(s), s.dtype
        kinds.append(kind)
        cells.append(out)
        dtypes.append(str(dtype))
    head = rows([2] * len(kinds), [[str(c)] for c in columns], 1) if header else b""
    return columns, dtypes, head + rows(kinds, cells, len(df))


def _csv_column(s: pd.Series) -> tuple[int, object]:
    """(kind, values) of one column for `audit.present._csv.csv_rows`: an int64 array (INT), a bool array as bytes
    (BOOL), a float64 array (FLOAT: as numpy's `astype(str)` prints it, which is Python's `repr`, NaN blank), a `str`
    column's own object array (TEXTS: NaN blank), or a list of cells (CELLS: pandas' `get_values_for_csv` with na_rep
    "": missing values "", other floats via `astype(str)`)."""
    dtype = s.dtype
    if dtype.kind in "mM" or isinstance(dtype, (pd.PeriodDtype, pd.IntervalDtype, pd.SparseDtype)) or (
            isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype.kind in "mM"):
        raise TypeError(f"column {s.name!r}: {dtype} is not a table's dtype (the CSV writer takes numbers, booleans "
                        "and text)")
    if isinstance(dtype, np.dtype):
        values = s.to_numpy()
        if dtype == np.int64:
            return INT, np.ascontiguousarray(values)
        if dtype == np.bool_:
            return BOOL, np.ascontiguousarray(values).view(np.uint8)
        if dtype == np.float64:
            return FLOAT, np.ascontiguousarray(values)
        if dtype.kind == "f":
            return CELLS, _float_cells(values)
        values = np.array(values, dtype=object)
        values[pd.isna(values)] = ""
        return CELLS, values.tolist()
    if dtype.kind == "f":
        mask = s.isna().to_numpy(dtype=bool)
        values = np.asarray(s.array.astype(str), dtype=object)
        values[mask] = ""
        return CELLS, values.tolist()
    if _nan_texts(dtype):
        return TEXTS, _text_cells(s)
    return CELLS, s.to_numpy(dtype=object, na_value="").tolist()


INT, BOOL, CELLS, FLOAT, TEXTS = 0, 1, 2, 3, 4  # the kinds of column `audit.present._csv.csv_rows` writes


def _nan_texts(dtype: object) -> bool:
    """A text dtype whose missing value is NaN (pandas' default `str`): its array holds texts and NaN only, written
    as they are (`_text_cells`), NaN blank, by the compiled writer."""
    return isinstance(dtype, pd.StringDtype) and isinstance(dtype.na_value, float)


def _text_cells(s: pd.Series) -> np.ndarray:
    """The cells of a `_nan_texts` column as a numpy object array: the column's own, not copied (read only)."""
    return np.ascontiguousarray(np.asarray(s.array), dtype=object)


def _float_cells(values: np.ndarray) -> list:
    """A numpy float column's cells as pandas writes them: `astype(str)` (numpy's shortest repr), NaN blank."""
    mask = np.isnan(values)
    cells = values.astype(str).astype(object)
    cells[mask] = ""
    return cells.tolist()


WRITE_ROWS = 2_000  # rows formatted at a time by `write_csv_to` (pandas' `to_csv` writes ~100,000 cells at a time)


def write_csv_to(fh: BinaryIO, frame: pd.DataFrame) -> None:
    """A stable frame as a whole CSV file into a binary stream: the BOM, the header, the rows `WRITE_ROWS` at a time
    (`csv_bytes`: a large table is never one string in memory)."""
    fh.write(BOM + csv_bytes(frame.iloc[:0], header=True))
    for start in range(0, len(frame), WRITE_ROWS):
        fh.write(csv_bytes(frame.iloc[start:start + WRITE_ROWS], header=False))
