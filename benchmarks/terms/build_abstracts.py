"""The term-coverage sets of annotated PubMed abstracts (PubTator files: every disease mention marked with its MeSH /
OMIM id): NCBI-disease, BioCreative V CDR, BioRED. How an id is named (the open vocabularies' label, else its most
frequent training mention), the glossary of a split's ids, the gold of another split's mentions; `build.py` is the
command (see its docstring for the sets)."""
from __future__ import annotations

import collections
import hashlib
import re
from pathlib import Path

from build_sources import ROOT, Repo, _write_set

# ------------------------------------------------------------------ NCBI disease

def _pubtator(text: str, mention) -> tuple[dict[str, str], list[tuple[str, int, int, str, list[str]]]]:
    """A PubTator file -> ({pmid: title + " " + abstract}, its mentions): the title and abstract lines read here,
    every other line given to `mention` (the corpus's own annotation columns), which returns a mention or None."""
    docs: dict[str, list[str]] = {}
    mentions = []
    for line in text.splitlines():
        if "|t|" in line[:20] or "|a|" in line[:20]:
            pmid, kind, body = line.split("|", 2)
            docs.setdefault(pmid, ["", ""])[0 if kind == "t" else 1] = body
        elif (m := mention(line)) is not None:
            mentions.append(m)
    return {p: f"{t} {a}" for p, (t, a) in docs.items()}, mentions


def _ncbi_mention(line: str):
    """An NCBI-disease annotation line -> (pmid, start, end, text, ids); a composite's ids ("D1|D2", "D1+D2") kept."""
    if not line.strip():
        return None
    pmid, s, e, mention, _type, ids = line.split("\t")
    return pmid, int(s), int(e), mention, [i.strip() for i in re.split(r"[|+]", ids) if i.strip()]


def _ncbi(text: str) -> tuple[dict[str, str], list[tuple[str, int, int, str, list[str]]]]:
    return _pubtator(text, _ncbi_mention)


NAMINGS = {"vocabulary": "by Mondo's label of the id, else the Disease Ontology's, else its most frequent mention",
           "mention": "by its most frequent mention"}


def vocabulary_labels() -> dict[str, str]:
    """MeSH / OMIM id ("D001943", "OMIM:610102") -> the label an open vocabulary gives the disease of that id:
    Mondo's (the shipped `synonyms-mondo.tsv.gz`, Mondo's curated exact mappings), else the Disease Ontology's
    (`synonyms-do.tsv.gz`); an id two entries of one table claim takes that table's label from neither."""
    from audit.terms.synonyms import DATA, _read

    out: dict[str, str] = {}
    for table in ("synonyms-mondo.tsv.gz", "synonyms-do.tsv.gz"):  # (Mondo first: it wins)
        entries, xrefs, _ = _read(DATA / table)
        names: dict[str, set[str]] = {}
        for (label, _syns), ids in zip(entries, xrefs):
            for x in ids:
                if x.startswith(("MESH:", "OMIM:")):
                    names.setdefault(x.removeprefix("MESH:"), set()).add(label)
        for x, labels in names.items():
            if len(labels) == 1:
                out.setdefault(x, labels.pop())
    return out


def name_ncbi_ids(surfaces: dict[str, collections.Counter], naming: str = "vocabulary") -> dict[str, str]:
    """Each id's concept name. `vocabulary` (the benchmark's naming, as an editor's glossary names a disease): the
    open vocabularies' label of the id (`vocabulary_labels`); ids of one disease there share its name (one concept);
    an id with no label, or whose label folds to another label's words, is named as `mention` names it: by its most
    frequent mention (ties: alphabetical), a mention two ids share going to the id it names more often (the other id
    keeps its next most frequent mention)."""
    from audit.nlp import load_nlp
    from audit.terms.glossary import _form_key_sequences

    nlp = load_nlp("")
    named: dict[str, str] = {}
    owner: dict[tuple[str, ...], str] = {}  # folded words -> the name that has them

    def take(name: str) -> bool:
        seqs = _form_key_sequences([t.text for t in nlp.make_doc(name) if not t.is_space])
        if any(owner.get(s, name) != name for s in seqs):
            return False
        owner.update((s, name) for s in seqs)
        return True

    if naming == "vocabulary":
        labels = vocabulary_labels()
        for cid in sorted(surfaces):
            if cid in labels and take(labels[cid]):
                named[cid] = labels[cid]
    claims = sorted(((-n, s.casefold(), s, i) for i, c in surfaces.items() for s, n in c.items()))
    taken = {n.casefold() for n in named.values()}
    for _n, folded, surface, cid in claims:
        if cid in named or folded in taken:
            continue
        named[cid] = surface
        taken.add(folded)
    return named


