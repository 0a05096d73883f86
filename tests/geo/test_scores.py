"""Regression guard on the development geoparsing sets, scored by ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conflictwire.geo import Geoparser, place_record

pytestmark = [pytest.mark.slow, pytest.mark.shared]

# floors a little under the measured figures (docs/geo.md), so that a regression fails
FLOORS = {
    "lgl": {"recognized": 0.85, "acc161_resolved": 0.83, "precision": 0.65},
    "geovirus": {"recognized": 0.83, "acc161_resolved": 0.82, "precision": 0.72},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_scores(shared_dir: Path, geoparser: Geoparser, tmp_path: Path, name: str) -> None:
    gold = shared_dir / "data" / "geo" / f"{name}.jsonl"
    pred = tmp_path / "pred.jsonl"
    with gold.open(encoding="utf-8") as fh, pred.open("w", encoding="utf-8") as out:
        for line in fh:
            doc = json.loads(line)
            places = [p for p in geoparser.parse(doc["text"]) if p.latitude is not None]
            out.write(json.dumps({"id": doc["id"], "places": [place_record(p) for p in places]}) + "\n")
    res = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score.py"),
            "geo",
            "--gold",
            str(gold),
            "--pred",
            str(pred),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(res.stdout)
    for key, floor in FLOORS[name].items():
        assert scores[key] >= floor, (key, scores)
