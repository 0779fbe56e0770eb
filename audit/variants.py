"""Term variants found in the text, beyond the forms a name stands for (issue 19): what a term matcher reads in the
sentence or on the page rather than in the glossary.

Block level (`CompiledGlossary.match`, from the tables `variant_tables` builds):

- `modifier inserted` — one content word inside a multi-word form, before its last word: "pre-existing *medical*
  conditions" (*Pre-Existing Condition*), "lifetime *dollar* limits" (*Lifetime Limit*). Jacquemin's FASTR calls
  these insertion variants (Jacquemin, Klavans & Tzoukermann 1997, "Expansion of multi-word terms for indexing and
  retrieval using morphology and syntax", ACL). A part of a name with a word inserted stays a partial match.
- `predicative` — a two-word name "ADJECTIVE HEAD" said of its head: "the coverage you offer is (considered)
  affordable" (*Affordable coverage*): the head earlier in the sentence, then a form of "be", at most one adverb or
  participle, the adjective. The mention is the adjective.

Page level (`resolve_page`):

- `abbreviation defined on the page` / `expansion defined on the page` — "myotonic dystrophy (DM)": the pair found
  as Schwartz & Hearst find it ("A simple algorithm for identifying abbreviation definitions in biomedical text",
  PSB 2003: the short form's letters in order in the words before the parenthesis, its first letter starting a
  word, at most min(|A| + 5, 2|A|) words); when the long form is a matched concept, the short form elsewhere on the
  page counts for it ("DM"), and when the short form is a form of a concept ("HRA"), so does the long form
  ("health reimbursement arrangement").
- partial matches resolved as `audit.forms.resolve_partials` says.
"""
from __future__ import annotations

from itertools import compress, count

from spacy.lang.en.stop_words import STOP_WORDS

COPULA = frozenset({"is", "are", "was", "were", "be", "been", "being", "remain", "remains", "become", "becomes"})
# between the copula and the adjective: "is considered affordable", "is not affordable", "is still affordable"
_BETWEEN = frozenset({"considered", "deemed", "not", "still", "also", "truly", "really", "very", "found", "judged",
                      "rated", "certified", "n't", "no", "longer", "always", "generally", "usually", "always"})
_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "``", "''"})
_SENTENCE_END = frozenset({".", "!", "?", ";", ":"})
PREDICATIVE_WINDOW = 12  # tokens between the head and the copula at most
_COORD = frozenset({"and", "or", "&", "/"})


def _content(key: str) -> bool:
    return key.isalpha() and key not in STOP_WORDS and key not in _COORD


def variant_tables(full: dict[tuple[str, ...], int], parts: dict[tuple[str, ...], int]):
    """(insertion table, predicative table) from the matcher's full key sequences (`full`: {sequence: concept},
    own and derived) and parts (`parts`: {sequence: part index}).

    Insertion: {prefix (the sequence without its last word): {last word: (concept, part)}} (concept -1 for a part,
    part -1 for a full form); an insertion two targets give is dropped. Predicative: {adjective: ((head, concept,
    part), ...)} of the two-word full forms and parts ("grandfathered plan" of *Grandfathered Health Plan*)."""
    ins: dict[tuple[str, ...], dict[str, tuple[int, int]]] = {}
    clash: set[tuple[tuple[str, ...], str]] = set()
    for table, is_part in ((full, False), (parts, True)):
        for seq, target in table.items():
            if len(seq) < 2 or not _content(seq[-1]) or not _content(seq[-2]) or not seq[0].replace("'", "").isalnum():
                continue
            item = (-1, target) if is_part else (target, -1)
            lasts = ins.setdefault(seq[:-1], {})
            if seq[-1] in lasts and lasts[seq[-1]] != item:
                clash.add((seq[:-1], seq[-1]))
            lasts.setdefault(seq[-1], item)
    for prefix, last in clash:
        del ins[prefix][last]
    pred: dict[str, list[tuple[str, int, int]]] = {}
    for table, is_part in ((full, False), (parts, True)):
        for seq, target in table.items():
            if len(seq) == 2 and _content(seq[0]) and _content(seq[1]):
                pred.setdefault(seq[0], []).append((seq[1], -1, target) if is_part else (seq[1], target, -1))
    return ({p: lasts for p, lasts in ins.items() if lasts},
            {adj: tuple(sorted(heads)) for adj, heads in pred.items()})


