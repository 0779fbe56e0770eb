"""The report and audit.xlsx on a kept audit: CPU seconds and the main process's memory of the writing step alone.

    python benchmarks/report_rss.py keep CORPUS DIR          # audit CORPUS once, keep its store in DIR/store and the
                                                             #   Audit pickled in DIR/audit.pkl
    python benchmarks/report_rss.py write DIR OUT [--what report|xlsx|both]
                                                             # in a fresh interpreter: load the Audit, then write the
                                                             #   report (index.html + page views) and/or audit.xlsx

`write` prints one JSON line: CPU seconds (`time.process_time`) of each step, the RSS right after loading the Audit
and the process's peak RSS (`ru_maxrss`) after the steps, in MB. Run the same kept audit with two versions of the code
(`PYTHONPATH=...`, from a folder outside the worktree) alternately, a few times each, and compare the minimum: on a
shared machine wall times are noise. The kept audit is only read (the report and workbook go to OUT).
"""
from __future__ import annotations

import argparse
import json
import pickle
import resource
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def keep(corpus: str, folder: str) -> None:
    import audit
    from audit.config import Settings

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=False)
    a = audit.run(corpus, Settings(), progress=False, store=out / "store")
    with open(out / "audit.pkl", "wb") as fh:
        pickle.dump(a, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(json.dumps({"corpus": corpus, "pages": int(len(a.pages)), "audit": audit.__file__}))


def write(folder: str, out: str, what: str) -> None:
    import audit

    with open(Path(folder) / "audit.pkl", "rb") as fh:
        a = pickle.load(fh)
    base = rss_mb()
    result = {"audit": audit.__file__, "rss_after_load_mb": round(base, 1)}
    Path(out).mkdir(parents=True, exist_ok=True)
    if what in ("report", "both"):
        from audit.present.report import write_report

        t = time.process_time()
        write_report(a, out)
        result["report_cpu_s"] = round(time.process_time() - t, 2)
    if what in ("xlsx", "both"):
        from audit.present.xlsx import workbook_bytes

        t = time.process_time()
        data = workbook_bytes(a)
        result["xlsx_cpu_s"] = round(time.process_time() - t, 2)
        result["xlsx_bytes"] = len(data)
        (Path(out) / "audit.xlsx").write_bytes(data)
        del data
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["peak_rss_mb"] = round(peak, 1)
    result["over_load_mb"] = round(peak - base, 1)
    print(json.dumps(result))


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("keep")
    k.add_argument("corpus")
    k.add_argument("folder")
    w = sub.add_parser("write")
    w.add_argument("folder")
    w.add_argument("out")
    w.add_argument("--what", choices=("report", "xlsx", "both"), default="both")
    args = p.parse_args(argv)
    sys.setrecursionlimit(10_000)
    if args.cmd == "keep":
        keep(args.corpus, args.folder)
    else:
        write(args.folder, args.out, args.what)


if __name__ == "__main__":
    main()
