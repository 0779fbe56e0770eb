"""What one page contributes to a run, built by the per-page steps in a worker (`audit.engine.pipeline.load_and_segment`,
`analyse_body`) and gathered by the drivers (`audit.engine.pipeline`, `audit.engine.chunks`): `PageResult`, its sentence units
stored by column (`Units`), a streaming run's pickled measure results (`PackedExtras`), the page's counts
(`page_stats`) and its rows of the blocks table (`add_block_rows`). Below both drivers, so neither imports the other.
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any, Iterator

import numpy as np
import pandas as pd

from audit.engine._columns import typed_array
from audit.ingest.load import Page
from audit.ingest.segment import NON_PROSE_KINDS, Block


class Units:
    """The sentence units of one page, stored by column ({column: [value per unit]}), as `pipeline.analyse_body`
    builds them: no dict per unit (a dict per unit with ~20 keys costs ~1 KB and, alive across a collection, work
    for the garbage collector at every full collection). `len(units)`, `units[i]` and iteration give each unit as a
    `Unit`, a view that reads and writes its row like a dict (`u["text"]`, `u.get(...)`, `u["grade"] = g`: a new
    key is a new column). Columns named with a leading "_" are the measures' private inputs (`_span`, `_doc`),
    dropped by `drop_private` before the units become rows of the sentences table."""

    __slots__ = ("columns", "n")

    def __init__(self, columns: dict[str, list], n: int) -> None:
        self.columns = columns
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> "Unit":
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        return Unit(self.columns, i)

    def __iter__(self) -> Iterator["Unit"]:
        return map(Unit, repeat(self.columns, self.n), range(self.n))

    def add_columns(self, columns: dict[str, list]) -> None:
        """New columns, in order, each one value per unit (a measure's step that computes them for the whole page at
        once, instead of writing each unit's `Unit`)."""
        for name, values in columns.items():
            if len(values) != self.n:
                raise ValueError(f"column {name!r} has {len(values)} values for {self.n} units")
            self.columns[name] = values

    def drop_private(self) -> None:
        for k in [k for k in self.columns if k.startswith("_")]:
            del self.columns[k]

    def rows(self) -> list[dict[str, Any]]:
        """The units as dicts (one per unit)."""
        return [dict(zip(self.columns, row)) for row in zip(*self.columns.values())]


class Unit:
    """One unit of `Units`: a view of its row that reads and writes like a dict."""

    __slots__ = ("columns", "i")

    def __init__(self, columns: dict[str, list], i: int) -> None:
        self.columns, self.i = columns, i

    def __getitem__(self, key: str) -> Any:
        return self.columns[key][self.i]

    def __setitem__(self, key: str, value: Any) -> None:
        column = self.columns.get(key)
        if column is None:  # a new column (None for the other units until they are set)
            column = self.columns[key] = [None] * len(next(iter(self.columns.values())))
        column[self.i] = value

    def get(self, key: str, default: Any = None) -> Any:
        column = self.columns.get(key)
        return default if column is None else column[self.i]

    def __contains__(self, key: object) -> bool:
        return key in self.columns

    def keys(self):
        return self.columns.keys()

    def __repr__(self) -> str:
        return f"Unit({dict(zip(self.columns, (c[self.i] for c in self.columns.values())))!r})"


class PackedExtras(Mapping):
    """`PageResult.extras` of a streaming run, in the main process: each measure's per-page results as one pickle,
    unpickled on every access. Unpickled, a page's results take ~8 KB of small Python objects; pickled ~3 KB in
    one object, for every page of the site until the corpus steps, which read them a few times each."""

    __slots__ = ("blobs",)

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self.blobs = blobs

    @classmethod
    def pack(cls, extras: dict[str, Any]) -> "PackedExtras":
        import pickle

        return cls({k: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for k, v in extras.items()})

    def __reduce__(self):
        return PackedExtras, (self.blobs,)

    def __getitem__(self, key: str) -> Any:
        import pickle

        return pickle.loads(self.blobs[key])

    def __contains__(self, key: object) -> bool:
        return key in self.blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self.blobs)

    def __len__(self) -> int:
        return len(self.blobs)


