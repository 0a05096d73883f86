"""Fit one event-type model on labelled examples.

Why apart from `extract/classifier.py`: fitting needs the training examples, their
sources and the weighting policy, none of which ingest ever uses. The runtime module
owns the feature recipe (`word_vectorizer`, `char_vectorizer`, `EventTypeClassifier.features`)
so that a fitted model and a loaded one see the same columns; this module only learns
the vocabularies and the coefficients.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from conflictwire.errors import ModelError
from conflictwire.extract.classifier import (
    LABELS,
    EventTypeClassifier,
    TrainParams,
    char_vectorizer,
    clean_text,
    word_vectorizer,
)
from conflictwire.nlp.embeddings import SentenceEncoder

from .datasets import Example

__all__ = ["fit_classifier", "sample_weights"]


def sample_weights(examples: Sequence[Example], p: TrainParams) -> np.ndarray:
    """Per-example weights: source weight times a softened inverse class frequency, mean 1.

    Why: ACLED is 40 % peaceful protests and air strikes; CASE (and the held-out test)
    spreads evenly over 25 types. Softening (count**-0.5) keeps rare classes learnable
    without letting eight 'Sexual violence' notes dominate.
    """
    counts = Counter(e.label for e in examples)
    med = float(np.median(list(counts.values())))
    w = np.empty(len(examples), dtype=np.float64)
    for i, e in enumerate(examples):
        src = p.case_weight if e.source == "case" else p.news_weight if e.source.startswith("news") else 1.0
        w[i] = src * (counts[e.label] / med) ** -p.class_balance
    return w * (len(w) / w.sum())


def fit_classifier(
    examples: Sequence[Example], params: TrainParams | None = None, *, temperature: float = 1.0,
    encoder: SentenceEncoder | None = None,
) -> EventTypeClassifier:
    """Fit on `examples` with per-source and per-class sample weights (see TrainParams).

    `encoder` lets cross-validation share one loaded sentence encoder, and its memo of
    vectors, across folds; without it a new one is loaded.
    """
    from sklearn.linear_model import LogisticRegression

    p = params or TrainParams()
    if not examples:
        raise ModelError("no training examples")
    cleaned = [clean_text(e.text) for e in examples]
    word_vocab: tuple[str, ...] = ()
    char_vocab: tuple[str, ...] = ()
    word_idf = char_idf = np.zeros(0, np.float32)
    wv = cv = None
    if p.use_words:
        wv = word_vectorizer(p).fit(cleaned)
        word_vocab = tuple(wv.get_feature_names_out())
        word_idf = wv.idf_.astype(np.float32)
    if p.use_chars:
        cv = char_vectorizer(p).fit(cleaned)
        char_vocab = tuple(cv.get_feature_names_out())
        char_idf = cv.idf_.astype(np.float32)
    labels = [e.label for e in examples]
    classes = tuple(lab for lab in LABELS if lab in set(labels))
    model = EventTypeClassifier(p, classes, np.zeros((0, 0), np.float32), np.zeros(0, np.float32),
                                word_vocab, word_idf, char_vocab, char_idf, temperature)
    model.use_vectorizers(wv, cv)
    if p.use_embeddings:
        enc = encoder or SentenceEncoder(p.encoder)
        model.use_encoder(enc)
        model.embedding_dim = enc.dimension
    x = model.features([e.text for e in examples])
    y = np.array([classes.index(lab) for lab in labels])
    lr = LogisticRegression(C=p.C, max_iter=p.max_iter, solver="lbfgs")
    lr.fit(x, y, sample_weight=sample_weights(examples, p))
    model.coef = lr.coef_.astype(np.float32)
    model.intercept = lr.intercept_.astype(np.float32)
    return model
