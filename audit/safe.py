"""Spreadsheet-safe cells, shared by every table writer (CSV and xlsx alike).

`spreadsheet_cell` / `spreadsheet_frame`: the OWASP rule against CSV (formula) injection: a text cell beginning with
`=`, `+`, `-`, `@`, tab or carriage return is a formula to Excel and LibreOffice, so it gets a leading single quote.
Numbers stay numbers (numeric columns are never touched, and a text cell that is just a number such as "-3.5" is
left as it is: it evaluates to itself).

(The same functions as helper i18's `audit/safe.py`, which also holds other guards: the two files are to be
reconciled into theirs.)
"""
from __future__ import annotations

import re

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
    they are. Returns `df` itself when no cell needs a change (the common case costs one scan per text column)."""
    out = df
    for col in df.columns:
        s = df[col]
        if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
            continue
        first = s.str[:1] if pd.api.types.is_string_dtype(s.dtype) else s.map(_first_char)
        risky = first.isin(FORMULA_START).to_numpy(dtype=bool, na_value=False)
        if not risky.any():
            continue
        if out is df:
            out = df.copy()
        fixed = s[risky].map(spreadsheet_cell)
        out[col] = s.astype(object)
        out.loc[risky, col] = fixed.to_numpy(dtype=object)
    return out


def _first_char(value: object) -> str:
    return value[:1] if isinstance(value, str) else ""
