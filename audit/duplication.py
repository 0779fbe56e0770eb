"""Duplication: near-duplicate pages (`pairs.csv`), shared passages located in both pages (`passages.csv`), and per
page `duplicate_share`, `template_share`, `max_similarity`, `most_similar_page`.

Only body blocks reach this measure: site template is reported as template (`template_share`), never as duplication.

- Worker (`per_page`): `result.extras['duplication']` = {'shingles': the page's hashed word shingles (sorted int64
  array), 'body_hash': its normalised-body hash (see `audit.shingles`), 'template_share': boilerplate words / all
  words of the page (from all its blocks, labelled), 'units': its passage units with content-word lemmas and the
  words of each sentence unit (`passages.PageUnits`: a string and three arrays, no Python object per unit)}. The
  main process holds this for every page until the corpus stage.
- Main process (`per_corpus`, `corpus_job`; they read each page's `page` and `extras` only, never its blocks or
  units): the pair table (exact all-pairs over pages sharing a shingle for small corpora, MinHash LSH + exact
  re-check above `exact_pairs_max_pages`), the passage table, page columns, and `audit.api['similarity']` (page x
  page Jaccard, small corpora only).

Columns. `pairs.csv`: page_a < page_b, jaccard, containment_a (share of a's shingles found in b), containment_b,
near_duplicate (jaccard >= near_duplicate_threshold; exact duplicates included, so a gate on near-duplicates also
catches copies), exact_duplicate (same normalised body), shared_shingles. Up to `all_pairs_max_pages` (100) pages:
one row per pair sharing any shingle; larger corpora (exact pairs up to `exact_pairs_max_pages`, LSH above): pairs
with jaccard >= `lsh_threshold` (0.5), so the table stays linear in the site, not quadratic. Page
columns: `max_similarity` / `most_similar_page` = the highest jaccard among the page's rows (ties: smallest page id;
0.0 and "" when the page has none), `duplicate_share` = share of the page's body words inside passages shared with
another page (1.0 for an exact copy of another page: short sentences are never passages on their own),
`template_share` = boilerplate words / all words of the page (NaN for a page that was not audited).

`corpus_stages(signatures, page_units, settings)` runs both corpus stages on precomputed page data: the function a
benchmark times.

Default shingle size 3: SEO pages are short (the seed bodies have 150–450 words, a reworded article shares few
5-word runs), and with 3-word shingles a page of 150 words still has ~150 shingles, enough to resolve the 0.9
near-duplicate threshold (one changed word moves Jaccard by ~2 %); 1–2-word shingles would make any two pages on one
topic look alike.
"""
from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pandas as pd

from . import passages as P
from . import shingles as S

KEY = "duplication"
PAGE_COLUMNS = ["duplicate_share", "template_share", "max_similarity", "most_similar_page"]


# ---------------------------------------------------------------- worker

def per_page(result, body, docs, units, settings) -> None:
    ds = settings.duplication
    words = S.body_words([b.text for b in body])
    total = sum(b.words for b in result.blocks)  # all blocks of the page, template included
    result.extras[KEY] = {
        "shingles": S.shingle_set(words, ds.shingle_size),
        "body_hash": S.body_hash(words),
        "template_share": round(sum(b.words for b in result.blocks if b.label != "body") / total, 4) if total
        else math.nan,
        "units": P.page_units(body, units, ds, P.lemma_table(settings)),
    }


# ---------------------------------------------------------------- corpus

def corpus_stages(signatures: list[S.PageSignature], page_units: list[tuple[str, P.PageUnits]], settings,
                  method: str = "auto") -> dict[str, Any]:
    """Pairs and passages for precomputed page data, timed: {'pairs', 'method', 'passages', 'shared', 'stats',
    'seconds': {'pairs', 'passages'}}."""
    ds = settings.duplication
    t0 = time.perf_counter()
    pairs, used = S.page_pairs(signatures, ds.near_duplicate_threshold, ds.exact_pairs_max_pages,
                               ds.minhash_permutations, ds.minhash_seed, ds.lsh_threshold, method,
                               ds.all_pairs_max_pages)
    t1 = time.perf_counter()
    table, shared, stats = P.find_passages(sorted(page_units, key=lambda x: x[0]), ds)
    t2 = time.perf_counter()
    return {"pairs": pairs, "method": used, "passages": table, "shared": shared, "stats": stats,
            "seconds": {"pairs": t1 - t0, "passages": t2 - t1}}


def corpus_job(results, settings) -> dict[str, Any]:
    """The corpus stages on the pages' precomputed data: all the pipeline needs from them, picklable, so that the
    pipeline can run it in a background process while it assembles the tables and runs the other measures."""
    ok = [r for r in results if r.page.status == "ok" and KEY in r.extras]
    sigs = [S.PageSignature(r.page.page_id, r.extras[KEY]["shingles"], r.extras[KEY]["body_hash"]) for r in ok]
    return corpus_stages(sigs, [(r.page.page_id, r.extras[KEY]["units"]) for r in ok], settings)


