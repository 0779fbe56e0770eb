"""The audit as named steps with declared inputs and outputs.

    load      files             -> Page (ok | skipped, reason)               [per chunk of pages, on the executor]
    segment   Page.lines        -> Block (kind, line span)                   [per chunk]
    strip     all pages' blocks -> Block.label / Block.reason                [corpus: counts; labels per chunk]
    analyse   body blocks       -> sentence units, counts, lemmas, terms     [per chunk]
    measure   sentence units    -> readability, duplication, term coverage   [corpus: `Measure.corpus_step`]
    report    Audit             -> CSV / JSON / HTML                         [see audit.engine.output]

One path: a chunk of pages is the unit of work (`audit.engine.chunks`; a small corpus is one chunk), run on an executor
(`audit.engine.executors`: this process, local worker processes, or a Dask cluster); its tables go into the run's store
(`audit.engine.store`); the measures are the registered `audit.engine.protocol.Measure`s (`audit.engine.measures`).
`run(paths, settings)` executes the steps and returns an `Audit`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from spacy.tokens import Doc

from audit.engine import chunks
from audit.engine import guard
from audit.engine import measures
from audit.config import Settings
from audit.engine.executors import Engine
from audit.engine.parquet import prepare_sentences
from audit.engine.guard import OverBudget, PageBudget
from audit.ingest.discover import discover
from audit.ingest.load import Page, Source, load_page
from audit.engine.results import BLOCK_COLUMNS, PAGE_COLUMNS, PageResult, PageRows
from audit.engine.units import prose_body, sentence_units
from audit.engine.progress import Progress
from audit.ingest.segment import PROSE_KINDS, Block, segment_lines  # noqa: F401 (PROSE_KINDS: read from here too)
from audit.engine.store import Part, Spill, Tables
from audit.ingest import template as boilerplate


class _Table:
    """`Audit.<name>`: the table `Audit.tables[<name>]` (read-only; AttributeError when the run has none)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, audit: "Audit | None", owner: type | None = None) -> Any:
        if audit is None:
            return self
        if self.name not in audit.tables:
            raise AttributeError(self.name)
        return audit.tables[self.name]


@dataclass
class Audit:
    """The result of a run: tidy tables (pandas) plus the settings and a summary. The chunked tables (blocks,
    sentences, the measures' page tables, passages) stay in the run's store (`spill`) until first read."""

    settings: Settings
    pages: pd.DataFrame
    spill: Spill
    tables: Tables  # further CSV tables: pairs, passages, terms, ...
    api: dict[str, Any] = field(default_factory=dict)  # API-only results (coverage matrix, similarity matrix, ...)
    summary: dict[str, Any] = field(default_factory=dict)
    # Seconds per stage of the run that built this Audit (for benchmarks/bench.py). Never written to disk: outputs
    # must be byte-identical across runs. Keys: discover, load_segment, strip, analyse (wall), analyse.spacy and
    # analyse.<measure> (summed over pages, i.e. CPU seconds across workers), assemble, measure.<measure>, summary;
    # write (set by `write`); analyse.main_cpu (CPU seconds of this process during analyse). measure.<m>.wait
    # includes the export's work done while waiting (`parquet.prepare_sentences`).
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    core: Tables = field(init=False, repr=False, compare=False)  # blocks and sentences
    # sentences' Parquet parts joined ahead for the export (`audit.engine.parquet.Prepared`), or None
    prepared: Any = field(default=None, repr=False, compare=False)
    # the measures' tables as attributes too (`audit.duplication.passages` = `audit.present.tables["passages"]`)
    difficult_words = _Table()
    plain_language = _Table()
    pairs = _Table()
    passages = _Table()
    terms = _Table()
    jargon = _Table()
    term_gaps = _Table()
    term_overlap = _Table()
    term_candidates = _Table()

    def __post_init__(self) -> None:
        self.core = Tables(self.spill, ["blocks", "sentences"])
        if not isinstance(self.tables, Tables):  # (an Audit made by hand, e.g. `dataclasses.replace(a, tables={})`)
            tables, self.tables = self.tables, Tables(self.spill)
            self.tables.update(tables)

    @property
    def blocks(self) -> pd.DataFrame:
        return self.core["blocks"]

    @blocks.setter
    def blocks(self, frame: pd.DataFrame) -> None:
        self.core["blocks"] = frame

    @property
    def sentences(self) -> pd.DataFrame:
        return self.core["sentences"]

    @sentences.setter
    def sentences(self, frame: pd.DataFrame) -> None:
        self.core["sentences"] = frame

    def streamed(self, name: str) -> bool:
        """True while table `name` (blocks, sentences, a measure's chunked table) is only in the store."""
        return self.core.streamed(name) if name in ("blocks", "sentences") else self.tables.streamed(name)

    def adopt(self, name: str, parts: list[Part], columns: list[str]) -> None:
        """Table `name`, written into the store by a corpus job in `parts`: read back on first use."""
        self.spill.adopt(name, parts, columns)
        self.tables.stream(name)

    def sentence_texts(self, keys: list[tuple[str, int]]) -> list[str]:
        """The texts of sentences given as (page_id, sentence index on the page); "" for none. Reads only the
        chunks holding those pages, never the whole sentences table."""
        if self.streamed("sentences"):
            return self.spill.sentence_texts(keys)
        s = self.sentences
        if not len(keys) or not len(s):
            return ["" for _ in keys]
        wanted = set(keys)
        found = {(p, k): t for p, k, t in zip(s["page_id"].tolist(), s["sentence"].tolist(), s["text"].tolist())
                 if (p, k) in wanted}
        return [found.get((p, int(k)), "") for p, k in keys]

    def body_blocks(self) -> pd.DataFrame:
        return self.blocks[self.blocks["label"] == "body"]

    def close(self) -> None:
        """Remove the run's private store (a temp folder; also done when the Audit is collected or at exit, but a
        killed kernel does neither): the tables still in the store can no longer be read. `with audit.run(...) as a:`"""
        self.spill.close()

    def __enter__(self) -> "Audit":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def write(self, out_dir: str | Path) -> list[Path]:
        from audit.engine.output import write_audit

        t0 = time.perf_counter()
        written = write_audit(self, Path(out_dir))
        self.timings["write"] = time.perf_counter() - t0
        return written


