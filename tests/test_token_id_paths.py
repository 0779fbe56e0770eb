"""Issue 14 (speed on real text), second part: the paths that skip work per token give exactly what the work they
skip gives — spaCy's sentencizer rule read from token ids (`nlp.SentenceRule`), and a whitespace token's readability
record taken straight from its word (`words.token_facts` for letters, or letters between ASCII punctuation). Checked on
the seeds, the real-site fixtures (raw HTML: tags, entities, tables, citations) and odd text. Speed itself is measured
by `benchmarks/bench.py --real`, never in a test."""
from __future__ import annotations

from .conftest import CORPUS, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "real_sites"
ODD = ["", " ", ".", ". a", "!!! ?", "a", " a. b", "Hello world. How are you? Fine!", "e.g. this... and that!!",
       "He said: \"Stop.\" Then he left.", "(See Fig. 2.) Results follow.", "One;two:three - four… five",
       "Ends with a quote.” Next one starts.", "x\n\ny", "Dr. Smith arrived.  Mr. Jones left.", "。 日本語。 次",
       "🙂. ok", "Move file(s). Then (s) and f2(s)", "Delete the box(es).(s) GAME(S) PLAYED", "young(er)! (er)"]


def _texts() -> list[str]:
    """Real text: every seed page and every real-site fixture, whole and paragraph by paragraph, the Python Packaging
    User Guide's glossary ("License Identifier(s)"), and odd strings."""
    out = list(ODD)
    files = [p for p in sorted(CORPUS.glob("*")) if p.is_file()] + sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    files.append(ROOT / "tests" / "fixtures" / "pypug" / "glossary.html")
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        out.append(text[:60_000])
        out += [part for part in text.split("\n\n") if part.strip()]
    return out


def test_sentence_rule_equals_spacy_sentencizer():
    """`SentenceRule.sentences(nlp.make_doc(t))` = `list(nlp(t).sents)` (the default pipeline, whose only component
    is the sentencizer) on real pages, paragraphs and odd text, span by span."""
    from audit.engine import guard
    from audit.nlp import load_nlp, sentence_rule

    nlp, rule = load_nlp(""), sentence_rule("")
    assert sentence_rule("en_core_web_sm") is None  # a trained pipeline's parser sets the sentences
    texts = _texts()
    assert len(texts) > 100
    n_sentences = 0
    for text in texts:
        text = guard.for_spacy(text)
        want = [(s.start, s.end) for s in nlp(text).sents]
        got = rule.sentences(nlp.make_doc(text))
        assert got == want, text[:200]
        n_sentences += len(got)
    assert n_sentences > 500
    doc = nlp.make_doc("It works. Does it? Yes!")
    assert [doc[s:e].text for s, e in rule.sentences(doc)] == ["It works.", "Does it?", "Yes!"]


def test_token_fast_paths_equal_the_general_path():
    """A token of letters ("Returned") or of letters between ASCII punctuation ("(giants),") gets the same record
    and facts from its word as from the general path (regexes over the token), for each syllable minimum."""
    from audit.readability import words as W
    from audit.readability.plain import plain_words
    from audit.nlp import lemma_table

    class Slow(str):  # a token that takes the general path
        def isalpha(self):
            return False

        def strip(self, chars=None):
            return ""

    W.use_lemma_table(lemma_table(""))
    plain = plain_words("")
    tokens = {t for text in _texts() for t in text.split()}
    words = ["Is", "is", "BEEN", "Got", "utilize", "Utilize", "indicative", "returned", "Giants", "straße", "ﬁnal",
             "İstanbul", "ǅemal", "Ⅻ"]
    tokens |= {f"{a}{w}{b}" for w in words for a in ("", "(", "\"", "*", "[") for b in ("", ",", ".", ").", "?!", ":")}
    fast = sorted(t for t in tokens if t.strip(W._EDGE_PUNCTUATION).isalpha())
    assert len(fast) > 1500
    for token in fast:
        for min_syllables in (2, 3):
            assert W.token_facts(token, plain, min_syllables) == W.token_facts(Slow(token), plain, min_syllables), token
    record, facts = W.token_facts("(utilize),", plain, 2)
    assert record[W.TERMS] == ("utilize",) and facts[W.FACTS.index("chars")] == len("(utilize),")
