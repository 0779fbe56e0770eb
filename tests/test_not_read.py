"""What a run saw and did not read: files of the folders given whose extension is no page extension (`[load]
extensions`) are counted per extension in `summary.json`'s `not_read`, and `audit run` says, in one line, when any
of them is a document format (AsciiDoc, PDF, ...) or when no page was found at all — a folder of `.adoc` pages no
longer ends in a silent "audited 0 page(s)"."""
from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

from audit.cli import main as cli_main

SEEDS = Path(__file__).resolve().parents[1] / "corpus"


def _run(folder: Path, out: Path) -> tuple[int, str, dict]:
    err, std = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        code = cli_main(["run", str(folder), "--out", str(out), "--no-history"])
    return code, err.getvalue(), json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _site(root: Path) -> Path:
    """A site folder: a real seed page, two AsciiDoc pages, a PDF, two images, a file without extension, a hidden
    file and a hidden folder (never descended into)."""
    site = root / "site"
    (site / "img").mkdir(parents=True)
    (site / ".git").mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(seed, site / seed.name)
    for name in ("guide.adoc", "faq.adoc"):
        (site / name).write_text("= Title\n\nA page written in AsciiDoc.\n", encoding="utf-8")
    (site / "leaflet.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (site / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "img" / "b.PNG").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "Makefile").write_text("all:\n", encoding="utf-8")
    (site / ".DS_Store").write_bytes(b"\0")
    (site / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    return site


def test_files_no_extension_reads_are_counted_and_document_formats_named(tmp_path):
    code, err, summary = _run(_site(tmp_path), tmp_path / "out")
    assert code == 0 and summary["pages"]["ok"] == 1
    assert summary["not_read"] == {"files": 6, "extensions": {"": 1, ".adoc": 2, ".pdf": 1, ".png": 2}}
    assert ("  note: not read: 2 .adoc files, 1 .pdf file: no page extension ([load] extensions: .txt .md .markdown "
            ".mdx .rst .rest .html .htm); an extension added there is read as plain text\n") in err


def test_no_page_found_names_every_extension_seen(tmp_path):
    site = _site(tmp_path)
    next(site.glob("*.txt")).unlink()
    code, err, summary = _run(site, tmp_path / "out")
    assert code == 0 and summary["pages"]["total"] == 0
    assert ("  note: no page found; not read: 2 .adoc files, 2 .png files, 1 (no extension) file, 1 .pdf file: no page "
            "extension ([load] extensions: .txt .md .markdown .mdx .rst .rest .html .htm); an extension added there is "
            "read as plain text\n") in err


def test_a_folder_of_pages_only_says_nothing(tmp_path):
    site = tmp_path / "seeds"
    shutil.copytree(SEEDS, site)
    code, err, summary = _run(site, tmp_path / "out")
    assert summary["not_read"] == {"files": 0, "extensions": {}}
    assert "not read" not in err


def test_audit_check_says_it_too(tmp_path):
    """The CI gate's log says why a folder of AsciiDoc pages gives no page to audit (exit 2, never a pass)."""
    site = _site(tmp_path)
    next(site.glob("*.txt")).unlink()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli_main(["check", str(site), "--no-history"])
    assert code == 2
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("  note: no page found; not read: 2 .adoc files, 2 .png files")
    assert lines[1] == "audit: error: no page could be audited (no supported files)"
