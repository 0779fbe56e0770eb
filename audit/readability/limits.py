"""Readability's page limits, in one place for the measure and the checks: the grade target (`within_target`) and
the style limits (Yoast's green / red bounds for long sentences, passive voice and paragraph length,
`style_limits`). The measure writes `meets_target` and `readability_flags` (the amber bounds a page goes over) from
them; the page assessments (`audit.present.assess`) build their lights and advice on the same bounds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.config import Settings

EPS = 1e-12  # a value this close to a bound is within it


def within_target(grade: float, target: float) -> bool:
    """A page meets the readability target: grade at or below it (pages.csv `meets_target`, a green light)."""
    return grade <= target + EPS


@dataclass(frozen=True)
class StyleLimit:
    """One style limit: its check's name, the page column it reads, the bound above which a page is amber (and
    flagged in `readability_flags`) and the one above which it is red (never below `amber`)."""
    name: str
    column: str
    amber: Any
    red: Any

    def over(self, value: float) -> bool:
        """The page goes over the amber bound (False for a missing value)."""
        return value == value and value > self.amber + EPS


def style_limits(settings: "Settings") -> list[StyleLimit]:
    """The sentence- and paragraph-level limits (`[readability]` `*_max`, `*_red`), in the order they are shown."""
    rs = settings.readability
    return [StyleLimit("long_sentences", "long_sentence_share", rs.long_sentence_share_max,
                       max(rs.long_sentence_share_red, rs.long_sentence_share_max)),
            StyleLimit("passive", "passive_share", rs.passive_share_max,
                       max(rs.passive_share_red, rs.passive_share_max)),
            StyleLimit("paragraphs", "longest_paragraph_words", rs.paragraph_max_words,
                       max(rs.paragraph_red_words, rs.paragraph_max_words))]
