"""Term coverage, stop 23 (issue 19): parts that are unique to one concept of the glossary (the issue's "partial
mention with evidence"), on sentences of the BioCreative V CDR corpus's development abstracts (PubMed):

- a class-caused name's core of a rare word ("akathisia" of *drug-induced akathisia*) counts without its cause
  named — the glossary's one concept of that disease — reported `partial`; a core of common words ("liver injury")
  still only where the page names the cause, and a core after another adjective ("tardive dyskinesia") only after
  a cause named;
- a qualifier before a part of the rest of the name ("chronic hepatitis C" of *chronic hepatitis C virus infection*,
  as "hepatitis C" is a part of *hepatitis C virus infection*);
- a cause named, then adjectives before the core ("reserpine-induced orofacial dyskinesia")."""
from __future__ import annotations

from audit.terms.parts import partial_parts

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

CAUSED = ("concepts:\n  - {name: drug-induced dyskinesia, category: d}\n"
          "  - {name: drug-induced liver injury, category: d}\n  - {name: drug-induced akathisia, category: d}\n")
VIRUS = ("concepts:\n  - {name: chronic hepatitis C virus infection, category: d}\n"
         "  - {name: hepatitis B virus infection, category: d}\n  - {name: hepatitis, category: d}\n")


def _keys(text: str) -> tuple[str, ...]:
    return tuple(text.replace("-", " - ").split())


def test_a_rare_class_caused_core_is_a_part_proper():
    assert ("akathisia",) in partial_parts(_keys("drug - induced akathisia"))
    assert ("dyskinesia",) in partial_parts(_keys("drug - induced dyskinesia"))
    assert ("liver", "injury") not in partial_parts(_keys("drug - induced liver injury"))  # (a common first word)
    assert ("thrombocytopenia",) not in partial_parts(_keys("heparin - induced thrombocytopenia"))  # (no class)


def test_the_core_alone_counts_without_its_cause():
    found = _page("To evaluate extrapyramidal symptoms (EPS), including akathisia, with quetiapine in patients with "
                  "bipolar mania.", CAUSED)
    assert found == [("drug-induced akathisia", "akathisia", True, "partial: akathisia")]
    # its cause named: a match over the cause, as before (stop 21)
    found = _page("Phenobarbital-induced dyskinesia in a neurologically-impaired child.", CAUSED)
    assert [(c, t) for c, t, _, _ in found] == [("drug-induced dyskinesia", "Phenobarbital-induced dyskinesia")]


def test_the_core_after_another_adjective_or_cause_is_not_the_class_caused_disease():
    assert _page("The patients had a significant increase in tardive dyskinesia.", CAUSED) == []
    assert _page("Stress-induced dyskinesia was seen.", CAUSED) == []
    assert _page("The liver injury resolved.", CAUSED) == []


def test_a_qualifier_before_a_part_of_the_rest():
    assert ("chronic", "hepatitis", "c") in partial_parts(_keys("chronic hepatitis c virus infection"))
    found = _page("Interferon-alpha monotherapy in the treatment of chronic hepatitis C (CHC). Combination therapy "
                  "is associated with hemolytic anemia.", VIRUS)
    assert ("chronic hepatitis C virus infection", "chronic hepatitis C", True,
            "partial: chronic hepatitis c") in found
    # the part without the qualifier stays another concept's ("hepatitis B") or the glossary's broader one
    found = _page("A case of hepatitis B, then hepatitis C.", VIRUS)
    assert [(c, t) for c, t, _, _ in found] == [("hepatitis B virus infection", "hepatitis B"),
                                                ("hepatitis", "hepatitis")]


def test_adjectives_between_the_cause_and_the_core():
    # (stop 23) the cause named, then adjectives, coordinated or not: the page names the drug-induced disease
    found = _page("The extract was studied on reserpine-induced orofacial dyskinesia and neurochemical alterations.",
                  CAUSED)
    assert [(c, t, h) for c, t, _, h in found] == [
        ("drug-induced dyskinesia", "reserpine-induced orofacial dyskinesia",
         "partial: cause named: reserpine - induced orofacial dyskinesia")]
    found = _page("Levodopa-induced ballistic and choreic dyskinesia in a patient.", CAUSED)
    assert [t for _, t, _, _ in found] == ["Levodopa-induced ballistic and choreic dyskinesia"]
