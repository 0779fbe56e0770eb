"""One page's view (`pages/<id>.html`): what to change on this page, and the article as the reader sees it, marked.

In the spirit of Hemingway: very hard sentences red, hard ones yellow, passive voice blue; words with a plainer
alternative underlined with the alternative inline; the first use of an unexplained technical term outlined;
passages shared with another page outlined in purple with a link to the same passage on the other page. Above the
article, the page's traffic lights (`audit.present.assess`) and every problem with its line number and one sentence of
advice, each linking to its line. The removed site template is listed, collapsed. Colour is never the only cue:
every mark also has a text label.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from audit.present.assess import GREY, Mark, PageIndex
from audit.present.htmlparts import document, esc, light, page_link

KIND_LABEL = {"very_hard": "very hard", "hard": "hard", "long": "long", "passive": "passive",
              "paragraph": "long paragraph", "shared": "shared", "jargon": "jargon", "concept": "missing concept"}

PAGE_STYLE = """
.mk{border-radius:3px;padding:0 .1rem}.mk.very_hard{background:#f7c6b5}.mk.hard{background:#fbe9a6}
.mk.passive{box-shadow:inset 0 -2px 0 #0072B2}.mk.shared{outline:2px dotted #CC79A7;outline-offset:1px}
.alt{text-decoration:underline dotted #009E73 2px}.alt-word{color:#00573f;font-size:.85em;white-space:nowrap}
.jargon{outline:2px solid #E69F00;border-radius:2px}.tag{font-size:.72rem;font-weight:700;color:#333;
 background:#eee;border-radius:3px;padding:0 .25rem;margin-left:.2rem;overflow-wrap:anywhere}
.article{border-left:3px solid #ddd;padding-left:.6rem}.blk{display:grid;grid-template-columns:3.2rem 1fr;gap:.4rem;
 margin:.5rem 0}.ln{color:#666;font-size:.8rem;text-align:right;font-variant-numeric:tabular-nums;padding-top:.15rem}
.blk.heading .tx{font-weight:700;font-size:1.05rem}.blk.list_item .tx::before{content:"• "}
ol.todo li{margin:.3rem 0}.legend span{margin-right:.6rem}
"""


def _lines(start: int, end: int) -> str:
    return f"{start}" if end <= start else f"{start}–{end}"


def _spans(text: str, parts: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each part found in order in `text` ((-1, -1) when not found)."""
    out, pos = [], 0
    for part in parts:
        i = text.find(part, pos)
        if i < 0:
            i = text.find(part)
        if i < 0:
            out.append((-1, -1))
        else:
            out.append((i, i + len(part)))
            pos = i + len(part)
    return out


def _words_marked(text: str, words: list[tuple[str, str, str]]) -> str:
    """`text` escaped, with each (word, css class, note) marked at its first whole-word occurrence."""
    hits = []
    for word, cls, note in words:
        pattern = re.escape(word).replace("'", "['’]").replace("’", "['’]")
        m = re.search(r"(?<!\w)" + pattern + r"(?:e?s)?(?!\w)", text, re.I)
        if m and not any(m.start() < e and s < m.end() for s, e, *_ in hits):
            hits.append((m.start(), m.end(), cls, note))
    out, pos = [], 0
    for s, e, cls, note in sorted(hits):
        out.append(esc(text[pos:s]))
        extra = f' <span class="alt-word">({esc(note)})</span>' if cls == "alt" and note else ""
        tag = '<span class="tag">jargon</span>' if cls == "jargon" else ""
        out.append(f'<span class="{cls}" title="{esc(note)}">{esc(text[s:e])}</span>{extra}{tag}')
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


class PageView:
    def __init__(self, audit, index: PageIndex, lights: pd.DataFrame, required_missing: dict[str, list[str]],
                 assessments: list[Any]):
        self.audit, self.index, self.assessments = audit, index, assessments
        self.lights = lights.set_index("page_id")
        self.required_missing = required_missing
        self.ids = set(self.lights.index)
        self.n = len(self.lights)

    def render(self, page_id: str) -> str:
        row = self.lights.loc[page_id]
        marks = self.index.marks(page_id, self.required_missing.get(page_id))
        title = str(row.get("title") or "") or page_id
        url = str(row.get("url") or "")
        head = [f'<header><p><a href="../index.html">← All pages, by priority</a></p><h1>{esc(title)}</h1>',
                f'<p class="note">Page {esc(page_id)}' + (f" · {esc(url)}" if url else "")
                + f" · priority {int(row['priority_rank'])} of {self.n}</p>",
                f'<p class="verdict {"fail" if row["priority"] > 0 else "pass"}">{esc(row["action"])}</p></header>']
        return document(f"{title} — content audit", "".join(
            [*head, "<main>", self._checks(row), self._todo(marks),
             self._article(page_id, marks), self._template(page_id), "</main>"]), style=PAGE_STYLE)

    def _checks(self, row: pd.Series) -> str:
        items = []
        for a in self.assessments:
            colour = row.get(a.name + "_light", GREY)
            value = row.get(a.name)
            if colour == GREY and a.name == "required":
                continue
            advice = a.advice(value, row.get(a.why_missing, ""))
            items.append(f"<li>{light(colour)} <strong>{esc(a.title)}</strong>: {esc(advice)}</li>")
        return '<section id="checks"><h2>Checks</h2><ul class="checks">' + "".join(items) + "</ul></section>"

    def _todo(self, marks: list[Mark]) -> str:
        if not marks:
            return '<section id="todo"><h2>What to change</h2><p>Nothing flagged on this page.</p></section>'
        items = []
        for m in marks:
            where = f'<a href="#L{m.line}">line {m.line}</a>' if m.line is not None else "whole page"
            other = ""
            if m.other_page and m.other_page in self.ids:
                other = " → " + page_link(m.other_page, "", _anchor(m.other_lines),
                                          f"{m.other_page}, line {m.other_lines}")
            quote = m.text if len(m.text) <= 160 else m.text[:157] + "…"
            items.append(f'<li>{where} <span class="tag">{esc(KIND_LABEL[m.kind])}</span> {esc(m.advice)}'
                         f'{other}<br><span class="note">“{esc(quote)}”</span></li>')
        hardest = sorted((m for m in marks if m.kind in ("very_hard", "hard")),
                         key=lambda m: (m.kind != "very_hard", -(m.value or 0.0), m.line or 0))[:3]
        start = "".join(f'<li><a href="#L{m.line}">line {m.line}</a> {esc(m.advice)}<br><span class="note">“'
                        f'{esc(m.text)}”</span></li>' for m in hardest)
        start = f"<h3>Start with the hardest sentences</h3><ol>{start}</ol><h3>Every problem</h3>" if start else ""
        n = len(marks)
        return (f'<section id="todo"><h2>What to change ({n} item{"s" if n != 1 else ""}, in page order)</h2>'
                f'{start}<ol class="todo">{"".join(items)}</ol></section>')

    def _article(self, page_id: str, marks: list[Mark]) -> str:
        b = self.index.blocks.lists(page_id, ("block", "line_start", "line_end", "label", "kind", "text"))
        if b is None:
            return '<section id="article"><h2>The article</h2><p class="missing">No text.</p></section>'
        body = sorted((i for i, label in enumerate(b["label"]) if label == "body"), key=lambda i: b["block"][i])
        s = self.index.sentences.lists(page_id, ("block", "sentence", "text"))
        sent_by_block: dict[int, list[tuple[int, str]]] = {}  # block -> (sentence, text), in sentence order
        if s is not None:
            for blk, k, text in zip(s["block"], s["sentence"], s["text"]):
                sent_by_block.setdefault(int(blk), []).append((k, text))
            for v in sent_by_block.values():
                v.sort(key=lambda x: x[0])
        by_sentence: dict[int, list[Mark]] = {}
        shared_by_block: dict[int, list[Mark]] = {}
        for m in marks:
            if m.kind == "shared" and m.block is not None:
                shared_by_block.setdefault(m.block, []).append(m)
            elif m.sentence is not None and m.kind in ("very_hard", "hard", "long", "passive"):
                by_sentence.setdefault(m.sentence, []).append(m)
        jargon: dict[int, list[str]] = {}
        for m in marks:
            if m.kind == "jargon" and m.sentence is not None:
                jargon.setdefault(m.sentence, []).append(m.text)
        plain = self.index.plain.lists(page_id, ("sentences", "term", "alternative"))
        alts: dict[int, list[tuple[str, str]]] = {}
        if plain is not None:
            for sentences, term, alternative in zip(plain["sentences"], plain["term"], plain["alternative"]):
                for k in str(sentences).split(";"):
                    if k.strip().isdigit():
                        alts.setdefault(int(k), []).append((str(term), str(alternative)))
        legend = ('<p class="legend note"><span class="mk very_hard">very hard sentence</span> '
                  '<span class="mk hard">hard sentence</span> <span class="mk passive">passive voice</span> '
                  '<span class="alt">word</span> <span class="alt-word">(plainer word)</span> '
                  '<span class="jargon">unexplained term</span> <span class="mk shared">shared with another '
                  "page</span></p>")
        out = ['<section id="article"><h2>The article, as the reader sees it</h2>', legend, '<div class="article">']
        for i in body:
            blk = int(b["block"][i])
            text = str(b["text"][i])
            sents = sent_by_block.get(blk)
            shared = shared_by_block.get(blk, [])
            pieces, pos = [], 0
            if sents:
                for (start, end), (k, _) in zip(_spans(text, [str(t) for _, t in sents]), sents):
                    if start < 0:
                        continue
                    pieces.append(esc(text[pos:start]))
                    k = int(k)
                    mk = by_sentence.get(k, [])
                    classes = sorted({m.kind for m in mk if m.kind in ("very_hard", "hard", "passive")})
                    stext = text[start:end]
                    in_shared = [m for m in shared if stext in m.text or m.text in stext]
                    if in_shared:
                        classes.append("shared")
                    words = [(w, "alt", a) for w, a in alts.get(k, [])]
                    words += [(term, "jargon", "not explained where first used") for term in jargon.get(k, [])]
                    inner = _words_marked(stext, words)
                    tags = "".join(f'<span class="tag">{esc(KIND_LABEL[c])}</span>'
                                   for c in classes if c != "shared")
                    links = "".join(
                        f'<span class="tag">also on {page_link(m.other_page, "", _anchor(m.other_lines))}</span>'
                        for m in in_shared if m.other_page in self.ids)
                    if classes:
                        note = " ".join(m.advice for m in mk)
                        inner = f'<span class="mk {" ".join(classes)}" title="{esc(note)}">{inner}</span>'
                    pieces.append(inner + tags + links)
                    pos = end
            pieces.append(esc(text[pos:]))
            start_line, end_line = int(b["line_start"][i]), int(b["line_end"][i])
            lines = _lines(start_line, end_line)
            anchors = "".join(f'<span id="L{n}"></span>' for n in range(start_line, end_line + 1))
            out.append(f'<div class="blk {esc(b["kind"][i])}"><span class="ln">{anchors}{esc(lines)}</span>'
                       f'<div class="tx">{"".join(pieces)}</div></div>')
        out.append("</div></section>")
        return "".join(out)

    def _template(self, page_id: str) -> str:
        b = self.index.blocks.lists(page_id, ("block", "line_start", "line_end", "label", "reason", "words", "text"))
        if b is None:
            return ""
        t = sorted((i for i, label in enumerate(b["label"]) if label == "boilerplate"), key=lambda i: b["block"][i])
        items = "".join(f'<li id="L{int(b["line_start"][i])}"><span class="ln">line '
                        f'{esc(_lines(int(b["line_start"][i]), int(b["line_end"][i])))}</span> <span class="tag">'
                        f'{esc(b["reason"][i])}</span> {esc(b["text"][i])}</li>' for i in t)
        words = int(sum(b["words"][i] for i in t)) if t else 0
        return (f'<section id="template"><h2>Removed as site template</h2><details><summary>{len(t)} block(s), '
                f"{words} words, not measured (show)</summary><ul>{items}</ul></details></section>")


def _anchor(lines: str | None) -> str:
    m = re.match(r"\d+", lines or "")
    return f"L{m.group()}" if m else ""
