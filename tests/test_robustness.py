"""Robustness: property tests (hypothesis) for segmentation, template stripping and arbitrary Unicode; an
interrupted run leaves no half-written table and a re-run gives the byte-identical result."""
from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

import audit
from audit.ingest import template as boilerplate
from audit.config import Settings
from audit.engine.output import atomic_write_text, write_audit
from audit.ingest.segment import (
    FENCE_RE,
    MD_HEADING_RE,
    NON_PROSE_KINDS,
    PROSE_KINDS,
    WORD_RE,
    _is_horizontal_rule,
    count_words,
    normalise,
    segment_lines,
)

from .conftest import generated_site

ROOT = Path(__file__).resolve().parents[1]
SEG = Settings().segment
BP = Settings().boilerplate
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ strategies

# Lines that exercise every rule of the segmenter: bullets, Markdown headings, rules, hard wraps, blanks.
LINE_PIECES = [
    "", " ", "\t", "\u00a0", "\ufeff", "---", "- - -", "***", "___", "===", "###", "### ", "# Title", "## ",
    "• Stress", "- Caffeine", "* Fatigue", "1. Dry eyes", "a) first", "(2) second", "‣ item", "-", "--", "- ",
    "Treatment Options", "Causes include:", "Rest helps.", "twitching continues on the next line and",
    "A long line that stops in the middle of a sentence because it was hard wrapped at sixty",
    "characters wide", "Dr. O. can help.", "e.g. this", "“Quoted”", "...", "•", "#", "1.", "x" * 200,
    "```", "~~~~", "```python", "\u200b", "\u200b\u200d \u2060", "## \u200b",
    ">", "> >", "> Rest helps.", "> ---", "|> Causes include:", ">> - Caffeine", "> # Title",  # (quoted: stop 35)
]
UNICODE_PIECES = [
    "\u202eRTL override\u202c", "שלום עולם, זו פסקה בעברית.", "مرحبا بالعالم. هذه فقرة.", "👍🏽 emoji 🎉🎉",
    "e\u0301\u0301\u0301 combining", "\x00\x01\x02\x07\x1b control", "\u200b\u200c\u200d zero width",
    "\u2028line sep\u2029para sep", "ＦＵＬＬＷＩＤＴＨ ＴＥＸＴ", "日本語の文章です。", "\ud7ff\ue000\uffff",
    "Ǆǅǆ ﬁ ß İ", "1,000.5 %", "x" * 10_000, "word " * 2_000, "\x0b\x0c\x1c\x1d\x1e\x85",
]
any_line = st.one_of(st.sampled_from(LINE_PIECES), st.sampled_from(UNICODE_PIECES),
                     st.text(max_size=80), st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
lines_strategy = st.lists(any_line, max_size=40)


def _invisible(text: str) -> bool:
    """Only whitespace and default-ignorable code points (Unicode's DerivedCoreProperties) other than the Hangul
    fillers (letters to `str.isalpha`)."""
    return all(c.isspace() or unicodedata.category(c) in ("Cf", "Cn", "Mn") and (
        c in "\u00ad\u034f\u061c\u17b4\u17b5\ufeff" or "\u180b" <= c <= "\u180f" or "\u200b" <= c <= "\u200f"
        or "\u202a" <= c <= "\u202e" or "\u2060" <= c <= "\u206f" or "\ufe00" <= c <= "\ufe0f"
        or "\ufff0" <= c <= "\ufff8" or "\U0001bca0" <= c <= "\U0001bca3" or "\U0001d173" <= c <= "\U0001d17a"
        or "\U000e0000" <= c <= "\U000e0fff") for c in text)


_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*(?:>|\|>))+[ \t]?")


def _dropped(line: str) -> bool:
    """What the segmenter leaves out of every block outside fenced code: blank lines and lines of only invisible
    characters ("\u200b"), horizontal rules (`---`, `***`, `___`, `===`) that are not Markdown headings, and Markdown
    heading markers with no visible text (`#`, `#   `, `## ##`, `# \u200b`) — quoted (after "> ", ">>", "|> ": stop
    34) or not (a quoted blank line ">" separates quoted blocks; found by hypothesis in stop 35); everything else is
    inside exactly one block."""
    clean = _QUOTE_MARKERS.sub("", line).replace("\u00a0", " ").replace("\ufeff", "")
    if _invisible(clean):
        return True
    md = MD_HEADING_RE.match(clean)
    return _invisible(md.group(2) or "") if md else _is_horizontal_rule(clean)


