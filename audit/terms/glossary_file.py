"""The glossary file: its YAML format, safe loading with line-numbered errors (the matcher is `audit.terms.glossary`).

Format (UTF-8 YAML, read with `yaml.safe_load`; the shipped one is `audit/data/glossary.yml`)::

    concepts:                       # required: a non-empty list of concept mappings
      - name: Bell's palsy          # required: the concept's name (it always counts as a form)
        category: condition         # required: free text; the shipped glossary uses condition, symptom, cause,
                                    #   diagnostic, treatment
        variants:                   # optional list: synonyms, spellings, abbreviations; an item is a string, or a
          - Bell palsy              #   mapping {term: ..., case_sensitive: true} to override the concept's setting
          - {term: BP, case_sensitive: true}
        plain: Sudden weakness of one side of the face ...   # optional plain-language explanation
        definition: |               # optional: the source's whole definition when it runs past `plain` (paragraphs
          Sudden weakness ...       #   apart by a blank line; `audit glossary import` keeps it): read only for the
                                    #   other names it gives the concept (`definition_names`), never shown
        technical: true             # optional (default false): a medical term the jargon check looks at
        case_sensitive: false       # optional (default false): every form of the concept matches exact case only
                                    #   (for abbreviations: "MS" the disease, not "ms")
        synonyms: [mondo]           # optional: this concept accepts the shipped vocabularies' synonyms (true: all
                                    #   four; a name or a list of mondo, do, medquad, mesh; false: none); overrides the
                                    #   top-level `synonyms:` below
        definition_names: false     # optional (default true): the other names `plain` (or `definition`) gives
                                    #   the concept ("Also called a drug list.") are not its forms
                                    #   (`audit.terms.definition_names`), nor the short form the glossary's
                                    #   definitions write for it ("root": `audit.terms.short_forms`)
        see_also: [...]             # any extra key is allowed and kept in Concept.extra
    synonyms: all                   # optional, top level: every concept accepts the shipped vocabularies'
                                    #   synonyms (all | true | a name or a list of mondo, do, medquad, mesh | false)
    definition_names: false         # optional, top level: no concept takes the names its `plain` gives it; a
                                    #   concept's own `definition_names:` overrides it

A concept that accepts a vocabulary's synonyms matches them as its variants, each with its reason ("synonym from
MONDO:0002492") in terms.csv's `how`: the variants `audit glossary suggest` proposes from that vocabulary, applied
because the glossary says so (`audit.terms.synonyms.consented`; nothing is applied without it). A concept also
matches the other names its own `plain` (or `definition`, when the glossary keeps the whole) gives it ("Also
called a drug list."; reason "named in its definition",
`audit.terms.definition_names`) and, as a partial match, the short form the glossary's definitions write for it
("root" for *Root certificate*: `audit.terms.short_forms`), unless it says `definition_names: false`. Top-level keys
other than `concepts`, `synonyms` and `definition_names` are allowed (e.g. `version`). Names must be unique
(case-insensitive) and one form may belong to one concept only. A malformed file raises `GlossaryError` naming the file, line and problem.
"""
from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from audit.config import ConfigError

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "glossary.yml"
KNOWN_KEYS = ("name", "category", "variants", "plain", "definition", "technical", "case_sensitive", "synonyms",
              "definition_names")
VOCABULARIES = ("mondo", "do", "medquad", "mesh")  # the shipped vocabularies a glossary may accept synonyms from
SYNONYM_REASON = "synonym from"  # (an accepted synonym's reason starts so: `audit.terms.synonyms.Vocabulary.cite`)


class GlossaryError(ConfigError):
    """The glossary file is missing or malformed; the message names the file, the line and the problem.

    A `ConfigError` (hence a `ValueError`): the CLI reports it like any other configuration error."""


@dataclass(frozen=True)
class Form:
    term: str
    case_sensitive: bool = False
    reason: str = ""  # an accepted vocabulary synonym's ("synonym from MONDO:0002492"), a name read from the
    #   concept's definition ("named in its definition"); the file's own: ""

    @property
    def own(self) -> bool:
        """One of the glossary file's own forms (its name or a variant), not one the audit added to it."""
        return not self.reason

    @property
    def accepted(self) -> bool:
        """A vocabulary's synonym the glossary accepts (`audit.terms.synonyms.consented`), not one of its own forms."""
        return self.reason.startswith(SYNONYM_REASON)


