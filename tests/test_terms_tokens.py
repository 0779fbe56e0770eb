"""Terms discovery's `Tokens` (one block's token texts, keys, word records, whitespace and joins, read from
`nlp.WordTable` object columns on the Doc's token record): the same as reading the Doc token by token. (Object columns
were once measured slower, when each document with new words copied every column; they now grow ×1.5 in chunks.)"""
from __future__ import annotations

import pytest

from audit.nlp import load_nlp
from audit.terms import discovery
from audit.terms.glossary import token_key

TEXTS = [
    "Bell’s palsy is a facial nerve disorder; the patients' quality of life improves after hemi-facial spasm repair.",
    "Call 555-0100 or e-mail us: it's 9 a.m. on Mon., the MRI scan costs $120 (approx. 2 hours).",
    "New York Facial Paralysis treats synkinesis — botox, selective neurolysis and facial-nerve grafts.",
    "",
    "don't   stop — 🙂🙂 ...",
    # the Python Packaging User Guide's glossary (the optional-ending notation: `nlp.OPTIONAL_ENDINGS`)
    "including one or more SPDX License Identifier(s), which describes a Distribution Archive’s license(s) and how",
]


def _by_token(doc):
    """The block's tokens read one by one (the reference)."""
    texts = tuple(t.text for t in doc)
    keys = tuple(token_key(t) for t in texts)
    words = tuple(discovery._word_record(t, token_key(t)) if t.isalpha() else discovery._GAP for t in texts)
    return texts, keys, words, [int(bool(t.whitespace_)) for t in doc]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_equal_reading_the_doc_token_by_token(text):
    doc = load_nlp()(text)
    tok = discovery.Tokens(doc)
    texts, keys, words, ws = _by_token(doc)
    assert tok.texts == texts and tok.keys == keys and tok.words == words
    assert all((w is discovery._GAP) == (not t.isalpha()) for w, t in zip(tok.words, texts))
    if tok.ws is not None:
        assert tok.ws == ws
        assert list(tok.joins) == [i for i in range(len(texts) - 1) if texts[i + 1] in discovery._JOINERS
                             and not ws[i] and words[i] is not discovery._GAP]
    else:
        assert discovery._JOINERS.isdisjoint(texts) and tok.joins == ()  # (no list kept for none)


def test_bells_palsy_record_and_joins():
    doc = load_nlp()("Bell’s palsy and hemi-facial spasm.")
    tok = discovery.Tokens(doc)
    assert tok.texts[:3] == ("Bell", "’s", "palsy")
    assert tok.keys[2] == "palsy" and tok.words[2][1] == "palsy"
    assert tok.joins == [0, 4]  # Bell + ’s, hemi + -
    assert tok.ws[:3] == [0, 1, 1]



def test_a_page_whose_first_block_is_empty_keeps_its_candidates(tmp_path):
    """spaCy's `Doc.has_annotation("DEP")` is True for an empty Doc, and a plain-text page opening with a table
    separator row of no cells (`|---|---|`; a `#` line of spaces, as newsgroups-2k sci.space/61361's banner, made one
    too until it made no block) has an empty first body block: the terms step asks the first non-empty Doc whether
    the page is parsed (`measure.parsed`), so such a page gets its statistical candidates (it took the noun-chunk
    path and lost them all)."""
    from audit.config import Settings
    from audit.engine import pipeline
    from audit.ingest.load import discover
    from audit.terms import chunk_data
    from audit.terms import measure as terms_measure

    nlp = load_nlp("")
    assert nlp.make_doc("").has_annotation("DEP") and not terms_measure.parsed([nlp.make_doc(""), nlp.make_doc("A b")])
    (tmp_path / "post.txt").write_text(
        "|---|---|\n#          ASTRO-FTP LIST\n#\n"
        "# This is a short description of anonymous-ftp file servers.\n\n"
        "The archive holds image processing software and the source code of two image processing tools for "
        "astronomers.\n", encoding="utf-8")
    settings = Settings()
    sources, _ = discover([tmp_path], settings.load)
    result = pipeline.analyse_body(pipeline.load_and_segment(sources[0], settings), settings)
    assert result.page.status == "ok" and result.blocks[0].text == "" and result.blocks[0].label == "body"
    found = chunk_data.page_candidates(result.extras["terms"]).as_dict()
    assert {"image processing", "source code", "anonymous-ftp file server"} <= set(found)
    assert found["image processing"][0] == 2
