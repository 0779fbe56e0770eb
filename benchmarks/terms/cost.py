"""The matching cost of term coverage: compile a glossary, then match every page, in one process (CPU seconds).

    .venv/bin/python benchmarks/terms/cost.py [--root DIR] [--glossary FILE] PAGES...

Loads spaCy's tokenizer, tokenizes every page's blank-line blocks (`Tokens` built before the clock), then times
`CompiledGlossary(...)` (compile) and `CompiledGlossary.match` + `resolve_page` on every page (match), as process
CPU time (`time.process_time`). `--root`: the checkout whose `audit` package to time (another commit's
`git archive`, to compare: run base and branch alternately, three runs each, and take each one's minimum). PAGES:
files or folders (`*.txt`, `*.md`, `*.htm*`: their text as it is). Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--glossary", default="", help="a glossary file (default: the shipped one)")
    ap.add_argument("pages", nargs="+", type=Path)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    import audit
    from audit.nlp import load_nlp
    from audit.terms.discovery import Tokens
    from audit.terms.glossary import CompiledGlossary
    from audit.terms.glossary_file import glossary_path
    from audit.terms.glossary_file import load_glossary
    from audit.terms.page_mentions import resolve_page

    files = sorted(f for p in args.pages for f in ([p] if p.is_file() else p.rglob("*"))
                   if f.is_file() and f.suffix in (".txt", ".md", ".htm", ".html"))
    nlp = load_nlp("")
    pages = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        docs = [nlp.make_doc(" ".join(b.split())) for b in text.split("\n\n") if b.strip()]
        pages.append((docs, [Tokens(d) for d in docs]))
    glossary = load_glossary(glossary_path(args.glossary))
    t0 = time.process_time()
    cg = CompiledGlossary(glossary, nlp)
    t1 = time.process_time()
    mentions = 0
    for docs, tokens in pages:
        found = resolve_page(cg, [cg.match(d, tokens=t, partial=True) for d, t in zip(docs, tokens)], tokens)
        mentions += sum(len(ms) for ms in found)
    t2 = time.process_time()
    print(json.dumps({"audit": str(Path(audit.__file__).parent), "pages": len(pages), "concepts": len(glossary),
                      "compile_s": round(t1 - t0, 3), "match_s": round(t2 - t1, 3), "mentions": mentions}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
