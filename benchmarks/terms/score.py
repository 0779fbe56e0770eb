"""Score term matching on the development sets built by `build.py`: precision and recall of concept mentions, the
audit's matcher (`audit.terms.glossary.CompiledGlossary` + `audit.terms.page_mentions.resolve_page`, what `audit run` counts) beside the same
matcher with the glossary's own forms only (no derived forms, no partial mentions: before issue 19) and plain
case-insensitive substring matching of the glossary's forms.

    .venv/bin/python benchmarks/terms/score.py [--sets DIR] [--misses N] [--record]

Per set (see `benchmarks/terms/README.md` for what each measure means there):

- recall: gold mentions found (a predicted mention of one of the gold concepts overlapping the gold span; on the
  MedQuAD sets, whose gold is the page's own disorder, anywhere on the page); `recall (shared word)`: the same on
  the gold mentions that share a content word with the concept's name;
- precision: on NCBI-disease, BC5CDR and BioRED (every disease mention marked) predicted mentions that overlap a gold
  mention of the same concept; on HealthCare.gov, letsencrypt.org, the CNCF glossary and the Python Packaging User
  Guide (editors link some mentions only) predicted mentions that overlap a linked span, with the linked concept; on
  MedQuAD, pages whose most mentioned concept is the page's own disorder;
- `ncbi-disease, with the vocabularies' synonyms accepted`: the same, the glossary saying `synonyms: all` (or
  the vocabularies of `--synonyms`): its concepts match every variant `audit glossary suggest` proposes from those
  shipped vocabularies (by name and by MeSH / OMIM id), as `audit run` does with such a glossary
  (`accepted_glossary`, `audit.terms.synonyms.consented`); the plain row is the glossary as built;
- partial: predicted mentions that are partial matches (`match` = partial in terms.csv), and gold mentions found
  by a partial match only.

Also printed per set with spans (not in the table): the shared-word misses on a page that names the gold concept
elsewhere (a prediction of that concept anywhere on the page) — the most a rule reading page evidence could find
(stop 27).

`--record` rewrites the results table between the markers in `benchmarks/terms/README.md`.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from audit.terms.glossary_file import VOCABULARIES  # noqa: E402

SETS = ("healthcare-gov", "letsencrypt-glossary", "cncf-glossary", "pypug-glossary", "otel-glossary", "falco-glossary",
        "numpy-glossary", "ansible-glossary", "sphinx-glossary",
        "medquad-ninds", "medquad-gard",
        "medquad-cdc", "medquad-mplus", "medquad-niddk", "medquad-ghr", "medquad-cancergov", "medquad-nhlbi",
        "medquad-seniorhealth", "ncbi-disease-dev", "bc5cdr-sample", "bc5cdr-dev", "biored-dev", "ncbi-disease")
# sets also scored with the suggested synonyms accepted (a separate row)
ACCEPTED = ("letsencrypt-glossary", "cncf-glossary", "pypug-glossary", "otel-glossary", "falco-glossary",
            "numpy-glossary", "ansible-glossary", "sphinx-glossary",
            "ncbi-disease-dev", "bc5cdr-sample",
            "bc5cdr-dev", "biored-dev", "ncbi-disease")
# every disease mention is gold: all judged
EVERY_MENTION = ("ncbi-disease", "ncbi-disease-dev", "bc5cdr-sample", "bc5cdr-dev", "biored-dev")
README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
BOTH_BEGIN, BOTH_END = "<!-- both-ways:begin -->", "<!-- both-ways:end -->"


def _blocks(text: str):
    """(offset, paragraph) of the page's blank-line separated blocks (as the audit segments plain text)."""
    for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", text, re.S):
        yield m.start(), m.group(0)


def predict_audit(cg, nlp, text: str) -> list[tuple[int, int, int, bool]]:
    from audit.terms.discovery import Tokens
    from audit.terms.page_mentions import resolve_page

    docs, offsets = [], []
    for off, para in _blocks(text):
        docs.append(nlp.make_doc(para))
        offsets.append(off)
    tokens = [Tokens(doc) for doc in docs]
    found = resolve_page(cg, [cg.match(doc, tokens=tok, partial=True) for doc, tok in zip(docs, tokens)], tokens)
    out = []
    for doc, off, ms in zip(docs, offsets, found):
        for m in ms:
            span = doc[m.start:m.end]
            out.append((off + span.start_char, off + span.end_char, m.concept, m.part >= 0))
    return out


def predict_substring(forms: list[tuple[str, int]], text: str) -> list[tuple[int, int, int, bool]]:
    low = text.casefold()
    out = []
    for form, ci in forms:
        start = low.find(form)
        while start >= 0:
            out.append((start, start + len(form), ci, False))
            start = low.find(form, start + 1)
    return out


