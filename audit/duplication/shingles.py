"""Page-level similarity: hashed word shingles, exact all-pairs (small corpora) or MinHash LSH (large), exact scores.

A page is represented by the set of its body's word shingles (`shingle_size` consecutive normalised words, hashed to
63-bit ints with a process-independent hash). Two pages are compared by

- `jaccard` = |A ∩ B| / |A ∪ B|,
- `containment_a` = |A ∩ B| / |A| (share of a's shingles found in b), `containment_b` likewise,
- `exact_duplicate`: same normalised body text.

`page_pairs` finds every pair sharing at least one shingle exactly (sparse matrix product over an inverted index) when
the corpus has at most `exact_pairs_max_pages` pages; above that, MinHash LSH (datasketch's, seeded) proposes candidate
pairs, candidates whose MinHash estimate is far below the reporting floor (more than `LSH_PREFILTER_SD` standard
deviations of the estimate at `lsh_threshold`) are dropped, and the rest are re-checked exactly, so every reported
score is exact. In LSH mode only pairs with `jaccard >= lsh_threshold` are reported (the pairs LSH is built to find).
The MinHash values and the LSH buckets are those of datasketch, computed with numpy for all pages at once
(`minhash_rows`, `lsh_bands`, `lsh_candidates`; equal to datasketch's in the tests, which alone import it: its
import pulls in scipy.integrate, ~0.5 CPU-s in the pairs job); shingle hashes are Python's tuple hash, computed by a
compiled loop (`page_shingles`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from audit.duplication._hashing import WordHashes, blake2b_63, blake2b_64s, blake2b_joined
from audit.ingest.segment import normalise

MASK63 = (1 << 63) - 1
LSH_INDEX_FACTOR = 0.8
LSH_PREFILTER_SD = 4.5
RECHECK_BATCH = 20_000  # candidate pairs re-checked exactly at a time (their pages' shingles read per batch)
PAIR_COLUMNS = ["page_a", "page_b", "jaccard", "containment_a", "containment_b", "near_duplicate", "exact_duplicate",
                "shared_shingles"]


_HASHES: dict[str, int] = {}  # stable_hash's cache: str -> int (a dict the garbage collector never tracks; an
# lru_cache with a size bound keeps one tracked list per entry)
HASHES_MAX = 200_000


def stable_hash(text: str) -> int:
    """A 63-bit hash of `text` that is the same in every process and run (Python's str hash is salted): the first 8
    bytes of its UTF-8 blake2b digest, little-endian, masked to 63 bits (`_hashing.blake2b_63`); cached."""
    h = _HASHES.get(text)
    if h is None:
        if len(_HASHES) >= HASHES_MAX:
            _HASHES.clear()
        h = _HASHES[text] = blake2b_63(text)  # (hashlib's blake2b, 8 bytes, little-endian, in C: no digest object)
    return h


def _ascii_table() -> bytes:
    """`normalise` of one ASCII character between two letters, as a `bytes.translate` table (separators -> space)."""
    out = bytearray(range(256))
    for c in range(128):
        probe = normalise(f"a{chr(c)}a")
        out[c] = ord(probe[1]) if len(probe) == 3 else 32
    return bytes(out)


_ASCII = _ascii_table()


def norm_text(text: str) -> str:
    """`normalise(text)`, the same string (ASCII text, which `normalise` folds one character at a time: one table
    lookup, `_ASCII`)."""
    if text.isascii():
        return " ".join(text.encode("ascii").translate(_ASCII).decode("ascii").split())
    return normalise(text)


def norm_slices(text: str, bounds: Sequence[tuple[int, int]]) -> list[str]:
    """`[norm_text(text[s:e]) for s, e in bounds]`; an ASCII `text` is translated once (the table maps one character
    to one character, so a slice of the translation is the translation of the slice)."""
    if text.isascii():
        tr = text.encode("ascii").translate(_ASCII).decode("ascii")
        return [" ".join(tr[s:e].split()) for s, e in bounds]
    return [norm_text(text[s:e]) for s, e in bounds]


def norm_hashes(text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """`blake2b_64s(norm_slices(text, zip(starts, ends)))`: the 64-bit hash of each slice's normalised text; an ASCII
    `text` translated once and each slice's words hashed by a compiled loop (`_hashing.blake2b_joined`: no string
    per slice)."""
    if text.isascii():
        return blake2b_joined(text.encode("ascii").translate(_ASCII), np.ascontiguousarray(starts, dtype=np.int64),
                              np.ascontiguousarray(ends, dtype=np.int64))
    return blake2b_64s(norm_slices(text, list(zip(np.asarray(starts).tolist(), np.asarray(ends).tolist()))))


def norm_bytes(texts: Sequence[str]) -> bytes:
    """The page's body block texts normalised at once as UTF-8 bytes, whose words (split at whitespace) are the
    words of `normalise("\n".join(texts))`: the texts joined by a line break (whitespace: no word spans two blocks;
    `normalise` folds one character at a time, and NFKC composes nothing with a line break). ASCII text: one table
    lookup per character (`_ASCII`; the runs of spaces are left in)."""
    text = "\n".join(texts)
    if text.isascii():
        return text.encode("ascii").translate(_ASCII)
    return normalise(text).encode("utf-8")


_WORDS = WordHashes(HASHES_MAX)  # word bytes -> stable hash, in C arrays (`page_shingles`)


def page_shingles(texts: Sequence[str], size: int) -> tuple[np.ndarray, str]:
    """(shingles, body hash) of a page's body block texts. Its words: `normalise("\n".join(texts)).split()` (case,
    digits, punctuation folded as for template keys); shingles: the sorted unique `hash(tuple(stable_hash(w) for w in
    window)) & MASK63` of every window of `size` words (one window of all the words when there are fewer); body
    hash: the key of the normalised body (equal keys = exact duplicate pages), `hashlib.blake2b(" ".join(words)
    .encode("utf-8"), digest_size=8).hexdigest()`, "" for no words. Compiled: the words are split, and hashed by
    `_hashing.WordHashes` from their bytes (no Python string per word; a word's blake2b once per process)."""
    shingles, digest = _WORDS.page(norm_bytes(texts), size)
    return shingles, (digest.to_bytes(8, "little").hex() if len(shingles) else "")


def unique_ints(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)` of a 1-D int array by sorting (numpy's hash-based unique is much slower on many values)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def unique_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(`unique_ints(values)`, each value's position in it, int64) = `np.unique(values, return_inverse=True)`: the
    values numbered by hashing (`pd.factorize`), then only the distinct ones sorted (no sort or binary search of all
    the values)."""
    codes, uniq = pd.factorize(values)
    order = np.argsort(uniq)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[order] = np.arange(len(uniq))
    return uniq[order], rank[codes]


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
    return pair_table([s.page_id for s in sigs], np.array([s.shingles.size for s in sigs], dtype=np.int64),
                      [s.body_hash for s in sigs], found, method, threshold, lsh_threshold, all_pairs_max_pages)


def pair_table(ids: list[str], sizes: np.ndarray, body_hashes: list[str], found, method: str, threshold: float,
               lsh_threshold: float, all_pairs_max_pages: int) -> tuple[pd.DataFrame, str]:
    """The pair table of pages `ids` (sorted, non-empty shingle sets of `sizes`) from the intersections `found`
    ({(i, j): |A ∩ B|} or (i, j, |A ∩ B|) arrays sorted by (i, j))."""
    if isinstance(found, dict):
        ij = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
        found = (ij[:, 0], ij[:, 1], np.array([found[k] for k in zip(ij[:, 0].tolist(), ij[:, 1].tolist())],
                                              dtype=np.int64))
    i, j, inter = found
    if not len(i):
        return pd.DataFrame([], columns=PAIR_COLUMNS), method
    # vectorised rows (same values as `_scores` pair by pair), sorted by (i, j) = (page_a, page_b)
    sizes = np.asarray(sizes, dtype=np.int64)
    na, nb = sizes[i], sizes[j]
    union = na + nb - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        ca = np.where(na > 0, inter / np.maximum(na, 1), 0.0)
        cb = np.where(nb > 0, inter / np.maximum(nb, 1), 0.0)
    hashes = np.array(body_hashes, dtype=object)
    exact = hashes[i] == hashes[j]
    if method == "lsh" or len(ids) > all_pairs_max_pages:
        keep = jac >= lsh_threshold
        i, j, inter, jac, ca, cb, exact = i[keep], j[keep], inter[keep], jac[keep], ca[keep], cb[keep], exact[keep]
    ids = np.array(ids, dtype=object)
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
    lengths = np.array([s.shingles.size for s in sigs], dtype=np.int64)
    cols, uniq = pd.factorize(np.concatenate([s.shingles for s in sigs]))  # shingle -> column (hashing, no sort)
    x = sparse.csr_matrix((np.ones(len(cols), dtype=np.int32), cols, np.r_[0, np.cumsum(lengths)]),
                          shape=(len(sigs), len(uniq)))
    prod = sparse.triu(x @ x.T, k=1).tocoo()
    keep = prod.data != 0
    i, j, v = prod.row[keep].astype(np.int64), prod.col[keep].astype(np.int64), prod.data[keep].astype(np.int64)
    order = np.lexsort((j, i))
    return i[order], j[order], v[order]


def minhash_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) uint32 arrays of datasketch's MinHash with `seed` (its default scheme, "affine32", since 2.0: a
    value h becomes a * h + b modulo 2^32, a odd), drawn as datasketch draws them (`MinHash._init_permutations`):
    `np.random.RandomState(seed)`, then `a = 2 * randint(0, 2^31, num_perm) + 1`, then `b = randint(0, 2^32,
    num_perm)`. Equal to datasketch's (tests/test_duplication.py); datasketch itself is not imported."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


# MurmurHash3's finalizer (Austin Appleby, MurmurHash3.cpp: fmix32): shifts and multipliers
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def murmur3_fmix(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer on a uint32 array (products wrap modulo 2^32): the premix datasketch's affine
    scheme applies to each hash value."""
    s1, m1, s2, m2, s3 = (np.uint32(x) for x in _FMIX32)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def minhash_values(sigs: list[PageSignature], num_perm: int, seed: int, batch_values: int = 8_000) -> np.ndarray:
    """The MinHash values of the pages' shingle sets, one row per page (`minhash_rows`; an empty set's row is all
    2^32 - 1, as datasketch's)."""
    out = np.full((len(sigs), num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    sizes = np.array([s.shingles.size for s in sigs], dtype=np.int64)
    some = np.flatnonzero(sizes)
    if len(some):
        out[some] = minhash_rows(np.concatenate([sigs[k].shingles for k in some.tolist()]), np.cumsum(sizes[some]),
                                 num_perm, seed, batch_values)
    return out


def minhash_rows(shingles: np.ndarray, ends: np.ndarray, num_perm: int, seed: int,
                 batch_values: int = 8_000) -> np.ndarray:
    """The MinHash values (uint32) of the pages whose shingle sets are `shingles[ends[k - 1]:ends[k]]` (each
    non-empty), one row per page, computed with numpy for many pages at once, read from the one array (no array
    per page): datasketch's `MinHash(num_perm, seed, hashfunc=lambda h: h & 0xFFFFFFFF)` of each set, i.e. for each
    permutation (a, b) of `minhash_permutations` the least `a * fmix32(h & 0xFFFFFFFF) + b` (modulo 2^32) over the
    set (equal to datasketch's on real pages: tests/test_duplication.py)."""
    ends = np.asarray(ends, dtype=np.int64)
    starts = np.r_[0, ends[:-1]]
    if not len(ends):
        return np.zeros((0, num_perm), dtype=np.uint32)
    a, b = (np.ascontiguousarray(x[:, None]) for x in minhash_permutations(num_perm, seed))
    out = np.empty((len(ends), num_perm), dtype=np.uint32)
    buf = np.empty((num_perm, batch_values), dtype=np.uint32)  # permutations x values, reused (no page faults)
    start = 0
    while start < len(ends):  # pages in batches of about `batch_values` shingles (at least one page)
        lo = int(starts[start])
        stop = max(int(np.searchsorted(ends, lo + batch_values, side="right")), start + 1)
        n = int(ends[stop - 1]) - lo
        values = shingles[lo:lo + n] & 0xFFFFFFFF  # (the low 32 bits: datasketch's 32-bit hash values)
        hv = murmur3_fmix(values.astype(np.uint32))
        phv = buf[:, :n] if n <= batch_values else np.empty((num_perm, n), dtype=np.uint32)
        np.multiply(a, hv, out=phv)
        phv += b
        out[start:stop] = np.minimum.reduceat(phv, starts[start:stop] - lo, axis=1).T
        start = stop
    return out


def lsh_bands(threshold: float, num_perm: int, weights: tuple[float, float] = (0.1, 0.9)) -> list[tuple[int, int]]:
    """The bands (start, end) of datasketch's `MinHashLSH(threshold, num_perm, weights).hashranges`: b bands of r
    rows, (b, r) minimising fp_weight * P(false positive) + fn_weight * P(false negative) with b * r <= num_perm,
    first minimum in datasketch's order (b, then r ascending), where P(fp) = integral over [0, threshold] of
    1 - (1 - s^r)^b and P(fn) = integral over [threshold, 1] of (1 - s^r)^b (`lsh._optimal_param`). The integrands
    are polynomials of degree r * b <= num_perm: Gauss-Legendre with num_perm / 2 + 1 nodes integrates them exactly
    (datasketch calls scipy's adaptive `quad`; the same choice, tests/test_duplication.py)."""
    fp_weight, fn_weight = weights
    nodes, node_weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    low = (nodes + 1) * (threshold / 2)  # the nodes on [0, threshold] and on [threshold, 1]
    high = threshold + (nodes + 1) * ((1 - threshold) / 2)
    best, found = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        r = np.arange(1, num_perm // b + 1, dtype=np.float64)[:, None]
        fp = (1 - (1 - low ** r) ** b) @ node_weights * (threshold / 2)
        fn = ((1 - high ** r) ** b) @ node_weights * ((1 - threshold) / 2)
        error = fp * fp_weight + fn * fn_weight
        k = int(np.argmin(error))
        if error[k] < best:
            best, found = float(error[k]), (b, k + 1)
    b, r = found
    return [(i * r, (i + 1) * r) for i in range(b)]


def band_buckets(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(order, starts) of the rows of `band` (uint32 MinHash values, one row per page): `order` = `np.lexsort(
    band.T[::-1])` (equal bands together, rows in page order: stable), `starts` = the positions in `order` where a
    new band value begins. Two adjacent columns are sorted as one uint64 key (`(a << 32) | b` orders as (a, b)), half
    the keys of a lexsort by column (a band of 3 rows: 2 keys; the same order)."""
    keys = []
    for c in range(0, band.shape[1], 2):
        key = band[:, c].astype(np.uint64)
        if c + 1 < band.shape[1]:
            key <<= np.uint64(32)
            key |= band[:, c + 1]
        keys.append(key)
    if not keys:
        return np.arange(len(band)), np.zeros(min(len(band), 1), dtype=np.int64)
    order = np.argsort(keys[0], kind="stable") if len(keys) == 1 else np.lexsort(keys[::-1])
    new = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        sk = keys[0][order]
        np.not_equal(sk[1:], sk[:-1], out=new[1:])
        for key in keys[1:]:
            sk = key[order]
            new[1:] |= sk[1:] != sk[:-1]
    return order, np.flatnonzero(new)


def lsh_band_pairs(hv: np.ndarray, bands: list[tuple[int, int]], limit: int = 1 << 20):
    """The pairs (i < j) of rows of `hv` equal on all columns of a band, band by band, in batches of at most about
    `limit` pairs (arrays `i`, `j`): `lsh_candidates` without materialising them all (a pair equal on several bands
    comes once per band). Their number grows with the square of the pages: batches keep the memory bounded."""
    for start, end in bands:
        order, starts = band_buckets(hv[:, start:end])
        sizes = np.diff(np.r_[starts, len(order)])
        for size in unique_ints(sizes[sizes > 1]).tolist():
            firsts = starts[sizes == size]
            n_pairs = size * (size - 1) // 2
            if n_pairs <= limit:
                x, y = np.triu_indices(size, k=1)
                per = max(1, limit // n_pairs)
                for s in range(0, len(firsts), per):
                    rows = order[firsts[s:s + per][:, None] + np.arange(size)]
                    yield rows[:, x].ravel(), rows[:, y].ravel()
                continue
            block = max(1, limit // (size - 1))  # a bucket too big for one batch: its rows a block at a time
            for f in firsts.tolist():
                members = order[f:f + size]
                for k0 in range(0, size - 1, block):
                    ks = np.arange(k0, min(k0 + block, size - 1))
                    counts = size - 1 - ks
                    a = np.repeat(ks, counts)
                    first = np.repeat(np.cumsum(counts) - counts, counts)
                    b = a + 1 + (np.arange(len(a)) - first)
                    yield members[a], members[b]


def lsh_candidates(hv: np.ndarray, bands: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j, sorted, unique) of rows of `hv` equal on all columns of at least one band: what datasketch's
    MinHashLSH query proposes (its buckets are the bytes of a band)."""
    n = np.int64(len(hv))
    codes = []
    for start, end in bands:
        order, starts = band_buckets(hv[:, start:end])
        sizes = np.diff(np.r_[starts, len(order)])
        for size in unique_ints(sizes[sizes > 1]).tolist():
            x, y = np.triu_indices(size, k=1)
            rows = order[starts[sizes == size][:, None] + np.arange(size)]
            codes.append((rows[:, x] * n + rows[:, y]).ravel())
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    uniq = unique_ints(np.concatenate(codes))
    return uniq // n, uniq % n


def _lsh_intersections(sigs: list[PageSignature], num_perm: int, seed: int, lsh_threshold: float) -> dict[tuple[int, int], int]:
    hv = minhash_values(sigs, num_perm, seed)
    return lsh_intersections(hv, lambda pairs: [(sigs[i].shingles, sigs[j].shingles) for i, j in pairs],
                             [s.body_hash for s in sigs], [s.shingles.size for s in sigs], num_perm, lsh_threshold)


def lsh_intersections(hv: np.ndarray, shingles_of, body_hashes: list[str], sizes, num_perm: int,
                      lsh_threshold: float) -> dict[tuple[int, int], int]:
    """{(i, j): |A ∩ B|} of the pages (rows of the MinHash values `hv`) that LSH proposes and the MinHash estimate
    keeps, plus every pair of exact duplicates (same body hash). `shingles_of(pairs)`: the two shingle arrays of each
    pair (i, j) of the list, in order (a streamed job reads only the pages involved)."""
    # tuned below the reporting floor and weighted for recall: at 128 permutations and a 0.5 floor (index at 0.4:
    # 42 bands x 3 rows) a pair at Jaccard 0.5 is proposed with p = 0.996, a pair at 0.05 with p = 0.005
    # the index's bands, banded with numpy (no index is filled), pairs in bounded batches (their number grows with
    # the square of the pages); each batch is pre-filtered on the MinHash estimate (vectorised): a pair at Jaccard
    # >= lsh_threshold estimates more than LSH_PREFILTER_SD standard deviations lower with negligible probability
    # (128 permutations at 0.5: sd 0.044, floor 0.30); the survivors are re-checked exactly, so every reported score
    # is exact
    found: dict[tuple[int, int], int] = {}
    t = lsh_threshold
    floor = t - LSH_PREFILTER_SD * (t * (1 - t) / num_perm) ** 0.5
    low = (hv & 0xFF).astype(np.uint8)  # equal values have equal low bytes: an upper bound, 4x less to read
    n = np.int64(len(hv))
    kept = []
    for ci, cj in lsh_band_pairs(hv, lsh_bands(LSH_INDEX_FACTOR * lsh_threshold, num_perm, (0.1, 0.9))):
        for start in range(0, len(ci), 50_000):
            a, b = ci[start:start + 50_000], cj[start:start + 50_000]
            maybe = np.flatnonzero((low[a] == low[b]).sum(axis=1) / num_perm >= floor)
            if len(maybe):
                a, b = a[maybe], b[maybe]
                ok = (hv[a] == hv[b]).mean(axis=1) >= floor
                kept.append(a[ok].astype(np.int64) * n + b[ok])
    if kept:
        uniq = unique_ints(np.concatenate(kept))  # (i, j) sorted, once each
        del kept
        for start in range(0, len(uniq), RECHECK_BATCH):  # the shingles of a batch's pages only (memory)
            batch = uniq[start:start + RECHECK_BATCH]
            pairs = list(zip((batch // n).tolist(), (batch % n).tolist()))
            for (i, j), (a, b) in zip(pairs, shingles_of(pairs)):
                inter = int(np.intersect1d(a, b, assume_unique=True).size)
                if inter:
                    found[(i, j)] = inter
    # exact duplicates always pair up, whatever LSH proposes (identical sets share every band anyway)
    by_hash: dict[str, list[int]] = {}
    for i, h in enumerate(body_hashes):
        by_hash.setdefault(h, []).append(i)
    for members in by_hash.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                found.setdefault((members[x], members[y]), int(sizes[members[x]]))
    return found
