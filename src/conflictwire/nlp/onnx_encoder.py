"""all-MiniLM-L6-v2 as one int8 ONNX file, run by onnxruntime (no torch).

Why: the transformer on sentence-transformers needs torch, about 750 MB installed of a 2.2 GB
runtime, only to compute one 384-d vector per text. The same network exported once to ONNX
(mean pooling included) and quantized to int8 weights, one scale per output channel, is 23 MB,
gives vectors within a cosine of about 0.99 of the original (docs/event-types.md has the
classifier's figures with both), and runs on onnxruntime and `tokenizers` alone.

The file is built by the maintainer command `conflictwire train encoder`
(`conflictwire.training.encoder`, torch only there) and shipped in ``conflictwire/data``.
It carries its own tokenizer and settings in the ONNX metadata, so one file is the encoder:

* ``conflictwire.format`` / ``conflictwire.format_version``: what this module reads;
* ``conflictwire.tokenizer``: the packaged model's `tokenizers` JSON;
* ``conflictwire.max_tokens``: the model's sequence limit (256 word pieces).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = ["FORMAT", "FORMAT_VERSION", "OnnxEncoder"]

FORMAT = "conflictwire.onnx_sentence_encoder"
FORMAT_VERSION = "1"


@dataclass(frozen=True, slots=True)
class OnnxEncoder:
    """An onnxruntime session over (input_ids, attention_mask) -> mean-pooled vectors, and its tokenizer."""

    session: Any  # onnxruntime.InferenceSession
    tokenizer: Any  # tokenizers.Tokenizer, truncating at max_tokens, no padding
    dimension: int
    meta: dict[str, str]

    @classmethod
    def load(cls, path: Path, *, threads: int = 1) -> OnnxEncoder:
        """Open the file; a missing, damaged or foreign one is a `ModelError` that names it.

        `threads` is onnxruntime's intra-op pool: one by default, because the pipeline runs
        one process per core (`--workers`) and a pool per process would oversubscribe them.
        """
        path = Path(path)
        if not path.is_file():
            raise ModelError(f"sentence encoder not found at {path}; rebuild it with "
                             f"`conflictwire train encoder` (needs the encoder-build extra)")
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(f"the sentence encoder needs the onnxruntime and tokenizers packages: {exc}") from exc
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3  # warnings about unused initialisers are not the user's concern
        try:
            session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors on a bad file
            raise ModelError(f"unreadable sentence encoder {path}: {exc}") from exc
        meta = dict(session.get_modelmeta().custom_metadata_map)
        if (meta.get("conflictwire.format"), meta.get("conflictwire.format_version")) != (FORMAT, FORMAT_VERSION):
            raise ModelError(f"{path} is not a conflictwire sentence encoder of format {FORMAT_VERSION}; rebuild it")
        try:
            tokenizer = Tokenizer.from_str(meta["conflictwire.tokenizer"])
            max_tokens = int(meta["conflictwire.max_tokens"])
            dimension = int(meta["conflictwire.dimension"])
        except Exception as exc:  # a KeyError, a ValueError or the Rust side's bare Exception
            raise ModelError(f"{path}: unreadable encoder settings: {exc}") from exc
        tokenizer.enable_truncation(max_tokens)
        tokenizer.no_padding()
        return cls(session, tokenizer, dimension, meta)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimension) float32 rows of unit length, in the order given.

        One text per forward pass, never a padded batch: int8 dynamic quantization scales each
        activation tensor by its range, padding included, so a batched text's vector would depend
        on its neighbours (cosine 0.985 at worst, measured) and a memo keyed by text would not be
        reproducible; unpadded, each pass is also shorter (3.5 ms a text against 8.6 ms in
        batches of 32, one core).
        """
        out = np.zeros((len(texts), self.dimension), np.float32)
        for row, enc in enumerate(self.tokenizer.encode_batch(list(texts))):
            feed = {"input_ids": np.array([enc.ids], np.int64),
                    "attention_mask": np.array([enc.attention_mask], np.int64)}
            out[row] = self.session.run(None, feed)[0][0]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out
