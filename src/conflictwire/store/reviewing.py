"""The five review actions on an open connection: accept, reject, edit, merge, split.

Why apart from `reviews`: that module holds the log and the overlay, which linking applies on
every write; this one is what a person does, each action in the caller's transaction: append
to the log, leave constraints for merges and splits, and bring the incident row up to date.
Accept, reject and edit patch the row in place (no report changed); merge and split recluster
the reports concerned through `linking.apply_clusters`, which lays the reviews over the result
as it does after any relink.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from ..errors import ReviewError, UnknownIncident
from ..link.cluster import Pair
from . import reviews as rv
from . import schema as t
from .linking import SqlLinkIndex, apply_clusters

__all__ = ["accept_or_reject", "edit", "merge", "split"]


def resolve(conn: Connection, incident_id: str) -> RowMapping:
    """The incident row an id names now (a merged-away id is followed), or `UnknownIncident`."""
    wanted = conn.execute(select(t.incident_aliases.c.new_id)
                          .where(t.incident_aliases.c.old_id == incident_id)).scalar() or incident_id
    row = conn.execute(select(t.incidents).where(t.incidents.c.id == wanted)).mappings().first()
    if row is None:
        raise UnknownIncident(f"no incident {incident_id!r}", param="incident_id")
    return row


def mention_ids(conn: Connection, incident_id: str) -> list[str]:
    ids = conn.execute(select(t.mentions.c.id).where(t.mentions.c.incident_id == incident_id)
                       .order_by(t.mentions.c.id)).scalars()
    return list(ids) or [incident_id]  # an incident stored before linking is its own one report


def _history(conn: Connection, incident_id: str, now: datetime, change: dict[str, Any]) -> None:
    conn.execute(insert(t.incident_history).values(incident_id=incident_id, at=now, cause="reviewed", change=change))


def _from_log(name: str, value: Any) -> Any:
    """A value as the log holds it, back in the column's type (dates are ISO text there)."""
    if name == "event_date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _reapply(conn: Connection, row: RowMapping, now: datetime) -> list[dict[str, Any]]:
    """Bring one incident row up to date with its reviews; returns the machine spans an edit displaced."""
    inc_id = row["id"]
    before: Mapping[str, Any] = row["review_overrides"] or {}
    (state,) = rv.states_for(conn, [[*mention_ids(conn, inc_id), inc_id]])
    values: dict[str, Any] = {}
    overrides: dict[str, dict[str, Any]] = {}
    for name in sorted(set(before) | set(state.edits)):
        machine = before[name]["machine"] if name in before else rv.jsonable(row[name])
        e = state.edits.get(name)
        if e is None:  # no longer overridden: the machine's value returns
            values[name] = _from_log(name, machine)
            continue
        values[name] = rv.coerce_value(name, e["new"])
        overrides[name] = {"machine": machine, "value": e["new"], "review_id": e["id"], "by": e["by"],
                           "why": e["why"], "at": rv.jsonable(e["at"])}
    ev = t.evidence.c
    displaced = [{"field": r["field"], "article_id": r["article_id"], "start": r["start_char"], "end": r["end_char"],
                  "text": r["text"]}
                 for r in conn.execute(select(t.evidence).where(ev.incident_id == inc_id,
                                                                ev.field.in_(sorted(overrides)))).mappings()]
    if displaced:
        conn.execute(delete(t.evidence).where(ev.incident_id == inc_id, ev.field.in_(sorted(overrides))))
    conn.execute(update(t.incidents).where(t.incidents.c.id == inc_id).values(
        **values, review_status=state.status, review_overrides=overrides or None, updated_at=now))
    return displaced


def accept_or_reject(conn: Connection, incident_id: str, action: str, *, who: str, why: str,
                     now: datetime) -> str:
    """Mark an incident accepted or rejected (the latest of the two wins; a reject is undone by an accept)."""
    if action not in rv.STATUS_OF:
        raise ReviewError(f"unknown action {action!r}; use accept or reject", param="action")
    who, why = rv.clean_note(why, who)
    row = resolve(conn, incident_id)
    rid = rv.record_review(conn, incident_id=row["id"], anchor=row["id"], action=action, who=who, why=why, at=now,
                           old=row["review_status"] or "unreviewed", new=rv.STATUS_OF[action])
    _reapply(conn, row, now)
    _history(conn, row["id"], now, {"review_id": rid, "action": action, "by": who, "why": why,
                                    "old": row["review_status"] or "unreviewed", "new": rv.STATUS_OF[action]})
    return row["id"]


