"""A page that may not be English is audited but not graded: the readability formulas count English words,
syllables and sentences (a Spanish page of HealthCare.gov scored grade 9-10 before, a Chinese news page grade 93.6,
a uuencoded Usenet post 123.5). Real pages: HealthCare.gov's open-source release, the Spanish article "¿Puedo
quedarme con mi médico?" verbatim and an English article excerpt (public domain; tests/fixtures/README.md)."""
from __future__ import annotations

import dataclasses
import math
import shutil
from pathlib import Path

from audit.config import Settings
from audit.present.gate import evaluate

FIX = Path(__file__).parent / "fixtures" / "healthcare-gov"
SPANISH = Path(__file__).parent / "fixtures" / "languages" / "puedo-quedarme-con-mi-medico.md"


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SPANISH, site / "es-doctor.md")
    shutil.copy(FIX / "article-rights-and-protections.md", site / "rights.md")
    return site


def _pages(result):
    return result.pages.set_index("page_id")


def test_a_spanish_page_is_audited_not_graded(tmp_path):
    import audit

    result = audit.run([_site(tmp_path)], Settings(), progress=False)
    pages = _pages(result)
    es, en = pages.loc["es-doctor"], pages.loc["rights"]
    assert es["status"] == "ok" and "may not be English (2% common English words" in es["reason"]
    assert es["readability_note"] == "may not be English: 2.5% common English words (< 15%)"
    assert math.isnan(es["grade"]) and math.isnan(es["flesch_kincaid_grade"])
    assert es["why"] == "not graded: may not be English: 2.5% common English words (< 15%)"
    assert es["words"] > 200  # its words are still counted, its duplication and glossary terms measured
    # no English word lists on it: no difficult words ("médico" is no "difficult" English word), no candidate terms
    assert es["difficult_words"] == 0 and en["difficult_words"] > 50
    assert set(result.difficult_words["page_id"]) == {"rights"}
    assert math.isnan(es["passive_share"]) and en["passive_share"] >= 0  # (the passive rules read English)
    sentences = result.sentences[result.sentences["page_id"] == "es-doctor"]
    assert len(sentences) > 10 and sentences["grade"].isna().all() and sentences["long"].any()
    assert not sentences[["hard", "very_hard", "passive"]].to_numpy().any()
    candidates = result.term_candidates
    assert len(candidates) and not candidates["term"].str.contains("mercado|seguros|médico").any()
    assert en["status"] == "ok" and en["reason"] == "" and en["readability_note"] == "" and en["grade"] > 8
    check = {c.name: c for c in evaluate(result).checks}["readability"]
    assert check.message == "1 of 2 page(s) above grade 8 (allowed: 0); 1 page(s) may not be English"
    assert [i["page_id"] for i in check.items] == ["rights"]


def test_the_threshold_is_the_load_setting(tmp_path):
    import audit

    base = Settings()  # nothing is "not English": the Spanish page is graded again
    settings = dataclasses.replace(base, load=dataclasses.replace(base.load, min_english_stopword_share=0.0))
    pages = _pages(audit.run([_site(tmp_path)], settings, progress=False))
    assert pages.loc["es-doctor", "reason"] == "" and pages.loc["es-doctor", "readability_note"] == ""
    assert pages.loc["es-doctor", "grade"] > 0


def test_the_reasons_of_pages_without_a_grade_are_counted_by_kind(tmp_path):
    import audit

    site = _site(tmp_path)
    (site / "short.md").write_text("# Short\n\nA page of a few words only.\n", encoding="utf-8")
    check = {c.name: c for c in evaluate(audit.run([site], Settings(), progress=False)).checks}["readability"]
    assert check.message == ("1 of 3 page(s) above grade 8 (allowed: 0); 2 page(s) not graded: 1 may not be English, "
                             "1 too short to grade")


def test_the_page_view_says_why_the_page_has_no_grade(tmp_path):
    import audit
    from audit.present.report import write_report

    result = audit.run([_site(tmp_path)], Settings(), progress=False)
    out = tmp_path / "report"
    write_report(result, out)
    page = (out / "pages" / "es-doctor.html").read_text(encoding="utf-8")
    assert ("<strong>Reading grade</strong>: Not measured for this page: may not be English: 2.5% common English "
            "words (&lt; 15%).") in page
    assert "A very hard sentence" not in page and "Passive voice" in page
