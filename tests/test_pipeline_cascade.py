"""The cascade inside `Pipeline` and `ingest`: skipped articles are stored with a note, kept ones are untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.nlp.cascade import CASCADE_KEY, Cascade
from conflictwire.nlp.relevance import CASCADE_NOTE, RelevanceModel
from conflictwire.pipeline import Pipeline, ingest
from conflictwire.store import Store

pytestmark = pytest.mark.slow


def test_cascade_skips_the_calm_article_and_keeps_the_incidents(settings: Settings, pipeline: Pipeline,
                                                                fixtures: Path) -> None:
    ambush, calm = fixtures / "report_ambush.txt", fixtures / "no_event.txt"
    model = RelevanceModel.load()
    s_ambush, s_calm = model.scores([ambush.read_text(encoding="utf-8"), calm.read_text(encoding="utf-8")])
    assert s_ambush > s_calm
    # a threshold between the two scores: the test is of the routing, not of the shipped threshold
    cascaded = Pipeline(settings, pipeline.nlp, pipeline.geoparser, pipeline.extractor,
                        cascade=Cascade(model.with_threshold((s_ambush + s_calm) / 2)))
    plain, with_cascade = Store("sqlite://"), Store("sqlite://")
    r_plain = ingest([str(ambush), str(calm)], plain, settings, pipeline=pipeline)
    r_cascade = ingest([str(ambush), str(calm)], with_cascade, settings, pipeline=cascaded)
    assert (r_cascade.stored, r_cascade.cascade_skipped, r_plain.cascade_skipped) == (2, 1, 0)
    assert r_cascade.incidents == r_plain.incidents > 0
    skipped = [a for a in with_cascade.articles() if a.metadata.get(CASCADE_KEY)]
    assert len(skipped) == 1 and skipped[0].text.strip() == calm.read_text(encoding="utf-8").strip()
    assert skipped[0].metadata["processing_notes"][0].startswith(CASCADE_NOTE)


def test_settings_turn_the_cascade_on(settings: Settings) -> None:
    from dataclasses import replace

    from conflictwire.pipeline import _cascade

    assert _cascade(settings) is None
    on = _cascade(replace(settings, cascade=True, relevance_threshold=0.3))
    assert on is not None and on.threshold == 0.3
