"""Every tunable of the audit in one settings object.

`Settings()` gives the defaults. `load_settings(path)` reads an `audit.toml` file (or the `[tool.audit]` table of a
`pyproject.toml`) whose tables mirror the sections below, e.g.::

    [readability]
    target_grade = 6

Unknown sections or keys are an error (a typo must not silently fall back to a default).
"""
from __future__ import annotations

import dataclasses
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A configuration file or value is invalid; the message says which key and why."""


@dataclass(frozen=True)
class LoadSettings:
    # (.mdx: Docusaurus, `mdsource`; .rst .rest: reStructuredText, Sphinx, `rstsource`)
    extensions: tuple[str, ...] = (".txt", ".md", ".markdown", ".mdx", ".rst", ".rest", ".html", ".htm")
    max_page_bytes: int = 5_000_000  # larger files are skipped with a reason (a 50 MB "page" is not an article)
    # A page whose share of common English function words (`audit.ingest.language.english_share`) is below
    # `language_check_below_share` is read by the language identifier (CLD2): a page it identifies in another language
    # gets a "may not be English" note and no grade; one where it names no language and the page declares none, below
    # `min_english_stopword_share` a "no language identified" note and no grade (uuencoded data, tables of scores)
    language_check_below_share: float = 0.25
    min_english_stopword_share: float = 0.15
    html_fallback_min_words: int = 20  # extracted prose under this many words: the page's visible text is used instead
    # lists an HTML page's extraction dropped, put back (`htmltext.announced_lists`, `headedlists`): after a line of
    # the page's prose ending in ":" of at least `announced_list_min_words` words ("… we also referred to these
    # resources:"; "Read more:" is a label, not prose); under a heading kept empty, when each item holds at least
    # `headed_list_min_words` words outside its links (a changelog's entry; a menu's items are their links)
    announced_list_min_words: int = 6
    headed_list_min_words: int = 2


@dataclass(frozen=True)
class SegmentSettings:
    heading_max_words: int = 12  # an unpunctuated standalone line up to this many words is a heading
    wrap_min_chars: int = 60  # a line this long not ending in punctuation continues on the next line (hard wrap)
    spacy_model: str = ""  # "" = spacy.blank("en") + sentencizer; or an installed trained pipeline's name
    spacy_batch_size: int = 256


# Pattern rules for template a single page can still carry. Name -> regex (case-insensitive unless a rule turns that off
# with a scoped (?-i:...) group, as `address` does; searched in the block).
DEFAULT_PATTERNS: dict[str, str] = {
    "skip_link": r"^\s*skip to (main )?content\b",
    "phone": r"(?:\(\d{3}\)\s*|\b\d{3}[-.\s])\d{3}[-.\s]\d{4}\b|^\s*(phone|tel|telephone|call)\s*:",
    "fax": r"^\s*fax\b",
    # Case-sensitive ((?-i:...)): a house number, 1-4 capitalised name words (not "The", "To", ...) or numbers, then a
    # capitalised street type ("123 Main St", "110 East 40 Street"); "City, ST 12345"; a line starting "Suite 4".
    # Lower-case "drive", "st", "dr" in a sentence are not streets, and a number right before "Dr." is not an address.
    "address": r"(?-i:\b\d+\s+(?:(?!(?:The|To|On|Of|For|And|In|At|With|A|An|You|Your|Before|After)\s)"
    r"(?:[A-Z][\w\x27’.-]*|\d+(?:st|nd|rd|th)?)\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Suite|Floor)\b"
    r"|\b[A-Z][a-z]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|^\s*Suite\s+\d+)",
    # Opening hours: two days joined by a dash ("Monday - Friday", "Sun - Thurs"), or by "to" / "through" / "thru"
    # at the start of a line ("Monday through Friday, ..."; inside a line "box scores (Sunday through Thursday)" is
    # prose); two times joined by a dash or those words ("9 am - 5 pm", "8 a.m. to 8 p.m.": US style writes "a.m.");
    # a line opening "Opening times", "Office hours", "Business hours", "Hours:", "Hours of operation:".
    "hours": r"\b(mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs?|rsday)?|fri(day)?|sat(urday)?|sun(day)?)\.?\s*[-–—]\s*"
    r"(mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs?|rsday)?|fri(day)?|sat(urday)?|sun(day)?)\b"
    r"|^\s*(mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs?|rsday)?|fri(day)?|sat(urday)?|sun(day)?)\.?"
    r"\s+(to|through|thru)\s+(mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs?|rsday)?|fri(day)?|sat(urday)?|sun(day)?)\b"
    r"|^\s*((opening|office|business)\s+(times|hours)\b|hours(\s+of\s+operation)?\s*:)"
    r"|\b\d{1,2}(:\d{2})?\s*([ap]m\b|[ap]\.m\.?)(\s*[-–—]\s*|\s+(to|through|thru)\s+)"
    r"\d{1,2}(:\d{2})?\s*([ap]m\b|[ap]\.m\.?)",
    "byline": r"^\s*(posted|written|published)\s+(on behalf of|by)\b",
    # A page's date line, metadata and not its text: "Last updated: Jun 29, 2022 | See all Documentation", "Page last
    # reviewed: May 3, 2023", "Last-modified: 1993/4/15", "UPDATED: Tue., Nov. 19, 2019", "Updated at 1:23 p.m.": the
    # label, then only a date (numbers, month and day names, times, time zones; or none, when the extractor drops a
    # `<time>`'s text) up to the end of the line or a "|". "Updated prices from last post." is text.
    "date_line": r"^\s*(?:page\s+)?(?:last[\s-]+(?:updated?|modified|reviewed|revised|changed)|updated|reviewed|revised)"
    r"(?:\s*(?>\d[\d/.:,-]*|[+-]\d{4}\b|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?"
    r"|wed(?:nesday)?|thu(?:rs?(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?,?|[ap]\.?m\b\.?"
    r"|(?:at|on|[ecmp][sd]t|gmt|utc|ist)\b|\$date\b:?|\$|:))*+\s*(?:\||$)",
    "footer_call": r"^\s*if you are interested in discussing your case\b",
    "copyright": r"^\s*(©|\(c\)|copyright\b)|all rights reserved",
}


@dataclass(frozen=True)
class BoilerplateSettings:
    min_pages: int = 2  # a block whose normalised text repeats on this many pages is template ...
    min_page_share: float = 0.005  # ... and on at least this share of pages (matters for large corpora only)
    anchor_min_words: int = 10  # a non-template paragraph of this many words ending a sentence anchors the article
    pattern_max_words: int = 30  # pattern rules only label blocks up to this long (a phone number inside prose stays)
    # Inside the article a repeated block is duplicated content (body), unless it is site-wide: on MORE than this share
    # of the pages (0.5: 3 of 4, 4 of 6, 6 of 10) of a corpus of at least `sitewide_min_pages` pages; then it stays
    # template there too (a call to action between article paragraphs on every page). 1.0 turns this off.
    sitewide_share: float = 0.5
    sitewide_min_pages: int = 4  # smaller corpora have no site-wide blocks (two copies of one article share everything)
    # In a corpus of 10+ pages, prose (or a table, a reference, a list item) repeated outside the article on at most
    # this share of the pages (or on just 2) is copied content, kept as body; the site frame repeats on more pages.
    copied_max_share: float = 0.1
    section_heading_max_words: int = 12  # a repeated short line ending "?" or ":" over the page's own text is a heading
    # An h1 that shows its page's own title from the same element path (a theme's banner over the article) on more
    # than this share of the pages (and on 2 at least), and on most pages that have it, is the site's title slot:
    # where the extractor dropped it, the page's title is put back as its first block (`audit.ingest.titleslot`).
    # 1.0 turns this off.
    title_slot_min_share: float = 0.1
    # Readers' comments after a page's article (`audit.ingest.comments`): the heading that opens a comment section
    # ("4 Responses to ...", "Leave a Reply") and all after it, and the lines only an element whose id or class
    # names comments holds ("commentlist", "respond"): never an anchor of the article, template after it, reason
    # "comments: ...". False keeps them as the extractor gave them.
    comment_sections: bool = True
    # Page furniture after a page's article (`audit.ingest.furniture`): the lines that only an element of the page
    # frame holds (a landmark role or element, `nav`, `aside`, `form`, the page's `header` and `footer`; a class or id
    # of Readability's unlikely-candidates vocabulary, "sidebar", "rss", "related"): never an anchor of the article,
    # template after it, reason "after the article: page furniture ...". False keeps them as the extractor gave them.
    frame_regions: bool = True
    patterns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PATTERNS))
    extra_patterns: dict[str, str] = field(default_factory=dict)  # users add their own rules here

    def __post_init__(self) -> None:
        import re

        for key in ("patterns", "extra_patterns"):  # an invalid regex fails the config, never every page
            for name, rx in getattr(self, key).items():
                try:
                    re.compile(rx, re.IGNORECASE | re.MULTILINE)
                except (re.error, RecursionError, OverflowError) as exc:
                    raise ConfigError(f"[boilerplate] {key}: {name!r}: invalid regular expression: {exc}") from None


@dataclass(frozen=True)
class ReadabilitySettings:
    target_grade: float = 8.0  # NIH/CDC: grade 8 or lower; AMA: grade 6 (set 6 for the strict setting)
    words_per_minute: float = 238.0  # silent reading rate for non-fiction (Brysbaert 2019)
    headings_in_formulas: bool = False  # headings are reported but never counted as sentences in the formulas
    long_sentence_words: int = 20  # Yoast / plainlanguage.gov
    very_long_sentence_words: int = 30
    hard_sentence_grade: float = 10.0  # Hemingway-style yellow
    very_hard_sentence_grade: float = 14.0  # Hemingway-style red
    long_sentence_share_max: float = 0.25  # Yoast: > 25 % long sentences is flagged (amber) ...
    long_sentence_share_red: float = 0.30  # ... > 30 % red (Yoast)
    passive_share_max: float = 0.10  # Yoast (amber above) ...
    passive_share_red: float = 0.15  # ... red above (Yoast)
    paragraph_max_words: int = 150  # Yoast (amber above) ...
    paragraph_red_words: int = 200  # ... red above (Yoast)
    section_max_words: int = 300  # Yoast
    smog_min_sentences: int = 30  # McLaughlin 1969
    passive_method: str = "auto"  # "auto" (parser when a trained pipeline is loaded, else rules), "rules", "parser"
    min_words: int = 30  # a body with fewer formula words gets NaN scores and a readability_note (too short to grade)
    min_sentence_words: int = 1  # units with fewer words are not counted as sentences (3 = textstat's regex rule)
    hard_sentence_min_words: int = 14  # Hemingway: shorter sentences are never flagged hard / very hard
    grade_formulas: tuple[str, ...] = ("flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                                       "automated_readability_index", "linsear_write_formula")  # grade = their mean
    difficult_word_min_syllables: int = 2  # textstat's difficult_words default
    difficult_words_skip_names: bool = True  # proper names are not difficult words (Dale-Chall)
    plain_words: str = ""  # "" = audit/data/plain_words.csv; or a CSV with columns term, alternative
    why_sentences: int = 3  # hardest sentences named in `why`

    def __post_init__(self) -> None:
        from audit.readability.formulas import GRADE_FORMULAS

        if self.passive_method not in ("auto", "rules", "parser"):
            raise ConfigError(f"[readability] passive_method: expected auto, rules or parser, got {self.passive_method!r}")
        unknown = [f for f in self.grade_formulas if f not in GRADE_FORMULAS]
        if unknown or not self.grade_formulas:
            raise ConfigError(f"[readability] grade_formulas: expected a non-empty list of {', '.join(GRADE_FORMULAS)}; "
                              f"unknown: {', '.join(unknown) or 'none given'}")
        if not 0 <= self.hard_sentence_grade <= self.very_hard_sentence_grade:
            raise ConfigError("[readability] hard_sentence_grade must be >= 0 and <= very_hard_sentence_grade")
        if self.words_per_minute <= 0:
            raise ConfigError("[readability] words_per_minute must be > 0")


@dataclass(frozen=True)
class DuplicationSettings:
    shingle_size: int = 3  # word shingles; short pages need small shingles
    near_duplicate_threshold: float = 0.9  # Screaming Frog's default
    exact_pairs_max_pages: int = 2000  # above this many pages, MinHash LSH proposes candidate pairs
    minhash_permutations: int = 128
    minhash_seed: int = 1
    all_pairs_max_pages: int = 100  # up to this many pages pairs.csv lists every pair sharing a shingle
    lsh_threshold: float = 0.5  # larger corpora report pairs from this Jaccard up (LSH index tuned at 0.8x, recall-weighted)
    passage_min_score: float = 0.5
    passage_min_shared_lemmas: int = 4
    near_verbatim_min: float = 0.5  # share of the shorter unit's word trigrams found in the other
    paraphrase_min_cover: float = 0.5  # shared lemmas carry at least this share of each unit's lemma weight
    list_min_item_share: float = 0.8  # share of a list's items found in the sentence that enumerates them
    passage_max_key_df: int = 200  # a lemma pair shared by more distinct texts proposes no candidates
    passage_key_window: int = 8  # a lemma pair shared by more texts pairs them with its first 8 only (linear)
    passage_min_key_hits: int = 6  # candidates share this many such lemma pairs (4 shared lemmas = 6 pairs)
    passage_max_rows_per_match: int = 10  # above: each page paired with the group's first page (linear output)
    passage_max_matches_per_text: int = 3  # a text rewritten on many pages lists its best matches, not all pairs
    duplicate_share_warn: float = 0.1  # a page with more of its body on other pages is amber ([check] max_duplicate_share: red)


@dataclass(frozen=True)
class TermSettings:
    glossary: str = ""  # "" = the glossary shipped with the package (audit/data/glossary.yml)
    discovery_top: int = 30
    few_concepts_per_category: int = 1
    discovery_min_count: int = 2  # a candidate term must occur this often in the corpus
    discovery_max_words: int = 4
    overlap_main_concepts: int = 5  # a page's main concepts: its most mentioned ones
    overlap_min_shared: int = 2  # a cannibalising pair shares this many main concepts ...
    overlap_min_score: float = 0.5  # ... (or the same primary concept) and concept profiles this similar (cosine)
    overlap_max_partners: int = 5  # per page, only its most similar partners are listed (bounded on large sites)
    jargon_min_plain_words: int = 2  # plain-explanation words needed near a technical term's first use
    jargon_red_terms: int = 3  # a page with any unexplained term is amber, with more than this many red


@dataclass(frozen=True)
class CheckSettings:
    max_grade: float | None = None  # None = readability.target_grade
    max_pages_over_target: int = 0
    max_near_duplicate_pairs: int = 0
    max_duplicate_share: float = 0.5
    required_concepts: tuple[str, ...] = ()
    fail_if_not_evaluated: bool = False  # a check whose data is missing (measure absent) fails instead of warning
    max_skipped_pages: int = 0  # pages that could not be audited (skipped, error) allowed by the gate
    # The page assessments' red lights as gate checks (`audit.present.assess.GATED`; None = advice only, not checked):
    max_pages_long_sentences: int | None = None  # pages above [readability] long_sentence_share_red
    max_pages_passive: int | None = None  # pages above [readability] passive_share_red
    max_pages_long_paragraphs: int | None = None  # pages with a paragraph above [readability] paragraph_red_words
    max_pages_unexplained_jargon: int | None = None  # pages with more than [terms] jargon_red_terms unexplained


@dataclass(frozen=True)
class RunSettings:
    workers: int = 0  # 0 = all cores when the corpus is large enough to pay for processes
    parallel_min_pages: int = 200
    # No longer used: every run takes the one chunked path (#15). Kept so that existing configuration files load.
    stream_min_pages: int = 2000
    # Seconds one page may take (load, segment, analyse); a page over it is skipped with the reason (checked between
    # steps: a page stops within one step of its budget).
    max_page_seconds: float = 300.0
    xlsx: bool = False  # also write audit.xlsx (every table as a sheet) beside the CSV files (`audit run --xlsx`)
    xlsx_max_rows: int = 50_000  # rows per sheet; larger tables are cut there (the CSV holds every row)
    # A Dask distributed scheduler ("tcp://host:8786"): the chunks run on its workers instead of local processes
    # (`audit run --scheduler`). "" = local. Where the work runs, not what it finds: never in summary.json.
    scheduler: str = ""
    # How a large corpus is cut into chunks of pages, the unit of work (`audit.engine.chunks.chunks_of`): a corpus of
    # fewer than 16 × chunk_min_pages pages is cut into about 16 chunks; a larger one into chunks in page order, each
    # closed once it holds chunk_min_pages pages and chunk_bytes bytes of source (the files' sizes; a web archive's
    # page: its HTTP body), or chunk_max_pages pages. Short pages make longer chunks (newsgroup posts, ~1.8 KB: ~860 a
    # chunk), so the per-chunk costs (the store's Parquet parts, the measures' chunk steps) are paid per ~1.5 MB of
    # source, not per 256 pages; long pages keep chunks of chunk_min_pages. A function of the sources alone (never of
    # the workers or the machine); the files are the same whatever the chunking, the store's parts follow the chunks.
    # How the work is cut, not what it finds: never in summary.json.
    chunk_bytes: int = 1_500_000
    chunk_min_pages: int = 256
    chunk_max_pages: int = 1024

    def __post_init__(self) -> None:
        if self.chunk_max_pages < self.chunk_min_pages:
            raise ConfigError(f"[run] chunk_max_pages: must be at least chunk_min_pages ({self.chunk_min_pages}), "
                              f"got {self.chunk_max_pages}")


@dataclass(frozen=True)
class CrawlSettings:
    """`audit run https://…`: the polite crawler (`audit.ingest.crawl`); a WARC's missing links are judged alike."""

    user_agent: str = "audit/0.1 (content audit crawler)"  # sent with every request; robots.txt rules for "audit" apply
    rate: float = 2.0  # requests per second at most, across all connections (robots.txt Crawl-delay can slow it)
    concurrency: int = 2  # requests in flight at most
    max_pages: int = 500  # URLs fetched at most (robots.txt and sitemaps not counted); 0 = no limit
    timeout: float = 30.0  # seconds per request (connect, read)
    max_redirects: int = 10  # a chain of redirects longer than this is not followed further
    include: tuple[str, ...] = ()  # regexes; when given, only URLs matching one are fetched
    exclude: tuple[str, ...] = ()  # regexes; URLs matching one are not fetched

    def __post_init__(self) -> None:
        import re

        for key in ("include", "exclude"):
            for pattern in getattr(self, key):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"[crawl] {key}: invalid regex {pattern!r}: {exc}") from None
        if not self.user_agent.strip():
            raise ConfigError("[crawl] user_agent: must name the tool, got an empty string")


