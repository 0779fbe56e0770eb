"""Issue 14: terms' and duplication's per-page loops, compiled (`audit/terms/_words.pyx`, `_scan.pyx`,
`_units.lemma_ids`), against the Python definitions they replace, on real text (the seed pages and the Clough &
Stevenson answers under tests/fixtures/real_sites/clough): word records, n-grams, a block's token tuples and the lemma
column."""
from __future__ import annotations

from bisect import bisect_right
from itertools import compress, count, islice
from operator import and_, itemgetter
from pathlib import Path

import re

import numpy as np
import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from audit.duplication import _units
from audit.duplication import passage_units as P
from audit.duplication import shingles as S
from audit.nlp import WordTable, doc_tokens, lemma_table, load_nlp, sentence_rule, word_table
from audit.terms import _scan, _words
from audit.terms import candidates as C
from audit.terms import discovery as D
from audit.terms import glossary as G
from audit.terms.glossary import _lemma_table, token_key

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests/fixtures"
REAL = (sorted((ROOT / "corpus").glob("*.txt")) + sorted((FIXTURES / "real_sites/clough").glob("*.txt"))
        + sorted((FIXTURES / "healthcare-gov").rglob("*.md")) + sorted(FIXTURES.glob("*/*/*.html"))
        + sorted((FIXTURES / "pypug").glob("*.html")))  # (the guide's "License Identifier(s)": `nlp.OPTIONAL_ENDINGS`)


def _texts() -> list[str]:
    """The real pages' texts (HTML: the text between the tags, entities as written)."""
    assert len(REAL) >= 30
    out = []
    for p in REAL:
        text = p.read_bytes().decode("cp1252", errors="replace") if p.parent.name == "clough" else \
            p.read_text(encoding="utf-8")
        out.append(re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<[^>]+>", "\n\n", text)
                   if p.suffix == ".html" else text)
    return out


def _vocabulary_sample() -> list[str]:
    """Every 25th word of WordNet's base-form lists (spaCy's lemma_index), as written and capitalised: words of
    every part of speech, for the word classes."""
    words = sorted(set().union(*D._pos_lists().values()))
    return [w for word in words[::25] for w in (word, word.capitalize())]


def _docs() -> list:
    nlp = load_nlp("")
    return [nlp.make_doc(p) for text in _texts() for p in filter(None, (x.strip() for x in text.split("\n\n")))]


def _table_of(texts: list[str]) -> WordTable:
    """A fresh `WordTable` holding `texts` (distinct), in that order, its shared facts declared (`nlp.WordTable`)."""
    vocab = load_nlp("").vocab
    table = WordTable()
    table.declare(WordTable.FACTS)
    table.rows(np.array([vocab.strings.add(t) for t in texts], dtype=np.uint64), vocab)
    assert table.texts == texts
    return table


# ---------------------------------------------------------------- the definitions (the Python they replace)

def _word_class(low: str) -> tuple[bool, bool, bool]:
    pos = D._pos_lists()
    if not pos or "-" in low:
        return False, False, False
    noun, verb, adj, adv = pos["noun"], pos["verb"], pos["adj"], pos["adv"]
    lemma = _lemma_table().get(low, low)
    lemma = lemma if isinstance(lemma, str) else low
    adv_only = low in adv and low not in noun and low not in adj and low not in verb
    verb_only = any(w in verb and w not in noun and w not in adj for w in {low, lemma})
    adj_only = low in adj and low not in noun
    return adv_only, verb_only, adj_only


def _verb_form(low: str) -> bool:
    if not (low.endswith("ing") or low.endswith("ed")) or "-" in low:
        return False
    lemma = _lemma_table().get(low, low)
    return isinstance(lemma, str) and lemma != low


def _surface(word: str) -> str:
    return word if (word.isupper() and len(word) > 1) else word.lower()


def _reference_record(text: str, key: str, possessive: bool = False) -> tuple:
    surface = text if possessive and text[:1].isupper() and not text.isupper() else _surface(text)
    low = surface.lower()
    edge_ok = len(low) > 1 and low not in D.EDGE_STOP and key not in D.EDGE_STOP and low not in D.EDGE_VERBS
    if possessive:
        bad_start, bad_end = False, True
    else:
        adv_only, verb_only, adj_only = _word_class(low)
        verb_form = _verb_form(low)
        edge_ok = edge_ok and not adv_only
        bad_start = verb_form or verb_only
        bad_end = adj_only or verb_only or (verb_form and low.endswith("ed"))
    if edge_ok:
        role = D._INNER if bad_end else D._END
    else:
        role = D._INNER if low in D.INNER_OK or low not in D.EDGE_STOP else D._BREAK
    return (surface, key, text[:1].isupper(), edge_ok and not bad_start, role, bad_start, low in D.DETERMINERS,
            role != D._BREAK, low not in STOP_WORDS)


