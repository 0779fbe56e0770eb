"""Term coverage, stop 27 (issue 19): a name of one hyphenated adjective and generic heads ("obsessive-compulsive
disorder") — the adjective with another head is a weak part (reported `partial`), counted only where the page names
the concept, as an editor writes the name once in full and then its adjective; on an abstract of the BioCreative V
CDR corpus's development split (PubMed 12907924)."""
from __future__ import annotations

from audit.terms.parts import partial_parts

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

OCD = "concepts:\n  - {name: obsessive-compulsive disorder, category: d}\n  - {name: depression, category: d}\n"
ABSTRACT = ("Methylphenidate-induced obsessive-compulsive symptoms in an elderly man. An 82-year-old man with "
            "treatment-resistant depression and early Alzheimer's disease was started on methylphenidate. Significant "
            "obsessive-compulsive behavior ensued but diminished over several weeks when methylphenidate was replaced "
            "by fluvoxamine. The patient had no prior psychiatric history, but he had a sister with obsessive-compulsive "
            "disorder.")


def _keys(text: str) -> tuple[str, ...]:
    return tuple(text.replace("-", " - ").split())


def test_the_hyphenated_adjective_of_a_name_is_a_weak_part():
    keys = _keys("obsessive-compulsive disorder")
    assert ("obsessive", "-", "compulsive") in partial_parts(keys, weak=True)
    assert ("obsessive", "-", "compulsive") not in partial_parts(keys)  # (not a part proper: an adjective alone)
    # a qualifier is no such adjective ("x-linked disease"), nor a name with a specific head
    assert ("x", "-", "linked") not in partial_parts(_keys("x-linked disease"), weak=True)
    assert ("hemolytic", "-", "uremic") not in partial_parts(_keys("hemolytic-uremic anemia"), weak=True)


def test_the_adjective_counts_where_the_page_names_the_concept():
    found = _page(ABSTRACT, OCD)
    assert [(c, t, p) for c, t, p, _ in found if c != "depression"] == [
        ("obsessive-compulsive disorder", "obsessive-compulsive", True),
        ("obsessive-compulsive disorder", "obsessive-compulsive", True),
        ("obsessive-compulsive disorder", "obsessive-compulsive disorder", False)]
    # without the name on the page: no mention
    first = ABSTRACT.split(" The patient")[0]
    assert [c for c, _, _, _ in _page(first, OCD) if c != "depression"] == []
