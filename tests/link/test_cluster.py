"""Clustering: constrained average link is order-independent and never chains."""

from __future__ import annotations

import itertools
import random

from conflictwire.link.cluster import average_link, pair, single_link


def _scores(*items: tuple[str, str, float]) -> dict[tuple[str, str], float]:
    return {pair(a, b): s for a, b, s in items}


def test_average_link_ignores_input_order() -> None:
    scores = _scores(("a", "b", 6.0), ("b", "c", 5.0), ("a", "c", 4.0), ("c", "d", 1.0), ("d", "e", 7.0))
    articles = {n: f"art-{n}" for n in "abcde"}
    expected = average_link("abcde", scores, articles, 3.5)
    assert expected == [["a", "b", "c"], ["d", "e"]]
    rng = random.Random(7)
    for _ in range(20):
        nodes = list("abcde")
        rng.shuffle(nodes)
        items = list(scores.items())
        rng.shuffle(items)
        assert average_link(nodes, dict(items), articles, 3.5) == expected


def test_two_reports_of_one_article_never_merge() -> None:
    """The extractor split them on purpose ("three separate incidents")."""
    scores = _scores(("a1", "b", 8.0), ("a2", "b", 7.0), ("a1", "a2", 9.0))
    articles = {"a1": "A", "a2": "A", "b": "B"}
    assert average_link(["a1", "a2", "b"], scores, articles, 3.5) == [["a1", "b"], ["a2"]]


def test_unscored_pair_forbids_the_merge_where_single_link_chains() -> None:
    """a~b and b~c agree, but a and c were never candidates (too far apart): no chain."""
    scores = _scores(("a", "b", 6.0), ("b", "c", 5.0))
    articles = {n: n for n in "abc"}
    assert single_link("abc", scores, 3.5) == [["a", "b", "c"]]
    assert average_link("abc", scores, articles, 3.5) == [["a", "b"], ["c"]]


def test_mean_below_threshold_keeps_groups_apart() -> None:
    scores = _scores(("a", "b", 9.0), ("c", "d", 9.0), ("a", "c", 5.0), ("a", "d", 0.5), ("b", "c", 0.5),
                     ("b", "d", 0.5))
    articles = {n: n for n in "abcd"}
    assert average_link("abcd", scores, articles, 3.5) == [["a", "b"], ["c", "d"]]


def test_every_permutation_of_a_tie_gives_one_answer() -> None:
    scores = _scores(("a", "b", 5.0), ("a", "c", 5.0))
    articles = {"a": "A", "b": "B", "c": "B"}  # b and c come from one article: only one may join a
    results = {str(average_link(p, scores, articles, 3.5)) for p in itertools.permutations("abc")}
    assert results == {str([["a", "b"], ["c"]])}
