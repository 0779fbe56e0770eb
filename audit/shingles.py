"""Page-level similarity: hashed word shingles, exact all-pairs (small corpora) or MinHash LSH (large), exact scores.

A page is represented by the set of its body's word shingles (`shingle_size` consecutive normalised words, hashed to
63-bit ints with a process-independent hash). Two pages are compared by

- `jaccard` = |A ∩ B| / |A ∪ B|,
- `containment_a` = |A ∩ B| / |A| (share of a's shingles found in b), `containment_b` likewise,
- `exact_duplicate`: same normalised body text.

`page_pairs` finds every pair sharing at least one shingle exactly (sparse matrix product over an inverted index) when
the corpus has at most `exact_pairs_max_pages` pages; above that, MinHash LSH (datasketch, seeded) proposes candidate
pairs and each candidate is re-checked exactly, so every reported score is exact. In LSH mode only pairs with
`jaccard >= lsh_threshold` are reported (the pairs LSH is built to find).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from .segment import normalise

MASK63 = (1 << 63) - 1
LSH_INDEX_FACTOR = 0.8
PAIR_COLUMNS = ["page_a", "page_b", "jaccard", "containment_a", "containment_b", "near_duplicate", "exact_duplicate",
                "shared_shingles"]


@lru_cache(maxsize=200_000)
def stable_hash(text: str) -> int:
    """A 63-bit hash of `text` that is the same in every process and run (Python's str hash is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") & MASK63


def body_words(texts: Sequence[str]) -> list[str]:
    """The normalised words of the body blocks, in order (case, digits, punctuation folded as for template keys)."""
    words: list[str] = []
    for text in texts:
        words.extend(normalise(text).split())
    return words


def shingle_set(words: Sequence[str], size: int) -> np.ndarray:
    """Sorted unique hashed shingles of `size` words; a page shorter than `size` words is one shingle of all of them."""
    if not words:
        return np.zeros(0, dtype=np.int64)
    ids = [stable_hash(w) for w in words]
    if len(ids) < size:
        return np.array([hash(tuple(ids)) & MASK63], dtype=np.int64)
    # hash() of a tuple of ints is not salted: stable across processes and runs
    out = {hash(tuple(ids[i:i + size])) & MASK63 for i in range(len(ids) - size + 1)}
    return np.array(sorted(out), dtype=np.int64)


def body_hash(words: Sequence[str]) -> str:
    """Key of the normalised body: equal keys = exact duplicate pages."""
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest() if words else ""


@dataclass
class PageSignature:
    page_id: str
    shingles: np.ndarray  # sorted unique int64
    body_hash: str


def compare(a: PageSignature, b: PageSignature) -> dict:
    """Exact similarity of two pages (the function the pair table is made of; a page vs itself is an exact duplicate)."""
    inter = int(np.intersect1d(a.shingles, b.shingles, assume_unique=True).size)
    return _scores(inter, a.shingles.size, b.shingles.size, bool(a.body_hash) and a.body_hash == b.body_hash)


def _scores(inter: int, na: int, nb: int, exact: bool) -> dict:
    union = na + nb - inter
    return {"jaccard": inter / union if union else 0.0, "containment_a": inter / na if na else 0.0,
            "containment_b": inter / nb if nb else 0.0, "exact_duplicate": exact, "shared_shingles": inter}


def page_pairs(sigs: list[PageSignature], threshold: float = 0.9, exact_max_pages: int = 2000,
               num_perm: int = 128, seed: int = 1, lsh_threshold: float = 0.5, method: str = "auto") -> tuple[pd.DataFrame, str]:
    """The pair table (sorted by page_a, page_b) and the method used ("exact" or "lsh").

    `method`: "auto" (exact up to `exact_max_pages` pages, LSH above), "exact" or "lsh". This is the function a
    benchmark times for the pair stage.
    """
    sigs = sorted((s for s in sigs if s.shingles.size), key=lambda s: s.page_id)
    if method == "auto":
        method = "exact" if len(sigs) <= exact_max_pages else "lsh"
    if method == "exact":
        found = _exact_intersections(sigs)
    elif method == "lsh":
        found = _lsh_intersections(sigs, num_perm, seed, lsh_threshold)
    else:
        raise ValueError(f"method must be auto, exact or lsh, not {method!r}")
    rows = []
    for (i, j), inter in sorted(found.items()):
        a, b = sigs[i], sigs[j]
        s = _scores(inter, a.shingles.size, b.shingles.size, a.body_hash == b.body_hash)
        if method == "lsh" and s["jaccard"] < lsh_threshold:
            continue
        rows.append({"page_a": a.page_id, "page_b": b.page_id, "jaccard": s["jaccard"],
                     "containment_a": s["containment_a"], "containment_b": s["containment_b"],
                     "near_duplicate": s["jaccard"] >= threshold, "exact_duplicate": s["exact_duplicate"],
                     "shared_shingles": inter})
    return pd.DataFrame(rows, columns=PAIR_COLUMNS), method


def _exact_intersections(sigs: list[PageSignature]) -> dict[tuple[int, int], int]:
    """|A ∩ B| for every pair sharing a shingle: the page x shingle incidence matrix times its transpose."""
    from scipy import sparse

    if len(sigs) < 2:
        return {}
    lengths = np.array([s.shingles.size for s in sigs])
    allsh = np.concatenate([s.shingles for s in sigs])
    _, cols = np.unique(allsh, return_inverse=True)
    rows = np.repeat(np.arange(len(sigs)), lengths)
    x = sparse.csr_matrix((np.ones(len(cols), dtype=np.int32), (rows, cols)), shape=(len(sigs), int(cols.max()) + 1))
    prod = sparse.triu(x @ x.T, k=1).tocoo()
    return {(int(i), int(j)): int(v) for i, j, v in zip(prod.row, prod.col, prod.data) if v}


def _identity32(value: int) -> int:
    return value & 0xFFFFFFFF


def minhashes(sigs: list[PageSignature], num_perm: int, seed: int) -> list:
    """Seeded datasketch MinHash of each page's shingle set (deterministic: the shingles are stable hashes)."""
    from datasketch import LeanMinHash, MinHash

    out = []
    for s in sigs:
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity32)
        m.update_batch(s.shingles.tolist())
        out.append(LeanMinHash(m))
    return out


