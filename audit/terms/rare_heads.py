"""A name's rare head alone, where the glossary has no other name with that word (issue 19, point 2; stop 38).

Authors shorten a multi-word name to its head once the head says which thing they mean: "hemiparesis" for
*transient hemiparesis*, "aminoaciduria" for *renal aminoaciduria*, "myeloma" for *plasma cell myeloma*, "the
frontend" for *Build Frontend*. The partial rule of `audit.terms.parts` never drops a name's first word ("injury" is
a broader concept than "facial nerve injury"), and stop 36 (`audit.terms.head_parts`) lets the head alone stand for
the name only where WordNet gives the two as one synset. The issue's second point admits a part as evidence of its
concept when "the part is unique to one concept in the glossary"; for a head, that is sound only where the head is
itself a specific word:

- **rare in general English** (`audit.terms.parts.distinctive` at `RARE_LOGPROB_ONE_WORD`, the threshold of a
  one-word part: "hemiparesis", "aminoaciduria", "myeloma", "frontend"; not "injury", "failure", "fracture",
  "loss", "tree", "server" — an everyday head alone is a broader thing, stop 32's everyday-word rule lost precision
  on ten sets), a noun (no adjective ending: `audit.terms.parts.adjective_ending`), naming no thing by WordNet
  (`audit.terms.parts.names_a_thing`: "virus" of a virus's infection) and no generic head ("syndrome", "disorder":
  `audit.terms.variants.GENERIC_HEADS`), no noun of an action made from its verb (`ACTION_NOUN`: "infiltration",
  "deterioration", "remodelling" name the event whatever undergoes it — "infiltration of inflammatory cells" is no
  *leukemic infiltration*);
- **the head of one name of the glossary, in no other concept's forms** (`unique_heads`): the glossary's one
  "myeloma", so a page's bare "myeloma" can mean no other of its concepts; a word two concepts' forms hold
  ("dyskinesia" of *drug-induced dyskinesia* and *tardive dyskinesia*) is no one's;
- **no disease of its own** in the shipped vocabularies of exact synonyms (`one_word_names`, `_own_entry`):
  "colitis", "hypertension", "neuropathy" are entries of their own, broader than *ulcerative colitis*, *pulmonary
  hypertension*; "myeloma" is an exact synonym of *plasma cell myeloma* itself (Mondo, the Disease Ontology), and
  "hemiparesis", "aminoaciduria" name no entry;
- **no word of its family in another concept's forms** (`_families`: "thromboembolism" of *venous
  thromboembolism* where another concept is named *thromboembolic*);
- the name is one compound (no function word: "vasculitis syndromes of the …" has another head) of **two words**
  after its leading qualifiers (`audit.terms.parts.qualifiers`: "familial renal glucosuria"), the head its last
  word, not a full form of any concept (then it is that concept's): one modifier dropped is a name shortened,
  several are a description left out ("helicoid peripapillary chorioretinal degeneration" is a kind of
  degeneration, not what a page's bare "degeneration" names).

Read only where the head stands with no modifier of its own before it (`audit.terms.head_parts.modified`: "lactic
acidosis" is another acidosis than *metabolic acidosis*, "left hemiparesis" a kind the annotators mark apart) nor a
demonstrative ("This dystrophy" on a corneal dystrophy's page points back to the page's own: `part_matches`), as a
**partial match** (terms.csv's `how`: `partial: rare head: myeloma`), resolved per page as any part of one concept
(`audit.terms.part_matches.resolve_partials`). A head that is already a part (of any concept, by the rules of
`audit.terms.parts` or a short form) stays that part.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from audit.terms.part_tables import new_part
from audit.terms.parts import RARE_LOGPROB_ONE_WORD, adjective_ending, distinctive, names_a_thing, qualifiers
from audit.terms.variants import GENERIC_HEADS

REASON = "rare head"
ONE_WORD_NAMES = Path(__file__).resolve().parents[1] / "data" / "one-word-names-vocabulary.tsv.gz"
# a noun of an action or process made from its verb ("infiltration", "deterioration", "remodelling", "displacement"):
# it names the event whatever undergoes it, and the name's modifier says what does ("leukemic infiltration"); alone
# it is the event in general ("infiltration of inflammatory cells", "prevent a deterioration of resting metabolism")
ACTION_NOUN = re.compile(r"..(?:tion|sion|ment|ing)$")
SUFFIX = 3  # a word family: the head less this many letters starts the other word ("-ism" / "-ic", "-osis" / "-otic")
MIN_STEM = 6  # letters of that stem at least (a shorter one is no family: "acid-osis")


def _head(seq: tuple[str, ...]) -> str | None:
    """The last word of a key sequence that is one compound of two words after its leading qualifiers
    (`audit.terms.parts.qualifiers`: "familial renal glucosuria"; hyphens join a word: "blue - green" is one), or
    None: one modifier dropped is a name shortened, several a description left out ("helicoid peripapillary
    chorioretinal degeneration", "focal segmental glomerulosclerosis" are kinds that name a class by their head)."""
    words: list[str] = []
    joined = False
    for k in seq:
        if k != "-" and (k in STOP_WORDS or not k.replace("'", "").isalpha()):
            return None
        if words and (k == "-" or joined):
            words[-1] += k
            joined = k == "-"
        else:
            words.append(k)
    while len(words) > 2 and words[0] in qualifiers():
        words.pop(0)
    if len(words) != 2 or "-" in words[-1]:
        return None
    return words[-1]


def _families(heads: dict[str, int], owners: dict[str, set[int]]) -> set[str]:
    """The heads (`heads`: {head: its concept}) that share a family with a word of another concept's forms
    (`owners`: {word: the concepts whose forms hold it}): the word starts with the head less its last `SUFFIX`
    letters ("thromboembol-ism" and *thromboembolic*, another concept's name), that stem being `MIN_STEM` letters at
    least."""
    stems = {h[:-SUFFIX]: h for h in heads if len(h) - SUFFIX >= MIN_STEM}
    lengths = sorted({len(x) for x in stems})
    out = set()
    for w, cis in owners.items():
        for n in lengths:
            h = stems.get(w[:n])
            if h is not None and w != h and cis - {heads[h]}:
                out.add(h)
    return out


@lru_cache(maxsize=1)
def one_word_names() -> dict[str, frozenset[str]]:
    """{rare one-word disease name: the multi-word terms of the vocabulary entries that list it} of the shipped
    exact-synonym vocabularies (`benchmarks/terms/build_one_word_names.py`; {} without the table)."""
    try:
        text = gzip.decompress(ONE_WORD_NAMES.read_bytes()).decode("utf-8")
    except OSError:
        return {}
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {word: frozenset(t for t in terms.split("|") if t) for word, terms in rows}


def _own_entry(head: str, names: set[str]) -> bool:
    """No vocabulary names `head` a disease of its own: it is no entry's one-word name, or every entry that names
    it lists one of the concept's names (`names`, plain: "plasma cell myeloma" for "myeloma"; "colitis",
    "hypertension" are broader diseases of their own)."""
    terms = one_word_names().get(head)
    return terms is None or not terms.isdisjoint(names)


def _plain(seq: tuple[str, ...]) -> str:  # a key sequence as the table writes terms ("drug - induced" -> "drug induced")
    return " ".join(k for k in seq if k != "-")


def _specific(word: str) -> bool:
    return distinctive(word, RARE_LOGPROB_ONE_WORD) and not ACTION_NOUN.search(word) and word not in GENERIC_HEADS and not adjective_ending(word) \
        and not names_a_thing((word,))


def unique_heads(written: list[tuple[tuple[str, ...], int]], full: dict[tuple[str, ...], int]) -> dict[str, int]:
    """{head word: its concept} of the glossary's multi-word forms as written (`written`: [(key sequence,
    concept)]) whose head is a specific word (`_specific`) that no other concept's forms (`written`, and the full
    and derived forms `full`: {key sequence: concept}) hold, nor any concept has as a full form of its own."""
    owners: dict[str, set[int]] = {}
    for seq, ci in list(written) + list(full.items()):
        for k in seq:
            owners.setdefault(k, set()).add(ci)
    names: dict[int, set[str]] = {}
    for seq, ci in written:
        names.setdefault(ci, set()).add(_plain(seq))
    out: dict[str, int] = {}
    for seq, ci in written:
        head = _head(seq)
        if head is not None and (head,) not in full and owners.get(head) == {ci} and _specific(head) \
                and _own_entry(head, names[ci]):
            out[head] = ci
    # a word of the head's family in another concept's forms names that concept's thing ("thromboembolic", a
    # concept named by its adjective, for "thromboembolism" of *venous thromboembolism*)
    shared = _families(out, owners)
    return {h: ci for h, ci in out.items() if h not in shared}


def add_heads(heads: dict[str, int], index: dict, full: dict, concepts: list, weak: list, naming: list,
              core: list) -> frozenset[str]:
    """The rare heads added to the matcher's part tables (`audit.terms.parts.part_table`'s `index`, `concepts`,
    `weak`, `naming`, `core`, extended in place), each a part proper of its one concept — not one that is a full
    form (`full`) or a part already. Returns the heads added."""
    added = set()
    for head, ci in sorted(heads.items()):
        part = (head,)
        if part in full or part in index:
            continue
        index[part] = new_part(concepts, weak, naming, core, (ci,))
        added.add(head)
    return frozenset(added)
