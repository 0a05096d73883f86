"""Tests for the event-type classifier at ingest: features, prediction, the artefact, the cue lexicon.

The fast tests fit on a dozen hand-written sentences (no shared data) with the training
package, then test what the runtime does with the model; training itself is tested in
tests/training/. The tests that read ../shared or the shipped artefact say so and skip
cleanly when it is absent.
"""

from __future__ import annotations

import dataclasses
import importlib.resources
from pathlib import Path

import numpy as np
import pytest

from conflictwire.errors import ModelError
from conflictwire.extract.classifier import (
    NONE,
    EventTypeClassifier,
    EventTyping,
    TrainParams,
    clean_text,
)
from conflictwire.extract.cues import CueMatcher, cue_groups
from conflictwire.extract.taxonomy import SUB_EVENT_TYPES
from conflictwire.reference.language import LanguageReference
from conflictwire.training import Example, fit_classifier, load_examples

# Hand-written toy sentences (not taken from any data set), two per label.
TOY = [
    ("A drone strike hit a militant hideout, killing four fighters.", "Air/drone strike"),
    ("Warplanes bombed positions of the rebels near the town.", "Air/drone strike"),
    ("Thousands of teachers rallied peacefully outside parliament over unpaid wages.", "Peaceful protest"),
    ("Students held a sit-in demanding the minister resign.", "Peaceful protest"),
    ("A roadside bomb exploded under a police vehicle, wounding two.", "Remote explosive/landmine/IED"),
    ("An IED went off near the market.", "Remote explosive/landmine/IED"),
    ("Army troops clashed with insurgents for three hours near the border.", "Armed clash"),
    ("Fighting broke out between the militia and soldiers at a checkpoint.", "Armed clash"),
    ("Police arrested twelve suspected members of the cell in a night raid.", "Arrests"),
    ("Security forces detained a local leader at his home.", "Arrests"),
    ("A magnitude 6 earthquake struck the coast, flattening homes.", NONE),
    ("Floods after heavy rains displaced hundreds of families.", NONE),
]


def toy_examples() -> list[Example]:
    return [Example(text, label, "case" if i % 2 else "acled-iraq", str(i))
            for i, (text, label) in enumerate(TOY)]


TOY_PARAMS = TrainParams(min_df=1, word_max_features=2000, char_max_features=2000, max_iter=200)


@pytest.fixture(scope="module")
def toy_model() -> EventTypeClassifier:
    return fit_classifier(toy_examples(), TOY_PARAMS)


def test_classifier_clean_text_strips_acled_template() -> None:
    note = "On 3 May 2020, IS militants attacked an army post in Tarmiyah. [size=no report]"
    assert clean_text(note) == "IS militants attacked an army post in Tarmiyah."
    news = "On Monday the army said it had retaken the village."  # no comma after a date: kept
    assert clean_text(news) == news


def test_cues_fire_on_means_words() -> None:
    CUE_GROUPS = cue_groups(LanguageReference.load())  # noqa: N806 - the packaged lexicon
    cues = CueMatcher(CUE_GROUPS)
    assert len(cues) == len(CUE_GROUPS)
    assert "air" in cues.matched("A US airstrike killed three.")
    assert "force" in cues.matched("Police fired tear gas at the crowd.")
    assert "disaster" in cues.matched("The earthquake flattened the village.")
    x = cues.transform(["mortars hit, then more mortars", ""])
    assert x.shape == (2, len(CUE_GROUPS)) and x[1].sum() == 0
    assert x[0, cues.names.index("shelling")] == pytest.approx(np.log1p(2))


def test_classifier_predict_ranks_all_labels(toy_model: EventTypeClassifier) -> None:
    ranked = toy_model.predict("Jets bombed the rebels' positions")
    labels = [lab for lab, _ in ranked]
    assert set(labels) <= set(SUB_EVENT_TYPES) | {NONE}
    assert sorted(labels) == sorted(toy_model.classes)
    probs = [p for _, p in ranked]
    assert probs == sorted(probs, reverse=True)
    assert sum(probs) == pytest.approx(1.0, abs=1e-4)
    assert labels[0] == "Air/drone strike"


