"""The page and its files over the real server, without a browser: content types, headers, no network needed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from conflictwire.api import create_app
from conflictwire.api.server import background
from conflictwire.config import Settings
from conflictwire.store import Store


@pytest.fixture()
def client(store: Store, settings: Settings) -> Iterator[httpx.Client]:
    with background(create_app(replace(settings, db_url=store.url), store)) as base, \
            httpx.Client(base_url=base, timeout=30) as c:
        yield c


def _assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_web_page_and_assets_are_served_with_their_content_types(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    wanted = {".js": "text/javascript", ".css": "text/css"}
    files = [a for a in _assets(r.text) if a.startswith("/static/")]
    assert {"/static/leaflet/leaflet.js", "/static/markercluster/leaflet.markercluster.js",
            "/static/dashboard/dashboard.js", "/static/dashboard/dashboard.css"} <= set(files)
    for path in files:
        got = client.get(path)
        assert got.status_code == 200, path
        assert got.headers["content-type"].startswith(wanted[path[path.rindex("."):]]), path
        assert got.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/leaflet/images/layers.png").headers["content-type"] == "image/png"


def test_web_page_needs_no_internet(client: httpx.Client) -> None:
    """Everything the page loads comes from this server; tiles are only an option in the layer control."""
    html = client.get("/").text
    assert all(a.startswith("/") and not a.startswith("//") for a in _assets(html))
    assert "cdn" not in html.lower() and "googleapis" not in html
    outline = client.get("/static/outline/countries.geojson")
    assert outline.headers["content-type"].startswith("application/geo+json")
    names = {f["properties"]["name"] for f in outline.json()["features"]}
    assert len(names) > 150 and {"Iraq", "Syria"} <= names


def test_web_config_in_the_page_cannot_close_its_script(client: httpx.Client) -> None:
    html = client.get("/").text
    config = re.search(r'<script id="cw-config" type="application/json">(.*?)</script>', html, re.S)
    assert config and "Battles" in config.group(1) and "<" not in config.group(1)


@pytest.mark.parametrize("path", ["/static/leaflet/../../__init__.py", "/static/leaflet/%2e%2e/__init__.py",
                                  "/static/leaflet/leaflet.js.bak", "/static/nothing/leaflet.js",
                                  "/static/dashboard/index.html", "/static/dashboard/%2e%2e/routes.py"])
def test_web_serves_only_known_files(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_web_page_stays_open_when_reads_need_a_token(store: Store, settings: Settings) -> None:
    """The page holds no data; it asks for a token when the API answers 401."""
    app = create_app(replace(settings, db_url=store.url, api_read_token=True), store)
    with background(app) as base:
        assert httpx.get(base + "/").status_code == 200
        assert httpx.get(base + "/static/dashboard/dashboard.js").status_code == 200
        assert httpx.get(base + "/incidents").status_code == 401
        paths = httpx.get(base + "/openapi.json").json()["paths"]
    assert "/" not in paths and not [p for p in paths if p.startswith("/static")]
