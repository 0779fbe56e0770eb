"""Term coverage, stop 24 (issue 19, eleventh round), on sentences of the BioCreative V CDR corpus's development
abstracts (PubMed):

- a one-letter designator at a sentence's end (spaCy keeps "C." one token) and as a type before the word ("type B
  hepatitis" for *hepatitis B virus infection*; not "type D vitamin");
- a treatment as a class cause ("therapy-induced dyskinesias"), a side adjective before a class-caused core
  ("contralateral dyskinesias"; "tardive dyskinesia" stays another kind);
- a long word hyphenated after a combining form ("venous thrombo-embolism");
- a partial match that ends inside a hyphenated adjective made of it ("stroke-like", "constipation-predominant");
- a disorder named by an organ written with a word for that organ's disorder ("kidney dysfunction", "renal damage",
  "cardiovascular toxicity")."""
from __future__ import annotations

from audit.terms.derivation import type_word
from audit.terms.forms import derived_forms
from audit.terms.parts import designator_spellings, sentence_end

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

VIRUS = ("concepts:\n  - {name: chronic hepatitis C virus infection, category: d}\n"
         "  - {name: hepatitis B virus infection, category: d}\n  - {name: hepatitis, category: d}\n")
CAUSED = ("concepts:\n  - {name: drug-induced dyskinesia, category: d}\n"
          "  - {name: drug-induced akathisia, category: d}\n")
ORGANS = ("concepts:\n  - {name: kidney disorder, category: d}\n  - {name: cardiovascular disorder, category: d}\n"
          "  - {name: acute kidney injury, category: d}\n  - {name: toxicity, category: d}\n"
          "  - {name: venous thromboembolism, category: d}\n  - {name: stroke disorder, category: d}\n"
          "  - {name: constipation disorder, category: d}\n")


def test_a_designator_at_a_sentence_end_and_before_the_word():
    assert sentence_end(("hepatitis", "c")) == (("hepatitis", "c."),)
    assert sentence_end(("hepatitis", "c", "virus")) == ()
    assert designator_spellings(("hepatitis", "b")) == {("hepatitis", "b."), ("type", "b", "hepatitis")}
    assert designator_spellings(("vitamin", "d")) == {("vitamin", "d.")}  # (a vitamin names a thing)
    found = _page("Hemolytic anemia during combination therapy of interferon and ribavirin for chronic hepatitis C. "
                  "BACKGROUND: Hemolytic anemia is one of the side effects.", VIRUS)
    assert found == [("chronic hepatitis C virus infection", "chronic hepatitis C.", True,
                      "partial: chronic hepatitis c.")]
    found = _page("Type B hepatitis after needle-stick exposure: prevention with hepatitis B immune globulin.", VIRUS)
    assert [(c, t, p) for c, t, p, _ in found] == [("hepatitis B virus infection", "Type B hepatitis", True),
                                                   ("hepatitis B virus infection", "hepatitis B", True)]
    # a name of a word and its letter: the same forms, as a type word
    assert ("type B Hemophilia", "type word", False) in derived_forms("Hemophilia B")
    assert type_word("Vitamin D") == []


def test_a_treatment_as_the_cause_and_a_side_before_the_core():
    found = _page("rTMS of supplementary motor area modulates therapy-induced dyskinesias in Parkinson disease.",
                  CAUSED)
    assert [(c, t, p) for c, t, p, _ in found] == [("drug-induced dyskinesia", "therapy-induced dyskinesias", True)]
    found = _page("The on-period score for contralateral dyskinesias improved, and ipsilateral dyskinesias less.",
                  CAUSED)
    assert [(c, t) for c, t, _, _ in found] == [("drug-induced dyskinesia", "dyskinesias")] * 2
    assert _page("Stress-induced dyskinesia was seen.", CAUSED) == []
    assert _page("The patients had a significant increase in tardive dyskinesia.", CAUSED) == []


def test_hyphens_inside_a_name_and_after_a_mention():
    found = _page("Combined continuous HT significantly increased the risk of venous thrombo-embolism or coronary "
                  "event.", ORGANS)
    assert found == [("venous thromboembolism", "venous thrombo-embolism", False, "combining form")]
    found = _page("Delayed leukoencephalopathy with stroke-like presentation in chemotherapy recipients.", ORGANS)
    assert [(c, t, p) for c, t, p, _ in found] == [("stroke disorder", "stroke", True)]
    found = _page("Differences in jejunal motility were found in the constipation-predominant IBS group.", ORGANS)
    assert [(c, t, p) for c, t, p, _ in found] == [("constipation disorder", "constipation", True)]
    # another second word: still inside the word, no mention
    assert _page("A grandfathered-in plan keeps its terms.", "concepts:\n  - {name: Grandfathered Health Plan, "
                 "category: g}\n") == []


def test_an_organs_disorder_in_other_words():
    found = _page("These in vivo markers of kidney dysfunction and their correction by metformin were studied. "
                  "Thus, bupivacaine-induced cardiovascular toxicity was reduced.", ORGANS)
    assert [(c, t, h) for c, t, _, h in found] == [
        ("kidney disorder", "kidney dysfunction", "organ's disorder"),
        ("cardiovascular disorder", "cardiovascular toxicity", "organ's disorder")]
    found = _page("Streptozotocin-induced renal damage was less.", ORGANS)
    assert [(c, t) for c, t, _, _ in found] == [("kidney disorder", "renal damage")]
    # "kidney injury" is no such form: a narrower disease of its own
    assert [c for c, _, _, _ in _page("Acute kidney injury was seen.", ORGANS)] == ["acute kidney injury"]
    assert ("kidney injury", "organ's disorder", False) not in derived_forms("kidney disorder")
