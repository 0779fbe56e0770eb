"""Comparing two runs of the audit history (`audit.history.store`): `compare(path, a, b)` answers, with one SQL query over
the two runs each, which pages got easier or harder (grade moved by more than `[history] grade_epsilon`), which were
added, removed or changed, which near-duplicate pairs and groups are new or resolved, which concepts each page gained
or lost, and which of the gate's checks changed status. The answers are pandas DataFrames (`Comparison`): the CLI
prints them (`audit compare`, text or --json) and the HTML report can show them as "since the last run".
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from audit.config import Settings
from audit.history.store import HistoryError, connect, resolve_path


@dataclass
class Comparison:
    """What changed from run `a` to run `b`, one DataFrame per question (empty when nothing changed)."""

    a: dict[str, Any]
    b: dict[str, Any]
    epsilon: float
    harder: pd.DataFrame  # page_id, grade_a, grade_b, change (> epsilon), sorted by change, largest first
    easier: pd.DataFrame  # the same, change < -epsilon, largest drop first
    added: pd.DataFrame  # page_id, status (pages only in b)
    removed: pd.DataFrame  # page_id, status (pages only in a)
    changed: pd.DataFrame  # page_id: pages in both whose file bytes differ
    status: pd.DataFrame  # page_id, status_a, status_b, reason_b
    pairs_new: pd.DataFrame  # page_a, page_b, similarity
    pairs_resolved: pd.DataFrame
    groups_new: pd.DataFrame  # pages (space-separated)
    groups_resolved: pd.DataFrame
    concepts_gained: pd.DataFrame  # page_id, category, concept, mentions (pages in both runs)
    concepts_lost: pd.DataFrame
    checks: pd.DataFrame  # name, title, status_a, status_b, message_b
    frames: tuple[str, ...] = field(default=("harder", "easier", "added", "removed", "changed", "status", "pairs_new",
                                             "pairs_resolved", "groups_new", "groups_resolved", "concepts_gained",
                                             "concepts_lost", "checks"), repr=False)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a": self.a, "b": self.b, "epsilon": self.epsilon}
        for name in self.frames:
            frame = getattr(self, name).astype(object)
            out[name] = frame.where(frame.notna(), None).to_dict(orient="records")
        return out


_PAGES = "(SELECT * FROM run_pages WHERE run_id = {})"
QUERIES = {
    "grades": "SELECT a.page_id, a.grade AS grade_a, b.grade AS grade_b, round(b.grade - a.grade, 4) AS change "
              f"FROM {_PAGES.format('$a')} a JOIN {_PAGES.format('$b')} b USING (page_id) "
              "WHERE abs(round(b.grade - a.grade, 4)) > $eps",  # grades as stored (4 decimals): no float noise
    "added": f"SELECT page_id, status FROM {_PAGES.format('$b')} WHERE page_id NOT IN "
             f"(SELECT page_id FROM run_pages WHERE run_id = $a) ORDER BY page_id",
    "changed": f"SELECT page_id FROM {_PAGES.format('$a')} a JOIN {_PAGES.format('$b')} b USING (page_id) "
               "WHERE a.content_hash IS DISTINCT FROM b.content_hash ORDER BY page_id",
    "status": f"SELECT page_id, a.status AS status_a, b.status AS status_b, b.reason AS reason_b "
              f"FROM {_PAGES.format('$a')} a JOIN {_PAGES.format('$b')} b USING (page_id) "
              "WHERE a.status <> b.status ORDER BY page_id",
    "pairs": "SELECT page_a, page_b, similarity FROM run_pairs WHERE run_id = $b AND (page_a, page_b) NOT IN "
             "(SELECT (page_a, page_b) FROM run_pairs WHERE run_id = $a) ORDER BY page_a, page_b",
    "groups": "SELECT pages FROM (SELECT string_agg(page_id, ' ' ORDER BY page_id) AS pages FROM run_groups "
              "WHERE run_id = $b GROUP BY group_id) EXCEPT SELECT pages FROM (SELECT string_agg(page_id, ' ' "
              "ORDER BY page_id) AS pages FROM run_groups WHERE run_id = $a GROUP BY group_id) ORDER BY pages",
    "concepts": "SELECT page_id, category, concept, mentions FROM run_concepts WHERE run_id = $b "
                "AND page_id IN (SELECT page_id FROM run_pages WHERE run_id = $a) AND (page_id, concept) NOT IN "
                "(SELECT (page_id, concept) FROM run_concepts WHERE run_id = $a) ORDER BY page_id, concept",
    "checks": "SELECT name, a.title, a.status AS status_a, b.status AS status_b, b.message AS message_b "
              "FROM (SELECT * FROM run_checks WHERE run_id = $a) a JOIN (SELECT * FROM run_checks "
              "WHERE run_id = $b) b USING (name) WHERE a.status <> b.status ORDER BY name",
}


def _run_row(con, ref: str | None, offset: int) -> dict[str, Any]:
    """A run by id ("r3", or just 3); None = the `offset`-th last run (0 = the last)."""
    if ref is None:
        row = con.execute("SELECT run_id FROM runs ORDER BY seq DESC LIMIT 1 OFFSET ?", [offset]).fetchone()
        if row is None:
            n = con.execute("SELECT count(*) FROM runs").fetchone()[0]
            raise HistoryError(f"comparing needs two recorded runs; the history has {n}")
        ref = row[0]
    run_id = f"r{ref}" if str(ref).isdigit() else str(ref)
    cols = ["run_id", "digest", "recorded_at", "command", "corpus_fingerprint", "settings_hash", "tool_version",
            "pages", "pages_ok", "passed"]
    row = con.execute(f"SELECT {', '.join(cols)} FROM runs WHERE run_id = ?", [run_id]).fetchone()
    if row is None:
        known = [r[0] for r in con.execute("SELECT run_id FROM runs ORDER BY seq").fetchall()]
        raise HistoryError(f"no run {ref!r} in the history (runs: {', '.join(known) or 'none'})")
    out = dict(zip(cols, row))
    out["recorded_at"] = out["recorded_at"].strftime("%Y-%m-%d %H:%M:%S")
    return out


def compare(path: str | Path, a: str | None = None, b: str | None = None, epsilon: float = 0.1) -> Comparison:
    """Compare run `a` with run `b` of the history at `path` (defaults: the last two runs, older first)."""
    con = connect(path, read_only=True)
    try:
        ra, rb = _run_row(con, a, 1 if b is None else 0), _run_row(con, b, 0)  # a alone: a vs the last run

        def q(name: str, x: str, y: str) -> pd.DataFrame:
            params = {"a": x, "b": y}
            if "$eps" in QUERIES[name]:
                params["eps"] = float(epsilon)
            return con.execute(QUERIES[name], params).df()

        ia, ib = ra["run_id"], rb["run_id"]
        grades = q("grades", ia, ib)
        harder = grades[grades["change"] > 0].sort_values(["change", "page_id"], ascending=[False, True])
        easier = grades[grades["change"] < 0].sort_values(["change", "page_id"], ascending=[True, True])
        return Comparison(
            ra, rb, float(epsilon), harder.reset_index(drop=True), easier.reset_index(drop=True),
            q("added", ia, ib), q("added", ib, ia), q("changed", ia, ib), q("status", ia, ib),
            q("pairs", ia, ib), q("pairs", ib, ia), q("groups", ia, ib), q("groups", ib, ia),
            q("concepts", ia, ib), q("concepts", ib, ia), q("checks", ia, ib))
    finally:
        con.close()



# ---------------------------------------------------------------- command line

def _lines(frame: pd.DataFrame, row: Any, limit: int) -> list[str]:
    out = [f"    {row(r)}" for r in frame.head(limit).itertuples(index=False)]
    if len(frame) > limit:
        out.append(f"    ... and {len(frame) - limit} more (--json lists all)")
    return out


def format_comparison(c: Comparison, limit: int = 20) -> str:
    """The comparison as text: a header naming both runs, then one section per question that has an answer."""
    a, b = c.a, c.b
    same = [what for what, key in (("corpus", "corpus_fingerprint"), ("settings", "settings_hash"),
                                   ("tool version", "tool_version")) if a[key] == b[key]]
    differ = [what for what in ("corpus", "settings", "tool version") if what not in same]
    head = [f"audit compare {a['run_id']} ({a['recorded_at']} UTC) -> {b['run_id']} ({b['recorded_at']} UTC)",
            f"  pages {a['pages_ok']} -> {b['pages_ok']} audited; "
            + (f"differs: {', '.join(differ)}" if differ else "same corpus, settings and tool version")
            + (f"; same: {', '.join(same)}" if same and differ else "")]
    sections = [
        ("pages harder (grade up by more than %g)" % c.epsilon, c.harder,
         lambda r: f"{r.page_id}  {r.grade_a:.2f} -> {r.grade_b:.2f}  ({r.change:+.2f})"),
        ("pages easier (grade down by more than %g)" % c.epsilon, c.easier,
         lambda r: f"{r.page_id}  {r.grade_a:.2f} -> {r.grade_b:.2f}  ({r.change:+.2f})"),
        ("pages added", c.added, lambda r: f"{r.page_id} ({r.status})"),
        ("pages removed", c.removed, lambda r: f"{r.page_id} ({r.status})"),
        ("pages whose text changed", c.changed, lambda r: f"{r.page_id}"),
        ("pages whose status changed", c.status, lambda r: f"{r.page_id}  {r.status_a} -> {r.status_b} {r.reason_b}"),
        ("near-duplicate pairs new", c.pairs_new, lambda r: f"{r.page_a} ~ {r.page_b}  ({r.similarity:.2f})"),
        ("near-duplicate pairs resolved", c.pairs_resolved, lambda r: f"{r.page_a} ~ {r.page_b}"),
        ("near-duplicate groups new", c.groups_new, lambda r: r.pages),
        ("near-duplicate groups resolved", c.groups_resolved, lambda r: r.pages),
        ("concepts gained", c.concepts_gained, lambda r: f"{r.page_id}: {r.concept} ({r.category}, {r.mentions}x)"),
        ("concepts lost", c.concepts_lost, lambda r: f"{r.page_id}: {r.concept} ({r.category})"),
        ("checks whose status changed", c.checks, lambda r: f"{r.name}: {r.status_a} -> {r.status_b}  {r.message_b}"),
    ]
    body = []
    for title, frame, row in sections:
        if len(frame):
            body.append(f"  {title}: {len(frame)}")
            body += _lines(frame, row, limit)
    return "\n".join(head + (body or ["  no change"])) + "\n"


def compare_main(args, settings: Settings) -> int:
    """`audit compare [RUN_A [RUN_B]]`: what changed between two runs (default: the last two)."""
    from audit.engine.output import json_text

    path = resolve_path(settings.replace(history={"enabled": True}), args.history)
    epsilon = settings.history.grade_epsilon if args.epsilon is None else args.epsilon
    try:
        result = compare(path, args.run_a, args.run_b, epsilon)
    except HistoryError as exc:
        print(f"audit: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(json_text(result.as_dict()) if args.json else format_comparison(result))
    return 0
