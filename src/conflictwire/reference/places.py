"""Place knowledge: country names, aliases and demonyms, admin divisions with the
names ACLED writes, regions and waters, given names and non-place words the
geoparser reads.

Why a typed, frozen object read from CSV: the geoparser's knowledge used to be Python
literals spread over six modules, and a row added for one development document could
not be told from a row that holds everywhere.  Here every row names its general source
(`reference/data/*.csv`, see docs/reference.md), `PlaceReference.load()` reads them once,
and the geoparser and the gazetteer build take what they know from the object they are
given.  `fingerprint` hashes the tables the gazetteer build compiles in, so a changed
table makes the cached gazetteer outdated and it is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import ReferenceDataError
from .tables import Row, read_table

__all__ = ["BUILD_TABLES", "County", "Division", "PlaceReference", "PlaceWords", "Region", "Water"]

# the tables compiled into the gazetteer file (their rows make its fingerprint)
BUILD_TABLES = ("admin1", "admin1_centres", "country_aliases", "country_demonyms", "country_name_traits",
                "country_points", "county_towns", "gb_nations", "place_demonyms", "regions",
                "us_state_abbreviations", "waters")
WORD_KINDS = ("common", "common_phrase", "connector", "name_head", "title", "role", "feature_after",
              "feature_before", "org_head", "area_after", "landmark_after")
TRAITS = ("vowel_skeleton", "arabic_article")
CUE_LISTS = ("town_kind", "division_kind", "region_kind", "neighbourhood", "town_part", "compass", "relation",
             "locative", "object_start", "function_word", "settlement_noun", "describer", "settlement_cue",
             "settlement_after", "slot_before", "neighbourhood_opening", "said_after", "landmark_noun",
             "outlet_word", "attributive_suffix", "place_before", "not_a_noun", "district_comma", "inside_noun",
             "in_city_before", "division_word", "said_place", "name_connector_es_pt")


@dataclass(frozen=True, slots=True)
class Division:
    """A first-level division with its seat town; `acled_name` is how ACLED's exports write it."""

    country: str
    name: str
    seat: str
    aliases: tuple[str, ...] = ()
    acled_name: str = ""

    @property
    def written(self) -> str:
        """The name records and exports carry: ACLED's spelling where the table gives one."""
        return self.acled_name or self.name


@dataclass(frozen=True, slots=True)
class Region:
    """A named region news refers to (GeoNames feature code RGN), in one country or astride several."""

    name: str
    country: str | None
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Water:
    """An ocean, sea, gulf or strait (GeoNames hydrographic feature code)."""

    name: str
    feature_code: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class County:
    """A second-level division placed at its county town."""

    country: str
    name: str
    town: str


