"""Score the audit on a static site's Markdown **sources**, the files a content team's CI audits (`audit check
content/` on the site's repository), against the same gold text as the built pages (`score.py`).

For each of the five sites `build.py` builds from Markdown (healthcare, contentguide, plainlanguage: Jekyll;
letsencrypt: Hugo; starlette: MkDocs) and the one from reStructuredText (pypug: Sphinx, `audit.ingest.rstsource`)
the pinned commit (the site's `manifest.json`) is read from the bare mirror with `git archive` (its content folders,
`PATHS`) into the git-ignored `benchmarks/_corpora/sites/_sources/<site>/` (`repo/`); each built page's source file
is found the way the generator maps it (below) and copied to `pages/<page id><suffix>` there, so the audit's page
ids are the gold's (`sources.json` lists page id -> source path). `audit.run` on that folder, default settings; the
body blocks scored with `score.py`'s metric (token 4-gram shingles of the NFKC-normalised text, per page tp/fp/fn,
precision and recall averaged over pages, F1 of the means).

The gold's shown title: the built page's gold opens with the front matter `title` when the layout shows it as a
heading (`sources.shown_title`). In the source that title is a setting of the page, not its text (the audit reads it
as the page's title, `Page.title`, and measures no sentence of it), so the gold's first line is left out when it is
the front matter title (whitespace-normalised); a title the Markdown itself holds (`# Title`, MkDocs) stays,
and so does a reStructuredText page's title (its first section title: Sphinx shows it). The
built pages' row (`--built`: the audit on the site's `pages/`) is `score.py`'s, against the whole gold, title
included (the built page shows it as text).

Source -> page (the generators' documented URL rules, the builders' page ids):
  healthcare     `_posts/<section>/<date>-<slug>.md` -> `<section>/<slug>` (as `build.build_healthcare`)
  contentguide   `index.md`, `_pages/**.md` -> front matter `permalink` (as `build.build_contentguide`)
  plainlanguage  `_pages/**.md|html` -> front matter `permalink`, else the collection's `/:path/` ("/" -> "__")
  letsencrypt    `content/en/**.md|markdown` -> `url`; else a post `/:year/:month/:day/:slug/` (config's
                 `permalinks`), else `<section>/<slug or file name>`, lower-cased; `_index.md` -> its section
  starlette      `docs/<name>.md` -> `<name>` (MkDocs' `use_directory_urls`)
  pypug          `source/<path>.rst` -> `<path>` (Sphinx's `<docname>.html`), "/" -> "__" (`pypug_site.py`)

    .venv/bin/python benchmarks/sites/sources_score.py                       # six sites, sources and built
    .venv/bin/python benchmarks/sites/sources_score.py --sites letsencrypt --worst 10 --no-built
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from score import CORPORA, ROOT, _precision, _recall, audit_bodies, metrics, tp_fp_fn

sys.path.insert(0, str(ROOT))

from audit.ingest.frontmatter import front_matter  # noqa: E402

SOURCES = CORPORA / "_sources"
MIRRORS = Path("/work/.mirror")
SITES = ("healthcare", "contentguide", "plainlanguage", "letsencrypt", "starlette", "pypug")
# what `git archive` takes of each repository: the content (the mirrors lack some large media and static files)
PATHS = {"healthcare": ["_posts"], "contentguide": ["index.md", "_pages"], "plainlanguage": ["_pages"],
         "letsencrypt": ["content/en"], "starlette": ["docs"], "pypug": ["source"]}


def _meta(path: Path) -> dict:
    return front_matter(path.read_text(encoding="utf-8", errors="replace").split("\n"))[0]


def _slash(url: str) -> str:
    return url.strip("/").replace("/", "__") or "index"


_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def _healthcare(repo: Path) -> dict[str, Path]:
    pages = {}
    for post in sorted(repo.glob("_posts/*/*.md")):
        if post.parent.name in ("glossary", "articles", "questions"):
            pages[f"{post.parent.name}/{_DATED.sub('', post.stem)}"] = post
    return pages


def _contentguide(repo: Path) -> dict[str, Path]:
    pages = {}
    for md in sorted([repo / "index.md", *(repo / "_pages").rglob("*.md")]):
        link = _meta(md).get("permalink")
        if isinstance(link, str) and "redirects" not in md.parts:
            pages[link.strip("/") or "index"] = md
    return pages


def _plainlanguage(repo: Path) -> dict[str, Path]:
    pages = {}
    root = repo / "_pages"
    for src in sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown", ".html")):
        link = _meta(src).get("permalink")
        if not isinstance(link, str):  # the collection's `permalink: /:path/`
            rel = src.relative_to(root).with_suffix("").as_posix()
            link = rel[:-len("/index")] if rel.endswith("/index") else "" if rel == "index" else rel
        pages[_slash(link)] = src
    return pages


def _letsencrypt(repo: Path) -> dict[str, Path]:
    pages = {}
    root = repo / "content" / "en"
    for src in sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown")):
        meta = _meta(src)
        rel = src.relative_to(root)
        if isinstance(meta.get("url"), str):
            pages[_slash(meta["url"])] = src
            continue
        section = rel.parent.as_posix()
        if src.stem == "_index":
            pages[_slash(section)] = src
            continue
        slug = meta.get("slug") or src.stem
        if section == "post":
            date = meta.get("date")
            if isinstance(date, str):
                date = datetime.date.fromisoformat(date[:10])
            pages[f"{date:%Y__%m__%d}__{slug}".lower()] = src
        else:  # (Hugo lower-cases the paths it makes: `disablePathToLower` is off)
            pages[_slash(f"{section}/{slug}" if section != "." else slug).lower()] = src
    return pages


def _starlette(repo: Path) -> dict[str, Path]:
    return {md.stem: md for md in sorted((repo / "docs").glob("*.md"))}


def _pypug(repo: Path) -> dict[str, Path]:
    root = repo / "source"
    return {src.relative_to(root).with_suffix("").as_posix().replace("/", "__"): src
            for src in sorted(root.rglob("*.rst"))}


MAPPERS = {"healthcare": _healthcare, "contentguide": _contentguide, "plainlanguage": _plainlanguage,
           "letsencrypt": _letsencrypt, "starlette": _starlette, "pypug": _pypug}


def extract(site: str, mirrors: Path) -> tuple[Path, dict[str, str]]:
    """The pinned commit's sources of `site` under `_sources/<site>/`: the repository (`git archive`), and its built
    pages' source files copied as `pages/<page id><suffix>`. Returns the pages folder and page id -> source path."""
    manifest = json.loads((CORPORA / site / "manifest.json").read_text())
    git_dir = mirrors / manifest["repo"].replace("/", "+") / "repo"
    dest = SOURCES / site
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "repo").mkdir(parents=True)
    tar = subprocess.run(["git", "--git-dir", str(git_dir), "archive", "--format=tar", manifest["commit"],
                          "--", *PATHS[site]],
                         check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest / "repo")], input=tar, check=True)
    golds = {p.relative_to(CORPORA / site / "gold").with_suffix("").as_posix()
             for p in (CORPORA / site / "gold").rglob("*.txt")}
    found = MAPPERS[site](dest / "repo")
    missing = sorted(golds - set(found))
    if missing:
        sys.exit(f"{site}: no source file for {len(missing)} built pages: {missing[:5]}")
    mapping = {}
    for page_id in sorted(golds):
        src = found[page_id]
        target = dest / "pages" / f"{page_id}{src.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        mapping[page_id] = src.relative_to(dest / "repo").as_posix()
    (dest / "sources.json").write_text(json.dumps({"repo": manifest["repo"], "commit": manifest["commit"],
                                                   "pages": mapping}, indent=1) + "\n")
    return dest / "pages", mapping


