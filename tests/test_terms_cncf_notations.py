"""Term coverage, stop 40 (issue 19): the CNCF Cloud Native Glossary's last derivable misses as general rules — a
coordination in parentheses ("stateful (and stateless) apps"), the optional-prefix notation ("(micro)services"), a
name whose head is an activity written as its agents ("site reliability engineers" for *Site Reliability
Engineering*), a modifier that is a compound adjective ("blue-green" for *Blue Green Deployment*); and derived forms
no page writes pruned ("Blue Green Deplo-yment", "Blueness Green Deployment").

Real text, verbatim: the CNCF Cloud Native Glossary's pages *Stateful Apps*, *Microservices Architecture*, *Security
Chaos Engineering* and *Continuous Delivery* (`cncf/glossary@ca1dc403`, documentation CC BY 4.0; the editors linked
"stateless" to *Stateless Apps*, "services" to *Service*, "site reliability engineers" to *Site Reliability
Engineering*, "blue-green" to *Blue Green Deployment*)."""
from __future__ import annotations

from pathlib import Path

from audit.nlp import load_nlp
from audit.terms.agents import agent_nouns, agent_table
from audit.terms.derivation import derivations
from audit.terms.forms import derived_forms
from audit.terms.modifier_parts import _modifier, compound_adjective
from audit.terms.spellings import combining_forms

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ROOT = Path(__file__).resolve().parent.parent
CNCF = ("concepts:\n  - {name: Stateful Apps, category: g}\n  - {name: Stateless Apps, category: g}\n"
        "  - {name: Service, category: g}\n  - {name: Microservices Architecture, category: g}\n"
        "  - {name: Site Reliability Engineering, category: g}\n  - {name: Reliability, category: g}\n"
        "  - {name: Blue Green Deployment, category: g}\n  - {name: Canary Deployment, category: g}\n"
        "  - {name: Continuous Delivery (CD), category: g}\n")
STATEFUL = ("When we speak of stateful (and stateless) apps, state refers to any data the app needs to store to function "
            "as designed.")
MICRO = ("A microservices architecture is an architectural approach that breaks applications into individual "
         "independent (micro)services, with each service focused on a specific functionality.")
SRE = ("The main priority for site reliability engineers (SREs) and cyber security engineers is to restore service as "
       "fast as possible with the goal of achieving zero downtime and minimizing business impact. SREs and cyber "
       "security engineers deal both with pre-failure and post-failure incidents situations.")
DELIVERY = ("CD strategies create a fully automated path to production that tests and deploys the software using various "
            "deployment strategies such as canary or blue-green releases.")


def test_a_coordination_in_parentheses_distributes_the_head():
    found = _page(STATEFUL, CNCF)
    assert ("Stateless Apps", "stateless", False, "coordination in the text") in found
    assert ("Stateful Apps", "stateful", False, "coordination in the text") in found
    # "or" too; a conjunct whose word and the tail make no form is no mention; no parenthesis, no coordination
    assert [m[:2] for m in _page("Both stateful (or stateless) apps run.", CNCF)] == [
        ("Stateful Apps", "stateful"), ("Stateless Apps", "stateless")]
    assert _page("Both legacy (and stateless) apps.", CNCF) == [("Stateless Apps", "stateless", False,
                                                                "coordination in the text")]
    assert _page("Some (and stateless) apps.", CNCF) == []  # (a stop word is no conjunct)
    assert _page("stateful (stateless) apps", CNCF) == []


def test_the_optional_prefix_notation_leaves_its_word():
    nlp = load_nlp("")
    words = [t.text for t in nlp.make_doc(MICRO)]
    assert words[words.index("independent"):][:6] == ["independent", "(", "micro", ")", "services", ","]
    assert ("Service", "services", False, "name") in _page(MICRO, CNCF)
    # lower-case letters only: letters picked out of a name, or a ")" after a capital, stay spaCy's
    assert [t.text for t in nlp.make_doc("(P)ulmonary (re)start f(x)")] == ["(", "P)ulmonary", "(", "re", ")",
                                                                          "start", "f(x", ")"]


def test_an_activity_name_is_also_written_as_its_agents():
    found = _page(SRE, CNCF)
    assert ("Site Reliability Engineering", "site reliability engineers", False, "agent noun") in found
    # the page then defines the people's abbreviation, read as the concept's (`page_mentions`)
    assert [m[1] for m in found if m[0] == "Site Reliability Engineering"] == ["site reliability engineers", "SREs",
                                                                                 "SREs"]
    assert not [m for m in found if m[0] == "Reliability"]  # ("reliability" inside the agents' name, before: wrong)
    assert agent_nouns("Agile Software Development") == [("Agile Software Developer", "agent noun", False)]
    # one word is a practice and a profession; a function word or a parenthesis makes no compound
    assert agent_nouns("Nursing") == [] and agent_nouns("Engineering") == []
    assert agent_nouns("Quality of Engineering") == [] and agent_nouns("Continuous Delivery (CD)") == []
    # an adjective before the head says how the act is done, not who does it (the shipped glossary's names)
    assert agent_nouns("physical examination") == [] and agent_nouns("involuntary movement") == []
    assert agent_nouns("Container Orchestration") == [("Container Orchestrator", "agent noun", False)]
    table = agent_table()
    assert table["engineering"] == ("engineer",) and "developer" in table["development"]
    assert "testee" not in table.get("testing", ())  # (a patient, not an agent)
    # made no part: "reliability engineers" alone is no mention
    assert _page("Our reliability engineers left.", CNCF) == [("Reliability", "reliability", False, "name")]


def test_a_compound_adjective_modifier_stands_for_the_name():
    assert ("Blue Green Deployment", "blue-green", True, "partial: modifier: blue - green") in _page(DELIVERY, CNCF)
    assert compound_adjective(["blue", "green"]) and compound_adjective(["open", "source"])
    # a compound that also names a person or a thing is a noun phrase of its own ("African-American")
    assert not compound_adjective(["african", "american"]) and not compound_adjective(["weight", "loss"])
    assert _modifier(("african", "american", "health")) is None and _modifier(("weight", "loss", "surgery")) is None


def test_forms_no_page_writes_are_not_derived():
    forms = {f for f, _, _ in derived_forms("Blue Green Deployment")}
    assert "Blue Green Deplo-yment" not in forms and "Blueness Green Deployment" not in forms
    assert "Agility Software Development" not in {f for f, _, _ in derived_forms("Agile Software Development")}
    # an everyday word is split where its rest is a word; a rare medical compound at every combining form
    assert combining_forms("Autoimmune hepatitis") == [("Auto-immune hepatitis", "combining form", False)]
    assert combining_forms("Deployment") == []
    assert ("venous thrombo-embolism", "combining form", False) in combining_forms("venous thromboembolism")
    # a modifier that pertains to a noun is still written as it
    assert ("chromosomal abnormalities", "derivation", False) in derivations("chromosome abnormalities")


def test_the_wordnet_tables_rebuild_byte_identical(tmp_path):
    """The two tables are what their builders write from Debian's WordNet 3.0, not lists fitted to a set."""
    import pytest

    from .test_term_heads import _script

    if not Path("/usr/share/wordnet/data.noun").is_file():
        pytest.skip("Debian's wordnet-base is not installed")
    for name, table in (("build_agent_nouns", "agent-nouns-wordnet.tsv"),
                        ("build_compound_adjectives", "compound-adjectives-wordnet.txt")):
        out = tmp_path / table
        assert _script(name).main(["--out", str(out)]) == 0
        assert out.read_bytes() == (ROOT / "audit" / "data" / table).read_bytes()
