"""Error details: short ones whole, long ones cut at a phrase or word boundary, never mid-word."""

from __future__ import annotations

from conflictwire.errors import DETAIL_MAX_CHARS, shorten
from conflictwire.models import Rejection

LIMIT = "2,000,000 bytes exceeds the 5,000,000-byte limit (raise it with --max-bytes or CONFLICTWIRE_MAX_BYTES)"


def test_errors_short_detail_is_left_whole() -> None:
    assert shorten(LIMIT) == LIMIT
    assert shorten("line one\n  line two") == "line one line two"


def test_errors_long_detail_ends_at_a_phrase_boundary() -> None:
    text = "ValueError: the parser failed; " + "the token stream held an unexpected character sequence " * 20
    got = shorten(text, 50)
    assert got == "ValueError: the parser failed…"
    assert len(got) <= 50


def test_errors_long_detail_without_phrases_ends_at_a_word() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]
    text = " ".join(words * 3)
    got = shorten(text, 40)
    assert got.endswith("…") and len(got) <= 40
    assert got[:-1].split(" ")[-1] in words  # the last word is whole
    assert text.startswith(got[:-1] + " ")


def test_errors_rejection_detail_is_bounded_and_whole_worded() -> None:
    detail = "RuntimeError: " + "1,234,567 figures " * 100
    rej = Rejection("a.txt", "processing-failed", detail)
    assert len(rej.detail) <= DETAIL_MAX_CHARS and rej.detail.endswith("figures…")
    assert Rejection("a.txt", "empty", "no text").detail == "no text"
