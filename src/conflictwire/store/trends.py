"""Trends: per admin1, this period against a baseline of the periods before it, with the rises flagged.

Why this shape: an analyst watching a country asks "where is it getting worse?", and the answer
tools such as ACLED's Trendfinder and Conflict Index or HDX Signals give is a comparison, per
first-level region, of the latest period with that region's own recent history (its mean and
spread over the preceding weeks or year), flagging a region only when the latest figure stands
well outside that history. Comparing a region with itself, not with its neighbours, is what
keeps a region that is always violent from drowning out one that has just flared up.

The rule (`TrendRule`, defaults below) flags a count as rising when it is

- at least a floor (3 incidents, 5 fatalities): one or two incidents in a quiet region is
  noise, not a surge, however large the ratio to a baseline of zero;
- at least the baseline mean plus two standard deviations (the usual "unusually high" line for
  a roughly normal series: about one period in forty would cross it by chance), the deviation
  taken as at least the square root of the mean, the chance spread of a count (Poisson), since
  four baseline periods are too few to measure it; and
- at least 1.5 times the baseline mean: in a region whose counts barely vary the standard
  deviation is tiny, and a move from 10 to 11 would otherwise pass.

Incidents without an admin1 are left out (they cannot be placed in a region), as are rejected
ones unless the filter asks for them. Periods are equal lengths counted back from `end` (a
"month" is four weeks, so every baseline period is comparable). A baseline period without
incidents in a region counts as zero for it, but periods that end before the first dated incident
under the filter are not counted at all: before the data begins nothing is known, and counting
those weeks as quiet would flag every region of a young data set. With no known baseline period
nothing is flagged. The figures come from one grouped query over the whole window, each
incident's period computed in SQL from bound date boundaries, so the cost grows with the regions
times the periods, not with the incidents; narrowing the filter to one admin1 is how an alert
re-checks only the region a new article touched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import case, func, literal, select
from sqlalchemy.engine import Connection

from . import schema as t
from .query import IncidentFilter, conditions

__all__ = ["BASELINES", "PERIODS", "AreaTrend", "TrendRule", "Trends", "Window", "trends"]

Period = Literal["week", "month"]
PERIODS: dict[str, int] = {"week": 7, "month": 28}  # days; a "month" is four weeks so periods compare
BASELINES = (4, 52)


@dataclass(frozen=True, slots=True)
class TrendRule:
    """When a figure counts as a rise (see the module docstring for why each part is there)."""

    min_incidents: int = 3
    min_fatalities: int = 5
    sds: float = 2.0
    min_ratio: float = 1.5

    def rising(self, value: int, mean: float, sd: float, *, floor: int) -> bool:
        """Whether `value` rises above a baseline of `mean` and `sd` per period.

        The spread used is at least the square root of the mean, the chance variation of a count of
        independent events (Poisson): four baseline weeks that happen to agree would otherwise make
        the line mean + 2 sd as low as the mean itself.
        """
        spread = max(sd, math.sqrt(mean))
        return value >= floor and value >= mean + self.sds * spread and value >= self.min_ratio * mean


@dataclass(frozen=True, slots=True)
class Window:
    """Days from `start` to `end`, both included."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class AreaTrend:
    """One region's figures: this period, its baseline per period (mean and standard deviation), the change."""

    country: str
    admin1: str
    incidents: int
    fatalities: int
    baseline_incidents: int  # over the whole baseline window
    baseline_fatalities: int
    incidents_mean: float
    incidents_sd: float
    fatalities_mean: float
    fatalities_sd: float
    incidents_rising: bool
    fatalities_rising: bool
    latitude: float | None = None  # where this period's incidents are (their mean), else the baseline's
    longitude: float | None = None

    @property
    def flagged(self) -> bool:
        return self.incidents_rising or self.fatalities_rising

    @property
    def incidents_change(self) -> float:
        """This period minus the baseline mean."""
        return self.incidents - self.incidents_mean

    @property
    def fatalities_change(self) -> float:
        return self.fatalities - self.fatalities_mean

    @property
    def incidents_ratio(self) -> float | None:
        """This period over the baseline mean; None when the baseline is empty."""
        return self.incidents / self.incidents_mean if self.incidents_mean else None

    @property
    def fatalities_ratio(self) -> float | None:
        return self.fatalities / self.fatalities_mean if self.fatalities_mean else None


@dataclass(slots=True)
class Trends:
    """The regions of one comparison, flagged first, then by the rise in incidents."""

    period: str
    baseline_periods: int
    rule: TrendRule
    end: date | None = None  # None: the store (under the filter) has no dated incident
    current: Window | None = None
    baseline: Window | None = None
    known_periods: int = 0  # baseline periods the data covers (those ending on or after the first incident)
    areas: list[AreaTrend] = field(default_factory=list)

    @property
    def flagged(self) -> list[AreaTrend]:
        return [a for a in self.areas if a.flagged]


