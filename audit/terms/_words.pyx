# cython: language_level=3, boundscheck=False
"""Terms' per-word and per-block loops, compiled (no `wraparound=False`: the strings are sliced from the end).

- `WordRules`: a word's discovery record (`discovery._word_record`'s rules: which words may start or end a term)
  for one word (`record`) or a batch of new token texts (`column`, the `WordTable` column `terms.word`), the word
  lists and the lemma table read once into the object instead of per call;
- `ngrams`: the n-grams of 2..max_words words of a list of word records (`candidates._ngrams`), one loop;
- `page_tokens`: a page's blocks' `discovery.Tokens` (texts, keys, records as tuples, joined words) in one pass over
  their rows, short blocks shared as `discovery.tokens_of` shares them, and each block's words' flags OR-ed (which
  of the glossary's tests can match there: `glossary.WORD_FLAGS`); `fill_tokens` one block's;
- `page_records`: a page's units' word records for its n-grams (`candidates.page_candidates`; the definition:
  `candidates._block_records` block by block), joined words (hyphenated, possessive) made by `Joins`
  (`discovery._joined`).
- `tally`: a page's candidates counted by key (`candidates.page_candidates`); `ngram_tally`: `ngrams` and `tally`
  in one loop (a page's statistical n-grams counted as they are found).

Definitions: `audit.terms.discovery` and `audit.terms.candidates` say what the records and n-grams are;
`tests/test_speed_terms_page.py` checks these loops against those definitions on real text.
"""
from bisect import bisect_left

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport Py_INCREF, PyObject
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM

cdef int END = 0, INNER = 1, BREAK = 2  # a word's role at the end of an n-gram (`discovery._END`, ...)


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


def ngrams(list recs, Py_ssize_t max_words, firsts=(0,)):
    """(unit, key, surface, name_like) of the n-grams of 2..max_words words in `recs` (word records ending with a
    record of role BREAK), in order: each starts at a word that may start a term, followed by words that do not
    break it, and ends at a word of role END (not a verb before a determiner: "disorder involving | the nerve").
    `firsts`: the sorted index of each unit's first record; unit: the n-gram's unit (by its first word); name_like:
    every word is capitalised and the n-gram does not start its unit."""
    cdef list found = []
    _walk(recs, max_words, firsts, found, None, None, None, None, None, None)
    return found


cdef int JOINER = 1, PAREN = 2, GATE_KEY = 4, GATE_TEXT = 8  # a word's flags (`glossary.WORD_FLAGS`)


