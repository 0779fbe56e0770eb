"""Stop 39 (s39g): readers' comments after a page's article are template, reason "comments: ..."
(`audit/ingest/comments.py`): the heading that opens a comment section ("N Responses to “...”", "Leave a Reply"), and
the extracted lines that lie only in an element whose id or class names a comment section. The page
(tests/fixtures/comments/, README there) is WordPress's default theme (Kubrick) markup of a post with two comments;
on the `dragnet` set (AGPL-3.0: no text of it here) the labels of real pages are checked when the set is built."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import trafilatura

import audit
from audit.config import BoilerplateSettings, Settings
from audit.ingest.comments import COMMENTS_REASON, HEADING_REASON, comment_lines
from audit.ingest.ownlines import title_words

PAGE = Path(__file__).parent / "fixtures" / "comments" / "wordpress-kubrick-comments.html"
ARTICLE = ["Open enrollment for next year's health plans began this week, and it runs until the middle of December for "
           "most employers.",
           "Before you pick a plan, compare the total cost of each one over a year, not only the premium you pay with "
           "every paycheck.",
           "A plan with a low premium and a high deductible can cost more in a year when you need care than a plan with "
           "a higher premium.",
           "If your employer offers a health savings account, the money you put into it is not taxed, and it stays yours "
           "when you change jobs."]
COMMENTS = ["Thank you for this post, we went with the high deductible plan last year and it did cost us more than we "
            "had planned for.",
            "That is the best advice in the whole post, and I wish our benefits office had told us the same thing years "
            "ago."]


def _page_text() -> str:
    """The post as a page's text (what a text export or an extractor that keeps comments gives): the article, the
    comment section's heading, two comments (the second quoting the article), the form's heading."""
    return "\n\n".join(["# Open Enrollment in Full Swing", *ARTICLE,
                        "## 2 Responses to “Open Enrollment in Full Swing”", "Maria Says:", COMMENTS[0],
                        "Tom Says:", ARTICLE[1], COMMENTS[1], "## Leave a Reply"]) + "\n"


def test_the_heading_that_opens_the_comment_section_and_what_follows_are_template(tmp_path):
    (tmp_path / "post.md").write_text(_page_text(), encoding="utf-8")
    b = audit.run(tmp_path).blocks
    body = b[b.label == "body"]
    assert body.text.tolist() == ["Open Enrollment in Full Swing", *ARTICLE]
    comments = b[b.reason == HEADING_REASON]
    assert comments.text.tolist() == ["2 Responses to “Open Enrollment in Full Swing”", "Maria Says:", COMMENTS[0],
                                      "Tom Says:", ARTICLE[1], COMMENTS[1], "Leave a Reply"]
    assert set(comments.label) == {"boilerplate"}


def test_the_setting_turns_it_off(tmp_path):
    (tmp_path / "post.md").write_text(_page_text(), encoding="utf-8")
    b = audit.run(tmp_path, Settings(boilerplate=BoilerplateSettings(comment_sections=False))).blocks
    assert not b.reason.str.startswith("comments").any()
    assert set(COMMENTS) <= set(b[b.label == "body"].text)  # (the comments anchor the article again)


def test_a_bare_comments_heading_opens_the_section_only_over_a_comment_byline(tmp_path):
    # "Comments" is also an article's own section (a proposed rule's "Comments" on how to send them)
    article = "\n\n".join(ARTICLE)
    (tmp_path / "rule.md").write_text(f"{article}\n\n## Comments\n\n{COMMENTS[0]}\n", encoding="utf-8")
    (tmp_path / "post.md").write_text(f"{article}\n\n## Comments\n\n{COMMENTS[0]}\n\nPosted by: Maria at October 29, "
                                      f"2012 11:40 AM\n", encoding="utf-8")
    b = audit.run(tmp_path).blocks
    rule, post = b[b.page_id == "rule"], b[b.page_id == "post"]
    assert set(rule.label) == {"body"}
    assert post[post.reason == HEADING_REASON].text.tolist() == ["Comments", COMMENTS[0]]


def test_the_form_title_opens_the_section_only_when_no_article_paragraph_follows(tmp_path):
    # an API's documentation of the call that posts a comment: its "Post a comment" section is the article's
    (tmp_path / "api.md").write_text("\n\n".join([*ARTICLE[:2], "## Post a comment", *ARTICLE[2:]]) + "\n",
                                     encoding="utf-8")
    (tmp_path / "post.md").write_text("\n\n".join([*ARTICLE, "## Leave a Reply", "Name (required)"]) + "\n",
                                      encoding="utf-8")
    b = audit.run(tmp_path).blocks
    api, post = b[b.page_id == "api"], b[b.page_id == "post"]
    assert set(api.label) == {"body"}
    assert post[post.reason == HEADING_REASON].text.tolist() == ["Leave a Reply", "Name (required)"]


def test_comment_lines_are_the_lines_only_a_comment_section_holds():
    tree = trafilatura.load_html(PAGE.read_text(encoding="utf-8"))
    lines = [*ARTICLE, "Maria Says: October 29th, 2012 at 11:40 am", COMMENTS[0], ARTICLE[1], COMMENTS[1]]
    found = comment_lines(tree, lines)
    # the `ol class="commentlist"`'s own lines; the article's paragraph a comment quotes is the article's
    assert found == frozenset(map(title_words, ["Maria Says: October 29th, 2012 at 11:40 am", *COMMENTS]))
    # a "comment" section that holds most of the page's text is the article around it, not a comment section
    wrapped = trafilatura.load_html(PAGE.read_text(encoding="utf-8").replace('id="content"', 'id="content-comments"'))
    assert comment_lines(wrapped, lines) == found
    assert comment_lines(wrapped, ARTICLE) == frozenset()


def test_the_extracted_page_keeps_its_article():
    # trafilatura itself removes this canonical comment list: the article alone is extracted, nothing labelled
    b = audit.run(PAGE.parent).blocks
    assert b[b.label == "body"].text.tolist() == ARTICLE
    assert not b.reason.isin([COMMENTS_REASON, HEADING_REASON]).any()


DRAGNET = Path(__file__).parent.parent / "benchmarks" / "_corpora" / "sites" / "dragnet" / "pages"


@pytest.mark.skipif(not DRAGNET.is_dir(), reason="the dragnet set is not built (benchmarks/sites/build.py)")
def test_dragnet_pages_comment_sections(tmp_path):
    """Real pages (Dragnet's data, AGPL-3.0, read where the benchmark builds it, never copied here): a WordPress
    "4 Responses to “...”" heading over its comments, a TypePad "Comments" heading over comments each under a
    "Posted by: NAME at DATE" line."""
    for page in ("training/R429", "test/R187"):
        shutil.copy(DRAGNET / f"{page}.html", tmp_path / f"{page.replace('/', '_')}.html")
    b = audit.run(tmp_path).blocks
    counts = b[b.reason == HEADING_REASON].groupby("page_id").size().to_dict()
    assert counts == {"training_R429": 10, "test_R187": 276}
    for pid, g in b.groupby("page_id"):  # nothing after the heading is body
        first = g.index[g.reason == HEADING_REASON][0]
        assert set(g.loc[first:].label) == {"boilerplate"} and (g.loc[:first].label == "body").any()
