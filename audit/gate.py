"""The CI gate: `audit check PATH... [--config FILE] [--json]`.

Four checks, thresholds from the `[check]` section of the config (see `audit.example.toml`):

- readability      pages above the grade limit ([check] max_grade, else [readability] target_grade)
                   must number at most `max_pages_over_target`;
- near_duplicates  page pairs at or above [duplication] near_duplicate_threshold: at most `max_near_duplicate_pairs`;
- duplicate_share  no page may have more than `max_duplicate_share` of its body duplicated on other pages;
- required_concepts every concept in `required_concepts` must appear on at least one page.

Each check ends `pass`, `fail`, `not_evaluated` (its measure produced no data: reported, never silently passed;
it fails the gate when `fail_if_not_evaluated = true`) or `not_configured` (nothing required).

Exit codes: 0 all evaluated checks pass, 1 a check failed, 2 usage or input error (bad config, no such path, no page
could be audited).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from . import views
from .config import Settings

PASS, FAIL, NOT_EVALUATED, NOT_CONFIGURED = "pass", "fail", "not_evaluated", "not_configured"
LABELS = {PASS: "PASS", FAIL: "FAIL", NOT_EVALUATED: "N/A ", NOT_CONFIGURED: "--  "}


@dataclass
class Check:
    name: str
    title: str
    status: str
    message: str
    value: Any = None
    limit: Any = None
    items: list[dict[str, Any]] = field(default_factory=list)  # the offending pages / pairs / concepts


@dataclass
class Verdict:
    passed: bool
    exit_code: int
    checks: list[Check]
    pages: dict[str, int]
    skipped: list[dict[str, str]]

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAIL]

    @property
    def not_evaluated(self) -> list[Check]:
        return [c for c in self.checks if c.status == NOT_EVALUATED]

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "exit_code": self.exit_code,
            "failed": [c.name for c in self.failed],
            "not_evaluated": [c.name for c in self.not_evaluated],
            "pages": self.pages,
            "skipped": self.skipped,
            "checks": [asdict(c) for c in self.checks],
        }


def _round(x: float, digits: int = 2) -> float:
    return round(float(x), digits)


def check_readability(audit, settings: Settings) -> Check:
    limit = views.max_grade(settings)
    allowed = settings.check.max_pages_over_target
    title = "readability"
    over = views.pages_over_target(audit, settings)
    if over is None:
        return Check("readability", title, NOT_EVALUATED, "not evaluated: no page grade (readability not measured)",
                     limit=allowed)
    items = [{"page_id": r.page_id, "grade": _round(r.grade, 1)} for r in over.itertuples()]
    n_ok = int(len(views.ok_pages(audit)))
    status = FAIL if len(over) > allowed else PASS
    msg = f"{len(over)} of {n_ok} page(s) above grade {limit:g} (allowed: {allowed})"
    grades = views.grades(audit)
    ungraded = int(grades.isna().sum()) if grades is not None else 0
    if ungraded:
        msg += f"; {ungraded} page(s) not graded (too short)"
    return Check("readability", title, status, msg, value=int(len(over)), limit=allowed, items=items)


def check_near_duplicates(audit, settings: Settings) -> Check:
    allowed = settings.check.max_near_duplicate_pairs
    threshold = settings.duplication.near_duplicate_threshold
    title = "near-duplicate pairs"
    nd = views.near_duplicate_pairs(audit, settings)
    if nd is None:
        return Check("near_duplicates", title, NOT_EVALUATED,
                     "not evaluated: no page pairs (duplication not measured)", limit=allowed)
    items = [{"page_a": str(r["page_a"]), "page_b": str(r["page_b"]),
              **({"similarity": _round(r["similarity"])} if "similarity" in nd.columns else {})}
             for _, r in nd.iterrows()]
    status = FAIL if len(nd) > allowed else PASS
    msg = f"{len(nd)} pair(s) at similarity >= {threshold:g} (allowed: {allowed})"
    return Check("near_duplicates", title, status, msg, value=int(len(nd)), limit=allowed, items=items)


def check_duplicate_share(audit, settings: Settings) -> Check:
    limit = settings.check.max_duplicate_share
    title = "duplicate share"
    pages = views.ok_pages(audit)
    if "duplicate_share" not in pages.columns or pages["duplicate_share"].dropna().empty:
        return Check("duplicate_share", title, NOT_EVALUATED,
                     "not evaluated: no duplicate_share per page (duplication not measured)", limit=limit)
    share = pages.set_index("page_id")["duplicate_share"].astype(float)
    over = share[share > limit + 1e-12].sort_values(ascending=False, kind="mergesort")
    items = [{"page_id": pid, "duplicate_share": _round(v, 4)} for pid, v in over.items()]
    top = float(share.max()) if share.notna().any() else 0.0
    status = FAIL if len(over) else PASS
    msg = (f"{len(over)} page(s) with more than {limit:.0%} of the body duplicated elsewhere "
           f"(highest: {top:.0%})")
    return Check("duplicate_share", title, status, msg, value=_round(top, 4), limit=limit, items=items)


def check_required_concepts(audit, settings: Settings) -> Check:
    required = list(settings.check.required_concepts)
    title = "required concepts"
    if not required:
        return Check("required_concepts", title, NOT_CONFIGURED, "none required ([check] required_concepts)",
                     value=0, limit=0)
    found = views.concepts_found(audit)
    if found is None:
        return Check("required_concepts", title, NOT_EVALUATED,
                     "not evaluated: no concept coverage (term coverage not measured)", limit=required)
    missing = [c for c in required if found.get(c.casefold(), 0) == 0]
    items = [{"concept": c, **({} if c.casefold() in found else {"note": "not in the glossary"})} for c in missing]
    status = FAIL if missing else PASS
    names = ", ".join(c + ("" if c.casefold() in found else " (not in the glossary)") for c in missing)
    msg = (f"{len(missing)} of {len(required)} required concept(s) on no page: {names}" if missing
           else f"all {len(required)} required concept(s) found")
    return Check("required_concepts", title, status, msg, value=len(missing), limit=required, items=items)


CHECKS = (check_readability, check_near_duplicates, check_duplicate_share, check_required_concepts)


def evaluate(audit, settings: Settings | None = None) -> Verdict:
    """Run every check on an audit; the verdict holds the exit code (0 pass, 1 fail)."""
    settings = settings or audit.settings
    checks = [fn(audit, settings) for fn in CHECKS]
    failed = any(c.status == FAIL for c in checks) or (
        settings.check.fail_if_not_evaluated and any(c.status == NOT_EVALUATED for c in checks))
    s = audit.summary.get("pages") or {
        "total": int(len(audit.pages)), "ok": int(len(views.ok_pages(audit))),
        "skipped": int((audit.pages["status"] != "ok").sum())}
    skipped = [{"page_id": r.page_id, "status": r.status, "reason": r.reason}
               for r in audit.pages[audit.pages["status"] != "ok"].itertuples()]
    return Verdict(not failed, 1 if failed else 0, checks, {k: int(v) for k, v in s.items()}, skipped)


def human_summary(verdict: Verdict, max_items: int = 5) -> str:
    n_eval = sum(c.status in (PASS, FAIL) for c in verdict.checks)
    head = "PASS" if verdict.passed else "FAIL"
    detail = (f"{len(verdict.failed)} of {n_eval} evaluated check(s) failed: "
              + ", ".join(c.name for c in verdict.failed)) if verdict.failed else f"{n_eval} check(s) passed"
    if verdict.not_evaluated:
        names = ", ".join(c.name for c in verdict.not_evaluated)
        detail += f"; NOT EVALUATED (counted as failed, fail_if_not_evaluated): {names}" if (
            not verdict.passed and not verdict.failed) else f"; not evaluated: {names}"
    p = verdict.pages
    lines = [f"audit check: {head} - {detail} ({p.get('ok', 0)} page(s) audited, "
             f"{p.get('total', 0) - p.get('ok', 0)} skipped)"]
    for c in verdict.checks:
        lines.append(f"  {LABELS[c.status]}  {c.name}: {c.message}")
        if c.status == FAIL:
            for item in c.items[:max_items]:
                lines.append("          " + ", ".join(f"{k} {v}" for k, v in item.items()))
            if len(c.items) > max_items:
                lines.append(f"          ... and {len(c.items) - max_items} more")
    for s in verdict.skipped:
        lines.append(f"  note: {s['page_id']} {s['status']}: {s['reason']}")
    return "\n".join(lines)


def check_main(args: argparse.Namespace, settings: Settings) -> int:
    """`audit check`: audit the paths, print the verdict (text, or JSON with --json), return the exit code."""
    from .output import json_text
    from .pipeline import run

    progress = False if (args.quiet or getattr(args, "json", False)) else None
    audit = run(args.paths, settings, progress=progress)
    if views.ok_pages(audit).empty:
        reasons = "; ".join(f"{r.page_id}: {r.reason}" for r in audit.pages.itertuples()) or "no supported files"
        print(f"audit: error: no page could be audited ({reasons})", file=sys.stderr)
        return 2
    verdict = evaluate(audit, settings)
    if getattr(args, "json", False):  # JSON on stdout for machines; the summary on stderr for the CI log
        sys.stdout.write(json_text(verdict.as_dict()))
        if not args.quiet:
            print(human_summary(verdict), file=sys.stderr)
    elif not args.quiet:
        print(human_summary(verdict))
    return verdict.exit_code
