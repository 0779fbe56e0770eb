"""The fast path of `segment.is_citation` (the citation regex runs only on text that has what one of its alternatives
needs: a ";", "doi", "PMID", or a capital A-Z first) gives the answer of the whole regex: on hand-made citations and
near misses, on every block and line of the test fixtures (real sites), and on random text built from the characters the
regex reads. Likewise the pattern rules' needs (`frame_patterns._NEEDS`: an ASCII text is searched only by the default
rules whose cheap necessary condition it meets) give `pattern_hits` the first rule whose regex is found, and the
compiled segmentation loops (`_segment.count_words`, `_blocks.segment`) give what their definitions give."""
from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from audit.config import Settings
from audit.ingest.load import discover, load_page
from audit.ingest.segment import _CITATION_RE, is_citation, segment_lines

FIXTURES = Path(__file__).parent / "fixtures"

CASES = {
    # journal references, identifiers, author lists: citations
    "Prev Chronic Dis 2024;21:220341.": True,
    "Am J Prev Med. 2021;40(2):349-358. doi:10.1016/j.amepre.2020.10.003": True,
    "See doi.org/10.5888/pcd21.230123 for the data.": True,
    "PMID: 31234567": True,
    "PMID 1234": False,  # too few digits
    "Kichloo A, Albosta M, Dettloff K, et al. Telemedicine. Fam Med Community Health 2020": True,
    "Smith, J. (2019). Health literacy in practice.": True,
    "Smith, J. and Doe, K. (2019a) Reading grades": True,
    # prose and near misses: not citations
    "Most eyelid twitching stops on its own within a few days.": False,
    "In 2020 the clinic opened; 12 doctors joined: 3 later left.": False,
    "the doi: is not a number": False,
    "smith, j. (2019) lower-case author": False,
    "Árpád A, Béla B, 2020": False,  # a non-ASCII capital: the author-list alternatives need A-Z
    "": False,
}


@pytest.mark.parametrize("text,expected", list(CASES.items()))
def test_is_citation_on_hand_made_text(text, expected):
    assert bool(_CITATION_RE.search(text)) is expected
    assert is_citation(text) is expected


def _fixture_texts(*more: Path) -> list[str]:
    s = Settings()
    sources, _ = discover([FIXTURES, *more], s.load, s.crawl)
    texts = []
    for src in sources:
        page = load_page(src, s.load)
        if page.status == "ok":
            texts += page.lines + [b.text for b in segment_lines(page.lines, s.segment)]
    return texts


def test_is_citation_agrees_with_the_regex_on_real_pages():
    texts = _fixture_texts()
    hits = [t for t in texts if _CITATION_RE.search(t)]
    assert len(texts) > 1000 and len(hits) >= 50  # the journal pages have reference lists
    assert [t for t in texts if is_citation(t) != bool(_CITATION_RE.search(t))] == []


def test_is_citation_agrees_with_the_regex_on_random_text():
    rng = random.Random(14)
    alphabet = list("AaBbKkJjdoiPMID;:,.()&-' ") + ["2020", "1999", "doi", "PMID", "10.1016", " and ", "e12", "Jan"]
    disagree = []
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        if is_citation(text) != bool(_CITATION_RE.search(text)):
            disagree.append(text)
    assert disagree == []


# ------------------------------------------------------------------ the pattern rules' needs (`frame_patterns._NEEDS`)

