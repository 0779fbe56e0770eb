"""The duplication corpus job alone, on a prepared store: its peak RSS and CPU seconds without a full audit.

    python benchmarks/dup_job.py prepare CORPUS STORE [--only]  # an audit run (default settings; --only: the
                                                        # duplication measure alone) that keeps the duplication
                                                        # chunk files (hard links) in STORE
    python benchmarks/dup_job.py tile STORE OUT K       # K copies of STORE's pages, renamed (see `tile`)
    python benchmarks/dup_job.py job STORE [--preload]  # `corpus_job_streamed` over STORE's chunk files in this
                                                        # process; prints peak RSS (VmHWM), CPU s and an output digest

The job writes its passage parts into a fresh temporary folder (STORE is only read). `--preload` first runs the
audit on the seeds so that the process holds what the engine's main process holds when it forks the job (spaCy,
the lemma table...): the figure is then close to the job's in an audit run. Run the job with PYTHONPATH pointing at
the code to measure (e.g. a `git archive` of another commit) to compare two versions on the same store.
"""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def prepare(corpus: str, store: str, only: bool) -> None:
    import audit
    from audit.config import Settings
    from audit.duplication import measure as M

    keep = Path(store)
    keep.mkdir(parents=True, exist_ok=True)
    found = M._chunk_files

    def chunk_files(spill_dir, chunks):  # (the job's process is forked after this: it inherits it)
        out = found(spill_dir, chunks)
        for path in out:  # (both corpus jobs call this at once: the one that links a file second finds it there)
            try:
                os.link(path, keep / Path(path).name)
            except FileExistsError:
                pass
        return out

    M._chunk_files = chunk_files
    if only:  # the duplication measure alone (its chunk files are the same: the other measures add none)
        from audit.engine import measures as registry

        for measure in registry.registered():
            if measure.name != M.KEY:
                registry.unregister(measure.name)
    result = audit.run(corpus, Settings(), progress=False)
    stats = result.api.get("duplication_stats", {})
    print(f"prepared {len(list(keep.iterdir()))} chunk files; job peak RSS in the audit run: "
          f"{stats.get('job_peak_rss_mb')} MB")


def job(store: str, preload: bool) -> None:
    from audit.config import Settings
    from audit.duplication import measure as M

    settings = Settings()
    if preload:
        import audit

        audit.run(str(Path(__file__).resolve().parents[1] / "corpus"), settings, progress=False)
    if "--stages" in sys.argv:  # VmRSS / VmHWM between the passage stages
        def stage() -> None:
            status = Path("/proc/self/status").read_text().split("\n")
            got = {ln.split(":")[0]: int(ln.split()[1]) // 1024 for ln in status if ln.startswith(("VmRSS", "VmHWM"))}
            print(f"  stage: RSS {got['VmRSS']} MB, peak {got['VmHWM']} MB", flush=True)

        M._nothing = stage
    files = sorted(Path(store).glob(f"*.{M.KEY}{M.SPILL_SUFFIX}"))
    chunks = [int(f.name.split(".")[0]) for f in files]
    with tempfile.TemporaryDirectory(prefix="dup-job-") as tmp:
        for f in files:
            os.symlink(f.resolve(), Path(tmp) / f.name)
        before = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        out = M.corpus_job_streamed(tmp, chunks, settings)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_SELF)
        digest = hashlib.sha256()
        digest.update(out["pairs"].to_csv(index=False).encode())
        digest.update(repr(sorted(out["duplicate_share"].items())).encode())
        digest.update(repr(sorted((k, v) for k, v in out["stats"].items())).encode())
        for part in sorted(Path(tmp).glob("*.passages.csv")):
            digest.update(part.read_bytes())
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"job: peak RSS {out['peak_rss_mb']} MB, CPU {cpu:.1f} s, wall {wall:.1f} s, "
              f"stages {({k: round(v, 1) for k, v in out['seconds'].items()})}, "
              f"passages {out['stats'].get('passages')}, digest {digest.hexdigest()[:16]}")
        shutil.rmtree(tmp, ignore_errors=True)


