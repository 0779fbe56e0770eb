"""Issue 16: the editor's report as a to-do list — assessments (traffic lights + advice), the prioritised page list,
one view per page, duplicate groups; checked in headless Chromium at 3 pages (the seeds) and at 200 pages."""
from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

import audit
from audit.present import assess
from audit.cli import main
from audit.config import Settings
from audit.present.gate import evaluate
from audit.present.htmlparts import page_file
from audit.present.report import write_report

from .conftest import CORPUS, ROOT, SEED_IDS, generated_site
from .test_report import CHROMIUM, CHROMIUM_ARGS, EVIL_HTML, EVIL_TXT, SCRIPT_LINE

ARTIFACTS = ROOT / "tests" / "artifacts"
CITIES = ("Brooklyn", "Queens", "Manhattan", "Long Island City", "Staten Island")


# ------------------------------------------------------------------ assessments

def test_assessment_lights_and_advice_follow_the_settings():
    s = Settings()
    passive = assess.by_name(s, "passive")
    assert passive.colours(pd.Series([0.0, 0.10, 0.12, 0.15, 0.21, float("nan")])).tolist() == [
        "green", "green", "amber", "amber", "red", "grey"]
    assert passive.advice(0.21) == ("21 % of sentences are passive; aim for at most 10 %: use active voice "
                                    "(say who does what).")
    grade = assess.by_name(s, "grade")  # no [check] max_grade: over the target is red (the gate fails it)
    assert grade.colours(pd.Series([8.0, 8.1])).tolist() == ["green", "red"]
    tolerant = s.replace(check={"max_grade": 10})
    assert assess.by_name(tolerant, "grade").colours(pd.Series([8.0, 9.5, 10.0, 10.1])).tolist() == [
        "green", "amber", "amber", "red"]
    assert assess.grade_limit(tolerant) == 10 and assess.grade_limit(s) == 8
    dup = assess.by_name(s.replace(duplication={"duplicate_share_warn": 0.2}), "duplicated")
    assert dup.colours(pd.Series([0.2, 0.3, 0.51])).tolist() == ["green", "amber", "red"]
    strict = s.replace(readability={"passive_share_max": 0.05, "passive_share_red": 0.08})
    assert assess.by_name(strict, "passive").colour(0.07) == "amber"


def test_one_definition_of_over_target_for_pages_csv_report_and_gate(seed_audit):
    lights = assess.page_lights(seed_audit).set_index("page_id")
    pages = seed_audit.pages.set_index("page_id")
    for pid in SEED_IDS:  # meets_target in pages.csv is the green grade light
        assert bool(pages.loc[pid, "meets_target"]) == (lights.loc[pid, "grade_light"] == "green")
    verdict = evaluate(seed_audit)
    readability = next(c for c in verdict.checks if c.name == "readability")
    assert [i["page_id"] for i in readability.items] == list(SEED_IDS)  # 15.5, 11.4, 10.3: hardest first
    red = lights.index[lights["grade_light"] == "red"]
    assert sorted(red) == sorted(i["page_id"] for i in readability.items)
    # a tolerant gate limit: the pages stay over the target (amber) but the gate passes them
    tolerant = seed_audit.settings.replace(check={"max_grade": 16})
    v2 = evaluate(seed_audit, tolerant)
    assert next(c for c in v2.checks if c.name == "readability").status == "pass"
    assert set(assess.by_name(tolerant, "grade").colours(pages["grade"])) == {"amber"}


def test_page_list_is_ordered_by_priority_with_one_action(seed_audit):
    lt = assess.page_lights(seed_audit)
    assert lt["priority_rank"].tolist() == [1, 2, 3]
    assert lt["priority"].is_monotonic_decreasing
    assert lt["page_id"].tolist() == list(SEED_IDS)  # 000 is the hardest page and the most urgent
    assert lt.loc[0, "action"].startswith("Reads at grade 15.5; aim for grade 8 or lower")
    assert set(lt["duplicated_light"]) == {"green", "amber"}  # 001 and 002 share 20-22 %


def test_marks_carry_lines_and_advice(seed_audit):
    marks = assess.PageIndex(seed_audit).marks(SEED_IDS[0])
    hard = [m for m in marks if m.kind == "very_hard"]
    assert len(hard) >= 10 and all(m.line is not None and m.advice.startswith("A very hard sentence") for m in hard)
    assert all(m.line is not None and m.advice for m in marks)
    shared = [m for m in assess.PageIndex(seed_audit).marks(SEED_IDS[1]) if m.kind == "shared"]
    assert [(m.line, m.other_page, m.other_lines) for m in shared] == [
        (4, SEED_IDS[2], "5"), (4, SEED_IDS[2], "5"), (8, SEED_IDS[2], "5")]


def test_page_file_names_are_safe_and_distinct():
    assert page_file("000_d90088967b95a8cd") == "000_d90088967b95a8cd.html"
    evil = page_file("<img src=x onerror=window.__pwned=7> $5 $x$")
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", evil)
    assert page_file("a/b") != page_file("a_b") and "/" not in page_file("a/b")