@dataclass
class PageResult:
    """Everything one page contributes; built in a worker, small enough to send between processes."""

    page: Page
    blocks: list[Block] = field(default_factory=list)
    # the blocks' key hashes (`chunks.block_hashes`): uint64 bytes per block when loaded, the page's distinct ones as
    # bytes (`chunks.distinct_hashes`) in the light results sent to the strip step; empty once the page is labelled
    keys: Any = field(default_factory=set)
    patterns: list[str] = field(default_factory=list)  # boilerplate pattern hit per block (page-local evidence)
    units: "Units | list[dict[str, Any]]" = field(default_factory=list)  # sentence units of the body (analyse_body)
    extras: dict[str, Any] = field(default_factory=dict)  # per-page results of measures (term hits, ...)
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent per step on this page (benchmarks)
    stats: dict[str, int] = field(default_factory=dict)  # page_stats(), when the blocks are not kept (streaming)
    spent: float = 0.0  # seconds spent on this page so far (its time budget: `audit.engine.guard.PageBudget`)
    copy_key: int = 0  # boilerplate.copy_key: pages sharing it are copies of one page (counted once for template)


def page_stats(blocks: list[Block], sentences: int) -> dict[str, int]:
    """The page's counts for pages.csv: blocks, body words, all words, sentence units, template words (prose kinds
    only: a table or reference list is never template share) and the body words of each non-prose kind."""
    body = all_words = template = 0
    kinds = dict.fromkeys(NON_PROSE_KINDS, 0)
    for b in blocks:
        w = b.words
        all_words += w
        if b.label == "body":
            body += w
            if b.kind in kinds:
                kinds[b.kind] += w
        elif b.kind not in kinds:
            template += w
    return {"blocks": len(blocks), "words": body, "all_words": all_words, "sentences": sentences,
            "template_words": template, **{f"{k}_words": v for k, v in kinds.items()}}


PAGE_COLUMNS = ["page_id", "source", "status", "reason", "title", "url", "encoding", "blocks", "words", "sentences",
                "template_share", *(f"{k}_words" for k in NON_PROSE_KINDS)]
# template_share: site-template words / all words of the page (the strip step's; tables, references, captions and
# code are never template share); table_words ... code_words: the page's body words of each non-prose kind


def page_row(r: PageResult) -> dict[str, Any]:
    """The page's row of the pages frame (`PAGE_COLUMNS`), from its metadata and counts."""
    return page_row_of(r.page, r.stats or page_stats(r.blocks, len(r.units)))


def page_row_of(p: Page, st: dict[str, int]) -> dict[str, Any]:
    """`page_row` of page `p` with counts `st` (`page_stats`)."""
    body_words, all_words = st["words"], st["all_words"]
    kept = all_words - st.get("template_words", all_words - body_words)  # non-prose kinds are never template share
    return {
        "page_id": p.page_id, "source": p.source, "status": p.status, "reason": p.reason, "title": p.title,
        "url": p.url, "encoding": p.encoding, "blocks": st["blocks"], "words": body_words,
        "sentences": st["sentences"],
        "template_share": round(1 - kept / all_words, 4) if all_words else float("nan"),
        **{f"{k}_words": st.get(f"{k}_words", 0) for k in NON_PROSE_KINDS},
    }


class HeldPage:
    """One page for the corpus steps (`Measure.corpus_step`'s `results`, a `HeldPages`, which makes it when read): its
    id, status and packed measure results, in one slotted object. Reads as a `PageResult` does there: `r.page.page_id`,
    `r.page.status`, `r.extras` (the page's columns are in the pages frame; its blocks and units in the store)."""

    __slots__ = ("page_id", "status", "extras")

    def __init__(self, page_id: str, status: str, extras: "Mapping[str, Any]") -> None:
        self.page_id, self.status, self.extras = page_id, status, extras

    @property
    def page(self) -> "HeldPage":
        return self


class HeldPages(Sequence):
    """The held pages (`PageRows.sorted`), the corpus steps' `results`: three lists (ids, statuses, packed results),
    each page's `HeldPage` made when read. The main process keeps them from the chunks' end to the run's end, through
    every corpus step: an object per page (20,000 at newsgroups-20k) reached its collector's oldest generation, and
    every full collection scanned them, though no built-in measure's corpus step reads a page's results."""

    __slots__ = ("ids", "status", "extras")

    def __init__(self, ids: list[str], status: list[str], extras: "list[Mapping[str, Any]]") -> None:
        self.ids, self.status, self.extras = ids, status, extras

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self.ids)))]
        return HeldPage(self.ids[k], self.status[k], self.extras[k])

    def __iter__(self) -> Iterator[HeldPage]:
        return map(HeldPage, self.ids, self.status, self.extras)


