"""New-term discovery: frequent multi-word terms in the corpus that the glossary lacks, ranked, with an example.

Candidates per sentence unit (in the worker):

- with a trained pipeline (`[segment] spacy_model`): spaCy noun chunks, stripped of leading/trailing stop words
  ("the facial nerve" -> "facial nerve");
- otherwise a statistical key-phrase method: runs of words (no punctuation or digits inside; a hyphenated word is
  one word, and so is a word with its possessive clitic: "Bell’s") cut into n-grams of 2..`discovery_max_words`
  words whose first and last words are not stop words and whose inner words are content words or "of"
  ("quality of life").

N-grams overlapping a glossary match never count (they are known terms, or known terms plus a word). Without a
tagger, the edges of an n-gram are checked against spaCy's lookup word lists (`spacy-lookups-data`, WordNet's
base forms by part of speech): no n-gram starts or ends with an adverb-only word ("incredibly"), a generic word
("things") or a verb common in health text (`EDGE_VERBS`: cause, treat, help, include, affect, occur, lead, result
and their forms: "cause facial twitching"); none starts with a verb form ("experiencing facial twitching": an
-ing/-ed word whose lemma differs) or a verb-only word ("restore facial function"); none ends with an
adjective-only word ("cause abnormal"), an -ed verb form or a possessive ("the nerve’s"). Forms are grouped by
their matching key (case, plural, apostrophe and possessive folded, as the glossary matcher does: Bell’s palsy =
Bell's palsy = Bells palsy), so "facial muscles" and "Facial Muscle" are one candidate.

The n-grams of a page and their ranking across the corpus are `audit.terms.candidates`.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import compress
from operator import itemgetter

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from audit.nlp import doc_tokens, word_table
from audit.nlp import page_tokens as nlp_page_tokens

from audit.terms._scan import Joins
from audit.terms._words import TokenFields, WordRules, fill_tokens, token_keys, word_flags
from audit.terms._words import page_tokens as _compiled_page_tokens
from audit.terms.glossary import APOSTROPHES, WORD_FLAGS, _lemma_table, token_key
from audit.terms.keys import CLASSICAL_ENDINGS, classical_singular

INNER_OK = frozenset({"of"})
GENERIC = frozenset({"thing", "things", "way", "ways", "lot", "lots", "today", "time", "times", "kind", "sort",
                     "example", "deal", "need", "needs", "terms"})
EDGE_STOP = frozenset(STOP_WORDS) | GENERIC
# verbs common in health text that are also nouns (the word lists cannot tell): never the edge of a term
EDGE_VERBS = frozenset(
    f"{v}{e}" for v, ends in (("cause", ("", "s", "d")), ("caus", ("ing",)), ("treat", ("", "s", "ed", "ing")),
                              ("help", ("", "s", "ed", "ing")), ("include", ("", "s", "d")), ("includ", ("ing",)),
                              ("affect", ("", "s", "ed", "ing")), ("occur", ("", "s", "red", "ring")),
                              ("lead", ("", "s", "ing")), ("led", ("",)), ("result", ("", "s", "ed", "ing")))
    for e in ends)
CLITICS = frozenset({"'s", "’s", "'S", "’S"})
PLURAL_CLITICS = frozenset({"'", "’"})
DETERMINERS = frozenset({"the", "a", "an", "your", "their", "his", "her", "its", "our", "this", "these", "those",
                         "that", "it", "them", "you"})


def possessive_key(base: str, clitic: str) -> str:
    """The key of a word with its possessive clitic, as the glossary matcher folds it: Bell’s = Bell's = Bells
    (`token_key("Bells")`); patients’ = patients."""
    return token_key(base + "s") if token_key(clitic) == "'s" else token_key(base)


def phrase_key(term: str) -> str:
    """The candidate key of a written term ("Bell's palsy" -> "bell palsy", "Facial Nerves" -> "facial nerve"), as
    `unit_candidates` keys the same words in text (for comparing glossary forms with candidates)."""
    words = []
    for word in term.translate(APOSTROPHES).split():
        parts = word.split("-")
        last = parts[-1]
        if last.lower().endswith("'s") and len(last) > 2:
            parts[-1] = possessive_key(last[:-2], "'s")
            words.append("-".join([token_key(p) for p in parts[:-1]] + [parts[-1]]))
        elif last.endswith("'") and last[:-1].lower().endswith("s") and len(last) > 2:
            parts[-1] = possessive_key(last[:-1], "'")
            words.append("-".join([token_key(p) for p in parts[:-1]] + [parts[-1]]))
        else:
            words.append("-".join(token_key(p) for p in parts))
    return " ".join(words)


_POS: dict[str, frozenset[str]] | None = None


def _pos_lists() -> dict[str, frozenset[str]]:
    """WordNet's base forms by part of speech (spaCy's `lemma_index` lookup table; {} without spacy-lookups-data)."""
    global _POS
    if _POS is None:
        try:
            from spacy.lookups import load_lookups

            table = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
            _POS = {pos: frozenset(table.get(pos, ())) for pos in ("noun", "verb", "adj", "adv")}
        except Exception:  # noqa: BLE001 - without the lists only the stop words and EDGE_VERBS guard the edges
            _POS = {}
    return _POS


# A word's record (`_word_record`): (surface, key, capitalised, start_ok, role, verb, determiner, links, content).
# start_ok: may start a term; role: how it ends an n-gram (_END: may end a term, _INNER: may only sit inside a longer
# one, _BREAK: no n-gram spans it); verb: a verb form or verb-only word ("disorder involving | the nerve"); links:
# role is not _BREAK; content: not a stop word.
_END, _INNER, _BREAK = 0, 1, 2
_GAP = ("", "", False, False, _BREAK, False, False, False, False)  # no word (punctuation, digits): ends a run
_MATCHED_DETERMINER = ("", "", False, False, _BREAK, False, True, False, False)  # (see `_matched`)
_CONTENT = itemgetter(8)
_JOINERS = frozenset({"-"}) | CLITICS | PLURAL_CLITICS  # tokens that may join the word before them

def _key_column(texts: list[str], lemmas: np.ndarray) -> list[str]:
    """The `WordTable` column "terms.key": `token_key` of each word, compiled (`_words.token_keys`), the lemma
    read from the table's shared fact "lemma"; (stop 38) a Latin or Greek plural without "s" folded after it
    (`keys.classical_singular`: the compiled loop folds the plurals in "s")."""
    keys = token_keys(texts, lemmas, _lemma_table(), APOSTROPHES)
    for i, key in enumerate(keys):
        if key.endswith(CLASSICAL_ENDINGS):
            keys[i] = classical_singular(key, lemmas[i])
    return keys


def _word_column(texts: list[str], keys: np.ndarray, lemmas: np.ndarray) -> list[tuple]:
    """The `WordTable` column "terms.word": each word's record (`_word_record`), its key and lemma read from the
    column "terms.key" and the fact "lemma"."""
    return _rules().column(texts, keys, lemmas)


# (`WordTable.column`'s arguments; "terms.key" before "terms.word", which uses it)
KEY_COLUMN = ("terms.key", _key_column, object, ("lemma",))
WORD_COLUMN = ("terms.word", _word_column, object, ("terms.key", "lemma"))


_WREC: dict[str, tuple] = {}  # records of joined words (word-word, word + clitic), by text
WREC_MAX = 500_000  # (entries kept in `_WREC`)


class Tokens(TokenFields):
    """One block's tokens (reading the Doc once per block, not once per use): texts, ws (1 = followed by whitespace;
    None when the block has no token that may join the one before it, `_JOINERS`: then nothing needs it), keys
    (`token_key`), words (each token's word record on its own, `_GAP` if not alphabetic), joins (the words that may
    join the next tokens: word-word, word + clitic), parens ("(" is one of the texts) and memo (see `tokens_of`).

    Keys and word records are object columns of the process's `nlp.WordTable` (computed once per distinct token),
    texts its `texts`; all three read for the block as tuples in one compiled pass over the rows of the Doc's shared
    token record (`nlp.doc_tokens`: `_words.fill_tokens`; a page's blocks at once: `page_tokens`). The fields are
    C fields of the compiled base `_words.TokenFields`, which those loops set and read directly."""

    __slots__ = ()  # (the fields: `_texts`, `ws`, `_keys`, `words`, `joins`, `memo`, `parens`, `_lazy`)

    def __init__(self, doc) -> None:
        if not len(doc):
            self.memo, self.ws, self.joins, self.parens, self._lazy = None, None, (), False, None
            self._texts, self._keys, self.words = (), (), ()
            return
        record = doc_tokens(doc)  # (first: it adds the document's new words to the table)
        fill_tokens(self, _columns(), record.row, record.space.view(np.uint8),
                    word_table().column(*_flags_column(NO_GATE)), _GAP)

    @property
    def texts(self) -> tuple:
        if self._texts is None:
            self._read()
        return self._texts

    @property
    def keys(self) -> tuple:
        if self._keys is None:
            self._read()
        return self._keys

    def _read(self) -> None:
        """The texts and keys of a block `page_tokens` gave its words only (`_lazy`: the page's rows in the
        `WordTable`, the block's first and end row in them, and the table's generation then: read while the table
        holds them, during the page's step)."""
        page_rows, a, b, generation = self._lazy
        table = word_table()
        if table.generation != generation:
            raise RuntimeError("a block's tokens read after the word table was emptied")
        rows = page_rows[a:b]
        self._texts = tuple(map(table.texts.__getitem__, rows.tolist()))
        self._keys = tuple(table.column(*KEY_COLUMN)[rows].tolist())

    def content_keys(self, start: int, end: int) -> set[str]:
        """The keys of the tokens in [start, end) that are words and no stop words."""
        return set(compress(self.keys[start:end], map(_CONTENT, self.words[start:end])))


# vocab -> {text -> Tokens of a short block} (~2 kB each with its memo). Keyed by the text alone within a vocab: a
# (vocab, text) key would be one more object per entry that the garbage collector walks for as long as it is kept.
_SHARED: dict[object, dict[str, Tokens]] = {}
SHARED_MAX_TOKENS = 16
SHARED_MAX = 20_000  # entries per vocab (emptied when full)
# vocab -> hashes of the short block texts seen once: a text is shared from its second block on, so that the texts
# that never recur (most of them in real prose: newsgroup posts, articles) keep no `Tokens`, memo dict and lists alive
# for the garbage collector to walk at every full collection. A set of ints is one object for the collector.
_SEEN: dict[object, set[int]] = {}
SEEN_MAX = 200_000  # hashes per vocab (emptied when full)


def _columns() -> tuple:
    """The `WordTable`'s texts and its columns "terms.key" and "terms.word" (read after the records are made: making
    them adds new words)."""
    table = word_table()
    return table.texts, table.column(*KEY_COLUMN), table.column(*WORD_COLUMN)


def tokens_of(doc, text: str) -> Tokens:
    """`Tokens(doc)` of a block's Doc made from `text`, shared by all short blocks of the same text (headings and
    list items recur across a site's pages) from the second on, with a `memo` dict for what is derived from them (by
    what else it depends on: the glossary's matches, the n-grams). One block of `page_tokens`."""
    return page_tokens([doc], [text])[0][0]


_FLAG_COLUMNS: dict[tuple[int, ...], tuple] = {}  # the ids of a gate's sets -> `WordTable.column` arguments
NO_GATE: tuple[frozenset, ...] = (frozenset(),) * (len(WORD_FLAGS) - 2)  # (the flags of joiners and "(" alone)


def _flags_column(gate: tuple[frozenset, ...]) -> tuple:
    """The `WordTable` column of each word's flags (`glossary.WORD_FLAGS`) for a glossary's `gate`
    (`CompiledGlossary.gate`: its word sets, the second of texts, the others of keys): 1 a joiner (`_JOINERS`), 2 "(",
    then one bit per set holding the word (`_words.page_tokens`). One column per gate (the column's maker holds the
    sets: their ids stay theirs)."""
    ids = tuple(map(id, gate))
    found = _FLAG_COLUMNS.get(ids)
    if found is None:
        def flags(texts: list[str], keys: np.ndarray) -> np.ndarray:
            return word_flags(texts, keys, _JOINERS, gate)  # (compiled; its docstring says what it computes)

        found = _FLAG_COLUMNS[ids] = (f"terms.flags:{len(_FLAG_COLUMNS)}", flags, np.uint16, ("terms.key",))
    return found


def page_tokens(docs: list, texts: list[str], gate: tuple[frozenset, ...] | None = None
                ) -> tuple[list[Tokens], list[int]]:
    """`[tokens_of(doc, text) for doc, text in zip(docs, texts)]` for a page's blocks, in one compiled pass over
    their records (`_words.page_tokens`), and per block the OR of its words' flags for the glossary's `gate`
    (`glossary.WORD_FLAGS`; `CompiledGlossary.block_flags`): `CompiledGlossary.match` finds nothing in a block
    without GATE_KEY or GATE_TEXT, and runs only the tests its flags allow. With a `gate`, a block with no flag
    that is not shared has its words only: its texts and keys are read when used (for the page's step: before the
    word table takes new words); without one, every block is read whole (its flags: joiner and "(" alone)."""
    if not docs:
        return [], []
    rows, space, starts, table = nlp_page_tokens(docs)  # (the page's record: its new words are in the table)
    vocab = docs[0].vocab
    shared = _SHARED.get(vocab)
    if shared is None:
        shared = _SHARED[vocab] = {}
        _SEEN[vocab] = set()
    columns = _columns()
    flags = table.column(*_flags_column(gate if gate is not None else NO_GATE))
    return _compiled_page_tokens(Tokens, texts, list(starts[1:]), columns, rows,
                                 space.view(np.uint8), flags, gate is not None, _GAP, shared, _SEEN[vocab],
                                 (SHARED_MAX_TOKENS, SHARED_MAX, SEEN_MAX), table.generation)


_RULES: WordRules | None = None


def _rules() -> WordRules:
    """The compiled word rules (`_words.WordRules`) with this process's word lists, made on first use."""
    global _RULES
    if _RULES is None:
        _RULES = WordRules(_pos_lists(), _lemma_table(), EDGE_STOP, EDGE_VERBS, frozenset(STOP_WORDS), INNER_OK,
                           DETERMINERS, _GAP)
    return _RULES


def _word_record(text: str, key: str, possessive: bool = False) -> tuple:
    """The record of one word (a token, a hyphenated word or a word with its possessive clitic; see `_GAP`).

    A word may start or end a term unless it is a stop word, generic word, `EDGE_VERBS` verb or adverb-only word
    (by the word lists: in the adverb list and in no noun, adjective or verb list); it may not start one if it is
    a verb form (an -ing/-ed word whose lemma differs: "experiencing", "treated"; no POS tags without a model) or a
    verb-only word (the word or its lemma in the verb list and in no noun or adjective list: "restores"), nor end
    one if it is an adjective-only word (in the adjective list, not the noun list), a verb-only word, an -ed verb
    form or a possessive. A word with a hyphen is none of these classes. A stop word other than `INNER_OK` breaks
    every n-gram. Compiled: `_words.WordRules.record` (`_word_column` for a batch of new words)."""
    return _rules().record(text, key, possessive)


def _matched(rec: tuple) -> tuple:
    """A word inside a glossary match: part of no candidate (like a `_GAP`, but still a determiner if it is one)."""
    return _MATCHED_DETERMINER if rec[6] else _GAP


def _marked(words, taken) -> list[tuple] | tuple:
    """A block's word records with the words of glossary matches (token indices `taken`) marked `_matched`."""
    if not taken:
        return words
    words = list(words)
    for t in taken:
        words[t] = _matched(words[t])
    return words


def _joined(tok: Tokens, i: int, end: int, words: list[tuple], taken) -> tuple[tuple, int]:
    """The word starting at token i (a `Tokens.joins` one) and its last token: a hyphenated word (word-word) is one
    word, and so is a word with its possessive clitic ("Bell" + "’s": key `possessive_key`; not after a stop word:
    "it’s"); tokens [i, end) only."""
    texts, ws, keys = tok.texts, tok.ws, tok.keys
    first = i
    text, key = texts[i], keys[i]
    while i + 2 < end and texts[i + 1] == "-" and not ws[i] and not ws[i + 1] and texts[i + 2].isalpha():
        text += "-" + texts[i + 2]
        key += "-" + keys[i + 2]
        i += 2
    possessive = False
    if i + 1 < end and not ws[i]:
        clitic = texts[i + 1]
        if (clitic in CLITICS or (clitic in PLURAL_CLITICS and text[-1:] in "sS")) \
                and texts[i].lower() not in STOP_WORDS:
            possessive = True
            head = key.rpartition("-")[0]
            key = (head + "-" if head else "") + possessive_key(texts[i], clitic)
            text += clitic
            i += 1
    if i == first:
        return words[first], first
    rec = _WREC.get(text)
    if rec is None:
        rec = _word_record(text, key, possessive)
        if len(_WREC) < WREC_MAX:
            _WREC[text] = rec
    if taken and any(t in taken for t in range(first, i + 1)):
        rec = _matched(rec)
    return rec, i


def _words(tok: Tokens, start: int, end: int, words: list[tuple] | None = None, taken=(),
           bounds: list[int] | None = None) -> list[tuple]:
    """The words of tokens [start, end) in order, as records (`_GAP` for every other token: punctuation and digits
    end a run). `words`: the block's records (`Tokens.words`, or `_marked`; `taken` marks joined words likewise);
    `bounds`: when given, receives each entry's first token."""
    words = tok.words if words is None else words
    joins = tok.joins
    lo, hi = bisect_left(joins, start), bisect_left(joins, end - 1)
    if lo == hi:  # no joined words: one slice
        if bounds is not None:
            bounds.extend(range(start, end))
        return words[start:end]
    out: list[tuple] = []
    pos = start
    for i in joins[lo:hi]:
        if i < pos:
            continue  # inside the joined word before
        rec, last = _joined(tok, i, end, words, taken)
        out += words[pos:i]
        out.append(rec)
        if bounds is not None:
            bounds.extend(range(pos, i + 1))
        pos = last + 1
    out += words[pos:end]
    if bounds is not None:
        bounds.extend(range(pos, end))
    return out


# `_joined`'s joined words, compiled, for the records of a page's units (`_scan.page_records`)
JOINS = Joins(_WREC, WREC_MAX, _word_record, possessive_key, CLITICS, PLURAL_CLITICS, frozenset(STOP_WORDS), _GAP,
              _MATCHED_DETERMINER)


def _overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _edge_ok(word: str, key: str) -> bool:
    low = word.lower()
    return len(low) > 1 and low not in EDGE_STOP and key not in EDGE_STOP and low not in EDGE_VERBS