def tile(store: str, out: str, copies: int) -> None:
    """A store `copies` times the size of `store`: copy k of every page with its ids prefixed, its shingles and unit
    hashes mixed with k (no pair, no exact text across copies), and its lemmas renamed by a permutation of the
    vocabulary within bands of 32 frequency ranks (a lemma keeps about its frequency; copies' sentences differ).
    An approximation of a corpus `copies` times larger (its vocabulary is not larger), for memory figures when
    preparing the large corpus itself takes hours."""
    import numpy as np

    from audit.duplication import measure as M
    from audit.duplication.passage_units import T_LEMMA_END
    from audit.engine import chunk_arrays
    from audit.engine.chunk_arrays import ChunkArrays

    files = sorted(Path(store).glob(f"*.{M.KEY}{M.SPILL_SUFFIX}"))
    values, freq = [], []
    for f in files:
        with ChunkArrays(f) as z:
            v, c = np.unique(z["lemma_values"][z["lemmas"]], return_counts=True)  # (codes into the chunk's values)
            values.append(v)
            freq.append(c)
    v_all = np.concatenate(values)
    values = np.unique(v_all)
    freq = np.bincount(np.searchsorted(values, v_all), weights=np.concatenate(freq)).astype(np.int64)
    by_rank = values[np.argsort(-freq, kind="stable")]
    Path(out).mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        rng = np.random.default_rng(k)
        renamed = by_rank.copy()
        if k:
            for s in range(0, len(renamed), 32):
                renamed[s:s + 32] = rng.permutation(renamed[s:s + 32])
        new_of = np.empty(len(values), dtype=np.int64)
        new_of[np.searchsorted(values, by_rank)] = renamed
        mix = np.uint64(0x9E3779B97F4A7C15) * np.uint64(k)
        for c, f in enumerate(files):
            with ChunkArrays(f) as z:
                d = {name: z[name] for name in z.array_names}
                strings = {name: z.strings(name) for name in z.string_names}
            strings["ids"] = [f"c{k}/{x}" for x in strings["ids"]]
            strings["body_hash"] = [f"{x}{k}" for x in strings["body_hash"]]
            sh, ends = d["shingles"], np.cumsum(d["sh_len"])
            page = np.repeat(np.arange(len(ends)), d["sh_len"])
            sh = sh ^ np.int64(k * 0x5851F42D4C957F2D % (1 << 62))
            d["shingles"] = sh[np.lexsort((sh, page))]
            lem = new_of[np.searchsorted(values, d["lemma_values"][d["lemmas"]])]
            # unit of each lemma: the page's units' lemma ends (page-local) + the page's lemma offset
            lem_off = np.r_[0, np.cumsum(d["lemma_counts"])][:-1]
            unit_end = d["table"][:, T_LEMMA_END].astype(np.int64) + np.repeat(lem_off, d["counts"])
            unit = np.searchsorted(unit_end, np.arange(len(lem)), side="right")
            lem = lem[np.lexsort((lem, unit))]
            d["lemma_values"] = np.unique(lem)
            d["lemmas"] = np.searchsorted(d["lemma_values"], lem).astype(
                np.uint16 if len(d["lemma_values"]) <= 1 << 16 else np.int32)  # (as `spill_chunk` writes them)
            h = d["unit_hash"]
            d["unit_hash"] = np.where(h != 0, h ^ mix, h)
            chunk_arrays.write(Path(out) / f"{k * len(files) + c:06d}.{M.KEY}", d, strings)
    print(f"{copies} x {len(files)} chunk files in {out}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3], "--only" in sys.argv)
    elif len(sys.argv) >= 5 and sys.argv[1] == "tile":
        tile(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "job":
        job(sys.argv[2], "--preload" in sys.argv)
    else:
        raise SystemExit(__doc__)
