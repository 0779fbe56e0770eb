"""Issue 14, the spaCy step (`pipeline.analyse_body` up to the measures): the default pipeline computes only the
lexeme attributes the audit reads (`nlp.LEXEME_ATTRS`), with the values a full `spacy.blank("en")` gives, on real
text (the seed pages and the real pages under tests/fixtures: CDC, HealthCare.gov, Clough & Stevenson); and no module of the
package reads a lexeme attribute the default pipeline leaves empty."""
from __future__ import annotations

import re
from pathlib import Path

import spacy
from spacy.attrs import IDS

from audit.engine import guard
from audit.nlp import LEXEME_ATTRS, OPTIONAL_ENDINGS, _add_tokenizer_rules, load_nlp

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "corpus").glob("*.txt")) + sorted(p for p in (ROOT / "tests/fixtures").rglob("*")
                                                         if p.suffix in (".txt", ".md", ".html"))
NAMES = {v: k for k, v in IDS.items()}


def _full_nlp():
    """`spacy.blank("en")` as spaCy makes it, every lexeme attribute computed, with the audit's tokenizer rules (the
    abbreviations kept whole, the optional-ending notation split off its word and punctuation)."""
    return _add_tokenizer_rules(spacy.blank("en"))


def test_default_pipeline_computes_only_the_attributes_read():
    nlp = load_nlp("")
    assert set(nlp.vocab.lex_attr_getters) == set(LEXEME_ATTRS)
    assert {NAMES[a] for a in LEXEME_ATTRS} == {"LOWER", "IS_ALPHA", "IS_PUNCT", "IS_SPACE", "IS_STOP"}


def test_lexeme_attributes_read_equal_spacys_on_real_text():
    nlp, full = load_nlp(""), _full_nlp()
    texts = [guard.for_spacy(p.read_text(encoding="utf-8", errors="replace")) for p in REAL]
    texts.append("Zyxoquantal dysmorphogenesis, unheard-of: Qwertzuiop's 3.5mg/kg ÜBERSTRANGE naïveté ’tis")
    words = {t.text for text in texts for t in nlp.make_doc(text)}
    assert len(words) > 3500 and "(s)" in words  # (the Python Packaging User Guide's "License Identifier(s)")
    assert all(nlp.vocab[n].is_punct and not spacy.blank("en").vocab[n].is_punct for n in OPTIONAL_ENDINGS)
    getters = {"LOWER": "lower_", "IS_ALPHA": "is_alpha", "IS_PUNCT": "is_punct", "IS_SPACE": "is_space",
               "IS_STOP": "is_stop"}
    for word in sorted(words):
        ours, theirs = nlp.vocab[word], full.vocab[word]
        assert [getattr(ours, a) for a in getters.values()] == [getattr(theirs, a) for a in getters.values()], word
    new = nlp.vocab["Zyxoquantal"]  # a word first met after the pipeline was made: attributes not read stay empty
    assert (new.lower_, new.is_alpha, new.is_stop) == ("zyxoquantal", True, False)
    assert (new.shape_, new.norm_, new.prefix_) == ("", "", "") and full.vocab["Zyxoquantal"].shape_ == "Xxxxx"
    # the tokens themselves are spaCy's: same texts and whitespace
    for text in texts:
        assert [(t.text, t.whitespace_) for t in nlp.make_doc(text)] == [(t.text, t.whitespace_)
                                                                         for t in full.make_doc(text)]


# lexeme attributes the default pipeline leaves empty (as Token/Lexeme attributes or spacy.attrs names)
_NOT_COMPUTED = ("like_num", "like_url", "like_email", "is_digit", "is_ascii", "is_lower", "is_upper", "is_title",
                 "is_bracket", "is_quote", "is_left_punct", "is_right_punct", "is_currency", "norm_", "shape_",
                 "prefix_", "suffix_", "lang_")
_ATTR_NAMES = tuple(a.upper().rstrip("_") for a in _NOT_COMPUTED)


def test_no_module_reads_an_attribute_not_computed():
    read = re.compile(r"\.(%s)\b" % "|".join(_NOT_COMPUTED))
    named = re.compile(r"\b(%s)\b" % "|".join(_ATTR_NAMES))
    found = []
    for path in sorted((ROOT / "audit").rglob("*.py")) + sorted((ROOT / "audit").rglob("*.pyx")):
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if read.search(code) or ("spacy" in code.lower() or "attrs" in code) and named.search(code):
                found.append(f"{path.relative_to(ROOT)}:{k}: {line.strip()}")
    assert not found, "add the attribute to audit.nlp.LEXEME_ATTRS first:\n" + "\n".join(found)


