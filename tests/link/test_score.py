"""Pair scores: reports of one event agree, separate events of one day and city do not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conflictwire.link.features import LinkKey, blocked
from conflictwire.link.score import LinkWeights, score_pair

W = LinkWeights()


def _key(mid: str, article: str, *, sub: str = "Air/drone strike", typ: str = "Explosions/Remote violence",
         low: int = 25, high: int | None = 25, place: str = "wahda", day: date = date(2016, 12, 25),
         lat: float = 36.335, lon: float = 43.119, actors: tuple[str, ...] = ("global coalition", "islamic state"),
         ) -> LinkKey:
    return LinkKey(mid, article, day.toordinal(), 1, lat, lon, 2, "iraq", "ninewa", place, "violence", typ, sub,
                   actors[0], frozenset(actors), low, high, True, 0, None, False, "", frozenset(), None)


def test_compatible_tolls_agree_and_equal_tolls_agree_more() -> None:
    a = _key("m1", "A", low=21, high=21)
    at_least = score_pair(a, _key("m2", "B", low=20, high=None), W)
    same = score_pair(a, _key("m3", "C", low=21, high=21), W)
    assert any("tolls agree (21 / 20+)" in r for r in at_least.reasons)
    assert any("same toll (21)" in r for r in same.reasons)
    assert same.score > at_least.score >= W.threshold


def test_one_city_one_day_different_tolls_and_places_stay_apart() -> None:
    strike = _key("m1", "A", low=25, high=25, place="wahda")
    bombing = _key("m2", "B", sub="Suicide bomb", low=51, high=51, place="intisar")
    assert blocked(strike, bombing)  # worth scoring: same day, same city
    s = score_pair(strike, bombing, W)
    assert s.score < W.threshold
    assert any(r.startswith("tolls disagree") for r in s.reasons)


def test_default_actors_of_a_type_are_no_evidence_named_ones_are() -> None:
    riots = {"sub": "Mob violence", "typ": "Riots", "low": 0, "high": 0, "place": "surat"}
    a = _key("m1", "A", actors=("rioters", "civilians"), **riots)
    b = _key("m2", "B", actors=("rioters", "civilians"), **riots)
    assert not any(r.startswith("actors overlap") for r in score_pair(a, b, W).reasons)
    named = score_pair(_key("m3", "C", actors=("rioters", "bajrang dal"), **riots),
                       _key("m4", "D", actors=("rioters", "bajrang dal"), **riots), W)
    assert any(r.startswith("actors overlap 1.00") for r in named.reasons)


def test_blocking_is_symmetric_and_respects_date_precision() -> None:
    a = _key("m1", "A")
    week_later = _key("m2", "B", day=date(2017, 1, 1))
    assert not blocked(a, week_later) and not blocked(week_later, a)
    coarse = replace(week_later, time_precision=2)  # dated only to its week
    assert blocked(a, coarse) and blocked(coarse, a)
    assert not blocked(a, replace(a, mention_id="m9"))  # the same article never links to itself


def test_near_duplicate_articles_add_their_own_reason() -> None:
    a, b = _key("m1", "A"), _key("m2", "B")
    plain, dup = score_pair(a, b, W), score_pair(a, b, W, same_story=0.93)
    assert dup.score == round(plain.score + W.same_story, 3)
    assert any("near-duplicate articles" in r for r in dup.reasons)


def test_two_coded_summaries_never_link_but_an_article_may_join_one() -> None:
    note_a, note_b = replace(_key("m1", "A"), summary=True), replace(_key("m2", "B"), summary=True)
    article = _key("m3", "C")
    assert not blocked(note_a, note_b)
    assert blocked(note_a, article) and blocked(article, note_b)


def test_one_outlets_two_reports_cost_a_penalty_unless_one_passage_is_rerun() -> None:
    a, b = replace(_key("m1", "A"), outlet="daily"), replace(_key("m2", "B"), outlet="daily")
    assert any(r.startswith("both from daily") for r in score_pair(a, b, W).reasons)
    assert score_pair(a, b, W).score == round(score_pair(a, replace(b, outlet="other"), W).score + W.same_outlet, 3)


def test_coarse_dates_further_apart_agree_less() -> None:
    a = _key("m1", "A")
    near = replace(_key("m2", "B", day=date(2016, 12, 27)), time_precision=2)
    far = replace(_key("m3", "C", day=date(2016, 12, 31)), time_precision=2)
    assert blocked(a, near) and blocked(a, far)
    assert score_pair(a, far, W).score < score_pair(a, near, W).score


def test_a_later_reports_higher_toll_is_an_update_not_a_contradiction() -> None:
    first = replace(_key("m1", "A", low=35, high=35), published=date(2016, 12, 25).toordinal())
    later = replace(_key("m2", "B", low=40, high=40), published=date(2016, 12, 27).toordinal())
    rose = score_pair(first, later, W)
    assert any(r.startswith("toll rose in the later report (35 / 40)") for r in rose.reasons)
    assert not any(r.startswith("tolls disagree") for r in rose.reasons)
    # a toll that falls, or grows beyond twice, or two reports of one day still disagree
    fell = replace(later, fatalities_low=30, fatalities_high=30)
    tripled = replace(later, fatalities_low=110, fatalities_high=110)
    same_day = replace(later, published=first.published)
    for other in (fell, tripled, same_day):
        assert any(r.startswith("tolls disagree") for r in score_pair(first, other, W).reasons)
    assert score_pair(first, later, W).score > score_pair(first, same_day, W).score
