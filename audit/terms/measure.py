"""Term coverage: which glossary concepts each page mentions, gaps, overlapping pages, new terms, unexplained jargon.

Worker (`per_page`): the glossary's matcher (its file checked once per run, before the workers fork, which inherit
it: `audit.terms.glossary_runs.check_glossary`; the pages never look at the file: `run_glossary`) runs on every body
block's tokens (`audit.terms.discovery.Tokens`, read once per block); only body blocks are seen, so site template never
counts. Stored per page in `result.extras["terms"]` as one flat tuple (`audit.terms.chunk_data.page_entry`: str, int
and bytes, which the garbage collector untracks at its first collection, so that nothing a page keeps
until its chunk's end reaches the collector's oldest generation; read with `chunk_data.page_rows`, `page_hits`,
`page_jargon`, `page_candidates`):

- the page's rows of terms.csv and jargon.csv but the page id (the sentences they cite resolved in the worker);
- the hits: {concept: (count, first block, first sentence unit)} as names and ints;
- the jargon counts: first uses of technical concepts, unexplained ones;
- the discovery candidates (`audit.terms.candidates.page_parts`: keys, stats, surface forms).

terms.csv and jargon.csv are page tables (`PAGE_TABLES`, `page_table_rows`, `page_tables`, as readability's): the
workers format them chunk by chunk. The chunk step (`audit.terms.chunk_data.write_chunk`) then writes the rest into
the run's store as arrays, one file per chunk, and removes the page's terms extras: the main process holds nothing
of them per page. No sentence text is read from the pages' units there: the discovered terms' examples are looked
up at the end (`Audit.sentence_texts`).

Corpus job (`corpus_job`, the measure's one corpus job: in a job process of the engine, beside duplication's, while
the main process does its own corpus steps): reads the chunks' files one at a time (`audit.terms.chunk_data`), ranks
the candidates and computes term_overlap.csv. Main process (`per_corpus`, from the job's results):

- `terms.csv` — concept, category, page_id, count, first_block, first_text (the sentence of the first mention);
- `term_gaps.csv` — gap (`not covered` | `one page only` | `few in category`), category, concept, page_id, pages,
  detail;
- `term_overlap.csv` — page pairs whose main concepts coincide (keyword cannibalisation): page_a, page_b, score
  (cosine of the pages' concept profiles), primary_a/primary_b (each page's most mentioned concept), shared_main
  (main concepts in common), shared and shared_concepts (all concepts in common, main ones first);
- `term_candidates.csv` — discovered terms the glossary lacks, ranked, with an example sentence and a glossary line;
- `jargon.csv` — first use of every technical concept per page, explained or not, how, and the sentence;
- page columns: concepts_covered, term_mentions, concepts_<category>, jargon_unexplained;
- `audit.api`: `coverage` (concept x page counts), `coverage_by_category` (page x category concepts covered),
  `category_share` (share of each category's concepts a page covers), `term_overlap`, `term_gaps`
  (dict of lists), `glossary` (the loaded `Glossary`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

import numpy as np
import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms import candidates
from audit.terms import chunk_data
from audit.terms import discovery
from audit.terms.candidate_tally import KeyCounts
from audit.terms import jargon
from audit.terms.glossary import GATE_KEY, GATE_TEXT, token_key
from audit.terms.glossary_runs import run_glossary
from audit.terms.glossary_file import glossary_path, load_glossary
from audit.terms.term_overlap import overlap_table
from audit.terms.page_mentions import resolve_page

TERMS_COLUMNS = ["concept", "category", "page_id", "count", "first_block", "first_line", "first_text", "match",
                 "partial_count", "how"]
GAP_COLUMNS = ["gap", "category", "concept", "page_id", "pages", "detail"]
CANDIDATE_COLUMNS = ["rank", "term", "count", "pages", "score", "variants", "example_page", "example_text",
                     "glossary_entry"]
JARGON_COLUMNS = ["page_id", "concept", "category", "block", "line", "sentence", "explained", "how", "text"]

MAY_MATCH = GATE_KEY | GATE_TEXT  # (a block's flags: the glossary may match there)
_PLAIN: dict[int, list[frozenset[str]]] = {}


def _plain_keys(cg) -> list[frozenset[str]]:
    """Per concept: the content-word keys of its `plain` text, minus the concept's own words."""
    cached = _PLAIN.get(id(cg))
    if cached is None:
        cached = []
        for concept in cg.glossary.concepts:
            own = {token_key(w) for f in concept.forms for w in f.term.replace("-", " ").split()}
            words = [w.strip(".,;:()'\"’") for w in concept.plain.replace("-", " ").split()]
            keys = {token_key(w) for w in words if w and w.lower() not in STOP_WORDS and w.isalpha()}
            cached.append(frozenset(keys - own - set(STOP_WORDS)))
        _PLAIN[id(cg)] = cached
    return cached


