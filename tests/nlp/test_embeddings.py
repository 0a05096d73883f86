"""The packaged sentence encoder: offline, unit-length vectors, paraphrases close together."""

from __future__ import annotations

import numpy as np
import pytest

from conflictwire.errors import ModelError
from conflictwire.nlp.embeddings import SentenceEncoder


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


@pytest.mark.slow
def test_vectors_are_unit_length_and_ordered(encoder: SentenceEncoder) -> None:
    texts = ["Gunmen opened fire on a checkpoint.", "The central bank raised interest rates."]
    vecs = encoder.encode(texts)
    assert vecs.shape == (2, encoder.dimension) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    # order follows the input, whatever the memo holds
    assert np.allclose(encoder.encode(texts[::-1]), vecs[::-1], atol=1e-6)


@pytest.mark.slow
def test_paraphrases_are_closer_than_unrelated_news(encoder: SentenceEncoder) -> None:
    a, b, c = encoder.encode([
        "Warplanes bombed rebel positions outside the town.",
        "Jets carried out air strikes on insurgent sites near the city.",
        "The football club signed a new goalkeeper on Friday.",
    ])
    assert float(a @ b) > float(a @ c) + 0.2


@pytest.mark.slow
def test_memo_is_bounded_and_repeats_are_free(encoder: SentenceEncoder) -> None:
    small = SentenceEncoder(memo_size=2)
    small._model = encoder._load()  # share the loaded weights; only the memo differs
    texts = [f"Protesters gathered in square number {i}." for i in range(5)]
    vecs = small.encode(texts)
    assert len(small._memo) == 2
    assert np.allclose(vecs, encoder.encode(texts), atol=1e-5)
    assert small.encode([]).shape == (0, encoder.dimension)


def test_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="unknown sentence encoder"):
        SentenceEncoder("no-such-encoder").encode(["text"])
