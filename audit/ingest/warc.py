"""Web archives (WARC) as input: every response of the archive becomes a page, `ok` or `skipped` with a reason.

A WARC is what `audit run https://…` writes as it crawls (`audit.ingest.crawl`), what `wget --warc-file` writes, and what
browsertrix and the Internet Archive publish. Reading it needs no network, so a crawl can be re-audited as often as
wanted (`--from-warc FILE`) and a later crawl compared with it. The pages of an archive:

- HTML responses (2xx, `text/html` or `application/xhtml+xml`) are audited; their URL path is the page id.
- Redirects, HTTP errors and non-HTML responses are `skipped` with the status or the media type; a page whose
  `<link rel=canonical>` names another archived page is `skipped` as that page's duplicate.
- Links of the audited pages to URLs of the same site the archive does not hold are `skipped` with the reason:
  disallowed by the archived robots.txt, excluded by `[crawl] include`/`exclude`, or not in the archive
  (`--max-pages`, or a partial archive). Links to other sites are not pages of the site: not listed.

The same rules decide what the crawler fetches (`links`, `Scope`), so a crawl, its WARC and a `wget --warc-file`
mirror of the same site give the same tables. `/robots.txt` responses are read for their rules, not listed as pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from audit.config import CrawlSettings, LoadSettings

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FETCH_ERROR_TYPE = "application/x-audit-fetch-error"  # the crawler's metadata record for a URL without response
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def normalize_url(url: str, base: str = "") -> str | None:
    """`url` (relative to `base`) as an absolute http(s) URL without fragment: scheme and host lower-cased, default
    port dropped, empty path "/". None for other schemes (mailto:, tel:, javascript:) and malformed URLs."""
    url = url.strip()
    if not base or _ABSOLUTE_RE.match(url):
        return _normalize_absolute(url)
    if url.startswith("/") and not url.startswith("//") and "/." not in url:  # site-relative: the origin only
        origin = _ORIGIN_RE.match(base)
        if origin:
            return _normalize_absolute(origin.group(0) + url)
    return _normalize_absolute(urljoin(base, url))


_ABSOLUTE_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ORIGIN_RE = re.compile(r"https?://[^/?#]*", re.I)


@lru_cache(maxsize=1 << 16)
def _normalize_absolute(url: str) -> str | None:
    """(cached: a site's template links repeat on every page)"""
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if scheme not in ("http", "https") or not host:
        return None
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" + netloc[len(host):]
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    return urlsplit(url).netloc


def media_type(content_type: str | None) -> tuple[str, str]:
    """("text/html", "utf-8") from a Content-Type header value."""
    if not content_type:
        return "", ""
    mime, _, params = content_type.partition(";")
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.I)
    return mime.strip().lower(), (m.group(1).lower() if m else "")


def is_html(mime: str, body: bytes = b"") -> bool:
    """HTML by media type; without one, by its first bytes."""
    if mime:
        return mime in HTML_TYPES
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


_SITEMAP_RE = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(\w+:)?(urlset|sitemapindex)\b", re.S)


def is_sitemap(body: bytes) -> bool:
    return bool(_SITEMAP_RE.match(body[:4096]))


