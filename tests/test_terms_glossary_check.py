"""Issue 19, stop 28: `audit glossary check` names concepts the matcher reads as one thing, and `score.py` judges the
gold that names another concept's own words by one rule for recall and precision."""
from __future__ import annotations

import json
from pathlib import Path

from audit.cli import main as cli_main
from audit.nlp import load_nlp
from audit.terms.glossary_check import overlaps
from audit.terms.glossary_file import load_glossary

from .test_term_heads import _script  # (a benchmarks/terms script as a module)
from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

BC5CDR = Path(__file__).parent / "fixtures" / "bc5cdr-dev" / "glossary.yml"


def test_the_real_bc5cdr_glossary_has_two_pairs_of_one_thing(capsys):
    """The 645-concept glossary `benchmarks/terms/build.py` names from BC5CDR's training ids (Mondo's and the Disease
    Ontology's labels): two pairs differ only by "disease" / "disorder" — and nothing else is read as one thing."""
    pairs = overlaps(load_glossary(BC5CDR), load_nlp(""))
    assert [(o.concept, o.other, o.reason) for o in pairs] == [
        ("vascular disease", "vascular disorder", "generic head"),
        ("coronary artery disorder", "coronary artery disease", "generic head")]
    assert cli_main(["glossary", "check", "--glossary", str(BC5CDR)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("audit: warning: 'vascular disease' and 'vascular disorder' look like one concept: "
                             "'vascular disease' written with a generic head is 'vascular disorder', which "
                             "'vascular disorder' lists as its own")
    assert err[-1] == "checked 645 concept(s): 2 pair(s) the matcher reads as one thing"


def test_why_it_warns_each_concept_counts_only_its_own_words():
    """The derived form is refused where it is another concept's own: the writer's choice of head word decides
    which of the two concepts a mention counts for (BC5CDR's gold gives both spellings one id)."""
    glossary = ("concepts:\n  - {name: coronary artery disorder, category: d}\n"
                "  - {name: coronary artery disease, category: d}\n  - {name: rheumatic disease, category: d}\n")
    found = _page("Coronary artery disease and coronary artery disorders. A rheumatic disorder.", glossary)
    assert [(c, t) for c, t, _, _ in found] == [("coronary artery disease", "Coronary artery disease"),
                                                ("coronary artery disorder", "coronary artery disorders"),
                                                ("rheumatic disease", "rheumatic disorder")]


def test_only_rules_that_keep_the_meaning_warn(tmp_path, capsys):
    """A head synonym or a relational adjective the shipped vocabularies confirm warns; "disease" / "syndrome"
    (Cushing disease is one cause of Cushing syndrome) and a qualifier dropped (a broader concept) do not. The import
    of a site's glossary warns the same way."""
    path = tmp_path / "g.yml"
    path.write_text("concepts:\n  - {name: Cushing disease, category: d}\n  - {name: Cushing syndrome, category: d}\n"
                    "  - {name: breast neoplasm, category: d}\n  - {name: breast cancer, category: d}\n"
                    "  - {name: kidney failure, category: d}\n  - {name: renal failure, category: d}\n"
                    "  - {name: acute kidney failure, category: d}\n  - {name: chronic pain, category: d}\n"
                    "  - {name: pain, category: d}\n", encoding="utf-8")
    pairs = overlaps(load_glossary(path), load_nlp(""))
    assert [(o.concept, o.other, o.form, o.reason) for o in pairs] == [
        ("breast neoplasm", "breast cancer", "breast cancer", "head synonym"),
        ("kidney failure", "renal failure", "renal failure", "relational adjective")]
    csv = tmp_path / "g.csv"
    csv.write_text("name,plain\nCoronary artery disease,A disease of the heart's arteries.\n"
                   "Coronary artery disorder,The same.\nAngina,Chest pain.\n", encoding="utf-8")
    capsys.readouterr()
    assert cli_main(["glossary", "import", str(csv), "-o", str(tmp_path / "out.yml")]) == 0
    err = capsys.readouterr().err
    assert "audit: warning: 'Coronary artery disease' and 'Coronary artery disorder' look like one concept" in err
    assert err.count("audit: warning:") == 1


def test_score_leaves_another_concepts_own_words_out_of_recall_and_precision_alike(tmp_path):
    """score.py (stop 28): a gold span whose words are another concept's own form is out of recall's denominator,
    and a prediction over it only is not judged — for every method; `counted` keeps both in."""
    folder = tmp_path / "bc5cdr-dev"  # (judged as a set whose every disease mention is gold)
    (folder / "pages").mkdir(parents=True)
    text = "Coronary artery disease was seen. Coronary artery disorder too. Angina and asthma.\n"
    (folder / "pages" / "p1.txt").write_text(text, encoding="utf-8")
    (folder / "glossary.yml").write_text(
        "concepts:\n  - {name: coronary artery disorder, category: d}\n"
        "  - {name: coronary artery disease, category: d}\n  - {name: angina, category: d}\n"
        "  - {name: asthma, category: d}\n", encoding="utf-8")

    def gold(span, concept):
        start = text.index(span)
        return {"page": "p1", "start": start, "end": start + len(span), "text": span, "concepts": [concept],
                "ids": [concept]}

    rows = [gold("Coronary artery disease", "coronary artery disorder"),  # the disease's own words, disorder's id
            gold("Coronary artery disorder", "coronary artery disorder"), gold("Angina", "angina")]
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = _script("score").score_set(folder)
    for method in ("audit", "substring"):
        r = result[method]
        assert (r["conflicts"], r["gold"], r["found"]) == (1, 2, 2)
        # judged: "coronary artery disorder" (right), "angina" (right), "asthma" (no gold: wrong); the prediction
        # over "Coronary artery disease" (the disease) is left out under the rule, wrong when counted
        assert (r["left_out_predicted"], r["correct"], r["judged"]) == (1, 2, 3)
        assert r["counted"]["gold"] == 3 and r["counted"]["found"] == 2
        assert (r["counted"]["correct"], r["counted"]["judged"]) == (2, 4)


def test_an_infection_named_by_its_agent_has_the_agent_after_with():
    """(stop 28) "chronic infection with hepatitis C virus" is *chronic hepatitis C virus infection* (bc5cdr-dev,
    pmid16629641); a site before "infection" is no agent."""
    glossary = ("concepts:\n  - {name: chronic hepatitis C virus infection, category: d}\n"
                "  - {name: HIV infection, category: d}\n  - {name: urinary tract infection, category: d}\n")
    found = _page("Chronic infection with hepatitis C virus is common. Infection by HIV. Infection with urinary "
                  "tract bacteria.", glossary)
    assert [(c, t) for c, t, _, _ in found] == [
        ("chronic hepatitis C virus infection", "Chronic infection with hepatitis C virus"),
        ("HIV infection", "Infection by HIV")]
    assert {how for _, _, _, how in found} == {"agent after with"}
    assert _page("Chronic infection and inflammation.", glossary) == []  # the form makes no part (pmid1255900)
