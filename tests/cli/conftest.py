"""Fixtures of the CLI tests: a small gazetteer file built from the geo tests' hand-written places."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwire.geo import Gazetteer, import_file

PLACES = Path(__file__).parent.parent / "geo" / "data" / "places.csv"


@pytest.fixture()
def gaz_file(tmp_path: Path) -> Path:
    path = tmp_path / "gaz.sqlite"
    with Gazetteer.open_path(path, create=True) as gaz:
        import_file(gaz, PLACES)
    return path
