from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictwire.extract.numbers import NumberReader
from conflictwire.reference.language import LanguageReference

_NUMBERS = NumberReader(LanguageReference.load())
find_counts, parse_count = _NUMBERS.find_counts, _NUMBERS.parse_count


@pytest.mark.parametrize(("text", "low", "best", "high"), [
    ("at least seven", 7, 7, None),
    ("more than 80", 81, 80, None),
    ("nearly 60", 54, 60, 60),
    ("twenty-one", 21, 21, 21),
    ("3.3 million", 3_300_000, 3_300_000, 3_300_000),
    ("more than 56,000", 56_001, 56_000, None),
    ("several", 2, 3, None),
    ("dozens of", 12, 12, None),
    ("hundreds of", 100, 100, None),
    ("a number of", 2, 3, None),
    ("up to 15", 1, 15, 15),
])
def test_numbers_bounds(text: str, low: int, best: int, high: int | None) -> None:
    (c,) = find_counts(text)
    assert (c.low, c.best, c.high) == (low, best, high)


def test_numbers_custom_vague_policy() -> None:
    (c,) = find_counts("several", vague_policy={"several": (5, 10, 20)})
    assert (c.low, c.best, c.high) == (5, 10, 20)


@given(st.integers(min_value=0, max_value=10_000_000))
def test_numbers_digits_round_trip(n: int) -> None:
    assert parse_count(f"{n:,}") == n
    assert parse_count(str(n)) == n


def test_remembered_counts_are_the_counts_read_afresh() -> None:
    reader = NumberReader(LanguageReference.load())
    text = "at least seven people were killed and dozens of others wounded"
    first = reader.find_counts(text)
    again = reader.find_counts(text)
    assert again == first and again is not first  # a fresh list: a caller may change its own
    assert first == _NUMBERS._find_counts(text, _NUMBERS.vague)
    other = {**reader.vague, "dozens of": (24, 30, None)}  # another policy is read, not remembered
    assert [c.best for c in reader.find_counts(text, vague_policy=other)] == [7, 30]
    assert [c.best for c in reader.find_counts(text)] == [7, 12]
