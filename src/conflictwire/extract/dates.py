"""Date expressions resolved against the publication date, as news is written.

"On Wednesday" in a Wednesday article is that day; "six days ago" counts back from
publication; "Dec 31" in a January article is last year's.  Each mention carries
ACLED's time_precision: 1 a day, 2 a few days or a week, 3 a month or more.
Without a publication date relative expressions stay unresolved (`date is None`)
rather than guessed.

A date without a year is read as the latest such day up to publication.  Some inputs
carry a *recording* date rather than a publication date (ACLED's notes were often
recorded more than a year after the event), so a collection-level year prior can be
passed in: the years stated explicitly in the documents read so far.  It only
overrides the default when the default lies more than a month before the reference
date and the collection overwhelmingly states the other year.

Month and weekday names and the small counts of "a few days ago" are rows of
`reference/data/calendar_words.csv`; a `DateReader` compiles them once per `LanguageReference`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..reference.language import LanguageReference
from .phrases import phrase

__all__ = ["DateMention", "DateReader", "dateline_end", "dateline_place_end", "local_dateline_end"]



@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: where it is, what it resolves to, how precise, and whether it opens a span."""

    start: int
    end: int
    text: str
    date: date | None
    precision: int
    kind: str
    since: bool = False  # "since October 17": the start of a campaign, not an event day
    # a day named without its year that falls just after publication ("the March 15 programme" in
    # a March 10 story): a day to come, not last year's
    ahead: bool = False
    # the date of a wire dateline ("BAGHDAD, Dec 25 (Reuters) -"): when the story was filed, which
    # dates the events only when the story names no day of its own
    dateline: bool = False


def _month_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date | None,
                year_prior: Mapping[int, int] | None = None) -> date | None:
    """A date without a year is the latest such day not after publication (+2 days of slack)."""
    if published is None:
        return None
    d = _month_day(published.year, month, day)
    if d and d > published + timedelta(days=2):
        d = _month_day(published.year - 1, month, day)
    if d and year_prior and (published - d).days > 30:
        earlier = _month_day(d.year - 1, month, day)
        stated_here, stated_earlier = year_prior.get(d.year, 0), year_prior.get(d.year - 1, 0)
        if earlier and stated_earlier >= 3 and stated_earlier > 3 * stated_here:
            d = earlier
    return d


AHEAD_DAYS = 60  # how far after publication a yearless day still reads as a day to come


# a dateline opens a story: up to three capitalised place names, the filing date, an optional
# agency in brackets, then a dash or colon ("MOSUL, Iraq, March 7, 2019 (AP) —")
_DATELINE = re.compile(r"[ \t]*(?:[A-Z][\w'.-]*(?:[ -][A-Z][\w'.-]*)*,[ \t]*){1,3}(?P<date>[^()\n:–—]{3,30}?)"
                       r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:--?|[–—:])\s")


# the place part of a wire dateline, with or without a date: a town in capitals, up to two more names,
# maybe a date and an agency, then a dash ("ERBIL, Iraq (AP) —", "MOSUL, Iraq, March 7 -", "BAGHDAD -")
_PLACE_DATELINE = re.compile(r"[ \t]*[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+)*"
                             r"(?:,[ \t]*[A-Z][\w'.-]*(?:[ -][A-Z][\w'.-]*)*){0,2}"
                             r"(?:,[ \t]*[^()\n:–—]{3,30}?)?[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:--?|[–—])\s")


def dateline_place_end(text: str, start: int = 0) -> int:
    """Where a wire dateline's place names end at `start` (a story's opening), or `start` when there is none.

    The dateline names where the story was filed, often a capital or a safe city far from the
    events it reports, so it locates an incident only when nothing else does.
    """
    m = _PLACE_DATELINE.match(text, start)
    return m.end() if m else start


# a local paper's dateline: towns in capitals and a colon ("MIEH MIEH/BEIRUT:", "NEW DELHI:"), or towns
# the geoparser found joined by "/", ",", "&" or "and", then a colon ("ahmedabad/vadodara:")
_CAPS_DATELINE = re.compile(r"[ \t]*[A-Z][A-Z'.-]+(?:[ /-][A-Z][A-Z'.-]+)*:\s")
_DATELINE_JOINT = re.compile(r"\s*(?:/|,|&|and)\s*")
_DATELINE_COLON = re.compile(r"[ \t]*:\s")


