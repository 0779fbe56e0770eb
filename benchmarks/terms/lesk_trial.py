"""The simplified Lesk algorithm on the site glossaries' ambiguous mentions (issue 19, stop 39, helper s39d: tried,
not shipped): how often the concept whose definition a mention's context overlaps best is the one the editors linked.

    .venv/bin/python benchmarks/terms/lesk_trial.py [--sets DIR] [--only SET...] [--window N] [--list]

An *ambiguous mention* is one the audit leaves undecided today: a partial match whose part several concepts share
and that `audit.terms.part_matches.resolve_partials` does not resolve (the page names none or several of them in
full, no shared topic decides it: "cloud native" of *Cloud Native Apps* / *Technology* / *Security* / *Storage*), or
a name two definitions give their concepts and `audit.terms.definition_names` refuses ("package": *Distribution
Package*, *Import Package*), where it stands outside the audit's matches. Each is decided as the simplified Lesk
algorithm does (Lesk, SIGDOC 1986; Kilgarriff & Rosenzweig, Computers and the Humanities 34, 2000; Vasilescu,
Langlais & Lapalme, LREC 2004): a concept's signature is the content words (lemma-folded keys of 3+ letters, no stop
word) of its name, forms and `plain`; the context is the content words of the mention's block (or of `--window` words
either side), less its own; a concept's score is the sum of the shared words' information content (minus their
log-probability in spaCy's table, `audit.terms.parts.word_logprobs`; a word it does not list 15); the best concept is
taken when it scores `MIN_SCORE` or more and leads the second by `MARGIN`, and only when every candidate has a
definition. A decision over a linked span is judged (right: the linked concept), the others are counted.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score  # noqa: E402  (the development sets' blocks, as the scorer reads the pages)

MIN_SCORE = 10.0  # the least score: one word a little rarer than everyday words ("file" 9.9, "version" 8.9)
MARGIN = 10.0  # the lead over the second concept: one such word
RARE_WEIGHT = 15.0  # a word spaCy's table does not list (it lists log-probability -15 or more)
SITE_SETS = ("healthcare-gov", "letsencrypt-glossary", "cncf-glossary", "pypug-glossary", "otel-glossary",
             "falco-glossary")


def content_words(keys) -> set[str]:
    """Lemma-folded content words of token keys: alphabetic, 3+ letters, not a stop word."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from audit.terms.keys import _lemma_table

    lemmas, out = _lemma_table(), set()
    for k in keys:
        if len(k) >= 3 and k.isalpha() and k not in STOP_WORDS:
            lemma = lemmas.get(k, k)
            lemma = lemma if isinstance(lemma, str) and lemma.isalpha() else k
            if lemma not in STOP_WORDS:
                out.add(lemma)
    return out


def weight(word: str) -> float:
    from audit.terms.parts import word_logprobs

    return min(-word_logprobs().get(word, -RARE_WEIGHT), RARE_WEIGHT)


def decide(signatures: dict, candidates, context: set[str]) -> tuple[int, float, float, tuple[str, ...]]:
    """(concept or -1, best score, second score, the overlapping words rarest first)."""
    if len(candidates) < 2 or any(ci not in signatures for ci in candidates):
        return -1, 0.0, 0.0, ()
    scored = sorted(((sum(weight(w) for w in context & signatures[ci]), ci) for ci in candidates),
                    key=lambda x: (-x[0], x[1]))
    (best, ci), (second, _) = scored[0], scored[1]
    words = tuple(sorted(context & signatures[ci], key=lambda w: (-weight(w), w)))
    return (ci if best >= MIN_SCORE and best - second >= MARGIN else -1), best, second, words


