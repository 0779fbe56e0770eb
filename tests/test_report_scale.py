"""The report at scale: each page view costs that page's rows, read as plain lists from tables indexed once
(`audit.present.rows.ByPage`, `PageRows`; `audit.present.assess.PageIndex`), never a pandas object per block, a
scan of a whole table per page, or every passage copied for both of its pages up front. The rows it reads are the
rows the whole-table path (`groupby("page_id")`, `to_dict("records")`) gives, so the bytes stay the same."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.present import assess
from audit.present import rows as rows_mod
from audit.present.report import Context
from audit.present.pageview import PageView

from .conftest import SEED_IDS, generated_site

STREAM = {"workers": 2, "parallel_min_pages": 1}


@pytest.fixture(scope="module")
def streamed(tmp_path_factory):
    site = generated_site(tmp_path_factory.mktemp("site") / "site", pages=60, seed=11)
    return audit.run(site, Settings().replace(run=STREAM))


def _old_passage_sides(ps: pd.DataFrame) -> dict[str, list[dict]]:
    """The passages' sides per page as the report built them before: every row twice, as dicts, then grouped."""
    out: dict[str, list[dict]] = {}
    for r in ps.to_dict("records"):
        for me, other in (("a", "b"), ("b", "a")):
            out.setdefault(str(r[f"page_{me}"]), []).append({
                "block": r[f"block_{me}"], "text": r[f"text_{me}"], "lines": str(r.get(f"lines_{me}", "")),
                "other_page": r[f"page_{other}"], "other_lines": str(r.get(f"lines_{other}", ""))})
    return out


def test_page_lists_are_the_groupby_rows(streamed):
    sentences = streamed.spill.frame("sentences")
    blocks = streamed.spill.frame("blocks")
    for name, whole in (("sentences", sentences), ("blocks", blocks)):
        by_page = rows_mod.ByPage(streamed, name)
        assert by_page.streamed
        cols = ["block", "text", "words", "kind", "no_such_column"]
        pages = list(whole.groupby("page_id", sort=False))
        assert len(pages) == 60
        for pid, g in sorted(pages, key=lambda kv: by_page.order(str(kv[0]))):
            got = by_page.lists(str(pid), cols)
            assert got == {c: g[c].tolist() for c in cols if c in g.columns}
            pd.testing.assert_frame_equal(by_page.get(str(pid)), g)
        assert by_page.lists("no such page", cols) is None
    # an in-memory table: one index over the whole frame
    frame = pd.DataFrame({"page_id": ["b", "a", "b", np.nan, "a"], "x": [1, 2, 3, 4, 5], "t": list("vwxyz")})
    rows = rows_mod.PageRows(frame)
    assert rows.lists_of("b", ["x", "t"]) == {"x": [1, 3], "t": ["v", "x"]}
    assert rows.lists_of("a", ["x"]) == {"x": [2, 5]} and rows.lists_of("c", ["x"]) is None
    assert isinstance(rows.lists_of("a", ["x"])["x"][0], int)  # Python values, as itertuples gives them
    assert rows_mod.PageRows(None).lists_of("a", ["x"]) is None


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_passage_sides_are_the_old_rows(which, seed_audit, streamed):
    a = seed_audit if which == "seeds" else streamed
    ps = a.tables["passages"]
    assert len(ps) > 0
    old = _old_passage_sides(ps)
    index = assess.PageIndex(a)
    ids = set(ps["page_a"].astype(str)) | set(ps["page_b"].astype(str))
    for pid in ids:
        assert index.passages(pid) == old[pid]
    assert index.passages("no such page") == []
    if which == "seeds":
        shared = [m for m in index.marks(SEED_IDS[1]) if m.kind == "shared"]
        assert shared and all(m.other_page in SEED_IDS for m in shared)


def test_page_views_make_no_pandas_object_per_block(streamed, monkeypatch):
    """Rendering every page view: no itertuples, sort_values or per-page groupby (the report's cost per page was
    ~0.25 CPU-s on a 1,000-page site from these); each chunk of blocks and sentences is indexed once."""
    ctx = Context(streamed)
    view = PageView(streamed, ctx.index, ctx.lights, ctx.missing, ctx.assessments)
    calls = {"itertuples": 0, "sort_values": 0, "groupby": 0}
    for name in calls:
        real = getattr(pd.DataFrame, name)

        def counted(self, *args, _real=real, _name=name, **kw):
            calls[_name] += 1
            return _real(self, *args, **kw)
        monkeypatch.setattr(pd.DataFrame, name, counted)
    order = sorted(ctx.ids, key=lambda pid: (ctx.index.sentences.order(pid), ctx.index.blocks.order(pid)))
    html = [view.render(pid) for pid in order]
    monkeypatch.undo()
    chunks = sum(1 for name in ("blocks", "sentences", "jargon", "plain_language") for p in streamed.spill.parts
                 if p.rows(name)) + 2 * assess.PASSAGE_WINDOWS  # (passages: both sides of a window indexed once)
    assert len(html) == 60 and all("The article" in h for h in html)
    assert calls["itertuples"] == 0 and calls["sort_values"] == 0
    assert calls["groupby"] <= chunks  # one index per chunk read, not one per page
