"""Counts as reporters write them: "at least seven", "nearly 60", "dozens", "21".

Each count becomes (low, best, high).  Vague quantities follow a named policy
(`reference/data/vague_quantities.csv`):

* ``acled`` (default): ACLED's fatality convention for vague wording: "several", "many",
  "some", "a number of", an unknown plural -> 3; "a few" -> 3; "dozens" -> 12;
  "hundreds" -> 100; "thousands" -> 1000.
* ``codebook10``: the older codebook reading, unspecified plural -> 10.

Lower bounds stay honest (2 for any plural), so the best guess never hides the range.
The words (numerals, modifiers, vague quantities) are rows of `reference/data/`; a
`NumberReader` compiles them once per `LanguageReference`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..reference.language import Bounds, LanguageReference
from .phrases import fill, phrase

__all__ = ["Count", "NumberReader"]

# "killed or wounded" style ranges: "10 to 15", "10-15", "between 10 and 15"
RANGE_RE = re.compile(r"(?i)\b(?:between\s+)?(?P<a>\d{1,6})\s*(?:-|–|to|and)\s*(?P<b>\d{1,6})\b")
# the scale words and the units of a compound numeral are lists of `numeral_words.csv`
_DIGITS = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*({digit_scale})?"
_WORDS_SCALED = r"(.+?)\s+({word_scale})"


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


def _sorted_alts(words: list[str]) -> str:
    # longest first, so "a dozen" wins over "a"; a stable sort keeps the table's order among equals
    return "|".join(sorted(words, key=len, reverse=True))


MEMO_TEXTS = 4096


class NumberReader:
    """Finds counts with the number words of one `LanguageReference`, compiled once."""

    def __init__(self, language: LanguageReference) -> None:
        self.units = language.numbers_of("unit")
        self.tens = language.numbers_of("ten")
        self.scales = language.numbers_of("scale")
        self.readings = dict(language.count_modifiers)
        self.policies: Mapping[str, Mapping[str, Bounds]] = language.vague_quantities
        self.vague = self.policies["acled"]
        words = language.numeral_words
        self._digits = phrase(_DIGITS, words)
        self._words_scaled = phrase(_WORDS_SCALED, words)
        num = fill(
            r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:{digit_scale}))?"
            r"|(?:(?:{tens})(?:[- ](?:{compound_unit}))?"
            r"|{numerals})(?:\s+(?:{word_scale}))?", words,
            tens="|".join(self.tens), numerals=_sorted_alts([*self.units, *self.tens]))
        mods = "|".join(p for p, _ in language.count_modifiers)
        self.count_re = re.compile(
            rf"(?i)\b(?:(?P<mod>{mods})\s+)?(?:(?P<vague>{_sorted_alts(list(self.vague))})|(?P<num>{num}))\b"
        )
        # counts of recent texts under the default policy: segmentation, the casualty reader and
        # the figures each read every sentence of an article; at most MEMO_TEXTS, then it starts over
        self._memo: dict[str, tuple[Count, ...]] = {}

    def _words_to_int(self, words: str) -> int | None:
        words = words.lower().replace("-", " ").strip()
        if words in self.units:
            return self.units[words]
        total = current = 0
        for w in words.split():
            if w in self.units:
                current += self.units[w]
            elif w in self.tens:
                current += self.tens[w]
            elif w in self.scales:
                current = max(current, 1) * self.scales[w]
                if self.scales[w] >= 1000:
                    total, current = total + current, 0
            else:
                return None
        return total + current

    def parse_count(self, num: str) -> int | None:
        """'21' -> 21, '3.3 million' -> 3300000, 'twenty-one' -> 21, 'a dozen' -> 12."""
        s = num.strip().lower()
        m = self._digits.fullmatch(s)
        if m:
            value = float(m.group(1).replace(",", ""))
            if m.group(2):
                value *= self.scales[m.group(2)]
            return int(round(value))
        m = self._words_scaled.fullmatch(s)
        if m and self._words_to_int(m.group(1)) is not None:
            return (self._words_to_int(m.group(1)) or 1) * self.scales[m.group(2)]
        return self._words_to_int(s)

    def _bounds(self, mod: str | None, value: int) -> Bounds:
        reading = self.readings.get((mod or "").lower(), "exact")
        if reading == "at_least":
            return (value, value, None)
        if reading == "more_than":
            return (value + 1, value, None)
        if reading == "nearly":
            return (int(value * 0.9), value, value)
        if reading == "about":
            return (int(value * 0.9), value, int(value * 1.1) + 1)
        if reading == "up_to":
            return (1, value, value)
        if reading == "below":
            return (0, value, value)
        return (value, value, value)

    def find_counts(self, text: str, *, vague_policy: Mapping[str, Bounds] | None = None) -> list[Count]:
        """Every count expression in `text`, left to right, with ACLED-style bounds."""
        if vague_policy is not None and vague_policy is not self.vague:
            return self._find_counts(text, vague_policy)
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= MEMO_TEXTS:
                self._memo.clear()
            found = self._memo[text] = tuple(self._find_counts(text, self.vague))
        return list(found)

    def _find_counts(self, text: str, policy: Mapping[str, Bounds]) -> list[Count]:
        out: list[Count] = []
        for m in self.count_re.finditer(text):
            if m.group("num"):
                raw = m.group("num")
                if raw.lower() in {"a", "an", "no"}:  # articles and "no" only count before a casualty noun
                    value = self.units[raw.lower()]
                else:
                    parsed = self.parse_count(raw)
                    if parsed is None:
                        continue
                    value = parsed
                low, best, high = self._bounds(m.group("mod"), value)
                start = m.start("mod") if m.group("mod") and m.group("mod").lower() != "the" else m.start("num")
                out.append(Count(start, m.end(), text[start:m.end()], low, best, high, False))
            else:
                word = m.group("vague").lower()
                if word not in policy:
                    continue
                low, best, high = policy[word]
                out.append(Count(m.start("vague"), m.end(), m.group("vague"), min(low, best), best, high, True))
        return out
