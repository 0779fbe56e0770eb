"""Issue 14: readability's per-token pass is compiled (`audit/readability/_tokens.pyx`, Cython). It must give what the
libraries and rules it reproduces give: Pyphen's hyphenation points, textstat's syllable / word / letter / character
counts, the documented difficult-word rule, and the same records whatever the order, the table size or the growth
of its arrays. Real words: the seeds and the real-site fixtures (`tests/fixtures/`), the benchmark's real
vocabulary, and hand-picked ones outside CMUdict, hyphenated, with clitics, non-ASCII."""
from __future__ import annotations

import importlib.machinery
import random
import sys
import tomllib
from pathlib import Path

from .conftest import CORPUS, ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ODD = ["", "a", "I", "ab", "x" * 70, "supercalifragilisticexpialidocious" * 3, "straße", "naïve", "café", "ﬁnancial",
       "ﬂuoxetine", "İstanbul", "ǅemal", "Ⅻ", "1993", "covid19", "e.g.", "35%", "don't", "it's", "it’s", "Bell’s",
       "o'in", "well-known", "non-Individuals", "x-Paralysis", "(utilize),", "—in", "order—", "“in", "_rising_",
       "synkinesis", "hemifacial", "blepharospasm", "mcdonaldariesscsuiucedu", "Hyphenation", "cancer", "cancers",
       "denying", "remainder", "lengthier", "worsening", "returned", "giants", "stopped", "happier", "twitching"]


def _real_tokens() -> list[str]:
    """Whitespace tokens of real text: the seeds and every text fixture of real sites (in file order)."""
    paths = [p for p in sorted(CORPUS.glob("*")) if p.is_file()]
    for sub in ("real_sites", "site_text", "healthcare-gov"):
        paths += [p for p in sorted((FIXTURES / sub).rglob("*")) if p.suffix in (".txt", ".md", ".html")]
    tokens = [t for p in paths for t in p.read_text(encoding="utf-8", errors="replace").split()]
    assert len(tokens) > 15_000
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    vocabulary, _ = generate.real_vocabulary()  # real words (the benchmark generator's vocabulary)
    return tokens + random.Random(14).sample(sorted(vocabulary), 5000) + ODD


def test_the_pass_is_compiled_and_listed_for_the_build():
    """`audit.readability._tokens` (the records), `_syllables` (the counts it calls through `_syllables.pxd`),
    `_page` (the page walk) and `_rows` (the walk's token rows, called through `_rows.pxd`) are extension modules
    built from their .pyx (no pure-Python copy beside them), and `pyproject.toml` lists them, so a fresh install
    (`make setup`) compiles them."""
    from audit.readability import _page, _rows, _syllables, _tokens

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    modules = {m["name"]: m["sources"] for m in config["tool"]["setuptools"]["ext-modules"]}
    for module in (_tokens, _syllables, _page, _rows):
        name = module.__name__.rsplit(".", 1)[1]
        assert module.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
        assert Path(module.__file__).parent == ROOT / "audit" / "readability"
        assert (ROOT / "audit" / "readability" / f"{name}.pyx").is_file()
        assert not (ROOT / "audit" / "readability" / f"{name}.py").exists()
        assert modules[module.__name__] == [f"audit/readability/{name}.pyx"]
    assert (ROOT / "audit" / "readability" / "_syllables.pxd").is_file()
    assert (ROOT / "audit" / "readability" / "_rows.pxd").is_file()
    assert "Cython" in " ".join(config["build-system"]["requires"])


def test_hyphenation_trie_equals_pyphen():
    """The C search over Pyphen's patterns = `len(Pyphen(lang="en_US").positions(w))` on real words not in CMUdict
    (the only ones it counts), odd ones and words longer than its stack buffer (64 letters)."""
    from pyphen import Pyphen

    from audit.readability.counts import cmu_syllables, hyphen_points, list_words

    hyph = Pyphen(lang="en_US")
    cmu = cmu_syllables()
    words = {w for t in _real_tokens() for w in list_words(t.lower())} | {w.lower() for w in ODD}
    outside = {w for w in words if w not in cmu}
    assert len(outside) > 1000
    for w in sorted(words):
        assert hyphen_points(w) == len(hyph.positions(w)), w
    assert hyphen_points("hyphenation") == 2 and hyphen_points("x" * 70) == len(hyph.positions("x" * 70))


