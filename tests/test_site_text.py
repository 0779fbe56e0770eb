"""Issue 13 (third round): text the extractor or the labels lost on real sites, on pages cut from them
(tests/fixtures/site_text/, sources and licences in tests/fixtures/README.md).

* a table's notes printed as caption-class paragraphs reach the article (the extractor drops caption-class elements as
  image captions); an image's caption still does not;
* a heading's class ("header2") never marks it as page frame;
* a page whose only text of its own is its title keeps the line it shares with a few other pages ("See Health Plan
  Categories" on the four metal-tier glossary pages), and the site frame stays template;
* a title heading that one other page of 25 also shows, right above the page's own text, is the page's heading; a
  line a few pages share right above a code block of the page's own is that code's heading (stop 37);
* a list that the article's own sentence announces ("... these resources:") is put back when the extractor dropped it;
* the frame's sentences that the extractor's fallback returns are not the page's prose (plainlanguage.gov's index).
"""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import audit
from audit.config import Settings
from audit.ingest.htmltext import prepare, visible_lines
from audit.ingest.load import load_page
from audit.ingest.segment import segment_lines
from audit.ingest.sources import Source
from audit.ingest.template import label_page, repeat_threshold

from .labelled import labelled_page

FIXTURES = Path(__file__).parent / "fixtures" / "site_text"
NOTES = FIXTURES / "journal" / "22_0341_table_notes.html"
IMAGE = FIXTURES / "journal" / "24_0312_image_caption.html"
BRONZE = FIXTURES / "healthcare" / "glossary__bronze-health-plan.html"
CAPITALIZATION = FIXTURES / "contentguide" / "our-style__capitalization.html"


def _blocks(path: Path):
    settings = Settings()
    page = load_page(Source(path, path.stem, path.name), settings.load)
    assert page.status == "ok", page.reason
    return segment_lines(page.lines, settings.segment)


def test_table_notes_in_caption_class_paragraphs_are_body_captions(tmp_path):
    shutil.copy(NOTES, tmp_path / NOTES.name)
    shutil.copy(IMAGE, tmp_path / IMAGE.name)
    b = audit.run(tmp_path).blocks
    notes = b[(b.page_id == NOTES.stem) & (b.kind == "caption")]
    # the six footnotes of Table 1 (a-f), each its own caption block after the table, kept as body
    assert notes.text.str[:2].tolist() == ["a ", "b ", "c ", "d ", "e ", "f "]
    assert notes.text.iloc[0] == "a Percentages may not add up to 100 because of missing data."
    assert notes.text.iloc[1] == "b Calculated as (weight in pounds × 703) ÷ (height in inches²)."
    assert set(notes.label) == {"body"}
    table = b[(b.page_id == NOTES.stem) & (b.kind == "table")]
    assert len(table) == 1 and table.block.iloc[0] < notes.block.min()
    # the photo's caption beside its <img> is an image caption: still left out, as the extractor does
    image_page = b[b.page_id == IMAGE.stem]
    assert not image_page.text.str.contains("Leonard Jack Jr, PhD, MSc", regex=False).any()
    assert image_page.text.str.startswith("Preventing Chronic Disease (PCD) remains committed").any()


def test_prepare_renames_only_table_notes():
    notes_html = prepare(NOTES.read_text(encoding="utf-8"))
    assert 'class="caption"' not in notes_html and 'class="table-note"' in notes_html
    image_html = IMAGE.read_text(encoding="utf-8")
    assert prepare(image_html) == image_html  # nothing hidden, no table: the very same string back


def test_a_heading_class_never_marks_the_frame():
    lines = visible_lines(BRONZE.read_text(encoding="utf-8"))
    # <h1 class='header2'>Glossary</h1> <h2 class='header2'>Bronze Health Plan</h2>: Readability's "header" names
    # regions, not a heading's style
    assert "## Bronze Health Plan" in lines and "See Health Plan Categories" in lines


