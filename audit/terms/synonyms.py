"""Variants for a glossary's concepts from a real vocabulary: proposed by `audit glossary suggest`, applied only where
the glossary accepts them (`synonyms:` in the glossary file, per concept or for all: `consented`).

Four vocabularies are shipped (offline), and read together unless `--vocabulary FILE` names another:

- `audit/data/synonyms-medquad.tsv.gz` (132 kB): the other names NIH's editors list for 3,386 disorders in GARD
  and Genetics Home Reference, taken from MedQuAD (CC BY 4.0; `benchmarks/terms/build_synonyms.py`, pinned commit);
- `audit/data/synonyms-do.tsv.gz` (215 kB): the Human Disease Ontology's EXACT synonyms of 6,482 diseases with their
  MeSH / OMIM / DOID ids (CC0 1.0; `benchmarks/terms/build_do_synonyms.py`, pinned commit);
- `audit/data/synonyms-mondo.tsv.gz` (435 kB): 13,371 Mondo diseases with a MeSH or OMIM id, with the EXACT synonyms
  of the Disease Ontology, NCI Thesaurus and Orphanet terms Mondo maps to each (CC BY 4.0 / CC0;
  `benchmarks/terms/build_mondo_synonyms.py`, pinned commit);
- `audit/data/synonyms-mesh.tsv.gz` (170 kB): NLM's Medical Subject Headings 2025, the 5,182 descriptors of diseases
  (tree C) and mental disorders (F03), each heading with its entry terms (17,743: "Hypoadrenalism" for *Adrenal
  Insufficiency*) and its id (public domain, NLM; extracted by two MIT-licensed projects:
  `benchmarks/terms/build_mesh_synonyms.py`, pinned commits). MeSH's entry terms also name a descriptor's narrower
  concepts ("Asterixis" under *Dyskinesias*), so the tables learnt from exact-synonym pairs do not read it
  (`EXACT_KINDS`); its id is the descriptor's own, so an entry a concept's MeSH id finds is that concept
  (`_too_loose`'s `own_id`).

A proposal that would give the concept another concept's form, or a lone common word, once the matcher derives its
forms ("Wilms tumor and pseudohermaphroditism" for Denys-Drash syndrome gives "Wilms tumor") is left out, and so is
a synonym that would match more than the concept (`_too_loose`: "condition", "G6PD" for G6PD deficiency, "ATM", "DM").

Format (gzip'd or plain): `name<TAB>synonym|synonym|…[<TAB>xref|xref|…]`, `#` lines ignored.

A concept matches a vocabulary entry when one of its forms (abbreviations such as "PD" aside: ambiguous), or a form
derived from them (`audit.terms.forms`), folds
(case, apostrophes, plurals, hyphens: `audit.terms.keys.token_key`) to the entry's name or one of its synonyms; the
suggestions are the entry's other names that the concept does not have yet and that no other concept of the
glossary already matches. A concept that carries an id (`id:`, `mesh:`, `omim:`, `doid:` or `xrefs:` in the
glossary, e.g. `id: D014842` or `id: OMIM:215600`) also matches the entries with that cross-reference, whatever its
name (NCBI-disease names concepts by abbreviations: "DM"). The output is YAML for a person to read and copy from:
the glossary file is never changed.

A glossary that says `synonyms: all` (or names some of `mondo`, `do`, `medquad`, `mesh`; per concept or at the top,
`audit.terms.glossary_file`) is matched with those proposals from those vocabularies as its concepts' variants
(`consented`), each with its reason: "synonym from MONDO:0002492", "synonym from DOID:9352", "synonym from
MESH:D000309", "synonym from MedQuAD (<the entry's name>)". An accepted synonym matches as itself and as the forms
derived from it, but makes no partial parts (`audit.terms.form_sequences.derived_sequences`): a part stands for the concept
only when the glossary's own name has it. A proposal made for two concepts, or one the matcher would read as another
concept's own form,
is left out, as a person copying the suggestions would have to leave it out (the matcher refuses a form two concepts
share).
"""
from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from audit.terms.glossary_file import SYNONYM_REASON

DATA = Path(__file__).resolve().parents[1] / "data"
SHIPPED_VOCABULARY = DATA / "synonyms-medquad.tsv.gz"
SHIPPED_VOCABULARIES = (SHIPPED_VOCABULARY, DATA / "synonyms-do.tsv.gz", DATA / "synonyms-mondo.tsv.gz",
                        DATA / "synonyms-mesh.tsv.gz")
