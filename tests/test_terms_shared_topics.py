"""Term coverage, stop 38 (issue 19): a topic several of a site's page titles share, decided per page
(`audit.terms.shared_topics`): the title whose facet the page names, else the title that is the topic itself.

Real text, verbatim: NIDDK's patient pages as MedQuAD holds them (`abachaa/MedQuAD`, 5_NIDDK_QA, CC BY 4.0: the
pages *Urinary Tract Infection In Adults*, *Kidney Stones in Children*, *What I need to know about Kidney Stones*
and *What I need to know about Living with Kidney Failure*), their titles as the glossary (`audit glossary import`
of a site's pages names its concepts so)."""
from __future__ import annotations

from collections import Counter

from audit.terms.shared_topics import facet_dropped, pick

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

STONES = ("concepts:\n  - {name: Kidney Stones in Adults, category: k}\n  - {name: Kidney Stones in Children, category: k}\n"
          "  - {name: What I need to know about Kidney Stones, category: k}\n")
UTI = ("concepts:\n  - {name: Urinary Tract Infection In Adults, category: k}\n"
       "  - {name: Urinary Tract Infections in Children, category: k}\n")
FAILURE = ("concepts:\n  - {name: \"Kidney Failure: Eat Right to Feel Right on Hemodialysis\", category: k}\n"
           "  - {name: \"Kidney Failure: What to Expect\", category: k}\n"
           "  - {name: What I need to know about Living with Kidney Failure, category: k}\n")
ADULTS_UTI = ("- Most urinary tract infections (UTIs) arise from one type of bacteria, Escherichia coli (E. coli), which "
              "normally lives in the bowel. - Symptoms of a UTI in adults may include the following: - a frequent and "
              "intense urge to urinate")
CHILDREN_STONES = ("Kidney stones vary in size. Children produce less urine each day; the amount produced depends on "
                   "their age.")
GENERAL_STONES = ("Kidney stones are caused by high levels of calcium, oxalate, and phosphorus in the urine. Some foods "
                  "may cause kidney stones in certain people.")
LIVING = ("Kidney failure means your kidneys no longer work well enough to do their job.\n\nHemodialysis Hemodialysis "
          "is a treatment for kidney failure.\n\nEating the right foods will help you feel better. Staying healthy with "
          "kidney failure requires watching how much of these elements are included in your diet: - Protein is in many "
          "foods you eat.")


def test_the_title_whose_facet_the_page_names():
    found = _page(ADULTS_UTI, UTI)
    assert found[0] == ("Urinary Tract Infection In Adults", "urinary tract infections", True,
                        "partial: shared topic: urinary tract infection (facet on the page: adult)")
    assert {m[0] for m in _page(CHILDREN_STONES, STONES)} == {"Kidney Stones in Children"}


def test_no_facet_on_the_page_is_the_topic_itself():
    found = _page(GENERAL_STONES, STONES)
    assert found == [("What I need to know about Kidney Stones", "Kidney stones", True,
                      "partial: shared topic: kidney stone (the general title)"),
                     ("What I need to know about Kidney Stones", "kidney stones", True,
                      "partial: shared topic: kidney stone (the general title)")]
    # two titles, both with a facet and neither on the page: the topic stays no one's
    assert _page(GENERAL_STONES.replace("Kidney stones", "Urinary tract infections"), UTI) == []


def test_a_facet_written_as_a_sentence_is_no_evidence():
    # "eat", "feel", "hemodialysis" are on the page, but *Eat Right to Feel Right on Hemodialysis* is a sentence any
    # kidney-failure page writes the words of: the page is the general title's
    found = _page(LIVING, FAILURE)
    assert {m[0] for m in found} == {"What I need to know about Living with Kidney Failure"}
    assert all(m[2] and m[3] == "partial: shared topic: kidney failure (the general title)" for m in found)
    assert len(found) == 3


def test_the_page_names_one_title_in_full():
    text = "Kidney Stones in Children: what parents should know. " + CHILDREN_STONES.replace("Children", "Adults")
    found = _page(text, STONES)
    assert [(m[0], m[2]) for m in found] == [("Kidney Stones in Children", False), ("Kidney Stones in Children", True)]


def test_pick_and_the_reasons():
    telling = ((0, frozenset({"adult"})), (1, frozenset({"children"})), (2, frozenset()))
    assert pick(telling, Counter({"adult": 2, "children": 1})) == (0, ("adult",))
    assert pick(telling, Counter({"adult": 1, "children": 1})) == (-1, ())  # (a tie: no one's)
    assert pick(telling, Counter({"kidney": 5})) == (2, ())
    assert pick(((0, frozenset({"heart", "vessel"})), (1, None)), Counter({"heart": 3})) == (-1, ())
    # a title's facet dropped, not a vocabulary name's subtype (GARD's *Noonan syndrome 1* ... *4*)
    assert facet_dropped("title part + word order") and facet_dropped("qualifier dropped")
    assert not facet_dropped("subtype + code + word order")
    noonan = "concepts:\n  - {name: Noonan syndrome 1, category: d}\n  - {name: Noonan syndrome 2, category: d}\n"
    assert _page("Noonan syndrome is a genetic disorder.", noonan) == []