def edit(conn: Connection, incident_id: str, name: str, value: Any, *, who: str, why: str, now: datetime) -> str:
    """Set one field by hand; the machine's value and spans stay in the overrides and the history."""
    who, why = rv.clean_note(why, who)
    typed = rv.coerce_value(name, value)
    row = resolve(conn, incident_id)
    old = rv.jsonable(row[name])
    rid = rv.record_review(conn, incident_id=row["id"], anchor=row["id"], action="edit", name=name, old=old,
                           new=typed, who=who, why=why, at=now)
    displaced = _reapply(conn, row, now)
    change: dict[str, Any] = {"review_id": rid, "action": "edit", "field": name, "old": old,
                              "new": rv.jsonable(typed), "by": who, "why": why}
    if displaced:
        change["machine_evidence"] = displaced
    _history(conn, row["id"], now, change)
    return row["id"]


def _chain(ids: Sequence[str]) -> list[Pair]:
    """Pairs that tie `ids` into one group (must-link is transitive: a chain suffices)."""
    return [(a, b) for a, b in zip(ids, ids[1:], strict=False)]


def merge(conn: Connection, ids: Sequence[str], *, who: str, why: str, now: datetime, policy: str,
          scales: Mapping[str, str], extractor_version: str) -> str:
    """Make the incidents `ids` one: their reports must share an incident from now on. Returns its id."""
    who, why = rv.clean_note(why, who)
    if len(ids) < 2:
        raise ReviewError("name at least two incidents to merge", param="ids")
    rows = [resolve(conn, i) for i in ids]
    names = list(dict.fromkeys(r["id"] for r in rows))
    if len(names) < 2:
        raise ReviewError(f"{', '.join(ids)} are one incident already ({names[0]})", param="ids")
    groups = [mention_ids(conn, n) for n in names]
    everyone = sorted({m for g in groups for m in g})
    rid = rv.record_review(conn, incident_id=names[0], anchor=names[0], action="merge", old=names, who=who,
                           why=why, at=now)
    for i, left in enumerate(groups):
        for right in groups[i + 1:]:
            rv.drop_links(conn, "cannot", left, right)
    rv.set_links(conn, "must", _chain(everyone), rid)
    apply_clusters(conn, SqlLinkIndex(conn), [everyone], now=now, policy=policy, scales=scales,
                   extractor_version=extractor_version, cause="review")
    survivor = _holder(conn, everyone[0])
    conn.execute(update(t.reviews).where(t.reviews.c.id == rid).values(new_value=survivor))
    _history(conn, survivor, now, {"review_id": rid, "action": "merge", "old": names, "new": survivor, "by": who,
                                   "why": why})
    return survivor


def split(conn: Connection, incident_id: str, parts: Iterable[str], *, who: str, why: str, now: datetime,
          policy: str, scales: Mapping[str, str], extractor_version: str) -> list[str]:
    """Move some reports (named by report or article id) out into an incident of their own.

    Returns the ids of the two incidents: the one the named reports form, then the rest. They
    may never share an incident again, until a reviewer merges them.
    """
    who, why = rv.clean_note(why, who)
    row = resolve(conn, incident_id)
    held = mention_ids(conn, row["id"])
    article = dict(conn.execute(select(t.mentions.c.id, t.mentions.c.article_id)
                                .where(t.mentions.c.id.in_(held))).all())
    moved: set[str] = set()
    for x in parts:
        found = {m for m in held if m == x or article.get(m) == x}
        if not found:
            raise ReviewError(f"{x!r} is neither a report nor an article of incident {row['id']} "
                              f"(its reports: {', '.join(held)})", param="ids")
        moved |= found
    rest = sorted(set(held) - moved)
    if not moved or not rest:
        raise ReviewError("a split must leave reports on both sides: name some of the incident's reports or "
                          "articles, not all of them", param="ids")
    out = sorted(moved)
    rid = rv.record_review(conn, incident_id=row["id"], anchor=row["id"], action="split", old=held, new=out,
                           who=who, why=why, at=now)
    rv.drop_links(conn, "must", out, rest)
    rv.set_links(conn, "cannot", [(a, b) for a in out for b in rest], rid)
    rv.set_links(conn, "must", _chain(out) + _chain(rest), rid)
    apply_clusters(conn, SqlLinkIndex(conn), [out, rest], now=now, policy=policy, scales=scales,
                   extractor_version=extractor_version, cause="review")
    made = [_holder(conn, out[0]), _holder(conn, rest[0])]
    for inc in made:
        _history(conn, inc, now, {"review_id": rid, "action": "split", "old": row["id"], "new": made, "by": who,
                                  "why": why})
    return made


def _holder(conn: Connection, mention_id: str) -> str:
    """The incident that holds a report now."""
    return conn.execute(select(t.mentions.c.incident_id).where(t.mentions.c.id == mention_id)).scalar() or mention_id
