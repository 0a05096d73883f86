"""`GET /stats` and `GET /figures`: counts and fatalities of a filtered set, and humanitarian figures.

Why `/stats` takes the incident filter: a chart of "Battles in Nineveh by week" must count
exactly the incidents `/incidents` lists for the same parameters; both go through
`IncidentFilter`, and the sums are made in SQL by `query.breakdown`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from ..store.query import Bucket
from .deps import StoreDep, reader
from .params import FilterDep, clean_text, invalid

__all__ = ["router"]

router = APIRouter(tags=["statistics"], dependencies=[Depends(reader)])

# `by` as a request names it -> the Breakdown list that answers it
_GROUPS = {"day": "by_day", "week": "by_week", "type": "by_event_type", "sub_event_type": "by_sub_event_type",
           "actor": "by_actor", "admin1": "by_admin1"}


class BucketOut(BaseModel):
    key: str
    incidents: int
    fatalities: int
    country: str | None = None  # admin1 buckets: the same region name recurs across countries


class StatsOut(BaseModel):
    """Totals of the filtered set, and its buckets for one grouping (largest first, or by date)."""

    by: str
    incidents: int
    fatalities: int
    first_date: date | None
    last_date: date | None
    buckets: list[BucketOut]


def _bucket(b: Bucket, by: str) -> BucketOut:
    return BucketOut(key=b.key, incidents=b.incidents, fatalities=b.fatalities,
                     country=b.country if by == "admin1" else None)


@router.get("/stats", response_model=StatsOut, summary="Incidents and fatalities by day, week, type, actor or region")
def stats(store: StoreDep, flt: FilterDep,
          by: Annotated[Literal["day", "week", "type", "sub_event_type", "actor", "admin1"],
                        Query(description="Grouping: day and week (ISO, from Monday) in date order, the others "
                                          "largest first.")] = "day",
          top: Annotated[int, Query(ge=1, le=500, description="Most actor or admin1 buckets.")] = 50) -> StatsOut:
    """Counts and fatalities of the incidents the same filters would list, grouped by `by`."""
    b = store.breakdown(flt, top=top)
    return StatsOut(by=by, incidents=b.incidents, fatalities=b.fatalities, first_date=b.first_date,
                    last_date=b.last_date, buckets=[_bucket(x, by) for x in getattr(b, _GROUPS[by])])


class FigurePageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


@router.get("/figures", response_model=FigurePageOut, summary="Humanitarian figures, newest first")
def figures(store: StoreDep,
            kind: Annotated[str | None, Query(max_length=64, description="displaced, refugees, in_need...")] = None,
            date_from: Annotated[date | None, Query(description="As of this day or later.")] = None,
            date_to: Annotated[date | None, Query(description="As of this day or earlier.")] = None,
            limit: Annotated[int, Query(ge=1, le=500)] = 100,
            offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> FigurePageOut:
    """Figures (people displaced, in need...) with who claimed them and the evidence spans; never incident
    counts. Undated figures come last."""
    if date_from and date_to and date_from > date_to:
        raise invalid("date_to", f"date_to ({date_to}) is before date_from ({date_from})")
    page = store.figure_page(kind=clean_text(kind, "kind"), date_from=date_from, date_to=date_to, limit=limit,
                             offset=offset)
    items = [{**f.to_row(), "article_ids": list(f.article_ids),
              "evidence": [{"field": e.field, "article_id": e.article_id, "start": e.start, "end": e.end,
                            "text": e.text} for e in f.evidence]} for f in page.figures]
    return FigurePageOut(items=items, total=page.total, limit=page.limit, offset=page.offset)
