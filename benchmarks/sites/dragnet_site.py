"""The `dragnet` set (`build.py --sites dragnet`): Dragnet's 1,381 real pages from many sites, news and blog pages
collected in 2012 by Moz (Kohlschütter-style: one article page each, most of them with a comment section), with the
main content people copied out of each page in a browser with scripts off (`Corrected/X.html.corrected.txt`).

- **Source**: `seomoz/dragnet_data` at `DRAGNET["commit"]`: `dragnet_Corrected.tar.gz` (the gold), `training.txt` /
  `test.txt` (the published split's file roots) and `dragnet_HTML.tar.gz` (the pages). The pages' tarball is over
  4 MiB; where the mirror lacks it (a partial clone), the pages are read from `j-szulc/html-cleaning-dataset-merged`
  at `DRAGNET["pages_commit"]`, a copy of the same data (`dragnet_data/input/X.html`), which the build checks: every
  one of its 1,381 gold files (`dragnet_data/GoldStandard/X.txt`) must be byte-identical to Moz's `Corrected` file,
  or the build stops. Where Moz's tarball is there, its pages are compared with the copy's too.
- **Pages**: `pages/<split>/X.html` (`test` 415, `training` 966; `unsplit` for a root in neither list: none), the bytes as
  published. The audit's loader decodes them by its own rule (`audit.ingest.load.decode`: a byte-order mark, strict
  UTF-8, then cp1252 or the detected charset, with a note in pages.csv).
- **Gold** (`gold/<split>/X.txt`): the article, the text before the comments marker (the README's
  `!@#$%^&*()  COMMENTS` line, typed by hand: `COMMENTS_RE` reads its variants too, 424 of the 1,381 files have one),
  decoded by the same rule as the pages (the gold files are UTF-8, UTF-16 or cp1252). The audit audits articles, and
  trafilatura's own evaluation of such sets scores the article without its comments. `gold-comments/` holds the
  whole file (the marker line taken out), scored as a second row by `score.py`.
- **Licence**: the data is AGPL-3.0 (Moz's README). The set is built into the git-ignored `benchmarks/_corpora/` and
  only its scores are published: no page, gold text or excerpt of it is in the repository (fixtures included).
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

from sources import Repo, Site, sha256

DRAGNET = {
    "repo": "seomoz/dragnet_data",
    "commit": "95559be",
    "pages_repo": "j-szulc/html-cleaning-dataset-merged",
    "pages_commit": "46e01a0",
    "licence": "AGPL-3.0 (the data, per the repository's README and LICENSE; Moz, collected in 2012 by Kurtis "
               "Bohrnstedt): built into the git-ignored _corpora only, scores published, no page or excerpt "
               "in the repository",
    "what": "Dragnet's content extraction data: 1,381 real news and blog pages from many sites (2012), the "
            "published training/test split as folders (pages/test, pages/training, pages/unsplit)",
    "gold": "the Corrected file's article: the text before the comments marker ('!@#$%^&*()  COMMENTS' and its "
            "hand-typed variants), decoded by the audit loader's rule; gold-comments: the whole file, the marker "
            "line taken out",
}

# the marker, typed by hand: "!@#$%^&*()  COMMENTS" and its variants ("!@ $%^&*()  COMMENTS", "@#$%^&*() COMMENTS",
# "!@#$%^&*()  COMMNENTS", "!@#$%^&*()  CORRECTED", the symbols alone): a line of those symbols holding "$%^&",
# then a capitalised word or nothing
COMMENTS_RE = re.compile(r"(?m)^[ \t]*[!@#$%^&*() \t]*\$%\^&[!@#$%^&*() \t]*(?:[A-Z]+)?[ \t\r]*$")


def article_and_comments(text: str) -> tuple[str, str]:
    """The gold article (before the first comments marker line) and the whole text without the marker lines."""
    parts = COMMENTS_RE.split(text)
    return parts[0], "\n".join(parts)


def _tar_members(data: bytes, folder: str, suffix: str) -> dict[str, bytes]:
    """{file root: bytes} of a tarball's (gzipped or not) regular files `folder/X<suffix>`."""
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("./")
            if member.isfile() and name.startswith(f"{folder}/") and name.endswith(suffix):
                out[name[len(folder) + 1:-len(suffix)]] = tar.extractfile(member).read()
    return out


def _has(repo: Repo, path: str) -> bool:
    """Whether the mirror holds the blob at `path` (a partial clone lists large files it lacks)."""
    run = subprocess.run(["git", "--git-dir", str(repo.git_dir), "cat-file", "-e", f"{repo.commit}:{path}"],
                         capture_output=True)
    return run.returncode == 0


def build_dragnet(meta: dict, mirrors: Path, _tool: str | None = None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from audit.ingest.load import decode

    repo = Repo(meta["repo"], meta["commit"], mirrors)
    gold = _tar_members(repo.show("dragnet_Corrected.tar.gz"), "Corrected", ".html.corrected.txt")
    copy = Repo(meta["pages_repo"], meta["pages_commit"], mirrors)
    archive = copy._git("archive", "--format=tar", copy.commit, "dragnet_data/input", "dragnet_data/GoldStandard")
    pages = _tar_members(archive, "dragnet_data/input", ".html")
    copy_gold = _tar_members(archive, "dragnet_data/GoldStandard", ".txt")
    mismatched = [root for root in gold if copy_gold.get(root) != gold[root] or root not in pages]
    if mismatched:
        sys.exit(f"dragnet: {meta['pages_repo']}'s gold differs from {meta['repo']}'s for {len(mismatched)} pages "
                 f"({', '.join(sorted(mismatched)[:5])} ...): not a copy of the same data")
    extra = {"pages_from": f"{meta['pages_repo']}@{copy.commit} (dragnet_data/input; its GoldStandard files "
                          f"byte-identical to {meta['repo']}'s Corrected files, all {len(gold)} checked)"}
    if _has(repo, "dragnet_HTML.tar.gz"):
        moz = _tar_members(repo.show("dragnet_HTML.tar.gz"), "HTML", ".html")
        differ = sorted(r for r in gold if moz.get(r) != pages[r])
        extra["pages_compared_with_moz_tarball"] = f"{len(gold) - len(differ)} identical, {len(differ)} differ"
    else:
        extra["pages_compared_with_moz_tarball"] = "not compared: the mirror lacks dragnet_HTML.tar.gz (over 4 MiB)"
    splits = {name: set(repo.show(f"{name}.txt").decode().split()) for name in ("test", "training")}
    site = Site("dragnet", meta)
    marked = 0
    for root in sorted(gold):
        split = next((name for name, roots in splits.items() if root in roots), "unsplit")
        site.page(f"{split}/{root}.html", pages[root])
        text = decode(gold[root])[0] or ""
        article, whole = article_and_comments(text)
        marked += article != whole
        site.gold(f"{split}/{root}", article)
        site.gold(f"{split}/{root}", whole, folder="gold-comments")
    counts = {name: sum(1 for r in gold if r in roots) for name, roots in splits.items()}
    site.finish(repo, **extra, splits={**counts, "unsplit": len(gold) - sum(counts.values())},
                pages_with_comments_marker=marked, corrected_sha256=sha256(repo.show("dragnet_Corrected.tar.gz")))
