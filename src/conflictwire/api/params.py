"""Query parameters shared by the incident routes: one filter, one sort, one page.

Why one dependency for every route: `/incidents`, `/incidents.geojson`, `/stats` and the
exports answer the same question ("Battles in Nineveh last month"), so they must read it
the same way and reject the same bad values the same way: 422 with a message naming the
parameter, never a 500 from the database. Values become an `IncidentFilter`; the query
layer binds them as parameters.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query, status

from ..store.query import IncidentFilter, Sort
from .deps import SettingsDep

__all__ = ["FilterDep", "Page", "PageDep", "SortDep", "clean_text", "incident_filter", "invalid"]

MAX_TEXT = 200  # longest name or search text a filter takes
MAX_OFFSET = 10_000_000  # deeper than any store; the cursor is the way to go far
MAX_FATALITIES = 1_000_000_000  # a bound the database's integer column can compare against


def invalid(param: str, message: str, where: str = "query") -> HTTPException:
    """A 422 shaped like FastAPI's own validation errors, so clients parse one format."""
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                         detail=[{"loc": [where, param], "msg": message, "type": "value_error"}])


def clean_text(value: str | None, param: str, where: str = "query") -> str | None:
    """A filter's text, stripped; control characters are refused (PostgreSQL cannot even bind a NUL)."""
    if value is None:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise invalid(param, "must not contain control characters", where)
    value = value.strip()
    return value or None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    parts = value.split(",")
    hint = "must be min_lon,min_lat,max_lon,max_lat (four numbers, e.g. 42.5,35.8,44.0,36.9)"
    if len(parts) != 4:
        raise invalid("bbox", hint)
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError as exc:
        raise invalid("bbox", hint) from exc
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        raise invalid("bbox", "coordinates must be finite numbers")
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90):
        raise invalid("bbox", "longitudes must lie in -180..180 and latitudes in -90..90")
    if x0 > x1 or y0 > y1:
        raise invalid("bbox", "min_lon must not exceed max_lon, nor min_lat max_lat")
    return x0, y0, x1, y1


Text = Annotated[str | None, Query(max_length=MAX_TEXT)]


def incident_filter(
    date_from: Annotated[date | None, Query(description="Incidents on or after this day (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(description="Incidents on or before this day (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, Query(max_length=100, description="min_lon,min_lat,max_lon,max_lat")] = None,
    country: Annotated[str | None, Query(max_length=MAX_TEXT, description="Country name (any case).")] = None,
    admin1: Annotated[str | None, Query(max_length=MAX_TEXT, description="First-level region (any case).")] = None,
    event_type: Annotated[str | None, Query(max_length=MAX_TEXT,
                                            description="ACLED event type or sub-event type.")] = None,
    sub_event_type: Annotated[str | None, Query(max_length=MAX_TEXT, description="ACLED sub-event type.")] = None,
    actor: Annotated[str | None, Query(max_length=MAX_TEXT,
                                       description="Part of an actor's name, either side or associated.")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=MAX_FATALITIES)] = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT,
                                   description="Words in the notes, the location or an actor (% and _ literal).")]
    = None,
    review_status: Annotated[Literal["unreviewed", "accepted", "rejected"] | None,
                             Query(description="Only incidents a reviewer left in this state.")] = None,
    include_rejected: Annotated[bool, Query(description="Also list incidents a reviewer rejected (left out "
                                                        "by default).")] = False,
) -> IncidentFilter:
    """The filter of a request; every route over incidents takes these parameters."""
    if date_from and date_to and date_from > date_to:
        raise invalid("date_to", f"date_to ({date_to}) is before date_from ({date_from})")
    return IncidentFilter(
        date_from=date_from, date_to=date_to, bbox=_bbox(bbox), country=clean_text(country, "country"),
        admin1=clean_text(admin1, "admin1"), event_type=clean_text(event_type, "event_type"),
        sub_event_type=clean_text(sub_event_type, "sub_event_type"), actor=clean_text(actor, "actor"),
        min_fatalities=min_fatalities, q=clean_text(q, "q"), review_status=review_status,
        include_rejected=include_rejected)


def incident_sort(
    sort: Annotated[Literal["event_date", "fatalities"], Query(description="The key pages are ordered by.")]
    = "event_date",
    order: Annotated[Literal["asc", "desc"], Query(description="Undated incidents come last either way.")] = "asc",
) -> Sort:
    return Sort(sort, descending=order == "desc")


class Page:
    """How much of the ordered result to return, and from where (an offset or a cursor, not both)."""

    __slots__ = ("cursor", "limit", "offset")

    def __init__(self, limit: int, offset: int, cursor: str | None) -> None:
        self.limit, self.offset, self.cursor = limit, offset, cursor


def page(
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1, description="Rows per page (default 100, at most the service's "
                                                         "api_max_page_size, 500 unless configured).")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip (or use cursor).")] = 0,
    cursor: Annotated[str | None, Query(max_length=512, description="next_cursor of the previous page.")] = None,
) -> Page:
    """The page a request asks for; its longest length is a setting, so it is checked here, not in the schema."""
    size = settings.api_page_size if limit is None else limit
    if size > settings.api_max_page_size:
        raise invalid("limit", f"must be at most {settings.api_max_page_size}")
    if cursor is not None and offset:
        raise invalid("cursor", "give either cursor or offset, not both")
    return Page(size, offset, cursor or None)


FilterDep = Annotated[IncidentFilter, Depends(incident_filter)]
SortDep = Annotated[Sort, Depends(incident_sort)]
PageDep = Annotated[Page, Depends(page)]