def _fenced(lines: list[str]) -> dict[int, bool]:
    """The lines (1-based) of fenced code blocks, fences included, each True when its block has text: a fence
    (`FENCE_RE`) opens where a line is not dropped, the first later line with a fence of the same character, at
    least as long and nothing after it closes it (or the page's end does). A block whose lines between the fences
    are all blank makes no block."""
    out: dict[int, bool] = {}
    number = 1
    while number <= len(lines):
        clean = lines[number - 1].replace("\u00a0", " ").replace("\ufeff", "")
        opening = None if _dropped(lines[number - 1]) else FENCE_RE.match(clean)
        if not opening:
            number += 1
            continue
        fence, end = opening.group(1), number + 1
        while end <= len(lines):
            m = FENCE_RE.match(lines[end - 1])
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not lines[end - 1][m.end():].strip():
                break
            end += 1
        inner = lines[number:end - 1] if end <= len(lines) else lines[number:]
        has_text = bool("\n".join(x.rstrip() for x in inner).strip("\n"))
        out.update(dict.fromkeys(range(number, min(end, len(lines)) + 1), has_text))
        number = end + 1
    return out


# ------------------------------------------------------------------ segmentation

@FAST
@given(lines_strategy)
@example([":\t:"])  # a table row of punctuation only (found by hypothesis in stop 15)
@example([">"])  # a quoted blank line (found by hypothesis in stop 35)
@example(["• Stress", "\u2028line sep\u2029para sep"])  # a list item's wrapped line (stop 35)
def test_segmentation_accounts_for_every_non_blank_line_exactly_once(lines):
    blocks = segment_lines(lines, SEG)
    covered: dict[int, int] = {}
    in_code: set[int] = set()  # a fenced code block holds its blank lines too
    previous_end = 0
    for i, b in enumerate(blocks):
        assert b.block == i
        assert 1 <= b.line_start <= b.line_end <= len(lines)
        assert b.line_start > previous_end  # in order, never overlapping
        previous_end = b.line_end
        assert b.kind in PROSE_KINDS + NON_PROSE_KINDS
        for n in range(b.line_start, b.line_end + 1):
            covered[n] = covered.get(n, 0) + 1
        if b.kind == "code":
            in_code.update(range(b.line_start, b.line_end + 1))
        elif b.kind != "other":
            assert WORD_RE.search(b.text)
    fenced = _fenced(lines)
    assert in_code == {n for n, has_text in fenced.items() if has_text}
    for n, line in enumerate(lines, start=1):
        assert covered.get(n, 0) == (fenced[n] if n in fenced else not _dropped(line)), (n, line)
    # a block spans several lines only as a hard-wrapped paragraph or list item (stop 35), never a heading
    assert all(b.line_start == b.line_end for b in blocks if b.kind == "heading")


@FAST
@given(st.text(max_size=200) | st.sampled_from(UNICODE_PIECES))
def test_counting_and_normalising_fast_paths_match_their_definitions(text):
    assert count_words(text) == sum(1 for tok in text.split() if WORD_RE.search(tok))
    reference = unicodedata.normalize("NFKC", text).casefold()
    reference = " ".join(re.sub(r"[^\w\s]|_", " ", re.sub(r"\d", "0", reference)).split())
    assert normalise(text) == reference


# ------------------------------------------------------------------ template stripping

TEMPLATE = ["Skip to main content", "(212) 434-4050 (212) 371-3223 (FACE)", "Posted on behalf of The Clinic",
            "Opening Times: Monday - Friday: 8:30 AM – 5:00 PM", "Related Articles", "Share this page"]
