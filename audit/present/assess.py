"""Assessments: each user-facing check as one small object, in the spirit of Yoast's readability assessments.

An assessment reads one figure per page (a column of `audit.pages`), holds its thresholds from the settings, turns
the figure into a traffic light (green / amber / red; grey when the page has no figure) and says in one plain
sentence what to do ("21 % of sentences are passive; aim for at most 10 %: use active voice"). `marks(...)` gives
the spans it marks on a page (line, text, one sentence of advice each). The report's page list, the page views and
the CI gate (`audit.present.gate`) all decide through these objects, so each decision lives here only:

- grade: green at or below `[readability] target_grade` (this is `meets_target` in pages.csv), red above the gate's
  limit (`[check] max_grade`, unset = the target: then every page over the target is red), amber between;
- duplicated share: amber above `[duplication] duplicate_share_warn`, red above `[check] max_duplicate_share`;
- long sentences, passive voice, longest paragraph: Yoast's green / red bounds (`[readability]` `*_max`, `*_red`);
  pages.csv's `readability_flags` names the amber bounds a page goes over;
- unexplained jargon: amber from one term, red above `[terms] jargon_red_terms`;
  (these four are gate checks too when their `[check] max_pages_...` key is set: `GATED`, `audit.present.gate.check_style`)
- required concepts (`[check] required_concepts`) a page does not mention: amber (the gate fails only on a concept
  that no page mentions).

A page's priority adds its lights (red 2, amber 1, times the check's weight: grade and duplicated text 3, jargon
1.5, the others 1, a missing required concept 0.5); its most useful action is the advice of its heaviest light.
Only pandas, numpy and the readability limits (`audit.readability.limits`, which the measure reads too) are
imported here: views and the gate may all use it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import pandas as pd

from audit.present.rows import ByPage, PageRows, batches, page_chunks, take
from audit.present.rows import _in_store, columns as table_columns, rows as table_rows
from audit.readability.limits import EPS, StyleLimit, style_limits, within_target

if TYPE_CHECKING:
    from audit.config import Settings

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
SEVERITY = {GREEN: 0, GREY: 0, AMBER: 1, RED: 2}


def grade_limit(settings: "Settings") -> float:
    """The grade the CI gate holds pages to: `[check] max_grade`, else `[readability] target_grade`."""
    c = settings.check.max_grade
    return float(settings.readability.target_grade if c is None else c)


@dataclass(frozen=True)
class Mark:
    """One span an assessment marks: the page, its line (None: the page as a whole), the text, one plain sentence of
    advice, and for shared passages the other page and its lines."""
    kind: str  # very_hard, hard, long, passive, paragraph, shared, jargon, concept
    page_id: str
    line: int | None
    text: str
    advice: str
    other_page: str | None = None
    other_lines: str | None = None
    block: int | None = None
    sentence: int | None = None
    value: float | None = None  # the figure behind the mark (a sentence's grade, a paragraph's words)


@dataclass(frozen=True)
class Assessment:
    """One check: the page figure it reads (`column`), its amber and red bounds (a value above `amber` is amber,
    above `red` red), its weight in a page's priority, and its advice (`advise(value) -> sentence`)."""
    name: str
    title: str
    column: str
    amber: float
    red: float
    weight: float
    advise: Callable[[float], str]
    fmt: Callable[[float], str] = str
    why_missing: str = ""  # the page column that says why the figure is missing ("readability_note"), if any

    def colours(self, values: pd.Series) -> pd.Series:
        """Vectorised: one light per value (grey for a missing value)."""
        v = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
        out = np.where(np.isnan(v), GREY, np.where(v > self.red + EPS, RED, np.where(v > self.amber + EPS, AMBER,
                                                                                         GREEN)))
        return pd.Series(out, index=values.index, dtype=object)

    def colour(self, value: Any) -> str:
        return str(self.colours(pd.Series([value], dtype=float)).iloc[0])

    def light(self, value: float) -> str:
        """`colour` of one number, without pandas (per page, in the workers)."""
        if value != value:  # NaN
            return GREY
        return RED if value > self.red + EPS else AMBER if value > self.amber + EPS else GREEN

    def advice(self, value: Any, why_missing: Any = "") -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            why = str(why_missing) if isinstance(why_missing, str) else ""
            return f"Not measured for this page: {why}." if why else "Not measured for this page."
        return self.advise(float(value))


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def _grade(settings: "Settings") -> Assessment:
    target, limit = float(settings.readability.target_grade), grade_limit(settings)

    def advise(g: float) -> str:
        if within_target(g, target):
            return f"Reads at grade {g:.1f}, within the target of grade {target:g}."
        return (f"Reads at grade {g:.1f}; aim for grade {target:g} or lower: split the hardest sentences and "
                "use common words.")
    return Assessment("grade", "Reading grade", "grade", target, max(limit, target), 3, advise, lambda g: f"{g:.1f}",
                      "readability_note")


