"""Fitting: the weighting policy, and a fitted model that the runtime can apply and reload."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from conflictwire.errors import ModelError
from conflictwire.extract.classifier import LABELS, EventTypeClassifier, TrainParams
from conflictwire.training import Example, fit_classifier, load_examples, sample_weights

PLAIN = TrainParams(min_df=1, word_max_features=2000, char_max_features=2000, max_iter=200, use_embeddings=False)


def test_fit_sample_weights_follow_source_and_class() -> None:
    p = TrainParams()
    examples = ([Example(f"p{i}", "Peaceful protest", "acled-iraq") for i in range(9)]
                + [Example("c", "Peaceful protest", "case"), Example("n", "Armed clash", "news-lgl"),
                   Example("a", "Armed clash", "acled-iraq")])
    w = sample_weights(examples, p)
    assert w.mean() == pytest.approx(1.0)
    assert w[9] / w[0] == pytest.approx(p.case_weight)  # same class, CASE register
    assert w[10] / w[11] == pytest.approx(p.news_weight)  # same class, off-topic news
    # the rarer class weighs more, softened: (10 / 2) ** class_balance
    assert w[11] / w[0] == pytest.approx((10 / 2) ** p.class_balance)
    flat = sample_weights(examples, dataclasses.replace(p, class_balance=0.0))
    assert flat[11] == pytest.approx(flat[0])


def test_fit_refuses_no_examples() -> None:
    with pytest.raises(ModelError, match="no training examples"):
        fit_classifier([], PLAIN)


def test_fit_classes_are_the_labels_seen_in_label_order(fake_shared: Path) -> None:
    examples = load_examples(fake_shared)
    model = fit_classifier(examples, PLAIN)
    assert set(model.classes) == {e.label for e in examples}
    assert list(model.classes) == [lab for lab in LABELS if lab in model.classes]
    g = len(model.cue_groups)
    assert model.coef.shape == (len(model.classes), len(model.word_vocab) + len(model.char_vocab) + g)
    assert model.embedding_dim == 0


def test_fit_model_learns_and_survives_a_reload(fake_shared: Path, tmp_path: Path) -> None:
    examples = load_examples(fake_shared)
    model = fit_classifier(examples, PLAIN)
    texts = [e.text for e in examples]
    top = [r[0][0] for r in model.predict_many(texts)]
    assert sum(t == e.label for t, e in zip(top, examples, strict=True)) / len(examples) >= 0.9
    again = EventTypeClassifier.load(model.save(tmp_path / "m.npz"))
    # the artefact stores idf and coefficients in float16: same ranking, probabilities close
    assert [r[0][0] for r in again.predict_many(texts)] == top
    assert np.allclose(again.probabilities(texts), model.probabilities(texts), atol=5e-3)
