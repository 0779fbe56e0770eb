"""The term-coverage sets' builder reads BioRED's PubTator lines (`benchmarks/terms/build_abstracts.py`, stop 30):
real lines of BioRED's training split (`ndlongvn/BioRED-NER-RE@637e02c9`, a copy of NCBI's BIORED.zip); and
letsencrypt.org's built glossary page (`build_letsencrypt.py`, stop 31: the fixture `tests/fixtures/letsencrypt/`);
OpenTelemetry's and Falco's glossaries (`build_otel.py`, `build_falco.py`: `tests/fixtures/otel/`, `falco/`); no
corpus or mirror needed."""
from __future__ import annotations

from pathlib import Path

from .test_terms_cncf import _terms_module  # (a benchmarks/terms module, as build.py imports it)

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "benchmarks" / "terms"

LINES = [
    "10491763|t|Hepatocyte nuclear factor-6: associations between genetic variability and type II diabetes and between "
    "genetic variability and estimates of insulin secretion.",
    "10491763\t0\t27\tHepatocyte nuclear factor-6\tGeneOrGeneProduct\t3175",
    "10491763\t74\t90\ttype II diabetes\tDiseaseOrPhenotypicFeature\tD003924",
    "10491763\t140\t147\tinsulin\tGeneOrGeneProduct\t3630",
    "10491763\tAssociation\t3175\tD003924\tNo",
    "10788334\t474\t500\tbreast and ovarian cancers\tDiseaseOrPhenotypicFeature\tD001943,D010051",
    "19508969\t92\t98\tNPHP11\tDiseaseOrPhenotypicFeature\tOMIM:613550",
    "20534142\t514\t535\tbeta-cell dysfunction\tDiseaseOrPhenotypicFeature\t-",
]


def _build_abstracts():
    return _terms_module("build_abstracts")


def test_biored_lines_give_the_disease_mentions_with_their_ids():
    b = _build_abstracts()
    texts, mentions = b._biored("\n".join(LINES) + "\n")
    assert list(texts) == ["10491763"] and texts["10491763"][74:90] == "type II diabetes"
    assert mentions == [("10491763", 74, 90, "type II diabetes", ["D003924"]),  # genes and relations: no mention
                        ("10788334", 474, 500, "breast and ovarian cancers", ["D001943", "D010051"]),  # composite
                        ("19508969", 92, 98, "NPHP11", ["OMIM:613550"]),
                        ("20534142", 514, 535, "beta-cell dysfunction", [])]  # "-": no id



def test_letsencrypt_definitions_give_the_linked_mentions():
    """(stop 31) A definition of letsencrypt.org's built glossary page (`tests/fixtures/letsencrypt/glossary.html`)
    is a page; each link to a glossary entry (`#def-…`) a gold mention, offsets on the page text."""
    _build_abstracts()  # (build.py puts benchmarks/terms on sys.path)
    import build_letsencrypt
    from build_sources import page_text
    from lxml import html as lxml_html

    page = ROOT / "tests" / "fixtures" / "letsencrypt" / "glossary.html"
    doc = lxml_html.document_fromstring(page.read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))
    dds = list(doc.iter("dd"))
    assert len(dds) == 10
    targets: list[str] = []
    text, spans = page_text(build_letsencrypt._linked_text(dds[1], targets), targets)
    assert text == ("A certificate extension used to indicate to user agents how to obtain information about the issuer "
                    "of the certificate. It typically specifies the OCSP URI and the issuer URI.")
    assert [(text[s:e], t) for s, e, t in spans] == [("extension", "extension"), ("user agents", "user-agent"),
                                                     ("certificate", "certificate"), ("OCSP", "OCSP"),
                                                     ("issuer URI", "CAI")]
    # the ACME definition: typographic apostrophes as rendered, external links ("ACME RFC") are text, not gold
    targets = []
    text, spans = page_text(build_letsencrypt._linked_text(dds[0], targets), targets)
    assert text.endswith("to ask for a certificate. ACME RFC - Wikipedia")
    assert [(text[s:e], t) for s, e, t in spans] == [("Let’s Encrypt", "LE"), ("certificate", "leaf")]


