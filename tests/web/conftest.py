"""The dashboard in a real headless Chromium, against the real server on loopback.

Why a real browser: what the issue asks (markers where the towns are, a filter that narrows
them, evidence highlighted in the article) happens in the page's script, not in the API.
Chromium is Debian's (`apt-get install chromium`; `.ci/run` installs it), driven by Playwright
through `executable_path`, never a browser Playwright downloads. Every request that is not to
loopback is aborted, so the tests also prove the page works with no internet.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conflictwire.api import create_app
from conflictwire.api.server import background
from conflictwire.config import Settings
from conflictwire.store import Store

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CONFLICTWIRE_ARTIFACTS", ROOT / "test-artifacts")) / "web"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_path() -> str | None:
    """Debian's Chromium (or `CONFLICTWIRE_CHROMIUM`), if this machine has one."""
    wanted = os.environ.get("CONFLICTWIRE_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).exists() else None
    return next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)


def _missing(reason: str) -> None:
    """Skip on a developer's machine, fail in CI: CI must run the browser tests (as any_store does PostgreSQL)."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session."""
    path = chromium_path()
    if path is None:
        looked = os.environ.get("CONFLICTWIRE_CHROMIUM") or "/usr/bin/chromium nor chromium on PATH"
        _missing(f"no Chromium found ({looked}): apt-get install chromium, or set CONFLICTWIRE_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@dataclass
class Offline:
    """A browser page whose only network is loopback; what it tried to fetch elsewhere, and its errors."""

    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture()
def offline_page(browser) -> Iterator[Offline]:  # noqa: ANN001
    """A fresh page (1440x900) in its own context, every non-loopback request aborted."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    got = Offline(page)

    def route(r) -> None:  # noqa: ANN001
        host = urlsplit(r.request.url).hostname or ""
        if host in LOOPBACK or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            got.blocked.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    page.on("pageerror", lambda exc: got.errors.append(str(exc)))
    page.on("console", lambda msg: got.errors.append(msg.text) if msg.type == "error" and "ERR_INTERNET" not in msg.text
            else None)
    yield got
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (test-artifacts/web, ignored by git; CONFLICTWIRE_ARTIFACTS moves it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def seeds_db(shared: Path, settings: Settings, pipeline, tmp_path_factory: pytest.TempPathFactory) -> str:  # noqa: ANN001
    """The seeds' database, built once by the real pipeline (`conflictwire ingest` of the seed articles)."""
    from conflictwire.pipeline import ingest

    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    store = Store(url)
    try:
        report = ingest([str(shared / "seeds" / "articles.jsonl")], store, replace(settings, db_url=url),
                        pipeline=pipeline)
        assert report.stored == 2, report
    finally:
        store.close()
    return url


@pytest.fixture(scope="session")
def seeds_server(seeds_db: str, settings: Settings) -> Iterator[str]:
    """The real server over the seeds' database; yields its base URL."""
    store = Store(seeds_db, create=False)
    try:
        with background(create_app(replace(settings, db_url=seeds_db), store)) as base:
            yield base
    finally:
        store.close()


Open = Callable[[Offline, str], None]


@pytest.fixture()
def open_dashboard() -> Open:
    """`open_dashboard(offline, url)`: load the page and wait until its first draw is done."""

    def go(got: Offline, url: str) -> None:
        page = got.page
        page.goto(url)  # type: ignore[attr-defined]
        # a selector, not wait_for_function: the page's CSP forbids the eval that one needs
        page.wait_for_selector("body[data-state=ready], body[data-state=error]")  # type: ignore[attr-defined]
        assert page.evaluate("document.body.dataset.state") == "ready", page.inner_text("#status")  # type: ignore

    return go