def _content_keys(text: str) -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from audit.terms.glossary import token_key

    return {token_key(w) for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in STOP_WORDS}


_QUOTES = "\"'“”‘’«»„‚`"


def _words(text: str, nlp) -> tuple[str, ...]:
    from audit.terms.glossary import token_key

    tokens = [t for t in nlp.make_doc(" ".join(text.split())) if not t.is_space]
    while tokens and not tokens[0].text.strip(_QUOTES):  # (stop 38: a span in quotes, "“grandfathered”", is its words)
        tokens.pop(0)
    while tokens and not tokens[-1].text.strip(_QUOTES):
        tokens.pop()
    return tuple(token_key(t.text) for t in tokens)


def _form_owners(glossary, nlp) -> dict[tuple[str, ...], set[int]]:
    """The glossary's own forms (folded words) -> the concepts that list them."""
    out: dict[tuple[str, ...], set[int]] = {}
    for i, c in enumerate(glossary.concepts):
        for f in c.forms:
            out.setdefault(_words(f.term, nlp), set()).add(i)
    return out


def accepted_glossary(glossary, nlp, vocabularies=VOCABULARIES):
    """The glossary as its file would be with `synonyms: all` at the top (or the vocabularies named): every concept
    accepts the synonyms `audit glossary suggest` proposes from those shipped vocabularies, through the path
    `audit run` takes (`audit.terms.synonyms.consented`). -> (compiled glossary, variants added)."""
    from dataclasses import replace

    from audit.terms.glossary import CompiledGlossary

    said = replace(glossary, concepts=tuple(replace(c, synonyms=tuple(vocabularies)) for c in glossary.concepts))
    cg = CompiledGlossary(said, nlp)
    return cg, sum(f.accepted for c in cg.glossary.concepts for f in c.forms)  # (not the names read from definitions)


