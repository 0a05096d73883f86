"""Backup and restore on real stores (SQLite file and PostgreSQL): a backup restored into an empty
database gives the same rows in every table, and a second backup is byte-identical.

The store is filled by hand (hand-built incidents linked by the real linker, reviews through the
store's own review methods, a near-duplicate article, a figure, a place, a rejection) so that
every table holds rows in a second, without the spaCy model.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.export import export
from conflictwire.link import Linking
from conflictwire.models import Article, ArticleResult, Evidence, Figure, Incident, Place, Rejection
from conflictwire.store import Checkpoint, IncidentFilter, Store
from conflictwire.store.backup import BackupError, backup_tables, restore

LINKING = Linking()
# long enough for the near-duplicate signature (shingles of words) to see two copies as one story
STORY = ("Gunmen attacked a checkpoint of the army near the village of Tal Abta, south of Mosul, on Friday "
         "evening, killing five soldiers and wounding three, the local police chief said on Saturday. The "
         "attackers fled towards the desert after an exchange of fire that lasted about an hour, residents said. "
         "Security forces closed the main road and began a search of the area, an army officer told reporters. "
         "The district has seen several such attacks since the spring, when remnants of the group moved back into "
         "the valleys west of the river, and farmers say they no longer go out to their fields after dark.")


def clash(location: str = "Mosul", fatalities: int = 5, day: date = date(2019, 5, 3)) -> Incident:
    return Incident(event_date=day, time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                    actor1="Military Forces of Iraq", actor2="Islamic State (Iraq)", country="Iraq",
                    location=location, latitude=36.3, longitude=43.1, geo_precision=1, fatalities=fatalities,
                    confidence=0.8, notes=f"Clash in {location} killed {fatalities}.")


def _result(ident: str, body: str, source: str, published: date, incidents: list[Incident]) -> ArticleResult:
    art = Article(id=ident, text=body, title="ميليشيا تهاجم", source=source, published=published,
                  metadata={"origin": f"{ident}.jsonl:1", "lang_hint": "کوردی"})
    for inc in incidents:
        inc.article_ids = [ident]
        start = body.index("Tal Abta")
        inc.add_evidence("location", ident, start, start + len("Tal Abta"), body)
    fig = Figure(kind="displaced", value=1200, value_low=1000, value_high=1500, as_of=published,
                 claimant="=HYPERLINK(\"x\")", article_ids=[ident],
                 evidence=[Evidence("value", ident, 0, 6, body[:6])])
    place = Place(start=body.index("Mosul"), end=body.index("Mosul") + 5, name="Mosul", latitude=36.335,
                  longitude=43.11889, geonameid="99072", feature_code="PPLA", country="IQ", geo_precision=1)
    return ArticleResult(art, incidents, [fig], [place], vectors=[b"\x00\x01\xfe\xff" * 8 for _ in incidents])


def fill(store: Store, add_incidents) -> None:  # noqa: ANN001
    """Every kind of row: linked reports, a near-duplicate copy, reviews of each kind, a rejection."""
    store.save_batch([_result("wire-a", STORY, "Wire A", date(2019, 5, 4), [clash("Tal Abta")])], LINKING)
    copy = "MOSUL (Wire B) - " + STORY + " Reporting by a stringer."
    store.save_batch([_result("wire-b", copy, "Wire B", date(2019, 5, 5), [clash("Tal Abta")])], LINKING)
    add_incidents(store, [clash("Kirkuk", 2, date(2019, 6, 1))], source="Wire C", linking=LINKING)
    add_incidents(store, [clash("Kirkuk", 2, date(2019, 6, 1))], source="Wire D", linking=LINKING)
    (a, b) = add_incidents(store, [clash("Hawija", 1, date(2019, 7, 1)), clash("Baiji", 3, date(2019, 7, 2))],
                           source="Wire E", linking=LINKING)
    incs = {i.location: i for i in store.incidents()}
    store.review_edit(incs["Tal Abta"].id, "fatalities", "6", "ann", "the hospital gave 6")
    store.review_accept(incs["Tal Abta"].id, "ann", "checked")
    kirkuk = incs["Kirkuk"]
    assert len(kirkuk.article_ids) == 2, "the two Kirkuk reports should be linked"
    store.review_split(kirkuk.id, [kirkuk.article_ids[0]], "bo", "two different clashes", linking=LINKING)
    store.review_merge(a, b, "bo", "one operation", linking=LINKING)
    store.review_reject(incs["Tal Abta"].id, "cy", "not conflict")  # a rejected incident must be kept too
    store.add_rejections([Rejection("feed.rss#3", "binary", "contains NUL bytes"),
                          Rejection("notes.csv:7", "over-budget", "took longer than 60 s")])
    # a watched feed's progress: a restored store must not read its entries again
    store.save_checkpoints([Checkpoint("feed-entry-key", "feed.rss#1", 1, complete=True)])


def _tables(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        out = {}
        for tab in backup_tables():
            order = list(tab.primary_key.columns) or list(tab.columns)
            out[tab.name] = [tuple(r) for r in conn.execute(select(tab).order_by(*order))]
        return out


def _backup(store: Store, path: Path) -> bytes:
    export(store, "backup", path)
    return path.read_bytes()


@contextmanager
def _fresh(any_store: Store, tmp_path: Path) -> Iterator[Store]:
    """An empty store on the same backend as `any_store` (its own SQLite file, or its own PG schema)."""
    if any_store.engine.dialect.name == "sqlite":
        with Store(f"sqlite:///{tmp_path / 'restored'}.db") as s:
            yield s
        return
    from sqlalchemy import create_engine, text

    base = os.environ["CONFLICTWIRE_TEST_PG"]
    schema = f"r_{os.urandom(5).hex()}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        with Store(f"{base}{sep}options=-csearch_path%3D{schema}") as s:
            yield s
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_backup_round_trip_is_exact(any_store: Store, add_incidents, tmp_path: Path) -> None:  # noqa: ANN001
    fill(any_store, add_incidents)
    before = _tables(any_store)
    empty = [name for name, rows in before.items() if not rows]
    assert not empty, f"the fixture should fill every table, these are empty: {empty}"
    first = _backup(any_store, tmp_path / "one.jsonl")
    with _fresh(any_store, tmp_path) as target:
        counts = restore(target, tmp_path / "one.jsonl")
        assert counts == {name: len(rows) for name, rows in before.items()}
        assert _tables(target) == before
        assert _backup(target, tmp_path / "two.jsonl") == first
        # the restored store works as a store: the same records, and new serial ids do not collide
        flt = IncidentFilter(include_rejected=True)
        assert [i.to_dict() for i in target.incidents(flt, with_reports=True)] == \
            [i.to_dict() for i in any_store.incidents(flt, with_reports=True)]
        target.add_rejections([Rejection("later.txt", "empty", "no text")])
        inc = next(i for i in target.incidents() if i.location == "Kirkuk")
        target.review_edit(inc.id, "fatalities", "4", "dee", "after the restore")
        assert len(target.rejections()) == 3


def test_backup_header_counts_every_table(store: Store, add_incidents, tmp_path: Path) -> None:  # noqa: ANN001
    add_incidents(store, [clash()], linking=LINKING)
    lines = _backup(store, tmp_path / "b.jsonl").decode("utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "conflictwire-backup" and header["version"] == 1 and header["schema"]
    assert "api_tokens" not in header["tables"], "an access token is not data: it stays out of a backup"
    assert sum(header["tables"].values()) == len(lines) - 1
    assert header["tables"]["incidents"] == 1 and header["tables"]["articles"] == 1


def test_restore_refuses_a_database_that_holds_rows(store: Store, add_incidents, tmp_path: Path) -> None:  # noqa: ANN001
    add_incidents(store, [clash()], linking=LINKING)
    _backup(store, tmp_path / "b.jsonl")
    with pytest.raises(BackupError, match="not empty .*--into-existing"):
        restore(store, tmp_path / "b.jsonl")
    with pytest.raises(BackupError, match="cannot be stored"):  # every key is taken: all or nothing
        restore(store, tmp_path / "b.jsonl", into_existing=True)
    assert store.count("articles") == 1
    edited = store.review_edit(store.incidents()[0].id, "fatalities", "9", "ann", "here first")
    other = Store("sqlite://")
    fill(other, add_incidents)
    export(other, "backup", tmp_path / "other.jsonl")
    restore(store, tmp_path / "other.jsonl", into_existing=True)  # the rows are added, the reviews renumbered
    flt = IncidentFilter(include_rejected=True)
    assert sorted(i.location for i in store.incidents(flt)) == sorted(
        ["Mosul"] + [i.location for i in other.incidents(flt)])
    assert store.get_incident(edited.id).fatalities == 9
    for inc in other.incidents(flt, with_reports=True):
        got = store.get_incident(inc.id)
        assert got is not None and (got.fatalities, got.review_status) == (inc.fatalities, inc.review_status)
        assert [(r["action"], r["why"]) for r in store.reviews(inc.id)] == \
            [(r["action"], r["why"]) for r in other.reviews(inc.id)]
        # an override cites its review by number: the number of the restored review, not the file's
        ids = {r["id"] for r in store.reviews(inc.id)}
        assert all(o["review_id"] in ids for o in got.overrides.values())


@pytest.mark.parametrize(("edit", "message"), [
    (lambda lines: lines[:1] + ["{not json"] + lines[1:], r"b\.jsonl:2: invalid JSON"),
    (lambda lines: lines[:-1], r"b\.jsonl: the file does not hold the rows its header counts"),
    (lambda lines: [lines[0], '{"table": "secrets", "row": {}}'] + lines[1:], r"b\.jsonl:2: unknown table"),
    (lambda lines: lines[1:], r"b\.jsonl:1: not a conflictwire backup"),
    (lambda lines: [lines[0].replace('"version": 1', '"version": 99')] + lines[1:], r"b\.jsonl:1: .*version 99"),
    (lambda lines: [ln.replace('"ingested_at": "', '"ingested_at": "x') for ln in lines],
     r"b\.jsonl:\d+: table articles: column ingested_at"),
    (lambda lines: [ln.replace('"position": 0', '"position": 0, "owner": 1') for ln in lines],
     r"b\.jsonl:\d+: table \w+ has no column owner"),
], ids=["bad-json", "truncated", "unknown-table", "no-header", "newer-version", "bad-date", "unknown-column"])
def test_restore_names_the_file_and_line_of_bad_input(store: Store, add_incidents, tmp_path: Path,  # noqa: ANN001
                                                      edit, message: str) -> None:  # noqa: ANN001
    add_incidents(store, [clash()], linking=LINKING)
    lines = _backup(store, tmp_path / "good.jsonl").decode("utf-8").splitlines()
    bad = tmp_path / "b.jsonl"
    bad.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    target = Store("sqlite://")
    with pytest.raises(BackupError, match=message):
        restore(target, bad)
    assert target.count("articles") == 0 and target.count("incidents") == 0, "a failed restore stores nothing"


def test_restore_of_an_incident_export_says_how_to_make_a_backup(store: Store, add_incidents,  # noqa: ANN001
                                                                 tmp_path: Path) -> None:
    add_incidents(store, [clash()], linking=LINKING)
    export(store, "jsonl", tmp_path / "i.jsonl")
    with pytest.raises(BackupError, match="incident export: make a backup with `conflictwire export --format backup`"):
        restore(Store("sqlite://"), tmp_path / "i.jsonl")


def test_cli_export_backup_then_import(tmp_path: Path, add_incidents) -> None:  # noqa: ANN001
    src = tmp_path / "src.db"
    with Store(f"sqlite:///{src}") as store:
        add_incidents(store, [clash(), clash("Kirkuk")], linking=LINKING)
    runner = CliRunner()
    made = runner.invoke(app, ["export", "--db", str(src), "--format", "backup", "-o", str(tmp_path / "b.jsonl")])
    assert made.exit_code == 0, made.output
    dst = tmp_path / "dst.db"
    done = runner.invoke(app, ["import", str(tmp_path / "b.jsonl"), "--db", str(dst)])
    assert done.exit_code == 0, done.output
    assert "restored" in done.output and "2 incidents" in done.output
    again = runner.invoke(app, ["import", str(tmp_path / "b.jsonl"), "--db", str(dst)])
    assert again.exit_code == 2 and "not empty" in again.output
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "new.db")])
    assert missing.exit_code == 2 and "nope.jsonl" in missing.output
    assert not (tmp_path / "new.db").exists(), "a missing backup file must not create a database"
    bad = tmp_path / "bad.jsonl"
    bad.write_text((tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n",
                   encoding="utf-8")
    failed = runner.invoke(app, ["import", str(bad), "--db", str(tmp_path / "fresh.db")])
    assert failed.exit_code == 2 and "bad.jsonl" in failed.output
    assert not list(tmp_path.glob("fresh.db*")), "a failed restore into a new file must leave no database"
    kept = runner.invoke(app, ["import", str(bad), "--db", str(dst), "--into-existing"])
    assert kept.exit_code == 2 and dst.exists(), "a failed restore never removes a database that was there"
    with Store(f"sqlite:///{dst}") as restored:
        assert sorted(i.location for i in restored.incidents()) == ["Kirkuk", "Mosul"]
