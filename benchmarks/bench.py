"""Benchmark: the full audit vs the plain textstat loop a user would otherwise write, on the same files.

    python benchmarks/bench.py --real --record       # REAL TEXT (benchmarks/corpora.py): audit vs textstat loop vs a
                                                     # bare spaCy tokenizer pass, wall + CPU seconds of all processes
    python benchmarks/bench.py                       # 1k generated pages
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
import threading
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
        from audit.engine import measures as registry

        for measure in registry.registered():
            registry.unregister(measure.name)

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
        # the duplication corpus job's own peak (VmHWM), when it ran in a process of its own
        "rss_job_mb": result.api.get("duplication_stats", {}).get("job_peak_rss_mb"), **_cpu_s(),
    }


def _cpu_s() -> dict:
    """CPU seconds (user + system) of this process and of its children that were waited for (workers, jobs)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_self_s": me.ru_utime + me.ru_stime, "cpu_children_s": kids.ru_utime + kids.ru_stime}


def _page_files(corpus: str):
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(EXTENSIONS):
                yield Path(dirpath, name)


def child_tokenizer(corpus: str) -> dict:
    """The limit no audit can go below: spaCy's bare English tokenizer (`spacy.blank("en")`) over each raw file."""
    t0 = time.perf_counter()
    import spacy

    nlp = spacy.blank("en")
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    n = tokens = 0
    for path in _page_files(corpus):
        tokens += len(nlp.tokenizer(path.read_text(encoding="utf-8", errors="replace")))
        n += 1
    return {"import_s": t_import, "loop_s": time.perf_counter() - t1, "files": n, "tokens": tokens,
            "rss_main_mb": _rss_mb(resource.RUSAGE_SELF), **_cpu_s()}


def child_textstat(corpus: str) -> dict:
    t0 = time.perf_counter()
    from audit.readability.offline import textstat_offline

    ts = textstat_offline()
    funcs = [getattr(ts, name) for name in FORMULAS]
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    n = 0
    checksum = 0.0
    for path in _page_files(corpus):
        text = path.read_text(encoding="utf-8", errors="replace")
        checksum += sum(float(f(text)) for f in funcs)
        n += 1
    return {"import_s": t_import, "loop_s": time.perf_counter() - t1, "files": n, "checksum": round(checksum, 3),
            "rss_main_mb": _rss_mb(resource.RUSAGE_SELF), **_cpu_s()}


PARENT_ENV = "AUDIT_BENCH_PARENT"  # bench.py's process id, given to its child