# ---------------------------------------------------------------- per-page steps (run in workers)

def _guarded(step: Callable[[Any, Settings], PageResult]) -> Callable[[Any, Settings], PageResult]:
    """One bad page never stops the run: an unexpected exception marks that page `error`, with the reason."""

    def guarded(item: Any, settings: Settings) -> PageResult:
        try:
            return step(item, settings)
        except OverBudget as exc:  # the page spent its time budget: skipped with the reason
            result = item if isinstance(item, PageResult) else PageResult(Page(item.page_id, item.display))
            result.page.skip(str(exc))
            result.units = []
            return result
        except Exception as exc:  # noqa: BLE001 - reported in pages.csv, never swallowed silently
            result = item if isinstance(item, PageResult) else PageResult(Page(item.page_id, item.display))
            result.page.status, result.page.reason = "error", f"{step.__name__} failed: {exc.__class__.__name__}: {exc}"
            result.units = []
            return result

    guarded.__name__ = step.__name__
    return guarded


def load_and_segment(src: Source, settings: Settings) -> PageResult:
    budget = PageBudget(settings.run.max_page_seconds)
    page = load_page(src, settings.load)
    result = PageResult(page)
    if page.status != "ok":
        return result
    budget.check("load")
    try:
        result.blocks = segment_lines(page.lines, settings.segment, page.markdown, page.commonmark)
    except Exception as exc:  # one bad page never stops the run
        page.skip(f"segmentation failed: {exc.__class__.__name__}: {exc}")
        return result
    if not result.blocks:
        page.skip("no text blocks (only punctuation or symbols)")
        return result
    # each block's normalised text hashed once (`chunks.block_hashes`), the copy key, the pattern hits: no block
    # keeps its key (the hashes stand for the texts from here on: the pickled blocks carry no second text)
    result.keys, result.copy_key, result.patterns = boilerplate.page_evidence(result.blocks, settings.boilerplate)
    page.lines = []  # the blocks carry the text from here on
    budget.check("segment")
    result.spent = budget.spent
    return result


UNIT_FACTS = ("flags",)  # the shared word facts (`nlp.WordTable`) the sentence units read (`nlp.SentenceRule`)


def analyse_body(result: PageResult, settings: Settings) -> PageResult:
    """Split body blocks into sentence units and let every measure count what it needs, once."""
    from audit.nlp import docs_tokens, forget_page, load_nlp, sentence_rule, word_table

    if result.page.status != "ok":
        return result
    budget = PageBudget(settings.run.max_page_seconds, result.spent)
    t0 = time.perf_counter()
    nlp = load_nlp(settings.segment.spacy_model)
    rule = sentence_rule(settings.segment.spacy_model)  # the default pipeline's sentencizer, on token ids (`_docs`)
    word_table().declare(measures.word_facts(UNIT_FACTS))  # the shared word facts the units and measures read
    body = prose_body(result.blocks)
    docs = _docs(nlp, body, settings, budget)
    docs_tokens(docs)  # the page's token record (`nlp.PageTokens`: its new words in one batch), kept for its measures
    try:
        units = sentence_units(result.page.page_id, body, docs, rule)
        t1 = time.perf_counter()
        result.timings["analyse.spacy"] = t1 - t0
        for measure in measures.registered():  # each measure's per-page step, timed
            budget.check(f"analyse.{measure.name}")
            measure.per_page(result, body, docs, units, settings)
            t2 = time.perf_counter()
            result.timings[f"analyse.{measure.name}"] = t2 - t1
            t1 = t2
    finally:
        forget_page()  # (the page's Docs are not held past its step)
    budget.check("analyse")
    units.drop_private()
    result.units = units
    return result


