"""The ACLED government period that fits an event's date (conflictwire.extract.periods)."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwire.extract.periods import PeriodTable
from conflictwire.reference.actors import ActorReference, Period


@pytest.fixture(scope="module")
def table() -> PeriodTable:
    return PeriodTable([
        Period("Iraq", "2014-2018", date(2014, 9, 8), date(2018, 10, 25)),
        Period("Iraq", "2018-2020", date(2018, 10, 25), date(2020, 5, 7)),
        Period("Utopia", "2010-2015", date(2010, 1, 1), date(2015, 1, 1)),
        Period("Utopia", "2015-", date(2015, 1, 1), None),
    ])


@pytest.mark.parametrize(("name", "when", "expected"), [
    # an older event takes its own period, with the unit name kept
    ("Military Forces of Iraq (2018-2020)", date(2016, 11, 16), "Military Forces of Iraq (2014-2018)"),
    ("Military Forces of Iraq (2018-2020) Popular Mobilization Forces", date(2017, 1, 2),
     "Military Forces of Iraq (2014-2018) Popular Mobilization Forces"),
    # in a boundary year the month decides
    ("Military Forces of Iraq (2018-2020)", date(2018, 3, 1), "Military Forces of Iraq (2014-2018)"),
    ("Military Forces of Iraq (2018-2020)", date(2019, 3, 1), "Military Forces of Iraq (2018-2020)"),
    # the label of the table's time is kept while its own years fit
    ("Police Forces of Utopia (2015-)", date(2020, 6, 1), "Police Forces of Utopia (2015-)"),
    ("Police Forces of Utopia (2015-)", date(2012, 6, 1), "Police Forces of Utopia (2010-2015)"),
    # no known period: the bare name rather than a wrong one
    ("Military Forces of Iraq (2018-2020)", date(2003, 4, 9), "Military Forces of Iraq"),
    ("Police Forces of Nowhere (2016-)", date(2010, 1, 1), "Police Forces of Nowhere"),
    ("Police Forces of Nowhere (2016-)", date(2019, 1, 1), "Police Forces of Nowhere (2016-)"),
    # names without a period, and undated events, are left alone
    ("Civilians (Iraq)", date(2003, 1, 1), "Civilians (Iraq)"),
    ("Military Forces of Iraq (2018-2020)", None, "Military Forces of Iraq (2018-2020)"),
])
def test_period_fits_the_event_date(table: PeriodTable, name: str, when: date | None, expected: str) -> None:
    assert table.fit(name, when) == expected


def test_packaged_periods_have_a_source_and_do_not_overlap() -> None:
    import csv
    from importlib import resources

    text = (resources.files("conflictwire.reference") / "data" / "actor_periods.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and all(r["source"].strip() for r in rows)
    by_country: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_country.setdefault(r["country"], []).append(r)
    for periods in by_country.values():
        periods.sort(key=lambda r: r["start"])
        for a, b in zip(periods, periods[1:], strict=False):
            assert a["end"] and a["end"] <= b["start"]
    table = PeriodTable.from_reference(ActorReference.load())
    assert table.fit("Police Forces of India (2014-)", date(2002, 3, 1)) == "Police Forces of India (1999-2004)"
