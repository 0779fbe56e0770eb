"""`audit run https://example.org/`: a polite crawler of one site, writing every response to a WARC file.

The only part of `audit` that opens network connections. It fetches with `httpx`, obeys robots.txt (`protego`,
Scrapy's parser; RFC 9309), keeps to the site's host (plus the host its start URL redirects to) and to `[crawl]
include` / `exclude`, waits 1/`rate` seconds between requests over all connections (or the robots.txt Crawl-delay,
if longer), has at most `concurrency` requests in flight, names itself in `User-Agent`, stops after `max_pages` URLs,
and follows redirects and canonical links as links of their own (each hop is a record, checked like any link).

Breadth-first, level by level, each level in URL order: the same site gives the same set of URLs whatever the
timing. Every response goes into the WARC (`warcio`), request and response records as `wget --warc-file` writes
them; non-HTML bodies are not downloaded (the record says `WARC-Truncated`), nor bodies over `[load]
max_page_bytes`. A URL that could not be fetched at all (refused, timed out) gets a metadata record with the error.
The audit then reads the WARC like any other (`audit.ingest.warc`): what a crawl finds and what a re-run of its WARC finds
are one code path, so the tables are byte-identical.
"""
from __future__ import annotations

import gzip
import io
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from audit.config import Settings
from audit.ingest.warc import (
    FETCH_ERROR_TYPE,
    HTML_TYPES,
    Scope,
    host_of,
    is_html,
    links,
    media_type,
    normalize_url,
)

if TYPE_CHECKING:  # (an annotation only: the crawler shows progress through the object its caller passes in)
    from audit.engine.progress import Progress

MAX_SITEMAPS = 100  # sitemap files read at most (an index of indexes)
XML_TYPES = ("application/xml", "text/xml", "application/x-gzip", "application/gzip", "text/plain")


class CrawlError(Exception):
    """The crawl cannot start (no valid start URL); the message says why."""


@dataclass
class Fetched:
    url: str
    status: int = 0
    statusline: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    truncated: str = ""  # "length": body cut at [load] max_page_bytes, or not downloaded (not HTML)
    error: str = ""  # no HTTP response: why
    request_headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def mime(self) -> str:
        return media_type(dict((k.lower(), v) for k, v in self.headers).get("content-type"))[0]


@dataclass
class CrawlReport:
    """What a crawl did (printed by the CLI; the audit's tables come from the WARC)."""

    warc: Path
    requests: int = 0  # HTTP requests sent, robots.txt and sitemaps included
    seconds: float = 0.0
    status: Counter = field(default_factory=Counter)  # HTTP status -> responses
    html: int = 0  # HTML pages fetched
    not_fetched: Counter = field(default_factory=Counter)  # reason -> on-site URLs not fetched
    offsite: Counter = field(default_factory=Counter)  # host -> distinct off-site URLs linked (not followed)
    errors: list[str] = field(default_factory=list)  # "url: error"

    def summary(self) -> str:
        rate = self.requests / self.seconds if self.seconds else 0.0
        skipped = ", ".join(f"{n} {r}" for r, n in sorted(self.not_fetched.items())) or "none"
        return (f"crawled {self.requests} request(s) in {self.seconds:.1f} s ({rate:.1f}/s): {self.html} HTML page(s); "
                f"not fetched: {skipped}; {sum(self.offsite.values())} off-site link(s) to {len(self.offsite)} "
                f"host(s) not followed; {len(self.errors)} error(s); WARC {self.warc}")


class RateLimiter:
    """At most one request start per `interval` seconds, across threads."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self.lock = threading.Lock()
        self.next = 0.0

    def slow_to(self, seconds: float) -> None:
        with self.lock:
            self.interval = max(self.interval, seconds)

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next)
            self.next = start + self.interval
        if start > now:
            time.sleep(start - now)


def sitemap_locs(body: bytes, max_bytes: int) -> tuple[list[str], list[str]]:
    """(page URLs, sitemap URLs) of a sitemap: XML `<urlset>` or `<sitemapindex>` (sitemaps.org protocol, any
    namespace, gzipped or not) or a plain-text list of URLs. lxml's parser, without entities or network."""
    from lxml import etree

    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as gz:
            body = gz.read(max_bytes)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(body, parser) if body.lstrip()[:1] == b"<" else None
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        text = body.decode("utf-8", errors="replace").split()
        return [t for t in text if t.startswith(("http://", "https://"))], []
    locs = [el.text.strip() for el in root.iter("{*}loc", "loc") if el.text and el.text.strip()]
    return ([], locs) if etree.QName(root).localname == "sitemapindex" else (locs, [])


