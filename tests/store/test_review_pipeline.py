"""Issue #12's acceptance: an edited incident keeps its edit after its article is re-ingested and
re-linked, with the real pipeline (spaCy, geoparsing, extraction) reading our linking fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.link import Linking
from conflictwire.pipeline import ingest
from conflictwire.store import Store

pytestmark = pytest.mark.slow


def _one(fixtures: Path, tmp: Path, article_id: str, *, update: bool = False) -> Path:
    line = next(ln for ln in (fixtures / "linking" / "mosul-dec25.jsonl").read_text(encoding="utf-8").splitlines()
                if json.loads(ln)["id"] == article_id)
    art = json.loads(line)
    if update:  # the outlet's updated story: same report, a line added, stored as a new article
        art.update(id=article_id + "-update", text=art["text"] + "\nThis story has been updated.")
    out = tmp / f"{art['id']}.jsonl"
    out.write_text(json.dumps(art) + "\n", encoding="utf-8")
    return out


def test_review_edit_survives_reingest_and_relink(any_store: Store, settings: Settings, pipeline,  # noqa: ANN001
                                                  fixtures: Path, tmp_path: Path) -> None:
    first = _one(fixtures, tmp_path, "fx-northern-1226")
    ingest([str(first)], any_store, settings, pipeline=pipeline)
    target = max(any_store.incidents(), key=lambda i: i.fatalities)
    machine = target.fatalities
    any_store.review_edit(target.id, "fatalities", machine + 4, "ann", "the morgue's count")
    any_store.review_edit(target.id, "location", "Mosul (east)", "ann", "the neighbourhood is unclear")
    any_store.review_accept(target.id, "ann", "checked against the wire")

    again = ingest([str(first)], any_store, settings, pipeline=pipeline)  # re-ingest: known text, a no-op
    assert again.duplicates == 1
    ingest([str(_one(fixtures, tmp_path, "fx-northern-1226", update=True))], any_store, settings, pipeline=pipeline)
    ingest([str(_one(fixtures, tmp_path, "fx-tigris-1227"))], any_store, settings, pipeline=pipeline)
    any_store.relink(Linking.from_settings(settings))

    got = any_store.get_incident(target.id)
    assert got is not None
    assert len(got.article_ids) == 3, got.article_ids  # the update and the other outlet joined it
    assert (got.fatalities, got.location, got.review_status) == (machine + 4, "Mosul (east)", "accepted")
    # the machine's own value stays beside the edit, and moves with its reports ("more than 50" and 51 give
    # 51): the history says so, while the reviewer's value holds
    now_machine = got.overrides["fatalities"]["machine"]
    assert now_machine >= machine
    moved = [h["change"]["machine_fields"]["fatalities"] for h in got.history
             if h["cause"] == "reconciled" and "fatalities" in h["change"].get("machine_fields", {})]
    assert moved == ([] if now_machine == machine else [[machine, now_machine]])
    assert [e.text for e in got.evidence_for("fatalities")] == ["the morgue's count (ann)"]
    spans = [ev for h in got.history if h["cause"] == "reviewed" for ev in h["change"].get("machine_evidence", [])]
    assert any(ev["field"] == "fatalities" and ev["article_id"] == "fx-northern-1226" for ev in spans)
    assert [r["action"] for r in got.reviews] == ["edit", "edit", "accept"]
