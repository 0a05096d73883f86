"""`conflictwire train relevance`: a wrong --shared is named; a toy folder yields a loadable model."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.nlp.relevance import RelevanceModel

NOTES = ["An airstrike hit a farm near the river.", "Gunmen killed two shepherds in the hills.",
         "Protesters rallied outside the ministry demanding jobs.", "Police arrested five men after a clash."]
CALM = [{"id": f"c{i}", "text": t} for i, t in enumerate([
    "The town council met to discuss the new library and the bus timetable for the summer.",
    "A bakery on Main Street won a prize for its bread at the county fair this weekend.",
    "The school board approved a budget for new computers and a repaired gym roof."])]


def test_a_missing_shared_folder_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "relevance", "--shared", str(tmp_path / "nowhere"),
                                      "--out", str(tmp_path / "r.npz")])
    assert result.exit_code == 1
    assert "nowhere" in result.output and not (tmp_path / "r.npz").exists()


def test_training_on_a_toy_folder_writes_model_and_provenance(tmp_path: Path) -> None:
    data = tmp_path / "shared" / "data"
    (data / "geo").mkdir(parents=True)
    with (data / "acled-iraq-2019.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["event_id_cnty", "sub_event_type", "notes"])
        w.writeheader()
        for i, note in enumerate(NOTES * 2):
            w.writerow({"event_id_cnty": f"T{i}", "sub_event_type": "Attack", "notes": note})
    (data / "geo" / "lgl.jsonl").write_text("".join(json.dumps(d) + "\n" for d in CALM * 2), encoding="utf-8")
    out = tmp_path / "r.npz"
    result = CliRunner().invoke(app, ["train", "relevance", "--shared", str(tmp_path / "shared"), "--out", str(out),
                                      "--folds", "2", "--no-teacher"])
    assert result.exit_code == 0, result.output
    assert RelevanceModel.load(out).threshold > 0
    assert json.loads((tmp_path / "r.provenance.json").read_text())["labels"] == "gold labels"
