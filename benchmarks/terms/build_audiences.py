"""Build the table of nouns that name an audience: a person or a time of life (`audit/data/audiences-wordnet.txt`,
shipped; stop 39).

A site that titles its pages by topic names a page for an audience with a person noun before the topic: MedlinePlus's
*Child Behavior Disorders*, *Child Mental Health*, *Teen Mental Health*, *Toddler Nutrition*; cancer.gov titles its
pages for the patient's time of life (*Adult Acute Myeloid Leukemia*, *Childhood Soft Tissue Sarcoma*). The page
then writes the topic ("Behavior disorders are more serious") and its audience ("your child"), rarely the title.
`audit.terms.titles.audience_dropped` drops such a first word (an audience, a facet of the title) when it is a
person noun or a time of life: a general fact of English read from WordNet, not a list fitted to any site's titles.

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (use, copy, modify and distribute for any purpose, with Princeton's copyright notice, kept in the
table's header). A lemma is listed when it is one word (letters only, 3+) and its *first* noun sense (WordNet's
commonest: index.noun lists a lemma's senses by frequency) is in noun.person — "child", "teen", "toddler", "baby",
"woman", "veteran"; not "cancer" (noun.state), "heart" (noun.body), "college" (noun.group) — or is a kind of
`time_of_life` (a hyponym, at any depth, of synset 15144371): "childhood", "adulthood", "infancy", "adolescence"; not
"summer" (noun.time, a season).

Output: plain UTF-8, one lemma a line, sorted, after `#` header lines (source, licence, notice). Same input ->
byte-identical file.

    .venv/bin/python benchmarks/terms/build_audiences.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wordnet_tables import NOTICE, arguments, file_sums, write  # noqa: E402  (the WordNet builders' shared parts)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "audiences-wordnet.txt"
NOUN_PERSON = 18  # WordNet's lexicographer file number (lexnames) of noun.person
TIME_OF_LIFE = "15144371"  # WordNet 3.0's synset time_of_life (noun.time)


def audiences(wordnet: Path) -> list[str]:
    """One-word lemmas (letters only, 3+) whose first noun sense is in noun.person or a kind of time of life."""
    lexfile: dict[str, int] = {}
    hypernyms: dict[str, list[str]] = {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split(" | ")[0].split()
            lexfile[f[0]] = int(f[1])
            k = 4 + 2 * int(f[3], 16)
            hypernyms[f[0]] = [f[k + 2 + 4 * j] for j in range(int(f[k])) if f[k + 1 + 4 * j] in ("@", "@i")]

    def of_life(off: str, depth: int = 0) -> bool:
        return off == TIME_OF_LIFE or (depth < 20 and any(of_life(h, depth + 1) for h in hypernyms.get(off, ())))

    out = []
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split()
        first = f[-int(f[2])]
        if (lexfile[first] == NOUN_PERSON or of_life(first)) and f[0].isalpha() and len(f[0]) >= 3:
            out.append(f[0].lower())
    return sorted(set(out))


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "index.noun", argv)
    words = audiences(args.wordnet)
    files = file_sums(args.wordnet, ("index.noun", "data.noun"))
    text = ("# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): one-word lemmas whose first noun sense is in "
            f"noun.person or a kind of time_of_life ({files})\n# WordNet 3.0 licence: {NOTICE}\n# lemma\n"
            + "".join(f"{w}\n" for w in words))
    write(args, text.encode("utf-8"), ("index.noun", "data.noun"), f"{len(words)} lemmas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
