"""Build the real-site development set into the git-ignored `benchmarks/_corpora/sites/`.

Each site is rebuilt from a public git repository at a pinned commit: its pages (HTML, or text) and, where the source
gives it, each page's gold article text. A manifest per site records the repository, commit, licence and the sha256
of every page and gold file, so a rebuild can be checked byte for byte.

    .venv/bin/python benchmarks/sites/build.py                 # every site
    .venv/bin/python benchmarks/sites/build.py --sites journal  # one site

Repositories are read from bare mirrors (`--mirrors`, default /work/.mirror/<owner>+<name>/repo) or cloned from
GitHub into `_corpora/sites/_src/` when no mirror is there. The Jekyll sites (HealthCare.gov, the Content Guide,
plainlanguage.gov) are built with Debian's `jekyll` (`apt-get install jekyll`), letsencrypt.org with Debian's `hugo`
(`apt-get install hugo`), the Python Packaging User Guide with Sphinx in a venv outside the project (`--sphinx-build`,
`pypug_site.py`), Starlette's documentation with MkDocs in one (`--mkdocs`, `starlette_site.py`), Testing Library's
with Docusaurus (`--node`: Node.js and npm, `docusaurus_site.py`); Dragnet's pages are data, not built
(`dragnet_site.py`). Shared parts (repository, output folder, gold text) are in `sources.py`.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pypug_site import PYPUG, build_pypug
from starlette_site import STARLETTE, build_starlette
from docusaurus_site import TESTINGLIBRARY, build_testinglibrary
from dragnet_site import DRAGNET, build_dragnet
from sources import FRONT_MATTER_RE, OUT, Repo, Site, element_text, letsencrypt_english_source, markdown_text, sha256, \
    shown_title

SITES = {
    "journal": {
        "repo": "cmheilig/harvest-cdc-journals",
        "commit": "4e8fe93",
        "licence": "CC0 1.0 (repository); CDC content is US-government public domain",
        "what": "Preventing Chronic Disease 2024: 104 raw cdc.gov pages (html-mirrors/pcd_2024.zip)",
        "gold": "the page's own syndication region (div.syndicate: the article as CDC publishes it for embedding), "
                "minus its in-page navigation ('On This Page', 'Top' links) and screen-reader-only labels",
    },
    "healthcare": {
        "repo": "blencorp/HealthCare.gov-Open-Source-Release",
        "commit": "d48aad6",
        "licence": "Public Domain Mark 1.0 (CMS: 'free of known copyright restrictions')",
        "what": "HealthCare.gov's Jekyll site, English glossary, articles and questions built with Debian's jekyll",
        "gold": "each page's Markdown body (front matter removed) rendered to text with markdown-it-py, after the page's "
                "title (front matter `title`) when the built page shows it as a heading (h1-h6)",
    },
    "contentguide": {
        "repo": "18F/content-guide",
        "commit": "1b1723d",
        "theme_repo": "18F/uswds-jekyll",
        "theme_commit": "v5.4.0",
        "licence": "CC0 1.0 / US-government public domain (18F, GSA); theme uswds-jekyll CC0 1.0",
        "what": "18F Content Guide, Jekyll site built with Debian's jekyll and its theme uswds-jekyll 5.4.0 (the "
                "version its Gemfile.lock pins, read from the theme's repository): every content page",
        "gold": "each page's Markdown body (front matter removed) rendered to text with markdown-it-py, after the page's "
                "title when the built page shows it as a heading (h1-h6)",
    },
    "plainlanguage": {
        "repo": "GSA/plainlanguage.gov",
        "commit": "4323077",
        "theme_repo": "18F/uswds-jekyll",
        "theme_commit": "v1.4.1",
        "licence": "CC0 1.0 / US-government public domain (GSA, PLAIN); theme uswds-jekyll CC0 1.0",
        "what": "plainlanguage.gov (the federal Plain Language Action and Information Network's guidelines, "
                "examples and articles), Jekyll site built with Debian's jekyll, the theme includes it lacks from "
                "uswds-jekyll 1.4.1 (the version its Gemfile pins), plugins off: every page of its `pages` collection",
        "gold": "the page's title when the built page shows it as a heading, then its own text as Jekyll renders it "
                "(Liquid and kramdown, the site's own renderer) in a layout of the article column's page text only: "
                "the front matter intro, the Markdown body, the resources and sources lists; not the breadcrumbs, "
                "side navigation, pagination or the index pages' generated lists of child pages",
    },
    "letsencrypt": {
        "repo": "letsencrypt/website",
        "commit": "d7de4d81",
        # the site's own fix of its two glossary shortcodes ("Fix #1840. Restore glossary page rendering", February
        # 2025): at `commit` they declare the legacy shortcode version 1, which Hugo 0.111 renders as an empty page
        "shortcodes_commit": "7a25b4313508d4e6af8b7bea523e22bc228c413c",
        "licence": "MPL 2.0 (the repository's LICENSE.txt; no other licence stated for its content; ISRG)",
        "what": "letsencrypt.org (Let's Encrypt, the non-profit certificate authority of ISRG): its documentation, "
                "blog posts and pages, Hugo site built with Debian's hugo (its own layouts, no theme; English only, "
                "static files left out): every English page written in Markdown (not the HTML legal documents)",
        "gold": "the page's title when the built page shows it as a heading, then its own text as Hugo renders it "
                "(Markdown, shortcodes and render hooks: the site's own renderer) in a layout of the page content only "
                "(no hero image, header, menu, post date and author line, language list or footer)",
    },
    "aeb": {
        "repo": "scrapinghub/article-extraction-benchmark",
        "commit": "4a3bc97",
        "licence": "MIT (benchmark; the pages are third-party news pages kept for evaluation)",
        "what": "181 single news/blog pages with ground-truth article bodies (single-page benchmark)",
        "gold": "ground-truth.json articleBody",
    },
    "readability": {
        "repo": "mozilla/readability",
        "commit": "ab4027a8b37669745016869a37a504727992b2ba",
        "licence": "Apache 2.0 (Readability.js and its tests); the test pages are copies of third-party publishers' "
                   "pages kept for evaluation",
        "what": "Mozilla Readability's test pages (test/test-pages/<name>/source.html): single news, blog and "
                "documentation pages, most from a different site; left out: Readability's own feature tests "
                "(placeholder text or under 5 kB), pages not in English (the audit's English test on the gold), a "
                "second capture of an article already in the set (same expected.html)",
        "gold": "the text of Readability.js's article for the page (expected.html), one line per block element "
                "(Readability's output, not a human's: it keeps image captions and bylines it finds in the article, "
                "and drops what it scores as page furniture)",
    },
    "pypug": PYPUG,
    "starlette": STARLETTE,
    "testinglibrary": TESTINGLIBRARY,
    "dragnet": DRAGNET,
    "clough": {
        "repo": "udacity/ML_SageMaker_Studies",
        "commit": "247648cb5793b57fa1677af6f3fadbb789b647f7",
        "licence": "MIT (repository); corpus by Clough & Stevenson, University of Sheffield, for research use",
        "what": "Corpus of plagiarised short answers (Clough & Stevenson 2011): 95 answers + 5 Wikipedia sources, "
                "plain text",
        "gold": "the whole file (each page is one answer: no template)",
    },
}


# ------------------------------------------------------------------ the sites

def build_journal(repo: Repo) -> None:
    from lxml import html as lxml_html

    site = Site("journal", SITES["journal"])
    archive = repo.show("html-mirrors/pcd_2024.zip")
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith("pcd/issues/2024/") and n.endswith(".htm"))
        for name in names:
            data = zf.read(name)
            page_id = Path(name).stem
            site.page(f"{page_id}.htm", data)
            tree = lxml_html.fromstring(data)
            regions = [el for el in tree.xpath('//div[contains(concat(" ", @class, " "), " syndicate ")]')
                       if not el.xpath('ancestor::div[contains(concat(" ", @class, " "), " syndicate ")]')]
            for region in regions:
                for el in region.xpath('.//p[contains(@class, "float-right")] | .//*[contains(@class, "sr-only")]'
                                       ' | .//*[contains(@class, "list-group")]/ancestor-or-self::div[contains(@class, "card")][1]'
                                       ' | .//nav | .//button'):
                    if el.getparent() is not None:
                        el.drop_tree()
            site.gold(page_id, "\n".join(element_text(r) for r in regions))
    site.finish(repo, archive_sha256=sha256(archive))


def build_healthcare(repo: Repo) -> None:
    """Build the Jekyll site (old Jekyll 1.x site: Gemfile moved aside, custom plugins off, kramdown, Liquid `x.[y]`
    rewritten to `x[y]`, the translation posts renamed .yml -> .md), keep the English glossary, article and question pages, gold from their Markdown."""
    if shutil.which("jekyll") is None:
        sys.exit("healthcare: needs Debian's jekyll (apt-get install jekyll)")
    site = Site("healthcare", SITES["healthcare"])
    sections = ("glossary", "articles", "questions")
    with tempfile.TemporaryDirectory() as tmp:
        src, dest = Path(tmp) / "src", Path(tmp) / "site"
        src.mkdir()
        repo.archive(src)
        for name in ("Gemfile", "Gemfile.lock"):
            if (src / name).exists():
                (src / name).rename(Path(tmp) / name)
        shutil.rmtree(src / "_plugins", ignore_errors=True)
        for path in list(src.rglob("*.html")) + list(src.rglob("*.md")) + list(src.rglob("*.json")):
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            fixed = re.sub(r"(\w)\.\[", r"\1[", text)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8", errors="surrogateescape")
        for data_post in src.glob("_posts/site-translations/*.yml"):  # the template's strings: Jekyll 4 reads
            data_post.rename(data_post.with_suffix(".md"))              # posts by their Markdown extension only
        keep = [f"_posts/{s}/" for s in sections] + ["_posts/site-translations/"]
        for post in src.glob("_posts/**/*.md"):  # build only the English pages the set uses (fast, fewer plugins)
            rel = post.relative_to(src).as_posix()
            if not any(rel.startswith(k) for k in keep) or "/es/" in rel:
                post.unlink()
        (src / "_config_build.yml").write_text("markdown: kramdown\nsafe: false\nfuture: true\n")
        run = subprocess.run(["jekyll", "build", "--source", str(src), "--destination", str(dest),
                              "--config", f"{src / '_config.yml'},{src / '_config_build.yml'}"],
                             capture_output=True, text=True)
        if run.returncode:
            sys.exit(f"healthcare: jekyll build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        for post in sorted(p for s in sections for p in src.glob(f"_posts/{s}/*.md")):
            raw = post.read_text(encoding="utf-8")
            m = FRONT_MATTER_RE.match(raw)
            body = raw[m.end():] if m else raw
            slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem)
            section = post.parent.name
            # permalink /:categories/:title: glossary pages under glossary/, articles and questions at the root
            # (or under the category in their front matter, e.g. question/)
            built = next((p for p in (dest / section / f"{slug}.html", dest / f"{slug}.html") if p.exists()), None)
            if built is None:
                found = sorted((p for p in dest.rglob(f"{slug}.html") if "es" not in p.relative_to(dest).parts),
                               key=lambda p: (len(p.parts), p.as_posix()))
                built = found[0] if found else None
            if built is None:
                print(f"healthcare: no built page for {post.relative_to(src)}", file=sys.stderr)
                continue
            page_id = f"{section}/{slug}"
            data = built.read_bytes()
            site.page(f"{page_id}.html", data)
            title = shown_title(m.group(0) if m else "", data)
            site.gold(page_id, (title + "\n" if title else "") + markdown_text(body))
        jekyll = subprocess.run(["jekyll", "--version"], capture_output=True, text=True).stdout.strip()
    site.finish(repo, built_with=jekyll)


def build_aeb(repo: Repo) -> None:
    site = Site("aeb", SITES["aeb"])
    truth = json.loads(repo.show("ground-truth.json"))
    for path in repo.ls("html"):
        page_id = Path(path).name.split(".")[0]
        if page_id not in truth:
            continue
        site.page(f"{page_id}.html", gzip.decompress(repo.show(path)))
        site.gold(page_id, truth[page_id].get("articleBody") or "")
    site.finish(repo)


READABILITY_MIN_BYTES = 5000  # under this a test page is a feature test (the smallest publisher's page is 10 kB)


def build_readability(repo: Repo) -> None:
    """Mozilla Readability's test pages: `source.html` the page, the text of `expected.html` (Readability.js's
    article) its gold. Left out, each listed in the manifest with its reason: Readability's own feature tests (the
    page holds placeholder text, "lorem ipsum", or is under `READABILITY_MIN_BYTES`), pages whose gold is not English
    (the audit's own test: common English words under `min_english_stopword_share` of its words, the pages it notes
    "may not be English"), and a second capture of an article already in the set (the same expected.html)."""
    from lxml import html as lxml_html

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from audit.config import LoadSettings
    from audit.ingest.load import english_share

    site = Site("readability", SITES["readability"])
    left_out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for folder in sorted({p.rsplit("/", 1)[0] for p in repo.ls("test/test-pages")}):
        name = folder.rsplit("/", 1)[1]
        source, expected = repo.show(f"{folder}/source.html"), repo.show(f"{folder}/expected.html")
        text = element_text(lxml_html.fromstring(expected.decode("utf-8")))
        share = english_share(text.splitlines())
        if len(source) < READABILITY_MIN_BYTES or b"lorem ipsum" in source.lower():
            left_out[name] = "feature test (placeholder text or under 5 kB)"
        elif share is None or share < LoadSettings().min_english_stopword_share:
            left_out[name] = f"not English ({0 if share is None else share:.0%} common English words)"
        elif sha256(expected) in seen:
            left_out[name] = f"second capture of {seen[sha256(expected)]} (same expected.html)"
        else:
            seen[sha256(expected)] = name
            site.page(f"{name}.html", source)
            site.gold(name, text)
    site.finish(repo, left_out=left_out)


def build_clough(repo: Repo) -> None:
    site = Site("clough", SITES["clough"])
    for path in repo.ls("Project_Plagiarism_Detection/data"):
        if not path.endswith(".txt"):
            continue
        data = repo.show(path)
        page_id = Path(path).stem
        site.page(f"{page_id}.txt", data)
        site.gold(page_id, data.decode("utf-8", errors="replace"))
    info = repo.show("Project_Plagiarism_Detection/data/file_information.csv")
    (site.dir / "file_information.csv").write_bytes(info)
    site.finish(repo)


def _overlay_theme(theme: Repo, theme_src: Path, src: Path, without_search: bool = False) -> None:
    """The gem theme made local, for a Jekyll site built without its gems: the theme's layouts, includes and data
    that the site's source `src` lacks copied in from its repository (archived into `theme_src`; Jekyll reads a site's
    own files before a gem theme's, so the site's overrides win), the Gemfiles removed and the `theme:` and
    `plugins:` settings taken out of `_config.yml`. `without_search`: the search plugin's tags removed from the
    copied files (a script loader, no text; the plugin is off)."""
    theme.archive(theme_src)
    for folder in ("_layouts", "_includes", "_data"):
        for path in (theme_src / folder).rglob("*"):
            target = src / path.relative_to(theme_src)
            if path.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                if without_search:
                    text = re.sub(r"{%\s*jekyll_pages_api_search_\w+\s*%}", "", path.read_text(encoding="utf-8"))
                    target.write_text(text, encoding="utf-8")
                else:
                    shutil.copy(path, target)
    for name in ("Gemfile", "Gemfile.lock"):
        (src / name).unlink(missing_ok=True)
    config = (src / "_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^theme:.*$", "", config)
    config = re.sub(r"(?m)^plugins:\n(?:  - .*\n)+", "", config)
    (src / "_config.yml").write_text(config, encoding="utf-8")


def build_contentguide(repo: Repo) -> None:
    """Build the 18F Content Guide (Jekyll 4, theme `uswds-jekyll`): the theme's layouts, includes and data are
    copied from its repository at the version the site's Gemfile.lock pins (Jekyll reads a site's own files before a
    gem theme's, so the site's overrides win), styles and plugins left out (text only); gold from each Markdown page."""
    if shutil.which("jekyll") is None:
        sys.exit("contentguide: needs Debian's jekyll (apt-get install jekyll)")
    meta = SITES["contentguide"]
    theme = Repo(meta["theme_repo"], meta["theme_commit"], repo.git_dir.parent.parent)
    site = Site("contentguide", SITES["contentguide"])
    with tempfile.TemporaryDirectory() as tmp:
        src, dest, theme_src = Path(tmp) / "src", Path(tmp) / "site", Path(tmp) / "theme"
        src.mkdir()
        theme_src.mkdir()
        repo.archive(src)
        _overlay_theme(theme, theme_src, src)
        shutil.rmtree(src / "_pages" / "redirects", ignore_errors=True)  # redirect stubs (jekyll-redirect-from)
        for folder in ("_sass", "assets", "site"):  # styles and an old build: not pages
            shutil.rmtree(src / folder, ignore_errors=True)
        run = subprocess.run(["jekyll", "build", "--source", str(src), "--destination", str(dest)],
                             capture_output=True, text=True)
        if run.returncode:
            sys.exit(f"contentguide: jekyll build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        sources = sorted([src / "index.md", *(src / "_pages").rglob("*.md")])
        for md in sources:
            raw = md.read_text(encoding="utf-8")
            m = FRONT_MATTER_RE.match(raw)
            permalink = re.search(r"(?m)^permalink:\s*['\"]?([^'\"\s]+)", m.group(0)) if m else None
            if permalink is None:
                continue
            url = permalink.group(1).strip("/")
            built = dest / url / "index.html" if url else dest / "index.html"
            if not built.exists():
                print(f"contentguide: no built page for {md.relative_to(src)}", file=sys.stderr)
                continue
            page_id = url or "index"
            data = built.read_bytes()
            site.page(f"{page_id}.html", data)
            title = shown_title(m.group(0), data)
            site.gold(page_id, (title + "\n" if title else "") + markdown_text(raw[m.end():]))
        jekyll = subprocess.run(["jekyll", "--version"], capture_output=True, text=True).stdout.strip()
    site.finish(repo, built_with=jekyll, theme=f"{meta['theme_repo']}@{theme.commit}")


# The gold layout (plainlanguage): the docs layout's page text (`_layouts/docs.html` of the site) without its frame;
# the title is added by `shown_title`. A marker names the source file.
GOLD_LAYOUT = """<!-- source: {{ page.path }} -->
{% if page.intro %}<p>{{ page.intro }}</p>{% endif %}
{{ content }}
{% if page.resources %}{% include resources.html %}{% endif %}
{% if page.sources %}{% include sources.html %}{% endif %}
"""


def build_plainlanguage(repo: Repo) -> None:
    """Build plainlanguage.gov twice with Debian's jekyll: as published (its layouts, the theme's includes it lacks
    copied from uswds-jekyll at the version its Gemfile pins, plugins and styles off, the media files it links to
    as empty files: the mirror holds no large files) and with every layout replaced by `GOLD_LAYOUT`, whose output
    is the gold text."""
    if shutil.which("jekyll") is None:
        sys.exit("plainlanguage: needs Debian's jekyll (apt-get install jekyll)")
    meta = SITES["plainlanguage"]
    theme = Repo(meta["theme_repo"], meta["theme_commit"], repo.git_dir.parent.parent)
    site = Site("plainlanguage", SITES["plainlanguage"])
    with tempfile.TemporaryDirectory() as tmp:
        src, theme_src = Path(tmp) / "src", Path(tmp) / "theme"
        src.mkdir()
        theme_src.mkdir()
        data = repo._git("archive", "--format=tar", repo.commit, "--", ".", ":!media", ":!assets")
        subprocess.run(["tar", "-x", "-C", str(src)], input=data, check=True)
        for static in repo.ls("media") + repo.ls("assets"):  # linked with {% link %}: must exist, not read
            (src / static).parent.mkdir(parents=True, exist_ok=True)
            (src / static).touch()
        _overlay_theme(theme, theme_src, src, without_search=True)
        shutil.rmtree(src / "_plugins", ignore_errors=True)
        shutil.rmtree(src / "_sass", ignore_errors=True)
        def gold_layouts() -> None:
            for layout in (src / "_layouts").glob("*.html"):
                layout.write_text(GOLD_LAYOUT, encoding="utf-8")

        built, gold_built = _build_twice("plainlanguage", ["jekyll", "build", "--source", str(src), "--destination"],
                                         Path(tmp), gold_layouts)
        from lxml import html as lxml_html

        for gold_page in sorted(gold_built.rglob("*.html")):
            rel = gold_page.relative_to(gold_built)
            raw = gold_page.read_text(encoding="utf-8")
            source = re.match(r"<!-- source: (\S+) -->", raw)
            if source is None or not source.group(1).startswith("_pages/") or rel.name == "404.html":
                continue
            md = (src / source.group(1)).read_text(encoding="utf-8")
            m = FRONT_MATTER_RE.match(md)
            page_id = rel.parent.as_posix() if rel.name == "index.html" and rel.parent.parts else rel.stem
            page_id = page_id.replace("/", "__") if page_id != "." else "index"
            data = (built / rel).read_bytes()
            site.page(f"{page_id}.html", data)
            title = shown_title(m.group(0) if m else "", data)
            text = element_text(lxml_html.fromstring(f"<div>{raw[source.end():]}</div>"))
            site.gold(page_id, (title + "\n" if title else "") + text)
        jekyll = subprocess.run(["jekyll", "--version"], capture_output=True, text=True).stdout.strip()
    site.finish(repo, built_with=jekyll, theme=f"{meta['theme_repo']}@{theme.commit}")


def _build_twice(name: str, command: list[str], tmp: Path, gold_layouts) -> tuple[Path, Path]:
    """A static site built twice by `command` (its generator's command line, the destination folder last): as
    published into `tmp/site`, then, after `gold_layouts()` has replaced its layouts by the article-only ones, into
    `tmp/gold`. One clear line and exit when the generator fails."""
    built, gold_built = tmp / "site", tmp / "gold"
    for dest in (built, gold_built):
        if dest is gold_built:
            gold_layouts()
        run = subprocess.run([*command, str(dest)], capture_output=True, text=True)
        if run.returncode:
            sys.exit(f"{name}: {command[0]} build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return built, gold_built


# The gold layout (letsencrypt): every page and list layout replaced by the page's rendered content alone (the title
# is added by `shown_title`); a marker names the source file (an element: Go templates drop HTML comments).
HUGO_GOLD_LAYOUT = """{{ define "main" }}<meta name="source" content="{{ with .File }}{{ .Path }}{{ end }}">
{{ .Content }}{{ end }}"""


# The glossary's two shortcodes, taken from the site's fix (`shortcodes_commit`); nothing else of that commit.
LETSENCRYPT_SHORTCODES = ("layouts/shortcodes/def.html", "layouts/shortcodes/renderglossary.html")


def build_letsencrypt(repo: Repo) -> None:
    """Build letsencrypt.org twice with Debian's hugo (0.111, the Hugo of early 2023; the pinned commit is the site
    of March 2023, which builds with it): as published (its own layouts, English only: the other languages' content
    and config removed; `static/`, images and fonts the mirror lacks, left out) and with the `_default` and `post`
    layouts replaced by `HUGO_GOLD_LAYOUT`, whose output is the gold text. Pages: every English page whose source is
    Markdown (`.md`, `.markdown`), not the `documents/` section (HTML legal texts and PDFs). The glossary's two
    shortcodes (`LETSENCRYPT_SHORTCODES`) are the site's own fix of them (`shortcodes_commit`, as the terms set
    `letsencrypt-glossary` builds them): at the pinned commit Hugo 0.111 renders the glossary page empty."""
    if shutil.which("hugo") is None:
        sys.exit("letsencrypt: needs Debian's hugo (apt-get install hugo)")
    site = Site("letsencrypt", SITES["letsencrypt"])
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        letsencrypt_english_source(repo._git("archive", "--format=tar", repo.commit, "--", ".", ":!static"), src)
        fix = repo._git("rev-parse", f"{SITES['letsencrypt']['shortcodes_commit']}^{{commit}}").decode().strip()
        for path in LETSENCRYPT_SHORTCODES:  # (the glossary's definitions, as the terms set builds them)
            (src / path).write_bytes(repo._git("show", f"{fix}:{path}"))

        def gold_layouts() -> None:
            for kind in ("_default", "post"):
                (src / "layouts" / kind / "baseof.html").write_text('{{ block "main" . }}{{ end }}', encoding="utf-8")
                for name in ("single.html", "list.html"):
                    (src / "layouts" / kind / name).write_text(HUGO_GOLD_LAYOUT, encoding="utf-8")

        built, gold_built = _build_twice("letsencrypt", ["hugo", "--quiet", "--source", str(src), "--destination"],
                                         Path(tmp), gold_layouts)
        from lxml import html as lxml_html

        for gold_page in sorted(gold_built.rglob("*.html")):
            rel = gold_page.relative_to(gold_built)
            raw = gold_page.read_text(encoding="utf-8")
            source = re.match(r'<meta name="source" content="(\S+)">', raw)
            if source is None or not source.group(1).endswith((".md", ".markdown")) \
                    or source.group(1).startswith("documents/"):
                continue
            md = (src / "content" / "en" / source.group(1)).read_text(encoding="utf-8")
            m = FRONT_MATTER_RE.match(md)
            page_id = rel.with_suffix("").as_posix()
            page_id = page_id[:-len("/index")] if page_id.endswith("/index") else page_id
            page_id = page_id.replace("/", "__") if page_id != "index" else "index"
            data = (built / rel).read_bytes()
            site.page(f"{page_id}.html", data)
            title = shown_title(m.group(0) if m else "", data)
            text = element_text(lxml_html.fromstring(f"<div>{raw[source.end():]}</div>"))
            site.gold(page_id, (title + "\n" if title else "") + text)
        hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    site.finish(repo, built_with=hugo, shortcodes_commit=fix)


BUILDERS = {"journal": build_journal, "plainlanguage": build_plainlanguage, "healthcare": build_healthcare,
            "contentguide": build_contentguide, "letsencrypt": build_letsencrypt, "aeb": build_aeb,
            "readability": build_readability, "clough": build_clough}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", nargs="+", choices=sorted(SITES), default=list(SITES))
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--sphinx-build", help="pypug: the sphinx-build of a venv outside the project with the guide's "
                                               "requirements (benchmarks/terms/build_pypug.py says how)")
    parser.add_argument("--mkdocs", help="starlette: the mkdocs of a venv outside the project with the repository's pins")
    parser.add_argument("--node", help="testinglibrary: Node.js, npm beside it (apt-get install nodejs npm)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    tools = {"pypug": (build_pypug, args.sphinx_build), "starlette": (build_starlette, args.mkdocs),
             "testinglibrary": (build_testinglibrary, args.node), "dragnet": (build_dragnet, None)}
    for key in args.sites:
        meta = SITES[key]
        if key in tools:
            tools[key][0](meta, args.mirrors, tools[key][1])
            continue
        BUILDERS[key](Repo(meta["repo"], meta["commit"], args.mirrors))


if __name__ == "__main__":
    main()
