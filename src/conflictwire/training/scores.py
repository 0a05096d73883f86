"""The acceptance figures of a set of predictions, computed in process.

Why in process: cross-validation and the prior-correction grid score hundreds of
prediction sets; calling ``shared/eval/score.py`` for each would be slow, so the same
definitions are written here and `bench/bench_types.py` checks them against score.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from conflictwire.extract.classifier import NONE
from conflictwire.extract.taxonomy import event_type_of

from .datasets import Example

__all__ = ["score_predictions", "weighted_f1"]


def weighted_f1(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """(weighted F1, macro F1, accuracy) over (gold, predicted) pairs, as score.py defines them."""
    pairs = list(pairs)
    support = Counter(g for g, _ in pairs)
    f1s = {}
    for lab in support:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = support[lab] - tp
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1s[lab] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    n = len(pairs)
    if not n:
        return 0.0, 0.0, 0.0
    weighted = sum(f1s[lab] * support[lab] for lab in support) / n
    return weighted, sum(f1s.values()) / len(f1s), sum(1 for g, p in pairs if g == p) / n


def score_predictions(
    examples: Sequence[Example], probs: np.ndarray, classes: Sequence[str],
) -> dict[str, float]:
    """The acceptance figures for whichever of the two gold sets `examples` contains.

    ACLED notes: the top label other than NONE (the pipeline emits one record per note).
    CASE: the top label, NONE meaning "no record" (score.py's `types` rule).
    """
    top = [classes[i] for i in probs.argmax(axis=1)]
    none_idx = classes.index(NONE) if NONE in classes else -1
    masked = probs.copy()
    if none_idx >= 0:
        masked[:, none_idx] = -1.0
    top_event = [classes[i] for i in masked.argmax(axis=1)]
    res: dict[str, float] = {}
    notes = [i for i, e in enumerate(examples) if e.source == "acled-iraq"]
    if notes:
        res["iraq_n"] = len(notes)
        res["iraq_event_type"] = sum(
            event_type_of(top_event[i]) == event_type_of(examples[i].label) for i in notes) / len(notes)
        res["iraq_sub_event_type"] = sum(top_event[i] == examples[i].label for i in notes) / len(notes)
        res["iraq_flagged_none"] = sum(top[i] == NONE for i in notes) / len(notes)
    case = [i for i, e in enumerate(examples) if e.source == "case"]
    if case:
        pairs = [(examples[i].label, top[i]) for i in case]
        res["case_n"] = len(case)
        res["case_weighted_f1_all"], _, res["case_accuracy_all"] = weighted_f1(pairs)
        acled = [(g, p) for g, p in pairs if g != NONE]
        res["case_weighted_f1_acled"], res["case_macro_f1_acled"], _ = weighted_f1(acled)
    return res
