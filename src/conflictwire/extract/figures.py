"""Humanitarian figures (displaced, refugees, in need), kept apart from incident counts.

A figure is a stock ("56,000 displaced since the start of the offensive"), not a day's
event, so it never becomes an incident; a projection ("could displace a million")
is flagged and never read as a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .numbers import Count, NumberReader

__all__ = ["FigureMention", "find_figures"]

_PEOPLE = r"(?:(?:[a-z][\w\-]*\s+){0,2}(?:people|persons|civilians|residents|individuals|families|children|" \
          r"iraqis|syrians|villagers|others|idps|refugees))?"
_AUX = r"(?:(?:have|has|had|were|was|are|is|been|being|already|now|reportedly|also|so far)\s+)*"
KINDS: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    # kind, pattern after the count, pattern before the count
    ("displaced",
     re.compile(rf"(?i)^\s*{_PEOPLE}\s*{_AUX}(?:(?:could|may|might|would|will)\s+(?:be\s+)?)?(?:been\s+)?"
                rf"(?:displaced|uprooted|forced (?:out|from their homes|to (?:flee|leave))|"
                rf"(?:fled|left|escaped|flee|leave)\b(?:\s+(?:the|their|from))?)"),
     re.compile(r"(?i)(?:displacement of|displacing|displaced|forced|forcing|driven|uprooted)\s+$")),
    ("refugees",
     re.compile(rf"(?i)^\s*(?:{_PEOPLE}\s*)?(?:refugees|asylum seekers)\b"),
     re.compile(r"(?i)(?:refugees numbering|refugee population of)\s+$")),
    ("in_need",
     re.compile(rf"(?i)^\s*{_PEOPLE}\s*{_AUX}(?:in need of|need(?:ing)?)\s+(?:humanitarian|aid|assistance|food)"),
     re.compile(r"(?i)(?:assistance to|aid to)\s+$")),
]
_PROJECTION = re.compile(r"(?i)\b(could|may|might|would|will|fear(s|ed)?|expect(s|ed)?|project(s|ed|ion)|"
                         r"predict(s|ed)?|warn(s|ed)?|at risk of|threaten(s|ed)?|potential(ly)?|likely|"
                         r"plan(s|ned)? for|prepar(e|ing) for|estimate(s|d)? (that )?up to)\b")


@dataclass(frozen=True, slots=True)
class FigureMention:
    kind: str
    count: Count
    start: int  # phrase span, for evidence
    end: int
    projection: bool
    as_of: date | None


def find_figures(text: str, start: int, end: int, published: date | None,
                 numbers: NumberReader) -> list[FigureMention]:
    """Figures in the sentence text[start:end]; offsets relative to `text`, counts read by `numbers`."""
    sent = text[start:end]
    out: list[FigureMention] = []
    for c in numbers.find_counts(sent):
        if c.vague or c.best < 10:
            continue
        for kind, after_rx, before_rx in KINDS:
            after = after_rx.match(sent[c.end : c.end + 120])
            before = before_rx.search(sent[max(0, c.start - 40) : c.start])
            if not (after or before):
                continue
            clause_start = max(sent.rfind(";", 0, c.start), sent.rfind(". ", 0, c.start), 0)
            projection = bool(_PROJECTION.search(sent[clause_start : c.start]))
            p_start = start + (c.start - (len(before.group(0)) if before and not after else 0))
            p_end = start + c.end + (after.end() if after else 0)
            out.append(FigureMention(kind, c, p_start, p_end, projection, published))
            break
    return out
