"""Importers that add places to a gazetteer from files the user has.

Why importers: the packaged GeoNames extract stops at towns of 500 people, has no
admin2 and no neighbourhoods.  An analyst with a GeoNames country dump, an ACLED or
UCDP export, or a list of their own places (camps, checkpoints, neighbourhoods) can
fill the gaps; every import records its source so `stats` can show what came from where.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..errors import GeocodeError
from ._gazetteer import Gazetteer, NameKind, PlaceRow
from ._normalize import is_latin_name, name_key

__all__ = ["detect_format", "import_file"]

csv.field_size_limit(50_000_000)

_GEONAMES_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "wkdt", "fr_1793", "unlc", "tcid"}


def detect_format(path: Path) -> str:
    """Guess the kind of file from its name and first line."""
    name = path.name.lower()
    if name.startswith("alternatenames"):
        return "geonames-alternates"
    if name.startswith("admin1codes") or name.startswith("admin2codes"):
        return "geonames-admin"
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        first = fh.readline()
    if "\t" in first and first.split("\t")[0].isdigit() and len(first.split("\t")) >= 15:
        return "geonames"
    header = {h.strip().lower() for h in next(csv.reader([first]), [])}
    if {"event_id_cnty", "location", "latitude", "longitude"} <= header:
        return "acled"
    if {"where_coordinates", "latitude", "longitude"} <= header:
        return "ucdp"
    if {"name", "lat", "lon"} <= header or {"name", "latitude", "longitude"} <= header:
        return "custom"
    raise GeocodeError(f"{path}: cannot tell what kind of gazetteer file this is (use --format)")


def import_file(gaz: Gazetteer, path: str | Path, fmt: str | None = None) -> int:
    """Add the places (or names) in `path` to `gaz`; returns how many rows were written."""
    path = Path(path)
    if not path.exists():
        raise GeocodeError(f"{path}: no such file")
    try:
        return _import(gaz, path, fmt or detect_format(path))
    finally:
        gaz.forget_lookups()  # some importers write to the tables directly


def _import(gaz: Gazetteer, path: Path, fmt: str) -> int:
    if fmt == "geonames":
        return _import_geonames(gaz, path)
    if fmt == "geonames-alternates":
        return _import_alternates(gaz, path)
    if fmt == "geonames-admin":
        return _import_admin_codes(gaz, path)
    if fmt == "acled":
        return gaz.add_places(_event_rows(path, "acled"))
    if fmt == "ucdp":
        return gaz.add_places(_event_rows(path, "ucdp"))
    if fmt == "custom":
        return gaz.add_places(_custom_rows(path))
    raise GeocodeError(f"unknown gazetteer format {fmt!r}")


def _import_geonames(gaz: Gazetteer, path: Path) -> int:
    """A GeoNames dump (allCountries.txt, IQ.txt, cities500.txt): its rows replace packaged ones."""
    conn = gaz.conn
    rows: list[PlaceRow] = []
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 15:
                continue
            try:
                lat, lon = float(f[4]), float(f[5])
            except ValueError:
                continue
            alts = [a for a in f[3].split(",") if a and is_latin_name(a)] if f[3] else []
            rows.append(
                PlaceRow(
                    name=f[1],
                    latitude=lat,
                    longitude=lon,
                    feature_class=f[6] or "P",
                    feature_code=f[7] or "PPL",
                    country=f[8] or None,
                    admin1=f[10] or None,
                    admin2=f[11] or None,
                    population=int(f[14] or 0),
                    geonameid=f[0],
                    source=f"geonames:{path.name}",
                    alternates=[a for a in alts if a != f[1]] + ([f[2]] if f[2] and f[2] != f[1] else []),
                )
            )
            if len(rows) >= 20_000:
                n += _replace(gaz, rows)
                rows = []
    n += _replace(gaz, rows)
    conn.commit()
    return n


def _replace(gaz: Gazetteer, rows: list[PlaceRow]) -> int:
    ids = [r.geonameid for r in rows if r.geonameid]
    cur = gaz.conn.cursor()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        old = [pid for (pid,) in cur.execute(f"SELECT id FROM places WHERE geonameid IN ({marks})", chunk)]
        if old:
            om = ",".join("?" * len(old))
            cur.execute(f"DELETE FROM names WHERE place_id IN ({om})", old)
            cur.execute(f"DELETE FROM places WHERE id IN ({om})", old)
    return gaz.add_places(rows, commit=False)


def _import_alternates(gaz: Gazetteer, path: Path) -> int:
    """alternateNamesV2.txt: extra names for places already in the gazetteer."""
    ids = dict(gaz.conn.execute("SELECT geonameid, id FROM places WHERE geonameid IS NOT NULL AND geonameid != ''"))
    out: list[tuple[str, int, int]] = []
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 4 or f[1] not in ids or f[2] in _GEONAMES_SKIP_LANGS:
                continue
            name = f[3]
            if f[2] == "abbr":
                kind = NameKind.ABBREVIATION
            elif is_latin_name(name):
                kind = NameKind.ALTERNATE
            else:
                continue
            key = name_key(name)
            if key:
                out.append((key, ids[f[1]], kind))
            if len(out) >= 50_000:
                gaz.conn.executemany("INSERT INTO names VALUES (?,?,?)", out)
                n += len(out)
                out.clear()
    gaz.conn.executemany("INSERT INTO names VALUES (?,?,?)", out)
    gaz.conn.commit()
    return n + len(out)


def _import_admin_codes(gaz: Gazetteer, path: Path) -> int:
    """admin1CodesASCII.txt / admin2Codes.txt: named divisions, placed at the centre of their towns."""
    pts: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
    for c, a1, a2, lat, lon in gaz.conn.execute(
        "SELECT country, admin1, admin2, latitude, longitude FROM places WHERE feature_class = 'P' "
        "AND latitude IS NOT NULL"
    ):
        pts[(c, a1)].append((lat, lon))
        if a2:
            pts[(c, a1, a2)].append((lat, lon))
    known = {g for (g,) in gaz.conn.execute("SELECT geonameid FROM places WHERE geonameid IS NOT NULL")}
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 4 or f[3] in known:
                continue
            parts = f[0].split(".")
            level = "ADM1" if len(parts) == 2 else "ADM2"
            key = tuple(parts)
            p = pts.get(key, [])
            lat = sum(x[0] for x in p) / len(p) if p else None
            lon = sum(x[1] for x in p) / len(p) if p else None
            rows.append(
                PlaceRow(
                    name=f[1],
                    latitude=lat,
                    longitude=lon,
                    feature_class="A",
                    feature_code=level,
                    country=parts[0],
                    admin1=parts[1],
                    admin2=parts[2] if level == "ADM2" else None,
                    geonameid=f[3],
                    source=f"geonames:{path.name}",
                    alternates=[f[2]] if f[2] != f[1] else [],
                )
            )
    return gaz.add_places(rows)


_UCDP_SUFFIX = re.compile(r"\s+(?:town|city|village|district|province|governorate|area|region|camp)$", re.I)


def _event_rows(path: Path, kind: str) -> Iterator[PlaceRow]:
    """Distinct locations of an ACLED or UCDP export (each named point once)."""
    seen: set[tuple[str, float, float]] = set()
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            r = {k.strip().lower(): (v or "").strip() for k, v in r.items() if k}
            if kind == "acled":
                name, prec = r.get("location", ""), r.get("geo_precision", "1")
                a1, a2, country = r.get("admin1") or None, r.get("admin2") or None, r.get("country", "")
            else:
                name = _UCDP_SUFFIX.sub("", r.get("where_coordinates", ""))
                prec = r.get("where_prec", "1")
                a1 = (r.get("adm_1") or "").replace(" province", "").replace(" governorate", "") or None
                a2 = r.get("adm_2") or None
                country = r.get("country", "")
            try:
                lat, lon = round(float(r["latitude"]), 4), round(float(r["longitude"]), 4)
            except (KeyError, ValueError):
                continue
            if not name or (name, lat, lon) in seen:
                continue
            seen.add((name, lat, lon))
            yield PlaceRow(
                name=name,
                latitude=lat,
                longitude=lon,
                feature_class="P",
                feature_code="PPL" if prec in ("1", "") else "PPLL",
                country=_iso2(country),
                admin1=a1,
                admin2=a2,
                population=0,
                source=f"{kind}:{path.name}",
                parent=a2 or a1,
            )


def _iso2(country: str) -> str | None:
    """Country name to ISO alpha-2 via the packaged country list (None when unknown)."""
    if len(country) == 2 and country.isupper():
        return country
    from countryinfo import CountryInfo

    try:
        return (CountryInfo(country).info().get("ISO") or {}).get("alpha2")
    except Exception:  # noqa: BLE001 - an unknown country name simply stays unset
        return None


def _custom_rows(path: Path) -> Iterator[PlaceRow]:
    """name, aliases (';' or '|' separated), lat, lon, feature type, parent[, country, population]."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            r = {k.strip().lower(): (v or "").strip() for k, v in r.items() if k}
            try:
                lat = float(r.get("lat") or r.get("latitude") or "")
                lon = float(r.get("lon") or r.get("longitude") or "")
            except ValueError as exc:
                raise GeocodeError(f"{path}: place {r.get('name')!r} has no usable coordinates") from exc
            code = (r.get("feature_type") or r.get("feature type") or r.get("feature_code") or "PPL").upper()
            aliases = [a.strip() for a in re.split(r"[;|]", r.get("aliases", "")) if a.strip()]
            yield PlaceRow(
                name=r["name"],
                latitude=lat,
                longitude=lon,
                feature_class="A" if code.startswith(("ADM", "PCL")) else "P",
                feature_code=code,
                country=(r.get("country") or "").upper() or None,
                admin1=r.get("admin1") or None,
                admin2=r.get("admin2") or None,
                population=int(r.get("population") or 0),
                parent=r.get("parent") or None,
                source=f"custom:{path.name}",
                alternates=aliases,
            )
