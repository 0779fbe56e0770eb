"""Load pages from files: discover inputs, decode any encoding, extract HTML main content.

Every discovered file becomes a `Page`, `ok` or `skipped` with a reason; nothing is silently dropped and nothing is
ever written to the corpus.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .config import LoadSettings

HTML_EXTENSIONS = (".html", ".htm")


@dataclass
class Source:
    """One input file and the page id it maps to."""

    path: Path
    page_id: str
    display: str  # path as shown in tables: relative to the folder given, or the file name


@dataclass
class Page:
    page_id: str
    source: str
    status: str = "ok"  # ok | skipped
    reason: str = ""
    title: str = ""
    url: str = ""
    encoding: str = ""
    lines: list[str] = field(default_factory=list)  # text lines; for HTML, lines of the extracted main content

    def skip(self, reason: str) -> "Page":
        self.status, self.reason, self.lines = "skipped", reason, []
        return self


def discover(paths: list[str | Path], settings: LoadSettings) -> tuple[list[Source], list[Page]]:
    """Find input files under `paths` (files or folders, recursive, symlinks not followed into loops).

    Returns the sources sorted by page id and the pages already skipped at discovery (unsupported path, duplicate
    page id, missing path).
    """
    sources: list[Source] = []
    skipped: list[Page] = []
    exts = tuple(e.lower() for e in settings.extensions)
    for given in paths:
        root = Path(given)
        if not root.exists() and not root.is_symlink():
            skipped.append(Page(str(given), str(given)).skip("path does not exist"))
            continue
        if root.is_file():
            sources.append(Source(root, root.stem, root.name))
            continue
        if not root.is_dir():
            skipped.append(Page(root.name, str(given)).skip("not a regular file or folder"))
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(root)
                page_id = rel.with_suffix("").as_posix()
                if not name.lower().endswith(exts):
                    continue
                if name.startswith("."):
                    continue
                sources.append(Source(path, page_id, rel.as_posix()))
    sources.sort(key=lambda s: (s.page_id, s.display))
    unique: list[Source] = []
    seen: dict[str, str] = {}
    for src in sources:
        if src.page_id in seen:
            skipped.append(Page(src.page_id, src.display).skip(f"duplicate page id: also produced by {seen[src.page_id]}"))
            continue
        seen[src.page_id] = src.display
        unique.append(src)
    return unique, skipped


def decode(data: bytes) -> tuple[str | None, str, str]:
    """Decode bytes to text. Returns (text or None, encoding, reason): the reason says why the text is None, or
    for a text decoded with a guessed encoding or replaced bytes, a note for pages.csv."""
    if not data.strip():
        return None, "", "empty file" if not data else "blank file (whitespace only)"
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, ""
            except UnicodeDecodeError as exc:
                return None, enc, f"invalid {enc} despite its byte-order mark ({exc.reason})"
    sample = data[:8192]
    if b"\x00" in sample:
        return None, "", "binary file (contains NUL bytes)"
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few corrupt bytes (a truncated upload, a bad copy-paste): keep UTF-8 and replace
    # the bad bytes, rather than let a detector re-read every valid character as mojibake.
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    valid_non_ascii = sum(1 for ch in replaced if ord(ch) > 0x7F) - bad
    if valid_non_ascii >= bad:
        return replaced, "utf-8", f"note: not valid UTF-8; {bad} undecodable byte sequence(s) replaced by U+FFFD"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding not in ("cp1252", "latin_1", "iso8859_15", "utf_8") and _looks_western(data):
        encoding = "cp1252"  # most legacy web text is Windows-1252 (smart quotes at 0x91-0x94)
    text = data.decode(encoding, errors="replace")
    return text, encoding, f"note: not valid UTF-8; decoded as {encoding} (detected)"


def _looks_western(data: bytes) -> bool:
    high = [b for b in data[:200_000] if b >= 0x80]
    return bool(high) and sum(1 for b in high if b in b"\x91\x92\x93\x94\x96\x97\x85\xe9\xe8\xe0\xfc\xf6\xe4") / len(high) > 0.5


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")  # C0 controls except \t \n \v \f \r


def _is_binary_text(text: str) -> bool:
    sample = text[:10_000]
    controls = len(_CONTROL_RE.findall(sample))
    return controls > max(8, len(sample) // 100)


def _split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def load_page(src: Source, settings: LoadSettings) -> Page:
    page = Page(src.page_id, src.display)
    limit = settings.max_page_bytes
    too_large = f"MB > limit {limit / 1e6:.1f} MB ([load] max_page_bytes)"
    try:
        st = src.path.stat()
        if not stat.S_ISREG(st.st_mode):
            # a FIFO would block the run forever on read; devices and sockets are not pages either
            kind = ("named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "folder" if stat.S_ISDIR(st.st_mode)
                    else "socket" if stat.S_ISSOCK(st.st_mode) else "device or special file")
            return page.skip(f"not a regular file: {kind}")
        if st.st_size > limit:
            return page.skip(f"too large: {st.st_size / 1e6:.1f} {too_large}")
        with open(src.path, "rb") as fh:
            data = fh.read(limit + 1)  # never more than the limit, whatever stat said
        if len(data) > limit:
            return page.skip(f"too large: over {limit / 1e6:.1f} {too_large}")
    except PermissionError:
        return page.skip("unreadable: permission denied")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return page.skip("unreadable: symbolic link loop")
        if exc.errno == errno.ENOENT and src.path.is_symlink():
            return page.skip(f"unreadable: broken symbolic link (target {os.readlink(src.path)} is missing)")
        return page.skip(f"unreadable: {exc.strerror or exc.__class__.__name__}")
    text, page.encoding, reason = decode(data)
    if text is None:
        return page.skip(reason)
    notes = [reason] if reason else []
    if _is_binary_text(text):
        return page.skip("binary file (control characters)")
    if src.path.suffix.lower() in HTML_EXTENSIONS:
        page = _load_html(page, text)
    else:
        page.lines = _split_lines(text)
        if not any(line.strip() for line in page.lines):
            return page.skip("blank file (whitespace only)")
    if page.status == "ok":
        share = english_share(page.lines)
        if share is not None and share < settings.min_english_stopword_share:
            notes.append(f"note: may not be English ({share:.0%} common English words; "
                         f"[load] min_english_stopword_share = {settings.min_english_stopword_share:g})")
        page.reason = "; ".join(notes)
    return page


# The most frequent English function words: ~40 % of the words of English prose, a few % of other languages'.
ENGLISH_STOPWORDS = frozenset("""
a about after all also an and any are as at be because been but by can could did do does for from had has have he
her his how i if in into is it its just may me more most my no not now of on one only or other our out over she so
some such than that the their them then there these they this those through to too up us very was we were what
when where which while who will with would you your
""".split())
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def english_share(lines: list[str], max_words: int = 3000, min_words: int = 20) -> float | None:
    """Share of a page's first `max_words` words that are common English function words (None: too few words)."""
    words: list[str] = []
    for line in lines:
        words.extend(_WORD_RE.findall(line))
        if len(words) >= max_words:
            break
    if len(words) < min_words:
        return None
    words = words[:max_words]
    return sum(1 for w in words if w.lower() in ENGLISH_STOPWORDS) / len(words)


def _load_html(page: Page, html: str) -> Page:
    import trafilatura

    try:
        text = trafilatura.extract(html, output_format="markdown", include_formatting=True, include_comments=False,
                                   include_tables=True, include_images=False, favor_recall=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        return page.skip(f"HTML could not be parsed: {exc.__class__.__name__}")
    if not text or not text.strip():
        return page.skip("HTML has no main content (scripts, styles or navigation only)")
    if meta is not None:
        page.title = (meta.title or "").strip()
        page.url = (meta.url or "").strip()
    page.lines = _split_lines(text)
    return page
