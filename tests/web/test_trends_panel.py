"""The dashboard's trends panel in headless Chromium, offline: a surging region is listed and ringed on the
map, and clicking its number filters the map and the table to the incidents behind it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from conflictwire.api import create_app
from conflictwire.api.server import background
from conflictwire.config import Settings
from conflictwire.models import Incident
from conflictwire.store import Store

END = date(2019, 6, 30)


def _inc(admin1: str, day: date, fatalities: int, n: int, lat: float, lon: float) -> Incident:
    return Incident(event_date=day, admin1=admin1, country="Iraq", event_type="Battles", sub_event_type="Armed clash",
                    actor1="Military Forces of Iraq", fatalities=fatalities, location=f"{admin1} village {n}",
                    latitude=lat, longitude=lon, geo_precision=1)


def surge() -> list[Incident]:
    """Nineveh: one incident a week for four weeks, then five this week; Basra: two a week throughout."""
    out = [_inc("Nineveh", END - timedelta(days=7 * k + 1), 1, k, 36.3, 43.1) for k in range(1, 5)]
    out += [_inc("Nineveh", END - timedelta(days=i), 2, 10 + i, 36.2 + i / 20, 43.0) for i in range(5)]
    out += [_inc("Basra", END - timedelta(days=7 * k + i), 0, 20 + 2 * k + i, 30.5, 47.8) for k in range(5)
            for i in range(2)]
    return out


def test_dashboard_trends_panel_flags_the_surge_and_filters_to_it(offline_page, open_dashboard, store: Store,
                                                                   settings: Settings, add_incidents,
                                                                   artifacts) -> None:  # noqa: ANN001
    add_incidents(store, surge())
    with background(create_app(replace(settings, db_url=store.url), store)) as base:
        page = offline_page.page
        open_dashboard(offline_page, base + "/")
        flagged = page.locator("#trends-list li.trend.flagged")
        assert flagged.count() == 1
        assert flagged.first.get_attribute("data-admin1") == "Nineveh"
        assert "2019-06-24 to 2019-06-30" in page.inner_text("#trends-note")
        assert page.evaluate("window.conflictwireDashboard.trendRings()") == 1
        assert page.locator("path.cw-trend").count() == 1
        page.screenshot(path=str(artifacts / "dashboard-trends.png"))
        before = int(page.evaluate("document.body.dataset.generation"))
        now = flagged.first.locator("a.trend-num[data-kind='incidents this period']")
        assert now.inner_text() == "5"
        now.click()
        page.wait_for_selector(f"body[data-state=ready][data-generation='{before + 1}']")
        rows = page.locator("#incidents tbody tr[data-id]")
        assert rows.count() == 5 == int(page.evaluate("document.body.dataset.rows"))
        assert all("Nineveh" in t for t in rows.all_inner_texts())
        assert page.input_value("input[name=admin1]") == "Nineveh"
        assert (page.input_value("input[name=date_from]"), page.input_value("input[name=date_to]")) == (
            "2019-06-24", "2019-06-30")
        assert len(page.evaluate("window.conflictwireDashboard.markers()")) == 5
        # the baseline number lists the four earlier incidents
        before += 1
        page.locator("#trends-list li.trend.flagged a.trend-num[data-kind='baseline incidents']").first.click()
        page.wait_for_selector(f"body[data-state=ready][data-generation='{before + 1}']")
        assert int(page.evaluate("document.body.dataset.rows")) == 4
        assert offline_page.blocked == [] and offline_page.errors == []