def _lsh_intersections(sigs: list[PageSignature], num_perm: int, seed: int, lsh_threshold: float) -> dict[tuple[int, int], int]:
    from datasketch import MinHashLSH

    mhs = minhashes(sigs, num_perm, seed)
    # tuned below the reporting floor and weighted for recall: at 128 permutations and a 0.5 floor (index at 0.4:
    # 42 bands x 3 rows) a pair at Jaccard 0.5 is proposed with p = 0.996, a pair at 0.05 with p = 0.005
    lsh = MinHashLSH(threshold=LSH_INDEX_FACTOR * lsh_threshold, num_perm=num_perm, weights=(0.1, 0.9))
    for i, m in enumerate(mhs):
        lsh.insert(i, m, check_duplication=False)
    found: dict[tuple[int, int], int] = {}
    for i, m in enumerate(mhs):
        for j in lsh.query(m):
            if j <= i:
                continue
            inter = int(np.intersect1d(sigs[i].shingles, sigs[j].shingles, assume_unique=True).size)
            if inter:
                found[(i, j)] = inter
    # exact duplicates always pair up, whatever LSH proposes (identical sets share every band anyway)
    by_hash: dict[str, list[int]] = {}
    for i, s in enumerate(sigs):
        by_hash.setdefault(s.body_hash, []).append(i)
    for members in by_hash.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                found.setdefault((members[x], members[y]), int(sigs[members[x]].shingles.size))
    return found
