"""Quoted lines — a Usenet reply's "> ", ">>", "|> " and a Markdown blockquote's "> " — are segmented as the text
they quote (`segment.quote_prefix`): markers set aside, the usual rules on what follows, a change of depth ends the
block, line numbers those of the file. Real pages: three posts of 20 Newsgroups and an excerpt of a plainlanguage.gov
page's Markdown source (`tests/fixtures/quoted/`, see the fixtures' README)."""
from __future__ import annotations

import random
from pathlib import Path

from audit.config import Settings
from audit.ingest.load import discover, load_page
from audit.ingest.segment import _segment_lines, quote_prefix, segment_lines

QUOTED = Path(__file__).parent / "fixtures" / "quoted"


def _blocks(name: str) -> list[tuple]:
    """(line_start, line_end, kind, text) of each block of a fixture page, the compiled segmenter checked against its
    definition (every slot)."""
    s = Settings()
    page = load_page(discover([QUOTED / name], s.load, s.crawl)[0][0], s.load)
    made = segment_lines(page.lines, s.segment, page.markdown)
    assert [b.__getstate__() for b in made] == [b.__getstate__()
                                                 for b in _segment_lines(page.lines, s.segment, page.markdown)]
    return [(b.line_start, b.line_end, b.kind, b.text) for b in made]


def test_quote_prefix():
    assert quote_prefix("plain text") == (0, 0)
    assert quote_prefix("> quoted") == (1, 2)
    assert quote_prefix(">quoted") == (1, 1)
    assert quote_prefix(">> twice") == quote_prefix("> > twice")[:1] + (3,) == (2, 3)
    assert quote_prefix("> > twice") == (2, 4)
    assert quote_prefix("|> rn's marker") == (1, 3)
    assert quote_prefix("  > indented") == (1, 4)
    assert quote_prefix(">\t>In the UK, it's impossible") == (2, 3)  # (sci.crypt 15725: a tab between markers)
    assert quote_prefix(">") == (1, 1) and quote_prefix(">  ") == (1, 2)
    assert quote_prefix(">>> three", 1) == (1, 1)  # at most one marker (a fence's lines inside a quote)
    assert quote_prefix("| a | b |") == (0, 0)  # a table row quotes nothing


def test_a_quoted_post_is_segmented_as_the_post_it_quotes():
    """rec.sport.baseball 105027 quotes a game report: its quoted blank lines separate blocks, its heading is one
    block, its signature's four wrapped lines one paragraph, no text keeps a ">" (line by line, each quoted line
    was a block of its own: "> Tuesday's game ..." a heading with its marker, the signature four headings)."""
    got = _blocks("rec.sport.baseball-105027.txt")
    assert not [text for *_, text in got if text.startswith(">")]
    assert (11, 11, "heading", "Tuesday's game of Beloved Yakult Swallows") in got
    assert (17, 17, "paragraph", "W - Ito (1-0). L - Nakagomi (0-1). HR - Yakult, Arai 1st.") in got
    sig = [b for b in got if b[0] == 33]
    assert sig[0][:3] == (33, 36, "paragraph") and sig[0][3].startswith("/_____ /_____ Hiroshi Yajima")
    assert got[-2:] == [(40, 40, "paragraph", "Matt Wall * wall@cc.swarthmore.edu * Hey, I gotta job here, OK?"),
                        (42, 42, "paragraph", "April 6, 1993: Boston Red Sox seize first place.")]


def test_a_change_of_quote_depth_ends_the_block():
    """sci.med 59320: the ">>" post's wrapped paragraphs join (lines 6-10, 11-15), the ">" reply below them is a
    block of its own (17-26), the unquoted answer another; `line_of` maps the text back to the file's lines."""
    s = Settings()
    page = load_page(discover([QUOTED / "sci.med-59320.txt"], s.load, s.crawl)[0][0], s.load)
    blocks = segment_lines(page.lines, s.segment, page.markdown)
    spans = [(b.line_start, b.line_end, b.kind) for b in blocks]
    assert spans[4:8] == [(6, 10, "paragraph"), (11, 15, "paragraph"), (17, 26, "paragraph"), (28, 28, "paragraph")]
    reply = blocks[6]
    assert reply.text.startswith("I beg to disagree with you on this subject. If I recall correctly, alt.drugs was")
    assert reply.line_of(reply.text.index("who wanted to discuss")) == 21
    assert _blocks("sci.med-59320.txt") == [(b.line_start, b.line_end, b.kind, b.text) for b in blocks]


