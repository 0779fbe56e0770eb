"""New-term discovery: frequent multi-word terms in the corpus that the glossary lacks, ranked, with an example.

Candidates per sentence unit (in the worker):

- with a trained pipeline (`[segment] spacy_model`): spaCy noun chunks, stripped of leading/trailing stop words
  ("the facial nerve" -> "facial nerve");
- otherwise a statistical key-phrase method: runs of words (no punctuation or digits inside; a hyphenated word is
  one word) cut into n-grams of 2..`discovery_max_words` words whose first and last words are not stop words and
  whose inner words are content words or "of" ("quality of life").

N-grams overlapping a glossary match never count (they are known terms, or known terms plus a word), and without
a tagger an n-gram may not start with a verb form ("experiencing facial twitching": an -ing/-ed word whose
lemma differs). Forms are grouped by their matching key (case, plural,
apostrophe folded), so "facial muscles" and "Facial Muscle" are one candidate.

Ranking (main process): C-value (Frantzi et al. 2000: frequency, discounted by the frequency of the longer
candidates a term is nested in, times log2 of its length) multiplied by document spread (1 + log2 of the number
of pages using it). Terms seen fewer than `discovery_min_count` times or already in the glossary are dropped.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from spacy.attrs import ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS

from .glossary import _lemma_table, token_key

INNER_OK = frozenset({"of"})
GENERIC = frozenset({"thing", "things", "way", "ways", "lot", "lots", "today", "time", "times", "kind", "sort",
                     "example", "deal", "need", "needs", "terms"})
EDGE_STOP = frozenset(STOP_WORDS) | GENERIC
DETERMINERS = frozenset({"the", "a", "an", "your", "their", "his", "her", "its", "our", "this", "these", "those",
                         "that", "it", "them", "you"})


def _surface(word: str) -> str:
    return word if (word.isupper() and len(word) > 1) else word.lower()


class Tokens:
    """One block's tokens as plain lists (iterating spaCy Tokens once per block, not once per use)."""

    __slots__ = ("texts", "ws", "keys")

    def __init__(self, doc) -> None:
        if len(doc):
            strings = doc.vocab.strings
            arr = doc.to_array([ORTH, SPACY]).tolist()
            self.texts = [strings[a[0]] for a in arr]
            self.ws = [bool(a[1]) for a in arr]
        else:
            self.texts, self.ws = [], []
        self.keys = [token_key(t) for t in self.texts]


def _words(tok: Tokens, start: int, end: int) -> list[list[tuple[str, str, int, int]]]:
    """Runs of words in tokens [start, end): [(surface, key, first token, end token)]; punctuation and digits end
    a run; a hyphenated word (word-word) is one word."""
    runs: list[list[tuple[str, str, int, int]]] = []
    run: list[tuple[str, str, int, int]] = []
    texts, ws, keys = tok.texts, tok.ws, tok.keys
    i = start
    while i < end:
        text = texts[i]
        if text.isalpha():
            first = i
            key = keys[i]
            while i + 2 < end and texts[i + 1] == "-" and not ws[i] and not ws[i + 1] and texts[i + 2].isalpha():
                text += "-" + texts[i + 2]
                key += "-" + keys[i + 2]
                i += 2
            run.append((_surface(text), key, first, i + 1))
        elif run:
            runs.append(run)
            run = []
        i += 1
    if run:
        runs.append(run)
    return runs


def _overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _verb_form(word: str) -> bool:
    """'experiencing', 'treated': an -ing/-ed word whose lemma differs (a verb form; no POS tags without a model)."""
    low = word.lower()
    if not (low.endswith("ing") or low.endswith("ed")) or "-" in low:
        return False
    lemma = _lemma_table().get(low, low)
    return isinstance(lemma, str) and lemma != low


def _edge_ok(word: str, key: str) -> bool:
    low = word.lower()
    return len(low) > 1 and low not in EDGE_STOP and key not in EDGE_STOP


