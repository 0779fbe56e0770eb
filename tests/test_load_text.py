"""Loading text right: legacy codepages, Markdown / HTML inline syntax kept out of the formulas, hidden files."""
from __future__ import annotations

from pathlib import Path

import pytest

import audit
from audit.ingest.load import decode
from audit.ingest.mdinline import strip_markdown_inline


def _text(result: audit.Audit) -> str:
    return " ".join(result.blocks.text)


# ------------------------------------------------------------------ cp1252 on short Western pages

CP1252_PAGES = [  # short legacy pages a detector reads as cp1250 / cp850 / cp437 / cp932 / utf_16_le
    "The naïve approach to facial twitching is to ignore it.",
    "It costs £50 per visit.",
    "Entry: £50",
    "The clinic's façade was painted last year.",
    "Tickets cost €20 each at the door.",
    "Ask about a café au lait spot or a £10 test.",
    "A naïve café owner\u2019s \u201cfaçade\u201d cost £50 or €20.",
    "It\u2019s \u201cnormal\u201d to twitch \u2014 rest helps.",  # smart quotes alone were right already
]


@pytest.mark.parametrize("text", CP1252_PAGES)
def test_short_western_pages_decode_as_cp1252(tmp_path, text):
    (tmp_path / "page.txt").write_bytes(text.encode("cp1252"))
    result = audit.run(tmp_path)
    page = result.pages.iloc[0]
    assert (page.status, page.encoding) == ("ok", "cp1252")
    assert "decoded as cp1252" in page.reason
    assert _text(result) == text


@pytest.mark.parametrize("text, codec, encoding", [
    ("Привет, как дела? Это тестовая страница на русском языке.", "cp1251", "cp1251"),
    ("これは日本語のテストページです。", "shift_jis", "cp932"),
])
def test_non_western_legacy_pages_still_use_the_detector(text, codec, encoding):
    assert decode(text.encode(codec))[:2] == (text, encoding)


# ------------------------------------------------------------------ UTF-16 without a byte-order mark

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_loads(tmp_path, codec):
    text = "Twitching in the cheek is common.\n\nIt is usually harmless and stops on its own, café or not.\n"
    (tmp_path / "page.txt").write_bytes(text.encode(codec))
    result = audit.run(tmp_path)
    page = result.pages.iloc[0]
    assert (page.status, page.encoding) == ("ok", codec)
    assert result.blocks.text.tolist() == ["Twitching in the cheek is common.",
                                           "It is usually harmless and stops on its own, café or not."]
    assert result.blocks.line_start.tolist() == [1, 3]


def test_utf16_lookalike_binary_is_still_skipped():
    # NULs at both byte positions (PNG header, integers) or unprintable characters: binary, not UTF-16
    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00") == (
        None, "", "binary file (contains NUL bytes)")
    assert decode(bytes(range(1, 32)) * 2 + b"\x00\x00")[0] is None
    assert decode(b"".join(bytes([i, 0]) for i in range(1, 32)))[0] is None  # C0 controls as UTF-16-LE


# ------------------------------------------------------------------ Markdown inline syntax

MARKDOWN = """\
# Facial **Twitching** Guide

Read [our full guide](https://example.com/conditions/x "Guide") before you book a visit, as most twitching stops on its own.

![A woman touching her cheek](img/cheek.png)

Twitching is **very common** and *usually* harmless, says the `FAQ` of _our_ clinic_name team.

- **Stress** is a common cause
* *Caffeine* makes it worse
1. Rest and sleep [more][tips], see <https://example.com/help>.

***

[tips]: https://example.com/tips "Tips"
"""


