# cython: language_level=3, boundscheck=False
"""The CSV rows of a table's columns, compiled: `audit.present.tables.csv_bytes` prepares the columns (what pandas'
`to_csv` does before its writer: missing values blank, floats as numpy prints them) and this loop writes them the way
pandas' writer (Python's `csv.writer`, minimal quoting, '\\n' line ends) does, as UTF-8 bytes:

- an int64 column: its digits; a bool column: True / False;
- a float64 column: its values as Python's `repr` prints them (what numpy's `astype(str)` gives, the text pandas
  writes), NaN blank;
- a column of texts as a numpy object array (a `str` column's own array): its texts, a missing value (None, NaN) blank;
- any other cell: a text as it is, quoted ('"', doubled inside) when it holds ',', '"' or '\\n' (not '\\r': the line
  end is '\\n' alone); None blank, another object as `str` (what `csv.writer` does);
- a row whose only field is empty is written '""' (as `csv.writer` does).

No `wraparound=False`: nothing here indexes from the end, but nothing gains from it either.
`tests/test_csv_writer.py` checks it against pandas' `to_csv` on real tables and on every kind of cell.

`formula_cells`: the text cells that start like a spreadsheet formula (`audit.safe.spreadsheet_frame`'s scan of every
text column before a table is written), in one loop.
"""
from cpython.buffer cimport PyBUF_C_CONTIGUOUS, PyBUF_FORMAT, PyBuffer_Release, PyObject_GetBuffer
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.float cimport PyFloat_Check
from cpython.mem cimport PyMem_Free
from cpython.list cimport PyList_GET_ITEM
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_Check, PyUnicode_CheckExact, PyUnicode_GET_LENGTH, PyUnicode_READ_CHAR
from libc.stdint cimport int64_t, uint8_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memchr, memcpy, strcmp, strlen

cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object unicode, Py_ssize_t* size) except NULL
    char* PyOS_double_to_string(double val, char format_code, int precision, int flags, int* ptype) except NULL
    int Py_DTSF_ADD_DOT_0

cdef int INT = 0, BOOL = 1, CELL = 2, FLOAT = 3, TEXTS = 4  # column kinds, as `tables.csv_bytes` numbers them


cdef struct Buf:
    char* data
    Py_ssize_t n
    Py_ssize_t cap


cdef int reserve(Buf* b, Py_ssize_t more) except -1:
    cdef Py_ssize_t cap
    cdef char* p
    if b.n + more <= b.cap:
        return 0
    cap = b.cap * 2
    if cap < b.n + more:
        cap = b.n + more + 4096
    p = <char*> realloc(b.data, cap)
    if p == NULL:
        raise MemoryError()
    b.data, b.cap = p, cap
    return 0


cdef inline int put(Buf* b, const char* s, Py_ssize_t k) except -1:
    reserve(b, k)
    memcpy(b.data + b.n, s, k)
    b.n += k
    return 0


cdef int put_int(Buf* b, int64_t v) except -1:
    cdef char tmp[24]
    cdef int i = 24
    cdef uint64_t u = <uint64_t> v
    if v < 0:
        u = (~u) + 1
    while True:
        i -= 1
        tmp[i] = <char> (48 + u % 10)
        u //= 10
        if u == 0:
            break
    if v < 0:
        i -= 1
        tmp[i] = 45  # '-'
    return put(b, tmp + i, 24 - i)


cdef int put_text(Buf* b, object text) except -1:
    """A text cell: as it is, or quoted with its quotes doubled when it holds ',', '"' or '\\n'."""
    cdef Py_ssize_t k, i
    cdef const char* s = PyUnicode_AsUTF8AndSize(text, &k)
    if (memchr(s, 44, k) == NULL and memchr(s, 34, k) == NULL and memchr(s, 10, k) == NULL):
        return put(b, s, k)
    reserve(b, 2 * k + 2)
    b.data[b.n] = 34
    b.n += 1
    for i in range(k):
        b.data[b.n] = s[i]
        b.n += 1
        if s[i] == 34:
            b.data[b.n] = 34
            b.n += 1
    b.data[b.n] = 34
    b.n += 1
    return 0


