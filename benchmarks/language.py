"""The language decision (`audit.ingest.language`) on real labelled pages: is each page called "not English"
(not graded) before (share of common English words < `[load] min_english_stopword_share` alone) and now?

    python benchmarks/language.py prepare /tmp/lang-sets [--mirrors /work/.mirror]   # two sets from git mirrors
    python benchmarks/language.py score /tmp/lang-sets [--list]                       # the confusion table

`prepare` writes two sets read from bare mirrors at pinned commits (nothing downloaded): `moz`, Mozilla
Readability's 130 test pages (`test/test-pages/*/source.html`), and `hc-es` / `hc-en`, the Markdown posts of
HealthCare.gov's open-source release whose front matter says `lang: es` / `lang: en`, as the site shows them (front
matter out, its title as a heading; posts under 20 words and repeated bodies left out). `score` also reads
`benchmarks/_corpora`: `aeb` (article-extraction benchmark), `newsgroups-2k`, `cdc-pcd-2024` and the English sites
sets (`sites/*`). Labels: by reading each page's text (the first lines of every page any rule or identifier did not
call English, and of every page of another language), listed below; every other page is English. "data" is no text
in a language (uuencoded files), "mixed" a page of many languages (left out of the table).
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "benchmarks" / "_corpora"
MOZ = ("mozilla+readability", "ab4027a8b37669745016869a37a504727992b2ba")
HC = ("blencorp+HealthCare.gov-Open-Source-Release", "d48aad654b09256a870135d89e14fcc2c6a6ec99")

# Pages that are not English, by reading (all others are): Mozilla Readability's test pages (Czech, Spanish,
# Portuguese, Chinese, German, Japanese, French, and its feature tests in Lorem ipsum) ...
MOZ_FOREIGN = set("""003-metadata-preferred 004-metadata-space-separated-properties aktualne
base-url-base-element-relative base-url-base-element base-url basic-tags-cleaning cnet-svg-classes
comment-inside-script-parsing data-url-image dev418 embedded-videos folha gmw heise hidden-nodes hukumusume la-nacion
lemonde-1 liberation-1 metadata-content-missing missing-paragraphs normalize-spaces nytimes-5 parsely-metadata pixnet
qq remove-aria-hidden remove-extra-brs remove-extra-paragraphs remove-script-tags replace-brs replace-font-tags rtl-1
rtl-2 rtl-3 rtl-4 social-buttons style-tags-removal svg-parsing title-and-h1-discrepancy title-en-dash
visibility-hidden videos-2 yahoo-4 youth""".split())
# ... the article-extraction benchmark's (Korean, Portuguese, Italian, Indonesian, Russian, German, Japanese; by the
# first 38 characters of the page's file name) ...
AEB_FOREIGN = set("""0ec95c7261d122f304728e90c983450ef1ce1e 11ea381ad92b5448cf66eae62f52ac565361a2
20b2b64916b00b25203c9f1bf14248922f4d52 21486419bb109c5a62a68957f528e6ff29c92f 23aaecd14171f96cfd201a8a46666097e286ad
3252222e61fe78982cffe0b0bad2b089c27b32 3c6d3381ef52ca26be2fbde19c1b0fe17d8568 57b4dafd18cfd0531b69f81e87158648227c67
7837c9d66c815b9a21dd669a3dc21677c3f084 85439e26c41c75901820d01a13e8cea7836abb 9da36ae4714bfccc72374c6c146e9d1cd3cca3
b3c19dd5f0612d098788fa5173e491b3280da6 b6fb53e9fb043c98eb1e6530a1074c40922e29 ba07d1e64775f4090e39116c382111f5a2cfe9
c4a3637c6696f238cf9fe1c7fbb17bbb6731a7 c82b3d1d540bbbd6081bdfb78b4c068c583aa7 cc03ddb5ef7d5f1fdb8a87f5e6dfd058a2a70a
f105de6e63ca91ea482f60193f6252092557f9 f6ac15a4d98511396da23e4428deb5605422b1 ff0f958ade714ebfaf5c0b42b1c0152a62063f
""".split())
# ... HealthCare.gov's posts whose front matter is wrong (an English one marked es, a Spanish one and a Lorem ipsum
# privacy policy marked en), its page of 16 languages, and the Usenet posts: a Dutch one, three uuencoded files.
HC_LABELS = {"questions__0001-01-01-am-i-eligible-to-get-insurance-through-the-marketplace": "en",
             "articles__es__2013-06-27-how-much-will-marketplace-insurance-cost": "foreign",
             "help__individualApplication-Get_Started__0001-01-01-privacyPolicy": "foreign",
             "0001-01-01-language-resource": "mixed", "es__2013-06-12-language-resource": "mixed"}
NEWSGROUPS = {"misc.forsale/74798": "foreign", "comp.os.ms-windows.misc/9980": "data",
              "comp.os.ms-windows.misc/9990": "data", "sci.crypt/15545": "data"}
SITES = ("healthcare", "contentguide", "plainlanguage", "letsencrypt", "pypug", "journal", "readability", "clough")


def prepare(out: Path, mirrors: Path) -> None:
    def git(repo: str, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(mirrors / repo / "repo"), *args], check=True,
                              capture_output=True).stdout

    (out / "moz").mkdir(parents=True, exist_ok=True)
    for name in git(MOZ[0], "ls-tree", "--name-only", MOZ[1], "test/test-pages/").decode().split():
        name = name.rsplit("/", 1)[-1]
        (out / "moz" / f"{name}.html").write_bytes(git(MOZ[0], "show", f"{MOZ[1]}:test/test-pages/{name}/source.html"))
    posts = git(HC[0], "ls-tree", "-r", "--name-only", HC[1], "_posts").decode().split("\n")
    seen: set[str] = set()
    for path in sorted(p for p in posts if p.endswith(".md")):
        text = git(HC[0], "show", f"{HC[1]}:{path}").decode("utf-8", "replace")
        m = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
        lang = re.search(r"^lang:\s*\"?(\w+)", m.group(1), re.M) if m else None
        if not lang or lang.group(1) not in ("es", "en") or len(re.findall(r"[^\W\d_]+", m.group(2))) < 20:
            continue
        digest = hashlib.sha1(m.group(2).encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        title = re.search(r"^title:\s*\"?(.*?)\"?\s*$", m.group(1), re.M)
        head = f"# {title.group(1)}\n\n" if title and title.group(1) not in ("", "undefined") else ""
        folder = out / f"hc-{lang.group(1)}"
        folder.mkdir(exist_ok=True)
        name = path.removeprefix("_posts/").replace("/", "__").removesuffix(".md")
        (folder / f"{name}.md").write_text(head + m.group(2), encoding="utf-8")


def label(kind: str, page_id: str) -> str:
    if kind == "moz":
        return "foreign" if page_id in MOZ_FOREIGN else "en"
    if kind == "aeb":
        return "foreign" if page_id[:38] in AEB_FOREIGN else "en"
    if kind.startswith("hc-"):
        return HC_LABELS.get(page_id, "foreign" if kind == "hc-es" else "en")
    if kind == "newsgroups-2k":
        return NEWSGROUPS.get(page_id, "en")
    return "en"


def score(sets: Path, show: bool) -> None:
    from audit.config import LoadSettings
    from audit.ingest.load import discover, load_page

    settings = LoadSettings()
    folders = {"moz": sets / "moz", "aeb": CORPORA / "sites" / "aeb" / "pages", "hc-es": sets / "hc-es",
               "hc-en": sets / "hc-en", "newsgroups-2k": CORPORA / "newsgroups-2k", "cdc-pcd-2024": CORPORA / "cdc-pcd-2024"}
    folders.update({f"sites/{s}": CORPORA / "sites" / s / "pages" for s in SITES})
    print("| set | pages | English: called not English before / now (+ no language now) | not English: called so "
          "before / now | no language (data): not graded before / now |")
    print("| --- | ---: | ---: | ---: | ---: |")
    changed = []
    for kind, folder in folders.items():
        if not folder.is_dir():
            print(f"| {kind} | missing: {folder} | | | |")
            continue
        sources, _ = discover([folder], settings)
        c: collections.Counter = collections.Counter()
        for src in sources:
            page = load_page(src, settings)
            if page.status != "ok" or page.english_share is None:
                continue
            truth = label(kind, src.page_id)
            before = page.english_share < settings.min_english_stopword_share
            now = page.not_english()
            c[truth] += 1
            c[truth, "before"] += before
            c[truth, "now"] += page.language_note.startswith("may not be English")
            c[truth, "none"] += page.language_note.startswith("no language identified")
            if before != now or (truth == "en") == now:
                changed.append((kind, src.page_id, truth, round(page.english_share, 3), page.language_note))
        print(f"| {kind} | {c['en'] + c['foreign'] + c['data']} | {c['en', 'before']} / {c['en', 'now']} "
              f"(+ {c['en', 'none']}) of {c['en']} | {c['foreign', 'before']} / {c['foreign', 'now']} of {c['foreign']} "
              f"| {c['data', 'before']} / {c['data', 'now'] + c['data', 'none']} of {c['data']} |")
    if show:
        for row in changed:
            print(*row, sep="\t")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["prepare", "score"])
    ap.add_argument("sets", type=Path)
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--list", action="store_true", help="every page whose decision changed or is wrong now")
    args = ap.parse_args()
    if args.what == "prepare":
        prepare(args.sets, args.mirrors)
    else:
        score(args.sets, args.list)


if __name__ == "__main__":
    sys.exit(main())
