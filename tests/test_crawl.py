"""Issue 17: audit a website by URL or sitemap (a polite crawler writing a WARC) and audit web archives (WARC).

A real site is served on 127.0.0.1 by a threaded http.server (`tests/site_server.py`): five pages and one
robots-disallowed page of the CDC's Preventing Chronic Disease 2024 issue (public domain; tests/fixtures/site/README.md)
with robots.txt, sitemap.xml, a redirect, a 404 (a citation file linked but absent), a PDF and links off-site.
Network use: loopback only; 9 crawls (and one wget) of at most 12 requests each, every request bounded by a 10 s
timeout.
"""
from __future__ import annotations

import ast
import csv
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from audit.cli import main
from audit.config import CrawlSettings, Settings
from audit.ingest.crawl import crawl, sitemap_locs
from audit.ingest.warc import Scope, normalize_url, page_id

from .site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
START = "/pcd/issues/2024/2024_TOC.htm"
RATE = 10.0  # requests per second in these tests (the default is 2)
UA = "audit-test/1.0 (content audit crawler)"
ISSUE = "pcd/issues/2024/"
AUDITED = {  # page id -> title (read from the real pages)
    ISSUE + "2024_TOC.htm": "Preventing Chronic Disease: Current Volume",
    ISSUE + "23_0325.htm": "Using Location-Based Services Data to Map and Evaluate a Community Design Intervention "
                           "to Increase Bicycling, Denver, Colorado",
    ISSUE + "24_0068.htm": "Geospatial Analysis of the Social Determinants of Health of Participants of a Diabetes "
                           "Management Program to Evaluate Enrollment of Vulnerable Populations",
    ISSUE + "24_0255.htm": "Advancing Practices to Increase Access to Diabetes Self-Management Education and Support "
                           "Through State Health Departments",
    ISSUE + "24_0332.htm": "Mapping Geographic Access to Illinois Birthing Hospitals, 2016–2023",
}


def skipped_reasons(base: str) -> dict[str, str]:
    return {
        ISSUE + "23_0325.html": f"redirect (HTTP 301 Moved Permanently) to {base}/{ISSUE}23_0325.htm",
        ISSUE + "citations/24_0068.ris": "HTTP error 404 File not found",
        ISSUE + "embargoed/24_0396.htm": "disallowed by robots.txt",
        ISSUE + "pdf/24_0068.pdf": "not HTML (application/pdf)",
    }


def rows(out: Path, name: str = "pages.csv") -> list[dict[str, str]]:
    with open(out / name, newline="", encoding="utf-8-sig") as fh:  # (the CSV files start with a BOM for Excel)
        return list(csv.DictReader(fh))


def same_files(a: Path, b: Path, skip: tuple[str, ...] = ("crawl.warc.gz",)) -> list[str]:
    """Names (relative paths) of the files that differ between two output folders (or exist in one only), page
    views under pages/ included."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    names = sorted(files(a) | files(b))
    return [n for n in names if n not in skip
            and (not (a / n).is_file() or not (b / n).is_file() or (a / n).read_bytes() != (b / n).read_bytes())]


def most_in_window(times: list[float], window: float) -> int:
    """The most requests that arrived within `window` seconds of each other: on a server that answers after
    `delay` > `window` seconds, the most that were in flight at once."""
    times = sorted(times)
    return max(sum(1 for u in times if t <= u < t + window) for t in times)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("config") / "audit.toml"
    path.write_text(f'[crawl]\nrate = {RATE}\nconcurrency = 2\ntimeout = 10.0\nuser_agent = "{UA}"\n')
    return path


@pytest.fixture(scope="module")
def site():
    with SiteServer() as server:
        yield server


@pytest.fixture(scope="module")
def crawled(site, config, tmp_path_factory):
    """`audit run URL --out OUT --report`: the crawl, with the server's log of it."""
    out = tmp_path_factory.mktemp("crawl") / "out"
    site.reset()
    assert main(["run", site.base + START, "--out", str(out), "--report", "--config", str(config), "-q"]) == 0
    return out, list(site.requests)


