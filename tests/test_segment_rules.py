"""Segmentation and single-page template rules on small pages built in tmp_path: hard wraps, the street-address
pattern, and list items before the article. Every page's text is distinct, so only the rule under test (not
repetition across pages) can label a block template."""
from __future__ import annotations

import re

import audit
from audit.config import Settings
from audit.ingest.segment import segment_lines


def _rows(blocks):
    return [(r.line_start, r.line_end, r.kind, r.label, r.reason) for r in blocks.itertuples()]


# ------------------------------------------------------------------ hard wraps

def test_sentence_hard_wrapped_at_a_comma_stays_one_body_paragraph(tmp_path):
    (tmp_path / "wrap.md").write_text(
        "# Facial twitching after a long week\n\n"
        "Most eyelid twitching stops on its own within a few days, once you\n"
        "get more sleep, drink less coffee and spend less time at screens,\n"
        "and it rarely needs any treatment at all.\n\n"
        "See your doctor if the twitching spreads to other parts of the face or lasts longer than two weeks.\n",
        encoding="utf-8")
    blocks = audit.run(tmp_path).blocks
    assert _rows(blocks) == [
        (1, 1, "heading", "body", "heading before the article"),
        (3, 5, "paragraph", "body", "article body"),
        (7, 7, "paragraph", "body", "article body"),
    ]
    assert blocks.text[1] == ("Most eyelid twitching stops on its own within a few days, once you get more sleep, drink "
                              "less coffee and spend less time at screens, and it rarely needs any treatment at all.")


def test_wrap_rules_in_segmentation():
    s = Settings().segment
    lines = [
        "Twitching of the lower eyelid is usually harmless and goes away,",  # long, ends in "," -> wraps
        "In most people within a week or two.",  # ends a sentence -> block ends
        "Stress, caffeine,",  # short, ends in ",", next starts lower case -> wraps
        "and tiredness make it worse.",
        "Book a visit with Dr.",  # title abbreviation before a capitalised name -> wraps
        "Patel at the clinic.",
        "Rest helps a lot for most people who have twitching of the eyelid!",  # ends a sentence: no wrap
        "Sleep also helps.",
        "The doctor will ask about the following symptoms in detail:",  # long, ends in ":" before a capital
        "Twitching at night",  # -> not a wrap (an introduced line)
        "(212) 434-4050 (212) 371-3223 (FACE)",  # short, closed by a bracket: not a wrap into the caption
        "woman covering one of her eyes with her hand",
        "- Wait a day,",  # a bullet's text wraps as a paragraph's does (stop 35; before, it never continued)
        "then rest.",
    ]
    got = [(b.line_start, b.line_end, b.kind) for b in segment_lines(lines, s)]
    assert got == [(1, 2, "paragraph"), (3, 4, "paragraph"), (5, 6, "paragraph"), (7, 7, "paragraph"),
                   (8, 8, "paragraph"), (9, 9, "paragraph"), (10, 10, "heading"), (11, 11, "paragraph"),
                   (12, 12, "other"), (13, 14, "list_item")]


# ------------------------------------------------------------------ street addresses

ADDRESS = Settings().boilerplate.patterns["address"]


def _address(text: str) -> bool:
    return re.compile(ADDRESS, re.IGNORECASE | re.MULTILINE).search(text) is not None  # as boilerplate.py compiles it


def test_address_pattern_is_case_sensitive():
    for line in ["123 Main St", "5 Park Avenue", "2 Elm Drive, Suite 4", "Grand Park Building, 110 East 40 Street, Suite 501",
                 "New York, NY 10016", "Suite 200", "350 5th Avenue, Floor 3", "1 Oak Rd."]:
        assert _address(line), line
    for line in ["- Wait 24 hours before you drive.", "Patients over 65 should not drive for a week.",
                 "Take 2 st tablets", "About 3 dr visits a year are enough.", "In 2019 Dr. Smith showed it works.",
                 "5 Steps On The Road To Recovery", "Seen in 12 cases, in 10016 patients", "suite 4 of the tests"]:
        assert not _address(line), line


