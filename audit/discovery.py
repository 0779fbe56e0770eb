"""New-term discovery: frequent multi-word terms in the corpus that the glossary lacks, ranked, with an example.

Candidates per sentence unit (in the worker):

- with a trained pipeline (`[segment] spacy_model`): spaCy noun chunks, stripped of leading/trailing stop words
  ("the facial nerve" -> "facial nerve");
- otherwise a statistical key-phrase method: runs of words (no punctuation or digits inside; a hyphenated word is
  one word, and so is a word with its possessive clitic: "Bell’s") cut into n-grams of 2..`discovery_max_words`
  words whose first and last words are not stop words and whose inner words are content words or "of"
  ("quality of life").

N-grams overlapping a glossary match never count (they are known terms, or known terms plus a word). Without a
tagger, the edges of an n-gram are checked against spaCy's lookup word lists (`spacy-lookups-data`, WordNet's
base forms by part of speech): no n-gram starts or ends with an adverb-only word ("incredibly"), a generic word
("things") or a verb common in health text (`EDGE_VERBS`: cause, treat, help, include, affect, occur, lead, result
and their forms: "cause facial twitching"); none starts with a verb form ("experiencing facial twitching": an
-ing/-ed word whose lemma differs) or a verb-only word ("restore facial function"); none ends with an
adjective-only word ("cause abnormal"), an -ed verb form or a possessive ("the nerve’s"). Forms are grouped by
their matching key (case, plural, apostrophe and possessive folded, as the glossary matcher does: Bell’s palsy =
Bell's palsy = Bells palsy), so "facial muscles" and "Facial Muscle" are one candidate.

Ranking (main process): C-value (Frantzi et al. 2000: frequency, discounted by the frequency of the longer
candidates a term is nested in, times log2 of its length) multiplied by document spread (1 + log2 of the number
of pages using it). Terms seen fewer than `discovery_min_count` times, already in the glossary, or written like a
name (every word capitalised mid-sentence in most of their prose uses: "New York") are dropped.
"""
from __future__ import annotations

import heapq
import math
import sys
from array import array
from collections import Counter, defaultdict

from spacy.attrs import ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS

from .glossary import APOSTROPHES, _lemma_table, token_key

INNER_OK = frozenset({"of"})
GENERIC = frozenset({"thing", "things", "way", "ways", "lot", "lots", "today", "time", "times", "kind", "sort",
                     "example", "deal", "need", "needs", "terms"})
EDGE_STOP = frozenset(STOP_WORDS) | GENERIC
# verbs common in health text that are also nouns (the word lists cannot tell): never the edge of a term
EDGE_VERBS = frozenset(
    f"{v}{e}" for v, ends in (("cause", ("", "s", "d")), ("caus", ("ing",)), ("treat", ("", "s", "ed", "ing")),
                              ("help", ("", "s", "ed", "ing")), ("include", ("", "s", "d")), ("includ", ("ing",)),
                              ("affect", ("", "s", "ed", "ing")), ("occur", ("", "s", "red", "ring")),
                              ("lead", ("", "s", "ing")), ("led", ("",)), ("result", ("", "s", "ed", "ing")))
    for e in ends)
CLITICS = frozenset({"'s", "’s", "'S", "’S"})
PLURAL_CLITICS = frozenset({"'", "’"})
DETERMINERS = frozenset({"the", "a", "an", "your", "their", "his", "her", "its", "our", "this", "these", "those",
                         "that", "it", "them", "you"})


def _surface(word: str) -> str:
    return word if (word.isupper() and len(word) > 1) else word.lower()


def possessive_key(base: str, clitic: str) -> str:
    """The key of a word with its possessive clitic, as the glossary matcher folds it: Bell’s = Bell's = Bells
    (`token_key("Bells")`); patients’ = patients."""
    return token_key(base + "s") if token_key(clitic) == "'s" else token_key(base)


def phrase_key(term: str) -> str:
    """The candidate key of a written term ("Bell's palsy" -> "bell palsy", "Facial Nerves" -> "facial nerve"), as
    `unit_candidates` keys the same words in text (for comparing glossary forms with candidates)."""
    words = []
    for word in term.translate(APOSTROPHES).split():
        parts = word.split("-")
        last = parts[-1]
        if last.lower().endswith("'s") and len(last) > 2:
            parts[-1] = possessive_key(last[:-2], "'s")
            words.append("-".join([token_key(p) for p in parts[:-1]] + [parts[-1]]))
        elif last.endswith("'") and last[:-1].lower().endswith("s") and len(last) > 2:
            parts[-1] = possessive_key(last[:-1], "'")
            words.append("-".join([token_key(p) for p in parts[:-1]] + [parts[-1]]))
        else:
            words.append("-".join(token_key(p) for p in parts))
    return " ".join(words)


