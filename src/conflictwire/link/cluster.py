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
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

__all__ = ["average_link", "components", "pair", "single_link"]

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


def average_link(nodes: Iterable[str], scores: Mapping[Pair, float], article_of: Mapping[str, str],
                 threshold: float) -> list[list[str]]:
    """Merge best-first while the mean cross score clears `threshold` (see module docstring).

    `scores` holds the scored pairs only; a pair missing from it was never a candidate and
    forbids the merge of the groups that hold its two reports.
    """
    members: dict[str, list[str]] = {n: [n] for n in sorted(set(nodes))}
    articles: dict[str, set[str]] = {n: {article_of[n]} for n in members}
    # cross sums between groups that share at least one scored pair, and each group's neighbours
    cross: dict[Pair, tuple[float, int]] = {}
    near: dict[str, set[str]] = {n: set() for n in members}
    for (a, b), s in scores.items():
        if a in members and b in members and a != b:
            cross[pair(a, b)] = (s, 1)
            near[a].add(b)
            near[b].add(a)
    heap = [(-s, p) for p, (s, _) in cross.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, (ga, gb) = heapq.heappop(heap)
        if ga not in members or gb not in members:
            continue
        total, count = cross.get((ga, gb), (0.0, 0))
        if count != len(members[ga]) * len(members[gb]) or -neg != total / count:
            continue  # stale entry, or a pair across the groups was never scored
        if articles[ga] & articles[gb]:
            continue
        keep, gone = ga, gb  # ga < gb: the merged group keeps the smaller id
        members[keep].extend(members.pop(gone))
        articles[keep] |= articles.pop(gone)
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