def _docs(nlp, body: list[Block], settings: Settings, budget: PageBudget | None = None) -> list:
    """One spaCy Doc per body block. With the default pipeline every block is just tokenized: headings and list
    items are one unit each, and paragraphs get their sentences from `nlp.SentenceRule` (the sentencizer's rule on
    token ids, in `analyse_body`) — but for a paragraph in pieces, which the sentencizer splits piece by piece.
    spaCy sees each text through `guard.for_spacy` (same length: offsets into the block's text hold) and long
    paragraphs in pieces (`guard.pieces`, joined again); the page's time budget is checked between documents."""
    batch = settings.segment.spacy_batch_size
    trained = bool(settings.segment.spacy_model)  # a trained pipeline tags and parses every block

    def docs_of(blocks: list[Block], parse: bool) -> Iterator:
        long = [b for b in blocks if len(b.text) > guard.PIECE_CHARS]
        if not long:
            texts = (guard.for_spacy(b.text) for b in blocks)
            yield from (nlp.pipe(texts, batch_size=batch) if parse else map(nlp.make_doc, texts))
            return
        for b in blocks:  # (rare: a paragraph over PIECE_CHARS characters)
            text = guard.for_spacy(b.text)
            parts = [text[s:e] for s, e in guard.pieces(text)]
            docs = list(nlp.pipe(parts, batch_size=batch)) if parse else [nlp.make_doc(t) for t in parts]
            yield docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)

    out = []
    if not trained:  # (the sentencizer runs only on the pieces of a long paragraph)
        make_doc, for_spacy, piece = nlp.make_doc, guard.for_spacy, guard.PIECE_CHARS
        for b in body:
            text = b.text
            out.append(make_doc(for_spacy(text)) if len(text) <= piece else next(docs_of([b], b.kind == "paragraph")))
            if budget is not None:
                budget.check("analyse.spacy")
        return out
    paragraphs = docs_of(body, True)
    for b in body:
        out.append(next(paragraphs))
        if budget is not None:
            budget.check("analyse.spacy")
    return out


def _guarded_load(src: Source, settings: Settings) -> PageResult:
    return _guarded(load_and_segment)(src, settings)


def _guarded_analyse(result: PageResult, settings: Settings) -> PageResult:
    """Analyse one page; returns only what analysis adds (page status, units, extras, timings), not the blocks:
    from a worker process the blocks would travel back pickled and sit in memory twice. `run` merges it back.
    (Measures add to `units` and `result.extras`; they never change blocks.)"""
    out = _guarded(analyse_body)(result, settings)
    return PageResult(out.page, units=out.units, extras=out.extras, timings=out.timings)


class _NlpPreload:
    """Load the spaCy pipeline in a parent thread while the load workers run, so the analyse workers (forked
    later) inherit it instead of each loading it (~1 s). Started only after the load pool has forked (forking while
    a thread holds the import lock could deadlock a child), and joined before the analyse pool forks. Chunks run in
    this process (`workers = 1`): the same loaded here before the analyse stage (`join(here=True)`), not in the
    first page's steps."""

    def __init__(self, model: str, settings: Settings | None = None):
        self.model = model
        self.settings = settings  # also warm the measures' per-process resources (see `_preload_measures`)
        self.thread = None

    def load(self) -> None:  # (what the analyse step needs once per process)
        from audit.nlp import lemma_table, load_nlp

        try:
            load_nlp(self.model)
            lemma_table(self.model)  # (spaCy's lookup lemmas: ~0.13 s a process when a worker loads them itself)
        except Exception:  # noqa: BLE001 - the analyse step loads it again and reports the error per page
            return
        for preload in [m.preload for m in measures.registered() if m.preload] if self.settings is not None else []:
            try:
                preload(self.settings)
            except Exception:  # noqa: BLE001 - best effort: the analyse step reports it per page
                pass

    def start(self) -> None:
        from threading import Thread

        self.thread = Thread(target=self.load, name="audit-nlp-preload", daemon=True)
        self.thread.start()

    def join(self, here: bool = False) -> None:  # (or, never started and the chunks run here: load now)
        if self.thread is not None:
            self.thread.join()
        elif here:
            self.load()


