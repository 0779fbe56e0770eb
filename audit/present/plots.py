"""Charts for the notebooks and the HTML report (matplotlib, colour-blind-safe palettes).

Two layers:

- `fig_*` functions build a `matplotlib.figure.Figure` (no pyplot state), or return None when the data is missing;
  `svg_bytes` / `png_bytes` render one with fixed metadata, so the same audit gives the same bytes;
- the short-named functions (`template`, `grades`, `similarity`, `coverage`) are for notebooks: they display the
  chart as a PNG and return None, so no figure repr (with a memory address) ever lands in a notebook's output.

Palettes: Okabe & Ito's eight colours for categories, `cividis` (perceptually uniform, readable with every common
colour-vision deficiency) for heatmaps. Over-target bars are also hatched, so colour is never the only cue.
"""
from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from audit.present import views
from audit.present.assess import grade_limit
from audit.present.rows import columns as table_columns, count as table_rows_count, rows as table_rows

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit

# Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999", "black": "#000000",
}
CATEGORY_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "sky_blue", "vermillion",
                                            "yellow", "grey")]
HEATMAP = "cividis"
BAND = (6.0, 8.0)  # health-literacy band: AMA grade 6 … NIH/CDC grade 8
MAX_HEATMAP_PAGES = 30
MAX_BAR_PAGES = 40  # page-per-row charts show at most this many pages (the worst ones) on large corpora
MAX_HEATMAP_CONCEPTS = 60
RC = {
    "svg.hashsalt": "audit",  # deterministic ids in SVG output
    "svg.fonttype": "none",  # text as text (the browser's sans-serif): a tenth of the size of outlines, searchable
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": HEATMAP,
}


def _label(text: str, width: int = 34) -> str:
    """A whole axis label, wrapped on lines of `width` characters (at `/`, `-`, `_` or spaces when it can; never cut
    short); `$` escaped so a page id never switches matplotlib into mathtext."""
    text = str(text)
    lines, rest = [], text
    while len(rest) > width:
        cut = max(rest.rfind(c, 0, width) for c in "/-_ ")
        cut = cut + 1 if cut >= width // 2 else width
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:]
    lines.append(rest)
    return "\n".join(lines).replace("$", r"\$")


def _row_height(labels: list[str]) -> float:
    """Inches per bar row: room for the tallest wrapped label."""
    return 0.2 + 0.15 * max((lab.count("\n") + 1 for lab in labels), default=1)


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(RC):
        return Figure(figsize=(width, height), dpi=100, layout="constrained")


def svg_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "audit"})
    return buf.getvalue()


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": "audit"})
    return buf.getvalue()


# ------------------------------------------------------------------ figures

def fig_template(audit: "Audit") -> Figure | None:
    """Per page: body words and stripped template words, split by the reason they were stripped."""
    reasons = views.template_reasons(audit)
    pages = views.ok_pages(audit).sort_values("page_id", ascending=False)
    if pages.empty:
        return None
    title = "What each page is made of: article body vs stripped site template"
    if len(pages) > MAX_BAR_PAGES:  # highest share at the top, as the title says
        worst = pages.sort_values(["template_share", "page_id"], ascending=[False, True], kind="mergesort")
        pages = worst.head(MAX_BAR_PAGES).iloc[::-1]
        title += f"\n(the {MAX_BAR_PAGES} pages with the highest template share, of {len(worst)}, highest first)"
    reasons = reasons.set_index("page_id") if "page_id" in reasons.columns else reasons
    kinds = [c for c in reasons.columns]
    with matplotlib.rc_context(RC):
        labels = [_label(p) for p in pages["page_id"]]
        fig = _figure(10, max(2.4, 1.2 + _row_height(labels) * len(pages)))
        ax = fig.add_subplot()
        y = np.arange(len(pages))
        left = pages["words"].to_numpy(dtype=float)
        ax.barh(y, left, color=OKABE_ITO["blue"], label="article body (kept)")
        colours = [OKABE_ITO[k] for k in ("orange", "sky_blue", "vermillion", "purple", "yellow", "green", "grey")]
        for i, kind in enumerate(kinds):
            vals = np.array([float(reasons.loc[p, kind]) if p in reasons.index else 0.0 for p in pages["page_id"]])
            ax.barh(y, vals, left=left, color=colours[i % len(colours)], hatch="//" if i % 2 else None,
                    edgecolor="white", linewidth=0.5, label=f"template: {kind}")
            left = left + vals
        ax.set_yticks(y, labels)
        ax.set_xlabel("words")
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return fig


