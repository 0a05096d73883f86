"""CASE 2021 snippets through the whole pipeline, held out: k-fold, one model per fold.

The shipped model has seen every CASE dev snippet, so `score.py types` on the dev set is an
in-sample figure.  This bench refits the shipped recipe k times, each time without one fold
of the CASE snippets (and of the ACLED Iraq notes), runs the full pipeline (segmentation,
typing, actor-based territory decision, relevance) on the held-out fold, and scores the
pooled predictions with ../shared/eval/score.py.  The classifier-only figure of the same
folds is printed beside it, so the ratio shows what the pipeline adds or loses.

    python bench/bench_case_pipeline.py [--shared ../shared] [--folds 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from _scorer import load_scorer, score
from conflictwire.config import Settings, shipped_event_model
from conflictwire.export import INCIDENT_COLUMNS
from conflictwire.extract.classifier import EventTypeClassifier, TrainParams
from conflictwire.extract.incidents import Extractor
from conflictwire.extract.taxonomy import SUB_EVENT_TYPES
from conflictwire.geo import Geoparser
from conflictwire.models import Article
from conflictwire.nlp import build_nlp
from conflictwire.nlp.embeddings import SentenceEncoder
from conflictwire.pipeline import Pipeline
from conflictwire.training import (
    fit_classifier,
    fold_ids,
    load_examples,
    prior_correction,
    provenance_path,
    training_prior,
)
from conflictwire.training.datasets import CASE_SNIPPETS


def write_rows(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(INCIDENT_COLUMNS), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def score_types(shared: Path, pred: Path) -> dict[str, float]:
    return score(shared, "types", "--gold", str(shared / "data" / CASE_SNIPPETS), "--pred", str(pred))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--confusions", type=int, default=0, help="print the N most frequent pipeline errors")
    args = ap.parse_args()
    shipped = EventTypeClassifier.load()
    prov = json.loads(provenance_path(shipped_event_model()).read_text(encoding="utf-8"))
    params = TrainParams(**prov["params"])
    choice = prov["metrics"].get("class_bias") or {"prior_power": 0.0, "none_factor": 1.0}
    examples = load_examples(args.shared)
    fold = fold_ids(examples, args.folds, args.seed)
    case_ids = [json.loads(line)["id"] for line in (args.shared / "data" / "case2021-task2-dev.jsonl").open()]
    case_idx = [i for i, e in enumerate(examples) if e.source == "case"]
    assert len(case_idx) == len(case_ids), "CASE examples and documents must line up"
    settings = Settings(db_url="sqlite://")
    nlp, geoparser = build_nlp(settings), Geoparser.from_settings(settings)
    pipeline_rows: list[dict[str, str]] = []
    classifier_rows: list[dict[str, str]] = []
    t0 = time.perf_counter()
    encoder = SentenceEncoder(params.encoder) if params.use_embeddings else None  # one memo for all folds
    for f in range(args.folds):
        train = [e for e, fi in zip(examples, fold, strict=True) if fi != f]
        model = fit_classifier(train, params, temperature=shipped.temperature, encoder=encoder)
        model.class_bias = prior_correction(model.classes, training_prior(train, model.classes),
                                            choice["prior_power"], choice["none_factor"])
        held = [(case_ids[k], examples[i].text) for k, i in enumerate(case_idx) if fold[i] == f]
        pipeline = Pipeline(settings, nlp, geoparser, Extractor.from_settings(settings))
        pipeline.extractor.classifier = model
        for result in pipeline.pipe(Article(id=cid, text=text) for cid, text in held):
            pipeline_rows += [{k: ("" if v is None else v) for k, v in inc.to_row().items()}
                              for inc in result.incidents]
        for (cid, _), ranked in zip(held, model.predict_many([t for _, t in held]), strict=True):
            label, prob = ranked[0]
            if label in SUB_EVENT_TYPES:
                classifier_rows.append({"article_ids": cid, "event_date": "", "event_type": "",
                                        "sub_event_type": label, "fatalities": "0", "confidence": str(prob)})
        print(f"fold {f + 1}/{args.folds} done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        p_csv, c_csv = Path(tmp) / "pipeline.csv", Path(tmp) / "classifier.csv"
        write_rows(pipeline_rows, p_csv)
        write_rows(classifier_rows, c_csv)
        pipe, clf = score_types(args.shared, p_csv), score_types(args.shared, c_csv)
    print(f"CASE 2021 dev, {args.folds}-fold held out ({np.sum(fold[case_idx] >= 0)} snippets)")
    print("| measure | pipeline | classifier only | ratio |")
    print("|---|---|---|---|")
    for key in ("weighted_f1_acled", "weighted_f1_all", "accuracy_acled", "macro_f1_acled"):
        print(f"| {key} | {pipe[key]:.3f} | {clf[key]:.3f} | {pipe[key] / clf[key]:.2f}x |")
    if args.confusions:
        gold = {r["id"]: r["SubType"] for r in csv.DictReader(
            (args.shared / "data" / CASE_SNIPPETS).open(encoding="utf-8"), delimiter="\t")}
        codes: dict[str, str] = load_scorer(args.shared).CASE_CODES  # the scorer's own ACLED -> CASE label map
        best: dict[str, tuple[float, str]] = {}
        for r in pipeline_rows:
            conf = float(r.get("confidence") or 0)
            if r["article_ids"] not in best or conf > best[r["article_ids"]][0]:
                best[r["article_ids"]] = (conf, codes.get(r["sub_event_type"], "UNMAPPED"))
        errors = Counter((g, best.get(i, (0, "NONE"))[1]) for i, g in gold.items()
                         if best.get(i, (0, "NONE"))[1] != (g if g in codes.values() else "NONE"))
        print("| gold | predicted | n |\n|---|---|---|")
        for (g, p), n in errors.most_common(args.confusions):
            print(f"| {g} | {p} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
