"""Build the term-coverage development sets (issue 19) from pinned public repositories.

Each set is a folder under `benchmarks/_corpora/terms/<set>/` (git-ignored) with

- `pages/*.txt`   the page texts (what `audit run` reads),
- `glossary.yml`  the glossary (names only, as the source titles its concepts: no hand-made variants),
- `gold.jsonl`    one gold mention a line: {"page", "start", "end", "text", "concepts": [...]}; `start`/`end`
                  character offsets in the page text, or null when the gold is the page as a whole (MedQuAD),
- `manifest.json` the source repository, pinned commit, licence, and sha256 of every file read and written.

Sets:

- `healthcare-gov` — HealthCare.gov's open-source release (CMS; public domain mark): the site's own English glossary
  (one Jekyll page per concept: title = name, body = plain explanation; imported with `audit glossary import`) and
  its English article / question pages. Gold: every link the editors made from article text to a glossary entry
  (`[text](/glossary/slug)`), the linked text being the mention.
- `medquad-ninds`, `medquad-gard` — MedQuAD (Ben Abacha & Demner-Fushman 2019; CC BY 4.0): one page per disorder
  from NINDS / GARD (rare diseases), only the answer text. Glossary: every page's disorder (its `Focus`) as a concept. Gold: the
  page's own disorder is mentioned on the page.
- `ncbi-disease` — the NCBI disease corpus (Doğan et al. 2014; public domain, NLM): PubMed abstracts with every
  disease mention marked with its MeSH / OMIM id. Glossary: one concept per id of the train and development
  splits, named by its most frequent mention there; pages and gold: the test split (`ncbi-disease-dev`: named from
  the train split, pages and gold of the devel split — the set to develop on).
- `bc5cdr-sample` — the BioCreative V CDR corpus's sample set (Li et al. 2016; 50 PubMed abstracts on drug-induced
  diseases, every disease mention marked with its MeSH id): a second kind of annotated text. Glossary: the set's
  disease ids that an open vocabulary names, by that label (`build_cdr`).
- `bc5cdr-dev` — the same corpus's training and development splits (stop 21; the repository's commit before they
  were deleted): the glossary named from the training split's disease ids as `ncbi-disease-dev`'s is, the pages and
  gold of the development split's 500 abstracts (`build_cdr_dev`). The test split is not read.

The repositories are read from bare git mirrors (the search tool's `fetch` puts them under `/work/.mirror/`:
`fetch github:blencorp/HealthCare.gov-Open-Source-Release`, `github:abachaa/MedQuAD`, `github:spyysalo/ncbi-disease`,
`github:JHnlp/BioCreative-V-CDR-Corpus`).

    .venv/bin/python benchmarks/terms/build.py [--mirrors /work/.mirror] [--out benchmarks/_corpora/terms]
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SOURCES = {
    "healthcare": {"repo": "blencorp/HealthCare.gov-Open-Source-Release",
                   "commit": "d48aad654b09256a870135d89e14fcc2c6a6ec99",
                   "licence": "Public Domain Mark 1.0 (LICENSE.txt: CMS, free of known copyright restrictions)"},
    "medquad": {"repo": "abachaa/MedQuAD", "commit": "577bd37b96c02d1833b2c9eed2de9f96964e96cb",
                "licence": "CC BY 4.0 (LICENSE.txt; Ben Abacha & Demner-Fushman, BMC Bioinformatics 2019)"},
    "ncbi": {"repo": "spyysalo/ncbi-disease", "commit": "5a266c6fc76fb2b5184cfa397ff0a5ecdb133aec",
             "licence": "Public domain (original-data/LICENSE: a United States Government Work, NLM)"},
    "cdr": {"repo": "JHnlp/BioCreative-V-CDR-Corpus", "commit": "dd0b3165a94338874979a2a8aaedf74b67466b9c",
            "licence": "BioCreative V CDR corpus (Li et al., Database 2016; NCBI/NLM and CTD), released for public "
                       "research; BigBio lists it under the Public Domain Mark 1.0 (the mirror has no licence file)"},
    # the same repository before its splits were deleted (commit "add information"): the full corpus in PubTator form
    "cdr-splits": {"repo": "JHnlp/BioCreative-V-CDR-Corpus", "commit": "e390f5472c6dedb3a6c76aaf960dc388c5e24438",
                   "licence": "BioCreative V CDR corpus (Li et al., Database 2016; NCBI/NLM and CTD), released for "
                              "public research; BigBio lists it under the Public Domain Mark 1.0 (the mirror has no "
                              "licence file)"},
}


class Repo:
    def __init__(self, mirrors: Path, key: str) -> None:
        src = SOURCES[key]
        self.key, self.name, self.commit = key, src["repo"], src["commit"]
        self.git_dir = mirrors / src["repo"].replace("/", "+") / "repo"
        if not self.git_dir.is_dir():
            raise SystemExit(f"build: no mirror of {self.name} at {self.git_dir} (fetch github:{self.name})")
        self.read: dict[str, str] = {}

    def _git(self, *args: str) -> bytes:
        return subprocess.run(["git", f"--git-dir={self.git_dir}", *args], check=True, capture_output=True).stdout

    def files(self, folder: str) -> list[str]:
        out = self._git("ls-tree", "-r", "--name-only", self.commit, "--", folder).decode()
        return sorted(p for p in out.splitlines() if p)

    def text(self, path: str) -> str:
        data = self._git("show", f"{self.commit}:{path}")
        self.read[path] = hashlib.sha256(data).hexdigest()
        return data.decode("utf-8-sig")


def _write_set(out: Path, name: str, pages: dict[str, str], glossary_yaml: str, gold: list[dict],
               repos: list[Repo], note: str) -> dict:
    folder = out / name
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "pages").mkdir(parents=True)
    written = {}
    for page, text in sorted(pages.items()):
        path = folder / "pages" / f"{page}.txt"
        path.write_text(text, encoding="utf-8")
        written[f"pages/{page}.txt"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "glossary.yml").write_text(glossary_yaml, encoding="utf-8")
    lines = "".join(json.dumps(g, ensure_ascii=False, sort_keys=True) + "\n" for g in gold)
    (folder / "gold.jsonl").write_text(lines, encoding="utf-8")
    for f in ("glossary.yml", "gold.jsonl"):
        written[f] = hashlib.sha256((folder / f).read_bytes()).hexdigest()
    manifest = {"set": name, "note": note,
                "sources": [{"repo": r.name, "commit": r.commit, "licence": SOURCES[r.key]["licence"],
                             "files_read": len(r.read),
                             "sha256_of_files_read": hashlib.sha256(
                                 "".join(f"{p}\t{h}\n" for p, h in sorted(r.read.items())).encode()).hexdigest()}
                            for r in repos],
                "pages": len(pages), "gold": len(gold), "written": written}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


# ------------------------------------------------------------------ HealthCare.gov

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MARKUP = [(re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S), ""), (re.compile(r"<[^>]+>"), ""),
           (re.compile(r"\*\*|__"), ""), (re.compile(r"^#+\s*", re.M), "")]


def _front(text: str) -> tuple[dict, str]:
    import yaml

    if text[:1].isspace() and text.lstrip().startswith("---"):
        text = text.lstrip()
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except Exception:  # noqa: BLE001 - a page whose front matter does not parse keeps none
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[m.end():]


def build_healthcare(mirrors: Path, out: Path) -> dict:
    from audit.terms.glossary_import import import_glossary, to_yaml

    repo = Repo(mirrors, "healthcare")
    tmp = out / "_healthcare-glossary-pages"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    slug_of: dict[str, str] = {}  # glossary page slug -> concept name (its title)
    for path in repo.files("_posts/glossary"):
        if "/es/" in path or not path.endswith(".md"):
            continue
        text = repo.text(path)
        meta, _ = _front(text)
        if meta.get("lang", "en") != "en":
            continue
        (tmp / Path(path).name).write_text(text, encoding="utf-8")
        slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", Path(path).stem)
        slug_of[slug.lower()] = " ".join(str(meta.get("title", "")).split())
    concepts = import_glossary([tmp], category="glossary")
    shutil.rmtree(tmp)
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: _posts/glossary (English)")
    names = {c["name"] for c in concepts}

    pages: dict[str, str] = {}
    gold: list[dict] = []
    unknown = collections.Counter()
    for folder in ("_posts/articles", "_posts/questions", "_posts/topics", "_posts/quick-answers", "_posts/blog",
                   "_posts/help", "_posts/states"):
        for path in repo.files(folder):
            if not path.endswith((".md", ".markdown", ".html")) or "/es/" in path:
                continue
            raw = repo.text(path)
            meta, body = _front(raw)
            if meta.get("lang", "en") != "en" or "/glossary/" not in body:
                continue
            title = " ".join(str(meta.get("title", "")).split())
            for rx, repl in _MARKUP:
                body = rx.sub(repl, body)
            text, spans, pos = [], [], 0
            length = 0
            for m in _LINK.finditer(body):
                chunk = body[pos:m.start()]
                text.append(chunk)
                length += len(chunk)
                label = m.group(1)
                target = m.group(2).rstrip("/").lower()
                if "/glossary/" in target:
                    slug = target.rsplit("/glossary/", 1)[1].split("#")[0].strip("/")
                    concept = slug_of.get(slug)
                    if concept in names:
                        spans.append((length, length + len(label), label, concept))
                    else:
                        unknown[slug] += 1
                text.append(label)
                length += len(label)
                pos = m.end()
            text.append(body[pos:])
            page = f"{folder.rsplit('/', 1)[1]}__{Path(path).stem}"
            full = (title + "\n\n" if title else "") + "".join(text)
            shift = len(title) + 2 if title else 0
            pages[page] = full
            gold += [{"page": page, "start": s + shift, "end": e + shift, "text": label, "concepts": [c]}
                     for s, e, label, c in spans]
    note = (f"{len(names)} glossary concepts; links to unknown glossary slugs left out: {sum(unknown.values())}")
    return _write_set(out, "healthcare-gov", pages, glossary_yaml, gold, [repo], note)


# ------------------------------------------------------------------ MedQuAD

def build_medquad(mirrors: Path, out: Path, folder: str, name: str) -> dict:
    from audit.terms.glossary_import import drop_colliding, to_yaml

    repo = Repo(mirrors, "medquad")
    pages: dict[str, str] = {}
    focus_of: dict[str, str] = {}
    first_name: dict[str, str] = {}  # casefolded focus -> the first spelling (one concept per disorder)
    for path in repo.files(folder):
        if not path.endswith(".xml"):
            continue
        root = ET.fromstring(repo.text(path))
        focus = " ".join((root.findtext("Focus") or "").split())
        answers = [" ".join((a.text or "").split()) for a in root.iter("Answer")]
        answers = [a for a in answers if a]
        if not focus or not answers:
            continue
        page = Path(path).stem
        pages[page] = "\n\n".join(answers) + "\n"
        focus_of[page] = first_name.setdefault(focus.casefold(), focus)
    concepts = [{"name": n, "category": "disorder"} for n in sorted(set(focus_of.values()), key=str.casefold)]
    merged: list[str] = []
    concepts = drop_colliding(concepts, merged)  # "Tay-Sachs Disease" / "Tay Sachs disease": one concept
    kept = {c["name"] for c in concepts}
    if merged:  # the pages of a left-out spelling: gold is the concept of the same words
        from audit.terms.glossary import CompiledGlossary
        from audit.terms.glossary_file import parse_glossary
        from audit.nlp import load_nlp

        cg = CompiledGlossary(parse_glossary(to_yaml(concepts)), load_nlp(""))
        nlp = load_nlp("")
        from audit.terms.glossary import token_key
        for page, focus in focus_of.items():
            if focus not in kept:
                seq = tuple(token_key(t.text) for t in nlp.make_doc(focus))
                focus_of[page] = cg.names[cg.keys[seq]]
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {folder} (Focus of each document)")
    gold = [{"page": p, "start": None, "end": None, "text": "", "concepts": [focus_of[p]]} for p in sorted(pages)]
    note = f"{len(concepts)} concepts (the pages' disorders); gold: the page's own disorder, once per page"
    return _write_set(out, name, pages, glossary_yaml, gold, [repo], note)


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
    surfaces: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for split in (NCBI_SPLITS[s] for s in named_from):
        _, mentions = _ncbi(repo.text(split))
        for _pmid, _s, _e, mention, ids in mentions:
            if len(ids) == 1:
                surfaces[ids[0]][" ".join(mention.split())] += 1
    concepts, named = _concepts_of_ids(name_ncbi_ids(surfaces, naming))
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {' + '.join(named_from)} split(s) "
                                             f"(each id named {NAMINGS[naming]})")
    docs, mentions = _ncbi(repo.text(NCBI_SPLITS[pages_from]))
    pages = {f"pmid{p}": t + "\n" for p, t in docs.items()}
    gold = _gold_of_ids(docs, mentions, named)
    seen = "+".join(named_from)
    labels = vocabulary_labels()
    tables = ", ".join(f"{t} sha256 {hashlib.sha256((ROOT / 'audit' / 'data' / t).read_bytes()).hexdigest()}"
                       for t in ("synonyms-mondo.tsv.gz", "synonyms-do.tsv.gz")) if naming == "vocabulary" else ""
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
    tables = ", ".join(f"{t} sha256 {hashlib.sha256((ROOT / 'audit' / 'data' / t).read_bytes()).hexdigest()}"
                       for t in ("synonyms-mondo.tsv.gz", "synonyms-do.tsv.gz"))
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
    from audit.terms.glossary_import import to_yaml

    repo = Repo(mirrors, "cdr-splits")
    surfaces: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    _, train = _cdr(repo.text(CDR_SPLITS["train"]))
    for _pmid, _s, _e, mention, ids in train:
        if len(ids) == 1:
            surfaces[ids[0]][" ".join(mention.split())] += 1
    concepts, named = _concepts_of_ids(name_ncbi_ids(surfaces, "vocabulary"))
    glossary_yaml = to_yaml(concepts, source=f"{repo.name}@{repo.commit[:12]}: {CDR_SPLITS['train']}'s disease ids "
                                             f"(each id named {NAMINGS['vocabulary']})")
    docs, mentions = _cdr(repo.text(CDR_SPLITS["devel"]))
    pages = {f"pmid{p}": t + "\n" for p, t in docs.items()}
    gold = _gold_of_ids(docs, mentions, named)
    labels = vocabulary_labels()
    tables = ", ".join(f"{t} sha256 {hashlib.sha256((ROOT / 'audit' / 'data' / t).read_bytes()).hexdigest()}"
                       for t in ("synonyms-mondo.tsv.gz", "synonyms-do.tsv.gz"))
    note = (f"{len(concepts)} concepts, {len(named)} disease ids of the training split named {NAMINGS['vocabulary']} "
            f"({sum(1 for i, n in named.items() if labels.get(i) == n)} by a vocabulary's label; {tables}); "
            f"development mentions: {len(gold)}, of which {sum(1 for g in gold if not g['concepts'])} of ids never "
            "seen in training (no concept)")
    return _write_set(out, name, pages, glossary_yaml, gold, [repo], note)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "_corpora" / "terms")
    ap.add_argument("--ncbi-naming", choices=sorted(NAMINGS), default="vocabulary",
                    help="how the NCBI-disease glossary names an id (default: the open vocabulary's label; "
                         "`mention`: the naming before stop 15, to compare)")
    ap.add_argument("--only", nargs="+", choices=["healthcare-gov", "medquad-ninds", "medquad-gard", "ncbi-disease",
                                                  "ncbi-disease-dev", "bc5cdr-sample", "bc5cdr-dev"], help="build these sets only")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    builds = {"healthcare-gov": lambda: build_healthcare(args.mirrors, args.out),
              "medquad-ninds": lambda: build_medquad(args.mirrors, args.out, "6_NINDS_QA", "medquad-ninds"),
              "medquad-gard": lambda: build_medquad(args.mirrors, args.out, "2_GARD_QA", "medquad-gard"),
              "ncbi-disease": lambda: build_ncbi(args.mirrors, args.out, naming=args.ncbi_naming),
              "ncbi-disease-dev": lambda: build_ncbi(args.mirrors, args.out, "ncbi-disease-dev", ("train",), "devel",
                                                     args.ncbi_naming),
              "bc5cdr-sample": lambda: build_cdr(args.mirrors, args.out),
              "bc5cdr-dev": lambda: build_cdr_dev(args.mirrors, args.out)}
    for name, build in builds.items():
        if args.only and name not in args.only:
            continue
        manifest = build()
        print(f"{manifest['set']}: {manifest['pages']} pages, {manifest['gold']} gold; {manifest['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
