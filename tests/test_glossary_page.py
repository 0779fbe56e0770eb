"""`audit glossary import` of a one-page glossary (issue 19, stop 31): letsencrypt.org's glossary page as the site
builds it (a definition list) and 18F's performance.gov glossary (a Markdown page, one heading per term), then
`audit run` with the imported glossary."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from audit.cli import main as cli_main
from audit.terms.glossary_file import load_glossary, parse_glossary
from audit.terms.glossary_import import import_glossary, one_page, to_yaml

FIX = Path(__file__).resolve().parent / "fixtures"
LE = FIX / "letsencrypt"
PERF = FIX / "performance-gov" / "GLOSSARY.md"


def test_definition_list_page_is_one_concept_per_entry():
    skipped: list[str] = []
    read_as: list[str] = []
    concepts = import_glossary([LE / "glossary.html"], skipped=skipped, read_as=read_as)
    assert [c["name"] for c in concepts] == [
        "ACME (Automatic Certificate Management Environment)", "Authority Information Access (AIA)", "Certificate",
        "Certificate Authority (CA)", "Certificate chain", "Intermediate certificate",
        "Leaf certificate (end-entity certificate)", "Let's Encrypt (LE)", "Root certificate", "X.509"]
    assert read_as == [f"{LE / 'glossary.html'}: a one-page glossary (definition list): 10 entries"]
    assert skipped == []  # (the page's menus and footer are lists, not definition lists)
    by_name = {c["name"]: c for c in concepts}
    assert by_name["Certificate chain"]["plain"].startswith(
        "A list of intermediate certificates that help a user agent determine that it can trust")
    assert by_name["Authority Information Access (AIA)"]["plain"] == (
        "A certificate extension used to indicate to user agents how to obtain information about the issuer of the "
        "certificate. It typically specifies the OCSP URI and the issuer URI.")
    # the abbreviation in parentheses is the matcher's to derive, as for a page title: "AIA", exact case
    glossary = parse_glossary(to_yaml(concepts))
    from audit.nlp import load_nlp
    from audit.terms.glossary import CompiledGlossary

    nlp = load_nlp("")
    cg = CompiledGlossary(glossary, nlp)
    found = {cg.names[m.concept] for m in cg.match(nlp.make_doc("The AIA field names the issuer; aia is not it."))}
    assert found == {"Authority Information Access (AIA)"}


def test_terms_sharing_one_definition_are_one_concept():
    """Two <dt> before one <dd>: the first is the concept, the second its variant (stop 33; until then left out
    with a line; `import_glossary` reports it — see tests/test_terms_pypug.py for a Sphinx glossary's own). The real
    page, with a second term inserted before one definition."""
    page = (LE / "glossary.html").read_text(encoding="utf-8")
    marker = '<dt class="term">\n\t<a href="#def-chain">'
    assert marker in page
    doubled = page.replace(marker, '<dt class="term">Chain of trust</dt>\n' + marker)
    skipped: list[str] = []
    entries = one_page_entries(doubled, skipped)
    chain = next(e for e in entries if e.name == "Chain of trust")
    assert chain.variants == ("Certificate chain",) and "Certificate chain" not in [e.name for e in entries]
    assert skipped == []


def one_page_entries(text: str, skipped: list[str]):
    from audit.terms.glossary_page import html_entries

    shape, entries = html_entries(Path("glossary.html"), text, skipped)
    assert shape == "definition list"
    return entries


def test_headings_page_markdown_and_rendered(tmp_path):
    skipped: list[str] = []
    shape, entries = one_page(PERF, skipped)
    assert shape == "headings (h5) each followed by text"
    assert [e.name for e in entries][:5] == ["APG", "Business intelligence", "CAP goal", "GPRA", "interim website"]
    assert len(entries) == 15
    assert entries[0].plain.startswith("Agency Priority Goal. Target areas where agency leaders want to achieve")
    assert entries[3].plain == "Government Performance and Results Act."  # (the list after it is not `plain`)
    # the real page lists twelve terms it has not defined yet: each left out with its line, none imported empty
    assert len(skipped) == 12
    assert skipped[0] == "GLOSSARY.md line 9: 'agency performance plan (APP)' has no definition after it"
    concepts = import_glossary([PERF])
    assert {c["name"]: c.get("case_sensitive", False) for c in concepts}["APG"] is True  # an abbreviation
    # the same page rendered to HTML (as a site or GitHub shows it): the same entries
    from markdown_it import MarkdownIt

    from audit.terms.glossary_page import html_entries

    rendered = MarkdownIt("commonmark").render(PERF.read_text(encoding="utf-8"))
    html_skipped: list[str] = []
    html_shape, html_found = html_entries(Path("glossary.html"), f"<html><body>{rendered}</body></html>",
                                          html_skipped)
    assert html_shape == shape and [(e.name, e.plain) for e in html_found] == [(e.name, e.plain) for e in entries]
    assert len(html_skipped) == 12
    # with the Jekyll front matter the repository added later (`layout: home`), lines are the file's
    page = tmp_path / "glossary.md"
    page.write_text("---\nlayout: home\n---\n" + PERF.read_text(encoding="utf-8"), encoding="utf-8")
    fm_skipped: list[str] = []
    assert len(one_page(page, fm_skipped)[1]) == 15
    assert fm_skipped[0] == "glossary.md line 12: 'agency performance plan (APP)' has no definition after it"


def test_article_with_headings_is_not_a_glossary(tmp_path):
    """Headings each followed by a paragraph are also how an article is written: without a title that says
    glossary, the page is one concept's page, as before."""
    page = tmp_path / "rights.md"
    page.write_text((FIX / "healthcare-gov" / "article-rights-and-protections.md").read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert one_page(page, []) is None
    assert one_page(FIX / "healthcare-gov" / "glossary" / "0100-01-01-grandfathered.md", []) is None


def test_cli_imports_a_one_page_glossary_and_run_accepts_it(tmp_path, capsys):
    out = tmp_path / "glossary.yml"
    assert cli_main(["glossary", "import", str(LE / "glossary.html"), "-o", str(out), "--category", "tls"]) == 0
    err = capsys.readouterr().err
    assert "a one-page glossary (definition list): 10 entries" in err and "imported 10 concept(s)" in err
    assert len(load_glossary(out)) == 10
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(LE / "dst-root-ca-x3-expiration.txt", site / "dst-root.txt")
    report = tmp_path / "out"
    assert cli_main(["run", str(site), "--glossary", str(out), "--out", str(report), "-q"]) == 0
    terms = pd.read_csv(report / "terms.csv").set_index("concept")
    assert terms.loc["Root certificate", "count"] == 5  # "root certificate(s)", the editors' linked mention first
    assert terms.loc["Let's Encrypt (LE)", "count"] == 4  # "Let’s Encrypt": the name without its parenthesis
    assert terms.loc["Root certificate", "first_text"] == "Let’s Encrypt has a “root certificate” called ISRG Root X1."
    perf = tmp_path / "perf.yml"
    assert cli_main(["glossary", "import", str(PERF), "-o", str(perf)]) == 0
    err = capsys.readouterr().err
    assert err.count("has no definition after it") == 12 and "imported 15 concept(s)" in err
