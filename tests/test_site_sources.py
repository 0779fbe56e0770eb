"""A static site's Markdown sources read as the site shows them (`audit.ingest.mdsource`): what a generator never
shows as text — HTML comments, scripts, Hugo shortcode tags, Liquid tags and outputs, kramdown attribute lists,
mkdocstrings directives — goes, and what readers see stays (a shortcode's inner text, an admonition's title, a content
tab's label, the text inside raw HTML tags, a table written without its edge pipes), every line number the file's.
Real source pages, verbatim, of letsencrypt.org (Hugo), plainlanguage.gov, the 18F Content Guide, HealthCare.gov
(Jekyll) and Starlette's documentation (MkDocs): tests/fixtures/README.md."""
from __future__ import annotations

from pathlib import Path

from audit.config import Settings
from audit.ingest.load import GENERATED_ONLY, load_page, not_a_page
from audit.ingest.mdsource import source_lines
from audit.ingest.segment import segment_lines
from audit.ingest.sources import Source

FIX = Path(__file__).parent / "fixtures"
SOURCES = FIX / "site-sources"


def _load(path: Path):
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert page.status == "ok", page.reason
    assert len(page.lines) == len(path.read_text(encoding="utf-8").split("\n"))  # the file's line numbers
    return page


def _blocks(page):
    return [(b.kind, b.line_start, b.line_end, b.text) for b in segment_lines(page.lines, Settings().segment,
                                                                             page.markdown)]


def test_hugo_glossary_keeps_the_definitions_drops_the_shortcodes_and_the_comment():
    # letsencrypt.org's glossary source: a translators' HTML comment (lines 10-26, itself holding a shortcode's
    # usage), then one `{{% def id=... name=... %}} text {{% /def %}}` per term, whose inner text is the definition
    page = _load(SOURCES / "letsencrypt" / "glossary-head.md")
    assert page.title == "Glossary"
    assert page.lines[9:26] == [""] * 17
    assert page.lines[27].strip().startswith("A certificate extension used to indicate to user agents how to obtain")
    assert page.lines[31].strip() == "A program capable of communicating with an ACME server to ask for a certificate."
    text = "\n".join(page.lines)
    for markup in ("{{", "}}", "def id=", "abbr=", "<!--", "Note for translators", "{%"):
        assert markup not in text
    assert [(kind, start) for kind, start, _, _ in _blocks(page)] == [("paragraph", n) for n in (28, 30, 32, 34)]


def test_raw_html_tags_go_their_text_stays_over_the_lines_a_tag_spans():
    # a letsencrypt.org post: "<a" at the end of line 10, its href on line 11
    path = SOURCES / "letsencrypt" / "2015-4-23-draft-isrg-cp-cps.markdown"
    page = _load(path)
    assert page.lines[9] == "Update 2015-10-12: These documents are now out of date. Please visit our "
    assert page.lines[10] == "Policy and Legal Repository for"
    assert page.lines[13].startswith("Today we're publishing an updated draft of our Certificate Policy (CP) and the "
                                     "first public draft of our Certification Practice Statement (CPS).")
    assert "<a" not in "\n".join(page.lines) and "href" not in "\n".join(page.lines)
    first = _blocks(page)[0]
    assert first[:3] == ("paragraph", 10, 12)
    assert "Please visit our Policy and Legal Repository for up-to-date" in first[3]


def test_a_script_element_is_no_text():
    # HealthCare.gov's glossary pages end with a `<script>` line (line 12) removing a button
    page = _load(FIX / "healthcare-gov" / "glossary" / "0100-01-01-grandfathered.md")
    assert page.lines[11] == ""
    assert [(kind, start) for kind, start, _, _ in _blocks(page)] == [("paragraph", 10)]


def test_liquid_links_keep_their_text_and_kramdown_attribute_lists_go():
    # plainlanguage.gov: `[add useful headings]({{ site.baseurl }}{% link _pages/... %})` (line 21), a block IAL
    # `{: .example-side-by-side}` closing the example list (line 56)
    page = _load(SOURCES / "plainlanguage" / "write-short-sections.md")
    assert page.lines[20].startswith("Short sections give you the opportunity to add useful headings, which help the "
                                     "reader skim and scan the page.")
    assert page.lines[55] == ""
    text = "\n".join(page.lines)
    assert "site.baseurl" not in text and "{%" not in text and "{:" not in text
    # the 18F Content Guide: `[inclusive language]({{ "/our-style/inclusive-language/#..." | relative_url }})`
    guide = _load(SOURCES / "contentguide" / "address-the-user.md")
    assert guide.lines[17].endswith("See the inclusive language section for further guidance.")


def test_a_table_without_edge_pipes_is_a_table():
    # plainlanguage.gov's "Don't say | Say" table (lines 40-44: GFM and kramdown make the edge pipes optional),
    # then its IAL `{:.example-table}` (line 45)
    page = _load(SOURCES / "plainlanguage" / "avoid-noun-strings.md")
    assert page.lines[39] == "| Don't say | Say |" and page.lines[44] == ""
    tables = [b for b in _blocks(page) if b[0] == "table"]
    assert [(start, end) for _, start, end, _ in tables] == [(40, 44)]
    assert tables[0][3].startswith("Don't say | Say\nUnderground mine worker safety protection procedures development"
                                   " | Developing procedures to protect the safety of workers in underground mines")


