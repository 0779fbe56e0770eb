"""The load step's per-page passes over the blocks, compiled, give what their definitions give: the kinds that are not
prose (`_kinds.assign_kinds` against `kinds.assign_kinds`, its regexes asked only of texts that can match them),
and a page's template evidence (`template.page_evidence`, one pass: the blocks' key hashes, the copy key and the
pattern hits, against `chunks.block_hashes`, `template.copy_key` and `template.pattern_hits`) — on every page of the
fixtures (real sites) and the seeds, on real newsgroup posts when the benchmark corpus is built, and on random blocks
built from the texts the regexes and rules read."""
from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from audit.config import Settings
from audit.engine import chunks
from audit.ingest import _kinds, segment, template
from audit.ingest.load import discover, load_page
from audit.ingest.segment import Block

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
NEWSGROUPS = ROOT / "benchmarks" / "_corpora" / "newsgroups-2k"


def _pages(*folders: Path) -> list[list[Block]]:
    s = Settings()
    sources, _ = discover(list(folders), s.load, s.crawl)
    pages = [load_page(src, s.load) for src in sources]
    return [segment.segment_lines(p.lines, s.segment) for p in pages if p.status == "ok"]


def _states(blocks: list[Block]) -> list[tuple]:
    return [b.__getstate__() for b in blocks]


# ------------------------------------------------------------------ `assign_kinds`

KIND_TEXTS = [
    "References", "1. References", "2.1 Works cited:", "Bibliography", "Further reading", "Sources and notes",
    "Endnotes", "Footnotes", "Notes and references", "Literature cited", "  references ", "Referenced by many",
    "Figure 2.", "Figure 2. Adjusted odds", "Fig. 3: Rates", "Table 1a.", "TABLE 4", "Exhibit 4 —", "Chart",
    "Map 2.", "Box 1:", "Appendix Table 2.", "Supplementary Figure 3.", "Figures of speech", "Tables turned",
    "ſupplementary table 1.", "\u2003Figure 1.", "Ｆigure 1.", "\u00a0Table 2.",
    "Abbreviations: CI, confidence interval.", "Source: NHIS 2020.", "Note: weighted.", "a Weighted percentages",
    "† Adjusted", "Notes", "Sources: survey",
    "Prev Chronic Dis 2024;21:220341.", "doi:10.1016/j.amepre.2020.10.003", "PMID: 31234567",
    "Kichloo A, Albosta M, Dettloff K, et al. Telemedicine. Fam Med 2020", "Smith, J. (2019). Health.",
    "Smith, J. and Doe, K. (2019a) Reading", "Van Dyke AB, Lee C. Study. 2021", "O'Neil-Hart J, Ng K. 1999",
    "Smith J", "Smith, J", "Ab, C.", "Ab C, De F, 2020", "Most eyelid twitching stops on its own.",
    "In 2020 the clinic opened; 12 doctors joined.", "The doi: is not a number", "I think so.", "",
    "Árpád A, Béla B, 2020", "Xy Zw AB, Cd Ef G, 1990", "Xy_z AB, Cd Ef G. 2001", "Xy’z AB, Cd-Ef G, 2010",
    # numbered notes and what cites them (`segment._is_note`), near misses: a number, "=" or "[" after the bracket,
    # the number only at a text's start, another number, a space inside the brackets, digits beyond ASCII
    "[1] IRS Criminal Investigations Divison", "[2] _New York Times_", " [1] “Let’s Encrypt” Trademark",
    "[155] Horizon, Tiflis", "[1] (A footnote from _The Revolt_)", "[2] ibid, page 60", "[1]\u2003Árpád A",
    "[1] 427-2375", "[1] = Year.", "[1]   [2]", "[1]", "[ 1] Smith J", "[1234] Smith J", "[١] Smith J",
    "was arrested [1].", "services [1][2][3].", "per shift[2], even", "[1] What is JPEG? [2]", "see [155]",
]
KINDS = ["heading", "paragraph", "list_item", "other", "table", "code", "caption"]


def _assign_compiled(blocks: list[Block]) -> None:
    _kinds.assign_kinds(blocks, *segment._KIND_TESTS)


def test_assign_kinds_as_defined_on_real_pages():
    """The compiled pass marks the kinds the definition marks on every page of the fixtures and the seeds (their
    journal pages have reference lists, captions and table notes), the blocks' kinds reset to what the segmenter
    made."""
    pages = _pages(FIXTURES, ROOT / "corpus")
    assert len(pages) > 40
    marked = set()
    for blocks in pages:
        raw = [copy.copy(b) for b in blocks]
        for b in raw:  # (back to the segmenter's kinds)
            b.kind = "paragraph" if b.kind in ("references", "caption") else b.kind
        defined, compiled = [copy.copy(b) for b in raw], [copy.copy(b) for b in raw]
        segment.assign_kinds(defined)
        _assign_compiled(compiled)
        assert _states(compiled) == _states(defined)
        marked |= {b.kind for b in compiled}
    assert {"references", "caption", "heading", "paragraph", "table"} <= marked


