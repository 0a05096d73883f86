"""`GET /trends` over the real server (SQLite and PostgreSQL): figures, the flag, and links that list the
incidents behind each number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from conflictwire.models import Incident
from conflictwire.store import Store

Add = Callable[..., list[str]]
END = date(2019, 6, 30)


def _inc(admin1: str, day: date, fatalities: int = 0, **kw: object) -> Incident:
    fields: dict[str, object] = {"event_type": "Battles", "sub_event_type": "Armed clash", "country": "Iraq",
                                 "latitude": 36.3, "longitude": 43.1, **kw}
    return Incident(event_date=day, admin1=admin1, location=f"{admin1} {day}", fatalities=fatalities,
                    **fields)  # type: ignore[arg-type]


def _rows() -> list[Incident]:
    """Nineveh: one incident a week for four weeks, then five (two deaths each); Basra: two protests a week."""
    out = [_inc("Nineveh", END - timedelta(days=7 * k + 1), 1) for k in range(1, 5)]
    out += [_inc("Nineveh", END - timedelta(days=i), 2) for i in range(5)]
    out += [_inc("Basra", END - timedelta(days=7 * k + i), 0, event_type="Protests", sub_event_type="Peaceful protest",
                 latitude=30.5, longitude=47.8) for k in range(5) for i in range(2)]
    return out


def test_api_trends_flags_the_surge_and_links_its_incidents(any_store: Store, add_incidents: Add, serve) -> None:  # noqa: ANN001
    add_incidents(any_store, _rows())
    c = serve()
    r = c.get("/trends")
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["end"], got["period"], got["period_days"], got["baseline_periods"]) == ("2019-06-30", "week", 7, 4)
    assert got["current"] == {"date_from": "2019-06-24", "date_to": "2019-06-30"}
    assert got["baseline"] == {"date_from": "2019-05-27", "date_to": "2019-06-23"}
    assert (got["total"], got["flagged"]) == (2, 1)
    nineveh, basra = got["areas"]
    assert (nineveh["admin1"], nineveh["flagged"], nineveh["incidents"], nineveh["fatalities"]) == ("Nineveh", True, 5,
                                                                                                    10)
    assert (nineveh["incidents_mean"], nineveh["incidents_sd"], nineveh["incidents_change"]) == (1.0, 0.0, 4.0)
    assert (basra["admin1"], basra["flagged"], basra["incidents"], basra["incidents_mean"]) == ("Basra", False, 2, 2.0)
    # each number opens the incidents behind it
    listed = c.get(nineveh["incidents_url"] + "&limit=100").json()
    assert listed["total"] == 5 and {i["admin1"] for i in listed["items"]} == {"Nineveh"}
    assert sum(i["fatalities"] for i in listed["items"]) == 10
    assert c.get(nineveh["baseline_url"]).json()["total"] == 4
    assert c.get(basra["incidents_url"]).json()["total"] == 2
    # filters and options
    protests = c.get("/trends", params={"event_type": "Protests"}).json()
    assert [a["admin1"] for a in protests["areas"]] == ["Basra"]
    assert "event_type=Protests" in protests["areas"][0]["incidents_url"]
    assert [a["admin1"] for a in c.get("/trends", params={"flagged_only": "true"}).json()["areas"]] == ["Nineveh"]
    earlier = c.get("/trends", params={"end": "2019-06-20", "baseline": 52, "period": "month"}).json()
    assert earlier["current"] == {"date_from": "2019-05-24", "date_to": "2019-06-20"}
    assert earlier["baseline_periods"] == 52
    by_date_to = c.get("/trends", params={"date_to": "2019-06-20"}).json()
    assert by_date_to["end"] == "2019-06-20"


def test_api_trends_refuses_bad_options_and_answers_an_empty_store(any_store: Store, serve) -> None:  # noqa: ANN001
    c = serve()
    empty = c.get("/trends").json()
    assert (empty["end"], empty["current"], empty["areas"], empty["total"]) == (None, None, [], 0)
    for bad in ({"period": "year"}, {"baseline": 12}, {"end": "June"}, {"top": 0}):
        r = c.get("/trends", params=bad)
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["detail"][0]["loc"][-1] == next(iter(bad))
