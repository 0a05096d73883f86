"""The review routes over the real server (SQLite and PostgreSQL): tokens, each action, strict bodies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from conflictwire.link import Linking
from conflictwire.models import Incident
from conflictwire.store import Store

Add = Callable[..., list[str]]


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _clash(day: date, location: str = "Mosul") -> Incident:
    return Incident(event_date=day, time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                    actor1="Military Forces of Iraq", actor2="Islamic State (Iraq)", country="Iraq", location=location,
                    latitude=36.3, longitude=43.1, geo_precision=1, fatalities=5, confidence=0.8,
                    notes=f"Clash in {location}.")


def test_api_review_needs_a_token_and_logs_its_name(any_store: Store, add_incidents: Add, serve) -> None:  # noqa: ANN001
    (iid,) = add_incidents(any_store, [_clash(date(2019, 5, 3))])
    c = serve()
    body = {"action": "edit", "field": "fatalities", "value": 8, "why": "hospital count"}
    assert c.post(f"/incidents/{iid}/review", json=body).status_code == 401
    assert c.post(f"/incidents/{iid}/review", json=body, headers=_auth("cw_nope")).status_code == 401
    assert c.post("/incidents/merge", json={"ids": [iid, iid], "why": "x"}).status_code == 401
    assert c.post(f"/incidents/{iid}/split", json={"ids": ["x"], "why": "x"}).status_code == 401
    _, secret = any_store.create_token("analyst-ann")
    r = c.post(f"/incidents/{iid}/review", json=body, headers=_auth(secret))
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["fatalities"] == 8 and got["overrides"]["fatalities"]["machine"] == 5
    (log,) = got["reviews"]
    assert (log["action"], log["field"], log["old"], log["new"], log["by"], log["why"]) == (
        "edit", "fatalities", 5, 8, "analyst-ann", "hospital count")
    assert log["at"]
    one = c.get(f"/incidents/{iid}").json()
    assert one["reviews"] == got["reviews"]
    assert [e["text"] for e in one["evidence"] if e["field"] == "fatalities"] == ["hospital count (analyst-ann)"]
    assert any_store.get_incident(iid).fatalities == 8  # type: ignore[union-attr]


def test_api_review_reject_hides_and_accept_restores(any_store: Store, add_incidents: Add, serve) -> None:  # noqa: ANN001
    keep, drop = add_incidents(any_store, [_clash(date(2019, 5, 3)), _clash(date(2019, 6, 3), "Basra")])
    _, secret = any_store.create_token("ann")
    c = serve()
    r = c.post(f"/incidents/{drop}/review", json={"action": "reject", "why": "a crime, not conflict"},
               headers=_auth(secret))
    assert r.status_code == 200 and r.json()["review_status"] == "rejected"
    assert [i["id"] for i in c.get("/incidents").json()["items"]] == [keep]
    assert drop not in c.get("/export.csv").text
    assert [i["id"] for i in c.get("/incidents", params={"review_status": "rejected"}).json()["items"]] == [drop]
    assert c.get("/incidents", params={"include_rejected": "true"}).json()["total"] == 2
    assert c.get(f"/incidents/{drop}").status_code == 200  # kept, and readable by id
    r = c.post(f"/incidents/{drop}/review", json={"action": "accept", "why": "it is"}, headers=_auth(secret))
    assert r.json()["review_status"] == "accepted" and c.get("/incidents").json()["total"] == 2


def test_api_review_refusals_are_4xx_naming_the_problem(any_store: Store, add_incidents: Add, serve) -> None:  # noqa: ANN001
    (iid,) = add_incidents(any_store, [_clash(date(2019, 5, 3))])
    _, secret = any_store.create_token("ann")
    c = serve()
    h = _auth(secret)

    def review(body: object, target: str = iid) -> tuple[int, str]:
        r = c.post(f"/incidents/{target}/review", json=body, headers=h)
        return r.status_code, r.text

    assert review({"action": "edit", "field": "bogus", "value": 1, "why": "w"})[0] == 422
    code, text = review({"action": "edit", "field": "fatalities", "value": "many", "why": "w"})
    assert code == 422 and "not a whole number" in text
    assert review({"action": "edit", "field": "fatalities", "value": True, "why": "w"})[0] == 422
    assert review({"action": "edit", "field": "event_date", "value": "yesterday", "why": "w"})[0] == 422
    assert review({"action": "edit", "value": 3, "why": "w"})[0] == 422  # no field
    assert review({"action": "accept", "field": "fatalities", "why": "w"})[0] == 422
    assert review({"action": "approve", "why": "w"})[0] == 422
    assert review({"action": "accept"})[0] == 422  # no note
    assert review({"action": "accept", "why": "   "})[0] == 422
    assert review({"action": "accept", "why": "a\x00b"})[0] == 422
    assert review({"action": "accept", "why": "w", "extra": 1})[0] == 422
    assert review([1, 2])[0] == 422
    assert review({"action": "accept", "why": "w"}, "inc-nope")[0] == 404
    r = c.post("/incidents/merge", json={"ids": [iid], "why": "w"}, headers=h)
    assert r.status_code == 422
    assert c.post("/incidents/merge", json={"ids": [iid, "inc-nope"], "why": "w"}, headers=h).status_code == 404
    assert c.post("/incidents/merge", json={"ids": [iid, iid], "why": "w"}, headers=h).status_code == 422
    assert c.post(f"/incidents/{iid}/split", json={"ids": [], "why": "w"}, headers=h).status_code == 422
    r = c.post(f"/incidents/{iid}/split", json={"ids": ["art-other"], "why": "w"}, headers=h)
    assert r.status_code == 422 and "neither a report nor an article" in r.text
    assert any_store.reviews(iid) == []


def test_api_merge_then_split(any_store: Store, add_incidents: Add, serve) -> None:  # noqa: ANN001
    linking = Linking()
    a = add_incidents(any_store, [_clash(date(2019, 5, 3))], source="Wire A", published=date(2019, 5, 3),
                      linking=linking)[0]
    b = add_incidents(any_store, [_clash(date(2019, 5, 7), "Bashiqa")], source="Wire B", published=date(2019, 5, 7),
                      linking=linking)[0]
    _, secret = any_store.create_token("ann")
    c = serve()
    r = c.post("/incidents/merge", json={"ids": [a, b], "why": "one offensive"}, headers=_auth(secret))
    assert r.status_code == 200, r.text
    merged = r.json()
    assert merged["id"] == a and len(merged["article_ids"]) == 2
    assert c.get(f"/incidents/{b}").json()["merged_into"] == a
    assert c.get("/incidents").json()["total"] == 1
    second = any_store.get_incident(b)
    assert second is not None
    r = c.post(f"/incidents/{a}/split", json={"ids": [merged["article_ids"][1]], "why": "two after all"},
               headers=_auth(secret))
    assert r.status_code == 200, r.text
    parts = r.json()["incidents"]
    assert [p["article_ids"] for p in parts] == [[merged["article_ids"][1]], [merged["article_ids"][0]]]
    assert c.get("/incidents").json()["total"] == 2
    assert [x["action"] for x in c.get(f"/incidents/{a}").json()["reviews"]] == ["merge", "split"]
