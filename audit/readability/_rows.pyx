# cython: language_level=3, boundscheck=False
"""The page walk's whitespace tokens (`_page.page_units`), compiled: the table rows of a page's whitespace tokens
(textstat's `split()` of each unit's text) read from the spaCy step's token rows (`_token_rows`: an array entry per
word, a lookup by text only for tokens spaCy splits in less common ways; new tokens' records made by
`_tokens.records_of`), with each unit's number of tokens and characters. `_page` calls `_token_rows` through
`_rows.pxd`. Definitions: `measure`, `words`; `tests/test_speed_readability_page.py` checks the walk on real pages.
"""
import numpy as np

from cpython.bytes cimport PyBytes_AS_STRING
from libc.stdlib cimport free, malloc, realloc

from audit.readability._tokens import _EDGE_PUNCTUATION, LOOK_UP, records_of

cdef str _EDGE = _EDGE_PUNCTUATION


cdef inline Py_ssize_t _row(tuple record):
    """A record's row of the table's arrays (`record[ROW]`: the bytes of one `np.intp`)."""
    return (<Py_ssize_t *> PyBytes_AS_STRING(<bytes> record[0]))[0]


cdef inline Py_ssize_t _nonspace(str text):
    """The characters of `text` that are not whitespace (`str.split`'s): the sum of its whitespace tokens' lengths."""
    cdef Py_ssize_t n = 0
    cdef Py_UCS4 c
    for c in text:
        if not c.isspace():
            n += 1
    return n


cdef char _kind(str word):
    """`K_SPACE` if `word.isspace()`, else `K_ALPHA` if `word.isalpha()`, else `K_EDGE` if `word` is not empty and
    `word.strip(_EDGE_PUNCTUATION)` is, else `K_OTHER` (one pass over the characters)."""
    cdef bint space = True, alpha = True, edge = True
    cdef Py_UCS4 c
    if not word:
        return K_OTHER
    for c in word:
        space = space and c.isspace()
        alpha = alpha and c.isalpha()
        edge = edge and 33 <= c < 127 and c in _EDGE
        if not (space or alpha or edge):
            return K_OTHER
    return K_SPACE if space else K_ALPHA if alpha else K_EDGE


