"""The relevance cascade's scorer and router, on invented texts and a model fitted in the test."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from conflictwire.errors import ModelError
from conflictwire.extract.dates import DateReader
from conflictwire.models import Article, ArticleResult
from conflictwire.nlp.cascade import CASCADE_KEY, Cascade, skipped_by_cascade
from conflictwire.nlp.relevance import CASCADE_NOTE, Keywords, RelevanceModel, windows
from conflictwire.reference import LanguageReference
from conflictwire.training.relevance import RelevanceExample, RelevanceParams, fit_relevance

VIOLENT = [
    "Gunmen opened fire on a bus, killing four passengers.",
    "Police fired tear gas at protesters who torched a police station.",
    "A roadside bomb exploded near an army convoy, wounding three soldiers.",
    "Rioters set shops ablaze and the mob attacked the mosque.",
    "Militants ambushed a patrol and two policemen were shot dead.",
    "Troops clashed with rebels for hours near the border.",
]
CALM = [
    "The council approved the new budget for schools and libraries.",
    "The cricket team won the final by six wickets on Sunday.",
    "Share prices rose after the bank cut its lending rate.",
    "The festival of films opens next week with a comedy.",
    "A new train line will link the two cities by next year.",
    "Farmers expect a good harvest after early rains.",
]


@pytest.fixture(scope="module")
def keywords() -> Keywords:
    return Keywords.load()


@pytest.fixture(scope="module")
def model(keywords: Keywords) -> RelevanceModel:
    examples = [RelevanceExample(t, 1, "test") for t in VIOLENT] + [RelevanceExample(t, 0, "test") for t in CALM]
    return fit_relevance(examples, RelevanceParams(n_features=2**12, window_words=12), keywords, threshold=0.5)


def test_keyword_stems_match_at_word_starts_only(keywords: Keywords) -> None:
    hits = keywords.counts("Two men were killed; the killing shocked all.")
    none = keywords.counts("A skilled craftsman unskilled at nothing.")
    assert hits.sum() > 0
    assert none.sum() == 0


def test_keyword_table_names_a_source_for_every_row() -> None:
    from conflictwire.reference import read_table

    rows = read_table("relevance_keywords", required=("term", "group"))
    assert rows and all(r["source"] for r in rows)


def test_windows_cover_every_word_and_overlap() -> None:
    text = " ".join(f"w{i}" for i in range(50))
    parts = windows(text, 20)
    assert len(parts) > 2
    covered = {w for p in parts for w in p.split()}
    assert covered == set(text.split())
    assert set(parts[0].split()) & set(parts[1].split())  # half-overlapping
    assert windows("short text", 20) == ["short text"]


def test_violent_texts_score_above_calm_ones(model: RelevanceModel) -> None:
    violent = model.scores(["Police opened fire on the crowd and two men were killed."])
    calm = model.scores(["The school board met to discuss the new library opening."])
    assert violent[0] > calm[0]


def test_one_violent_paragraph_keeps_a_long_calm_article(model: RelevanceModel) -> None:
    calm = " ".join(CALM * 4)
    mixed = f"{calm}\n\nLate on Friday gunmen opened fire on a bus, killing four passengers.\n\n{calm}"
    assert model.scores([mixed])[0] > model.scores([calm])[0] + 0.1


def test_save_and_load_keep_the_scores(model: RelevanceModel, tmp_path: Path) -> None:
    path = tmp_path / "relevance.npz"
    model.save(path)
    loaded = RelevanceModel.load(path)
    texts = VIOLENT[:2] + CALM[:2]
    assert np.allclose(loaded.scores(texts), model.scores(texts), atol=2e-3)  # weights stored as float16
    assert loaded.threshold == pytest.approx(model.threshold)


def test_a_missing_or_broken_model_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing.npz"):
        RelevanceModel.load(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="bad.npz"):
        RelevanceModel.load(bad)


def test_the_shipped_model_loads_and_ranks() -> None:
    shipped = RelevanceModel.load()
    assert 0.0 < shipped.threshold < 1.0
    assert shipped.scores([VIOLENT[0]])[0] > shipped.scores([CALM[1]])[0]


def test_cascade_keeps_order_and_stores_skipped_articles_with_a_note(model: RelevanceModel) -> None:
    texts = [VIOLENT[0], CALM[0] + " It met on 9 May 2019.", VIOLENT[1], CALM[1]]
    articles = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    parsed: list[str] = []

    def parse(kept: list[Article]) -> Iterator[ArticleResult]:
        for a in kept:
            parsed.append(a.id)
            yield ArticleResult(a)

    prior: Counter[int] = Counter()
    years = DateReader(LanguageReference.load()).explicit_years
    out = list(Cascade(model, chunk=3).route(articles, parse, prior, years))
    assert [r.article.id for r in out] == ["a0", "a1", "a2", "a3"]
    assert parsed == ["a0", "a2"]
    skipped = [r for r in out if skipped_by_cascade(r)]
    assert [r.article.id for r in skipped] == ["a1", "a3"]
    assert all(r.notes[0].startswith(CASCADE_NOTE) and "--no-cascade" in r.notes[0] for r in skipped)
    assert skipped[0].article.metadata[CASCADE_KEY]["relevance"] < model.threshold
    assert prior[2019] == 1  # a skipped article's stated years still count for the run
