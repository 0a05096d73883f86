"""Counts as reporters write them: "at least seven", "nearly 60", "dozens", "21".

Each count becomes (low, best, high).  Vague quantities follow a named policy:

* ``acled`` (default): what ACLED's coders actually recorded for vague wording in
  the ACLED rows under ``../shared/data`` (Iraq 2019 and the 2020 training rows):
  "several", "many", "some", "a number of", an unknown plural -> 3; "a few" -> 3;
  "dozens" -> 12; "hundreds" -> 100; "thousands" -> 1000.
* ``codebook10``: the older codebook reading, unspecified plural -> 10.

Lower bounds stay honest (2 for any plural), so the best guess never hides the range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ACLED_VAGUE", "VAGUE_POLICIES", "Count", "find_counts", "parse_count"]

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "a pair of": 2, "both": 2,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

# vague word -> (low, best, high)
ACLED_VAGUE: dict[str, tuple[int, int, int | None]] = {
    "several": (2, 3, None), "many": (2, 3, None), "a number of": (2, 3, None), "numerous": (2, 3, None),
    "multiple": (2, 3, None), "scores of": (20, 20, None), "some": (2, 3, None), "a few": (2, 3, 5),
    "few": (2, 3, 5), "dozens of": (24, 12, None), "dozens": (24, 12, None), "hundreds of": (200, 100, None),
    "hundreds": (200, 100, None), "thousands of": (2000, 1000, None), "thousands": (2000, 1000, None),
}
CODEBOOK10_VAGUE: dict[str, tuple[int, int, int | None]] = {
    **ACLED_VAGUE,
    **{w: (2, 10, None) for w in ("several", "many", "a number of", "numerous", "multiple", "some")},
}
VAGUE_POLICIES = {"acled": ACLED_VAGUE, "codebook10": CODEBOOK10_VAGUE}

_WORD_NUM = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:million|billion|thousand|hundred))?"
    rf"|(?:(?:{'|'.join(TENS)})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|{_WORD_NUM})(?:\s+(?:hundred|thousand|million))?"
)
_VAGUE = "|".join(sorted(ACLED_VAGUE, key=len, reverse=True))
_MOD = (r"at least|more than|over|nearly|almost|about|around|some|approximately|roughly|up to|as many as|"
        r"at most|fewer than|less than|close to|an estimated|estimated|a total of|total of|the")
COUNT_RE = re.compile(
    rf"(?i)\b(?:(?P<mod>{_MOD})\s+)?(?:(?P<vague>{_VAGUE})|(?P<num>{_NUM}))\b"
)
# "killed or wounded" style ranges: "10 to 15", "10-15", "between 10 and 15"
RANGE_RE = re.compile(r"(?i)\b(?:between\s+)?(?P<a>\d{1,6})\s*(?:-|–|to|and)\s*(?P<b>\d{1,6})\b")


@dataclass(frozen=True, slots=True)
class Count:
    """A count found in text: offsets, bounds and whether it was vague."""

    start: int
    end: int
    text: str
    low: int
    best: int
    high: int | None
    vague: bool = False


def _words_to_int(words: str) -> int | None:
    words = words.lower().replace("-", " ").strip()
    if words in UNITS:
        return UNITS[words]
    total = current = 0
    for w in words.split():
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def parse_count(num: str) -> int | None:
    """'21' -> 21, '3.3 million' -> 3300000, 'twenty-one' -> 21, 'a dozen' -> 12."""
    s = num.strip().lower()
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(million|billion|thousand|hundred)?", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            value *= SCALES[m.group(2)]
        return int(round(value))
    m = re.fullmatch(r"(.+?)\s+(hundred|thousand|million)", s)
    if m and _words_to_int(m.group(1)) is not None:
        return (_words_to_int(m.group(1)) or 1) * SCALES[m.group(2)]
    return _words_to_int(s)


def _bounds(mod: str | None, value: int) -> tuple[int, int, int | None]:
    mod = (mod or "").lower()
    if mod == "at least":
        return (value, value, None)
    if mod in {"more than", "over"}:
        return (value + 1, value, None)
    if mod in {"nearly", "almost", "close to"}:
        return (int(value * 0.9), value, value)
    if mod in {"about", "around", "some", "approximately", "roughly", "an estimated", "estimated"}:
        return (int(value * 0.9), value, int(value * 1.1) + 1)
    if mod in {"up to", "as many as", "at most", "fewer than", "less than"}:
        return (0 if mod in {"fewer than", "less than"} else 1, value, value)
    return (value, value, value)


def find_counts(text: str, *, vague_policy: dict[str, tuple[int, int, int | None]] | None = None) -> list[Count]:
    """Every count expression in `text`, left to right, with ACLED-style bounds."""
    policy = vague_policy if vague_policy is not None else ACLED_VAGUE
    out: list[Count] = []
    for m in COUNT_RE.finditer(text):
        if m.group("num"):
            raw = m.group("num")
            if raw.lower() in {"a", "an", "no"}:  # articles and "no" only count before a casualty noun
                value = UNITS[raw.lower()]
            else:
                parsed = parse_count(raw)
                if parsed is None:
                    continue
                value = parsed
            low, best, high = _bounds(m.group("mod"), value)
            start = m.start("mod") if m.group("mod") and m.group("mod").lower() != "the" else m.start("num")
            out.append(Count(start, m.end(), text[start:m.end()], low, best, high, False))
        else:
            word = m.group("vague").lower()
            if word not in policy:
                continue
            low, best, high = policy[word]
            out.append(Count(m.start("vague"), m.end(), m.group("vague"), min(low, best), best, high, True))
    return out