def links(body: bytes, url: str) -> tuple[list[str], str]:
    """The normalised URLs an HTML page links to (`<a href>`, `<area href>`, resolved against `<base href>`) and its
    canonical URL ("" when it names none). lxml reads the encoding from the bytes (BOM, `<meta charset>`)."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return [], ""
    base = url
    for href in doc.xpath("//base/@href")[:1]:
        base = normalize_url(href, url) or url
    out = []
    for href in doc.xpath("//a/@href | //area/@href"):
        target = normalize_url(href, base)
        if target is not None:
            out.append(target)
    canonical = ""
    for el in doc.xpath("//link[@href]"):
        if "canonical" in (el.get("rel") or "").lower().split():
            canonical = normalize_url(el.get("href"), base) or ""
            break
    return sorted(set(out)), canonical


class Scope:
    """Which URLs belong to the crawl: the site's hosts, `[crawl] include` / `exclude` regexes (searched in the full
    URL), and each host's robots.txt (`protego`, the parser of Scrapy: longest match, wildcards, `$`)."""

    def __init__(self, hosts: set[str], settings: CrawlSettings):
        self.hosts = set(hosts)
        self.settings = settings
        self.include = [re.compile(p) for p in settings.include]
        self.exclude = [re.compile(p) for p in settings.exclude]
        self.robots: dict[str, object] = {}  # host -> protego.Protego, or a reason string (disallow all)

    def set_robots(self, host: str, status: int | None, body: bytes) -> None:
        """A host's robots.txt from its response: 2xx rules apply; 4xx (none) allows all; 5xx or no answer
        (`status` None, `body` says why) disallows all (RFC 9309 2.3.1)."""
        from protego import Protego

        if status is not None and 200 <= status < 300:
            self.robots[host] = Protego.parse(body.decode("utf-8", errors="replace"))
        elif status is not None and 400 <= status < 500:
            self.robots[host] = Protego.parse("")
        else:
            why = f"HTTP {status}" if status is not None else body.decode("utf-8", errors="replace") or "no answer"
            self.robots[host] = f"robots.txt unavailable ({why})"

    def on_site(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def why_not(self, url: str) -> str:
        """"" when an on-site `url` may be fetched, else why not."""
        if self.include and not any(p.search(url) for p in self.include):
            return "not matched by [crawl] include"
        if any(p.search(url) for p in self.exclude):
            return "excluded by [crawl] exclude"
        rules = self.robots.get(host_of(url))
        if isinstance(rules, str):
            return f"disallowed: {rules}"
        if rules is not None and not rules.can_fetch(url, self.settings.user_agent):
            return "disallowed by robots.txt"
        return ""

    def delay(self, host: str) -> float:
        """The robots.txt Crawl-delay of `host` for our user agent, in seconds (0 when none)."""
        rules = self.robots.get(host)
        if rules is None or isinstance(rules, str):
            return 0.0
        return float(rules.crawl_delay(self.settings.user_agent) or 0.0)


def page_id(url: str, with_host: bool) -> str:
    """A page id from a URL: its decoded path without the leading "/" ("/" for the root), with "?query" when it has
    one; prefixed by the host when the archive holds several sites. Distinct URLs give distinct ids."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/") or "/"
    if parts.query:
        path += "?" + parts.query
    if with_host:
        return parts.netloc + ("/" + path if path != "/" else "/")
    return path


@dataclass
class Capture:
    """One response of the archive (the first capture of each URL)."""

    url: str
    status: int
    statusline: str
    mime: str
    charset: str
    offset: int
    location: str = ""
    truncated: str = ""
    sitemap: bool = False
    links: list[str] = field(default_factory=list)
    canonical: str = ""
    error: str = ""  # no HTTP response (the crawler's metadata record): why ("fetch failed: ...", "disallowed ...")
    size: int = 0  # bytes of the HTTP body read (HTML 2xx responses)


def read_captures(path: Path, max_bytes: int) -> tuple[list[Capture], dict[str, tuple[int | None, bytes]], str]:
    """The responses of a WARC (first capture of each URL, in archive order), each host's robots.txt response
    (status, body), and "" or why the file could not be read to its end (what was read before is kept). HTML 2xx
    bodies are read for their links; no body is kept."""
    captures: dict[str, Capture] = {}
    robots: dict[str, tuple[int | None, bytes]] = {}
    try:
        _read_records(path, max_bytes, captures, robots)
    except Exception as exc:  # noqa: BLE001 - a truncated or damaged archive: reported as a skipped row
        return list(captures.values()), robots, f"{exc.__class__.__name__}: {exc}"
    return list(captures.values()), robots, ""


def _read_records(path: Path, max_bytes: int, captures: dict[str, Capture],
                  robots: dict[str, tuple[int | None, bytes]]) -> None:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        records = ArchiveIterator(fh, arc2warc=True)
        for record in records:
            if record.rec_type == "metadata" and record.rec_headers.get_header("Content-Type") == FETCH_ERROR_TYPE:
                url = normalize_url(record.rec_headers.get_header("WARC-Target-URI") or "")
                note = record.content_stream().read(2000)
                if url is not None and urlsplit(url).path == "/robots.txt":
                    robots.setdefault(host_of(url), (None, note))  # asked, no answer
                elif url is not None and url not in captures:
                    captures[url] = Capture(url, 0, "", "", "", 0, error=note.decode("utf-8", errors="replace"))
                continue
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = normalize_url(record.rec_headers.get_header("WARC-Target-URI") or "")
            if url is None or url in captures:
                continue
            try:
                status = int(record.http_headers.get_statuscode())
            except (TypeError, ValueError):
                continue
            mime, charset = media_type(record.http_headers.get_header("Content-Type"))
            # (a record's offset is known once it is read: `get_record_offset` reads the rest of it)
            cap = Capture(url, status, record.http_headers.statusline.strip(), mime, charset, -1,
                          truncated=record.rec_headers.get_header("WARC-Truncated") or "")
            location = record.http_headers.get_header("Location")
            if location:
                cap.location = normalize_url(location, url) or location.strip()
            if urlsplit(url).path == "/robots.txt":
                robots[host_of(url)] = (status, record.content_stream().read(max_bytes))
                continue
            if 200 <= status < 300 and mime in ("", *HTML_TYPES, "application/xml", "text/xml"):
                body = record.content_stream().read(max_bytes + 1)
                cap.size = len(body)
                if len(body) > max_bytes and not cap.truncated:
                    cap.truncated = "length"
                if is_html(mime, body) and not cap.truncated:
                    cap.mime = cap.mime or "text/html"
                    cap.links, cap.canonical = links(body, url)
                else:
                    cap.sitemap = is_sitemap(body)
            cap.offset = records.get_record_offset()  # (reads the record to its end)
            if getattr(record.raw_stream, "limit", 0) > 0:  # the file ends inside this record
                raise EOFError(f"the record of {url} is cut short (file truncated)")
            captures[url] = cap


def discover_warc(path: Path, load: LoadSettings, crawl: CrawlSettings) -> tuple[list, list]:
    """The sources (HTML pages to load) and the skipped pages of one WARC file: see the module doc."""
    from audit.ingest.sources import Page, Source

    captures, robots, damage = read_captures(path, load.max_page_bytes)
    by_url = {c.url: c for c in captures}
    audited = {c.url for c in captures if 200 <= c.status < 300 and is_html(c.mime) and not c.truncated}
    scope = Scope({host_of(u) for u in audited} or {host_of(c.url) for c in captures}, crawl)
    for host in scope.hosts:
        status, body = robots.get(host, (404, b""))  # no robots.txt archived: nothing was disallowed
        scope.set_robots(host, status, body)
    rows: list[tuple[str, str, Capture | None]] = []  # (url, reason or "" for a source, capture)
    for c in captures:
        if c.url in audited:
            dup = (c.canonical and c.canonical != c.url and c.canonical in audited
                   and by_url[c.canonical].canonical in ("", c.canonical, by_url[c.canonical].url))
            rows.append((c.url, f"duplicate: its canonical URL {c.canonical} is audited" if dup else "", c))
        elif c.error:
            rows.append((c.url, c.error, c))
        elif 300 <= c.status < 400:
            rows.append((c.url, f"redirect (HTTP {c.statusline}) to {c.location or '(no Location)'}", c))
        elif c.status >= 400 or c.status < 200:
            rows.append((c.url, f"HTTP error {c.statusline}", c))
        elif c.sitemap:
            rows.append((c.url, "sitemap, not a page", c))
        elif not is_html(c.mime):
            rows.append((c.url, f"not HTML ({c.mime or 'no media type'})", c))
        else:
            rows.append((c.url, f"too large: over {load.max_page_bytes / 1e6:.1f} MB ([load] max_page_bytes)", c))
    missing = {c.location: "redirected to, not in the archive" for c in captures
               if 300 <= c.status < 400 and c.location.startswith("http")}
    missing.update({u: "linked from an audited page, not in the archive" for c in captures if c.url in audited
                    for u in (*c.links, c.canonical) if u})
    for url in sorted(u for u in missing if u not in by_url and scope.on_site(u)):
        rows.append((url, scope.why_not(url) or missing[url], None))
    with_host = len({host_of(u) for u, _, _ in rows}) > 1
    sources, skipped = [], []
    if damage:  # the file itself: its responses up to the damage are read
        skipped.append(Page(path.name, str(path)).skip(
            f"web archive unreadable after {len(captures)} response(s): {damage}"))
    for url, reason, cap in rows:
        pid = page_id(url, with_host)
        if reason:
            page = Page(pid, url).skip(reason)
            page.url = url
            skipped.append(page)
        else:
            sources.append(Source(path, pid, url, url=url, record=cap.offset, charset=cap.charset,
                                  size=cap.size))
    return sources, skipped


def read_payload(path: Path, offset: int, limit: int) -> bytes:
    """The HTTP body of the response record at `offset` (chunked transfer and gzip/deflate encodings undone), up to
    `limit` + 1 bytes."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh, arc2warc=True):
            return record.content_stream().read(limit + 1)
    raise OSError(f"no WARC record at offset {offset}")
