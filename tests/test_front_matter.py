"""A static site's source page opens with its front matter (`audit.ingest.frontmatter`): the page's settings, not its
text. `audit run` over a Jekyll or Hugo site's sources reads the title, language and draft flag from it and never
audits "layout: glossary-word" or "- glossary" as sentences; the text keeps the file's line numbers. Real pages:
HealthCare.gov's open-source release (Jekyll, public domain) and the CNCF Cloud Native Glossary (Hugo, CC BY 4.0),
verbatim (tests/fixtures/README.md)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit.config import Settings
from audit.ingest.frontmatter import front_matter, split_front_matter
from audit.ingest.load import GENERATED_ONLY
from audit.ingest.segment import segment_lines
from audit.terms.glossary_import import import_glossary

from .labelled import loaded_page

FIX = Path(__file__).parent / "fixtures"
HCGOV = FIX / "healthcare-gov" / "glossary"
CNCF = FIX / "cncf-glossary"
SPANISH = FIX / "languages" / "puedo-quedarme-con-mi-medico.md"


_load = loaded_page  # (the page as `audit run` loads it, asserted ok)


def test_a_jekyll_page_gives_its_title_and_no_text_of_its_keys():
    path = HCGOV / "0100-01-01-UCR-usual-customary-and-reasonable.md"
    page = _load(path)
    assert page.title == "UCR (Usual, Customary, and Reasonable)"
    assert page.declared_language == "en"
    file_lines = path.read_text(encoding="utf-8").split("\n")
    assert file_lines[8] == "---" and page.lines[:9] == [""] * 9  # the block's 9 lines blanked ...
    assert page.lines[9] == file_lines[9]  # ... so the definition is still the file's line 10
    blocks = segment_lines(page.lines, Settings().segment, page.markdown)
    assert [(b.kind, b.line_start) for b in blocks] == [("paragraph", 10)]
    assert blocks[0].text.startswith("The amount paid for a medical service in a geographic area")


def test_a_hugo_page_in_any_case_indented_or_a_draft():
    assert _load(CNCF / "en" / "serverless.md").title == "Serverless"  # (its key is written `Title:`)
    stateless = _load(CNCF / "en" / "stateless-apps.md")  # (its keys indented one space)
    assert stateless.title == "Stateless Apps"
    assert stateless.lines[:6] == [""] * 6 and stateless.lines[7].startswith("Stateless applications handle")
    draft = _load(CNCF / "en" / "firewall.md")
    assert draft.title == "Firewall"
    assert draft.reason == "note: a draft (front matter `draft: true`): the site does not publish it yet"
    assert _load(CNCF / "en" / "container.md").reason == ""


def test_toml_front_matter_as_hugo_writes_it(tmp_path):
    # CNCF's page with its front matter written in TOML between `+++` lines, as Hugo also reads it
    text = (CNCF / "pages" / "continuous-delivery.md").read_text(encoding="utf-8")
    meta, body = split_front_matter(text)
    assert meta["title"] == "Continuous Delivery (CD)" and meta["tags"] == ["methodology", "application", ""]
    toml = ('+++\ntitle = "Continuous Delivery (CD)"\nstatus = "Completed"\ncategory = "concept"\n'
            'tags = ["methodology", "application", ""]\ndraft = true\n+++\n')
    page_path = tmp_path / "continuous-delivery.md"
    page_path.write_text(toml + body, encoding="utf-8")
    page = _load(page_path)
    assert page.title == "Continuous Delivery (CD)" and "a draft" in page.reason
    assert page.lines[:7] == [""] * 7 and page.lines[8].startswith("Continuous delivery, often abbreviated as")


def test_the_keys_are_no_blocks_of_the_site(tmp_path):
    import audit

    site = tmp_path / "site"
    shutil.copytree(HCGOV, site)
    result = audit.run([site], Settings(), progress=False)
    pages = result.pages.set_index("page_id")
    assert (pages["status"] == "ok").all()
    assert pages.loc["0100-01-01-premium", "title"] == "Premium"
    assert pages.loc["2013-06-07-out-of-pocket-maximum-limit", "title"] == "Out-of-pocket maximum/limit"
    texts = " ".join(result.blocks["text"])
    for key in ("layout", "glossary-word", "lang: en", "categories", "title:"):
        assert key not in texts
    body = result.blocks[result.blocks["label"] == "body"]
    assert set(body["kind"]) == {"paragraph"} and len(body) == 9  # each page's definition (and a "Read the list" line)
    assert result.blocks["line_start"].min() == 10  # (below the front matter, at the file's own line)


def test_a_spanish_page_declares_its_language():
    page = _load(SPANISH)
    assert page.title == "¿Puedo quedarme con mi médico?" and page.declared_language == "es"
    assert not any("meta-description" in line or "layout: basic" in line for line in page.lines)


@pytest.mark.parametrize("lines, n", [
    # a Markdown page that opens with a rule, then prose, then a rule: no front matter, every line the page's
    (["---", "Some providers may not be in the plan's network.", "---", "", "Text."], 0),
    (["---", "- a list, not a mapping of keys", "---"], 0),
    (["---", "title: Premium"], 0),  # never closed
    (["", "", "---", "title: Network Plan", "---", "Text."], 5),  # blank lines before it (HealthCare.gov's page)
    (["---", "---", "Text."], 2),  # empty front matter (Jekyll's way to ask for processing)
    (["---", "title: Premium: what it covers", "lang: en", "---", "Text."], 4),  # a YAML error a generator strips
    (["---", "title: Premium", "...", "Text."], 3),  # YAML's document end closes it too
    (["+++", 'title = "Premium"', "+++", "Text."], 3),
    (["+++", "title = Premium, unquoted", "+++", "Text."], 3),  # TOML error, still its keys
])
def test_what_is_front_matter(lines, n):
    assert front_matter(lines)[1] == n


def test_import_reads_front_matter_as_the_run_does():
    concepts = import_glossary([HCGOV / "0100-01-01-premium.md", HCGOV / "2013-06-05-federally-recognized-tribe.md"])
    assert [c["name"] for c in concepts] == ["Premium", "Federally Recognized Tribe"]
    assert concepts[0]["plain"].startswith("The amount that must be paid for your health insurance or plan.")


def test_a_redirect_stub_is_no_page_and_the_gate_does_not_count_it(tmp_path):
    import audit
    from audit.present.gate import evaluate

    site = tmp_path / "site"
    shutil.copytree(FIX / "front-matter", site)
    result = audit.run([site], Settings(), progress=False)
    pages = result.pages.set_index("page_id")
    stub, page = pages.loc["names"], pages.loc["our-style-names"]
    assert stub["status"] == "skipped" and stub["title"] == "Names"
    assert stub["reason"] == GENERATED_ONLY
    assert page["status"] == "ok" and page["title"] == "Names" and page["words"] > 100
    texts = " ".join(result.blocks["text"])
    assert "subnav" not in texts and "#personal-names" not in texts and "sticky_sidenav" not in texts
    check = {c.name: c for c in evaluate(result).checks}["audited_pages"]
    assert check.status == "pass", check.message


def test_front_matter_that_does_not_parse_is_said_and_left_out(tmp_path):
    # HealthCare.gov's *Premium* page with its title written unquoted after a colon: a YAML error Jekyll reports
    lines = (HCGOV / "0100-01-01-premium.md").read_text(encoding="utf-8").split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = "title: Premium: what it covers"
    path = tmp_path / "premium.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    page = _load(path)
    assert page.reason == ("note: front matter not read (YAML: mapping values are not allowed here at line "
                           f"{title + 1}); its lines are left out of the text")
    assert page.title == "" and not any(line.startswith(("title", "lang", "layout")) for line in page.lines)
    assert any(line.startswith("The amount that must be paid") for line in page.lines)


def test_import_reads_markdown_as_the_run_does():
    # OpenTelemetry's glossary: reference links resolved by the page's definitions, which end the page (not its
    # last entry's text); CNCF's search page (front matter only, `layout: search`) is no entry
    skipped: list[str] = []
    concepts = import_glossary([FIX / "otel" / "glossary-excerpt.md", FIX / "front-matter" / "search.md"],
                               skipped=skipped)
    assert [c["name"] for c in concepts] == ["Aggregation", "API", "Application", "APM", "Attribute",
                                             "Automatic instrumentation", "Baggage"]
    by_name = {c["name"]: c for c in concepts}
    assert by_name["Attribute"]["plain"].endswith("Used across Signals and Resources. See attribute spec.")
    assert by_name["Baggage"]["plain"] == ("A mechanism for propagating Metadata to help establish a causal "
                                           "relationship between events and services. See baggage spec.")
    assert "definition" not in by_name["Baggage"]  # (the page's reference definitions are not a paragraph of it)
    assert skipped == [f"{FIX / 'front-matter' / 'search.md'}: {GENERATED_ONLY}"]


def test_a_kubernetes_style_glossary_folder_and_its_tooltips():
    """(stop 38) The Falco website's glossary (`tests/fixtures/falco/glossary/`, CC BY 4.0): one page per concept in
    Kubernetes' glossary style, imported over the folder; the bundle's `index.md` (front matter only: the layout
    lists the entries) is no entry; a `glossary_tooltip` shortcode is the word the site shows, in the import as in
    `audit run` (it was dropped with the other shortcodes' tags: "sends events from the ." before stop 38)."""
    folder = FIX / "falco" / "glossary"
    skipped: list[str] = []
    concepts = import_glossary([folder], skipped=skipped)
    assert [c["name"] for c in concepts] == ["Conditions", "Drivers", "Kernel Module Driver", "Kernel Module"]
    by_name = {c["name"]: c for c in concepts}
    assert by_name["Drivers"]["plain"] == "The global term for the software that sends events from the kernel."
    assert by_name["Drivers"]["definition"].endswith("\n\nExamples include modern eBPF probe or the kernel module.")
    assert by_name["Kernel Module Driver"]["plain"] == ("The Kernel module collects syscalls events from the kernel, "
                                                        "as the modern eBPF Probe does.")
    assert by_name["Conditions"]["definition"].split("\n\n")[1].startswith("A key part of a rule is the condition "
                                                                           "field.")
    assert skipped == [f"{folder / 'index.md'}: {GENERATED_ONLY}"]
    page = loaded_page(folder / "kernel-module.md")
    assert page.title == "Kernel Module"
    assert "This is one option used to pass kernel events up to userspace for Falco to consume. Sometimes this word " \
           "is incorrectly used to refer to a probe." in page.lines
    # without `text=` the shortcode shows the entry's title, which the page does not hold: its id, as words
    from audit.ingest.mdsource import source_lines
    assert source_lines(['Load the {{< glossary_tooltip term_id="kernel-module" >}} first.']) == \
        ["Load the kernel module first."]


def test_a_kubernetes_glossary_pages_aka_is_a_variant():
    """(stop 39) Kubernetes' glossary (`tests/fixtures/kubernetes/glossary/`, CC BY 4.0) gives a concept's other
    names in its front matter, `aka: [HPA]`; the import keeps them as the concept's variants (an abbreviation case
    sensitive), says so, and `audit run` then finds "the HPA" as *Horizontal Pod Autoscaler*. (Before stop 39 the key
    was not read: the page's "HPA" was no mention.)"""
    from audit.terms.glossary_import import aka_names

    folder = FIX / "kubernetes" / "glossary"
    read_as: list[str] = []
    concepts = import_glossary([folder], read_as=read_as)
    assert concepts[0]["name"] == "Horizontal Pod Autoscaler"
    assert concepts[0]["variants"] == [{"term": "HPA", "case_sensitive": True}]
    assert concepts[0]["plain"].startswith("An API resource that automatically scales the number of pod replicas")
    assert read_as == ["horizontal-pod-autoscaler.md: 'HPA' as a variant of 'Horizontal Pod Autoscaler' "
                       "(front matter `aka`)"]
    # an empty `aka:` (Falco's pages), one string, repeats and the title itself give nothing more
    assert aka_names({"aka": None}, "Syscalls") == ()
    assert aka_names({"aka": "kubectl"}, "Kubectl") == ()
    assert aka_names({"aka": ["HPA", "hpa", "", "Horizontal Pod Autoscaler"]}, "Horizontal Pod Autoscaler") == ("HPA",)


def test_front_matter_after_a_blank_line_is_read_and_said():
    # HealthCare.gov's *Network Plan*: a blank line before `---`, so Jekyll's build shows "layout: glossary-word" as
    # text (the built page of the sites benchmark does); the audit reads the keys and tells the editor
    page = _load(FIX / "front-matter" / "network-plan.md")
    assert page.title == "Network Plan"
    assert page.reason == ("note: front matter read, but it starts after 1 blank line(s): Jekyll reads front matter "
                           "only from the first line and shows these keys as text")
    assert not any("glossary-word" in line for line in page.lines)