def paragraphs(text: str) -> str:
    """A definition's paragraphs (apart by blank lines), each with its white space squashed, joined by a blank line."""
    paras = (" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n"))
    return "\n\n".join(p for p in paras if p)


@dataclass(frozen=True)
class Concept:
    name: str
    category: str
    forms: tuple[Form, ...]  # the name first, then the variants
    plain: str = ""
    definition: str = ""  # the source's whole definition (paragraphs joined by "\n\n"), when it runs past `plain`
    technical: bool = False
    case_sensitive: bool = False
    line: int = 0  # 1-based line of the concept's mapping in the file
    synonyms: tuple[str, ...] = ()  # the shipped vocabularies whose synonyms it accepts (`VOCABULARIES`)
    definition_names: bool = True  # the other names its `plain` gives it are its forms (`audit.terms.definition_names`)
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]
    path: str
    sha256: str

    @property
    def categories(self) -> list[str]:
        return sorted({c.category for c in self.concepts})

    def __len__(self) -> int:
        return len(self.concepts)

    def by_name(self) -> dict[str, Concept]:
        return {c.name: c for c in self.concepts}


def glossary_path(setting: str = "") -> Path:
    """The glossary a run uses: `[terms] glossary` / `--glossary FILE`, or the shipped one when empty."""
    return Path(setting) if setting else SHIPPED


