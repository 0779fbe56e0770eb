"""Duplication: near-duplicate pages (`pairs.csv`), shared passages located in both pages (`passages.csv`), and per
page `duplicate_share`, `max_similarity`, `most_similar_page`.

Only body blocks reach this measure: site template is reported as template (the page's `template_share`, from the
strip step: `pipeline.PAGE_COLUMNS`), never as duplication.

- Worker (`per_page`): `result.extras['duplication']` = {'shingles': the page's hashed word shingles (sorted int64
  array), 'body_hash': its normalised-body hash (see `audit.duplication.shingles`), and the fields of its passage
  units with content-word lemmas and the words of each sentence unit (`passages.PageUnits.fields()`: 'n_sentences',
  'text', 'table', 'lemmas', 'parts': an int, a string and three arrays, no Python object per unit; `page_units`
  reads them back)}: a dict of untracked values, which the garbage collector never tracks, so nothing the page
  keeps until its chunk's end reaches the collector's oldest generation. The chunk step (`spill_chunk`) writes each chunk's data to one file of arrays (plus
  a 64-bit hash of each unit's normalised text) in the run's store and empties the extras: the main process keeps
  none of it.
- Corpus jobs (`CORPUS_JOBS`, the measure's one corpus path: side by side, each in a job process of the engine or on
  a Dask worker, or one after the other inline with one worker, `audit.engine.executors`; `corpus_job_streamed`
  runs both in the calling process): read the chunk files back; `pairs_job` computes the pairs (exact all-pairs over pages sharing a shingle for small corpora;
  MinHash LSH band collisions in batches and exact re-checks above `exact_pairs_max_pages`), `passages_job` the
  passages (units grouped by hash), written as parts of the store in slices of the final table
  (`store.spill_frame`).
- Main process (`per_corpus`): the job's pair table, the passage parts adopted as the table, the page columns and
  `audit.api['similarity']` (page x page Jaccard, small corpora only).

Columns. `pairs.csv`: page_a < page_b, jaccard, containment_a (share of a's shingles found in b), containment_b,
near_duplicate (jaccard >= near_duplicate_threshold; exact duplicates included, so a gate on near-duplicates also
catches copies), exact_duplicate (same normalised body), shared_shingles. Up to `all_pairs_max_pages` (100) pages:
one row per pair sharing any shingle; larger corpora (exact pairs up to `exact_pairs_max_pages`, LSH above): pairs
with jaccard >= `lsh_threshold` (0.5), so the table stays linear in the site, not quadratic. Page
columns: `max_similarity` / `most_similar_page` = the highest jaccard among the page's rows (ties: smallest page id;
0.0 and "" when the page has none), `duplicate_share` = share of the page's body words inside passages shared with
another page (1.0 for an exact copy of another page: short sentences are never passages on their own).

Default shingle size 3: SEO pages are short (the seed bodies have 150–450 words, a reworded article shares few
5-word runs), and with 3-word shingles a page of 150 words still has ~150 shingles, enough to resolve the 0.9
near-duplicate threshold (one changed word moves Jaccard by ~2 %); 1–2-word shingles would make any two pages on one
topic look alike.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from audit.duplication import passages as P
from audit.duplication import shingles as S
from audit.duplication.passage_units import unit_hashes
from audit.engine import chunk_arrays

KEY = "duplication"
PAGE_COLUMNS = ["duplicate_share", "max_similarity", "most_similar_page"]


# ---------------------------------------------------------------- worker

def per_page(result, body, docs, units, settings) -> None:
    ds = settings.duplication
    shingles, body_hash = S.page_shingles([b.text for b in body], ds.shingle_size)
    # (the units' fields, not the `PageUnits`: a dict of an int, strings and arrays is never tracked by the collector)
    result.extras[KEY] = {"shingles": shingles, "body_hash": body_hash,
                          **P.page_units(body, units, ds, P.lemma_table(settings), docs).fields()}


def page_units(data: dict) -> P.PageUnits:
    """The passage units of a page's `extras['duplication']` (`per_page`)."""
    return P.PageUnits.of_fields(data)