def _duplicated(settings: "Settings") -> Assessment:
    warn, limit = settings.duplication.duplicate_share_warn, settings.check.max_duplicate_share

    def advise(x: float) -> str:
        if x <= warn + EPS:
            return f"{_pct(x)} of the text also appears on other pages: fine."
        return (f"{_pct(x)} of the text also appears on other pages; aim for at most {_pct(warn)}: keep each "
                "passage on one page and link to it, or rewrite it for this page.")
    return Assessment("duplicated", "Duplicated text", "duplicate_share", warn, max(limit, warn), 3, advise, _pct)


def _jargon(settings: "Settings") -> Assessment:
    red = settings.terms.jargon_red_terms

    def advise(n: float) -> str:
        if n <= 0:
            return "Every technical term is explained where it is first used."
        return (f"{n:.0f} technical term(s) used without an explanation; explain each in plain words the first "
                "time it appears.")
    return Assessment("jargon", "Unexplained jargon", "jargon_unexplained", 0, red, 1.5, advise, lambda n: f"{n:.0f}")


def _limit(settings: "Settings", name: str) -> StyleLimit:
    """A style limit's bounds (`audit.readability.limits`: the measure's `readability_flags` use the same)."""
    return next(limit for limit in style_limits(settings) if limit.name == name)


def _long(settings: "Settings") -> Assessment:
    rs, limit = settings.readability, _limit(settings, "long_sentences")

    def advise(x: float) -> str:
        if x <= rs.long_sentence_share_max + EPS:
            return f"{_pct(x)} of sentences are longer than {rs.long_sentence_words} words: fine."
        return (f"{_pct(x)} of sentences are longer than {rs.long_sentence_words} words; aim for at most "
                f"{_pct(rs.long_sentence_share_max)}: split them.")
    return Assessment(limit.name, "Long sentences", limit.column, limit.amber, limit.red, 1, advise, _pct)


def _passive(settings: "Settings") -> Assessment:
    rs, limit = settings.readability, _limit(settings, "passive")

    def advise(x: float) -> str:
        if x <= rs.passive_share_max + EPS:
            return f"{_pct(x)} of sentences are passive: fine."
        return (f"{_pct(x)} of sentences are passive; aim for at most {_pct(rs.passive_share_max)}: use active "
                "voice (say who does what).")
    return Assessment(limit.name, "Passive voice", limit.column, limit.amber, limit.red, 1, advise, _pct)


def _paragraphs(settings: "Settings") -> Assessment:
    rs, limit = settings.readability, _limit(settings, "paragraphs")

    def advise(n: float) -> str:
        if n <= rs.paragraph_max_words:
            return f"The longest paragraph has {n:.0f} words: fine."
        return (f"The longest paragraph has {n:.0f} words; aim for at most {rs.paragraph_max_words}: split it "
                "into shorter paragraphs.")
    return Assessment(limit.name, "Paragraph length", limit.column, limit.amber, limit.red, 1, advise,
                      lambda n: f"{n:.0f}")


