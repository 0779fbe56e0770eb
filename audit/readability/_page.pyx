# cython: language_level=3, boundscheck=False
"""The readability measure's per-page step, compiled: one walk over a page's units and their whitespace tokens —
each token's row of facts (read from the spaCy step's token rows, `_rows._token_rows`: an array entry per word, a
lookup by text only for tokens spaCy splits in less common ways; new tokens' records made by `_tokens.records_of`),
the units' sums of those facts, their phrase bigrams across tokens, and per unit the columns `measure.per_page`
documents (textstat's counts, the sentence grade and its flags, the difficult words, plain-table terms and passive
phrase) written into the unit, with the page's sums. Definitions: `measure`, `words` (the records), `counts`
(textstat's); `tests/test_speed_readability_page.py` checks the step against textstat and the rules on real pages.
"""
import numpy as np

from libc.stdlib cimport calloc, free, malloc, qsort

from audit.readability._rows cimport _array_data, _token_rows

from audit.readability._tokens import (BIGRAMS, DIFFICULT_FIRST, DIFFICULT_LOWER, DIFFICULT_UPPER, FACTS, LOWERS,
                                       N_BE, N_LOWER, N_TERMS, N_UPPER, SYLLABLES, TERMS)
from audit.readability.counts import LINSEAR_WORDS
from audit.readability.formulas import rounded_sentence_grade
from audit.readability.passive import _ADVERB, _PARTICIPLE, BE_FORMS, passive_parser, passive_rules
from audit.readability.words import scan_span

# the units' columns this step writes (in this order: the sentences table's)
COLUMNS = ("in_formulas", "syllables", "polysyllables", "letters", "chars", "long_words", "difficult_words", "grade",
           "long", "very_long", "hard", "very_hard", "passive", "passive_phrase")

cdef enum:
    N_FACTS = 13  # len(FACTS)
    N_LINKS = 5  # `TokenTable.links`' columns
    C_WORDS = 0
    C_SYLLABLES = 1
    C_POLYSYLLABLES = 2
    C_LETTERS = 3
    C_CHARS = 4
    C_LONG_WORDS = 5

assert len(FACTS) == N_FACTS and FACTS[C_CHARS] == "chars" and FACTS[C_LONG_WORDS] == "long_words"
cdef int F_LOWER = N_LOWER, F_TERMS = N_TERMS, F_BE = N_BE, F_UPPER = N_UPPER, F_BIGRAMS = BIGRAMS
cdef Py_ssize_t R_SYLLABLES = SYLLABLES, R_LOWERS = LOWERS, R_TERMS = TERMS, R_UPPER = DIFFICULT_UPPER
cdef Py_ssize_t R_FIRST = DIFFICULT_FIRST, R_LOWER = DIFFICULT_LOWER
cdef long long LINSEAR = LINSEAR_WORDS
cdef object NAN = float("nan")
cdef tuple NONE = ()
# the passive rules' forms of be/get and remembered word tests (`passive._WordTest`: dicts that call their test for a
# new word, so read with `[]` as objects)
cdef frozenset BE = BE_FORMS
cdef object ADVERB = _ADVERB, PARTICIPLE = _PARTICIPLE
# `formula_text`'s closing characters (stripped before the sentence end is looked for)
cdef str CLOSERS = "\"'”’)]» "


cdef inline bint _adds_stop(str text):
    """`counts.adds_stop`: whether `formula_text` adds a full stop (`text.rstrip().rstrip(CLOSERS)` does not end
    in ".", "!" or "?")."""
    cdef Py_ssize_t i = len(text)
    cdef Py_UCS4 c
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while i > 0:
        c = text[i - 1]
        if c in CLOSERS:
            i -= 1
        else:
            break
    if i == 0:
        return True
    c = text[i - 1]
    return not (c == u'.' or c == u'!' or c == u'?')