def test_classifier_handles_empty_and_long_text(toy_model: EventTypeClassifier) -> None:
    assert toy_model.predict_many([]) == []
    out = toy_model.predict_many(["", "x", " ".join(t for t, _ in TOY) * 20])
    assert len(out) == 3 and all(len(r) == len(toy_model.classes) for r in out)


def test_event_typing_from_ranked_fills_record_fields() -> None:
    t = EventTyping.from_ranked([(NONE, 0.6), ("Air/drone strike", 0.3), ("Armed clash", 0.1)])
    assert (t.sub_event_type, t.event_type) == ("Air/drone strike", "Explosions/Remote violence")
    assert (t.disorder_type, t.plover_event, t.plover_mode) == ("Political violence", "FIGHT", "aerial")
    assert t.confidence == pytest.approx(0.3) and t.none_probability == pytest.approx(0.6)
    assert not t.is_event
    assert EventTyping.from_ranked([("Peaceful protest", 0.9), (NONE, 0.1)]).is_event


def test_classifier_typing_many(toy_model: EventTypeClassifier) -> None:
    out = toy_model.typing_many(["Students held a sit-in.", "Floods displaced families."])
    assert out[0].event_type == "Protests" and out[0].is_event
    assert toy_model.typing("Floods after heavy rains.").none_probability > 0


def test_classifier_save_load_roundtrip(toy_model: EventTypeClassifier, tmp_path: Path) -> None:
    path = toy_model.save(tmp_path / "m.npz")
    again = EventTypeClassifier.load(path)
    texts = [t for t, _ in TOY]
    # float16 coefficients: same ranking, probabilities within rounding
    assert np.allclose(again.probabilities(texts), toy_model.probabilities(texts), atol=2e-3)
    assert [r[0][0] for r in again.predict_many(texts)] == [r[0][0] for r in toy_model.predict_many(texts)]
    assert again.cue_groups == toy_model.cue_groups  # the lexicon travels with the model


def test_classifier_cue_pairs_roundtrip(tmp_path: Path) -> None:
    params = dataclasses.replace(TOY_PARAMS, cue_pairs=True)
    model = fit_classifier(toy_examples(), params)
    g = len(model.cue_groups)
    assert model.coef.shape[1] == (len(model.word_vocab) + len(model.char_vocab) + g + g * (g - 1) // 2
                                   + model.embedding_dim)
    again = EventTypeClassifier.load(model.save(tmp_path / "pairs.npz"))
    assert again.params.cue_pairs and again.predict(TOY[0][0])[0][0] == model.predict(TOY[0][0])[0][0]


def test_classifier_without_sentence_encoder_roundtrip(tmp_path: Path) -> None:
    """The encoder block is optional: a model fitted without it never loads the encoder."""
    params = dataclasses.replace(TOY_PARAMS, use_embeddings=False)
    model = fit_classifier(toy_examples(), params)
    assert model.embedding_dim == 0
    again = EventTypeClassifier.load(model.save(tmp_path / "plain.npz"))
    assert not again.params.use_embeddings
    assert again.predict(TOY[2][0])[0][0] == model.predict(TOY[2][0])[0][0]
    assert again._encoder is None  # predicting did not need it


def test_classifier_with_sentence_encoder_records_its_width(toy_model: EventTypeClassifier, tmp_path: Path) -> None:
    assert toy_model.params.use_embeddings and toy_model.embedding_dim == 384
    again = EventTypeClassifier.load(toy_model.save(tmp_path / "emb.npz"))
    assert again.embedding_dim == 384
    g = len(again.cue_groups)
    assert again.coef.shape[1] == len(again.word_vocab) + len(again.char_vocab) + g + 384