def _required(settings: "Settings") -> Assessment:
    def advise(n: float) -> str:
        if n <= 0:
            return "Mentions every required concept."
        return f"{n:.0f} required concept(s) not mentioned: cover them here if the page is about them."
    return Assessment("required", "Required concepts", "required_missing", 0, float("inf"), 0.5, advise,
                      lambda n: f"{n:.0f}")


BUILDERS = (_grade, _duplicated, _jargon, _long, _passive, _paragraphs, _required)  # the order lights are shown in
# A page's most useful action: its heaviest light; between equals, this order (a page mostly copied from another is
# merged or rewritten before its sentences are polished)
ACTION_ORDER = ("duplicated", "grade", "jargon", "long_sentences", "passive", "paragraphs", "required")


def assessments(settings: "Settings") -> list[Assessment]:
    """Every page assessment, in the order a page's actions are tried when two weigh the same."""
    return [build(settings) for build in BUILDERS]


def style_assessments(settings: "Settings") -> list[Assessment]:
    """The sentence- and paragraph-level limits (Yoast): long sentences, passive voice, paragraph length."""
    return [_long(settings), _passive(settings), _paragraphs(settings)]


def by_name(settings: "Settings", name: str) -> Assessment:
    return next(a for a in assessments(settings) if a.name == name)


# The page assessments the CI gate can also enforce (`audit.present.gate.check_style`): each one's `[check]` key is how many
# pages may have its red light (unset: not a gate check, advice only)
GATED = {"long_sentences": "max_pages_long_sentences", "passive": "max_pages_passive",
         "paragraphs": "max_pages_long_paragraphs", "jargon": "max_pages_unexplained_jargon"}


# ------------------------------------------------------------------ page lists (vectorised: the gate uses these)

def ok_pages(pages: pd.DataFrame) -> pd.DataFrame:
    return pages[pages["status"] == "ok"]


def pages_over_grade_limit(pages: pd.DataFrame, settings: "Settings") -> pd.Series | None:
    """Grades of the audited pages above the gate's limit (red grade lights), index page_id; None when not measured."""
    ok = ok_pages(pages)
    if "grade" not in ok.columns:
        return None
    g = ok.set_index("page_id")["grade"].astype(float)
    return g[by_name(settings, "grade").colours(g) == RED]


def red_pages(pages: pd.DataFrame, settings: "Settings", name: str) -> pd.Series | None:
    """Figures of the audited pages with a red light in assessment `name`, index page_id; None when no page has the
    figure (not measured)."""
    a = by_name(settings, name)
    ok = ok_pages(pages)
    if a.column not in ok.columns or ok[a.column].dropna().empty:
        return None
    v = ok.set_index("page_id")[a.column].astype(float)
    return v[a.colours(v) == RED]


def pages_over_duplicate_limit(pages: pd.DataFrame, settings: "Settings") -> pd.Series | None:
    """Duplicated shares above `[check] max_duplicate_share` (red lights), index page_id; None when not measured."""
    ok = ok_pages(pages)
    if "duplicate_share" not in ok.columns or ok["duplicate_share"].dropna().empty:
        return None
    s = ok.set_index("page_id")["duplicate_share"].astype(float)
    return s[by_name(settings, "duplicated").colours(s) == RED]


def required_missing(audit, required: list[str]) -> dict[str, list[str]]:
    """Page id -> the required concepts (glossary names, resolved by `audit.present.gate.resolve_required_concepts`) it
    does not mention; every audited page when terms were not measured is left out (empty dict)."""
    if not required:  # (the terms table, large on a large site, is read only when concepts are required)
        return {}
    if "terms" not in audit.tables:
        return {}
    have = table_columns(audit, "terms")
    if "concept" not in have:
        return {}
    # only the columns needed, read chunk by chunk (`rows.rows`): the terms table is never held whole
    found = table_rows(audit, "terms", (lambda t: t["count"] > 0) if "count" in have else None,
                       ["page_id", "concept"])
    on = found.groupby("page_id")["concept"].agg(lambda c: {str(x).casefold() for x in c}).to_dict()
    return {pid: [c for c in required if c.casefold() not in on.get(pid, set())]
            for pid in ok_pages(audit.pages)["page_id"]}