MAX_GLOSSARY_BYTES = 20_000_000  # a larger glossary file is refused before it is read
_PARSED: dict[tuple[str, str], Glossary] = {}  # (path, sha256) -> parsed: one parse per file version per process


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Read and parse a glossary file: a regular file (a FIFO or /dev/zero is refused, never read) of at most
    `MAX_GLOSSARY_BYTES`, parsed once per process for each version of its contents."""
    from audit.safe import InputFileError, printable, read_capped

    path = glossary_path(str(path) if path else "")
    try:
        data = read_capped(path, MAX_GLOSSARY_BYTES, "glossary file")
    except InputFileError as exc:
        raise GlossaryError(str(exc)) from None
    digest = hashlib.sha256(data).hexdigest()
    cached = _PARSED.get((str(path), digest))
    if cached is not None:
        return cached
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{printable(path.name)}: not UTF-8 text ({exc})") from None
    glossary = _PARSED[(str(path), digest)] = parse_glossary(text, name=str(path), sha256=digest)
    return glossary


def _yaml_once(text: str) -> tuple[yaml.Node | None, Any]:
    """The YAML document's node tree and its data from one parse (libyaml's C parser when present). Aliases
    (`*name`) are refused before any data is built: an alias bomb (a few hundred bytes) would expand to gigabytes.
    (Composing keeps an alias as a second reference to its anchor's node: one walk with a set of seen nodes finds
    it, in time linear in the file.)"""
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
        seen: set[int] = set()
        stack = [node] if node is not None else []
        while stack:
            n = stack.pop()
            if id(n) in seen:
                raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed in a glossary (one refers to the "
                                           "anchor here)", problem_mark=n.start_mark)
            seen.add(id(n))
            if isinstance(n, yaml.SequenceNode):
                stack.extend(n.value)
            elif isinstance(n, yaml.MappingNode):
                for k, v in n.value:
                    stack.extend((k, v))
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _mark(node: yaml.Node | None) -> str:
    if node is None:
        return ""
    return f" line {node.start_mark.line + 1}"


def parse_glossary(text: str, name: str = "<glossary>", sha256: str = "") -> Glossary:
    """Parse and validate glossary YAML text (see the module docstring for the format)."""
    short = Path(name).name
    try:
        root, data = _yaml_once(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        context = exc.context or ""
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            context += f" (line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        problem = ": ".join(p for p in (context, exc.problem) if p)
        raise GlossaryError(f"{short}{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{short}: invalid YAML: {exc}") from None

    def fail(node: yaml.Node | None, problem: str) -> GlossaryError:
        return GlossaryError(f"{short}{_mark(node)}: {problem}")

    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise fail(root, "the top level must be a mapping with a `concepts:` list")
    nodes = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    if "concepts" not in data:
        raise fail(root, "missing the top-level `concepts:` list")
    items, seq = data["concepts"], nodes.get("concepts")
    if not isinstance(items, list) or not isinstance(seq, yaml.SequenceNode) or not items:
        raise fail(seq, "`concepts` must be a non-empty list of mappings")

    def vocabularies(value: Any, node: yaml.Node | None, label: str) -> tuple[str, ...]:
        """`synonyms:` as the vocabularies it names: all | true (every one), false (none), a name or a list."""
        if value is True or value == "all":
            return VOCABULARIES
        if value is False or value is None:
            return ()
        names = [value] if isinstance(value, str) else value
        if isinstance(names, list) and all(isinstance(n, str) and n.strip().casefold() in VOCABULARIES
                                           for n in names):
            return tuple(v for v in VOCABULARIES if v in {n.strip().casefold() for n in names})
        raise fail(node, f"{label}: `synonyms` must be true, false, all, or one or a list of "
                         f"{', '.join(VOCABULARIES)}; got {value!r}")

    accepted = vocabularies(data.get("synonyms"), nodes.get("synonyms"), "the glossary")
    named = data.get("definition_names", True)
    if not isinstance(named, bool):
        raise fail(nodes.get("definition_names"), f"the glossary: `definition_names` must be true or false, "
                                                  f"got {named!r}")
    concepts: list[Concept] = []
    seen_names: dict[str, int] = {}
    for item, node in zip(items, seq.value):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise fail(node, f"a concept must be a mapping with name and category, got {type(item).__name__}")
        keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        label = f"concept {item.get('name')!r}" if isinstance(item.get("name"), str) else "concept"
        for key in ("name", "category"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                what = "missing" if key not in item else "not a non-empty string"
                raise fail(keys.get(key, node), f"{label}: `{key}` is {what}")
        for key in ("technical", "case_sensitive", "definition_names"):
            if key in item and not isinstance(item[key], bool):
                raise fail(keys.get(key), f"{label}: `{key}` must be true or false, got {item[key]!r}")
        for key in ("plain", "definition"):
            if key in item and item[key] is not None and not isinstance(item[key], str):
                raise fail(keys.get(key), f"{label}: `{key}` must be a string")
        concept_name = " ".join(item["name"].split())
        case_sensitive = bool(item.get("case_sensitive", False))
        raw_variants = item.get("variants") or []
        if not isinstance(raw_variants, list):
            raise fail(keys.get("variants"), f"{label}: `variants` must be a list")
        vnodes = keys["variants"].value if isinstance(keys.get("variants"), yaml.SequenceNode) else []
        forms = [Form(concept_name, case_sensitive)]
        for v, vnode in itertools.zip_longest(raw_variants, vnodes):
            if isinstance(v, str) and v.strip():
                form = Form(" ".join(v.split()), case_sensitive)
            elif isinstance(v, dict) and isinstance(v.get("term"), str) and v["term"].strip() \
                    and isinstance(v.get("case_sensitive", case_sensitive), bool):
                form = Form(" ".join(v["term"].split()), v.get("case_sensitive", case_sensitive))
            else:
                raise fail(vnode, f"{label}: a variant must be a non-empty string or a mapping "
                                  f"{{term: ..., case_sensitive: true|false}}, got {v!r}")
            if form not in forms:
                forms.append(form)
        folded = concept_name.casefold()
        if folded in seen_names:
            raise fail(node, f"{label}: duplicate name (first defined on line {seen_names[folded]})")
        seen_names[folded] = line
        concepts.append(Concept(
            name=concept_name, category=" ".join(item["category"].split()).lower(), forms=tuple(forms),
            plain=" ".join((item.get("plain") or "").split()), definition=paragraphs(item.get("definition") or ""),
            technical=bool(item.get("technical", False)),
            case_sensitive=case_sensitive, line=line,
            synonyms=vocabularies(item["synonyms"], keys.get("synonyms"), label) if "synonyms" in item else accepted,
            definition_names=item.get("definition_names", named),
            extra={k: v for k, v in item.items() if k not in KNOWN_KEYS},
        ))
    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Glossary(tuple(concepts), name, sha256)