@dataclass(frozen=True, slots=True)
class PlaceWords:
    """The word tables of recognition (`place_words.csv` by kind, `given_names.csv`, ...)."""

    common: frozenset[str]  # capitalised words rarely places alone
    common_phrases: frozenset[str]  # institutions named like places ("white house")
    connectors: frozenset[str]  # lower-case words inside names ("of", "de", "ez")
    name_heads: frozenset[str]  # Arabic topographic words that begin names ("kafr", "tell")
    titles: frozenset[str]  # before a person's name ("judge", "gen")
    roles: frozenset[str]  # lower-case occupations before a full name ("trustee")
    feature_after: frozenset[str]  # "Red River", "Walker County": another feature
    feature_before: frozenset[str]  # "Lake Ontario": another feature
    org_heads: frozenset[str]  # "Gainesville Police": an institution of the town
    area_after: frozenset[str]  # "Biu LGA": the area of the town
    landmark_after: re.Pattern[str]  # "Nazlet Sidon square": a landmark, not a surname
    given_names: frozenset[str]
    dotted_cities: Mapping[str, tuple[str, str]]  # "L.A." -> (Los Angeles, US)
    arabic_article_countries: frozenset[str]
    # from place_cues.csv, for resolution: the words beside a name that say its kind ("Amara city")
    town_kinds: frozenset[str] = frozenset()  # "city", "town", "village": a populated place
    kind_after: re.Pattern[str] = re.compile(r"(?!)")  # "Amara city", "the Kurdistan region"
    kind_before: re.Pattern[str] = re.compile(r"(?!)")  # "the state of Washington"
    neighbourhood_cues: frozenset[str] = frozenset()  # a cue that makes a name part of a town
    town_part_after: re.Pattern[str] = re.compile(r"(?!)")  # "Palanpur area of Surat city"
    relation_before: re.Pattern[str] = re.compile(r"(?!)")  # "70 km west of", "outside"
    # for truecasing a lower-case text
    locative_before: re.Pattern[str] = re.compile(r"(?!)")  # "in (the) ", "near "
    object_after: re.Pattern[str] = re.compile(r"(?!)")  # " the", " them": the word before was a verb
    function_words: frozenset[str] = frozenset()  # a longer name neither starts nor ends with one
    named_settlement_after: re.Pattern[str] = re.compile(r"(?!)")  # " town", ", y and z villages"
    described_before: re.Pattern[str] = re.compile(r"(?!)")  # "a border ", "their home "
    # for recognition
    cue_before: re.Pattern[str] = re.compile(r"(?!)")  # "the neighborhoods of ", "eastern Mosul district "
    cue_after: re.Pattern[str] = re.compile(r"(?!)")  # " district", " camps"
    settlement_after: re.Pattern[str] = re.compile(r"(?!)")  # " city", " sub-district": a place slot
    slot_before: frozenset[str] = frozenset()  # "in", "near", "northern": the word before a place slot
    neighbourhood_before: re.Pattern[str] = re.compile(r"(?!)")  # "Colonia ", "Vila "
    said_after: re.Pattern[str] = re.compile(r"(?!)")  # " said", " who": a person's name before
    # for incident location
    part_direction: re.Pattern[str] = re.compile(r"(?!)")  # "northern" (Iraq): a part, not "70 km north of"
    landmark_noun_after: re.Pattern[str] = re.compile(r"(?!)")  # " square", " bridge"
    outlet_after: re.Pattern[str] = re.compile(r"(?!)")  # " Times", " News Agency"
    attributive_after: re.Pattern[str] = re.compile(r"(?!)")  # "-led", "-backed"
    place_before: re.Pattern[str] = re.compile(r"(?!)")  # "in ", "northern "
    noun_after: re.Pattern[str] = re.compile(r"(?!)")  # " forces": a country qualifying a noun
    district_comma: re.Pattern[str] = re.compile(r"(?!)")  # " district, ": the district's province follows
    inside_gap: re.Pattern[str] = re.compile(r"(?!)")  # " region of ", " area in southern "
    in_city_gap: re.Pattern[str] = re.compile(r"(?!)")  # "... in northern ": the town after it holds the part
    division_after: re.Pattern[str] = re.compile(r"(?!)")  # " province", " oblast"
    division_said: re.Pattern[str] = re.compile(r"(?!)")  # "(province", " state": right after a name
    place_said: re.Pattern[str] = re.compile(r"(?!)")  # " city", " province": a place, not its people
    spanish_name: re.Pattern[str] = re.compile(r"(?!)")  # "Colonia Jardim de los Pinos": a name with its connectors


