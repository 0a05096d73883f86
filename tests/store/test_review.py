"""The review workflow on real stores (SQLite file and PostgreSQL): each action, the log, and that
human decisions survive re-ingest and relinking.

The incidents are built by hand (`save_incidents`) so that two reports of one clash link with
a known score in milliseconds; the spaCy pipeline is exercised in `test_review_pipeline.py`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from conflictwire.errors import ReviewError, UnknownIncident
from conflictwire.export import export
from conflictwire.link import Linking
from conflictwire.models import ArticleResult, Incident
from conflictwire.store import IncidentFilter, Store
from conflictwire.store import schema as t

LINKING = Linking()
Add = Callable[..., list[str]]


def clash(location: str = "Mosul", fatalities: int = 5, day: date = date(2019, 5, 3), **kw: object) -> Incident:
    return Incident(event_date=day, time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                    actor1="Military Forces of Iraq", actor2="Islamic State (Iraq)", country="Iraq",
                    location=location, latitude=36.3, longitude=43.1, geo_precision=1, fatalities=fatalities,
                    confidence=0.8, notes=f"Clash in {location} killed {fatalities}.", **kw)  # type: ignore[arg-type]


def two_reports(store: Store, add: Add) -> Incident:
    """One clash told by two outlets a day apart: the linker makes them one incident."""
    add(store, [clash()], source="Wire A", published=date(2019, 5, 3), linking=LINKING)
    add(store, [clash()], source="Wire B", published=date(2019, 5, 4), linking=LINKING)
    (inc,) = store.incidents()
    assert len(inc.article_ids) == 2
    return inc


def _clusters(store: Store) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(i.article_ids)) for i in store.incidents(IncidentFilter(include_rejected=True)))


def test_review_edit_is_logged_apart_with_old_new_who_when_why(any_store: Store, add_incidents: Add) -> None:
    inc = two_reports(any_store, add_incidents)
    edited = any_store.review_edit(inc.id, "fatalities", "7", "ann", "the hospital gave 7")
    assert edited.fatalities == 7
    assert edited.overrides["fatalities"]["machine"] == 5 and edited.overrides["fatalities"]["by"] == "ann"
    # the edited field's evidence is the reviewer's note, the machine's spans go to the history
    notes = edited.evidence_for("fatalities")
    assert [(e.text, e.article_id, e.review_id) for e in notes] == [("the hospital gave 7 (ann)", "", 1)]
    (log,) = any_store.reviews(inc.id)
    assert (log["action"], log["field"], log["old"], log["new"], log["by"], log["why"]) == (
        "edit", "fatalities", 5, 7, "ann", "the hospital gave 7")
    assert log["at"] is not None
    with any_store.engine.connect() as conn:  # stored apart: the machine's reports still say 5
        records = [r["fatalities"] for r in conn.execute(select(t.mentions.c.record)).scalars()]
    assert records == [5, 5]
    reviewed = [h["change"] for h in edited.history if h["cause"] == "reviewed"]
    assert reviewed[0]["old"] == 5 and reviewed[0]["new"] == 7 and reviewed[0]["by"] == "ann"
    assert any_store.incidents(IncidentFilter(min_fatalities=7))  # filters see the reviewed value


def test_review_edit_takes_typed_values_and_refuses_bad_ones(any_store: Store, add_incidents: Add) -> None:
    (iid,) = add_incidents(any_store, [clash()])
    assert any_store.review_edit(iid, "event_date", "2019-05-02", "ann", "dateline").event_date == date(2019, 5, 2)
    assert any_store.review_edit(iid, "latitude", 36.25, "ann", "map").latitude == 36.25
    assert any_store.review_edit(iid, "injuries", "", "ann", "no figure").injuries is None
    assert any_store.review_edit(iid, "location", " Tal Afar ", "ann", "place").location == "Tal Afar"
    for name, value, param in (("bogus", "1", "field"), ("id", "x", "field"), ("fatalities", "many", "value"),
                               ("fatalities", -1, "value"), ("fatalities", True, "value"),
                               ("fatalities", None, "value"), ("event_date", "25/12/2016", "value"),
                               ("latitude", 91, "value"), ("time_precision", 4, "value"),
                               ("notes", "a\x00b", "value")):
        with pytest.raises(ReviewError) as err:
            any_store.review_edit(iid, name, value, "ann", "why")
        assert err.value.param == param, (name, value)
    with pytest.raises(ReviewError, match="why"):
        any_store.review_edit(iid, "fatalities", 3, "ann", "  ")
    with pytest.raises(UnknownIncident):
        any_store.review_accept("inc-nope", "ann", "why")
    assert len(any_store.reviews(iid)) == 4  # refused reviews leave nothing in the log


def test_review_reject_hides_from_lists_and_exports_and_accept_undoes_it(any_store: Store,
                                                                         add_incidents: Add) -> None:
    keep, drop = add_incidents(any_store, [clash("Mosul"), clash("Basra", day=date(2019, 6, 1))])
    any_store.review_reject(drop, "ann", "not political violence")
    assert [i.id for i in any_store.incidents()] == [keep]
    assert any_store.count_incidents() == 1 and any_store.incident_page().total == 1
    assert any_store.breakdown().incidents == 1
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", out)
        assert export(any_store, "jsonl") == 1
    assert json.loads(out.getvalue())["id"] == keep
    # kept, and shown when asked for
    assert [i.id for i in any_store.incidents(IncidentFilter(review_status="rejected"))] == [drop]
    assert len(any_store.incidents(IncidentFilter(include_rejected=True))) == 2
    got = any_store.get_incident(drop)
    assert got is not None and got.review_status == "rejected"
    accepted = any_store.review_accept(drop, "bob", "it is: a clash")
    assert accepted.review_status == "accepted"
    assert len(any_store.incidents()) == 2
    assert [i.id for i in any_store.incidents(IncidentFilter(review_status="unreviewed"))] == [keep]
    log = any_store.reviews(drop)
    assert [(r["action"], r["old"], r["new"], r["by"]) for r in log] == [
        ("reject", "unreviewed", "rejected", "ann"), ("accept", "rejected", "accepted", "bob")]


def test_review_edit_survives_relink_and_reingest(any_store: Store, add_incidents: Add) -> None:
    inc = two_reports(any_store, add_incidents)
    any_store.review_edit(inc.id, "fatalities", 9, "ann", "later toll")
    any_store.review_edit(inc.id, "location", "Mosul Old City", "ann", "the neighbourhood")
    any_store.review_accept(inc.id, "ann", "checked")
    any_store.relink(LINKING)
    got = any_store.get_incident(inc.id)
    assert got is not None and (got.fatalities, got.location, got.review_status) == (9, "Mosul Old City", "accepted")
    # a third outlet's report joins: the incident is reconciled again from its reports, the edit laid on top
    add_incidents(any_store, [clash(fatalities=6)], source="Wire C", published=date(2019, 5, 5), linking=LINKING)
    got = any_store.get_incident(inc.id)
    assert got is not None and len(got.article_ids) == 3
    assert (got.fatalities, got.location) == (9, "Mosul Old City")
    assert got.overrides["fatalities"]["machine"] == 5  # the machine's own reconciliation stays visible
    # an earlier report arrives and renames the incident: the edits follow their reports
    add_incidents(any_store, [clash()], source="Wire D", published=date(2019, 5, 2), linking=LINKING)
    (now,) = any_store.incidents()
    assert now.id != inc.id and any_store.resolve_id(inc.id) == now.id
    assert (now.fatalities, now.location, now.review_status) == (9, "Mosul Old City", "accepted")
    assert len(any_store.reviews(now.id)) == 3
    # re-ingesting a stored article is a no-op that leaves the edit alone
    art = any_store.get_article(now.article_ids[0])
    assert art is not None
    assert any_store.save_batch([ArticleResult(art, [clash()])], LINKING).written == 0  # type: ignore[arg-type]
    any_store.relink(LINKING, date(2019, 5, 1), date(2019, 5, 31))
    (last,) = any_store.incidents()
    assert (last.fatalities, last.location) == (9, "Mosul Old City")


def test_review_split_stays_split_after_relink(any_store: Store, add_incidents: Add) -> None:
    inc = two_reports(any_store, add_incidents)
    first, second = sorted(inc.article_ids)
    made = any_store.review_split(inc.id, [second], "ann", "two clashes that day")
    assert [m.article_ids for m in made] == [[second], [first]]  # the reports named, then the rest
    assert _clusters(any_store) == [(first,), (second,)]
    any_store.relink(LINKING)
    assert _clusters(any_store) == [(first,), (second,)]
    # a third report that fits both joins one of them, never both together
    add_incidents(any_store, [clash()], source="Wire C", published=date(2019, 5, 5), linking=LINKING)
    assert all(not {first, second} <= set(c) for c in _clusters(any_store))
    log = [r for i in any_store.incidents() for r in any_store.reviews(i.id) if r["action"] == "split"]
    assert log and log[0]["by"] == "ann" and log[0]["why"] == "two clashes that day"
    held = next(i for i in any_store.incidents() if second in i.article_ids)
    with pytest.raises(ReviewError, match="both sides"):
        any_store.review_split(held.id, held.article_ids, "ann", "all of it")
    with pytest.raises(ReviewError, match="neither a report nor an article"):
        any_store.review_split(made[0].id, ["art-elsewhere"], "ann", "why")


def test_review_merge_stays_merged_after_relink(any_store: Store, add_incidents: Add) -> None:
    # a day-dated clash and another three days later: never scored as a pair, so the linker keeps them apart
    a = add_incidents(any_store, [clash("Mosul")], source="Wire A", published=date(2019, 5, 3), linking=LINKING)[0]
    b = add_incidents(any_store, [clash("Hammam al-Alil", 3, date(2019, 5, 6))], source="Wire B",
                      published=date(2019, 5, 6), linking=LINKING)[0]
    assert len(any_store.incidents()) == 2
    any_store.review_edit(b, "notes", "the later report", "ann", "wording")
    merged = any_store.review_merge(a, b, "bob", "one operation, dated late by Wire B")
    assert merged.id == a and len(merged.article_ids) == 2
    assert merged.notes == "the later report"  # an edit of either incident follows its reports
    assert any_store.resolve_id(b) == a
    any_store.relink(LINKING)
    any_store.relink(LINKING, date(2019, 5, 6), date(2019, 5, 6))  # a range holding only one of the two
    (one,) = any_store.incidents()
    assert one.id == a and len(one.article_ids) == 2
    actions = [r["action"] for r in any_store.reviews(a)]
    assert actions == ["edit", "merge"]
    with pytest.raises(ReviewError, match="one incident already"):
        any_store.review_merge(a, b, "bob", "again")
    # a later split undoes the merge, and that holds on relink too
    any_store.review_split(a, [b], "ann", "two events after all")
    assert any_store.resolve_id(b) == b  # the id names its own incident again, not an alias
    any_store.relink(LINKING)
    assert sorted(i.id for i in any_store.incidents()) == sorted([a, b])