# ------------------------------------------------------------------ corpora and reports

def _evil(corpus: Path) -> None:
    (corpus / "zz_evil.txt").write_text(EVIL_TXT, encoding="utf-8")
    (corpus / "zz_evil_title.html").write_text(EVIL_HTML, encoding="utf-8")
    (corpus / "<img src=x onerror=window.__pwned=7> $5 $x$.txt").write_text(
        EVIL_TXT.replace("weeks", "days $5 & $6").replace("needs a check", "wants a visit"), encoding="utf-8")


@pytest.fixture(scope="module")
def report3(tmp_path_factory) -> Path:
    """The seeds only: `audit run --report` (tables beside the report, so the CSV links resolve)."""
    out = tmp_path_factory.mktemp("r3")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["run", str(CORPUS), "--out", str(out), "--report", "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def report200(tmp_path_factory) -> Path:
    """200 pages: the seeds, five city copies of seed 001 (a duplicate group of six), three pages of injected HTML
    and 189 generated pages in folders."""
    corpus = tmp_path_factory.mktemp("c200") / "site"
    shutil.copytree(CORPUS, corpus / "seeds")
    generated_site(corpus / "gen", pages=189, seed=16)
    (corpus / "gen" / "manifest.json").unlink(missing_ok=True)
    text = (CORPUS / f"{SEED_IDS[1]}.txt").read_text(encoding="utf-8")
    (corpus / "locations").mkdir()
    for city in CITIES:
        slug = city.lower().replace(" ", "-")
        (corpus / "locations" / f"facial-twitching-{slug}.txt").write_text(
            text + f"\nVisit our {city} office today.\n", encoding="utf-8")
    _evil(corpus)
    out = tmp_path_factory.mktemp("r200")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["report", str(corpus), "--out", str(out), "-q"]) == 0
    return out


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.scripts = [], set(), 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if "id" in a:
            self.ids.add(a["id"])
        self.scripts += tag == "script"


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _check_links(out: Path) -> int:
    """Every link of every file resolves: the file exists and so does the anchor. Returns the links checked."""
    files = [out / "index.html", *sorted((out / "pages").glob("*.html"))]
    parsed = {f.resolve(): _parse(f) for f in files}
    urls = set()  # the pages' own web addresses (their `url`), shown as links beside their ids
    if (out / "pages.csv").exists():
        urls = set(pd.read_csv(out / "pages.csv", encoding="utf-8-sig")["url"].dropna().astype(str))
    n = 0
    for f in files:
        for href in parsed[f.resolve()].hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):  # outside the report: only a page's own address (the
                # generated pages declare theirs on example.org; a report-only run has no pages.csv to list them)
                assert href in urls or parts.netloc == "example.org", href
                continue
            assert not parts.scheme and not parts.netloc, href  # nothing else outside the report
            target = (f.parent / unquote(parts.path)).resolve() if parts.path else f.resolve()
            assert target.is_file(), (f.name, href)
            if parts.fragment:
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                assert parts.fragment in ids, (f.name, href)
            n += 1
    return n


@pytest.mark.parametrize("which", ["report3", "report200"])
def test_every_page_has_a_view_and_every_link_resolves(which, request):
    out: Path = request.getfixturevalue(which)
    pages = pd.read_csv(out / "pages.csv") if (out / "pages.csv").exists() else None
    index = (out / "index.html").read_text(encoding="utf-8")
    views = sorted(p.name for p in (out / "pages").glob("*.html"))
    n_pages = 3 if which == "report3" else 200
    assert len(views) == n_pages
    assert _check_links(out) > 4 * n_pages
    links = _parse(out / "index.html").hrefs
    for name in views:  # every page is linked from the start view
        assert f"pages/{name}" in {unquote(h.split('#')[0]) for h in links}, name
    assert len((out / "index.html").read_bytes()) < 1_000_000
    assert index.count("<script") == 1  # the one inline script, allowed by its hash only
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'\"", index)
    if pages is not None:
        assert (pages["status"] == "ok").sum() == n_pages


def test_duplicate_groups_shown_once_with_what_differs(report200):
    text = (report200 / "index.html").read_text(encoding="utf-8")
    assert text.count("<h3>Group ") == 1 and "Group 1: 6 pages" in text
    for city in CITIES:  # what differs: each copy's own line
        assert f"Visit our {city} office today." in text
    m = re.search(r"Showing (\d+) of (\d+) shared passages, ranked by the words they cover", text)
    assert m and int(m.group(1)) == 30 and int(m.group(2)) > 30