def test_syllables_and_counts_equal_textstat_per_token():
    """Every real token's row (words, syllables, letters, characters) = textstat's own counts of that token."""
    from audit.readability.counts import count_syllables, token_counts
    from audit.readability.offline import textstat_offline

    ts = textstat_offline()
    tokens = sorted(set(_real_tokens()) - {""})
    rng = random.Random(14)
    sample = rng.sample(tokens, 2500) + [t for t in ODD if t]
    for token in sample:
        (words, syllables, _, letters, chars, *_), _ = token_counts(token)
        assert (words, syllables, letters, chars) == (ts.lexicon_count(token), ts.syllable_count(token),
                                                      ts.letter_count(token), ts.char_count(token)), token
    from textstat.backend.counts import count_syllables as ts_count_syllables

    for word in ["blepharospasm", "synkinesis", "hemifacial", "İstanbul", "ﬁnancial", "café", "don't", "Bell's"]:
        assert count_syllables(word) == ts_count_syllables(word, "en_US"), word


def _reference_difficult(lower: str, min_syllables: int) -> tuple[bool, str]:
    """The rule of `audit.readability.words`, written out: not difficult when the word, its lemma (the default
    pipeline's lookup table) or a regular inflection's base is easy, or the word or lemma has too few syllables."""
    from audit.readability.counts import count_syllables, easy_words
    from audit.readability.lexicon import lookup_lemma

    easy = easy_words()
    lemma = lookup_lemma(lower)
    if lower in easy or lemma in easy or min(count_syllables(lower), count_syllables(lemma)) < min_syllables:
        return False, lemma
    bases = []
    if lower.endswith("ies") and len(lower) > 4:
        bases.append(lower[:-3] + "y")
    if lower.endswith("es") and len(lower) > 3:
        bases.append(lower[:-2])
    if lower.endswith("s") and len(lower) > 2:
        bases.append(lower[:-1])
    for suffix in ("ed", "er", "est", "ing"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[:-len(suffix)]
            bases += [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
            bases += [stem[:-1] + "y"] if stem.endswith("i") else []
    if lower.endswith("ied") and len(lower) > 4:
        bases.append(lower[:-3] + "y")
    if lower.endswith("ly") and len(lower) > 4:
        bases += [lower[:-2]] + ([lower[:-3] + "y"] if lower.endswith("ily") else [])
    return not any(b in easy for b in bases), lemma


def test_difficult_word_rule_on_real_words():
    """`classify` (compiled) = the rule written out, on every real word; and the cases it must get right: "cancer"
    stays difficult (no inflection of an easy word), "returned", "giants", "stopped", "happier" are easy."""
    from audit.nlp import lemma_table
    from audit.readability.words import classify, use_lemma_table

    from .test_readability_scan import WORD_RE  # (the scan's definition)

    use_lemma_table(lemma_table(""))
    words = sorted({w.lower() for t in _real_tokens() for w in WORD_RE.findall(t) if w.isalpha()})
    assert len(words) > 3000
    for min_syllables in (2, 3):
        for w in words:
            assert classify(w, "", min_syllables) == _reference_difficult(w, min_syllables), (w, min_syllables)
    assert classify("cancer", "", 2)[0] and classify("remainder", "", 2)[0] and classify("denying", "", 2)[0]
    assert not any(classify(w, "", 2)[0] for w in ("returned", "giants", "stopped", "happier", "twitching"))


def test_records_same_in_any_order_table_size_and_growth():
    """A page's records do not depend on what the table saw before, on the arrays growing in the middle of a page,
    or on the table being emptied at its `LIMIT`: the rows hold each token's own `token_facts` (characters aside)."""
    from audit.nlp import lemma_table
    from audit.readability.plain import plain_words
    from audit.readability.words import FACTS, ROW, TokenTable, token_facts, use_lemma_table

    use_lemma_table(lemma_table(""))
    plain = plain_words("")
    tokens = _real_tokens()
    pages = [tokens[i:i + 3000] for i in range(0, len(tokens), 3000)]
    chars = FACTS.index("chars")

    def facts_of(table, records):
        rows = table.rows(records)
        return [table.facts[r].tolist() + table.links[r, :3].tolist() for r in rows.tolist()], \
               [table.named(rec)[1:] for rec in records]

    one = TokenTable(plain, 2)
    first = [facts_of(one, one.records_of(p)) for p in pages]
    assert len(one.records) > 2048  # the arrays grew during a page
    small = TokenTable(plain, 2)
    small.LIMIT = 500  # emptied again and again
    for page, want in zip(pages, first):
        assert facts_of(small, small.records_of(page)) == want
    assert len(small.records) < len(one.records)
    backwards = TokenTable(plain, 2)
    for page, want in reversed(list(zip(pages, first))):
        assert facts_of(backwards, backwards.records_of(page)) == want
    for token, rec in list(one.by_token.items())[::11]:
        record, facts = token_facts(token, plain, 2)
        own = list(facts)
        own[chars] = 0
        row = one.rows([rec])[0]
        assert one.facts[row].tolist() + one.links[row, :3].tolist() == own, token
        assert one.named(rec)[1:] == record[1:] and record[ROW] == -1
