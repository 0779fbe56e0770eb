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
- `medquad-cdc`, `medquad-mplus`, `medquad-niddk`, `medquad-ghr`, `medquad-cancergov`, `medquad-nhlbi`,
  `medquad-seniorhealth` (stop 31) — the other MedQuAD sources with answers, built the same way: their `Focus` is
  the site's own page title ("Parasites - Scabies" at CDC, "Asthma in Children" at MedlinePlus, "4 Steps to Manage
  Your Diabetes for Life" at NIDDK: a publication's title, not a disorder's name), so they test names written as
  titles. The three MedlinePlus drugs / herbs / A.D.A.M. sources have no answers in the release (left out).
- `ncbi-disease` — the NCBI disease corpus (Doğan et al. 2014; public domain, NLM): PubMed abstracts with every
  disease mention marked with its MeSH / OMIM id. Glossary: one concept per id of the train and development
  splits, named by the open vocabularies' label, else by its most frequent mention there; pages and gold: the test
  split (`ncbi-disease-dev`: named from the train split, pages and gold of the devel split — the set to develop on).
- `bc5cdr-sample` — the BioCreative V CDR corpus's sample set (Li et al. 2016; 50 PubMed abstracts on drug-induced
  diseases, every disease mention marked with its MeSH id): a second kind of annotated text. Glossary: the set's
  disease ids that an open vocabulary names, by that label (`build_cdr`).
- `bc5cdr-dev` — the same corpus's training and development splits (stop 21; the repository's commit before they
  were deleted): the glossary named from the training split's disease ids as `ncbi-disease-dev`'s is, the pages and
  gold of the development split's 500 abstracts (`build_cdr_dev`). The test split is not read.
- `biored-dev` — BioRED (Luo et al. 2022; stop 30): 600 abstracts annotated for relations, every disease or
  phenotype mention marked with its MeSH / OMIM id by other annotators than the sets above: the glossary named from
  the training split's disease ids as `bc5cdr-dev`'s is, the pages and gold of the development split less the
  abstracts NCBI-disease or BC5CDR already hold (`build_biored`). The test split is not read.

- `letsencrypt-glossary` — letsencrypt.org (ISRG; MPL 2.0; stop 31): the site's own glossary page, built with
  Debian's hugo and imported with `audit glossary import` (a one-page glossary: a definition list); pages: each
  definition, and the one other English page that links to an entry. Gold: every link an editor made to a glossary
  entry (`[user agents](#def-user-agent)`), the linked text being the mention (`build_letsencrypt.py`).

- `cncf-glossary` — the CNCF Cloud Native Glossary (glossary.cncf.io, a Hugo site; documentation CC BY 4.0, code
  Apache 2.0; stop 32): one Markdown page per concept, imported with `audit glossary import` over the folder (81
  published concepts); pages: each concept's page rendered to text. Gold: every link from a concept's page to
  another concept's page (`[containerized](/containerization/)`), the linked text being the mention
  (`build_cncf.py`).

- `pypug-glossary` — the Python Packaging User Guide (packaging.python.org, a Sphinx site; CC BY-SA 3.0; stop 33):
  the site built with Sphinx (`--sphinx-build`: a venv outside the project with the guide's pinned requirements),
  its glossary page imported with `audit glossary import`; pages: each glossary definition, and every other page
  whose article links to a glossary entry. Gold: every `:term:` link (`glossary.html#term-Wheel`), the linked text
  being the mention (`build_pypug.py`).

- `otel-glossary` — the OpenTelemetry glossary (opentelemetry.io, a Hugo + Docsy site; CC BY 4.0; stop 36): its
  Markdown glossary page imported with `audit glossary import` (a one-page glossary: a heading per term); pages:
  each definition rendered to text, and every other English page that links to an entry. Gold: every link to a
  glossary entry (`[Metadata](#metadata)`), the linked text being the mention (`build_otel.py`). Added after the
  rules of issue 19 were written: a check of how they generalise, not a set they were read against.

- `numpy-glossary`, `ansible-glossary`, `sphinx-glossary` (stop 40, held out) — three Sphinx sites' own
  `.. glossary::` (numpy.org's documentation, BSD-3; the Ansible documentation, GPL-3.0; Sphinx's own, BSD-2), each
  built from its pinned source tree with a plain `conf.py` (the sites' own builds need their own packages and
  extensions); pages and gold as `pypug-glossary`'s: every `:term:` link (`build_sphinx.py`, one builder for the four
  Sphinx sets).

- `falco-glossary` — the Falco website's glossary (falco.org, a Hugo + Docsy site with Kubernetes' glossary layout;
  CC BY 4.0; stop 38): one Markdown page per concept, imported with `audit glossary import` over the folder; pages:
  each concept's page and every other English page holding a tooltip, rendered to text. Gold: every tooltip
  (`{{< glossary_tooltip text="kernel module" term_id="kernel-module-driver" >}}`), the text it shows being the
  mention (`build_falco.py`). Held out like `otel-glossary`.

The PubTator sets (NCBI-disease, CDR, BioRED) are built in `build_abstracts.py`, letsencrypt.org in
`build_letsencrypt.py`, the CNCF glossary in `build_cncf.py`, the Python Packaging User Guide in `build_pypug.py`,
OpenTelemetry's glossary in `build_otel.py`, Falco's in `build_falco.py`,
the sources and the set folders' writing are in `build_sources.py`.

