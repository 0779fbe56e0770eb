"""The measures' corpus jobs (terms' `corpus_job`, duplication's `pairs_job` and `passages_job`) one at a time, on
a kept store: CPU seconds of each job alone in one process, and a digest of what it returns and writes.

    python benchmarks/corpus_jobs.py prepare CORPUS STORE   # an audit run (default settings) that keeps the
                                                            # chunk files the corpus jobs read (hard links) in STORE
    python benchmarks/corpus_jobs.py run STORE [--jobs passages pairs terms] [--runs N] [--profile N]

`run` calls each job as the engine does (`job(store, chunk_ids, settings)`) on a temporary folder of links to
STORE's files (the passages job writes its parts there; STORE is only read), N times, and prints per job the
minimum CPU-s (`time.process_time()`), wall seconds and an output digest (equal digests: equal outputs).
`--profile N`: cProfile of one more call, the N costliest functions by own time. Run it with `PYTHONPATH` pointing at
another checkout to compare two versions on the same store.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path

KEEP = ("duplication", "terms")  # the measures whose chunk files the corpus jobs read


def prepare(corpus: str, store: str) -> None:
    import audit
    from audit.config import Settings
    from audit.engine import executors

    keep = Path(store)
    keep.mkdir(parents=True, exist_ok=True)
    submit = executors.Engine.submit

    def keeping(self, fn, *args):  # the first job's submission: every chunk file is there
        store_dir, chunks = args[0], args[1]
        if not (keep / "chunks.json").exists():
            for path in Path(store_dir).iterdir():
                if any(f".{k}." in path.name for k in KEEP) and not (keep / path.name).exists():
                    os.link(path, keep / path.name)
            (keep / "chunks.json").write_text(json.dumps(list(chunks)))
        return submit(self, fn, *args)

    executors.Engine.submit = keeping
    audit.run(corpus, Settings(), progress=False)
    print(f"kept {len(list(keep.iterdir())) - 1} chunk files in {keep}")


def _jobs() -> dict:
    from audit.duplication import measure as D
    from audit.terms import measure as T

    return {"passages": D.passages_job, "pairs": D.pairs_job, "terms": T.corpus_job}


def _digest(out: dict, folder: Path) -> str:
    h = hashlib.sha256()
    for k in sorted(out):
        if k in ("seconds", "peak_rss_mb", "passage_parts"):
            continue
        v = out[k]
        h.update(k.encode())
        if hasattr(v, "to_csv"):
            h.update(v.to_csv(index=False).encode())
        elif isinstance(v, dict):
            h.update(repr(sorted(v.items())).encode())
        else:
            h.update(pickle.dumps(v, protocol=4))
    for part in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        h.update(part.read_bytes())
    return h.hexdigest()[:16]


def run(store: str, names: list[str], runs: int, profile: int) -> None:
    from audit.config import Settings

    settings = Settings()
    chunks = json.loads((Path(store) / "chunks.json").read_text())
    jobs = _jobs()
    for name in names:
        best_cpu, best_wall, digest = float("inf"), float("inf"), ""
        for k in range(runs + (1 if profile else 0)):
            with tempfile.TemporaryDirectory(prefix="corpus-jobs-") as tmp:
                for f in Path(store).iterdir():
                    if f.name != "chunks.json":
                        os.symlink(f.resolve(), Path(tmp) / f.name)
                if k == runs:
                    import cProfile
                    import pstats

                    prof = cProfile.Profile()
                    prof.enable()
                    jobs[name](tmp, chunks, settings)
                    prof.disable()
                    print(f"--- {name}: cProfile, by own time")
                    pstats.Stats(prof).sort_stats("tottime").print_stats(profile)
                    continue
                c, t = time.process_time(), time.perf_counter()
                out = jobs[name](tmp, chunks, settings)
                cpu, wall = time.process_time() - c, time.perf_counter() - t
                best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
                digest = _digest(out, Path(tmp))
                shutil.rmtree(tmp, ignore_errors=True)
        if runs:
            print(f"{name}: CPU {best_cpu:.2f} s, wall {best_wall:.2f} s (min of {runs}), digest {digest}", flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["prepare", "run"])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--jobs", nargs="+", default=["passages", "pairs", "terms"])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--profile", type=int, default=0)
    a = ap.parse_args()
    if a.what == "prepare":
        prepare(a.paths[0], a.paths[1])
    else:
        run(a.paths[0], a.jobs, a.runs, a.profile)
