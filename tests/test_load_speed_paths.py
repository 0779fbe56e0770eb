"""The fast path of `segment.is_citation` (the citation regex runs only on text that has what one of its alternatives
needs: a ";", "doi", "PMID", or a capital A-Z first) gives the answer of the whole regex: on hand-made citations and
near misses, on every block and line of the test fixtures (real sites), and on random text built from the characters the
regex reads."""
from __future__ import annotations

import random
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


def _fixture_texts() -> list[str]:
    s = Settings()
    sources, _ = discover([FIXTURES], s.load, s.crawl)
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
