"""readability (to be filled in by its issue)."""
from __future__ import annotations


def per_page(result, body, docs, units, settings) -> None:
    return None


def per_corpus(audit, results, settings) -> None:
    return None


def summary(audit, settings) -> dict:
    return {}
