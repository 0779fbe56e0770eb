"""The unit of work: a chunk of pages (sources in page-id order, cut by `chunks_of`: ~1.5 MB of source a chunk in a
large corpus; a small corpus is one chunk). Two steps run per chunk, on any executor (`audit.engine.executors`: local worker processes or Dask workers); every
argument travels with the task and every large result goes into the run's store (`audit.engine.store`):

    load_chunk     sources -> pages + blocks, pickled into the store; back to the main process: each page's
                   metadata and the distinct 64-bit hashes of its normalised block texts (bytes)
    strip          main process: pages per block hash (numpy, `HashCounts`), saved into the store (`Strip`)
    analyse_chunk  the chunk's blocks read back, labelled (`boilerplate.label_page` with the hashed counts),
                   analysed (the per-page step, `pipeline.analyse_body`); the chunk's rows of blocks.csv and
                   sentences.csv, and each measure's page tables (`Measure.chunk_tables`), written into the store
                   as parts; each measure's per-chunk data (`Measure.chunk_data`) and kept rows
                   (`Measure.chunk_rows`); back to the main process: the pages' columns of the pages frame and the
                   measures' small per-page results that their corpus steps read (`PageRows`)

Files are the same whatever the chunking or the executor (tests check it).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from audit.ingest import template as boilerplate
from audit.ingest import titleslot
from audit.ingest.segment import pack_blocks, unpack_blocks
from audit.ingest.sources import Source
from audit.engine import measures
from audit.engine.results import (BLOCK_COLUMNS, ChunkExtras, PageResult, PageRows, Units, add_block_rows, frame_of,
                                  page_stats)
from audit.engine.units import prose_body
from audit.engine.store import Part, spill_frame


def key_hash(key: str) -> int:
    """64-bit hash of a normalised block text, the same in every process and run (blake2b)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def key_hashes(keys) -> np.ndarray:
    return np.unique(np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys)))


def block_hashes(blocks) -> bytes:
    """`key_hash` of each block's normalised text (`Block.key`), 0 for a block without one, as the bytes of a uint64
    array (pickled without numpy's per-array cost): computed once, when the page is loaded, for both the corpus
    counts (`load_chunk`) and the page's labels (`HashCounts.lookup`). The blake2b digests joined: a digest is its
    `key_hash` as a little-endian uint64 (swapped to the machine's order on a big-endian one)."""
    blake2b = hashlib.blake2b
    data = b"".join([blake2b(k.encode("utf-8"), digest_size=8).digest() if (k := b.key) else _NO_KEY for b in blocks])
    if sys.byteorder != "little":
        swapped = array("Q", data)
        swapped.byteswap()
        data = swapped.tobytes()
    return data


_NO_KEY = bytes(8)  # (a block without a normalised text: hash 0)


def distinct_hashes(hashes: bytes) -> bytes:
    """The distinct non-zero hashes of `block_hashes` bytes (in no particular order), as bytes: what a page adds to
    the corpus counts (`HashCounts.of`)."""
    found = set(array("Q", hashes))
    found.discard(0)
    return array("Q", found).tobytes()