def insertions(found: list[tuple[int, int, int]], keys, lasts: list[dict[str, tuple[int, int]]], kept: list,
               match_class, partial: bool = True) -> list:
    """Insertion variants of a block (`found`: (start, end, index into `lasts`) of every prefix sequence in its
    keys): the prefix, one content word, then one of the prefix's last words. Over full matches strictly inside it
    only (which it removes from `kept`, and keeps as `alt` when it is a part; parts only when `partial`); longest
    first."""
    n = len(keys)
    cands = []
    for s, e, li in found:
        if e + 1 < n and _content(keys[e]):
            target = lasts[li].get(keys[e + 1])
            if target is not None and (partial or target[1] < 0):
                cands.append((s, e + 2, target))
    cands.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    out: list = []
    for s, e, (ci, pi) in cands:
        if any(s < m.end and m.start < e for m in out):
            continue
        inside = [m for m in kept if s < m.end and m.start < e]
        if any(m.start < s or m.end > e or m.end - m.start >= e - s for m in inside):
            continue
        for m in inside:
            kept.remove(m)
        if pi >= 0:
            out.append(match_class(-1, s, e, "partial: modifier inserted", pi, tuple(inside)))
        else:
            out.append(match_class(ci, s, e, "modifier inserted"))
    return out


def predicatives(keys, texts, pred: dict[str, tuple[tuple[str, int, int], ...]], kept: list, match_class,
                 partial: bool = True) -> list:
    """Predicative uses of two-word names and parts (`partial`) in a block ("coverage … is affordable", "your plan
    is grandfathered"), outside the matches `kept` but over a one-word full match of the adjective alone (the
    concept *Grandfathered*, kept as `alt` of a part, else removed from `kept`)."""
    out = []
    for i, k in enumerate(keys):
        heads = pred.get(k)
        if heads is None:
            continue
        under = [m for m in kept if m.start <= i < m.end]
        if any(m.start != i or m.end != i + 1 for m in under):
            continue
        j = i - 1
        while j >= 0 and texts[j] in _QUOTES:
            j -= 1
        if j >= 1 and keys[j] not in COPULA and keys[j] in _BETWEEN:
            j -= 1
        if j < 1 or keys[j] not in COPULA:
            continue
        for h in range(j - 1, max(-1, j - 1 - PREDICATIVE_WINDOW), -1):
            if texts[h] in _SENTENCE_END:
                break
            ci, pi = next(((c, p) for head, c, p in heads if head == keys[h] and (partial or p < 0)), (-1, -1))
            if ci >= 0 or pi >= 0:
                for m in under:
                    kept.remove(m)
                if pi >= 0:
                    out.append(match_class(-1, i, i + 1, "partial: predicative", pi, tuple(under)))
                else:
                    out.append(match_class(ci, i, i + 1, "predicative"))
                break
    return out


# ------------------------------------------------------------------ abbreviations defined on the page