def unit_candidates(tok: Tokens, start: int, end: int, matched: list[tuple[int, int]], max_words: int,
                    chunks: list[tuple[int, int]] | None = None):
    """Yield (key, surface) for the candidate terms of one sentence unit (tokens [start, end) of its block).

    `chunks`: noun-chunk token ranges of the unit (trained pipeline); None = statistical n-grams."""
    if chunks is not None:
        for c_start, c_end in chunks:
            runs = sorted(_words(tok, c_start, c_end), key=len, reverse=True)[:1]  # the longest clean run
            if not runs:
                continue
            words = runs[0]
            while words and not _edge_ok(words[0][0], words[0][1]):
                words = words[1:]
            while words and not _edge_ok(words[-1][0], words[-1][1]):
                words = words[:-1]
            if 2 <= len(words) <= max_words and not _overlaps(matched, words[0][2], words[-1][3]):
                yield " ".join(w[1] for w in words), " ".join(w[0] for w in words)
        return
    for run in _words(tok, start, end):
        n_words = len(run)
        for i in range(n_words):
            if not _edge_ok(run[i][0], run[i][1]) or _verb_form(run[i][0]):
                continue
            for n in range(2, max_words + 1):
                j = i + n - 1
                if j >= n_words:
                    break
                inner_word = run[j][0].lower()
                if not _edge_ok(run[j][0], run[j][1]):
                    if inner_word in INNER_OK or inner_word not in EDGE_STOP:
                        continue  # may sit inside a longer n-gram
                    break  # a stop word ends every longer n-gram too
                if _overlaps(matched, run[i][2], run[j][3]):
                    break  # every longer n-gram overlaps the glossary match too
                if j + 1 < n_words and run[j + 1][0].lower() in DETERMINERS and _verb_form(run[j][0]):
                    continue  # "disorder involving | the nerve": a verb with its object
                words = run[i:j + 1]
                yield " ".join(w[1] for w in words), " ".join(w[0] for w in words)


def page_candidates(units: list[dict], tokens: dict[int, Tokens], matched_by_block: dict[int, list[tuple[int, int]]],
                    max_words: int, trained: bool) -> dict[str, list]:
    """{key: [count, first sentence index, {surface: count}]} for one page."""
    out: dict[str, list] = {}
    for unit in units:
        span = unit["_span"]
        chunks = None
        if trained:
            try:
                chunks = [(c.start, c.end) for c in span.noun_chunks]
            except (ValueError, NotImplementedError):
                chunks = []
        found = unit_candidates(tokens[unit["block"]], span.start, span.end, matched_by_block.get(unit["block"], []),
                                max_words, chunks)
        for key, surface in found:
            entry = out.get(key)
            if entry is None:
                out[key] = [1, unit["sentence"], {surface: 1}]
            else:
                entry[0] += 1
                entry[2][surface] = entry[2].get(surface, 0) + 1
    return out


def rank(pages: list[tuple[str, dict[str, list], list[dict]]], glossary_keys: set[str], min_count: int,
         top: int) -> list[dict]:
    """Rank the corpus's candidates. `pages`: (page_id, page_candidates(...), units) in page order."""
    freq: Counter = Counter()
    spread: Counter = Counter()
    surfaces: dict[str, Counter] = defaultdict(Counter)
    example: dict[str, tuple[str, str]] = {}
    for page_id, cands, units in pages:
        for key, (count, sentence, forms) in cands.items():
            freq[key] += count
            spread[key] += 1
            surfaces[key].update(forms)
            if key not in example:
                text = units[sentence]["text"] if 0 <= sentence < len(units) else ""
                example[key] = (page_id, text)
    keep = {k for k, f in freq.items() if f >= min_count and k not in glossary_keys}
    # C-value: discount a term by the longer candidates it is nested in
    nested_sum: Counter = Counter()
    nested_n: Counter = Counter()
    for key in keep:
        words = key.split(" ")
        if len(words) < 3:
            continue
        subs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)} - {key}
        for sub in subs:
            if sub in keep:
                nested_sum[sub] += freq[key]
                nested_n[sub] += 1
    rows = []
    for key in keep:
        n = len(key.split(" "))
        f = freq[key]
        c = math.log2(n) * (f - nested_sum[key] / nested_n[key] if nested_n[key] else f)
        if c <= 0:
            continue
        score = c * (1 + math.log2(spread[key]))
        forms = surfaces[key].most_common()
        term = sorted(forms, key=lambda x: (-x[1], x[0]))[0][0]
        others = sorted(s for s, _ in forms if s != term)
        rows.append({"term": term, "key": key, "count": f, "pages": spread[key], "score": round(score, 4),
                     "variants": "; ".join(others), "example_page": example[key][0],
                     "example_text": example[key][1], "_others": others})
    rows.sort(key=lambda r: (-r["score"], -r["count"], r["key"]))
    rows = rows[:top] if top else rows
    for i, row in enumerate(rows, start=1):
        row["rank"] = i
        variants = ", ".join(row.pop("_others"))
        row["glossary_entry"] = (f"- {{name: {row['term']}, category: TODO, variants: [{variants}]}}" if variants
                                 else f"- {{name: {row['term']}, category: TODO}}")
    return rows
