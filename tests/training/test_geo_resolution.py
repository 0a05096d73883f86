"""Fitting the resolution model on invented documents, the split, and the train command's refusals."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.errors import ModelError
from conflictwire.geo import Gazetteer, Geoparser, ResolutionModel, import_file
from conflictwire.training.geo_resolution import (
    ASIDE_FOLD,
    GeoDoc,
    GeoParams,
    GoldPoint,
    fit_conditional_logit,
    fit_resolution_model,
    fold_of,
    label_documents,
    load_geo_docs,
)

# invented towns: each name has a large town and a hamlet far away; the texts mean the large one
TOWNS = [("Brellin", 10.0, 20.0), ("Quosta", 11.0, 21.0), ("Vardemo", 12.0, 22.0), ("Tilsane", 13.0, 23.0),
         ("Morvick", 14.0, 24.0), ("Ostrava Nova", 15.0, 25.0)]


@pytest.fixture()
def namesakes(tmp_path: Path) -> Gazetteer:
    rows = ["name,aliases,lat,lon,feature_type,parent,country,population"]
    for name, lat, lon in TOWNS:
        rows.append(f"{name},,{lat},{lon},PPL,,XA,400000")
        rows.append(f"{name},,{-lat},{-lon},PPL,,XB,60")
    # the name the model never saw: a capital and a hamlet
    rows.append("Valdoria,,30.0,30.0,PPLC,,XC,2000000")
    rows.append("Valdoria,,-30.0,-30.0,PPL,,XD,40")
    path = tmp_path / "places.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    gaz = Gazetteer.in_memory()
    import_file(gaz, path)
    return gaz


def _docs() -> list[GeoDoc]:
    docs = []
    for i in range(40):
        name, lat, lon = TOWNS[i % len(TOWNS)]
        text = f"Shelling was reported in {name} on day {i}."
        start = text.index(name)
        docs.append(GeoDoc("invented", str(i), text,
                           (GoldPoint(start, start + len(name), name, lat, lon, None, 161.0),)))
    return docs


def test_fitted_model_prefers_a_populous_capital_over_a_hamlet(namesakes: Gazetteer) -> None:
    gp = Geoparser(namesakes, model=ResolutionModel.blank())
    labelled = label_documents(_docs(), gp)
    model, history, _, _ = fit_resolution_model(labelled, gp, GeoParams(iterations=2, l2_grid=(0.1,)))
    assert history[-1]["fitted_top1"] == 1.0
    assert model.as_dict()["population"] > 0
    place = Geoparser(namesakes, model=model).parse("Troops entered Valdoria at dawn.")[0]
    assert place.country == "XC"


def test_conditional_logit_learns_the_sign_and_respects_weights() -> None:
    # two names of two readings each; feature 0 marks the right one in the first, the wrong one in the second
    x = np.array([[1.0], [0.0], [1.0], [0.0]])
    right = np.array([True, False, False, True])
    starts = np.array([0, 2])
    first = fit_conditional_logit(x, right, starts, l2=0.1, weights=np.array([3.0, 1.0]))
    second = fit_conditional_logit(x, right, starts, l2=0.1, weights=np.array([1.0, 3.0]))
    assert first[0] > 0 > second[0]


def test_folds_are_fixed_by_source_and_id() -> None:
    assert fold_of("lgl", "a") == fold_of("lgl", "a")
    folds = {fold_of("lgl", str(i)) for i in range(200)}
    assert folds == set(range(5)) and ASIDE_FOLD in folds


def test_loader_refuses_a_folder_without_the_data(tmp_path: Path) -> None:
    (tmp_path / "data" / "geo").mkdir(parents=True)
    with pytest.raises(ModelError, match="lgl.jsonl"):
        load_geo_docs(tmp_path)


def test_train_command_refuses_a_shared_dir_without_the_data(tmp_path: Path) -> None:
    out = tmp_path / "m.npz"
    result = CliRunner().invoke(app, ["train", "geo-resolution", "--shared", str(tmp_path / "nowhere"),
                                      "--out", str(out)])
    assert result.exit_code == 1
    assert "nowhere" in result.output
    assert not out.exists()


def test_a_fold_without_names_gives_empty_figures(namesakes: Gazetteer) -> None:
    from conflictwire.training.geo_resolution import _figures, _groups, _subset

    gp = Geoparser(namesakes, model=ResolutionModel.blank())
    g = _groups(label_documents(_docs(), gp), gp.model, gp.rules, gp.places.words)
    empty = _subset(g, np.zeros(len(g.starts), dtype=bool))
    assert len(empty.starts) == 0
    assert math.isnan(_figures(empty, np.zeros(g.x.shape[1]))["all_top1"])  # no names: no figure, no crash
