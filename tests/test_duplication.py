"""Duplication (issue 4): page pairs, shared passages, per-page shares; exact vs LSH; determinism."""
from __future__ import annotations

import hashlib
import random

import pandas as pd
import pytest

import audit
from audit.duplication import measure as duplication
from audit.duplication import shingles as S
from audit.config import Settings
from audit.ingest.segment import normalise

from .conftest import SEED_IDS

KIND_OF_GOLD = {"near-verbatim": "near_verbatim", "same list, reformatted": "reformatted_list", "paraphrase": "paraphrase"}
PAGE_ID = {s + ".txt": s for s in SEED_IDS}


def _rows_for(passages: pd.DataFrame, a: list[str], b: list[str]) -> pd.DataFrame:
    """Passage rows joining gold text a (page a) and gold text b (page b): the gold text lies inside the unit text."""
    (pa, ta), (pb, tb) = a, b
    pa, pb = PAGE_ID[pa], PAGE_ID[pb]
    if pa > pb:
        (pa, ta), (pb, tb) = (pb, tb), (pa, ta)
    na, nb = normalise(ta), normalise(tb)
    hit = passages[(passages.page_a == pa) & (passages.page_b == pb)]
    mask = [na in normalise(x) and nb in normalise(y) for x, y in zip(hit.text_a, hit.text_b)]
    return hit[pd.Series(mask, index=hit.index, dtype=bool)]


# ------------------------------------------------------------------ seeds

def test_seed_gold_duplicates_found_with_their_kind(seed_audit, gold):
    passages = seed_audit.passages
    for dup in gold["duplicates"]:
        rows = _rows_for(passages, dup["a"], dup["b"])
        assert len(rows) == 1, dup
        assert rows.kind.iloc[0] == KIND_OF_GOLD[dup["kind"]]
    # precision: nothing else between the seeds
    assert len(passages) == len(gold["duplicates"]) == 3
    assert list(passages.columns[:8]) == ["page_a", "block_a", "text_a", "page_b", "block_b", "text_b", "score", "kind"]
    assert (passages.page_a < passages.page_b).all()


def test_seed_passages_table_values(seed_audit):
    p = seed_audit.passages
    assert p[["page_a", "block_a", "page_b", "block_b", "kind", "lines_a", "lines_b"]].values.tolist() == [
        [SEED_IDS[1], 2, SEED_IDS[2], 3, "near_verbatim", "4", "5"],
        [SEED_IDS[1], 2, SEED_IDS[2], 3, "paraphrase", "4", "5"],
        [SEED_IDS[1], 4, SEED_IDS[2], 3, "reformatted_list", "8-14", "5"],
    ]
    assert p.score.tolist() == pytest.approx([18 / 29, 0.7199, 1.0], abs=1e-4)  # trigram Dice (9 shared; 14 + 15), Dice, items
    # the list passage is the introducing sentence plus the five bullets, once (not one row per bullet)
    assert p.text_a.iloc[2].endswith("including: Multiple sclerosis; Dystonia; Tourette syndrome; Tumor; "
                                     "Lesion causing pressure to the facial nerve")


def test_seed_not_duplicates_not_reported(seed_audit, gold):
    for pair in gold["not_duplicates"]:
        assert _rows_for(seed_audit.passages, pair["a"], pair["b"]).empty
    # page 000 shares topic words only: no passage at all
    p = seed_audit.passages
    assert not ((p.page_a == SEED_IDS[0]) | (p.page_b == SEED_IDS[0])).any()


def test_seed_pairs_and_page_columns(seed_audit):
    pairs = seed_audit.pairs
    assert list(pairs.columns[:6]) == ["page_a", "page_b", "jaccard", "containment_a", "containment_b", "near_duplicate"]
    assert pairs[["page_a", "page_b"]].values.tolist() == [[SEED_IDS[0], SEED_IDS[1]], [SEED_IDS[0], SEED_IDS[2]],
                                                           [SEED_IDS[1], SEED_IDS[2]]]
    assert pairs.jaccard.tolist() == pytest.approx([0.0162, 0.0174, 0.0427], abs=1e-4)
    assert pairs.containment_a.tolist() == pytest.approx([0.0256, 0.0256, 0.0747], abs=1e-4)
    assert pairs.containment_b.tolist() == pytest.approx([0.0422, 0.0512, 0.0906], abs=1e-4)
    assert not pairs.near_duplicate.any() and not pairs.exact_duplicate.any()
    pages = seed_audit.pages.set_index("page_id").loc[list(SEED_IDS)]
    assert pages.duplicate_share.tolist() == pytest.approx([0.0, 0.2198, 0.2031], abs=1e-4)
    assert pages.template_share.tolist() == pytest.approx([0.1626, 0.1522, 0.2730], abs=1e-4)
    assert pages.max_similarity.tolist() == pytest.approx([0.0174, 0.0427, 0.0427], abs=1e-4)
    assert pages.most_similar_page.tolist() == [SEED_IDS[2], SEED_IDS[2], SEED_IDS[1]]
    sim = seed_audit.api["similarity"]
    assert sim.shape == (3, 3) and sim.loc[SEED_IDS[1], SEED_IDS[2]] == pytest.approx(0.0427, abs=1e-4)
    s = seed_audit.summary["duplication"]
    assert s["near_duplicate_pairs"] == 0 and s["exact_duplicate_pairs"] == 0 and s["pair_method"] == "exact"
    assert s["passages_by_kind"] == {"exact": 0, "near_verbatim": 1, "reformatted_list": 1, "paraphrase": 1}


