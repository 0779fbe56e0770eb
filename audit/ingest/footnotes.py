"""A document's footnotes are its own text, not the page's complementary region.

docutils (0.18 on, so Sphinx 5 on) writes a page's footnotes as `<aside class="footnote" role="doc-footnote">`, all
in an `<aside class="footnote-list">` at the end of the section. An `aside` is the page's complementary landmark
(a sidebar), and the extractor drops every one with its text (trafilatura's `MANUALLY_CLEANED`), as `visible_lines`
leaves it out as frame; but the DPUB-ARIA role `doc-footnote` (and `doc-endnotes` / `doc-endnote`) says it is a
note of the document, text the article's own sentences point to ("[1]"). `htmltext.prepare` renames such an aside,
and an aside that holds nothing but such notes (the list), to a `div` before the page is read.
"""
from __future__ import annotations

NOTE_ROLES = frozenset({"doc-footnote", "doc-endnotes", "doc-endnote"})


def may_have_notes(html: str) -> bool:
    """The page may hold a note aside (`notes_as_text` has work to do): a word it looks for before parsing."""
    return "doc-footnote" in html or "doc-endnote" in html


def _note(el) -> bool:
    return (el.get("role") or "").strip().lower() in NOTE_ROLES


def notes_as_text(root) -> bool:
    """Every `aside` of the parsed page `root` whose role is a document note, and every `aside` whose child elements
    are all such notes, renamed `div`, in place; True when one was."""
    changed = False
    for el in root.xpath("//aside[@role]"):
        if _note(el):
            parent = el.getparent()
            el.tag = "div"
            changed = True
            if parent is not None and parent.tag == "aside" and all(
                    _note(child) for child in parent if isinstance(child.tag, str)):
                parent.tag = "div"
    return changed
