# cython: language_level=3, boundscheck=False
"""Terms' per-word columns and per-block tokens, compiled (no `wraparound=False`: the strings are sliced from the end).

- `WordRules`: a word's discovery record (`discovery._word_record`'s rules: which words may start or end a term)
  for one word (`record`) or a batch of new token texts (`column`, the `WordTable` column `terms.word`), the word
  lists and the lemma table read once into the object instead of per call;
- `token_keys`: the `WordTable` column "terms.key" (`glossary.token_key` of a batch of new token texts);
- `page_tokens`: a page's blocks' `discovery.Tokens` (texts, keys, records as tuples, joined words) in one pass over
  their rows, short blocks shared as `discovery.tokens_of` shares them, and each block's words' flags OR-ed (which
  of the glossary's tests can match there: `glossary.WORD_FLAGS`); `fill_tokens` one block's;
- `TokenFields`: a block's `discovery.Tokens` fields as C fields (its base class; declared in `_words.pxd`);
- `word_flags`: new words' flags for a glossary's gate (`discovery._flags_column`, `glossary.WORD_FLAGS`).

The scans over these records (n-grams, joined words, the glossary walk, the tally) are `audit.terms._scan`.
Definitions: `audit.terms.discovery` says what the records are; `tests/test_speed_terms_page.py` checks these loops
against the definitions on real text.
"""
import numpy as np

from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM

# (a word's role at the end of an n-gram, END, INNER, BREAK: `_words.pxd`)

cdef class WordRules:
    """The rules of `discovery._word_record` with their word lists: `pos` (WordNet's base forms by part of speech,
    {} without spacy-lookups-data), `lemmas` (spaCy's lemma lookup table), the stop, edge-stop, edge-verb, inner
    and determiner word sets, and `gap` (the record of a token that is no word, returned as that same object)."""

    cdef object noun, verb, adj, adv, lemmas
    cdef frozenset edge_stop, edge_verbs, stop_words, inner_ok, determiners
    cdef bint has_pos
    cdef readonly tuple gap

    def __init__(self, dict pos, lemmas, frozenset edge_stop, frozenset edge_verbs, frozenset stop_words,
                 frozenset inner_ok, frozenset determiners, tuple gap):
        self.has_pos = bool(pos)
        if self.has_pos:
            self.noun, self.verb, self.adj, self.adv = pos["noun"], pos["verb"], pos["adj"], pos["adv"]
        self.lemmas = lemmas
        self.edge_stop, self.edge_verbs, self.stop_words = edge_stop, edge_verbs, stop_words
        self.inner_ok, self.determiners, self.gap = inner_ok, determiners, gap

    cpdef tuple record(self, str text, str key, bint possessive=False):
        """The record of one word (a token, a hyphenated word or a word with its possessive clitic):
        (surface, key, capitalised, start_ok, role, verb, determiner, links, content); see `discovery`."""
        return self._record(text, key, possessive, False, None)

    cdef tuple _record(self, str text, str key, bint possessive, bint known, object known_lemma):
        """`record`; `known`: the lookup lemma of the word's lower case is `known_lemma` (None: the word itself),
        not looked up again (`column`: the `WordTable` fact "lemma")."""
        cdef str surface, low
        cdef bint edge_ok, bad_start, bad_end, adv_only, verb_only, adj_only, verb_form, hyphen
        cdef int role
        if possessive and text[:1].isupper() and not text.isupper():
            surface = text  # a possessive keeps the case of its name ("Bell’s palsy")
        elif text.isupper() and len(text) > 1:
            surface = text
        else:
            surface = text.lower()
        low = surface.lower()
        edge_ok = len(low) > 1 and low not in self.edge_stop and key not in self.edge_stop \
            and low not in self.edge_verbs
        if possessive:
            bad_start, bad_end = False, True
        else:
            hyphen = "-" in low
            lemma = None
            adv_only = verb_only = adj_only = verb_form = False
            if known:
                lemma = low if known_lemma is None else known_lemma
            if self.has_pos and not hyphen:  # (`discovery._word_class`)
                if not known:
                    lemma = self.lemmas.get(low, low)
                word_lemma = lemma if isinstance(lemma, str) else low
                adv_only = low in self.adv and low not in self.noun and low not in self.adj and low not in self.verb
                verb_only = (low in self.verb and low not in self.noun and low not in self.adj) or (
                    word_lemma != low and word_lemma in self.verb and word_lemma not in self.noun
                    and word_lemma not in self.adj)
                adj_only = low in self.adj and low not in self.noun
            if not hyphen and (low.endswith("ing") or low.endswith("ed")):  # (`discovery._verb_form`)
                if lemma is None:
                    lemma = self.lemmas.get(low, low)
                verb_form = isinstance(lemma, str) and lemma != low
            edge_ok = edge_ok and not adv_only
            bad_start = verb_form or verb_only
            bad_end = adj_only or verb_only or (verb_form and low.endswith("ed"))
        if edge_ok:
            role = INNER if bad_end else END
        else:
            role = INNER if low in self.inner_ok or low not in self.edge_stop else BREAK
        return (surface, key, text[:1].isupper(), edge_ok and not bad_start, role, bad_start,
                low in self.determiners, role != BREAK, low not in self.stop_words)

    def column(self, list texts, object[:] keys, object[:] lemmas):
        """The records of a batch of token texts (`gap` for a token that is not alphabetic), given their keys
        (`keys`: the `WordTable` column "terms.key") and the lookup lemmas of their lower case (`lemmas`: the
        table's fact "lemma", None: the word itself)."""
        cdef Py_ssize_t i, n = len(texts)
        cdef str text
        out = [None] * n
        for i in range(n):
            text = texts[i]
            if not text.isalpha():
                out[i] = self.gap
                continue
            out[i] = self._record(text, <str>keys[i], False, True, lemmas[i])
        return out


