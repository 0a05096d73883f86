"""`--workers N`: the split of a batch, and N workers storing what one worker stores."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.models import Article
from conflictwire.parallel import split_contiguous
from conflictwire.pipeline import ingest
from conflictwire.store import Store


def _articles(lengths: list[int]) -> list[Article]:
    return [Article(id=f"a{i}", text="x" * n) for i, n in enumerate(lengths)]


def test_split_keeps_order_and_every_article() -> None:
    arts = _articles([100, 5, 300, 50, 50, 200, 10])
    parts = split_contiguous(arts, 3)
    assert [a.id for p in parts for a in p] == [a.id for a in arts]
    assert len(parts) == 3 and all(parts)


def test_split_balances_text_length() -> None:
    parts = split_contiguous(_articles([10] * 10), 2)
    assert [len(p) for p in parts] == [5, 5]


def test_split_of_fewer_articles_than_workers() -> None:
    assert [len(p) for p in split_contiguous(_articles([10]), 4)] == [1]
    assert split_contiguous([], 2) == []


def _stored(store: Store) -> list[tuple]:
    keep = ("id", "event_date", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude",
            "fatalities", "fatalities_low", "fatalities_high", "notes")
    rows = []
    for inc in store.incidents():
        d = dataclasses.asdict(inc)
        rows.append((tuple(d[k] for k in keep), tuple(sorted(inc.article_ids))))
    return sorted(rows, key=repr)


@pytest.mark.slow
def test_two_workers_store_the_incidents_one_worker_stores(settings: Settings, pipeline, fixtures: Path,
                                                           tmp_path: Path) -> None:
    inputs = [str(p) for p in sorted((fixtures / "linking").glob("*.jsonl"))]
    inputs += [str(fixtures / n) for n in ("report_ambush.txt", "report_protest.txt", "no_event.txt")]
    one = Store(f"sqlite:///{tmp_path}/one.db")
    two = Store(f"sqlite:///{tmp_path}/two.db")
    small = dataclasses.replace(settings, batch_size=3)  # several batches, each split across the workers
    r1 = ingest(inputs, one, small, pipeline=pipeline)
    r2 = ingest(inputs, two, dataclasses.replace(small, workers=2))
    assert r1.incidents > 1 and r1.joined > 0  # the input exercises linking across reports
    assert (r2.stored, r2.incidents, r2.new_incidents, r2.joined) == (r1.stored, r1.incidents, r1.new_incidents,
                                                                       r1.joined)
    assert _stored(two) == _stored(one)
