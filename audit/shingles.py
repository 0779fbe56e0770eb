"""Page-level similarity: hashed word shingles, exact all-pairs (small corpora) or MinHash LSH (large), exact scores.

A page is represented by the set of its body's word shingles (`shingle_size` consecutive normalised words, hashed to
63-bit ints with a process-independent hash). Two pages are compared by

- `jaccard` = |A ∩ B| / |A ∪ B|,
- `containment_a` = |A ∩ B| / |A| (share of a's shingles found in b), `containment_b` likewise,
- `exact_duplicate`: same normalised body text.

`page_pairs` finds every pair sharing at least one shingle exactly (sparse matrix product over an inverted index) when
the corpus has at most `exact_pairs_max_pages` pages; above that, MinHash LSH (datasketch, seeded) proposes candidate
pairs, candidates whose MinHash estimate is far below the reporting floor (more than `LSH_PREFILTER_SD` standard
deviations of the estimate at `lsh_threshold`) are dropped, and the rest are re-checked exactly, so every reported
score is exact. In LSH mode only pairs with `jaccard >= lsh_threshold` are reported (the pairs LSH is built to find).
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
LSH_PREFILTER_SD = 4.5
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
               num_perm: int = 128, seed: int = 1, lsh_threshold: float = 0.5, method: str = "auto",
               all_pairs_max_pages: int = 100) -> tuple[pd.DataFrame, str]:
    """The pair table (sorted by page_a, page_b) and the method used ("exact" or "lsh").

    `method`: "auto" (exact up to `exact_max_pages` pages, LSH above), "exact" or "lsh". Up to
    `all_pairs_max_pages` pages every pair sharing a shingle is a row; above, only pairs from `lsh_threshold` up (pages
    on one topic share a few 3-word shingles: all pairs of 1,000 pages would be 500,000 rows). This is the function a
    benchmark times for the pair stage.
    """
    sigs = sorted((s for s in sigs if s.shingles.size), key=lambda s: s.page_id)
    if method == "auto":
        method = "exact" if len(sigs) <= exact_max_pages else "lsh"
    if method == "exact":
        found = _exact_intersection_arrays(sigs)
    elif method == "lsh":
        found = _lsh_intersections(sigs, num_perm, seed, lsh_threshold)
    else:
        raise ValueError(f"method must be auto, exact or lsh, not {method!r}")
    if isinstance(found, dict):
        ij = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
        found = (ij[:, 0], ij[:, 1], np.array([found[k] for k in zip(ij[:, 0].tolist(), ij[:, 1].tolist())],
                                              dtype=np.int64))
    i, j, inter = found
    if not len(i):
        return pd.DataFrame([], columns=PAIR_COLUMNS), method
    # vectorised rows (same values as `_scores` pair by pair), sorted by (i, j) = (page_a, page_b)
    sizes = np.array([s.shingles.size for s in sigs], dtype=np.int64)
    na, nb = sizes[i], sizes[j]
    union = na + nb - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        ca = np.where(na > 0, inter / np.maximum(na, 1), 0.0)
        cb = np.where(nb > 0, inter / np.maximum(nb, 1), 0.0)
    hashes = np.array([s.body_hash for s in sigs], dtype=object)
    exact = hashes[i] == hashes[j]
    if method == "lsh" or len(sigs) > all_pairs_max_pages:
        keep = jac >= lsh_threshold
        i, j, inter, jac, ca, cb, exact = i[keep], j[keep], inter[keep], jac[keep], ca[keep], cb[keep], exact[keep]
    ids = np.array([s.page_id for s in sigs], dtype=object)
    table = pd.DataFrame({"page_a": ids[i], "page_b": ids[j], "jaccard": jac, "containment_a": ca,
                          "containment_b": cb, "near_duplicate": jac >= threshold,
                          "exact_duplicate": exact.astype(bool), "shared_shingles": inter}, columns=PAIR_COLUMNS)
    if table.empty:
        return pd.DataFrame([], columns=PAIR_COLUMNS), method
    return table, method


def _exact_intersections(sigs: list[PageSignature]) -> dict[tuple[int, int], int]:
    """|A ∩ B| for every pair sharing a shingle, as {(i, j): count} (i < j)."""
    i, j, inter = _exact_intersection_arrays(sigs)
    return dict(zip(zip(i.tolist(), j.tolist()), inter.tolist()))


def _exact_intersection_arrays(sigs: list[PageSignature]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, |A ∩ B|) sorted by (i, j), i < j, for every pair sharing a shingle: the page x shingle incidence matrix
    times its transpose."""
    from scipy import sparse

    empty = np.zeros(0, dtype=np.int64)
    if len(sigs) < 2:
        return empty, empty, empty
    lengths = np.array([s.shingles.size for s in sigs])
    allsh = np.concatenate([s.shingles for s in sigs])
    _, cols = np.unique(allsh, return_inverse=True)
    rows = np.repeat(np.arange(len(sigs)), lengths)
    x = sparse.csr_matrix((np.ones(len(cols), dtype=np.int32), (rows, cols)), shape=(len(sigs), int(cols.max()) + 1))
    prod = sparse.triu(x @ x.T, k=1).tocoo()
    keep = prod.data != 0
    i, j, v = prod.row[keep].astype(np.int64), prod.col[keep].astype(np.int64), prod.data[keep].astype(np.int64)
    order = np.lexsort((j, i))
    return i[order], j[order], v[order]


