"""Reader-facing tables built from an `Audit`: one function per question the notebooks and the HTML report answer.

Everything here is presentation, not measurement: it selects, sorts, rounds and renames what the measure modules
(`readability`, `duplication`, `terms`) put in the audit. Every function copes with a measure that is absent
(its columns or tables missing): it returns `None` (or an empty table), so the report and the notebooks say
"not measured" instead of failing — and the CI gate reports such a check as *not evaluated*.

Tables are sorted for reading (worst first, ties by page id) and rounded, so they print the same on every run.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.present.assess import grade_limit
from audit.present.rows import columns as table_columns, first_ranks, rows as table_rows

# What the CI gate checks lives below both (`audit.present.facts`: no views <-> gate cycle); part of this module's API.
from audit.present.facts import (
    CATEGORY_COLS,
    CONCEPT_COLS,
    COUNT_COLS,
    FRE_COLS,
    GRADE_COLS,
    PAIR_A,
    PAIR_B,
    ROUND,
    SIM_COLS,
    concept_categories,
    concepts_found,
    coverage_matrix,
    first_col,
    grades,
    near_duplicate_pairs,
    ok_pages,
    pages_over_grade_limit,
    pairs,
    sort_rows as _sort,
    table,
    tidy,
)

if TYPE_CHECKING:
    from audit.config import Settings
    from audit.engine.pipeline import Audit


NOT_GIVEN: Any = object()  # an argument left out (None is a result: "not measured")


def pct(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.0f} %"


# ------------------------------------------------------------------ corpus and template

def _template(b: pd.DataFrame) -> pd.Series:
    return b["label"] == "boilerplate"


def template_share(audit: "Audit") -> float | None:
    """Share of all words (body + template) of the audited pages that is site template."""
    ok = ok_pages(audit)["page_id"]
    blocks = table_rows(audit, "blocks", lambda b: b["page_id"].isin(ok), ["page_id", "words", "label"])
    total = blocks["words"].sum()
    if not total:
        return None
    return float(blocks.loc[blocks["label"] == "boilerplate", "words"].sum() / total)


def corpus_table(audit: "Audit") -> pd.DataFrame:
    """One row per input file: status, body words, sentences, template share and how many blocks were stripped."""
    pages = audit.pages.copy()
    stripped = table_rows(audit, "blocks", _template, ["page_id", "label"]).groupby("page_id").size()
    pages["blocks_stripped"] = pages["page_id"].map(stripped).fillna(0).astype(int)
    cols = ["page_id", "status", "reason", "words", "sentences", "blocks", "blocks_stripped", "template_share"]
    out = pages[cols].rename(columns={"words": "body_words"})
    return tidy(_sort(out, [("status", True), ("page_id", True)]))


def reason_group(reason: str) -> str:
    """'pattern: phone' -> 'pattern: phone'; 'repeated on 3/3 pages outside the article' -> 'repeated on other pages'."""
    if reason.startswith("repeated on"):
        return "repeated on other pages"
    if reason.startswith("position: header"):
        return "position: before the article"
    if reason.startswith("position: footer"):
        return "position: after the article"
    return reason


def template_reasons(audit: "Audit") -> pd.DataFrame:
    """Stripped words per page by reason (pattern, repetition, position): why each page lost what it lost."""
    b = table_rows(audit, "blocks", _template, ["page_id", "label", "reason", "words"]).copy()
    if b.empty:
        return pd.DataFrame(columns=["page_id"])
    b["why"] = b["reason"].map(reason_group)
    out = b.pivot_table(index="page_id", columns="why", values="words", aggfunc="sum", fill_value=0)
    out = out[sorted(out.columns)].sort_index()
    out.columns.name = None
    return out.reset_index()


def stripped_blocks(audit: "Audit", page_id: str | None = None) -> pd.DataFrame:
    """The blocks labelled template, in page order, with the reason — what was stripped and why."""
    b = table_rows(audit, "blocks", _template if page_id is None else
             (lambda b: (b["label"] == "boilerplate") & (b["page_id"] == page_id)),
             ["page_id", "label", "line_start", "kind", "reason", "text"])
    out = b[["page_id", "line_start", "kind", "reason", "text"]].rename(columns={"line_start": "line"})
    return tidy(_sort(out, [("page_id", True), ("line", True)]))


def kept_duplicates(audit: "Audit") -> pd.DataFrame:
    """Blocks repeated on other pages but kept as article text (duplicated content, shown by the duplication story)."""
    b = table_rows(audit, "blocks", lambda b: (b["label"] == "body") & b["reason"].str.contains("duplicated content"),
             ["page_id", "label", "reason", "line_start", "kind", "text"])
    return tidy(b[["page_id", "line_start", "kind", "text"]].rename(columns={"line_start": "line"}))


# ------------------------------------------------------------------ readability

def has_readability(audit: "Audit") -> bool:
    return first_col(audit.pages, GRADE_COLS) is not None


def readability_table(audit: "Audit") -> pd.DataFrame | None:
    """Per page: grade vs target, Flesch reading ease, reading time, long-sentence and passive shares; hardest first."""
    pages = ok_pages(audit)
    grade = first_col(pages, GRADE_COLS)
    if grade is None:
        return None
    wanted = ["page_id", grade, "meets_target", *FRE_COLS, "flesch_kincaid_grade", "smog_index",
              "reading_time_min", "long_sentence_share", "passive_share", "hard_sentences", "very_hard_sentences",
              "words"]
    cols = list(dict.fromkeys(c for c in wanted if c in pages.columns))
    out = pages[cols].rename(columns={grade: "grade"})
    if "meets_target" in out.columns:
        out["meets_target"] = out["meets_target"].map(lambda v: "–" if pd.isna(v) else ("yes" if v else "no"))
    return tidy(_sort(out, [("grade", False), ("page_id", True)]))


def readability_why(audit: "Audit") -> pd.DataFrame | None:
    """Per page, in words: why it misses the target (formulas over target, hardest sentences) and its flags."""
    pages = ok_pages(audit)
    cols = [c for c in ("why", "readability_flags", "readability_note") if c in pages.columns]
    if not cols:
        return None
    grade = first_col(pages, GRADE_COLS)
    out = pages[["page_id", *([grade] if grade else []), *cols]].rename(columns={grade: "grade"} if grade else {})
    out = _sort(out, [("grade", False), ("page_id", True)])
    return tidy(out.drop(columns=["grade"], errors="ignore").fillna(""))


FLAG_ORDER = ("very_hard", "hard", "very_long", "long", "passive")


def _flags(row: pd.Series) -> str:
    """The strongest flag of each kind: 'very hard' (not also 'hard'), 'very long' (not also 'long'), 'passive'."""
    on = {f for f in FLAG_ORDER if f in row.index and bool(row[f]) is True}
    shown = [f for f in FLAG_ORDER if f in on and not (f == "hard" and "very_hard" in on)
             and not (f == "long" and "very_long" in on)]
    return ", ".join(f.replace("_", " ") for f in shown)


def sentences_to_rewrite(audit: "Audit", n: int = 10) -> pd.DataFrame | None:
    """The sentences to rewrite first (`sentences.csv` by `rewrite_rank`: most severe flags, then highest grade, then
    longest; paragraph sentences only)."""
    if "rewrite_rank" not in table_columns(audit, "sentences"):
        return None
    s = table_rows(audit, "sentences", first_ranks(audit, n))
    grade = first_col(s, GRADE_COLS)
    s = s[s["rewrite_rank"].notna()].sort_values("rewrite_rank", kind="mergesort").head(n).copy()
    for f in FLAG_ORDER:
        if f in s.columns:
            s[f] = s[f].fillna(False).astype(bool)
    s["flags"] = s.apply(_flags, axis=1) if len(s) else pd.Series(dtype=str)
    cols = ["page_id"] + ([grade] if grade else []) + ["words", "flags", "text"]
    out = s[cols].rename(columns={grade: "grade"} if grade else {})
    return tidy(out, 1)


def passive_sentences(audit: "Audit", n: int = 10) -> pd.DataFrame | None:
    if "passive" not in table_columns(audit, "sentences"):
        return None
    p = table_rows(audit, "sentences", lambda s: s["passive"].fillna(False).astype(bool),
             ["page_id", "words", "passive_phrase", "text", "sentence", "passive", "kind"])
    if "kind" in p.columns:
        p = p[p["kind"].isin(["paragraph", "list_item"])]
    cols = [c for c in ("page_id", "words", "passive_phrase", "text") if c in p.columns]
    sort = [("page_id", True), ("sentence", True)]
    return tidy(_sort(p[cols + (["sentence"] if "sentence" in p.columns else [])], sort)[cols].head(n))


def passive_by_page(audit: "Audit") -> pd.DataFrame | None:
    pages = ok_pages(audit)
    if "passive_share" not in pages.columns:
        return None
    out = pages[["page_id", "passive_share"]]
    return tidy(_sort(out, [("passive_share", False), ("page_id", True)]))


def difficult_words(audit: "Audit", n: int = 20) -> pd.DataFrame | None:
    """Difficult words, most frequent first, with the plain-language alternative when the glossary has one."""
    df = _word_rows(audit, "difficult_words")
    if df is None:
        return None
    return _word_table(df, n)


def plain_alternatives(audit: "Audit", n: int = 20) -> pd.DataFrame | None:
    """Words and phrases with a plainer alternative (e.g. "individuals" -> "people"), most used first."""
    df = _word_rows(audit, "plain_language")
    if df is None:
        return None
    return _word_table(df, n)


WORD_COLS = ("word", "term", "lemma")
ALT_COLS = ("alternative", "alternatives", "plain", "suggestion", "replacement")


def _word_rows(audit: "Audit", name: str) -> pd.DataFrame | None:
    """The columns of table `name` that `_word_table` reads, chunk by chunk (`rows.rows`): a large table is never
    held whole (nor kept by `Audit.tables`)."""
    if name not in audit.tables:
        return None
    have = pd.DataFrame(columns=table_columns(audit, name))
    word = first_col(have, WORD_COLS)
    if word is None:
        return table(audit, name)
    keep = [word, first_col(have, ALT_COLS), first_col(have, COUNT_COLS), "page_id"]
    return table_rows(audit, name, cols=[c for c in keep if c and c in have.columns])


def _word_table(df: pd.DataFrame, n: int) -> pd.DataFrame:
    word = first_col(df, WORD_COLS)
    if word is None:
        return tidy(df.head(n))
    alt = first_col(df, ALT_COLS)
    count = first_col(df, COUNT_COLS)
    g = df.groupby(word, sort=True)
    out = pd.DataFrame({
        "word": [str(k) for k in g.groups],
        "uses": (g[count].sum() if count else g.size()).astype(int).values,
        "pages": g["page_id"].nunique().values if "page_id" in df.columns else 1,
    })
    if alt:
        alts = g[alt].agg(lambda v: next((str(x) for x in v if isinstance(x, str) and x.strip()), "")).values
        if any(alts):
            out["alternative"] = alts
    return tidy(_sort(out, [("uses", False), ("pages", False), ("word", True)]).head(n))


# ------------------------------------------------------------------ duplication

def duplication_table(audit: "Audit") -> pd.DataFrame | None:
    pages = ok_pages(audit)
    cols = [c for c in ("duplicate_share", "template_share", "max_similarity", "most_similar_page")
            if c in pages.columns]
    if not cols:
        return None
    out = pages[["page_id", *cols]]
    return tidy(_sort(out, [("duplicate_share", False), ("max_similarity", False), ("page_id", True)]))


def similarity_matrix(audit: "Audit") -> pd.DataFrame | None:
    """Page × page similarity (1 on the diagonal), from the duplication module's matrix or built from its pairs."""
    m = audit.api.get("similarity")
    ids = sorted(ok_pages(audit)["page_id"])
    if isinstance(m, pd.DataFrame) and not m.empty:
        m = m.astype(float)
        return m.loc[sorted(m.index), sorted(m.columns)]
    if isinstance(m, np.ndarray) and m.shape == (len(ids), len(ids)):
        return pd.DataFrame(m.astype(float), index=ids, columns=ids)
    p = pairs(audit, raw=True)
    if p is None or "similarity" not in p.columns or "page_a" not in p.columns:
        return None
    out = pd.DataFrame(0.0, index=ids, columns=ids)
    for row in p.itertuples(index=False):
        a, b, s = row.page_a, row.page_b, float(row.similarity)
        if a in out.index and b in out.index:
            out.loc[a, b] = out.loc[b, a] = max(s, out.loc[a, b])
    for i in ids:
        out.loc[i, i] = 1.0
    return out