def test_for_spacys_word_test_equals_the_split_definition():
    """`guard.for_spacy` tests each text for a whitespace-separated word over `MAX_SYMBOL_RUN` characters in one
    compiled pass (`_wordrows.word_over`): the same answer as `max(map(len, text.split()))` on every paragraph of the
    real pages, on texts of every whitespace character Python knows and none, and at every limit around a word's
    length."""
    from audit.engine._wordrows import word_over

    paragraphs = [p for path in REAL for p in path.read_text(encoding="utf-8", errors="replace").split("\n\n")]
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert len(spaces) == 29 and "\u200b" not in spaces  # (str.isspace: not the zero-width space)
    odd = [f"ab{s}cdef{s * 2}g" for s in spaces] + [f"ab{c}cdef" for c in ("\u200b", "\ufeff", "é", "🙂", "_", "-")]
    texts = paragraphs + odd + ["", " ", "x" * 40, " y" * 40, "a" * 33 + "\u3000" + "b"]
    assert sum(max(map(len, t.split()), default=0) > guard.MAX_SYMBOL_RUN for t in paragraphs) > 10  # (real long words)
    for text in texts:
        longest = max(map(len, text.split()), default=0)
        for limit in {0, 1, 3, guard.MAX_SYMBOL_RUN, max(0, longest - 1), longest}:
            assert word_over(text, limit) == (longest > limit), (text[:60], limit)


def test_for_spacys_symbol_run_test_equals_its_expression():
    """`guard.for_spacy` runs its expressions only where they find something: the compiled tests
    (`_wordrows.symbol_run_over`, `word_over`) answer as `_SYMBOL_RUN_RE.search` and `_LONG_TOKEN_RE.search` do, on
    every paragraph of the real pages and runs around the limit, and on every code point (whether a run of it counts),
    and `for_spacy` gives what the expressions alone give."""
    from audit.engine._wordrows import symbol_run_over, word_over

    paragraphs = [p for path in REAL for p in path.read_text(encoding="utf-8", errors="replace").split("\n\n")]
    n = guard.MAX_SYMBOL_RUN
    texts = paragraphs + ["-" * (n + 1), "_" * (n + 1), "-" * n, "a" + "=" * (n + 1) + "b", "x" * 2500, "x" * 1001]
    for text in texts:
        assert symbol_run_over(text, n) == (guard._SYMBOL_RUN_RE.search(text) is not None), text[:60]
        assert word_over(text, guard.MAX_TOKEN_CHARS) == (guard._LONG_TOKEN_RE.search(text) is not None), text[:60]
    # 3 runs made here, 2 real ones: the "> ----" rules of tests/fixtures/quoted/rec.sport.baseball-105027.txt
    assert sum(symbol_run_over(t, n) for t in texts) == 5 and sum(word_over(t, guard.MAX_TOKEN_CHARS) for t in texts) == 2
    symbol = re.compile(guard._SYMBOL_RUN_RE.pattern.split("{")[0])  # (one character of a run)
    assert symbol.pattern == r"(?:[^\w\s]|_)"
    for code in range(0x110000):
        c = chr(code)
        assert symbol_run_over(c * (n + 1), n) == (symbol.match(c) is not None), hex(code)
    def plain(text: str) -> str:  # (`for_spacy` before the compiled tests)
        text = guard._SYMBOL_RUN_RE.sub(lambda m: m.group(0)[:n] + " " * (len(m.group(0)) - n), text)
        return guard._LONG_TOKEN_RE.sub(guard._space_every, text) if len(text) > guard.MAX_TOKEN_CHARS else text

    for text in texts:
        assert guard.for_spacy(text) == plain(text), text[:60]


def test_a_one_process_run_loads_before_its_first_page_what_workers_inherit(monkeypatch):
    """With `workers = 1` the pipeline, spaCy's lookup lemmas and the measures' resources are loaded once, before
    the analyse stage (as the forked workers inherit them from the parent's preload), never inside the first
    page's steps (whose seconds `Audit.timings` reports)."""
    from dataclasses import replace

    from audit.config import Settings
    from audit.engine import pipeline

    events: list[str] = []
    load, analyse = pipeline._NlpPreload.load, pipeline.analyse_body

    def spy_load(self):
        events.append("load")
        load(self)

    def spy_analyse(result, settings):
        events.append("page")
        return analyse(result, settings)

    monkeypatch.setattr(pipeline._NlpPreload, "load", spy_load)
    monkeypatch.setattr(pipeline, "analyse_body", spy_analyse)
    settings = Settings()
    settings = replace(settings, run=replace(settings.run, workers=1))
    with pipeline.run(ROOT / "corpus", settings, progress=False) as audit:
        ok = int((audit.pages["status"] == "ok").sum())
    assert ok == 3  # (the seed pages audited; the others are skipped with a reason)
    assert events[0] == "load" and events.count("load") == 1
    assert events.count("page") >= ok


def test_for_spacy_keeps_the_length_of_any_long_token():
    """A token over `MAX_TOKEN_CHARS` characters is cut by spaces every `MAX_TOKEN_CHARS + 1` characters, its length
    kept (offsets into the block's text hold) — also at exact multiples of `MAX_TOKEN_CHARS + 1`, which once came
    back a character short."""
    step = guard.MAX_TOKEN_CHARS + 1
    for n in (step - 1, step, step + 1, 2 * step - 1, 2 * step, 2 * step + 1, 3 * step):
        text = "Intro " + "ab" * (n // 2) + "a" * (n % 2) + " end"
        safe = guard.for_spacy(text)
        assert len(safe) == len(text), n
        assert max(len(t) for t in safe.split()) <= guard.MAX_TOKEN_CHARS, n
        assert all(a == b or a == " " for a, b in zip(safe, text)), n  # (characters kept in place or spaces)
