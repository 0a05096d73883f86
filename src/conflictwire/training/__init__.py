"""Training the event-type model: data loaders, fitting, cross-validation, the build command.

Nothing here runs at ingest. `conflictwire.extract.classifier` loads and applies a
fitted artefact and never imports this package; this package is the only code that
names the data sets under ``shared/data`` (see `datasets.py`). The CLI command
`conflictwire train event-types` is a thin wrapper over `train_event_types()`;
`conflictwire train encoder` over `encoder.train_encoder()` (the ONNX sentence encoder,
imported on demand because it needs the maintainers' encoder-build extra).

    from conflictwire.training import load_examples, evaluate_recipe, fit_classifier
    examples = load_examples(Path("../shared"))
    metrics, choice = evaluate_recipe(examples, TrainParams(), k=5)
"""

from __future__ import annotations

from conflictwire.extract.classifier import TrainParams

from .build import provenance_path, train_event_types
from .crossval import (
    cross_validate,
    evaluate_recipe,
    fit_temperature,
    fold_ids,
    nested_bias_estimate,
    prior_correction,
    training_prior,
    tune_class_bias,
)
from .datasets import CASE_CODES, Example, load_examples, source_files
from .fit import fit_classifier, sample_weights
from .scores import score_predictions, weighted_f1

__all__ = [
    "CASE_CODES",
    "Example",
    "TrainParams",
    "cross_validate",
    "evaluate_recipe",
    "fit_classifier",
    "fit_temperature",
    "fold_ids",
    "load_examples",
    "nested_bias_estimate",
    "prior_correction",
    "provenance_path",
    "sample_weights",
    "score_predictions",
    "source_files",
    "train_event_types",
    "training_prior",
    "tune_class_bias",
    "weighted_f1",
]
