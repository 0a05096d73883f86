"""`GET /incidents`, `GET /incidents/{id}` and `GET /incidents.geojson`: incidents by filter, one by id, a map.

Handlers only turn parameters into library calls (`Store.incident_page`, `Store.get_incident`,
`Store.iter_incidents`) and library results into JSON; the questions themselves are asked
in `store/query.py`, where the CLI and reports ask them too.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..export.formats import write_geojson
from ..models import Incident
from .deps import SettingsDep, StoreDep, reader
from .params import FilterDep, PageDep, SortDep, clean_text, invalid

__all__ = ["router"]

router = APIRouter(tags=["incidents"], dependencies=[Depends(reader)])


class IncidentPageOut(BaseModel):
    """One page of incidents in the requested order, how many matched in all, and how to go on."""

    items: list[dict[str, Any]] = Field(description="Incident records with their evidence spans.")
    total: int = Field(description="Incidents matching the filter, over all pages.")
    limit: int
    offset: int
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


def listed(inc: Incident) -> dict[str, Any]:
    """A record as a list shows it: every field and its evidence, without the reports and log of the detail."""
    out = inc.to_dict()
    out.pop("mentions", None)
    out.pop("history", None)
    out.pop("reviews", None)
    return out


@router.get("/incidents", response_model=IncidentPageOut, summary="Incidents by filter, a page at a time")
def list_incidents(store: StoreDep, flt: FilterDep, sort: SortDep, page: PageDep) -> IncidentPageOut:
    """Filtered incidents in `sort` order. Continue with `next_cursor` (stable while incidents are
    added) or with `offset`; a cursor from another sort or an edited one is a 400."""
    got = store.incident_page(flt, sort, limit=page.limit, offset=page.offset, cursor=page.cursor)
    return IncidentPageOut(items=[listed(i) for i in got.incidents], total=got.total, limit=got.limit,
                           offset=got.offset, next_cursor=got.next_cursor)


@router.get("/incidents.geojson", summary="Mapped incidents as a GeoJSON FeatureCollection",
            response_class=Response,
            responses={200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}}})
def incidents_geojson(store: StoreDep, settings: SettingsDep, flt: FilterDep, sort: SortDep,
                      limit: Annotated[int | None, Query(ge=1, description="Most incidents to map (default and "
                                                                           "cap: api_max_geojson_features).")]
                      = None) -> Response:
    """Incidents that have coordinates, as Point features ([longitude, latitude]) with every field and the
    evidence as properties. Incidents without coordinates cannot be mapped and are left out."""
    cap = settings.api_max_geojson_features
    if limit is not None and limit > cap:
        raise invalid("limit", f"must be at most {cap}")
    out = io.StringIO()
    write_geojson(store.iter_incidents(replace(flt, limit=limit or cap), sort), out)
    return Response(out.getvalue(), media_type="application/geo+json")


@router.get("/incidents/{incident_id}", summary="One incident with its evidence, reports and history",
            responses={404: {"description": "No incident has (or had) this id."}})
def get_incident(store: StoreDep,
                 incident_id: Annotated[str, Path(max_length=255, description="An incident id; a retired id "
                                                                             "(merged away) is followed.")]
                 ) -> dict[str, Any]:
    """The full record: every field, its evidence spans, the reports (mentions) it was built from with why
    each joined, and its version log. An id retired by a merge answers with the incident it became, and
    `requested_id` says so (as `conflictwire show` prints "X was merged into Y")."""
    wanted = clean_text(incident_id, "incident_id", where="path")
    inc = store.get_incident(wanted) if wanted else None
    if inc is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            detail=f"no incident {incident_id!r} (list ids with GET /incidents)")
    out = inc.to_dict()
    if inc.id != wanted:
        out["requested_id"] = wanted
        out["merged_into"] = inc.id
    return out