def page_units(table, dict units, plain, rs, bint tagged, bint parser, list spans, list docs=None, tokens=None,
               lemmas=None):
    """Count and mark each of a page's units (`units`: their columns, `audit.engine.results.Units.columns`: text,
    kind, sentence, line read, and `_doc`, `_span` when there are `docs`), in order; `spans`: the units' spaCy spans
    when a tagger's or the parser's step reads them (`tagged`, `parser`), else None. `docs`, `tokens`: the page's
    Docs and their token rows (`audit.nlp.page_tokens`), or None; `lemmas`: the lemma table entry of each of their
    words (`nlp.WordTable`'s "lemma" column) when the table in use is that one, else None. Returns the units' new
    columns ({name: [value per
    unit]}, in `COLUMNS` order) and the page's sums: (sums of the formula units' `FACTS` but for their characters,
    formula units, sentences, stops added, tokens of the formula units, Linsear Write's (easy, hard, sentences) of
    the first 100 words (`counts.linsear_counts` of the formula units), all words, headings,
    long, passive, hard, very hard, candidates for `why`, the difficult words as `difficult_words` gives them (the
    non-capitalised ones of the units scanned from their token records — all of them, but with a tagger only those
    of the units scanned without it — and the others kept), {term: [sentences]}, {term: [lines]})."""
    cdef int min_syllables = rs.difficult_word_min_syllables
    cdef bint skip_names = rs.difficult_words_skip_names, headings_in = rs.headings_in_formulas
    cdef long long min_sentence = rs.min_sentence_words, long_limit = rs.long_sentence_words
    cdef long long very_long_limit = rs.very_long_sentence_words, hard_min = rs.hard_sentence_min_words
    cdef double hard_grade = rs.hard_sentence_grade, very_hard_grade = rs.very_hard_sentence_grade
    cdef list texts = units["text"], kinds = units["kind"]
    cdef Py_ssize_t n_units = len(texts)
    cdef Py_ssize_t *lengths = <Py_ssize_t *> calloc(n_units + 1, sizeof(Py_ssize_t))
    cdef long long *chars_of = <long long *> calloc(n_units + 1, sizeof(long long))
    if not lengths or not chars_of:
        free(lengths)
        free(chars_of)
        raise MemoryError()
    try:
        while True:  # (again if the table was emptied meanwhile: the rows read before are gone)
            epoch = table.epoch
            rows = _token_rows(table, units, texts, docs, tokens, lemmas, lengths, chars_of)
            if table.epoch == epoch:
                break
        return _units(table, units["sentence"], units["line"], plain, rows, texts, kinds, lengths, chars_of,
                      min_syllables, skip_names, headings_in, min_sentence, long_limit, very_long_limit, hard_min,
                      hard_grade, very_hard_grade, tagged, parser, spans)
    finally:
        free(lengths)
        free(chars_of)


