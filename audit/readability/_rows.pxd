# cython: language_level=3
"""What the page walk (`_page.pyx`) calls in the compiled token rows (`_rows.pyx`)."""

# What a word of the spaCy step (`audit.nlp.WordTable`) is to the page walk (`words.TokenTable.word_arrays`): not
# known yet, whitespace (a SPACE token), ASCII punctuation only (`_tokens._EDGE_PUNCTUATION`), letters only, anything
# else.
cdef enum:
    K_UNKNOWN = 0
    K_SPACE = 1
    K_EDGE = 2
    K_ALPHA = 3
    K_OTHER = 4

cdef object _token_rows(table, dict units, list texts, list docs, tokens, lemmas, Py_ssize_t *lengths,
                        long long *chars_of)