def passages(audit: "Audit", n: int = 20) -> pd.DataFrame | None:
    """Shared passages side by side (text in page A | text in page B), longest / strongest first."""
    df = table(audit, "passages", "shared_passages")
    if df is None:
        return None
    a, b = first_col(df, PAIR_A), first_col(df, PAIR_B)
    ta = first_col(df, ("text_a", "passage_a", "a_text", "left_text"))
    tb = first_col(df, ("text_b", "passage_b", "b_text", "right_text"))
    score = first_col(df, ("score", "similarity", "jaccard"))
    out = df.rename(columns={k: v for k, v in ((a, "page_a"), (b, "page_b"), (ta, "text_a"), (tb, "text_b"),
                                               (score, "score")) if k})
    keep = [c for c in ("page_a", "page_b", "kind", "score", "text_a", "text_b", "text") if c in out.columns]
    if keep:
        rest = [c for c in out.columns if c not in keep and not str(c).startswith("_")
                and any(k in str(c) for k in ("line", "shared", "words"))]
        out = out[keep[:4] + rest + keep[4:]]
    return tidy(_sort(out, [("score", False), ("page_a", True), ("page_b", True)]).head(n))


def max_duplicate_share(audit: "Audit") -> float | None:
    pages = ok_pages(audit)
    if "duplicate_share" not in pages.columns or pages["duplicate_share"].dropna().empty:
        return None
    return float(pages["duplicate_share"].max())