def _label(blocks, counts: dict[str, int], n_pages: int) -> None:
    settings = Settings().boilerplate
    label_page(blocks, Counter(counts), repeat_threshold(n_pages, settings), n_pages, settings)


def test_a_page_with_only_its_title_keeps_the_line_four_pages_share():
    blocks = _blocks(BRONZE)
    # repetition measured on the HealthCare.gov build (413 pages): the frame's lines on 98 to 223 pages, the
    # cross-reference on the four metal-tier pages (bronze, silver, gold, platinum), the title on this page only
    shared = {"See Health Plan Categories": 4, "Bronze Health Plan": 1, "Glossary": 223}
    counts = {b.key: shared.get(b.text, 98) for b in blocks}
    _label(blocks, counts, 413)
    assert [b.text for b in blocks if b.label == "body"] == ["Bronze Health Plan", "See Health Plan Categories"]
    assert {b.text for b in blocks if b.label != "body"} >= {"Skip Navigation", "Glossary"}


def test_a_title_one_other_page_shows_is_the_pages_heading():
    blocks = _blocks(CAPITALIZATION)
    assert blocks[0].text == "Capitalization" and blocks[0].kind == "heading"
    # the 18F Content Guide (25 pages): "Capitalization" is also a heading of one other page; the page's own text is
    # on this page only; the frame (none reaches the extraction here) would be on all 25
    counts = {b.key: 2 if b.text == "Capitalization" else 1 for b in blocks}
    _label(blocks, counts, 25)
    assert blocks[0].label == "body" and blocks[0].reason.startswith("section heading over text of the page's own")
    # a line the frame repeats on every page is still template above the same text
    blocks = _blocks(CAPITALIZATION)
    _label(blocks, {b.key: 25 if b.text == "Capitalization" else 1 for b in blocks}, 25)
    assert blocks[0].label == "boilerplate"


def test_a_line_a_few_pages_share_over_the_pages_own_code_is_its_heading():
    # the Python Packaging User Guide's "Direct URL Data Structure" (Sphinx; tests/fixtures/sphinx/): after the
    # article, "Source archive:" (on 2 of the set's 89 pages) over the JSON sample of this page only
    blocks, page = labelled_page(FIXTURES.parent / "sphinx" / "pypug-direct-url-data-structure.html", 89)
    settings = Settings().boilerplate
    label_page(blocks, Counter({b.key: 2 if b.text == "Source archive:" else 1 for b in blocks}),
               repeat_threshold(89, settings), 89, settings, title=page.title, html=True, link_labels=page.link_labels)
    i = next(i for i, b in enumerate(blocks) if b.text == "Source archive:")
    assert blocks[i + 1].kind == "code" and blocks[i + 1].text.startswith('{\n    "url": "https://github.com/pypa/pip/')
    assert (blocks[i].label, blocks[i].reason) == ("body", "section heading over text of the page's own; on 2/89 pages")
    # the same line on most pages (a frame's line) stays template over the same code
    blocks, page = labelled_page(FIXTURES.parent / "sphinx" / "pypug-direct-url-data-structure.html", 89)
    label_page(blocks, Counter({b.key: 60 if b.text == "Source archive:" else 1 for b in blocks}),
               repeat_threshold(89, settings), 89, settings, title=page.title, html=True, link_labels=page.link_labels)
    assert blocks[i].label == "boilerplate"