# ---------------------------------------------------------------- orchestration

def _load_and_analyse(sources: list[Source], settings: Settings, engine: Engine, spill: Spill, bar: Progress,
                      lap: Callable[[str], None], timings: dict[str, float]) -> PageRows:
    """The chunk steps (`audit.engine.chunks`) on the engine: workers write blocks and table rows into the store; this
    process keeps the pages' columns and the measures' per-page results (packed) that their corpus steps read."""
    spill.empty = {"blocks": BLOCK_COLUMNS, "sentences": EMPTY_SENTENCE_COLUMNS,
                   **{name: m.columns(name) for m in measures.registered() for name in m.page_tables}}
    parts = chunks.chunks_of([s.size for s in sources], settings.run)
    sizes = [len(c) for c in parts]
    store = str(spill.dir)
    preload = _NlpPreload(settings.segment.spacy_model, settings)
    loaded = engine.map(partial(chunks.load_chunk, _guarded_load, settings, store),
                        [(k, chunks.SourceColumns([sources[i] for i in c], absolute=True))  # (any worker's cwd)
                         for k, c in enumerate(parts)],
                        bar.stage("load and segment", len(sources)), sizes,
                        started=preload.start if engine.local_processes else None)
    lap("load_segment")
    bar.step("strip site template")
    ok = chunks.LoadedChunk.audited(loaded)  # (columns: a `Loaded` made per page when read)
    stripped = chunks.strip(store, ok, settings)
    order = longest_first(loaded) if engine.workers > 1 else None
    del loaded, ok
    lap("strip")
    preload.join(here=engine.client is None)  # (a one-process run loads here what forked workers inherit)
    lap("strip")
    cpu = time.process_time()
    analysed = engine.map(partial(chunks.analyse_chunk, _guarded_analyse, settings, stripped),
                          [(k,) for k in range(len(parts))], bar.stage("analyse", len(sources)), sizes,
                          order=order)
    timings["analyse.main_cpu"] = time.process_time() - cpu  # this process's share of the stage (benchmarks)
    lap("analyse")
    spill.parts.extend(part for _, part in analysed)
    rows = PageRows.join([chunk for chunk, _ in analysed])
    del analysed
    for name, seconds in rows.timings.items():  # (the run's totals only)
        timings[name] = timings.get(name, 0.0) + seconds
    return rows


def longest_first(loaded: list[list[PageResult]]) -> list[int]:
    """The chunks' indexes, the costliest to analyse first (ties: in page order), by the distinct block texts of
    their audited pages (the load step's light results: `keys`). Handed to the workers in this order, the chunks
    end together: the last task of a worker is a short one, not a long one while the other workers are done (at
    newsgroups-20k chunks take 0.2-2.5 CPU-s to analyse). The files are the same in any order."""
    weight = [sum(len(r.keys) for r in part if r.page.status == "ok") for part in loaded]
    return sorted(range(len(loaded)), key=lambda k: (-weight[k], k))


