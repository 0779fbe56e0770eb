"""HTML building blocks shared by the report's start page (`audit.present.report`) and its page views (`audit.present.pageview`).

Safety lives here: `esc` is the only way a value reaches the HTML, and `document` writes the Content-Security-Policy
(no network, inline styles, and at most one inline script allowed by its sha256 hash — never by 'unsafe-inline').
Page view file names (`page_file`) are derived from page ids and safe on every file system.
"""
from __future__ import annotations

import base64
import hashlib
import html
import math
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from audit.present.assess import AMBER, GREEN, GREY, RED

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
MAX_ROWS = 100  # longest table printed in full; the CSV files hold everything
PAGE_COLS = ("page_id", "page_a", "page_b", "most_similar_page", "example_page", "page")
LIGHT_TEXT = {GREEN: "good", AMBER: "improve", RED: "fix", GREY: "not measured"}

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#1a1a1a;
 max-width:1100px;margin:0 auto;padding:1rem 1rem 3rem;background:#fff;overflow-wrap:break-word}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2.2rem}
h3{margin-top:1.4rem}nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding-left:0;list-style:none}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.9rem;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef3f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.text{white-space:pre-wrap;min-width:14rem}
.light{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.8rem;font-weight:700;white-space:nowrap;
 border:1px solid}
.light.green{background:#e6f4ef;border-color:#009E73;color:#00573f}.light.amber{background:#fdf3d9;
 border-color:#E69F00;color:#6b4500}.light.red{background:#fbe4d6;border-color:#D55E00;color:#8a2f00}
.light.grey{background:#eee;border-color:#999;color:#444}
.verdict{padding:.7rem 1rem;border-radius:6px;font-size:1.1rem;font-weight:600;border:2px solid}
.verdict.pass{background:#e6f4ef;border-color:#009E73}.verdict.fail{background:#fbeee6;border-color:#D55E00}
.note{color:#444;font-size:.92rem}.missing{color:#555;font-style:italic}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.88rem;color:#444}
details{margin:.4rem 0;border:1px solid #ddd;border-radius:4px;padding:.3rem .6rem}
summary{cursor:pointer;font-weight:600}
ul.checks{list-style:none;padding-left:0}ul.checks li{margin:.35rem 0}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.2rem 1rem;border-top:1px solid #ccc;padding:.5rem 0}
.side h4{margin:.2rem 0;font-size:.9rem}.side p{margin:.2rem 0;white-space:pre-wrap}
footer{margin-top:3rem;font-size:.85rem;color:#555;border-top:1px solid #ccc}
@media (max-width:640px){
 table.cards thead{display:none}table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
 table.cards tr{border:1px solid #ccc;margin:.5rem 0;padding:.2rem}table.cards td{border:none;text-align:left;
 white-space:normal;min-width:0}table.cards td::before{content:attr(data-label) ": ";font-weight:600;color:#444}
 td.text{min-width:0}.side{grid-template-columns:1fr}}
"""


def esc(value: Any) -> str:
    """Text for HTML: every value shown in the report passes through here."""
    return html.escape("" if value is None else str(value), quote=True)


def page_file(page_id: str) -> str:
    """The page view's file name under `pages/`: the id when it is a plain name, else a readable slug plus a short
    hash of the id (ids with folders, spaces or markup; two ids never share a file)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", page_id) and not page_id.endswith("."):
        return page_id + ".html"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", page_id).strip("._")[:60] or "page"
    return f"{slug}-{hashlib.sha1(page_id.encode('utf-8')).hexdigest()[:10]}.html"


@lru_cache(maxsize=1 << 16)
def _quoted_file(page_id: str) -> str:
    """`page_file` quoted for an address; a page view links to many pages (each shared passage), so it is cached
    (bounded: a few MB at most)."""
    return quote(page_file(page_id))


def page_href(page_id: str, prefix: str = "pages/", anchor: str = "") -> str:
    return prefix + _quoted_file(page_id) + (f"#{anchor}" if anchor else "")


def page_link(page_id: str, prefix: str = "pages/", anchor: str = "", text: str | None = None) -> str:
    return f'<a href="{esc(page_href(page_id, prefix, anchor))}">{esc(page_id if text is None else text)}</a>'


def light(colour: str, text: str | None = None) -> str:
    return f'<span class="light {colour}">{esc(LIGHT_TEXT[colour] if text is None else text)}</span>'


def fmt(col: str, value: Any) -> tuple[str, str]:
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
        return f"{v:.1f}", "num"
    text = str(value)
    return text, "text" if len(text) > 40 else ""


def html_table(df: pd.DataFrame | None, max_rows: int = MAX_ROWS, links: set[str] | frozenset[str] = frozenset(),
               prefix: str = "pages/", caption: str = "", more: str = "the CSV files hold them all") -> str:
    """A table; a page id (in a page column) that has a page view links to it."""
    if df is None:
        return '<p class="missing">Not measured for this corpus.</p>'
    if df.empty:
        return '<p class="missing">Nothing to show: no rows.</p>'
    labels = [str(c).replace("_", " ") for c in df.columns]
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in labels)
    rows = []
    for rec in df.head(max_rows).itertuples(index=False):
        cells = []
        for col, label, value in zip(df.columns, labels, rec):
            text, cls = fmt(col, value)
            if col in PAGE_COLS and text in links:
                inner = page_link(text, prefix)
            elif col == "url" and text.lower().startswith(("http://", "https://")):  # a page's address: a link
                inner = f'<a href="{esc(text)}" rel="noreferrer">{esc(text)}</a>'
            else:
                inner = esc(text)
            attr = f' class="{cls}"' if cls else ""
            cells.append(f'<td{attr} data-label="{esc(label)}">{inner}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    tail = (f'<p class="note">Showing {max_rows} of {len(df)} rows; {esc(more)}.</p>' if len(df) > max_rows else "")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<div class="scroll"><table class="cards">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>{tail}")


def svg_figure(svg: bytes | None, alt: str, caption: str, missing: str) -> str:
    if svg is None:
        return f'<p class="missing">No chart: {esc(missing)}.</p>'
    data = base64.b64encode(svg).decode("ascii")
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{esc(alt)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def document(title: str, body: str, script: str = "", style: str = "") -> str:
    """A whole HTML page: CSP (the one inline script, if any, allowed by its hash only), inline style, body."""
    csp = CSP + (f"; script-src '{script_hash(script)}'" if script else "")
    tail = f"<script>{script}</script>" if script else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta name=\"referrer\" content=\"no-referrer\">"
            f"<title>{esc(title)}</title><style>{STYLE}{style}</style></head><body>{body}{tail}</body></html>\n")
