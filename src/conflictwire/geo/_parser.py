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
from ..errors import GeocodeError
from ..models import Place
from ..reference import Reference
from ..reference.places import PlaceReference, PlaceWords
from ._gazetteer import Candidate, Gazetteer
from ._model import ResolutionModel
from ._normalize import ARTICLES, name_keys, spelling
from ._recognize import Mention, recognize
from ._resolve import Rules, resolve
from ._truecase import is_lowercased, truecase

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["Geoparser", "focus_country"]

_SETTLEMENT_CODES = ("PPL", "PPLC", "PPLA", "PPLA2", "PPLX", "PPLL")


class Geoparser:
    """Turns text into resolved `Place`s using one gazetteer and the reference's place knowledge.

    `model` scores the readings of a name (default: the resolution model shipped with the
    package, see `_model.py`); `rules` holds what is not fitted (see `Rules`).
    """

    def __init__(self, gazetteer: Gazetteer, rules: Rules | None = None,
                 places: PlaceReference | None = None, *, model: ResolutionModel | None = None) -> None:
        self.gazetteer = gazetteer
        self.rules = rules or Rules()
        self.model = model if model is not None else ResolutionModel.load()
        self.places = places if places is not None else PlaceReference.load()

    @classmethod
    def from_settings(cls, settings: Settings, reference: Reference | None = None) -> Geoparser:
        """The settings' gazetteer; `settings.home_country` (ISO alpha-2) favours that country's readings.

        `reference` is the run's shared `Reference` (read here when not given); `settings.geo_model`
        names a retrained resolution model (default: the one shipped).
        """
        reference = reference if reference is not None else Reference.load()
        model = ResolutionModel.load(settings.geo_model)
        gazetteer = Gazetteer.open(settings, reference.places)
        home = (settings.home_country or "").strip().upper() or None
        if home is not None and (not re.fullmatch(r"[A-Z]{2}", home) or gazetteer.country_name(home) is None):
            gazetteer.close()
            raise GeocodeError(f"home country {settings.home_country!r} is not a known ISO 3166 alpha-2 code "
                               "(such as IQ)")
        return cls(gazetteer, Rules(home_country=home), reference.places, model=model)

    def parse(self, text: str, doc: Doc | None = None) -> list[Place]:
        """All toponyms in text, resolved (unresolved ones have latitude None and `reason` set)."""
        if not text:
            return []
        seen, mentions = self.mentions(text, doc)
        places = resolve(mentions, self.gazetteer, seen, self.model, self.rules, words=self.places.words)
        if seen is not text:
            for p in places:
                p.name = text[p.start : p.end]
        return places

    def mentions(self, text: str, doc: Doc | None = None) -> tuple[str, list[Mention]]:
        """The text as read (an all-lower-case text through a truecased copy) and its recognised names.

        Training reads the candidates from here, so it sees exactly what `parse` resolves.
        """
        words = self.places.words
        seen = (truecase(text, self.gazetteer, self.rules.home_country, words=words)
                if is_lowercased(text) else text)
        return seen, recognize(seen, self.gazetteer, words, doc)

    def locate(self, places: list[Place], text: str, start: int, end: int,
               *, filed: tuple[int, int] | None = None) -> Place | None:
        """The place where an incident described by text[start:end] happened.

        Preference: a place the text designates ("(coded as Shirqat)", "Avasin
        (Mergasur)"), then a settlement or neighbourhood inside the span (the most
        specific one: a neighbourhood beats its city, a town beats a province), then the
        last such place before the span in the text, then the document's main
        settlement; countries and regions only when nothing finer exists.  Places in
        the story's focus country win over namesakes abroad that nothing else in the
        text supports; "northern Iraq" is the north of Iraq.  Demonyms ("Iraqi forces")
        never locate an incident.  `filed` is the span of a wire dateline ("ERBIL, Iraq (AP) —"):
        a story is often filed far from what it reports, so a place named there is taken only when
        neither the incident's sentences nor the text before them name one, ahead of the
        document's main settlement.  `Rules(note_rules=False)` gives the older behaviour
        (for benchmarks).
        """
        rules = self.rules.note_rules
        text_for_seat = text if rules else ""
        usable = [
            p
            for p in (self._with_seat(p, text_for_seat) for p in places)
            if p.latitude is not None and "demonym" not in (p.reason or "")
        ]
        words = self.places.words
        arabic = words.arabic_article_countries
        focus = focus_country(places, text, self.places) if rules else None
        stated = None
        if rules:
            stated = _stated([p for p in usable if start <= p.start and p.end <= end], places, text[:end], focus)
            usable = [p for p in usable if not _foreign_article(p, arabic)] or usable
            # "Tahrir square", "Sinak bridge": a landmark named after something, not the town of that name
            usable = [p for p in usable
                      if not words.landmark_noun_after.match(text[p.end : p.end + 16])] or usable
            # "the New York Times reported": a newspaper's town is where it is printed, not the ground
            usable = [p for p in usable if not words.outlet_after.match(text[p.end : p.end + 24])]
            # "US-led coalition", "Iran-backed militias": the country qualifies an actor, it is not the ground
            usable = [p for p in usable if not words.attributive_after.match(text[p.end : p.end + 16])]
            # "the high US dollar exchange rate", "US forces": a country qualifying a noun is no ground
            usable = [p for p in usable if not _qualifies_noun(p, text, words)]
        if focus is not None and any(p.country == focus for p in usable):
            # a village whose only gazetteer reading lies abroad is a wrong point, not a second country;
            # a country the text names as such too ("Raqqa, Syria") stays
            named = _named_countries(places)
            usable = [p for p in usable if p.country == focus or p.country in named]
        dateline = [p for p in usable if filed and filed[0] <= p.start < filed[1]]
        told = [p for p in usable if p not in dateline]
        inside = [p for p in told if start <= p.start and p.end <= end]
        pick = stated or _most_specific(inside, text)
        if pick is None:
            before = [p for p in told if p.end <= start and (p.geo_precision or 3) <= 2]
            pick = before[-1] if before else None
        if pick is None and dateline:
            pick = _most_specific(dateline, text)
        if pick is None:
            pick = _main_settlement(usable) or _most_specific(usable)
            if pick is not None and (pick.geo_precision or 3) < 3 and not (start <= pick.start < end):
                pick = replace(pick, geo_precision=max(pick.geo_precision or 1, 2))
        if pick is None:
            return None
        out = self._with_seat(pick, text_for_seat, always=True)
        rel = _relation_of(out)
        # "northern Iraq", "northeast Diyala": a bare direction, not "70 km north of"
        if rules and rel and words.part_direction.match(rel):
            self._to_part(out, rel.lower())
        if rel and out.geo_precision == 1:
            out.geo_precision = 2
        if out.geo_precision is None:
            out.geo_precision = 3
        return out

    def _to_part(self, out: Place, direction: str) -> None:
        """"northern Iraq", "eastern Diyala province": the towns of that part, not the middle."""
        code = out.feature_code or ""
        if not out.country or not (code == "ADM1" or code.startswith("PCL")):
            return
        admin1 = _admin1_code(self.gazetteer, out) if code == "ADM1" else None
        if code == "ADM1" and admin1 is None:
            return
        part = self.gazetteer.part_of(out.country, admin1, direction)
        if part is not None:
            out.latitude, out.longitude = round(part[0], 5), round(part[1], 5)
            out.reason = f"{out.reason or ''}; {direction} part: centre of its towns there".lstrip("; ")

    def _with_seat(self, p: Place, text: str = "", *, always: bool = False) -> Place:
        """A province as ACLED codes it: at its seat (only when it has no point, unless `always`)."""
        if p.feature_code != "ADM1" or "its seat" in (p.reason or "") or "seat town" in (p.reason or ""):
            return replace(p)
        seat = self.gazetteer.seat_of(p.country, _admin1_code(self.gazetteer, p))
        if seat is None or not (always or p.latitude is None or _names_seat(p, seat, text, self.places.words)):
            return replace(p)
        if _names_seat(p, seat, text, self.places.words):
            # "Diwaniya" for the town, with the province's alias: the town, exactly placed
            reason = f"{p.reason or ''}; the seat town {seat.name}, not its province".lstrip("; ")
            return replace(p, latitude=seat.latitude, longitude=seat.longitude, geo_precision=1,
                           feature_code=seat.feature_code, geonameid=seat.geonameid, resolved_name=seat.name,
                           admin2=seat.admin2, reason=reason)
        reason = f"{p.reason or ''}; province: placed at its seat {seat.name}".lstrip("; ")
        return replace(p, latitude=seat.latitude, longitude=seat.longitude, geo_precision=3, reason=reason)