def per_corpus(audit, results, settings, job: dict[str, Any] | None = None) -> None:
    """`job`: the result of `corpus_job` when the pipeline ran it in the background (else it runs here)."""
    ok = [r for r in results if r.page.status == "ok" and KEY in r.extras]
    out = job if job is not None else corpus_job(results, settings)
    audit.tables["pairs"] = out["pairs"]
    audit.tables["passages"] = out["passages"]
    # API only (never written: seconds vary between runs): counters and the time of each corpus stage (benchmarks)
    audit.api["duplication_stats"] = {**out["stats"], "pair_method": out["method"], "seconds": out["seconds"]}

    # page columns (skipped pages: NaN / empty)
    template = {r.page.page_id: r.extras[KEY]["template_share"] for r in ok}
    dup_share: dict[str, float] = {}
    shared = out["shared"]
    for r in ok:
        words = r.extras[KEY]["units"].sentence_words()  # by sentence index
        total = int(words.sum())
        inside = shared.get(r.page.page_id)
        inside = int(words[np.fromiter(inside, dtype=np.int64, count=len(inside))].sum()) if inside else 0
        dup_share[r.page.page_id] = round(inside / total, 4) if total else 0.0
    pairs = out["pairs"]
    if len(pairs):  # an exact copy of another page is duplicated whole, short sentences included
        copies = pairs[pairs["exact_duplicate"].astype(bool)]
        for pid in set(copies["page_a"].tolist()) | set(copies["page_b"].tolist()):
            if pid in dup_share:
                dup_share[pid] = 1.0
    best: dict[str, tuple[float, str]] = {r.page.page_id: (0.0, "") for r in ok}
    if len(pairs):  # per page: the highest jaccard among its rows, ties: the smallest other page id
        a, b, jac = pairs["page_a"].to_numpy(object), pairs["page_b"].to_numpy(object), pairs["jaccard"].to_numpy(float)
        both = pd.DataFrame({"me": np.concatenate([a, b]), "other": np.concatenate([b, a]),
                             "jaccard": np.concatenate([jac, jac])})
        both = both.sort_values(["me", "jaccard", "other"], ascending=[True, False, True], kind="mergesort")
        top = both.drop_duplicates("me", keep="first")
        for me, other, j in zip(top["me"].tolist(), top["other"].tolist(), top["jaccard"].tolist()):
            if me in best and j > 0:
                best[me] = (float(j), other)
    pages = audit.pages
    ids = pages["page_id"]
    pages["duplicate_share"] = ids.map(dup_share).astype(float)
    pages["template_share"] = ids.map(template).astype(float)
    pages["max_similarity"] = ids.map({k: round(v[0], 4) for k, v in best.items()}).astype(float)
    pages["most_similar_page"] = [best[i][1] if i in best else "" for i in ids]
    if len(ok) <= settings.duplication.exact_pairs_max_pages:
        audit.api["similarity"] = similarity_matrix([r.page.page_id for r in ok], out["pairs"])


def similarity_matrix(page_ids: list[str], pairs: pd.DataFrame) -> pd.DataFrame:
    """Page x page Jaccard (1 on the diagonal, 0 for pairs sharing no shingle), for a heatmap."""
    ids = sorted(page_ids)
    pos = {p: i for i, p in enumerate(ids)}
    m = np.eye(len(ids))
    if len(pairs):
        i = np.array([pos[x] for x in pairs["page_a"].tolist()], dtype=np.int64)
        j = np.array([pos[x] for x in pairs["page_b"].tolist()], dtype=np.int64)
        jac = pairs["jaccard"].to_numpy(float)
        m[i, j] = jac
        m[j, i] = jac
    return pd.DataFrame(m, index=pd.Index(ids, name="page_id"), columns=ids)


def compare_texts(text_a: str, text_b: str, settings=None) -> dict:
    """Page-level similarity of two texts (API helper): jaccard, containment_a/b, exact_duplicate."""
    from .config import Settings

    settings = settings or Settings()
    k = settings.duplication.shingle_size
    sig = []
    for name, text in (("a", text_a), ("b", text_b)):
        words = S.body_words(text.split("\n"))
        sig.append(S.PageSignature(name, S.shingle_set(words, k), S.body_hash(words)))
    return S.compare(sig[0], sig[1])


# ---------------------------------------------------------------- summary

def summary(audit, settings) -> dict:
    pairs = audit.tables.get("pairs")
    passages = audit.tables.get("passages")
    if pairs is None or passages is None:
        return {}
    stats = audit.api.get("duplication_stats", {})
    by_kind = {k: int((passages["kind"] == k).sum()) for k in P.KINDS}
    pages = audit.pages[audit.pages["status"] == "ok"]
    share = pages["duplicate_share"] if "duplicate_share" in pages else pd.Series(dtype=float)
    return {"duplication": {
        "pair_method": stats.get("pair_method", ""),
        "pairs": int(len(pairs)),
        "near_duplicate_pairs": int(pairs["near_duplicate"].sum()),
        "exact_duplicate_pairs": int(pairs["exact_duplicate"].sum()),
        "passages": int(len(passages)),
        "passages_by_kind": by_kind,
        "pages_with_shared_passages": int((share > 0).sum()),
        "mean_duplicate_share": round(float(share.mean()), 4) if len(share) else None,
        "near_duplicate_threshold": settings.duplication.near_duplicate_threshold,
        "shingle_size": settings.duplication.shingle_size,
    }}
