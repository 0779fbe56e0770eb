"""A `<code>` whose text holds a line break, which trafilatura writes as a fence after the text before it, is text.

Sphinx keeps the line breaks of a page's source inside an inline literal (``version = "1.0"`` wrapped over two lines
in the Python Packaging User Guide's "Writing your pyproject.toml", CC BY-SA 3.0: tests/fixtures/README.md), and
trafilatura's Markdown writes such a `<code>` as "```" at the end of the line, its text, then "```" on a line of its
own. A fence opens a line, so the segmenter took that closing fence for an opening one and read the rest of the page
inverted: its prose as code (no sentences for the readability measures), its code as text. The lines below are the
extraction of that page as trafilatura writes it (`audit.ingest.mdinline.clean_extraction`)."""
from __future__ import annotations

from audit.config import Settings
from audit.ingest.mdinline import clean_extraction
from audit.ingest.segment import segment_lines

EXTRACTED = [
    'Most of the time, you will directly write the value of a `[project]`',
    'field. For example: `requires-python = ">= 3.8"`, or ```',
    'version =',
    '"1.0"',
    '```',
    '.',
    '',
    'However, in some cases, it is useful to let your build backend compute',
    'the metadata for you. For example: many build backends can read the',
    'version from a `__version__` attribute in your code, a Git tag, or',
    'similar. In such cases, you should mark the field as dynamic using, e.g.,',
    '',
    '```',
    '[project]',
    'dynamic = ["version"]',
    '```',
    'When a field is dynamic, it is the build backend’s responsibility to fill it. Consult your build backend’s '
    'documentation to learn how it does it.',
    '',
    '## Basic information',
]


def test_an_inline_code_with_a_line_break_is_read_as_text_and_the_code_after_it_as_code():
    lines = clean_extraction(EXTRACTED)
    assert len(lines) == len(EXTRACTED)  # (line numbers kept)
    assert lines[1:6] == ['field. For example: requires-python = ">= 3.8", or', 'version =', '"1.0"', "", "."]
    blocks = segment_lines(lines, Settings().segment)
    assert [(b.kind, b.text[:40]) for b in blocks] == [
        ("paragraph", "Most of the time, you will directly writ"),
        ("paragraph", '"1.0"'),  # (a short line of its own: the segmenter does not join it to the line before)
        ("other", "."),
        ("paragraph", "However, in some cases, it is useful to "),
        ("code", '[project]\ndynamic = ["version"]'),
        ("paragraph", "When a field is dynamic, it is the build"),
        ("heading", "Basic information")]
    assert blocks[0].text.endswith('or version =')


def test_a_fenced_block_and_a_fence_with_no_close_are_left_as_they_are():
    lines = ["```", "[project]", 'name = "spam"', "```", "Text after the block."]
    assert clean_extraction(lines) == lines
    unclosed = ["Run it with ```", "pip install spam"]  # (no closing fence: not an inline code)
    assert clean_extraction(unclosed) == unclosed
