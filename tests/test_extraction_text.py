"""Stop 33: text the audit lost between the extractor and the blocks, found on Mozilla Readability's test pages
(`benchmarks/sites`, set `readability`) and then on the other sites.

* trafilatura's Markdown writes a "<" of the page's text escaped ("Google \\<noun>.js", "strings of the form
  \\<module> \\<level>") and code as it is (`` `<h1>` ``, a fenced block of HTML source): the inline-HTML cleaning took
  all of it for tags and removed it ("Heading tags, such as , , and so forth"). A tag after a backslash, in a code
  span or in a fenced code block is text now (`mdinline.clean_extraction`).
* A link whose class is "popup" opens a note; it is not one (the Bartleby study text's annotated words: "I am a
  rather elderly man." lost "I" and "rather elderly"). The class words that name an overlay (modal, popup, cookie)
  hide a container only, as Readability's own class rules never judge a link (`htmltext._hidden`).
* The page's visible text (used when it holds more prose than the extraction) left out every `header` element; a
  `header` inside an `article`, `section` or `main` is that part's own (HTML-AAM: no banner landmark), the intro
  under a section's title (`htmltext.visible_lines`).
* After an HTML page's article, a heading the page already showed as its own is another section's heading
  ("Contact" and "Plain language resources" in each agency's section of plainlanguage.gov's agency list), not a frame
  printed twice (`ownlines.own_heading_again`).

The pages are cut from the 18F Content Guide, the Bartleby study text, mozilla.org and plainlanguage.gov
(tests/fixtures/extraction_text/, sources and licences in tests/fixtures/README.md).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from audit.config import Settings
from audit.ingest.htmltext import prepare, visible_lines
from audit.ingest.load import load_page
from audit.ingest.mdinline import clean_extraction, clean_inline
from audit.ingest.segment import segment_lines
from audit.ingest.sources import Source
from audit.ingest.template import label_page, repeat_threshold

FIXTURES = Path(__file__).parent / "fixtures"


def _page(path: Path):
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert page.status == "ok", page.reason
    return page


def test_escaped_angle_brackets_and_code_are_the_pages_text():
    # trafilatura's Markdown of the remoteStorage Internet-Draft (Readability's test page ietf-1) and of an
    # HTML paragraph of plainlanguage.gov's kind: "<" of the text is escaped, a real inline tag is not
    assert clean_extraction(["    scopes are represented as strings of the form \\<module> \\<level>,"]) == \
        ["    scopes are represented as strings of the form <module> <level>,"]
    assert clean_inline("R<sup>2</sup> of \\<b> and <b>bold</b>") == "R² of \\<b> and bold"
    # a code span is text, and so is every line of a fenced block; outside them tags still go
    assert clean_inline("Heading tags, such as `<h1>`, `<h2>`, and <em>so</em> forth") == \
        "Heading tags, such as `<h1>`, `<h2>`, and so forth"
    assert clean_extraction(["```", "<a href=”x/”>", "  Learn more", "</a>", "```", "Done <b>now</b>."]) == \
        ["```", "<a href=”x/”>", "  Learn more", "</a>", "```", "Done now."]


def test_the_content_guides_html_examples_are_kept():
    page = _page(FIXTURES / "extraction_text" / "contentguide__our-approach__structure-the-content.html")
    line = next(line for line in page.lines if line.startswith("HTML offers critical help"))
    assert "Heading tags, such as <h1>, <h2>, and so forth, allow you to describe a hierarchy" in line
    assert any("using an unordered (<ul>) or ordered (<ol>) list will benefit all users." in line
               for line in page.lines)
    page = _page(FIXTURES / "extraction_text" / "contentguide__our-style__urls-and-filenames.html")
    start = page.lines.index("<a href=”essentials-house-and-senate-candidates-and-committees/”>")
    assert page.lines[start - 1:start + 7] == [
        "```", "<a href=”essentials-house-and-senate-candidates-and-committees/”>", "  Learn more",
        "  <span class=”usa-sr-only”>", "    about candidate and candidate committees", "  </span>", "</a>", "```"]
    blocks = segment_lines(page.lines, Settings().segment, page.markdown)
    code = next(b for b in blocks if "essentials-house" in b.text)
    assert code.kind == "code" and "<span class=”usa-sr-only”>" in code.text


def test_a_link_classed_popup_is_text():
    path = FIXTURES / "extraction_text" / "bartleby_popup_links.html"
    assert "rather elderly" in prepare(path.read_text(encoding="utf-8"))
    text = " ".join(_page(path).lines)
    assert "I am a rather elderly man. The nature of my avocations for the last thirty years" in text
    assert "I mean the law-copyists or scriveners." in text


def test_a_sections_own_header_is_visible_text():
    html = (FIXTURES / "extraction_text" / "mozilla__firefox-developer-edition.html").read_text(encoding="utf-8")
    lines = [line for line in visible_lines(html) if line]
    # the page's masthead ("Mozilla") and footer (its licence line) are the frame; the sections' headers are text
    assert lines == ["# Welcome to Firefox Developer Edition",
                     "Get to know the features that make it the most complete browser for building the Web.",
                     "## WebIDE", "Develop, deploy and debug Firefox OS apps directly in your browser, or on a Firefox "
                     "OS device, with this tool that replaces App Manager.", "Learn more about WebIDE",
                     "## Features and tools"]


def _agency_list(html: bool):
    path = FIXTURES / "extraction_text" / "plainlanguage__law__agency-programs.html"
    settings = Settings()
    page = _page(path)
    blocks = segment_lines(page.lines, settings.segment, page.markdown)
    n_pages = 187  # the plainlanguage.gov build (benchmarks/sites); "Contact" and the resources heading: this page only
    counts = Counter({b.key: 3 if b.text == "Centers for Medicare & Medicaid Services" else 1 for b in blocks})
    label_page(blocks, counts, repeat_threshold(n_pages, settings.boilerplate), n_pages, settings.boilerplate,
               title=page.title, html=html, link_labels=page.link_labels)
    return blocks


def test_a_sections_heading_again_after_the_article_is_the_pages():
    blocks = _agency_list(html=True)
    contact = [b for b in blocks if b.text == "Contact"]
    resources = [b for b in blocks if b.text == "Plain language resources"]
    assert len(contact) == 33 and len(resources) == 40  # (each agency's section has some of its headings)
    assert all(b.label == "body" for b in contact + resources)
    first = resources[0].block
    assert resources[0].reason == "after the article, a line of the page's own (HTML: no other page has it)"
    assert {b.reason for b in resources[1:]} == {f"after the article, the page's own heading again (as block {first})"}
    # a plain-text or Markdown page has no extractor before it: a line printed twice there is still template
    blocks = _agency_list(html=False)
    assert [b.label for b in blocks if b.text == "Plain language resources"][1:] == ["boilerplate"] * 39
