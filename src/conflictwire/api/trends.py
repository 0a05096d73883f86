"""`GET /trends`: per admin1, this period against a baseline, rises flagged, each number linked to its incidents.

Handlers only turn parameters into `Store.trends` (the question is asked in `store/trends.py`,
where reports and alerts ask it too) and add, for every figure, the `/incidents` query that
lists the incidents behind it: a flagged number an analyst cannot open is a number to take on
trust, and the link is built from the same filter, so the list holds exactly the counted rows.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ..store.query import IncidentFilter
from ..store.trends import BASELINES, PERIODS, AreaTrend, Trends, Window
from .deps import StoreDep, reader
from .params import FilterDep, invalid

__all__ = ["router", "incidents_link"]

router = APIRouter(tags=["statistics"], dependencies=[Depends(reader)])


def incidents_link(flt: IncidentFilter, window: Window, *, country: str, admin1: str) -> str:
    """`/incidents?...` listing the incidents of one region in one window under the same filter."""
    params: dict[str, str] = {"country": country} if country else {}
    params.update(admin1=admin1, date_from=window.start.isoformat(), date_to=window.end.isoformat())
    for name in ("event_type", "sub_event_type", "actor", "q", "review_status"):
        value = getattr(flt, name)
        if value:
            params[name] = value
    if flt.min_fatalities is not None:
        params["min_fatalities"] = str(flt.min_fatalities)
    if flt.bbox:
        params["bbox"] = ",".join(str(v) for v in flt.bbox)
    if flt.include_rejected and not flt.review_status:
        params["include_rejected"] = "true"
    return "/incidents?" + urlencode(params)


class WindowOut(BaseModel):
    date_from: date
    date_to: date


class AreaOut(BaseModel):
    """One region: this period's figures, the baseline per period, the change, the flags and the links."""

    country: str
    admin1: str
    incidents: int
    fatalities: int
    baseline_incidents: int = Field(description="Incidents over the whole baseline window.")
    baseline_fatalities: int
    incidents_mean: float = Field(description="Baseline incidents per period.")
    incidents_sd: float = Field(description="Their standard deviation (population, over the known periods).")
    fatalities_mean: float
    fatalities_sd: float
    incidents_change: float = Field(description="This period minus the baseline mean.")
    fatalities_change: float
    incidents_ratio: float | None = Field(description="This period over the baseline mean; null if that is 0.")
    fatalities_ratio: float | None
    incidents_rising: bool
    fatalities_rising: bool
    flagged: bool = Field(description="Incidents or fatalities rising by the rule.")
    latitude: float | None = Field(description="Mean position of this period's incidents (else the baseline's).")
    longitude: float | None
    incidents_url: str = Field(description="/incidents query listing this period's incidents of the region.")
    baseline_url: str = Field(description="/incidents query listing the baseline's incidents of the region.")


class RuleOut(BaseModel):
    min_incidents: int
    min_fatalities: int
    sds: float
    min_ratio: float


class TrendsOut(BaseModel):
    """The comparison: its windows, the rule, and the regions (flagged first, then by rise)."""

    period: str
    period_days: int
    baseline_periods: int
    known_periods: int = Field(description="Baseline periods the data cover (earlier ones are unknown, not zero).")
    end: date | None = Field(description="Last day of this period; null when no dated incident matches.")
    current: WindowOut | None
    baseline: WindowOut | None
    rule: RuleOut
    total: int = Field(description="Regions with incidents in the window.")
    flagged: int
    areas: list[AreaOut]


def _window(w: Window | None) -> WindowOut | None:
    return None if w is None else WindowOut(date_from=w.start, date_to=w.end)


def _area(a: AreaTrend, got: Trends, flt: IncidentFilter) -> AreaOut:
    assert got.current is not None and got.baseline is not None  # an area exists only inside a window
    return AreaOut(
        country=a.country, admin1=a.admin1, incidents=a.incidents, fatalities=a.fatalities,
        baseline_incidents=a.baseline_incidents, baseline_fatalities=a.baseline_fatalities,
        incidents_mean=a.incidents_mean, incidents_sd=a.incidents_sd, fatalities_mean=a.fatalities_mean,
        fatalities_sd=a.fatalities_sd, incidents_change=a.incidents_change, fatalities_change=a.fatalities_change,
        incidents_ratio=a.incidents_ratio, fatalities_ratio=a.fatalities_ratio, incidents_rising=a.incidents_rising,
        fatalities_rising=a.fatalities_rising, flagged=a.flagged, latitude=a.latitude, longitude=a.longitude,
        incidents_url=incidents_link(flt, got.current, country=a.country, admin1=a.admin1),
        baseline_url=incidents_link(flt, got.baseline, country=a.country, admin1=a.admin1))


@router.get("/trends", response_model=TrendsOut, summary="Per region, this period against a baseline, rises flagged")
def get_trends(store: StoreDep, flt: FilterDep,
               period: Annotated[Literal["week", "month"], Query(description="week (7 days) or month (4 weeks, "
                                                                             "28 days).")] = "week",
               baseline: Annotated[int, Query(description="Preceding periods to compare with: 4 or 52.")] = 4,
               end: Annotated[date | None, Query(description="Last day of this period (default: date_to, else the "
                                                             "latest incident's date).")] = None,
               flagged_only: Annotated[bool, Query(description="Only the regions whose rise is flagged.")] = False,
               top: Annotated[int, Query(ge=1, le=1000, description="Most regions to list.")] = 100) -> TrendsOut:
    """Per (country, admin1): incidents and fatalities in the period ending on `end` against the `baseline`
    periods before it (mean and standard deviation per period), flagged when this period is at least 3
    incidents (or 5 fatalities), at least the mean plus two standard deviations and at least 1.5 times the
    mean. Takes the incident filters (type, actor, country...); `date_from` is ignored, `date_to` is the
    default `end`. Each region carries `/incidents` links listing the incidents behind its figures."""
    if baseline not in BASELINES:
        raise invalid("baseline", f"must be one of {', '.join(map(str, BASELINES))}")
    got = store.trends(flt, end=end or flt.date_to, period=period, baseline=baseline)
    rule = got.rule
    areas = [a for a in got.areas if a.flagged or not flagged_only]
    return TrendsOut(period=got.period, period_days=PERIODS[got.period], baseline_periods=got.baseline_periods,
                     known_periods=got.known_periods, end=got.end, current=_window(got.current),
                     baseline=_window(got.baseline),
                     rule=RuleOut(min_incidents=rule.min_incidents, min_fatalities=rule.min_fatalities, sds=rule.sds,
                                  min_ratio=rule.min_ratio),
                     total=len(got.areas), flagged=len(got.flagged), areas=[_area(a, got, flt) for a in areas[:top]])
