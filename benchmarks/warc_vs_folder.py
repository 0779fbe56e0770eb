"""A real site three ways: crawl it (loopback), audit its WARC, audit its folder; compare the measures per page.

The site is the HTML mirror of Preventing Chronic Disease 2024 (104 pages, public domain; the zip and commit pinned
in `make_site_fixture.py`), unpacked into benchmarks/_corpora/pcd_2024/ and served by a threaded http.server on
127.0.0.1. The crawler fetches every URL of the host linked from the table of contents (links to CDC pages outside
the mirror answer 404), writes benchmarks/_corpora/pcd_2024.warc.gz, and the audit reads it. The folder's audit is
the reference: words, sentences and grade must be equal on every page.

    python benchmarks/warc_vs_folder.py /work/.mirror/cmheilig+harvest-cdc-journals/repo
"""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import threading
import time
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_site_fixture import COMMIT, ZIP_PATH, ZIP_SHA256  # noqa: E402

import audit  # noqa: E402
from audit.config import Settings
from audit.ingest.crawl import crawl

CORPORA = Path(__file__).resolve().parent / "_corpora"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def main(mirror: str) -> None:
    data = subprocess.run(["git", f"--git-dir={mirror}", "show", f"{COMMIT}:{ZIP_PATH}"], capture_output=True,
                          check=True).stdout
    if hashlib.sha256(data).hexdigest() != ZIP_SHA256:
        sys.exit(f"{ZIP_PATH} at {COMMIT}: unexpected checksum")
    site = CORPORA / "pcd_2024"
    zipfile.ZipFile(io.BytesIO(data)).extractall(site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = Settings().replace(crawl={"rate": 50.0, "concurrency": 2, "max_pages": 0, "timeout": 10.0})
    warc = CORPORA / "pcd_2024.warc.gz"
    t0 = time.perf_counter()
    report = crawl([base + "/pcd/issues/2024/2024_TOC.htm"], settings, warc)
    server.shutdown()
    print(report.summary().replace(base, "http://127.0.0.1:PORT"))
    t1 = time.perf_counter()
    from_warc = audit.run([warc], settings)
    t2 = time.perf_counter()
    folder = audit.run([site / "pcd" / "issues" / "2024"], settings)
    t3 = time.perf_counter()
    print(f"crawl {t1 - t0:.1f} s; audit of the WARC {t2 - t1:.1f} s ({from_warc.summary['pages']}); "
          f"audit of the folder {t3 - t2:.1f} s ({folder.summary['pages']})")
    a = from_warc.pages[from_warc.pages["status"] == "ok"].copy()
    a["key"] = a["page_id"].str.replace(r"^pcd/issues/2024/", "", regex=True).str.replace(r"\.htm$", "", regex=True)
    b = folder.pages[folder.pages["status"] == "ok"].assign(key=lambda f: f["page_id"])
    both = a.merge(b, on="key", suffixes=("_warc", "_folder"))
    print(f"pages in both: {len(both)} (WARC {len(a)}, folder {len(b)})")
    for col in ("words", "sentences", "grade"):
        same = (both[f"{col}_warc"].fillna(-1) == both[f"{col}_folder"].fillna(-1)).sum()
        print(f"{col}: equal on {same} of {len(both)} pages")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/cmheilig+harvest-cdc-journals/repo")