@dataclass(frozen=True)
class HistorySettings:
    enabled: bool = True  # `audit run` / `report` / `check` record every run (`audit history`, `audit compare`)
    path: str = ""  # "" = audit-history.duckdb beside the output folder (check: ./); relative: to the config's folder
    grade_epsilon: float = 0.1  # `audit compare`: a page got easier / harder when its grade moved by more than this


@dataclass(frozen=True)
class Settings:
    load: LoadSettings = field(default_factory=LoadSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    boilerplate: BoilerplateSettings = field(default_factory=BoilerplateSettings)
    readability: ReadabilitySettings = field(default_factory=ReadabilitySettings)
    duplication: DuplicationSettings = field(default_factory=DuplicationSettings)
    terms: TermSettings = field(default_factory=TermSettings)
    check: CheckSettings = field(default_factory=CheckSettings)
    run: RunSettings = field(default_factory=RunSettings)
    history: HistorySettings = field(default_factory=HistorySettings)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)

    def replace(self, **sections: dict[str, Any]) -> "Settings":
        """A copy with some keys changed: `settings.replace(readability={"target_grade": 6})`."""
        return settings_from_mapping(sections, base=self)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _coerce(section: str, key: str, default: Any, value: Any) -> Any:
    if isinstance(default, tuple):
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"[{section}] {key}: expected a list, got {value!r}")
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"[{section}] {key}: expected a list of non-empty strings, got {value!r}")
        return tuple(value)
    if isinstance(default, dict):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"[{section}] {key}: expected a table of name = \"regex\", got {value!r}")
        return dict(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"[{section}] {key}: expected true or false, got {value!r}")
        return value
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"[{section}] {key}: expected a number, got {value!r}")
        if isinstance(default, int) and not (math.isfinite(value) and float(value).is_integer()):
            raise ConfigError(f"[{section}] {key}: expected a whole number, got {value!r}")
        return type(default)(value)
    if isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"[{section}] {key}: expected a string, got {value!r}")
    return value


