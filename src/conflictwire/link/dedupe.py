"""Within-article deduplication: one article restating one incident yields one record.

Pure functions over `Incident` records, so cross-article linking (next on the
roadmap) can reuse the same key and merge logic with a scoring function injected.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Incident

__all__ = ["dedupe_within_article", "incident_key", "merge_into"]


def incident_key(inc: Incident) -> tuple[object, ...]:
    """What makes two records the same incident inside one report."""
    return (inc.event_date, inc.sub_event_type, (inc.location or "").lower(), inc.fatalities, inc.actor1)


def merge_into(keep: Incident, other: Incident) -> Incident:
    """Fold `other` into `keep`: union of articles and evidence, wider casualty bounds."""
    for aid in other.article_ids:
        if aid not in keep.article_ids:
            keep.article_ids.append(aid)
    for ev in other.evidence:
        if ev not in keep.evidence:
            keep.evidence.append(ev)
    if other.injuries is not None:
        keep.injuries = max(keep.injuries or 0, other.injuries)
    keep.confidence = max(keep.confidence, other.confidence)
    return keep


def dedupe_within_article(incidents: Iterable[Incident]) -> list[Incident]:
    out: list[Incident] = []
    by_key: dict[tuple[object, ...], Incident] = {}
    for inc in incidents:
        key = incident_key(inc)
        if key in by_key:
            merge_into(by_key[key], inc)
            continue
        by_key.setdefault(key, inc)
        out.append(inc)
    return out
