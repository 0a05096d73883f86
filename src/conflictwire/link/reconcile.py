"""One incident from several reports: which report's value each field takes, and why.

Policies follow how ACLED and Iraq Body Count reconcile sources by hand:

* **fatalities**: ACLED codes the most conservative figure its sources support. When the
  reports' ranges share values ("at least 20" and "21") the lowest shared value is taken
  (21); when they contradict (10 and 12) the lowest report (10). A follow-up that revises
  the toll of the event ("the death toll from Thursday's bombing rose to 40"), published
  after every report that gave another figure, is an update, not a contradiction: its
  figure is taken, as ACLED revises a toll when later reporting does. `fatalities_low` and
  `fatalities_high` span every report. Other policies: `max`, `median`, `latest` (the most
  recently published report, for tolls that rise as bodies are found).
* **date**: the most precise, then the most reported, then the earliest.
* **place**: the most precise (lowest geo_precision), then the most reported name.
* **type and actors**: a vote weighted by each report's confidence; the actors' codes
  (inter, interaction, civilian targeting) come from a report that named the winner.
* **source**: every outlet, in order of publication; `source_scale` from the outlets' scales.

Every field keeps the evidence of the reports that gave the chosen value, each span pointing
into its own article, and each report stays whole in `Incident.mentions`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

from ..extract.casualties import toll_revision
from ..extract.taxonomy import interaction_code
from ..models import Incident, Mention
from ..reference.language import LanguageReference

__all__ = ["FATALITY_POLICIES", "reconcile", "report_order", "source_scale"]

FATALITY_POLICIES = ("conservative", "max", "median", "latest")
_PLACE_FIELDS = ("location", "latitude", "longitude", "geo_precision", "country", "iso", "region",
                 "admin1", "admin2", "admin3")
_ACTOR1_FIELDS = ("actor1", "assoc_actor_1", "inter1")
_ACTOR2_FIELDS = ("actor2", "assoc_actor_2", "inter2")
_TYPE_FIELDS = ("event_type", "sub_event_type", "disorder_type", "plover_event", "plover_mode")
# ACLED's source scales from the narrowest to the widest; a combination names the two ends
_SCALES = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")


@cache
def _packaged_revision() -> re.Pattern[str]:
    """The revised-toll pattern of the packaged language tables, read on first use (never at import)."""
    return toll_revision(LanguageReference.load())


def report_order(m: Mention) -> tuple[date, str]:
    """Reports in order of publication (undated last), then by id: the order sources are listed in."""
    return (m.published or date.max, m.id)


def _vote(mentions: Sequence[Mention], value: Callable[[Mention], Any]) -> Any:
    """The value with the most confidence behind it; ties go to the earliest report."""
    weight: dict[Any, float] = {}
    first: dict[Any, int] = {}
    for pos, m in enumerate(mentions):
        v = value(m)
        if v in (None, ""):
            continue
        weight[v] = weight.get(v, 0.0) + max(m.record.confidence, 0.05)
        first.setdefault(v, pos)
    if not weight:
        return None
    return max(weight, key=lambda v: (weight[v], -first[v]))


def _tolled(m: Mention) -> bool:
    r = m.record
    return bool(r.fatalities) or bool(r.fatalities_low) or bool(r.evidence_for("fatalities"))


def _fatalities(tolled: Sequence[Mention], policy: str, revision: re.Pattern[str]) -> int:
    bests = [m.record.fatalities for m in tolled]
    if policy == "max":
        return max(bests)
    if policy == "median":
        return int(statistics.median_low(bests))
    if policy == "latest":
        return tolled[-1].record.fatalities
    revised = _revision(tolled, revision)
    if revised is not None:
        return revised.record.fatalities
    ranges = [_range(m) for m in tolled]
    agreed = [b for b in sorted(bests) if all(lo <= b and (hi is None or b <= hi) for lo, hi in ranges)]
    if agreed:
        return agreed[0]  # the lowest figure a report gives that every report allows
    low = max(lo for lo, _ in ranges)
    closed = [hi for _, hi in ranges if hi is not None]
    if not closed or low <= min(closed):
        return low  # the reports share values, none of them given as such: the lowest shared one
    return min(bests)  # they contradict: the lowest report


def _revision(tolled: Sequence[Mention], revision: re.Pattern[str]) -> Mention | None:
    """The last report, when it revises the event's toll after every report that gave another figure."""
    last = tolled[-1]
    if last.published is None or not any(ev.field == "fatalities" and revision.search(ev.text)
                                         for ev in last.record.evidence):
        return None
    others = [m for m in tolled[:-1] if m.record.fatalities != last.record.fatalities]
    if others and all(m.published is not None and m.published < last.published for m in others):
        return last
    return None


