"""Writes and access over the real server: tokens (401), body limit (413), POST /articles, private reads, CORS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictwire.store import Store


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_write_needs_a_valid_token(filled: Store, serve) -> None:  # noqa: ANN001
    c = serve()
    known = next(filled.articles())
    article = {"id": "again", "title": "t", "text": known.text}
    assert c.post("/articles", json=article).status_code == 401
    assert c.post("/articles", json=article, headers=_auth("cw_not-a-token")).status_code == 401
    assert c.post("/articles", json=article, headers={"Authorization": "Basic dXNlcjpwdw=="}).status_code == 401
    info, secret = filled.create_token("bot")
    r = c.post("/articles", json=article, headers=_auth(secret))
    assert r.status_code == 200, r.text  # 200: nothing new, the store holds this text already
    body = r.json()
    assert body["duplicates"] == 1 and body["stored"] == 0
    outcome = body["articles"][0]
    assert outcome["status"] == "duplicate" and outcome["stored_id"] == known.id
    assert sorted(outcome["incident_ids"]) == sorted(i.id for i in filled.incidents() if known.id in i.article_ids)
    assert filled.tokens()[0].last_used_at is not None  # a write marks its token used
    filled.revoke_token(info.prefix)
    assert c.post("/articles", json=article, headers=_auth(secret)).status_code == 401


def test_api_write_rejections_are_named(any_store: Store, serve) -> None:  # noqa: ANN001
    _, secret = any_store.create_token("bot")
    c = serve(api_max_articles=3)
    r = c.post("/articles", json=[{"title": "no text"}, 5], headers=_auth(secret))
    assert r.status_code == 422
    rejected = r.json()["detail"]["rejected"]
    assert [x["source"] for x in rejected] == ["request[1]", "request[2]"]
    assert all(x["reason"] for x in rejected)
    assert any_store.count("articles") == 0 and any_store.count("rejections") == 2
    assert c.post("/articles", json=[{"text": "x"}] * 4, headers=_auth(secret)).status_code == 422
    assert c.post("/articles", json=[], headers=_auth(secret)).status_code == 422
    assert c.post("/articles", json="text", headers=_auth(secret)).status_code == 422
    r = c.post("/articles", content=b"{not json", headers={**_auth(secret), "Content-Type": "application/json"})
    assert r.status_code == 422


def test_api_oversize_body_is_413_declared_or_streamed(any_store: Store, serve) -> None:  # noqa: ANN001
    _, secret = any_store.create_token("bot")
    c = serve(api_max_body_bytes=1000)
    big = json.dumps({"text": "x" * 2000}).encode()
    headers = {**_auth(secret), "Content-Type": "application/json"}
    r = c.post("/articles", content=big, headers=headers)
    assert r.status_code == 413 and "1,000 bytes" in r.json()["detail"]
    assert c.post("/articles", content=big).status_code == 413  # refused before anyone reads it, token or not
    streamed = c.post("/articles", content=iter([big[:600], big[600:]]), headers=headers)  # chunked, no length
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413
    small = c.post("/articles", content=iter([b'{"te', b'xt": 1}']), headers=headers)
    assert small.status_code == 422  # under the limit: read, and rejected for what it is
    assert any_store.count("articles") == 0


def test_api_private_reads_need_a_token_and_do_not_mark_it(filled: Store, serve) -> None:  # noqa: ANN001
    _, secret = filled.create_token("reader")
    private, public = serve(api_read_token=True), serve()
    for path in ("/incidents", "/stats", "/figures", "/incidents.geojson", "/export.csv"):
        assert private.get(path).status_code == 401, path
        assert private.get(path, headers=_auth(secret)).status_code == 200, path
        assert public.get(path).status_code == 200, path
    assert filled.tokens()[0].last_used_at is None
    assert private.get("/openapi.json").status_code == 200  # the documentation stays readable


def test_api_cors_is_off_unless_configured(filled: Store, serve) -> None:  # noqa: ANN001
    preflight = {"Origin": "https://dash.example.org", "Access-Control-Request-Method": "GET"}
    closed = serve()
    plain = closed.get("/incidents", headers={"Origin": preflight["Origin"]})
    assert "access-control-allow-origin" not in plain.headers
    assert "access-control-allow-origin" not in closed.options("/incidents", headers=preflight).headers
    opened = serve(api_cors_origins=("https://dash.example.org",))
    r = opened.options("/incidents", headers=preflight)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://dash.example.org"
    other = opened.options("/incidents", headers={**preflight, "Origin": "https://evil.example"})
    assert other.headers.get("access-control-allow-origin") != "https://evil.example"


@pytest.mark.slow
@pytest.mark.shared
def test_api_post_seed_articles_extracts_links_and_stores(any_store: Store, serve, shared: Path) -> None:  # noqa: ANN001
    records = [json.loads(line) for line in (shared / "seeds" / "articles.jsonl").read_text().splitlines() if line]
    _, secret = any_store.create_token("bot")
    c = serve()  # the server loads its own pipeline, on its ingest thread
    r = c.post("/articles", json=records, headers=_auth(secret), timeout=600)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["stored"] == 2 and body["rejected"] == []
    assert all(a["status"] == "stored" and a["incident_ids"] for a in body["articles"])
    listed = c.get("/incidents", params={"limit": 500}).json()
    assert listed["total"] == len({i for a in body["articles"] for i in a["incident_ids"]})
    one = c.get(f"/incidents/{body['articles'][0]['incident_ids'][0]}").json()
    assert one["evidence"] and one["mentions"]
    again = c.post("/articles", json=records, headers=_auth(secret))
    assert again.status_code == 200 and again.json()["duplicates"] == 2