PATTERN_CASES = {
    "Skip to main content": "skip_link",
    "(212) 434-4050": "phone", "212.371.3223 (FACE)": "phone", "Tel: ask us": "phone", "Call: now": "phone",
    "Fax: on request": "fax",
    "110 East 40 Street": "address", "New York, NY 10016": "address", "Suite 4": "address", "12 Main\tSt": "address",
    "Monday - Friday": "hours", "Mon–Fri": "hours", "9 am - 5 pm": "hours", "8:30AM-5:00PM": "hours",
    "Office hours": "hours", "opening\ntimes": "hours",
    "8 a.m. to 8 p.m.": "hours", "9:00 A.M. - 5:00 PM": "hours", "Monday through Friday": "hours",
    "Mon. thru Fri.": "hours", "Hours: by appointment": "hours", "Business hours": "hours",
    "He left at 8 a.m. for a day": "", "from Monday to the end": "", "Tuesday, to be sure": "",
    "news and box scores (Sunday through Thursday). John": "", "MID-WEEK (Sun - Thurs) Hotel": "hours",
    "Posted by Dr. Patel": "byline", "If you are interested in discussing your case": "footer_call",
    "(c) 2024 The Clinic": "copyright", "All rights reserved.": "copyright", "© 2024": "copyright",
    "ſkip to content": "skip_link",  # IGNORECASE's non-ASCII equivalences: the text is searched by every rule
    "He called at 5 pm - too late": "", "a street 12 in Rome": "", "Born 1971, in Rome": "", "Hello": "", "": "",
    "Call 5551234567 or 555 1234567": "", "Born 1971 in Stanford, CA, 94305": "", "12 Main Stanford": "",
    "Book 12 Main Dr.": "address", "On 4 Rd9 go": "", "Boston, MA 02115-1234": "address",
    "Last updated: Jun 29, 2022 | See all Documentation": "date_line", "Page last reviewed: May 3, 2023": "date_line",
    "Last-modified: 1993/4/15": "date_line", "Updated prices from last post.": "", "Last changed": "date_line",
    "Revised: 12/3/20 at 9 am EST": "date_line",
}


def _loop(compiled, text: str) -> str:
    return next((name for name, rx in compiled if rx.search(text)), "")


@pytest.mark.parametrize("text,expected", list(PATTERN_CASES.items()))
def test_pattern_needs_on_hand_made_text(text, expected):
    from audit.ingest import frame_patterns

    items = frame_patterns._pattern_items(Settings().boilerplate)
    assert _loop(frame_patterns._compiled(items), text) == expected
    assert frame_patterns._first_hit(items)(text) == expected


def test_every_default_pattern_has_its_needs():
    from audit.config import DEFAULT_PATTERNS
    from audit.ingest import frame_patterns

    assert set(frame_patterns._NEEDS) == set(DEFAULT_PATTERNS.values())


def test_pattern_needs_agree_with_the_regexes_on_real_pages():
    from audit.ingest import frame_patterns

    items = frame_patterns._pattern_items(Settings().boilerplate)
    compiled, first_hit = frame_patterns._compiled(items), frame_patterns._first_hit(items)
    texts = set(_fixture_texts(Path(__file__).parents[1] / "corpus"))
    hits = [t for t in texts if _loop(compiled, t)]
    assert len(texts) > 800 and len(hits) >= 10  # the seeds' and sites' phone, address, hours and copyright lines
    assert [t for t in texts if first_hit(t) != _loop(compiled, t)] == []


def test_pattern_needs_agree_with_the_regexes_on_random_text():
    from audit.ingest import frame_patterns

    items = frame_patterns._pattern_items(Settings().boilerplate)
    compiled, first_hit = frame_patterns._compiled(items), frame_patterns._first_hit(items)
    rng = random.Random(14)
    alphabet = list("0123456789 -:,.()\t\nSsDdRrLlAaMmPpTt") + [
        "Mon", "fri", "am", "pm", "St", "Ave", "Rd", "Suite", "Drive", "Floor", "NY", "phone", "tel", "call", "fax",
        "Office", "hours", "opening", "times", "posted", "by", "(c)", "copyright", "skip to", "content", "–",
        " to ", " through ", "thru", "a.m.", "P.M", "Hours:", "business", "Tues", "Thurs", "Last updated", "Page last ",
        "reviewed", "Revised", "modified", "changed", "update", " | ", "Jun ", "2022", ", ", "EST", "$Date:", "$",
        "371-3223", "212.", "(212)", " Street", "Stanford", " Dr.", " Drive_", ", NY ", "10016", "Main"]
    disagree = []
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        if first_hit(text) != _loop(compiled, text):
            disagree.append(text)
    assert disagree == []


