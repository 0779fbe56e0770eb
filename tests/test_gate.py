"""The CI gate `audit check`: exit codes on the seeds with strict and lax configs, JSON output, config errors,
'not evaluated' checks, and `audit.example.toml` documenting every setting."""
from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.config import Settings, load_settings
from audit.gate import NOT_CONFIGURED, NOT_EVALUATED, evaluate

from .conftest import CORPUS, ROOT

AUDIT_BIN = Path(sys.executable).with_name("audit")
CHECK_NAMES = ("readability", "near_duplicates", "duplicate_share", "required_concepts")

STRICT = """
[check]
max_grade = 1.0
max_pages_over_target = 0
max_near_duplicate_pairs = 0
max_duplicate_share = 0.0
required_concepts = ["no such concept anywhere"]
fail_if_not_evaluated = true
"""

LAX = """
[check]
max_grade = 30
max_pages_over_target = 100
max_near_duplicate_pairs = 100
max_duplicate_share = 1.0
required_concepts = []
"""


def _check(tmp_path: Path, config: str | None, *extra: str) -> subprocess.CompletedProcess:
    """`audit check CORPUS [--config tmp/audit.toml] EXTRA...`, in process (fast: spaCy loads once per session)."""
    import contextlib
    import io
    import os

    from audit.cli import main

    argv = ["check", str(CORPUS), *extra]
    if config is not None:
        cfg = tmp_path / "audit.toml"
        cfg.write_text(config, encoding="utf-8")
        argv += ["--config", str(cfg)]
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(cwd)
    return subprocess.CompletedProcess(["audit", *argv], code, out.getvalue(), err.getvalue())


def test_the_installed_command_exits_1_on_strict_config(tmp_path):
    cfg = tmp_path / "strict.toml"
    cfg.write_text(STRICT, encoding="utf-8")
    proc = subprocess.run([str(AUDIT_BIN), "check", str(CORPUS), "--config", str(cfg)], capture_output=True,
                          text=True)
    assert proc.returncode == 1 and proc.stdout.startswith("audit check: FAIL"), proc.stdout + proc.stderr


def test_strict_config_fails_and_names_the_failing_checks(tmp_path):
    proc = _check(tmp_path, STRICT)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert out.startswith("audit check: FAIL")
    # every check is either failed (named with FAIL) or, while its measure is missing, reported as not evaluated
    for name in ("readability", "required_concepts"):
        assert re.search(rf"^\s+(FAIL|N/A)\s+{name}:", out, re.M), out
    assert "no such concept anywhere" in out
    failed = [m.group(1) for m in re.finditer(r"^\s+FAIL\s+(\w+):", out, re.M)]
    assert failed, out
    for name in failed:
        assert name in out.splitlines()[0]  # the first line names the failing checks


