"""Glossary names written as titles (issue 19, stop 31): a site's section before the topic ("Parasites - Scabies"),
another name in a parenthesis ("(also known as Chagas Disease)"), a population after "in" ("Asthma in Children"), an
organ's "problems"; (stop 32) a title and its subtitle, a series' lead before the topic (NIDDK's publication titles,
5_NIDDK_QA). The names and page sentences are MedQuAD's (Ben Abacha & Demner-Fushman 2019, CC BY 4.0:
`abachaa/MedQuAD`, 9_CDC_QA and 4_MPlus_Health_Topics_QA, CDC's and MedlinePlus's pages, their `Focus` as the
glossary name); the syndrome names are GARD's, from the same corpus."""
from __future__ import annotations

from audit.nlp import load_nlp
from audit.terms.forms import derived_forms
from audit.terms.glossary import CompiledGlossary
from audit.terms.glossary_file import parse_glossary


def _forms(name: str) -> dict[str, str]:
    return {form.casefold(): reason for form, reason, _exact in derived_forms(name)}


def _found(text: str, names: list[str]) -> list[tuple[str, str, str]]:
    """(concept, matched text, how) of every match of a glossary of `names` on `text`."""
    nlp = load_nlp("")
    glossary = parse_glossary("concepts:\n" + "\n".join(f"  - name: {n!r}\n    category: disorder" for n in names))
    doc = nlp.make_doc(text)
    return [(glossary.concepts[m.concept].name, doc[m.start:m.end].text, m.how)
            for m in CompiledGlossary(glossary, nlp).match(doc)]


CDC = ["Parasites - Scabies", "Parasites - Ascariasis", "Parasites - Lice - Head Lice", "Parasites - Lice - Body Lice",
       "Parasites - American Trypanosomiasis (also known as Chagas Disease)"]


def test_a_title_stands_for_its_parts():
    assert _forms("Parasites - Scabies") == {"parasites": "title part", "scabies": "title part"}
    lice = _forms("Parasites - Lice - Head Lice")
    assert lice["head lice"] == "title part" and lice["lice"] == "title part"
    assert _forms("Cancer--Living with Cancer") == {"living with cancer": "title part"}  # ("cancer": not distinctive)
    gae = _forms("Acanthamoeba - Granulomatous Amebic Encephalitis (GAE); Keratitis")
    assert gae["keratitis"] == "title part"
    assert gae["granulomatous amebic encephalitis"] == "title part + qualifier dropped"


def test_names_that_are_not_titles_keep_their_dashes():
    # a sentence-case name joining a syndrome's features, a compound before its head, a karyotype's semicolon
    for name in ("Arachnodactyly - intellectual disability - dysmorphism", "cataract - microcornea syndrome",
                 "Supernumerary der(22),t(11;22) syndrome"):
        assert not any("title part" in why for why in _forms(name).values()), name


def test_the_section_a_site_repeats_names_no_page():
    text = ("Scabies is an infestation of the skin by the human itch mite (Sarcoptes scabiei var. hominis). Parasites "
            "live on or in a host.")
    found = _found(text, CDC)
    assert ("Parasites - Scabies", "Scabies", "title part") in found
    assert not any(t.casefold() == "parasites" for _c, t, _h in found)  # (every concept's section: a tie, dropped)
    lice = _found("Head lice are found on the head.", CDC)
    assert [(c, t) for c, t, _h in lice] == [("Parasites - Lice - Head Lice", "Head lice")]


def test_another_name_in_a_parenthesis():
    assert _forms("Parasites - American Trypanosomiasis (also known as Chagas Disease)")["chagas disease"] == \
        "alternative name"
    assert "hereditary or acquired" not in _forms("von Willebrand disease (hereditary or acquired)")
    text = ("Chagas disease is caused by the parasite Trypanosoma cruzi, which is transmitted to animals and people by "
            "insect vectors that are found only in the Americas.")
    assert ("Parasites - American Trypanosomiasis (also known as Chagas Disease)", "Chagas disease",
            "alternative name") in _found(text, CDC)


def test_a_nickname_in_quotes():
    lice = _forms('Parasites - Lice - Pubic "Crab" Lice')
    assert lice["pubic lice"] == "title part + alternative name" and lice["crab lice"] == "alternative name"
    found = _found('Also called crab lice or "crabs," pubic lice are parasitic insects found primarily in the pubic or '
                   "genital area of humans.", CDC + ['Parasites - Lice - Pubic "Crab" Lice'])
    assert [t for c, t, _h in found if c.endswith('"Crab" Lice')] == ["crab lice", "pubic lice"]