def _concepts_of_ids(named: dict[str, str]) -> tuple[list[dict], dict[str, str]]:
    """(glossary concepts, {id: name} of the ids kept) from {id: name}: one concept per name with all its ids (one
    open-vocabulary disease), an abbreviation matching its exact case ("WAS", "AS") as `audit glossary import`
    marks it; a name that folds to another's is left out, and so are its ids."""
    from audit.terms.glossary_import import drop_colliding, is_abbreviation_name

    ids_of: dict[str, list[str]] = {}  # name -> its ids
    for i in sorted(named):
        ids_of.setdefault(named[i], []).append(i)
    concepts = [{"name": n, "category": "disease", "id": " ".join(ids)} for n, ids in
                sorted(ids_of.items(), key=lambda kv: kv[1][0])]
    for c in concepts:
        if is_abbreviation_name(c["name"]):
            c["case_sensitive"] = True
    concepts = drop_colliding(concepts, [])
    kept = {c["name"] for c in concepts}
    return concepts, {i: n for i, n in named.items() if n in kept}


def _gold_of_ids(texts: dict[str, str], mentions, named: dict[str, str]) -> list[dict]:
    """The gold mentions [(pmid, start, end, text, ids)] with the concepts their ids are named as."""
    gold = []
    for pmid, s, e, mention, ids in mentions:
        assert texts[pmid][s:e] == mention, (pmid, s, e, mention)
        gold.append({"page": f"pmid{pmid}", "start": s, "end": e, "text": mention,
                     "concepts": list(dict.fromkeys(named[i] for i in ids if i in named)), "ids": ids})
    return gold


def _single_id_surfaces(mentions) -> dict[str, collections.Counter]:
    """{id: how often each text names it} over the (pmid, start, end, text, ids) mentions with one id: the evidence
    `name_ncbi_ids` names an id by when no vocabulary does."""
    surfaces: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for _pmid, _s, _e, mention, ids in mentions:
        if len(ids) == 1:
            surfaces[ids[0]][" ".join(mention.split())] += 1
    return surfaces


def _naming_tables() -> str:
    """The vocabulary tables the ids are named from, with their sha256 (for a set's manifest note)."""
    return ", ".join(f"{t} sha256 {hashlib.sha256((ROOT / 'audit' / 'data' / t).read_bytes()).hexdigest()}"
                     for t in ("synonyms-mondo.tsv.gz", "synonyms-do.tsv.gz"))


def _train_devel_set(out: Path, name: str, repo, splits: dict, read, repos: list, used: set | None = None) -> dict:
    """A set built as `ncbi-disease-dev` is: the glossary is the disease ids of `repo`'s training split
    (`splits["train"]`), each named by the open vocabularies' label, else by its most frequent training mention
    (`name_ncbi_ids`); pages and gold: the development split's abstracts and their disease mentions (`read(text)` ->
    (documents, mentions)), less the abstracts in `used` (already read for another set). The test split is not
    read."""
    from audit.terms.glossary_import import to_yaml

    concepts, named = _concepts_of_ids(name_ncbi_ids(_single_id_surfaces(read(repo.text(splits["train"]))[1]),
                                                     "vocabulary"))
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {splits['train']}'s disease ids "
                                             f"(each id named {NAMINGS['vocabulary']})")
    docs, mentions = read(repo.text(splits["devel"]))
    left_out = sorted(p for p in docs if p in (used or ()))
    docs = {p: t for p, t in docs.items() if p not in left_out}
    mentions = [m for m in mentions if m[0] in docs]
    pages = {f"pmid{p}": t + "\n" for p, t in docs.items()}
    gold = _gold_of_ids(docs, mentions, named)
    labels = vocabulary_labels()
    left = (f"development abstracts left out, already in NCBI-disease or BC5CDR: {len(left_out)} "
            f"({', '.join(left_out)}); " if used is not None else "")
    note = (f"{len(concepts)} concepts, {len(named)} disease ids of the training split named {NAMINGS['vocabulary']} "
            f"({sum(1 for i, n in named.items() if labels.get(i) == n)} by a vocabulary's label; {_naming_tables()}); "
            f"{left}development mentions: {len(gold)}, of which {sum(1 for g in gold if not g['concepts'])} of ids "
            "never seen in training (no concept)")
    return _write_set(out, name, pages, glossary_yaml, gold, repos, note)