def page_lights(audit, required: list[str] | None = None) -> pd.DataFrame:
    """One row per audited page: its figure and light per assessment (`<name>`, `<name>_light`), the priority
    (sum of weight x severity), the single most useful action (the advice of the heaviest light, ties in
    `ACTION_ORDER`) and its check; sorted by priority (worst first, ties
    by grade, then duplicated share, then page id) with `priority_rank` 1..n."""
    settings = audit.settings
    ok = ok_pages(audit.pages).copy()
    missing = required_missing(audit, list(required or []))
    if required and missing:
        ok["required_missing"] = ok["page_id"].map(lambda p: len(missing.get(p, [])))
    out = pd.DataFrame({"page_id": ok["page_id"].to_numpy(),
                        "title": ok.get("title", pd.Series("", index=ok.index)).fillna("").astype(str).to_numpy(),
                        "url": ok.get("url", pd.Series("", index=ok.index)).fillna("").astype(str).to_numpy()})
    priority = np.zeros(len(ok))
    best, best_w = [None] * len(ok), np.zeros(len(ok))
    for a in sorted(assessments(settings), key=lambda a: ACTION_ORDER.index(a.name)):
        values = ok[a.column].astype(float) if a.column in ok.columns else pd.Series(np.nan, index=ok.index)
        lights = a.colours(values)
        out[a.name] = values.to_numpy()
        out[a.name + "_light"] = lights.to_numpy()
        if a.why_missing and a.why_missing in ok.columns:  # (why a figure is missing: the page view says it)
            out[a.why_missing] = ok[a.why_missing].fillna("").astype(str).to_numpy()
        w = a.weight * lights.map(SEVERITY).to_numpy(dtype=float)
        priority += w
        for i in np.flatnonzero(w > best_w):
            best[i] = a
        best_w = np.maximum(best_w, w)
    out["priority"] = priority
    out["action_check"] = [a.name if a else "" for a in best]
    out["action"] = [a.advice(v) if a else "No change needed: every check is green."
                     for a, v in zip(best, [out.loc[i, a.name] if a else None for i, a in enumerate(best)])]
    out["_over"] = (out["grade"] - float(settings.readability.target_grade)).fillna(-1e9)
    out["_dup"] = out["duplicated"].fillna(0)
    out = out.sort_values(["priority", "_over", "_dup", "page_id"], ascending=[False, False, False, True],
                          kind="mergesort").drop(columns=["_over", "_dup"]).reset_index(drop=True)
    out.insert(0, "priority_rank", np.arange(1, len(out) + 1))
    return out


# ------------------------------------------------------------------ the spans each assessment marks on a page

SENTENCE_COLS = ("kind", "block", "sentence", "text", "words", "grade", "very_hard", "hard", "long", "very_long",
                 "passive", "passive_phrase")
BLOCK_COLS = ("block", "line_start", "line_end", "label", "kind", "words", "reason", "text")
PASSAGE_SIDE = ("page", "block", "text", "lines")


