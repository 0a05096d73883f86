"""Reconciliation: one record from several reports, under a stated fatalities policy."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwire.link.reconcile import reconcile, source_scale
from conflictwire.models import Evidence, Incident, Mention


def _m(mid: str, outlet: str, killed: int, low: int | None = None, high: int | None = None, *,
       published: date = date(2016, 12, 26), claimant: str = "", text: str = "") -> Mention:
    text = text or f"{killed} were killed"
    rec = Incident(id=mid, event_date=date(2016, 12, 25), time_precision=1, event_type="Battles",
                   sub_event_type="Armed clash", actor1="A", fatalities=killed, fatalities_low=low,
                   fatalities_high=high, claimant=claimant, source=outlet, confidence=0.8, article_ids=[mid],
                   evidence=[Evidence("fatalities", mid, 0, len(text), text)])
    return Mention(mid, mid, rec, outlet=outlet, published=published)


@pytest.mark.parametrize(("reports", "policy", "expected"), [
    ([(21, 21, 21), (20, 20, None)], "conservative", 21),  # "at least 20" allows 21
    ([(10, 10, 10), (12, 12, 12)], "conservative", 10),  # contradiction: the lowest report
    ([(3, 2, None), (3, 2, None)], "conservative", 3),  # "several" twice is still three
    ([(10, 10, 10), (12, 12, 12)], "max", 12),
    ([(10, 10, 10), (14, 14, 14)], "latest", 14),
])
def test_fatalities_policy(reports: list[tuple[int, int, int | None]], policy: str, expected: int) -> None:
    ms = [_m(f"m{i}", f"Outlet {i}", k, lo, hi, published=date(2016, 12, 26 + i))
          for i, (k, lo, hi) in enumerate(reports)]
    inc = reconcile(ms, incident_id="inc-x", policy=policy)
    assert inc.fatalities == expected
    assert inc.fatalities_low == min(lo for _, lo, _ in reports)


def test_sources_in_publication_order_and_evidence_from_each_report() -> None:
    late, early = _m("m2", "Reuters", 21, published=date(2016, 12, 27)), _m("m1", "Local Daily", 21)
    inc = reconcile([late, early], incident_id="inc-x", scales={"reuters": "International",
                                                                  "local daily": "Subnational"})
    assert inc.source == "Local Daily; Reuters"
    assert inc.source_scale == "Subnational-International"
    assert inc.article_ids == ["m1", "m2"]
    assert {ev.article_id for ev in inc.evidence_for("fatalities")} == {"m1", "m2"}
    assert [m.id for m in inc.mentions] == ["m1", "m2"]


@pytest.mark.parametrize(("later", "expected"), [
    (date(2016, 12, 28), 40),  # a follow-up's revised toll is an update: it is taken
    (date(2016, 12, 26), 31),  # published with the first report: two figures that contradict, the lowest
])
def test_a_later_revised_toll_updates_the_conservative_figure(later: date, expected: int) -> None:
    first = _m("m1", "Local Daily", 31, published=date(2016, 12, 26))
    follow_up = _m("m2", "Wire", 40, published=later,
                   text="The death toll from Thursday's car bombing in the market rose to 40")
    inc = reconcile([first, follow_up], incident_id="inc-x")
    assert inc.fatalities == expected
    assert (inc.fatalities_low, inc.fatalities_high) == (31, 40)


def test_an_earlier_revision_does_not_override_a_later_report() -> None:
    revision = _m("m1", "Wire", 40, published=date(2016, 12, 26),
                  text="The death toll from the bombing has risen to 40")
    later = _m("m2", "Local Daily", 31, published=date(2016, 12, 28))
    assert reconcile([revision, later], incident_id="inc-x").fatalities == 31


def test_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown fatalities policy"):
        reconcile([_m("m1", "A", 1)], incident_id="x", policy="highest")


def test_source_scale_of_unknown_outlets_is_empty() -> None:
    assert source_scale(["Somewhere Gazette"], {}) == ""