NCBI_SPLITS = {"train": "original-data/train/NCBItrainset_corpus.txt",
               "devel": "original-data/devel/NCBIdevelopset_corpus.txt",
               "test": "original-data/test/NCBItestset_corpus.txt"}


def build_ncbi(mirrors: Path, out: Path, name: str = "ncbi-disease", named_from: tuple[str, ...] = ("train", "devel"),
               pages_from: str = "test", naming: str = "vocabulary") -> dict:
    """The glossary named from the `named_from` splits, the pages and gold of `pages_from` (never one of them):
    `ncbi-disease` (train + devel -> test) is the held-out figure; `ncbi-disease-dev` (train -> devel) is the set
    to develop on."""
    from audit.terms.glossary_import import to_yaml

    assert pages_from not in named_from
    repo = Repo(mirrors, "ncbi")
    surfaces = _single_id_surfaces(m for split in named_from for m in _ncbi(repo.text(NCBI_SPLITS[split]))[1])
    concepts, named = _concepts_of_ids(name_ncbi_ids(surfaces, naming))
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {' + '.join(named_from)} split(s) "
                                             f"(each id named {NAMINGS[naming]})")
    docs, mentions = _ncbi(repo.text(NCBI_SPLITS[pages_from]))
    pages = {f"pmid{p}": t + "\n" for p, t in docs.items()}
    gold = _gold_of_ids(docs, mentions, named)
    seen = "+".join(named_from)
    labels = vocabulary_labels()
    tables = _naming_tables() if naming == "vocabulary" else ""
    note = (f"{len(concepts)} concepts, {len(named)} ids of {seen} named {NAMINGS[naming]} "
            f"({sum(1 for i, n in named.items() if labels.get(i) == n)} by a vocabulary's label{'; ' if tables else ''}"
            f"{tables}); {pages_from} mentions: {len(gold)}, of which "
            f"{sum(1 for g in gold if not g['concepts'])} of ids never seen in {seen} (no concept)")
    return _write_set(out, name, pages, glossary_yaml, gold, [repo], note)


# ------------------------------------------------------------------ BioCreative V CDR (diseases), sample set

def build_cdr(mirrors: Path, out: Path, name: str = "bc5cdr-sample") -> dict:
    """A second kind of annotated text (stop 17): the BioCreative V CDR task's sample set (50 PubMed abstracts on
    drug-induced diseases, every disease mention marked with its MeSH id; the full corpus's zip is not in the
    mirror). Glossary: the diseases of the set's ids that an open vocabulary names (`vocabulary_labels`; an id no
    vocabulary names is left out, so no concept is named by the mentions it is scored on), the label being the
    concept's only form; pages and gold: the 50 abstracts and their disease mentions. A development set."""
    from audit.terms.glossary_import import to_yaml

    repo = Repo(mirrors, "cdr")
    texts, mentions = _cdr(repo.text("CDR_sample.txt"))
    surfaces: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for _pmid, _s, _e, mention, ids in mentions:
        for i in ids:
            surfaces[i][" ".join(mention.split())] += 1
    labels = vocabulary_labels()
    concepts, named = _concepts_of_ids({i: n for i, n in name_ncbi_ids(surfaces, "vocabulary").items()
                                        if labels.get(i) == n})
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: CDR_sample.txt's disease ids named "
                                             "by Mondo's label, else the Disease Ontology's (ids neither names: none)")
    pages = {f"pmid{p}": t + "\n" for p, t in texts.items()}
    gold = _gold_of_ids(texts, mentions, named)
    tables = _naming_tables()
    note = (f"{len(concepts)} concepts for {len(named)} of the {len(surfaces)} disease ids, named by a vocabulary's "
            f"label ({tables}); {len(gold)} disease mentions, {sum(1 for g in gold if not g['concepts'])} of ids no "
            "vocabulary names (no concept)")
    return _write_set(out, name, pages, glossary_yaml, gold, [repo], note)


