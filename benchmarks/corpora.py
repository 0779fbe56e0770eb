"""Real-text benchmark corpora, built once from public git repositories into `benchmarks/_corpora/` (git-ignored).

    python benchmarks/corpora.py                 # build every corpus (verifies each source's sha256)
    python benchmarks/corpora.py --list          # what exists, with files, MB, tokens and distinct words per million

Sources (pinned commits; `benchmarks/README.md` has provenance and licences):

* `cdc-pcd-2024` — the CDC journal *Preventing Chronic Disease*, 2024 issue pages as harvested from cdc.gov: raw
  HTML with the site's header, navigation, footer, data tables and reference lists (US-government work, public
  domain). From `cmheilig/harvest-cdc-journals`, file `html-mirrors/pcd_2024.zip`.
* `newsgroups-20k` — the 20 Newsgroups collection (Ken Lang's ~20,000 Usenet posts of 1993 in 20 groups), each
  post's text after its header block (quoted replies and signatures kept as written), one `.txt` per post. From
  `duboya/20Newsgroups`, folder `20_newsgroups/`. `newsgroups-2k` is every 10th post of it (same files), for the
  10x scaling ratio.

A source is read from its bare git mirror (the search tool's `fetch`, under /work/.mirror or `--mirrors`) with
`git show COMMIT:PATH`; its bytes must match the sha256 recorded here, so the corpus is the same on every machine.
Nothing is downloaded at benchmark time.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "_corpora"
MIRRORS = Path("/work/.mirror")

CDC = {"repo": "cmheilig/harvest-cdc-journals", "commit": "4e8fe935a218d7f2e8ed0aab9f91dc161f74c9a1",
       "path": "html-mirrors/pcd_2024.zip",
       "sha256": "61eed65145137f75768cbc0c0f94c5d859116cd8853d4495d1605d67101e7b40"}
NEWSGROUPS = {"repo": "duboya/20Newsgroups", "commit": "fe9d3345c79f5916cbe130b0402643467d24cd53",
              "path": "20_newsgroups",
              # sha256 over "<path>\t<sha256 of the file>\n" of every post, in path order
              "sha256": "b9abec159a5d3fc1e5ad28726bd85b59f750ad467bb8b85afa185d307250a84d"}
NAMES = ("cdc-pcd-2024", "newsgroups-20k", "newsgroups-2k")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|&[#\w]+;", re.DOTALL | re.IGNORECASE)


def _git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={mirror}", *args], check=True, capture_output=True).stdout


def _mirror(mirrors: Path, repo: str, commit: str) -> Path:
    path = mirrors / repo.replace("/", "+") / "repo"
    if not path.is_dir():
        raise SystemExit(f"{repo}: no mirror at {path} (fetch github:{repo} first)")
    try:
        _git(path, "cat-file", "-e", f"{commit}^{{commit}}")
    except subprocess.CalledProcessError:
        raise SystemExit(f"{repo}: commit {commit} is not in {path}") from None
    return path


def build_cdc(mirrors: Path, out: Path) -> dict:
    data = _git(_mirror(mirrors, CDC["repo"], CDC["commit"]), "show", f"{CDC['commit']}:{CDC['path']}")
    digest = hashlib.sha256(data).hexdigest()
    if digest != CDC["sha256"]:
        raise SystemExit(f"{CDC['path']}: sha256 {digest} != pinned {CDC['sha256']}")
    files = 0
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            if info.is_dir() or not info.filename.lower().endswith((".htm", ".html")):
                continue
            target = out / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
            files += 1
    return {"source": CDC, "files": files}


def post_body(raw: bytes) -> str:
    """A post's text after its header block (up to the first blank line); Latin-1, as 1993 Usenet mostly was."""
    text = raw.decode("latin-1").replace("\r\n", "\n")
    _, sep, body = text.partition("\n\n")
    return (body if sep else text).strip("\n") + "\n"