def local_dateline_end(text: str, start: int = 0, place_spans: Sequence[tuple[int, int]] = ()) -> int:
    """Where a local paper's dateline ends at `start` ("NEW DELHI: ...", "ahmedabad/vadodara: ..."), or `start`.

    South Asian and Gulf papers file their stories under the town and a colon: such a text is a news
    story, not a snippet of one event. Unlike an agency's dateline it is no reason to doubt the town:
    a local paper's stories are mostly about the town they are filed from. In capitals the form says
    it is a dateline; otherwise only names the geoparser found (`place_spans`, start and end) count:
    "Update: ..." or "Topic X: ..." is no dateline.
    """
    caps = _CAPS_DATELINE.match(text, start)
    if caps:
        return caps.end()
    pos = len(text) - len(text[start:].lstrip())
    ends = dict(place_spans)
    end = None
    while pos in ends:
        end = ends[pos]
        joint = _DATELINE_JOINT.match(text, end)
        if joint is None or joint.end() not in ends:
            break
        pos = joint.end()
    colon = _DATELINE_COLON.match(text, end) if end is not None else None
    return colon.end() if colon else start


def dateline_end(text: str, start: int = 0) -> int:
    """Where the dateline that opens the story at `start` ends, or `start` when there is none."""
    m = _DATELINE.match(text, start)
    return m.end("date") if m else start


# "from March 3 last", "from Tuesday onwards": the start of a period, as "since" is
_FROM_ONWARDS = re.compile(r"(?i)\s+(?:last|onwards?)\b")