# Allowed ranges (inclusive) of the numeric keys: (low, high), None = unbounded. Shares and similarities are in [0, 1],
# counts are >= 0 (>= 1 where 0 makes no sense), grades in [0, MAX_GRADE]. Keys not listed are unbounded.
MAX_GRADE = 30.0  # grade formulas top out around here; a limit above it could never be broken
MAX_COUNT = 1_000_000  # every count setting has an upper bound: a typo of 10**8 is refused, never run
UNIT = (0.0, 1.0)
COUNT = (0, MAX_COUNT)
POSITIVE = (1, MAX_COUNT)
GRADE = (0.0, MAX_GRADE)
MAX_WORKERS = 64
MAX_CONFIG_BYTES = 1_000_000  # audit.toml / pyproject.toml larger than this are refused (read no further)
RANGES: dict[str, dict[str, tuple[float | None, float | None]]] = {
    "load": {"max_page_bytes": (1, 1_000_000_000), "min_english_stopword_share": UNIT, "language_check_below_share": UNIT,
             "html_fallback_min_words": COUNT, "announced_list_min_words": COUNT, "headed_list_min_words": COUNT},
    "segment": {"heading_max_words": COUNT, "wrap_min_chars": COUNT, "spacy_batch_size": (1, 100_000)},
    "boilerplate": {"min_pages": POSITIVE, "min_page_share": UNIT, "anchor_min_words": COUNT,
                    "pattern_max_words": COUNT, "sitewide_share": UNIT, "sitewide_min_pages": POSITIVE,
                    "copied_max_share": UNIT, "section_heading_max_words": COUNT,
                    "title_slot_min_share": UNIT},
    "readability": {"target_grade": GRADE, "long_sentence_words": COUNT, "very_long_sentence_words": COUNT,
                    "hard_sentence_grade": GRADE, "very_hard_sentence_grade": GRADE,
                    "long_sentence_share_max": UNIT, "passive_share_max": UNIT, "paragraph_max_words": COUNT,
                    "long_sentence_share_red": UNIT, "passive_share_red": UNIT, "paragraph_red_words": COUNT,
                    "section_max_words": COUNT, "smog_min_sentences": COUNT, "min_words": COUNT,
                    "min_sentence_words": COUNT, "hard_sentence_min_words": COUNT,
                    "difficult_word_min_syllables": COUNT, "why_sentences": COUNT},
    "duplication": {"shingle_size": (1, 100), "near_duplicate_threshold": UNIT, "exact_pairs_max_pages": COUNT,
                    "minhash_permutations": (1, 1024), "minhash_seed": (0, 2**32 - 1),
                    "all_pairs_max_pages": COUNT, "lsh_threshold": UNIT,
                    "passage_min_score": UNIT, "passage_min_shared_lemmas": COUNT, "near_verbatim_min": UNIT,
                    "paraphrase_min_cover": UNIT, "list_min_item_share": UNIT, "passage_max_key_df": POSITIVE,
                    "passage_key_window": POSITIVE, "passage_min_key_hits": COUNT,
                    "passage_max_rows_per_match": POSITIVE, "passage_max_matches_per_text": POSITIVE,
                    "duplicate_share_warn": UNIT},
    "terms": {"discovery_top": COUNT, "few_concepts_per_category": COUNT, "discovery_min_count": COUNT,
              "discovery_max_words": POSITIVE, "overlap_main_concepts": COUNT, "overlap_min_shared": COUNT,
              "overlap_min_score": UNIT, "overlap_max_partners": COUNT, "jargon_min_plain_words": COUNT,
              "jargon_red_terms": COUNT},
    "check": {"max_grade": GRADE, "max_pages_over_target": COUNT, "max_near_duplicate_pairs": COUNT,
              "max_duplicate_share": UNIT, "max_skipped_pages": COUNT, "max_pages_long_sentences": COUNT,
              "max_pages_passive": COUNT, "max_pages_long_paragraphs": COUNT, "max_pages_unexplained_jargon": COUNT},
    "run": {"workers": (0, MAX_WORKERS), "parallel_min_pages": COUNT, "stream_min_pages": (0, 10**9),
            "max_page_seconds": (0.001, 86_400.0), "xlsx_max_rows": POSITIVE, "chunk_bytes": (1, 10**12),
            "chunk_min_pages": POSITIVE, "chunk_max_pages": POSITIVE},
    "history": {"grade_epsilon": GRADE},
    "crawl": {"rate": (0.001, None), "concurrency": POSITIVE, "max_pages": COUNT, "timeout": (0.001, None),
              "max_redirects": COUNT},
}


