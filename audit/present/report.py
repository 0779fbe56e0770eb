"""The editor's report: `index.html` (a to-do list of pages) and one view per page (`pages/<id>.html`).

`index.html` opens on the pages, most urgent first (title, id, grade vs target, duplicated share, unexplained jargon,
missing required concepts, one priority combining them and the single most useful action), then the checks as
traffic lights with one plain sentence each, the duplicate groups and shared passages, charts, and an appendix with
the figures and the template audit for developers. Every page id links to its page view (`audit.present.pageview`).
The lights, priorities and advice come from `audit.present.assess`, as the CI gate's decisions do.

Safety: every value goes through `htmlparts.esc`; a Content-Security-Policy forbids any network fetch and every
script but the one small inline script of the index (sorting and filtering the page list), allowed by its sha256
hash; without it the list is still ordered by priority. Deterministic: the same audit gives the same bytes.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd

from audit.present import assess
from audit.present import plots
from audit.present import views
from audit.present.gate import FAIL, NOT_CONFIGURED, NOT_EVALUATED, PASS, evaluate
from audit.present.groups import duplicate_groups, ranked_passages
from audit.present.htmlparts import document, esc, html_table, light, page_file, page_link, svg_figure
from audit.present.pageview import PageView
from audit.present.rows import count as table_count, page_chunks

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

MAX_PASSAGES = 30
MAX_HEATMAP_PAGES = 12  # above this, ranked lists replace the heatmaps and per-page charts
APPENDIX_ROWS = 40  # rows per appendix table (the CSV files hold every row)
STATUS_LIGHT = {PASS: assess.GREEN, FAIL: assess.RED, NOT_EVALUATED: assess.GREY, NOT_CONFIGURED: assess.GREY}
STATUS_TEXT = {PASS: "pass", FAIL: "fail", NOT_EVALUATED: "not evaluated", NOT_CONFIGURED: "not configured"}
EXTRA_STYLE = """
input.filter{width:100%;max-width:28rem;padding:.4rem;margin:.4rem 0;font-size:1rem}
#pagelist th{cursor:pointer}#pagelist th[aria-sort=ascending]::after{content:" ▲"}
#pagelist th[aria-sort=descending]::after{content:" ▼"}.pg small{color:#555;display:block}
"""
SCRIPT = (
    "(function(){var t=document.getElementById('pagelist');if(!t)return;var b=t.tBodies[0];"
    "var f=document.createElement('input');f.type='search';f.className='filter';"
    "f.placeholder='Filter: type part of a title, id or action';f.setAttribute('aria-label','Filter pages');"
    "t.parentNode.parentNode.insertBefore(f,t.parentNode);"
    "f.addEventListener('input',function(){var q=f.value.toLowerCase();"
    "Array.prototype.forEach.call(b.rows,function(r){r.hidden=!!q&&r.textContent.toLowerCase().indexOf(q)<0;});});"
    "var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,function(th,i){th.tabIndex=0;"
    "function go(){var asc=th.getAttribute('aria-sort')!=='ascending';"
    "Array.prototype.forEach.call(hs,function(o){o.removeAttribute('aria-sort');});"
    "th.setAttribute('aria-sort',asc?'ascending':'descending');var rows=Array.prototype.slice.call(b.rows);"
    "rows.sort(function(x,y){var a=x.cells[i].getAttribute('data-v'),c=y.cells[i].getAttribute('data-v');"
    "var na=parseFloat(a),nc=parseFloat(c);var d=(!isNaN(na)&&!isNaN(nc))?na-nc:String(a).localeCompare(String(c));"
    "return asc?d:-d;});rows.forEach(function(r){b.appendChild(r);});}"
    "th.addEventListener('click',go);th.addEventListener('keydown',function(e){if(e.key==='Enter')go();});});})();")


class Context:
    """What every part of the report reads, computed once: the verdict, the lights per page, the marks index."""

    def __init__(self, audit: "Audit", with_tables: bool = False):
        self.audit, self.settings, self.with_tables = audit, audit.settings, with_tables
        self.verdict = evaluate(audit)
        try:
            from audit.present.gate import resolve_required_concepts

            self.required = list(dict.fromkeys(name for _, name in resolve_required_concepts(self.settings)))
        except Exception:  # a config error is shown as the required-concepts check's failure
            self.required = []
        self.lights = assess.page_lights(audit, self.required)
        self.ids = frozenset(self.lights["page_id"])
        self.missing = assess.required_missing(audit, self.required)
        self.assessments = assess.assessments(self.settings)
        self.index = assess.PageIndex(audit)
        self.coverage = views.coverage_matrix(audit)  # (the charts and the key figures read it: made once)

    def table(self, df: pd.DataFrame | None, **kw: Any) -> str:
        return html_table(df, links=self.ids, **kw)


def figure(build: Callable[["Audit"], Any], audit: "Audit", alt: str, caption: str) -> str:
    fig = build(audit)
    return svg_figure(None if fig is None else plots.svg_bytes(fig), alt, caption,
                      f"{alt.lower()} was not measured for this corpus")


def p(text: str) -> str:
    return f"<p>{esc(text)}</p>"


# ------------------------------------------------------------------ start view: the pages, most urgent first

def _cell(label: str, inner: str, sort_value: Any, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<td{c} data-label="{esc(label)}" data-v="{esc(sort_value)}">{inner}</td>'


def _num(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def section_pages(ctx: Context) -> str:
    lt = ctx.lights
    target = ctx.settings.readability.target_grade
    heads = ["#", "page", "grade (target)", "duplicated", "unexplained jargon", "missing concepts", "priority",
             "most useful action"]
    rows = []
    for r in lt.to_dict("records"):
        title = r["title"] or r["page_id"]
        sub = [esc(r["page_id"])] if r["title"] else []
        if r["url"]:  # a page's address: a link when it is a web address
            url = str(r["url"])
            sub.append(f'<a href="{esc(url)}" rel="noreferrer">{esc(url)}</a>'
                       if url.lower().startswith(("http://", "https://")) else esc(url))
        page = (f'<span class="pg">{page_link(r["page_id"], text=title)}'
                + (f"<small>{' · '.join(sub)}</small>" if sub else "") + "</span>")
        g, d, j = _num(r["grade"]), _num(r["duplicated"]), _num(r["jargon"])
        req = ctx.missing.get(r["page_id"])
        cells = [
            _cell("#", str(r["priority_rank"]), r["priority_rank"], "num"),
            _cell("page", page, title),
            _cell("grade (target)", light(r["grade_light"], "–" if g is None else f"{g:.1f}") + f" ({target:g})",
                  "" if g is None else g),
            _cell("duplicated", light(r["duplicated_light"], "–" if d is None else f"{100 * d:.0f} %"),
                  "" if d is None else d),
            _cell("unexplained jargon", light(r["jargon_light"], "–" if j is None else f"{j:.0f}"),
                  "" if j is None else j),
            _cell("missing concepts", esc(", ".join(req)) if req else ("none" if ctx.required else "–"),
                  len(req or [])),
            _cell("priority", f"{r['priority']:g}", r["priority"], "num"),
            _cell("most useful action", esc(r["action"]), r["action_check"]),
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
    n_work = int((lt["priority"] > 0).sum())
    return "".join([
        '<section id="pages"><h2>Pages to fix, most urgent first</h2>',
        p(f"{n_work} of {len(lt)} page(s) have something to fix. Open a page for its marked text and what to change, "
          "line by line. Priority adds each check's light (red counts double) weighted by how much it matters to "
          "readers: reading grade most, then duplicated text, then unexplained jargon and the rest."),
        f'<div class="scroll"><table id="pagelist" class="cards"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>",
        "</section>"])


# ------------------------------------------------------------------ checks as traffic lights

def section_checks(ctx: Context) -> str:
    v = ctx.verdict
    items = []
    by = {c.name: c for c in v.checks}
    n = len(ctx.lights)
    target = ctx.settings.readability.target_grade
    plain = {
        "readability": lambda c: (f"{c.value} of {n} page(s) read above grade {assess.grade_limit(ctx.settings):g}; "
                                  f"aim for grade {target:g} or lower: the page list shows which, and each page "
                                  "view marks the sentences to split." if c.status == FAIL else
                                  f"Every graded page reads at or below grade {assess.grade_limit(ctx.settings):g}."),
        "near_duplicates": lambda c: (f"{c.value} pair(s) of pages are near-copies of each other (see the duplicate "
                                      "groups below): keep one page, or make each one different." if c.status == FAIL
                                      else "No two pages are near-copies of each other."),
        "duplicate_share": lambda c: (f"{len(c.items)} page(s) have more than {c.limit:.0%} of their text on other "
                                      "pages: keep each passage on one page and link to it." if c.status == FAIL else
                                      f"No page has more than {c.limit:.0%} of its text on other pages."),
        "required_concepts": lambda c: (c.message if c.status != PASS else "Every required concept is on a page."),
    }
    for c in v.checks:
        text = (plain[c.name](c) if c.status in (PASS, FAIL) and c.name in plain else
                "None required (the configuration lists none)." if c.status == NOT_CONFIGURED else c.message)
        items.append(f"<li>{light(STATUS_LIGHT[c.status], STATUS_TEXT[c.status])} <strong>{esc(c.title)}</strong>: "
                     f"{esc(text)}</li>")
    for a in ctx.assessments[3:6]:  # long sentences, passive voice, paragraphs: advice, not gate checks
        col = ctx.lights[a.name + "_light"]
        bad = ctx.lights[col.isin([assess.RED, assess.AMBER])]
        colour = assess.RED if (col == assess.RED).any() else assess.AMBER if len(bad) else assess.GREEN
        if (col == assess.GREY).all():
            colour = assess.GREY
        worst = bad.sort_values([a.name, "page_id"], ascending=[False, True], kind="mergesort").head(1)
        if len(bad):
            text = (f"{len(bad)} of {n} page(s) to improve; worst, {page_link(worst['page_id'].iloc[0])}: "
                    + esc(a.advice(worst[a.name].iloc[0])))
        else:
            text = esc("Fine on every page." if colour == assess.GREEN else "Not measured.")
        items.append(f"<li>{light(colour)} <strong>{esc(a.title)}</strong>: {text}</li>")
    head = ("The site passes its checks." if v.passed else
            f"The site fails {len(v.failed)} check(s): " + ", ".join(c.title for c in v.failed) + ".")
    return "".join(['<section id="checks"><h2>Checks</h2>',
                    f'<p class="verdict {"pass" if v.passed else "fail"}">{esc(head)}</p>',
                    f'<ul class="checks">{"".join(items)}</ul></section>'])


# ------------------------------------------------------------------ duplicates

def section_duplicates(ctx: Context) -> str:
    audit = ctx.audit
    thr = ctx.settings.duplication.near_duplicate_threshold
    parts = ['<section id="duplicates"><h2>Duplicate groups and shared passages</h2>',
             p(f"Pages whose text is at least {thr:.0%} the same are near-duplicates; linked near-duplicates form a "
               "group, shown once. Below the groups, single passages that two pages share.")]
    groups = duplicate_groups(audit)
    if groups is None:
        parts.append('<p class="missing">Not measured for this corpus.</p>')
    elif not groups:
        parts.append('<p>No near-duplicate pages.</p>')
    for i, g in enumerate(groups or [], 1):
        links = ", ".join(page_link(pid) if pid in ctx.ids else esc(pid) for pid in g["pages"])
        shared = "".join(f"<li>{esc(t)}</li>" for t in g["shared_examples"])
        differs = "".join(
            f"<li>{page_link(pid) if pid in ctx.ids else esc(pid)}: "
            + (esc("; ".join(f"line {line}: {t[:90]}" for line, t in d[:3])) + (f" … and {len(d) - 3} more"
               if len(d) > 3 else "") if d else "nothing of its own") + "</li>"
            for pid, d in g["differs"].items())
        parts.append(f"<h3>Group {i}: {len(g['pages'])} pages</h3><p>{links}</p>"
                     f"<p>They share {g['shared_blocks']} block(s), {g['shared_words']} words, e.g.:</p><ul>{shared}"
                     f"</ul><p>What differs:</p><ul>{differs}</ul>")
    ps = ranked_passages(audit, n=MAX_PASSAGES)
    parts.append("<h3>Shared passages, most words first</h3>")
    if ps is None:
        parts.append('<p class="missing">Not measured for this corpus.</p>')
    elif ps.empty:
        parts.append("<p>No passages are shared between pages.</p>")
    else:
        csv = ('<a href="passages.csv">passages.csv</a>' if ctx.with_tables
               else "passages.csv (written by <code>audit run</code>)")
        total = table_count(audit, "passages")
        parts.append(f'<p class="note">Showing {min(MAX_PASSAGES, total)} of {total} shared passages, ranked by '
                     f"the words they cover; {csv} holds them all.</p>")
        for rec in ps.head(MAX_PASSAGES).to_dict("records"):
            sides = []
            for s in ("a", "b"):
                pid, lines = str(rec[f"page_{s}"]), str(rec.get(f"lines_{s}", ""))
                first = lines.split("-")[0].split("–")[0]
                link = page_link(pid, anchor=f"L{first}" if first.isdigit() else "") if pid in ctx.ids else esc(pid)
                sides.append((f"<h4>{link} (line {esc(lines)})</h4>", f"<p>{esc(rec[f'text_{s}'])}</p>"))
            kind = str(rec.get("kind", "")).replace("_", " ")
            meta = f"{rec['words']} words, {kind}, score {float(rec['score']):.2f}"
            parts.append(f'<div class="side">{sides[0][0]}{sides[1][0]}{sides[0][1]}{sides[1][1]}'
                         f'<p class="note">{esc(meta)}</p></div>')
    parts.append("</section>")
    return "".join(parts)


# ------------------------------------------------------------------ charts

def section_charts(ctx: Context) -> str:
    audit, s = ctx.audit, ctx.settings
    target = assess.grade_limit(s)
    parts = ['<section id="charts"><h2>Charts</h2>',
             figure(plots.fig_grades, audit, "Reading grade per page",
                    f"Green band: grade 6–8 (health-literacy advice). Dashed line: the target, grade {target:g}. "
                    "Hatched orange bars are above the target. Lower is easier.")]
    if len(ctx.ids) <= MAX_HEATMAP_PAGES:
        parts.append(figure(plots.fig_similarity, audit, "Similarity between pages",
                            "Each square: how much text two pages share (1 = identical)."))
    parts.append("<h3>Topic coverage by category</h3>")
    parts.append(ctx.table(views.category_coverage(audit, ctx.coverage)))
    parts.append("</section>")
    return "".join(parts)


# ------------------------------------------------------------------ appendix

def section_appendix(ctx: Context) -> str:
    audit, s = ctx.audit, ctx.settings
    rs = s.readability
    checks = pd.DataFrame([{"check": c.name, "result": STATUS_TEXT[c.status], "detail": c.message}
                           for c in ctx.verdict.checks])
    def t(df: pd.DataFrame | None, max_rows: int = APPENDIX_ROWS) -> str:
        return ctx.table(df, max_rows=max_rows, more="pages.csv and the other CSV files hold them all")
    parts = [
        '<section id="appendix"><h2>Appendix: figures and the template audit</h2>',
        p("For developers and anyone checking the figures. The CI gate (audit check) applies the [check] thresholds "
          "of the configuration file; its verdict in its own words:"),
        t(checks), "<h3>Key figures</h3>", t(views.key_figures(audit, ctx.coverage)),
        "<h3>Corpus and site template</h3>",
        p("Site template (skip links, phone numbers, menus, bylines) is stripped before anything is measured; each "
          "page view lists what was stripped from it and why."),
        figure(plots.fig_template, audit, "Article body and stripped template per page",
               "Blue: the article body that is measured. Other colours: template stripped, by reason.")
        if len(ctx.ids) <= MAX_HEATMAP_PAGES else "",
        t(views.corpus_table(audit).sort_values(["template_share", "page_id"], ascending=[False, True],
                                                kind="mergesort")),
    ]
    dup = views.kept_duplicates(audit)
    if len(dup):
        parts += ["<h4>Repeated text kept as article body</h4>", t(dup)]
    skipped = audit.pages[audit.pages["status"] != "ok"]
    if len(skipped):
        parts += ["<h4>Files not audited</h4>",
                  t(skipped[["page_id", "url" if skipped["url"].fillna("").astype(str).str.match(r"https?://").any()
                             else "source", "status", "reason"]].sort_values("page_id"))]
    parts += [
        "<h3>Readability formulas per page</h3>", t(views.readability_table(audit)), t(views.readability_why(audit)),
        figure(plots.fig_sentence_grades, audit, "Grade of every sentence",
               f"One dot per sentence. Right of grade {rs.hard_sentence_grade:g}: hard; right of "
               f"{rs.very_hard_sentence_grade:g}: very hard.") if len(ctx.ids) <= MAX_HEATMAP_PAGES else
        p("Each page view marks its hard and very hard sentences."),
        "<h3>Sentences to rewrite first, site-wide</h3>", t(views.sentences_to_rewrite(audit, n=15)),
        "<h3>Words with a plainer alternative</h3>", t(views.plain_alternatives(audit, n=30)),
        "<h3>Duplication per page</h3>", t(views.duplication_table(audit)),
        "<h3>Most similar page pairs</h3>", t(views.pairs(audit), max_rows=30),
        "<h3>Term coverage gaps</h3>", t(views.gaps_by_category(audit)),
        "<h3>Pages competing for the same topic</h3>", t(views.term_overlap(audit), max_rows=30),
        "<h3>Discovered terms (not in the glossary)</h3>", t(views.discovered_terms(audit, n=30)),
        "<h3>Unexplained jargon per page</h3>", t(views.jargon_by_page(audit)),
    ]
    if len(ctx.ids) <= MAX_HEATMAP_PAGES:
        parts.append(figure(plots.fig_coverage, audit, "Glossary concepts mentioned per page",
                            "Rows: concepts by category; columns: pages; colour: mentions (dark = none)."))
    parts.append("</section>")
    return "".join(parts)


def _footer(audit: "Audit") -> str:
    versions = audit.summary.get("versions", {})
    v = ", ".join(f"{k} {val}" for k, val in sorted(versions.items()))
    s = audit.settings
    return (f"<footer><p>Settings: target grade {s.readability.target_grade:g}; near-duplicate threshold "
            f"{s.duplication.near_duplicate_threshold:g}; template repeated on ≥ {s.boilerplate.min_pages} pages. "
            f"Every setting and every row is in summary.json and the CSV files written by audit run.</p>"
            f"<p>Versions: {esc(v)}</p></footer>")


def render(audit: "Audit", ctx: Context | None = None) -> str:
    """The start page, `index.html`."""
    ctx = ctx or Context(audit)
    s = audit.summary.get("pages", {})
    n_ok = s.get("ok", int(len(views.ok_pages(audit))))
    n_skip = s.get("total", len(audit.pages)) - n_ok
    nav = ('<nav><ul><li><a href="#pages">Pages to fix</a></li><li><a href="#checks">Checks</a></li>'
           '<li><a href="#duplicates">Duplicates</a></li><li><a href="#charts">Charts</a></li>'
           '<li><a href="#appendix">Appendix</a></li></ul></nav>')
    body = "".join([
        "<header><h1>Content audit report</h1>",
        p(f"{n_ok} page(s) audited, {n_skip} not audited. Readability, duplication and term coverage are measured "
          "on the article text only, with the site template stripped."),
        nav, "</header><main>",
        section_pages(ctx), section_checks(ctx), section_duplicates(ctx), section_charts(ctx),
        section_appendix(ctx), "</main>", _footer(audit),
    ])
    return document("Content audit report", body, script=SCRIPT, style=EXTRA_STYLE)


def write_report(audit: "Audit", out_dir: str | Path, with_tables: bool = False) -> Path:
    """Write `out_dir/index.html` and `out_dir/pages/<id>.html` (one per audited page), each atomically; returns the
    index's path. `with_tables`: the CSV files are beside the report (`audit run --report`), so it links to them."""
    from audit.engine.output import atomic_write_text

    out = Path(out_dir)
    ctx = Context(audit, with_tables)
    view = PageView(audit, ctx.index, ctx.lights, ctx.missing, ctx.assessments)
    # pages in the order of the store's chunks: each chunk of sentences, blocks, jargon, plain-language hits is read
    # once (`rows.ByPage`), the passages a window of chunks at a time (`assess.PageIndex`)
    chunks = page_chunks(audit)
    for pid in sorted(ctx.ids, key=lambda pid: (chunks.get(pid, -1), pid)):
        atomic_write_text(out / "pages" / page_file(pid), view.render(pid))
    path = out / "index.html"
    atomic_write_text(path, render(audit, ctx))
    return path
