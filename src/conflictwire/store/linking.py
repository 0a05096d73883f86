"""The store's side of linking: mentions, pairs and signatures in SQL, and writing clusters back.

`SqlLinkIndex` implements `link.LinkIndex` on one open connection (inside the batch's
transaction), so the candidate look-up, the kept pairs and the rewritten incidents commit
or roll back together with the articles that caused them. `apply_clusters` turns clusters
of mention ids into reconciled incident rows, and keeps the story in `incident_history`:
which report joined, with what score and why, and which fields changed from what to what.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from ..link import neardup
from ..link.cluster import Pair, pair
from ..link.features import LinkKey, family_of, link_key
from ..link.linker import day_windows
from ..link.reconcile import reconcile, report_order
from ..link.score import PairScore
from ..models import NOT_IN_ROW, Evidence, Incident, Mention
from . import reviews as rv
from . import schema as t

__all__ = ["INCIDENT_COLUMNS", "LinkOutcome", "SqlLinkIndex", "apply_clusters", "chunks", "incident_from_json",
           "mention_row"]

_CHUNK = 500
# the scalar columns of an incident row (lists and nested records live in their own tables; the
# timestamp is the row's own `updated_at`, read back by `Store`, never written from the record)
INCIDENT_COLUMNS = [f.name for f in fields(Incident)
                    if f.name not in NOT_IN_ROW | {"timestamp", "article_ids", "review_status"}]


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def incident_from_json(d: Mapping[str, Any]) -> Incident:
    """An `Incident` back from `Incident.to_dict()` (a mention's stored record)."""
    kwargs = {k: d[k] for k in INCIDENT_COLUMNS if k in d}
    if kwargs.get("event_date"):
        kwargs["event_date"] = date.fromisoformat(str(kwargs["event_date"]))
    inc = Incident(**kwargs)
    inc.article_ids = list(d.get("article_ids") or [])
    inc.remarks = list(d.get("remarks") or [])
    inc.evidence = [Evidence(e["field"], e["article_id"], e["start"], e["end"], e["text"])
                    for e in d.get("evidence") or []]
    return inc


def mention_row(m: Mention, position: int, now: datetime) -> dict[str, Any]:
    r = m.record
    record = r.to_dict()
    for key in ("mentions", "history", "reviews", "overrides", "review_status"):
        record.pop(key, None)
    return {"id": m.id, "incident_id": m.incident_id or m.id, "article_id": m.article_id, "position": position,
            "event_date": r.event_date,
            "time_precision": r.time_precision if r.time_precision in (1, 2, 3) else 3,
            "family": family_of(r.event_type, r.sub_event_type),
            "country": (r.country or "").lower(), "record": record, "vector": m.vector, "summary": m.summary,
            "created_at": now}


def _mention(row: Mapping[str, Any], published: date | None, outlet: str | None) -> Mention:
    rec = incident_from_json(row["record"])
    return Mention(id=row["id"], article_id=row["article_id"], record=rec, outlet=outlet or rec.source or "",
                   published=published, incident_id=row["incident_id"], link_score=row["link_score"],
                   link_reasons=list(row["link_reasons"] or []), linked_to=row["linked_to"] or "",
                   vector=row["vector"], summary=bool(row["summary"]))


@dataclass(slots=True)
class LinkOutcome:
    """What one linking pass changed (the ingest summary prints it)."""

    incidents_created: int = 0
    incidents_retired: int = 0
    reports_joined: int = 0
    near_duplicates: int = 0


class SqlLinkIndex:
    """`link.LinkIndex` over the store's tables, on one connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._keys: dict[str, LinkKey] = {}
        self._dups: dict[str, dict[str, float]] = {}  # article -> its near-duplicates, as looked up

    # ---------------------------------------------------------------- mentions
    def mentions(self, ids: Iterable[str]) -> dict[str, Mention]:
        wanted = sorted(set(ids))
        m, a = t.mentions.c, t.articles.c
        out: dict[str, Mention] = {}
        for chunk in chunks(wanted):
            q = (select(t.mentions, a.published, a.source.label("outlet"))
                 .join(t.articles, a.id == m.article_id).where(m.id.in_(chunk)))
            for row in self.conn.execute(q).mappings():
                out[row["id"]] = _mention(row, row["published"], row["outlet"])
        return out

    def keys(self, ids: Iterable[str]) -> list[LinkKey]:
        missing = [i for i in set(ids) if i not in self._keys]
        for mid, mention in self.mentions(missing).items():
            self._keys[mid] = link_key(mention)
        return [self._keys[i] for i in ids if i in self._keys]

    def candidates(self, key: LinkKey) -> Iterable[LinkKey]:
        if key.event_date is None:
            return []
        c = t.mentions.c
        day = key.event_date
        windows = day_windows(key.time_precision).items()
        conds = [or_(*[and_(c.time_precision == p, c.event_date >= day - timedelta(days=w),
                            c.event_date <= day + timedelta(days=w)) for p, w in windows]),
                 c.id != key.mention_id]
        if key.country:
            conds.append(or_(c.country == key.country, c.country == "", c.country.is_(None)))
        if key.summary:
            conds.append(c.summary.is_(False))  # two coded summaries never link (features.blocked)
        ids = list(self.conn.execute(select(c.id).where(*conds)).scalars())
        return self.keys(ids)

    # ---------------------------------------------------------------- near-duplicate articles
    def add_signature(self, article_id: str, text: str, params: neardup.NearDupParams) -> list[tuple[str, float]]:
        """Store an article's signature and band keys; return its near-duplicates already stored."""
        if not neardup.long_enough(text, params):
            return []
        sig = neardup.signature(text, params)
        bands = neardup.band_keys(sig, params)
        b = t.article_bands.c
        cands: set[str] = set()
        for chunk in chunks(bands):
            cond = or_(*[and_(b.band == band, b.bucket == key) for band, key in chunk])
            cands.update(self.conn.execute(select(b.article_id).where(cond)).scalars())
        cands.discard(article_id)
        found: list[tuple[str, float]] = []
        if cands:
            s = t.article_signatures.c
            for other, raw in self.conn.execute(select(s.article_id, s.signature).where(s.article_id.in_(cands))):
                sim = neardup.similarity(sig, np.frombuffer(raw, dtype=np.uint64))
                if sim >= params.threshold:
                    found.append((other, round(sim, 3)))
        self.conn.execute(insert(t.article_signatures).values(article_id=article_id,
                                                              signature=sig.astype("<u8").tobytes()))
        self.conn.execute(insert(t.article_bands), [{"band": band, "bucket": key, "article_id": article_id}
                                                     for band, key in bands])
        if found:
            self.conn.execute(insert(t.article_duplicates), [
                row for other, sim in found for row in (
                    {"article_id": article_id, "other_id": other, "similarity": sim},
                    {"article_id": other, "other_id": article_id, "similarity": sim})])
            for other, sim in found:
                self._dups.setdefault(article_id, {})[other] = sim
                if other in self._dups:
                    self._dups[other][article_id] = sim
        return sorted(found)

    def same_story(self, article_a: str, article_b: str) -> float | None:
        if article_a not in self._dups:  # one look-up per article, not per pair, and never the whole table
            d = t.article_duplicates.c
            self._dups[article_a] = dict(self.conn.execute(
                select(d.other_id, d.similarity).where(d.article_id == article_a)).all())
        return self._dups[article_a].get(article_b)

    # ---------------------------------------------------------------- pairs
    def save_pairs(self, scored: Mapping[Pair, PairScore]) -> None:
        if not scored:
            return
        p = t.mention_pairs.c
        keys = list(scored)
        for chunk in chunks(keys):
            self.conn.execute(delete(t.mention_pairs).where(or_(*[and_(p.a == a, p.b == b) for a, b in chunk])))
        self.conn.execute(insert(t.mention_pairs), [
            {"a": a, "b": b, "score": s.score, "reasons": list(s.reasons)} for (a, b), s in scored.items()])

    def forget_pairs(self, ids: Iterable[str]) -> None:
        wanted = sorted(set(ids))
        p = t.mention_pairs.c
        for chunk in chunks(wanted):
            self.conn.execute(delete(t.mention_pairs).where(or_(p.a.in_(chunk), p.b.in_(chunk))))

    def neighbours(self, ids: Iterable[str], threshold: float) -> set[str]:
        """Mentions paired with `ids` at or above `threshold`, and the reports sharing their incidents.

        The second half makes a recomputation see every report of an incident it touches, even
        when a rule change has since lowered the pair that once joined them.
        """
        wanted = sorted(set(ids))
        p, m = t.mention_pairs.c, t.mentions.c
        out: set[str] = set()
        for chunk in chunks(wanted):
            for a, b in self.conn.execute(select(p.a, p.b).where(p.score >= threshold,
                                                                  or_(p.a.in_(chunk), p.b.in_(chunk)))):
                out.add(a)
                out.add(b)
            held = select(m.incident_id).where(m.id.in_(chunk))
            out.update(self.conn.execute(select(m.id).where(m.incident_id.in_(held))).scalars())
        out |= rv.must_partners(self.conn, wanted)  # reports a reviewer merged stay in reach
        return out - set(wanted)

    def constraints(self, ids: Iterable[str]) -> tuple[set[Pair], set[Pair]]:
        return rv.constraints(self.conn, ids)

    def pair_rows(self, ids: Iterable[str]) -> dict[Pair, tuple[float, list[str]]]:
        wanted = sorted(set(ids))
        p = t.mention_pairs.c
        out: dict[Pair, tuple[float, list[str]]] = {}
        for chunk in chunks(wanted):
            for a, b, s, why in self.conn.execute(select(p.a, p.b, p.score, p.reasons).where(p.a.in_(chunk))):
                if b in wanted:
                    out[(a, b)] = (s, list(why or []))
        return out

    def pair_scores(self, ids: Iterable[str]) -> dict[Pair, float]:
        return {k: s for k, (s, _) in self.pair_rows(ids).items()}

    def article_of(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        c = t.mentions.c
        out: dict[str, str] = {}
        for chunk in chunks(wanted):
            out.update(dict(self.conn.execute(select(c.id, c.article_id).where(c.id.in_(chunk))).all()))
        return out


# -------------------------------------------------------------------- writing clusters back

def _scalar(inc: Incident) -> dict[str, Any]:
    return {c: getattr(inc, c) for c in INCIDENT_COLUMNS}


def _comparable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def apply_clusters(conn: Connection, index: SqlLinkIndex, clusters: Sequence[Sequence[str]], *, now: datetime,
                   policy: str, scales: Mapping[str, str], extractor_version: str, cause: str,
                   fresh: set[str] | frozenset[str] = frozenset()) -> LinkOutcome:
    """Rewrite the incidents of `clusters` (each a list of mention ids) as reconciled records.

    `fresh` names the incidents opened by this batch (one per new mention): retiring one of them
    is no change anyone has seen, so it leaves no alias.
    """
    outcome = LinkOutcome()
    clusters = [list(c) for c in clusters]
    all_ids = [m for c in clusters for m in c]
    # a report of a rewritten incident that no cluster holds (a component cut at its size guard)
    # becomes an incident of its own rather than pointing at a deleted one
    mc = t.mentions.c
    held = {i for chunk in chunks(sorted(set(all_ids))) for i in conn.execute(
        select(mc.incident_id).where(mc.id.in_(chunk))).scalars()}
    stray = sorted({i for chunk in chunks(sorted(held)) for i in conn.execute(
        select(mc.id).where(mc.incident_id.in_(chunk))).scalars()} - set(all_ids))
    clusters += [[i] for i in stray]
    all_ids += stray
    mentions = index.mentions(all_ids)
    pairs = index.pair_rows(all_ids)
    plan: list[tuple[str, list[Mention]]] = []
    for c in clusters:
        ms = sorted((mentions[i] for i in c if i in mentions), key=report_order)
        if ms:
            plan.append((ms[0].id, ms))  # the earliest report's mention names the incident
    new_ids = {nid for nid, _ in plan}
    holder = {m.id: nid for nid, ms in plan for m in ms}
    inc_c = t.incidents.c
    old_ids = sorted({m.incident_id for m in mentions.values()})
    prev_rows = {r["id"]: dict(r) for chunk in chunks(old_ids + sorted(new_ids))
                 for r in conn.execute(select(t.incidents).where(inc_c.id.in_(chunk))).mappings()}
    # incidents that no cluster keeps: their history goes to the incident now holding most of their reports
    for old in old_ids:
        if old in new_ids:
            continue
        votes = Counter(holder[m.id] for m in mentions.values() if m.incident_id == old)
        target = min(votes, key=lambda k: (-votes[k], k))
        conn.execute(update(t.incident_history).where(t.incident_history.c.incident_id == old)
                     .values(incident_id=target))
        if old not in fresh and old in prev_rows:
            conn.execute(update(t.incident_aliases).where(t.incident_aliases.c.new_id == old).values(new_id=target))
            conn.execute(delete(t.incident_aliases).where(t.incident_aliases.c.old_id == old))
            conn.execute(insert(t.incident_aliases).values(old_id=old, new_id=target, at=now))
            outcome.incidents_retired += 1
        conn.execute(delete(t.incidents).where(inc_c.id == old))
    # an id that names an incident again (a split, or a relink undoing a merge) is no longer an alias
    revived = sorted(new_ids)
    for chunk in chunks(revived):
        conn.execute(delete(t.incident_aliases).where(t.incident_aliases.c.old_id.in_(chunk)))
    states = rv.states_for(conn, [[m.id for m in ms] for _, ms in plan])
    for (nid, ms), state in zip(plan, states, strict=True):
        inc = reconcile(ms, incident_id=nid, policy=policy, scales=scales)
        displaced = rv.overlay(inc, state)  # the reviews of these reports, laid over the machine's record
        prev = prev_rows.get(nid)
        row = _scalar(inc)
        row.update(review_status=inc.review_status, review_overrides=inc.overrides or None)
        if prev is None:
            conn.execute(insert(t.incidents).values(**row, extractor_version=extractor_version, created_at=now,
                                                    updated_at=now))
        else:
            conn.execute(update(t.incidents).where(inc_c.id == nid).values(**row, updated_at=now))
        conn.execute(delete(t.incident_articles).where(t.incident_articles.c.incident_id == nid))
        conn.execute(insert(t.incident_articles), [{"incident_id": nid, "article_id": aid, "position": pos}
                                                   for pos, aid in enumerate(inc.article_ids)])
        conn.execute(delete(t.evidence).where(t.evidence.c.incident_id == nid))
        if inc.evidence:
            conn.execute(insert(t.evidence), [
                {"incident_id": nid, "field": ev.field, "article_id": ev.article_id, "start_char": ev.start,
                 "end_char": ev.end, "text": ev.text} for ev in inc.evidence])
        # the incident these reports were mostly in before (none: it is new); a report from elsewhere joined it
        before = Counter(m.incident_id for m in ms if m.incident_id and m.incident_id not in fresh)
        base_id = min(before, key=lambda k: (-before[k], k)) if before else None
        joined = []
        for pos, m in enumerate(ms):
            others = ms[:pos] if pos else ms[1:]
            best = max(((pairs[pair(m.id, o.id)], o.id) for o in others if pair(m.id, o.id) in pairs),
                       key=lambda x: (x[0][0], x[1]), default=None)
            (score, reasons), to = best if best is not None else ((None, []), "")
            conn.execute(update(t.mentions).where(t.mentions.c.id == m.id).values(
                incident_id=nid, link_score=score if pos else None, link_reasons=reasons if pos else [],
                linked_to=to if pos else ""))
            if len(ms) > 1 and m.incident_id != base_id and (base_id is not None or pos):
                joined.append(m)
                conn.execute(insert(t.incident_history).values(
                    incident_id=nid, at=now, cause="linked",
                    change={"article_id": m.article_id, "mention_id": m.id, "outlet": m.outlet,
                            "score": score, "reasons": reasons, "scored_against": to, "by": cause,
                            "from_incident": m.incident_id}))
        outcome.reports_joined += len(joined)
        if base_id is None:
            outcome.incidents_created += 1
            continue
        base = prev_rows.get(base_id)
        if base is not None:
            changed = {k: [_comparable(base.get(k)), _comparable(v)] for k, v in row.items()
                       if k in INCIDENT_COLUMNS and k != "id" and _comparable(base.get(k)) != _comparable(v)}
            # a field a reviewer set keeps their value; what the machine now says of it is logged beside
            before_machine = {k: o.get("machine") for k, o in (base.get("review_overrides") or {}).items()}
            machine = {k: [before_machine[k], o["machine"]] for k, o in inc.overrides.items()
                       if k in before_machine and before_machine[k] != o["machine"]}
            if changed or machine:
                change: dict[str, Any] = {"fields": changed, "article_ids": [m.article_id for m in joined],
                                          "by": cause, "policy": policy}
                if machine:
                    change["machine_fields"] = machine
                if displaced:
                    change["machine_evidence"] = [_span(ev) for ev in displaced]
                conn.execute(insert(t.incident_history).values(
                    incident_id=nid, at=now, cause="reconciled", change=change))
    return outcome


def _span(ev: Evidence) -> dict[str, Any]:
    return {"field": ev.field, "article_id": ev.article_id, "start": ev.start, "end": ev.end, "text": ev.text}
