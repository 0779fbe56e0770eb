"""The editor's HTML report: self-contained, deterministic, escaped — and checked in a real headless browser."""
from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest

import audit
from audit.cli import main
from audit.present.report import write_report

from .conftest import CORPUS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts"
SECTIONS = ["Pages to fix, most urgent first", "Checks", "Duplicate groups and shared passages", "Charts",
            "Appendix: figures and the template audit"]

SCRIPT_LINE = '<script>window.__pwned = 1; document.title = "pwned"</script>'
IMG_LINE = '<img src=x onerror="window.__pwned = 2; document.title = \'pwned\'">'
EVIL_TXT = f"""{SCRIPT_LINE}
{IMG_LINE}

Facial twitching is usually harmless <script>window.__pwned = 3</script>, but see a doctor when it lasts for weeks.

A twitch that spreads to the rest of the face, or comes with weakness, needs a check by a specialist soon.
"""
EVIL_HTML = """<!DOCTYPE html><html><head><title>&lt;script&gt;window.__pwned = 4&lt;/script&gt; Evil title</title>
<script>window.__pwned = 5</script></head><body><main><h1>Twitching &lt;img src=x onerror=window.__pwned=6&gt;</h1>
<p>Eyelid twitching is common &amp; mostly harmless; it often stops on its own after a few days or weeks.</p>
<p>Stress, caffeine and too little sleep make it worse, so rest and less coffee can help it settle down.</p>
</main></body></html>
"""


@pytest.fixture(scope="module")
def evil_corpus(tmp_path_factory) -> Path:
    """The seeds plus pages whose text, title and file name are HTML that would run if not escaped."""
    corpus = tmp_path_factory.mktemp("evil") / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "zz_evil.txt").write_text(EVIL_TXT, encoding="utf-8")
    (corpus / "zz_evil_title.html").write_text(EVIL_HTML, encoding="utf-8")
    (corpus / "<img src=x onerror=window.__pwned=7> $5 $x$.txt").write_text(EVIL_TXT.replace("weeks", "days $5 & $6"),
                                                                       encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def report(evil_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["report", str(evil_corpus), "--out", str(out)]) == 0
    return out / "index.html"


def test_report_is_self_contained_and_escaped(report):
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S | re.I)
    assert len(scripts) == len(re.findall(r"<script", text, re.I)) == 1, "one script element: the report's own"
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'\"" in text  # allowed by its hash only (never 'unsafe-inline')
    assert not re.search(r"<img\b(?![^>]*\bsrc=\"data:image/svg\+xml;base64,)", text), "only inline chart images"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), "no external resource"
    assert "<link" not in text and "@import" not in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    view = (report.parent / "pages" / "zz_evil.html").read_text(encoding="utf-8")  # page text is in its page view
    assert "&lt;script&gt;window.__pwned = 1;" in view and "<script" not in view  # shown as text; no script at all
    assert 'href="pages/zz_evil.html"' in text
    assert "&lt;img src=x onerror=window.__pwned=7&gt; $5 $x$" in text  # a file name too
    for heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in text
    assert str(CORPUS) not in text and str(report.parent) not in text  # no local paths


def test_report_bytes_are_deterministic(evil_corpus, tmp_path):
    digests = set()
    for name in ("a", "b"):
        path = write_report(audit.run(evil_corpus), tmp_path / name)
        digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_run_with_report_writes_tables_and_index(tmp_path):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["run", str(CORPUS), "--out", str(tmp_path / "r"), "--report", "-q"]) == 0
    assert (tmp_path / "r" / "index.html").is_file() and (tmp_path / "r" / "pages.csv").is_file()


@pytest.mark.browser
def test_report_in_headless_chromium(report):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (`make browser` installs it as root)")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(report.as_uri())
            page.wait_for_load_state("load")
            assert page.title() == "Content audit report"
            headings = [h.inner_text() for h in page.locator("h2").all()]
            assert headings == SECTIONS
            for heading in SECTIONS:
                assert page.get_by_role("heading", name=heading).is_visible()
            assert page.evaluate("typeof window.__pwned") == "undefined"  # no injected script or handler ran
            body = page.inner_text("body")
            assert "<img src=x onerror=window.__pwned=7> $5 $x$" in body  # a file name, shown as literal text
            page.click('a[href="pages/zz_evil.html"]')  # its page view: the page text shown as literal text
            page.wait_for_load_state("load")
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert SCRIPT_LINE in page.text_content("body") and IMG_LINE in page.text_content("body")
            assert page.get_by_text("window.__pwned = 3").first.is_visible()
            page.go_back()
            page.wait_for_load_state("load")
            assert page.locator("script").count() == 1  # the report's own sorting script (hash in the CSP)
            images = page.locator("figure img")
            assert images.count() >= 3
            for i in range(images.count()):  # every chart decoded (inline SVG data)
                assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", images.nth(i).element_handle())
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert dialogs == []
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_report_says_not_measured_when_a_measure_is_missing(seed_audit):
    """While a measure module is absent its sections say so; nothing raises, and the verdict shows 'not evaluated'."""
    import dataclasses

    from audit.present import plots
    from audit.present.report import render

    bare = dataclasses.replace(
        seed_audit, pages=seed_audit.pages[["page_id", "source", "status", "reason", "title", "url", "encoding",
                                            "blocks", "words", "sentences", "template_share"]],
        tables={}, api={})
    bare.sentences = seed_audit.sentences[["page_id", "block", "sentence", "kind", "text", "words"]]
    text = render(bare)
    assert text.count("Not measured for this corpus.") >= 5
    assert "not evaluated" in text
    for build in (plots.fig_grades, plots.fig_sentence_grades, plots.fig_similarity, plots.fig_coverage):
        assert build(bare) is None
    assert plots.fig_template(bare) is not None


def test_stored_notebooks_carry_no_execution_timestamps():
    """nbval compares outputs; timings in cell metadata would change on every `make notebooks` (volatile)."""
    import json

    for path in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["cells"], path.name
        assert not [c for c in nb["cells"] if "execution" in c.get("metadata", {})], path.name