def test_classifier_fitted_with_the_transformer_says_which_extra_it_needs(
    toy_model: EventTypeClassifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model fitted before the ONNX encoder names the torch transformer: without its extra, say so."""
    import sys

    from conflictwire.nlp.embeddings import TRANSFORMER_ENCODER

    older = dataclasses.replace(toy_model, params=dataclasses.replace(toy_model.params, encoder=TRANSFORMER_ENCODER))
    again = EventTypeClassifier.load(older.save(tmp_path / "older.npz"))
    assert again.params.encoder == TRANSFORMER_ENCODER
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if the extra were not installed
    with pytest.raises(ModelError, match="encoder-build"):
        again.predict_many(["Gunmen attacked a checkpoint."])


def test_classifier_load_rejects_misaligned_lexicon(toy_model: EventTypeClassifier, tmp_path: Path) -> None:
    """A model whose stored lexicon lost a group must fail loudly, not predict garbage."""
    broken = dataclasses.replace(toy_model, cue_groups=toy_model.cue_groups[:-1])
    path = broken.save(tmp_path / "broken.npz")
    with pytest.raises(ModelError, match="retrain"):
        EventTypeClassifier.load(path)


def test_classifier_load_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train event-types"):
        EventTypeClassifier.load(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelError):
        EventTypeClassifier.load(bad)


# ---------------------------------------------------------------- the shipped artefact


@pytest.fixture(scope="module")
def shipped() -> EventTypeClassifier:
    try:
        return EventTypeClassifier.load()
    except ModelError as exc:  # pragma: no cover - only before the first `conflictwire train`
        pytest.skip(f"no shipped event-type model: {exc}")


def test_shipped_model_loads_and_is_small() -> None:
    """Load time is printed by bench/bench_types.py; here only that it loads, predicts and stays small."""
    model = EventTypeClassifier.load()
    assert model.predict("warm-up")[0][0]
    data_dir = Path(str(importlib.resources.files("conflictwire") / "data"))
    assert sum(p.stat().st_size for p in data_dir.glob("event_types*")) < 10_000_000
    assert (data_dir / "event_types.provenance.json").is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A US drone strike killed three suspected militants in a car on the outskirts of the city.",
         "Air/drone strike"),
        ("Hundreds of farmers marched peacefully to the governor's office demanding fair prices.",
         "Peaceful protest"),
        ("Security forces opened fire on peaceful protesters, killing five of them.",
         "Excessive force against protesters"),
        ("Police fired tear gas to disperse hundreds of protesters outside parliament.",
         "Protest with intervention"),
        ("Government troops recaptured the town from the rebels after heavy fighting.",
         "Government regains territory"),
        ("A suicide bomber blew himself up at a checkpoint, killing six.", "Suicide bomb"),
        ("Security forces defused a bomb planted near a school.", "Disrupted weapons use"),
        ("The prime minister said the government will hold elections next year.", NONE),
        ("A roadside bomb hit an army patrol, wounding three soldiers.", "Remote explosive/landmine/IED"),
        ("Gunmen kidnapped a local aid worker on his way home.", "Abduction/forced disappearance"),
        ("A 6.1-magnitude earthquake struck the province early on Tuesday, damaging homes.", NONE),
    ],
)
def test_shipped_model_types_plain_news(shipped: EventTypeClassifier, text: str, expected: str) -> None:
    assert shipped.predict(text)[0][0] == expected


@pytest.mark.slow
@pytest.mark.shared
def test_shipped_model_fits_acled_notes(shipped: EventTypeClassifier, shared: Path) -> None:
    """In-sample sanity on 400 Iraq notes (held-out figures come from bench/bench_types.py)."""
    notes = [e for e in load_examples(shared, none_news=False) if e.source == "acled-iraq"][::8]
    top = [r[0][0] for r in shipped.predict_many([e.text for e in notes])]
    acc = sum(p == e.label for p, e in zip(top, notes, strict=True)) / len(notes)
    assert acc >= 0.9


def test_classifier_features_are_the_columns_of_the_coefficients(toy_model: EventTypeClassifier,
                                                                 tmp_path: Path) -> None:
    """A loaded model rebuilds its vectorizers from the stored vocabularies: same columns, same order."""
    texts = [t for t, _ in TOY]
    x = toy_model.features(texts)
    assert x.shape == (len(texts), toy_model.coef.shape[1])
    again = EventTypeClassifier.load(toy_model.save(tmp_path / "cols.npz"))
    y = again.features(texts)
    assert y.shape == x.shape
    # idf weights are stored in float16, so the values agree to rounding, column by column
    assert np.allclose(y.toarray(), x.toarray(), atol=2e-3)
