"""What every real-site builder shares (`build.py`): a repository read at a pinned commit, the site's output folder
and manifest, and the gold text of HTML regions and Markdown."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "_corpora" / "sites"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Repo:
    """A git repository at a pinned commit, read through `git --git-dir`."""

    def __init__(self, name: str, commit: str, mirrors: Path):
        self.name, self.commit = name, commit
        git_dir = mirrors / name.replace("/", "+") / "repo"
        if not git_dir.exists():
            git_dir = OUT / "_src" / name.replace("/", "+")
            if not git_dir.exists():
                subprocess.run(["git", "clone", "--bare", f"https://github.com/{name}", str(git_dir)], check=True)
        self.git_dir = git_dir
        self.commit = self._git("rev-parse", f"{commit}^{{commit}}").decode().strip()  # the full hash

    def _git(self, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.git_dir), *args], check=True,
                              capture_output=True).stdout

    def show(self, path: str) -> bytes:
        return self._git("show", f"{self.commit}:{path}")

    def ls(self, path: str) -> list[str]:
        return self._git("ls-tree", "-r", "--name-only", self.commit, path).decode().splitlines()

    def archive(self, dest: Path) -> None:
        data = self._git("archive", "--format=tar", self.commit)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=data, check=True)


class Site:
    """A site's output folder (emptied), its pages and gold files, and its manifest (`meta`: the SITES entry)."""

    def __init__(self, key: str, meta: dict):
        self.key, self.meta = key, meta
        self.dir = OUT / key
        if self.dir.exists():
            shutil.rmtree(self.dir)
        (self.dir / "pages").mkdir(parents=True)
        (self.dir / "gold").mkdir()
        self.files: dict[str, str] = {}

    def page(self, name: str, data: bytes) -> None:
        path = self.dir / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[f"pages/{name}"] = sha256(data)

    def gold(self, page_id: str, text: str, folder: str = "gold") -> None:
        """The page's gold text, in `gold/` (a second gold, such as dragnet's `gold-comments/`, in a folder of its own)."""
        data = text.strip().encode("utf-8") + b"\n"
        path = self.dir / folder / f"{page_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[f"{folder}/{page_id}.txt"] = sha256(data)

    def finish(self, repo: Repo, **extra) -> None:
        manifest = {"site": self.key, **self.meta, "commit": repo.commit, **extra,
                    "pages": sum(1 for f in self.files if f.startswith("pages/")), "sha256": dict(sorted(self.files.items()))}
        (self.dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        print(f"{self.key}: {manifest['pages']} pages, commit {repo.commit[:12]} -> {self.dir}")


# ------------------------------------------------------------------ gold text from HTML regions and Markdown

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol", "dl", "dt", "dd",
              "blockquote", "pre", "section", "article", "figure", "figcaption", "caption", "br", "hr", "header",
              "footer", "main", "aside", "nav"}


def element_text(el) -> str:
    """The visible text of an lxml element, one line per block element, table cells separated by a space."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template", "svg"):
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in ("td", "th"):
            parts.append(" ")
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(el)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def markdown_text(markdown: str) -> str:
    """A Markdown body rendered to HTML (markdown-it-py, CommonMark + tables) and then to its visible text."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    if not rendered.strip():
        return ""
    return element_text(lxml_html.fromstring(f"<div>{rendered}</div>"))


FRONT_MATTER_RE = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)


def shown_title(front_matter: str, built: bytes) -> str:
    """The page's title (front matter `title`) when the built page shows it as a heading (h1-h6: the layout renders
    it as the article's heading, text the page's editor wrote and readers see); "" when the page does not show it
    (the question pages are HTML fragments without their title). The gold text of every site follows this rule:
    the journal's syndication region holds the article's h1 title; the single-page benchmark's ground truth has no
    title field (its articleBody is kept as published)."""
    import yaml
    from lxml import html as lxml_html

    meta = yaml.safe_load(front_matter.strip().strip("-")) if front_matter else None
    title = " ".join(str((meta or {}).get("title") or "").split())
    if not title or not built.strip():
        return ""
    headings = lxml_html.fromstring(built).xpath("//h1|//h2|//h3|//h4|//h5|//h6")
    return title if any(" ".join(h.text_content().split()) == title for h in headings) else ""


def letsencrypt_english_source(data: bytes, src: Path) -> None:
    """letsencrypt.org's source (`data`: a `git archive` tar of the repository, `static/` left out) unpacked into `src`,
    English only: the other languages' config files (`languages.<lang>.toml`, `menu.<lang>.toml`) and content folders
    removed (the sites benchmark and the terms set `letsencrypt-glossary` build the same English site)."""
    subprocess.run(["tar", "-x", "-C", str(src)], input=data, check=True)
    for config in (src / "config" / "_default").glob("*.toml"):
        lang = re.fullmatch(r"(?:languages|menu)\.(.+)\.toml", config.name)
        if lang and lang.group(1) != "en":
            config.unlink()
    for folder in (src / "content").iterdir():
        if folder.name != "en":
            shutil.rmtree(folder)