class HashCounts:
    """`Counter.get` over block-text hashes: pages per normalised block text, from sorted unique hashes and counts."""

    __slots__ = ("hashes", "counts")

    def __init__(self, hashes: np.ndarray, counts: np.ndarray):
        self.hashes, self.counts = hashes, counts

    @classmethod
    def of(cls, page_hashes: list) -> "HashCounts":
        """Pages per hash from each page's distinct hashes (`distinct_hashes`: bytes, or any uint64 buffer)."""
        allh = np.frombuffer(b"".join(page_hashes), dtype=np.uint64)
        return cls(*np.unique(allh, return_counts=True))

    def lookup(self, hashes: bytes) -> list[int]:
        """The count of each of `hashes` (`block_hashes`: 0, a block without text, counts 0), as `get` per key."""
        return self.lookup_with(None, hashes)[0]

    def lookup_with(self, other: "HashCounts | None", hashes: bytes) -> tuple[list[int], list[int]]:
        """(`self.lookup(hashes)`, `other.lookup(hashes)`): one search of the hashes when `other` has the very same
        hashes array (`Strip.counts`: the corpus counts and the raw counts share it)."""
        if other is not None and other.hashes is not self.hashes:
            return self.lookup(hashes), other.lookup(hashes)
        hashes = np.frombuffer(hashes, dtype=np.uint64)
        if not len(self.hashes) or not len(hashes):
            return [0] * len(hashes), [0] * len(hashes)
        at = np.searchsorted(self.hashes, hashes)
        at[at == len(self.hashes)] = 0
        found = (np.asarray(self.hashes)[at] == hashes) & (hashes != 0)
        return (np.where(found, np.asarray(self.counts)[at], 0).tolist(),
                np.where(found, np.asarray(other.counts)[at], 0).tolist() if other is not None else [])

    def aligned(self, hashes: np.ndarray) -> "HashCounts":
        """These counts on `hashes` (sorted, unique, holding every hash of these): 0 for the hashes these lack, as
        `get` gives them; one array of hashes then serves both (`lookup_with`)."""
        at = np.searchsorted(hashes, self.hashes)
        if len(at) and (at[-1] >= len(hashes) or not np.array_equal(np.asarray(hashes)[at], self.hashes)):
            raise ValueError("HashCounts.aligned: the hashes lack some of these counts' hashes")
        counts = np.zeros(len(hashes), dtype=self.counts.dtype)
        counts[at] = self.counts
        return HashCounts(hashes, counts)

    def get(self, key: str, default: int = 0) -> int:
        if not key or not len(self.hashes):
            return default
        h = np.uint64(key_hash(key))
        i = int(np.searchsorted(self.hashes, h))
        if i < len(self.hashes) and self.hashes[i] == h:
            return int(self.counts[i])
        return default


@dataclass(frozen=True)
class Strip:
    """The strip step's corpus figures, for the workers: the counts live in the store (`HashCounts.save`)."""

    store: str
    threshold: int
    n_ok: int  # distinct articles (copies of one page counted once)
    n_raw: int  # audited pages
    title_slots: frozenset = frozenset()  # the site's title slots (`titleslot.title_slots`: h1 path hashes)

    def counts(self) -> tuple[HashCounts, HashCounts]:
        """(pages per block text with copies of one page counted once, pages per block text): on one array of
        hashes (`HashCounts.lookup_with` looks a page's blocks up in both at once)."""
        prefix = Path(self.store) / "strip"
        hashes = np.load(f"{prefix}.hashes.npy", mmap_mode="r")
        return (HashCounts(hashes, np.load(f"{prefix}.distinct.npy", mmap_mode="r")),
                HashCounts(hashes, np.load(f"{prefix}.raw.npy", mmap_mode="r")))


def strip(store: str, ok: list, settings: Any) -> Strip:
    """Count, over the corpus, the pages each block text appears on (copies of one page once) into the store, and find
    the site's title slots (`titleslot.title_slots`, from each page's h1s). `ok`: the audited pages' `Loaded` results
    (or any with `keys`, `copy_key` and `page.h1s`)."""
    distinct = boilerplate.distinct_articles([r.copy_key for r in ok])  # copies of one page count once
    raw = HashCounts.of([r.keys for r in ok])
    prefix = Path(store) / "strip"
    np.save(f"{prefix}.hashes.npy", raw.hashes)
    np.save(f"{prefix}.raw.npy", raw.counts)
    np.save(f"{prefix}.distinct.npy", HashCounts.of([ok[i].keys for i in distinct]).aligned(raw.hashes).counts)
    slots = titleslot.title_slots([r.page.h1s for r in ok], len(ok), settings.boilerplate.title_slot_min_share)
    return Strip(store, boilerplate.repeat_threshold(len(distinct), settings.boilerplate), len(distinct), len(ok), slots)


