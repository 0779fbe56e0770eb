"""The labels of a page's own tab sets are its text (`audit.ingest.tabsets`), wherever repetition or position would
call them template; a frame's tabs are not the page's.

Testing Library's "ByDisplayValue" page (tests/fixtures/docusaurus/, verbatim; source and licence in
tests/fixtures/README.md) shows each code sample in a Docusaurus tab set of four, "Native" / "React" / "Angular" /
"Cypress": on the built site those four labels are on 11 or 12 of its 117 pages, more than the share of pages at
which a short line outside the article is copied text rather than frame, and the page's last set comes after its
last long paragraph, where a line printed twice on a page is template. Their panels hold the page's code, which the extraction
keeps: the HTML says they are the page's. CDC's pages build their footer as WAI-ARIA tabs ("CONTACT CDC" over links
to the contact pages; the markup below is verbatim from a cdc.gov page of the `journal` set, public domain): its
panels hold links to other pages only, so even where the extraction kept its labels they stay the frame's.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import trafilatura

from audit.config import Settings
from audit.ingest.load import load_page
from audit.ingest.segment import segment_lines
from audit.ingest.sources import Source
from audit.ingest.tabsets import tab_labels
from audit.ingest.template import label_page, repeat_threshold

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "docusaurus" / "testing-library-bydisplayvalue.html"
FRAMEWORKS = ["Native", "React", "Angular", "Cypress"]


def _labelled(with_tab_labels: bool):
    settings = Settings()
    page = load_page(Source(PAGE, PAGE.stem, PAGE.name), settings.load)
    blocks = segment_lines(page.lines, settings.segment, page.markdown, page.commonmark)
    # as on the built site: each framework's label on 12 of the 117 pages, every other line the page's own
    counts = Counter({b.key: 12 if b.text in FRAMEWORKS else 1 for b in blocks})
    label_page(blocks, counts, repeat_threshold(117, settings.boilerplate), 117, settings.boilerplate,
               title=page.title, html=page.html, link_labels=page.link_labels,
               tab_labels=page.tab_labels if with_tab_labels else frozenset())
    return blocks, page


def test_a_docusaurus_pages_own_tab_labels_travel_with_it_and_stay_body():
    blocks, page = _labelled(True)
    assert page.tab_labels == frozenset({"native", "react", "angular", "cypress"})
    labels = [b for b in blocks if b.text in FRAMEWORKS]
    assert len(labels) == 12 and [b.text for b in labels[:4]] == FRAMEWORKS  # three tab sets of four
    assert all(b.label == "body" for b in labels)
    # the first two sets are inside the article (duplicated content there); the last, after the article's last
    # long paragraph, repeats the labels of the first: kept for its tab set, not template as a line printed twice
    assert [b.reason for b in labels[8:]] == ["a tab label of the page's own tab set"] * 4
    # without the HTML's evidence the same labels are the frame's, as they were before
    before, _ = _labelled(False)
    assert [b.label for b in before if b.text in FRAMEWORKS][8:] == ["boilerplate"] * 4
    assert blocks[0].text == "Skip to main content" and blocks[0].label != "body"  # (a pattern still wins)


_CDC_FOOTER = """<html><body><main><h1>Obesity Among Adults</h1><p>{para}</p></main>
<div class="footer-mobile" aria-label="Footer" role="contentinfo">
  <ul class="accordion indicator-arrow mb-3" role="tablist" aria-busy="true">
    <li class="card footer-mobile_contact" role="presentation">
      <button role="tab" class="card-header tab collapsed" data-target="#footer-mobile-collapse-1"
       data-toggle="collapse"  aria-expanded="false" id="footer-mobile-card-1" >CONTACT CDC</button>
      <div class="collapse" id="footer-mobile-collapse-1" role="tabpanel">
        <div class="card-body">
          <span class="pl-1"><a href="https://www.cdc.gov/cdc-info/index.html">Contact Us</a></span>
        </div>
      </div>
    </li>
  </ul>
</div></body></html>"""


def test_a_frames_tabs_whose_panels_hold_links_only_are_not_the_pages():
    para = ("Obesity prevalence among adults varied by state, and the difference between rural and urban "
            "counties grew over the decade that the study followed.")
    html = _CDC_FOOTER.format(para=para)
    tree = trafilatura.load_html(html)
    # even if the extraction had kept the footer's tab and its link, the tab's panel holds no line of the page's own
    lines = ["# Obesity Among Adults", para, "CONTACT CDC", "Contact Us"]
    assert tab_labels(tree, html, lines, frozenset({"contact us"})) == frozenset()
    # the same tab over a panel of the page's own text is the page's tab
    own = html.replace('<a href="https://www.cdc.gov/cdc-info/index.html">Contact Us</a>', para)
    assert tab_labels(trafilatura.load_html(own), own, lines, frozenset()) == frozenset({"contact cdc"})
    # a page without a tab set: nothing (its source never parsed for one)
    assert tab_labels(tree, "<p>no tabs here</p>", lines, frozenset()) == frozenset()


def test_a_sphinx_tab_sets_labels_are_paired_with_their_panels():
    # pypug's "Using TestPyPI" article (tests/fixtures/pypug/, Furo + sphinx-inline-tabs): two tab sets, each a
    # "Unix/macOS" and a "Windows" label, each followed by its panel's command
    from lxml import html as lxml_html

    from audit.ingest.tabsets import _label_sets

    source = (FIXTURES / "pypug" / "using-testpypi-article.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(source)
    sets = tree.xpath("//div[contains(@class, 'tab-set')]")
    pairs = _label_sets(sets, {"unix macos", "windows"})
    assert [" ".join(lab.text_content().split()) for lab, _ in pairs] == ["Unix/macOS", "Windows"] * 2
    assert " ".join(pairs[1][1].text_content().split()).startswith(
        "py -m pip install --index-url https://test.pypi.org/simple/ your-package")
    command = "python3 -m pip install --index-url https://test.pypi.org/simple/ your-package"
    # a tab is the page's when its own panel holds an extracted line: here the Unix one's command only
    assert tab_labels(tree, source, ["Unix/macOS", "Windows", command], frozenset()) == frozenset({"unix macos"})
    # the extraction keeps no label of them (the labels are not its lines): nothing to keep
    assert tab_labels(tree, source, [command], frozenset()) == frozenset()
