"""Reads over the real server: filters, pages, cursors, one incident, GeoJSON, stats, exports, bad values."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from conflictwire.store import Store
from conflictwire.store import schema as t


def _locations(client, **params: object) -> list[str]:  # noqa: ANN001
    r = client.get("/incidents", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["items"])
    return sorted(i["location"] for i in body["items"])


def test_api_filters_narrow_the_list(filled: Store, serve) -> None:  # noqa: ANN001
    c = serve()
    assert len(_locations(c)) == 30
    assert _locations(c, country="syria") == [f"Raqqa-{i}" for i in range(4)]
    assert _locations(c, event_type="Peaceful protest") == [f"Basra-{i}" for i in range(4)]
    assert _locations(c, sub_event_type="peaceful protest", date_from="2019-06-02", date_to="2019-06-03") == [
        "Basra-1", "Basra-2"]
    assert _locations(c, admin1="basra") == [f"Basra-{i}" for i in range(4)]
    assert _locations(c, actor="islamic state (syria)") == [f"Raqqa-{i}" for i in range(4)]
    assert _locations(c, min_fatalities=12) == ["Raqqa-2", "Raqqa-3"]
    assert _locations(c, bbox="47,30,48,31") == [f"Basra-{i}" for i in range(4)]
    assert _locations(c, q="mosul-1") == sorted(["Mosul-1"] + [f"Mosul-{i}" for i in range(10, 20)])
    assert _locations(c, q="%") == [] and _locations(c, q="_") == []


def test_api_cursor_pages_cover_every_row_once_while_rows_are_added(filled: Store, serve, add_incidents,  # noqa: ANN001
                                                                      make_incident) -> None:  # noqa: ANN001
    c = serve()
    before = {i.id for i in filled.incidents()}
    r = c.get("/incidents", params={"limit": 7, "sort": "fatalities", "order": "desc"})
    assert r.status_code == 200
    first = r.json()
    assert first["total"] == 30 and len(first["items"]) == 7 and first["next_cursor"]
    add_incidents(filled, [make_incident("Late", None, 100), make_incident("Early", None, 0)])
    seen = [i["id"] for i in first["items"]]
    deaths = [i["fatalities"] for i in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = c.get("/incidents", params={"limit": 7, "sort": "fatalities", "order": "desc", "cursor": cursor})
        assert page.status_code == 200, page.text
        seen += [i["id"] for i in page.json()["items"]]
        deaths += [i["fatalities"] for i in page.json()["items"]]
        cursor = page.json()["next_cursor"]
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
    assert deaths == sorted(deaths, reverse=True)


def test_api_offset_pages_and_sort(filled: Store, serve) -> None:  # noqa: ANN001
    c = serve()
    ids: list[str] = []
    for offset in range(0, 30, 8):
        body = c.get("/incidents", params={"limit": 8, "offset": offset}).json()
        ids += [i["id"] for i in body["items"]]
    assert len(ids) == len(set(ids)) == 30
    dates = [i["event_date"] for i in c.get("/incidents", params={"limit": 30, "order": "desc"}).json()["items"]]
    assert dates[-2:] == [None, None] and dates[:-2] == sorted(dates[:-2], reverse=True)


def test_api_one_incident_with_evidence_reports_and_history(filled: Store, serve) -> None:  # noqa: ANN001
    c = serve()
    wanted = filled.incidents()[0]
    r = c.get(f"/incidents/{wanted.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == wanted.id and body["location"] == wanted.location
    assert body["evidence"] and body["evidence"][0]["field"] == "location"
    assert [m["article_id"] for m in body["mentions"]] == wanted.article_ids
    assert body["history"][0]["cause"] == "extracted"
    assert "requested_id" not in body


def test_api_article_text_holds_every_evidence_span(filled: Store, serve) -> None:  # noqa: ANN001
    """The dashboard highlights evidence in the article: each span's offsets must point into the text served."""
    c = serve()
    one = c.get(f"/incidents/{filled.incidents()[0].id}").json()
    for ev in one["evidence"]:
        r = c.get(f"/articles/{ev['article_id']}")
        assert r.status_code == 200, r.text
        assert r.json()["text"][ev["start"]:ev["end"]] == ev["text"]
    assert c.get("/articles/art-nothing-here").status_code == 404
    assert c.get("/articles/%00").status_code == 422
    private = serve(api_read_token=True)
    assert private.get(f"/articles/{one['evidence'][0]['article_id']}").status_code == 401


def test_api_retired_id_is_followed_and_unknown_is_404(filled: Store, serve) -> None:  # noqa: ANN001
    survivor = filled.incidents()[0].id
    with filled.engine.begin() as conn:  # what a merge leaves behind (store/linking.py writes the same row)
        conn.execute(insert(t.incident_aliases).values(old_id="inc-retired", new_id=survivor, at=datetime.now(UTC)))
    c = serve()
    body = c.get("/incidents/inc-retired").json()
    assert body["id"] == survivor and body["merged_into"] == survivor and body["requested_id"] == "inc-retired"
    r = c.get("/incidents/inc-nothing-here")
    assert r.status_code == 404 and "inc-nothing-here" in r.json()["detail"]


