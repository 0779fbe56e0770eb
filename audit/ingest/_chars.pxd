# A character's class as the segmentation's compiled loops read it (`_blocks.pyx`, `_kinds.pyx`): 1 a letter or digit
# (`str.isalnum`), 2 whitespace (`str.isspace`), 0 anything else — ASCII by its ranges, beyond ASCII by Python's tests.

cdef inline unsigned char char_class(Py_UCS4 ch):
    if ch < 128:
        if (48 <= ch <= 57) or (65 <= ch <= 90) or (97 <= ch <= 122):
            return 1
        if (9 <= ch <= 13) or (28 <= ch <= 32):
            return 2
        return 0
    if ch.isspace():
        return 2
    if ch.isalnum():
        return 1
    return 0