@dataclass(frozen=True, slots=True)
class PlaceReference:
    """Read once from `reference/data/` by `load()`; immutable afterwards, so one copy serves every stage."""

    words: PlaceWords
    country_aliases: Mapping[str, tuple[str, ...]]
    country_points: Mapping[str, tuple[float, float]]
    country_demonyms: Mapping[str, tuple[str, ...]]
    place_demonyms: Mapping[str, tuple[str, ...]]
    state_abbreviations: Mapping[str, tuple[str, ...]]
    gb_nations: Mapping[str, str]
    regions: tuple[Region, ...]
    waters: tuple[Water, ...]
    admin1: Mapping[str, tuple[Division, ...]]
    admin1_centres: Mapping[tuple[str, str], tuple[float, float]]
    county_towns: Mapping[str, tuple[County, ...]]
    skeleton_countries: frozenset[str]
    fingerprint: str

    @classmethod
    def load(cls) -> PlaceReference:
        """The packaged tables (each row checked for its source)."""
        t = {name: read_table(name) for name in (*BUILD_TABLES, "place_words", "given_names", "city_abbreviations",
                                                 "place_cues")}
        traits = _traits(t["country_name_traits"])
        return cls(
            words=_words(t["place_words"], t["given_names"], t["city_abbreviations"], traits["arabic_article"],
                         t["place_cues"]),
            country_aliases=_grouped(t["country_aliases"], "country", "alias"),
            country_points=_frozen({r["country"]: (_float(r, "latitude"), _float(r, "longitude"))
                                    for r in _need(t["country_points"], "country_points", "country")}),
            country_demonyms=_grouped(t["country_demonyms"], "country", "demonym"),
            place_demonyms=_grouped(t["place_demonyms"], "place", "demonym"),
            state_abbreviations=_grouped(t["us_state_abbreviations"], "state", "abbreviation"),
            gb_nations=_frozen({r["name"]: r["admin1_code"]
                                for r in _need(t["gb_nations"], "gb_nations", "name", "admin1_code")}),
            regions=tuple(Region(r["name"], r.get("country") or None, _float(r, "latitude"), _float(r, "longitude"),
                                 _list(r.get("aliases"))) for r in _need(t["regions"], "regions", "name")),
            waters=tuple(Water(r["name"], r["feature_code"], _float(r, "latitude"), _float(r, "longitude"),
                               _list(r.get("aliases")))
                         for r in _need(t["waters"], "waters", "name", "feature_code")),
            admin1=_by_country([Division(r["country"], r["name"], r["seat"], _list(r.get("aliases")),
                                         r.get("acled_name", ""))
                                for r in _need(t["admin1"], "admin1", "country", "name", "seat")]),
            admin1_centres=_frozen({(r["country"], r["division"]): (_float(r, "latitude"), _float(r, "longitude"))
                                    for r in _need(t["admin1_centres"], "admin1_centres", "country", "division")}),
            county_towns=_by_country([County(r["country"], r["county"], r["town"])
                                      for r in _need(t["county_towns"], "county_towns", "country", "county", "town")]),
            skeleton_countries=traits["vowel_skeleton"],
            fingerprint=_fingerprint({name: t[name] for name in BUILD_TABLES}),
        )

    def division(self, country: str | None, name: str) -> Division | None:
        """The curated division of `country` called `name` (its table name), if any."""
        return next((d for d in self.admin1.get(country or "", ()) if d.name == name), None)


def _need(rows: list[Row], table: str, *columns: str) -> list[Row]:
    """Rows with these columns filled; a table missing one is an error naming the table."""
    for i, r in enumerate(rows):
        empty = [c for c in columns if not r.get(c)]
        if empty:
            raise ReferenceDataError(f"reference table {table}.csv row {i + 1}: empty {', '.join(empty)}")
    return rows


def _float(r: Row, column: str) -> float:
    try:
        return float(r[column])
    except (KeyError, ValueError):
        raise ReferenceDataError(f"reference row {r}: {column} is not a number") from None


def _list(cell: str | None) -> tuple[str, ...]:
    """A cell of several names, separated by `|`."""
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


def _frozen(d: dict) -> Mapping:
    return MappingProxyType(d)


