"""A chunk's named arrays in the run's store: the one file format of every measure's per-chunk data
(`Measure.chunk_data`: readability's page columns, terms' hits and candidates, duplication's shingles and units).

    write(prefix, arrays, strings)   worker: `{prefix}.arrays`, the members' raw bytes after a JSON header (no pickle)
    ChunkArrays(path)                reader: numeric arrays by name (`[name]`), string columns decoded on demand
                                     (`strings(name, rows)`, whole: `text(name)` and `offsets(name)`)

Numeric arrays are stored as given (an object array is refused). A string column is two members: `name`, the
UTF-8 bytes of its strings joined (uint8), and `name.offsets`, the character offset of each string in that text
(n + 1 int64 values): no Python object per string on disk, one decode per read, and the reader can slice a few rows
(`strings(name, rows)`) without building the others.

The file (a working file of the run, removed when the output is written): the length of the header (8 bytes,
little-endian), the header (UTF-8 JSON: `[name, dtype, shape, offset]` per member, `dtype` as numpy spells it,
e.g. "<i8"), then each member's bytes in C order at its offset (from the start of the file, a multiple of 64).
One write per member and no zip entry, CRC or `.npy` header per member: numpy's `savez` cost ~7x more per file
(~1.2 ms for 40 small members), `np.load` of an `.npz` member ~60 µs.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

SUFFIX = ".arrays"
ALIGN = 64  # each member starts at a multiple of this many bytes
OFFSETS = ".offsets"  # a string column's second member: `<name>.offsets`


def path_of(prefix: str | Path) -> Path:
    """The file of a chunk's arrays: `{prefix}.arrays` (prefix: `<store>/<chunk>.<measure>`)."""
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
    """A chunk's numeric `arrays` and string columns (`strings`) into `{prefix}.arrays`; returns its path."""
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
    entries, offset = [], 0
    for name, values in members.items():
        if not values.flags.c_contiguous:
            members[name] = values = np.ascontiguousarray(values)
        entries.append([name, values.dtype.str, list(values.shape), offset])
        offset += -(-values.nbytes // ALIGN) * ALIGN
    head = json.dumps(entries, separators=(",", ":")).encode("utf-8")
    start = -(-(8 + len(head)) // ALIGN) * ALIGN
    with open(path, "wb") as fh:
        fh.write(len(head).to_bytes(8, "little") + head + bytes(start - 8 - len(head)))
        for (name, _, _, at), values in zip(entries, members.values()):
            pad = at + start - fh.tell()
            if pad:
                fh.write(bytes(pad))
            fh.write(memoryview(values).cast("B") if values.nbytes else b"")
    return path


class ChunkArrays:
    """One chunk's file, open for reading (a context manager); each member is read when asked for."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fh = open(self.path, "rb")
        try:
            n = int.from_bytes(self._fh.read(8), "little")
            entries = json.loads(self._fh.read(n).decode("utf-8"))
        except BaseException:
            self._fh.close()
            raise
        self._start = -(-(8 + n) // ALIGN) * ALIGN
        self._members = {name: (np.dtype(dtype), tuple(shape), at) for name, dtype, shape, at in entries}
        names = list(self._members)
        self.dtypes = {name: m[0] for name, m in self._members.items()}  # every member's dtype (numbers only)
        self.string_names = tuple(n[:-len(OFFSETS)] for n in names if n.endswith(OFFSETS))
        self.array_names = tuple(n for n in names if not n.endswith(OFFSETS) and n + OFFSETS not in self._members)

    def __enter__(self) -> "ChunkArrays":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._fh.close()

    def _read(self, name: str) -> np.ndarray:
        dtype, shape, at = self._members[name]
        self._fh.seek(self._start + at)
        count = int(np.prod(shape, dtype=np.int64))
        return np.fromfile(self._fh, dtype=dtype, count=count).reshape(shape)

    def __getitem__(self, name: str) -> np.ndarray:
        """A numeric array."""
        if name not in self.array_names:
            raise KeyError(name)
        return self._read(name)

    def strings(self, name: str, rows: np.ndarray | None = None) -> list[str]:
        """A string column (its `rows` only, in that order, when given)."""
        return unpacked(self._read(name), self._read(name + OFFSETS), rows)

    def text(self, name: str) -> str:
        """A string column's strings joined (slice it with `offsets(name)`)."""
        return self._read(name).tobytes().decode("utf-8")

    def offsets(self, name: str) -> np.ndarray:
        """The character offsets of a string column's strings in `text(name)` (n + 1 values)."""
        return self._read(name + OFFSETS)
