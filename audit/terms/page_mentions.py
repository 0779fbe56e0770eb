"""A page's mentions (issue 19): its blocks' matches with what only the whole page decides.

- `abbreviation defined on the page` / `expansion defined on the page` — "myotonic dystrophy (DM)": the pair found
  as Schwartz & Hearst find it ("A simple algorithm for identifying abbreviation definitions in biomedical text",
  PSB 2003: the short form's letters in order in the words before the parenthesis, its first letter starting a
  word, at most min(|A| + 5, 2|A|) words); when the long form is a matched concept, the short form elsewhere on the
  page counts for it ("DM"), and when the short form is a form of a concept ("HRA"), so does the long form
  ("health reimbursement arrangement").
- partial matches resolved as `audit.terms.part_matches.resolve_partials` says.
"""
from __future__ import annotations

from itertools import compress, count

from audit.terms.glossary import Match, token_key
from audit.terms.jargon import long_form as _long_form
from audit.terms.part_matches import resolve_partials
from audit.terms.title_facets import decide
from audit.terms.variants import _SENTENCE_END


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


def _inside_names(cg, longkeys: tuple[str, ...], short: str) -> dict[tuple[str, ...], tuple[int, str]]:
    """A definition inside a concept's name: "ornithine transcarbamylase (OTC)" on the page of *Ornithine
    transcarbamylase deficiency* -> "OTC deficiency" and "ornithine transcarbamylase (OTC) deficiency" count for it
    there; "glucose-6-phosphate dehydrogenase (G6PD)" on the page of *G6PD deficiency* -> "glucose-6-phosphate
    dehydrogenase deficiency" and "... (G6PD) deficiency". {key sequence: (concept, how)}. The page's definition
    decides what its short form stands for: "iridocorneal endothelial (ICE)" makes "ICE syndrome" *Iridocorneal
    endothelial syndrome* on that page, not another name's initials (*Ichthyosis cheek eyebrow syndrome*), and no
    name with the short form in it is expanded into another concept's name."""
    by_word = cg.by_word()
    out: dict[tuple[str, ...], tuple[int, str]] = {}
    n = len(longkeys)
    for seq in by_word.get(longkeys[0], ()):  # the long form in the name: the short form for it
        ci = cg.keys[seq]
        for i in range(len(seq) - n + 1):
            if seq[i:i + n] == longkeys and len(seq) > n:
                out[seq[:i] + (short,) + seq[i + n:]] = (ci, "abbreviation defined on the page")
                out[seq[:i] + longkeys + ("(", short, ")") + seq[i + n:]] = (ci, "definition inside the name")
    for seq in by_word.get(short, ()):  # the short form in the name: the long form for it
        ci = cg.keys[seq]
        for i in range(len(seq)):
            if seq[i] != short or len(seq) == 1:
                continue
            expanded = seq[:i] + longkeys + seq[i + 1:]
            if cg.keys.get(expanded, ci) != ci:
                continue  # (the page's short form is another concept's words here)
            out.setdefault(expanded, (ci, "expansion defined on the page"))
            out.setdefault(seq[:i] + longkeys + ("(", short, ")") + seq[i + 1:], (ci, "definition inside the name"))
    return out


def _abbreviation_matches(cg, blocks: list, tokens: list, match_class) -> list:
    """Per block, (its matches kept, the matches of the abbreviation pairs defined on the page) (see the module
    docstring): a pair's match replaces the shorter matches inside it, and gives way to one it crosses."""
    short_to: dict[str, tuple[int, str]] = {}  # short form -> (concept, how)
    long_to: dict[tuple[str, ...], tuple[int, str]] = {}  # long form keys -> (concept, how)
    for ms, tok in zip(blocks, tokens):
        if not tok.parens:
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
            if " " not in short:
                for seq, (ci, how) in _inside_names(cg, longkeys, token_key(short)).items():
                    long_to.setdefault(seq, (ci, how))
    if not short_to and not long_to:
        return [(ms, []) for ms in blocks]
    firsts = {k[0] for k in long_to}
    short_first = {k.split()[0] for k in short_to}
    out = []
    for ms, tok in zip(blocks, tokens):
        texts, keys, new = tok.texts, tok.keys, []
        taken = [(m.start, m.end) for m in ms]
        dropped: set[int] = set()  # (the indices of `ms` a pair's match replaces)
        at = sorted(set(compress(count(), map(short_first.__contains__, texts)))
                    | set(compress(count(), map(firsts.__contains__, keys))))
        for i in at:
            t = texts[i]
            hit = None
            if t in short_to:
                hit = (i, i + 1, *short_to[t])
            elif i + 1 < len(texts) and f"{t} {texts[i + 1]}" in short_to:
                hit = (i, i + 2, *short_to[f"{t} {texts[i + 1]}"])
            elif keys[i] in firsts:  # (the longest: "... (OTC) deficiency" over "ornithine transcarbamylase")
                lk = max((lk for lk in long_to if tuple(keys[i:i + len(lk)]) == lk), key=len, default=None)
                if lk is not None:
                    hit = (i, i + len(lk), *long_to[lk])
            if not hit:
                continue
            crossed = [k for k, (ts, te) in enumerate(taken) if hit[0] < te and ts < hit[1]]
            if crossed and (hit[3] == "expansion defined on the page" or texts[hit[1] - 1] == ")"):
                continue  # (written-out words, or a name then its short form: the text's own matches stay)
            if any(not (hit[0] <= taken[k][0] and taken[k][1] <= hit[1]) for k in crossed):
                continue  # (it crosses a match: the text's own match stays)
            if any(taken[k] == hit[:2] and (k >= len(ms) or ms[k].concept == hit[2]
                                            or hit[3] != "abbreviation defined on the page") for k in crossed):
                continue  # (the same words read by the glossary stay, unless the page defines their short form)
            # longest first: a form with the page's short form in it over the matches inside it ("GI bleeding" over
            # "bleeding"), and the page's definition of a short form over the glossary's reading of it ("ICE syndrome")
            dropped.update(k for k in crossed if k < len(ms))
            for k in crossed:
                taken[k] = (-1, -1)
            taken.append(hit[:2])
            new.append(match_class(hit[2], hit[0], hit[1], hit[3]))
        out.append(([m for k, m in enumerate(ms) if k not in dropped] if dropped else ms, new))
    return out


def resolve_page(cg, blocks: list, tokens: list | None = None) -> list:
    """One page's matches (per block, from `CompiledGlossary.match(..., partial=True)`; `tokens`: the blocks'
    `audit.terms.discovery.Tokens`, for the abbreviations defined on the page) with the partial matches resolved
    (`audit.terms.part_matches.resolve_partials`) and the mentions of abbreviation pairs the page defines added. New
    lists (a block's matches may be shared between pages)."""
    out = decide(cg, resolve_partials(cg, blocks, tokens), tokens)  # (stop 39: `audit.terms.title_facets`)
    if tokens is None or not cg.derive or not any(tok.parens for tok in tokens):
        return out  # (no parenthesis, or the glossary's own forms only)
    extra = _abbreviation_matches(cg, out, tokens, Match)
    if not any(new for _, new in extra):
        return out
    return [sorted(kept + new, key=lambda m: m.start) if new else ms for ms, (kept, new) in zip(out, extra)]

