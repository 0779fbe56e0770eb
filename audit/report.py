"""The editor's report: one self-contained HTML file (`index.html`), readable offline, no code and no JavaScript.

The same story as the notebooks, in the same order: 1 summary verdict, 2 corpus and site template, 3 readability,
4 duplication, 5 term coverage. Tables come from `audit.views`, charts from `audit.plots` (inline SVG images as
`data:` URIs). Safety: every piece of page text, page id, title and reason goes through `html.escape`, and a
Content-Security-Policy forbids scripts and any network fetch, so a corpus page containing `<script>` or
`<img onerror=…>` shows as text and never runs. Deterministic: the same audit gives the same bytes (no dates, fixed
SVG ids and metadata).
"""
from __future__ import annotations

import base64
import html
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import pandas as pd

from . import plots, views
from .gate import FAIL, NOT_CONFIGURED, NOT_EVALUATED, PASS, evaluate

if TYPE_CHECKING:
    from .pipeline import Audit

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
OPEN_DETAILS_MAX_PAGES = 10  # small corpora: per-page details open by default
MAX_ROWS = 200  # longest table printed in full; the CSV files hold everything

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#1a1a1a;
 max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem;background:#fff}
h1{font-size:1.9rem;margin-bottom:.2rem}h2{border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin-top:1.6rem}nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1.4rem;padding-left:0;list-style:none}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.9rem;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef3f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.text{white-space:pre-wrap;overflow-wrap:anywhere}
.verdict{padding:.8rem 1rem;border-radius:6px;font-size:1.15rem;font-weight:600;border:2px solid}
.verdict.pass{background:#e6f4ef;border-color:#009E73}.verdict.fail{background:#fbeee6;border-color:#D55E00}
.status{font-weight:700;white-space:nowrap}.status.pass{color:#006b4f}.status.fail{color:#a34100}
.status.not_evaluated,.status.not_configured{color:#555}
.note{color:#444;font-size:.92rem}.missing{color:#555;font-style:italic}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.88rem;color:#444}
details{margin:.4rem 0;border:1px solid #ddd;border-radius:4px;padding:.3rem .6rem}
summary{cursor:pointer;font-weight:600}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.2rem 1rem;border-top:1px solid #ccc;padding:.5rem 0}
.side h4{margin:.2rem 0;font-size:.9rem}.side p{margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
footer{margin-top:3rem;font-size:.85rem;color:#555;border-top:1px solid #ccc}
"""

STATUS_TEXT = {PASS: "pass", FAIL: "FAIL", NOT_EVALUATED: "not evaluated", NOT_CONFIGURED: "not configured"}


def esc(value: Any) -> str:
    """Text for HTML: every value shown in the report passes through here."""
    return html.escape("" if value is None else str(value), quote=True)


def _fmt(col: str, value: Any) -> tuple[str, str]:
    """(cell text, css class) for one table value."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–", "num"
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), ""
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        v = float(value)
        if str(col).endswith("share") or str(col).startswith("share_"):
            return f"{100 * v:.0f} %", "num"
        if v.is_integer():
            return f"{int(v)}", "num"
        return f"{v:.2f}".rstrip("0").rstrip("."), "num"
    text = str(value)
    return text, "text" if len(text) > 40 else ""


def html_table(df: pd.DataFrame | None, max_rows: int = MAX_ROWS, caption: str = "") -> str:
    if df is None:
        return '<p class="missing">Not measured for this corpus.</p>'
    if df.empty:
        return '<p class="missing">Nothing to show: no rows.</p>'
    head = "".join(f'<th scope="col">{esc(str(c).replace("_", " "))}</th>' for c in df.columns)
    rows = []
    for rec in df.head(max_rows).itertuples(index=False):
        cells = []
        for col, value in zip(df.columns, rec):
            text, cls = _fmt(col, value)
            cells.append(f'<td class="{cls}">{esc(text)}</td>' if cls else f"<td>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="note">Showing {max_rows} of {len(df)} rows; the CSV files hold them all.</p>'
            if len(df) > max_rows else "")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def figure(build: Callable[["Audit"], Any], audit: "Audit", alt: str, caption: str) -> str:
    fig = build(audit)
    if fig is None:
        return f'<p class="missing">No chart: {esc(alt.lower())} was not measured for this corpus.</p>'
    data = base64.b64encode(plots.svg_bytes(fig)).decode("ascii")
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{esc(alt)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def p(text: str) -> str:
    return f"<p>{esc(text)}</p>"


# ------------------------------------------------------------------ sections

def section_summary(audit: "Audit") -> str:
    verdict = evaluate(audit)
    n_eval = sum(c.status in (PASS, FAIL) for c in verdict.checks)
    if verdict.passed:
        line = f"The site passes its checks ({n_eval} evaluated)."
        cls = "pass"
    else:
        line = f"The site fails {len(verdict.failed)} of {n_eval} checks: " + ", ".join(
            c.title for c in verdict.failed) + "."
        cls = "fail"
    if verdict.not_evaluated:
        line += " Not evaluated (measure missing): " + ", ".join(c.title for c in verdict.not_evaluated) + "."
    checks = pd.DataFrame([{"check": c.title, "result": STATUS_TEXT[c.status], "detail": c.message}
                           for c in verdict.checks])
    rows = []
    for rec in checks.itertuples(index=False):
        status = next(k for k, v in STATUS_TEXT.items() if v == rec.result)
        rows.append(f'<tr><td>{esc(rec.check)}</td><td class="status {status}">{esc(rec.result)}</td>'
                    f"<td>{esc(rec.detail)}</td></tr>")
    table = ('<table><thead><tr><th scope="col">check</th><th scope="col">result</th><th scope="col">detail</th>'
             f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return "".join([
        '<section id="summary"><h2>1. Summary: the verdict</h2>',
        f'<p class="verdict {cls}">{esc(line)}</p>',
        p("The CI gate (audit check) applies these thresholds from the configuration file; the same verdict "
          "is shown here."),
        table,
        "<h3>Key figures</h3>",
        html_table(views.key_figures(audit)),
        f"<h3>Pages above the grade target ({views.max_grade(audit.settings):g})</h3>",
        html_table(views.pages_over_target(audit)),
        "<h3>Biggest coverage gaps</h3>",
        html_table(views.gaps_by_category(audit), max_rows=6),
        "</section>",
    ])


def section_template(audit: "Audit") -> str:
    parts = [
        '<section id="template"><h2>2. Corpus and site template</h2>',
        p("Every page carries site template — skip links, phone numbers, addresses, opening hours, bylines, menus — "
          "that is not the article. It is stripped before anything is measured, so scores describe what readers "
          "come for. Each stripped block has a reason: a pattern rule (e.g. a phone number), repetition on other "
          "pages, or its position before or after the article."),
        figure(plots.fig_template, audit, "Article body and stripped template per page",
               "Blue: the article body that is measured. Other colours: template stripped, by reason."),
        "<h3>Pages</h3>",
    ]
    corpus = views.corpus_table(audit)
    titles = audit.pages.set_index("page_id")["title"]
    if titles.astype(str).str.strip().ne("").any():
        corpus.insert(1, "title", corpus["page_id"].map(titles).fillna(""))
    parts.append(html_table(corpus))
    parts.append("<h3>What was stripped from each page, and why</h3>")
    stripped = views.stripped_blocks(audit)
    pages = views.ok_pages(audit)
    is_open = " open" if len(pages) <= OPEN_DETAILS_MAX_PAGES else ""
    for row in pages.sort_values("page_id").itertuples():
        mine = stripped[stripped["page_id"] == row.page_id].drop(columns=["page_id"])
        share = _fmt("share", row.template_share)[0]
        parts.append(f"<details{is_open}><summary>{esc(row.page_id)} — {len(mine)} block(s) stripped, "
                     f"{esc(share)} of its words</summary>{html_table(mine)}</details>")
    dup = views.kept_duplicates(audit)
    if len(dup):
        parts.append("<h3>Repeated text kept as article body</h3>")
        parts.append(p("These blocks also appear on other pages but sit inside the article, so they are duplicated "
                       "content rather than template: the duplication section reports them."))
        parts.append(html_table(dup))
    skipped = audit.pages[audit.pages["status"] != "ok"]
    if len(skipped):
        parts.append("<h3>Files not audited</h3>")
        parts.append(html_table(skipped[["page_id", "source", "status", "reason"]].sort_values("page_id")))
    parts.append("</section>")
    return "".join(parts)


def section_readability(audit: "Audit") -> str:
    s = audit.settings
    target = views.max_grade(s)
    parts = [
        '<section id="readability"><h2>3. Readability</h2>',
        p(f"Health-literacy guidance asks patient material to read at grade 8 or lower (NIH, CDC), grade 6 for the "
          f"AMA. This audit's target is grade {target:g}. The grade is the US school year a reader needs to follow "
          "the text; lower is easier. Long sentences and long words raise it."),
        figure(plots.fig_grades, audit, "Reading grade per page",
               f"Shaded: the health-literacy band (grade 6–8). Dashed line: the target, grade {target:g}. "
               "Hatched orange bars are above the target."),
        "<h3>Scores per page (hardest first)</h3>",
        html_table(views.readability_table(audit)),
        "<h3>Why each page misses the target</h3>",
        html_table(views.readability_why(audit)),
        figure(plots.fig_sentence_grades, audit, "Grade of every sentence",
               f"One dot per sentence. Dots right of grade {s.readability.hard_sentence_grade:g} are hard, right "
               f"of {s.readability.very_hard_sentence_grade:g} very hard."),
        "<h3>Sentences to rewrite first</h3>",
        p(f"Very hard and hard sentences first, then very long (over {s.readability.very_long_sentence_words} "
          f"words) and long (over {s.readability.long_sentence_words} words) ones. Split them, and prefer "
          "common words."),
        html_table(views.sentences_to_rewrite(audit, n=15)),
        "<h3>Passive voice</h3>",
        p(f"Passive sentences hide who does what (\"a diagnosis will be made\" rather than \"your doctor will "
          f"diagnose\"). Aim for at most {s.readability.passive_share_max:.0%} of sentences."),
        html_table(views.passive_by_page(audit)),
        html_table(views.passive_sentences(audit, n=15)),
        "<h3>Words with a plainer alternative</h3>",
        html_table(views.plain_alternatives(audit, n=30)),
        "<h3>Most used difficult words</h3>",
        p("Words of several syllables that are not on the list of words most readers know. Medical terms may be "
          "needed; explain them the first time."),
        html_table(views.difficult_words(audit, n=30)),
        "</section>",
    ]
    return "".join(parts)


def section_duplication(audit: "Audit") -> str:
    thr = audit.settings.duplication.near_duplicate_threshold
    parts = [
        '<section id="duplication"><h2>4. Duplication</h2>',
        p(f"Pages that copy each other compete in search results and confuse readers. Similarity is the share of "
          f"word sequences two pages have in common (template excluded); pairs at {thr:.0%} or more are "
          "near-duplicates."),
        figure(plots.fig_similarity, audit, "Similarity between pages",
               "Each square: how much text two pages share (1 = identical). Colour scale: cividis."),
        "<h3>Most similar page pairs</h3>",
        html_table(views.pairs(audit)),
        "<h3>Duplicated share per page</h3>",
        html_table(views.duplication_table(audit)),
        "<h3>Shared passages, side by side</h3>",
    ]
    ps = views.passages(audit, n=30)
    if ps is None:
        parts.append('<p class="missing">Not measured for this corpus.</p>')
    elif ps.empty:
        parts.append('<p class="missing">No passages are shared between pages.</p>')
    else:
        for rec in ps.to_dict("records"):
            meta = ", ".join(f"{k.replace('_', ' ')} {_fmt(k, rec[k])[0]}" for k in ("kind", "score") if k in rec)
            la = f" (line {rec['lines_a']})" if "lines_a" in rec else ""
            lb = f" (line {rec['lines_b']})" if "lines_b" in rec else ""
            parts.append(
                f'<div class="side"><h4>{esc(rec.get("page_a", ""))}{esc(la)}</h4>'
                f'<h4>{esc(rec.get("page_b", ""))}{esc(lb)}</h4>'
                f'<p>{esc(rec.get("text_a", rec.get("text", "")))}</p><p>{esc(rec.get("text_b", ""))}</p>'
                f'<p class="note">{esc(meta)}</p></div>')
    parts.append("</section>")
    return "".join(parts)


def section_terms(audit: "Audit") -> str:
    parts = [
        '<section id="terms"><h2>5. Term coverage</h2>',
        p("Which topics of the glossary each page covers. Gaps are concepts no page mentions (or only one); "
          "discovered terms are frequent phrases the glossary lacks; unexplained jargon is a technical term used "
          "without a definition or plain words nearby."),
        figure(plots.fig_coverage, audit, "Glossary concepts mentioned per page",
               "Rows: glossary concepts grouped by category; columns: pages; colour: mentions (dark = none)."),
        "<h3>Coverage by category</h3>",
        html_table(views.category_coverage(audit)),
        "<h3>Gaps</h3>",
        p("Not covered: no page mentions the concept. One page only: a single page carries the topic. "
          "Few in category: a page covers almost nothing of a whole category."),
        html_table(views.gaps_by_category(audit)),
        "<h3>Pages competing for the same topic</h3>",
        p("Page pairs whose main concepts coincide: they may compete in search results (keyword cannibalisation)."),
        html_table(views.term_overlap(audit)),
        "<h3>Discovered terms (not in the glossary)</h3>",
        html_table(views.discovered_terms(audit, n=30)),
        "<h3>Unexplained jargon</h3>",
        html_table(views.jargon_by_page(audit)),
        html_table(views.jargon(audit, n=60)),
        "</section>",
    ]
    return "".join(parts)


def _footer(audit: "Audit") -> str:
    versions = audit.summary.get("versions", {})
    v = ", ".join(f"{k} {val}" for k, val in sorted(versions.items()))
    s = audit.settings
    return (f"<footer><p>Settings: target grade {s.readability.target_grade:g}; near-duplicate threshold "
            f"{s.duplication.near_duplicate_threshold:g}; template repeated on ≥ {s.boilerplate.min_pages} pages. "
            f"Every setting and every row is in summary.json and the CSV files next to this report.</p>"
            f"<p>Versions: {esc(v)}</p></footer>")


def render(audit: "Audit") -> str:
    s = audit.summary.get("pages", {})
    n_ok = s.get("ok", int(len(views.ok_pages(audit))))
    n_skip = s.get("total", len(audit.pages)) - n_ok
    nav = ("<nav><ul><li><a href=\"#summary\">Summary</a></li><li><a href=\"#template\">Corpus and template</a></li>"
           "<li><a href=\"#readability\">Readability</a></li><li><a href=\"#duplication\">Duplication</a></li>"
           "<li><a href=\"#terms\">Term coverage</a></li></ul></nav>")
    body = "".join([
        "<header><h1>Content audit report</h1>",
        p(f"{n_ok} page(s) audited, {n_skip} not audited. Readability, duplication and term coverage are measured "
          "on the article body only, with the site template stripped."),
        nav, "</header><main>",
        section_summary(audit), section_template(audit), section_readability(audit), section_duplication(audit),
        section_terms(audit), "</main>", _footer(audit),
    ])
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta name=\"referrer\" content=\"no-referrer\">"
            f"<title>Content audit report</title><style>{STYLE}</style></head><body>{body}</body></html>\n")


def write_report(audit: "Audit", out_dir: str | Path) -> Path:
    """Write `out_dir/index.html` atomically and return its path."""
    from .output import atomic_write_text

    path = Path(out_dir) / "index.html"
    atomic_write_text(path, render(audit))
    return path
