"""Benchmark the event-type classifier: held-out (k-fold) and in-sample figures, with baselines.

    .venv/bin/python bench/bench_types.py --shared ../shared [--folds 5] [--skip-baselines]

Prints, in one run, for the ACLED Iraq notes (event_type / sub_event_type accuracy) and the
CASE 2021 dev snippets (weighted F1 over the ACLED classes and over all classes, NONE included):

* baseline A: word TF-IDF + logistic regression trained on ACLED notes only (k-fold on Iraq);
* baseline B: word TF-IDF trained on the same data as our model (k-fold);
* the recipe without sentence vectors (word + char TF-IDF + cue lexicon, C = 30), the one
  shipped before the encoder;
* ours: word + char TF-IDF + cue lexicon + MiniLM sentence vectors, the shipped recipe (k-fold);
* ours with the prior correction: nested (honest) and tuned on all folds (optimistic);
* the shipped artefact in-sample (it was fitted on everything); `--refit` also refits the recipe;
* the ratios ours / baseline.

The CASE figures of the k-fold run are also passed through the independent scorer
(shared/eval/score.py `types`) to check that our in-process F1 matches it.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from conflictwire.errors import ModelError
from conflictwire.extract.classifier import NONE, EventTypeClassifier, TrainParams
from conflictwire.extract.taxonomy import event_type_of
from conflictwire.nlp.embeddings import SentenceEncoder
from conflictwire.training import Example, evaluate_recipe, fit_classifier, load_examples, score_predictions
from conflictwire.training.datasets import CASE_SNIPPETS

KEYS = ("iraq_event_type", "iraq_sub_event_type", "case_weighted_f1_acled", "case_weighted_f1_all")
HEADS = ("ACLED ev", "ACLED sub", "CASE F1a", "CASE F1")  # F1a: weighted F1 over the 25 ACLED classes
WIDTH = 56


def _row(name: str, res: dict[str, float], seconds: float) -> None:
    cells = "  ".join(f"{res.get(k, float('nan')):>9.3f}" for k in KEYS)
    print(f"{name:<{WIDTH}} {cells}  {seconds:>6.0f}s", flush=True)


def _score_py(shared: Path, examples: list[Example], probs: np.ndarray, classes: tuple[str, ...]) -> str:
    """Write the CASE predictions as score.py expects them and return its SCORE lines."""
    scorer = shared / "eval" / "score.py"
    if not scorer.is_file():
        return "(score.py not found)"
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "types.csv"
        with pred.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["article_ids", "event_date", "event_type", "sub_event_type", "fatalities",
                        "confidence"])
            for e, row in zip(examples, probs, strict=True):
                if e.source != "case":
                    continue
                top = classes[int(row.argmax())]
                if top != NONE:  # NONE = no record, as the pipeline would do
                    w.writerow([e.doc_id, "", event_type_of(top), top, 0, f"{row.max():.4f}"])
        gold = shared / "data" / CASE_SNIPPETS
        out = subprocess.run([sys.executable, str(scorer), "types", "--gold", str(gold), "--pred", str(pred)],
                             capture_output=True, text=True, check=True).stdout
    return " | ".join(line for line in out.splitlines() if line.startswith("SCORE"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-baselines", action="store_true")
    ap.add_argument("--refit", action="store_true", help="also refit on everything (in-sample of the recipe)")
    args = ap.parse_args(argv)
    try:
        examples = load_examples(args.shared)
    except ModelError as exc:
        print(f"shared data not found: {exc}", file=sys.stderr)
        return 2
    ours = TrainParams()
    word_only = TrainParams(use_chars=False, use_cues=False, use_embeddings=False)
    # the recipe before the sentence encoder (C = 30 was its best), for the ratio in the same run
    no_vectors = dataclasses.replace(ours, use_embeddings=False, C=30.0)
    encoder = SentenceEncoder(ours.encoder)  # one memo for every fold and the refit
    print(f"examples: {len(examples)}  k={args.folds}  seed={args.seed}")
    print(f"{'model':<{WIDTH}} " + "  ".join(f"{h:>9}" for h in HEADS) + "     time")
    results: dict[str, dict[str, float]] = {}

    def run(key: str, label: str, params: TrainParams, acled_only: bool = False) -> dict:
        t = time.perf_counter()
        m, _ = evaluate_recipe(examples, params, k=args.folds, seed=args.seed,
                               train_sources=(lambda s: s.startswith("acled")) if acled_only else None,
                               encoder=encoder if params.use_embeddings else None)
        secs = time.perf_counter() - t
        results[key] = m["cv"]
        results[key + "+pc"] = m["cv_prior_corrected_nested"]
        _row(f"{label} (k-fold)", m["cv"], secs)
        _row(f"{label} (k-fold, prior-corrected, nested)", m["cv_prior_corrected_nested"], 0)
        return m

    if not args.skip_baselines:
        run("A", "A  words, ACLED only", word_only, acled_only=True)
        run("B", "B  words, all sources", word_only)
        run("novec", "ours without sentence vectors", no_vectors)
    m = run("ours", "ours", ours)
    _row("ours (k-fold, prior-corrected on all folds)", m["cv_prior_corrected"], 0)
    cal = m["calibration"]
    print(f"ours calibration (out of fold, after temperature {m['temperature']:.2f}): "
          f"log_loss={cal['log_loss']:.3f} ece={cal['ece']:.3f} "
          f"mean_conf={cal['mean_confidence']:.3f} accuracy={cal['accuracy']:.3f}  "
          f"prior correction {m['class_bias']}")
    oof, classes = m["oof"], m["classes"]

    if args.refit:
        t = time.perf_counter()
        model = fit_classifier(examples, ours, encoder=encoder)
        ins = score_predictions(examples, model.probabilities([e.text for e in examples]), model.classes)
        _row("ours in-sample (refit on all, no prior correction)", ins, time.perf_counter() - t)

    try:
        t = time.perf_counter()
        shipped = EventTypeClassifier.load().use_encoder(encoder)
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        sh = score_predictions(examples, shipped.probabilities([e.text for e in examples]), shipped.classes)
        _row("shipped artefact (in-sample)", sh, time.perf_counter() - t)
        print(f"shipped artefact: loaded in {load_s:.2f}s, temperature {shipped.temperature:.2f}, "
              f"trained {shipped.meta.get('trained_at', '?')}")
    except ModelError as exc:
        print(f"shipped artefact: not loaded ({exc})")

    print("score.py on the k-fold CASE predictions (prior-corrected on all folds):",
          _score_py(args.shared, examples, oof, classes))
    for ours_key, base in (("ours", "A"), ("ours", "B"), ("ours", "novec"), ("ours+pc", "A+pc"), ("ours+pc", "B+pc"),
                           ("ours+pc", "novec+pc")):
        if base in results:
            ratios = "  ".join(f"{k}={results[ours_key][k] / results[base][k]:.2f}x"
                               for k in KEYS if results[base].get(k))
            print(f"ratio {ours_key}/{base}: {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
