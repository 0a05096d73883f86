"""Shared fixtures. Model-loading fixtures are session-scoped and marked slow by their users."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwire.config import Settings
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


def _pg_store(base: str) -> Iterator[Store]:
    from sqlalchemy import create_engine, text

    schema = "t_" + uuid.uuid4().hex[:10]
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    s = Store(f"{base}{sep}options=-csearch_path%3D{schema}")
    try:
        yield s
    finally:
        s.close()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A real store on each backend: an SQLite file, and PostgreSQL when CONFLICTWIRE_TEST_PG is set."""
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'test.db'}")
        yield s
        s.close()
        return
    url = os.environ.get("CONFLICTWIRE_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide PostgreSQL (CONFLICTWIRE_TEST_PG unset)")
        pytest.skip("no PostgreSQL server: set CONFLICTWIRE_TEST_PG=postgresql+psycopg://... (.ci/run does)")
    yield from _pg_store(url)


@pytest.fixture(scope="session")
def nlp(settings: Settings):  # noqa: ANN201 - spaCy Language
    from conflictwire.nlp import build_nlp

    return build_nlp(settings)


@pytest.fixture(scope="session")
def pipeline(settings: Settings):  # noqa: ANN201
    from conflictwire.pipeline import Pipeline

    return Pipeline.from_settings(settings)
