"""A chunk's named arrays in the run's store: the one file format of every measure's per-chunk data
(`Measure.chunk_data`: readability's page columns, terms' hits and candidates, duplication's shingles and units).

    write(prefix, arrays, strings)   worker: `{prefix}.npz`, numpy's uncompressed zip of `.npy` members (no pickle)
    ChunkArrays(path)                reader: numeric arrays by name (`[name]`), string columns decoded on demand
                                     (`strings(name, rows)`, whole: `text(name)` and `offsets(name)`)

Numeric arrays are stored as given (an object array is refused). A string column is two members: `name`, the
UTF-8 bytes of its strings joined (uint8), and `name.offsets`, the character offset of each string in that text
(n + 1 int64 values): no Python object per string on disk, one decode per read, and the reader can slice a few rows
(`strings(name, rows)`) without building the others.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

SUFFIX = ".npz"
OFFSETS = ".offsets"  # a string column's second member: `<name>.offsets`


def path_of(prefix: str | Path) -> Path:
    """The file of a chunk's arrays: `{prefix}.npz` (prefix: `<store>/<chunk>.<measure>`)."""
    return Path(f"{prefix}{SUFFIX}")


def packed(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as (the UTF-8 bytes of their concatenation, the character offset of each: n + 1 values)."""
    offsets = np.zeros(len(strings) + 1, dtype=np.int64)
    if len(strings):
        np.cumsum(np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)), out=offsets[1:])
    return np.frombuffer("".join(strings).encode("utf-8"), dtype=np.uint8), offsets


def unpacked(blob: np.ndarray, offsets: np.ndarray, rows: np.ndarray | None = None) -> list[str]:
    """The strings of `packed` (those at `rows` only, in that order, when given)."""
    text = blob.tobytes().decode("utf-8")
    off = offsets.tolist()
    if rows is None:
        return [text[a:b] for a, b in zip(off[:-1], off[1:])]
    return [text[off[r]:off[r + 1]] for r in np.asarray(rows).tolist()]


def write(prefix: str | Path, arrays: Mapping[str, np.ndarray],
          strings: Mapping[str, Sequence[str]] | None = None) -> Path:
    """A chunk's numeric `arrays` and string columns (`strings`) into `{prefix}.npz`; returns its path."""
    members: dict[str, np.ndarray] = {}
    for name, values in arrays.items():
        values = np.asarray(values)
        if values.dtype.kind not in "biuf" or name.endswith(OFFSETS):
            raise TypeError(f"chunk array {name!r}: {values.dtype} is not a numeric array (strings go in `strings`)")
        members[name] = values
    for name, values in (strings or {}).items():
        if name in members:
            raise ValueError(f"chunk array {name!r} given twice")
        members[name], members[name + OFFSETS] = packed(values)
    path = path_of(prefix)
    np.savez(path, **members)
    return path


class ChunkArrays:
    """One chunk's file, open for reading (a context manager); each member is read when asked for."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._f = np.load(self.path, allow_pickle=False)
        files = set(self._f.files)
        self.string_names = tuple(n[:-len(OFFSETS)] for n in self._f.files if n.endswith(OFFSETS))
        self.array_names = tuple(n for n in self._f.files
                                 if not n.endswith(OFFSETS) and n + OFFSETS not in files)

    def __enter__(self) -> "ChunkArrays":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._f.close()

    def __getitem__(self, name: str) -> np.ndarray:
        """A numeric array."""
        if name not in self.array_names:
            raise KeyError(name)
        return self._f[name]

    def strings(self, name: str, rows: np.ndarray | None = None) -> list[str]:
        """A string column (its `rows` only, in that order, when given)."""
        return unpacked(self._f[name], self._f[name + OFFSETS], rows)

    def text(self, name: str) -> str:
        """A string column's strings joined (slice it with `offsets(name)`)."""
        return self._f[name].tobytes().decode("utf-8")

    def offsets(self, name: str) -> np.ndarray:
        """The character offsets of a string column's strings in `text(name)` (n + 1 values)."""
        return self._f[name + OFFSETS]