cdef PyObject** object_cells(object col, Py_ssize_t n, Py_buffer* view) except NULL:
    """The cells of `col`, a contiguous one-dimensional numpy object array of `n` values, read in place through the
    buffer protocol (read-only is fine); `view` is released by the caller (`PyBuffer_Release`)."""
    PyObject_GetBuffer(col, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT)
    if (view.ndim != 1 or view.shape[0] != n or view.itemsize != sizeof(PyObject*) or view.format == NULL
            or strcmp(view.format, b"O") != 0):
        PyBuffer_Release(view)
        raise ValueError(f"not a one-dimensional object array of {n} values")
    return <PyObject**> view.buf


cdef int put_cell(Buf* b, object v) except -1:
    if PyUnicode_Check(v):
        return put_text(b, v)
    if v is None:
        return 0
    return put_text(b, str(v))


cdef int put_float(Buf* b, double v) except -1:
    """`repr(v)` (the shortest text that reads back as `v`: numpy's `astype(str)` of a float64 is the same), NaN
    blank."""
    cdef char* s
    if v != v:
        return 0
    s = PyOS_double_to_string(v, b'r', 0, Py_DTSF_ADD_DOT_0, NULL)
    try:
        put(b, s, strlen(s))
    finally:
        PyMem_Free(s)
    return 0


cdef int put_text_or_missing(Buf* b, object v) except -1:
    """A cell of a text column's own array: a text, or a missing value (None, NaN) blank."""
    if PyUnicode_Check(v):
        return put_text(b, v)
    if v is None or (PyFloat_Check(v) and v != v):
        return 0
    return put_text(b, str(v))


def csv_rows(list kinds, list columns, Py_ssize_t n):
    """`n` rows of the columns (`kinds[j]`: 0 an int64 array, 1 a bool array as uint8, 2 a list of cells, 3 a float64
    array, 4 a numpy object array of texts and missing values) as the UTF-8 bytes of their CSV lines, each ending in
    '\\n'."""
    cdef Py_ssize_t m = len(columns), i, j, start
    cdef Buf b
    cdef int* kind = <int*> malloc((m + 1) * sizeof(int))
    cdef const int64_t** ints = <const int64_t**> malloc((m + 1) * sizeof(int64_t*))
    cdef const uint8_t** bools = <const uint8_t**> malloc((m + 1) * sizeof(uint8_t*))
    cdef const double** floats = <const double**> malloc((m + 1) * sizeof(double*))
    cdef PyObject** cells = <PyObject**> malloc((m + 1) * sizeof(PyObject*))
    cdef PyObject*** texts = <PyObject***> malloc((m + 1) * sizeof(PyObject**))
    cdef Py_buffer* views = <Py_buffer*> calloc(m + 1, sizeof(Py_buffer))
    cdef char* held = <char*> calloc(m + 1, 1)  # (the columns whose buffer `views` holds)
    cdef const int64_t[::1] iv
    cdef const uint8_t[::1] bv
    cdef const double[::1] fv
    cdef list keep = []  # (the memoryviews' arrays stay alive while the pointers are read)
    b.data, b.n, b.cap = NULL, 0, 0
    try:
        if (kind == NULL or ints == NULL or bools == NULL or floats == NULL or cells == NULL or texts == NULL
                or views == NULL or held == NULL):
            raise MemoryError()
        for j in range(m):
            kind[j] = kinds[j]
            col = columns[j]
            if kind[j] == INT:
                if len(col) != n:
                    raise ValueError(f"column {j} has {len(col)} values, not {n}")
                iv = col
                keep.append(iv)
                ints[j] = &iv[0] if n else NULL
            elif kind[j] == BOOL:
                if len(col) != n:
                    raise ValueError(f"column {j} has {len(col)} values, not {n}")
                bv = col
                keep.append(bv)
                bools[j] = &bv[0] if n else NULL
            elif kind[j] == CELL:
                if not isinstance(col, list) or len(col) != n:
                    raise ValueError(f"column {j} is not a list of {n} cells")
                cells[j] = <PyObject*> col
            elif kind[j] == FLOAT:
                if len(col) != n:
                    raise ValueError(f"column {j} has {len(col)} values, not {n}")
                fv = col
                keep.append(fv)
                floats[j] = &fv[0] if n else NULL
            elif kind[j] == TEXTS:
                if n:  # (no rows: nothing read)
                    texts[j] = object_cells(col, n, &views[j])
                    held[j] = 1
            else:
                raise ValueError(f"column {j}: unknown kind {kind[j]}")
        reserve(&b, 1 << 16)
        for i in range(n):
            start = b.n
            for j in range(m):
                if j:
                    put(&b, ",", 1)
                if kind[j] == INT:
                    put_int(&b, ints[j][i])
                elif kind[j] == BOOL:
                    if bools[j][i]:
                        put(&b, "True", 4)
                    else:
                        put(&b, "False", 5)
                elif kind[j] == FLOAT:
                    put_float(&b, floats[j][i])
                elif kind[j] == TEXTS:
                    put_text_or_missing(&b, <object> texts[j][i])
                else:
                    put_cell(&b, <object> PyList_GET_ITEM(<object> cells[j], i))
            if b.n == start and m:  # one empty field: csv.writer quotes it
                put(&b, '""', 2)
            put(&b, "\n", 1)
        return PyBytes_FromStringAndSize(b.data, b.n)
    finally:
        free(b.data)
        free(kind)
        free(ints)
        free(bools)
        free(floats)
        free(cells)
        free(texts)
        if held != NULL:
            for j in range(m):
                if held[j]:
                    PyBuffer_Release(&views[j])
        free(views)
        free(held)


