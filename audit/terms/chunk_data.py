"""The terms measure's per-chunk corpus data in the run's store: written by the worker once per chunk
(`write_chunk`, the measure's `chunk_data` step), read back by the corpus step chunk by chunk (`read_chunks`,
`ChunkCandidates`). The main process never holds a Python object per page for it.

One file of named arrays per chunk (`audit.engine.chunk_arrays`: `{prefix}.npz`, no pickle), for the chunk's
audited pages in page order:

- `page_ids` (strings), `jargon` (per page: first uses of technical concepts, unexplained ones);
- the glossary hits: `hit_page` (page row in the chunk), `hit_concept` (index into the chunk's `concepts`, strings),
  `hit_stats` (count, first block, first sentence unit; -1: a match outside every unit), each page's hits in
  first-mention order;
- the discovery candidates: `cand_page`, `cand_keys` (strings), `cand_hash` (a hash of each key that is the same
  in every process: `candidate_tally.key_hashes`), `cand_stats` (count, first sentence, name-like uses, checkable
  uses); the surface forms that differ from their key: `surf_row` (candidate row), `surfaces` (strings),
  `surf_uses` (a key without rows was always written as itself).

Strings are one UTF-8 text and the character offsets of each string in it (`chunk_arrays`' string columns).
Each page's `extras["terms"]` is removed once written: what the page tables need was formatted before
(`Measure.chunk_tables`), and all the corpus step needs is here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

from audit.engine import chunk_arrays
from audit.engine.chunk_arrays import ChunkArrays, path_of
from audit.terms.candidate_tally import CandidateRows, key_hashes

KEY = "terms"


def jargon_counts(ex: dict[str, Any]) -> tuple[int, int]:
    """A page's jargon first uses and unexplained ones (from its checks, or the counts `drop_page_table_data` kept)."""
    if "jargon_uses" in ex:
        return ex["jargon_uses"], ex["jargon_unexplained"]
    checks = ex["jargon"]
    return len(checks), sum(1 for check in checks if not check[3])


def write_chunk(prefix: Path, pages: Sequence[tuple[str, dict]], settings: Any) -> None:
    """The measure's `chunk_data` step (in the worker, after `chunk_tables`): the chunk's pages' terms data into
    `{prefix}.npz`; each page's `extras["terms"]` is removed."""
    ids: list[str] = []
    jargon: list[int] = []
    concepts: dict[str, int] = {}
    hit_page: list[int] = []
    hit_concept: list[int] = []
    hit_stats: list[int] = []
    cand_page: list[int] = []
    keys: list[str] = []
    cand_stats: list[int] = []
    surf_row: list[int] = []
    surfaces: list[str] = []
    surf_uses: list[int] = []
    for page_id, extras in pages:
        ex = extras.pop(KEY, None)
        if ex is None:
            continue
        row = len(ids)
        ids.append(page_id)
        jargon += jargon_counts(ex)
        for name, (count, block, sentence) in ex["hits"].items():
            hit_concept.append(concepts.setdefault(name, len(concepts)))
            hit_stats += (count, block, sentence)
        hit_page += [row] * (len(hit_concept) - len(hit_page))
        cands = ex["candidates"]
        if isinstance(cands, dict):  # (the `page_candidates` dict form)
            from audit.terms.candidates import PageCandidates

            cands = PageCandidates.from_dict(cands)
        first = len(keys)
        keys += cands.keys
        cand_stats += cands.stats
        cand_page += [row] * len(cands.keys)
        for i, (key, forms) in enumerate(zip(cands.keys, cands.surfaces), start=first):
            if isinstance(forms, str):
                if forms != key:
                    surf_row.append(i)
                    surfaces.append(forms)
                    surf_uses.append(cand_stats[4 * i])
            else:
                for form, uses in forms:
                    surf_row.append(i)
                    surfaces.append(form)
                    surf_uses.append(uses)
    arrays: dict[str, np.ndarray] = {
        "jargon": np.asarray(jargon, dtype=np.int64).reshape(-1, 2),
        "hit_page": np.asarray(hit_page, dtype=np.int32),
        "hit_concept": np.asarray(hit_concept, dtype=np.int32),
        "hit_stats": np.asarray(hit_stats, dtype=np.int64).reshape(-1, 3),
        "cand_page": np.asarray(cand_page, dtype=np.int32),
        "cand_hash": key_hashes(keys),
        "cand_stats": np.asarray(cand_stats, dtype=np.int64).reshape(-1, 4),
        "surf_row": np.asarray(surf_row, dtype=np.int64),
        "surf_uses": np.asarray(surf_uses, dtype=np.int64),
    }
    chunk_arrays.write(prefix, arrays, {"page_ids": ids, "concepts": list(concepts), "cand_keys": keys,
                                        "surfaces": surfaces})


