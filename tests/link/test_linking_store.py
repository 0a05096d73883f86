"""Cross-report linking end to end: real pipeline, real stores (SQLite file and PostgreSQL).

The reports are seed 004 (read from ../shared at run time) and our own hand-written
re-wordings of its three incidents (tests/fixtures/linking, see its README). What the tests
expect follows from the texts: three incidents of 21, 51 and 25 dead, each told by all three.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.config import Settings
from conflictwire.pipeline import ingest
from conflictwire.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.shared]
SEED_004 = "004_e5936acc17d40096"
DEC25 = "2016-12-25"


def _seed(shared: Path, tmp: Path) -> Path:
    line = next(ln for ln in (shared / "seeds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
                if json.loads(ln)["id"] == SEED_004)
    out = tmp / "seed004.jsonl"
    out.write_text(line + "\n", encoding="utf-8")
    return out


def _syndicated(seed: Path, tmp: Path) -> Path:
    """The seed under another outlet: a wire dateline in front, a credit line at the end."""
    art = json.loads(seed.read_text(encoding="utf-8"))
    art.update(id="fx-wire-copy", source="Desert Wire (fixture)", url="",
               text="MOSUL, Iraq (Desert Wire) - " + art["text"] + "\n(Reporting by the Desert Wire desk.)")
    out = tmp / "copy.jsonl"
    out.write_text(json.dumps(art) + "\n", encoding="utf-8")
    return out


def _dec25(store: Store) -> list[tuple[int, tuple[str, ...]]]:
    return sorted((inc.fatalities, tuple(sorted(inc.article_ids))) for inc in store.incidents()
                  if str(inc.event_date) == DEC25)


@pytest.fixture()
def reports(shared: Path, fixtures: Path, tmp_path: Path) -> list[Path]:
    return [_seed(shared, tmp_path), fixtures / "linking" / "mosul-dec25.jsonl"]


def test_three_reports_of_three_incidents_give_three_incidents(any_store: Store, settings: Settings, pipeline,
                                                                reports: list[Path]) -> None:  # noqa: ANN001
    report = ingest([str(p) for p in reports], any_store, settings, pipeline=pipeline)
    assert report.stored == 3
    got = _dec25(any_store)
    everyone = (SEED_004, "fx-northern-1226", "fx-tigris-1227")
    assert got == [(21, everyone), (25, everyone), (51, everyone)]
    assert sum(k for k, _ in got) == 97
    inc = any_store.get_incident(any_store.incidents()[0].id)
    assert inc is not None and len(inc.mentions) == len(inc.article_ids)


def test_order_does_not_matter(tmp_path: Path, settings: Settings, pipeline, reports: list[Path],  # noqa: ANN001
                               fixtures: Path) -> None:
    one_by_one = reports + [fixtures / "linking" / "mosul-nov16.jsonl"]
    results = []
    for name, order in (("forward", one_by_one), ("reverse", one_by_one[::-1])):
        store = Store(f"sqlite:///{tmp_path / name}.db")
        for path in order:  # one ingest run per file: linking is incremental across runs
            ingest([str(path)], store, settings, pipeline=pipeline)
        results.append(sorted((inc.id, inc.fatalities, tuple(sorted(inc.article_ids)), inc.sub_event_type)
                              for inc in store.incidents()))
    assert results[0] == results[1]


def test_syndicated_copy_and_reingest_add_no_record(any_store: Store, settings: Settings, pipeline,  # noqa: ANN001
                                                    reports: list[Path], tmp_path: Path) -> None:
    ingest([str(reports[0])], any_store, settings, pipeline=pipeline)
    before = any_store.count("incidents")
    report = ingest([str(_syndicated(reports[0], tmp_path))], any_store, settings, pipeline=pipeline)
    assert report.near_duplicates == 1 and report.new_incidents == 0
    assert any_store.count("incidents") == before
    for inc in any_store.incidents():
        if str(inc.event_date) == DEC25:
            assert sorted(inc.article_ids) == [SEED_004, "fx-wire-copy"]  # same day: listed by id
            assert set(inc.source.split("; ")) == {"CNN", "Desert Wire (fixture)"}
    assert any_store.near_duplicates("fx-wire-copy")[0][0] == SEED_004
    again = ingest([str(reports[0]), str(_syndicated(reports[0], tmp_path))], any_store, settings,
                   pipeline=pipeline)
    assert again.duplicates == 2 and any_store.count("incidents") == before


def test_show_history_tells_the_story_and_relink_keeps_it(tmp_path: Path, settings: Settings, pipeline,  # noqa: ANN001
                                                          reports: list[Path]) -> None:
    db = tmp_path / "h.db"
    store = Store(f"sqlite:///{db}")
    for path in reports:
        ingest([str(path)], store, settings, pipeline=pipeline)
    target = next(inc for inc in store.incidents() if inc.fatalities == 51)
    causes = [h["cause"] for h in store.get_incident(target.id).history]
    assert causes.count("extracted") == 3 and causes.count("linked") == 2
    assert "reconciled" in causes  # the second outlet's report changed fields of the first one's record
    result = CliRunner().invoke(app, ["show", target.id, "--db", str(db), "--history"])
    assert result.exit_code == 0, result.output
    assert "3 report(s)" in result.output and "joined, score" in result.output
    assert "tolls agree" in result.output or "same toll" in result.output
    exported = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    rec = next(json.loads(ln) for ln in exported.output.splitlines() if json.loads(ln)["id"] == target.id)
    assert len(rec["mentions"]) == 3 and [h["cause"] for h in rec["history"]] == causes
    before = _dec25(store)
    relinked = CliRunner().invoke(app, ["relink", "--db", str(db), "--from", "2016-12-01", "--to", "2016-12-31"])
    assert relinked.exit_code == 0, relinked.output
    assert _dec25(store) == before


def test_ingest_without_linking_then_relink_gives_the_linked_incidents(tmp_path: Path, reports: list[Path]) -> None:
    runner = CliRunner()
    db = tmp_path / "later.db"
    done = runner.invoke(app, ["ingest", "--no-link", "-q", "--db", str(db), *map(str, reports)])
    assert done.exit_code == 0, done.output
    store = Store(f"sqlite:///{db}")
    assert len(_dec25(store)) == 9  # every report its own incident
    assert runner.invoke(app, ["relink", "--db", str(db)]).exit_code == 0
    everyone = (SEED_004, "fx-northern-1226", "fx-tigris-1227")
    assert _dec25(store) == [(21, everyone), (25, everyone), (51, everyone)]


def test_an_earlier_report_arriving_later_renames_the_incident_and_keeps_the_old_id(
        tmp_path: Path, settings: Settings, pipeline, reports: list[Path], fixtures: Path) -> None:  # noqa: ANN001
    store = Store(f"sqlite:///{tmp_path / 'late.db'}")
    later = tmp_path / "tigris.jsonl"  # published 27 December: the seed (26 December) is the earlier report
    later.write_text(next(ln for ln in (fixtures / "linking" / "mosul-dec25.jsonl").read_text().splitlines()
                          if "fx-tigris-1227" in ln) + "\n", encoding="utf-8")
    ingest([str(later)], store, settings, pipeline=pipeline)
    first = {inc.fatalities: inc.id for inc in store.incidents()}
    ingest([str(reports[0])], store, settings, pipeline=pipeline)
    now = {inc.fatalities: inc for inc in store.incidents()}
    inc = now[51]
    assert inc.id != first[51] and inc.article_ids == [SEED_004, "fx-tigris-1227"]
    assert store.resolve_id(first[51]) == inc.id
    full = store.get_incident(first[51])  # the retired id still finds the incident
    assert full is not None and full.id == inc.id
    joined = [h["change"]["article_id"] for h in full.history if h["cause"] == "linked"]
    assert joined == [SEED_004]
    # every report's own id leads to the incident it is part of, a joined report's too
    assert len(full.mentions) == 2 and all(store.resolve_id(m.id) == inc.id for m in full.mentions)
    assert store.resolve_id("inc-no-such-id") == "inc-no-such-id"