def _mean_sd(values: list[int]) -> tuple[float, float]:
    """Mean and population standard deviation (the baseline is all the periods there are, not a sample)."""
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def date_span(conn: Connection, flt: IncidentFilter) -> tuple[date | None, date | None]:
    """The first and latest event dates under the filter: the latest is the default end (so an old data set
    still shows its last weeks), the first where the known baseline begins."""
    c = t.incidents.c
    first, last = conn.execute(select(func.min(c.event_date), func.max(c.event_date)).where(*conditions(flt))).one()
    return first, last


def trends(conn: Connection, flt: IncidentFilter | None = None, *, end: date | None = None,
           period: Period = "week", baseline: int = 4, rule: TrendRule | None = None) -> Trends:
    """Per (country, admin1): incidents and fatalities in the `period` ending on `end` against the
    `baseline` periods before it, with rises flagged by `rule`.

    `flt` narrows which incidents count (type, actor, country, admin1...); its own dates are
    ignored, since the window is `end`, `period` and `baseline`. `end` defaults to the latest
    event date under the filter.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    if baseline < 1:
        raise ValueError("baseline must be at least one period")
    rule = rule or TrendRule()
    flt = replace(flt or IncidentFilter(), date_from=None, date_to=None, limit=None)
    out = Trends(period=period, baseline_periods=baseline, rule=rule)
    first, last = date_span(conn, flt)
    end = end or last
    if end is None or first is None:
        out.end = end
        return out
    days = PERIODS[period]
    # starts[k]: first day of period k, 0 being this period and 1..baseline the ones before it
    starts = [end - timedelta(days=days * (k + 1) - 1) for k in range(baseline + 1)]
    out.end = end
    out.current = Window(starts[0], end)
    out.baseline = Window(starts[-1], starts[0] - timedelta(days=1))
    # period k ends the day before period k-1 starts
    out.known_periods = known = sum(1 for k in range(1, baseline + 1) if starts[k - 1] > first)

    c = t.incidents.c
    bucket = case(*((c.event_date >= starts[k], literal(k)) for k in range(baseline)), else_=literal(baseline))
    inner = (select(c.country, c.admin1, bucket.label("k"), c.fatalities, c.latitude, c.longitude)
             .where(*conditions(flt), c.event_date >= starts[-1], c.event_date <= end,
                    c.admin1.is_not(None), c.admin1 != literal(""))
             .subquery())
    s = inner.c
    # grouped on the subquery's column: PostgreSQL would not match a CASE of bound parameters in GROUP BY
    grouped = (select(s.country, s.admin1, s.k, func.count().label("n"),
                      func.coalesce(func.sum(s.fatalities), 0).label("f"),
                      func.sum(s.latitude).label("lat"), func.sum(s.longitude).label("lon"),
                      func.count(s.latitude).label("placed"))
               .group_by(s.country, s.admin1, s.k))
    per_area: dict[tuple[str, str], dict[int, Any]] = {}
    for r in conn.execute(grouped):
        per_area.setdefault((str(r.country or ""), str(r.admin1)), {})[int(r.k)] = r
    out.areas = sorted((_area(key, rows, known, rule) for key, rows in per_area.items()), key=_order)
    return out


def _area(key: tuple[str, str], rows: dict[int, Any], known: int, rule: TrendRule) -> AreaTrend:
    """One region's figures from its rows per period; only the `known` baseline periods count."""
    counts = [int(rows[k].n) if k in rows else 0 for k in range(known + 1)]
    deaths = [int(rows[k].f) if k in rows else 0 for k in range(known + 1)]
    n_mean, n_sd = _mean_sd(counts[1:])
    f_mean, f_sd = _mean_sd(deaths[1:])
    history = known > 0
    placed = [rows[0]] if 0 in rows and rows[0].placed else [r for r in rows.values() if r.placed]
    where = sum(int(r.placed) for r in placed)
    lat = sum(float(r.lat) for r in placed) / where if where else None
    lon = sum(float(r.lon) for r in placed) / where if where else None
    return AreaTrend(
        country=key[0], admin1=key[1], incidents=counts[0], fatalities=deaths[0],
        baseline_incidents=sum(counts[1:]), baseline_fatalities=sum(deaths[1:]),
        incidents_mean=n_mean, incidents_sd=n_sd, fatalities_mean=f_mean, fatalities_sd=f_sd,
        incidents_rising=history and rule.rising(counts[0], n_mean, n_sd, floor=rule.min_incidents),
        fatalities_rising=history and rule.rising(deaths[0], f_mean, f_sd, floor=rule.min_fatalities),
        latitude=lat, longitude=lon)


def _order(a: AreaTrend) -> tuple[Any, ...]:
    return (not a.flagged, -a.incidents_change, -a.fatalities_change, a.country, a.admin1)
