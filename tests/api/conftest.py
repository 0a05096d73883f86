"""A real uvicorn server on loopback over a real store (SQLite file, and PostgreSQL when configured).

Why not FastAPI's in-process TestClient: what a client meets (the size limit as a socket sees
it, streamed exports, headers, status codes from the server) is what these tests are about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import httpx
import pytest

from conflictwire.api import create_app
from conflictwire.api.server import background
from conflictwire.config import Settings
from conflictwire.models import Incident
from conflictwire.store import Store

Serve = Callable[..., httpx.Client]


def incident(location: str, day: date | None, fatalities: int = 0, **kw: object) -> Incident:
    fields: dict[str, object] = {"event_type": "Battles", "sub_event_type": "Armed clash", "country": "Iraq",
                                 "admin1": "Nineveh", "actor1": "Military Forces of Iraq",
                                 "actor2": "Islamic State (Iraq)", "latitude": 36.3, "longitude": 43.1, **kw}
    return Incident(location=location, event_date=day, fatalities=fatalities, notes=f"Fighting in {location}.",
                    **fields)  # type: ignore[arg-type]


def sample() -> list[Incident]:
    """Thirty incidents: Nineveh battles through May 2019, a few protests in Basra, a few in Syria, two undated."""
    out = [incident(f"Mosul-{i}", date(2019, 5, 1 + i % 28), i % 6) for i in range(20)]
    out += [incident(f"Basra-{i}", date(2019, 6, 1 + i), 0, admin1="Basra", latitude=30.5, longitude=47.8,
                     event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Iraq)", actor2="")
            for i in range(4)]
    out += [incident(f"Raqqa-{i}", date(2019, 5, 10 + i), 10 + i, country="Syria", admin1="Raqqa", latitude=35.95,
                     longitude=39.0, actor2="Islamic State (Syria)") for i in range(4)]
    out += [incident("Sinjar", None, 1), incident("Nowhere", None, 0, latitude=None, longitude=None)]
    return out


@pytest.fixture()
def serve(any_store: Store, settings: Settings) -> Iterator[Serve]:
    """Start servers over `any_store`: `serve(**settings_overrides)` returns a client bound to one.

    Each server is stopped when the test ends; the store is the test's, so a test can add rows
    between two requests.
    """
    stack: list[tuple[object, httpx.Client]] = []

    def start(**overrides: object) -> httpx.Client:
        app = create_app(replace(settings, db_url=any_store.url, **overrides), any_store)  # type: ignore[arg-type]
        ctx = background(app)
        base = ctx.__enter__()
        client = httpx.Client(base_url=base, timeout=30)
        stack.append((ctx, client))
        return client

    yield start
    for ctx, client in reversed(stack):
        client.close()
        ctx.__exit__(None, None, None)  # type: ignore[attr-defined]


@pytest.fixture()
def filled(any_store: Store, add_incidents: Callable[..., list[str]]) -> Store:
    add_incidents(any_store, sample())
    return any_store


@pytest.fixture()
def make_incident() -> Callable[..., Incident]:
    """`incident(location, day, fatalities, **fields)` for tests that add their own rows."""
    return incident
