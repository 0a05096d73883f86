"""The store on both real backends: SQLite file and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from conflictwire.errors import StoreError
from conflictwire.models import Article, ArticleResult, Figure, Incident, Place, Rejection
from conflictwire.store import IncidentFilter, Store

TEXT = "On 3 May 2019, an IED killed two soldiers near Tikrit. Protesters rallied in Basra on 4 May 2019."


def _result(article_id: str = "a1", body: str = TEXT) -> ArticleResult:
    art = Article(id=article_id, text=body, title="t", source="Wire", published=date(2019, 5, 5))
    ied = Incident(event_date=date(2019, 5, 3), time_precision=1, event_type="Explosions/Remote violence",
                   sub_event_type="Remote explosive/landmine/IED", actor1="Unidentified Armed Group (Iraq)",
                   actor2="Military Forces of Iraq", country="Iraq", location="Tikrit", latitude=34.6,
                   longitude=43.68, geo_precision=1, fatalities=2, article_ids=[article_id])
    ied.add_evidence("fatalities", article_id, 22, 39, body)
    ied.add_evidence("location", article_id, 45, 51, body)
    demo = Incident(event_date=date(2019, 5, 4), event_type="Protests", sub_event_type="Peaceful protest",
                    actor1="Protesters (Iraq)", country="Iraq", location="Basra", latitude=30.5,
                    longitude=47.8, article_ids=[article_id])
    demo.add_evidence("event_type", article_id, 53, 63, body)
    fig = Figure(kind="displaced", value=100, value_low=100, article_ids=[article_id])
    return ArticleResult(art, [ied, demo], [fig], [Place(45, 51, "Tikrit", 34.6, 43.68, "99072", "PPLA", "IQ")])


def test_store_round_trip_keeps_evidence_and_mentions(any_store: Store) -> None:
    assert any_store.save_results([_result()]) == 1
    incs = any_store.incidents()
    assert [i.sub_event_type for i in incs] == ["Remote explosive/landmine/IED", "Peaceful protest"]
    ied = incs[0]
    assert ied.article_ids == ["a1"] and ied.fatalities == 2
    assert [e.field for e in ied.evidence] == ["fatalities", "location"]
    assert all(TEXT[e.start:e.end] == e.text for e in ied.evidence)
    again = any_store.get_incident(ied.id)
    assert again is not None and again.to_row() == ied.to_row()
    assert any_store.figures()[0].value == 100
    assert any_store.places("a1")[0].geonameid == "99072"


def test_store_same_content_is_a_noop(any_store: Store) -> None:
    any_store.save_results([_result()])
    assert any_store.save_results([_result("other-id")]) == 0
    assert any_store.count("articles") == 1 and any_store.count("incidents") == 2


def test_store_same_id_different_text_keeps_both(any_store: Store) -> None:
    any_store.save_results([_result()])
    assert any_store.save_results([_result(body=TEXT + " More.")]) == 1
    ids = sorted(a.id for a in any_store.articles())
    assert ids[0] == "a1" and ids[1].startswith("a1~")
    assert any_store.count("incidents") == 4


def test_store_filters(any_store: Store) -> None:
    any_store.save_results([_result()])
    assert [i.location for i in any_store.incidents(IncidentFilter(min_fatalities=1))] == ["Tikrit"]
    assert [i.location for i in any_store.incidents(IncidentFilter(event_type="protests"))] == ["Basra"]
    assert [i.location for i in any_store.incidents(IncidentFilter(date_from=date(2019, 5, 4)))] == ["Basra"]
    assert [i.location for i in any_store.incidents(IncidentFilter(actor="unidentified"))] == ["Tikrit"]
    assert len(any_store.incidents(IncidentFilter(country="iraq", article_id="a1"))) == 2
    assert [i.location for i in any_store.incidents(IncidentFilter(bbox=(47.0, 30.0, 48.0, 31.0)))] == ["Basra"]


def test_store_rejections_and_stats(any_store: Store) -> None:
    any_store.save_results([_result()])
    any_store.add_rejections([Rejection("bad.bin", "binary", "contains NUL bytes")])
    assert any_store.rejections()[0].reason == "binary"
    stats = any_store.stats()
    assert stats["articles"] == 1 and stats["incidents"] == 2 and stats["fatalities"] == 2
    assert stats["rejections_by_reason"] == {"binary": 1}
    assert stats["first_date"] == date(2019, 5, 3)


def test_store_failed_batch_writes_nothing(any_store: Store) -> None:
    good, bad = _result(), _result("a2", TEXT + " x")
    bad.incidents[0].article_ids = ["no-such-article"]  # violates the mention foreign key
    with pytest.raises(StoreError):
        any_store.save_results([good, bad])
    assert any_store.count("articles") == 0


def test_store_schema_is_at_alembic_head(any_store: Store) -> None:
    with any_store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0006"
    Store(any_store.url)  # opening again migrates nothing and fails nothing


def test_store_bad_path_is_a_clear_error(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "a-file").write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open database"):
        Store(f"sqlite:///{tmp_path}/a-file/x.db")


def test_store_timestamp_is_when_the_row_last_changed(any_store: Store) -> None:
    """Issue #17: ACLED's `timestamp` (Unix seconds) is the stored row's `updated_at`, never the record's own."""
    import time

    res = _result()
    for inc in res.incidents:
        inc.timestamp = 5  # whatever a record says, the store keeps its own time
    before = int(time.time())
    any_store.save_results([res])
    after = int(time.time())
    stored = any_store.incidents()
    assert stored and all(before - 1 <= (i.timestamp or 0) <= after + 1 for i in stored)