def _reference_ngrams(recs: list[tuple], max_words: int, firsts=(0,)) -> list[tuple[int, str, str, bool]]:
    found = []
    start_ok, links = itemgetter(3), itemgetter(7)
    for i in compress(count(), map(and_, map(start_ok, recs), map(links, islice(recs, 1, None)))):
        w = recs[i]
        surface, key, named = w[0], w[1], w[2]
        u = -1
        j = i + 1
        for w in islice(recs, j, i + max_words):
            role = w[4]
            if role == D._BREAK:
                break
            key = f"{key} {w[1]}"
            surface = f"{surface} {w[0]}"
            named = named and w[2]
            if role == D._END and not (w[5] and recs[j + 1][6]):
                if u < 0:
                    u = bisect_right(firsts, i) - 1
                found.append((u, key, surface, named and i > firsts[u]))
            j += 1
    return found


# ---------------------------------------------------------------- the tests

def test_the_modules_are_compiled():
    """One path: the terms loops are the Cython extension built by the install, not a Python stand-in."""
    assert Path(_words.__file__).suffix in (".so", ".pyd") and Path(_scan.__file__).suffix in (".so", ".pyd")
    assert C.ngrams is _scan.ngrams and D._compiled_page_tokens is _words.page_tokens and G.walk is _scan.walk
    assert C.page_records is _scan.page_records and isinstance(D._rules(), _words.WordRules)
    assert P.lemma_ids is _units.lemma_ids


def _tricky_words() -> list[str]:
    """Words that reach every branch: verb forms, adverb/verb/adjective-only words, capitals, hyphens, stop words."""
    return ["experiencing", "treated", "restores", "restore", "incredibly", "abnormal", "muscles", "NASA", "A",
            "I", "Facial", "facial", "of", "the", "things", "cause", "caused", "hemi-facial", "Well-known", "bed",
            "red", "ring", "sing", "running", "Bell", "MRI", "x", "Ed", "united", "UNITED", "Treating", "it"]


def test_word_records_equal_the_definition_on_real_text():
    """Every distinct token of the real pages (and words picked for each rule): the compiled record equals the
    Python rules, alone (`_word_record`), as a possessive, and as the batch column (`_word_column`: `_GAP`, the
    same object, for a token that is not alphabetic)."""
    texts = list(dict.fromkeys([t.text for doc in _docs() for t in doc] + _tricky_words() + _vocabulary_sample()))
    assert len(texts) > 5000
    table = _table_of(texts)
    assert table.column(*D.KEY_COLUMN).tolist() == [token_key(t) for t in texts]
    got = table.column(*D.WORD_COLUMN).tolist()
    words = 0
    for text, rec in zip(texts, got):
        if not text.isalpha():
            assert rec is D._GAP, text
            continue
        words += 1
        expected = _reference_record(text, token_key(text))
        assert rec == expected and [type(x) for x in rec] == [type(x) for x in expected], text
        assert D._word_record(text, token_key(text)) == expected
        assert D._word_record(text + "’s", token_key(text), True) == _reference_record(text + "’s", token_key(text),
                                                                                         True)
    assert words > 2500
    classes = {rec[3:6] for rec in got if rec is not D._GAP}
    assert len(classes) >= 5  # start/end roles of every kind were seen


def test_word_records_without_the_word_lists(monkeypatch):
    """Without spacy-lookups-data's POS lists (`_pos_lists() == {}`) only the stop words, EDGE_VERBS and the verb
    forms guard the edges, as before."""
    monkeypatch.setattr(D, "_POS", {})
    monkeypatch.setattr(D, "_RULES", None)
    for text in _tricky_words() + ["dystonia", "spasms", "tingling"]:
        if text.isalpha():
            assert D._word_record(text, token_key(text)) == _reference_record(text, token_key(text)), text


