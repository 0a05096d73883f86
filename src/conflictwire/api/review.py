"""`POST /incidents/{id}/review`, `POST /incidents/merge`, `POST /incidents/{id}/split`: the review workflow.

Every route needs a token, and the token's name is who the review log says made the change.
Handlers only check the body's shape and call `Store.review_*`; the field and value checks
live in the library (`store.reviews.coerce_value`), so the CLI and the API refuse the same
things with the same words, here as a 422 naming the parameter. Reviews run on the service's
one writing thread, in turn with ingests, which keeps SQLite to one writer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path, Request, status
from pydantic import BaseModel, ConfigDict, Field

from ..errors import ReviewError, UnknownIncident
from ..link import Linking
from ..models import Incident
from .deps import SettingsDep, StoreDep, Writer
from .params import clean_text, invalid

__all__ = ["router"]

router = APIRouter(tags=["review"])
MAX_NOTE = 5000
IncidentId = Annotated[str, Path(max_length=255, description="An incident id; a retired id (merged away) is followed.")]
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid token."},
    404: {"description": "No incident has (or had) this id."},
    422: {"description": "An unknown action or field, a value of the wrong type, no note; the detail names it."},
}


class ReviewIn(BaseModel):
    """One decision about one incident. `edit` needs `field` and `value`; every action needs `why`."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["accept", "edit", "reject"]
    why: str = Field(min_length=1, max_length=MAX_NOTE, description="Why: kept in the review log.")
    field: str | None = Field(default=None, max_length=64, description="The field an edit sets (e.g. fatalities).")
    # any JSON value: the library checks it against the field's type (pydantic would make `true` a 1)
    value: Any = Field(default=None, description="The new value, of the field's type (a number for a count, "
                                                 "YYYY-MM-DD for a date, text, or null to empty an optional field).")


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[Annotated[str, Field(max_length=255)]] = Field(min_length=2, max_length=2,
                                                             description="The two incidents to make one.")
    why: str = Field(min_length=1, max_length=MAX_NOTE)


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[Annotated[str, Field(max_length=255)]] = Field(
        min_length=1, max_length=1000, description="Report (mention) ids or article ids to move out into an "
                                                   "incident of their own.")
    why: str = Field(min_length=1, max_length=MAX_NOTE)


class SplitOut(BaseModel):
    incidents: list[dict[str, Any]] = Field(description="The incident the named reports form, then the rest.")


def _run(request: Request, job: Any) -> Any:
    """Run a review on the writing thread; library refusals become 404 or 422 naming the parameter."""
    try:
        return request.app.state.ingest.run(job)
    except UnknownIncident as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from exc
    except ReviewError as exc:
        raise invalid(exc.param or "body", str(exc), where="body") from exc


def _id(value: str) -> str:
    got = clean_text(value, "incident_id", where="path")
    if not got:
        raise invalid("incident_id", "must not be empty", where="path")
    return got


def _text(value: str, param: str) -> str:
    """Body text without control characters (a note may hold line breaks and tabs)."""
    if any(ord(ch) < 32 and ch not in "\n\t" or ord(ch) == 127 for ch in value):
        raise invalid(param, "must not contain control characters", where="body")
    if not value.strip():
        raise invalid(param, "must not be blank", where="body")
    return value.strip()


@router.post("/incidents/merge", summary="Merge two incidents into one (token required)", responses=_ERRORS)
def merge_incidents(request: Request, store: StoreDep, settings: SettingsDep, token: Writer,
                    body: Annotated[MergeIn, Body()]) -> dict[str, Any]:
    """Make two incidents one. Their reports stay together on every relink; the merged-away id keeps
    answering with the incident it became. Answers the merged incident with its review log."""
    a, b = (_text(i, "ids") for i in body.ids)
    why = _text(body.why, "why")
    linking = Linking.from_settings(settings)
    inc: Incident = _run(request, lambda: store.review_merge(a, b, token.name, why, linking=linking))
    return inc.to_dict()


@router.post("/incidents/{incident_id}/review", summary="Accept, edit or reject an incident (token required)",
             responses=_ERRORS)
def review_incident(request: Request, store: StoreDep, token: Writer, incident_id: IncidentId,
                    body: Annotated[ReviewIn, Body()]) -> dict[str, Any]:
    """`accept` marks it checked, `reject` leaves it out of lists and exports (kept, and undone by a later
    accept), `edit` sets one `field` to `value`, which then survives re-extraction and relinking. Who (the
    token's name), when and why are logged with the old and the new value. Answers the incident as it is now."""
    wanted, why = _id(incident_id), _text(body.why, "why")
    if body.action == "edit":
        if body.field is None:
            raise invalid("field", "an edit names the field it sets", where="body")
        name, value = body.field, body.value
        inc: Incident = _run(request, lambda: store.review_edit(wanted, name, value, token.name, why))
    elif body.field is not None or body.value is not None:
        raise invalid("field", f"{body.action} takes no field or value", where="body")
    elif body.action == "accept":
        inc = _run(request, lambda: store.review_accept(wanted, token.name, why))
    else:
        inc = _run(request, lambda: store.review_reject(wanted, token.name, why))
    return inc.to_dict()


@router.post("/incidents/{incident_id}/split", response_model=SplitOut, status_code=status.HTTP_200_OK,
             summary="Split reports out of an incident (token required)", responses=_ERRORS)
def split_incident(request: Request, store: StoreDep, settings: SettingsDep, token: Writer,
                   incident_id: IncidentId, body: Annotated[SplitIn, Body()]) -> SplitOut:
    """Move the named reports (or every report of the named articles) into an incident of their own; the two
    never rejoin on a relink unless merged by a reviewer. Answers both incidents."""
    wanted, why = _id(incident_id), _text(body.why, "why")
    parts = [_text(i, "ids") for i in body.ids]
    linking = Linking.from_settings(settings)
    made = _run(request, lambda: store.review_split(wanted, parts, token.name, why, linking=linking))
    return SplitOut(incidents=[i.to_dict() for i in made])