def run(paths: Iterable[str | Path] | str | Path, settings: Settings | None = None,
        progress: "bool | None | Progress" = None, store: str | Path | None = None) -> Audit:
    """Audit the pages under `paths` (files or folders). Never raises for a bad page: it is skipped with a reason.

    progress: None = a bar on an interactive terminal only; True = a bar there, plain lines on stderr elsewhere;
    False = nothing; or a `Progress` (the command line's, to go on with the write stages). store: see `Spill`."""
    settings = settings or Settings()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    bar = progress if isinstance(progress, Progress) else Progress.auto(progress)
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = timings.get(name, 0.0) + now - clock[0]
        clock[0] = now

    from audit.engine.guard import check_patterns

    check_patterns({**settings.boilerplate.patterns, **settings.boilerplate.extra_patterns})  # once per process
    bar.step("find pages")
    not_read: dict[str, int] = {}
    sources, skipped = discover(paths, settings.load, settings.crawl, not_read)
    lap("discover")
    spill = Spill(store)
    with Engine(settings, len(sources), jobs=sum(len(m.corpus_jobs) for m in measures.registered())) as engine:
        rows = _load_and_analyse(sources, settings, engine, spill, bar, lap, timings)
        for page in skipped:
            rows.add(PageResult(page))
        bar.step("assemble tables")
        store = str(spill.dir)
        chunk_ids = [p.chunk for p in spill.parts]
        jobs = {m.name: [engine.submit(job, store, chunk_ids, settings) for job in m.corpus_jobs]
                for m in measures.registered() if m.corpus_jobs}  # side by side, beside the other corpus steps
        pages, results = rows.sorted()  # (page_id, source) order; each page's id, status and packed results kept
        del rows
        audit = Audit(settings=settings, pages=pages, spill=spill, tables=Tables(spill, spill.page_tables()))
        lap("assemble")
        added: dict[str, list[str]] = {}
        # corpus jobs' measures last, those with fewer jobs first (terms' one job ends before duplication's two: its
        # main-process step then runs while they do)
        for measure in sorted(measures.registered(), key=lambda m: (m.name in jobs, len(m.corpus_jobs))):
            before = set(audit.pages.columns)
            bar.step(f"measure {measure.name}")
            job = None
            if measure.name in jobs:
                if audit.prepared is None:  # the export's work that is ready, while the jobs run elsewhere
                    running = [f for fs in jobs.values() for f in fs]
                    prepare_sentences(audit, lambda: all(f.done() for f in running))
                job = [future.result() for future in jobs.pop(measure.name)]
                lap(f"measure.{measure.name}.wait")
            measure.corpus_step(audit, results, settings, job)
            added[measure.name] = [c for c in audit.pages.columns if c not in before]
            lap(f"measure.{measure.name}")
    new = {c for cols in added.values() for c in cols}
    audit.pages = audit.pages[[c for c in audit.pages.columns if c not in new]
                              + [c for m in measures.registered() for c in added[m.name]]]  # columns in registry order
    _unmeasured(audit.pages)
    audit.summary = _summary(audit, settings, not_read)
    lap("summary")
    audit.timings = timings
    return audit


EMPTY_SENTENCE_COLUMNS = ["page_id", "block", "line", "sentence", "kind", "text", "words"]  # a table without sentences


def _unmeasured(pages: pd.DataFrame) -> None:
    """Pages that were not audited (skipped, error) carry no measure values, even when they share their page id
    with an audited page (two files mapping to one id: measures key their page columns by id)."""
    bad = (pages["status"] != "ok").to_numpy()
    if not bad.any():
        return
    for col in pages.columns:
        if col in PAGE_COLUMNS:
            continue
        s = pages[col]
        if col == "readability_note":
            pages.loc[bad, col] = ("not graded: page " + pages.loc[bad, "status"]).to_numpy()
        elif pd.api.types.is_bool_dtype(s.dtype) and str(s.dtype) == "boolean":
            pages.loc[bad, col] = pd.NA
        elif pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            if pd.api.types.is_integer_dtype(s.dtype):
                pages[col] = s.astype(float)
            pages.loc[bad, col] = float("nan")
        else:
            pages.loc[bad, col] = ""


NOT_ECHOED = ("scheduler", "chunk_bytes", "chunk_min_pages", "chunk_max_pages")  # [run] keys left out of summary.json


def _echoed(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings summary.json repeats: what the audit found depends on them. [history] (where runs are recorded),
    [run] scheduler (where the chunks ran) and the chunk sizes (how the pages were cut into chunks) are left out: the
    tables are byte-identical either way."""
    out = {k: v for k, v in settings.items() if k != "history"}
    out["run"] = {k: v for k, v in out["run"].items() if k not in NOT_ECHOED}
    return out


def _summary(audit: Audit, settings: Settings, not_read: dict[str, int]) -> dict[str, Any]:
    from audit.engine.output import package_versions

    pages = audit.pages
    ok = pages[pages["status"] == "ok"]
    parts = audit.spill.parts  # (counted by the workers, chunk by chunk)
    blocks = {"total": sum(p.rows("blocks") for p in parts), "body": sum(p.blocks_body for p in parts),
              "boilerplate": sum(p.blocks_boilerplate for p in parts)}
    return {
        "pages": {"total": int(len(pages)), "ok": int(len(ok)), "skipped": int((pages["status"] == "skipped").sum())},
        "skipped": [{"page_id": r.page_id, "source": r.source, "reason": r.reason}
                    for r in pages[pages["status"] != "ok"].itertuples()],
        # the files of the folders given that are no page by their extension, per extension (`discover`)
        "not_read": {"files": sum(not_read.values()), "extensions": dict(sorted(not_read.items()))},
        "blocks": blocks,
        "body_words": int(ok["words"].sum()),
        "sentences": audit.spill.rows("sentences"),
        **measures.summary(audit, settings),
        # [history] says where runs are recorded, not what they found: never in the outputs (byte-identical either way)
        "settings": _echoed(settings.as_dict()),
        "versions": package_versions(),
    }
