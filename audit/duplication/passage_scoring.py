"""Scoring candidate pairs of distinct texts (see `passages`, step 3): `score_pair` is the reference for one pair,
`score_candidates` its vectorised form over all candidates (sparse row products), with the same kinds and scores."""
from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd

from audit.duplication._hashing import WordHashes
from audit.duplication.passage_texts import NEGATIONS, Distinct, Texts, segments
from audit.duplication.shingles import unique_ints

KINDS = ("exact", "near_verbatim", "reformatted_list", "paraphrase")


KIND_CODES = {k: c for c, k in enumerate(KINDS)}
EXACT, NEAR_VERBATIM, REFORMATTED_LIST, PARAPHRASE = range(4)
_MARGIN = 1e-9  # vectorised paraphrase sums may differ from score_pair's in the last bits: closer calls are re-checked


def score_pair(a: Distinct, b: Distinct, idf: dict[int, float], settings) -> tuple[str, float] | None:
    """(kind, score) when the two distinct texts are a shared passage, else None (the reference for the vectorised
    `score_candidates`)."""
    a_set, b_set = a.lset(), b.lset()
    shared = a_set & b_set
    if len(shared) < settings.passage_min_shared_lemmas:
        return None
    w_shared = sum(idf[x] for x in shared)
    cover_a, cover_b = w_shared / a.weight, w_shared / b.weight
    dice = 2 * w_shared / (a.weight + b.weight)
    if a.is_list != b.is_list:
        lst, other = (a, b) if a.is_list else (b, a)
        other_set = b_set if lst is a else a_set
        found = sum(1 for item in lst.items if item and set(item) <= other_set)
        share = found / len(lst.items)
        if len(lst.items) >= 2 and found >= 2 and share >= settings.list_min_item_share:
            return "reformatted_list", round(share, 4)
        return None
    ta, tb = a.tri(), b.tri()
    verbatim = len(ta & tb) / min(len(ta), len(tb))
    if verbatim >= settings.near_verbatim_min:  # found by the shorter unit's share; scored on both (trigram Dice)
        return "near_verbatim", round(2 * len(ta & tb) / (len(ta) + len(tb)), 4)
    if (dice >= settings.passage_min_score and min(cover_a, cover_b) >= settings.paraphrase_min_cover
            and a.negated() == b.negated()):  # "X is the usual treatment" vs "X rarely helps": same words, opposite
        return "paraphrase", round(dice, 4)
    return None


def _words(t: Texts, texts: np.ndarray, batch: int = 20_000) -> tuple[np.ndarray, np.ndarray, int, list[int]]:
    """Word ids (int32) of the normalised texts `texts` (concatenated), words per text, the number of distinct words
    and the ids of the `NEGATIONS` words: the words of `t.norms(texts)` (`str.split()`; a normalised text's only
    white space is the ASCII space) numbered by a compiled table keyed by their UTF-8 bytes (`_hashing.WordHashes`,
    `numbered`: no Python string per word); texts normalised `batch` at a time (a streamed run keeps no normalised
    text)."""
    table = WordHashes(numbered=True)
    negations = sorted(NEGATIONS)
    neg_ids = table.numbers(" ".join(negations).encode("utf-8"),
                            np.cumsum([len(w) + 1 for w in negations], dtype=np.int64))[0].tolist()
    flat_parts, len_parts = [], []
    texts = np.asarray(texts, dtype=np.int64)
    for s0 in range(0, len(texts), batch):
        norms = t.norms(texts[s0:s0 + batch])
        joined = " ".join(norms)
        data = joined.encode("utf-8")
        size = map(len, norms) if len(data) == len(joined) else (len(x.encode("utf-8")) for x in norms)
        ends = np.cumsum(np.fromiter(size, dtype=np.int64, count=len(norms)) + 1)  # (each text and its space)
        del norms, joined
        ids, lens = table.numbers(data, ends)
        flat_parts.append(ids)
        len_parts.append(lens)
    if not flat_parts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64), len(table), neg_ids
    return np.concatenate(flat_parts), np.concatenate(len_parts), len(table), neg_ids