def _identity32(value: int) -> int:
    return value & 0xFFFFFFFF


def minhashes(sigs: list[PageSignature], num_perm: int, seed: int) -> list:
    """Seeded datasketch MinHash of each page's shingle set (deterministic: the shingles are stable hashes)."""
    from datasketch import LeanMinHash, MinHash

    out = []
    first = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity32)  # permutations: the same for every page
    perms, scheme = first.permutations, first.scheme
    for s in sigs:
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity32, permutations=perms, scheme=scheme)
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
    cand_i, cand_j = [], []
    for i, m in enumerate(mhs):
        js = [j for j in lsh.query(m) if j > i]
        cand_i.extend([i] * len(js))
        cand_j.extend(js)
    del lsh
    found: dict[tuple[int, int], int] = {}
    if cand_i:
        # MinHash estimate first (vectorised): a pair at Jaccard >= lsh_threshold estimates more than
        # LSH_PREFILTER_SD standard deviations lower with negligible probability (128 permutations at 0.5: sd 0.044,
        # floor 0.30); the survivors are re-checked exactly, so every reported score is exact
        t = lsh_threshold
        floor = t - LSH_PREFILTER_SD * (t * (1 - t) / num_perm) ** 0.5
        hv = np.vstack([m.hashvalues for m in mhs])
        ci, cj = np.array(cand_i, dtype=np.int64), np.array(cand_j, dtype=np.int64)
        keep = np.zeros(len(ci), dtype=bool)
        for start in range(0, len(ci), 50_000):
            a, b = ci[start:start + 50_000], cj[start:start + 50_000]
            keep[start:start + 50_000] = (hv[a] == hv[b]).mean(axis=1) >= floor
        for i, j in zip(ci[keep].tolist(), cj[keep].tolist()):
            inter = int(np.intersect1d(sigs[i].shingles, sigs[j].shingles, assume_unique=True).size)
            if inter:
                found[(i, j)] = inter
    del mhs
    # exact duplicates always pair up, whatever LSH proposes (identical sets share every band anyway)
    by_hash: dict[str, list[int]] = {}
    for i, s in enumerate(sigs):
        by_hash.setdefault(s.body_hash, []).append(i)
    for members in by_hash.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                found.setdefault((members[x], members[y]), int(sigs[members[x]].shingles.size))
    return found