SHIPPED_KINDS = ("medquad", "do", "mondo", "mesh")  # (as `audit.terms.glossary_file.VOCABULARIES` names them)
# the vocabularies of exact synonyms, which the tables learnt from synonym pairs (`benchmarks/terms/build_heads.py`,
# qualifiers, pertainyms, disease words, lower words) read: MeSH's entry terms also name its narrower concepts
# ("Asterixis" under *Dyskinesias*), so no pair of them says two names are one
EXACT_KINDS = ("medquad", "do", "mondo")
EXACT_VOCABULARIES = tuple(p for p, k in zip(SHIPPED_VOCABULARIES, SHIPPED_KINDS) if k in EXACT_KINDS)
ID_KEYS = ("id", "mesh", "omim", "doid", "xref", "xrefs")
REASON = SYNONYM_REASON
_CITED = {"mondo": "MONDO:", "do": "DOID:", "mesh": "MESH:"}  # the id an accepted synonym's reason cites, per vocabulary
OWN_ID_KINDS = ("mesh",)  # vocabularies whose entries' ids are their own (not mappings): see `_too_loose`'s `own_id`


@dataclass(frozen=True)
class Vocabulary:
    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (name, synonyms)
    source: str
    xrefs: tuple[tuple[str, ...], ...] = ()  # per entry: its ids ("MESH:D014842", "OMIM:215600", "DOID:12345")
    kinds: tuple[str, ...] = ()  # per entry: the shipped vocabulary it is from (`SHIPPED_KINDS`; "": another file)

    def cite(self, ei: int) -> str:
        """The reason an accepted synonym of entry `ei` carries: "synonym from MONDO:0002492" (its Mondo or DO id),
        "synonym from MedQuAD (Hemophilia B)" (MedQuAD's entries have no id: the entry's name)."""
        kind = self.kinds[ei] if ei < len(self.kinds) else ""
        prefix = _CITED.get(kind)
        ids = [x for x in self.xrefs[ei] if x.startswith(prefix)] if prefix and ei < len(self.xrefs) else []
        if ids:
            return f"{REASON} {ids[0]}"
        return f"{REASON} {'MedQuAD' if kind == 'medquad' else kind or 'vocabulary'} ({self.entries[ei][0]})"


def _read(path: Path) -> tuple[list, list, str]:
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8-sig")
    entries, xrefs, source = [], [], ""
    for line in text.splitlines():
        if line.startswith("#"):
            source = source or line.lstrip("# ").strip()
            continue
        name, _, rest = line.partition("\t")
        syns, _, ids = rest.partition("\t")
        name = " ".join(name.split())
        if name:
            entries.append((name, tuple(s for s in (" ".join(x.split()) for x in syns.split("|")) if s)))
            xrefs.append(tuple(x.strip().upper() for x in ids.split("|") if x.strip()))
    return entries, xrefs, source or path.name


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """The vocabulary at `path`, or the shipped ones together."""
    if not path and _SHIPPED:
        return _SHIPPED[0]
    entries, xrefs, sources, kinds = [], [], [], []
    for p, kind in ([(Path(path), "")] if path else zip(SHIPPED_VOCABULARIES, SHIPPED_KINDS)):
        e, x, source = _read(p)
        entries += e
        xrefs += x
        kinds += [kind] * len(e)
        sources.append(source)
    vocabulary = Vocabulary(tuple(entries), "; ".join(sources), tuple(xrefs), tuple(kinds))
    if not path:
        _SHIPPED.append(vocabulary)  # (read once per process: a glossary that accepts synonyms reads them each run)
    return vocabulary


_SHIPPED: list[Vocabulary] = []


def exact_entries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The entries of the shipped vocabularies of exact synonyms (`EXACT_KINDS`), in their order."""
    v = load_vocabulary()
    return tuple(e for e, kind in zip(v.entries, v.kinds) if kind in EXACT_KINDS)


def concept_ids(concept) -> set[str]:
    """A concept's ids as the vocabularies write them ("D014842" -> "MESH:D014842"; "OMIM:215600")."""
    out = set()
    for key in ID_KEYS:
        value = concept.extra.get(key)
        for v in (value if isinstance(value, list) else [value]):
            for x in str(v).replace("|", " ").replace(",", " ").split() if v is not None else ():
                x = x.upper()
                if ":" not in x:
                    x = f"MESH:{x}" if x[:1] in "DC" and x[1:].isdigit() else f"OMIM:{x}" if x.isdigit() else x
                out.add(x.replace("MIM:", "OMIM:").replace("OOMIM:", "OMIM:"))
    return out


