"""A loopback HTTP server for tests/fixtures/site (real CDC pages, see tests/fixtures/site/README.md).

Serves the folder as a static site, plus the redirects listed in `_redirects` ("from to status" per line) and
`sitemap.xml` with `{{BASE}}` replaced by the server's own address; records every request (time, path, user agent)
and every error a handler raised.

Every answer says `Connection: close`. The server speaks HTTP/1.0 and closes each connection after one answer, but
GNU wget (1.21) keeps a connection for reuse unless the answer says `close`: when the handler thread had not yet
closed the socket by the time wget sent its next request (a late thread on a loaded machine), wget sent it on the
dying connection, got "No data received" and, with `--tries=1`, failed (exit 4). `close_lag` holds every connection
open that long after its answer, so a test can make that timing happen every time.
"""
from __future__ import annotations

import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).parent / "fixtures" / "site"


class SiteHandler(SimpleHTTPRequestHandler):
    server: "SiteServer"
    said_connection = False  # this answer has a Connection header already

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def send_response(self, code, message=None):
        super().send_response(code, message)
        self.said_connection = False

    def send_header(self, keyword, value):
        super().send_header(keyword, value)
        if keyword.lower() == "connection":  # (`send_error` says `close` itself)
            self.said_connection = True

    def end_headers(self):
        if not self.said_connection:
            self.send_header("Connection", "close")
        super().end_headers()

    def finish(self):
        super().finish()  # the answer is flushed; the socket is closed after this returns
        if self.server.close_lag:
            time.sleep(self.server.close_lag)

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        self.server.record(path, self.headers.get("User-Agent", ""))
        time.sleep(self.server.delay)
        self._get(path)

    def _get(self, path: str) -> None:
        if path in self.server.redirects:
            target, status = self.server.redirects[path]
            self.send_response(status)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/_redirects":
            self.send_error(404)
            return
        if path == "/sitemap.xml":
            body = (SITE / "sitemap.xml").read_bytes().replace(b"{{BASE}}", self.server.base.encode())
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), partial(SiteHandler, directory=str(SITE)))
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.redirects = {}
        for line in (SITE / "_redirects").read_text().splitlines():
            if line.strip():
                source, target, status = line.split()
                self.redirects[source] = (target, int(status))
        self.lock = threading.Lock()
        self.requests: list[tuple[float, str, str]] = []
        self.delay = 0.0  # seconds before each answer (a slow server)
        self.close_lag = 0.0  # seconds a connection stays open after its answer (a late handler thread)
        self.errors: list[str] = []  # what handlers raised ("(host, port): exception")

    def record(self, path: str, agent: str) -> None:
        with self.lock:
            self.requests.append((time.monotonic(), path, agent))

    def handle_error(self, request, client_address) -> None:
        """Recorded rather than printed: a handler that raised closed its connection without an answer."""
        with self.lock:
            self.errors.append(f"{client_address}: {sys.exc_info()[1]!r}")

    def reset(self) -> None:
        with self.lock:
            self.requests = []

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
