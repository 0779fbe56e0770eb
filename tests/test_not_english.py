"""A page that may not be English is audited but not graded: the readability formulas count English words,
syllables and sentences (a Spanish page of HealthCare.gov scored grade 9-10 before, a Chinese news page grade 93.6,
a uuencoded Usenet post 123.5). The decision (`audit.ingest.language`): the share of common English words, then
the language CLD2 identifies, then the page's declaration. Real pages: HealthCare.gov's open-source release, the
Spanish article "¿Puedo quedarme con mi médico?" verbatim and an English article excerpt (public domain);
plainlanguage.gov's "Before and after" page as built, a list of short example titles (CC0; tests/fixtures/README.md)."""
from __future__ import annotations

import dataclasses
import math
import shutil
from pathlib import Path

from audit.config import Settings
from audit.present.gate import evaluate

FIX = Path(__file__).parent / "fixtures" / "healthcare-gov"
SPANISH = Path(__file__).parent / "fixtures" / "languages" / "puedo-quedarme-con-mi-medico.md"
SHORT_ITEMS = Path(__file__).parent / "fixtures" / "site_text" / "plainlanguage" / "examples__before-and-after.html"
NOTE = "may not be English: identified as Spanish (es), 2.1% common English words"  # (front matter not read as text)


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
    assert es["status"] == "ok" and es["reason"] == f"note: {NOTE}"
    assert es["readability_note"] == NOTE
    assert math.isnan(es["grade"]) and math.isnan(es["flesch_kincaid_grade"])
    assert es["why"] == f"not graded: {NOTE}"
    assert es["words"] > 100  # its words are still counted (145, its front matter not), its duplication and glossary terms measured
    # no English word lists on it: no difficult words ("médico" is no "difficult" English word), no candidate terms
    assert es["difficult_words"] == 0 and en["difficult_words"] > 50
    assert set(result.difficult_words["page_id"]) == {"rights"}
    assert math.isnan(es["passive_share"]) and en["passive_share"] >= 0  # (the passive rules read English)
    sentences = result.sentences[result.sentences["page_id"] == "es-doctor"]
    assert len(sentences) == 9 and sentences["grade"].isna().all() and sentences["long"].any()
    assert not sentences[["hard", "very_hard", "passive"]].to_numpy().any()
    candidates = result.term_candidates
    assert len(candidates) and not candidates["term"].str.contains("mercado|seguros|médico").any()
    assert en["status"] == "ok" and en["reason"] == "" and en["readability_note"] == "" and en["grade"] > 8
    check = {c.name: c for c in evaluate(result).checks}["readability"]
    assert check.message == "1 of 2 page(s) above grade 8 (allowed: 0); 1 page(s) may not be English"
    assert [i["page_id"] for i in check.items] == ["rights"]


def test_the_threshold_is_the_load_setting(tmp_path):
    import audit

    base = Settings()  # no page is read by the identifier: nothing is "not English", the Spanish page is graded again
    settings = dataclasses.replace(base, load=dataclasses.replace(base.load, language_check_below_share=0.0))
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
    assert f"<strong>Reading grade</strong>: Not measured for this page: {NOTE}." in page
    assert "A very hard sentence" not in page and "Passive voice" in page


def _load(path: Path):
    from audit.config import LoadSettings
    from audit.ingest.load import load_page
    from audit.ingest.sources import Source

    return load_page(Source(path, path.stem, path.name, size=path.stat().st_size), LoadSettings())


def test_an_english_page_of_short_items_is_graded(tmp_path):
    """plainlanguage.gov's "Before and after" page (the `site_text` fixture): example titles by agency, 14.8 %
    common English words, below the 15 % that called it "not English" before; CLD2 identifies English: graded."""
    import audit
    from audit.ingest.language import identify

    page = _load(SHORT_ITEMS)
    assert page.status == "ok" and 0.14 < page.english_share < 0.15
    assert page.declared_language == "en" and identify(page.lines) == ("en", "English")
    assert page.language_note == "" and page.reason == "" and not page.not_english()
    site = _site(tmp_path)
    shutil.copy(SHORT_ITEMS, site / "before-and-after.html")
    pages = _pages(audit.run([site], Settings(), progress=False))
    row = pages.loc["before-and-after"]
    assert row["reason"] == "" and row["readability_note"] == "" and row["grade"] > 0


def _uuencoded(data: bytes) -> str:
    """`data` as uuencode writes it (45 bytes a line, as the Usenet posts that carried files)."""
    import binascii

    lines = [binascii.b2a_uu(data[i:i + 45]).decode("ascii") for i in range(0, len(data), 45)]
    return "begin 644 doctor.md\n" + "".join(lines) + "`\nend\n"


def test_a_page_of_encoded_data_has_no_language_and_no_grade(tmp_path):
    """A uuencoded file (the Spanish article's bytes, as Usenet carried files): CLD2 names no language and the page
    declares none, so below `[load] min_english_stopword_share` it is "no language identified", not graded and
    not called foreign; the gate counts it by that kind."""
    import audit
    from audit.config import LoadSettings
    from audit.ingest.language import language_note

    site = _site(tmp_path)
    (site / "encoded.txt").write_text(_uuencoded(SPANISH.read_bytes()), encoding="ascii")
    result = audit.run([site], Settings(), progress=False)
    row = _pages(result).loc["encoded"]
    assert row["readability_note"].startswith("no language identified: ") and row["readability_note"].endswith(
        "common English words (< 15%), no prose to grade")
    assert math.isnan(row["grade"]) and row["difficult_words"] == 0
    check = {c.name: c for c in evaluate(result).checks}["readability"]
    assert check.message == ("1 of 3 page(s) above grade 8 (allowed: 0); 2 page(s) not graded: 1 may not be English, "
                             "1 no language identified")
    # a page that declares a language other than English is believed where the text names none
    lines = _uuencoded(SPANISH.read_bytes()).splitlines()
    share, note = language_note(lines, "es", LoadSettings())
    assert note == f"may not be English: declared Spanish (es), {share:.1%} common English words"
    assert language_note(lines, "en", LoadSettings()) == (share, "")  # (declared English: graded)


def test_the_declaration_is_the_html_lang_or_content_language():
    """`declared_language`: the primary subtag of `<html lang>` (plainlanguage.gov: "en-US"), else of a
    content-language meta; none or not well-formed: ""."""
    import lxml.html

    from audit.ingest.language import declared_language

    assert declared_language(lxml.html.fromstring(SHORT_ITEMS.read_text(encoding="utf-8"))) == "en"
    for html, lang in (('<html lang="pt-BR"><body><p>x</p></body></html>', "pt"),
                       ('<html><head><meta http-equiv="Content-Language" content="de"></head><body>x</body></html>', "de"),
                       ('<html lang=""><body><p>x</p></body></html>', ""),
                       ('<html lang="english"><body><p>x</p></body></html>', ""),
                       ('<html><body><p>x</p></body></html>', "")):
        assert declared_language(lxml.html.fromstring(html)) == lang, html
