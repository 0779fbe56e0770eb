"""Would "the lone word counts for the concept" be right? The part words of multi-word names on a set whose gold is
the links its editors made (stop 32): `cncf-glossary`, `letsencrypt-glossary`, `healthcare-gov`, `pypug-glossary`
(stop 33; any set with spans).

For each concept whose name has two or more content words (a parenthesis dropped: "Continuous Delivery (CD)" ->
"continuous delivery"; stop words aside), each of those words is looked for on every page of the set, folded as the
matcher folds words (`audit.terms.glossary.token_key`: case, apostrophes, a plural "s"; tokens of spaCy's English
tokenizer, as `score.py` makes them). Each occurrence is

- **in a name**: inside an occurrence of some concept's whole name, its own or another's, of one word or more (its
  words in a row, folded, hyphen or space; the parenthesis dropped or kept, or what the parenthesis says alone:
  "service" is the concept *Service*, "kubernetes" *Kubernetes*, "API" *Application Programming Interface (API)*)
  — a name matcher finds that name there, the part word is no lone mention;
- else **lone**, and then: inside a linked mention (a gold span) of **its concept**, inside a linked mention of
  **another concept**, or **unlinked**.

The precision a rule "the lone word counts for the concept" would have, judged where the editors linked (as
`score.py` judges these sets: only predictions over a linked span are judged): lone occurrences linked to the
concept / lone occurrences linked to any concept. Printed per set: the totals over every (word, concept) row (a word
of several names counts once for each: the rule would let it stand for each), the same for words that belong to one
multi-word name of the glossary only (the issue's "the part is unique to one concept"), split into everyday words
and rare ones (`audit.terms.parts.distinctive`: rarer than log-probability -13 in spaCy's English word table, the
partial matcher's test for a part's first word), and the table per word and concept (`--top N` rows, most lone
occurrences first; `--all` for every row).

Then (stop 32) the rules restricted by page evidence: for each everyday word's lone occurrence that the audit's
matcher reads in no match of its own (full or partial: what such a rule would add), the concept a rule would read
there and whether the editors linked it to that concept, to another, or not at all. The rules: the word belongs to
one multi-word name only (on any page; on a page that names the concept in full anywhere, or before the word), or
to any number of names, exactly one of which the page names in full (anywhere, or before the word). "Names in full":
a full match of the audit's matcher on the page, derived forms included (`score.predict_audit`, as `audit run`
reads the page). Printed with each rule's linked firings and its most frequent unlinked ones.

    .venv/bin/python benchmarks/terms/part_words.py [--sets DIR] [--only SET...] [--top N | --all]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SETS = ("cncf-glossary", "letsencrypt-glossary", "healthcare-gov", "pypug-glossary")
COLUMNS = ("occurrences", "in a name", "lone, linked to its concept", "lone, linked to another", "lone, unlinked")
# (stop 32) an everyday word of one name only, lone, by what the page names in full (the audit's full matches)
NAMED = ("everyday word of one name: on any page", "… on a page that names the concept in full (anywhere)",
         "… on a page that names it in full before the word",
         "everyday word of one name or more, on a page that names exactly one of its concepts in full (anywhere)",
         "… in full before the word")
NAMED_RULES = tuple(zip(NAMED, (True, True, True, False, False), (False, True, True, True, True),
                        (False, False, True, False, True)))  # (rule, one name only, page evidence, before the word)
GROUPS = ("every part word", "part words of one name only", "… of them everyday words", "… of them rare words")
_PAREN = re.compile(r"\s*\([^)]*\)")


def name_words(name: str, nlp) -> tuple[str, ...]:
    """The folded words of a concept's name, a parenthesis dropped, stop words and punctuation kept (they are part
    of the name's run of words)."""
    from audit.terms.glossary import token_key

    return tuple(token_key(t.text) for t in nlp.make_doc(" ".join(_PAREN.sub("", name).split())) if not t.is_space)


def _unhyphenated(keys) -> tuple[str, ...]:
    """Folded words with the hyphens left out: "Function-as-a-Service" is "Function as a Service" (the matcher folds
    hyphen and space)."""
    return tuple(k for k in keys if k != "-")


def content_parts(words: tuple[str, ...]) -> list[str]:
    """The content words of a name's folded words (stop words, punctuation and numbers aside), in order, once."""
    from spacy.lang.en.stop_words import STOP_WORDS

    out: list[str] = []
    for w in words:
        if re.fullmatch(r"[^\W\d_](?:[^\W_]|['’-])*", w) and w not in STOP_WORDS and w not in out:
            out.append(w)
    return out


