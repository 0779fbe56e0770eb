"""Find a run's pages: the files under the folders given whose extension is a page's (`[load] extensions`), each a
`Source` with its page id (its path relative to the folder, without extension), and the files met that are no page
to audit (hidden files, an audit's own output), skipped with their reason; a web archive's responses
(`audit.ingest.warc`). What the files say is `audit.ingest.load.load_page`'s business."""
from __future__ import annotations

import os
from pathlib import Path

from audit.config import CrawlSettings, LoadSettings
from audit.ingest.sources import Page, Source
from audit.ingest.warc import discover_warc, is_warc

HIDDEN_FILE = "hidden file"
AUDIT_OUTPUT = "audit output"  # reasons of files that are not pages of the site (the gate does not count them)


def _audit_output(folder: Path, rel: str) -> bool:
    """The file `rel` (a path relative to `folder`) was written by this tool (`audit.engine.publish`: the folder's output
    marker lists it with these very contents). Never a guess from file names: only that proof skips a page."""
    from audit.engine.publish import marker_lists

    return marker_lists(folder, rel)


def _size(path: str | Path) -> int:
    """The file's size in bytes (0 when it cannot be read: the load step says why): how the chunks are cut (a str
    path: ~4 µs a file, a `Path` twice that)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def discover(paths: list[str | Path], settings: LoadSettings, crawl: CrawlSettings | None = None,
             not_read: dict[str, int] | None = None) -> tuple[list[Source], list[Page]]:
    """Find input files under `paths` (files or folders, recursive, symlinks not followed into loops; a web archive
    file, `.warc` `.warc.gz`, gives its responses: `audit.ingest.warc`).

    Returns the sources sorted by page id and the pages already skipped at discovery (unsupported path, duplicate
    page id, missing path). An audit's output (`audit.engine.publish`'s marker) met *below* a folder given is skipped; a
    folder named explicitly is always read as pages. `not_read`, when given, counts the files of a folder that are
    no page by their extension (`[load] extensions`), per extension ("" for none), lower case: what the run saw and
    left out (`summary.json`'s `not_read`, and the line `audit run` prints about document formats).
    """
    sources: list[Source] = []
    skipped: list[Page] = []
    exts = tuple(e.lower() for e in settings.extensions)
    for given in paths:
        root = Path(given)
        try:
            there = root.exists() or root.is_symlink()
        except OSError:  # e.g. a name longer than the file system allows
            there = False
        if not there:
            skipped.append(Page(str(given), str(given)).skip("path does not exist"))
            continue
        if root.is_file() and is_warc(root):
            found, gone = discover_warc(root, settings, crawl or CrawlSettings())
            sources.extend(found)
            skipped.extend(gone)
            continue
        if root.is_file():
            sources.append(Source(root, root.stem, root.name, size=_size(root)))
            continue
        if not root.is_dir():
            skipped.append(Page(root.name, str(given)).skip("not a regular file or folder"))
            continue
        outputs: list[str] = []  # audit output folders met so far (their report's pages/ views are output too)
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
            # hidden folders (.git, .ipynb_checkpoints, .cache) are never pages of the site: not descended into
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            if dirpath != str(root) and ".audit-output.json" in filenames:  # an audit's --out folder below root
                outputs.append(dirpath)
            owner = next((o for o in outputs if dirpath == o or dirpath.startswith(o + os.sep)), None)
            folder = Path(dirpath)
            prefix = folder.relative_to(root).as_posix() + "/"  # (pathlib once per folder, not per file)
            prefix = "" if prefix == "./" else prefix
            for name in sorted(filenames):
                if not name.lower().endswith(exts):
                    if not_read is not None and owner is None and not name.startswith("."):
                        ext = os.path.splitext(name)[1].lower()
                        not_read[ext] = not_read.get(ext, 0) + 1
                    continue
                path = folder / name
                rel = prefix + name  # = path.relative_to(root).as_posix()
                dot = name.rfind(".")  # the page id: `rel` without its suffix (as pathlib's with_suffix(""))
                page_id = prefix + name[:dot] if 0 < dot < len(name) - 1 else rel
                if name.startswith("."):  # an editor's backup or a draft: listed, never silently dropped
                    skipped.append(Page(page_id, rel).skip(HIDDEN_FILE))
                    continue
                if owner and _audit_output(Path(owner), Path(path).relative_to(owner).as_posix()):
                    skipped.append(Page(page_id, rel).skip(
                        f"{AUDIT_OUTPUT} (written by this tool: listed in its folder's marker), not a page"))
                    continue
                sources.append(Source(path, page_id, rel, size=_size(os.path.join(dirpath, name))))
    sources.sort(key=lambda s: (s.page_id, s.display))
    unique: list[Source] = []
    seen: dict[str, str] = {}
    for src in sources:
        if src.page_id in seen:
            skipped.append(Page(src.page_id, src.display).skip(f"duplicate page id: also produced by {seen[src.page_id]}"))
            continue
        seen[src.page_id] = src.display
        unique.append(src)
    return unique, skipped