def test_a_population_after_in_and_an_organs_problems():
    assert _forms("Asthma in Children")["children with asthma"] == "word order"
    assert "situ with carcinoma" not in _forms("Carcinoma In Situ")  # (Latin after "in": no population)
    text = ("Children with asthma may experience wheezing, coughing, chest tightness, and trouble breathing, "
            "especially early in the morning or at night.")
    assert ("Asthma in Children", "Children with asthma", "word order") in _found(text, ["Asthma",
                                                                                         "Asthma in Children"])
    assert _forms("Kidney Diseases")["kidney problems"] == "organ's disorder"
    # (NIHSeniorHealth's title) the population is a qualifier; a glossary's own "Asthma" keeps its word
    assert _forms("Quitting Smoking for Older Adults")["quitting smoking"] == "qualifier dropped"
    assert [(c, t) for c, t, _h in _found("Asthma is a chronic disease.", ["Asthma", "Asthma in Children"])] == \
        [("Asthma", "Asthma")]


# letsencrypt.org's glossary (`letsencrypt/website`, MPL 2.0): names as its page shows them, a definition's sentence
LE = ["Precertificate", "Signed Certificate Timestamp (SCT)", "Certificate Authority (CA)", "Certificate Transparency"]


def test_plurals_the_lemma_table_does_not_fold():
    text = ("To improve security, certificates (or precertificates) must be published in Certificate Transparency "
            "Logs. Let's Encrypt generates and publishes precertificates, and includes in the subsequent certificate a "
            "list of SCTs for the precertificate. Some CAs do not.")
    found = _found(text, LE)
    assert found.count(("Precertificate", "precertificates", "plural")) == 2
    assert ("Precertificate", "precertificate", "name") in found
    assert ("Signed Certificate Timestamp (SCT)", "SCTs", "abbreviation") in found  # (the parenthesis's, plural)
    assert ("Certificate Authority (CA)", "CAs", "abbreviation") in found
    assert not any(t == "certificates" for _c, t, _h in found)  # (no concept "certificate" here)


def test_a_plural_never_takes_another_concepts_own_form():
    found = _found("Precertificates and a precertificate.", ["Precertificate", "Precertificates"])
    assert [(c, t) for c, t, _h in found] == [("Precertificates", "Precertificates"),
                                              ("Precertificate", "precertificate")]


NIDDK = ["What I need to know about Gas", "What I need to know about Lactose Intolerance",
         "Pyelonephritis: Kidney Infection", "Kidney Failure: What to Expect", "Kidney Failure: Eat Right to Feel Right "
         "on Hemodialysis", "Prevent diabetes problems: Keep your eyes healthy",
         "Prevent diabetes problems: Keep your mouth healthy", "Your Guide to Diabetes: Type 1 and Type 2"]


def test_a_subtitle_and_a_series_lead():
    """(stop 32) A title before its subtitle, a subtitle that is a name, the topic after a series' lead; not a
    subtitle that is a sentence ("What to Expect", "Keep your eyes healthy") or has numbers ("Type 1 and Type 2")."""
    assert _forms("Pyelonephritis: Kidney Infection")["pyelonephritis"] == "title part"
    assert _forms("Pyelonephritis: Kidney Infection")["kidney infection"] == "title part"
    assert _forms("Prostate Enlargement: Benign Prostatic Hyperplasia")["benign prostatic hyperplasia"] == "title part"
    assert _forms("What I need to know about Gas") == {"gas": "title part"}  # (the whole topic, one word or not)
    assert _forms("What I need to know about Living with Kidney Failure")["kidney failure"] == "title part"
    assert _forms("Understanding Medical Research")["medical research"] == "title part"
    assert {f for f, why in _forms("Your Guide to Diabetes: Type 1 and Type 2").items() if "title" in why} == {"diabetes"}
    # a title of two things: the first, a name of its own (NIHSeniorHealth's "Medicare and Continuing Care", "Alcohol
    # Use and Older Adults"); not a modifier the two share, not a sentence-case name (GARD's "Albinism and deafness")
    assert _forms("Medicare and Continuing Care")["medicare"] == "title part"
    assert _forms("Alcohol Use and Older Adults")["alcohol use"] == "title part"
    for name in ("Breast and Ovarian Cancer", "Acute and Chronic Hepatitis", "Albinism and deafness"):
        assert not [f for f, why in _forms(name).items() if "title" in why], name
    for name in ("Kidney Failure: What to Expect", "Prevent diabetes problems: Keep your eyes healthy"):
        assert not [f for f, why in _forms(name).items() if "title" in why and ("expect" in f or "keep" in f)], name
    # on the pages: the topic is the page's concept; a title several pages share ("Kidney Failure", "Prevent diabetes
    # problems") names none of them
    found = _found("Pyelonephritis is a type of urinary tract infection (UTI) that affects one or both kidneys. "
                   "Lactose intolerance means you have symptoms such as bloating, diarrhea, and gas after you have "
                   "milk or milk products. Kidney failure means your kidneys no longer work well enough. Prevent "
                   "diabetes problems by keeping your blood glucose on target.", NIDDK)
    assert found == [("Pyelonephritis: Kidney Infection", "Pyelonephritis", "title part"),
                     ("What I need to know about Lactose Intolerance", "Lactose intolerance", "title part"),
                     ("What I need to know about Gas", "gas", "title part"),
                     ("Your Guide to Diabetes: Type 1 and Type 2", "diabetes", "title part")]


