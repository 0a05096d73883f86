"""Shared fixtures. Model-loading fixtures are session-scoped and marked slow by their users."""

from __future__ import annotations

import os
import uuid
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