cdef object _token_rows(table, dict units, list texts, list docs, tokens, lemmas, Py_ssize_t *lengths,
                        long long *chars_of):
    """The table rows of the page's whitespace tokens (textstat's `split()` of each unit's text), in order, and per
    unit their number (`lengths`) and characters (`chars_of`). A unit's whitespace tokens are read from its Doc's
    token rows: runs of tokens with no whitespace between them (no trailing space, no SPACE token), and a run's
    record is the array entry of its word (one token, or a word of letters in ASCII punctuation: "word,", "(word)",
    which `records_of` gives the word's record), else found by its text. A unit without a Doc, or whose Doc's
    tokens do not cover its characters (`guard.for_spacy` turned some into spaces), is split as text. New tokens'
    records are made by `records_of`, in order of first use (a word of letters with its lemma table entry, from
    `lemmas`, when given)."""
    cdef Py_ssize_t n_units = len(texts), i, k, a, b, d = 0, dd, n_docs = 0, n_ws = 0, cap, g0, alpha, r, w
    cdef Py_ssize_t total, nonspace, n_before, end
    cdef list unit_docs = None, unit_spans = None, starts = None, words_texts = None, toks, pend_text = []
    cdef list pend_pos = [], pend_word = [], pend_lemmas = None
    cdef object[::1] lemma_of
    cdef const Py_ssize_t *row_of = NULL
    cdef const unsigned char *space_of = NULL  # (numpy's bool: one byte, 0 or 1)
    cdef signed char *kind = NULL
    cdef int *length = NULL
    cdef int *word_row = NULL
    cdef Py_ssize_t *out
    cdef signed char kk
    cdef bint by_doc = False, ok
    cdef str text, token
    if tokens is not None and docs and "_doc" in units:
        unit_docs, unit_spans = units["_doc"], units["_span"]
        page_rows, page_space, starts, words = tokens
        words_texts = words.texts
        word_kind, word_length, word_rows = table.word_arrays(words)  # (held here while their data is read)
        row_of = <const Py_ssize_t *> _array_data(page_rows, sizeof(Py_ssize_t))
        space_of = <const unsigned char *> _array_data(page_space, 1)
        kind = <signed char *> _array_data(word_kind, 1, 0, True)
        length = <int *> _array_data(word_length, sizeof(int), 0, True)
        word_row = <int *> _array_data(word_rows, sizeof(int), 0, True)
        n_docs = len(docs)
        by_doc = True
        cap = len(page_rows) + 16
    else:
        cap = 16
    cdef Py_ssize_t *ws = <Py_ssize_t *> malloc(cap * sizeof(Py_ssize_t))
    if not ws:
        raise MemoryError()
    try:
        for i in range(n_units):
            text = texts[i]
            nonspace = _nonspace(text)
            chars_of[i] = nonspace
            n_before = n_ws
            ok = False
            if by_doc:
                dd = d
                doc = unit_docs[i]
                while dd < n_docs and docs[dd] is not doc:
                    dd += 1
                if dd < n_docs:
                    d = dd
                    span = unit_spans[i]
                    a = <Py_ssize_t> starts[d] + <Py_ssize_t> span[0]
                    b = <Py_ssize_t> starts[d] + <Py_ssize_t> span[1]
                    total = 0
                    for k in range(a, b):
                        r = row_of[k]
                        if kind[r] == K_UNKNOWN:
                            token = words_texts[r]
                            kind[r] = _kind(token)
                            length[r] = len(token)
                        if kind[r] != K_SPACE:
                            total += length[r]
                    ok = total == nonspace
            if ok:  # runs of tokens without whitespace between them
                if n_ws + (b - a) > cap:
                    cap = 2 * (n_ws + (b - a))
                    ws = <Py_ssize_t *> _grown(ws, cap)
                g0 = -1
                for k in range(a, b + 1):
                    if k < b:
                        r = row_of[k]
                        if kind[r] == K_SPACE:
                            if g0 < 0:
                                continue
                            end = k
                        else:
                            if g0 < 0:
                                g0 = k
                            if not space_of[k]:
                                continue
                            end = k + 1
                    elif g0 < 0:
                        break
                    else:
                        end = b
                    # the run g0 .. end - 1: one whitespace token
                    alpha = -1
                    if end - g0 == 1:
                        alpha = row_of[g0]
                    else:
                        for w in range(g0, end):
                            kk = kind[row_of[w]]
                            if kk == K_ALPHA and alpha < 0:
                                alpha = row_of[w]
                            elif kk != K_EDGE:
                                alpha = -1
                                break
                    if alpha >= 0:
                        w = word_row[alpha]
                        if w < 0:
                            pend_pos.append(n_ws)
                            pend_text.append(words_texts[alpha])
                            pend_word.append(alpha)
                        ws[n_ws] = w
                    else:
                        pend_pos.append(n_ws)
                        pend_text.append("".join([words_texts[row_of[w]] for w in range(g0, end)]))
                        pend_word.append(-1)
                        ws[n_ws] = -1
                    n_ws += 1
                    g0 = -1
            else:  # the unit's text split
                toks = text.split()
                if n_ws + len(toks) > cap:
                    cap = 2 * (n_ws + len(toks))
                    ws = <Py_ssize_t *> _grown(ws, cap)
                for token in toks:
                    pend_pos.append(n_ws)
                    pend_text.append(token)
                    pend_word.append(-1)
                    ws[n_ws] = -1
                    n_ws += 1
            lengths[i] = n_ws - n_before
        if pend_text:
            if by_doc and lemmas is not None:
                lemma_of = lemmas
                pend_lemmas = []
                for k in range(len(pend_word)):
                    r = pend_word[k]
                    pend_lemmas.append(lemma_of[r] if r >= 0 else LOOK_UP)
            epoch = table.epoch
            records = records_of(table, pend_text, pend_lemmas)
            if table.epoch != epoch:  # emptied: the caller starts again
                return None
            for k in range(len(pend_text)):
                w = _row(<tuple> records[k])
                ws[<Py_ssize_t> pend_pos[k]] = w
                r = pend_word[k]
                if r >= 0:
                    word_row[r] = w
        rows = np.empty(n_ws, dtype=np.intp)
        out = <Py_ssize_t *> _array_data(rows, sizeof(Py_ssize_t), 0, True)
        for k in range(n_ws):
            out[k] = ws[k]
        return rows
    finally:
        free(ws)


cdef void *_grown(void *buffer, Py_ssize_t cap) except NULL:
    cdef void *out = realloc(buffer, cap * sizeof(Py_ssize_t))
    if not out:
        raise MemoryError()
    return out
