"""Term variants found in the text, beyond the forms a name stands for (issue 19): what a term matcher reads in the
sentence rather than in the glossary.

Block level (`CompiledGlossary.match`, from the tables `variant_tables` builds):

- `modifier inserted` — one content word inside a multi-word form, before its last word: "pre-existing *medical*
  conditions" (*Pre-Existing Condition*), "lifetime *dollar* limits" (*Lifetime Limit*). Jacquemin's FASTR calls
  these insertion variants (Jacquemin, Klavans & Tzoukermann 1997, "Expansion of multi-word terms for indexing and
  retrieval using morphology and syntax", ACL). A part of a name with a word inserted stays a partial match.
- `predicative` — a two-word name "ADJECTIVE HEAD" said of its head: "the coverage you offer is (considered)
  affordable" (*Affordable coverage*): the head earlier in the sentence, then a form of "be", at most one adverb or
  participle, the adjective. The mention is the adjective.

Page level: `audit.terms.page_mentions`.
"""
from __future__ import annotations

import re
from itertools import compress, count

from spacy.lang.en.stop_words import STOP_WORDS

COPULA = frozenset({"is", "are", "was", "were", "be", "been", "being", "remain", "remains", "become", "becomes"})
# between the copula and the adjective: "is considered affordable", "is not affordable", "is still affordable"
_BETWEEN = frozenset({"considered", "deemed", "not", "still", "also", "truly", "really", "very", "found", "judged",
                      "rated", "certified", "n't", "no", "longer", "always", "generally", "usually"})
_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "``", "''"})
_SENTENCE_END = frozenset({".", "!", "?", ";", ":"})
PREDICATIVE_WINDOW = 12  # tokens between the head and the copula at most
_COORD = frozenset({"and", "or", "&", "/"})


def claim(s: int, e: int, out: list, kept: list) -> list | None:
    """The matches of `kept` that a new span [s, e) takes over (removed from `kept`), or None when the span overlaps
    one already in `out` or cannot contain them (a kept match reaching outside it, or as long as it)."""
    if any(s < m.end and m.start < e for m in out):
        return None
    inside = [m for m in kept if s < m.end and m.start < e]
    if any(m.start < s or m.end > e or m.end - m.start >= e - s for m in inside):
        return None
    for m in inside:
        kept.remove(m)
    return inside


# Generic heads: a name ending in two of them has one too many; alone they never make a part distinctive; inserted
# in a name they are not a modifier ("autosomal recessive disorder ataxia" is not an "autosomal recessive ataxia")
GENERIC_HEADS = frozenset({
    "disorder", "disorders", "disease", "diseases", "syndrome", "syndromes", "condition", "conditions", "problem",
    "problems", "deficiency", "type", "types", "form", "forms", "illness", "complex", "spectrum", "defect", "defects",
})


def _content(key: str) -> bool:
    return key.isalpha() and key not in STOP_WORDS and key not in _COORD


def _modifier(key: str) -> bool:
    return _content(key) and key not in GENERIC_HEADS


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


def _name_after_lower(texts, keys, i: int, english) -> bool:
    """(stop 35) The word at `i` is a name written after a word without a capital: capitalised, not in capitals
    (an abbreviation: "primary CNS lymphoma", "lactate dehydrogenase B deficiency" are modifiers) and no English
    word (`english`: `audit.terms.parts.word_logprobs`; "federally recognized Indian tribe" is one). It names a
    thing of its own, not a kind of the name around it: "autosomal dominant Alport syndrome" is no *autosomal dominant hyper-IgE
    syndrome*, "renal Fanconi syndrome" no *renal coloboma syndrome*, and in MedQuAD's answers, whose list items run
    together, "Redness of the eyes Kawasaki disease can't …" no *Eye Diseases* (MedQuAD's GHR, GARD and
    MedlinePlus pages)."""
    text = texts[i]
    return text[:1].isupper() and not text.isupper() and not texts[i - 1][:1].isupper() \
        and keys[i] not in english


