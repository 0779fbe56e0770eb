"""Where the analyse stage's CPU goes outside the per-page steps (`chunks.analyse_chunk`'s plumbing), in one process.

    python benchmarks/chunk_plumbing.py benchmarks/_corpora/newsgroups-2k [--out /tmp/x] [--workers 2]

Runs `audit.run(corpus)` with one worker (every chunk in this process; `--workers N`: N forked workers, each
leaving its sums in a file after every chunk, summed here) and `Audit.write(out)`, and prints CPU seconds
(`time.process_time`) of: every `analyse_chunk` call, the per-page step inside it (`pipeline._guarded_analyse`), the
template lines (`label_page` + `note_copies`), the store writes (`spill_frame`, and within it `write_parquet`,
`stable_frame`, `csv_bytes`), each measure's `chunk_tables` / `chunk_data` / `chunk_rows`, the pages' unpickling,
their block-count look-ups (`HashCounts.lookup`), their rows (`add_block_rows`, `page_stats`, `PageRows.add`), and
the garbage collector's time (`gc.callbacks`, observed only), attributed to the innermost timed step it interrupted
("gc in <step>"); plumbing = analyse_chunk - per-page - template. Then the
stages after the chunks (assemble .. write) as CPU seconds of this process. Patches module attributes only, so the
same script times any version of the code on PYTHONPATH (run it from a folder outside the worktree to time another).
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

CPU: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
SUMS = [""]  # the folder where each worker process leaves its sums (--workers > 1)


def chunk_done() -> None:
    if SUMS[0]:
        with open(os.path.join(SUMS[0], f"{os.getpid()}.json"), "w") as fh:
            json.dump({"cpu": CPU, "calls": CALLS}, fh)


TIMED: dict[str, "Timed"] = {}
ACTIVE: list[str] = []  # the timed steps running, innermost last
GC_START = [0.0]


def _gc_watch(phase: str, info: dict) -> None:
    """(Observation only: the time of each collection, summed under the innermost timed step it interrupted.)"""
    if phase == "start":
        GC_START[0] = time.process_time()
    elif ACTIVE:
        CPU[f"gc in {ACTIVE[-1]}"] += time.process_time() - GC_START[0]
        CALLS[f"gc in {ACTIVE[-1]}"] += 1


def _timed(name: str) -> "Timed":
    return TIMED[name]


class Timed:
    """`fn` with its CPU seconds summed under `name`; pickled by name (the forked workers hold the same `TIMED`)."""

    def __init__(self, name: str, fn) -> None:
        self.name, self.fn = name, fn
        TIMED[name] = self

    def __call__(self, *args, **kwargs):
        t0 = time.process_time()
        ACTIVE.append(self.name)
        try:
            return self.fn(*args, **kwargs)
        finally:
            ACTIVE.pop()
            CPU[self.name] += time.process_time() - t0
            CALLS[self.name] += 1
            if self.name == "analyse_chunk":
                chunk_done()

    def __reduce__(self):
        return _timed, (self.name,)


def timed(name: str, fn) -> Timed:
    return Timed(name, fn)


def timed_method(name: str, fn):
    """`fn` timed, as a plain function (binds as a method when set on a class)."""
    t = Timed(name, fn)

    def method(*args, **kwargs):
        return t(*args, **kwargs)
    return method


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out", default=None)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()

    import audit
    from audit.config import Settings
    import pickle
    import types

    from audit.engine import chunks, measures, pipeline, results, store
    from audit.ingest import template
    from audit.present import tables

    chunks.analyse_chunk = timed("analyse_chunk", chunks.analyse_chunk)
    pipeline._guarded_analyse = timed("per_page (analyse)", pipeline._guarded_analyse)
    template.label_page = timed("template label_page", template.label_page)
    template.note_copies = timed("template note_copies", template.note_copies)
    chunks.spill_frame = timed("spill_frame", chunks.spill_frame)
    store.write_parquet = timed("  write_parquet", store.write_parquet)
    tables.stable_frame = timed("  stable_frame", tables.stable_frame)
    tables.csv_bytes = timed("  csv_bytes", tables.csv_bytes)
    if hasattr(tables, "stable_csv"):  # (since stop 24: a part's CSV in one pass, no stable frame)
        tables.stable_csv = timed("  stable_csv", tables.stable_csv)
    chunks.pickle = types.SimpleNamespace(**{k: getattr(pickle, k) for k in ("dumps", "dump", "HIGHEST_PROTOCOL")},
                                          loads=timed("pickle.loads (pages)", pickle.loads),
                                          load=timed("pickle.load (chunk file)", pickle.load))
    chunks.HashCounts.lookup = timed_method("HashCounts.lookup", chunks.HashCounts.lookup)
    chunks.add_block_rows = timed("add_block_rows", chunks.add_block_rows)
    chunks.page_stats = timed("page_stats", chunks.page_stats)
    results.PageRows.add = timed_method("PageRows.add", results.PageRows.add)
    for m in measures.registered():
        fields = {}
        for step in ("chunk_tables", "chunk_data", "chunk_rows"):
            fn = getattr(m, step)
            if fn is not None:
                fields[step] = timed(f"{m.name}.{step}", fn)
        measures._REGISTRY[m.name] = dataclasses.replace(m, **fields)

    settings = Settings()
    settings = dataclasses.replace(settings, run=dataclasses.replace(settings.run, workers=args.workers))
    if args.workers > 1:
        SUMS[0] = tempfile.mkdtemp(prefix="plumbing-sums-")
    gc.callbacks.append(_gc_watch)
    t0 = time.process_time()
    a = audit.run(args.corpus, settings, progress=False)
    run_cpu = time.process_time() - t0
    if SUMS[0]:  # the workers' sums (this process ran no chunk)
        for f in sorted(Path(SUMS[0]).iterdir()):
            sums = json.loads(f.read_text())
            for name, v in sums["cpu"].items():
                CPU[name] += v
                CALLS[name] += sums["calls"][name]
            f.unlink()
        Path(SUMS[0]).rmdir()
    out = Path(args.out or tempfile.mkdtemp(prefix="plumbing-"))
    t1 = time.process_time()
    a.write(out)
    write_cpu = time.process_time() - t1
    print(f"audit from {Path(audit.__file__).parent}")
    inner = CPU["per_page (analyse)"] + CPU["template label_page"] + CPU["template note_copies"]
    for name in CPU:
        print(f"{name:28s} {CPU[name]:8.3f} CPU-s  ({CALLS[name]} calls)")
    print(f"{'plumbing (chunk - per_page - template)':40s} {CPU['analyse_chunk'] - inner:8.3f}")
    print(f"{'run() CPU (this process)':40s} {run_cpu:8.3f}")
    print(f"{'write CPU':40s} {write_cpu:8.3f}")
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{'CPU all processes (user+sys)':40s} {me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime:8.3f}")
    print(f"peak RSS MB: this process {me.ru_maxrss / 1024:.0f}, largest child {kids.ru_maxrss / 1024:.0f}")
    print("stage wall:", {k: round(v, 3) for k, v in a.timings.items() if not k.startswith("analyse.")})


if __name__ == "__main__":
    main()