def _range(m: Mention) -> tuple[int, int | None]:
    r = m.record
    if r.fatalities_low is None:
        return r.fatalities, r.fatalities
    return r.fatalities_low, r.fatalities_high


def source_scale(outlets: Sequence[str], scales: Mapping[str, str]) -> str:
    """ACLED-style scale of a set of outlets: one scale, or 'Narrowest-Widest' of the known ones."""
    known = sorted({scales[o.lower()] for o in outlets if o.lower() in scales},
                   key=lambda s: _SCALES.index(s) if s in _SCALES else len(_SCALES))
    if not known:
        return ""
    return known[0] if len(known) == 1 else f"{known[0]}-{known[-1]}"


def reconcile(mentions: Sequence[Mention], *, incident_id: str, policy: str = "conservative",
              scales: Mapping[str, str] | None = None, revision: re.Pattern[str] | None = None) -> Incident:
    """The incident that `mentions` (reports of one event) describe together.

    `revision` recognises a report that revises an event's toll ("the death toll from the bombing
    rose to 40", `extract.casualties.toll_revision`); by default the packaged language tables'.
    """
    if policy not in FATALITY_POLICIES:
        raise ValueError(f"unknown fatalities policy {policy!r}; choose one of {', '.join(FATALITY_POLICIES)}")
    ms = sorted(mentions, key=report_order)
    if len(ms) == 1:
        inc = _copy(ms[0].record, incident_id)
        inc.mentions = list(ms)
        if scales is not None and not inc.source_scale:
            inc.source_scale = source_scale([inc.source], scales)
        return inc
    inc = Incident(id=incident_id)
    chosen: dict[str, list[Mention]] = {}

    def take(fields: Sequence[str], winner: Mention, name: str | None = None) -> None:
        for f in fields:
            setattr(inc, f, getattr(winner.record, f))
        chosen[name or fields[0]] = [m for m in ms if getattr(m.record, fields[0]) == getattr(winner.record,
                                                                                              fields[0])]

    # date: most precise, then most reported, then earliest
    dated = [m for m in ms if m.record.event_date is not None]
    if dated:
        best_p = min(m.record.time_precision or 3 for m in dated)
        pool = [m for m in dated if (m.record.time_precision or 3) == best_p]
        counts = Counter(m.record.event_date for m in pool)
        day = min(counts, key=lambda d: (-counts[d], d))
        take(("event_date", "time_precision"), next(m for m in pool if m.record.event_date == day))
    # type: confidence-weighted vote on the sub-event type
    sub = _vote(ms, lambda m: m.record.sub_event_type)
    if sub:
        take(_TYPE_FIELDS, next(m for m in ms if m.record.sub_event_type == sub), "sub_event_type")
        chosen["event_type"] = chosen["disorder_type"] = chosen["sub_event_type"]
    for fields in (_ACTOR1_FIELDS, _ACTOR2_FIELDS):
        name = _vote(ms, lambda m, f=fields[0]: getattr(m.record, f))
        if name:
            take(fields, next(m for m in ms if getattr(m.record, fields[0]) == name))
    inc.interaction = _interaction(inc)
    civ = _vote(ms, lambda m: m.record.civilian_targeting)
    inc.civilian_targeting = civ or ""
    # place: most precise, then most reported name
    placed = [m for m in ms if m.record.latitude is not None]
    if placed:
        best_g = min(m.record.geo_precision or 3 for m in placed)
        pool = [m for m in placed if (m.record.geo_precision or 3) == best_g]
        counts = Counter(m.record.location for m in pool)
        name = min(counts, key=lambda n: (-counts[n], next(i for i, m in enumerate(pool) if m.record.location == n)))
        take(_PLACE_FIELDS, next(m for m in pool if m.record.location == name))
    else:
        country = _vote(ms, lambda m: m.record.country)
        if country:
            take(("country", "iso", "region"), next(m for m in ms if m.record.country == country))
    # casualties
    tolled = [m for m in ms if _tolled(m)]
    if tolled:
        inc.fatalities = _fatalities(tolled, policy, revision or _packaged_revision())
        ranges = [_range(m) for m in tolled]
        inc.fatalities_low = min(lo for lo, _ in ranges)
        highs = [hi for _, hi in ranges]
        inc.fatalities_high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        chosen["fatalities"] = [m for m in tolled if _allows(m, inc.fatalities)]
    else:
        inc.fatalities, inc.fatalities_low, inc.fatalities_high = 0, 0, 0
    hurt = [m for m in ms if m.record.injuries is not None]
    if hurt:
        inc.injuries = min(m.record.injuries or 0 for m in hurt) if policy == "conservative" else max(
            m.record.injuries or 0 for m in hurt)
        inc.injuries_low = min((m.record.injuries_low if m.record.injuries_low is not None else m.record.injuries)
                               or 0 for m in hurt)
        highs_i = [m.record.injuries_high if m.record.injuries_low is not None else m.record.injuries for m in hurt]
        inc.injuries_high = None if any(h is None for h in highs_i) else max(h or 0 for h in highs_i)
        chosen["injuries"] = [m for m in hurt if m.record.injuries == inc.injuries]
    # who said it, where it was read
    claimant = next((m for m in ms if m.record.claimant), None)
    if claimant:
        inc.claimant = claimant.record.claimant
        chosen["claimant"] = [claimant]
    outlets = list(dict.fromkeys(m.outlet or m.record.source for m in ms if (m.outlet or m.record.source)))
    inc.source = "; ".join(outlets)
    inc.source_scale = source_scale(outlets, scales or {})
    lead = chosen.get("sub_event_type", ms)[0]
    inc.notes = lead.record.notes
    inc.tags = lead.record.tags
    inc.confidence = round(max(m.record.confidence for m in ms), 4)
    inc.article_ids = list(dict.fromkeys(a for m in ms for a in (m.record.article_ids or [m.article_id])))
    inc.remarks = list(dict.fromkeys(r for m in ms for r in m.record.remarks))
    inc.remarks.append(f"reconciled from {len(ms)} reports ({policy} fatalities)")
    inc.evidence = _evidence(ms, chosen)
    inc.mentions = list(ms)
    return inc