def test_crawl_audits_exactly_the_allowed_html_pages(site, crawled):
    out, requests = crawled
    pages = {r["page_id"]: r for r in rows(out)}
    ok = {pid: r["title"] for pid, r in pages.items() if r["status"] == "ok"}
    assert ok == AUDITED
    skipped = {pid: r["reason"] for pid, r in pages.items() if r["status"] != "ok"}
    assert skipped == skipped_reasons(site.base)
    for pid, r in pages.items():  # the URL in the table; the source is the URL too
        assert r["url"] == r["source"] == f"{site.base}/{pid}"
    assert int(pages[ISSUE + "24_0068.htm"]["words"]) > 1000  # the article body, template stripped
    assert (out / "crawl.warc.gz").is_file()
    paths = [p for _, p, _ in requests]
    assert paths[0] == "/robots.txt"  # asked first
    assert sorted(paths) == sorted(["/robots.txt", START, f"/{ISSUE}23_0325.html", f"/{ISSUE}23_0325.htm",
                                    f"/{ISSUE}24_0068.htm", f"/{ISSUE}24_0255.htm", f"/{ISSUE}24_0332.htm",
                                    f"/{ISSUE}citations/24_0068.ris", f"/{ISSUE}pdf/24_0068.pdf"])
    assert len(set(paths)) == len(paths)  # nothing fetched twice, the disallowed folder never
    assert {agent for _, _, agent in requests} == {UA}


def test_crawl_respects_rate_limit(crawled):
    """N requests take at least (N-1)/rate: measured at the server, by arrival time, with a 50 ms allowance for
    the delay between a request leaving the client (where the pause is taken) and its arrival: the first request
    also opens the connection, and on a loaded machine that took 11 ms once. Without the limit the 9 requests
    arrive within a few milliseconds, against 0.8 s here."""
    _, requests = crawled
    times = sorted(t for t, _, _ in requests)
    assert len(times) == 9
    assert times[-1] - times[0] >= (len(times) - 1) / RATE - 0.05


def test_concurrency_cap_on_a_slow_server(site, tmp_path):
    """With answers taking 0.3 s and a rate that does not hold requests back, the crawler keeps exactly
    `concurrency` requests in flight: the cap is reached and never passed."""
    site.delay = 0.3
    try:
        for concurrency in (1, 3):
            site.reset()
            settings = Settings().replace(crawl={"rate": 100.0, "concurrency": concurrency, "timeout": 10.0})
            crawl([site.base + START], settings, tmp_path / f"c{concurrency}.warc.gz")
            assert most_in_window([t for t, _, _ in site.requests], 0.25) == concurrency
    finally:
        site.delay = 0.0