def fig_grades(audit: "Audit") -> Figure | None:
    """Grade per page against the health-literacy band (grade 6–8) and the configured target."""
    g = views.grades(audit)
    if g is None or g.dropna().empty:
        return None
    g = g.dropna().sort_values(kind="mergesort")
    target = grade_limit(audit.settings)  # (the gate's limit: the target unless [check] max_grade)
    title = "Reading grade per page vs the health-literacy target"
    if len(g) > MAX_BAR_PAGES:
        title += f"\n(the {MAX_BAR_PAGES} hardest of {len(g)} pages)"
        g = g.iloc[-MAX_BAR_PAGES:]
    with matplotlib.rc_context(RC):
        labels = [_label(p) for p in g.index]
        fig = _figure(10, max(2.4, 1.4 + _row_height(labels) * len(g)))
        ax = fig.add_subplot()
        y = np.arange(len(g))
        over = g.to_numpy() > target
        # the band is drawn over the bars (translucent, with edges), so bars never hide it
        ax.axvspan(*BAND, facecolor=OKABE_ITO["green"], alpha=0.25, zorder=3, label="health-literacy band (grade 6–8)")
        for edge in BAND:
            ax.axvline(edge, color=OKABE_ITO["green"], linewidth=1.2, zorder=3)
        ax.barh(y[~over], g.to_numpy()[~over], color=OKABE_ITO["blue"], label=f"at or below target {target:g}")
        ax.barh(y[over], g.to_numpy()[over], color=OKABE_ITO["vermillion"], hatch="//", edgecolor="white",
                label=f"above target {target:g}")
        ax.axvline(target, color=OKABE_ITO["black"], linestyle="--", linewidth=1, zorder=4)
        for yi, v in zip(y, g.to_numpy()):
            ax.text(v + 0.2, yi, f"{v:.1f}", va="center", fontsize=8)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, max(float(g.max()) + 2, target + 2, BAND[1] + 2))
        ax.set_xlabel("US school grade needed to read the page (lower is easier)")
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig


def fig_sentence_grades(audit: "Audit") -> Figure | None:
    """Distribution of sentence grades per page (one dot per sentence), with the hard / very hard lines."""
    have = table_columns(audit, "sentences")
    col = views.first_col(pd.DataFrame(columns=have), views.GRADE_COLS)
    if col is None or not table_rows_count(audit, "sentences"):
        return None
    s = table_rows(audit, "sentences", (lambda s: s["kind"] == "paragraph") if "kind" in have else None,
                   ["page_id", col])
    ids = sorted(s["page_id"].unique(), reverse=True)
    if not ids:
        return None
    title = "Every sentence's grade: dots right of the lines are the ones to rewrite"
    g = views.grades(audit)
    if len(ids) > MAX_BAR_PAGES and g is not None:
        hardest = g.dropna().sort_values(ascending=False, kind="mergesort").index[:MAX_BAR_PAGES]
        title += f"\n(the {MAX_BAR_PAGES} hardest of {len(ids)} pages)"
        ids = sorted(hardest, reverse=True)
    rs = audit.settings.readability
    with matplotlib.rc_context(RC):
        fig = _figure(10, max(2.4, 1.4 + 0.35 * len(ids)))
        ax = fig.add_subplot()
        for i, pid in enumerate(ids):
            vals = s.loc[s["page_id"] == pid, col].astype(float).dropna().to_numpy()
            jitter = (np.arange(len(vals)) % 5 - 2) * 0.06  # deterministic spread, no randomness
            ax.scatter(vals, np.full(len(vals), i) + jitter, s=12, color=OKABE_ITO["blue"], alpha=0.7)
        ax.axvline(rs.hard_sentence_grade, color=OKABE_ITO["orange"], linestyle="--",
                   label=f"hard (grade {rs.hard_sentence_grade:g})")
        ax.axvline(rs.very_hard_sentence_grade, color=OKABE_ITO["vermillion"], linestyle=":",
                   label=f"very hard (grade {rs.very_hard_sentence_grade:g})")
        ax.set_yticks(range(len(ids)), [_label(p) for p in ids])
        ax.set_xlabel("grade of each sentence")
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig


