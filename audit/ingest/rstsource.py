"""A reStructuredText source page (`.rst`, `.rest`: a Sphinx or docutils site) read as the site shows it
(`rst_lines`): the lines the segmenter reads, one for each line of the file (line numbers stay the file's), its
markup gone and its text kept. Applied by `load.load_page`; the inline markup is `rstinline`'s.

A rule-based reader of the reStructuredText specification's (docutils 0.21) constructs and Sphinx's roles and
directives, like `mdsource` for Markdown (not docutils' parser: see the README's Markdown and reStructuredText
sources paragraph for why). What it gives:

  * section titles (underlined, or over- and underlined): a Markdown heading (`#` ... `######`, the level in the
    order the page's adornment styles first appear); the adornment lines blank; the first is the page's title;
    a transition (a lone line of punctuation) blank;
  * paragraphs, block quotes and list items' text unindented; bullets (`*` `-` `+` `•`) a `- ` item, enumerators
    (`1.` `(1)` `1)` `#.`) a `1. ` item; a field list's `:Field: text` as `Field: text` (a field list before any
    other text, Sphinx's file-wide metadata `:orphan:` `:tocdepth:`, is not shown: blank); a definition list's
    term (a line whose next line is indented more) a heading of its own (Sphinx shows it apart, with a permalink);
    a line block's `| ` gone;
  * grid and simple tables: each row's cells on the row's first line as a Markdown table row `| a | b |` (a cell's
    lines joined), the row's other lines and the borders blank;
  * literal blocks (after a paragraph ending `::`), `code-block` / `code` / `sourcecode` / `productionlist` /
    `doctest` / `testcode` / `testoutput` / `parsed-literal` / `math` directives and doctest blocks (`>>>`): a
    fenced code block (the fence on the blank line before and after, or the directive's line); `::` as Sphinx
    shows it (`text::` -> `text:`, `text ::` and a lone `::` nothing);
  * admonitions (`note`, `warning`, `tip`, `seealso`, `important`, `caution`, `attention`, `danger`, `error`,
    `hint`, generic `admonition:: Title`), `versionadded` / `versionchanged` / `deprecated`, `topic`, `sidebar`,
    `rubric`, tabs and cards (`tab`, `tab-item`, `card`, `dropdown`): their title as Sphinx (or sphinx-design,
    sphinx-inline-tabs) shows it, then their text;
  * left out, with what they hold: comments (`..` and their indented block), hyperlink targets (`.. _name:`,
    `__ url`), substitution definitions (their `replace::` text remembered), `toctree`, `image`, `include`,
    `literalinclude`, `index`, `highlight`, `contents`, `meta`, `raw` (other than HTML, whose text is kept without
    its tags), `only` for a builder other than HTML (`only:: latex`; `only:: html`, `only:: not latex` kept), the
    `auto*` directives' generated API text; a directive's options (`:maxdepth: 2`); footnote and citation
    references (`[1]_`) (a footnote's text is kept, where the page shows it);
  * inline markup (`**strong**`, `*emphasis*`, ``` ``literal`` ```, `` `interpreted` ``), roles (`:ref:`Title
    <target>``, `:term:`, `:doc:`, `:py:func:`, `:pep:`, `:rfc:`, `:abbr:`, `:menuselection:`, `:guilabel:`; the
    domain prefix, `~` and `!` as Sphinx reads them; a function's `()`), hyperlink references (`` `text <url>`_ ``,
    `` `text`_ ``, `text_`, anonymous `__`), substitution references and escapes: the text a reader sees. A `:ref:`
    without a title shows its target's section title when the page holds it (`.. _label:` over a heading) or the
    `labels` given say it (another page's: `rst_labels`, as `audit glossary import` reads a Sphinx project), else
    the label; a `:doc:` without one its path.
"""
from __future__ import annotations

import re

from audit.ingest.rstinline import inline_runs, inline_text

