"""An output folder is made durable once, before it is renamed into place (`publish`: one `os.sync`), not by one
fsync per file written into its staging folder (10,001 at 10k pages: most of the report's wall time under I/O
contention)."""
from __future__ import annotations

import os

from audit.engine import output, publish


def test_publish_syncs_once_and_never_per_file(tmp_path, monkeypatch):
    calls = {"fsync": 0, "sync": 0}
    real_fsync, real_sync = os.fsync, os.sync

    def fsync(fd):
        calls["fsync"] += 1
        return real_fsync(fd)

    def sync():
        calls["sync"] += 1
        return real_sync()

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", sync)

    def write(folder):
        paths = [folder / "pages" / f"p{k}.html" for k in range(50)]
        for k, path in enumerate(paths):
            output.atomic_write_text(path, f"<p>page {k}</p>\n")
        return paths

    written = publish.publish(tmp_path / "out", write)
    assert calls == {"fsync": 0, "sync": 1}
    assert len(written) == 50 and (tmp_path / "out" / "pages" / "p49.html").read_text() == "<p>page 49</p>\n"
    assert sorted(os.listdir(tmp_path)) == ["out"]  # (no temp file, staging folder or lock left)