def _trigram_matrix(flat: np.ndarray, lens: np.ndarray, n_words: int):
    """Texts x word trigrams (binary CSR; the `tri()` sets, numbered) from the texts' word ids."""
    from scipy import sparse

    n = len(lens)
    v = np.int64(max(n_words, 1) + 1)
    owner = np.repeat(np.arange(n, dtype=np.int64), lens)
    rows, codes = [], []
    if len(flat) >= 3:
        pos = np.flatnonzero(owner[:-2] == owner[2:])
        rows.append(owner[pos])
        codes.append((flat[pos] * v + flat[pos + 1]) * v + flat[pos + 2])
    short = np.flatnonzero(lens < 3)  # a text of 0-2 words is one "trigram" of all its words (v - 1: no word)
    if len(short):
        at = np.r_[0, np.cumsum(lens)][short]
        padded = np.r_[flat, v - 1, v - 1]
        one = np.where(lens[short] >= 1, padded[at], v - 1)
        two = np.where(lens[short] == 2, padded[at + 1], v - 1)
        rows.append(short)
        codes.append(-1 - (one * v + two))
    r, c = np.concatenate(rows), np.concatenate(codes)
    cols, uniq = pd.factorize(c)  # trigram -> column, by hashing (numbered in order of first use: any numbering
    # gives the same row intersections, and hashing is cheaper than sorting the codes)
    m = sparse.csr_matrix((np.ones(len(r), dtype=np.int32), (r, cols)), shape=(n, len(uniq)))
    m.sum_duplicates()
    m.data[:] = 1
    return m


