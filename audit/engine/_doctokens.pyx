# cython: language_level=3, boundscheck=False, wraparound=False
# distutils: language = c++
"""A page's spaCy Docs read in one compiled pass over their tokens (spaCy's Cython API: `Doc.c`, the array of
`TokenC` structs, and `Doc.length`; https://spacy.io/api/cython-classes#doc), instead of one `Doc.to_array` call
per Doc (~3-4 microseconds of Python-level work each: 0.7-0.9 CPU-s at 20,000 real posts, ~230,000 Docs).

Built against the spaCy the package pins (`pyproject.toml`: the build requires the same `spacy==` as the
dependencies): the structs' layout is spaCy's. `nlp.PageTokens` checks the pass once per process against
`Doc.to_array`, its definition, on the first page it reads, and stops with one clear line if they differ (a spaCy
other than the one it was built against)."""
from libc.stdint cimport uint64_t
from spacy.structs cimport TokenC
from spacy.tokens.doc cimport Doc

import numpy as np


def page_arrays(tuple docs):
    """The tokens of `docs` (spaCy Docs, in order) as arrays: (ORTH ids (uint64), whether whitespace follows each
    token (bool), where each Doc's tokens start and the end (a list of len(docs) + 1 ints)). Definition:
    `ids = np.concatenate([doc.to_array([ORTH, SPACY]) for doc in docs])`, `ids[:, 0]`, `ids[:, 1].astype(bool)`,
    `[0, *accumulate(map(len, docs))]`."""
    cdef Py_ssize_t k, i, n, at = 0, total = 0, m = len(docs)
    cdef Doc doc
    cdef const TokenC* c
    starts = [0]
    for k in range(m):
        total += (<Doc?>docs[k]).length
        starts.append(total)
    orth_arr = np.empty(total, dtype=np.uint64)
    space_arr = np.empty(total, dtype=np.bool_)
    cdef uint64_t[::1] orth = orth_arr
    cdef unsigned char[::1] space = space_arr.view(np.uint8)
    for k in range(m):
        doc = <Doc>docs[k]
        c = doc.c
        n = doc.length
        for i in range(n):
            orth[at + i] = c[i].lex.orth
            space[at + i] = 1 if c[i].spacy else 0
        at += n
    return orth_arr, space_arr, starts


def token_chars(Doc doc, list tokens):
    """The character offset in `doc.text` of each token index in `tokens`, the Doc's length for an index past its
    last token: `[doc[k].idx if k < len(doc) else len(doc.text) for k in tokens]`, no `Token` object each."""
    cdef Py_ssize_t k, n = doc.length
    cdef list out = []
    for t in tokens:
        k = t
        if k < 0:
            raise IndexError(f"token {k} of a Doc of {n} tokens")
        out.append(doc.c[k].idx if k < n else len(doc.text))
    return out
