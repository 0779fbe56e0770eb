"""The report reads the large chunked tables (blocks, sentences) from the run's store one chunk at a time, only the
rows and columns it needs (`audit.present.rows`): the main process never holds them whole, and the report's bytes
are those of the whole-table path."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.engine.store import Spill
from audit.present import rows as rows_mod
from audit.present.report import write_report

from .conftest import generated_site

STREAM = {"workers": 2, "parallel_min_pages": 1}


@pytest.fixture(scope="module")
def streamed(tmp_path_factory):
    site = generated_site(tmp_path_factory.mktemp("site") / "site", pages=120, seed=5)
    return audit.run(site, Settings().replace(run=STREAM))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rows_are_the_whole_tables_rows(streamed):
    spill = streamed.spill
    blocks, sentences = spill.frame("blocks"), spill.frame("sentences")
    body = rows_mod.rows(streamed, "blocks", lambda b: b["label"] == "body", ["page_id", "words"])
    pd.testing.assert_frame_equal(body, blocks.loc[blocks["label"] == "body", ["page_id", "words"]])
    ranked = rows_mod.rows(streamed, "sentences", lambda s: s["rewrite_rank"].notna())
    pd.testing.assert_frame_equal(ranked, sentences[sentences["rewrite_rank"].notna()])
    top = rows_mod.rows(streamed, "sentences", rows_mod.first_ranks(streamed, 10))
    assert 10 <= len(top) < len(ranked) // 10
    pd.testing.assert_frame_equal(top.sort_values("rewrite_rank", kind="mergesort").head(10),
                                  ranked.sort_values("rewrite_rank", kind="mergesort").head(10))
    assert rows_mod.columns(streamed, "sentences") == list(sentences.columns)
    assert rows_mod.count(streamed, "blocks") == len(blocks)
    by_page = rows_mod.ByPage(streamed, "sentences")
    assert by_page.streamed
    for pid, g in sentences.groupby("page_id", sort=False):
        pd.testing.assert_frame_equal(by_page.get(str(pid)), g)
    assert by_page.get("no such page") is None
    assert streamed.streamed("sentences")  # none of this kept the table in memory


def test_the_report_never_reads_blocks_or_sentences_whole(streamed, tmp_path, monkeypatch):
    assert len(streamed.spill.parts) >= 8
    whole = Spill.frame

    def frame(self, name):
        assert name not in ("blocks", "sentences"), f"{name} read whole"
        return whole(self, name)

    reads: list[tuple[str, int]] = []
    read_part = rows_mod._read_part

    def counted(spill, part, name, index):
        reads.append((name, index))
        return read_part(spill, part, name, index)

    with monkeypatch.context() as m:
        m.setattr(Spill, "frame", frame)
        m.setattr(rows_mod, "_read_part", counted)
        write_report(streamed, tmp_path / "chunked", with_tables=True)
    assert streamed.streamed("blocks") and streamed.streamed("sentences")  # still only in the store
    # the page views read each chunk of blocks, sentences, jargon and plain-language hits once (pages rendered in
    # chunk order)
    filled = sum(1 for name in ("blocks", "sentences", "jargon", "plain_language") for p in streamed.spill.parts
                 if p.rows(name))
    assert len(reads) == len(set(reads)) == filled
    # the same bytes as the report made from the whole tables in memory
    streamed.blocks, streamed.sentences  # noqa: B018 - read back whole: the in-memory path
    assert not streamed.streamed("sentences")
    write_report(streamed, tmp_path / "whole", with_tables=True)
    a, b = _files(tmp_path / "chunked"), _files(tmp_path / "whole")
    assert len(a) == 121 and a == b
