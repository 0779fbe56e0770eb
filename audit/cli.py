"""Command line: `audit run`, `audit check`, `audit report`, `audit history`, `audit compare`,
`audit glossary import|suggest|check`.

Exit codes: 0 success (check: thresholds met), 1 check failed, 2 usage or input error.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

from audit.config import ConfigError, Settings, load_settings
from audit.safe import printable, say


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
    if getattr(args, "scheduler", None):
        settings = settings.replace(run={"scheduler": args.scheduler})
    if getattr(args, "no_history", False):
        settings = settings.replace(history={"enabled": False})
    if getattr(args, "max_pages", None) is not None:
        settings = settings.replace(crawl={"max_pages": args.max_pages})
    if getattr(args, "xlsx", False):
        settings = settings.replace(run={"xlsx": True})
    from audit.engine.guard import check_patterns

    check_patterns({**settings.boilerplate.patterns, **settings.boilerplate.extra_patterns})
    from audit.terms.glossary_file import load_glossary

    load_glossary(settings.terms.glossary)  # a malformed glossary stops here with its line, not in every worker
    from audit.present.gate import resolve_required_concepts

    resolve_required_concepts(settings)  # a required concept that names no glossary concept: exit 2, every command
    return settings


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (recursive): .txt .md .html .htm; "
                   "web archives: .warc .warc.gz; or a site's start URL https://... (crawled)")
    crawl = p.add_argument_group("websites (the only options that use the network)")
    crawl.add_argument("--sitemap", action="append", default=[], metavar="URL",
                       help="crawl the pages this sitemap lists (and what they link to); repeatable")
    crawl.add_argument("--max-pages", type=int, metavar="N", help="fetch at most N URLs (default 500; [crawl])")
    crawl.add_argument("--warc", metavar="FILE", help="where the crawl keeps every response "
                       "(default: OUT/crawl.warc.gz)")
    crawl.add_argument("--from-warc", action="append", default=[], metavar="FILE",
                       help="audit a web archive (a crawl's, wget --warc-file, browsertrix) without the network")
    p.add_argument("--config", metavar="FILE", help="audit.toml, or a pyproject.toml with [tool.audit] "
                   "(default: ./audit.toml when present)")
    p.add_argument("--glossary", metavar="FILE", help="glossary YAML for term coverage (default: the shipped one)")
    p.add_argument("--target-grade", type=float, metavar="N", help="health-literacy target grade (default 8)")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores on large corpora)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run the chunks of pages on a Dask cluster "
                   "(tcp://host:8786, started with `dask scheduler`; default: [run] scheduler, else local processes)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")


def _add_history(p: argparse.ArgumentParser, record: bool, beside_out: bool = True) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--history", metavar="PATH", help="history database (default: [history] path, else "
                       + ("audit-history.duckdb beside --out)" if beside_out else "./audit-history.duckdb)"))
    if record:
        group.add_argument("--no-history", action="store_true", help="do not record this run in the history")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="audit", description="Audit a website's articles: readability, "
                                     "duplication and term coverage, with site template stripped.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="audit pages and write tables (CSV, JSON) to --out")
    _add_common(p_run)
    p_run.add_argument("--out", required=True, metavar="DIR", help="output folder (must be outside the corpus)")
    p_run.add_argument("--report", action="store_true", help="also write DIR/index.html, the editor's report")
    _add_history(p_run, record=True)
    p_run.add_argument("--xlsx", action="store_true", help="also write DIR/audit.xlsx, every table as a sheet")
    p_check = sub.add_parser("check", help="CI gate: exit 1 when the corpus breaks the configured thresholds")
    _add_common(p_check)
    p_check.add_argument("--json", action="store_true", help="print a machine-readable summary")
    _add_history(p_check, record=True, beside_out=False)
    p_report = sub.add_parser("report", help="audit pages and write the editor's HTML report to DIR/index.html")
    _add_common(p_report)
    p_report.add_argument("--out", required=True, metavar="DIR", help="output folder (must be outside the corpus)")
    _add_history(p_report, record=True)
    p_history = sub.add_parser("history", help="list the runs recorded in the history database")
    p_history.add_argument("--config", metavar="FILE", help="audit.toml (its [history] path)")
    _add_history(p_history, record=False, beside_out=False)
    p_history.add_argument("--json", action="store_true", help="print the runs as JSON")
    p_compare = sub.add_parser("compare", help="what changed between two recorded runs (default: the last two)")
    p_compare.add_argument("run_a", nargs="?", metavar="RUN_A", help="older run, e.g. r1 (default: the one before "
                           "the last)")
    p_compare.add_argument("run_b", nargs="?", metavar="RUN_B", help="newer run (default: the last)")
    p_compare.add_argument("--config", metavar="FILE", help="audit.toml (its [history] section)")
    _add_history(p_compare, record=False, beside_out=False)
    p_compare.add_argument("--epsilon", type=float, metavar="N", help="grade change that counts (default: "
                           "[history] grade_epsilon, 0.1)")
    p_compare.add_argument("--json", action="store_true", help="print the comparison as JSON")
    _add_glossary(sub)
    return parser


def _add_glossary(sub) -> None:
    p = sub.add_parser("glossary", help="glossary tools: import a site's own glossary, suggest variants, check")
    gsub = p.add_subparsers(dest="glossary_command", required=True)
    p_imp = gsub.add_parser("import", help="a site's glossary pages (one concept per page), a one-page glossary "
                            "(a definition list, or a heading per term followed by its text) or a two-column CSV "
                            "(name, plain) -> the glossary YAML `audit run --glossary` reads")
    p_imp.add_argument("paths", nargs="+", metavar="PATH", help="glossary pages or one-page glossaries (.md .html "
                       ".txt; folders recursive) or CSV files")
    p_imp.add_argument("-o", "--out", metavar="FILE", help="write the YAML to FILE (never overwritten; default: "
                       "stdout)")
    p_imp.add_argument("--category", default="term", help="category of every imported concept (default: term)")
    p_sug = gsub.add_parser("suggest", help="variants for the glossary's concepts from a vocabulary (offline; "
                            "proposed, never applied)")
    p_sug.add_argument("--glossary", metavar="FILE", help="glossary YAML (default: the shipped one)")
    p_sug.add_argument("--vocabulary", metavar="FILE", help="name<TAB>synonym|...[<TAB>xref|...] TSV, gzip'd or "
                       "not (default: the shipped vocabularies together: MedQuAD GARD/GHR, the Disease Ontology, "
                       "Mondo, MeSH)")
    p_sug.add_argument("-o", "--out", metavar="FILE", help="write the YAML to FILE (never overwritten; default: "
                       "stdout)")
    p_chk = gsub.add_parser("check", help="concepts the matcher reads as one thing (e.g. names that differ only by "
                            "\"disease\" / \"disorder\"): one warning a pair, exit 0")
    p_chk.add_argument("--glossary", metavar="FILE", help="glossary YAML (default: the shipped one)")


def _run(args: argparse.Namespace, settings: Settings, report: bool) -> int:
    """Audit, then publish --out whole (`audit.engine.publish`): its lock is taken first, so a second run into the same
    folder, or a folder that cannot be written, stops before the audit, with one line and exit 2."""
    from audit.engine.executors import SchedulerError
    from audit.engine.output import OutputError, check_out_dir, write_tables
    from audit.engine.pipeline import run
    from audit.present.narrative import not_read_line, verdict_line
    from audit.engine.progress import Progress
    from audit.engine.parquet import STORE
    from audit.engine.publish import Staging, output_lock, publish

    if not args.out.strip():
        print('audit: error: --out "" names no folder; give the output folder', file=sys.stderr)
        return 2
    out = Path(args.out)
    index = None
    try:
        check_out_dir(out, [Path(p) for p in args.paths if p != args.crawled])
        history = _history_path(args, settings, out)
        if history is False:
            return 2
        with output_lock(out), (Staging(out) if args.command == "run" else nullcontext()) as stage:
            progress = Progress.auto(not args.quiet)  # a bar on a terminal, plain lines on stderr elsewhere
            # `audit run`: the run's store is made in the output's staging folder, and published as its store/
            audit = run(args.paths, settings, progress=progress, store=stage.folder / STORE if stage else None)

            def write(folder: Path) -> list[Path]:
                written = []
                if args.command == "run":
                    progress.step("write tables" + (" and audit.xlsx" if settings.run.xlsx else ""))
                    written = write_tables(audit, folder)
                if report:
                    from audit.present.report import write_report

                    progress.step("write the report")
                    written.append(write_report(audit, folder, with_tables=args.command == "run"))
                return written

            written = publish(out, write, stage)
            if stage:
                audit.spill.published(stage.given / STORE)  # (what the history reads below)
            if report:
                index = out / "index.html"
            recorded = None
            if history:
                progress.step("record the run in the history")
                recorded = _record(args, audit, history)
            progress.close()
    except (OutputError, SchedulerError) as exc:
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
        unread = not_read_line(audit.summary, settings.load.extensions)
        if unread:
            say(f"  {unread}", file=sys.stderr)
        say(f"audited {s['ok']} page(s), skipped {s['skipped']}; wrote {len(written)} file(s) to {printable(out)}")
        if recorded:
            say(printable(recorded))
        say(printable(verdict_line(audit, out, index)))
    return 0


def _exists(path: str) -> bool:
    try:
        return Path(path).exists() or Path(path).is_symlink()
    except OSError:  # e.g. a name longer than the file system allows: no such file
        return False


def _history_path(args: argparse.Namespace, settings: Settings, out: Path | None) -> Path | None | bool:
    """Where this run is recorded (None: nowhere); False after printing why a given path cannot be used (exit 2).
    The default place (beside --out; `audit check`: the current folder) falling inside the corpus is a warning: the
    run goes on, unrecorded."""
    from audit.history.store import HistoryError, check_location, resolve_path

    path = resolve_path(settings, args.history, out)
    if path is None:
        return None
    try:
        check_location(path, args.paths)
    except HistoryError as exc:
        if args.history or settings.history.path:
            print(f"audit: error: {exc}; choose another --history PATH, or --no-history", file=sys.stderr)
            return False
        print(f"audit: warning: {exc}; this run is not recorded (set --history PATH)", file=sys.stderr)
        return None
    return path


def _record(args: argparse.Namespace, audit, path: Path) -> str | None:
    """Record the run; returns the line saying so. A history that cannot be written is a warning (the outputs are
    written either way)."""
    from audit.history.store import HistoryError, record

    try:
        run_id = record(audit, args.paths, path, command=args.command)
    except HistoryError as exc:
        print(f"audit: warning: this run is not recorded in the history: {exc}", file=sys.stderr)
        return None
    since = "" if run_id == "r1" else f"; `audit compare` shows what changed since r{int(run_id[1:]) - 1}"
    shown = os.path.relpath(path)  # (relative when it is under the current folder)
    return f"recorded as run {run_id} in {shown if not shown.startswith('..') else path}{since}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "glossary":
        from audit.terms.glossary_import import glossary_main

        return glossary_main(args)
    try:
        settings = _settings(args)
    except ConfigError as exc:
        print(f"audit: config error: {printable(exc)}", file=sys.stderr)
        return 2
    if args.command in ("history", "compare"):
        from audit.history.compare import compare_main
        from audit.history.store import history_main

        return history_main(args, settings) if args.command == "history" else compare_main(args, settings)
    urls = [p for p in args.paths if is_url(p)]
    args.paths = [p for p in args.paths if not is_url(p)] + args.from_warc
    args.crawled = None
    if not args.paths and not urls and not args.sitemap:  # argparse's usage error (exit 2)
        parser.error("give a folder, files, a web archive (.warc, .warc.gz), a site's URL or --sitemap URL")
    missing = [p for p in args.paths if not _exists(p)]
    if missing and len(missing) == len(args.paths) and not urls and not args.sitemap:
        print(f"audit: error: no such file or folder: {', '.join(printable(m) for m in missing)}", file=sys.stderr)
        return 2
    try:
        return _dispatch(args, settings, urls)
    except OSError as exc:  # no usable temporary folder, a file system that fails under the run, ...
        where = f" ({printable(exc.filename)})" if exc.filename else ""
        print(f"audit: error: {exc.strerror or printable(exc)}{where}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, settings: Settings, urls: list[str]) -> int:
    history = None
    if args.command == "check":  # (checked before the audit, as for `audit run`)
        history = _history_path(args, settings, None)
        if history is False:
            return 2
    crawling = bool(urls or args.sitemap)
    # a scratch folder (the crawl's WARC when there is no --out) only for a crawl: a killed run leaves none behind
    with tempfile.TemporaryDirectory(prefix="audit-crawl-") if crawling else nullcontext() as scratch:
        if crawling:
            code = _crawl(args, settings, urls, Path(scratch))
            if code:
                return code
        if args.command == "run":
            return _run(args, settings, report=args.report)
        if args.command == "report":
            return _run(args, settings, report=True)
        from audit.present.gate import check_main

        return check_main(args, settings, record=(lambda audit: _record(args, audit, history)) if history else None)


def is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def _crawl(args: argparse.Namespace, settings: Settings, urls: list[str], scratch: Path) -> int:
    """Crawl the site into a WARC file (`--warc`, else OUT/crawl.warc.gz, else a temporary file) and add it to the
    inputs. The only networked step."""
    from audit.ingest.crawl import CrawlError, crawl
    from audit.engine.output import OutputError, check_out_dir

    out = getattr(args, "out", None)
    if out is not None:
        try:  # before the crawl: a refused --out must not cost a crawl
            check_out_dir(Path(out), [Path(p) for p in args.paths])
        except OutputError as exc:
            print(f"audit: error: {exc}", file=sys.stderr)
            return 2
    warc = Path(args.warc) if args.warc else (Path(out) if out is not None else scratch) / "crawl.warc.gz"
    if warc.exists() and not warc.is_file():
        print(f"audit: error: --warc {warc} is not a file", file=sys.stderr)
        return 2
    from audit.engine.progress import Progress

    quiet = args.quiet or getattr(args, "json", False)
    progress = Progress.auto(not quiet)  # a bar on a terminal, plain lines on stderr elsewhere; none with -q
    try:
        report = crawl(urls, settings, warc, sitemaps=args.sitemap, progress=progress)
    except CrawlError as exc:
        print(f"audit: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"audit: error: cannot write the crawl's WARC file {warc}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if not quiet:
        print(report.summary(), file=sys.stderr)
    args.crawled = str(warc)
    args.paths.append(args.crawled)
    return 0


if __name__ == "__main__":
    sys.exit(main())