cdef tuple _units(table, list sentences, list lines, plain, rows, list texts, list kinds, Py_ssize_t *lengths,
                  long long *chars_of, int min_syllables, bint skip_names, bint headings_in, long long min_sentence,
                  long long long_limit, long long very_long_limit, long long hard_min, double hard_grade,
                  double very_hard_grade, bint tagged, bint parser, list spans):
    facts_array, links_array, first_array, second_array = table.facts, table.links, plain.first_bits, plain.second_bits
    cdef Py_ssize_t n_ends = first_array.shape[1]  # (the arrays' data read while these references hold them)
    cdef const int *facts = <const int *> _array_data(facts_array, sizeof(int), N_FACTS)
    cdef const int *links = <const int *> _array_data(links_array, sizeof(int), N_LINKS)
    cdef const unsigned long long *first_of = <const unsigned long long *> _array_data(
        first_array, sizeof(unsigned long long), n_ends)
    cdef const unsigned long long *second_of = <const unsigned long long *> _array_data(
        second_array, sizeof(unsigned long long), n_ends)
    cdef unsigned long long two_words = plain.two_word_bits, first_bits, second_bits
    cdef list records = table.records  # (by row)
    cdef Py_ssize_t n_units = len(texts), n_tokens = len(rows), i, j, a, b = 0, row, prev_start
    cdef long long s[N_FACTS]
    cdef long long page[N_FACTS]
    cdef long long words, syllables, chars, n_difficult, lin_words = 0, formula_tokens = 0, kept
    cdef long long lin_easy = 0, lin_hard = 0, lin_sentences = 0, lin_cut = max(3, min_sentence), syl
    cdef long long n_sentences = 0, n_stops = 0, all_words = 0, n_headings = 0, n_formula = 0
    cdef long long n_long = 0, n_passive = 0, n_hard = 0, n_very_hard = 0
    cdef bint stop, in_formulas, long_, eligible, hard, very_hard, bigram, by_records, is_sentence, all_records = True
    cdef double grade_value
    cdef tuple rec
    cdef str text, kind
    cdef list candidates = [], difficult = [], found_list
    cdef dict term_sentences = {}, term_lines = {}
    cdef list c_in, c_syll, c_poly, c_letters, c_chars, c_long_words, c_difficult, c_grade, c_long, c_very_long
    cdef list c_hard, c_very_hard, c_passive, c_phrase
    columns = {name: [] for name in COLUMNS}
    (c_in, c_syll, c_poly, c_letters, c_chars, c_long_words, c_difficult, c_grade, c_long, c_very_long, c_hard,
     c_very_hard, c_passive, c_phrase) = columns.values()
    cdef const Py_ssize_t *rows_of = <const Py_ssize_t *> _array_data(rows, sizeof(Py_ssize_t))
    scanned = None  # (with a tagger: the rows of the units scanned from their records)
    cdef Py_ssize_t[::1] scanned_of
    cdef Py_ssize_t n_scanned = 0
    if tagged:
        scanned = np.empty(n_tokens, dtype=np.intp)
        scanned_of = scanned
    for j in range(N_FACTS):
        page[j] = 0
    for i in range(n_units):
        text = texts[i]
        kind = kinds[i]
        a = b
        b = a + lengths[i]
        # the unit's sums; phrase bigrams across its tokens (a token's last word, the next token's first word): the
        # phrases whose first bigram is there, and those whose second is (or that have none: `plain.first_bits`)
        for j in range(N_FACTS):
            s[j] = 0
        first_bits, second_bits = 0, two_words
        prev_start = -1
        for k in range(a, b):
            row = rows_of[k]
            for j in range(N_FACTS):
                s[j] += facts[row * N_FACTS + j]
            if links[row * N_LINKS + 2]:
                if prev_start >= 0:
                    first_bits |= first_of[prev_start * n_ends + links[row * N_LINKS + 1]]
                    second_bits |= second_of[prev_start * n_ends + links[row * N_LINKS + 1]]
                prev_start = links[row * N_LINKS]
        bigram = (first_bits & second_bits) != 0  # a phrase may be there
        s[C_CHARS] = chars_of[i]
        words = s[C_WORDS]
        syllables = s[C_SYLLABLES]
        stop = _adds_stop(text)
        chars = s[C_CHARS] + stop  # `formula_text` adds a full stop
        all_words += words
        n_headings += kind == "heading"
        in_formulas = words > 0 and (kind != "heading" or headings_in)
        grade = rounded_sentence_grade(words, syllables) if in_formulas else NAN
        span = spans[i] if spans is not None else None
        if tagged and span is not None:
            hard_words, found = scan_span(span, kind, plain, min_syllables, skip_names, True)
            hard_words = [table.pair_id(p) for p in hard_words]  # (numbered, as the records' pairs are)
            n_difficult = len(hard_words)
            by_records = False
            needs_rules = True
            all_records = False
        else:  # fast path: no spaCy Token objects
            if tagged:
                for k in range(a, b):
                    scanned_of[n_scanned] = rows_of[k]
                    n_scanned += 1
            bigram = bigram or s[F_BIGRAMS] > 0
            if bigram or s[F_TERMS] or s[F_BE] or s[F_UPPER]:  # terms, be/get or capitalised difficult words: scan
                hard_words = NONE
                if not s[F_UPPER]:
                    pass
                elif skip_names and kind != "heading":  # a capitalised word is a name unless it starts the unit
                    for k in range(a, b):
                        rec = <tuple> records[rows_of[k]]
                        if rec[R_LOWERS]:  # the first token with words (those before it have no difficult words)
                            hard_words = rec[R_FIRST]
                            break
                else:  # (the records of the tokens with such words only: their `facts` say which)
                    hard_words = []
                    for k in range(a, b):
                        row = rows_of[k]
                        if facts[row * N_FACTS + F_UPPER]:
                            hard_words += (<tuple> records[row])[R_UPPER]
                found_list = []
                if s[F_TERMS]:
                    for k in range(a, b):
                        row = rows_of[k]
                        if facts[row * N_FACTS + F_TERMS]:
                            found_list += (<tuple> records[row])[R_TERMS]
                if bigram:  # a phrase may follow
                    found_list += plain.phrases(text)
                found = found_list
                by_records = s[F_BE] > 0
                n_difficult = s[F_LOWER] + len(hard_words)
            else:  # only non-capitalised difficult words (counted per page)
                n_difficult, hard_words, found, by_records = s[F_LOWER], NONE, NONE, False
            needs_rules = by_records  # no form of be/get: nothing for the rules to find
        if parser and span is not None:
            phrase = passive_parser(span)
        else:
            if not needs_rules:
                phrase = ""
            elif by_records:  # the unit's lower-cased words, from its tokens' records
                phrase = _passive_rows(records, facts, rows_of, a, b)
            else:  # (a tagged unit scanned from its span: the rules read its text)
                phrase = passive_rules(text)
        if hard_words:
            difficult += hard_words
        if found:
            sentence, line = sentences[i], lines[i]
            for term in found:
                where = term_sentences.get(term)
                if where is None:
                    term_sentences[term] = [sentence]
                    term_lines[term] = [line]
                else:
                    where.append(sentence)
                    (<list> term_lines[term]).append(line)
        long_ = in_formulas and words > long_limit
        eligible = in_formulas and words >= hard_min
        grade_value = grade
        hard = eligible and grade_value > hard_grade
        very_hard = eligible and grade_value > very_hard_grade
        if in_formulas:
            n_formula += 1
            for j in range(N_FACTS):
                page[j] += s[j]
            formula_tokens += b - a
            is_sentence = words >= min_sentence
            n_stops += stop
            n_sentences += is_sentence
            if lin_words < LINSEAR:  # Linsear Write's first 100 words (`counts.linsear_counts`)
                kept = 0
                for k in range(a, b):
                    for syl in <tuple> (<tuple> records[rows_of[k]])[R_SYLLABLES]:
                        if lin_words == LINSEAR:
                            break
                        lin_words += 1
                        kept += 1
                        if syl >= 3:
                            lin_hard += 1
                        elif syl > 0:
                            lin_easy += 1
                # a unit cut short at the 100th word counts as a sentence when the part kept has > 2 words
                lin_sentences += is_sentence if kept == words else kept >= lin_cut
            n_long += long_
            n_passive += bool(phrase)
            n_hard += hard
            n_very_hard += very_hard
            candidates.append((grade, sentences[i], words, text))
        # the unit's columns
        c_in.append(in_formulas)
        c_syll.append(syllables)
        c_poly.append(s[C_POLYSYLLABLES])
        c_letters.append(s[C_LETTERS])
        c_chars.append(chars)
        c_long_words.append(s[C_LONG_WORDS])
        c_difficult.append(n_difficult)
        c_grade.append(grade)
        c_long.append(long_)
        c_very_long.append(in_formulas and words > very_long_limit)
        c_hard.append(hard)
        c_very_hard.append(very_hard)
        c_passive.append(bool(phrase))
        c_phrase.append(phrase)
    if tagged and not all_records:
        rows = scanned[:n_scanned]
    single, shared = _difficult_words(table, rows, difficult)
    if lin_words:
        lin_sentences = max(1, lin_sentences)
    return (columns, [page[j] for j in range(N_FACTS)], n_formula, n_sentences, n_stops, formula_tokens,
            (lin_easy, lin_hard, lin_sentences),
            all_words, n_headings, n_long, n_passive, n_hard, n_very_hard, candidates, single, shared,
            term_sentences, term_lines)