def _abbreviation(term: str) -> bool:
    """A short all-capital term ("PD", "MS", "BEB"): ambiguous across vocabularies, never used to match."""
    letters = [ch for ch in term if ch.isalpha()]
    return len(letters) <= 6 and sum(ch.isupper() for ch in letters) >= max(2, len(letters) - 1)


def _key(text: str, nlp) -> tuple[str, ...]:
    """The folded words of a term (hyphens as spaces), as spaCy's tokenizer splits them. Words of letters only that
    are no tokenizer exception ("cannot") are split by spaCy at the spaces alone: those without a `Doc` (the
    vocabularies' 80,000 names and synonyms are read once a run when the glossary accepts them)."""
    from audit.terms.keys import token_key

    words = text.replace("-", " ").split()
    if all(w.isalpha() for w in words) and nlp.tokenizer.rules.keys().isdisjoint(words):
        return tuple(token_key(w) for w in words)
    return tuple(k for k in (token_key(t.text) for t in nlp.make_doc(text.replace("-", " "))) if k != "_sp_")


def _derives_elsewhere(term: str, concept: str, owned: dict, nlp) -> bool:
    """Would accepting `term` give the concept a form that is another concept's, or a lone common word? The
    matcher derives forms from every variant (`audit.terms.forms`): "Wilms tumor and pseudohermaphroditism"
    (Denys-Drash syndrome) would also give "Wilms tumor", another concept; "Early-onset, autosomal dominant
    Alzheimer disease" would give "early-onset" (a qualifier, dropped after the comma)."""
    from audit.terms.forms import derived_forms
    from audit.terms.parts import distinctive
    from audit.terms.titles import AUDIENCE

    for form, why, exact in derived_forms(term):
        key = _key(form, nlp)
        if exact or not key or why.startswith(AUDIENCE):
            continue  # (stop 39: a title's audience is dropped from the glossary's own names only, not a synonym's)
        parts = [p for p in form.casefold().split("-") if len(p) >= 4]  # ("early-onset": "early" is common)
        lone = len(form.split()) == 1 and "derivation" not in why and not (parts and all(map(distinctive, parts)))
        if owned.get(key, concept) != concept or lone:
            return True
    return False