def test_a_generic_head_shares_the_first_heads_modifiers_and_a_body_parts_problems():
    """(stop 34) MedlinePlus titles "<Part> Injuries and Disorders": the generic head alone after "and" shares the
    body part ("elbow disorders"), which pages write as the part's problems; "elbow", "stomach", "breast" name a body
    part by their first WordNet sense only (`audit.terms.organs`). The page sentences are MedlinePlus's (MedQuAD,
    4_MPlus_Health_Topics_QA, CC BY 4.0)."""
    elbow = _forms("Elbow Injuries and Disorders")
    assert elbow["elbow injuries"] == elbow["elbow disorders"] == "coordination"
    assert elbow["elbow problems"] == "coordination + organ's disorder"
    assert _forms("Stomach Disorders")["stomach problems"] == "organ's disorder"
    assert _forms("Breast Diseases")["breast problems"] == "organ's disorder"
    assert "heel problems" not in _forms("Heel Injuries and Disorders")  # (first sense: a shoe's heel)
    assert _forms("Atrial Fibrillation and Stroke")["atrial fibrillation"] == "coordination"  # (no generic head)
    assert "stroke" not in _forms("Atrial Fibrillation and Stroke")
    text = ("Your elbow joint is made up of bone, cartilage, ligaments and fluid. Muscles and tendons help the elbow "
            "joint move. When any of these structures is hurt or diseased, you have elbow problems.")
    assert ("Elbow Injuries and Disorders", "elbow problems", "coordination + organ's disorder") in _found(
        text, ["Elbow Injuries and Disorders", "Stomach Disorders"])
    text = ("You can relieve some stomach problems with over-the-counter medicines and lifestyle changes, such as "
            "avoiding fatty foods or eating more slowly.")
    assert _found(text, ["Stomach Disorders", "Elbow Injuries and Disorders"]) == [
        ("Stomach Disorders", "stomach problems", "organ's disorder")]


def test_a_parenthesis_naming_the_same_head_is_another_name():
    """(stop 34) "H1N1 Flu (Swine Flu)" (MedlinePlus's title, MedQuAD, CC BY 4.0) and letsencrypt.org's "Leaf
    certificate (end-entity certificate)" (`letsencrypt/website`, MPL 2.0): the parenthesis names the same head
    with other modifiers; a qualifier stays a qualifier."""
    assert _forms("H1N1 Flu (Swine Flu)")["swine flu"] == "alternative name"
    assert _forms("Leaf certificate (end-entity certificate)")["end-entity certificate"] == "alternative name"
    assert "hereditary or acquired" not in _forms("von Willebrand disease (hereditary or acquired)")
    assert "recreational" not in _forms("Water Safety (Recreational)")
    text = "Swine flu is an infection caused by a virus. It's named for a virus that pigs can get."
    assert _found(text, ["H1N1 Flu (Swine Flu)"]) == [("H1N1 Flu (Swine Flu)", "Swine flu", "alternative name")]


