# cython: language_level=3, boundscheck=False, wraparound=False
# distutils: language = c++
"""A page's spaCy Docs read in one compiled pass over their tokens (spaCy's Cython API: `Doc.c`, the array of
`TokenC` structs, and `Doc.length`; https://spacy.io/api/cython-classes#doc), instead of one `Doc.to_array` call
per Doc (~3-4 microseconds of Python-level work each: 0.7-0.9 CPU-s at 20,000 real posts, ~230,000 Docs); a page's
units cut from its blocks' Docs (`unit_rows`); and the new words' shared facts read from their `LexemeC`s
(`lexeme_facts`, `Vocab.get_by_orth`: no `Lexeme` object per word).

Built against the spaCy the package pins (`pyproject.toml`: the build requires the same `spacy==` as the
dependencies): the structs' layout is spaCy's. `nlp.PageTokens` checks the pass once per process against
`Doc.to_array`, its definition, on the first page it reads, and stops with one clear line if they differ (a spaCy
other than the one it was built against)."""
from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.stdint cimport uint64_t
from spacy.attrs cimport IS_PUNCT, IS_SPACE, IS_STOP
from spacy.lexeme cimport Lexeme
from spacy.structs cimport LexemeC, TokenC
from spacy.tokens.doc cimport Doc
from spacy.vocab cimport Vocab

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


cdef inline Py_ssize_t _bisect_right(object breaks, Py_ssize_t x) except -1:
    """`bisect.bisect_right(breaks, x)` (`breaks`: ascending ints)."""
    cdef Py_ssize_t lo = 0, hi = len(breaks), mid
    while lo < hi:
        mid = (lo + hi) // 2
        if x < <Py_ssize_t>breaks[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def unit_rows(list body, list docs, list starts_of, list blocks, list lines, list kinds, list texts, list spans,
              list unit_docs):
    """`engine.units.sentence_units`' loop over a page's blocks, compiled: block k (`body[k]`, its Doc `docs[k]`) is
    cut at the tokens `starts_of[k]` (each unit's first token, ascending; the first is 0) and each unit's block,
    line, kind, stripped text, (start, end) tokens and Doc appended to the lists. Definition, per block:

        chars = [0, *token_chars(doc, starts[1:])]
        for start, end, a, b in zip(starts, starts[1:] + [len(doc)], chars, chars[1:] + [len(block.text)]):
            raw = block.text[a:b]
            unit = raw.strip()
            if unit:  # (its line: where the stripped text starts)
                line = block.line_of(a + len(raw) - len(raw.lstrip())) if block.breaks else block.line_start
                append (block.block, line, block.kind, unit, (start, end), doc)

    (`str.strip` strips the characters `Py_UNICODE_ISSPACE` holds, as here; `line_of` is `line_start +
    bisect_right(breaks, char)`.)"""
    cdef Py_ssize_t k, i, m, n, a, b, lo, hi, line_start, size
    cdef Doc doc
    cdef str text
    cdef list starts
    cdef object breaks, block, kind, block_no, first, end
    for k in range(len(body)):
        block = body[k]
        doc = <Doc?>docs[k]
        starts = <list?>starts_of[k]
        m = len(starts)
        if m == 0:
            continue
        n = doc.length
        text = block.text
        size = len(text)
        breaks = block.breaks
        line_start = block.line_start
        kind = block.kind
        block_no = block.block
        b = 0
        for i in range(m):
            a = b
            if i + 1 < m:
                end = starts[i + 1]
                b = _token_char(doc, end)
            else:
                end = n
                b = size
            lo, hi = a, b
            while lo < hi and Py_UNICODE_ISSPACE(text[lo]):
                lo += 1
            while hi > lo and Py_UNICODE_ISSPACE(text[hi - 1]):
                hi -= 1
            if lo == hi:
                continue
            blocks.append(block_no)
            lines.append(line_start + _bisect_right(breaks, lo) if breaks else line_start)
            kinds.append(kind)
            texts.append(text[lo:hi])
            spans.append((starts[i], end))
            unit_docs.append(doc)


cdef Py_ssize_t _token_char(Doc doc, object token) except -1:
    """`token_chars(doc, [token])[0]`."""
    cdef Py_ssize_t k = token
    if k < 0:
        raise IndexError(f"token {k} of a Doc of {doc.length} tokens")
    return doc.c[k].idx if k < doc.length else len(doc.text)


cdef enum:
    PUNCT = 1
    SPACE = 2
    STOP = 4
FLAG_PUNCT, FLAG_SPACE, FLAG_STOP = PUNCT, SPACE, STOP  # (`nlp.WordTable`'s "flags" column: bits of Lexeme flags)


def lexeme_facts(const uint64_t[::1] ids, Vocab vocab, table):
    """The words' shared facts (`nlp.WordTable`'s "flags" and "lemma" columns) from their ORTH ids, read from each
    one's `LexemeC` (`Vocab.get_by_orth`, what `vocab[orth]` wraps in a `Lexeme`; no Python object per word): flags
    (uint8: FLAG_PUNCT | FLAG_SPACE | FLAG_STOP of `is_punct`, `is_space`, `is_stop`, i.e. `Lexeme.c_check_flag`)
    and the lookup lemma of the lower-cased word (an object array: `table.get(lexeme.lower, None)`, the table's
    entry for `text.lower()`, looked up by the string id the Lexeme already holds; None where the table has none,
    i.e. the word is its own lemma). `table`: a dict keyed by string ids (spaCy's lookups `Table` is one: its `get`
    of an int key is the dict's, read here in C). Definition (`tests/test_word_facts.py`): per id,
    `lex = vocab[orth]`, `FLAG_PUNCT * lex.is_punct + FLAG_SPACE * lex.is_space + FLAG_STOP * lex.is_stop`,
    `table.get(lex.lower, None)`."""
    cdef Py_ssize_t k, n = ids.shape[0]
    cdef unsigned char f
    cdef PyObject *found
    cdef const LexemeC* lex
    if not isinstance(table, dict):
        raise TypeError(f"lexeme_facts: the lemma table must be a dict keyed by string ids, not {type(table).__name__}")
    flags_arr = np.zeros(n, dtype=np.uint8)
    lemmas_arr = np.empty(n, dtype=object)  # (None in every row)
    cdef unsigned char[::1] flags = flags_arr
    cdef object[:] lemmas = lemmas_arr
    for k in range(n):
        lex = vocab.get_by_orth(vocab.mem, ids[k])
        f = 0
        if Lexeme.c_check_flag(lex, IS_PUNCT):
            f |= PUNCT
        if Lexeme.c_check_flag(lex, IS_SPACE):
            f |= SPACE
        if Lexeme.c_check_flag(lex, IS_STOP):
            f |= STOP
        flags[k] = f
        found = PyDict_GetItem(table, lex.lower)
        if found is not NULL:
            lemmas[k] = <object>found
    return flags_arr, lemmas_arr
