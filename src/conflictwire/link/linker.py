"""Incremental, order-independent cross-report linking over any index of mentions.

How it stays incremental and order-independent at once: new mentions are scored only
against the candidates their blocking window admits (an indexed look-up, so the cost per
report does not grow with the store), and the scored pairs are kept. Clusters are then
recomputed for the connected groups of reports (through pairs at or above the threshold)
that the new mentions touch, with `cluster.average_link`, whose result depends only on the
set of reports and their pair scores. Whatever order the articles come in, the same pairs
are scored and the same clusters come out.

The index is a protocol: the store implements it over SQL (SQLite or PostgreSQL) and
`MemoryIndex` in memory, for benchmarks and tests.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .cluster import Pair, average_link, pair
from .features import LinkKey, blocked, date_window, latitude_reach
from .score import LinkWeights, PairScore, score_pair

__all__ = ["LinkIndex", "Linker", "MemoryIndex", "STORE_FLOOR", "day_windows"]

# Pairs scoring below this are not kept: they mark two reports as different events, which
# forbids any merge of the groups holding them (see cluster.average_link).
STORE_FLOOR = 0.0
MAX_WINDOW = max(date_window(p) for p in (1, 2, 3))
PRECISIONS = (1, 2, 3)


def day_windows(precision: int) -> dict[int, int]:
    """For a report of this time precision: how many days either side to look, by the other's precision.

    A report dated to the day meets day-dated reports a day either side, week-dated ones a week
    either side and month-dated ones a month either side; looking up each precision with its own
    window keeps the candidate set small where most reports are dated to the day.
    """
    return {p: max(date_window(precision), date_window(p)) for p in PRECISIONS}


class LinkIndex(Protocol):
    def candidates(self, key: LinkKey) -> Iterable[LinkKey]:
        """Mentions dated within `day_windows(key.time_precision)` of `key` (a superset of the blocked ones)."""

    def same_story(self, article_a: str, article_b: str) -> float | None:
        """The two articles' text similarity when they are near-duplicates, else None."""

    def save_pairs(self, scored: Mapping[Pair, PairScore]) -> None: ...

    def neighbours(self, ids: Iterable[str], threshold: float) -> set[str]:
        """Mentions paired with any of `ids` at or above `threshold`."""

    def pair_scores(self, ids: Iterable[str]) -> dict[Pair, float]:
        """Kept pair scores among `ids`."""

    def article_of(self, ids: Iterable[str]) -> dict[str, str]: ...

    def constraints(self, ids: Iterable[str]) -> tuple[set[Pair], set[Pair]]:
        """A reviewer's (must, cannot) pairs that touch `ids`; `neighbours` must reach the must partners."""


@dataclass(frozen=True, slots=True)
class Linker:
    """Scores and clusters; holds no state beyond its weights."""

    weights: LinkWeights = field(default_factory=LinkWeights)
    # how many reports a recomputation may reach beyond the new ones (a guard against one
    # run-away component; real components are a handful of reports)
    max_component: int = 500

    def score_new(self, keys: Iterable[LinkKey], index: LinkIndex) -> dict[Pair, PairScore]:
        """Score every blocked pair that involves a new mention (already added to `index`)."""
        out: dict[Pair, PairScore] = {}
        for k in keys:
            for c in index.candidates(k):
                if c.mention_id == k.mention_id:
                    continue
                p = pair(k.mention_id, c.mention_id)
                if p in out or not blocked(k, c):
                    continue
                out[p] = score_pair(k, c, self.weights, same_story=index.same_story(k.article_id, c.article_id))
        return out

    def component(self, seeds: Iterable[str], index: LinkIndex) -> set[str]:
        """Every mention reachable from `seeds` through pairs at or above the threshold."""
        seen = set(seeds)
        frontier = set(seen)
        limit = len(seen) + self.max_component
        while frontier and len(seen) < limit:
            nxt = index.neighbours(frontier, self.weights.threshold) - seen
            seen |= nxt
            frontier = nxt
        return seen

    def clusters(self, ids: Iterable[str], index: LinkIndex) -> list[list[str]]:
        """The incidents (lists of mention ids) of the components around `ids`."""
        comp = self.component(ids, index)
        must, cannot = index.constraints(comp)
        return average_link(comp, index.pair_scores(comp), index.article_of(comp), self.weights.threshold,
                            must=[p for p in must if p[0] in comp and p[1] in comp],
                            cannot=[p for p in cannot if p[0] in comp and p[1] in comp])

    def link(self, keys: list[LinkKey], index: LinkIndex) -> list[list[str]]:
        """Score the new mentions, keep their pairs, and return the clusters they take part in."""
        scored = self.score_new(keys, index)
        index.save_pairs({p: s for p, s in scored.items() if s.score >= STORE_FLOOR})
        return self.clusters([k.mention_id for k in keys], index)


