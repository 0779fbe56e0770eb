"""Command line: `audit run`, `audit check`, `audit report`, `audit glossary import|suggest`.

Exit codes: 0 success (check: thresholds met), 1 check failed, 2 usage or input error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import ConfigError, Settings, load_settings
from .safe import printable, say


def _settings(args: argparse.Namespace) -> Settings:
    config = args.config
    if config is None and Path("audit.toml").is_file():
        config = "audit.toml"
    settings = load_settings(config)
    if getattr(args, "glossary", None):
        settings = settings.replace(terms={"glossary": str(Path(args.glossary))})
    if getattr(args, "target_grade", None) is not None:
        settings = settings.replace(readability={"target_grade": args.target_grade})
    if getattr(args, "workers", None) is not None:
        settings = settings.replace(run={"workers": args.workers})
    if getattr(args, "xlsx", False):
        settings = settings.replace(run={"xlsx": True})
    from .guard import check_patterns

    check_patterns({**settings.boilerplate.patterns, **settings.boilerplate.extra_patterns})
    from .glossary import load_glossary

    load_glossary(settings.terms.glossary)  # a malformed glossary stops here with its line, not in every worker
    from .gate import resolve_required_concepts

    resolve_required_concepts(settings)  # a required concept that names no glossary concept: exit 2, every command
    return settings


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive): .txt .md .html .htm")
    p.add_argument("--config", metavar="FILE", help="audit.toml, or a pyproject.toml with [tool.audit] "
                   "(default: ./audit.toml when present)")
    p.add_argument("--glossary", metavar="FILE", help="glossary YAML for term coverage (default: the shipped one)")
    p.add_argument("--target-grade", type=float, metavar="N", help="health-literacy target grade (default 8)")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores on large corpora)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="audit", description="Audit a website's articles: readability, "
                                     "duplication and term coverage, with site template stripped.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="audit pages and write tables (CSV, JSON) to --out")
    _add_common(p_run)
    p_run.add_argument("--out", required=True, metavar="DIR", help="output folder (must be outside the corpus)")
    p_run.add_argument("--report", action="store_true", help="also write DIR/index.html, the editor's report")
    p_run.add_argument("--xlsx", action="store_true", help="also write DIR/audit.xlsx, every table as a sheet")
    p_check = sub.add_parser("check", help="CI gate: exit 1 when the corpus breaks the configured thresholds")
    _add_common(p_check)
    p_check.add_argument("--json", action="store_true", help="print a machine-readable summary")
    p_report = sub.add_parser("report", help="audit pages and write the editor's HTML report to DIR/index.html")
    _add_common(p_report)
    p_report.add_argument("--out", required=True, metavar="DIR", help="output folder (must be outside the corpus)")
    _add_glossary(sub)
    return parser


def _add_glossary(sub) -> None:
    p = sub.add_parser("glossary", help="glossary tools: import a site's own glossary, suggest variants")
    gsub = p.add_subparsers(dest="glossary_command", required=True)
    p_imp = gsub.add_parser("import", help="a site's glossary pages (one concept per page) or a two-column CSV "
                            "(name, plain) -> the glossary YAML `audit run --glossary` reads")
    p_imp.add_argument("paths", nargs="+", metavar="PATH", help="glossary pages (.md .html .txt; folders recursive) "
                       "or CSV files")
    p_imp.add_argument("-o", "--out", metavar="FILE", help="write the YAML to FILE (never overwritten; default: "
                       "stdout)")
    p_imp.add_argument("--category", default="term", help="category of every imported concept (default: term)")
    p_sug = gsub.add_parser("suggest", help="variants for the glossary's concepts from a vocabulary (offline; "
                            "proposed, never applied)")
    p_sug.add_argument("--glossary", metavar="FILE", help="glossary YAML (default: the shipped one)")
    p_sug.add_argument("--vocabulary", metavar="FILE", help="name<TAB>synonym|... TSV, gzip'd or not (default: the "
                       "shipped MedQuAD GARD/GHR synonyms)")
    p_sug.add_argument("-o", "--out", metavar="FILE", help="write the YAML to FILE (never overwritten; default: "
                       "stdout)")


def _run(args: argparse.Namespace, settings: Settings, report: bool) -> int:
    """Audit, then publish --out whole (`audit.publish`): its lock is taken first, so a second run into the same
    folder, or a folder that cannot be written, stops before the audit, with one line and exit 2."""
    from .output import OutputError, check_out_dir, write_tables
    from .pipeline import run
    from .present import verdict_line
    from .progress import Progress
    from .publish import output_lock, publish

    if not args.out.strip():
        print('audit: error: --out "" names no folder; give the output folder', file=sys.stderr)
        return 2
    out = Path(args.out)
    index = None
    try:
        check_out_dir(out, [Path(p) for p in args.paths])
        with output_lock(out):
            progress = Progress.auto(not args.quiet)  # a bar on a terminal, plain lines on stderr elsewhere
            audit = run(args.paths, settings, progress=progress)

            def write(folder: Path) -> list[Path]:
                nonlocal index
                written = []
                if args.command == "run":
                    progress.step("write tables" + (" and audit.xlsx" if settings.run.xlsx else ""))
                    written = write_tables(audit, folder)
                if report:
                    from .report import write_report

                    progress.step("write the report")
                    written.append(write_report(audit, folder))
                return written

            written = publish(out, write)
            progress.close()
            if report:
                index = out / "index.html"
    except OutputError as exc:
        print(f"audit: error: {printable(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a read-only or vanished folder while writing
        where = printable(exc.filename) if exc.filename else printable(out)
        print(f"audit: error: could not write --out {printable(out)}: {exc.strerror or exc} ({where}); "
              "the previous contents of the folder are unchanged", file=sys.stderr)
        return 2
    if not args.quiet:
        s = audit.summary["pages"]
        for item in audit.summary["skipped"]:
            say(f"  warning: skipped {printable(item['source'])}: {printable(item['reason'])}", file=sys.stderr)
        say(f"audited {s['ok']} page(s), skipped {s['skipped']}; wrote {len(written)} file(s) to {printable(out)}")
        say(printable(verdict_line(audit, out, index)))
    return 0


def _exists(path: str) -> bool:
    try:
        return Path(path).exists() or Path(path).is_symlink()
    except OSError:  # e.g. a name longer than the file system allows: no such file
        return False


def main(argv: list[str] | None = None) -> int:
    """Exit codes: 0 success, 1 a check failed, 2 usage or input error. Every foreseeable error (bad config, an
    unwritable or busy --out, a full disk, no usable temporary folder) ends in one line on stderr and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "glossary":
        from .glossary_import import glossary_main

        return glossary_main(args)
    try:
        settings = _settings(args)
    except ConfigError as exc:
        print(f"audit: config error: {printable(exc)}", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not _exists(p)]
    if missing and len(missing) == len(args.paths):
        print(f"audit: error: no such file or folder: {', '.join(printable(m) for m in missing)}", file=sys.stderr)
        return 2
    try:
        if args.command == "run":
            return _run(args, settings, report=args.report)
        if args.command == "report":
            return _run(args, settings, report=True)
        from .gate import check_main

        return check_main(args, settings)
    except OSError as exc:  # no usable temporary folder, a file system that fails under the run, ...
        where = f" ({printable(exc.filename)})" if exc.filename else ""
        print(f"audit: error: {exc.strerror or printable(exc)}{where}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
