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
A page's `extras["terms"]` (`page_entry`: one flat tuple, already in these columns' form) is removed once written:
what the page tables need was formatted before (`Measure.chunk_tables`), and all the corpus step needs is here.
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


# A page's terms data (`measure.per_page` -> `extras["terms"]`, kept until its chunk's steps): one flat tuple of str,
# int and bytes, made by `page_entry`. The garbage collector untracks a tuple holding untracked objects only at its
# first collection, so nothing a page keeps for terms reaches the collector's oldest generation (a dict, list or
# object per page would, for most pages of the chunk; so would a tuple of tuples, untracked one level per collection).
# Its head: the number of the page's rows of terms.csv and jargon.csv, hits, candidate keys and surface forms, its
# jargon counts, the candidates' stats (int64 bytes); then those rows' values (but the page id), the hits' names and
# stats, the keys, and the surface forms' key indices, texts and uses (`_sections`).
TERMS_WIDTH, JARGON_WIDTH = 9, 8  # values a row (TERMS_COLUMNS, JARGON_COLUMNS but the page id)
_HEAD = 8


def page_entry(hits: dict[str, Sequence[int]], jargon: tuple[int, int], cands: tuple,
               terms_rows: Sequence[tuple] = (), jargon_rows: Sequence[tuple] = ()) -> tuple:
    """A page's terms data: `hits` ({concept: (count, first block, first sentence unit)}, in first-mention order),
    `jargon` (first uses of technical concepts, unexplained ones), the page's candidates as the chunk's file holds
    them (`candidates.page_parts`, `PageCandidates.parts`: keys, stats as int64 bytes, the surface forms that differ
    from their key) and its rows of terms.csv and jargon.csv (`measure.page_table_rows`: each row's values but the
    page id)."""
    keys, stats, surf_row, surfaces, surf_uses = cands
    return (len(terms_rows), len(jargon_rows), len(hits), len(keys), len(surf_row), jargon[0], jargon[1], stats,
            *[v for row in terms_rows for v in row], *[v for row in jargon_rows for v in row], *hits,
            *[v for entry in hits.values() for v in entry], *keys, *surf_row, *surfaces, *surf_uses)


def _sections(entry: tuple) -> tuple[tuple, ...]:
    """A page entry's sections: terms rows' values, jargon rows' values, hit names, hit stats (3 a hit), keys, and the
    surface forms' key indices, texts and uses."""
    n_terms, n_jargon, n_hits, n_keys, n_surf = entry[:5]
    out = []
    at = _HEAD
    for n in (TERMS_WIDTH * n_terms, JARGON_WIDTH * n_jargon, n_hits, 3 * n_hits, n_keys, n_surf, n_surf, n_surf):
        out.append(entry[at:at + n])
        at += n
    return tuple(out)


def page_rows(entry: tuple) -> tuple[list[tuple], list[tuple]]:
    """A page's rows of terms.csv and jargon.csv as `page_entry` was given them (but the page id)."""
    terms, jargon = _sections(entry)[:2]
    return ([terms[i:i + TERMS_WIDTH] for i in range(0, len(terms), TERMS_WIDTH)],
            [jargon[i:i + JARGON_WIDTH] for i in range(0, len(jargon), JARGON_WIDTH)])


def page_jargon(entry: tuple) -> tuple[int, int]:
    """A page's jargon counts: first uses of technical concepts, unexplained ones."""
    return entry[5], entry[6]


def page_hits(entry: tuple) -> dict[str, tuple[int, int, int]]:
    """A page's hits as `page_entry` was given them."""
    names, st = _sections(entry)[2:4]
    return {name: st[3 * i:3 * i + 3] for i, name in enumerate(names)}


def page_candidates(entry: tuple) -> Any:
    """A page's candidates (`candidates.PageCandidates`, its `as_dict()` that of the one `page_entry` was given)."""
    from audit.terms.candidates import PageCandidates

    keys, surf_row, surfaces, surf_uses = _sections(entry)[4:]
    return PageCandidates.of_parts(keys, entry[7], surf_row, surfaces, surf_uses)


def write_chunk(prefix: Path, pages: Sequence[tuple[str, dict]], settings: Any) -> None:
    """The measure's `chunk_data` step (in the worker, after `chunk_tables`): the chunk's pages' terms data
    (`page_entry`) into `{prefix}.npz`; each page's `extras["terms"]` is removed."""
    ids: list[str] = []
    jargon: list[int] = []
    concepts: dict[str, int] = {}
    hit_page: list[int] = []
    hit_concept: list[int] = []
    hit_stats: list[int] = []
    cand_page: list[int] = []
    keys: list[str] = []
    cand_stats: list[bytes] = []
    surf_row: list[int] = []
    surfaces: list[str] = []
    surf_uses: list[int] = []
    for page_id, extras in pages:
        ex = extras.pop(KEY, None)
        if ex is None:
            continue
        row = len(ids)
        ids.append(page_id)
        jargon += ex[5:7]
        _terms, _jargon, names, stats, page_keys, rows, texts, uses = _sections(ex)
        if names:
            hit_concept += [concepts.setdefault(name, len(concepts)) for name in names]
            hit_stats += stats
            hit_page += [row] * len(names)
        if rows:
            surf_row += [len(keys) + i for i in rows]
            surfaces += texts
            surf_uses += uses
        keys += page_keys
        cand_stats.append(ex[7])
        cand_page += [row] * len(page_keys)
    arrays: dict[str, np.ndarray] = {
        "jargon": np.asarray(jargon, dtype=np.int64).reshape(-1, 2),
        "hit_page": np.asarray(hit_page, dtype=np.int32),
        "hit_concept": np.asarray(hit_concept, dtype=np.int32),
        "hit_stats": np.asarray(hit_stats, dtype=np.int64).reshape(-1, 3),
        "cand_page": np.asarray(cand_page, dtype=np.int32),
        "cand_hash": key_hashes(keys),
        "cand_stats": np.frombuffer(b"".join(cand_stats), dtype=np.int64).reshape(-1, 4),
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