# ------------------------------------------------------------------ term coverage

def coverage_gaps(audit: "Audit", n: int = 20) -> pd.DataFrame | None:
    """Glossary concepts covered by the fewest pages (none first): the biggest gaps."""
    gaps = table(audit, "term_gaps", "gaps")
    if gaps is not None:
        g = gaps.copy()
        if "gap" in g.columns:
            order = {"not covered": 0, "one page only": 1, "few in category": 2}
            g["_gap"] = g["gap"].map(order).fillna(9)
        return tidy(_sort(g, [("_gap", True), ("category", True), ("concept", True), ("page_id", True)]).head(n))
    m = coverage_matrix(audit)
    if m is None:
        return None
    counts = (m > 0).sum(axis=1)
    out = pd.DataFrame({"category": [k[0] for k in counts.index], "concept": [k[1] for k in counts.index],
                        "pages": counts.values.astype(int)})
    out["of_pages"] = m.shape[1]
    out = out[out["pages"] < m.shape[1]]
    return tidy(_sort(out, [("pages", True), ("category", True), ("concept", True)]).head(n))


def gaps_by_category(audit: "Audit") -> pd.DataFrame | None:
    """The gaps in a few lines: per kind of gap and category, how many and which concepts (or pages)."""
    gaps = table(audit, "term_gaps", "gaps")
    if gaps is None or not {"gap", "category"} <= set(gaps.columns):
        return None
    order = {"not covered": 0, "one page only": 1, "few in category": 2}
    rows = []
    for (gap, cat), g in gaps.groupby(["gap", "category"], sort=True):
        names = sorted({str(c) for c in g.get("concept", pd.Series(dtype=str)) if isinstance(c, str) and c})
        if not names and "page_id" in g.columns:
            names = sorted({str(pid) for pid in g["page_id"] if isinstance(pid, str) and pid})
        rows.append({"gap": gap, "category": cat, "count": len(g), "concepts_or_pages": ", ".join(names),
                     "_order": order.get(gap, 9)})
    out = pd.DataFrame(rows, columns=["gap", "category", "count", "concepts_or_pages", "_order"])
    return tidy(_sort(out, [("_order", True), ("count", False), ("category", True)]))


