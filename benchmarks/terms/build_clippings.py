"""Build the clipping table the term forms read (`audit/data/clippings-wordnet.tsv`, shipped): a clipped word and the
word it was clipped from ("lab" / "laboratory", "info" / "information", "exam" / "examination", "flu" / "influenza").

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (notice kept in the table's header). A pair is two one-word, lower-case nouns of one synset where

- the short word (3+ letters, a vowel) is the long word's beginning ("lab|oratory") or lies inside it ("in|flu|enza")
  — not its end: a word's end in a synset is a compound's head ("electro|cardiogram", "tele|phone"), no clipping;
- the long word is 4+ letters longer, and what the short word leaves of it is no suffix ("spit|ting", "waste|fulness",
  "herni|ation", "gourmand|izer") and no English word of its own (log-probability above -13 in spaCy's table: "back|bone");
- the short word is unambiguous: every sense WordNet gives it (noun, verb, adjective, adverb) is a sense of the long
  word — "vet" (a veteran, a veterinarian; to vet) is no clipping of either, "lab" (one sense: a laboratory) is.

A name's word is written as its partner from the short word to the long one ("Cloud Native Apps" -> "… applications":
the short word has one meaning); from the long word to the short one only where the two have the same senses (`ways`
`both`: "influenza" / "flu") — "exam" is a clipping of "examination" only in its sense of a test of knowledge, not of
a doctor's (*physical examination* is no "final exam"), so the table marks it `to long`.

WordNet 3.0 has no "app" (nor has the Open English WordNet of 2025: `globalwordnet/english-wordnet@d94538ad`,
checked); the one pair a development set needs (`cncf-glossary`: *Cloud Native Apps*) is added by hand, cited:
"app" — "short for application" (Merriam-Webster, "app", noun; Wiktionary, "app": "Clipping of application").

Output: UTF-8 TSV, sorted, `short<TAB>long<TAB>ways<TAB>source` (`ways`: `both` or `to long`), after `#` header lines.
Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_clippings.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

from wordnet_tables import NOTICE, arguments, write

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "clippings-wordnet.tsv"
PROBS = ROOT / "audit" / "data" / "word-logprob-en.tsv.gz"
BY_HAND = (("app", "application", "to long",  # ("application" has other senses: a job application, a coat of paint)
            "by hand: Merriam-Webster 'app' (short for application); Wiktionary 'app'"),)
WORD_LOGPROB = -13.0  # a remainder this common is a word of its own: a compound ("back|bone"), no clipping
# what a derivation adds to a word (with a doubled consonant or a linking letter: "spit|ting", "herni|ation", "gourmand|izer")
SUFFIX = re.compile(r"[a-z]?(?:ing|ings|[a-z]{0,4}ness|ality|ity|i[sz]ation|ation|ion|ment|ure|ism|ist|ian|ery|ary|"
                    r"ory|ance|ence|ette|ling|ship|hood|ful|less|able|ible|ous|ive|ish|i[sz]e|i[sz]er|er|or|ee|ess|ie|y|al|"
                    r"an|ic|ics|ical|ia|in|ine|ite|ade|age|ide|ose|s|es)")
POS = ("noun", "verb", "adj", "adv")


def _senses(wordnet: Path) -> dict[str, set[tuple[str, str]]]:
    """{lemma: {(pos, synset offset)}} over the four index files (lower case, one-word lemmas)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for pos in POS:
        for line in (wordnet / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if not line or line.startswith(" "):
                continue
            f = line.split()
            n_synsets, n_ptrs = int(f[2]), int(f[3])
            offsets = f[6 + n_ptrs: 6 + n_ptrs + n_synsets]
            out.setdefault(f[0], set()).update((pos, o) for o in offsets)
    return out


def _noun_synsets(wordnet: Path) -> list[list[str]]:
    """The words of every noun synset as written (a capital kept: "Apr", "Ca" are no clippings)."""
    out = []
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split(" | ")[0].split()
            out.append([f[4 + 2 * i].split("(")[0] for i in range(int(f[3], 16))])
    return out


def clipping(short: str, long: str, probs: dict[str, float]) -> bool:
    """`short` is `long` clipped at its end or at both ends (see the module's docstring; senses aside)."""
    if len(short) < 3 or len(long) < len(short) + 4 or not re.search("[aeiouy]", short):
        return False
    i = long.find(short)
    if i < 0 or i + len(short) == len(long):
        return False  # (not inside it, or its end: a compound's head)
    rest = [r for r in (long[:i], long[i + len(short):]) if r]
    return not any(SUFFIX.fullmatch(r) or probs.get(r, -99.0) > WORD_LOGPROB for r in rest[-1:]) and not (
        i == 0 and SUFFIX.fullmatch(rest[0]))


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "data.noun", argv)
    probs = {}
    for line in gzip.decompress(PROBS.read_bytes()).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, p = line.partition("\t")
            probs[word] = float(p)
    senses = _senses(args.wordnet)
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for words in _noun_synsets(args.wordnet):
        plain = [w for w in words if w.isalpha() and w.isascii() and w.islower()]
        for short in plain:
            for long in plain:
                if short != long and clipping(short, long, probs) and senses.get(short, set()) <= senses.get(long, set()):
                    ways = "both" if senses.get(short) == senses.get(long) else "to long"
                    pairs[(short, long)] = (ways, "WordNet 3.0")
    for short, long, ways, source in BY_HAND:
        pairs.setdefault((short, long), (ways, source))
    lines = ["# clipped word <-> the word it was clipped from: Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37),"
             " one synset's nouns; and by hand where WordNet has none (cited)\n",
             f"# WordNet 3.0 licence: {NOTICE}\n", "# short<TAB>long<TAB>ways (both: the long word is written clipped too; to long: the short word in full only)"
             "<TAB>source\n"]
    lines += [f"{s}\t{lg}\t{ways}\t{src}\n" for (s, lg), (ways, src) in sorted(pairs.items())]
    out = "".join(lines).encode("utf-8")
    write(args, out, ("data.noun",) + tuple(f"index.{pos}" for pos in POS), f"{len(pairs)} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
