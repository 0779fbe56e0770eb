"""Build the list of two-word compound adjectives (`audit/data/compound-adjectives-wordnet.txt`, shipped): "blue-green",
"open-ended", "long-term", "cross-platform". A name's modifier of two such words ("Blue Green" of *Blue Green
Deployment*) is an adjective, no noun phrase of its own, and may stand for the name (`audit.terms.modifier_parts`,
stop 40: "canary or blue-green releases", the CNCF glossary's *Continuous Delivery* page).

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (notice kept in the list's header). A lemma of `index.adj` written as two words of letters joined
by one hyphen, that names no person or thing: no noun sense of the same words (hyphen or space) is in a
lexicographer file of entities (`ENTITIES`: noun.person, noun.group, noun.location, noun.artifact, noun.object,
noun.body, noun.substance, noun.animal, noun.plant, noun.food). "African-American" is also a noun of noun.person
(a noun phrase of its own: *African American Health* is the health of a population, stop 39); "blue-green" is also
the colour "blue green" (noun.attribute: a property, as the adjective is). Adjective satellites are in
`index.adj` too.

Output: UTF-8, one lower-case compound a line ("blue-green"), sorted, after `#` header lines. Same input ->
byte-identical file.

    .venv/bin/python benchmarks/terms/build_compound_adjectives.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wordnet_tables import NOTICE, arguments, write  # noqa: E402  (the WordNet builders' shared parts)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "compound-adjectives-wordnet.txt"
_COMPOUND = re.compile(r"[a-z]+-[a-z]+")
# lexicographer files of nouns that name a person or a thing: animal, artifact, body, food, group, location, object,
# person, plant, substance
ENTITIES = frozenset({5, 6, 8, 13, 14, 15, 17, 18, 20, 27})


def _lemmas(path: Path) -> set[str]:
    return {line.split()[0] for line in path.read_text(encoding="latin-1").splitlines()
            if line and not line.startswith(" ")}


def _entities(path: Path) -> set[str]:
    """The noun lemmas (words joined by "-") with a sense in a file of `ENTITIES` (data.noun)."""
    out = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split()
            if int(f[1]) in ENTITIES:
                out.update(f[4 + 2 * i].lower().replace("_", "-") for i in range(int(f[3], 16)))
    return out


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "index.adj", argv)
    nouns = _entities(args.wordnet / "data.noun")
    words = sorted(w for w in _lemmas(args.wordnet / "index.adj") if _COMPOUND.fullmatch(w) and w not in nouns)
    lines = ["# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): adjectives of two words joined by a hyphen that"
             " name no person or thing\n", f"# WordNet 3.0 licence: {NOTICE}\n", "# compound\n"]
    out = "".join(lines + [f"{w}\n" for w in words]).encode("utf-8")
    write(args, out, ("index.adj", "data.noun"), f"{len(words)} compounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