cdef str _passive_rows(list records, const int *facts, const Py_ssize_t *rows_of, Py_ssize_t a, Py_ssize_t b):
    """`passive.passive_rules(text, words)` of a unit's lower-cased words — the `LOWERS` of its tokens' records, at
    `rows_of[a:b]` — (its definition): the first form of be/get followed by up to three adverbs, then "being" or
    not, then a past participle, as the phrase ("" when none). Only the records of the tokens holding a form of
    be/get (their `facts`' be column), and of the few after them, are read: such a phrase is at most six words."""
    cdef Py_ssize_t k, kk, i, n
    cdef tuple lowers
    cdef list window
    cdef str phrase
    for k in range(a, b):
        if not facts[rows_of[k] * N_FACTS + F_BE]:
            continue
        lowers = <tuple> (<tuple> records[rows_of[k]])[R_LOWERS]
        n = len(lowers)
        for i in range(n):
            if lowers[i] not in BE:
                continue
            window = list(lowers[i:i + 6])  # the form and the words after it, up to six in all
            kk = k + 1
            while len(window) < 6 and kk < b:
                window += (<tuple> records[rows_of[kk]])[R_LOWERS]
                kk += 1
            phrase = _passive_at(window)
            if phrase:
                return phrase
    return ""


cdef str _passive_at(list words):
    """The passive phrase starting at `words[0]`, a form of be/get (`_passive_rows`): up to three adverbs, then
    "being" or not, then a past participle ("" when none)."""
    cdef Py_ssize_t n = len(words), j = 1
    while j < n and j <= 3 and _known(ADVERB, words[j]):  # up to three adverbs
        j += 1
    if j < n and words[j] == "being":  # "is being treated"
        j += 1
    if j < n and _known(PARTICIPLE, words[j]):
        return " ".join(words[:j + 1])
    return ""


