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

from audit.present import notebook
from audit.config import ConfigError, Settings, load_settings
from audit.present.gate import (
    NOT_CONFIGURED,
    NOT_EVALUATED,
    evaluate,
    resolve_required_concepts,
    verdict_sentence,
    verdict_table,
)

from .conftest import CORPUS, ROOT

AUDIT_BIN = Path(sys.executable).with_name("audit")
CHECK_NAMES = ("readability", "near_duplicates", "duplicate_share", "required_concepts")

STRICT = """
[check]
max_grade = 1.0
max_pages_over_target = 0
max_near_duplicate_pairs = 0
max_duplicate_share = 0.0
required_concepts = ["blepharospasm"]
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


def _check(tmp_path: Path, config: str | None, *extra: str, corpus: Path = CORPUS) -> subprocess.CompletedProcess:
    """`audit check CORPUS [--config tmp/audit.toml] EXTRA...`, in process (fast: spaCy loads once per session)."""
    import contextlib
    import io
    import os

    from audit.cli import main

    argv = ["check", str(corpus), *extra]
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


def _run(paths, settings: Settings | None = None):
    import audit

    return audit.run(paths, settings, progress=False)


def test_the_installed_command_exits_1_on_strict_config(tmp_path):
    cfg = tmp_path / "strict.toml"
    cfg.write_text(STRICT, encoding="utf-8")
    proc = subprocess.run([str(AUDIT_BIN), "check", str(CORPUS), "--config", str(cfg)], capture_output=True,
                          text=True, cwd=tmp_path)  # (its history goes to the current folder)
    assert proc.returncode == 1 and proc.stdout.startswith("audit check: FAIL"), proc.stdout + proc.stderr


def test_strict_config_fails_and_names_the_failing_checks(tmp_path):
    proc = _check(tmp_path, STRICT)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert out.startswith("audit check: FAIL")
    # every check is either failed (named with FAIL) or, while its measure is missing, reported as not evaluated
    for name in ("readability", "required_concepts"):
        assert re.search(rf"^\s+(FAIL|N/A)\s+{name}:", out, re.M), out
    assert "blepharospasm" in out  # a glossary concept on none of the seeds
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
    assert [c["name"] for c in data["checks"]] == [*CHECK_NAMES, "audited_pages"]
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
                                                                     "words", "template_share"]],
                                 tables={}, api={}, summary=seed_audit.summary)
    settings = Settings().replace(check={"required_concepts": ["botulinum toxin"]})
    verdict = evaluate(broken, settings)
    assert {c.name: c.status for c in verdict.checks if c.name in CHECK_NAMES} == {n: NOT_EVALUATED
                                                                                  for n in CHECK_NAMES}
    assert verdict.exit_code == 0 and verdict.not_evaluated
    strict = settings.replace(check={"fail_if_not_evaluated": True})
    assert evaluate(broken, strict).exit_code == 1


def test_required_concepts_found_case_insensitively(seed_audit):
    if seed_audit.api.get("coverage") is None and "terms" not in seed_audit.tables:
        pytest.skip("term coverage not measured yet")
    settings = Settings().replace(check={"required_concepts": ["BELL'S PALSY", "dystonia"]})
    check = {c.name: c for c in evaluate(seed_audit, settings).checks}["required_concepts"]
    assert check.status == "pass", check.message
    settings = Settings().replace(check={"required_concepts": ["dystonia", "blepharospasm", "tic douloureux"]})
    check = {c.name: c for c in evaluate(seed_audit, settings).checks}["required_concepts"]
    assert check.status == "fail" and check.value == 2
    assert check.items == [{"concept": "blepharospasm"},
                           {"concept": "trigeminal neuralgia", "required_as": "tic douloureux"}]
    assert check.message == ("2 of 3 required concept(s) on no page: blepharospasm, "
                             "trigeminal neuralgia (required as 'tic douloureux')")
    # an entry naming no concept: a configuration error (exit 2), which the report shows as this check's failure
    verdict = evaluate(seed_audit, Settings().replace(check={"required_concepts": ["dystonia", "made-up concept"]}))
    check = {c.name: c for c in verdict.checks}["required_concepts"]
    assert verdict.exit_code == 2 and verdict.passed is False and check.status == "fail"
    assert check.message.startswith("configuration error: [check] required_concepts: 'made-up concept': no such ")


def test_required_concepts_resolve_through_the_glossary_forms():
    """Names and variants, folded as the matcher folds page text (case, curly apostrophe, plural, possessive);
    case-sensitive variants only in their case."""
    entries = ["bell's palsy", "botox", "Bell’s palsy", "BELL'S PALSY", "Bells palsy", "Botox injections", "BoNT",
               "Hemifacial Spasms"]
    settings = Settings().replace(check={"required_concepts": entries})
    assert resolve_required_concepts(settings) == [
        ("bell's palsy", "Bell's palsy"), ("botox", "botulinum toxin"), ("Bell’s palsy", "Bell's palsy"),
        ("BELL'S PALSY", "Bell's palsy"), ("Bells palsy", "Bell's palsy"), ("Botox injections", "botulinum toxin"),
        ("BoNT", "botulinum toxin"), ("Hemifacial Spasms", "hemifacial spasm")]
    with pytest.raises(ConfigError, match=r"'bont', 'made up': no such concept in the glossary"):
        resolve_required_concepts(settings.replace(check={"required_concepts": ["botox", "bont", "made up"]}))


def test_readme_example_of_required_concepts_passes_on_the_seeds(tmp_path):
    config = LAX.replace('required_concepts = []', 'required_concepts = ["bell’s palsy", "botox", "BELL\'S PALSY"]')
    proc = _check(tmp_path, config, "--json")
    assert proc.returncode == 0, proc.stderr
    check = {c["name"]: c for c in json.loads(proc.stdout)["checks"]}["required_concepts"]
    assert check["status"] == "pass" and check["value"] == 0 and check["items"] == []
    assert check["message"] == "all 2 required concept(s) found"  # Bell's palsy, botulinum toxin


def test_required_concept_not_in_the_glossary_is_a_config_error(tmp_path):
    proc = _check(tmp_path, LAX.replace('required_concepts = []', 'required_concepts = ["botox", "made up"]'))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("audit: config error: [check] required_concepts: 'made up': no such concept")
    assert "botox" not in proc.stderr  # only the entry that names no concept


SHORT_PAGES = {"a.txt": "Wash your hands often.\n", "b.txt": "Rest and drink water.\n",
               "c.txt": "Call us if the pain gets worse.\n"}


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for name, text in pages.items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_no_page_graded_is_not_evaluated_never_passed(tmp_path):
    site = _site(tmp_path, SHORT_PAGES)  # every page below [readability] min_words: no grade
    proc = _check(tmp_path, "[check]\nfail_if_not_evaluated = true\n", "--json", corpus=site)
    data = json.loads(proc.stdout)
    check = {c["name"]: c for c in data["checks"]}["readability"]
    assert check["status"] == NOT_EVALUATED and check["value"] is None
    assert check["message"] == "not evaluated: no page has a grade (3 of 3 page(s) too short to grade)"
    assert proc.returncode == 1 and data["exit_code"] == 1 and data["passed"] is False
    assert data["failed"] == [] and "readability" in data["not_evaluated"]
    lenient = _run(site)  # without fail_if_not_evaluated: reported, not failed
    assert {c.name: c.status for c in evaluate(lenient).checks}["readability"] == NOT_EVALUATED
    assert evaluate(lenient).exit_code == 0


def test_all_grades_missing_on_the_seeds_is_not_evaluated(seed_audit):
    pages = seed_audit.pages.copy()
    pages["grade"] = float("nan")
    check = evaluate(dataclasses.replace(seed_audit, pages=pages)).checks[0]
    assert (check.name, check.status, check.value) == ("readability", NOT_EVALUATED, None)


def test_duplicate_share_without_values_or_other_pages_is_not_evaluated(seed_audit, tmp_path):
    pages = seed_audit.pages.copy()
    pages["duplicate_share"] = float("nan")
    by_name = {c.name: c for c in evaluate(dataclasses.replace(seed_audit, pages=pages)).checks}
    assert by_name["duplicate_share"].status == NOT_EVALUATED
    single = _run(sorted(CORPUS.glob("*.txt"))[:1])  # one page: no pair, no other page to copy from
    by_name = {c.name: c for c in evaluate(single).checks}
    assert by_name["near_duplicates"].status == NOT_EVALUATED and by_name["duplicate_share"].status == NOT_EVALUATED
    assert by_name["readability"].status == "fail" and by_name["readability"].value == 1
    strict = single.settings.replace(check={"fail_if_not_evaluated": True, "max_grade": 30})
    assert evaluate(single, strict).exit_code == 1 and evaluate(single, strict.replace(
        check={"fail_if_not_evaluated": False})).exit_code == 0


def test_notebook_audit_refuses_a_missing_or_empty_corpus(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder: /nonexistent"):
        notebook.notebook_audit("/nonexistent")
    blank = _site(tmp_path, {"blank.txt": "  \n"})
    with pytest.raises(ValueError, match=r"no page could be audited \(blank: blank file"):
        notebook.notebook_audit(str(blank))
    bad = tmp_path / "audit.toml"
    bad.write_text('[check]\nrequired_concepts = ["made up"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'made up'"):
        notebook.notebook_audit(str(CORPUS), str(bad))


def test_notebook_audit_on_the_seeds_is_unchanged():
    result = notebook.notebook_audit(str(CORPUS))
    assert verdict_sentence(result) == "FAIL: the site breaks 1 of 4 checks: readability."
    assert list(verdict_table(result)["result"]) == ["FAIL", "pass", "pass", "not configured", "pass"]


GLOSSARY = "concepts:\n  - {name: facial nerve, category: anatomy, variants: [seventh cranial nerve]}\n"


def test_config_paths_are_relative_to_the_config_file(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    (repo / "plain.csv").write_text("term,alternative\nutilize,use\n", encoding="utf-8")
    (repo / "audit.toml").write_text(
        '[terms]\nglossary = "glossary.yml"\n[readability]\nplain_words = "plain.csv"\n'
        + LAX.replace("required_concepts = []", 'required_concepts = ["Facial nerve"]'), encoding="utf-8")
    settings = load_settings(repo / "audit.toml")
    assert settings.terms.glossary == str(repo / "glossary.yml")
    assert settings.readability.plain_words == str(repo / "plain.csv")
    # run from another folder (`_check` runs in tmp_path), the config given by a relative path
    proc = _check(tmp_path, None, "--config", "repo/audit.toml", "--json")
    assert proc.returncode == 0, proc.stderr
    check = {c["name"]: c for c in json.loads(proc.stdout)["checks"]}["required_concepts"]
    assert check["status"] == "pass" and check["message"] == "all 1 required concept(s) found"
    # pyproject.toml [tool.audit] likewise; absolute paths are kept as given
    (repo / "pyproject.toml").write_text('[tool.audit.terms]\nglossary = "glossary.yml"\n', encoding="utf-8")
    assert load_settings(repo / "pyproject.toml").terms.glossary == str(repo / "glossary.yml")
    elsewhere = tmp_path / "other.yml"
    (repo / "abs.toml").write_text(f'[terms]\nglossary = {json.dumps(str(elsewhere))}\n', encoding="utf-8")
    assert load_settings(repo / "abs.toml").terms.glossary == str(elsewhere)
    assert load_settings(repo / "audit.toml").replace(terms={"glossary": ""}).terms.glossary == ""


@pytest.mark.parametrize("config, needle", [
    ("[check]\nmax_duplicate_share = 1.5\n", "[check] max_duplicate_share: must be between 0 and 1, got 1.5"),
    ("[check]\nmax_duplicate_share = -0.1\n", "[check] max_duplicate_share: must be between 0 and 1"),
    ("[check]\nmax_duplicate_share = nan\n", "[check] max_duplicate_share: must be between 0 and 1, got nan"),
    ("[check]\nmax_pages_over_target = -1\n", "[check] max_pages_over_target: must be >= 0, got -1"),
    ("[check]\nmax_pages_over_target = 1.5\n", "[check] max_pages_over_target: expected a whole number, got 1.5"),
    ("[check]\nmax_near_duplicate_pairs = -2\n", "[check] max_near_duplicate_pairs: must be >= 0, got -2"),
    ("[check]\nmax_grade = -1\n", "[check] max_grade: must be between 0 and 30, got -1"),
    ("[check]\nmax_grade = 45\n", "[check] max_grade: must be between 0 and 30, got 45"),
    ("[check]\nrequired_concepts = [1]\n", "[check] required_concepts: expected a list of non-empty strings"),
    ("[readability]\ntarget_grade = 100\n", "[readability] target_grade: must be between 0 and 30, got 100.0"),
    ("[readability]\npassive_share_max = 2\n", "[readability] passive_share_max: must be between 0 and 1"),
    ("[duplication]\nnear_duplicate_threshold = 1.2\n", "[duplication] near_duplicate_threshold: must be between"),
    ("[duplication]\nshingle_size = 0\n", "[duplication] shingle_size: must be >= 1, got 0"),
    ("[terms]\ndiscovery_top = -5\n", "[terms] discovery_top: must be >= 0, got -5"),
    ("[run]\nworkers = -1\n", "[run] workers: must be >= 0, got -1"),
])
def test_out_of_range_config_exits_2(tmp_path, config, needle):
    proc = _check(tmp_path, config)
    assert proc.returncode == 2 and proc.stdout == "", proc.stdout
    assert proc.stderr.startswith(f"audit: config error: {needle}"), proc.stderr


def test_range_edges_and_the_cli_grade_option():
    edges = Settings().replace(check={"max_duplicate_share": 0, "max_grade": 0, "max_pages_over_target": 0},
                               readability={"target_grade": 30})
    assert edges.check.max_duplicate_share == 0.0 and edges.readability.target_grade == 30.0
    assert Settings().replace(check={"max_duplicate_share": 1, "max_pages_over_target": 3.0}).check == \
        dataclasses.replace(Settings().check, max_duplicate_share=1.0, max_pages_over_target=3)
    from audit.cli import main

    assert main(["check", str(CORPUS), "--target-grade", "-3"]) == 2


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