def token_keys(list texts, object[:] lemmas, table, dict apostrophes):
    """`glossary.token_key` of each text (lower case, straight apostrophe, a word of over 3 letters ending in "s"
    folded to its lookup lemma if that is a word of letters), the lemma of its lower case read from `lemmas` (the
    `WordTable` fact "lemma", None: the word itself) and looked up in `table` only for a text with a curly
    apostrophe (`apostrophes`: `glossary.APOSTROPHES`, the translation to the straight one)."""
    cdef Py_ssize_t i, n = len(texts)
    cdef str text, t
    cdef Py_UCS4 ch
    cdef bint curly
    out = [None] * n
    for i in range(n):
        text = texts[i]
        curly = False
        for ch in text:
            if <Py_ssize_t>ch in apostrophes:
                curly = True
                break
        t = text.translate(apostrophes).lower() if curly else text.lower()
        if not t or t.isspace():
            out[i] = "_sp_"
        elif t == "'s" or t == "s'":
            out[i] = "'s"
        elif len(t) > 3 and t.endswith("s") and t.isalpha():
            if curly:
                lemma = table.get(t, t)
            else:
                lemma = lemmas[i]
                if lemma is None:
                    lemma = t
            out[i] = lemma if isinstance(lemma, str) and lemma and (<str>lemma).isalpha() else t
        else:
            out[i] = t
    return out


cdef int JOINER = 1, PAREN = 2, GATE_KEY = 4, GATE_TEXT = 8  # a word's flags (`glossary.WORD_FLAGS`)


cdef class TokenFields:
    """The fields of a block's `discovery.Tokens` (its subclass, which reads them from a Doc and reads the texts and
    keys of a lazy block when used) as C fields (`_words.pxd`): the loops below and `_scan.page_records` set and read
    them without an attribute look-up or an instance dict (a page's blocks' `Tokens` are made here: `page_tokens`)."""


def word_flags(list texts, object[:] keys, joiners, tuple gate):
    """The flags (`glossary.WORD_FLAGS`) of a batch of new words (`discovery._flags_column`, the `WordTable`
    column), given their keys (the column "terms.key"), the joiners (`discovery._JOINERS`) and a glossary's `gate`
    (`CompiledGlossary.gate`: its word sets, the second of texts, the others of keys), as a uint16 array:
    `[(t in joiners) | (t == "(") << 1 | (k in gate_keys) << 2 | (t in gate_texts) << 3 | (k in part) << 4
    | (k in insertion) << 5 | (k in predicative) << 6 | (k in coordinator) << 7 | (k in last) << 8 for t, k in
    zip(texts, keys)]`."""
    gate_keys, gate_texts, part, insertion, predicative, coordinator, last = gate
    cdef Py_ssize_t i, n = len(texts)
    cdef unsigned short f
    cdef object t, k
    out = np.zeros(n, dtype=np.uint16)
    cdef unsigned short[::1] view = out
    for i in range(n):
        t, k = texts[i], keys[i]
        f = 0
        if t in joiners:
            f |= 1
        if t == "(":
            f |= 2
        if t in gate_texts:
            f |= 8
        if k in gate_keys:
            f |= 4
        if k in part:
            f |= 16
        if k in insertion:
            f |= 32
        if k in predicative:
            f |= 64
        if k in coordinator:
            f |= 128
        if k in last:
            f |= 256
        view[i] = f
    return out


