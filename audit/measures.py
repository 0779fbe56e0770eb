"""The measures run on the article body. Each measure module offers three functions:

- `per_page(result, body_blocks, docs, units, settings)`: in the worker, count what it needs once per sentence
  unit (adding columns to `units`, or results to `result.extras`);
- `per_corpus(audit, results, settings)`: in the main process, derive page columns and tables from those counts;
- `summary(audit, settings) -> dict`: figures for `summary.json`.
"""
from __future__ import annotations

from typing import Any

from . import duplication, readability, terms

MODULES = (readability, duplication, terms)


def per_page(result, body, docs, units, settings) -> None:
    for module in MODULES:
        module.per_page(result, body, docs, units, settings)


def per_corpus(audit, results, settings) -> None:
    for module in MODULES:
        module.per_corpus(audit, results, settings)


def summary(audit, settings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for module in MODULES:
        out.update(module.summary(audit, settings))
    return out