def test_api_geojson_is_a_feature_collection_of_points(filled: Store, serve) -> None:  # noqa: ANN001
    c = serve()
    r = c.get("/incidents.geojson", params={"country": "Iraq"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 25  # 26 in Iraq, one without coordinates
    for f in fc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["country"] == "Iraq"
    basra = c.get("/incidents.geojson", params={"bbox": "47,30,48,31"}).json()["features"]
    assert {tuple(f["geometry"]["coordinates"]) for f in basra} == {(47.8, 30.5)}
    assert len(c.get("/incidents.geojson", params={"limit": 3}).json()["features"]) == 3


def test_api_stats_group_the_same_incidents(filled: Store, serve) -> None:  # noqa: ANN001
    c = serve()
    by_type = c.get("/stats", params={"by": "type"}).json()
    assert by_type["incidents"] == 30
    assert {b["key"]: b["incidents"] for b in by_type["buckets"]} == {"Battles": 26, "Protests": 4}
    weeks = c.get("/stats", params={"by": "week", "country": "Syria"}).json()
    assert weeks["incidents"] == 4 and weeks["fatalities"] == 10 + 11 + 12 + 13
    assert sum(b["incidents"] for b in weeks["buckets"]) == 4
    assert all(datetime.fromisoformat(b["key"]).weekday() == 0 for b in weeks["buckets"])  # Mondays
    admin = c.get("/stats", params={"by": "admin1"}).json()["buckets"]
    assert {"key": "Raqqa", "incidents": 4, "fatalities": 46, "country": "Syria"} in admin


def test_api_exports_follow_the_filters_and_never_start_a_formula(filled: Store, serve, add_incidents,  # noqa: ANN001
                                                                   make_incident) -> None:  # noqa: ANN001
    add_incidents(filled, [make_incident("=HYPERLINK(\"http://x\")", None, 3, country="Atlantis",
                                         actor1="@evil", actor2="+cmd")])
    c = serve()
    r = c.get("/export.csv", params={"country": "Atlantis"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 1
    assert rows[0]["location"].startswith("'=") and rows[0]["actor1"] == "'@evil" and rows[0]["actor2"] == "'+cmd"
    assert len(list(csv.DictReader(io.StringIO(c.get("/export.csv").text)))) == 31
    lines = c.get("/export.jsonl", params={"country": "syria"}).text.splitlines()
    records = [json.loads(x) for x in lines]
    assert sorted(x["location"] for x in records) == [f"Raqqa-{i}" for i in range(4)]
    assert all(x["mentions"] and x["evidence"] for x in records)


@pytest.mark.parametrize(("path", "code"), [
    ("/incidents?limit=0", 422), ("/incidents?limit=501", 422), ("/incidents?limit=abc", 422),
    ("/incidents?offset=-1", 422), ("/incidents?date_from=2019-13-01", 422),
    ("/incidents?date_from=2019-05-02&date_to=2019-05-01", 422), ("/incidents?bbox=1,2,3", 422),
    ("/incidents?bbox=a,b,c,d", 422), ("/incidents?bbox=10,0,5,1", 422), ("/incidents?bbox=0,0,200,1", 422),
    ("/incidents?bbox=nan,0,1,1", 422), ("/incidents?min_fatalities=-1", 422),
    ("/incidents?min_fatalities=99999999999999999999999", 422), ("/incidents?sort=notes", 422),
    ("/incidents?order=up", 422), ("/incidents?cursor=xyz", 400), ("/incidents?cursor=abc&offset=2", 422),
    ("/incidents?country=%00", 422), ("/incidents?q=" + "x" * 201, 422), ("/stats?by=month", 422),
    ("/incidents/%00", 422), ("/figures?limit=0", 422), ("/incidents.geojson?limit=10001", 422),
])
def test_api_bad_values_are_clear_client_errors(store: Store, settings, path: str, code: int) -> None:  # noqa: ANN001
    from dataclasses import replace

    from conflictwire.api import create_app
    from conflictwire.api.server import background

    with background(create_app(replace(settings, db_url=store.url), store)) as base:
        r = __import__("httpx").get(base + path)
    assert r.status_code == code, r.text
    assert r.json()["detail"]


def test_api_cursor_of_another_sort_is_a_400(filled: Store, serve: Callable) -> None:
    c = serve()
    cursor = c.get("/incidents", params={"limit": 2}).json()["next_cursor"]
    r = c.get("/incidents", params={"limit": 2, "sort": "fatalities", "cursor": cursor})
    assert r.status_code == 400 and "another sort" in r.json()["detail"]