def insertions(found: list[tuple[int, int, int]], keys, lasts: list[dict[str, tuple[int, int]]], kept: list,
               match_class, partial: bool = True, known=None, thing=None, texts=None, english=None) -> list:
    """Insertion variants of a block (`found`: (start, end, index into `lasts`) of every prefix sequence in its
    keys): the prefix, one content word, then one of the prefix's last words. Over full matches strictly inside it
    only (which it removes from `kept`, and keeps as `alt` when it is a part; parts only when `partial`); longest
    first. `known(sequence)`: the span is a form or part itself (the matcher's own reading then stands).
    `thing(key, part, pi)`: the word, inserted in the part `part` (of the concepts `pi`), replaces a word the name
    had (it names a thing, `audit.terms.parts.names_a_thing`: "acute renal failure" is no *acute liver failure*;
    or a body part where the name has another, `CompiledGlossary._replaces`), so it is no insertion.
    `texts` (the tokens' texts) and `english` (the English words' keys): a name inserted is no modifier
    (`_name_after_lower`)."""
    n = len(keys)
    cands = []
    for s, e, li in found:
        if e + 1 < n and _modifier(keys[e]) and not (texts is not None and _name_after_lower(texts, keys, e, english)):
            target = lasts[li].get(keys[e + 1])
            if target is not None and (partial or target[1] < 0) and not (known and known(tuple(keys[s:e + 2]))) \
                    and not (target[1] >= 0 and thing and thing(keys[e], (*keys[s:e], keys[e + 1]), target[1])):
                cands.append((s, e + 2, target))
    cands.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    out: list = []
    for s, e, (ci, pi) in cands:
        inside = claim(s, e, out, kept)
        if inside is None:
            continue
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


# ------------------------------------------------------------------ coordination in the text (stop 17)

COORDINATORS = frozenset({"and", "or", "&", "and/or"})
MAX_CONJUNCTS = 6  # "prostatic, pancreas, skin, and lung cancer": at most this many
_SHARED = 3  # words a coordination's conjuncts share before them (P) or after them (S) at most
COORDINATION = "coordination in the text"


def _conjunct(key: str) -> bool:
    return bool(key) and key not in STOP_WORDS and key not in COORDINATORS and key.replace("-", "").isalnum()


def coordinated_last(key: str) -> bool:
    """A form's last word that a coordination may end with: a shared tail's last word or a code conjunct."""
    return _conjunct(key)


def coordinations(keys, full: dict[tuple[str, ...], int], lasts: frozenset[str], kept: list, match_class) -> list:
    """Coordinations in the text that distribute a shared head (Jacquemin's FASTR coordination variants): "breast
    and ovarian cancers" names *breast cancer* too, "prostatic, pancreas, skin, and lung cancer" *prostate cancer*
    and *skin cancer*, "type 1 and 2 diabetes" *type 1 diabetes*, "C6 and C7 deficiencies" *C6 deficiency*,
    "deficiencies of C6 and C7" *deficiency of C7*, "X- and Y-linked ichthyosis" *X-linked ichthyosis*.

    The conjuncts are single words (or codes) joined by commas and a last "and" / "or" / "and/or"; what they share
    is up to `_SHARED` words before the first (P) and after the last (S) (`_distribute` says which). For them,
    that makes P + conjunct + S a full form (`full`: {key sequence: concept}, own and derived; -1: a prefix only)
    for some conjunct that the text does not already write as one, each such conjunct is a mention of that form's
    concept (`COORDINATION`): its span is the conjunct, with P for the first and S for the last; outside the
    matches `kept`, or over shorter ones inside the span (which it removes from `kept`). `lasts`: the last words
    of the full forms (a quick test)."""
    out: list = []
    n = len(keys)
    for j in compress(count(), map(COORDINATORS.__contains__, keys)):  # (the coordinators' positions, at C speed)
        if j == 0 or j + 1 >= n or not _conjunct(keys[j + 1]):
            continue
        if keys[j - 1] == "(" and j + 3 < n and keys[j + 2] == ")":  # "stateful (and stateless) apps"
            out += _parenthesised(keys, full, j, out, kept, match_class)
            continue
        if lasts.isdisjoint(keys[j + 1:j + 2 + _SHARED + 1]):
            continue
        # the conjuncts: (start, key) right to left, then left to right; a left one may suspend a hyphen ("X-")
        conj = [(j + 1, keys[j + 1])]
        i = j - 1 if keys[j - 1] != "," else j - 2
        while i >= 0 and len(conj) < MAX_CONJUNCTS and _conjunct(keys[i]):
            conj.insert(0, (i, keys[i]))
            if i >= 2 and keys[i - 1] == ",":
                i -= 2
            else:
                break
        if len(conj) < 2:
            continue
        first, last = conj[0][0], conj[-1][0]
        hit = _distribute(keys, full, conj, first, last)
        if hit is None:
            continue
        p, s = hit
        for idx, (pos, key) in enumerate(conj):
            seq = tuple(keys[first - p:first]) + (key.rstrip("-"),) + tuple(keys[last + 1:last + 1 + s])
            ci = full.get(seq, -1)
            start = pos - p if idx == 0 else pos
            end = pos + 1 + s if idx == len(conj) - 1 else pos + 1
            if ci < 0 or tuple(keys[start:end]) == seq:
                continue  # (no form, or the text writes it whole: the matcher has it)
            inside = claim(start, end, out, kept)
            if inside is not None:
                out.append(match_class(ci, start, end, COORDINATION))
    return out


