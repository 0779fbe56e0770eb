"""The pinned public repositories the term-coverage sets are built from (read from bare git mirrors: the search
tool's `fetch` puts them under `/work/.mirror/`), and how a set folder is written (`pages/`, `glossary.yml`,
`gold.jsonl`, `manifest.json` with the sha256 of every file read and written). Used by `build.py` and
`build_abstracts.py`; `build.py` is the command."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

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
    # BioRED (stop 30): a student project's copy of the official release's files (BIORED.zip, NCBI); the data only
    "biored": {"repo": "ndlongvn/BioRED-NER-RE", "commit": "637e02c9746de045ef56dbf543d77602783d63d9",
               "licence": "BioRED (Luo et al., Briefings in Bioinformatics 2022; NCBI/NLM, made for the NIH LitCoin "
                          "challenge): no licence stated by the release (ftp.ncbi.nlm.nih.gov/pub/lu/BioRED/, the "
                          "README of github.com/ncbi/BioRED) or by this copy (no licence file); BigBio lists it as "
                          "unknown. Read locally as a benchmark (the built set is git-ignored, never shipped)"},
    # letsencrypt.org (stop 31): the commit the sites benchmark builds, and the site's fix of its glossary shortcodes
    "letsencrypt": {"repo": "letsencrypt/website", "commit": "d7de4d8104fff5d8389e6070289ce8d31da15262",
                    "licence": "MPL 2.0 (the repository's LICENSE.txt; no other licence stated for its content; ISRG)"},
    # the CNCF Cloud Native Glossary (stop 32): documentation CC BY 4.0, code Apache 2.0 (its README's "License")
    "cncf": {"repo": "cncf/glossary", "commit": "ca1dc4034529de4dbcef91f75978aeffd1a12b14",
             "licence": "documentation CC BY 4.0, code Apache 2.0 (the repository's README, 'License': \"All code "
                        "contributions are under the Apache 2.0 license. Documentation is distributed under CC BY "
                        "4.0.\"; LICENSE: Apache 2.0); the CNCF Cloud Native Glossary's contributors"},
    # the Python Packaging User Guide (stop 33): a Sphinx site; its README's "License" and noxfile.py's header
    "pypug": {"repo": "pypa/packaging.python.org", "commit": "ab4994857826246587d993862fd4097e36568080",
              "licence": "CC BY-SA 3.0 (the repository's README.rst, 'License': \"The Python Packaging User Guide is "
                         "licensed under a Creative Commons Attribution-ShareAlike license: "
                         "http://creativecommons.org/licenses/by-sa/3.0\"; noxfile.py's header says the same; no "
                         "LICENSE file); PyPA and the guide's contributors"},
    # the OpenTelemetry glossary (stop 36): opentelemetry.io's documentation, CC BY 4.0 (code examples Apache 2.0)
    "otel": {"repo": "open-telemetry/opentelemetry.io", "commit": "dd5997c8b9fafbf72ea6b8059ade242d88b8f118",
             "licence": "CC BY 4.0 (the repository's LICENSE: \"Creative Commons Attribution 4.0 International\"; "
                        "LICENSE-CODE: Apache 2.0 for code); the OpenTelemetry Authors"},
    # the Falco website's glossary (stop 38): falco.org's documentation, CC BY 4.0 (the repository's LICENSE)
    "falco": {"repo": "falcosecurity/falco-website", "commit": "c47da4cbdcc014c44ddbefc26b4aab97431bb1b4",
              "licence": "CC BY 4.0 (the repository's LICENSE: \"Attribution 4.0 International\", the Creative Commons "
                         "licence's text; no other licence file); The Falco Authors"},
    # stop 40, held out: three Sphinx sites' `.. glossary::` and their `:term:` links (`build_sphinx.py`)
    "numpy": {"repo": "numpy/numpy", "commit": "1f90bbb55e65e7de68921bc3f1a2d94492fdf689",
              "licence": "BSD-3-Clause (the repository's LICENSE.txt: \"Copyright (c) 2005-2025, NumPy Developers. All "
                         "rights reserved.\", the three-clause BSD text); NumPy Developers"},
    "ansible": {"repo": "ansible/ansible-documentation", "commit": "ef72400cc2f70f974ffbb30b63098b31dbd36b07",
                "licence": "GPL-3.0 (the repository's COPYING: the GNU General Public License version 3's text; its "
                           "README states no licence and the documentation's pages none of their own; licenses/ "
                           "holds the Apache, MIT, PSF and simplified BSD texts some code files name); Ansible "
                           "project contributors (conf.py's copyright)"},
    "sphinx": {"repo": "sphinx-doc/sphinx", "commit": "e44a40eb2f810558ccd9da1425421270ccb81351",
               "licence": "BSD-2-Clause (the repository's LICENSE.rst: \"Unless otherwise indicated, all code in the "
                          "Sphinx project is licenced under the two clause BSD licence below\"; the documentation in "
                          "doc/ states no other); Copyright (c) 2007-2026 by the Sphinx team"},
    "letsencrypt-fix": {"repo": "letsencrypt/website", "commit": "7a25b4313508d4e6af8b7bea523e22bc228c413c",
                        "licence": "MPL 2.0 (the repository's LICENSE.txt; ISRG): the two glossary shortcodes only"},
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

    def marked_pages(self, folder: str, marker: str, skip=()) -> list[tuple[str, dict, str]]:
        """(page id, front matter, body) of every Markdown page under `folder` (not in `skip`) whose text holds
        `marker` (a link set's mark: a tooltip shortcode, a link to the glossary page); the page id is its path
        under `folder`, "/" as "__". A page read only to look is not part of the set: left out of the manifest."""
        from audit.terms.glossary_import import _front_matter

        out = []
        for path in self.files(folder):
            if not path.endswith(".md") or path in skip:
                continue
            text = self.text(path)
            if marker not in text:
                self.read.pop(path, None)
                continue
            meta, body = _front_matter(text)
            out.append((path[len(folder) + 1:-len(".md")].replace("/", "__"), meta, body))
        return out


# the link sets' text markers (`build_cncf`, `build_letsencrypt`): a block break, a link's start and end
_OPEN, _CLOSE, _SEP = "\x02", "\x03", "\x04"


def page_text(raw: str, targets: list) -> tuple[str, list[tuple[int, int, object]]]:
    """Blocks joined by blank lines, white space squashed; the link spans (start, end, target), link markers removed
    and the spans trimmed of white space."""
    blocks = [" ".join(b.split()) for b in raw.split(_SEP)]
    text = "\n\n".join(b for b in blocks if b.replace(_OPEN, "").replace(_CLOSE, "").strip())
    out: list[str] = []
    spans, start = [], 0
    for ch in text:
        if ch == _OPEN:
            start = len(out)
        elif ch == _CLOSE:
            s, e = start, len(out)
            while s < e and out[s].isspace():
                s += 1
            while e > s and out[e - 1].isspace():
                e -= 1
            spans.append((s, e, targets[len(spans)]))
        else:
            out.append(ch)
    return "".join(out), spans


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


def marked_text(el, block_tags: frozenset, visit, state=False) -> str:
    """The visible text of the element `el`, its blocks (`block_tags`) separated by `_SEP`, the links `visit` marks
    between `_OPEN` and `_CLOSE` (the link-set builders: `build_cncf`, `build_pypug`). `visit(node, tag, state)`
    says None to leave the node's text out (its tail kept), else (the state its children see, whether it is a
    marked link); it records each marked link's target itself, in text order."""
    parts: list[str] = []

    def walk(node, state) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        seen = visit(node, tag, state) if tag else None
        if seen is None:
            parts.append(node.tail or "")
            return
        state, marked = seen
        block = tag in block_tags
        parts.append(_SEP if block else "")
        if marked:
            parts.append(_OPEN)
        parts.append(node.text or "")
        for child in node:
            walk(child, state)
        if marked:
            parts.append(_CLOSE)
        parts.append(_SEP if block else "")
        parts.append(node.tail or "")

    walk(el, state)
    parts[-1] = ""  # (the element's own tail is not its text)
    return "".join(parts)
