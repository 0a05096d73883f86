"""From scored pairs to incidents: constrained average-link clustering, and the single-link baseline.

Why average link with constraints: single link chains (A matches B, B matches C, so A, B
and C become one incident although A and C disagree on the toll), which is how automated
coders end up with one record for a week of fighting. Here two groups of reports merge only
when (1) no two of their reports come from the same article (the extractor already split an
article's incidents on purpose: "three separate incidents"), (2) every pair across them was
scored, i.e. lies within each other's date and place window, and (3) the mean score across
them clears the threshold.

The result is a function of the set of reports and their pair scores alone: merges are taken
best-first with ties broken by ids, so the clusters do not depend on arrival order.

A reviewer's decisions come in as constraints and outrank every score: reports that `must`
share an incident start in one group (whatever their scores or articles), and groups holding
two reports that `cannot` share one never merge. So a human merge stays merged and a human
split stays split on every relink, while the rest is clustered as before.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

__all__ = ["average_link", "components", "must_groups", "pair", "single_link"]

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def components(nodes: Iterable[str], edges: Iterable[Pair]) -> list[list[str]]:
    """Connected components (sorted lists, sorted by first id)."""
    parent: dict[str, str] = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in parent:
        groups.setdefault(find(n), []).append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def single_link(nodes: Iterable[str], scores: Mapping[Pair, float], threshold: float) -> list[list[str]]:
    """The baseline: any pair at or above the threshold joins its two groups."""
    return components(nodes, (p for p, s in scores.items() if s >= threshold))


def must_groups(nodes: Iterable[str], must: Iterable[Pair] = (),
                cannot: Iterable[Pair] = ()) -> dict[str, list[str]]:
    """The starting groups: reports joined by `must` pairs, keyed by their smallest id.

    A `must` pair that would put two reports of a `cannot` pair together is skipped (the
    store never holds such a contradiction, but an index may): pairs are taken in sorted
    order, so the result is the same whichever order they come in.
    """
    group: dict[str, str] = {n: n for n in sorted(set(nodes))}
    members: dict[str, list[str]] = {n: [n] for n in group}
    apart = {pair(a, b) for a, b in cannot}
    for a, b in sorted(pair(a, b) for a, b in must):
        if a not in group or b not in group or group[a] == group[b]:
            continue
        ga, gb = sorted((group[a], group[b]))
        if any(pair(x, y) in apart for x in members[ga] for y in members[gb]):
            continue
        for n in members[gb]:
            group[n] = ga
        members[ga].extend(members.pop(gb))
    return members


def average_link(nodes: Iterable[str], scores: Mapping[Pair, float], article_of: Mapping[str, str],
                 threshold: float, *, must: Iterable[Pair] = (), cannot: Iterable[Pair] = ()) -> list[list[str]]:
    """Merge best-first while the mean cross score clears `threshold` (see module docstring).

    `scores` holds the scored pairs only; a pair missing from it was never a candidate and
    forbids the merge of the groups that hold its two reports. `must` and `cannot` are a
    reviewer's pairs: the first start in one group, the second keep their groups apart.
    """
    cannot = list(cannot)
    members = must_groups(nodes, must, cannot)
    group = {n: g for g, ns in members.items() for n in ns}
    articles: dict[str, set[str]] = {g: {article_of[n] for n in ns} for g, ns in members.items()}
    # groups a reviewer kept apart, both ways
    apart: dict[str, set[str]] = {g: set() for g in members}
    for a, b in cannot:
        if a in group and b in group and group[a] != group[b]:
            apart[group[a]].add(group[b])
            apart[group[b]].add(group[a])
    # cross sums between groups that share at least one scored pair, and each group's neighbours
    cross: dict[Pair, tuple[float, int]] = {}
    near: dict[str, set[str]] = {g: set() for g in members}
    for (a, b), s in scores.items():
        if a in group and b in group and group[a] != group[b]:
            ga, gb = group[a], group[b]
            total, count = cross.get(pair(ga, gb), (0.0, 0))
            cross[pair(ga, gb)] = (total + s, count + 1)
            near[ga].add(gb)
            near[gb].add(ga)
    heap = [(-s / n, p) for p, (s, n) in cross.items()
            if n == len(members[p[0]]) * len(members[p[1]]) and s / n >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, (ga, gb) = heapq.heappop(heap)
        if ga not in members or gb not in members:
            continue
        total, count = cross.get((ga, gb), (0.0, 0))
        if count != len(members[ga]) * len(members[gb]) or -neg != total / count:
            continue  # stale entry, or a pair across the groups was never scored
        if articles[ga] & articles[gb] or gb in apart[ga]:
            continue
        keep, gone = ga, gb  # ga < gb: the merged group keeps the smaller id
        members[keep].extend(members.pop(gone))
        articles[keep] |= articles.pop(gone)
        for other in apart.pop(gone):
            apart[other].discard(gone)
            apart[other].add(keep)
            apart[keep].add(other)
        del cross[(ga, gb)]
        others = (near.pop(gone) | near[keep]) - {keep, gone}
        near[keep] = others
        for other in others:
            near[other].discard(gone)
            near[other].add(keep)
            s1, c1 = cross.pop(pair(keep, other), (0.0, 0))
            s2, c2 = cross.pop(pair(gone, other), (0.0, 0))
            cross[pair(keep, other)] = (s1 + s2, c1 + c2)
            if c1 + c2 == len(members[keep]) * len(members[other]) and (s1 + s2) / (c1 + c2) >= threshold:
                heapq.heappush(heap, (-(s1 + s2) / (c1 + c2), pair(keep, other)))
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])
