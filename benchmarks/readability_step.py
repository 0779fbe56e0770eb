"""CPU seconds of readability's per-page step inside a real run, one process (`--workers 1`).

    python benchmarks/readability_step.py CORPUS [--parts] [--replay N] [--dump FILE] [--save FILE]
    python benchmarks/readability_step.py --load FILE --replay N

Runs `audit.engine.pipeline.run` on CORPUS in this process and wraps the readability measure's registered `per_page` (no
other change to the run) to sum `time.process_time()` over its calls; `--parts` also times the compiled page walk
(`measure.page_units`) and the new tokens' records (`_rows.records_of`; `_page.records_of` before the split). Garbage
collections that start while the step runs are timed apart (`gc.callbacks`; they are part of the step's CPU seconds).
Works on any checkout that has the measure registry (run it with `PYTHONPATH=<checkout>` from a folder outside any
worktree to time another build). `--replay N`: the step's inputs are kept, and after the run the step runs again over
all of them N times with its per-word caches emptied first ("fresh": the word lists stay loaded) and N times with every
word known ("warm"), each pass timed alone (same process, same heap). `--dump FILE`: every page's extras and new unit
columns of the run, pickled (to compare two builds). `--save FILE`: the kept inputs pickled without their spaCy docs
(the default pipeline's step reads no doc: no tagger, no parse), and `--load FILE` replays them without a run, after the
measures' preload steps (quick comparisons of the step alone). Prints one JSON line.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import sys
import time


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("corpus", nargs="?")
    p.add_argument("--save", metavar="FILE", help="pickle the kept inputs (no docs) for --load")
    p.add_argument("--load", metavar="FILE", help="replay pickled inputs instead of a run")
    p.add_argument("--parts", action="store_true", help="also time the page walk and the new tokens' records")
    p.add_argument("--replay", type=int, default=0, metavar="N", help="fresh and warm passes over the kept inputs")
    p.add_argument("--dump", metavar="FILE", help="pickle the step's outputs (extras, new unit columns) per page")
    args = p.parse_args()
    if not args.corpus and not args.load:
        p.error("a CORPUS to run, or --load FILE")

    t0 = time.process_time()
    import audit
    from audit.config import Settings
    from audit.engine import measures, pipeline
    from audit.readability import measure as readability

    clock = {"step": 0.0, "gc": 0.0, "gc_n": 0, "calls": 0, "walk": 0.0, "records": 0.0}
    state = {"in_step": False, "gc_start": 0.0}

    def on_gc(phase: str, info: dict) -> None:
        if not state["in_step"]:
            return
        if phase == "start":
            state["gc_start"] = time.process_time()
        else:
            spent = time.process_time() - state["gc_start"]
            clock["gc"] += spent
            clock["gc_n"] += 1
            by_gen = clock.setdefault("gc_by_generation", [[0, 0.0], [0, 0.0], [0, 0.0]])[info["generation"]]
            by_gen[0] += 1
            by_gen[1] += spent

    gc.callbacks.append(on_gc)
    if args.load:
        import pickle

        with open(args.load, "rb") as fh:
            kept = [(body, [], columns, n) for body, columns, n in pickle.load(fh)]
        settings = Settings()
        for measure in measures.registered():  # the word lists loaded first, as the engine's preload step does
            if measure.preload is not None:
                measure.preload(settings)
        out = {"audit": audit.__file__, "pages": len(kept)}
        out.update(_replay(kept, measures._REGISTRY[readability.KEY].per_page, settings, args.replay, clock, state))
        json.dump(out, sys.stdout)
        print()
        return 0
    original = measures._REGISTRY[readability.KEY]

    kept, dumped = [], []

    def per_page(result, body, docs, units, settings) -> None:
        if args.replay or args.save:
            kept.append((body, docs, dict(units.columns), len(units)))
        before = set(units.columns)
        state["in_step"] = True
        c = time.process_time()
        try:
            original.per_page(result, body, docs, units, settings)
        finally:
            clock["step"] += time.process_time() - c
            clock["calls"] += 1
            state["in_step"] = False
        if args.dump:
            dumped.append((result.page.page_id, result.extras[readability.KEY],
                           {k: v for k, v in units.columns.items() if k not in before}))

    measures._REGISTRY[readability.KEY] = dataclasses.replace(original, per_page=per_page)
    if args.parts:
        import importlib

        try:  # (the module that calls `records_of`: `_rows` since `_page.pyx` was split)
            caller = importlib.import_module("audit.readability._rows")
        except ImportError:
            caller = importlib.import_module("audit.readability._page")

        def timed(name, fn):
            def wrapper(*a, **k):
                c = time.process_time()
                try:
                    return fn(*a, **k)
                finally:
                    clock[name] += time.process_time() - c
            return wrapper

        readability.page_units = timed("walk", readability.page_units)
        caller.records_of = timed("records", caller.records_of)
    settings = Settings().replace(run={"workers": 1})
    t1 = time.process_time()
    result = pipeline.run(args.corpus, settings, progress=False)
    t2 = time.process_time()
    out = {"audit": audit.__file__, "pages": len(result.pages), "run_cpu": round(t2 - t1, 3),
           "import_cpu": round(t1 - t0, 3), "step_cpu": round(clock["step"], 3), "step_gc_cpu": round(clock["gc"], 3),
           "step_gc_n": clock["gc_n"], "calls": clock["calls"],
           "step_gc_by_generation": [[n, round(t, 3)] for n, t in clock.get("gc_by_generation", [])]}
    if args.parts:
        out.update(walk_cpu=round(clock["walk"], 3), records_cpu=round(clock["records"], 3))
    if args.save:
        import pickle

        with open(args.save, "wb") as fh:
            pickle.dump([(body, {k: v for k, v in columns.items() if not k.startswith("_")}, n)
                         for body, _, columns, n in kept], fh, protocol=pickle.HIGHEST_PROTOCOL)
    if args.dump:
        import pickle

        with open(args.dump, "wb") as fh:
            pickle.dump(dumped, fh, protocol=pickle.HIGHEST_PROTOCOL)
    if args.replay:
        out.update(_replay(kept, original.per_page, settings, args.replay, clock, state))
    json.dump(out, sys.stdout)
    print()
    return 0


class _Result:
    def __init__(self) -> None:
        self.extras: dict = {}


def _empty_caches() -> None:
    """The step's per-word caches emptied (the word lists stay loaded): the plain table and its token table, the
    difficult-word test's, the passive rules' and the sentence grades' caches."""
    from audit.readability import _tokens, formulas, passive
    from audit.readability.plain import plain_words

    plain_words.cache_clear()
    _tokens.clear_classified()
    passive._ADVERB.clear()
    passive._PARTICIPLE.clear()
    formulas.rounded_sentence_grade.cache_clear()


def _replay(kept, step, settings, n: int, clock: dict, state: dict) -> dict:
    from audit.engine.results import Units

    def one_pass() -> tuple[float, float]:
        clock["gc"] = 0.0
        state["in_step"] = True
        c = time.process_time()
        for body, docs, columns, n_units in kept:
            step(_Result(), body, docs, Units(dict(columns), n_units), settings)
        state["in_step"] = False
        return time.process_time() - c, clock["gc"]

    fresh, warm = [], []
    for _ in range(n):
        _empty_caches()
        fresh.append(one_pass())
        warm.append(one_pass())
    return {"fresh_cpu": [round(x, 3) for x, _ in fresh], "fresh_gc": [round(g, 3) for _, g in fresh],
            "warm_cpu": [round(x, 3) for x, _ in warm], "warm_gc": [round(g, 3) for _, g in warm]}


if __name__ == "__main__":
    raise SystemExit(main())
