"""Term coverage, stop 39 (issue 19): a title's audience dropped (`audit.terms.titles.audience_dropped`) and a title's
topic that another title owns, decided per page by the title's facet (`audit.terms.title_facets`).

Real text, verbatim: MedlinePlus health-topic pages as MedQuAD holds them (`abachaa/MedQuAD`, 4_MPlus_Health_Topics_QA,
CC BY 4.0: the pages *Heart Disease in Women*, *Heart Diseases* and *Child Behavior Disorders*, opening sentences,
some left out between), their titles as the glossary (`audit glossary import` of a site's pages names its concepts
so)."""
from __future__ import annotations

from audit.terms.forms import derived_forms
from audit.terms.titles import audience_dropped, audiences

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

HEART = ("concepts:\n  - {name: Heart Diseases, category: d}\n  - {name: Heart Disease in Women, category: d}\n"
         "  - {name: Child Behavior Disorders, category: d}\n")
WOMEN = ("In the United States, 1 in 4 women dies from heart disease. The most common cause of heart disease in both "
         "men and women is narrowing or blockage of the coronary arteries, the blood vessels that supply blood to the "
         "heart itself. The older a woman gets, the more likely she is to get heart disease.")
GENERAL = ("If you're like most people, you think that heart disease is a problem for others. But heart disease is the "
           "number one killer in the U.S. It is also a major cause of disability. There are many different forms of "
           "heart disease.")
BEHAVIOR = ("All kids misbehave some times. And some may have temporary behavior problems due to stress. For example, "
            "the birth of a sibling, a divorce, or a death in the family may cause a child to act out. Behavior "
            "disorders are more serious. The behavior is also not appropriate for the child's age.")


def test_a_page_about_the_topic_in_the_facet_is_the_narrow_title():
    found = _page(WOMEN, HEART)
    assert [m[:3] for m in found] == [("Heart Disease in Women", "heart disease", True)] * 3
    assert found[0][3] == "partial: shared topic: heart diseases (facet on the page: woman)"


def test_the_general_title_keeps_its_own_page():
    # no facet on the page: the general title's
    found = _page(GENERAL, HEART)
    assert {(m[0], m[2], m[3]) for m in found} == {("Heart Diseases", False, "name")}
    assert len(found) == 3
    # the facet written once, as often as the topic: a passing word (`FACET_MIN`), the general title's
    first = WOMEN.split(". ")[0] + "."
    assert _page(first, HEART) == [("Heart Diseases", "heart disease", False, "name")]


def test_an_audience_dropped_is_decided_by_the_page():
    assert audience_dropped("Child Behavior Disorders") == [("Behavior Disorders", "audience dropped", False)]
    assert audience_dropped("Teen Mental Health") == [("Mental Health", "audience dropped", False)]
    assert audience_dropped("Adult Soft Tissue Sarcoma") == [("Soft Tissue Sarcoma", "audience dropped", False)]
    assert audience_dropped("Childhood Soft Tissue Sarcoma") == [("Soft Tissue Sarcoma", "audience dropped", False)]
    # not a modifier that is also an adjective, a compound of one word, a sentence-case name, a thing
    assert audience_dropped("Diabetic Heart Disease") == []
    assert audience_dropped("Child Abuse") == []
    assert audience_dropped("Child behavior disorders") == []
    assert audience_dropped("Heart Valve Disease") == []
    assert {"child", "teen", "toddler", "woman", "childhood", "adulthood"} <= audiences()
    assert not {"heart", "college", "summer", "cancer"} & audiences()
    assert ("Behavior Disorders", "audience dropped", False) in derived_forms("Child Behavior Disorders")
    found = _page(BEHAVIOR, HEART)
    assert found == [("Child Behavior Disorders", "Behavior disorders", True,
                      "partial: shared topic: behavior disorder (facet on the page: child)")]
    # the same sentence on a page that does not say the audience: no one's
    assert _page("Behavior disorders are more serious.", HEART) == []


def test_the_audiences_table_is_wordnets_and_rebuilds_byte_identical(tmp_path):
    """`audit/data/audiences-wordnet.txt` is what `benchmarks/terms/build_audiences.py` writes from Debian's WordNet
    3.0 (noun.person and the kinds of time of life), not a list fitted to titles."""
    from pathlib import Path

    import pytest

    from .test_term_heads import _script

    table = Path(__file__).resolve().parents[1] / "audit" / "data" / "audiences-wordnet.txt"
    text = table.read_text(encoding="utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in text
    words = [w for w in text.splitlines() if not w.startswith("#")]
    assert words == sorted(words) and {"child", "teen", "adult", "woman", "childhood"} <= set(words)
    if not Path("/usr/share/wordnet/index.noun").is_file():
        pytest.skip("Debian's wordnet-base is not installed")
    out = tmp_path / "audiences.txt"
    assert _script("build_audiences").main(["--out", str(out)]) == 0
    assert out.read_bytes() == table.read_bytes()