def test_strict_config_json_lists_failures(tmp_path):
    proc = _check(tmp_path, STRICT, "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert proc.stderr.startswith("audit check: FAIL")  # the human summary goes to the CI log
    assert data["passed"] is False and data["exit_code"] == 1
    assert [c["name"] for c in data["checks"]] == list(CHECK_NAMES)
    assert data["pages"] == {"total": 3, "ok": 3, "skipped": 0}
    by_name = {c["name"]: c for c in data["checks"]}
    assert by_name["required_concepts"]["status"] in ("fail", NOT_EVALUATED)
    if by_name["readability"]["status"] == "fail":  # the seeds read at grade ~10-15: all three above grade 1
        assert by_name["readability"]["value"] == 3
        assert {i["page_id"] for i in by_name["readability"]["items"]} == {
            "000_d90088967b95a8cd", "001_6eaccdd1c394f88b", "002_e5de504b53d9a51c"}
    assert set(data["failed"]) == {c["name"] for c in data["checks"] if c["status"] == "fail"}


def test_lax_config_passes(tmp_path):
    proc = _check(tmp_path, LAX)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("audit check: PASS")
    data = json.loads(_check(tmp_path, LAX, "--json").stdout)
    assert data["passed"] is True and data["exit_code"] == 0 and data["failed"] == []
    assert {c["name"]: c["status"] for c in data["checks"]}["required_concepts"] == NOT_CONFIGURED


def test_default_config_on_the_seeds(tmp_path):
    """Defaults: grade 8 target, no page over it allowed; the seeds read at grade ~10-15, so the gate fails."""
    data = json.loads(_check(tmp_path, None, "--json").stdout)
    by_name = {c["name"]: c for c in data["checks"]}
    if by_name["readability"]["status"] != NOT_EVALUATED:
        assert by_name["readability"]["status"] == "fail" and data["exit_code"] == 1


@pytest.mark.parametrize("config, needle", [
    ("[check]\nmax_grde = 6\n", "max_grde"),
    ("[check]\nmax_duplicate_share = \"half\"\n", "max_duplicate_share"),
    ("[check]\nrequired_concepts = \"botox\"\n", "required_concepts"),
    ("[chek]\nmax_grade = 6\n", "chek"),
    ("[check\n", "invalid TOML"),
])
def test_bad_config_exits_2(tmp_path, config, needle):
    proc = _check(tmp_path, config)
    assert proc.returncode == 2
    assert needle in proc.stderr and proc.stdout == ""


def test_usage_errors_exit_2(tmp_path, capsys):
    from audit.cli import main

    with pytest.raises(SystemExit) as exc:  # no PATH: argparse's usage error
        main(["check"])
    assert exc.value.code == 2
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   \n")
    assert main(["check", str(empty)]) == 2
    assert "no page could be audited" in capsys.readouterr().err


def test_config_from_pyproject_tool_audit(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.audit.check]\nmax_grade = 30\nmax_duplicate_share = 1.0\n")
    proc = _check(tmp_path, None, "--config", str(tmp_path / "pyproject.toml"), "--json")
    by_name = {c["name"]: c for c in json.loads(proc.stdout)["checks"]}
    assert by_name["duplicate_share"]["limit"] == 1.0


def test_missing_measure_is_not_evaluated_never_passed(seed_audit):
    """A check whose data is absent (its measure did not run) is 'not evaluated'; strict mode fails on it."""
    broken = dataclasses.replace(seed_audit, pages=seed_audit.pages[["page_id", "source", "status", "reason",
                                                                     "words", "boilerplate_share"]],
                                 tables={}, api={}, summary=seed_audit.summary)
    settings = Settings().replace(check={"required_concepts": ["botulinum toxin"]})
    verdict = evaluate(broken, settings)
    assert {c.name: c.status for c in verdict.checks} == {n: NOT_EVALUATED for n in CHECK_NAMES}
    assert verdict.exit_code == 0 and verdict.not_evaluated
    strict = settings.replace(check={"fail_if_not_evaluated": True})
    assert evaluate(broken, strict).exit_code == 1


def test_required_concepts_found_case_insensitively(seed_audit):
    if seed_audit.api.get("coverage") is None and "terms" not in seed_audit.tables:
        pytest.skip("term coverage not measured yet")
    settings = Settings().replace(check={"required_concepts": ["BELL'S PALSY", "dystonia"]})
    check = {c.name: c for c in evaluate(seed_audit, settings).checks}["required_concepts"]
    assert check.status == "pass", check.message
    settings = Settings().replace(check={"required_concepts": ["dystonia", "blepharospasm", "made-up concept"]})
    check = {c.name: c for c in evaluate(seed_audit, settings).checks}["required_concepts"]
    assert check.status == "fail" and [i["concept"] for i in check.items] == ["blepharospasm", "made-up concept"]
    assert "not in the glossary" in check.message


# ------------------------------------------------------------------ every config key documented

def test_example_config_documents_every_key_with_its_default(root):
    example = root / "audit.example.toml"
    assert load_settings(example) == Settings()  # as shipped, the example equals the defaults
    text = example.read_text(encoding="utf-8")
    for section in dataclasses.fields(Settings):
        assert re.search(rf"^\[{section.name}\]", text, re.M), section.name
        for key in dataclasses.fields(getattr(Settings(), section.name)):
            # a key line (commented out only when its default cannot be written in TOML, e.g. max_grade = None)
            assert re.search(rf"^(# )?{key.name} =|^\[{section.name}\.{key.name}\]", text, re.M), \
                f"[{section.name}] {key.name} is not documented in audit.example.toml"


def test_readme_mentions_the_gate_and_example(root):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "audit check" in text and "audit.example.toml" in text
