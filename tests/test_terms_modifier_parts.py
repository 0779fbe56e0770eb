"""Term coverage, stop 39 (issue 19): a name's modifier of two words or more alone, where no other concept of the
glossary holds it (`audit.terms.modifier_parts`), a partial match reported as such.

Real text, verbatim: the CNCF Cloud Native Glossary's pages *Cluster* and *Continuous Delivery* (`cncf/glossary@
ca1dc403`, documentation CC BY 4.0; the editors linked "tightly coupled" to *Tightly Coupled Architecture* and
"blue-green" to *Blue Green Deployment*, which the rule left until stop 40) and the Falco website's *Deployment environments* page (`falcosecurity/
falco-website@c47da4cb`, CC BY 4.0; the editors' tooltip on "Modern eBPF" names *Modern eBPF Probe*)."""
from __future__ import annotations

from audit.terms.modifier_parts import _modifier, hyphenated, modifier_parts

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

CNCF = ("concepts:\n  - {name: Tightly Coupled Architecture, category: g}\n"
        "  - {name: Loosely Coupled Architecture, category: g}\n  - {name: Blue Green Deployment, category: g}\n"
        "  - {name: Canary Deployment, category: g}\n  - {name: Cloud Native Apps, category: g}\n"
        "  - {name: Cloud Native Technology, category: g}\n  - {name: Distributed System, category: g}\n")
FALCO = ("concepts:\n  - {name: Modern eBPF Probe, category: g}\n  - {name: eBPF, category: g}\n"
         "  - {name: Kernel Module Driver, category: g}\n  - {name: Kernel Module, category: g}\n")
CLUSTER = ("It can be seen as a specific kind of distributed system where the nodes are a bit more tightly coupled.")
DELIVERY = ("CD strategies create a fully automated path to production that tests and deploys the software using various "
            "deployment strategies such as canary or blue-green releases.")
GKE = "To use Falco on GKE, you need to deploy using the Modern eBPF."


def test_a_modifier_alone_is_a_partial_mention():
    assert ("Tightly Coupled Architecture", "tightly coupled", True, "partial: modifier: tightly coupled") \
        in _page(CLUSTER, CNCF)
    # written with the hyphen of a compound modifier before a noun
    assert ("Tightly Coupled Architecture", "tightly-coupled", True, "partial: modifier: tightly - coupled") \
        in _page("Monoliths are tightly-coupled applications.", CNCF)
    # a full name inside the modifier ("eBPF") gives way to it: the editors linked the probe
    assert _page(GKE, FALCO) == [("Modern eBPF Probe", "Modern eBPF", True, "partial: modifier: modern ebpf")]
    # the full name stays a full match
    assert _page("the Modern eBPF probe", FALCO) == [("Modern eBPF Probe", "Modern eBPF probe", False, "name")]


def test_what_is_no_modifier_part():
    # a modifier whose last word is an everyday noun names a thing of its own ("weight loss" of *Weight Loss
    # Surgery*); the editors' "blue-green" is read since stop 40 (a compound adjective: `test_terms_cncf_notations`)
    assert [m[1:] for m in _page(DELIVERY, CNCF) if m[0] == "Blue Green Deployment"] == [
        ("blue-green", True, "partial: modifier: blue - green")]
    assert _modifier(("weight", "loss", "surgery")) is None and _modifier(("medical", "device", "safety")) is None
    assert _modifier(("open", "enrollment", "period")) is None  # (a noun of action: "-ment")
    # a relational adjective last needs a noun after it ("decreased cardiac fatty-acid oxidation")
    assert _modifier(("decreased", "cardiac", "output")) is None
    # a modifier of four names ("cloud native") is no one's; a one-word modifier ("canary") is not this rule's
    parts = modifier_parts([((w.lower(),) + tuple(n.lower().split()), i) for i, (w, n) in enumerate(
        [("Cloud", "Native Apps"), ("Cloud", "Native Technology"), ("Tightly", "Coupled Architecture")])], {})
    assert parts == {("tightly", "coupled"): 2, ("tightly", "-", "coupled"): 2}
    assert ("cloud", "native") not in parts and _modifier(("canary", "deployment")) is None
    # a modifier that is another concept's name ("kernel module") stays that concept's
    assert not [m for m in _page("Load the kernel module first.", FALCO) if m[0] == "Kernel Module Driver"]
    # a rare head is the specific word itself ("hemiparesis": stop 38's rule), a generic head has its own rules
    assert _modifier(("transient", "left", "hemiparesis")) is None
    assert _modifier(("progressive", "familial", "syndrome")) is None
    # a body part in the modifier is the body, not the disease; a type code names a subtype; a qualifier first
    assert _modifier(("male", "breast", "cancer")) is None and _modifier(("head", "neck", "cancer")) is None
    assert _modifier(("type", "ii", "hearing", "loss")) is None and _modifier(("acute", "kidney", "injury")) is None
    # a name written with its own abbreviation is a proper name (stop 33): "python packaging" is no part
    assert modifier_parts([(("python", "packaging", "authority", "(", "pypa", ")"), 0)], {}) == {}
    assert hyphenated(("blue", "green")) == ("blue", "-", "green")
    assert hyphenated(("event", "-", "driven")) == ("event", "-", "driven")