# ------------------------------------------------------------------ worker

def parsed(docs) -> bool:
    """Whether a page's Docs carry a dependency parse (a trained pipeline's: its candidates are then noun chunks).
    The page's first non-empty Doc says: spaCy's `Doc.has_annotation("DEP")` is True for an empty Doc (no token
    lacks it), which would send a page whose first block is empty down the noun-chunk path and lose its candidates."""
    return next((d.has_annotation("DEP") for d in docs if len(d)), False)


def per_page(result, body, docs, units, settings) -> None:
    ts = settings.terms
    cg = run_glossary(ts.glossary, settings.segment.spacy_model)
    names, technical = cg.names, cg.technical
    cols = units.columns  # (read by column; units are in text order: a block's units are consecutive)
    unit_blocks, unit_spans, unit_sentences = cols["block"], cols["_span"], cols["sentence"]

    hits: dict[str, list[int]] = {}
    occurrences: dict[int, list[tuple[int, Any, int, int]]] = {}  # concept -> [(unit, doc, s, e)]
    matched_by_block: dict[int, list[tuple[int, int]]] = {}
    seen_how: dict[str, list] = {}  # concept -> [partial mentions, {form reason: None} in order of first use]
    # every block's tokens in one pass, and its words' flags: the glossary may match only in a block with a gate
    # word (`match` finds nothing elsewhere), and runs there the tests its flags allow
    toks, block_flags = discovery.page_tokens(docs, [b.text for b in body], cg.gate)
    tokens: dict[int, discovery.Tokens] = {b.block: tok for b, tok in zip(body, toks)}
    page_found = []
    for doc, tok, flags in zip(docs, toks, block_flags):
        if not flags & MAY_MATCH:
            page_found.append([])
            continue
        memo = tok.memo
        if memo is None:
            found = cg.match(doc, tokens=tok, partial=True, flags=flags)
        else:  # (a shared block's matches are remembered)
            found = memo.get(cg)
            if found is None:  # (no match: an empty tuple kept, not one more list for the garbage collector to walk)
                found = memo[cg] = cg.match(doc, tokens=tok, partial=True, flags=flags) or ()
            found = found or []
        page_found.append(found)
    # the page's mentions (nothing to resolve on a page with no match and no parenthesis: no abbreviation defined)
    resolved = resolve_page(cg, page_found, toks) if any(page_found) or any(t.parens for t in toks) else ()
    for block, doc, found in zip(body, docs, resolved):
        b = block.block
        if not found:
            continue
        matched_by_block[b] = [(m.start, m.end) for m in found]
        lo, hi = bisect_left(unit_blocks, b), bisect_right(unit_blocks, b)  # its units' first tokens, ends, indices
        starts, ends = [s for s, _ in unit_spans[lo:hi]], [e for _, e in unit_spans[lo:hi]]
        sentences = unit_sentences[lo:hi]
        for m in found:
            k = bisect_right(starts, m.start) - 1  # the unit of the match's first token (-1: none)
            sentence = sentences[k] if k >= 0 and m.start < ends[k] else -1
            ci = m.concept
            name = names[ci]
            entry = hits.get(name)
            if entry is None:
                hits[name] = [1, b, sentence]
                seen_how[name] = [0, {}]
            else:
                entry[0] += 1
            forms = seen_how[name]
            forms[0] += m.part >= 0
            forms[1][m.how.split(": ")[0] if m.part >= 0 else m.how] = None
            if technical[ci]:
                occ = occurrences.get(ci)
                if occ is None:
                    occurrences[ci] = [(sentence, doc, m.start, m.end)]
                else:
                    occ.append((sentence, doc, m.start, m.end))

    # jargon: is the first use of each technical concept explained in place?
    checks = []
    plain = _plain_keys(cg) if occurrences else []
    # (a unit's "sentence" is its index on the page: `units.columns` read at it, no `Unit` made per unit)
    unit_docs, n_units = cols["_doc"], len(units)
    block_text = {b.block: b.text for b in body} if occurrences else {}  # = doc.text (the Doc was made from it)
    content: dict[int, set[str]] = {}  # unit -> its content-word keys
    for ci, occ in occurrences.items():
        first_unit = occ[0][0]
        window = (first_unit, first_unit + 1) if first_unit >= 0 else ()
        how = ""
        for sentence, odoc, s, e in occ:
            if sentence not in window:
                if sentence > first_unit + 1:
                    break  # occurrences are in text order
                continue
            span, text = unit_docs[sentence][slice(*unit_spans[sentence])], block_text[unit_blocks[sentence]]
            before = text[span.start_char:odoc[s].idx]
            end_char = odoc[e - 1].idx + len(odoc[e - 1].text)
            after = text[end_char:span.end_char]
            how = jargon.definition_pattern(before, after, text[odoc[s].idx:end_char])
            if how:
                break
        if not how:
            context: set[str] = set()
            for sentence in window:
                if sentence < n_units:
                    keys = content.get(sentence)
                    if keys is None:
                        keys = content[sentence] = tokens[unit_blocks[sentence]].content_keys(*unit_spans[sentence])
                    context |= keys
            shared = jargon.plain_overlap(plain[ci], context, ts.jargon_min_plain_words)
            if shared:
                how = "plain words: " + ", ".join(shared)
        first_block = hits[names[ci]][1]
        checks.append((names[ci], first_block, first_unit, bool(how), how))

    # (a page is parsed only by a trained pipeline: `pipeline._docs` runs the blank one's tokenizer alone)
    if result.page.not_english():  # (candidates are English n-grams; `audit.ingest.language`)
        cands = ((), b"", (), (), ())
    else:
        cands = candidates.page_parts(units, tokens, matched_by_block, ts.discovery_max_words,
                                      bool(settings.segment.spacy_model) and parsed(docs))
    # the sentences terms.csv and jargon.csv cite (resolved here: the rows never need the page's units)
    texts: dict[int, str] = {}
    lines: dict[tuple[int, int], int] = {}  # (block, sentence) -> the file line of the sentence (else the block's)
    block_line: dict[int, int] | None = None  # (made for a mention outside every unit only)
    for block, sentence in [(entry[1], entry[2]) for entry in hits.values()] + [(c[1], c[2]) for c in checks]:
        if 0 <= sentence < n_units:
            if sentence not in texts:
                texts[sentence] = units[sentence]["text"]
            lines[(block, sentence)] = units[sentence]["line"]
        else:
            if block_line is None:
                block_line = {b.block: b.line_start for b in body}
            lines[(block, sentence)] = block_line.get(block, 0)
    # the page's rows of terms.csv and jargon.csv (but the page id) and what the corpus step reads, as one flat tuple
    # (`chunk_data.page_entry`: kept to the chunk's end, it must not reach the collector's oldest generation)
    category = _categories(cg)
    terms_rows = []
    for name, (n, block, sentence) in hits.items():
        partial, reasons = seen_how[name]
        terms_rows.append((name, category.get(name, ""), n, block, lines.get((block, sentence), 0),
                           texts.get(sentence, ""), "partial" if partial == n else "full", partial, "; ".join(reasons)))
    jargon_rows = [(name, category.get(name, ""), block, lines.get((block, sentence), 0), sentence, explained, how,
                    texts.get(sentence, "")) for name, block, sentence, explained, how in checks]
    result.extras["terms"] = chunk_data.page_entry(hits, (len(checks), sum(1 for check in checks if not check[3])),
                                                   cands, terms_rows, jargon_rows)