def _exit_with_parent(parent: int) -> None:
    """(In the child) Kill this child's process group (itself and its audit workers: it leads a session of its own)
    once bench.py, `parent`, is gone, however it ended (SIGKILL included): the parent process id changes."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="bench-parent-watchdog", daemon=True).start()


def _child(argv: list[str]) -> None:
    if os.environ.get(PARENT_ENV):
        _exit_with_parent(int(os.environ[PARENT_ENV]))
    kind = argv[0]
    if kind == "audit":
        workers = None if argv[3] == "default" else int(argv[3])
        data = child_audit(argv[1], argv[2], workers, argv[4])
    elif kind == "tokenizer":
        data = child_tokenizer(argv[1])
    else:
        data = child_textstat(argv[1])
    print("BENCH-JSON " + json.dumps(data))


def _spawn(args: list[str], max_seconds: float) -> dict:
    """Run `bench.py --child ARGS` in a fresh interpreter; returns its JSON plus the wall time seen from here
    (or {"timed_out": seconds} when it had to be killed)."""
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", *args], cwd=str(ROOT),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             env={**os.environ, PARENT_ENV: str(os.getpid())})

    def stop(signum, frame):  # bench.py stopped (`timeout`, Ctrl-C, hang-up): its child's group first
        os.killpg(child.pid, signal.SIGKILL)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    caught = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {s: signal.signal(s, stop) for s in caught}
    try:
        stdout, stderr = child.communicate(timeout=max_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the child and its worker processes
        child.communicate()
        return {"timed_out": max_seconds, "load_before": load_before}
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    line = next(l for l in proc.stdout.splitlines() if l.startswith("BENCH-JSON "))
    data = json.loads(line[len("BENCH-JSON "):])
    data["wall_s"] = wall
    # CPU seconds of the child and every descendant it waited for (worker processes, the duplication job): the
    # growth of this process's RUSAGE_CHILDREN across the run (children run one at a time)
    data["cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
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
    from audit.engine.output import package_versions

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
        src = (ROOT / "audit" / name / "measure.py").read_text(encoding="utf-8")
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
    manifest = generate.vocabulary_of(corpus)
    size_mb = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
    print(f"[{pages} pages] corpus {corpus} ({size_mb:.0f} MB, {manifest['files']}, {manifest['tokens']:,} word tokens, "
          f"{manifest['distinct_per_million']:,} distinct words per million); ready in {gen_s:.1f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as out:
        a = _spawn(["audit", str(corpus), out, "default" if workers is None else str(workers), measures], max_seconds)
        out_mb = sum(p.stat().st_size for p in Path(out).iterdir()) / 1e6
    res = {"pages": pages, "seed": seed, "corpus_mb": round(size_mb, 1), "files": manifest["files"],
           "tokens": manifest["tokens"], "distinct_per_million": manifest["distinct_per_million"],
           "generator_version": manifest["generator_version"],
           "copies": len(manifest["copies"]), "audit": a, "out_mb": round(out_mb, 1)}
    if "timed_out" in a:
        print(f"[{pages} pages] audit: did not finish within {max_seconds:.0f} s (killed)", flush=True)
        return res
    print(f"[{pages} pages] audit: {a['wall_s']:.2f} s wall (import {a['import_s']:.2f}, run {a['run_s']:.2f}, "
          f"write {a['timings'].get('write', 0):.2f}); peak RSS main {a['rss_main_mb']:.0f} MB, "
          f"largest worker {a['rss_worker_max_mb']:.0f} MB, duplication job {_mb(a.get('rss_job_mb'))}", flush=True)
    if peer:
        p = _spawn(["textstat", str(corpus)], max_seconds)
        if "timed_out" in p:
            print(f"[{pages} pages] textstat loop: killed at {max_seconds:.0f} s", flush=True)
            res["peer"] = p
            return res
        res["peer"] = p
        res["ratio"] = p["wall_s"] / a["wall_s"]
        print(f"[{pages} pages] textstat loop: {p['wall_s']:.2f} s wall (loop {p['loop_s']:.2f}) over {p['files']} "
              f"files; peak RSS {p['rss_main_mb']:.0f} MB", flush=True)
        print(f"[{pages} pages] ratio textstat loop / audit = {res['ratio']:.2f}x "
              f"({'meets' if res['ratio'] >= 1.5 else 'MISSES'} the 1.5x target)", flush=True)
    return res


def bench_real(name: str, workers: int | None, max_seconds: float, tokenizer: bool = True) -> dict:
    """One real-text corpus (`corpora.py`), in one run on the same files: the audit, the plain textstat loop and the
    bare spaCy tokenizer pass, each in a fresh interpreter, wall and CPU seconds (all processes) of each."""
    sys.path.insert(0, str(HERE))
    import corpora

    corpus = corpora.ensure(name, quiet=False)
    m = corpora.manifest(name)
    res = {"corpus": name, "files": m["files"], "corpus_mb": m["mb"], "tokens": m["tokens"],
           "distinct_per_million": m["distinct_per_million"]}
    print(f"[{name}] {m['files']:,} files, {m['mb']} MB, {m['tokens']:,} word tokens, "
          f"{m['distinct_per_million']:,} distinct words per million", flush=True)
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as out:
        res["audit"] = a = _spawn(["audit", str(corpus), out, "default" if workers is None else str(workers), "all"],
                                  max_seconds)
    if "timed_out" in a:
        print(f"[{name}] audit: did not finish within {max_seconds:.0f} s (killed)", flush=True)
        return res
    res["body_words"] = a["body_words"]
    print(f"[{name}] audit: {a['wall_s']:.1f} s wall, {a['cpu_s']:.1f} CPU-s (all processes); peak RSS main "
          f"{a['rss_main_mb']:.0f} MB, largest worker {a['rss_worker_max_mb']:.0f} MB", flush=True)
    for kind in ("textstat", "tokenizer") if tokenizer else ("textstat",):
        res[kind] = p = _spawn([kind, str(corpus)], max_seconds)
        if "timed_out" in p:
            print(f"[{name}] {kind}: did not finish within {max_seconds:.0f} s (killed)", flush=True)
            continue
        print(f"[{name}] {kind}: {p['wall_s']:.1f} s wall, {p['cpu_s']:.1f} CPU-s; peak RSS {p['rss_main_mb']:.0f} MB",
              flush=True)
    if "wall_s" in res["textstat"]:
        t = res["textstat"]
        res["wall_ratio"] = t["wall_s"] / a["wall_s"]
        res["cpu_ratio"] = a["cpu_s"] / t["cpu_s"]
        print(f"[{name}] loop wall / audit wall = {res['wall_ratio']:.2f}x (target >= 1.5); audit CPU / loop CPU = "
              f"{res['cpu_ratio']:.2f}x (target <= 1.5)", flush=True)
    if "wall_s" in res.get("tokenizer", {}):
        res["tokenizer_ratio"] = a["cpu_s"] / res["tokenizer"]["cpu_s"]
        print(f"[{name}] audit CPU / tokenizer CPU = {res['tokenizer_ratio']:.2f}x (target <= 2)", flush=True)
    return res


def markdown_real(results: list[dict], info: dict) -> list[str]:
    """The real-text table: per corpus, the three programs' wall and CPU seconds and the target ratios."""
    lines = ["Real text (`benchmarks/corpora.py`), each program in a fresh interpreter on the same files, one after the "
             "other; CPU = user + system seconds of the process and every process it waited for (the audit's "
             "workers and duplication job included).", "",
             "| corpus | files | word tokens | distinct words / million | audit wall / CPU s | textstat loop wall / "
             "CPU s | spaCy tokenizer wall / CPU s | loop wall / audit wall | audit CPU / loop CPU | audit CPU / "
             "tokenizer CPU | audit peak RSS main / worker MB | load avg (1 min) at start: audit, loop, tokenizer |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        a, t, k = r["audit"], r.get("textstat"), r.get("tokenizer")
        pair = lambda d: "not run" if not d else (f"killed at {d['timed_out']:.0f}" if "timed_out" in d
                                                  else f"{d['wall_s']:.1f} / {d['cpu_s']:.1f}")
        ratio = lambda key: f"{r[key]:.2f}x" if key in r else "—"
        rss = "—" if "timed_out" in a else f"{a['rss_main_mb']:.0f} / {a['rss_worker_max_mb']:.0f}"
        loads = ", ".join(f"{d['load_before']:.1f}" for d in (a, t, k) if d)
        lines.append(f"| {r['corpus']} | {r['files']:,} | {r['tokens']:,} | {r['distinct_per_million']:,} | {pair(a)} | "
                     f"{pair(t)} | {pair(k)} | {ratio('wall_ratio')} | {ratio('cpu_ratio')} | "
                     f"{ratio('tokenizer_ratio')} | {rss} | {loads} |")
    lines += ["", "Targets: loop wall / audit wall >= 1.5 (10,000+ documents), audit CPU / loop CPU <= 1.5, audit CPU / "
              f"tokenizer CPU <= 2. Load average above ~0.5 on these {info['nproc']} cores means other work shared the "
              "machine (wall times are then pessimistic; CPU seconds much less so)."]
    done = [r for r in results if r["corpus"].startswith("newsgroups-") and "timed_out" not in r["audit"]]
    by_files = sorted(done, key=lambda r: r["files"])
    for prev, cur in zip(by_files, by_files[1:]):
        f = cur["files"] / prev["files"]
        lines.append(f"Scaling {prev['corpus']} -> {cur['corpus']} ({f:.0f}x documents): audit wall x"
                     f"{cur['audit']['wall_s'] / prev['audit']['wall_s']:.2f}, CPU x"
                     f"{cur['audit']['cpu_s'] / prev['audit']['cpu_s']:.2f} (target <= x{1.2 * f:.0f}).")
    return lines


STAGES = ("discover", "load_segment", "strip", "analyse", "assemble", "measure.readability", "measure.duplication",
          "measure.terms", "summary", "write")


def markdown(results: list[dict], info: dict, modules: dict, seeds: list[float] | None, note: str,
             real: list[dict] | None = None) -> str:
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
    if real:
        lines += markdown_real(real, info) + [""]
    if results:
        if real:
            lines += [f"Generated corpora (`generate.py` v{results[0].get('generator_version', '?')}):", ""]
        lines += ["| pages | corpus MB | word tokens | distinct words / million | audit s (wall) | audit CPU s | "
                  "textstat loop s (wall) | loop CPU s | ratio | audit peak RSS main / worker / duplication job MB |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in results:
            a = r["audit"]
            if "timed_out" in a:
                lines.append(f"| {r['pages']:,} | {r['corpus_mb']:.0f} | {r['tokens']:,} | "
                             f"{r['distinct_per_million']:,} | did not finish in {a['timed_out']:.0f} (killed) | — | "
                             f"not run | — | — | — |")
                continue
            p = r.get("peer", {})
            peer = f"{p['wall_s']:.1f}" if "wall_s" in p else ("killed" if p else "not run")
            peer_cpu = f"{p['cpu_s']:.1f}" if "cpu_s" in p else "—"
            ratio = f"{r['ratio']:.2f}x" if "ratio" in r else "—"
            lines.append(f"| {r['pages']:,} | {r['corpus_mb']:.0f} | {r['tokens']:,} | {r['distinct_per_million']:,} | "
                         f"{a['wall_s']:.1f} | {a.get('cpu_s', float('nan')):.1f} | {peer} | {peer_cpu} | {ratio} | "
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
    p = argparse.ArgumentParser(description="audit vs plain textstat loop (and a bare spaCy tokenizer pass) on real "
                                            "and generated corpora")
    p.add_argument("--real", nargs="*", metavar="CORPUS",
                   help="real-text corpora (benchmarks/corpora.py; none named: newsgroups-2k newsgroups-20k "
                        "cdc-pcd-2024): audit vs textstat loop vs bare spaCy tokenizer, wall and CPU")
    p.add_argument("--no-tokenizer", action="store_true", help="skip the bare spaCy tokenizer pass (--real)")
    p.add_argument("--sizes", type=int, nargs="*", help="pages per generated corpus (e.g. 1000 10000 100000); "
                   "default 1000 unless --real is given")
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
    real_names = None if a.real is None else (a.real or ["newsgroups-2k", "newsgroups-20k", "cdc-pcd-2024"])
    sizes = a.sizes if a.sizes is not None else ([] if real_names else [1000])
    real = [] if a.seeds_only or not real_names else [bench_real(n, a.workers, a.max_seconds, not a.no_tokenizer)
                                                      for n in real_names]
    results = [] if a.seeds_only else [bench_size(n, a.seed, a.workers, not a.no_peer, a.max_seconds, a.measures)
                                       for n in sizes]
    if a.measures == "none":
        modules = {k: "DISABLED for this run (foundation only)" for k in modules}
    done = [r for r in results if "timed_out" not in r["audit"]]
    for prev, cur in zip(done, done[1:]):
        print(f"scaling {prev['pages']} -> {cur['pages']}: time x{cur['audit']['wall_s'] / prev['audit']['wall_s']:.2f}")
    text = markdown(results, info, modules, seeds, a.note, real)
    print("\n" + text)
    if a.json:
        a.json.write_text(json.dumps({"machine": info, "modules": modules, "seeds": seeds, "results": results,
                                      "real": real},
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
