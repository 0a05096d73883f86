"""The ACLED period of a state actor that fits the event's date.

ACLED names state forces by government period: an event of 2016 in Iraq is coded
"Military Forces of Iraq (2014-2018)", one of 2019 "(2018-2020)". The lexicon's names carry
the period current when the table was written, so an older (or newer) event would get the
wrong one. ``reference/data/actor_periods.csv`` lists the known periods per country (with a source for
each row). A name whose own years contain the event date keeps its label (ACLED's exports of
2020 still say "(2017-)" for the United States), except in a boundary year, where the table
knows the month; a name whose years do not fit takes the period that does, and loses its
period when none is known, because a wrong period is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ..reference.actors import ActorReference, Period

__all__ = ["Period", "PeriodTable"]

# "Military Forces of Iraq (2018-2020) Popular Mobilization Forces": country, period, rest
_NAMED_PERIOD = re.compile(r"^(?P<head>.+? of (?:the )?(?P<country>[^()]+?)) \((?P<from>\d{4})-(?P<to>\d{4})?\)"
                           r"(?P<tail>.*)$")


class PeriodTable:
    """Known government periods by country (ACLED's spelling of the country)."""

    def __init__(self, periods: Iterable[Period]) -> None:
        self._by_country: dict[str, list[Period]] = {}
        for p in periods:
            self._by_country.setdefault(p.country, []).append(p)

    @classmethod
    def from_reference(cls, actors: ActorReference) -> PeriodTable:
        """The periods of the run's `Reference` (`reference/data/actor_periods.csv`)."""
        return cls(actors.periods)

    def fit(self, name: str, when: date | None) -> str:
        """`name` with the period that contains `when` (unchanged when it already fits or has none)."""
        m = _NAMED_PERIOD.match(name or "")
        if m is None or when is None:
            return name
        first, last = int(m["from"]), int(m["to"]) if m["to"] else None
        known = self._by_country.get(m["country"], [])
        found = next((p for p in known if p.start <= when and (p.end is None or when < p.end)), None)
        own_years_fit = first <= when.year and (last is None or when.year <= last)
        # while the name's own years fit, ACLED's label stays as the table was written ("(2017-)" in
        # the data of its time), except in a boundary year, where the table knows the month
        if own_years_fit and (found is None or when.year not in (first, last)):
            return name
        if found is not None:
            return f"{m['head']} ({found.label}){m['tail']}"
        return f"{m['head']}{m['tail']}"  # no known period fits: the bare name, not a wrong period