class PageIndex:
    """The audit's per-page rows, indexed once (page id -> row positions): sentences, blocks, passages (both sides),
    jargon and plain-language hits. Built once for a report; `marks(page_id)` then costs one page's rows, read as
    plain lists (no pandas object per page). Only row positions are added to the tables already in memory."""

    def __init__(self, audit):
        self.audit, self.settings = audit, audit.settings
        # one chunk's rows at a time (`rows.ByPage`): the whole sentences / blocks tables are never held
        self.sentences = ByPage(audit, "sentences")
        self.blocks = ByPage(audit, "blocks")
        # jargon and plain-language hits: chunked page tables, read one chunk at a time like the sentences
        self.jargon = _Unexplained(ByPage(audit, "jargon"))
        self.plain = ByPage(audit, "plain_language")
        self._passages = _Passages(audit)

    def block_lines(self, page_id: str) -> dict[int, int]:
        b = self.blocks.lists(page_id, ("block", "line_start"))
        return {} if b is None else {int(k): int(v) for k, v in zip(b["block"], b["line_start"])}

    def passages(self, page_id: str) -> list[dict[str, Any]]:
        """The page's sides of the shared passages: block, text, lines, other_page, other_lines, in table order (a
        passage's side a before its side b)."""
        return self._passages.of(page_id)

    def marks(self, page_id: str, required_missing: list[str] | None = None) -> list[Mark]:
        """Every problem on the page, in page order (line), each with one plain sentence of advice."""
        rs = self.settings.readability
        lines = self.block_lines(page_id)
        out: list[Mark] = []
        s = self.sentences.lists(page_id, SENTENCE_COLS)
        if s is not None:
            n = len(s["block"])
            keep = (range(n) if "kind" not in s else
                    [i for i, k in enumerate(s["kind"]) if k in ("paragraph", "list_item")])
            flag_cols = [(f, s[f]) for f in ("very_hard", "hard", "long", "very_long", "passive") if f in s]
            grades, phrases = s.get("grade"), s.get("passive_phrase")
            for i in keep:
                block, sentence, text = s["block"][i], s["sentence"][i], s["text"][i]
                line = lines.get(int(block))
                flags = {f for f, v in flag_cols if bool(v[i]) is True}
                grade = float(np.nan if grades is None else grades[i])
                if "very_hard" in flags or "hard" in flags:
                    kind = "very_hard" if "very_hard" in flags else "hard"
                    level = "very hard" if kind == "very_hard" else "hard"
                    out.append(Mark(kind, page_id, line, text,
                                    f"A {level} sentence (grade {grade:.0f}, {int(s['words'][i])} words): split it "
                                    "into shorter sentences and use common words.", block=int(block),
                                    sentence=int(sentence), value=grade))
                elif "long" in flags or "very_long" in flags:
                    out.append(Mark("long", page_id, line, text,
                                    f"{int(s['words'][i])} words (more than {rs.long_sentence_words}): split it.",
                                    block=int(block), sentence=int(sentence)))
                if "passive" in flags:
                    phrase = str(("" if phrases is None else phrases[i]) or "")
                    said = f" (\u201c{phrase}\u201d)" if phrase else ""
                    out.append(Mark("passive", page_id, line, text,
                                    f"Passive voice{said}: say who does it, in active voice.",
                                    block=int(block), sentence=int(sentence)))
        b = self.blocks.lists(page_id, ("block", "line_start", "label", "kind", "words", "text"))
        if b is not None:
            for block, start, label, kind, words, text in zip(b["block"], b["line_start"], b["label"], b["kind"],
                                                              b["words"], b["text"]):
                if label == "body" and kind == "paragraph" and words > rs.paragraph_max_words:
                    out.append(Mark("paragraph", page_id, int(start), text,
                                    f"This paragraph has {int(words)} words (more than {rs.paragraph_max_words}): "
                                    "split it.", block=int(block)))
        for r in sorted(self.passages(page_id), key=lambda r: (r["block"], r["other_page"])):
            out.append(Mark("shared", page_id, lines.get(int(r["block"])), r["text"],
                            f"Also on page {r['other_page']} (line {r['other_lines']}): keep it on one page and link "
                            "to it, or rewrite it for this page.", other_page=str(r["other_page"]),
                            other_lines=str(r["other_lines"]), block=int(r["block"])))
        j = self.jargon.lists_of(page_id, ("concept", "block", "sentence"))
        if j is not None:
            for concept, block, sentence in zip(j["concept"], j["block"], j["sentence"]):
                out.append(Mark("jargon", page_id, lines.get(int(block)), str(concept),
                                f"\u201c{concept}\u201d is not explained where it is first used: add a short plain "
                                "explanation.", block=int(block), sentence=int(sentence)))
        for concept in required_missing or []:
            out.append(Mark("concept", page_id, None, concept,
                            f"The required concept \u201c{concept}\u201d is not mentioned: cover it if this page is "
                            "about it."))
        order = {k: i for i, k in enumerate(("very_hard", "hard", "long", "passive", "paragraph", "shared", "jargon",
                                             "concept"))}
        return sorted(out, key=lambda m: (m.line is None, m.line or 0, m.sentence if m.sentence is not None else -1,
                                          order[m.kind]))


