"""The dashboard in headless Chromium, offline: markers where the seeds' towns are, a type filter,
an incident's evidence highlighted in its article, and article text that stays text.

The seeds' towns are placed by the issue's coordinates (Mosul 36.34 N 43.12 E, Tal Afar
36.38 N 42.45 E); nothing here is read from gold files.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import pytest

from conflictwire.api import create_app
from conflictwire.api.server import background
from conflictwire.config import Settings
from conflictwire.models import Incident
from conflictwire.store import Store

MOSUL = (36.34, 43.12)
TAL_AFAR = (36.38, 42.45)
NEAR_KM = 15  # a town's coordinates, or a neighbourhood placed at its town


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _markers(page) -> list[dict]:  # noqa: ANN001
    return page.evaluate("window.conflictwireDashboard.markers()")


def _refreshed(page, action: Callable[[], None]) -> None:  # noqa: ANN001
    """Do `action` (which changes the filters) and wait until the page has drawn the result."""
    before = int(page.evaluate("document.body.dataset.generation"))
    action()
    page.wait_for_selector(f"body[data-state=ready][data-generation='{before + 1}']")


seeds = [pytest.mark.slow, pytest.mark.shared]  # the seeds' database is built by the real pipeline


@seeds[0]
@seeds[1]
def test_dashboard_maps_the_seeds_in_mosul_and_tal_afar_offline(offline_page, seeds_server: str, open_dashboard,
                                                                   artifacts: Path) -> None:  # noqa: ANN001
    page = offline_page.page
    open_dashboard(offline_page, seeds_server + "/")
    got = _markers(page)
    assert any(_km((m["lat"], m["lng"]), MOSUL) < NEAR_KM for m in got)
    assert any(_km((m["lat"], m["lng"]), TAL_AFAR) < NEAR_KM for m in got)
    assert all(m["geo_precision"] in (1, 2, 3, None) for m in got)
    # drawn, not only listed: marker or cluster icons on the map, the outline under them, a row per incident
    page.wait_for_selector(".leaflet-marker-pane .cw-marker, .leaflet-marker-pane .marker-cluster")
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    rows = page.locator("#incidents tbody tr[data-id]").count()
    assert rows == int(page.evaluate("document.body.dataset.rows")) >= len(got) > 0
    assert page.locator(".tl-inc").count() > 0 and page.locator("#legend-types li").count() == 6
    assert offline_page.blocked == [] and offline_page.errors == []
    page.screenshot(path=str(artifacts / "dashboard.png"))


@seeds[0]
@seeds[1]
def test_dashboard_type_filter_narrows_markers_and_rows(offline_page, seeds_server: str, open_dashboard,
                                                        artifacts: Path) -> None:  # noqa: ANN001
    page = offline_page.page
    open_dashboard(offline_page, seeds_server + "/")
    everything = _markers(page)
    types = httpx.get(seeds_server + "/stats", params={"by": "type"}).json()
    fewer = [b["key"] for b in types["buckets"] if 0 < b["incidents"] < types["incidents"]]
    assert fewer, "the seeds hold incidents of more than one event type"
    _refreshed(page, lambda: page.select_option("select[name=event_type]", fewer[0]))
    kept = _markers(page)
    assert 0 < len(kept) < len(everything)
    assert {m["event_type"] for m in kept} == {fewer[0]}
    assert page.locator("#incidents tbody tr[data-id]").count() == len(kept)
    assert "event_type=" in page.evaluate("location.hash")
    page.screenshot(path=str(artifacts / "dashboard-filtered.png"))
    _refreshed(page, lambda: page.click("#clear"))
    assert len(_markers(page)) == len(everything)
    assert offline_page.errors == []


@seeds[0]
@seeds[1]
def test_dashboard_incident_panel_marks_the_evidence(offline_page, seeds_server: str, open_dashboard,
                                                     artifacts: Path) -> None:  # noqa: ANN001
    page = offline_page.page
    open_dashboard(offline_page, seeds_server + "/")
    row = page.locator("#incidents tbody tr[data-id]").first
    wanted = row.get_attribute("data-id")
    row.click()
    page.wait_for_selector("#panel[data-state=ready]")
    incident = httpx.get(f"{seeds_server}/incidents/{wanted}").json()
    marks = page.locator("#panel .article-text mark.ev")
    assert marks.count() > 0
    shown = page.evaluate("[...document.querySelectorAll('#panel .article-text mark.ev')]"
                          ".map(m => ({text: m.textContent, fields: m.dataset.field}))")
    spans = {e["text"] for e in incident["evidence"]}
    fields = {e["field"] for e in incident["evidence"]}
    # every mark is (part of) an evidence span and names the fields it supports
    assert all(any(m["text"] in s for s in spans) for m in shown)
    assert all(set(m["fields"].split(", ")) <= fields for m in shown)
    assert page.locator("#panel .report").count() >= 1
    assert incident["sub_event_type"] in page.inner_text("#panel h3")
    page.evaluate("document.querySelector('#panel').scrollTop = "
                  "document.querySelector('#evidence-head').offsetTop - 12")
    page.screenshot(path=str(artifacts / "dashboard-incident.png"))
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    assert offline_page.errors == []


@seeds[0]
@seeds[1]
def test_dashboard_online_tiles_fall_back_to_the_outline(offline_page, seeds_server: str, open_dashboard) -> None:  # noqa: ANN001
    """Picking OpenStreetMap with no network: tile requests fail, the outline comes back, markers stay."""
    page = offline_page.page
    open_dashboard(offline_page, seeds_server + "/")
    markers = len(_markers(page))
    page.hover(".leaflet-control-layers")
    page.get_by_label("OpenStreetMap").check()
    page.wait_for_selector("#status.warn:not([hidden])")
    assert "offline outline" in page.inner_text("#status")
    assert page.get_by_label("Outline (offline)").is_checked()
    assert any("tile.openstreetmap.org" in u for u in offline_page.blocked)
    assert len(_markers(page)) == markers > 0


def test_dashboard_shows_article_text_as_text(offline_page, open_dashboard, store: Store, settings: Settings,
                                              add_incidents) -> None:  # noqa: ANN001
    """Markup in an article, a place name or an actor is shown as typed, never run or rendered."""
    hostile = '<img src=x onerror="window.pwned=1"><b>Hit</b>'
    add_incidents(store, [Incident(location=hostile, event_date=date(2019, 5, 1), event_type="Battles",
                                   sub_event_type="Armed clash", actor1="<script>window.pwned=2</script>",
                                   country="Iraq", latitude=36.3, longitude=43.1, geo_precision=1, fatalities=3)])
    with background(create_app(replace(settings, db_url=store.url), store)) as base:
        page = offline_page.page
        open_dashboard(offline_page, base + "/")
        assert hostile in page.inner_text("#incidents tbody")
        page.locator("#incidents tbody tr[data-id]").first.click()
        page.wait_for_selector("#panel[data-state=ready]")
        assert page.locator("#panel .article-text mark.ev").first.text_content() == hostile
        assert page.locator("img[src=x], #panel b, #incidents b").count() == 0
        assert page.evaluate("window.pwned") is None
