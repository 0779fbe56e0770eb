"""Build the table of microorganisms and the infections named after them (`audit/data/microbes-wordnet.tsv`, shipped;
stop 40).

An infection is named by its agent: a site titles a page *Salmonella Infections*, *Staphylococcal Infections*,
*Listeria Infections*, and the page then writes the agent ("Salmonella is the name of a group of bacteria … If
Salmonella gets into the bloodstream"), its clipped name ("staph infections") or the disease noun medicine forms
from the genus with "-osis" / "-iasis" ("Listeriosis is a foodborne illness caused by Listeria"). Which words name a
microorganism is a fact of the language, read here from WordNet, not a list fitted to any site's titles
(`audit.terms.agent_parts` uses it).

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, 1:3.0-37: /usr/share/wordnet),
WordNet 3.0 licence (use, copy, modify and distribute for any purpose, with Princeton's copyright notice, kept in the
table's header). A lemma is listed when it is one word (letters only, 4+) and its *first* noun sense (WordNet's
commonest: index.noun lists a lemma's senses by frequency) is a microorganism — a hyponym, at any depth, of synset
01326291 `microorganism` ("salmonella", "staphylococcus", "listeria", "cytomegalovirus"); not "chlamydia" (first sense: the
disease), and a genus name whose WordNet synset is the genus, not the organism, is not listed unless its first sense
is the organism ("listeria": its first sense is the bacterium); and not a class of others listed (its first sense an
ancestor of another listed lemma's: "bacteria", "virus", "coccus", "protozoan" name a kind of agents, no one
infection — measured: "bacteria" read as *Bacterial Infections* took four MedlinePlus pages about one bacterial
disease, *Cellulitis*, *Impetigo*, *Legionnaires' Disease*, *Foodborne Illness*). Beside it, the lemma's disease noun when WordNet has
one word formed from the lemma's stem and "osis" or "iasis" (the stem: the lemma less a final "a", "us", "um",
"ium" or "ia", four letters or more: "listeri|a" -> "listeriosis", "salmonell|a" -> "salmonellosis",
"giardi|a" -> "giardiasis"), else nothing.

Output: plain UTF-8 `lemma<TAB>disease noun` (the second field may be empty), sorted, after `#` header lines
(source, licence, notice). Same input -> byte-identical file.

    .venv/bin/python benchmarks/terms/build_microbes.py [--wordnet /usr/share/wordnet]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wordnet_tables import NOTICE, arguments, file_sums, write  # noqa: E402  (the WordNet builders' shared parts)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "audit" / "data" / "microbes-wordnet.tsv"
MICROORGANISM = "01326291"  # WordNet 3.0's synset microorganism, micro-organism (noun.animal)
ENDINGS = ("ium", "um", "us", "ia", "a")  # a genus's Latin ending, dropped before "-osis" / "-iasis"
DISEASE_SUFFIXES = ("osis", "iasis")


def microbes(wordnet: Path) -> list[tuple[str, str]]:
    """(lemma, its -osis / -iasis disease noun or "") of the one-word lemmas whose first noun sense is a
    microorganism."""
    hypernyms: dict[str, list[str]] = {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith(" "):
            f = line.split(" | ")[0].split()
            k = 4 + 2 * int(f[3], 16)
            hypernyms[f[0]] = [f[k + 2 + 4 * j] for j in range(int(f[k])) if f[k + 1 + 4 * j] in ("@", "@i")]

    def microbe(off: str, depth: int = 0) -> bool:
        return off == MICROORGANISM or (depth < 30 and any(microbe(h, depth + 1) for h in hypernyms.get(off, ())))

    def ancestors(off: str, depth: int = 0) -> set[str]:
        return set() if depth >= 30 else {a for h in hypernyms.get(off, ()) for a in {h} | ancestors(h, depth + 1)}

    lemmas, found = set(), {}
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split()
        lemmas.add(f[0])
        if f[0].isalpha() and len(f[0]) >= 4 and microbe(f[-int(f[2])]) and f[-int(f[2])] != MICROORGANISM:
            found[f[0].lower()] = f[-int(f[2])]
    classes = set().union(*(ancestors(off) for off in found.values()))  # (a kind of which another is listed)
    out = []
    for w in sorted(w for w, off in found.items() if off not in classes):
        stems = [w[:-len(e)] for e in ENDINGS if w.endswith(e) and len(w) - len(e) >= 4] or [w]
        diseases = [s + x for s in stems for x in DISEASE_SUFFIXES if s + x in lemmas]
        out.append((w, diseases[0] if diseases else ""))
    return out


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, OUT, "index.noun", argv)
    rows = microbes(args.wordnet)
    files = file_sums(args.wordnet, ("index.noun", "data.noun"))
    text = ("# Princeton WordNet 3.0 (Debian wordnet-base 1:3.0-37): one-word lemmas whose first noun sense is a kind "
            f"of microorganism and no class of another listed, and the -osis / -iasis noun of their stem ({files})\n# WordNet 3.0 licence: {NOTICE}\n"
            "# lemma\tdisease noun\n" + "".join(f"{w}\t{d}\n" for w, d in rows))
    write(args, text.encode("utf-8"), ("index.noun", "data.noun"), f"{len(rows)} lemmas, "
          f"{sum(1 for _, d in rows if d)} with a disease noun")
    return 0


if __name__ == "__main__":
    sys.exit(main())
