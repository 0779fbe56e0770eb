"""Term coverage, stop 36 (issue 19): a two-word name's head alone where WordNet says it names the same thing
(`audit.terms.head_parts`, table `audit/data/head-synonyms-wordnet.tsv`), a partial match reported as such.

Real text: letsencrypt.org's glossary definitions (`letsencrypt/website@d7de4d81`, MPL 2.0; the editors linked
"browser" / "Browsers" to the entry *Web Browser*) and its page `docs/dst-root-ca-x3-expiration-september-2021`
(`tests/fixtures/letsencrypt/`), MedlinePlus's *Sore Throat* and GARD's *Epithelial basement membrane corneal dystrophy*
answers (MedQuAD, CC BY 4.0), verbatim."""
from __future__ import annotations

from pathlib import Path

from audit.terms.head_parts import head_part, head_synonyms

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ROOT = Path(__file__).resolve().parent.parent
LE_GLOSSARY = ("concepts:\n  - {name: Web Browser, category: glossary}\n  - {name: Web server, category: glossary}\n"
               "  - {name: Certificate Authority (CA), category: glossary}\n"
               "  - {name: Root certificate, category: glossary}\n")
OCSP_STAPLING = ("A way for a web server to send a browser an OCSP response signed by the Certificate Authority, so the "
                 "browser itself doesn’t need to make a secondary OCSP request to the CA, improving speed and privacy.")
MIXED_CONTENT = ("When an HTTPS webpage loads sub-resources (Javascript, CSS or images) over HTTP. Browsers may block mixed "
                 "content, or mark the page as less secure when mixed content is present")


def test_the_table_holds_heads_of_one_sense_or_of_two_kinds():
    pairs = head_synonyms()
    assert {("web", "browser"), ("infectious", "mononucleosis"), ("dental", "caries"), ("cardiac", "arrhythmia")} <= pairs
    # two senses of one kind (muscular dystrophy / a nutritional dystrophy: two disorders; two acts of transfusion), a
    # head of another part of speech ("scan", "cold", "murmur") or of many senses ("movement", "home"): not listed
    assert not {("muscular", "dystrophy"), ("blood", "transfusion"), ("computed", "tomography"), ("common", "cold"),
                ("heart", "murmur"), ("bowel", "movement"), ("nursing", "home")} & pairs
    assert head_part(("web", "browser")) == {("browser",)} and head_part(("web", "server")) == set()
    assert head_part(("muscular", "dystrophy")) == set() and head_part(("browser",)) == set()


def test_a_browser_is_a_partial_mention_of_web_browser():
    found = _page(OCSP_STAPLING + "\n\n" + MIXED_CONTENT, LE_GLOSSARY)
    browser = [(text, partial, how) for concept, text, partial, how in found if concept == "Web Browser"]
    assert browser == [("browser", True, "partial: browser")] * 2 + [("Browsers", True, "partial: browser")]
    assert ("Web server", "web server", False, "name") in found  # (WordNet has no "server, web server": no part)
    # the full name stays a full match
    assert _page("Firefox is a web browser.", LE_GLOSSARY) == [("Web Browser", "web browser", False, "name")]


def test_a_head_after_a_modifier_of_its_own_is_no_mention():
    text = (ROOT / "tests" / "fixtures" / "letsencrypt" / "dst-root-ca-x3-expiration.txt").read_text(encoding="utf-8")
    assert "older browsers and devices" in text and "Modern browsers and devices" in text
    # "older browsers", "Modern browsers": a content word before the head (as "nail dystrophy" is another dystrophy)
    assert not [m for m in _page(text, LE_GLOSSARY) if m[0] == "Web Browser"]
    assert _page("This is checked by CAs, not by browsers.", LE_GLOSSARY)[-1] == (
        "Web Browser", "browsers", True, "partial: browser")  # (a stop word before it: "by", "most", "the")


def test_medical_heads():
    glossary = ("concepts:\n  - {name: Infectious Mononucleosis, category: d}\n"
                "  - {name: Muscular dystrophy, category: d}\n")
    sore_throat = ("You can have a sore throat for many reasons. Often, colds and flu cause sore throats. Other causes "
                   "can include: - Allergies - Mononucleosis - Smoking - Strep throat - Tonsillitis")
    assert _page(sore_throat, glossary) == [("Infectious Mononucleosis", "Mononucleosis", True, "partial: mononucleosis")]
    # GARD's corneal dystrophy page: "dystrophy" alone is no muscular dystrophy (two disorders in WordNet)
    cornea = ("It gets its name from the unusual appearance of the cornea during an eye exam. This dystrophy occurs when "
              "the epithelium's basement membrane develops abnormally")
    assert _page(cornea, glossary) == []