def category_coverage(audit: "Audit", matrix: Any = NOT_GIVEN) -> pd.DataFrame | None:
    """Per category: concepts in the glossary, concepts found on at least one page. `matrix`: `coverage_matrix(audit)`
    when the caller has it already."""
    m = coverage_matrix(audit) if matrix is NOT_GIVEN else matrix
    if m is None:
        return None
    found = (m > 0).any(axis=1)
    df = pd.DataFrame({"category": [k[0] for k in m.index], "found": found.values})
    out = df.groupby("category").agg(concepts=("found", "size"), found=("found", "sum")).reset_index()
    out["share_found"] = out["found"] / out["concepts"]
    return tidy(_sort(out, [("share_found", True), ("category", True)]))


def discovered_terms(audit: "Audit", n: int = 20) -> pd.DataFrame | None:
    df = table(audit, "term_candidates", "discovered_terms", "candidates")
    if df is None:
        return None
    keep = [c for c in ("rank", "term", "count", "pages", "score", "variants", "example_page", "example_text")
            if c in df.columns] or list(df.columns)
    return tidy(_sort(df[keep], [("rank", True), ("score", False), ("pages", False), ("term", True)]).head(n))


def jargon(audit: "Audit", n: int = 20) -> pd.DataFrame | None:
    """First uses of technical terms that the page does not explain (no definition, no plain words nearby)."""
    df = table(audit, "jargon", "unexplained_jargon")
    if df is None:
        return None
    if "explained" in df.columns:
        df = df[~df["explained"].fillna(False).astype(bool)]
    keep = [c for c in ("page_id", "concept", "term", "category", "text", "sentence", "block") if c in df.columns]
    out = _sort(df[keep], [("page_id", True), ("block", True), ("sentence", True), ("concept", True)])
    out = out[[c for c in keep if c not in ("sentence", "block")]]
    return tidy(out.head(n))


