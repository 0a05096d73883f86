"""The review layer: human decisions kept apart from machine output, and laid over it on every write.

Why a log and an overlay, not edits to the incident row: re-extraction and relinking rewrite
incident rows from their reports, and would wipe any edit made there. So each decision is a
row of `reviews` (the field, its old and new value, who, when and why), anchored to the
report that named the incident when it was reviewed, and the incident a person sees is the
machine's reconciliation with the reviews of its reports laid on top (`overlay`), recomputed
whenever linking rewrites it. Merges and splits also leave must-link and cannot-link pairs in
`review_links`, which the linker's clustering honours (see `link.cluster`).

Everything here works on an open connection, inside the caller's transaction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.engine import Connection

from ..errors import ReviewError
from ..link.cluster import Pair, pair
from ..models import Evidence, Incident
from . import schema as t

__all__ = [
    "ACTIONS",
    "EDITABLE_FIELDS",
    "ReviewState",
    "coerce_value",
    "field_type",
    "constraints",
    "jsonable",
    "must_partners",
    "note_evidence",
    "overlay",
    "record_review",
    "review_log",
    "review_logs",
    "set_links",
    "states_for",
]

ACTIONS = ("accept", "edit", "reject", "merge", "split")
STATUS_OF = {"accept": "accepted", "reject": "rejected"}
_CHUNK = 500
MAX_TEXT = 5000  # longest text a reviewer may set on a field
MAX_NOTE = 5000
MAX_WHO = 128
_INT32 = 2**31 - 1
# the scalar fields of a record a reviewer may set: every stored column but the id, and the
# timestamp, which is the row's own time of change
_NOT_EDITABLE = {"id", "timestamp", "article_ids", "evidence", "remarks", "mentions", "history", "review_status",
                 "overrides", "reviews"}
_TYPES = {f.name: str(f.type) for f in fields(Incident) if f.name not in _NOT_EDITABLE}
EDITABLE_FIELDS: tuple[str, ...] = tuple(_TYPES)


def field_type(name: str) -> str:
    """The type an edit of `name` must have, as written on `Incident` ("int | None", "str", "date | None"...)."""
    return _TYPES[name]


# ranges a value must fall in (inclusive); an integer without one must lie in 0..2**31-1
_RANGES: dict[str, tuple[float, float]] = {
    "latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0), "confidence": (0.0, 1.0),
    "time_precision": (1, 3), "geo_precision": (1, 3), "inter1": (0, 8), "inter2": (0, 8), "interaction": (0, 88),
}


def jsonable(value: Any) -> Any:
    """A field's value as the log stores it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def _bad(name: str, message: str) -> ReviewError:
    return ReviewError(f"{name}: {message}", param="value")


def coerce_value(name: str, value: Any) -> Any:
    """`value` as field `name` holds it, or a `ReviewError` that says what fits.

    Text from the command line is read as the field's type ("12" for a count, "2016-12-25" for
    a date, "" or "none" to empty an optional field); JSON values must already be of the type
    (a number for a count, never true or false).
    """
    kind = _TYPES.get(name)
    if kind is None:
        raise ReviewError(f"unknown field {name!r}; a review may set one of: {', '.join(sorted(_TYPES))}",
                          param="field")
    optional = kind.endswith("| None")
    base = kind.split("|")[0].strip()
    if isinstance(value, str) and base != "str" and value.strip().lower() in ("", "none", "null"):
        value = None
    if value is None:
        if base == "str":
            return ""
        if optional:
            return None
        raise _bad(name, "cannot be empty")
    if base == "str":
        if not isinstance(value, str):
            raise _bad(name, f"must be text, not {type(value).__name__}")
        if len(value) > MAX_TEXT or any(ord(ch) < 32 and ch not in "\n\t" or ord(ch) == 127 for ch in value):
            raise _bad(name, f"must be at most {MAX_TEXT} characters without control characters")
        return value.strip()
    if base == "date":
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError as exc:
                raise _bad(name, f"{value!r} is not a date (use YYYY-MM-DD)") from exc
        raise _bad(name, "must be a date as YYYY-MM-DD")
    if isinstance(value, bool):
        raise _bad(name, "must be a number, not true or false")
    if base == "int":
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError as exc:
                raise _bad(name, f"{value!r} is not a whole number") from exc
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            raise _bad(name, "must be a whole number")
        low, high = _RANGES.get(name, (0, _INT32))
        if not low <= value <= high:
            raise _bad(name, f"must lie in {int(low)}..{int(high)}")
        return value
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError as exc:
            raise _bad(name, f"{value!r} is not a number") from exc
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(name, "must be a finite number")
    low, high = _RANGES.get(name, (-math.inf, math.inf))
    if not low <= value <= high:
        raise _bad(name, f"must lie in {low:g}..{high:g}")
    return float(value)


