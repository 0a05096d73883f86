"""Build the event-type artefact from the shared data: cross-validate, fit, write, record.

Why one function: the shipped model must be rebuildable by one command (`conflictwire
train event-types`, `make model`) that says what it read and what it scored, so the
provenance file is written by the same call that writes the artefact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from conflictwire.extract.classifier import TrainParams
from conflictwire.nlp.embeddings import SentenceEncoder

from .crossval import evaluate_recipe, prior_correction, training_prior
from .datasets import load_examples, source_files
from .fit import fit_classifier
from .scores import score_predictions

__all__ = ["provenance_path", "train_event_types"]


def provenance_path(artefact: Path) -> Path:
    """Where the provenance of `artefact` is written: ``<stem>.provenance.json`` beside it."""
    artefact = Path(artefact)
    return artefact.with_name(artefact.name.removesuffix(".npz") + ".provenance.json")


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in 1 MB chunks (provenance records it for every input and artefact)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)


def train_event_types(
    shared_dir: Path,
    out_path: Path,
    *,
    params: TrainParams | None = None,
    folds: int = 5,
    seed: int = 0,
    none_news: bool = True,
    command: str = "conflictwire train event-types",
) -> dict[str, Any]:
    """Cross-validate, fit on all of ``shared_dir/data``, write the artefact and its provenance.

    Returns the metrics dict that is also written to ``<artefact stem>.provenance.json``:
    k-fold (held-out) figures, in-sample figures of the final model, data counts and hashes.
    `folds=0` skips cross-validation (and calibration) for a quick build.  `out_path` has no
    default: the shipped model is replaced only when a maintainer names its path (`make model`);
    the CLI's default is the user's data folder (`Settings.trained_event_model_file`).
    """
    p = params or TrainParams()
    shared_dir = Path(shared_dir)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    examples = load_examples(shared_dir, none_news=none_news)
    t0 = time.perf_counter()
    metrics: dict[str, Any] = {}
    choice: dict[str, float] | None = None
    encoder = SentenceEncoder(p.encoder) if p.use_embeddings else None
    if folds >= 2:
        metrics, choice = evaluate_recipe(examples, p, k=folds, seed=seed, encoder=encoder)
        del metrics["oof"], metrics["classes"]
    model = fit_classifier(examples, p, temperature=metrics.get("temperature", 1.0), encoder=encoder)
    if choice is not None:
        model.class_bias = prior_correction(model.classes, training_prior(examples, model.classes),
                                            choice["prior_power"], choice["none_factor"])
    ins = score_predictions(examples, model.probabilities([e.text for e in examples]), model.classes)
    metrics["in_sample"] = ins
    provenance = {
        "artefact": out_path.name,
        "trained_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "command": command,
        "params": asdict(p),
        "examples": dict(sorted(Counter(e.source for e in examples).items())),
        "labels": dict(sorted(Counter(e.label for e in examples).items())),
        "data_files": {str(f.relative_to(shared_dir)): file_sha256(f)
                       for f in source_files(shared_dir, none_news=none_news)},
        "metrics": metrics,
        "train_seconds": round(time.perf_counter() - t0, 1),
        "python": platform.python_version(),
        "sklearn": _sklearn_version(),
        "sentence_encoder": {"package": p.encoder, "version": encoder.version, "dimension": model.embedding_dim}
        if encoder is not None else None,
        "note": "cv = k-fold over the ACLED Iraq notes and the CASE dev snippets (other sources always "
                "in training); in_sample = the final model on its own training data.",
    }
    model.meta = {k: provenance[k] for k in ("trained_at", "command", "examples")}
    model.meta["cv"] = metrics.get("cv", {})
    model.meta["cv_prior_corrected_nested"] = metrics.get("cv_prior_corrected_nested", {})
    model.save(out_path)
    provenance["artefact_bytes"] = out_path.stat().st_size
    provenance["artefact_sha256"] = file_sha256(out_path)
    prov_path = provenance_path(out_path)
    prov_path.write_text(json.dumps(provenance, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return {**metrics, "artefact": str(out_path), "provenance": str(prov_path),
            "artefact_bytes": provenance["artefact_bytes"]}
