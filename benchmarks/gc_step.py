"""The analyse worker's garbage collections, in one process.

    python benchmarks/gc_step.py benchmarks/_corpora/newsgroups-2k [--arrivals] [--who]

Loads the spaCy pipeline and the measures' per-process resources first (what the parent loads before it forks the
analyse workers, so a worker starts with them in the oldest generation), then runs `audit.run(corpus)` with one
worker (every chunk in this process) and prints, for the analyse chunks and for the rest of the run: collections by
generation and their CPU seconds (`gc.callbacks`: observation only, the collector's settings untouched), the full
collections per chunk, and the tracked objects after the preload and at the end. CPython (3.11) runs a full
collection when the objects moved into the oldest generation since the last one exceed a quarter of those it held:
the objects reaching it are what to cut. `--arrivals`: those objects counted by type (slow: a scan of the oldest
generation after every collection of generation 1 or 2). `--who`: where the analyse chunks were when each collection
started (one start per ~700 net new tracked objects: a sampling profile of what grows the tracked heap). Patches
module attributes only, so the same script times any version of the code (run it from a folder outside the worktree
with another venv's python).
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import time
from collections import Counter, defaultdict


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--arrivals", action="store_true", help="the objects reaching the oldest generation, by type")
    ap.add_argument("--who", action="store_true", help="the innermost audit function at each collection's start")
    args = ap.parse_args()

    import audit
    from audit.config import Settings
    from audit.engine import chunks, measures
    from audit.nlp import load_nlp

    settings = Settings()
    settings = dataclasses.replace(settings, run=dataclasses.replace(settings.run, workers=1))
    t0 = time.process_time()
    load_nlp(settings.segment.spacy_model)
    for m in measures.registered():
        if m.preload is not None:
            m.preload(settings)
    print(f"preload CPU {time.process_time() - t0:.2f} s, tracked objects after it {len(gc.get_objects()):,}")

    state = {"where": "other", "start": 0.0, "busy": False, "old": None}
    seconds: dict[tuple[str, int], float] = defaultdict(float)
    count: dict[tuple[str, int], int] = defaultdict(int)
    arrivals: Counter = Counter()
    who: Counter = Counter()
    per_chunk: list[tuple[float, int]] = []

    def watch(phase: str, info: dict) -> None:
        if state["busy"]:
            return
        g = info["generation"]
        if phase == "start":
            if args.who and state["where"] == "analyse":
                f = sys._getframe(1)
                while f is not None and ("/audit/" not in f.f_code.co_filename
                                         or "site-packages" in f.f_code.co_filename):
                    f = f.f_back
                who[f"{f.f_code.co_filename.split('/audit/')[-1]}:{f.f_code.co_name}" if f else "?"] += 1
            state["start"] = time.process_time()
            return
        seconds[(state["where"], g)] += time.process_time() - state["start"]
        count[(state["where"], g)] += 1
        if args.arrivals and g >= 1:
            state["busy"] = True
            objs = gc.get_objects(generation=2)
            if state["where"] == "analyse" and state["old"] is not None:
                arrivals.update(type(o).__qualname__ for o in objs if id(o) not in state["old"])
            state["old"] = set(map(id, objs))
            del objs
            state["busy"] = False

    analyse_chunk = chunks.analyse_chunk

    def timed_chunk(*a, **kw):
        state["where"] = "analyse"
        full, c0 = count[("analyse", 2)], time.process_time()
        try:
            return analyse_chunk(*a, **kw)
        finally:
            state["where"] = "other"
            per_chunk.append((time.process_time() - c0, count[("analyse", 2)] - full))

    chunks.analyse_chunk = timed_chunk
    gc.callbacks.append(watch)
    t0 = time.process_time()
    audit.run(args.corpus, settings, progress=False)
    cpu = time.process_time() - t0
    gc.callbacks.remove(watch)
    print(f"audit from {audit.__file__}")
    print(f"run CPU {cpu:.2f} s; analyse chunks {sum(c for c, _ in per_chunk):.2f} s in {len(per_chunk)} chunks")
    for where in ("analyse", "other"):
        row = "  ".join(f"gen{g} {count[(where, g)]:4d} {seconds[(where, g)]:.3f} s" for g in (0, 1, 2))
        print(f"GC {where:8s} {row}   total {sum(seconds[(where, g)] for g in (0, 1, 2)):.3f} s")
    print("full collections per analyse chunk:", [n for _, n in per_chunk])
    print(f"tracked objects at the end: {len(gc.get_objects()):,}")
    if args.arrivals:
        print(f"objects reaching the oldest generation during the analyse chunks: {sum(arrivals.values()):,}")
        for name, n in arrivals.most_common(25):
            print(f"  {n:8,d} {name}")
    if args.who:
        print(f"collections started in the analyse chunks, by innermost audit function ({sum(who.values())}):")
        for name, n in who.most_common(25):
            print(f"  {n:6d} {name}")


if __name__ == "__main__":
    main()