class Crawler:
    def __init__(self, settings: Settings, warc_path: Path, progress: Progress | None = None):
        import httpx

        self.settings = settings
        self.crawl = settings.crawl
        self.limit = settings.load.max_page_bytes
        self.limiter = RateLimiter(self.crawl.rate)
        self.client = httpx.Client(timeout=self.crawl.timeout, follow_redirects=False,
                                   limits=httpx.Limits(max_connections=self.crawl.concurrency,
                                                       max_keepalive_connections=self.crawl.concurrency))
        self.report = CrawlReport(Path(warc_path))
        # the caller's progress (`audit.engine.progress.Progress`: its mode, stream, interval and `step`): a tqdm bar
        # on a terminal, elsewhere ("lines") a line every `interval` seconds; None: nothing shown
        self.progress = progress
        self.bar = None
        self.queued = 0
        self.last_line = 0.0

    # ------------------------------------------------------------ network (worker threads)

    def fetch(self, url: str, accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1") -> Fetched:
        import httpx

        request = [("User-Agent", self.crawl.user_agent), ("Accept", accept), ("Accept-Encoding", "gzip, deflate")]
        out = Fetched(url, request_headers=request)
        self.limiter.wait()
        try:
            with self.client.stream("GET", url, headers=dict(request)) as r:
                out.status, out.statusline = r.status_code, f"{r.status_code} {r.reason_phrase}".strip()
                mime = media_type(r.headers.get("content-type"))[0]
                wanted = not 200 <= r.status_code < 300 or mime in ("", *HTML_TYPES, *XML_TYPES)
                chunks, size = [], 0
                if wanted:
                    for chunk in r.iter_bytes():  # decoded (gzip, deflate): stored as plain bytes
                        chunks.append(chunk)
                        size += len(chunk)
                        if size > self.limit:
                            out.truncated = "length"
                            break
                else:
                    out.truncated = "length"  # not HTML: the body is not downloaded
                out.body = b"".join(chunks)[:self.limit + 1]
                out.headers = [(k, v) for k, v in r.headers.multi_items()
                               if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")]
                out.headers.append(("Content-Length", str(len(out.body))))
        except httpx.HTTPError as exc:
            out.error = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
        return out

    # ------------------------------------------------------------ WARC (main thread)

    def _write(self, writer, f: Fetched) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        self.report.requests += 1
        if f.error:
            self.report.errors.append(f"{f.url}: {f.error}")
            self._note(writer, f.url, f"fetch failed: {f.error}")
            return
        self.report.status[f.status] += 1
        parts = urlsplit(f.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req = writer.create_warc_record(
            f.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc), *f.request_headers],
                                          is_http_request=True))
        extra = {"WARC-Truncated": f.truncated} if f.truncated else None
        resp = writer.create_warc_record(f.url, "response", payload=io.BytesIO(f.body), length=len(f.body),
                                         warc_headers_dict=extra,
                                         http_headers=StatusAndHeaders(f.statusline, f.headers, protocol="HTTP/1.1"))
        writer.write_request_response_pair(req, resp)

    def _note(self, writer, url: str, reason: str) -> None:
        """A metadata record: `url` got no response, and why (a start URL not fetched, a failed connection)."""
        data = reason.encode("utf-8")
        writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(data), length=len(data),
                                                      warc_content_type=FETCH_ERROR_TYPE))

    # ------------------------------------------------------------ the crawl

    def _tick(self) -> None:
        """Progress: requests sent, URLs queued and skipped, the rate."""
        if self.progress is None or not self.progress.enabled:
            return
        r = self.report
        now = time.monotonic()
        state = (f"queued {self.queued}, skipped {sum(r.not_fetched.values())}, "
                 f"{r.requests / (now - self.t0) if now > self.t0 else 0:.1f} req/s")
        if self.bar is not None:
            self.bar.set_postfix_str(state, refresh=False)
            self.bar.update(1)
        elif now - self.last_line >= self.progress.interval:
            self.last_line = now
            self.progress.step(f"crawl {r.requests:,} request(s), {r.html:,} HTML page(s), {state}")

    def _robots(self, writer, scope: Scope, url: str) -> None:
        host = host_of(url)
        if host in scope.robots:
            return
        f = self.fetch(f"{urlsplit(url).scheme}://{host}/robots.txt", accept="text/plain,*/*;q=0.1")
        self._write(writer, f)
        self._tick()
        why = f"fetch failed: {f.error}".encode()
        scope.set_robots(host, None if f.error else f.status, why if f.error else f.body)
        self.limiter.slow_to(scope.delay(host))

    def _sitemaps(self, writer, scope: Scope, sitemaps: list[str]) -> list[str]:
        pages: list[str] = []
        todo, seen = list(sitemaps), set()
        while todo and len(seen) < MAX_SITEMAPS:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            self._robots(writer, scope, url)
            if scope.why_not(url):
                self.report.errors.append(f"{url}: sitemap not fetched: {scope.why_not(url)}")
                continue
            f = self.fetch(url, accept="application/xml,text/xml;q=0.9,*/*;q=0.1")
            self._write(writer, f)
            self._tick()
            if f.error or not 200 <= f.status < 300:
                self.report.errors.append(f"{url}: sitemap: {f.error or 'HTTP ' + f.statusline}")
                continue
            found, nested = sitemap_locs(f.body, self.limit)
            pages += [u for u in (normalize_url(x) for x in found) if u]
            todo += [u for u in (normalize_url(x) for x in nested) if u]
        return pages

    def run(self, seeds: list[str], sitemaps: list[str] = ()) -> CrawlReport:
        from warcio.warcwriter import WARCWriter

        starts = [u for u in (normalize_url(s) for s in seeds) if u]
        maps = [u for u in (normalize_url(s) for s in sitemaps) if u]
        if len(starts) < len(seeds) or len(maps) < len(sitemaps) or not starts + maps:
            raise CrawlError("a start URL or sitemap must be an http:// or https:// URL")
        scope = Scope({host_of(u) for u in starts + maps}, self.crawl)
        path = self.report.warc
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.t0 = self.last_line = time.monotonic()
        if self.progress is not None:
            self.progress.step(f"crawl {', '.join(starts + maps)} (at most {self.crawl.rate:g} requests/s) into {path}")
        if self.progress is not None and self.progress.mode == "bar":
            from tqdm import tqdm

            self.bar = tqdm(desc="crawl", unit="req", leave=False, file=self.progress.stream or sys.stderr)
        try:
            with open(tmp, "wb") as fh, ThreadPoolExecutor(self.crawl.concurrency) as pool:
                writer = WARCWriter(fh, gzip=True)
                writer.write_record(writer.create_warcinfo_record(path.name, {
                    "software": "audit (content audit crawler)", "format": "WARC File Format 1.1",
                    "robots": "obey", "http-header-user-agent": self.crawl.user_agent}))
                level = sorted(set(starts + self._sitemaps(writer, scope, maps)))
                self._levels(writer, scope, pool, level, set(starts))
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
            if self.bar is not None:
                self.bar.close()
            self.client.close()
        self.report.seconds = time.monotonic() - self.t0
        return self.report

    def _levels(self, writer, scope: Scope, pool: ThreadPoolExecutor, level: list[str], starts: set[str]) -> None:
        seen: set[str] = set()
        hops: dict[str, int] = {}  # redirect target -> hops from the first URL of its chain
        budget = self.crawl.max_pages or float("inf")
        fetched = 0
        while level:
            todo = []
            for url in level:
                if url in seen:
                    continue
                seen.add(url)
                if not scope.on_site(url):
                    self.report.offsite[host_of(url)] += 1
                    continue
                self._robots(writer, scope, url)
                why = scope.why_not(url)
                if not why and fetched >= budget:
                    why = "over --max-pages"
                if why:
                    self.report.not_fetched[why] += 1
                    if url in starts:  # no page links to it: the archive says why it is missing
                        self._note(writer, url, why)
                    continue
                todo.append(url)
                fetched += 1
            self.queued = len(todo)
            found: set[str] = set()
            for f in pool.map(self.fetch, todo):  # in URL order, `concurrency` at a time
                self._write(writer, f)
                self.queued -= 1
                self._tick()
                if 300 <= f.status < 400:
                    location = dict((k.lower(), v) for k, v in f.headers).get("location")
                    target = normalize_url(location, f.url) if location else None
                    if target and hops.get(f.url, 0) < self.crawl.max_redirects:
                        hops[target] = hops.get(f.url, 0) + 1
                        found.add(target)
                        if f.url in starts:  # http://site -> https://www.site: the site is where it leads
                            scope.hosts.add(host_of(target))
                            starts.add(target)
                elif 200 <= f.status < 300 and is_html(f.mime, f.body) and not f.truncated:
                    self.report.html += 1
                    page_links, canonical = links(f.body, f.url)
                    found.update(page_links)
                    if canonical:
                        found.add(canonical)
            level = sorted(found - seen)


def crawl(seeds: list[str], settings: Settings, warc_path: str | Path, sitemaps: list[str] = (),
          progress: Progress | None = None) -> CrawlReport:
    """Crawl the site of `seeds` (and the pages `sitemaps` list) into the WARC file `warc_path` (written atomically);
    then `audit.run([warc_path])` audits it. `progress`: the caller's `audit.engine.progress.Progress` (the command
    line's), or None to show nothing."""
    return Crawler(settings, Path(warc_path), progress).run(list(seeds), list(sitemaps))
