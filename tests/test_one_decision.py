"""One place for each decision (#15): the grade target and the gate's grade limit, and the writing-style limits
(long sentences, passive voice, paragraph length, unexplained jargon) decided by the page assessments
(`audit.present.assess`) for the report's lights, pages.csv's `readability_flags` and the CI gate alike."""
from __future__ import annotations

import copy

import pytest

from audit.present import assess
from audit.present import narrative as present
from audit.present import views
from audit.config import ConfigError, Settings, settings_from_mapping
from audit.present.gate import FAIL, PASS, evaluate

SEEDS = ("000_d90088967b95a8cd", "001_6eaccdd1c394f88b", "002_e5de504b53d9a51c")
STYLE = {"max_pages_long_sentences": 0, "max_pages_passive": 1, "max_pages_long_paragraphs": 0,
         "max_pages_unexplained_jargon": 1}


def _with(audit, **sections):
    """The audit seen with other settings (the figures stay; the decisions read the settings)."""
    other = copy.copy(audit)
    other.settings = audit.settings.replace(**sections)
    return other


def test_style_limits_are_gate_checks_only_when_configured(seed_audit):
    assert [c.name for c in evaluate(seed_audit).checks] == [
        "readability", "near_duplicates", "duplicate_share", "required_concepts", "audited_pages"]  # as before
    audit = _with(seed_audit, check=STYLE)
    checks = {c.name: c for c in evaluate(audit).checks}
    assert list(checks)[5:] == ["long_sentences", "passive", "paragraphs", "jargon"]
    lights = assess.page_lights(audit).set_index("page_id")
    for name in ("long_sentences", "passive", "paragraphs", "jargon"):  # the gate fails exactly the red lights
        red = sorted(lights.index[lights[name + "_light"] == assess.RED])
        assert sorted(i["page_id"] for i in checks[name].items) == red, name
    # the seeds: long sentences 58 % / 18 % / 25 % (red above 30 %); passive 21 % / 14 % / 31 % (red above 15 %);
    # longest paragraphs 82 / 74 / 75 words (red above 200); unexplained terms 6 / 8 / 3 (red above 3)
    assert [i["page_id"] for i in checks["long_sentences"].items] == [SEEDS[0]]
    assert checks["long_sentences"].status == FAIL and checks["long_sentences"].value == 1
    assert [i["page_id"] for i in checks["passive"].items] == [SEEDS[2], SEEDS[0]]  # highest share first
    assert checks["passive"].status == FAIL and checks["passive"].limit == 1
    assert checks["paragraphs"].status == PASS and checks["paragraphs"].items == []
    assert checks["jargon"].status == FAIL and [i["page_id"] for i in checks["jargon"].items] == [SEEDS[1], SEEDS[0]]
    assert checks["passive"].message == "2 of 3 page(s) with passive_share above 15 % (allowed: 1)"
    # the red bounds are the assessments' settings: raise one and the gate follows
    looser = _with(seed_audit, check=STYLE, readability={"passive_share_red": 0.25})
    passive = next(c for c in evaluate(looser).checks if c.name == "passive")
    assert passive.status == PASS and [i["page_id"] for i in passive.items] == [SEEDS[2]]


def test_readability_flags_are_the_assessments_amber_bounds(seed_audit):
    lights = assess.page_lights(seed_audit).set_index("page_id")
    flags = seed_audit.pages.set_index("page_id")["readability_flags"]
    assert flags.to_dict() == {SEEDS[0]: "long sentences 58% > 25%; passive 21% > 10%",
                               SEEDS[1]: "passive 14% > 10%",
                               SEEDS[2]: "passive 31% > 10%"}  # 25 % long sentences is at the bound: not over
    for page, text in flags.items():
        for name, words in (("long_sentences", "long sentences"), ("passive", "passive"),
                            ("paragraphs", "paragraph of")):
            assert (words in text) == (lights.loc[page, name + "_light"] in (assess.AMBER, assess.RED)), (page, name)


def test_target_and_limit_are_one_definition_each(seed_audit):
    # defaults: the limit is the target grade (8); every seed page is over both
    assert assess.grade_limit(seed_audit.settings) == 8.0
    assert list(views.pages_over_grade_limit(seed_audit)["page_id"]) == list(SEEDS)
    # a gate limit of 12 above a target of 8: meets_target stays the target's, the gate, the table and the
    # terminal line count the pages above 12 only
    audit = _with(seed_audit, check={"max_grade": 12})
    assert not seed_audit.pages["meets_target"].any()  # grades 15.5, 11.4, 10.3 > 8
    over = views.pages_over_grade_limit(audit)
    assert over.to_dict("records") == [{"page_id": SEEDS[0], "grade": 15.5, "limit": 12.0, "over_by": 3.5}]
    readability = next(c for c in evaluate(audit).checks if c.name == "readability")
    assert [i["page_id"] for i in readability.items] == [SEEDS[0]]
    assert readability.message == "1 of 3 page(s) above grade 12 (allowed: 0)"
    assert "1 above grade 12" in present.verdict_line(audit, "reports", None)
    lights = assess.page_lights(audit).set_index("page_id")["grade_light"]
    assert lights.to_dict() == {SEEDS[0]: assess.RED, SEEDS[1]: assess.AMBER, SEEDS[2]: assess.AMBER}


@pytest.mark.parametrize("value, error", [
    (1.5, "[check] max_pages_passive: expected a whole number, got 1.5"),
    (-1, "[check] max_pages_passive: must be >= 0, got -1"),
    ("2", "[check] max_pages_passive: expected a number, got '2'"),
])
def test_style_check_keys_are_whole_numbers(value, error):
    with pytest.raises(ConfigError) as exc:
        settings_from_mapping({"check": {"max_pages_passive": value}})
    assert str(exc.value) == error
    assert settings_from_mapping({"check": {"max_pages_passive": 2.0}}).check.max_pages_passive == 2
    assert Settings().check.max_pages_passive is None