def test_seed_page_views_mark_hard_sentences_and_shared_passages(report3):
    v0 = (report3 / "pages" / page_file(SEED_IDS[0])).read_text(encoding="utf-8")
    start = v0.split("<h3>Start with the hardest sentences</h3>")[1].split("</ol>")[0]
    assert start.count("<li>") == 3
    for li in start.split("<li>")[1:]:  # line number and advice
        assert re.match(r'<a href="#L\d+">line \d+</a> A very hard sentence \(grade \d+, \d+ words\): split it', li)
    assert v0.count('class="mk very_hard') >= 10
    assert "involuntary</span> <span class=\"alt-word\">(that you cannot control)</span>" in v0
    assert "Removed as site template" in v0 and "<details>" in v0
    for me, other in ((SEED_IDS[1], SEED_IDS[2]), (SEED_IDS[2], SEED_IDS[1])):
        view = (report3 / "pages" / page_file(me)).read_text(encoding="utf-8")
        todo = view.split('id="todo"')[1].split('id="article"')[0]
        assert todo.count('<span class="tag">shared</span>') == 3
        assert todo.count(f'href="{page_file(other)}#L') == 3  # each links to the same passage on the other page
        assert view.count('class="mk shared') + view.count(" shared\"") >= 2


def test_page_views_are_byte_identical_across_runs(tmp_path):
    digests = []
    for name in ("a", "b"):
        out = tmp_path / name
        write_report(audit.run(CORPUS), out)
        digests.append({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*.html"))})
    assert digests[0] == digests[1] and len(digests[0]) == 4


# ------------------------------------------------------------------ in a real browser

def _browser_check(out: Path, shots: str, seed0: str) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width in (1200, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.on("request", lambda r: requests.append(r.url))
                page.goto((out / "index.html").as_uri())
                page.wait_for_load_state("load")
                assert page.evaluate("document.documentElement.scrollWidth") <= width  # no horizontal overflow
                ranks = page.eval_on_selector_all("#pagelist tbody tr td:first-child",
                                                  "els => els.map(e => +e.textContent)")
                assert ranks == list(range(1, len(ranks) + 1))  # the start view lists pages by priority
                prio = page.eval_on_selector_all("#pagelist tbody tr td:nth-child(7)",
                                                 "els => els.map(e => +e.dataset.v)")
                assert prio == sorted(prio, reverse=True)
                page.screenshot(path=str(ARTIFACTS / f"{shots}-index-{width}.png"))
                if width == 1200:  # the inline script (allowed by its hash) sorts and filters
                    page.click("#pagelist th:nth-child(3)")
                    grades = page.eval_on_selector_all("#pagelist tbody tr td:nth-child(3)",
                                                       "els => els.map(e => parseFloat(e.dataset.v))")
                    grades = [g for g in grades if g == g]
                    assert grades == sorted(grades)
                    page.fill("input.filter", seed0)
                    visible = page.eval_on_selector_all("#pagelist tbody tr",
                                                        "els => els.filter(e => !e.hidden).length")
                    assert visible == 1
                assert page.evaluate("typeof window.__pwned") == "undefined"
                views = sorted((out / "pages").glob("*.html"))
                evil = [v for v in views if "evil" in v.name or "onerror" in v.name]
                for view in [out / "pages" / page_file(seed0), *evil]:
                    page.goto(view.as_uri())
                    page.wait_for_load_state("load")
                    assert page.evaluate("document.documentElement.scrollWidth") <= width, view.name
                    assert page.evaluate("typeof window.__pwned") == "undefined"
                    assert page.locator("script").count() == 0
                if evil:
                    page.goto(evil[0].as_uri())
                    assert SCRIPT_LINE in page.text_content("body")  # shown as text (in the collapsed template)
                    assert "window.__pwned = 3</script>, but see a doctor" in page.inner_text("body")
                page.goto((out / "pages" / page_file(seed0)).as_uri())
                page.screenshot(path=str(ARTIFACTS / f"{shots}-page-000-{width}.png"), full_page=width == 1200)
                page.close()
        finally:
            browser.close()
    assert errors == []
    assert all(u.startswith(("file:", "data:")) for u in requests), requests


@pytest.mark.browser
@pytest.mark.parametrize("which", ["report3", "report200"])
def test_report_pages_in_headless_chromium(which, request):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (`make browser` installs it as root)")
    out: Path = request.getfixturevalue(which)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _browser_check(out, which, SEED_IDS[0] if which == "report3" else f"seeds/{SEED_IDS[0]}")
    assert (ARTIFACTS / f"{which}-index-1200.png").stat().st_size > 10_000


def test_a_short_line_inside_a_long_sentence_is_no_perfect_match(tmp_path):
    """The shared passage is found (every trigram of the line is in the sentence) but scores its trigram Dice."""
    line = "Facial nerve surgery near the parotid gland"
    (tmp_path / "a.txt").write_text(
        f"{line}\n\nOur surgeons explain every step before the operation and answer your questions about recovery, "
        "scars and the time you need away from work after it.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Many patients ask us whether facial nerve surgery near the parotid gland is safe, and we answer that a "
        "careful surgeon who monitors the nerve during the operation keeps the risk of weakness low.\n\n"
        "Swelling after the operation settles within two weeks for most patients, who then return to work.\n",
        encoding="utf-8")
    p = audit.run(tmp_path).passages
    row = p[p["text_a"].str.startswith(line) | p["text_b"].str.startswith(line)]
    assert len(row) == 1 and row["kind"].iloc[0] == "near_verbatim"
    assert row["score"].iloc[0] == pytest.approx(2 * 5 / (5 + 32), abs=1e-4)  # 5 trigrams of the line, 32 (34 words)
