"""A bad-input corpus, made here: every file ends `ok` or `skipped` with a clear reason, the CLI exits 0 with a
warning summary, nothing is written into the corpus, and `--out` inside it is refused."""
from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.cli import main as cli_main

SMART = "It\u2019s \u201cnormal\u201d to twitch \u2014 most people recover within weeks\u2026"
GERMAN = ("Die Gesichtslähmung ist ein Verlust der Beweglichkeit der Gesichtsmuskeln. Sie betrifft meistens nur "
          "eine Gesichtshälfte und tritt oft plötzlich auf. Die Ursachen sind vielfältig: Virusinfektionen, "
          "Verletzungen, Tumoren oder ein Schlaganfall. Die Behandlung richtet sich nach der Ursache und der "
          "Schwere der Beschwerden.\n")
HTML_ARTICLE = (
    "<html><head><title>Eyelid Twitching</title><link rel='canonical' href='https://example.org/eyelid'></head>"
    "<body><nav><a href='/'>Home</a> <a href='/contact'>Contact</a></nav><article><h1>Eyelid Twitching</h1>"
    "<p>Eyelid twitching is a repetitive, involuntary spasm of the eyelid muscles that most adults notice at times.</p>"
    "<h2>What makes it worse</h2><ul><li>Lack of sleep</li><li>Strong coffee</li><li>Screen time</li></ul>"
    "<p>Most episodes stop on their own within a few days, and rest is usually the only treatment needed.</p>"
    "</article><footer>Phone: (212) 434-4050</footer></body></html>")
LIMIT_MB = 50


def _png() -> bytes:
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))
            + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))