def untitled_gold(site: str, page_id: str, source: Path) -> str:
    """The page's gold text without its first line when that line is the front matter title (the layout's)."""
    gold = (CORPORA / site / "gold" / f"{page_id}.txt").read_text(encoding="utf-8")
    title = _meta(source).get("title")
    first, _, rest = gold.partition("\n")
    if isinstance(title, str) and " ".join(title.split()) == " ".join(first.split()):
        return rest
    return gold


def score(golds: dict[str, str], bodies: dict[str, str], worst: int, label: str) -> dict:
    per_page = {pid: tp_fp_fn(gold, bodies.get(pid, "")) for pid, gold in golds.items() if gold.strip()}
    m = metrics(list(per_page.values()))
    m["pages_below_half"] = sorted(pid for pid, s in per_page.items() if _recall(*s) < 0.5)
    if worst:
        ranked = sorted(per_page.items(), key=lambda kv: _recall(*kv[1]) + _precision(*kv[1]))[:worst]
        for pid, s in ranked:
            print(f"  {label}/{pid}: P {_precision(*s):.3f} R {_recall(*s):.3f}", file=sys.stderr)
    return m


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", nargs="+", default=list(SITES), choices=SITES)
    parser.add_argument("--worst", type=int, default=0, help="list the audit's N worst source pages per site")
    parser.add_argument("--no-built", dest="built", action="store_false", help="score the sources only")
    parser.add_argument("--mirrors", type=Path, default=MIRRORS)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    rows, results = [], []
    for site in args.sites:
        pages, mapping = extract(site, args.mirrors)
        golds = {pid: untitled_gold(site, pid, pages / f"{pid}{Path(src).suffix}") for pid, src in mapping.items()}
        res = {"site": site, "pages": len(golds), "systems": {}}
        res["systems"]["audit (sources)"] = score(golds, audit_bodies(pages)[0], args.worst, f"{site} sources")
        if args.built:
            full = {pid: (CORPORA / site / "gold" / f"{pid}.txt").read_text(encoding="utf-8") for pid in golds}
            res["systems"]["audit (built)"] = score(full, audit_bodies(CORPORA / site / "pages")[0], 0, site)
        results.append(res)
        for name, m in res["systems"].items():
            rows.append(f"| {site} | {res['pages']} | {name} | {m['precision']:.4f} | {m['recall']:.4f} | "
                        f"{m['f1']:.4f} | {len(m['pages_below_half'])} |")
    print("| site | pages | system | precision | recall | F1 | pages < half |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
