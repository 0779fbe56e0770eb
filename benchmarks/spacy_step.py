"""The analyse stage's spaCy step (`pipeline.analyse_body` before the measures: `Audit.timings["analyse.spacy"]`) in
CPU seconds, in one process, a fresh interpreter per run (spaCy's vocabulary and tokenizer cache cold, as in a real
run), split into spaCy's tokenizer itself (`nlp.make_doc`) and the audit's own work around it (`guard.for_spacy`, the
token records and the `WordTable` rows of new words with the measures' word columns, the sentence units).

    .venv/bin/python benchmarks/spacy_step.py benchmarks/_corpora/newsgroups-2k --runs 3
    PYTHONPATH=/other/checkout .venv/bin/python benchmarks/spacy_step.py CORPUS   # another version of the code

One JSON line per run, then the minima: analyse.spacy, tokenizer, ours (the difference), the measures' steps, the
run's CPU seconds and peak RSS. CPU seconds of one process (`--workers 1`), not wall time: compare two versions of
the code alternated on one machine; load from other programs still inflates CPU seconds by 10-20 %.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from types import SimpleNamespace


def child(corpus: str) -> dict:
    from dataclasses import replace

    import audit
    import audit.engine.pipeline as pipeline
    from audit.config import Settings
    from audit.nlp import lemma_table, load_nlp

    clock = time.process_time
    pipeline.time = SimpleNamespace(perf_counter=clock, process_time=clock)  # (this script only) the steps' seconds as CPU seconds
    nlp = load_nlp("")
    lemma_table("")  # (loaded before the workers fork, as the pipeline and the word lists are: not the step's work)
    make_doc, docs, spent, inside = nlp.make_doc, pipeline._docs, [0.0], [False]

    def timed_make_doc(text):  # (spaCy's tokenizer in the step; the glossary's and the gate's calls not counted)
        if not inside[0]:
            return make_doc(text)
        t = clock()
        doc = make_doc(text)
        spent[0] += clock() - t
        return doc

    def step_docs(*args, **kwargs):
        inside[0] = True
        try:
            return docs(*args, **kwargs)
        finally:
            inside[0] = False

    nlp.make_doc, pipeline._docs = timed_make_doc, step_docs
    settings = Settings()
    settings = replace(settings, run=replace(settings.run, workers=1))
    t0 = clock()
    result = pipeline.run(corpus, settings, progress=False)
    total = clock() - t0
    out = {k: round(v, 3) for k, v in result.timings.items() if k.startswith("analyse.") and k != "analyse.main_cpu"}
    out.update(tokenizer=round(spent[0], 3), ours=round(out["analyse.spacy"] - spent[0], 3), run_cpu=round(total, 3),
               rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, code=os.path.dirname(audit.__file__))
    result.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.corpus)))
        return
    runs = []
    for _ in range(args.runs):  # a fresh interpreter each time
        cmd = [sys.executable, os.path.abspath(__file__), os.path.abspath(args.corpus), "--child"]
        line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        print(line, flush=True)
        runs.append(json.loads(line))
    print("min", json.dumps({k: min(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], (int, float))}))


if __name__ == "__main__":
    main()