def _long_form(short: str, words: list[str]) -> int:
    """Schwartz & Hearst's long form of `short` in `words` (the words before the parenthesis): the number of words
    it takes from the end (0: none). Each of the short form's letters and digits, from the last, is found right to
    left in the words; its first one must start a word."""
    s = [ch.lower() for ch in short if ch.isalnum()]
    text = " ".join(w.lower() for w in words)
    si, li = len(s) - 1, len(text) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (text[li] != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return 0
        si -= 1
        li -= 1
    return text[li + 1:].count(" ") + 1


def definitions(texts) -> list[tuple[str, int, int]]:
    """(short form, long form's first token, its end) of the "long form (SHORT)" pairs in a block's tokens: a short
    form of 2-10 characters with a capital letter, 1-2 tokens, its long form of at most min(|A| + 5, 2|A|) words
    (stop words included) right before the parenthesis and longer than it."""
    out = []
    n = len(texts)
    p = 0
    while True:
        try:
            p = texts.index("(", p + 1, n - 2)  # (C speed: most blocks have none or few)
        except ValueError:
            break
        q = p + 2 if texts[p + 2] == ")" else p + 3 if p + 3 < n and texts[p + 3] == ")" else 0
        if not q:
            continue
        short = "".join(texts[p + 1:q]) if q == p + 2 else f"{texts[p + 1]} {texts[p + 2]}"
        letters = [ch for ch in short if ch.isalpha()]
        if not 2 <= len(short) <= 10 or not letters or not any(ch.isupper() for ch in short) or not short[0].isalnum():
            continue
        k = min(len(letters) + 5, 2 * len(letters))
        start = p
        while start > 0 and p - start < k and texts[start - 1] not in _SENTENCE_END and texts[start - 1] not in "()[],":
            start -= 1
        words = list(texts[start:p])
        took = _long_form(short, words)
        if took == 0 or len(" ".join(words[-took:])) <= len(short):
            continue
        out.append((short, p - took, p))
    return out


def _abbreviation_matches(cg, blocks: list, tokens: list, match_class) -> list:
    """Per block, the matches of the abbreviation pairs defined on the page (see the module docstring)."""
    from .glossary import token_key

    short_to: dict[str, tuple[int, str]] = {}  # short form -> (concept, how)
    long_to: dict[tuple[str, ...], tuple[int, str]] = {}  # long form keys -> (concept, how)
    for ms, tok in zip(blocks, tokens):
        if "(" not in tok.texts:
            continue
        for short, s, e in definitions(tok.texts):
            longkeys = tuple(tok.keys[s:e])
            covering = [m for m in ms if m.part < 0 and m.end == e and m.start >= s]
            ci = cg.keys.get(longkeys, covering[0].concept if covering else -1)
            if ci >= 0 and cg._exact.get(tuple(short.split()), -1) in (-1, ci):
                short_to.setdefault(short, (ci, "abbreviation defined on the page"))
                continue
            target = cg._exact.get(tuple(short.split()), -1)
            if target < 0 and " " not in short:
                target = cg.keys.get((token_key(short),), -1)
            if target >= 0 and not covering:
                long_to.setdefault(longkeys, (target, "expansion defined on the page"))
    if not short_to and not long_to:
        return [[] for _ in blocks]
    firsts = {k[0] for k in long_to}
    short_first = {k.split()[0] for k in short_to}
    out = []
    for ms, tok in zip(blocks, tokens):
        texts, keys, new = tok.texts, tok.keys, []
        taken = [(m.start, m.end) for m in ms]
        at = sorted(set(compress(count(), map(short_first.__contains__, texts)))
                    | set(compress(count(), map(firsts.__contains__, keys))))
        for i in at:
            t = texts[i]
            hit = None
            if t in short_to:
                hit = (i, i + 1, *short_to[t])
            elif i + 1 < len(texts) and f"{t} {texts[i + 1]}" in short_to:
                hit = (i, i + 2, *short_to[f"{t} {texts[i + 1]}"])
            elif keys[i] in firsts:
                for lk, (ci, how) in long_to.items():
                    if tuple(keys[i:i + len(lk)]) == lk:
                        hit = (i, i + len(lk), ci, how)
                        break
            if hit and not any(hit[0] < te and ts < hit[1] for ts, te in taken):
                taken.append(hit[:2])
                new.append(match_class(hit[2], hit[0], hit[1], hit[3]))
        out.append(new)
    return out


def resolve_page(cg, blocks: list, tokens: list | None = None) -> list:
    """One page's matches (per block, from `CompiledGlossary.match(..., partial=True)`; `tokens`: the blocks'
    `audit.discovery.Tokens`, for the abbreviations defined on the page) with the partial matches resolved
    (`audit.forms.resolve_partials`) and the mentions of abbreviation pairs the page defines added. New lists (a
    block's matches may be shared between pages)."""
    from .forms import resolve_partials
    from .glossary import Match

    out = resolve_partials(cg, blocks)
    if tokens is None or not cg.derive or not any("(" in tok.texts for tok in tokens):
        return out  # (no parenthesis, or the glossary's own forms only)
    extra = _abbreviation_matches(cg, out, tokens, Match)
    if not any(extra):
        return out
    return [sorted(ms + new, key=lambda m: m.start) if new else ms for ms, new in zip(out, extra)]

