"""Block kinds that are not prose: `assign_kinds` marks a page's references (under a References heading, citation-
shaped, or numbered notes the page cites), captions and table notes among the segmenter's blocks (`segment`), in
place. `_kinds.assign_kinds` is its compiled version (`segment.segment_lines` runs it); tests compare both on real
pages and random blocks."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.ingest.segment import Block

PROSE_KINDS = ("heading", "paragraph", "list_item", "other")  # what readability and the passage matcher read
NON_PROSE_KINDS = ("table", "references", "caption", "code")  # shown in blocks.csv, counted apart in pages.csv

# A heading that opens a reference list: the blocks under it, up to the next heading, are references.
REFERENCES_HEADING_RE = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:references?(?: cited)?|bibliography|works cited|literature cited|citations|"
    r"sources?(?: and (?:notes|references))?|(?:end|foot)notes|notes and references|further reading)\s*:?\s*$",
    re.IGNORECASE)
# Citation-shaped text: a journal reference "2024;21:220341", "2021;40(2):349-358" (year;volume(issue):pages), a
# DOI or PubMed id, or a Vancouver/APA author list at the start followed by a year ("Kichloo A, Albosta M, ...
# 2020", "Smith, J. (2019)").
_CITATION_RE = re.compile(
    r"\b(?:1[89]|20)\d\d\s*(?:[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*\d+\s*(?:\(\s*[\w\s–-]+\))?\s*:\s*[eES]?\d+"
    r"|\bdoi\s*:\s*10\.\d{4,}|\bdoi\.org/10\.\d{4,}|\bPMID:?\s*\d{5,}"
    r"|^(?:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? [A-Z]{1,3}(?:, | and |\. )){2,}.*\b(?:1[89]|20)\d\d\b"
    r"|^(?:[A-Z][\w'’-]+, (?:[A-Z]\. ?){1,3}(?:, |,? & |,? and )?){1,}.*\((?:1[89]|20)\d\d[a-z]?\)")
# A numbered note ("[1] Smith J. Title. 2019.", "[2] _New York Times_", "[155] Horizon, Tiflis, ..."): its number in
# brackets at the start, then its text (a letter, a quote mark or a parenthesis: "[213] 427-2375" is a phone number,
# "[4] = Accidental deaths" a table's legend). It is a note when the page cites that number before it, inside an
# earlier block's text ("... was arrested [1].", "shift[1]"; `_is_note`): a table of contents, verse numbers or
# years in brackets ("[1]  What is JPEG?", "[529] Al-Monzer ...") open their blocks and are cited nowhere.
NOTE_RE = re.compile(r"^\s*\[(\d{1,3})\]\s+(?=[^\W\d]|[\"'“‘(])")
# A caption: "Figure 2.", "Fig. 3:", "Table 1a.", "Exhibit 4" ...; table notes after a table: "Abbreviations: ...",
# "Source: ...", "Note: ...", or a footnote letter/symbol ("a Weighted percentages").
CAPTION_RE = re.compile(
    r"^\s*(?:figure|fig\.|table|exhibit|chart|map|box|appendix(?: table| figure)?|supplementary (?:table|figure))"
    r"(?:\s+[A-Z]?\d+[a-z]?(?:\.\d+)?\s*[.:|—–-]|\.?\s*$)", re.IGNORECASE)
_TABLE_NOTE_RE = re.compile(r"^\s*(?:(?i:abbreviations?|sources?|notes?)\s*:|[a-zⁱⁿ*†‡§¶]\s+[A-Z])")
# A caption that is only its label ("Figure.", "Figure 2.", "Table 1", "Appendix"): the paragraph after it is its text.
_BARE_CAPTION_RE = re.compile(r"^\s*\S+(?:\s+\S+)?\s*\.?\s*$")


# `_CITATION_RE`'s alternatives split by what each needs, so that prose, which has none of it, costs no regex scan:
# the journal reference needs a ";", the identifiers "doi" or "PMID", and the author lists (anchored at the start)
# a capital A-Z as the first character.
_CITATION_ANYWHERE_RE = re.compile(_CITATION_RE.pattern.split("|^", 1)[0])
_CITATION_START_RE = re.compile("^" + _CITATION_RE.pattern.split("|^", 1)[1])


def is_citation(text: str) -> bool:
    """Citation-shaped text (`_CITATION_RE`), with the same answer as `_CITATION_RE.search(text)`."""
    if ("A" <= text[:1] <= "Z") and _CITATION_START_RE.match(text):
        return True
    return (";" in text or "doi" in text or "PMID" in text) and bool(_CITATION_ANYWHERE_RE.search(text))


def _is_note(blocks: list[Block], i: int) -> bool:
    """Block i is a numbered note (`NOTE_RE`) whose number an earlier block cites: "[1]" anywhere in its text but
    at its start (where a note or a table of contents' entry opens)."""
    m = NOTE_RE.match(blocks[i].text)
    if m is None:
        return False
    marker = f"[{m.group(1)}]"
    return any(blocks[j].text.find(marker, 1) >= 0 for j in range(i))


def assign_kinds(blocks: list[Block]) -> None:
    """Mark the blocks that are not prose (in place): `references` (the blocks under a References / Bibliography /
    Sources heading, up to the next heading, citation-shaped blocks anywhere, and numbered notes whose number the
    page cites before them, `_is_note`: a short note such as "[2] _New York Times_" reads as a heading, and is no
    heading: it neither opens nor closes a references section), `caption` (a "Figure 2." / "Table 1." caption, the
    paragraph right after a caption that is only its label ("Figure 2." and then its text), and the notes right
    after a table). Tables and code are found by the segmenter."""
    in_references = False
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            if _is_note(blocks, i):
                b.kind = "references"
                continue
            in_references = bool(REFERENCES_HEADING_RE.match(b.text))
            if CAPTION_RE.match(b.text):
                b.kind = "caption"
            continue
        if b.kind not in ("paragraph", "list_item", "other"):
            continue
        if in_references or is_citation(b.text) or _is_note(blocks, i):
            b.kind = "references"
        elif CAPTION_RE.match(b.text):
            b.kind = "caption"
        elif i and blocks[i - 1].kind == "caption" and b.kind == "paragraph" and CAPTION_RE.match(blocks[i - 1].text) \
                and _BARE_CAPTION_RE.match(blocks[i - 1].text):
            b.kind = "caption"  # "Figure 1." and then its text: "Adjusted odds of being up to date on ..."
        elif i and blocks[i - 1].kind in ("table", "caption") and blocks[i - 1].kind != b.kind \
                and _TABLE_NOTE_RE.match(b.text) and (blocks[i - 1].kind == "table" or _after_table(blocks, i)):
            b.kind = "caption"


# (`assign_kinds`' regexes, for `_kinds.assign_kinds`)
_KIND_TESTS = (REFERENCES_HEADING_RE.match, CAPTION_RE.match, _CITATION_START_RE.match, _CITATION_ANYWHERE_RE.search,
               _BARE_CAPTION_RE.match, _TABLE_NOTE_RE.match, NOTE_RE.match)


def _after_table(blocks: list[Block], i: int) -> bool:
    """True when the run of captions right before block i follows a table (notes under a table)."""
    j = i - 1
    while j >= 0 and blocks[j].kind == "caption":
        j -= 1
    return j >= 0 and blocks[j].kind == "table"