# ---------------------------------------------------------------- worker: streamed runs

SPILL_SUFFIX = chunk_arrays.SUFFIX  # a chunk's file: `<spill>/<chunk>.duplication.arrays` (`engine.chunk_arrays`)
PASSAGE_SLICE_ROWS = 100_000  # the streamed job writes the passage table in slices of this many rows


def spill_chunk(prefix: Path, pages: list[tuple[str, dict]], settings) -> None:
    """A streamed run's chunk (pages in page-id order): its pages' duplication data into one file of named arrays
    (`engine.chunk_arrays`: shingles, `PageUnits` columns, the page ids, body hashes and texts as string columns, a
    64-bit hash of each unit's normalised text (`passage_units.unit_hashes`): no Python object per unit); the lemma
    ids as `lemma_values` (the chunk's sorted distinct ids) and `lemmas` (codes into them, uint16 or int32), so that
    the passages' job numbers the corpus's lemmas from the chunks' values alone. Each page's
    `extras['duplication']` is emptied in place (the main process needs none of it)."""
    min_lemmas = settings.duplication.passage_min_shared_lemmas
    rows = [(pid, ex[KEY]) for pid, ex in pages if KEY in ex and "table" in ex[KEY]]
    units = [page_units(d) for _, d in rows]
    ids, hashes_b, sh_len, shingles, ns, counts, tables, lem_n, lemmas, parts_n, parts, texts = \
        [], [], [], [], [], [], [], [], [], [], [], []
    for (pid, d), pu in zip(rows, units):
        ids.append(pid)
        hashes_b.append(d["body_hash"])
        sh_len.append(len(d["shingles"]))
        shingles.append(np.asarray(d["shingles"], dtype=np.int64))
        ns.append(pu.n_sentences)
        counts.append(len(pu))
        tables.append(pu.table)
        lem_n.append(len(pu.lemmas))
        lemmas.append(pu.lemmas)
        parts_n.append(len(pu.parts))
        parts.append(pu.parts)
        texts.append(pu.text)

    def cat(arrays, dtype, shape=(0,)):
        return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(shape, dtype=dtype)

    # each unit of enough lemmas: hashlib's blake2b of its normalised text, 8 bytes, little-endian (compiled)
    unit_hash = unit_hashes(units, min_lemmas)
    # the lemma ids as codes into the chunk's sorted distinct ids (the passages' job numbers them over the corpus)
    lemma_values, lemmas = S.unique_codes(cat(lemmas, np.int64))
    lemmas = lemmas.astype(np.uint16 if len(lemma_values) <= 1 << 16 else np.int32)
    chunk_arrays.write(prefix, {
        "sh_len": np.array(sh_len, dtype=np.int64), "shingles": cat(shingles, np.int64),
        "n_sentences": np.array(ns, dtype=np.int64), "counts": np.array(counts, dtype=np.int64),
        "table": cat(tables, np.int32, (0, 6)), "lemma_counts": np.array(lem_n, dtype=np.int64),
        "lemmas": lemmas, "lemma_values": lemma_values, "parts_counts": np.array(parts_n, dtype=np.int64),
        "parts": cat(parts, np.int32), "unit_hash": unit_hash,
    }, {"ids": ids, "body_hash": hashes_b, "text": texts})
    for _, d in rows:  # the main process keeps nothing of it
        d.clear()


class _ChunkTexts:
    """Page texts of a streamed run, read from the chunks' files a chunk at a time (the last one kept)."""

    def __init__(self, files: list[str], page_file: np.ndarray, char_start: np.ndarray, char_end: np.ndarray):
        self.files, self.page_file, self.char_start, self.char_end = files, page_file, char_start, char_end
        self._cached: tuple[int, str] | None = None

    def chunk_text(self, f: int) -> str:
        if self._cached is None or self._cached[0] != f:
            with chunk_arrays.ChunkArrays(self.files[f]) as z:
                self._cached = (f, z.text("text"))
        return self._cached[1]

    def __call__(self, pages) -> list[str]:
        out = []
        for p in pages:
            text = self.chunk_text(int(self.page_file[p]))
            out.append(text[int(self.char_start[p]):int(self.char_end[p])])
        return out