cdef inline bint _known(test, word) except -1:
    """`test[word]` of a `passive._WordTest` (a dict subclass: its `[]` from compiled code goes through a Python-level
    slot), read as a dict first; the test runs for a new word (`__missing__`)."""
    value = (<dict> test).get(word)
    if value is None:
        value = test[word]
    return value


cdef int _ascending(const void *a, const void *b) noexcept nogil:
    cdef Py_ssize_t x = (<const Py_ssize_t *> a)[0], y = (<const Py_ssize_t *> b)[0]
    return (x > y) - (x < y)


def difficult_words(table, rows, list more):
    """`_difficult_words` (below)."""
    return _difficult_words(table, rows, more)


cdef tuple _difficult_words(table, rows, list more):
    """A page's difficult words: the non-capitalised ones of the tokens at `rows` (a `words.TokenTable`'s rows, by
    `links`: the first pair of each token, and its record's others) and the pairs numbered `more` (pair ids,
    `TokenTable.pair_id`), counted per pair: ([(lemma, word, occurrences, alternative)] of the lemmas seen in one
    form, {lemma: {word: occurrences}} of those seen in several), both in the order of the pairs' numbers.
    Counted in the table's `pair_count` and `lemma_count` arrays (the page's pairs listed as they first occur, then
    sorted; the counters set back to zero)."""
    links_array = table.links  # (the arrays' data read while these references hold them)
    cdef const Py_ssize_t *rows_of = <const Py_ssize_t *> _array_data(rows, sizeof(Py_ssize_t))
    cdef const int *links = <const int *> _array_data(links_array, sizeof(int), N_LINKS)
    cdef Py_ssize_t n = len(rows), k, row, pid, n_ids = 0, i
    cdef dict shared = {}
    cdef list table_records = table.records, pairs = table.pairs, single_rows = table.single_rows, single = []
    cdef list numbered = list(more)
    if table.lemmas_numbered < len(pairs):  # (the pairs numbered since the last page: their lemma ids)
        table.number_lemmas()
    plain = table.plain
    cdef dict by_lemma = plain.by_lemma, first_word = plain.first_word, surface = plain.surface
    for k in range(n):
        row = rows_of[k]
        if links[row * N_LINKS + 4]:  # tokens with more than one (rare: "well-known"-like tokens): their second, third, ...
            numbered.extend((<tuple> (<tuple> table_records[row])[R_LOWER])[1:])
    lemma_array, count_array, per_lemma_array = table.pair_lemma, table.pair_count, table.lemma_count
    cdef const Py_ssize_t *lemma_of = <const Py_ssize_t *> _array_data(lemma_array, sizeof(Py_ssize_t))
    cdef Py_ssize_t *count = <Py_ssize_t *> _array_data(count_array, sizeof(Py_ssize_t), 0, True)
    cdef Py_ssize_t *per_lemma = <Py_ssize_t *> _array_data(per_lemma_array, sizeof(Py_ssize_t), 0, True)
    cdef Py_ssize_t *ids = <Py_ssize_t *> malloc((n + len(numbered) + 1) * sizeof(Py_ssize_t))
    if not ids:
        raise MemoryError()
    try:
        for k in range(n):
            pid = links[rows_of[k] * N_LINKS + 3]
            if pid >= 0:
                if count[pid] == 0:
                    ids[n_ids] = pid
                    n_ids += 1
                count[pid] += 1
        for i in range(len(numbered)):
            pid = <Py_ssize_t> numbered[i]
            if count[pid] == 0:
                ids[n_ids] = pid
                n_ids += 1
            count[pid] += 1
        qsort(ids, n_ids, sizeof(Py_ssize_t), _ascending)
        for i in range(n_ids):
            per_lemma[lemma_of[ids[i]]] += 1
        for i in range(n_ids):
            pid = ids[i]
            if per_lemma[lemma_of[pid]] > 1:  # grouped by the caller
                word, lemma = <tuple> pairs[pid]
                forms = shared.get(lemma)
                if forms is None:
                    forms = shared[lemma] = {}
                forms[word] = count[pid]
            else:
                single_row = single_rows[pid]
                if single_row is None:
                    word, lemma = <tuple> pairs[pid]
                    if lemma in by_lemma or lemma in first_word or word in surface or word in first_word:
                        single_row = table._single_row(pid)
                    else:  # no table entry of any kind (most difficult words): `alternative_for` gives ""
                        single_row = single_rows[pid] = (lemma, word, "")
                single.append((single_row[0], single_row[1], count[pid], single_row[2]))
    finally:
        for i in range(n_ids):
            count[ids[i]] = 0
            per_lemma[lemma_of[ids[i]]] = 0
        free(ids)
    return single, shared
