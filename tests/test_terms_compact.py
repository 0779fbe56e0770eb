"""Term coverage internals kept fast and compact: the per-page candidates, the glossary walk, the one-regex
definition check and the strings shared in the main process (real text from the seed pages in corpus/)."""
from __future__ import annotations

import os
import pickle
import re
import time
from pathlib import Path

from audit.terms import jargon
from audit.terms import measure as terms
from audit.terms.candidates import PageCandidates, _block_ngrams, _packed, page_candidates, unit_candidates
from audit.terms.discovery import Tokens, tokens_of
from audit.terms.glossary import _walk, token_key
from audit.terms.glossary_runs import _LAST, compiled_glossary
from audit.engine.results import Units
from audit.nlp import load_nlp

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _seed_blocks() -> list[list[str]]:
    """Per seed page: its paragraphs (runs of non-empty lines), as written."""
    pages = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pages.append([" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()])
    return pages


def _page(blocks: list[str]):
    """Docs, units (as `pipeline.analyse_body` makes them: every block a paragraph split into sentences) and the
    `Tokens` of one page's blocks."""
    nlp = load_nlp("")
    docs = [nlp(b) for b in blocks]
    units, tokens = [], {}
    for b, doc in enumerate(docs):
        tokens[b] = tokens_of(doc, blocks[b])
        for span in doc.sents:
            if blocks[b][span.start_char:span.end_char].strip():
                units.append({"block": b, "sentence": len(units), "kind": "paragraph", "_span": (span.start, span.end),
                              "_doc": doc})
    return docs, Units({k: [u[k] for u in units] for k in ("block", "sentence", "kind", "_span", "_doc")}, len(units)), tokens


def test_seed_pages_are_real():
    pages = _seed_blocks()
    assert len(pages) == 3 and all(len(p) > 10 for p in pages)


def test_packed_uses_the_smallest_int_type():
    assert _packed([]).typecode == "B"
    assert _packed([0, 3, 255]).typecode == "B" and list(_packed([0, 3, 255])) == [0, 3, 255]
    assert _packed([1, 256]).typecode == "H" and _packed([65535]).typecode == "H"
    assert _packed([65536, 2]).typecode == "i" and list(_packed([65536, 2])) == [65536, 2]
    assert _packed([1 << 31]).typecode == "q"


def test_page_candidates_equal_the_plain_per_unit_count():
    """`page_candidates` (all of a block's units in one pass of `_block_ngrams`) counts what `unit_candidates`
    finds unit by unit, with the glossary's matches left out, on every seed page."""
    cg = compiled_glossary("", "")
    for blocks in _seed_blocks():
        docs, units, tokens = _page(blocks)
        matched = {}
        for b, doc in enumerate(docs):
            found = cg.match(doc, tokens=tokens[b])
            if found:
                matched[b] = [(m.start, m.end) for m in found]
        expected: dict[str, list] = {}
        for unit in units:
            start, end = unit["_span"]
            for key, surface, named in unit_candidates(tokens[unit["block"]], start, end,
                                                       matched.get(unit["block"], []), 4):
                entry = expected.setdefault(key, [0, unit["sentence"], {}, 0, 0])
                entry[0] += 1
                entry[2][surface] = entry[2].get(surface, 0) + 1
                entry[3] += named
                entry[4] += 1
        got = page_candidates(units, tokens, matched, 4, False)
        assert isinstance(got, PageCandidates) and len(got) == len(expected) > 10
        assert got.as_dict() == expected
        assert list(got.keys) == list(expected)  # first-use order
        assert got.stats.typecode == "B"  # small pages: one byte an int
        # a surface equal to its key is the key's own object (pickled once)
        assert all(s is k for k, s in zip(got.keys, got.surfaces) if s == k)
        back = pickle.loads(pickle.dumps(got))
        assert back.as_dict() == expected
        assert PageCandidates.from_dict(expected).as_dict() == expected
        # as a page keeps them (`chunk_data.page_entry`): plain values, the surface forms differing from their key
        keys, stats, rows, texts, uses = parts = got.parts()
        assert keys == got.keys and len(stats) == 32 * len(keys) and rows and len(rows) == len(texts) == len(uses)
        assert all(texts[j] != keys[i] or not isinstance(got.surfaces[i], str) for j, i in enumerate(rows))
        assert PageCandidates.of_parts(*parts).as_dict() == expected


def test_seed_candidates_values():
    blocks = _seed_blocks()[0]
    docs, units, tokens = _page(blocks)
    cands = page_candidates(units, tokens, {}, 4, False).as_dict()
    count, first, forms, named, checked = cands["facial twitching"]
    assert count >= 5 and forms == {"facial twitching": count} and checked == count and named < count
    doc, (start, end) = units[first]["_doc"], units[first]["_span"]
    assert doc[start:end].text.lower().count("facial twitching") >= 1


def test_block_ngrams_one_span_and_many_agree():
    """A block as one unit and split into sentences gives the same n-grams, except those across a sentence end."""
    nlp = load_nlp("")
    text = _seed_blocks()[1][2]
    doc = nlp(text)
    tok = Tokens(doc)
    spans = tuple((s.start, s.end) for s in doc.sents)
    assert len(spans) > 1
    whole = {(k, s) for _u, k, s, _n in _block_ngrams(tok, ((0, len(doc)),), None, 4)}
    split = _block_ngrams(tok, spans, None, 4)
    assert {(k, s) for _u, k, s, _n in split} <= whole
    assert [u for u, *_ in split] == sorted(u for u, *_ in split)  # units in order


def test_tokens_whitespace_only_when_a_token_may_join():
    nlp = load_nlp("")
    plain = Tokens(nlp("Facial twitching can be caused by stress"))
    assert plain.ws is None and not plain.joins
    doc = nlp("Bell’s palsy and hemi-facial spasm")
    joined = Tokens(doc)
    assert joined.texts == ("Bell", "’s", "palsy", "and", "hemi", "-", "facial", "spasm")
    assert joined.ws == [1 if t.whitespace_ else 0 for t in doc] == [0, 1, 1, 1, 0, 0, 1, 0]
    assert joined.joins == [0, 4]  # Bell + ’s, hemi - facial


def test_walk_finds_every_glossary_sequence_on_seeds():
    """`_walk` (one dict lookup per possible first token) = every (start, end) whose keys are a glossary
    sequence, checked by brute force on the seed pages' tokens."""
    cg = compiled_glossary("", "")
    nlp = load_nlp("")
    longest = max(len(k) for k in cg.keys)
    n_found = 0
    for blocks in _seed_blocks():
        for text in blocks:
            keys = tuple(token_key(t.text) for t in nlp(text))
            brute = [(i, j, cg._folded[keys[i:j]]) for i in range(len(keys))
                     for j in range(i + 1, min(len(keys), i + longest) + 1) if cg._folded.get(keys[i:j], -1) >= 0]
            found = _walk(keys, cg._folded, cg._folded_first)
            assert found == brute
            n_found += len(found)
    assert n_found > 30


def test_one_regex_definition_check_equals_each_pattern():
    """`jargon._AFTER_ANY` names the first of `jargon.AFTER` whose search succeeds, on every suffix of the seed
    pages' text and on hand-made definitions."""
    samples = [" is a condition", ", also known as facial palsy", ", which is a kind of", ", or tics, are",
               " – a disorder that", " refers to", " means that", " is the best", " is caused by", ""]
    for blocks in _seed_blocks():
        for text in blocks:
            samples += [text[m.start():] for m in re.finditer(r"[\s,(–-]", text)]
    n_named = 0
    for after in samples:
        expected = next((name for name, rx in jargon.AFTER if rx.search(after)), None)
        m = jargon._AFTER_ANY.match(after)
        assert (jargon.AFTER[int(m.lastgroup[1:])][0] if m else None) == expected, after
        n_named += expected is not None
    assert n_named >= 8


def test_compiled_glossary_notices_a_changed_file(tmp_path):
    path = tmp_path / "g.yml"
    path.write_text("concepts:\n  - {name: facial twitching, category: symptom}\n", encoding="utf-8")
    first = compiled_glossary(str(path), "")
    assert compiled_glossary(str(path), "") is first and _LAST[(str(path), "")][2] == str(path)
    path.write_text("concepts:\n  - {name: facial twitching, category: symptom}\n"
                    "  - {name: blepharospasm, category: condition}\n", encoding="utf-8")
    os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    second = compiled_glossary(str(path), "")
    assert second is not first and second.names == ["facial twitching", "blepharospasm"]




def test_a_run_checks_the_glossary_once_and_its_pages_never(tmp_path, monkeypatch):
    """The glossary file is looked at once per run, at its start (`check_glossary`, the terms measure's preload); the
    pages use that glossary (`run_glossary`) without looking at the file, and a `Settings` reused for a second run
    after the file was edited sees the edit (the seed pages, real text)."""
    import audit
    from audit.terms import glossary_runs

    g = tmp_path / "g.yml"
    g.write_text("concepts:\n  - {name: facial twitching, category: symptom}\n", encoding="utf-8")
    settings = audit.load_settings(None).replace(terms={"glossary": str(g)}, run={"workers": 1})
    checks: list[str] = []
    compiled = glossary_runs.compiled_glossary

    def spy(setting, model=""):
        checks.append(setting)
        return compiled(setting, model)

    monkeypatch.setattr(glossary_runs, "compiled_glossary", spy)
    first = audit.run(CORPUS, settings, progress=False)
    assert checks == [str(g)]  # once, at the run's start: none of the 3 pages looked at the file
    assert first.tables["terms"]["concept"].tolist() == ["facial twitching"] * 3
    assert first.tables["terms"]["count"].tolist() == [13, 7, 5]
    g.write_text("concepts:\n  - {name: facial twitching, category: symptom}\n"
                 "  - {name: Bell's palsy, category: condition}\n", encoding="utf-8")
    os.utime(g, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    second = audit.run(CORPUS, settings, progress=False)  # (the same settings: the run checks the file again)
    assert checks == [str(g)] * 2
    assert sorted(set(second.tables["terms"]["concept"])) == ["Bell's palsy", "facial twitching"]
