from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictwire.extract.dates import DateReader, dateline_end, dateline_place_end, local_dateline_end
from conflictwire.reference.language import LanguageReference

_DATES = DateReader(LanguageReference.load())
find_dates, WEEKDAYS = _DATES.find_dates, _DATES.weekdays

WED = date(2016, 11, 16)


@pytest.mark.parametrize(("text", "published", "expected", "precision"), [
    ("officials said on Wednesday", WED, date(2016, 11, 16), 1),
    ("the PMU said Tuesday", WED, date(2016, 11, 15), 1),
    ("declared six days ago", WED, date(2016, 11, 10), 1),
    ("nearly a week ago", WED, date(2016, 11, 10), 2),
    ("in early November", WED, date(2016, 11, 5), 3),
    ("last month", WED, date(2016, 10, 1), 3),
    ("On Dec 31, protesters", date(2020, 1, 8), date(2019, 12, 31), 1),
    ("On 9 May 2020, interns", date(2020, 5, 10), date(2020, 5, 9), 1),
    ("Around 30 December 2019, gunmen", date(2020, 1, 6), date(2019, 12, 30), 2),
    ("yesterday", WED, date(2016, 11, 15), 1),
])
def test_dates_resolve_against_publication(text: str, published: date, expected: date, precision: int) -> None:
    (d,) = find_dates(text, published)
    assert (d.date, d.precision) == (expected, precision)


def test_dates_since_marks_campaign_start() -> None:
    (d,) = find_dates("since the offensive began on October 17", WED)
    assert d.date == date(2016, 10, 17)
    (s,) = find_dates("displaced since October 17", WED)
    assert s.since


def test_dates_without_publication_stay_unresolved() -> None:
    (d,) = find_dates("on Wednesday", None)
    assert d.date is None
    (a,) = find_dates("on 3 May 2019", None)
    assert a.date == date(2019, 5, 3)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.sampled_from(sorted(WEEKDAYS)))
def test_dates_weekday_is_within_the_week_before_publication(published: date, weekday: str) -> None:
    (d,) = find_dates(f"on {weekday.title()}", published)
    assert d.date is not None and published - timedelta(days=6) <= d.date <= published
    assert d.date.weekday() == WEEKDAYS[weekday]


def test_dates_year_prior_corrects_a_lagging_reference_date() -> None:
    recorded = date(2020, 5, 18)  # a recording date more than a year after the event
    (plain,) = find_dates("On Apr 02, militants attacked", recorded)
    (prior,) = find_dates("On Apr 02, militants attacked", recorded, year_prior={2019: 40, 2020: 2})
    assert plain.date == date(2020, 4, 2) and prior.date == date(2019, 4, 2)
    (recent,) = find_dates("On May 10, militants attacked", recorded, year_prior={2019: 40})
    assert recent.date == date(2020, 5, 10)  # within a month of the reference: the default stands


def test_a_yearless_day_just_after_publication_is_a_day_to_come() -> None:
    published = date(2002, 3, 10)
    ahead = find_dates("the march 15 programme at the site", published)[0]
    past = find_dates("on march 5 a mob attacked the station", published)[0]
    new_year = find_dates("On Dec 31, protesters marched", date(2020, 1, 8))[0]
    assert ahead.ahead and not past.ahead and not new_year.ahead
    assert new_year.date == date(2019, 12, 31)


@pytest.mark.parametrize("lead", [
    "BAGHDAD, Dec 25, 2016 (Reuters) - ",
    "MOSUL, Iraq, March 7 (AP) — ",
    "Kabul, 3 May 2019: ",
])
def test_dateline_date_is_marked_and_not_an_event_day(lead: str) -> None:
    text = lead + "On Sunday, a car bomb killed five people."
    assert dateline_end(text) == len(lead.rstrip(" -—:").rsplit(" (", 1)[0])
    marked = [d.dateline for d in find_dates(text, date(2019, 5, 3))]
    assert marked == [True, False]


@pytest.mark.parametrize("text", [
    "On 5 March 2019, gunmen killed two farmers in Mosul.",
    "Security forces said on Monday, March 4 - two days after the attack - that ...",
    "Gunmen killed two farmers, March 4, 2019 - police said.",
])
def test_a_date_in_running_text_is_no_dateline(text: str) -> None:
    assert not any(d.dateline for d in find_dates(text, date(2019, 3, 5)))


@pytest.mark.parametrize(("text", "town"), [
    ("ERBIL, Iraq (AP) — Troops advanced on Monday.", "ERBIL, Iraq (AP) — "),
    ("KABUL, March 3 (Reuters) - A blast hit the city.", "KABUL, March 3 (Reuters) - "),
    ("BAGHDAD — Officials said ...", "BAGHDAD — "),
])
def test_dateline_place_end_covers_the_filing_place(text: str, town: str) -> None:
    assert dateline_place_end(text) == len(town)


def test_dateline_place_end_is_nothing_for_ordinary_prose() -> None:
    for text in ("Troops advanced on Monday - officials said.", "In Mosul, fighting went on.",
                 "lucknow: a mob set fire to shops."):
        assert dateline_place_end(text) == 0


@pytest.mark.parametrize(("text", "since"), [
    ("the killings across the province from October 17 last", True),
    ("from Monday onwards, the roads stayed shut", True),
    ("troops fired from the rooftops on Monday", False),
    ("the vote was moved from November 3 to November 5", False),
])
def test_dates_from_a_day_onwards_is_a_periods_start(text: str, since: bool) -> None:
    assert find_dates(text, WED)[0].since is since


@pytest.mark.parametrize(("text", "names", "end"), [
    ("NEW DELHI: Police fired on a mob.", ["NEW DELHI"], len("NEW DELHI: ")),
    ("ahmedabad/vadodara: one person was killed.", ["ahmedabad", "vadodara"], len("ahmedabad/vadodara: ")),
    ("Update: police fired on a mob.", [], 0),  # no place: no dateline
    ("Myanmar coup: sanctions on generals.", ["Myanmar"], 0),  # a place that does not end at the colon
])
def test_a_town_and_a_colon_open_a_local_papers_story(text: str, names: list[str], end: int) -> None:
    places = [(text.index(n), text.index(n) + len(n)) for n in names]
    assert local_dateline_end(text, 0, places) == end