def _chunk_files(spill_dir: str, chunks: list[int]) -> list[str]:
    from audit.engine.store import JOB_CHUNKS

    found = []
    for c in chunks:
        path = Path(spill_dir) / f"{c:06d}.{KEY}{SPILL_SUFFIX}"
        if c < JOB_CHUNKS and path.exists():
            found.append(str(path))
    return found


def corpus_job_streamed(spill_dir: str, chunks: list[int], settings) -> dict[str, Any]:
    """The corpus stages of a streamed run in this process: `pairs_job` then `passages_job`, their results in one
    dict (`joined`). The engine runs the two jobs in processes of their own, side by side (`CORPUS_JOBS`)."""
    return joined([pairs_job(spill_dir, chunks, settings), passages_job(spill_dir, chunks, settings)])


def joined(outs: list[dict[str, Any]]) -> dict[str, Any]:
    """The results of `passages_job` and `pairs_job` as one: their keys, the seconds of each stage, and the larger
    of the two processes' peak memory."""
    out: dict[str, Any] = {"seconds": {}, "peak_rss_mb": None}
    for got in outs:
        got = dict(got)
        out["seconds"].update(got.pop("seconds"))
        peak = got.pop("peak_rss_mb")
        if peak is not None and (out["peak_rss_mb"] is None or peak > out["peak_rss_mb"]):
            out["peak_rss_mb"] = peak
        out.update(got)
    return out


def pairs_job(spill_dir: str, chunks: list[int], settings) -> dict[str, Any]:
    """The pairs of a streamed run, from the chunks' files (`spill_chunk`): MinHash values chunk by chunk, exact
    re-checks reading only the candidate pages' shingles. Reads no unit array (the passages' job does)."""
    files = _chunk_files(spill_dir, chunks)
    sh_len, page_file = [], []
    ids: list[str] = []
    body_hash: list[str] = []
    for f, path in enumerate(files):
        with chunk_arrays.ChunkArrays(path) as z:
            sh_len.append(z["sh_len"])
            page_ids = z.strings("ids")
            ids += page_ids
            body_hash += z.strings("body_hash")
            page_file.append(np.full(len(page_ids), f, dtype=np.int32))
    _check_order(ids)
    t0 = time.perf_counter()
    pairs, used = _streamed_pairs(files, np.concatenate(page_file) if page_file else np.zeros(0, dtype=np.int32),
                                  ids, body_hash, np.concatenate(sh_len) if sh_len else np.zeros(0, dtype=np.int64),
                                  settings.duplication)
    return {"pairs": pairs, "method": used, "seconds": {"pairs": time.perf_counter() - t0},
            "peak_rss_mb": _peak_rss_mb()}


def _check_order(ids: list[str]) -> None:
    if any(a > b for a, b in zip(ids, ids[1:])):  # the engine's chunks hold the sources in page-id order
        raise ValueError("duplication: the chunks' pages are not in page-id order")


