"""Score the store against an ACLED-format CSV the user already has.

Why in the product: analysts trust a coder after checking it on their own coded
events.  Pairing is by document id when the CSV's `event_id_cnty` names an ingested
article (ACLED notes ingested as documents), otherwise by date and distance, so an
analyst can also compare news-derived incidents with their ACLED export.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import ConflictwireError
from .geo import distance_km
from .ingest import parse_published
from .models import Incident

__all__ = ["Evaluation", "evaluate_against_acled"]

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "fatalities", "event_date", "location_25km")


@dataclass(slots=True)
class Evaluation:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    field_correct: dict[str, int] = field(default_factory=dict)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    def accuracy(self, name: str) -> float:
        """Share of all gold events whose paired record has this field right (a miss counts as wrong)."""
        return self.field_correct.get(name, 0) / self.gold if self.gold else 0.0


def _km(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> float:
    """Distance between two optional points; a missing coordinate is infinitely far."""
    if None in (*a, *b):
        return math.inf
    return distance_km(a[0], a[1], b[0], b[1])  # type: ignore[arg-type]


def _norm_actor(name: str) -> str:
    """Compare actors without ACLED's date ranges and country suffixes."""
    name = re.sub(r"\(\d{4}-(\d{4})?\)", "", name or "")
    name = re.sub(r"\([^)]*\)", "", name)
    return " ".join(name.lower().split())


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def _checks(g: dict[str, str], p: Incident) -> dict[str, bool]:
    gdate = parse_published(g.get("event_date"))
    return {
        "event_type": p.event_type == g.get("event_type"),
        "sub_event_type": p.sub_event_type == g.get("sub_event_type"),
        "actor1": _norm_actor(p.actor1) == _norm_actor(g.get("actor1", "")),
        "actor2": _norm_actor(p.actor2) == _norm_actor(g.get("actor2", "")),
        "fatalities": int(_float(g.get("fatalities")) or 0) == p.fatalities,
        "event_date": gdate == p.event_date,
        "location_25km": _km((_float(g.get("latitude")), _float(g.get("longitude"))),
                             (p.latitude, p.longitude)) <= 25,
    }


def evaluate_against_acled(gold_csv: Path, incidents: Sequence[Incident], *, date_slack: int = 1,
                           radius_km: float = 50.0) -> Evaluation:
    """Pair gold rows with stored incidents and count per-field agreement."""
    try:
        with gold_csv.open(newline="", encoding="utf-8-sig") as fh:
            gold = list(csv.DictReader(fh))
    except OSError as exc:
        raise ConflictwireError(f"{gold_csv}: cannot read ({exc.strerror or exc})") from exc
    if gold and "event_type" not in gold[0]:
        raise ConflictwireError(f"{gold_csv}: not an ACLED export (no event_type column)")
    by_article: dict[str, list[Incident]] = {}
    for inc in incidents:
        for aid in inc.article_ids:
            by_article.setdefault(aid, []).append(inc)
    ev = Evaluation(gold=len(gold), predicted=len(incidents))
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        gid = g.get("event_id_cnty", "")
        pool = by_article.get(gid) if gid in by_article else incidents
        gdate: date | None = parse_published(g.get("event_date"))
        for p in pool:
            same_doc = gid in p.article_ids
            close = gdate is not None and p.event_date is not None and abs((gdate - p.event_date).days) <= date_slack
            near = _km((_float(g.get("latitude")), _float(g.get("longitude"))),
                       (p.latitude, p.longitude)) <= radius_km
            if not (same_doc or (close and near)):
                continue
            quality = sum(_checks(g, p).values()) + 3 * same_doc
            candidates.append((quality, gi, id(p)))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    by_id = {id(p): p for p in incidents}
    for _q, gi, pid in sorted(candidates, key=lambda c: -c[0]):
        if gi in used_gold or pid in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pid)
        ev.matched += 1
        p, g = by_id[pid], gold[gi]
        for name, ok in _checks(g, p).items():
            ev.field_correct[name] = ev.field_correct.get(name, 0) + ok
        key = (g.get("sub_event_type", ""), p.sub_event_type)
        ev.confusion[key] = ev.confusion.get(key, 0) + 1
    return ev