@pytest.mark.parametrize("max_words", [2, 3, 4, 6])
def test_ngrams_equal_the_definition_on_real_text(max_words):
    """The n-grams of every real paragraph, its sentences as units (`firsts`), glossary-free: the compiled loop
    gives the Python definition's list, in order, with the same unit, surface and name-like flag."""
    rule = sentence_rule("")
    total = named = 0
    for doc in _docs():
        tok = D.Tokens(doc)
        recs: list[tuple] = []
        firsts: list[int] = []
        starts = rule.starts(doc)
        for s, e in zip(starts, starts[1:] + [len(doc)]):
            firsts.append(len(recs))
            recs += D._words(tok, s, e)
            recs.append(D._GAP)
        expected = _reference_ngrams(recs, max_words, firsts)
        assert C._ngrams(recs, max_words, firsts) == expected
        assert _scan.ngrams(recs, max_words, tuple(firsts)) == expected
        total += len(expected)
        named += sum(1 for x in expected if x[3])
    assert total > 1000 and named > 0


def test_ngrams_edges():
    gap = D._GAP
    assert C._ngrams([gap], 4) == [] and C._ngrams([], 4) == []
    word = D._word_record("facial", "facial")
    nerve = D._word_record("nerve", "nerve")
    assert C._ngrams((word, nerve, gap), 4) == [(0, "facial nerve", "facial nerve", False)]  # a tuple of records


def test_ngram_tally_equals_tally_of_the_ngrams_on_real_text():
    """`_scan.ngram_tally` (the page's n-grams counted as they are found) gives the entries `tally` makes of the
    list `ngrams` returns: keys in order, their counts, first sentences, name-like and checkable uses, and forms."""
    rule = sentence_rule("")
    recs: list[tuple] = []
    firsts: list[int] = []
    for doc in _docs():  # (every real paragraph into one page: keys recur, forms differ)
        tok = D.Tokens(doc)
        starts = rule.starts(doc)
        for s, e in zip(starts, starts[1:] + [len(doc)]):
            firsts.append(len(recs))
            recs += D._words(tok, s, e)
            recs.append(D._GAP)
    sentence_of = [3 * u + 1 for u in range(len(firsts))]
    prose_of = [u % 3 != 0 for u in range(len(firsts))]  # (some units not prose: headings, list items)
    want: tuple = ({}, [], [], [])
    _scan.tally(_scan.ngrams(recs, 4, tuple(firsts)), sentence_of, prose_of, *want)
    got: tuple = ({}, [], [], [])
    _scan.ngram_tally(recs, 4, firsts, sentence_of, prose_of, *got)
    assert got == want
    index, keys, stats, forms = got
    assert len(keys) > 500 and any(type(f) is dict for f in forms) and sum(stats[2::4]) > 0


def _reference_tokens(doc) -> tuple:
    """A block's tokens by their definition (`discovery.Tokens`), from its Doc and the WordTable columns taken."""
    table = word_table()
    rows = doc_tokens(doc).row
    texts = tuple(t.text for t in doc)
    keys = tuple(table.column(*D.KEY_COLUMN).take(rows).tolist())
    words = tuple(table.column(*D.WORD_COLUMN).take(rows).tolist())
    ws = [1 if t.whitespace_ else 0 for t in doc]
    joins = [i for i in compress(count(-1), map(D._JOINERS.__contains__, texts))
             if i >= 0 and not ws[i] and words[i] is not D._GAP] or ()
    return texts, keys, words, ws if not D._JOINERS.isdisjoint(texts) else None, joins, "(" in texts


