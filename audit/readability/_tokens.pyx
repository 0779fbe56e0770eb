# cython: language_level=3, boundscheck=False
"""The readability measure's per-token pass, compiled: one record and one row of facts per new whitespace token —
its words' syllables and textstat's counts (`_syllables`: CMUdict, else Pyphen's patterns), the difficult-word test,
plain-table terms, be/get forms and phrase-bigram ends, written into the `TokenTable`'s numpy rows. Definitions:
`counts` (textstat's) and `words`; `tests/test_speed_compiled.py` and `tests/test_readability_scan.py` check them.
"""

from cpython.bytes cimport PyBytes_FromStringAndSize

from audit.readability._syllables cimport _EASY, _alpha, _load, _one_word, _syllables, token_counts

from audit.readability._syllables import COUNT_FIELDS
from audit.readability.lexicon import LEMMAS
from audit.readability.passive import BE_FORMS

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


# `_classify`'s `looked_up` when the caller has not read the word's entry in the lemma table
LOOK_UP = object()


cdef tuple _classify(str lower, str spacy_lemma, int min_syllables, int syllables=-1, looked_up=LOOK_UP):
    """(difficult, lemma); `syllables`: those of `lower` when the caller has them (-1: counted here if needed);
    `looked_up`: the lemma table's entry for `lower` when the caller has it (None: the table has none), read by the
    spaCy step once per word (`nlp.WordTable`'s "lemma"; only with the table in use, `lemma_table("")`)."""
    _load()
    if spacy_lemma and spacy_lemma != lower:
        lemma = spacy_lemma
    elif looked_up is not LOOK_UP:  # (`table.get(lower, lower)`)
        lemma = lower if looked_up is None else looked_up
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
                             int syllables=-1, looked_up=LOOK_UP):
    """(difficult, lemma, table term) of a lower-cased word, cached per plain table and syllable minimum
    (`syllables`: the word's, when the caller has them; `looked_up`: its lemma table entry, `_classify`);
    `surface`, `by_lemma`: the plain table's single-word entries (`PlainWords.match_word`: by surface form, else by
    lemma)."""
    info = cache.get(lower)
    if info is None:  # (`classify(lower, "", min_syllables)`: this cache holds its result)
        is_difficult, lemma = _classify(lower, "", min_syllables, syllables, looked_up)
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
                           long long *out, row, table=None, looked_up=LOOK_UP):
    """The record of a token of letters only: one word, no clitic, no punctuation (`_scan` and `list_words`
    find the token itself), `row` its `ROW` field; its facts (`FACTS`, then the bigram ends) into `out`. With a
    `table` (a `words.TokenTable`), the record as the table keeps it: its difficult pair numbered (`_numbered`).
    `looked_up`: the word's lemma table entry, when the caller has it (`_classify`)."""
    cdef str lower = token.lower()
    cdef int syll = _syllables(lower)
    cdef tuple info = _word_info(lower, surface, by_lemma, cache, min_syllables, syll, looked_up)
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
            pid = _pair_id(table, pair)
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
    end = (<dict> plain.bigram_end_index).get(lower, 0)  # (`plain.bigram_ends(lowers)`)
    out[13] = (<dict> plain.bigram_start_index).get(lower, 0)
    out[14] = end
    out[15] = 1
    return (row, _one_word(syll), lowers, terms, pairs, lower_pairs, upper, upper)


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


cdef object _pair_id(table, tuple pair):
    """`TokenTable.pair_id(pair)`: the number of a difficult (word, lemma) pair, the next one if new."""
    cdef dict pair_ids = table.pair_ids
    pid = pair_ids.get(pair)
    if pid is None:
        pairs = <list> table.pairs
        pid = pair_ids[pair] = len(pairs)
        pairs.append(pair)
        (<list> table.single_rows).append(None)
    return pid


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
    cdef dict ids = {}
    cdef list flat = []
    for pair, up, j in pairs:
        pid = ids[pair] = _pair_id(table, pair)
        flat += (pid, up, j)
    return (row, record[SYLLABLES], record[LOWERS], record[TERMS], tuple(flat),
            tuple([ids[p] for p in record[DIFFICULT_LOWER]]), tuple([ids[p] for p in record[DIFFICULT_UPPER]]),
            tuple([ids[p] for p in record[DIFFICULT_FIRST]]))


cdef tuple _new_row(table, list records, tuple record, long long *out, int[:, ::1] facts,
                    int[:, ::1] links, bint numbered):
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


def records_of(table, list tokens, list lemmas=None) -> list:
    """The record of each of `tokens` in `table` (a `words.TokenTable`), new tokens' records and rows made in order
    of first use. A word of letters in ASCII punctuation ("word,", "(word)") shares the word's record and row
    (`table.letters`): `token_facts` gives it the word's, but for its characters, which are no column of the table
    (the page walk adds them per unit). A table over its `LIMIT` is emptied before a page with a new token.
    `lemmas`: per token, its lemma table entry when the caller has read it (a token of letters), else `LOOK_UP`."""
    cdef list out = []
    cdef dict by_token = table.by_token
    cdef str token
    cdef Py_ssize_t i
    for i in range(len(tokens)):
        record = by_token.get(<str> tokens[i])
        if record is None:
            if len(table.records) > table.LIMIT or len(by_token) > 2 * table.LIMIT:
                table.clear()
                return _records_adding(table, tokens, 0, [], lemmas)
            return _records_adding(table, tokens, i, out, lemmas)  # (the records found so far kept)
        out.append(record)
    return out


cdef list _records_adding(table, list tokens, Py_ssize_t start, list found, list lemmas):
    """`records_of` from `tokens[start]` on, appending to `found` (the records of the tokens before it)."""
    _load()
    cdef long long out[N_OUT]
    cdef int[:, ::1] facts = table.facts
    cdef int[:, ::1] links = table.links
    cdef int min_syllables = table.min_syllables, i
    cdef dict by_token = table.by_token, letters = table.letters
    cdef list records = table.records
    cdef str token, core
    cdef Py_ssize_t k
    cdef bint alpha
    plain = table.plain
    cdef dict cache = plain.word_cache(min_syllables), surface = plain.surface, by_lemma = plain.by_lemma
    for k in range(start, len(tokens)):
        token = tokens[k]
        record = by_token.get(token)
        if record is None:
            if len(records) == facts.shape[0]:  # (the arrays doubled)
                table._reserve(len(records) + 1)
                facts, links = table.facts, table.links
            alpha = _alpha(token)
            core = token if alpha else token.strip(_EDGE_PUNCTUATION)
            if alpha or _alpha(core):
                record = letters.get(core)
                if record is None:
                    record = _letters_record(core, plain, surface, by_lemma, cache, min_syllables, out,
                                             _row_bytes(len(records)), table,
                                             lemmas[k] if lemmas is not None and core is token else LOOK_UP)
                    record = letters[core] = _new_row(table, records, record, out, facts, links, True)
            else:
                record = _other_record(token, plain, surface, by_lemma, cache, min_syllables, out)
                record = _new_row(table, records, record, out, facts, links, False)
            by_token[token] = record
        found.append(record)
    return found