_CODED = re.compile(r"\bcoded\s+(?:as|at|in|to)\s+(?:the\s+)?", re.IGNORECASE)
_PROVINCIAL_CAPITAL = re.compile(r"provincial\s+capital|capital\s+of\s+the\s+province", re.IGNORECASE)
_OPEN_PAREN = re.compile(r"\(\s*$")
_CLOSE_PAREN = re.compile(r"^\s*[),;/]")


def _stated(usable: list[Place], places: list[Place], text: str, focus: str | None) -> Place | None:
    """A location the text itself designates: "(coded as Shirqat)", "Zap (Amadiya) region".

    ACLED-style notes say which place an event is coded at, and name an area by its
    district seat in parentheses ("Avasin (Mergasur)"); the seat is the point and the
    area an approximation of it, hence geo_precision 2.  A town in parentheses after a
    town the gazetteer knows in the story's country is its container ("Umm Qasr
    (Basrah)") or an alias, not a correction, so it is left alone.
    """
    for m in _CODED.finditer(text):
        after = m.end()
        hit = next((p for p in usable if after <= p.start <= after + 2), None)
        if hit is None and _PROVINCIAL_CAPITAL.match(text, after):
            hit = next((p for p in usable if p.feature_code == "ADM1"), None)
        if hit is not None:
            return replace(hit, geo_precision=max(hit.geo_precision or 1, 2))
    for p in usable:
        if not _settled_in(p, p.country if focus is None else focus):
            continue
        if not (_OPEN_PAREN.search(text[max(0, p.start - 3) : p.start]) and _CLOSE_PAREN.match(text[p.end :])):
            continue
        lead = next((q for q in places if 0 <= p.start - q.end <= 4), None)
        if lead is not None and lead.latitude is not None and lead.country == p.country:
            continue
        if any(_settled_in(q, p.country) and q.name != p.name for q in usable):
            continue  # "al Nour (Al-Zuhur), Mosul": the story names its town anyway
        return replace(p, geo_precision=max(p.geo_precision or 1, 2))
    return None