def test_block_tokens_equal_the_columns_taken():
    """A block's texts, keys, records, whitespace, joined words and parenthesis (`Tokens`) equal their definition on
    every real paragraph: built alone (`Tokens(doc)`), and a page's blocks at once (`page_tokens`) with a glossary's
    gate — the blocks with no joiner, "(" or gate word keep their words only and read texts and keys when used —
    and each block's flags are their definition (`CompiledGlossary.block_flags`, the gate test `match` makes), and
    `match` finds with them what it finds without."""
    from audit.terms.glossary_runs import compiled_glossary

    cg = compiled_glossary("", "")
    docs = _docs()[:400]
    expected = [_reference_tokens(doc) for doc in docs]
    for doc, want in zip(docs, expected):
        tok = D.Tokens(doc)
        assert (tok.texts, tok.keys, tok.words, tok.ws, list(tok.joins) or (), tok.parens) == want
    D._SHARED.clear()
    D._SEEN.clear()
    lazy = 0
    kinds: set[int] = set()
    for page in range(0, len(docs), 7):
        page_docs = docs[page:page + 7]
        toks, flags = D.page_tokens(page_docs, [d.text for d in page_docs], cg.gate)
        for doc, tok, flag, want in zip(page_docs, toks, flags, expected[page:page + 7]):
            lazy += tok._texts is None
            assert (tok.texts, tok.keys, tok.words, tok.ws, list(tok.joins) or (), tok.parens) == want
            assert flag >> 2 << 2 == cg.block_flags(want[1], want[0])  # (the glossary's bits: its definition)
            may = not cg.gate_keys.isdisjoint(want[1]) or not cg.gate_texts.isdisjoint(want[0])
            assert bool(flag & (G.GATE_KEY | G.GATE_TEXT)) == may
            assert flag & (G.JOINER | G.PAREN) == (G.JOINER if want[3] is not None else 0) | (
                G.PAREN if want[5] else 0)
            assert cg.match(doc, tokens=tok, partial=True, flags=flag) == cg.match(doc, tokens=tok, partial=True)
            kinds |= {bit for bit in G.WORD_FLAGS if flag & bit}
            if not may:
                assert cg.match(doc, tokens=tok, partial=True) == []
    assert lazy > 50 and kinds == set(G.WORD_FLAGS) - {G.GATE_TEXT}  # (every flag seen but an exact form's)
    doc = load_nlp("").make_doc("An MRI (magnetic resonance imaging) scan-based plan, or a CT scan.")
    (tok,), (flag,) = D.page_tokens([doc], [doc.text], cg.gate)
    assert flag & G.GATE_TEXT and flag >> 2 << 2 == cg.block_flags(tok.keys, tok.texts)
    assert cg.match(doc, tokens=tok, partial=True, flags=flag) == cg.match(doc, tokens=tok, partial=True) != []


def test_word_flags_equal_the_definition_on_real_text():
    """The flags column (`discovery._flags_column`, compiled: `_words.word_flags`) of every distinct token of the real
    pages and of WordNet words equals its definition, one set test per bit (`glossary.WORD_FLAGS`), for the default
    glossary's gate; every bit is set for some word."""
    from audit.terms.glossary_runs import compiled_glossary

    gate = compiled_glossary("", "").gate
    texts = list(dict.fromkeys([t.text for doc in _docs() for t in doc] + _vocabulary_sample() + ["MRI", "("]))
    keys = np.fromiter(map(token_key, texts), dtype=object, count=len(texts))
    gate_keys, gate_texts, part, insertion, predicative, coordinator, last = gate
    want = [(t in D._JOINERS) | (t == "(") << 1 | (k in gate_keys) << 2 | (t in gate_texts) << 3 | (k in part) << 4
            | (k in insertion) << 5 | (k in predicative) << 6 | (k in coordinator) << 7 | (k in last) << 8
            for t, k in zip(texts, keys.tolist())]
    got = _words.word_flags(texts, keys, D._JOINERS, gate)
    assert got.dtype == np.uint16 and got.tolist() == want
    assert len(texts) > 5000 and all(any(f & bit for f in want) for bit in G.WORD_FLAGS)
    assert _words.word_flags(texts, keys, D._JOINERS, D.NO_GATE).tolist() == [f & 3 for f in want]


def test_page_tokens_share_short_blocks_as_tokens_of():
    """`page_tokens` shares a short block's `Tokens` (with a memo) from the second sighting of its text, as
    `tokens_of` does one block at a time; longer blocks never."""
    from audit.terms.glossary_runs import compiled_glossary

    nlp = load_nlp("")
    texts = ["Treatment options", "A much longer paragraph " * 4, "Treatment options", "Treatment options"]
    docs = [nlp.make_doc(t) for t in texts]
    D._SHARED.clear()
    D._SEEN.clear()
    toks, _ = D.page_tokens(docs, texts, compiled_glossary("", "").gate)
    assert toks[0].memo is None and toks[1].memo is None and toks[2].memo == {} and toks[3] is toks[2]
    again, _ = D.page_tokens(docs[1:], texts[1:])
    assert again[0] is not toks[1] and again[1] is toks[2]
    assert D.tokens_of(docs[0], texts[0]) is toks[2]