def _grouped(rows: list[Row], key: str, value: str) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in rows:
        if not r.get(key) or not r.get(value):
            raise ReferenceDataError(f"reference row {r}: empty {key} or {value}")
        out.setdefault(r[key], []).append(r[value])
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def _by_country(items: list) -> Mapping:
    out: dict[str, list] = {}
    for x in items:
        out.setdefault(x.country, []).append(x)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def _traits(rows: list[Row]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {t: set() for t in TRAITS}
    for r in rows:
        if r.get("trait") not in out or not r.get("country"):
            raise ReferenceDataError(f"country_name_traits.csv: unknown trait or empty country in {r} "
                                     f"(traits: {', '.join(TRAITS)})")
        out[r["trait"]].add(r["country"])
    return {k: frozenset(v) for k, v in out.items()}


def _cues(rows: list[Row]) -> dict[str, list[str]]:
    """place_cues.csv by list, each a list of regular-expression alternatives in table order."""
    lists: dict[str, list[str]] = {k: [] for k in CUE_LISTS}
    for r in rows:
        if r.get("list") not in lists or not r.get("pattern"):
            raise ReferenceDataError(f"place_cues.csv: unknown list or empty pattern in {r} "
                                     f"(lists: {', '.join(CUE_LISTS)})")
        lists[r["list"]].append(r["pattern"])
    empty = [k for k, v in lists.items() if not v]
    if empty:
        raise ReferenceDataError(f"place_cues.csv: no rows for {', '.join(empty)}")
    return lists


def _words(rows: list[Row], given: list[Row], dotted: list[Row], arabic: frozenset[str],
           cue_rows: list[Row]) -> PlaceWords:
    kinds: dict[str, set[str]] = {k: set() for k in WORD_KINDS}
    for r in rows:
        if r.get("kind") not in kinds or not r.get("word"):
            raise ReferenceDataError(f"place_words.csv: unknown kind or empty word in {r} "
                                     f"(kinds: {', '.join(WORD_KINDS)})")
        kinds[r["kind"]].add(r["word"].lower())
    landmark = "|".join(sorted(map(re.escape, kinds["landmark_after"])))
    return PlaceWords(
        common=frozenset(kinds["common"]), common_phrases=frozenset(kinds["common_phrase"]),
        connectors=frozenset(kinds["connector"]), name_heads=frozenset(kinds["name_head"]),
        titles=frozenset(kinds["title"]), roles=frozenset(kinds["role"]),
        feature_after=frozenset(kinds["feature_after"]), feature_before=frozenset(kinds["feature_before"]),
        org_heads=frozenset(kinds["org_head"]), area_after=frozenset(kinds["area_after"]),
        landmark_after=re.compile(rf"\s+(?:{landmark})s?\b" if landmark else r"(?!)", re.IGNORECASE),
        given_names=frozenset(r["name"] for r in _need(given, "given_names", "name")),
        dotted_cities=MappingProxyType({r["abbreviation"]: (r["city"], r["country"])
                                        for r in _need(dotted, "city_abbreviations", "abbreviation", "city",
                                                       "country")}),
        arabic_article_countries=arabic,
        **_cue_patterns(_cues(cue_rows)),
    )


def _cue_patterns(c: dict[str, list[str]]) -> dict:
    """The resolver's cue patterns, compiled once (see place_cues.csv for what each list is)."""
    kinds = "|".join(c["town_kind"] + c["division_kind"])
    relation = "|".join([rf"(?:{'|'.join(c['compass'])})(?:ern)?", *c["relation"]])
    return {
        "town_kinds": frozenset(c["town_kind"]),
        "kind_after": re.compile(rf"^\W{{0,2}}(?P<word>{kinds}|{'|'.join(c['region_kind'])})\b", re.IGNORECASE),
        "kind_before": re.compile(rf"\b(?P<word>{kinds})\s+of\s+$", re.IGNORECASE),
        "neighbourhood_cues": frozenset(c["neighbourhood"]),
        "town_part_after": re.compile(rf"\s+(?:{'|'.join(c['town_part'])})\b", re.IGNORECASE),
        "locative_before": re.compile(rf"\b(?:{'|'.join(c['locative'])})\s+(?:the\s+)?$"),
        "object_after": re.compile(rf"^ (?:{'|'.join(c['object_start'])})\b"),
        "function_words": frozenset(c["function_word"]),
        "named_settlement_after": re.compile(
            rf"(?:(?:,\s*|\s+(?:and|&)\s+)[a-z]+(?:-[a-z]+)?)*\s+(?:{'|'.join(c['settlement_noun'])})s?\b"),
        "described_before": re.compile(rf"\b(?:{'|'.join(c['describer'])})\s+$"),
        "cue_before": re.compile(
            rf"\b(?:the\s+)?(?:(?:[a-z]+ern|central)\s+)?(?:[A-Z][\w'\u2019-]+\s+)?(?:{'|'.join(c['settlement_cue'])})"
            r"\s+(?:of|\u2014|\u2013|-|:)?\s*"),
        "cue_after": re.compile(rf"^\s+(?:{'|'.join(c['settlement_cue'])})\b"),
        "settlement_after": re.compile(rf"^\s+(?:{'|'.join(c['settlement_after'])})\b"),
        "slot_before": frozenset(c["slot_before"]),
        "neighbourhood_before": re.compile(rf"\b(?:{'|'.join(c['neighbourhood_opening'])})\s+(?=[A-Z])"),
        "said_after": re.compile(rf"\s+(?:{'|'.join(c['said_after'])})\b"),
        "part_direction": re.compile(rf"^(?:{'|'.join(c['compass'])})(?:ern)?$", re.IGNORECASE),
        "landmark_noun_after": re.compile(rf"^\s+(?:{'|'.join(c['landmark_noun'])})s?\b", re.IGNORECASE),
        "outlet_after": re.compile(rf"^\s+(?:{'|'.join(c['outlet_word'])})\b"),
        "attributive_after": re.compile(rf"^-(?:{'|'.join(c['attributive_suffix'])})\b", re.IGNORECASE),
        "place_before": re.compile(rf"\b(?:{'|'.join(c['place_before'])})\s+$", re.IGNORECASE),
        "noun_after": re.compile(rf"^ (?!(?:{'|'.join(c['not_a_noun'])})\b)[a-z]"),
        "district_comma": re.compile(rf"^\s+(?:{'|'.join(c['district_comma'])})\s*,\s*$", re.IGNORECASE),
        "inside_gap": re.compile(
            rf"^\s+(?:(?:{'|'.join(c['inside_noun'])})\s+)?(?:of|in|inside)\s+(?:the\s+)?"
            r"(?:(?:north|south|east|west)\w*\s+|central\s+)?(?:parts?\s+of\s+(?:the\s+)?)?$"),
        "in_city_gap": re.compile(
            rf"^[^.;]{{0,60}}?\b(?:{'|'.join(c['in_city_before'])})\s+(?:the\s+)?"
            r"(?:(?:north|south|east|west)+(?:ern)?\s+|central\s+)?$"),
        "division_after": re.compile(rf"\s+(?:{'|'.join(c['division_word'])})\b", re.IGNORECASE),
        "division_said": re.compile(rf"^\W{{0,2}}(?:{'|'.join(c['division_word'])})\b", re.IGNORECASE),
        "place_said": re.compile(rf"^\W{{0,2}}(?:{'|'.join(c['said_place'])})\b", re.IGNORECASE),
        "spanish_name": re.compile(
            rf"[A-Z][\w'\u2019-]*(?:\s+(?:(?:{'|'.join(c['name_connector_es_pt'])})\s+)*[A-Z][\w'\u2019-]*){{0,4}}"),
        "relation_before": re.compile(
            r"(?:(?P<dist>\d[\d,.]*)\s*(?P<unit>kilometers?|kilometres?|km|miles?|mi)\s+)?"
            rf"(?P<dir>{relation})\s+(?:of\s+)?(?:the\s+city\s+of\s+)?$",
            re.IGNORECASE,
        ),
    }


def _fingerprint(tables: dict[str, list[Row]]) -> str:
    """A short hash of the rows (not the file bytes: a comment or a reordered column changes nothing)."""
    text = json.dumps({k: [sorted(r.items()) for r in v] for k, v in sorted(tables.items())}, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
