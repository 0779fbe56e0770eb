"""#14, the analyse chunk's plumbing: the workers' CSV parts are written by a compiled loop (`audit.present._csv`,
through `tables.csv_bytes`) instead of pandas' `to_csv`; the bytes must be pandas' own, on real tables and on every
kind of cell a table can hold."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import audit
from audit.present import tables
from audit.present.tables import BOM, csv_bytes, csv_rows, stable_csv, stable_frame, write_csv_to

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)


def pandas_bytes(frame: pd.DataFrame, header: bool) -> bytes:
    """The reference: what the CSV files were before (`DataFrame.to_csv`, '\\n' line ends), as UTF-8."""
    return frame.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")


@pytest.fixture(scope="module")
def real_audit():
    return audit.run(REAL, progress=False)


def test_every_table_of_a_real_audit_is_written_as_pandas_writes_it(real_audit):
    names = ["pages", "blocks", "sentences", *real_audit.tables]
    frames = {n: real_audit.pages if n == "pages" else real_audit.core[n] if n in ("blocks", "sentences")
              else real_audit.tables[n] for n in names}
    checked = 0
    for name, frame in frames.items():
        stable = stable_frame(frame, name)
        for header in (True, False):
            assert csv_bytes(stable, header) == pandas_bytes(stable, header), name
        checked += len(stable)
    text = b"".join(csv_bytes(stable_frame(frames[n], n), False) for n in ("blocks", "sentences"))
    assert checked > 1000 and b'"' in text and b"\xe2\x80" in text  # (quoted fields and non-ASCII text were met)


def test_a_whole_file_written_in_slices_is_pandas_whole_file(real_audit, monkeypatch):
    """`write_csv_to` (the in-memory tables' files) formats `WRITE_ROWS` rows at a time: slices join seamlessly."""
    stable = stable_frame(real_audit.sentences, "sentences")
    monkeypatch.setattr(tables, "WRITE_ROWS", 7)  # (slice boundaries inside the table, a last short slice)
    assert len(stable) % 7
    fh = io.BytesIO()
    write_csv_to(fh, stable)
    assert fh.getvalue() == BOM + pandas_bytes(stable, True)


def test_every_kind_of_cell_as_pandas_writes_it():
    frame = pd.DataFrame({
        "text": pd.array(["x\ry", "a,b", 'q"q', "", None, "n\nl", " s ", "é€𝄞"], dtype="str"),
        "object": np.array([None, 1.5, np.float64(0.25), np.nan, pd.NA, "t", 3, True], dtype=object),
        "int64": np.arange(-4, 4, dtype=np.int64) * 10**17 + np.array([0, 0, 0, 0, 0, 0, 0, 2**63 - 1 - 3 * 10**17]),
        "float": [0.1, np.nan, 1e16, 1e-5, -0.0, np.inf, 3.0, 1 / 3],
        "bool": [True, False] * 4,
        "Int64": pd.array([1, None, 3, 4, 5, 6, 7, -8], dtype="Int64"),
        "Float64": pd.array([1.5, None, 3, 4, 5, 6, 7, 8], dtype="Float64"),
        "uint64": np.arange(8, dtype=np.uint64) + 2**63,
        "int32": np.arange(8, dtype=np.int32),
        "float32": np.linspace(0, 1, 8, dtype=np.float32),
        "boolean": pd.array([True, None] * 4, dtype="boolean"),
        "category": pd.Categorical(list("abababab")),
        "a,b": [-2**63] + [0] * 7,
    })
    for header in (True, False):
        assert csv_bytes(frame, header) == pandas_bytes(frame, header)
        assert csv_rows(frame, header) == pandas_bytes(frame, header).decode("utf-8")
    for one in (pd.DataFrame({"a": ["", "x", None]}), pd.DataFrame({"a": [1.0, np.nan]}), frame.iloc[:0]):
        assert csv_bytes(one) == pandas_bytes(one, True)  # (a row whose only field is empty is written '""')


def test_a_parts_csv_in_one_pass_is_the_stable_frames(real_audit):
    """`stable_csv` (a store part's CSV lines, columns and dtypes, without building the stable frame) writes what
    `csv_bytes(stable_frame(...))` writes, on every table of a real audit and on every kind of cell: rounding by kind
    (a whole-number count column becoming Int64), formula-like texts quoted, private columns dropped."""
    frames = {"pages": real_audit.pages, "blocks": real_audit.core["blocks"], "sentences": real_audit.core["sentences"],
              **{n: real_audit.tables[n] for n in real_audit.tables}}
    odd = pd.DataFrame({
        "text": pd.array(["=1+2", "a,b", 'q"q', "", None, "n\nl", "-3.5", "@x"], dtype="str"),
        "object": np.array([None, 1.5, "+cmd", np.nan, pd.NA, "-x", 3, True], dtype=object),
        "string": pd.array(["@a", None, "b", "c", "+1", "-1.5", "-x", ""], dtype="string"),
        "words_x": [1.0, np.nan, 3, 4, 5, 6, 7, 8], "grade": [1.04, np.nan, 3, 4, 5, 6, 7, 8.25],
        "jaccard": [0.12345, 1, 0, 0.5, np.nan, 0.9999, 0.1, 0.2], "share": [1 / 3] * 8,
        "Float64": pd.array([1.5, None, 3, 4, 5, 6, 7, 8], dtype="Float64"),
        "Int64": pd.array([1, None, 3, 4, 5, 6, 7, -8], dtype="Int64"), "int64": np.arange(8),
        "bool": [True, False] * 4, "boolean": pd.array([True, None] * 4, dtype="boolean"),
        "category": pd.Categorical(list("ab=b-bab")), "_private": 1})
    frames["odd"] = odd
    risky = 0
    for name, frame in frames.items():
        stable = stable_frame(frame, name)
        risky += int((stable.astype(str) != frame[list(stable.columns)].astype(str)).to_numpy().sum())
        for header in (True, False):
            assert stable_csv(frame, name, header) == (list(stable.columns), [str(t) for t in stable.dtypes],
                                                       csv_bytes(stable, header)), name
    assert "Int64" in [str(t) for t in stable_frame(odd, "odd").dtypes] and risky > 8  # (both rules were met)
    assert odd["text"].tolist()[0] == "=1+2"  # (a str column's own array is read in place, never written)


def test_floats_are_written_as_pandas_writes_them_whatever_their_bits():
    """Float64 cells are printed by the compiled writer as Python's `repr` (what numpy's `astype(str)` gives pandas):
    the same text for any double, tiny, huge, negative zero, infinite, subnormal or of many digits."""
    rng = np.random.default_rng(7)
    bits = rng.integers(0, 2**64 - 1, 20_000, dtype=np.uint64, endpoint=True)
    values = np.concatenate([bits.view(np.float64), np.round(rng.normal(0, 100, 5_000), 1), 10.0 ** np.arange(-20, 21),
                             [5e-324, -0.0, np.inf, -np.inf, np.nan, 1e16, 9999999999999998.0, 1e-4, 9.9e-5]])
    frame = pd.DataFrame({"x": values})
    assert np.isnan(values).any() and csv_bytes(frame) == pandas_bytes(frame, True)


@pytest.mark.parametrize("values", [pd.to_datetime(["2024-01-01"]), pd.to_timedelta(["1s"]),
                                    pd.period_range("2024-01", periods=1, freq="M")])
def test_dates_are_refused_not_written_differently(values):
    with pytest.raises(TypeError, match="not a table's dtype"):
        csv_bytes(pd.DataFrame({"when": values}))
