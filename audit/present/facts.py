"""The audit's figures that the CI gate checks and the reader's tables show: audited pages, grades and the grade
limit, similar and near-duplicate page pairs, the concept × page coverage matrix; with the column-name tolerance and
the sorting and rounding they share. Below `audit.present.gate` and `audit.present.views` (which re-exports every name), so neither
imports the other in a cycle.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import numpy as np
import pandas as pd

from audit.present.rows import columns as table_columns, rows as table_rows

if TYPE_CHECKING:
    from audit.config import Settings
    from audit.engine.pipeline import Audit

ROUND = 2  # decimals shown in tables

# Column / table names the measure modules use, with tolerated alternatives (first present wins).
GRADE_COLS = ("grade", "grade_level", "consensus_grade", "flesch_kincaid_grade")
FRE_COLS = ("flesch_reading_ease", "fre")
SIM_COLS = ("similarity", "jaccard", "score", "containment")
PAIR_A = ("page_a", "page_id_a", "a", "left", "page1", "source_a")
PAIR_B = ("page_b", "page_id_b", "b", "right", "page2", "source_b")
CONCEPT_COLS = ("concept", "term", "label", "name")
CATEGORY_COLS = ("category", "group", "topic")
COUNT_COLS = ("count", "mentions", "hits", "occurrences", "n", "frequency")


def first_col(df: pd.DataFrame | None, names: Iterable[str]) -> str | None:
    """The first of `names` that is a column of `df` (None when df is None or has none of them)."""
    if df is None:
        return None
    for name in names:
        if name in df.columns:
            return name
    return None


def table(audit: "Audit", *names: str) -> pd.DataFrame | None:
    """The first of the named extra tables that the measures produced, else None."""
    for name in names:
        df = audit.tables.get(name)
        if isinstance(df, pd.DataFrame):
            return df
    return None


def ok_pages(audit: "Audit") -> pd.DataFrame:
    """The audited pages (the assessments' definition: `assess.ok_pages`)."""
    from audit.present.assess import ok_pages as audited

    return audited(audit.pages)


def tidy(df: pd.DataFrame, digits: int | None = None) -> pd.DataFrame:
    """Private columns dropped, floats rounded (by default as in the CSV files: `audit.present.tables.round_frame`, one rule
    per kind of figure; or to `digits` decimals), index reset: ready to print."""
    cols = [c for c in df.columns if not str(c).startswith("_")]
    if digits is None:
        from audit.present.tables import round_frame

        return round_frame(df[cols]).reset_index(drop=True)
    out = df[cols].copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(digits)
    return out.reset_index(drop=True)


def sort_rows(df: pd.DataFrame, keys: list[tuple[str, bool]]) -> pd.DataFrame:
    """Stable sort by the keys present (column, ascending), always ending with every remaining column for ties."""
    present = [(c, asc) for c, asc in keys if c in df.columns]
    rest = [c for c in df.columns if c not in {c for c, _ in present}
            and df[c].map(lambda v: isinstance(v, (str, int, float, bool, np.number)) or v is None).all()]
    by = [c for c, _ in present] + rest
    asc = [a for _, a in present] + [True] * len(rest)
    if not by or df.empty:
        return df
    try:
        return df.sort_values(by, ascending=asc, kind="mergesort", na_position="last")
    except TypeError:  # a tie-break column mixing types (e.g. text and numbers): sort by the named keys only
        if not present:
            return df
        return df.sort_values([c for c, _ in present], ascending=[a for _, a in present], kind="mergesort",
                              na_position="last")


def grades(audit: "Audit") -> pd.Series | None:
    """Grade per audited page (index page_id, sorted by page id)."""
    pages = ok_pages(audit)
    grade = first_col(pages, GRADE_COLS)
    if grade is None:
        return None
    return pages.set_index("page_id")[grade].astype(float).sort_index()


def pages_over_grade_limit(audit: "Audit", settings: "Settings | None" = None) -> pd.DataFrame | None:
    """The audited pages above the grade limit (`assess.grade_limit`: `[check] max_grade`, else the target grade),
    hardest first: page_id, grade, limit, over_by. "Over the target" is `meets_target` false (pages.csv)."""
    from audit.present.assess import grade_limit, pages_over_grade_limit

    settings = settings or audit.settings
    over = pages_over_grade_limit(audit.pages, settings)  # the grade assessment decides (red light)
    if over is None:
        return None
    limit = grade_limit(settings)
    over = over.sort_index()
    out = pd.DataFrame({"page_id": over.index, "grade": over.values, "limit": limit})
    out["over_by"] = out["grade"] - limit
    return tidy(sort_rows(out, [("grade", False), ("page_id", True)]), 1)


def pairs(audit: "Audit", n: int | None = None, raw: bool = False) -> pd.DataFrame | None:
    """Similar page pairs, most similar first (the top `n`), with column names page_a, page_b, similarity."""
    df = table(audit, "pairs", "similar_pairs")
    if df is None:
        return None
    a, b, sim = first_col(df, PAIR_A), first_col(df, PAIR_B), first_col(df, SIM_COLS)
    out = df.rename(columns={k: v for k, v in ((a, "page_a"), (b, "page_b"), (sim, "similarity")) if k})
    out = sort_rows(out, [("similarity", False), ("page_a", True), ("page_b", True)]).reset_index(drop=True)
    if raw:
        return out
    out = tidy(out)
    return out if n is None else out.head(n)


def near_duplicate_pairs(audit: "Audit") -> pd.DataFrame | None:
    """Pairs at or above [duplication] near_duplicate_threshold, exact duplicates included: as the duplication
    measure decided them (its `near_duplicate` and `exact_duplicate` columns, `audit.duplication.shingles.pair_table`)."""
    p = pairs(audit, raw=True)
    if p is None:
        return None
    mask = p["near_duplicate"].fillna(False).astype(bool) | p["exact_duplicate"].fillna(False).astype(bool)
    return tidy(p[mask])


def _orient(m: pd.DataFrame, page_ids: set[str]) -> pd.DataFrame:
    """Concepts as rows, pages as columns."""
    if set(map(str, m.index)) & page_ids and not set(map(str, m.columns)) & page_ids:
        return m.T
    return m


def coverage_matrix(audit: "Audit") -> pd.DataFrame | None:
    """Concept × page mentions, rows indexed (category, concept), sorted by category then concept."""
    page_ids = set(ok_pages(audit)["page_id"])
    m = audit.api.get("coverage")
    if isinstance(m, pd.DataFrame) and not m.empty:
        m = _orient(m, page_ids)
        cat = first_col(m, CATEGORY_COLS)
        con = first_col(m, CONCEPT_COLS)
        if cat or con:  # category / concept as columns
            m = m.set_index([c for c in (cat, con) if c])
        page_cols = [c for c in m.columns if str(c) in page_ids] or [c for c in m.columns
                                                                    if pd.api.types.is_numeric_dtype(m[c])]
        m = m[page_cols]
        if not all(pd.api.types.is_numeric_dtype(t) for t in m.dtypes):  # (numeric columns: as to_numeric leaves them)
            m = m.apply(pd.to_numeric, errors="coerce")
        m = m.fillna(0)
        if not isinstance(m.index, pd.MultiIndex):
            cats = concept_categories(audit)
            names = [str(c) for c in m.index]
            m.index = pd.MultiIndex.from_arrays([[cats.get(c, "") for c in names], names],
                                                names=["category", "concept"])
        m.index = m.index.set_names(["category", "concept"][-m.index.nlevels:] if m.index.nlevels <= 2
                                    else m.index.names)
        m = m.sort_index()
        return m[sorted(m.columns, key=str)]
    terms = table(audit, "terms", "coverage")
    if terms is None:
        return None
    con = first_col(terms, CONCEPT_COLS)
    if con is None or "page_id" not in terms.columns:
        return None
    cat = first_col(terms, CATEGORY_COLS)
    count = first_col(terms, COUNT_COLS)
    t = terms.copy()
    t["_category"] = t[cat].astype(str) if cat else ""
    t["_n"] = pd.to_numeric(t[count], errors="coerce").fillna(0) if count else 1
    m = t.pivot_table(index=["_category", con], columns="page_id", values="_n", aggfunc="sum", fill_value=0)
    m.index = m.index.set_names(["category", "concept"])
    m.columns.name = None
    for pid in sorted(page_ids - set(m.columns)):
        m[pid] = 0
    m = m.sort_index()
    return m[sorted(m.columns, key=str)]


def concept_categories(audit: "Audit") -> dict[str, str]:
    """Concept name -> category, from the loaded glossary or the term tables."""
    out: dict[str, str] = {}
    glossary = audit.api.get("glossary")  # an `audit.terms.glossary.Glossary` when terms were measured
    for concept in glossary.concepts if glossary is not None else ():
        out[concept.name] = concept.category
    for name in ("terms", "term_gaps", "jargon"):
        if name not in audit.tables:
            continue
        # only the two columns, read chunk by chunk (`rows.rows`): a large terms table is never held whole
        have = pd.DataFrame(columns=table_columns(audit, name))
        con, cat = first_col(have, CONCEPT_COLS), first_col(have, CATEGORY_COLS)
        if con and cat:
            df = table_rows(audit, name, cols=[con, cat])
            for c, k in zip(df[con], df[cat]):
                if isinstance(c, str) and c and c not in out:
                    out[c] = str(k)
    return out


def concepts_found(audit: "Audit") -> dict[str, int] | None:
    """Concept (case-folded) -> number of pages mentioning it; None when term coverage was not measured."""
    m = coverage_matrix(audit)
    if m is None:
        return None
    found = (m > 0).sum(axis=1)
    out: dict[str, int] = {}
    for key, n in found.items():
        concept = key[-1] if isinstance(key, tuple) else key
        out[str(concept).casefold()] = max(out.get(str(concept).casefold(), 0), int(n))
    return out