# ------------------------------------------------------------------ hand-made pages, one per kind

TEMPLATE_TOP = "Skip to main content\n\nHome | Services | Contact\n\n"
TEMPLATE_BOTTOM = "\n\nPosted on behalf of Riverside Face Clinic\n\nCopyright 2024 Riverside Face Clinic. All rights reserved.\n"

PAGE_A = (
    "Eyelid Twitching\n\n"
    "Eyelid twitching is a small, repeated spasm of the eyelid muscle that most people notice at some point. "
    "Botulinum toxin injections relax the overactive muscle and usually work for three to four months.\n\n"
    "Common triggers of eyelid twitching include:\n\n"
    "- Caffeine\n- Lack of sleep\n- Eye strain\n- Dry eyes\n\n"
    "Your surgeon will carefully examine the nerve before recommending any operation. "
    "A hospital stay of one night is typical after microvascular decompression of the facial nerve.\n"
)
PAGE_B = (
    "Hemifacial Spasm\n\n"
    "Hemifacial spasm starts near the eye and spreads slowly down one side of the face over the years. "
    "Botulinum toxin injections relax the overactive muscle and usually work for about three months. "
    "Eyelid twitching is often triggered by caffeine, lack of sleep, eye strain or dry eyes.\n\n"
    "Before any operation is recommended, the nerve is examined carefully by your surgeon. "
    "A hospital stay of one night is typical after microvascular decompression of the facial nerve. "
    "Children rarely develop this condition, and it is more frequent in women over forty.\n"
)


# Page-copy tests count repetition as template from 50 pages, so that a copied page is all body; with the default
# `min_pages = 2` the repeated paragraphs inside the article stay body as duplicated content (the test at the end).
COPIES = Settings().replace(boilerplate={"min_pages": 50})


def _write(tmp_path, pages: dict[str, str], template: bool = True) -> None:
    for name, body in pages.items():
        text = TEMPLATE_TOP + body + TEMPLATE_BOTTOM if template else body
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")


def test_handmade_pages_one_row_per_kind(tmp_path):
    _write(tmp_path, {"a": PAGE_A, "b": PAGE_B})
    result = audit.run(tmp_path)
    p = result.passages
    got = {row.kind: (row.text_a, row.text_b) for row in p.itertuples()}
    assert len(p) == 4 and set(got) == {"exact", "near_verbatim", "reformatted_list", "paraphrase"}
    assert got["exact"] == ("A hospital stay of one night is typical after microvascular decompression of the facial nerve.",) * 2
    assert got["near_verbatim"][0].startswith("Botulinum toxin injections relax the overactive muscle and usually work for three")
    assert got["near_verbatim"][1].endswith("usually work for about three months.")
    assert got["reformatted_list"] == ("Common triggers of eyelid twitching include: Caffeine; Lack of sleep; Eye strain; Dry eyes",
                                       "Eyelid twitching is often triggered by caffeine, lack of sleep, eye strain or dry eyes.")
    assert got["paraphrase"] == ("Your surgeon will carefully examine the nerve before recommending any operation.",
                                 "Before any operation is recommended, the nerve is examined carefully by your surgeon.")
    scores = dict(zip(p.kind, p.score))
    assert scores["exact"] == 1.0 and scores["reformatted_list"] == 1.0 and scores["paraphrase"] == 1.0
    assert scores["near_verbatim"] == pytest.approx(18 / 25, abs=1e-4)  # trigram Dice: 9 shared of 13 + 12
    # both pages share passages; the template (nav, byline, copyright) is reported as template only
    pages = result.pages.set_index("page_id")
    assert (pages.duplicate_share > 0.4).all() and (pages.template_share > 0).all()
    assert not p.text_a.str.contains("Riverside|Skip to main").any()


