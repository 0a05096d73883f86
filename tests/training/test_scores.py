"""The in-process figures follow score.py's definitions (checked against it by bench/bench_types.py)."""

from __future__ import annotations

import numpy as np
import pytest

from conflictwire.extract.classifier import NONE
from conflictwire.training import Example, score_predictions, weighted_f1

CLASSES = ("Air/drone strike", "Armed clash", NONE)


def test_scores_weighted_f1_matches_definition() -> None:
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("C", "NONE")]
    w, macro, acc = weighted_f1(pairs)
    # F1(A) = 2/3, F1(B) = 2/3, F1(C) = 0; supports 2, 1, 1
    assert w == pytest.approx((2 * 2 / 3 + 2 / 3) / 4)
    assert macro == pytest.approx((2 / 3 + 2 / 3) / 3)
    assert acc == pytest.approx(0.5)


def test_scores_weighted_f1_of_nothing_is_zero() -> None:
    assert weighted_f1([]) == (0.0, 0.0, 0.0)


def test_scores_acled_notes_take_the_best_type_other_than_none() -> None:
    """One ACLED note is one record, so a note whose top label is NONE still counts its best type."""
    notes = [Example("n1", "Air/drone strike", "acled-iraq"), Example("n2", "Armed clash", "acled-iraq")]
    probs = np.array([[0.3, 0.1, 0.6], [0.5, 0.4, 0.1]])
    res = score_predictions(notes, probs, CLASSES)
    assert res["iraq_n"] == 2
    assert res["iraq_sub_event_type"] == pytest.approx(0.5)  # n1 right despite NONE first, n2 wrong
    assert res["iraq_event_type"] == pytest.approx(0.5)  # strike (explosions) vs clash (battles)
    assert res["iraq_flagged_none"] == pytest.approx(0.5)
    assert "case_n" not in res


def test_scores_case_none_means_no_record() -> None:
    snippets = [Example("s1", NONE, "case"), Example("s2", "Armed clash", "case"),
                Example("s3", "Air/drone strike", "case")]
    probs = np.array([[0.2, 0.1, 0.7], [0.1, 0.2, 0.7], [0.8, 0.1, 0.1]])
    res = score_predictions(snippets, probs, CLASSES)
    assert res["case_n"] == 3 and "iraq_n" not in res
    assert res["case_accuracy_all"] == pytest.approx(2 / 3)  # s1 right as NONE, s2 missed, s3 right
    # over the ACLED classes only (s2, s3): F1(clash) = 0, F1(strike) = 1
    assert res["case_weighted_f1_acled"] == pytest.approx(0.5)
