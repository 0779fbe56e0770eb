"""A static site's Markdown source read as its generator shows it (`source_lines`): the markup of the site generators
and Markdown extensions that readers never see as text goes, the text they see stays. Applied by `load.load_page` to
a Markdown page (`.md`, `.markdown`, `.mdx`), after its front matter (`frontmatter`), before
`mdinline.strip_markdown_inline`.

Every rule is a generator's or extension's documented syntax, and only within-line edits or blanked lines: the line
count and every line number stay the file's. Fenced code blocks and code spans are left alone (text a reader sees);
a fenced code block indented inside an admonition, a tab or a list item is one too (its fences unindented).

Removed with what they hold (never shown):
  * HTML comments `<!-- ... -->` (CommonMark 0.31.2 §4.6 HTML block type 2, §6.6 raw HTML), over any number of lines;
  * `<script>` and `<style>` elements (§4.6 type 1: their content is code the browser runs, not text);
  * Liquid comments `{% comment %} ... {% endcomment %}` (Jekyll) and kramdown's `{::comment} ... {:/comment}`;
  * `--8<--` snippet lines, and the block form's lines between two `--8<--` (pymdownx.snippets: a file included when
    the site is built, not text of this page);
  * an mkdocstrings `::: identifier` line and the indented YAML options under it (the API reference it renders is
    generated from code);
  * MDX (Docusaurus; `.mdx`, and `.md` that Docusaurus 3 also reads as MDX): an `import` / `export` statement line
    (ESM: `import Tabs from '@theme/Tabs'`) and comments `{/* ... */}`.
Removed, what they enclose kept (the enclosed text is what readers see):
  * template tags: Hugo shortcodes `{{< name ... >}}`, `{{% name ... %}}` and their closing `{{< /name >}}` (the
    inner text of a paired shortcode is the page's own text: a glossary `{{% def %}}` body) — but Kubernetes'
    glossary tooltip `{{< glossary_tooltip text="kernel module" term_id="kernel-module" >}}` (kubernetes.io,
    falco.org and the Docsy sites that copy its glossary: the shortcode prints its `text`, else the title of the
    entry `term_id`, which the page does not hold: its id, hyphens as spaces) is the word it shows (stop 38);
    Liquid tags `{% ... %}` and outputs `{{ ... }}` (Jekyll, and Jinja for MkDocs macros: their output is the
    site's settings or data, which the source does not hold); `{% raw %} ... {% endraw %}` keeps its content as
    written (Liquid prints it verbatim);
  * raw HTML tags, opening and closing, attributes included (§6.6: `<div class="x">`, `<a href=...>`, an `<img>`'s
    `alt` too), their text kept (a block-level element's tag or `<br>` leaves a space); character references
    (`&amp;` `&#8217;`, §6.2) as the characters they stand for;
  * an inline link or image whose text or destination wraps onto the next line (`[RFC` / `5280](https://...)`):
    the link's text (an image: nothing), as `mdinline.strip_markdown_inline` does with a link on one line;
  * kramdown inline and block attribute lists and extensions (`{: .usa-list }`, `{:target="_blank"}`, `{::options
    /}`: kramdown syntax, "Block/Span IALs"); a line that held only one becomes blank; a heading's attributes, an id
    first (`## Modern eBPF {#modern-ebpf}`: kramdown, Hugo's Goldmark, Pandoc; stop 38);
  * a GFM task list item's box (`- [ ] `, `- [x] `: GFM 0.29 §5.3, shown as a check box);
  * a footnote reference `[^1]` (shown as a superscript number) and a footnote definition's label `[^1]: `, its
    text kept (python-markdown / kramdown / Pandoc footnotes: shown at the page's end).
Rewritten as the text readers see:
  * Jekyll's code blocks `{% highlight ruby %}` ... `{% endhighlight %}` (the Liquid tag on a line of its own; a
    language, then options: `linenos`, `hl_lines="1 3"`): a fenced code block, as Jekyll renders it (a `pre`), not
    prose (outside fenced code and `{% raw %}`, where the tags are text);
  * MkDocs admonitions and collapsible blocks `!!! note "Title"`, `??? tip`, `???+ warning` (python-markdown
    `admonition`, pymdownx `details`): the title, or the type capitalised when none is given ("Note"); none for `""`;
  * content tabs `=== "Tab"` (pymdownx `tabbed`): the tab's label;
  * Docusaurus admonitions `:::tip`, `:::note Title`, `:::warning[Title]` (Docusaurus 2/3 "Admonitions"): the title,
    or the type capitalised; the closing `:::` a blank line;
  * GitHub's alerts `> [!NOTE]`, `> [!WARNING]` (GFM "Alerts", also Hugo 0.132+'s blockquote render hook): the type
    as GitHub titles it ("Note", "Warning"), inside its quotation;
  * a table whose rows leave out the edge pipes (`a | b` over `--- | ---`: GFM 0.29 §4.10, kramdown, python-markdown
    `tables` make them optional): its rows with them, so that they are read as the table rows they are.
"""
from __future__ import annotations

