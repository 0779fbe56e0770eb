"""What the terminal and the notebooks say about a run, in a reader's words.

- `verdict_line`: the last line of `audit run` / `audit report` ("3 pages audited · 3 above grade 8 · 0 near-duplicate
  pairs — report: reports/index.html").
- `not_read_line`: what the folders given held that no page extension reads, when it may be pages: a document
  format ("not read: 12 .adoc files …"), or any file when no page was found at all.
- `show(df)`: a notebook table as a pandas Styler (no index, text wrapped in columns of a readable width, numbers
  as rounded), with the same table as plain text for nbval and terminals. Deterministic: the Styler's id is derived
  from the table's content, never random.
- `next_steps(audit, story)`: the concluding cell of each notebook: what to do next, computed from the run's own
  results ("Start with page 000: grade 15.5 …"). Notebooks hold narrative and calls only.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit.present import views
from audit.present.assess import grade_limit
from audit.present.rows import columns as table_columns, first_ranks, rows as table_rows

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

TEXT_WIDTH = "32em"  # the widest a text column grows before it wraps
QUOTE_WORDS = 16  # words of a sentence quoted in advice


# ------------------------------------------------------------------ the terminal

# file extensions of documents a site may keep its pages in that `[load] extensions` does not list by default:
# lightweight markup (reStructuredText, AsciiDoc, Org, Textile, Markdown's rarer suffixes, wiki text), notebooks,
# and office or print formats (which the audit cannot read: said so, not hidden)
DOCUMENT_EXTENSIONS = frozenset({
    ".rst", ".rest", ".adoc", ".asciidoc", ".org", ".textile", ".rdoc", ".pod", ".tex", ".wiki", ".mediawiki",
    ".creole", ".mkd", ".mkdn", ".mdown", ".mdwn", ".markdn", ".ipynb", ".docx", ".doc", ".odt", ".rtf", ".pdf",
    ".epub"})

def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def not_read_line(summary: dict[str, Any], extensions: tuple[str, ...]) -> str:
    """One line on the files a run saw and did not read (`summary.json`'s `not_read`), or "": those of a document
    format (`DOCUMENT_EXTENSIONS`: "note: not read: 12 .adoc files, 2 .pdf files: no page extension
    ([load] extensions: .txt .md …); an extension added there is read as plain text"), or, when no page was read at all,
    every extension seen ("no page found: …")."""
    seen = summary.get("not_read", {}).get("extensions", {})
    pages = summary.get("pages", {}).get("total", 0)
    shown = {e: n for e, n in seen.items() if e in DOCUMENT_EXTENSIONS} if pages else dict(seen)
    if not shown:
        return ""
    ranked = sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))
    listed = ", ".join(_plural(n, f"{e or '(no extension)'} file") for e, n in ranked[:6])
    more = f" and {_plural(sum(n for _, n in ranked[6:]), 'more file')}" if len(ranked) > 6 else ""
    lead = "note: not read" if pages else "note: no page found; not read"
    return (f"{lead}: {listed}{more}: no page extension ([load] extensions: {' '.join(extensions)}); "
            "an extension added there is read as plain text")


def verdict_line(audit: "Audit", out: str | Path | None = None, report: str | Path | None = None) -> str:
    """One line: pages audited (and skipped), pages above the grade limit, near-duplicate pairs, then where to look:
    the report's index.html when one was written, else the output folder."""
    pages = audit.pages
    ok = views.ok_pages(audit)
    bad = len(pages) - len(ok)
    parts = [_plural(len(ok), "page") + " audited" + (f" ({bad:,} skipped)" if bad else "")]
    over = views.pages_over_grade_limit(audit)
    if over is not None:
        parts.append(f"{len(over):,} above grade {grade_limit(audit.settings):g}")
    near = views.near_duplicate_pairs(audit)
    if near is not None:
        parts.append(_plural(len(near), "near-duplicate pair"))
    line = " · ".join(parts)
    if report is not None:
        return f"{line} — report: {report}"
    if out is not None:
        return f"{line} — tables: {out}"
    return line


# ------------------------------------------------------------------ notebook tables

class Table:
    """A table for a notebook: HTML through a pandas Styler, plain text (no index) for everything else."""

    def __init__(self, df: pd.DataFrame, caption: str = ""):
        self.df = df.reset_index(drop=True)
        self.caption = caption

    def __repr__(self) -> str:
        if self.df.empty:
            return "(no rows)" if len(self.df.columns) else "(nothing to show)"
        return self.df.to_string(index=False, na_rep="–", float_format=_number)

    def _repr_html_(self) -> str:
        df = self.df
        if df.empty:
            return "<p><em>No rows.</em></p>"
        digest = hashlib.blake2b(df.to_csv(index=False).encode("utf-8"), digest_size=5).hexdigest()
        styler = df.style.hide(axis="index").set_uuid(f"audit{digest}")
        floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c].dtype)]
        styler = styler.format(_number, subset=floats, na_rep="–") if floats else styler.format(na_rep="–")
        text = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c].dtype)
                and df[c].map(lambda v: isinstance(v, str) and len(v) > 30).any()]
        styler = styler.set_table_styles([
            {"selector": "th", "props": [("text-align", "left"), ("vertical-align", "bottom")]},
            {"selector": "td", "props": [("text-align", "left"), ("vertical-align", "top"),
                                         ("white-space", "normal")]},
        ])
        if text:
            styler = styler.set_properties(subset=text, **{"min-width": "12em", "max-width": TEXT_WIDTH,
                                                           "overflow-wrap": "break-word"})
        if self.caption:
            styler = styler.set_caption(self.caption)
        return styler.to_html()