def _needs_of(text: str) -> int:
    """`frame_patterns._NEEDS` of an ASCII text, the definition, as `_template.pattern_needs`' bit mask."""
    from audit.ingest import frame_patterns

    raw = text.encode("ascii").translate(frame_patterns._SPACES)
    low, digits = raw.lower(), len(raw) - len(raw.translate(None, frame_patterns._DIGITS))
    return sum(1 << frame_patterns.NEED_BITS[rx] for rx, need in frame_patterns._NEEDS.items() if need(low, raw, digits))


def test_compiled_pattern_needs_agree_with_their_definition():
    from audit.ingest import _template, frame_patterns

    assert sorted(frame_patterns.NEED_BITS.values()) == list(range(len(frame_patterns._NEEDS)))
    rng = random.Random(24)
    alphabet = list("0123456789 -:,.()\t\n\x0b\x1c_SsDdRrLlAaMmPpTtBbFfUuOoEeVv") + [
        "Mon", "fri", "Sun", "am", "pm", " St", " Ave", " Rd", " Bo", " Bl", " Lane", " Drive", " Suite", " Floor",
        "phone", " tel", "call", "fax", "hours", "times", "posted", "written", "published", "(c)", "copyright",
        "all rights reserved", "skip to", "if you are interested", "  ", " Street", " Stanford", " St_", " Rd9",
        " Avenue", " Boulevard", " Blvd", " Ln", " Dr", " Road", ",", ", ", "NY", "NY ", "10016", "371-3223",
        "212 371", "371.3223", "555\t1234", "0000", " to ", "to ", " thr", "through", "a.m", "p.m", "a.", "m.",
        "update", "Updated", "modified", "reviewed", "revised", "changed", "revi", "modif", "chan", "upda"]
    texts = [t for t in set(_fixture_texts(Path(__file__).parents[1] / "corpus")) if t.isascii()]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(30_000)]
    assert len({_template.pattern_needs(t) for t in texts}) > 30  # many combinations of the needs met
    assert [t for t in texts if _template.pattern_needs(t) != _needs_of(t)] == []


# ------------------------------------------------------------------ the compiled segmentation loops (`_segment`)

def _words_as_defined(text: str) -> int:
    return sum(1 for tok in text.split() if any(c.isalnum() for c in tok))


def test_count_words_as_defined_on_real_pages():
    from audit.ingest import _segment

    texts = _fixture_texts(Path(__file__).parents[1] / "corpus")
    assert len(texts) > 1000 and any(not t.isascii() for t in texts)
    assert [t for t in texts if _segment.count_words(t) != _words_as_defined(t)] == []
    # superscripts, fractions, Arabic digits are alnum
    assert _segment.count_words("R² = 0.5 — n=12, ½ ٣ _ ¶") == 5


def test_count_words_as_defined_on_random_text():
    from audit.ingest import _segment

    rng = random.Random(14)
    alphabet = list("ab1 _-.,\t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u2003\u3000é²½٣¶—ſK") + ["word", "  ", "x\u200by"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(30_000)]
    assert [t for t in texts if _segment.count_words(t) != _words_as_defined(t)] == []


def _blocks_as_defined(lines: list[str], settings, commonmark: bool = False) -> list[tuple]:
    from audit.ingest import segment

    return [b.__getstate__() for b in segment._segment_lines(lines, settings, True, commonmark)]