def test_mkdocs_admonitions_and_the_api_directive():
    # Starlette's docs/testclient.md: `??? abstract "API Reference"` holding a mkdocstrings `::: ...` directive and
    # its indented options (lines 2-10), a `!!! note` (line 75) over its indented text, a fenced code block
    path = SOURCES / "starlette" / "testclient.md"
    file_lines = path.read_text(encoding="utf-8").split("\n")
    page = _load(path)
    assert page.lines[1] == "API Reference"  # the block's title, as Material shows it
    assert page.lines[2:10] == [""] * 8  # the API reference is generated from the code
    assert file_lines[74] == "!!! note" and page.lines[74] == "Note"  # no title given: the type, capitalised
    assert page.lines[76].strip() == "If you want the TestClient to run the lifespan handler,"
    code = next(b for b in _blocks(page) if b[0] == "code")
    assert code[1] == 15 and "HTMLResponse('<html><body>Hello, world!</body></html>')" in code[3]  # code as written


def test_content_tabs_give_their_label_and_their_indented_code_blocks_stay_code():
    # Starlette's docs/middleware.md, lines 640-717: two content tabs `=== "✅ Do"` / `=== "❌ Don't"`, each holding
    # a fenced code block indented by four spaces
    page = _load(SOURCES / "starlette" / "middleware-tabs.md")
    assert page.lines[10] == "✅ Do" and page.lines[46] == "❌ Don't"
    kinds = [(kind, start, end) for kind, start, end, _ in _blocks(page)]
    assert ("code", 13, 45) in kinds and ("code", 49, 76) in kinds
    assert ("heading", 11, 11) in kinds and ("heading", 47, 47) in kinds


def test_raw_and_code_are_text_and_markdown_without_such_markup_is_unchanged():
    lines = ["{% raw %}{{ page.title }}{% endraw %} is Liquid.", "Write `{% link x.md %}` and `<div>`.",
             "```html", "<!-- a comment in code -->", "```", "A &amp; B", "- [x] done"]
    assert source_lines(lines) == ["{{ page.title }} is Liquid.", "Write `{% link x.md %}` and `<div>`.",
                                   "```html", "<!-- a comment in code -->", "```", "A & B", "- done"]
    article = (FIX / "healthcare-gov" / "article-rights-and-protections.md").read_text(encoding="utf-8").split("\n")
    assert source_lines(article) == article


def test_a_page_whose_text_the_site_generates_is_not_a_page_to_audit():
    # letsencrypt.org's docs/_index.md: front matter, then the shortcode that lists the section's pages
    path = SOURCES / "letsencrypt" / "docs-_index.md"
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert (page.status, page.reason) == ("skipped", GENERATED_ONLY) and not_a_page(page.reason)


def test_a_link_that_wraps_keeps_its_text_and_block_tags_part_words():
    # letsencrypt.org's "A Warm Welcome to ASN.1 and DER": `[RFC` / `5280](https://tools.ietf.org/html/rfc5280).`
    # (lines 14-15); a post's HTML table whose cells break lines with `<br>` (line 32)
    page = _load(SOURCES / "letsencrypt" / "asn1-head.md")
    assert page.lines[13:15] == ["contents follow a format defined by RFC", "5280."]
    post = _load(SOURCES / "letsencrypt" / "2021-01-21-next-gen-database-servers.md")
    assert post.lines[31].strip() == "2x Intel Xeon E5-2650 Total 24 cores / 48 threads"
    assert post.lines[32].strip() == "2x AMD EPYC 7542 Total 64 cores / 128 threads"
    assert not any("<" in line for line in post.lines)


def test_a_jekyll_highlight_block_is_a_code_block(tmp_path):
    # Jekyll's documented code blocks ("Code snippet highlighting", jekyllrb.com/docs/liquid/tags/): the Liquid tag
    # on a line of its own, a language, options; Jekyll renders a `pre`, not prose
    lines = ["A sentence.", "", "{% highlight ruby linenos %}", "def foo", "  puts '<b>foo</b>'", "end",
             "{% endhighlight %}", "", "{% raw %}", "{% highlight ruby %}", "{% endhighlight %}", "{% endraw %}",
             "```", "{% highlight ruby %}", "{% endhighlight %}", "```"]
    out = source_lines(lines)
    assert len(out) == len(lines)  # line numbers kept
    assert out[2:7] == ["```ruby", "def foo", "  puts '<b>foo</b>'", "end", "```"]  # the code as written
    # inside `{% raw %}` (Liquid prints it as written) and inside fenced code, the tags are text
    assert out[9:11] == lines[9:11] and out[12:] == lines[12:]
    path = tmp_path / "post.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    page = load_page(Source(path, path.stem, path.name), Settings().load)
    assert [b[:3] for b in _blocks(page)][:2] == [("paragraph", 1, 1), ("code", 3, 7)]
    assert _blocks(page)[1][3] == "def foo\n  puts '<b>foo</b>'\nend"


def test_a_headings_attributes_are_no_text():
    """(stop 38) `{#id}` after a heading is its id (kramdown's header IDs, Hugo's Goldmark `parser.attribute`,
    Pandoc's `header_attributes`): 5,966 headings of opentelemetry.io's sources (CC BY 4.0) end in one, e.g.
    `content/en/blog/2024/year-in-review.md`; the Falco website's too. A Jinja comment or a code span keeps it."""
    lines = ['### Multilingual documentation <i class="fa-solid fa-language"></i> {#multilingual-documentation}',
             "## Year in numbers {#year-in-numbers .unnumbered lang=en}",
             "Write `{#id}` after a heading; {# a Jinja comment #} is text here."]
    out = source_lines(lines)
    assert [line.rstrip() for line in out[:2]] == ["### Multilingual documentation", "## Year in numbers"]
    assert out[2] == lines[2]
