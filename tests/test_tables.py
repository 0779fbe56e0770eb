"""Issue #16 (tables for spreadsheets, the terminal, the notebooks' conclusions): the CSV files in an editor's column
order with one rounding rule per kind of figure, line numbers wherever a block is cited, a UTF-8 BOM; `audit.xlsx`
(one sheet per table, frozen header, filters, byte-identical); progress and a verdict line on the command line;
`audit.present.narrative` for the notebooks."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.engine.progress import Progress
from audit.present.tables import BOM, COLUMN_ORDER, figure_kind, ordered_columns, stable_frame

from .conftest import CORPUS, SEED_IDS

AUDIT_BIN = Path(sys.executable).parent / "audit"
XLSX = {"xlsx": True}
P000, P001, P002 = SEED_IDS


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> dict:
    """`audit run --xlsx` of the seeds, through the command line (stderr is a pipe: not a terminal)."""
    out = tmp_path_factory.mktemp("tables") / "reports"
    proc = subprocess.run([str(AUDIT_BIN), "run", str(CORPUS), "--out", str(out), "--xlsx"], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    return {"out": out, "stdout": proc.stdout, "stderr": proc.stderr}


def _csv(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", keep_default_na=False, encoding="utf-8-sig")


# ------------------------------------------------------------------ CSV files

def test_every_csv_starts_with_a_bom_and_reads_back_in_excel_encoding(seed_out):
    files = sorted(seed_out["out"].glob("*.csv"))
    assert len(files) >= 12
    for f in files:
        data = f.read_bytes()
        assert data.startswith(BOM) and not data.startswith(BOM * 2), f.name
        assert b"\r" not in data  # '\n' line ends
    # "Bell’s" survives as written (Excel on Windows reads the BOM as UTF-8)
    assert "Bell’s Palsy" in (seed_out["out"] / "jargon.csv").read_bytes().decode("utf-8-sig")


def test_pages_csv_in_reading_order_one_name_per_figure(seed_out):
    pages = _csv(seed_out["out"], "pages")
    cols = list(pages.columns)
    assert cols[:10] == ["page_id", "title", "url", "grade", "meets_target", "target_grade", "why", "readability_note",
                         "readability_flags", "duplicate_share"]
    assert cols.index("template_share") < cols.index("flesch_reading_ease") < cols.index("status") < cols.index("source")
    assert "boilerplate_share" not in cols and cols.count("template_share") == 1
    assert cols.index("concepts_cause") == cols.index("term_mentions") + 1  # a family of columns stays together
    assert cols[-1] == "passive_method"  # the technical columns last
    # every column of the in-memory table is written once
    seed = audit.run(CORPUS, progress=False)
    assert sorted(cols) == sorted(seed.pages.columns)


def test_other_tables_in_reading_order_with_line_numbers(seed_out):
    out = seed_out["out"]
    sentences = _csv(out, "sentences")
    assert list(sentences.columns[:8]) == ["rewrite_rank", "page_id", "line", "sentence", "kind", "text", "grade",
                                           "words"]
    assert list(_csv(out, "blocks").columns[:3]) == ["page_id", "line_start", "line_end"]
    assert list(_csv(out, "terms").columns[:6]) == ["page_id", "concept", "category", "count", "first_line",
                                                    "first_text"]
    assert list(_csv(out, "jargon").columns[:3]) == ["page_id", "line", "concept"]
    passages = _csv(out, "passages")
    assert list(passages.columns[:6]) == ["page_a", "lines_a", "text_a", "page_b", "lines_b", "text_b"]
    assert list(_csv(out, "plain_language").columns[:5]) == ["page_id", "term", "alternative", "count", "lines"]
    # the lines are the file's: every sentence's text starts on its line of the page
    lines = {pid: (CORPUS / f"{pid}.txt").read_text(encoding="utf-8").splitlines() for pid in SEED_IDS}
    for row in sentences.itertuples():
        assert row.text[:25] in lines[row.page_id][int(row.line) - 1], (row.page_id, row.line, row.text)
    top = sentences[sentences["rewrite_rank"] == "1"].iloc[0]
    assert (top.page_id, int(top.line)) == (P000, 28) and top.text.startswith("At New York Facial Paralysis")
    jargon = _csv(out, "jargon").set_index(["page_id", "concept"])
    assert int(jargon.loc[(P000, "Bell's palsy"), "line"]) == 11  # the heading "Bell’s Palsy", line 11


def test_figures_rounded_by_kind(seed_out):
    out = seed_out["out"]
    text = (out / "pages.csv").read_text(encoding="utf-8-sig")
    row = next(line for line in text.splitlines() if line.startswith(P000))
    # grade and reading ease 1 decimal, shares 2, similarity 3, minutes 1; counts whole
    for figure in (",15.5,", ",28.2,", ",14.8,", ",0.58,", ",0.21,", ",0.16,", ",0.017,", ",2.3,", ",546,"):
        assert figure in row, figure
    pages = _csv(out, "pages").set_index("page_id")
    assert pages.loc[P001, "duplicate_share"] == 0.22 and pages.loc[P000, "template_share"] == 0.16
    pairs = _csv(out, "pairs")
    assert pairs["jaccard"].tolist() == [0.016, 0.017, 0.043]
    assert _csv(out, "passages")["score"].tolist() == [0.621, 0.72, 1.0]
    assert figure_kind("grade") == "grade" and figure_kind("passive_share") == "share"
    assert figure_kind("score", "passages") == "similarity" and figure_kind("score", "term_candidates") == "decimal"


def test_counts_stay_whole_numbers_when_a_page_is_skipped(tmp_path):
    corpus = tmp_path / "site"
    shutil.copytree(CORPUS, corpus)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    result = audit.run(corpus, progress=False)
    assert result.pages["hard_sentences"].dtype.kind == "f"  # NaN for the skipped page in memory ...
    frame = stable_frame(result.pages, "pages")
    assert str(frame["hard_sentences"].dtype) == "Int64"  # ... a whole number in the file
    written = frame.to_csv(index=False)
    assert ",22," in written and ",22.0," not in written


def test_unknown_columns_follow_the_named_ones_and_private_ones_are_dropped():
    cols = ["words", "zeta", "_private", "page_id", "grade", "alpha"]
    assert ordered_columns(cols, "pages") == ["page_id", "grade", "words", "zeta", "alpha"]
    assert ordered_columns(cols, "no such table") == ["words", "zeta", "page_id", "grade", "alpha"]
    assert COLUMN_ORDER["sentences"][0] == "rewrite_rank"  # the streaming join relies on it (prepends the rank)


def test_formula_like_text_is_quoted_in_csv():
    df = pd.DataFrame({"page_id": ["a"], "text": ["=HYPERLINK(\"http://x\")"], "words": [-3]})
    frame = stable_frame(df, "sentences")
    assert frame["text"].tolist() == ["'=HYPERLINK(\"http://x\")"] and frame["words"].tolist() == [-3]


# ------------------------------------------------------------------ line numbers of hard-wrapped text

WRAPPED = """Facial nerve care

