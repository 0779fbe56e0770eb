"""#14, the serial tail: writing a chunked table joins the workers' CSV lines, also when a field holds a line break
(a multi-line 'other' or table block, an ASCII drawing of a real post): the main process never reads blocks or
sentences back whole to write them (at newsgroups-20k that read put main's peak at 618 MB, +230 MB in `write`), and
the file is byte for byte what pandas writes for the whole table."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.engine.store import Part, Spill, csv_records, spill_frame
from audit.present._csv import prefixed_rows
from audit.present.tables import BOM, csv_rows, stable_frame

# two pages whose drawings are 'other' blocks with a line break inside (the second page's: ",\n___")
PAGE_A = ('Heart disease is common. Doctors treat it every day, with "care".\n\n      _____\n     /  " /|\n'
          "    /____/ |\n    |    | |\n    |____|/\n\nA closing paragraph says \"hello\" plainly.\n")
PAGE_B = "Another page entirely. It has a sentence about heart disease.\n\n     ___\n    | , |\n    |___|\n"


def test_csv_records_splits_rows_outside_quotes_only():
    frame = pd.DataFrame({"a": ["x\ny", 'say "hi"\n"there"', "plain", "", '"\n', "a,b\r\nc"], "n": range(6)})
    text = csv_rows(frame, header=False).encode("utf-8")
    rows = csv_records(text)
    assert len(rows) == len(frame)
    assert b"\n".join(rows) + b"\n" == text
    parsed = [next(csv.reader(io.StringIO(r.decode("utf-8"), newline=""))) for r in rows]
    assert [p[0] for p in parsed] == frame["a"].tolist() and [int(p[1]) for p in parsed] == list(range(6))
    with pytest.raises(ValueError):
        csv_records(b'"open\n')
    ranks, flags = [str(k).encode() for k in range(6)], [b"", b"x", b'"q"', b"", b"y", b""]
    assert prefixed_rows([ranks, flags], text, 6) == b"".join(b",".join([r, f, row]) + b"\n"
                                                               for r, f, row in zip(ranks, flags, rows))
    assert prefixed_rows([], text, 6) == text
    for bad, n in ((text, 5), (text, 7), (text[:-1], 6), (b'"open\n', 1)):
        with pytest.raises(ValueError):
            prefixed_rows([[b""] * n], bad, n)


def test_sentences_with_line_breaks_join_with_their_rank_column(tmp_path):
    """The rank column (a corpus column) spliced in front of each row of parts whose texts span lines: the same
    bytes as pandas writing the whole table."""
    spill = Spill(tmp_path / "store")
    frames = [pd.DataFrame({"page_id": ["a", "a", "b"], "sentence": [0, 1, 0], "kind": ["paragraph", "other", "other"],
                            "text": ["One.", '___ | "x"\n__ |', "-- |\r\n/"], "words": [1, 0, 0]}),
              pd.DataFrame({"page_id": ["c"], "sentence": [0], "kind": ["paragraph"], "text": ["Two\nlines."],
                            "words": [2]})]
    for k, frame in enumerate(frames):
        part = Part(k, pages=sorted(set(frame["page_id"])))
        spill_frame(spill.dir, part, "sentences", frame)
        spill.parts.append(part)
    assert all(spill.path(p.chunk, "sentences.csv").read_bytes().count(b"\n") > p.rows("sentences")
               for p in spill.parts)  # (line breaks inside fields)
    assert spill.uniform("sentences")
    spill.sentence_extra["rewrite_rank"] = pd.Series([2, 1], index=[1, 3])
    got = io.BytesIO()
    spill.write("sentences", got)
    whole = pd.concat(frames, ignore_index=True)
    whole["rewrite_rank"] = pd.array([pd.NA, 2, pd.NA, 1], dtype="Int64")
    assert got.getvalue() == BOM + csv_rows(stable_frame(whole, "sentences")).encode("utf-8")
    spill.close()


def test_blocks_with_line_breaks_are_joined_not_read_back(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (corpus / "b.txt").write_text(PAGE_B, encoding="utf-8")
    run = audit.run(corpus, Settings().replace(run={"workers": 2, "parallel_min_pages": 1}), progress=False)
    parts = [p for p in run.spill.parts if p.rows("blocks")]
    assert any(run.spill.path(p.chunk, "blocks.csv").read_bytes().count(b"\n") > p.rows("blocks")
               for p in parts)  # a block's text holds a line break
    assert any("\n" in t for t in pd.concat(list(run.spill.frames("blocks")))["text"])
    assert run.spill.uniform("blocks")
    out = tmp_path / "out"
    whole = Spill.frame

    def read_whole(spill, name):
        assert name not in ("blocks", "sentences"), f"{name} read back whole to be written"
        return whole(spill, name)

    monkeypatch.setattr(Spill, "frame", read_whole)
    run.write(out)
    monkeypatch.undo()
    assert run.streamed("blocks") and run.streamed("sentences")  # written from the parts, never read whole
    data = (out / "blocks.csv").read_bytes()
    assert data == BOM + csv_rows(stable_frame(run.blocks, "blocks")).encode("utf-8")
    assert data.count(b"\n") > len(run.blocks) + 1  # (the line break is in the file, quoted)
    run.close()
