"""The spaCy step's own work after the tokenizer, in CPU seconds of one process, on the pages of a real corpus: the
token records of each page's Docs (`nlp.docs_tokens`: ORTH ids to `WordTable` rows, the new words' columns of the
four measures' word facts), the sentence starts (`SentenceRule.starts_of`) and duplication's lemma runs
(`passage_units._span_lemmas`), page by page as the analyse step runs them (summed over the pages), the
tokenizer's Docs made beforehand (not timed).

    .venv/bin/python benchmarks/token_records_step.py benchmarks/_corpora/newsgroups-2k --pages 1000
    PYTHONPATH=/other/checkout .venv/bin/python benchmarks/token_records_step.py CORPUS   # another version

A fresh interpreter per run (the word table cold, as in a real run); compare versions alternated, minima of 3.
Pages are each file's blank-line-separated parts (at most 40), not the audit's segmentation: a stand-in for blocks.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--pages", type=int, default=1000)
    args = ap.parse_args()
    import audit
    from audit import nlp as nlp_module
    from audit.duplication import passage_units
    from audit.nlp import docs_tokens, load_nlp, sentence_rule, word_table
    from audit.terms import discovery

    nlp, rule = load_nlp(""), sentence_rule("")
    files = [f for f in sorted(Path(args.corpus).rglob("*")) if f.is_file()][:args.pages]
    pages = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        pages.append([nlp.make_doc(p) for p in text.split("\n\n") if p.strip()][:40] or [nlp.make_doc("x")])
    table = word_table()  # (the measures' word columns declared, as after a run's first page)
    table.declare(("flags", "lemma"))
    for column in (discovery.KEY_COLUMN, discovery.WORD_COLUMN, passage_units.LEMMA_COLUMN,
                   discovery._flags_column(discovery.NO_GATE)):
        table.column(*column)
    rule.starts_of([nlp.make_doc("Hello world. Again")])
    clock = time.process_time
    forget = getattr(nlp_module, "forget_page", lambda: None)  # (the page's record is dropped after its measures)
    spent = [0.0, 0.0, 0.0]
    for docs in pages:  # page by page, as `pipeline.analyse_body` runs them
        t0 = clock()
        docs_tokens(docs)
        t1 = clock()
        rule.starts_of(docs)
        t2 = clock()
        passage_units._span_lemmas(docs, [(0, len(doc)) for doc in docs], docs)
        t3 = clock()
        forget()
        spent[0] += t1 - t0
        spent[1] += t2 - t1
        spent[2] += t3 - t2
    print(json.dumps({"docs_tokens": round(spent[0], 3), "starts_of": round(spent[1], 3),
                      "span_lemmas": round(spent[2], 3), "pages": len(pages), "words": len(word_table().texts),
                      "code": str(Path(audit.__file__).parent)}))


if __name__ == "__main__":
    main()
