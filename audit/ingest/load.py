"""Load pages from files: decode any encoding, read front matter and source markup, extract HTML main content (the
files are found by `audit.ingest.discover`).

Every discovered file becomes a `Page`, `ok` or `skipped` with a reason; nothing is silently dropped and nothing is
ever written to the corpus.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from audit.config import LoadSettings
from audit.ingest import _segment, frontmatter
from audit.ingest.language import (ENGLISH_STOPWORDS, _WORD_RE, declared_language,  # noqa: F401 (re-exported)
                                   english_share, language_note)
from audit.ingest.mdinline import clean_extraction, strip_markdown_inline
from audit.ingest.mdsource import source_lines
from audit.ingest.rstsource import rst_lines
from audit.ingest.segment import _INVISIBLE_RE, count_words, ends_sentence, normalise
from audit.ingest.discover import AUDIT_OUTPUT, HIDDEN_FILE, discover  # noqa: F401 (re-exported)
from audit.ingest.sources import Page, Source
from audit.ingest.warc import read_payload

HTML_EXTENSIONS = (".html", ".htm")
_FRONT_START = re.compile(r"\s*(?:---|\+\+\+)[ \t]*\r?\n")  # (a source page's front matter: `frontmatter`)
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdx")
RST_EXTENSIONS = (".rst", ".rest")  # reStructuredText (a Sphinx or docutils site's source: `rstsource`)


# a static site's source page with no text of its own: front matter and generator markup only (`frontmatter`,
# `mdsource`: a redirect stub, a section's list page, `{{< docs_index >}}`); what the site shows there is generated
GENERATED_ONLY = ("no text of its own: front matter and site generator markup only (a redirect, a page its layout "
                  "fills, a template of the theme)")
# a reStructuredText source with no text of its own (`rstsource`): directives, comments and targets only (a `toctree`
# page, a file of `include`s); what Sphinx shows there is other files' text or generated
DIRECTIVES_ONLY = ("no text of its own: reStructuredText directives and comments only (a table of contents, other "
                   "files included)")
# a template engine's tags (Jinja, Liquid, Django, Go templates, Hugo shortcodes): an HTML source whose text is these
# alone (and punctuation) is a layout or partial of the site's theme (MkDocs' `overrides/partials/nav.html`, Jekyll's
# `_includes/breadcrumbs.html`), not a page
_TEMPLATE_TAGS_RE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
_WORD_CHAR_RE = re.compile(r"\w")  # (what is left of a partial's text may be a ">" between breadcrumb links)


def not_a_page(reason: str) -> bool:
    """True for the skip reasons of files that are not pages of the site's text: a hidden file met while walking a
    folder, an audit's own output (its marker lists the file with these contents), a source page whose text the site
    generator makes (`GENERATED_ONLY`; a reStructuredText one, `DIRECTIVES_ONLY`)."""
    return isinstance(reason, str) and reason.startswith((HIDDEN_FILE, AUDIT_OUTPUT, GENERATED_ONLY, DIRECTIVES_ONLY))


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
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16[0], utf16[1], f"note: no byte-order mark; decoded as {utf16[1]} (detected)"
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
    western = _mostly_ascii_cp1252(data)
    if western is not None:
        # Western text with a few accented letters or symbols (£ € ç ï, smart quotes): on a short page a detector
        # often picks a wrong codepage (cp1250 "naďve", cp850 "faþade", mac_iceland "Ä20"); cp1252 is the norm.
        return western, "cp1252", "note: not valid UTF-8; decoded as cp1252 (detected)"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding not in ("cp1252", "latin_1", "iso8859_15", "utf_8") and _looks_western(data):
        encoding = "cp1252"  # most legacy web text is Windows-1252 (smart quotes at 0x91-0x94)
    text = data.decode(encoding, errors="replace")
    return text, encoding, f"note: not valid UTF-8; decoded as {encoding} (detected)"


def _mostly_ascii_cp1252(data: bytes, min_ascii_letter_share: float = 0.9, few: int = 3) -> str | None:
    """The cp1252 text of `data` when it decodes strictly and at least `min_ascii_letter_share` of its letters are
    ASCII, or at most `few` are not (a one-line page: "A naïve café's façade"): English or other Western text with
    a few accented letters. Else None: Cyrillic, Greek, CJK... bytes read as cp1252 give mostly non-ASCII letters
    or undefined bytes."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252
        return None
    sample = text[:200_000]
    letters = sum(map(str.isalpha, sample))
    ascii_letters = sum(map(str.isalpha, sample.encode("ascii", "ignore").decode("ascii")))
    if letters and (ascii_letters / letters >= min_ascii_letter_share or letters - ascii_letters <= few):
        return text
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when `data` is UTF-16 without a byte-order mark: its NUL bytes sit at the odd (LE) or even
    (BE) positions only — the high byte of ASCII characters — and it decodes strictly to printable text. Binary
    files (PNG, PDF, ...) have NULs at both positions or decode to unassigned / control characters: None."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    encoding, main, other = ("utf-16-le", odd, even) if odd >= even else ("utf-16-be", even, odd)
    if main == 0 or other * 4 > main:  # a few U+xx00 characters (CJK 一 is U+4E00) put NULs at the other position
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # unpaired surrogates: not UTF-16 text
        return None
    head = text[:10_000]
    unprintable = sum(1 for ch in head if not ch.isprintable() and ch not in "\t\n\r\x0b\x0c")
    if unprintable > len(head) // 100:
        return None
    return text, encoding