def score_candidates(t: Texts, ci: np.ndarray, cj: np.ndarray, settings, chunk: int = 100_000
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """`score_pair` over all candidate pairs, vectorised (sparse row products in chunks): the same decisions and
    scores, as (i, j, kind code, score) sorted by (i, j). Paraphrase sums of IDF weights may differ from
    `score_pair`'s in the last bits (another summation order): decisions and scores within `_MARGIN` of a threshold
    or of a rounding boundary are made by `score_pair` itself."""
    empty = np.zeros(0, dtype=np.int64)
    if not len(ci):
        return empty, empty, empty, []
    single = np.where(t.n_pages == 1, t.first_page, -1)
    keep = ~((single[ci] >= 0) & (single[ci] == single[cj]))  # both only on the same single page
    ci, cj = ci[keep], cj[keep]
    if not len(ci):
        return empty, empty, empty, []
    lem = t.lemma_matrix()
    min_shared = settings.passage_min_shared_lemmas
    ok_parts, w_parts = [], []
    for s in range(0, len(ci), chunk):  # shared content lemmas (count and IDF weight) of every pair
        prod = lem[ci[s:s + chunk]].multiply(lem[cj[s:s + chunk]]).tocsr()
        n_shared = np.diff(prod.indptr)
        rows = np.repeat(np.arange(len(n_shared)), n_shared)
        w_parts.append(np.bincount(rows, weights=t.idf[prod.indices], minlength=len(n_shared)))
        ok_parts.append(n_shared >= min_shared)
    ok = np.concatenate(ok_parts)
    ci, cj, w_shared = ci[ok], cj[ok], np.concatenate(w_parts)[ok]
    mixed = t.is_list[ci] != t.is_list[cj]
    out = [(empty, empty, empty, np.zeros(0))]
    if mixed.any():
        out.append(_score_lists(t, lem, ci[mixed], cj[mixed], settings))
    ci, cj, w_shared = ci[~mixed], cj[~mixed], w_shared[~mixed]
    if len(ci):
        out.append(_score_sentences(t, ci, cj, w_shared, settings, chunk))
    i = np.concatenate([o[0] for o in out])
    j = np.concatenate([o[1] for o in out])
    kind = np.concatenate([o[2] for o in out])
    score = np.concatenate([o[3] for o in out])
    order = np.lexsort((j, i))
    return i[order], j[order], kind[order], [round(x, 4) for x in score[order].tolist()]


def _score_lists(t: Texts, lem, ci: np.ndarray, cj: np.ndarray, settings):
    """Pairs of a list passage and a sentence: `reformatted_list` when enough of the list's items are found (every
    content lemma of the item) in the sentence. Returns (i, j, kind, unrounded score) of the matches."""
    from scipy import sparse

    lst = np.where(t.is_list[ci], ci, cj)
    other = np.where(t.is_list[ci], cj, ci)
    lists = unique_ints(lst)
    item_units = [t.item_units(x) for x in lists.tolist()]  # flat indexes of each list's item sentences
    n_items = np.zeros(t.n, dtype=np.int64)
    n_items[lists] = list(map(len, item_units))
    item_start = np.zeros(t.n, dtype=np.int64)
    item_start[lists] = np.r_[0, np.cumsum(n_items[lists])][:-1]
    items = np.fromiter(chain.from_iterable(item_units), dtype=np.int64, count=int(n_items.sum()))
    item_len, hashes = t.unit_lemmas(items)
    cols = np.minimum(np.searchsorted(t.vocab, hashes), max(len(t.vocab) - 1, 0))
    unknown = np.bincount(np.repeat(np.arange(len(items)), item_len), weights=t.vocab[cols] != hashes,
                          minlength=len(items)) > 0  # a lemma no text has: the item is found nowhere
    im = sparse.csr_matrix((np.ones(len(cols), dtype=np.int32), cols, np.r_[0, np.cumsum(item_len)]),
                           shape=(len(items), lem.shape[1]))
    # one row per (pair, item of its list): is every lemma of the item in the other text?
    per_pair = n_items[lst]
    pair_of = np.repeat(np.arange(len(lst)), per_pair)
    item_of = np.repeat(item_start[lst] - np.r_[0, np.cumsum(per_pair)][:-1], per_pair) + np.arange(len(pair_of))
    inter = np.diff(im[item_of].multiply(lem[other[pair_of]]).tocsr().indptr)
    hit = (item_len[item_of] > 0) & (inter == item_len[item_of]) & ~unknown[item_of]
    found = np.bincount(pair_of[hit], minlength=len(lst))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = found / per_pair
    yes = (per_pair >= 2) & (found >= 2) & (share >= settings.list_min_item_share)
    return ci[yes], cj[yes], np.full(int(yes.sum()), REFORMATTED_LIST, dtype=np.int64), share[yes]


def _score_sentences(t: Texts, ci: np.ndarray, cj: np.ndarray, w_shared: np.ndarray, settings, chunk: int):
    """Pairs of two sentences (or two lists): `near_verbatim` on shared word trigrams, else `paraphrase` on the
    IDF-weighted lemma overlap. Returns (i, j, kind, unrounded score) of the matches."""
    used = unique_ints(np.r_[ci, cj])  # word ids of these texts only
    row_of = np.full(t.n, -1, dtype=np.int64)
    row_of[used] = np.arange(len(used))
    words, lens, n_words, neg_ids = _words(t, used)
    word_start = np.r_[0, np.cumsum(lens)][:-1]
    is_neg = np.zeros(n_words + 1, dtype=bool)
    is_neg[neg_ids] = True
    neg_seen = np.r_[0, np.cumsum(is_neg[words], dtype=np.int64)]
    negated = (neg_seen[word_start + lens] - neg_seen[word_start]) > 0
    del neg_seen
    ta, tb = row_of[ci], row_of[cj]
    del row_of
    inter = np.zeros(len(ci), dtype=np.int64)
    tri_a, tri_b = np.zeros(len(ci), dtype=np.int64), np.zeros(len(ci), dtype=np.int64)
    step = max(chunk // 4, 1)
    for s in range(0, len(ci), step):  # word trigrams of the chunk's texts only
        a, b = ta[s:s + step], tb[s:s + step]
        rows, local = np.unique(np.r_[a, b], return_inverse=True)
        local = local.ravel()
        tri = _trigram_matrix(words[segments(word_start[rows], lens[rows])].astype(np.int64), lens[rows], n_words)
        tri_n = np.diff(tri.indptr)
        la, lb = local[:len(a)], local[len(a):]
        inter[s:s + len(a)] = np.diff(tri[la].multiply(tri[lb]).tocsr().indptr)
        tri_a[s:s + len(a)], tri_b[s:s + len(a)] = tri_n[la], tri_n[lb]
        del tri, rows, local
    del words
    verbatim = inter / np.minimum(tri_a, tri_b)
    nv = verbatim >= settings.near_verbatim_min
    wa, wb = t.weight[ci], t.weight[cj]
    dice = 2 * w_shared / (wa + wb)
    cover = np.minimum(w_shared / wa, w_shared / wb)
    min_score, min_cover = settings.passage_min_score, settings.paraphrase_min_cover
    same_polarity = negated[ta] == negated[tb]
    yes = ~nv & same_polarity & (dice >= min_score + _MARGIN) & (cover >= min_cover + _MARGIN)
    maybe = ~nv & same_polarity & ~yes & (dice >= min_score - _MARGIN) & (cover >= min_cover - _MARGIN)
    x = dice * 1e4
    maybe |= yes & (np.abs(x - np.floor(x) - 0.5) < 1e-6)  # round(dice, 4) could go either way
    yes &= ~maybe
    i = [ci[nv], ci[yes]]
    j = [cj[nv], cj[yes]]
    kind = [np.full(int(nv.sum()), NEAR_VERBATIM, dtype=np.int64), np.full(int(yes.sum()), PARAPHRASE, dtype=np.int64)]
    score = [(2 * inter / (tri_a + tri_b))[nv], dice[yes]]  # near verbatim: trigram Dice (a line in a long sentence
    # is found, but does not score 1.0)
    if maybe.any():  # the exact decision and score
        idf = t.idf_dict()
        rows = []
        for a, b in zip(ci[maybe].tolist(), cj[maybe].tolist()):
            found = score_pair(t.distinct(a), t.distinct(b), idf, settings)
            if found:
                rows.append((a, b, KIND_CODES[found[0]], found[1]))
        if rows:
            a, b, k, sc = map(np.array, zip(*rows))
            i.append(a.astype(np.int64)), j.append(b.astype(np.int64)), kind.append(k.astype(np.int64))
            score.append(sc.astype(np.float64))  # already rounded: rounding again keeps it
    return np.concatenate(i), np.concatenate(j), np.concatenate(kind), np.concatenate(score)
