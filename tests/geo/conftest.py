"""Fixtures for the geo tests: a tiny hand-written gazetteer, and the full one built once.

The full gazetteer is built from the packaged GeoNames data once per session (about
10-20 s) into a temporary directory, never into the user's cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwire.geo import Gazetteer, Geoparser, build_default, import_file

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SHARED = (REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (tests that read ../shared are skipped)")
    return SHARED


@pytest.fixture()
def small_gazetteer() -> Iterator[Gazetteer]:
    gaz = Gazetteer.in_memory()
    import_file(gaz, HERE / "data" / "places.csv")
    yield gaz
    gaz.close()


@pytest.fixture(scope="session")
def full_gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    build_default(path)
    return path


@pytest.fixture(scope="session")
def geoparser(full_gazetteer_path: Path) -> Iterator[Geoparser]:
    gp = Geoparser(Gazetteer.open_path(full_gazetteer_path))
    yield gp
    gp.gazetteer.close()
