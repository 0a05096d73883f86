"""Incident queries by area, period, type and actor, as SQL: what the CLI, the API and reports share.

Why here and not in the API: a situation report, an alert or a notebook asks the same
questions as the dashboard ("Battles in Nineveh last month, most deadly first"), so the
filter, the page and the breakdowns are library functions over a `Connection`. Every
value from a caller is a bound parameter; no SQL text is ever built from input.

Pages sort on `(key, id)` with undated incidents last, and continue either by offset or by
an opaque keyset cursor (the last row's key and id), which stays fast at any depth and
does not skip or repeat rows when incidents are added between two requests.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    and_,
    bindparam,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.ext.compiler import compiles

from . import schema as t

__all__ = [
    "REVIEW_STATUSES",
    "SORT_KEYS",
    "Breakdown",
    "Bucket",
    "CursorError",
    "IncidentFilter",
    "Sort",
    "breakdown",
    "conditions",
    "count_query",
    "decode_cursor",
    "encode_cursor",
    "page_query",
]

SORT_KEYS = ("event_date", "fatalities")
_ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
REVIEW_STATUSES = ("unreviewed", "accepted", "rejected")
_LIKE_ESCAPE = "\\"
_INT32 = 2**31  # `incidents.fatalities` is an INTEGER column


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Query by period, place, kind and words: a library type so reports, the CLI and the API share it.

    `event_type` matches an event type or a sub-event type (as the CLI's `--type`);
    `sub_event_type` only the sub-type. `actor` is a case-insensitive substring of either
    side (actor1, actor2 and their associates); `q` a substring of the notes, the location
    or an actor. Names (`country`, `admin1`, types) compare case-insensitively.
    """

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    article_id: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    limit: int | None = None
    admin1: str | None = None
    sub_event_type: str | None = None
    q: str | None = None
    # the review layer: rejected incidents are left out unless asked for; `review_status` keeps
    # one status only ("unreviewed", "accepted" or "rejected")
    include_rejected: bool = False
    review_status: str | None = None

    def __post_init__(self) -> None:
        if self.review_status is not None and self.review_status not in REVIEW_STATUSES:
            raise ValueError(f"unknown review status {self.review_status!r}; use one of "
                             f"{', '.join(REVIEW_STATUSES)}")


@dataclass(frozen=True, slots=True)
class Sort:
    """The order of a page: `key` (event_date or fatalities), then the id, ascending or not.

    Undated incidents come last in either direction: a timeline reader wants dated ones first.
    """

    key: str = "event_date"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.key not in SORT_KEYS:
            raise ValueError(f"cannot sort by {self.key!r}; use one of {', '.join(SORT_KEYS)}")


class CursorError(ValueError):
    """A page cursor that this query did not make (edited, truncated, or for another sort)."""


def _like(text: str) -> str:
    """A LIKE pattern that matches `text` anywhere, its own % and _ taken literally."""
    escaped = text.lower().replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def _contains(column: Any, pattern: str) -> ColumnElement[bool]:
    return func.lower(column).like(pattern, escape=_LIKE_ESCAPE)


class TextContains(ColumnElement[bool]):
    """`text` appears (case-insensitively) in one of the incidents' `columns`.

    Why a construct of its own: each database answers it its own way, and the filter stays one
    value. On SQLite it is a look-up in the trigram index of migration 0005 (`incidents_text`),
    for three or more characters; elsewhere, or for a shorter text, the `LIKE '%...%'` scan.
    """

    type = Boolean()
    inherit_cache = False  # the text is compiled into the statement's parameters, not its cache key

    def __init__(self, columns: tuple[str, ...], text: str) -> None:
        self.columns, self.text = columns, text

    def scan(self) -> ColumnElement[bool]:
        pattern = _like(self.text)
        return or_(*(_contains(t.incidents.c[name], pattern) for name in self.columns))


@compiles(TextContains)
def _compile_scan(element: TextContains, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.scan().self_group(), **kw)


@compiles(TextContains, "sqlite")
def _compile_trigram(element: TextContains, compiler: Any, **kw: Any) -> str:
    if len(element.text) < 3:  # a trigram index finds three characters or more
        return compiler.process(element.scan().self_group(), **kw)
    phrase = '"' + element.text.replace('"', '""') + '"'  # one literal phrase, never FTS5 query syntax
    query = "{" + " ".join(element.columns) + "} : " + phrase
    found = (select(literal_column("k.incident_id"))
             .select_from(sql_text("incident_text_keys AS k JOIN incidents_text ON incidents_text.rowid = k.key"))
             .where(literal_column("incidents_text").op("MATCH")(bindparam(None, query, unique=True))))
    return compiler.process(t.incidents.c.id.in_(found).self_group(), **kw)


