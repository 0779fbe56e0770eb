"""The registry of measures (`audit.engine.protocol.Measure`), in the order they run and their page columns appear.

Like spaCy's `Language.factory`: each measure is registered once with what it assigns and requires; the engine
iterates `registered()` and calls the declared steps, never probing a module for optional functions.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable

from audit.duplication import measure as duplication
from audit.duplication import passages
from audit.readability import corpus as readability_corpus
from audit.readability import measure as readability
from audit.duplication import shingles
from audit.terms import chunk_data as terms_chunks
from audit.terms import term_overlap
from audit.terms import measure as terms
from audit.engine.protocol import ChunkPages, Measure

_REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    """Add a measure (after those already registered); a second measure of the same name is an error."""
    if measure.name in _REGISTRY:
        raise ValueError(f"measure {measure.name!r} is already registered")
    _REGISTRY[measure.name] = measure
    return measure


def unregister(name: str) -> Measure:
    """Remove a measure (a benchmark of the foundation alone; a plug-in replacing a built-in measure)."""
    return _REGISTRY.pop(name)


def registered() -> tuple[Measure, ...]:
    return tuple(_REGISTRY.values())


WORD_FACT = "word."  # a `requires` entry naming a shared word fact of `nlp.WordTable` ("word.lemma": the fact "lemma")


def word_facts(also: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The shared word facts (`nlp.WordTable.FACTS`) the registered measures require (`requires` entries "word.*"),
    after `also` (the engine's own), each once: what the engine declares on the word table before a page."""
    return tuple(dict.fromkeys([*also, *(r[len(WORD_FACT):] for m in _REGISTRY.values() for r in m.requires
                                         if r.startswith(WORD_FACT))]))


def _chunk_tables(names: tuple[str, ...], rows_of: Callable[[str, Any, Any], dict[str, list]],
                  tables_of: Callable[[dict[str, list]], dict], key: str, pages: ChunkPages, settings: Any) -> dict:
    """A measure's per-page tables for one chunk: each page's rows (`rows_of`, from the page's results: one flat
    tuple, which the measure's `chunk_data` step then removes whole), then the chunk's tables (`tables_of`, sorted as
    the whole table is)."""
    rows: dict[str, list] = {name: [] for name in names}
    for page_id, extras in pages:
        ex = extras.get(key)
        if ex is None:
            continue
        for name, page_rows in rows_of(page_id, ex, settings).items():
            rows[name] += page_rows
    return tables_of(rows)


def _terms_corpus_step(audit: Any, results: list, settings: Any, job: Any = None) -> None:
    terms.per_corpus(audit, results, settings, job)


def _readability_preload(settings: Any) -> None:
    from audit.readability.counts import _hyphenation, cmu_syllables, easy_words
    from audit.readability.plain import plain_words

    cmu_syllables()
    easy_words()
    _hyphenation()  # Pyphen's patterns as the compiled search's trie
    plain_words(settings.readability.plain_words)


def _terms_preload(settings: Any) -> None:
    from audit.terms.discovery import _pos_lists
    from audit.terms.glossary import _lemma_table
    from audit.terms.glossary_runs import check_glossary

    _pos_lists()
    _lemma_table()
    check_glossary(settings.terms.glossary, settings.segment.spacy_model)  # (once per run: the pages never look)


def _no_tables(pages: ChunkPages, settings: Any) -> dict:
    return {}


register(Measure(
    name=readability.KEY,
    assigns={"pages": tuple(readability.PAGE_COLUMNS), "sentences": ("rewrite_rank",),
             **{name: tuple(cols) for name, cols in readability.PAGE_TABLES.items()}},
    requires=("units", "docs", "word.lemma"),  # (new words' entries in the lemma table, read by the spaCy step)
    per_page=readability.per_page,
    chunk_tables=partial(_chunk_tables, tuple(readability.PAGE_TABLES), readability.page_table_rows,
                         readability.page_tables, readability.KEY),
    chunk_data=readability_corpus.chunk_page_rows,  # the page columns, into the store (the extras are dropped)
    chunk_rows=readability.rank_candidates,
    corpus_step=readability_corpus.per_corpus,
    summary=readability.summary,
    preload=_readability_preload,
    page_tables=tuple(readability.PAGE_TABLES),
))
register(Measure(
    name=duplication.KEY,
    assigns={"pages": tuple(duplication.PAGE_COLUMNS), "pairs": tuple(shingles.PAIR_COLUMNS),
             "passages": tuple(passages.PASSAGE_COLUMNS)},
    requires=("blocks", "units", "word.flags", "word.lemma"),  # (its column "duplication.lemma")
    per_page=duplication.per_page,
    chunk_tables=_no_tables,
    chunk_data=duplication.spill_chunk,
    corpus_jobs=duplication.CORPUS_JOBS,
    corpus_step=duplication.per_corpus,
    summary=duplication.summary,
))
register(Measure(
    name=terms.KEY,
    assigns={"pages": ("concepts_covered", "term_mentions", "concepts_<category>", "jargon_unexplained"),
             **{name: tuple(cols) for name, cols in terms.PAGE_TABLES.items()},
             "term_gaps": tuple(terms.GAP_COLUMNS), "term_overlap": tuple(term_overlap.OVERLAP_COLUMNS),
             "term_candidates": tuple(terms.CANDIDATE_COLUMNS)},
    requires=("units", "docs", "word.lemma"),  # (its columns "terms.key", "terms.word")
    per_page=terms.per_page,
    chunk_tables=partial(_chunk_tables, tuple(terms.PAGE_TABLES), terms.page_table_rows,
                         terms.page_tables, terms.KEY),
    chunk_data=terms_chunks.write_chunk,
    corpus_jobs=terms.CORPUS_JOBS,
    corpus_step=_terms_corpus_step,
    summary=terms.summary,
    preload=_terms_preload,
    page_tables=tuple(terms.PAGE_TABLES),
))


def summary(audit: Any, settings: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for measure in registered():
        out.update(measure.summary(audit, settings))
    return out
