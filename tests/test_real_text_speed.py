"""Issue 14 (speed on real text): the faster code paths give exactly what the libraries they replace give, and the
benchmark's helpers (real-vocabulary generator, vocabulary figure, tokenizer pass) do what `benchmarks/README.md`
says. Speed itself is measured by `benchmarks/bench.py --real`, never in a test."""
from __future__ import annotations

import random
import sys

import numpy as np
import pytest

from .conftest import CORPUS, ROOT


def _benchmarks():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpora
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return corpora, generate


def test_hyphen_points_equal_pyphen_on_real_and_odd_words():
    """`counts.hyphen_points` (the compiled trie search) = `len(Pyphen(lang="en_US").positions(w))`, the count textstat's
    syllable rule uses for words not in CMUdict, on every word of the seeds, a CMUdict sample, a real-vocabulary
    sample and edge cases (empty, one letter, longer than the longest pattern, non-ASCII)."""
    from pyphen import Pyphen

    from audit.readability.counts import cmu_syllables, hyphen_points, list_words

    _, generate = _benchmarks()
    hyph = Pyphen(lang="en_US")
    words = {w for path in sorted(CORPUS.glob("*")) if path.is_file()
             for w in list_words(path.read_text(encoding="utf-8", errors="replace").lower())}
    cmu = sorted(cmu_syllables())
    rng = random.Random(14)
    words |= set(rng.sample(cmu, 3000))
    vocab, _ = generate.real_vocabulary()
    words |= {w.lower() for w in rng.sample(vocab, 3000)}
    words |= {"", "a", "ab", "abc", "x" * 60, "straße", "naïve", "ﬁnancial", "mcdonaldariesscsuiucedu", "1993"}
    assert len(words) > 5000
    mismatches = [w for w in words if hyphen_points(w) != len(hyph.positions(w))]
    assert mismatches == []
    assert hyphen_points("hyphenation") == len(hyph.positions("hyphenation")) == 2  # hy-phen-ation


def test_count_syllables_still_textstats_on_words_outside_cmudict():
    """Words outside CMUdict go through the hyphenation count: textstat's own `count_syllables` agrees."""
    from textstat.backend.counts import count_syllables as ts_count_syllables

    from audit.readability.counts import cmu_syllables, count_syllables
    from audit.readability.offline import textstat_offline

    textstat_offline()  # textstat's CMUdict served offline
    words = ["glorbification", "mcdonald", "uiuc", "zygomaticofacial", "synkinetic", "hemifacial", "bvd",
             "recomputations", "antidisestablishmentarianism", "qwertyuiop"]
    assert sum(w not in cmu_syllables() for w in words) >= 6
    for w in words:
        assert count_syllables(w) == ts_count_syllables(w, "en_US"), w


def test_difficult_words_counts_every_row_on_a_grown_table():
    """`_page.difficult_words` reads the table's `links` by row: on a table grown past its first allocation, its
    counts are those of the non-capitalised difficult pairs of the tokens' records."""
    from collections import Counter

    from audit.readability._page import difficult_words
    from audit.readability.plain import plain_words
    from audit.readability.words import DIFFICULT_LOWER

    plain = plain_words("")
    table = plain.token_table(2)
    _, generate = _benchmarks()
    vocab, cum = generate.real_vocabulary()
    tokens = random.Random(3).choices(vocab, cum_weights=cum, k=6000) + ["perspicacious", "well-documented",
                                                                          "obfuscation", "Obfuscation."]
    records = table.records_of(tokens)
    rows = table.rows(records)
    assert len(table.records) > 1024  # the arrays were grown
    expected = Counter(pair for rec in map(table.named, records) for pair in rec[DIFFICULT_LOWER])
    single, shared = difficult_words(table, rows, [])
    got = Counter({(word, lemma): n for lemma, word, n, _ in single})
    got.update({(word, lemma): n for lemma, forms in shared.items() for word, n in forms.items()})
    assert got == expected
    assert got[("obfuscation", "obfuscation")] == 1 and got[("perspicacious", "perspicacious")] == 1
    # the rows stored page by page (`_store`) are each token's own facts
    from audit.readability.words import FACTS, token_facts

    for token, rec in list(table.by_token.items())[::7]:
        row = int(np.frombuffer(rec[0], dtype=np.intp)[0])
        _, facts = token_facts(token, plain, 2)
        own = list(facts[:len(FACTS)])
        own[FACTS.index("chars")] = 0  # (no column: "word," shares the row of "word"; `unit_sums` adds them)
        assert table.facts[row].tolist() == own
        assert table.links[row, :3].tolist() == list(facts[len(FACTS):])


def test_generator_v4_vocabulary_is_real_and_reproducible(tmp_path):
    """Half the generated sentences come from the real vocabulary: distinct words per million tokens near real text
    (here >= 20,000 on ~60k tokens; v3 had 339 on 2 M), the same bytes for the same seed, and every page unique."""
    corpora, generate = _benchmarks()
    a = generate.generate(tmp_path / "a", pages=60, seed=5)
    b = generate.generate(tmp_path / "b", pages=60, seed=5)
    assert a["generator_version"] == 4 and a["zipf_share"] == 0.5
    assert a["corpus_sha256"] == b["corpus_sha256"]
    vocab = corpora.vocabulary(tmp_path / "a")
    assert vocab["tokens"] > 30_000
    assert vocab["distinct_per_million"] >= 20_000
    templates_only = generate.generate(tmp_path / "c", pages=60, seed=5, zipf_share=0.0)
    assert corpora.vocabulary(tmp_path / "c")["distinct_per_million"] < vocab["distinct_per_million"] / 4
    assert templates_only["corpus_sha256"] != a["corpus_sha256"]


def test_vocabulary_figure_ignores_markup(tmp_path):
    corpora, _ = _benchmarks()
    (tmp_path / "p.html").write_text("<html><head><style>.x{color:red}</style><script>var zz = 1;</script></head>"
                                     "<body><p>The cat&nbsp;sat. The <b>dog</b> didn't.</p><!-- hidden --></body>"
                                     "</html>", encoding="utf-8")
    (tmp_path / "q.txt").write_text("The cat ran.\n", encoding="utf-8")
    v = corpora.vocabulary(tmp_path)
    # the cat sat the dog didn't | the cat ran -> 9 tokens, 6 distinct (the, cat, sat, dog, didn't, ran)
    assert (v["tokens"], v["distinct_words"]) == (9, 6)
    assert v["distinct_per_million"] == round(6 * 1e6 / 9)


def test_newsgroup_post_body_drops_only_the_header_block():
    corpora, _ = _benchmarks()
    raw = b"From: a@b.c (A)\nSubject: Re: caf\xe9\nLines: 3\n\nIn article <x> a@b.c writes:\n> quoted\n\nBody text.\n"
    assert corpora.post_body(raw) == "In article <x> a@b.c writes:\n> quoted\n\nBody text.\n"
    assert corpora.post_body(b"no header block at all") == "no header block at all\n"


@pytest.mark.parametrize("kind", ["tokenizer", "textstat"])
def test_bench_children_report_cpu_and_files(kind):
    """The peers `bench.py` times: over the seeds, every page file, and CPU seconds reported."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    data = getattr(bench, f"child_{kind}")(str(CORPUS))
    assert data["files"] == 3
    assert data["cpu_self_s"] > 0
    if kind == "tokenizer":
        assert data["tokens"] > 1000
    else:
        assert np.isfinite(data["checksum"])
