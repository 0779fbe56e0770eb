# cython: language_level=3, boundscheck=False, wraparound=False
"""A chunk's table columns into numpy arrays, compiled (`audit.engine.results.frame_of`): one pass over a column's
values that checks their type and fills the array, instead of a pass for the set of types and another for the array.

`typed_array(values)` is, for a list, what this gives (`tests/test_chunk_plumbing.py` checks it on real columns and on
every kind of value):

    kinds = set(map(type, values))
    dtype = {int: np.int64, float: np.float64, bool: np.bool_}.get(kinds.pop()) if len(kinds) == 1 else None
    np.array(values, dtype=dtype) if dtype else None   # (None too when an int does not fit in int64)
"""
from cpython.float cimport PyFloat_AS_DOUBLE
from libc.stdint cimport int64_t, uint8_t

import numpy as np


def typed_array(list values):
    """`values` as an int64, float64 or bool array when they are all exactly ints (each within int64), all floats or
    all bools; None otherwise (another type among them, a subclass such as numpy's scalars, a mix, no value)."""
    cdef Py_ssize_t i, n = len(values)
    cdef object v, kind
    cdef int64_t[::1] ints
    cdef double[::1] floats
    cdef uint8_t[::1] flags
    if n == 0:
        return None
    kind = type(values[0])
    if kind is int:
        out = np.empty(n, dtype=np.int64)
        ints = out
        for i in range(n):
            v = values[i]
            if type(v) is not int:
                return None
            try:
                ints[i] = v
            except OverflowError:
                return None
        return out
    if kind is float:
        out = np.empty(n, dtype=np.float64)
        floats = out
        for i in range(n):
            v = values[i]
            if type(v) is not float:
                return None
            floats[i] = PyFloat_AS_DOUBLE(v)
        return out
    if kind is bool:
        out = np.empty(n, dtype=np.uint8)
        flags = out
        for i in range(n):
            v = values[i]
            if v is True:
                flags[i] = 1
            elif v is False:
                flags[i] = 0
            else:
                return None
        return out.view(np.bool_)
    return None