def _settled_in(p: Place, country: str | None) -> bool:
    return (p.feature_code or "") in _SETTLEMENT_CODES and p.country == country


_POSSESSIVE = re.compile(r"^['\u2019]s\b")


def _named_countries(places: list[Place]) -> set[str]:
    """Countries the text names as a country or a province (not through a demonym)."""
    return {
        p.country
        for p in places
        if p.country
        and ((p.feature_code or "").startswith("PCL") or p.feature_code == "ADM1")
        and "demonym" not in (p.reason or "")
    }


def _foreign_article(p: Place, arabic: frozenset[str]) -> bool:
    """"al-Haq" read as a village in Iran: an Arabic-article name placed where names carry no article.

    Such a reading is a namesake found by dropping the article, usually of a word that is
    not a place at all (a party, a square); it neither decides the country nor the point
    while anything else is on offer.
    """
    first, _, rest = spelling(p.name).partition(" ")
    if not rest or first not in ARTICLES or p.country in arabic:
        return False
    # the gazetteer's own name with the article is no namesake: "El Callao", Venezuela
    return spelling(p.resolved_name or "").partition(" ")[0] != first


# focus_country's votes: deliberate, hand-set parameters of a rule (docs/reference.md), not fitted weights
PROVINCE_VOTE = 2.0  # a province, or a name the text calls a place ("<name> city"): where things happen
PLACE_VOTE = 1.0  # a town, or a country named as the ground
COUNTRY_VOTE = 0.75  # "the US military base in <town> district": the town outvotes the country
ANCHOR_VOTE = 0.5  # added for a reference point ("west of Basra", "northern Iraq")
DEMONYM_VOTE = 1.0  # a demonym ("Iraqi forces"), counted only when nothing else names a country
_ORIGIN = re.compile(r"\bfrom\s+$", re.IGNORECASE)  # "drivers who transport goods from Turkey"


def _qualifies_noun(p: Place, text: str, words: PlaceWords) -> bool:
    """A country name used as a modifier ("US forces", "the US dollar"), not as a place."""
    if not (p.feature_code or "").startswith("PCL") or not (p.reason or "").startswith("gazetteer"):
        return False  # a name placed at its container's point is not itself a country name
    if words.place_before.search(text[max(0, p.start - 12) : p.start]):
        return False  # "protesters in Iraq gathered", "in northern Iraq killed": a place after all
    # a country name followed by a common noun qualifies it ("US forces", "Iraq war"); "in Iraq." does not
    return bool(words.noun_after.match(text[p.end : p.end + 16]))