def test_body_sentences_with_drive_st_dr_stay_body_and_addresses_are_template(tmp_path):
    (tmp_path / "after.txt").write_text(
        "Recovery after your botulinum toxin injection\n\n"
        "Most patients go home within an hour of the injection and feel well enough to work the next day.\n\n"
        "- Wait 24 hours before you drive.\n"
        "- Take 2 st tablets of paracetamol if the site is sore.\n\n"
        "Patients over 65 should not drive for a week.\n\n"
        "About 3 dr visits in the first year are enough for most people who respond well.\n\n"
        "Riverside Clinic, 2 Elm Drive, Suite 4\n\n"
        "Springfield, IL 62704\n", encoding="utf-8")
    blocks = audit.run(tmp_path).blocks.set_index("line_start")
    for line in (5, 6, 8, 10):
        assert blocks.loc[line, "label"] == "body", blocks.loc[line, "text"]
    assert blocks.loc[5, "reason"] == "article body" and blocks.loc[8, "reason"] == "article body"
    assert blocks.loc[12, ["label", "reason"]].tolist() == ["boilerplate", "pattern: address"]
    assert blocks.loc[14, ["label", "reason"]].tolist() == ["boilerplate", "pattern: address"]


# ------------------------------------------------------------------ list items before the article

def test_list_before_the_article_is_body_like_a_list_after_it(tmp_path):
    (tmp_path / "facts.txt").write_text(
        "Key facts:\n"
        "- Twitching is usually harmless\n"
        "- Stress and caffeine make it worse\n"
        "- Most cases stop within two weeks\n\n"
        "woman rubbing her tired eyes at a desk\n\n"
        "Eyelid twitching is a repeated, involuntary spasm of the eyelid muscles that most people notice at some point.\n\n"
        "Your doctor will look for signs of a nerve problem if the twitching spreads to the rest of your face.\n\n"
        "Also worth knowing:\n"
        "- Sleep helps most people\n", encoding="utf-8")
    got = _rows(audit.run(tmp_path).blocks)
    assert got == [
        (1, 1, "paragraph", "body", "list intro before the article"),
        (2, 2, "list_item", "body", "list item before the article"),
        (3, 3, "list_item", "body", "list item before the article"),
        (4, 4, "list_item", "body", "list item before the article"),
        (6, 6, "other", "boilerplate", "position: header, no sentence"),  # image alt text stays template
        (8, 8, "paragraph", "body", "article body"),
        (10, 10, "paragraph", "body", "article body"),
        (12, 12, "paragraph", "body", "list intro after the article"),
        (13, 13, "list_item", "body", "after the article, but article text"),
    ]


def test_short_lines_before_the_article_stay_template(tmp_path):
    (tmp_path / "caption.txt").write_text(
        "photo of a patient at her first visit\n\n"
        "Read more:\n\n"
        "Hemifacial spasm causes twitching on one side of the face and often starts around the eye.\n", encoding="utf-8")
    got = _rows(audit.run(tmp_path).blocks)
    assert got == [
        (1, 1, "other", "boilerplate", "position: header, no sentence"),
        (3, 3, "paragraph", "boilerplate", "position: header, no sentence"),  # ends in ":" but introduces no list
        (5, 5, "paragraph", "body", "article body"),
    ]


# ------------------------------------------------------------------ repetition inside the article

from tests.conftest import CORPUS, SEED_IDS  # noqa: E402


def _body_words(blocks, page_id: str) -> int:
    return int(blocks[(blocks.page_id == page_id) & (blocks.label == "body")].words.sum())