def _tier(precision: int | None) -> int:
    return precision if precision in PRECISIONS else 3


class _DayBucket:
    """One country's reports of one day and date precision: located ones sorted by latitude."""

    __slots__ = ("latitudes", "located", "unplaced")

    def __init__(self) -> None:
        self.latitudes = array("d")  # contiguous doubles: a search reads one block, not an object per value
        self.located: list[LinkKey] = []  # in the order of `latitudes`
        self.unplaced: list[LinkKey] = []

    def add(self, key: LinkKey) -> None:
        if key.latitude is None or key.longitude is None:
            self.unplaced.append(key)
            return
        at = bisect_right(self.latitudes, key.latitude)
        self.latitudes.insert(at, key.latitude)
        self.located.insert(at, key)

    def near(self, south: float, north: float) -> list[LinkKey]:
        """Reports between two latitudes, and every report with no place."""
        found = self.located[bisect_left(self.latitudes, south) : bisect_right(self.latitudes, north)]
        return found + self.unplaced if self.unplaced else found


class MemoryIndex:
    """An in-memory `LinkIndex`: mentions bucketed by country and day, sorted by latitude.

    Why the latitude order: most reports of a day in a country are too far apart to be one
    event, and a sorted bucket hands `blocked` only the band of latitudes it could accept.
    """

    def __init__(self) -> None:
        self.keys: dict[str, LinkKey] = {}
        # country -> date precision -> day -> bucket: a look-up skips a whole precision or country
        # that holds no report before it tries the days of its window
        self._by_day: dict[str, dict[int, dict[int, _DayBucket]]] = {}
        self._undated: list[LinkKey] = []
        self.scores: dict[Pair, float] = {}
        self._adjacent: dict[str, dict[str, float]] = {}
        self.duplicates: dict[Pair, float] = {}
        self.must: set[Pair] = set()  # a reviewer's constraints, as `pair(a, b)`
        self.cannot: set[Pair] = set()
        self._windows = {p: tuple(day_windows(p).items()) for p in PRECISIONS}

    def add(self, keys: Iterable[LinkKey]) -> None:
        for k in keys:
            self.keys[k.mention_id] = k
            if k.day is None:
                self._undated.append(k)
            else:
                days = self._by_day.setdefault(k.country, {}).setdefault(_tier(k.time_precision), {})
                bucket = days.get(k.day)
                if bucket is None:
                    bucket = days[k.day] = _DayBucket()
                bucket.add(k)

    def candidates(self, key: LinkKey) -> Iterable[LinkKey]:
        if key.day is None:
            return []
        if key.latitude is None or key.longitude is None:
            south, north = -math.inf, math.inf
        else:
            reach = latitude_reach(key.geo_precision)
            south, north = key.latitude - reach, key.latitude + reach
        countries = (key.country, "") if key.country else ("",)
        found: list[LinkKey] = []
        for country in countries:
            tiers = self._by_day.get(country)
            if tiers is None:
                continue
            for p, w in self._windows[_tier(key.time_precision)]:
                days = tiers.get(p)
                if days is None:
                    continue
                for d in range(key.day - w, key.day + w + 1):
                    bucket = days.get(d)
                    if bucket is not None:
                        found += bucket.near(south, north)
        return found

    def same_story(self, article_a: str, article_b: str) -> float | None:
        return self.duplicates.get(pair(article_a, article_b))

    def save_pairs(self, scored: Mapping[Pair, PairScore]) -> None:
        for (a, b), s in scored.items():
            self.scores[(a, b)] = s.score
            self._adjacent.setdefault(a, {})[b] = s.score
            self._adjacent.setdefault(b, {})[a] = s.score

    def neighbours(self, ids: Iterable[str], threshold: float) -> set[str]:
        wanted = ids if isinstance(ids, set | frozenset) else set(ids)
        near = {o for i in wanted for o, s in self._adjacent.get(i, {}).items() if s >= threshold}
        if self.must:  # most stores hold no reviewer's merge: nothing more to walk
            near |= {o for a, b in self.must for i, o in ((a, b), (b, a)) if i in wanted}
        return near

    def constraints(self, ids: Iterable[str]) -> tuple[set[Pair], set[Pair]]:
        if not (self.must or self.cannot):
            return set(), set()
        wanted = set(ids)
        return ({p for p in self.must if p[0] in wanted or p[1] in wanted},
                {p for p in self.cannot if p[0] in wanted or p[1] in wanted})

    def pair_scores(self, ids: Iterable[str]) -> dict[Pair, float]:
        wanted = set(ids)
        return {pair(i, o): s for i in wanted for o, s in self._adjacent.get(i, {}).items() if o in wanted}

    def article_of(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self.keys[i].article_id for i in ids}