# ------------------------------------------------------------------ corpus

KEY = "terms"
PAGE_TABLES = {"terms": TERMS_COLUMNS, "jargon": JARGON_COLUMNS}
_CATEGORY: dict[int, dict[str, str]] = {}


def _categories(cg) -> dict[str, str]:
    cached = _CATEGORY.get(id(cg))
    if cached is None:
        cached = _CATEGORY[id(cg)] = {c.name: c.category for c in cg.glossary.concepts}
    return cached


def page_table_rows(page_id: str, ex: tuple, settings) -> dict[str, list[tuple]]:
    """One page's rows of terms.csv and jargon.csv (`TERMS_COLUMNS`, `JARGON_COLUMNS`: tables made of per-page rows
    only: a streaming run formats them in the workers, chunk by chunk), from the rows `per_page` made (with the
    sentences they cite) and the page's id."""
    terms_rows, jargon_rows = chunk_data.page_rows(ex)
    return {"terms": [(row[0], row[1], page_id, *row[2:]) for row in terms_rows],
            "jargon": [(page_id, *row) for row in jargon_rows]}


def page_tables(rows: dict[str, list[tuple]]) -> dict[str, pd.DataFrame]:
    """The tables from pages' rows (in page order, each page once): terms by page, most mentioned first, then first
    block and concept; jargon by page, sentence and concept. (Sorting a run of whole pages gives the rows of the
    sort of all pages: page ids are unique and ascending.)"""
    terms = pd.DataFrame(rows["terms"], columns=TERMS_COLUMNS)
    if len(terms):
        terms = terms.sort_values(["page_id", "count", "first_block", "concept"], ascending=[True, False, True, True],
                                  kind="stable").reset_index(drop=True)
    jtable = pd.DataFrame(rows["jargon"], columns=JARGON_COLUMNS)
    if len(jtable):
        jtable = jtable.sort_values(["page_id", "sentence", "concept"], kind="stable").reset_index(drop=True)
    return {"terms": terms, "jargon": jtable}


