"""The measure protocol: what a measure declares and the steps the engine calls, nothing probed.

A measure (readability, duplication, terms) is one `Measure` value built in its own module and listed in the
registry (`audit.engine.measures`). The engine (`audit.engine.pipeline`, `audit.engine.chunks`) calls its steps in this order:

    per_page      in a worker, once per page: count what the measure needs from the page's body (sentence units,
                  spaCy docs) into `result.extras[name]` and/or new columns of the sentence units
    chunk_tables  in a worker, once per chunk of pages: the measure's per-page tables (`assigns`) for those pages,
                  read from each page's extras (left as they are: what the corpus step does not read is dropped
                  after the `chunk_data` step, below)
    chunk_data    in a worker, once per chunk (optional): the measure's per-chunk corpus data into the store
                  (`prefix` = the chunk's file name without suffix), read back chunk by chunk by its
                  `corpus_jobs` (duplication's pairs and passages, terms' hits and candidates) or its
                  `corpus_step` (readability's page columns); the engine then drops the measure's `extras[name]`
                  from the chunk's pages, so the main process holds no data per page for a measure with a
                  `chunk_data` step
    chunk_rows    in a worker, once per chunk (optional): from the chunk's sentence rows, what the corpus step
                  needs of them (readability: the rows `rewrite_rank` orders), kept with the chunk's part
    corpus_jobs   on the executor, once per run (optional): corpus stages reading the store (`store_dir`, the
                  chunk numbers), independent of each other: each runs in a process of its own, beside the others
                  and the main process's own corpus steps (the measures without jobs first, then those with
                  fewer jobs); their results, a list in this order, go to
    corpus_step   in the main process: the page columns and corpus tables (`assigns`), from the store (its
                  `chunk_data` files, its tables) and the corpus jobs' results
    summary       figures for summary.json

Each step is a plain module-level function (picklable by reference: the same steps run in local worker processes
or on Dask workers). `assigns` names what the measure adds: "pages" -> its page columns, and each table it writes
-> that table's columns; `requires` names what its per-page step reads ("blocks", "units", "docs", and "word.<fact>"
for each shared word fact its `nlp.WordTable` columns use: "word.flags", "word.lemma"; the engine declares those on
the word table before the first page, and a column may use no fact its measure does not require).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, MutableMapping, Optional, Sequence

PageStep = Callable[[Any, list, list, list, Any], None]  # (PageResult, body blocks, docs, units, Settings)
# (page_id, the page's extras) of a chunk's pages, in page order: the extras a mutable mapping read and written as the
# page's `result.extras` dict (`get`, `pop`, `[name] = ...`; the engine's `results.PageExtras`, a view made when read)
ChunkPages = Sequence[tuple[str, MutableMapping]]


@dataclass(frozen=True)
class Measure:
    """One measure: its name, what it assigns and requires, and its steps (see the module docstring)."""

    name: str
    assigns: Mapping[str, tuple[str, ...]]
    requires: tuple[str, ...]
    per_page: PageStep
    chunk_tables: Callable[[ChunkPages, Any], Mapping[str, Any]]
    # (audit, results: the pages' `results.HeldPage`s, a sequence in page order, settings, the corpus jobs' results)
    corpus_step: Callable[[Any, Sequence, Any, Any], None]
    summary: Callable[[Any, Any], dict]
    chunk_data: Optional[Callable[[Path, ChunkPages, Any], None]] = None
    chunk_rows: Optional[Callable[[Any], Any]] = None
    corpus_jobs: tuple[Callable[[str, list[int], Any], Any], ...] = field(default=())
    page_tables: tuple[str, ...] = field(default=())  # tables made by `chunk_tables`, chunk by chunk
    # Load what every worker would otherwise load on its first page (word lists, compiled glossary), in the main
    # process before the local workers fork, so they inherit it (best effort; never needed for correct results).
    preload: Optional[Callable[[Any], None]] = None

    def __post_init__(self) -> None:
        missing = [t for t in self.page_tables if t not in self.assigns]
        if missing:
            raise ValueError(f"measure {self.name}: page tables {missing} not declared in assigns")

    def columns(self, table: str) -> list[str]:
        return list(self.assigns.get(table, ()))