import html as html_lib
import re

from audit.ingest.mdinline import _fence_state, _fenced

# HTML elements a browser shows apart from the text beside them (CommonMark §4.6 type 6 names, with `br`): their tags
# part words ("E5-2650<br>Total" is two lines, not "2650Total")
_BLOCK_ELEMENTS = ("address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "div",
                   "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h[1-6]", "header", "hr", "li",
                   "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
                   "tr", "ul")
# (each alternative's group says what becomes of it: `_replace`)
_SPAN_RE = re.compile(
    r"(?=[`{<!\[&])"  # (every alternative starts with one of these: the others are not tried elsewhere)
    r"(?:(?P<code>(?<![`\\])(?P<ticks>`+)(?!`)[^\n]+?(?<!`)(?P=ticks)(?!`))"  # a code span: kept as written
    r"|(?P<raw>\{%-?\s*raw\s*-?%\}(?P<raw_text>[\s\S]*?)\{%-?\s*endraw\s*-?%\})"  # Liquid raw: its text verbatim
    r"|(?P<gone><!--[\s\S]*?-->"  # removed with what they hold
    r"|<(?P<element>script|style)\b[^>]*>[\s\S]*?</(?P=element)\s*>"
    r"|\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}"
    r"|\{::comment\}[\s\S]*?\{:/(?:comment)?\}"
    r"|\{/\*[\s\S]*?\*/\})"  # MDX comments
    # a link or image (over lines: its text here), its text up to a blank line
    r"|(?P<link>(?P<bang>!?)\[(?P<link_text>(?:[^\[\]\n]|\n(?![ \t]*\n))*)\]\((?P<url>\s*(?:<[^<>]*>|[^\s()]*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*)\))"
    r"|(?P<block>(?i:</?(?:" + "|".join(_BLOCK_ELEMENTS) + r"))\b(?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>)"
    r"|(?P<tag>\{\{[^{}]*\}\}|\{%[^{}]*%\}"  # template tags: shortcodes, Liquid/Jinja outputs and tags
    r"|\{:(?:[^{}\"'\n]|\"[^\"\n]*\"|'[^'\n]*')*\}"  # kramdown attribute lists and extensions
    # a heading's attributes (`## Modern eBPF {#docker-modern-ebpf}`, `{#id .class key=value}`: kramdown's header
    # IDs, Goldmark's `parser.attribute` in Hugo, Pandoc's `header_attributes`, PHP Markdown Extra): an id first
    r"|\{#[A-Za-z][\w:.-]*(?:[ \t]+(?:[.#][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+)))*[ \t]*\}"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>"  # raw HTML tags
    r"|\[\^[^\]\s]+\](?:[ \t]*:[ \t]?)?)"  # a footnote reference, a footnote definition's label
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});))"
)
_SPAN_CHARS = ("<", "{", "&", "[^", "](")  # (a prose run without any of these has no span to edit)
_ADMONITION_RE = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+\"(.*)\")?[ \t]*$")
_TAB_RE = re.compile(r"^(\s*)===[!+]{0,2}[ \t]+\"(.*)\"[ \t]*$")
_SNIPPET_RE = re.compile(r"^\s*-{1,}8<-{1,}[ \t]*(?P<file>\S.*)?$")
_AUTODOC_RE = re.compile(r"^(\s*):::[ \t]+\S+[ \t]*$")
_DIRECTIVE_RE = re.compile(r"^(\s*):::(?:(note|tip|info|warning|danger|caution|important|success|secondary)"
                           r"(?:\[(.*)\]|[ \t]+(\S.*?))?)?[ \t]*$", re.I)
