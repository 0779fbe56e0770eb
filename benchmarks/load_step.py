"""CPU seconds of the load stage (`chunks.load_chunk` over every chunk, then the main process's `chunks.strip`), in
one process, the steps called directly (no analyse stage, no pool).

    python benchmarks/load_step.py CORPUS [--runs 3] [--parts] [--light-pickle]

Discovers CORPUS as `audit.run` does, then per run: every chunk's `load_chunk` (the guarded per-page step
`pipeline._guarded_load` and the chunk's pickles into a temporary store), the light results' round trip through
pickle as the pool sends them back to the main process (`--light-pickle`), and `strip` over the ok pages. Prints
one JSON line per run: CPU seconds (`time.process_time`) of load_chunk (all chunks), strip, and with `--parts` the
per-page parts (patched module attributes, so the same script times any checkout on PYTHONPATH: run it from a
folder outside the worktree to time another build): `load_page` (read, decode, extraction, `english_share`, `identify`),
`segment_lines`, `page_evidence` (block hashes, copy key, pattern hits; in an older checkout `block_hashes`,
`copy_key`, `pattern_hits`), and for HTML pages trafilatura's `extract`,
`htmltext.prepare`, `htmltext.title_and_url`, `guard.html_depth_exceeds`. Also the store's pickle bytes, and the
CPU seconds of garbage collections by generation (`gc.callbacks`; inside the figures above, not beside them).
"""
from __future__ import annotations

import argparse
import gc
import json
import pickle
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

CPU: dict[str, float] = defaultdict(float)


def timed(name: str, fn):
    def wrapper(*args, **kwargs):
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            CPU[name] += time.process_time() - t0

    wrapper.__name__ = getattr(fn, "__name__", name)
    return wrapper


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--parts", action="store_true", help="time the per-page parts too (adds call overhead)")
    p.add_argument("--light-pickle", action="store_true", help="round-trip the light results through pickle")
    args = p.parse_args()

    import audit
    from audit.config import Settings
    from audit.engine import chunks, pipeline
    from audit.ingest import load

    gc_clock = {"start": 0.0}

    def on_gc(phase: str, info: dict) -> None:  # garbage collections timed apart (part of the figures above)
        if phase == "start":
            gc_clock["start"] = time.process_time()
        else:
            CPU[f"gc gen{info['generation']}"] += time.process_time() - gc_clock["start"]

    gc.callbacks.append(on_gc)
    settings = Settings()
    if args.parts:
        import trafilatura

        from audit.engine import guard
        from audit.ingest import htmltext, template

        pipeline._guarded_load = timed("guarded_load (per page)", pipeline._guarded_load)
        pipeline.load_page = timed("load_page", pipeline.load_page)
        pipeline.segment_lines = timed("segment_lines", pipeline.segment_lines)
        chunks.block_hashes = timed("block_hashes", chunks.block_hashes)  # (a checkout before `page_evidence`)
        template.copy_key = timed("copy_key", template.copy_key)
        template.pattern_hits = timed("pattern_hits", template.pattern_hits)
        if hasattr(template, "page_evidence"):  # (the three in one pass)
            template.page_evidence = timed("page_evidence", template.page_evidence)
        try:  # (the language decision's module; an older checkout counts the share in `load`)
            from audit.ingest import language
            language.english_share = timed("  english_share", language.english_share)
            language.identify = timed("  identify (CLD2)", language.identify)
        except ImportError:
            load.english_share = timed("  english_share", load.english_share)
        trafilatura.extract = timed("  trafilatura.extract", trafilatura.extract)
        htmltext.prepare = timed("  prepare", htmltext.prepare)
        htmltext.title_and_url = timed("  title_and_url", htmltext.title_and_url)
        guard.html_depth_exceeds = timed("  html_depth_exceeds", guard.html_depth_exceeds)
        htmltext.visible_lines = timed("  visible_lines", htmltext.visible_lines)
        htmltext.announced_lists = timed("  announced_lists", htmltext.announced_lists)
    sources, _ = load.discover([args.corpus], settings.load, settings.crawl)
    parts = chunks.chunks_of([s.size for s in sources], settings.run)
    print(json.dumps({"audit": str(Path(audit.__file__).parent), "pages": len(sources), "chunks": len(parts)}))
    for run in range(args.runs):
        CPU.clear()
        store = tempfile.mkdtemp(prefix="load-step-")
        try:
            t0 = time.process_time()
            loaded = []
            for k, c in enumerate(parts):
                light = chunks.load_chunk(pipeline._guarded_load, settings, store, k,
                                          [sources[i] for i in c])
                if args.light_pickle:
                    t1 = time.process_time()
                    light = pickle.loads(pickle.dumps(light, protocol=pickle.HIGHEST_PROTOCOL))
                    CPU["light pickle round trip"] += time.process_time() - t1
                loaded.append(light)
            cpu_load = time.process_time() - t0
            store_bytes = sum(f.stat().st_size for f in Path(store).iterdir())
            t0 = time.process_time()
            ok = [r for part in loaded for r in part if r.page.status == "ok"]
            chunks.strip(store, ok, settings)
            cpu_strip = time.process_time() - t0
        finally:
            shutil.rmtree(store)
        out = {"run": run, "load_chunk": round(cpu_load, 3), "strip": round(cpu_strip, 3),
               "ok": len(ok), "store_MB": round(store_bytes / 1e6, 2)}
        out.update({k: round(v, 3) for k, v in sorted(CPU.items())})
        print(json.dumps(out))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