def test_assign_kinds_as_defined_on_random_blocks():
    """On random pages of blocks of every kind, with texts that open references, captions, table notes and
    citations, numbered notes and the texts that cite them, near misses, leading spaces and first letters beyond ASCII
    ("ſ" is an "s" to IGNORECASE)."""
    rng = random.Random(28)
    found = {"references": 0, "caption": 0}
    notes = 0  # blocks opening "[" made references
    for _ in range(6000):
        raw = [Block(i, i + 1, i + 1, rng.choice(KINDS), rng.choice(KIND_TEXTS) + rng.choice(["", " 2020", "."]))
               for i in range(rng.randint(1, 8))]
        defined, compiled = [copy.copy(b) for b in raw], [copy.copy(b) for b in raw]
        segment.assign_kinds(defined)
        _assign_compiled(compiled)
        assert [b.kind for b in compiled] == [b.kind for b in defined], [(b.kind, b.text) for b in raw]
        for b, r in zip(compiled, raw):
            if b.kind != r.kind and b.kind in found:
                found[b.kind] += 1
                notes += b.kind == "references" and b.text.lstrip().startswith("[")
    assert min(found.values()) > 500
    assert notes > 100


# ------------------------------------------------------------------ `page_evidence`

def _as_defined(blocks: list[Block], bs) -> tuple[bytes, int, list[str]]:
    hashes = chunks.block_hashes(blocks)
    key, hits = template.copy_key(blocks, bs), template.pattern_hits(blocks, bs)
    for b in blocks:
        b.forget_key()
    return hashes, key, hits


def _check(pages: list[list[Block]], bs) -> list[tuple[bytes, int, list[str]]]:
    out = []
    for blocks in pages:
        defined, compiled = [copy.copy(b) for b in blocks], [copy.copy(b) for b in blocks]
        want = _as_defined(defined, bs)
        got = template.page_evidence(compiled, bs)
        assert got == want
        assert _states(compiled) == _states(defined)  # (words cached alike, no key kept)
        out.append(got)
    return out


@pytest.mark.parametrize("changed", [{}, {"anchor_min_words": 4, "pattern_max_words": 8},
                                     {"extra_patterns": {"promo": r"\bsubscribe\b"}}])
def test_page_evidence_as_defined_on_real_pages(changed):
    """On every page of the fixtures and the seeds, with the default settings, with the bounds moved, and with a
    rule of the user's own (no needs: every text of at most `pattern_max_words` words searched by it)."""
    bs = Settings().replace(boilerplate=changed).boilerplate if changed else Settings().boilerplate
    got = _check(_pages(FIXTURES, ROOT / "corpus"), bs)
    assert sum(key != 0 for _, key, _ in got) > 20 and sum(hit != "" for _, _, hits in got for hit in hits) >= 20


@pytest.mark.skipif(not NEWSGROUPS.is_dir(), reason="benchmark corpus not built (benchmarks/real_corpora.py)")
def test_page_evidence_as_defined_on_real_posts():
    """On 300 real newsgroup posts (hard-wrapped plain text, signatures with phone numbers and addresses)."""
    folders = sorted(p for p in NEWSGROUPS.iterdir() if p.is_dir())[:4]
    got = _check([b for f in folders for b in _pages(f)][:300], Settings().boilerplate)
    assert len(got) == 300 and sum(key != 0 for _, key, _ in got) > 100


def test_page_evidence_as_defined_on_random_blocks():
    """On random blocks: texts in both cases, beyond ASCII (NFKC and casefold first: "ﬁ", "ß", "Ⅻ"), without a
    key (punctuation only), repeated paragraphs, paragraphs that end a sentence behind closers, pattern lines;
    words cached for the block's text, for another text, or not at all."""
    rng = random.Random(28)
    pieces = ["Word", "word", "the", "of", "you", "ﬁne", "Straße", "Ⅻ", "日本", "2024", "…", ".", "!", "?", ")", "”",
              " ", "  ", "-", ";", "Call: 212 371-3223", "Suite 4", "Skip to main content", "Posted by",
              "(c) 2024", "9 am - 5 pm", "ſkip to", "subscribe"]
    ends = ["", ".", ". ”", "!)", "?", "…", ":"]
    kinds = ["paragraph", "paragraph", "heading", "list_item", "other", "table"]
    bs = Settings().replace(boilerplate={"anchor_min_words": 3, "pattern_max_words": 10}).boilerplate
    pages = []
    for _ in range(3000):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) + rng.choice(ends)
                 for _ in range(rng.randint(1, 6))]
        blocks = []
        for i in range(rng.randint(1, 9)):
            b = Block(i, i + 1, i + 1, rng.choice(kinds), rng.choice(texts))
            how = rng.random()
            if how < 0.6:
                b.words
            elif how < 0.7:
                b._words = ("another text", 3)
            blocks.append(b)
        pages.append(blocks)
    got = _check(pages, bs)
    assert sum(key != 0 for _, key, _ in got) > 150 and sum(any(hits) for _, _, hits in got) > 500
    assert sum(bytes(8) in [h[i:i + 8] for i in range(0, len(h), 8)] for h, _, _ in got) > 300