def test_a_list_the_articles_own_sentence_announces_is_put_back():
    blocks = _blocks(FIXTURES / "contentguide" / "resources.html")
    texts = [b.text for b in blocks]
    intro = texts.index("As we created this guide, we also referred to these resources:")
    # the extractor drops this all-links list; the sentence introducing it brings it back, in its place
    assert texts[intro + 1:intro + 3] == ["The U.S. Government Publishing Office", "Conscious Style Guide"]
    assert [b.kind for b in blocks[intro + 1:intro + 9]] == ["list_item"] * 8
    # the "Related links" list after a heading (no sentence announces it) stays out, as the extractor decided
    assert "18F Accessibility Guide" not in texts
    # the intro's words are the load setting `announced_list_min_words` (6; the intro has 11): asked for 12, the
    # list stays out
    from audit.config import Settings
    from audit.ingest.load import load_page
    from audit.ingest.sources import Source

    path = FIXTURES / "contentguide" / "resources.html"
    page = load_page(Source(path, path.stem, path.name), Settings().replace(load={"announced_list_min_words": 12}).load)
    assert "- The U.S. Government Publishing Office" not in page.lines
    assert "- The U.S. Government Publishing Office" in load_page(Source(path, path.stem, path.name),
                                                                 Settings().load).lines


def test_a_list_already_extracted_or_after_a_label_is_left_alone():
    from audit.ingest.htmltext import announced_lists

    html = ("<html><body><p>Our team wrote these three guides for new writers:</p><ul><li>Plain language</li>"
            "<li>Active voice</li></ul><p>Read more:</p><ul><li><a href='/a'>Another story</a></li></ul></body></html>")
    extracted = ["Our team wrote these three guides for new writers:", "", "- Plain languageActive voice", "",
                 "Read more:"]
    assert announced_lists(html, extracted) == extracted  # run together but there; a two-word label
    assert announced_lists(html, extracted[:1]) == extracted[:1] + ["", "- Plain language", "- Active voice", ""]


def test_table_notes_and_figure_text_are_captions_not_prose():
    # lines as the journal's pages give them (CDC Preventing Chronic Disease 2024: 22_0341 Table 2, 23_0234 Figure 1)
    lines = ["| Characteristic | AHF | BMI |", "| Walkability | — | 0.16 c |", "",
             "Abbreviations: AHF, availability of healthy foods; BMI, body mass index; Edu, education level; ES, ever "
             "smoker; PA, physical activity level; PFD, percentage of fat in diet; SC, social cohesion; Walk, walkability.",
             "", "a Details about the variables are explained in footnotes to Table 1.", "",
             "ⁱ During the 3 months before pregnancy.", "", "## Figure 1.", "",
             "Adjusted odds of being up to date on mammogram screening in A) 2018 and B) 2020 by social determinants of "
             "health among all women eligible for screening, Behavioral Risk Factor Surveillance System, 2018 and 2020.",
             "", "Women with a usual source of care were more likely to be up to date on screening in both years."]
    kinds = [b.kind for b in segment_lines(lines, Settings().segment)]
    assert kinds == ["table", "caption", "caption", "caption", "caption", "caption", "paragraph"]


def test_the_frame_sentences_of_the_extractors_fallback_are_not_the_pages_prose():
    """plainlanguage.gov's "Before and after" index (real: `GSA/plainlanguage.gov` at 4323077, built with Debian's
    jekyll; CC0 / US-government public domain) is a title over lists of links. The extractor finds no article and
    returns every text node of the page, the header's menu and the footer's sentences ("Plain language makes it
    easier for the public to read, understand, and use government communications.") among them. Those sentences
    counted as the extraction's prose, more than the visible text's (none: its frame is left out by region), so
    the 82 lines of the whole page were kept and the site's menu became the page's text (plainlanguage recall 0 on
    this page). The extraction's prose now counts only where the visible text holds it too: the page's text is its
    title and its lists."""
    path = FIXTURES / "plainlanguage" / "examples__before-and-after.html"
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    text = [line for line in page.lines if line.strip()]
    assert text[:4] == ["Skip to main content", "# Before and after", "- Ambiguous Wording Rewritten",
                        "- Wordiness Made Spare"]
    assert "### Bureau of Land Management" in text and text[-1] == "- Car Safety" and len(text) == 24
    assert not any("official website" in line or "Plain language makes it easier" in line for line in text)