def test_template_only_overlap_gives_no_passage(tmp_path):
    _write(tmp_path, {
        "a": "Eyelid twitching is a small, repeated spasm of the eyelid muscle that most people notice at some point.\n",
        "b": "Hemifacial spasm starts near the eye and spreads slowly down one side of the face over the years.\n",
    })
    result = audit.run(tmp_path)
    assert result.passages.empty
    assert result.pairs.empty  # the bodies share no 3-word shingle; the template is not compared
    pages = result.pages.set_index("page_id")
    assert pages.duplicate_share.tolist() == [0.0, 0.0]
    assert (pages.template_share > 0.4).all()
    assert pages.max_similarity.tolist() == [0.0, 0.0] and pages.most_similar_page.tolist() == ["", ""]
    assert result.summary["duplication"]["passages"] == 0


# ------------------------------------------------------------------ page pairs

def test_page_compared_with_itself_is_an_exact_duplicate():
    text = (PAGE_A + "\n").strip()
    same = duplication.compare_texts(text, text)
    assert same["exact_duplicate"] is True
    assert same["jaccard"] == same["containment_a"] == same["containment_b"] == 1.0
    # case, punctuation and whitespace are normalised away; one changed word is not an exact duplicate
    assert duplication.compare_texts(text, text.upper().replace(".", " . "))["exact_duplicate"] is True
    other = duplication.compare_texts(text, text.replace("Caffeine", "Alcohol"))
    assert other["exact_duplicate"] is False and 0.9 < other["jaccard"] < 1.0


def test_copied_and_near_duplicate_pages_in_a_run(tmp_path):
    _write(tmp_path, {"a": PAGE_A, "a_copy": PAGE_A, "a_edit": PAGE_A.replace("three to four", "three to five"),
                      "b": PAGE_B})
    result = audit.run(tmp_path, COPIES)
    pairs = result.pairs.set_index(["page_a", "page_b"])
    copy = pairs.loc[("a", "a_copy")]
    assert copy.exact_duplicate and copy.near_duplicate and copy.jaccard == 1.0
    edit = pairs.loc[("a", "a_edit")]
    assert not edit.exact_duplicate and edit.near_duplicate and 0.9 <= edit.jaccard < 1.0
    assert not pairs.loc[("a", "b")].near_duplicate
    assert result.summary["duplication"]["exact_duplicate_pairs"] == 1
    assert result.summary["duplication"]["near_duplicate_pairs"] == 3  # a/a_copy, a/a_edit, a_copy/a_edit
    pages = result.pages.set_index("page_id")
    assert pages.loc["a", "max_similarity"] == 1.0 and pages.loc["a", "most_similar_page"] == "a_copy"


def _synthetic_signatures(n_pages: int = 60, seed: int = 7) -> list[S.PageSignature]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    sigs = []
    bases = []
    for i in range(n_pages):
        if bases and i % 3 == 0:  # an edited copy of an earlier page: replace a share of its words
            base = list(bases[rng.randrange(len(bases))])
            for k in rng.sample(range(len(base)), int(len(base) * rng.choice([0.0, 0.02, 0.1, 0.25]))):
                base[k] = rng.choice(vocab)
            words = base
        else:
            words = [rng.choice(vocab) for _ in range(rng.randint(80, 400))]
        bases.append(words)
        sigs.append(S.PageSignature(f"p{i:03d}", *S.page_shingles([" ".join(words)], 3)))
    return sigs


def test_exact_and_lsh_pairs_agree():
    sigs = _synthetic_signatures()
    exact, m1 = S.page_pairs(sigs, method="exact")
    lsh, m2 = S.page_pairs(sigs, method="lsh")
    assert (m1, m2) == ("exact", "lsh")
    assert len(lsh) >= 15 and lsh.exact_duplicate.sum() >= 1 and lsh.near_duplicate.sum() >= 3
    expected = exact[exact.jaccard >= Settings().duplication.lsh_threshold].reset_index(drop=True)
    pd.testing.assert_frame_equal(lsh.reset_index(drop=True), expected)
    # deterministic (seeded MinHash) and the automatic switch picks LSH above exact_pairs_max_pages
    again, _ = S.page_pairs(list(reversed(sigs)), method="lsh")
    pd.testing.assert_frame_equal(again, lsh)
    auto, m3 = S.page_pairs(sigs, exact_max_pages=10)
    assert m3 == "lsh"
    pd.testing.assert_frame_equal(auto, lsh)


