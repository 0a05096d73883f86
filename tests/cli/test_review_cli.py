"""`conflictwire review ...` and `show` over a real SQLite file, through Typer's runner (no model loads)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.link import Linking
from conflictwire.models import Incident
from conflictwire.store import IncidentFilter, Store


def _clash(day: date, location: str) -> Incident:
    return Incident(event_date=day, time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                    actor1="Military Forces of Iraq", actor2="Islamic State (Iraq)", country="Iraq", location=location,
                    latitude=36.3, longitude=43.1, geo_precision=1, fatalities=5, confidence=0.8)


def test_cli_review_actions_show_and_filters(tmp_path: Path, add_incidents: Callable[..., list[str]]) -> None:
    db = tmp_path / "r.db"
    store = Store(f"sqlite:///{db}")
    a = add_incidents(store, [_clash(date(2019, 5, 3), "Mosul")], source="Wire A", published=date(2019, 5, 3),
                      linking=Linking())[0]
    b = add_incidents(store, [_clash(date(2019, 5, 9), "Bashiqa")], source="Wire B", published=date(2019, 5, 9),
                      linking=Linking())[0]
    run = CliRunner().invoke
    res = run(app, ["review", "edit", a, "fatalities", "12", "--why", "hospital count", "--by", "ann", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "fatalities = 12 (machine: 5)" in res.output
    bad = run(app, ["review", "edit", a, "fatalities", "a dozen", "--why", "w", "--by", "ann", "--db", str(db)])
    assert bad.exit_code == 2 and "not a whole number" in bad.stderr
    bad = run(app, ["review", "edit", a, "casualties", "3", "--why", "w", "--by", "ann", "--db", str(db)])
    assert bad.exit_code == 2 and "unknown field 'casualties'" in bad.stderr
    assert run(app, ["review", "accept", a, "--by", "ann", "--db", str(db)]).exit_code == 2  # --why is required
    missing = run(app, ["review", "accept", "inc-nope", "--why", "w", "--by", "ann", "--db", str(db)])
    assert missing.exit_code == 1 and "no incident" in missing.stderr
    assert run(app, ["review", "reject", b, "--why", "a crime", "--by", "bob", "--db", str(db)]).exit_code == 0
    listed = run(app, ["incidents", "--ids", "--db", str(db)])
    assert listed.output.split() == [a]
    assert run(app, ["incidents", "--ids", "--include-rejected", "--db", str(db)]).output.split() == [a, b]
    assert run(app, ["incidents", "--ids", "--review-status", "rejected", "--db", str(db)]).output.split() == [b]
    assert run(app, ["incidents", "--review-status", "odd", "--db", str(db)]).exit_code == 2
    exported = run(app, ["export", "-f", "acled-csv", "--db", str(db)])
    assert a in exported.output and b not in exported.output
    assert b in run(app, ["export", "-f", "acled-csv", "--include-rejected", "--db", str(db)]).output
    assert run(app, ["review", "accept", b, "--why", "it is", "--by", "ann", "--db", str(db)]).exit_code == 0
    merged = run(app, ["review", "merge", a, b, "--why", "one offensive", "--by", "ann", "--db", str(db)])
    assert merged.exit_code == 0, merged.output
    assert len(store.incidents(IncidentFilter(include_rejected=True))) == 1
    shown = run(app, ["show", a, "--history", "--db", str(db)], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert "review(s)" in shown.output and "hospital count" in shown.output and "machine: 5" in shown.output
    assert "merge" in shown.output and "edit by ann" in shown.output
    inc = store.get_incident(a)
    assert inc is not None
    art_b = inc.article_ids[1]
    split = run(app, ["review", "split", a, art_b, "--why", "two after all", "--by", "ann", "--db", str(db)])
    assert split.exit_code == 0, split.output
    assert run(app, ["relink", "--db", str(db)]).exit_code == 0
    assert len(store.incidents()) == 2
    assert store.get_incident(a).fatalities == 12  # type: ignore[union-attr]
