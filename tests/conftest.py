"""Shared fixtures. Model-loading fixtures are session-scoped and marked slow by their users."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.models import Article, ArticleResult, Incident
from conflictwire.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFLICTWIRE_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, read at run time; tests that need it skip clearly when it is absent."""
    if not (SHARED / "README.md").exists():
        pytest.skip(f"shared data not found at {SHARED} (set CONFLICTWIRE_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One gazetteer cache per test session (built once, shared by every test that needs it)."""
    env = os.environ.get("CONFLICTWIRE_CACHE")
    return Path(env) / "conflictwire" if env else tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def settings(cache_dir: Path) -> Settings:
    return Settings(db_url="sqlite://", cache_dir=cache_dir)


@pytest.fixture()
def store() -> Iterator[Store]:
    s = Store("sqlite://")
    yield s
    s.close()


def _pg_schema(base: str) -> Iterator[str]:
    """The URL of a new, empty schema of its own on the server at `base` (dropped after)."""
    from sqlalchemy import create_engine, text

    schema = "t_" + uuid.uuid4().hex[:10]
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _pg_store(base: str) -> Iterator[Store]:
    for url in _pg_schema(base):
        s = Store(url)
        try:
            yield s
        finally:
            s.close()


def _pg_url() -> str:
    """The test PostgreSQL server's URL; skip without one (fail under CI, which must provide it)."""
    url = os.environ.get("CONFLICTWIRE_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide PostgreSQL (CONFLICTWIRE_TEST_PG unset)")
        pytest.skip("no PostgreSQL server: set CONFLICTWIRE_TEST_PG=postgresql+psycopg://... (.ci/run does)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A real store on each backend: an SQLite file, and PostgreSQL when CONFLICTWIRE_TEST_PG is set."""
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'test.db'}")
        yield s
        s.close()
        return
    yield from _pg_store(_pg_url())


@pytest.fixture(scope="session")
def nlp(settings: Settings):  # noqa: ANN201 - spaCy Language
    from conflictwire.nlp import build_nlp

    return build_nlp(settings)


@pytest.fixture(scope="session")
def pipeline(settings: Settings):  # noqa: ANN201
    from conflictwire.pipeline import Pipeline

    return Pipeline.from_settings(settings)


def save_incidents(store: Store, incidents: list[Incident], *, source: str = "Hand Wire",
                   published: date | None = None, linking: object | None = None) -> list[str]:
    """Store hand-built incidents as the reports of one new article; returns their ids.

    Why by hand and not through the pipeline: query, token and API tests need exact field
    values in seconds, not what the spaCy model makes of a text. Each call stores a fresh
    article (its text is unique), so calls can be repeated to add rows between two pages.
    """
    words = " ".join(inc.location or inc.notes or "somewhere" for inc in incidents)
    body = f"Report {uuid.uuid4().hex}: {words}."
    art = Article(id=f"art-{uuid.uuid4().hex[:12]}", text=body, title="hand-built report", source=source,
                  published=published)
    for inc in incidents:
        inc.article_ids = [art.id]
        if inc.location and inc.location in body:
            start = body.index(inc.location)
            inc.add_evidence("location", art.id, start, start + len(inc.location), body)
    store.save_batch([ArticleResult(art, incidents)], linking)  # type: ignore[arg-type]
    return [inc.id for inc in incidents]


@pytest.fixture()
def add_incidents() -> Callable[..., list[str]]:
    """`save_incidents` as a fixture, for test modules in every folder (conftest helpers are not importable)."""
    return save_incidents


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL on each backend, for tests that run real `conflictwire` processes against it.

    Nothing is created yet (the first `Store` opened on it makes the schema). SQLite is a file in
    the test's folder (WAL); PostgreSQL an empty schema of its own (dropped after), skipped unless
    CONFLICTWIRE_TEST_PG is set, as for `any_store`.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    yield from _pg_schema(_pg_url())


# columns that differ between two runs of the same input by construction: clock times, and the
# numbers a table's sequence hands out (a killed PostgreSQL transaction burns some)
_RUN_COLUMNS = {"created_at", "updated_at", "ingested_at", "at", "last_used_at", "vector"}
_SERIAL_TABLES = {"evidence", "places", "rejections", "incident_history", "reviews"}


def store_snapshot(url: str, skip: frozenset[str] = frozenset()) -> dict[str, Counter[str]]:
    """Every row of every conflictwire table, as a multiset per table, less what differs run to run.

    Two stores with equal snapshots hold the same articles, incidents, reports, links, evidence,
    history and rejections, each as many times. Floats are rounded to 6 places (link scores);
    columns named in `skip` are left out too.
    """
    import json
    from collections import Counter

    from sqlalchemy import select

    from conflictwire.store import schema

    def norm(value: object) -> object:
        if isinstance(value, float):
            return round(value, 6)
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value

    out: dict[str, Counter[str]] = {}
    with Store(url, create=False) as s, s.engine.connect() as conn:
        for name, table in schema.metadata.tables.items():
            drop = _RUN_COLUMNS | skip | ({"id"} if name in _SERIAL_TABLES else set())
            cols = [c for c in table.c if c.name not in drop]
            out[name] = Counter(json.dumps([norm(v) for v in row], default=str, sort_keys=True)
                                for row in conn.execute(select(*cols)))
    return out


@pytest.fixture()
def snapshot() -> Callable[..., dict[str, Counter[str]]]:
    """`store_snapshot` as a fixture (conftest helpers are not importable)."""
    return store_snapshot
