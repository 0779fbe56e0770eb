"""A line ending in ":" right before a code block introduces the code sample ("You can install SOCKS support using
pip:") and is the page's own text, wherever it sits: a documentation page of code samples has few long paragraphs,
so its article span ends early and the position rule used to label such lines template ("position: footer, no
sentence"). Real page, verbatim: HTTPX's MkDocs source `docs/advanced/proxies.md` (BSD-3-Clause;
tests/fixtures/README.md)."""
from __future__ import annotations

import shutil
from pathlib import Path

import audit

PAGE = Path(__file__).parent / "fixtures" / "httpx" / "advanced-proxies.md"


def test_a_line_that_introduces_code_is_the_pages_own(tmp_path):
    shutil.copy(PAGE, tmp_path / PAGE.name)
    blocks = audit.run(tmp_path).blocks.set_index("line_start")
    for line, text in ((73, "You can install SOCKS support using pip:"),
                       (79, "You can now configure a client to make requests via a proxy using the SOCKS protocol:")):
        row = blocks.loc[line]
        assert (row.text, row.label, row.reason) == (text, "body", "code intro after the article")
        assert blocks.loc[line + 2, "kind"] == "code"
    # the article span itself is as before: the last long paragraph ends it
    assert blocks.loc[71, "reason"] == "article body"
