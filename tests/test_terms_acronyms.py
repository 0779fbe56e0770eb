"""(stop 33) A part's word the text writes in capitals, in a sentence that is not in capitals, where the glossary
does not write it so, is another word: an acronym. Real sentences: Wikipedia's "Mozilla" article as Mozilla
Readability's test page `wikipedia` keeps it (CC BY-SA 3.0: https://en.wikipedia.org/wiki/Mozilla) and MedQuAD's
Genetics Home Reference answer on MELAS (CC BY 4.0, `abachaa/MedQuAD`)."""
from __future__ import annotations

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

NSS = ("Network Security Services (NSS) comprises a set of libraries designed to support cross-platform development "
       "of security-enabled client and server applications. NSS provides a complete open-source implementation of "
       "crypto libraries supporting SSL and S/MIME.")
MELAS = "People with MELAS can also have a buildup of lactic acid in their bodies (a condition called lactic acidosis)."


def _glossary(*names: str) -> str:
    return "concepts:\n" + "".join(f"  - {{name: {n}, category: t}}\n" for n in names)


def test_an_acronym_is_not_the_word_of_a_part():
    # the seeds' glossary has *facial retraining* with the variant "mime therapy": "MIME" of "S/MIME" read as its
    # part "mime" before
    assert _page(NSS, _glossary("mime therapy")) == []
    assert _page("Mime therapy uses mirror exercises. A mime session lasts an hour.", _glossary("mime therapy")) == [
        ("mime therapy", "Mime therapy", False, "name"), ("mime therapy", "mime", True, "partial: mime")]


def test_a_part_the_glossary_writes_in_capitals_is_read_in_capitals():
    assert _page(MELAS, _glossary("MELAS syndrome", "lactic acidosis")) == [
        ("MELAS syndrome", "MELAS", True, "partial: melas"), ("lactic acidosis", "lactic acidosis", False, "name")]
    # and in a heading in capitals every word is in capitals: no acronym
    assert ("mime therapy", "MIME", True, "partial: mime") in _page("WHAT IS MIME", _glossary("mime therapy"))
