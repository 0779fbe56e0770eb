# cython: language_level=3
"""What the page walk (`_page.pyx`) calls in the compiled token rows (`_rows.pyx`), and how both read arrays."""
from cpython.buffer cimport PyBUF_ND, PyBUF_WRITABLE, PyBuffer_Release, PyObject_GetBuffer

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


cdef inline char *_array_data(object array, Py_ssize_t itemsize, Py_ssize_t columns=0,
                              bint writable=False) except? NULL:
    """The data of `array`, a C-contiguous numpy array of `itemsize`-byte items (with `columns` > 0: a 2-D array of
    that many columns), for the walk to read (or write: `writable`) while the caller holds `array` — a numpy
    array's data stays where it is while it lives. Instead of a typed memoryview, whose set-up (a memoryview object,
    the buffer's format parsed) costs some thousands of instructions per array and call: a page's walk reads a
    dozen arrays. The arrays are the `TokenTable`'s, the plain table's and the spaCy step's, typed where made."""
    cdef Py_buffer view
    cdef char *data
    cdef bint ok
    PyObject_GetBuffer(array, &view, PyBUF_ND | PyBUF_WRITABLE if writable else PyBUF_ND)
    data = <char *> view.buf
    ok = view.itemsize == itemsize and (columns == 0 or (view.ndim == 2 and view.shape[1] == columns))
    PyBuffer_Release(&view)
    if not ok:
        raise TypeError(f"an array of {itemsize}-byte items" + (f" in {columns} columns" if columns else "")
                        + " expected")
    return data
