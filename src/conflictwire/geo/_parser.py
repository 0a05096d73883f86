"""The geoparser the pipeline calls: recognise, resolve, and pick an incident's place.

Why a class with a `from_settings` constructor: the gazetteer connection is the only
state, it is opened (and built if needed) there and not at import time, and a
second parser with other settings can live in the same process.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..config import Settings
from ..models import Place
from ._gazetteer import Gazetteer
from ._recognize import recognize
from ._resolve import Weights, resolve

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["Geoparser"]

_SETTLEMENT_CODES = ("PPL", "PPLC", "PPLA", "PPLA2", "PPLX", "PPLL")


class Geoparser:
    """Turns text into resolved `Place`s using one gazetteer."""

    def __init__(self, gazetteer: Gazetteer, weights: Weights | None = None) -> None:
        self.gazetteer = gazetteer
        self.weights = weights or Weights()

    @classmethod
    def from_settings(cls, settings: Settings) -> Geoparser:
        return cls(Gazetteer.open(settings))

    def parse(self, text: str, doc: Doc | None = None) -> list[Place]:
        """All toponyms in text, resolved (unresolved ones have latitude None and `reason` set)."""
        if not text:
            return []
        mentions = recognize(text, self.gazetteer, doc)
        return resolve(mentions, self.gazetteer, text, self.weights)

    def locate(self, places: list[Place], text: str, start: int, end: int) -> Place | None:
        """The place where an incident described by text[start:end] happened.

        Preference: a settlement or neighbourhood inside the span (the most specific
        one: a neighbourhood beats its city, a town beats a province), then the last
        such place before the span in the text, then the document's main settlement;
        countries and regions only when nothing finer exists.  Demonyms ("Iraqi
        forces") never locate an incident.
        """
        usable = [
            p
            for p in (self._with_seat(p) for p in places)
            if p.latitude is not None and "demonym" not in (p.reason or "")
        ]
        inside = [p for p in usable if start <= p.start and p.end <= end]
        pick = _most_specific(inside)
        if pick is None:
            before = [p for p in usable if p.end <= start and (p.geo_precision or 3) <= 2]
            pick = before[-1] if before else None
        if pick is None:
            pick = _main_settlement(usable) or _most_specific(usable)
            if pick is not None and (pick.geo_precision or 3) < 3 and not (start <= pick.start < end):
                pick = replace(pick, geo_precision=max(pick.geo_precision or 1, 2))
        if pick is None:
            return None
        out = self._with_seat(pick, always=True)
        rel = _relation_of(out)
        if rel and out.geo_precision == 1:
            out.geo_precision = 2
        if out.geo_precision is None:
            out.geo_precision = 3
        return out

    def _with_seat(self, p: Place, *, always: bool = False) -> Place:
        """A province as ACLED codes it: at its seat (only when it has no point, unless `always`)."""
        if p.feature_code != "ADM1" or not (always or p.latitude is None) or "its seat" in (p.reason or ""):
            return replace(p)
        seat = self.gazetteer.seat_of(p.country, _admin1_code(self.gazetteer, p))
        if seat is None:
            return replace(p)
        reason = f"{p.reason or ''}; province: placed at its seat {seat.name}".lstrip("; ")
        return replace(p, latitude=seat.latitude, longitude=seat.longitude, geo_precision=3, reason=reason)


def _admin1_code(gaz: Gazetteer, p: Place) -> str | None:
    """Places carry the admin1 name; find the code back through the gazetteer."""
    for c in gaz.lookup(p.resolved_name or p.name, country=p.country):
        if c.feature_code == "ADM1":
            return c.admin1
    return None


def _relation_of(p: Place) -> str | None:
    m = re.search(r"relation: (.*)$", p.reason or "")
    return m.group(1) if m else None


def _rank(p: Place) -> tuple[int, int]:
    code = p.feature_code or ""
    if code == "PPLX" or "inside" in (p.reason or ""):
        level = 0
    elif code in _SETTLEMENT_CODES:
        level = 1
    elif code == "ADM2":
        level = 2
    elif code == "ADM1":
        level = 3
    else:
        level = 4
    return level, p.start


def _most_specific(places: list[Place]) -> Place | None:
    return min(places, key=_rank) if places else None


def _main_settlement(places: list[Place]) -> Place | None:
    """The town the story is about: the most mentioned settlement (earliest on ties)."""
    counts: dict[str, list[Place]] = {}
    for p in places:
        if (p.feature_code or "") in _SETTLEMENT_CODES and p.geo_precision == 1:
            counts.setdefault(p.resolved_name or p.name, []).append(p)
    if not counts:
        return None
    best = max(counts.values(), key=lambda ps: (len(ps), -ps[0].start))
    return best[0]
