"""The CI gate: `audit check PATH... [--config FILE] [--json]`.

The checks, thresholds from the `[check]` section of the config (see `audit.example.toml`):

- readability      pages above the grade limit ([check] max_grade, else [readability] target_grade)
                   must number at most `max_pages_over_target`;
- near_duplicates  page pairs at or above [duplication] near_duplicate_threshold: at most `max_near_duplicate_pairs`;
- duplicate_share  no page may have more than `max_duplicate_share` of its body duplicated on other pages;
- required_concepts every concept in `required_concepts` must appear on at least one page; an entry is a concept's
                   name or any of its variants, folded as the matcher folds text ("botox", "Bell’s palsy"); an
                   entry naming no concept is a config error (exit 2);
- audited_pages    a page that could not be audited (`skipped` or `error`: binary, too large, over its time budget,
                   unreadable, a duplicate page id...) would have been part of every check above: at most
                   `max_skipped_pages` (default 0) such pages, listed. Files that are not pages of the site (hidden
                   files met while walking a folder, an audit's own output recognised by its marker) do not count,
                   nor does a Markdown source whose text the site generator makes (front matter and markup only).

- long_sentences, passive, paragraphs, jargon (only when configured): the page assessments' red lights
                   (`[readability] long_sentence_share_red`, `passive_share_red`, `paragraph_red_words`, `[terms]
                   jargon_red_terms`, the same bounds the report's lights use) on at most `max_pages_long_sentences`,
                   `max_pages_passive`, `max_pages_long_paragraphs`, `max_pages_unexplained_jargon` pages; a key left
                   unset keeps that assessment out of the verdict (advice in the report only).

Each check ends `pass`, `fail`, `not_evaluated` (its measure produced no data: not measured, no page with a grade,
fewer than two pages to compare; reported, never silently passed; it fails the gate when
`fail_if_not_evaluated = true`) or `not_configured` (nothing required).

Exit codes: 0 all evaluated checks pass, 1 a check failed, 2 usage or input error (bad config, no such path, no page
could be audited).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import pandas as pd

from audit.present import assess
from audit.present import facts as views
from audit.config import ConfigError, Settings
from audit.safe import printable, say

PASS, FAIL, NOT_EVALUATED, NOT_CONFIGURED = "pass", "fail", "not_evaluated", "not_configured"
LABELS = {PASS: "PASS", FAIL: "FAIL", NOT_EVALUATED: "N/A ", NOT_CONFIGURED: "--  "}
CONFIG_ERROR = "configuration error: "  # a failed check's message starting so makes the verdict's exit code 2


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
    limit = assess.grade_limit(settings)
    allowed = settings.check.max_pages_over_target
    title = "readability"
    over_grades = assess.pages_over_grade_limit(audit.pages, settings)  # the grade assessment decides (red)
    if over_grades is None:
        return Check("readability", title, NOT_EVALUATED, "not evaluated: no page grade (readability not measured)",
                     limit=allowed)
    grades = views.grades(audit)
    n_ok = int(len(views.ok_pages(audit)))
    ungraded = int(grades.isna().sum()) if grades is not None else n_ok
    why = _not_graded(views.ok_pages(audit))
    if grades is None or grades.dropna().empty:  # no page has a grade: nothing was measured, nothing passed
        return Check("readability", title, NOT_EVALUATED,
                     f"not evaluated: no page has a grade ({ungraded} of {n_ok} page(s) {why})", limit=allowed)
    over = over_grades.sort_index().sort_values(ascending=False, kind="mergesort")
    items = [{"page_id": pid, "grade": _round(g, 1)} for pid, g in over.items()]
    status = FAIL if len(over) > allowed else PASS
    msg = f"{len(over)} of {n_ok} page(s) above grade {limit:g} (allowed: {allowed})"
    if ungraded:
        msg += f"; {ungraded} page(s) {why}"
    return Check("readability", title, status, msg, value=int(len(over)), limit=allowed, items=items)


def _not_graded(ok: pd.DataFrame) -> str:
    """Why the audited pages without a grade have none, by their `readability_note`'s kind ("too short to grade",
    "may not be English", "no language identified", "only headings", ...): "too short to grade" when one kind, else
    "not graded: 2 too short to grade, 1 may not be English"."""
    notes = ok["readability_note"] if "readability_note" in ok.columns else pd.Series(dtype=object)
    kinds = notes[notes.fillna("").astype(str) != ""].astype(str).str.split(r":| \(", n=1, regex=True).str[0]
    counts = kinds.value_counts(sort=False).sort_index()
    if len(counts) <= 1:
        return counts.index[0] if len(counts) else "not graded"
    return "not graded: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())


def check_near_duplicates(audit, settings: Settings) -> Check:
    allowed = settings.check.max_near_duplicate_pairs
    threshold = settings.duplication.near_duplicate_threshold
    title = "near-duplicate pairs"
    nd = views.near_duplicate_pairs(audit)  # (the duplication measure's decision, at its threshold)
    if nd is None:
        return Check("near_duplicates", title, NOT_EVALUATED,
                     "not evaluated: no page pairs (duplication not measured)", limit=allowed)
    n_ok = int(len(views.ok_pages(audit)))
    if n_ok < 2:
        return Check("near_duplicates", title, NOT_EVALUATED,
                     f"not evaluated: {n_ok} page(s) audited, no pair of pages to compare", limit=allowed)
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
    over = assess.pages_over_duplicate_limit(audit.pages, settings)  # the duplicated-text assessment decides (red)
    if over is None:
        return Check("duplicate_share", title, NOT_EVALUATED,
                     "not evaluated: no duplicate_share per page (duplication not measured)", limit=limit)
    if len(pages) < 2:
        return Check("duplicate_share", title, NOT_EVALUATED,
                     f"not evaluated: {len(pages)} page(s) audited, no other page to duplicate", limit=limit)
    share = pages.set_index("page_id")["duplicate_share"].astype(float)
    over = over.sort_index().sort_values(ascending=False, kind="mergesort")
    items = [{"page_id": pid, "duplicate_share": _round(v, 4)} for pid, v in over.items()]
    top = float(share.max()) if share.notna().any() else 0.0
    status = FAIL if len(over) else PASS
    msg = (f"{len(over)} page(s) with more than {limit:.0%} of the body duplicated elsewhere "
           f"(highest: {top:.0%})")
    return Check("duplicate_share", title, status, msg, value=_round(top, 4), limit=limit, items=items)


def resolve_required_concepts(settings: Settings) -> list[tuple[str, str]]:
    """Each `[check] required_concepts` entry with the name of the glossary concept it stands for, in order.

    An entry is a concept's name (any case) or any of its forms, compared as the matcher compares text
    (`audit.terms.glossary.token_key` per token: case, curly / straight apostrophes, plurals and possessives folded):
    "botox", "Bell’s palsy" and "BELL'S PALSY" all resolve. Case-sensitive variants match in their exact case.
    An entry that names no concept raises `ConfigError` naming it (`audit check` exits 2), never a mere failure.
    """
    entries = list(settings.check.required_concepts)
    if not entries:
        return []
    from audit.terms.glossary import token_key
    from audit.terms.glossary_runs import compiled_glossary
    from audit.terms.glossary_file import glossary_path
    from audit.nlp import load_nlp

    cg = compiled_glossary(settings.terms.glossary, settings.segment.spacy_model)
    nlp = load_nlp(settings.segment.spacy_model)
    concepts = cg.glossary.concepts

    def tokens(text: str) -> tuple[str, ...]:
        return tuple(t.text for t in nlp.make_doc(" ".join(text.split())) if not t.is_space)

    by_name = {c.name.casefold(): i for i, c in enumerate(concepts)}
    exact: dict[tuple[str, ...], int] = {}
    for i, c in enumerate(concepts):
        for form in c.forms:
            if form.case_sensitive:
                exact.setdefault(tokens(form.term), i)
    out, unknown = [], []
    for entry in entries:
        toks = tokens(entry)
        ci = by_name.get(" ".join(entry.split()).casefold())
        if ci is None:
            ci = cg.keys.get(tuple(token_key(t) for t in toks))
        if ci is None:
            ci = exact.get(toks)
        if ci is None:
            unknown.append(entry)
        else:
            out.append((entry, concepts[ci].name))
    if unknown:
        raise ConfigError(
            f"[check] required_concepts: {', '.join(repr(e) for e in unknown)}: no such concept in the glossary "
            f"({glossary_path(settings.terms.glossary)}); give a concept's name or one of its variants")
    return out


def check_required_concepts(audit, settings: Settings) -> Check:
    required = list(settings.check.required_concepts)
    title = "required concepts"
    if not required:
        return Check("required_concepts", title, NOT_CONFIGURED, "none required ([check] required_concepts)",
                     value=0, limit=0)
    try:
        resolved = resolve_required_concepts(settings)
    except ConfigError as exc:  # `audit check` and the notebooks stop on it first; the report shows it here
        return Check("required_concepts", title, FAIL, CONFIG_ERROR + str(exc), limit=required)
    found = views.concepts_found(audit)
    if found is None:
        return Check("required_concepts", title, NOT_EVALUATED,
                     "not evaluated: no concept coverage (term coverage not measured)", limit=required)
    concepts = list(dict.fromkeys(name for _, name in resolved))  # two entries for one concept count once
    entry_of = {name: entry for entry, name in reversed(resolved)}  # the first entry naming each concept
    missing = [name for name in concepts if found.get(name.casefold(), 0) == 0]
    items = [{"concept": name, **({} if entry_of[name] == name else {"required_as": entry_of[name]})}
             for name in missing]
    status = FAIL if missing else PASS
    names = ", ".join(name + ("" if entry_of[name] == name else f" (required as {entry_of[name]!r})")
                      for name in missing)
    msg = (f"{len(missing)} of {len(concepts)} required concept(s) on no page: {names}" if missing
           else f"all {len(concepts)} required concept(s) found")
    return Check("required_concepts", title, status, msg, value=len(missing), limit=required, items=items)


def check_audited_pages(audit, settings: Settings) -> Check:
    """Pages that could not be graded fail the gate (they would have been part of every other check), unless
    `[check] max_skipped_pages` allows them; the verdict lists them with their reasons."""
    from audit.ingest.load import not_a_page

    allowed = settings.check.max_skipped_pages
    pages = audit.pages
    bad = pages[(pages["status"] != "ok").to_numpy() & ~pages["reason"].map(not_a_page).to_numpy(dtype=bool)]
    items = [{"page_id": r.page_id, "status": r.status, "reason": r.reason} for r in bad.itertuples()]
    status = FAIL if len(bad) > allowed else PASS
    msg = f"{len(bad)} of {len(pages)} page(s) could not be audited (allowed: {allowed})"
    return Check("audited_pages", "audited pages", status, msg, value=int(len(bad)), limit=allowed, items=items)


def check_style(audit, settings: Settings, name: str) -> Check | None:
    """Pages with a red light in the page assessment `name` (long sentences, passive voice, paragraph length,
    unexplained jargon: `assess.GATED`), at most its `[check] max_pages_...`; None when that key is unset (the
    assessment is then advice in the report, not part of the verdict)."""
    allowed = getattr(settings.check, assess.GATED[name])  # (a declared CheckSettings field)
    if allowed is None:
        return None
    a = assess.by_name(settings, name)
    red = assess.red_pages(audit.pages, settings, name)
    if red is None:
        return Check(name, a.title.lower(), NOT_EVALUATED, f"not evaluated: no page has {a.column} (not measured)",
                     limit=allowed)
    over = red.sort_index().sort_values(ascending=False, kind="mergesort")
    items = [{"page_id": pid, a.column: _round(v, 4)} for pid, v in over.items()]
    status = FAIL if len(over) > allowed else PASS
    msg = (f"{len(over)} of {len(views.ok_pages(audit))} page(s) with {a.column} above {a.fmt(a.red)} "
           f"(allowed: {allowed})")
    return Check(name, a.title.lower(), status, msg, value=int(len(over)), limit=allowed, items=items)


CHECKS = (check_readability, check_near_duplicates, check_duplicate_share, check_required_concepts,
          check_audited_pages)


def evaluate(audit, settings: Settings | None = None) -> Verdict:
    """Run every check on an audit; the verdict holds the exit code (0 pass, 1 fail, 2 a configuration error: a
    `[check] required_concepts` entry naming no glossary concept, shown as that check's failure)."""
    settings = settings or audit.settings
    checks = [fn(audit, settings) for fn in CHECKS]
    checks += [c for c in (check_style(audit, settings, name) for name in assess.GATED) if c is not None]
    failed = any(c.status == FAIL for c in checks) or (
        settings.check.fail_if_not_evaluated and any(c.status == NOT_EVALUATED for c in checks))
    config_error = any(c.status == FAIL and c.message.startswith(CONFIG_ERROR) for c in checks)
    s = audit.summary.get("pages") or {
        "total": int(len(audit.pages)), "ok": int(len(views.ok_pages(audit))),
        "skipped": int((audit.pages["status"] != "ok").sum())}
    skipped = [{"page_id": r.page_id, "status": r.status, "reason": r.reason}
               for r in audit.pages[audit.pages["status"] != "ok"].itertuples()]
    code = 2 if config_error else 1 if failed else 0
    return Verdict(not failed, code, checks, {k: int(v) for k, v in s.items()}, skipped)


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
    for c in verdict.checks:  # page ids, reasons and concepts escaped: a file name cannot write to the terminal
        lines.append(f"  {LABELS[c.status]}  {c.name}: {printable(c.message)}")
        if c.status == FAIL:
            for item in c.items[:max_items]:
                lines.append("          " + ", ".join(f"{k} {printable(v)}" for k, v in item.items()))
            if len(c.items) > max_items:
                lines.append(f"          ... and {len(c.items) - max_items} more")
    for s in verdict.skipped:
        lines.append(f"  note: {printable(s['page_id'])} {s['status']}: {printable(s['reason'])}")
    return "\n".join(lines)


def verdict_table(audit) -> pd.DataFrame:
    """The CI gate's checks as a table: check, result (pass / FAIL / not evaluated / not configured), detail."""
    names = {PASS: "pass", FAIL: "FAIL", NOT_EVALUATED: "not evaluated", NOT_CONFIGURED: "not configured"}
    rows = [{"check": c.title, "result": names[c.status], "detail": c.message} for c in evaluate(audit).checks]
    return pd.DataFrame(rows, columns=["check", "result", "detail"])


def verdict_sentence(audit) -> str:
    """One line for a reader: does the site pass the configured checks, and which fail."""
    v = evaluate(audit)
    n_eval = sum(c.status in (PASS, FAIL) for c in v.checks)
    if v.passed:
        text = f"PASS: the site meets all {n_eval} evaluated checks."
    else:
        text = (f"FAIL: the site breaks {len(v.failed)} of {n_eval} checks: "
                + ", ".join(c.title for c in v.failed) + ".")
    if v.not_evaluated:
        text += " Not evaluated (measure missing): " + ", ".join(c.title for c in v.not_evaluated) + "."
    return text


def no_page_audited(audit) -> str | None:
    """"no page could be audited (why)" when the audit has no audited page (exit 2, never a pass); else None."""
    if not views.ok_pages(audit).empty:
        return None
    reasons = "; ".join(f"{printable(r.page_id)}: {printable(r.reason)}"
                        for r in audit.pages.itertuples()) or "no supported files"
    return f"no page could be audited ({reasons})"


def check_main(args: argparse.Namespace, settings: Settings,
               record: Callable[[Any], str | None] | None = None) -> int:
    """`audit check`: audit the paths, print the verdict (text, or JSON with --json), return the exit code.
    `record(audit)`: records the run in the history (returns the line saying so, printed last, or None)."""
    from audit.engine.output import json_text
    from audit.engine.pipeline import run
    from audit.present.narrative import not_read_line

    progress = False if (args.quiet or getattr(args, "json", False)) else None
    try:
        resolve_required_concepts(settings)  # a config error stops before the (possibly long) audit
        audit = run(args.paths, settings, progress=progress)
        unread = not_read_line(audit.summary, settings.load.extensions)  # (documents the extensions leave out)
        if unread and not args.quiet:
            print(f"  {unread}", file=sys.stderr)
        problem = no_page_audited(audit)
        if problem:
            print(f"audit: error: {problem}", file=sys.stderr)
            return 2
        verdict = evaluate(audit, settings)
    except ConfigError as exc:
        print(f"audit: config error: {printable(exc)}", file=sys.stderr)
        return 2
    recorded = record(audit) if record is not None else None
    if getattr(args, "json", False):  # JSON on stdout for machines; the summary on stderr for the CI log
        say(json_text(verdict.as_dict()).rstrip("\n"))
        if not args.quiet:
            say(human_summary(verdict), file=sys.stderr)
    elif not args.quiet:
        say(human_summary(verdict))  # (a reader that stops early, `| head`, keeps the verdict's exit code)
    if recorded and not args.quiet:  # last, on stderr: stdout is the verdict (JSON with --json)
        say(printable(recorded), file=sys.stderr)
    return verdict.exit_code