def conditions(flt: IncidentFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter (all must hold); empty for the whole store."""
    c = t.incidents.c
    conds: list[ColumnElement[bool]] = []
    if flt.date_from:
        conds.append(c.event_date >= flt.date_from)
    if flt.date_to:
        conds.append(c.event_date <= flt.date_to)
    if flt.country:
        conds.append(func.lower(c.country) == flt.country.lower())
    if flt.admin1:
        conds.append(func.lower(c.admin1) == flt.admin1.lower())
    if flt.event_type:
        wanted = flt.event_type.lower()
        conds.append(or_(func.lower(c.event_type) == wanted, func.lower(c.sub_event_type) == wanted))
    if flt.sub_event_type:
        conds.append(func.lower(c.sub_event_type) == flt.sub_event_type.lower())
    if flt.actor:
        # an actor filter names a common actor more often than not ("islamic state" is a sixth of a
        # conflict's rows): walking the date index with the scan stops at a page, while the trigram
        # index would hand back every match first, so actors keep the scan, which a covering index of
        # the actor names by date (migration 0005) answers without reading the wide rows
        conds.append(TextContains(_ACTOR_COLUMNS, flt.actor).scan())
    if flt.q:
        conds.append(TextContains(("notes", "location", *_ACTOR_COLUMNS), flt.q))
    if flt.min_fatalities is not None:
        conds.append(c.fatalities >= flt.min_fatalities)
    if flt.bbox:
        x0, y0, x1, y1 = flt.bbox
        conds.append(and_(c.longitude >= x0, c.longitude <= x1, c.latitude >= y0, c.latitude <= y1))
    if flt.article_id:
        conds.append(c.id.in_(select(t.incident_articles.c.incident_id)
                              .where(t.incident_articles.c.article_id == flt.article_id)))
    if flt.review_status:
        conds.append(c.review_status == ("" if flt.review_status == "unreviewed" else flt.review_status))
    elif not flt.include_rejected:
        conds.append(c.review_status != "rejected")
    return conds


def count_query(flt: IncidentFilter) -> Select[Any]:
    return select(func.count()).select_from(t.incidents).where(*conditions(flt))


def _order_by(sort: Sort) -> list[Any]:
    """The ORDER BY terms, spelled as the `ix_incidents_page_*` indexes are (migration 0003)."""
    c = t.incidents.c
    key, ident = c[sort.key], c.id
    terms: list[Any] = [c.event_date.is_(None)] if sort.key == "event_date" else []
    return terms + ([key.desc(), ident.desc()] if sort.descending else [key, ident])


def _after(sort: Sort, value: Any, last_id: str) -> ColumnElement[bool]:
    """Rows strictly after (`value`, `last_id`) in `sort`'s order."""
    c = t.incidents.c
    key = c[sort.key]
    beyond = (lambda col, v: col < v) if sort.descending else (lambda col, v: col > v)
    if value is None:  # among the undated tail: only the id moves on
        return and_(key.is_(None), beyond(c.id, last_id))
    later = or_(beyond(key, value), and_(key == value, beyond(c.id, last_id)))
    return or_(later, key.is_(None)) if sort.key == "event_date" else later


def page_query(flt: IncidentFilter, sort: Sort, *, limit: int, offset: int = 0,
               cursor: str | None = None) -> Select[Any]:
    """Incident rows of one page: the filter, the order, then the cursor or the offset."""
    conds = conditions(flt)
    if cursor:
        value, last_id = decode_cursor(cursor, sort)
        conds.append(_after(sort, value, last_id))
    query = select(t.incidents).where(*conds).order_by(*_order_by(sort)).limit(limit)
    return query.offset(offset) if offset else query


def encode_cursor(sort: Sort, row: RowMapping | dict[str, Any]) -> str:
    """An opaque token for "the rows after this one", bound to the sort it was made for."""
    value = row[sort.key]
    payload = {"k": sort.key, "d": sort.descending, "v": value.isoformat() if isinstance(value, date) else value,
               "i": row["id"]}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> tuple[Any, str]:
    """(key value, id) of a cursor; `CursorError` when it is not one this sort made."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        key, desc, value, last_id = payload["k"], payload["d"], payload["v"], payload["i"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise CursorError("cursor is not one this API returned (use next_cursor as given)") from exc
    if key != sort.key or desc is not sort.descending:
        raise CursorError(f"cursor was made for another sort ({key}, {'desc' if desc else 'asc'})")
    if not isinstance(last_id, str):
        raise CursorError("cursor is not one this API returned (use next_cursor as given)")
    try:
        if key == "event_date":
            value = None if value is None else date.fromisoformat(value)
        elif not isinstance(value, int) or isinstance(value, bool) or not -_INT32 <= value < _INT32:
            # out of the column's range, a crafted value would reach the driver and fail there (a 500)
            raise TypeError(value)
    except (TypeError, ValueError) as exc:
        raise CursorError("cursor is not one this API returned (use next_cursor as given)") from exc
    return value, last_id


# ---------------------------------------------------------------- breakdowns (GET /stats, reports)


@dataclass(frozen=True, slots=True)
class Bucket:
    """Incidents and fatalities of one group (a day, a week, a type, an actor, an admin1)."""

    key: str
    incidents: int
    fatalities: int
    country: str = ""  # for admin1 buckets: the same name recurs across countries


@dataclass(slots=True)
class Breakdown:
    """Counts and fatalities of a filtered set, by day, ISO week (Monday), type, actor and admin1."""

    incidents: int = 0
    fatalities: int = 0
    first_date: date | None = None
    last_date: date | None = None
    by_day: list[Bucket] = field(default_factory=list)
    by_week: list[Bucket] = field(default_factory=list)
    by_event_type: list[Bucket] = field(default_factory=list)
    by_sub_event_type: list[Bucket] = field(default_factory=list)
    by_actor: list[Bucket] = field(default_factory=list)
    by_admin1: list[Bucket] = field(default_factory=list)


def _grouped(conn: Connection, column: Any, conds: list[ColumnElement[bool]], top: int | None) -> list[Bucket]:
    c = t.incidents.c
    n = func.count().label("n")
    query = (select(column.label("key"), n, func.coalesce(func.sum(c.fatalities), 0).label("f"))
             .where(*conds).group_by(column).order_by(n.desc(), column))
    if top:
        query = query.limit(top)
    return [Bucket(str(r.key or ""), int(r.n), int(r.f)) for r in conn.execute(query)]


def breakdown(conn: Connection, flt: IncidentFilter, *, top: int = 50) -> Breakdown:
    """The figures a timeline, a chart and a situation report draw, all in SQL over the filter.

    Weeks are summed from the days (an ISO week starting on Monday), which keeps the SQL the
    same on SQLite and PostgreSQL. `top` bounds the actor and admin1 lists (largest first).
    """
    c = t.incidents.c
    conds = conditions(flt)
    total = conn.execute(select(func.count(), func.coalesce(func.sum(c.fatalities), 0),
                                func.min(c.event_date), func.max(c.event_date)).where(*conds)).one()
    out = Breakdown(incidents=int(total[0]), fatalities=int(total[1]), first_date=total[2], last_date=total[3])
    days = conn.execute(select(c.event_date, func.count(), func.coalesce(func.sum(c.fatalities), 0))
                        .where(*conds, c.event_date.is_not(None)).group_by(c.event_date).order_by(c.event_date))
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for day, n, f in days:
        out.by_day.append(Bucket(day.isoformat(), int(n), int(f)))
        week = weeks[day - timedelta(days=day.weekday())]
        week[0] += int(n)
        week[1] += int(f)
    out.by_week = [Bucket(w.isoformat(), n, f) for w, (n, f) in sorted(weeks.items())]
    out.by_event_type = _grouped(conn, c.event_type, conds, None)
    out.by_sub_event_type = _grouped(conn, c.sub_event_type, conds, None)
    # either side: an incident counts once for each distinct actor it names
    sides = union(*(select(c.id, col.label("actor"), c.fatalities).where(*conds, col.is_not(None), col != "")
                    for col in (c.actor1, c.actor2))).subquery()
    n = func.count().label("n")
    actors = (select(sides.c.actor, n, func.coalesce(func.sum(sides.c.fatalities), 0))
              .group_by(sides.c.actor).order_by(n.desc(), sides.c.actor).limit(top))
    out.by_actor = [Bucket(str(a), int(k), int(f)) for a, k, f in conn.execute(actors)]
    admin = (select(c.country, c.admin1, n, func.coalesce(func.sum(c.fatalities), 0))
             .where(*conds, c.admin1.is_not(None), c.admin1 != literal(""))
             .group_by(c.country, c.admin1).order_by(n.desc(), c.country, c.admin1).limit(top))
    out.by_admin1 = [Bucket(str(a), int(k), int(f), country=str(cn or "")) for cn, a, k, f in conn.execute(admin)]
    return out