def test_run_with_lsh_switch_gives_the_same_pairs(tmp_path):
    _write(tmp_path, {"a": PAGE_A, "a_copy": PAGE_A, "a_edit": PAGE_A.replace("three to four", "three to five"),
                      "b": PAGE_B})
    exact = audit.run(tmp_path, COPIES)
    lsh = audit.run(tmp_path, COPIES.replace(duplication={"exact_pairs_max_pages": 2}))
    assert exact.summary["duplication"]["pair_method"] == "exact"
    assert lsh.summary["duplication"]["pair_method"] == "lsh"
    keep = exact.pairs[exact.pairs.jaccard >= 0.5].reset_index(drop=True)
    assert len(keep) == 3 and len(exact.pairs) == 6  # LSH mode reports pairs from lsh_threshold (0.5) up
    pd.testing.assert_frame_equal(lsh.pairs, keep)
    pd.testing.assert_frame_equal(lsh.passages, exact.passages)
    assert "similarity" not in lsh.api  # the dense matrix is for small corpora only


def test_results_do_not_depend_on_page_order(tmp_path):
    _write(tmp_path, {"a": PAGE_A, "b": PAGE_B, "c": PAGE_A.replace("Dry eyes", "Stress")})
    files = sorted(tmp_path.iterdir())
    ref = audit.run(files)
    for seed in range(2):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        other = audit.run(shuffled)
        pd.testing.assert_frame_equal(other.pairs, ref.pairs)
        pd.testing.assert_frame_equal(other.passages, ref.passages)


def test_large_groups_of_copies_stay_linear():
    """A passage copied onto many pages: rows are capped to a star around the first page; shares stay exact."""
    from audit.duplication import passages as P
    from audit.duplication.passage_units import PageUnits

    unit = PageUnits.pack([(0, 1, 1, 3, "Same sentence copied.", (1, 2, 3, 4, 5))])
    pages = [(f"p{i:03d}", unit) for i in range(80)]
    table, shared, stats = P.find_passages(pages, Settings().duplication)
    assert len(table) == 79 and set(table.page_a) == {"p000"} and (table.kind == "exact").all()
    assert len(shared) == 80


def test_page_copied_once_is_an_exact_duplicate_with_default_settings(tmp_path):
    _write(tmp_path, {"a": PAGE_A, "a_copy": PAGE_A, "b": PAGE_B})
    result = audit.run(tmp_path)
    pairs = result.pairs
    row = pairs[(pairs.page_a == "a") & (pairs.page_b == "a_copy")]
    assert row.exact_duplicate.tolist() == [True] and row.jaccard.tolist() == [1.0]
    pages = result.pages.set_index("page_id")
    assert pages.loc["a_copy", "most_similar_page"] == "a"
    # an exact copy is duplicated whole, its short sentences included
    assert pages.loc["a", "duplicate_share"] == pages.loc["a_copy", "duplicate_share"] == 1.0


def test_page_edited_once_is_a_near_duplicate_with_default_settings(tmp_path):
    _write(tmp_path, {"a": PAGE_A, "a_edit": PAGE_A.replace("three to four", "three to five"), "b": PAGE_B})
    pairs = audit.run(tmp_path).pairs
    assert pairs[(pairs.page_a == "a") & (pairs.page_b == "a_edit")].near_duplicate.tolist() == [True]


def _word(i: int) -> str:
    """A distinct word per int, in letters (normalisation folds digits: "w1" and "w2" are one word)."""
    return "w" + "".join(chr(ord("a") + int(d)) for d in str(i))


def test_sentence_rewritten_on_many_pages_stays_linear():
    """60 one-word variants of one sentence: every page shares it, but rows are the best matches, not all pairs."""
    from audit.duplication import passages as P
    from audit.duplication.passage_units import PageUnits

    base = list(range(1, 11))
    pages = []
    for i in range(60):
        lemmas = tuple(sorted(base[:9] + [1000 + i]))
        text = " ".join(_word(x) for x in lemmas)
        pages.append((f"p{i:03d}", PageUnits.pack([(0, 1, 1, 10, text, lemmas)])))
    table, shared, stats = P.find_passages(pages, Settings().duplication)
    assert set(shared) == {p for p, _ in pages} and all(s == {0} for s in shared.values())
    assert (table.kind == "near_verbatim").all() and (table.page_a < table.page_b).all()
    assert len(table) <= 60 * 10 < 60 * 59 // 2
    assert stats["candidates"] < 60 * 59 // 2  # keys held by many texts pair them with the key's first texts only