def score_set(folder: Path, misses: int = 0, accepted: tuple[str, ...] = (),
              methods: tuple[str, ...] = ("audit", "own forms", "substring")) -> dict:
    from audit.terms.glossary import CompiledGlossary, token_key
    from audit.terms.variants import GENERIC_HEADS
    from audit.terms.glossary_file import load_glossary
    from audit.nlp import load_nlp

    nlp = load_nlp("")
    glossary = load_glossary(folder / "glossary.yml")
    cg = CompiledGlossary(glossary, nlp)
    own_only = CompiledGlossary(glossary, nlp, derive=False)
    added = 0
    if accepted:  # (the "audit" row with the vocabularies' synonyms accepted; the others as they are)
        cg, added = accepted_glossary(glossary, nlp, accepted)
    index = {c.name: i for i, c in enumerate(glossary.concepts)}
    name_keys = [_content_keys(c.name) for c in glossary.concepts]
    form_owner = _form_owners(glossary, nlp)
    forms = [(f.term.casefold(), i) for i, c in enumerate(glossary.concepts) for f in c.forms]
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    by_page: dict[str, list[dict]] = {}
    for g in gold:
        by_page.setdefault(g["page"], []).append(g)
    page_level = all(g["start"] is None for g in gold)
    ids_of_words: dict[tuple[str, ...], set[frozenset]] = {}  # the set's own annotation: words -> the ids given them
    if not page_level:
        for g in gold:
            ids_of_words.setdefault(_words(g["text"], nlp), set()).add(frozenset(g.get("ids") or g["concepts"]))
    generic = {token_key(w) for w in GENERIC_HEADS}
    result = {}
    for method in methods:
        tp_g = tp_g_shared = n_g = n_g_shared = by_partial = conflicts = tp_g_one = n_g_one = missed_named = 0
        tp_p = n_p = n_partial = left_out_p = 0
        both = Counter()  # (stop 28) the same, with the gold of another concept's own words counted, in both
        missed, shared_missed = [], []
        for page, golds in sorted(by_page.items()):
            text = (folder / "pages" / f"{page}.txt").read_text(encoding="utf-8")
            pred = predict_substring(forms, text) if method == "substring" else \
                predict_audit(cg if method == "audit" else own_only, nlp, text)
            n_partial += sum(1 for p in pred if p[3])
            concepts_of = [{index[c] for c in g["concepts"] if c in index} for g in golds]
            # the words are, verbatim, another concept's own name in the glossary: left out of recall and of
            # precision alike (stop 28: one rule; see README, "gold that names another concept's own words")
            conflict = [bool(cis) and not page_level and bool(form_owner.get(_words(g["text"], nlp), cis) - cis)
                        for g, cis in zip(golds, concepts_of)]
            for g, cis, left in zip(golds, concepts_of, conflict):
                if not cis:
                    continue
                if page_level:
                    shared = bool(set().union(*(name_keys[c] for c in cis)) & _content_keys(text))
                    hits = [p for p in pred if p[2] in cis]
                else:
                    shared = bool(set().union(*(name_keys[c] for c in cis)) & _content_keys(g["text"]))
                    hits = [p for p in pred if p[2] in cis and p[0] < g["end"] and g["start"] < p[1]]
                both["gold"] += 1
                both["gold_shared"] += shared
                both["found"] += bool(hits)
                both["found_shared"] += shared and bool(hits)
                if left:
                    conflicts += 1
                    continue
                # read one way: a shared word that is no generic head, and words the set's annotation gives no
                # other id elsewhere (see README: "the annotation question")
                one = shared and not page_level and bool(
                    (set().union(*(name_keys[c] for c in cis)) & _content_keys(g["text"])) - generic) \
                    and len(ids_of_words[_words(g["text"], nlp)]) == 1
                n_g += 1
                n_g_shared += shared
                n_g_one += one
                if hits:
                    tp_g += 1
                    tp_g_shared += shared
                    tp_g_one += one
                    by_partial += all(p[3] for p in hits)
                else:
                    # (stop 27) the page names the gold concept elsewhere: what a rule reading page evidence could find
                    named = any(p[2] in cis for p in pred)
                    missed_named += shared and named
                    if shared:  # (stop 28) every shared-word miss, for `miss_classes.py` (found instead: another
                        # concept predicted over the whole gold span)
                        shared_missed.append({
                            "page": page, "text": g["text"], "concepts": [glossary.concepts[c].name for c in cis],
                            "other_ids": not page_level and len(ids_of_words[_words(g["text"], nlp)]) > 1,
                            "named": named, "found_instead": [] if page_level else sorted(
                                {glossary.concepts[p[2]].name for p in pred if p[0] <= g["start"] and g["end"] <= p[1]})})
                    if len(missed) < misses:
                        missed.append((page, g["text"] or "(page)", g["concepts"][0],
                                       "shared, read one way" if one else "shared" if shared else "other",
                                       "named on the page" if named else "not named on the page"))
            if page_level:  # precision: the page's most mentioned concept is its own disorder
                if pred:
                    counts = Counter(p[2] for p in pred)
                    first = {}
                    for p in sorted(pred):
                        first.setdefault(p[2], p[0])
                    top = min(counts, key=lambda c: (-counts[c], first[c]))
                    own = {index[c] for g in golds for c in g["concepts"] if c in index}
                    n_p += 1
                    tp_p += top in own
                    both["judged"] += 1
                    both["correct"] += top in own
                continue
            for p in pred:
                over = [i for i, g in enumerate(golds) if p[0] < g["end"] and g["start"] < p[1]]
                if not over and folder.name not in EVERY_MENTION:
                    continue  # only the linked spans are judged (HealthCare.gov)
                # every disease mention is gold (NCBI's splits, BC5CDR): a prediction over no gold span is wrong
                both["judged"] += 1
                both["correct"] += any(p[2] in concepts_of[i] for i in over)
                kept = [i for i in over if not conflict[i]]
                if over and not kept:
                    left_out_p += 1  # over gold spans left out (another concept's own words) only: not judged
                    continue
                n_p += 1
                tp_p += any(p[2] in concepts_of[i] for i in kept)
        result[method] = {"gold": n_g, "found": tp_g, "recall": tp_g / n_g if n_g else None,
                          "gold_shared": n_g_shared, "found_shared": tp_g_shared,
                          "recall_shared": tp_g_shared / n_g_shared if n_g_shared else None,
                          "gold_one": n_g_one, "found_one": tp_g_one,
                          "recall_one": tp_g_one / n_g_one if n_g_one else None,
                          "judged": n_p, "correct": tp_p, "precision": tp_p / n_p if n_p else None,
                          "partial_predicted": n_partial, "found_by_partial_only": by_partial, "missed": missed,
                          "missed_named": missed_named,
                          "conflicts": conflicts, "left_out_predicted": left_out_p, "counted": dict(both),
                          "shared_missed": shared_missed}
    result["concepts"] = len(glossary)
    result["pages"] = len(by_page)
    result["variants_accepted"] = added
    result["accepted"] = tuple(accepted)
    return result