_ALERT_RE = re.compile(r"^(\s*(?:>[ \t]?)+)\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.I)
_ESM_RE = re.compile(r"^(?:import[ \t]+(?:[\w*{}\s,]+[ \t]+from[ \t]+)?['\"][^'\"]+['\"]"
                     r"|export[ \t]+(?:default|const|let|function|\{)[^\n]*?);?[ \t]*$")
_TASK_RE = re.compile(r"^(\s*(?:[*+\-]|\d{1,9}[.)])[ \t]+)\[[ xX]\][ \t]+(?=\S)")
# a GFM table's delimiter row (GFM 0.29 §4.10: cells of "-" with optional ":", one "|" at least)
_TABLE_DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LINE_MARKS = ("!!!", "???", "===", "8<", ":::", "[", "|", "import", "export")


def source_lines(lines: list[str]) -> list[str]:
    """`lines` of a Markdown page as its generator shows them (the module's rules): the same number of lines, fenced
    code blocks as they are."""
    if any("highlight" in line for line in lines):
        lines = _highlight_fences(lines)
    if any("```" in line or "~~~" in line for line in lines):
        lines = _container_fences(lines)
    out: list[str] = []
    run: list[str] = []  # the prose lines since the last code line
    for line, code in _fenced(lines):
        if not code:
            run.append(line)
            continue
        if run:
            out += _prose(run)
            run = []
        out.append(line)
    if run:
        out += _prose(run)
    return out


# (Jekyll's `HighlightBlock` syntax: a language, then options `name` or `name=value`; Liquid's `{%-` `-%}` trim marks)
_HIGHLIGHT_RE = re.compile(r"^(\s*)\{%-?\s*highlight\s+([A-Za-z0-9.+#-]+)(?:\s+\w+(?:=(?:[\w-]+|\"[^\"]*\"))?)*"
                           r"\s*-?%\}\s*$")
_END_HIGHLIGHT_RE = re.compile(r"^(\s*)\{%-?\s*endhighlight\s*-?%\}\s*$")
_RAW_RE = re.compile(r"\{%-?\s*(end)?raw\s*-?%\}")
_TICK_RUN_RE = re.compile(r"^\s*(`{3,})")


def _highlight_fences(lines: list[str]) -> list[str]:
    """`lines` with each Jekyll `{% highlight lang %}` ... `{% endhighlight %}` block's tag lines as the fences of a
    code block (longer than any run of backticks opening a line inside it), outside fenced code and Liquid's
    `{% raw %}` (whose text Jekyll prints as written)."""
    out = list(lines)
    fence, raw = "", False
    i = 0
    while i < len(lines):
        fence, code = _fence_state(fence, lines[i])
        m = None if code or raw else _HIGHLIGHT_RE.match(lines[i])
        close = next((j for j in range(i + 1, len(lines)) if _END_HIGHLIGHT_RE.match(lines[j])), -1) if m else -1
        if close > i:
            runs = [len(t.group(1)) + 1 for line in lines[i + 1:close] if (t := _TICK_RUN_RE.match(line))]
            ticks = "`" * max([3, *runs])
            out[i] = f"{m.group(1)}{ticks}{m.group(2)}"
            out[close] = _END_HIGHLIGHT_RE.match(lines[close]).group(1) + ticks
            i = close + 1
            continue
        for r in _RAW_RE.finditer(lines[i]) if not code and "raw" in lines[i] else ():
            raw = r.group(1) is None
        i += 1
    return out


_INDENTED_FENCE_RE = re.compile(r"^[ \t]{4,}(`{3,}|~{3,})")


def _container_fences(lines: list[str]) -> list[str]:
    """`lines` with a fenced code block indented by four spaces or more (inside an admonition, a content tab, a list
    item: pymdownx `superfences`, CommonMark §5.2 list items) opened and closed at the line start, its code lines as
    they are: a code block, as the site shows it (unindented, such a block is an indented code block, §4.4, code
    as well)."""
    out = list(lines)
    fence = ""
    i = 0
    while i < len(lines):
        fence, code = _fence_state(fence, lines[i])
        m = None if code else _INDENTED_FENCE_RE.match(lines[i])
        if m:
            indent = m.start(1)
            close = next((j for j in range(i + 1, len(lines)) if (c := _INDENTED_FENCE_RE.match(lines[j]))
                          and c.start(1) == indent and c.group(1)[0] == m.group(1)[0]
                          and len(c.group(1)) >= len(m.group(1)) and not lines[j][c.end():].strip()), -1)
            if close > i:
                out[i], out[close] = lines[i].lstrip(), lines[close].lstrip()
                i = close
        i += 1
    return out


def _prose(lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    if any(c in text for c in _SPAN_CHARS):
        text = _SPAN_RE.sub(_replace, text)
        lines = text.split("\n")
    if any(mark in text for mark in _LINE_MARKS):
        lines = _line_rules(lines)
    return lines


# Kubernetes' `glossary_tooltip` shortcode (kubernetes/website `layouts/shortcodes/glossary_tooltip.html`): named
# parameters, quoted; it prints `text`, else the glossary entry's title (`term_id` names the entry's file)
_TOOLTIP_RE = re.compile(r"\{\{<\s*glossary_tooltip\s")
_PARAM_RE = re.compile(r"(\w+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _tooltip_text(tag: str) -> str:
    """The words a `glossary_tooltip` shortcode shows: its `text`, else its `term_id` with hyphens as spaces."""
    params = {k: a or b for k, a, b in _PARAM_RE.findall(tag)}
    return params.get("text") or params.get("term_id", "").replace("-", " ")


def _replace(m: re.Match) -> str:
    kind = m.lastgroup  # (the outermost group: it closes last)
    if kind == "code":
        return m.group(0)
    if kind == "raw":
        return m.group("raw_text")
    if kind == "entity":
        return html_lib.unescape(m.group(0)).replace("\u00a0", " ")
    if kind == "link":  # one line: `strip_markdown_inline`'s; over lines (its text or URL wraps): its text here
        if "\n" not in m.group(0):
            return f"{m.group('bang')}[{_SPAN_RE.sub(_replace, m.group('link_text'))}]({m.group('url')})"
        if m.group("bang"):
            return "\n" * m.group(0).count("\n")
        return _SPAN_RE.sub(_replace, m.group("link_text")) + "\n" * m.group("url").count("\n")
    if kind == "block":
        return " "
    if kind == "tag" and _TOOLTIP_RE.match(m.group(0)):
        return _tooltip_text(m.group(0)) + "\n" * m.group(0).count("\n")
    return "\n" * m.group(0).count("\n")  # gone, tag: the line breaks it spanned stay


def _line_rules(lines: list[str]) -> list[str]:
    out = list(lines)
    snippets = False  # inside a block of snippet file names (`--8<--` alone opens and closes it)
    autodoc = -1  # the indent of an mkdocstrings `:::` line whose options follow
    for i, line in enumerate(lines):
        if autodoc >= 0:
            if line.strip() and len(line) - len(line.lstrip()) > autodoc:
                out[i] = ""
                continue
            autodoc = -1
        if m := _SNIPPET_RE.match(line):
            snippets = snippets != (m.group("file") is None)
            out[i] = ""
            continue
        if snippets:
            out[i] = ""
            continue
        if ":::" in line and (m := _DIRECTIVE_RE.match(line)):
            title = m.group(3) if m.group(3) is not None else m.group(4) or (m.group(2) or "").capitalize()
            out[i] = m.group(1) + title if title.strip() else ""
        elif m := _AUTODOC_RE.match(line):
            out[i], autodoc = "", len(m.group(1))
        elif "[!" in line and (m := _ALERT_RE.match(line)):
            out[i] = m.group(1) + m.group(2).capitalize()
        elif line.startswith(("import", "export")) and _ESM_RE.match(line):
            out[i] = ""
        elif m := _ADMONITION_RE.match(line):
            title = m.group(2).capitalize() if m.group(3) is None else m.group(3)
            out[i] = m.group(1) + title if title.strip() else ""
        elif m := _TAB_RE.match(line):
            out[i] = m.group(1) + m.group(2)
        elif "[" in line and (m := _TASK_RE.match(line)):
            out[i] = m.group(1) + line[m.end():]
        elif "|" in line and i and "|" in lines[i - 1] and _TABLE_DELIMITER_RE.match(line):
            _edge_pipes(lines, out, i)
    return out


def _edge_pipes(lines: list[str], out: list[str], delimiter: int) -> None:
    """The rows of the GFM table whose delimiter row is line `delimiter` (its header the line before, its body rows
    the lines after, up to a blank line or a line without "|") with the edge pipes GFM makes optional ("a | b" is
    "| a | b |"), as the segmenter reads a table row."""
    end = delimiter + 1
    while end < len(lines) and lines[end].strip() and "|" in lines[end]:
        end += 1
    for j in range(delimiter - 1, end):
        row = out[j].strip()
        out[j] = ("" if row.startswith("|") else "| ") + row + ("" if row.endswith("|") else " |")