CHUNKS = 16  # a corpus of fewer than 16 × [run] chunk_min_pages pages is cut into about this many chunks
MIN_PAGES = 8  # (of at least 8 pages)


def chunks_of(sizes: list[int], run: Any) -> list[range]:
    """The chunks of the pages whose sources have `sizes` (bytes; `Source.size`), in page order: a function of the
    sizes and the [run] chunk settings (`run`) alone, never of the workers or the executor, so that the store's parts
    (one per chunk, `OUT/store/<table>/part-<chunk>.parquet`) are the same bytes on any machine.

    A corpus of fewer than CHUNKS × `chunk_min_pages` pages: about CHUNKS chunks of n // CHUNKS pages (at least
    MIN_PAGES; a small corpus is one chunk). A larger one: each chunk, from the page after the last one's, closed
    once it holds `chunk_min_pages` pages and `chunk_bytes` bytes, or `chunk_max_pages` pages (the last chunk holds
    what remains). The per-chunk costs are then paid per ~`chunk_bytes` of source, whatever the pages' length."""
    n = len(sizes)
    if n // CHUNKS < run.chunk_min_pages:
        size = max(MIN_PAGES, n // CHUNKS or 1)
        return [range(i, min(i + size, n)) for i in range(0, n, size)]
    low, high, target = run.chunk_min_pages, run.chunk_max_pages, run.chunk_bytes
    ends = np.cumsum(np.asarray(sizes, dtype=np.int64))
    out: list[range] = []
    start = 0
    while start < n:
        before = int(ends[start - 1]) if start else 0
        # the first page where the chunk holds `target` bytes, then no fewer than `low` pages, no more than `high`
        stop = int(np.searchsorted(ends, before + target, side="left")) + 1
        stop = min(max(stop, start + low), start + high, n)
        out.append(range(start, stop))
        start = stop
    return out


def _path(store: str, chunk: int, name: str) -> Path:
    return Path(store) / f"{chunk:06d}.{name}"


class SourceColumns:
    """A chunk's sources as a load task carries them (`load_chunk`): one list per `Source` field, the paths as text;
    iterated, the `Source`s again. Pickled, a few lists of strings instead of a dataclass and a `Path` (its parts) per
    page: at newsgroups-20k 0.17 CPU-s to pickle the tasks in the main process and 0.26 to unpickle them in the
    workers, for 2.5 MB."""

    __slots__ = ("columns",)
    FIELDS = tuple(f.name for f in fields(Source))  # (path first)

    def __init__(self, sources: list[Source], absolute: bool = False) -> None:
        """`absolute`: each relative path joined to this process's cwd, as `Path.absolute` (the same file from a
        worker with another cwd)."""
        self.columns = tuple([getattr(s, name) for s in sources] for name in self.FIELDS)
        paths = self.columns[0]
        cwd = os.getcwd() if absolute else ""
        for i, p in enumerate(paths):
            paths[i] = os.path.join(cwd, p) if absolute and not p.is_absolute() else str(p)

    def __len__(self) -> int:
        return len(self.columns[0])

    def __iter__(self):
        for path, *rest in zip(*self.columns):
            yield Source(Path(path), *rest)

    def __reduce__(self):
        return _source_columns, (self.columns,)


def _source_columns(columns: tuple) -> SourceColumns:
    out = SourceColumns.__new__(SourceColumns)
    out.columns = columns
    return out


class Loaded:
    """A loaded page's light result, read from its chunk's `LoadedChunk` until the strip step: its id and status, the
    distinct hashes of its block texts (`distinct_hashes`), its copy key and its h1s (`Page.h1s`). Read as a
    `PageResult` is (`r.page.status`, `r.keys`, `r.copy_key`, `r.page.h1s`), but one small object made when read."""

    __slots__ = ("page_id", "status", "keys", "copy_key", "h1s")

    def __init__(self, page_id: str, status: str, keys: bytes, copy_key: int, h1s: bytes = b"") -> None:
        self.page_id, self.status, self.keys, self.copy_key, self.h1s = page_id, status, keys, copy_key, h1s

    @property
    def page(self) -> "Loaded":
        return self

    def __reduce__(self):  # (a flat tuple: no state dict per page)
        return Loaded, (self.page_id, self.status, self.keys, self.copy_key, self.h1s)


class LoadedChunk(Sequence):
    """What `load_chunk` sends back and the main process keeps of a chunk's pages until the strip step: one list per
    `Loaded` field (ids, statuses, distinct hashes as bytes, copy keys, h1s), each page's `Loaded` made when read. A
    `Loaded` kept per page (20,000 at newsgroups-20k, received and kept through the load stage) reached the main
    process's oldest generation: objects arriving there are what set off its full collections."""

    __slots__ = ("columns",)

    def __init__(self, page_ids: list[str], statuses: list[str], keys: list[bytes], copy_keys: list[int],
                 h1s: list[bytes] | None = None) -> None:
        self.columns = (page_ids, statuses, keys, copy_keys, [b""] * len(page_ids) if h1s is None else h1s)

    @classmethod
    def audited(cls, parts: "list[LoadedChunk]") -> "LoadedChunk":
        """The audited (status ok) pages of `parts`, in order, as one (what the strip step counts)."""
        ids: list[str] = []
        keys: list[bytes] = []
        copy_keys: list[int] = []
        h1s: list[bytes] = []
        for part in parts:
            for pid, status, k, ck, h in zip(*part.columns):
                if status == "ok":
                    ids.append(pid)
                    keys.append(k)
                    copy_keys.append(ck)
                    h1s.append(h)
        return cls(ids, ["ok"] * len(ids), keys, copy_keys, h1s)

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        return Loaded(*(column[k] for column in self.columns))

    def __iter__(self):
        return map(Loaded, *self.columns)

    def __reduce__(self):
        return LoadedChunk, self.columns


_RESULT_FIELDS = tuple(f.name for f in fields(PageResult))


class _Stored:
    """A loaded page (`PageResult`) as `load_chunk` pickles it: its fields in a flat tuple, its blocks as columns
    (`segment.pack_blocks`); `pickle.loads` gives the `PageResult` back (`_stored_result`)."""

    __slots__ = ("result",)

    def __init__(self, result: PageResult) -> None:
        self.result = result

    def __reduce__(self):
        r = self.result
        return _stored_result, tuple([pack_blocks(r.blocks) if name == "blocks" else getattr(r, name)
                                      for name in _RESULT_FIELDS])


def _stored_result(*values) -> PageResult:
    r = PageResult(*values)
    r.blocks = unpack_blocks(r.blocks)
    return r


def load_chunk(load: Callable[[Any, Any], PageResult], settings: Any, store: str, chunk: int,
               sources: "list[Source] | SourceColumns") -> LoadedChunk:
    """Load and segment one chunk's sources (`load`: the guarded per-page step; `sources`: `Source`s, or the
    `SourceColumns` a load task carries); the full results go into the
    store (each page pickled apart, beside its block hashes: `analyse_chunk` looks the hashes up a few dozen pages at
    a time and unpickles one page at a time, so a page's blocks are short-lived objects, never the whole chunk's at
    once), the light ones (`LoadedChunk`: a `Loaded` per page when read) back."""
    pickled = []
    light = LoadedChunk([], [], [], [], [])
    ids, statuses, distinct, copy_keys, h1s = light.columns
    for src in sources:
        r = load(src, settings)
        ok = r.page.status == "ok"
        keys, r.keys = (r.keys if ok else b""), b""  # (the hashes beside the page's pickle, not in it)
        h1s.append(r.page.h1s if ok else b"")  # (for the strip step only: not in the page's pickle)
        r.page.h1s = b""
        pickled.append((keys, pickle.dumps(_Stored(r), protocol=pickle.HIGHEST_PROTOCOL)))
        ids.append(r.page.page_id)
        statuses.append(r.page.status)
        distinct.append(distinct_hashes(keys) if ok else b"")
        copy_keys.append(r.copy_key)
    with open(_path(store, chunk, "load.pkl"), "wb") as fh:
        pickle.dump(pickled, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return light


LOOKUP_PAGES = 32  # pages unpickled together, their block counts looked up in one call (`_with_counts`)


def _with_counts(pickled: list, counts: HashCounts, raw_counts: HashCounts):
    """The chunk's pages (`pickled`: (block hashes, pickle) each, released as read), each with its blocks' corpus
    counts (the `lookup` of its block hashes in `counts` and in `raw_counts`; empty for a page not ok): the hashes of
    LOOKUP_PAGES pages looked up in one call each (a look-up's cost is mostly per call: ~80 µs a page at 20k pages one
    by one), each page unpickled only when its turn comes, so that a page's blocks live only while it is labelled
    and analysed (a few dozen pages unpickled together lived through each other's analysis: their blocks, pages and
    lists reached the collector's oldest generation, and every full collection of the worker scanned them)."""
    for g in range(0, len(pickled), LOOKUP_PAGES):
        stop = min(g + LOOKUP_PAGES, len(pickled))
        joined = b"".join([pickled[k][0] for k in range(g, stop)])
        repeats, raw_repeats = counts.lookup_with(raw_counts, joined)
        at = 0
        for k in range(g, stop):
            keys, data = pickled[k]
            pickled[k] = None
            r = pickle.loads(data)
            del data
            n = len(keys) // 8
            r.keys = keys
            yield r, repeats[at:at + n], raw_repeats[at:at + n]
            r = None  # (the page dies with the caller's last reference, not when the next one is unpickled here)
            at += n


def _put_back_title(r: PageResult, repeats: list[int], raw_repeats: list[int], counts: HashCounts,
                    raw_counts: HashCounts, bs: Any) -> tuple[list[int], list[int]]:
    """The page's title, which the extractor dropped from the site's title slot, back where the page shows it
    (`titleslot.put_back`), with its hash, pattern hit and counts beside the others' (`r.keys`, `r.patterns`, and the
    counts returned)."""
    at = titleslot.put_back(r.blocks, *r.page.dropped_title[1:])
    hashed = block_hashes(r.blocks[at:at + 1])
    r.keys = r.keys[:8 * at] + hashed + r.keys[8 * at:]
    r.patterns = [*r.patterns[:at], *boilerplate.pattern_hits(r.blocks[at:at + 1], bs), *r.patterns[at:]]
    (n,), (raw_n,) = counts.lookup_with(raw_counts, hashed)
    return [*repeats[:at], n, *repeats[at:]], [*raw_repeats[:at], raw_n, *raw_repeats[at:]]


def analyse_chunk(analyse: Callable[[PageResult, Any], PageResult], settings: Any, stripped: Strip,
                  chunk: int) -> tuple[PageRows, Part]:
    """Label, analyse and tabulate one chunk (`analyse`: the guarded per-page step); the tables go into the store."""
    store = stripped.store
    path = _path(store, chunk, "load.pkl")
    with open(path, "rb") as fh:
        pickled = pickle.load(fh)  # (one (hashes, pickle) pair of bytes objects per page)
    path.unlink()
    counts, raw_counts = stripped.counts()
    bs = settings.boilerplate
    rows = PageRows()  # what goes back to the main process: the pages' columns, their extras packed
    # each page's id, status ok and measure results, for the chunk steps: one list per measure, no dict or tuple per
    # page (what a page leaves until the chunk's end reaches the collector's oldest generation)
    kept = ChunkExtras()
    bcols: dict[str, list] = {c: [] for c in BLOCK_COLUMNS}
    unit_cols: dict[str, list] = {}
    unit_rows: list[dict] = []
    columnar = True
    for r, repeats, raw_repeats in _with_counts(pickled, counts, raw_counts):
        page = r.page
        ok = page.status == "ok"
        if ok:
            if page.dropped_title and page.dropped_title[0] in stripped.title_slots:
                repeats, raw_repeats = _put_back_title(r, repeats, raw_repeats, counts, raw_counts, bs)
            boilerplate.label_page(r.blocks, counts, stripped.threshold, stripped.n_ok, bs, patterns=r.patterns,
                                   repeats=repeats, hashes=r.keys, title=page.title, html=page.html,
                                   link_labels=page.link_labels, tab_labels=page.tab_labels,
                                   link_items=page.link_items, source=page.commonmark,
                                   comment_lines=page.comment_lines, frame_lines=page.frame_lines)
            boilerplate.note_copies(r.blocks, raw_counts, stripped.n_raw, repeats=raw_repeats)
            r.patterns, r.keys = (), b""
        del repeats, raw_repeats
        # the page's blocks tabulated now (the analysis never changes them): then only those the analysis reads are
        # kept, the others (template, tables, code, ...) die before it instead of living through it
        add_block_rows(bcols, page.page_id, r.blocks)
        stats = page_stats(r.blocks, 0)
        if ok:
            r.blocks = prose_body(r.blocks)
            a = analyse(r, settings)
            units = a.units
        else:
            a, units = r, []
        del r
        stats["sentences"] = len(units)
        page = a.page  # (the same page, its status now the analysis's)
        rows.add_page(page, stats, a.timings)  # (the page's lines go with it)
        kept.add(page.page_id, page.status == "ok", a.extras)
        if len(units):
            if columnar and (not unit_cols or tuple(units.columns) == tuple(unit_cols)):
                if not unit_cols:
                    unit_cols = {k: [] for k in units.columns}
                for k, v in units.columns.items():
                    unit_cols[k].extend(v)
            else:  # pages with different columns (a measure setting a column on some pages only): rows
                if columnar:
                    columnar = False
                    unit_rows = Units(unit_cols, 0).rows()
                    unit_cols = {}
                unit_rows.extend(units.rows())
        del a, page, units
    part = Part(chunk, pages=[kept.ids[i] for i, ok in enumerate(kept.ok) if ok])  # (after the analysis)
    pages, audited = kept.pages(), kept.pages(audited=True)
    tables: dict[str, pd.DataFrame] = {}
    for m in measures.registered():
        tables.update(m.chunk_tables(pages, settings))
        if m.chunk_data is not None:  # measures keeping their per-chunk corpus data in the store
            m.chunk_data(_path(store, chunk, m.name), audited, settings)
            for _, extras in audited:  # the store holds it now: nothing of it goes back to the main process
                extras.pop(m.name, None)
    for i in range(len(kept)):
        rows.add_extras(kept.extras(i))
    del kept, pages, audited
    blocks = frame_of(bcols)  # (`bcols` holds BLOCK_COLUMNS in order)
    if len(blocks):
        labels = blocks["label"]
        part.blocks_body, part.blocks_boilerplate = int((labels == "body").sum()), int((labels == "boilerplate").sum())
    spill_frame(store, part, "blocks", blocks)
    del bcols, blocks
    sentences = frame_of(unit_cols) if columnar else pd.DataFrame(unit_rows)
    del unit_cols, unit_rows
    spill_frame(store, part, "sentences", sentences)
    if len(sentences):
        for m in measures.registered():
            if m.chunk_rows is not None:
                part.rows_kept[m.name] = m.chunk_rows(sentences)
    del sentences
    for name, frame in tables.items():
        spill_frame(store, part, name, frame)
    return rows, part
