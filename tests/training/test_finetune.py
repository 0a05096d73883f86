"""Fine-tuning the encoder's top layers on cached lower states (training/finetune.py).

A tiny randomly initialised BERT stands in for MiniLM, so these run in about a second and
need only torch and transformers (the encoder-build extra); no data set is read.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from conflictwire.errors import ModelError  # noqa: E402
from conflictwire.training.finetune import (  # noqa: E402
    FineTuneSettings,
    encode_lower,
    finetune_top,
    merge_top,
    pooled_vectors,
)


def _tiny_bert(layers: int = 3):
    torch.manual_seed(0)
    cfg = transformers.BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=layers, num_attention_heads=2,
                                  intermediate_size=32, max_position_embeddings=64)
    return transformers.BertModel(cfg, add_pooling_layer=False).eval()


def _ids(n: int, seed: int = 0) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    return [[1, *rng.integers(5, 50, size=int(rng.integers(2, 12))).tolist(), 2] for _ in range(n)]


def test_untrained_top_on_cached_states_gives_the_networks_own_vectors() -> None:
    from conflictwire.training.finetune import _top_module

    base = _tiny_bert()
    settings = FineTuneSettings(train_layers=2, encode_batch=4)
    ids = _ids(10)  # lengths differ, so batches are padded: the mask must hide the padding
    lower, vecs = encode_lower(base, [""] * len(ids), settings, ids=ids)
    assert [len(s) for s in lower] == [len(x) for x in ids]
    again = pooled_vectors(_top_module(base, 2).eval(), lower, settings)
    assert np.allclose(np.sum(again * vecs, axis=1), 1.0, atol=1e-4)
    # one text alone, no padding at all, gives the same vector
    alone, single = encode_lower(base, [""], settings, ids=[ids[3]])
    assert float(single[0] @ vecs[3]) > 0.9999


def test_train_layers_out_of_range_is_a_model_error() -> None:
    with pytest.raises(ModelError):
        encode_lower(_tiny_bert(3), [""], FineTuneSettings(train_layers=4), ids=[[1, 5, 2]])


def test_finetune_learns_a_separable_labelling_and_leaves_the_base_untouched() -> None:
    base = _tiny_bert()
    before = {k: v.clone() for k, v in base.state_dict().items()}
    ids = _ids(60, seed=1)
    # the label is whether token 7 occurs: something the frozen random network does not separate by itself
    for i, x in enumerate(ids):
        x[1] = 7 if i % 2 else 8
    y = np.array([i % 2 for i in range(len(ids))])
    settings = FineTuneSettings(train_layers=1, epochs=30, lr=3e-3, head_lr=3e-2, batch=8, encode_batch=8)
    lower, _ = encode_lower(base, [""] * len(ids), settings, ids=ids)
    top, head = finetune_top(base, lower, y, np.ones(len(y)), 2, settings)
    with torch.no_grad():
        logits = head(torch.from_numpy(pooled_vectors(top, lower, settings, normalise=False)))
    assert (logits.argmax(1).numpy() == y).mean() >= 0.9
    assert all(torch.equal(before[k], v) for k, v in base.state_dict().items())
    # merged back, the whole network computes what the fine-tuned top computes on the cached states
    merged = merge_top(base, top)
    _, merged_vecs = encode_lower(merged, [""] * len(ids), settings, ids=ids)
    assert np.allclose(np.sum(merged_vecs * pooled_vectors(top, lower, settings), axis=1), 1.0, atol=1e-3)
    assert all(torch.equal(before[k], v) for k, v in base.state_dict().items())


def test_mismatched_lengths_are_refused() -> None:
    base = _tiny_bert()
    lower, _ = encode_lower(base, [""] * 3, FineTuneSettings(), ids=_ids(3))
    with pytest.raises(ModelError):
        finetune_top(base, lower, np.array([0, 1]), np.ones(3), 2, FineTuneSettings())
