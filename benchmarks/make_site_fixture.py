"""Build tests/fixtures/site/: a small real website for the crawler and WARC tests.

Source: the HTML mirror of Preventing Chronic Disease (CDC), volume 21 (2024), in the public repository
cmheilig/harvest-cdc-journals (file html-mirrors/pcd_2024.zip, commit pinned below; the repository is CC0 and the
journal's pages are works of the US federal government, public domain in the United States).

The pages are cut, not rewritten: scripts, styles, images, forms and icons are removed (the crawler reads only
`<a href>` and `<link rel=canonical>`; wget would fetch images too), the table of contents keeps only the
articles kept here, and links into www.cdc.gov become site-relative: to a page of the fixture they point at it,
to anything else on cdc.gov their `href` is removed (their text stays). Off-site links (doi.org, PubMed) stay.
Around the real pages the fixture adds what a site has: robots.txt disallowing a folder (one real article moved
there), sitemap.xml, a redirect (`_redirects`, served by the test server), a PDF and a link to a missing file.

    python benchmarks/make_site_fixture.py /work/.mirror/cmheilig+harvest-cdc-journals/repo
"""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

COMMIT = "4e8fe93"  # cmheilig/harvest-cdc-journals, "Update README.md"
ZIP_PATH = "html-mirrors/pcd_2024.zip"
ZIP_SHA256 = "61eed65145137f75768cbc0c0f94c5d859116cd8853d4495d1605d67101e7b40"
ORIGIN = "https://www.cdc.gov"
ISSUE = "/pcd/issues/2024/"
TOC = ISSUE + "2024_TOC.htm"
ARTICLES = ["24_0332", "24_0068", "24_0255", "23_0325"]  # GIS snapshots and short reports: small pages
EMBARGOED = "24_0396"  # moved under the folder robots.txt disallows
PRIVATE = ISSUE + "embargoed/"
REDIRECTED = "23_0325"  # the table of contents links to the old .html address, which redirects
PDF = ISSUE + "pdf/24_0068.pdf"  # linked from the real page 24_0068; a small PDF stands in for it
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "site"

DROP = ("script", "style", "noscript", "svg", "img", "iframe", "form", "button", "input", "select", "picture",
        "source", "video", "audio", "object", "embed", "template")
KEEP_ATTRS = {"href", "id", "name", "rel", "lang", "charset", "content", "colspan", "rowspan", "scope", "title"}


def local_path(stem: str) -> str:
    return (PRIVATE if stem == EMBARGOED else ISSUE) + stem + ".htm"


def cut(html: bytes, url: str, targets: dict[str, str], self_path: str) -> bytes:
    """The page with its active content removed and its links made site-relative (see the module doc)."""
    doc = lxml.html.fromstring(html)
    for el in doc.xpath("|".join(f"//{t}" for t in DROP)):
        el.drop_tree()
    for el in doc.xpath("//comment()"):
        el.getparent().remove(el)
    for el in doc.xpath("//link"):
        if "canonical" not in (el.get("rel") or "").lower():
            el.drop_tree()
    for el in doc.xpath("//meta"):
        if not (el.get("charset") or el.get("name") in ("description", "citation_title")):
            el.drop_tree()
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in list(el.attrib):
            if attr not in KEEP_ATTRS:
                del el.attrib[attr]
        href = el.get("href")
        if el.tag == "link":  # the canonical link: where the page now lives
            el.set("href", self_path)
            continue
        if href is None or href.startswith("#") or href.startswith("mailto:"):
            continue
        absolute = urljoin(url, href)
        parts = urlsplit(absolute)
        if parts.netloc != "www.cdc.gov":
            continue  # off-site: kept as it is
        target = targets.get(parts.path)
        if target is None:
            del el.attrib["href"]  # elsewhere on cdc.gov: not in the fixture
        else:
            el.set("href", target + (f"#{parts.fragment}" if parts.fragment else ""))
    return etree.tostring(doc, method="html", encoding="utf-8", doctype="<!DOCTYPE html>")


def cut_toc(html: bytes, keep: set[str]) -> bytes:
    """The table of contents with only the kept articles' entries (and their month headings and types)."""
    doc = lxml.html.fromstring(html)
    for div in doc.xpath("//div[contains(@class, 'indentblock')]"):
        if div.get("id") not in keep:
            prev = div.getprevious()
            if prev is not None and prev.tag == "p" and "arttype" in (prev.get("class") or ""):
                prev.drop_tree()
            div.drop_tree()
    for h3 in doc.xpath("//h3[a[contains(@class, 'onThisPageAnchor')]]"):
        nxt = h3.getnext()
        if nxt is None or nxt.tag == "h3":
            h3.drop_tree()
    return etree.tostring(doc, method="html", encoding="utf-8")


def minimal_pdf(title: str) -> bytes:
    """A one-page PDF 1.4 file holding `title` (cross-reference offsets computed)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def main(mirror: str) -> None:
    git = ["git", f"--git-dir={mirror}"]
    data = subprocess.run(git + ["show", f"{COMMIT}:{ZIP_PATH}"], capture_output=True, check=True).stdout
    digest = hashlib.sha256(data).hexdigest()
    if digest != ZIP_SHA256:
        sys.exit(f"{ZIP_PATH} at {COMMIT}: sha256 {digest}, expected {ZIP_SHA256}")
    archive = zipfile.ZipFile(io.BytesIO(data))
    stems = ARTICLES + [EMBARGOED]
    targets = {ISSUE + s + ".htm": local_path(s) for s in stems}
    targets[TOC] = TOC
    targets[ISSUE + REDIRECTED + ".htm"] = ISSUE + REDIRECTED + ".html"  # links to it use the old address
    targets[PDF] = PDF
    targets[ISSUE + "citations/24_0068.ris"] = ISSUE + "citations/24_0068.ris"  # not in the fixture: a 404
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.rglob("*"):
        if old.is_file() and old.name != "README.md":
            old.unlink()
    toc = cut_toc(archive.read("pcd/issues/2024/2024_TOC.htm"), set(stems))
    pages = {TOC: cut(toc, ORIGIN + TOC, targets, TOC)}
    for s in stems:
        html = archive.read(f"pcd/issues/2024/{s}.htm")
        pages[local_path(s)] = cut(html, ORIGIN + ISSUE + s + ".htm", targets, local_path(s))
    for path, body in pages.items():
        target = OUT / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    (OUT / PDF.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    (OUT / PDF.lstrip("/")).write_bytes(minimal_pdf("Preventing Chronic Disease 2024;21:240068"))
    (OUT / "robots.txt").write_text(f"User-agent: *\nDisallow: {PRIVATE}\n")
    (OUT / "_redirects").write_text(f"{ISSUE}{REDIRECTED}.html {ISSUE}{REDIRECTED}.htm 301\n")
    urls = "".join(f"  <url><loc>{{{{BASE}}}}{p}</loc></url>\n" for p in sorted(pages))
    (OUT / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                                     f"{urls}</urlset>\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {sum(1 for p in OUT.rglob('*') if p.is_file())} files, {total / 1e3:.0f} kB, to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/cmheilig+harvest-cdc-journals/repo")
