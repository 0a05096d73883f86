"""Reviewing from the dashboard in headless Chromium, offline: with a token pasted in the incident panel an
edit shows its new value and its log entry; without one the API's 401 is shown as a clear message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conflictwire.api import create_app
from conflictwire.api.server import background
from conflictwire.config import Settings
from conflictwire.models import Incident
from conflictwire.store import Store


def _clash(location: str, day: date) -> Incident:
    return Incident(event_date=day, time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                    actor1="Military Forces of Iraq", actor2="Islamic State (Iraq)", country="Iraq", admin1="Nineveh",
                    location=location, latitude=36.3, longitude=43.1, geo_precision=1, fatalities=5, confidence=0.8)


def _open_first(page) -> str:  # noqa: ANN001
    row = page.locator("#incidents tbody tr[data-id]").first
    wanted = row.get_attribute("data-id")
    row.click()
    page.wait_for_selector("#panel[data-state=ready]")
    return wanted  # type: ignore[no-any-return]


def test_dashboard_review_edit_with_a_token_shows_value_and_log(offline_page, open_dashboard, store: Store,
                                                                settings: Settings, add_incidents,
                                                                artifacts) -> None:  # noqa: ANN001
    (iid,) = add_incidents(store, [_clash("Mosul", date(2019, 5, 3))])
    _, secret = store.create_token("analyst-ann")
    with background(create_app(replace(settings, db_url=store.url), store)) as base:
        page = offline_page.page
        open_dashboard(offline_page, base + "/")
        assert _open_first(page) == iid
        assert "conflictwire token create NAME" in page.inner_text("#review .review-token")
        page.fill("#review input[name=review_token]", secret)
        page.click("#review .review-token button[type=submit]")
        page.wait_for_selector("#review:not(:has(.review-token))")
        assert page.evaluate("sessionStorage.getItem('conflictwire-token')") == secret
        assert secret not in page.evaluate("location.href")
        # a note is required before anything is sent
        page.select_option("#review select[name=field]", "fatalities")
        page.fill("#review input[name=value]", "8")
        page.click("#review button[data-action=edit]")
        assert "Say why" in page.inner_text("#review .review-msg.error")
        page.fill("#review textarea[name=why]", "hospital <b>count</b>")
        page.click("#review button[data-action=edit]")
        page.wait_for_selector("#review .review-msg.ok")
        assert "fatalities edited" in page.inner_text("#review .review-msg")
        fields = page.inner_text("#panel dl.fields")
        assert "Fatalities\n8" in fields and "fatalities (machine: 5)" in fields
        log = page.locator("#review table.review-log tbody tr")
        assert log.count() == 1
        cells = log.first.locator("td").all_inner_texts()
        assert cells[1:] == ["analyst-ann", "edit", "fatalities", "5", "8", "hospital <b>count</b>"]
        assert page.locator("#panel b").count() == 0  # the note is text, not markup
        row = page.locator(f"#incidents tbody tr[data-id='{iid}'] td.num")
        assert row.inner_text() == "8"  # the table refreshed too
        assert store.get_incident(iid).fatalities == 8  # type: ignore[union-attr]
        page.locator("#panel").evaluate("p => { p.scrollTop = document.querySelector('#review').offsetTop - 12; }")
        page.screenshot(path=str(artifacts / "dashboard-review.png"))
        # accept: the status shows, the log grows
        page.fill("#review textarea[name=why]", "checked against the ministry's list")
        page.click("#review button[data-action=accept]")
        page.wait_for_selector("#review[data-status=accepted] .review-msg.ok")
        assert page.locator("#review table.review-log tbody tr").count() == 2
        assert offline_page.blocked == [] and offline_page.errors == []


def test_dashboard_review_without_a_token_explains_the_401(offline_page, open_dashboard, store: Store,
                                                           settings: Settings, add_incidents) -> None:  # noqa: ANN001
    (iid,) = add_incidents(store, [_clash("Mosul", date(2019, 5, 3))])
    with background(create_app(replace(settings, db_url=store.url), store)) as base:
        page = offline_page.page
        open_dashboard(offline_page, base + "/")
        _open_first(page)
        page.fill("#review textarea[name=why]", "looks right")
        page.click("#review button[data-action=accept]")
        page.wait_for_selector("#review .review-msg.error")
        message = page.inner_text("#review .review-msg")
        assert "401" in message and "token" in message and "conflictwire token create NAME" in message
        assert store.get_incident(iid).review_status == ""  # type: ignore[union-attr]
        # a wrong token is refused the same way
        page.fill("#review input[name=review_token]", "cw_wrong")
        page.click("#review .review-token button[type=submit]")
        page.wait_for_selector("#review:not(:has(.review-token))")
        page.fill("#review textarea[name=why]", "looks right")
        page.click("#review button[data-action=reject]")
        page.wait_for_selector("#review .review-msg.error")
        assert "401" in page.inner_text("#review .review-msg")
        assert [e for e in offline_page.errors if "401" not in e] == []