def _content(term: str) -> Counter:
    """The content words of a term, folded; a hyphenated compound one word ("Denys-Drash": "Drash syndrome" is no
    broader "Denys-Drash syndrome")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from audit.terms.keys import token_key

    words = re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", term)
    return Counter("-".join(token_key(p) for p in w.split("-")) for w in words if w.casefold() not in STOP_WORDS)


def _too_loose(term: str, own_words: list[Counter], longs: list[str], nlp, own_id: bool = False) -> bool:
    """A vocabulary's "exact synonym" that would match more than the concept (stop 16, measured on
    `ncbi-disease-dev`, `benchmarks/terms/README.md`):

    - a generic head alone ("disorder", "condition" for *disease*): it names no disease;
    - the concept's own name with a modifier left out, in any order ("pancreatic carcinoma" for *familial
      pancreatic carcinoma*, "amino acid metabolism disorder" for *inborn disorder of amino acid metabolism*: the
      broader class), or an abbreviation that is the name without its head ("G6PD" for *G6PD deficiency*: the
      enzyme, not its deficiency); a generic head alone may go ("infertility" for *infertility disorder*);
    - the concept's own name with a modifier added ("sporadic papillary renal cell carcinoma" for *renal cell
      carcinoma*, "familial Alzheimer disease"): a subtype, which the name already matches inside, and whose parts
      ("sporadic carcinoma") would name other things;
    - an abbreviation that abbreviates none of the entry's names nor the concept's forms (Schwartz & Hearst's
      letter test, `audit.terms.jargon.long_form`, a generic head giving its initial only): "ATM" (the gene)
      for *ataxia telangiectasia* ("ataxia telangiectasia syndrome" has no M but in "syndrome");
    - two letters alone ("DM": diabetes mellitus or myotonic dystrophy; "HD", "CH"): ambiguous across a site's
      topics; where a page defines one ("myotonic dystrophy (DM)") the matcher counts it without the glossary. A
      hyphen or a digit marks one ("A-T", "AO2").

    `own_id`: the entry was found by its own id (a MeSH descriptor's, `OWN_ID_KINDS`), which the concept carries
    (`concept_ids`), so its names are the concept's whatever the glossary's name says: a name of it with fewer words
    than the concept's is not broader (*visual hallucinations* with MeSH's id D006212 is MeSH's *Hallucinations*).
    Abbreviations and subtypes are tested as above ("G6PD" of *G6PD deficiency* names the enzyme whatever the id;
    MeSH lists its narrower concepts' names as entry terms: "Papillary Renal Cell Carcinoma")."""
    from audit.terms.jargon import long_form as _long_form
    from audit.terms.variants import GENERIC_HEADS

    key = _key(term, nlp)
    if not key or all(k in GENERIC_HEADS for k in key):
        return True
    abbreviation, words = _abbreviation(term), _content(term)
    for own in own_words:
        if words == own or not words:
            continue
        if not words - own and (abbreviation or not own_id and any(k not in GENERIC_HEADS for k in own - words)):
            return True  # (fewer words: broader, or the modifier alone)
        if not own - words and any(k not in GENERIC_HEADS for k in words - own):
            return True  # (more words: a subtype)
    if not abbreviation:
        return False
    if len(term) <= 2 and term.isalpha():
        return True
    return not any(_long_form(term, [w[0] if w.casefold() in GENERIC_HEADS else w for w in t.replace("-", " ").split()])
                   for t in longs if t.casefold() != term.casefold())


_INDEX: dict[int, tuple[Vocabulary, dict, dict]] = {}  # id(vocabulary) -> (it, {key: entries}, {id: entries})


def _index(vocabulary: Vocabulary, nlp) -> tuple[dict, dict]:
    """The vocabulary's entries by the folded words of their names and synonyms (abbreviations aside), and by their
    ids; built once per vocabulary per process."""
    cached = _INDEX.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1], cached[2]
    index: dict[tuple[str, ...], list[int]] = {}
    for ei, (name, syns) in enumerate(vocabulary.entries):
        for term in (name,) + syns:
            if not _abbreviation(term):  # ("PD": Parkinson disease or prolidase deficiency?)
                index.setdefault(_key(term, nlp), []).append(ei)
    by_id: dict[str, list[int]] = {}
    for ei, ids in enumerate(vocabulary.xrefs):
        for x in ids:
            by_id.setdefault(x, []).append(ei)
    _INDEX[id(vocabulary)] = (vocabulary, index, by_id)
    return index, by_id


def _proposals(glossary, vocabulary: Vocabulary, nlp, kinds=None) -> list[tuple[int, list[int], dict[str, int]]]:
    """Per concept with proposals: (its index, the entries it matched, {proposed term: the entry it is from}).
    `kinds(concept)`: the vocabularies the concept takes proposals from (`Vocabulary.kinds`; None: every entry)."""
    from audit.terms.forms import derived_forms

    index, by_id = _index(vocabulary, nlp)
    owned: dict[tuple[str, ...], str] = {}  # every key a glossary concept already has -> the concept
    for c in glossary.concepts:
        for f in c.forms:
            owned.setdefault(_key(f.term, nlp), c.name)
    out = []
    for ci, c in enumerate(glossary.concepts):
        allowed = None if kinds is None else kinds(c)
        if allowed is not None and not allowed:
            continue
        hits: list[int] = []
        for x in sorted(concept_ids(c)):
            hits += [ei for ei in by_id.get(x, ()) if ei not in hits]
        # (entries whose own id the concept carries: a MeSH descriptor's only id is its own; the other vocabularies'
        # ids of MeSH or OMIM are mappings, some looser than the entry: DO's "pancreatic carcinoma" has OMIM:260350)
        by_own_id = {ei for ei in hits if ei < len(vocabulary.kinds) and vocabulary.kinds[ei] in OWN_ID_KINDS}
        terms = [f.term for f in c.forms if not f.case_sensitive and not _abbreviation(f.term)]
        terms += [t for t in terms for t, _why, exact in derived_forms(t) if not exact]
        for term in terms:
            for ei in index.get(_key(term, nlp), ()):
                if ei not in hits:
                    hits.append(ei)
        if allowed is not None:
            hits = [ei for ei in hits if vocabulary.kinds[ei] in allowed]
        proposals: dict[str, int] = {}
        own_words = [_content(f.term) for f in c.forms if not f.case_sensitive]
        for ei in hits:
            name, syns = vocabulary.entries[ei]
            longs = [t for t in (name,) + syns if not _abbreviation(t)] + [f.term for f in c.forms]
            for s in (name,) + syns:
                if _key(s, nlp) not in owned and s.casefold() not in (p.casefold() for p in proposals) \
                        and not _too_loose(s, own_words, longs, nlp, ei in by_own_id) \
                        and not _derives_elsewhere(s, c.name, owned, nlp):
                    proposals[s] = ei
        if proposals:
            out.append((ci, hits, proposals))
    return out


def suggest(glossary, vocabulary: Vocabulary) -> list[dict]:
    """Per concept with suggestions: {name, matched (the vocabulary names it matched), suggested_variants (as a
    glossary's `variants:` list: an abbreviation as {term, case_sensitive: true}), from ({variant: the entry it is
    from, as `consented` cites it: "MONDO:0002492"})}."""
    from audit.nlp import load_nlp

    # (an abbreviation as a case-sensitive variant: "AS" is not "as")
    return [{"name": glossary.concepts[ci].name, "matched": [vocabulary.entries[ei][0] for ei in hits],
             "suggested_variants": [{"term": p, "case_sensitive": True} if _abbreviation(p) else p for p in proposals],
             "from": {p: vocabulary.cite(ei).removeprefix(f"{REASON} ") for p, ei in proposals.items()}}
            for ci, hits, proposals in _proposals(glossary, vocabulary, load_nlp(""))]


def consented(glossary, tokenize, key_sequences):
    """The glossary with the synonyms its concepts accept (`Concept.synonyms`: the shipped vocabularies named) added
    to their forms, each with its reason (`Vocabulary.cite`): the variants `suggest` proposes from those
    vocabularies, less a proposal made for two concepts, or one whose matcher sequences another concept's form (own
    or accepted before it) gives (the matcher would refuse it). `tokenize(text)` -> token texts; `key_sequences
    (tokens)` -> the folded sequences a form stands for (`audit.terms.glossary`). A glossary accepting none is
    returned as it is."""
    from dataclasses import replace

    from audit.nlp import load_nlp
    from audit.terms.glossary_file import Form

    if not any(c.synonyms for c in glossary.concepts):
        return glossary
    vocabulary = load_vocabulary()

    def sequences(term: str, exact: bool) -> set[tuple]:
        tokens = tokenize(term)
        if not exact:
            return {("folded", s) for s in key_sequences(tokens)}
        plural = len(tokens) == 1 and tokens[0].isupper() and tokens[0].isalpha()  # ("MRIs", as the matcher reads it)
        return {("exact", tuple(tokens))} | ({("exact", (tokens[0] + "s",))} if plural else set())

    owner: dict[tuple, int] = {}
    for ci, c in enumerate(glossary.concepts):
        for f in c.forms:
            for seq in sequences(f.term, f.case_sensitive):
                owner.setdefault(seq, ci)
    proposed = _proposals(glossary, vocabulary, load_nlp(""), kinds=lambda c: c.synonyms)
    count = Counter(t.casefold() for _ci, _hits, proposals in proposed for t in proposals)
    added: dict[int, list] = {}
    for ci, _hits, proposals in proposed:
        for term, ei in proposals.items():
            exact = _abbreviation(term)
            seqs = sequences(term, exact)
            if count[term.casefold()] > 1 or any(owner.get(seq, ci) != ci for seq in seqs):
                continue
            owner.update(dict.fromkeys(seqs, ci))
            added.setdefault(ci, []).append(Form(term, exact, vocabulary.cite(ei)))
    if not added:
        return glossary
    return replace(glossary, concepts=tuple(replace(c, forms=c.forms + tuple(added.get(ci, ())))
                                            for ci, c in enumerate(glossary.concepts)))


def to_yaml(suggestions: list[dict], vocabulary: Vocabulary, glossary_name: str) -> str:
    head = (f"# Variants suggested for {glossary_name} from {vocabulary.source}.\n"
            "# Nothing here is applied: copy to a concept's `variants:` the names that mean it on your site, or let\n"
            "# the glossary accept a shipped vocabulary's synonyms: `synonyms: all` (or [mondo, do, medquad, mesh]) at\n"
            "# its top or on a concept (terms.csv's `how` then gives each one's source).\n")
    if not suggestions:
        return head + "suggestions: []\n"
    return head + yaml.safe_dump({"suggestions": suggestions}, sort_keys=False, allow_unicode=True, width=100)