def passages_job(spill_dir: str, chunks: list[int], settings) -> dict[str, Any]:
    """The passages of a streamed run, from the chunks' files (`spill_chunk`): units grouped by their hashes, texts
    read from the chunk files only where needed, written to the spill folder in slices of the final table
    (`store.spill_frame`, parts returned in `passage_parts`), and the page figures (`duplicate_share` per page id,
    before exact copies)."""
    from audit.engine.store import JOB_CHUNKS, Part, spill_frame

    ds = settings.duplication
    files = _chunk_files(spill_dir, chunks)
    small_keys = ("n_sentences", "counts", "lemma_counts", "parts_counts")
    cols: dict[str, list] = {k: [] for k in (*small_keys, "text_chars")}
    page_file = []
    values = []  # the lemma hashes (sorted unique): lemmas are kept as codes into them (the chunks' values merged)
    ids: list[str] = []
    for f, path in enumerate(files):  # pass 1: the per-page arrays and the lemma vocabulary
        with chunk_arrays.ChunkArrays(path) as z:
            for k in small_keys:
                cols[k].append(z[k])
            cols["text_chars"].append(np.diff(z.offsets("text")))
            values.append(z["lemma_values"])
            page_ids = z.strings("ids")
            ids += page_ids
            page_file.append(np.full(len(page_ids), f, dtype=np.int32))
    values = S.unique_ints(np.concatenate(values)) if values else np.zeros(0, dtype=np.int64)
    _check_order(ids)
    cat = {k: (np.concatenate(v) if v else np.zeros(0, dtype=np.int64)) for k, v in cols.items()}
    del cols
    page_file = np.concatenate(page_file) if page_file else np.zeros(0, dtype=np.int32)
    t1 = time.perf_counter()
    n_units, n_lemmas, n_parts = (int(cat[k].sum()) for k in ("counts", "lemma_counts", "parts_counts"))
    # pass 2: the unit arrays, filled in place (no list of chunk arrays, no concatenated copy)
    cat["table"] = np.empty((n_units, 6), dtype=np.int32)
    code_type = np.uint16 if len(values) <= 1 << 16 else np.int32 if len(values) < 2 ** 31 else np.int64
    cat["lemmas"] = np.empty(n_lemmas, dtype=code_type)  # codes into `values`
    cat["parts"] = np.empty(n_parts, dtype=np.int32)
    cat["unit_hash"] = np.empty(n_units, dtype=np.uint64)
    at = {"table": 0, "lemmas": 0, "parts": 0, "unit_hash": 0}
    for path in files:
        with chunk_arrays.ChunkArrays(path) as z:
            for k in at:
                x = z[k]
                if k == "lemmas":  # the chunk's codes, into the corpus's values
                    x = np.searchsorted(values, z["lemma_values"])[x]
                cat[k][at[k]:at[k] + len(x)] = x
                at[k] += len(x)
                del x
    n = len(ids)
    # character offsets of each page's text in its chunk's text
    chars = cat.pop("text_chars")
    char_end = np.cumsum(chars)
    first_of_file = np.r_[True, page_file[1:] != page_file[:-1]] if n else np.zeros(0, dtype=bool)
    base = np.zeros(n, dtype=np.int64)
    starts = np.flatnonzero(first_of_file)
    base[starts] = char_end[starts] - chars[starts]
    base = np.maximum.accumulate(base) if n else base
    char_end = char_end - base
    char_start = char_end - chars

    data = P._Columns(cat["n_sentences"], cat["counts"], cat["table"], cat["lemma_counts"], cat["lemmas"],
                      cat["parts_counts"], cat["parts"], _ChunkTexts(files, page_file, char_start, char_end),
                      lemma_values=values)
    data.unit_hash = cat.pop("unit_hash")  # grouped, then dropped, by `passages._Texts`
    del cat
    parts: list = []

    def write_slice(k: int, frame: pd.DataFrame) -> None:
        part = Part(JOB_CHUNKS + k)
        spill_frame(spill_dir, part, "passages", frame)
        parts.append(part)

    dup, stats = P.find_passages_streamed(data, None, ids, ds, write_slice, PASSAGE_SLICE_ROWS, _nothing)
    t2 = time.perf_counter()
    return {"passage_parts": parts, "duplicate_share": dup, "stats": stats, "seconds": {"passages": t2 - t1},
            "peak_rss_mb": _peak_rss_mb()}




CORPUS_JOBS = (passages_job, pairs_job)  # the longer first


