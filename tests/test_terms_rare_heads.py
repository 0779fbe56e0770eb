"""Term coverage, stop 38 (issue 19): a name's rare head alone where no other concept of the glossary has the word
(`audit.terms.rare_heads`, table `audit/data/one-word-names-vocabulary.tsv.gz`), a partial match reported as such.

Real text, verbatim: the BioCreative V CDR sample abstract PMID 1720453 (`JHnlp/BioCreative-V-CDR-Corpus@dd0b3165`,
whose annotators marked "glucosuria" / "aminoaciduria" with the ids the glossary names *familial renal glucosuria* /
*renal aminoaciduria*) and PMID 8267029 (training split, `@e390f547`); the Python Packaging User Guide's glossary
entry *Build Backend* and its tutorial *Packaging Python Projects* (`pypa/packaging.python.org@ab499485`, CC BY-SA
3.0; the editors linked "frontend" to *Build Frontend*)."""
from __future__ import annotations

from audit.terms.rare_heads import _head, one_word_names, unique_heads

from .test_term_variants import _page  # (concept, text, partial, how) of every match, as `audit run` counts them

ABSTRACT = ("Renal function was investigated by measuring plasma and urinary electrolytes, glucosuria, proteinuria, "
            "aminoaciduria, urinary pH, osmolarity, creatinine clearance, phosphate tubular reabsorption, beta 2 "
            "microglobulinuria, and lysozymuria.")
KIDNEY = ("concepts:\n  - {name: familial renal glucosuria, category: d}\n  - {name: renal aminoaciduria, category: d}\n"
          "  - {name: leukemic infiltration, category: d}\n  - {name: ulcerative colitis, category: d}\n"
          "  - {name: glomerulonephritis, category: d}\n")
PYPUG = ("concepts:\n  - {name: Build Frontend, category: g}\n  - {name: Build Backend, category: g}\n"
         "  - {name: Source Distribution (or \"sdist\"), category: g}\n")
BACKEND = ("A library that takes a source tree and builds a source distribution or built distribution from it. The build "
           "is delegated to the backend by a frontend. All backends offer a standardized interface.")
TUTORIAL = ("requires is a list of packages that are needed to build your package. You don’t need to install them; build "
            "frontends like pip will install them automatically in a temporary, isolated virtual environment for use "
            "during the build process. The frontend should install them automatically.")


def test_a_rare_head_alone_is_a_partial_mention():
    found = _page(ABSTRACT, KIDNEY)
    assert ("familial renal glucosuria", "glucosuria", True, "partial: rare head: glucosuria") in found
    assert ("renal aminoaciduria", "aminoaciduria", True, "partial: rare head: aminoaciduria") in found
    # the full name stays a full match
    assert _page("Renal aminoaciduria was seen.", KIDNEY) == [
        ("renal aminoaciduria", "Renal aminoaciduria", False, "name")]


def test_a_site_glossarys_head():
    frontend = [m for m in _page(BACKEND + "\n\n" + TUTORIAL, PYPUG) if m[0] == "Build Frontend"]
    # "a frontend", "The frontend"; not "build frontends" (the full name, plural) read twice
    assert ("Build Frontend", "frontend", True, "partial: rare head: frontend") in frontend
    assert ("Build Frontend", "build frontends", False, "plural") in frontend
    assert [m[1] for m in frontend].count("frontend") == 2
    # "backend" is commoner in English (log-probability -13.48 in spaCy's table): no rare head
    assert not [m for m in _page(BACKEND, PYPUG) if m[0] == "Build Backend"]


def test_what_is_no_rare_head():
    text = ("Light microscopy study showed severe glomerulonephritis with crescent formation in 60% of the glomeruli and "
            "infiltration of inflammatory cells in the wall of an arteriole.")
    # "infiltration": a noun of an action (it names the event whatever undergoes it)
    assert [m[0] for m in _page(text, KIDNEY)] == ["glomerulonephritis"]
    # "colitis": a disease of its own in the vocabularies, broader than *ulcerative colitis*
    assert "colitis" in one_word_names() and not _page("Colitis was rare.", KIDNEY)
    # a modifier of its own before the head: another kind ("hereditary aminoaciduria")
    assert not _page("a dibasic aminoaciduria", KIDNEY)
    # a head two concepts hold, or of a word family another concept's name holds, is no one's
    keys = [(("renal", "aminoaciduria"), 0), (("dibasic", "aminoaciduria"), 1), (("venous", "thromboembolism"), 2),
            (("thromboembolic",), 3), (("metabolic", "acidosis"), 4)]
    assert unique_heads(keys, {k: ci for k, ci in keys}) == {"acidosis": 4}


def test_the_name_is_two_words_after_its_qualifiers():
    assert _head(("familial", "renal", "glucosuria")) == "glucosuria"
    assert _head(("helicoid", "peripapillary", "chorioretinal", "degeneration")) is None
    assert _head(("tetralogy", "of", "fallot")) is None and _head(("myeloma",)) is None
    assert _head(("blue", "-", "green", "deployment")) == "deployment"