_POS: dict[str, frozenset[str]] | None = None


def _pos_lists() -> dict[str, frozenset[str]]:
    """WordNet's base forms by part of speech (spaCy's `lemma_index` lookup table; {} without spacy-lookups-data)."""
    global _POS
    if _POS is None:
        try:
            from spacy.lookups import load_lookups

            table = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
            _POS = {pos: frozenset(table.get(pos, ())) for pos in ("noun", "verb", "adj", "adv")}
        except Exception:  # noqa: BLE001 - without the lists only the stop words and EDGE_VERBS guard the edges
            _POS = {}
    return _POS


def _word_class(low: str) -> tuple[bool, bool, bool]:
    """(adverb only, verb only, adjective only) by the word lists: in that list and in no noun (or adjective) list;
    a word not listed (an inflected form: "muscles") is none of them. Verb-only looks at the lemma too ("restores")."""
    pos = _pos_lists()
    if not pos or "-" in low:
        return False, False, False
    noun, verb, adj, adv = pos["noun"], pos["verb"], pos["adj"], pos["adv"]
    lemma = _lemma_table().get(low, low)
    lemma = lemma if isinstance(lemma, str) else low
    adv_only = low in adv and low not in noun and low not in adj and low not in verb
    verb_only = any(w in verb and w not in noun and w not in adj for w in {low, lemma})
    adj_only = low in adj and low not in noun
    return adv_only, verb_only, adj_only


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


_WINFO: dict[str, tuple[str, str, bool, bool, bool, bool]] = {}


def _word_info(text: str, key: str, possessive: bool = False) -> tuple[str, str, bool, bool, bool, bool]:
    """(surface, lower, edge_ok, bad_start, capitalised, bad_end) of one word (a token, a hyphenated word or a word
    with its possessive clitic), cached by text (the key is a function of the text).

    edge_ok: may start or end a term (not a stop word, generic word, `EDGE_VERBS` verb or adverb-only word);
    bad_start: a verb form or verb-only word; bad_end: an adjective-only or verb-only word, an -ed verb form or a
    possessive."""
    info = _WINFO.get(text)
    if info is None:
        # a possessive keeps the case of its name ("Bell’s palsy"; the apostrophe as written)
        surface = text if possessive and text[:1].isupper() and not text.isupper() else _surface(text)
        low = surface.lower()
        edge_ok = len(low) > 1 and low not in EDGE_STOP and key not in EDGE_STOP and low not in EDGE_VERBS
        if possessive:
            info = (surface, low, edge_ok, False, text[:1].isupper(), True)
        else:
            adv_only, verb_only, adj_only = _word_class(low)
            verb_form = _verb_form(low)
            info = (surface, low, edge_ok and not adv_only, verb_form or verb_only, text[:1].isupper(),
                    adj_only or verb_only or (verb_form and low.endswith("ed")))
        if len(_WINFO) < 500_000:
            _WINFO[text] = info
    return info


def _words(tok: Tokens, start: int, end: int) -> list[list[tuple]]:
    """Runs of words in tokens [start, end): [(surface, key, first token, end token, capitalised, lower, edge_ok,
    bad_start, bad_end)]; punctuation and digits end a run; a hyphenated word (word-word) is one word, and so is a
    word with its possessive clitic ("Bell" + "’s": key `possessive_key`; not after a stop word: "it’s")."""
    runs: list[list[tuple]] = []
    run: list[tuple] = []
    texts, ws, keys = tok.texts, tok.ws, tok.keys
    info_of = _WINFO.get
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
            possessive = False
            if i + 1 < end and not ws[i]:
                clitic = texts[i + 1]
                if (clitic in CLITICS or (clitic in PLURAL_CLITICS and text[-1:] in "sS")) \
                        and texts[i].lower() not in STOP_WORDS:
                    possessive = True
                    head = key.rpartition("-")[0]
                    key = (head + "-" if head else "") + possessive_key(texts[i], clitic)
                    text += clitic
                    i += 1
            info = info_of(text) or _word_info(text, key, possessive)
            run.append((info[0], key, first, i + 1, info[4], info[1], info[2], info[3], info[5]))
        elif run:
            runs.append(run)
            run = []
        i += 1
    if run:
        runs.append(run)
    return runs


def _overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ranges)


_VERB: dict[str, bool] = {}


def _verb_form(low: str) -> bool:
    """'experiencing', 'treated': an -ing/-ed word whose lemma differs (a verb form; no POS tags without a model)."""
    if not (low.endswith("ing") or low.endswith("ed")) or "-" in low:
        return False
    verb = _VERB.get(low)
    if verb is None:
        lemma = _lemma_table().get(low, low)
        verb = _VERB[low] = isinstance(lemma, str) and lemma != low
    return verb


