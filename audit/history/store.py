"""Audit history: every `audit run` / `report` / `check` recorded in an embedded DuckDB database; two runs compared.

One file (`audit-history.duckdb` beside the output folder unless `[history] path` / `--history` says otherwise) holds:

    runs          one row per run: run id (r1, r2, ... in this database), a digest of what the run saw (corpus
                  fingerprint + settings hash + tool version: equal digests, equal results), the time (here only:
                  never in the output tables, which stay byte-identical), the inputs, package versions, settings
    run_pages     per page: status, a hash of the file's bytes, words, grade, meets target, duplicate share, ...
    run_pairs     near-duplicate page pairs;  run_groups: the groups they form (connected pages)
    run_concepts  concept x page mentions (the coverage matrix's non-zero cells)
    run_checks    the CI gate's checks (`audit.present.gate.evaluate`) with their status

`audit.history.compare` asks what changed between two runs (SQL over the tables above). Writers take DuckDB's file lock for
one short transaction at the end of a run (waiting while another run records), so runs sharing one database append
safely; a new database appears whole (built under a temporary name, then linked into place).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import pandas as pd

from audit.config import Settings

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

DEFAULT_NAME = "audit-history.duckdb"
SCHEMA_VERSION = "1"
LOCK_WAIT_SECONDS = 120.0  # a run waits this long for another run (or a reader) to release the database file

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, seq INTEGER UNIQUE, digest VARCHAR, "
    "recorded_at TIMESTAMP, command VARCHAR, inputs VARCHAR, corpus_fingerprint VARCHAR, settings_hash VARCHAR, "
    "tool_version VARCHAR, versions VARCHAR, settings VARCHAR, pages INTEGER, pages_ok INTEGER, passed BOOLEAN)",
    "CREATE TABLE IF NOT EXISTS run_pages (run_id VARCHAR, page_id VARCHAR, source VARCHAR, status VARCHAR, "
    "reason VARCHAR, content_hash VARCHAR, words BIGINT, sentences BIGINT, grade DOUBLE, "
    "flesch_reading_ease DOUBLE, meets_target BOOLEAN, duplicate_share DOUBLE, max_similarity DOUBLE, "
    "concepts_covered BIGINT, jargon_unexplained BIGINT, PRIMARY KEY (run_id, page_id))",
    "CREATE TABLE IF NOT EXISTS run_pairs (run_id VARCHAR, page_a VARCHAR, page_b VARCHAR, similarity DOUBLE, "
    "exact BOOLEAN)",
    "CREATE TABLE IF NOT EXISTS run_groups (run_id VARCHAR, group_id VARCHAR, page_id VARCHAR)",
    "CREATE TABLE IF NOT EXISTS run_concepts (run_id VARCHAR, page_id VARCHAR, category VARCHAR, concept VARCHAR, "
    "mentions BIGINT)",
    "CREATE TABLE IF NOT EXISTS run_checks (run_id VARCHAR, name VARCHAR, title VARCHAR, status VARCHAR, "
    "value VARCHAR, threshold VARCHAR, message VARCHAR)",
)
# Per-page figures kept for every run (pages.csv columns; a measure that did not run leaves them empty)
PAGE_FLOATS = ("grade", "flesch_reading_ease", "duplicate_share", "max_similarity")
PAGE_INTS = ("words", "sentences", "concepts_covered", "jargon_unexplained")
PAGE_COLUMNS = ("page_id", "source", "status", "reason", "content_hash", "words", "sentences", "grade",
                "flesch_reading_ease", "meets_target", "duplicate_share", "max_similarity", "concepts_covered",
                "jargon_unexplained")


class HistoryError(RuntimeError):
    """The history database cannot be used (location, lock, format); the message says why."""


# ---------------------------------------------------------------- where

def default_path(out_dir: str | Path) -> Path:
    """`audit-history.duckdb` beside the output folder (in its parent): outside the outputs, so they stay the
    run's own files (byte-identical across re-runs), and kept when the output folder is replaced."""
    return Path(os.path.abspath(out_dir)).parent / DEFAULT_NAME


