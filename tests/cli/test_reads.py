"""Reading commands open an existing conflictwire database and never create one (a mistyped --db)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.errors import StoreError
from conflictwire.store import Store

READS = [["stats"], ["incidents"], ["show", "inc-0000000000000000"], ["export", "-f", "jsonl"], ["relink"]]


@pytest.mark.parametrize("command", READS, ids=lambda c: c[0])
def test_a_read_of_a_missing_database_is_an_error_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "sub" / "typo.db"
    res = CliRunner().invoke(app, [*command, "--db", str(missing)], env={"CONFLICTWIRE_DB": ""})
    assert res.exit_code == 2
    assert f"no database at {missing}" in res.stderr
    assert list(tmp_path.iterdir()) == []  # neither the file nor its folder


def test_a_read_of_a_file_that_is_not_a_conflictwire_database_leaves_it_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    res = CliRunner().invoke(app, ["stats", "--db", str(other)])
    assert res.exit_code == 2 and "is not a conflictwire database" in res.stderr
    with sqlite3.connect(other) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"notes"}


def test_a_read_of_a_database_ingest_made_works(tmp_path: Path) -> None:
    db = tmp_path / "cw.db"
    Store(f"sqlite:///{db}").close()  # what `ingest` leaves: the schema, maybe no rows yet
    res = CliRunner().invoke(app, ["stats", "--db", str(db)])
    assert res.exit_code == 0 and "articles" in res.stdout
    with pytest.raises(StoreError, match="no database at"):
        Store(f"sqlite:///{tmp_path / 'nope.db'}", create=False)
