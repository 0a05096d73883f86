"""Humanitarian figures (displaced, refugees, in need), kept apart from incident counts.

A figure is a stock ("56,000 displaced since the start of the offensive"), not a day's
event, so it never becomes an incident; a projection ("could displace a million")
is flagged and never read as a count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..reference.language import LanguageReference
from .numbers import Count, NumberReader
from .phrases import fill, phrase

__all__ = ["FigureMention", "FigureReader"]

# The figure patterns: grammar here, their words in `figure_words.csv` (see `phrases.fill`).
_PEOPLE = r"(?:(?:[a-z][\w\-]*\s+){0,2}(?:{people}))?"
_AUX = r"(?:(?:{auxiliary})\s+)*"
_KINDS: tuple[tuple[str, str, str], ...] = (
    # kind, pattern after the count, pattern before the count
    ("displaced",
     r"(?i)^\s*{people_phrase}\s*{aux}(?:(?:{modal})\s+(?:be\s+)?)?(?:been\s+)?(?:{displaced_after})",
     r"(?i)(?:{displaced_before})\s+$"),
    ("refugees", r"(?i)^\s*(?:{people_phrase}\s*)?(?:{refugees_after})\b", r"(?i)(?:{refugees_before})\s+$"),
    ("in_need", r"(?i)^\s*{people_phrase}\s*{aux}(?:in need of|need(?:ing)?)\s+(?:{need})",
     r"(?i)(?:{in_need_before})\s+$"),
)
_PROJECTION = r"(?i)\b({projection})\b"


@dataclass(frozen=True, slots=True)
class FigureMention:
    kind: str
    count: Count
    start: int  # phrase span, for evidence
    end: int
    projection: bool
    as_of: date | None


class FigureReader:
    """Humanitarian figures read with the words of one `LanguageReference` (`figure_words.csv`), compiled once."""

    def __init__(self, language: LanguageReference, numbers: NumberReader | None = None) -> None:
        self.numbers = numbers if numbers is not None else NumberReader(language)
        words = language.figure_words
        parts = {"people_phrase": fill(_PEOPLE, words), "aux": fill(_AUX, words)}
        self.kinds = tuple((kind, phrase(after, words, **parts), phrase(before, words, **parts))
                           for kind, after, before in _KINDS)
        self.projection = phrase(_PROJECTION, words)

    def find_figures(self, text: str, start: int, end: int, published: date | None) -> list[FigureMention]:
        """Figures in the sentence text[start:end]; offsets relative to `text`."""
        sent = text[start:end]
        out: list[FigureMention] = []
        for c in self.numbers.find_counts(sent):
            if c.vague or c.best < 10:
                continue
            for kind, after_rx, before_rx in self.kinds:
                after = after_rx.match(sent[c.end : c.end + 120])
                before = before_rx.search(sent[max(0, c.start - 40) : c.start])
                if not (after or before):
                    continue
                clause_start = max(sent.rfind(";", 0, c.start), sent.rfind(". ", 0, c.start), 0)
                projection = bool(self.projection.search(sent[clause_start : c.start]))
                p_start = start + (c.start - (len(before.group(0)) if before and not after else 0))
                p_end = start + c.end + (after.end() if after else 0)
                out.append(FigureMention(kind, c, p_start, p_end, projection, published))
                break
        return out
