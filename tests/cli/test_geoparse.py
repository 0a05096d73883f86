"""`conflictwire geoparse` and `conflictwire gazetteer` on a tiny hand-written gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app

PLACES = Path(__file__).parent.parent / "geo" / "data" / "places.csv"  # also the gaz_file fixture's source


def test_geoparse_jsonl_offsets_index_the_text(tmp_path: Path, gaz_file: Path) -> None:
    text = "Shelling in Karvana killed three.\r\nResidents fled the neighborhood of al Qudsiya in Karvana."
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": "d1", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "places.jsonl"
    res = CliRunner().invoke(
        app, ["geoparse", str(src), "--format", "jsonl", "-o", str(out), "--gazetteer", str(gaz_file)]
    )
    assert res.exit_code == 0, res.output
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert rec["id"] == "d1"
    names = [p["name"] for p in rec["places"]]
    assert names == ["Karvana", "al Qudsiya", "Karvana"]
    for p in rec["places"]:
        assert text[p["start"] : p["end"]] == p["name"]
        assert {"latitude", "longitude", "geonameid", "feature_code", "country"} <= set(p)


def test_geoparse_to_stdout(tmp_path: Path, gaz_file: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Title line\n\nFighting near Dorrington and Elm Falls, Kessland, on Monday.", encoding="utf-8")
    res = CliRunner().invoke(app, ["geoparse", str(src), "--gazetteer", str(gaz_file)])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout.strip().splitlines()[-1])
    assert {p["name"]: p["country"] for p in rec["places"]}["Dorrington"] == "US"


def test_geoparse_rejects_unknown_format(tmp_path: Path, gaz_file: Path) -> None:
    res = CliRunner().invoke(app, ["geoparse", str(PLACES), "--format", "xml", "--gazetteer", str(gaz_file)])
    assert res.exit_code != 0


def test_gazetteer_import_stats_lookup(tmp_path: Path, gaz_file: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text("name,aliases,lat,lon,feature_type,parent\nCamp Testa,Testa Camp,1.5,2.5,PPL,\n")
    runner = CliRunner()
    res = runner.invoke(app, ["gazetteer", "import", str(extra), "--gazetteer", str(gaz_file)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["gazetteer", "lookup", "Testa Camp", "--gazetteer", str(gaz_file)])
    assert res.exit_code == 0 and "Camp Testa" in res.stdout
    res = runner.invoke(app, ["gazetteer", "stats", "--gazetteer", str(gaz_file)])
    assert res.exit_code == 0 and '"places": 8' in res.stdout


@pytest.mark.slow
def test_geoparse_with_ner(tmp_path: Path, gaz_file: Path) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": "Mortars fell on Karvana, police said."}) + "\n")
    res = CliRunner().invoke(app, ["geoparse", str(src), "--ner", "--gazetteer", str(gaz_file)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.strip().splitlines()[-1])["places"][0]["name"] == "Karvana"


def test_geoparse_rejects_an_unknown_home_country(tmp_path: Path, gaz_file: Path) -> None:
    res = CliRunner().invoke(app, ["geoparse", str(PLACES), "--gazetteer", str(gaz_file), "--home-country", "Iraq"])
    assert res.exit_code == 2
    assert "not a known ISO 3166 alpha-2 code" in res.output