def _page_level(folder: Path) -> bool:
    """The set's gold names the page's own concept, no span (MedQuAD)."""
    with (folder / "gold.jsonl").open(encoding="utf-8") as f:
        return json.loads(f.readline())["start"] is None


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def table(results: dict[str, dict]) -> str:
    rows = ["| set | pages | concepts | gold | recall: audit | own forms only | substring "
            "| recall, shared word: audit | own forms only | substring "
            "| precision: audit | own forms only | substring | partial predicted | found by partial only "
            "| recall, shared word read one way: audit | substring |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| ---: | ---: |"]
    for name, r in results.items():
        a, o, s = r["audit"], r["own forms"], r["substring"]
        if r.get("accepted"):
            said = "all" if r["accepted"] == VOCABULARIES else ", ".join(r["accepted"])
            name = (f"{name.rstrip(' +')}, with the vocabularies' synonyms accepted (`synonyms: {said}`, "
                    f"+{r['variants_accepted']} variants)")
        rows.append(f"| {name} | {r['pages']} | {r['concepts']} | {a['gold']} "
                    + "".join(f"| {_fmt(x['recall'])} ({x['found']}) " for x in (a, o, s))
                    + "".join(f"| {_fmt(x['recall_shared'])} ({x['found_shared']}/{x['gold_shared']}) "
                              for x in (a, o, s))
                    + "".join(f"| {_fmt(x['precision'])} ({x['correct']}/{x['judged']}) " for x in (a, o, s))
                    + f"| {a['partial_predicted']} | {a['found_by_partial_only']} "
                    + "".join("| – " if x["recall_one"] is None else
                              f"| {_fmt(x['recall_one'])} ({x['found_one']}/{x['gold_one']}) " for x in (a, s)) + "|")
    return "\n".join(rows) + "\n"


def _ratio(n: int, d: int) -> str:
    return f"{_fmt(n / d if d else None)} ({n}/{d})"


def both_ways_table(results: dict[str, dict]) -> str:
    """(stop 28) The gold that names another concept's own words, left out of recall and precision alike (the rule,
    as in the results table) beside counted in both: shared-word recall and precision, audit and substring."""
    rows = ["| set | gold left out | predictions left out: audit / substring "
            "| recall, shared word: audit, left out / counted | substring, left out / counted "
            "| precision: audit, left out / counted | substring, left out / counted |",
            "| --- | ---: | ---: | --- | --- | --- | --- |"]
    for name, r in results.items():
        a, s = r["audit"], r["substring"]
        if r.get("accepted"):
            name = f"{name.rstrip(' +')}, `synonyms: all`" if r["accepted"] == VOCABULARIES else \
                f"{name.rstrip(' +')}, `synonyms: {', '.join(r['accepted'])}`"
        ca, cs = a["counted"], s["counted"]
        rows.append(f"| {name} | {a['conflicts']} | {a['left_out_predicted']} / {s['left_out_predicted']} "
                    f"| {_ratio(a['found_shared'], a['gold_shared'])} / "
                    f"{_ratio(ca.get('found_shared', 0), ca.get('gold_shared', 0))} "
                    f"| {_ratio(s['found_shared'], s['gold_shared'])} / "
                    f"{_ratio(cs.get('found_shared', 0), cs.get('gold_shared', 0))} "
                    f"| {_ratio(a['correct'], a['judged'])} / {_ratio(ca.get('correct', 0), ca.get('judged', 0))} "
                    f"| {_ratio(s['correct'], s['judged'])} / {_ratio(cs.get('correct', 0), cs.get('judged', 0))} |")
    return "\n".join(rows) + "\n"


def _between(text: str, begin: str, end: str, body: str) -> str:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body}{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", type=Path, default=ROOT / "benchmarks" / "_corpora" / "terms")
    ap.add_argument("--misses", type=int, default=0, help="list up to N missed gold mentions per set")
    ap.add_argument("--record", action="store_true", help="write the table into benchmarks/terms/README.md")
    ap.add_argument("--only", nargs="+", choices=SETS, help="score these sets only (never with --record)")
    ap.add_argument("--synonyms", nargs="+", choices=VOCABULARIES, default=list(VOCABULARIES),
                    help="the vocabularies the second row's glossary accepts (default: all three)")
    args = ap.parse_args(argv)
    if args.only and args.record:
        ap.error("--record writes the whole table: score every set")
    results = {}
    for name in args.only or SETS:
        folder = args.sets / name
        if not (folder / "gold.jsonl").is_file():
            print(f"score: {folder} missing (run benchmarks/terms/build.py)", file=sys.stderr)
            return 2
        runs = [(name, name, ())] + ([(f"{name} +", f"{name}, synonyms accepted", tuple(args.synonyms))]
                                     if name in ACCEPTED else [])
        for key, label, accepted in runs:
            results[key] = r = score_set(folder, args.misses, accepted=accepted)
            for m in r["audit"]["missed"]:
                print(f"  missed ({label}): {m}")
            a = r["audit"]
            if not _page_level(folder):  # (stop 27: the ceiling of a rule that reads page evidence)
                print(f"  {label}: shared-word misses {a['gold_shared'] - a['found_shared']}, of them on a page that "
                      f"names the gold concept elsewhere {a['missed_named']}")
    out, both = table(results), both_ways_table(results)
    print(out)
    print(both)
    if args.record:
        text = README.read_text(encoding="utf-8")
        README.write_text(_between(_between(text, BEGIN, END, out), BOTH_BEGIN, BOTH_END, both), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