def test_rerun_from_warc_is_byte_identical_and_offline(crawled, config, tmp_path):
    """`--from-warc` re-audits the snapshot: byte-identical tables and report, with every socket refused."""
    out, _ = crawled
    again = tmp_path / "again"
    script = ("import socket, sys\n"
              "def refuse(*a, **k): raise OSError('network blocked by test')\n"
              "socket.socket.connect = socket.socket.connect_ex = refuse\n"
              "socket.create_connection = socket.getaddrinfo = refuse\n"
              "from audit.cli import main\n"
              "sys.exit(main(sys.argv[1:]))\n")
    proc = subprocess.run([sys.executable, "-c", script, "run", "--from-warc", str(out / "crawl.warc.gz"),
                           "--out", str(again), "--report", "--config", str(config), "-q"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert same_files(out, again) == []
    assert {p.name for p in again.iterdir()} == {p.name for p in out.iterdir()} - {"crawl.warc.gz"}


def test_report_links_pages_to_their_urls(site, crawled):
    out, _ = crawled
    html = (out / "index.html").read_text(encoding="utf-8")
    url = f"{site.base}/{ISSUE}24_0068.htm"
    assert f'<a href="{url}" rel="noreferrer">{url}</a>' in html


@pytest.mark.skipif(shutil.which("wget") is None, reason="GNU wget not installed (`make test` installs it as root)")
def test_wget_warc_audits_to_the_same_tables(site, crawled, config, tmp_path):
    """GNU wget's WARC of the site audits to the crawler's tables. Each connection stays open 0.2 s after its answer,
    as when the server's thread runs late on a loaded machine: wget must not send its next request on it (it did
    when the answers did not say `Connection: close`, and failed with "No data received", exit 4)."""
    out, _ = crawled
    mirror = tmp_path / "mirror"
    site.close_lag = 0.2
    try:
        proc = subprocess.run(["wget", "--no-config", "-r", "-l", "inf", "-e", "robots=on", "--no-verbose",
                               "--timeout=10", "--tries=1", "-U", UA, f"--warc-file={tmp_path / 'site'}",
                               "-P", str(mirror), site.base + START], capture_output=True, text=True, timeout=120)
    finally:
        site.close_lag = 0.0
    assert proc.returncode in (0, 8), (proc.stderr, site.errors)  # 8: the server answered an error (the 404)
    assert site.errors == []
    wget_out = tmp_path / "wget"
    assert main(["run", str(tmp_path / "site.warc.gz"), "--out", str(wget_out), "--report",
                 "--config", str(config), "-q"]) == 0
    assert same_files(out, wget_out) == []


def test_sitemap_and_max_pages(site, config, tmp_path):
    """`--sitemap`: the pages it lists, the sitemap itself listed as such; `--max-pages 3`: three URLs fetched, the
    rest linked but not in the archive."""
    site.reset()
    out = tmp_path / "sitemap"
    assert main(["run", "--sitemap", site.base + "/sitemap.xml", "--out", str(out), "--config", str(config),
                 "-q"]) == 0
    pages = {r["page_id"]: r for r in rows(out)}
    assert {pid for pid, r in pages.items() if r["status"] == "ok"} == set(AUDITED)
    assert pages["sitemap.xml"]["reason"] == "sitemap, not a page"
    assert pages[ISSUE + "embargoed/24_0396.htm"]["reason"] == "disallowed by robots.txt"  # listed, not fetched
    assert "/pcd/issues/2024/embargoed/24_0396.htm" not in [p for _, p, _ in site.requests]

    site.reset()
    small = tmp_path / "small"
    assert main(["run", site.base + START, "--max-pages", "3", "--out", str(small), "--config", str(config),
                 "-q"]) == 0
    fetched = [p for _, p, _ in site.requests if p != "/robots.txt"]
    assert fetched == [START, f"/{ISSUE}23_0325.html", f"/{ISSUE}24_0068.htm"]  # breadth-first, in URL order
    pages = {r["page_id"]: r for r in rows(small)}
    assert {pid for pid, r in pages.items() if r["status"] == "ok"} == {ISSUE + "2024_TOC.htm", ISSUE + "24_0068.htm"}
    assert pages[ISSUE + "24_0255.htm"]["reason"] == "linked from an audited page, not in the archive"


def test_crawl_connects_to_the_site_only_and_records_failures(site, tmp_path, monkeypatch):
    """Every socket the crawl opens goes to the site's address; a URL that gets no answer is a page `skipped` with
    the error (a refused connection on a closed loopback port)."""
    with socket.socket() as probe:  # a free port, closed again: connections to it are refused
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    seen = []
    connect = socket.socket.connect

    def spy(self, address):
        seen.append(address)
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    settings = Settings().replace(crawl={"rate": RATE, "timeout": 10.0, "max_pages": 2})
    report = crawl([site.base + START], settings, tmp_path / "a.warc.gz")
    assert report.html == 1 and report.requests == 3  # robots.txt, the contents, the redirect
    assert {(host, port) for host, port in seen} == {("127.0.0.1", site.server_address[1])}
    warc = tmp_path / "down.warc.gz"
    crawl([f"http://127.0.0.1:{closed}/"], settings, warc)
    monkeypatch.undo()
    out = tmp_path / "down"
    assert main(["run", str(warc), "--out", str(out), "-q"]) == 0
    (row,) = [r for r in rows(out) if r["page_id"] == "/"]
    assert row["status"] == "skipped"
    assert row["reason"].startswith("disallowed: robots.txt unavailable (fetch failed: ConnectError")


def test_only_the_crawler_imports_network_clients():
    """The audit's one networked path is audit/ingest/crawl.py: no other module imports an HTTP client or sockets."""
    network = {"httpx", "requests", "urllib.request", "http.client", "socket", "urllib3", "aiohttp"}
    for path in sorted((ROOT / "audit").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        used = {n for n in names if n in network or n.split(".")[0] in network - {"urllib"}}
        assert used == (({"httpx"}) if path.name == "crawl.py" else set()), path.name


def test_page_ids_from_urls():
    assert page_id("https://example.org/", False) == "/"
    assert page_id("https://example.org/blog/a%20b.html", False) == "blog/a b.html"
    assert page_id("https://example.org/blog/", False) == "blog/"
    assert page_id("https://example.org/find?q=1", False) == "find?q=1"
    assert page_id("https://example.org/blog/", True) == "example.org/blog/"
    assert normalize_url("HTTPS://Example.org:443/a#top") == "https://example.org/a"
    assert normalize_url("../b?x=1", "http://example.org:8080/a/c") == "http://example.org:8080/b?x=1"
    assert normalize_url("mailto:a@example.org") is None and normalize_url("tel:123") is None


def test_robots_rules_and_scope():
    scope = Scope({"example.org"}, CrawlSettings(exclude=(r"\?page=",)))
    scope.set_robots("example.org", 200, b"User-agent: *\nDisallow: /private/\nAllow: /private/open$\n")
    assert scope.why_not("https://example.org/private/x") == "disallowed by robots.txt"
    assert scope.why_not("https://example.org/private/open") == ""
    assert scope.why_not("https://example.org/list?page=2") == "excluded by [crawl] exclude"
    assert not scope.on_site("https://other.org/")
    scope.set_robots("example.org", 503, b"")  # RFC 9309: a server error disallows everything
    assert scope.why_not("https://example.org/") == "disallowed: robots.txt unavailable (HTTP 503)"
    scope.set_robots("example.org", 404, b"")  # no robots.txt: everything allowed
    assert scope.why_not("https://example.org/private/x") == ""


def test_sitemap_formats():
    index = b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' \
            b"<sitemap><loc> https://example.org/a.xml </loc></sitemap></sitemapindex>"
    assert sitemap_locs(index, 10_000) == ([], ["https://example.org/a.xml"])
    assert sitemap_locs(b"https://example.org/a\nhttps://example.org/b\n", 10_000) == (
        ["https://example.org/a", "https://example.org/b"], [])
    import gzip

    urlset = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/p</loc>' \
             b"</url></urlset>"
    assert sitemap_locs(gzip.compress(urlset), 10_000) == (["https://example.org/p"], [])


def test_cli_refuses_non_http_start_and_bad_patterns(tmp_path, capsys):
    bad = tmp_path / "audit.toml"
    bad.write_text('[crawl]\nexclude = ["(unclosed"]\n')
    assert main(["run", "https://example.org/", "--out", str(tmp_path / "o"), "--config", str(bad)]) == 2
    assert "[crawl] exclude: invalid regex" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # nothing to audit: argparse's usage error
        main(["run", "--out", str(tmp_path / "o")])
    assert exc.value.code == 2
    assert "give a folder, files, a web archive" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    assert os.listdir(tmp_path) == ["audit.toml"]


def test_damaged_or_foreign_archive_is_a_skipped_row(crawled, tmp_path):
    """A truncated WARC keeps the pages read before the damage and lists the file with the reason; a file that is
    no WARC at all is one skipped row, never a crash."""
    out, _ = crawled
    data = (out / "crawl.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:len(data) * 2 // 3])
    bogus = tmp_path / "notes.warc"
    bogus.write_text("not an archive\n")
    result = tmp_path / "out"
    assert main(["run", str(cut), str(bogus), "--out", str(result), "-q"]) == 0
    pages = {r["page_id"]: r for r in rows(result)}
    assert pages["cut.warc.gz"]["reason"].startswith("web archive unreadable after ")
    assert pages["notes.warc"]["reason"].startswith("web archive unreadable after 0 response(s): ")
    assert 1 <= sum(r["status"] == "ok" for r in pages.values()) < len(AUDITED)


def test_progress_shows_fetched_queued_skipped_and_rate(site, tmp_path, monkeypatch):
    import io

    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    settings = Settings().replace(crawl={"rate": RATE, "timeout": 10.0})
    from audit.engine.progress import Progress

    # the command line's progress, passed in (a bar: this is what a terminal shows)
    report = crawl([site.base + START], settings, tmp_path / "p.warc.gz", progress=Progress("bar"))
    shown = err.getvalue()
    import re

    assert shown.startswith(f"audit: crawl {site.base}{START} (at most {RATE:g} requests/s) into ")
    # the bar: requests sent (robots.txt included), URLs queued and skipped (robots.txt), the rate
    assert re.search(r"crawl: [1-9]\d*req .*queued \d+, skipped [01], \d+\.\d req/s", shown), shown
    assert report.summary().startswith("crawled 9 request(s) in ")


def test_warc_pages_stream_through_worker_processes(crawled, tmp_path):
    """Streaming with two worker processes (each re-reads its pages from the WARC by record offset): the same files."""
    out, _ = crawled
    config = tmp_path / "audit.toml"
    config.write_text("[run]\nworkers = 2\nstream_min_pages = 1\n")
    streamed = tmp_path / "streamed"
    assert main(["run", "--from-warc", str(out / "crawl.warc.gz"), "--out", str(streamed), "--report",
                 "--config", str(config), "-q"]) == 0
    differ = same_files(out, streamed, skip=("crawl.warc.gz", "summary.json"))  # summary.json: the settings differ
    assert differ == []


def _warc(path: Path, responses: list[tuple[str, str, str, bytes]]) -> Path:
    """A WARC of (url, status line, content type, body) responses, written with warcio as crawlers write them."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, body in responses:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          length=len(body), http_headers=http))
    return path


def test_canonical_duplicates_and_hosts_in_page_ids(tmp_path):
    """A page whose canonical URL is another archived page is skipped as its duplicate; an archive of two sites
    prefixes page ids with the host; a declared charset is used to decode."""
    text = ("<p>Regular walking lowers blood pressure and helps people with diabetes keep their blood sugar in "
            "range, and it is free.</p>")
    page = f"<html><head><title>Walk</title>{{}}</head><body><article>{text}</article></body></html>"
    warc = _warc(tmp_path / "two.warc.gz", [
        ("https://a.example/walk", "200 OK", "text/html; charset=utf-8",
         page.format("").encode()),
        ("https://a.example/walk?utm=x", "200 OK", "text/html",
         page.format('<link rel="canonical" href="/walk">').encode()),
        ("https://b.example/caf%C3%A9", "200 OK", "text/html; charset=iso-8859-1",
         page.format("").replace("free", "free at the café").encode("latin-1")),
    ])
    out = tmp_path / "out"
    assert main(["run", str(warc), "--out", str(out), "-q"]) == 0
    pages = {r["page_id"]: r for r in rows(out)}
    assert pages["a.example/walk"]["status"] == "ok"
    assert pages["a.example/walk?utm=x"]["reason"] == "duplicate: its canonical URL https://a.example/walk is audited"
    assert pages["b.example/café"]["status"] == "ok" and pages["b.example/café"]["encoding"] == "iso-8859-1"
    sentences = [r["text"] for r in rows(out, "sentences.csv") if r["page_id"] == "b.example/café"]
    assert any("café" in t for t in sentences)
