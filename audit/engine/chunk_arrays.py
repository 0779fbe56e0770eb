"""A chunk's named arrays in the run's store: the one file format of every measure's per-chunk data
(`Measure.chunk_data`: readability's page columns, terms' hits and candidates, duplication's shingles and units).

    write(prefix, arrays, strings)   worker: `{prefix}.arrays`, one file of raw little-endian members (no pickle)
    ChunkArrays(path)                reader: numeric arrays by name (`[name]`), string columns decoded on demand
                                     (`strings(name, rows)`, whole: `text(name)` and `offsets(name)`)

Numeric arrays are stored as given (an object array is refused). A string column is two members: `name`, the
UTF-8 bytes of its strings joined (uint8), and `name.offsets`, the character offset of each string in that text
(n + 1 int64 values): no Python object per string on disk, one decode per read, and the reader can slice a few rows
(`strings(name, rows)`) without building the others.

The file: `MAGIC` (8 bytes), the header's length (8 bytes, little-endian), the header (JSON: `[name, dtype, shape,
offset]` per member, offsets from the first member's start), then the members' bytes in order, each starting on a
`ALIGN`-byte boundary of the file. A member is one `readinto` of its bytes, read when asked for (a fresh writable
array): no zip directory, CRC or `.npy` header parsed per member (numpy's `.npz` cost ~0.1-1 ms a member read, and
the corpus steps read thousands of them at 20,000 pages).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

SUFFIX = ".arrays"
OFFSETS = ".offsets"  # a string column's second member: `<name>.offsets`
MAGIC = b"\x93AUDARR1"
ALIGN = 64


def path_of(prefix: str | Path) -> Path:
    """The file of a chunk's arrays: `{prefix}.arrays` (prefix: `<store>/<chunk>.<measure>`)."""
    return Path(f"{prefix}{SUFFIX}")


def packed(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as (the UTF-8 bytes of their concatenation, the character offset of each: n + 1 values)."""
    offsets = np.zeros(len(strings) + 1, dtype=np.int64)
    if len(strings):
        np.cumsum(np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)), out=offsets[1:])
    return np.frombuffer("".join(strings).encode("utf-8"), dtype=np.uint8), offsets


def _aligned(n: int) -> int:
    return -(-n // ALIGN) * ALIGN


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
    header, at = [], 0
    for name, values in members.items():
        values = members[name] = np.ascontiguousarray(values, dtype=values.dtype.newbyteorder("<"))
        header.append([name, values.dtype.str, list(values.shape), at])
        at = _aligned(at + values.nbytes)
    head = json.dumps(header, separators=(",", ":")).encode("ascii")
    start = _aligned(16 + len(head))
    path = path_of(prefix)
    with open(path, "wb") as fh:
        fh.write(MAGIC + len(head).to_bytes(8, "little") + head + bytes(start - 16 - len(head)))
        for (name, dtype, shape, offset), values in zip(header, members.values()):
            fh.write(values.data.cast("B") if values.nbytes else b"")
            fh.write(bytes(_aligned(offset + values.nbytes) - offset - values.nbytes))
    return path


class ChunkArrays:
    """One chunk's file, open for reading (a context manager); each member is read when asked for."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._f = open(self.path, "rb")
        try:
            lead = self._f.read(16)
            if len(lead) != 16 or lead[:8] != MAGIC:
                raise ValueError(f"{self.path}: not a chunk arrays file")
            n = int.from_bytes(lead[8:], "little")
            header = json.loads(self._f.read(n))
        except BaseException:
            self._f.close()
            raise
        start = _aligned(16 + n)
        #: name -> (dtype, shape, offset in the file)
        self.members = {name: (np.dtype(dtype), tuple(shape), start + offset) for name, dtype, shape, offset in header}
        self.string_names = tuple(n[:-len(OFFSETS)] for n in self.members if n.endswith(OFFSETS))
        self.array_names = tuple(n for n in self.members if not n.endswith(OFFSETS) and n + OFFSETS not in self.members)

    def __enter__(self) -> "ChunkArrays":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._f.close()

    def _bytes(self, name: str) -> bytearray:
        dtype, shape, offset = self.members[name]
        buf = bytearray(int(np.prod(shape, dtype=np.int64)) * dtype.itemsize)
        self._f.seek(offset)
        if self._f.readinto(buf) != len(buf):
            raise ValueError(f"{self.path}: member {name!r} is cut short")
        return buf

    def _array(self, name: str) -> np.ndarray:
        dtype, shape, _ = self.members[name]
        return np.frombuffer(self._bytes(name), dtype=dtype).reshape(shape)

    def __getitem__(self, name: str) -> np.ndarray:
        """A numeric array."""
        if name not in self.array_names:
            raise KeyError(name)
        return self._array(name)

    def strings(self, name: str, rows: np.ndarray | None = None) -> list[str]:
        """A string column (its `rows` only, in that order, when given)."""
        text, off = self.text(name), self.offsets(name).tolist()
        if rows is None:
            return [text[a:b] for a, b in zip(off[:-1], off[1:])]
        return [text[off[r]:off[r + 1]] for r in np.asarray(rows).tolist()]

    def text(self, name: str) -> str:
        """A string column's strings joined (slice it with `offsets(name)`)."""
        if name not in self.string_names:
            raise KeyError(name)
        return self._bytes(name).decode("utf-8")

    def offsets(self, name: str) -> np.ndarray:
        """The character offsets of a string column's strings in `text(name)` (n + 1 values)."""
        if name not in self.string_names:
            raise KeyError(name)
        return self._array(name + OFFSETS)