def _number(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def show(df: pd.DataFrame | None, caption: str = "") -> "Table | Note":
    """A view's table ready to display; a note when the measure is absent (`None`)."""
    if df is None:
        return Note("Not measured for this corpus.")
    return Table(df, caption)


class Note(str):
    """Markdown text shown as such in a notebook (and as plain text elsewhere)."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


# ------------------------------------------------------------------ what to do next

def _quote(text: str, words: int = QUOTE_WORDS) -> str:
    parts = str(text).split()
    out = " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    return "“" + out.replace("*", "\\*").replace("_", "\\_") + "”"


def _code(text: Any) -> str:
    return "`" + str(text).replace("`", "'") + "`"


def _worst_page(audit: "Audit") -> tuple[str, float] | None:
    g = views.grades(audit)
    if g is None or g.dropna().empty:
        return None
    g = g.dropna()
    top = g[g == g.max()].sort_index()
    return str(top.index[0]), float(top.iloc[0])


def _rewrite_first(audit: "Audit", page_id: str | None = None, n: int = 3) -> pd.DataFrame:
    if "rewrite_rank" not in table_columns(audit, "sentences"):
        return table_rows(audit, "sentences", lambda s: s.index < 0)
    s = table_rows(audit, "sentences", first_ranks(audit, n) if page_id is None else
                   (lambda s: s["rewrite_rank"].notna() & (s["page_id"] == page_id)))
    return s.sort_values("rewrite_rank", kind="mergesort").head(n)


def _readability_steps(audit: "Audit") -> list[str]:
    worst = _worst_page(audit)
    if worst is None:
        return ["Readability was not measured (or no page had enough text to grade)."]
    limit = grade_limit(audit.settings)
    over = views.pages_over_grade_limit(audit)
    n_over = 0 if over is None else len(over)
    page, grade = worst
    if grade <= limit:
        return [f"Every page reads at grade {limit:g} or lower: nothing to rewrite for readability."]
    row = views.ok_pages(audit).set_index("page_id").loc[page]
    detail = []
    for col, label in (("very_hard_sentences", "very hard sentence"), ("hard_sentences", "hard sentence")):
        if col in row.index and pd.notna(row[col]) and int(row[col]):
            detail.append(_plural(int(row[col]), label))
            break
    if "passive_share" in row.index and pd.notna(row["passive_share"]):
        detail.append(f"{100 * float(row['passive_share']):.0f} % passive")
    steps = [f"**Start with page {_code(page)}**: grade {grade:.1f} against a target of {limit:g}"
             + (f" ({', '.join(detail)})" if detail else "") + "."]
    first = _rewrite_first(audit, page)
    if len(first):
        s = first.iloc[0]
        where = f"line {int(s['line'])}" if "line" in s.index and pd.notna(s["line"]) else f"sentence {s['sentence']}"
        steps.append(f"Rewrite first its {where}: {_quote(s['text'])} (grade {float(s['grade']):.1f}, "
                     f"{int(s['words'])} words) — split it in two and prefer common words.")
    if n_over > 1:
        steps.append(f"Then the other {_plural(n_over - 1, 'page')} above grade {limit:g}, hardest first "
                     "(`sentences.csv` sorted by `rewrite_rank` lists every sentence to rewrite, with its line).")
    return steps


def _duplication_steps(audit: "Audit") -> list[str]:
    near = views.near_duplicate_pairs(audit)
    if near is None:
        return ["Duplication was not measured."]
    steps = []
    if len(near):
        a, b = near.iloc[0]["page_a"], near.iloc[0]["page_b"]
        steps.append(f"**Merge or rewrite the {_plural(len(near), 'near-duplicate pair')}**, first "
                     f"{_code(a)} and {_code(b)}: keep one page and redirect the other, or make each say something "
                     "of its own.")
    pages = views.ok_pages(audit)
    if "duplicate_share" in pages.columns and pages["duplicate_share"].notna().any():
        top = pages.sort_values(["duplicate_share", "page_id"], ascending=[False, True], kind="mergesort").iloc[0]
        share = float(top["duplicate_share"])
        if share > 0:
            text = (f"Page {_code(top['page_id'])} has the most copied text: {100 * share:.0f} % of its words are in "
                    "passages shared with another page")
            p = views.table(audit, "passages")
            if p is not None and len(p):
                mine = p[(p["page_a"] == top["page_id"]) | (p["page_b"] == top["page_id"])]
                if len(mine):
                    r = mine.iloc[0]
                    other = r["page_b"] if r["page_a"] == top["page_id"] else r["page_a"]
                    side = "a" if r["page_a"] == top["page_id"] else "b"
                    lines = r.get(f"lines_{side}", "")
                    where = f"lines {lines}" if "-" in str(lines) else f"line {lines}"
                    text += (f"; e.g. {where}: {_quote(r[f'text_{side}'])}, also on {_code(other)}. Say it "
                             "once, and link the other page to it")
            steps.append(text + ".")
    if not steps:
        steps.append("No page copies another: nothing to merge.")
    return steps


def _terms_steps(audit: "Audit") -> list[str]:
    m = views.coverage_matrix(audit)
    if m is None:
        return ["Term coverage was not measured."]
    steps = []
    missing = [k[-1] for k, v in (m > 0).any(axis=1).items() if not v]
    if missing:
        shown = ", ".join(_code(c) for c in missing[:5]) + (" …" if len(missing) > 5 else "")
        steps.append(f"**Cover the gaps**: {_plural(len(missing), 'glossary concept')} appear on no page "
                     f"({shown}); add them where a reader would look for them, or drop them from the glossary.")
    j = views.table(audit, "jargon")
    if j is not None and len(j) and "explained" in j.columns:
        unexplained = j[~j["explained"].fillna(False).astype(bool)]
        if len(unexplained):
            first = unexplained.iloc[0]
            where = f" line {int(first['line'])}" if "line" in first.index and pd.notna(first["line"]) else ""
            steps.append(f"Explain technical terms where they first appear: {_plural(len(unexplained), 'first use')} "
                         f"without an explanation, first {_code(first['concept'])} on page {_code(first['page_id'])}"
                         f"{where}.")
    if not steps:
        steps.append("Every glossary concept is covered and every technical term is explained.")
    return steps


def _template_steps(audit: "Audit") -> list[str]:
    pages = views.ok_pages(audit)
    if pages.empty or "template_share" not in pages.columns or pages["template_share"].dropna().empty:
        return ["No page was audited."]
    top = pages.sort_values(["template_share", "page_id"], ascending=[False, True], kind="mergesort").iloc[0]
    stripped = views.stripped_blocks(audit, str(top["page_id"]))
    return [f"Check what was removed from page {_code(top['page_id'])}, which lost the most: "
            f"{100 * float(top['template_share']):.0f} % of its words in {_plural(len(stripped), 'block')} (table "
            "above). If article text was stripped, adjust `[boilerplate]` in `audit.toml`; if template was kept, add "
            "a pattern to `extra_patterns`."]


STORIES = {"summary": None, "template": _template_steps, "readability": _readability_steps,
           "duplication": _duplication_steps, "terms": _terms_steps}


def next_steps(audit: "Audit", story: str = "summary") -> Note:
    """What to do next, from this run's results, as Markdown: `story` is summary (the most useful step of each
    part), template, readability, duplication or terms."""
    if story not in STORIES:
        raise ValueError(f"story {story!r}: expected one of {', '.join(STORIES)}")
    if story == "summary":
        steps = [_readability_steps(audit)[0], _duplication_steps(audit)[0], _terms_steps(audit)[0]]
    else:
        steps = STORIES[story](audit)
    return Note("\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)) + "\n")
