"""`audit run` on files makes no scratch folder: only a crawl needs one (its WARC when there is no --out), so a run
killed on files leaves nothing in the temp folder."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_run_on_files_makes_no_crawl_scratch_folder(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # the run's own temp folder: every folder the run makes there is seen before it exits
    code = ("import sys, tempfile, audit.cli as cli\n"
            "made = []\n"
            "real = tempfile.TemporaryDirectory\n"
            "def spy(*a, **k):\n"
            "    made.append(k.get('prefix', ''))\n"
            "    return real(*a, **k)\n"
            "tempfile.TemporaryDirectory = spy\n"
            "rc = cli.main(['run', sys.argv[1], '--out', sys.argv[2], '--no-history', '-q'])\n"
            "print('MADE', [p for p in made if p.startswith('audit-crawl-')])\n"
            "sys.exit(rc)\n")
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "corpus"), str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "MADE []" in proc.stdout
    assert not [p for p in tmp.iterdir() if p.name.startswith("audit-crawl-")]
    assert (tmp_path / "out" / "pages.csv").is_file()
