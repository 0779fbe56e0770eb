"""`audit.xlsx`: every table of a run in one workbook, one sheet per table, for editors who work in a spreadsheet.

Each sheet holds what its CSV file holds (`audit.present.tables.stable_frame`: the same column order, rounding and
spreadsheet-safe text), with the header row frozen, an autofilter over the table and column widths fitted to the
header and the first rows. The first sheet, `about`, lists every table with its rows and says which sheets were cut.

- **Cost**: openpyxl writes ~20,000–100,000 cells a second (every cell is a Python object and an XML element): on a
  1,000-page site (1.8 M cells in all tables) that is more than the whole audit, so the workbook is written on
  request (`audit run --xlsx`, `[run] xlsx = true`; `make audit` asks for it).
- **Large tables**: a sheet holds at most `[run] xlsx_max_rows` rows (never more than Excel's 1,048,575 below the
  header); the rest is left to the CSV file and the `about` sheet says "first N of M rows". openpyxl's write-only
  mode streams the rows (memory stays flat); a streaming run's tables are read part by part from its spill folder.
- **Byte-identical**: openpyxl stamps the save time into `docProps/core.xml` and each zip entry's date; here the
  document's created/modified times are fixed (`FIXED_TIME`) and the archive is re-packed with fixed entry dates, so
  two runs on the same input give the same bytes.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, Iterator

import pandas as pd

from audit.present.rows import batches, count as table_count
from audit.present.tables import stable_frame

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

EXCEL_MAX_ROWS = 1_048_576  # rows per sheet in Excel, the header row included
FIXED_TIME = datetime(2000, 1, 1)  # docProps created / modified (a fixed stamp: byte-identical files)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry dates (the zip format's earliest)
MAX_WIDTH = 60  # characters: longer text is cut off on screen (the cell holds it all)
SAMPLE_ROWS = 200  # rows that column widths are fitted to
ROW_SLICE = 20_000  # rows turned into Python values at a time
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\ (Excel's rules)."""
    base = (name.translate(_BAD_SHEET_CHARS) or "table")[:31]
    out, i = base, 2
    while out.lower() in taken:
        suffix = f" {i}"
        out, i = base[:31 - len(suffix)] + suffix, i + 1
    taken.add(out.lower())
    return out


# Sheets in the order an editor turns to them (the site template's blocks last); other tables follow, A-Z.
SHEET_ORDER = ("pages", "sentences", "difficult_words", "plain_language", "pairs", "passages", "jargon", "terms",
               "term_gaps", "term_overlap", "term_candidates", "blocks")


def table_names(audit: "Audit") -> list[str]:
    """Every table of the run (pages, blocks, sentences and the measures' tables) in `SHEET_ORDER`: the same order
    for an in-memory and a streaming run."""
    names = {"pages", "blocks", "sentences", *audit.tables}
    return [n for n in SHEET_ORDER if n in names] + sorted(names - set(SHEET_ORDER))


def table_parts(audit: "Audit", name: str) -> Iterator[pd.DataFrame]:
    """Table `name` in row order, in parts: one frame in memory, or a streaming run's parts read one at a time (a
    part a batch of rows at a time, `rows.batches`: a corpus job's table, such as passages, is one large part)."""
    if audit.streamed(name) and name == "sentences":  # (with the corpus columns such as rewrite_rank)
        yield from audit.spill.frames(name)
    elif audit.streamed(name):
        for batch in batches(audit, name):
            yield batch.reset_index(drop=True)
    elif name == "pages":
        yield audit.pages
    elif name in ("blocks", "sentences"):
        yield getattr(audit, name)
    else:
        yield audit.tables[name]


ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # control characters XML 1.0 cannot hold (openpyxl refuses them)


def _rows(frame: pd.DataFrame) -> list[list]:
    """Cell values row by row: missing values as empty cells, numpy scalars as Python numbers, control characters
    that XML cannot hold shown as U+FFFD (the CSV file keeps them)."""
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
            continue
        text = s.map(lambda v: v if isinstance(v, str) else "")
        bad = text.str.contains(ILLEGAL, regex=True).to_numpy(dtype=bool, na_value=False)
        if bad.any():
            frame = frame.copy()
            fixed = s.astype(object)
            fixed[bad] = text[bad].str.replace(ILLEGAL, "\ufffd", regex=True)
            frame[col] = fixed
    values = frame.astype(object).where(frame.notna(), None)
    return values.to_numpy(dtype=object).tolist()