@dataclass
class Chunk:
    """What the corpus step's first pass reads of one chunk's file (no candidate strings)."""

    path: Path
    page_ids: list[str]
    jargon: np.ndarray  # (pages, 2)
    hit_page: np.ndarray
    hit_concept: np.ndarray
    concepts: list[str]
    hit_stats: np.ndarray  # (hits, 3)
    cand_hash: np.ndarray
    cand_counts: np.ndarray


def chunk_paths(spill: Any) -> list[Path]:
    """The chunks' files, in page order: one per chunk that has audited pages (a corpus job's parts have none)."""
    return [path_of(spill.path(p.chunk, KEY)) for p in spill.parts if p.pages]


def job_paths(store_dir: str, chunks: Sequence[int]) -> list[Path]:
    """The chunks' files as a corpus job finds them (the store's folder and the run's chunk numbers), in page order:
    one per analysed chunk (a chunk without audited pages has one without pages; a corpus job's parts have none)."""
    from audit.engine.store import JOB_CHUNKS

    found = []
    for c in chunks:
        path = path_of(Path(store_dir) / f"{c:06d}.{KEY}")
        if c < JOB_CHUNKS and path.exists():
            found.append(path)
    return found


def read_chunks(paths: Sequence[Path]) -> Iterator[Chunk]:
    for path in paths:
        with ChunkArrays(path) as f:
            yield Chunk(path, f.strings("page_ids"), f["jargon"], f["hit_page"], f["hit_concept"],
                        f.strings("concepts"), f["hit_stats"], f["cand_hash"], f["cand_stats"][:, 0].copy())


class ChunkCandidates:
    """(page_id, `candidates.PageCandidates`) of the pages, read from the chunks' files anew on every pass, each
    page with only its `wanted` keys (hashes, sorted; None: every key), the keys' strings decoded for those only: one
    chunk in memory at a time. `rows` gives each chunk's as one `CandidateRows` (what `candidates.rank_rows` reads)."""

    def __init__(self, paths: Sequence[Path], wanted: np.ndarray | None) -> None:
        self.paths, self.wanted = list(paths), wanted

    def rows(self, forms: bool = True) -> Iterator[CandidateRows]:
        """Each chunk's wanted candidates (chunks without any are left out); `forms`: decode the surface forms."""
        for path in self.paths:
            with ChunkArrays(path) as f:
                h = f["cand_hash"]
                if self.wanted is None:
                    rows = np.arange(len(h))
                elif len(self.wanted):
                    rows = np.flatnonzero(self.wanted.take(np.searchsorted(self.wanted, h), mode="clip") == h)
                else:
                    rows = h[:0].astype(np.intp)
                if not len(rows):
                    continue
                ids = f.strings("page_ids")
                keys = f.strings("cand_keys", rows)
                stats = f["cand_stats"][rows]
                page = f["cand_page"][rows]
                found: list[Any] | None = None
                if forms:
                    found = list(keys)  # (a key without surface rows: written as itself)
                    surf_row = f["surf_row"]
                    lo, hi = np.searchsorted(surf_row, rows), np.searchsorted(surf_row, rows, side="right")
                    has = np.flatnonzero(hi > lo)
                    if len(has):
                        n = hi[has] - lo[has]  # each such candidate's surface rows: lo .. hi - 1
                        ends = np.cumsum(n)
                        want = np.repeat(lo[has] - (ends - n), n) + np.arange(int(ends[-1]))
                        texts = f.strings("surfaces", want)
                        uses = f["surf_uses"][want].tolist()
                        for i, a, b in zip(has.tolist(), (ends - n).tolist(), ends.tolist()):
                            found[i] = tuple(zip(texts[a:b], uses[a:b]))
            yield CandidateRows(ids, page, keys, stats, found)

    def __iter__(self):
        from audit.terms.candidates import PageCandidates

        for chunk in self.rows():
            keys, forms, page = chunk.keys, chunk.forms, chunk.page
            bounds = np.flatnonzero(np.diff(page)) + 1
            starts = [0, *bounds.tolist()]
            ends = [*bounds.tolist(), len(page)]
            flat = chunk.stats.ravel().tolist()
            for s, e, p in zip(starts, ends, page[starts].tolist()):
                yield chunk.page_ids[p], PageCandidates(tuple(keys[s:e]), flat[4 * s:4 * e], tuple(forms[s:e]))