def test_vectorised_scoring_matches_score_pair():
    """The vectorised candidate scoring gives exactly `score_pair`'s kinds and scores (templated sentences and list
    passages over a small shared vocabulary, some negated: many near-verbatim, paraphrase and reformatted-list pairs,
    and many pairs that are neither)."""
    import math

    import numpy as np

    from audit.duplication.passage_scoring import KINDS, score_candidates, score_pair
    from audit.duplication.passage_texts import Texts
    from audit.duplication.passage_units import PageUnits

    rng = random.Random(3)
    vocab = [_word(i) for i in range(40)]
    pages, earlier = [], []
    for k in range(300):
        words = [rng.choice(vocab) for _ in range(rng.randint(5, 12))] + (["not"] if k % 7 == 0 else [])
        if k % 3 == 1:  # an edited copy of an earlier text
            words = list(rng.choice(earlier))
            words[rng.randrange(len(words))] = rng.choice(vocab)
        earlier.append(words)
        text = " ".join(words)
        lemmas = tuple(sorted({S.stable_hash(w) for w in words}))
        if k % 5 == 0:  # a list passage: its words in 2-4 items (the item sentences are units of the page too)
            cuts = sorted(rng.sample(range(1, len(words)), rng.randint(1, 3)))
            parts = [words[x:y] for x, y in zip([0] + cuts, cuts + [len(words)])]
            items = [(b, b + 1, b + 1, len(part), " ".join(part), tuple(sorted({S.stable_hash(w) for w in part})))
                     for b, part in enumerate(parts)]
            unit = PageUnits.pack(items, [(-1, list(range(len(items))))])
            assert unit.unit_text(len(items)) == "; ".join(" ".join(part) for part in parts)
            assert unit.lemma_ids(len(items)) == lemmas and unit.members(len(items)) == tuple(range(len(items)))
        else:
            unit = PageUnits.pack([(0, 1, 1, len(words), text, lemmas)])
        pages.append((f"p{k:03d}", unit))
    t = Texts(pages, 1)
    df = {}
    for x_text in range(t.n):
        for x in t.lemmas(x_text):
            df[x] = df.get(x, 0) + 1
    idf = {x: math.log((t.n + 1) / (c + 0.5)) for x, c in df.items()}
    assert idf == t.idf_dict()
    settings = Settings().duplication
    ci, cj = np.triu_indices(t.n, k=1)
    i, j, kind, score = score_candidates(t, ci.astype(np.int64), cj.astype(np.int64), settings)
    got = {(a, b): (KINDS[k], sc) for a, b, k, sc in zip(i.tolist(), j.tolist(), kind.tolist(), score)}
    expected = {}
    for a, b in zip(ci.tolist(), cj.tolist()):
        if t.n_pages[a] == t.n_pages[b] == 1 and t.first_page[a] == t.first_page[b]:
            continue  # two texts of one page only (a list and its own items) are no shared passage
        found = score_pair(t.distinct(a), t.distinct(b), idf, settings)
        if found:
            expected[(a, b)] = found
    assert got == expected
    kinds = {k for k, _ in expected.values()}
    assert len(expected) > 20 and {"near_verbatim", "paraphrase", "reformatted_list"} <= kinds


def test_same_words_opposite_statements_are_no_paraphrase(tmp_path):
    """Shared content words with opposite polarity ("the most common treatment" / "rarely responds") are not a
    copied passage; two negated statements saying the same thing still are a paraphrase."""
    a = ("Botulinum toxin injections are the most common treatment for hemifacial spasm and relax the facial muscles "
         "for months.\n\nStress and anxiety do not cause Bell's palsy, but they can make facial twitching worse in "
         "many patients.\n")
    b = ("Hemifacial spasm rarely responds to botulinum toxin injections when the facial muscles have been weak for "
         "months.\n\nBell's palsy is not caused by stress, and facial twitching in many patients has nothing to do "
         "with anxiety.\n")
    _write(tmp_path, {"a": a, "b": b}, template=False)
    p = audit.run(tmp_path).passages
    assert len(p) == 1 and p.kind.tolist() == ["paraphrase"] and p.score.tolist() == [pytest.approx(0.8917, abs=1e-4)]
    assert p.text_a.iloc[0].startswith("Stress and anxiety do not cause") and p.text_b.iloc[0].startswith("Bell's palsy")


# ------------------------------------------------------------------ vectorised helpers = their references