def formula_cells(values, str starts):
    """The positions of the cells of `values` (a list, or a numpy object array) that are texts (`str` itself)
    beginning with one of the characters of `starts` (`audit.safe.FORMULA_START`): what
    `audit.safe.spreadsheet_frame` scans each text column for, as
    `[i for i, v in enumerate(values) if v.__class__ is str and v[:1] in starts]`."""
    cdef Py_ssize_t i, n = len(values), k = len(starts)
    cdef Py_UCS4 c
    cdef object v
    cdef list cells = values if type(values) is list else None
    cdef Py_buffer view
    cdef PyObject** array = NULL
    if cells is None and n:
        array = object_cells(values, n, &view)
    out = []
    try:
        for i in range(n):
            v = <object> array[i] if cells is None else cells[i]
            if PyUnicode_CheckExact(v) and PyUnicode_GET_LENGTH(v):
                c = PyUnicode_READ_CHAR(v, 0)
                if _starts_with(c, starts, k):
                    out.append(i)
    finally:
        if array != NULL:
            PyBuffer_Release(&view)
    return out


cdef inline bint _starts_with(Py_UCS4 c, str starts, Py_ssize_t k):
    cdef Py_ssize_t j
    for j in range(k):
        if PyUnicode_READ_CHAR(starts, j) == c:
            return True
    return False


def prefixed_rows(list columns, bytes data, Py_ssize_t n):
    """The `n` CSV rows of `data` (UTF-8 CSV text as `csv_rows` writes it, each row ending in '\\n'), each with the
    cells of `columns` (lists of `n` bytes: formatted cells) put in front, comma-separated: row i becomes
    `b",".join([c[i] for c in columns] + [row i])`. A '\\n' ends a row only outside quotes (after an even number
    of '"' in the row so far: a quote inside a quoted field is doubled); `audit.engine.store.csv_records` is the
    definition. `ValueError` when `data` does not hold `n` whole rows."""
    cdef Py_ssize_t m = len(columns), i = 0, j, k = len(data), pos = 0, start = 0, quotes = 0
    cdef const char* s = data
    cdef Buf b
    cdef object cell
    for j in range(m):
        if not isinstance(columns[j], list) or len(columns[j]) != n:
            raise ValueError(f"column {j} is not a list of {n} cells")
    b.data, b.n, b.cap = NULL, 0, 0
    try:
        reserve(&b, k + n * (m * 8 + 1) + 1)
        while pos < k:
            if s[pos] == 34:
                quotes += 1
            elif s[pos] == 10 and not (quotes & 1):
                if i == n:
                    raise ValueError(f"CSV text holds more than {n} rows")
                for j in range(m):
                    cell = <object> PyList_GET_ITEM(columns[j], i)
                    if not isinstance(cell, bytes):
                        raise TypeError(f"column {j}: cell {i} is not bytes")
                    put(&b, <const char*> (<bytes> cell), len(<bytes> cell))
                    put(&b, ",", 1)
                put(&b, s + start, pos + 1 - start)
                i += 1
                start, quotes = pos + 1, 0
            pos += 1
        if start != k:
            raise ValueError("CSV text ends inside a row (or inside a quoted field)")
        if i != n:
            raise ValueError(f"CSV text holds {i} rows, not {n}")
        return PyBytes_FromStringAndSize(b.data, b.n)
    finally:
        free(b.data)