def make_bad_corpus(root: Path) -> dict[str, str]:
    """Write the bad-input corpus; returns {file name: what it is}."""
    root.mkdir(parents=True)
    cases: dict[str, str] = {}

    def put(name: str, data: bytes | str, what: str) -> None:
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases[name] = what

    put("empty.txt", b"", "empty file")
    put("blank.txt", b"  \n\t\n \r\n\xc2\xa0\n", "whitespace only")
    put("image.txt", _png(), "PNG bytes with a .txt extension")
    put("invalid-utf8.txt", "Café owners say “facial twitching” is common among baristas who drink a lot. ".encode()
        + b"\xff\xfe\xc3\x28 the rest of the sentence survives.\n", "UTF-8 with corrupt bytes")
    put("cp1252.txt", (SMART + " Dr. Smith\u2019s advice is rest and less caffeine for everyone.\n").encode("cp1252"),
        "cp1252 with smart quotes")
    put("utf16.txt", "Twitching in the cheek is common and usually harmless for adults in the city.\n".encode("utf-16"),
        "UTF-16 with BOM")
    put("utf16le-nobom.txt", "Twitching of the eyelid is common and usually harmless for adults.\n".encode("utf-16-le"),
        "UTF-16-LE without BOM")
    put("utf16be-nobom.txt", "Twitching of the chin is common and usually harmless for adults.\n".encode("utf-16-be"),
        "UTF-16-BE without BOM")
    put(".draft.txt", "A hidden draft page that is long enough to count as a sentence here.\n", "hidden file")
    for hidden in (".git", ".ipynb_checkpoints"):  # hidden folders are never walked: nothing in them is listed
        (root / hidden).mkdir()
        (root / hidden / "page.txt").write_text("A page in a hidden folder, long enough to be a sentence.\n")
    put("utf8bom.txt", b"\xef\xbb\xbf" + "Twitching of the lip is common and usually harmless for most adults.\n".encode(),
        "UTF-8 with BOM")
    put("crlf.txt", b"Heading One\r\n\r\nThe first paragraph of the CRLF page ends with a full stop here.\r\n\r\n"
        b"Its second paragraph is short but ends well.\r\n", "CRLF line ends")
    put("cr.txt", b"Heading Two\r\rThe opening paragraph of the old Mac page ends with a full stop too.\r\r"
        b"And then a closing paragraph, ending well.\r", "CR line ends")
    put("german.txt", GERMAN, "a non-English page")
    put("a.txt", "Plain text version of page a, which is long enough to count as a sentence.\n", "page id a (txt)")
    put("a.md", "# Page A\n\nMarkdown version of page a, which is long enough to count as a sentence.\n", "page id a (md)")
    put("scripts.html", "<html><head><style>body{color:red}</style><script>var x = 1;</script></head><body>"
        "<script>document.write('hi')</script><style>p{margin:0}</style></body></html>", "HTML with scripts/styles only")
    put("article.html", HTML_ARTICLE, "HTML with h2 and ul")
    with open(root / "huge.txt", "wb") as fh:  # a 50 MB "page", written in chunks
        line = b"Facial twitching is common and usually harmless for most adults in the city today.\n"
        chunk = line * 10_000
        for _ in range(LIMIT_MB * 1_000_000 // len(chunk) + 1):  # just over 50 MB
            fh.write(chunk)
    cases["huge.txt"] = "a 50 MB page"
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    cases["loop-a.txt"] = cases["loop-b.txt"] = "symlink loop"
    os.symlink(".", root / "dirloop")  # a folder symlink back to the root: never followed
    os.symlink("no-such-target.txt", root / "dangling.txt")
    cases["dangling.txt"] = "unreadable: dangling symlink"
    os.mkfifo(root / "pipe.txt")  # reading it would block forever
    cases["pipe.txt"] = "unreadable: named pipe"
    if os.geteuid() != 0:  # root reads a chmod 000 file anyway: the dangling symlink and the FIFO cover root
        put("locked.txt", "Locked page text that nobody can read at all, really.\n", "chmod 000")
        os.chmod(root / "locked.txt", 0)
    return cases


EXPECTED = {  # file -> (status, reason fragment)
    "empty.txt": ("skipped", "empty file"),
    "blank.txt": ("skipped", "blank file (whitespace only)"),
    "image.txt": ("skipped", "binary file"),
    "invalid-utf8.txt": ("ok", "not valid UTF-8"),
    "cp1252.txt": ("ok", "decoded as cp1252"),
    "utf16.txt": ("ok", ""),
    "utf16le-nobom.txt": ("ok", "no byte-order mark; decoded as utf-16-le"),
    "utf16be-nobom.txt": ("ok", "no byte-order mark; decoded as utf-16-be"),
    ".draft.txt": ("skipped", "hidden file"),
    "utf8bom.txt": ("ok", ""),
    "crlf.txt": ("ok", ""),
    "cr.txt": ("ok", ""),
    "german.txt": ("ok", "may not be English"),
    "a.md": ("ok", ""),
    "a.txt": ("skipped", "duplicate page id: also produced by a.md"),
    "scripts.html": ("skipped", "HTML has no main content"),
    "article.html": ("ok", ""),
    "huge.txt": ("skipped", "MB > limit 5.0 MB ([load] max_page_bytes)"),
    "loop-a.txt": ("skipped", "unreadable: symbolic link loop"),
    "loop-b.txt": ("skipped", "unreadable: symbolic link loop"),
    "dangling.txt": ("skipped", "unreadable: broken symbolic link"),
    "pipe.txt": ("skipped", "not a regular file: named pipe (FIFO)"),
    "locked.txt": ("skipped", "unreadable: permission denied"),
}


def tree_digest(folder: Path) -> dict[str, str]:
    """Every entry of the tree (files, folders, symlinks, FIFOs) with its content hash or link target."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            rel = p.relative_to(folder).as_posix()
            st = p.lstat()
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_file() and os.access(p, os.R_OK):
                h = hashlib.sha256()
                with open(p, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        h.update(block)
                out[rel] = h.hexdigest()
            else:
                out[rel] = f"mode:{st.st_mode:o}:size:{st.st_size}"
    return out


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad") / "corpus"
    cases = make_bad_corpus(root)
    return root, cases


@pytest.fixture(scope="module")
def bad_run(bad, tmp_path_factory):
    """One CLI run over the bad corpus (in-process), with the corpus digest before and after."""
    root, _ = bad
    out = tmp_path_factory.mktemp("bad-out") / "out"
    before = tree_digest(root)
    import contextlib
    import io

    err, std = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        code = cli_main(["run", str(root), "--out", str(out)])
    after = tree_digest(root)
    return {"code": code, "stdout": std.getvalue(), "stderr": err.getvalue(), "out": out, "before": before,
            "after": after}


def test_every_bad_file_ends_ok_or_skipped_with_a_clear_reason(bad, bad_run):
    root, cases = bad
    pages = pd.read_csv(bad_run["out"] / "pages.csv", keep_default_na=False)
    assert set(pages.status) <= {"ok", "skipped"}, pages[~pages.status.isin(["ok", "skipped"])]
    by_source = {r.source: r for r in pages.itertuples()}
    assert set(by_source) == set(cases)  # every file is listed, none dropped, nothing extra (dirloop not followed)
    for name, row in by_source.items():
        status, fragment = EXPECTED[name]
        assert (row.status, fragment in row.reason) == (status, True), (name, row.status, row.reason)
        if row.status == "skipped":
            assert row.reason and row.blocks == 0
    assert len(pages) == len(cases)


def test_cli_exits_0_with_a_warning_summary(bad, bad_run):
    _, cases = bad
    assert bad_run["code"] == 0
    skipped = sum(1 for name in cases if EXPECTED[name][0] == "skipped")
    ok = len(cases) - skipped
    assert f"audited {ok} page(s), skipped {skipped}" in bad_run["stdout"]
    warnings = [l for l in bad_run["stderr"].splitlines() if l.strip().startswith("warning: skipped")]
    assert len(warnings) == skipped
    assert any("huge.txt: too large" in w for w in warnings)


def test_nothing_is_written_into_the_corpus(bad_run):
    assert bad_run["after"] == bad_run["before"]


def test_decoded_characters_are_right(bad_run):
    blocks = pd.read_csv(bad_run["out"] / "blocks.csv", keep_default_na=False)
    pages = pd.read_csv(bad_run["out"] / "pages.csv", keep_default_na=False).set_index("source")
    text = lambda page_id: " ".join(blocks[blocks.page_id == page_id].text)  # noqa: E731
    # cp1252 smart quotes: 0x92 0x93 0x94 0x97 0x85 -> ’ “ ” — …
    assert pages.loc["cp1252.txt", "encoding"] == "cp1252"
    assert text("cp1252").startswith(SMART)
    for ch in "\u2019\u201c\u201d\u2014\u2026":
        assert ch in text("cp1252")
    # mostly-valid UTF-8 keeps its valid characters; only the corrupt bytes become U+FFFD
    assert pages.loc["invalid-utf8.txt", "encoding"] == "utf-8"
    assert text("invalid-utf8").startswith("Café owners say “facial twitching” is common")
    assert "\ufffd" in text("invalid-utf8") and text("invalid-utf8").endswith("the rest of the sentence survives.")
    assert pages.loc["utf16.txt", "encoding"] == "utf-16"
    assert text("utf16").startswith("Twitching in the cheek")
    for codec, where in (("utf-16-le", "eyelid"), ("utf-16-be", "chin")):
        name = codec.replace("utf-16-", "utf16") + "-nobom"
        assert pages.loc[f"{name}.txt", "encoding"] == codec
        assert text(name) == f"Twitching of the {where} is common and usually harmless for adults."
    assert pages.loc["utf8bom.txt", "encoding"] == "utf-8-sig"
    assert text("utf8bom").startswith("Twitching of the lip")  # no BOM left in the text
    assert "\ufeff" not in "".join(blocks.text)


def test_crlf_and_cr_line_numbers(bad_run):
    blocks = pd.read_csv(bad_run["out"] / "blocks.csv", keep_default_na=False)
    for page_id in ("crlf", "cr"):
        rows = blocks[blocks.page_id == page_id]
        assert rows[["line_start", "line_end"]].values.tolist() == [[1, 1], [3, 3], [5, 5]]
        assert rows.kind.tolist() == ["heading", "paragraph", "paragraph"]
        assert not any("\r" in t for t in rows.text)


def test_html_keeps_headings_list_items_title_and_url(bad_run):
    blocks = pd.read_csv(bad_run["out"] / "blocks.csv", keep_default_na=False)
    pages = pd.read_csv(bad_run["out"] / "pages.csv", keep_default_na=False).set_index("source")
    assert (pages.loc["article.html", "title"], pages.loc["article.html", "url"]) == (
        "Eyelid Twitching", "https://example.org/eyelid")
    rows = blocks[blocks.page_id == "article"]
    kinds = dict(zip(rows.text, rows.kind))
    assert kinds["What makes it worse"] == "heading"
    assert [kinds[t] for t in ("Lack of sleep", "Strong coffee", "Screen time")] == ["list_item"] * 3
    # each heading / list item is its own block on its own line
    items = rows[rows.kind.isin(["heading", "list_item"])]
    assert (items.line_start == items.line_end).all() and items.line_start.is_unique
    assert "Home" not in set(rows.text) and not rows.text.str.contains("434-4050").any()  # nav/footer dropped


def test_out_inside_the_corpus_is_refused(bad, tmp_path):
    root, _ = bad
    before = tree_digest(root)
    proc = subprocess.run([sys.executable, "-m", "audit", "run", str(root), "--out", str(root / "reports")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "inside the corpus folder" in proc.stderr
    assert tree_digest(root) == before and not (root / "reports").exists()


def _small_corpus(root: Path) -> Path:
    root.mkdir()
    for i in range(2):
        (root / f"p{i}.txt").write_text(f"Page {i} says facial twitching is common and usually harmless for adults.\n")
    return root


def test_out_in_the_folder_of_file_inputs_is_refused_and_a_reports_folder_is_never_a_page(tmp_path, capsys):
    """`audit run corp/*.txt --out corp` would put the report among the pages: refused. `--out corp/reports` is
    allowed (the pages are not touched), and a later `audit run corp` skips that output folder's index.html."""
    corp = _small_corpus(tmp_path / "corp")
    before = tree_digest(corp)
    files = [str(p) for p in sorted(corp.glob("*.txt"))]
    code = cli_main(["run", *files, "--out", str(corp), "--report", "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"audit: error: --out {corp} is inside the corpus folder {corp.resolve()} (it holds the "
                          f"input file {files[0]})"), err
    assert tree_digest(corp) == before
    assert cli_main(["run", *files, "--out", str(corp / "reports"), "--report", "-q"]) == 0
    assert {p.name for p in corp.glob("*.txt")} == {Path(f).name for f in files}  # pages untouched
    again = audit.run(corp).pages.set_index("page_id")
    assert again.loc["reports/index", "status"] == "skipped"
    assert again.loc["reports/index", "reason"].startswith("audit output")
    assert (again.status == "ok").sum() == len(files)
    # a file input elsewhere does not block an --out next to it in another folder
    assert cli_main(["run", files[0], "--out", str(tmp_path / "reports"), "-q"]) == 0
    assert (tmp_path / "reports" / "pages.csv").is_file()


def test_out_pointing_at_a_file_is_refused(tmp_path):
    corp = _small_corpus(tmp_path / "corp")
    existing = tmp_path / "notes.txt"
    existing.write_text("not a folder")
    for out, message in ((existing, f"--out {existing} is an existing file, not a folder"),
                         (existing / "sub", f"--out {existing / 'sub'} is inside {existing}, which is a file")):
        proc = subprocess.run([sys.executable, "-m", "audit", "run", str(corp), "--out", str(out)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2
        assert message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert existing.read_text() == "not a folder"


def test_50_mb_page_is_read_when_the_limit_allows_it(tmp_path):
    """The size skip is a setting, not a crash guard: with a higher limit the big page loads (first lines only
    checked, so the test stays fast)."""
    from audit.config import Settings
    from audit.ingest.load import Source, load_page

    big = tmp_path / "big.txt"
    line = b"Facial twitching is common and usually harmless for most adults in the city today.\n"
    big.write_bytes(line * (6_000_000 // len(line)))
    settings = Settings().replace(load={"max_page_bytes": 10_000_000}).load
    page = load_page(Source(big, "big", "big.txt"), settings)
    assert page.status == "ok" and len(page.lines) > 70_000
    small = Settings().replace(load={"max_page_bytes": 1_000_000}).load
    assert load_page(Source(big, "big", "big.txt"), small).reason.startswith("too large: 6.0 MB > limit 1.0 MB")


@pytest.mark.skipif(os.geteuid() != 0, reason="only meaningful as root (chmod 000 is covered above otherwise)")
def test_chmod_000_as_root_is_still_handled(tmp_path):
    """As root a chmod 000 file is readable, so it loads: ok, never an error."""
    (tmp_path / "locked.txt").write_text("Locked page text that root can still read, as it happens.\n")
    os.chmod(tmp_path / "locked.txt", 0)
    pages = audit.run(tmp_path).pages
    assert pages.status.tolist() == ["ok"]


def test_a_file_discover_saw_is_read_through_one_descriptor_with_the_same_page(tmp_path):
    """A file discover saw with bytes in it (`Source.size` > 0) is read through one descriptor (`load._read_regular`:
    no `stat` of the path); the page is the one the stat path makes (`Source.size` 0) for a file as it was, grown
    since, over the limit, and one that a FIFO, a folder or nothing has replaced since (no read blocks)."""
    from audit.config import Settings
    from audit.ingest.load import Source, discover, load_page

    settings = Settings().replace(load={"max_page_bytes": 1_000}).load
    text = "Facial twitching is common and usually harmless for most adults in the city today.\n"
    for name, body in (("as.txt", text), ("grown.txt", text), ("big.txt", text * 20), ("fifo.txt", text),
                       ("folder.txt", text), ("gone.txt", text), ("latin.txt", "Caf\xe9 au lait. " * 5)):
        (tmp_path / name).write_bytes(body.encode("cp1252"))
    sources, _ = discover([tmp_path], settings)
    assert all(s.size > 0 for s in sources) and len(sources) == 7
    (tmp_path / "grown.txt").write_text(text * 5)  # grown since discover (still under the limit)
    (tmp_path / "fifo.txt").unlink()
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "folder.txt").unlink()
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "gone.txt").unlink()
    for src in sources:
        by_stat = load_page(Source(src.path, src.page_id, src.display), settings)
        assert load_page(src, settings) == by_stat
    pages = {src.display: load_page(src, settings) for src in sources}
    assert pages["as.txt"].lines == [text.strip(), ""] and len(pages["grown.txt"].lines) == 6
    assert pages["big.txt"].reason == "too large: 0.0 MB > limit 0.0 MB ([load] max_page_bytes)"
    assert pages["fifo.txt"].reason == "not a regular file: named pipe (FIFO)"
    assert pages["folder.txt"].reason == "not a regular file: folder"
    assert pages["gone.txt"].reason == "unreadable: No such file or directory"
    assert pages["latin.txt"].encoding == "cp1252"
