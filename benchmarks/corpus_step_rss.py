"""The main process's memory around each measure's corpus step, in one audit run (default settings).

    PYTHONPATH=CODE python benchmarks/corpus_step_rss.py CORPUS OUT

Prints one JSON line: per measure, the process's RSS when its corpus step starts (`rss_before`; for the first one,
readability, that is what `analyse` left held), the highest RSS sampled during it (every 50 ms, `peak_during`),
its CPU seconds and the RSS after it; the highest RSS during `Audit.write` to OUT; the process's VmHWM; the
run's stage timings. Point PYTHONPATH at the code to measure (e.g. a `git archive` of another commit, run from a
folder outside any worktree) to compare two versions on the same corpus.
"""
from __future__ import annotations

import dataclasses
import json
import sys
import threading
import time


def rss(field: str = "VmRSS") -> float:
    """MB of this process's `field` in /proc/self/status."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(corpus: str, out_dir: str) -> dict:
    import audit
    from audit.engine import measures

    peak = [0.0]

    def sampler() -> None:
        while True:
            peak[0] = max(peak[0], rss())
            time.sleep(0.05)

    threading.Thread(target=sampler, daemon=True).start()
    out: dict = {"code": audit.__file__}
    for name, m in list(measures._REGISTRY.items()):
        def step(a, results, settings, job=None, _m=m, _name=name):
            peak[0] = 0.0
            before, cpu = rss(), time.process_time()
            _m.corpus_step(a, results, settings, job)
            out[_name] = {"rss_before": round(before), "peak_during": round(max(peak[0], rss())),
                          "cpu": round(time.process_time() - cpu, 2), "rss_after": round(rss())}
        measures._REGISTRY[name] = dataclasses.replace(m, corpus_step=step)
    a = audit.run(corpus, progress=False)
    peak[0] = 0.0
    a.write(out_dir)
    out["write_peak"] = round(peak[0])
    out["hwm"] = round(rss("VmHWM"))
    out["timings"] = {k: round(v, 2) for k, v in a.timings.items()
                      if k.startswith("measure") or k in ("analyse", "write")}
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
