# cython: language_level=3
"""What the token records (`_tokens.pyx`) call in the compiled syllable counting (`_syllables.pyx`)."""

cdef dict _CMU  # CMUdict's syllables by word (`cmu_syllables`), once `_load` has run
cdef frozenset _EASY  # the Dale–Chall easy words (`lexicon.easy_words`), once `_load` has run

cdef void _load()
cdef tuple _one_word(Py_ssize_t syllables)
cdef int _syllables(str lower) except -1
cpdef tuple token_counts(token)


cdef inline bint _alpha(str word) noexcept:
    """`word.isalpha()` (not empty, every character a letter), without a method call."""
    cdef Py_UCS4 c
    if not word:
        return False
    for c in word:
        if not c.isalpha():
            return False
    return True
