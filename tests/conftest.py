"""Shared fixtures: the project root, the seed corpus and one audit of it (computed once per test session)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = Path(__file__).resolve().parent / "fixtures" / "seeds-gold.json"
SEED_IDS = ("000_d90088967b95a8cd", "001_6eaccdd1c394f88b", "002_e5de504b53d9a51c")


def generated_site(out: Path, pages: int, seed: int) -> Path:
    """A seeded site corpus from the benchmarks' generator (`benchmarks/generate.py`), 150-400 words a page."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate.generate(out, pages=pages, seed=seed, words_min=150, words_max=400)
    return out


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_audit():
    import audit

    return audit.run(CORPUS)