def _looks_western(data: bytes) -> bool:
    high = [b for b in data[:200_000] if b >= 0x80]
    return bool(high) and sum(1 for b in high if b in b"\x91\x92\x93\x94\x96\x97\x85\xe9\xe8\xe0\xfc\xf6\xe4") / len(high) > 0.5


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")  # C0 controls except \t \n \v \f \r


def _is_binary_text(text: str) -> bool:
    """More than 1 % of the first 10,000 characters (and more than 8) are C0 controls other than whitespace
    (`_CONTROL_RE`; counted by `_segment.count_controls`)."""
    sample = min(len(text), 10_000)
    return _segment.count_controls(text, sample) > max(8, sample // 100)


# A page whose every character is whitespace or invisible (zero-width spaces, joiners, byte-order marks: the
# segmenter's `_INVISIBLE_RE`) has nothing to read; said so, not "only punctuation or symbols" after segmentation.
INVISIBLE_ONLY = "whitespace and invisible characters only: zero-width spaces, joiners"


def _visible(line: str) -> bool:
    """The line shows a character: not only whitespace and `_INVISIBLE_RE`'s default-ignorable code points."""
    return not _INVISIBLE_RE.fullmatch(line) if not line.isascii() else not line.isspace() and line != ""


def _split_lines_text(text: str) -> str:
    """`text` with its line breaks (CR LF, CR) made LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _split_lines(text: str) -> list[str]:
    return _split_lines_text(text).split("\n")


def load_page(src: Source, settings: LoadSettings) -> Page:
    page = Page(src.page_id, src.display)
    limit = settings.max_page_bytes
    too_large = f"MB > limit {limit / 1e6:.1f} MB ([load] max_page_bytes)"
    if src.record >= 0:
        return _load_archived(page, src, settings)
    try:
        # a file discover saw with bytes in it (a regular file then): read through one descriptor
        data = _read_regular(src.path, limit) if src.size > 0 else None
        if data is None:  # any other file, or one that cannot be read so: its stat says why
            st = src.path.stat()
            if not stat.S_ISREG(st.st_mode):
                # a FIFO would block the run forever on read; devices and sockets are not pages either
                kind = ("named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "folder" if stat.S_ISDIR(st.st_mode)
                        else "socket" if stat.S_ISSOCK(st.st_mode) else "device or special file")
                return page.skip(f"not a regular file: {kind}")
            if st.st_size > limit:
                return page.skip(f"too large: {st.st_size / 1e6:.1f} {too_large}")
            with open(src.path, "rb") as fh:
                # never more than the limit, whatever stat said: the size stat gave and a byte more (a buffer of the
                # file's size, not of the limit), and if the file has grown since, up to the limit and a byte
                data = fh.read(st.st_size + 1)
                if len(data) > st.st_size:
                    data += fh.read(limit + 1 - len(data))
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
    suffix = src.path.suffix.lower()
    meta: dict = {}
    n = 0
    problem = ""  # front matter that does not parse (`frontmatter`): said in the load note
    if suffix in HTML_EXTENSIONS:
        if _FRONT_START.match(text):  # a static site's source page (`frontmatter`): its keys, no text
            lines = _split_lines(text)
            meta, n, problem = frontmatter.read_front_matter(lines)
            text = "\n".join(lines[n:]) if n else text
        page = _load_html(page, text, settings)
        page.title = page.title or frontmatter.title(meta)
        if page.status == "ok" and "{" in text \
                and not _WORD_CHAR_RE.search(_TEMPLATE_TAGS_RE.sub("", "\n".join(page.lines))):
            return page.skip(GENERATED_ONLY)
    else:
        page.lines = _split_lines(text)
        if suffix in MARKDOWN_EXTENSIONS:
            meta, n, problem = frontmatter.read_front_matter(page.lines)
            if n:  # its lines blanked: the text's line numbers stay the file's
                page.lines[:n] = [""] * n
                page.title = frontmatter.title(meta)
            # a site generator's markup (shortcodes, Liquid, raw HTML, attribute lists ...) as the site shows it
            page.lines = strip_markdown_inline(source_lines(page.lines))
            # a static site's source page (its front matter says so): paragraphs as CommonMark reads them; a Markdown
            # file without it may be text saved from a web page, whose frame lines (a skip link, a phone line, a
            # photo caption) follow each other with no blank line between: the hard-wrap test keeps them apart
            page.commonmark = n > 0
            if not any(line.strip() for line in page.lines) and text.strip():
                return page.skip(GENERATED_ONLY)
        elif suffix in RST_EXTENSIONS:  # as the site shows it: its paragraphs run to a blank line
            page.lines, page.title = rst_lines(page.lines)
            page.commonmark = True
            if not any(line.strip() for line in page.lines):
                return page.skip(DIRECTIVES_ONLY)
        else:
            page.markdown = False  # plain text: a "~~~~" line is a rule, not a code fence
        if not any(line.strip() for line in page.lines):
            return page.skip("blank file (whitespace only)")
        if not any(map(_visible, page.lines)):
            return page.skip(f"blank file ({INVISIBLE_ONLY})")
    if page.status == "ok":
        if problem.startswith("it starts after"):
            notes.append(f"note: front matter read, but {problem}")
        elif problem:
            notes.append(f"note: front matter not read ({problem}); its lines are left out of the text")
        if meta:
            page.declared_language = page.declared_language or frontmatter.language(meta)
            if frontmatter.draft(meta):
                notes.append("note: a draft (front matter `draft: true`): the site does not publish it yet")
        notes += _language_notes(page, settings)
        page.reason = "; ".join(notes)
    return page


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at `path` as `load_page` reads them (the size `fstat` gives and a byte more, and
    if the file has grown since, up to the limit and a byte), through one descriptor: no `stat` of the path, no file
    object. None when it cannot be opened, or is not a regular file of at most `limit` bytes (`load_page` then stats
    the path to say why). Opened without blocking, should a FIFO have taken the place of the file discover saw."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = _read_up_to(fd, b"", st.st_size + 1)
        return _read_up_to(fd, data, limit + 1) if len(data) > st.st_size else data
    finally:
        os.close(fd)


def _read_up_to(fd: int, data: bytes, size: int) -> bytes:
    """`data` and what follows it from `fd`, up to `size` bytes in all or the end of the file."""
    while len(data) < size:
        more = os.read(fd, size - len(data))
        if not more:
            break
        data += more
    return data


def _language_notes(page: Page, settings: LoadSettings) -> list[str]:
    """Decide whether the page is English (`audit.ingest.language`): its `english_share` and, for a page that is
    not graded, its `language_note` (the readability step gives no grade) and the load note that says so."""
    page.english_share, page.language_note = language_note(page.lines, page.declared_language, settings)
    return [f"note: {page.language_note}"] if page.language_note else []


def _sentence_words(lines: list[str]) -> int:
    """Words in the lines that end a sentence and hold four words or more: the prose of an extraction, not its
    menu and footer labels ("Take Our Survey!", "Sign up.")."""
    return sum(n for line in lines if ends_sentence(line) and (n := count_words(line)) >= 4)


def _load_archived(page: Page, src: Source, settings: LoadSettings) -> Page:
    """An HTML response of a web archive (`audit.ingest.warc`): its body decoded (the declared charset first) and loaded
    as an HTML file is; the URL is the page's."""
    page.url = src.url
    try:
        data = read_payload(src.path, src.record, settings.max_page_bytes)
    except Exception as exc:  # noqa: BLE001 - a damaged archive: this page skipped, the run goes on
        return page.skip(f"unreadable WARC record: {exc.__class__.__name__}: {exc}")
    if len(data) > settings.max_page_bytes:
        return page.skip(f"too large: over {settings.max_page_bytes / 1e6:.1f} MB ([load] max_page_bytes)")
    text = None
    if src.charset:
        try:
            text, page.encoding, note = data.decode(src.charset), src.charset, ""
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, page.encoding, note = decode(data)
        if text is None:
            return page.skip(note)
    page = _load_html(page, text, settings)
    page.url = src.url
    if page.status == "ok":
        page.reason = "; ".join(([note] if note else []) + _language_notes(page, settings))
    return page


_PAGE_ELEMENT_RE = re.compile(r"<(?:html|body|head)[\s>]", re.I)


def _load_html(page: Page, html: str, settings: LoadSettings) -> Page:
    import trafilatura

    from audit.engine.guard import flatten_deep_html, html_depth_exceeds
    from audit.ingest.htmltext import (announced_lists, bare_bullets, item_heading_line, link_labels,
                                       list_item_headings, prepare, prepare_tree, title_and_url, visible_lines)
    from audit.ingest.headedlists import empty_sections, headed_lists
    from audit.ingest.comments import comment_lines
    from audit.ingest.furniture import frame_lines
    from audit.ingest.linklists import link_items
    from audit.ingest.tabsets import tab_labels
    from audit.ingest.titleslot import page_h1s

    # An HTML fragment (no <html> or <body> element: an include, a CMS snippet) has no page frame around it, so the
    # whole of its visible text is its content; the extractor, made for whole pages, may keep only part of it (the
    # first item of a list).
    fragment = not _PAGE_ELEMENT_RE.search(html)
    if html_depth_exceeds(html):  # lxml stops at 255 levels ("no main content"): the deepest tags go, text stays
        html = flatten_deep_html(html)
    prepared: list[str] = []  # `prepare(html)`, made when a step reads the page as a string

    def prepared_html() -> str:
        if not prepared:
            prepared.append(prepare(html))
        return prepared[0]

    try:
        # The page parsed once, by trafilatura's parser, and prepared in place: the extractor (which works on its
        # own copy) and the title read that tree. (A page its parser refuses, or one opening with an XML declaration,
        # which `prepare`'s parser refuses and leaves unprepared: the prepared string, as before.)
        tree = None if html[:100].lstrip().lower().startswith("<?xml") else trafilatura.load_html(html)
        if tree is not None:
            prepare_tree(html, tree)
        page_tree = prepared_html() if tree is None else tree
        text = trafilatura.extract(page_tree, output_format="markdown", include_formatting=True,
                                   include_comments=False, include_tables=True, include_images=False,
                                   favor_recall=True)
        title, url = title_and_url(page_tree)  # (what `trafilatura.extract_metadata` says, without its other fields)
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        return page.skip(f"HTML could not be parsed: {exc.__class__.__name__}")
    lines = bare_bullets(_split_lines(text)) if text and text.strip() else []
    if fragment:
        visible = visible_lines(prepared_html())
        if any(line.strip() for line in visible):
            lines = visible
    elif _sentence_words(lines) < settings.html_fallback_min_words:
        # No prose, or a few words of it: a page whose one short paragraph
        # the extractor scored away (keeping only menu and footer labels). The page's visible text (the page frame
        # left out by element, ARIA role and class, see `visible_lines`) is used when the extraction is empty, when
        # the visible text holds more prose, or as much prose in fewer words (less of the frame: it keeps inline
        # links inside their sentence, "See <a>Health Plan Categories</a>" one line, where the extractor's fallback
        # returns every menu label and text node as a line of its own). The cross-page evidence strips what it still
        # holds of the site frame.
        # The extraction's prose counts only where the visible text holds it too: an extractor that found no article
        # returns every text node of the page, the frame's sentences ("Plain language makes it easier for the public
        # to read ...", a footer's) among them, and those are not the page's prose.
        visible = visible_lines(prepared_html())
        shown = f" {normalise(' '.join(visible))} "
        prose_v = _sentence_words(visible)
        prose_x = _sentence_words([line for line in lines if f" {normalise(line)} " in shown])
        if any(line.strip() for line in visible) and (
                not any(line.strip() for line in lines) or prose_v > prose_x
                or prose_v == prose_x and sum(map(count_words, visible)) < sum(map(count_words, lines))):
            lines = visible
    if not any(line.strip() for line in lines):
        return page.skip("HTML has no main content (scripts, styles or navigation only)")
    if not any(map(_visible, lines)):
        return page.skip(f"HTML has no visible text ({INVISIBLE_ONLY})")
    if any(line.rstrip().endswith(":") for line in lines):  # (else `announced_lists` has no intro to look after)
        lines = announced_lists(prepared_html(), lines, settings.announced_list_min_words)
    if tree is not None and empty_sections(lines):  # (a heading with nothing under it: `headedlists`)
        lines = headed_lists(tree, lines, settings.headed_list_min_words)
    if any(map(item_heading_line, lines)):  # ("- #### Before Timely ...": a list item's heading run into its text)
        lines = list_item_headings(prepared_html() if tree is None else tree, lines)
    page.title, page.url = title, url
    # include_formatting leaves **bold**, *em*, `code`, \_ and inline HTML (<sup>2</sup>, &amp;)
    page.lines = clean_extraction(lines)
    page.html, page.link_labels = True, link_labels(page_tree, page.lines)  # (for `template.label_page`)
    page.tab_labels = tab_labels(tree, html, page.lines, page.link_labels)  # (as well)
    page.link_items = link_items(tree, page.lines, url)  # (as well)
    page.comment_lines = comment_lines(tree, page.lines)  # (as well)
    page.frame_lines = frame_lines(tree, page.lines)  # (as well)
    page.declared_language = declared_language(tree)  # (the page's `<html lang>`: `_language_notes`)
    if tree is not None:  # its h1s, for the site's title slots (`audit.ingest.titleslot`: put back when analysed)
        page.h1s, page.dropped_title = page_h1s(tree, title, page.lines)
    return page