def build_newsgroups(mirrors: Path, out: Path, every: int = 1) -> dict:
    mirror = _mirror(mirrors, NEWSGROUPS["repo"], NEWSGROUPS["commit"])
    listing = _git(mirror, "ls-tree", "-r", NEWSGROUPS["commit"], NEWSGROUPS["path"]).decode().splitlines()
    entries = sorted((line.split("\t", 1)[1], line.split()[2]) for line in listing)
    # one `git cat-file --batch` for all blobs (20,000 `git show` calls take minutes)
    proc = subprocess.run(["git", f"--git-dir={mirror}", "cat-file", "--batch"], check=True, capture_output=True,
                          input="".join(f"{blob}\n" for _, blob in entries).encode())
    stream, pos, total = proc.stdout, 0, hashlib.sha256()
    files = 0
    for i, (path, _) in enumerate(entries):
        header_end = stream.index(b"\n", pos)
        size = int(stream[pos:header_end].split()[2])
        data = stream[header_end + 1:header_end + 1 + size]
        pos = header_end + 1 + size + 1
        total.update(f"{path}\t{hashlib.sha256(data).hexdigest()}\n".encode())
        if i % every:
            continue
        group, name = path.split("/")[-2:]
        target = out / group / f"{name}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(post_body(data), encoding="utf-8")
        files += 1
    if total.hexdigest() != NEWSGROUPS["sha256"]:
        raise SystemExit(f"{NEWSGROUPS['path']}: sha256 {total.hexdigest()} != pinned {NEWSGROUPS['sha256']}")
    return {"source": NEWSGROUPS, "files": files, "every": every, "posts_in_source": len(entries)}


def vocabulary(folder: Path) -> dict:
    """Tokens (runs of ASCII letters, apostrophes inside) and distinct lower-cased words, and distinct words per
    million tokens, over every page file of `folder` (HTML tags, scripts, styles, comments and entities removed;
    template text kept). The figure grows as a corpus shrinks (Heaps' law): compare corpora of similar size."""
    seen: set[str] = set()
    tokens = 0
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".txt", ".md", ".markdown", ".html", ".htm"):
            words = _WORD.findall(_MARKUP.sub(" ", path.read_text(encoding="utf-8", errors="replace")))
            tokens += len(words)
            seen.update(w.lower() for w in words)
    return {"tokens": tokens, "distinct_words": len(seen),
            "distinct_per_million": round(len(seen) * 1e6 / tokens) if tokens else 0}


def _manifest(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.manifest.json"


def ensure(name: str, mirrors: Path = MIRRORS, quiet: bool = True) -> Path:
    """The corpus `name` under benchmarks/_corpora/, built unless it is already there (its manifest written last)."""
    out = CORPORA / name
    if out.is_dir() and _manifest(out).is_file():
        return out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if name == "cdc-pcd-2024":
        info = build_cdc(mirrors, out)
    elif name.startswith("newsgroups-"):
        info = build_newsgroups(mirrors, out, every={"newsgroups-20k": 1, "newsgroups-2k": 10}[name])
    else:
        raise SystemExit(f"unknown corpus {name!r} (known: {', '.join(NAMES)})")
    info.update(name=name, mb=round(sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6, 2),
                **vocabulary(out))
    _manifest(out).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    if not quiet:
        print(f"{out}: {info['files']} files, {info['mb']} MB, {info['tokens']:,} tokens, "
              f"{info['distinct_per_million']:,} distinct words per million", flush=True)
    return out


def manifest(name: str) -> dict:
    return json.loads(_manifest(CORPORA / name).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("names", nargs="*", default=list(NAMES), help=f"corpora to build (default: {' '.join(NAMES)})")
    p.add_argument("--mirrors", type=Path, default=MIRRORS, help="folder of the bare git mirrors (owner+name/repo)")
    p.add_argument("--list", action="store_true", help="only list the corpora already built")
    a = p.parse_args(argv)
    for name in a.names:
        if a.list:
            if _manifest(CORPORA / name).is_file():
                m = manifest(name)
                print(f"{name}: {m['files']} files, {m['mb']} MB, {m['tokens']:,} tokens, "
                      f"{m['distinct_per_million']:,} distinct words per million")
            else:
                print(f"{name}: not built")
            continue
        ensure(name, a.mirrors, quiet=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
