"""What the WordNet table builders share (`build_derivations.py`, `build_clippings.py`, `build_ary_nouns.py`, …): the
licence line, the command line (`--wordnet` folder of Debian's wordnet-base, `--out`), a `data.<pos>` file's synsets
read, the short sha256 of the files a table's header names, and writing a table with the sha256 of what was read and
written."""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

NOTICE = "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved."


def arguments(doc: str, out: Path, needs: str, argv: list[str] | None = None) -> argparse.Namespace:
    """The builder's `--wordnet` and `--out`; exits with one line when the WordNet file `needs` is not there."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--out", type=Path, default=out)
    args = ap.parse_args(argv)
    if not (args.wordnet / needs).is_file():
        raise SystemExit(f"build: no WordNet at {args.wordnet} (apt-get install wordnet-base)")
    return args


def write(args: argparse.Namespace, data: bytes, read: tuple[str, ...], summary: str) -> None:
    """`data` to `args.out`, then the sha256 of the WordNet files `read` and of what was written, and `summary`."""
    args.out.write_bytes(data)
    digests = {p: hashlib.sha256((args.wordnet / p).read_bytes()).hexdigest() for p in read}
    print(json.dumps({"source": str(args.wordnet), "read": digests,
                      "written": {args.out.name: hashlib.sha256(data).hexdigest()}}, indent=1))
    print(f"{args.out.name}: {summary}; {len(data)} bytes")


def synsets(path: Path) -> dict[int, tuple[int, list[str], list[tuple[str, int, str, int, int]]]]:
    """data.<pos> -> {offset: (lexicographer file, words, [(pointer, target offset, target pos, source word no,
    target word no)])} (WordNet's wndb(5) format)."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line or line.startswith(" "):
            continue
        f = line.split(" | ")[0].split()
        n = int(f[3], 16)
        words = [f[4 + 2 * i].lower() for i in range(n)]
        k = 4 + 2 * n
        ptrs = []
        for j in range(int(f[k])):
            sym, off, pos, st = f[k + 1 + 4 * j: k + 5 + 4 * j]
            ptrs.append((sym, int(off), pos, int(st[:2], 16), int(st[2:], 16)))
        out[int(f[0])] = (int(f[1]), words, ptrs)
    return out


def file_sums(wordnet: Path, names: tuple[str, ...]) -> str:
    """"index.noun sha256 0123456789abcdef, data.noun sha256 …": the WordNet files a table's header names."""
    return ", ".join(f"{p} sha256 {hashlib.sha256((wordnet / p).read_bytes()).hexdigest()[:16]}" for p in names)
