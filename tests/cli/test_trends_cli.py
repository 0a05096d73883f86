"""`conflictwire trends` over a real SQLite file, through Typer's runner: the table, the flag, bad options."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.models import Incident
from conflictwire.store import Store

END = date(2019, 6, 30)


def _inc(admin1: str, day: date, fatalities: int, n: int) -> Incident:
    return Incident(event_date=day, admin1=admin1, country="Iraq", event_type="Battles", sub_event_type="Armed clash",
                    fatalities=fatalities, location=f"{admin1}-{n}")


def test_cli_trends_prints_the_flagged_region(tmp_path: Path, add_incidents: Callable[..., list[str]]) -> None:
    db = tmp_path / "t.db"
    store = Store(f"sqlite:///{db}")
    rows = [_inc("Nineveh", END - timedelta(days=7 * k + 1), 1, k) for k in range(1, 5)]
    rows += [_inc("Nineveh", END - timedelta(days=i), 2, 10 + i) for i in range(5)]
    rows += [_inc("Basra", END - timedelta(days=7 * k + i), 0, 20 + 2 * k + i) for k in range(5) for i in range(2)]
    add_incidents(store, rows)
    store.close()
    run = CliRunner().invoke
    res = run(app, ["trends", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "2019-06-24 to 2019-06-30 against 4 of 4 weeks" in res.output
    flagged = next(line for line in res.output.splitlines() if "Nineveh" in line)
    assert "▲" in flagged and "+4.0" in flagged and "1.0 ± 0.0" in flagged
    assert "▲" not in next(line for line in res.output.splitlines() if "Basra" in line)
    assert "1 of 2 regions flagged" in res.output
    month = run(app, ["trends", "--db", str(db), "--period", "month", "--baseline", "52", "--end", "2019-06-20"])
    assert month.exit_code == 0 and "2019-05-24 to 2019-06-20" in month.output
    assert run(app, ["trends", "--db", str(db), "--baseline", "5"]).exit_code == 2
    assert run(app, ["trends", "--db", str(db), "--period", "year"]).exit_code == 2
    assert run(app, ["trends", "--db", str(db), "--end", "June"]).exit_code == 2
    empty = tmp_path / "e.db"
    Store(f"sqlite:///{empty}").close()
    assert "nothing to compare" in run(app, ["trends", "--db", str(empty)]).output
