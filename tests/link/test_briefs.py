"""Short news briefs are reports to merge; coders' summaries are not.

The texts are our own, invented for this test: two outlets' three-sentence briefs of one
bombing, then the same two texts declared as coders' notes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.pipeline import ingest
from conflictwire.store import Store

pytestmark = pytest.mark.slow

BRIEFS = [
    {"id": "brief-a", "source": "North Desk (fixture)", "published": "2021-05-04",
     "text": "A roadside bomb killed three soldiers near Kirkuk on Monday, police said. "
             "The bomb hit an army patrol on the road south of the city. No group claimed the attack."},
    {"id": "brief-b", "source": "River Post (fixture)", "published": "2021-05-04",
     "text": "Three Iraqi soldiers were killed on Monday when a roadside bomb struck their patrol "
             "south of Kirkuk, a security source said. Two others were wounded."},
]


def _write(tmp: Path, name: str, rows: list[dict]) -> Path:
    path = tmp / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_two_outlets_briefs_of_one_bombing_give_one_incident(tmp_path: Path, settings: Settings,
                                                              pipeline) -> None:  # noqa: ANN001
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    for i, row in enumerate(BRIEFS):
        ingest([str(_write(tmp_path, f"{i}.jsonl", [row]))], store, settings, pipeline=pipeline)
    incidents = store.incidents()
    assert [sorted(inc.article_ids) for inc in incidents] == [["brief-a", "brief-b"]]
    assert incidents[0].fatalities == 3


def test_the_same_texts_declared_as_coders_notes_stay_apart(tmp_path: Path, settings: Settings,
                                                             pipeline) -> None:  # noqa: ANN001
    store = Store(f"sqlite:///{tmp_path / 'n.db'}")
    for i, row in enumerate(BRIEFS):
        ingest([str(_write(tmp_path, f"{i}.jsonl", [{**row, "kind": "acled-note"}]))], store, settings,
               pipeline=pipeline)
    assert sorted(sorted(inc.article_ids) for inc in store.incidents()) == [["brief-a"], ["brief-b"]]
