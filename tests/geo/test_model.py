"""The resolution model artefact: round trip, clear errors, and what a fitted model prefers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conflictwire.config import Settings
from conflictwire.errors import ModelError
from conflictwire.geo import FEATURES, Gazetteer, Geoparser, ResolutionModel, shipped_resolution_model


def test_model_round_trip_keeps_coefficients_and_label(tmp_path: Path) -> None:
    model = ResolutionModel(np.linspace(-2, 3, len(FEATURES)), "test")
    model.save(tmp_path / "m.npz")
    back = ResolutionModel.load(tmp_path / "m.npz")
    assert np.array_equal(back.coef, model.coef)
    assert back.label == "test"
    assert back.as_dict() == model.as_dict()


def test_model_missing_file_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train geo-resolution"):
        ResolutionModel.load(tmp_path / "none.npz")


def test_model_corrupt_file_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip archive at all")
    with pytest.raises(ModelError, match="not a resolution model"):
        ResolutionModel.load(bad)


def test_model_other_features_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    with path.open("wb") as fh:
        np.savez(fh, features=np.array(["population", "country"]), coef=np.ones(2))
    with pytest.raises(ModelError, match="retrain"):
        ResolutionModel.load(path)


def test_model_wrong_length_or_unknown_feature_is_refused() -> None:
    with pytest.raises(ModelError):
        ResolutionModel(np.ones(3))
    with pytest.raises(ModelError, match="unknown"):
        ResolutionModel.from_dict({"sunshine": 1.0})
    with pytest.raises(ModelError, match="finite"):
        ResolutionModel(np.full(len(FEATURES), np.nan))


def test_shipped_model_loads_and_has_provenance() -> None:
    model = ResolutionModel.load()
    assert model.label
    prov = json.loads(shipped_resolution_model().with_name("geo_resolution.provenance.json").read_text())
    assert prov["coefficients"] == pytest.approx(model.as_dict(), abs=1e-6)
    assert "fold" in prov["split"] and prov["sources"]
    assert all(len(digest) == 64 for digest in prov["sources"].values())
    assert not any(path.startswith("eval") for path in prov["sources"])


def test_parser_with_a_broken_model_setting_fails_clearly(tmp_path: Path, small_gazetteer: Gazetteer) -> None:
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"\x00" * 10)
    settings = Settings(cache_dir=tmp_path, gazetteer_path=tmp_path / "g.sqlite", geo_model=bad)
    with pytest.raises(ModelError, match="broken.npz"):
        Geoparser.from_settings(settings)


def test_population_coefficient_decides_between_namesakes(small_gazetteer: Gazetteer) -> None:
    """Karvana (Iraq, 250,000) against Karvana (Aruba, 800): the sign of `population` picks."""
    text = "Fighting was reported in Karvana."
    likes = ResolutionModel.from_dict({"population": 1.0})
    dislikes = ResolutionModel.from_dict({"population": -1.0})
    big = Geoparser(small_gazetteer, model=likes).parse(text)[0]
    small = Geoparser(small_gazetteer, model=dislikes).parse(text)[0]
    assert big.country == "IQ"
    assert small.country == "AW"