Botulinum toxin injections relax the muscles of the face that twitch
without warning. Most patients notice the effect within a week of the first
treatment, and the effect lasts for about three months.

- Hemifacial spasm
"""


def test_sentence_lines_in_a_hard_wrapped_paragraph(tmp_path):
    (tmp_path / "page.txt").write_text(WRAPPED, encoding="utf-8")
    result = audit.run(tmp_path, progress=False)
    s = result.sentences.set_index("sentence")
    texts = s["text"].tolist()
    assert texts[1].startswith("Botulinum toxin") and texts[2].startswith("Most patients")
    assert s["line"].tolist() == [1, 3, 4, 7]  # "Most patients" starts on line 4, inside the block of lines 3-5
    assert result.blocks.set_index("block").loc[1, ["line_start", "line_end"]].tolist() == [3, 5]
    terms = result.tables["terms"].set_index("concept")
    assert terms.loc["botulinum toxin", "first_line"] == 3
    assert terms.loc["hemifacial spasm", "first_line"] == 7


# ------------------------------------------------------------------ audit.xlsx

def test_xlsx_has_a_sheet_per_table_frozen_header_filters_widths(seed_out):
    from openpyxl import load_workbook

    out = seed_out["out"]
    wb = load_workbook(out / "audit.xlsx")
    tables = sorted(p.stem for p in out.glob("*.csv"))
    assert wb.sheetnames[:3] == ["about", "pages", "sentences"] and wb.sheetnames[-1] == "blocks"
    assert sorted(wb.sheetnames[1:]) == tables
    for name in tables:
        ws = wb[name]
        csv = _csv(out, name)
        assert ws.freeze_panes == "A2", name
        last = ws.cell(row=1, column=len(csv.columns)).column_letter
        assert ws.auto_filter.ref == f"A1:{last}{len(csv) + 1}", name
        assert [c.value for c in ws[1]] == list(csv.columns), name
        assert ws.max_row == len(csv) + 1, name
        assert ws[1][0].font.b
        assert len(str(csv.columns[0])) + 2 <= ws.column_dimensions["A"].width <= 60
    pages = wb["pages"]
    assert [c.value for c in pages[2]][:5] == [P000, None, None, 15.5, False]
    text_col = [c.value for c in wb["sentences"][1]].index("text") + 1
    assert wb["sentences"].column_dimensions[pages.cell(row=1, column=text_col).column_letter].width == 60
    about = {r[0]: r for r in wb["about"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert about["sentences"][1:3] == ("sentences.csv", 68) and not about["sentences"][3]


def test_xlsx_is_byte_identical_across_runs_and_paths(tmp_path, seed_out):
    first = (seed_out["out"] / "audit.xlsx").read_bytes()
    again = audit.run(CORPUS, Settings().replace(run=XLSX), progress=False)
    again.write(tmp_path / "again")
    assert (tmp_path / "again" / "audit.xlsx").read_bytes() == first
    streamed = audit.run(CORPUS, Settings().replace(run={**XLSX, "stream_min_pages": 1}), progress=False)
    streamed.write(tmp_path / "streamed")  # the streaming run's tables are read part by part from its spill
    assert (tmp_path / "streamed" / "audit.xlsx").read_bytes() == first
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and core.count("2000-01-01T00:00:00Z") == 2


def test_xlsx_cuts_large_tables_and_says_so(tmp_path):
    from openpyxl import load_workbook

    result = audit.run(CORPUS, Settings().replace(run={**XLSX, "xlsx_max_rows": 10}), progress=False)
    result.write(tmp_path)
    wb = load_workbook(tmp_path / "audit.xlsx")
    assert wb["sentences"].max_row == 11 and wb["pages"].max_row == 4
    assert wb["sentences"].auto_filter.ref.endswith("11")
    about = {r[0]: r for r in wb["about"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert about["sentences"][3] == "first 10 of 68 rows (the CSV file holds them all)"
    assert len(_csv(tmp_path, "sentences")) == 68  # the CSV file holds every row


def test_xlsx_text_never_becomes_a_formula(tmp_path):
    from openpyxl import load_workbook

    corpus = tmp_path / "site"
    corpus.mkdir()
    (corpus / "page.txt").write_text("=HYPERLINK(\"http://example.invalid\", \"Click\") is a formula in a sheet, "
                                     "so a page that starts with it must stay plain text in every cell.\n\n"
                                     + "The rest of the page is ordinary text about the facial nerve. " * 4 + "\n",
                                     encoding="utf-8")
    result = audit.run(corpus, Settings().replace(run=XLSX), progress=False)
    result.write(tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "audit.xlsx")["sentences"]
    text_col = [c.value for c in ws[1]].index("text")
    cells = [row[text_col] for row in ws.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert cells[0].value.startswith("'=HYPERLINK")
    # a control character XML cannot hold (in a title, say) is shown as U+FFFD instead of failing the write
    from audit.present.xlsx import _rows

    assert _rows(pd.DataFrame({"title": ["Bell\x0bs", None], "n": [1, 2]})) == [["Bell\ufffds", 1], [None, 2]]


def test_no_xlsx_unless_asked_for(tmp_path):
    result = audit.run(CORPUS, progress=False)  # `[run] xlsx = false` by default: openpyxl's cost on large sites
    written = result.write(tmp_path)
    assert not (tmp_path / "audit.xlsx").exists() and all(p.suffix != ".xlsx" for p in written)


# ------------------------------------------------------------------ the terminal

def test_progress_lines_and_verdict_when_not_a_terminal(seed_out):
    err = seed_out["stderr"].splitlines()
    for stage in ("audit: find pages", "audit: load and segment 3 page(s)", "audit: strip site template",
                  "audit: analyse 3 page(s)", "audit: measure readability", "audit: measure duplication",
                  "audit: measure terms", "audit: write tables and audit.xlsx"):
        assert stage in err, stage
    assert err.index("audit: strip site template") < err.index("audit: analyse 3 page(s)")
    out = seed_out["stdout"].splitlines()
    assert out[-1] == f"3 pages audited · 3 above grade 8 · 0 near-duplicate pairs — tables: {seed_out['out']}"


def test_report_verdict_names_index_html_and_quiet_prints_nothing(tmp_path):
    out = tmp_path / "r"
    proc = subprocess.run([str(AUDIT_BIN), "report", str(CORPUS), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == ("3 pages audited · 3 above grade 8 · 0 near-duplicate pairs — report: "
                                            f"{out / 'index.html'}")
    assert "audit: write the report" in proc.stderr
    quiet = subprocess.run([str(AUDIT_BIN), "run", str(CORPUS), "--out", str(tmp_path / "q"), "-q"],
                           capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_progress_counts_pages_periodically():
    stream = io.StringIO()
    p = Progress("lines", stream=stream, interval=0.0)
    update = p.stage("analyse", 10)
    update(4)
    update(6)  # the last batch: the next stage's line says it is done
    p.step("measure readability")
    assert stream.getvalue().splitlines() == ["audit: analyse 10 page(s)", "audit: analyse 4/10 pages (40 %)",
                                              "audit: measure readability"]
    silent = io.StringIO()
    q = Progress(None, stream=silent)
    assert q.stage("load", 3) is None
    q.step("x")
    assert silent.getvalue() == ""
    assert Progress("lines", stream=io.StringIO(), interval=3600).stage("load", 5) is not None


# ------------------------------------------------------------------ notebooks: tables and what to do next

def test_show_is_a_styled_table_without_index_and_deterministic():
    from audit.present import notebook
    from audit.present import narrative as present
    from audit.present import views

    result = notebook.notebook_audit(CORPUS)
    table = present.show(views.readability_table(result))
    html = table._repr_html_()
    assert html == present.show(views.readability_table(result))._repr_html_()  # no random id
    assert "row_heading" not in html and "<th" in html and "15.5" in html
    text = repr(table)
    assert text.splitlines()[0].split()[:3] == ["page_id", "grade", "meets_target"]
    assert text.splitlines()[1].startswith(P000)  # no 0/1/2 index
    wrapped = present.show(views.sentences_to_rewrite(result, n=3))._repr_html_()
    assert "max-width: 32em" in wrapped and "white-space: normal" in wrapped
    assert repr(present.show(None)) == "Not measured for this corpus."


def test_next_steps_read_the_real_results():
    from audit.present import notebook
    from audit.present import narrative as present
    from audit.present import views

    result = notebook.notebook_audit(CORPUS)
    steps = present.next_steps(result, "readability")
    assert steps.startswith("1. ") and "\n2. " in steps
    assert f"**Start with page `{P000}`**: grade 15.5 against a target of 8 (13 very hard sentences, 21 % passive)" \
        in steps
    assert "line 28: “At New York Facial Paralysis" in steps and "(grade 22.3, 35 words)" in steps
    assert "Then the other 2 pages above grade 8" in steps
    dup = present.next_steps(result, "duplication")
    assert f"Page `{P001}` has the most copied text: 22 %" in dup and f"also on `{P002}`" in dup
    terms = present.next_steps(result, "terms")
    assert "29 glossary concepts appear on no page" in terms and "`aberrant nerve regeneration`" in terms
    assert f"page `{P002}`, which lost the most: 27 %" in present.next_steps(result, "template")
    summary = present.next_steps(result, "summary")
    assert summary.startswith("1. ") and "\n3. " in summary
    with pytest.raises(ValueError):
        present.next_steps(result, "nonsense")