def test_rn_quote_markers():
    """alt.atheism 53409 quotes with "|> ": the quoted paragraphs are blocks of two lines each."""
    got = _blocks("alt.atheism-53409.txt")
    assert [b[:3] for b in got[1:4]] == [(2, 2, "paragraph"), (4, 5, "paragraph"), (7, 8, "paragraph")]
    assert got[3][3] == "How does this fit in with your claim that there is no state religion in the UK?"


def test_a_markdown_blockquote():
    """plainlanguage.gov's Gore speech quotes a regulation (Markdown "> "): its quoted bullets ("> *<TAB>For a
    partnership ...", a table of two tab-separated cells when the marker stayed) are list items, each quoted
    paragraph a paragraph."""
    got = _blocks("gore-speech-excerpt.md")
    assert [b[:3] for b in got[-5:-1]] == [(n, n, "list_item") for n in range(19, 23)]
    assert got[-5][3] == "For a partnership, one of the partners must sign;"
    assert (3, 3, "paragraph") == got[1][:3] and got[1][3].startswith('Before: "We are providing the following')
    assert {kind for _, _, kind, _ in got} == {"paragraph", "list_item"}


def _spans(lines: list[str], markdown: bool = True) -> list[tuple]:
    s = Settings().segment
    got = [(b.line_start, b.line_end, b.kind, b.text) for b in segment_lines(lines, s, markdown)]
    assert got == [(b.line_start, b.line_end, b.kind, b.text) for b in _segment_lines(lines, s, markdown)]
    return got


def test_fences_and_lazy_lines():
    """A fence opened in a quote closes where the quote ends (its code up to the last quoted line); inside a fence
    opened outside any quote, "> " is code; an unmarked line after a quoted one starts a block (no lazy
    continuation)."""
    assert _spans(["> ```", "> x = 1", "> ```", "> > y = 2"]) == [(1, 3, "code", "x = 1"), (4, 4, "other", "y = 2")]
    assert _spans(["> ```", "> x = 1", "after the quote"]) == [(1, 2, "code", "x = 1"),
                                                                 (3, 3, "other", "after the quote")]
    assert _spans(["```", ">>> print(1)", "```"]) == [(1, 3, "code", ">>> print(1)")]
    assert _spans(["> The committee met on Tuesday and agreed on", "the budget for the coming year."]) == [
        (1, 1, "heading", "The committee met on Tuesday and agreed on"),
        (2, 2, "paragraph", "the budget for the coming year.")]
    assert _spans(["> | a | b |", "> |---|---|", "> | 1 | 2 |"]) == [(1, 3, "table", "a | b\n1 | 2")]


def test_quoted_random_lines_as_defined():
    """The compiled segmenter reads quote markers as its definition does, on random pages of quoted lines."""
    rng = random.Random(34)
    pieces = ["> ", ">", ">>", "> > ", "|> ", "|", " ", "  ", "", "```", "- ", "# ", "a", "Word", "word.", "x y",
              "\t", "| a | b |", "|---|", "~~~", "é", "日"]
    settings = Settings().replace(segment={"wrap_min_chars": 12}).segment
    pages = [["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(1, 12))]
             for _ in range(3000)]
    for markdown in (True, False):
        made = [[b.__getstate__() for b in segment_lines(lines, settings, markdown)] for lines in pages]
        assert made == [[b.__getstate__() for b in _segment_lines(lines, settings, markdown)] for lines in pages]
    assert sum(state[3] == "code" for page in made for state in page) == 0  # (plain text: no fences)
