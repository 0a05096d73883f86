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


def test_average_link_honours_a_reviewers_must_and_cannot_pairs() -> None:
    """Issue #12: a human merge stays merged and a human split stays split, whatever the scores."""
    scores = _scores(("a", "b", 8.0), ("b", "c", 7.0), ("a", "c", 7.5), ("d", "e", 0.5))
    articles = {n: f"art-{n}" for n in "abcde"}
    assert average_link("abcde", scores, articles, 3.5) == [["a", "b", "c"], ["d"], ["e"]]
    # kept apart: a and b never share a group, c goes with the better of the two
    assert average_link("abcde", scores, articles, 3.5, cannot=[("b", "a")]) == [["a", "c"], ["b"], ["d"], ["e"]]
    # tied together though never scored above the threshold, even from one article
    same_article = {**articles, "e": "art-d"}
    got = average_link("abcde", scores, same_article, 3.5, must=[("e", "d")])
    assert got == [["a", "b", "c"], ["d", "e"]]
    # a must pair that contradicts a cannot pair gives way, the same whatever the order; c, never scored
    # against d, cannot join a and d and goes with b
    for must in ([("a", "d"), ("d", "b")], [("d", "b"), ("a", "d")]):
        got = average_link("abcde", scores, articles, 3.5, must=must, cannot=[("a", "b")])
        assert got == [["a", "d"], ["b", "c"], ["e"]]
