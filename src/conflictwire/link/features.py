"""What linking reads from a mention, and the blocking rule that decides which pairs to score.

Why a separate, flat key: blocking and scoring run on every candidate pair, in the store's
query, in memory for the benchmark and (later) on Spark executors, so they read one small
frozen value per mention instead of a whole record with its evidence. Every comparison is
made on normalised fields (dates, coordinates, ACLED types, actor names, counts), not on
English wording alone, so reports in other languages can be linked by the same rules; the
wording signal is the sentence encoder's vector, which is multilingual-capable.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..extract.taxonomy import EVENT_TYPES
from ..models import Mention

__all__ = ["LinkKey", "blocked", "date_window", "families_compatible", "family_of", "km", "latitude_reach",
           "link_key", "place_radius_km"]

# Event families: two reports of one event may type it differently within a family (a
# suicide car bomb against troops is a "Suicide bomb" to one outlet and an "Armed clash" to
# another), never across families (a protest is not a bombing, an arrest is not a clash).
# A riot sits between the two: one outlet's "mob attacked" is another's "protest turned violent".
_FAMILY_OF_TYPE = {
    "Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
    "Protests": "demonstration", "Riots": "riot", "Strategic developments": "strategic",
}
_BRIDGES = frozenset({frozenset({"riot", "violence"}), frozenset({"riot", "demonstration"})})
_SUB_TO_TYPE = {sub: typ for typ, subs in EVENT_TYPES.items() for sub in subs}
# How far apart two reports may date one event, by ACLED time precision (1 day, 2 week, 3 month):
# outlets publishing a day later resolve "yesterday" to the same day, but a report dated only
# to its week or month may lie anywhere in it.
_DATE_WINDOW = {1: 1, 2: 7, 3: 31}
# How far apart two reports may place one event, by ACLED geo precision (1 town, 2 near or part
# of a town, 3 only the region): a neighbourhood named by one outlet and its city by another.
_PLACE_RADIUS_KM = {1: 15.0, 2: 30.0, 3: 120.0}
_ARTICLE = re.compile(r"\b(al|el|ar|as|an|ad|az|the)\s+")
_PAREN = re.compile(r"\s*\([^)]*\)")
_NONWORD = re.compile(r"[^\w\s]+")
# words of five letters or more: the fallback wording signal skips the short function words
_WORD = re.compile(r"[a-z]{5,}")



def family_of(event_type: str, sub_event_type: str = "") -> str:
    typ = event_type or _SUB_TO_TYPE.get(sub_event_type, "")
    return _FAMILY_OF_TYPE.get(typ, typ or "unknown")


def families_compatible(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _BRIDGES


def date_window(precision: int | None) -> int:
    return _DATE_WINDOW.get(precision or 1, 31)


def place_radius_km(precision: int | None) -> float:
    return _PLACE_RADIUS_KM.get(precision or 1, 120.0)


_EARTH_RADIUS_KM = 6371.0
_KM_PER_DEGREE = _EARTH_RADIUS_KM * math.pi / 180  # of a meridian, on the sphere `km` measures


def latitude_reach(geo_precision: int | None) -> float:
    """Degrees of latitude beyond which no report can be placed near one of this precision.

    `blocked` allows two places within the sum of their precisions' radii; an arc is at least
    as long as its north-south leg, so a candidate further north or south than this is out.
    """
    return (place_radius_km(geo_precision) + max(_PLACE_RADIUS_KM.values())) / _KM_PER_DEGREE


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def fold(text: str) -> str:
    """Case, accents, Arabic articles and punctuation folded: 'al-Wahda' == 'Wahda'."""
    s = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    s = _NONWORD.sub(" ", s.replace("'", "").replace("\u2019", ""))
    return " ".join(_ARTICLE.sub("", s + " ").split())


# the actors ACLED's coding rules give an event by its type when no one is named (see docs/actors.md):
# they say what kind of event it was, not which one
DEFAULT_ACTORS = frozenset({"civilians", "rioters", "protesters", "unidentified armed group"})


def actor_base(name: str) -> str:
    """An ACLED actor name without its country or period: 'Military Forces of Iraq (2014-2018)'."""
    return _PAREN.sub("", name or "").strip().lower()


@dataclass(frozen=True, slots=True)
class LinkKey:
    """One mention as linking sees it."""

    mention_id: str
    article_id: str
    day: int | None  # proleptic ordinal of the event date
    time_precision: int
    latitude: float | None
    longitude: float | None
    geo_precision: int
    country: str
    admin1: str
    location: str  # folded
    family: str
    event_type: str
    sub_event_type: str
    actor1: str  # base name, folded
    actors: frozenset[str]
    fatalities_low: int
    fatalities_high: int | None  # None: open ("at least 20")
    has_toll: bool  # a count or an explicit "no one was killed" was read
    injuries_low: int
    injuries_high: int | None
    has_injuries: bool
    claimant: str
    words: frozenset[str]
    vector: np.ndarray | None
    outlet: str = ""  # folded name of the outlet that published the report
    summary: bool = False  # told by a coded summary (see `blocked`)
    published: int | None = None  # proleptic ordinal of the report's publication date

    @property
    def event_date(self) -> date | None:
        return date.fromordinal(self.day) if self.day is not None else None


def _vector(raw: bytes | None) -> np.ndarray | None:
    if not raw:
        return None
    vec = np.frombuffer(raw, dtype=np.float16).astype(np.float32)
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else None


def link_key(m: Mention) -> LinkKey:
    r = m.record
    names = [n for value in (r.actor1, r.actor2, r.assoc_actor_1, r.assoc_actor_2) for n in (value or "").split(";")]
    actors = frozenset(b for b in map(actor_base, names) if b)
    has_toll = bool(r.fatalities) or bool(r.fatalities_low) or bool(r.evidence_for("fatalities"))
    low = r.fatalities_low if r.fatalities_low is not None else r.fatalities
    high = r.fatalities_high if r.fatalities_low is not None else r.fatalities
    inj = r.injuries
    inj_low = r.injuries_low if r.injuries_low is not None else (inj or 0)
    inj_high = r.injuries_high if r.injuries_low is not None else inj
    words = frozenset(_WORD.findall((r.notes or "").lower()))
    return LinkKey(
        mention_id=m.id, article_id=m.article_id,
        day=r.event_date.toordinal() if r.event_date else None,
        time_precision=r.time_precision if r.time_precision in (1, 2, 3) else 3,
        latitude=r.latitude, longitude=r.longitude, geo_precision=r.geo_precision or 1,
        country=(r.country or "").lower(), admin1=(r.admin1 or "").lower(), location=fold(r.location),
        family=family_of(r.event_type, r.sub_event_type), event_type=r.event_type, sub_event_type=r.sub_event_type,
        actor1=actor_base(r.actor1), actors=actors,
        fatalities_low=int(low or 0), fatalities_high=None if high is None else int(high), has_toll=has_toll,
        injuries_low=int(inj_low or 0), injuries_high=None if inj_high is None else int(inj_high),
        has_injuries=inj is not None, claimant=fold(r.claimant), words=words, vector=_vector(m.vector),
        outlet=fold(m.outlet or r.source), summary=m.summary,
        published=m.published.toordinal() if m.published else None,
    )


def blocked(a: LinkKey, b: LinkKey) -> bool:
    """Whether the pair is worth scoring: same family, dates and places within each other's precision.

    Symmetric, so the set of scored pairs (and therefore the clusters) does not depend on which
    report arrived first. Undated reports are never linked: a wrong merge hides an incident. Two
    coders' summaries (input declared or detected as ACLED notes) are never linked to each
    other: their coder has already merged the reports of each event, and their templated
    wording makes distinct events of one day and place look alike; a news article may still
    join the event a summary describes. A short news brief is not a summary: outlets' briefs
    of one event are reports to merge like longer stories.
    """
    if a.summary and b.summary:
        return False
    if a.article_id == b.article_id or a.day is None or b.day is None:
        return False
    if a.family != b.family and frozenset({a.family, b.family}) not in _BRIDGES:
        return False
    if abs(a.day - b.day) > max(_DATE_WINDOW.get(a.time_precision or 1, 31),
                                _DATE_WINDOW.get(b.time_precision or 1, 31)):
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.latitude is not None and a.longitude is not None and b.latitude is not None and b.longitude is not None:
        reach = _PLACE_RADIUS_KM.get(a.geo_precision or 1, 120.0) + _PLACE_RADIUS_KM.get(b.geo_precision or 1, 120.0)
        # an arc is at least as long as its north-south leg: most far pairs end here, without the trigonometry
        if abs(a.latitude - b.latitude) * _KM_PER_DEGREE > reach:
            return False
        return km(a.latitude, a.longitude, b.latitude, b.longitude) <= reach
    # one report is not located: only its country (and first-level division when both have one) can agree
    if not (a.country and b.country):
        return False
    return not (a.admin1 and b.admin1 and a.admin1 != b.admin1)