def corpus_job(store_dir: str, chunks: list[int], settings) -> dict[str, Any]:
    """The corpus step's reading and ranking (the measure's corpus job: in a job process of the engine, beside
    duplication's jobs, while the main process does its own corpus steps): the chunks' files read one at a time
    (`chunk_data`), then the page ids, each page's jargon counts, every hit (page column, concept row, count:
    int32, int32, int64), `term_overlap.csv` and the ranked candidates (their example texts left for the main
    process: `Audit.sentence_texts`). The chunks' files are left for `per_corpus` to remove."""
    ts = settings.terms
    concepts = load_glossary(glossary_path(ts.glossary)).concepts
    names = [c.name for c in concepts]
    row_of = {n: i for i, n in enumerate(names)}
    # one pass over the chunks' files: page ids, jargon counts, hits as numpy columns, the candidate keys' hashes
    # counted (`KeyCounts`: which keys the ranking must count by string)
    paths = chunk_data.job_paths(store_dir, chunks)
    page_ids: list[str] = []
    jargon_parts, hit_parts = [], []
    key_counts = KeyCounts(ts.discovery_min_count)
    for chunk in chunk_data.read_chunks(paths):
        local = np.fromiter(map(row_of.__getitem__, chunk.concepts), dtype=np.int32, count=len(chunk.concepts))
        hit_parts.append((chunk.hit_page + np.int32(len(page_ids)), local[chunk.hit_concept], chunk.hit_stats))
        page_ids += chunk.page_ids
        jargon_parts.append(chunk.jargon)
        key_counts.add_hashes(chunk.cand_hash, chunk.cand_counts)
    jargon_uses = np.concatenate(jargon_parts) if jargon_parts else np.zeros((0, 2), np.int64)
    del jargon_parts
    # every hit: page column, concept row, count, first block, first sentence (`term_overlap._hit_arrays`; int32
    # but the count)
    pj = np.concatenate([h[0] for h in hit_parts]) if hit_parts else np.zeros(0, np.int32)
    ci = np.concatenate([h[1] for h in hit_parts]) if hit_parts else np.zeros(0, np.int32)
    stats = np.concatenate([h[2] for h in hit_parts]) if hit_parts else np.zeros((0, 3), np.int64)
    del hit_parts
    hits = (pj, ci, stats[:, 0].copy(), stats[:, 1].astype(np.int32), stats[:, 2].astype(np.int32))
    del stats
    overlap = overlap_table(page_ids, hits, names, ts)
    # discovery
    # (an n-gram overlapping a glossary match is never a candidate; this also drops exact-case forms seen in
    # another case, e.g. "mri scan", without loading a pipeline in the main process)
    gkeys = {discovery.phrase_key(f.term) for c in concepts for f in c.forms}
    cands = candidates.rank_rows(lambda hashes, forms: chunk_data.ChunkCandidates(paths, hashes).rows(forms), gkeys,
                                 ts.discovery_min_count, ts.discovery_top, key_counts.wanted())  # (chunk by chunk)
    return {"page_ids": page_ids, "jargon": jargon_uses, "hits": hits[:3], "overlap": overlap, "candidates": cands}