def test_otel_definitions_give_the_linked_mentions():
    """(stop 36) OpenTelemetry's Markdown glossary (`tests/fixtures/otel/glossary-excerpt.md`, CC BY 4.0): each `###`
    term's definition is a page, each link to an entry's anchor a gold mention (Hugo's heading ids), reference links
    to the specification text, not gold."""
    _build_abstracts()  # (build.py puts benchmarks/terms on sys.path)
    import build_otel
    from build_sources import page_text

    from audit.terms.glossary_import import _front_matter

    source = (ROOT / "tests" / "fixtures" / "otel" / "glossary-excerpt.md").read_text(encoding="utf-8")
    entries, refs = build_otel.sections(_front_matter(source)[1])
    assert [name for name, _ in entries] == ["Aggregation", "API", "Application", "APM", "Attribute",
                                             "Automatic instrumentation", "Baggage"]
    assert refs == ("[attribute]: /docs/specs/otel/common/#attributes\n"
                    "[baggage]: /docs/specs/otel/baggage/api/")
    assert build_otel.heading_id("Automatic instrumentation") == "automatic-instrumentation"
    concept_of = {build_otel.heading_id(name): name for name, _ in entries}
    concept_of |= {"metadata": "Metadata", "signal": "Signal", "resource": "Resource"}
    targets: list = []
    text, spans = page_text(build_otel.render(dict(entries)["Attribute"], refs, concept_of, targets, True), targets)
    assert text == ("OpenTelemetry term for Metadata. Adds key-value information to the entity producing telemetry. "
                    "Used across Signals and Resources. See attribute spec.")
    assert [(text[s:e], t) for s, e, t in spans] == [("Metadata", "Metadata"), ("Signals", "Signal"),
                                                     ("Resources", "Resource")]
    # on another page, an anchor alone names that page's own heading: no glossary mention
    targets = []
    text, spans = page_text(build_otel.render("See [Alerts](#alerts) and [Metadata](/docs/concepts/glossary/#metadata).",
                                              "", concept_of, targets, False), targets)
    assert [(text[s:e], t) for s, e, t in spans] == [("Metadata", "Metadata")]


def test_falco_tooltips_give_the_mentions():
    """(stop 38) The Falco website's glossary (`tests/fixtures/falco/glossary/`, CC BY 4.0): a concept page's body
    rendered as the site shows it, each `glossary_tooltip` shortcode the text it shows and a gold mention of the
    concept whose page is `<term_id>.md`; without `text=` it shows the concept's title."""
    _build_abstracts()  # (build.py puts benchmarks/terms on sys.path)
    import build_falco
    from build_sources import page_text

    from audit.terms.glossary_import import _front_matter

    folder = ROOT / "tests" / "fixtures" / "falco" / "glossary"
    title_of = {"kernel": "Kernel", "modern-ebpf-probe": "Modern eBPF Probe", "kernel-module-driver":
                "Kernel Module Driver", "rules": "Rules", "fields": "Fields"}
    body = _front_matter((folder / "drivers.md").read_text(encoding="utf-8"))[1]
    raw, ids = build_falco.render("Drivers", body, title_of)
    text, spans = page_text(raw, ids)
    assert text == ("Drivers\n\nThe global term for the software that sends events from the kernel.\n\n"
                    "Examples include modern eBPF probe or the kernel module.")  # (`<!--more-->` is no text)
    assert [(text[s:e], t) for s, e, t in spans] == [("kernel", "kernel"), ("modern eBPF probe", "modern-ebpf-probe"),
                                                     ("kernel module", "kernel-module-driver")]
    # the form without `text=` shows the entry's title; a heading's attributes are no text; other shortcodes go
    raw, ids = build_falco.render("Setup", "## Modern eBPF {#docker-privileged-modern-ebpf}\n\nThe "
                                  '{{< glossary_tooltip term_id="modern-ebpf-probe" >}} is the default '
                                  '({{< latest >}}).', title_of)
    text, spans = page_text(raw, ids)
    assert text == "Setup\n\nModern eBPF\n\nThe Modern eBPF Probe is the default ()."
    assert [(text[s:e], t) for s, e, t in spans] == [("Modern eBPF Probe", "modern-ebpf-probe")]