def focus_country(places: list[Place], text: str, reference: PlaceReference) -> str | None:
    """The country the story is about: the most named one, provinces counting double.

    The one rule for it: `Geoparser.locate` prefers places there, and the extractor names an
    incident's country by it when no place locates the incident, so the place and the actors'
    "(Iraq)" suffix name the same country.

    A province, or a name the text calls a place ("Diwaniyah city"), says where things
    happen; a country is as often a reference ("the border with Kuwait") as the ground, so
    it counts like a town, less when it qualifies a noun ("the US military base in
    Makhmur") or is where something came from ("goods from Turkey" in a note on Batumi),
    and not at all when it qualifies an actor ("Iran-backed militias").  A place
    used as a reference point ("west of Basra", "northern Iraq") counts half as much again.
    Demonyms are left out ("Turkish airstrikes" in Dahuk are about Iraq) unless nothing else
    names a country.  A tie goes to the country of the more confident readings ("Karma,
    east of Fallujah": Fallujah is sure, the Indian Karma a guess).
    """
    votes: dict[str, float] = {}
    sure: dict[str, float] = {}
    people: dict[str, float] = {}  # demonyms: a last resort
    arabic = reference.words.arabic_article_countries
    for p in places:
        if p.country is None or p.latitude is None and p.feature_code != "ADM1":
            continue
        if "demonym" in (p.reason or ""):
            people[p.country] = people.get(p.country, 0.0) + DEMONYM_VOTE
            continue
        after = text[p.end : p.end + 16]
        words = reference.words
        if (_foreign_article(p, arabic) or words.landmark_noun_after.match(after)
                or words.attributive_after.match(after)):
            continue
        code = p.feature_code or ""
        said = words.place_said.match(after)
        anchor = ANCHOR_VOTE if _relation_of(p) else 0.0  # "west of Basra", "northern Iraq": a reference point
        origin = code.startswith("PCL") and _ORIGIN.search(text[max(0, p.start - 8) : p.start])
        pointer = origin or _qualifies_noun(p, text, reference.words)
        kind = PROVINCE_VOTE if code == "ADM1" or said else COUNTRY_VOTE if pointer else PLACE_VOTE
        votes[p.country] = votes.get(p.country, 0.0) + kind + anchor
        sure[p.country] = sure.get(p.country, 0.0) + (p.score or 0.0)
    if not votes:
        # nothing names the ground: the people the story names are the best evidence left
        # ("Iraqi forces killed three militants"), the earliest named on a tie
        return max(people, key=lambda cc: people[cc]) if people else None
    return max(votes, key=lambda cc: (votes[cc], sure[cc]))




def _names_seat(p: Place, seat: Candidate, text: str, words: PlaceWords) -> bool:
    """Does the mention spell the seat town's name rather than say "province"?"""
    if not text or words.division_said.match(text[p.end : p.end + 16]):
        return False
    said = name_keys(text[p.start : p.end])
    return bool(said) and bool(set(said) & set(name_keys(seat.name)))


def _admin1_code(gaz: Gazetteer, p: Place) -> str | None:
    """Places carry the admin1 name; find the code back through the gazetteer."""
    for c in gaz.lookup(p.resolved_name or p.name, country=p.country):
        if c.feature_code == "ADM1":
            return c.admin1
    return None


def _relation_of(p: Place) -> str | None:
    m = re.search(r"relation: (.*)$", p.reason or "")
    return m.group(1) if m else None


def _rank(p: Place, text: str = "") -> tuple[float, int]:
    code = p.feature_code or ""
    level: float
    if code == "PPLX" or "inside" in (p.reason or ""):
        level = 0
    elif code in _SETTLEMENT_CODES:
        # "Kirkuk's Hawija district": the possessive town contains the next one
        level = 1.5 if _POSSESSIVE.match(text[p.end : p.end + 3]) else 1
    elif code == "ADM2":
        level = 2
    elif code == "ADM1":
        level = 3
    else:
        level = 4
    return level, p.start


def _most_specific(places: list[Place], text: str = "") -> Place | None:
    return min(places, key=lambda p: _rank(p, text)) if places else None


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
