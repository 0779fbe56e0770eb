"""The simplified Lesk trial (stop 39, `benchmarks/terms/lesk_trial.py`: tried, not shipped) on the Python Packaging
User Guide's own glossary (`tests/fixtures/pypug/glossary.html`, CC BY-SA 3.0) and two paragraphs of its pages, as
the `pypug-glossary` set holds them (tutorials/installing-packages, guides/distributing-packages-using-setuptools),
each "package(s)" linked by the guide's authors: one decided right, one wrong — the trial's finding."""
from __future__ import annotations

import json
from pathlib import Path

from .test_terms_cncf import _terms_module  # (a benchmarks/terms module, as build.py imports it)

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "benchmarks" / "terms"
PYPUG = ROOT / "tests" / "fixtures" / "pypug"
# (the pages' text verbatim; the linked word, its concept)
PARAGRAPHS = (
    ("This section covers the basics of how to install Python packages.", "packages", "Distribution Package"),
    ("Often, additional files need to be installed into a package. These files are often data that’s closely related "
     "to the package’s implementation, or text files containing documentation that might be of interest to "
     "programmers using the package. These files are called “package data”.", "package", "Import Package"),
)


def _lesk_trial():
    return _terms_module("lesk_trial")


def _set(tmp_path: Path) -> Path:
    from audit.terms.glossary_import import import_glossary, to_yaml

    (tmp_path / "glossary.yml").write_text(to_yaml(import_glossary([PYPUG / "glossary.html"])), encoding="utf-8")
    (tmp_path / "pages").mkdir()
    text = "\n\n".join(p for p, _, _ in PARAGRAPHS) + "\n"
    gold = []
    for para, word, concept in PARAGRAPHS:
        start = text.index(word, text.index(para))
        gold.append({"page": "p", "start": start, "end": start + len(word), "text": word, "concepts": [concept]})
    (tmp_path / "pages" / "p.txt").write_text(text, encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return tmp_path


def test_lesk_decides_the_shared_name_by_its_block_right_once_wrong_once(tmp_path):
    from audit.nlp import load_nlp

    lesk_trial = _lesk_trial()
    counts = lesk_trial.trial(_set(tmp_path), load_nlp(""), 0, False)
    # "package" is named by both definitions (refused by `definition_names`): 5 mentions, each undecided by the audit
    assert counts["ambiguous"] == 5
    # "install" (10.3) is *Distribution Package*'s word: right in the first paragraph, wrong in the second, where the
    # guide's authors link the import package that files are "installed into" — its other three mentions ("the
    # package's implementation", "using the package", "package data") go the same way, unjudged
    assert (counts["decided"], counts["right"], counts["wrong"], counts["unjudged"]) == (5, 1, 1, 3)
    assert counts["to"] == {"Distribution Package": 5}


def test_lesk_needs_a_word_of_one_definition_by_the_margin():
    from audit.nlp import load_nlp
    from audit.terms.glossary import CompiledGlossary, token_key
    from audit.terms.glossary_file import parse_glossary
    from audit.terms.glossary_import import import_glossary, to_yaml

    lesk_trial = _lesk_trial()
    nlp = load_nlp("")
    glossary = parse_glossary(to_yaml(import_glossary([PYPUG / "glossary.html"])))
    cg = CompiledGlossary(glossary, nlp)
    dist, imp = cg.names.index("Distribution Package"), cg.names.index("Import Package")
    sigs = {ci: frozenset(lesk_trial.content_words(token_key(t.text) for t in nlp.make_doc(
        " ".join([c.name, c.plain])))) for ci, c in enumerate(glossary.concepts) if ci in (dist, imp)}
    # "import" is the import package's name word (11.8 nats), "module" both definitions': the import package leads
    ci, best, second, words = lesk_trial.decide(sigs, (dist, imp), {"import", "module"})
    assert (ci, words) == (imp, ("module", "import"))  # (rarest first: "module" 12.2)
    assert round(best - second, 2) == 11.79
    # "file" (9.9) alone is below the least score; "module" alone is in both: no lead
    assert lesk_trial.decide(sigs, (dist, imp), {"file"})[0] == -1
    assert lesk_trial.decide(sigs, (dist, imp), {"module"})[0] == -1
    # a candidate without a definition: nothing decided
    assert lesk_trial.decide({dist: sigs[dist]}, (dist, imp), {"install"})[0] == -1
