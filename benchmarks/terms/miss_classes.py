"""What "recall >= 0.95 for mentions that share a word with the concept name" can mean on the development sets: every
shared-word miss of the audit (plain glossary, and with the vocabularies' synonyms accepted) put in one class, by its
words against the gold concept's name and the set's own annotation (stop 28):

    .venv/bin/python benchmarks/terms/miss_classes.py [--sets DIR] [--only SET...] [--examples 3]

Classes, first that applies:

- `annotation's id choice`: the set's own annotation gives these words (folded) another id elsewhere, or the audit
  found another glossary concept over the whole span (the words name that concept: "renal failure" annotated *acute
  kidney injury*, found as *kidney failure*), or the words hold every specific word of the name and more modifiers,
  or a head where the name's is generic (a narrower kind: "bipolar mania" for *bipolar disorder*);
- `a form the rules could still derive`: the same words up to a word form and their order (each word of the
  mention and of the name, generic heads aside, shares a stem with one of the other's, and a generic head in the
  name has one in the mention: "thromboemboli" / *thromboembolism*);
- `broader words (a part of the name)`: the mention's words are some of the name's ("diabetes" / *diabetes
  mellitus*, "hallucinations" / *visual hallucinations*, "psychiatric" / *psychiatric disorder*): the annotation
  gives the broader word the id the glossary names more narrowly;
- `other words for the concept`: the rest — another modifier or head, a synonym sharing a word ("acute renal
  failure" / *acute kidney injury*, "myocardial hypertrophy" / *cardiac hypertrophy*).

A stem here: the word's first letters, equal up to a suffix of at most four letters after a common part of five or
more (a rule of thumb for reading, not a matching rule). MedQuAD's page-level gold has no spans: its misses are
listed, not classed.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score  # noqa: E402  (the development sets' scorer: its shared-word misses)

CLASSES = ("annotation's id choice", "a form the rules could still derive", "broader words (a part of the name)",
           "other words for the concept")
DEV = ("healthcare-gov", "letsencrypt-glossary", "cncf-glossary", "pypug-glossary", "falco-glossary", "numpy-glossary",
       "ansible-glossary", "sphinx-glossary", "medquad-ninds",
       "medquad-gard",
       "medquad-cdc", "medquad-mplus", "ncbi-disease-dev", "bc5cdr-sample", "bc5cdr-dev", "biored-dev")


def _words(text: str) -> list[str]:
    from audit.terms.glossary import token_key
    from spacy.lang.en.stop_words import STOP_WORDS

    return [token_key(w) for w in re.findall(r"[^\W\d_]+|\d+", text) if w.lower() not in STOP_WORDS]


def same_stem(a: str, b: str) -> bool:
    """One word a form of the other: equal, or equal up to a suffix of at most four letters after a common part of
    five letters or more ("cognitive" / "cognition", "thromboemboli" / "thromboembolism")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 5 and len(a) - n <= 4 and len(b) - n <= 4


def _covered(words: list[str], by: list[str]) -> bool:
    return all(any(same_stem(w, v) for v in by) for w in words)


def classify(miss: dict) -> str:
    """The class of one shared-word miss (see the module's docstring)."""
    from audit.terms.glossary import token_key
    from audit.terms.variants import GENERIC_HEADS

    generic = {token_key(w) for w in GENERIC_HEADS}
    words = _words(miss["text"])
    mention = [w for w in words if w not in generic]
    name_words = [w for c in miss["concepts"] for w in _words(c)]
    name = [w for w in name_words if w not in generic]
    if miss["other_ids"] or miss["found_instead"]:
        return CLASSES[0]
    if name and mention and _covered(name, mention) and not _covered(mention, name) and (
            name_words[-1] in generic or _covered(mention[-1:], name)):
        return CLASSES[0]  # the name's words and more modifiers (or a head for a generic one): a narrower kind
    if mention and _covered(mention, name) and _covered(name, mention) and (
            not any(w in generic for w in name_words) or any(w in generic for w in words)):
        return CLASSES[1]
    if mention and _covered(mention, name):
        return CLASSES[2]
    return CLASSES[3]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", type=Path, default=score.ROOT / "benchmarks" / "_corpora" / "terms")
    ap.add_argument("--only", nargs="+", choices=DEV, default=list(DEV))
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--all", action="store_true", help="list every miss with its class")
    args = ap.parse_args(argv)
    for name in args.only:
        folder = args.sets / name
        runs = [((), "plain")] + ([(score.VOCABULARIES, "synonyms: all")] if name in score.ACCEPTED else [])
        for accepted, label in runs:
            r = score.score_set(folder, accepted=accepted, methods=("audit",))["audit"]
            misses = r["shared_missed"]
            if name.startswith("medquad"):
                print(f"{name} ({label}): {len(misses)} shared-word misses (page-level gold, not classed): "
                      + "; ".join(f"{m['page']} {m['concepts'][0]}" for m in misses))
                continue
            classed = [(classify(m), m) for m in misses]
            counts = Counter(c for c, _ in classed)
            print(f"{name} ({label}): {len(misses)} shared-word misses, {r['missed_named']} on a page naming the "
                  f"gold concept")
            for c in CLASSES:
                shown = Counter()
                examples = []
                for cc, m in classed:
                    key = (m["text"].lower(), m["concepts"][0])
                    if cc == c and key not in shown and len(examples) < args.examples:
                        examples.append(m)
                    if cc == c:
                        shown[key] += 1
                ex = "; ".join(f"\"{m['text']}\" ({shown[(m['text'].lower(), m['concepts'][0])]}) -> "
                               f"*{m['concepts'][0]}*" + (f" [found: {', '.join(m['found_instead'])}]"
                                                          if m["found_instead"] else "")
                               + (" [other ids in the set]" if m["other_ids"] else "") for m in examples)
                print(f"  {c}: {counts[c]}  {ex}")
            if args.all:
                for c, m in sorted(classed, key=lambda x: (CLASSES.index(x[0]), x[1]["text"].lower())):
                    print(f"    {c} | {m['text']} -> {m['concepts']} | found {m['found_instead']} | "
                          f"other ids {m['other_ids']} | named {m['named']} | {m['page']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