def _widths(columns: list[str], rows: list[list]) -> list[float]:
    out = []
    for i, col in enumerate(columns):
        longest = max([len(str(col))] + [len(_shown(r[i])) for r in rows[:SAMPLE_ROWS]])
        out.append(min(MAX_WIDTH, longest + 2))
    return out


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def build_workbook(audit: "Audit", max_rows: int) -> bytes:
    """The workbook's bytes as openpyxl writes them (times fixed; zip entry dates not yet)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    limit = max(1, min(int(max_rows), EXCEL_MAX_ROWS - 1))
    wb = Workbook(write_only=True)
    wb.properties.creator = "audit"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    about = wb.create_sheet("about")
    taken = {"about"}
    notes: list[list] = []
    bold = Font(bold=True)
    for name in table_names(audit):
        title = sheet_name(name, taken)
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        written = total = 0
        columns: list[str] | None = None
        parts = (stable_frame(part, name) for part in table_parts(audit, name))
        first: list[pd.DataFrame] = []  # the parts holding the rows the widths are fitted to
        for frame in parts:
            first.append(frame)
            if sum(len(f) for f in first) >= min(SAMPLE_ROWS, limit):
                break
        if first:
            columns = [str(c) for c in first[0].columns]
            sample: list[list] = []
            for frame in first:
                sample += _rows(frame.head(min(SAMPLE_ROWS, limit) - len(sample)))
            for i, width in enumerate(_widths(columns, sample), start=1):
                ws.column_dimensions[_column_letter(i)].width = width
            header = []
            for col in columns:
                cell = WriteOnlyCell(ws, value=col)
                cell.font = bold
                header.append(cell)
            ws.append(header)
        for frame in chain(first, parts):
            total += len(frame)
            # cell values made a slice of rows at a time: a large table is never one list of Python rows
            for start in range(0, max(0, min(len(frame), limit - written)), ROW_SLICE):
                rows = _rows(frame.iloc[start:min(start + ROW_SLICE, limit - written)])
                for row in rows:
                    ws.append(row)
            written = min(limit, written + len(frame)) if written < limit else written
            if written >= limit and audit.streamed(name):  # the rest is only counted: not read
                total = table_count(audit, name)
                break
        if columns is None:  # a streamed table without rows: its header only
            columns = [str(c) for c in stable_frame(audit.spill.frame(name), name).columns]
            ws.append(columns)
        if columns:
            ws.auto_filter.ref = f"A1:{_column_letter(len(columns))}{written + 1}"
        cut = f"first {written:,} of {total:,} rows (the CSV file holds them all)" if written < total else ""
        notes.append([title, f"{name}.csv", total, cut])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 24
    about.column_dimensions["C"].width = 10
    about.column_dimensions["D"].width = 60
    head = []
    for text in ("sheet", "file", "rows", "note"):
        cell = WriteOnlyCell(about, value=text)
        cell.font = bold
        head.append(cell)
    about.append(head)
    for row in notes:
        about.append(row)
    about.append([])
    about.append(["Each sheet holds the CSV file of the same name (figures rounded as in the report). Sort and "
                  "filter with the arrows in row 1."])
    buf = io.BytesIO()
    wb.save(buf)  # (openpyxl sets `modified` to now on save: set back when re-packed)
    return buf.getvalue()


def _fixed_core(xml: bytes) -> bytes:
    """docProps/core.xml with the modified time openpyxl stamped at save replaced by `FIXED_TIME`."""
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def repack(data: bytes) -> bytes:
    """The xlsx archive re-written with fixed entry dates and attributes (and the fixed modified time): the same
    workbook gives the same bytes on every run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED  # (zlib's default level, 6)
            entry.external_attr = 0o600 << 16
            entry.create_system = 3
            if info.filename == "docProps/core.xml":
                dst.writestr(entry, _fixed_core(src.read(info.filename)))
                continue
            entry.file_size = info.file_size
            # a sheet's XML copied a slice at a time (a 50,000-row sheet is ~100 MB of XML): never whole in memory
            with src.open(info) as body, dst.open(entry, "w") as sink:
                shutil.copyfileobj(body, sink, 1 << 20)
    return out.getvalue()


def workbook_bytes(audit: "Audit") -> bytes:
    """The bytes of audit.xlsx (`audit.engine.output.write_audit` writes them atomically)."""
    return repack(build_workbook(audit, audit.settings.run.xlsx_max_rows))