class _Unexplained:
    """The jargon hits a page does not explain (`explained` false or missing), from `ByPage(audit, "jargon")`."""

    def __init__(self, rows: ByPage):
        self.rows = rows

    def lists_of(self, page_id: str, cols: tuple[str, ...]) -> dict[str, list] | None:
        got = self.rows.lists(page_id, (*cols, "explained"))
        if got is None:
            return None
        flags = got.pop("explained", None)
        if flags is not None:
            keep = [i for i, v in enumerate(flags) if v is None or v != v or not bool(v)]
            if not keep:
                return None
            got = {c: [v[i] for i in keep] for c, v in got.items()}
        return got


PASSAGE_WINDOWS = 8  # a streamed passages table is held for one eighth of the page chunks at a time


class _Passages:
    """The passages table indexed by page on both sides (row positions of `page_a` and of `page_b`): a page's sides
    are read when its view is made, never copied for every page up front. A passages table still in the store (one
    corpus-job part, the largest table of the report) is read for a window of page chunks at a time (pages are
    rendered in chunk order): the rows with a side on those pages, by row number (`rows.take`)."""

    def __init__(self, audit):
        self.audit = audit
        self.streamed = _in_store(audit, "passages")
        self._window: int | None = None
        self._rows(None if self.streamed else audit.tables.get("passages"))
        if not self.streamed:
            return
        chunks = page_chunks(audit)
        order = sorted(set(chunks.values()))
        per = max(1, -(-len(order) // PASSAGE_WINDOWS))
        rank = {i: k // per for k, i in enumerate(order)}
        self.window_of = {pid: rank[i] for pid, i in chunks.items()}
        sides = {"a": [], "b": []}
        for frame in batches(audit, "passages", ["page_a", "page_b"]):
            for side in ("a", "b"):
                sides[side].append(np.fromiter((self.window_of.get(str(x), -1) for x in frame[f"page_{side}"]),
                                               dtype=np.int32, count=len(frame)))
        self.win_a = np.concatenate(sides["a"]) if sides["a"] else np.zeros(0, np.int32)
        self.win_b = np.concatenate(sides["b"]) if sides["b"] else np.zeros(0, np.int32)

    def _rows(self, df: pd.DataFrame | None) -> None:
        self.a = PageRows(df, "page_a")
        self.b = PageRows(df, "page_b")
        self.cols: dict[str, np.ndarray] = {}
        if df is not None and len(df):
            for side in ("a", "b"):
                for c in PASSAGE_SIDE:
                    name = f"{c}_{side}"
                    self.cols[name] = (df[name].to_numpy() if name in df.columns
                                       else np.full(len(df), "", dtype=object))

    def _load(self, page_id: str) -> None:
        w = self.window_of.get(page_id, -1)
        if w == self._window:
            return
        self._rows(None)  # the previous window dropped before the next is read
        wanted = np.flatnonzero((self.win_a == w) | (self.win_b == w))
        self._rows(take(self.audit, "passages", wanted).reset_index(drop=True) if len(wanted) else None)
        self._window = w

    def of(self, page_id: str) -> list[dict[str, Any]]:
        if self.streamed:
            self._load(page_id)
        entries = [(int(i), "a", "b") for i in self.a.pos.get(page_id, ())]
        entries += [(int(i), "b", "a") for i in self.b.pos.get(page_id, ())]
        entries.sort(key=lambda e: (e[0], e[1]))
        c = self.cols
        return [{"block": _py(c[f"block_{me}"][i]), "text": _py(c[f"text_{me}"][i]),
                 "lines": str(_py(c[f"lines_{me}"][i])), "other_page": _py(c[f"page_{other}"][i]),
                 "other_lines": str(_py(c[f"lines_{other}"][i]))} for i, me, other in entries]


def _py(value: Any) -> Any:
    """A numpy scalar as the Python value (`to_dict("records")` gives), anything else as it is."""
    return value.item() if isinstance(value, np.generic) else value