class DateReader:
    """Finds and resolves date expressions with the calendar words of one `LanguageReference`, compiled once."""

    def __init__(self, language: LanguageReference) -> None:
        self.months: Mapping[str, int] = language.calendar["month"]
        self.weekdays: Mapping[str, int] = language.calendar["weekday"]
        self.counts: Mapping[str, int] = language.calendar["count"]  # "a few days ago"
        self.parts: Mapping[str, int] = language.calendar["part_of_month"]  # "early March": the day taken
        self.relative: Mapping[str, int] = language.calendar["relative_day"]  # "yesterday": days back
        self.ago_modifiers: Mapping[str, int] = language.calendar["ago_modifier"]  # "nearly": a day short a week
        self.periods_back: Mapping[str, int] = language.calendar["period_back"]  # "last" week: one back
        words = language.date_words
        self.approx_before = phrase(r"\b({approx_before})\s*(on\s*)?$", words)
        mon = r"(?P<mon>" + "|".join(sorted(self.months, key=len, reverse=True)) + r")\.?"
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        year = r"(?P<year>(?:19|20)\d{2})"
        numw = r"(?P<n>\d{1,2}|" + "|".join(sorted(self.counts, key=len, reverse=True)) + r")"
        approx = r"(?:(?P<approx>" + "|".join(self.ago_modifiers) + r")\s+)?"
        weekday = "|".join(self.weekdays)
        ago_unit = r"(?P<unit>days?|weeks?|months?|years?)"
        parts = {"mon": mon, "day": day, "year": year, "numw": numw, "approx": approx, "weekday": weekday,
                 "ago_unit": ago_unit, "part_of_month": "|".join(self.parts), "relative_day": "|".join(self.relative),
                 "period_back": "|".join(self.periods_back)}

        def rx(template: str) -> re.Pattern[str]:
            return phrase(template, words, **parts)

        self.patterns: tuple[tuple[str, re.Pattern[str]], ...] = (
            ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
            ("dmy_num", re.compile(r"\b(?P<d>[0-3]?\d)[ /.](?P<m>[01]?\d)[ /.](?P<year>(?:19|20)\d{2})\b")),
            ("dmy", rx(r"(?i)\b{day}\s+(?:of\s+)?{mon}(?:,?\s+{year})?\b")),
            ("mdy", rx(r"(?i)\b{mon}\s+{day}(?:,?\s+{year})?\b(?!\s*(?:{not_a_day}))")),
            ("part_month", rx(r"(?i)\b(?P<part>{part_of_month})[- ]{mon}(?:\s+{year})?\b")),
            ("month_year", rx(r"(?i)\b(?:{month_preposition})\s+{mon}(?:\s+{year})?\b")),
            ("ago", rx(r"(?i)\b{approx}{numw}\s+{ago_unit}\s+ago\b")),
            # the units are the ones the resolver handles one by one (see _resolve): grammar, not a word list
            ("last_unit", rx(r"(?i)\b(?P<which>{period_back})\s+(?P<unit>week|month|year|weekend)\b")),
            ("relday", rx(r"(?i)\b(?P<rel>{relative_day})\b")),
            ("weekday", rx(r"(?i)\b(?P<pre>{weekday_lead})?(?P<wd>{weekday})(?P<post>\s+(?:{part_of_day}))?\b")),
            ("year", rx(r"(?i)\b(?:{year_preposition})\s+(?P<year>(?:19|20)\d{2})\b")),
        )
        self._pattern_of = dict(self.patterns)

    def _just_ahead(self, m: re.Match[str], published: date | None) -> bool:
        if published is None:
            return False
        month, day = self.months[m.group("mon").lower()], int(m.group("day"))
        same_year = _month_day(published.year, month, day) if 1 <= day <= 31 else None
        return same_year is not None and 2 < (same_year - published).days <= AHEAD_DAYS

    def _resolve(self, kind: str, m: re.Match[str], published: date | None,
                     year_prior: Mapping[int, int] | None = None) -> tuple[date | None, int]:
        g = m.groupdict()
        if kind in {"iso", "dmy_num"}:  # numeric dates are day-first outside the US, as in ACLED's sources
            return _month_day(int(g["year"]), int(g["m"]), int(g["d"])), 1
        if kind in {"dmy", "mdy"}:
            month, day = self.months[g["mon"].lower()], int(g["day"])
            if not 1 <= day <= 31:
                return None, 1
            if g.get("year"):
                return _month_day(int(g["year"]), month, day), 1
            return _infer_year(month, day, published, year_prior), 1
        if kind in {"part_month", "month_year"}:
            month = self.months[g["mon"].lower()]
            year = int(g["year"]) if g.get("year") else None
            if year is None:
                if published is None:
                    return None, 3
                year = published.year if month <= published.month else published.year - 1
            if kind == "part_month":
                day = self.parts[g["part"].lower()]
                return _month_day(year, month, day), 3
            return _month_day(year, month, 1), 3
        if published is None:
            return None, 1
        if kind == "ago":
            raw = g["n"].lower()
            n = int(raw) if raw.isdigit() else self.counts.get(raw, 1)
            unit = g["unit"].lower().rstrip("s")
            days = n * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
            approx = bool(g.get("approx"))
            if approx and unit == "week":
                days += self.ago_modifiers[g["approx"].lower()]
            precision = 1 if unit == "day" and not approx else 2 if unit in {"day", "week"} else 3
            return published - timedelta(days=days), precision
        if kind == "last_unit":
            unit, back = g["unit"].lower(), self.periods_back[g["which"].lower()]
            if unit == "week":
                return published - timedelta(days=7 if back else 0), 2
            if unit == "weekend":
                back = (published.weekday() - 5) % 7 or 7
                return published - timedelta(days=back), 2
            if unit == "month":
                first = published.replace(day=1)
                return (first - timedelta(days=1)).replace(day=1) if back else first, 3
            return date(published.year - bool(back), 1, 1), 3
        if kind == "relday":
            return published - timedelta(days=self.relative[g["rel"].lower()]), 1
        if kind == "weekday":
            wd = self.weekdays[g["wd"].lower()]
            back = (published.weekday() - wd) % 7
            if (g.get("pre") or "").strip().lower() == "last" and back == 0:
                back = 7
            return published - timedelta(days=back), 1
        if kind == "year":
            return date(int(g["year"]), 1, 1), 3
        return None, 3

    def explicit_years(self, text: str) -> Counter[int]:
        """Years stated in full dates ("9 May 2019", "2019-05-09"): evidence for a collection's year prior."""
        years: Counter[int] = Counter()
        for kind in ("iso", "dmy_num", "dmy", "mdy"):
            for m in self._pattern_of[kind].finditer(text):
                if m.groupdict().get("year"):
                    years[int(m.group("year"))] += 1
        return years

    def find_dates(self, text: str, published: date | None, *, story_start: int = 0,
                       year_prior: Mapping[int, int] | None = None) -> list[DateMention]:
        """All date mentions, non-overlapping (the earlier pattern in `patterns` wins), left to right.

        `story_start` is where the story opens after its headline; a date in the dateline there is marked.
        """
        lead_end = dateline_end(text, story_start)
        taken: list[tuple[int, int]] = []
        out: list[DateMention] = []
        for kind, rx in self.patterns:
            for m in rx.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                # "may 3" is rarely a date without a year in running text ("they may 3-D print")
                if (kind == "mdy" and m.group("mon").lower() == "may" and not m.group("year")
                        and not text[max(0, m.start() - 4) : m.start()].lower().strip().endswith("on")):
                    continue
                value, precision = self._resolve(kind, m, published, year_prior)
                since = text[max(0, m.start() - 7) : m.start()].lower().strip().endswith("since") or (
                    m.group(0).lower().startswith("since")) or _FROM_ONWARDS.match(text, m.end()) is not None and (
                    text[max(0, m.start() - 6) : m.start()].lower().strip().endswith("from"))
                before = text[max(0, m.start() - 14) : m.start()].lower()
                if kind in {"iso", "dmy_num", "dmy", "mdy", "weekday"} and self.approx_before.search(before):
                    precision = max(precision, 2)  # ACLED codes "around 30 December" as precision 2
                taken.append((m.start(), m.end()))
                ahead = kind in {"dmy", "mdy"} and not m.groupdict().get("year") and self._just_ahead(m, published)
                dateline = story_start <= m.start() and m.end() <= lead_end
                out.append(DateMention(m.start(), m.end(), m.group(0), value, precision, kind, since, ahead, dateline))
        return sorted(out, key=lambda d: d.start)