NO_EXTRAS = PackedExtras({})  # (shared by every page without measure results)


_ABSENT = object()  # (a measure without results for a page)


class ChunkExtras:
    """A chunk's pages' measure results (`PageResult.extras`) from their analysis until the chunk's steps ran
    (`chunks.analyse_chunk`): the page ids, whether each page is audited, and one list per measure holding each
    page's value (`_ABSENT` for a page without one) — no dict per page. A page's results live to the chunk's end,
    through the collections of the pages after it, so whatever is kept per page reaches the collector's oldest
    generation: a dict per page did, and the (page_id, extras) tuples made for the chunk steps did. `pages()`:
    the chunk steps' `ChunkPages`, each page's extras a `PageExtras` (a view reading and writing these lists);
    `extras(i)`: page i's results as a dict (what goes back to the main process)."""

    __slots__ = ("ids", "ok", "columns")

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.ok: list[bool] = []
        self.columns: dict[str, list] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, page_id: str, ok: bool, extras: "Mapping[str, Any]") -> None:
        """The next page: its id, whether it is audited, its measure results (kept by value, not the mapping)."""
        n = len(self.ids)
        for name, value in extras.items():
            column = self.columns.get(name)
            if column is None:
                column = self.columns[name] = [_ABSENT] * n
            column.append(value)
        self.ids.append(page_id)
        self.ok.append(ok)
        for column in self.columns.values():
            if len(column) == n:
                column.append(_ABSENT)

    def column(self, name: str) -> list:
        """Measure `name`'s list (made, every page absent, on first use)."""
        column = self.columns.get(name)
        if column is None:
            column = self.columns[name] = [_ABSENT] * len(self.ids)
        return column

    def pages(self, audited: bool = False) -> "ChunkPagesView":
        """(page_id, `PageExtras`) of every page, in order, or of the audited pages only (`audited`)."""
        return ChunkPagesView(self, [i for i, ok in enumerate(self.ok) if ok] if audited else range(len(self.ids)))

    def extras(self, i: int) -> dict[str, Any]:
        """Page i's measure results, as the dict its analysis made (those the chunk steps removed left out)."""
        return {name: column[i] for name, column in self.columns.items() if column[i] is not _ABSENT}


class PageExtras(MutableMapping):
    """One page's measure results in a `ChunkExtras`, read and written like the page's extras dict (`get`, `pop`,
    `ex[name] = ...`, `name in ex`); made when read, one at a time."""

    __slots__ = ("chunk", "i")

    def __init__(self, chunk: ChunkExtras, i: int) -> None:
        self.chunk, self.i = chunk, i

    def __getitem__(self, name: str) -> Any:
        column = self.chunk.columns.get(name)
        value = _ABSENT if column is None else column[self.i]
        if value is _ABSENT:
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: Any) -> None:
        self.chunk.column(name)[self.i] = value

    def __delitem__(self, name: str) -> None:
        self[name]  # (KeyError when absent)
        self.chunk.columns[name][self.i] = _ABSENT

    def __iter__(self) -> Iterator[str]:
        i = self.i
        return iter([name for name, column in self.chunk.columns.items() if column[i] is not _ABSENT])

    def __len__(self) -> int:
        i = self.i
        return sum(1 for column in self.chunk.columns.values() if column[i] is not _ABSENT)

    def __repr__(self) -> str:
        return f"PageExtras({self.chunk.extras(self.i)!r})"


class ChunkPagesView(Sequence):
    """`ChunkExtras.pages()`: the chunk steps' `ChunkPages` ((page_id, extras) per page, in page order), each pair
    made when read."""

    __slots__ = ("chunk", "at")

    def __init__(self, chunk: ChunkExtras, at: "list[int] | range") -> None:
        self.chunk, self.at = chunk, at

    def __len__(self) -> int:
        return len(self.at)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self.at)))]
        i = self.at[k]
        return self.chunk.ids[i], PageExtras(self.chunk, i)

    def __iter__(self) -> Iterator[tuple[str, PageExtras]]:
        chunk, ids = self.chunk, self.chunk.ids
        for i in self.at:
            yield ids[i], PageExtras(chunk, i)


