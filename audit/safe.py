"""Small guards shared by every writer and reader: spreadsheet-safe cells, printable names, bounded file reads.

- `spreadsheet_cell` / `spreadsheet_frame`: the OWASP rule against CSV (formula) injection, for CSV and xlsx alike:
  a text cell beginning with `=`, `+`, `-`, `@`, tab or carriage return is a formula to Excel and LibreOffice, so it
  gets a leading single quote. Numbers stay numbers (numeric columns are never touched, and a text cell that is just
  a number such as "-3.5" is left as it is: it evaluates to itself).
- `printable`: control characters (C0, DEL, C1) and bidirectional overrides in a file name or page text escaped as
  `\\xNN` / `\\uNNNN`, so a file named `\\e[2J...` cannot rewrite the terminal or fake a line of output.
- `read_capped`: a configuration or glossary file read only if it is a regular file (a FIFO would hang the run,
  `/dev/zero` would fill the memory) and at most `limit` bytes long.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_cell(value: object) -> object:
    """`value` safe to open in a spreadsheet: a text starting like a formula is prefixed with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER_RE.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell made safe (`spreadsheet_cell`); numeric, boolean and datetime columns are kept as
    they are. Returns `df` itself when no cell needs a change (the common case: one pass over each text column)."""
    from audit.present._csv import formula_cells

    out = df
    for col in df.columns:
        s = df[col]
        if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
            continue
        values = np.ascontiguousarray(s.to_numpy(dtype=object))
        risky = formula_cells(values, FORMULA_CHARS)  # (the texts starting with a FORMULA_START character)
        if not risky:
            continue
        if out is df:
            out = df.copy()
        fixed = values.copy()
        for i in risky:
            fixed[i] = spreadsheet_cell(fixed[i])
        out[col] = pd.Series(fixed, index=s.index, dtype=s.dtype if pd.api.types.is_string_dtype(s.dtype) else object)
    return out


FORMULA_CHARS = "".join(FORMULA_START)


_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`str(text)` with control characters escaped (`\\x1b`, `\\n`, `\\u202e`): safe to print on a terminal or in
    a CI log as one line."""
    s = str(text)
    if not _CONTROL_RE.search(s):
        return s
    return _CONTROL_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), s)


def say(text: str, file=None) -> None:
    """`print(text, file=file)` for the command line; a reader that went away (`audit check ... | head`) ends the
    output quietly instead of turning the verdict into an error: stdout/stderr then go to /dev/null."""
    import sys

    file = file or sys.stdout
    try:
        print(text, file=file)
        file.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, file.fileno())
        os.close(devnull)


class InputFileError(ValueError):
    """A configuration or glossary file that cannot be read safely; the message says which file and why."""


def read_capped(path: str | Path, limit: int, what: str) -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes; else `InputFileError` (one line).

    Opened non-blocking, so a FIFO swapped in after the check still cannot hang the read."""
    path = Path(path)
    shown = printable(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputFileError(f"{what} not found: {shown}") from None
    except OSError as exc:
        raise InputFileError(f"{what} {shown} cannot be read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a folder" if stat.S_ISDIR(st.st_mode)
                    else "a device or special file")
            raise InputFileError(f"{what} {shown} is {kind}, not a regular file")
        if st.st_size > limit:
            raise InputFileError(f"{what} {shown} is too large: {st.st_size:,} bytes > limit {limit:,}")
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            except OSError as exc:
                raise InputFileError(f"{what} {shown} cannot be read: {exc.strerror or exc}") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputFileError(f"{what} {shown} is too large: over {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)