cdef void _fill(TokenFields tok, list texts_col, object[:] keys_col, object[:] words_col, const Py_ssize_t[::1] rows,
                const unsigned char[::1] space, const unsigned short[::1] flags_col, Py_ssize_t a, Py_ssize_t b,
                tuple gap) except *:
    """`tok`'s fields (a `discovery.Tokens`) from the rows [a, b) of the columns (`texts_col[rows[i]]`, ...), their
    whitespace flags `space` and the words' flags `flags_col` (`discovery._flags_column`: JOINER, PAREN): texts,
    keys and words as tuples; parens ("(" is one of the texts); ws (a list of 0/1) and joins (the tokens i before a
    joiner, no whitespace after i, i a word: `[i for i in compress(count(-1), map(joiners.__contains__, texts)) if
    i >= 0 and not ws[i] and words[i] is not gap] or ()`) when some token is a joiner, else None, ()."""
    cdef Py_ssize_t n = b - a, i, r
    cdef tuple texts = PyTuple_New(n), keys = PyTuple_New(n), words = PyTuple_New(n)
    cdef object value
    cdef unsigned short f = 0
    cdef list ws, joins
    for i in range(n):
        r = rows[a + i]
        f |= flags_col[r]
        value = texts_col[r]
        Py_INCREF(value)
        PyTuple_SET_ITEM(texts, i, value)
        value = keys_col[r]
        Py_INCREF(value)
        PyTuple_SET_ITEM(keys, i, value)
        value = words_col[r]
        Py_INCREF(value)
        PyTuple_SET_ITEM(words, i, value)
    tok.memo, tok._lazy = None, None
    tok._texts, tok._keys, tok.words, tok.parens = texts, keys, words, (f & PAREN) != 0
    if not f & JOINER:
        tok.ws, tok.joins = None, ()
        return
    ws = [1 if space[a + i] else 0 for i in range(n)]
    joins = [i - 1 for i in range(1, n)
             if flags_col[rows[a + i]] & JOINER and not space[a + i - 1] and words[i - 1] is not gap]
    tok.ws, tok.joins = ws, (joins if joins else ())


def fill_tokens(TokenFields tok, columns, const Py_ssize_t[::1] rows, const unsigned char[::1] space,
                const unsigned short[::1] flags_col, tuple gap):
    """One block's `discovery.Tokens` filled from its rows (`columns`: the `WordTable`'s texts list and its object
    columns "terms.key", "terms.word"; `space`: its tokens' whitespace flags as uint8; `flags_col`: the words'
    flags, `discovery._flags_column`)."""
    _fill(tok, columns[0], columns[1], columns[2], rows, space, flags_col, 0, rows.shape[0], gap)


def page_tokens(cls, list texts, list ends, columns, rows_array, const unsigned char[::1] space,
                const unsigned short[::1] flags_col, bint gated, tuple gap, dict shared, set seen, limits,
                generation):
    """A page's blocks' `Tokens` (`discovery.page_tokens`: block k is rows [ends[k - 1], ends[k]) of `rows_array`,
    made from `texts[k]`) as `discovery.tokens_of` gives them one at a time: a block of at most `limits[0]` tokens is
    shared (`shared`: text -> Tokens, with a `memo` dict) from the second sighting of its text (`seen`: the hashes
    of the texts seen once); `shared` and `seen` are emptied when they hold `limits[1]` and `limits[2]` entries.

    `flags_col`: each row's flags (`discovery._flags_column`, `glossary.WORD_FLAGS`: a joiner, "(", the glossary's
    word sets). When `gated`, a block none of whose words has a flag and that is not shared gets its words only: its
    texts and keys are read when first used (`Tokens.texts`, `_lazy`: the page's rows, the block's first and end
    row in them, and the table's `generation`); otherwise every block is read whole. Also returns, per block, the
    OR of its words' flags (a list of ints)."""
    cdef Py_ssize_t n_blocks = len(texts), k, a = 0, b, i, n, max_tokens = limits[0], shared_max = limits[1]
    cdef Py_ssize_t seen_max = limits[2]
    cdef const Py_ssize_t[::1] rows = rows_array
    cdef list out = [None] * n_blocks
    cdef list texts_col = columns[0]
    cdef object[:] keys_col = columns[1], words_col = columns[2]
    cdef list flags = [0] * n_blocks
    cdef TokenFields tok
    cdef object text, h
    cdef tuple words
    cdef object value
    cdef bint keep
    cdef unsigned short f
    for k in range(n_blocks):
        b = ends[k]
        n = b - a
        f = 0
        for i in range(a, b):
            f |= flags_col[rows[i]]
        tok = None
        keep = False
        if n <= max_tokens:
            text = texts[k]
            tok = shared.get(text)
            if tok is not None and len((<object>tok).texts) != n:
                tok = None
            if tok is None:
                h = hash(text)
                if h not in seen:  # (first sighting; a hash collision merely shares a text one block early)
                    if len(seen) >= seen_max:
                        seen.clear()
                    seen.add(h)
                else:
                    keep = True
        if tok is None:
            tok = TokenFields.__new__(cls)
            if f or keep or not gated:
                _fill(tok, texts_col, keys_col, words_col, rows, space, flags_col, a, b, gap)
            else:  # (no joiner, parenthesis or glossary word: the words alone, the rest when read)
                words = PyTuple_New(n)
                for i in range(n):
                    value = words_col[rows[a + i]]
                    Py_INCREF(value)
                    PyTuple_SET_ITEM(words, i, value)
                tok.memo, tok._texts, tok._keys, tok.words, tok.parens = None, None, None, words, False
                tok.ws, tok.joins, tok._lazy = None, (), (rows_array, a, b, generation)
            if keep:
                if len(shared) >= shared_max:
                    shared.clear()
                tok.memo = {}
                shared[text] = tok
        out[k] = tok
        if f:
            flags[k] = f
        a = b
    return out, flags
