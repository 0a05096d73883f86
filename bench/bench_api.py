"""The REST API's cost over the library: filtered `GET /incidents?limit=100` on a large SQLite store.

Builds an SQLite store of N synthetic incidents (default 100,000) by bulk insert, starts the
real server (uvicorn) on loopback, and sends a fixed number of filtered page requests from
one client, one at a time: a date range, a country, a type, an actor, a bbox, a minimum
toll, a text search, both sorts, offsets and a cursor walk. Then the same queries run as the
library call the route makes (`Store.incident_page`), which is the baseline. Prints p50 and
p99 latency and requests per second of each, and their ratio. Only loopback traffic.

    python bench/bench_api.py [--n 100000] [--requests 300] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from conflictwire.api import create_app
from conflictwire.api.server import background
from conflictwire.config import Settings
from conflictwire.store import IncidentFilter, Store
from conflictwire.store import schema as t
from conflictwire.store.query import Sort

COUNTRIES = [("Iraq", ["Nineveh", "Baghdad", "Basra", "Anbar", "Kirkuk"], (43.0, 36.0)),
             ("Syria", ["Raqqa", "Aleppo", "Idlib", "Homs"], (38.5, 35.5)),
             ("Yemen", ["Sanaa", "Aden", "Taiz", "Marib"], (45.0, 15.0)),
             ("Nigeria", ["Borno", "Yobe", "Adamawa"], (13.0, 11.5))]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Protests", "Peaceful protest"),
         ("Violence against civilians", "Attack"), ("Riots", "Violent demonstration")]
ACTORS = ["Military Forces of {c}", "Islamic State ({c})", "Unidentified Armed Group ({c})", "Protesters ({c})",
          "Civilians ({c})", "Police Forces of {c}"]
START = date(2015, 1, 1)


def build(db: Path, n: int, seed: int = 7) -> Store:
    """A store of `n` synthetic incidents, inserted 5,000 rows per statement (no pipeline)."""
    store = Store(f"sqlite:///{db}")
    rng = random.Random(seed)
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        country, regions, (lon, lat) = rng.choice(COUNTRIES)
        etype, sub = rng.choice(TYPES)
        a1, a2 = rng.sample(ACTORS, 2)
        rows.append({"id": f"inc-{i:08d}", "event_date": START + timedelta(days=rng.randrange(3650)),
                     "event_type": etype, "sub_event_type": sub, "actor1": a1.format(c=country),
                     "actor2": a2.format(c=country), "country": country, "admin1": rng.choice(regions),
                     "location": f"Place {rng.randrange(5000)}", "latitude": lat + rng.uniform(-2, 2),
                     "longitude": lon + rng.uniform(-2, 2), "fatalities": rng.choice([0, 0, 0, 1, 2, 3, 5, 12, 40]),
                     "notes": f"Synthetic report {i} of {sub.lower()} near place {rng.randrange(5000)}.",
                     "created_at": now, "updated_at": now})
        if len(rows) == 5000:
            _flush(store, rows)
    _flush(store, rows)
    return store


def _flush(store: Store, rows: list[dict[str, Any]]) -> None:
    if rows:
        with store.engine.begin() as conn:
            conn.execute(insert(t.incidents), rows)
        rows.clear()


def queries(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """`count` varied filtered page requests, as query parameters (the same list for both sides)."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(count):
        country, regions, (lon, lat) = rng.choice(COUNTRIES)
        day = START + timedelta(days=rng.randrange(3500))
        kind = i % 8
        p: dict[str, Any] = {"limit": 100}
        if kind == 0:
            p |= {"date_from": day.isoformat(), "date_to": (day + timedelta(days=90)).isoformat()}
        elif kind == 1:
            p |= {"country": country, "sort": "fatalities", "order": "desc"}
        elif kind == 2:
            p |= {"event_type": rng.choice(TYPES)[1], "country": country}
        elif kind == 3:
            p |= {"actor": "islamic state", "date_from": day.isoformat()}
        elif kind == 4:
            p |= {"bbox": f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}", "min_fatalities": 5}
        elif kind == 5:
            p |= {"q": f"place {rng.randrange(5000)}"}
        elif kind == 6:
            p |= {"admin1": rng.choice(regions), "order": "desc", "offset": rng.choice([0, 100, 1000])}
        else:
            p |= {"country": country, "min_fatalities": 1}
        out.append(p)
    return out


def as_library(p: dict[str, Any]) -> tuple[IncidentFilter, Sort, int]:
    """The `IncidentFilter`, `Sort` and offset the route builds from the same parameters."""
    bbox = tuple(float(x) for x in p["bbox"].split(",")) if "bbox" in p else None
    flt = IncidentFilter(date_from=date.fromisoformat(p["date_from"]) if "date_from" in p else None,
                         date_to=date.fromisoformat(p["date_to"]) if "date_to" in p else None,
                         country=p.get("country"), admin1=p.get("admin1"), event_type=p.get("event_type"),
                         actor=p.get("actor"), min_fatalities=p.get("min_fatalities"), q=p.get("q"),
                         bbox=bbox)  # type: ignore[arg-type]
    return flt, Sort(p.get("sort", "event_date"), p.get("order") == "desc"), p.get("offset", 0)


def summary(name: str, seconds: list[float], wall: float) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    p50 = statistics.median(ms)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    rps = len(ms) / wall
    print(f"{name:<10} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   {rps:8.1f} req/s   ({len(ms)} requests)")
    return {"p50": p50, "p99": p99, "rps": rps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="synthetic incidents in the store")
    ap.add_argument("--requests", type=int, default=300, help="page requests on each side")
    ap.add_argument("--db", type=Path, help="SQLite file to build (default: a temporary one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench-api.db"
        db.unlink(missing_ok=True)
        t0 = time.perf_counter()
        store = build(db, args.n)
        print(f"built {args.n:,} incidents in {time.perf_counter() - t0:.1f} s ({db})")
        params = queries(args.requests)
        app = create_app(Settings(db_url=store.url), store)
        with background(app) as base, httpx.Client(base_url=base, timeout=60) as client:
            for p in params[:10]:  # warm-up: connections, SQLite page cache
                client.get("/incidents", params=p).raise_for_status()
            api: list[float] = []
            start = time.perf_counter()
            for p in params:
                s = time.perf_counter()
                r = client.get("/incidents", params=p)
                api.append(time.perf_counter() - s)
                r.raise_for_status()
            api_wall = time.perf_counter() - start
        for p in params[:10]:  # the same warm-up on this side
            flt, sort, offset = as_library(p)
            store.incident_page(flt, sort, limit=100, offset=offset)
        lib: list[float] = []
        start = time.perf_counter()
        for p in params:
            flt, sort, offset = as_library(p)
            s = time.perf_counter()
            store.incident_page(flt, sort, limit=100, offset=offset)
            lib.append(time.perf_counter() - s)
        lib_wall = time.perf_counter() - start
        print(f"GET /incidents?limit=100 over loopback vs Store.incident_page, {args.requests} varied filters:")
        a = summary("api", api, api_wall)
        b = summary("library", lib, lib_wall)
        print(f"ratio api/library: p50 {a['p50'] / b['p50']:.2f}x   p99 {a['p99'] / b['p99']:.2f}x   "
              f"throughput {b['rps'] / a['rps']:.2f}x")
        store.close()


if __name__ == "__main__":
    main()
