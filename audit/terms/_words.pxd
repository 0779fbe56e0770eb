"""What `audit.terms._scan` reads of `audit.terms._words`: a word's role at the end of an n-gram
(`discovery._END`, `_INNER`, `_BREAK`) and the fields of a block's `discovery.Tokens` (`TokenFields`)."""

cdef enum:
    END = 0
    INNER = 1
    BREAK = 2


cdef class TokenFields:
    cdef public object _texts, ws, _keys, words, joins, memo, _lazy
    cdef public bint parens
