"""Trends over hand-built incidents: a region that surges is flagged, a flat one is not, figures exact."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from conflictwire.models import Incident
from conflictwire.store import IncidentFilter, Store, TrendRule

Add = Callable[..., list[str]]
END = date(2019, 6, 30)


def _inc(admin1: str, day: date, fatalities: int = 0, **kw: object) -> Incident:
    fields: dict[str, object] = {"event_type": "Battles", "sub_event_type": "Armed clash", "country": "Iraq",
                                 "latitude": 36.3, "longitude": 43.1, **kw}
    return Incident(event_date=day, admin1=admin1, location=f"{admin1} {day}", fatalities=fatalities,
                    **fields)  # type: ignore[arg-type]


def _week(k: int, i: int = 0) -> date:
    """A day in week `k` back from END (0 = the week ending on END), spread over the week by `i`."""
    return END - timedelta(days=7 * k + i % 7)


def _surge_and_flat() -> list[Incident]:
    """Nineveh: one incident (one death) a week, then six (two deaths each) this week; Basra: three a week throughout;
    and eight busy weeks (twelve incidents each) in Nineveh's earlier year, which only a 52-week baseline sees."""
    out = [_inc("Nineveh", _week(k), 1) for k in range(1, 5)]
    out += [_inc("Nineveh", _week(0, i), 2, latitude=36.0 + i / 10, longitude=43.0) for i in range(6)]
    out += [_inc("Basra", _week(k, i), 0, latitude=30.5, longitude=47.8) for k in range(5) for i in range(3)]
    out += [_inc("Nineveh", _week(k, i), 0) for k in range(5, 13) for i in range(12)]
    return out


def test_trends_flags_only_the_surge(any_store: Store, add_incidents: Add) -> None:
    add_incidents(any_store, _surge_and_flat())
    got = any_store.trends(end=END, period="week", baseline=4)
    assert (got.current.start, got.current.end) == (date(2019, 6, 24), END)  # type: ignore[union-attr]
    assert (got.baseline.start, got.baseline.end) == (date(2019, 5, 27), date(2019, 6, 23))  # type: ignore[union-attr]
    assert [(a.admin1, a.flagged) for a in got.areas] == [("Nineveh", True), ("Basra", False)]
    nineveh, basra = got.areas
    assert (nineveh.country, nineveh.incidents, nineveh.fatalities) == ("Iraq", 6, 12)
    assert (nineveh.baseline_incidents, nineveh.baseline_fatalities) == (4, 4)
    assert (nineveh.incidents_mean, nineveh.incidents_sd, nineveh.fatalities_mean) == (1.0, 0.0, 1.0)
    assert nineveh.incidents_rising and nineveh.fatalities_rising
    assert (nineveh.incidents_change, nineveh.incidents_ratio) == (5.0, 6.0)
    assert nineveh.latitude == pytest.approx(36.25) and nineveh.longitude == pytest.approx(43.0)
    # three a week, three this week: at the floor and at mean + 2 sd, but not 1.5 times the mean
    assert (basra.incidents, basra.incidents_mean, basra.incidents_sd, basra.incidents_change) == (3, 3.0, 0.0, 0.0)
    assert not basra.incidents_rising and not basra.fatalities_rising and basra.fatalities_ratio is None
    assert [a.admin1 for a in got.flagged] == ["Nineveh"]


def test_trends_a_year_of_baseline_absorbs_the_surge(any_store: Store, add_incidents: Add) -> None:
    add_incidents(any_store, _surge_and_flat())
    got = any_store.trends(end=END, baseline=52)
    assert got.baseline.start == END - timedelta(days=7 * 53 - 1)  # type: ignore[union-attr]
    # the data begin in week 12: the forty weeks before are unknown, not quiet, and left out
    assert got.known_periods == 12
    nineveh = next(a for a in got.areas if a.admin1 == "Nineveh")
    counts = [1] * 4 + [12] * 8
    mean = sum(counts) / 12
    sd = (sum((c - mean) ** 2 for c in counts) / 12) ** 0.5
    assert nineveh.baseline_incidents == 100
    assert nineveh.incidents_mean == pytest.approx(mean) and nineveh.incidents_sd == pytest.approx(sd)
    assert not nineveh.incidents_rising  # 6 is below the mean (about 8.3)
    assert nineveh.fatalities_rising  # the deaths still stand out: 12 against 4 in the known weeks
    basra = next(a for a in got.areas if a.admin1 == "Basra")
    assert (basra.incidents_mean, basra.incidents_sd) == (1.0, pytest.approx(2 ** 0.5))
    assert got.flagged == [nineveh]


def test_trends_before_the_data_begin_nothing_is_flagged(store: Store, add_incidents: Add) -> None:
    add_incidents(store, [_inc("Anbar", _week(0, i), 3) for i in range(5)])
    got = store.trends(baseline=52)
    assert got.known_periods == 0 and got.flagged == []
    assert (got.areas[0].incidents, got.areas[0].fatalities, got.areas[0].incidents_mean) == (5, 15, 0.0)


def test_trends_end_defaults_to_the_latest_incident_and_filters_apply(store: Store, add_incidents: Add) -> None:
    add_incidents(store, _surge_and_flat() + [_inc("Anbar", _week(0, i), 0, event_type="Protests") for i in range(5)])
    got = store.trends()
    assert got.end == END and got.period == "week" and got.baseline_periods == 4
    assert {a.admin1 for a in got.flagged} == {"Nineveh", "Anbar"}
    battles = store.trends(IncidentFilter(event_type="Battles", date_from=date(2030, 1, 1)))
    assert [a.admin1 for a in battles.flagged] == ["Nineveh"]  # the filter's own dates are not the window
    only = store.trends(IncidentFilter(admin1="basra"))
    assert [a.admin1 for a in only.areas] == ["Basra"]


def test_trends_month_is_four_weeks(store: Store, add_incidents: Add) -> None:
    add_incidents(store, _surge_and_flat())
    got = store.trends(end=END, period="month", baseline=4)
    assert got.current.start == END - timedelta(days=27)  # type: ignore[union-attr]
    basra = next(a for a in got.areas if a.admin1 == "Basra")
    # this month: weeks 0-3 (12 incidents); the baseline months hold week 4 only (3), then nothing; the data
    # begin in week 12, so the fourth month back (weeks 16-19) is unknown and three months count
    assert got.known_periods == 3
    assert (basra.incidents, basra.baseline_incidents, basra.incidents_mean) == (12, 3, 1.0)
    assert basra.incidents_rising


def test_trends_rule_and_bad_arguments(store: Store, add_incidents: Add) -> None:
    add_incidents(store, _surge_and_flat())
    strict = store.trends(end=END, rule=TrendRule(min_incidents=7, min_fatalities=13))
    assert strict.flagged == []
    with pytest.raises(ValueError, match="period"):
        store.trends(period="year")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="baseline"):
        store.trends(baseline=0)


def test_trends_of_an_empty_store(any_store: Store) -> None:
    got = any_store.trends()
    assert got.end is None and got.current is None and got.areas == []
    assert any_store.trends(end=END).areas == []
