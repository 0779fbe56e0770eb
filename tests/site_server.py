"""A loopback HTTP server for tests/fixtures/site (real CDC pages, see tests/fixtures/site/README.md).

Serves the folder as a static site, plus the redirects listed in `_redirects` ("from to status" per line) and
`sitemap.xml` with `{{BASE}}` replaced by the server's own address; records every request (time, path, user agent).
"""
from __future__ import annotations

import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).parent / "fixtures" / "site"


class SiteHandler(SimpleHTTPRequestHandler):
    server: "SiteServer"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

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

    def record(self, path: str, agent: str) -> None:
        with self.lock:
            self.requests.append((time.monotonic(), path, agent))

    def reset(self) -> None:
        with self.lock:
            self.requests = []

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