_ADORN_RE = re.compile(r"^([=\-`:'\"~^_*+#<>.!$%&(),/;?@\[\\\]{|}])\1{2,}[ \t]*$")
_DIRECTIVE_RE = re.compile(r"^(\s*)\.\.[ \t]+([\w:.+-]+)::(?:[ \t]+(.*?))?[ \t]*$")
_SUBST_DEF_RE = re.compile(r"^(\s*)\.\.[ \t]+\|([^|]+)\|[ \t]+([\w:.-]+)::(?:[ \t]+(.*?))?[ \t]*$")
_FOOTNOTE_RE = re.compile(r"^(\s*)\.\.[ \t]+\[(?:#[\w.-]*|\*|\d+|[A-Za-z][\w.-]*)\](?:[ \t]+|$)")
_TARGET_RE = re.compile(r"^\s*\.\.[ \t]+_(`[^`]+`|[^:]+):")
_BULLET_RE = re.compile(r"^(\s*)[-*+•‣⁃][ \t]+(?=\S)")
_ENUM_RE = re.compile(r"^(\s*)(?:\d{1,9}[.)]|\(\d{1,9}\)|#[.)]|\(#\)|[a-z][.)]|\([a-z]\))[ \t]+(?=\S)")
_FIELD_RE = re.compile(r"^(\s*):((?:[^:\\`]|\\.|`[^`]*`)+):(?:[ \t]+(.*))?$")
_GRID_BORDER_RE = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
_SIMPLE_BORDER_RE = re.compile(r"^\s*=+(?:[ \t]+=+)+\s*$")
_SIMPLE_UNDER_RE = re.compile(r"^\s*-+(?:[ \t]+-+)*\s*$")
_OPTION_RE = re.compile(r"^\s+:[\w.-]+:(?:[ \t]|$)")  # a directive's option line (`:maxdepth: 2`), not a role
_LINE_BLOCK_RE = re.compile(r"^(\s*)\|(?:[ \t]+|$)")

_SEPARATOR = "| --- |"  # a table's border or a row's other lines: a Markdown table's separator row (one table block)
_CODE = frozenset(("code-block", "code", "sourcecode", "productionlist", "doctest", "testcode", "testoutput",
                   "testsetup", "testcleanup", "parsed-literal", "math", "prompt", "jupyter-execute", "ipython",
                   "graphviz", "digraph", "graph", "mermaid", "csv-table-raw"))
_DROPPED = frozenset(("toctree", "image", "include", "literalinclude", "index", "highlight", "contents", "meta",
                      "sectionauthor", "moduleauthor", "codeauthor", "tabularcolumns", "autosummary", "default-role",
                      "default-domain", "currentmodule", "module", "program", "title", "sectnum", "header", "footer",
                      "target-notes", "raw", "only", "ifconfig", "thumbnail", "spelling:word-list", "redirect",
                      "inheritance-diagram", "automodule", "autoclass", "autofunction", "automethod", "autodata",
                      "autoattribute", "autoexception", "autoproperty", "autodecorator", "autoprogram",
                      "plot", "youtube", "video", "iframe", "glossary-index"))
_ADMONITIONS = {"note": "Note", "warning": "Warning", "tip": "Tip", "seealso": "See also", "important": "Important",
                "caution": "Caution", "attention": "Attention", "danger": "Danger", "error": "Error", "hint": "Hint",
                "todo": "Todo"}
_VERSIONS = {"versionadded": "Added in version {}", "versionchanged": "Changed in version {}",
             "deprecated": "Deprecated since version {}", "versionremoved": "Removed in version {}"}
_TITLED = frozenset(("admonition", "topic", "sidebar", "rubric", "tab", "tab-item", "card", "dropdown", "table",
                     "list-table", "csv-table", "figure", "centered", "versionadded", "grid-item-card", "glossary"))


