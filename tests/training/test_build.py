"""`train_event_types`: the artefact and its provenance, from a shared/ folder."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from conflictwire.errors import ModelError
from conflictwire.extract.classifier import EventTypeClassifier, TrainParams
from conflictwire.training import provenance_path, train_event_types

TOY_PARAMS = TrainParams(min_df=1, word_max_features=2000, char_max_features=2000, max_iter=200)


def test_build_provenance_sits_beside_the_artefact(tmp_path: Path) -> None:
    assert provenance_path(tmp_path / "event_types.npz") == tmp_path / "event_types.provenance.json"


def test_build_writes_artefact_and_provenance(fake_shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "model" / "event_types.npz"
    metrics = train_event_types(fake_shared, out, params=TOY_PARAMS, folds=2)
    assert out.is_file() and Path(metrics["provenance"]) == provenance_path(out)
    prov = json.loads(provenance_path(out).read_text())
    assert prov["examples"] == {"acled-iraq": 10, "acled-testland-2020": 2, "case": 8, "news-lgl": 2}
    for rel, digest in prov["data_files"].items():  # every file read, with the hash of what was read
        assert hashlib.sha256((fake_shared / rel).read_bytes()).hexdigest() == digest
    assert set(prov["data_files"]) == {"data/acled-iraq-2019.csv", "data/case2021-task2-dev.tsv",
                                       "data/train/acled-testland-2020.csv", "data/geo/lgl.jsonl"}
    assert {"cv", "in_sample"} <= set(prov["metrics"]) and "iraq_sub_event_type" in metrics["cv"]
    assert prov["artefact_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    model = EventTypeClassifier.load(out)
    assert model.meta["command"].startswith("conflictwire train event-types")
    assert 0.3 <= model.temperature <= 3.0
    assert model.embedding_dim == 384 and prov["sentence_encoder"]["dimension"] == 384


def test_build_without_folds_skips_the_corrections(fake_shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "quick.npz"
    params = TrainParams(min_df=1, word_max_features=500, char_max_features=500, use_embeddings=False)
    metrics = train_event_types(fake_shared, out, params=params, folds=0, none_news=False)
    assert "cv" not in metrics and "in_sample" in metrics
    model = EventTypeClassifier.load(out)
    assert model.temperature == 1.0 and model.class_bias is not None and not np.any(model.class_bias)
    prov = json.loads(provenance_path(out).read_text())
    assert "news-lgl" not in prov["examples"] and prov["sentence_encoder"] is None


def test_build_requires_notes(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="--shared"):
        train_event_types(tmp_path, tmp_path / "m.npz", folds=0)