def test_page_records_equal_the_blocks_records():
    """`page_records` (a page's units' word records) equals `_block_records` block by block on real paragraphs,
    their sentences as units, with glossary matches marked in some blocks: the joined words' records (hyphenated
    words, possessives) made anew, and read from their cache."""
    rule = sentence_rule("")
    docs = _docs()[:300]
    tokens = {b: D.Tokens(doc) for b, doc in enumerate(docs)}
    unit_blocks, spans = [], []
    for b, doc in enumerate(docs):
        starts = rule.starts(doc)
        for s, e in zip(starts, starts[1:] + [len(doc)]):
            unit_blocks.append(b)
            spans.append((s, e))
    matched = {b: [(1, 3)] for b in range(0, len(docs), 5) if len(docs[b]) > 3}
    recs: list = []
    firsts: list = []
    k = 0
    while k < len(unit_blocks):
        first, k = k, bisect_right(unit_blocks, unit_blocks[k], k)
        C._block_records(tokens[unit_blocks[first]], tuple(spans[first:k]), matched.get(unit_blocks[first]), recs,
                         firsts)
    D._WREC.clear()  # (the joined words' records made anew by the compiled loop, then read from the cache)
    assert _scan.page_records(unit_blocks, spans, tokens, matched, D.JOINS, D._GAP) == (recs, firsts)
    assert len(D._WREC) > 20
    assert _scan.page_records(unit_blocks, spans, tokens, matched, D.JOINS, D._GAP) == (recs, firsts)
    assert len(firsts) > 400 and any(tok.joins for tok in tokens.values())


def test_lemma_column_equals_the_per_token_definition_on_real_text():
    """`duplication.lemma` for every distinct token of the real pages (and WordNet words, symbols): `stable_hash` of `_content_lemma` on the
    word's Lexeme and on each of its tokens (0 when it is not a content word); the hash cache cold, then warm."""
    docs = _docs()
    table, vocab = lemma_table(""), load_nlp("").vocab
    texts = list(dict.fromkeys([t.text for doc in docs for t in doc] + _vocabulary_sample()
                               + ["—", "...", "²", "Ⅻ", "an", "THE", "n't", "'s", "e.g.", "١٢", "x²"]))
    expected = []
    for text in texts:
        lemma = P._content_lemma(vocab[text], table)
        expected.append(S.stable_hash(lemma) if lemma else 0)
    for _ in range(2):
        S._HASHES.clear()
        got = _table_of(texts).column(*P.LEMMA_COLUMN)
        assert got.dtype == np.int64 and got.tolist() == expected
        got = _table_of(texts).column(*P.LEMMA_COLUMN)
        assert got.tolist() == expected
    by_text = dict(zip(texts, expected))
    for doc in docs[:100]:
        for t in doc:
            lemma = P._content_lemma(t, table)
            assert by_text[t.text] == (S.stable_hash(lemma) if lemma else 0), t.text
    assert sum(1 for x in expected if x) > 5000 and sum(1 for x in expected if not x) > 200


def test_walk_equals_brute_force_on_real_text():
    """The glossary walk (`glossary._walk`, compiled) over every real block's keys and texts, for each of the
    matcher's prefix tables (folded forms, exact forms, partial parts, insertion variants): every (start, end)
    whose tokens are a sequence of the table, by brute force."""
    from audit.terms.glossary import _walk
    from audit.terms.glossary_runs import compiled_glossary

    cg = compiled_glossary("", "")
    tables = [(cg._folded, cg._folded_first, "keys"), (cg._exact, cg._exact_first, "texts"),
              (cg._part, cg._part_first, "keys"), (cg._ins, cg._ins_first, "keys")]
    n_found = 0
    for doc in _docs():
        tok = D.Tokens(doc)
        for prefixes, firsts, which in tables:
            tokens = getattr(tok, which)
            longest = max(map(len, prefixes), default=0)
            brute = [(i, j, prefixes[tokens[i:j]]) for i in range(len(tokens))
                     for j in range(i + 1, min(len(tokens), i + longest) + 1)
                     if tokens[i] in firsts and prefixes.get(tokens[i:j], -1) >= 0
                     and all(tokens[i:k] in prefixes for k in range(i + 1, j))]
            assert _walk(tokens, prefixes, firsts) == brute
            assert _walk(list(tokens), prefixes, firsts) == brute
            n_found += len(brute)
    assert n_found > 100