def _check_ranges(section: str, values: Any) -> None:
    """ConfigError naming the key when a numeric setting is outside its range in `RANGES` (NaN is in no range)."""
    for key, (low, high) in RANGES.get(section, {}).items():
        value = getattr(values, key, None)
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if (low is not None and not value >= low) or (high is not None and not value <= high):
            if low is not None and high is not None and isinstance(high, float):  # shares, grades, seconds
                where = f"between {low:g} and {high:g}"
            else:  # counts: the side that was crossed
                where = f">= {low:g}" if low is not None and not value >= low else f"<= {high:g}"
            raise ConfigError(f"[{section}] {key}: must be {where}, got {value!r}")


def settings_from_mapping(data: dict[str, Any], base: Settings | None = None) -> Settings:
    """Build settings from nested mappings ({"readability": {"target_grade": 6}}), validating every key."""
    base = base or Settings()
    sections = {}
    for f in dataclasses.fields(Settings):
        current = getattr(base, f.name)
        given = data.get(f.name, {})
        if not isinstance(given, dict):
            raise ConfigError(f"[{f.name}] must be a table")
        known = {sf.name: sf for sf in dataclasses.fields(current)}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ConfigError(f"[{f.name}] unknown key(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        changes = {}
        for key, value in given.items():
            default = getattr(current, key)
            if default is None:  # optional number
                if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                    raise ConfigError(f"[{f.name}] {key}: expected a number, got {value!r}")
                if value is not None and known[key].type == "int | None":  # an optional count
                    if isinstance(value, float) and not value.is_integer():
                        raise ConfigError(f"[{f.name}] {key}: expected a whole number, got {value!r}")
                    value = int(value) if math.isfinite(value) else value
                changes[key] = value
            else:
                changes[key] = _coerce(f.name, key, default, value)
        sections[f.name] = dataclasses.replace(current, **changes)
        _check_ranges(f.name, sections[f.name])
    unknown_sections = sorted(set(data) - {f.name for f in dataclasses.fields(Settings)})
    if unknown_sections:
        raise ConfigError(f"unknown section(s): {', '.join(unknown_sections)}")
    return Settings(**sections)


def load_settings(path: str | Path | None) -> Settings:
    """Read settings from `audit.toml` or a `pyproject.toml` with a `[tool.audit]` table; None gives the defaults."""
    if path is None:
        return Settings()
    from audit.safe import InputFileError, printable, read_capped

    path = Path(path)
    try:
        data = read_capped(path, MAX_CONFIG_BYTES, "config file")  # regular files only: a FIFO never hangs the run
        raw = tomllib.loads(data.decode("utf-8"))
    except InputFileError as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{printable(path.name)}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{printable(path.name)}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = raw.get("tool", {})
        raw = tool.get("audit", {}) if isinstance(tool, dict) else None
        if not isinstance(raw, dict):
            raise ConfigError(f"{printable(path.name)}: [tool.audit] must be a table of sections (e.g. "
                              "[tool.audit.check]), got a value")
    return settings_from_mapping(_resolve_paths(raw, path.absolute().parent))


# File-path keys: a relative path in a config file is relative to the folder of that file, not to the current one.
PATH_KEYS = {"terms": ("glossary",), "readability": ("plain_words",), "history": ("path",)}


def _resolve_paths(raw: dict[str, Any], folder: Path) -> dict[str, Any]:
    """`raw` with every non-empty relative path of `PATH_KEYS` joined to `folder` (absolute paths, "" and values of
    the wrong type are left for `settings_from_mapping` to keep or reject)."""
    out = dict(raw)
    for section, keys in PATH_KEYS.items():
        table = out.get(section)
        if not isinstance(table, dict):
            continue
        table = dict(table)
        for key in keys:
            value = table.get(key)
            if isinstance(value, str) and value.strip():
                given = Path(value).expanduser()
                table[key] = str(given if given.is_absolute() else folder / given)
        out[section] = table
    return out
