"""The `testinglibrary` site (`build.py --sites testinglibrary --node PATH`): Testing Library's documentation
(testing-library.com) as Docusaurus builds it, a documentation site of a JavaScript generator (React, rendered on
the server into static HTML, then hydrated in the browser), the kind the set lacked.

The site is built from the pinned commit the way its `netlify.toml` deploys it, without the formatting step: the
npm registry's packages at the versions of the repository's `package-lock.json` (`npm ci`, dependencies only: the
devDependencies are its linters), then `docusaurus build` (Docusaurus 2.0.1). The build is run in a git clone of
the commit, not an archive, because the site shows each page's "Last updated on <date> by <author>" from git. Nothing
of the configuration is changed: its search (Algolia DocSearch) and analytics (gtag) need no network to build; they
only write a search button and a script tag into the pages. Node.js (Debian's `nodejs`, 18 or later; the repository's
`.node-version` says 16.14) and npm are tools of this benchmark, not dependencies of `audit`.

- **Pages**: every built documentation page (Docusaurus' `article` with its `div.theme-doc-markdown`) and every blog
  post (`article[itemprop=blogPost]` on a page of its own). Left out, each named with its reason in the manifest
  (`left_out`): the React pages of the site's own (home, help, users: no article element), the search and 404 pages
  (generated), the blog's index and archive (lists of posts).
- **Gold**: the text of the article's Markdown as readers see it (`sources.element_text`, the pypug rule: one line per
  block element): the title Docusaurus shows as the `h1`, headings, paragraphs, lists, tables (cells of a row on one
  line), code blocks (one line per line of code), admonitions with their title ("tip", "note"), collapsible blocks
  (`details`) with their summary, every tab of a tab set with its label (all in the page; the npm / Yarn tabs the
  site's `npm2yarn` plugin writes too). Not in it: what the article element holds around the Markdown, Docusaurus'
  page chrome (the breadcrumbs, the mobile "On this page" button, the footer's "Edit this page" and "Last updated
  on ... by ..."), the heading anchors (`a.hash-link`, a zero-width space), the code blocks' copy buttons (icons);
  on a blog post, its date, reading time and author line.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sources import Repo, Site, element_text

TESTINGLIBRARY = {
    "repo": "testing-library/testing-library-docs",
    "commit": "1f5508a6e89b98f2a00d2c4b6ee25652de5d0391",
    "licence": "MIT (the repository's LICENSE and package.json; Alex Krolick and contributors)",
    "what": "Testing Library's documentation (testing-library.com), a documentation site built by Docusaurus 2.0.1 "
            "(npm ci of the repository's package-lock.json, dependencies only; then docusaurus build, in a git clone "
            "for the pages' last-updated lines): every documentation page and blog post",
    "gold": "the text of the article's Markdown (div.theme-doc-markdown; a blog post's h1 title and its articleBody) "
            "as readers see it, one line per block element: the title shown as the h1, headings, paragraphs, lists, "
            "tables, code blocks, admonitions with their title, collapsible blocks with their summary, every tab of a "
            "tab set with its label; not the breadcrumbs, the 'On this page' button, 'Edit this page', the "
            "last-updated line, heading anchors or copy buttons",
}
MISSING = ("testinglibrary: needs Node.js (18 or later) and npm, and the npm registry for the site's locked packages: "
           "apt-get install nodejs npm; then --node /usr/bin/node")
# Block-like elements `sources.element_text` does not know: a collapsible block and its summary.
AS_LINES = ("summary", "details")
CLASS = 'contains(concat(" ", normalize-space(@class), " "), " {} ")'


def node_paths(given: str | None) -> tuple[str, str]:
    """The node to run (given, else on PATH) and the npm beside it (else on PATH), or exit with one line."""
    node = given if given and Path(given).is_file() else (None if given else shutil.which("node"))
    npm = None
    if node:
        beside = Path(node).with_name("npm")
        npm = str(beside) if beside.is_file() else shutil.which("npm")
    if not node or not npm:
        sys.exit(MISSING)
    return node, npm


def markdown_text(region) -> str:
    """The gold text of an article's Markdown region (modified in place)."""
    for el in region.xpath(f'.//a[{CLASS.format("hash-link")}] | .//button'):
        el.drop_tree()
    for el in region.iter(*AS_LINES):
        el.tag = "div"
    return element_text(region)


def page_gold(doc) -> str | None:
    """A documentation page's or blog post's gold text, or None for a page without one article."""
    region = doc.xpath(f'//article//div[{CLASS.format("theme-doc-markdown")}]')
    if len(region) == 1:
        return markdown_text(region[0])
    posts = doc.xpath('//article[@itemprop="blogPost"]')
    if len(posts) == 1:
        title = posts[0].xpath('./header/h1')
        body = posts[0].xpath('./div[@itemprop="articleBody"]')
        if len(title) == 1 and len(body) == 1:
            return element_text(title[0]) + "\n" + markdown_text(body[0])
    return None


def build_testinglibrary(meta: dict, mirrors: Path, node: str | None) -> None:
    from lxml import html as lxml_html

    node, npm = node_paths(node)
    repo = Repo(meta["repo"], meta["commit"], mirrors)
    site = Site("testinglibrary", meta)
    parser = lxml_html.HTMLParser(encoding="utf-8")
    left_out: dict[str, str] = {}
    env = {**os.environ, "TZ": "UTC", "PATH": f"{Path(node).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    node_version = subprocess.run([node, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    # A fixed folder, not a random one: webpack writes the source folder's path into the script bundles, whose
    # hashes name them in every page; built in the same folder, the pages are byte-identical on rebuild.
    tmp = Path(tempfile.gettempdir()) / "audit-sites-testinglibrary"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        src, built = tmp / "src", tmp / "build"
        subprocess.run(["git", "clone", "-q", "--no-checkout", "--shared", str(repo.git_dir), str(src)], check=True)
        subprocess.run(["git", "-C", str(src), "checkout", "-q", repo.commit], check=True)
        subprocess.run([npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=src, env=env, check=True)
        cli = src / "node_modules" / "@docusaurus" / "core" / "bin" / "docusaurus.mjs"
        done = subprocess.run([node, str(cli), "build", "--out-dir", str(built)], cwd=src, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"testinglibrary: docusaurus build failed (node {node_version}):\n{done.stderr[-2000:]}")
        version = (src / "node_modules" / "@docusaurus" / "core" / "package.json").read_text(encoding="utf-8")
        version = version.split('"version": "', 1)[1].split('"', 1)[0]
        for path in sorted(built.rglob("*.html")):
            rel = path.relative_to(built).as_posix()
            page_id = rel[:-len(".html")]
            page_id = page_id[:-len("/index")] if page_id.endswith("/index") else page_id
            raw = path.read_bytes()
            gold = page_gold(lxml_html.document_fromstring(raw, parser=parser))
            if gold is None:
                left_out[page_id] = ("generated page" if page_id in ("404", "search") else
                                     "a list of blog posts" if page_id.startswith("blog") else
                                     "a React page of the site's own, no article element")
                continue
            page_id = page_id.replace("/", "__")
            site.page(f"{page_id}.html", raw)
            site.gold(page_id, gold)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    site.finish(repo, built_with=f"Docusaurus {version} (the repository's package-lock.json), node {node_version}",
                left_out=left_out)