def _edge_ok(word: str, key: str) -> bool:
    low = word.lower()
    return len(low) > 1 and low not in EDGE_STOP and key not in EDGE_STOP and low not in EDGE_VERBS


def unit_candidates(tok: Tokens, start: int, end: int, matched: list[tuple[int, int]], max_words: int,
                    chunks: list[tuple[int, int]] | None = None):
    """Yield (key, surface, name_like) for the candidate terms of one sentence unit (tokens [start, end) of its block);
    name_like: every word capitalised and not at the start of the unit ("At New York Facial Paralysis, we").

    `chunks`: noun-chunk token ranges of the unit (trained pipeline); None = statistical n-grams."""
    if chunks is not None:
        for c_start, c_end in chunks:
            runs = sorted(_words(tok, c_start, c_end), key=len, reverse=True)[:1]  # the longest clean run
            if not runs:
                continue
            words = runs[0]
            while words and not _edge_ok(words[0][0], words[0][1]):
                words = words[1:]
            while words and (not _edge_ok(words[-1][0], words[-1][1])
                             or words[-1][0].endswith(("'", "’", "'s", "’s", "'S", "’S"))):
                words = words[:-1]
            if 2 <= len(words) <= max_words and not _overlaps(matched, words[0][2], words[-1][3]):
                yield (" ".join(w[1] for w in words), " ".join(w[0] for w in words),
                       words[0][2] > start and all(w[4] for w in words))
        return
    taken = matched if isinstance(matched, (set, frozenset)) else (
        {t for s_, e_ in matched for t in range(s_, e_)} if matched else ())
    for run in _words(tok, start, end):
        n_words = len(run)
        if taken:
            in_match = [(w[2] in taken) if w[3] - w[2] == 1 else any(t in taken for t in range(w[2], w[3]))
                        for w in run]
        else:
            in_match = None
        for i in range(n_words):
            wi = run[i]
            if not wi[6] or (in_match and in_match[i]) or wi[7]:
                continue
            for j in range(i + 1, min(n_words, i + max_words)):
                if in_match and in_match[j]:
                    break  # every longer n-gram overlaps the glossary match too
                wj = run[j]
                if not wj[6]:
                    if wj[5] in INNER_OK or wj[5] not in EDGE_STOP:
                        continue  # may sit inside a longer n-gram
                    break  # a stop word ends every longer n-gram too
                if wj[8]:
                    continue  # "cause abnormal |", "the nerve’s |": may sit inside a longer n-gram
                if j + 1 < n_words and run[j + 1][5] in DETERMINERS and wj[7]:
                    continue  # "disorder involving | the nerve": a verb with its object
                words = run[i:j + 1]
                yield (" ".join([w[1] for w in words]), " ".join([w[0] for w in words]),
                       words[0][2] > start and all([w[4] for w in words]))


class PageCandidates:
    """One page's candidates, compact (they are kept for every page until the corpus ranks them): `keys` (interned
    strings), `stats` (4 ints per key: count, first sentence index, name-like uses, checkable uses) and `surfaces`
    (per key: its one surface form, used `count` times, or a tuple of (surface, uses) pairs)."""

    __slots__ = ("keys", "stats", "surfaces")

    def __init__(self, keys: tuple[str, ...], stats: array, surfaces: tuple) -> None:
        self.keys, self.stats, self.surfaces = keys, stats, surfaces

    @classmethod
    def from_dict(cls, cands: dict[str, list]) -> "PageCandidates":
        intern = sys.intern
        keys, surfaces, stats = [], [], array("i")
        for key, (count, first, forms, named, checked) in cands.items():
            keys.append(intern(key))
            stats.extend((count, first, named, checked))
            if len(forms) == 1:
                surfaces.append(intern(next(iter(forms))))
            else:
                surfaces.append(tuple((intern(f), n) for f, n in forms.items()))
        return cls(tuple(keys), stats, tuple(surfaces))

    def interned(self) -> "PageCandidates":
        """The same candidates with their strings interned in this process (after unpickling in the main process,
        so that pages share one copy of every key and surface)."""
        intern = sys.intern
        self.keys = tuple(map(intern, self.keys))
        self.surfaces = tuple(intern(s) if isinstance(s, str) else tuple((intern(f), n) for f, n in s)
                              for s in self.surfaces)
        return self

    def __len__(self) -> int:
        return len(self.keys)

    def as_dict(self) -> dict[str, list]:
        """The `page_candidates` dict form: {key: [count, first sentence, {surface: count}, name-like, checkable]}."""
        st = self.stats
        return {k: [st[4 * i], st[4 * i + 1], {s: st[4 * i]} if isinstance(s, str) else dict(s), st[4 * i + 2],
                    st[4 * i + 3]] for i, (k, s) in enumerate(zip(self.keys, self.surfaces))}