def _heatmap(ax, data: np.ndarray, rows: list[str], cols: list[str], vmax: float, fmt: str,
             annotate: bool = True):
    im = ax.imshow(data, cmap=HEATMAP, vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)), cols, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.spines[:].set_visible(False)
    if annotate and data.size <= 400:
        for (i, j), v in np.ndenumerate(data):
            # dark text on the light (yellow) end of cividis, light text on the dark (blue) end
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=7,
                    color="black" if v > 0.6 * vmax else "white")
    return im


def fig_similarity(audit: "Audit") -> Figure | None:
    """Page × page similarity heatmap (the most similar pages when the corpus is large)."""
    m = views.similarity_matrix(audit)
    if m is None or m.empty:
        return None
    if len(m) > MAX_HEATMAP_PAGES:
        off = m.where(~np.eye(len(m), dtype=bool)).max(axis=1).fillna(0)
        keep = sorted(off.sort_values(ascending=False, kind="mergesort").index[:MAX_HEATMAP_PAGES])
        m = m.loc[keep, keep]
    labels = [_label(p, 22) for p in m.index]
    with matplotlib.rc_context(RC):
        size = 2.5 + 0.35 * len(m)
        fig = _figure(size + 1.5, size)
        ax = fig.add_subplot()
        im = _heatmap(ax, m.to_numpy(dtype=float), labels, labels, 1.0, ".2f")
        fig.colorbar(im, ax=ax, label="similarity (1 = identical text)", shrink=0.8)
        ax.set_title("How similar each pair of pages is")
    return fig


def fig_coverage(audit: "Audit") -> Figure | None:
    """Concept × page coverage heatmap, concepts grouped by category (the most uneven ones when there are many)."""
    m = views.coverage_matrix(audit)
    if m is None or m.empty:
        return None
    if len(m) > MAX_HEATMAP_CONCEPTS:
        found = (m > 0).sum(axis=1)
        keep = found.sort_values(ascending=True, kind="mergesort").index[:MAX_HEATMAP_CONCEPTS]
        m = m.loc[sorted(keep)]
    if m.shape[1] > MAX_HEATMAP_PAGES:
        m = m[sorted(m.columns[:MAX_HEATMAP_PAGES], key=str)]
    data = m.to_numpy(dtype=float)
    vmax = max(1.0, float(np.nanmax(data)))
    rows = [_label(k[-1] if isinstance(k, tuple) else k, 30) for k in m.index]
    cats = [k[0] if isinstance(k, tuple) else "" for k in m.index]
    with matplotlib.rc_context(RC):
        fig = _figure(3.5 + 0.45 * m.shape[1] + 1.5, 1.5 + 0.22 * len(m))
        ax = fig.add_subplot()
        im = _heatmap(ax, data, rows, [_label(c, 22) for c in m.columns], vmax, ".0f")
        # category separators and names on the right
        start = 0
        for i in range(1, len(cats) + 1):
            if i == len(cats) or cats[i] != cats[start]:
                if start:
                    ax.axhline(start - 0.5, color="white", linewidth=2)
                if cats[start]:
                    ax.annotate(_label(cats[start], 24), xy=(1.01, 1 - (start + i) / 2 / len(cats)),
                                xycoords="axes fraction", va="center", fontsize=8, fontweight="bold")
                start = i
        fig.colorbar(im, ax=ax, label="mentions on the page (0 = gap)", shrink=0.6, pad=0.2,
                     ticks=MaxNLocator(integer=True))
        ax.set_title("Which concepts each page covers, by category")
    return fig


# ------------------------------------------------------------------ notebook helpers (display, return None)

def _show(fig: Figure | None, what: str) -> Figure | None:
    if fig is None:
        print(f"No {what} to plot: that measure produced no data for this corpus.")
        return None
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # plain Python: hand the figure back
        return fig
    if get_ipython() is None:
        return fig
    display(Image(data=png_bytes(fig), format="png"))
    return None


def template(audit: "Audit") -> None:
    return _show(fig_template(audit), "template breakdown")


def grades(audit: "Audit") -> None:
    return _show(fig_grades(audit), "page grades")


def sentence_grades(audit: "Audit") -> None:
    return _show(fig_sentence_grades(audit), "sentence grades")


def similarity(audit: "Audit") -> None:
    return _show(fig_similarity(audit), "similarity matrix")


def coverage(audit: "Audit") -> None:
    return _show(fig_coverage(audit), "coverage matrix")


def wrap(text: str, width: int = 100) -> str:
    return "\n".join(textwrap.wrap(str(text), width))