def _parenthesised(keys, full: dict[tuple[str, ...], int], j: int, out: list, kept: list, match_class) -> list:
    """(stop 40) A coordination whose second conjunct is put in parentheses, the coordinator first: "When we speak of
    stateful (and stateless) apps" (the CNCF glossary's *Stateful Apps* page; "acute (or chronic) pain", "primary (and
    secondary) prevention"). The parenthesis says the shared tail is also said of its word: the conjuncts A (before
    the parenthesis) and B (inside it, after the coordinator at `j`) share the content words after ")" (up to
    `_SHARED`, longest first), as the conjuncts of "stateful and stateless apps" do. Each conjunct whose word and the
    tail make a full form (`full`) is a mention of that form's concept, its span the conjunct alone (the text does
    not write the form whole: "stateful ( and stateless ) apps"); outside the matches `kept` and `out`."""
    n = len(keys)
    conj = ((j - 2, keys[j - 2]), (j + 1, keys[j + 1]))
    if j < 2 or not all(_conjunct(k) and not _code(k) for _, k in conj):
        return []
    for s in range(min(_SHARED, n - j - 3), 0, -1):
        tail = tuple(keys[j + 3:j + 3 + s])
        if not all(_conjunct(x) for x in tail):
            continue
        hits = [(pos, full.get((key,) + tail, -1)) for pos, key in conj]
        if all(ci < 0 for _, ci in hits):
            continue
        found: list = []
        for pos, ci in hits:
            if ci >= 0 and claim(pos, pos + 1, out + found, kept) is not None:
                found.append(match_class(ci, pos, pos + 1, COORDINATION))
        return found
    return []


def _code(key: str) -> bool:
    """A conjunct that cannot stand alone: a number, a roman numeral, a letter or a code ("2", "iii", "c7", "1b")."""
    return bool(_CODE.fullmatch(key))


_CODE = re.compile(r"\d+[a-z]?|[ivx]+[a-z]?|[a-z]|[a-z]{1,4}\d+[a-z]?")


def _distribute(keys, full, conj, first: int, last: int) -> tuple[int, int] | None:
    """(P, S) lengths of the longest shared tail (S), then head (P), that makes a full form with a conjunct the text
    does not write whole; None when none does. The tail is content words ("breast and ovarian cancers"; a head
    coordinated before "of" is not read: "weakness or paralysis of the facial muscles"). A head is shared only by
    conjuncts that cannot stand alone (`_code`: "type 1 and 2 diabetes", "deficiencies of C6 and C7"; not "the
    facial nerve and brain disorders", "facial nerve injury or paralysis"), and must make a form with the first.
    A suspended hyphen ("X-") wants a tail that starts with "-"; without a tail the last conjunct must end the
    phrase (not "... cancer and tumour DNA": "tumour" is no *ovarian tumour*)."""
    n = len(keys)
    codes = all(_code(key.rstrip("-")) for _, key in conj)
    for s in range(min(_SHARED, n - last - 1), -1, -1):
        tail = tuple(keys[last + 1:last + 1 + s])
        if s and (not _conjunct(tail[-1]) or any(x != "-" and not _conjunct(x) for x in tail)):
            continue
        if not s and last + 1 < n and _conjunct(keys[last + 1]):
            continue  # the last conjunct does not end the phrase: "ovarian cancer and tumour DNA"
        for p in range(min(_SHARED, first), -1, -1):
            if not p and not s:
                break
            head = tuple(keys[first - p:first])
            if p and (not _conjunct(head[0]) or any(not x.replace("'", "").isalnum() for x in head)
                      or full.get(head + (conj[0][1].rstrip("-"),) + tail, -1) < 0):
                continue  # (shared words before: the first conjunct with them must be a form too)
            if p and not codes and any(full.get(head + (key,) + tail, -1) < 0 for _, key in conj):
                continue  # (words that can stand alone share a head only when each makes a form with it)
            for idx, (_, key) in enumerate(conj):
                if key.endswith("-") and (not tail or tail[0] != "-"):
                    continue
                written_whole = (idx == 0 and not s) or (idx == len(conj) - 1 and not p)
                if not written_whole and full.get(head + (key.rstrip("-"),) + tail, -1) >= 0:
                    return p, s
    return None