def test_segmentation_as_defined_on_real_pages():
    """`segment_lines` (its loop compiled: `_blocks.segment`) makes the blocks of `segment._segment_lines`, its
    definition: every slot of every block (as pickled), on every page of the fixtures and the seeds, and with the
    settings' bounds moved (a heading of up to 3 words, a hard wrap at 20 characters)."""
    s = Settings()
    sources, _ = discover([FIXTURES, Path(__file__).parents[1] / "corpus"], s.load, s.crawl)
    pages = [page.lines for page in (load_page(src, s.load) for src in sources) if page.status == "ok"]
    assert len(pages) > 40
    # and each page hard-wrapped at 50 characters, as plain-text files often are (paragraphs of many lines)
    pages += [[part for line in lines for part in (textwrap.wrap(line, 50) or [line])] for lines in pages]
    moved = s.replace(segment={"heading_max_words": 3, "wrap_min_chars": 20}).segment
    for settings in (s.segment, moved):
        made = [[b.__getstate__() for b in segment_lines(lines, settings)] for lines in pages]
        assert made == [_blocks_as_defined(lines, settings) for lines in pages]
        # read as Markdown sources (stop 36: a paragraph runs to a blank line or the next block)
        sources_made = [[b.__getstate__() for b in segment_lines(lines, settings, True, True)] for lines in pages]
        assert sources_made == [_blocks_as_defined(lines, settings, True) for lines in pages]
        assert sources_made != made
    kinds = {state[3] for page in made for state in page}
    assert {"heading", "paragraph", "list_item", "other", "table"} <= kinds
    assert sum(len(state[7]) > 2 for page in made for state in page) > 300  # paragraphs of 4 lines or more