def per_corpus(audit, results, settings, jobs: list[dict[str, Any]] | None = None) -> None:
    """The corpus step: from the corpus job's results (`jobs`: those of `CORPUS_JOBS`, which the engine runs beside
    the main process; `corpus_job` here when not given), never the pages' results (`results` is unused: the pages'
    terms extras are gone after `chunk_data.write_chunk`)."""
    ts = settings.terms
    glossary = load_glossary(glossary_path(ts.glossary))
    concepts = glossary.concepts
    category = {c.name: c.category for c in concepts}
    names = [c.name for c in concepts]
    categories = glossary.categories
    row_of = {n: i for i, n in enumerate(names)}
    store_dir, chunks = str(audit.spill.dir), [p.chunk for p in audit.spill.parts]
    out = jobs[0] if jobs else corpus_job(store_dir, chunks, settings)
    for path in chunk_data.job_paths(store_dir, chunks):  # (read: the store's disk back, as duplication's step does)
        path.unlink(missing_ok=True)
    page_ids, jargon_uses, (pj, ci, hit_counts) = out["page_ids"], out["jargon"], out["hits"]
    unexplained = dict(zip(page_ids, jargon_uses[:, 1].tolist()))
    first_uses, n_unexplained = int(jargon_uses[:, 0].sum()), int(jargon_uses[:, 1].sum())
    del jargon_uses

    counts = np.zeros((len(names), len(page_ids)), dtype=np.int64)
    counts[ci, pj] = hit_counts
    del ci, pj, hit_counts
    coverage = pd.DataFrame(counts, index=pd.Index(names, name="concept"), columns=pd.Index(page_ids, name="page_id"),
                            copy=False)  # (the matrix itself, not a copy)
    covered = coverage > 0
    by_category = pd.DataFrame({cat: covered[[category[n] == cat for n in names]].sum(axis=0) for cat in categories},
                               index=pd.Index(page_ids, name="page_id"), columns=categories).astype("int64")
    per_cat_total = pd.Series({cat: sum(1 for n in names if category[n] == cat) for cat in categories})
    share = by_category / per_cat_total if len(by_category) else by_category.astype(float)

    # gaps
    n_pages = covered.sum(axis=1)
    gap_rows = []
    for c in concepts:
        if n_pages.get(c.name, 0) == 0:
            gap_rows.append({"gap": "not covered", "category": c.category, "concept": c.name, "page_id": "",
                             "pages": 0, "detail": "no page mentions it"})
    for c in concepts:
        if n_pages.get(c.name, 0) == 1:
            p = page_ids[int(np.argmax(counts[row_of[c.name]] > 0))]
            gap_rows.append({"gap": "one page only", "category": c.category, "concept": c.name, "page_id": p,
                             "pages": 1, "detail": f"only {p} mentions it ({int(coverage.loc[c.name, p])}x)"})
    few = by_category.to_numpy()
    fi, fj = np.nonzero(few <= ts.few_concepts_per_category)  # (pages with few concepts of a category: many rows)
    few_ids, few_cats = [page_ids[i] for i in fi.tolist()], [categories[j] for j in fj.tolist()]
    few_k, of = few[fi, fj].tolist(), [f" of {int(per_cat_total[cat])} {cat} concepts" for cat in categories]
    columns = {c: [row[c] for row in gap_rows] for c in GAP_COLUMNS}
    for col, values in (("gap", ["few in category"] * len(few_k)), ("category", few_cats),
                        ("concept", [""] * len(few_k)), ("page_id", few_ids), ("pages", few_k),
                        ("detail", [f"covers {k}{of[j]}" for k, j in zip(few_k, fj.tolist())])):
        columns[col] += values
    gaps = pd.DataFrame(columns if gap_rows or few_k else [], columns=GAP_COLUMNS)
    audit.tables["term_gaps"] = gaps

    overlap = out["overlap"]
    audit.tables["term_overlap"] = overlap

    cands = out["candidates"]
    for row, text in zip(cands, audit.sentence_texts([row["example_sentence"] for row in cands])):
        row["example_text"] = text
    audit.tables["term_candidates"] = pd.DataFrame(cands, columns=CANDIDATE_COLUMNS)
    del out

    # page columns (skipped pages NaN)
    pages = audit.pages
    n_cov = covered.sum(axis=0)
    mentions = coverage.sum(axis=0)
    pages["concepts_covered"] = pages["page_id"].map(n_cov.to_dict())
    pages["term_mentions"] = pages["page_id"].map(mentions.to_dict())
    for cat in categories:
        pages[f"concepts_{cat}"] = pages["page_id"].map(by_category[cat].to_dict())
    pages["jargon_unexplained"] = pages["page_id"].map(unexplained)

    audit.api["glossary"] = glossary
    audit.api["coverage"] = coverage
    audit.api["coverage_by_category"] = by_category
    audit.api["category_share"] = share
    audit.api["term_overlap"] = overlap
    audit.api["term_gaps"] = {
        "not_covered": gaps.loc[gaps["gap"] == "not covered", "concept"].tolist(),
        "one_page_only": gaps.loc[gaps["gap"] == "one page only", "concept"].tolist(),
        "few_in_category": [{"page_id": p, "category": c, "pages": k} for p, c, k in zip(few_ids, few_cats, few_k)],
    }
    audit.api["jargon_counts"] = {"first_uses": first_uses, "unexplained": n_unexplained}


