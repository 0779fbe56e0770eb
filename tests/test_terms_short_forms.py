"""Term coverage, stop 37 (issue 19): the short forms a site's own glossary writes — a two-word name less the
glossary's class word ("root" of *Root certificate*, "chain" of *Certificate chain*), read where the glossary's
definitions write the word alone (`audit.terms.short_forms`), a partial match reported as such.

Real text: 17 of letsencrypt.org's 75 glossary definitions (`tests/fixtures/letsencrypt/glossary-certificates.yml`,
MPL 2.0, verbatim), its page `docs/dst-root-ca-x3-expiration-september-2021` (`dst-root-ca-x3-expiration.txt`) and
the Python Packaging User Guide's glossary names (CC BY-SA 3.0)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from audit.cli import main as cli_main
from audit.nlp import load_nlp
from audit.terms.glossary_file import load_glossary, parse_glossary
from audit.terms.short_forms import check_lines, class_word, short_forms

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

LE = Path(__file__).resolve().parent / "fixtures" / "letsencrypt"
GLOSSARY = LE / "glossary-certificates.yml"
PYPUG_NAMES = ("Binary Distribution|Build Backend|Build Frontend|Built Distribution|Built Metadata|Core Metadata|"
               "Core Metadata Field|Distribution Archive|Distribution Package|Egg|Extension Module|Import Package|"
               "Installed Project|Known Good Set (KGS)|License Classifier|License Expression|License Identifier|"
               "Module|Package Index|Per Project Index|Project|Project Root Directory|Project Source Tree|"
               "Project Source Metadata|Pure Module|Pyproject Metadata|Pyproject Metadata Key|"
               "Pyproject Metadata Subkey|Python Packaging Authority (PyPA)|Python Package Index (PyPI)|pypi.org|"
               "pyproject.toml|Release|Requirement|Requirement Specifier|Requirements File|Root License Directory|"
               "setup.py|Source Archive|Source Distribution (or “sdist”)|System Package|Version Specifier|"
               "Virtual Environment|Wheel Format|Wheel Project|Working Set")


def _tokenize():
    nlp = load_nlp("")
    return lambda text: [t.text for t in nlp.make_doc(text) if not t.is_space]


def _read(glossary) -> set[tuple[str, str, str]]:
    return {(glossary.concepts[s.concept].name, s.key, s.kind) for s in short_forms(glossary, _tokenize())}


def test_the_class_word_is_the_word_of_a_fifth_of_the_names():
    names = [tuple(c.name.lower().split("(")[0].split()) for c in load_glossary(GLOSSARY).concepts]
    assert class_word(names) == "certificate"  # (11 of these 17 names; 20 of the set's 75)
    # the Python Packaging User Guide's 46 names: "project" and "metadata" in 7 each (a tie, and under a fifth)
    pypug = [tuple(n.lower().split("(")[0].split()) for n in PYPUG_NAMES.split("|")]
    assert len(pypug) == 46
    assert class_word(pypug) is None


def test_the_short_forms_the_definitions_write():
    glossary = load_glossary(GLOSSARY)
    assert _read(glossary) == {
        ("Root certificate", "root", "modifier"),  # "a list of trusted roots", "leading to one root", ...
        ("Intermediate certificate", "intermediate", "modifier"),  # "another intermediate", "Intermediates are"
        ("Certificate chain", "chain", "head"),  # "Note: the chain is not always unique", "its chain up to"
        ("Certificate extension", "extension", "head"),  # "defined by extensions", "contain extensions marked"
        ("Certificate issuer", "issuer", "head"),  # "the Issuer is the same as", "its Subject equal to its Issuer"
        ("Certificate subject", "subject", "head"),  # "the same as the Subject", "with its Subject equal to"
    }
    # not read: "policy" (one definition, *Root Program*'s "The policies an organization uses": no certificate
    # policy), "leaf" (one: "the private key of the leaf"), "store" (never alone), "signed" (no noun), "program"
    # ("root" + "program" is no class word's name)
    keys = {key for _, key, _ in _read(glossary)}
    assert not keys & {"policy", "leaf", "store", "self-signed", "program", "certificate"}
    # the evidence is the definitions' own text
    root = next(s for s in short_forms(glossary, _tokenize()) if s.key == "root")
    assert (glossary.concepts[root.evidence[0][0]].name, root.evidence[0][1]) == (
        "Certificate Store", "contains a list of trusted roots. Operating systems")


def test_a_glossary_without_definitions_or_class_word_reads_none():
    glossary = load_glossary(GLOSSARY)
    bare = replace(glossary, concepts=tuple(replace(c, plain="") for c in glossary.concepts))
    assert _read(bare) == set()
    assert short_forms(load_glossary(), _tokenize()) == []  # the shipped glossary: no word in a fifth of its names


def test_the_veto():
    glossary = load_glossary(GLOSSARY)
    vetoed = replace(glossary, concepts=tuple(replace(c, definition_names=c.name != "Root certificate")
                                              for c in glossary.concepts))
    assert "root" not in {key for _, key, _ in _read(vetoed)} and len(_read(vetoed)) == 5


def test_short_forms_are_partial_matches_on_the_sites_pages():
    text = GLOSSARY.read_text(encoding="utf-8")
    cross = ("An issuing certificate may be signed by more than one root. For example, Let’s Encrypt intermediates "
             "are cross signed by IdenTrust, because at launch the Let’s Encrypt root was not yet trusted by "
             "certificate stores. Technically, it’s achieved with two issuing certificates, using the same Subject "
             "and the same Key-pair")
    found = [(c, t, how) for c, t, partial, how in _page(cross, text) if partial]
    assert found == [("Root certificate", "root", "partial: short form: root"),
                     ("Intermediate certificate", "intermediates", "partial: short form: intermediate"),
                     ("Root certificate", "root", "partial: short form: root"),
                     ("Certificate subject", "Subject", "partial: short form: subject")]
    # a word of a proper name ("DST Root CA X3", "ISRG Root X1") is no root alone; "that root’s expiration" is
    dst = (LE / "dst-root-ca-x3-expiration.txt").read_text(encoding="utf-8") + (
        "\n\nthanks to a special cross-sign from DST Root CA X3 that extends past that root’s expiration.")
    roots = [(t, partial) for c, t, partial, _ in _page(dst, text) if c == "Root certificate"]
    assert roots.count(("root", True)) == 1 and ("Root", True) not in roots
    assert ("root certificate", False) in roots  # (the full name as before)
    # another word after it makes a compound ("a trusted root list", "the issuer URI"); an idiom ("by extension")
    for other in ("such as inclusion on a trusted root list.", "It typically specifies the OCSP URI and the issuer URI.",
                  "Software serving web pages (or, by extension, the hardware server hosting it)."):
        assert not [m for m in _page(other, text) if m[2]], other


def test_glossary_check_lists_them(capsys):
    assert cli_main(["glossary", "check", "--glossary", str(GLOSSARY)]) == 0
    err = capsys.readouterr().err
    assert ("audit: note: 'Root certificate' is also 'root' alone (a short form, a partial match): the glossary's "
            "definitions write it so ('Certificate Store': '… contains a list of trusted roots. Operating systems …'"
            in err)
    assert "say `definition_names: false` on the concept" in err
    glossary = load_glossary(GLOSSARY)
    assert len(check_lines(glossary, _tokenize())) == 6
    assert parse_glossary("concepts:\n  - {name: Root certificate, category: g}\n").concepts  # (no definitions: none)