The repositories are read from bare git mirrors (the search tool's `fetch` puts them under `/work/.mirror/`:
`fetch github:blencorp/HealthCare.gov-Open-Source-Release`, `github:abachaa/MedQuAD`, `github:spyysalo/ncbi-disease`,
`github:JHnlp/BioCreative-V-CDR-Corpus`, `github:ndlongvn/BioRED-NER-RE`, `github:letsencrypt/website`,
`github:cncf/glossary`, `github:pypa/packaging.python.org`, `github:open-telemetry/opentelemetry.io`,
`github:falcosecurity/falco-website`, `github:numpy/numpy`, `github:ansible/ansible-documentation`,
`github:sphinx-doc/sphinx`).

    .venv/bin/python benchmarks/terms/build.py [--mirrors /work/.mirror] [--out benchmarks/_corpora/terms]
"""
from __future__ import annotations

import argparse
import collections
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # (the sibling modules, also when loaded by file path)
from build_sources import ROOT, SOURCES, Repo, _write_set  # noqa: E402,F401  (SOURCES, Repo: build_synonyms.py's)

sys.path.insert(0, str(ROOT))

from build_letsencrypt import build_letsencrypt  # noqa: E402
from build_cncf import build_cncf  # noqa: E402
from build_pypug import build_pypug  # noqa: E402
from build_otel import build_otel  # noqa: E402
from build_falco import build_falco  # noqa: E402
from build_sphinx import HELD_OUT, build_glossary_set  # noqa: E402
from build_abstracts import (NAMINGS, build_biored, build_cdr, build_cdr_dev, build_ncbi,  # noqa: E402,F401
                             name_ncbi_ids)  # (name_ncbi_ids: tests/test_term_heads.py's)


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


# (stop 31) the other MedQuAD sources with answers: set -> the release's folder
MEDQUAD_MORE = {"medquad-cdc": "9_CDC_QA", "medquad-mplus": "4_MPlus_Health_Topics_QA", "medquad-niddk": "5_NIDDK_QA",
                "medquad-ghr": "3_GHR_QA", "medquad-cancergov": "1_CancerGov_QA", "medquad-nhlbi": "8_NHLBI_QA_XML",
                "medquad-seniorhealth": "7_SeniorHealth_QA"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "_corpora" / "terms")
    ap.add_argument("--ncbi-naming", choices=sorted(NAMINGS), default="vocabulary",
                    help="how the NCBI-disease glossary names an id (default: the open vocabulary's label; "
                         "`mention`: the naming before stop 15, to compare)")
    ap.add_argument("--only", nargs="+", choices=["healthcare-gov", "medquad-ninds", "medquad-gard", "ncbi-disease",
                                                  "ncbi-disease-dev", "bc5cdr-sample", "bc5cdr-dev", "biored-dev",
                                                  "letsencrypt-glossary", "cncf-glossary", "pypug-glossary",
                                                  "otel-glossary", "falco-glossary", *HELD_OUT, *MEDQUAD_MORE],
                    help="build these sets only")
    ap.add_argument("--sphinx-build", help="pypug-glossary and the Sphinx sets of stop 40: the sphinx-build of a "
                                           "venv outside the project with the guide's pinned requirements (default: "
                                           "sphinx-build on PATH)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    builds = {"healthcare-gov": lambda: build_healthcare(args.mirrors, args.out),
              "medquad-ninds": lambda: build_medquad(args.mirrors, args.out, "6_NINDS_QA", "medquad-ninds"),
              "medquad-gard": lambda: build_medquad(args.mirrors, args.out, "2_GARD_QA", "medquad-gard"),
              **{name: (lambda folder=folder, name=name: build_medquad(args.mirrors, args.out, folder, name))
                 for name, folder in MEDQUAD_MORE.items()},
              "ncbi-disease": lambda: build_ncbi(args.mirrors, args.out, naming=args.ncbi_naming),
              "ncbi-disease-dev": lambda: build_ncbi(args.mirrors, args.out, "ncbi-disease-dev", ("train",), "devel",
                                                     args.ncbi_naming),
              "bc5cdr-sample": lambda: build_cdr(args.mirrors, args.out),
              "bc5cdr-dev": lambda: build_cdr_dev(args.mirrors, args.out),
              "biored-dev": lambda: build_biored(args.mirrors, args.out),
              "letsencrypt-glossary": lambda: build_letsencrypt(args.mirrors, args.out),
              "cncf-glossary": lambda: build_cncf(args.mirrors, args.out),
              "pypug-glossary": lambda: build_pypug(args.mirrors, args.out, args.sphinx_build),
              "otel-glossary": lambda: build_otel(args.mirrors, args.out),
              "falco-glossary": lambda: build_falco(args.mirrors, args.out),
              **{name: (lambda site=site: build_glossary_set(site, args.mirrors, args.out, args.sphinx_build))
                 for name, site in HELD_OUT.items()}}
    for name, build in builds.items():
        if args.only and name not in args.only:
            continue
        manifest = build()
        print(f"{manifest['set']}: {manifest['pages']} pages, {manifest['gold']} gold; {manifest['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