def page_candidates(units: list[dict], tokens: dict[int, Tokens], matched_by_block: dict[int, list[tuple[int, int]]],
                    max_words: int, trained: bool) -> PageCandidates:
    """The candidates of one page: {key: [count, first sentence index, {surface: count}, name-like uses, checkable
    uses]}, stored compactly (`PageCandidates`; name-like and checkable uses are counted in paragraphs only: headings
    are Title Case anyway)."""
    out: dict[str, list] = {}
    taken_by_block: dict[int, set[int]] = {}
    for unit in units:
        span = unit["_span"]
        chunks = None
        if trained:
            try:
                chunks = [(c.start, c.end) for c in span.noun_chunks]
            except (ValueError, NotImplementedError):
                chunks = []
        matched = matched_by_block.get(unit["block"], [])
        if chunks is None and matched:
            taken = taken_by_block.get(unit["block"])
            if taken is None:
                taken = taken_by_block[unit["block"]] = {t for s_, e_ in matched for t in range(s_, e_)}
            matched = taken
        found = unit_candidates(tokens[unit["block"]], span.start, span.end, matched, max_words, chunks)
        prose = unit["kind"] == "paragraph"
        for key, surface, name_like in found:
            entry = out.get(key)
            if entry is None:
                entry = out[key] = [0, unit["sentence"], {}, 0, 0]
            entry[0] += 1
            entry[2][surface] = entry[2].get(surface, 0) + 1
            if prose:
                entry[3] += name_like
                entry[4] += 1
    return PageCandidates.from_dict(out)


def _unit_text(units, sentence: int) -> str:
    if not 0 <= sentence < len(units):
        return ""
    columns = getattr(units, "columns", None)  # pipeline.Units: one column, not the whole unit
    return columns["text"][sentence] if columns is not None else units[sentence]["text"]


def rank(pages: list[tuple[str, dict[str, list], list[dict]]], glossary_keys: set[str], min_count: int,
         top: int) -> list[dict]:
    """Rank the corpus's candidates. `pages`: (page_id, page_candidates(...), units) in page order; top 0 = all."""
    freq: Counter = Counter()
    spread: Counter = Counter()
    named: Counter = Counter()
    checked: Counter = Counter()
    pages = [(p, c if isinstance(c, PageCandidates) else PageCandidates.from_dict(c), u) for p, c, u in pages]
    for _page_id, cands, _units in pages:
        st = cands.stats
        freq.update(dict(zip(cands.keys, st[0::4])))
        spread.update(cands.keys)
        for key, n in zip(cands.keys, st[2::4]):
            if n:
                named[key] += n
        checked.update(dict(zip(cands.keys, st[3::4])))
    # names (capitalised mid-sentence in most prose uses: "New York", a clinic's name) are not glossary terms
    keep = {k for k, f in freq.items() if f >= min_count and k not in glossary_keys
            and not (checked[k] and named[k] * 2 > checked[k])}
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
    scored = []
    for key in keep:
        f = freq[key]
        c = math.log2(key.count(" ") + 1) * (f - nested_sum[key] / nested_n[key] if nested_n[key] else f)
        if c > 0:
            scored.append((-round(c * (1 + math.log2(spread[key])), 4), -f, key))
    scored = heapq.nsmallest(top, scored) if top else sorted(scored)
    chosen = {key for *_, key in scored}
    surfaces: dict[str, Counter] = defaultdict(Counter)
    example: dict[str, tuple[str, str]] = {}
    for page_id, cands, units in pages:
        st = cands.stats
        for i, key in enumerate(cands.keys):
            if key not in chosen:
                continue
            forms = cands.surfaces[i]
            if isinstance(forms, str):
                surfaces[key][forms] += st[4 * i]
            else:
                surfaces[key].update(dict(forms))
            if key not in example:
                sentence = st[4 * i + 1]
                example[key] = (page_id, _unit_text(units, sentence))
    rows = []
    for rank_, (neg_score, _neg_f, key) in enumerate(scored, start=1):
        forms = sorted(surfaces[key].items(), key=lambda x: (-x[1], x[0]))
        term = forms[0][0]
        others = sorted(s for s, _ in forms[1:])
        variants = ", ".join(others)
        rows.append({"rank": rank_, "term": term, "key": key, "count": freq[key], "pages": spread[key],
                     "score": -neg_score, "variants": "; ".join(others), "example_page": example[key][0],
                     "example_text": example[key][1],
                     "glossary_entry": (f"- {{name: {term}, category: TODO, variants: [{variants}]}}" if variants
                                        else f"- {{name: {term}, category: TODO}}")})
    return rows
