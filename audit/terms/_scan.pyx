# cython: language_level=3, boundscheck=False
"""Terms' scans over a page's word records, compiled (the records: `audit.terms._words`, `discovery`).

- `ngrams`: the n-grams of 2..max_words words of a list of word records (`candidates._ngrams`), one loop;
- `page_records`: a page's units' word records for its n-grams (`candidates.page_candidates`; the definition:
  `candidates._block_records` block by block), joined words (hyphenated, possessive) made by `Joins`
  (`discovery._joined`);
- `walk`: the glossary's sequences found in a block's keys or texts (`glossary._walk`);
- `tally`: a page's candidates counted by key (`candidates.page_candidates`); `ngram_tally`: `ngrams` and `tally`
  in one loop (a page's statistical n-grams counted as they are found).

Definitions: `audit.terms.discovery`, `audit.terms.candidates` and `audit.terms.glossary` say what the n-grams and
matches are; `tests/test_speed_terms_page.py` checks these loops against those definitions on real text.
"""
from bisect import bisect_left

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject

from audit.terms._words cimport BREAK, END, TokenFields


def ngrams(list recs, Py_ssize_t max_words, firsts=(0,)):
    """(unit, key, surface, name_like) of the n-grams of 2..max_words words in `recs` (word records ending with a
    record of role BREAK), in order: each starts at a word that may start a term, followed by words that do not
    break it, and ends at a word of role END (not a verb before a determiner: "disorder involving | the nerve").
    `firsts`: the sorted index of each unit's first record; unit: the n-gram's unit (by its first word); name_like:
    every word is capitalised and the n-gram does not start its unit."""
    cdef list found = []
    _walk(recs, max_words, firsts, found, None, None, None, None, None, None)
    return found


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
    cdef TokenFields tok
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
                    pos = joins_of.joined((<object>tok).texts, tok.ws, (<object>tok).keys, i, e, words, taken,
                                          recs) + 1
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
