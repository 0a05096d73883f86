"""Exports: each format readable by its consumer (score.py, json, pyarrow)."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conflictwire.errors import ExportError
from conflictwire.export import EXPORTERS, INCIDENT_COLUMNS, export
from conflictwire.models import ACLED_COLUMNS, Article, ArticleResult, Figure, Incident
from conflictwire.store import Store

BODY = "On 3 May 2019 an airstrike hit a farm near Mosul, killing three people, officials said."


@pytest.fixture()
def filled(store: Store) -> Store:
    inc = Incident(event_date=date(2019, 5, 3), time_precision=1, event_type="Explosions/Remote violence",
                   sub_event_type="Air/drone strike", actor1="Military Forces of Iraq", location="Mosul",
                   latitude=36.335, longitude=43.119, geo_precision=1, fatalities=3, claimant="officials",
                   article_ids=["n1"])
    inc.add_evidence("fatalities", "n1", 55, 75, BODY)
    unmapped = Incident(event_date=date(2019, 5, 3), event_type="Protests", sub_event_type="Peaceful protest",
                        article_ids=["n1"])
    fig = Figure(kind="displaced", value=5000, value_low=5000, projection=True, article_ids=["n1"])
    store.save_results([ArticleResult(Article(id="n1", text=BODY), [inc, unmapped], [fig])])
    return store


def test_export_acled_csv_column_order_and_values(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "i.csv"
    assert export(filled, "acled-csv", out) == 2
    rows = sorted(csv.DictReader(out.open(encoding="utf-8")), key=lambda r: r["sub_event_type"])
    header = next(csv.reader(out.open(encoding="utf-8")))
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS) and header == list(INCIDENT_COLUMNS)
    assert rows[0]["event_date"] == "2019-05-03" and rows[0]["article_ids"] == "n1"
    assert rows[0]["fatalities"] == "3" and rows[0]["latitude"] == "36.335"


def test_export_acled_csv_timestamp_is_unix_seconds(filled: Store, tmp_path: Path) -> None:
    import time

    out = tmp_path / "i.csv"
    export(filled, "acled-csv", out)
    stamps = [int(r["timestamp"]) for r in csv.DictReader(out.open(encoding="utf-8"))]
    assert len(stamps) == 2 and all(abs(s - time.time()) < 600 for s in stamps)


@pytest.mark.slow
@pytest.mark.shared
def test_issue17_seeds_export_is_acled_shaped(shared: Path, tmp_path: Path, pipeline) -> None:  # noqa: ANN001
    """Issue #17 acceptance: on the seeds, every located incident has its region, country, province
    name (not a code), source and timestamp filled."""
    from conflictwire.pipeline import ingest

    store = Store(f"sqlite:///{tmp_path / 'seeds.db'}")
    ingest([str(shared / "seeds" / "articles.jsonl")], store, pipeline.settings, pipeline=pipeline)
    out = tmp_path / "i.csv"
    assert export(store, "acled-csv", out) > 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    located = [r for r in rows if r["latitude"]]
    assert located and len(located) == len(rows)
    for r in located:
        assert r["region"] and r["country"] and r["source"] and r["timestamp"].isdigit(), r
        assert r["admin1"] and not re.fullmatch(r"[0-9A-Z.]{1,6}", r["admin1"]), r["admin1"]
    assert {r["region"] for r in located} == {"Middle East"} and {r["admin1"] for r in located} == {"Ninewa"}
    assert "Mosul" in {r["location"] for r in located}
    store.close()


def test_export_acled_csv_is_read_by_the_scorer(filled: Store, tmp_path: Path, shared: Path) -> None:
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    out = tmp_path / "i.csv"
    export(filled, "acled-csv", out)
    rows = [r for r in score.read_pred(str(out)) if r["sub_event_type"] == "Air/drone strike"]
    assert rows[0]["_articles"] == ["n1"] and rows[0]["_fat"] == 3.0 and rows[0]["_date"] == date(2019, 5, 3)


def test_export_jsonl_has_evidence(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "i.jsonl"
    export(filled, "jsonl", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (strike,) = [r for r in records if r["evidence"]]
    assert strike["evidence"][0]["text"] == BODY[55:75] and strike["sub_event_type"] == "Air/drone strike"


def test_export_geojson_only_mapped_incidents(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "i.geojson"
    assert export(filled, "geojson", out) == 1
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["features"][0]["geometry"]["coordinates"] == [43.119, 36.335]


def test_export_parquet_round_trip(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "i.parquet"
    export(filled, "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == 2 and table.column("article_ids").to_pylist()[0] == ["n1"]
    evidence = [json.loads(e) for e in table.column("evidence").to_pylist()]
    assert sorted(len(e) for e in evidence) == [0, 1] and max(evidence, key=len)[0]["field"] == "fatalities"


def test_export_figures_csv(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    export(filled, "figures-csv", out)
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (row["kind"], row["value"], row["projection"], row["article_ids"]) == ("displaced", "5000", "true", "n1")


def test_export_errors_are_clear(filled: Store, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ExportError, match="unknown format 'xml'"):
        export(filled, "xml")
    with pytest.raises(ExportError, match="binary"):
        export(filled, "parquet")
    assert set(EXPORTERS) == {"acled-csv", "jsonl", "geojson", "parquet", "figures-csv", "backup"}
    export(filled, "acled-csv")
    assert capsys.readouterr().out.startswith("event_id_cnty,event_date")


def test_export_csv_cells_never_start_a_formula(store: Store, tmp_path: Path) -> None:
    body = "On 3 May 2019 unknown gunmen killed a man in Kirkuk, police said, according to reports."
    inc = Incident(event_date=date(2019, 5, 3), event_type="Violence against civilians", actor1="=HYPERLINK(\"x\")",
                   actor2="@Civilians", notes="-2 dead", location="Kirkuk", latitude=35.47, longitude=-0.5,
                   fatalities=1, article_ids=["f1"])
    store.save_results([ArticleResult(Article(id="f1", text=body), [inc])])
    out = tmp_path / "x.csv"
    export(store, "acled-csv", out)
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["actor1"] == "'=HYPERLINK(\"x\")" and row["actor2"] == "'@Civilians" and row["notes"] == "'-2 dead"
    assert row["longitude"] == "-0.5"  # numbers are numbers, never quoted