def test_article_text_copied_by_another_page_stays_body(tmp_path, seed_audit):
    """The seeds plus an edited copy of 001 (one sentence changed): 001's 28-word list intro "... including:" (line 8)
    is now on 2/4 pages, inside the article: duplicated content, not template; 001's body and grade do not move."""
    for path in CORPUS.glob("*.txt"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    seed = (CORPUS / f"{SEED_IDS[1]}.txt").read_text(encoding="utf-8")
    edited = seed.replace("Diagnostic imaging may be performed", "Diagnostic imaging is often performed")
    assert edited != seed
    (tmp_path / "003_edited.txt").write_text(edited, encoding="utf-8")
    result = audit.run(tmp_path)
    blocks = result.blocks
    page = blocks[blocks.page_id == SEED_IDS[1]].set_index("line_start")
    assert page.loc[8, "text"].endswith("including:") and page.loc[8, "words"] == 28
    assert page.loc[8, ["label", "reason"]].tolist() == ["body", "article body; also on 2/4 pages (duplicated content)"]
    for line in (10, 14, 16):  # a list item and the heading, copied too
        assert page.loc[line, "label"] == "body"
    assert _body_words(blocks, SEED_IDS[1]) == _body_words(seed_audit.blocks, SEED_IDS[1]) == 323
    grade = result.pages.set_index("page_id").grade
    assert grade[SEED_IDS[1]] == seed_audit.pages.set_index("page_id").grade[SEED_IDS[1]]
    # outside the article repetition is still template: the phone header, the footer
    assert page.loc[28, ["label", "reason"]].tolist() == ["boilerplate", "repeated on 4/4 pages outside the article"]
    assert page.loc[2, "label"] == page.loc[39, "label"] == "boilerplate"


def _page(intro: str, outro: str, middle: list[str], nav: bool = True) -> str:
    top = ["Skip to main content", "• Home", "• Treatments", "• Contact"] if nav else ["Skip to main content"]
    return "\n\n".join([*top, intro, *middle, outro, "Posted on behalf of The Clinic"]) + "\n"


TRIGGERS = ["Common triggers of eyelid twitching include:", "• Stress\n• Caffeine\n• Lack of sleep"]


def test_list_intro_and_bullets_copied_on_two_pages_stay_body(tmp_path):
    pages = {
        "a": _page("Eyelid twitching is a repeated spasm of the eyelid muscle that most adults notice at some point.",
                   "Most cases stop on their own within a week or two once the trigger is gone.", TRIGGERS),
        "b": _page("Myokymia is the medical name for the fine rippling twitch that affects one eyelid at a time.",
                   "See your doctor if the twitching spreads to the cheek or the mouth, or lasts for months.", TRIGGERS),
        "c": _page("Hemifacial spasm causes twitching on one side of the face and often starts around the eye.",
                   "Botulinum toxin injections relax the overactive muscle and usually work for three months.", []),
        "d": _page("Blepharospasm makes both eyelids close tightly and can make reading or driving difficult.",
                   "Treatment usually starts with injections, and surgery is kept for the few who do not respond.", []),
    }
    for name, text in pages.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    blocks = audit.run(tmp_path).blocks
    copied = blocks[blocks.page_id.isin(["a", "b"]) & blocks.text.isin([TRIGGERS[0], "Stress", "Caffeine", "Lack of sleep"])]
    assert len(copied) == 8 and (copied.label == "body").all(), copied[["page_id", "text", "reason"]]
    assert set(copied.reason) == {"article body; also on 2/4 pages (duplicated content)"}
    nav = blocks[blocks.text.isin(["Home", "Treatments", "Contact"])]  # a repeated list before the article
    assert len(nav) == 12 and set(nav.reason) == {"repeated on 4/4 pages outside the article"}


CTA = "Contact our office today to schedule an appointment for you or a family member with one of our specialists."


def test_call_to_action_on_every_page_between_article_paragraphs_is_template(tmp_path):
    """A site-wide block (on more than `sitewide_share` of 4+ pages) stays template inside the article, however much
    it reads like article text; a page with nothing else has no article; patterns still win inside the article."""
    topics = ["eyelid twitching", "cheek spasms", "lip tremor", "jaw clenching", "brow drooping"]
    for i, topic in enumerate(topics):
        (tmp_path / f"p{i}.txt").write_text(_page(
            f"Many patients ask us about {topic} and what causes it in their daily life at work and at home.",
            f"Your doctor will examine the face and ask about {topic} in detail before suggesting any treatment.",
            [CTA, "Posted on behalf of The Clinic"], nav=False), encoding="utf-8")
    (tmp_path / "contact.txt").write_text(_page("Contact us", "Send", [CTA], nav=False), encoding="utf-8")
    blocks = audit.run(tmp_path).blocks
    cta = blocks[blocks.text == CTA]
    assert len(cta) == 6 and set(cta.label) == {"boilerplate"}, cta[["page_id", "reason"]]
    assert set(cta[cta.page_id != "contact"].reason) == {"repeated on 6/6 pages (site-wide, inside the article)"}
    assert cta[cta.page_id == "contact"].reason.tolist() == ["repeated on 6/6 pages"]
    byline = blocks[(blocks.page_id == "p0") & (blocks.text == "Posted on behalf of The Clinic")]
    assert set(byline.reason) == {"pattern: byline"}
    p0 = blocks[blocks.page_id == "p0"]
    assert p0[p0.text.str.startswith(("Many patients", "Your doctor"))].reason.tolist() == ["article body"] * 2
    # sitewide_share = 1.0: nothing is site-wide, the call to action is duplicated content inside the article
    kept = audit.run(tmp_path, Settings().replace(boilerplate={"sitewide_share": 1.0})).blocks
    kept = kept[(kept.text == CTA) & (kept.page_id != "contact")]
    assert set(kept.reason) == {"article body; also on 6/6 pages (duplicated content)"}


# ------------------------------------------------------------------ fast paths (memos, bounds) keep the exact results

def test_memoised_segmentation_and_patterns_match_the_direct_computation(monkeypatch):
    from audit.ingest import template as boilerplate
    from audit.ingest import segment
    from audit.ingest.segment import Block

    s = Settings()
    lines = ["Skip to main content", "(212) 434-4050 (212) 371-3223 (FACE)", "", "# Our Approach", "- A hearing test",
             "Opening Times: Monday - Friday: 8:30 AM – 5:00 PM", "***", "Book a visit with Dr.", "Patel today.",
             "Twitching\u00a0of the eyelid " * 30 + "is harmless.", "1) Rest", "lower-case caption", "Risk Factors"]
    memo = [segment_lines(lines, s.segment) for _ in range(2)]  # the second run reads the memos
    monkeypatch.setattr(segment, "_MEMO_CHARS", -1)  # nothing memoised
    direct = segment_lines(lines, s.segment)
    rows = [[(b.block, b.line_start, b.line_end, b.kind, b.text, b.words, b.key) for b in bl] for bl in memo + [direct]]
    assert rows[0] == rows[1] == rows[2]
    extra = s.replace(boilerplate={"extra_patterns": {"share": r"^share this"}}).boilerplate
    for bs in (s.boilerplate, extra):
        blocks = [Block(i, 1, 1, "other", t) for i, t in enumerate(["Share this page", "Phone: 555 123 4567", "Hello"])]
        expected = [next((name for name, rx in boilerplate.compiled_patterns(bs) if rx.search(b.text)), "")
                    if b.words <= bs.pattern_max_words else "" for b in blocks + direct]
        assert boilerplate.pattern_hits(blocks + direct, bs) == expected
    assert boilerplate.pattern_hits(blocks, s.boilerplate)[0] == ""  # the extra rule stays with its own settings


def _exact_share(lines, max_words=3000, min_words=20):
    from audit.ingest.load import _WORD_RE, ENGLISH_STOPWORDS

    words = [w for line in lines for w in _WORD_RE.findall(line)]
    if len(words) < min_words:
        return None
    return sum(w.lower() in ENGLISH_STOPWORDS for w in words[:max_words]) / len(words[:max_words])


def test_english_share_counts_the_words_its_regex_finds():
    """The compiled count (`_segment.english_counts`) against the definition (`_WORD_RE` over every line), on random
    lines (ASCII and not, apostrophes, stop words in any case) and on the lines of every fixture page."""
    import random

    from pathlib import Path

    from audit.ingest.load import discover, english_share, load_page

    rng = random.Random(3)
    words = ["the", "The", "OF", "and", "it's", "it’s", "don't", "a", "é", "Straße", "der", "und", "日本", "x1",
             "?", "'", "-", "patients", "café", "the–end", "İt", "BECAUSE", "through's", "rock'n'roll", "a'",
             "'the", "A1b", "th", "thes", "theirs", "Thereby", "becausee", "bec", "yours", "yourself", "is'nt",
             "ab'cdefghij", "abcdefghi"]  # (near stop words: the compiled lookup packs a word's letters in a number)
    for _ in range(2000):
        lines = [" ".join(rng.choice(words[:rng.randint(1, len(words))]) for _ in range(rng.randint(0, 30)))
                 for _ in range(rng.randint(0, 12))]
        for max_words in (3000, 40, 20):  # (at least min_words: lines read after the first max_words do not matter)
            assert english_share(lines, max_words) == _exact_share(lines, max_words)
    s = Settings()
    sources, _ = discover([Path(__file__).parent / "fixtures", Path(__file__).parents[1] / "corpus"], s.load, s.crawl)
    pages = [p.lines for p in (load_page(src, s.load) for src in sources) if p.status == "ok"]
    assert len(pages) >= 40
    shares = [english_share(lines) for lines in pages]
    assert shares == [_exact_share(lines) for lines in pages]
    assert sum(x is not None and 0.2 < x < 0.7 for x in shares) >= 35  # real English pages


# ------------------------------------------------------------------ headings with no text

def test_a_heading_marker_with_no_text_makes_no_block(tmp_path):
    """A `#` line of only spaces (newsgroup posts quote with "# "), "## " at the end of a Markdown file, a heading of
    only an image, and an HTML heading of only invisible characters (trafilatura writes `<h2>&#8203;</h2>` as "## "):
    no block with an empty text. The marker ends the paragraph before it, as a blank line does."""
    from audit.ingest.segment import _segment_lines

    post = ("# \n"
            "# I think the original post was searching for existing implementations of\n"
            "# Gouraud shading of triangles. This is fairly complex to do with plain X.\n"
            "#    \n"
            "# Simpler shading models are implemented already, in x3d for instance.\n"
            "# \n\n"
            "The version I have is using the x256q code instead of the default X Windows\n"
            "code. I have it currently running on a DEC Alpha and so far have been pretty impressed.\n")
    lines = post.split("\n")
    got = [(b.block, b.line_start, b.line_end, b.kind) for b in segment_lines(lines, Settings().segment)]
    assert got == [(0, 2, 2, "heading"), (1, 3, 3, "heading"), (2, 5, 5, "heading"), (3, 8, 9, "paragraph")]
    assert got == [(b.block, b.line_start, b.line_end, b.kind) for b in _segment_lines(lines, Settings().segment)]
    wrapped = ["The rash spreads over the arms, the chest and the", "## ##", "legs within a day."]  # (closing hashes)
    assert [(b.line_start, b.text) for b in segment_lines(wrapped, Settings().segment)] == [
        (1, "The rash spreads over the arms, the chest and the"), (3, "legs within a day.")]  # (as a blank line)
    assert segment_lines(["#   ", "## "], Settings().segment) == []

    (tmp_path / "post.txt").write_text(post, encoding="utf-8")
    (tmp_path / "notes.md").write_text(
        "# ![Clinic logo](logo.png)\n\n"
        "Most eyelid twitching stops on its own within a few days, once you get more sleep and drink less coffee.\n\n"
        "See your doctor if the twitching spreads to other parts of the face or lasts longer than two weeks.\n\n"
        "## ", encoding="utf-8")
    para = "<p>" + "Eyelid twitching is common and usually harmless, and it goes away on its own. " * 4 + "</p>"
    (tmp_path / "page.html").write_text(
        "<html><head><title>Eyelid twitching</title></head><body><article><h1>Eyelid twitching</h1>" + para
        + "<h2>&#8203;</h2>" + para.replace("common", "frequent") + "<h3>\ufeff</h3></article></body></html>",
        encoding="utf-8")
    a = audit.run(tmp_path)
    assert set(a.pages.status) == {"ok"}
    assert not (a.blocks.text == "").any()
    assert a.blocks.groupby("page_id").size().to_dict() == {"notes": 2, "page": 3, "post": 4}
    assert list(a.blocks[a.blocks.page_id == "post"].line_start) == [2, 3, 5, 8]
    assert list(a.blocks[a.blocks.page_id == "page"].kind) == ["heading", "paragraph", "paragraph"]


# ------------------------------------------------------------------ lines and blocks with nothing to read

def _spans(lines):
    """(first line, last line, kind) of each block, by the compiled segmenter, checked against its definition."""
    from audit.ingest.segment import _segment_lines

    got = [(b.line_start, b.line_end, b.kind) for b in segment_lines(lines, Settings().segment)]
    assert got == [(b.line_start, b.line_end, b.kind) for b in _segment_lines(lines, Settings().segment)]
    return got


def test_a_bare_hash_is_an_empty_heading_and_makes_no_block():
    """CommonMark §4.2: the opening "#" run is followed by a space, a tab or the end of the line, so "#" alone is an
    empty heading (no block, like "# "); "#hashtag" and "#5" are text. A newsgroup post quoting with "#" (real,
    newsgroups-2k alt.atheism/53079): its "#" lines were three `other` blocks of the text "#"."""
    post = ["In article <lsr6ihINNsa@exodus.Eng.Sun.COM> emarsh@hernes-sun.Eng.Sun.COM (Eric Marsh) writes:",
            "#In article <1qjahh$mrs@horus.ap.mchp.sni.de> frank@D012S658.uucp (Frank O'Dwyer) writes:",
            "#>Simple theories with accurate predictions could not objectively be said",
            "#>to be more useful than a set of tarot cards.  You like those conclusions?",
            "#>I don't.",
            "#",
            "#I think that you are changing the meaning of \"values\" here. Perhaps",
            "#it is time to backtrack and take a look at the word.",
            "#",
            "#In context of a moral system, definition four seems to fit best. In terms"]
    assert _spans(post) == [(1, 1, "paragraph"), (2, 2, "paragraph"), (3, 4, "paragraph"), (5, 5, "paragraph"),
                            (7, 8, "paragraph"), (10, 10, "paragraph")]
    assert _spans(["#", "##", "   ######", "#\t"]) == []
    assert _spans(["#hashtag", "#5 bolt", "####### seven"]) == [(1, 1, "other"), (2, 2, "heading"), (3, 3, "other")]


def test_a_line_of_only_invisible_characters_is_blank():
    """A line of zero-width spaces (a blog's empty paragraphs: real, the article-extraction benchmark's Jeongdong
    Theater post, sites/aeb gold 8cad00dc) or other default-ignorable characters (joiners, word joiner, soft hyphen,
    direction marks, variation selectors, tags) is blank: it made an `other` block of the text "\\u200b"."""
    post = ["@noksutagram <The Palace: Tale of Jang Noksu> \u20182018 Welcome Daehak-ro Festival\u2019 Performance",
            "", "2018 Jeongdong Theater Tradition Series Performance", "", "<The Palace: Tale of Jang Noksu>", "",
            "\u200b", "", "\u200b", "", "The refreshing autumn sky!", "",
            "This is Daehak-ro Marronnier Park where the air is filled with the scent of fall~", "", "\u200b", "",
            "\u200b", "", "The reason we came to Marronnier Park!"]
    assert _spans(post) == [(1, 1, "other"), (3, 3, "heading"), (5, 5, "heading"), (11, 11, "paragraph"),
                            (13, 13, "paragraph"), (19, 19, "paragraph")]
    for invisible in ("\u200c\u200d", " \u2060 ", "\u00ad", "\u200e\u200f", "\ufe0f", "\U000e0041", "## \u200b"):
        assert _spans(["Rest helps.", invisible, "Sleep helps too."]) == [(1, 1, "paragraph"), (3, 3, "paragraph")]
    # a wrapped sentence is not joined across it, as across a blank line
    assert _spans(["The rash spreads over the arms, the chest and the", "\u200b", "legs within a day."]) == [
        (1, 1, "heading"), (3, 3, "paragraph")]
    # visible text with invisible characters in it is text as before; a Hangul filler is a letter (str.isalpha)
    assert _spans(["\u200bRest helps.", "", "\u3164"]) == [(1, 1, "paragraph"), (3, 3, "paragraph")]


def test_invisible_characters_are_the_default_ignorable_code_points_but_the_hangul_fillers():
    """`segment._INVISIBLE_RE`'s characters are Unicode's Default_Ignorable_Code_Point set (as the `regex` package,
    installed with nltk, reads it) without the four Hangul fillers (letters to `str.isalpha`), plus whitespace."""
    import pytest

    from audit.ingest.segment import _INVISIBLE_RE

    regex = pytest.importorskip("regex")
    ignorable = {c for c in range(0x110000) if regex.match(r"\p{Default_Ignorable_Code_Point}", chr(c))}
    assert {0x115F, 0x1160, 0x3164, 0xFFA0} <= ignorable and len(ignorable) > 4000
    invisible = {c for c in range(0x110000) if _INVISIBLE_RE.fullmatch(chr(c)) and not chr(c).isspace()}
    assert invisible == ignorable - {0x115F, 0x1160, 0x3164, 0xFFA0}
    assert all(chr(c).isspace() for c in range(0x110000) if _INVISIBLE_RE.fullmatch(chr(c)) and c not in ignorable)


def test_an_empty_fenced_code_block_makes_no_block(tmp_path):
    """A fence with nothing (or only blank lines) before its closing fence or the page's end: no `code` block of
    empty text. A newsgroup signature ruled with tildes opens a fence (real, newsgroups-2k
    comp.os.ms-windows.misc/10201: its last line); a code block with text is kept."""
    post = ["  And if this is some type of FAQ please point me in the right",
            "direction and don't bother taking up a lot of bandwidth.  Thanks!", "", "-=- Brett", "-- ",
            "Brett Watson, Database/System Administrator", "Kansas Supreme Court - Topeka, KS",
            "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~", ""]
    assert _spans(post) == [(1, 2, "paragraph"), (4, 4, "heading"), (5, 5, "other"), (6, 6, "heading"),
                            (7, 7, "heading")]
    assert _spans(["Run it:", "```", "", "   ", "```", "Done."]) == [(1, 1, "paragraph"), (6, 6, "paragraph")]
    assert _spans(["Run it:", "```bash", "make test", "```"]) == [(1, 1, "paragraph"), (2, 4, "code")]

    (tmp_path / "post.txt").write_text("\n".join(post), encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Twitching\n\nMost eyelid twitching stops on its own.\n\n```\n\n```\n\n"
                                       "\u200b\n\nSee your doctor if it spreads.\n\n#\n", encoding="utf-8")
    a = audit.run(tmp_path)
    assert set(a.pages.status) == {"ok"}
    assert not a.blocks.text.str.strip("\u200b").eq("").any()
    assert a.blocks.groupby("page_id").size().to_dict() == {"notes": 3, "post": 5}


def _plain_spans(lines):
    """`_spans` of a plain-text page (`markdown=False`: no code fences), compiled and by the definition."""
    from audit.ingest.segment import _segment_lines

    got = [(b.line_start, b.line_end, b.kind) for b in segment_lines(lines, Settings().segment, False)]
    assert got == [(b.line_start, b.line_end, b.kind) for b in _segment_lines(lines, Settings().segment, False)]
    return got


# Real, newsgroups-2k soc.religion.christian/21662 (20 Newsgroups, Lang 1995, as redistributed in
# duboya/20Newsgroups@fe9d334): a post underlining a quotation with tildes, lines 355-369.
UNDERLINED_POST = [
    "Yes!",
    "2TI 2:24-26 And a servant of the Lord must not quarrel but be gentle to all,",
    "                                                           ~~~~~~~~~~~~~~~~",
    "able to teach, patient, in humility correcting those who are in opposition, if",
    "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~  ~~",
    "God perhaps will grant them repentance, so that they may know the truth, and",
    "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
    "that they may come to their senses and escape the snare of the devil, having",
    "been taken captive by him to do his will.",
    " ",
    "AMEN!",
    "",
    "",
    "Frank",
    "-- "]


def test_a_line_of_tildes_in_a_plain_text_page_is_a_rule_not_a_code_fence(tmp_path):
    """A `.txt` page is no Markdown document: a line of tildes (a Usenet post's underline or signature rule) is a
    rule, like "-----", not a code fence. As a fence, the underline on line 5 above (a tilde run after at most three
    spaces: CommonMark's tilde fence) opened a code block that no later line closed (the next tilde run is shorter),
    and the rest of the post, "AMEN!" and the signature, was one `code` block, out of the prose; 12 posts of
    newsgroups-2k (142 of newsgroups-20k) have such a line. A Markdown page keeps its tilde fences."""
    assert _spans(UNDERLINED_POST) == [(1, 1, "paragraph"), (2, 4, "paragraph"), (5, 15, "code")]  # (Markdown)
    assert _plain_spans(UNDERLINED_POST) == [(1, 1, "paragraph"), (2, 2, "paragraph"), (4, 4, "other"),
                                             (6, 6, "paragraph"), (8, 9, "paragraph"), (11, 11, "paragraph"),
                                             (14, 14, "heading"), (15, 15, "other")]
    # "~~~ text ~~~" is text in a plain-text page (a tilde fence with an info string in Markdown)
    banner = ["~~~~~~~~~~~~~~~~~~~~~~~~ Je me souviens ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~", "", "Thanks for the help."]
    assert _spans(banner) == [(1, 3, "code")]
    assert _plain_spans(banner) == [(1, 1, "heading"), (3, 3, "paragraph")]
    # a fenced code block of a Markdown page is still one code block
    assert _spans(["Run it:", "~~~", "make test", "~~~", "Done."]) == [(1, 1, "paragraph"), (2, 4, "code"),
                                                                      (5, 5, "paragraph")]

    (tmp_path / "post.txt").write_text("\n".join(UNDERLINED_POST), encoding="utf-8")
    (tmp_path / "notes.md").write_text("\n".join(UNDERLINED_POST), encoding="utf-8")
    a = audit.run(tmp_path)
    kinds = a.blocks.groupby("page_id").kind.apply(list).to_dict()
    assert "code" not in kinds["post"] and kinds["notes"][-1] == "code"
    post = a.blocks[a.blocks.page_id == "post"]
    assert "AMEN!" in set(post.text) and "Frank" in set(post.text)
    assert "that they may come to their senses and escape the snare of the devil, having been taken captive by him " \
           "to do his will." in set(a.sentences[a.sentences.page_id == "post"].text)


def test_a_page_of_only_invisible_characters_is_skipped_as_blank(tmp_path):
    """A page whose every line is whitespace or invisible characters (zero-width spaces: a blog's empty paragraphs,
    real, the article-extraction benchmark's Jeongdong Theater post, sites/aeb gold 8cad00dc, has such lines) is
    skipped as blank, saying so: it was "no text blocks (only punctuation or symbols)", and it holds neither."""
    (tmp_path / "empty-post.txt").write_text("\u200b\n\n\u200b\n\n\u200b\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("\ufeff\u200b\u200c\n\n\u2060\n", encoding="utf-8")
    (tmp_path / "blank.html").write_text(
        "<html><head><title>Jeongdong Theater</title></head><body><article><p>\u200b</p><p>\u200b</p><p>\u200b</p>"
        "</article></body></html>", encoding="utf-8")
    (tmp_path / "post.txt").write_text("This is Daehak-ro Marronnier Park where the air is filled with the scent of "
                                       "fall.\n\u200b\n", encoding="utf-8")
    a = audit.run(tmp_path)
    reasons = dict(zip(a.pages.page_id, a.pages.reason))
    statuses = dict(zip(a.pages.page_id, a.pages.status))
    blank = "blank file (whitespace and invisible characters only: zero-width spaces, joiners)"
    assert reasons["empty-post"] == blank and reasons["draft"] == blank
    assert reasons["blank"] == "HTML has no visible text (whitespace and invisible characters only: zero-width spaces, joiners)"
    assert statuses == {"empty-post": "skipped", "draft": "skipped", "blank": "skipped", "post": "ok"}


def test_opening_hours_in_us_style_are_template_lines_but_not_in_prose():
    """The `hours` rule reads days or times joined by "to" / "through" as well as a dash, and "a.m." / "p.m." with
    their periods (US style, as federal sites write them): it knew "9 am - 5 pm" and "Monday - Friday" only. Real
    lines: a schedule line of a newsgroups-20k post (comp.windows.x/67370: "Tutorial:  9:00 A.M. - 5:00 PM", missed
    before), and a Seoul theatre's show times from the article-extraction benchmark (aeb page 8cad00dc, the Jeongdong Theater post: caught before and
    after). A sentence that gives hours stays prose (newsgroups-20k sci.med/59123, a wrapped paragraph of 60 words)."""
    from audit.ingest.template import pattern_hits
    from audit.ingest.segment import _segment_lines

    s = Settings()
    lines = ["    Thursday, June 24 ", "", "        Tutorial:  9:00 A.M. - 5:00 PM ",
             "        Conference Dinner:  6:30 PM ", "", "Tue \u2013 Sat 4PM (Closed on Sun & Mon)", "",
             "     The telephone number for health care professionals is 1-800-933-3413, and ",
             "it is accessible from 10:30 a.m. to 8 p.m. EST (7:30 a.m. to 5 p.m. PST) ",
             "Monday through Friday.  During these times, consultants will try to answer ",
             "questions immediately, or within an hour.  At other times, physicians and ",
             "health care providers can leave an electronic message, and questions will be ",
             "answered as quickly as possible. "]
    blocks = segment_lines(lines, s.segment, False)
    assert [(b.line_start, b.line_end) for b in blocks] == [
        (b.line_start, b.line_end) for b in _segment_lines(lines, s.segment, False)]
    hits = dict(zip((b.text for b in blocks), pattern_hits(blocks, s.boilerplate)))
    assert hits == {"Thursday, June 24": "", "Tutorial: 9:00 A.M. - 5:00 PM": "hours", "Conference Dinner: 6:30 PM": "",
                    "Tue \u2013 Sat 4PM (Closed on Sun & Mon)": "hours",
                    " ".join(" ".join(line.split()) for line in lines[7:]): ""}