def _cdr_mention(line: str):
    """A CDR annotation line -> (pmid, start, end, text, ids) of a disease mention, else None; a composite mention's
    ids ("D001|D002") all kept, "-1" (no id) dropped."""
    f = line.split("\t")
    if len(f) >= 6 and f[4] == "Disease":
        return f[0], int(f[1]), int(f[2]), f[3], [i.strip() for i in f[5].split("|") if i.strip() and i.strip() != "-1"]
    return None


def _cdr(text: str) -> tuple[dict[str, str], list[tuple[str, int, int, str, list[str]]]]:
    """A CDR PubTator file -> ({pmid: title + " " + abstract}, [(pmid, start, end, text, ids)] of its disease
    mentions)."""
    return _pubtator(text, _cdr_mention)


CDR_SPLITS = {"train": "CDR_TrainingSet.PubTator.txt", "devel": "CDR_DevelopmentSet.PubTator.txt"}


def build_cdr_dev(mirrors: Path, out: Path, name: str = "bc5cdr-dev") -> dict:
    """The larger set of drug-induced disease text (stop 21), built as `ncbi-disease-dev` is: the glossary is the
    disease ids of the CDR training split (500 abstracts), each named by the open vocabularies' label, else by its
    most frequent training mention (`name_ncbi_ids`); pages and gold: the development split's 500 abstracts and
    their disease mentions. The test split is not read."""
    repo = Repo(mirrors, "cdr-splits")
    return _train_devel_set(out, name, repo, CDR_SPLITS, _cdr, [repo])


# ------------------------------------------------------------------ BioRED (diseases and phenotypes)

BIORED_SPLITS = {"train": "NER BioRED/BioRED/Train.PubTator", "devel": "NER BioRED/BioRED/Dev.PubTator"}


def _biored_mention(line: str):
    """A BioRED entity line -> (pmid, start, end, text, ids) of a disease mention (type `DiseaseOrPhenotypicFeature`),
    else None (genes, chemicals, variants, species, cell lines; a relation line has five fields); a composite
    mention's ids ("D001943,D010051" for "breast and ovarian cancers", "D1|D2") all kept, "-" (no id) dropped."""
    f = line.split("\t")
    if len(f) == 6 and f[4] == "DiseaseOrPhenotypicFeature":
        return f[0], int(f[1]), int(f[2]), f[3], [i.strip() for i in re.split(r"[,|]", f[5]) if i.strip() not in
                                                  ("", "-")]
    return None


def _biored(text: str) -> tuple[dict[str, str], list[tuple[str, int, int, str, list[str]]]]:
    return _pubtator(text, _biored_mention)


def build_biored(mirrors: Path, out: Path, name: str = "biored-dev") -> dict:
    """A third kind of annotated abstract (stop 30): BioRED (Luo et al. 2022; 600 abstracts chosen for relations
    between genes, variants, chemicals and diseases), every disease or phenotype mention marked with its MeSH (or
    OMIM) id by other annotators, under another guideline, than NCBI-disease's or BC5CDR's. Built as `bc5cdr-dev`:
    the glossary is the disease ids of the training split (400 abstracts), each named by the open vocabularies'
    label, else by its most frequent training mention (`name_ncbi_ids`); pages and gold: the development split's
    abstracts and their disease mentions, less the abstracts already in NCBI-disease (any split) or in BC5CDR's
    training or development split (BioRED took abstracts from both: that text was read while developing). The test
    split is not read."""
    repo = Repo(mirrors, "biored")
    ncbi, cdr = Repo(mirrors, "ncbi"), Repo(mirrors, "cdr-splits")
    used = set()  # the abstracts of the other annotated sets (their pages, or the text their glossaries came from)
    for path in NCBI_SPLITS.values():
        used.update(_ncbi(ncbi.text(path))[0])
    for path in CDR_SPLITS.values():
        used.update(_cdr(cdr.text(path))[0])
    return _train_devel_set(out, name, repo, BIORED_SPLITS, _biored, [repo, ncbi, cdr], used)