CORPUS_JOBS = (corpus_job,)


def summary(audit, settings) -> dict:
    glossary = audit.api.get("glossary")
    if glossary is None:
        return {}
    coverage = audit.api["coverage"]
    gaps = audit.api["term_gaps"]
    jc = audit.api.get("jargon_counts")
    if jc is None:  # (an Audit whose corpus step predates the counts: from the table)
        jt = audit.tables.get("jargon", pd.DataFrame(columns=JARGON_COLUMNS))
        jc = {"first_uses": int(len(jt)),
              "unexplained": int((~jt["explained"].astype(bool)).sum()) if len(jt) else 0}
    cands = audit.tables.get("term_candidates", pd.DataFrame(columns=CANDIDATE_COLUMNS))
    per_page = (coverage > 0).sum(axis=0)
    return {"terms": {
        "glossary": (glossary_path(settings.terms.glossary).name if settings.terms.glossary
                     else "audit/data/glossary.yml"),
        "glossary_sha256": glossary.sha256,
        "concepts": len(glossary),
        "concepts_covered": int(((coverage > 0).sum(axis=1) > 0).sum()),
        "not_covered": len(gaps["not_covered"]),
        "one_page_only": len(gaps["one_page_only"]),
        "mentions": int(coverage.values.sum()),
        "concepts_per_page_mean": round(float(per_page.mean()), 4) if len(per_page) else None,
        "overlap_pairs": int(len(audit.api["term_overlap"])),
        "jargon_first_uses": int(jc["first_uses"]),
        "jargon_unexplained": int(jc["unexplained"]),
        "top_candidates": cands["term"].head(10).tolist(),
    }}