cdef void _fill(tok, list texts_col, object[:] keys_col, object[:] words_col, const Py_ssize_t[::1] rows,
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


def fill_tokens(tok, columns, const Py_ssize_t[::1] rows, const unsigned char[::1] space,
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
    cdef object tok, text, h
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
            if tok is not None and len(tok.texts) != n:
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
            tok = cls.__new__(cls)
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


cdef class Joins:
    """What `page_records` needs to make the records of joined words as `discovery._joined` does: `records` (its
    cache `discovery._WREC`: text -> record, filled up to `max_records`), `record` (`discovery._word_record`) and
    `possessive_key` (`discovery.possessive_key`), called for a text not in the cache only; the clitic sets
    (`discovery.CLITICS`, `PLURAL_CLITICS`), spaCy's stop words, and the records `gap` and `matched_determiner`
    (`discovery._GAP`, `_MATCHED_DETERMINER`)."""

    cdef dict records
    cdef Py_ssize_t max_records
    cdef object record, possessive_key
    cdef frozenset clitics, plural_clitics, stop_words
    cdef tuple gap, matched_determiner

    def __init__(self, dict records, Py_ssize_t max_records, record, possessive_key, frozenset clitics,
                 frozenset plural_clitics, frozenset stop_words, tuple gap, tuple matched_determiner):
        self.records, self.max_records, self.record, self.possessive_key = records, max_records, record, possessive_key
        self.clitics, self.plural_clitics, self.stop_words = clitics, plural_clitics, stop_words
        self.gap, self.matched_determiner = gap, matched_determiner

    cdef Py_ssize_t joined(self, tuple texts, list ws, tuple keys, Py_ssize_t i, Py_ssize_t end, words,
                           set taken, list out) except -1:
        """`discovery._joined(tok, i, end, words, taken)`: the record of the word starting at token i appended to
        `out`; returns its last token. Its key (and the rules) are computed only for a text not in `records`."""
        cdef Py_ssize_t first = i, t
        cdef str text = texts[i], clitic, key, head
        cdef list parts = None
        cdef bint possessive = False
        while i + 2 < end and <str>texts[i + 1] == "-" and not ws[i] and not ws[i + 1] \
                and (<str>texts[i + 2]).isalpha():
            if parts is None:
                parts = [first]
            parts.append(i + 2)
            text = text + "-" + <str>texts[i + 2]
            i += 2
        if i + 1 < end and not ws[i]:
            clitic = texts[i + 1]
            if (clitic in self.clitics or (clitic in self.plural_clitics and text[-1:] in "sS")) \
                    and (<str>texts[i]).lower() not in self.stop_words:
                possessive = True
                text = text + clitic
                i += 1
        if i == first:
            out.append(words[first])
            return first
        rec = self.records.get(text)
        if rec is None:
            key = "-".join([keys[t] for t in parts]) if parts is not None else keys[first]
            if possessive:
                head = key.rpartition("-")[0]
                key = (head + "-" if head else "") + self.possessive_key(texts[i - 1], texts[i])
            rec = self.record(text, key, possessive)
            if len(self.records) < self.max_records:
                self.records[text] = rec
        if taken is not None:
            for t in range(first, i + 1):
                if t in taken:
                    rec = self.matched_determiner if (<tuple>rec)[6] else self.gap
                    break
        out.append(rec)
        return i


def page_records(unit_blocks, spans, dict tokens, dict matched, Joins joins_of, tuple gap):
    """The word records of a page's units for its statistical n-grams (`candidates.page_candidates`), each unit's
    ended by `gap`, and each unit's first record: `candidates._block_records(tok, spans, matched, recs, firsts)` for
    each block (its units consecutive in `unit_blocks`; `tokens`: block -> `Tokens`, `matched`: block -> its glossary
    matches, present only when it has some), its joined words made by `joins_of` (`discovery._words`)."""
    cdef list recs = [], firsts = [], joins
    cdef Py_ssize_t k = 0, first, u, n = len(unit_blocks), s, e, i, j, n_joins, pos, nw
    cdef object words, found
    cdef set taken
    while k < n:
        block = unit_blocks[k]
        first = k
        k += 1
        while k < n and unit_blocks[k] == block:
            k += 1
        tok = tokens[block]
        words = tok.words
        nw = len(words)
        found = matched.get(block) if matched else None
        taken = None
        if found:  # the words of glossary matches marked (`discovery._marked`)
            taken = {i for s, e in found for i in range(s, e)}
            words = list(words)
            for i in taken:
                words[i] = joins_of.matched_determiner if (<tuple>words[i])[6] else gap
        joins = tok.joins if tok.joins else None
        n_joins = len(joins) if joins is not None else 0
        for u in range(first, k):
            s, e = spans[u]
            e = min(e, nw)  # (as a slice would)
            firsts.append(len(recs))
            pos = s
            if n_joins:  # the joined words made (`discovery._words`)
                j = bisect_left(joins, s)
                while j < n_joins and <Py_ssize_t>joins[j] < e - 1:
                    i = joins[j]
                    j += 1
                    if i < pos:
                        continue  # inside the joined word before
                    recs.extend(words[pos:i])
                    pos = joins_of.joined(tok.texts, tok.ws, tok.keys, i, e, words, taken, recs) + 1
            recs.extend(words[pos:e])
            recs.append(gap)
    return recs, firsts


def walk(tokens, dict prefixes, dict firsts):
    """(start, end, concept) of every sequence of `prefixes` (every prefix of the glossary's sequences -> its
    concept, -1: only a prefix of longer ones) in `tokens` (a tuple of keys or texts), from each token that is a
    one-token prefix (`firsts`: those by their token), longer and longer while the tokens are a prefix."""
    cdef tuple toks = tokens if type(tokens) is tuple else tuple(tokens)
    cdef Py_ssize_t n = len(toks), i, end
    cdef PyObject *found
    cdef object ci
    cdef list out = []
    for i in range(n):
        found = PyDict_GetItem(firsts, toks[i])
        if found is NULL:
            continue
        ci = <object>found
        end = i + 1
        while True:  # longer and longer sequences from token i
            if ci >= 0:
                out.append((i, end, ci))
            if end == n:
                break
            end += 1
            found = PyDict_GetItem(prefixes, toks[i:end])
            if found is NULL:
                break
            ci = <object>found
    return out


cdef inline void _count(Py_ssize_t u, str key, str surface, bint name_like, sentence_of, prose_of, dict index,
                        list keys, list stats, list forms) except *:
    """One candidate (unit, key, surface, name_like) counted into its key's entry (see `tally`)."""
    cdef PyObject *found_at
    cdef Py_ssize_t i, j
    cdef bint prose = prose_of[u]
    found_at = PyDict_GetItem(index, key)
    if found_at is NULL:
        index[key] = len(keys)
        keys.append(key)
        stats.extend((1, sentence_of[u], name_like and prose, prose))
        forms.append(key if surface == key else surface)
        return
    i = <object>found_at
    j = 4 * i
    stats[j] += 1
    if prose:
        stats[j + 2] += name_like
        stats[j + 3] += 1
    f = forms[i]
    if type(f) is dict:
        (<dict>f)[surface] = (<dict>f).get(surface, 0) + 1
    elif f != surface:
        forms[i] = {f: stats[j] - 1, surface: 1}


def tally(list found, sentence_of, prose_of, dict index, list keys, list stats, list forms):
    """Count a page's candidates (`candidates.page_candidates`): for each (unit, key, surface, name_like) of
    `found`, its key's entry — `index` (key -> its position in `keys`), `stats` (4 ints per key: count, first
    sentence, name-like uses, checkable uses; the last two in prose units only) and `forms` (its surface while it has
    one, the key itself when equal, else {surface: uses}); `sentence_of` and `prose_of` by unit."""
    cdef tuple t
    for t in found:
        _count(t[0], t[1], t[2], t[3], sentence_of, prose_of, index, keys, stats, forms)


def ngram_tally(list recs, Py_ssize_t max_words, firsts, sentence_of, prose_of, dict index, list keys, list stats,
                list forms):
    """`tally(ngrams(recs, max_words, firsts), sentence_of, prose_of, index, keys, stats, forms)` in one loop: each
    n-gram counted as it is found, no list of them made (`candidates.page_candidates`, statistical n-grams)."""
    _walk(recs, max_words, firsts, None, sentence_of, prose_of, index, keys, stats, forms)


cdef _walk(list recs, Py_ssize_t max_words, firsts, list found, sentence_of, prose_of, dict index, list keys,
           list stats, list forms):
    """The walk of `ngrams`: each n-gram appended to `found`, or, when `found` is None, counted (`_count`)."""
    cdef Py_ssize_t n = len(recs), i, j, stop, u, lo, hi, mid
    cdef tuple w, nxt
    cdef str key, surface, nkey, nsurface
    cdef bint named
    cdef int role
    cdef tuple starts = tuple(firsts)
    for i in range(n - 1):
        w = <tuple>recs[i]
        if not w[3] or not (<tuple>recs[i + 1])[7]:
            continue
        surface, key, named = w[0], w[1], w[2]
        u = -1
        stop = min(i + max_words, n)
        for j in range(i + 1, stop):
            nxt = <tuple>recs[j]
            role = nxt[4]
            if role == BREAK:
                break  # a stop word, a glossary match or punctuation ends every longer n-gram too
            nkey, nsurface = nxt[1], nxt[0]
            key = f"{key} {nkey}"  # (one string made, its length known: no concatenation in two steps)
            surface = f"{surface} {nsurface}"
            named = named and nxt[2]
            if role == END and not (nxt[5] and (<tuple>recs[j + 1])[6]):
                if u < 0:  # bisect_right(starts, i) - 1
                    lo, hi = 0, len(starts)
                    while lo < hi:
                        mid = (lo + hi) // 2
                        if i < <Py_ssize_t>starts[mid]:
                            hi = mid
                        else:
                            lo = mid + 1
                    u = lo - 1
                if found is not None:
                    found.append((u, key, surface, named and i > <Py_ssize_t>starts[u]))
                else:
                    _count(u, key, surface, named and i > <Py_ssize_t>starts[u], sentence_of, prose_of, index, keys,
                           stats, forms)