def test_segmentation_as_defined_on_random_lines():
    """`segment_lines` makes the blocks of its definition on random pages: lines of letters in both cases, digits,
    spaces of all kinds, bullets, "#" headings, fences, table rows and separators, closers, sentence ends, wrap
    abbreviations, no-break spaces and characters beyond Latin-1 (paragraphs whose text is one byte a character
    and wider ones)."""
    rng = random.Random(25)
    alphabet = (list("aZé日 \t.:!?…\"”’)]»(|>-*#`~1") + ["\u00a0", "\u2003", "\ufeff", "\U0001d7d8", "  ", "word",
                "Word", "Dr.", "e.g.", "- ", "1. ", "a) ", "# ", "```", "|---|", " | ", "    "])
    settings = Settings().replace(segment={"wrap_min_chars": 12}).segment
    pages = [["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(1, 12))]
             for _ in range(4000)]
    made = [[b.__getstate__() for b in segment_lines(lines, settings)] for lines in pages]
    assert made == [_blocks_as_defined(lines, settings) for lines in pages]
    states = [state for page in made for state in page]
    assert sum(len(state[7]) > 0 for state in states) > 1000  # multi-line paragraphs
    assert {"heading", "paragraph", "list_item", "other", "table", "code"} <= {state[3] for state in states}
    assert sum(not state[4].isascii() and state[4].isprintable() and max(state[4]) <= "\xff" for state in states) > 100


def test_normalise_as_defined_on_real_pages():
    """`normalise` (NFKC and casefold, then `_segment.fold_words`' one pass) is `_fold`, its definition by regexes."""
    from audit.ingest.segment import _fold, normalise

    texts = _fixture_texts(Path(__file__).parents[1] / "corpus")
    assert len(texts) > 1000 and sum(not t.isascii() for t in texts) > 50
    assert [t for t in texts if normalise(t) != _fold(t)] == []
    assert normalise("Ｆｕｌｌ-width ﬁle_NAME: ٣ Straße 2024²") == "full width file name 0 strasse 00000"


def test_normalise_as_defined_on_random_text():
    from audit.ingest.segment import _fold, normalise

    rng = random.Random(14)
    alphabet = [chr(c) for c in range(128)] + list(
        "é²½٣¶—ſKİßÅǅﬁ\u00a0\u2003\u3000\u200b\U0001d7d8Ⅻ①") + ["x\u0301"]
    disagree = []
    for _ in range(30_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        if normalise(text) != _fold(text):
            disagree.append(text)
    assert disagree == []


# ------------------------------------------------------------------ the depth guard's compiled tag walk

def _depth_exceeds_as_defined(html: str, limit: int) -> bool:
    from audit.engine.guard import _TAG_ATTRS_RE, VOID

    depth = 0
    for closing, name, rest in _TAG_ATTRS_RE.findall(html):
        if closing:
            depth -= 1
        elif not rest.endswith("/") and name.lower() not in VOID:
            depth += 1
            if depth > limit:
                return True
    return False


def _max_depth(html: str) -> int:
    """The least limit the definition says no to (its walk's deepest point, 0 or more)."""
    limit = 0
    while _depth_exceeds_as_defined(html, limit):
        limit += 1
    return limit


def test_html_depth_as_defined_on_real_pages():
    from audit.engine.guard import html_depth_exceeds

    pages = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*")) if p.suffix in (".html", ".htm")]
    assert len(pages) >= 19
    deep = 0
    for html in pages:
        deepest = _max_depth(html)
        deep += deepest > 10
        for limit in (-1, 0, 1, deepest - 1, deepest, 200):
            assert html_depth_exceeds(html, limit) == _depth_exceeds_as_defined(html, limit), limit
    assert deep >= 10  # (whole pages, not only fragments)


def test_html_depth_as_defined_on_random_text():
    from audit.engine.guard import html_depth_exceeds

    rng = random.Random(14)
    alphabet = list("<>/aZb9:-_ é\nİ.=\"'") + ["<div", "</div>", "<br/>", "<img ", "<a-", "<x:y", "é>", "_>", "<p>",
                                                "<BR>", "<a href='/'>", "<p/ >", "<é>", "<a_b>", "<a-é>", "<a:_>"]
    disagree = []
    for _ in range(30_000):
        html = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for limit in (-2, -1, 0, 1, 2, 3):
            if html_depth_exceeds(html, limit) != _depth_exceeds_as_defined(html, limit):
                disagree.append((html, limit))
    assert disagree == []


def test_compiled_control_count_agrees_with_the_regex():
    from audit.ingest import _segment
    from audit.ingest.load import _CONTROL_RE

    rng = random.Random(24)
    alphabet = [chr(c) for c in range(40)] + list("aé日\U0001d7d8\x7f\x85")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(5000)]
    counts = [_segment.count_controls(t, 40) for t in texts]
    assert counts == [len(_CONTROL_RE.findall(t[:40])) for t in texts] and max(counts) > 20


def test_compiled_line_tests_agree_with_their_definitions():
    """`segment_lines` asks `_segment.plain_text` and `_segment.continues` of every line: the same answers as
    `segment._plain_text` and `segment._continues` on every pair of consecutive lines of the fixture pages and
    random lines (wrap abbreviations, closers, sentence ends, no-break spaces, capitals and not)."""
    from audit.ingest import _segment, segment

    assert _segment.WRAP_ABBREVIATIONS == segment.WRAP_ABBREVIATIONS
    assert (_segment.CLOSERS, _segment.SENTENCE_END) == (segment.CLOSERS, segment.SENTENCE_END)
    settings = Settings().segment
    lines = [t for t in _fixture_texts() if t]
    rng = random.Random(24)
    alphabet = list("aZ ).:!?…\"”’]»(|\t>-1é\u00a0\ufeff\u2003") + ["Dr.", "e.g.", "vs.", " Prof.", "word", "  ",
                                                                  " Mrs.", "Ms.", " i.e.", "XMr.", " rs.", "Dr"]
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(20_000)]
    assert [x for x in lines if _segment.plain_text(x) != segment._plain_text(x)] == []
    pairs = list(zip(lines, lines[1:]))
    for wrap in (settings.wrap_min_chars, 5):
        defined = Settings().replace(segment={"wrap_min_chars": wrap}).segment
        assert [p for p in pairs if _segment.continues(*p, wrap) != segment._continues(*p, defined)] == []
    assert sum(_segment.continues(*p, 5) for p in pairs) > 1000 and sum(map(_segment.plain_text, lines)) > 1000


# ------------------------------------------------------------------ indices in modules that do not wrap around

