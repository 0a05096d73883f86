"""Build the service: routers for incidents, articles, review and the dashboard, over one store."""

from __future__ import annotations

from fastapi import FastAPI

from ..config import Settings
from ..store import Store

__all__ = ["create_app"]


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The application for `settings.db_url` (or an open `store`, which the caller then owns).

    Routers are mounted here and only here, one module each, so the API, the review
    workflow and the dashboard grow apart without touching one another.
    """
    from .. import __version__

    app = FastAPI(title="conflictwire", version=__version__,
                  description="Structured, geocoded, sourced conflict incidents, with the evidence for every field.")
    app.state.settings = settings
    app.state.store = store if store is not None else Store(settings.db_url, create=False)
    # routers: `app.include_router(module.router)` lines go below, one per module
    return app
