"""The shipped one-word-a-line lists under `audit/data/` (WordNet's body parts, things, audiences, "-ary" nouns; the
vocabularies' lower-case words), read one way: `#` lines are the list's source and licence, a `.gz` file is
gzip-compressed, a missing file is an empty list (the rule it feeds then derives nothing)."""
from __future__ import annotations

import gzip
from pathlib import Path


def word_set(path: Path) -> frozenset[str]:
    """The lines of the list at `path`, comments and blank lines out; empty when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return frozenset()
    text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
