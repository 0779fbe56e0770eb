"""(stop 33) Two forms the Python Packaging User Guide's glossary needed (`pypug-glossary`, a set no rule was made
on): an abbreviation in mixed case ("Python Package Index (PyPI)": "PyPI", 115 times on its pages, was never read)
and another name in quotes ('Source Distribution (or "sdist")' made the form '"sdist"' with its quotes). Names and
sentences verbatim from packaging.python.org (`pypa/packaging.python.org@ab499485`, CC BY-SA 3.0)."""
from __future__ import annotations

from audit.terms.forms import derived_forms

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

GLOSSARY = ("concepts:\n  - {name: Python Package Index (PyPI), category: t}\n"
            "  - {name: \"Source Distribution (or \u201csdist\u201d)\", category: t}\n"
            "  - {name: Python Packaging Authority (PyPA), category: t}\n")
SENTENCES = ("You will find files in two formats on package indices such as PyPI: source distributions, or sdists for "
             "short, and binary distributions, commonly called wheels. The former is an sdist, the latter is a wheel.")


def test_an_abbreviation_in_mixed_case_and_a_quoted_other_name_are_forms():
    assert ("PyPI", "abbreviation", True) in derived_forms("Python Package Index (PyPI)")
    assert ("PyPA", "abbreviation", True) in derived_forms("Python Packaging Authority (PyPA)")
    assert ("sdist", "alternative name", False) in derived_forms("Source Distribution (or \u201csdist\u201d)")
    assert ("IoT", "abbreviation", True) in derived_forms("Internet of Things (IoT)")
    # one capital is a word, not an abbreviation
    assert not [f for f in derived_forms("Cloud Native Computing (Cncf)") if f[1] == "abbreviation"]


def test_they_are_read_on_the_guides_pages():
    found = _page(SENTENCES, GLOSSARY)
    assert ("Python Package Index (PyPI)", "PyPI", False, "abbreviation") in found
    assert [(c, t) for c, t, partial, _ in found if c.startswith("Source")] == [
        ("Source Distribution (or \u201csdist\u201d)", "source distributions"),
        ("Source Distribution (or \u201csdist\u201d)", "sdists"), ("Source Distribution (or \u201csdist\u201d)", "sdist")]
    assert ("Python Package Index (PyPI)", "pypi", False, "abbreviation") not in [
        (c, t.lower(), p, h) for c, t, p, h in _page("pip install from pypi.org today", GLOSSARY)]  # (exact case)