def test_no_negative_index_where_indices_do_not_wrap_around():
    """A module compiled with `wraparound=False` reads `x[-1]` as the memory before `x`'s first item (no error, a
    wrong value or a crash): the last item is `x[len(x) - 1]`. No subscript by a negative number in such a module
    (`continues` once read the last word of a line as `parts[-1]`)."""
    import re

    root = Path(__file__).parents[1] / "audit"
    unwrapped = [p for p in sorted(root.rglob("*.pyx")) if "wraparound=False" in p.read_text().split("\n", 1)[0]]
    assert {"_segment.pyx", "_blocks.pyx", "_kinds.pyx", "_template.pyx"} <= {p.name for p in unwrapped}
    negative = re.compile(r"\[\s*-\s*\d+\s*\]")
    found = [f"{p.name}:{i}: {line.strip()}" for p in unwrapped
             for i, line in enumerate(p.read_text().splitlines(), 1) if negative.search(line.split("#", 1)[0])]
    assert found == []
    assert negative.search("parts[-1] in _WRAP") and not negative.search("parts[len(parts) - 1]")


def test_compiled_segmentation_at_the_ends_of_its_lines():
    """The compiled loops read a line's first and last characters, the one before a closer, the last line of an
    open paragraph: lines of one character, of closers only, a wrap abbreviation alone, and text starting or ending
    with spaces give the definition's blocks."""
    edges = ["Dr.", "x", ")", "”.", "A.", "1", "a)", ">", " ", "  A", "a  ", "e.g.", "”", ".", "Z:", "é", "日", "a\u2003"]
    for settings in (Settings().segment, Settings().replace(segment={"wrap_min_chars": 1}).segment):
        pages = [[a, b] for a in edges for b in edges] + [[a] for a in edges] + [edges]
        made = [[b.__getstate__() for b in segment_lines(lines, settings)] for lines in pages]
        assert made == [_blocks_as_defined(lines, settings) for lines in pages]


# ------------------------------------------------------------------ a loaded page as the load step stores it

def test_a_stored_page_reads_back_as_pickled_whole():
    """`chunks.load_chunk` pickles a loaded page with its blocks as columns (`chunks._Stored`,
    `segment.pack_blocks`): read back, it is the page pickled whole, every field and every slot of every block, on
    every page of the fixtures and the seeds (their blocks as the load step leaves them) and on blocks whose cached
    words and key are in any state (none, for another text, for their own)."""
    import pickle

    from audit.engine import chunks, pipeline
    from audit.engine.results import PageResult
    from audit.ingest.segment import Block
    from audit.ingest.sources import Page

    s = Settings()
    sources, _ = discover([FIXTURES, Path(__file__).parents[1] / "corpus"], s.load, s.crawl)
    results = [pipeline._guarded_load(src, s) for src in sources]
    assert sum(r.page.status == "ok" for r in results) > 40
    results.append(PageResult(Page("gone", "gone.txt").skip("empty file")))
    odd = [Block(0, 1, 2, "paragraph", "Two lines. Of text.", breaks=(11,)), Block(1, 4, 4, "heading", "Risks"),
           Block(5, 6, 6, "other", "", label="boilerplate", reason="pattern: phone")]
    odd[0].words, odd[0].key  # (cached for its text)
    odd[1]._words, odd[1]._key = ("Risk", 1), ("Risk", "risk")  # (cached for another text)
    results.append(PageResult(Page("odd", "odd.txt"), blocks=odd, patterns=["", "", "phone"],
                                       keys=b"\x01" * 24, spent=0.5, copy_key=7, timings={"load": 0.1}))

    def fields(r):
        return [[b.__getstate__() for b in v] if name == "blocks" else v
                for name, v in ((f, getattr(r, f)) for f in chunks._RESULT_FIELDS)]

    for r in results:
        whole = pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
        stored = pickle.loads(pickle.dumps(chunks._Stored(r), protocol=pickle.HIGHEST_PROTOCOL))
        assert type(stored) is type(whole) and fields(stored) == fields(whole)
        assert [b._words is not None and b._words[0] is b.text for b in stored.blocks] \
            == [b._words is not None and b._words[0] is b.text for b in whole.blocks]  # (the same object)
    from audit.ingest.segment import _SLOTS

    assert set(_SLOTS) == set(Block.__slots__)
