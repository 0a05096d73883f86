"""The ingest checkpoint without models: what keys a run, and how a resumed unit skips what is stored."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from conflictwire.config import Settings
from conflictwire.models import Rejection
from conflictwire.pipeline import Unit, ingest_units, run_key
from conflictwire.store import Checkpoint, Store


def test_run_key_follows_the_inputs_content_not_the_batch_size(tmp_path: Path) -> None:
    settings = Settings(db_url="sqlite://")
    doc = tmp_path / "a.txt"
    doc.write_text("Gunmen attacked a checkpoint.", encoding="utf-8")
    key = run_key([str(doc)], settings)
    assert key is not None and key == run_key([str(doc)], replace(settings, batch_size=7))
    assert run_key([str(doc)], settings, published="2019-05-01") != key
    assert run_key([str(tmp_path)], settings) != key  # the folder, not the file
    doc.write_text("Gunmen attacked two checkpoints.", encoding="utf-8")
    os.utime(doc, ns=(1, 1))
    assert run_key([str(doc)], settings) != key
    assert run_key(["-"], settings) is None and run_key(["https://example.org/feed"], settings) is None


def test_a_resumed_unit_skips_what_is_stored_and_checkpoints_with_each_batch(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'cp.db'}", batch_size=2)
    items = [Rejection(f"doc-{i}", "empty", "no text") for i in range(1, 6)]
    with Store(settings.db_url) as store:
        report = ingest_units([Unit("run-x", "five documents", iter(items), skip=2)], store, settings)
        assert report.resumed == 2 and len(report.rejections) == 3
        assert [r.source for r in store.rejections()] == ["doc-3", "doc-4", "doc-5"]
        assert store.checkpoints(["run-x", "run-y"]) == {"run-x": Checkpoint("run-x", "five documents", 5, True)}
        store.drop_checkpoint("run-x")
        assert store.checkpoints(["run-x"]) == {}
