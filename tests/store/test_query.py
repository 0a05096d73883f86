"""Incident queries (store/query.py) on both real backends: filters, sorted pages, cursors, breakdowns.

Incidents are built by hand so each test knows exactly which rows a filter must keep.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date

import pytest

from conflictwire.models import Incident
from conflictwire.store import IncidentFilter, Store
from conflictwire.store.query import CursorError, Sort, decode_cursor, encode_cursor

AddIncidents = Callable[..., list[str]]


def _inc(location: str, day: date | None, fatalities: int = 0, **kw: object) -> Incident:
    fields: dict[str, object] = {"event_type": "Battles", "sub_event_type": "Armed clash", "country": "Iraq",
                                 "admin1": "Nineveh", "actor1": "Military Forces of Iraq", "latitude": 36.3,
                                 "longitude": 43.1, **kw}
    return Incident(location=location, event_date=day, fatalities=fatalities, **fields)  # type: ignore[arg-type]


def _set() -> list[Incident]:
    """Eight incidents whose fields differ one at a time, so each filter has one right answer."""
    return [
        _inc("Mosul", date(2019, 5, 1), 3, notes="Clashes left 100% of the market destroyed."),
        _inc("Tikrit", date(2019, 5, 2), 0, admin1="Salah al-Din", latitude=34.6, longitude=43.68,
             event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Iraq)",
             notes="Protesters marched on the a_b road."),
        _inc("Basra", date(2019, 5, 3), 7, admin1="Basra", latitude=30.5, longitude=47.8,
             event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
             actor1="Unidentified Armed Group (Iraq)", actor2="Civilians (Iraq)", notes="An IED on the axb road."),
        _inc("Qayyarah", date(2019, 5, 6), 1, assoc_actor_1="Peshmerga Brigade 9", notes="Shelling."),
        _inc("Raqqa", date(2019, 5, 6), 12, country="Syria", admin1="Raqqa", latitude=35.95, longitude=39.0,
             actor2="Islamic State (Syria)", notes="Air strikes."),
        _inc("Hawija", date(2019, 5, 13), 2, admin1="Kirkuk", latitude=35.3, longitude=43.8,
             actor2="Islamic State (Iraq)", notes="Clashes."),
        _inc("Sinjar", None, 5, notes="Undated fighting."),
        _inc("Erbil", None, 0, admin1="Erbil", latitude=36.19, longitude=44.01, event_type="Protests",
             sub_event_type="Peaceful protest", actor1="Protesters (Iraq)", notes="A rally."),
    ]


@pytest.fixture()
def filled(any_store: Store, add_incidents: AddIncidents) -> Store:
    add_incidents(any_store, _set())
    return any_store


def _where(store: Store, **kw: object) -> list[str]:
    return sorted(i.location for i in store.incidents(IncidentFilter(**kw)))  # type: ignore[arg-type]


def test_query_filters_narrow_to_the_right_rows(filled: Store) -> None:
    assert len(_where(filled)) == 8
    assert _where(filled, date_from=date(2019, 5, 3), date_to=date(2019, 5, 6)) == ["Basra", "Qayyarah", "Raqqa"]
    assert _where(filled, country="SYRIA") == ["Raqqa"]
    assert _where(filled, admin1="nineveh") == ["Mosul", "Qayyarah", "Sinjar"]
    # event_type matches a sub-type too; sub_event_type only the sub-type
    assert _where(filled, event_type="peaceful protest") == ["Erbil", "Tikrit"]
    assert _where(filled, event_type="Protests") == ["Erbil", "Tikrit"]
    assert _where(filled, sub_event_type="Protests") == []
    assert _where(filled, sub_event_type="armed clash") == ["Hawija", "Mosul", "Qayyarah", "Raqqa", "Sinjar"]
    # actor: a substring of either side or an associate
    assert _where(filled, actor="islamic state") == ["Hawija", "Raqqa"]
    assert _where(filled, actor="peshmerga") == ["Qayyarah"]
    assert _where(filled, actor="civilians") == ["Basra"]
    assert _where(filled, min_fatalities=5) == ["Basra", "Raqqa", "Sinjar"]
    assert len(_where(filled, min_fatalities=0)) == 8
    assert _where(filled, bbox=(43.0, 34.0, 44.0, 37.0)) == ["Hawija", "Mosul", "Qayyarah", "Sinjar", "Tikrit"]
    assert _where(filled, bbox=(47.0, 30.0, 48.0, 31.0)) == ["Basra"]
    assert _where(filled, country="Iraq", min_fatalities=1, date_from=date(2019, 5, 2)) == ["Basra", "Hawija",
                                                                                           "Qayyarah"]


def test_query_text_search_takes_percent_and_underscore_literally(filled: Store) -> None:
    assert _where(filled, q="%") == ["Mosul"]
    assert _where(filled, q="100%") == ["Mosul"]
    assert _where(filled, q="a_b") == ["Tikrit"]  # not "axb": _ is not a wildcard
    assert _where(filled, q="_") == ["Tikrit"]
    assert _where(filled, q="AXB") == ["Basra"]
    assert _where(filled, q="hawija") == ["Hawija"]  # the location
    assert _where(filled, q="unidentified") == ["Basra"]  # an actor
    assert _where(filled, q="\\") == []
    assert _where(filled, q="' OR 1=1 --") == []


def test_query_sorts_with_undated_last_both_ways(filled: Store) -> None:
    asc = filled.incident_page(sort=Sort("event_date"), limit=100).incidents
    assert [i.event_date for i in asc][-2:] == [None, None]
    dated = [i.event_date for i in asc if i.event_date]
    assert dated == sorted(dated)
    desc = filled.incident_page(sort=Sort("event_date", descending=True), limit=100).incidents
    assert [i.event_date for i in desc][-2:] == [None, None]
    dated = [i.event_date for i in desc if i.event_date]
    assert dated == sorted(dated, reverse=True)
    deadly = filled.incident_page(sort=Sort("fatalities", descending=True), limit=3).incidents
    assert [i.fatalities for i in deadly] == [12, 7, 5]
    assert Sort("fatalities").key == "fatalities"
    with pytest.raises(ValueError, match="cannot sort by"):
        Sort("notes")


def test_query_offset_pages_cover_every_row_once(filled: Store) -> None:
    seen: list[str] = []
    offset = 0
    while True:
        page = filled.incident_page(sort=Sort("fatalities"), limit=3, offset=offset)
        assert page.total == 8
        seen += [i.id for i in page.incidents]
        if page.next_cursor is None:
            break
        offset += 3
    assert len(seen) == len(set(seen)) == 8
    assert filled.incident_page(limit=3, offset=6).next_cursor is None


SORTS = [Sort("event_date"), Sort("event_date", True), Sort("fatalities"), Sort("fatalities", True)]


@pytest.mark.parametrize("sort", SORTS, ids=lambda s: f"{s.key}-{'desc' if s.descending else 'asc'}")
def test_query_cursor_pages_neither_skip_nor_repeat_when_rows_are_added(filled: Store, add_incidents: AddIncidents,
                                                                         sort: Sort) -> None:
    before = {i.id for i in filled.incidents()}
    flt = IncidentFilter(country="Iraq")
    first = filled.incident_page(flt, sort, limit=3)
    assert first.next_cursor is not None
    # rows at both ends of the order and in the middle arrive between two requests
    added = set(add_incidents(filled, [_inc("Early", date(2001, 1, 1), 0), _inc("Late", date(2030, 1, 1), 99),
                                      _inc("Middle", date(2019, 5, 4), 4), _inc("Nowhen", None, 50),
                                      _inc("Abroad", date(2019, 5, 4), 4, country="Syria")]))
    seen = [i.id for i in first.incidents]
    cursor = first.next_cursor
    while cursor:
        page = filled.incident_page(flt, sort, limit=3, cursor=cursor)
        seen += [i.id for i in page.incidents]
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)), "a row was repeated"
    iraq_before = {i.id for i in filled.incidents(flt)} & before
    assert iraq_before <= set(seen), "a row that was there all along was skipped"
    assert set(seen) <= iraq_before | added
    # what the pages returned is in the sort's order (the rows added behind the first page are not)
    rows = filled.incidents(flt)
    by_id = {i.id: i for i in rows}

    def key(i: Incident) -> tuple:
        v = getattr(i, sort.key)
        return (v is None, v) if sort.key == "event_date" else (False, v)

    keys = [key(by_id[i]) for i in seen]
    for a, b in zip(keys, keys[1:], strict=False):
        if a[0] == b[0] and a[0] is False:
            assert (a[1] >= b[1]) if sort.descending else (a[1] <= b[1])
        else:
            assert a[0] <= b[0], "an undated row came before a dated one"


def test_query_cursor_of_the_last_full_page_leads_to_an_empty_one(filled: Store) -> None:
    page = filled.incident_page(limit=4)
    page = filled.incident_page(limit=4, cursor=page.next_cursor)
    assert len(page.incidents) == 4
    if page.next_cursor:  # a full last page cannot know it is the last
        end = filled.incident_page(limit=4, cursor=page.next_cursor)
        assert end.incidents == [] and end.next_cursor is None


def _b64(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize("bad", [
    "not-a-cursor!", "", "====", "YQ", _b64([1, 2]), _b64({"k": "event_date"}),
    _b64({"k": "event_date", "d": False, "v": "yesterday", "i": "inc-1"}),
    _b64({"k": "event_date", "d": False, "v": "2019-05-01", "i": 7}),
    _b64({"k": "fatalities", "d": False, "v": "12", "i": "inc-1"}),
    _b64({"k": "fatalities", "d": False, "v": True, "i": "inc-1"}),
    _b64({"k": "fatalities", "d": False, "v": 2**70, "i": "inc-1"}),  # would overflow the driver
    _b64({"k": "fatalities", "d": True, "v": 3, "i": "inc-1"}),  # made for the other direction
    _b64({"k": "event_date", "d": False, "v": 3, "i": "inc-1"}),  # made for another key
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
])
def test_query_bad_cursor_is_a_cursor_error(bad: str) -> None:
    with pytest.raises(CursorError):
        decode_cursor(bad, Sort("fatalities"))


def test_query_bad_cursor_raises_from_the_store(filled: Store) -> None:
    made = filled.incident_page(sort=Sort("fatalities"), limit=2).next_cursor
    assert made is not None
    with pytest.raises(CursorError, match="another sort"):
        filled.incident_page(sort=Sort("event_date"), limit=2, cursor=made)
    with pytest.raises(CursorError):
        filled.incident_page(limit=2, cursor="garbage")


def test_query_cursor_round_trip() -> None:
    row = {"id": "inc-1", "event_date": date(2019, 5, 1), "fatalities": 3}
    assert decode_cursor(encode_cursor(Sort(), row), Sort()) == (date(2019, 5, 1), "inc-1")
    assert decode_cursor(encode_cursor(Sort(), {**row, "event_date": None}), Sort()) == (None, "inc-1")
    desc = Sort("fatalities", True)
    assert decode_cursor(encode_cursor(desc, row), desc) == (3, "inc-1")


def test_query_breakdown_counts_and_sums(filled: Store) -> None:
    b = filled.breakdown()
    assert (b.incidents, b.fatalities) == (8, 30)
    assert (b.first_date, b.last_date) == (date(2019, 5, 1), date(2019, 5, 13))
    assert [(d.key, d.incidents, d.fatalities) for d in b.by_day] == [
        ("2019-05-01", 1, 3), ("2019-05-02", 1, 0), ("2019-05-03", 1, 7), ("2019-05-06", 2, 13),
        ("2019-05-13", 1, 2)]
    # ISO weeks start on Monday: 1-3 May 2019 fall in the week of Monday 29 April
    assert [(w.key, w.incidents, w.fatalities) for w in b.by_week] == [
        ("2019-04-29", 3, 10), ("2019-05-06", 2, 13), ("2019-05-13", 1, 2)]
    types = {x.key: (x.incidents, x.fatalities) for x in b.by_event_type}
    assert types == {"Battles": (5, 23), "Protests": (2, 0), "Explosions/Remote violence": (1, 7)}
    assert b.by_event_type[0].key == "Battles"  # largest first
    subs = {x.key: x.incidents for x in b.by_sub_event_type}
    assert subs["Armed clash"] == 5 and subs["Peaceful protest"] == 2
    actors = {x.key: (x.incidents, x.fatalities) for x in b.by_actor}
    assert actors["Military Forces of Iraq"] == (5, 23)
    assert actors["Civilians (Iraq)"] == (1, 7) and actors["Unidentified Armed Group (Iraq)"] == (1, 7)
    assert actors["Islamic State (Syria)"] == (1, 12)
    admin = {(x.country, x.key): x.incidents for x in b.by_admin1}
    assert admin[("Iraq", "Nineveh")] == 3 and admin[("Syria", "Raqqa")] == 1


def test_query_breakdown_follows_the_filter_and_top(filled: Store) -> None:
    b = filled.breakdown(IncidentFilter(country="Iraq", date_from=date(2019, 5, 6)))
    assert (b.incidents, b.fatalities) == (2, 3)
    assert [d.key for d in b.by_day] == ["2019-05-06", "2019-05-13"]
    assert len(filled.breakdown(top=2).by_actor) == 2
    assert len(filled.breakdown(top=1).by_admin1) == 1
    empty = filled.breakdown(IncidentFilter(country="Atlantis"))
    assert (empty.incidents, empty.fatalities, empty.first_date, empty.by_day) == (0, 0, None, [])


def test_query_actor_counts_once_when_both_sides_name_it(any_store: Store, add_incidents: AddIncidents) -> None:
    add_incidents(any_store, [_inc("Mosul", date(2019, 5, 1), 2, actor1="Militia A", actor2="Militia A")])
    assert [(x.key, x.incidents, x.fatalities) for x in any_store.breakdown().by_actor] == [("Militia A", 1, 2)]


def test_query_text_search_index_follows_every_write_and_a_vacuum(tmp_path, add_incidents: AddIncidents) -> None:  # noqa: ANN001
    """SQLite answers the text filters from a trigram index (migration 0005): the same rows as a scan."""
    from sqlalchemy import text as sql

    from conflictwire.store import schema as t
    from conflictwire.store.query import TextContains

    store = Store(f"sqlite:///{tmp_path / 'fts.db'}")
    add_incidents(store, _set())
    c = t.incidents.c

    def both(column_names: tuple[str, ...], needle: str) -> tuple[list[str], list[str]]:
        from sqlalchemy import select
        hit = TextContains(column_names, needle)
        with store.engine.connect() as conn:
            indexed = sorted(conn.execute(select(c.location).where(hit)).scalars())
            scanned = sorted(conn.execute(select(c.location).where(hit.scan())).scalars())
        return indexed, scanned

    cols = ("notes", "location", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
    for needle in ("CLASHES", "100%", "a_b", "islamic state", "brigade 9", 'say "no"', "ab"):
        indexed, scanned = both(cols, needle)
        assert indexed == scanned, needle
    assert both(cols, "clashes")[0] == ["Hawija", "Mosul"]
    with store.engine.begin() as conn:  # an edit, a removal and a renumbering of SQLite's rowids
        conn.execute(sql("UPDATE incidents SET notes = 'Quiet day.' WHERE location = 'Hawija'"))
        conn.execute(sql("DELETE FROM incidents WHERE location = 'Mosul'"))
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sql("VACUUM"))
    assert both(cols, "clashes") == ([], [])
    assert both(cols, "quiet day")[0] == ["Hawija"]
    assert both(("actor1", "actor2"), "islamic state")[0] == ["Hawija", "Raqqa"]
    with store.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.execute(sql(
            "EXPLAIN QUERY PLAN SELECT 1 FROM incidents_text WHERE incidents_text MATCH '\"clash\"'")))
    assert "VIRTUAL TABLE INDEX" in plan
