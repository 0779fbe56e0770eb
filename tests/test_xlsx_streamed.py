"""audit.xlsx from a run whose tables are still in the store: the large tables are read a batch of rows at a time
(`audit.present.rows.batches`), and a table cut at `[run] xlsx_max_rows` is read no further than the cut (its total is
the store's row count). The workbook is the same bytes as the one written from the tables in memory."""
from __future__ import annotations

import io

from openpyxl import load_workbook

import audit
from audit.config import Settings
from audit.present import rows as rows_mod
from audit.present.xlsx import workbook_bytes

from .conftest import generated_site

RUN = {"workers": 2, "parallel_min_pages": 1, "xlsx": True, "xlsx_max_rows": 600}


def test_a_cut_streamed_table_reads_only_what_it_writes(tmp_path, monkeypatch):
    site = generated_site(tmp_path / "site", pages=60, seed=5)
    a = audit.run(site, Settings().replace(run=RUN), progress=False)
    assert a.streamed("sentences") and a.streamed("difficult_words") and a.streamed("passages")
    parts = [p.rows("difficult_words") for p in a.spill.parts if p.rows("difficult_words")]
    assert len(parts) > 3 and parts[0] < 600 < parts[0] + parts[1]
    read = []
    real = rows_mod.batches

    def counted(audit_, name, *args, **kw):
        for b in real(audit_, name, *args, **kw):
            read.append((name, len(b)))
            yield b
    monkeypatch.setattr("audit.present.xlsx.batches", counted)
    data = workbook_bytes(a)
    # difficult words: its first two parts are read (600 rows written), not the rest
    assert [n for name, n in read if name == "difficult_words"] == parts[:2]
    assert sum(n for name, n in read if name == "passages") == rows_mod.count(a, "passages")  # (one batch, cut at 600)
    about = {r[0]: r for r in load_workbook(io.BytesIO(data))["about"].iter_rows(min_row=2, values_only=True)
             if r[0]}
    n = sum(parts)
    assert about["difficult_words"][2:] == (n, f"first 600 of {n:,} rows (the CSV file holds them all)")
    monkeypatch.undo()
    for name in list(a.tables):  # every table read into memory: the workbook from whole frames
        a.tables[name]
    a.blocks, a.sentences
    assert not any(a.streamed(name) for name in ("blocks", "sentences", *a.tables))
    assert workbook_bytes(a) == data
