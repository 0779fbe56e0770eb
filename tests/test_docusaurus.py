"""A documentation site built by Docusaurus (a JavaScript generator): what the audit keeps of its pages.

One page of Testing Library's documentation as `benchmarks/sites/build.py --sites testinglibrary` builds it
(Docusaurus 2.0.1; tests/fixtures/docusaurus/, source and licence in tests/fixtures/README.md), verbatim: the
"ByDisplayValue" query page, the whole frame (navigation bar, sidebar, breadcrumbs, "Edit this page", the pager and
the table of contents) around an article that is mostly code samples, each in a tab set of four ("Native", "React",
"Angular", "Cypress") whose unchosen panels carry the `hidden` attribute. Its prose is two sentences, so the audit
reads the page's visible text (`htmltext.visible_lines`) rather than the extraction; before `audit.ingest.docwidgets`
that text had the code blocks as lines of prose ("<input type="text" id="lastName" />" cleaned away as markup, the
highlighter's `token comment` spans dropped as a comments section) and no hidden tab panel.
"""
from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from audit.ingest.docwidgets import code_block_lines, tab_panel
from audit.ingest.htmltext import _hidden, prepare, visible_lines
from audit.ingest.pagetoc import toc_columns

from .labelled import labelled_page

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "docusaurus" / "testing-library-bydisplayvalue.html"


def test_a_docusaurus_page_keeps_its_code_samples_as_code_and_every_tab():
    blocks, page = labelled_page(PAGE, 117)  # (the testinglibrary site: 117 pages)
    assert page.title == "ByDisplayValue | Testing Library"
    body = [b for b in blocks if b.label == "body"]
    assert body[0].text == "ByDisplayValue" and body[0].kind == "heading"
    code = [b.text for b in blocks if b.kind == "code"]
    assert len(code) == 18 and all(b.label == "body" for b in blocks if b.kind == "code")
    # the signature, with the comment the highlighter marks `token comment`, as one block, indentation kept
    assert code[0].split("\n")[:3] == ["getByDisplayValue(",
                                       "  // If you're using `screen`, then skip the container argument:",
                                       "  container: HTMLElement,"]
    # HTML in a code sample is code, not markup to clean
    assert '<input type="text" id="lastName" />' in code and '<textarea id="messageTextArea" />' in code
    # every panel of a tab set: the chosen one ("Native") and the three the `hidden` attribute hides until chosen
    assert [c.split("\n")[-1] for c in code[3:7]] == [
        "const lastNameInput = screen.getByDisplayValue('Norris')",
        "const lastNameInput = screen.getByDisplayValue('Norris')",
        "const lastNameInput = screen.getByDisplayValue('Norris')",
        "cy.findByDisplayValue('Norris').should('exist')"]
    assert code[4].startswith("import {render, screen} from '@testing-library/react'")
    assert [b.text for b in blocks[9:13]] == ["Native", "React", "Angular", "Cypress"]
    assert blocks[0].text == "Skip to main content" and blocks[0].label != "body"
    assert not [b for b in blocks if b.text.startswith(("Edit this page", "Last updated", "Previous", "Next"))]


def test_a_pre_is_a_fenced_code_block_line_per_line():
    # prism-react-renderer's markup (Docusaurus): a `token-line` span per line, each ended by a `<br>`
    pre = lxml_html.fromstring(
        '<pre class="prism-code"><code><span class="token-line"><span class="token comment">// Matching a string:'
        '</span><br></span><span class="token-line"><span class="token plain">  getByText(container, </span>'
        '<span class="token string">\'Hello World\'</span><span class="token plain">)</span><br></span>'
        '<span class="token-line"><span class="token plain"> </span><br></span></code></pre>')
    assert code_block_lines(pre) == ["```", "// Matching a string:", "  getByText(container, 'Hello World')", "```"]
    assert code_block_lines(lxml_html.fromstring("<pre>   </pre>")) == []
    # in the page's visible text, the block's lines stay together (no blank line between them)
    lines = visible_lines('<html><body><main><p>Given the following HTML:</p><pre>&lt;div&gt;Hello World&lt;/div&gt;\n'
                          '&lt;span&gt;Hi&lt;/span&gt;</pre></main></body></html>')
    assert lines == ["Given the following HTML:", "", "```", "<div>Hello World</div>", "<span>Hi</span>", "```"]


def test_a_tab_panel_hidden_until_its_tab_is_chosen_is_text():
    panel = lxml_html.fromstring('<div role="tabpanel" class="tabItem_Ymn6" hidden="">yarn add x</div>')
    assert tab_panel(panel) and not _hidden(panel)
    # hidden another way (a class, a style), or not a tab panel: hidden as before
    assert _hidden(lxml_html.fromstring('<div role="tabpanel" class="sr-only">Most read</div>'))
    assert _hidden(lxml_html.fromstring('<div role="tabpanel" style="display: none">Most read</div>'))
    assert _hidden(lxml_html.fromstring('<div hidden="">Subscribed!</div>'))


def test_inline_code_in_the_visible_text_is_a_code_span_kept_as_text():
    blocks, _ = labelled_page(PAGE, 117)
    # `<code>&lt;select&gt;</code>`: a code span, not a tag for the inline-HTML cleaning to remove ("for a  whose")
    assert ("In case of select, this will search for a <select> whose selected <option> matches the given "
            "TextMatch.") in [b.text for b in blocks if b.kind == "paragraph"]
    lines = visible_lines('<main><p>The element (normally an <code>&lt;img&gt;</code>) and <kbd>`</kbd>.</p>'
                          '<ul><li>An <code>&lt;input&gt;</code> item</li></ul></main>')
    assert lines == ["The element (normally an `<img>`) and `` ` ``.", "", "- An `<input>` item"]


def test_a_contents_column_after_the_article_is_left_out_a_contents_list_in_it_is_text():
    html = PAGE.read_text(encoding="utf-8")
    # Docusaurus' right-hand column (`div.theme-doc-toc-desktop`): links to the page's own headings, after them all
    (toc,) = toc_columns(lxml_html.fromstring(html))
    assert [a.text_content() for a in toc.iter("a")] == ["API", "input tags", "textarea tags", "select tags",
                                                         "Options"]
    lines = visible_lines(prepare(html))
    assert lines[-3:] == ["## Options", "", "TextMatch options"]  # the article's end, no "- input tags" after it
    # plainlanguage.gov's "Use transition words": its contents list comes before the sections it lists, article text
    own = (FIXTURES / "own_lines" / "plainlanguage__guidelines__organize__use-transition-words.html").read_text(
        encoding="utf-8")
    assert toc_columns(lxml_html.fromstring(own)) == set()
    lines = visible_lines(prepare(own))
    assert lines.index("- Pointing words") < lines.index("### Pointing words")
