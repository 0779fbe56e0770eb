# What `_blocks.segment` (the per-line tests) and `_template.page_evidence` (the word count) call without going
# through Python (see `_segment.pyx`).
cpdef Py_ssize_t count_words(str text)
cpdef bint plain_text(str line) except -1
cpdef bint continues(str previous, str line, Py_ssize_t wrap_min_chars) except -1