ARTICLE = ["Facial twitching is common and usually harmless for most adults who are tired or stressed.",
           "Botulinum toxin injections relax the overactive muscle and usually work for three to four months.",
           "Treatment Options", "• Stress", "• Caffeine", "Most patients recover fully within a few weeks of rest.",
           "Your doctor may ask when the twitching started and whether it comes and goes during the day.",
           "A short line", "what the picture shows"]

page_strategy = st.lists(st.sampled_from(TEMPLATE + ARTICLE) | st.text(max_size=60), min_size=1, max_size=12)


@FAST
@given(st.lists(page_strategy, min_size=1, max_size=7), st.randoms(use_true_random=False))
def test_boilerplate_labels_do_not_depend_on_page_order(pages, rnd):
    def labels(order: list[int]) -> dict[str, list[tuple[str, str]]]:
        pages_blocks = {f"p{i}": segment_lines(pages[i], SEG) for i in order}
        boilerplate.label_corpus(pages_blocks, BP)
        return {pid: [(b.label, b.reason) for b in blocks] for pid, blocks in pages_blocks.items()}

    order = list(range(len(pages)))
    reference = labels(order)
    rnd.shuffle(order)
    assert labels(order) == reference


def test_boilerplate_labels_do_not_depend_on_file_order_end_to_end(tmp_path):
    """Same property through `audit.run`: the files listed in three different orders give the same blocks."""
    rng = random.Random(3)
    for i in range(8):
        body = rng.sample(ARTICLE, 5)
        (tmp_path / f"page{i}.txt").write_text("\n\n".join(TEMPLATE[:2] + body + TEMPLATE[2:]) + "\n")
    files = sorted(tmp_path.glob("*.txt"))
    reference = audit.run(files).blocks
    for seed in range(2):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        assert audit.run(shuffled).blocks.equals(reference)


def _site_page(i: int, body: list[str]) -> str:
    return "\n\n".join(["Skip to main content", "Call (212) 434-4050", *body, "Posted on behalf of The Clinic",
                         "Phone: (212) 434-4050"]) + "\n"


def _unique_paragraph(i: int, rng: random.Random) -> str:
    words = ["twitching", "nerve", "muscle", "eyelid", "cheek", "rest", "stress", "caffeine", "doctor", "therapy"]
    return f"Page {i} explains " + " ".join(rng.choice(words) for _ in range(14)) + " in plain words for readers."


def test_a_copied_page_keeps_its_body(tmp_path):
    """A page copied whole (every paragraph on 2 pages) is duplicated content, not template: it is never emptied."""
    rng = random.Random(5)
    pages = {f"p{i}": [_unique_paragraph(i, rng), _unique_paragraph(i + 100, rng)] for i in range(3)}
    pages["p0_copy"] = pages["p0"]
    for name, body in pages.items():
        (tmp_path / f"{name}.txt").write_text(_site_page(0, body))
    blocks = audit.run(tmp_path).blocks
    copy = blocks[blocks.page_id == "p0_copy"]
    assert copy[copy.text.isin(pages["p0"])].label.tolist() == ["body", "body"]
    assert copy[copy.text.isin(pages["p0"])].reason.str.contains("duplicated content").all()
    assert set(blocks[blocks.text == "Skip to main content"].label) == {"boilerplate"}


@pytest.mark.parametrize("where", ["start", "end"])
def test_paragraphs_copied_at_the_article_edge_stay_body(tmp_path, where):
    """Copied paragraphs right before the first (or after the last) unique paragraph are part of the article, also
    across a heading and a list; a paragraph on every page next to the article stays template."""
    rng = random.Random(9)
    shared = [_unique_paragraph(900, rng), _unique_paragraph(901, rng)]
    disclaimer = "This article is for general information only and does not replace the advice of your own doctor."
    for i in range(12):
        own = [_unique_paragraph(i, rng)]
        extra = ["Related Questions", "Causes include:", "• Stress", *shared] if i < 3 else []
        body = extra + own if where == "start" else own + extra
        (tmp_path / f"p{i:02d}.txt").write_text(_site_page(i, body + [disclaimer]))
    blocks = audit.run(tmp_path).blocks
    copied = blocks[blocks.text.isin(shared)]
    assert len(copied) == 6 and (copied.label == "body").all(), copied[["page_id", "label", "reason"]]
    assert set(blocks[blocks.text == disclaimer].label) == {"boilerplate"}