def _audit_reading(cg, nlp, text: str) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """({concept: the character offset where the audit's matcher first names it in full on the page}, [the spans of
    all its matches, partial ones too]), as `audit run` reads the page (`score.predict_audit`)."""
    from benchmarks.terms.score import predict_audit

    full: dict[int, int] = {}
    spans = []
    for start, end, ci, partial in predict_audit(cg, nlp, text):
        spans.append((start, end))
        if not partial and ci >= 0:
            full[ci] = min(start, full.get(ci, start))
    return full, spans


def count_set(folder: Path) -> dict:
    """The counts of one set: {"rows": [...], "groups": {...}, "named": {...}, "concepts": n, "multi": n}."""
    from audit.nlp import load_nlp
    from audit.terms.glossary import CompiledGlossary, token_key
    from audit.terms.glossary_file import load_glossary
    from audit.terms.parts import distinctive

    nlp = load_nlp("")
    glossary = load_glossary(folder / "glossary.yml")
    cg = CompiledGlossary(glossary, nlp)
    index = {c.name: i for i, c in enumerate(glossary.concepts)}
    names = [c.name for c in glossary.concepts]
    runs: set[tuple[str, ...]] = set()  # every concept's whole name, folded (the parenthesis dropped and kept)
    parts: dict[str, list[str]] = {}  # multi-word concept -> its content words
    for name in names:
        words = name_words(name, nlp)
        runs.add(_unhyphenated(words))
        runs.add(_unhyphenated(token_key(t.text) for t in nlp.make_doc(" ".join(name.split())) if not t.is_space))
        for inner in re.findall(r"\(([^)]*)\)", name):  # the name the parenthesis gives ("API")
            runs.add(_unhyphenated(token_key(t.text) for t in nlp.make_doc(" ".join(inner.split())) if not t.is_space))
        content = content_parts(words)
        if len(content) >= 2:
            parts[name] = content
    holders = Counter(w for ws in parts.values() for w in ws)  # a word -> how many multi-word names hold it
    by_word: dict[str, list[str]] = defaultdict(list)
    for name, ws in parts.items():
        for w in ws:
            by_word[w].append(name)
    longest = max((len(r) for r in runs), default=1)
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if g["start"] is not None:
            gold[g["page"]].append(g)
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    # (stop 32) the restricted rules: their counts, and (word, concept, right) of the linked and unlinked firings
    named_counts: dict[str, dict] = {g: Counter({"(examples)": Counter(), "(unlinked)": Counter()}) for g in NAMED}
    for page_file in sorted((folder / "pages").glob("*.txt")):
        text = page_file.read_text(encoding="utf-8")
        full, read = _audit_reading(cg, nlp, text)
        doc = nlp.make_doc(text)
        keys = [token_key(t.text) for t in doc]
        in_name = [False] * len(doc)
        pos = [i for i, k in enumerate(keys) if k != "-"]  # (hyphens aside: "cloud-native technologies")
        words = [keys[i] for i in pos]
        for i in range(len(words)):
            for n in range(1, min(longest, len(words) - i) + 1):
                if tuple(words[i:i + n]) in runs:
                    for j in pos[i:i + n]:
                        in_name[j] = True
        spans = gold.get(page_file.stem, [])
        for i, tok in enumerate(doc):
            if keys[i] not in by_word:
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            linked = {c for g in spans if g["start"] < end and start < g["end"] for c in g["concepts"]}
            for name in by_word[keys[i]]:
                c = counts[(keys[i], name)]
                c["occurrences"] += 1
                if in_name[i]:
                    c["in a name"] += 1
                elif name in linked:
                    c["lone, linked to its concept"] += 1
                elif linked:
                    c["lone, linked to another"] += 1
                else:
                    c["lone, unlinked"] += 1
            # (stop 32) an everyday word, lone and outside every match of the audit: the concept a rule would read
            if in_name[i] or distinctive(keys[i]) or any(a < end and start < b for a, b in read):
                continue
            cands = by_word[keys[i]]
            label = "lone, linked to its concept" if linked else "lone, unlinked"
            for rule, only_one, evidence, before in NAMED_RULES:
                named = [n for n in cands if not evidence
                         or (index[n] in full and (not before or full[index[n]] < start))]
                if len(named) != 1 or (only_one and len(cands) != 1):
                    continue
                right = named[0] in linked
                got = named_counts[rule]
                got[label if right or not linked else "lone, linked to another"] += 1
                got["(examples)" if linked else "(unlinked)"][(keys[i], named[0], right)] += 1
    rows = [{"word": w, "concept": name, "names holding it": holders[w], **counts[(w, name)]}
            for name, ws in parts.items() for w in ws]
    groups = {g: Counter() for g in GROUPS}
    for r in rows:
        r["everyday"] = not distinctive(r["word"])
        unique = r["names holding it"] == 1
        for g, member in zip(GROUPS, (True, unique, unique and r["everyday"], unique and not r["everyday"])):
            if member:
                groups[g]["rows"] += 1
                for k in COLUMNS:
                    groups[g][k] += r.get(k, 0)
    return {"rows": rows, "groups": groups, "named": named_counts, "concepts": len(names), "multi": len(parts),
            "words": len(holders), "unique_words": sum(1 for v in holders.values() if v == 1)}


