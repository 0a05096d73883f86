"""`train_relevance` on the miniature shared/ folder (invented texts), with and without a teacher."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conflictwire.nlp.relevance import RelevanceModel
from conflictwire.training.relevance import RelevanceParams, choose_threshold, load_relevance_examples, train_relevance

NEWS = [  # (id, text, labels): invented Indian-English news
    ("n1", "police opened fire on a mob in the old city, killing two men, officials said.", {"KILL": 1}),
    ("n2", "the municipal corporation approved the new water tariff for the coming year.", {}),
    ("n3", "three youths were arrested after a clash near the bus stand on monday.", {"ARREST": 1}),
    ("n4", "the cricket association announced the team for the ranji trophy final.", {}),
    ("n5", "a lathi charge injured several students protesting against the fee hike.", {"FORCE": 1}),
    ("n6", "the state budget raised spending on rural roads and primary schools.", {}),
]


def _add_news(shared: Path) -> None:
    (shared / "data" / "news").mkdir(exist_ok=True)
    with (shared / "data" / "news" / "india-police-events.jsonl").open("w", encoding="utf-8") as fh:
        for i, text, labels in NEWS:
            fh.write(json.dumps({"id": i, "text": text, "labels": labels}) + "\n")


def test_examples_label_news_by_gold_or_by_teacher(fake_shared: Path) -> None:
    _add_news(fake_shared)
    gold, gold_aside = load_relevance_examples(fake_shared)
    news = {e.doc_id: e.label for e in gold + gold_aside if e.source == "india-news"}
    assert news == {"n1": 1, "n2": 0, "n3": 1, "n4": 0, "n5": 1, "n6": 0}

    def teacher(name: str, docs: list[tuple[str, str, str]]) -> dict[str, int]:
        return {i: int(i == "n2") for i, _, _ in docs}  # the "pipeline" finds an incident only in n2

    taught, taught_aside = load_relevance_examples(fake_shared, teacher)
    news = {e.doc_id: e.label for e in taught + taught_aside if e.source == "india-news"}
    assert news == {"n1": 0, "n2": 1, "n3": 0, "n4": 0, "n5": 0, "n6": 0}
    assert all(e.source != "india-news" or e.doc_id in {x.doc_id for x in gold_aside} for e in taught_aside)


def test_threshold_keeps_the_target_share_of_every_source() -> None:
    scores = np.array([0.9, 0.8, 0.1, 0.05, 0.7, 0.6, 0.02])
    labels = np.array([1, 1, 1, 0, 1, 1, 0])
    sources = ["a", "a", "a", "a", "b", "b", "b"]
    assert choose_threshold(scores, labels, sources, 1.0) == 0.1  # every positive of "a" kept
    assert choose_threshold(scores, labels, sources, 0.6) == 0.6  # "a" may lose one, "b" none


def test_training_writes_a_loadable_model_and_its_provenance(fake_shared: Path, tmp_path: Path) -> None:
    _add_news(fake_shared)
    out = tmp_path / "relevance.npz"
    metrics = train_relevance(fake_shared, out, params=RelevanceParams(n_features=2**12, folds=2))
    model = RelevanceModel.load(out)
    assert model.threshold == pytest.approx(metrics["threshold"], abs=1e-6)
    prov = json.loads(out.with_name("relevance.provenance.json").read_text())
    assert prov["labels"] == "gold labels"
    assert "data/acled-iraq-2019.csv" in prov["sources"]
    assert prov["cv"]["acled-iraq"]["recall"] >= 0.9