# ------------------------------------------------------------------ arbitrary Unicode through every stage

texts = st.lists(any_line, max_size=25).map("\n".join)
page_files = st.lists(st.tuples(st.sampled_from([".txt", ".md", ".html"]), texts | st.binary(max_size=300)),
                      min_size=1, max_size=4)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_files)
def test_no_stage_raises_on_arbitrary_unicode(files):
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        for i, (ext, content) in enumerate(files):
            data = content if isinstance(content, bytes) else content.encode("utf-8", errors="surrogatepass")
            (corpus / f"page{i}{ext}").write_bytes(data)
        result = audit.run(corpus)
        assert len(result.pages) == len(files)
        # "error" would mean a stage raised (and was caught); every page must end ok or skipped
        assert set(result.pages.status) <= {"ok", "skipped"}, result.pages[["source", "status", "reason"]]
        assert (result.pages[result.pages.status == "skipped"].reason.str.len() > 0).all()
        assert set(result.blocks.page_id) <= set(result.pages[result.pages.status == "ok"].page_id)
        write_audit(result, out)
        assert (out / "pages.csv").is_file() and (out / "summary.json").is_file()


# ------------------------------------------------------------------ interrupted runs

def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    return generated_site(tmp_path_factory.mktemp("site") / "site", pages=80, seed=11)


def _cli(*args: str) -> subprocess.CompletedProcess:
    # --workers 2: the worker processes are exercised (and killed) even on this small corpus
    return subprocess.run([sys.executable, "-m", "audit", "run", *args, "--workers", "2", "-q"], capture_output=True,
                          text=True, timeout=600)


def test_killed_run_leaves_no_half_written_table_and_rerun_is_identical(big_corpus, tmp_path):
    clean, out = tmp_path / "clean", tmp_path / "out"
    assert _cli(str(big_corpus), "--out", str(clean)).returncode == 0
    reference = _digest(clean)
    assert {"pages.csv", "blocks.csv", "sentences.csv", "summary.json"} <= set(reference)

    # Kill the run (SIGKILL, whole process group: workers too) as soon as it starts writing: into its staging
    # folder beside --out (audit.engine.publish), which replaces --out whole only once every file is written.
    proc = subprocess.Popen([sys.executable, "-m", "audit", "run", str(big_corpus), "--out", str(out), "--workers", "2",
                             "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            staging = [p for p in tmp_path.iterdir() if p.name.startswith(".out.audit-") and p.name.endswith(".tmp")]
            if out.is_dir() or (staging and any(staging[0].glob("*.csv"))):
                break
            time.sleep(0.001)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    if out.is_dir():  # (the run finished before the kill): whole, the clean run's files
        assert _digest(out) == reference, killed
    else:
        assert killed and [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # only the staging folder

    # The killed run's staging folder (its run marker's lock is free now) is removed by the next run; a file in
    # --out that merely looks like a temp name (issue #18: `.notes.33333.draft.tmp`) is the user's and is kept.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    out.mkdir(exist_ok=True)
    users = out / f".pages.csv.{int(dead.stdout)}.abcd1234.tmp"
    users.write_text("page_id,sou")
    proc2 = _cli(str(big_corpus), "--out", str(out))
    assert proc2.returncode == 0, proc2.stderr
    digest = _digest(out)
    assert digest.pop(users.name) and digest == reference
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit-history.duckdb", "clean", "out"]  # no staging, lock or old folder


def test_a_live_runs_temp_files_are_left_alone(tmp_path):
    """Cleaning only removes temp files whose writer process is dead (another run may be writing right now)."""
    live = tmp_path / f".pages.csv.{os.getpid()}.abcd1234.tmp"
    live.write_text("in progress")
    foreign = tmp_path / ".notes.txt.tmp"  # not one of ours: never touched
    foreign.write_text("x")
    result = audit.run(ROOT / "corpus")
    write_audit(result, tmp_path)
    assert live.exists() and foreign.exists()
    atomic_write_text(tmp_path / "x.csv", "a\n")
    assert (tmp_path / "x.csv").read_text() == "a\n"