def clean_note(why: str | None, who: str | None) -> tuple[str, str]:
    """The reviewer and their note, checked: both are required, and the note says why."""
    who = (who or "").strip()
    why = (why or "").strip()
    if not who or len(who) > MAX_WHO:
        raise ReviewError(f"say who reviews (1 to {MAX_WHO} characters)", param="who")
    if not why:
        raise ReviewError("a review needs a note that says why", param="why")
    if len(why) > MAX_NOTE or any(ord(ch) < 32 and ch not in "\n\t" for ch in why):
        raise ReviewError(f"the note must be at most {MAX_NOTE} characters without control characters",
                          param="why")
    return who, why


# -------------------------------------------------------------------- the log


def record_review(conn: Connection, *, incident_id: str, anchor: str, action: str, who: str, why: str,
                  at: datetime, name: str | None = None, old: Any = None, new: Any = None) -> int:
    """Append one decision to the log; returns its id."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}", param="action")
    return int(conn.execute(insert(t.reviews).values(
        incident_id=incident_id, mention_id=anchor, action=action, field=name, old_value=jsonable(old),
        new_value=jsonable(new), who=who, at=at, why=why)).inserted_primary_key[0])


def _entry(r: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": r["id"], "action": r["action"], "field": r["field"], "old": r["old_value"], "new": r["new_value"],
            "by": r["who"], "at": r["at"], "why": r["why"], "incident_id": r["incident_id"],
            "mention_id": r["mention_id"]}


def review_log(conn: Connection, incident_id: str, mention_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Every decision about an incident, oldest first: those anchored to its reports, and those naming it."""
    return review_logs(conn, {incident_id: list(mention_ids)})[incident_id]


def review_logs(conn: Connection, held: Mapping[str, Sequence[str]]) -> dict[str, list[dict[str, Any]]]:
    """`review_log` of many incidents (incident id -> its report ids) in a few queries, for pages and exports."""
    r, al = t.reviews.c, t.incident_aliases.c
    owner: dict[str, str] = {}  # a report id, an incident id or a retired id -> the incident it is part of now
    for inc_id, mids in held.items():
        owner.update(dict.fromkeys(mids, inc_id))
        owner[inc_id] = inc_id
    ids = sorted(held)
    for i in range(0, len(ids), _CHUNK):
        for old, new in conn.execute(select(al.old_id, al.new_id).where(al.new_id.in_(ids[i : i + _CHUNK]))):
            owner.setdefault(old, new)
    out: dict[str, dict[int, dict[str, Any]]] = {i: {} for i in held}
    keys = sorted(owner)
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        for row in conn.execute(select(t.reviews).where(or_(r.mention_id.in_(chunk),
                                                            r.incident_id.in_(chunk)))).mappings():
            for key in (row["mention_id"], row["incident_id"]):
                if key in owner:
                    out[owner[key]][row["id"]] = _entry(row)
    return {i: [found[k] for k in sorted(found)] for i, found in out.items()}


# -------------------------------------------------------------------- the overlay


@dataclass(slots=True)
class ReviewState:
    """What the reviews of one incident's reports decide: its status and the fields set by hand."""

    status: str = ""
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> the latest edit's log entry


