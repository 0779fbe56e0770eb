"""Which compiled glossary a run's pages use (split from `audit.terms.glossary` at stop 39): the file of `[terms]
glossary` compiled once per content (`compiled_glossary`: path + sha256, cached per process; an unchanged file is a
`stat`, not a read), checked once at a run's start (`check_glossary`) and then read by every page of the run without
a look at the file (`run_glossary`)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from audit.terms.glossary import CompiledGlossary
from audit.terms.glossary_file import MAX_GLOSSARY_BYTES, glossary_path, load_glossary

_COMPILED: dict[tuple[str, str, str], CompiledGlossary] = {}
_DIGESTS: dict[tuple[str, int, int], str] = {}
# (setting, model) -> (file stamp, cg, absolute path) of the last call, for an absolute path only
_LAST: dict[tuple[str, str], tuple[tuple[int, int], CompiledGlossary, str]] = {}


def _digest(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return ""
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _DIGESTS:
        from audit.safe import InputFileError, read_capped

        try:  # (regular files only, capped: load_glossary then says what is wrong with any other)
            _DIGESTS[key] = hashlib.sha256(read_capped(path, MAX_GLOSSARY_BYTES, "glossary file")).hexdigest()
        except InputFileError:
            return ""
    return _DIGESTS[key]


def compiled_glossary(setting: str, model: str = "") -> CompiledGlossary:
    """The glossary of `[terms] glossary` compiled for the pipeline of `model`; cached per process by path + hash."""
    last = _LAST.get((setting, model))
    if last is not None:  # the same file as on the last call? (a stat, without building a Path: once per page)
        try:
            st = os.stat(last[2])
        except OSError:
            st = None
        if st is not None and (st.st_mtime_ns, st.st_size) == last[0]:
            return last[1]
    from audit.nlp import load_nlp

    path = glossary_path(setting)
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size) if path.is_absolute() else None
    except OSError:
        stamp = None
    digest = _digest(path)
    key = (str(path.resolve()) if path.exists() else str(path), digest, model)
    cached = _COMPILED.get(key)
    if cached is None:
        cached = _COMPILED[key] = CompiledGlossary(load_glossary(path), load_nlp(model))
    if stamp is not None:
        _LAST[(setting, model)] = (stamp, cached, str(path))
    return cached


# (setting, model) -> the glossary the current run checked at its start (`check_glossary`)
_RUN: dict[tuple[str, str], CompiledGlossary] = {}


def check_glossary(setting: str, model: str = "") -> CompiledGlossary:
    """The run's glossary, checked once at the run's start (the terms measure's preload: in the main process before
    the analyse workers fork, which inherit it; in a one-process run before its first page): the file's path, size
    and mtime looked at (`compiled_glossary`: compiled again only if it changed), and kept for the run's pages
    (`run_glossary`), which never look at the file. A `Settings` reused across runs still sees an edited glossary:
    each run checks it."""
    _RUN.pop((setting, model), None)  # (a glossary that fails to load is not the run's: each page then says why)
    cg = _RUN[(setting, model)] = compiled_glossary(setting, model)
    return cg


def run_glossary(setting: str, model: str = "") -> CompiledGlossary:
    """The glossary for a page (`terms.measure.per_page`, `page_table_rows`): the one the run checked at its start
    (`check_glossary`), without a look at the file; in a process the run's start did not reach (a Dask worker, a page
    analysed outside a run) `compiled_glossary`, which looks at the file on every call."""
    cg = _RUN.get((setting, model))
    return cg if cg is not None else compiled_glossary(setting, model)
