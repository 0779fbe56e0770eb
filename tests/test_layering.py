"""The measures sit below the presentation: readability, duplication and terms import nothing of `audit.present`
(the style limits the measure flags and the checks' lights both read are `audit.readability.limits`); nor does the
load stage, `audit.ingest` (the crawler shows progress through the object the command line passes in)."""
from __future__ import annotations

import audit
from audit.config import Settings
from audit.present.assess import by_name
from audit.readability.limits import style_limits

from .conftest import CORPUS
from .test_imports import import_graph

MEASURES = ("audit.readability", "audit.duplication", "audit.terms")
LOWER = (*MEASURES, "audit.ingest")


def test_measures_and_the_load_stage_never_import_the_presentation():
    upward = {m: [t for t in edges if t.startswith("audit.present")] for m, edges in import_graph().items()
              if m.startswith(LOWER)}
    assert "audit.ingest.crawl" in upward  # (the load stage is walked too)
    assert {m: t for m, t in upward.items() if t} == {}


def test_flags_and_lights_share_the_style_limits():
    """A page's `readability_flags` names exactly the style checks whose light is amber or red, whatever the
    bounds (defaults, and tighter ones that flag every seed page)."""
    tight = {"long_sentence_share_max": 0.0, "passive_share_max": 0.0, "paragraph_max_words": 10}
    for settings in (Settings(), Settings().replace(readability=tight)):
        pages = audit.run(CORPUS, settings, progress=False).pages
        words = {"long_sentences": "long sentences", "passive": "passive", "paragraphs": "paragraph of"}
        for limit in style_limits(settings):
            check = by_name(settings, limit.name)
            assert (check.amber, check.red, check.column) == (limit.amber, limit.red, limit.column)
            lit = check.colours(pages[limit.column]).isin(["amber", "red"]).tolist()
            flagged = [words[limit.name] in f for f in pages["readability_flags"]]
            assert lit == flagged, limit.name
        if settings.readability.paragraph_max_words == 10:
            assert all("paragraph of" in f for f in pages["readability_flags"])