def test_markdown_inline_syntax_is_stripped_and_line_numbers_kept(tmp_path):
    (tmp_path / "page.md").write_text(MARKDOWN, encoding="utf-8")
    result = audit.run(tmp_path)
    blocks = result.blocks
    assert blocks[["line_start", "line_end", "kind", "text"]].values.tolist() == [
        [1, 1, "heading", "Facial Twitching Guide"],
        [3, 3, "paragraph", "Read our full guide before you book a visit, as most twitching stops on its own."],
        [7, 7, "paragraph", "Twitching is very common and usually harmless, says the FAQ of our clinic_name team."],
        [9, 9, "list_item", "Stress is a common cause"],
        [10, 10, "list_item", "Caffeine makes it worse"],
        [11, 11, "list_item", "Rest and sleep more, see ."],
    ]
    assert blocks.loc[blocks.line_start == 3, "words"].tolist() == [16]
    sentences = result.sentences.text.tolist()
    assert "Read our full guide before you book a visit, as most twitching stops on its own." in sentences
    assert result.sentences.set_index("text").loc[
        "Twitching is very common and usually harmless, says the FAQ of our clinic_name team.", "chars"] == 71  # 81 with the markers
    sentences = " ".join(sentences)
    for marker in ("http", "example.com", "](", "**", "`", "img/", "cheek.png", "woman touching"):
        assert marker not in _text(result) and marker not in sentences, marker


def test_plain_text_pages_keep_their_characters(tmp_path):
    (tmp_path / "page.txt").write_text(MARKDOWN, encoding="utf-8")
    text = _text(audit.run(tmp_path))
    assert "Twitching is **very common** and *usually* harmless" in text
    assert "[our full guide](https://example.com/conditions/x \"Guide\")" in text


def test_strip_markdown_inline_edits_within_lines_only():
    lines = MARKDOWN.split("\n")
    out = strip_markdown_inline(lines)
    assert len(out) == len(lines)
    assert out[0] == "# Facial Twitching Guide" and out[12] == "***" and out[14] == ""  # reference definition blanked
    assert out[8:11] == ["- Stress is a common cause", "* Caffeine makes it worse", "1. Rest and sleep more, see ."]
    assert strip_markdown_inline(["* * *", "---", "2 \\* 3 and \\_x\\_", "[a (b)](https://x.org/p_(q)) [x]",
                                  "```", "**kept** in code", "```", "[![logo](l.png)](https://x.org) ok"]) == [
        "* * *", "---", "2 * 3 and _x_", "a (b) [x]", "```", "**kept** in code", "```", " ok"]


def test_html_formatting_markup_is_stripped(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Twitching</title></head><body><article><h1>Facial Twitching</h1>"
        "<p>Facial twitching is <b>very common</b> and <i>usually</i> harmless, says our <code>FAQ</code> page, "
        "and the snake_case file name stays.</p><ul><li><strong>Stress</strong> is a cause</li><li>Caffeine</li></ul>"
        "<p>Most episodes stop on their own within a few days, and rest is usually the only treatment.</p>"
        "</article></body></html>", encoding="utf-8")
    blocks = audit.run(tmp_path).blocks
    texts = blocks.text.tolist()
    assert ("Facial twitching is very common and usually harmless, says our FAQ page, and the snake_case file name "
            "stays.") in texts
    assert blocks.loc[blocks.text == "Stress is a cause", "kind"].tolist() == ["list_item"]
    assert not any(m in t for t in texts for m in ("**", "`", "\\"))


# ------------------------------------------------------------------ hidden files and folders

def test_hidden_files_are_listed_and_hidden_folders_not_walked(tmp_path):
    site = tmp_path / "site"
    for rel in ("page.md", ".draft.md", "notes/.old.txt", "notes/visible.txt", ".git/HEAD.txt",
                ".ipynb_checkpoints/page-checkpoint.md", "notes/.cache/x.txt"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("Facial twitching is common and usually harmless for most adults.\n")
    (site / ".notes.pdf").write_bytes(b"%PDF-1.4")  # not a page extension: not listed
    pages = audit.run(site).pages.set_index("source")
    assert sorted(pages.index) == [".draft.md", "notes/.old.txt", "notes/visible.txt", "page.md"]
    assert pages.loc[[".draft.md", "notes/.old.txt"], ["status", "reason"]].values.tolist() == [
        ["skipped", "hidden file"], ["skipped", "hidden file"]]
    assert pages.loc[["notes/visible.txt", "page.md"], "status"].tolist() == ["ok", "ok"]
    # named explicitly, a hidden file (or a file in a hidden folder) is loaded as given
    named = audit.run([site / ".draft.md", site / ".git" / "HEAD.txt"]).pages
    assert named[["source", "status"]].values.tolist() == [[".draft.md", "ok"], ["HEAD.txt", "ok"]]
