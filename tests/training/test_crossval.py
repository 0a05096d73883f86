"""Cross-validation never scores a text it trained on; the corrections chosen on it do what they say."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from conflictwire.extract.classifier import NONE, EventTypeClassifier, TrainParams
from conflictwire.training import (
    Example,
    cross_validate,
    evaluate_recipe,
    fit_temperature,
    fold_ids,
    load_examples,
    prior_correction,
    training_prior,
    tune_class_bias,
)
from conflictwire.training import crossval as crossval_module
from conflictwire.training import fit as fit_module

PLAIN = TrainParams(min_df=1, word_max_features=2000, char_max_features=2000, max_iter=200, use_embeddings=False)


def test_crossval_folds_split_only_the_scored_sources(fake_shared: Path) -> None:
    examples = load_examples(fake_shared)
    fold = fold_ids(examples, 3, seed=0)
    for e, f in zip(examples, fold, strict=True):
        assert (f >= 0) == (e.source in ("acled-iraq", "case"))
    for src in ("acled-iraq", "case"):
        sizes = np.bincount(fold[[i for i, e in enumerate(examples) if e.source == src]], minlength=3)
        assert sizes.max() - sizes.min() <= 1
    assert np.array_equal(fold, fold_ids(examples, 3, seed=0))  # the seed fixes the split


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[list[Example]]:
    seen: list[list[Example]] = []

    def fit(train: Sequence[Example], params: TrainParams, **kw: object) -> EventTypeClassifier:
        seen.append(list(train))
        return fit_module.fit_classifier(train, params, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(crossval_module, "fit_classifier", fit)
    return seen


def test_crossval_never_trains_on_the_fold_it_scores(fake_shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = load_examples(fake_shared)
    seen = _spy(monkeypatch)
    res, oof, classes = cross_validate(examples, PLAIN, k=2, seed=1)
    fold = fold_ids(examples, 2, seed=1)
    assert len(seen) == 2
    for f, train in enumerate(seen):
        ids = {id(e) for e in train}
        held = [e for e, fi in zip(examples, fold, strict=True) if fi == f]
        always = [e for e, fi in zip(examples, fold, strict=True) if fi < 0]
        assert not any(id(e) in ids for e in held)
        assert all(id(e) in ids for e in always)
    assert res["iraq_n"] == 10 and res["case_n"] == 8
    scored = fold >= 0
    assert np.allclose(oof[scored].sum(axis=1), 1.0, atol=1e-4) and not oof[~scored].any()
    assert list(classes) == sorted(classes, key=list(classes).index)


def test_crossval_train_sources_narrow_training_not_scoring(fake_shared: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    examples = load_examples(fake_shared)
    seen = _spy(monkeypatch)
    res, _, _ = cross_validate(examples, PLAIN, k=2, train_sources=lambda s: s.startswith("acled"))
    assert all(e.source.startswith("acled") for train in seen for e in train)
    assert res["case_n"] == 8  # a baseline trained on notes only is still scored on CASE


def test_crossval_prior_correction_formula() -> None:
    classes = ("Peaceful protest", "Armed clash", NONE)
    prior = np.array([0.5, 0.25, 0.25])
    assert not prior_correction(classes, prior, 0.0, 1.0).any()
    bias = prior_correction(classes, prior, 1.0, 2.0)
    assert bias[:2] == pytest.approx(-np.log(prior[:2]))
    assert bias[2] == pytest.approx(-math.log(0.25) + math.log(2.0))


def test_crossval_training_prior_is_smoothed() -> None:
    examples = [Example("a", "Peaceful protest", "case")] * 3
    prior = training_prior(examples, ("Peaceful protest", "Armed clash"))
    assert prior == pytest.approx([4 / 5, 1 / 5])  # an unseen class keeps a count of one


def test_crossval_tune_class_bias_corrects_a_label_shift() -> None:
    """Out-of-fold predictions lean to the frequent class; the correction picks a power that undoes it."""
    classes = ("Peaceful protest", "Armed clash")
    examples = [Example(f"r{i}", "Armed clash", "case") for i in range(4)] + \
               [Example(f"f{i}", "Peaceful protest", "case") for i in range(4)]
    oof = np.array([[0.55, 0.45]] * 4 + [[0.9, 0.1]] * 4)
    prior = np.array([0.8, 0.2])
    bias, choice = tune_class_bias(examples, oof, classes, prior)
    assert choice["prior_power"] > 0
    corrected = np.log(oof) + bias
    assert [classes[i] for i in corrected.argmax(axis=1)] == [e.label for e in examples]


def test_crossval_temperature_softens_overconfidence() -> None:
    classes = ("Peaceful protest", "Armed clash")
    examples = [Example(str(i), classes[0], "case") for i in range(10)]
    sure = np.array([[0.99, 0.01]] * 6 + [[0.01, 0.99]] * 4)  # 99 % sure, 60 % right
    assert fit_temperature(examples, sure, classes) > 1.0
    timid = np.array([[0.6, 0.4]] * 10)  # always right, never sure
    assert fit_temperature(examples, timid, classes) < 1.0


def test_crossval_evaluate_recipe_reports_every_figure(fake_shared: Path) -> None:
    examples = load_examples(fake_shared)
    metrics, choice = evaluate_recipe(examples, PLAIN, k=2)
    assert {"cv", "cv_prior_corrected_nested", "cv_prior_corrected", "class_bias", "temperature",
            "calibration", "oof", "classes"} <= set(metrics)
    assert metrics["cv"]["folds"] == 2 and metrics["class_bias"] == choice
    assert set(choice) == {"prior_power", "none_factor"}
    assert metrics["oof"].shape == (len(examples), len(metrics["classes"]))
    assert 0.0 <= metrics["calibration"]["ece"] <= 1.0
