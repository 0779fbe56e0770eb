"""Benchmark: the full audit vs the plain textstat loop a user would otherwise write, on the same generated corpus.

    python benchmarks/bench.py                       # 1k pages
    python benchmarks/bench.py --sizes 1000 10000    # several sizes in one run (scaling is reported)
    python benchmarks/bench.py --sizes 1000 --record # also append the results to benchmarks/RESULTS.md
    python benchmarks/bench.py --seeds-only          # just the cold-start time of `audit run corpus`

For each size it generates (once, cached under benchmarks/_corpora/) a seeded site corpus with
`benchmarks/generate.py`, then runs, each in a fresh subprocess so that imports, worker start-up and memory are
counted honestly:

1. audit  — `audit.run(corpus)` + `Audit.write(out)` with the default settings (what `audit run CORPUS --out OUT`
   does), with per-stage seconds from `Audit.timings` and peak RSS of the main process and of the largest worker;
2. peer   — a plain loop over the same raw files calling textstat's 8 formulas (flesch_reading_ease,
   flesch_kincaid_grade, gunning_fog, smog_index, coleman_liau_index, automated_readability_index,
   dale_chall_readability_score, linsear_write_formula); every page is unique, so textstat's per-text cache
   does not flatter it.

The ratio printed is peer seconds / audit seconds (> 1 means the audit is faster), both as wall time of the whole
subprocess (Python start, imports, work, exit). Nothing is extrapolated: sizes not run are not reported.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
FORMULAS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
            "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula")
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


# ------------------------------------------------------------------ children (run in a fresh interpreter)

def child_audit(corpus: str, out: str, workers: int | None, measures: str = "all") -> dict:
    t0 = time.perf_counter()
    import audit
    from audit.config import Settings

    if measures == "none":  # foundation only: load, segment, strip, analyse (spaCy), tables, write
        import audit.measures

        audit.measures.MODULES = ()

    t_import = time.perf_counter() - t0
    settings = Settings() if workers is None else Settings().replace(run={"workers": workers})
    t1 = time.perf_counter()
    result = audit.run(corpus, settings, progress=False)
    t_run = time.perf_counter() - t1
    result.write(out)
    return {
        "import_s": t_import, "run_s": t_run, "timings": result.timings,
        "pages": result.summary["pages"], "sentences": result.summary["sentences"],
        "body_words": result.summary["body_words"],
        "rss_main_mb": _rss_mb(resource.RUSAGE_SELF), "rss_worker_max_mb": _rss_mb(resource.RUSAGE_CHILDREN),
        # the duplication corpus job's own peak (VmHWM), when it ran in a fresh interpreter (streaming runs)
        "rss_job_mb": result.api.get("duplication_stats", {}).get("job_peak_rss_mb"),
    }


def child_textstat(corpus: str) -> dict:
    t0 = time.perf_counter()
    from audit.offline import textstat_offline  # textstat with CMUdict served offline (same counts as online)

    ts = textstat_offline()
    funcs = [getattr(ts, name) for name in FORMULAS]
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    n = 0
    checksum = 0.0
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.lower().endswith(EXTENSIONS):
                continue
            text = Path(dirpath, name).read_text(encoding="utf-8", errors="replace")
            checksum += sum(float(f(text)) for f in funcs)
            n += 1
    return {"import_s": t_import, "loop_s": time.perf_counter() - t1, "files": n, "checksum": round(checksum, 3),
            "rss_main_mb": _rss_mb(resource.RUSAGE_SELF)}


def _child(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "audit":
        workers = None if argv[3] == "default" else int(argv[3])
        data = child_audit(argv[1], argv[2], workers, argv[4])
    else:
        data = child_textstat(argv[1])
    print("BENCH-JSON " + json.dumps(data))


def _spawn(args: list[str], max_seconds: float) -> dict:
    """Run `bench.py --child ARGS` in a fresh interpreter; returns its JSON plus the wall time seen from here
    (or {"timed_out": seconds} when it had to be killed)."""
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", *args], cwd=str(ROOT),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = child.communicate(timeout=max_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the child and its worker processes
        child.communicate()
        return {"timed_out": max_seconds, "load_before": load_before}
    wall = time.perf_counter() - t0
    proc = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    line = next(l for l in proc.stdout.splitlines() if l.startswith("BENCH-JSON "))
    data = json.loads(line[len("BENCH-JSON "):])
    data["wall_s"] = wall
    data["load_before"] = load_before
    data["load_after"] = os.getloadavg()[0]
    return data


# ------------------------------------------------------------------ machine and package details

def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem_gb = float("nan")
    sys.path.insert(0, str(ROOT))
    from audit.output import package_versions

    try:  # read-only git queries: which code was measured
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
        commit = commit + (" + uncommitted changes" if dirty else "")
    except OSError:
        commit = "unknown"
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gb": round(mem_gb, 1), "python": platform.python_version(),
            "platform": platform.platform(), "packages": package_versions(), "commit": commit}


def measure_modules() -> dict[str, str]:
    """Which measure modules are real and which are still placeholders (their numbers would be flattering)."""
    out = {}
    for name in ("readability", "duplication", "terms"):
        src = (ROOT / "audit" / f"{name}.py").read_text(encoding="utf-8")
        lines = len(src.splitlines())
        out[name] = f"placeholder ({lines} lines)" if "to be filled in" in src and lines < 40 else f"in place ({lines} lines)"
    return out


def cold_start_seeds(repeats: int = 3) -> list[float]:
    """Wall seconds of `.venv/bin/audit run corpus --out TMP` (fresh process each time; first = coldest)."""
    exe = Path(sys.executable).with_name("audit")
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            proc = subprocess.run([str(exe), "run", "corpus", "--out", tmp, "-q"], cwd=str(ROOT), capture_output=True)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                raise SystemExit(f"audit run corpus failed: {proc.stderr.decode()[-2000:]}")
    return times


# ------------------------------------------------------------------ the benchmark

def bench_size(pages: int, seed: int, workers: int | None, peer: bool, max_seconds: float, measures: str) -> dict:
    sys.path.insert(0, str(HERE))
    import generate

    t0 = time.perf_counter()
    corpus = generate.ensure(pages, seed, quiet=False)
    gen_s = time.perf_counter() - t0
    manifest = json.loads((corpus.parent / f"{corpus.name}.manifest.json").read_text())
    size_mb = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
    print(f"[{pages} pages] corpus {corpus} ({size_mb:.0f} MB, {manifest['files']}); ready in {gen_s:.1f} s",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as out:
        a = _spawn(["audit", str(corpus), out, "default" if workers is None else str(workers), measures], max_seconds)
        out_mb = sum(p.stat().st_size for p in Path(out).iterdir()) / 1e6
    res = {"pages": pages, "seed": seed, "corpus_mb": round(size_mb, 1), "files": manifest["files"],
           "copies": len(manifest["copies"]), "audit": a, "out_mb": round(out_mb, 1)}
    if "timed_out" in a:
        print(f"[{pages} pages] audit: did not finish within {max_seconds:.0f} s (killed)", flush=True)
        return res
    print(f"[{pages} pages] audit: {a['wall_s']:.2f} s wall (import {a['import_s']:.2f}, run {a['run_s']:.2f}, "
          f"write {a['timings'].get('write', 0):.2f}); peak RSS main {a['rss_main_mb']:.0f} MB, "
          f"largest worker {a['rss_worker_max_mb']:.0f} MB, duplication job {_mb(a.get('rss_job_mb'))}", flush=True)
    if peer:
        p = _spawn(["textstat", str(corpus)], max_seconds)
        res["peer"] = p
        res["ratio"] = p["wall_s"] / a["wall_s"]
        print(f"[{pages} pages] textstat loop: {p['wall_s']:.2f} s wall (loop {p['loop_s']:.2f}) over {p['files']} "
              f"files; peak RSS {p['rss_main_mb']:.0f} MB", flush=True)
        print(f"[{pages} pages] ratio textstat loop / audit = {res['ratio']:.2f}x "
              f"({'meets' if res['ratio'] >= 1.5 else 'MISSES'} the 1.5x target)", flush=True)
    return res


STAGES = ("discover", "load_segment", "strip", "analyse", "assemble", "measure.readability", "measure.duplication",
          "measure.terms", "summary", "write")


def markdown(results: list[dict], info: dict, modules: dict, seeds: list[float] | None, note: str) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    pk = info["packages"]
    lines = [f"## {now}", ""]
    if note:
        lines += [note, ""]
    lines += [
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['mem_gb']} GB RAM, Python {info['python']}, "
        f"{info['platform']}.",
        f"Packages: textstat {pk['textstat']}, spacy {pk['spacy']}, pandas {pk['pandas']}, numpy {pk['numpy']}, "
        f"trafilatura {pk['trafilatura']}, datasketch {pk['datasketch']}.",
        f"Code: commit {info['commit']}. Measure modules: " + ", ".join(f"{k} {v}" for k, v in modules.items()) + ".",
        "Command: `python benchmarks/bench.py " + " ".join(sys.argv[1:]) + "`", "",
    ]
    if results:
        lines += ["| pages | corpus MB | audit s (wall) | textstat loop s (wall) | ratio | audit peak RSS main / worker "
                  "/ duplication job MB |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in results:
            a = r["audit"]
            if "timed_out" in a:
                lines.append(f"| {r['pages']:,} | {r['corpus_mb']:.0f} | did not finish in {a['timed_out']:.0f} "
                             f"(killed) | not run | — | — |")
                continue
            peer = f"{r['peer']['wall_s']:.1f}" if "peer" in r else "not run"
            ratio = f"{r['ratio']:.2f}x" if "ratio" in r else "—"
            lines.append(f"| {r['pages']:,} | {r['corpus_mb']:.0f} | {a['wall_s']:.1f} | {peer} | {ratio} | "
                         f"{a['rss_main_mb']:.0f} / {a['rss_worker_max_mb']:.0f} / {_mb(a.get('rss_job_mb'))} |")
        loads = [f"{r['audit']['load_before']:.1f}" for r in results]
        lines += ["", "Load average (1 min) when each audit run started: " + ", ".join(loads)
                  + f" (on {info['nproc']} cores; above ~0.5 other work was sharing the machine)."]
        results = [r for r in results if "timed_out" not in r["audit"]]
        lines += ["", "Seconds per stage (wall; `analyse.*` rows are summed over pages across worker processes):", "",
                  "| stage | " + " | ".join(f"{r['pages']:,}" for r in results) + " |",
                  "| --- |" + " ---: |" * len(results)]
        keys = ["import"] + list(STAGES)
        extra = sorted({k for r in results for k in r["audit"]["timings"] if k.startswith("analyse.")})
        measured = sorted({k for r in results for k in r["audit"]["timings"] if k.startswith("measure.")}
                          | {k for k in keys if k.startswith("measure.")})
        keys = [k for k in keys if not k.startswith("measure.")]
        for k in keys[:5] + extra + keys[5:6] + measured + keys[6:]:
            row = []
            for r in results:
                a = r["audit"]
                v = a["import_s"] if k == "import" else a["timings"].get(k)
                row.append("—" if v is None else f"{v:.2f}")
            lines.append(f"| {k} | " + " | ".join(row) + " |")
        if any(k.endswith(".background") for k in measured):
            lines += ["", "`measure.X.background`: seconds of X's corpus job in its own process, running beside the "
                      "main process from `assemble` on; `measure.X.wait`: the main process waiting for it."]
        if len(results) > 1:
            lines.append("")
            for prev, cur in zip(results, results[1:]):
                f = cur["pages"] / prev["pages"]
                t = cur["audit"]["wall_s"] / prev["audit"]["wall_s"]
                lines.append(f"Scaling {prev['pages']:,} -> {cur['pages']:,} pages ({f:.0f}x): audit time x{t:.2f} "
                             f"(target <= x{1.2 * f:.0f}).")
    if seeds:
        lines += ["", f"`audit run corpus --out TMP` on the 3 seeds (fresh process each): "
                  + ", ".join(f"{s:.2f}" for s in seeds) + " s wall (target < 5 s)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        _child(argv[1:])
        return 0
    p = argparse.ArgumentParser(description="audit vs plain textstat loop on generated site corpora")
    p.add_argument("--sizes", type=int, nargs="+", default=[1000], help="pages per corpus (e.g. 1000 10000 100000)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, help="audit worker processes (default: the audit's default)")
    p.add_argument("--no-peer", action="store_true", help="skip the textstat loop (e.g. RSS-only runs at 100k)")
    p.add_argument("--seeds-only", action="store_true", help="only time `audit run corpus` on the seeds")
    p.add_argument("--no-seeds", action="store_true", help="skip the seed cold-start timing")
    p.add_argument("--record", action="store_true", help="append the results to benchmarks/RESULTS.md")
    p.add_argument("--note", default="", help="a line recorded with the results")
    p.add_argument("--json", type=Path, help="also write the raw results here")
    p.add_argument("--max-seconds", type=float, default=1800, help="kill a run that takes longer (recorded)")
    p.add_argument("--measures", choices=["all", "none"], default="all",
                   help="none = foundation only (measure modules switched off in the audit run; recorded as such)")
    a = p.parse_args(argv)
    info = machine()
    modules = measure_modules()
    print(f"{info['nproc']} cores, {info['cpu']}, Python {info['python']}; measure modules: {modules}", flush=True)
    seeds = None if a.no_seeds else cold_start_seeds()
    if seeds:
        print(f"seeds cold start: {', '.join(f'{s:.2f}' for s in seeds)} s", flush=True)
    results = [] if a.seeds_only else [bench_size(n, a.seed, a.workers, not a.no_peer, a.max_seconds, a.measures)
                                        for n in a.sizes]
    if a.measures == "none":
        modules = {k: "DISABLED for this run (foundation only)" for k in modules}
    done = [r for r in results if "timed_out" not in r["audit"]]
    for prev, cur in zip(done, done[1:]):
        print(f"scaling {prev['pages']} -> {cur['pages']}: time x{cur['audit']['wall_s'] / prev['audit']['wall_s']:.2f}")
    text = markdown(results, info, modules, seeds, a.note)
    print("\n" + text)
    if a.json:
        a.json.write_text(json.dumps({"machine": info, "modules": modules, "seeds": seeds, "results": results},
                                     indent=1) + "\n")
    if a.record:
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark results\n\nAppended by `python benchmarks/bench.py --record`; newest last.\n\n")
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
        print(f"recorded in {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