def resolve_path(settings: Settings, given: str | None = None, out_dir: str | Path | None = None) -> Path | None:
    """The database a command uses: `--history PATH`, else `[history] path`, else beside `out_dir` (run, report),
    else `./audit-history.duckdb` (history, compare). None when history is turned off (and no path is given)."""
    if given:
        return Path(given)
    if not settings.history.enabled:
        return None
    if settings.history.path:
        return Path(settings.history.path)
    return default_path(out_dir) if out_dir is not None else Path(DEFAULT_NAME)


def check_location(path: Path, inputs: Iterable[str | Path]) -> None:
    """HistoryError when the database would sit in the corpus (inside an input folder, or beside an input file):
    the corpus is never written to."""
    target = Path(os.path.abspath(path)).parent.resolve()
    for given in inputs:
        p = Path(given)
        if p.is_dir() and (target == p.resolve() or p.resolve() in target.parents):
            raise HistoryError(f"history database {path} would be inside the corpus folder {given}")
        if p.is_file() and target in (Path(os.path.abspath(p)).parent.resolve(), p.resolve().parent):
            raise HistoryError(f"history database {path} would be in the folder of the input file {given}")


# ---------------------------------------------------------------- what a run saw

def _digest(data: bytes | str, size: int = 16) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=size).hexdigest()


