"""A site's theme templates are no pages: an HTML source whose text is a template engine's tags alone (Jinja,
Liquid, Go templates) and punctuation — an MkDocs theme override, a Jekyll include — is skipped as a page with no
text of its own (`load.GENERATED_ONLY`, a reason the gate does not count), where it was read as a page whose one
block was "{% import "partials/nav-item.html" as item with context %} …". Real files, verbatim: HTTPX's MkDocs
`docs/overrides/partials/nav.html` (BSD-3-Clause) and plainlanguage.gov's `_includes/alert.html` and
`_includes/breadcrumbs.html` (public domain / CC0); tests/fixtures/README.md."""
from __future__ import annotations

from pathlib import Path

from audit.config import Settings
from audit.ingest.load import GENERATED_ONLY, load_page, not_a_page
from audit.ingest.sources import Source

FIX = Path(__file__).parent / "fixtures"


def _load(path: Path):
    return load_page(Source(path, path.stem, path.name), Settings().load)


def test_a_theme_template_is_no_page():
    for name in ("httpx-nav.html", "plainlanguage-alert.html", "plainlanguage-breadcrumbs.html"):
        page = _load(FIX / "theme-templates" / name)
        assert (page.status, page.reason) == ("skipped", GENERATED_ONLY), name
        assert not_a_page(page.reason)


def test_a_page_with_text_of_its_own_stays_a_page():
    # letsencrypt.org's built glossary page holds `{{` in its scripts; its text is the glossary's
    page = _load(FIX / "letsencrypt" / "glossary.html")
    assert page.status == "ok" and any("Certificate Authority" in line for line in page.lines)