def _nothing() -> None:
    """(`find_passages_streamed` calls this between slices)"""


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM, Linux; not inherited from a parent as ru_maxrss can be)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _streamed_pairs(files: list[str], page_file: np.ndarray, ids: list[str], body_hash: list[str],
                    sh_len: np.ndarray, ds) -> tuple[pd.DataFrame, str]:
    """`shingles.page_pairs` over the chunks' files: exact pairs (few pages) on all shingle sets; LSH on MinHash
    values computed a chunk at a time, exact re-checks reading only the candidate pages' shingles."""
    ne = np.flatnonzero(sh_len > 0)  # pages with shingles, in page-id order
    method = "exact" if len(ne) <= ds.exact_pairs_max_pages else "lsh"

    def shingles(pages: np.ndarray) -> dict[int, np.ndarray]:
        out: dict[int, np.ndarray] = {}
        pages = np.asarray(pages, dtype=np.int64)
        for f in unique_files(pages):
            on = pages[page_file[pages] == f]
            first = int(np.searchsorted(page_file, f))
            with chunk_arrays.ChunkArrays(files[f]) as z:
                sh, lens = z["shingles"], z["sh_len"]
            ends = np.cumsum(lens)
            for p in on.tolist():
                k = p - first
                out[p] = sh[ends[k] - lens[k]:ends[k]].copy()  # (a copy: the chunk's array is not kept)
            del sh
        return out

    def unique_files(pages):
        return np.unique(page_file[pages]).tolist() if len(pages) else []

    if method == "exact":
        got = shingles(ne)
        sigs = [S.PageSignature(ids[p], got[p], body_hash[p]) for p in ne.tolist()]
        return S.page_pairs(sigs, ds.near_duplicate_threshold, ds.exact_pairs_max_pages, ds.minhash_permutations,
                            ds.minhash_seed, ds.lsh_threshold, "exact", ds.all_pairs_max_pages)
    hv = []
    for f in unique_files(ne):  # a chunk's pages with shingles, in page order: its shingle array as it is
        with chunk_arrays.ChunkArrays(files[f]) as z:
            sh, lens = z["shingles"], z["sh_len"]
        hv.append(S.minhash_rows(sh, np.cumsum(lens[lens > 0]), ds.minhash_permutations, ds.minhash_seed))
        del sh
    hv = np.concatenate(hv)

    def shingles_of(pairs):
        got = shingles(ne[np.unique(np.array(pairs, dtype=np.int64).ravel())]) if pairs else {}
        return [(got[int(ne[i])], got[int(ne[j])]) for i, j in pairs]

    sizes = sh_len[ne]
    hashes = [body_hash[p] for p in ne.tolist()]
    found = S.lsh_intersections(hv, shingles_of, hashes, sizes, ds.minhash_permutations, ds.lsh_threshold)
    return S.pair_table([ids[p] for p in ne.tolist()], sizes, hashes, found, "lsh", ds.near_duplicate_threshold,
                        ds.lsh_threshold, ds.all_pairs_max_pages)


def per_corpus(audit, results, settings, jobs: list[dict[str, Any]] | None = None) -> None:
    """The page columns and tables from the corpus jobs' results (`jobs`: those of `CORPUS_JOBS`, which the engine
    runs beside the main process; `corpus_job_streamed` here when not given). Reads no page's results: the audited
    pages are those of the pages frame with status ok (every one has its data in the store)."""
    ok = audit.pages.loc[audit.pages["status"] == "ok", "page_id"].tolist()
    chunks = [p.chunk for p in audit.spill.parts]
    out = joined(jobs) if jobs else corpus_job_streamed(str(audit.spill.dir), chunks, settings)
    audit.tables["pairs"] = out["pairs"]
    audit.adopt("passages", out["passage_parts"], P.PASSAGE_COLUMNS)
    for path in _chunk_files(str(audit.spill.dir), chunks):  # read: free the disk
        Path(path).unlink(missing_ok=True)
    # API only (never written: seconds vary between runs): counters and the time of each corpus stage (benchmarks)
    audit.api["duplication_stats"] = {**out["stats"], "pair_method": out["method"], "seconds": out["seconds"],
                                      "job_peak_rss_mb": out["peak_rss_mb"]}

    # page columns (skipped pages: NaN / empty)
    dup_share: dict[str, float] = dict(out["duplicate_share"])
    pairs = out["pairs"]
    if len(pairs):  # an exact copy of another page is duplicated whole, short sentences included
        copies = pairs[pairs["exact_duplicate"].astype(bool)]
        for pid in set(copies["page_a"].tolist()) | set(copies["page_b"].tolist()):
            if pid in dup_share:
                dup_share[pid] = 1.0
    best: dict[str, tuple[float, str]] = {page_id: (0.0, "") for page_id in ok}
    if len(pairs):  # per page: the highest jaccard among its rows, ties: the smallest other page id
        a, b, jac = pairs["page_a"].to_numpy(object), pairs["page_b"].to_numpy(object), pairs["jaccard"].to_numpy(float)
        both = pd.DataFrame({"me": np.concatenate([a, b]), "other": np.concatenate([b, a]),
                             "jaccard": np.concatenate([jac, jac])})
        both = both.sort_values(["me", "jaccard", "other"], ascending=[True, False, True], kind="mergesort")
        top = both.drop_duplicates("me", keep="first")
        for me, other, j in zip(top["me"].tolist(), top["other"].tolist(), top["jaccard"].tolist()):
            if me in best and j > 0:
                best[me] = (float(j), other)
    pages = audit.pages
    ids = pages["page_id"]
    pages["duplicate_share"] = ids.map(dup_share).astype(float)
    pages["max_similarity"] = ids.map({k: round(v[0], 4) for k, v in best.items()}).astype(float)
    pages["most_similar_page"] = [best[i][1] if i in best else "" for i in ids]
    if len(ok) <= settings.duplication.exact_pairs_max_pages:
        audit.api["similarity"] = similarity_matrix(ok, out["pairs"])