def _allows(m: Mention, value: int) -> bool:
    low, high = _range(m)
    return low <= value and (high is None or value <= high)


def _interaction(inc: Incident) -> int | None:
    return interaction_code(inc.inter1, inc.inter2) if inc.inter1 else None


def _evidence(ms: Sequence[Mention], chosen: Mapping[str, list[Mention]]) -> list:
    """Each field's spans from the reports that gave the chosen value; other fields from every report."""
    out = []
    seen = set()
    for m in ms:
        for ev in m.record.evidence:
            group = _EVIDENCE_GROUP.get(ev.field, ev.field)
            if group in chosen and m not in chosen[group]:
                continue
            key = (ev.field, ev.article_id, ev.start, ev.end)
            if key not in seen:
                seen.add(key)
                out.append(ev)
    return out


_EVIDENCE_GROUP = {"time_precision": "event_date", "latitude": "location", "longitude": "location",
                   "geo_precision": "location", "country": "location", "assoc_actor_1": "actor1",
                   "assoc_actor_2": "actor2", "disorder_type": "sub_event_type", "event_type": "sub_event_type"}


def _copy(rec: Incident, incident_id: str) -> Incident:
    return replace(rec, id=incident_id, article_ids=list(rec.article_ids), evidence=list(rec.evidence),
                   remarks=list(rec.remarks), mentions=[], history=[])