def _file_hash(path: Path, limit: int) -> str:
    """Hash of the bytes the audit reads from `path` (`audit.ingest.load.load_page`): regular files only (opened without
    blocking: a FIFO never stalls the run), a file over the size limit by its size alone; "" when unreadable."""
    h = hashlib.blake2b(digest_size=16)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return ""
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return ""
        if st.st_size > limit:
            h.update(f"size:{st.st_size}".encode("ascii"))
            return h.hexdigest()
        with os.fdopen(os.dup(fd), "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return h.hexdigest()


def _record_hash(path: Path, offset: int, limit: int) -> str:
    """Hash of the body of a web archive's response record (`audit.ingest.warc.read_payload`); "" when unreadable."""
    from audit.ingest.warc import read_payload

    try:
        return hashlib.blake2b(read_payload(path, offset, limit), digest_size=16).hexdigest()
    except (OSError, ValueError):
        return ""


def fingerprint(paths: Iterable[str | Path], settings: Settings) -> tuple[str, dict[str, str]]:
    """(corpus fingerprint, {page id: hash of its bytes}) of the pages `audit.ingest.discover.discover` finds (files, and the
    responses of web archives): the fingerprint hashes every page's id, shown path and bytes, in page-id order."""
    from audit.ingest.discover import discover

    sources, _ = discover(list(paths), settings.load, settings.crawl)
    pages: dict[str, str] = {}
    corpus = hashlib.blake2b(digest_size=16)
    for src in sources:
        pages[src.page_id] = (_record_hash(src.path, src.record, settings.load.max_page_bytes) if src.record >= 0
                              else _file_hash(src.path, settings.load.max_page_bytes))
        corpus.update(f"{src.page_id}\0{src.display}\0{pages[src.page_id]}\n".encode("utf-8"))
    return corpus.hexdigest(), pages


def settings_fingerprint(settings: Settings) -> tuple[str, str]:
    """(hash, canonical JSON) of the settings that decide the results: [run] and [history] left out, file-path
    settings (glossary, plain words) replaced by a hash of the file's content (moving a checkout changes nothing)."""
    data = settings.as_dict()
    data.pop("run", None)
    data.pop("history", None)
    from audit.config import PATH_KEYS

    for section, keys in PATH_KEYS.items():
        for key in keys:
            value = data.get(section, {}).get(key)
            if value:
                try:
                    data[section][key] = "content:" + _digest(Path(value).read_bytes())
                except OSError:
                    pass
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return _digest(text), text


@dataclass
class Snapshot:
    """Everything one run adds to the history, as DataFrames (the database rows without the run id)."""

    run: dict[str, Any]
    pages: pd.DataFrame
    pairs: pd.DataFrame
    groups: pd.DataFrame
    concepts: pd.DataFrame
    checks: pd.DataFrame


def _groups(pairs: pd.DataFrame) -> pd.DataFrame:
    """Connected groups of near-duplicate pages: (group_id = the group's first page id, page_id)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(pairs["page_a"], pairs["page_b"]):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    rows = sorted((find(p), p) for p in parent)
    return pd.DataFrame(rows, columns=["group_id", "page_id"])


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)


def snapshot(audit: "Audit", paths: Iterable[str | Path], command: str = "run") -> Snapshot:
    """What `record` stores for this run (no database needed)."""
    from audit.present import facts
    from audit.present.gate import evaluate
    from audit.engine.output import package_versions

    paths = [str(p) for p in paths]
    settings = audit.settings
    corpus, hashes = fingerprint(paths, settings)
    s_hash, s_json = settings_fingerprint(settings)
    versions = package_versions()
    p = audit.pages
    pages = pd.DataFrame({"page_id": p["page_id"].astype(str), "source": p["source"].astype(str),
                          "status": p["status"].astype(str), "reason": p["reason"].fillna("").astype(str)})
    pages["content_hash"] = pages["page_id"].map(hashes)
    missing = pd.Series(pd.NA, index=p.index, dtype="Float64")  # a column of a measure that did not run
    for c in PAGE_FLOATS + PAGE_INTS:  # floats rounded as the CSV tables are (`output.csv_text`)
        values = pd.to_numeric(p[c], errors="coerce") if c in p else missing
        pages[c] = values.round(4).astype("Float64") if c in PAGE_FLOATS else values.astype("Int64")
    pages["meets_target"] = (p["meets_target"] if "meets_target" in p else missing).astype("boolean")
    pages = pages[list(PAGE_COLUMNS)]
    near = facts.near_duplicate_pairs(audit)
    pairs = pd.DataFrame(columns=["page_a", "page_b", "similarity", "exact"])
    if near is not None and len(near):
        a, b = near["page_a"].astype(str), near["page_b"].astype(str)
        sim = facts.first_col(near, facts.SIM_COLS)
        exact = facts.first_col(near, ("exact_duplicate", "exact"))
        pairs = pd.DataFrame({"page_a": a.where(a <= b, b), "page_b": b.where(a <= b, a),
                              "similarity": near[sim].astype(float).round(4) if sim else float("nan"),
                              "exact": near[exact].fillna(False).astype(bool) if exact else False})
        pairs = pairs.sort_values(["page_a", "page_b"]).drop_duplicates(["page_a", "page_b"]).reset_index(drop=True)
    concepts = pd.DataFrame(columns=["page_id", "category", "concept", "mentions"])
    terms = facts.table(audit, "terms")  # one row per concept x page found (long: no wide matrix needed)
    con_col, cat_col = facts.first_col(terms, facts.CONCEPT_COLS), facts.first_col(terms, facts.CATEGORY_COLS)
    count_col = facts.first_col(terms, facts.COUNT_COLS)
    if terms is not None and len(terms) and con_col and "page_id" in terms:
        concepts = pd.DataFrame({"page_id": terms["page_id"].astype(str),
                                 "category": terms[cat_col].astype(str) if cat_col else "",
                                 "concept": terms[con_col].astype(str),
                                 "mentions": pd.to_numeric(terms[count_col], errors="coerce").fillna(0).astype("int64")
                                 if count_col else 1})
        concepts = concepts.groupby(["page_id", "category", "concept"], as_index=False, sort=True)["mentions"].sum()
        concepts = concepts[concepts["mentions"] > 0].reset_index(drop=True)
    verdict = evaluate(audit)
    checks = pd.DataFrame([{"name": c.name, "title": c.title, "status": c.status, "value": _json(c.value),
                            "threshold": _json(c.limit), "message": c.message} for c in verdict.checks],
                          columns=["name", "title", "status", "value", "threshold", "message"])
    tool = versions.get("audit", "unknown")
    run = {"digest": _digest(f"{corpus}\0{s_hash}\0{tool}", 5), "command": command, "inputs": _json(paths),
           "corpus_fingerprint": corpus, "settings_hash": s_hash, "tool_version": tool, "versions": _json(versions),
           "settings": s_json, "pages": int(len(pages)), "pages_ok": int((pages["status"] == "ok").sum()),
           "passed": bool(verdict.passed)}
    return Snapshot(run, pages, pairs, _groups(pairs), concepts, checks)


# ---------------------------------------------------------------- the database

def connect(path: str | Path, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS):
    """A DuckDB connection to the history database, waiting while another process holds its lock."""
    import duckdb

    path = Path(path)
    if read_only and not path.is_file():
        raise HistoryError(f"no history database at {path} (`audit run`, `report` and `check` record one)")
    if not read_only and not path.exists():
        _create(path)
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:  # another process holds the file's lock: wait for it
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise HistoryError(f"{path}: {str(exc).splitlines()[0]}") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        except duckdb.Error as exc:
            raise HistoryError(f"{path}: not a history database ({str(exc).splitlines()[0]})") from None
    try:
        _check_schema(con, path, read_only)
    except BaseException:
        con.close()
        raise
    return con


def _create(path: Path) -> None:
    """A new database appears whole: built under a temporary name in the same folder, then linked into place
    (`os.link` fails when another process got there first; its database is then the one used)."""
    import duckdb

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.parent / f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp"
        con = duckdb.connect(str(tmp))
        try:
            _check_schema(con, tmp, read_only=False)
        finally:
            con.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.rename(tmp, path)
        finally:
            for leftover in (tmp, Path(f"{tmp}.wal")):
                leftover.unlink(missing_ok=True)
    except (OSError, duckdb.Error) as exc:
        raise HistoryError(f"cannot create the history database {path}: {exc}") from None


def _check_schema(con, path: Path, read_only: bool) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "meta" in tables:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise HistoryError(f"{path}: history schema {row[0] if row else '?'} (this version reads {SCHEMA_VERSION})")
    elif tables:
        raise HistoryError(f"{path}: a DuckDB database, but not an audit history")
    elif not read_only:
        for statement in SCHEMA:
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])


def record(audit: "Audit", paths: Iterable[str | Path], path: str | Path, command: str = "run",
           now: datetime | None = None) -> str:
    """Record this run in the history database at `path`; returns its run id ("r1", "r2", ...)."""
    import duckdb

    snap = snapshot(audit, paths, command)
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None)
    con = connect(path)
    try:
        con.execute("BEGIN TRANSACTION")
        seq = int(con.execute("SELECT coalesce(max(seq), 0) + 1 FROM runs").fetchone()[0])
        run_id = f"r{seq}"
        r = snap.run
        con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [run_id, seq, r["digest"], when, r["command"], r["inputs"], r["corpus_fingerprint"],
                     r["settings_hash"], r["tool_version"], r["versions"], r["settings"], r["pages"], r["pages_ok"],
                     r["passed"]])
        for table, frame in (("run_pages", snap.pages), ("run_pairs", snap.pairs), ("run_groups", snap.groups),
                             ("run_concepts", snap.concepts), ("run_checks", snap.checks)):
            if len(frame):
                con.register("frame", frame)
                con.execute(f"INSERT INTO {table} SELECT ?, * FROM frame", [run_id])
                con.unregister("frame")
        con.execute("COMMIT")
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - the original error is what matters
            pass
        if isinstance(exc, duckdb.Error):
            raise HistoryError(f"{path}: {str(exc).splitlines()[0]}") from None
        raise
    finally:
        con.close()
    return run_id


def runs(path: str | Path) -> pd.DataFrame:
    """Every recorded run, oldest first: run, digest, time (UTC), command, pages, audited, passed, corpus, settings,
    version; with the mean grade and the near-duplicate pairs of each run."""
    con = connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT run_id AS run, digest, strftime(recorded_at, '%Y-%m-%d %H:%M:%S') AS recorded_utc, command, "
            "pages, pages_ok AS audited, (SELECT round(avg(grade), 2) FROM run_pages p WHERE p.run_id = r.run_id) "
            "AS mean_grade, (SELECT count(*) FROM run_pairs q WHERE q.run_id = r.run_id) AS near_duplicate_pairs, "
            "passed AS gate_passed, left(corpus_fingerprint, 10) AS corpus, left(settings_hash, 10) AS settings, "
            "tool_version AS version FROM runs r ORDER BY seq").df()
    finally:
        con.close()


# ---------------------------------------------------------------- command line

def history_main(args, settings: Settings) -> int:
    """`audit history`: the recorded runs, oldest first (text, or JSON with --json)."""
    from audit.engine.output import json_text

    path = resolve_path(settings.replace(history={"enabled": True}), args.history)
    try:
        table = runs(path)
    except HistoryError as exc:
        print(f"audit: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(json_text(table.astype(object).where(table.notna(), None).to_dict(orient="records")))
    elif table.empty:
        print(f"no runs recorded in {path}")
    else:
        print(table.to_string(index=False, na_rep="-"))
    return 0
