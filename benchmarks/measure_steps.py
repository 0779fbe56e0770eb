"""CPU seconds of the terms and duplication measures' own steps inside a real run, one process (`workers=1`).

    python benchmarks/measure_steps.py CORPUS [--parts] [--measures terms duplication]

Runs `audit.engine.pipeline.run` on CORPUS in this process (every chunk, and duplication's corpus jobs, inline) and
wraps each step of the measures' registered `Measure`s (`per_page`, `chunk_tables`, `chunk_data`, each corpus
job, `corpus_step`; no other change to the run) to sum `time.process_time()` over its calls. Garbage collections
that start inside a step are summed apart as well (`gc.callbacks`, observed only; they are part of the step's
CPU seconds). `--parts` also times the pieces of the per-page steps (terms: the page's `Tokens`, `page_tokens`; the
glossary match, the page's mentions, the candidates, the jargon checks and rows; duplication: the page's shingles
and body hash, the passage units), by patching module attributes. The measures' preload steps run first, as a run
with local workers does before they fork (the word lists, the compiled glossary: not part of the steps). Works on any checkout that has the measure registry
(run it with `PYTHONPATH=<checkout>` from a folder outside any worktree to time another build). One JSON line.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import sys
import time
from collections import defaultdict

CPU: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
ACTIVE: list[str] = []
GC_START = [0.0]


def _on_gc(phase: str, info: dict) -> None:
    if not ACTIVE:
        return
    if phase == "start":
        GC_START[0] = time.process_time()
    else:
        CPU[f"gc in {ACTIVE[0]}"] += time.process_time() - GC_START[0]


def timed(name: str, fn):
    def wrapper(*args, **kwargs):
        c = time.process_time()
        ACTIVE.append(name)
        try:
            return fn(*args, **kwargs)
        finally:
            ACTIVE.pop()
            CPU[name] += time.process_time() - c
            CALLS[name] += 1
    wrapper.__name__ = getattr(fn, "__name__", name)
    return wrapper


def _parts() -> None:
    from audit.duplication import passages, shingles
    from audit.terms import candidates, discovery, glossary
    from audit.terms import measure as terms

    discovery.page_tokens = timed("terms.tokens", discovery.page_tokens)
    glossary.CompiledGlossary.match = timed("terms.match", glossary.CompiledGlossary.match)
    terms.resolve_page = timed("terms.resolve_page", terms.resolve_page)
    step = "page_parts" if hasattr(candidates, "page_parts") else "page_candidates"  # (per_page's call, by version)
    setattr(candidates, step, timed("terms.candidates", getattr(candidates, step)))
    shingles.page_shingles = timed("duplication.page_shingles", shingles.page_shingles)
    passages.page_units = timed("duplication.page_units", passages.page_units)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("--measures", nargs="+", default=["terms", "duplication"])
    p.add_argument("--parts", action="store_true", help="also time the pieces of the per-page steps")
    args = p.parse_args()

    t0 = time.process_time()
    import audit
    from audit.config import Settings
    from audit.engine import measures, pipeline

    gc.callbacks.append(_on_gc)
    for name in args.measures:
        m = measures._REGISTRY[name]
        change = {"per_page": timed(f"{name}.per_page", m.per_page),
                  "chunk_tables": timed(f"{name}.chunk_tables", m.chunk_tables),
                  "corpus_step": timed(f"{name}.corpus_step", m.corpus_step)}
        if m.chunk_data is not None:
            change["chunk_data"] = timed(f"{name}.chunk_data", m.chunk_data)
        if m.corpus_jobs:
            change["corpus_jobs"] = tuple(timed(f"{name}.{job.__name__}", job) for job in m.corpus_jobs)
        measures._REGISTRY[name] = dataclasses.replace(m, **change)
    if args.parts:
        _parts()
    settings = Settings().replace(run={"workers": 1})
    for measure in measures.registered():  # what a run's local workers inherit loaded (the engine's preload)
        if measure.preload is not None:
            measure.preload(settings)
    t1 = time.process_time()
    result = pipeline.run(args.corpus, settings, progress=False)
    t2 = time.process_time()
    out = {"audit": audit.__file__, "pages": len(result.pages), "run_cpu": round(t2 - t1, 3),
           "import_cpu": round(t1 - t0, 3)}
    for name in args.measures:
        worker = sum(v for k, v in CPU.items() if k.startswith(f"{name}.") and k.split(".")[1] in
                     ("per_page", "chunk_tables", "chunk_data"))
        out[f"{name}.worker"] = round(worker, 3)
    out.update({k: round(v, 3) for k, v in sorted(CPU.items())})
    json.dump(out, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