def similarity_matrix(page_ids: list[str], pairs: pd.DataFrame) -> pd.DataFrame:
    """Page x page Jaccard (1 on the diagonal, 0 for pairs sharing no shingle), for a heatmap."""
    ids = sorted(page_ids)
    pos = {p: i for i, p in enumerate(ids)}
    m = np.eye(len(ids))
    if len(pairs):
        i = np.array([pos[x] for x in pairs["page_a"].tolist()], dtype=np.int64)
        j = np.array([pos[x] for x in pairs["page_b"].tolist()], dtype=np.int64)
        jac = pairs["jaccard"].to_numpy(float)
        m[i, j] = jac
        m[j, i] = jac
    return pd.DataFrame(m, index=pd.Index(ids, name="page_id"), columns=ids)


def compare_texts(text_a: str, text_b: str, settings=None) -> dict:
    """Page-level similarity of two texts (API helper): jaccard, containment_a/b, exact_duplicate."""
    from audit.config import Settings

    settings = settings or Settings()
    k = settings.duplication.shingle_size
    sig = []
    for name, text in (("a", text_a), ("b", text_b)):
        sig.append(S.PageSignature(name, *S.page_shingles(text.split("\n"), k)))
    return S.compare(sig[0], sig[1])


# ---------------------------------------------------------------- summary

def summary(audit, settings) -> dict:
    pairs = audit.tables.get("pairs")
    stats = audit.api.get("duplication_stats", {})
    if audit.streamed("passages") and "passages_by_kind" in stats:  # never read back
        n_passages, by_kind = int(stats["passages"]), {k: int(stats["passages_by_kind"][k]) for k in P.KINDS}
    else:
        passages = audit.tables.get("passages")
        if passages is None:
            return {}
        n_passages, by_kind = len(passages), {k: int((passages["kind"] == k).sum()) for k in P.KINDS}
    if pairs is None:
        return {}
    pages = audit.pages[audit.pages["status"] == "ok"]
    share = pages["duplicate_share"] if "duplicate_share" in pages else pd.Series(dtype=float)
    return {"duplication": {
        "pair_method": stats.get("pair_method", ""),
        "pairs": int(len(pairs)),
        "near_duplicate_pairs": int(pairs["near_duplicate"].sum()),
        "exact_duplicate_pairs": int(pairs["exact_duplicate"].sum()),
        "passages": int(n_passages),
        "passages_by_kind": by_kind,
        "pages_with_shared_passages": int((share > 0).sum()),
        "mean_duplicate_share": round(float(share.mean()), 4) if len(share) else None,
        "near_duplicate_threshold": settings.duplication.near_duplicate_threshold,
        "shingle_size": settings.duplication.shingle_size,
    }}
