"""The audit as named steps with declared inputs and outputs.

    load      files             -> Page (ok | skipped, reason)               [per page, parallel]
    segment   Page.lines        -> Block (kind, line span)                   [per page, parallel]
    strip     all pages' blocks -> Block.label / Block.reason                [corpus]
    analyse   body blocks       -> sentence units, counts, lemmas, terms     [per page, parallel]
    measure   sentence units    -> readability, duplication, term coverage   [corpus]
    report    Audit             -> CSV / JSON / HTML                         [see audit.output]

`run(paths, settings)` executes them and returns an `Audit` holding pandas DataFrames.
"""
from __future__ import annotations

import gc
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from spacy.tokens import Doc

from . import boilerplate, guard, measures
from .config import Settings
from .guard import OverBudget, PageBudget
from .load import Page, Source, discover, load_page
from .engine import exit_with_parent, worker_init
from .results import BLOCK_COLUMNS, PackedExtras, PageResult, Units, add_block_rows, page_stats  # noqa: F401
from .progress import Progress
from .segment import NON_PROSE_KINDS, PROSE_KINDS, Block, count_words, segment_lines


@dataclass
class Audit:
    """The result of a run: tidy tables (pandas) plus the settings and a summary."""

    settings: Settings
    pages: pd.DataFrame
    blocks: pd.DataFrame
    sentences: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # further CSV tables: pairs, passages, terms, ...
    api: dict[str, Any] = field(default_factory=dict)  # API-only results (coverage matrix, similarity matrix, ...)
    summary: dict[str, Any] = field(default_factory=dict)
    # Seconds per stage of the run that built this Audit (for benchmarks/bench.py). Never written to disk: outputs
    # must be byte-identical across runs. Keys: discover, load_segment, strip, analyse (wall), analyse.spacy and
    # analyse.<measure> (summed over pages, i.e. CPU seconds across workers), assemble, measure.<measure>, summary;
    # write (set by `write`); analyse.main_cpu (streaming: CPU seconds of this process during analyse).
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    # A streaming run (`audit.stream`): blocks and sentences live in this spill folder until written, and are read
    # back into `blocks` / `sentences` on first use.
    spill: Any = field(default=None, repr=False, compare=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        spill = self.__dict__.get("spill")
        if name in ("blocks", "sentences") and spill is not None:
            frame = spill.frame(name)
            self.__dict__[name] = frame
            return frame
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def streamed(self, name: str) -> bool:
        """True while table `name` (blocks, sentences, a measure's page table) is only in the spill folder."""
        if self.__dict__.get("spill") is None:
            return False
        if name in ("blocks", "sentences"):
            return name not in self.__dict__
        tables = self.__dict__.get("tables")
        return isinstance(tables, SpillTables) and tables.streamed(name)

    def sentence_texts(self, keys: list[tuple[str, int]]) -> list[str]:
        """The texts of sentences given as (page_id, sentence index on the page); "" for none. A streaming run
        reads only the chunks holding those pages, never the whole sentences table."""
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

    def write(self, out_dir: str | Path) -> list[Path]:
        from .output import write_audit

        t0 = time.perf_counter()
        written = write_audit(self, Path(out_dir))
        self.timings["write"] = time.perf_counter() - t0
        return written


class SpillTables(dict):
    """`Audit.tables` of a streaming run: the measures' page tables stay in the spill folder until read."""

    def __init__(self, spill: Any, names: list[str]):
        super().__init__({name: None for name in names})
        self.spill = spill
        self.pending = set(names)

    def streamed(self, name: str) -> bool:
        return name in self.pending

    def stream(self, name: str) -> None:
        """Table `name` is (now) in the spill folder: read back on first use."""
        super().__setitem__(name, None)
        self.pending.add(name)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self.pending:
            super().__setitem__(name, self.spill.frame(name))
            self.pending.discard(name)
        return super().__getitem__(name)

    def __setitem__(self, name: str, value: pd.DataFrame) -> None:
        self.pending.discard(name)
        super().__setitem__(name, value)

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default

    def values(self):  # type: ignore[override]
        return [self[k] for k in self]

    def items(self):  # type: ignore[override]
        return [(k, self[k]) for k in self]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for k, v in dict(*args, **kwargs).items():
            self[k] = v


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
        result.blocks = segment_lines(page.lines, settings.segment)
    except Exception as exc:  # one bad page never stops the run
        page.skip(f"segmentation failed: {exc.__class__.__name__}: {exc}")
        return result
    if not result.blocks:
        page.skip("no text blocks (only punctuation or symbols)")
        return result
    result.keys = boilerplate.block_keys(result.blocks)
    result.copy_key = boilerplate.copy_key(result.blocks, settings.boilerplate)
    result.patterns = boilerplate.pattern_hits(result.blocks, settings.boilerplate)  # also caches Block.words
    page.lines = []  # the blocks carry the text from here on
    budget.check("segment")
    result.spent = budget.spent
    return result


def analyse_body(result: PageResult, settings: Settings) -> PageResult:
    """Split body blocks into sentence units and let every measure count what it needs, once."""
    from .nlp import load_nlp, sentence_rule

    if result.page.status != "ok":
        return result
    budget = PageBudget(settings.run.max_page_seconds, result.spent)
    t0 = time.perf_counter()
    nlp = load_nlp(settings.segment.spacy_model)
    rule = sentence_rule(settings.segment.spacy_model)  # the default pipeline's sentencizer, on token ids (`_docs`)
    # prose only: tables, reference lists, captions and code are body but never sentences (readability, passages)
    body = [b for b in result.blocks if b.label == "body" and b.kind in PROSE_KINDS]
    docs = _docs(nlp, body, settings, budget)
    units: list[dict[str, Any]] = []
    for block, doc in zip(body, docs):
        # headings and list items are one unit each: they never merge with, or split into, sentences
        if block.kind in ("heading", "list_item", "other"):
            spans = [doc[:]]
        elif rule is not None and len(block.text) <= guard.PIECE_CHARS:  # tokenized only (`_docs`)
            spans = rule.sentences(doc)
        else:
            spans = list(doc.sents)
        # a unit's text runs to the next unit's start (only whitespace in between, or what `guard.for_spacy` turned
        # into spaces for spaCy: the original characters are kept) = span.text, without a walk over its tokens
        ends = [sp.start_char for sp in spans[1:]] + [len(block.text)]
        for span, end in zip(spans, ends):
            raw = block.text[span.start_char:end]
            text = raw.strip()
            if not text:
                continue
            line = block.line_of(span.start_char + len(raw) - len(raw.lstrip()))
            units.append({
                "page_id": result.page.page_id, "block": block.block, "line": line, "sentence": len(units),
                "kind": block.kind, "text": text, "words": count_words(text), "_span": span,
            })
    t1 = time.perf_counter()
    result.timings["analyse.spacy"] = t1 - t0
    for module in measures.MODULES:  # = measures.per_page, timed per module
        budget.check(f"analyse.{_short(module)}")
        module.per_page(result, body, docs, units, settings)
        t2 = time.perf_counter()
        result.timings[f"analyse.{_short(module)}"] = t2 - t1
        t1 = t2
    budget.check("analyse")
    for unit in units:
        unit.pop("_span", None)
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

    def tokens_only(b: Block):
        text = guard.for_spacy(b.text)
        return nlp.make_doc(text) if len(text) <= guard.PIECE_CHARS else next(docs_of([b], False))

    out = []
    if not trained:  # (the sentencizer runs only on the pieces of a long paragraph)
        for b in body:
            out.append(tokens_only(b) if b.kind != "paragraph" or len(b.text) <= guard.PIECE_CHARS
                       else next(docs_of([b], True)))
            if budget is not None:
                budget.check("analyse.spacy")
        return out
    paragraphs = docs_of(body, True)
    for b in body:
        out.append(next(paragraphs))
        if budget is not None:
            budget.check("analyse.spacy")
    return out


def _short(module: Any) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def _guarded_load(src: Source, settings: Settings) -> PageResult:
    return _guarded(load_and_segment)(src, settings)


def _guarded_analyse(result: PageResult, settings: Settings) -> PageResult:
    """Analyse one page; returns only what analysis adds (page status, units, extras, timings), not the blocks:
    from a worker process the blocks would travel back pickled and sit in memory twice. `run` merges it back.
    (Measures add to `units` and `result.extras`; they never change blocks.)"""
    out = _guarded(analyse_body)(result, settings)
    return PageResult(out.page, units=Units.from_rows(out.units), extras=out.extras,  # type: ignore[arg-type]
                      timings=out.timings)


# ---------------------------------------------------------------- orchestration

def _workers(n_items: int, settings: Settings) -> int:
    if settings.run.workers:
        return max(1, settings.run.workers)
    if n_items < settings.run.parallel_min_pages:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _chunked(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# Items a forked worker inherits from the parent (set just before the pool forks): chunks then travel as index
# ranges instead of pickled objects, which halves the pickling of the analyse stage (blocks only travel back).
_INHERITED: list | None = None


def _map_chunk(args: tuple[Callable, list | range, Settings]) -> list:
    fn, chunk, settings = args
    if isinstance(chunk, range):
        chunk = [_INHERITED[i] for i in chunk]  # type: ignore[index]
    return [fn(item, settings) for item in chunk]


def _parallel_map(fn: Callable, items: list, settings: Settings, progress: Callable[[int], None] | None,
                  inherit: bool = False, started: Callable[[], None] | None = None) -> list:
    """`[fn(item, settings) for item in items]`, in worker processes when the corpus is large enough.

    inherit: workers read the items from the forked parent's memory instead of receiving them pickled.
    started: called once the workers exist (all forked), e.g. to start a thread in the parent safely.
    """
    global _INHERITED
    workers = _workers(len(items), settings)
    out: list = []
    if workers == 1:
        if started:
            started()
        for item in items:
            out.append(fn(item, settings))
            if progress:
                progress(1)
        return out
    chunk = max(8, min(256, len(items) // (workers * 8) or 1))
    if inherit:
        _INHERITED = items
        tasks = ((fn, range(i, min(i + chunk, len(items))), settings) for i in range(0, len(items), chunk))
    else:
        tasks = ((fn, c, settings) for c in _chunked(items, chunk))
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=worker_init) as pool:
            parts = pool.map(_map_chunk, tasks)  # submits every chunk: the fork context starts all workers here
            if started:
                started()
            for part in parts:
                out.extend(part)
                if progress:
                    progress(len(part))
    finally:
        _INHERITED = None
    return out


class _NlpPreload:
    """Load the spaCy pipeline in a parent thread while the load workers run, so the analyse workers (forked
    later) inherit it instead of each loading it (~1 s). Started only after the load pool has forked (forking while
    a thread holds the import lock could deadlock a child), and joined before the analyse pool forks."""

    def __init__(self, model: str, settings: Settings | None = None):
        self.model = model
        self.settings = settings  # also warm the measures' per-process resources (see `_preload_measures`)
        self.thread = None

    def start(self) -> None:
        import threading

        def target() -> None:
            from .nlp import load_nlp

            try:
                load_nlp(self.model)
            except Exception:  # noqa: BLE001 - the workers load it again and report the error per page
                return
            if self.settings is not None:
                _preload_measures(self.settings)

        self.thread = threading.Thread(target=target, name="audit-nlp-preload", daemon=True)
        self.thread.start()

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()


def _preload_measures(settings: Settings) -> None:
    """Load what every analyse worker would otherwise load for itself on its first page (CMUdict syllables, Pyphen,
    the Dale–Chall list, the plain-words table, the compiled glossary: ~0.3 s a worker), so the workers inherit it.
    Best effort: a failure here is reported by the workers, per page, as before."""
    try:
        from .counts import _hyphenation, cmu_syllables, easy_words
        from .glossary import _lemma_table, compiled_glossary
        from .words import plain_words

        names = {_short(m) for m in measures.MODULES}
        if "readability" in names:
            cmu_syllables()
            easy_words()
            _hyphenation()  # Pyphen's patterns and their prefixes
            plain_words(settings.readability.plain_words)
        if "terms" in names:
            from .discovery import _pos_lists

            _pos_lists()
            _lemma_table()
            compiled_glossary(settings.terms.glossary, settings.segment.spacy_model)
    except Exception:  # noqa: BLE001
        pass


_BACKGROUND: tuple | None = None  # (results, settings) for the forked background jobs


def _background_job(name: str) -> tuple[Any, float]:
    module = next(m for m in measures.MODULES if _short(m) == name)
    results, settings = _BACKGROUND  # type: ignore[misc]
    t0 = time.perf_counter()
    return module.corpus_job(results, settings), time.perf_counter() - t0


def _streamed_job(name: str, spill_dir: str, chunks: list[int], settings: Settings) -> tuple[Any, float]:
    """A measure's `corpus_job_streamed`, which reads its chunks' files from the spill folder."""
    module = next(m for m in measures.MODULES if _short(m) == name)
    t0 = time.perf_counter()
    return module.corpus_job_streamed(spill_dir, chunks, settings), time.perf_counter() - t0


def _fresh_python_job(name: str, spill_dir: str, chunks: list[int], settings: Settings) -> tuple[Any, float]:
    """`_streamed_job` in a fresh interpreter (`python -c`): its memory is its own (a forked child starts with the
    parent's whole heap), and unlike multiprocessing's spawn it never re-imports the caller's main script. The
    arguments and the result travel as pickles in the spill folder."""
    import pickle
    import subprocess

    base = Path(spill_dir) / f"job-{name}"
    args, out = Path(f"{base}.args.pkl"), Path(f"{base}.out.pkl")
    with open(args, "wb") as fh:
        pickle.dump((name, spill_dir, chunks, settings), fh, protocol=pickle.HIGHEST_PROTOCOL)
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)  # the `audit` this process runs, installed or not
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    code = "import sys; from audit.pipeline import _job_main; _job_main(sys.argv[1], sys.argv[2])"
    try:
        proc = subprocess.run([sys.executable, "-c", code, str(args), str(out)], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            raise RuntimeError(f"{name} corpus job failed: {proc.stderr.decode('utf-8', 'replace')[-2000:]}")
        with open(out, "rb") as fh:
            return pickle.load(fh)
    finally:
        args.unlink(missing_ok=True)
        out.unlink(missing_ok=True)


def _job_main(args_path: str, out_path: str) -> None:
    """Entry point of `_fresh_python_job`'s interpreter."""
    import pickle

    exit_with_parent()
    with open(args_path, "rb") as fh:
        name, spill_dir, chunks, settings = pickle.load(fh)
    result = _streamed_job(name, spill_dir, chunks, settings)
    tmp = f"{out_path}.tmp"
    with open(tmp, "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, out_path)


class _Background:
    """Run the measures' `corpus_job`s in forked processes (they read the page results from the parent's memory),
    while the main process assembles the tables and runs the other corpus steps: the corpus stages of different
    measures are independent. Small corpora (or one worker): no process, each measure runs its job itself.
    A streaming run's `corpus_job_streamed` runs in a fresh interpreter instead (`_fresh_python_job`): it reads the
    measure's chunk files from the spill folder, and its memory is its own."""

    def __init__(self, results: list[PageResult], settings: Settings, spill: Any = None):
        global _BACKGROUND
        self.futures: dict[str, Any] = {}
        self.seconds: dict[str, float] = {}
        self.pools: list[Any] = []
        if _workers(len(results), settings) < 2:
            return
        mods = [m for m in measures.MODULES if hasattr(m, "corpus_job") or hasattr(m, "corpus_job_streamed")]
        spawned = [m for m in mods if spill is not None and hasattr(m, "corpus_job_streamed")]
        forked = [_short(m) for m in mods if m not in spawned and hasattr(m, "corpus_job")]
        if spawned:
            from concurrent.futures import ThreadPoolExecutor

            threads = ThreadPoolExecutor(len(spawned), thread_name_prefix="audit-corpus-job")
            self.pools.append(threads)
            chunks = [p.chunk for p in spill.parts]
            for m in spawned:
                self.futures[_short(m)] = threads.submit(_fresh_python_job, _short(m), str(spill.dir), chunks,
                                                         settings)
        if not forked:
            return
        _BACKGROUND = (results, settings)
        try:
            pool = ProcessPoolExecutor(len(forked), mp_context=get_context("fork"), initializer=worker_init)
            self.pools.append(pool)
            self.futures.update({name: pool.submit(_background_job, name) for name in forked})  # forks here
        finally:
            _BACKGROUND = None

    def has(self, module: Any) -> bool:
        return _short(module) in self.futures

    def result(self, module: Any) -> Any:
        name = _short(module)
        try:
            out, seconds = self.futures.pop(name).result()
        except Exception:  # noqa: BLE001 - a failed background process: the measure runs its job in-process
            out, seconds = None, 0.0
        self.seconds[f"measure.{name}.background"] = seconds
        if not self.futures:
            for pool in self.pools:
                pool.shutdown()
        return out


def _load_and_analyse(sources: list[Source], settings: Settings, bar: Progress, lap: Callable[[str], None],
                      timings: dict[str, float]) -> list[PageResult]:
    """In memory: every page's blocks and sentence units come back to this process (small and medium corpora)."""
    preload = _NlpPreload(settings.segment.spacy_model, settings)
    results = _parallel_map(_guarded_load, sources, settings, bar.stage("load and segment", len(sources)),
                            started=preload.start if _workers(len(sources), settings) > 1 else None)
    ok = [r for r in results if r.page.status == "ok"]
    lap("load_segment")
    bar.step("strip site template")

    counts, raw = boilerplate.Counter(), boilerplate.Counter()
    distinct = set(boilerplate.distinct_articles([r.copy_key for r in ok]))  # copies of one page count once
    for i, r in enumerate(ok):
        raw.update(r.keys)
        if i in distinct:
            counts.update(r.keys)
        r.keys = set()  # counted: not needed any more
    threshold = boilerplate.repeat_threshold(len(distinct), settings.boilerplate)
    for r in ok:
        boilerplate.label_page(r.blocks, counts, threshold, len(distinct), settings.boilerplate, patterns=r.patterns)
        boilerplate.note_copies(r.blocks, raw, len(ok))
    lap("strip")

    preload.join()
    lap("strip")  # (waiting for the preload, if any)
    for r in ok:
        r.patterns = []  # used by strip only
        for b in r.blocks:
            b.__dict__.pop("_key", None)  # the cached normalised text (Block.key), likewise
    analysed = _parallel_map(_guarded_analyse, ok, settings, bar.stage("analyse", len(ok)), inherit=True)
    lap("analyse")
    absorb = [m.absorb for m in measures.MODULES if hasattr(m, "absorb")]  # share strings across pages (memory)
    for r, a in zip(ok, analysed):  # same order: merge what analysis added into the page's result
        r.page, r.units, r.extras = a.page, a.units, a.extras
        for hook in absorb:
            hook(r.extras)
        _add_timings(r, a.timings, timings)
    return results


def _add_timings(result: PageResult, page_timings: dict[str, float], timings: dict[str, float]) -> None:
    for name, seconds in page_timings.items():
        result.timings[name] = result.timings.get(name, 0.0) + seconds
        timings[name] = timings.get(name, 0.0) + seconds


def _load_and_analyse_streaming(sources: list[Source], settings: Settings, bar: Progress,
                                lap: Callable[[str], None], timings: dict[str, float]) -> tuple[list[PageResult], Any]:
    """Streaming (`audit.stream`): workers spill blocks and table rows per chunk; this process keeps page metadata,
    the measures' per-page results and the sentence texts."""
    from . import stream

    workers = _workers(len(sources), settings)
    spill = stream.Spill()
    spill.empty = {"blocks": BLOCK_COLUMNS, "sentences": EMPTY_SENTENCE_COLUMNS,
                   **{name: cols for m in measures.MODULES for name, cols in getattr(m, "PAGE_TABLES", {}).items()}}
    chunks = stream.chunks_of(len(sources), workers)
    sizes = [len(c) for c in chunks]
    preload = _NlpPreload(settings.segment.spacy_model, settings)
    stream._STATE = stream._State(spill, settings, sources=sources, chunks=chunks, load=_guarded_load,
                                  analyse=_guarded_analyse)
    try:
        loaded = stream.map_chunks(stream.load_chunk, len(chunks), workers,
                                   bar.stage("load and segment", len(sources)), sizes,
                                   started=preload.start if workers > 1 else None)
        lap("load_segment")
        bar.step("strip site template")
        ok = [r for part in loaded for r in part if r.page.status == "ok"]
        st = stream._STATE
        distinct = boilerplate.distinct_articles([r.copy_key for r in ok])  # copies of one page count once
        st.counts = stream.HashCounts([ok[i].keys for i in distinct])
        st.raw_counts, st.n_raw = stream.HashCounts([r.keys for r in ok]), len(ok)
        st.n_ok, st.threshold = len(distinct), boilerplate.repeat_threshold(len(distinct), settings.boilerplate)
        st.sources = []
        del loaded, ok
        lap("strip")
        preload.join()
        lap("strip")
        cpu = time.process_time()
        analysed = stream.map_chunks(stream.analyse_chunk, len(chunks), workers, bar.stage("analyse", len(sources)),
                                     sizes)
        timings["analyse.main_cpu"] = time.process_time() - cpu  # this process's share of the stage (benchmarks)
    finally:
        stream._STATE = None
    lap("analyse")
    absorb = [m.absorb for m in measures.MODULES if hasattr(m, "absorb")]
    results: list[PageResult] = []
    for light, part in analysed:
        spill.parts.append(part)
        for r in light:
            if not isinstance(r.extras, PackedExtras):
                for hook in absorb:
                    hook(r.extras)
            for name, seconds in r.timings.items():  # (the run's totals only: no per-page dict kept)
                timings[name] = timings.get(name, 0.0) + seconds
            r.timings = {}
            results.append(r)
    return results, spill


def run(paths: Iterable[str | Path] | str | Path, settings: Settings | None = None,
        progress: "bool | None | Progress" = None) -> Audit:
    """Audit the pages under `paths` (files or folders). Never raises for a bad page: it is skipped with a reason.

    progress: None = a bar on an interactive terminal only; True = a bar there, plain lines on stderr elsewhere;
    False = nothing; or a `Progress` (the command line passes its own, to go on with the write stages)."""
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

    from .guard import check_patterns

    check_patterns({**settings.boilerplate.patterns, **settings.boilerplate.extra_patterns})  # once per process
    bar.step("find pages")
    sources, skipped = discover(paths, settings.load, settings.crawl)
    lap("discover")
    if len(sources) >= max(settings.run.stream_min_pages, 1):
        results, spill = _load_and_analyse_streaming(sources, settings, bar, lap, timings)
    else:
        results, spill = _load_and_analyse(sources, settings, bar, lap, timings), None
    results = results + [PageResult(p) for p in skipped]
    results.sort(key=lambda r: (r.page.page_id, r.page.source))
    bar.step("assemble tables")
    background = _Background(results, settings, spill)  # corpus jobs (duplication) run beside assembly and the others
    audit = _tables(results, settings, spill)
    if spill is not None:
        from .stream import release_memory

        release_memory()  # (before the corpus steps: their peaks then start from what is live)
    lap("assemble")
    added: dict[str, list[str]] = {}
    for module in sorted(measures.MODULES, key=background.has):  # = measures.per_corpus; background jobs last
        before = set(audit.pages.columns)
        bar.step(f"measure {_short(module)}")
        if background.has(module):
            job = background.result(module)
            lap(f"measure.{_short(module)}.wait")
            module.per_corpus(audit, results, settings, job)
        else:
            module.per_corpus(audit, results, settings)
        added[_short(module)] = [c for c in audit.pages.columns if c not in before]
        lap(f"measure.{_short(module)}")
    timings.update(background.seconds)
    audit.pages = audit.pages[[c for c in audit.pages.columns if c not in {x for v in added.values() for x in v}]
                              + [c for m in measures.MODULES for c in added[_short(m)]]]  # columns in module order
    _unmeasured(audit.pages)
    audit.summary = _summary(audit, settings)
    lap("summary")
    audit.timings = timings
    if spill is not None:
        gc.unfreeze()  # (`stream.map_chunks` froze the pages' results as they arrived)
    return audit


EMPTY_SENTENCE_COLUMNS = ["page_id", "block", "line", "sentence", "kind", "text", "words"]  # a table without sentences


def _page_row(r: PageResult) -> dict[str, Any]:
    p = r.page
    st = r.stats or page_stats(r.blocks, len(r.units))
    body_words, all_words = st["words"], st["all_words"]
    kept = all_words - st.get("template_words", all_words - body_words)  # non-prose kinds are never template share
    return {
        "page_id": p.page_id, "source": p.source, "status": p.status, "reason": p.reason, "title": p.title,
        "url": p.url, "encoding": p.encoding, "blocks": st["blocks"], "words": body_words,
        "sentences": st["sentences"],
        "template_share": round(1 - kept / all_words, 4) if all_words else float("nan"),
        **{f"{k}_words": st.get(f"{k}_words", 0) for k in NON_PROSE_KINDS},
    }


def _tables(results: list[PageResult], settings: Settings, spill: Any = None) -> Audit:
    if spill is not None:  # streaming: blocks and sentences stay in the spill folder
        pages = pd.DataFrame([_page_row(r) for r in results], columns=PAGE_COLUMNS)
        audit = Audit(settings=settings, pages=pages, blocks=None, sentences=None,  # type: ignore[arg-type]
                      tables=SpillTables(spill, spill.page_tables()), spill=spill)
        spill.view = audit.tables
        del audit.__dict__["blocks"], audit.__dict__["sentences"]  # read back on first use (Audit.__getattr__)
        return audit
    page_rows, unit_rows = [], []
    unit_cols: dict[str, list] = {}  # sentence units by column, while every page's units have the same columns
    columnar = True
    cols: dict[str, list] = {c: [] for c in BLOCK_COLUMNS}  # columns, not a dict per block (memory at scale)
    for r in results:
        p = r.page
        page_rows.append(_page_row(r))
        add_block_rows(cols, p.page_id, r.blocks)
        units = r.units
        if not len(units):
            continue
        if columnar and isinstance(units, Units) and (not unit_cols or tuple(units.columns) == tuple(unit_cols)):
            if not unit_cols:
                unit_cols = {k: [] for k in units.columns}
            for k, v in units.columns.items():
                unit_cols[k].extend(v)
            continue
        if columnar:  # mixed columns (should not happen): rows, as before
            columnar = False
            if unit_cols:
                unit_rows = [dict(zip(unit_cols, row)) for row in zip(*unit_cols.values())]
                unit_cols = {}
        unit_rows.extend(units)
    pages = pd.DataFrame(page_rows, columns=PAGE_COLUMNS)
    blocks = pd.DataFrame(cols, columns=BLOCK_COLUMNS) if cols["page_id"] else pd.DataFrame([], columns=BLOCK_COLUMNS)
    del cols
    if columnar and unit_cols:
        sentences = pd.DataFrame(unit_cols)
    else:
        sentences = pd.DataFrame(unit_rows) if unit_rows else pd.DataFrame(columns=EMPTY_SENTENCE_COLUMNS)
    del unit_cols, unit_rows
    return Audit(settings=settings, pages=pages, blocks=blocks, sentences=sentences)


PAGE_COLUMNS = ["page_id", "source", "status", "reason", "title", "url", "encoding", "blocks", "words", "sentences",
                "template_share", *(f"{k}_words" for k in NON_PROSE_KINDS)]
# template_share: site-template words / all words of the page (the strip step's; tables, references, captions and
# code are never template share); table_words ... code_words: the page's body words of each non-prose kind


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


def _summary(audit: Audit, settings: Settings) -> dict[str, Any]:
    from .output import package_versions

    pages = audit.pages
    ok = pages[pages["status"] == "ok"]
    if audit.streamed("blocks"):  # counted by the workers, chunk by chunk
        parts = audit.spill.parts
        blocks = {"total": sum(p.rows("blocks") for p in parts), "body": sum(p.blocks_body for p in parts),
                  "boilerplate": sum(p.blocks_boilerplate for p in parts)}
    else:
        labels = audit.blocks["label"]
        blocks = {"total": int(len(audit.blocks)), "body": int((labels == "body").sum()),
                  "boilerplate": int((labels == "boilerplate").sum())}
    return {
        "pages": {"total": int(len(pages)), "ok": int(len(ok)), "skipped": int((pages["status"] == "skipped").sum())},
        "skipped": [{"page_id": r.page_id, "source": r.source, "reason": r.reason}
                    for r in pages[pages["status"] != "ok"].itertuples()],
        "blocks": blocks,
        "body_words": int(ok["words"].sum()),
        "sentences": audit.spill.rows("sentences") if audit.streamed("sentences") else int(len(audit.sentences)),
        **measures.summary(audit, settings),
        # [history] says where runs are recorded, not what they found: never in the outputs (byte-identical either way)
        "settings": {k: v for k, v in settings.as_dict().items() if k != "history"},
        "versions": package_versions(),
    }