def precision(c: dict) -> str:
    own, other = c.get("lone, linked to its concept", 0), c.get("lone, linked to another", 0)
    return "–" if not own + other else f"{own / (own + other):.3f} ({own}/{own + other})"




def report(name: str, r: dict, top: int | None) -> str:
    lines = [f"## {name}: {r['concepts']} concepts, {r['multi']} of them multi-word; {r['words']} part words "
             f"({r['unique_words']} in one name only)", "",
             "| words | rows (word, concept) | " + " | ".join(COLUMNS)
             + " | precision of the lone word, where linked |",
             "| --- | ---: | " + " | ".join("---:" for _ in COLUMNS) + " | ---: |"]
    for label, c in r["groups"].items():
        lines.append(f"| {label} | {c['rows']} | " + " | ".join(str(c.get(k, 0)) for k in COLUMNS)
                     + f" | {precision(c)} |")
    lines += ["", "| an everyday word, lone, outside the audit's matches: the rule | " + " | ".join(COLUMNS[2:])
              + " | precision where linked | the linked firings; the unlinked, most frequent |",
              "| --- | " + " | ".join("---:" for _ in COLUMNS[2:]) + " | ---: | --- |"]
    for label, c in r["named"].items():
        linked = "; ".join(f"{w} -> {n} ({'right' if ok else 'wrong'}{f' x{k}' if k > 1 else ''})"
                           for (w, n, ok), k in sorted(c["(examples)"].items()))
        unlinked = ", ".join(f"{w} -> {n} {k}" for (w, n, _), k in c["(unlinked)"].most_common(6))
        lines.append(f"| {label} | " + " | ".join(str(c.get(k, 0)) for k in COLUMNS[2:]) + f" | {precision(c)} | "
                     + f"{linked or '–'}; unlinked: {unlinked or '–'} |")
    rows = sorted(r["rows"], key=lambda x: (-(x.get("lone, linked to its concept", 0)
                                              + x.get("lone, linked to another", 0) + x.get("lone, unlinked", 0)),
                                            x["word"], x["concept"]))
    rows = [x for x in rows if x.get("occurrences")]
    lines += ["", "| word | concept | names holding it | everyday | " + " | ".join(COLUMNS)
              + " | precision where linked |",
              "| --- | --- | ---: | --- | " + " | ".join("---:" for _ in COLUMNS) + " | ---: |"]
    for x in rows if top is None else rows[:top]:
        lines.append(f"| {x['word']} | {x['concept']} | {x['names holding it']} | {'yes' if x['everyday'] else 'no'} | "
                     + " | ".join(str(x.get(k, 0)) for k in COLUMNS) + f" | {precision(x)} |")
    if top is not None and len(rows) > top:
        lines.append(f"| ({len(rows) - top} more rows: `--all`) | | | | | | | | | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", type=Path, default=ROOT / "benchmarks" / "_corpora" / "terms")
    ap.add_argument("--only", nargs="+", default=list(SETS))
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--all", action="store_true", help="every row of the table")
    args = ap.parse_args(argv)
    for name in args.only:
        folder = args.sets / name
        if not (folder / "gold.jsonl").exists():
            print(f"{name}: not built ({folder}); see build.py", file=sys.stderr)
            continue
        print(report(name, count_set(folder), None if args.all else args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
