"""Shared passages between pages: sentences (and whole lists) that one page copies or rewrites from another.

Units (per page, in the worker): every body sentence unit (headings and list items are one unit each), plus every
*list passage*: a run of two or more consecutive list items together with the sentence that introduces them (the last
sentence of the paragraph just before the list). A list passage lets a bullet list meet the sentence that
enumerates the same items in prose.

Each unit has its text and its *content lemmas*: lower-cased lookup lemmas of the words that are not stop words,
punctuation or symbols, hashed to ints. A page's units are held compactly (`PageUnits`: the sentence texts as one
string, one int32 table of blocks / lines / words / offsets, the lemma ids as one int64 array; a list passage's text
and items and every unit's normalised text are derived from these where needed), because the analyse worker keeps
them for every page of a chunk until the chunk's end (as `PageUnits.fields()`: no object the collector tracks).

Matching (the passages' corpus job, near-linear):

1. units with the same normalised text are grouped (one *distinct text* per group); a group on two or more pages is
   an `exact` shared passage;
2. candidate pairs of distinct texts come from an inverted index on unordered pairs of content lemmas (keys shared
   by more than `passage_max_key_df` distinct texts are too common to propose candidates; a key shared by more than
   `passage_key_window` texts pairs them with its first `passage_key_window` texts only), and only pairs sharing at
   least `passage_min_key_hits` such keys are candidates (4 shared content lemmas = 6 shared lemma pairs, so every
   pair that can score is proposed unless its keys are too common) — never from all pairs; on a topical site with a
   shared vocabulary this keeps the candidates near-linear (1k generated pages: 0.4 M candidates instead of 5.8 M);
3. each candidate is scored on content lemmas with IDF weights (topic words shared by every page weigh little),
   vectorised (sparse row products over text x lemma, item x lemma and text x word-trigram matrices; the few
   paraphrase decisions within 1e-9 of a threshold or a rounding boundary are made by `score_pair`, so kinds and
   scores are exactly those of `score_pair`):

   - `reformatted_list`: a list passage against a sentence, where at least `list_min_item_share` of the list's items
     are found (every content lemma of the item) in the sentence; score = that share;
   - `near_verbatim`: at least `near_verbatim_min` of the shorter unit's word trigrams (surface words, stop words
     included) occur in the other; score = the trigram Dice of the two (2 x shared / (trigrams of a + of b)), so a
     short line found inside a long sentence is listed but scores low, never 1.0;
   - `paraphrase`: weighted lemma overlap (IDF-weighted Dice) >= `passage_min_score` with at least
     `passage_min_shared_lemmas` shared content lemmas, and the shared lemmas carry at least `paraphrase_min_cover`
     of each unit's weight (both sentences say the same thing, not one topic word list inside a longer sentence);

   (`exact` scores 1.0.) Thresholds were set on the seeds: the three gold passages have a trigram share of 0.64
   (scored 0.62 as trigram Dice), 1.0 (items) and 0.72 (Dice, cover 0.65); the best-scoring pair that is not a shared passage has Dice 0.37, cover 0.34.

4. a match between list passages / sentences hides the matches of their parts for the same page pair (one row for
   the list, not one per bullet).

The corpus side keeps the units and the distinct texts column-wise (`_Texts`: numpy arrays over the corpus's units,
texts and their member units; unit texts are read from the pages' `PageUnits` for the passage rows only) and works on
arrays of unit / text / member / match indexes throughout; Python loops remain only where few items go through
them (rare score re-checks, page pairs with a list passage, matches between two texts on many pages).

Rows for one match between groups of many pages are expanded to all cross-page pairs up to
`passage_max_rows_per_match`; above that each page is paired with the group's first page (a star), so the table stays
linear in the corpus size. `duplicate_share` never depends on that cap.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from audit.duplication.passage_candidates import candidate_pairs
from audit.duplication.passage_rows import (
    PASSAGE_COLUMNS,
    keep_best,
    passage_table,
    shared_arrays,
    shared_sentences,
    table_frame,
    table_rows,
)
from audit.duplication.passage_scoring import EXACT, KINDS, score_candidates
from audit.duplication.passage_texts import Columns, Texts
from audit.duplication.passage_units import T_LEMMA_END, T_WORDS, PageUnits, lemma_table, page_units

# the entry points, and the names the engine (duplication.py) reads from here
__all__ = ["PASSAGE_COLUMNS", "KINDS", "T_LEMMA_END", "PageUnits", "lemma_table", "page_units", "find_passages",
           "find_passages_streamed", "_Columns"]
_Columns = Columns  # duplication.py's name for it


def find_passages(pages: list[tuple[str, PageUnits]], settings) -> tuple[pd.DataFrame, dict[str, set[int]], dict]:
    """Shared passages across `pages` ([(page_id, units)], sorted by page_id).

    Returns the passage table, for each page the sentence indexes inside passages shared with another page, and
    counters (candidates scored, keys capped, ...).
    """
    t = Texts(pages, settings.passage_min_shared_lemmas)
    mi, mj, mkind, mscore, shared, stats = _matches(t, settings)
    table = passage_table(t, pages, mi, mj, mkind, mscore, settings.passage_max_rows_per_match)
    return table, {pages[p][0]: s for p, s in shared.items()}, stats


def _matches(t: Texts, settings, shared_sets: bool = True):
    """The kept matches (mi, mj, kind codes, scores), the shared sentences (per page index: a set, or with
    `shared_sets` False the (page, sentence) arrays) and the counters."""
    cand_i, cand_j, capped = candidate_pairs(t.lens, t.cols, len(t.vocab), settings.passage_max_key_df,
                                             settings.passage_key_window, settings.passage_min_key_hits)
    n_candidates = len(cand_i)
    exact = np.flatnonzero(t.n_pages > 1)  # exact: one text on several pages
    si, sj, skind, sscore = score_candidates(t, cand_i, cand_j, settings)
    del cand_i, cand_j
    mi, mj = np.r_[exact, si], np.r_[exact, sj]
    mkind = np.r_[np.full(len(exact), EXACT, dtype=np.int64), skind]
    mscore = [1.0] * len(exact) + sscore

    shared = shared_sentences(t, mi, mj) if shared_sets else shared_arrays(t, mi, mj)
    keep = keep_best(mi, mj, np.array(mscore, dtype=np.float64), settings.passage_max_matches_per_text)
    mi, mj, mkind, mscore = mi[keep], mj[keep], mkind[keep], [mscore[m] for m in keep.tolist()]
    stats = {"distinct_units": t.n, "candidates": n_candidates, "capped_keys": capped, "matches": len(mi)}
    return mi, mj, mkind, mscore, shared, stats


def find_passages_streamed(data: Columns, hashes: np.ndarray | None, ids: list[str], settings, write_slice,
                           slice_rows: int = 100_000, trim=lambda: None) -> tuple[dict[str, float], dict]:
    """`find_passages` over column-wise page data (`ids` sorted) with precomputed unit hashes, for a streamed run:
    the table goes to `write_slice(k, frame)` in slices of `slice_rows` rows (the same rows, order and dtypes);
    returns `duplicate_share` per page id (before exact copies) and the counters (with `passages` and
    `passages_by_kind`)."""
    if hashes is not None:
        data.unit_hash = hashes
        del hashes
    t = Texts(data, settings.passage_min_shared_lemmas)
    trim()
    mi, mj, mkind, mscore, (spage, ssent), stats = _matches(t, settings, shared_sets=False)
    trim()
    # duplicate share: words of the shared sentences / words of the page's sentences
    sent_words = t.table[:, T_WORDS].astype(np.int64)
    is_sentence = ~t.unit_is_list
    total = np.bincount(t.page_of[is_sentence], weights=sent_words[is_sentence], minlength=len(ids))
    inside = np.bincount(spage, weights=sent_words[t.offsets[spage] + ssent], minlength=len(ids))
    dup = {pid: (round(int(i) / int(n), 4) if n else 0.0) for pid, i, n in zip(ids, inside.tolist(), total.tolist())}
    del spage, ssent, sent_words, is_sentence
    rows = table_rows(t, ids, mi, mj, settings.passage_max_rows_per_match)
    trim()
    by_kind = {k: 0 for k in KINDS}
    n_rows = 0
    if rows is not None:
        n_rows = len(rows["pa"])
        counts = np.bincount(mkind[rows["match"]], minlength=len(KINDS))
        by_kind = {k: int(counts[c]) for c, k in enumerate(KINDS)}
        score = np.array(mscore, dtype=np.float64)
        for k, lo in enumerate(range(0, n_rows, slice_rows)):
            write_slice(k, table_frame(t, ids, rows, mkind, score, lo, min(lo + slice_rows, n_rows)))
    stats = {**stats, "passages": n_rows, "passages_by_kind": by_kind}
    return dup, stats