def states_for(conn: Connection, clusters: Sequence[Sequence[str]]) -> list[ReviewState]:
    """The review state of each cluster of mention ids (one query per 500 reports, not one per incident)."""
    r = t.reviews.c
    wanted = sorted({m for c in clusters for m in c})
    by_anchor: dict[str, list[dict[str, Any]]] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        for row in conn.execute(select(t.reviews).where(r.mention_id.in_(chunk),
                                                        r.action.in_(("accept", "reject", "edit")))).mappings():
            by_anchor.setdefault(row["mention_id"], []).append(_entry(row))
    out = []
    for c in clusters:
        state = ReviewState()
        for e in sorted((e for m in set(c) for e in by_anchor.get(m, ())), key=lambda e: e["id"]):
            if e["action"] == "edit":
                state.edits[e["field"]] = e
            else:
                state.status = STATUS_OF[e["action"]]
        out.append(state)
    return out


def note_evidence(name: str, override: Mapping[str, Any]) -> Evidence:
    """The evidence of a field a reviewer set: their note, in place of a span of an article."""
    return Evidence(name, "", 0, 0, f"{override['why']} ({override['by']})", review_id=override["review_id"])


def overlay(inc: Incident, state: ReviewState) -> list[Evidence]:
    """Lay `state` over the machine's `inc`, in place; returns the machine's spans the edits displaced.

    The machine's value of each edited field stays in `inc.overrides` beside the reviewer's,
    so both remain visible; an edit whose field is no longer editable is skipped.
    """
    overrides: dict[str, dict[str, Any]] = {}
    for name, e in sorted(state.edits.items()):
        if name not in _TYPES:
            continue
        machine = jsonable(getattr(inc, name))
        setattr(inc, name, coerce_value(name, e["new"]))
        overrides[name] = {"machine": machine, "value": e["new"], "review_id": e["id"], "by": e["by"],
                           "why": e["why"], "at": jsonable(e["at"])}
    displaced = [ev for ev in inc.evidence if ev.field in overrides]
    inc.evidence = [ev for ev in inc.evidence if ev.field not in overrides]
    inc.review_status = state.status
    inc.overrides = overrides
    return displaced


# -------------------------------------------------------------------- merge and split constraints


def set_links(conn: Connection, kind: str, pairs: Iterable[Pair], review_id: int) -> int:
    """Make each pair a `kind` ("must" or "cannot") constraint, replacing what the pair was before."""
    rows = sorted({pair(a, b) for a, b in pairs if a != b})
    c = t.review_links.c
    for i in range(0, len(rows), _CHUNK):
        chunk = rows[i : i + _CHUNK]
        conn.execute(delete(t.review_links).where(or_(*[and_(c.a == a, c.b == b) for a, b in chunk])))
        conn.execute(insert(t.review_links), [{"a": a, "b": b, "kind": kind, "review_id": review_id}
                                              for a, b in chunk])
    return len(rows)


def drop_links(conn: Connection, kind: str, left: Iterable[str], right: Iterable[str]) -> None:
    """Forget the `kind` constraints between two sets of reports (a newer decision overrules them)."""
    c = t.review_links.c
    left, right = sorted(set(left)), sorted(set(right))
    for i in range(0, len(left), _CHUNK):
        chunk = left[i : i + _CHUNK]
        for j in range(0, len(right), _CHUNK):
            other = right[j : j + _CHUNK]
            conn.execute(delete(t.review_links).where(c.kind == kind, or_(
                and_(c.a.in_(chunk), c.b.in_(other)), and_(c.a.in_(other), c.b.in_(chunk)))))


def constraints(conn: Connection, ids: Iterable[str]) -> tuple[set[Pair], set[Pair]]:
    """The (must, cannot) pairs that touch `ids`."""
    c = t.review_links.c
    wanted = sorted(set(ids))
    must: set[Pair] = set()
    cannot: set[Pair] = set()
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        for a, b, kind in conn.execute(select(c.a, c.b, c.kind).where(or_(c.a.in_(chunk), c.b.in_(chunk)))):
            (must if kind == "must" else cannot).add((a, b))
    return must, cannot


def must_partners(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Reports a reviewer tied to any of `ids` (the linker's component must reach them)."""
    must, _ = constraints(conn, ids)
    return {x for p in must for x in p}