def test_a_compounds_first_noun_as_its_possessive():
    """(stop 34) "X Y" names are written "X's Y": letsencrypt.org's glossary entry *Common Name (CN)* says "Part of a
    certificate’s Subject" (`letsencrypt/website`, MPL 2.0; the editors linked "Subject" to *Certificate subject*),
    the Python Packaging User Guide "a Project’s source tree" (`pypa/packaging.python.org`, CC BY-SA 3.0)."""
    assert _forms("Certificate subject")["certificate's subject"] == "possessive"
    assert _forms("Alzheimer Disease")["alzheimer's disease"] == "possessive"  # (an eponym's, as before)
    assert _found("Part of a certificate’s Subject describing what the certificate is about.",
                  ["Certificate subject", "Certificate"]) == [
        ("Certificate subject", "certificate’s Subject", "possessive"), ("Certificate", "certificate", "name")]
    assert _found("The filesystem directory in which a Project’s source tree is located.",
                  ["Project Source Tree", "Project"]) == [("Project Source Tree", "Project’s source tree", "possessive")]


def test_children_is_childhood():
    """(stop 34) MedlinePlus's *Cancer in Children* page says "Childhood cancers can occur suddenly" (MedQuAD,
    4_MPlus_Health_Topics_QA, CC BY 4.0)."""
    assert _forms("Cancer in Children")["childhood cancer"] == "word order"
    assert "childhood kidney stones" not in _forms("Kidney Stones in Adults")
    assert ("Cancer in Children", "Childhood cancers", "word order") in _found(
        "Childhood cancers can occur suddenly, without early symptoms.", ["Cancer in Children"])


def test_a_body_parts_problems_with_it_and_its_trouble_and_a_dash_is_no_hyphen():
    """(stop 35) MedlinePlus's pages (MedQuAD, 4_MPlus_Health_Topics_QA, CC BY 4.0) write a body part's disorders as
    patients say them: "Problems with the tongue include …", "your anal troubles"; its answers run list items
    together with " - " ("… one or both of your eyes - Trouble seeing things …"), which is a dash, not a hyphen
    ("ear-problems" is one); GARD's names written with dashes ("Ataxia - hypogonadism - choroidal dystrophy") match
    as written."""
    tongue = _forms("Tongue Disorders")
    assert tongue["problems with the tongue"] == tongue["problems with your tongue"] == "organ's disorder + word order"
    assert tongue["tongue trouble"] == "organ's disorder"
    assert tongue["trouble with the tongue"] == "organ's disorder + word order"
    assert "trouble of the tongue" not in tongue  # ("problems of the tongue" is, as before)
    assert _forms("Small Intestine Disorders")["problems with the small intestine"] == "organ's disorder + word order"
    names = ["Tongue Disorders", "Anal Disorders", "Eye Diseases", "Ataxia - hypogonadism - choroidal dystrophy"]
    assert _found("Problems with the tongue include - Pain - Swelling - Changes in color or texture.", names) == [
        ("Tongue Disorders", "Problems with the tongue", "organ's disorder + word order")]
    assert _found("You may be embarrassed to talk about your anal troubles.", names) == [
        ("Anal Disorders", "anal troubles", "relational adjective + organ's disorder + relational adjective")]
    assert _found("Symptoms can include - Pain or pressure in one or both of your eyes - Trouble seeing things out "
                  "of the corner of your eye.", names) == []
    assert _found("He had eye-problems and ataxia - hypogonadism - choroidal dystrophy.", names) == [
        ("Eye Diseases", "eye-problems", "organ's disorder"),
        ("Ataxia - hypogonadism - choroidal dystrophy", "ataxia - hypogonadism - choroidal dystrophy", "name")]


def test_a_plural_name_stands_for_its_singular_the_lemma_table_does_not_fold():
    """(stop 38) The Falco website's glossary (`falcosecurity/falco-website` at c47da4cb, CC BY 4.0) names its
    concepts in the plural, *Syscalls* and *Plugins*; its pages write "the syscall context", "become a plugin". spaCy's
    lemma table folds neither plural ("syscalls" stays "syscalls"), so the name's regular singular is a derived form
    (`keys.unfolded_singular`); a plural the table folds ("Drivers") needed none, a word in "-is"/"-us" gets none."""
    text = ("The driver provides the syscall event source since the monitored events are strictly related to the "
            "syscall context. Kubernetes Audit Events support has been refactored to become a plugin.")
    found = _found(text, ["Syscalls", "Plugins", "Drivers", "Kubernetes"])
    assert found.count(("Syscalls", "syscall", "singular")) == 2
    assert ("Plugins", "plugin", "singular") in found
    assert ("Drivers", "driver", "name") in found
    assert ("Kubernetes", "Kubernetes", "name") in found
