"""Term coverage: which glossary concepts each page mentions, gaps, overlapping pages, new terms, unexplained jargon.

Worker (`per_page`): the glossary's matcher (built once per process, `audit.glossary.compiled_glossary`) runs on
every body block's tokens (`audit.discovery.Tokens`, read once per block); only body blocks are seen, so site
template never counts. Stored per page in `result.extras["terms"]` (small and picklable):

- `hits`: {concept: (count, first block, first sentence unit)};
- `jargon`: first uses of technical concepts: [(concept, block, sentence, explained, how)];
- `candidates`: discovery candidates, a compact `audit.discovery.PageCandidates` (`as_dict()`: {key: [count, first
  sentence, {surface: count}, name-like uses, checkable uses]}).

In the main process `absorb` shares one copy of each of their strings across pages.

Main process (`per_corpus`):

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

import math
import sys
from bisect import bisect_right
from typing import Any

import numpy as np
import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from . import discovery, jargon
from .glossary import GlossaryError, compiled_glossary, glossary_path, load_glossary, token_key  # noqa: F401 (re-export)

TERMS_COLUMNS = ["concept", "category", "page_id", "count", "first_block", "first_text"]
GAP_COLUMNS = ["gap", "category", "concept", "page_id", "pages", "detail"]
OVERLAP_COLUMNS = ["page_a", "page_b", "score", "primary_a", "primary_b", "shared_main", "shared", "shared_concepts"]
CANDIDATE_COLUMNS = ["rank", "term", "count", "pages", "score", "variants", "example_page", "example_text",
                     "glossary_entry"]
JARGON_COLUMNS = ["page_id", "concept", "category", "block", "sentence", "explained", "how", "text"]

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

def per_page(result, body, docs, units, settings) -> None:
    ts = settings.terms
    cg = compiled_glossary(ts.glossary, settings.segment.spacy_model)
    names, technical = cg.names, cg.technical
    # per block: its units' first tokens, ends and sentence indices (units are in text order)
    spans_by_block: dict[int, tuple[list[int], list[int], list[int]]] = {}
    for unit in units:
        span = unit["_span"]
        entry = spans_by_block.get(unit["block"])
        if entry is None:
            entry = spans_by_block[unit["block"]] = ([], [], [])
        entry[0].append(span.start)
        entry[1].append(span.end)
        entry[2].append(unit["sentence"])

    hits: dict[str, list[int]] = {}
    occurrences: dict[int, list[tuple[int, Any, int, int]]] = {}  # concept -> [(unit, doc, s, e)]
    matched_by_block: dict[int, list[tuple[int, int]]] = {}
    tokens: dict[int, discovery.Tokens] = {}
    block_text: dict[int, str] = {}
    no_spans = ((), (), ())
    for block, doc in zip(body, docs):
        b = block.block
        tok = tokens[b] = discovery.tokens_of(doc, block.text)
        block_text[b] = block.text  # = doc.text (the Doc was made from it), without a token walk
        memo = tok.memo
        if memo is None:
            found = cg.match(doc, tokens=tok)
        else:  # (a shared block's matches are remembered)
            found = memo.get(cg)
            if found is None:
                found = memo[cg] = cg.match(doc, tokens=tok)
        if not found:
            continue
        matched_by_block[b] = [(m.start, m.end) for m in found]
        starts, ends, sentences = spans_by_block.get(b, no_spans)
        for m in found:
            k = bisect_right(starts, m.start) - 1  # the unit of the match's first token (-1: none)
            sentence = sentences[k] if k >= 0 and m.start < ends[k] else -1
            ci = m.concept
            name = names[ci]
            entry = hits.get(name)
            if entry is None:
                hits[name] = [1, b, sentence]
            else:
                entry[0] += 1
            if technical[ci]:
                occ = occurrences.get(ci)
                if occ is None:
                    occurrences[ci] = [(sentence, doc, m.start, m.end)]
                else:
                    occ.append((sentence, doc, m.start, m.end))

    # jargon: is the first use of each technical concept explained in place?
    checks = []
    plain = _plain_keys(cg) if occurrences else []
    unit_by_index = {u["sentence"]: u for u in units}
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
            unit = unit_by_index[sentence]
            span, text = unit["_span"], block_text[unit["block"]]
            before = text[span.start_char:odoc[s].idx]
            end_char = odoc[e - 1].idx + len(odoc[e - 1].text)
            after = text[end_char:span.end_char]
            how = jargon.definition_pattern(before, after, text[odoc[s].idx:end_char])
            if how:
                break
        if not how:
            context: set[str] = set()
            for sentence in window:
                if sentence in unit_by_index:
                    keys = content.get(sentence)
                    if keys is None:
                        unit = unit_by_index[sentence]
                        span = unit["_span"]
                        keys = content[sentence] = tokens[unit["block"]].content_keys(span.start, span.end)
                    context |= keys
            shared = jargon.plain_overlap(plain[ci], context, ts.jargon_min_plain_words)
            if shared:
                how = "plain words: " + ", ".join(shared)
        first_block = hits[names[ci]][1]
        checks.append((names[ci], first_block, first_unit, bool(how), how))

    trained = bool(docs) and docs[0].has_annotation("DEP")
    cands = discovery.page_candidates(units, tokens, matched_by_block, ts.discovery_max_words, trained)
    result.extras["terms"] = {"hits": {name: tuple(entry) for name, entry in hits.items()}, "jargon": checks,
                              "candidates": cands}


# ------------------------------------------------------------------ corpus

def absorb(extras: dict[str, Any]) -> None:
    """Main process, as each page's results arrive from a worker: share one copy of every string (concept names,
    jargon `how`, candidate keys and surfaces) across pages instead of one copy per page."""
    ex = extras.get("terms")
    if ex is None:
        return
    intern = sys.intern
    hits = ex.get("hits")
    if isinstance(hits, dict):
        ex["hits"] = {intern(name): entry for name, entry in hits.items()}
    checks = ex.get("jargon")
    if checks:
        ex["jargon"] = [(intern(name), block, sentence, explained, intern(how))
                        for name, block, sentence, explained, how in checks]
    if isinstance(ex.get("candidates"), discovery.PageCandidates):
        ex["candidates"].interned()


def _text_of(result, sentence: int) -> str:
    units = result.units
    if 0 <= sentence < len(units):
        columns = getattr(units, "columns", None)  # pipeline.Units: read one column, not the whole unit
        if columns is not None:
            return columns["text"][sentence] if "text" in columns else ""
        return units[sentence].get("text", "")
    return ""


def _main_concepts(hits: dict[str, list[int]], n: int) -> list[str]:
    order = sorted(hits.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[1][2], kv[0]))
    return [name for name, _ in order[:n]]


def _overlap(page_ids: list[str], hits_by_page: dict[str, dict], names: list[str], ts) -> pd.DataFrame:
    """Page pairs targeting the same topics: concept profiles (1 + ln count per concept) with a cosine of at least
    `overlap_min_score`, sharing their primary (most mentioned) concept or at least `overlap_min_shared` of their
    `overlap_main_concepts` main concepts. Bounded on large sites: each page keeps its `overlap_max_partners` most
    similar partners (computed in blocks of rows, so memory stays at 1,024 x pages)."""
    ids = [p for p in page_ids if hits_by_page.get(p)]
    if len(ids) < 2:
        return pd.DataFrame(columns=OVERLAP_COLUMNS)
    col = {n: i for i, n in enumerate(names)}
    w = np.zeros((len(ids), len(names)), dtype=np.float32)
    for r, p in enumerate(ids):
        for name, (count, *_rest) in hits_by_page[p].items():
            w[r, col[name]] = 1 + math.log(count)
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    w /= np.where(norms == 0, 1, norms)
    ranked = [_main_concepts(hits_by_page[p], ts.overlap_main_concepts) for p in ids]
    mains = [set(r) for r in ranked]
    primary = [r[0] for r in ranked]
    k = max(1, min(ts.overlap_max_partners, len(ids) - 1))
    pairs: dict[tuple[int, int], float] = {}
    step = 1024
    for lo in range(0, len(ids), step):
        sims = w[lo:lo + step] @ w.T
        for r in range(sims.shape[0]):
            i = lo + r
            row = sims[r]
            row[i] = -1
            top = np.argpartition(-row, k - 1)[:k] if k < len(row) else np.arange(len(row))
            for j in top:
                j = int(j)
                score = float(row[j])
                if score < ts.overlap_min_score or j == i:
                    continue
                if len(mains[i] & mains[j]) < ts.overlap_min_shared and primary[i] != primary[j]:
                    continue
                pairs[(min(i, j), max(i, j))] = score
    rows = []
    for (i, j), score in pairs.items():
        a, b = ids[i], ids[j]
        shared = set(hits_by_page[a]) & set(hits_by_page[b])
        ordered = sorted(shared, key=lambda n: (n not in mains[i] or n not in mains[j],
                                                -(hits_by_page[a][n][0] + hits_by_page[b][n][0]), n))
        rows.append({"page_a": a, "page_b": b, "score": round(score, 4), "primary_a": primary[i],
                     "primary_b": primary[j], "shared_main": len(mains[i] & mains[j]), "shared": len(shared),
                     "shared_concepts": "; ".join(ordered)})
    rows.sort(key=lambda r: (-r["score"], r["page_a"], r["page_b"]))
    return pd.DataFrame(rows, columns=OVERLAP_COLUMNS)


def per_corpus(audit, results, settings) -> None:
    ts = settings.terms
    glossary = load_glossary(glossary_path(ts.glossary))
    concepts = glossary.concepts
    category = {c.name: c.category for c in concepts}
    names = [c.name for c in concepts]
    categories = glossary.categories
    ok = [r for r in results if r.page.status == "ok" and "terms" in r.extras]
    page_ids = [r.page.page_id for r in ok]
    hits_by_page = {r.page.page_id: r.extras["terms"]["hits"] for r in ok}

    rows = []
    for r in ok:
        for name, (count, block, sentence) in hits_by_page[r.page.page_id].items():
            rows.append({"concept": name, "category": category.get(name, ""), "page_id": r.page.page_id,
                         "count": count, "first_block": block, "first_text": _text_of(r, sentence)})
    terms = pd.DataFrame(rows, columns=TERMS_COLUMNS)
    if len(terms):
        terms = terms.sort_values(["page_id", "count", "first_block", "concept"], ascending=[True, False, True, True],
                                  kind="stable").reset_index(drop=True)
    audit.tables["terms"] = terms

    row_of = {n: i for i, n in enumerate(names)}
    counts = np.zeros((len(names), len(page_ids)), dtype=np.int64)
    for j, p in enumerate(page_ids):
        for name, (count, *_rest) in hits_by_page[p].items():
            counts[row_of[name], j] = count
    coverage = pd.DataFrame(counts, index=pd.Index(names, name="concept"), columns=pd.Index(page_ids, name="page_id"))
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
    for i, j in zip(*np.nonzero(few <= ts.few_concepts_per_category)):
        p, cat, k = page_ids[i], categories[j], int(few[i, j])
        gap_rows.append({"gap": "few in category", "category": cat, "concept": "", "page_id": p,
                         "pages": k, "detail": f"covers {k} of {int(per_cat_total[cat])} {cat} concepts"})
    gaps = pd.DataFrame(gap_rows, columns=GAP_COLUMNS)
    audit.tables["term_gaps"] = gaps

    overlap = _overlap(page_ids, hits_by_page, names, ts)
    audit.tables["term_overlap"] = overlap

    # discovery
    # (an n-gram overlapping a glossary match is never a candidate; this also drops exact-case forms seen in
    # another case, e.g. "mri scan", without loading a pipeline in the main process)
    gkeys = {discovery.phrase_key(f.term) for c in concepts for f in c.forms}
    cands = discovery.rank([(r.page.page_id, r.extras["terms"]["candidates"], r.units) for r in ok], gkeys,
                           ts.discovery_min_count, ts.discovery_top)
    audit.tables["term_candidates"] = pd.DataFrame(cands, columns=CANDIDATE_COLUMNS)

    # jargon
    jrows = []
    for r in ok:
        for name, block, sentence, explained, how in r.extras["terms"]["jargon"]:
            jrows.append({"page_id": r.page.page_id, "concept": name, "category": category.get(name, ""),
                          "block": block, "sentence": sentence, "explained": explained, "how": how,
                          "text": _text_of(r, sentence)})
    jtable = pd.DataFrame(jrows, columns=JARGON_COLUMNS)
    if len(jtable):
        jtable = jtable.sort_values(["page_id", "sentence", "concept"], kind="stable").reset_index(drop=True)
    audit.tables["jargon"] = jtable

    # page columns (skipped pages NaN)
    pages = audit.pages
    n_cov = covered.sum(axis=0)
    mentions = coverage.sum(axis=0)
    pages["concepts_covered"] = pages["page_id"].map(n_cov.to_dict())
    pages["term_mentions"] = pages["page_id"].map(mentions.to_dict())
    for cat in categories:
        pages[f"concepts_{cat}"] = pages["page_id"].map(by_category[cat].to_dict())
    unexplained = {p: 0 for p in page_ids}
    for row in jrows:
        if not row["explained"]:
            unexplained[row["page_id"]] += 1
    pages["jargon_unexplained"] = pages["page_id"].map(unexplained)

    audit.api["glossary"] = glossary
    audit.api["coverage"] = coverage
    audit.api["coverage_by_category"] = by_category
    audit.api["category_share"] = share
    audit.api["term_overlap"] = overlap
    audit.api["term_gaps"] = {
        "not_covered": gaps.loc[gaps["gap"] == "not covered", "concept"].tolist(),
        "one_page_only": gaps.loc[gaps["gap"] == "one page only", "concept"].tolist(),
        "few_in_category": gaps.loc[gaps["gap"] == "few in category", ["page_id", "category", "pages"]]
        .to_dict("records"),
    }


def summary(audit, settings) -> dict:
    glossary = audit.api.get("glossary")
    if glossary is None:
        return {}
    coverage = audit.api["coverage"]
    gaps = audit.api["term_gaps"]
    jt = audit.tables.get("jargon", pd.DataFrame(columns=JARGON_COLUMNS))
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
        "jargon_first_uses": int(len(jt)),
        "jargon_unexplained": int((~jt["explained"].astype(bool)).sum()) if len(jt) else 0,
        "top_candidates": cands["term"].head(10).tolist(),
    }}