class PageRows:
    """Pages as the main process gathers them from the chunks: the pages frame's columns (`PAGE_COLUMNS`: lists, one
    value per page) and each page's packed measure results (`PackedExtras`), in the same order; the per-page step
    seconds summed (`timings`). No object per page but its values (`rows` adds pages; `join` several chunks')."""

    __slots__ = ("columns", "extras", "timings")

    def __init__(self) -> None:
        self.columns: dict[str, list] = {c: [] for c in PAGE_COLUMNS}
        self.extras: list[Mapping[str, Any]] = []
        self.timings: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self.extras)

    def add(self, r: PageResult) -> None:
        """Page `r` (its extras packed already, or a dict: packed here)."""
        self.add_page(r.page, r.stats or page_stats(r.blocks, len(r.units)), r.timings)
        self.add_extras(r.extras)

    def add_page(self, page: Page, stats: dict[str, int], timings: dict[str, float]) -> None:
        """A page's columns (`page_row_of`) and its step seconds; its measure results follow (`add_extras`, pages in
        the same order): a chunk keeps only the pages' measure results until its measures' chunk steps ran."""
        for c, v in page_row_of(page, stats).items():
            self.columns[c].append(v)
        for name, seconds in timings.items():
            self.timings[name] = self.timings.get(name, 0.0) + seconds

    def add_extras(self, ex: "Mapping[str, Any]") -> None:
        """The next page's measure results (packed already, or a dict: packed here)."""
        self.extras.append(ex if isinstance(ex, PackedExtras) and ex else PackedExtras.pack(ex) if ex else NO_EXTRAS)

    @classmethod
    def join(cls, parts: list["PageRows"]) -> "PageRows":
        """Parts in order, as one (their timings summed part by part; each part's lists released as joined)."""
        out = cls()
        for part in parts:
            for c in PAGE_COLUMNS:
                out.columns[c] += part.columns[c]
            out.extras += part.extras
            for name, seconds in part.timings.items():
                out.timings[name] = out.timings.get(name, 0.0) + seconds
            part.columns, part.extras = {c: [] for c in PAGE_COLUMNS}, []
        return out

    def sorted(self) -> tuple[pd.DataFrame, "HeldPages"]:
        """The pages frame and the held pages, in (page_id, source) order (ties: in the order added). Each column is
        taken in that order in one call (`itemgetter`), and the held pages are three lists (`HeldPages`), not an
        object per page: 20,000 `HeldPage`s were 20,000 more objects for the collector in the main process."""
        cols = self.columns
        ids, sources = cols["page_id"], cols["source"]
        order = sorted(range(len(ids)), key=lambda i: (ids[i], sources[i]))
        if not order:
            return pd.DataFrame([], columns=PAGE_COLUMNS), HeldPages([], [], [])
        take = _taker(order)
        frame = pd.DataFrame({c: take(cols[c]) for c in PAGE_COLUMNS}, columns=PAGE_COLUMNS)
        return frame, HeldPages(take(ids), take(cols["status"]), take(self.extras))


def _taker(order: list[int]):
    """A function giving a list's items at `order` as a list (`operator.itemgetter`, which gives a lone item for
    one index)."""
    get = itemgetter(*order)
    return (lambda values: [get(values)]) if len(order) == 1 else (lambda values: list(get(values)))


BLOCK_COLUMNS = ["page_id", "block", "line_start", "line_end", "kind", "label", "reason", "words", "text"]


def add_block_rows(cols: dict[str, list], page_id: str, blocks: list[Block]) -> None:
    """Append one page's blocks to the blocks table's columns (`BLOCK_COLUMNS`)."""
    cols["page_id"].extend([page_id] * len(blocks))
    for b in blocks:
        cols["block"].append(b.block)
        cols["line_start"].append(b.line_start)
        cols["line_end"].append(b.line_end)
        cols["kind"].append(b.kind)
        cols["label"].append(b.label)
        cols["reason"].append(b.reason)
        cols["words"].append(b.words)
        cols["text"].append(b.text)


def frame_of(columns: Mapping[str, list]) -> pd.DataFrame:
    """`pd.DataFrame(columns)` (a chunk's blocks or sentences, {column: [value per row]}), the same frame: a column
    of Python ints only (floats only, bools only) goes straight into its numpy array, as pandas' inference makes it,
    without pandas' per-value inference over an object array (~45 % of the frame's cost), its types checked and the
    array filled in one compiled pass (`_columns.typed_array`); any other column (texts, None among the values, mixed
    kinds, an int beyond int64) is inferred by pandas."""
    out: dict[str, Any] = {}
    for name, values in columns.items():
        array = typed_array(values if type(values) is list else list(values))
        out[name] = values if array is None else array
    return pd.DataFrame(out)
