"""A list item an HTML page prints again on its own is a field of the page's own list; a run printed again is not.

The Python Packaging User Guide's Direct URL page (a Sphinx page, tests/fixtures/sphinx/, source and licence in
tests/fixtures/README.md) describes each version-control system with the same field list: "Home page", "vcs command",
"vcs field", "requested_revision field", "commit_id field", each over a value of the system's own. After the article's
last anchor paragraph these labels were template, "repeated within the page", the rule for a frame or a passage the
extractor returned twice; they are the page's own text (`audit.ingest.fieldlines`). A run of blocks printed again
(the frame twice) stays template, and a page with no extractor before it (plain text) keeps the old rule."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from audit.ingest.fieldlines import lone_repeats
from audit.ingest.segment import Block
from audit.ingest.template import _repeated_in_page

from .labelled import labelled_page

PAGE = Path(__file__).parent / "fixtures" / "sphinx" / "pypug-direct-url-data-structure.html"
FIELDS = ["Home page", "vcs command", "vcs field", "requested_revision field", "commit_id field"]


def _blocks(html: bool | None = None, extra: list[Block] | None = None) -> tuple[list[Block], object]:
    return labelled_page(PAGE, 89, html, extra)  # (the pypug site: 89 pages)


def test_a_field_label_the_page_prints_again_on_its_own_is_body():
    blocks, page = _blocks()
    assert page.html
    fields = [b for b in blocks if b.text in FIELDS]
    # four systems (Git, Mercurial, Bazaar, Subversion), five fields each
    assert Counter(b.text for b in fields) == {field: 4 for field in FIELDS}
    assert all(b.label == "body" for b in fields), [(b.text, b.reason) for b in fields if b.label != "body"]
    assert not any(b.reason.startswith("repeated within the page") for b in blocks)
    # the systems' headings over them are body again: the field under each is the page's own text
    assert [(b.text, b.label) for b in blocks if b.text in ("Mercurial", "Bazaar", "Subversion")] == [
        ("Mercurial", "body"), ("Bazaar", "body"), ("Subversion", "body")]
    # Subversion's values, each between two of its labels
    svn = next(i for i, b in enumerate(blocks) if b.text == "Subversion")
    assert [b.text for b in blocks[svn + 1:svn + 4]] == ["Home page", "https://subversion.apache.org/", "vcs command"]


def test_a_run_printed_again_stays_template():
    # the Git section (its heading and field list) printed a second time after the page, as a run: a frame or a
    # passage the extractor returned twice
    original, _ = _blocks()
    git = next(i for i, b in enumerate(original) if b.text == "Git")
    end = next(i for i, b in enumerate(original) if b.text == "Mercurial") - 3  # (up to its last field, not its note)
    run = original[git:end]
    assert [b.text for b in run][:4] == ["Git", "Home page", "https://git-scm.com/", "vcs command"] and len(run) == 11
    copies = [Block(len(original) + k, 0, 0, b.kind, b.text) for k, b in enumerate(run)]
    blocks, _ = _blocks(extra=copies)
    assert {(b.label, b.reason.split(" (")[0]) for b in blocks[-11:]} == {("boilerplate", "repeated within the page")}
    again = _repeated_in_page(blocks)
    assert lone_repeats(blocks, again, html=True)[-11:] == [False] * 11


def test_a_page_with_no_extractor_keeps_the_rule():
    blocks, _ = _blocks(html=False)
    again = _repeated_in_page(blocks)
    assert any(a >= 0 for a in again) and not any(lone_repeats(blocks, again, html=False))
    assert sum(b.reason.startswith("repeated within the page") for b in blocks if b.text in FIELDS) >= 10