def trial(folder: Path, nlp, window: int, listing: bool) -> dict:
    from audit.terms.definition_names import readings
    from audit.terms.discovery import Tokens
    from audit.terms.glossary import CompiledGlossary, _form_key_sequences, token_key
    from audit.terms.glossary_file import load_glossary
    from audit.terms.part_matches import _pick, resolve_partials

    glossary = load_glossary(folder / "glossary.yml")
    cg = CompiledGlossary(glossary, nlp)
    tokenize = lambda text: [t.text for t in nlp.make_doc(text) if not t.is_space]  # noqa: E731
    signatures = {ci: frozenset(content_words(token_key(t) for t in tokenize(
        " ".join([c.name, *(f.term for f in c.forms), c.plain])))) for ci, c in enumerate(glossary.concepts)
        if c.plain.strip()}
    shared: dict[tuple[str, ...], set[int]] = {}  # (the names two definitions give)
    for r in readings(glossary, tokenize, _form_key_sequences):
        if r.why_not == "two definitions name it":
            for seq in _form_key_sequences(tokenize(r.form)):
                shared.setdefault(seq, set()).add(r.concept)
    gold: dict[str, list[dict]] = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        gold.setdefault(d["page"], []).append(d)
    counts: dict = {"ambiguous": 0, "decided": 0, "right": 0, "wrong": 0, "unjudged": 0}
    for page in sorted((folder / "pages").glob("*.txt")):
        blocks = list(score._blocks(page.read_text(encoding="utf-8")))
        docs = [nlp.make_doc(text) for _, text in blocks]
        toks = [Tokens(doc) for doc in docs]
        found = [cg.match(doc, tokens=tok, partial=True) for doc, tok in zip(docs, toks)]
        resolved = resolve_partials(cg, found, toks)
        full = {m.concept for ms in found for m in ms if m.part < 0} | {a.concept for ms in found for m in ms
                                                                        for a in m.alt}
        for (off, _), doc, tok, ms, kept in zip(blocks, docs, toks, found, resolved):
            spans = []  # (start, end, candidates) of the block's ambiguous mentions
            for m in ms:  # (a shared part still undecided: not in the resolved block)
                if m.part >= 0 and len(cg.part_concepts[m.part]) > 1 and _pick(cg, m.part, full, m.names) < 0 \
                        and not any(k.start == m.start and k.end == m.end for k in kept):
                    spans.append((m.start, m.end, tuple(cg.part_concepts[m.part])))
            keys = tok.keys
            for seq, cis in shared.items():  # (a name two definitions give, outside the audit's matches)
                n = len(seq)
                for i in range(len(keys) - n + 1):
                    if tuple(keys[i:i + n]) == seq and not any(i < k.end and k.start < i + n for k in kept):
                        spans.append((i, i + n, tuple(sorted(cis))))
            for s, e, cis in spans:
                counts["ambiguous"] += 1
                context = content_words(keys if not window else keys[max(0, s - window):e + window])
                ci, best, second, words = decide(signatures, cis, context - content_words(keys[s:e]))
                if ci < 0:
                    continue
                counts["decided"] += 1
                counts.setdefault("to", {})[cg.names[ci]] = counts.get("to", {}).get(cg.names[ci], 0) + 1
                span = doc[s:e]
                a, b = off + span.start_char, off + span.end_char
                over = [g for g in gold.get(page.stem, []) if g["start"] < b and a < g["end"]]
                verdict = "unjudged" if not over else "right" if cg.names[ci] in over[0]["concepts"] else "wrong"
                counts[verdict] += 1
                if listing and over:
                    print(f"  {verdict:5} {page.stem[:38]:38} {span.text!r:16} -> {cg.names[ci]!r} "
                          f"(linked: {over[0]['concepts'][0]!r}; {best:.1f} / {second:.1f}: {' '.join(words[:5])})")
    return counts


def main(argv: list[str] | None = None) -> int:
    from audit.nlp import load_nlp

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=str(score.ROOT / "benchmarks" / "_corpora" / "terms"))
    ap.add_argument("--only", nargs="+", choices=SITE_SETS, default=list(SITE_SETS))
    ap.add_argument("--window", type=int, default=0, help="words either side (0: the mention's block)")
    ap.add_argument("--list", action="store_true", help="list every judged decision")
    args = ap.parse_args(argv)
    nlp = load_nlp("")
    print("| set | ambiguous mentions | decided | judged: right / wrong | unjudged |")
    print("| --- | ---: | ---: | --- | ---: |")
    for name in args.only:
        folder = Path(args.sets) / name
        if not (folder / "gold.jsonl").is_file():
            continue
        c = trial(folder, nlp, args.window, args.list)
        to = ", ".join(f"{k} {v}" for k, v in sorted(c.get("to", {}).items(), key=lambda x: (-x[1], x[0])))
        print(f"| {name} | {c['ambiguous']} | {c['decided']} ({to or '-'}) | {c['right']} / {c['wrong']} | "
              f"{c['unjudged']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