def test_fast_normalise_equals_normalise():
    """`norm_text` / `norm_bytes` (a translate table on ASCII) are `normalise` / its words, on every ASCII character
    and on non-ASCII text (which goes through `normalise` itself)."""
    rng = random.Random(1)
    chars = [chr(c) for c in range(128)] + ["é", "ß", "ﬁ", "\u00a0", "’", "٣"]
    texts = ["", "  ", "Dry-eye (DED) costs $1,200; 3rd visit_ok!", "Straße ﬁne café ٣ x"]
    texts += ["".join(rng.choice(chars[:128] if k % 2 else chars) for _ in range(rng.randint(0, 40)))
              for k in range(2000)]
    for text in texts:
        assert S.norm_text(text) == normalise(text), repr(text)
        assert S.norm_bytes([text]).decode("utf-8").split() == normalise(text).split(), repr(text)
    for k in range(0, len(texts) - 8, 8):  # slices of one page's text (ASCII or not), normalised at once
        parts = texts[k:k + 8]
        ends = [sum(map(len, parts[:q + 1])) for q in range(len(parts))]
        bounds = list(zip([0] + ends[:-1], ends))
        assert S.norm_slices("".join(parts), bounds) == [normalise(x) for x in parts]


def test_page_shingles_are_python_tuple_hash():
    """Shingles are `hash(tuple(stable_hash(w) ...)) & MASK63` of every window (one shingle for a short page), sorted;
    the body hash is blake2b of the words joined by spaces."""
    rng = random.Random(2)
    for _ in range(300):
        words = [rng.choice(["a", "b", "cc", "dd", "w" + "".join(rng.choice("klmnopq") for _ in range(rng.randint(1, 12)))])
                 for _ in range(rng.randint(1, 40))]  # (normalised words: lower case, no digits)
        size = rng.randint(1, 5)
        ids = [S.stable_hash(w) for w in words]
        if len(ids) < size:
            expected = {hash(tuple(ids)) & S.MASK63}
        else:
            expected = {hash(tuple(ids[i:i + size])) & S.MASK63 for i in range(len(ids) - size + 1)}
        got, body_hash = S.page_shingles([" ".join(words[:3]), " ".join(words[3:])], size)
        assert got.dtype.name == "int64" and got.tolist() == sorted(expected)
        assert body_hash == hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()
    for texts in ([], ["", " !? "]):  # no words: no shingle, no body hash
        got, body_hash = S.page_shingles(texts, 3)
        assert got.dtype.name == "int64" and got.size == 0 and body_hash == ""


def _datasketch_minhashes(sigs, num_perm: int, seed: int) -> list:
    """The definition: datasketch's seeded MinHash of each page's shingle set (the low 32 bits of each shingle as
    its hash value)."""
    from datasketch import MinHash

    out = []
    for s in sigs:
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=lambda h: h & 0xFFFFFFFF)
        m.update_batch(s.shingles.tolist())
        out.append(m)
    return out


def test_minhash_values_and_lsh_candidates_are_datasketch():
    """The numpy MinHash values are datasketch's, and the banded candidates are what MinHashLSH proposes."""
    import numpy as np
    from datasketch import MinHashLSH

    sigs = sorted(_synthetic_signatures(80, seed=11), key=lambda s: s.page_id)
    mhs = _datasketch_minhashes(sigs, 128, 1)
    hv = S.minhash_values(sigs, 128, 1, batch_values=1000)
    assert hv.dtype == mhs[0].hashvalues.dtype and np.array_equal(hv, np.vstack([m.hashvalues for m in mhs]))
    lsh = MinHashLSH(threshold=0.3, num_perm=128, weights=(0.1, 0.9))
    for k, m in enumerate(mhs):
        lsh.insert(k, m, check_duplication=False)
    expected = sorted((i, j) for i, m in enumerate(mhs) for j in lsh.query(m) if j > i)
    assert S.lsh_bands(0.3, 128, (0.1, 0.9)) == lsh.hashranges
    ci, cj = S.lsh_candidates(hv, S.lsh_bands(0.3, 128, (0.1, 0.9)))
    assert list(zip(ci.tolist(), cj.tolist())) == expected and len(expected) >= 10
    empty = S.PageSignature("x", np.zeros(0, dtype=np.int64), "")  # an empty set: datasketch's empty MinHash
    assert np.array_equal(S.minhash_values([empty, sigs[0]], 128, 1)[0], _datasketch_minhashes([empty], 128, 1)[0]
                          .hashvalues)


