"""A documentation repository's Markdown as its generator shows it, beyond the five sites `test_site_sources.py`
reads (stop 36): Docusaurus's MDX pages (`.mdx`: ESM imports, `:::tip` admonitions), GitHub's alerts (`> [!NOTE]`)
and reference definitions whose URL prettier wraps onto the next line. Real pages, verbatim: the Testing Library
docs (`testing-library/testing-library-docs`, MIT) and an OpenTelemetry blog post (CC BY 4.0); licences in
tests/fixtures/README.md."""
from __future__ import annotations

import shutil
from pathlib import Path

from audit.config import Settings
from audit.ingest.load import discover

from .labelled import loaded_page

FIX = Path(__file__).parent / "fixtures"
BYROLE = FIX / "docusaurus-sources" / "byrole-head.mdx"
K8S = FIX / "otel" / "k8s-metadata.md"


_load = loaded_page  # (the page as `audit run` loads it, asserted ok)


def test_an_mdx_page_is_found_and_read_as_markdown(tmp_path):
    site = tmp_path / "docs"
    (site / "queries").mkdir(parents=True)
    shutil.copy(BYROLE, site / "queries" / "byrole.mdx")
    sources, skipped = discover([site], Settings().load)
    assert [s.page_id for s in sources] == ["queries/byrole"] and skipped == []
    page = _load(BYROLE)
    assert page.title == "ByRole" and page.markdown
    file_lines = BYROLE.read_text(encoding="utf-8").split("\n")
    assert file_lines[5:7] == ["import Tabs from '@theme/Tabs'", "import TabItem from '@theme/TabItem'"]
    assert page.lines[5:7] == ["", ""]  # ESM imports: no text
    assert (file_lines[75], page.lines[75]) == (":::tip input type password", "input type password")
    assert (file_lines[81], page.lines[81]) == (":::", "")  # the admonition's end
    assert page.lines[77] == ("Unfortunately, the spec defines that `<input type=\"password\" />` has no implicit"
                              .replace("`", ""))


def test_a_github_alert_and_wrapped_reference_definitions():
    page = _load(K8S)
    file_lines = K8S.read_text(encoding="utf-8").split("\n")
    assert (file_lines[9], page.lines[9]) == ("> [!NOTE]", "> Note")
    assert file_lines[22] == "use the [k8sattributesprocessor][] in different scenarios."
    assert page.lines[22] == "use the k8sattributesprocessor in different scenarios."  # (defined over two lines)
    assert file_lines[256:260] == [
        "[opentelemetry operator]:", "  https://github.com/open-telemetry/opentelemetry-operator",
        "[k8sattributesprocessor]:",
        "  https://pkg.go.dev/github.com/open-telemetry/opentelemetry-collector-contrib/processor/k8sattributesprocessor"]
    assert page.lines[256:260] == ["", "", "", ""]
    assert page.lines[250] == "- K8sattributes processor documentation"
    assert not any("https://" in line for line in page.lines if not line.startswith(" "))


def test_a_source_paragraph_runs_to_the_blank_line():
    """(stop 36) A Markdown source's line breaks inside a paragraph are its writer's wrapping (prettier's, at 80
    columns): the paragraph goes on to the blank line or the next block, as CommonMark reads it. A line shortened by a
    link's URL once ended the paragraph before a capitalised word and cut its sentence in two."""
    from audit.ingest.segment import segment_lines

    page = _load(K8S)
    assert page.commonmark
    blocks = segment_lines(page.lines, Settings().segment, page.markdown, page.commonmark)
    para = next(b for b in blocks if b.line_start == 177)
    assert (para.kind, para.line_end) == ("paragraph", 181)
    assert para.text.startswith("As of recently, the OpenTelemetry operator sets the OTEL_RESOURCE_ATTRIBUTES "
                                "environment variable on the collector container")
    # read as an extractor's lines (the hard-wrap test), the short first line stood alone
    assert [b.line_end for b in segment_lines(page.lines, Settings().segment) if b.line_start == 177] == [177]
    # a Markdown file without front matter may be text saved from a web page: the hard-wrap test stays
    assert not _load(FIX / "healthcare-gov" / "article-rights-and-protections.md").commonmark
    page = _load(BYROLE)
    blocks = segment_lines(page.lines, Settings().segment, page.markdown, page.commonmark)
    para = next(b for b in blocks if b.line_start == 59)
    assert para.line_end == 74 and para.text.startswith("You can query the returned element(s) by their accessible "
                                                        "name or description. The accessible name is")