def jargon_by_page(audit: "Audit") -> pd.DataFrame | None:
    pages = ok_pages(audit)
    if "jargon_unexplained" not in pages.columns:
        return None
    cols = [c for c in ("page_id", "concepts_covered", "term_mentions", "jargon_unexplained") if c in pages.columns]
    return tidy(_sort(pages[cols], [("jargon_unexplained", False), ("page_id", True)]))


# ------------------------------------------------------------------ the one-page verdict in figures

def key_figures(audit: "Audit", matrix: Any = NOT_GIVEN) -> pd.DataFrame:
    """The one-page verdict in figures: each row a question and its answer on this corpus. `matrix`:
    `coverage_matrix(audit)` when the caller has it already."""
    settings = audit.settings
    pages = audit.pages
    ok = ok_pages(audit)
    rows: list[tuple[str, Any]] = [
        ("pages audited", int(len(ok))),
        ("pages skipped or failed", int(len(pages) - len(ok))),
        ("body words", int(ok["words"].sum())),
        ("template share of all words", pct(template_share(audit))),
    ]
    over = pages_over_grade_limit(audit)
    rows.append((f"pages above grade {grade_limit(settings):g}",
                 "not measured" if over is None else f"{len(over)} of {len(ok)}"))
    g = grades(audit)
    rows.append(("median grade", "not measured" if g is None or g.dropna().empty else round(float(g.median()), 1)))
    nd = near_duplicate_pairs(audit)
    rows.append((f"near-duplicate pairs (similarity ≥ {settings.duplication.near_duplicate_threshold:g})",
                 "not measured" if nd is None else int(len(nd))))
    mx = max_duplicate_share(audit)
    rows.append(("highest duplicate share of a page", "not measured" if mx is None else pct(mx)))
    m = coverage_matrix(audit) if matrix is NOT_GIVEN else matrix
    if m is None:
        rows.append(("glossary concepts on no page", "not measured"))
    else:
        missing = [k[-1] for k, v in (m > 0).any(axis=1).items() if not v]
        rows.append(("glossary concepts on no page", f"{len(missing)} of {len(m)}"))
        by_cat = category_coverage(audit, m)
        if by_cat is not None and len(by_cat):
            worst = by_cat.iloc[0]
            rows.append(("least covered category", f"{worst['category']} ({int(worst['found'])} of "
                                                   f"{int(worst['concepts'])} concepts on any page)"))
    return pd.DataFrame(rows, columns=["question", "answer"]).astype({"answer": str})


def term_overlap(audit: "Audit") -> pd.DataFrame | None:
    """Page pairs whose main concepts coincide (they compete for the same topic), most similar first."""
    df = table(audit, "term_overlap")
    if df is None:
        return None
    return tidy(_sort(df, [("score", False), ("page_a", True), ("page_b", True)]))