def test_minhash_values_on_real_pages_are_datasketch():
    """Real text: every paragraph of the real-site fixtures as a page."""
    from pathlib import Path

    import numpy as np

    fixtures = Path(__file__).resolve().parent / "fixtures"
    paths = sorted(p for p in fixtures.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    paragraphs = [x for p in paths for x in p.read_text(encoding="utf-8", errors="replace").split("\n\n")]
    sigs = [S.PageSignature(str(k), S.page_shingles([x], 3)[0], "") for k, x in enumerate(paragraphs)]
    sigs = [s for s in sigs if s.shingles.size]
    assert len(sigs) > 100
    for seed, num_perm in ((1, 128), (7, 64)):
        want = np.vstack([m.hashvalues for m in _datasketch_minhashes(sigs, num_perm, seed)])
        assert np.array_equal(S.minhash_values(sigs, num_perm, seed), want)


def test_band_buckets_are_a_lexsort_by_column_on_real_pages():
    """`band_buckets` (two columns sorted as one uint64 key) gives the order of a lexsort by column and the starts of
    equal band values, on real text: the real-site fixtures' paragraphs as pages (repeated paragraphs: equal bands),
    bands of 1 to 5 rows, and the first 40 pages' first band with its values cut to 2 bits (many ties)."""
    from pathlib import Path

    import numpy as np

    fixtures = Path(__file__).resolve().parent / "fixtures"
    paths = sorted(p for p in fixtures.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    paragraphs = [x for p in paths for x in p.read_text(encoding="utf-8", errors="replace").split("\n\n")]
    sigs = [S.PageSignature(str(k), S.page_shingles([x], 3)[0], "") for k, x in enumerate(paragraphs)]
    hv = S.minhash_values([s for s in sigs if s.shingles.size], 128, 1)
    assert len(hv) > 100
    shared = 0
    for band in [hv[:, s:s + r] for r in (1, 2, 3, 4, 5) for s in (0, 61)] + [hv[:40, :3] & 3, hv[:0, :3]]:
        order, starts = S.band_buckets(band)
        want = np.lexsort(band.T[::-1])
        sb = band[want]
        assert order.tolist() == want.tolist()
        assert starts.tolist() == [k for k in range(len(sb)) if k == 0 or (sb[k] != sb[k - 1]).any()]
        shared += len(band) - len(starts)
    assert shared > 40  # pages sharing a band value


@pytest.mark.parametrize("num_perm", [32, 128])
def test_lsh_bands_are_datasketchs(num_perm):
    """The bands datasketch's MinHashLSH picks (scipy's `quad` there, exact Gauss-Legendre here) for the index
    thresholds and weights the audit could use."""
    from datasketch import MinHashLSH

    for threshold in [x / 40 for x in range(2, 39)]:
        for weights in ((0.1, 0.9), (0.5, 0.5)):
            try:
                want = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights).hashranges
            except ValueError:  # (fewer than 2 bands: datasketch refuses)
                continue
            assert S.lsh_bands(threshold, num_perm, weights) == want, (threshold, num_perm, weights)


# ------------------------------------------------------------------ per-page data held in the main process

def _recorded_run(monkeypatch, paths, tracked: dict | None = None):
    """A run whose duplication page data is recorded as the workers made it, and whose corpus stage sees each page
    as its page and extras only (no blocks, no units: what the main process keeps). `tracked`: filled with whether
    the garbage collector tracks each page's `extras['duplication']` as `per_page` leaves it."""
    import gc
    from types import SimpleNamespace

    made: dict[str, dict] = {}
    per_page, per_corpus = duplication.per_page, duplication.per_corpus

    def recording_per_page(result, body, docs, units, settings):
        per_page(result, body, docs, units, settings)
        if tracked is not None:
            tracked[result.page.page_id] = gc.is_tracked(result.extras[duplication.KEY])
        made[result.page.page_id] = dict(result.extras[duplication.KEY])  # (the chunk step empties it later)

    def page_and_extras_only(audit_, results, settings, job=None):
        light = [SimpleNamespace(page=r.page, extras=r.extras) for r in results]
        return per_corpus(audit_, light, settings, job)

    import dataclasses

    from audit.engine import measures

    registered = measures._REGISTRY[duplication.KEY]  # (the seeds run in this process: one worker)
    monkeypatch.setitem(measures._REGISTRY, duplication.KEY, dataclasses.replace(
        registered, per_page=recording_per_page, corpus_step=page_and_extras_only))
    return audit.run(paths), made


def test_seed_page_data_is_compact_and_complete(monkeypatch, seed_audit):
    import pickle

    import numpy as np

    from audit.duplication.passage_units import T_BLOCK, T_LINE_END, T_LINE_START, T_WORDS, PageUnits

    from .conftest import CORPUS

    tracked: dict[str, bool] = {}
    result, made = _recorded_run(monkeypatch, CORPUS, tracked)
    # what a page keeps until its chunk's end is never tracked by the garbage collector (it never reaches the oldest
    # generation, whose growth triggers full collections): an int, strings and arrays in an untracked dict
    assert set(SEED_IDS) <= set(tracked) and not any(tracked.values())
    # the corpus stage read pages and extras only, and gives the same tables and page columns
    pd.testing.assert_frame_equal(result.passages, seed_audit.passages)
    pd.testing.assert_frame_equal(result.pairs, seed_audit.pairs)
    pd.testing.assert_frame_equal(result.pages, seed_audit.pages)
    sentences = seed_audit.sentences
    for pid in SEED_IDS:
        extra = made[pid]
        assert set(extra) == {"shingles", "body_hash", "n_sentences", "text", "table", "lemmas", "parts"}
        units = duplication.page_units(extra)
        assert all(getattr(units, k) is extra[k] for k in PageUnits.__slots__)
        assert isinstance(units, PageUnits) and isinstance(units.text, str)
        assert (units.table.dtype, units.lemmas.dtype, units.parts.dtype) == (np.int32, np.int64, np.int32)
        mine = sentences[sentences.page_id == pid]
        assert units.n_sentences == len(mine)
        assert units.sentence_words().tolist() == mine.words.tolist()
        assert [units.unit_text(k) for k in range(units.n_sentences)] == mine.text.tolist()
        assert units.text == "".join(mine.text)
        every = list(range(len(units)))
        assert units.norms(every) == [S.norm_text(units.unit_text(k)) for k in every]
        for k in every:
            lemmas = units.lemma_ids(k)
            assert list(lemmas) == sorted(set(lemmas))
            if units.is_list(k):  # a list passage: the union of its sentences' lemmas and words
                members = units.members(k)
                assert set(lemmas) == set().union(*(units.lemma_ids(m) for m in members))
                assert units.table[k, T_WORDS] == sum(units.sentence_words()[list(members)].tolist())
        back = pickle.loads(pickle.dumps(units))
        assert back.text == units.text and back.n_sentences == units.n_sentences
        assert all(np.array_equal(getattr(back, a), getattr(units, a)) for a in ("table", "lemmas", "parts"))
    # the seeds' list passage (page 001): the introducing sentence and the five bullets, blocks 4.., lines 8-14
    units = duplication.page_units(made[SEED_IDS[1]])
    (k,) = [k for k in range(len(units)) if units.is_list(k)]
    intro, items = units.list_parts(k)
    assert len(items) == 5 and units.members(k) == (intro, *items) and items == list(range(intro + 1, intro + 6))
    assert units.unit_text(k) == units.unit_text(intro) + " " + (
        "Multiple sclerosis; Dystonia; Tourette syndrome; Tumor; Lesion causing pressure to the facial nerve")
    assert units.table[k, [T_BLOCK, T_LINE_START, T_LINE_END]].tolist() == [4, 8, 14]
    assert units.unit_text(k) == seed_audit.passages.text_a.iloc[2]


def test_template_share_of_skipped_and_template_only_pages(tmp_path, monkeypatch):
    """Template share (the strip step's page column) comes from each page's own blocks; a skipped page has none."""
    _write(tmp_path, {"a": PAGE_A, "b": PAGE_B})
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result, made = _recorded_run(monkeypatch, tmp_path)
    pages = result.pages.set_index("page_id")
    assert pages.loc["empty", "status"] != "ok" and pd.isna(pages.loc["empty", "template_share"])
    for pid in ("a", "b"):
        blocks = result.blocks[result.blocks.page_id == pid]
        share = round(blocks.words[blocks.label == "boilerplate"].sum() / blocks.words.sum(), 4)
        assert pages.loc[pid, "template_share"] == share > 0


@pytest.mark.parametrize("n", [0, 1, 7, 5_000])
def test_unique_codes_are_numpys_unique_with_inverse(n):
    import numpy as np

    rng = np.random.default_rng(n)
    x = rng.integers(-2 ** 62, 2 ** 62, n // 3 + 1)[rng.integers(0, n // 3 + 1, n)]  # repeated values
    values, codes = S.unique_codes(x)
    want_values, want_codes = np.unique(x, return_inverse=True)
    assert values.dtype == np.int64 and codes.dtype == np.int64
    np.testing.assert_array_equal(values, want_values)
    np.testing.assert_array_equal(codes, want_codes.ravel())
