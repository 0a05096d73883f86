"""The shipped int8 ONNX sentence encoder: offline, unit-length, stable, and clear about bad files."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conflictwire.errors import ModelError
from conflictwire.nlp.embeddings import shipped_onnx_encoder
from conflictwire.nlp.onnx_encoder import OnnxEncoder


@pytest.fixture(scope="module")
def encoder() -> OnnxEncoder:
    return OnnxEncoder.load(shipped_onnx_encoder())


def test_onnx_encoder_vectors_are_unit_length_in_input_order(encoder: OnnxEncoder) -> None:
    texts = ["Gunmen opened fire on a checkpoint.", "The central bank raised interest rates.",
             "A much longer sentence, padded against the others in its batch, about shelling near a town."]
    vecs = encoder.encode(texts)
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    # a text's vector does not depend on the texts encoded with it (no padded batches)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.array_equal(alone, vecs)
    assert np.allclose(encoder.encode(texts[::-1]), vecs[::-1], atol=1e-4)


def test_onnx_encoder_is_deterministic(encoder: OnnxEncoder) -> None:
    text = ["Rockets hit an air base north of the capital overnight."]
    assert np.array_equal(OnnxEncoder.load(shipped_onnx_encoder()).encode(text), encoder.encode(text))


def test_onnx_encoder_puts_paraphrases_closer_than_unrelated_news(encoder: OnnxEncoder) -> None:
    a, b, c = encoder.encode([
        "Warplanes bombed rebel positions outside the town.",
        "Jets carried out air strikes on insurgent sites near the city.",
        "The football club signed a new goalkeeper on Friday.",
    ])
    assert float(a @ b) > float(a @ c) + 0.2


def test_onnx_encoder_batches_beyond_one_forward_pass(encoder: OnnxEncoder) -> None:
    texts = [f"Clashes were reported in district number {i}." for i in range(70)]
    vecs = encoder.encode(texts)
    assert vecs.shape == (70, 384) and not np.any(np.all(vecs == 0, axis=1))
    assert encoder.encode([]).shape == (0, 384)


def test_onnx_encoder_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sentence encoder tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert OnnxEncoder.load(shipped_onnx_encoder()).encode(["Soldiers clashed with gunmen."]).shape == (1, 384)


def test_onnx_encoder_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found.*train encoder"):
        OnnxEncoder.load(tmp_path / "gone.onnx")


def test_onnx_encoder_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(shipped_onnx_encoder().read_bytes()[:5000])  # a truncated copy
    with pytest.raises(ModelError, match="unreadable"):
        OnnxEncoder.load(bad)


def test_onnx_encoder_refuses_an_onnx_file_that_is_not_ours(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    other = tmp_path / "other.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(other))
    with pytest.raises(ModelError, match="not a conflictwire sentence encoder"):
        OnnxEncoder.load(other)


def test_onnx_encoder_imports_no_torch() -> None:
    code = ("import sys; from conflictwire.nlp.onnx_encoder import OnnxEncoder; "
            "from conflictwire.nlp.embeddings import shipped_onnx_encoder; "
            "OnnxEncoder.load(shipped_onnx_encoder()).encode(['Gunmen attacked a checkpoint.']); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