def rst_lines(lines: list[str], labels: dict[str, str] | None = None) -> tuple[list[str], str]:
    """(the page's lines as the site shows them, its title): as many lines as `lines` (the module's rules).
    `labels`: the site's other pages' (`rst_labels`), for a `:ref:` to a section of another page."""
    reader = _Reader(lines)
    reader.labels.update(labels or {})
    reader.read()
    inline_runs(reader.out, reader.prose, reader)
    return reader.out, reader.title


def rst_labels(lines: list[str]) -> dict[str, str]:
    """The page's labels (`.. _label:`, lower case) of its sections, each with the section's title as shown."""
    reader = _Reader(lines)
    reader.read()
    return reader.labels


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = [line.expandtabs(8) if "\t" in line else line for line in lines]
        self.out = list(self.lines)
        self.prose = [True] * len(lines)  # lines whose inline markup is read (not code, not made rows)
        self.styles: list[tuple[str, bool]] = []  # section adornment styles, in order of first use
        self.title = ""
        self.substitutions: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # `.. _label:` -> the title of the section it stands over
        self.text_seen = False  # any text shown yet (Sphinx's file-wide metadata is a field list before it)

    # ------------------------------------------------------------------ blocks
    def read(self) -> None:
        lines, n = self.lines, len(self.lines)
        pending: list[str] = []  # labels waiting for the next section title
        i = 0
        while i < n:
            line = lines[i]
            if not line.strip():
                self.out[i] = ""
                i += 1
                continue
            ind = _indent(line)
            stripped = line.strip()
            if stripped.startswith(".."):
                t = _TARGET_RE.match(line)
                if t and not stripped.endswith("::"):
                    pending.append(t.group(1).strip("`").lower())
                i = self._explicit(i)
                continue
            if stripped.startswith("__ ") or stripped == "__":
                i = self._blank_block(i, ind)
                continue
            blank_before = i == 0 or not lines[i - 1].strip()
            # a section title: (overline,) text, underline
            if blank_before and _ADORN_RE.match(line) and i + 2 < n and lines[i + 1].strip() \
                    and _ADORN_RE.match(lines[i + 2]) and lines[i + 2].strip()[0] == stripped[0]:
                self._heading(i + 1, (stripped[0], True), pending)
                self.out[i] = self.out[i + 2] = ""
                i += 3
                continue
            if ind == 0 and i + 1 < n and _ADORN_RE.match(lines[i + 1]) and not _ADORN_RE.match(line) \
                    and len(lines[i + 1].rstrip()) >= min(len(line.rstrip()), 3) and blank_before:
                self._heading(i, (lines[i + 1].strip()[0], False), pending)
                self.out[i + 1] = ""
                i += 2
                continue
            if _ADORN_RE.match(line) and blank_before and len(stripped) >= 4:  # a transition
                self.out[i] = ""
                i += 1
                continue
            if _GRID_BORDER_RE.match(line):
                i = self._grid_table(i)
                continue
            if _SIMPLE_BORDER_RE.match(line):
                i = self._simple_table(i)
                continue
            if blank_before and stripped.startswith(">>>"):
                i = self._doctest(i)
                continue
            i = self._paragraph(i, blank_before)

    def _paragraph(self, i: int, blank_before: bool) -> int:
        """The text block at line `i` (to a blank line): list markers, field names, a definition list's term, and a
        literal block after it when it ends with `::`."""
        lines, n = self.lines, len(self.lines)
        ind = _indent(lines[i])
        items: set[int] = set()  # the indents of this block's list items
        j = i
        while j < n and lines[j].strip():
            line = lines[j]
            if j > i and _ADORN_RE.match(line):
                break
            if j > i and line.strip().startswith(".. ") and _indent(line) <= ind:
                break
            # a list item opens the block or follows an item as indented (a paragraph's line "2. ..." is text)
            item = j == i or _indent(line) in items
            if item and (m := _BULLET_RE.match(line)):
                self.out[j] = "- " + line[m.end():].strip()
                items.add(_indent(line))
            elif item and (m := _ENUM_RE.match(line)):
                self.out[j] = "1. " + line[m.end():].strip()
                items.add(_indent(line))
            elif (m := _FIELD_RE.match(line)) and (j == i or _FIELD_RE.match(lines[j - 1])
                                                   or _indent(line) <= ind):
                if not self.text_seen:  # Sphinx's file-wide metadata: not shown
                    j = self._blank_block(j, _indent(line)) - 1
                else:
                    self.out[j] = (m.group(2).replace("\\", "") + ":" + (" " + m.group(3) if m.group(3) else ""))
            elif m := _LINE_BLOCK_RE.match(line):
                self.out[j] = line[m.end():].strip()
            elif self._term(j, i, blank_before):  # a definition list's term, over its indented definition
                self.out[j] = "#### " + _classifier(line.strip())
            else:
                self.out[j] = line.strip()
            j += 1
        if any(self.out[k].strip() for k in range(i, j)):
            self.text_seen = True
        last = j - 1
        if self.out[last].endswith("::") and not self.out[last].startswith("#"):
            text = self.out[last][:-2]
            self.out[last] = "" if not text.strip() else text.rstrip() if text.endswith((" ", "\t")) else text + ":"
            m = _BULLET_RE.match(lines[i]) or _ENUM_RE.match(lines[i])
            return self._literal(j, m.end() if m else ind)
        return j

    def _term(self, j: int, i: int, blank_before: bool) -> bool:
        """Line `j` of the text block from line `i` is a definition list's term: the next line is indented more, and
        it opens the block or is indented less than the line before it (the last item's definition)."""
        lines = self.lines
        ind = _indent(lines[j])
        return (j + 1 < len(lines) and lines[j + 1].strip() != "" and _indent(lines[j + 1]) > ind
                and (blank_before if j == i else ind < _indent(lines[j - 1]))
                and not lines[j].rstrip().endswith("::"))

    def _literal(self, j: int, ind: int) -> int:
        """A literal block after line `j - 1` (its paragraph ends `::`): the indented lines after the blank line `j`,
        fenced; returns the line after it."""
        lines, n = self.lines, len(self.lines)
        if j >= n or lines[j].strip():
            return j
        k = j
        while k < n and not lines[k].strip():
            k += 1
        if k >= n or _indent(lines[k]) <= ind:
            return j
        return self._fence(j, k, ind)

    def _fence(self, open_at: int, first: int, ind: int) -> int:
        """Lines `first`... indented more than `ind` (and the blank lines among them) a code block, fenced at
        `open_at` (a blank line or the directive's) and at the blank line after the block (none at the end of the
        page: an unclosed fence runs to it). A block that another line follows at once is not fenced: blank."""
        lines, n = self.lines, len(self.lines)
        end = first
        while end < n and (not lines[end].strip() or _indent(lines[end]) > ind):
            end += 1
        last = end - 1
        while last >= first and not lines[last].strip():
            last -= 1
        for k in range(open_at, last + 1):
            self.prose[k] = False
        if last + 1 < n and lines[last + 1].strip():  # no blank line to close it on
            for k in range(open_at, last + 1):
                self.out[k] = ""
            return last + 1
        self.out[open_at] = "```"
        for k in range(open_at + 1, last + 1):
            self.out[k] = lines[k]
        if last + 1 < n:
            self.out[last + 1] = "```"
            self.prose[last + 1] = False
            return last + 2
        return n

    def _doctest(self, i: int) -> int:
        lines, n = self.lines, len(self.lines)
        j = i
        while j < n and lines[j].strip():
            j += 1
        for k in range(i, j):
            self.prose[k] = False
        if i > 0 and j < n:  # the blank lines around it hold the fences
            self.out[i - 1], self.out[j] = "```", "```"
            self.prose[j] = False
            return j + 1
        for k in range(i, j):
            self.out[k] = ""
        return j

    def _heading(self, i: int, style: tuple[str, bool], pending: list[str]) -> None:
        if style not in self.styles:
            self.styles.append(style)
        level = min(self.styles.index(style) + 1, 6)
        text = inline_text(self.lines[i].strip(), self)
        self.out[i] = "#" * level + " " + text
        self.prose[i] = False
        if not self.title:
            self.title = text
        for label in pending:
            self.labels.setdefault(label, text)
        pending.clear()
        self.text_seen = True

    def _blank_block(self, i: int, ind: int) -> int:
        """Line `i` and the lines indented more than `ind` after it (blank lines among them) blank; returns the line
        after them."""
        lines, n = self.lines, len(self.lines)
        self.out[i] = ""
        j = i + 1
        while j < n and (not lines[j].strip() or _indent(lines[j]) > ind):
            self.out[j] = ""
            j += 1
        return j

    def _options(self, i: int, ind: int) -> int:
        """The directive's options (`:maxdepth: 2`) after line `i` blank; returns the first line of its content
        (or of what follows)."""
        lines, n = self.lines, len(self.lines)
        j = i + 1
        while j < n and _indent(lines[j]) > ind and _OPTION_RE.match(lines[j]):
            self.out[j] = ""
            j += 1
        return j

    def _explicit(self, i: int) -> int:
        """An explicit markup block at line `i` (`..`): a directive, substitution definition, footnote, target or
        comment."""
        line = self.lines[i]
        ind = _indent(line)
        if m := _SUBST_DEF_RE.match(line):
            if m.group(3) == "replace" and m.group(4):
                self.substitutions[m.group(2)] = inline_text(m.group(4), self)
            elif m.group(3) in ("unicode",) and m.group(4):
                self.substitutions[m.group(2)] = m.group(4).split(" .. ")[0]
            else:
                self.substitutions.setdefault(m.group(2), "")
            return self._blank_block(i, ind)
        if m := _FOOTNOTE_RE.match(line):  # its text, as shown at the page's end
            self.out[i] = line[m.end():].strip()
            return i + 1
        m = _DIRECTIVE_RE.match(line)
        if not m:  # a comment or a hyperlink target
            if line.strip() == ".." and (i + 1 >= len(self.lines) or not self.lines[i + 1].strip()):
                self.out[i] = ""  # an empty comment: what follows a blank line is not in it (a block quote)
                return i + 1
            return self._blank_block(i, ind)
        name = m.group(2).lower()
        arg = m.group(3) or ""
        short = name.rsplit(":", 1)[-1]  # (a domain's directive: `py:function`)
        if short in _CODE or name in _CODE:
            j = self._options(i, ind)
            k = j
            while k < len(self.lines) and not self.lines[k].strip():
                k += 1
            if k < len(self.lines) and _indent(self.lines[k]) > ind:
                return self._fence(i, k, ind)
            self.out[i] = ""
            return j
        if name in _DROPPED or short in _DROPPED or name.startswith("auto"):
            if name == "raw" and "html" in arg.lower() or name == "only" and _html_only(arg):
                self.out[i] = ""
                j = self._options(i, ind)
                if name == "raw":
                    k = j
                    while k < len(self.lines) and (not self.lines[k].strip() or _indent(self.lines[k]) > ind):
                        self.out[k] = re.sub(r"<[^<>]*>", " ", self.lines[k]).strip()
                        k += 1
                    return k
                return j
            return self._blank_block(i, ind)
        j = self._options(i, ind)
        if name in _ADMONITIONS:  # its title, and its text when it starts on the line (`.. note:: Text`) or the next
            title = _ADMONITIONS[name]
            self.out[i] = title + (": " + arg if arg else ":" if j < len(self.lines) and self.lines[j].strip() else "")
        elif short in _VERSIONS:
            version, _, text = arg.partition(" ")
            self.out[i] = _VERSIONS[short].format(version) + (": " + text if text else ".")
        elif name == "glossary" or name in _TITLED or short in _TITLED:
            self.out[i] = arg
        elif ":" in name or name in ("class", "rst-class", "container", "tab-set", "grid", "card-carousel",
                                     "highlights", "pull-quote", "epigraph", "compound", "hlist", "line-block"):
            # an object description (`py:function:: name(args)`): its signature; containers: nothing
            self.out[i] = arg if ":" in name else ""
        else:
            self.out[i] = arg  # an unknown directive: its argument and content as text
        if self.out[i]:
            self.text_seen = True
        return j

    # ------------------------------------------------------------------ tables
    def _grid_table(self, i: int) -> int:
        lines, n = self.lines, len(self.lines)
        ind = _indent(lines[i])
        cols = [k for k, c in enumerate(lines[i]) if c == "+"]
        j = i
        row: list[int] = []
        while j < n and lines[j].strip() and lines[j].strip()[0] in "+|" and _indent(lines[j]) == ind:
            self.prose[j] = False
            if _GRID_BORDER_RE.match(lines[j]) or set(lines[j].strip()) <= set("+-=| "):
                self._row(row, cols, "|")
                row = []
                self.out[j] = _SEPARATOR
            else:
                row.append(j)
            j += 1
        self._row(row, cols, "|")
        self.text_seen = True
        return j

    def _simple_table(self, i: int) -> int:
        lines, n = self.lines, len(self.lines)
        border = lines[i]
        cols = [0] + [m.start() for m in re.finditer(r"(?<= )=", border)] + [10 ** 6]
        borders = 0
        j = i
        row: list[int] = []
        while j < n:
            line = lines[j]
            if _SIMPLE_BORDER_RE.match(line):
                self._row(row, cols, "")
                row, borders = [], borders + 1
                self.out[j] = _SEPARATOR
                self.prose[j] = False
                j += 1
                if borders >= 2 and (j >= n or not lines[j].strip()) and (borders >= 3 or not self._more_rows(j)):
                    break
                continue
            if not line.strip():
                self._row(row, cols, "")
                row = []
                self.out[j] = _SEPARATOR
                self.prose[j] = False
                j += 1
                continue
            self.prose[j] = False
            if _SIMPLE_UNDER_RE.match(line):
                self.out[j] = _SEPARATOR
            elif row and not line[:cols[1]].strip():  # a continuation line: the first column blank
                row.append(j)
            else:
                self._row(row, cols, "")
                row = [j]
            j += 1
        self._row(row, cols, "")
        self.text_seen = True
        return j

    def _more_rows(self, j: int) -> bool:
        """A simple table with a header goes on after the blank line `j` when a row and a border follow."""
        lines = self.lines
        k = j
        while k < len(lines) and not lines[k].strip():
            k += 1
        while k < len(lines) and lines[k].strip() and not _SIMPLE_BORDER_RE.match(lines[k]):
            k += 1
        return False if k >= len(lines) else bool(_SIMPLE_BORDER_RE.match(lines[k]))

    def _row(self, row: list[int], cols: list[int], edge: str) -> None:
        """The table row of lines `row`: its cells (between the column bounds `cols`) on its first line."""
        if not row:
            return
        cells = []
        for a, b in zip(cols, cols[1:]):
            parts = []
            for k in row:
                piece = self.lines[k][a + (1 if edge else 0):b]
                parts.append(piece.strip().strip("|").strip())
            cells.append(inline_text(" ".join(p for p in parts if p), self).replace("|", "/"))
        for k in row:
            self.out[k] = _SEPARATOR
        if any(cells):
            self.out[row[0]] = "| " + " | ".join(cells) + " |"


def _html_only(expression: str) -> bool:
    """An `only` directive's content shows in the HTML build: its expression names `html` (not negated), or negates
    another builder (`not latex`)."""
    words = re.findall(r"\w+", expression.lower())
    html = any("html" in w for w in words)
    return html != ("not" in words)


def _classifier(term: str) -> str:
    """A definition list term without its classifiers (`term : classifier`)."""
    return re.split(r" +: +", term, maxsplit=1)[0]
